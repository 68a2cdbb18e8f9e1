package dev.nificrm.match;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.List;

/**
 * Compares dates normalised to {@code yyyyMMdd}: exact; typo (one digit differs, or day and month swapped);
 * near (two digits differ, e.g. a shifted day and year, or at most about a month apart: a date entered a few days or a
 * month off); year (at most about a year apart); differs. Distances are counted in a calendar of 31-day months, so an
 * invalid day such as the 31st of February still compares.
 */
public final class DateComparator implements FieldComparator {
    private static final List<String> LEVELS = List.of("exact", "typo", "near", "year", "differs");
    private static final int MAXIMUM_EDITS = 2;
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(MAXIMUM_EDITS);
    private static final int DAYS_PER_MONTH = 31;
    private static final int DAYS_PER_YEAR = 12 * DAYS_PER_MONTH;

    @Override
    public int compare(final String left, final String right) {
        if (left.equals(right)) {
            return 0;
        }
        if (left.length() == 8 && right.length() == 8 && left.regionMatches(0, right, 0, 4)
                && left.regionMatches(4, right, 6, 2) && left.regionMatches(6, right, 4, 2)) {
            return 1;
        }
        final int edits = Similarities.editDistance(DISTANCE, MAXIMUM_EDITS, left, right);
        if (edits == 1) {
            return 1;
        }
        if (edits == 2) {
            return 2;
        }
        final int days = daysApart(left, right);
        if (days <= DAYS_PER_MONTH) {
            return 2;
        }
        return days <= DAYS_PER_YEAR ? 3 : 4;
    }

    /** How far apart two {@code yyyyMMdd} dates are in days of a 31-day-month calendar, or MAX_VALUE if unreadable. */
    private static int daysApart(final String left, final String right) {
        final int leftDay = dayNumber(left);
        final int rightDay = dayNumber(right);
        return leftDay < 0 || rightDay < 0 ? Integer.MAX_VALUE : Math.abs(leftDay - rightDay);
    }

    private static int dayNumber(final String date) {
        if (date.length() != 8) {
            return -1;
        }
        int number = 0;
        for (int i = 0; i < 8; i++) {
            final int digit = date.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            number = number * 10 + digit;
        }
        final int year = number / 10000;
        final int month = number / 100 % 100;
        final int day = number % 100;
        if (month < 1 || month > 12 || day < 1 || day > DAYS_PER_MONTH) {
            return -1;
        }
        return year * DAYS_PER_YEAR + (month - 1) * DAYS_PER_MONTH + day;
    }

    @Override
    public List<String> levels() {
        return LEVELS;
    }
}
