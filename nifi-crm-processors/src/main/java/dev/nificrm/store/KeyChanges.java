package dev.nificrm.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;

/**
 * What one write changes in the key index, in the order it is applied: members joining blocks, members leaving
 * blocks, counted keys' deltas, and the members whose record (entity, keys) is new or changed. Kept in the store's log
 * as one binary value, and applied to the {@link KeyIndex} once the write commits (and again, in log order, whenever
 * the index is built from the log).
 * <p>
 * The log holds hashes and numbers only, never personal data: of a changed member only its number. Whoever applies a
 * logged change (another node, or an index built again) reads the member's record from {@code crm_member} as it is
 * then ({@link #withRecords}), so a customer erased since reads as nobody. Each format adds to the one before, and every
 * one is still read:
 * <ul>
 *   <li>1: joins, leaves and counts, no members;</li>
 *   <li>2: also the members whose records changed, with their records (read as their numbers);</li>
 *   <li>3: the members' numbers alone, and the blanks of erased members;</li>
 *   <li>4: also the members a schema migration removed, with the hashes of their values ({@link Removal}); an erasure is
 *       not told apart from another write;</li>
 *   <li>5: also the numbers of the members an erasure removed, and whether whoever applies the change works out the
 *       erasure's key changes from its own index ({@link #withoutKeys});</li>
 *   <li>6: also how many of the changed members are new in the write ({@link #newMember}), of an erasure the counted
 *       terms it took out of each member ({@link #takenTerms}), and whether an erasure logged without its keys gives its
 *       counters' changes (population, field totals). With these a compaction can take an erased member's own write out
 *       of a row ({@link #withoutNewMember}) and keep the row for nodes behind it;</li>
 *   <li>7 (written now): also, of each member whose keys the write changed (or that it moved), the counted terms its
 *       earlier keys gave up ({@link #givenUp}), and the checksums of the versions of the row a compaction rewrote it from
 *       ({@link #rewrittenFrom}). With these a compaction can take an erased member's change out of a row
 *       ({@link #withoutChangedMember}), and a node whose index holds an earlier version of the row as its last goes on
 *       from it.</li>
 * </ul>
 * A version that reads formats up to 6 stops at a row of format 7 with an {@link EntityStoreException} naming the format
 * (its store does not open, or its read or write fails, until it is upgraded): the nodes of a cluster are upgraded
 * together.
 */
final class KeyChanges {
    private static final int FORMAT = 7;
    /** The first format whose erasures name their members, so that a compaction may keep them ({@link #withoutKeys}). */
    static final int ERASURES_NAMED = 5;
    /**
     * The first format whose rows say which members are new and whose erasures what they took out of each member, so that
     * a compaction may take an erased member's own write out of a row rather than drop the row ({@link #withoutNewMember}).
     */
    static final int NEW_MEMBERS_NAMED = 6;
    /**
     * The first format whose rows say what the counted terms of each changed member's earlier keys were, so that a
     * compaction may take an erased member's change out of a row ({@link #withoutChangedMember}), and which versions of the
     * row a compaction rewrote.
     */
    static final int CHANGES_NAMED = 7;

    private final List<Memberships> joins = new ArrayList<>();
    private final List<Memberships> leaves = new ArrayList<>();
    private final List<Memberships> blanks = new ArrayList<>();
    private final Map<Long, Long> counts = new TreeMap<>();
    private final List<MemberRecord> members = new ArrayList<>();
    private final List<Removal> removals = new ArrayList<>();
    /** Decoded from the log: the members whose records the change rewrote, to be read from the database. */
    private long[] membersToRead = new long[0];
    /** The members an erasure removed, sorted (none: not an erasure). */
    private long[] erased = new long[0];
    /** Whether the erasure's leaves and counts are left out, for whoever applies it to work out ({@link #withoutKeys}). */
    private boolean keysLeftOut;
    /** Whether an erasure whose keys are left out still gives its counters' changes, which whoever applies it then takes as they are. */
    private boolean countersGiven;
    /** How many of the changed members, the first ones, are new in the write. */
    private int newMembers;
    /** Of an erasure, per member (by number), the counted terms it took out of the counts, a term held twice twice. */
    private final Map<Long, long[]> takenTerms = new TreeMap<>();
    /** Per changed (not new) member, by number, the counted terms its earlier keys gave up, a term held twice twice. */
    private final Map<Long, long[]> givenUp = new TreeMap<>();
    /** The changed (not new) members whose keys the write did not change (it moved them to another entity). */
    private final Set<Long> keysKept = new TreeSet<>();
    /** The checksums of the versions of this row a compaction rewrote it from, oldest first. */
    private long[] earlierChecksums = new long[0];

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

