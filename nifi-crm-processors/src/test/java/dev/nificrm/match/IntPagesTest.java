package dev.nificrm.match;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntPagesTest {
    @Test
    void holdsItsValuesInOrderInNoArrayOfHalfARegion() {
        final IntPages list = new IntPages();
        assertEquals(0, list.size());
        final int count = 3 * IntPages.PAGE + 17;
        for (int i = 0; i < count; i++) {
            list.add(i * 7);
        }
        list.increment(IntPages.PAGE);
        list.set(count - 1, -1);
        assertEquals(count, list.size());
        for (int i = 0; i < count - 1; i++) {
            assertEquals(i == IntPages.PAGE ? i * 7 + 1 : i * 7, list.get(i));
        }
        assertEquals(-1, list.get(count - 1));
        assertTrue(list.longestArray() <= IntPages.PAGE && IntPages.PAGE * Integer.BYTES < 512 * 1024, () -> "longest array " + list.longestArray());
    }

    @Test
    void holdsAsManySlotsAsAskedEachTheValueGiven() {
        for (final int count : new int[] {0, 1, IntPages.PAGE, 2 * IntPages.PAGE + 3}) {
            final IntPages slots = new IntPages(count, -2);
            assertEquals(count, slots.size());
            for (int i = 0; i < count; i++) {
                assertEquals(-2, slots.get(i));
            }
            assertTrue(slots.longestArray() <= IntPages.PAGE, () -> "longest array " + slots.longestArray());
            if (count > 0) {
                slots.set(count - 1, 5);
                assertEquals(5, slots.get(count - 1));
            }
            slots.add(9);
            assertEquals(count + 1, slots.size());
            assertEquals(9, slots.get(count));
        }
    }
}
