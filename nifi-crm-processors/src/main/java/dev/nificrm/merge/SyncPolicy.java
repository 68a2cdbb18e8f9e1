package dev.nificrm.merge;

import java.util.Objects;

/**
 * How a sync settles conflicts and deletes.
 *
 * @param conflictPolicy  fields changed on both sides to different values
 * @param priority        the systems ranked, for {@link ConflictPolicy#SOURCE_PRIORITY}
 * @param preferredSystem the system preferred, for {@link ConflictPolicy#PREFER_SYSTEM} (else null)
 * @param deletePolicy    a delete on one side against a change on the other
 */
public record SyncPolicy(ConflictPolicy conflictPolicy, SourcePriority priority, String preferredSystem, DeletePolicy deletePolicy) {
    public SyncPolicy {
        Objects.requireNonNull(conflictPolicy, "conflictPolicy");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(deletePolicy, "deletePolicy");
    }
}
