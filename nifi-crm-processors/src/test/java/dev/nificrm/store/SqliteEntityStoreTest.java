package dev.nificrm.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The entity store contract on the embedded SQLite store. */
class SqliteEntityStoreTest extends EntityStoreContractTest {
    @TempDir
    Path directory;

    private final Map<EntityStore, Path> files = new HashMap<>();
    private int stores;

    @Override
    protected EntityStore newStore() {
        final Path file = directory.resolve("store-" + stores++ + ".db");
        final EntityStore store = JdbcEntityStore.sqlite(file);
        files.put(store, file);
        return store;
    }

    @Override
    protected EntityStore reopen(final EntityStore store) {
        final Path file = files.get(store);
        final EntityStore reopened = JdbcEntityStore.sqlite(file);
        files.put(reopened, file);
        return reopened;
    }
}
