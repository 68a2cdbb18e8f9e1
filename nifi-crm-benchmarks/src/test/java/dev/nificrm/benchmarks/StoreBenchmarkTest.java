package dev.nificrm.benchmarks;

import dev.nificrm.store.StoreStatistics;
import dev.nificrm.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The entity store benchmark itself, at a tiny size, on both stores: it loads the store once and keeps it, every later
 * run matches a fresh copy of the kept store, the copies of stored people are found, and the time of every batch is
 * divided among the store's operations.
 */
class StoreBenchmarkTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path directory;

    @Test
    void embeddedStoreIsLoadedOnceAndEveryRunMatchesAFreshCopyOfIt() {
        // 1,000 people in load batches of 500: a checkpoint (500) inside the load, which the last run reuses, and the kept
        // whole (1,000) a larger load resumes from; the store's size is not what this test is about (2,000 before)
        final StoreBenchmark.Report first = runTwice(StoreBenchmark.Store.EMBEDDED, 1_000);

        final StoreBenchmark.Report reloaded = StoreBenchmark.run(settings(StoreBenchmark.Store.EMBEDDED, 1_000, true), QUIET);
        assertFalse(reloaded.load().reused(), "reload asked for");
        assertEquals(0, reloaded.load().resumedFrom());
        assertSameStart(first, reloaded);

        final StoreBenchmark.Report larger = StoreBenchmark.run(settings(StoreBenchmark.Store.EMBEDDED, 1_500, false), QUIET);
        assertEquals(1_000, larger.load().resumedFrom(), "a larger store is loaded on top of the largest kept smaller one");
        assertEquals(1_500, larger.load().statistics().members());
        final StoreBenchmark.Report checkpoint = StoreBenchmark.run(settings(StoreBenchmark.Store.EMBEDDED, 500, false), QUIET);
        assertTrue(checkpoint.load().reused(), "the load kept a copy at every checkpoint");
        assertEquals(500, checkpoint.match().before().members());
    }

    /**
     * The server runs from the module's {@code target/postgres} (PostgresServer.defaultRoot()), as the processors' tests'
     * does: the binaries unpacked there and the cluster initdb made there serve every run, rather than being unpacked
     * into the temporary directory each time (the dumps the store is kept as are written by this JVM, not the server).
     */
    @Test
    void postgresqlStoreIsKeptAsADumpAndRestoredForEveryRun() throws IOException {
        runTwice(StoreBenchmark.Store.POSTGRESQL, 1_000);
        // neither PostgreSQL's programs nor a cluster (PG_VERSION) in the run's directory: they are under the module's root
        try (Stream<Path> files = Files.walk(directory)) {
            assertEquals(List.of(), files.filter(path -> path.endsWith(Path.of("bin", "initdb")) || path.endsWith("PG_VERSION")).toList(),
                    "the server's binaries and data belong under " + PostgresServer.defaultRoot());
        }
    }

    @Test
    void aStoreLoadedTheOtherWayIsKeptApart() {
        final StoreBenchmark.Report flowFileOnly = StoreBenchmark.run(settings(StoreBenchmark.Store.EMBEDDED, 1_000, false), QUIET);
        assertFalse(flowFileOnly.load().reused());
        final StoreBenchmark.Report againstTheStore = StoreBenchmark.run(new StoreBenchmark.Settings(StoreBenchmark.Store.EMBEDDED, 1_000, 500,
                1, 2, 200, 0.3, 2, 1, directory, false, true, "", true, PostgresServer.defaultRoot()), QUIET);
        assertFalse(againstTheStore.load().reused(), "a store loaded without matching the store does not stand in for one loaded with it");
        assertLoadedAndMatched(againstTheStore, 1_000);
        assertTrue(StoreBenchmark.run(settings(StoreBenchmark.Store.EMBEDDED, 1_000, false), QUIET).load().reused());
    }

    @Test
    void writersSideBySideResolveEveryBatchOnce() {
        final StoreBenchmark.Report report = StoreBenchmark.run(new StoreBenchmark.Settings(StoreBenchmark.Store.EMBEDDED, 1_000, 500,
                1, 4, 200, 0.3, 2, 2, directory, false, true, "", false, PostgresServer.defaultRoot()), QUIET);
        final List<StoreBenchmark.BatchResult> batches = report.match().batches();
        assertEquals(4, batches.size(), "every measured batch is resolved once");
        assertTrue(report.match().sideBySideRecordsPerSecond() > 0, report.summary());
        assertTrue(report.summary().contains("2 writers side by side"), report.summary());
        final StoreStatistics loaded = report.load().statistics();
        final StoreStatistics after = report.match().after();
        assertEquals(loaded.members() + 1_000, after.members(), "each record of the five batches is one new member: " + after);
        assertTrue(after.entities() - loaded.entities() >= 625 && after.entities() - loaded.entities() <= 700,
                "the new people (700) are new entities, the copies are not, whichever writer got there first: " + after);
        final StoreBenchmark.Quality quality = report.match().quality();
        assertTrue(quality.recall() >= 0.9 && quality.precision() >= 0.95, "copies found: " + quality);
    }

    /** Loads and matches, then matches again on the kept store; returns the first run's report. */
    private StoreBenchmark.Report runTwice(final StoreBenchmark.Store store, final int population) {
        final StoreBenchmark.Settings settings = settings(store, population, false);
        final StoreBenchmark.Report first = StoreBenchmark.run(settings, QUIET);
        assertLoadedAndMatched(first, population);
        assertEquals(settings.batches(), first.match().batches().size(), "the warm-up batch is matched but not counted");

        final StoreBenchmark.Report second = StoreBenchmark.run(settings, QUIET);
        assertTrue(second.load().reused(), "the kept store is reused");
        assertSameStart(first, second);
        return first;
    }

    private StoreBenchmark.Settings settings(final StoreBenchmark.Store store, final int population, final boolean reload) {
        return new StoreBenchmark.Settings(store, population, 500, 1, 2, 200, 0.3, 2, 1, directory, reload, true, "", false,
                PostgresServer.defaultRoot());
    }

    private static void assertLoadedAndMatched(final StoreBenchmark.Report report, final int population) {
        assertFalse(report.load().reused(), "the first run loads");
        final StoreStatistics loaded = report.load().statistics();
        assertEquals(population, loaded.members(), "every loaded person is a member");
        assertTrue(loaded.entities() > population * 0.99 && loaded.entities() <= population, "distinct people, distinct entities: " + loaded);
        assertTrue(loaded.bytesOnDisk() > 0, loaded.toString());
        assertEquals(loaded, withoutSize(report.match().before(), loaded.bytesOnDisk()), "the run matches against the loaded store");

        final List<StoreBenchmark.BatchResult> batches = report.match().batches();
        assertEquals(2, batches.size());
        for (final StoreBenchmark.BatchResult batch : batches) {
            assertEquals(200, batch.records());
            assertEquals(60, batch.quality().duplicates(), "30 % copies of stored people");
            assertTrue(batch.recordsPerSecond() > 0, batch.toString());
            assertTrue(batch.timings().containsKey(TimedEntityStore.WRITE) && batch.timings().containsKey(TimedEntityStore.COMMIT),
                    batch.timings().keySet().toString());
            assertTrue(batch.timings().keySet().stream().anyMatch(label -> label.startsWith("findKeys ← EntityResolver")),
                    "reads are labelled with the resolver's step: " + batch.timings().keySet());
            assertTrue(batch.readSeconds() > 0 && batch.writeSeconds() > 0 && batch.inMemorySeconds() > 0, batch.toString());
        }
        final StoreBenchmark.Quality quality = report.match().quality();
        assertTrue(quality.recall() >= 0.9, "copies found: " + quality);
        assertTrue(quality.precision() >= 0.95, "copies found: " + quality);
        final StoreStatistics after = report.match().after();
        assertEquals(loaded.members() + 600, after.members(), "each batch record (the warm-up batch's too) is a new member");
        assertTrue(after.entities() - loaded.entities() >= 375 && after.entities() - loaded.entities() <= 420,
                "the new people (420) are new entities, the copies are not: " + after);
    }

    /** Two runs start from equal stores and find the same copies: the first run's commits stayed out of the kept store. */
    private static void assertSameStart(final StoreBenchmark.Report first, final StoreBenchmark.Report second) {
        final StoreStatistics before = second.match().before();
        assertEquals(withoutSize(first.match().before(), 0), withoutSize(before, 0));
        assertEquals(first.match().quality(), second.match().quality());
    }

    private static StoreStatistics withoutSize(final StoreStatistics statistics, final long bytesOnDisk) {
        return new StoreStatistics(statistics.entities(), statistics.members(), statistics.keys(), statistics.events(), bytesOnDisk);
    }
}
