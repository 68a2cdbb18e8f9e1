package dev.nificrm.merge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.nificrm.record.TimesOfDay;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.time.temporal.TemporalAccessor;

/**
 * How the merge reads field values, whatever type a NiFi reader gave them: when a value is empty, its text, the key under
 * which two values count as the same value, and their order for {@code max} and {@code min}.
 */
final class Values {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The levels of lists within lists written as text in a list's canonical text; deeper ones are written as arrays. */
    private static final int LISTS_AS_TEXT = 4;

    private Values() {
    }

    /** Null, blank text, or an empty array or collection: a value no rule chooses. */
    static boolean isEmpty(final Object value) {
        if (value == null || value == Member.ABSENT) {
            return true;
        }
        if (value instanceof CharSequence text) {
            return text.toString().isBlank();
        }
        if (value instanceof Object[] array) {
            return array.length == 0;
        }
        if (value instanceof Collection<?> collection) {
            return collection.isEmpty();
        }
        return false;
    }

    /** The value as text, trimmed; dates in ISO-8601; null for an empty value. */
    static String text(final Object value) {
        if (isEmpty(value)) {
            return null;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof java.sql.Time time) {
            // a time of day, which has no instant (toInstant throws): NiFi's readers make it from the local time in the JVM's zone
            return TimesOfDay.text(time);
        }
        if (value instanceof LocalTime time) {
            return TimesOfDay.text(time);
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            final double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                return value.toString();
            }
            // a float's own shortest decimal (1.1), not that of the double it widens to (1.100000023841858)
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Object[] array) {
            final StringBuilder joined = new StringBuilder("[");
            for (int i = 0; i < array.length; i++) {
                joined.append(i == 0 ? "" : ", ").append(text(array[i]));
            }
            return joined.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            return new TreeMap<>(map).toString();
        }
        if (value instanceof TemporalAccessor) {
            return value.toString();
        }
        return value.toString().strip();
    }

    /**
     * The text the sync compares and keeps: {@link #text}, with the spellings systems give one value made one (a
     * system writes the value back its own way, and the sync must know its own write). Text that is a decimal number
     * loses its trailing zeros ({@code 12.50} → {@code 12.5}, as the number 12.5 from JSON; {@code 007} and
     * {@code +14155550100} are no decimals and stay); a date-time, text or typed, is written one ISO-8601 way, with the
     * fraction of a second it has (a database's microseconds are kept): with an offset as the UTC instant
     * ({@code 2024-03-01T09:30:00.000+0000}, {@code 2024-03-01 10:30:00+01} and a timestamp all give
     * {@code 2024-03-01T09:30:00Z}), without one as the local date-time
     * ({@code 2024-03-01 09:30:00} → {@code 2024-03-01T09:30:00}). A date alone, and any other text, stays as it is.
     */
    static String canonical(final Object value) {
        if (value instanceof Object[] || value instanceof Collection<?>) {
            return isEmpty(value) ? null : listText(value);
        }
        if (value instanceof Date date && !(value instanceof java.sql.Date) && !(value instanceof java.sql.Time)) {
            return date.toInstant().toString();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof OffsetDateTime dateTime) {
            return dateTime.toInstant().toString();
        }
        if (value instanceof ZonedDateTime dateTime) {
            return dateTime.toInstant().toString();
        }
        if (value instanceof LocalDateTime dateTime) {
            final String instant = dateTime.toInstant(ZoneOffset.UTC).toString();
            return instant.substring(0, instant.length() - 1);
        }
        final String text = text(value);
        if (text == null || !(value instanceof CharSequence)) {
            return text;
        }
        if (isDecimal(text)) {
            return new BigDecimal(text).stripTrailingZeros().toPlainString();
        }
        final String dateTime = Timestamps.canonicalDateTime(text);
        return dateTime == null ? text : dateTime;
    }

    /**
     * A time of day as ISO-8601 text with its seconds, as a CSV gives it ({@code 09:30:00}; LocalTime's own text drops zero
     * seconds), and the fraction of a second it has in groups of three digits, as date-times are written ({@code 09:30:00.250}).
     */
    /**
     * A list (a multi-select picklist read as an array) as a JSON array of its elements' canonical texts,
     * {@code ["golf","tennis, squash"]}: unlike {@link #text}'s {@code [golf, tennis, squash]}, it can be read back into
     * the list it was, to be written into a list field.
     */
    private static String listText(final Object value) {
        return listNode(value, 1).toString();
    }

    /**
     * A list as a JSON array of its elements' canonical texts, a list in it as the text of its own array down to
     * {@value #LISTS_AS_TEXT} levels, and as an array deeper down. Each level of text escapes the quotes and backslashes of
     * the text below it, doubling them: a list nested hundreds of levels deep (JSON a reader gave as it came) took memory
     * and time growing twofold per level and exhausted the heap, where as arrays it takes what the value does.
     */
    private static ArrayNode listNode(final Object value, final int depth) {
        final ArrayNode array = JSON.createArrayNode();
        for (final Object element : value instanceof Object[] elements ? Arrays.asList(elements) : (Collection<?>) value) {
            if (!(element instanceof Object[] || element instanceof Collection<?>)) {
                array.add(canonical(element));
            } else if (depth < LISTS_AS_TEXT) {
                array.add(listNode(element, depth + 1).toString());
            } else {
                array.add(listNode(element, depth + 1));
            }
        }
        return array;
    }

    /**
     * The list a {@linkplain #canonical canonical} list text holds, its elements as text (null elements kept), or null
     * when the text is no JSON array of values.
     */
    static Object[] listOf(final String canonical) {
        if (canonical == null || !canonical.startsWith("[")) {
            return null;
        }
        try {
            final JsonNode node = JSON.readTree(canonical);
            if (!node.isArray()) {
                return null;
            }
            final Object[] elements = new Object[node.size()];
            for (int i = 0; i < elements.length; i++) {
                final JsonNode element = node.get(i);
                elements[i] = element.isNull() ? null : element.isValueNode() ? element.asText() : element.toString();
            }
            return elements;
        } catch (final JsonProcessingException e) {
            return null;
        }
    }

    /** Digits, a point and digits, with an optional leading minus; no leading zero before other digits (not an id). */
    private static boolean isDecimal(final String text) {
        final int start = text.charAt(0) == '-' ? 1 : 0;
        final int point = text.indexOf('.');
        if (point <= start || point == text.length() - 1 || text.charAt(start) == '0' && point > start + 1) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (i != point && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** The key two values must share to count as the same value: their text, lower-cased ({@code Bob@Example.com} = {@code bob@example.com}). */
    static String sameValueKey(final Object value) {
        final String text = text(value);
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    /** A number read from the value, or null when it is not one. */
    static BigDecimal number(final Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Number number) {
            try {
                return new BigDecimal(number.toString());
            } catch (final NumberFormatException e) {
                // NaN or infinity: not a number max and min can compare
                return null;
            }
        }
        if (value instanceof CharSequence) {
            final String text = value.toString().strip();
            if (text.isEmpty() || !looksNumeric(text)) {
                return null;
            }
            try {
                return new BigDecimal(text);
            } catch (final NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Epoch milliseconds read from the value, or {@link Timestamps#NONE} when it is not a date or timestamp. */
    static long time(final Object value) {
        if (value instanceof Number || value instanceof CharSequence && number(value) != null) {
            // a number is compared as a number, never as epoch milliseconds
            return Timestamps.NONE;
        }
        try {
            return Timestamps.toEpochMillis(value);
        } catch (final IllegalArgumentException e) {
            return Timestamps.NONE;
        }
    }

    private static boolean looksNumeric(final String text) {
        final char first = text.charAt(0);
        return first == '-' || first == '+' || first == '.' || first >= '0' && first <= '9';
    }
}
