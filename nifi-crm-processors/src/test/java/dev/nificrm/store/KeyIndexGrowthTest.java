package dev.nificrm.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key index doubles its slot table on a background thread once it passes 5/8 load, while changes go on being
 * applied to the table it has: joins, leaves that let slots go (moving the slots after them), negative counts, blanks.
 * Each check compares every hash's count and members with a plain map.
 */
class KeyIndexGrowthTest {
    /** The initial table's slots; the doubling starts past 5/8 of them (40,960 keys) and is waited for at 3/4 (49,152). */
    private static final int INITIAL_SLOTS = 1 << 16;

    @TempDir
    Path directory;

    @Test
    void changesAppliedWhileTheBuilderIsHalfwayReachTheDoubledTable() throws Exception {
        final Model model = new Model(new SplittableRandom(20261203));
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        try (KeyIndex index = KeyIndex.open(directory)) {
            index.growInBackground();
            holdHalfway(index, paused, resume);
            // a run of blocks from the slot before the builder's halfway point on: the first ones leaving while it waits
            // there moves the others across that point, into slots it has copied already
            final long[] run = model.startingAt(INITIAL_SLOTS / 2 - 3, 8);
            model.joinNew(index, run);
            model.fill(index, 40_000);
            for (int round = 0; round < 200 && paused.getCount() > 0; round++) {
                model.churn(index, 42_500);
                Thread.sleep(1);
            }
            assertTrue(paused.await(10, TimeUnit.SECONDS), "crossing 5/8 load started a background doubling");
            model.leaveAll(index, Arrays.copyOf(run, 3));
            // slots move all over the table (backward shifts of leaves) while the builder is halfway through it
            for (int round = 0; round < 150; round++) {
                model.churn(index, 47_000);
            }
            resume.countDown();
            model.churnUntilDoubled(index, directory, 47_000);
            assertEquals(0, index.synchronousGrowths(), "no change waited for the doubling");
            model.check(index);
            for (int round = 0; round < 50; round++) {
                model.churn(index, 47_000);
            }
            model.check(index);
        }
        assertEquals(List.of("slots-17"), slotFiles(directory));
        try (KeyIndex reopened = KeyIndex.open(directory)) {
            assertTrue(reopened.openedClean());
            model.check(reopened);
        }
    }

    /**
     * The key whose new slot starts the doubling gets its count and member only after the builder has started: a builder
     * that copies that slot first (the writer's thread descheduled right after starting it, as under load) must not keep
     * it empty in the doubled table. Seen once in a full test run on a loaded machine: a key of count 1 read back as 0.
     */
    @Test
    void theKeyThatStartsTheDoublingKeepsWhatItsChangeGaveIt() throws Exception {
        final Model model = new Model(new SplittableRandom(20261204));
        final CountDownLatch halfway = new CountDownLatch(1);
        try (KeyIndex index = KeyIndex.open(directory)) {
            index.growInBackground();
            index.halfwayThroughGrowth = halfway::countDown;
            // exactly 5/8 of the slots: the next new key starts the doubling
            model.fill(index, INITIAL_SLOTS / 8 * 5);
            // the writer waits, right after starting it, until the builder has copied the first half of the table, where
            // the next key's slot lies
            index.backgroundGrowthStarted = () -> awaitQuietly(halfway);
            model.joinNew(index, model.startingAt(100, 1));
            index.backgroundGrowthStarted = null;
            assertEquals(0, halfway.getCount(), "the key started a background doubling");
            model.churnUntilDoubled(index, directory, INITIAL_SLOTS / 8 * 5 + 500);
            assertEquals(0, index.synchronousGrowths());
            model.check(index);
        }
    }

