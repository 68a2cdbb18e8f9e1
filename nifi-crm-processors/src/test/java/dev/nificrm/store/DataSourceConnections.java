package dev.nificrm.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Connections from a plain DataSource (a test's PostgreSQL database): borrowing opens one, releasing closes it; also used by the system tests. */
public final class DataSourceConnections implements ConnectionSource {
    private final DataSource dataSource;

    public DataSourceConnections(final DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection borrow() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void release(final Connection connection) {
        try {
            connection.close();
        } catch (final SQLException ignored) {
            // closing a test connection that is already broken
        }
    }

    @Override
    public void close() {
        // nothing pooled
    }
}
