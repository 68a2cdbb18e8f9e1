package dev.nificrm.clean;

import java.time.Instant;

/**
 * How a number that is an epoch time is read, by its count of digits, as CRM exports write them: 9 or 10 digits are
 * seconds ({@code 1709285400}, a Unix timestamp: 2001 to 2286), 11 to 13 milliseconds ({@code 1709285400000}, HubSpot's
 * API: 1970 to 2286); eleven digits are milliseconds of 1970 to 1973, as seconds they would be after 2286. Before 1970
 * with a minus sign, by the same count ({@code -315619200000} is 1960-01-01). Eight digits are a date {@code yyyyMMdd}
 * ({@code 20240301}), except a whole number of days in milliseconds, HubSpot's 1970-01-02 ({@code 86400000}) and
 * 1969-12-31 ({@code -86400000}), the two eight-digit numbers that are (neither is a date {@code yyyyMMdd}: 8640-00-00).
 * Shared by CleanCRMRecord's date rule and
 * MergeCRMRecord's Timestamp Field, so that both read one number as one time. A birth date, which is neither in the
 * future nor before 1900, reads a number of whole days in milliseconds, as HubSpot writes a date, by what it can be
 * ({@link #birthDateInstant}).
 */
public final class EpochNumbers {
    /** An epoch number in a birth date that is one possible birth date in seconds and another in milliseconds. */
    public static final String AMBIGUOUS_BIRTH_DATE = "an epoch number that is one birth date in seconds and another in milliseconds: "
            + "export the date as text";
    /** A date written as an epoch in milliseconds, as HubSpot writes its date properties, is midnight UTC: whole days. */
    private static final long MILLISECONDS_A_DAY = 86_400_000L;
    /** The fewest digits of a negative number read as seconds in a birth date: -86400000 is 1969-12-31 in milliseconds, 1967 in seconds. */
    private static final int SHORTEST_NEGATIVE_BIRTH_DATE_SECONDS = 8;
    private static final int LONGEST_SECONDS = 10;
    /** The digits of a date {@code yyyyMMdd}, which no whole number of days in milliseconds is. */
    private static final int COMPACT_DATE_DIGITS = 8;
    private static final Instant EARLIEST_BIRTH_DATE = Instant.parse(DateRule.EARLIEST_BIRTH_YEAR + "-01-01T00:00:00Z");

    private EpochNumbers() {
    }

    /**
     * The instant of an epoch number written as digits, with an optional leading minus; null when its count of digits is
     * not one of an epoch time (an 8-digit {@code 20240301} is a date, a 5-digit number a spreadsheet's serial day). Of
     * eight digits, only a whole number of days in milliseconds is one ({@code 86400000}: 1970-01-02).
     *
     * @throws java.time.DateTimeException when the number is beyond the instants Java can hold
     */
    public static Instant instant(final String digits) {
        final boolean negative = digits.startsWith("-");
        final int count = negative ? digits.length() - 1 : digits.length();
        if (count >= 11 && count <= 13) {
            return Instant.ofEpochMilli(Long.parseLong(digits));
        }
        if (count == 9 || count == 10) {
            return Instant.ofEpochSecond(Long.parseLong(digits));
        }
        if (count == COMPACT_DATE_DIGITS && digits.charAt(negative ? 1 : 0) != '0') {
            final long number = Long.parseLong(digits);
            return number % MILLISECONDS_A_DAY == 0 ? Instant.ofEpochMilli(number) : null;
        }
        return null;
    }

    /**
     * The instant of an epoch number in a birth-date field: as {@link #instant}, except for a number of seconds (nine or
     * ten digits, or eight with a minus sign) that is a whole number of days in milliseconds, as a date HubSpot writes is
     * (midnight UTC; every such number is midnight in seconds too). When as seconds it is no birth date, after
     * {@code now} or before 1900, it is those milliseconds: {@code 3888000000} is 1970-02-15, not 2093, and
     * {@code -3888000000} 1969-11-17, not 1846. When as seconds it is a birth date as well ({@code 345600000}: 1980-12-14,
     * or HubSpot's 1970-01-05; {@code 1209600000}: 2008-05-01 or 1970-01-15), nothing in the number says which, and it is
     * rejected. Numbers that are not whole days in milliseconds stay seconds ({@code 3888000001} is after {@code now}, for
     * the birth-date check to reject).
     *
     * @throws IllegalArgumentException with {@link #AMBIGUOUS_BIRTH_DATE} as message when the number is a birth date both
     *                                  in seconds and in milliseconds
     * @throws java.time.DateTimeException when the number is beyond the instants Java can hold
     */
    public static Instant birthDateInstant(final String digits, final Instant now) {
        final boolean negative = digits.startsWith("-");
        final int count = negative ? digits.length() - 1 : digits.length();
        if (count < SHORTEST_NEGATIVE_BIRTH_DATE_SECONDS || !negative && count == COMPACT_DATE_DIGITS || count > LONGEST_SECONDS) {
            // no reading as seconds: eight digits without a minus never are, so 86400000 is 1970-01-02 in milliseconds
            return instant(digits);
        }
        final Instant instant = negative && count == SHORTEST_NEGATIVE_BIRTH_DATE_SECONDS ? Instant.ofEpochSecond(Long.parseLong(digits))
                : instant(digits);
        final long number = Long.parseLong(digits);
        if (number % MILLISECONDS_A_DAY != 0) {
            // a negative eight digits of no whole day is no epoch number this reads
            return count == SHORTEST_NEGATIVE_BIRTH_DATE_SECONDS ? null : instant;
        }
        if (number == 0) {
            // zeros are the epoch in seconds and in milliseconds alike
            return Instant.EPOCH;
        }
        if (instant.isAfter(now) || instant.isBefore(EARLIEST_BIRTH_DATE)) {
            return Instant.ofEpochMilli(number);
        }
        throw new IllegalArgumentException(AMBIGUOUS_BIRTH_DATE);
    }
}
