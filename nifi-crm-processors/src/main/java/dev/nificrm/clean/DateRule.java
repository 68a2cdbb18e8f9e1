package dev.nificrm.clean;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
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
 * The offset written in the value is kept, not converted, so no information is lost or invented. Values already in
 * ISO form ({@code yyyy-MM-dd}, {@code yyyy-MM-ddTHH:mm:ss[.SSS](Z|±hh:mm|±hhmm)}) are read at fixed positions and,
 * when already in the output form, returned as the same instance; every other value goes through {@link DateParser}.
 */
public final class DateRule implements ValueRule {
    static final int EARLIEST_BIRTH_YEAR = 1900;
    private static final int FUTURE_TWO_DIGIT_YEARS = 20;
    private static final String BEFORE_EARLIEST_BIRTH_YEAR = "birth date before " + EARLIEST_BIRTH_YEAR;
    private static final String BIRTH_DATE_IN_FUTURE = "birth date in the future";
    /**
     * 1 January 1900, what CRMs and spreadsheets put in a birth date nobody knows (the earliest date many date pickers and
     * Excel's 1900 date system allow): a customer born that day would be over 120, and two records sharing it would
     * otherwise count as agreeing on a birth date.
     */
    static final String PLACEHOLDER_BIRTH_DATE = "1900-01-01, the placeholder for an unknown birth date: not a birth date";
    private static final LocalDate PLACEHOLDER = LocalDate.of(EARLIEST_BIRTH_YEAR, 1, 1);

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
    private final Today today;

    /**
     * @param kind  what the values are
     * @param order how to read ambiguous numeric dates
     * @param clock the clock that says what "today" is (for two-digit years and birth dates)
     */
    public DateRule(final Kind kind, final DateOrder order, final Clock clock) {
        this(kind, order, ExcelDateSystem.REJECT, clock);
    }

    /**
     * @param kind       what the values are
     * @param order      how to read ambiguous numeric dates
     * @param excelDates the date system a spreadsheet's serial day numbers ({@code 45234}) are read in, or
     *                   {@link ExcelDateSystem#REJECT} to reject them with a reason
     * @param clock      the clock that says what "today" is (for two-digit years and birth dates)
     */
    public DateRule(final Kind kind, final DateOrder order, final ExcelDateSystem excelDates, final Clock clock) {
        this.kind = kind;
        // "today" is read when a value needs it: a rule built in December reads two-digit years in January's window
        this.today = new Today(clock);
        this.parser = kind == Kind.BIRTH_DATE ? new DateParser(order, today, 0, excelDates, clock)
                : new DateParser(order, today, FUTURE_TWO_DIGIT_YEARS, excelDates, null);
    }

    @Override
    public CleanResult clean(final String value, final String region) {
        final CleanResult iso = cleanIso(value);
        return iso != null ? iso : cleanGeneral(value);
    }

    /**
     * The fixed-position path for values already in ISO form, the bulk of API exports: {@code yyyy-MM-dd} and
     * {@code yyyy-MM-ddTHH:mm:ss[.S…](Z|±hh:mm|±hhmm)?}. A value already in the output form is returned as the same
     * instance; otherwise the output is built from the characters, without {@link DateTimeFormatter}.
     *
     * @return the result, identical to the general path's, or null when the value has another shape or is not a real
     * date or time (the general path then reads it and gives the reason)
     */
    CleanResult cleanIso(final String value) {
        final int length = value.length();
        if (length != 10 && length < 19 || !isIsoDate(value)) {
            return null;
        }
        if (length == 10) {
            return switch (kind) {
                case DATE, AS_WRITTEN -> CleanResult.unchanged(value);
                case BIRTH_DATE -> birthDate(value);
                case TIMESTAMP -> CleanResult.changed(value + "T00:00:00");
            };
        }
        final int timeEnd = isoTimeEnd(value);
        if (timeEnd < 0) {
            return null;
        }
        final int offsetEnd = isoOffsetEnd(value, timeEnd);
        if (offsetEnd != length) {
            return null;
        }
        return switch (kind) {
            case DATE -> CleanResult.changed(value.substring(0, 10));
            case BIRTH_DATE -> {
                final CleanResult date = birthDate(value.substring(0, 10));
                yield date.isValid() ? CleanResult.changed(date.getValue()) : date;
            }
            case AS_WRITTEN, TIMESTAMP -> CleanResult.of(value, isoTimestamp(value, timeEnd));
        };
    }

    private CleanResult birthDate(final String isoDate) {
        final int year = digits(isoDate, 0, 4);
        if (year < EARLIEST_BIRTH_YEAR) {
            return CleanResult.invalid(BEFORE_EARLIEST_BIRTH_YEAR);
        }
        final LocalDate date = today.date();
        if (isoDate.startsWith("1900-01-01")) {
            return CleanResult.invalid(PLACEHOLDER_BIRTH_DATE);
        }
        final int month = digits(isoDate, 5, 2);
        final int day = digits(isoDate, 8, 2);
        if (year != date.getYear() ? year > date.getYear()
                : month != date.getMonthValue() ? month > date.getMonthValue() : day > date.getDayOfMonth()) {
            return CleanResult.invalid(BIRTH_DATE_IN_FUTURE);
        }
        return CleanResult.unchanged(isoDate);
    }

