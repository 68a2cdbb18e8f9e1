package dev.nificrm.store;

import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.nificrm.store.EntityStoreContractTest.BY_SURNAME;
import static dev.nificrm.store.EntityStoreContractTest.PERSON_MATCHER;
import static dev.nificrm.store.EntityStoreContractTest.batch;
import static dev.nificrm.store.EntityStoreContractTest.commit;
import static dev.nificrm.store.EntityStoreContractTest.resolver;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several NiFi nodes on one PostgreSQL database, each a store with a key index of its own (a directory of its own), as
 * a cluster runs them: one node compacts the key log while another is behind, stopped or fed at once with the same
 * customers; a node's index files go missing; a node erases a customer. Every node must then find the customers as one
 * node alone would (the same golden ids for the same records).
 */
@ExtendWith(PostgresExtension.class)
class PostgresNodesTest {
    private static final String[] SYLLABLES = ("an ber car den el fer gar han ing jor kel lam mar nor ol per quin ros sal tan ul "
            + "ven wil xan yor zel bro chi dra fen gro hil kov lin mor nak ost pra rid son tur vik wen").split(" ");
    private final List<EntityStore> opened = new ArrayList<>();
    /** The case whose database starts empty, so that its first node creates the store's tables. */
    private static final String FROM_EMPTY = "aNodeThatBuildsItsIndexFromACompactedLogHoldsTheLogAndWritesAtOnce";
    private PostgresServer server;
    private boolean fromEmpty;
    @TempDir
    Path disks;

    @BeforeEach
    void server(final PostgresServer postgres, final TestInfo test) {
        this.server = postgres;
        this.fromEmpty = test.getTestMethod().map(method -> FROM_EMPTY.equals(method.getName())).orElse(true);
    }

    /**
     * The options of the PostgreSQL driver every connection to the test's databases carries in its URL, as an operator's
     * pool URL may (the PostgreSQLEntityStore page recommends {@code prepareThreshold=-1}); none here.
     */
    protected String urlOptions() {
        return "";
    }

    /**
     * A new database, connected to with {@link #urlOptions()}: with a store's tables already created (empty), see
     * {@link MigratedTemplate}, but for the case {@link #FROM_EMPTY}, whose first node creates the store.
     */
    private PostgresDatabase createDatabase(final String label) throws SQLException {
        return (fromEmpty ? server.createDatabase(label) : MigratedTemplate.createDatabase(server, label)).withUrlOptions(urlOptions());
    }

    @AfterEach
    void close() {
        opened.forEach(EntityStore::close);
    }

    /** A node: the store on the database with its key index under a directory of the node's own. */
    private JdbcEntityStore node(final PostgresDatabase database, final String name) {
        return node(database, name, UnaryOperator.identity());
    }

    /** A node whose connections pass through {@code connections} (a {@link RefusedCommit}). */
    private JdbcEntityStore node(final PostgresDatabase database, final String name, final UnaryOperator<ConnectionSource> connections) {
        final JdbcEntityStore store = JdbcEntityStore.postgres(connections.apply(new DataSourceConnections(database.dataSource())),
                "PostgreSQL store " + database.name() + " on " + name, disks.resolve(name));
        opened.add(store);
        return store;
    }

    private void stop(final EntityStore node) {
        node.close();
        opened.remove(node);
    }

    /** Distinct people, numbered: each a name, an email, a phone and a birth date of their own. */
    static String[][] people(final int from, final int count) {
        final String[][] rows = new String[count][];
        for (int i = 0; i < count; i++) {
            final int person = from + i;
            final SplittableRandom random = new SplittableRandom(person);
            final String given = word(random, 2);
            final String family = word(random, 3);
            rows[i] = new String[] {"p" + person, given, family,
                given.toLowerCase(Locale.ROOT) + "." + family.toLowerCase(Locale.ROOT) + "@example.com",
                String.format(Locale.ROOT, "(%03d) 555-%04d", 200 + person % 700, person % 10_000),
                String.format(Locale.ROOT, "19%02d-%02d-%02d", 40 + random.nextInt(60), 1 + random.nextInt(12), 1 + random.nextInt(28))};
        }
        return rows;
    }

