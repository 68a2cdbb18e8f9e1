package dev.nificrm.webhook;

import java.time.Instant;

/**
 * Where the signatures of accepted requests are remembered against replays: in the processor's memory on one node
 * ({@link ReplayGuard}) or in the entity store, shared by every node and kept across restarts
 * ({@link StoredReplayMemory}).
 * <p>
 * A claim is provisional until the caller confirms that the request went on ({@link #release} undoes it when it did
 * not, e.g. the NiFi session rolled back), so a request that is processed again after a failure is not taken for a
 * replay of itself.
 */
public interface ReplayMemory {

    /**
     * Claims a signature for a request.
     *
     * @param signature the request's signature key
     * @param signedAt  when the sender signed it, or null when the scheme has no timestamp (then: now)
     * @param now       the current time
     * @return false when the signature was already claimed and is still remembered: the request is a replay
     */
    boolean claim(String signature, Instant signedAt, Instant now);

    /** Forgets a claimed signature whose request did not go on after all. */
    void release(String signature);

    /** Lets go of what the memory holds besides its claims (a thread, for a store); it is not used afterwards. */
    default void close() {
    }
}
