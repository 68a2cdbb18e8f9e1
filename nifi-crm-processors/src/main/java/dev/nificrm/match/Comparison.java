package dev.nificrm.match;

import dev.nificrm.roles.Role;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How one field of two records is compared and weighed: the comparator that gives an agreement level, and for each
 * level the Fellegi-Sunter probabilities m (the level occurs when the records are the same person) and u (it occurs
 * by chance between different people). The weight of a level is {@code log2(m / u)} bits; a missing value on either
 * side weighs 0.
 * <p>
 * Keys may hold several values separated by {@link #VALUE_SEPARATOR} (a record with a phone and a mobile); the best
 * agreement between any two wins. A name field can name a partner field (first and last name): values swapped between
 * the two agree on the extra level {@code swapped}.
 */
public final class Comparison {
    /** Separates several values of one field inside a key. */
    public static final char VALUE_SEPARATOR = '\u001F';
    /** The level {@code similar} of a graded comparator ({@link Similarities#GRADED_LEVELS}). */
    private static final int SIMILAR = 2;
    /**
     * What mailboxes alike only by a given name are rated ({@link #mailboxLevel}): {@code differs}, as alike mailboxes at
     * two free-mail providers are; rated missing instead, every count measured the same, and colleagues' mailboxes of
     * their own at one domain would no longer differ ({@link Matcher#tellApart}).
     */
    private static final int ALIKE_BY_GIVEN_NAME = 3;

    private final MatchField field;
    private final int slot;
    private final int swapSlot;
    /** The slot of the given name whose mailboxes are alike by it alone ({@link #mailboxLevel}), or -1. */
    private final int givenNameSlot;
    /** The slot of the family name a mailbox's local part may start with ({@link #mailboxLevel}), or -1. */
    private final int familyNameSlot;
    private final FieldComparator comparator;
    private final List<String> levels;
    private final double[] m;
    private final double[] u;
    private final boolean termFrequencyAdjusted;

    /**
     * @param field                 the field compared
     * @param slot                  the position of the field's key in a record's keys
     * @param swapSlot              the position of the partner field whose values may be swapped with this one, or -1
     * @param comparator            the comparator of two values
     * @param m                     per level (with {@code swapped} before the last when there is a partner), m
     * @param u                     per level, u
     * @param termFrequencyAdjusted whether exact agreement is weighed by how rare the value is in the data
     */
    public Comparison(final MatchField field, final int slot, final int swapSlot, final FieldComparator comparator,
                      final double[] m, final double[] u, final boolean termFrequencyAdjusted) {
        this(field, slot, swapSlot, -1, -1, comparator, m, u, termFrequencyAdjusted);
    }

    /**
     * A comparison of mailboxes that reads the records' given names ({@code givenNameSlot}, or -1): mailboxes alike only
     * by the given name their local parts start with are no evidence of one person ({@link #mailboxLevel}); the family
     * name ({@code familyNameSlot}, or -1) tells a local part that starts with it from one that starts with the given name
     * ({@code jansen.jan@}, given name Jan).
     */
    Comparison(final MatchField field, final int slot, final int swapSlot, final int givenNameSlot, final int familyNameSlot,
               final FieldComparator comparator, final double[] m, final double[] u, final boolean termFrequencyAdjusted) {
        this.field = field;
        this.slot = slot;
        this.swapSlot = swapSlot;
        this.givenNameSlot = givenNameSlot;
        this.familyNameSlot = familyNameSlot;
        this.comparator = comparator;
        final List<String> names = new ArrayList<>(comparator.levels());
        if (swapSlot >= 0) {
            names.add(names.size() - 1, "swapped");
        }
        this.levels = List.copyOf(names);
        if (m.length != levels.size() || u.length != levels.size()) {
            throw new IllegalArgumentException("Field " + field.name() + " needs " + levels.size() + " m and u probabilities for " + levels);
        }
        this.m = m.clone();
        this.u = u.clone();
        this.termFrequencyAdjusted = termFrequencyAdjusted;
    }

    /** The same comparison with other probabilities (estimated from the data). */
    public Comparison withProbabilities(final double[] newM, final double[] newU) {
        return new Comparison(field, slot, swapSlot, givenNameSlot, familyNameSlot, comparator, newM, newU, termFrequencyAdjusted);
    }

    /** The same comparison with its comparator fitted to the value frequencies of one input. */
    public Comparison fittedTo(final TermFrequencies frequencies) {
        final FieldComparator fitted = comparator.fittedTo(frequencies);
        return fitted == comparator ? this
                : new Comparison(field, slot, swapSlot, givenNameSlot, familyNameSlot, fitted, m, u, termFrequencyAdjusted);
    }

    /** The agreement level of the two records on this field, or -1 when either value is missing. */
    public int level(final String[] left, final String[] right) {
        final String leftValue = left[slot];
        final String rightValue = right[slot];
        if (leftValue == null || rightValue == null) {
            return -1;
        }
        if (givenNameSlot >= 0) {
            return mailboxLevel(leftValue, rightValue, left, right);
        }
        final int level = compareValues(leftValue, rightValue);
        if (swapSlot < 0 || level <= 1) {
            return level;
        }
        return swapLevel(level, left, right, null);
    }

    /**
     * The level of a name field whose weak agreement ({@code level}, beyond close) may be a swap: the right record's
     * values read from {@code right}, or where it is null from {@code stored} (a stored value left as bytes read there,
     * {@link CandidateKeys#characters}).
     */
    private int swapLevel(final int level, final String[] left, final String[] right, final CandidateKeys stored) {
        // a weak agreement on this field may be a swap: "Garcia Maria" against "Maria Garcia"
        final int swapped = levels.size() - 2;
        if (isSwapped(left, right, stored)) {
            return swapped;
        }
        // a whole name in one field, the family name first, holds this name as much as one written given name first does
        if (level == swapped && (holdsBothNames(left[slot], left[swapSlot], valueOf(right, stored, slot), valueOf(right, stored, swapSlot))
                || holdsBothNames(valueOf(right, stored, slot), valueOf(right, stored, swapSlot), left[slot], left[swapSlot]))) {
            return SIMILAR;
        }
        return level == swapped ? levels.size() - 1 : level;
    }

    /** The right record's value of {@code field}: of {@code right}, or where it is null of {@code stored} as its characters. */
    private static CharSequence valueOf(final String[] right, final CandidateKeys stored, final int field) {
        return right != null ? right[field] : stored.characters(field);
    }

    /**
     * {@link #level(String[], String[])} of a record and the keys made for its comparison with it ({@link CandidateKeys}):
     * a stored value left as bytes is compared there where the comparator reads characters and this field reads no
     * other ({@link FieldComparator#compareCharacters}; a mailbox reads the given names only where the two are similar,
     * {@link #mailboxLevel}); otherwise the values this comparison reads are made strings.
     */
    public int level(final String[] left, final CandidateKeys right) {
        if (swapSlot >= 0 && givenNameSlot < 0) {
            return namesLevel(left, right);
        }
        if (right.isPending(slot) && swapSlot < 0) {
            final String leftValue = left[slot];
            if (leftValue == null) {
                return -1;
            }
            final int level = right.compareCharacters(comparator, leftValue, slot);
            // mailboxes alike (similar) are asked whether a given name alone makes them so: that reads strings
            if (level != FieldComparator.BY_STRINGS && (givenNameSlot < 0 || level != SIMILAR)) {
                return level;
            }
        }
        return level(left, right.decode(slot).decode(swapSlot).decode(givenNameSlot).decode(familyNameSlot).partly());
    }

    /**
     * {@link #level(String[], String[])} of a field with a swap partner (a name) and a stored record's keys: its values
     * and its partner's still bytes compared there ({@link CandidateKeys#characters}, {@link FieldComparator#compareCharacters}),
     * the same level, no string made of them unless the comparator asks for one.
     */
    private int namesLevel(final String[] left, final CandidateKeys right) {
        final String leftValue = left[slot];
        if (leftValue == null) {
            return -1;
        }
        final CharSequence rightValue = right.characters(slot);
        if (rightValue == null) {
            return -1;
        }
        final int level = compareValues(leftValue, rightValue);
        if (level <= 1) {
            return level;
        }
        return swapLevel(level, left, null, right);
    }

    /**
     * Whether {@code value}, its record's value of this field, holds a whole name, its partner field ({@code valuesPartner})
     * empty, made of the other record's two names ({@code name} of this field, {@code partner} of the partner field) in
     * either order: {@code wang li} (the family name first) or {@code li wang} in the first name column against Li and
     * Wang. Written given name first, the whole name is alike already ({@code john smith} against {@code john}: similar);
     * family name first it differed from the given name, as if it were another person's.
     */
    private static boolean holdsBothNames(final CharSequence value, final CharSequence valuesPartner, final CharSequence name,
                                          final CharSequence partner) {
        if (valuesPartner != null || partner == null || value.length() != name.length() + 1 + partner.length()
                || indexOf(value, VALUE_SEPARATOR) >= 0) {
            return false;
        }
        return startsWith(value, partner) && value.charAt(partner.length()) == ' ' && endsWith(value, name)
                || startsWith(value, name) && value.charAt(name.length()) == ' ' && endsWith(value, partner);
    }

    private static boolean startsWith(final CharSequence value, final CharSequence prefix) {
        return Similarities.regionMatches(value, 0, prefix, 0, prefix.length());
    }

    private static boolean endsWith(final CharSequence value, final CharSequence suffix) {
        return Similarities.regionMatches(value, value.length() - suffix.length(), suffix, 0, suffix.length());
    }

    private static int indexOf(final CharSequence value, final char c) {
        if (value instanceof String string) {
            return string.indexOf(c);
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The level of two mailbox keys, where a pair of mailboxes alike ({@code similar}) only by the given name both local
     * parts start with ({@link EmailComparator#alikeOnlyByGivenName}: {@code gijsbert.jacobs@libero.it} and
     * {@code gijsbert.dejong@molen.com}) is rated {@value #ALIKE_BY_GIVEN_NAME}: the given name is compared on its own,
     * and two people of one name in one city otherwise gained it twice. The best level of any two values wins.
     */
    private int mailboxLevel(final String leftValue, final String rightValue, final String[] left, final String[] right) {
        if (leftValue.indexOf(VALUE_SEPARATOR) < 0 && rightValue.indexOf(VALUE_SEPARATOR) < 0) {
            return mailboxValueLevel(leftValue, rightValue, left, right);
        }
        int best = Integer.MAX_VALUE;
        for (final String leftPart : values(leftValue)) {
            for (final String rightPart : values(rightValue)) {
                best = Math.min(best, mailboxValueLevel(leftPart, rightPart, left, right));
            }
        }
        return best;
    }

    /** The level of two single mailboxes of the records {@code left} and {@code right}, as {@link #mailboxLevel}. */
    private int mailboxValueLevel(final String leftMailbox, final String rightMailbox, final String[] left, final String[] right) {
        final int level = comparator.compare(leftMailbox, rightMailbox);
        return level == SIMILAR && EmailComparator.alikeOnlyByGivenName(leftMailbox, rightMailbox, left[givenNameSlot], right[givenNameSlot],
                familyNameSlot < 0 ? null : left[familyNameSlot], familyNameSlot < 0 ? null : right[familyNameSlot]) ? ALIKE_BY_GIVEN_NAME : level;
    }

    /**
     * Whether the values look exchanged between this field and its partner: one cross comparison (this field against
     * the other record's partner field) agrees closely and the other at least weakly, or is unknown because a partner
     * value is missing. One cross agreement alone is not enough: {@code john} resembles {@code jones}.
     */
    private boolean isSwapped(final String[] left, final String[] right, final CandidateKeys stored) {
        final int thisToPartner = crossLevel(left[slot], valueOf(right, stored, swapSlot));
        if (thisToPartner > 2) {
            // both ways need this cross comparison at 2 or closer: the other one cannot make it a swap
            return false;
        }
        final int partnerToThis = crossLevel(left[swapSlot], valueOf(right, stored, slot));
        return thisToPartner <= 1 && partnerToThis <= 2 || partnerToThis <= 1;
    }

    /**
     * Whether a value of this field resembles the other record's value of the partner field at least weakly, either way
     * round: names that may be swapped and mistyped too ({@code Osacar Moore}, {@code Moore Oscra}). False without a
     * partner, and where the values are missing.
     */
    boolean resemblesPartner(final String[] left, final String[] right) {
        if (swapSlot < 0) {
            return false;
        }
        return left[slot] != null && right[swapSlot] != null && compareValues(left[slot], right[swapSlot]) <= 2
                || left[swapSlot] != null && right[slot] != null && compareValues(left[swapSlot], right[slot]) <= 2;
    }

    /** The level of a cross comparison, 2 (weak) when one side is missing, beyond any level when they differ. */
    private int crossLevel(final String value, final CharSequence otherValue) {
        if (value == null || otherValue == null) {
            return 2;
        }
        return compareValues(value, otherValue);
    }

    /**
     * {@link #compareValues(String, String)} of a value and one given as its characters: a string is compared as one, a
     * stored single value's view ({@link CandidateKeys#characters}) through {@link FieldComparator#compareCharacters}
     * (against each of several left values; as a string where the comparator reads strings only).
     */
    private int compareValues(final String left, final CharSequence right) {
        if (right instanceof String string) {
            return compareValues(left, string);
        }
        if (comparator.readsSeveralValues() || left.indexOf(VALUE_SEPARATOR) < 0) {
            return compareCharacters(left, right);
        }
        int best = Integer.MAX_VALUE;
        for (final String leftPart : values(left)) {
            best = Math.min(best, compareCharacters(leftPart, right));
        }
        return best;
    }

    /** The comparator's level of a single value and a stored single value's characters, through its string where it reads strings. */
    private int compareCharacters(final String left, final CharSequence right) {
        final int level = comparator.compareCharacters(left, right);
        return level != FieldComparator.BY_STRINGS ? level : comparator.compare(left, right.toString());
    }

    private int compareValues(final String left, final String right) {
        if (comparator.readsSeveralValues() || left.indexOf(VALUE_SEPARATOR) < 0 && right.indexOf(VALUE_SEPARATOR) < 0) {
            return comparator.compare(left, right);
        }
        int best = Integer.MAX_VALUE;
        for (final String leftPart : values(left)) {
            for (final String rightPart : values(right)) {
                best = Math.min(best, comparator.compare(leftPart, rightPart));
            }
        }
        return best;
    }

    /** The values a key holds ({@link #VALUE_SEPARATOR}). */
    static String[] values(final String value) {
        return value.split(String.valueOf(VALUE_SEPARATOR));
    }

    FieldComparator comparator() {
        return comparator;
    }

    public MatchField getField() {
        return field;
    }

    public Role getRole() {
        return field.role();
    }

    public int getSlot() {
        return slot;
    }

    public List<String> getLevels() {
        return levels;
    }

    /**
     * What an explanation calls a pair of records this comparison weighs nothing: {@code missing} where either value is,
     * else the comparator's name for two values that say nothing of each other ({@link FieldComparator#saysNothingLevel}).
     * The right record's keys may be {@code stored} (null: they are {@code right}, else its {@link CandidateKeys#partly}):
     * a value still bytes there is not missing.
     */
    String saysNothingLevel(final String[] left, final String[] right, final CandidateKeys stored) {
        final boolean rightMissing = right[slot] == null && (stored == null || !stored.isPending(slot));
        return left[slot] == null || rightMissing ? "missing" : comparator.saysNothingLevel();
    }

    public double[] getM() {
        return m.clone();
    }

    public double[] getU() {
        return u.clone();
    }

    public boolean isTermFrequencyAdjusted() {
        return termFrequencyAdjusted;
    }

    /**
     * The level of agreement on a value common by nature, weighed by how many records hold it when the comparison is
     * term-frequency adjusted ({@link FieldComparator#commonValueLevel()}), or -1. A swap partner's level is added
     * before the last level, so the comparator's levels before it keep their numbers.
     */
    public int getCommonValueLevel() {
        final int level = comparator.commonValueLevel();
        return level < comparator.levels().size() - 1 ? level : -1;
    }

    /** The weight of a level in bits, {@code log2(m / u)}. */
    public double weight(final int level) {
        return log2(m[level] / u[level]);
    }

    /** The m probability of a level. */
    public double m(final int level) {
        return m[level];
    }

    static double log2(final double value) {
        return Math.log(value) / Math.log(2);
    }

    @Override
    public String toString() {
        return field.name() + levels + " m=" + Arrays.toString(m) + " u=" + Arrays.toString(u);
    }
}
