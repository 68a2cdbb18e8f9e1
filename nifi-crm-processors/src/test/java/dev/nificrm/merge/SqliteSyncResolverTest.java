package dev.nificrm.merge;

import dev.nificrm.store.EntityStore;
import dev.nificrm.store.JdbcEntityStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The three-way merge's store contract on the embedded SQLite store. */
class SqliteSyncResolverTest extends SyncResolverContractTest {
    @TempDir
    Path directory;

    private int stores;

    @Override
    protected EntityStore newStore() {
        return JdbcEntityStore.sqlite(directory.resolve("store-" + stores++ + ".db"));
    }
}
