package dev.nificrm.match;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TermFrequenciesTest {
    private static final String SEPARATOR = String.valueOf(Comparison.VALUE_SEPARATOR);

    @Test
    void countsEachValueOfAKeyAndTheRecordOnce() {
        final TermFrequencies frequencies = new TermFrequencies();
        frequencies.add("smith");
        frequencies.add("smith");
        frequencies.add("jones" + SEPARATOR + "smith");
        frequencies.add(null);
        assertEquals(3, frequencies.count("smith"));
        assertEquals(1, frequencies.count("jones"));
        assertEquals(0, frequencies.count("chen"));
        assertEquals(1, frequencies.count("jones" + SEPARATOR + "smith"), "a key of several values: its least frequent one");
        assertEquals(0, frequencies.count("chen" + SEPARATOR + "smith"));
        assertEquals(3, frequencies.getTotal());
    }

    @Test
    void addsCountsFromElsewhereUpToTheLargestInt() {
        final TermFrequencies frequencies = new TermFrequencies();
        frequencies.add("smith");
        frequencies.addCount("smith", 41);
        frequencies.addCount("chen", 0);
        frequencies.addCount("jones", Long.MAX_VALUE);
        frequencies.addCount("jones", 5);
        frequencies.addRecords(1_000);
        assertEquals(42, frequencies.count("smith"));
        assertEquals(Integer.MAX_VALUE, frequencies.count("jones"));
        assertEquals(1_001, frequencies.getTotal());
        assertEquals(0.5, frequencies.u("chen", 0.001, 0.5), "a value counted 0 times is unknown: the fallback");
        assertEquals((42 + 100 * 0.5) / (1_001 + 100), frequencies.u("smith", 0.001, 0.5));
        assertEquals(0.3, frequencies.u("smith", 0.3, 0.01), "never below the floor");
        assertEquals(0.5, frequencies.u(0, 0.001, 0.5));
    }

    @Test
    void handsEveryValueOverOnceWithItsCount() {
        final TermFrequencies frequencies = new TermFrequencies();
        final Map<String, Integer> expected = new LinkedHashMap<>();
        // enough values for the table and the arrays of counts to grow several times
        for (int i = 0; i < 5_000; i++) {
            final String value = "name" + i;
            for (int times = 0; times <= i % 3; times++) {
                frequencies.add(value);
            }
            frequencies.addCount(value, i);
            expected.put(value, i % 3 + 1 + i);
        }
        final Map<String, Integer> handed = new LinkedHashMap<>();
        final List<String> order = new ArrayList<>();
        frequencies.forEachValue((value, count) -> {
            handed.put(value, count);
            order.add(value);
        });
        assertEquals(expected, handed);
        assertEquals(new ArrayList<>(expected.keySet()), order, "in the order first counted");
        for (final Map.Entry<String, Integer> entry : expected.entrySet()) {
            assertEquals(entry.getValue(), frequencies.count(new String(entry.getKey().toCharArray())));
        }
    }
}
