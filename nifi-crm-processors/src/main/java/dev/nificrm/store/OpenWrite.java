package dev.nificrm.store;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A written change still open: its transaction holds the writers' turn until the NiFi session commits or rolls back,
 * so nobody else writes meanwhile. A FlowFile decided part by part reads through it what its earlier parts wrote and
 * writes its later parts into the same transaction: one commit, and the heap holds one part at a time.
 */
public interface OpenWrite extends PendingWrite {

    /** The snapshots of these entities in one system, as this write has left them. */
    Map<String, Snapshot> findSnapshots(String system, Collection<String> goldenIds);

    /** Those of these golden ids whose customer was erased on request. */
    Set<String> erased(Collection<String> goldenIds);

    /**
     * Writes a further change in this write's transaction. It is not verified against other writers (none can have
     * written since); what it read through this write must still hold, or it fails. Only changes that move no comparison
     * keys (sync snapshots, history) are taken.
     *
     * @throws EntityStoreException when the change cannot be written; the whole write must then be rolled back
     * @throws IllegalArgumentException when the change moves comparison keys
     */
    void write(ChangeSet changes);
}
