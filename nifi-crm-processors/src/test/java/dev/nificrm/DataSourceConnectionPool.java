package dev.nificrm;

import dev.nificrm.services.PostgreSQLEntityStore;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.dbcp.DBCPService;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;

import java.nio.file.Path;
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

    /**
     * Adds a pool over the data source (service "pool", enabled) and a PostgreSQLEntityStore on it (service "entity-store",
     * its key index in the directory given: a node of its own) to a runner; the caller enables the store.
     */
    public static PostgreSQLEntityStore addPostgresStore(final TestRunner runner, final DataSource dataSource, final Path keyIndexDirectory)
            throws InitializationException {
        final DataSourceConnectionPool pool = new DataSourceConnectionPool(dataSource);
        runner.addControllerService("pool", pool);
        runner.enableControllerService(pool);
        final PostgreSQLEntityStore store = new PostgreSQLEntityStore();
        runner.addControllerService("entity-store", store);
        runner.setProperty(store, PostgreSQLEntityStore.CONNECTION_POOL, "pool");
        runner.setProperty(store, PostgreSQLEntityStore.KEY_INDEX_DIRECTORY, keyIndexDirectory.toString());
        return store;
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
