package dev.nificrm.merge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the three-way merge decided for one incoming record: where it goes, the customer's merged state, which systems
 * must be written, the conflict to show a person, and the snapshots to keep.
 */
public final class SyncDecision {

    /** Where the incoming record goes. */
    public enum Outcome {
        /** The target system must be written: the merged record goes there. */
        MERGED,
        /** The target system already has the merged state (or the record is the sync's own write coming back). */
        UNCHANGED,
        /** Nothing could be decided: the record and its diff go to a person. */
        CONFLICT
    }

    private final Outcome outcome;
    private final boolean echo;
    private final SyncState merged;
    private final boolean sourceWrite;
    private final List<FieldConflict> conflicts;
    private final String recordConflict;
    private final Map<String, String> lineage;
    private final SyncSnapshot sourceSnapshot;
    private final SyncSnapshot targetSnapshot;
    private final long sourceVersion;
    private final long targetVersion;
    private final String sourceRow;
    private final String targetRow;
    private final String handedOverTo;
    private final String duplicateDeleted;

    SyncDecision(final Outcome outcome, final boolean echo, final SyncState merged, final boolean sourceWrite, final List<FieldConflict> conflicts,
                 final String recordConflict, final Map<String, String> lineage, final SyncSnapshot sourceSnapshot, final SyncSnapshot targetSnapshot) {
        this.outcome = outcome;
        this.echo = echo;
        this.merged = merged;
        this.sourceWrite = sourceWrite;
        this.conflicts = List.copyOf(conflicts);
        this.recordConflict = recordConflict;
        this.lineage = Collections.unmodifiableMap(new LinkedHashMap<>(lineage));
        this.sourceSnapshot = sourceSnapshot;
        this.targetSnapshot = targetSnapshot;
        this.sourceVersion = 0;
        this.targetVersion = 0;
        this.sourceRow = null;
        this.targetRow = null;
        this.handedOverTo = null;
        this.duplicateDeleted = null;
    }

    private SyncDecision(final SyncDecision decided, final long sourceVersion, final long targetVersion, final String sourceRow,
                         final String targetRow, final String handedOverTo, final String duplicateDeleted) {
        this.outcome = decided.outcome;
        this.echo = decided.echo;
        this.merged = decided.merged;
        this.sourceWrite = decided.sourceWrite;
        this.conflicts = decided.conflicts;
        this.recordConflict = decided.recordConflict;
        this.lineage = decided.lineage;
        this.sourceSnapshot = decided.sourceSnapshot;
        this.targetSnapshot = decided.targetSnapshot;
        this.sourceVersion = sourceVersion;
        this.targetVersion = targetVersion;
        this.sourceRow = sourceRow;
        this.targetRow = targetRow;
        this.handedOverTo = handedOverTo;
        this.duplicateDeleted = duplicateDeleted;
    }

    /** This decision with another merged state, other snapshots to keep and other conflicts: the same values, written in another form. */
    SyncDecision withStates(final SyncState mergedNow, final SyncSnapshot sourceSnapshotNow, final SyncSnapshot targetSnapshotNow,
                            final List<FieldConflict> conflictsNow) {
        return new SyncDecision(outcome, echo, mergedNow, sourceWrite, conflictsNow, recordConflict, lineage, sourceSnapshotNow, targetSnapshotNow)
                .withSnapshots(sourceVersion, targetVersion, sourceRow, targetRow).handingOverTo(handedOverTo).deletingDuplicate(duplicateDeleted);
    }

    /** This decision with the versions and rows its snapshots have in the store once its write commits. */
    SyncDecision withSnapshots(final long sourceVersion, final long targetVersion, final String sourceRow, final String targetRow) {
        return new SyncDecision(this, sourceVersion, targetVersion, sourceRow, targetRow, handedOverTo, duplicateDeleted);
    }

