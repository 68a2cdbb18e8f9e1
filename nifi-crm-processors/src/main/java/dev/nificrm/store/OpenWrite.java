package dev.nificrm.store;

/**
 * A written change still open: its transaction holds the writers' turn until the NiFi session commits or rolls back,
 * so nobody else writes meanwhile. A FlowFile resolved or synced part by part reads through it what its earlier parts
 * wrote (the database through the write's transaction, the key index with the parts' key changes laid over it) and
 * writes its later parts into the same transaction: one commit, and the heap holds one part at a time.
 */
public interface OpenWrite extends PendingWrite, StoreReads {

    /**
     * Writes a further change in this write's transaction. It is not verified against other writers (none can have
     * written since); what it read through this write must still hold, or it fails. Its key changes reach the key index
     * with the commit, and this write's reads meanwhile.
     *
     * @throws EntityStoreException when the change cannot be written; the whole write must then be rolled back
     */
    void write(ChangeSet changes);

    /** Whether this write created the stored record with this number (a record new to the store, of an earlier part). */
    boolean createdMember(long memberId);
}
