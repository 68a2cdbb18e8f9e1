package dev.nificrm.match;

/**
 * Whether two folded keys are one spelling up to how German umlauts and the Nordic vowels were written: with the dots
 * or the stroke (folded away, {@code Müller} and {@code Møller} → {@code muller}, {@code moller}), as the transliteration
 * {@code ae}/{@code oe}/{@code ue} ({@code mueller}, {@code moeller}), or without either ({@code muller}). The keys write
 * {@code ß} as {@code ss}, {@code æ} as {@code ae} and {@code þ} as {@code th} already ({@link ComparisonKeys#fold}).
 * <pre>
 * Umlauts.sameSpelling("mueller bau", "muller bau")   // true
 * Umlauts.sameSpelling("schroeder", "schroder")       // true
 * Umlauts.sameSpelling("mueller", "miller")           // false
 * Umlauts.sameNameSpelling("aase", "ase")             // true: Åse, written as Danish and Norwegian do without the ring
 * </pre>
 * Only an {@code e} after {@code a}, {@code o} or {@code u} may be left out on one side, which is the transliteration;
 * any other difference is a difference. In person names ({@link #sameNameSpelling}) an {@code e} between such a vowel and
 * an {@code l} or {@code la} that ends the name is a syllable of its own, as in the names of the Bible and the Romance
 * languages ({@code Michael}, {@code Samuel}, {@code Manuel}, {@code Michaela}), which no German umlaut stands before:
 * {@code Michael}/{@code Michal} and {@code Rafael}/{@code Rafal} are two names; and an {@code a} after an {@code a} may
 * be left out too, as {@code aa} is how Danish and Norwegian write {@code å} without it ({@code Aase}/{@code Åse},
 * {@code Aalund}/{@code Ålund}). Places and companies do not read {@code aa} so: {@code Aachen}, {@code Maastricht} and
 * {@code Saab} are written so in every source.
 */
final class Umlauts {
    /** Places of fewer letters keep their {@code e}: {@code Au} and {@code Aue} are two places. */
    static final int PLACE_LETTERS = 4;
    /**
     * Names written in fewer letters keep them: {@code Jo} and {@code Joe} are two names. The letters are counted in the
     * longer spelling, the transliterated one ({@code Baer}/{@code Bär}, {@code Aase}/{@code Åse} are one name).
     */
    static final int NAME_LETTERS = 4;

    private Umlauts() {
    }

    /** Whether two keys differ at most in how umlauts are written. */
    static boolean sameSpelling(final CharSequence left, final CharSequence right) {
        return sameSpelling(left, right, false);
    }

    /**
     * Whether two person names differ at most in how umlauts are written, where an {@code e} before an {@code l} or
     * {@code la} that ends a name is no umlaut ({@code Michael}/{@code Michal} differ, {@code Mueller}/{@code Muller} do not).
     */
    static boolean sameNameSpelling(final CharSequence left, final CharSequence right) {
        return sameSpelling(left, right, true);
    }

    private static boolean sameSpelling(final CharSequence left, final CharSequence right, final boolean names) {
        int i = 0;
        int j = 0;
        while (i < left.length() && j < right.length()) {
            final char l = left.charAt(i);
            final char r = right.charAt(j);
            if (l == r) {
                i++;
                j++;
            } else if (isLeftOut(left, i, names)) {
                i++;
            } else if (isLeftOut(right, j, names)) {
                j++;
            } else {
                return false;
            }
        }
        if (i < left.length()) {
            return i + 1 == left.length() && isLeftOut(left, i, names);
        }
        if (j < right.length()) {
            return j + 1 == right.length() && isLeftOut(right, j, names);
        }
        return true;
    }

