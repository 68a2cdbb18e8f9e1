package dev.nificrm.store;

import dev.nificrm.match.Comparison;
import dev.nificrm.testing.ThreadAllocation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchTermsTest {
    private static final List<String> FIELDS = List.of("first_name", "email", "last_name");
    private static final boolean[] COUNTED = {true, false, true};
    private static final String SEPARATOR = String.valueOf(Comparison.VALUE_SEPARATOR);

    @Test
    void numbersEachDistinctValueOfAFieldWithItsTermHash() {
        final BatchTerms terms = new BatchTerms(FIELDS, COUNTED);
        terms.addValues(0, "anna");
        terms.addValues(0, "jan" + SEPARATOR + "anna");
        terms.addValues(2, "anna");
        terms.addValues(0, new String("jan".toCharArray()));
        assertEquals(2, terms.size(0));
        assertEquals(1, terms.size(2), "each field numbers its own values");
        assertEquals("anna", terms.value(0, 0));
        assertEquals("jan", terms.value(0, 1));
        assertEquals(KeyHash.term("first_name", "anna"), terms.hash(0, 0));
        assertEquals(KeyHash.term("first_name", "jan"), terms.hash(0, 1));
        assertEquals(KeyHash.term("last_name", "anna"), terms.hash(2, 0));
    }

    @Test
    void hashesEachValueOfAKeyAddedOrNot() {
        final BatchTerms terms = new BatchTerms(FIELDS, COUNTED);
        terms.addValues(2, "jansen");
        assertEquals(1, terms.valueHashes(2, "jansen"));
        assertEquals(KeyHash.term("last_name", "jansen"), terms.valueHash(0));
        final String key = "jansen" + SEPARATOR + "de vries" + SEPARATOR + "jansen" + SEPARATOR + "bakker" + SEPARATOR + "smit";
        assertEquals(5, terms.valueHashes(2, key), "a value held twice twice");
        final String[] values = {"jansen", "de vries", "jansen", "bakker", "smit"};
        for (int i = 0; i < values.length; i++) {
            assertEquals(KeyHash.term("last_name", values[i]), terms.valueHash(i));
        }
        assertEquals(1, terms.size(2), "a value hashed is not added");
    }

    @Test
    void allocatesPerDistinctValueNotPerRecord() {
        final String[] keys = new String[20_000];
        for (int record = 0; record < keys.length; record++) {
            keys[record] = "name" + record % 500;
        }
        // the batch's records held 40 times as many keys as distinct values: what is made is the values' table and arrays
        final long bytes = ThreadAllocation.leastOf(5, () -> {
            final BatchTerms terms = new BatchTerms(FIELDS, COUNTED);
            for (final String key : keys) {
                terms.addValues(0, key);
            }
            assertEquals(500, terms.size(0));
        });
        assertTrue(bytes < 4L * keys.length, bytes + " bytes for " + keys.length + " keys of 500 values");
    }
}
