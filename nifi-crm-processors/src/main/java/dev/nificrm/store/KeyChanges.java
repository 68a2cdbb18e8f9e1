package dev.nificrm.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one write changes under the store's key hashes, in the order it is applied: members joining blocks, members
 * leaving blocks, and counted keys' deltas. Kept in the embedded store's log as one binary value, and applied to its
 * {@link KeyIndex} once the write commits (and again, in log order, whenever the index is built from the log).
 */
final class KeyChanges {
    private static final int FORMAT = 1;

    private final List<Memberships> joins = new ArrayList<>();
    private final List<Memberships> leaves = new ArrayList<>();
    private final Map<Long, Long> counts = new TreeMap<>();

    /** A member joins these blocks. */
    void join(final long memberId, final long[] blocks) {
        if (blocks.length > 0) {
            joins.add(new Memberships(memberId, blocks.clone()));
        }
    }

    /** A member leaves these blocks. */
    void leave(final long memberId, final long[] blocks) {
        if (blocks.length > 0) {
            leaves.add(new Memberships(memberId, blocks.clone()));
        }
    }

    /** Adds to a counted key. */
    void count(final long hash, final long delta) {
        if (delta != 0) {
            counts.merge(hash, delta, Long::sum);
        }
    }

    boolean isEmpty() {
        return joins.isEmpty() && leaves.isEmpty() && counts.isEmpty();
    }

    /** Applies the changes, joins first, then leaves, then counts (the index holds its write lock). */
    void applyTo(final KeyIndex index) {
        sortByMember();
        for (final Memberships join : joins) {
            for (final long block : join.blocks()) {
                index.join(block, join.memberId());
            }
        }
        for (final Memberships leave : leaves) {
            for (final long block : leave.blocks()) {
                index.leave(block, leave.memberId());
            }
        }
        for (final Map.Entry<Long, Long> count : counts.entrySet()) {
            index.add(count.getKey(), count.getValue());
        }
    }

    /** The changes as one binary value: a format number, then joins, leaves and counts, each with its length. */
    byte[] encode() {
        sortByMember();
        int bytes = 4 + 4 + 4 + 4;
        for (final Memberships memberships : joins) {
            bytes += 12 + 8 * memberships.blocks().length;
        }
        for (final Memberships memberships : leaves) {
            bytes += 12 + 8 * memberships.blocks().length;
        }
        bytes += 16 * counts.size();
        final ByteBuffer buffer = ByteBuffer.allocate(bytes);
        buffer.putInt(FORMAT);
        putMemberships(buffer, joins);
        putMemberships(buffer, leaves);
        buffer.putInt(counts.size());
        for (final Map.Entry<Long, Long> count : counts.entrySet()) {
            buffer.putLong(count.getKey()).putLong(count.getValue());
        }
        return buffer.array();
    }

    /** Members join and leave in the order of their numbers, as a block's list keeps them. */
    private void sortByMember() {
        joins.sort(Comparator.comparingLong(Memberships::memberId));
        leaves.sort(Comparator.comparingLong(Memberships::memberId));
    }

    private static void putMemberships(final ByteBuffer buffer, final List<Memberships> all) {
        buffer.putInt(all.size());
        for (final Memberships memberships : all) {
            buffer.putLong(memberships.memberId()).putInt(memberships.blocks().length);
            for (final long block : memberships.blocks()) {
                buffer.putLong(block);
            }
        }
    }

    /** Reads a value written by {@link #encode}. */
    static KeyChanges decode(final byte[] encoded) {
        final ByteBuffer buffer = ByteBuffer.wrap(encoded);
        final int format = buffer.getInt();
        if (format != FORMAT) {
            throw new EntityStoreException("The key log holds a change in format " + format + ", which this version of nifi-crm does not know");
        }
        final KeyChanges changes = new KeyChanges();
        readMemberships(buffer, changes.joins);
        readMemberships(buffer, changes.leaves);
        final int counted = buffer.getInt();
        for (int i = 0; i < counted; i++) {
            changes.counts.put(buffer.getLong(), buffer.getLong());
        }
        return changes;
    }

    private static void readMemberships(final ByteBuffer buffer, final List<Memberships> into) {
        final int count = buffer.getInt();
        for (int i = 0; i < count; i++) {
            final long memberId = buffer.getLong();
            final long[] blocks = new long[buffer.getInt()];
            for (int block = 0; block < blocks.length; block++) {
                blocks[block] = buffer.getLong();
            }
            into.add(new Memberships(memberId, blocks));
        }
    }

    private record Memberships(long memberId, long[] blocks) {
    }
}
