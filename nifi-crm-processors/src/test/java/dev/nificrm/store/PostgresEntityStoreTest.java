package dev.nificrm.store;

import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The entity store contract on a real PostgreSQL server, started by the build; every store a database of its own, and
 * every store opened as if on a NiFi node of its own (a key index directory of its own).
 */
@ExtendWith(PostgresExtension.class)
class PostgresEntityStoreTest extends EntityStoreContractTest {
    private final Map<EntityStore, PostgresDatabase> databases = new HashMap<>();
    private PostgresServer server;
    private int stores;
    private int nodes;
    @TempDir
    Path nodeDisks;

    @BeforeEach
    void server(final PostgresServer postgres) {
        this.server = postgres;
    }

    @Override
    protected EntityStore newStore() {
        try {
            final PostgresDatabase database = server.createDatabase("store" + stores++);
            final EntityStore store = open(database);
            databases.put(store, database);
            return store;
        } catch (final SQLException e) {
            throw new IllegalStateException("Could not create a test database", e);
        }
    }

    @Override
    protected EntityStore reopen(final EntityStore store) {
        final PostgresDatabase database = databases.get(store);
        final EntityStore reopened = open(database);
        databases.put(reopened, database);
        return reopened;
    }

    private EntityStore open(final PostgresDatabase database) {
        return JdbcEntityStore.postgres(new DataSourceConnections(database.dataSource()), "PostgreSQL store " + database.name(),
                nodeDisks.resolve("node-" + nodes++));
    }
}
