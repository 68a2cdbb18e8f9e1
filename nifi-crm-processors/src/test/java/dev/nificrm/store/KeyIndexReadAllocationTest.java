package dev.nificrm.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nificrm.testing.ThreadAllocation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the key index's reads of a batch allocate besides their answers (issue #9): a batch looks up some 170,000 keys
 * and 70,000 members, in reads of up to 75,000. An entry of a key's count is a shared value, not one made per look-up,
 * and the order a read goes through the index in is kept for the next read, not made again (humongous beyond 65,536
 * look-ups on a heap of 512 MB). Counted on the calling thread, never timed; the answers are those of reads one by one.
 */
class KeyIndexReadAllocationTest {
    private static final int BLOCKS = 20_000;
    private static final int MEMBERS = 4_000;
    private static final int ROUNDS = 5;

    @TempDir
    Path directory;

    @Test
    void readsAllocateTheirAnswersAndNothingPerKeyBesides() {
        try (KeyIndex index = KeyIndex.open(directory)) {
            final long[] hashes = filled(index);
            final ThreadAllocation.Least find = new ThreadAllocation.Least();
            final ThreadAllocation.Least blocks = new ThreadAllocation.Least();
            final ThreadAllocation.Least oldest = new ThreadAllocation.Least();
            for (int round = 0; round < ROUNDS; round++) {
                final KeyEntry[] entries = find.count(() -> index.find(hashes));
                final long[][] members = blocks.count(() -> index.blockMembers(hashes));
                final long[] lowest = oldest.count(() -> index.oldestBlockMembers(hashes));
                assertEquals(BLOCKS, entries.length);
                assertEquals(BLOCKS, members.length);
                assertEquals(BLOCKS, lowest.length);
            }
            System.out.printf("find %d, blockMembers %d, oldestBlockMembers %d bytes for %d keys%n", find.bytes(), blocks.bytes(), oldest.bytes(), BLOCKS);
            // the answers: an array of references (4 bytes each, compressed), a list per block, an array of numbers (an order of
            // 8 bytes a key was made per read before)
            assertTrue(find.bytes() < 6L * BLOCKS, "find: " + find.bytes() + " bytes for " + BLOCKS + " keys");
            long lists = 16 + 4L * BLOCKS;
            for (final long[] listed : index.blockMembers(hashes)) {
                lists += listed == null ? 0 : 16 + 8L * listed.length;
            }
            assertTrue(blocks.bytes() < lists + 32_768, "blockMembers: " + blocks.bytes() + " bytes, its lists " + lists);
            assertTrue(oldest.bytes() < 8L * BLOCKS + 32_768, "oldestBlockMembers: " + oldest.bytes() + " bytes for " + BLOCKS + " keys");
        }
    }

    @Test
    void membersReadInOneReadAnswerAsReadInPiecesAndAllocateNoMore() {
        try (KeyIndex index = KeyIndex.open(directory)) {
            filled(index);
            final long[] ids = new long[MEMBERS];
            final SplittableRandom random = new SplittableRandom(5);
            for (int i = 0; i < ids.length; i++) {
                ids[i] = 1 + random.nextInt(MEMBERS);
            }
            final ThreadAllocation.Least whole = new ThreadAllocation.Least();
            final ThreadAllocation.Least inPieces = new ThreadAllocation.Least();
            for (int round = 0; round < ROUNDS; round++) {
                final StoredMember[] read = whole.count(() -> index.storedMembers(ids, layout -> new int[] {0}));
                // reads of fewer than 256 members each, read as they come (no order)
                final StoredMember[][] pieces = inPieces.count(() -> {
                    final StoredMember[][] parts = new StoredMember[(ids.length + 199) / 200][];
                    for (int part = 0; part < parts.length; part++) {
                        parts[part] = index.storedMembers(Arrays.copyOfRange(ids, part * 200, Math.min(ids.length, part * 200 + 200)),
                                layout -> new int[] {0});
                    }
                    return parts;
                });
                for (int i = 0; i < ids.length; i++) {
                    final StoredMember piece = pieces[i / 200][i % 200];
                    assertEquals(ids[i], read[i].memberId());
                    assertEquals(piece.goldenId(), read[i].goldenId());
                    assertEquals(piece.source(), read[i].source());
                    assertArrayEquals(piece.keys(), read[i].keys());
                }
            }
            // the pieces allocate their copies of the ids, 20 arrays of answers and 20 buffers of 512 bytes besides the members;
            // the read in the order of the members' numbers, its order (kept between reads)
            System.out.printf("storedMembers: %d bytes in one read, %d in pieces, for %d members%n", whole.bytes(), inPieces.bytes(), MEMBERS);
            assertTrue(whole.bytes() <= inPieces.bytes(), "in one read " + whole.bytes() + " bytes, in pieces " + inPieces.bytes());
        }
    }

    /**
     * Reads of many keys and of few, one after another and so in the rooms of one another's orders (a longer one than the
     * read needs among them), answer as the keys read one by one do.
     */
    @Test
    void readsOfManyAndOfFewKeysAnswerAsReadsOfOneKeyEach() {
        try (KeyIndex index = KeyIndex.open(directory)) {
            final long[] hashes = filled(index);
            final SplittableRandom random = new SplittableRandom(9);
            for (final int size : new int[] {BLOCKS, 300, 5_000, 256, BLOCKS * 2, 1_000}) {
                final long[] asked = new long[size];
                for (int i = 0; i < size; i++) {
                    // a key of the index, or one it lacks
                    asked[i] = random.nextInt(8) == 0 ? -1 - random.nextInt(1_000_000) : hashes[random.nextInt(hashes.length)];
                }
                final KeyEntry[] entries = index.find(asked);
                final long[][] members = index.blockMembers(asked);
                final long[] lowest = index.oldestBlockMembers(asked);
                for (int i = 0; i < size; i++) {
                    final long[] one = {asked[i]};
                    assertEquals(index.find(one)[0], entries[i], "key " + asked[i]);
                    assertArrayEquals(index.blockMembers(one)[0], members[i], "key " + asked[i]);
                    assertEquals(index.oldestBlockMembers(one)[0], lowest[i], "key " + asked[i]);
                    if (asked[i] < 0) {
                        assertNull(entries[i]);
                    }
                }
            }
        }
    }

    /** An index of {@value #BLOCKS} blocks of 1-6 members and {@value #MEMBERS} members' records; the blocks' hashes. */
    private static long[] filled(final KeyIndex index) {
        final SplittableRandom random = new SplittableRandom(7);
        final long[] hashes = new long[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            hashes[i] = random.nextLong() & Long.MAX_VALUE;
        }
        final KeyChanges changes = new KeyChanges();
        for (int member = 1; member <= MEMBERS; member++) {
            changes.member(new MemberRecord(member, "01939b7e-0000-7000-8000-" + String.format("%012d", member), member % 2 == 0 ? "crm" : "erp",
                    "s" + member, 1, "k" + member + "\u001E" + "x"));
            final long[] joined = new long[15];
            for (int block = 0; block < joined.length; block++) {
                joined[block] = hashes[random.nextInt(BLOCKS)];
            }
            changes.join(member, Arrays.stream(joined).distinct().toArray());
        }
        for (int i = 0; i < BLOCKS; i += 3) {
            changes.count(hashes[i] ^ 0x5555, 1 + random.nextInt(5_000));
        }
        index.apply(changes, 1, 1, true);
        return hashes;
    }
}
