package dev.nificrm.merge;

import java.util.Objects;

/**
 * How a sync settles conflicts and deletes.
 *
 * @param conflictPolicy  fields changed on both sides to different values
 * @param priority        the systems ranked, for {@link ConflictPolicy#SOURCE_PRIORITY}
 * @param preferredSystem the system preferred, for {@link ConflictPolicy#PREFER_SYSTEM} (else null)
 * @param deletePolicy    a delete on one side against a change on the other
 * @param duplicateRows   a record from a second row of one customer in one system
 */
public record SyncPolicy(ConflictPolicy conflictPolicy, SourcePriority priority, String preferredSystem, DeletePolicy deletePolicy,
                         DuplicateRowPolicy duplicateRows) {
    public SyncPolicy {
        Objects.requireNonNull(conflictPolicy, "conflictPolicy");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(deletePolicy, "deletePolicy");
        Objects.requireNonNull(duplicateRows, "duplicateRows");
    }

    /** A policy under which every row of a customer syncs. */
    public SyncPolicy(final ConflictPolicy conflictPolicy, final SourcePriority priority, final String preferredSystem, final DeletePolicy deletePolicy) {
        this(conflictPolicy, priority, preferredSystem, deletePolicy, DuplicateRowPolicy.SYNC_EVERY_ROW);
    }
}
