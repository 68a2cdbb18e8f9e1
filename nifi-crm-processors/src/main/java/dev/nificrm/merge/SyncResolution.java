package dev.nificrm.merge;

import dev.nificrm.store.PendingWrite;

import java.util.Collections;
import java.util.List;

/**
 * The decisions for the records of one FlowFile and the snapshots they change, written pending.
 *
 * @param decisions    one per input, in order (null for an input that was skipped)
 * @param pendingWrite the snapshots changed, to commit or roll back with the NiFi session
 * @param attempts     how many attempts it took (more than one when a concurrent writer changed a snapshot read)
 */
public record SyncResolution(List<SyncDecision> decisions, PendingWrite pendingWrite, int attempts) {
    public SyncResolution {
        decisions = Collections.unmodifiableList(decisions);
    }
}