    /** This decision, handing the customer over to the given row of the source system (its own row was deleted). */
    SyncDecision handingOverTo(final String row) {
        return new SyncDecision(this, sourceVersion, targetVersion, sourceRow, targetRow, row, duplicateDeleted);
    }

    /**
     * This decision, deleting the given row of the source system: a second row of the customer the sync's own insert
     * created there (see {@link SyncSnapshot#crossed}), which the write-back deletes.
     */
    SyncDecision deletingDuplicate(final String row) {
        return new SyncDecision(this, sourceVersion, targetVersion, sourceRow, targetRow, handedOverTo, row);
    }

    /**
     * The row of the source system a write-back deletes: a second row of the customer the sync's own insert created there
     * while a person restored the customer's row (its values merely the sync's), when this decision is about that row (its
     * one write-back deletes it) or about the restored row read after it (a second write-back deletes it, beside any to
     * {@link #sourceRow()}); else null, and the write-back goes to {@link #sourceRow()}.
     */
    public String duplicateDeleted() {
        return duplicateDeleted;
    }

    /**
     * The row of the source system the customer is handed over to when this decision is about the deletion of its own row
     * while a second row of it lives on there, else null.
     */
    public String handedOverTo() {
        return handedOverTo;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Whether the incoming record equals what the sync knows of it: most often its own write coming back. */
    public boolean isEcho() {
        return echo;
    }

    /** The customer's merged state, which both systems should have (null on a conflict, and for a second row of the customer). */
    public SyncState merged() {
        return merged;
    }

    /** Whether the target system must be written (the record goes to merged). */
    public boolean writesTarget() {
        return outcome == Outcome.MERGED;
    }

    /**
     * Whether the source system must be written too: it lacks a value the merge kept from the target (a change made only
     * there, or a conflict the target won), or it was deleted and the delete lost.
     */
    public boolean writesSource() {
        return sourceWrite;
    }

    /** The fields changed on both sides to different values (a conflict, or settled by the policy). */
    public List<FieldConflict> conflicts() {
        return conflicts;
    }

    /** A delete against a change, in words, or null. */
    public String recordConflict() {
        return recordConflict;
    }

    /** Per field the merge did not simply take from the incoming record, or that changes in the target: where its value came from. */
    public Map<String, String> lineage() {
        return lineage;
    }

    /** The snapshot to keep for the source system, or null to keep the one there is. */
    public SyncSnapshot sourceSnapshot() {
        return sourceSnapshot;
    }

    /** The snapshot to keep for the target system, or null to keep the one there is. */
    public SyncSnapshot targetSnapshot() {
        return targetSnapshot;
    }

    /**
     * The version the store holds of the customer's snapshot in the source system once this decision is committed (0
     * when there is none). It rises with every decision that changes that snapshot, in the order the store took them
     * (concurrent writers of one customer are serialised by it), so a loader that keeps the highest version a row was
     * written with never lets an older decision overwrite a newer one written by another node.
     */
    public long sourceVersion() {
        return sourceVersion;
    }

    /** The version of the customer's snapshot in the target system once this decision is committed: see {@link #sourceVersion()}. */
    public long targetVersion() {
        return targetVersion;
    }

    /**
     * The id of the customer's row in the source system, the row the sync writes through there (see
     * {@link SyncSnapshot#row()}), once this decision is committed; null when not known.
     */
    public String sourceRow() {
        return sourceRow;
    }

    /**
     * The id of the customer's row in the target system, the row the sync writes through there, once this decision is
     * committed; null while the sync has not read a row of the customer there (the first write inserts it).
     */
    public String targetRow() {
        return targetRow;
    }

    /** The conflict as a person reads it: one part per field, {@code ; }-separated, or the delete conflict. */
    public String describeConflict(final String source, final String target) {
        if (recordConflict != null) {
            return recordConflict;
        }
        final StringBuilder text = new StringBuilder();
        for (final FieldConflict conflict : conflicts) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(conflict.describe(source, target));
        }
        return text.toString();
    }
}
