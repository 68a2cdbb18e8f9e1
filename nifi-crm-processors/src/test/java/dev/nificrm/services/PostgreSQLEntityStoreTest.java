package dev.nificrm.services;

import dev.nificrm.DataSourceConnectionPool;
import dev.nificrm.RecordServices;
import dev.nificrm.StoredText;
import dev.nificrm.processors.MatchCRMRecord;
import dev.nificrm.store.SourceKey;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PostgreSQLEntityStore as NiFi enables it on the nodes of a cluster: two services (two nodes) on one real database. */
@ExtendWith(PostgresExtension.class)
class PostgreSQLEntityStoreTest {
    private static final Path DESCRIPTORS = Path.of("/proc/self/fd");
    @TempDir
    Path directory;

    /**
     * (The services' identifiers are this test's own: the catch-up threads are told apart by them, and other tests of the
     * same JVM leave services named "entity-store" enabled.)
     * <p>
     * A customer node A erases leaves node B's key index files within B's Key Index Catch-Up Interval, though no flow of
     * B reads or writes: B's service takes the erasure in by itself and logs the count of rows it took in, no value. Disabled,
     * it leaves no thread of its own behind, nor a file of its index open.
     */
    @Test
    void anIdleNodeForgetsACustomerAnotherNodeErasedWithinItsCatchUpInterval(final PostgresServer server) throws Exception {
        final PostgresDatabase database = server.createDatabase("idle-node");
        final TestRunner nodeA = TestRunners.newTestRunner(MatchCRMRecord.class);
        final PostgreSQLEntityStore storeA = store(nodeA, "idle-node-a", database, directory.resolve("node-a"), null);
        RecordServices.useJsonReader(nodeA);
        RecordServices.useJsonWriter(nodeA);
        nodeA.setProperty(MatchCRMRecord.ENTITY_STORE, "idle-node-a");
        nodeA.setProperty(MatchCRMRecord.SOURCE_SYSTEM, "crm");
        nodeA.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/Id");
        nodeA.setProperty("first_name", "/FirstName");
        nodeA.setProperty("last_name", "/LastName");
        nodeA.setProperty("email", "/Email");
        nodeA.enqueue("[{\"Id\": \"ERASE-ME-1\", \"FirstName\": \"Zebediah\", \"LastName\": \"Quaxley\", \"Email\": \"zebediah.quaxley@erase.example\"},"
                + "{\"Id\": \"KEEP-2\", \"FirstName\": \"Wei\", \"LastName\": \"Chen\", \"Email\": \"wei@chen.net\"}]");
        nodeA.run();
        final SourceKey his = new SourceKey("crm", "ERASE-ME-1");
        final String goldenId = storeA.getEntityStore().findMembers(List.of(his), List.of()).get(his).goldenId();

        final Path nodeBIndex = directory.resolve("node-b");
        final TestRunner nodeB = TestRunners.newTestRunner(NoOpProcessor.class);
        final PostgreSQLEntityStore storeB = store(nodeB, "idle-node-b", database, nodeBIndex, "1 sec");
        assertEquals(goldenId, storeB.getEntityStore().findMembers(List.of(his), List.of()).get(his).goldenId(), "node B reads him");
        // a restart: B's index, holding his records, is written back to its files
        nodeB.disableControllerService(storeB);
        nodeB.enableControllerService(storeB);
        assertTrue(StoredText.filesHold(nodeBIndex, "quaxley"), "node B's files hold his records");

        final long erasedAt = System.nanoTime();
        storeA.getEntityStore().erase(List.of(goldenId)).pendingWrite().commit();
        // until B has logged its catch-up: building its index again (the erasure compacted the log) empties its files first
        // (B's log looked at first: its files, 64 MiB each, are read once it has logged, not at every turn of the wait)
        while ((nodeB.getControllerServiceLogger("idle-node-b").getDebugMessages().stream()
                .noneMatch(message -> message.getMsg().contains("took in {} key log rows")) || StoredText.filesHold(nodeBIndex, "quaxley"))
                && System.nanoTime() - erasedAt < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(50);
        }
        final long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - erasedAt);
        final List<String> traces = List.of("ERASE-ME", "quaxley", "zebediah", "erase.example");
        final List<String> held = StoredText.heldInFiles(nodeBIndex, traces);
        for (final String trace : traces) {
            assertFalse(held.contains(trace), "'" + trace + "' is still in node B's key index files " + tookMillis + " ms after the erasure");
        }
        // (the check reads B's files: they held his records before the erasure; an index built again from the base keeps
        // Wei's record in memory until it next writes its files back)
        assertEquals(1, storeB.getEntityStore().findMembers(List.of(new SourceKey("crm", "KEEP-2")), List.of()).size(), "node B still finds Wei");
        final List<LogMessage> logged = nodeB.getControllerServiceLogger("idle-node-b").getDebugMessages();
        final List<String> lines = logged.stream().map(message -> message.getMsg() + " " + Arrays.toString(message.getArgs())).toList();
        assertTrue(logged.stream().anyMatch(message -> message.getMsg().contains("took in {} key log rows")
                && Arrays.asList(message.getArgs()).contains(2L)), "the rows counted (the erasure's and the one after it): " + lines);
        assertTrue(lines.stream().noneMatch(line -> line.contains("uaxley") || line.contains("ERASE")), "no value: " + lines);
        assertTrue(nodeB.getControllerServiceLogger("idle-node-b").getWarnMessages().isEmpty());

