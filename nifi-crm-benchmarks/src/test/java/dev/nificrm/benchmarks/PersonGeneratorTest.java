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

    /**
     * A person's phone is a +1 number of the plan's form (no N11 service code as area code or exchange) and the postal code
     * a ZIP code from 00501 to 99950: what CleanCRMRecord rejects of the export is the errors the generator means.
     */
    @Test
    void phonesAndPostalCodesAreOfTheirRealShape() {
        final List<String> faults = new ArrayList<>();
        new PersonGenerator(42).generate(20_000, 0.2, (values, person) -> {
            // a missing field is null
            final String digits = values[3] == null ? "" : values[3].replaceAll("[^0-9]", "");
            final String number = digits.length() == 11 ? digits.substring(1) : digits;
            if (!number.isEmpty() && (number.length() != 10 || number.startsWith("11", 1) || number.startsWith("11", 4))) {
                faults.add(values[3]);
            }
            if (values[5] != null && (Integer.parseInt(values[5]) < 501 || Integer.parseInt(values[5]) > 99950)) {
                faults.add(values[5]);
            }
        });
        assertEquals(List.of(), faults);
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
