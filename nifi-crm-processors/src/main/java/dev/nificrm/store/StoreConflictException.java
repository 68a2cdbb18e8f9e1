package dev.nificrm.store;

/**
 * Another writer changed what a pending change was computed from (a record joined one of the blocks, an entity was
 * merged, a snapshot was rewritten) between reading and writing: the change was rolled back and must be computed
 * again from a fresh read. Never seen by an operator: callers retry.
 */
public final class StoreConflictException extends Exception {
    public StoreConflictException(final String message) {
        super(message);
    }
}
