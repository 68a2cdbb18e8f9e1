package dev.nificrm.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded store's key log and index: the index always answers what the log says, whether it was kept up to date,
 * deleted, left behind by a restored database, or has to start from the keys schema version 1 kept in crm_key.
 */
class KeyLogTest {
    private static final long[] ASKED = {11, 12, 13, 14, 21, 99};

    @TempDir
    Path directory;

    @Test
    void aDeletedIndexIsBuiltAgainFromTheLog() throws IOException, StoreConflictException {
        final Path file = directory.resolve("store.db");
        final Map<Long, KeyIndexTest.Listed> before;
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            writeCustomers(store, "a", 1, 2);
            writeCustomers(store, "b", 3);
            before = keys(store);
            final KeyEntry[] aligned = store.findKeys(ASKED);
            assertEquals(ASKED.length, aligned.length, "an entry or null per hash asked for, in its place");
            assertEquals(3, aligned[0].count(), "key 11: the three customers");
            assertEquals(6, aligned[5].count(), "key 99: counted twice per customer");
            assertNull(aligned[3], "no customer has key 14");
        }
        deleteRecursively(JdbcEntityStore.keyIndexDirectory(file));
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            assertSame(before, keys(store));
            assertEquals(3, before.get(11L).count());
            assertArrayEquals(new long[] {1, 2, 3}, before.get(11L).memberIds());
            assertEquals(6, before.get(99L).count(), "counted keys come back too");
        }
    }

    @Test
    void anIndexAheadOfARestoredDatabaseIsBuiltAgain() throws IOException, StoreConflictException {
        final Path file = directory.resolve("store.db");
        final Path backup = directory.resolve("backup.db");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            writeCustomers(store, "a", 1);
        }
        Files.copy(file, backup);
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            writeCustomers(store, "b", 2, 3);
            assertEquals(3, keys(store).get(11L).count());
        }
        // the operator restores the database from its backup; the index beside it is the newer one
        Files.copy(backup, file, StandardCopyOption.REPLACE_EXISTING);
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            final Map<Long, KeyIndexTest.Listed> keys = keys(store);
            assertEquals(1, keys.get(11L).count());
            assertArrayEquals(new long[] {1}, keys.get(11L).memberIds());
            // and the store goes on from there
            writeCustomers(store, "c", 4);
            assertEquals(2, keys(store).get(11L).count());
        }
    }

    @Test
    void keysOfSchemaVersionOneAreReadFromCrmKey() throws SQLException, IOException, StoreConflictException {
        // rows as version 1 wrote them (member numbers in base 36, a block too large to list, a counted key)
        final Path file = storeWithVersionOneKeys("(11, 2, '2t,3r'), (21, 900, null), (99, 7, null)");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            Map<Long, KeyIndexTest.Listed> keys = keys(store);
            assertArrayEquals(new long[] {101, 135}, keys.get(11L).memberIds());
            assertEquals(900, keys.get(21L).count());
            assertEquals(null, keys.get(21L).memberIds());
            writeCustomers(store, "a", 1);
            keys = keys(store);
            assertArrayEquals(new long[] {101, 135, 1}, keys.get(11L).memberIds(), "the log continues what crm_key held");
            assertEquals(9, keys.get(99L).count());
        }
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            assertArrayEquals(new long[] {101, 135, 1}, keys(store).get(11L).memberIds(), "and a clean reopen keeps it");
        }
    }

    /**
     * Compacting the log leaves one row and a base that holds the keys of every row before it (and those version 1 kept
     * in crm_key): the index built from it is the index as it was, a key nobody carries any more left out, and a clean
     * reopen goes on from the row that stayed.
     */
    @Test
    void aCompactedLogBuildsTheIndexItHad() throws SQLException, IOException, StoreConflictException {
        final long[] asked = {11, 12, 13, 14, 21, 99, 1001, 1004};
        final Path file = storeWithVersionOneKeys("(11, 2, '2t,3r'), (21, 900, null)");
        final Map<Long, KeyIndexTest.Listed> before;
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            writeCustomers(store, "a", 1, 2, 3);
            writeCustomers(store, "b", 4);
            final ChangeSet change = new ChangeSet(store.layout(List.of("name")), store.readMark());
            change.changeKeys(4, "renamed", new long[] {12, 1004}, new long[] {13});
            store.write(change).commit();
            before = keys(store, asked);
            assertFalse(before.containsKey(1004L), "member 4 left its own block, which is nobody's now and let go");
            assertFalse(store.compactKeyLog(true).compacted(), "a log of three rows is not due");

            final KeyLogCompaction compaction = store.compactKeyLog(false);
            assertTrue(compaction.compacted());
            assertEquals(3, compaction.throughSeq());
            assertEquals(2, compaction.rowsRemoved(), "every row but the last");
            assertTrue(compaction.baseBytes() > 0 && compaction.keys() > 0);
            assertSame(before, keys(store, asked));
            assertEquals(List.of(3L), longs(file, "select log_seq from crm_key_log"));
            assertEquals(List.of(), longs(file, "select key_hash from crm_key"), "the keys of version 1 are in the base");
            assertEquals(List.of(3L), longs(file, "select distinct through_seq from crm_key_base"));
            assertFalse(store.compactKeyLog(false).compacted(), "nothing was logged since");
        }
        deleteRecursively(JdbcEntityStore.keyIndexDirectory(file));
        final Map<Long, KeyIndexTest.Listed> after;
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            final Map<Long, KeyIndexTest.Listed> rebuilt = keys(store, asked);
            assertNull(rebuilt.get(1004L), "a key nobody carries any more is gone");
            before.remove(1004L);
            assertSame(before, rebuilt);
            assertArrayEquals(new long[] {101, 135, 1, 2, 3, 4}, rebuilt.get(11L).memberIds(), "crm_key's members, then the log's");
            assertArrayEquals(new long[] {4}, rebuilt.get(13L).memberIds());
            writeCustomers(store, "c", 5);
            after = keys(store, asked);
            assertArrayEquals(new long[] {101, 135, 1, 2, 3, 4, 5}, after.get(11L).memberIds());
        }
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            // a clean reopen continues from the row that stayed
            assertSame(after, keys(store, asked));
        }
    }

    @Test
    void aRolledBackWriteLeavesNoKey() throws StoreConflictException {
        try (EntityStore store = JdbcEntityStore.sqlite(directory.resolve("store.db"))) {
            final ChangeSet change = customers(store, "a", 1);
            store.write(change).rollback();
            assertTrue(keys(store).isEmpty());
            writeCustomers(store, "a", 1);
            assertFalse(keys(store).isEmpty());
        }
    }

    @Test
    void aCommitThatFailsAfterTheIndexTookTheChangeInLeavesNoKey() throws SQLException, StoreConflictException {
        final Path file = directory.resolve("store.db");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            writeCustomers(store, "a", 1);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            final KeyLog log = KeyLog.acquire(connection, JdbcEntityStore.keyIndexDirectory(file), new SqliteDialect());
            try {
                connection.setAutoCommit(false);
                final KeyChanges failing = new KeyChanges();
                failing.join(7, new long[] {4242});
                final KeyLog.Logged logged = log.append(connection, failing);
                // the disk refuses the commit (the index took the change in meanwhile, on its own thread)
                final Connection refusing = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, arguments) -> {
                            if (method.getName().equals("commit")) {
                                throw new SQLException("disk I/O error");
                            }
                            return method.invoke(connection, arguments);
                        });
                assertThrows(SQLException.class, () -> log.commit(refusing, List.of(logged)));
                assertTrue(log.isStale(), "the index is ahead of the database");
                connection.rollback();
                log.catchUp(connection);
                assertFalse(log.isStale());
                assertNull(log.find(new long[] {4242})[0], "built again, the index lacks the change the database lacks");

                final KeyChanges next = new KeyChanges();
                next.join(8, new long[] {4343});
                final KeyChanges after = new KeyChanges();
                after.join(9, new long[] {4343});
                after.leave(8, new long[] {4343});
                // two rows of one write (a FlowFile written in parts), applied in their order
                log.commit(connection, List.of(log.append(connection, next), log.append(connection, after)));
                assertArrayEquals(new long[] {9}, log.blockMembers(new long[] {4343})[0], "a commit that succeeds is in the index, every row of it");
                assertArrayEquals(new long[] {1}, log.blockMembers(new long[] {11})[0], "and what was there before is kept");
            } finally {
                log.release();
            }
        }
    }

    /**
     * A write's change is taken into the index ahead of its commit; a rebuild on another thread (the index marked stale
     * by a damaged read) reads a snapshot that the commit has not reached yet, and builds the index without the change.
     * The commit then succeeds: the index must hold the change all the same (it took the change in no longer), else no
     * later read or write on the embedded store (which takes in no log rows but its own) would ever see it.
     */
    @Test
    void aRebuildFromASnapshotBeforeACommitLeavesTheCommittedChangeInTheIndex() throws Exception {
        final Path file = directory.resolve("store.db");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            writeCustomers(store, "a", 1);
        }
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + file);
             Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            final KeyLog log = KeyLog.acquire(writer, JdbcEntityStore.keyIndexDirectory(file), new SqliteDialect());
            final ExecutorService committing = Executors.newSingleThreadExecutor();
            try {
                writer.setAutoCommit(false);
                final KeyChanges change = new KeyChanges();
                change.join(7, new long[] {4545});
                final KeyLog.Logged logged = log.append(writer, change);
                final CountDownLatch rebuilt = new CountDownLatch(1);
                // the database commits once the rebuild is done (a commit of many pages, slower than a small rebuild)
                final Connection slow = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, arguments) -> {
                            if (method.getName().equals("commit")) {
                                assertTrue(rebuilt.await(30, TimeUnit.SECONDS));
                            }
                            return method.invoke(writer, arguments);
                        });
                final Future<?> commit = committing.submit(() -> {
                    log.commit(slow, List.of(logged));
                    return null;
                });
                for (int i = 0; i < 6000 && log.find(new long[] {4545})[0] == null; i++) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                assertArrayEquals(new long[] {7}, log.blockMembers(new long[] {4545})[0], "taken in ahead of the commit");
                log.markStale();
                log.catchUp(reader);
                assertNull(log.find(new long[] {4545})[0], "built again from a snapshot the commit has not reached");
                rebuilt.countDown();
                commit.get(30, TimeUnit.SECONDS);
                assertFalse(log.isStale());
                assertArrayEquals(new long[] {7}, log.blockMembers(new long[] {4545})[0], "the committed change is in the index");
                assertArrayEquals(new long[] {1}, log.blockMembers(new long[] {11})[0]);
            } finally {
                committing.shutdownNow();
                log.release();
            }
        }
    }

    @Test
    void membersReadFromTheIndexFollowMergesMovesAndNewKeysAndSurviveARebuild() throws IOException, StoreConflictException {
        final Path file = directory.resolve("store.db");
        final List<String> fields = List.of("name");
        final long[] ids = {1, 2, 3, 4};
        final Map<Long, StoredMember> incremental;
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            writeCustomers(store, "a", 1, 2, 3, 4);
            final ChangeSet change = new ChangeSet(store.layout(fields), store.readMark());
            change.mergeEntities(goldenId(2), goldenId(1));
            change.moveMember(3, goldenId(3), goldenId(4));
            change.changeKeys(4, "renamed", new long[] {12}, new long[] {13});
            store.write(change).commit();
            incremental = members(store, ids, fields);
            assertEquals(goldenId(1), incremental.get(2L).goldenId(), "the merged entity's member follows it");
            assertEquals(goldenId(4), incremental.get(3L).goldenId(), "a moved member is where it moved");
            assertArrayEquals(new String[] {"renamed"}, incremental.get(4L).keys());
            assertEquals(new SourceKey("crm", "a2"), incremental.get(2L).source());
        }
        deleteRecursively(JdbcEntityStore.keyIndexDirectory(file));
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            final Map<Long, StoredMember> rebuilt = members(store, ids, fields);
            for (final long id : ids) {
                assertEquals(incremental.get(id).goldenId(), rebuilt.get(id).goldenId());
                assertEquals(incremental.get(id).source(), rebuilt.get(id).source());
                assertArrayEquals(incremental.get(id).keys(), rebuilt.get(id).keys());
            }
            assertArrayEquals(new long[] {1, 2, 3}, keys(store).get(12L).memberIds(), "member 4 left block 12");
        }
    }

    /**
     * An open write of several changes (a FlowFile written in parts) leaves the earlier changes in the key log alone
     * while the later are written; at the commit the index takes them all in from the log: members merged, moved and
     * re-keyed by any part read as they now are from the index itself, and so after a rebuild.
     */
    @Test
    void anOpenWriteOfSeveralChangesLeavesTheEarlierInTheLogAndTheIndexTakesThemAllIn() throws IOException, StoreConflictException {
        final Path file = directory.resolve("store.db");
        final List<String> fields = List.of("name");
        final long[] ids = {1, 2, 3, 4, 5};
        final Map<Long, StoredMember> committed;
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            writeCustomers(store, "a", 1, 2, 3, 4);
            final ChangeSet merge = new ChangeSet(store.layout(fields), store.readMark());
            merge.mergeEntities(goldenId(2), goldenId(1));
            final OpenWrite open = store.write(merge);
            final ChangeSet rename = new ChangeSet(store.layout(fields), -1);
            rename.changeKeys(4, "renamed", new long[] {12}, new long[] {13});
            rename.createEntity(goldenId(5));
            rename.addMember(new SourceKey("crm", "a5"), goldenId(5), "name5", new long[] {11, 1005});
            open.write(rename);
            assertEquals(goldenId(1), open.findMembersById(new long[] {2}, fields)[0].goldenId(), "the open write reads what it left in the log");
            final ChangeSet move = new ChangeSet(store.layout(fields), -1);
            move.moveMember(3, goldenId(3), goldenId(4));
            open.write(move);
            assertEquals(goldenId(2), members(store, ids, fields).get(2L).goldenId(), "others read the index as it was");
            open.commit();
            committed = members(store, ids, fields);
            assertEquals(goldenId(1), committed.get(2L).goldenId(), "the first change, left in the log, reached the index's members");
            assertArrayEquals(new String[] {"renamed"}, committed.get(4L).keys());
            assertEquals(goldenId(4), committed.get(3L).goldenId());
            assertEquals(new SourceKey("crm", "a5"), committed.get(5L).source());
            assertArrayEquals(new long[] {1, 2, 3, 4, 5}, keys(store).get(11L).memberIds(), "the new member joined block 11");
            assertArrayEquals(new long[] {1, 2, 3}, keys(store).get(12L).memberIds(), "member 4 left block 12");
        }
        deleteRecursively(JdbcEntityStore.keyIndexDirectory(file));
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            final Map<Long, StoredMember> rebuilt = members(store, ids, fields);
            for (final long id : ids) {
                assertEquals(committed.get(id).goldenId(), rebuilt.get(id).goldenId());
                assertArrayEquals(committed.get(id).keys(), rebuilt.get(id).keys());
            }
        }
    }

    private static String goldenId(final int number) {
        return "00000000-0000-7000-8000-" + String.format("%012d", number);
    }

    /** Customers with source ids {@code prefix + n} (members numbered by the store): every one in blocks 11 and 12, one block of its own, counted twice under 99. */
    private static void writeCustomers(final EntityStore store, final String prefix, final int... numbers) throws StoreConflictException {
        store.write(customers(store, prefix, numbers)).commit();
    }

    private static ChangeSet customers(final EntityStore store, final String prefix, final int... numbers) {
        final ChangeSet change = new ChangeSet(store.layout(List.of("name")), store.readMark());
        for (final int number : numbers) {
            final String goldenId = goldenId(number);
            change.createEntity(goldenId);
            change.addMember(new SourceKey("crm", prefix + number), goldenId, "name" + number, new long[] {11, 12, 1000 + number});
            change.count(99, 2);
        }
        return change;
    }

    /** The entries the store has for {@link #ASKED}, by hash. */
    private static Map<Long, KeyIndexTest.Listed> keys(final EntityStore store) {
        return keys(store, ASKED);
    }

    /** The entries the store has for these hashes, by hash. */
    private static Map<Long, KeyIndexTest.Listed> keys(final EntityStore store, final long[] asked) {
        final Map<Long, KeyIndexTest.Listed> keys = new HashMap<>();
        final KeyEntry[] entries = store.findKeys(asked);
        final long[][] members = store.findBlockMembers(asked);
        for (int i = 0; i < asked.length; i++) {
            if (entries[i] != null) {
                keys.put(asked[i], new KeyIndexTest.Listed(entries[i].count(), members[i]));
            }
        }
        return keys;
    }

    /** The members the store has of these numbers, by number (checking each is in the place of its number). */
    private static Map<Long, StoredMember> members(final EntityStore store, final long[] ids, final List<String> fields) {
        final StoredMember[] found = store.findMembersById(ids, fields);
        final Map<Long, StoredMember> members = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (found[i] != null) {
                assertEquals(ids[i], found[i].memberId());
                members.put(ids[i], found[i]);
            }
        }
        return members;
    }

    private static void assertSame(final Map<Long, KeyIndexTest.Listed> expected, final Map<Long, KeyIndexTest.Listed> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (final Map.Entry<Long, KeyIndexTest.Listed> entry : expected.entrySet()) {
            assertEquals(entry.getValue().count(), actual.get(entry.getKey()).count());
            assertArrayEquals(entry.getValue().memberIds(), actual.get(entry.getKey()).memberIds());
        }
    }

    /** A new store whose crm_key holds these rows (key_hash, record_count, member_ids) as schema version 1 left them, and no key index. */
    private Path storeWithVersionOneKeys(final String rows) throws SQLException, IOException {
        final Path file = directory.resolve("store.db");
        try (EntityStore store = JdbcEntityStore.sqlite(file)) {
            assertTrue(keys(store).isEmpty());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into crm_key (key_hash, record_count, member_ids) values " + rows);
        }
        deleteRecursively(JdbcEntityStore.keyIndexDirectory(file));
        return file;
    }

    private static List<Long> longs(final Path file, final String query) throws SQLException {
        final List<Long> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getLong(1));
            }
        }
        return values;
    }

    private static void deleteRecursively(final Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
