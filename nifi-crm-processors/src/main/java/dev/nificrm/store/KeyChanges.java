package dev.nificrm.store;

import java.nio.ByteBuffer;
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
 * <p>
 * The log holds hashes and numbers only, never personal data: of a changed member only its number. Whoever applies a
 * logged change (another node, or an index built again) reads the member's record from {@code crm_member} as it is
 * then ({@link #withRecords}), so a customer erased since reads as nobody. Format 1 had no members, format 2 their
 * records (read as their numbers), format 3 their numbers and the blanks of erased members.
 */
final class KeyChanges {
    private static final int FORMAT = 3;

    private final List<Memberships> joins = new ArrayList<>();
    private final List<Memberships> leaves = new ArrayList<>();
    private final List<Memberships> blanks = new ArrayList<>();
    private final Map<Long, Long> counts = new TreeMap<>();
    private final List<MemberRecord> members = new ArrayList<>();
    /** Decoded from the log: the members whose records the change rewrote, to be read from the database. */
    private long[] membersToRead = new long[0];

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

    /**
     * A member erased on request, as erasures of earlier versions logged it: its number is blanked in the
     * lists of these blocks, which keep their counts and the places of the members after it. Erasures now make the
     * member leave its blocks ({@link #leave}); blanks are still read from the rows logged before.
     */
    void blank(final long memberId, final long[] blocks) {
        if (blocks.length > 0) {
            blanks.add(new Memberships(memberId, blocks.clone()));
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
        return joins.isEmpty() && leaves.isEmpty() && blanks.isEmpty() && counts.isEmpty() && members.isEmpty() && membersToRead.length == 0;
    }

    /** The numbers of the members whose records the change rewrote. */
    long[] changedMembers() {
        final long[] ids = new long[members.size() + membersToRead.length];
        for (int i = 0; i < members.size(); i++) {
            ids[i] = members.get(i).memberId();
        }
        System.arraycopy(membersToRead, 0, ids, members.size(), membersToRead.length);
        return ids;
    }

    /**
     * A change decoded from the log with its members' records as the database has them now, in place of their numbers;
     * a member the database no longer has (erased) gets an empty record, which reads as nobody.
     *
     * @param records the records found, by member number
     */
    KeyChanges withRecords(final Map<Long, MemberRecord> records) {
        for (final long memberId : membersToRead) {
            final MemberRecord record = records.get(memberId);
            members.add(record != null ? record : new MemberRecord(memberId, "", "", "", 0, ""));
        }
        membersToRead = new long[0];
        return this;
    }

    /** What key changes are applied to: the key index, or an open write's changes laid over it ({@link PendingKeys}). */
    interface Target {
        /** A member joins a block. */
        void join(long hash, long member);

        /** A member leaves a block. */
        void leave(long hash, long member);

        /** A member's number is blanked in a block's list (an erasure): the count and the other members' places stay. */
        void blank(long hash, long member);

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
        if (withMembers && membersToRead.length > 0) {
            throw new IllegalStateException("A change read from the key log is applied before its members' records were read");
        }
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
        for (final Memberships blank : blanks) {
            for (final long block : blank.blocks()) {
                index.blank(block, blank.memberId());
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

    /**
     * The changes as one binary value: a format number, then joins, leaves, blanks, counts and the numbers of the members
     * whose records changed, each with its length. No record's content: the log holds no personal data.
     */
    byte[] encode() {
        sortByMember();
        final long[] changed = changedMembers();
        // the format, then the number of joins, leaves, blanks, counts and members
        int bytes = 6 * 4;
        for (final List<Memberships> all : List.of(joins, leaves, blanks)) {
            for (final Memberships memberships : all) {
                bytes += 12 + 8 * memberships.blocks().length;
            }
        }
        bytes += 16 * counts.size() + 8 * changed.length;
        final ByteBuffer buffer = ByteBuffer.allocate(bytes);
        buffer.putInt(FORMAT);
        putMemberships(buffer, joins);
        putMemberships(buffer, leaves);
        putMemberships(buffer, blanks);
        buffer.putInt(counts.size());
        for (final Map.Entry<Long, Long> count : counts.entrySet()) {
            buffer.putLong(count.getKey()).putLong(count.getValue());
        }
        buffer.putInt(changed.length);
        for (final long member : changed) {
            buffer.putLong(member);
        }
        return buffer.array();
    }

    /** Members join and leave in the order of their numbers, as a block's list keeps them. */
    private void sortByMember() {
        joins.sort(Comparator.comparingLong(Memberships::memberId));
        leaves.sort(Comparator.comparingLong(Memberships::memberId));
        blanks.sort(Comparator.comparingLong(Memberships::memberId));
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

    /**
     * Reads a value written by {@link #encode}, or by an earlier format; of the members whose records changed only their
     * numbers ({@link #withRecords} adds the records).
     */
    static KeyChanges decode(final byte[] encoded) {
        final ByteBuffer buffer = ByteBuffer.wrap(encoded);
        final int format = buffer.getInt();
        if (format < 1 || format > FORMAT) {
            throw new EntityStoreException("The key log holds a change in format " + format + ", which this version of nifi-crm does not know");
        }
        final KeyChanges changes = new KeyChanges();
        readMemberships(buffer, changes.joins);
        readMemberships(buffer, changes.leaves);
        if (format >= 3) {
            readMemberships(buffer, changes.blanks);
        }
        final int counted = buffer.getInt();
        for (int i = 0; i < counted; i++) {
            changes.counts.put(buffer.getLong(), buffer.getLong());
        }
        if (format >= 2) {
            changes.membersToRead = new long[buffer.getInt()];
            for (int i = 0; i < changes.membersToRead.length; i++) {
                changes.membersToRead[i] = buffer.getLong();
                if (format == 2) {
                    // the record itself (layout and four texts), as format 2 kept it: read from the database instead
                    buffer.getInt();
                    for (int text = 0; text < 4; text++) {
                        final int length = buffer.getInt();
                        buffer.position(buffer.position() + length);
                    }
                }
            }
        }
        return changes;
    }

    /** Whether a logged value holds its members' records (format 2), which a store no longer keeps in its log. */
    static boolean holdsRecords(final byte[] encoded) {
        return encoded.length >= 4 && ByteBuffer.wrap(encoded).getInt() == 2 && decode(encoded).membersToRead.length > 0;
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