    /** {@code yyyy-MM-dd} at the start, with a month of 1 to 12 and a day that exists in that month and year. */
    private static boolean isIsoDate(final String value) {
        if (value.charAt(4) != '-' || value.charAt(7) != '-' || !areDigits(value, 0, 4) || !areDigits(value, 5, 2) || !areDigits(value, 8, 2)) {
            return false;
        }
        final int month = digits(value, 5, 2);
        final int day = digits(value, 8, 2);
        return month >= 1 && month <= 12 && day >= 1 && day <= Month.of(month).length(Year.isLeap(digits(value, 0, 4)));
    }

    /** Where {@code THH:mm:ss[.S…]} after the date ends (a real time of day), or -1. */
    private static int isoTimeEnd(final String value) {
        if (value.charAt(10) != 'T' || value.charAt(13) != ':' || value.charAt(16) != ':' || !areDigits(value, 11, 2)
                || !areDigits(value, 14, 2) || !areDigits(value, 17, 2)
                || digits(value, 11, 2) > 23 || digits(value, 14, 2) > 59 || digits(value, 17, 2) > 59) {
            return -1;
        }
        int end = 19;
        if (end < value.length() && value.charAt(end) == '.') {
            end++;
            while (end < value.length() && isDigit(value.charAt(end))) {
                end++;
            }
            final int fraction = end - 20;
            if (fraction < 1 || fraction > 9) {
                return -1;
            }
        }
        return end;
    }

    /** Where {@code Z}, {@code ±hh:mm} or {@code ±hhmm} (at most ±18:00) starting at {@code from} ends; {@code from} when there is none; -1 when malformed. */
    private static int isoOffsetEnd(final String value, final int from) {
        final int length = value.length();
        if (from == length) {
            return from;
        }
        final char c = value.charAt(from);
        if (c == 'Z') {
            return from + 1;
        }
        if (c != '+' && c != '-') {
            return -1;
        }
        final int minutesAt = from + 3 < length && value.charAt(from + 3) == ':' ? from + 4 : from + 3;
        if (minutesAt + 2 != length || !areDigits(value, from + 1, 2) || !areDigits(value, minutesAt, 2)) {
            return -1;
        }
        final int hours = digits(value, from + 1, 2);
        final int minutes = digits(value, minutesAt, 2);
        return minutes <= 59 && (hours < 18 || hours == 18 && minutes == 0) ? length : -1;
    }

    /** The timestamp output of a value {@link #cleanIso} accepted: fraction without trailing zeros, offset as {@code Z} or {@code ±hh:mm}. */
    private static String isoTimestamp(final String value, final int timeEnd) {
        final int length = value.length();
        int fractionEnd = timeEnd;
        while (fractionEnd > 19 && value.charAt(fractionEnd - 1) == '0') {
            fractionEnd--;
        }
        if (fractionEnd == 20) {
            fractionEnd = 19;
        }
        final boolean utc = timeEnd < length && (value.charAt(timeEnd) == 'Z'
                || digits(value, timeEnd + 1, 2) == 0 && digits(value, length - 2, 2) == 0);
        final boolean colonOffset = timeEnd < length && !utc && value.charAt(timeEnd + 3) == ':';
        if (fractionEnd == timeEnd && (timeEnd == length || colonOffset || utc && length == timeEnd + 1)) {
            return value;
        }
        final StringBuilder builder = new StringBuilder(length).append(value, 0, fractionEnd);
        if (utc) {
            builder.append('Z');
        } else if (timeEnd < length) {
            builder.append(value, timeEnd, timeEnd + 3).append(':').append(value, length - 2, length);
        }
        return builder.toString();
    }

    private static boolean areDigits(final String value, final int from, final int count) {
        for (int i = from; i < from + count; i++) {
            if (!isDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(final String value, final int from, final int count) {
        int number = 0;
        for (int i = from; i < from + count; i++) {
            number = number * 10 + value.charAt(i) - '0';
        }
        return number;
    }

    /** The general path: {@link DateParser}, then {@link DateTimeFormatter}; reads every format, gives every reason. */
    CleanResult cleanGeneral(final String value) {
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
            return CleanResult.invalid(BEFORE_EARLIEST_BIRTH_YEAR);
        }
        if (date.isAfter(today.date())) {
            return CleanResult.invalid(BIRTH_DATE_IN_FUTURE);
        }
        if (date.equals(PLACEHOLDER)) {
            return CleanResult.invalid(PLACEHOLDER_BIRTH_DATE);
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
