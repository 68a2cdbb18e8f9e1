package dev.nificrm.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers in memory the signatures of recently accepted requests, so that a request captured and sent again within the
 * timestamp tolerance (when its signature would still pass) is recognised as a replay. A signature is remembered
 * until its request's timestamp (or, for senders without one, its arrival) is older than the tolerance: after that the
 * timestamp check rejects the replay by itself. At most {@code capacity} signatures are kept; beyond that the oldest is
 * forgotten first, so memory stays bounded whatever the request rate. Thread-safe.
 */
public final class ReplayGuard implements ReplayMemory {
    private final Duration window;
    private final int capacity;
    private final Map<String, Instant> expiries = new HashMap<>();
    private final Deque<Entry> order = new ArrayDeque<>();

    /**
     * @param window   how long a signature is remembered after its request's timestamp
     * @param capacity the most signatures remembered at once
     */
    public ReplayGuard(final Duration window, final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("The capacity must be at least 1");
        }
        this.window = window;
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean claim(final String signature, final Instant signedAt, final Instant now) {
        forgetExpired(now);
        final Instant known = expiries.get(signature);
        if (known != null) {
            return false;
        }
        final Instant expiry = (signedAt == null ? now : signedAt).plus(window);
        while (expiries.size() >= capacity) {
            final Entry eldest = order.pollFirst();
            expiries.remove(eldest.signature(), eldest.expiry());
        }
        expiries.put(signature, expiry);
        order.addLast(new Entry(signature, expiry));
        return true;
    }

    @Override
    public synchronized void release(final String signature) {
        expiries.remove(signature);
    }

    /** The number of signatures remembered. */
    public synchronized int size() {
        return expiries.size();
    }

    private void forgetExpired(final Instant now) {
        // entries are in arrival order, their expiries nearly so: stop at the first that is still live
        while (!order.isEmpty() && !order.peekFirst().expiry().isAfter(now)) {
            final Entry expired = order.pollFirst();
            expiries.remove(expired.signature(), expired.expiry());
        }
    }

    private record Entry(String signature, Instant expiry) {
    }
}
