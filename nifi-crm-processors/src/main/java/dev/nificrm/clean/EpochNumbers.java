package dev.nificrm.clean;

import java.time.Instant;

/**
 * How a number that is an epoch time is read, by its count of digits, as CRM exports write them: 9 or 10 digits are
 * seconds ({@code 1709285400}, a Unix timestamp: 2001 to 2286), 11 to 13 milliseconds ({@code 1709285400000}, HubSpot's
 * API: 1970 to 2286); eleven digits are milliseconds of 1970 to 1973, as seconds they would be after 2286. Before 1970
 * with a minus sign, by the same count ({@code -315619200000} is 1960-01-01). Shared by CleanCRMRecord's date rule and
 * MergeCRMRecord's Timestamp Field, so that both read one number as one time.
 */
public final class EpochNumbers {
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
}
