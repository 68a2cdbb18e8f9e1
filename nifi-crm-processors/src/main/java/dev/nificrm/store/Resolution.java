package dev.nificrm.store;

import dev.nificrm.match.MatchOutcome;
import dev.nificrm.match.MatchResult;

import java.util.List;
import java.util.Map;

/**
 * The outcome of resolving one batch against the entity store: per record its golden id, whether its entity is new,
 * where it goes (matched, review, unmatched), the score and explanation of its best pair, the entity a review record
 * was compared with, and its entity's ids in every system; plus the change, written and pending until the caller's
 * session commits.
 */
public final class Resolution {
    private final MatchResult result;
    private final String[] goldenIds;
    private final EntityStatus[] statuses;
    private final MatchOutcome[] outcomes;
    private final String[] candidates;
    private final String[] otherCandidates;
    private final List<Map<String, String>> crossReferences;
    private final PendingWrite pendingWrite;
    private final int newEntities;
    private final int merges;
    private final int attempts;
    private final RuleKeying ruleKeying;
    private final String[] linkedTo;
    private final String[] partlyRead;

    /**
     * @param otherCandidates per review record held between two customers told apart, the golden id of the one that is
     *                        not its candidate; per one held apart otherwise, the golden id of the record of the other
     *                        cluster by which it was (MatchResult#heldApartFrom); or null
     * @param linkedTo   per record, the entity it joined by the golden id it carries, or null (null: none did)
     * @param partlyRead per record not matched, what its explanation adds about stored blocks read in part, or null
     *                   (null: none was)
     */
    Resolution(final MatchResult result, final String[] goldenIds, final EntityStatus[] statuses, final MatchOutcome[] outcomes,
               final String[] candidates, final String[] otherCandidates, final List<Map<String, String>> crossReferences, final PendingWrite pendingWrite,
               final int newEntities, final int merges, final int attempts, final RuleKeying ruleKeying, final String[] linkedTo,
               final String[] partlyRead) {
        this.result = result;
        this.goldenIds = goldenIds;
        this.statuses = statuses;
        this.outcomes = outcomes;
        this.candidates = candidates;
        this.otherCandidates = otherCandidates;
        this.crossReferences = crossReferences;
        this.pendingWrite = pendingWrite;
        this.newEntities = newEntities;
        this.merges = merges;
        this.attempts = attempts;
        this.ruleKeying = ruleKeying;
        this.linkedTo = linkedTo;
        this.partlyRead = partlyRead;
    }

    /**
     * When the store first had to key its stored records under blocking rules it did not maintain (the matched fields or
     * rules changed), what it keyed; otherwise null.
     */
    public RuleKeying getRuleKeying() {
        return ruleKeying;
    }

    /** The golden id of the record's entity, or null for a record that could not be identified. */
    public String goldenId(final int record) {
        return goldenIds[record];
    }

    public EntityStatus status(final int record) {
        return statuses[record];
    }

    public MatchOutcome outcome(final int record) {
        return outcomes[record];
    }

    /** The match probability of the record's best pair (in the FlowFile or the store), 0 without one. */
    public double score(final int record) {
        return result.bestProbability(record);
    }

    /**
     * Why the record is where it is: its best pair's explanation, or that it carries its customer's golden id; for a
     * record not matched that was in stored blocks read in part (over the pairs a pass reads), which blocks. A review
     * record held between two customers told apart names both golden ids: its candidate's and the other's.
     */
    public String explanation(final int record) {
        if (linkedTo != null && linkedTo[record] != null) {
            return EntityResolver.CARRIED_GOLDEN_ID;
        }
        final String explanation = result.explanation(record, candidates[record], otherCandidates[record]);
        return partlyRead == null || partlyRead[record] == null ? explanation : explanation + partlyRead[record];
    }

    /** What the explanation of a record not matched adds about stored blocks read in part (null when nothing). */
    String partlyReadNote(final int record) {
        return partlyRead == null ? null : partlyRead[record];
    }

    /**
     * Whether the record was not matched and was in a stored block read in part (its oldest record alone compared), so its
     * explanation says so.
     */
    public boolean partlyRead(final int record) {
        return partlyRead != null && partlyRead[record] != null;
    }

    /** For a record routed to review, the golden id of the entity it resembles; otherwise null. */
    public String candidate(final int record) {
        return candidates[record];
    }

    /** Per system, the id of the oldest record of the record's entity there (its own included). */
    public Map<String, String> crossReferences(final int record) {
        return crossReferences.get(record);
    }

    public PendingWrite pendingWrite() {
        return pendingWrite;
    }

    public int size() {
        return goldenIds.length;
    }

    /** The number of entities the batch created. */
    public int getNewEntities() {
        return newEntities;
    }

    /** The number of stored entities merged into others because the batch linked them. */
    public int getMerges() {
        return merges;
    }

    /** How many times the batch was read and matched before its change could be written (1 without contention). */
    public int getAttempts() {
        return attempts;
    }

    public MatchResult getMatchResult() {
        return result;
    }
}
