package dev.nificrm.store;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks where an entity store would open, without opening it: nothing is created, migrated or built, no lock is kept.
 * It says what enabling the store will find and do (create the store, migrate its schema, open its key index at once or
 * build it from the database first) and what the store holds, so an operator can tell a wrong directory or database from
 * the right one before enabling it. NiFi's "Verify" of the store services shows these checks.
 */
public final class StoreInspection {
    private static final long MEGABYTE = 1L << 20;
    private static final double GIGABYTE = 1L << 30;
    private static final int LISTED_SYSTEMS = 8;
    /** Measured on 2 cores: building the key index of 1,000,000 stored records takes 10 s from a compacted log, 17 s from one never compacted. */
    private static final int BUILD_SECONDS_PER_MILLION_FROM_BASE = 10;
    private static final int BUILD_SECONDS_PER_MILLION_FROM_LOG = 17;

    /** How a check came out. */
    public enum Outcome {
        PASSED, FAILED, SKIPPED
    }

    /**
     * One check.
     *
     * @param step        what was checked
     * @param outcome     how it came out
     * @param explanation what was found, and what enabling the store will do
     */
    public record Check(String step, Outcome outcome, String explanation) {
    }

    private StoreInspection() {
    }

    /** Checks an embedded store's directory, its database file (opened read-only) and its key index. */
    public static List<Check> embedded(final Path databaseFile) {
        final List<Check> checks = new ArrayList<>();
        final Path directory = databaseFile.toAbsolutePath().getParent();
        checks.add(directoryCheck("Store Directory", directory));
        if (!Files.exists(databaseFile)) {
            checks.add(new Check("Store Database", Outcome.SKIPPED, "No store in " + directory + " yet: enabling creates " + databaseFile.getFileName()
                    + " (schema version " + new SqliteDialect().migrations().size() + ")"));
            checks.add(new Check("Key Index", Outcome.SKIPPED, "Built with the store when it is created"));
            checks.add(signaturesCheck(JdbcEntityStore.signatureFile(databaseFile)));
            return checks;
        }
        try (Connection connection = readOnly(databaseFile)) {
            final int version = database(checks, connection, new SqliteDialect(), databaseFile.toString());
            checks.add(indexCheck(connection, version, new SqliteDialect(), JdbcEntityStore.keyIndexDirectory(databaseFile.toAbsolutePath()), false));
        } catch (final SQLException e) {
            checks.add(new Check("Store Database", Outcome.FAILED, "Could not read " + databaseFile.toAbsolutePath() + ": " + e.getMessage()));
        }
        checks.add(signaturesCheck(JdbcEntityStore.signatureFile(databaseFile)));
        return checks;
    }

