package dev.nificrm.store;

import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.nificrm.store.EntityStoreContractTest.PERSON_MATCHER;
import static dev.nificrm.store.EntityStoreContractTest.batch;
import static dev.nificrm.store.EntityStoreContractTest.commit;
import static dev.nificrm.store.EntityStoreContractTest.resolver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several NiFi nodes on one PostgreSQL database, each a store with a key index of its own (a directory of its own), as
 * a cluster runs them: one node compacts the key log while another is behind, stopped or fed at once with the same
 * customers; a node's index files go missing; a node erases a customer. Every node must then find the customers as one
 * node alone would (the same golden ids for the same records).
 */
@ExtendWith(PostgresExtension.class)
class PostgresNodesTest {
    private static final String[] GIVEN = {"Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "Mateo", "Isabella", "Lucas"};
    private static final String[] FAMILY = {"Okafor", "Lindqvist", "Moreau", "Tanaka", "Kowalski", "Haddad", "Brennan", "Ivanova"};
    private final List<EntityStore> opened = new ArrayList<>();
    private PostgresServer server;
    @TempDir
    Path disks;

    @BeforeEach
    void server(final PostgresServer postgres) {
        this.server = postgres;
    }

    @AfterEach
    void close() {
        opened.forEach(EntityStore::close);
    }

    /** A node: the store on the database with its key index under a directory of the node's own. */
    private JdbcEntityStore node(final PostgresDatabase database, final String name) {
        final JdbcEntityStore store = JdbcEntityStore.postgres(new DataSourceConnections(database.dataSource()),
                "PostgreSQL store " + database.name() + " on " + name, disks.resolve(name));
        opened.add(store);
        return store;
    }

    private void stop(final EntityStore node) {
        node.close();
        opened.remove(node);
    }

    /** Distinct people, numbered: each a name, an email and a phone of their own. */
    static String[][] people(final int from, final int count) {
        final String[][] rows = new String[count][];
        for (int i = 0; i < count; i++) {
            final int person = from + i;
            final String given = GIVEN[person % GIVEN.length];
            final String family = FAMILY[person / GIVEN.length % FAMILY.length];
            rows[i] = new String[] {"p" + person, given, family,
                given.toLowerCase(Locale.ROOT) + "." + family.toLowerCase(Locale.ROOT) + person + "@example.com",
                String.format(Locale.ROOT, "(%03d) 555-%04d", 200 + person % 700, person % 10_000),
                (1940 + person % 60) + "-0" + (1 + person % 9) + "-1" + person % 10};
        }
        return rows;
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

    private static List<String> goldenIds(final Resolution resolution) {
        final List<String> ids = new ArrayList<>();
        for (int record = 0; record < resolution.size(); record++) {
            ids.add(resolution.goldenId(record));
        }
        return ids;
    }

    /** What a node finds for copies of stored people (rolled back): their golden ids, each an existing customer. */
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
        final PostgresDatabase database = server.createDatabase("compacted-rebuild");
        final JdbcEntityStore a = node(database, "a");
        final String[][] people = people(0, 40);
        final Resolution stored = commit(resolver(a), batch(PERSON_MATCHER, "sf", java.util.Arrays.copyOfRange(people, 0, 20)));
        final Resolution more = commit(resolver(a), batch(PERSON_MATCHER, "sf", java.util.Arrays.copyOfRange(people, 20, 40)));
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
}
