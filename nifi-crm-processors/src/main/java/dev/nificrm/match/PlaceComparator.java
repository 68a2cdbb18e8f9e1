package dev.nificrm.match;

import java.util.List;

/**
 * Compares folded place names (cities, towns, suburbs) as {@link TextComparator} does, with an umlaut one letter however
 * it was written: with its dots, as {@code ae}/{@code oe}/{@code ue} or without either ({@link Umlauts}), in names of four
 * letters or more, so that {@code Au} and {@code Aue} stay two places.
 * <pre>
 * PlaceComparator places = new PlaceComparator();
 * places.compare("munchen", "muenchen");   // 0: "exact"
 * places.compare("zurich", "zuerich");     // 0: "exact"
 * places.compare("au", "aue");            // 2: "similar" (a place of its own)
 * </pre>
 */
public final class PlaceComparator implements FieldComparator {
    private final TextComparator text = new TextComparator();

    @Override
    public int compare(final String left, final String right) {
        if (samePlace(left, right)) {
            return 0;
        }
        return text.compare(left, right);
    }

    /**
     * {@link #compare} of a stored place read from its bytes ({@link CandidateKeys}): the same steps on the same
     * characters ({@link TextComparator#compareCharacters}), {@link #BY_STRINGS} where the text's words are to be sorted.
     */
    @Override
    public int compareCharacters(final String left, final CharSequence right) {
        if (samePlace(left, right)) {
            return 0;
        }
        return text.compareCharacters(left, right);
    }

    private static boolean samePlace(final String left, final CharSequence right) {
        return left.contentEquals(right)
                || Math.min(left.length(), right.length()) >= Umlauts.PLACE_LETTERS && Umlauts.sameSpelling(left, right);
    }

    @Override
    public List<String> levels() {
        return text.levels();
    }
}
