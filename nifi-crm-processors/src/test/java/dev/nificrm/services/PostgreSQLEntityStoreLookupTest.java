package dev.nificrm.services;

import dev.nificrm.DataSourceConnectionPool;
import dev.nificrm.EnabledStores;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import org.apache.nifi.lookup.LookupFailureException;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PostgreSQL entity store as LookupRecord's lookup service, on coordinates PostgreSQL cannot hold. */
@ExtendWith(PostgresExtension.class)
class PostgreSQLEntityStoreLookupTest {
    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    @TempDir
    Path directory;

    /**
     * A coordinate with a NUL character (which PostgreSQL cannot store, so no record has it) finds nothing: the record is
     * LookupRecord's unmatched. Before, PostgreSQL's refusal (SQL state 22021) came out as a LookupFailureException, on
     * which LookupRecord fails the record's whole FlowFile.
     */
    @Test
    void aCoordinateThePostgreSQLStoreCannotHoldFindsNothing(final PostgresDatabase database) throws LookupFailureException, InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final DataSourceConnectionPool pool = new DataSourceConnectionPool(database.dataSource());
        runner.addControllerService("pool", pool);
        runner.enableControllerService(pool);
        final PostgreSQLEntityStore store = new PostgreSQLEntityStore();
        runner.addControllerService("entity-store", store);
        runner.setProperty(store, PostgreSQLEntityStore.CONNECTION_POOL, "pool");
        runner.setProperty(store, PostgreSQLEntityStore.KEY_INDEX_DIRECTORY, directory.resolve("index").toString());
        stores.enable(runner, store);

        assertTrue(store.lookup(Map.of("system", "crm", "source_id", "003A\u0000B")).isEmpty());
        assertTrue(store.lookup(Map.of("system", "c\u0000rm", "source_id", "003A")).isEmpty());
        assertTrue(store.lookup(Map.of("golden_id", "0193\u0000")).isEmpty());
        assertTrue(store.lookup(Map.of("system", "crm", "source_id", "003A")).isEmpty(), "the store reads on after a refused value");
    }
}
