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
 */
final class MigratedTemplate {
    /** The tables a store fills when it is created, before any write: the others must be empty in the template. */
    private static final List<String> CREATION_ROWS = List.of("crm_schema_version", "crm_store");
    private static final int MAX_IDENTIFIER_LENGTH = 63;
    private static final Map<Long, String> TEMPLATES = new HashMap<>();
    private static final AtomicInteger COPIES = new AtomicInteger();

    private MigratedTemplate() {
    }

    /** A new database named {@code test_m<n>_<label>}, a copy of the server's migrated template with a store id of its own. */
    static PostgresDatabase createDatabase(final PostgresServer server, final String label) throws SQLException {
        final String template = template(server);
        final String fullName = "test_m" + COPIES.incrementAndGet() + "_" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        final String name = fullName.substring(0, Math.min(fullName.length(), MAX_IDENTIFIER_LENGTH));
        try (Connection connection = server.connect(PostgresServer.MAINTENANCE_DATABASE); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\" TEMPLATE \"" + template + "\" STRATEGY FILE_COPY");
        }
        try (Connection connection = server.connect(name); Statement statement = connection.createStatement()) {
            // as V2__key_log.sql gives a new store its id
            statement.executeUpdate("update crm_store set store_id = md5(random()::text || clock_timestamp()::text) where id = 1");
        }
        return new PostgresDatabase(name, server.jdbcUrl(name), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    /** The name of the server's template: created on first use, by opening and closing a store on an empty database. */
    private static synchronized String template(final PostgresServer server) throws SQLException {
        final String known = TEMPLATES.get(server.pid());
        if (known != null) {
            return known;
        }
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
        TEMPLATES.put(server.pid(), database.name());
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
