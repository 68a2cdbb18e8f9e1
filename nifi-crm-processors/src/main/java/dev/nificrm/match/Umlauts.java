package dev.nificrm.match;

/**
 * Whether two folded keys are one spelling up to how German umlauts were written: with the dots (folded away,
 * {@code Müller} → {@code muller}), as the transliteration {@code ae}/{@code oe}/{@code ue} ({@code mueller}), or
 * without either ({@code muller}). The keys write {@code ß} as {@code ss} already.
 * <pre>
 * Umlauts.sameSpelling("mueller bau", "muller bau")   // true
 * Umlauts.sameSpelling("schroeder", "schroder")       // true
 * Umlauts.sameSpelling("mueller", "miller")           // false
 * </pre>
 * Only an {@code e} after {@code a}, {@code o} or {@code u} may be left out on one side, which is the transliteration;
 * any other difference is a difference.
 */
final class Umlauts {
    private Umlauts() {
    }

    /** Whether two keys differ at most in how umlauts are written. */
    static boolean sameSpelling(final String left, final String right) {
        int i = 0;
        int j = 0;
        while (i < left.length() && j < right.length()) {
            final char l = left.charAt(i);
            final char r = right.charAt(j);
            if (l == r) {
                i++;
                j++;
            } else if (l == 'e' && followsUmlautVowel(left, i)) {
                i++;
            } else if (r == 'e' && followsUmlautVowel(right, j)) {
                j++;
            } else {
                return false;
            }
        }
        if (i < left.length()) {
            return i + 1 == left.length() && left.charAt(i) == 'e' && followsUmlautVowel(left, i);
        }
        if (j < right.length()) {
            return j + 1 == right.length() && right.charAt(j) == 'e' && followsUmlautVowel(right, j);
        }
        return true;
    }

    /** Whether the {@code e} at an index follows an {@code a}, {@code o} or {@code u}, as in a transliterated umlaut. */
    private static boolean followsUmlautVowel(final String key, final int index) {
        if (index == 0) {
            return false;
        }
        final char before = key.charAt(index - 1);
        return before == 'a' || before == 'o' || before == 'u';
    }
}
