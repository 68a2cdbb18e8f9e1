package dev.nificrm.match;

import java.util.BitSet;
import java.util.List;

/**
 * What a match run knows besides the keys of the records in its {@link CandidateIndex}: which records are routed
 * (the input) and which are only there to be matched against (records of a persistent store, added after the input),
 * which records already belong together, which groups a person decided are different, and the statistics the
 * Fellegi-Sunter model weighs with when they come from more records than the index holds.
 * <pre>
 * // records 0..9 are the input; 10..14 are stored members of two entities (groups 0 and 1)
 * MatchContext context = MatchContext.forInput(10)
 *         .withGroups(new int[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 1, 1}, (left, right) -> false)
 *         .withStatistics(termFrequencies, 1_000_015);
 * MatchResult result = matcher.match(index, context);
 * </pre>
 *
 * @param inputCount      the number of records, from record 0, that are routed and counted in the result
 * @param groupOf         per record the group it already belongs to (0 or more), or -1; null when none has one.
 *                        Records of one group are clustered together whatever their scores. Groups are numbered from 0
 *                        on without large gaps: clustering keeps an array as long as the largest group number
 * @param keepApart       which groups must never be clustered together
 * @param termFrequencies per comparison of the matcher the value frequencies to weigh exact agreement with, or null to
 *                        count them in the index
 * @param population      the number of records the prior odds of a pair are computed over, or 0 for the index's size
 * @param settled         the records that were matched when they were stored (members of the store's entities), or
 *                        null: the pair of two settled records of different groups does not unite their groups (a
 *                        record that is not settled may still link them)
 */
public record MatchContext(int inputCount, int[] groupOf, KeepApart keepApart, List<TermFrequencies> termFrequencies, long population,
                           BitSet settled) {

    public MatchContext {
        if (inputCount < 0) {
            throw new IllegalArgumentException("The input count must not be negative");
        }
        if (keepApart == null) {
            keepApart = KeepApart.NONE;
        }
    }

    /** A context where every record of the index is input and everything is learnt from the index itself. */
    public static MatchContext forInput(final int inputCount) {
        return new MatchContext(inputCount, null, KeepApart.NONE, null, 0, null);
    }

    public MatchContext withGroups(final int[] groups, final KeepApart apart) {
        return new MatchContext(inputCount, groups, apart, termFrequencies, population, settled);
    }

    public MatchContext withStatistics(final List<TermFrequencies> frequencies, final long records) {
        return new MatchContext(inputCount, groupOf, keepApart, frequencies, records, settled);
    }

    public MatchContext withSettled(final BitSet records) {
        return new MatchContext(inputCount, groupOf, keepApart, termFrequencies, population, records);
    }

    /**
     * Whether a person decided the two records' groups are different: such a pair is no candidate, neither to link nor
     * to review again (the decision settled it).
     */
    public boolean decidedApart(final int left, final int right) {
        return groupOf != null && keepApart != KeepApart.NONE && groupOf[left] >= 0 && groupOf[right] >= 0 && groupOf[left] != groupOf[right]
                && keepApart.keepApart(groupOf[left], groupOf[right]);
    }

    /** Whether the pair of these two records leaves their groups as they are: both settled, in different groups. */
    public boolean keepsGroups(final int left, final int right) {
        return settled != null && groupOf != null && settled.get(left) && settled.get(right)
                && groupOf[left] >= 0 && groupOf[right] >= 0 && groupOf[left] != groupOf[right];
    }

    /** Which groups of records must never end up in one cluster (a person decided they are different people). */
    @FunctionalInterface
    public interface KeepApart {
        KeepApart NONE = (leftGroup, rightGroup) -> false;

        boolean keepApart(int leftGroup, int rightGroup);
    }
}
