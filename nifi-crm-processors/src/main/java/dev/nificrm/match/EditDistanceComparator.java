package dev.nificrm.match;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.List;

/**
 * Agrees by the number of single-character edits (Commons Text Levenshtein distance) between two codes: postcodes
 * ({@code 5245}/{@code 5254} are two edits apart), national ids and other identifiers with typos. Levels: exact,
 * 1edit ... {@code maxEdits} edits, differs.
 */
public final class EditDistanceComparator implements FieldComparator {
    private final LevenshteinDistance distance;
    private final int maxEdits;
    private final List<String> levels;

    public EditDistanceComparator(final int maxEdits) {
        this.distance = new LevenshteinDistance(maxEdits);
        this.maxEdits = maxEdits;
        final List<String> names = new ArrayList<>();
        names.add("exact");
        for (int edits = 1; edits <= maxEdits; edits++) {
            names.add(edits + "edit");
        }
        names.add("differs");
        this.levels = List.copyOf(names);
    }

    @Override
    public int compare(final String left, final String right) {
        return level(left, right);
    }

    /** {@link #compare} of a stored code read from its bytes ({@link CandidateKeys}): the same steps on the same characters. */
    @Override
    public int compareCharacters(final String left, final CharSequence right) {
        return level(left, right);
    }

    private int level(final String left, final CharSequence right) {
        if (left.contentEquals(right)) {
            return 0;
        }
        final int edits = Similarities.editDistance(distance, maxEdits, left, right);
        return edits < 0 ? levels.size() - 1 : edits;
    }

    @Override
    public List<String> levels() {
        return levels;
    }
}
