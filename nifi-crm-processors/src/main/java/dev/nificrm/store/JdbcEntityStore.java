package dev.nificrm.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.match.CandidateKeys;
import dev.nificrm.match.Comparison;
import dev.nificrm.store.ChangeSet.KeyChange;
import dev.nificrm.store.ChangeSet.Merge;
import dev.nificrm.store.ChangeSet.Move;
import dev.nificrm.store.ChangeSet.NewMember;
import dev.nificrm.store.ChangeSet.SnapshotWrite;
import dev.nificrm.store.SqlDialect.ColumnType;
import dev.nificrm.store.SqlDialect.RowInsert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The entity store on a relational database through JDBC: PostgreSQL for a NiFi cluster, an SQLite file for one node.
 * The tables (see the {@code V*.sql} migrations beside this class) are created and migrated when the store opens;
 * every statement is parameterised.
 * <p>
 * Writers take turns: the embedded store lets one writer of its JVM at a time into SQLite's one write transaction;
 * on PostgreSQL each write's transaction takes an advisory lock every node's writers share. A write verifies what the
 * change read before it changes anything: the live entities it builds on are checked, new source records are inserted
 * under a unique constraint, and the count of every block the change read is compared with the key index, which holds
 * every committed write (on PostgreSQL after taking in, from {@code crm_key_log}, what the other nodes committed). Where
 * a count moved, the members that joined since (those past the count read: a block lists its members in the order they
 * joined) go to the change's {@link ChangeSet.JoinCheck}, which tells whether any of them would have changed it. Two
 * nodes that see the same new customer at once thus both read the block; the second to write is shown the first one's
 * record and gets a {@link StoreConflictException} to match again, now against the first one's entity, while writers
 * of different customers that merely share blocks both write without matching again. The change then stays
 * uncommitted (holding the writers' turn) until its NiFi session commits; its key changes reach the index then.
 */
public final class JdbcEntityStore implements EntityStore {
    static final char FIELD_SEPARATOR = '\u001E';
    private static final long WRITER_WAIT_MINUTES = 10;
    /** The low bits of a {@link #keyMark} that hold the key log row (a trillion writes); the rebuilds of the index above them. */
    private static final int KEY_MARK_ROW_BITS = 40;
    /**
     * How often a shared store's key index takes in, by itself, what the other nodes committed (erasures among it), when
     * nobody asks it to sooner.
     */
    public static final Duration CATCH_UP_INTERVAL = Duration.ofMinutes(1);
    /** The marker row of {@code crm_block_rule} in a store written before it kept its rules (schema version 3 added it). */
    private static final String WRITTEN_BEFORE_RULES_KEPT = "*";
    /** Members keyed under new blocking rules per page read, and per row of the key log. */
    private static final int KEYING_PAGE = 20_000;
    /** Members read per query by {@link #forEachMember}. */
    private static final int MEMBER_PAGE = 5000;
    private static final String NOW = "{now}";
    private static final RowInsert ENTITIES = new RowInsert("crm_entity", List.of("golden_id", "created_seq", "member_count"),
            List.of(ColumnType.TEXT, ColumnType.BIGINT, ColumnType.INTEGER), Map.of("created_at", NOW, "updated_at", NOW), "", true);
    private static final RowInsert MEMBERS = new RowInsert("crm_member",
            List.of("member_id", "golden_id", "source_system", "source_id", "layout_id", "match_keys"),
            List.of(ColumnType.BIGINT, ColumnType.TEXT, ColumnType.TEXT, ColumnType.TEXT, ColumnType.INTEGER, ColumnType.TEXT),
            Map.of("first_seen", NOW, "last_seen", NOW), "", true);
    /** The columns of a member, as {@link #member} and the key index read them. */
    /** The migration after whose statements the key log's rows are rewritten without their members' records. */
    private static final String KEY_LOG_WITHOUT_RECORDS = "V6__key_log_without_records";
    /** The migration after whose statements the stored source ids are rewritten by the rule of {@link SourceIds}. */
    private static final String SOURCE_IDS_BY_ONE_RULE = "__source_ids_by_one_rule";
    static final String SELECT_MEMBERS = "select member_id, golden_id, source_system, source_id, layout_id, match_keys from crm_member";
    private static final RowInsert KEPT_APART = new RowInsert("crm_kept_apart", List.of("golden_id_a", "golden_id_b"),
            List.of(ColumnType.TEXT, ColumnType.TEXT), Map.of("decided_at", NOW), "on conflict do nothing", true);
    /** The history, in the order the write made its events: their ids are the order {@link #history} reads them in. */
    private static final RowInsert EVENTS = new RowInsert("crm_event",
            List.of("kind", "golden_id", "other_golden_id", "source_system", "source_id", "score", "explanation"),
            List.of(ColumnType.TEXT, ColumnType.TEXT, ColumnType.TEXT, ColumnType.TEXT, ColumnType.TEXT, ColumnType.DOUBLE, ColumnType.TEXT),
            Map.of("occurred_at", NOW), "", false);

    private final ConnectionSource connections;
    private final SqlDialect dialect;
    private final String description;
    private final Map<Integer, List<String>> layouts = new ConcurrentHashMap<>();
    private final Map<List<String>, Integer> layoutIds = new ConcurrentHashMap<>();
    private final Map<LayoutMapping, int[]> mappings = new ConcurrentHashMap<>();
    /** The embedded store's key index directory, or the directory under which a PostgreSQL store's index gets one of its own. */
    private final Path keyIndexDirectory;
    /** Where webhook signatures are claimed: the database, or (embedded) a file of their own that no entity write holds up. */
    private final SignatureClaims signatures;
    private KeyLog keyLog;
    /** A shared store's background catch-up of its key index (null for the embedded store, the only writer of its index). */
    private volatile ScheduledExecutorService catchUps;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcEntityStore(final ConnectionSource connections, final SqlDialect dialect, final String description, final Path keyIndexDirectory,
                            final SignatureClaims signatures) {
        this.connections = connections;
        this.dialect = dialect;
        this.description = description;
        this.keyIndexDirectory = keyIndexDirectory;
        this.signatures = signatures;
    }

    /**
     * Opens (creating or migrating its tables) a store in a PostgreSQL database shared by every node, with this node's
     * key index in a directory named after the store under {@code keyIndexBase}.
     */
    public static JdbcEntityStore postgres(final ConnectionSource connections, final String description, final Path keyIndexBase) {
        return postgres(connections, description, keyIndexBase, CATCH_UP_INTERVAL, CatchUpListener.NONE);
    }

    /**
     * Opens a store in a PostgreSQL database shared by every node (see {@link #postgres(ConnectionSource, String, Path)})
     * whose key index, while this node neither reads nor writes, takes in what the other nodes committed (erasures
     * among it) every {@code catchUpInterval}, telling {@code listener} what it took in.
     */
    public static JdbcEntityStore postgres(final ConnectionSource connections, final String description, final Path keyIndexBase,
                                           final Duration catchUpInterval, final CatchUpListener listener) {
        if (catchUpInterval.isNegative() || catchUpInterval.isZero()) {
            throw new IllegalArgumentException("The key index's catch-up interval must be positive, not " + catchUpInterval);
        }
        final JdbcEntityStore store = open(new JdbcEntityStore(connections, new PostgresDialect(), description, keyIndexBase,
                SignatureClaims.inDatabase(connections)));
        store.keyLog.listener = listener;
        store.catchUps = Executors.newSingleThreadScheduledExecutor(task -> {
            final Thread thread = new Thread(task, "crm-entity-store-catch-up " + description);
            thread.setDaemon(true);
            return thread;
        });
        // with a fixed delay, one catch-up ends before the next is timed: never two at once
        store.catchUps.scheduleWithFixedDelay(() -> store.catchUpWhileIdle(listener), catchUpInterval.toNanos(), catchUpInterval.toNanos(),
                TimeUnit.NANOSECONDS);
        return store;
    }

    /**
     * Opens (creating or migrating it) an embedded store in one SQLite file, with its key index in the directory
     * {@link #keyIndexDirectory(Path)} beside it and its webhook claims in the file {@link #signatureFile(Path)}.
     */
    public static JdbcEntityStore sqlite(final Path databaseFile) {
        return sqlite(databaseFile, UnaryOperator.identity());
    }

    /** An embedded store (see {@link #sqlite(Path)}) whose connections pass through {@code connections} (for tests: a commit that fails). */
    static JdbcEntityStore sqlite(final Path databaseFile, final UnaryOperator<ConnectionSource> connections) {
        final JdbcEntityStore store = open(new JdbcEntityStore(connections.apply(new SqliteConnections(databaseFile)), new SqliteDialect(),
                "embedded store " + databaseFile, keyIndexDirectory(databaseFile), SignatureClaims.inFile(signatureFile(databaseFile))));
        try {
            store.moveSignatureClaims();
            return store;
        } catch (final RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * The file of an embedded store's webhook claims ({@link #claimSignature}), created by the first claim: apart from the
     * database, so that a claim never waits for an entity write.
     */
    public static Path signatureFile(final Path databaseFile) {
        return SignatureClaims.file(databaseFile);
    }

    /** The directory of an embedded store's key index: derived from the database, rebuilt from it when missing. */
    public static Path keyIndexDirectory(final Path databaseFile) {
        return databaseFile.resolveSibling(databaseFile.getFileName() + "-keys");
    }

    private static JdbcEntityStore open(final JdbcEntityStore store) {
        try {
            store.migrate();
            store.openKeyLog();
            return store;
        } catch (final RuntimeException e) {
            store.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    // ---------------------------------------------------------------- schema

    private void migrate() {
        int recordsDropped = 0;
        final Connection connection = borrow();
        try {
            connection.setAutoCommit(false);
            dialect.lockForMigration(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("create table if not exists crm_schema_version (version integer primary key, "
                        + "description text not null, applied_at text not null)");
            }
            int current = 0;
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select coalesce(max(version), 0) from crm_schema_version")) {
                if (rows.next()) {
                    current = rows.getInt(1);
                }
            }
            final List<String> migrations = dialect.migrations();
            if (current > migrations.size()) {
                throw new EntityStoreException("The " + description + " has schema version " + current + ", newer than the "
                        + migrations.size() + " this version of nifi-crm knows: use the nifi-crm version that wrote it, or a newer one");
            }
            for (int version = current + 1; version <= migrations.size(); version++) {
                final String name = migrations.get(version - 1);
                try (Statement statement = connection.createStatement()) {
                    for (final String sql : statements(readMigration(name))) {
                        statement.execute(sql);
                    }
                }
                if (name.equals(KEY_LOG_WITHOUT_RECORDS)) {
                    recordsDropped = KeyLog.dropRecords(connection);
                }
                if (name.endsWith(SOURCE_IDS_BY_ONE_RULE)) {
                    migrateSourceIds(connection, name);
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into crm_schema_version (version, description, applied_at) values (?, ?, ?)")) {
                    insert.setInt(1, version);
                    insert.setString(2, name);
                    insert.setString(3, OffsetDateTime.now().toString());
                    insert.executeUpdate();
                }
            }
            connection.commit();
        } catch (final SQLException e) {
            rollbackQuietly(connection);
            throw failure("create or migrate the tables of", e);
        } finally {
            connections.release(connection);
        }
        if (recordsDropped > 0) {
            // the rows rewritten without records: their earlier content leaves the database's own log as after an erasure
            connections.erased();
        }
    }

    /**
     * Rewrites the stored source ids the rule of {@link SourceIds} changes ({@link SourceIds#fromStored}): white space of any
     * kind around them, a whole number spelt as a Java double; an id of white space alone, which names no record by the
     * rule, becomes the id a record without one is kept by (its content, {@link EntityResolver#contentId}). Where the id it
     * becomes is already stored for the system
     * (or several stored ids become one), the cross-references are one record of that system: one is kept (the one that
     * already had the id, else the first stored), the others go; when they named different customers, those are merged
     * into the one created first, with a merged event saying why, unless a person kept the two apart: then the record stays
     * with the one created first and the other's history says it left. The history's source ids are rewritten likewise.
     * A key log row names every member rewritten or removed, so every node's key index takes in their records as they are
     * now (a removed one reads as nobody), and carries each removed member's values, so that it leaves the blocks listing
     * it and the counts, as an erased one does: the counts are then those of a store that never held it twice.
     */
    private void migrateSourceIds(final Connection connection, final String migration) throws SQLException {
        record Stored(long memberId, String goldenId, String system, String sourceId) {
        }
        final Map<SourceKey, List<Stored>> byNewId = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(MEMBER_PAGE);
            try (ResultSet rows = statement.executeQuery("select member_id, golden_id, source_system, source_id, match_keys from crm_member "
                    + "order by member_id")) {
                while (rows.next()) {
                    final String stored = rows.getString(4);
                    final String byRule = SourceIds.fromStored(stored);
                    // an id of white space alone is no id by the rule: the record is now what a record without an id is,
                    // the record of its content (the id the resolver gives such a record), so the next such record finds it
                    final String id = byRule != null ? byRule : EntityResolver.contentId(allKeys(rows.getString(5)), 1);
                    if (!id.equals(stored)) {
                        byNewId.computeIfAbsent(new SourceKey(rows.getString(3), id), key -> new ArrayList<>())
                                .add(new Stored(rows.getLong(1), rows.getString(2), rows.getString(3), stored));
                    }
                }
            }
        }
        migrateSnapshotRows(connection);
        if (byNewId.isEmpty()) {
            return;
        }
        final Set<Long> rewritten = new TreeSet<>();
        final List<KeyChanges.Removal> removals = new ArrayList<>();
        final Map<String, String> mergedInto = new HashMap<>();
        final List<Object[]> events = new ArrayList<>();
        for (final Map.Entry<SourceKey, List<Stored>> group : byNewId.entrySet()) {
            final SourceKey key = group.getKey();
            final List<Stored> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select member_id, golden_id from crm_member where source_system = ? "
                    + "and source_id = ?")) {
                select.setString(1, key.system());
                select.setString(2, key.sourceId());
                try (ResultSet existing = select.executeQuery()) {
                    while (existing.next()) {
                        rows.add(new Stored(existing.getLong(1), existing.getString(2), key.system(), key.sourceId()));
                    }
                }
            }
            rows.addAll(group.getValue());
            Stored kept = rows.getFirst();
            for (final Stored other : rows.subList(1, rows.size())) {
                final String keptCustomer = customerNow(mergedInto, kept.goldenId());
                final String otherCustomer = customerNow(mergedInto, other.goldenId());
                String recordCustomer = keptCustomer;
                if (!keptCustomer.equals(otherCustomer)) {
                    final boolean keptFirst = createdSeq(connection, keptCustomer) < createdSeq(connection, otherCustomer);
                    final String survivor = keptFirst ? keptCustomer : otherCustomer;
                    final String loser = keptFirst ? otherCustomer : keptCustomer;
                    final String why = "the cross-references " + describe(kept.sourceId()) + " and " + describe(other.sourceId()) + " of " + key.system()
                            + " are its one record " + key.sourceId() + " once source ids are read by one rule (schema migration " + migration + ")";
                    recordCustomer = survivor;
                    if (findKeptApart(connection, List.of(survivor)).contains(new EntityPair(survivor, loser))) {
                        // a person decided the two are different: not merged; the record stays with the customer created first
                        events.add(new Object[] {EventKind.KEPT_APART.key(), loser, survivor, key.system(), key.sourceId(), null,
                                why + ": the record stays with " + survivor + ", created first, and leaves this customer; not merged, as a person "
                                        + "kept the two apart"});
                    } else {
                        final Set<Long> moved = new TreeSet<>();
                        applyMerges(connection, List.of(new ChangeSet.Merge(loser, survivor)), moved);
                        rewritten.addAll(moved);
                        mergedInto.put(loser, survivor);
                        events.add(new Object[] {EventKind.MERGED.key(), survivor, loser, key.system(), key.sourceId(), null,
                                why + ": one record is one customer, so the two are merged"});
                    }
                }
                // one member stays, of the customer the record stays with: the other goes, and its customer counts one less
                final boolean keepOther = !customerNow(mergedInto, kept.goldenId()).equals(recordCustomer);
                final Stored removed = keepOther ? kept : other;
                // its values leave the key index's blocks and counts where the log's row is applied (the index is not open yet)
                try (PreparedStatement select = connection.prepareStatement("select layout_id, match_keys from crm_member where member_id = ?")) {
                    select.setLong(1, removed.memberId());
                    try (ResultSet row = select.executeQuery()) {
                        if (row.next()) {
                            removals.add(ErasedKeys.removal(removed.memberId(), layoutFields(connection, row.getInt(1)), row.getString(2)));
                        }
                    }
                }
                try (PreparedStatement delete = connection.prepareStatement("delete from crm_member where member_id = ?")) {
                    delete.setLong(1, removed.memberId());
                    delete.executeUpdate();
                }
                execute(connection, "update crm_entity set member_count = member_count - 1 where golden_id = ?",
                        customerNow(mergedInto, removed.goldenId()));
                rewritten.add(removed.memberId());
                if (keepOther) {
                    kept = other;
                }
            }
            if (!kept.sourceId().equals(key.sourceId())) {
                try (PreparedStatement update = connection.prepareStatement("update crm_member set source_id = ? where member_id = ?")) {
                    update.setString(1, key.sourceId());
                    update.setLong(2, kept.memberId());
                    update.executeUpdate();
                }
                rewritten.add(kept.memberId());
            }
            for (final Stored stored : group.getValue()) {
                execute(connection, "update crm_event set source_id = ? where source_system = ? and source_id = ?", key.sourceId(), key.system(),
                        stored.sourceId());
            }
        }
        insert(connection, EVENTS, events);
        KeyLog.appendRewrittenMembers(connection, rewritten.stream().mapToLong(Long::longValue).toArray(), removals);
    }

    /** Every key of a stored {@code match_keys}, in the order the matcher gave them (an empty one null). */
    private static String[] allKeys(final String encoded) {
        final int count = (int) encoded.chars().filter(c -> c == FIELD_SEPARATOR).count() + 1;
        return decodeKeys(encoded, IntStream.range(0, count).toArray());
    }

    /**
     * Rewrites the row ids of the stored sync snapshots ({@code crm_row}, the keys of {@code crm_second_rows}) as
     * {@link SourceIds#fromStored} reads them: an earlier version stored a row id a reader had typed as a double in the
     * double's spelling ({@code 901.0}), which MergeCRMRecord and an erasure now compare with {@code 901}. A row id of
     * white space alone is left as it is (no record names that row). The store reads no other key of a snapshot.
     */
    private static void migrateSnapshotRows(final Connection connection) throws SQLException {
        final ObjectMapper json = new ObjectMapper();
        final List<String[]> updates = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(MEMBER_PAGE);
            try (ResultSet rows = statement.executeQuery("select golden_id, source_system, content from crm_snapshot")) {
                while (rows.next()) {
                    final ObjectNode content;
                    try {
                        content = (ObjectNode) json.readTree(rows.getString(3));
                    } catch (final JsonProcessingException | ClassCastException e) {
                        continue;
                    }
                    boolean changed = false;
                    final JsonNode row = content.get("crm_row");
                    final String rowId = row != null && row.isTextual() ? SourceIds.fromStored(row.asText()) : null;
                    if (rowId != null && !rowId.equals(row.asText())) {
                        content.put("crm_row", rowId);
                        changed = true;
                    }
                    if (content.get("crm_second_rows") instanceof ObjectNode second) {
                        final Map<String, JsonNode> byRule = new LinkedHashMap<>();
                        for (final Map.Entry<String, JsonNode> entry : second.properties()) {
                            final String id = SourceIds.fromStored(entry.getKey());
                            changed |= id != null && !id.equals(entry.getKey());
                            byRule.putIfAbsent(id == null ? entry.getKey() : id, entry.getValue());
                        }
                        second.removeAll();
                        second.setAll(byRule);
                    }
                    if (changed) {
                        updates.add(new String[] {content.toString(), rows.getString(1), rows.getString(2)});
                    }
                }
            }
        }
        for (final String[] update : updates) {
            execute(connection, "update crm_snapshot set content = ?, version = version + 1 where golden_id = ? and source_system = ?", update);
        }
    }

    /** The customer a golden id is now, after the merges a migration made. */
    private static String customerNow(final Map<String, String> mergedInto, final String goldenId) {
        String customer = goldenId;
        for (String next = mergedInto.get(customer); next != null; next = mergedInto.get(customer)) {
            customer = next;
        }
        return customer;
    }

    private static long createdSeq(final Connection connection, final String goldenId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select created_seq from crm_entity where golden_id = ?")) {
            select.setString(1, goldenId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : Long.MAX_VALUE;
            }
        }
    }

    /** A stored id for a history entry, its white space named rather than written (it would not show). */
    private static String describe(final String sourceId) {
        final String id = SourceIds.ofText(sourceId);
        return id == null ? "of white space alone" : id.equals(sourceId) ? sourceId : id + " with white space around it";
    }

    private void openKeyLog() {
        final Connection connection = borrow();
        try {
            final Path directory = dialect.hasSingleWriter() ? keyIndexDirectory : keyIndexDirectory.resolve(storeId(connection));
            keyLog = KeyLog.acquire(connection, directory, dialect);
        } catch (final SQLException e) {
            throw failure("build the key index of", e);
        } finally {
            connections.release(connection);
        }
    }

    /** The id a shared store was given when created: each node's index of it is kept under that name. */
    static String storeId(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("select store_id from crm_store where id = 1")) {
            if (!rows.next()) {
                throw new SQLException("The table crm_store has no row: the store's schema is incomplete");
            }
            return rows.getString(1);
        }
    }

    private String readMigration(final String name) {
        final String resource = dialect.migrationFolder() + "/" + name + ".sql";
        try (InputStream in = JdbcEntityStore.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new EntityStoreException("The migration " + resource + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new EntityStoreException("Could not read the migration " + resource, e);
        }
    }

    /** The statements of a migration: separated by a semicolon at the end of a line; comment lines dropped. */
    static List<String> statements(final String script) {
        final List<String> statements = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        for (final String line : script.split("\n")) {
            final String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                final String statement = current.toString().trim();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().trim());
        }
        return statements;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public long readMark() {
        if (!dialect.hasSingleWriter()) {
            return -1;
        }
        final Connection connection = borrow();
        try {
            return writeMark(connection);
        } catch (final SQLException e) {
            throw failure("read the write mark of", e);
        } finally {
            connections.release(connection);
        }
    }

    /**
     * The key log row the index held and, in the bits above {@link #KEY_MARK_ROW_BITS}, how many times it was rebuilt
     * ({@link KeyLog#rebuilds}, read first): a writer whose keys were read before a rebuild is told every block it read
     * may have changed, though the rebuilt index may be back at the row it read them at. -1 (no mark: every block is
     * checked by its members) past the rows or rebuilds a mark holds.
     */
    @Override
    public long keyMark() {
        final long rebuilds = keyLog.rebuilds();
        final long row = keyLog.appliedSeq();
        if (row >>> KEY_MARK_ROW_BITS != 0 || rebuilds >>> (Long.SIZE - 1 - KEY_MARK_ROW_BITS) != 0) {
            return -1;
        }
        return rebuilds << KEY_MARK_ROW_BITS | row;
    }

    /** The key log row of a {@link #keyMark} taken (not -1). */
    private static long rowOf(final long keyMark) {
        return keyMark & ((1L << KEY_MARK_ROW_BITS) - 1);
    }

    private static long writeMark(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select mark from crm_write_mark where id = 1")) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    @Override
    public Map<List<String>, Long> membersByLayout() {
        final Map<List<String>, Long> counts = new HashMap<>();
        final Connection connection = borrow();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select l.fields, count(*) from crm_member m join crm_layout l on l.layout_id = m.layout_id "
                     + "group by l.fields")) {
            while (rows.next()) {
                counts.merge(List.of(rows.getString(1).split(String.valueOf(FIELD_SEPARATOR), -1)), rows.getLong(2), Long::sum);
            }
            return counts;
        } catch (final SQLException e) {
            throw failure("count the stored records' layouts in", e);
        } finally {
            connections.release(connection);
        }
    }

    @Override
    public int layout(final List<String> fieldNames) {
        final Integer known = layoutIds.get(fieldNames);
        if (known != null) {
            return known;
        }
        final String fields = String.join(String.valueOf(FIELD_SEPARATOR), fieldNames);
        final Connection connection = borrow();
        try {
            Integer id = selectLayout(connection, fields);
            if (id == null) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into crm_layout (fields) select ? where not exists (select 1 from crm_layout where fields = ?)")) {
                    insert.setString(1, fields);
                    insert.setString(2, fields);
                    insert.executeUpdate();
                } catch (final SQLException e) {
                    if (!dialect.isConflict(e)) {
                        throw e;
                    }
                }
                id = selectLayout(connection, fields);
            }
            final List<String> copy = List.copyOf(fieldNames);
            layouts.put(id, copy);
            layoutIds.put(copy, id);
            return id;
        } catch (final SQLException e) {
            throw failure("register a key layout in", e);
        } finally {
            connections.release(connection);
        }
    }

    @Override
    public boolean claimSignature(final byte[] digest, final long expiresAtMillis, final long nowMillis) {
        try {
            return signatures.claim(digest, expiresAtMillis, nowMillis);
        } catch (final SQLException e) {
            throw failure("remember a webhook signature in", e);
        }
    }

    @Override
    public void releaseSignature(final byte[] digest) {
        try {
            signatures.release(digest);
        } catch (final SQLException e) {
            throw failure("forget a webhook signature in", e);
        }
    }

    /**
     * Moves the webhook claims an earlier nifi-crm kept in the embedded store's database (the table of schema version 7,
     * left empty from then on) to their own file, so that a request accepted just before an upgrade is still a replay
     * after it. Expired claims are moved too (the next claim forgets them); normally the table is empty and only read.
     */
    private void moveSignatureClaims() {
        final Map<byte[], Long> claims = new LinkedHashMap<>();
        final Connection connection = borrow();
        try {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select signature_digest, expires_at from crm_webhook_signature")) {
                while (rows.next()) {
                    claims.put(rows.getBytes(1), rows.getLong(2));
                }
            }
            if (claims.isEmpty()) {
                return;
            }
            signatures.adopt(claims);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("delete from crm_webhook_signature");
            }
        } catch (final SQLException e) {
            throw failure("move the webhook signatures to their own file from", e);
        } finally {
            connections.release(connection);
        }
        connections.committed();
    }

    private static Integer selectLayout(final Connection connection, final String fields) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select layout_id from crm_layout where fields = ?")) {
            select.setString(1, fields);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getInt(1) : null;
            }
        }
    }

    @Override
    public Map<SourceKey, StoredMember> findMembers(final Collection<SourceKey> sources, final List<String> fieldNames) {
        return onConnection(connection -> findMembers(connection, sources, fieldNames));
    }

    private Map<SourceKey, StoredMember> findMembers(final Connection connection, final Collection<SourceKey> sources, final List<String> fieldNames) {
        final Map<String, List<String>> idsBySystem = new TreeMap<>();
        for (final SourceKey source : sources) {
            idsBySystem.computeIfAbsent(source.system(), system -> new ArrayList<>()).add(source.sourceId());
        }
        final Map<SourceKey, StoredMember> members = new HashMap<>();
        final Map<Integer, int[]> positions = new HashMap<>();
        try {
            for (final Map.Entry<String, List<String>> system : idsBySystem.entrySet()) {
                dialect.runIn(connection, SELECT_MEMBERS
                                + " where source_system = ? and source_id {in}", new Object[] {system.getKey()}, ColumnType.TEXT,
                        system.getValue().toArray(), row -> {
                            final StoredMember member = member(connection, row, fieldNames, positions);
                            members.put(member.source(), member);
                        });
            }
            return members;
        } catch (final SQLException e) {
            throw failure("look up source records in", e);
        }
    }

    @Override
    public Map<String, List<StoredMember>> findEntityMembers(final Collection<String> goldenIds, final List<String> fieldNames) {
        return goldenIds.isEmpty() ? new HashMap<>() : onConnection(connection -> findEntityMembers(connection, goldenIds, fieldNames));
    }

    private Map<String, List<StoredMember>> findEntityMembers(final Connection connection, final Collection<String> goldenIds,
                                                              final List<String> fieldNames) {
        final Map<String, List<StoredMember>> members = new HashMap<>();
        final Map<Integer, int[]> positions = new HashMap<>();
        try {
            dialect.runIn(connection, SELECT_MEMBERS + " where golden_id {in}", new Object[0], ColumnType.TEXT, goldenIds.toArray(), row -> {
                final StoredMember member = member(connection, row, fieldNames, positions);
                members.computeIfAbsent(member.goldenId(), id -> new ArrayList<>()).add(member);
            });
            return members;
        } catch (final SQLException e) {
            throw failure("read the records of stored customers from", e);
        }
    }

    /** Runs a read on a connection of the store's. */
    private <T> T onConnection(final Function<Connection, T> read) {
        final Connection connection = borrow();
        try {
            return read.apply(connection);
        } finally {
            connections.release(connection);
        }
    }

    @Override
    public StoredMember[] findMembersById(final long[] memberIds, final List<String> fieldNames) {
        if (memberIds.length == 0) {
            return new StoredMember[0];
        }
        catchUpIfOthersWrite();
        final Connection connection = borrow();
        try {
            return membersById(connection, memberIds, fieldNames, member -> false);
        } catch (final SQLException e) {
            throw failure("read stored records from", e);
        } finally {
            connections.release(connection);
        }
    }

    /**
     * The members with these numbers (null where none), read on a connection whose index is up to date but for the
     * members {@code rewritten} (by an open write not yet committed), whose records are read from the database.
     */
    private StoredMember[] membersById(final Connection connection, final long[] memberIds, final List<String> fieldNames,
                                       final LongPredicate rewritten) throws SQLException {
        // the key index keeps every member's record; the database is asked only for one it lacks
        final StoredMember[] members = keyLog.storedMembers(memberIds, layoutId -> {
            try {
                return mapping(connection, layoutId, fieldNames);
            } catch (final SQLException e) {
                throw failure("read stored records from", e);
            }
        });
        final Map<Long, Integer> missing = new HashMap<>();
        for (int i = 0; i < memberIds.length; i++) {
            if (members[i] == null || rewritten.test(memberIds[i])) {
                members[i] = null;
                missing.put(memberIds[i], i);
            }
        }
        if (!missing.isEmpty()) {
            final Map<Integer, int[]> positions = new HashMap<>();
            dialect.runIn(connection, SELECT_MEMBERS
                    + " where member_id {in}", new Object[0], ColumnType.BIGINT, missing.keySet().toArray(), row -> {
                        final StoredMember member = member(connection, row, fieldNames, positions);
                        members[missing.get(member.memberId())] = member;
                    });
        }
        return members;
    }

    /**
     * A member from a row of (member_id, golden_id, source_system, source_id, layout_id, match_keys), its keys in the
     * order of {@code fieldNames}; {@code positions} caches the layouts' mappings for one read.
     */
    private StoredMember member(final Connection connection, final ResultSet row, final List<String> fieldNames,
                                final Map<Integer, int[]> positions) throws SQLException {
        final int layoutId = row.getInt(5);
        int[] mapping = positions.get(layoutId);
        if (mapping == null) {
            mapping = mapping(connection, layoutId, fieldNames);
            positions.put(layoutId, mapping);
        }
        final byte[] sourceId = row.getString(4).getBytes(StandardCharsets.UTF_8);
        final byte[] keys = row.getString(6).getBytes(StandardCharsets.UTF_8);
        final byte[] encoded = Arrays.copyOf(sourceId, sourceId.length + keys.length);
        System.arraycopy(keys, 0, encoded, sourceId.length, keys.length);
        return new StoredMember(row.getLong(1), row.getString(2), row.getString(3), encoded, sourceId.length, mapping);
    }

    /** The fields of a stored key layout, in the order its members' keys follow. */
    private List<String> layoutFields(final Connection connection, final int layoutId) throws SQLException {
        List<String> stored = layouts.get(layoutId);
        if (stored == null) {
            stored = readLayoutFields(connection, layoutId);
            layouts.put(layoutId, stored);
        }
        return stored;
    }

    /** The fields of a stored key layout as the database has them. */
    static List<String> readLayoutFields(final Connection connection, final int layoutId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select fields from crm_layout where layout_id = ?")) {
            select.setInt(1, layoutId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("The key layout " + layoutId + " is missing");
                }
                return List.of(rows.getString(1).split(String.valueOf(FIELD_SEPARATOR), -1));
            }
        }
    }

    /** Per requested field, its position in a stored layout, or -1 when that layout did not have it. */
    private int[] mapping(final Connection connection, final int layoutId, final List<String> fieldNames) throws SQLException {
        final LayoutMapping key = new LayoutMapping(layoutId, fieldNames);
        final int[] cached = mappings.get(key);
        if (cached != null) {
            return cached;
        }
        final List<String> stored = layoutFields(connection, layoutId);
        final int[] positions = new int[fieldNames.size()];
        for (int field = 0; field < positions.length; field++) {
            positions[field] = stored.indexOf(fieldNames.get(field));
        }
        mappings.put(new LayoutMapping(layoutId, List.copyOf(fieldNames)), positions);
        return positions;
    }

    @Override
    public KeyEntry[] findKeys(final long[] hashes) {
        catchUpIfOthersWrite();
        return keyLog.find(hashes);
    }

    @Override
    public long[][] findBlockMembers(final long[] hashes) {
        catchUpIfOthersWrite();
        return keyLog.blockMembers(hashes);
    }

    @Override
    public long[] findOldestBlockMembers(final long[] hashes) {
        catchUpIfOthersWrite();
        return keyLog.oldestBlockMembers(hashes);
    }

    /**
     * Takes in what other nodes committed since the key index last did, on its own while this node neither reads nor
     * writes (an erasure among it overwrites the erased records in the index's files): one look-up of the log's newest
     * row, then, only when the index lacks rows, the catch-up a read does. Never throws: a failure is told and the next
     * interval tries again.
     */
    private void catchUpWhileIdle(final CatchUpListener listener) {
        if (closed.get()) {
            return;
        }
        final long start = System.nanoTime();
        Connection connection = null;
        try {
            connection = borrow();
            final long before = keyLog.appliedSeq();
            long rows;
            try {
                rows = keyLog.follow(connection);
            } catch (final KeyLog.Overtaken e) {
                connections.release(connection);
                connection = null;
                buildIndexInTurn();
                rows = Math.max(0, keyLog.appliedSeq() - before);
            }
            if (rows > 0) {
                listener.caughtUp(rows, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        } catch (final SQLException e) {
            listener.failed(failure("take in the key log of", e));
        } catch (final EntityStoreException e) {
            listener.failed(e);
        } catch (final RuntimeException | InternalError e) {
            // a memory-mapped write reports a full disk as an InternalError; the index, marked stale, is built again at the next catch-up or read
            listener.failed(new EntityStoreException("Could not take in the key log of the " + description + ": " + e, e));
        } finally {
            if (connection != null) {
                connections.release(connection);
            }
        }
    }

    /** Takes in what other nodes wrote (or rebuilds a stale index) before keys are read. */
    private void catchUpIfOthersWrite() {
        if (keyLog.isStale() || keyLog.isShared()) {
            // a shared store's other nodes write too: their changes are read from the log first (members likewise)
            final Connection connection = borrow();
            try {
                keyLog.catchUp(connection);
                return;
            } catch (final KeyLog.Overtaken e) {
                // built again below, once this connection is given back
            } catch (final SQLException e) {
                throw failure("read the key log of", e);
            } finally {
                connections.release(connection);
            }
            buildIndexInTurn();
        }
    }

    /**
     * Builds the key index again holding the writers' turn, as a write takes it: another node's compactions overtook the
     * builds from a snapshot ({@link KeyLog.Overtaken}, a node behind while another erases customer after customer), and
     * none can run while the turn is held. Every node's writers wait meanwhile (the build reads the whole base).
     */
    private void buildIndexInTurn() {
        try {
            inTurn("build the key index of", false, (connection, markBefore) -> null);
        } catch (final StoreConflictException e) {
            throw new EntityStoreException("Could not build the key index of the " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, StoredEntity> findEntities(final Collection<String> goldenIds) {
        return goldenIds.isEmpty() ? new HashMap<>() : onConnection(connection -> findEntities(connection, goldenIds));
    }

    private Map<String, StoredEntity> findEntities(final Connection connection, final Collection<String> goldenIds) {
        final Map<String, StoredEntity> entities = new HashMap<>();
        // asked in the ids' order: golden ids are created in time order (GoldenIds), as the rows' numbers are, so each
        // statement's ids lie together in the golden_id index and in the table, and neighbouring look-ups find their
        // pages in the connection's page cache; in the caller's order every statement's ids spread over both trees
        final Object[] ids = goldenIds.toArray();
        Arrays.sort(ids);
        try {
            // filtered here, not in SQL: a planner could take the merged_into index, whose null matches nearly every row
            dialect.runIn(connection, "select golden_id, created_seq, member_count, merged_into, erased_at from crm_entity where golden_id {in}",
                    new Object[0], ColumnType.TEXT, ids, row -> {
                        if (row.getString(4) == null && row.getObject(5) == null) {
                            final String goldenId = row.getString(1);
                            entities.put(goldenId, new StoredEntity(goldenId, row.getLong(2), row.getInt(3)));
                        }
                    });
            return entities;
        } catch (final SQLException e) {
            throw failure("read entities from", e);
        }
    }

    @Override
    public Set<EntityPair> findKeptApart(final Collection<String> goldenIds) {
        return goldenIds.isEmpty() ? new HashSet<>() : onConnection(connection -> findKeptApart(connection, goldenIds));
    }

    private Set<EntityPair> findKeptApart(final Connection connection, final Collection<String> goldenIds) {
        final Set<EntityPair> pairs = new HashSet<>();
        try {
            // decisions are few: while the table holds no more rows than ids are asked about, one sequential read of it
            // is cheaper than two index look-ups per id
            final List<EntityPair> all = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select golden_id_a, golden_id_b from crm_kept_apart limit ?")) {
                select.setInt(1, goldenIds.size() + 1);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        all.add(new EntityPair(rows.getString(1), rows.getString(2)));
                    }
                }
            }
            if (all.size() <= goldenIds.size()) {
                keptApartAsked(all, goldenIds, pairs);
                return pairs;
            }
            for (final String column : List.of("golden_id_a", "golden_id_b")) {
                dialect.runIn(connection, "select golden_id_a, golden_id_b from crm_kept_apart where " + column + " {in}",
                        new Object[0], ColumnType.TEXT, goldenIds.toArray(), row -> pairs.add(new EntityPair(row.getString(1), row.getString(2))));
            }
            return pairs;
        } catch (final SQLException e) {
            throw failure("read decisions from", e);
        }
    }

    /**
     * Adds to {@code pairs} the decisions of {@code all} (every decision the store holds, no more than the ids asked
     * about) that name an id asked about. The smaller side is hashed: a batch asks about the golden ids of all its
     * stored candidates (some 70,000), while a store holds few decisions or none, so hashing the ids asked about cost a
     * set of that size per batch to look up nothing.
     */
    private static void keptApartAsked(final List<EntityPair> all, final Collection<String> goldenIds, final Set<EntityPair> pairs) {
        if (all.isEmpty()) {
            return;
        }
        if (goldenIds instanceof Set<?> || all.size() * 2L > goldenIds.size()) {
            final Set<String> asked = goldenIds instanceof Set<String> set ? set : new HashSet<>(goldenIds);
            for (final EntityPair pair : all) {
                if (asked.contains(pair.first()) || asked.contains(pair.second())) {
                    pairs.add(pair);
                }
            }
            return;
        }
        final Map<String, List<EntityPair>> byId = new HashMap<>();
        for (final EntityPair pair : all) {
            byId.computeIfAbsent(pair.first(), id -> new ArrayList<>(1)).add(pair);
            byId.computeIfAbsent(pair.second(), id -> new ArrayList<>(1)).add(pair);
        }
        for (final String id : goldenIds) {
            final List<EntityPair> named = byId.get(id);
            if (named != null) {
                pairs.addAll(named);
            }
        }
    }

    @Override
    public Map<String, Map<String, String>> crossReferences(final Collection<String> goldenIds) {
        return goldenIds.isEmpty() ? new HashMap<>() : onConnection(connection -> crossReferences(connection, goldenIds));
    }

    private Map<String, Map<String, String>> crossReferences(final Connection connection, final Collection<String> goldenIds) {
        final Map<String, Map<String, long[]>> oldest = new HashMap<>();
        final Map<String, Map<String, String>> references = new HashMap<>();
        try {
            dialect.runIn(connection, "select golden_id, source_system, source_id, member_id from crm_member where golden_id {in}",
                    new Object[0], ColumnType.TEXT, goldenIds.toArray(), row -> {
                        final String goldenId = row.getString(1);
                        final String system = row.getString(2);
                        final long memberId = row.getLong(4);
                        final long[] best = oldest.computeIfAbsent(goldenId, id -> new HashMap<>()).computeIfAbsent(system, s -> new long[] {Long.MAX_VALUE});
                        if (memberId < best[0]) {
                            best[0] = memberId;
                            references.computeIfAbsent(goldenId, id -> new java.util.TreeMap<>()).put(system, row.getString(3));
                        }
                    });
            return references;
        } catch (final SQLException e) {
            throw failure("read cross-references from", e);
        }
    }

    @Override
    public Optional<String> liveGoldenId(final String goldenId) {
        return goldenIdNow(goldenId, false);
    }

    @Override
    public Optional<String> currentGoldenId(final String goldenId) {
        return goldenIdNow(goldenId, true);
    }

    /** Itself or the entity it was merged into (an erased customer's entities are all marked erased). */
    private Optional<String> goldenIdNow(final String goldenId, final boolean erasedToo) {
        return onConnection(connection -> goldenIdNow(connection, goldenId, erasedToo));
    }

    private Optional<String> goldenIdNow(final Connection connection, final String goldenId, final boolean erasedToo) {
        try (PreparedStatement select = connection.prepareStatement("select golden_id, merged_into, erased_at from crm_entity where golden_id = ?")) {
            select.setString(1, goldenId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next() || !erasedToo && rows.getObject(3) != null) {
                    return Optional.empty();
                }
                final String mergedInto = rows.getString(2);
                return Optional.of(mergedInto == null ? rows.getString(1) : mergedInto);
            }
        } catch (final SQLException e) {
            throw failure("look up an entity in", e);
        }
    }

    @Override
    public Set<String> erased(final Collection<String> goldenIds) {
        return onConnection(connection -> erased(connection, goldenIds));
    }

    private Set<String> erased(final Connection connection, final Collection<String> goldenIds) {
        final Set<String> erased = new HashSet<>();
        if (goldenIds.isEmpty()) {
            return erased;
        }
        try {
            dialect.runIn(connection, "select golden_id, erased_at from crm_entity where golden_id {in}", new Object[0], ColumnType.TEXT,
                    goldenIds.toArray(), row -> {
                        if (row.getObject(2) != null) {
                            erased.add(row.getString(1));
                        }
                    });
            return erased;
        } catch (final SQLException e) {
            throw failure("read erased customers from", e);
        }
    }

    @Override
    public Map<String, Snapshot> findSnapshots(final String system, final Collection<String> goldenIds) {
        return onConnection(connection -> findSnapshots(connection, system, goldenIds));
    }

    private Map<String, Snapshot> findSnapshots(final Connection connection, final String system, final Collection<String> goldenIds) {
        final Map<String, Snapshot> snapshots = new HashMap<>();
        if (goldenIds.isEmpty()) {
            return snapshots;
        }
        try {
            dialect.runIn(connection, "select golden_id, content, version from crm_snapshot where source_system = ? and golden_id {in}",
                    new Object[] {system}, ColumnType.TEXT, goldenIds.toArray(), row ->
                            snapshots.put(row.getString(1), new Snapshot(row.getString(1), system, row.getString(2), row.getLong(3))));
            return snapshots;
        } catch (final SQLException e) {
            throw failure("read snapshots from", e);
        }
    }

    @Override
    public SystemCoverage coverage(final String first, final String second, final int listLimit) {
        final Connection connection = borrow();
        try {
            return new SystemCoverage(first, second, countMembers(connection, first), countMembers(connection, second),
                    countEntities(connection, first, second, "exists"), countEntities(connection, first, second, "not exists"),
                    countEntities(connection, second, first, "not exists"), listOnlyIn(connection, first, second, listLimit),
                    listOnlyIn(connection, second, first, listLimit));
        } catch (final SQLException e) {
            throw failure("compare the systems " + first + " and " + second + " in", e);
        } finally {
            connections.release(connection);
        }
    }

    private static long countMembers(final Connection connection, final String system) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select count(*) from crm_member where source_system = ?")) {
            select.setString(1, system);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /** Entities with a member in {@code system} for which a member in {@code other} exists, or not exists. */
    private static long countEntities(final Connection connection, final String system, final String other, final String existence)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select count(distinct m.golden_id) from crm_member m where m.source_system = ? "
                + "and " + existence + " (select 1 from crm_member o where o.golden_id = m.golden_id and o.source_system = ?)")) {
            select.setString(1, system);
            select.setString(2, other);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private static List<SystemCoverage.Unpaired> listOnlyIn(final Connection connection, final String system, final String other, final int limit)
            throws SQLException {
        final List<SystemCoverage.Unpaired> listed = new ArrayList<>();
        if (limit <= 0) {
            return listed;
        }
        try (PreparedStatement select = connection.prepareStatement("select m.golden_id, m.source_id from crm_member m where m.source_system = ? "
                + "and not exists (select 1 from crm_member o where o.golden_id = m.golden_id and o.source_system = ?) "
                + "and m.member_id = (select min(f.member_id) from crm_member f where f.golden_id = m.golden_id and f.source_system = ?) "
                + "order by m.golden_id limit ?")) {
            select.setString(1, system);
            select.setString(2, other);
            select.setString(3, system);
            select.setInt(4, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    listed.add(new SystemCoverage.Unpaired(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return listed;
    }

    @Override
    public void forEachMember(final String system, final BiConsumer<String, String> visitor) {
        long after = Long.MIN_VALUE;
        while (true) {
            final List<String[]> page = new ArrayList<>(MEMBER_PAGE);
            final Connection connection = borrow();
            // pages by member number rather than one cursor: no transaction held open while the visitor works
            try (PreparedStatement select = connection.prepareStatement("select member_id, source_id, golden_id from crm_member "
                    + "where source_system = ? and member_id > ? order by member_id limit " + MEMBER_PAGE)) {
                select.setString(1, system);
                select.setLong(2, after);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        page.add(new String[] {rows.getString(2), rows.getString(3)});
                    }
                }
            } catch (final SQLException e) {
                throw failure("read the records of " + system + " from", e);
            } finally {
                connections.release(connection);
            }
            for (final String[] member : page) {
                visitor.accept(member[0], member[1]);
            }
            if (page.size() < MEMBER_PAGE) {
                return;
            }
        }
    }

    @Override
    public List<HistoryEvent> history(final String goldenId) {
        final List<HistoryEvent> events = new ArrayList<>();
        final Connection connection = borrow();
        try (PreparedStatement select = connection.prepareStatement("select kind, occurred_at, golden_id, other_golden_id, source_system, "
                + "source_id, score, explanation from crm_event where golden_id = ? or golden_id in "
                + "(select golden_id from crm_entity where merged_into = ?) order by event_id")) {
            select.setString(1, goldenId);
            select.setString(2, goldenId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    final String system = rows.getString(5);
                    final double score = rows.getDouble(7);
                    final boolean scored = !rows.wasNull();
                    events.add(new HistoryEvent(EventKind.fromKey(rows.getString(1)), instant(rows.getString(2)), rows.getString(3),
                            rows.getString(4), system == null ? null : new SourceKey(system, rows.getString(6)),
                            scored ? score : null, rows.getString(8)));
                }
            }
            return events;
        } catch (final SQLException e) {
            throw failure("read the history from", e);
        } finally {
            connections.release(connection);
        }
    }

    private static Instant instant(final String text) {
        if (text == null) {
            return null;
        }
        // PostgreSQL renders timestamptz as "2026-11-30 21:00:00.123+00", SQLite stores ISO-8601
        final String iso = text.indexOf('T') > 0 ? text : text.replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso.length() > 3 && iso.charAt(iso.length() - 3) == '+' ? iso + ":00" : iso).toInstant();
        } catch (final java.time.format.DateTimeParseException e) {
            return Instant.parse(iso);
        }
    }

    @Override
    public StoreStatistics statistics() {
        final Connection connection = borrow();
        try (Statement statement = connection.createStatement()) {
            final long entities = count(statement, "select count(*) from crm_entity where merged_into is null");
            final long members = count(statement, "select count(*) from crm_member");
            final long events = count(statement, "select count(*) from crm_event");
            // an embedded store's webhook signatures have a file of their own beside its database
            return new StoreStatistics(entities, members, keyLog.size(), events, dialect.bytesOnDisk(connection) + keyLog.bytesOnDisk()
                    + signatures.bytesOnDisk());
        } catch (final SQLException e) {
            throw failure("count the contents of", e);
        } catch (final IOException e) {
            throw new EntityStoreException("Could not measure the webhook signatures' file of the " + description + ": " + e.getMessage(), e);
        } finally {
            connections.release(connection);
        }
    }

    private static long count(final Statement statement, final String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    // ---------------------------------------------------------------- writes

    @Override
    public OpenWrite write(final ChangeSet changes) throws StoreConflictException {
        final boolean serialised = dialect.hasSingleWriter();
        return inTurn("write to", true, (connection, markBefore) -> {
            // on PostgreSQL what the change read is always verified against the index, now up to date; on SQLite also when
            // the index took in keys since the change read its blocks: a write's keys reach the index beside its commit,
            // so a change may have read the write mark after a commit and the blocks before that commit's keys
            final boolean verifyReads = !serialised || changes.readMark() != markBefore
                    || changes.keyMark() >= 0 && changes.keyMark() != keyMark();
            final Applied applied = apply(connection, changes, verifyReads);
            return new JdbcPendingWrite(connection, applied.logged(), applied.createdMembers(), serialised, null, false);
        });
    }

    @Override
    public Optional<String> keyIndexDamage() {
        return Optional.ofNullable(keyLog.damage());
    }

    /** This node's key log; for tests. */
    KeyLog keyLog() {
        return keyLog;
    }

    /** The entries of every row of the key log ({@code crm_key_log}) or of its base ({@code crm_key_base}), in order; for tests. */
    List<byte[]> keyEntries(final boolean base) {
        return onConnection(connection -> {
            final List<byte[]> entries = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(base ? "select entries from crm_key_base order by part"
                         : "select entries from crm_key_log order by log_seq")) {
                while (rows.next()) {
                    entries.add(rows.getBytes(1));
                }
            } catch (final SQLException e) {
                throw failure("read the key log of", e);
            }
            return entries;
        });
    }

    /** The blocks of this node's key index that list each of some members (sorted numbers); for tests. */
    long[][] blocksListing(final long[] members) {
        return keyLog.blocksListing(members);
    }

    @Override
    public Erasure erase(final Collection<String> goldenIds, final boolean compactKeyLog) throws StoreConflictException {
        final boolean serialised = dialect.hasSingleWriter();
        return inTurn("erase customers from", true, (connection, markBefore) -> {
            final Object[] asked = goldenIds.stream().filter(id -> id != null && !id.isBlank()).distinct().toArray();
            // the customer each asked id is now (itself, or the one it was merged into), and every customer merged into those
            final Map<String, String> liveOf = new HashMap<>();
            dialect.runIn(connection, "select golden_id, merged_into from crm_entity where golden_id {in}", new Object[0], ColumnType.TEXT, asked,
                    row -> liveOf.put(row.getString(1), row.getString(2) == null ? row.getString(1) : row.getString(2)));
            final Object[] live = new TreeSet<>(liveOf.values()).toArray();
            final Map<String, String> customerOf = new HashMap<>();
            for (final Object goldenId : live) {
                customerOf.put((String) goldenId, (String) goldenId);
            }
            dialect.runIn(connection, "select golden_id, merged_into from crm_entity where merged_into {in}", new Object[0], ColumnType.TEXT, live,
                    row -> customerOf.put(row.getString(1), row.getString(2)));
            final Object[] entities = new TreeSet<>(customerOf.keySet()).toArray();

            final Map<String, int[]> removed = new HashMap<>();
            final KeyChanges keys = new KeyChanges();
            final List<ErasedMember> erasedMembers = new ArrayList<>();
            dialect.runIn(connection, "select member_id, golden_id, layout_id, match_keys, source_system, source_id from crm_member where golden_id {in}",
                    new Object[0], ColumnType.TEXT, entities, row -> erasedMembers.add(new ErasedMember(row.getLong(1), row.getString(2), row.getInt(3),
                            row.getString(4), new SourceKey(row.getString(5), row.getString(6)))));
            for (final ErasedMember member : erasedMembers) {
                // an erased member's record in the key index: no entity, source or keys (it reads as none)
                keys.member(new MemberRecord(member.memberId(), "", "", "", member.layoutId(), ""));
                removed.computeIfAbsent(customerOf.get(member.goldenId()), customer -> new int[2])[0]++;
            }
            // and it leaves every block that lists it: a block only erased records were in is then nobody's, and goes from
            // the key base when the log is next compacted (a writer that read such a block before sees that a member left
            // it, and reads again); its values leave the counts
            ErasedKeys.workOut(erasedMembers.stream().map(member -> new ErasedKeys.Member(member.memberId(), member.layoutId(), member.keys()))
                    .toList(), layoutId -> layoutFields(connection, layoutId), keyLog::find, keyLog::blocksListing, keys);
            keys.erased(erasedMembers.stream().mapToLong(ErasedMember::memberId).sorted().toArray());
            dialect.runIn(connection, "select golden_id from crm_snapshot where golden_id {in}", new Object[0], ColumnType.TEXT, entities,
                    row -> removed.computeIfAbsent(customerOf.get(row.getString(1)), customer -> new int[2])[1]++);
            dialect.runIn(connection, "delete from crm_member where golden_id {in}", new Object[0], ColumnType.TEXT, entities, null);
            dialect.runIn(connection, "delete from crm_snapshot where golden_id {in}", new Object[0], ColumnType.TEXT, entities, null);
            dialect.runIn(connection, "delete from crm_kept_apart where golden_id_a {in}", new Object[0], ColumnType.TEXT, entities, null);
            dialect.runIn(connection, "delete from crm_kept_apart where golden_id_b {in}", new Object[0], ColumnType.TEXT, entities, null);
            dialect.runIn(connection, "update crm_entity set member_count = 0, erased_at = coalesce(erased_at, " + dialect.now() + "), updated_at = "
                    + dialect.now() + " where golden_id {in}",
                    new Object[0], ColumnType.TEXT, entities, null);
            dialect.runIn(connection, "update crm_event set source_system = null, source_id = null where golden_id {in}", new Object[0],
                    ColumnType.TEXT, entities, null);
            // a record split into the customer from another keeps, under that other customer (and whoever it went to since),
            // the events it made there: its source id goes from them too
            final boolean[] split = {false};
            dialect.runIn(connection, "select golden_id from crm_event where kind = '" + EventKind.SPLIT.key() + "' and golden_id {in}",
                    new Object[0], ColumnType.TEXT, entities, row -> split[0] = true);
            if (split[0]) {
                final Map<String, List<String>> idsBySystem = new TreeMap<>();
                for (final ErasedMember member : erasedMembers) {
                    idsBySystem.computeIfAbsent(member.source().system(), system -> new ArrayList<>()).add(member.source().sourceId());
                }
                for (final Map.Entry<String, List<String>> system : idsBySystem.entrySet()) {
                    dialect.runIn(connection, "update crm_event set source_system = null, source_id = null where source_system = ? and source_id {in}",
                            new Object[] {system.getKey()}, ColumnType.TEXT, system.getValue().toArray(), null);
                }
                forgetSplitRows(connection, entities, idsBySystem);
            }

            final Map<String, Erasure.Customer> customers = new HashMap<>();
            final List<Object[]> events = new ArrayList<>();
            for (final Object goldenId : live) {
                final int[] counts = removed.getOrDefault((String) goldenId, new int[2]);
                customers.put((String) goldenId, new Erasure.Customer((String) goldenId, counts[0], counts[1]));
                events.add(new Object[] {EventKind.ERASED.key(), goldenId, null, null, null, null,
                        "erased on request: " + counts[0] + " source records, " + counts[1] + " sync snapshots"});
            }
            insert(connection, EVENTS, events);
            final Map<String, Erasure.Customer> erased = new LinkedHashMap<>();
            for (final Object goldenId : asked) {
                final String customer = liveOf.get((String) goldenId);
                if (customer != null) {
                    erased.put((String) goldenId, customers.get(customer));
                }
            }
            final KeyLog.Logged logged = keyLog.append(connection, keys);
            final CompletableFuture<Void> filesCleared = new CompletableFuture<>();
            final JdbcPendingWrite write = new JdbcPendingWrite(connection, logged, new long[0], serialised, filesCleared,
                    compactKeyLog && !erased.isEmpty());
            if (logged != null) {
                // a row changing nothing after the erasure's own, so that a compaction (at the commit, or the next one) takes
                // the erasure's row, which names the erased records' blocks and counted values by hash, into the base
                write.loggedKeys.add(keyLog.appendNothing(connection));
            }
            return new Erasure(write, Map.copyOf(erased), filesCleared);
        });
    }

    /**
     * The sync snapshots of the customers records were split from into the erased ones (and of whoever those went to
     * since) may still hold the records' values or name them: a snapshot written before the split goes altogether (in
     * every system: a merged record of the customer may hold its values); a later one may still name the record as the
     * row it synced through (it goes altogether, its state being the erased record's) or as a second row (the row goes
     * from it, with a new version, so a sync that read it before decides again).
     */
    private void forgetSplitRows(final Connection connection, final Object[] entities, final Map<String, List<String>> idsBySystem)
            throws SQLException {
        final Set<String> from = new TreeSet<>();
        dialect.runIn(connection, "select other_golden_id from crm_event where kind = '" + EventKind.SPLIT.key() + "' and golden_id {in}",
                new Object[0], ColumnType.TEXT, entities, row -> {
                    if (row.getString(1) != null) {
                        from.add(row.getString(1));
                    }
                });
        final Set<String> live = new TreeSet<>();
        dialect.runIn(connection, "select golden_id, merged_into from crm_entity where golden_id {in}", new Object[0], ColumnType.TEXT, from.toArray(),
                row -> live.add(row.getString(2) == null ? row.getString(1) : row.getString(2)));
        from.addAll(live);
        dialect.runIn(connection, "select golden_id from crm_entity where merged_into {in}", new Object[0], ColumnType.TEXT, live.toArray(),
                row -> from.add(row.getString(1)));
        Arrays.stream(entities).forEach(from::remove);
        if (from.isEmpty()) {
            return;
        }
        // a snapshot written before a record was split out may hold its values (a merged record of the whole customer,
        // in any system): it goes altogether; a sync without it decides as on a first sync
        for (final String customer : from) {
            final List<String> systems = new ArrayList<>();
            dialect.runIn(connection, "select distinct s.source_system from crm_snapshot s join crm_event e on s.written_at <= e.occurred_at "
                            + "where s.golden_id = ? and e.kind = '" + EventKind.SPLIT.key() + "' and e.golden_id {in}",
                    new Object[] {customer}, ColumnType.TEXT, entities, row -> systems.add(row.getString(1)));
            for (final String system : systems) {
                execute(connection, "delete from crm_snapshot where golden_id = ? and source_system = ?", customer, system);
            }
        }
        // a snapshot is the JSON MergeCRMRecord writes (dev.nificrm.merge.SyncSnapshot): the row it syncs through under
        // crm_row, its second rows under crm_second_rows; the store reads no other key of it
        final ObjectMapper json = new ObjectMapper();
        for (final Map.Entry<String, List<String>> system : idsBySystem.entrySet()) {
            final Set<String> ids = new HashSet<>(system.getValue());
            final Map<String, String> contents = new TreeMap<>();
            dialect.runIn(connection, "select golden_id, content from crm_snapshot where source_system = ? and golden_id {in}",
                    new Object[] {system.getKey()}, ColumnType.TEXT, from.toArray(), row -> contents.put(row.getString(1), row.getString(2)));
            for (final Map.Entry<String, String> snapshot : contents.entrySet()) {
                final ObjectNode content;
                try {
                    content = (ObjectNode) json.readTree(snapshot.getValue());
                } catch (final JsonProcessingException | ClassCastException e) {
                    continue;
                }
                final JsonNode row = content.get("crm_row");
                if (row != null && ids.contains(row.asText())) {
                    execute(connection, "delete from crm_snapshot where golden_id = ? and source_system = ?", snapshot.getKey(), system.getKey());
                    continue;
                }
                final JsonNode second = content.get("crm_second_rows");
                final int rowsBefore = second == null ? 0 : second.size();
                if (second instanceof ObjectNode rows && rows.remove(ids).size() != rowsBefore) {
                    if (rows.isEmpty()) {
                        content.remove("crm_second_rows");
                    }
                    execute(connection, "update crm_snapshot set content = ?, version = version + 1 where golden_id = ? and source_system = ?",
                            content.toString(), snapshot.getKey(), system.getKey());
                }
            }
        }
    }

    /** A stored member an erasure deletes: its number, entity, key layout, comparison keys (encoded) and source record. */
    private record ErasedMember(long memberId, String goldenId, int layoutId, String keys, SourceKey source) {
    }

    /** Work done holding the writers' turn, in the transaction of the connection it is given. */
    @FunctionalInterface
    private interface TurnWork<T> {
        T run(Connection connection, long markBefore) throws SQLException, StoreConflictException;
    }

    /**
     * Runs work holding the writers' turn ({@link #takeTurn}) in a transaction of its own. Unless the work keeps the turn
     * (a pending write, which gives it up when its session commits or rolls back), the transaction is then rolled back
     * (work that commits has committed) and the turn given up; so they are when the work fails.
     */
    private <T> T inTurn(final String what, final boolean keepsTurn, final TurnWork<T> work) throws StoreConflictException {
        final boolean serialised = dialect.hasSingleWriter();
        if (serialised) {
            acquireWriter();
        }
        Connection connection = null;
        boolean kept = false;
        try {
            connection = borrow();
            connection.setAutoCommit(false);
            final T result = work.run(connection, takeTurn(connection, serialised));
            kept = keepsTurn;
            return result;
        } catch (final SQLException e) {
            if (dialect.isConflict(e)) {
                throw new StoreConflictException("A concurrent writer changed the store: " + e.getMessage());
            }
            throw failure(what, e);
        } finally {
            if (!kept) {
                abandon(connection, serialised);
            }
        }
    }

    /**
     * Takes the writers' turn in the connection's transaction and brings the key index up to what was committed before:
     * on an embedded store (whose writer lock this JVM holds already) counts this write and returns the write mark
     * before it; on PostgreSQL takes the advisory lock every node's writers take turns on, until the transaction ends,
     * and returns -1.
     */
    private long takeTurn(final Connection connection, final boolean serialised) throws SQLException {
        if (serialised) {
            if (keyLog.isStale()) {
                keyLog.catchUp(connection);
            }
            return advanceWriteMark(connection);
        }
        dialect.lockWriters(connection, WRITER_WAIT_MINUTES);
        keyLog.catchUpInTurn(connection);
        return -1;
    }

    /** Counts this write (committed with it) and returns the mark before it: what a reader saw if nobody wrote since. */
    private static long advanceWriteMark(final Connection connection) throws SQLException {
        final long mark = writeMark(connection);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("update crm_write_mark set mark = mark + 1 where id = 1");
        }
        return mark;
    }

    private void acquireWriter() {
        try {
            if (!keyLog.writer().tryAcquire(WRITER_WAIT_MINUTES, TimeUnit.MINUTES)) {
                throw new EntityStoreException("The " + description + " has been locked by another write for " + WRITER_WAIT_MINUTES
                        + " minutes; a session holding it may be stuck");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EntityStoreException("Interrupted while waiting to write to the " + description, e);
        }
    }

    private void abandon(final Connection connection, final boolean serialised) {
        if (connection != null) {
            rollbackQuietly(connection);
            connections.release(connection);
        }
        if (serialised) {
            keyLog.writer().release();
        }
    }

    /** What a change wrote: its key changes as logged (null when it changed no key), and the numbers of the members it created. */
    private record Applied(KeyLog.Logged logged, long[] createdMembers) {
    }

    /** Writes a change in the connection's transaction, its key changes logged for the index once committed. */
    private Applied apply(final Connection connection, final ChangeSet changes, final boolean verifyReads)
            throws SQLException, StoreConflictException {
        final Map<String, Integer> memberCountsRead = verifyEntities(connection, changes);
        verifyRules(connection, changes);
        if (verifyReads) {
            verifyBlocks(connection, changes);
        }
        // after the blocks: a record that joined one the change read is shown to the change rather than refused outright
        verifyMemberCounts(changes, memberCountsRead);

        // new entities are inserted with their members counted; only existing ones need an update
        final Map<String, Integer> memberCounts = memberCountChanges(changes);
        final long[] entitySequence = dialect.allocateIds(connection, "crm_entity_seq", "crm_entity", "created_seq", changes.newEntities().size());
        final List<Object[]> entityRows = new ArrayList<>();
        for (int i = 0; i < changes.newEntities().size(); i++) {
            final String goldenId = changes.newEntities().get(i);
            final Integer members = memberCounts.remove(goldenId);
            entityRows.add(new Object[] {goldenId, entitySequence[i], members == null ? 0 : members});
        }
        insert(connection, ENTITIES, entityRows);

        final long[] memberIds = insertMembers(connection, changes);
        applyMatchKeys(connection, changes.keyChanges(), changes.layoutId());
        applyMemberCounts(connection, memberCounts);
        final Set<Long> changedMembers = new TreeSet<>();
        applyMerges(connection, changes.merges(), changedMembers);
        applyMoves(connection, changes.moves());
        applyKeptApart(connection, changes.keptApartPairs());
        applySnapshots(connection, changes.snapshots());
        applyEvents(connection, changes.events());
        applySeen(connection, changes.seenMembers());

        final KeyChanges keys = keyChanges(changes, memberIds);
        for (final KeyChange change : changes.keyChanges()) {
            changedMembers.add(change.memberId());
        }
        for (final Move move : changes.moves()) {
            changedMembers.add(move.memberId());
        }
        readMemberRecords(connection, changedMembers, keys);
        // what each changed member's earlier keys gave up, so that a compaction can take its change out of the logged row
        // should the member be erased later (KeyChanges#withoutChangedMember)
        final Set<Long> keysChanged = new HashSet<>();
        for (final KeyChange change : changes.keyChanges()) {
            keysChanged.add(change.memberId());
            if (change.givenUpTerms() != null) {
                keys.givenUp(change.memberId(), change.givenUpTerms());
            }
        }
        for (final long memberId : changedMembers) {
            if (!keysChanged.contains(memberId)) {
                keys.keysKept(memberId);
            }
        }
        return new Applied(keyLog.append(connection, keys), memberIds);
    }

    /** The records of members this change changed (their entity or keys), as they are now, for the key index. */
    private void readMemberRecords(final Connection connection, final Set<Long> memberIds, final KeyChanges keys) throws SQLException {
        if (memberIds.isEmpty()) {
            return;
        }
        final Map<Long, MemberRecord> records = KeyLog.readMembers(connection, memberIds.stream().mapToLong(Long::longValue).toArray());
        for (final long memberId : memberIds) {
            final MemberRecord record = records.get(memberId);
            if (record != null) {
                keys.member(record);
            }
        }
    }

    /** What a change does under the key hashes, for the key log. */
    private static KeyChanges keyChanges(final ChangeSet changes, final long[] memberIds) {
        final KeyChanges keys = new KeyChanges();
        for (int i = 0; i < changes.newMembers().size(); i++) {
            keys.join(memberIds[i], changes.newMembers().get(i).blocks());
        }
        for (final KeyChange change : changes.keyChanges()) {
            keys.join(change.memberId(), change.joinedBlocks());
            keys.leave(change.memberId(), change.leftBlocks());
        }
        for (final Map.Entry<Long, Long> delta : changes.counterDeltas().entrySet()) {
            keys.count(delta.getKey(), delta.getValue());
        }
        for (int i = 0; i < changes.newMembers().size(); i++) {
            final NewMember member = changes.newMembers().get(i);
            keys.newMember(new MemberRecord(memberIds[i], member.goldenId(), member.source().system(), member.source().sourceId(),
                    changes.layoutId(), member.keys()));
        }
        return keys;
    }

    // ---------------------------------------------------------------- blocking rules

    @Override
    public Map<String, RuleGeneration> blockingRules() {
        final Connection connection = borrow();
        try {
            return readRules(connection);
        } catch (final SQLException e) {
            throw failure("read the blocking rules of", e);
        } finally {
            connections.release(connection);
        }
    }

    private static Map<String, RuleGeneration> readRules(final Connection connection) throws SQLException {
        final Map<String, RuleGeneration> rules = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select rule_name, generation, maintained from crm_block_rule")) {
            while (rows.next()) {
                rules.put(rows.getString(1), new RuleGeneration(rows.getInt(2), rows.getInt(3) == 1));
            }
        }
        rules.remove(WRITTEN_BEFORE_RULES_KEPT);
        return rules;
    }

    /**
     * Whether the store was written before it kept its rules (schema version 3 found members: its marker row), and then
     * whether it adopted the rules of the first matcher since ({@code maintained} = 1); null for a store created since.
     */
    private static Boolean adoptedRules(final Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select maintained from crm_block_rule where rule_name = ?")) {
            select.setString(1, WRITTEN_BEFORE_RULES_KEPT);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getInt(1) == 1 : null;
            }
        }
    }

    @Override
    public boolean keyLogCompactionDue() {
        return keyLog.compactionDue();
    }

    @Override
    public KeyLogCompaction compactKeyLog(final boolean onlyWhenDue) {
        final KeyLogCompaction compaction;
        try {
            compaction = inTurn("compact the key log of", false, (connection, markBefore) -> {
                if (keyLog.isStale()) {
                    keyLog.catchUp(connection);
                }
                return keyLog.compact(connection, onlyWhenDue);
            });
        } catch (final StoreConflictException e) {
            throw new EntityStoreException("Could not compact the key log: " + e.getMessage(), e);
        }
        if (compaction.compacted()) {
            // the rows removed may name the blocks of customers erased since the last compaction: their pages go from the
            // database's files at once, as an erasure's own do (once the writers' turn and its connection are given back)
            connections.erased();
        }
        return compaction;
    }

    @Override
    public RuleKeying keyRules(final List<String> fieldNames, final List<String> ruleNames, final RuleKeying.Keyer keyer) {
        final long start = System.nanoTime();
        try {
            return inTurn("key the stored records under new blocking rules in", false, (connection, markBefore) -> {
                final Map<String, RuleGeneration> registered = readRules(connection);
                final Boolean adoptedBefore = adoptedRules(connection);
                if (Boolean.FALSE.equals(adoptedBefore)) {
                    // what a store written before holds was keyed under these rules (generation 0) from the first value of
                    // each field: the members holding several values join the blocks of their other values
                    final Map<String, Integer> adopted = new LinkedHashMap<>();
                    ruleNames.forEach(rule -> adopted.put(rule, 0));
                    final long members = keyMembers(connection, fieldNames,
                            keyer.blocksUnder(IntStream.range(0, ruleNames.size()).toArray(), new int[ruleNames.size()], true), true);
                    putRules(connection, adopted);
                    try (PreparedStatement update = connection.prepareStatement("update crm_block_rule set maintained = 1 where rule_name = ?")) {
                        update.setString(1, WRITTEN_BEFORE_RULES_KEPT);
                        update.executeUpdate();
                    }
                    connection.commit();
                    keyLog.catchUp(connection);
                    return new RuleKeying(List.copyOf(ruleNames), members, true, System.nanoTime() - start);
                }
                final List<Integer> keyed = new ArrayList<>();
                final Map<String, Integer> generations = new LinkedHashMap<>();
                for (int rule = 0; rule < ruleNames.size(); rule++) {
                    final RuleGeneration known = registered.get(ruleNames.get(rule));
                    if (known == null || !known.maintained()) {
                        keyed.add(rule);
                        // a rule a store written before never registered may still have blocks of generation 0; one created
                        // since has blocks under a rule only once the rule is registered
                        generations.put(ruleNames.get(rule), known != null ? known.generation() + 1 : adoptedBefore != null ? 1 : 0);
                    }
                }
                if (keyed.isEmpty()) {
                    return new RuleKeying(List.of(), 0, false, System.nanoTime() - start);
                }
                final Function<String[], long[]> blocks = keyer.blocksUnder(keyed.stream().mapToInt(Integer::intValue).toArray(),
                        generations.values().stream().mapToInt(Integer::intValue).toArray(), false);
                final long members = keyMembers(connection, fieldNames, blocks, false);
                putRules(connection, generations);
                connection.commit();
                // the log's new rows reach the index before any other writer may start
                keyLog.catchUp(connection);
                connections.committed();
                return new RuleKeying(List.copyOf(generations.keySet()), members, false, System.nanoTime() - start);
            });
        } catch (final StoreConflictException e) {
            throw new EntityStoreException("Could not key the stored records under new blocking rules: " + e.getMessage(), e);
        }
    }

    /**
     * Every stored member (or, {@code severalValuesOnly}, every member with a field holding several values) joins its
     * blocks under rules being keyed: read in pages by member number, its comparison keys in the fields' order, each
     * page's joins one row of the key log. Returns the members keyed.
     */
    private long keyMembers(final Connection connection, final List<String> fieldNames, final Function<String[], long[]> blocks,
                            final boolean severalValuesOnly) throws SQLException {
        long keyed = 0;
        long after = Long.MIN_VALUE;
        final Map<Integer, int[]> positions = new HashMap<>();
        while (true) {
            final KeyChanges page = new KeyChanges();
            int read = 0;
            try (PreparedStatement select = connection.prepareStatement("select member_id, layout_id, match_keys from crm_member "
                    + "where member_id > ? order by member_id limit " + KEYING_PAGE)) {
                select.setLong(1, after);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        final int layoutId = rows.getInt(2);
                        int[] mapping = positions.get(layoutId);
                        if (mapping == null) {
                            mapping = mapping(connection, layoutId, fieldNames);
                            positions.put(layoutId, mapping);
                        }
                        final String keys = rows.getString(3);
                        read++;
                        if (severalValuesOnly && (keys == null || keys.indexOf(Comparison.VALUE_SEPARATOR) < 0)) {
                            continue;
                        }
                        page.join(after, blocks.apply(keys == null ? new String[fieldNames.size()] : decodeKeys(keys, mapping)));
                        keyed++;
                    }
                }
            }
            keyLog.append(connection, page);
            if (read < KEYING_PAGE) {
                return keyed;
            }
        }
    }

    private void putRules(final Connection connection, final Map<String, Integer> generations) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("insert into crm_block_rule (rule_name, generation, maintained, keyed_at) "
                + "values (?, ?, 1, " + dialect.now() + ") on conflict (rule_name) do update set generation = excluded.generation, "
                + "maintained = 1, keyed_at = excluded.keyed_at")) {
            for (final Map.Entry<String, Integer> rule : generations.entrySet()) {
                upsert.setString(1, rule.getKey());
                upsert.setInt(2, rule.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /**
     * Checks that the blocking rules a change was computed under are the ones the store maintains, at the same
     * generations (else another writer keyed them anew meanwhile, and the change's blocks are not the store's), and
     * marks every maintained rule the change leaves behind as no longer maintained: its members' blocks under it are not
     * kept up to date by this change. A rule none of the change's records has keys under stays maintained; one the
     * change neither keeps nor leaves behind was keyed after it read the rules, and the change conflicts.
     */
    private void verifyRules(final Connection connection, final ChangeSet changes) throws SQLException, StoreConflictException {
        final Map<String, Integer> used = changes.ruleGenerations();
        if (used == null) {
            return;
        }
        final Map<String, RuleGeneration> registered = readRules(connection);
        for (final Map.Entry<String, Integer> rule : used.entrySet()) {
            final RuleGeneration known = registered.get(rule.getKey());
            if (known == null || !known.maintained() || known.generation() != rule.getValue()) {
                throw new StoreConflictException("The stored records' keys under the blocking rule " + rule.getKey() + " were rebuilt meanwhile");
            }
        }
        final List<String> leftBehind = new ArrayList<>();
        for (final Map.Entry<String, RuleGeneration> rule : registered.entrySet()) {
            if (rule.getValue().maintained() && !used.containsKey(rule.getKey()) && !changes.rulesWithoutKeys().contains(rule.getKey())) {
                if (!changes.leavesBehind(rule.getKey())) {
                    throw new StoreConflictException("The stored records were keyed under the blocking rule " + rule.getKey()
                            + " after the change read the store's rules");
                }
                leftBehind.add(rule.getKey());
            }
        }
        if (!leftBehind.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement("update crm_block_rule set maintained = 0 where rule_name = ?")) {
                for (final String rule : leftBehind) {
                    update.setString(1, rule);
                    update.addBatch();
                }
                update.executeBatch();
            }
        }
    }

    /**
     * Checks that none of the entities the change builds on was merged away or vanished since it read them.
     *
     * @return the member count of each of them now, by golden id
     */
    private Map<String, Integer> verifyEntities(final Connection connection, final ChangeSet changes) throws SQLException, StoreConflictException {
        final Set<String> expected = new TreeSet<>(changes.expectedEntities());
        if (expected.isEmpty()) {
            return Map.of();
        }
        final Map<String, Integer> live = new HashMap<>();
        // no row locks: writers take turns (the SQLite writer, PostgreSQL's advisory lock), so nothing changes them meanwhile
        dialect.runIn(connection, "select golden_id, merged_into, erased_at, member_count from crm_entity where golden_id {in}", new Object[0],
                ColumnType.TEXT, expected.toArray(),
                row -> {
                    if (row.getString(2) == null && row.getObject(3) == null) {
                        live.put(row.getString(1), row.getInt(4));
                    }
                });
        if (!live.keySet().containsAll(expected)) {
            throw new StoreConflictException("An entity the change builds on was merged or erased meanwhile");
        }
        return live;
    }

    /** Checks that the entities whose every record the change weighed have as many records as it read. */
    private static void verifyMemberCounts(final ChangeSet changes, final Map<String, Integer> memberCounts) throws StoreConflictException {
        for (final Map.Entry<String, Integer> weighed : changes.expectedMemberCounts().entrySet()) {
            if (!weighed.getValue().equals(memberCounts.get(weighed.getKey()))) {
                throw new StoreConflictException("A record joined or left a customer whose every record the change weighed");
            }
        }
    }

    /**
     * Checks that no block the change read was joined since, or that the change stands with the records that joined:
     * the index holds every committed change (writers are serialised) and lists a block's members in the order they
     * joined, so those that joined since are the ones past the count read. A block that shrank is a conflict; one that
     * grew past the listed size, or that a member left since (its count may be back where it was read, and the places
     * after it moved), cannot say who joined (the check is told null for it). The members are read on the
     * writer's connection, in the change's layout.
     */
    private void verifyBlocks(final Connection connection, final ChangeSet changes) throws SQLException, StoreConflictException {
        final long[] observedHashes = changes.observedHashes();
        final long[] observedCounts = changes.observedCounts();
        long[] joinedBlocks = new long[16];
        long[] readCounts = new long[16];
        long[] counts = new long[16];
        int joinedCount = 0;
        boolean[] left = new boolean[16];
        // keys read before the index was rebuilt (it went wrong) are not told apart from the rebuilt one by the row alone
        final boolean sameIndex = changes.keyMark() >= 0 && changes.keyMark() >>> KEY_MARK_ROW_BITS == keyLog.rebuilds();
        for (int block = 0; block < observedHashes.length; block++) {
            final long hash = observedHashes[block];
            final long read = observedCounts[block];
            final long count = keyLog.count(hash);
            // a member that left moved the places after its own: the count may be back where it was read though somebody
            // joined, and those past it are not the ones who joined
            final boolean moved = !sameIndex || keyLog.leftSince(hash, rowOf(changes.keyMark()));
            if (count == read && !moved) {
                continue;
            }
            if (changes.joinCheck() == null || count < read) {
                throw new StoreConflictException("A record joined a block the change read");
            }
            if (joinedCount == joinedBlocks.length) {
                joinedBlocks = Arrays.copyOf(joinedBlocks, joinedCount * 2);
                readCounts = Arrays.copyOf(readCounts, joinedCount * 2);
                counts = Arrays.copyOf(counts, joinedCount * 2);
                left = Arrays.copyOf(left, joinedCount * 2);
            }
            joinedBlocks[joinedCount] = hash;
            readCounts[joinedCount] = read;
            left[joinedCount] = moved;
            counts[joinedCount++] = count;
        }
        if (joinedCount == 0) {
            return;
        }
        final long[] blocks = Arrays.copyOf(joinedBlocks, joinedCount);
        final long[][] members = keyLog.blockMembers(blocks);
        // the joined members read on the writer's own connection: waiting for another of a full pool while holding the
        // writers' turn could wait on writers that wait for the turn
        final long[][] joinedIds = new long[joinedCount][];
        final LongIndex ids = new LongIndex(64);
        for (int i = 0; i < joinedCount; i++) {
            if (members[i] != null && members[i].length == counts[i] && !left[i]) {
                joinedIds[i] = Arrays.copyOfRange(members[i], (int) readCounts[i], members[i].length);
                for (final long id : joinedIds[i]) {
                    ids.add(id);
                }
            }
        }
        final List<String> fieldNames = layouts.get(changes.layoutId());
        final StoredMember[] read = fieldNames == null ? new StoredMember[0] : membersById(connection, ids.toArray(), fieldNames, member -> false);
        final StoredMember[][] joined = new StoredMember[joinedCount][];
        for (int i = 0; i < joinedCount; i++) {
            if (joinedIds[i] != null && fieldNames != null) {
                joined[i] = new StoredMember[joinedIds[i].length];
                for (int j = 0; j < joinedIds[i].length; j++) {
                    joined[i][j] = read[ids.indexOf(joinedIds[i][j])];
                }
            }
        }
        if (!changes.joinCheck().stands(blocks, joined)) {
            throw new StoreConflictException("A record that joined a block the change read may be the same customer as one of its records");
        }
    }

    private long[] insertMembers(final Connection connection, final ChangeSet changes) throws SQLException {
        final List<NewMember> members = changes.newMembers();
        final long[] ids = dialect.allocateIds(connection, "crm_member_seq", "crm_member", "member_id", members.size());
        if (members.isEmpty()) {
            return ids;
        }
        final List<Object[]> rows = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            final NewMember member = members.get(i);
            rows.add(new Object[] {ids[i], member.goldenId(), member.source().system(), member.source().sourceId(),
                    changes.layoutId(), member.keys()});
        }
        // a source record linked by a concurrent writer violates the unique (system, id): a conflict, rolled back
        insert(connection, MEMBERS, rows);
        return ids;
    }

    /**
     * Stores re-keyed members' new comparison keys with the layout they are in (the change's: the member may have been
     * stored under another, when the matched fields changed since).
     */
    private static void applyMatchKeys(final Connection connection, final List<KeyChange> changes, final int layoutId) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        if (layoutId < 0) {
            throw new IllegalStateException("A change re-keys stored records without the layout of their keys");
        }
        try (PreparedStatement keys = connection.prepareStatement("update crm_member set match_keys = ?, layout_id = ? where member_id = ?")) {
            for (final KeyChange change : changes) {
                keys.setString(1, change.keys());
                keys.setInt(2, layoutId);
                keys.setLong(3, change.memberId());
                keys.addBatch();
            }
            keys.executeBatch();
        }
    }

    /** Per entity, how many members the change adds to it (or takes away), in golden id order. */
    private static Map<String, Integer> memberCountChanges(final ChangeSet changes) {
        final Map<String, Integer> counts = new TreeMap<>();
        for (final NewMember member : changes.newMembers()) {
            counts.merge(member.goldenId(), 1, Integer::sum);
        }
        for (final Move move : changes.moves()) {
            counts.merge(move.from(), -1, Integer::sum);
            counts.merge(move.to(), 1, Integer::sum);
        }
        return counts;
    }

    /** Adds members to existing entities' counts and stamps them. */
    private void applyMemberCounts(final Connection connection, final Map<String, Integer> counts) throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        dialect.addMemberCounts(connection, counts);
    }

    /** Merges entities; the members that moved to the survivor are added to {@code movedMembers}. */
    private void applyMerges(final Connection connection, final List<Merge> merges, final Set<Long> movedMembers) throws SQLException {
        for (final Merge merge : merges) {
            execute(connection, "update crm_entity set member_count = member_count + (select member_count from crm_entity where golden_id = ?), "
                    + "updated_at = " + dialect.now() + " where golden_id = ?", merge.loser(), merge.survivor());
            execute(connection, "update crm_entity set merged_into = ?, member_count = 0, updated_at = " + dialect.now()
                    + " where golden_id = ?", merge.survivor(), merge.loser());
            execute(connection, "update crm_entity set merged_into = ? where merged_into = ?", merge.survivor(), merge.loser());
            try (PreparedStatement update = connection.prepareStatement("update crm_member set golden_id = ? where golden_id = ? returning member_id")) {
                update.setString(1, merge.survivor());
                update.setString(2, merge.loser());
                try (ResultSet moved = update.executeQuery()) {
                    while (moved.next()) {
                        movedMembers.add(moved.getLong(1));
                    }
                }
            }
            execute(connection, "update crm_snapshot set golden_id = ? where golden_id = ? and source_system not in "
                    + "(select source_system from crm_snapshot where golden_id = ?)", merge.survivor(), merge.loser(), merge.survivor());
            repointKeptApart(connection, merge);
        }
    }

    /** What the loser was kept apart from, the survivor now is. */
    private void repointKeptApart(final Connection connection, final Merge merge) throws SQLException {
        final Set<EntityPair> pairs = new HashSet<>();
        for (final String column : List.of("golden_id_a", "golden_id_b")) {
            try (PreparedStatement select = connection.prepareStatement("select golden_id_a, golden_id_b from crm_kept_apart where " + column + " = ?")) {
                select.setString(1, merge.loser());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        pairs.add(new EntityPair(rows.getString(1), rows.getString(2)));
                    }
                }
            }
        }
        if (pairs.isEmpty()) {
            return;
        }
        final Set<EntityPair> repointed = new HashSet<>();
        for (final EntityPair pair : pairs) {
            execute(connection, "delete from crm_kept_apart where golden_id_a = ? and golden_id_b = ?", pair.first(), pair.second());
            final String other = pair.other(merge.loser());
            if (!other.equals(merge.survivor())) {
                repointed.add(new EntityPair(merge.survivor(), other));
            }
        }
        applyKeptApart(connection, repointed);
    }

    private void applyMoves(final Connection connection, final List<Move> moves) throws SQLException {
        for (final Move move : moves) {
            final PreparedStatement update = connection.prepareStatement("update crm_member set golden_id = ? where member_id = ?");
            try (update) {
                update.setString(1, move.to());
                update.setLong(2, move.memberId());
                update.executeUpdate();
            }
        }
    }

    private void applyKeptApart(final Connection connection, final Set<EntityPair> pairs) throws SQLException {
        final List<Object[]> rows = new ArrayList<>(pairs.size());
        for (final EntityPair pair : pairs) {
            rows.add(new Object[] {pair.first(), pair.second()});
        }
        rows.sort((left, right) -> (left[0] + "\u0000" + left[1]).compareTo(right[0] + "\u0000" + right[1]));
        insert(connection, KEPT_APART, rows);
    }

    private void applySnapshots(final Connection connection, final List<SnapshotWrite> snapshots) throws SQLException, StoreConflictException {
        if (snapshots.isEmpty()) {
            return;
        }
        if (!erased(connection, snapshots.stream().map(SnapshotWrite::goldenId).distinct().toList()).isEmpty()) {
            throw new StoreConflictException("A customer whose sync snapshot the change writes was erased meanwhile");
        }
        for (final SnapshotWrite snapshot : snapshots) {
            final int written;
            if (snapshot.expectedVersion() == 0) {
                try (PreparedStatement insert = connection.prepareStatement("insert into crm_snapshot (golden_id, source_system, content, version, "
                        + "written_at) values (?, ?, ?, 1, " + dialect.now() + ") on conflict do nothing")) {
                    insert.setString(1, snapshot.goldenId());
                    insert.setString(2, snapshot.system());
                    insert.setString(3, snapshot.content());
                    written = insert.executeUpdate();
                }
            } else {
                try (PreparedStatement update = connection.prepareStatement("update crm_snapshot set content = ?, version = version + 1, "
                        + "written_at = " + dialect.now() + " where golden_id = ? and source_system = ? and version = ?")) {
                    update.setString(1, snapshot.content());
                    update.setString(2, snapshot.goldenId());
                    update.setString(3, snapshot.system());
                    update.setLong(4, snapshot.expectedVersion());
                    written = update.executeUpdate();
                }
            }
            if (written != 1) {
                throw new StoreConflictException("The snapshot of an entity was rewritten by a concurrent writer");
            }
        }
    }

    private void applyEvents(final Connection connection, final List<HistoryEvent> events) throws SQLException {
        final List<Object[]> rows = new ArrayList<>(events.size());
        for (final HistoryEvent event : events) {
            rows.add(new Object[] {event.kind().key(), event.goldenId(), event.otherGoldenId(),
                    event.source() == null ? null : event.source().system(), event.source() == null ? null : event.source().sourceId(),
                    event.score(), event.explanation()});
        }
        insert(connection, EVENTS, rows);
    }

    private void applySeen(final Connection connection, final List<Long> members) throws SQLException {
        if (members.isEmpty()) {
            return;
        }
        final long[] ids = members.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        dialect.runIn(connection, "update crm_member set last_seen = " + dialect.now() + " where member_id {in}", new Object[0],
                ColumnType.BIGINT, boxed(ids), null);
    }

    private void insert(final Connection connection, final RowInsert insert, final List<Object[]> rows) throws SQLException {
        final Map<String, String> computed = new LinkedHashMap<>();
        for (final Map.Entry<String, String> column : insert.computed().entrySet()) {
            computed.put(column.getKey(), column.getValue().replace(NOW, dialect.now()));
        }
        dialect.insertRows(connection, new RowInsert(insert.table(), insert.columns(), insert.types(), computed, insert.tail(),
                insert.inKeyOrder()), rows);
    }

    private static void execute(final Connection connection, final String sql, final String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    /**
     * A written change holding its connection (and, on SQLite, the writer's permit) until commit or rollback, and taking
     * further changes of the same FlowFile: reads go through its transaction, and the key index's reads see its key
     * changes laid over the index ({@link PendingKeys}, built when first read through it). One thread writes, between
     * reads; the connection is used by one thread at a time.
     */
    private final class JdbcPendingWrite implements OpenWrite {
        private final Connection connection;
        /** The key changes of each change written, in the order written: the index takes them in at the commit. */
        private final List<KeyLog.Logged> loggedKeys = new ArrayList<>(1);
        private final LongIndex createdMembers;
        private final boolean serialised;
        /**
         * For a write that erases customers, completed once the database's own files no longer hold their pages (once
         * committed, its log is emptied); null for any other write.
         */
        private final CompletableFuture<Void> erasure;
        /**
         * Whether the key log is compacted once it is committed: the rows up to the erasure's own, which hold the hashes of
         * the keys the erased records joined, left and counted, go into the base, where a key nobody has any more is not kept.
         */
        private final boolean compactsKeyLog;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile PendingKeys pendingKeys;

        private JdbcPendingWrite(final Connection connection, final KeyLog.Logged loggedKeys, final long[] createdMembers, final boolean serialised,
                                 final CompletableFuture<Void> erasure, final boolean compactsKeyLog) {
            this.connection = connection;
            if (loggedKeys != null) {
                this.loggedKeys.add(loggedKeys);
            }
            this.createdMembers = new LongIndex(createdMembers.length);
            for (final long member : createdMembers) {
                this.createdMembers.add(member);
            }
            this.serialised = serialised;
            this.erasure = erasure;
            this.compactsKeyLog = compactsKeyLog;
        }

        @Override
        public void commit() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            pendingKeys = null;
            try {
                // the index takes the change in before the next writer reads it: it verifies what it read against the index
                // (an embedded store's commit returns while the log's thread takes it in; the next read waits for it)
                if (loggedKeys.stream().anyMatch(KeyLog.Logged::inLogOnly)) {
                    keyLog.commitFromLog(connection);
                } else {
                    keyLog.commit(connection, loggedKeys);
                }
                rollbackQuietly(connection);
            } catch (final SQLException e) {
                rollbackQuietly(connection);
                throw failure("commit a change to", e);
            } finally {
                connections.release(connection);
                if (serialised) {
                    keyLog.writer().release();
                }
            }
            if (erasure != null) {
                // the index overwrites the erased records in its files as it takes the change in: done before the erasure is
                keyLog.settle();
                connections.erased().whenComplete((emptied, failure) -> {
                    if (failure == null) {
                        erasure.complete(null);
                    } else {
                        erasure.completeExceptionally(failure);
                    }
                });
                if (compactsKeyLog) {
                    compactAfterErasure();
                }
            } else {
                connections.committed();
            }
        }

        /** Compacts the key log after the committed erasure (its own writers' turn: a write that came in between is kept). */
        private void compactAfterErasure() {
            try {
                compactKeyLog(false);
            } catch (final EntityStoreException e) {
                throw new EntityStoreException("The erasure is committed, but the key log, which still names the erased records' keys by "
                        + "hash, could not be compacted (erasing the same customers again compacts it): " + e.getMessage(), e);
            }
        }

        @Override
        public void write(final ChangeSet changes) {
            requireOpen();
            synchronized (connection) {
                final Applied applied;
                try {
                    // the earlier parts' changes wait for the commit in the key log, not on the heap
                    pendingKeys();
                    loggedKeys.replaceAll(KeyLog::leaveInLog);
                    applied = apply(connection, changes, false);
                } catch (final StoreConflictException e) {
                    throw new EntityStoreException("A change written into an open write of the " + description + " contradicts what it read "
                            + "through it: " + e.getMessage(), e);
                } catch (final SQLException e) {
                    throw failure("write to", e);
                }
                for (final long member : applied.createdMembers()) {
                    createdMembers.add(member);
                }
                if (applied.logged() != null) {
                    loggedKeys.add(applied.logged());
                    if (pendingKeys != null) {
                        pendingKeys.add(applied.logged().changes());
                    }
                }
            }
        }

        @Override
        public boolean createdMember(final long memberId) {
            return createdMembers.contains(memberId);
        }

        /** This write's key changes laid over the index; built on the first read that needs them. */
        private PendingKeys pendingKeys() {
            PendingKeys pending = pendingKeys;
            if (pending == null) {
                synchronized (connection) {
                    pending = pendingKeys;
                    if (pending == null) {
                        pending = new PendingKeys();
                        // built before any change is left in the log alone (see write)
                        for (final KeyLog.Logged logged : loggedKeys) {
                            pending.add(logged.changes());
                        }
                        pendingKeys = pending;
                    }
                }
            }
            return pending;
        }

        @Override
        public KeyEntry[] findKeys(final long[] hashes) {
            requireOpen();
            return whole(() -> loggedKeys.isEmpty() ? keyLog.find(hashes) : pendingKeys().find(hashes, keyLog));
        }

        @Override
        public long[][] findBlockMembers(final long[] hashes) {
            requireOpen();
            return whole(() -> loggedKeys.isEmpty() ? keyLog.blockMembers(hashes) : pendingKeys().blockMembers(hashes, keyLog));
        }

        /**
         * A read of the key index as it stands whole. Holding the writers' turn keeps every other writer out, so a later
         * part's reads are not checked when it is written; but another thread of this node may build the index again
         * meanwhile (after a read that found its files damaged), and a read of an index emptied for that would miss the
         * stored customers, whom the part would then create again. Such a rebuild waits for this write (on the embedded
         * store it needs the database's one writer, which this write holds until its commit): a read that finds the index
         * stale or being built, or meets a rebuild, fails, so the FlowFile's change is rolled back and tried again once
         * the index is whole.
         */
        private <T> T whole(final Supplier<T> read) {
            final long rebuilds = keyLog.rebuilds();
            if (rebuilds % 2 == 0 && !keyLog.isStale()) {
                try {
                    final T found = read.get();
                    if (keyLog.rebuilds() == rebuilds) {
                        return found;
                    }
                } catch (final RuntimeException e) {
                    if (keyLog.rebuilds() == rebuilds) {
                        throw e;
                    }
                }
            }
            throw new EntityStoreException("The key index of the " + description + " is being built again (a read found it damaged) while "
                    + "a FlowFile written in parts read it; the FlowFile's change is rolled back, to be tried again once the index is whole");
        }

        @Override
        public StoredMember[] findMembersById(final long[] memberIds, final List<String> fieldNames) {
            requireOpen();
            final PendingKeys pending = loggedKeys.isEmpty() ? null : pendingKeys();
            synchronized (connection) {
                try {
                    return membersById(connection, memberIds, fieldNames, pending == null ? member -> false : pending::rewrote);
                } catch (final SQLException e) {
                    throw failure("read stored records from", e);
                }
            }
        }

        @Override
        public Map<SourceKey, StoredMember> findMembers(final Collection<SourceKey> sources, final List<String> fieldNames) {
            return read(() -> JdbcEntityStore.this.findMembers(connection, sources, fieldNames));
        }

        @Override
        public Map<String, List<StoredMember>> findEntityMembers(final Collection<String> goldenIds, final List<String> fieldNames) {
            return read(() -> goldenIds.isEmpty() ? new HashMap<>() : JdbcEntityStore.this.findEntityMembers(connection, goldenIds, fieldNames));
        }

        @Override
        public Map<String, StoredEntity> findEntities(final Collection<String> goldenIds) {
            return read(() -> goldenIds.isEmpty() ? new HashMap<>() : JdbcEntityStore.this.findEntities(connection, goldenIds));
        }

        @Override
        public Set<EntityPair> findKeptApart(final Collection<String> goldenIds) {
            return read(() -> goldenIds.isEmpty() ? new HashSet<>() : JdbcEntityStore.this.findKeptApart(connection, goldenIds));
        }

        @Override
        public Map<String, Map<String, String>> crossReferences(final Collection<String> goldenIds) {
            return read(() -> goldenIds.isEmpty() ? new HashMap<>() : JdbcEntityStore.this.crossReferences(connection, goldenIds));
        }

        @Override
        public Optional<String> liveGoldenId(final String goldenId) {
            return read(() -> goldenIdNow(connection, goldenId, false));
        }

        @Override
        public Optional<String> currentGoldenId(final String goldenId) {
            return read(() -> goldenIdNow(connection, goldenId, true));
        }

        @Override
        public Map<String, Snapshot> findSnapshots(final String system, final Collection<String> goldenIds) {
            return read(() -> JdbcEntityStore.this.findSnapshots(connection, system, goldenIds));
        }

        @Override
        public Set<String> erased(final Collection<String> goldenIds) {
            return read(() -> JdbcEntityStore.this.erased(connection, goldenIds));
        }

        /** A read through this write's transaction, one thread at a time on its connection. */
        private <T> T read(final Supplier<T> read) {
            requireOpen();
            synchronized (connection) {
                return read.get();
            }
        }

        private void requireOpen() {
            if (done.get()) {
                throw new IllegalStateException("The write was committed or rolled back already");
            }
        }

        @Override
        public void rollback() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            pendingKeys = null;
            rollbackQuietly(connection);
            connections.release(connection);
            if (serialised) {
                keyLog.writer().release();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private Connection borrow() {
        try {
            return connections.borrow();
        } catch (final SQLException e) {
            throw failure("connect to", e);
        }
    }

    private static void rollbackQuietly(final Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (final SQLException ignored) {
            // the connection is released next; a broken one is discarded by its pool
        }
    }

    private EntityStoreException failure(final String action, final SQLException e) {
        final String refused = dialect.refusedData(e);
        if (refused != null) {
            // the database's own message may quote the value: say what it refused in words of our own
            return new EntityStoreException("Could not " + action + " the " + description + ": the database refused " + refused
                    + " in these records; trying them again cannot help: correct them (CleanCRMRecord removes control characters) and "
                    + "send them again", e, true);
        }
        return new EntityStoreException("Could not " + action + " the " + description + ": " + e.getMessage()
                + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")"), e);
    }

    static String encodeKeys(final String[] keys) {
        final StringBuilder builder = new StringBuilder(keys.length * 12);
        for (int slot = 0; slot < keys.length; slot++) {
            if (slot > 0) {
                builder.append(FIELD_SEPARATOR);
            }
            if (keys[slot] != null) {
                // neither database keeps NUL in text; the separator cannot occur in a key
                builder.append(keys[slot].replace('\u0000', '\uFFFD').replace(FIELD_SEPARATOR, ' '));
            }
        }
        return builder.toString();
    }

    /** The keys of a stored {@code match_keys} value read as text, per field asked for, as {@link #decodeKeys(byte[], int, int, int[])}. */
    static String[] decodeKeys(final String encoded, final int[] positions) {
        final byte[] bytes = encoded.getBytes(StandardCharsets.UTF_8);
        return decodeKeys(bytes, 0, bytes.length, positions);
    }

    /**
     * The keys of an encoded {@code crm_member.match_keys} (UTF-8, keys separated by the one-byte field separator) held
     * in {@code encoded} from {@code from} up to {@code to}, per field asked for: the key at its position, or null where
     * that key is empty or the layout lacks it. A value the calling thread decoded moments before is given as the same
     * string ({@link DecodedStrings}).
     */
    static String[] decodeKeys(final byte[] encoded, final int from, final int to, final int[] positions) {
        return decodeKeys(encoded, from, to, positions, new String[positions.length], null, null);
    }

    /**
     * As {@link #decodeKeys(byte[], int, int, int[])}, written into {@code room}'s array (of the positions' length): a
     * key whose bytes are the characters of the value in its field of {@code partner} (null for none) given as that
     * string, any other left in {@code encoded} for the room to read or decode on request ({@link CandidateKeys#leave}).
     */
    static void decodeKeys(final byte[] encoded, final int from, final int to, final int[] positions, final CandidateKeys room,
                           final String[] partner) {
        decodeKeys(encoded, from, to, positions, room.room(encoded, DECODER), partner, room);
    }

    /** Decodes one key of a member's encoded keys through the calling thread's {@link DecodedStrings}. */
    private static final CandidateKeys.Decoder DECODER = (bytes, from, to, position) -> DecodedStrings.forThread().decode(bytes, from, to, position);

    /**
     * The keys asked for, field by field: each field's key found from where the last one ended (one pass over the bytes
     * where the fields are asked for in the layout's order, as a store's are; from the first key again where a field
     * asks for an earlier one), the bytes after the last key asked for never read.
     */
    private static String[] decodeKeys(final byte[] encoded, final int from, final int to, final int[] positions, final String[] keys,
                                       final String[] partner, final CandidateKeys room) {
        Arrays.fill(keys, null);
        final DecodedStrings decoded = room == null ? DecodedStrings.forThread() : null;
        // the key at position `position` starts at `start` (past `to`: the encoded keys end before it)
        int position = 0;
        int start = from;
        for (int field = 0; field < positions.length; field++) {
            final int wanted = positions[field];
            if (wanted < 0) {
                continue;
            }
            if (wanted < position) {
                position = 0;
                start = from;
            }
            while (position < wanted && start <= to) {
                start = endOfKey(encoded, start, to) + 1;
                position++;
            }
            if (start > to) {
                continue;
            }
            final int end = endOfKey(encoded, start, to);
            if (end > start) {
                if (partner != null && DecodedStrings.sameCharacters(partner[field], encoded, start, end - start)) {
                    keys[field] = partner[field];
                } else if (room != null) {
                    room.leave(field, start, end, wanted);
                } else {
                    keys[field] = decoded.decode(encoded, start, end, wanted);
                }
            }
            position = wanted + 1;
            start = end + 1;
        }
        return keys;
    }

    /** Where the key starting at {@code start} ends: its field separator, or {@code to}. */
    private static int endOfKey(final byte[] encoded, final int start, final int to) {
        int end = start;
        while (end < to && encoded[end] != (byte) FIELD_SEPARATOR) {
            end++;
        }
        return end;
    }

    static long[] decodeMembers(final String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        int count = 1;
        for (int i = 0; i < encoded.length(); i++) {
            if (encoded.charAt(i) == ',') {
                count++;
            }
        }
        final long[] ids = new long[count];
        int start = 0;
        for (int i = 0; i < count; i++) {
            int end = encoded.indexOf(',', start);
            if (end < 0) {
                end = encoded.length();
            }
            ids[i] = Long.parseLong(encoded, start, end, Character.MAX_RADIX);
            start = end + 1;
        }
        return ids;
    }

    private static Long[] boxed(final long[] values) {
        final Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private static Long[] boxed(final Collection<Long> values) {
        return values.toArray(new Long[0]);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            stopCatchingUp();
            if (keyLog != null) {
                keyLog.release();
            }
        } finally {
            signatures.close();
            connections.close();
        }
    }

    /**
     * Stops the background catch-up and waits for one under way to end (a look-up; the thread is not interrupted, as an
     * interrupt would close the index's file channels under it), before the index is closed.
     */
    private void stopCatchingUp() {
        if (catchUps == null) {
            return;
        }
        catchUps.shutdown();
        try {
            // a catch-up stuck longer than a writer may wait (on a database that stopped answering) is left to end by itself
            catchUps.awaitTermination(WRITER_WAIT_MINUTES, TimeUnit.MINUTES);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record LayoutMapping(int layoutId, List<String> fieldNames) {
    }
}
