package dev.nificrm.store;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteConnectionConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * SQLite, the embedded store of one NiFi node: lists are bound as {@code in (?, ?, ...)} in chunks, rows are written
 * many to a statement with their computed columns (the time) evaluated once per insert, and ids continue from the
 * largest in the table: SQLite has one writer at a time and the store serialises its own writers, so no other writer
 * can take an id in between.
 */
final class SqliteDialect implements SqlDialect {
    /** Well below SQLite's limit of bound parameters per statement. */
    private static final int VALUES_PER_STATEMENT = 500;
    /**
     * Rows of one multi-row insert: at most 100 × the columns of the widest insert (and its computed ones), well within
     * the parameter limit.
     */
    private static final int ROWS_PER_STATEMENT = 100;

    @Override
    public List<String> migrations() {
        return List.of("V1__entity_store", "V2__key_log", "V3__blocking_rules", "V4__key_base", "V5__erased_entities",
                "V6__key_log_without_records", "V7__webhook_signatures", "V8__source_ids_by_one_rule",
                "V9__sync_snapshot_open_fields");
    }

    @Override
    public String migrationFolder() {
        return "sqlite";
    }

    @Override
    public String now() {
        return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    }

    @Override
    public void runIn(final Connection connection, final String sql, final Object[] leading, final ColumnType type,
                      final Object[] values, final RowHandler handler) throws SQLException {
        inChunks(connection, values.length, VALUES_PER_STATEMENT, size -> expand(sql, size), (statement, from, size) -> {
            int index = 1;
            for (final Object value : leading) {
                type.bind(statement, index++, value);
            }
            for (int i = 0; i < size; i++) {
                type.bind(statement, index++, values[from + i]);
            }
        }, handler);
    }

    private static String expand(final String sql, final int size) {
        final StringBuilder list = new StringBuilder(size * 3 + 6).append("in (");
        for (int i = 0; i < size; i++) {
            list.append(i == 0 ? "?" : ", ?");
        }
        return sql.replace("{in}", list.append(')'));
    }

    @Override
    public void insertRows(final Connection connection, final RowInsert insert, final List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        final List<Object[]> ordered;
        if (insert.inKeyOrder()) {
            ordered = new ArrayList<>(rows);
            ordered.sort(SqliteDialect::compareFirstColumn);
        } else {
            ordered = rows;
        }
        // the computed columns (the time of the write) are worked out once and bound once per statement, each row naming
        // them by number: SQLite would evaluate the expression again for every row of a multi-row insert (a batch's
        // 44,000 strftime calls), though 'now' is the same throughout a statement
        final Object[] computed = computedValues(connection, insert);
        // rows go as many to a statement as fit: each statement is one call into SQLite, not one per row
        final int columns = insert.types().size();
        inChunks(connection, ordered.size(), ROWS_PER_STATEMENT, size -> insertText(insert, size), (statement, from, size) -> {
            for (int value = 0; value < computed.length; value++) {
                statement.setObject(value + 1, computed[value]);
            }
            for (int row = 0; row < size; row++) {
                final Object[] values = ordered.get(from + row);
                for (int column = 0; column < columns; column++) {
                    insert.types().get(column).bind(statement, computed.length + row * columns + column + 1, values[column]);
                }
            }
        }, null);
    }

