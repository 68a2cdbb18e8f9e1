package dev.nificrm.benchmarks;

import dev.nificrm.store.EntityStore;
import dev.nificrm.store.JdbcEntityStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The embedded (SQLite) benchmark store: loaded into {@code loading.db}, kept as {@code store.db} with its manifest, and
 * copied to {@code work.db} for every run, all in one directory.
 */
final class EmbeddedStoreFixture implements StoreFixture {
    private static final List<String> SQLITE_COMPANIONS = List.of("-wal", "-shm", "-journal");

    private final Path directory;

    EmbeddedStoreFixture(final Path directory) {
        this.directory = directory;
    }

    @Override
    public Optional<StoreManifest> kept() {
        return Files.isRegularFile(directory.resolve("store.db")) ? StoreManifest.read(directory) : Optional.empty();
    }

    @Override
    public EntityStore createEmpty() {
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(directory.resolve(StoreManifest.FILE_NAME));
            delete(directory.resolve("loading.db"));
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not prepare " + directory, e);
        }
        return JdbcEntityStore.sqlite(directory.resolve("loading.db"));
    }

    @Override
    public void keep(final EntityStore loaded, final StoreManifest manifest) {
        loaded.close();
        final Path loading = directory.resolve("loading.db");
        try {
            // closing the last connection checkpoints the write-ahead log into the file: the file alone is the store
            requireNoLog(loading);
            delete(directory.resolve("store.db"));
            Files.move(loading, directory.resolve("store.db"), StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not keep the loaded store in " + directory, e);
        }
        manifest.write(directory);
    }

    @Override
    public EntityStore openWorkingCopy() {
        final Path work = directory.resolve("work.db");
        try {
            requireNoLog(directory.resolve("store.db"));
            delete(work);
            Files.copy(directory.resolve("store.db"), work);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not copy the kept store in " + directory, e);
        }
        return JdbcEntityStore.sqlite(work);
    }

    @Override
    public String describe() {
        return "embedded SQLite store (sqlite-jdbc " + org.sqlite.SQLiteJDBCLoader.getVersion() + "), " + directory.resolve("work.db");
    }

    @Override
    public void close() {
        // nothing runs besides the store, which its user closes
    }

    private static void requireNoLog(final Path database) throws IOException {
        final Path log = Path.of(database + "-wal");
        if (Files.exists(log) && Files.size(log) > 0) {
            throw new IllegalStateException(log + " still holds changes: the store was not closed cleanly; delete "
                    + database.getParent() + " to load it again");
        }
    }

    private static void delete(final Path database) throws IOException {
        Files.deleteIfExists(database);
        for (final String companion : SQLITE_COMPANIONS) {
            Files.deleteIfExists(Path.of(database + companion));
        }
    }
}