    /** A member new in the write, with its record: new members are given before any changed one. */
    void newMember(final MemberRecord member) {
        if (members.size() != newMembers || membersToRead.length > 0) {
            throw new IllegalStateException("A write's new members are given before the members it changed");
        }
        members.add(member);
        newMembers++;
    }

    /** The numbers of the members new in the write (none known in a row of a format before {@link #NEW_MEMBERS_NAMED}). */
    long[] newMembers() {
        return Arrays.copyOf(changedMembers(), newMembers);
    }

    /** Of an erasure, the counted terms it took out of a member's counts (a term held twice twice); null when it does not say. */
    long[] takenTerms(final long memberId) {
        final long[] terms = takenTerms.get(memberId);
        return terms == null ? null : terms.clone();
    }

    /** Of an erasure, the blocks a member left (those listing it in the index the erasure was worked out from). */
    Set<Long> blocksLeftBy(final long memberId) {
        return blocksOf(leaves, memberId);
    }

    /** The blocks a member joins in this change. */
    Set<Long> blocksJoinedBy(final long memberId) {
        return blocksOf(joins, memberId);
    }

    private static Set<Long> blocksOf(final List<Memberships> all, final long memberId) {
        final Set<Long> blocks = new HashSet<>();
        for (final Memberships memberships : all) {
            if (memberships.memberId() == memberId) {
                Arrays.stream(memberships.blocks()).forEach(blocks::add);
            }
        }
        return blocks;
    }

    /**
     * Of a member whose keys the write changed (or that it moved, its keys as they were: no terms), the counted terms its
     * earlier keys gave up, a term held twice twice: its own part of the write's counts, besides what its new keys added.
     */
    void givenUp(final long memberId, final long[] terms) {
        givenUp.put(memberId, terms.clone());
    }

    /** A changed (not new) member whose keys the write did not change: it moved to another entity. */
    void keysKept(final long memberId) {
        keysKept.add(memberId);
    }

    /** Of a changed member, the counted terms its earlier keys gave up; null when the row does not say (a format before 7). */
    long[] givenUpTerms(final long memberId) {
        final long[] terms = givenUp.get(memberId);
        return terms == null ? null : terms.clone();
    }

    /**
     * This row as rewritten by a compaction from the version whose checksum is given: a node whose index holds that version
     * as its last row goes on from it ({@link #isVersionOf}).
     */
    KeyChanges rewrittenFrom(final long checksum) {
        earlierChecksums = LongStream.concat(Arrays.stream(earlierChecksums), LongStream.of(checksum)).toArray();
        return this;
    }

    /** Whether a row's value, or one a compaction rewrote it from, has this checksum. */
    static boolean isVersionOf(final byte[] entries, final long checksum) {
        return KeyLog.checksum(entries) == checksum
                || formatOf(entries) >= CHANGES_NAMED && Arrays.stream(decode(entries).earlierChecksums).anyMatch(earlier -> earlier == checksum);
    }

    /**
     * A member removed where the key index was not open (a schema migration): whoever applies the change takes it out of
     * the blocks listing it and out of the counts, as an erasure does ({@link #resolveRemovals}).
     */
    void remove(final Removal removal) {
        removals.add(removal);
    }

    /** The change is an erasure of these members (sorted): its leaves and counts are what {@link ErasedKeys} works out for them. */
    void erased(final long[] memberIds) {
        erased = memberIds.clone();
    }

    /** The members an erasure removed, sorted; none when the change is no erasure. */
    long[] erasedMembers() {
        return erased.clone();
    }

    /** Whether the change is an erasure that names its members alone, its key changes left to whoever applies it. */
    boolean keysLeftOut() {
        return keysLeftOut;
    }

