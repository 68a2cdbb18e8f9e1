package dev.nificrm.store;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index numbers distinct values in the order first added, as a map from each value to its first position would. */
class LongIndexTest {

    @Test
    void numbersValuesInTheOrderFirstAddedThroughGrowthAndClearing() {
        final SplittableRandom random = new SplittableRandom(3);
        final LongIndex index = new LongIndex(4);
        for (int round = 0; round < 20; round++) {
            final Map<Long, Integer> expected = new HashMap<>();
            final long[] order = new long[5_000];
            for (int i = 0; i < 20_000; i++) {
                // consecutive ids, zero, and values that share a slot's low bits
                final long value = switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(3_000);
                    case 1 -> (long) random.nextInt(1_000) << 40;
                    default -> random.nextLong() | 1;
                };
                final Integer known = expected.get(value);
                if (known == null && expected.size() == order.length) {
                    assertEquals(-1, index.indexOf(value));
                    continue;
                }
                final int number = index.add(value);
                if (known == null) {
                    order[expected.size()] = value;
                    expected.put(value, number);
                    assertEquals(expected.size() - 1, number);
                } else {
                    assertEquals((int) known, number);
                }
                assertEquals(number, index.indexOf(value));
            }
            assertEquals(expected.size(), index.size());
            assertArrayEquals(Arrays.copyOf(order, expected.size()), index.toArray());
            expected.forEach((value, number) -> assertEquals((int) number, index.indexOf(value)));
            index.clear();
            assertEquals(0, index.size());
            expected.keySet().forEach(value -> assertEquals(-1, index.indexOf(value)));
        }
    }

    /**
     * A batch's block index (ten thousand records under a dozen rules: some 140,000 hashes expected) and what it grows to
     * hold no array of 512 KiB or more: G1 allocates such an array (half a region of 1 MiB, the region of a heap up to
     * 2 GB) as a humongous object outside the young generation, and a humongous allocation above the heap's occupancy
     * threshold starts a concurrent marking cycle.
     */
    @Test
    void holdsNoArrayOfHalfARegion() {
        final int halfRegion = 512 * 1024;
        final LongIndex index = new LongIndex(140_016);
        assertTrue(index.longestArrayBytes() < halfRegion, () -> "longest array " + index.longestArrayBytes());
        final SplittableRandom random = new SplittableRandom(5);
        final long[] added = new long[400_000];
        for (int i = 0; i < added.length; i++) {
            added[i] = random.nextLong();
            assertEquals(i, index.add(added[i]));
        }
        assertTrue(index.longestArrayBytes() < halfRegion, () -> "longest array " + index.longestArrayBytes());
        for (int i = 0; i < added.length; i++) {
            assertEquals(i, index.indexOf(added[i]));
            assertEquals(added[i], index.value(i));
        }
    }

    /**
     * A batch's block index (ten thousand records under twenty rules: 200,016 hashes expected, some 148,000 added, each
     * new, at random slots) holds a table of 4 bytes a slot: 2 MiB for its 524,288 slots, where two longs a slot made 8
     * MiB, each add a random read into it (the caches hold a quarter as much more often) and the allocation zeroed all of
     * it every batch. Values that share their slot's bits and most of their tag's are told apart.
     */
    @Test
    void holdsATableOfFourBytesASlot() {
        final LongIndex index = new LongIndex(200_016);
        final SplittableRandom random = new SplittableRandom(7);
        final long[] added = new long[148_000];
        for (int i = 0; i < added.length; i++) {
            added[i] = random.nextLong();
            assertEquals(i, index.add(added[i]));
        }
        assertEquals(2L << 20, index.tableBytes());
        for (int i = 0; i < added.length; i++) {
            assertEquals(i, index.add(added[i]));
            assertEquals(i, index.indexOf(added[i]));
        }
        // values that differ in their high bits alone, through the table's growth (its tags one bit shorter each time)
        final LongIndex small = new LongIndex(4);
        for (long value = 0; value < 5_000; value++) {
            assertEquals((int) value, small.add(value << 50));
        }
        assertEquals(5_000, small.size());
        for (long value = 0; value < 5_000; value++) {
            assertEquals((int) value, small.indexOf(value << 50));
        }
        assertEquals(-1, small.indexOf(5_001L << 50));
        assertEquals(1_234, small.indexOf(1_234L << 50));
    }
}
