package dev.nificrm.store;

import dev.nificrm.testing.ThreadAllocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The base a compacted key log leaves: an index written out in parts and read back is the index it was. */
class KeyBaseTest {
    @TempDir
    Path directory;

    @Test
    void anIndexWrittenInPartsAndReadBackHoldsTheSameKeys() throws Exception {
        final SplittableRandom random = new SplittableRandom(7);
        final long[] hashes = new long[2_000];
        final List<byte[]> parts = new ArrayList<>();
        final Map<Long, KeyIndexTest.Listed> before = new HashMap<>();
        final KeyBase.Writer writer;
        try (KeyIndex index = KeyIndex.open(directory.resolve("written"))) {
            final KeyChanges changes = new KeyChanges();
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = random.nextLong();
            }
            hashes[0] = 0;
            for (int member = 1; member <= 3_000; member++) {
                changes.join(member, new long[] {hashes[random.nextInt(hashes.length)], hashes[random.nextInt(20)]});
            }
            // a block over the listed size, counted keys, and a block every member left again
            for (int member = 10_000; member <= 10_000 + EntityStore.MAXIMUM_LISTED_BLOCK; member++) {
                changes.join(member, new long[] {42});
            }
            changes.count(43, 5);
            changes.count(44, -2);
            changes.join(20_000, new long[] {45});
            index.apply(changes, 1, 1, true);
            final KeyChanges leaving = new KeyChanges();
            leaving.leave(20_000, new long[] {45});
            index.apply(leaving, 2, 2, true);
            before.putAll(find(index, hashes));
            before.putAll(find(index, 42, 43, 44, 45));
            assertFalse(before.containsKey(45L), "a block every member left is let go");

            writer = new KeyBase.Writer((number, bytes, length) -> {
                assertEquals(parts.size(), number, "parts are numbered in order");
                parts.add(Arrays.copyOf(bytes, length));
            }, 4_096);
            index.forEachKey(writer);
            writer.finish();
        }
        assertTrue(parts.size() > 5, "the keys went in several parts: " + parts.size());
        assertEquals(parts.stream().mapToLong(part -> part.length).sum(), writer.bytes());
        try (KeyIndex rebuilt = KeyIndex.open(directory.resolve("read"))) {
            for (final byte[] part : parts) {
                assertTrue(part.length <= 4_096);
                KeyBase.read(part, rebuilt);
            }
            final Map<Long, KeyIndexTest.Listed> after = new HashMap<>(find(rebuilt, hashes));
            after.putAll(find(rebuilt, 42, 43, 44, 45));
            assertNull(after.get(45L), "a key nobody carries any more is left out");
            before.remove(45L);
            assertEquals(before.keySet(), after.keySet());
            for (final Map.Entry<Long, KeyIndexTest.Listed> entry : before.entrySet()) {
                assertEquals(entry.getValue().count(), after.get(entry.getKey()).count(), "count of " + entry.getKey());
                assertArrayEquals(entry.getValue().memberIds(), after.get(entry.getKey()).memberIds(), "members of " + entry.getKey());
            }
            assertNull(after.get(42L).memberIds(), "a block over the listed size stays unlisted");
            assertEquals(EntityStore.MAXIMUM_LISTED_BLOCK + 1, after.get(42L).count());
            assertEquals(-2, after.get(44L).count());
            assertEquals(writer.keys(), rebuilt.size());
        }
    }

    @Test
    void aWriterFillsOnePartBufferForEveryPartAndNoneAfterTheLast() throws Exception {
        final int partBytes = 1 << 20;
        final int[] members = {1, 2};
        // the fewest bytes of three writers: the first runs before the JIT compiled the writer, and a compilation or
        // deoptimisation landing in a later one counts no more than the quietest
        final ThreadAllocation.Least least = new ThreadAllocation.Least();
        for (int round = 0; round < 3; round++) {
            final long[] sent = new long[2];
            final KeyBase.Writer writer = new KeyBase.Writer((number, bytes, length) -> {
                sent[0]++;
                sent[1] += length;
            }, partBytes);
            least.count(() -> {
                // three and a half parts of keys listing two members each
                for (long hash = 0; hash < 7L * partBytes / 2 / 24; hash++) {
                    writer.key(hash, 2, members, 2);
                }
                writer.finish();
            });
            assertEquals(4, sent[0]);
            assertEquals(writer.bytes(), sent[1]);
        }
        // a buffer per part, a copy of each and one after the last took 4 + 3.5 + 1 part sizes
        assertTrue(least.bytes() < partBytes + partBytes / 4, "allocated " + least.bytes() + " bytes for parts of " + partBytes);
    }

    @Test
    void compactingIsDueOnceTheLogTakesTwiceWhatItsKeysWould() {
        final long keys = 10_000_000;
        final long base = keys * KeyLog.BASE_BYTES_PER_KEY;
        assertFalse(KeyLog.isCompactionDue(base, keys), "a log that only ever added keys is about as large as its base");
        assertFalse(KeyLog.isCompactionDue(2 * base, keys));
        assertTrue(KeyLog.isCompactionDue(2 * base + 1, keys));
        assertFalse(KeyLog.isCompactionDue(KeyLog.COMPACT_MINIMUM_BYTES, 10), "a small log is not worth a rewrite, however it grew");
        assertTrue(KeyLog.isCompactionDue(KeyLog.COMPACT_MINIMUM_BYTES + 1, 10));
    }

    private static Map<Long, KeyIndexTest.Listed> find(final KeyIndex index, final long... hashes) {
        final KeyEntry[] found = index.find(hashes);
        final long[][] members = index.blockMembers(hashes);
        final Map<Long, KeyIndexTest.Listed> entries = new HashMap<>();
        for (int i = 0; i < hashes.length; i++) {
            if (found[i] != null) {
                entries.put(hashes[i], new KeyIndexTest.Listed(found[i].count(), members[i]));
            }
        }
        return entries;
    }
}