    /**
     * This erasure as it names no key: its members' numbers and its counters' changes, without the blocks they leave and
     * the counted keys they take from, which whoever applies it works out from its own index as the erasing node did
     * ({@link ErasedKeys}), so the log names no hash of a key only the erased customers had. Only an index that holds each
     * erased member's record as the erasure found it, or none of it at all, can apply it: one that holds the log up to the
     * row before it and took in no row naming them after they were erased, or took in the member's own write without it
     * ({@link #withoutNewMember}); compacting makes sure of that, see {@link KeyLog#compact}.
     */
    KeyChanges withoutKeys(final Set<Long> counters) {
        final KeyChanges without = new KeyChanges();
        without.membersToRead = changedMembers();
        without.erased = erased.clone();
        without.keysLeftOut = true;
        // the counters' changes stay as the erasing node made them: a node that never held a member whose own write was
        // taken out of a kept row (withoutNewMember) cannot work out what it took from them, and which shard it took from
        // depends on the shards' counts, which those rows leave as they were
        for (final Map.Entry<Long, Long> count : counts.entrySet()) {
            if (counters.contains(count.getKey())) {
                without.counts.put(count.getKey(), count.getValue());
            }
        }
        without.countersGiven = true;
        without.earlierChecksums = earlierChecksums.clone();
        return without;
    }

    /**
     * Takes out of this row a member new in it that an erasure after it removed, leaving the other members' changes as they
     * were, for a node behind the row to replay without ever holding the member: its joins (of a block the erasure did not
     * find it in, one listing nobody any more as it grew past {@link EntityStore#MAXIMUM_LISTED_BLOCK}, the join stays as
     * one by nobody, number 0, which counts as the member's did), its number, and the counted terms it added, which are
     * those the erasure took out of it (no row after this one changed the member). Its counters' shards stay (see
     * {@link #withoutKeys}). Returns false, the row unchanged, where that does not hold: the member is not new here, leaves
     * a block here, or joined a block the erasure neither left nor finds unlisted now.
     *
     * @param leftByErasure the blocks the erasure took the member out of
     * @param terms         the counted terms the erasure took out of the member's counts
     * @param unlistedNow   whether a block lists nobody in the index now, counting only
     */
    boolean withoutNewMember(final long memberId, final Set<Long> leftByErasure, final long[] terms, final LongPredicate unlistedNow) {
        final int position = indexOf(changedMembers(), memberId);
        if (position < 0 || position >= newMembers || !members.isEmpty() || namedOtherwise(memberId)
                || leaves.stream().anyMatch(leave -> leave.memberId() == memberId)) {
            return false;
        }
        final long[] byNobody = joinsByNobody(memberId, leftByErasure, unlistedNow);
        if (byNobody == null || !blocksJoinedBy(memberId).containsAll(leftByErasure)) {
            return false;
        }
        strip(memberId, position, byNobody, new long[0]);
        newMembers--;
        uncount(terms, -1);
        return true;
    }