    /** An SQLite file opened read-only, creating nothing beside it. */
    private static Connection readOnly(final Path file) throws SQLException {
        final SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        // a file closed cleanly has no write-ahead log: read it as it is, without creating the log's files beside it
        final boolean closedCleanly = !Files.exists(file.resolveSibling(file.getFileName() + "-wal"));
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath().toUri() + (closedCleanly ? "?immutable=1" : ""));
    }

    /**
     * The file of an embedded store's webhook signature claims (created by the first claim): how many claims are live and
     * how many expired ones it still keeps, and its size; counts only, never a digest.
     */
    private static Check signaturesCheck(final Path file) {
        if (!Files.exists(file)) {
            return new Check("Webhook Signatures", Outcome.SKIPPED, "No webhook signature claimed yet: the first claim creates "
                    + file.getFileName());
        }
        final long now = System.currentTimeMillis();
        try (Connection connection = readOnly(file);
             PreparedStatement select = connection.prepareStatement("select count(*) filter (where expires_at >= ?), "
                     + "count(*) filter (where expires_at < ?) from crm_webhook_signature")) {
            select.setLong(1, now);
            select.setLong(2, now);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                final long expired = rows.getLong(2);
                return new Check("Webhook Signatures", Outcome.PASSED, file.getFileName() + " holds " + number(rows.getLong(1))
                        + " live webhook signature claims" + (expired == 0 ? "" : " (" + number(expired) + " expired, forgotten by a claim a minute after their expiry)")
                        + "; " + megabytes(SignatureClaims.bytesOnDisk(file)) + " on disk");
            }
        } catch (final SQLException | IOException e) {
            return new Check("Webhook Signatures", Outcome.FAILED, "Could not read " + file.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    /**
     * Checks a PostgreSQL store: a connection from the pool, the store's schema and contents, and this node's key index
     * (a directory named after the store under {@code keyIndexBase}).
     */
    public static List<Check> shared(final ConnectionSource connections, final Path keyIndexBase) {
        final List<Check> checks = new ArrayList<>();
        final Connection connection;
        try {
            connection = connections.borrow();
        } catch (final SQLException | RuntimeException e) {
            checks.add(new Check("Database Connection", Outcome.FAILED, "The connection pool gave no connection: " + e.getMessage()));
            return checks;
        }
        try {
            checks.add(new Check("Database Connection", Outcome.PASSED, server(connection)));
            final SqlDialect dialect = new PostgresDialect();
            final int version = database(checks, connection, dialect, "database " + connection.getCatalog());
            if (version <= 0) {
                checks.add(directoryCheck("Key Index Directory", keyIndexBase.toAbsolutePath()));
            } else {
                final Path directory = keyIndexBase.toAbsolutePath().resolve(JdbcEntityStore.storeId(connection));
                checks.add(directoryCheck("Key Index Directory", directory));
                checks.add(indexCheck(connection, version, dialect, directory, true));
            }
        } catch (final SQLException | RuntimeException e) {
            checks.add(new Check("Store Database", Outcome.FAILED, "Could not read the store: " + e.getMessage()));
        } finally {
            connections.release(connection);
        }
        return checks;
    }

    private static String server(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select current_setting('server_version'), current_database(), current_user, current_schema()")) {
            rows.next();
            return "PostgreSQL " + rows.getString(1) + ", database " + rows.getString(2) + " as user " + rows.getString(3)
                    + ", schema " + rows.getString(4);
        }
    }

    /** A directory the store writes to: there and writable, or creatable. */
    private static Check directoryCheck(final String step, final Path directory) {
        try {
            if (Files.isDirectory(directory)) {
                return Files.isWritable(directory)
                        ? new Check(step, Outcome.PASSED, directory + " is writable; " + free(directory))
                        : new Check(step, Outcome.FAILED, directory + " is not writable by NiFi's user");
            }
            if (Files.exists(directory)) {
                return new Check(step, Outcome.FAILED, directory + " is a file, not a directory");
            }
            Path existing = directory.getParent();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
                return new Check(step, Outcome.FAILED, directory + " does not exist and cannot be created: "
                        + (existing == null ? "no parent exists" : existing + " is not a writable directory"));
            }
            return new Check(step, Outcome.PASSED, directory + " does not exist yet: enabling creates it; " + free(existing));
        } catch (final IOException e) {
            return new Check(step, Outcome.FAILED, "Could not look at " + directory + ": " + e.getMessage());
        }
    }

    private static String free(final Path directory) throws IOException {
        return String.format(Locale.ROOT, "%.1f GB free", Files.getFileStore(directory).getUsableSpace() / GIGABYTE);
    }

    /** Adds the schema and contents check; returns the schema version (0: no store yet), or -1 when the check failed. */
    private static int database(final List<Check> checks, final Connection connection, final SqlDialect dialect, final String where) throws SQLException {
        final int current = dialect.migrations().size();
        final int version = schemaVersion(connection);
        if (version == 0) {
            if (!dialect.hasSingleWriter() && !canCreateTables(connection)) {
                checks.add(new Check("Store Database", Outcome.FAILED, "No store in the " + where + " yet, and its user may not create tables in "
                        + "the schema: grant it CREATE on the schema, or create the store as a user who may"));
                return -1;
            }
            checks.add(new Check("Store Database", Outcome.SKIPPED, "No store in the " + where + " yet: enabling creates its tables (schema version "
                    + current + ")"));
            return 0;
        }
        if (version > current) {
            checks.add(new Check("Store Database", Outcome.FAILED, "The store has schema version " + version + ", newer than the " + current
                    + " this version of nifi-crm knows: use the nifi-crm version that wrote it, or a newer one"));
            return -1;
        }
        final StringBuilder text = new StringBuilder();
        if (version < current) {
            if (!dialect.hasSingleWriter() && !canCreateTables(connection)) {
                checks.add(new Check("Store Database", Outcome.FAILED, "The store has schema version " + version + " and enabling must migrate it to "
                        + current + ", but the user may not create tables in the schema: grant it CREATE on the schema"));
                return -1;
            }
            text.append("Schema version ").append(version).append(": enabling migrates it to ").append(current).append(". ");
        } else {
            text.append("Schema version ").append(version).append(" (this nifi-crm's). ");
        }
        final long entities = count(connection, "select count(*) from crm_entity");
        final long live = count(connection, "select count(*) from crm_entity where merged_into is null");
        final long erased = count(connection, "select count(distinct golden_id) from crm_event where kind = '" + EventKind.ERASED.key() + "'");
        text.append(number(live)).append(" customers (entities; ").append(number(entities - live)).append(" more merged into others")
                .append(erased == 0 ? "" : "; " + number(erased) + " erased on request").append("), ")
                .append(number(count(connection, "select count(*) from crm_member"))).append(" source records");
        text.append(systems(connection)).append(", ").append(number(count(connection, "select count(*) from crm_snapshot")))
                .append(" sync snapshots, ").append(number(count(connection, "select count(*) from crm_event"))).append(" history events");
        final long bytes = dialect.bytesOnDisk(connection);
        if (bytes >= 0) {
            text.append("; ").append(megabytes(bytes)).append(" on disk");
        }
        if (dialect.hasSingleWriter()) {
            final long free = count(connection, "select freelist_count * page_size from pragma_freelist_count(), pragma_page_size()");
            if (free > 0) {
                text.append(", ").append(megabytes(free)).append(" of it free space inside the file (left by compacting the key log; later "
                        + "writes reuse it, and VACUUM with the service disabled gives it back to the disk)");
            }
        }
        checks.add(new Check("Store Database", Outcome.PASSED, text.toString()));
        return version;
    }

    private static int schemaVersion(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select coalesce(max(version), 0) from crm_schema_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        } catch (final SQLException e) {
            if ("42P01".equals(e.getSQLState()) || String.valueOf(e.getMessage()).contains("no such table")) {
                return 0;
            }
            throw e;
        }
    }

    private static boolean canCreateTables(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select has_schema_privilege(current_schema(), 'CREATE')")) {
            return rows.next() && rows.getBoolean(1);
        }
    }

    /** The source records per system, the largest first. */
    private static String systems(final Connection connection) throws SQLException {
        final List<String> systems = new ArrayList<>();
        int more = 0;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select source_system, count(*) from crm_member group by source_system order by 2 desc, 1")) {
            while (rows.next()) {
                if (systems.size() < LISTED_SYSTEMS) {
                    systems.add(rows.getString(1) + " " + number(rows.getLong(2)));
                } else {
                    more++;
                }
            }
        }
        if (systems.isEmpty()) {
            return "";
        }
        return " (" + String.join(", ", systems) + (more > 0 ? " and " + more + " more systems" : "") + ")";
    }

    /** What opening the key index will do: go on from where it is, apply the rows other nodes logged, or build it. */
    private static Check indexCheck(final Connection connection, final int version, final SqlDialect dialect, final Path directory,
                                    final boolean shared) throws SQLException {
        if (version < 0) {
            return new Check("Key Index", Outcome.SKIPPED, "Not checked: the store database could not be used");
        }
        if (version == 0) {
            return new Check("Key Index", Outcome.SKIPPED, "Built with the store when it is created");
        }
        if (version < dialect.migrations().size()) {
            return new Check("Key Index", Outcome.SKIPPED, "Opened once the schema is migrated (when the store is enabled)");
        }
        if (shared && KeyLog.isOpenHere(directory)) {
            // the directory is named after the store: another service of this NiFi on the same database, sharing rather than competing
            return new Check("Key Index", Outcome.PASSED, "Open in " + directory + " for another PostgreSQLEntityStore of this NiFi on the same "
                    + "store: enabling shares that index and its writers' turn, kept up to date as it is");
        }
        final KeyIndex.Outside outside;
        try {
            outside = KeyLog.lookAtIndex(directory);
        } catch (final IOException e) {
            return new Check("Key Index", Outcome.FAILED, "Could not look at " + directory + ": " + e.getMessage());
        }
        if (outside.inUse()) {
            return new Check("Key Index", Outcome.FAILED, "The key index in " + directory + " is open in another entity store service (of this "
                    + "NiFi or another process): " + (shared ? "each node's index serves one PostgreSQLEntityStore; give each its own Key Index "
                    + "Directory" : "an embedded store directory serves one EmbeddedEntityStore; share that service between processors instead"));
        }
        final KeyLog.Outlook outlook = KeyLog.outlook(connection, outside.header(), shared);
        final StringBuilder text = new StringBuilder();
        if (!outlook.builds()) {
            text.append(directory).append(" holds ").append(number(outlook.keys())).append(" keys (").append(megabytes(outside.header().bytesOnDisk()))
                    .append("); enabling opens it at once");
            if (outlook.behind() > 0) {
                text.append(" and takes in the ").append(number(outlook.behind())).append(" key log rows other nodes wrote since");
            }
        } else {
            final long members = count(connection, "select count(*) from crm_member");
            text.append(outside.damage() != null ? "The index in " + directory + " was closed cleanly but " + outside.damage()
                    : outside.exists() ? "The index in " + directory + " was not closed cleanly, or is of another copy of the store"
                    : "No index in " + directory + " yet").append(": enabling builds it from the database first (")
                    .append(number(members)).append(" source records; measured on 2 cores: ").append(BUILD_SECONDS_PER_MILLION_FROM_BASE)
                    .append("-").append(BUILD_SECONDS_PER_MILLION_FROM_LOG).append(" s per million)");
        }
        text.append(". Key log: ").append(number(outlook.logRows())).append(" rows, ").append(megabytes(outlook.logBytes()))
                .append(" since its last compaction");
        if (!outlook.builds()) {
            text.append(outlook.compactionDue(outlook.keys()) ? " (due: the next FlowFile compacts it first)" : " (compaction not due)");
        }
        return new Check("Key Index", Outcome.PASSED, text.toString());
    }

    private static long count(final Connection connection, final String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static String number(final long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String megabytes(final long bytes) {
        return String.format(Locale.ROOT, "%,.1f MB", (double) bytes / MEGABYTE);
    }
}
