package dev.nificrm.store;

/**
 * Told what the background catch-up of a shared store's key index did ({@link JdbcEntityStore#postgres(ConnectionSource,
 * String, java.nio.file.Path, java.time.Duration, CatchUpListener)}): counts and reasons only, never a stored value, so
 * a NiFi service can log them as they come.
 */
public interface CatchUpListener {
    /** Tells nobody. */
    CatchUpListener NONE = new CatchUpListener() {
        @Override
        public void caughtUp(final long rows, final long millis) {
            // nobody to tell
        }

        @Override
        public void failed(final EntityStoreException failure) {
            // tried again after the next interval
        }
    };

    /** The index took in {@code rows} rows of the key log that other nodes wrote, in {@code millis} (never called for none). */
    void caughtUp(long rows, long millis);

    /** A catch-up failed (the database could not be reached, say); it is tried again after the next interval. */
    void failed(EntityStoreException failure);

    /**
     * A catch-up (by a read, a write or this node's own) found the database set back under the key index (a restore while
     * the service was enabled), and builds the index again from it now: {@code reason} says how it was found, with row
     * numbers only.
     */
    default void rebuilt(final String reason) {
        // nobody to tell
    }
}
