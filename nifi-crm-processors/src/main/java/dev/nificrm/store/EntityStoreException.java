package dev.nificrm.store;

/**
 * The entity store could not be read or written (the database is unreachable, full, or its schema is newer than this
 * version understands). The message says what failed in words an operator can act on; record values are never in it.
 */
public final class EntityStoreException extends RuntimeException {
    public EntityStoreException(final String message, final Throwable cause) {
        super(message, cause);
    }

    public EntityStoreException(final String message) {
        super(message);
    }
}