    private static String word(final SplittableRandom random, final int syllables) {
        final StringBuilder word = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** The same people as another CRM holds them: other source ids, the phone written otherwise. */
    static String[][] copies(final String system, final String[][] people) {
        final String[][] copies = new String[people.length][];
        for (int i = 0; i < people.length; i++) {
            copies[i] = people[i].clone();
            copies[i][0] = system + "-" + people[i][0];
            copies[i][4] = people[i][4].replaceAll("[()]", "").replace('-', ' ');
        }
        return copies;
    }

    /** The key log row a node's index holds (its key mark without the rebuilds). */
    private static long row(final EntityStore node) {
        return node.keyMark() & ((1L << 40) - 1);
    }

    private static List<String> goldenIds(final Resolution resolution) {
        final List<String> ids = new ArrayList<>();
        for (int record = 0; record < resolution.size(); record++) {
            ids.add(resolution.goldenId(record));
        }
        return ids;
    }

    /** What a node finds for copies of stored people (rolled back): their golden ids, each an existing customer. */
    /** A database with nodes A and B, forty generated people from {@code first}, the first thirty stored by A and read by B. */
    private record TwoNodes(PostgresDatabase database, JdbcEntityStore a, JdbcEntityStore b, String[][] people, List<String> ids) {
    }

    private TwoNodes twoNodesHoldingThirty(final String name, final int first) throws Exception {
        final PostgresDatabase database = createDatabase(name);
        final JdbcEntityStore a = node(database, "a");
        final JdbcEntityStore b = node(database, "b");
        final String[][] people = people(first, 40);
        final List<String> ids = new ArrayList<>(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 0, 30)))));
        assertEquals(ids, found(b, Arrays.copyOfRange(people, 0, 30)));
        return new TwoNodes(database, a, b, people, ids);
    }

    private static List<String> found(final EntityStore node, final String[][] people) {
        final Resolution resolution = resolver(node).resolve(batch(PERSON_MATCHER, "probe", copies("probe", people)));
        try {
            for (int record = 0; record < resolution.size(); record++) {
                assertNotEquals(EntityStatus.NEW, resolution.status(record), "person " + people[record][0] + " found on " + node.describe());
            }
            return goldenIds(resolution);
        } finally {
            resolution.pendingWrite().rollback();
        }
    }

    /**
     * A node that builds its key index from a compacted log to which nobody wrote since (it started afresh, or its index
     * was behind the base) holds the log through the base's row, as the compacting node does, and writes at once. Its
     * index held no row: every catch-up (each read, each write's turn, each idle interval) built it again from the whole
     * database, and a write read before the rebuild its turn did was told every block it read cannot say who joined: ten
     * attempts in conflict, the FlowFile retried, until another node wrote.
     */
    @Test
    void aNodeThatBuildsItsIndexFromACompactedLogHoldsTheLogAndWritesAtOnce() throws SQLException {
        final PostgresDatabase database = createDatabase("compacted-rebuild");
        final JdbcEntityStore a = node(database, "a");
        final String[][] people = people(0, 40);
        final Resolution stored = commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 0, 20)));
        final Resolution more = commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 20, 40)));
        final KeyLogCompaction compaction = a.compactKeyLog(false);
        assertTrue(compaction.compacted());

        final JdbcEntityStore b = node(database, "b");
        assertEquals(a.keyMark(), b.keyMark(), "the new node holds the log through the base's row, as the compacting node");
        final List<String> expected = new ArrayList<>(goldenIds(stored));
        expected.addAll(goldenIds(more));
        assertEquals(expected, found(b, people));
        assertEquals(a.keyMark(), b.keyMark(), "reading built nothing again");
        final Resolution linked = commit(resolver(b), batch(PERSON_MATCHER, "hs", copies("hs", people)));
        assertEquals(1, linked.getAttempts(), "the write went through at once");
        assertEquals(expected, goldenIds(linked));
        assertEquals(40, b.statistics().entities());
        assertEquals(80, b.statistics().members());
    }

    /**
     * Node B reads the store, then stays behind (its idle catch-up not due) while node A writes more people, changes some
     * emails and compacts the log past what B holds; B is then stopped, A writes and compacts again, and B restarts. At
     * each step B finds every stored person by a copy, by the new emails and not the old, as A does.
     */
    @Test
    void aNodeBehindACompactionOrRestartedAfterOneFindsEveryCustomer() throws SQLException {
        final PostgresDatabase database = createDatabase("behind-compaction");
        final JdbcEntityStore a = node(database, "a");
        JdbcEntityStore b = node(database, "b");
        final String[][] people = people(0, 60);
        final List<String> ids = new ArrayList<>(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 0, 30)))));
        assertEquals(ids, found(b, Arrays.copyOfRange(people, 0, 30)));
        final long bBehind = b.keyMark();

        ids.addAll(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 30, 45)))));
        for (int person = 0; person < 5; person++) {
            people[person][3] = "moved" + person + "@newjob.example";
        }
        assertEquals(ids.subList(0, 5), goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 0, 5)))));
        assertTrue(a.compactKeyLog(false).compacted());
        assertEquals(bBehind, b.keyMark(), "B did not take the rows in before they went");
        final String[][] stored = Arrays.copyOfRange(people, 0, 45);
        assertEquals(found(a, stored), found(b, stored));
        assertEquals(ids, found(b, stored));
        assertEquals(row(a), row(b), "B built its index again, up to the log");

        stop(b);
        ids.addAll(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 45, 60)))));
        for (int person = 5; person < 10; person++) {
            people[person][3] = "moved" + person + "@newjob.example";
        }
        commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 5, 10)));
        assertTrue(a.compactKeyLog(false).compacted());
        b = node(database, "b");
        assertEquals(row(a), row(b), "B holds the whole log");
        assertEquals(ids, found(b, people));
        // an old email alone no longer finds the person (blocking on email finds the new one only), on both nodes alike
        final String[] old = people[7].clone();
        old[3] = "x" + old[3];
        final Resolution viaOld = resolver(b).resolve(batch(PERSON_MATCHER, "probe", copies("probe", new String[][] {old})));
        // a pending write holds the writers' turn of every node: given back before the other node resolves
        viaOld.pendingWrite().rollback();
        final Resolution viaOldOnA = resolver(a).resolve(batch(PERSON_MATCHER, "probe", copies("probe", new String[][] {old})));
        viaOldOnA.pendingWrite().rollback();
        assertEquals(viaOldOnA.status(0), viaOld.status(0));
        assertEquals(viaOldOnA.goldenId(0).equals(ids.get(7)), viaOld.goldenId(0).equals(ids.get(7)));
        final Resolution linked = commit(resolver(b), batch(PERSON_MATCHER, "hs", copies("hs", people)));
        assertEquals(1, linked.getAttempts());
        assertEquals(ids, goldenIds(linked));
        assertEquals(60, a.statistics().entities());
        assertEquals(60 + 60, a.statistics().members());
    }

    /**
     * A node whose key index files were deleted, or cut short, while it was stopped builds its index again when it starts
     * and finds every customer as the other node does; neither a file cut to nothing nor one cut in half makes it throw.
     */
    @Test
    void aNodeWhoseIndexFilesWereDeletedOrCutShortBuildsItAgain() throws Exception {
        final PostgresDatabase database = createDatabase("damaged-files");
        final JdbcEntityStore a = node(database, "a");
        final String[][] people = people(100, 40);
        final List<String> ids = goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", people)));
        for (final String damage : List.of("delete all", "halve slots", "halve lists", "halve member-records", "empty header",
                "delete header")) {
            final JdbcEntityStore b = node(database, "b");
            assertEquals(ids, found(b, people), "before: " + damage);
            stop(b);
            damage(disks.resolve("b"), damage);
            final JdbcEntityStore again = node(database, "b");
            assertEquals(ids, found(again, people), "after: " + damage);
            assertEquals(row(a), row(again), damage);
            stop(again);
        }
    }

    private static void damage(final Path node, final String damage) throws IOException {
        final List<Path> files;
        try (Stream<Path> all = Files.walk(node)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        if (damage.equals("delete all")) {
            for (final Path file : files) {
                Files.delete(file);
            }
            return;
        }
        final String name = damage.substring(damage.indexOf(' ') + 1);
        boolean found = false;
        for (final Path file : files) {
            if (file.getFileName().toString().startsWith(name)) {
                found = true;
                if (damage.startsWith("delete")) {
                    Files.delete(file);
                } else {
                    try (RandomAccessFile open = new RandomAccessFile(file.toFile(), "rw")) {
                        open.setLength(damage.startsWith("empty") ? 0 : open.length() / 2);
                    }
                }
            }
        }
        assertTrue(found, "no file " + name + " in " + files);
    }

    /**
     * Node A erases a customer whom node B found: B no longer finds him (a copy of his record is a new customer on B as on
     * A), the others still; also after the log is compacted and B restarted.
     */
    @Test
    void aCustomerErasedOnOneNodeIsNotFoundOnAnother() throws Exception {
        final PostgresDatabase database = createDatabase("erasure-nodes");
        final JdbcEntityStore a = node(database, "a");
        JdbcEntityStore b = node(database, "b");
        final String[][] people = people(200, 20);
        final List<String> ids = goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", people)));
        assertEquals(ids, found(b, people));
        a.erase(List.of(ids.get(3))).pendingWrite().commit();
        assertErased(b, people, ids, Set.of(3));
        assertErased(a, people, ids, Set.of(3));
        // B erases another, leaving the key log to the compaction below; A does not find her
        b.erase(List.of(ids.get(4)), false).pendingWrite().commit();
        stop(b);
        assertTrue(a.compactKeyLog(false).compacted());
        b = node(database, "b");
        assertErased(a, people, ids, Set.of(3, 4));
        assertErased(b, people, ids, Set.of(3, 4));
    }

    /**
     * Compactions under two nodes that read and write build no index again: every catch-up checks that the log's row its
     * index took in last is still that row (a restore under the service would have replaced it), and a compaction that
     * rewrites that row (here the write of the thirty, B's last row, rewritten without the customer A erases) or removes
     * the rows before it is no restore. B reads, takes the rest in at its idle catch-up, both go on writing and compacting
     * on demand; neither node's index is built again.
     */
    @Test
    void compactionsUnderTwoNodesBuildNeitherNodesIndexAgain() throws Exception {
        final TwoNodes nodes = twoNodesHoldingThirty("compactions-no-rebuild", 4100);
        final JdbcEntityStore a = nodes.a();
        final JdbcEntityStore b = nodes.b();
        final String[][] people = nodes.people();
        final List<String> ids = nodes.ids();
        final long rebuildsOfA = a.keyLog().rebuilds();
        final long rebuildsOfB = b.keyLog().rebuilds();
        final long bLast = row(b);
        final byte[] bLastAsTakenIn = logRow(nodes.database(), bLast);

        // the erasure compacts the log (the default), rewriting B's last row without the erased customer
        a.erase(List.of(ids.get(7))).pendingWrite().commit();
        assertEquals(bLast, row(b), "B did not take the erasure in before the compaction");
        assertFalse(Arrays.equals(bLastAsTakenIn, logRow(nodes.database(), bLast)), "the compaction rewrote B's last row");
        try (java.sql.Connection connection = nodes.database().dataSource().getConnection()) {
            assertTrue(b.keyLog().follow(connection) > 0, "B's idle catch-up takes the erasure in");
            assertEquals(0, b.keyLog().follow(connection), "and then nothing");
        }
        assertErased(b, Arrays.copyOfRange(people, 0, 30), ids, Set.of(7));

        ids.addAll(goldenIds(commit(resolver(b), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 30, 40)))));
        assertTrue(a.compactKeyLog(false).compacted());
        assertEquals(ids.subList(30, 40), found(b, Arrays.copyOfRange(people, 30, 40)));
        assertEquals(ids.subList(30, 40), found(a, Arrays.copyOfRange(people, 30, 40)));
        assertEquals(ids.subList(0, 5), goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "hs", copies("hs", Arrays.copyOfRange(people, 0, 5))))));
        assertTrue(b.compactKeyLog(false).compacted());
        try (java.sql.Connection connection = nodes.database().dataSource().getConnection()) {
            assertEquals(0, a.keyLog().follow(connection));
            assertEquals(0, b.keyLog().follow(connection));
        }
        assertErased(a, people, ids, Set.of(7));
        assertEquals(rebuildsOfA, a.keyLog().rebuilds(), "A's index was not built again");
        assertEquals(rebuildsOfB, b.keyLog().rebuilds(), "B's index was not built again");
        assertEquals(indexOf(a), indexOf(b));
    }

    /** The entries of the key log's row of that number. */
    private static byte[] logRow(final PostgresDatabase database, final long seq) throws SQLException {
        try (java.sql.Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("select entries from crm_key_log where log_seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet rows = select.executeQuery()) {
                assertTrue(rows.next(), "the log holds row " + seq);
                return rows.getBytes(1);
            }
        }
    }

    /**
     * Node B reads the store, then stays behind while node A writes more people and erases customers B holds, one
     * erasure after the other, each compacting the key log (the default). B's next read takes the rows it lacks in from
     * the log, the erasures among them, without building its index again: it finds every kept customer and not the erased one, and its index
     * holds what A's does, key for key. No row of the log and no part of its base names a key only the erased customer
     * had. Before, the compaction folded the rows B lacked into the base and B built its whole index again (23.5 s at
     * 1,000,000 people).
     */
    @Test
    void aNodeBehindACompactingErasureTakesItInWithoutBuildingItsIndexAgain() throws Exception {
        final TwoNodes nodes = twoNodesHoldingThirty("behind-erasure", 500);
        final JdbcEntityStore a = nodes.a();
        final JdbcEntityStore b = nodes.b();
        final String[][] people = nodes.people();
        final List<String> ids = nodes.ids();
        final long bBehind = b.keyMark();
        final long rebuildsBefore = b.keyLog().rebuilds();

        ids.addAll(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 30, 40)))));
        final Set<Long> keysBefore = keysOf(a);
        // two erasures, one after the other, each compacting
        a.erase(List.of(ids.get(3))).pendingWrite().commit();
        a.erase(List.of(ids.get(13), ids.get(14))).pendingWrite().commit();
        final Set<Long> gone = goneKeys(keysBefore, a);
        assertEquals(bBehind, b.keyMark(), "B did not take the rows in before the compactions");

        assertErased(b, people, ids, Set.of(3, 13, 14));
        assertEquals(rebuildsBefore, b.keyLog().rebuilds(), "B took the erasure in from the log, without building its index again");
        assertEquals(row(a), row(b));
        assertEquals(indexOf(a), indexOf(b), "B's index holds what A's does");
        assertNoneNamed(a, gone);
    }

    /**
     * Node B reads the store, then stays behind while node A writes ten new people (one row B lacks) and erases two of
     * them and one B holds, in two erasures, each compacting the key log. The compactions keep the write, rewritten without
     * the erased customers' own records (the other people's changes stay), and the first write, rewritten without the one
     * B holds: B takes them in with the erasures without building its index again, never holding the two it had not read,
     * and taking the third out as the erasing node did. Its index then holds what a node building its index afresh from
     * the log does, key for key, and no row of the log names an erased member (but the erasures, as erased) or a key only
     * the erased customers had. Before, the compaction removed everything up to the erased customers' own write and B
     * built its whole index again (23.5 s at 1,000,000 people).
     */
    @Test
    void aNodeBehindAnErasedCustomersOwnWriteTakesTheErasureInWithoutBuildingItsIndexAgain() throws Exception {
        final TwoNodes nodes = twoNodesHoldingThirty("behind-erased-write", 900);
        final PostgresDatabase database = nodes.database();
        final JdbcEntityStore a = nodes.a();
        final JdbcEntityStore b = nodes.b();
        final String[][] people = nodes.people();
        final List<String> ids = nodes.ids();
        final long bBehind = b.keyMark();
        final long rebuildsBefore = b.keyLog().rebuilds();

        ids.addAll(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 30, 40)))));
        final Set<Long> erasedMembers = new HashSet<>();
        try (java.sql.Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("select member_id from crm_member where golden_id = ?")) {
            for (final int person : List.of(5, 33, 35)) {
                select.setString(1, ids.get(person));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        erasedMembers.add(rows.getLong(1));
                    }
                }
            }
        }
        assertEquals(3, erasedMembers.size());
        final Set<Long> keysBefore = keysOf(a);
        a.erase(List.of(ids.get(33))).pendingWrite().commit();
        a.erase(List.of(ids.get(35), ids.get(5))).pendingWrite().commit();
        final Set<Long> gone = goneKeys(keysBefore, a);
        assertEquals(bBehind, b.keyMark(), "B did not take the rows in before the compactions");

        assertErased(b, people, ids, Set.of(5, 33, 35));
        assertEquals(rebuildsBefore, b.keyLog().rebuilds(), "B took the erasures in from the log, without building its index again");
        assertEquals(row(a), row(b));
        final JdbcEntityStore fresh = node(database, "fresh");
        assertErased(fresh, people, ids, Set.of(5, 33, 35));
        assertEquals(indexOf(fresh), indexOf(b), "B's index holds what one built afresh from the log does");
        assertEquals(indexOf(a), indexOf(b), "B's index holds what A's does");

        final List<byte[]> log = a.keyEntries(false);
        assertTrue(log.stream().map(KeyChanges::decode).anyMatch(changes -> changes.erasedMembers().length == 0
                && changes.newMembers().length == 8), "the write of the ten is kept, without the two erased");
        assertTrue(log.stream().map(KeyChanges::decode).anyMatch(changes -> changes.erasedMembers().length == 0
                && changes.newMembers().length == 29), "the first write is kept, without the one erased");
        assertNoneNamed(a, gone);
        for (final byte[] row : log) {
            final KeyChanges changes = KeyChanges.decode(row);
            final Set<Long> members = changes.namedMembers(erasedMembers);
            if (changes.erasedMembers().length == 0) {
                assertEquals(Set.of(), members, "a row of the log names an erased member");
            } else {
                assertTrue(changes.keysLeftOut(), "an erasure kept in the log names its members alone");
                for (final long member : members) {
                    assertTrue(Arrays.stream(changes.erasedMembers()).anyMatch(erased -> erased == member), "an erasure names only the members it erased");
                }
            }
        }
    }

    /**
     * As above, but the write B lacks changed the erased customer's record (a new email, so it leaves the old email's
     * blocks and joins the new one's) besides creating ten people. The compaction keeps the write, rewritten without the
     * customer's change (the row says what its earlier keys gave up; the blocks it left are replayed from the base before
     * to tell how their leaves stay), and B takes it in with the erasure without building its index again, holding the
     * customer as it was until the erasure takes it out. B then holds what A and a node building afresh hold, key by key,
     * and no row names the erased member (but the erasure) or a key only it had, before the write or after. Before, the
     * compaction removed the write with every row before it and B built its whole index again.
     */
    @Test
    void aNodeBehindAWriteThatChangedAnErasedCustomerTakesTheErasureInWithoutBuildingItsIndexAgain() throws Exception {
        final TwoNodes nodes = twoNodesHoldingThirty("behind-changed-erased", 1300);
        final PostgresDatabase database = nodes.database();
        final JdbcEntityStore a = nodes.a();
        final JdbcEntityStore b = nodes.b();
        final List<String> ids = nodes.ids();
        final long rebuildsBefore = b.keyLog().rebuilds();
        final Set<Long> erasedMember = membersOf(database, ids.get(29));

        final Set<Long> keysBefore = keysAroundMovedWrite(nodes);
        a.erase(List.of(ids.get(29))).pendingWrite().commit();
        final Set<Long> gone = goneKeys(keysBefore, a);

        assertTakenInWithoutBuilding(nodes, Set.of(29), rebuildsBefore, gone, erasedMember, 10);
    }

    /**
     * As above, but A compacted the log between the write and the erasure (erasing another customer): the blocks the
     * erased customer left in the write cannot be replayed from the base before the erasure's compaction, so that
     * compaction removes the write with every row before it, as before, and B builds its index again, once. B then holds
     * what a node building afresh does, and no row names the erased member or a key only it had.
     */
    @Test
    void aNodeBehindAWriteThatChangedAnErasedCustomerBeforeTheLastCompactionBuildsItsIndexAgain() throws Exception {
        final TwoNodes nodes = twoNodesHoldingThirty("behind-changed-compacted", 1700);
        final long rebuildsBefore = nodes.b().keyLog().rebuilds();

        final Set<Long> keysBefore = keysAroundMovedWrite(nodes);
        nodes.a().erase(List.of(nodes.ids().get(3))).pendingWrite().commit();
        nodes.a().erase(List.of(nodes.ids().get(29))).pendingWrite().commit();
        final Set<Long> gone = goneKeys(keysBefore, nodes.a());

        assertBuiltOnce(nodes, Set.of(3, 29), rebuildsBefore, gone);
    }

    /**
     * As above, but the write B lacks is a row of format 6, as nifi-crm wrote it before format 7 (the cluster upgraded
     * since), and nothing compacted the log before the erasure: the row does not say what the erased customer's earlier
     * keys gave up, so the erasure's compaction cannot take the customer's change out of it and removes it with every row
     * before it; B builds its index again, once. B then holds what A and a node building afresh hold, and no row names
     * the erased member or a key only it had.
     */
    @Test
    void aNodeBehindAWriteOfFormat6ThatChangedAnErasedCustomerBuildsItsIndexAgain() throws Exception {
        final TwoNodes nodes = twoNodesHoldingThirty("behind-changed-format-6", 2100);
        final long rebuildsBefore = nodes.b().keyLog().rebuilds();

        final Set<Long> keysBefore = keysAroundMovedWrite(nodes);
        final long write = row(nodes.a());
        try (java.sql.Connection connection = nodes.database().dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("select entries from crm_key_log where log_seq = ?");
             PreparedStatement update = connection.prepareStatement("update crm_key_log set entries = ? where log_seq = ?")) {
            select.setLong(1, write);
            final byte[] entries;
            try (ResultSet rows = select.executeQuery()) {
                assertTrue(rows.next());
                entries = rows.getBytes(1);
            }
            update.setBytes(1, asFormat6(entries));
            update.setLong(2, write);
            assertEquals(1, update.executeUpdate());
        }
        nodes.a().erase(List.of(nodes.ids().get(29))).pendingWrite().commit();
        final Set<Long> gone = goneKeys(keysBefore, nodes.a());

        assertBuiltOnce(nodes, Set.of(29), rebuildsBefore, gone);
    }

    /**
     * A write's row of format 7 as format 6 held it: without what its changed members' earlier keys gave up, the members
     * it moved and the versions a compaction rewrote it from (a write as logged has neither of the last two).
     */
    private static byte[] asFormat6(final byte[] entries) {
        final KeyChanges changes = KeyChanges.decode(entries);
        int format7 = 3 * 4;
        for (final long member : changes.changedMembers()) {
            final long[] gaveUp = changes.givenUpTerms(member);
            format7 += gaveUp == null ? 0 : 8 + 4 + 8 * gaveUp.length;
        }
        final byte[] format6 = Arrays.copyOf(entries, entries.length - format7);
        java.nio.ByteBuffer.wrap(format6).putInt(6);
        final KeyChanges older = KeyChanges.decode(format6);
        assertArrayEquals(changes.changedMembers(), older.changedMembers());
        assertArrayEquals(changes.newMembers(), older.newMembers());
        assertTrue(Arrays.stream(changes.changedMembers()).anyMatch(member -> changes.givenUpTerms(member) != null), "the write changed a member's keys");
        return format6;
    }

    /**
     * As above, but the write B lacks only moved erased customers' records into other entities, their keys as they were:
     * besides creating ten people, a person decided that a record another CRM holds of person 29 is somebody else (split
     * out into a customer of its own) and that such a record of person 27 is person 26 (the customers of 26 and 27
     * merged). Both records had joined their customers by the golden id they carried, each with an email of its own. A
     * then erases the split customer and the merged one. The row names the moved members as moved, without keys or terms
     * of their own: the compaction keeps the write, rewritten without them, and B takes it in with the erasure without
     * building its index again, holding the moved records in their earlier entities until the erasure takes them out. B
     * then holds what A and a node building afresh hold, key by key, and no row names an erased member (but the erasure)
     * or a key only the erased records had.
     */
    @Test
    void aNodeBehindAWriteThatOnlyMovedErasedCustomersTakesTheErasureInWithoutBuildingItsIndexAgain() throws Exception {
        final TwoNodes nodes = twoNodesHoldingThirty("behind-moved-erased", 2500);
        final JdbcEntityStore a = nodes.a();
        final String[][] people = nodes.people();
        final List<String> ids = nodes.ids();
        final EntityBatch joined = EntityBatch.of(PERSON_MATCHER, "hs");
        final EntityBatch write = batch(PERSON_MATCHER, "hs", Arrays.copyOfRange(people, 30, 40));
        for (final int person : List.of(29, 27)) {
            final String[] copy = people[person].clone();
            copy[3] = "hs." + copy[3];
            final String[] keys = PERSON_MATCHER.keys(Arrays.copyOfRange(copy, 1, copy.length));
            joined.add(keys, "hs-" + copy[0], null, null, ids.get(person));
            write.add(keys, "hs-" + copy[0], person == 29 ? ReviewDecision.DIFFERENT : ReviewDecision.SAME, ids.get(person == 29 ? 29 : 26));
        }
        assertEquals(List.of(ids.get(29), ids.get(27)), goldenIds(commit(resolver(a), joined)));
        assertEquals(ids, found(nodes.b(), Arrays.copyOfRange(people, 0, 30)));
        final long rebuildsBefore = nodes.b().keyLog().rebuilds();
        final Set<Long> keysBefore = keysOf(a);

        final Resolution written = commit(resolver(a), write);
        ids.addAll(goldenIds(written).subList(0, 10));
        final String split = written.goldenId(10);
        final String merged = a.liveGoldenId(ids.get(27)).orElseThrow();
        assertFalse(ids.contains(split), "split out into a customer of its own");
        assertEquals(merged, a.liveGoldenId(ids.get(26)).orElseThrow(), "26 and 27 merged");
        final Set<Long> erasedMembers = membersOf(nodes.database(), split);
        erasedMembers.addAll(membersOf(nodes.database(), merged));
        assertEquals(4, erasedMembers.size());
        assertTrue(a.keyEntries(false).stream().map(KeyChanges::decode).anyMatch(changes -> changes.newMembers().length == 10
                && changes.namedMembers(erasedMembers).size() == 3), "the write moved the split record and the two of 27");
        a.erase(List.of(split, merged)).pendingWrite().commit();
        final Set<Long> gone = goneKeys(keysBefore, a);

        assertTakenInWithoutBuilding(nodes, Set.of(26, 27), rebuildsBefore, gone, erasedMembers, 10);
    }

    /**
     * As above, but the customer was changed in two writes B lacks, both kept in the log: the first gives person 29 a new
     * email and creates ten people, the second gives 29 another family name, email and phone, one of the ten (35) a new email and
     * creates one more person. A then erases 29 and 35. The compaction rewrites both writes without them: the second as the
     * erased customers' last, the first as a node behind it takes it in holding 29 as it was before it and 35 not at all
     * (their part of its counts is what the second write says their keys gave up, and each join and leave of theirs goes
     * or stays by nobody as the replayed blocks say). B, behind the first write or (reading between) the second, takes them
     * in without building its index again and holds what A and a node building afresh hold, key by key; no row names
     * the erased members (but the erasure) or a key only they had, such as 29's email of the first write. Before, the
     * first write went with every row before it, and B behind it built its whole index again. The compaction reads the
     * base before it once for all the rows it replays blocks of (before, once for each replay: five times).
     */
    @ParameterizedTest(name = "B reads between the writes: {0}")
    @ValueSource(booleans = {false, true})
    void aNodeBehindTwoWritesThatChangedAnErasedCustomerTakesTheErasureInWithoutBuildingItsIndexAgain(final boolean readsBetween) throws Exception {
        final TwoNodes nodes = twoNodesHoldingThirty("behind-changed-twice-" + readsBetween, 2900);
        final JdbcEntityStore a = nodes.a();
        final String[][] people = nodes.people();
        final List<String> ids = nodes.ids();
        final Set<Long> keysBefore = keysAroundMovedWrite(nodes);
        if (readsBetween) {
            assertEquals(ids.subList(30, 40), found(nodes.b(), Arrays.copyOfRange(people, 30, 40)));
        }
        final long rebuildsBefore = nodes.b().keyLog().rebuilds();
        final String[][] again = {people[29].clone(), people[35].clone(), people(2940, 1)[0]};
        again[0][2] = "Renamedson";
        again[0][3] = "again." + again[0][3];
        again[0][4] = "(999) 555-0029";
        again[1][3] = "changed." + again[1][3];
        assertEquals(List.of(ids.get(29), ids.get(35)), goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", again))).subList(0, 2));
        keysBefore.addAll(keysOf(a));
        final Set<Long> erasedMembers = membersOf(nodes.database(), ids.get(29));
        erasedMembers.addAll(membersOf(nodes.database(), ids.get(35)));
        final long baseReplaysBefore = a.keyLog().baseReplays();
        final long rowsReplayedBefore = a.keyLog().rowsReplayed();
        final long baseBefore = baseThrough(nodes.database());
        a.erase(List.of(ids.get(29), ids.get(35))).pendingWrite().commit();
        final Set<Long> gone = goneKeys(keysBefore, a);

        assertEquals(1, a.keyLog().baseReplays() - baseReplaysBefore, "the compaction read the base before it once, for every row it replayed blocks of");
        assertEquals(baseThrough(nodes.database()) - baseBefore, a.keyLog().rowsReplayed() - rowsReplayedBefore, "the compaction read each log "
                + "row after the base before it once for all its replays (before, the rows after a row again for every member taken out of it)");
        assertTakenInWithoutBuilding(nodes, Set.of(29, 35), rebuildsBefore, gone, erasedMembers, 9);
        assertTrue(a.keyEntries(false).stream().map(KeyChanges::decode).anyMatch(changes -> changes.erasedMembers().length == 0
                && changes.newMembers().length == 1 && changes.changedMembers().length == 1), "the second write is kept, with the new person alone");
    }

    /**
     * As above, but A compacted the log between the two writes (erasing another customer): the first write, before the
     * base of the erasure's compaction, cannot have its blocks replayed, so that compaction rewrites the second write and
     * removes the first with every row before it; B, behind the first, builds its index again, once, and then holds what
     * a node building afresh does, and no row names the erased member or a key only it had.
     */
    @Test
    void aNodeBehindTwoWritesThatChangedAnErasedCustomerTheFirstBeforeTheLastCompactionBuildsItsIndexAgain() throws Exception {
        final TwoNodes nodes = twoNodesHoldingThirty("behind-changed-twice-compacted", 3300);
        final JdbcEntityStore a = nodes.a();
        final long rebuildsBefore = nodes.b().keyLog().rebuilds();
        final Set<Long> keysBefore = keysAroundMovedWrite(nodes);
        a.erase(List.of(nodes.ids().get(3))).pendingWrite().commit();
        final String[] again = nodes.people()[29].clone();
        again[3] = "again." + again[3];
        assertEquals(List.of(nodes.ids().get(29)), goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", new String[][] {again}))));
        keysBefore.addAll(keysOf(a));
        a.erase(List.of(nodes.ids().get(29))).pendingWrite().commit();
        final Set<Long> gone = goneKeys(keysBefore, a);

        assertBuiltOnce(nodes, Set.of(3, 29), rebuildsBefore, gone);
    }

    /**
     * As above, but the write B lacks renames a household, persons 28 and 29 (they married: one new family name and one
     * new phone for both, and each a new email), besides creating ten people, and A erases both in one erasure (one
     * EraseCRMRecord FlowFile): both leave their earlier keys' blocks and join the new name's and phone's, blocks both
     * rewritings touch. The compaction takes 29 out of the row as taken out of for 28 already and replays the shared blocks
     * so; it keeps the write, and B takes it in without building its index again, holding what A and a node building
     * afresh hold, key by key. Where {@code marriage}, person 28 alone is renamed, into the family name and phone of person
     * 30, new in the same write, and A erases 28 and 30: a new member's joins are taken out without a replay, so the blocks
     * 30 shares with 28 are replayed for it, as 28's rewriting left them. Before, a block another erased member's rewriting touched made
     * the row go with every row before it, and B built its whole index again. Where A compacted the log between the write
     * and the erasure (erasing another customer), the write's blocks cannot be replayed from the base before the erasure's
     * compaction: the write goes with every row before it, and B builds its index again, once, holding what a fresh build
     * does.
     */
    @ParameterizedTest(name = "into a new person's family: {0}, A compacted between the write and the erasure: {1}")
    @CsvSource({"false, false", "false, true", "true, false"})
    void aNodeBehindAWriteThatRenamedAnErasedHouseholdTakesTheErasureInWithoutBuildingItsIndexAgain(final boolean marriage,
                                                                                                  final boolean compactedBetween) throws Exception {
        final TwoNodes nodes = twoNodesHoldingThirty("behind-household-erased-" + marriage + "-" + compactedBetween, 3700);
        final JdbcEntityStore a = nodes.a();
        final String[][] people = nodes.people();
        final List<String> ids = nodes.ids();
        final long rebuildsBefore = nodes.b().keyLog().rebuilds();
        final Set<Long> keysBefore = keysOf(a);
        final int renamed = marriage ? 1 : 2;
        final String[][] written = Stream.concat(Stream.of(people).skip(28).limit(renamed), Stream.of(people).skip(30).limit(10)).toArray(String[][]::new);
        for (int person = 0; person < renamed; person++) {
            written[person] = written[person].clone();
            written[person][2] = marriage ? people[30][2] : "Householdson";
            written[person][3] = "household." + written[person][3];
            written[person][4] = marriage ? people[30][4] : "(998) 555-0028";
        }
        ids.addAll(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", written))).subList(renamed, renamed + 10));
        keysBefore.addAll(keysOf(a));
        final int other = marriage ? 30 : 29;
        final Set<Long> household = membersOf(nodes.database(), ids.get(28));
        household.addAll(membersOf(nodes.database(), ids.get(other)));
        final long[] members = household.stream().mapToLong(Long::longValue).toArray();
        assertTrue(a.keyEntries(false).stream().map(KeyChanges::decode).anyMatch(changes -> changes.newMembers().length == 10
                && changes.blocksJoinedBy(members[0]).stream().anyMatch(changes.blocksJoinedBy(members[1])::contains)), "the write joins both to a block");
        if (compactedBetween) {
            a.erase(List.of(ids.get(3))).pendingWrite().commit();
        }
        a.erase(List.of(ids.get(28), ids.get(other))).pendingWrite().commit();
        final Set<Long> gone = goneKeys(keysBefore, a);

        if (compactedBetween) {
            assertBuiltOnce(nodes, Set.of(3, 28, other), rebuildsBefore, gone);
        } else {
            assertTakenInWithoutBuilding(nodes, Set.of(28, other), rebuildsBefore, gone, household, marriage ? 9 : 10);
        }
    }

    /**
     * Node B, behind a write that created people and changed the {@code erased} people before the last compaction's base
     * (erasing person 3), built its index again, once ({@code rebuildsBefore} its builds before), and holds what A and a
     * node building afresh hold, key by key; no row of the log or its base names a {@code gone} key, and the writes that
     * created people went, with every row before them.
     */
    private void assertBuiltOnce(final TwoNodes nodes, final Set<Integer> erased, final long rebuildsBefore, final Set<Long> gone) {
        assertErased(nodes.b(), nodes.people(), nodes.ids(), erased);
        assertEquals(rebuildsBefore + 2, nodes.b().keyLog().rebuilds(), "B built its index again, once");
        assertEquals(indexOf(node(nodes.database(), "fresh")), indexOf(nodes.b()), "B's index holds what one built afresh from the log does");
        assertEquals(indexOf(nodes.a()), indexOf(nodes.b()), "B's index holds what A's does");
        assertNoneNamed(nodes.a(), gone);
        assertTrue(nodes.a().keyEntries(false).stream().map(KeyChanges::decode).allMatch(changes -> changes.newMembers().length == 0),
                "the writes that changed the erased customers went, with every row before them");
    }

    /**
     * Node B, behind a write of ten new people and the erasure on A of the {@code erased} people and {@code erasedMembers},
     * takes the erasure in from the log without building its index again ({@code rebuildsBefore} its builds before), and
     * then holds what A and a node building afresh hold, key by key. The write is kept (rewritten, {@code keptNew} of its
     * new people left), no row of the log or its base names a {@code gone} key, and no row but the erasure an erased member.
     */
    private void assertTakenInWithoutBuilding(final TwoNodes nodes, final Set<Integer> erased, final long rebuildsBefore, final Set<Long> gone,
                                              final Set<Long> erasedMembers, final int keptNew) {
        final JdbcEntityStore a = nodes.a();
        final JdbcEntityStore b = nodes.b();
        assertErased(b, nodes.people(), nodes.ids(), erased);
        assertEquals(rebuildsBefore, b.keyLog().rebuilds(), "B took the erasure in from the log, without building its index again");
        assertEquals(row(a), row(b));
        final JdbcEntityStore fresh = node(nodes.database(), "fresh");
        assertEquals(indexOf(fresh), indexOf(b), "B's index holds what one built afresh from the log does");
        assertEquals(indexOf(a), indexOf(b), "B's index holds what A's does");
        assertNoneNamed(a, gone);
        final List<KeyChanges> log = a.keyEntries(false).stream().map(KeyChanges::decode).toList();
        assertTrue(log.stream().anyMatch(changes -> changes.newMembers().length == keptNew), "the write is kept, without the erased customers' changes");
        assertTrue(log.stream().allMatch(changes -> changes.erasedMembers().length > 0 || changes.namedMembers(erasedMembers).isEmpty()),
                "no row but the erasure names an erased member");
    }

    /**
     * Writes through A person 29 with a new email and persons 30 to 39 (their golden ids added to the nodes' ids); returns
     * the keys A held before the write or holds after it.
     */
    private static Set<Long> keysAroundMovedWrite(final TwoNodes nodes) {
        final Set<Long> keys = keysOf(nodes.a());
        final String[][] written = Arrays.copyOfRange(nodes.people(), 29, 40);
        written[0] = written[0].clone();
        written[0][3] = "moved." + written[0][3];
        nodes.ids().addAll(goldenIds(commit(resolver(nodes.a()), batch(PERSON_MATCHER, "sf", written))).subList(1, 11));
        keys.addAll(keysOf(nodes.a()));
        return keys;
    }

    /** The numbers of a customer's members. */
    /** The log row the store's key log base holds the keys up to (0: none). */
    private static long baseThrough(final PostgresDatabase database) throws SQLException {
        try (java.sql.Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("select coalesce(max(through_seq), 0) from crm_key_base");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Set<Long> membersOf(final PostgresDatabase database, final String goldenId) throws SQLException {
        final Set<Long> members = new HashSet<>();
        try (java.sql.Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("select member_id from crm_member where golden_id = ?")) {
            select.setString(1, goldenId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    members.add(rows.getLong(1));
                }
            }
        }
        return members;
    }

    /**
     * As above, with the erased customers' block at the listed limit ({@link EntityStore#MAXIMUM_LISTED_BLOCK}): everyone
     * is a Limitson, blocked by surname alone. Node B reads {@code before} of them, then stays behind while node A writes
     * {@code written} more (the first two to be erased), then {@code early} more, erases the first (one erasure,
     * compacting), writes {@code between} more, and erases the second with one B holds (two members, compacting), each
     * write with another person. Where {@code readsBetween}, B reads between the erasures: it takes in the first write as
     * the first compaction rewrote it, with the second member in it. The block goes through 499, exactly 500 (a record
     * written then no longer joins it) and over it (501: it lists nobody from then on, and a member erased from it stays
     * in its count), in one write or between the erasures; {@code states} is the block on A after each step. B then takes
     * the rows in from the log without building its index again and holds what a node built afresh and A hold, key by
     * key: every block's count, whether it lists its members, and which. (The compactions take an erased member's joins
     * out of its write where the erasure took the member out of the block, and leave a join by nobody where the block
     * listed nobody any more; without those joins by nobody, B's block lists 498 or 499 members where A's counts 501.)
     */
    @ParameterizedTest(name = "{0} before, {1} written, {2} early, {3} between, B reads between the erasures: {4}; {5}")
    @CsvSource(delimiter = ';', value = {
        "496; 3; 0; 1; false; 499 listed, 499 listed, 498 listed, 499 listed, 497 listed",
        "497; 3; 0; 1; false; 500 listed, 500 listed, 499 listed, 500 listed, 498 listed",
        "497; 3; 0; 2; false; 500 listed, 500 listed, 499 listed, 501 unlisted, 501 unlisted",
        "498; 3; 0; 0; false; 501 unlisted, 501 unlisted, 501 unlisted, 501 unlisted, 501 unlisted",
        "497; 2; 2; 1; true; 499 listed, 501 unlisted, 501 unlisted, 501 unlisted, 501 unlisted"
    })
    void aNodeBehindErasuresInABlockAtTheListedLimitHoldsWhatAFreshBuildDoes(final int before, final int written, final int early,
                                                                             final int between, final boolean readsBetween,
                                                                             final String states) throws Exception {
        final PostgresDatabase database = createDatabase("limit-" + before + "-" + written + "-" + early + "-" + between
                + (readsBetween ? "-read" : ""));
        final JdbcEntityStore a = node(database, "a");
        final JdbcEntityStore b = node(database, "b");
        final String[][] limitsons = people(3000, before + written + early + between);
        for (final String[] person : limitsons) {
            person[2] = "Limitson";
        }
        final String[][] others = people(4000, 3);
        final List<String> ids = new ArrayList<>(goldenIds(commit(resolver(BY_SURNAME, a), batch(BY_SURNAME, "sf", Arrays.copyOfRange(limitsons, 0, before)))));
        final long block = listedBlockOf(a, before);
        assertEquals(ids.subList(0, 3), found(b, Arrays.copyOfRange(limitsons, 0, 3)));
        final long bBehind = b.keyMark();
        final long rebuildsBefore = b.keyLog().rebuilds();

        final List<String> seen = new ArrayList<>();
        ids.addAll(writeWith(a, Arrays.copyOfRange(limitsons, before, before + written), others[0]));
        seen.add(blockOf(a, block));
        ids.addAll(writeWith(a, Arrays.copyOfRange(limitsons, before + written, before + written + early), others[1]));
        seen.add(blockOf(a, block));
        a.erase(List.of(ids.get(before))).pendingWrite().commit();
        seen.add(blockOf(a, block));
        if (readsBetween) {
            assertEquals(ids.subList(0, 3), found(b, Arrays.copyOfRange(limitsons, 0, 3)));
        }
        ids.addAll(writeWith(a, Arrays.copyOfRange(limitsons, before + written + early, limitsons.length), others[2]));
        seen.add(blockOf(a, block));
        a.erase(List.of(ids.get(before + 1), ids.get(7))).pendingWrite().commit();
        seen.add(blockOf(a, block));
        assertEquals(states, String.join(", ", seen), "the block on A after each step");
        assertEquals(readsBetween, bBehind != b.keyMark(), "B took rows in before the second compaction only where it read between them");
        assertEquals(limitsons.length, new HashSet<>(ids).size(), "every Limitson is a customer of her own");

        assertErased(b, limitsons, ids, Set.of(7, before, before + 1));
        assertEquals(rebuildsBefore, b.keyLog().rebuilds(), "B took the erasures in from the log, without building its index again");
        assertEquals(row(a), row(b));
        final JdbcEntityStore fresh = node(database, "fresh");
        assertErased(fresh, limitsons, ids, Set.of(7, before, before + 1));
        assertEquals(indexOf(a).get(block), indexOf(b).get(block), "the block on B, as on A");
        assertEquals(indexOf(fresh).get(block), indexOf(b).get(block), "the block on B, as built afresh");
        assertEquals(indexOf(fresh), indexOf(b), "B's index holds what one built afresh from the log does");
        assertEquals(indexOf(a), indexOf(b), "B's index holds what A's does");
    }

    /**
     * As above, with the erased customer's earlier block at the listed limit: {@code before} Limitsons, blocked by surname
     * alone, B reading them; A renames the first (its record leaves the Limitsons' block), writes {@code after} more
     * Limitsons, and erases the first, compacting. Past the limit (501: the block lists nobody) the rename's leave stays in
     * the rewritten write as one by nobody, and B takes it in without building its index again. At 500 the block lists
     * the renamed record; B, holding it there until the erasure, would count 501 when the next Limitson joins and list
     * nobody, where A lists 500: neither a leave taken out nor one by nobody holds the block as A does, so the compaction
     * removes the write with every row before it and B builds its index again, once. Either way B then holds what A and a
     * node built afresh hold, key by key.
     */
    @ParameterizedTest(name = "{0} Limitsons, {1} written after the rename: B builds its index {2} times; the block on A {3}")
    @CsvSource(delimiter = ';', value = {"501; 0; 0; 500 unlisted", "500; 1; 1; 500 listed"})
    void aNodeBehindARenameOutOfABlockAtTheListedLimitHoldsWhatAFreshBuildDoes(final int before, final int after, final int builds,
                                                                              final String state) throws Exception {
        final PostgresDatabase database = createDatabase("rename-limit-" + before + "-" + after);
        final JdbcEntityStore a = node(database, "a");
        final JdbcEntityStore b = node(database, "b");
        final String[][] limitsons = people(5000, before + after);
        for (final String[] person : limitsons) {
            person[2] = "Limitson";
        }
        // the block past the limit in one write: a record written once it lists 500 no longer joins it
        final int listed = Math.min(before, EntityStore.MAXIMUM_LISTED_BLOCK - 2);
        final List<String> ids = new ArrayList<>(goldenIds(commit(resolver(BY_SURNAME, a), batch(BY_SURNAME, "sf", Arrays.copyOfRange(limitsons, 0, listed)))));
        final long block = listedBlockOf(a, listed);
        ids.addAll(goldenIds(commit(resolver(BY_SURNAME, a), batch(BY_SURNAME, "sf", Arrays.copyOfRange(limitsons, listed, before)))));
        assertEquals(ids.subList(0, 3), found(b, Arrays.copyOfRange(limitsons, 0, 3)));
        final long rebuildsBefore = b.keyLog().rebuilds();

        final String[] renamed = limitsons[0].clone();
        renamed[2] = "Movedaway";
        final String[][] others = people(6000, 2);
        assertEquals(ids.subList(0, 1), writeWith(a, new String[][] {renamed}, others[0]));
        ids.addAll(writeWith(a, Arrays.copyOfRange(limitsons, before, before + after), others[1]));
        a.erase(List.of(ids.get(0))).pendingWrite().commit();
        assertEquals(state, blockOf(a, block), "the block on A");

        assertErased(b, limitsons, ids, Set.of(0));
        assertEquals(rebuildsBefore + 2L * builds, b.keyLog().rebuilds(), "B built its index again " + builds + " times");
        final JdbcEntityStore fresh = node(database, "fresh");
        assertEquals(indexOf(a).get(block), indexOf(b).get(block), "the block on B, as on A");
        assertEquals(indexOf(fresh), indexOf(b), "B's index holds what one built afresh from the log does");
        assertEquals(indexOf(a), indexOf(b), "B's index holds what A's does");
    }

    /**
     * As above, with the erased customer renamed twice: into the Limitsons' block when it lists 499, with another new
     * Limitson in the same write (so that it counts 501 and lists nobody from then on), then out of it again (500, listing
     * nobody), both writes kept. B, behind the first rename, would list 500 Limitsons were the first rename's join taken
     * out of it; the compaction, replaying the block, leaves it as a join by nobody (and the second rename's leave as a
     * leave by nobody), and takes the customer's leave of its first surname's block out. B takes both in without building
     * its index again and holds what A and a node built afresh hold, key by key.
     */
    @Test
    void aNodeBehindARenameIntoABlockAtTheListedLimitAndOutAgainHoldsWhatAFreshBuildDoes() throws Exception {
        final PostgresDatabase database = createDatabase("rename-in-and-out-limit");
        final JdbcEntityStore a = node(database, "a");
        final JdbcEntityStore b = node(database, "b");
        final int limit = EntityStore.MAXIMUM_LISTED_BLOCK;
        // Limitsons 0 to 498 stored, 499 written with the first rename; 500 is the customer renamed
        final String[][] people = people(7000, limit + 1);
        for (final String[] person : Arrays.copyOf(people, limit)) {
            person[2] = "Limitson";
        }
        final List<String> ids = new ArrayList<>(goldenIds(commit(resolver(BY_SURNAME, a), batch(BY_SURNAME, "sf", Arrays.copyOfRange(people, 0, limit - 3)))));
        final long block = listedBlockOf(a, limit - 3);
        final String[][] second = {people[limit - 3], people[limit - 2], people[limit]};
        final List<String> secondIds = goldenIds(commit(resolver(BY_SURNAME, a), batch(BY_SURNAME, "sf", second)));
        assertEquals((limit - 1) + " listed", blockOf(a, block));
        final String renamed = secondIds.get(2);
        assertEquals(List.of(renamed), found(b, new String[][] {people[limit]}));
        final long rebuildsBefore = b.keyLog().rebuilds();

        final String[][] others = people(7600, 2);
        final String[] into = people[limit].clone();
        into[2] = "Limitson";
        assertEquals(renamed, writeWith(a, new String[][] {into, people[limit - 1]}, others[0]).get(0));
        assertEquals((limit + 1) + " unlisted", blockOf(a, block));
        final String[] outAgain = people[limit].clone();
        outAgain[2] = "Movedaway";
        assertEquals(List.of(renamed), writeWith(a, new String[][] {outAgain}, others[1]));
        a.erase(List.of(renamed)).pendingWrite().commit();
        assertEquals(limit + " unlisted", blockOf(a, block));

        assertErased(b, new String[][] {people[limit]}, List.of(renamed), Set.of(0));
        assertEquals(rebuildsBefore, b.keyLog().rebuilds(), "B took the renames and the erasure in from the log, without building its index again");
        assertEquals(indexOf(a).get(block), indexOf(b).get(block), "the block on B, as on A");
        assertEquals(indexOf(node(database, "fresh")), indexOf(b), "B's index holds what one built afresh from the log does");
        assertEquals(indexOf(a), indexOf(b), "B's index holds what A's does");
        final List<KeyChanges> log = a.keyEntries(false).stream().map(KeyChanges::decode).toList();
        assertTrue(log.stream().anyMatch(changes -> changes.newMembers().length == 2 && changes.blocksJoinedBy(0).contains(block)),
                "the first rename is kept, its join of the block by nobody");
        assertTrue(log.stream().anyMatch(changes -> changes.newMembers().length == 1 && changes.blocksLeftBy(0).contains(block)),
                "the second rename is kept, its leave of the block by nobody");
    }

    /** Writes new people through a node with another person, blocked by surname alone; returns the people's golden ids. */
    private static List<String> writeWith(final EntityStore node, final String[][] people, final String[] other) {
        final String[][] write = Arrays.copyOf(people, people.length + 1);
        write[people.length] = other;
        return goldenIds(commit(resolver(BY_SURNAME, node), batch(BY_SURNAME, "sf", write))).subList(0, people.length);
    }

    /** The block a node's index lists exactly this many members in (a counted key lists none). */
    private static long listedBlockOf(final JdbcEntityStore node, final int members) {
        final List<Long> blocks = new ArrayList<>();
        node.keyLog().index().forEachKey((hash, count, listedMembers, listed) -> {
            if (count == members && listed == members) {
                blocks.add(hash);
            }
        }, false);
        assertEquals(1, blocks.size(), "one block of " + members);
        return blocks.get(0);
    }

    /** A block's count and whether a node's index lists its members. */
    private static String blockOf(final JdbcEntityStore node, final long block) {
        final KeyEntry entry = node.keyLog().index().find(new long[] {block})[0];
        return entry == null ? "absent" : entry.count() + " " + (entry.listed() ? "listed" : "unlisted");
    }

    /**
     * Node B, stopped a little behind, is started again after node A wrote and erased a customer B held, compacting the
     * key log: B's index goes on from its row (the compaction kept the rows after it) and takes the erasure in, rather
     * than being built again, and then holds what A's does. Before, an index behind the base was always built again (it
     * still is when the row it holds last is gone: the erased customer's own write, the row it checks it against).
     */
    @Test
    void aNodeStoppedALittleBehindACompactingErasureGoesOnFromItsRowWhenItStarts() throws Exception {
        final PostgresDatabase database = createDatabase("stopped-behind-erasure");
        final JdbcEntityStore a = node(database, "a");
        JdbcEntityStore b = node(database, "b");
        final String[][] people = people(700, 30);
        final List<String> ids = new ArrayList<>(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 0, 15)))));
        ids.addAll(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 15, 20)))));
        // B's last row is a later write than the erased customer's (the row it checks its index against stays)
        assertEquals(ids, found(b, Arrays.copyOfRange(people, 0, 20)));
        stop(b);
        ids.addAll(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 20, 30)))));
        a.erase(List.of(ids.get(5))).pendingWrite().commit();

        final Path index;
        try (Stream<Path> directories = Files.list(disks.resolve("b"))) {
            index = directories.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        try (java.sql.Connection connection = database.dataSource().getConnection()) {
            final KeyLog.Outlook outlook = KeyLog.outlook(connection, KeyIndex.lookAt(index).header(), true);
            assertFalse(outlook.builds(), "B's index goes on from its row: " + outlook);
            assertEquals(3, outlook.behind(), "the write, the erasure and the row after it");
        }
        b = node(database, "b");
        assertErased(b, people, ids, Set.of(5));
        assertEquals(indexOf(a), indexOf(b), "B's index holds what A's does");
    }

    /**
     * Node B, stopped with the write of ten new people and a changed one as the last row its index holds, is started again
     * after node A erased the changed customer and one of the ten, compacting the key log, which rewrote that row without
     * them. The row says the checksum of the version it was rewritten from, which B's index holds: B goes on from it, taking
     * the erasure in as a node past the row does, rather than being built again, and then holds what A's does. Before,
     * B's index was built again (its row's checksum no longer matched).
     */
    @Test
    void aNodeStoppedWithAWriteLaterRewrittenWithoutAnErasedCustomerGoesOnFromItWhenItStarts() throws Exception {
        final TwoNodes nodes = twoNodesHoldingThirty("stopped-at-rewritten", 2100);
        final PostgresDatabase database = nodes.database();
        final JdbcEntityStore a = nodes.a();
        final List<String> ids = nodes.ids();
        keysAroundMovedWrite(nodes);
        assertEquals(ids.subList(30, 40), found(nodes.b(), Arrays.copyOfRange(nodes.people(), 30, 40)));
        final long written = row(nodes.b());
        stop(nodes.b());
        a.erase(List.of(ids.get(29), ids.get(33))).pendingWrite().commit();
        assertTrue(a.keyEntries(false).stream().map(KeyChanges::decode).anyMatch(changes -> changes.newMembers().length == 9),
                "the write is kept, rewritten without the two");

        final Path index;
        try (Stream<Path> directories = Files.list(disks.resolve("b"))) {
            index = directories.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        try (java.sql.Connection connection = database.dataSource().getConnection()) {
            final KeyIndex.Header header = KeyIndex.lookAt(index).header();
            assertEquals(written, header.appliedSeq(), "B's index holds the write as its last row");
            final KeyLog.Outlook outlook = KeyLog.outlook(connection, header, true);
            assertFalse(outlook.builds(), "B's index goes on from the write as it took it in: " + outlook);
        }
        final JdbcEntityStore b = node(database, "b");
        assertErased(b, nodes.people(), ids, Set.of(29, 33));
        assertEquals(row(a), row(b));
        assertEquals(indexOf(a), indexOf(b), "B's index holds what A's does");
    }

    /** The keys a node's index held before and holds no more, but counters' shards: those only erased customers had. */
    private static Set<Long> goneKeys(final Set<Long> before, final JdbcEntityStore node) {
        final Set<Long> gone = new HashSet<>(before);
        gone.removeAll(keysOf(node));
        // a counter's shard counted down to nothing (the population, a field's total) is no customer's key
        Arrays.stream(KeyHash.population()).forEach(gone::remove);
        EntityStoreContractTest.PERSON_FIELDS.forEach(field -> Arrays.stream(KeyHash.fieldTotal(field.name())).forEach(gone::remove));
        assertFalse(gone.isEmpty(), "the erased customers had keys nobody else has");
        return gone;
    }

    /** No row of the key log and no part of its base names any of these keys. */
    private static void assertNoneNamed(final JdbcEntityStore node, final Set<Long> gone) {
        final Set<Long> named = EntityStoreContractTest.hashesIn(node.keyEntries(false));
        for (final byte[] part : node.keyEntries(true)) {
            KeyBase.read(part, (KeyIndex.KeyVisitor<RuntimeException>) (hash, count, members, listed) -> named.add(hash));
        }
        for (final long hash : gone) {
            assertFalse(named.contains(hash), "the key log or its base names " + Long.toHexString(hash) + ", a key only an erased customer had");
        }
    }

    /** The hashes of the keys a node's index holds. */
    private static Set<Long> keysOf(final JdbcEntityStore node) {
        final Set<Long> keys = new HashSet<>();
        node.keyLog().index().forEachKey((hash, count, members, listed) -> keys.add(hash), false);
        return keys;
    }

    /** A node's index key by key: its count and listed members. */
    private static java.util.Map<Long, String> indexOf(final JdbcEntityStore node) {
        final java.util.Map<Long, String> keys = new java.util.TreeMap<>();
        node.keyLog().index().forEachKey((hash, count, members, listed) -> keys.put(hash, count + " " + (listed < 0 ? "unlisted"
                : Arrays.toString(Arrays.copyOf(members, listed)))), false);
        return keys;
    }

    /** A node finds copies of the people but the erased ones, who are new customers to it. */
    private static void assertErased(final EntityStore node, final String[][] people, final List<String> ids, final Set<Integer> erased) {
        final Resolution probe = resolver(node).resolve(batch(PERSON_MATCHER, "probe", copies("probe", people)));
        try {
            for (int record = 0; record < people.length; record++) {
                if (erased.contains(record)) {
                    assertEquals(EntityStatus.NEW, probe.status(record), "erased person " + record + " on " + node.describe());
                } else {
                    assertEquals(ids.get(record), probe.goldenId(record), "person " + record + " on " + node.describe());
                }
            }
        } finally {
            probe.pendingWrite().rollback();
        }
    }

    /**
     * Nodes A and B are fed the same new customers at once, round after round (from two CRMs, so each customer gets one
     * record from each), while node C compacts the key log in a loop and erases a customer of the round before; halfway,
     * B is stopped and started again. Every customer is one entity with both records, as one node would make; no entity
     * doubled, no cross-reference lost; every node finds each round's customers and none of the erased.
     */
    @Test
    void twoNodesFedTheSameCustomersWhileAThirdCompactsAndErasesMakeOneEntityEach() throws Exception {
        final int rounds = Integer.getInteger("nodes.rounds", 4);
        final int perRound = 15;
        final PostgresDatabase database = createDatabase("same-customers");
        final JdbcEntityStore a = node(database, "a");
        final JdbcEntityStore[] b = {node(database, "b")};
        final JdbcEntityStore c = node(database, "c");
        final ExecutorService threads = Executors.newFixedThreadPool(4);
        final java.util.concurrent.atomic.AtomicBoolean feeding = new java.util.concurrent.atomic.AtomicBoolean(true);
        final java.util.concurrent.atomic.AtomicInteger compactions = new java.util.concurrent.atomic.AtomicInteger();
        final List<Integer> attempts = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String[]> erased = new ArrayList<>();
        try {
            final Future<?> compacting = threads.submit(() -> {
                while (feeding.get()) {
                    if (c.compactKeyLog(false).compacted()) {
                        compactions.incrementAndGet();
                    }
                }
                return null;
            });
            String erasing = null;
            for (int round = 0; round < rounds; round++) {
                if (round == rounds / 2) {
                    stop(b[0]);
                    b[0] = node(database, "b");
                }
                final String[][] people = people(1000 + round * perRound, perRound);
                final CountDownLatch start = new CountDownLatch(1);
                final List<Future<List<String>>> results = new ArrayList<>();
                for (final Object[] feed : new Object[][] {{a, "sf"}, {b[0], "hs"}}) {
                    results.add(threads.submit((Callable<List<String>>) () -> {
                        start.await();
                        final Resolution resolution = commit(resolver((EntityStore) feed[0]), batch(PERSON_MATCHER, (String) feed[1],
                                copies((String) feed[1], people)));
                        attempts.add(resolution.getAttempts());
                        return goldenIds(resolution);
                    }));
                }
                final String goldenId = erasing;
                final Future<?> erasure = threads.submit(() -> {
                    start.await();
                    if (goldenId != null) {
                        c.erase(List.of(goldenId)).pendingWrite().commit();
                    }
                    return null;
                });
                start.countDown();
                final List<String> first = results.get(0).get(120, TimeUnit.SECONDS);
                final List<String> second = results.get(1).get(120, TimeUnit.SECONDS);
                erasure.get(120, TimeUnit.SECONDS);
                for (int person = 0; person < perRound; person++) {
                    final Set<String> live = new HashSet<>();
                    live.add(a.liveGoldenId(first.get(person)).orElseThrow());
                    live.add(a.liveGoldenId(second.get(person)).orElseThrow());
                    assertEquals(1, live.size(), "round " + round + ", person " + person + ": " + live);
                }
                assertEquals(2L * ((round + 1) * perRound - erased.size()), a.statistics().members(), "round " + round);
                for (final JdbcEntityStore node : List.of(a, b[0], c)) {
                    final List<String> found = found(node, people);
                    for (int person = 0; person < perRound; person++) {
                        assertEquals(a.liveGoldenId(first.get(person)).orElseThrow(), found.get(person), "round " + round + " on " + node.describe());
                    }
                    if (!erased.isEmpty()) {
                        final String[][] gone = erased.toArray(new String[0][]);
                        assertErased(node, gone, null, java.util.stream.IntStream.range(0, gone.length).boxed().collect(java.util.stream.Collectors.toSet()));
                    }
                }
                erasing = a.liveGoldenId(first.get(0)).orElseThrow();
                erased.add(people[0]);
            }
            feeding.set(false);
            compacting.get(120, TimeUnit.SECONDS);
        } finally {
            feeding.set(false);
            threads.shutdownNow();
        }
        System.out.println("PostgresNodesTest: " + rounds + " rounds, " + compactions.get() + " compactions, attempts " + attempts);
    }

    /**
     * Node A's write fails at its commit after A's key index took its change in (beside the commit, as always): the
     * server ended the transaction, giving up the writers' turn, a moment before A's committing thread heard. A's
     * compaction takes the turn in that moment. It must not make a base of the change the database never committed, nor
     * delete the log under the row the next write is numbered after: every node then finds what was committed, as one
     * node would, and none finds the failed change's people.
     */
    @Test
    void aCompactionWhileAFailedCommitShowsInTheIndexCompactsWhatWasCommitted() throws Exception {
        final PostgresDatabase database = createDatabase("failed-commit-compaction");
        final RefusedCommit refusal = new RefusedCommit();
        final JdbcEntityStore a = node(database, "a", refusal);
        final JdbcEntityStore b = node(database, "b");
        final String[][] people = people(300, 30);
        final List<String> ids = new ArrayList<>(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 0, 10)))));
        ids.addAll(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 10, 20)))));
        assertEquals(ids, found(b, Arrays.copyOfRange(people, 0, 20)));

        final long before = row(a);
        final Resolution failing = resolver(a).resolve(batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 20, 25)));
        refusal.armEndedAtServer();
        final ExecutorService committer = Executors.newSingleThreadExecutor();
        try {
            final Future<?> commit = committer.submit(() -> failing.pendingWrite().commit());
            assertTrue(refusal.awaitCommitting(), "the commit started");
            final long started = System.nanoTime();
            while (row(a) == before && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60)) {
                Thread.onSpinWait();
            }
            assertEquals(before + 1, row(a), "A's index took the failing change in beside its commit");
            a.compactKeyLog(false);
            refusal.refuse();
            assertThrows(ExecutionException.class, () -> commit.get(60, TimeUnit.SECONDS));
        } finally {
            refusal.refuse();
            committer.shutdownNow();
        }

        ids.addAll(goldenIds(commit(resolver(b), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 25, 30)))));
        assertEquals(before + 1, row(b), "B's write is the log's row after the last committed one, and B's index holds it");
        final String[][] committed = Stream.concat(Arrays.stream(people, 0, 20), Arrays.stream(people, 25, 30)).toArray(String[][]::new);
        for (final JdbcEntityStore node : List.of(a, b, node(database, "c"))) {
            assertEquals(ids, found(node, committed), node.describe());
            final Resolution neverStored = resolver(node).resolve(batch(PERSON_MATCHER, "probe", copies("probe", Arrays.copyOfRange(people, 20, 25))));
            neverStored.pendingWrite().rollback();
            for (int record = 0; record < neverStored.size(); record++) {
                assertEquals(EntityStatus.NEW, neverStored.status(record), "the failed change's person " + record + " on " + node.describe());
            }
            assertEquals(row(a), row(node), node.describe());
        }
        assertEquals(25, a.statistics().entities());
    }

    /**
     * Node B builds its key index from the log (it starts afresh) and, between the snapshot it builds from and the rows
     * committed since, node A writes twice and compacts the log past them: B starts over from the new base and finds
     * every person, those A wrote meanwhile too, as A does.
     */
    @Test
    void aNodeBuildingItsIndexWhileAnotherCompactsStartsOverAndFindsEveryCustomer() throws Exception {
        final PostgresDatabase database = createDatabase("compaction-during-rebuild");
        final JdbcEntityStore a = node(database, "a");
        // A's compactions keep no row before the base: the rows B lacks are gone, as when they are more than a compaction
        // keeps or name an erased customer's keys
        a.keyLog().keptBytes = 0;
        final String[][] people = people(400, 30);
        final List<String> ids = new ArrayList<>(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 0, 10)))));
        assertTrue(a.compactKeyLog(false).compacted());
        ids.addAll(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 10, 20)))));
        final java.util.concurrent.atomic.AtomicInteger replays = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicBoolean meanwhile = new java.util.concurrent.atomic.AtomicBoolean();
        final ConnectionSource watched = preparing(database, sql -> {
            // the second replay of the build: the rows committed after its snapshot
            if (sql.startsWith("select log_seq, entries, ") && replays.incrementAndGet() == 2) {
                for (int part = 20; part < 30; part += 5) {
                    ids.addAll(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, part, part + 5)))));
                }
                assertTrue(a.compactKeyLog(false).compacted());
                meanwhile.set(true);
            }
        });
        final JdbcEntityStore b = JdbcEntityStore.postgres(watched, "PostgreSQL store " + database.name() + " on b", disks.resolve("b"));
        opened.add(b);
        assertTrue(meanwhile.get(), "A wrote and compacted while B built its index");
        assertTrue(replays.get() > 2, "B started over: " + replays.get() + " replays");
        assertEquals(row(a), row(b));
        assertEquals(ids, found(b, people));
        assertEquals(ids, found(a, people));
    }

    /** The database's connections, each telling {@code preparing} the SQL of every statement it prepares, before it does. */
    private static ConnectionSource preparing(final PostgresDatabase database, final java.util.function.Consumer<String> preparing) {
        final DataSourceConnections plain = new DataSourceConnections(database.dataSource());
        return new ConnectionSource() {
            @Override
            public java.sql.Connection borrow() throws SQLException {
                final java.sql.Connection connection = plain.borrow();
                return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(PostgresNodesTest.class.getClassLoader(),
                        new Class<?>[] {java.sql.Connection.class}, (proxy, method, arguments) -> {
                            if (method.getName().equals("unwrap") && arguments[0] == java.sql.Connection.class) {
                                return connection;
                            }
                            if (method.getName().equals("prepareStatement")) {
                                preparing.accept((String) arguments[0]);
                            }
                            try {
                                return method.invoke(connection, arguments);
                            } catch (final java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            @Override
            public void release(final java.sql.Connection connection) {
                try {
                    plain.release(connection.unwrap(java.sql.Connection.class));
                } catch (final SQLException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void close() {
                plain.close();
            }
        };
    }

    /**
     * Node B builds its key index again (a read found it damaged) while node A erases customer after customer, each
     * erasure compacting the log: A writes and compacts during each snapshot B builds from, so that the rows after it are
     * gone when B reads them. After {@link KeyLog#BUILDS_OUTSIDE_THE_TURN} such builds B builds its index holding the
     * writers' turn, as a write would: A's next write waits for it, and B finds every customer A stored. Before, B's read
     * failed after three builds ("compacted again and again"), and so did every read of B while A went on erasing.
     */
    @Test
    void aNodeOvertakenByCompactionsAtEveryBuildBuildsItsIndexHoldingTheWritersTurn() throws Exception {
        final PostgresDatabase database = createDatabase("compaction-at-every-rebuild");
        final JdbcEntityStore a = node(database, "a");
        // A's compactions keep no row before the base: the rows B lacks are gone, as when they are more than a compaction
        // keeps or name an erased customer's keys
        a.keyLog().keptBytes = 0;
        final String[][] people = people(500, 40);
        final List<String> firstTen = goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 0, 10))));
        final List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>(firstTen));
        final java.util.concurrent.atomic.AtomicBoolean building = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.atomic.AtomicInteger builds = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger nextPart = new java.util.concurrent.atomic.AtomicInteger(10);
        final List<Future<?>> writes = new ArrayList<>();
        final ExecutorService nodeA = Executors.newSingleThreadExecutor();
        final java.util.concurrent.atomic.AtomicInteger waitedOut = new java.util.concurrent.atomic.AtomicInteger();
        final ConnectionSource watched = preparing(database, sql -> {
            // a build's first replay is in its snapshot, after the base and the members: A writes and compacts meanwhile
            if (sql.startsWith("select log_seq, entries, ") && building.compareAndSet(true, false)) {
                final int part = nextPart.getAndAdd(10);
                // the builds outside the turn are overtaken by A's compaction; the build in the turn only makes A's write
                // wait: compacting after it could overtake B's next catch-up of the same read (a fourth build, when A's
                // write ends before B's read does on a loaded machine)
                final boolean overtaking = builds.get() <= KeyLog.BUILDS_OUTSIDE_THE_TURN;
                final Future<?> write = nodeA.submit(() -> {
                    // two writes, so that the compaction removes a row (it keeps the last)
                    for (int half = part; half < part + 10; half += 5) {
                        ids.addAll(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, half, half + 5)))));
                    }
                    if (overtaking) {
                        assertTrue(a.compactKeyLog(false).compacted());
                    }
                    return null;
                });
                writes.add(write);
                try {
                    if (builds.get() <= KeyLog.BUILDS_OUTSIDE_THE_TURN) {
                        // outside the turn A's write and compaction go on, however loaded the machine
                        write.get(60, TimeUnit.SECONDS);
                    } else if (waitsForTheWritersTurn(database, write)) {
                        // B holds the writers' turn: A's write waits until B's build is done
                        waitedOut.incrementAndGet();
                    }
                } catch (final InterruptedException | ExecutionException | java.util.concurrent.TimeoutException | SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        final JdbcEntityStore b = JdbcEntityStore.postgres(watched, "PostgreSQL store " + database.name() + " on b", disks.resolve("b"));
        opened.add(b);
        try {
            b.keyLog().rebuilding = () -> {
                builds.incrementAndGet();
                building.set(true);
            };
            b.keyLog().markStale();
            final List<String> foundOnB = found(b, Arrays.copyOfRange(people, 0, 10));
            b.keyLog().rebuilding = null;
            assertEquals(firstTen, foundOnB);
            assertEquals(KeyLog.BUILDS_OUTSIDE_THE_TURN + 1, builds.get(), "builds overtaken, then one in the writers' turn");
            assertEquals(1, waitedOut.get(), "A's write waited for B's build in the turn");
            for (final Future<?> write : writes) {
                write.get(60, TimeUnit.SECONDS);
            }
        } finally {
            nodeA.shutdownNow();
        }
        final int stored = nextPart.get();
        assertEquals(stored, ids.size());
        assertEquals(ids, found(b, Arrays.copyOfRange(people, 0, stored)));
        assertEquals(ids, found(a, Arrays.copyOfRange(people, 0, stored)));
        assertEquals(row(a), row(b));
    }

    /**
     * Whether a write waits for the writers' turn (PostgreSQL shows a session of the database waiting for an advisory lock)
     * before it ends; seen from the server rather than from a timeout, which a loaded machine overruns.
     */
    private static boolean waitsForTheWritersTurn(final PostgresDatabase database, final Future<?> write) throws SQLException, InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (java.sql.Connection connection = database.dataSource().getConnection();
             PreparedStatement waiting = connection.prepareStatement("select count(*) from pg_locks where locktype = 'advisory' and not granted"
                     + " and database = (select oid from pg_database where datname = current_database())")) {
            while (!write.isDone() && System.nanoTime() < deadline) {
                try (ResultSet rows = waiting.executeQuery()) {
                    if (rows.next() && rows.getLong(1) > 0) {
                        return true;
                    }
                }
                Thread.sleep(20);
            }
        }
        return false;
    }

    /**
     * As above, but node A's key index has not taken the failing change in yet (its log's thread was held up) when the
     * server gives the writers' turn to A's next write. That write, committed in that turn, is the log's row after the
     * last committed one: A's index must hold it, and not the failed change in its place, already before A's committing
     * thread hears of the failure (with a connection lost, minutes later).
     */
    @Test
    void aChangeNotYetTakenInWhenTheTurnPassesOnIsNotTakenInAhead() throws Exception {
        final PostgresDatabase database = createDatabase("late-apply-ahead");
        final RefusedCommit refusal = new RefusedCommit();
        final JdbcEntityStore a = node(database, "a", refusal);
        final String[][] people = people(600, 20);
        final List<String> ids = new ArrayList<>(goldenIds(commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 0, 10)))));
        final long before = row(a);

        final HeldTakingIn held = new HeldTakingIn();
        final CountDownLatch reached = held.reached;
        final CountDownLatch goOn = held.goOn;
        final CountDownLatch done = held.done;
        a.keyLog().takingAhead = held;
        final Resolution failing = resolver(a).resolve(batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 10, 15)));
        refusal.armEndedAtServer();
        final ExecutorService committer = Executors.newSingleThreadExecutor();
        try {
            final Future<?> commit = committer.submit(() -> failing.pendingWrite().commit());
            assertTrue(refusal.awaitCommitting(), "the commit started");
            assertTrue(reached.await(60, TimeUnit.SECONDS), "the log's thread is about to take the change in");
            a.keyLog().takingAhead = null;
            // A's next write takes the turn the failed commit gave up; then the log's thread goes on, and is done
            final Resolution next = resolver(a).resolve(batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 15, 20)));
            goOn.countDown();
            assertTrue(done.await(60, TimeUnit.SECONDS));
            next.pendingWrite().commit();
            ids.addAll(goldenIds(next));
            assertEquals(before + 1, row(a), "the next write is the log's row after the last committed one");
            final long member = a.findMembers(List.of(new SourceKey("sf", "p615")), List.of()).values().iterator().next().memberId();
            assertTrue(a.blocksListing(new long[] {member})[0].length > 0, "A's index holds the next write's records, not the failed change");
            final String[][] committed = Stream.concat(Arrays.stream(people, 0, 10), Arrays.stream(people, 15, 20)).toArray(String[][]::new);
            assertEquals(ids, found(a, committed), "before the failed commit is told");
            refusal.refuse();
            assertThrows(ExecutionException.class, () -> commit.get(60, TimeUnit.SECONDS));
        } finally {
            goOn.countDown();
            refusal.refuse();
            committer.shutdownNow();
        }
        final String[][] committed = Stream.concat(Arrays.stream(people, 0, 10), Arrays.stream(people, 15, 20)).toArray(String[][]::new);
        for (final JdbcEntityStore node : List.of(a, node(database, "b"))) {
            assertEquals(ids, found(node, committed), node.describe());
            assertEquals(before + 1, row(node), node.describe());
        }
    }

    /**
     * A node stopped while its index stood stale, a change taken in only halfway (a full disk stopped it: a memory-mapped
     * write fails with an InternalError), builds its index again when it restarts. Marked clean on its way down, it went
     * on from its last whole row and took the half in a second time: the members that had joined their blocks before the
     * fault were listed, and counted, twice. Compared with a node that builds its index afresh.
     */
    @Test
    void aNodeStoppedWhileAChangeStoodHalfTakenInBuildsItsIndexAgainWhenItRestarts() throws SQLException {
        final PostgresDatabase database = createDatabase("half-taken-in");
        JdbcEntityStore a = node(database, "a");
        final String[][] people = people(0, 20);
        commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 0, 10)));
        final KeyIndex index = a.keyLog().index();
        final int[] joins = new int[1];
        index.joining = hash -> {
            if (++joins[0] == 6) {
                throw new InternalError("a fault occurred in an unsafe memory access operation: no space left on device");
            }
        };
        commit(resolver(a), batch(PERSON_MATCHER, "sf", Arrays.copyOfRange(people, 10, 20)));
        index.joining = null;
        assertTrue(joins[0] >= 6, "the second write's change was stopped halfway");
        stop(a);

        a = node(database, "a");
        final JdbcEntityStore fresh = node(database, "fresh");
        final long[] members = new long[100];
        Arrays.setAll(members, i -> i + 1);
        final long[][] listed = a.blocksListing(members);
        final long[][] expected = fresh.blocksListing(members);
        final Set<Long> blocks = new HashSet<>();
        for (int i = 0; i < members.length; i++) {
            Arrays.sort(listed[i]);
            Arrays.sort(expected[i]);
            assertEquals(Arrays.toString(expected[i]), Arrays.toString(listed[i]), "the blocks listing member " + members[i]);
            Arrays.stream(expected[i]).forEach(blocks::add);
        }
        assertTrue(blocks.size() > 20, "the people were keyed");
        final long[] hashes = blocks.stream().mapToLong(Long::longValue).sorted().toArray();
        final KeyEntry[] counted = a.findKeys(hashes);
        final KeyEntry[] countedAfresh = fresh.findKeys(hashes);
        for (int i = 0; i < hashes.length; i++) {
            assertEquals(countedAfresh[i].count(), counted[i].count(), "the count of block " + hashes[i]);
        }
        assertEquals(found(fresh, people), found(a, people));
    }
}
