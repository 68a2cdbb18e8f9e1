package dev.nificrm.store;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch's lists of longs and slots of objects in pages: the values of one array, no array of half a region. */
class LongPagesTest {
    private static final int HALF_REGION_LONGS = 512 * 1024 / Long.BYTES;

    @Test
    void holdsAndSortsValuesAcrossPagesAsOneArrayWould() {
        final SplittableRandom random = new SplittableRandom(7);
        // empty, within the first page, one page exactly, several pages and a part of one
        for (final int size : new int[] {0, 1, 300, LongPages.PAGE, 4 * LongPages.PAGE + 17}) {
            final long[] expected = new long[size];
            final LongPages list = size % 2 == 0 ? new LongPages() : new LongPages(size / 3);
            for (int i = 0; i < size; i++) {
                // repeated values too: a merge of sorted pages keeps every one
                expected[i] = i % 5 == 0 ? 42 : random.nextLong();
                list.add(expected[i]);
            }
            assertEquals(size, list.size());
            assertArrayEquals(expected, list.copy(0, size));
            if (size > 10) {
                assertArrayEquals(Arrays.copyOfRange(expected, 3, size - 5), list.copy(3, size - 5));
            }
            final long[] sorted = expected.clone();
            Arrays.sort(sorted);
            final LongPages sortedList = list.sorted();
            assertArrayEquals(sorted, sortedList.copy(0, size));
            assertTrue(list.longestArray() <= LongPages.PAGE && sortedList.longestArray() <= LongPages.PAGE);
        }
        assertTrue(LongPages.PAGE < HALF_REGION_LONGS);
    }

    @Test
    void addsAllAndClears() {
        final LongPages list = LongPages.of(3, 1, 2);
        list.addAll(LongPages.of(9, 8));
        assertArrayEquals(new long[] {3, 1, 2, 9, 8}, list.copy(0, list.size()));
        list.clear();
        assertEquals(0, list.size());
        list.add(5);
        assertArrayEquals(new long[] {5}, list.copy(0, 1));
    }

    @Test
    void objectPagesSetSlotsAcrossPages() {
        final int size = 2 * ObjectPages.PAGE + 5;
        final ObjectPages<String> slots = new ObjectPages<>(size);
        assertEquals(size, slots.size());
        assertNull(slots.get(size - 1));
        final String[] part = new String[ObjectPages.PAGE + 2];
        Arrays.setAll(part, i -> "v" + i);
        slots.setAll(ObjectPages.PAGE - 1, part);
        assertNull(slots.get(ObjectPages.PAGE - 2));
        for (int i = 0; i < part.length; i++) {
            assertEquals(part[i], slots.get(ObjectPages.PAGE - 1 + i));
        }
        slots.set(size - 1, "last");
        assertEquals("last", slots.get(size - 1));
        assertTrue(slots.longestArray() <= ObjectPages.PAGE);
        assertEquals(0, new ObjectPages<String>(0).size());
    }
}