    @Test
    void theTableDoublesInTheBackgroundUnderChurnWithoutAChangeWaiting() throws Exception {
        for (final long seed : new long[] {1, 2, 3}) {
            final Path at = directory.resolve("seed-" + seed);
            final Model model = new Model(new SplittableRandom(seed));
            try (KeyIndex index = KeyIndex.open(at)) {
                index.growInBackground();
                model.fill(index, 40_000);
                model.churnUntilDoubled(index, at, 46_000);
                assertEquals(0, index.synchronousGrowths(), "seed " + seed);
                model.check(index);
            }
            try (KeyIndex reopened = KeyIndex.open(at)) {
                assertTrue(reopened.openedClean());
                model.check(reopened);
            }
        }
    }

    @Test
    void closingOrResettingWhileTheTableIsBeingBuiltLeavesOnlyTheTableInUse() throws Exception {
        final Model model = new Model(new SplittableRandom(7));
        try (KeyIndex index = KeyIndex.open(directory)) {
            index.growInBackground();
            final CountDownLatch paused = new CountDownLatch(1);
            final CountDownLatch goOn = new CountDownLatch(1);
            holdHalfway(index, paused, goOn);
            model.fill(index, 41_500);
            assertTrue(paused.await(10, TimeUnit.SECONDS), "crossing 5/8 load started a background doubling");
            // the builder is held until the change is applied: a builder done before it (it paused 200 ms, which this
            // thread, descheduled on a loaded machine, could outlast) had its table taken by the change, kept at the close
            model.churn(index, 42_000);
            goOn.countDown();
        }
        assertEquals(List.of("slots-16"), slotFiles(directory));
        try (KeyIndex reopened = KeyIndex.open(directory)) {
            assertTrue(reopened.openedClean());
            model.check(reopened);
            reopened.growInBackground();
            final CountDownLatch paused = new CountDownLatch(1);
            final CountDownLatch goOn = new CountDownLatch(1);
            holdHalfway(reopened, paused, goOn);
            model.fill(reopened, model.size() + 100);
            assertTrue(paused.await(10, TimeUnit.SECONDS), "a reopened index past 5/8 load doubles in the background");
            goOn.countDown();
            reopened.reset();
            // the table in use, sized for the 42,100 keys the index held (past 5/8 of 65,536 slots)
            assertEquals(List.of("slots-17"), slotFiles(directory));
            assertEquals(0, reopened.size());
        }
    }

    @Test
    void whileTheIndexIsBuiltTheTableDoublesOnTheWritersThread() throws Exception {
        final Model model = new Model(new SplittableRandom(11));
        try (KeyIndex index = KeyIndex.open(directory)) {
            final CountDownLatch paused = new CountDownLatch(1);
            index.halfwayThroughGrowth = paused::countDown;
            model.fill(index, 44_000);
            assertFalse(paused.await(1, TimeUnit.SECONDS), "no background doubling while changes come back to back");
            model.fill(index, 50_000);
            assertEquals(1, index.synchronousGrowths());
            assertEquals(List.of("slots-17"), slotFiles(directory));
            model.check(index);
            index.growInBackground();
            index.reset();
            final Model rebuilt = new Model(new SplittableRandom(12));
            rebuilt.fill(index, 44_000);
            assertFalse(paused.await(1, TimeUnit.SECONDS), "an index emptied to be built again doubles on the writer's thread again");
        }
    }

    /**
     * An index emptied to be built again starts from a table sized for the keys it held, so a build holding as many does
     * not double the table on the writer's thread on the way (it doubled twice from 65,536 slots to hold 100,000 keys).
     */
    @Test
    void anIndexBuiltAgainDoesNotDoubleItsTableOnTheWay() throws Exception {
        try (KeyIndex index = KeyIndex.open(directory)) {
            new Model(new SplittableRandom(13)).fill(index, 100_000);
            final int grownFirst = index.synchronousGrowths();
            assertEquals(2, grownFirst);
            index.reset();
            assertEquals(List.of("slots-18"), slotFiles(directory));
            final Model rebuilt = new Model(new SplittableRandom(14));
            rebuilt.fill(index, 100_000);
            assertEquals(grownFirst, index.synchronousGrowths(), "the build waited for no doubling");
            assertEquals(List.of("slots-18"), slotFiles(directory));
            rebuilt.check(index);
        }
    }

