package dev.nificrm.store;

import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Databases for PostgreSQL store tests that are not about creating or migrating a store: each a copy ({@code CREATE
 * DATABASE ... TEMPLATE}) of one database a store was opened on once per server, so its tables are there and empty, and
 * opening a store on it only finds its schema up to date. Running every migration from empty for each of the ~70 stores
 * a contract class opens was most of those classes' time; the cases about opening and migrating a store still take an
 * empty database ({@link PostgresServer#createDatabase}).
 * <p>
 * Each copy gets a store id of its own, as a store created from empty does (the key index of a node is kept under it).
 * <p>
 * The next copy is made ahead, on a thread of its own, while the test that took the last one runs: a test finds its copy
 * made (with its store id) and only renames it to carry its label, on a connection to the maintenance database kept open
 * per server. Making each copy when the test asked for it (a new connection to the maintenance database, {@code CREATE
 * DATABASE}, a connection to the copy for its store id) kept PostgresEntityStoreTest waiting 26.6 s for its 69 copies
 * and PostgresNodesTest 15.0 s for its 32 on a loaded machine (load 17 on 2 cores), 6.8 s and 3.9 s made ahead (the
 * template itself included). A copy made ahead that failed (the server stopped meanwhile) is made again when asked for,
 * and fails then with its reason.
 */
final class MigratedTemplate {
    /** The tables a store fills when it is created, before any write: the others must be empty in the template. */
    private static final List<String> CREATION_ROWS = List.of("crm_schema_version", "crm_store");
    private static final int MAX_IDENTIFIER_LENGTH = 63;
    private static final AtomicInteger COPIES = new AtomicInteger();
    /** PostgreSQL's object_in_use: another session is still connected to the database. */
    private static final String OBJECT_IN_USE = "55006";
    private static final int RENAME_ATTEMPTS = 3;
    private static final Map<Long, Copies> SERVERS = new HashMap<>();
    /** Makes the copies ahead: one thread, a daemon, so that a copy being made never keeps the test JVM from ending. */
    private static final ExecutorService AHEAD = Executors.newSingleThreadExecutor(work -> {
        final Thread thread = new Thread(work, "migrated-template-copies");
        thread.setDaemon(true);
        return thread;
    });

    private MigratedTemplate() {
    }

    /** A new database named {@code test_m<n>_<label>}, a copy of the server's migrated template with a store id of its own. */
    static PostgresDatabase createDatabase(final PostgresServer server, final String label) throws SQLException {
        final String name = copies(server).take(label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"));
        return new PostgresDatabase(name, server.jdbcUrl(name), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    /** The copies of a server's template: its template created and the first copy started on first use. */
    private static synchronized Copies copies(final PostgresServer server) throws SQLException {
        final Copies known = SERVERS.get(server.pid());
        if (known != null) {
            return known;
        }
        final Copies copies = new Copies(server, template(server));
        SERVERS.put(server.pid(), copies);
        copies.prepareNext();
        return copies;
    }

    /**
     * A server's template and the copy of it made ahead; one connection to the maintenance database, which makes the copies
     * and renames them, taken by one thread at a time.
     */
    private static final class Copies {
        private final PostgresServer server;
        private final String template;
        private final Object maintenanceLock = new Object();
        private Connection maintenance;
        private Future<String> next;

        Copies(final PostgresServer server, final String template) {
            this.server = server;
            this.template = template;
        }

        /**
         * Renames the copy made ahead (or one made now, if that failed) to {@code test_m<n>_<label>}, starts the next copy,
         * and gives the name.
         */
        synchronized String take(final String label) throws SQLException {
            String made;
            try {
                made = next.get();
            } catch (final ExecutionException failed) {
                made = null;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while waiting for a copy of " + template, e);
            }
            if (made == null) {
                made = copy();
            }
            final String fullName = made + "_" + label;
            final String name = fullName.substring(0, Math.min(fullName.length(), MAX_IDENTIFIER_LENGTH));
            rename(made, name);
            prepareNext();
            return name;
        }

        /**
         * Renames a copy; PostgreSQL waits up to 5 s for the process of the connection that set its store id to end, and
         * is asked again after that (a loaded machine).
         */
        private void rename(final String made, final String name) throws SQLException {
            for (int attempt = 1; ; attempt++) {
                try {
                    maintenance(statement -> statement.execute("ALTER DATABASE \"" + made + "\" RENAME TO \"" + name + "\""));
                    return;
                } catch (final SQLException e) {
                    if (!OBJECT_IN_USE.equals(e.getSQLState()) || attempt == RENAME_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }

        private void prepareNext() {
            next = AHEAD.submit(this::copy);
        }

        /** A new copy with a store id of its own, named {@code test_m<n>} until a test takes it. */
        private String copy() throws SQLException {
            final String name = "test_m" + COPIES.incrementAndGet();
            maintenance(statement -> statement.execute("CREATE DATABASE \"" + name + "\" TEMPLATE \"" + template + "\" STRATEGY FILE_COPY"));
            try (Connection connection = server.connect(name); Statement statement = connection.createStatement()) {
                // as V2__key_log.sql gives a new store its id
                statement.executeUpdate("update crm_store set store_id = md5(random()::text || clock_timestamp()::text) where id = 1");
            }
            return name;
        }

        /** Runs statements on the kept connection to the maintenance database, opening it again if it was lost. */
        private void maintenance(final StatementWork work) throws SQLException {
            synchronized (maintenanceLock) {
                if (maintenance == null || maintenance.isClosed()) {
                    maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE);
                }
                try (Statement statement = maintenance.createStatement()) {
                    work.run(statement);
                }
            }
        }
    }

    @FunctionalInterface
    private interface StatementWork {
        void run(Statement statement) throws SQLException;
    }

    /** A new template on the server, its name: an empty database a store was opened and closed on. */
    private static String template(final PostgresServer server) throws SQLException {
        final PostgresDatabase database = server.createDatabase("migrated_template");
        final Path node;
        try {
            node = Files.createTempDirectory("nifi-crm-template-node");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        try (DataSourceConnections connections = new DataSourceConnections(database.dataSource())) {
            JdbcEntityStore.postgres(connections, "PostgreSQL store template " + database.name(), node).close();
        } finally {
            deleteRecursively(node);
        }
        try (Connection connection = server.connect(database.name())) {
            final List<String> filled = filledTables(connection);
            if (!filled.isEmpty()) {
                throw new IllegalStateException("Opening a store on an empty database wrote rows to " + filled
                        + ": a copy of it would not be the empty store the tests expect");
            }
        }
        return database.name();
    }

    private static List<String> filledTables(final Connection connection) throws SQLException {
        final List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select tablename from pg_tables where schemaname = current_schema() order by tablename")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        final List<String> filled = new ArrayList<>();
        for (final String table : tables) {
            if (CREATION_ROWS.contains(table)) {
                continue;
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select exists (select 1 from \"" + table + "\")")) {
                if (rows.next() && rows.getBoolean(1)) {
                    filled.add(table);
                }
            }
        }
        return filled;
    }

    private static void deleteRecursively(final Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (final Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
