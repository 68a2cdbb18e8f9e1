package dev.nificrm.match;

import java.util.List;

/**
 * Compares normalised email addresses: exact; close (Jaro-Winkler ≥ 0.95 on the whole address: a typo); similar
 * (the same local part at another domain, or local parts with Jaro-Winkler ≥ 0.88); differs.
 */
public final class EmailComparator implements FieldComparator {

    @Override
    public int compare(final String left, final String right) {
        if (left.equals(right)) {
            return 0;
        }
        // the local parts are compared where they are: most pairs are decided without cutting them out
        final int leftLocalLength = localLength(left);
        final int rightLocalLength = localLength(right);
        if (leftLocalLength == rightLocalLength && left.regionMatches(0, right, 0, leftLocalLength)) {
            // a mistyped domain is the same mailbox; john.smith at another provider may well be another John Smith
            return Similarities.jaroWinkler(left, right, 0.95) >= 0.95 ? 1 : 2;
        }
        // addresses whose local parts are far apart cannot be a typo of each other: skip the costlier whole comparison
        final double localSimilarity = Similarities.jaroWinkler(left, leftLocalLength, right, rightLocalLength, 0.80);
        if (localSimilarity < 0.80) {
            return 3;
        }
        if (Similarities.jaroWinkler(left, right, 0.95) >= 0.95) {
            return 1;
        }
        return localSimilarity >= 0.88 ? 2 : 3;
    }

    static String localPart(final String email) {
        return email.substring(0, localLength(email));
    }

    /** The length of the part before the last {@code @}, the whole length when there is none. */
    private static int localLength(final String email) {
        final int at = email.lastIndexOf('@');
        return at < 0 ? email.length() : at;
    }

    /** The part after the last {@code @}, or null when there is none. */
    static String domain(final String email) {
        final int at = email.lastIndexOf('@');
        return at < 0 || at == email.length() - 1 ? null : email.substring(at + 1);
    }

    @Override
    public List<String> levels() {
        return Similarities.GRADED_LEVELS;
    }
}
