package dev.nificrm.match;

import java.util.Arrays;
import java.util.List;

/**
 * Agrees by Jaro-Winkler similarity (Commons Text) on folded text: cities, companies, generic fields. Multi-word
 * values are also compared with their words sorted, so {@code "acme widgets"} and {@code "widgets acme"} agree.
 * A {@code saint} or {@code sainte} both start with is left out of the likeness ({@code saint james}/{@code saint kilda}
 * differ). Levels: exact, close (≥ 0.92), similar (≥ 0.80), differs.
 */
public final class TextComparator implements FieldComparator {

    /** Words many place names start with, which make two different places look alike ({@code saint denis}/{@code saint etienne}). */
    private static final String[] SHARED_STARTS = {"saint ", "sainte "};

    @Override
    public int compare(final String left, final String right) {
        if (left.equals(right)) {
            return 0;
        }
        for (final String start : SHARED_STARTS) {
            if (left.startsWith(start) && right.startsWith(start)) {
                return compare(left.substring(start.length()), right.substring(start.length()));
            }
        }
        // decided only at 0.92 and 0.80: a similarity proven below 0.80 needs no computing
        double similarity = Similarities.jaroWinkler(left, right, 0.80);
        if (similarity < 0.92 && left.indexOf(' ') > 0 && right.indexOf(' ') > 0) {
            similarity = Math.max(similarity, Similarities.jaroWinkler(sortedWords(left), sortedWords(right), 0.80));
        }
        if (similarity >= 0.92) {
            return 1;
        }
        return similarity >= 0.80 ? 2 : 3;
    }

    static String sortedWords(final String value) {
        final String[] words = value.split(" ");
        Arrays.sort(words);
        return String.join(" ", words);
    }

    @Override
    public List<String> levels() {
        return Similarities.GRADED_LEVELS;
    }
}
