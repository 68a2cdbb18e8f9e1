package dev.nificrm.merge;

import dev.nificrm.store.DataSourceConnections;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.JdbcEntityStore;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;

/** The three-way table and the snapshot bookkeeping on a real PostgreSQL server, every store a database of its own. */
@ExtendWith(PostgresExtension.class)
class PostgresSyncResolverTest extends SyncResolverContractTest {
    private PostgresServer server;
    @TempDir
    Path indexes;
    private int stores;

    @BeforeEach
    void server(final PostgresServer postgres) {
        this.server = postgres;
    }

    @Override
    protected EntityStore newStore() {
        try {
            final PostgresDatabase database = server.createDatabase("sync" + stores++);
            return JdbcEntityStore.postgres(new DataSourceConnections(database.dataSource()), "PostgreSQL store " + database.name(),
                    indexes.resolve(database.name()));
        } catch (final SQLException e) {
            throw new IllegalStateException("Could not create a test database", e);
        }
    }
}
