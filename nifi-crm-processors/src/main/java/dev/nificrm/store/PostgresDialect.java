package dev.nificrm.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * PostgreSQL, shared by every node of a NiFi cluster: lists are bound as one array parameter ({@code = any(?)}),
 * rows are written with one {@code unnest} statement per batch in key order (the history in the order given), ids
 * come from sequences (a range per write: writers take turns on an advisory lock, {@link #lockWriters}).
 */
final class PostgresDialect implements SqlDialect {
    private static final int VALUES_PER_STATEMENT = 50_000;
    /** Any constant that no other application takes as advisory lock: "crm" in ASCII. */
    private static final long MIGRATION_LOCK = 0x63726dL;
    /** The advisory lock writers take turns on: "crm-w" in ASCII. */
    private static final long WRITER_LOCK = 0x63726d2d77L;

    @Override
    public List<String> migrations() {
        return List.of("V1__entity_store", "V2__key_log", "V3__blocking_rules", "V4__key_base", "V5__erased_entities",
                "V6__key_log_without_records", "V7__room_for_row_updates", "V8__webhook_signatures",
                "V9__source_ids_by_one_rule", "V10__sync_snapshot_open_fields");
    }

    @Override
    public String migrationFolder() {
        return "postgresql";
    }

    @Override
    public String now() {
        return "current_timestamp";
    }

    @Override
    public void runIn(final Connection connection, final String sql, final Object[] leading, final ColumnType type,
                      final Object[] values, final RowHandler handler) throws SQLException {
        final String text = sql.replace("{in}", "= any(?)");
        try (PreparedStatement statement = connection.prepareStatement(text)) {
            for (int from = 0; from < values.length; from += VALUES_PER_STATEMENT) {
                final int start = from;
                final int to = Math.min(values.length, from + VALUES_PER_STATEMENT);
                int index = 1;
                for (final Object value : leading) {
                    statement.setObject(index++, value);
                }
                final Array array = connection.createArrayOf(type.postgresName(), typedArray(type, to - start, i -> values[start + i]));
                statement.setArray(index, array);
                try {
                    RowHandler.execute(statement, handler);
                } finally {
                    array.free();
                }
            }
        }
    }

    @Override
    public void insertRows(final Connection connection, final RowInsert insert, final List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        final StringBuilder text = new StringBuilder("insert into ").append(insert.table()).append(" (").append(insert.targetColumns())
                .append(") select ");
        for (int column = 0; column < insert.columns().size(); column++) {
            text.append(column == 0 ? "" : ", ").append("u.").append(insert.columns().get(column));
        }
        for (final String expression : insert.computed().values()) {
            text.append(", ").append(expression);
        }
        text.append(" from unnest(");
        for (int column = 0; column < insert.types().size(); column++) {
            text.append(column == 0 ? "" : ", ").append("?::").append(insert.types().get(column).postgresName()).append("[]");
        }
        // in key order, or in the order given: the row's place in the arrays, which a generated id then follows
        text.append(insert.inKeyOrder() ? ") as u(" : ") with ordinality as u(").append(String.join(", ", insert.columns()))
                .append(insert.inKeyOrder() ? ") order by 1 " : ", place_in_write) order by u.place_in_write ").append(insert.tail());
        try (PreparedStatement statement = connection.prepareStatement(text.toString())) {
            for (int from = 0; from < rows.size(); from += VALUES_PER_STATEMENT) {
                final List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + VALUES_PER_STATEMENT));
                final Array[] arrays = new Array[insert.types().size()];
                try {
                    for (int column = 0; column < arrays.length; column++) {
                        final int at = column;
                        final ColumnType type = insert.types().get(column);
                        arrays[column] = connection.createArrayOf(type.postgresName(), typedArray(type, chunk.size(), row -> chunk.get(row)[at]));
                        statement.setArray(column + 1, arrays[column]);
                    }
                    statement.executeUpdate();
                } finally {
                    for (final Array array : arrays) {
                        if (array != null) {
                            array.free();
                        }
                    }
                }
            }
        }
    }

    /**
     * The values as an array of their column's Java type ({@code String[]}, {@code Long[]}, {@code Integer[]},
     * {@code Double[]}; null stays null). The driver sends such an array in PostgreSQL's binary array format: each value
     * as its bytes. An {@code Object[]} it writes as an array literal instead, every value quoted and escaped into one
     * string (for 10,000 rows one string of about a megabyte per column) that the server parses again.
     */
    static Object[] typedArray(final ColumnType type, final int length, final IntFunction<Object> value) {
        return switch (type) {
            case TEXT -> {
                final String[] texts = new String[length];
                for (int i = 0; i < length; i++) {
                    texts[i] = (String) value.apply(i);
                }
                yield texts;
            }
            case BIGINT -> {
                final Long[] numbers = new Long[length];
                for (int i = 0; i < length; i++) {
                    final Object number = value.apply(i);
                    numbers[i] = number == null ? null : ((Number) number).longValue();
                }
                yield numbers;
            }
            case INTEGER -> {
                final Integer[] numbers = new Integer[length];
                for (int i = 0; i < length; i++) {
                    final Object number = value.apply(i);
                    numbers[i] = number == null ? null : ((Number) number).intValue();
                }
                yield numbers;
            }
            case DOUBLE -> {
                final Double[] numbers = new Double[length];
                for (int i = 0; i < length; i++) {
                    final Object number = value.apply(i);
                    numbers[i] = number == null ? null : ((Number) number).doubleValue();
                }
                yield numbers;
            }
        };
    }

    @Override
    public void addMemberCounts(final Connection connection, final Map<String, Integer> counts) throws SQLException {
        // one statement for all of them: a statement per entity would cost a round trip each
        try (PreparedStatement update = connection.prepareStatement("update crm_entity e set member_count = e.member_count + u.delta, "
                + "updated_at = " + now() + " from unnest(?::text[], ?::integer[]) as u(golden_id, delta) where e.golden_id = u.golden_id")) {
            final Array ids = connection.createArrayOf("text", counts.keySet().toArray(new String[0]));
            final Array deltas = connection.createArrayOf("integer", counts.values().toArray(new Integer[0]));
            try {
                update.setArray(1, ids);
                update.setArray(2, deltas);
                update.executeUpdate();
            } finally {
                ids.free();
                deltas.free();
            }
        }
    }

    @Override
    public long[] allocateIds(final Connection connection, final String sequence, final String table, final String column,
                              final int count) throws SQLException {
        final long[] ids = new long[count];
        if (count == 0) {
            return ids;
        }
        // one range per write: writers take turns (lockWriters), so nobody draws from the sequence in between
        try (PreparedStatement statement = connection.prepareStatement("select nextval('" + sequence + "')")) {
            final long first;
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                first = rows.getLong(1);
            }
            if (count > 1) {
                try (PreparedStatement advance = connection.prepareStatement("select setval('" + sequence + "', ?)")) {
                    advance.setLong(1, first + count - 1);
                    advance.executeQuery().close();
                }
            }
            for (int i = 0; i < count; i++) {
                ids[i] = first + i;
            }
        }
        return ids;
    }

    @Override
    public String refusedData(final SQLException exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                final String state = sql.getSQLState();
                // class 22 is a data exception; 54000 a program limit, such as a value too large for a B-tree index
                if (state.equals("22021")) {
                    return "a character PostgreSQL cannot keep in text, such as NUL (0x00) (SQL state 22021)";
                }
                if (state.equals("54000")) {
                    return "a value too large for its index, such as a source id of thousands of characters (SQL state 54000)";
                }
                if (state.startsWith("22")) {
                    return "a value PostgreSQL cannot keep (SQL state " + state + ")";
                }
            }
        }
        return null;
    }

    @Override
    public boolean isConflict(final SQLException exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                final String state = sql.getSQLState();
                // unique violation, serialization failure, deadlock detected
                if (state.equals("23505") || state.equals("40001") || state.equals("40P01")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void lockWriters(final Connection connection, final long waitMinutes) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local lock_timeout = '" + waitMinutes + "min'");
            statement.execute("select pg_advisory_xact_lock(" + WRITER_LOCK + ")");
        }
    }

    @Override
    public void lockForMigration(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
        }
    }

    @Override
    public boolean hasSingleWriter() {
        return false;
    }

    @Override
    public String rowVersion() {
        return "xmin::text";
    }

    @Override
    public long bytesOnDisk(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c "
                     + "join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'r' and c.relname like 'crm\\_%' "
                     + "and n.nspname = current_schema()")) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }

    /** A repeatable-read transaction: PostgreSQL's readers never wait for its writers. */
    @Override
    public void inReadSnapshot(final Connection connection, final Reads reads) throws SQLException {
        final int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            reads.run();
        } finally {
            try {
                connection.rollback();
            } finally {
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(true);
            }
        }
    }
}