    /**
     * Makes the index's next doubling stop halfway ({@code paused} counted down) until {@code goOn} (30 s at most), so that
     * no change applied meanwhile can find it done and take its table.
     */
    private static void holdHalfway(final KeyIndex index, final CountDownLatch paused, final CountDownLatch goOn) {
        index.halfwayThroughGrowth = () -> {
            paused.countDown();
            awaitQuietly(goOn);
        };
    }

    private static void awaitQuietly(final CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> slotFiles(final Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("slots-")).sorted().toList();
        }
    }

    /**
     * What the index should hold, kept in plain maps: blocks (lists of members, 0 for a blank) under even-numbered
     * hashes, counted keys under odd ones, as the store never uses one hash for both.
     */
    private static final class Model {
        private final SplittableRandom random;
        private final Map<Long, List<Long>> blocks = new HashMap<>();
        private final Map<Long, Long> counts = new HashMap<>();
        private final Set<Long> used = new LinkedHashSet<>();
        private final List<Long> blockHashes = new ArrayList<>();
        private final List<Long> countedHashes = new ArrayList<>();
        private long nextMember = 1;
        private long seq;

        Model(final SplittableRandom random) {
            this.random = random;
        }

        int size() {
            return blocks.size() + counts.size();
        }

        /** Joins new blocks, one member each, until the index holds {@code keys} keys. */
        void fill(final KeyIndex index, final int keys) {
            while (size() < keys) {
                final KeyChanges changes = new KeyChanges();
                for (int i = 0; i < 2_000 && size() < keys; i++) {
                    join(changes, newHash(blockHashes));
                }
                index.apply(changes, ++seq, seq, true);
            }
        }

        /** Applies churn until the table is twice its initial size (the old table deleted), at most 20 s. */
        void churnUntilDoubled(final KeyIndex index, final Path directory, final int target) throws Exception {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!slotFiles(directory).equals(List.of("slots-17"))) {
                assertTrue(System.nanoTime() < deadline, "the table doubled within 20 s of churn below 3/4 load");
                churn(index, target);
                Thread.sleep(2);
            }
        }

        /**
         * One change of one kind (joins, leaves, blanks or counts), new keys coming while the index holds fewer than
         * {@code target} (never more) and old ones let go: blocks are small, so many leaves empty theirs and free its slot.
         */
        void churn(final KeyIndex index, final int target) {
            final KeyChanges changes = new KeyChanges();
            final int kind = random.nextInt(20);
            final int operations = 50 + random.nextInt(250);
            if (kind < 8) {
                for (int i = 0; i < operations; i++) {
                    final boolean fresh = size() < target || blocks.isEmpty();
                    final long hash = fresh ? newHash(blockHashes) : pick(blockHashes);
                    if (fresh || blocks.containsKey(hash)) {
                        join(changes, hash);
                    }
                }
            } else if (kind < 14) {
                final Set<String> taken = new LinkedHashSet<>();
                for (int i = 0; i < operations; i++) {
                    final long hash = pick(blockHashes);
                    final List<Long> members = blocks.get(hash);
                    if (members == null) {
                        continue;
                    }
                    final long member = members.get(random.nextInt(members.size()));
                    if (member != 0 && taken.add(hash + "/" + member)) {
                        changes.leave(member, new long[] {hash});
                        members.remove(Long.valueOf(member));
                        if (members.isEmpty()) {
                            blocks.remove(hash);
                        }
                    }
                }
            } else if (kind < 15) {
                final Set<String> taken = new LinkedHashSet<>();
                for (int i = 0; i < operations / 4; i++) {
                    final long hash = pick(blockHashes);
                    final List<Long> members = blocks.get(hash);
                    if (members == null) {
                        continue;
                    }
                    final long member = members.get(random.nextInt(members.size()));
                    if (member != 0 && taken.add(hash + "/" + member)) {
                        changes.blank(member, new long[] {hash});
                        members.set(members.indexOf(member), 0L);
                    }
                }
            } else {
                for (int i = 0; i < operations; i++) {
                    final boolean fresh = size() < target || counts.isEmpty();
                    final long hash = fresh ? newHash(countedHashes) : pick(countedHashes);
                    final long count = counts.getOrDefault(hash, 0L);
                    if (!fresh && count == 0) {
                        // a key let go comes back only as a new key does, below the target
                        continue;
                    }
                    // a negative delta takes a count down, often to 0 (the key is let go); never below it
                    final long delta = count > 0 && random.nextInt(3) > 0 ? -1 - random.nextInt((int) Math.min(count, 3)) : 1 + random.nextInt(3);
                    changes.count(hash, delta);
                    if (count + delta == 0) {
                        counts.remove(hash);
                    } else {
                        counts.put(hash, count + delta);
                    }
                }
            }
            index.apply(changes, ++seq, seq, true);
        }

        /** New block hashes (even) whose probes start at this slot of the initial table. */
        long[] startingAt(final long slot, final int count) {
            final long[] hashes = new long[count];
            for (int i = 0; i < count; i++) {
                long hash;
                do {
                    hash = random.nextLong() & ~1L;
                } while (KeyIndex.start(hash, INITIAL_SLOTS - 1) != slot || !used.add(hash));
                blockHashes.add(hash);
                hashes[i] = hash;
            }
            return hashes;
        }

        /** Joins a new member to each of these new blocks, in this order. */
        void joinNew(final KeyIndex index, final long[] hashes) {
            final KeyChanges changes = new KeyChanges();
            for (final long hash : hashes) {
                join(changes, hash);
            }
            index.apply(changes, ++seq, seq, true);
        }

        /** Every member of these blocks leaves them (the blocks are let go). */
        void leaveAll(final KeyIndex index, final long[] hashes) {
            final KeyChanges changes = new KeyChanges();
            for (final long hash : hashes) {
                for (final long member : blocks.remove(hash)) {
                    changes.leave(member, new long[] {hash});
                }
            }
            index.apply(changes, ++seq, seq, true);
        }

        private void join(final KeyChanges changes, final long hash) {
            final long member = nextMember++;
            changes.join(member, new long[] {hash});
            blocks.computeIfAbsent(hash, key -> new ArrayList<>()).add(member);
        }

        private long newHash(final List<Long> kind) {
            final boolean even = kind == blockHashes;
            long hash;
            do {
                hash = random.nextLong();
                hash = even ? hash & ~1L : hash | 1L;
            } while (!used.add(hash));
            kind.add(hash);
            return hash;
        }

        /** One of the hashes of this kind used so far, the newer ones more often (they are more likely still held). */
        private long pick(final List<Long> kind) {
            final int recent = Math.min(kind.size(), 20_000);
            return kind.get(kind.size() - 1 - random.nextInt(recent));
        }

        /** Every hash ever used has the count and members the maps say, and the index holds no others. */
        void check(final KeyIndex index) {
            final long[] hashes = used.stream().mapToLong(Long::longValue).toArray();
            final KeyEntry[] found = index.find(hashes);
            final long[][] members = index.blockMembers(hashes);
            for (int i = 0; i < hashes.length; i++) {
                final long hash = hashes[i];
                final List<Long> listed = blocks.get(hash);
                final long expected = listed != null ? listed.size() : counts.getOrDefault(hash, 0L);
                if (expected == 0) {
                    assertNull(found[i], "a key let go");
                    continue;
                }
                assertNotNull(found[i], "a key held");
                assertEquals(expected, found[i].count());
                if (listed != null) {
                    assertArrayEquals(listed.stream().mapToLong(Long::longValue).toArray(), members[i]);
                } else {
                    assertNull(members[i]);
                }
            }
            assertEquals(size(), index.size());
        }
    }
}
