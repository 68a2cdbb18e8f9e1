package dev.nificrm;

import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.dbcp.DBCPService;
import org.apache.nifi.processor.exception.ProcessException;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A DBCPService over a test's real PostgreSQL database: NiFi's DBCPConnectionPool lives in a bundle that is not on the
 * processors' test class path, so unit tests hand its connections over with this; the system tests use the real pool.
 */
public final class DataSourceConnectionPool extends AbstractControllerService implements DBCPService {
    private final DataSource dataSource;

    public DataSourceConnectionPool(final DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws ProcessException {
        try {
            return dataSource.getConnection();
        } catch (final SQLException e) {
            throw new ProcessException("Could not connect to the test database", e);
        }
    }
}