    /**
     * Takes out of this row a member whose keys it changed (or that it moved to another entity), which an erasure after it
     * removed, leaving the other members' changes as they were, for a node behind the row to replay holding the member as
     * it was before the row until the erasure takes it out, as that node works it out from its own index: its joins, as
     * {@link #withoutNewMember} takes them out; its leaves, but of the blocks in {@code leavesByNobody} a leave by nobody
     * (number 0, which counts as the member's did and takes no member out of a list); its number; and its part of the
     * counts, the terms its new keys added (those the erasure took out of it, no row after this one changing it) and those
     * its earlier keys gave up ({@link #givenUpTerms}). Its counters' shards stay (see {@link #withoutKeys}). Returns false,
     * the row unchanged, where that does not hold: the member is new here, the row does not say what its keys were, it
     * leaves a block the erasure took it out of, or it joined a block the erasure neither left nor finds unlisted now.
     *
     * @param leftByErasure  the blocks the erasure took the member out of
     * @param terms          the counted terms the erasure took out of the member's counts
     * @param unlistedNow    whether a block lists nobody in the index now, counting only
     * @param leavesByNobody the blocks the member leaves here whose leave stays, as one by nobody
     */
    boolean withoutChangedMember(final long memberId, final Set<Long> leftByErasure, final long[] terms, final LongPredicate unlistedNow,
                                 final Set<Long> leavesByNobody) {
        final int position = indexOf(changedMembers(), memberId);
        final long[] gaveUp = givenUp.get(memberId);
        final boolean moved = keysKept.contains(memberId);
        if (position < newMembers || gaveUp == null && !moved || !members.isEmpty() || namedOtherwise(memberId)) {
            return false;
        }
        final long[] byNobody = joinsByNobody(memberId, leftByErasure, unlistedNow);
        final Set<Long> left = blocksLeftBy(memberId);
        if (byNobody == null || left.stream().anyMatch(leftByErasure::contains) || moved && (byNobody.length > 0 || !left.isEmpty())) {
            return false;
        }
        strip(memberId, position, byNobody, sortedIn(left, leavesByNobody));
        keysKept.remove(memberId);
        if (gaveUp != null) {
            givenUp.remove(memberId);
            uncount(terms, -1);
            uncount(gaveUp, 1);
        }
        return true;
    }

    /**
     * Takes out of this row a member an erasure after it removed, where a later row naming the member was rewritten without
     * it already (the member changed again, or was moved, after this row): a row the member was created in, changed in or
     * moved in. Its joins and leaves go, but those of the blocks in {@code byNobody} stay as by nobody (number 0), which the
     * compaction chooses block by block by replaying them ({@link KeyLog}); its number goes, and its part of the counts:
     * {@code heldAfter}, the counted terms its keys held after this row (what the next row changing it says they gave up),
     * which this row added, and of a member it changed the terms its earlier keys gave up ({@link #givenUpTerms}). Its
     * counters' shards stay (see {@link #withoutKeys}). Returns false, the row unchanged, where the row does not say what
     * the member's part was: it names the member otherwise than as new, changed or moved, changed it without saying what
     * its earlier keys gave up (a format before {@link #CHANGES_NAMED}), created it leaving blocks, or moved it joining or
     * leaving some.
     *
     * @param heldAfter the counted terms the member's keys held after this row, a term held twice twice
     * @param byNobody  the blocks the member joins or leaves here whose join or leave stays, as one by nobody
     */
    boolean withoutMemberChangedLater(final long memberId, final long[] heldAfter, final Set<Long> byNobody) {
        final int position = indexOf(changedMembers(), memberId);
        final boolean created = position >= 0 && position < newMembers;
        final long[] gaveUp = givenUp.get(memberId);
        final boolean moved = keysKept.contains(memberId);
        final Set<Long> joined = blocksJoinedBy(memberId);
        final Set<Long> left = blocksLeftBy(memberId);
        if (position < 0 || !members.isEmpty() || namedOtherwise(memberId) || !created && gaveUp == null && !moved
                || created && !left.isEmpty() || moved && !(joined.isEmpty() && left.isEmpty())) {
            return false;
        }
        strip(memberId, position, sortedIn(joined, byNobody), sortedIn(left, byNobody));
        keysKept.remove(memberId);
        if (created) {
            newMembers--;
            uncount(heldAfter, -1);
        } else if (gaveUp != null) {
            givenUp.remove(memberId);
            uncount(heldAfter, -1);
            uncount(gaveUp, 1);
        }
        return true;
    }

    /** Takes a member's joins, leaves and number out of the row, leaving joins and leaves of some blocks by nobody (number 0). */
    private void strip(final long memberId, final int position, final long[] joinsByNobody, final long[] leavesByNobody) {
        joins.removeIf(join -> join.memberId() == memberId);
        leaves.removeIf(leave -> leave.memberId() == memberId);
        join(0, joinsByNobody);
        leave(0, leavesByNobody);
        withoutMemberAt(position);
    }

    /** Those of some blocks that are among others, sorted. */
    private static long[] sortedIn(final Set<Long> blocks, final Set<Long> among) {
        return blocks.stream().filter(among::contains).mapToLong(Long::longValue).sorted().toArray();
    }

