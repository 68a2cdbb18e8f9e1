package dev.nificrm.store;

import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.nificrm.store.EntityStoreContractTest.batch;
import static dev.nificrm.store.EntityStoreContractTest.commit;
import static dev.nificrm.store.EntityStoreContractTest.resolver;
import static dev.nificrm.store.StoreInspection.Outcome.FAILED;
import static dev.nificrm.store.StoreInspection.Outcome.PASSED;
import static dev.nificrm.store.StoreInspection.Outcome.SKIPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the store services' "Verify" shows, on real SQLite files and a real PostgreSQL server: what enabling will find
 * and do, and that looking changes nothing.
 */
@ExtendWith(PostgresExtension.class)
class StoreInspectionTest {
    @TempDir
    Path directory;

    private static final String[] ROBERT = {"1", "Robert", "Smith", "bob.smith@example.com", "(415) 555-0101", "1980-04-02"};
    private static final String[] WEI = {"2", "Wei", "Chen", "wei@chen.net", "(312) 555-0111", "1990-11-30"};
    private static final String[] ANA = {"7", "Ana", "Lima", "ana@lima.example", "(212) 555-0199", "1975-01-15"};

    private static Map<String, StoreInspection.Check> bySteps(final List<StoreInspection.Check> checks) {
        return checks.stream().collect(Collectors.toMap(StoreInspection.Check::step, Function.identity()));
    }

    private static void assertCheck(final StoreInspection.Check check, final StoreInspection.Outcome outcome, final String... phrases) {
        assertEquals(outcome, check.outcome(), check.explanation());
        for (final String phrase : phrases) {
            assertTrue(check.explanation().contains(phrase), () -> "'" + phrase + "' missing from: " + check.explanation());
        }
    }

    @Test
    void aStoreNotCreatedYetIsCreatedOnEnableAndLookingCreatesNothing() {
        final Path storeDirectory = directory.resolve("not/yet");
        final Map<String, StoreInspection.Check> checks = bySteps(StoreInspection.embedded(storeDirectory.resolve("entity-store.db")));
        assertCheck(checks.get("Store Directory"), PASSED, "does not exist yet: enabling creates it", "GB free");
        assertCheck(checks.get("Store Database"), SKIPPED, "enabling creates entity-store.db (schema version 9)");
        assertCheck(checks.get("Key Index"), SKIPPED);
        assertFalse(Files.exists(directory.resolve("not")));
    }

