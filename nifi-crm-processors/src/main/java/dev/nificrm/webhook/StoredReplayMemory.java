package dev.nificrm.webhook;

import dev.nificrm.store.EntityStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Remembers the signatures of accepted requests in the entity store: every node of a cluster that shares a PostgreSQL
 * store sees the others' claims, so a captured request sent again to another node within the tolerance is a replay
 * there too, and an embedded store keeps its claims across restarts. The store keeps only the SHA-256 digest of a
 * signature, until its request's timestamp (or, for senders without one, its arrival) is older than the tolerance.
 * A store that cannot be reached throws its {@link dev.nificrm.store.EntityStoreException}.
 * <p>
 * A release the store refused (it could not be reached when a request's session rolled back) is owed: it is made
 * before the next claim on this node, so the sender's retry of that request is not rejected as a replay of itself,
 * and no claim is answered while an owed release cannot be made. A thread of its own also tries the owed releases
 * every retry interval (a second by default), so a retry the sender sends to another node finds the claim gone soon
 * after the store can be reached again, even when no request reaches this node. An owed release is dropped once its
 * claim has expired in any case (twice the window after it was owed); at most {@value #MOST_OWED} are owed at once,
 * and past that a claim stays until it expires. {@link #close()} tries the owed releases a last time and stops the
 * thread.
 */
public final class StoredReplayMemory implements ReplayMemory {
    private final EntityStore store;
    private final Duration window;
    private final MessageDigest sha256;
    /** Digests whose release the store refused, with when they need no release any more (the system clock's epoch milliseconds). */
    private final Map<ByteBuffer, Long> owedReleases = new ConcurrentHashMap<>();

    private final Duration retryInterval;
    /** Tries the owed releases in the background; started when the first release is owed. */
    private ScheduledExecutorService retrier;
    private boolean closed;

    /** The most releases owed at once. */
    static final int MOST_OWED = 10_000;

    /**
     * @param store  the open store
     * @param window how long a signature is remembered after its request's timestamp
     */
    public StoredReplayMemory(final EntityStore store, final Duration window) {
        this(store, window, Duration.ofSeconds(1));
    }

    /**
     * @param store         the open store
     * @param window        how long a signature is remembered after its request's timestamp
     * @param retryInterval how often owed releases are tried in the background
     */
    StoredReplayMemory(final EntityStore store, final Duration window, final Duration retryInterval) {
        this.store = store;
        this.window = window;
        this.retryInterval = retryInterval;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean claim(final String signature, final Instant signedAt, final Instant now) {
        final Instant expiry = (signedAt == null ? now : signedAt).plus(window);
        makeOwedReleases();
        return store.claimSignature(digest(signature), expiry.toEpochMilli(), now.toEpochMilli());
    }

    @Override
    public void release(final String signature) {
        final byte[] digest = digest(signature);
        try {
            store.releaseSignature(digest);
        } catch (final RuntimeException e) {
            if (owedReleases.size() < MOST_OWED) {
                owedReleases.put(ByteBuffer.wrap(digest), System.currentTimeMillis() + 2 * window.toMillis());
                retryInTheBackground();
            }
            throw e;
        }
    }

    /** Tries the owed releases a last time (they stay claimed until they expire if the store still refuses) and stops the retrying thread. */
    @Override
    public void close() {
        final ScheduledExecutorService running;
        synchronized (this) {
            closed = true;
            running = retrier;
            retrier = null;
        }
        if (running != null) {
            running.shutdownNow();
        }
        try {
            makeOwedReleases();
        } catch (final RuntimeException stillRefused) {
            // the claims expire with the window; the caller logged the refusal when the release was first owed
        }
    }

    private synchronized void retryInTheBackground() {
        if (retrier != null || closed) {
            return;
        }
        retrier = Executors.newSingleThreadScheduledExecutor(task -> {
            final Thread thread = new Thread(task, "webhook-signature-releases");
            thread.setDaemon(true);
            return thread;
        });
        retrier.scheduleWithFixedDelay(() -> {
            try {
                makeOwedReleases();
            } catch (final RuntimeException stillRefused) {
                // tried again after the interval; claims answer 500 on this node meanwhile
            }
        }, retryInterval.toMillis(), retryInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Makes the releases the store refused before, or throws (and keeps them owed) while it still cannot. */
    private void makeOwedReleases() {
        if (owedReleases.isEmpty()) {
            return;
        }
        final long clock = System.currentTimeMillis();
        for (final Map.Entry<ByteBuffer, Long> owed : owedReleases.entrySet()) {
            if (owed.getValue() > clock) {
                store.releaseSignature(owed.getKey().array());
            }
            owedReleases.remove(owed.getKey(), owed.getValue());
        }
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
