package dev.nificrm.match;

import org.apache.commons.codec.language.DoubleMetaphone;

import java.util.Objects;

/**
 * Tells two alike family names that are two families' ({@code Ferrara}/{@code Ferrari}, {@code Nilsson}/{@code Nielsen},
 * {@code Moreira}/{@code Monteiro}, {@code Lindström}/{@code Lindberg}) from one name mistyped ({@code Jansen}/{@code Janssen},
 * {@code Smiht}/{@code Smith}, {@code Meyer}/{@code Meier}). A typo drops, adds, changes or swaps a letter; a name heard and
 * written again may take a few letters more where it still sounds the same; a scrambled one keeps its letters. So two
 * folded names are two names when neither holds the other as a word or as its start (a double-barrelled or cut-off name),
 * they are not made of the same letters ({@code lwisliam}/{@code williams}), and
 * <ul>
 * <li>they are more than two edits apart (letters inserted, dropped, changed, or two neighbours swapped): {@code nilsson}/
 * {@code nielsen}, {@code lindstrom}/{@code lindberg}; or</li>
 * <li>two edits apart and they do not sound alike (whole Double Metaphone codes): {@code moreira}/{@code monteiro}, where
 * {@code meyer}/{@code maier} sound alike and stay one name; or</li>
 * <li>one edit apart, the last letter, a vowel for another vowel, after a stem of four letters or more: the Romance
 * surnames that make one family's name from another's by its final vowel ({@code ferrara}/{@code ferrari},
 * {@code rossi}/{@code rosso}, {@code marino}/{@code marini}).</li>
 * </ul>
 * Whatever the names, a person decides with the rest of the records: {@link Matcher#tellApart} asks this only of records
 * whose own mailboxes disagree too (neither the same nor a typo of one another).
 */
final class FamilyNames {
    /** The shortest stem a final vowel is read on: {@code ross}i/{@code ross}o, not {@code riv}a/{@code riv}o. */
    private static final int SHORTEST_STEM = 4;
    /** Longer than any name's code: the blocking codes stop at four letters. */
    private static final int WHOLE_CODE_LETTERS = 32;

    private final DoubleMetaphone wholeCodes = new DoubleMetaphone();

    FamilyNames() {
        wholeCodes.setMaxCodeLen(WHOLE_CODE_LETTERS);
    }

    /** Whether two folded family names of one value each are two families' names rather than one mistyped (see the type). */
    boolean areTwoNames(final String left, final String right) {
        if (left.equals(right) || left.startsWith(right) || right.startsWith(left) || Matcher.shareAWord(left, right)
                || sameLetters(left, right)) {
            return false;
        }
        if (withinEdits(left, 0, right, 0, 1)) {
            return differInTheFinalVowel(left, right);
        }
        return !withinEdits(left, 0, right, 0, 2)
                || !Objects.equals(wholeCodes.doubleMetaphone(left), wholeCodes.doubleMetaphone(right));
    }

    /**
     * Whether {@code left} from {@code leftFrom} and {@code right} from {@code rightFrom} are at most {@code edits} apart
     * (optimal string alignment: an insertion, a deletion, a substitution or a swap of two neighbours each). Walks the
     * strings without allocating; with two edits at most it looks at no more than 21 alignments.
     */
    static boolean withinEdits(final String left, final int leftFrom, final String right, final int rightFrom, final int edits) {
        int leftAt = leftFrom;
        int rightAt = rightFrom;
        while (leftAt < left.length() && rightAt < right.length() && left.charAt(leftAt) == right.charAt(rightAt)) {
            leftAt++;
            rightAt++;
        }
        final int leftRest = left.length() - leftAt;
        final int rightRest = right.length() - rightAt;
        if (leftRest == 0 || rightRest == 0) {
            return Math.max(leftRest, rightRest) <= edits;
        }
        if (edits == 0 || Math.abs(leftRest - rightRest) > edits) {
            return false;
        }
        return withinEdits(left, leftAt + 1, right, rightAt + 1, edits - 1)
                || withinEdits(left, leftAt + 1, right, rightAt, edits - 1)
                || withinEdits(left, leftAt, right, rightAt + 1, edits - 1)
                || leftRest >= 2 && rightRest >= 2 && left.charAt(leftAt) == right.charAt(rightAt + 1) && left.charAt(leftAt + 1) == right.charAt(rightAt)
                && withinEdits(left, leftAt + 2, right, rightAt + 2, edits - 1);
    }

    /** Whether two names are made of the same letters, each as often: one name shuffled ({@code lwisliam}/{@code williams}). */
    static boolean sameLetters(final String left, final String right) {
        if (left.length() != right.length()) {
            return false;
        }
        for (int at = 0; at < left.length(); at++) {
            final char letter = left.charAt(at);
            if (left.indexOf(letter) == at && count(left, letter) != count(right, letter)) {
                return false;
            }
        }
        return true;
    }

    private static int count(final String name, final char letter) {
        int count = 0;
        for (int at = 0; at < name.length(); at++) {
            if (name.charAt(at) == letter) {
                count++;
            }
        }
        return count;
    }

    /** Whether two names of one length differ only in their last letters, two vowels, after a stem of four letters or more. */
    private static boolean differInTheFinalVowel(final String left, final String right) {
        final int stem = left.length() - 1;
        return stem >= SHORTEST_STEM && right.length() == left.length() && left.regionMatches(0, right, 0, stem)
                && isVowel(left.charAt(stem)) && isVowel(right.charAt(stem));
    }

    private static boolean isVowel(final char letter) {
        return "aeiou".indexOf(letter) >= 0;
    }
}
