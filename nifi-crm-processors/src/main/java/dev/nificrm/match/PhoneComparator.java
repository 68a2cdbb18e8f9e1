package dev.nificrm.match;

import java.util.List;

/**
 * Compares phones in E.164: exact; suffix (the last seven digits agree: the same national number written with and
 * without a country or trunk code); differs.
 */
public final class PhoneComparator implements FieldComparator {
    private static final List<String> LEVELS = List.of("exact", "suffix", "differs");
    private static final int SUFFIX_DIGITS = 7;

    @Override
    public int compare(final String left, final String right) {
        if (left.equals(right)) {
            return 0;
        }
        if (left.length() >= SUFFIX_DIGITS && right.length() >= SUFFIX_DIGITS
                && left.regionMatches(left.length() - SUFFIX_DIGITS, right, right.length() - SUFFIX_DIGITS, SUFFIX_DIGITS)) {
            return 1;
        }
        return 2;
    }

    @Override
    public List<String> levels() {
        return LEVELS;
    }
}
