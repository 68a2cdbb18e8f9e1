package dev.nificrm.match;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The matcher's work is made cheaper only where the result is proven the same: every pair of records of the public
 * evaluation data (every pair of the small sets, the candidate pairs of the larger) keeps each comparison's level and
 * the exact bits of its weight, and every record its cluster, best partner, probability, outcome and explanation, as
 * the fingerprints recorded before the shortcuts were added ({@link MatchFingerprints}).
 */
class MatchResultsUnchangedTest {

    @Test
    void everyLevelWeightClusterAndExplanationIsAsRecorded() throws IOException {
        final List<String> recorded;
        try (InputStream stream = MatchResultsUnchangedTest.class.getResourceAsStream("match-fingerprints.txt")) {
            assertNotNull(stream, "match-fingerprints.txt");
            recorded = new String(stream.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        final List<String> current = MatchFingerprints.all();
        assertEquals(recorded.size(), current.size(), "data sets fingerprinted");
        for (int i = 0; i < recorded.size(); i++) {
            assertEquals(recorded.get(i), current.get(i));
        }
    }
}
