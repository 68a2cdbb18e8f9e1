package dev.nificrm.systemtest;

import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One of the two small SQL CRMs of the sync flows ({@code templates/sync/home-crm.sql}, {@code people-crm.sql}) in a
 * database of its own on the tests' PostgreSQL: what a test does to a CRM by hand (insert, update, soft-delete, read
 * back) and what it cannot do through an application, committing a row "late" with an explicit last-modified time
 * equal to one a poll has already passed.
 *
 * <pre>{@code
 * SqlCrm home = SqlCrm.create(PostgresServer.shared(), SqlCrm.Kind.HOME, "pull");
 * long id = home.insert(Map.of("first_name", "Ada", "last_name", "Lovelace", "email", "ada@example.com"));
 * home.update(id, Map.of("city", "London"));
 * List<Map<String, Object>> rows = home.rows();
 * }</pre>
 */
final class SqlCrm {
    /** The two CRMs: their table and the columns the sync treats specially. */
    enum Kind {
        /** The home-grown CRM: {@code contacts}, golden id in {@code golden_id}. */
        HOME("home-crm.sql", "contacts", "id", "golden_id", "updated_at", "deleted"),
        /** The second CRM with other names: {@code people}, golden id in {@code external_id}. */
        PEOPLE("people-crm.sql", "people", "person_id", "external_id", "modified_at", "is_deleted");

        private final String script;
        private final String table;
        private final String idColumn;
        private final String goldenIdColumn;
        private final String modifiedColumn;
        private final String deletedColumn;

        Kind(final String script, final String table, final String idColumn, final String goldenIdColumn, final String modifiedColumn,
             final String deletedColumn) {
            this.script = script;
            this.table = table;
            this.idColumn = idColumn;
            this.goldenIdColumn = goldenIdColumn;
            this.modifiedColumn = modifiedColumn;
            this.deletedColumn = deletedColumn;
        }

        String table() {
            return table;
        }

        String idColumn() {
            return idColumn;
        }

        String goldenIdColumn() {
            return goldenIdColumn;
        }

        String modifiedColumn() {
            return modifiedColumn;
        }

        String deletedColumn() {
            return deletedColumn;
        }
    }

    private final Kind kind;
    private final PostgresDatabase database;

    private SqlCrm(final Kind kind, final PostgresDatabase database) {
        this.kind = kind;
        this.database = database;
    }

