package dev.nificrm.match;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Tells whether a word of an organisation name key is a typo of a common word ({@code financil}, {@code servcies},
 * {@code consultng}), so that a comparator reads it as the common word it misspells and not as a distinctive word.
 * A typo here is what one slip of the keyboard makes of a word, kept narrow so that brands and surnames a letter away
 * from a common word stay distinctive:
 * <ul>
 * <li>both words have at least {@value #SHORTEST} letters: among shorter words one edit is often another real word
 * ({@code cafe}/{@code care}, {@code labs}/{@code laps});</li>
 * <li>both start with the same letter: typos seldom touch the first letter, and words one letter apart at the start
 * are often other words ({@code house}/{@code mouse}, {@code hotel}/{@code motel}, {@code tavern}/{@code cavern});</li>
 * <li>one edit (Commons Text's Levenshtein distance: a letter left out, added or replaced) from a common word of up
 * to seven letters, two edits from a longer one ({@code fiancial}, {@code servcies}), or two neighbouring letters
 * swapped at any length ({@code finacnial}, {@code goupr} is not one of {@code group}).</li>
 * </ul>
 * The common words are indexed once by first letter and length, so that a word is tested against the few common
 * words it may be a typo of (those starting with its letter, at most two letters longer or shorter), each with a
 * limited edit distance: no scan of the list and nothing compiled per word.
 */
final class CommonWordTypos {
    /** The fewest letters of a word (and of the common word it misspells) read as a typo. */
    static final int SHORTEST = 5;
    /** The fewest letters of a common word that an edit (not a swap) may misspell. */
    static final int EDITS_FROM = 6;
    /** The fewest letters of a common word that two edits may misspell. */
    static final int TWO_EDITS_FROM = 8;
    private static final int MOST_EDITS = 2;
    private static final LevenshteinDistance ONE_EDIT = new LevenshteinDistance(1);
    private static final LevenshteinDistance TWO_EDITS = new LevenshteinDistance(MOST_EDITS);
    private static final String[] NONE = {};

    /** The common words by first letter ({@code a} to {@code z}) and length. */
    private final String[][][] byLetterAndLength;

    /** An index of the common words (folded, as keys write them) of {@link #SHORTEST} letters or more starting with a to z. */
    CommonWordTypos(final Collection<String> commonWords) {
        int longest = 0;
        for (final String word : commonWords) {
            longest = Math.max(longest, word.length());
        }
        final List<List<List<String>>> lists = new ArrayList<>();
        for (int letter = 0; letter < 26; letter++) {
            final List<List<String>> byLength = new ArrayList<>();
            for (int length = 0; length <= longest; length++) {
                byLength.add(new ArrayList<>());
            }
            lists.add(byLength);
        }
        for (final String word : commonWords) {
            final char first = word.isEmpty() ? ' ' : word.charAt(0);
            if (word.length() >= SHORTEST && first >= 'a' && first <= 'z') {
                lists.get(first - 'a').get(word.length()).add(word);
            }
        }
        byLetterAndLength = new String[26][longest + 1][];
        for (int letter = 0; letter < 26; letter++) {
            for (int length = 0; length <= longest; length++) {
                final List<String> words = lists.get(letter).get(length);
                byLetterAndLength[letter][length] = words.isEmpty() ? NONE : words.toArray(String[]::new);
            }
        }
    }

    /** Whether a word is a typo of one of the common words (or, of five letters or more, one of them). */
    boolean isTypo(final String word) {
        final int length = word.length();
        final char first = length == 0 ? ' ' : word.charAt(0);
        if (length < SHORTEST || first < 'a' || first > 'z') {
            return false;
        }
        final String[][] byLength = byLetterAndLength[first - 'a'];
        final int from = Math.max(SHORTEST, length - MOST_EDITS);
        final int to = Math.min(byLength.length - 1, length + MOST_EDITS);
        for (int commonLength = from; commonLength <= to; commonLength++) {
            for (final String common : byLength[commonLength]) {
                if (isTypoOf(word, common)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a word is one of the typos of a common word of the same first letter. */
    private static boolean isTypoOf(final String word, final String common) {
        if (isSwap(word, common)) {
            return true;
        }
        if (common.length() < EDITS_FROM || word.length() < EDITS_FROM
                || word.charAt(word.length() - 1) != common.charAt(common.length() - 1)) {
            return false;
        }
        final boolean longWord = common.length() >= TWO_EDITS_FROM;
        if (Math.abs(word.length() - common.length()) > (longWord ? MOST_EDITS : 1)) {
            return false;
        }
        return longWord ? Similarities.editDistance(TWO_EDITS, MOST_EDITS, word, common) >= 0
                : Similarities.editDistance(ONE_EDIT, 1, word, common) >= 0;
    }

    /** Whether two words of one length differ by two neighbouring letters swapped. */
    private static boolean isSwap(final String word, final String common) {
        if (word.length() != common.length()) {
            return false;
        }
        int i = 0;
        while (i < word.length() && word.charAt(i) == common.charAt(i)) {
            i++;
        }
        return i + 1 < word.length() && word.charAt(i) == common.charAt(i + 1) && word.charAt(i + 1) == common.charAt(i)
                && word.regionMatches(i + 2, common, i + 2, word.length() - i - 2);
    }
}
