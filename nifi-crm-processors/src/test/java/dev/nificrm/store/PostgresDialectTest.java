package dev.nificrm.store;

import dev.nificrm.store.SqlDialect.ColumnType;
import dev.nificrm.store.SqlDialect.RowInsert;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.jdbc.PgArray;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(PostgresExtension.class)
class PostgresDialectTest {
    /** Values an array literal must quote or escape, and the literal's own word for null. */
    private static final String[] AWKWARD = {"a,b", "{x}", "\"q\"", "back\\slash", "NULL", null, "", " spaced ", "l\u00e9e \uD83D\uDE00", "'"};

    @Test
    void writesAndFindsEveryValueAsItIs(final PostgresServer server) throws Exception {
        final PostgresDatabase database = server.createDatabase("dialect");
        final PostgresDialect dialect = new PostgresDialect();
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("create table t (id bigint primary key, name text, n integer, x float8)");
            final List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < AWKWARD.length; i++) {
                // numbers of any Number type, as the store's rows hold them; nulls among them
                rows.add(new Object[] {i + 1, AWKWARD[i], i % 3 == 0 ? null : (long) i, i % 4 == 0 ? null : i / 4.0f});
            }
            dialect.insertRows(connection, new RowInsert("t", List.of("id", "name", "n", "x"),
                    List.of(ColumnType.BIGINT, ColumnType.TEXT, ColumnType.INTEGER, ColumnType.DOUBLE), Map.of(), "", true), rows);

            final List<String> read = new ArrayList<>();
            dialect.runIn(connection, "select id, name, n, x from t where id {in} order by id", new Object[0], ColumnType.BIGINT,
                    new Object[] {1L, 2, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L}, row -> read.add(row.getLong(1) + "|" + row.getString(2) + "|"
                            + row.getObject(3) + "|" + row.getObject(4)));
            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < AWKWARD.length; i++) {
                expected.add((i + 1) + "|" + AWKWARD[i] + "|" + (i % 3 == 0 ? null : i) + "|" + (i % 4 == 0 ? null : i / 4.0));
            }
            assertEquals(expected, read);

            final List<Long> found = new ArrayList<>();
            dialect.runIn(connection, "select id from t where name {in} order by id", new Object[0], ColumnType.TEXT,
                    new Object[] {"NULL", "{x}", "back\\slash", "l\u00e9e \uD83D\uDE00", "'", "a"}, row -> found.add(row.getLong(1)));
            assertEquals(List.of(2L, 4L, 5L, 9L, 10L), found, "text compared as it is: the word NULL is not null, nothing unescaped");
        }
    }

    @Test
    void sendsArraysInTheBinaryFormat(final PostgresServer server) throws Exception {
        final PostgresDatabase database = server.createDatabase("dialectbinary");
        try (Connection connection = database.dataSource().getConnection()) {
            for (final ColumnType type : ColumnType.values()) {
                final Object[] values = PostgresDialect.typedArray(type, 3, i -> type == ColumnType.TEXT ? (i == 1 ? null : "v" + i) : (i == 1 ? null : i));
                final Array array = connection.createArrayOf(type.postgresName(), values);
                assertTrue(((PgArray) array).isBinary(), type + " as " + values.getClass().getSimpleName());
                assertEquals(Arrays.asList(values), Arrays.asList((Object[]) array.getArray()), type.toString());
                array.free();
            }
        }
    }
}
