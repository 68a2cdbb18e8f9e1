package dev.nificrm.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded store's memory-mapped key index: what a key holds after joins, leaves and counts, and its files. */
class KeyIndexTest {
    @TempDir
    Path directory;

    /**
     * An index of a few records opens, is preloaded and closes reading its files' bytes in use, not the segments of 64 MB
     * they are mapped in (four of them, 256 MB a store, read at each open and close before); a byte changed past the
     * bytes in use is not read, nor is a member offset there read as a record.
     */
    @Test
    void openPreloadAndCloseReadTheBytesInUseOnly() throws IOException {
        final long used;
        try (KeyIndex index = KeyIndex.open(directory)) {
            final KeyChanges changes = new KeyChanges();
            changes.join(1, new long[] {10, 11});
            changes.join(2, new long[] {10});
            changes.member(new MemberRecord(1, "g-1", "crm", "1", 1, "ann"));
            changes.member(new MemberRecord(2, "g-2", "crm", "2", 1, "bob"));
            index.apply(changes, 1, 7, true);
            used = index.bytesOnDisk();
        }
        final long tableBytes = 16L << 16;
        assertTrue(used < tableBytes + 4096, "a table of 65,536 slots and a few bytes besides: " + used);
        // past the bytes in use: of the lists, a member's offset (member 3, unknown) and the records
        flipAt(directory.resolve("lists"), 4096);
        flipAt(directory.resolve("member-records"), 4096);
        final ByteBuffer offset = ByteBuffer.allocate(Long.BYTES).putLong(0, 1);
        try (var channel = java.nio.channels.FileChannel.open(directory.resolve("member-offsets"), java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(offset, 3L * Long.BYTES);
        }
        try (KeyIndex index = KeyIndex.open(directory)) {
            assertTrue(index.openedClean(), "opened clean: " + index.damage());
            assertTrue(index.bytesRead() <= used, "checked " + index.bytesRead() + " bytes of " + used + " in use");
            index.preload();
            assertTrue(index.bytesRead() <= 2 * used, "checked and preloaded " + index.bytesRead() + " bytes, twice " + used + " in use at most");
            assertNull(index.storedMembers(new long[] {3}, layout -> new int[0])[0], "member 3's offset, past those in use, is not read");
            final KeyChanges third = new KeyChanges();
            third.member(new MemberRecord(4, "g-4", "crm", "4", 1, "cy"));
            index.apply(third, 2, 8, true);
            assertNull(index.storedMembers(new long[] {3}, layout -> new int[0])[0], "member 3's offset, now in use, was zeroed, not taken as found");
            assertArrayEquals(new long[] {1, 2}, find(index, new long[] {10}).get(10L).memberIds());
        }
        try (KeyIndex index = KeyIndex.open(directory)) {
            assertTrue(index.openedClean(), "opened clean: " + index.damage());
            assertTrue(index.bytesRead() <= used + 64, "checked " + index.bytesRead() + " bytes");
        }
    }

    /**
     * A header of version 2 checksummed the files whole: such an index is checked that way once (a byte changed anywhere
     * in them is found), opens clean when they match, not built again, and its next close writes version 3.
     */
    @Test
    void anIndexClosedWithChecksumsOfWholeFilesIsCheckedSoOnceThenOfItsBytesInUse() throws IOException {
        try (KeyIndex index = KeyIndex.open(directory)) {
            final KeyChanges changes = new KeyChanges();
            changes.join(1, new long[] {10});
            changes.member(new MemberRecord(1, "g-1", "crm", "1", 1, "ann"));
            index.apply(changes, 1, 7, true);
        }
        writtenWithChecksumsOfWholeFiles(directory);
        try (KeyIndex index = KeyIndex.open(directory)) {
            assertTrue(index.openedClean(), "not built again: " + index.damage());
            assertArrayEquals(new long[] {1}, find(index, new long[] {10}).get(10L).memberIds());
        }
        assertEquals(3, ByteBuffer.wrap(Files.readAllBytes(directory.resolve("header"))).getInt(8), "version 3 written at the close");
        writtenWithChecksumsOfWholeFiles(directory);
        flipAt(directory.resolve("lists"), 4096);
        try (KeyIndex index = KeyIndex.open(directory)) {
            assertFalse(index.openedClean(), "a byte changed past those in use is found, as version 2 found it");
            assertTrue(index.damage().contains("lists"), index.damage());
        }
    }

    /** Rewrites an index's header as version 2 wrote it: the CRC32C of each file whole, then the header's own. */
    private static void writtenWithChecksumsOfWholeFiles(final Path index) throws IOException {
        final ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(index.resolve("header")));
        final int bits = header.getInt(16);
        header.putInt(8, 2);
        int at = 64;
        for (final String file : new String[] {"slots-" + bits, "lists", "member-offsets", "member-records"}) {
            final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            try (var channel = java.nio.channels.FileChannel.open(index.resolve(file))) {
                crc.update(channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, channel.size()));
            }
            header.putLong(at, crc.getValue());
            at += Long.BYTES;
        }
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(header.slice(0, at));
        header.putLong(at, crc.getValue());
        Files.write(index.resolve("header"), header.array());
    }

    private static void flipAt(final Path file, final long position) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            final ByteBuffer value = ByteBuffer.allocate(1);
            channel.read(value, position);
            value.put(0, (byte) (value.get(0) ^ 0x5A));
            value.clear();
            channel.write(value, position);
        }
    }

    @Test
    void membersAreListedInTheOrderTheyJoinedUntilTheBlockIsTooLarge() {
        try (KeyIndex index = KeyIndex.open(directory)) {
            final KeyChanges changes = new KeyChanges();
            changes.join(3, new long[] {10, 0});
            changes.join(1, new long[] {10});
            changes.join(2, new long[] {10, 11});
            index.apply(changes, 1, 7, true);
            final Map<Long, Listed> found = find(index, new long[] {10, 11, 0, 12});
            assertArrayEquals(new long[] {1, 2, 3}, found.get(10L).memberIds(), "joins apply in member order");
            assertEquals(3, found.get(10L).count());
            assertArrayEquals(new long[] {2}, found.get(11L).memberIds());
            assertArrayEquals(new long[] {3}, found.get(0L).memberIds(), "a hash of 0 is a key like any other");
            assertFalse(found.containsKey(12L));

            final KeyChanges many = new KeyChanges();
            for (int member = 100; member < 100 + EntityStore.MAXIMUM_LISTED_BLOCK; member++) {
                many.join(member, new long[] {20});
            }
            index.apply(many, 2, 8, true);
            assertEquals(EntityStore.MAXIMUM_LISTED_BLOCK, find(index, new long[] {20}).get(20L).memberIds().length);
            final KeyChanges oneMore = new KeyChanges();
            oneMore.join(5000, new long[] {20});
            index.apply(oneMore, 3, 9, true);
            final Listed full = find(index, new long[] {20}).get(20L);
            assertEquals(EntityStore.MAXIMUM_LISTED_BLOCK + 1, full.count());
            assertNull(full.memberIds(), "a block over the maximum keeps its count only");
        }
    }

    /**
     * A member joining its blocks all at once ({@link KeyIndex#joinAll}, which reads the blocks' slots and lists ahead)
     * leaves the index as joining them one by one does: blocks whose hashes share a first slot (a run of slots), the hash
     * 0, a block's list moved as it fills, a block over the listed maximum, a member in a block twice.
     */
    @Test
    void joiningBlocksAtOnceLeavesTheIndexAsJoiningThemOneByOne() {
        final SplittableRandom random = new SplittableRandom(235);
        final long[] pool = new long[3_000];
        for (int i = 0; i < pool.length; i++) {
            // a third small (below 2^29, so their first slot is the hash itself in the initial table): runs of shared slots
            pool[i] = i % 3 == 0 ? (i % 50) + (1L << 16) * (i % 7) : random.nextLong();
        }
        pool[1] = 0;
        final long crowded = pool[2];
        final KeyChanges atOnce = new KeyChanges();
        final KeyChanges oneByOne = new KeyChanges();
        for (long member = 1; member <= 2_000; member++) {
            final long[] blocks = new long[1 + random.nextInt(20)];
            for (int b = 0; b < blocks.length; b++) {
                blocks[b] = b == 0 && member <= EntityStore.MAXIMUM_LISTED_BLOCK + 2 ? crowded : pool[random.nextInt(pool.length)];
            }
            if (member == 7) {
                blocks[blocks.length - 1] = blocks[0];
            }
            atOnce.join(member, blocks);
            for (final long block : blocks) {
                oneByOne.join(member, new long[] {block});
            }
        }
        try (KeyIndex first = KeyIndex.open(directory.resolve("at-once")); KeyIndex second = KeyIndex.open(directory.resolve("one-by-one"))) {
            first.apply(atOnce, 1, 1, false);
            second.apply(oneByOne, 1, 1, false);
            assertArrayEquals(second.find(pool), first.find(pool));
            final long[][] expected = second.blockMembers(pool);
            final long[][] found = first.blockMembers(pool);
            for (int i = 0; i < pool.length; i++) {
                assertArrayEquals(expected[i], found[i], "the members of block " + pool[i]);
            }
            assertNull(found[2], "the crowded block is over the listed maximum");
            assertTrue(first.find(new long[] {crowded})[0].count() > EntityStore.MAXIMUM_LISTED_BLOCK);
        }
    }

    @Test
    void leavingRemovesTheMemberAndCountsAreUnlisted() {
        try (KeyIndex index = KeyIndex.open(directory)) {
            final KeyChanges changes = new KeyChanges();
            changes.join(1, new long[] {10});
            changes.join(2, new long[] {10});
            changes.join(3, new long[] {10});
            changes.count(99, 5);
            index.apply(changes, 1, 1, true);
            final KeyChanges leave = new KeyChanges();
            leave.leave(2, new long[] {10, 404});
            leave.count(99, -2);
            index.apply(leave, 2, 2, true);
            final Map<Long, Listed> found = find(index, new long[] {10, 99, 404});
            assertArrayEquals(new long[] {1, 3}, found.get(10L).memberIds());
            assertEquals(2, found.get(10L).count());
            assertEquals(3, found.get(99L).count());
            assertNull(found.get(99L).memberIds(), "a counted key lists no members");
            assertFalse(found.containsKey(404L), "leaving an unknown key changes nothing");

            final KeyChanges empty = new KeyChanges();
            empty.leave(1, new long[] {10});
            empty.leave(3, new long[] {10});
            final long size = index.size();
            index.apply(empty, 3, 3, true);
            assertFalse(find(index, new long[] {10}).containsKey(10L), "a block nobody is in is let go");
            assertEquals(size - 1, index.size());
            final KeyChanges uncounted = new KeyChanges();
            uncounted.count(99, -3);
            index.apply(uncounted, 4, 4, true);
            assertFalse(find(index, new long[] {99}).containsKey(99L), "a key counted down to 0 is let go");
            assertEquals(size - 2, index.size());
            final KeyChanges again = new KeyChanges();
            again.join(7, new long[] {10});
            index.apply(again, 5, 5, true);
            assertArrayEquals(new long[] {7}, find(index, new long[] {10}).get(10L).memberIds(), "an emptied block lists again");
        }
    }

    /**
     * Keys let go from a crowded table (long runs of occupied slots, where look-ups probe past each other) leave every
     * other key findable with its count and members, through random joins, leaves and counts checked against a plain
     * map after every change, growth and a clean reopen; and the hash of a key let go is nowhere in the files.
     */
    @Test
    void keysLetGoLeaveEveryOtherKeyFindable() throws IOException {
        final SplittableRandom random = new SplittableRandom(20261202);
        // few enough distinct hashes to fill the initial table to about two thirds, so runs are long
        final long[] hashes = random.longs(44_000).toArray();
        final Map<Long, Long> counts = new HashMap<>();
        final Map<Long, List<Long>> lists = new HashMap<>();
        long nextMember = 1;
        try (KeyIndex index = KeyIndex.open(directory)) {
            for (int round = 1; round <= 40; round++) {
                final KeyChanges changes = new KeyChanges();
                final Map<Long, List<Long>> joined = new HashMap<>();
                final List<long[]> left = new ArrayList<>();
                final Map<Long, Long> added = new HashMap<>();
                for (int change = 0; change < 3_000; change++) {
                    // blocks are the even-numbered hashes, counted keys the odd ones: as in the store, never both
                    final int pick = random.nextInt(hashes.length);
                    final long hash = hashes[pick];
                    if (pick % 2 == 0) {
                        final List<Long> members = lists.getOrDefault(hash, List.of());
                        final boolean leaving = !members.isEmpty() && random.nextInt(3) > 0 && !joined.containsKey(hash)
                                && left.stream().noneMatch(pair -> pair[1] == hash);
                        if (leaving) {
                            left.add(new long[] {members.get(random.nextInt(members.size())), hash});
                        } else if (!left.isEmpty() && left.stream().anyMatch(pair -> pair[1] == hash)) {
                            continue;
                        } else {
                            joined.computeIfAbsent(hash, key -> new ArrayList<>()).add(nextMember++);
                        }
                    } else {
                        final long count = counts.getOrDefault(hash, 0L) + added.getOrDefault(hash, 0L);
                        added.merge(hash, count > 0 && random.nextBoolean() ? -1 - random.nextInt((int) Math.min(count, 3)) : 1L + random.nextInt(3), Long::sum);
                    }
                }
                // joins apply first, in member order, then leaves, then counts: the model follows that order
                final List<long[]> joins = new ArrayList<>();
                joined.forEach((hash, members) -> members.forEach(member -> joins.add(new long[] {member, hash})));
                joins.sort((a, b) -> Long.compare(a[0], b[0]));
                for (final long[] join : joins) {
                    changes.join(join[0], new long[] {join[1]});
                    lists.computeIfAbsent(join[1], key -> new ArrayList<>()).add(join[0]);
                    counts.merge(join[1], 1L, Long::sum);
                }
                for (final long[] leave : left) {
                    changes.leave(leave[0], new long[] {leave[1]});
                    lists.get(leave[1]).remove(Long.valueOf(leave[0]));
                    counts.merge(leave[1], -1L, Long::sum);
                }
                added.forEach((hash, delta) -> {
                    changes.count(hash, delta);
                    counts.merge(hash, delta, Long::sum);
                });
                counts.values().removeIf(count -> count == 0);
                lists.values().removeIf(List::isEmpty);
                index.apply(changes, round, round, true);
                assertEquals(counts.size(), index.size(), "round " + round);
                final Map<Long, Listed> found = find(index, hashes);
                assertEquals(counts.keySet(), found.keySet(), "round " + round);
                for (final Map.Entry<Long, Long> count : counts.entrySet()) {
                    final Listed entry = found.get(count.getKey());
                    assertEquals(count.getValue(), entry.count(), "round " + round);
                    if (lists.containsKey(count.getKey())) {
                        assertArrayEquals(lists.get(count.getKey()).stream().mapToLong(Long::longValue).toArray(), entry.memberIds(), "round " + round);
                    }
                }
            }
        }
        try (KeyIndex index = KeyIndex.open(directory)) {
            assertTrue(index.openedClean());
            assertEquals(counts.keySet(), find(index, hashes).keySet());
        }
        final byte[] slots;
        try (Stream<Path> files = Files.list(directory)) {
            slots = Files.readAllBytes(files.filter(file -> file.getFileName().toString().startsWith("slots-")).findFirst().orElseThrow());
        }
        final java.nio.ByteBuffer table = java.nio.ByteBuffer.wrap(slots);
        final java.util.Set<Long> inFile = new java.util.HashSet<>();
        for (int offset = 0; offset + 16 <= slots.length; offset += 16) {
            inFile.add(table.getLong(offset));
        }
        final long gone = java.util.Arrays.stream(hashes).filter(hash -> !counts.containsKey(hash) && inFile.contains(hash)).count();
        assertTrue(inFile.containsAll(counts.keySet()), "the check reads the hashes the file holds");
        assertEquals(0, gone, "hashes of keys let go still in the slots file");
        assertTrue(java.util.Arrays.stream(hashes).anyMatch(hash -> !counts.containsKey(hash)), "some keys were let go");
    }

    @Test
    void growsAndKeepsEverythingAcrossACleanReopen() {
        final SplittableRandom random = new SplittableRandom(42);
        final long[] hashes = new long[300_000];
        final KeyChanges changes = new KeyChanges();
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = random.nextLong();
            changes.join(i + 1, new long[] {hashes[i]});
        }
        try (KeyIndex index = KeyIndex.open(directory)) {
            index.apply(changes, 5, 55, true);
            assertEquals(hashes.length, index.size());
        }
        try (KeyIndex index = KeyIndex.open(directory)) {
            assertTrue(index.openedClean());
            assertEquals(5, index.appliedSeq());
            assertEquals(55, index.appliedChecksum());
            final Map<Long, Listed> found = find(index, hashes);
            assertEquals(hashes.length, found.size());
            for (int i = 0; i < hashes.length; i += 997) {
                assertArrayEquals(new long[] {i + 1}, found.get(hashes[i]).memberIds());
            }
        }
    }

    @Test
    void changesAfterAFlushReachTheFilesAtTheNext() {
        try (KeyIndex index = KeyIndex.open(directory)) {
            final KeyChanges first = new KeyChanges();
            first.join(1, new long[] {10, 20});
            index.apply(first, 1, 1, true);
            index.flush();
            final KeyChanges second = new KeyChanges();
            second.join(2, new long[] {10, 30});
            second.member(new MemberRecord(2, "g-2", "crm", "2", 1, "k"));
            index.apply(second, 2, 2, true);
        }
        try (KeyIndex reopened = KeyIndex.open(directory)) {
            assertTrue(reopened.openedClean());
            assertEquals(2, reopened.appliedSeq());
            assertArrayEquals(new long[] {1, 2}, find(reopened, 10).get(10L).memberIds());
            assertArrayEquals(new long[] {1}, find(reopened, 20).get(20L).memberIds());
            assertArrayEquals(new long[] {2}, find(reopened, 30).get(30L).memberIds());
            assertEquals("g-2", read(reopened, new ArrayList<>(), 2)[0].goldenId());
        }
    }

    @Test
    void anIndexNotClosedCleanlyOpensEmpty() throws IOException {
        final Path copy = directory.resolve("copy");
        try (KeyIndex index = KeyIndex.open(directory.resolve("live"))) {
            final KeyChanges changes = new KeyChanges();
            changes.join(1, new long[] {10});
            index.apply(changes, 1, 1, true);
            // a crash: the files as they are while the index is being changed
            Files.createDirectories(copy);
            try (Stream<Path> files = Files.list(directory.resolve("live"))) {
                for (final Path file : (Iterable<Path>) files::iterator) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
        }
        try (KeyIndex crashed = KeyIndex.open(copy)) {
            assertFalse(crashed.openedClean());
            assertEquals(0, crashed.appliedSeq());
            assertTrue(find(crashed, new long[] {10}).isEmpty());
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        try (KeyIndex index = KeyIndex.open(directory)) {
            final EntityStoreException refused = assertThrows(EntityStoreException.class, () -> KeyIndex.open(directory));
            assertTrue(refused.getMessage().contains("open in another entity store"), refused.getMessage());
        }
    }

    @Test
    void membersAreKeptByNumberAndTheLastRecordWins() {
        try (KeyIndex index = KeyIndex.open(directory)) {
            final KeyChanges changes = new KeyChanges();
            changes.member(new MemberRecord(3, "g-3", "crm", "id \"3\"\n", 1, "ann\u001Elee\u001E\uD83D\uDE00"));
            changes.member(new MemberRecord(70_000, "g-7", "erp", "7", 2, ""));
            index.apply(changes, 1, 1, true);
            final KeyChanges moved = new KeyChanges();
            moved.member(new MemberRecord(3, "g-9", "crm", "id \"3\"\n", 1, "ann\u001Elea"));
            index.apply(moved, 2, 2, true);
            final KeyChanges ignored = new KeyChanges();
            ignored.member(new MemberRecord(5, "g-5", "crm", "5", 1, "x"));
            index.apply(ignored, 3, 3, false);
            final List<Integer> layouts = new ArrayList<>();
            final StoredMember[] found = read(index, layouts, 3, 4, 70_000, 5, 10_000_000);
            assertMember(3, "g-9", new SourceKey("crm", "id \"3\"\n"), new String[] {"ann", "lea", null}, found[0]);
            assertNull(found[1]);
            assertMember(70_000, "g-7", new SourceKey("erp", "7"), new String[] {null, null, null}, found[2]);
            assertNull(found[3], "a change applied without its members leaves them out");
            assertNull(found[4]);
            assertEquals(List.of(1, 2), layouts, "each member's keys are read in the layout it was written in");
        }
        try (KeyIndex reopened = KeyIndex.open(directory)) {
            assertEquals("g-9", read(reopened, new ArrayList<>(), 3)[0].goldenId());
        }
    }

    @Test
    void membersAreReadForMatchingWithTheKeysAskedFor() {
        try (KeyIndex index = KeyIndex.open(directory)) {
            final KeyChanges changes = new KeyChanges();
            changes.member(new MemberRecord(3, "g-3", "crm", "3", 1, "ann\u001E\u001E\uD83D\uDE00 l\u00e9e"));
            changes.member(new MemberRecord(4, "g-4", "crm", "4", 1, "bo\u001Ex\u001E"));
            changes.member(new MemberRecord(5, "g-5", "erp", "5", 2, "\u001Ecy"));
            index.apply(changes, 1, 1, true);
            // layout 1 stores (first, middle, last), layout 2 (middle, first); asked for: last, first, phone
            final int[][] positions = {null, {2, 0, -1}, {-1, 1, -1}};
            final StoredMember[] found = index.storedMembers(new long[] {5, 3, 99, 4}, layout -> positions[layout]);
            assertEquals(new SourceKey("erp", "5"), found[0].source());
            assertArrayEquals(new String[] {null, "cy", null}, found[0].keys());
            assertEquals("g-3", found[1].goldenId());
            assertEquals(3, found[1].memberId());
            assertArrayEquals(new String[] {"\uD83D\uDE00 l\u00e9e", "ann", null}, found[1].keys());
            assertNull(found[2], "a member the index lacks");
            assertArrayEquals(new String[] {null, "bo", null}, found[3].keys(), "an empty key is missing");
            assertSame(found[1].source().system(), found[3].source().system(), "a system read again is the same string");
        }
    }

    /** A read of many members (taken in the order of their numbers) answers each in the place it was asked. */
    @Test
    void manyMembersAreReadInThePlacesAsked() {
        try (KeyIndex index = KeyIndex.open(directory)) {
            final KeyChanges changes = new KeyChanges();
            for (int member = 1; member <= 600; member++) {
                changes.member(new MemberRecord(member, "g-" + member, member % 2 == 0 ? "crm" : "erp", "s" + member, 1 + member % 2,
                        "k" + member + "\u001E" + (member % 3 == 0 ? "" : "x" + member)));
            }
            index.apply(changes, 1, 1, true);
            final SplittableRandom random = new SplittableRandom(3);
            // members asked for in no order, some twice, with numbers the index lacks among them
            final long[] ids = new long[1_000];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = random.nextInt(10) == 0 ? 600 + random.nextInt(5_000) : 1 + random.nextInt(600);
            }
            ids[7] = Long.MAX_VALUE;
            final List<Integer> layouts = new ArrayList<>();
            final StoredMember[] found = read(index, layouts, ids);
            for (int i = 0; i < ids.length; i++) {
                final long member = ids[i];
                if (member < 1 || member > 600) {
                    assertNull(found[i], "member " + member);
                } else {
                    assertMember(member, "g-" + member, new SourceKey(member % 2 == 0 ? "crm" : "erp", "s" + member),
                            new String[] {"k" + member, member % 3 == 0 ? null : "x" + member, null}, found[i]);
                }
            }
        }
    }

    @Test
    void aLargeChangeKeepsEachBlocksMembersInTheirOrder() {
        try (KeyIndex index = KeyIndex.open(directory)) {
            final SplittableRandom random = new SplittableRandom(11);
            final Map<Long, List<Long>> expected = new HashMap<>();
            final Map<Long, Long> counted = new HashMap<>();
            final Map<Long, Long> firstBlocks = new HashMap<>();
            final KeyChanges changes = new KeyChanges();
            // 3,000 members joining two of 600 blocks each, added in no order of members; lists move as they outgrow their room
            final List<Long> members = new ArrayList<>();
            for (long member = 1; member <= 3_000; member++) {
                members.add(member);
            }
            Collections.shuffle(members, new Random(5));
            for (final long member : members) {
                final long[] blocks = {1 + random.nextInt(300), 1_000 + random.nextInt(300)};
                changes.join(member, blocks);
                firstBlocks.put(member, blocks[0]);
                for (final long block : blocks) {
                    expected.computeIfAbsent(block, b -> new ArrayList<>()).add(member);
                }
            }
            for (long hash = 5_000; hash < 5_600; hash++) {
                final long delta = 1 + random.nextInt(9);
                changes.count(hash, delta);
                counted.put(hash, delta);
            }
            index.apply(changes, 1, 1, true);
            // and 500 of them leave one block each
            final KeyChanges leaves = new KeyChanges();
            for (long member = 1; member <= 3_000; member += 6) {
                final long block = firstBlocks.get(member);
                leaves.leave(member, new long[] {block});
                expected.get(block).remove(member);
            }
            index.apply(leaves, 2, 2, true);
            final long[] hashes = Stream.concat(expected.keySet().stream(), counted.keySet().stream()).mapToLong(Long::longValue).toArray();
            final Map<Long, Listed> found = find(index, hashes);
            for (final Map.Entry<Long, List<Long>> block : expected.entrySet()) {
                final long[] inOrder = block.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
                if (inOrder.length == 0) {
                    assertFalse(found.containsKey(block.getKey()), "block " + block.getKey() + " was let go");
                } else {
                    assertArrayEquals(inOrder, found.get(block.getKey()).memberIds(), "block " + block.getKey());
                    assertEquals(inOrder.length, found.get(block.getKey()).count());
                }
            }
            for (final Map.Entry<Long, Long> count : counted.entrySet()) {
                assertEquals(count.getValue(), found.get(count.getKey()).count(), "key " + count.getKey());
            }
        }
    }

    /** The members as matching reads them (a layout's first three keys), noting the layouts asked for. */
    private static StoredMember[] read(final KeyIndex index, final List<Integer> layouts, final long... ids) {
        return index.storedMembers(ids, layout -> {
            layouts.add(layout);
            return new int[] {0, 1, 2};
        });
    }

    private static void assertMember(final long id, final String goldenId, final SourceKey source, final String[] keys, final StoredMember actual) {
        assertEquals(id, actual.memberId());
        assertEquals(goldenId, actual.goldenId());
        assertEquals(source, actual.source());
        assertArrayEquals(keys, actual.keys());
    }

    /** What the index has under one hash: its entry, and the members it lists (null for none). */
    record Listed(long count, long[] memberIds) {
    }

    /** What the index has for these hashes, by hash (checking that each entry and list is in the place of its hash). */
    private static Map<Long, Listed> find(final KeyIndex index, final long... hashes) {
        final KeyEntry[] found = index.find(hashes);
        final long[][] members = index.blockMembers(hashes);
        assertEquals(hashes.length, found.length);
        assertEquals(hashes.length, members.length);
        final Map<Long, Listed> entries = new HashMap<>();
        for (int i = 0; i < hashes.length; i++) {
            if (found[i] != null) {
                assertEquals(found[i].listed(), members[i] != null, "listed exactly when members are read");
                entries.put(hashes[i], new Listed(found[i].count(), members[i]));
            } else {
                assertNull(members[i]);
            }
        }
        return entries;
    }

    @Test
    void changesRoundTripThroughTheirLogFormat() throws IOException {
        final KeyChanges changes = new KeyChanges();
        changes.join(2, new long[] {Long.MIN_VALUE, 5});
        changes.join(1, new long[] {5});
        changes.leave(9, new long[] {Long.MAX_VALUE});
        changes.count(-3, 12);
        final MemberRecord record = new MemberRecord(4, "g", "s", "\u00e9t\u00e9", 3, "k\u001E");
        changes.member(record);
        final byte[] encoded = changes.encode();
        assertFalse(new String(encoded, StandardCharsets.ISO_8859_1).contains("t\u00c3"), "the log holds no record's content");
        final KeyChanges decoded = KeyChanges.decode(encoded);
        assertArrayEquals(encoded, decoded.encode());
        assertArrayEquals(new long[] {4}, decoded.changedMembers());
        assertThrows(IllegalStateException.class, () -> new PendingKeys().add(decoded), "a logged change needs its members' records read");
        try (KeyIndex index = KeyIndex.open(directory)) {
            index.apply(decoded.withRecords(Map.of(4L, record)), 1, 1, true);
            assertArrayEquals(new long[] {1, 2}, find(index, new long[] {5}).get(5L).memberIds());
            assertEquals(12, index.count(-3));
            final List<Integer> layouts = new ArrayList<>();
            assertMember(4, "g", new SourceKey("s", "\u00e9t\u00e9"), new String[] {"k", null, null}, read(index, layouts, 4)[0]);
            assertEquals(List.of(3), layouts);

            // a member the database no longer has (erased since) reads as nobody, and its old record's bytes are zeros;
            // an erased member's number is blanked in its blocks, which keep their counts and the others' places
            final KeyChanges erased = new KeyChanges();
            erased.member(new MemberRecord(4, "", "", "", 3, ""));
            erased.blank(1, new long[] {5});
            index.apply(KeyChanges.decode(erased.encode()).withRecords(Map.of()), 2, 2, true);
            assertNull(read(index, layouts, 4)[0]);
            assertArrayEquals(new long[] {0, 2}, find(index, new long[] {5}).get(5L).memberIds());
            assertEquals(2, index.count(5));
        }
        final String records = new String(Files.readAllBytes(directory.resolve("member-records")), StandardCharsets.ISO_8859_1);
        assertFalse(records.contains("t\u00c3"), "the replaced record is overwritten");
    }

    /**
     * Two layouts were once both called format 4: the source-id migration's (removed members with their values' hashes)
     * and the erasure's (the erased members' numbers). A row the migration wrote in format 4 is still read as it was
     * written, and applied takes the removed member out of its blocks and counts; rows now are format 5, holding both.
     */
    @Test
    void aMigrationsRowOfFormat4IsReadAsWrittenAndRowsNowNameRemovalsAndErasuresInFormat5() {
        // as 36acdac wrote it: no joins, leaves, blanks or counts; member 7 rewritten, and removed with one field's total
        // (shards 11 and 12) and the term 13 of its value
        final ByteBuffer written = ByteBuffer.allocate(4 * 7 + 8 + 12 + 2 * 4 + 3 * 8);
        written.putInt(4).putInt(0).putInt(0).putInt(0).putInt(0).putInt(1).putLong(7);
        written.putInt(1).putLong(7).putInt(1).putInt(2).putLong(11).putLong(12).putInt(1).putLong(13);
        final KeyChanges migration = KeyChanges.decode(written.array());
        assertArrayEquals(new long[] {7}, migration.changedMembers());
        assertArrayEquals(new long[] {7}, migration.removedMembers());
        assertArrayEquals(new long[0], migration.erasedMembers(), "a format 4 row names no erased member");
        assertFalse(migration.keysLeftOut());
        try (KeyIndex index = KeyIndex.open(directory)) {
            final KeyChanges stored = new KeyChanges();
            stored.join(7, new long[] {5});
            stored.join(8, new long[] {5});
            stored.count(13, 2);
            stored.count(11, 1);
            index.apply(stored, 1, 1, false);
            migration.resolveRemovals(members -> {
                assertArrayEquals(new long[] {7}, members);
                return new long[][] {{5}};
            }, index::find);
            index.apply(migration.withRecords(Map.of()), 2, 2, true);
            final Listed block = find(index, new long[] {5}).get(5L);
            assertEquals(1, block.count());
            assertArrayEquals(new long[] {8}, block.memberIds());
            assertEquals(1, index.count(13));
            assertEquals(0, index.count(11));
        }

        final KeyChanges both = new KeyChanges();
        both.remove(new KeyChanges.Removal(9, new long[][] {{21}}, new long[][] {{22, 23}}));
        both.erased(new long[] {3, 4});
        both.leave(3, new long[] {30});
        final byte[] encoded = both.encode();
        assertEquals(7, KeyChanges.formatOf(encoded));
        final KeyChanges decoded = KeyChanges.decode(encoded);
        assertArrayEquals(encoded, decoded.encode());
        assertArrayEquals(new long[] {9}, decoded.removedMembers());
        assertArrayEquals(new long[] {3, 4}, decoded.erasedMembers());
        assertArrayEquals(new long[] {30, 21, 22, 23}, decoded.hashes(), "a removed member's values are hashes the row names");
        final KeyChanges withoutKeys = KeyChanges.decode(decoded.withoutKeys(Set.of()).encode());
        assertTrue(withoutKeys.keysLeftOut());
        assertArrayEquals(new long[] {3, 4}, withoutKeys.erasedMembers());
        assertArrayEquals(new long[0], withoutKeys.hashes());
    }

    /**
     * Format 6 adds how many of a write's changed members are new, what an erasure took out of each member's counted terms,
     * and whether an erasure logged without its keys gives its counters' changes; a row of format 5, as 9875b43 wrote an
     * erasure without its keys, is still read (its counters worked out by whoever applies it). A new member taken out of a
     * row leaves the other members' joins, records and counts as they were.
     */
    @Test
    void rowsOfFormat6SayWhichMembersAreNewAndWhatAnErasureTookOfEach() {
        // format 5 as 9875b43 wrote an erasure without keys: member 3 erased, keys left out
        final ByteBuffer written = ByteBuffer.allocate(4 * 10 + 8 + 8);
        written.putInt(5).putInt(0).putInt(0).putInt(0).putInt(0).putInt(1).putLong(3).putInt(0).putInt(1).putLong(3).putInt(1);
        final KeyChanges erasure = KeyChanges.decode(written.array());
        assertTrue(erasure.keysLeftOut());
        assertArrayEquals(new long[] {3}, erasure.erasedMembers());
        assertArrayEquals(new long[0], erasure.newMembers());

        final KeyChanges write = new KeyChanges();
        write.join(7, new long[] {50, 51});
        write.join(8, new long[] {50, 52});
        write.count(60, 2);
        write.count(61, 1);
        write.count(99, 2);
        write.newMember(new MemberRecord(7, "g7", "sf", "7", 1, ""));
        write.newMember(new MemberRecord(8, "g8", "sf", "8", 1, ""));
        write.member(new MemberRecord(2, "g2", "sf", "2", 1, ""));
        assertThrows(IllegalStateException.class, () -> write.newMember(new MemberRecord(9, "g9", "sf", "9", 1, "")));
        final KeyChanges decoded = KeyChanges.decode(write.encode());
        assertArrayEquals(new long[] {7, 8}, decoded.newMembers());
        assertArrayEquals(new long[] {7, 8, 2}, decoded.changedMembers());
        assertFalse(decoded.withoutNewMember(2, Set.of(), new long[0], block -> true), "member 2 is not new in the write");
        assertFalse(KeyChanges.decode(write.encode()).withoutNewMember(8, Set.of(50L), new long[] {60}, block -> false),
                "block 52 is neither left by the erasure nor unlisted now");
        // member 8 erased: the erasure left block 50 and took term 60 (block 52 lists nobody now, it grew too large)
        assertTrue(decoded.withoutNewMember(8, Set.of(50L), new long[] {60}, block -> block == 52));
        final KeyChanges without = KeyChanges.decode(decoded.encode());
        assertArrayEquals(new long[] {7}, without.newMembers());
        assertArrayEquals(new long[] {7, 2}, without.changedMembers());
        assertEquals(Set.of(), without.namedMembers(Set.of(8L)));
        try (KeyIndex index = KeyIndex.open(directory)) {
            index.apply(without.withRecords(Map.of()), 1, 1, true);
            assertArrayEquals(new long[] {7}, find(index, new long[] {50}).get(50L).memberIds());
            assertEquals(1, index.count(52), "a join by nobody counts as the member's did");
            assertEquals(1, index.count(60));
            assertEquals(1, index.count(61));
            assertEquals(2, index.count(99), "a counter's shard stays as written");
        }

        final KeyChanges erasing = new KeyChanges();
        erasing.takeOut(List.of(new KeyChanges.Removal(8, new long[][] {{99}}, new long[][] {{60, 60, 70}})), members -> new long[][] {{50}},
                hashes -> Arrays.stream(hashes).mapToObj(hash -> hash == 70 ? null : new KeyEntry(3, false)).toArray(KeyEntry[]::new));
        erasing.erased(new long[] {8});
        final KeyChanges logged = KeyChanges.decode(erasing.encode());
        assertArrayEquals(new long[] {60, 60}, logged.takenTerms(8), "the counted terms taken out of member 8, one held twice");
        assertEquals(Set.of(50L), logged.blocksLeftBy(8));
        final KeyChanges kept = KeyChanges.decode(logged.withoutKeys(Set.of(99L)).encode());
        assertTrue(kept.keysLeftOut());
        assertArrayEquals(new long[] {99}, kept.hashes(), "an erasure kept names its counters' shards alone");
        assertNull(kept.takenTerms(8));
    }

    /**
     * Format 7 adds, of each member whose keys a write changed, the counted terms its earlier keys gave up, the members it
     * moved (its keys kept), and the checksums of the versions a compaction rewrote the row from; a row of format 6 is
     * still read, and a changed member cannot be taken out of it. Taken out of a row, a changed member's joins go (or stay
     * by nobody, as a new member's do), its leaves go or stay by nobody as asked, and its part of the counts goes: the
     * terms its new keys added and those its earlier keys gave up. The rewritten row is a version of the row it was.
     */
    @Test
    void rowsOfFormat7SayWhatAChangedMembersEarlierKeysGaveUpAndWhichVersionsARowWasRewrittenFrom() {
        final byte[] encoded = changedTwoOfFormat7().encode();
        assertEquals(7, KeyChanges.formatOf(encoded));
        final KeyChanges decoded = KeyChanges.decode(encoded);
        assertArrayEquals(encoded, decoded.encode());
        assertArrayEquals(new long[] {62}, decoded.givenUpTerms(2));
        assertNull(decoded.givenUpTerms(3));

        // the row in format 6: without format 7's three fields, empty here, at its end
        final byte[] format6 = Arrays.copyOf(changedTwo().encode(), encoded.length - (4 + 8 + 4 + 8) - 3 * 4);
        ByteBuffer.wrap(format6).putInt(6);
        final KeyChanges older = KeyChanges.decode(format6);
        assertArrayEquals(new long[] {7, 2, 3}, older.changedMembers());
        assertNull(older.givenUpTerms(2));
        assertFalse(older.withoutChangedMember(2, Set.of(53L, 54L), new long[] {61}, block -> false, Set.of()),
                "a row of format 6 does not say what member 2's earlier keys gave up");

        assertFalse(decoded.withoutChangedMember(7, Set.of(50L), new long[] {60}, block -> false, Set.of()), "member 7 is new");
        assertFalse(decoded.withoutChangedMember(2, Set.of(53L, 54L, 51L), new long[] {61}, block -> false, Set.of()),
                "member 2 left block 51, which the erasure took it out of");
        assertFalse(decoded.withoutChangedMember(2, Set.of(53L), new long[] {61}, block -> false, Set.of()),
                "block 54 is neither left by the erasure nor unlisted now");
        // member 2 erased: the erasure left 53, 54 lists nobody now; its leave of 52 stays, by nobody; member 3 moved
        assertTrue(decoded.withoutChangedMember(2, Set.of(53L), new long[] {61}, block -> block == 54, Set.of(52L)));
        assertTrue(decoded.withoutChangedMember(3, Set.of(), new long[] {70}, block -> false, Set.of()));
        final byte[] rewritten = decoded.rewrittenFrom(KeyLog.checksum(encoded)).encode();
        final KeyChanges without = KeyChanges.decode(rewritten);
        assertArrayEquals(new long[] {7}, without.changedMembers());
        assertEquals(Set.of(), without.namedMembers(Set.of(2L, 3L)));
        assertEquals(Set.of(50L, 54L, 52L, 60L, 99L), Arrays.stream(without.hashes()).boxed().collect(java.util.stream.Collectors.toSet()),
                "7's join and term, the joins and leaves by nobody, the counter's shard; 2's terms gone");
        assertTrue(KeyChanges.isVersionOf(rewritten, KeyLog.checksum(encoded)), "a version of the row as written");
        assertTrue(KeyChanges.isVersionOf(rewritten, KeyLog.checksum(rewritten)));
        assertFalse(KeyChanges.isVersionOf(rewritten, KeyLog.checksum(format6)));
        final byte[] again = KeyChanges.decode(rewritten).rewrittenFrom(KeyLog.checksum(rewritten)).encode();
        assertTrue(KeyChanges.isVersionOf(again, KeyLog.checksum(encoded)), "every earlier version is named");
    }

    /**
     * A row before an erased member's later row, which a compaction rewrote already, is taken out of as the replayed blocks
     * choose: the member's joins and leaves go or stay by nobody block by block, its number goes, and its part of the counts
     * (the terms its keys held after the row, what the later row says they gave up; of a changed member also what its
     * earlier keys gave up). A row of format 6 that changed the member is left as it is: it does not say what the member's
     * earlier keys gave up.
     */
    @Test
    void aRowBeforeAnErasedMembersLaterRowIsTakenOutOfAsTheBlocksChoose() {
        final byte[] encoded = changedTwoOfFormat7().encode();
        final byte[] format6 = Arrays.copyOf(changedTwo().encode(), encoded.length - (4 + 8 + 4 + 8) - 3 * 4);
        ByteBuffer.wrap(format6).putInt(6);
        assertFalse(KeyChanges.decode(format6).withoutMemberChangedLater(2, new long[] {61}, Set.of()),
                "a row of format 6 does not say what member 2's earlier keys gave up");

        final KeyChanges decoded = KeyChanges.decode(encoded);
        assertFalse(decoded.withoutMemberChangedLater(8, new long[0], Set.of()), "member 8 is not in the row");
        // 7 created (its join of 50 stays by nobody), 2 changed (its join of 54 and leave of 51 stay by nobody), 3 moved
        assertTrue(decoded.withoutMemberChangedLater(7, new long[] {60}, Set.of(50L)));
        assertTrue(decoded.withoutMemberChangedLater(2, new long[] {61}, Set.of(54L, 51L)));
        assertTrue(decoded.withoutMemberChangedLater(3, new long[0], Set.of()));
        final KeyChanges without = KeyChanges.decode(decoded.encode());
        assertArrayEquals(new long[0], without.changedMembers());
        assertArrayEquals(new long[0], without.newMembers());
        assertEquals(Set.of(50L, 54L), without.blocksJoinedBy(0));
        assertEquals(Set.of(51L), without.blocksLeftBy(0));
        assertEquals(Set.of(50L, 54L, 51L, 99L), Arrays.stream(without.hashes()).boxed().collect(java.util.stream.Collectors.toSet()),
                "the joins and leave by nobody and the counter's shard; the members' terms gone, 62 given up and back");

        final KeyChanges createdLeaving = new KeyChanges();
        createdLeaving.newMember(new MemberRecord(7, "g7", "sf", "7", 1, ""));
        createdLeaving.leave(7, new long[] {50});
        assertFalse(KeyChanges.decode(createdLeaving.encode()).withoutMemberChangedLater(7, new long[0], Set.of()),
                "a member created in a row leaves no block there");
        final KeyChanges movedJoining = new KeyChanges();
        movedJoining.member(new MemberRecord(3, "g3", "sf", "3", 1, ""));
        movedJoining.keysKept(3);
        movedJoining.join(3, new long[] {50});
        assertFalse(KeyChanges.decode(movedJoining.encode()).withoutMemberChangedLater(3, new long[0], Set.of()),
                "a member a row moved joins no block there");
    }

    /** {@link #changedTwo} as format 7 logs it: member 2's earlier keys gave up term 62, member 3's keys stayed. */
    private static KeyChanges changedTwoOfFormat7() {
        final KeyChanges write = changedTwo();
        write.givenUp(2, new long[] {62});
        write.keysKept(3);
        return write;
    }

    /** A write of member 7, new, and of member 2, whose keys moved from blocks 51 and 52 to 53 and 54, and member 3, moved. */
    private static KeyChanges changedTwo() {
        final KeyChanges write = new KeyChanges();
        write.join(7, new long[] {50});
        write.join(2, new long[] {53, 54});
        write.leave(2, new long[] {51, 52});
        write.count(60, 1);
        write.count(61, 1);
        write.count(62, -1);
        write.count(99, 1);
        write.newMember(new MemberRecord(7, "g7", "sf", "7", 1, ""));
        write.member(new MemberRecord(2, "g2", "sf", "2", 1, ""));
        write.member(new MemberRecord(3, "g3", "sf", "3", 1, ""));
        return write;
    }

    /**
     * Blocks replayed apart from the index ({@link BlockReplay}, a compaction's way to tell how a rewritten row leaves them)
     * change as the index changes them, change after change: members joining past the listed limit, leaving (one never
     * listed too), down to nobody and listed again, blanked, and counted.
     */
    @Test
    void blocksReplayedApartChangeAsTheIndexChangesThem() throws IOException {
        final SplittableRandom random = new SplittableRandom(11);
        final Set<Long> blocks = Set.of(11L, 12L);
        final BlockReplay replay = new BlockReplay(blocks);
        final Set<Long> unlisted = new java.util.HashSet<>();
        boolean relisted = false;
        try (KeyIndex index = KeyIndex.open(directory)) {
            // one change a row, compared after each: members mostly join, then mostly leave, then join again
            for (int row = 1; row <= 3400; row++) {
                final KeyChanges changes = new KeyChanges();
                final long block = 11 + random.nextInt(2);
                final long member = 1 + random.nextInt(700);
                final int kind = random.nextInt(20);
                if (kind < (row <= 1400 || row > 2800 ? 18 : 1)) {
                    changes.join(member, new long[] {block});
                } else if (kind < 19) {
                    changes.leave(member, new long[] {block});
                } else if (row % 2 == 0) {
                    changes.blank(member, new long[] {block});
                } else {
                    changes.count(block, random.nextInt(3) - 1);
                }
                changes.applyTo(replay, false);
                index.apply(changes.withRecords(Map.of()), row, row, true);
                final BlockReplay fromIndex = new BlockReplay(blocks);
                index.forEachKey(fromIndex::putBase, false);
                for (final long hash : blocks) {
                    assertTrue(replay.holdsAs(fromIndex, hash), "block " + hash + " after row " + row);
                    final KeyEntry entry = index.find(new long[] {hash})[0];
                    if (entry != null && !entry.listed() && entry.count() > EntityStore.MAXIMUM_LISTED_BLOCK) {
                        unlisted.add(hash);
                    }
                    relisted |= unlisted.contains(hash) && entry != null && entry.listed();
                }
            }
        }
        assertFalse(unlisted.isEmpty(), "a block went past the listed limit");
        assertTrue(relisted, "and, down to nobody, was listed again");
    }
}
