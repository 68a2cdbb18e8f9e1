package dev.nificrm.testing;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared server answers over JDBC on loopback, and each database it creates is separate and empty. */
@ExtendWith(PostgresExtension.class)
class PostgresServerTest {

    @Test
    void answersSelectVersion(final PostgresServer server) throws SQLException {
        try (Connection connection = server.connect(PostgresServer.MAINTENANCE_DATABASE);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select version(), inet_server_addr()::text, current_setting('port')")) {
            assertTrue(result.next());
            assertTrue(result.getString(1).startsWith("PostgreSQL 17.6 "), result.getString(1));
            assertEquals("127.0.0.1/32", result.getString(2));
            assertEquals(Integer.toString(server.port()), result.getString(3));
        }
        assertEquals("17.6", server.version());
        assertTrue(server.isRunning());
    }

    @Test
    void createsSeparateEmptyDatabases(final PostgresServer server) throws SQLException {
        final PostgresDatabase first = server.createDatabase("first");
        final PostgresDatabase second = server.createDatabase("second");
        assertNotEquals(first.name(), second.name());
        try (Connection connection = first.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create table contact (id bigint primary key)");
            statement.execute("insert into contact values (1)");
        }
        try (Connection connection = second.dataSource().getConnection()) {
            assertFalse(Databases.userTables(connection).contains("contact"), "the second database sees the first's table");
            assertEquals(second.name(), Databases.currentDatabase(connection));
        }
    }

    @Test
    void namesDatabasesAfterTheLabelWithinPostgreSqlLimits(final PostgresServer server) throws SQLException {
        final PostgresDatabase database = server.createDatabase("Entity Store / " + "x".repeat(80));
        assertTrue(database.name().matches("test_[0-9]+_entity_store_x+"), database.name());
        assertEquals(63, database.name().length());
        try (Connection connection = database.dataSource().getConnection()) {
            assertEquals(database.name(), Databases.currentDatabase(connection));
        }
    }

    /** The driver's options in the URL, as an operator's pool URL may carry them, reach every connection of the database. */
    @Test
    void connectsWithTheDriverOptionsAddedToTheUrl(final PostgresServer server) throws SQLException {
        final PostgresDatabase database = server.createDatabase("url-options");
        final PostgresDatabase serverPrepared = database.withUrlOptions("prepareThreshold=-1");
        final PostgresDatabase alsoInSchema = serverPrepared.withUrlOptions("currentSchema=public");
        assertEquals(database.jdbcUrl() + "?prepareThreshold=-1&currentSchema=public", alsoInSchema.jdbcUrl());
        try (Connection plain = database.dataSource().getConnection(); Connection prepared = alsoInSchema.dataSource().getConnection()) {
            assertEquals(5, plain.unwrap(PGConnection.class).getPrepareThreshold(), "the driver's default");
            assertEquals(-1, prepared.unwrap(PGConnection.class).getPrepareThreshold());
            assertEquals(database.name(), Databases.currentDatabase(prepared));
        }
        assertEquals(database, database.withUrlOptions(""));
    }

    @Test
    void locatesTheJdbcDriverJarForNiFi() {
        assertTrue(PostgresServer.jdbcDriverJar().getFileName().toString().matches("postgresql-[0-9.]+\\.jar"),
                PostgresServer.jdbcDriverJar().toString());
    }
}