    /** Whether a member is blanked or removed by a migration in this change (which no compaction takes out of it). */
    private boolean namedOtherwise(final long memberId) {
        return blanks.stream().anyMatch(blank -> blank.memberId() == memberId)
                || removals.stream().anyMatch(removal -> removal.memberId() == memberId);
    }

    /**
     * The blocks whose join by a member stays as one by nobody when the member is taken out of the row: those the erasure
     * did not take it out of, which list nobody now; null when it joined a block the erasure did not take it out of that
     * lists members now.
     */
    private long[] joinsByNobody(final long memberId, final Set<Long> leftByErasure, final LongPredicate unlistedNow) {
        final List<Long> byNobody = new ArrayList<>();
        for (final Memberships join : joins) {
            if (join.memberId() == memberId) {
                for (final long block : join.blocks()) {
                    if (!leftByErasure.contains(block)) {
                        if (!unlistedNow.test(block)) {
                            return null;
                        }
                        byNobody.add(block);
                    }
                }
            }
        }
        return byNobody.stream().mapToLong(Long::longValue).toArray();
    }

    /** Takes the member at a place among the changed members out of the numbers the row names. */
    private void withoutMemberAt(final int position) {
        final long[] remaining = new long[membersToRead.length - 1];
        System.arraycopy(membersToRead, 0, remaining, 0, position);
        System.arraycopy(membersToRead, position + 1, remaining, position, remaining.length - position);
        membersToRead = remaining;
    }

    /** Adds to the counts of terms, once per time a term is given, dropping a count the change no longer makes. */
    private void uncount(final long[] terms, final long delta) {
        for (final long term : terms) {
            if (counts.merge(term, delta, Long::sum) == 0) {
                counts.remove(term);
            }
        }
    }

