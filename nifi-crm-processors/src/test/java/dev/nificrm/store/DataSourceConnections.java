package dev.nificrm.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Connections from a plain DataSource (a test's PostgreSQL database), pooled as NiFi's DBCPConnectionPool pools them:
 * borrowing takes an idle connection or opens one; releasing rolls back what is still open, returns the connection to
 * auto-commit and keeps it for the next borrower; closing closes the idle ones. Opening a PostgreSQL connection starts
 * a server process, which would cost the tests more than the work they test. Also used by the system tests.
 */
public final class DataSourceConnections implements ConnectionSource {
    private final DataSource dataSource;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    public DataSourceConnections(final DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection borrow() throws SQLException {
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            if (!connection.isClosed()) {
                return connection;
            }
        }
        return dataSource.getConnection();
    }

    @Override
    public void release(final Connection connection) {
        try {
            if (!connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            if (!closed && !connection.isClosed()) {
                idle.addFirst(connection);
                return;
            }
        } catch (final SQLException broken) {
            // a connection that cannot be reset is not kept
        }
        closeQuietly(connection);
    }

    @Override
    public void close() {
        closed = true;
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(final Connection connection) {
        try {
            connection.close();
        } catch (final SQLException ignored) {
            // closing a test connection that is already broken
        }
    }
}
