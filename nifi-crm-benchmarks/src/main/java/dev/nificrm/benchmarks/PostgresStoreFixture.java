package dev.nificrm.benchmarks;

import dev.nificrm.store.ConnectionSource;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.JdbcEntityStore;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresServer;
import org.apache.commons.dbcp2.BasicDataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PostgreSQL benchmark stores on a real server ({@link PostgresServer}, started for the run from the Maven-served
 * binaries, loopback only, stopped at the end). The server's data directory does not outlive the run, so a loaded store
 * is kept as a dump in {@code <prefix>-<population>/}: each table in PostgreSQL's binary COPY format and the
 * sequences' positions, with the manifest. Every run restores a kept store into a fresh database (and analyses it, as
 * autovacuum would have) to match against. Connections come from a DBCP pool, as NiFi's DBCPConnectionPool gives them.
 * <p>
 * The test server trades durability for speed ({@code fsync}, {@code synchronous_commit} and {@code full_page_writes}
 * off); a durable fixture turns them back on, as a production server runs.
 */
final class PostgresStoreFixture implements StoreFixture {
    private static final Pattern TABLE_NAME = Pattern.compile("crm_[a-z_]+");
    private static final String SCHEMA_VERSION_TABLE = "crm_schema_version";
    private static final String SEQUENCES_FILE = "sequences.properties";
    private static final int POOL_SIZE = 8;
    private static final long RELOAD_WAIT_MILLIS = 10_000;

    private final Path base;
    private final String prefix;
    private final PostgresServer server;
    /**
     * Whether the working copy is vacuumed after it is restored ({@code -Dbenchmark.vacuum=true}), as a store is once
     * autovacuum has visited its tables after a bulk load, or only analysed (the default).
     */
    private static final boolean VACUUM_WORKING_COPY = Boolean.getBoolean("benchmark.vacuum");
    private final boolean durable;
    private final String settings;
    private PostgresDatabase loading;

    /**
     * Starts the server.
     *
     * @param base       where the kept stores' dumps and manifests are
     * @param prefix     the name of these stores' directories (with their population)
     * @param serverRoot where the server's binaries and data directory go
     * @param durable    whether commits reach the disk as on a production server
     * @param settings   lines added to the server's postgresql.conf (memory sized for the data), or none
     */
    PostgresStoreFixture(final Path base, final String prefix, final Path serverRoot, final boolean durable, final String settings) {
        this.base = base;
        this.prefix = prefix;
        this.durable = durable;
        this.settings = settings;
        try {
            this.server = PostgresServer.start(serverRoot, settings);
        } catch (final IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start: " + e.getMessage(), e);
        }
        try {
            if (durable) {
                makeDurable();
            }
        } catch (final RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public Map<Integer, StoreManifest> kept() {
        final Map<Integer, StoreManifest> kept = StoreFixture.keptUnder(base, prefix);
        kept.keySet().removeIf(population -> !Files.isDirectory(directory(population).resolve("tables")));
        return kept;
    }

    @Override
    public EntityStore createEmpty() {
        loading = createDatabase("store load");
        return open(loading);
    }

    @Override
    public EntityStore resume(final int population) {
        loading = createDatabase("store load");
        restore(loading, directory(population));
        return open(loading);
    }

    @Override
    public void checkpoint(final EntityStore store, final StoreManifest manifest) {
        final Path directory = directory(manifest.population());
        StoreFixture.deleteTree(directory);
        dump(loading, directory);
        manifest.write(directory);
    }

    @Override
    public void keep(final EntityStore loaded, final StoreManifest manifest) {
        checkpoint(loaded, manifest);
        loaded.close();
        drop(loading);
        loading = null;
    }

    @Override
    public EntityStore openWorkingCopy(final int population) {
        final PostgresDatabase database = createDatabase("store match");
        restore(database, directory(population));
        return open(database);
    }

    @Override
    public long serverPid() {
        return server.pid();
    }

    @Override
    public String describe() {
        return "PostgreSQL " + server.version() + " on 127.0.0.1:" + server.port() + " (pid " + server.pid() + ", "
                + (settings.isBlank() ? "default memory settings" : settings.replace(System.lineSeparator(), ", ")) + ", " + (durable ? "fsync, synchronous_commit and full_page_writes on" : "the test server's fsync, "
                + "synchronous_commit and full_page_writes off") + "), a DBCP pool of " + POOL_SIZE + " connections";
    }

    @Override
    public void close() {
        server.close();
    }

    private Path directory(final int population) {
        return base.resolve(prefix + "-" + population);
    }

    private PostgresDatabase createDatabase(final String label) {
        try {
            return server.createDatabase(label);
        } catch (final SQLException e) {
            throw new IllegalStateException("Could not create a database for the " + label + ": " + e.getMessage(), e);
        }
    }

    /** Writes every table of the store (but the schema version) and the sequences' positions into {@code directory}. */
    private void dump(final PostgresDatabase database, final Path directory) {
        try (Connection connection = server.connect(database.name())) {
            final Path tables = Files.createDirectories(directory.resolve("tables"));
            final CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (final String table : tables(connection)) {
                try (OutputStream out = Files.newOutputStream(tables.resolve(table + ".copy"))) {
                    copy.copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", out);
                }
            }
            final Properties sequences = new Properties();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select sequencename, last_value from pg_sequences "
                         + "where schemaname = current_schema() and last_value is not null")) {
                while (rows.next()) {
                    sequences.setProperty(rows.getString(1), Long.toString(rows.getLong(2)));
                }
            }
            try (Writer writer = Files.newBufferedWriter(directory.resolve(SEQUENCES_FILE), StandardCharsets.UTF_8)) {
                sequences.store(writer, "last values of the store's sequences");
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Could not dump the store of " + database.name() + ": " + e.getMessage(), e);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not dump the store of " + database.name() + " into " + directory, e);
        }
    }

