package dev.nificrm.match;

import java.util.List;
import java.util.Objects;

/**
 * Compares folded person names: exact (also when only the umlauts or Nordic vowels are written another way, {@code muller}/{@code mueller}, see
 * {@link Umlauts}); close (Jaro-Winkler ≥ 0.92 or nicknames of one name, {@code bob}/
 * {@code robert}); similar (Jaro-Winkler ≥ 0.80, the same Double Metaphone code, or an initial that fits the other
 * name, or one name romanised from Cyrillic or Arabic another way, {@code Jurij}/{@code Yuri}, {@code Chalid}/{@code Khaled}:
 * {@link Transliterations}); differs. Swapped first and last names are detected by {@link Comparison}, which knows both
 * fields.
 */
public final class NameComparator implements FieldComparator {
    private static final double PHONETIC_GATE = 0.6;

    /** The primary codes that Commons Codec's {@code isDoubleMetaphoneEqual} compares: its matcher's, each name's computed once. */
    private final PhoneticCodes phoneticCodes;
    private final Nicknames nicknames;

    /** A comparator with Double Metaphone codes of its own. */
    public NameComparator(final Nicknames nicknames) {
        this(nicknames, new PhoneticCodes());
    }

    /** A comparator asking a matcher's codes, shared with the matcher's other name comparators and blocking rules. */
    NameComparator(final Nicknames nicknames, final PhoneticCodes phoneticCodes) {
        this.nicknames = nicknames;
        this.phoneticCodes = phoneticCodes;
    }

    @Override
    public int compare(final String left, final String right) {
        return level(left, right);
    }

    /**
     * {@link #compare} of a name and one given as its characters (a stored name read where the store holds it): the
     * same level; a string of {@code right} is asked for ({@link CharSequence#toString}) only where its phonetic code or
     * transliteration skeleton decides and the matcher's {@link PhoneticCodes} do not keep it (a name met first, or beyond
     * their bound), so a pair told by its Jaro-Winkler bound, the similarity, nicknames or initials makes none, nor one
     * told by the kept code or skeleton of a name.
     */
    @Override
    public int compareCharacters(final String left, final CharSequence right) {
        return level(left, right);
    }

    private int level(final String left, final CharSequence right) {
        if (left.contentEquals(right) || writeUmlautsAnotherWay(left, right)) {
            return 0;
        }
        // the similarity is computed only where its bound leaves the level open: a NaN similarity is not computed
        final double bound = Similarities.jaroWinklerUpperBound(left, right, PHONETIC_GATE);
        double similarity = Double.NaN;
        if (!Similarities.isBelow(bound, 0.92)) {
            similarity = Similarities.jaroWinkler(left, right);
            if (similarity >= 0.92) {
                return 1;
            }
        }
        if (nicknames.areAlternatives(left, right)) {
            return 1;
        }
        if (similarity >= 0.80 || isInitialOf(left, right) || isInitialOf(right, left)) {
            return 2;
        }
        if (Similarities.isBelow(bound, PHONETIC_GATE)) {
            return transliteratedOrDiffers(left, right);
        }
        // the codes are looked up only where they decide: a similarity at 0.80 or more is similar, below the gate it differs
        if (Double.isNaN(similarity)) {
            if (Similarities.isBelow(bound, 0.80)) {
                if (!soundAlike(left, right)) {
                    return transliteratedOrDiffers(left, right);
                }
                // names that sound alike are similar from the gate on (0.80 and up included)
                return Similarities.jaroWinkler(left, right) >= PHONETIC_GATE ? 2 : transliteratedOrDiffers(left, right);
            }
            similarity = Similarities.jaroWinkler(left, right);
        }
        if (similarity >= 0.80) {
            return 2;
        }
        return similarity >= PHONETIC_GATE && soundAlike(left, right) ? 2 : transliteratedOrDiffers(left, right);
    }

    /**
     * Similar where two names far apart in spelling are one name romanised two ways (one {@link Transliterations}
     * skeleton: {@code Jurij}/{@code Yuri}, {@code Jewgeni}/{@code Yevgeny}), else differs.
     */
    private int transliteratedOrDiffers(final String left, final CharSequence right) {
        // most names far apart start their skeletons apart: told from their first letters, without a look-up
        final char start = Transliterations.skeletonStart(left);
        if (start == 0 || start != Transliterations.skeletonStart(right)) {
            return 3;
        }
        final String skeleton = phoneticCodes.skeleton(left);
        return skeleton != null && skeleton.equals(phoneticCodes.skeleton(right)) ? 2 : 3;
    }

    /**
     * Whether two names differ only in how umlauts and Nordic vowels are written (Jürgen = Juergen = Jurgen, Åse = Aase),
     * the longer spelling of four letters or more (Bär = Baer); names of three letters are other names (Jo/Joe, Ra/Rae), as
     * is a name whose e before a final l is a syllable (Michael/Michal).
     */
    private static boolean writeUmlautsAnotherWay(final String left, final CharSequence right) {
        return Math.max(left.length(), right.length()) >= Umlauts.NAME_LETTERS && Umlauts.sameNameSpelling(left, right);
    }

    private boolean soundAlike(final String left, final CharSequence right) {
        return Objects.equals(phoneticCodes.code(left), phoneticCodes.code(right));
    }

    PhoneticCodes phoneticCodes() {
        return phoneticCodes;
    }

    private static boolean isInitialOf(final CharSequence initial, final CharSequence name) {
        return initial.length() == 1 && name.charAt(0) == initial.charAt(0);
    }

    @Override
    public List<String> levels() {
        return Similarities.GRADED_LEVELS;
    }
}
