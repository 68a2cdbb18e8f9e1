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
        return level(left, right);
    }

    @Override
    public int compareCharacters(final String left, final CharSequence right) {
        return level(left, right);
    }

    private static int level(final String left, final CharSequence right) {
        if (left.contentEquals(right)) {
            return 0;
        }
        if (left.length() >= SUFFIX_DIGITS && right.length() >= SUFFIX_DIGITS
                && Similarities.regionMatches(left, left.length() - SUFFIX_DIGITS, right, right.length() - SUFFIX_DIGITS, SUFFIX_DIGITS)) {
            return 1;
        }
        return 2;
    }

    @Override
    public List<String> levels() {
        return LEVELS;
    }
}
