package dev.nificrm.clean;

import java.time.Instant;

/**
 * How a number that is an epoch time is read, by its count of digits, as CRM exports write them: 9 or 10 digits are
 * seconds ({@code 1709285400}, a Unix timestamp: 2001 to 2286), 11 to 13 milliseconds ({@code 1709285400000}, HubSpot's
 * API: 1970 to 2286); eleven digits are milliseconds of 1970 to 1973, as seconds they would be after 2286. Before 1970
 * with a minus sign, by the same count ({@code -315619200000} is 1960-01-01). Shared by CleanCRMRecord's date rule and
 * MergeCRMRecord's Timestamp Field, so that both read one number as one time. A birth date, which cannot be in the
 * future, reads ten digits of whole days that as seconds would be as HubSpot's milliseconds of early 1970
 * ({@link #birthDateInstant}).
 */
public final class EpochNumbers {
    /** A date written as an epoch in milliseconds, as HubSpot writes its date properties, is midnight UTC: whole days. */
    private static final long MILLISECONDS_A_DAY = 86_400_000L;
    private static final int LONGEST_SECONDS = 10;

    private EpochNumbers() {
    }

    /**
     * The instant of an epoch number written as digits, with an optional leading minus; null when its count of digits is
     * not one of an epoch time (an 8-digit {@code 20240301} is a date, a 5-digit number a spreadsheet's serial day).
     *
     * @throws java.time.DateTimeException when the number is beyond the instants Java can hold
     */
    public static Instant instant(final String digits) {
        final int count = digits.startsWith("-") ? digits.length() - 1 : digits.length();
        if (count >= 11 && count <= 13) {
            return Instant.ofEpochMilli(Long.parseLong(digits));
        }
        if (count == 9 || count == 10) {
            return Instant.ofEpochSecond(Long.parseLong(digits));
        }
        return null;
    }

    /**
     * The instant of an epoch number in a birth-date field: as {@link #instant}, except that ten digits that as seconds
     * would be after {@code now}, which no birth date is, and that are a whole number of days in milliseconds, as a date
     * in milliseconds is (HubSpot), are those milliseconds: {@code 3888000000} is 1970-02-15, not 2093. Ten digits that as
     * seconds are in the past stay seconds ({@code 1209600000} is 2008-05-01, though it may be HubSpot's 1970-01-15), and
     * so do ten digits that are not whole days ({@code 3888000001} stays after {@code now}, for the birth-date check to
     * reject).
     *
     * @throws java.time.DateTimeException when the number is beyond the instants Java can hold
     */
    public static Instant birthDateInstant(final String digits, final Instant now) {
        final Instant instant = instant(digits);
        if (instant != null && digits.length() == LONGEST_SECONDS && instant.isAfter(now)) {
            final long number = Long.parseLong(digits);
            if (number % MILLISECONDS_A_DAY == 0) {
                return Instant.ofEpochMilli(number);
            }
        }
        return instant;
    }
}
