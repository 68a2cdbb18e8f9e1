package dev.nificrm.match;

import java.util.BitSet;

/**
 * The records being matched, as compact comparison keys, and the candidate pairs worth scoring. The matcher never
 * sees whole records: it reads keys by a dense record number and asks for pairs, so an in-memory index serves one
 * FlowFile, and a persistent entity store's candidates are matched with a FlowFile's records through the same
 * contract ({@link ReferenceCandidateIndex}).
 */
public interface CandidateIndex {

    /**
     * Adds a record's keys (one per field, null when missing).
     *
     * @return the dense record number, 0 for the first record added
     */
    int add(String[] keys);

    /** The number of records added. */
    int size();

    /**
     * The keys of a record. An index may make them anew on each call (a store's candidates, see {@link KeySource}): a
     * caller keeps them only while it uses them, and never changes them.
     */
    String[] keys(int record);

    /**
     * The keys of a record for one comparison with a record whose keys are {@code partner}, in {@code room} (the
     * caller's, reused from pair to pair): {@link #keys(int)}, or, where the index makes them anew for this one comparison
     * (a store's candidate in a single candidate pair), written into the room's array, a value equal to the partner's in
     * its field handed out as the partner's string and another left as bytes until a reader needs its string
     * ({@link KeySource#keys(CandidateKeys, String[])}). The caller uses them for the comparison with {@code partner}
     * alone: the next call may overwrite them.
     */
    default CandidateKeys keys(final int record, final String[] partner, final CandidateKeys room) {
        return room.set(keys(record));
    }

    /**
     * Hands every candidate pair of one partition to the consumer exactly once, with {@code left < right}.
     * Partitions are disjoint and together cover every candidate pair, so they can be scored in parallel.
     */
    void forEachCandidatePair(int partition, int partitions, PairConsumer consumer);

    /**
     * Hands each candidate pair of a record of {@code records} with a record this index pairs with no other record of
     * its kind (a store's reference records, matched when they were stored: {@link ReferenceCandidateIndex}), as
     * (record, reference): the references whose pairs with each other the matcher scores for ties alone
     * ({@link Matcher#score}). None by default: an index that pairs all its records has none.
     */
    default void forEachReferencePair(final BitSet records, final PairConsumer consumer) {
    }

    /** Receives candidate pairs. */
    @FunctionalInterface
    interface PairConsumer {
        void accept(int left, int right);
    }
}
