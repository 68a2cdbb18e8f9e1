package dev.nificrm.merge;

/**
 * How the three-way merge settles a record deleted on one side and changed on the other since they were last in sync.
 * A delete of a record the other side did not change is always applied.
 */
public enum DeletePolicy {
    /** The delete is applied: the changed side's record is deleted too. */
    DELETE_WINS,
    /** The changed record is kept and the deleted side gets it back. */
    UPDATE_REVIVES,
    /** Nothing is decided: the record goes to conflict for a person to approve the delete or not. */
    ROUTE_TO_CONFLICT
}