    /** The values of an insert's computed columns, in their order: each expression evaluated once. */
    private static Object[] computedValues(final Connection connection, final RowInsert insert) throws SQLException {
        final Object[] values = new Object[insert.computed().size()];
        if (values.length == 0) {
            return values;
        }
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select " + String.join(", ", insert.computed().values()))) {
            row.next();
            for (int i = 0; i < values.length; i++) {
                values[i] = row.getObject(i + 1);
            }
        }
        return values;
    }

    /** Binds the items {@code from} to {@code from + size - 1} to a statement made for {@code size} of them. */
    @FunctionalInterface
    private interface ChunkBinder {
        void bind(PreparedStatement statement, int from, int size) throws SQLException;
    }

    /**
     * Runs a statement for every chunk of up to {@code perStatement} items: full chunks share one prepared statement,
     * the last, shorter one gets its own; with a handler, each chunk's rows go to it, else the statement is an update.
     */
    private static void inChunks(final Connection connection, final int count, final int perStatement, final IntFunction<String> sqlFor,
                                 final ChunkBinder binder, final RowHandler handler) throws SQLException {
        PreparedStatement full = null;
        try {
            for (int from = 0; from < count; from += perStatement) {
                final int size = Math.min(perStatement, count - from);
                final PreparedStatement statement;
                if (size == perStatement) {
                    if (full == null) {
                        full = connection.prepareStatement(sqlFor.apply(size));
                    }
                    statement = full;
                } else {
                    statement = connection.prepareStatement(sqlFor.apply(size));
                }
                try {
                    binder.bind(statement, from, size);
                    RowHandler.execute(statement, handler);
                } finally {
                    if (statement != full) {
                        statement.close();
                    }
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
    }

    /**
     * A multi-row insert whose parameters are numbered: the computed columns' values first ({@code ?1}, ...), named by
     * every row, then each row's bound columns.
     */
    private static String insertText(final RowInsert insert, final int rows) {
        final int computed = insert.computed().size();
        final int columns = insert.types().size();
        final StringBuilder text = new StringBuilder("insert into ").append(insert.table()).append(" (").append(insert.targetColumns())
                .append(") values ");
        int parameter = computed;
        for (int i = 0; i < rows; i++) {
            text.append(i == 0 ? "(" : ", (");
            for (int column = 0; column < columns; column++) {
                text.append(column == 0 ? "?" : ", ?").append(++parameter);
            }
            for (int value = 1; value <= computed; value++) {
                text.append(", ?").append(value);
            }
            text.append(')');
        }
        return text.append(' ').append(insert.tail()).toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareFirstColumn(final Object[] left, final Object[] right) {
        if (left[0] == null || right[0] == null) {
            return left[0] == null ? (right[0] == null ? 0 : -1) : 1;
        }
        return ((Comparable) left[0]).compareTo(right[0]);
    }

    @Override
    public void addMemberCounts(final Connection connection, final Map<String, Integer> counts) throws SQLException {
        // in-process: one statement per entity costs no round trip
        try (PreparedStatement update = connection.prepareStatement("update crm_entity set member_count = member_count + ?, updated_at = "
                + now() + " where golden_id = ?")) {
            for (final Map.Entry<String, Integer> count : counts.entrySet()) {
                update.setInt(1, count.getValue());
                update.setString(2, count.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    @Override
    public long[] allocateIds(final Connection connection, final String sequence, final String table, final String column,
                              final int count) throws SQLException {
        final long[] ids = new long[count];
        if (count == 0) {
            return ids;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select coalesce(max(" + column + "), 0) from " + table)) {
            rows.next();
            final long largest = rows.getLong(1);
            for (int i = 0; i < count; i++) {
                ids[i] = largest + 1 + i;
            }
        }
        return ids;
    }

    @Override
    public String refusedData(final SQLException exception) {
        return exception instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_TOOBIG
                ? "a value larger than SQLite keeps (SQLITE_TOOBIG)" : null;
    }

    @Override
    public boolean isConflict(final SQLException exception) {
        // a unique source id or key taken by another writer, or the database still locked by one
        if (exception instanceof SQLiteException sqlite) {
            final SQLiteErrorCode code = sqlite.getResultCode();
            return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                    || code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT;
        }
        return false;
    }

    @Override
    public void lockWriters(final Connection connection, final long waitMinutes) {
        throw new UnsupportedOperationException("SQLite has one writer; the store serialises its writers itself");
    }

    @Override
    public void lockForMigration(final Connection connection) {
        // the store serialises writers; a second process opening the same file waits on SQLite's own lock
    }

    @Override
    public boolean hasSingleWriter() {
        return true;
    }

    @Override
    public String rowVersion() {
        return "null";
    }

    @Override
    public long bytesOnDisk(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select page_count * page_size from pragma_page_count(), pragma_page_size()")) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }

    /**
     * A deferred transaction: it takes no lock, and its first read opens the snapshot (in write-ahead-log mode, beside a
     * writer). The store's connections begin immediate transactions otherwise, which wait for the writer: its writes take
     * the lock up front, so that two never find out at commit that one must give way.
     */
    @Override
    public void inReadSnapshot(final Connection connection, final Reads reads) throws SQLException {
        final SQLiteConnectionConfig config = connection.unwrap(SQLiteConnection.class).getConnectionConfig();
        final SQLiteConfig.TransactionMode mode = config.getTransactionMode();
        config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        try {
            connection.setAutoCommit(false);
            try {
                reads.run();
            } finally {
                // ends the transaction, which wrote nothing: a rollback would begin the next one at once
                connection.setAutoCommit(true);
            }
        } finally {
            config.setTransactionMode(mode);
        }
    }
}
