package dev.nificrm.store;

import dev.nificrm.StoredText;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The entity store contract on a real PostgreSQL server, started by the build; every store a database of its own, and
 * every store opened as if on a NiFi node of its own (a key index directory of its own). The cases about migrating a
 * store, and every store given its connections ({@link #newStore(UnaryOperator)}), start from an empty database; the
 * others from a copy of one a store was opened on ({@link MigratedTemplate}), which skips running the migrations again.
 */
@ExtendWith(PostgresExtension.class)
class PostgresEntityStoreTest extends EntityStoreContractTest {
    private final Map<EntityStore, PostgresDatabase> databases = new HashMap<>();
    private final Map<EntityStore, Path> nodeOf = new HashMap<>();
    private PostgresServer server;
    private int stores;
    private int nodes;
    private boolean fromEmpty;
    @TempDir
    Path nodeDisks;

    @BeforeEach
    void server(final PostgresServer postgres, final TestInfo test) {
        this.server = postgres;
        this.fromEmpty = test.getTestMethod().map(method -> method.getName().startsWith("migrating")).orElse(true);
    }

    /**
     * The options of the PostgreSQL driver every connection to the test's databases carries in its URL, as an operator's
     * pool URL may (the PostgreSQLEntityStore page recommends {@code prepareThreshold=-1}); none here.
     */
    protected String urlOptions() {
        return "";
    }

    /**
     * A new database, connected to with {@link #urlOptions()}: empty for the cases about migrating a store, else with a
     * store's tables already created (empty).
     */
    private PostgresDatabase createDatabase(final String label) throws SQLException {
        return (fromEmpty ? server.createDatabase(label) : MigratedTemplate.createDatabase(server, label)).withUrlOptions(urlOptions());
    }

    @Override
    protected EntityStore newStore() {
        try {
            final PostgresDatabase database = createDatabase("store" + stores++);
            final EntityStore store = open(database);
            databases.put(store, database);
            return store;
        } catch (final SQLException e) {
            throw new IllegalStateException("Could not create a test database", e);
        }
    }

    @Override
    protected EntityStore newStore(final UnaryOperator<ConnectionSource> connections) throws SQLException {
        final PostgresDatabase database = server.createDatabase("store" + stores++).withUrlOptions(urlOptions());
        final EntityStore store = JdbcEntityStore.postgres(connections.apply(new DataSourceConnections(database.dataSource())),
                "PostgreSQL store " + database.name(), nodeDisks.resolve("node-" + nodes++));
        databases.put(store, database);
        return store;
    }

    @Override
    protected int sourceIdsMigration() {
        return 9;
    }

    @Override
    protected int openFieldsMigration() {
        return 10;
    }

    @Override
    protected EntityStore reopenAfter(final EntityStore store, final String... statements) throws SQLException {
        final PostgresDatabase database = databases.get(store);
        store.close();
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (final String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
        return reopen(store);
    }

    @Override
    protected Map<String, byte[]> contentsAfterClosing(final EntityStore store) throws Exception {
        final Map<String, byte[]> contents = new java.util.TreeMap<>();
        readNodeFiles("open: ", contents);
        store.close();
        readNodeFiles("closed: ", contents);
        readTables(databases.get(store), contents);
        return contents;
    }

    /** The database's rows and the key index files of every node opened on that database (not those of other tests' databases). */
    @Override
    protected Map<String, byte[]> contents(final EntityStore store) throws Exception {
        final PostgresDatabase database = databases.get(store);
        final Map<String, byte[]> contents = new java.util.TreeMap<>();
        final java.util.Set<Path> nodesOfDatabase = new java.util.HashSet<>();
        nodeOf.forEach((node, disk) -> {
            if (databases.get(node) == database) {
                nodesOfDatabase.add(disk);
            }
        });
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(nodeDisks)) {
            for (final Path path : (Iterable<Path>) all.filter(java.nio.file.Files::isRegularFile)::iterator) {
                if (nodesOfDatabase.stream().anyMatch(path::startsWith)) {
                    contents.put(nodeDisks.relativize(path).toString(), StoredText.read(path));
                }
            }
        }
        readTables(database, contents);
        return contents;
    }

    /** Fewer than the embedded store's: every step is checked on two nodes, and the end reads both nodes' index files. */
    @Override
    protected int erasureSteps() {
        return 20;
    }

    @Override
    protected EntityStore restart(final EntityStore store) {
        final PostgresDatabase database = databases.get(store);
        final Path node = nodeOf.get(store);
        store.close();
        final EntityStore reopened = JdbcEntityStore.postgres(new DataSourceConnections(database.dataSource()), "PostgreSQL store " + database.name(), node);
        databases.put(reopened, database);
        nodeOf.put(reopened, node);
        return reopened;
    }

    /** Every table's rows as text, the key log's and base's entries as bytes. */
    private static void readTables(final PostgresDatabase database, final Map<String, byte[]> contents) throws SQLException {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            final List<String> tables = new ArrayList<>();
            try (java.sql.ResultSet rows = statement.executeQuery("select table_name from information_schema.tables "
                    + "where table_schema = current_schema() and table_name like 'crm\\_%'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (final String table : tables) {
                final StringBuilder text = new StringBuilder();
                try (java.sql.ResultSet rows = statement.executeQuery("select t::text from " + table + " t")) {
                    while (rows.next()) {
                        text.append(rows.getString(1)).append('\n');
                    }
                }
                contents.put(table, text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            for (final String binary : List.of("select entries from crm_key_log", "select entries from crm_key_base")) {
                try (java.sql.ResultSet rows = statement.executeQuery(binary)) {
                    for (int row = 0; rows.next(); row++) {
                        contents.put(binary + " #" + row, rows.getBytes(1));
                    }
                }
            }
        }
    }

    /** Every node's key index files. */
    private void readNodeFiles(final String state, final Map<String, byte[]> contents) throws java.io.IOException {
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(nodeDisks)) {
            for (final Path path : (Iterable<Path>) all.filter(java.nio.file.Files::isRegularFile)::iterator) {
                contents.put(state + nodeDisks.relativize(path), StoredText.read(path));
            }
        }
    }

    @Override
    protected String blob(final byte[] bytes) {
        return "'\\x" + java.util.HexFormat.of().formatHex(bytes) + "'::bytea";
    }

    @Override
    protected EntityStore reopen(final EntityStore store) {
        final PostgresDatabase database = databases.get(store);
        final EntityStore reopened = open(database);
        databases.put(reopened, database);
        return reopened;
    }

    @Override
    protected EntityStore secondWriter(final EntityStore store) {
        return track(reopen(store));
    }

    /**
     * A writer holds the writers' turn, and its connection, from its write to its commit, while other writers wait for
     * the turn holding theirs: with a pool no larger than the writers, a writer that needed a second connection meanwhile
     * would wait on writers waiting on it. This store refuses any thread a second connection; a write that is shown
     * another writer's records in its blocks still goes through, in one attempt.
     */
    @Test
    void aWriterNeedsNoSecondConnectionWhileItHoldsTheTurn() throws Exception {
        final PostgresDatabase database = createDatabase("store" + stores++);
        final DataSourceConnections plain = new DataSourceConnections(database.dataSource());
        final ThreadLocal<int[]> held = ThreadLocal.withInitial(() -> new int[1]);
        final ConnectionSource onePerThread = new ConnectionSource() {
            @Override
            public Connection borrow() throws SQLException {
                if (held.get()[0] > 0) {
                    throw new SQLException("A second connection for one thread");
                }
                final Connection connection = plain.borrow();
                held.get()[0]++;
                return connection;
            }

            @Override
            public void release(final Connection connection) {
                held.get()[0]--;
                plain.release(connection);
            }

            @Override
            public void close() {
                plain.close();
            }
        };
        final EntityStore store = track(JdbcEntityStore.postgres(onePerThread, "PostgreSQL store " + database.name(),
                nodeDisks.resolve("node-" + nodes++)));
        final String[][][] customers = neighbouringCustomers();
        final List<Integer> joined = Collections.synchronizedList(new ArrayList<>());
        final Resolution first = resolver(store).resolve(batch(PERSON_MATCHER, "sf", customers[0]));
        final Resolution second = writeWhileAnotherIsPending(store, first, batch(PERSON_MATCHER, "hs", customers[1]), joined);
        assertEquals(1, second.getAttempts());
        assertTrue(joined.stream().mapToInt(Integer::intValue).sum() >= customers[0].length, "the check saw the records that joined: " + joined);
        assertEquals(2L * customers[0].length, store.statistics().entities());
    }

    /**
     * A record linked into a stored customer updates its entity's member count: the new version of the row is written on
     * its own page, beside the old one (a heap-only update, no index touched), even on a page filled by the entities
     * created with it. Without the room schema version 7 leaves, the first page is full and the version moves away.
     */
    @Test
    void linkingIntoAStoredCustomerUpdatesItsEntityOnItsOwnPage() throws SQLException {
        final EntityStore store = track(newStore());
        final EntityResolver resolver = resolver(store);
        final String[][] people = new String[300][];
        final java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < people.length; i++) {
            final String given = word(random, 7);
            final String family = word(random, 9);
            people[i] = new String[] {"p" + i, given, family, given + "." + family + "@" + word(random, 6) + ".example",
                String.format("(%03d) 555-%04d", 200 + random.nextInt(700), random.nextInt(10_000)),
                (1940 + random.nextInt(60)) + "-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10)};
        }
        final Resolution first = commit(resolver, batch(PERSON_MATCHER, "crm", people));
        assertEquals(people.length, first.getNewEntities(), "the generated people are distinct");
        assertTrue(pagesOfEntities(store) > 1, "the first page is filled, and the next ones");
        // a customer whose entity is on the first page (a batch's entities are inserted in golden id order)
        int person = 0;
        while (pageOf(store, first.goldenId(person)) != 0) {
            person++;
        }
        final String goldenId = first.goldenId(person);

        final String[] copy = people[person].clone();
        copy[0] = "web-1";
        final Resolution linked = commit(resolver, batch(PERSON_MATCHER, "web", copy));
        assertEquals(goldenId, linked.goldenId(0));
        assertEquals(2, store.findEntities(List.of(goldenId)).get(goldenId).memberCount());
        assertEquals(0, pageOf(store, goldenId), "the updated entity stays on its page");
    }

    private static String word(final java.util.Random random, final int length) {
        final StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append((char) ((i == 0 ? 'A' : 'a') + random.nextInt(26)));
        }
        return word.toString();
    }

    private long pageOf(final EntityStore store, final String goldenId) throws SQLException {
        try (Connection connection = databases.get(store).dataSource().getConnection();
             java.sql.PreparedStatement select = connection.prepareStatement("select (ctid::text::point)[0] from crm_entity where golden_id = ?")) {
            select.setString(1, goldenId);
            try (java.sql.ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private long pagesOfEntities(final EntityStore store) throws SQLException {
        try (Connection connection = databases.get(store).dataSource().getConnection(); Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("select count(distinct (ctid::text::point)[0]) from crm_entity")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Another node takes an erasure in from the key log (its index then keeps an empty record, of no layout): reading the
     * erased member by number there answers none, as on the erasing node, instead of failing on the missing layout.
     */
    @Test
    void anotherNodeReadsAnErasedMemberAsNone() throws Exception {
        final PostgresDatabase database = createDatabase("two-nodes-erasure");
        try (EntityStore first = open(database); EntityStore second = open(database)) {
            final String zebsId = commit(resolver(first), batch(PERSON_MATCHER, "sf",
                    new String[] {"z1", "Zebediah", "Quaxley", "zeb@quaxley.example", "(415) 555-0177", "1966-06-06"},
                    new String[] {"w2", "Wei", "Chen", "wei@chen.net", "(312) 555-0111", "1990-11-30"})).goldenId(0);
            final long zebsMember = first.findMembers(List.of(new SourceKey("sf", "z1")), List.of()).values().iterator().next().memberId();
            assertEquals(zebsId, second.findMembersById(new long[] {zebsMember}, List.of("email"))[0].goldenId(), "the second node has him");
            first.erase(List.of(zebsId)).pendingWrite().commit();
            assertNull(first.findMembersById(new long[] {zebsMember}, List.of("email"))[0], "the erasing node");
            assertNull(second.findMembersById(new long[] {zebsMember}, List.of("email"))[0], "the other node");
        }
    }

    /**
     * An erasure reaches a node that neither reads nor writes (a standby) within its catch-up interval: node B read the
     * customer, and after a restart its key index files on disk hold his records; node A erases him; B, left alone, takes
     * the erasure in by itself (from the key log, or from its base when the erasure's compaction came first) and its files
     * no longer hold his records, telling its listener how many rows it took in.
     */
    @Test
    void anIdleNodeForgetsAnErasedCustomerWithinItsCatchUpInterval() throws Exception {
        final PostgresDatabase database = createDatabase("idle-node-erasure");
        final Path nodeB = nodeDisks.resolve("node-b");
        final Duration interval = Duration.ofMillis(200);
        final List<Long> rowsTakenIn = Collections.synchronizedList(new ArrayList<>());
        final CatchUpListener listener = new CatchUpListener() {
            @Override
            public void caughtUp(final long rows, final long millis) {
                rowsTakenIn.add(rows);
            }

            @Override
            public void failed(final EntityStoreException failure) {
                throw new AssertionError("the catch-up failed", failure);
            }
        };
        try (EntityStore first = open(database)) {
            final String zebsId = commit(resolver(first), batch(PERSON_MATCHER, "sf",
                    new String[] {"ERASE-ME-Z1", "Zebediah", "Quaxley", "zebediah.quaxley@erase.example", "(415) 555-0177", "1966-06-06"},
                    new String[] {"KEEP-W2", "Wei", "Chen", "wei@chen.net", "(312) 555-0111", "1990-11-30"})).goldenId(0);
            final long zebsMember = first.findMembers(List.of(new SourceKey("sf", "ERASE-ME-Z1")), List.of()).values().iterator().next().memberId();
            try (EntityStore second = openNode(database, nodeB, interval, listener)) {
                assertEquals(zebsId, second.findMembersById(new long[] {zebsMember}, List.of("email"))[0].goldenId(), "node B read him");
            }
            try (EntityStore second = openNode(database, nodeB, interval, listener)) {
                assertTrue(StoredText.filesHold(nodeB, "quaxley"), "after its restart, node B's files hold his record");
                final long erasedAt = System.nanoTime();
                first.erase(List.of(zebsId)).pendingWrite().commit();

                // until B has told it caught up: building its index again empties its files before it fills them
                while ((rowsTakenIn.isEmpty() || StoredText.filesHold(nodeB, "quaxley")) && System.nanoTime() - erasedAt < TimeUnit.SECONDS.toNanos(60)) {
                    Thread.sleep(20);
                }
                final long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - erasedAt);
                // (B's files read once for every trace)
                final List<String> traces = List.of("ERASE-ME", "quaxley", "QUAXLEY", "zebediah", "erase.example", "4155550177");
                final List<String> held = StoredText.heldInFiles(nodeB, traces);
                for (final String trace : traces) {
                    assertFalse(held.contains(trace), "'" + trace + "' is still in node B's key index files " + tookMillis + " ms after the erasure");
                }
                // (the check reads B's files: they held his records after its restart; an index built again from the base keeps
                // Wei's record in memory until it next writes its files back)
                assertEquals(1, second.findMembers(List.of(new SourceKey("sf", "KEEP-W2")), List.of()).size(), "node B still finds Wei");
                // (the key mark counts its rebuilds too: B built its index again when the erasure compacted the log first)
                assertEquals(((JdbcEntityStore) first).keyLog().appliedSeq(), ((JdbcEntityStore) second).keyLog().appliedSeq(), "node B holds the whole log");
                // the erasure's row and the one changing nothing after it, which the compaction at the erasure's commit kept: B
                // took them in from the log or, the log compacted first, by building its index from the base
                assertEquals(List.of(2L), rowsTakenIn, "two rows, the erasure's and the last, taken in by itself");
            }
        }
    }

    /**
     * Nodes behind and ahead of an erasure that compacts the key log at its commit. Node B had taken in the log up to the
     * erasure and not the erasure: the compaction keeps the erasure's row, naming the erased records alone, and the row
     * after it, and B takes them in without building its index again, keeping every other customer (before, the rows it
     * lacked were compacted and it built its index from the base). Then an erasure left uncompacted, which B takes in, a
     * write of B after it, and a compaction by A through B's write: B goes on from its own row without building its index
     * again. Both nodes match the customers kept, the erased customers' own writes (which created them) stay rewritten
     * without them, and a copy of an erased customer is a new customer.
     */
    @Test
    void nodesBehindAndAheadOfACompactingErasureCatchUpAndKeepEveryOtherCustomer() throws Exception {
        final PostgresDatabase database = createDatabase("compacting-erasure-nodes");
        try (EntityStore first = open(database); EntityStore second = open(database)) {
            final String[] zeb = {"z1", "Zebediah", "Quaxley", "zeb@quaxley.example", "(415) 555-0177", "1966-06-06"};
            final String[] wei = {"w2", "Wei", "Chen", "wei@chen.net", "(312) 555-0111", "1990-11-30"};
            final String[] ann = {"a3", "Ann", "Lee", "ann@lee.org", "(212) 555-0123", "1971-01-01"};
            final Resolution stored = commit(resolver(first), batch(PERSON_MATCHER, "sf", zeb, wei, ann));
            final String zebsId = stored.goldenId(0);
            final String weisId = stored.goldenId(1);
            final String annsId = stored.goldenId(2);
            assertEquals(3, second.findMembers(List.of(new SourceKey("sf", "z1"), new SourceKey("sf", "w2"), new SourceKey("sf", "a3")),
                    List.of()).size(), "node B took the log in up to the erasure");
            final KeyLog secondsLog = ((JdbcEntityStore) second).keyLog();
            // a read of keys takes the log in (a read of members alone does not)
            second.findKeys(new long[] {1});
            assertEquals(((JdbcEntityStore) first).keyLog().appliedSeq(), secondsLog.appliedSeq());
            final long rebuildsBefore = secondsLog.rebuilds();

            first.erase(List.of(zebsId)).pendingWrite().commit();
            assertEquals(List.of(false, true, false), keysLeftOut(first),
                    "the compaction kept the write of the three, without Zeb, the erasure, naming the erased records alone, and the last row");
            assertEquals(annsId, commit(resolver(second), batch(PERSON_MATCHER, "hs", copy(ann, "h3"))).goldenId(0), "B matches Ann");
            assertEquals(rebuildsBefore, secondsLog.rebuilds(), "B, behind the compaction, took the erasure in from the log");
            assertEquals(weisId, commit(resolver(second), batch(PERSON_MATCHER, "hs", copy(wei, "h2"))).goldenId(0), "B matches Wei");
            final String zebAgain = commit(resolver(second), batch(PERSON_MATCHER, "hs", copy(zeb, "h1"))).goldenId(0);
            assertNotEquals(zebsId, zebAgain, "a copy of the erased customer is a new customer");

            first.erase(List.of(zebAgain), false).pendingWrite().commit();
            assertTrue(((JdbcEntityStore) first).keyEntries(false).size() > 1, "left uncompacted");
            assertEquals(annsId, commit(resolver(second), batch(PERSON_MATCHER, "web", copy(ann, "web3"))).goldenId(0),
                    "B took the erasure in and wrote after it");
            final long rebuildsAhead = secondsLog.rebuilds();
            assertTrue(first.compactKeyLog(false).compacted());
            assertEquals(List.of(false, true, false, false, false, false, true, false, false), keysLeftOut(first),
                    "every row stays, the erased customers' own writes without them; the erasures name the erased records alone");
            assertEquals(weisId, commit(resolver(second), batch(PERSON_MATCHER, "web", copy(wei, "web2"))).goldenId(0), "B matches Wei");
            assertEquals(rebuildsAhead, secondsLog.rebuilds(), "B, holding the row the compaction kept, went on from it");
            assertEquals(weisId, commit(resolver(first), batch(PERSON_MATCHER, "erp", copy(wei, "e2"))).goldenId(0), "A matches Wei");
            assertEquals(annsId, commit(resolver(first), batch(PERSON_MATCHER, "erp", copy(ann, "e3"))).goldenId(0), "A matches Ann");
        }
    }

    /** Per row of the key log, whether it is an erasure naming the erased records alone (its keys left out). */
    private static List<Boolean> keysLeftOut(final EntityStore store) {
        return ((JdbcEntityStore) store).keyEntries(false).stream().map(row -> KeyChanges.decode(row).keysLeftOut()).toList();
    }

    /**
     * What PostgreSQL keeps of an erased customer in the database's data files, as the PostgreSQLEntityStore page says:
     * after the erasure (and a checkpoint writing the pages out) the deleted row versions still hold the source id, the
     * folded name and the snapshot's email; a plain VACUUM leaves the bytes of a removed row in its page's free space (the
     * customer stored after another, so its row sits lower on the page and nothing moves over it) and in the source index;
     * VACUUM FULL of the tables the page lists rewrites them and their indexes, and no data file of the database holds any
     * of them. The customer kept is found in the files after all of it, so the check reads what it looks for.
     */
    @Test
    void anErasedCustomersRowsLeaveTheDataFilesWithVacuumFullNotWithVacuum() throws Exception {
        final PostgresDatabase database = createDatabase("dead-row-versions");
        try (EntityStore store = open(database)) {
            commit(resolver(store), batch(PERSON_MATCHER, "sf", new String[] {"KEEP-W2", "Wei", "Chen", "wei@chen.net", "(312) 555-0111", "1990-11-30"}));
            final String zebsId = commit(resolver(store), batch(PERSON_MATCHER, "sf",
                    new String[] {"ERASE-ME-Z1", "Zebediah", "Quaxley", "zebediah.quaxley@erase.example", "(415) 555-0177", "1966-06-06"})).goldenId(0);
            final ChangeSet snapshot = new ChangeSet(-1, store.readMark());
            snapshot.putSnapshot(zebsId, "hubspot", "{\"email\": \"zebediah.quaxley@erase.example\", \"last\": \"Quaxley\"}", 0);
            store.write(snapshot).commit();
            store.erase(List.of(zebsId)).pendingWrite().commit();
            final List<String> erased = List.of("erase-me-z1", "quaxley", "zebediah");

            final Map<String, List<String>> afterErasure = heldInDataFiles(database, erased);
            assertTrue(afterErasure.keySet().containsAll(List.of("crm_member", "crm_member_source", "crm_snapshot", "crm_event")), afterErasure.toString());
            vacuum(database, "vacuum crm_member, crm_snapshot, crm_event, crm_kept_apart, crm_key_log, crm_key_base");
            final Map<String, List<String>> afterVacuum = heldInDataFiles(database, erased);
            assertTrue(afterVacuum.keySet().containsAll(List.of("crm_member", "crm_member_source")), afterVacuum.toString());
            vacuum(database, "vacuum full crm_member, crm_snapshot, crm_event, crm_kept_apart, crm_key_log, crm_key_base");
            assertEquals(Map.of(), heldInDataFiles(database, erased));
            assertEquals(List.of("wei@chen.net"), heldInDataFiles(database, List.of("wei@chen.net")).get("crm_member"), "the check reads the files");
        }
    }

    private void vacuum(final PostgresDatabase database, final String sql) throws SQLException {
        try (Connection connection = server.connect(database.name()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Which of the texts each relation's data files (tables, their TOAST tables and indexes) hold, in lower case, after a
     * checkpoint has written every changed page to them.
     */
    private Map<String, List<String>> heldInDataFiles(final PostgresDatabase database, final List<String> texts) throws Exception {
        final Map<String, List<String>> held = new java.util.TreeMap<>();
        try (Connection connection = server.connect(database.name()); Statement statement = connection.createStatement()) {
            statement.execute("checkpoint");
            try (java.sql.ResultSet rows = statement.executeQuery("select relname, pg_relation_filepath(oid) from pg_class where relfilenode <> 0")) {
                while (rows.next()) {
                    final Path file = server.dataDirectory().resolve(rows.getString(2));
                    for (int segment = 0; java.nio.file.Files.exists(segment == 0 ? file : file.resolveSibling(file.getFileName() + "." + segment)); segment++) {
                        final String content = new String(java.nio.file.Files.readAllBytes(segment == 0 ? file : file.resolveSibling(file.getFileName() + "." + segment)),
                                java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
                        for (final String text : texts) {
                            if (content.contains(text)) {
                                held.computeIfAbsent(rows.getString(1), relation -> new ArrayList<>()).add(text);
                            }
                        }
                    }
                }
            }
        }
        return held;
    }

    /** A person's row with another id. */
    private static String[] copy(final String[] row, final String id) {
        final String[] copy = row.clone();
        copy[0] = id;
        return copy;
    }

    private static EntityStore openNode(final PostgresDatabase database, final Path node, final Duration catchUpInterval,
                                        final CatchUpListener listener) {
        return JdbcEntityStore.postgres(new DataSourceConnections(database.dataSource()), "PostgreSQL store " + database.name() + " on "
                + node.getFileName(), node, catchUpInterval, listener);
    }

    private EntityStore open(final PostgresDatabase database) {
        final Path node = nodeDisks.resolve("node-" + nodes++);
        final EntityStore store = JdbcEntityStore.postgres(new DataSourceConnections(database.dataSource()), "PostgreSQL store " + database.name(), node);
        nodeOf.put(store, node);
        return store;
    }
}
