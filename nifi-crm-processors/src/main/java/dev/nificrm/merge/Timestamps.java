package dev.nificrm.merge;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Date;

/**
 * Reads the time a record was last changed (its Timestamp Field) as epoch milliseconds, from whatever a NiFi reader
 * produced: {@code java.sql.Timestamp}, {@code java.sql.Date} and other {@code java.util.Date} values, java.time values,
 * epoch milliseconds, and ISO-8601 text as CRMs export it ({@code 2024-03-01T09:30:00Z}, Salesforce's
 * {@code 2024-03-01T09:30:00.000+0000}, {@code 2024-03-01 09:30:00}, {@code 2024-03-01}). Text without an offset is UTC.
 */
public final class Timestamps {
    /** A record without a timestamp. */
    public static final long NONE = Long.MIN_VALUE;

    private Timestamps() {
    }

    /**
     * The value as epoch milliseconds, or {@link #NONE} when it is empty.
     *
     * @throws IllegalArgumentException when the value is neither empty nor a date or timestamp; the message says why
     *                                  without repeating the value
     */
    public static long toEpochMillis(final Object value) {
        if (value == null) {
            return NONE;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        if (value instanceof Date date) {
            return date.getTime();
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof OffsetDateTime dateTime) {
            return dateTime.toInstant().toEpochMilli();
        }
        if (value instanceof ZonedDateTime dateTime) {
            return dateTime.toInstant().toEpochMilli();
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime.toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        final String text = value.toString().strip();
        if (text.isEmpty()) {
            return NONE;
        }
        return parse(text);
    }

    private static long parse(final String text) {
        if (isDigits(text)) {
            return Long.parseLong(text);
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            final TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(isoText(text), OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime offset ? offset.toInstant().toEpochMilli()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (final DateTimeException e) {
            throw new IllegalArgumentException("not a date or ISO-8601 timestamp (e.g. 2024-03-01T09:30:00Z)", e);
        }
    }

    /** {@code 2024-03-01 09:30:00.000+0000} → {@code 2024-03-01T09:30:00.000+00:00}: a space for the T, a colon in the offset. */
    private static String isoText(final String text) {
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        final int length = iso.length();
        if (length > 5 && (iso.charAt(length - 5) == '+' || iso.charAt(length - 5) == '-') && isDigits(iso.substring(length - 4))) {
            iso = iso.substring(0, length - 2) + ':' + iso.substring(length - 2);
        }
        return iso;
    }

    private static boolean isDigits(final String text) {
        if (text.isEmpty() || text.length() > 18) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
