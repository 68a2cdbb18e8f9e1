package dev.nificrm.services;

import dev.nificrm.store.CatchUpListener;
import dev.nificrm.store.ConnectionSource;
import dev.nificrm.store.EntityStoreException;
import dev.nificrm.store.JdbcEntityStore;
import dev.nificrm.store.StoreInspection;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.dbcp.DBCPService;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.reporting.InitializationException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The entity store in a PostgreSQL database, shared by every node of a NiFi cluster through a DBCPService.
 */
@Tags({"crm", "entity store", "postgresql", "cluster", "golden record", "cross-reference", "lookup"})
@CapabilityDescription("The entity store in a PostgreSQL database reached through a Database Connection Pooling Service, shared by every "
        + "node of a NiFi cluster: two nodes that see the same new customer at once create one entity. The tables are created and "
        + "migrated when the service is enabled. Also a Record Lookup Service: coordinates 'system' and 'source_id' give the "
        + "record's golden_id and crm_xref; 'golden_id' gives the customer's ids and history (why each record was linked or merged).")
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

    public static final PropertyDescriptor KEY_INDEX_DIRECTORY = new PropertyDescriptor.Builder()
            .name("Key Index Directory")
            .description("A directory on this node's disk for the node's index of the store's blocking keys and term frequencies "
                    + "(a sub-directory named after the store), created when missing; a relative path is taken from NiFi's working "
                    + "directory. The index is derived from the database (table crm_key_log): it needs no backup, and is built again "
                    + "from the database when missing or not closed cleanly. Plan about 420 bytes per stored customer.")
            .required(true)
            .defaultValue("./state/crm-entity-store-index")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor KEY_INDEX_CATCH_UP_INTERVAL = new PropertyDescriptor.Builder()
            .name("Key Index Catch-Up Interval")
            .description("How often this node's key index takes in, by itself, what the other nodes wrote to the store, when the node "
                    + "neither reads nor writes (a standby): a customer another node erased leaves this node's index files within this "
                    + "time. Each time costs one look-up of the store's key log; a node that reads or writes takes it in sooner anyway.")
            .required(true)
            .defaultValue("1 min")
            .addValidator(StandardValidators.createTimePeriodValidator(1, TimeUnit.SECONDS, 1, TimeUnit.HOURS))
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONNECTION_POOL, KEY_INDEX_DIRECTORY, KEY_INDEX_CATCH_UP_INTERVAL);

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected List<StoreInspection.Check> inspect(final ConfigurationContext context) {
        return StoreInspection.shared(new PooledConnections(context.getProperty(CONNECTION_POOL).asControllerService(DBCPService.class)),
                indexDirectory(context));
    }

    private static Path indexDirectory(final ConfigurationContext context) {
        return Path.of(context.getProperty(KEY_INDEX_DIRECTORY).evaluateAttributeExpressions().getValue().trim());
    }

    @OnEnabled
    public void openStore(final ConfigurationContext context) throws InitializationException {
        final DBCPService pool = context.getProperty(CONNECTION_POOL).asControllerService(DBCPService.class);
        try {
            final Duration catchUpInterval = Duration.ofMillis(context.getProperty(KEY_INDEX_CATCH_UP_INTERVAL).asTimePeriod(TimeUnit.MILLISECONDS));
            setEntityStore(JdbcEntityStore.postgres(new PooledConnections(pool), "PostgreSQL entity store of " + getIdentifier(), indexDirectory(context),
                    catchUpInterval, new LoggedCatchUps(getLogger())));
        } catch (final EntityStoreException e) {
            throw new InitializationException(e.getMessage(), e);
        }
    }

    /** Logs what the key index took in by itself: counts at debug level, failures as warnings with their reason, never a value. */
    private record LoggedCatchUps(ComponentLog logger) implements CatchUpListener {
        @Override
        public void caughtUp(final long rows, final long millis) {
            logger.debug("The key index took in {} key log rows other nodes wrote, in {} ms", rows, millis);
        }

        @Override
        public void failed(final EntityStoreException failure) {
            logger.warn("The key index could not take in what other nodes wrote; trying again after the Key Index Catch-Up Interval: {}",
                    failure.getMessage());
        }

        @Override
        public void rebuilt(final String reason) {
            logger.warn("The key index is built again from the store, as when the service is enabled: {}", reason);
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
