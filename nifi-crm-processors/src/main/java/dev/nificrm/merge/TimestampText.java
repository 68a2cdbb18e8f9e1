package dev.nificrm.merge;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * How the merge reads times written as text: what {@link Timestamps} reads (ISO-8601, epoch numbers), then, when the
 * operator gives one, a java.time pattern such as Zoho's import format {@code MM/dd/yyyy HH:mm:ss}, whose text without an
 * offset is UTC. The text is never rewritten: a golden record keeps each value as its record wrote it.
 * <pre>{@code
 * TimestampText.of("MM/dd/yyyy HH:mm:ss").toEpochMillis("11/20/2023 08:00:00")  // 2023-11-20T08:00:00Z
 * }</pre>
 */
public final class TimestampText {
    /** ISO-8601 and epoch numbers only. */
    public static final TimestampText ISO_ONLY = new TimestampText(null, null);

    private final String pattern;
    private final DateTimeFormatter parser;

    private TimestampText(final String pattern, final DateTimeFormatter parser) {
        this.pattern = pattern;
        this.parser = parser;
    }

    /**
     * Reads ISO-8601, then text in the pattern.
     *
     * @param pattern a java.time pattern ({@code MM/dd/yyyy HH:mm:ss}), or null or blank for ISO-8601 only
     * @throws IllegalArgumentException when the pattern is not a java.time pattern, or names no day
     */
    public static TimestampText of(final String pattern) {
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
        return new TimestampText(pattern.strip(), parser);
    }

    /**
     * The value as epoch milliseconds, or {@link Timestamps#NONE} when it is empty.
     *
     * @throws IllegalArgumentException when it is neither empty, nor read by {@link Timestamps}, nor text in the pattern
     */
    public long toEpochMillis(final Object value) {
        try {
            return Timestamps.toEpochMillis(value);
        } catch (final IllegalArgumentException e) {
            if (parser == null || !(value instanceof CharSequence)) {
                throw e;
            }
            final long millis = inPattern(value.toString().strip());
            if (millis == Timestamps.NONE) {
                throw new IllegalArgumentException("not a date or ISO-8601 timestamp (e.g. 2024-03-01T09:30:00Z), nor in the format " + pattern, e);
            }
            return millis;
        }
    }

    /** Epoch milliseconds of a value max and min compare as a time, or {@link Timestamps#NONE} when it is none (numbers are not). */
    long time(final Object value) {
        final long millis = Values.time(value);
        if (millis != Timestamps.NONE || parser == null || !(value instanceof CharSequence)) {
            return millis;
        }
        return inPattern(value.toString().strip());
    }

    private long inPattern(final String text) {
        try {
            final TemporalAccessor parsed = parser.parse(text);
            if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
                return Instant.from(parsed).toEpochMilli();
            }
            if (parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
                return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return LocalDate.from(parsed).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (final DateTimeException e) {
            return Timestamps.NONE;
        }
    }

    @Override
    public String toString() {
        return pattern == null ? "ISO-8601" : "ISO-8601, then " + pattern;
    }
}
