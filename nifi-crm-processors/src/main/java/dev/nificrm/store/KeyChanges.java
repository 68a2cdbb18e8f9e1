package dev.nificrm.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one write changes in the key index, in the order it is applied: members joining blocks, members leaving
 * blocks, counted keys' deltas, and the members whose record (entity, keys) is new or changed. Kept in the store's log
 * as one binary value, and applied to the {@link KeyIndex} once the write commits (and again, in log order, whenever
 * the index is built from the log).
 */
final class KeyChanges {
    /** Format 1 had no member records. */
    private static final int FORMAT = 2;

    private final List<Memberships> joins = new ArrayList<>();
    private final List<Memberships> leaves = new ArrayList<>();
    private final Map<Long, Long> counts = new TreeMap<>();
    private final List<MemberRecord> members = new ArrayList<>();

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

    /** A member whose record is new or changed. */
    void member(final MemberRecord member) {
        members.add(member);
    }

    boolean isEmpty() {
        return joins.isEmpty() && leaves.isEmpty() && counts.isEmpty() && members.isEmpty();
    }

    /** What key changes are applied to: the key index, or an open write's changes laid over it ({@link PendingKeys}). */
    interface Target {
        /** A member joins a block. */
        void join(long hash, long member);

        /** A member leaves a block. */
        void leave(long hash, long member);

        /** Adds to a counted key. */
        void add(long hash, long delta);

        /** Keeps a member's record, replacing the one it had. */
        void putMember(MemberRecord member);
    }

    /**
     * Applies the changes, joins first, then leaves, counts and members (the index holds its write lock); without the
     * member records when the index's members were read from the database as they are after this change.
     */
    void applyTo(final Target index, final boolean withMembers) {
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
        if (withMembers) {
            for (final MemberRecord member : members) {
                index.putMember(member);
            }
        }
    }

    /** The changes as one binary value: a format number, then joins, leaves, counts and members, each with its length. */
    byte[] encode() {
        return encode(true);
    }

    /**
     * The changes as one binary value; without the member records where no other node reads them from the log (an
     * embedded store builds its members from {@code crm_member}).
     */
    byte[] encode(final boolean withMembers) {
        final List<MemberRecord> members = withMembers ? this.members : List.of();
        sortByMember();
        int bytes = 4 + 4 + 4 + 4;
        for (final Memberships memberships : joins) {
            bytes += 12 + 8 * memberships.blocks().length;
        }
        for (final Memberships memberships : leaves) {
            bytes += 12 + 8 * memberships.blocks().length;
        }
        bytes += 16 * counts.size();
        final List<byte[][]> memberTexts = new ArrayList<>(members.size());
        bytes += 4;
        for (final MemberRecord member : members) {
            final byte[][] texts = {utf8(member.goldenId()), utf8(member.system()), utf8(member.sourceId()), utf8(member.keys())};
            memberTexts.add(texts);
            bytes += 12 + 16 + texts[0].length + texts[1].length + texts[2].length + texts[3].length;
        }
        final ByteBuffer buffer = ByteBuffer.allocate(bytes);
        buffer.putInt(FORMAT);
        putMemberships(buffer, joins);
        putMemberships(buffer, leaves);
        buffer.putInt(counts.size());
        for (final Map.Entry<Long, Long> count : counts.entrySet()) {
            buffer.putLong(count.getKey()).putLong(count.getValue());
        }
        buffer.putInt(members.size());
        for (int i = 0; i < members.size(); i++) {
            buffer.putLong(members.get(i).memberId()).putInt(members.get(i).layoutId());
            for (final byte[] text : memberTexts.get(i)) {
                buffer.putInt(text.length).put(text);
            }
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
        if (format != FORMAT && format != 1) {
            throw new EntityStoreException("The key log holds a change in format " + format + ", which this version of nifi-crm does not know");
        }
        final KeyChanges changes = new KeyChanges();
        readMemberships(buffer, changes.joins);
        readMemberships(buffer, changes.leaves);
        final int counted = buffer.getInt();
        for (int i = 0; i < counted; i++) {
            changes.counts.put(buffer.getLong(), buffer.getLong());
        }
        if (format >= 2) {
            final int memberCount = buffer.getInt();
            for (int i = 0; i < memberCount; i++) {
                final long memberId = buffer.getLong();
                final int layoutId = buffer.getInt();
                changes.members.add(new MemberRecord(memberId, text(buffer), text(buffer), text(buffer), layoutId, text(buffer)));
            }
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

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(final ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.getInt()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private record Memberships(long memberId, long[] blocks) {
    }
}