    private static int indexOf(final long[] values, final long value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** The erasure's key changes, left out of its log row, are worked out and added ({@link ErasedKeys}): it applies as any change. */
    void keysWorkedOut() {
        keysLeftOut = false;
    }

    /**
     * Every hash the change names: joined, left, blanked or counted, and of a member a migration removed its values' terms
     * and their fields' totals.
     */
    long[] hashes() {
        final List<Long> hashes = new ArrayList<>();
        for (final List<Memberships> all : List.of(joins, leaves, blanks)) {
            for (final Memberships memberships : all) {
                Arrays.stream(memberships.blocks()).forEach(hashes::add);
            }
        }
        hashes.addAll(counts.keySet());
        takenTerms.values().forEach(terms -> Arrays.stream(terms).forEach(hashes::add));
        givenUp.values().forEach(terms -> Arrays.stream(terms).forEach(hashes::add));
        for (final Removal removal : removals) {
            for (int field = 0; field < removal.terms().length; field++) {
                Arrays.stream(removal.fieldTotals()[field]).forEach(hashes::add);
                Arrays.stream(removal.terms()[field]).forEach(hashes::add);
            }
        }
        return hashes.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Whether the change names any of these hashes ({@link #hashes}) or members (joining, leaving, blanked, with its record
     * rewritten, or removed by a migration).
     */
    boolean names(final Set<Long> keys, final Set<Long> memberIds) {
        if (Arrays.stream(hashes()).anyMatch(keys::contains) || Arrays.stream(changedMembers()).anyMatch(memberIds::contains)
                || removals.stream().anyMatch(removal -> memberIds.contains(removal.memberId()))) {
            return true;
        }
        for (final List<Memberships> all : List.of(joins, leaves, blanks)) {
            for (final Memberships memberships : all) {
                if (memberIds.contains(memberships.memberId())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Those of some members the change names (as {@link #names} finds them), each once. */
    Set<Long> namedMembers(final Set<Long> memberIds) {
        final Set<Long> named = new TreeSet<>();
        Arrays.stream(changedMembers()).filter(memberIds::contains).forEach(named::add);
        removals.stream().map(Removal::memberId).filter(memberIds::contains).forEach(named::add);
        for (final List<Memberships> all : List.of(joins, leaves, blanks)) {
            for (final Memberships memberships : all) {
                if (memberIds.contains(memberships.memberId())) {
                    named.add(memberships.memberId());
                }
            }
        }
        return named;
    }

    boolean isEmpty() {
        return joins.isEmpty() && leaves.isEmpty() && blanks.isEmpty() && counts.isEmpty() && members.isEmpty() && membersToRead.length == 0
                && removals.isEmpty() && erased.length == 0;
    }

    /** The numbers of the members removed whose blocks and counts are still to be found ({@link #resolveRemovals}), sorted. */
    long[] removedMembers() {
        return removals.stream().mapToLong(Removal::memberId).sorted().toArray();
    }

    /**
     * Turns the removed members into what an erasure of them logs, read from the index the change is about to be applied
     * to (every node's index holds the same before this change, so all make the same): {@link #takeOut}.
     *
     * @param blocksListing per member (sorted numbers), the hashes of the blocks listing it
     * @param find          the index's entries of hashes
     */
    void resolveRemovals(final Function<long[], long[][]> blocksListing, final Function<long[], KeyEntry[]> find) {
        takeOut(List.copyOf(removals), blocksListing, find);
        removals.clear();
    }

    /**
     * Takes members out of the key index, as an erasure does and as a migration's removal is applied ({@link ErasedKeys}):
     * each leaves every block that lists it, and its values leave the counts ({@link #uncount}); of an erasure logged
     * with its counters' changes, the counters are left as the row gives them.
     *
     * @param blocksListing per member (sorted numbers), the hashes of the blocks listing it, in the index as it is before
     *                      this change
     * @param find          the index's entries of hashes, likewise
     */
    void takeOut(final List<Removal> removed, final Function<long[], long[][]> blocksListing, final Function<long[], KeyEntry[]> find) {
        if (removed.isEmpty()) {
            return;
        }
        final long[] sorted = removed.stream().mapToLong(Removal::memberId).sorted().toArray();
        final long[][] listing = blocksListing.apply(sorted);
        for (int i = 0; i < sorted.length; i++) {
            leave(sorted[i], listing[i]);
        }
        uncount(removed, find);
    }

    /**
     * Takes records out of the counts, as if they had never been written: each value they hold in a field whose
     * frequencies are counted, that field's total, and the population. A field's values are counted where a matcher
     * adjusts for their frequencies; the store does not know which matcher wrote a record, so a value counts as counted
     * when its term has a count, and no count goes below zero.
     *
     * @param find the entries of hashes, as the counts stand before this change
     */
    private void uncount(final List<Removal> removed, final Function<long[], KeyEntry[]> find) {
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
            final List<Long> ofMember = new ArrayList<>();
            for (int field = 0; field < removal.terms().length; field++) {
                final long[] terms = removal.terms()[field];
                if (Arrays.stream(terms).anyMatch(counted::containsKey)) {
                    for (final long term : terms) {
                        if (counted.containsKey(term)) {
                            taken.merge(term, 1L, Long::sum);
                            ofMember.add(term);
                        }
                    }
                    final long[] shards = removal.fieldTotals()[field];
                    totals.putIfAbsent(shards[0], shards);
                    totalTaken.merge(shards[0], 1L, Long::sum);
                }
            }
            takenTerms.put(removal.memberId(), ofMember.stream().mapToLong(Long::longValue).toArray());
        }
        for (final Map.Entry<Long, Long> term : taken.entrySet()) {
            count(term.getKey(), -Math.min(term.getValue(), counted.get(term.getKey())));
        }
        if (countersGiven) {
            return;
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

    /** What key changes are applied to: the key index, a list of them kept for taking in again ({@link KeyChangeList}), a replay of some blocks. */
    interface Target {
        /** A member joins a block. */
        void join(long hash, long member);

        /** A member joins blocks, in the order given ({@link #join(long, long)} for each). */
        default void joinAll(final long[] hashes, final long member) {
            for (final long hash : hashes) {
                join(hash, member);
            }
        }

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
        if (keysLeftOut) {
            throw new IllegalStateException("An erasure whose key changes were left out is applied before they were worked out");
        }
        if (withMembers && membersToRead.length > 0) {
            throw new IllegalStateException("A change read from the key log is applied before its members' records were read");
        }
        sortByMember();
        for (final Memberships join : joins) {
            index.joinAll(join.blocks(), join.memberId());
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
     * The changes as one binary value (format 7): a format number, then joins, leaves, blanks, counts, the numbers of the
     * members whose records changed, the members a migration removed and the numbers of those an erasure removed, each
     * with its length, whether the erasure's key changes are left out (1) with its counters' given (2), how many of the
     * changed members are new, of an erasure the counted terms it took out of each member, of the changed members the
     * counted terms their earlier keys gave up, those whose keys stayed, and the checksums of the versions a compaction
     * rewrote the row from. No record's content: the
     * log holds no personal data (a removed member's values as the hashes its counts are kept under, as every write logs
     * them).
     */
    byte[] encode() {
        sortByMember();
        final long[] changed = changedMembers();
        // the format, then the number of joins, leaves, blanks, counts, members, removals and erased members, whether the
        // erasure's keys are left out, the number of new members and of members with taken terms
        int bytes = 11 * 4;
        for (final List<Memberships> all : List.of(joins, leaves, blanks)) {
            for (final Memberships memberships : all) {
                bytes += 12 + 8 * memberships.blocks().length;
            }
        }
        bytes += 16 * counts.size() + 8 * changed.length + 8 * erased.length;
        for (final long[] terms : takenTerms.values()) {
            bytes += 12 + 8 * terms.length;
        }
        // format 7: the members with the terms their earlier keys gave up, the members whose keys stayed, earlier checksums
        bytes += 4 + 4 + 8 * keysKept.size() + 4 + 8 * earlierChecksums.length;
        for (final long[] terms : givenUp.values()) {
            bytes += 12 + 8 * terms.length;
        }
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
                putLongs(buffer, removal.fieldTotals()[field]);
                putLongs(buffer, removal.terms()[field]);
            }
        }
        putLongs(buffer, erased);
        buffer.putInt(keysLeftOut ? countersGiven ? 2 : 1 : 0);
        buffer.putInt(newMembers);
        putTerms(buffer, takenTerms);
        putTerms(buffer, givenUp);
        putLongs(buffer, keysKept.stream().mapToLong(Long::longValue).toArray());
        putLongs(buffer, earlierChecksums);
        return buffer.array();
    }

    /** Terms per member: their number, then each member's number and terms. */
    private static void putTerms(final ByteBuffer buffer, final Map<Long, long[]> termsOf) {
        buffer.putInt(termsOf.size());
        for (final Map.Entry<Long, long[]> member : termsOf.entrySet()) {
            buffer.putLong(member.getKey());
            putLongs(buffer, member.getValue());
        }
    }

    private static void readTerms(final ByteBuffer buffer, final Map<Long, long[]> into) {
        final int members = buffer.getInt();
        for (int i = 0; i < members; i++) {
            into.put(buffer.getLong(), readLongs(buffer));
        }
    }

    /** Hashes or member numbers, after their count. */
    private static void putLongs(final ByteBuffer buffer, final long[] values) {
        buffer.putInt(values.length);
        for (final long value : values) {
            buffer.putLong(value);
        }
    }

    private static long[] readLongs(final ByteBuffer buffer) {
        final long[] values = new long[buffer.getInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getLong();
        }
        return values;
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
                    fieldTotals[field] = readLongs(buffer);
                    terms[field] = readLongs(buffer);
                }
                changes.removals.add(new Removal(memberId, fieldTotals, terms));
            }
        }
        if (format >= ERASURES_NAMED) {
            changes.erased = readLongs(buffer);
            final int leftOut = buffer.getInt();
            changes.keysLeftOut = leftOut >= 1;
            changes.countersGiven = leftOut == 2;
        }
        if (format >= NEW_MEMBERS_NAMED) {
            changes.newMembers = buffer.getInt();
            readTerms(buffer, changes.takenTerms);
        }
        if (format >= CHANGES_NAMED) {
            readTerms(buffer, changes.givenUp);
            Arrays.stream(readLongs(buffer)).forEach(changes.keysKept::add);
            changes.earlierChecksums = readLongs(buffer);
        }
        return changes;
    }

    /** The format a logged value was written in. */
    static int formatOf(final byte[] encoded) {
        return ByteBuffer.wrap(encoded).getInt();
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
