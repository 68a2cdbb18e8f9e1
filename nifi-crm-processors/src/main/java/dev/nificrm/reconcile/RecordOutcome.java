package dev.nificrm.reconcile;

import java.util.Locale;

/** What the reconciliation found for one record of the target. */
public enum RecordOutcome {
    /**
     * Its entity is in both systems and its compared fields equal what the sync last wrote there and read from the source;
     * or it is marked deleted where the sync's snapshot in the target or in the source is a deletion.
     */
    IN_SYNC,
    /** Its compared fields differ from what the sync last wrote to the target: changed there since, or written incompletely. */
    DRIFTED,
    /**
     * It equals what the sync wrote, but the source's last known state differs: a change not yet synced, or a conflict; or
     * the customer was deleted in the source (its snapshot there is a deletion) and the record is there, not marked deleted.
     */
    OUT_OF_SYNC,
    /** Its entity is in both systems, but the store holds no snapshot to compare its fields with. */
    UNVERIFIED,
    /** The store holds no record of its entity in the source system: created in the target only. */
    MISSING_IN_SOURCE,
    /** The store does not know it: created in the target outside the sync, or its write was not recorded. */
    NOT_IN_STORE,
    /** It has no id to look it up by. */
    NO_ID,
    /**
     * It could not be read as configured (its link path selects nothing in it by how it is written): it is not compared,
     * its entity is not reported missing in the target, and the record goes to failure with the reason.
     */
    FAILURE;

    /** The name used in reports and attributes, e.g. {@code in_sync}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
