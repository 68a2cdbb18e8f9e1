package dev.nificrm.match;

import dev.nificrm.testing.ThreadAllocation;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
        final long allocated = allocatedComparing(comparator, "new york", "new yorkshire", "fort lauderdale", "fort worth");
        // the words of both values split, sorted and joined again took about 200 bytes a comparison (6.3 MB for these
        // 20,000 comparisons, with Commons Text's Jaro-Winkler's 120 bytes when it was asked)
        assertTrue(allocated < 4_000_000, "allocated " + allocated + " bytes for 20,000 comparisons");
    }

    @Test
    void valuesWithTheirWordsOutOfOrderAreSortedOncePerValue() {
        final TextComparator comparator = new TextComparator();
        // out of order on one side or both: the sorted words make them alike, and are the same every time
        assertEquals(1, comparator.compare("widgets acme", "acme widgets"));
        assertEquals(1, comparator.compare("widgets acme", "widgets acme gmbh"));
        assertEquals(3, comparator.compare("york new", "new jersey"));
        final long allocated = allocatedComparing(comparator, "widgets acme", "widgets acme gmbh", "york new", "new jersey");
        // splitting, sorting and joining the words of each pair anew took 9.4 MB for these 20,000 comparisons, and 3.2 MB
        // with the words sorted once (Commons Text's Jaro-Winkler's 120 bytes a similarity, two a pair, when it was asked)
        assertTrue(allocated < 5_000_000, "allocated " + allocated + " bytes for 20,000 comparisons");
    }

    @Test
    void theSortedWordsOfValuesGoWithTheirComparator() {
        // a value out of order sorted by a comparator that is then dropped (a processor stopped): nothing else holds it
        final WeakReference<String> value = valueComparedByADroppedComparator();
        for (int attempt = 0; attempt < 100 && value.get() != null; attempt++) {
            System.gc();
        }
        assertNull(value.get(), "a value a dropped comparator sorted is still held");
    }

    private static WeakReference<String> valueComparedByADroppedComparator() {
        final TextComparator comparator = new TextComparator();
        final String value = new String("widgets acme".toCharArray());
        assertEquals(1, comparator.compare(value, "acme widgets"));
        return new WeakReference<>(value);
    }

    /** The bytes this thread allocates comparing two pairs 10,000 times each, the least of two rounds (the first warms up). */
    private static long allocatedComparing(final TextComparator comparator, final String left, final String right,
                                           final String otherLeft, final String otherRight) {
        final int[] sum = {0};
        final long allocated = ThreadAllocation.leastOf(2, () -> {
            for (int i = 0; i < 10_000; i++) {
                sum[0] += comparator.compare(left, right) + comparator.compare(otherLeft, otherRight);
            }
        });
        assertTrue(sum[0] > 0);
        return allocated;
    }
}
