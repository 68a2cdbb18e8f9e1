package dev.nificrm.clean;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Normalises dates and timestamps to ISO-8601 from the formats {@link DateParser} reads.
 * <table>
 * <caption>Kinds</caption>
 * <tr><th>kind</th><th>output</th><th>example</th></tr>
 * <tr><td>{@link Kind#DATE}</td><td>{@code yyyy-MM-dd}; a time of day is dropped</td>
 * <td>{@code 01/15/2024 10:30 AM} → {@code 2024-01-15}</td></tr>
 * <tr><td>{@link Kind#BIRTH_DATE}</td><td>as DATE; a date in the future or before 1900 is a reason</td>
 * <td>{@code 15.01.1980} → {@code 1980-01-15}</td></tr>
 * <tr><td>{@link Kind#AS_WRITTEN}</td><td>a date stays a date, a date-time becomes a timestamp</td>
 * <td>{@code 2024-01-15} → {@code 2024-01-15}; {@code 2024-01-15T10:30:00.000+0000} → {@code 2024-01-15T10:30:00Z}</td></tr>
 * <tr><td>{@link Kind#TIMESTAMP}</td><td>{@code yyyy-MM-ddTHH:mm:ss[.SSS]} plus the offset when one was written
 * ({@code Z} for UTC and epoch values); a date alone is midnight</td>
 * <td>{@code 1705314600000} → {@code 2024-01-15T10:30:00Z}</td></tr>
 * </table>
 * The offset written in the value is kept, not converted, so no information is lost or invented.
 */
public final class DateRule implements ValueRule {
    private static final int EARLIEST_BIRTH_YEAR = 1900;
    private static final int FUTURE_TWO_DIGIT_YEARS = 20;

    /** What the value is and so how it is written. */
    public enum Kind {
        /** A calendar date. */
        DATE,
        /** A date of birth: a calendar date that is not in the future nor before 1900. */
        BIRTH_DATE,
        /** A date or a date-time, each kept at the precision it was written with. */
        AS_WRITTEN,
        /** A date-time. */
        TIMESTAMP
    }

    private final Kind kind;
    private final DateParser parser;
    private final Clock clock;

    /**
     * @param kind  what the values are
     * @param order how to read ambiguous numeric dates
     * @param clock the clock that says what "today" is (for two-digit years and birth dates)
     */
    public DateRule(final Kind kind, final DateOrder order, final Clock clock) {
        this.kind = kind;
        this.clock = clock;
        final int currentYear = LocalDate.now(clock).getYear();
        this.parser = new DateParser(order, kind == Kind.BIRTH_DATE ? currentYear : currentYear + FUTURE_TWO_DIGIT_YEARS);
    }

    @Override
    public CleanResult clean(final String value, final String region) {
        final ParsedDate parsed;
        try {
            parsed = parser.parse(value);
        } catch (final IllegalArgumentException e) {
            return CleanResult.invalid(e.getMessage());
        }
        return switch (kind) {
            case DATE -> CleanResult.of(value, DateTimeFormatter.ISO_LOCAL_DATE.format(parsed.date()));
            case BIRTH_DATE -> birthDate(value, parsed.date());
            case AS_WRITTEN -> CleanResult.of(value, parsed.time() == null ? DateTimeFormatter.ISO_LOCAL_DATE.format(parsed.date()) : timestamp(parsed));
            case TIMESTAMP -> CleanResult.of(value, timestamp(parsed));
        };
    }

    private CleanResult birthDate(final String value, final LocalDate date) {
        if (date.getYear() < EARLIEST_BIRTH_YEAR) {
            return CleanResult.invalid("birth date before " + EARLIEST_BIRTH_YEAR);
        }
        if (date.isAfter(LocalDate.now(clock))) {
            return CleanResult.invalid("birth date in the future");
        }
        return CleanResult.of(value, DateTimeFormatter.ISO_LOCAL_DATE.format(date));
    }

    private static String timestamp(final ParsedDate parsed) {
        final LocalDateTime local = parsed.time() == null ? parsed.date().atStartOfDay() : LocalDateTime.of(parsed.date(), parsed.time());
        if (parsed.offset() == null) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(local);
        }
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.of(local, parsed.offset()));
    }
}
