package dev.nificrm.match;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.List;

/**
 * Compares dates normalised to {@code yyyyMMdd}: exact; typo (one digit differs, or day and month swapped);
 * near (two digits differ, e.g. a shifted day and year); differs.
 */
public final class DateComparator implements FieldComparator {
    private static final List<String> LEVELS = List.of("exact", "typo", "near", "differs");
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(2);

    @Override
    public int compare(final String left, final String right) {
        if (left.equals(right)) {
            return 0;
        }
        if (left.length() == 8 && right.length() == 8 && left.regionMatches(0, right, 0, 4)
                && left.regionMatches(4, right, 6, 2) && left.regionMatches(6, right, 4, 2)) {
            return 1;
        }
        final int edits = DISTANCE.apply(left, right);
        if (edits == 1) {
            return 1;
        }
        return edits == 2 ? 2 : 3;
    }

    @Override
    public List<String> levels() {
        return LEVELS;
    }
}
