package dev.nificrm.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Remembers in memory the signatures of recently accepted requests, so that a request captured and sent again within the
 * timestamp tolerance (when its signature would still pass) is recognised as a replay. A signature is remembered
 * until its request's timestamp (or, for senders without one, its arrival) is older than the tolerance: after that the
 * timestamp check rejects the replay by itself. At most {@code capacity} signatures are kept; beyond that the one that
 * expires first (the oldest timestamp) is forgotten first, so memory stays bounded whatever the request rate. Expired
 * signatures are forgotten before any live one, whatever order their requests arrived in: a sender's clock may put a
 * later request's timestamp before an earlier one's. Thread-safe.
 */
public final class ReplayGuard implements ReplayMemory {
    private final Duration window;
    private final int capacity;
    private final Map<String, Instant> expiries = new HashMap<>();
    /** The remembered signatures, the one that expires first at the head; of those expiring together, the one claimed first. */
    private final PriorityQueue<Entry> order = new PriorityQueue<>(Comparator.comparing(Entry::expiry).thenComparingLong(Entry::claimed));
    /** How many claims were made: each entry's place among those expiring together. */
    private long claims;

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
        if (expiries.containsKey(signature)) {
            return false;
        }
        final Instant expiry = (signedAt == null ? now : signedAt).plus(window);
        while (expiries.size() >= capacity) {
            expiries.remove(order.poll().signature());
        }
        expiries.put(signature, expiry);
        order.add(new Entry(signature, expiry, claims++));
        return true;
    }

    @Override
    public synchronized void release(final String signature) {
        if (expiries.remove(signature) != null) {
            // rare (a session rolled back): the linear removal keeps the queue and the map the same signatures
            order.removeIf(entry -> entry.signature().equals(signature));
        }
    }

    /** The number of signatures remembered. */
    public synchronized int size() {
        return expiries.size();
    }

    private void forgetExpired(final Instant now) {
        // a signature whose expiry is now is still live: its request passes the timestamp check at that very instant
        // (the tolerance's edge)
        while (!order.isEmpty() && order.peek().expiry().isBefore(now)) {
            expiries.remove(order.poll().signature());
        }
    }

    private record Entry(String signature, Instant expiry, long claimed) {
    }
}
