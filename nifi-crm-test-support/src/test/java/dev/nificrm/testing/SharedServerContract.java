package dev.nificrm.testing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every test class using {@link PostgresExtension} may rely on, run by two classes in the same JVM: they share
 * one server, and each gets its own database, empty when the class starts. Either class may run first.
 */
@ExtendWith(PostgresExtension.class)
abstract class SharedServerContract {
    private static final Set<Long> SERVER_PIDS = ConcurrentHashMap.newKeySet();
    private static final Map<String, String> DATABASE_BY_CLASS = new ConcurrentHashMap<>();

    /** Had the classes shared a database, the second class would find the first one's table here. */
    @BeforeAll
    static void markTheClassDatabase(final PostgresDatabase database, final TestInfo testInfo) throws SQLException {
        final String testClass = testInfo.getTestClass().orElseThrow().getName();
        try (Connection connection = database.dataSource().getConnection()) {
            assertEquals(List.of(), Databases.userTables(connection), "tables in the new database of " + testClass);
            try (Statement statement = connection.createStatement()) {
                statement.execute("create table owner (test_class text not null)");
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into owner values (?)")) {
                insert.setString(1, testClass);
                insert.executeUpdate();
            }
        }
    }

    @Test
    void sharesOneServerWithTheOtherClasses(final PostgresServer server) {
        SERVER_PIDS.add(server.pid());
        assertEquals(Set.of(server.pid()), SERVER_PIDS, "server pids seen by the test classes");
        assertSame(PostgresServer.shared(), server);
        assertTrue(server.isRunning());
    }

    @Test
    void hasADatabaseOfItsOwn(final PostgresDatabase database, final DataSource dataSource) throws SQLException {
        DATABASE_BY_CLASS.put(getClass().getName(), database.name());
        assertEquals(DATABASE_BY_CLASS.size(), Set.copyOf(DATABASE_BY_CLASS.values()).size(), "databases by class: " + DATABASE_BY_CLASS);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet owners = statement.executeQuery("select test_class from owner")) {
            assertEquals(database.name(), Databases.currentDatabase(connection), "the DataSource and the PostgresDatabase name one database");
            assertTrue(owners.next());
            assertEquals(getClass().getName(), owners.getString(1));
            assertFalse(owners.next(), "another class wrote into this class's database");
        }
    }
}
