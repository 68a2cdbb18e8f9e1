package dev.nificrm.store;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The read → decide → write loop every writer of the entity store runs: an attempt reads, computes its change and
 * writes it; when a concurrent writer changed what it read ({@link StoreConflictException}) it pauses a little (longer
 * each time, randomised so two writers do not collide again) and starts over from a fresh read.
 */
public final class OptimisticRetry {
    static final int MAXIMUM_ATTEMPTS = 10;

    private OptimisticRetry() {
    }

    /** One attempt, numbered from 1. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(int attempt) throws StoreConflictException;
    }

    /**
     * Runs attempts until one writes without a conflict.
     *
     * @param what what the writes change, for the message when every attempt met a conflict
     * @throws EntityStoreException when all {@value #MAXIMUM_ATTEMPTS} attempts met a conflict (the FlowFile is retried later)
     */
    public static <T> T run(final String what, final Attempt<T> attempt) {
        StoreConflictException last = null;
        for (int number = 1; number <= MAXIMUM_ATTEMPTS; number++) {
            try {
                return attempt.run(number);
            } catch (final StoreConflictException e) {
                last = e;
                pause(number);
            }
        }
        throw new EntityStoreException("The entity store stayed busy with concurrent changes to " + what + " through "
                + MAXIMUM_ATTEMPTS + " attempts (" + last.getMessage() + "); the FlowFile is retried later", last);
    }

    private static void pause(final int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt * attempt));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EntityStoreException("Interrupted while waiting to retry a change of the entity store", e);
        }
    }
}
