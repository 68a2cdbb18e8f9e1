package dev.nificrm.match;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.List;

/**
 * Compares dates normalised to {@code yyyyMMdd}: exact; typo (one digit differs, or day and month swapped);
 * near (at most about a month apart: a date entered a few days or a month off; or two digits differ the way one
 * person's date is mistyped); year (at most about a year apart); differs. Two differing digits are one person's date
 * when the years are at most ten apart (a slip in the year's last digit or its decade beside one in the month or day:
 * {@code 1974-10-05} / {@code 1984-10-03}, {@code 1979} / {@code 1980}), or when both are in the year and the day and
 * month agree (the year mistyped: {@code 1930-06-09} / {@code 1962-06-09}, two digits swapped {@code 1992} /
 * {@code 1929}, a two-digit year read in the other century {@code 1952} / {@code 2052}). A decade or century that
 * differs beside another digit of the day or month leaves two dates decades apart ({@code 1992-10-14} /
 * {@code 1952-11-14}: a parent and child, not a typo). Distances are counted in a calendar of 31-day months, so an
 * invalid day such as the 31st of February still compares.
 */
public final class DateComparator implements FieldComparator {
    private static final List<String> LEVELS = List.of("exact", "typo", "near", "year", "differs");
    private static final int MAXIMUM_EDITS = 2;
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(MAXIMUM_EDITS);
    private static final int DAYS_PER_MONTH = 31;
    private static final int DAYS_PER_YEAR = 12 * DAYS_PER_MONTH;
    private static final int MISTYPED_YEARS_APART = 10;

    @Override
    public int compare(final String left, final String right) {
        return level(left, right);
    }

    /** {@link #compare} of a stored date read from its bytes: two dates of eight characters; others by strings. */
    @Override
    public int compareCharacters(final String left, final CharSequence right) {
        return left.length() == 8 && right.length() == 8 ? level(left, right) : BY_STRINGS;
    }

    private static int level(final String left, final CharSequence right) {
        if (left.contentEquals(right)) {
            return 0;
        }
        if (left.length() == 8 && right.length() == 8 && Similarities.regionMatches(left, 0, right, 0, 4)
                && Similarities.regionMatches(left, 4, right, 6, 2) && Similarities.regionMatches(left, 6, right, 4, 2)) {
            return 1;
        }
        final int edits = Similarities.editDistance(DISTANCE, MAXIMUM_EDITS, left, right);
        if (edits == 1) {
            return 1;
        }
        if (edits == 2 && oneDateMistyped(left, right)) {
            return 2;
        }
        final int days = daysApart(left, right);
        if (days <= DAYS_PER_MONTH) {
            return 2;
        }
        return days <= DAYS_PER_YEAR ? 3 : 4;
    }

    /**
     * Whether two dates two edits apart are one date mistyped rather than two dates decades apart: the years at most
     * {@value #MISTYPED_YEARS_APART} apart, or the day and month alike (both edits in the year). Dates that are not
     * eight characters keep their edits.
     */
    private static boolean oneDateMistyped(final CharSequence left, final CharSequence right) {
        if (left.length() != 8 || right.length() != 8 || Similarities.regionMatches(left, 4, right, 4, 4)) {
            return true;
        }
        final int leftYear = number(left, 0, 4);
        final int rightYear = number(right, 0, 4);
        return leftYear < 0 || rightYear < 0 || Math.abs(leftYear - rightYear) <= MISTYPED_YEARS_APART;
    }

    /** How far apart two {@code yyyyMMdd} dates are in days of a 31-day-month calendar, or MAX_VALUE if unreadable. */
    private static int daysApart(final CharSequence left, final CharSequence right) {
        final int leftDay = dayNumber(left);
        final int rightDay = dayNumber(right);
        return leftDay < 0 || rightDay < 0 ? Integer.MAX_VALUE : Math.abs(leftDay - rightDay);
    }

    private static int dayNumber(final CharSequence date) {
        if (date.length() != 8) {
            return -1;
        }
        final int year = number(date, 0, 4);
        final int month = number(date, 4, 6);
        final int day = number(date, 6, 8);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > DAYS_PER_MONTH) {
            return -1;
        }
        return year * DAYS_PER_YEAR + (month - 1) * DAYS_PER_MONTH + day;
    }

    /** The decimal number of the characters from {@code start} to {@code end}, or -1 if one is not a digit. */
    private static int number(final CharSequence date, final int start, final int end) {
        int number = 0;
        for (int i = start; i < end; i++) {
            final int digit = date.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            number = number * 10 + digit;
        }
        return number;
    }

    @Override
    public List<String> levels() {
        return LEVELS;
    }
}
