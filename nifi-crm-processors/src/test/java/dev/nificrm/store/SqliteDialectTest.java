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

    @Test
    void worksOutTheTimeOfTheMemberCountsOnceNotOncePerEntity(@TempDir final Path directory) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("counts.db"));
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("create table crm_entity (created_seq integer primary key, golden_id text not null unique, "
                    + "updated_at text not null, member_count integer not null)");
            statement.executeUpdate("with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000) "
                    + "insert into crm_entity (golden_id, updated_at, member_count) select 'g' || i, 'before', i from n");
            final Map<String, Integer> counts = new LinkedHashMap<>();
            for (int i = 1; i <= 3000; i++) {
                if (i % 3 != 0) {
                    counts.put("g" + i, i % 2 == 0 ? 2 : -1);
                }
            }
            // the dialect's time, strftime(...), counted: an application's function takes the place of SQLite's own
            final Counted counted = new Counted();
            Function.create(connection, "strftime", counted);

            new SqliteDialect().addMemberCounts(connection, counts);

            assertEquals(1, counted.calls, "the time is worked out once for the 2,000 entities whose member counts change");
            final List<String> read = new ArrayList<>();
            final List<String> expected = new ArrayList<>();
            try (ResultSet stored = statement.executeQuery("select golden_id, updated_at, member_count from crm_entity order by created_seq")) {
                while (stored.next()) {
                    read.add(stored.getString(1) + "|" + stored.getString(2) + "|" + stored.getInt(3));
                    final int i = Integer.parseInt(stored.getString(1).substring(1));
                    expected.add("g" + i + "|" + (i % 3 == 0 ? "before|" + i : "t1|" + (i + (i % 2 == 0 ? 2 : -1))));
                }
            }
            assertEquals(expected, read);
        }
    }
}
