package dev.nificrm.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonGeneratorTest {

    @Test
    void theSameSeedGivesTheSameRecords() {
        assertEquals(generate(42, 500), generate(42, 500));
    }

    @Test
    void aboutTheRequestedShareAreDuplicates() {
        final Set<Integer> people = new HashSet<>();
        final int[] count = {0};
        new PersonGenerator(7).generate(10_000, 0.2, (values, person) -> {
            people.add(person);
            count[0]++;
        });
        assertEquals(10_000, count[0]);
        final double duplicateShare = 1.0 - people.size() / 10_000.0;
        assertTrue(duplicateShare > 0.15 && duplicateShare < 0.25, "duplicate share " + duplicateShare);
    }

    @Test
    void aSmallRunMatchesWell() {
        for (final boolean estimateWeights : new boolean[] {false, true}) {
            final MatchBenchmark.Measurement measurement = MatchBenchmark.run(5_000, estimateWeights);
            assertTrue(measurement.quality()[0] >= 0.99, measurement.toString());
            assertTrue(measurement.quality()[1] >= 0.95, measurement.toString());
        }
    }

    private static List<String> generate(final long seed, final int count) {
        final List<String> records = new ArrayList<>();
        new PersonGenerator(seed).generate(count, 0.2, (values, person) -> records.add(person + Arrays.toString(values)));
        return records;
    }
}
