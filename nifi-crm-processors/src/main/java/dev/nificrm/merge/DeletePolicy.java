package dev.nificrm.merge;

/**
 * How the three-way merge settles a record deleted on one side and changed on the other since they were last in sync.
 * A delete of a record the other side did not change is always applied. A change the sync's delete landed on (a person
 * changed the row after the sync read it and before the delete reached it, so the change is read a cycle later, in the
 * row's tombstone) is a change against the delete too, settled the same way; so is a change the sync wrote to a row a
 * person deleted before the write came (the tombstone, read a cycle later, holds the row as before the write).
 */
public enum DeletePolicy {
    /** The delete is applied: the changed side's record is deleted too. */
    DELETE_WINS,
    /** The changed record is kept and the deleted side gets it back. */
    UPDATE_REVIVES,
    /** Nothing is decided: the record goes to conflict for a person to approve the delete or not. */
    ROUTE_TO_CONFLICT
}
