package dev.nificrm.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