        if (Files.isDirectory(DESCRIPTORS)) {
            assertTrue(openFilesUnder(nodeBIndex) > 0, "the check sees node B's open index files");
        }
        assertEquals(1, catchUpThreads(storeB), "node B catches up on a thread of its own");
        nodeB.disableControllerService(storeB);
        nodeA.disableControllerService(storeA);
        // the pool has ended when disabling returns; its thread may take a moment more to leave the JVM's list
        final long disabledAt = System.nanoTime();
        while (catchUpThreads(storeA) + catchUpThreads(storeB) > 0 && System.nanoTime() - disabledAt < TimeUnit.SECONDS.toNanos(10)) {
            Thread.sleep(20);
        }
        assertEquals(0, catchUpThreads(storeA) + catchUpThreads(storeB), "no catch-up thread is left");
        if (Files.isDirectory(DESCRIPTORS)) {
            assertEquals(0, openFilesUnder(nodeBIndex), "no file of node B's index is left open");
        }
    }

    /** The interval is a NiFi time period of 1 second to 1 hour. */
    @Test
    void theCatchUpIntervalIsATimePeriodOfOneSecondToOneHour(final PostgresServer server) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final PostgreSQLEntityStore store = new PostgreSQLEntityStore();
        runner.addControllerService("entity-store", store);
        runner.addControllerService("pool", new DataSourceConnectionPool(server.createDatabase("interval").dataSource()));
        runner.setProperty(store, PostgreSQLEntityStore.CONNECTION_POOL, "pool");
        runner.assertValid(store);
        for (final String refused : List.of("0 sec", "500 millis", "2 hours", "soon")) {
            runner.setProperty(store, PostgreSQLEntityStore.KEY_INDEX_CATCH_UP_INTERVAL, refused);
            runner.assertNotValid(store);
        }
        runner.setProperty(store, PostgreSQLEntityStore.KEY_INDEX_CATCH_UP_INTERVAL, "10 sec");
        runner.assertValid(store);
    }

    /**
     * As LookupRecord's lookup service, a coordinate with a NUL character (which PostgreSQL cannot store, so no record has
     * it) finds nothing: the record is LookupRecord's unmatched. Before, PostgreSQL's refusal (SQL state 22021) came out
     * as a LookupFailureException, on which LookupRecord fails the record's whole FlowFile.
     */
    @Test
    void aLookupCoordinatePostgreSQLCannotHoldFindsNothing(final PostgresServer server) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final PostgreSQLEntityStore store = store(runner, "lookup-store", server.createDatabase("lookup"), directory.resolve("index"), null);
        try {
            assertTrue(store.lookup(Map.of("system", "crm", "source_id", "003A\u0000B")).isEmpty());
            assertTrue(store.lookup(Map.of("system", "c\u0000rm", "source_id", "003A")).isEmpty());
            assertTrue(store.lookup(Map.of("golden_id", "0193\u0000")).isEmpty());
            assertTrue(store.lookup(Map.of("system", "crm", "source_id", "003A")).isEmpty(), "the store reads on after a refused value");
        } finally {
            runner.disableControllerService(store);
        }
    }

    private static PostgreSQLEntityStore store(final TestRunner runner, final String identifier, final PostgresDatabase database, final Path index,
                                               final String interval) throws InitializationException {
        final DataSourceConnectionPool pool = new DataSourceConnectionPool(database.dataSource());
        runner.addControllerService("pool", pool);
        runner.enableControllerService(pool);
        final PostgreSQLEntityStore store = new PostgreSQLEntityStore();
        runner.addControllerService(identifier, store);
        runner.setProperty(store, PostgreSQLEntityStore.CONNECTION_POOL, "pool");
        runner.setProperty(store, PostgreSQLEntityStore.KEY_INDEX_DIRECTORY, index.toString());
        if (interval != null) {
            runner.setProperty(store, PostgreSQLEntityStore.KEY_INDEX_CATCH_UP_INTERVAL, interval);
        }
        runner.enableControllerService(store);
        return store;
    }

    /** The live threads of a service's background catch-up. */
    private static long catchUpThreads(final PostgreSQLEntityStore service) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.isAlive()
                && thread.getName().startsWith("crm-entity-store-catch-up") && thread.getName().endsWith(service.getIdentifier())).count();
    }

    /** How many files under a directory this JVM has open (Linux: each is a link in {@link #DESCRIPTORS}). */
    private static long openFilesUnder(final Path directory) throws IOException {
        final Path real = directory.toRealPath();
        try (Stream<Path> open = Files.list(DESCRIPTORS)) {
            return open.filter(descriptor -> {
                try {
                    return Files.readSymbolicLink(descriptor).startsWith(real);
                } catch (final IOException e) {
                    // a descriptor closed while listed
                    return false;
                }
            }).count();
        }
    }
}