    /** Creates the store's tables in an empty database and fills them, and the sequences, from a dump. */
    private void restore(final PostgresDatabase database, final Path directory) {
        open(database).close();
        try (Connection connection = server.connect(database.name())) {
            final CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try (Stream<Path> files = Files.list(directory.resolve("tables"))) {
                for (final Path file : files.sorted().toList()) {
                    final String table = file.getFileName().toString().replace(".copy", "");
                    if (!TABLE_NAME.matcher(table).matches()) {
                        throw new IllegalStateException("Not a table of the store: " + file);
                    }
                    try (Statement statement = connection.createStatement()) {
                        // the migration that created the tables may have inserted rows of its own
                        statement.execute("TRUNCATE " + table);
                    }
                    try (InputStream in = Files.newInputStream(file)) {
                        copy.copyIn("COPY " + table + " FROM STDIN (FORMAT binary)", in);
                    }
                }
            }
            final Properties sequences = new Properties();
            try (Reader reader = Files.newBufferedReader(directory.resolve(SEQUENCES_FILE), StandardCharsets.UTF_8)) {
                sequences.load(reader);
            }
            try (PreparedStatement setValue = connection.prepareStatement("select setval(?::regclass, ?, true)")) {
                for (final Map.Entry<Object, Object> sequence : new TreeMap<>(sequences).entrySet()) {
                    setValue.setString(1, sequence.getKey().toString());
                    setValue.setLong(2, Long.parseLong(sequence.getValue().toString()));
                    setValue.executeQuery().close();
                }
            }
            try (Statement statement = connection.createStatement()) {
                // the copied tables were never vacuumed: left so, autovacuum visits each of them within the measured batches
                statement.execute(VACUUM_WORKING_COPY ? "VACUUM (ANALYZE)" : "ANALYZE");
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Could not restore the kept store " + directory + ": " + e.getMessage(), e);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not read the kept store " + directory, e);
        }
    }

    private EntityStore open(final PostgresDatabase database) {
        final BasicDataSource pool = new BasicDataSource();
        pool.setUrl(database.jdbcUrl());
        pool.setUsername(database.user());
        pool.setPassword(database.password());
        pool.setMaxTotal(POOL_SIZE);
        // this "node's" key index: derived from the database, built again when the restored store's log differs from it
        return JdbcEntityStore.postgres(new PooledConnections(pool), "PostgreSQL benchmark store " + database.name(),
                base.resolve(prefix + "-key-index"));
    }

    private static List<String> tables(final Connection connection) throws SQLException {
        final List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select tablename from pg_tables where schemaname = current_schema() order by tablename")) {
            while (rows.next()) {
                final String table = rows.getString(1);
                if (TABLE_NAME.matcher(table).matches() && !SCHEMA_VERSION_TABLE.equals(table)) {
                    tables.add(table);
                }
            }
        }
        return tables;
    }

    private void drop(final PostgresDatabase database) {
        try (Connection connection = server.connect(PostgresServer.MAINTENANCE_DATABASE);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE \"" + database.name() + "\" WITH (FORCE)");
        } catch (final SQLException e) {
            throw new IllegalStateException("Could not drop " + database.name() + ": " + e.getMessage(), e);
        }
    }

    /** Turns the test server's shortcuts off (they are reloadable settings) and waits until the server applied it. */
    private void makeDurable() {
        try (Connection connection = server.connect(PostgresServer.MAINTENANCE_DATABASE);
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET fsync = on");
            statement.execute("ALTER SYSTEM SET full_page_writes = on");
            statement.execute("ALTER SYSTEM SET synchronous_commit = on");
            statement.execute("SELECT pg_reload_conf()");
        } catch (final SQLException e) {
            throw new IllegalStateException("Could not make PostgreSQL durable: " + e.getMessage(), e);
        }
        final long deadline = System.currentTimeMillis() + RELOAD_WAIT_MILLIS;
        while (!"on".equals(setting("fsync")) || !"on".equals(setting("full_page_writes"))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("PostgreSQL did not apply fsync = on within " + RELOAD_WAIT_MILLIS + " ms");
            }
            try {
                Thread.sleep(50);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for PostgreSQL's configuration", e);
            }
        }
    }

    private String setting(final String name) {
        try (Connection connection = server.connect(PostgresServer.MAINTENANCE_DATABASE);
             PreparedStatement statement = connection.prepareStatement("select setting from pg_settings where name = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Could not read the setting " + name + ": " + e.getMessage(), e);
        }
    }

    /** Connections from a DBCP pool; closing one returns it, closing the source closes the pool. */
    private record PooledConnections(BasicDataSource pool) implements ConnectionSource {
        @Override
        public Connection borrow() throws SQLException {
            return pool.getConnection();
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
            try {
                pool.close();
            } catch (final SQLException ignored) {
                // the benchmark is ending; the server stops next
            }
        }
    }
}
