package dev.nificrm.merge;

import dev.nificrm.clean.EpochNumbers;

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
 * numbers by their count of digits as CleanCRMRecord reads them (10 digits are epoch seconds, 13 milliseconds, 8 a date
 * {@code 20240301}; other counts refused), and ISO-8601 text as CRMs export it ({@code 2024-03-01T09:30:00Z}, Salesforce's
 * {@code 2024-03-01T09:30:00.000+0000}, PostgreSQL's {@code 2024-03-01 09:30:00+00}, {@code 2024-03-01 09:30:00},
 * {@code 2024-03-01}). Text without an offset is UTC.
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
            return epochMillis(String.valueOf(number.longValue()));
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
        if (isDigits(text) || text.length() > 1 && text.charAt(0) == '-' && isDigits(text.substring(1))) {
            return epochMillis(text);
        }
        final long fast = parseCommonShape(text);
        if (fast != NONE) {
            return fast;
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

    /**
     * A number written as digits (an optional minus) as milliseconds, by its count of digits as CleanCRMRecord reads it:
     * 9 or 10 digits are epoch seconds, 11 to 13 epoch milliseconds ({@link EpochNumbers}), 8 a compact date
     * ({@code 20240301}, yyyyMMdd, at midnight UTC) or, the one number of 8 digits (and its negative) that is no such
     * date and a whole number of days in milliseconds, HubSpot's 1970-01-02 ({@code 86400000}). Any other count is
     * refused, never taken as milliseconds: five digits are a spreadsheet's serial day, whose date depends on the
     * spreadsheet's date system; the others are no time a CRM writes ({@code 0}, an unset date, a year, a number cut
     * short).
     */
    private static long epochMillis(final String digits) {
        final int count = digits.startsWith("-") ? digits.length() - 1 : digits.length();
        try {
            final Instant instant = EpochNumbers.instant(digits);
            if (instant != null) {
                return instant.toEpochMilli();
            }
        } catch (final DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("an epoch number beyond the times that can be held", e);
        }
        if (count == 8 && count == digits.length()) {
            try {
                return LocalDate.of(Integer.parseInt(digits, 0, 4, 10), Integer.parseInt(digits, 4, 6, 10), Integer.parseInt(digits, 6, 8, 10))
                        .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            } catch (final DateTimeException e) {
                throw new IllegalArgumentException("not a real calendar date (8 digits are a date, yyyyMMdd)", e);
            }
        }
        if (count == 5 && count == digits.length() && digits.charAt(0) != '0') {
            throw new IllegalArgumentException("a spreadsheet's serial day number, not a date: format the column as a date before exporting");
        }
        if (count != digits.length()) {
            throw new IllegalArgumentException("a negative number of " + count + " digits is no epoch time (9 or 10 digits are seconds "
                    + "before 1970, 11 to 13 milliseconds)");
        }
        throw new IllegalArgumentException("a number of " + count + " digits is no date or epoch time (9 or 10 digits are seconds, "
                + "11 to 13 milliseconds, 8 a date yyyyMMdd)");
    }

    /**
     * The shapes CRMs export nearly every time, read without a formatter: {@code yyyy-MM-ddTHH:mm:ss}, with a space for
     * the T, optional fractions of a second, and {@code Z}, {@code +hhmm} or {@code +hh:mm} or nothing (UTC). Anything
     * else, or an impossible date, gives {@link #NONE} and goes the general way.
     */
    private static long parseCommonShape(final String text) {
        final int length = text.length();
        if (length < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' && text.charAt(10) != ' '
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return NONE;
        }
        final int year = digits(text, 0, 4);
        final int month = digits(text, 5, 2);
        final int day = digits(text, 8, 2);
        final int hour = digits(text, 11, 2);
        final int minute = digits(text, 14, 2);
        final int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NONE;
        }
        int position = 19;
        int millis = 0;
        if (position < length && text.charAt(position) == '.') {
            position++;
            int scale = 100;
            while (position < length && Character.isDigit(text.charAt(position))) {
                millis += (text.charAt(position) - '0') * scale;
                scale /= 10;
                position++;
            }
        }
        final int offsetSeconds;
        if (position == length) {
            offsetSeconds = 0;
        } else if (position == length - 1 && text.charAt(position) == 'Z') {
            offsetSeconds = 0;
        } else if (text.charAt(position) == '+' || text.charAt(position) == '-') {
            final int sign = text.charAt(position) == '-' ? -1 : 1;
            final int offsetHours = length - position >= 3 ? digits(text, position + 1, 2) : -1;
            final int minutesAt = position + 3 < length && text.charAt(position + 3) == ':' ? position + 4 : position + 3;
            // hours alone (+01) is ISO-8601 too, and how PostgreSQL writes a timestamptz as text
            final int offsetMinutes = position + 3 == length ? 0 : minutesAt + 2 == length ? digits(text, minutesAt, 2) : -1;
            if (offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59) {
                return NONE;
            }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            return NONE;
        }
        final long days = LocalDate.of(year, month, day).toEpochDay();
        return ((days * 86_400 + hour * 3_600L + minute * 60L + second) - offsetSeconds) * 1_000 + millis;
    }

    /**
     * The text as one ISO-8601 spelling, with the fraction of a second it has, when it is a date-time of the common
     * shapes: with an offset, the UTC instant ({@code 2024-03-01 10:30:00+01} → {@code 2024-03-01T09:30:00Z}); without one, the local date-time
     * ({@code 2024-03-01 09:30:00.000} → {@code 2024-03-01T09:30:00}). Null for any other text.
     */
    static String canonicalDateTime(final String text) {
        final long millis = parseCommonShape(text);
        if (millis == NONE) {
            return null;
        }
        // the fraction of a second as written, up to nanoseconds (the millis above keep three digits of it)
        int nanos = 0;
        if (text.length() > 19 && text.charAt(19) == '.') {
            int scale = 100_000_000;
            for (int i = 20; i < text.length() && Character.isDigit(text.charAt(i)) && scale > 0; i++) {
                nanos += (text.charAt(i) - '0') * scale;
                scale /= 10;
            }
        }
        final String instant = Instant.ofEpochSecond(Math.floorDiv(millis, 1000), nanos).toString();
        for (int i = 19; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == 'Z' || c == '+' || c == '-') {
                return instant;
            }
        }
        return instant.substring(0, instant.length() - 1);
    }

    /** The number written with {@code count} digits at the position, or -1 when they are not all digits. */
    private static int digits(final String text, final int position, final int count) {
        int number = 0;
        for (int i = position; i < position + count; i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + c - '0';
        }
        return number;
    }

    /**
     * {@code 2024-03-01 09:30:00.000+0000} → {@code 2024-03-01T09:30:00.000+00:00}: a space for the T, a colon in the
     * offset; an offset of hours alone gets its minutes ({@code 2024-03-01T04:30-05} → {@code 2024-03-01T04:30-05:00}).
     */
    private static String isoText(final String text) {
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        final int length = iso.length();
        if (length > 5 && (iso.charAt(length - 5) == '+' || iso.charAt(length - 5) == '-') && isDigits(iso.substring(length - 4))) {
            iso = iso.substring(0, length - 2) + ':' + iso.substring(length - 2);
        } else if (length > 13 && iso.indexOf('T') > 0 && iso.indexOf('T') < length - 3
                && (iso.charAt(length - 3) == '+' || iso.charAt(length - 3) == '-') && isDigits(iso.substring(length - 2))) {
            iso = iso + ":00";
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
