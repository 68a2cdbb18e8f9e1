package dev.nificrm.merge;

import dev.nificrm.store.PendingWrite;

import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The decisions for the records of one FlowFile and the snapshots they change, written pending.
 *
 * @param decisions    one per input, in order (null for an input that was skipped, or whose customer was erased)
 * @param erased       the golden ids among the inputs whose customer was erased on request: their records are not
 *                     synced and no snapshot of them is written
 * @param pendingWrite the snapshots changed, to commit or roll back with the NiFi session
 * @param attempts     how many attempts it took (more than one when a concurrent writer changed a snapshot read)
 */
public record SyncResolution(List<SyncDecision> decisions, Set<String> erased, PendingWrite pendingWrite, int attempts) {
    public SyncResolution {
        decisions = Collections.unmodifiableList(decisions);
        erased = Set.copyOf(erased);
    }
}
