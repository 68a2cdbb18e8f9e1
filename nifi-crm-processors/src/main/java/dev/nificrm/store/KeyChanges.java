package dev.nificrm.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What one write changes in the key index, in the order it is applied: members joining blocks, members leaving
 * blocks, counted keys' deltas, and the members whose record (entity, keys) is new or changed. Kept in the store's log
 * as one binary value, and applied to the {@link KeyIndex} once the write commits (and again, in log order, whenever
 * the index is built from the log).
 * <p>
 * The log holds hashes and numbers only, never personal data: of a changed member only its number. Whoever applies a
 * logged change (another node, or an index built again) reads the member's record from {@code crm_member} as it is
 * then ({@link #withRecords}), so a customer erased since reads as nobody. Format 1 had no members, format 2 their
 * records (read as their numbers), format 3 their numbers and the blanks of erased members, format 4 also the members a
 * schema migration removed, with the hashes of their values ({@link Removal}).
 */
final class KeyChanges {
    private static final int FORMAT = 4;

    private final List<Memberships> joins = new ArrayList<>();
    private final List<Memberships> leaves = new ArrayList<>();
    private final List<Memberships> blanks = new ArrayList<>();
    private final Map<Long, Long> counts = new TreeMap<>();
    private final List<MemberRecord> members = new ArrayList<>();
    private final List<Removal> removals = new ArrayList<>();
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

    /**
     * A member removed where the key index was not open (a schema migration): whoever applies the change takes it out of
     * the blocks listing it and out of the counts, as an erasure does ({@link #resolveRemovals}).
     */
    void remove(final Removal removal) {
        removals.add(removal);
    }

    boolean isEmpty() {
        return joins.isEmpty() && leaves.isEmpty() && blanks.isEmpty() && counts.isEmpty() && members.isEmpty() && membersToRead.length == 0
                && removals.isEmpty();
    }

    /** The numbers of the members removed whose blocks and counts are still to be found ({@link #resolveRemovals}), sorted. */
    long[] removedMembers() {
        return removals.stream().mapToLong(Removal::memberId).sorted().toArray();
    }

    /**
     * Turns the removed members into what an erasure of them logs, read from the index the change is about to be applied
     * to (every node's index holds the same before this change, so all make the same): each leaves the blocks that list it,
     * and its values leave the counts ({@link #uncount}).
     *
     * @param listing per member of {@link #removedMembers()}, in that order, the hashes of the blocks listing it
     * @param find    the index's entries of hashes
     */
    void resolveRemovals(final long[][] listing, final Function<long[], KeyEntry[]> find) {
        final long[] removed = removedMembers();
        for (int i = 0; i < removed.length; i++) {
            leave(removed[i], listing[i]);
        }
        uncount(List.copyOf(removals), find);
        removals.clear();
    }

    /**
     * Takes records out of the counts, as if they had never been written: each value they hold in a field whose
     * frequencies are counted, that field's total, and the population. A field's values are counted where a matcher
     * adjusts for their frequencies; the store does not know which matcher wrote a record, so a value counts as counted
     * when its term has a count, and no count goes below zero.
     *
     * @param find the entries of hashes, as the counts stand before this change
     */
    void uncount(final List<Removal> removed, final Function<long[], KeyEntry[]> find) {
        if (removed.isEmpty()) {
            return;
        }
        final Set<Long> distinct = new LinkedHashSet<>();
        for (final Removal removal : removed) {
            for (final long[] terms : removal.terms()) {
                Arrays.stream(terms).forEach(distinct::add);
            }
        }
        final long[] hashes = distinct.stream().mapToLong(Long::longValue).toArray();
        final KeyEntry[] entries = find.apply(hashes);
        final Map<Long, Long> counted = new HashMap<>();
        for (int i = 0; i < hashes.length; i++) {
            if (entries[i] != null && entries[i].count() > 0) {
                counted.put(hashes[i], entries[i].count());
            }
        }
        // a value held twice counts twice, as it was counted; a field's total once per record with a counted value in it
        final Map<Long, Long> taken = new HashMap<>();
        final Map<Long, long[]> totals = new LinkedHashMap<>();
        final Map<Long, Long> totalTaken = new HashMap<>();
        for (final Removal removal : removed) {
            for (int field = 0; field < removal.terms().length; field++) {
                final long[] terms = removal.terms()[field];
                if (Arrays.stream(terms).anyMatch(counted::containsKey)) {
                    for (final long term : terms) {
                        if (counted.containsKey(term)) {
                            taken.merge(term, 1L, Long::sum);
                        }
                    }
                    final long[] shards = removal.fieldTotals()[field];
                    totals.putIfAbsent(shards[0], shards);
                    totalTaken.merge(shards[0], 1L, Long::sum);
                }
            }
        }
        for (final Map.Entry<Long, Long> term : taken.entrySet()) {
            count(term.getKey(), -Math.min(term.getValue(), counted.get(term.getKey())));
        }
        for (final Map.Entry<Long, long[]> total : totals.entrySet()) {
            subtract(total.getValue(), totalTaken.get(total.getKey()), find);
        }
        subtract(KeyHash.population(), removed.size(), find);
    }

    /** Subtracts from a counter, shard by shard, never taking a shard below zero. */
    private void subtract(final long[] shards, final long amount, final Function<long[], KeyEntry[]> find) {
        final KeyEntry[] entries = find.apply(shards);
        long left = amount;
        for (int shard = 0; shard < shards.length && left > 0; shard++) {
            final long taken = entries[shard] == null ? 0 : Math.min(Math.max(entries[shard].count(), 0), left);
            count(shards[shard], -taken);
            left -= taken;
        }
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
     * The changes as one binary value: a format number, then joins, leaves, blanks, counts, the numbers of the members
     * whose records changed and the removed members, each with its length. No record's content: the log holds no personal
     * data (a removed member's values as the hashes its counts are kept under, as every write logs them).
     */
    byte[] encode() {
        sortByMember();
        final long[] changed = changedMembers();
        // the format, then the number of joins, leaves, blanks, counts, members and removals
        int bytes = 7 * 4;
        for (final List<Memberships> all : List.of(joins, leaves, blanks)) {
            for (final Memberships memberships : all) {
                bytes += 12 + 8 * memberships.blocks().length;
            }
        }
        bytes += 16 * counts.size() + 8 * changed.length;
        for (final Removal removal : removals) {
            bytes += 12;
            for (int field = 0; field < removal.terms().length; field++) {
                bytes += 8 + 8 * (removal.fieldTotals()[field].length + removal.terms()[field].length);
            }
        }
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
        buffer.putInt(removals.size());
        for (final Removal removal : removals) {
            buffer.putLong(removal.memberId()).putInt(removal.terms().length);
            for (int field = 0; field < removal.terms().length; field++) {
                putHashes(buffer, removal.fieldTotals()[field]);
                putHashes(buffer, removal.terms()[field]);
            }
        }
        return buffer.array();
    }

    private static void putHashes(final ByteBuffer buffer, final long[] hashes) {
        buffer.putInt(hashes.length);
        for (final long hash : hashes) {
            buffer.putLong(hash);
        }
    }

    private static long[] readHashes(final ByteBuffer buffer) {
        final long[] hashes = new long[buffer.getInt()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = buffer.getLong();
        }
        return hashes;
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
        if (format >= 4) {
            final int removed = buffer.getInt();
            for (int i = 0; i < removed; i++) {
                final long memberId = buffer.getLong();
                final long[][] fieldTotals = new long[buffer.getInt()][];
                final long[][] terms = new long[fieldTotals.length][];
                for (int field = 0; field < fieldTotals.length; field++) {
                    fieldTotals[field] = readHashes(buffer);
                    terms[field] = readHashes(buffer);
                }
                changes.removals.add(new Removal(memberId, fieldTotals, terms));
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

    /**
     * A member taken out of the store, as the counts know it: per field it held values in, the shards of the field's
     * total and the terms of its values ({@link KeyHash#fieldTotal}, {@link KeyHash#term}).
     */
    record Removal(long memberId, long[][] fieldTotals, long[][] terms) {
    }
}