    /**
     * A person name key written one way however its umlauts and Nordic vowels were written, for the keys names are blocked
     * on: every {@code e} after an {@code a}, {@code o} or {@code u} left out, but one before an {@code l} or {@code la}
     * that ends the name, and every {@code a} after an {@code a}, in keys of {@value #NAME_LETTERS} letters or more, so
     * that the spellings the name comparator calls exact share their blocks.
     * <pre>
     * Umlauts.nameSpelling("mueller")    // "muller", as "muller" (Müller)
     * Umlauts.nameSpelling("aase")       // "ase", as "ase" (Åse)
     * Umlauts.nameSpelling("michael")    // "michael": an e before a final l is a syllable
     * Umlauts.nameSpelling("joe")        // "joe": a name of three letters is left as it is
     * </pre>
     */
    static String nameSpelling(final String key) {
        if (key.length() < NAME_LETTERS || !hasLeftOut(key)) {
            return key;
        }
        final StringBuilder builder = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            if (!isLeftOut(key, i, true)) {
                builder.append(key.charAt(i));
            }
        }
        return builder.toString();
    }

    /** Whether a name key holds a letter {@link #nameSpelling} leaves out, without building it. */
    private static boolean hasLeftOut(final String key) {
        for (int i = 1; i < key.length(); i++) {
            if (isLeftOut(key, i, true)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the letter at an index may be left out on one side: the {@code e} of a transliterated umlaut, and in names the
     * second {@code a} of a transliterated {@code å}.
     */
    private static boolean isLeftOut(final CharSequence key, final int index, final boolean names) {
        final char c = key.charAt(index);
        if (c == 'e') {
            return isWrittenUmlaut(key, index, names);
        }
        return names && c == 'a' && index > 0 && key.charAt(index - 1) == 'a';
    }

    /**
     * A place key written one way however its umlauts were written, for the keys places are blocked on: every {@code e}
     * after an {@code a}, {@code o} or {@code u} left out, in keys of {@value #PLACE_LETTERS} letters or more (as
     * {@link PlaceComparator} compares them), so that the spellings it calls exact share their blocks.
     * <pre>
     * Umlauts.placeSpelling("muenchen")   // "munchen", as "munchen" (München)
     * Umlauts.placeSpelling("zuerich")    // "zurich"
     * Umlauts.placeSpelling("aue")        // "aue": a place of three letters is left as it is
     * </pre>
     */
    static String placeSpelling(final String key) {
        if (key.length() < PLACE_LETTERS || !hasWrittenUmlaut(key, key.length())) {
            return key;
        }
        final StringBuilder builder = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) != 'e' || !followsUmlautVowel(key, i)) {
                builder.append(key.charAt(i));
            }
        }
        return builder.toString();
    }

    /** The first {@code letters} characters of {@link #placeSpelling}, without writing the rest of it. */
    static String placeSpellingPrefix(final String key, final int letters) {
        final StringBuilder builder = new StringBuilder(letters);
        writePlaceSpellingPrefix(key, key.length(), letters, builder);
        return builder.toString();
    }

    /**
     * Writes the first {@code letters} characters of the {@link #placeSpelling} of the key's first {@code end} characters
     * at the end of a builder, without cutting them out of the key.
     */
    static void writePlaceSpellingPrefix(final String key, final int end, final int letters, final StringBuilder into) {
        // an e left out among the letters the prefix takes changes it, one after them does not
        if (end < PLACE_LETTERS || !hasWrittenUmlaut(key, Math.min(end, letters))) {
            into.append(key, 0, Math.min(end, letters));
            return;
        }
        int written = 0;
        for (int i = 0; i < end && written < letters; i++) {
            if (key.charAt(i) != 'e' || !followsUmlautVowel(key, i)) {
                into.append(key.charAt(i));
                written++;
            }
        }
    }

    /** Whether the key's first {@code end} characters hold an {@code e} after an {@code a}, {@code o} or {@code u}. */
    private static boolean hasWrittenUmlaut(final String key, final int end) {
        for (int i = 1; i < end; i++) {
            if (key.charAt(i) == 'e' && followsUmlautVowel(key, i)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the {@code e} at an index may be the second letter of a transliterated umlaut. */
    private static boolean isWrittenUmlaut(final CharSequence key, final int index, final boolean names) {
        return followsUmlautVowel(key, index) && !(names && beforeFinalL(key, index));
    }

    /** Whether the {@code e} at an index stands before an {@code l} or {@code la} that ends its word ({@code michael}, {@code michaela}). */
    private static boolean beforeFinalL(final CharSequence key, final int index) {
        final int l = index + 1;
        if (l >= key.length() || key.charAt(l) != 'l') {
            return false;
        }
        final int after = l + 1;
        final int end = after < key.length() && key.charAt(after) == 'a' ? after + 1 : after;
        return end == key.length() || key.charAt(end) == ' ';
    }

    /** Whether the {@code e} at an index follows an {@code a}, {@code o} or {@code u}, as in a transliterated umlaut. */
    private static boolean followsUmlautVowel(final CharSequence key, final int index) {
        if (index == 0) {
            return false;
        }
        final char before = key.charAt(index - 1);
        return before == 'a' || before == 'o' || before == 'u';
    }
}
