package dev.nificrm.store;

import dev.nificrm.store.SqlDialect.ColumnType;
import dev.nificrm.store.SqlDialect.RowInsert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.Function;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqliteDialectTest {

    /** A function that counts its calls and returns the count: each row would show when it was evaluated again. */
    private static final class Counted extends Function {
        private int calls;

        @Override
        protected void xFunc() throws SQLException {
            result("t" + ++calls);
        }
    }

    @Test
    void evaluatesAComputedColumnOncePerInsertNotOncePerRow(@TempDir final Path directory) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("dialect.db"));
             Statement statement = connection.createStatement()) {
            final Counted counted = new Counted();
            Function.create(connection, "counted", counted);
            statement.executeUpdate("create table t (id integer primary key, name text, x real, at text not null, tag text not null)");
            // more rows than one statement takes, and a last statement with fewer: every row, and every computed column, in place
            final List<Object[]> rows = new ArrayList<>();
            for (int i = 250; i >= 1; i--) {
                rows.add(new Object[] {i, i % 7 == 0 ? null : "n" + i, i / 4.0});
            }
            final Map<String, String> computed = new LinkedHashMap<>();
            computed.put("at", "counted()");
            computed.put("tag", "'tag'");
            new SqliteDialect().insertRows(connection, new RowInsert("t", List.of("id", "name", "x"),
                    List.of(ColumnType.BIGINT, ColumnType.TEXT, ColumnType.DOUBLE), computed, "", true), rows);

            assertEquals(1, counted.calls, "the computed column's expression is evaluated once for the insert's 250 rows");
            final List<String> read = new ArrayList<>();
            try (ResultSet stored = statement.executeQuery("select id, name, x, at, tag from t order by id")) {
                while (stored.next()) {
                    read.add(stored.getLong(1) + "|" + stored.getString(2) + "|" + stored.getObject(3) + "|" + stored.getString(4) + "|"
                            + stored.getString(5));
                }
            }
            final List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 250; i++) {
                expected.add(i + "|" + (i % 7 == 0 ? null : "n" + i) + "|" + i / 4.0 + "|t1|tag");
            }
            assertEquals(expected, read);
        }
    }
}
