package dev.nificrm.webhook;

import dev.nificrm.store.EntityStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers the signatures of accepted requests in the entity store: every node of a cluster that shares a PostgreSQL
 * store sees the others' claims, so a captured request sent again to another node within the tolerance is a replay
 * there too, and an embedded store keeps its claims across restarts. The store keeps only the SHA-256 digest of a
 * signature, until its request's timestamp (or, for senders without one, its arrival) is older than the tolerance.
 * A store that cannot be reached throws its {@link dev.nificrm.store.EntityStoreException}.
 */
public final class StoredReplayMemory implements ReplayMemory {
    private final EntityStore store;
    private final Duration window;
    private final MessageDigest sha256;

    /**
     * @param store  the open store
     * @param window how long a signature is remembered after its request's timestamp
     */
    public StoredReplayMemory(final EntityStore store, final Duration window) {
        this.store = store;
        this.window = window;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean claim(final String signature, final Instant signedAt, final Instant now) {
        final Instant expiry = (signedAt == null ? now : signedAt).plus(window);
        return store.claimSignature(digest(signature), expiry.toEpochMilli(), now.toEpochMilli());
    }

    @Override
    public void release(final String signature) {
        store.releaseSignature(digest(signature));
    }

    private byte[] digest(final String signature) {
        final MessageDigest digest;
        try {
            digest = (MessageDigest) sha256.clone();
        } catch (final CloneNotSupportedException e) {
            throw new IllegalStateException("The runtime's SHA-256 cannot be copied", e);
        }
        return digest.digest(signature.getBytes(StandardCharsets.UTF_8));
    }
}
