package dev.nificrm.store;

/**
 * The entity store could not be read or written (the database is unreachable, full, or its schema is newer than this
 * version understands). The message says what failed in words an operator can act on; record values are never in it.
 * Most failures pass (the database comes back): the work is tried again. One the database gives for the values
 * themselves ({@link #refusesData()}: a character or a size it cannot store) fails the same way every time.
 */
public final class EntityStoreException extends RuntimeException {
    private final boolean refusesData;

    public EntityStoreException(final String message, final Throwable cause) {
        this(message, cause, false);
    }

    public EntityStoreException(final String message) {
        super(message);
        this.refusesData = false;
    }

    EntityStoreException(final String message, final Throwable cause, final boolean refusesData) {
        super(message, cause);
        this.refusesData = refusesData;
    }

    /** Whether the database refused the values written or looked up, so that trying the same records again cannot succeed. */
    public boolean refusesData() {
        return refusesData;
    }

    /** Whether a failure is, or was caused by, a store's refusal of the values: routed to failure, not tried again. */
    public static boolean refusesData(final Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EntityStoreException store && store.refusesData) {
                return true;
            }
        }
        return false;
    }
}
