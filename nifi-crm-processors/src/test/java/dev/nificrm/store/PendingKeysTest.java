package dev.nificrm.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An open write's key changes laid over the key index read as the index will read once it has applied them: the same
 * counts, listings and members, for blocks that grow past the listed size, empty and fill again, counted keys, and
 * hashes the index never had.
 */
class PendingKeysTest {
    private static final int HASHES = 40;

    @TempDir
    Path committed;
    @TempDir
    Path applied;

    @Test
    void readsAsTheIndexWillOnceItAppliedTheChanges() {
        final SplittableRandom random = new SplittableRandom(20261202);
        for (int round = 0; round < 12; round++) {
            try (KeyIndex base = KeyIndex.open(committed.resolve("r" + round)); KeyIndex truth = KeyIndex.open(applied.resolve("r" + round))) {
                final Map<Long, List<Long>> members = new HashMap<>();
                final long[] nextMember = {1};
                // what the index holds when the write begins: some blocks near the listed size, some counted keys
                final KeyChanges before = changes(random, members, nextMember, 600);
                // blocks 0-2 at, just under and over the listed size
                for (int block = 0; block < 3; block++) {
                    for (int i = 0; i < EntityStore.MAXIMUM_LISTED_BLOCK - 20 + 10 * block; i++) {
                        final long member = nextMember[0]++;
                        before.join(member, new long[] {block});
                        members.computeIfAbsent((long) block, h -> new ArrayList<>()).add(member);
                    }
                }
                base.apply(before, 1, 1, true);
                truth.apply(before, 1, 1, true);

                final PendingKeys pending = new PendingKeys();
                for (int part = 0; part < 7; part++) {
                    final KeyChanges changes = changes(random, members, nextMember, 1 + random.nextInt(300));
                    truth.apply(changes, 2 + part, 2 + part, true);
                    pending.add(changes);
                    assertSameAs(truth, pending, base);
                }
            }
        }
    }

    @Test
    void rewrittenMembersAreTheChangesMemberRecords() {
        final PendingKeys pending = new PendingKeys();
        final KeyChanges changes = new KeyChanges();
        changes.join(7, new long[] {1});
        changes.member(new MemberRecord(7, "G", "crm", "1", 1, "k"));
        pending.add(changes);
        assertTrue(pending.rewrote(7));
        assertFalse(pending.rewrote(8));
    }

    @Test
    void aBlockPastTheListedSizeStaysUnlistedUntilItEmpties() {
        try (KeyIndex base = KeyIndex.open(committed)) {
            final KeyChanges full = new KeyChanges();
            for (int member = 1; member <= EntityStore.MAXIMUM_LISTED_BLOCK; member++) {
                full.join(member, new long[] {5});
            }
            base.apply(full, 1, 1, true);
            final PendingKeys pending = new PendingKeys();
            final KeyChanges oneMore = new KeyChanges();
            oneMore.join(9_999, new long[] {5});
            oneMore.leave(1, new long[] {5});
            pending.add(oneMore);
            final KeyEntry entry = pending.find(new long[] {5}, base)[0];
            assertEquals(EntityStore.MAXIMUM_LISTED_BLOCK, entry.count());
            assertFalse(entry.listed(), "one member over the size, the block lists none, also after one leaves");
            assertNull(pending.blockMembers(new long[] {5}, base)[0]);
            assertEquals(EntityStore.MAXIMUM_LISTED_BLOCK, base.find(new long[] {5})[0].count(), "the index itself is unchanged");
        }
    }

    private static void assertSameAs(final KeyIndex truth, final PendingKeys pending, final KeyIndex base) {
        final long[] hashes = new long[HASHES + 1];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = i;
        }
        final KeyEntry[] expected = truth.find(hashes);
        final KeyEntry[] actual = pending.find(hashes, base);
        final long[][] expectedMembers = truth.blockMembers(hashes);
        final long[][] actualMembers = pending.blockMembers(hashes, base);
        for (int i = 0; i < hashes.length; i++) {
            assertEquals(expected[i], actual[i], "the entry of hash " + i);
            assertArrayEquals(expectedMembers[i], actualMembers[i], "the members of hash " + i);
        }
    }

    /**
     * A change of random joins (new members, and members joining a block again after leaving it), leaves (mostly of
     * members in the block, some of members or hashes that are not) and counts, over a few hashes: hash 0-9 are blocks
     * that grow large, 10-29 small ones, 30-39 counted keys, 40 a block only left.
     */
    private static KeyChanges changes(final SplittableRandom random, final Map<Long, List<Long>> members, final long[] nextMember,
                                      final int operations) {
        final KeyChanges changes = new KeyChanges();
        final List<Long> joinedHere = new ArrayList<>();
        for (int i = 0; i < operations; i++) {
            final int kind = random.nextInt(10);
            if (kind < 6) {
                final long hash = random.nextInt(4) == 0 ? random.nextInt(10, 30) : random.nextInt(random.nextBoolean() ? 3 : 10);
                final long member = nextMember[0]++;
                changes.join(member, new long[] {hash});
                members.computeIfAbsent(hash, h -> new ArrayList<>()).add(member);
                joinedHere.add(member);
            } else if (kind < 9) {
                final long hash = random.nextInt(30);
                final List<Long> in = members.getOrDefault(hash, List.of());
                if (!in.isEmpty() && random.nextInt(5) > 0) {
                    final Long member = in.get(random.nextInt(in.size()));
                    if (joinedHere.contains(member)) {
                        // within one change, joins apply before leaves: a member joining and leaving one block is not realistic
                        continue;
                    }
                    in.remove(member);
                    changes.leave(member, new long[] {hash});
                } else {
                    changes.leave(nextMember[0] + 1_000_000, new long[] {random.nextInt(2) == 0 ? hash : HASHES});
                }
            } else {
                changes.count(random.nextInt(30, 40), random.nextInt(-3, 8));
            }
        }
        return changes;
    }
}
