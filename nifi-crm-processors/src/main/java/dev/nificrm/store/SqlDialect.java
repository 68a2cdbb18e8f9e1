package dev.nificrm.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What differs between the databases the entity store runs on: how a list of values is bound, how many rows are
 * written at once, time expressions, id allocation, which errors mean "another writer got there first", and how
 * writers are serialised. Everything else, the tables and the statements, is shared by {@link JdbcEntityStore}.
 */
sealed interface SqlDialect permits PostgresDialect, SqliteDialect {

    /** The folder of the versioned migrations under {@code dev/nificrm/store/}. */
    String migrationFolder();

    /** The names of the migrations in that folder, version 1 first. */
    List<String> migrations();

    /** An SQL expression for the current time in the store's time columns. */
    String now();

    /**
     * Runs a statement whose text holds {@code {in}} where a list of values goes ({@code key_hash {in}}), over as many
     * statements as the database needs, with the leading parameters bound first in each: a query whose rows the
     * handler receives, or an update when the handler is null.
     */
    void runIn(Connection connection, String sql, Object[] leading, ColumnType type, Object[] values, RowHandler handler) throws SQLException;

    /**
     * Inserts rows: in the order of their first column when the insert is {@link RowInsert#inKeyOrder()}, else in the
     * order given, so that a generated id (the history's {@code event_id}) follows that order.
     */
    void insertRows(Connection connection, RowInsert insert, List<Object[]> rows) throws SQLException;

    /**
     * An insert of many rows: the bound columns and their types, columns computed by an SQL expression (a time: the
     * same value in every row of the insert, so the database may evaluate it once), what follows the rows (an ON
     * CONFLICT clause), and whether the rows go in the order of their first column (a key: the index is filled in its
     * order) or in the order given (the history, whose generated ids keep the order of a write).
     */
    record RowInsert(String table, List<String> columns, List<ColumnType> types, Map<String, String> computed, String tail,
                     boolean inKeyOrder) {

        public RowInsert {
            if (columns.size() != types.size()) {
                throw new IllegalArgumentException("Each bound column needs a type");
            }
            computed = new LinkedHashMap<>(computed);
        }

        /** The target column list: bound columns, then computed ones. */
        String targetColumns() {
            final List<String> all = new ArrayList<>(columns);
            all.addAll(computed.keySet());
            return String.join(", ", all);
        }
    }

    /** Adds to entities' member counts (golden id → members added) and stamps them updated, in golden id order. */
    void addMemberCounts(Connection connection, Map<String, Integer> counts) throws SQLException;

    /** Allocates ids from a sequence ({@code crm_entity_seq}, {@code crm_member_seq}) or the table's largest id. */
    long[] allocateIds(Connection connection, String sequence, String table, String column, int count) throws SQLException;

    /** Whether the error means a concurrent writer changed what this one read: roll back and compute again. */
    boolean isConflict(SQLException exception);

    /**
     * What the database refused in the values themselves, when the error says so (a character or a size it cannot
     * store: the same records fail again every time), in words for the operator and without the values; else null.
     */
    String refusedData(SQLException exception);

    /**
     * On a database with many writers, takes the lock that makes writers take turns, until the current transaction
     * ends; waits at most the given minutes. A database with one writer ({@link #hasSingleWriter()}) is never asked.
     */
    void lockWriters(Connection connection, long waitMinutes) throws SQLException;

    /** Takes the lock that keeps two nodes from migrating the schema at once, for the current transaction. */
    void lockForMigration(Connection connection) throws SQLException;

    /**
     * Whether the database has one writer at a time (SQLite): the store then serialises its writers itself and can
     * skip verifying what a change read when nothing was written since.
     */
    boolean hasSingleWriter();

    /**
     * An expression for a version of a table's row that changes whenever the row is written again, by an update or by a
     * restore that inserts it anew, and is never that of an earlier row of the same key (PostgreSQL: the transaction that
     * wrote it, {@code xmin}): with the row's number, it tells the key log's row a node's key index took in from a row of
     * that number written after a restore. Null where the database keeps none (SQLite, whose one writer is this process).
     */
    String rowVersion();

    /** The space the store's tables take, or -1. */
    long bytesOnDisk(Connection connection) throws SQLException;

    /**
     * Runs reads in one snapshot of the database, on a connection in auto-commit mode, without waiting for a writer: what
     * writers commit meanwhile is not seen. The reads write nothing. A reader that waited for a writer while holding a
     * lock the writer takes next would stall them both (the key log's rebuild on a reading thread).
     */
    void inReadSnapshot(Connection connection, Reads reads) throws SQLException;

    /** Reads run in a snapshot. */
    @FunctionalInterface
    interface Reads {
        void run() throws SQLException;
    }

    /** The column types of bound values. */
    enum ColumnType {
        BIGINT("bigint"), INTEGER("integer"), TEXT("text"), DOUBLE("float8");

        private final String postgresName;

        ColumnType(final String postgresName) {
            this.postgresName = postgresName;
        }

        String postgresName() {
            return postgresName;
        }

        void bind(final PreparedStatement statement, final int index, final Object value) throws SQLException {
            if (value == null) {
                statement.setNull(index, switch (this) {
                    case BIGINT -> java.sql.Types.BIGINT;
                    case INTEGER -> java.sql.Types.INTEGER;
                    case TEXT -> java.sql.Types.VARCHAR;
                    case DOUBLE -> java.sql.Types.DOUBLE;
                });
                return;
            }
            switch (this) {
                case BIGINT -> statement.setLong(index, ((Number) value).longValue());
                case INTEGER -> statement.setInt(index, ((Number) value).intValue());
                case TEXT -> statement.setString(index, (String) value);
                case DOUBLE -> statement.setDouble(index, ((Number) value).doubleValue());
            }
        }
    }

    /** Receives the rows of a result. */
    @FunctionalInterface
    interface RowHandler {
        void row(ResultSet row) throws SQLException;

        /** Runs a bound statement: with a handler, as a query whose rows go to it; without one (null), as an update. */
        static void execute(final PreparedStatement statement, final RowHandler handler) throws SQLException {
            if (handler == null) {
                statement.executeUpdate();
                return;
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    handler.row(rows);
                }
            }
        }
    }
}