    /** Creates a new database on the server and the CRM's table in it, from the script under templates/sync/. */
    static SqlCrm create(final PostgresServer server, final Kind kind, final String label) throws SQLException, IOException {
        final PostgresDatabase database = server.createDatabase(label + "_" + kind.name());
        final String script = Files.readString(ProjectPaths.templates().resolve("sync").resolve(kind.script), StandardCharsets.UTF_8);
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(script);
        }
        return new SqlCrm(kind, database);
    }

    /**
     * Creates a new database on the server and the CRM's table in the schema {@code schema} of it, the schema the returned
     * CRM's JDBC URL names ({@code ?currentSchema=crm}), as an operator's CRM keeping its tables outside public; public holds
     * a table of the same name with other columns (an older application's), which nothing may read or write.
     */
    static SqlCrm createInSchema(final PostgresServer server, final Kind kind, final String label, final String schema) throws SQLException, IOException {
        final PostgresDatabase database = server.createDatabase(label + "_" + kind.name());
        final String script = Files.readString(ProjectPaths.templates().resolve("sync").resolve(kind.script), StandardCharsets.UTF_8);
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE public." + kind.table + " (legacy_id bigint PRIMARY KEY, " + kind.goldenIdColumn + " date NOT NULL, retired_at date NOT NULL)");
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("SET search_path TO " + schema);
            statement.execute(script);
        }
        return new SqlCrm(kind, database.withUrlOptions("currentSchema=" + schema));
    }

    Kind kind() {
        return kind;
    }

    /** The database: its JDBC URL and user for NiFi's DBCPConnectionPool. */
    PostgresDatabase database() {
        return database;
    }

    /**
     * The properties of a NiFi DBCPConnectionPool reaching this CRM's database with the PostgreSQL driver of the
     * tests' class path (NiFi's own lib/ has no JDBC driver).
     */
    Map<String, String> connectionPoolProperties() {
        return connectionPoolProperties(database);
    }

    /** The properties of a NiFi DBCPConnectionPool reaching a database of the tests' PostgreSQL. */
    static Map<String, String> connectionPoolProperties(final PostgresDatabase database) {
        final Map<String, String> pool = new LinkedHashMap<>();
        pool.put("Database Connection URL", database.jdbcUrl());
        pool.put("Database Driver Class Name", "org.postgresql.Driver");
        pool.put("Database Driver Location(s)", PostgresServer.jdbcDriverJar().toString());
        pool.put("Database User", database.user());
        return pool;
    }

    /** Inserts a row (its last-modified time set by the trigger) and returns its id. */
    long insert(final Map<String, ?> values) throws SQLException {
        try (Connection connection = connect(database)) {
            return insert(connection, values);
        }
    }

    /** Inserts rows in one transaction (so that they carry the same last-modified time) and returns their ids. */
    List<Long> insertTogether(final List<? extends Map<String, ?>> rows) throws SQLException {
        try (Connection connection = connect(database)) {
            connection.setAutoCommit(false);
            final List<Long> ids = new ArrayList<>();
            for (final Map<String, ?> values : rows) {
                ids.add(insert(connection, values));
            }
            connection.commit();
            return ids;
        }
    }

    /** Runs a statement, e.g. a constraint an operator adds or drops. */
    void execute(final String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Updates the given columns of a row (its last-modified time set by the trigger). */
    void update(final long id, final Map<String, ?> values) throws SQLException {
        final StringJoiner assignments = new StringJoiner(", ");
        values.keySet().forEach(column -> assignments.add(column + " = ?"));
        try (Connection connection = connect(database);
             PreparedStatement statement = connection.prepareStatement(
                     "UPDATE " + kind.table + " SET " + assignments + " WHERE " + kind.idColumn + " = ?")) {
            int index = 1;
            for (final Object value : values.values()) {
                statement.setObject(index++, value);
            }
            statement.setLong(index, id);
            if (statement.executeUpdate() != 1) {
                throw new SQLException("No " + kind.table + " row " + id);
            }
        }
    }

    /** Deletes a row the way the CRM does: sets its tombstone flag. */
    void delete(final long id) throws SQLException {
        update(id, Map.of(kind.deletedColumn, true));
    }

    /**
     * Inserts a row with an explicit last-modified time and commits it: a row whose transaction stamped it at that
     * time and committed only now, after a poll that already read rows of that time (the cursor boundary case).
     */
    long insertCommittedLate(final Map<String, ?> values, final Instant modified) throws SQLException {
        final Map<String, Object> stamped = new LinkedHashMap<>(values);
        stamped.put(kind.modifiedColumn, Timestamp.from(modified));
        try (Connection connection = connect(database)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL crm.keep_updated_at = 'on'");
            }
            final long id = insert(connection, stamped);
            connection.commit();
            return id;
        }
    }

    /** Every row, by id, as column → value (JDBC types: Long, String, Boolean, Timestamp). */
    List<Map<String, Object>> rows() throws SQLException {
        return query("SELECT * FROM " + kind.table + " ORDER BY " + kind.idColumn);
    }

    /** The rows a query returns, as column → value. */
    List<Map<String, Object>> query(final String sql) throws SQLException {
        return query(database, sql);
    }

    /** The rows a query on any database of the tests' PostgreSQL returns (e.g. the entity store's), as column → value. */
    static List<Map<String, Object>> query(final PostgresDatabase database, final String sql) throws SQLException {
        final List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            final ResultSetMetaData metaData = result.getMetaData();
            while (result.next()) {
                final Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= metaData.getColumnCount(); column++) {
                    row.put(metaData.getColumnName(column), result.getObject(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The latest last-modified time of any row, or null for an empty table. */
    Instant latestModified() throws SQLException {
        final List<Map<String, Object>> rows = query("SELECT max(" + kind.modifiedColumn + ") AS latest FROM " + kind.table);
        final Object latest = rows.get(0).get("latest");
        return latest == null ? null : ((Timestamp) latest).toInstant();
    }

    private long insert(final Connection connection, final Map<String, ?> values) throws SQLException {
        final StringJoiner columns = new StringJoiner(", ");
        final StringJoiner placeholders = new StringJoiner(", ");
        values.keySet().forEach(column -> {
            columns.add(column);
            placeholders.add("?");
        });
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO " + kind.table + " (" + columns + ") VALUES (" + placeholders + ") RETURNING " + kind.idColumn)) {
            int index = 1;
            for (final Object value : values.values()) {
                statement.setObject(index++, value);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static Connection connect(final PostgresDatabase database) throws SQLException {
        return database.dataSource().getConnection();
    }

    @Override
    public String toString() {
        return kind.table + " in " + database.name();
    }
}
