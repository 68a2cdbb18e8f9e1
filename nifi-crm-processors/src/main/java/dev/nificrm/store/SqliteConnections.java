package dev.nificrm.store;

import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The connections of an embedded store: one SQLite file in write-ahead-log mode (readers never wait for the writer),
 * synchronous commits (a committed change survives a crash of the machine), and a few connections kept open so their
 * page caches stay warm. The JDBC URL is built here from the path alone, so no URL option can be injected.
 */
public final class SqliteConnections implements ConnectionSource {
    private static final int KEPT_OPEN = 4;
    private static final int CACHE_KIBIBYTES = 32 * 1024;
    private static final int BUSY_TIMEOUT_MILLIS = 60_000;
    /** Reads go through a memory map of the file (SQLite caps it at its own limit): no copy per page read. */
    private static final long MMAP_BYTES = 1L << 36;

    private final String url;
    private final SQLiteConfig config;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    public SqliteConnections(final Path databaseFile) {
        this.url = "jdbc:sqlite:" + databaseFile.toAbsolutePath();
        this.config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setCacheSize(-CACHE_KIBIBYTES);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(MMAP_BYTES));
    }

    @Override
    public Connection borrow() throws SQLException {
        synchronized (idle) {
            if (closed) {
                throw new SQLException("The embedded entity store is closed");
            }
            final Connection pooled = idle.pollFirst();
            if (pooled != null) {
                return pooled;
            }
        }
        return config.createConnection(url);
    }

    @Override
    public void release(final Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            synchronized (idle) {
                if (!closed && idle.size() < KEPT_OPEN) {
                    idle.addFirst(connection);
                    return;
                }
            }
            connection.close();
        } catch (final SQLException e) {
            closeQuietly(connection);
        }
    }

    @Override
    public void close() {
        synchronized (idle) {
            closed = true;
            for (final Connection connection : idle) {
                closeQuietly(connection);
            }
            idle.clear();
        }
    }

    private static void closeQuietly(final Connection connection) {
        try {
            connection.close();
        } catch (final SQLException ignored) {
            // a connection that cannot even be closed is gone already
        }
    }
}
