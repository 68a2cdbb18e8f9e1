package dev.nificrm.store;

import dev.nificrm.match.MatchSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The resolver's in-memory work is made cheaper only where its results are proven the same: on the public evaluation
 * data, batch after batch against a fresh embedded store, every record keeps its golden id, status, outcome, score,
 * explanation, candidate and cross-references, and every change written keeps its members, blocks, merges, decisions,
 * history and counts, as the fingerprints recorded before ({@link ResolverFingerprints}).
 */
class ResolverResultsUnchangedTest {
    @TempDir
    Path directory;

    @Test
    void everyRecordAndEveryChangeWrittenIsAsRecorded() throws IOException {
        final List<String> recorded = recorded();
        final List<String> current = ResolverFingerprints.all(directory);
        assertEquals(recorded.size(), current.size(), "batches fingerprinted");
        for (int i = 0; i < recorded.size(); i++) {
            assertEquals(recorded.get(i), current.get(i));
        }
    }

    @Test
    void theSameOnTwoThreadsThatReadTheStoreInParts() throws IOException {
        final List<String> recorded = recorded();
        final ExecutorService helpers = Executors.newFixedThreadPool(1);
        try {
            final List<String> parallel = ResolverFingerprints.febrl(directory, MatchSettings.defaults().withParallelism(2, helpers));
            assertEquals(recorded.subList(0, parallel.size()), parallel, "block keys hashed, keys and candidates read in parts side by side");
        } finally {
            helpers.shutdown();
        }
    }

    private static List<String> recorded() throws IOException {
        try (InputStream stream = ResolverResultsUnchangedTest.class.getResourceAsStream("resolver-fingerprints.txt")) {
            assertNotNull(stream, "resolver-fingerprints.txt");
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
