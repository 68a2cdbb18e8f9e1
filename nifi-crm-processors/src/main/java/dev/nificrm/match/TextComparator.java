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

    /** The sorted words of the values this comparator met last: held by its matcher, dropped with it. */
    private final SortedWords sortedWords = new SortedWords();

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
        // values whose words are in order already are compared as they are (the same similarity): no words split and joined;
        // the others' sorted words are made once per value (SortedWords), not for every pair the value is in
        if (similarity < 0.92 && left.indexOf(' ') > 0 && right.indexOf(' ') > 0) {
            final boolean leftInOrder = wordsInOrder(left);
            final boolean rightInOrder = wordsInOrder(right);
            if (!(leftInOrder && rightInOrder)) {
                similarity = Math.max(similarity, Similarities.jaroWinkler(leftInOrder ? left : sortedWords.of(left),
                        rightInOrder ? right : sortedWords.of(right), 0.80));
            }
        }
        if (similarity >= 0.92) {
            return 1;
        }
        return similarity >= 0.80 ? 2 : 3;
    }

    /**
     * {@link #compare} of a stored value read from its bytes ({@link CandidateKeys}): the same steps on the same
     * characters; {@link #BY_STRINGS} where both start with a shared start or where the words of one are to be sorted
     * ({@link SortedWords} keeps strings), which its string answers.
     */
    @Override
    public int compareCharacters(final String left, final CharSequence right) {
        if (left.contentEquals(right)) {
            return 0;
        }
        for (final String start : SHARED_STARTS) {
            if (left.startsWith(start) && right.length() >= start.length() && Similarities.regionMatches(right, 0, start, 0, start.length())) {
                return BY_STRINGS;
            }
        }
        final double similarity = Similarities.jaroWinkler(left, right, 0.80);
        if (similarity < 0.92 && left.indexOf(' ') > 0 && indexOf(right, ' ', 0) > 0 && !(wordsInOrder(left) && wordsInOrder(right))) {
            return BY_STRINGS;
        }
        if (similarity >= 0.92) {
            return 1;
        }
        return similarity >= 0.80 ? 2 : 3;
    }

    /**
     * Whether {@link #sortedWords} gives the value back as it is: its words (split at every space) in order and no space
     * at its end (which the split drops).
     */
    static boolean wordsInOrder(final CharSequence value) {
        if (!value.isEmpty() && value.charAt(value.length() - 1) == ' ') {
            return false;
        }
        int start = 0;
        int previousStart = -1;
        int previousEnd = -1;
        while (start <= value.length()) {
            int end = indexOf(value, ' ', start);
            if (end < 0) {
                end = value.length();
            }
            if (previousStart >= 0 && compareWords(value, previousStart, previousEnd, start, end) > 0) {
                return false;
            }
            previousStart = start;
            previousEnd = end;
            start = end + 1;
        }
        return true;
    }

    /** The first {@code c} in {@code value} from {@code from} on, or -1. */
    private static int indexOf(final CharSequence value, final char c, final int from) {
        if (value instanceof String string) {
            return string.indexOf(c, from);
        }
        for (int i = from; i < value.length(); i++) {
            if (value.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** {@link String#compareTo} of two words of one value, without cutting them out. */
    private static int compareWords(final CharSequence value, final int leftStart, final int leftEnd, final int rightStart, final int rightEnd) {
        final int leftLength = leftEnd - leftStart;
        final int rightLength = rightEnd - rightStart;
        final int shorter = Math.min(leftLength, rightLength);
        for (int i = 0; i < shorter; i++) {
            final char l = value.charAt(leftStart + i);
            final char r = value.charAt(rightStart + i);
            if (l != r) {
                return l - r;
            }
        }
        return leftLength - rightLength;
    }

    /**
     * The sorted words ({@link #sortedWords}) of the values a comparator compared last, in a small table indexed by the
     * value's hash: a value found there is not split, sorted and joined again; one whose place another took is sorted
     * anew. The same answer either way (a function of the value alone), so decisions do not depend on what it holds.
     * One table a comparator, so one a matcher's field, shared by the matcher's threads and dropped with the matcher
     * (the values are personal data: a table of each thread would outlive a processor's stop on NiFi's threads). Each
     * place holds a value with its sorted words in one immutable entry, so threads writing places at once leave each
     * place a consistent pair (a reference is written whole; final fields are seen as constructed).
     */
    static final class SortedWords {
        /**
         * Places in the table (a power of two): a few blocks' values; 16 KB of references and at most 4,096 values with
         * their sorted words (well under 1 MB a comparator for city and company names).
         */
        private static final int SIZE = 4096;
        private final Entry[] entries = new Entry[SIZE];

        private record Entry(String value, String sorted) {
        }

        String of(final String value) {
            final int hash = value.hashCode();
            final int place = (hash ^ hash >>> 16) & SIZE - 1;
            final Entry held = entries[place];
            if (held != null && held.value.equals(value)) {
                return held.sorted;
            }
            final String words = sortedWords(value);
            entries[place] = new Entry(value, words);
            return words;
        }
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
