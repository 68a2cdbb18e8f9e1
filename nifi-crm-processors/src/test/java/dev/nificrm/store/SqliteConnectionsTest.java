package dev.nificrm.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteConnectionsTest {
    private static final int ROWS = 20_000;

    @TempDir
    Path directory;

    /**
     * A commit leaves its pages in the log (the committing thread does not copy them back); after it says so, a thread of
     * the connection source checkpoints them into the database file.
     */
    @Test
    void committedPagesReachTheDatabaseFileInTheBackground() throws Exception {
        final Path file = directory.resolve("store.db");
        try (SqliteConnections connections = new SqliteConnections(file)) {
            final Connection connection = connections.borrow();
            try (Statement statement = connection.createStatement()) {
                statement.execute("create table t (id integer primary key, text text not null)");
            }
            final long before = Files.size(file);
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into t (id, text) values (?, ?)")) {
                for (int id = 0; id < ROWS; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "row " + id + " with some text to fill pages");
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
            connections.release(connection);
            assertEquals(before, Files.size(file), "the committing thread copied nothing into the database file");

            connections.committed();
            final long deadline = System.currentTimeMillis() + 30_000;
            while (Files.size(file) == before && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.size(file) > before, "the checkpoint thread copied the committed pages into the file");
            assertEquals(ROWS, count(connections));
        }
        try (SqliteConnections reopened = new SqliteConnections(file)) {
            assertEquals(ROWS, count(reopened), "every committed row is there after closing and opening again");
        }
    }

    /**
     * A read transaction open across an erasure (another connection's, on the same file) keeps the write-ahead log, whose
     * pages hold the erased row, from being emptied. The erasing thread waits a second at most, not until the reader ends:
     * it is back while the reader is still open (before, each of 50 attempts waited up to the 60-s busy timeout, here as
     * long as the reader was held); the log is emptied on the checkpoint thread as soon as the reader ends, and the
     * future says so. (Not timed: a loaded machine overran 1 s more than the wait.)
     */
    @Test
    void anErasureWaitsABoundedTimeForATransactionKeepingTheLogThenEmptiesItInTheBackground() throws Exception {
        final Path file = directory.resolve("store.db");
        final Path log = Path.of(file + "-wal");
        try (SqliteConnections connections = new SqliteConnections(file)) {
            final Connection connection = connections.borrow();
            try (Statement statement = connection.createStatement()) {
                statement.execute("create table t (id integer primary key, text text not null)");
                statement.execute("insert into t (id, text) values (1, 'erased-4711@example.com'), (2, 'kept@example.com')");
            }
            // held until the erasing thread is back (a minute at most)
            final OpenRead read = OpenRead.of(file, "t", 60_000);
            try (Statement statement = connection.createStatement()) {
                statement.execute("delete from t where id = 1");
            }
            connections.release(connection);

            final CompletableFuture<Void> emptied = connections.erased();
            final boolean emptiedWhileHeld = emptied.isDone();
            assertTrue(read.end(), "the erasing thread was back while the reader was still open");
            assertFalse(emptiedWhileHeld, "the reader kept the log");

            emptied.get(30, TimeUnit.SECONDS);
            assertEquals(0, Files.size(log), "emptied once the reader ended");
            assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("erased-4711"));
            assertEquals(1, count(connections));
        }
    }

    private static int count(final SqliteConnections connections) throws SQLException {
        final Connection connection = connections.borrow();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("select count(*) from t")) {
            rows.next();
            return rows.getInt(1);
        } finally {
            connections.release(connection);
        }
    }
}
