package dev.nificrm.match;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextComparatorTest {

    @Test
    void wordsAreInOrderExactlyWhenSortingThemGivesTheValueBack() {
        final Random random = new Random(20261206);
        final char[] alphabet = "ab  c".toCharArray();
        for (int i = 0; i < 100_000; i++) {
            final char[] value = new char[random.nextInt(9)];
            for (int j = 0; j < value.length; j++) {
                value[j] = alphabet[random.nextInt(alphabet.length)];
            }
            final String text = new String(value);
            assertEquals(TextComparator.sortedWords(text).equals(text), TextComparator.wordsInOrder(text), () -> "'" + text + "'");
        }
    }

    @Test
    void placesWithTheirWordsInOrderAreComparedWithoutSortingThem() {
        final TextComparator comparator = new TextComparator();
        // in order: compared as they are; out of order: their sorted words make them alike
        assertEquals(3, comparator.compare("fort lauderdale", "fort worth"));
        assertEquals(0, comparator.compare("acme widgets", "acme widgets"));
        assertEquals(1, comparator.compare("acme widgets", "widgets acme"));
        final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        int sum = 0;
        long allocated = 0;
        for (int round = 0; round < 2; round++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                sum += comparator.compare("new york", "new yorkshire") + comparator.compare("fort lauderdale", "fort worth");
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertTrue(sum > 0);
        // Commons Text's Jaro-Winkler allocates about 120 bytes a comparison (its wrappers and match arrays); the words of
        // both values split, sorted and joined again took about 200 bytes more (6.3 MB for these 20,000 comparisons)
        assertTrue(allocated < 4_000_000, "allocated " + allocated + " bytes for 20,000 comparisons");
    }
}
