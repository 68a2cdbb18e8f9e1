package dev.nificrm.match;

import org.apache.commons.codec.language.DoubleMetaphone;

import java.util.List;

/**
 * Compares folded person names: exact; close (Jaro-Winkler ≥ 0.92 or nicknames of one name, {@code bob}/
 * {@code robert}); similar (Jaro-Winkler ≥ 0.80, the same Double Metaphone code, or an initial that fits the other
 * name); differs. Swapped first and last names are detected by {@link Comparison}, which knows both fields.
 */
public final class NameComparator implements FieldComparator {
    private static final double PHONETIC_GATE = 0.6;

    private final DoubleMetaphone metaphone = new DoubleMetaphone();
    private final Nicknames nicknames;

    public NameComparator(final Nicknames nicknames) {
        this.nicknames = nicknames;
    }

    @Override
    public int compare(final String left, final String right) {
        if (left.equals(right)) {
            return 0;
        }
        // every threshold below is at least the phonetic gate: a similarity proven below it needs no computing
        final double similarity = Similarities.jaroWinkler(left, right, PHONETIC_GATE);
        if (similarity >= 0.92 || nicknames.areAlternatives(left, right)) {
            return 1;
        }
        // the phonetic code is only worth computing for names that are not far apart already (it is the costly part)
        if (similarity >= 0.80 || isInitialOf(left, right) || isInitialOf(right, left)
                || similarity >= PHONETIC_GATE && metaphone.isDoubleMetaphoneEqual(left, right)) {
            return 2;
        }
        return 3;
    }

    private static boolean isInitialOf(final String initial, final String name) {
        return initial.length() == 1 && name.charAt(0) == initial.charAt(0);
    }

    @Override
    public List<String> levels() {
        return Similarities.GRADED_LEVELS;
    }
}
