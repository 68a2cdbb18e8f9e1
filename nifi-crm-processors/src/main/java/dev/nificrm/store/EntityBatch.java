package dev.nificrm.store;

import dev.nificrm.match.CandidateIndex;
import dev.nificrm.match.InMemoryCandidateIndex;
import dev.nificrm.match.Matcher;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of one FlowFile to resolve against the entity store: their comparison keys (in an index of the
 * matcher, which also blocks them against each other), the system they come from, each one's id there (null when
 * the record has none), any review decision it carries, and any golden id it carries (written into its system by a
 * sync, e.g. an external id column).
 */
public final class EntityBatch {
    private final CandidateIndex index;
    private final String system;
    private final List<String> sourceIds = new ArrayList<>();
    private final List<ReviewDecision> decisions = new ArrayList<>();
    private final List<String> decisionCandidates = new ArrayList<>();
    private final List<String> carriedGoldenIds = new ArrayList<>();
    private boolean anyCarried;

    /**
     * An empty batch whose records are blocked against each other with the budget of pairs per pass the resolver gives
     * stored candidates ({@link EntityResolver#MINIMUM_PAIRS_PER_PASS}, beyond that one per record): a batch is matched
     * against the store too, so its own pairs need not make up for a small FlowFile as a FlowFile matched alone does.
     */
    public static EntityBatch of(final Matcher matcher, final String system) {
        final InMemoryCandidateIndex index = matcher.newIndex(EntityResolver.MINIMUM_PAIRS_PER_PASS);
        // the resolver looks the records' blocking keys up in the store: worked out once, for both
        index.keepBlockingKeys();
        return new EntityBatch(index, system);
    }

    /**
     * @param index  an empty index from the matcher, filled through {@link #add}
     * @param system the source system of every record of the batch
     */
    private EntityBatch(final CandidateIndex index, final String system) {
        this.index = index;
        this.system = system;
    }

    /**
     * Adds a record.
     *
     * @param keys      its comparison keys from the matcher
     * @param sourceId  its id in the source system ({@link SourceIds#of} of the value read), or null; white space around it is dropped
     * @param decision  a review decision on it, or null
     * @param candidate the golden id the decision is about (the candidate it was reviewed against), or null
     * @return the record's number in the batch
     */
    public int add(final String[] keys, final String sourceId, final ReviewDecision decision, final String candidate) {
        return add(keys, sourceId, decision, candidate, null);
    }

    /**
     * Adds a record that may carry a golden id.
     *
     * @param keys        its comparison keys from the matcher
     * @param sourceId    its id in the source system ({@link SourceIds#of} of the value read), or null; white space around it is dropped
     * @param decision    a review decision on it, or null
     * @param candidate   the golden id the decision is about (the candidate it was reviewed against), or null
     * @param carriedGoldenId the golden id its system keeps for it (a sync wrote it there), or null: a record the
     *                    cross-reference does not know joins that entity, when the store has it, without being matched
     * @return the record's number in the batch
     */
    public int add(final String[] keys, final String sourceId, final ReviewDecision decision, final String candidate, final String carriedGoldenId) {
        final int number = index.add(keys);
        sourceIds.add(SourceIds.ofText(sourceId));
        final boolean decided = decision != null && candidate != null && !candidate.isBlank();
        decisions.add(decided ? decision : null);
        decisionCandidates.add(decided ? candidate.trim() : null);
        final boolean carried = carriedGoldenId != null && !carriedGoldenId.isBlank();
        carriedGoldenIds.add(carried ? carriedGoldenId.trim() : null);
        anyCarried |= carried;
        return number;
    }

    public CandidateIndex index() {
        return index;
    }

    public String system() {
        return system;
    }

    public int size() {
        return sourceIds.size();
    }

    String sourceId(final int record) {
        return sourceIds.get(record);
    }

    ReviewDecision decision(final int record) {
        return decisions.get(record);
    }

    String decisionCandidate(final int record) {
        return decisionCandidates.get(record);
    }

    String carriedGoldenId(final int record) {
        return carriedGoldenIds.get(record);
    }

    boolean carriesGoldenIds() {
        return anyCarried;
    }
}
