package dev.nificrm.benchmarks;

import dev.nificrm.store.EntityStore;
import dev.nificrm.store.JdbcEntityStore;
import org.sqlite.SQLiteJDBCLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The embedded (SQLite) benchmark stores: loaded into {@code <prefix>-loading.db}, kept as
 * {@code <prefix>-<population>/store.db} with its manifest, and copied to {@code <prefix>-work.db} for every run.
 */
final class EmbeddedStoreFixture implements StoreFixture {
    private static final String KEPT_FILE = "store.db";
    private static final Duration CHECKPOINT_WAIT = Duration.ofSeconds(60);
    private static final long CHECKPOINT_RETRY_MILLIS = 20;
    private static final List<String> SQLITE_COMPANIONS = List.of("-wal", "-shm", "-journal");

    private final Path base;
    private final String prefix;
    private final Path loading;
    private final Path work;

    /**
     * @param base   the directory of every kept store
     * @param prefix the name of these stores' files and directories (with their population)
     */
    EmbeddedStoreFixture(final Path base, final String prefix) {
        this.base = base;
        this.prefix = prefix;
        this.loading = base.resolve(prefix + "-loading.db");
        this.work = base.resolve(prefix + "-work.db");
    }

    @Override
    public Map<Integer, StoreManifest> kept() {
        final Map<Integer, StoreManifest> kept = StoreFixture.keptUnder(base, prefix);
        kept.keySet().removeIf(population -> !Files.isRegularFile(directory(population).resolve(KEPT_FILE)));
        return kept;
    }

    @Override
    public EntityStore createEmpty() {
        try {
            Files.createDirectories(base);
            delete(loading);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not prepare " + loading, e);
        }
        return JdbcEntityStore.sqlite(loading);
    }

    @Override
    public EntityStore resume(final int population) {
        copy(directory(population).resolve(KEPT_FILE), loading);
        return JdbcEntityStore.sqlite(loading);
    }

    @Override
    public void checkpoint(final EntityStore store, final StoreManifest manifest) {
        // the loader is between batches: moving the write-ahead log into the file makes the file alone the whole store;
        // the store's own checkpoint thread may still be copying the last commit, so a busy answer is asked again
        final long deadline = System.nanoTime() + CHECKPOINT_WAIT.toNanos();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + loading.toAbsolutePath());
             Statement statement = connection.createStatement()) {
            while (true) {
                try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    if (result.next() && result.getInt(1) == 0) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("SQLite could not checkpoint " + loading + " within " + CHECKPOINT_WAIT.toSeconds()
                            + " s: a reader or writer is still busy with it");
                }
                Thread.sleep(CHECKPOINT_RETRY_MILLIS);
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Could not checkpoint " + loading + ": " + e.getMessage(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checkpointing " + loading, e);
        }
        // the store is open: its key index is not written back yet, so the kept copy's is built from the log when opened
        keepCopy(manifest, false);
    }

    @Override
    public void keep(final EntityStore loaded, final StoreManifest manifest) {
        // closing the last connection checkpoints the write-ahead log into the file
        loaded.close();
        keepCopy(manifest, true);
        try {
            delete(loading);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not delete " + loading, e);
        }
    }

    @Override
    public EntityStore openWorkingCopy(final int population) {
        copy(directory(population).resolve(KEPT_FILE), work);
        copyIndex(directory(population).resolve(KEPT_FILE), work);
        return JdbcEntityStore.sqlite(work);
    }

    @Override
    public String describe() {
        return "embedded SQLite store (sqlite-jdbc " + SQLiteJDBCLoader.getVersion() + ") in " + work;
    }

    @Override
    public void close() {
        // nothing runs besides the store, which its user closes
    }

    private Path directory(final int population) {
        return base.resolve(prefix + "-" + population);
    }

    private void keepCopy(final StoreManifest manifest, final boolean withIndex) {
        final Path directory = directory(manifest.population());
        StoreFixture.deleteTree(directory);
        try {
            Files.createDirectories(directory);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not create " + directory, e);
        }
        copy(loading, directory.resolve(KEPT_FILE));
        if (withIndex) {
            copyIndex(loading, directory.resolve(KEPT_FILE));
        }
        manifest.write(directory);
    }

    /** Copies a closed or checkpointed database file, replacing the target and its companions. */
    private static void copy(final Path from, final Path to) {
        try {
            final Path log = Path.of(from + "-wal");
            if (Files.exists(log) && Files.size(log) > 0) {
                throw new IllegalStateException(log + " still holds changes: " + from + " is not a whole store; delete "
                        + from.getParent() + " to load it again");
            }
            delete(to);
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not copy " + from + " to " + to, e);
        }
    }

    /** Copies a closed store's key index (derived from the database; without it, the store builds it when opened). */
    private static void copyIndex(final Path from, final Path to) {
        final Path index = JdbcEntityStore.keyIndexDirectory(from);
        if (!Files.isDirectory(index)) {
            return;
        }
        final Path target = JdbcEntityStore.keyIndexDirectory(to);
        try (Stream<Path> files = Files.list(index)) {
            Files.createDirectories(target);
            for (final Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not copy " + index + " to " + target, e);
        }
    }

    private static void delete(final Path database) throws IOException {
        StoreFixture.deleteTree(JdbcEntityStore.keyIndexDirectory(database));
        Files.deleteIfExists(database);
        for (final String companion : SQLITE_COMPANIONS) {
            Files.deleteIfExists(Path.of(database + companion));
        }
    }
}
