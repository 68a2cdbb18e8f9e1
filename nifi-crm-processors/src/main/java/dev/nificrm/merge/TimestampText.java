package dev.nificrm.merge;

import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Objects;

/**
 * How the merge reads times written as text: when the operator gives one, a java.time pattern such as Zoho's import format
 * {@code MM/dd/yyyy HH:mm:ss}, whose text without an offset is a local time in the operator's zone (UTC when none is
 * given); any other value as {@link Timestamps} reads it (ISO-8601, whose text without an offset is UTC; epoch numbers).
 * The text is never rewritten: a golden record, and a record the sync writes, keeps each value as its record wrote it.
 * <pre>{@code
 * TimestampText.of("MM/dd/yyyy HH:mm:ss").toEpochMillis("11/20/2023 08:00:00")                                // 2023-11-20T08:00:00Z
 * TimestampText.of("MM/dd/yyyy HH:mm:ss", ZoneId.of("America/New_York")).toEpochMillis("11/20/2023 08:00:00")  // 2023-11-20T13:00:00Z
 * }</pre>
 */
public final class TimestampText {
    /** ISO-8601 and epoch numbers only. */
    public static final TimestampText ISO_ONLY = new TimestampText(null, null, ZoneOffset.UTC);

    private final String pattern;
    private final DateTimeFormatter parser;
    private final ZoneId zone;

    private TimestampText(final String pattern, final DateTimeFormatter parser, final ZoneId zone) {
        this.pattern = pattern;
        this.parser = parser;
        this.zone = zone;
    }

    /**
     * Reads text in the pattern, whose text without an offset is UTC, then ISO-8601.
     *
     * @param pattern a java.time pattern ({@code MM/dd/yyyy HH:mm:ss}), or null or blank for ISO-8601 only
     * @throws IllegalArgumentException when the pattern is not a java.time pattern, or names no day
     */
    public static TimestampText of(final String pattern) {
        return of(pattern, ZoneOffset.UTC);
    }

    /**
     * Reads text in the pattern, whose text without an offset is a local time in the zone (a Dynamics 365 user's
     * {@code 3/1/2024 9:30 AM} in {@code Europe/Amsterdam} is 2024-03-01T08:30:00Z), then ISO-8601.
     *
     * @param pattern a java.time pattern ({@code MM/dd/yyyy HH:mm:ss}), or null or blank for ISO-8601 only
     * @param zone    the zone of the pattern's local times
     * @throws IllegalArgumentException when the pattern is not a java.time pattern, or names no day
     */
    public static TimestampText of(final String pattern, final ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        if (pattern == null || pattern.isBlank()) {
            return ISO_ONLY;
        }
        final DateTimeFormatter parser;
        try {
            // STRICT: 02/31/2024 is no date; yyyy (year of era) resolves strictly only with an era, which patterns rarely write
            parser = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern.strip())
                    .parseDefaulting(ChronoField.ERA, 1).toFormatter(Locale.US).withResolverStyle(ResolverStyle.STRICT);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + pattern.strip() + "' is not a java.time pattern (" + e.getMessage()
                    + "); give one such as MM/dd/yyyy HH:mm:ss", e);
        }
        boolean namesDay;
        try {
            final String epoch = DateTimeFormatter.ofPattern(pattern.strip(), Locale.US).withZone(ZoneOffset.UTC).format(Instant.EPOCH);
            namesDay = parser.parse(epoch).isSupported(ChronoField.EPOCH_DAY);
        } catch (final DateTimeException e) {
            namesDay = false;
        }
        if (!namesDay) {
            throw new IllegalArgumentException("'" + pattern.strip() + "' reads no day; give a date pattern such as MM/dd/yyyy HH:mm:ss");
        }
        return new TimestampText(pattern.strip(), parser, zone);
    }

    /**
     * The value as epoch milliseconds, or {@link Timestamps#NONE} when it is empty: text in the pattern as the pattern reads
     * it, anything else as {@link Timestamps} does. The pattern goes first so that text both read (a SQL CRM's
     * {@code 2024-03-01 09:30:00} with the pattern {@code yyyy-MM-dd HH:mm:ss}) is a local time in the zone, as the operator
     * said; ISO-8601 with an offset is never text in a pattern without one, and keeps its meaning.
     *
     * @throws IllegalArgumentException when it is neither empty, nor text in the pattern, nor read by {@link Timestamps}
     */
    public long toEpochMillis(final Object value) {
        final long millis = inPattern(value);
        if (millis != Timestamps.NONE) {
            return millis;
        }
        try {
            return Timestamps.toEpochMillis(value);
        } catch (final IllegalArgumentException e) {
            if (parser == null || !(value instanceof CharSequence)) {
                throw e;
            }
            throw new IllegalArgumentException("not a date or ISO-8601 timestamp (e.g. 2024-03-01T09:30:00Z), nor in the format " + pattern, e);
        }
    }

    /** Epoch milliseconds of a value max and min compare as a time, or {@link Timestamps#NONE} when it is none (numbers are not). */
    long time(final Object value) {
        if (value instanceof CharSequence && Values.number(value) != null) {
            // a number is compared as a number, also when the pattern reads its digits (yyyyMMdd)
            return Timestamps.NONE;
        }
        final long millis = inPattern(value);
        return millis == Timestamps.NONE ? Values.time(value) : millis;
    }

    /** The value read in the pattern, or {@link Timestamps#NONE} when there is none, or the value is no text wholly in it. */
    private long inPattern(final Object value) {
        if (parser == null || !(value instanceof CharSequence)) {
            return Timestamps.NONE;
        }
        final String text = value.toString().strip();
        // most values of a mixed feed are ISO-8601: refused here without the cost of an exception
        final ParsePosition position = new ParsePosition(0);
        if (parser.parseUnresolved(text, position) == null || position.getIndex() != text.length()) {
            return Timestamps.NONE;
        }
        try {
            final TemporalAccessor parsed = parser.parse(text);
            if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
                return Instant.from(parsed).toEpochMilli();
            }
            if (parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
                return LocalDateTime.from(parsed).atZone(zone).toInstant().toEpochMilli();
            }
            return LocalDate.from(parsed).atStartOfDay(zone).toInstant().toEpochMilli();
        } catch (final DateTimeException e) {
            // 02/31/2024: the pattern's shape, but no date
            return Timestamps.NONE;
        }
    }

    @Override
    public String toString() {
        return pattern == null ? "ISO-8601" : pattern + (zone.equals(ZoneOffset.UTC) ? "" : " in " + zone) + ", then ISO-8601";
    }
}
