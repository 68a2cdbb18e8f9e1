package dev.nificrm;

import dev.nificrm.testing.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test pool keeps a closed connection for the next borrower, reset, as NiFi's DBCPConnectionPool does. */
@ExtendWith(PostgresExtension.class)
class DataSourceConnectionPoolTest {

    @Test
    void aClosedConnectionIsLentAgainRolledBackAndInAutoCommit(final DataSource dataSource) throws SQLException {
        final DataSourceConnectionPool pool = new DataSourceConnectionPool(dataSource);
        try {
            final int firstBackend;
            try (Connection first = pool.getConnection(); Statement statement = first.createStatement()) {
                firstBackend = backend(statement);
                statement.execute("create table if not exists pool_check (id int)");
                first.setAutoCommit(false);
                statement.execute("insert into pool_check values (1)");
            }
            try (Connection second = pool.getConnection(); Statement statement = second.createStatement()) {
                assertEquals(firstBackend, backend(statement), "the same server process: the connection was kept");
                assertTrue(second.getAutoCommit());
                try (ResultSet rows = statement.executeQuery("select count(*) from pool_check")) {
                    rows.next();
                    assertEquals(0, rows.getInt(1), "what the first borrower left open was rolled back");
                }
                try (Connection third = pool.getConnection(); Statement other = third.createStatement()) {
                    assertNotEquals(firstBackend, backend(other), "a connection lent is not lent twice");
                }
            }
        } finally {
            pool.closeIdle();
        }
    }

    @Test
    void aConnectionGivenBackAnswersClosed(final DataSource dataSource) throws SQLException {
        final DataSourceConnectionPool pool = new DataSourceConnectionPool(dataSource);
        try {
            final Connection connection = pool.getConnection();
            connection.close();
            connection.close();
            assertTrue(connection.isClosed());
            assertThrows(SQLException.class, connection::createStatement);
        } finally {
            pool.closeIdle();
        }
    }

    private static int backend(final Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("select pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
