package dev.nificrm.services;

import dev.nificrm.store.ConnectionSource;
import dev.nificrm.store.EntityStoreException;
import dev.nificrm.store.JdbcEntityStore;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.dbcp.DBCPService;
import org.apache.nifi.reporting.InitializationException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The entity store in a PostgreSQL database, shared by every node of a NiFi cluster through a DBCPService.
 */
@Tags({"crm", "entity store", "postgresql", "cluster", "golden record", "cross-reference", "lookup"})
@CapabilityDescription("The entity store in a PostgreSQL database reached through a Database Connection Pooling Service, shared by every "
        + "node of a NiFi cluster: two nodes that see the same new customer at once create one entity. The tables are created and "
        + "migrated when the service is enabled. Also a Record Lookup Service: coordinates 'system' and 'source_id' give the "
        + "record's golden_id and crm_xref.")
@SeeAlso(classNames = {"dev.nificrm.services.EmbeddedEntityStore", "dev.nificrm.processors.MatchCRMRecord",
        "org.apache.nifi.dbcp.DBCPConnectionPool", "org.apache.nifi.processors.standard.LookupRecord"})
public class PostgreSQLEntityStore extends AbstractEntityStoreService {

    public static final PropertyDescriptor CONNECTION_POOL = new PropertyDescriptor.Builder()
            .name("Database Connection Pooling Service")
            .description("The connection pool of the PostgreSQL database that holds the store's tables (crm_entity, crm_member, ...), "
                    + "e.g. a DBCPConnectionPool with the PostgreSQL JDBC driver; the user needs to create tables in its schema")
            .required(true)
            .identifiesControllerService(DBCPService.class)
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_POOL);

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @OnEnabled
    public void openStore(final ConfigurationContext context) throws InitializationException {
        final DBCPService pool = context.getProperty(CONNECTION_POOL).asControllerService(DBCPService.class);
        try {
            setEntityStore(JdbcEntityStore.postgres(new PooledConnections(pool), "PostgreSQL entity store of " + getIdentifier()));
        } catch (final EntityStoreException e) {
            throw new InitializationException(e.getMessage(), e);
        }
    }

    /** Connections from NiFi's pool: closing one returns it. */
    private record PooledConnections(DBCPService pool) implements ConnectionSource {
        @Override
        public Connection borrow() throws SQLException {
            try {
                return pool.getConnection();
            } catch (final org.apache.nifi.processor.exception.ProcessException e) {
                throw new SQLException("The connection pool gave no connection: " + e.getMessage(), e);
            }
        }

        @Override
        public void release(final Connection connection) {
            try {
                connection.close();
            } catch (final SQLException ignored) {
                // the pool discards a connection it cannot take back
            }
        }

        @Override
        public void close() {
            // the pool belongs to its own controller service
        }
    }
}
