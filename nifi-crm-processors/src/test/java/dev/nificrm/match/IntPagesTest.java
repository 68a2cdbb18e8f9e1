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
}
