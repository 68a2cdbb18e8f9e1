package dev.nificrm.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * One way a date or timestamp is written as text: {@code ISO} (ISO-8601 date, date-time with or without offset),
 * {@code epoch-millis} (HubSpot's API form) or a java.time pattern such as Salesforce's
 * {@code yyyy-MM-dd'T'HH:mm:ss.SSSZ} or Zoho's import {@code MM/dd/yyyy}. Text without an offset is read as UTC, or in
 * the zone {@link #inZone} gives (a CRM's UI export writes local times: {@code 2024-03-07 14:05} in Europe/Amsterdam is
 * 13:05 UTC); timestamps are written in UTC.
 */
public final class TemporalFormat {
    public static final String ISO = "ISO";
    public static final String EPOCH_MILLIS = "epoch-millis";

    private static final DateTimeFormatter ISO_PARSER = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalEnd()
            .toFormatter(Locale.ROOT)
            // STRICT: 2024-02-31 is no date; the default SMART style would read it as 2024-02-29
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter ISO_TIMESTAMP_WRITER = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** ISO-8601, the format of text dates when a field names none. */
    static final TemporalFormat ISO_FORMAT = new TemporalFormat(ISO, ISO_PARSER, ISO_TIMESTAMP_WRITER);

    private final String pattern;
    private final DateTimeFormatter parser;
    private final DateTimeFormatter writer;
    /** The zone text without an offset is read in; null when it is not known, and such text is then not read as a timestamp. */
    private final ZoneId zone;

    private TemporalFormat(final String pattern, final DateTimeFormatter parser, final DateTimeFormatter writer) {
        this(pattern, parser, writer, ZoneOffset.UTC);
    }

    private TemporalFormat(final String pattern, final DateTimeFormatter parser, final DateTimeFormatter writer, final ZoneId zone) {
        this.pattern = pattern;
        this.parser = parser;
        this.writer = writer;
        this.zone = zone;
    }

    /**
     * This format reading text without an offset as a time in the given zone; with null, as no time at all: a timestamp without
     * an offset is then not read (a date alone still is), since its instant would be a guess.
     */
    TemporalFormat inZone(final ZoneId readZone) {
        return new TemporalFormat(pattern, parser, writer, readZone);
    }

    /**
     * Compiles a format.
     *
     * @throws IllegalArgumentException when the pattern is not a valid java.time pattern
     */
    public static TemporalFormat of(final String pattern) {
        if (ISO.equalsIgnoreCase(pattern)) {
            return ISO_FORMAT;
        }
        if (EPOCH_MILLIS.equalsIgnoreCase(pattern)) {
            return new TemporalFormat(EPOCH_MILLIS, null, null);
        }
        // STRICT rejects impossible dates (02/31/2024) instead of moving them to the month's last day; a pattern's year of
        // era (yyyy) resolves strictly only with an era, which patterns rarely write: the common era unless parsed
        final DateTimeFormatter parser = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                .parseDefaulting(ChronoField.ERA, 1).toFormatter(Locale.US).withResolverStyle(ResolverStyle.STRICT);
        return new TemporalFormat(pattern, parser, DateTimeFormatter.ofPattern(pattern, Locale.US).withZone(ZoneOffset.UTC));
    }

    public String getPattern() {
        return pattern;
    }

    /** Reads a timestamp, or returns null when the text is not in this format. */
    Instant parseInstant(final String text) {
        if (parser == null) {
            return parseEpochMillis(text);
        }
        final TemporalAccessor parsed = parse(text);
        if (parsed == null) {
            return null;
        }
        if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
            return Instant.from(parsed);
        }
        if (zone == null) {
            return null;
        }
        if (parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
            // a local time a clock change skips (02:30 on a spring-forward night) is read an hour later, one it repeats as its first
            return LocalDateTime.from(parsed).atZone(zone).toInstant();
        }
        return parsed.isSupported(ChronoField.EPOCH_DAY) ? LocalDate.from(parsed).atStartOfDay(zone).toInstant() : null;
    }

    /** Whether the text is in this format but names no offset, in a format whose zone is not known: a timestamp it cannot read. */
    boolean lacksZone(final String text) {
        if (zone != null || parser == null) {
            return false;
        }
        final TemporalAccessor parsed = parse(text);
        return parsed != null && !parsed.isSupported(ChronoField.INSTANT_SECONDS) && parsed.isSupported(ChronoField.EPOCH_DAY);
    }

    /** Reads a date (a date-time gives its date), or returns null when the text is not in this format. */
    LocalDate parseDate(final String text) {
        if (parser == null) {
            final Instant instant = parseEpochMillis(text);
            return instant == null ? null : LocalDate.ofInstant(instant, ZoneOffset.UTC);
        }
        final TemporalAccessor parsed = parse(text);
        return parsed != null && parsed.isSupported(ChronoField.EPOCH_DAY) ? LocalDate.from(parsed) : null;
    }

    /** Writes a timestamp in this format (UTC). */
    String format(final Instant instant) {
        return writer == null ? String.valueOf(instant.toEpochMilli()) : writer.format(instant);
    }

    /** Writes a date in this format. */
    String format(final LocalDate date) {
        if (writer == null) {
            return String.valueOf(date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        }
        if (ISO.equals(pattern)) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(date);
        }
        try {
            return writer.format(date);
        } catch (final DateTimeException e) {
            // a date-time pattern (with hours) writes a date as its midnight UTC
            return writer.format(date.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
    }

    private TemporalAccessor parse(final String text) {
        try {
            return parser.parse(text);
        } catch (final DateTimeParseException e) {
            return null;
        }
    }

    private static Instant parseEpochMillis(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if ((c < '0' || c > '9') && !(i == 0 && c == '-')) {
                return null;
            }
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(text));
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return pattern;
    }
}