    @Test
    void aStoreClosedCleanlyOpensAtOnceAndShowsWhatItHolds() throws IOException {
        final Path file = directory.resolve("entity-store.db");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            commit(resolver(store), batch(EntityStoreContractTest.PERSON_MATCHER, "salesforce", ROBERT, WEI));
            commit(resolver(store), batch(EntityStoreContractTest.PERSON_MATCHER, "hubspot", ANA));
        }
        final List<String> before = listing(directory);
        final Map<String, StoreInspection.Check> checks = bySteps(StoreInspection.embedded(file));
        assertCheck(checks.get("Store Directory"), PASSED, "is writable");
        assertCheck(checks.get("Store Database"), PASSED, "Schema version 9 (this nifi-crm's)", "3 customers", "3 source records",
                "(salesforce 2, hubspot 1)", "3 history events", "MB on disk");
        assertCheck(checks.get("Key Index"), PASSED, "enabling opens it at once", "Key log: 2 rows", "(compaction not due)");
        assertEquals(before, listing(directory), "looking changed the store's files");
    }

    /** Customers erased on request are counted among the customers, their source records are not. */
    @Test
    void customersErasedOnRequestAreCounted() throws StoreConflictException {
        final Path file = directory.resolve("entity-store.db");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            final Resolution robertAndWei = commit(resolver(store), batch(EntityStoreContractTest.PERSON_MATCHER, "salesforce", ROBERT, WEI));
            assertFalse(bySteps(StoreInspection.embedded(file)).get("Store Database").explanation().contains("erased"));
            store.erase(List.of(robertAndWei.goldenId(0))).pendingWrite().commit();
        }
        assertCheck(bySteps(StoreInspection.embedded(file)).get("Store Database"), PASSED,
                "2 customers (entities; 0 more merged into others; 1 erased on request), 1 source records (salesforce 1)");
    }

    /** Space freed inside the file (by compacting the key log) is shown, with how to give it back. */
    @Test
    void freeSpaceInsideTheFileIsShown() throws Exception {
        final Path file = directory.resolve("entity-store.db");
        JdbcEntityStore.sqlite(file).close();
        assertFalse(bySteps(StoreInspection.embedded(file)).get("Store Database").explanation().contains("free space inside"));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = connection.createStatement()) {
            statement.execute("create table freed (content blob)");
            statement.execute("insert into freed values (zeroblob(2000000))");
            statement.execute("drop table freed");
        }
        assertCheck(bySteps(StoreInspection.embedded(file)).get("Store Database"), PASSED, "1.9 MB of it free space inside the file",
                "VACUUM with the service disabled");
    }

    /**
     * The webhook signatures' file beside the store's database is shown, with how many claims are live (counts, never
     * digests), and its size is in the store's size on disk.
     */
    @Test
    void theWebhookSignaturesFileIsShownAndCountedOnDisk() throws IOException {
        final Path file = directory.resolve("entity-store.db");
        final Path signatures = JdbcEntityStore.signatureFile(file);
        final long now = System.currentTimeMillis();
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            commit(resolver(store), batch(EntityStoreContractTest.PERSON_MATCHER, "salesforce", ROBERT));
            assertCheck(bySteps(StoreInspection.embedded(file)).get("Webhook Signatures"), SKIPPED, "No webhook signature claimed yet",
                    "the first claim creates entity-store.db-signatures");
            final long withoutSignatures = store.statistics().bytesOnDisk();
            assertTrue(store.claimSignature(new byte[] {1}, now + 3_600_000, now));
            assertTrue(store.claimSignature(new byte[] {2}, now + 3_600_000, now));
            // expired a second ago, forgotten by a claim a minute after that
            assertTrue(store.claimSignature(new byte[] {3}, now - 1_000, now - 2_000));
            assertTrue(Files.exists(signatures));
            // the claims' file is checkpointed on a thread of its own after each claim, growing it meanwhile: its size is
            // compared at a moment it stood still, read the same before and after the store's statistics
            long claimsBefore;
            long onDisk;
            long claimsAfter = sizeWithLog(signatures);
            do {
                claimsBefore = claimsAfter;
                onDisk = store.statistics().bytesOnDisk();
                claimsAfter = sizeWithLog(signatures);
            } while (claimsAfter != claimsBefore);
            assertEquals(withoutSignatures + claimsBefore, onDisk);
        }
        final List<String> before = listing(directory);
        assertCheck(bySteps(StoreInspection.embedded(file)).get("Webhook Signatures"), PASSED, "entity-store.db-signatures holds 2 live "
                + "webhook signature claims (1 expired, forgotten by a claim a minute after their expiry)", "MB on disk");
        assertEquals(before, listing(directory), "looking changed the signatures' files");
    }

    private static long sizeWithLog(final Path file) throws IOException {
        final Path log = file.resolveSibling(file.getFileName() + "-wal");
        return Files.size(file) + (Files.exists(log) ? Files.size(log) : 0);
    }

    @Test
    void anIndexThatIsMissingIsBuiltOnEnable() throws IOException {
        final Path file = directory.resolve("entity-store.db");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            commit(resolver(store), batch(EntityStoreContractTest.PERSON_MATCHER, "salesforce", ROBERT, WEI));
        }
        deleteTree(JdbcEntityStore.keyIndexDirectory(file));
        assertCheck(bySteps(StoreInspection.embedded(file)).get("Key Index"), PASSED, "No index in", "enabling builds it from the database first",
                "2 source records");
    }

    /** NiFi's Verify reads the index's files against the checksums written when it was closed: a byte changed since is found. */
    @Test
    void anIndexChangedSinceItWasClosedIsBuiltOnEnable() throws IOException {
        final Path file = directory.resolve("entity-store.db");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            commit(resolver(store), batch(EntityStoreContractTest.PERSON_MATCHER, "salesforce", ROBERT, WEI));
        }
        assertCheck(bySteps(StoreInspection.embedded(file)).get("Key Index"), PASSED, "enabling opens it at once");
        final Path records = JdbcEntityStore.keyIndexDirectory(file).resolve("member-records");
        final byte[] bytes = Files.readAllBytes(records);
        bytes[10] ^= 0x5A;
        Files.write(records, bytes);
        assertCheck(bySteps(StoreInspection.embedded(file)).get("Key Index"), PASSED, "was closed cleanly but its file member-records changed "
                + "since the index was closed", "enabling builds it from the database first", "2 source records");
    }

    /**
     * A store directory another service of this NiFi has open is refused; looking at its lock does not take it from the
     * service (which still writes, and still keeps a second store out).
     */
    @Test
    void aStoreOpenInAnotherServiceFailsAndKeepsItsLock() {
        final Path file = directory.resolve("entity-store.db");
        try (EntityStore open = JdbcEntityStore.sqlite(file)) {
            commit(resolver(open), batch(EntityStoreContractTest.PERSON_MATCHER, "salesforce", ROBERT));
            assertCheck(bySteps(StoreInspection.embedded(file)).get("Key Index"), FAILED, "is open in another entity store service",
                    "share that service between processors");
            commit(resolver(open), batch(EntityStoreContractTest.PERSON_MATCHER, "salesforce", WEI));
            final EntityStoreException refused = assertThrows(EntityStoreException.class,
                    () -> KeyIndex.open(JdbcEntityStore.keyIndexDirectory(file)).close());
            assertTrue(refused.getMessage().contains("is open in another entity store"), refused.getMessage());
        }
    }

    @Test
    void aStoreOfANewerVersionOrAFileThatIsNoStoreFails() throws Exception {
        final Path file = directory.resolve("entity-store.db");
        JdbcEntityStore.sqlite(file).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = connection.createStatement()) {
            statement.execute("insert into crm_schema_version (version, description, applied_at) values (10, 'future', 'now')");
        }
        assertCheck(bySteps(StoreInspection.embedded(file)).get("Store Database"), FAILED, "schema version 10, newer than the 9");

        final Path garbage = directory.resolve("other/entity-store.db");
        Files.createDirectories(garbage.getParent());
        Files.writeString(garbage, "name,email\nRobert,bob@example.com\n".repeat(200));
        assertCheck(bySteps(StoreInspection.embedded(garbage)).get("Store Database"), FAILED, "Could not read");

        final Path notADirectory = directory.resolve("a-file");
        Files.writeString(notADirectory, "x");
        assertCheck(bySteps(StoreInspection.embedded(notADirectory.resolve("entity-store.db"))).get("Store Directory"), FAILED,
                "is a file, not a directory");
    }

    @Test
    void aPostgresStoreOnAnotherNodeIsBuiltThereAndCaughtUpHere(final PostgresServer server) throws SQLException {
        final PostgresDatabase database = server.createDatabase("inspected");
        final DataSourceConnections connections = new DataSourceConnections(database.dataSource());
        final Path nodeA = directory.resolve("node-a");
        final Path nodeB = directory.resolve("node-b");

        final Map<String, StoreInspection.Check> empty = bySteps(StoreInspection.shared(connections, nodeA));
        assertCheck(empty.get("Database Connection"), PASSED, "PostgreSQL ", "database " + database.name());
        assertCheck(empty.get("Store Database"), SKIPPED, "enabling creates its tables (schema version 10)");
        assertCheck(empty.get("Key Index Directory"), PASSED, "does not exist yet");
        assertFalse(Files.exists(nodeA));

        try (EntityStore store = JdbcEntityStore.postgres(connections, "node A", nodeA)) {
            commit(resolver(store), batch(EntityStoreContractTest.PERSON_MATCHER, "salesforce", ROBERT, WEI));
        }
        final Map<String, StoreInspection.Check> onA = bySteps(StoreInspection.shared(connections, nodeA));
        assertCheck(onA.get("Store Database"), PASSED, "Schema version 10", "2 customers", "(salesforce 2)");
        assertCheck(onA.get("Key Index"), PASSED, "enabling opens it at once", "Key log: 1 rows");
        assertCheck(bySteps(StoreInspection.shared(connections, nodeB)).get("Key Index"), PASSED, "No index in",
                "enabling builds it from the database first");

        try (EntityStore store = JdbcEntityStore.postgres(connections, "node B", nodeB)) {
            commit(resolver(store), batch(EntityStoreContractTest.PERSON_MATCHER, "hubspot", ANA));
        }
        assertCheck(bySteps(StoreInspection.shared(connections, nodeA)).get("Key Index"), PASSED, "enabling opens it at once",
                "takes in the 1 key log rows other nodes wrote since");
    }

    @Test
    void aPostgresUserWhoMayNotCreateTheTablesFails(final PostgresServer server) throws SQLException {
        final PostgresDatabase database = server.createDatabase("readonly");
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create role store_reader login");
            statement.execute("revoke create on schema public from public");
        }
        final PostgresDatabase asReader = new PostgresDatabase(database.name(), database.jdbcUrl(), "store_reader", "");
        assertCheck(bySteps(StoreInspection.shared(new DataSourceConnections(asReader.dataSource()), directory)).get("Store Database"), FAILED,
                "may not create tables in the schema");
    }

    @Test
    void aConnectionPoolThatGivesNoConnectionFails() {
        final ConnectionSource broken = new ConnectionSource() {
            @Override
            public Connection borrow() throws SQLException {
                throw new SQLException("Connection refused");
            }

            @Override
            public void release(final Connection connection) {
            }

            @Override
            public void close() {
            }
        };
        final List<StoreInspection.Check> checks = StoreInspection.shared(broken, directory);
        assertEquals(1, checks.size());
        assertCheck(checks.get(0), FAILED, "The connection pool gave no connection: Connection refused");
    }

    private static List<String> listing(final Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(path -> {
                try {
                    return root.relativize(path) + " " + Files.size(path) + " " + Files.getLastModifiedTime(path).toMillis();
                } catch (final IOException e) {
                    throw new IllegalStateException(e);
                }
            }).sorted().toList();
        }
    }

    private static void deleteTree(final Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (final Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
