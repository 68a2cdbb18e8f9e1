package dev.nificrm.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import java.util.zip.CRC32C;

/**
 * The store's key hashes: every write's {@link KeyChanges} appended to the table {@code crm_key_log} in the write's
 * own transaction (one row, written sequentially, whatever the number of keys), and a {@link KeyIndex} on this node's
 * disk that holds the log applied, for look-ups. Writers are serialised (SQLite has one writer; on PostgreSQL a
 * transaction-scoped advisory lock makes every node's writers take turns), so log numbers follow commit order and
 * every node's index applies the same changes in the same order: its own writes when they commit, other nodes' when it
 * next reads or writes. An index that is behind by more than it can tell, from another copy of the database, or not
 * closed cleanly is built again from the log (and from {@code crm_key}, where schema version 1 kept the keys of a
 * store created before the log). The members' records (entity, source, comparison keys) are read from
 * {@code crm_member}: all of them when the index is built, and those a logged change names when the index takes it in
 * from the log (another node's change, or a write left in the log until it commits). The log itself holds hashes and
 * numbers only, no personal data. An embedded store's index is rebuilt whenever it missed a row (its log's earlier
 * rows did not name the members they changed).
 */
final class KeyLog implements PendingKeys.Base {
    /** The logs open in this JVM, by index directory: stores opened on one database share its log and writer lock. */
    private static final Map<Path, KeyLog> OPEN = new HashMap<>();
    /** Member numbers asked for in one query. */
    private static final int MEMBERS_PER_READ = 500;
    /** Rows read at a time from a large table (the PostgreSQL driver otherwise reads a whole result into memory). */
    private static final int FETCH_ROWS = 1000;
    /** Compacting is due when the rows after the base take this many times what a base of the keys would. */
    static final int COMPACT_RATIO = 2;
    /**
     * Builds of the index from a snapshot a node tries, outside the writers' turn, before it gives the build up to one
     * holding the turn ({@link Overtaken}): another node's compaction may remove the rows after every snapshot, no
     * compaction can while the turn is held.
     */
    static final int BUILDS_OUTSIDE_THE_TURN = 2;
    /** ... and at least this many bytes: a small log is not worth a rewrite. */
    static final long COMPACT_MINIMUM_BYTES = 64L << 20;
    /** What a key takes in a base, on average (its hash, count and list length, and about one member). */
    static final int BASE_BYTES_PER_KEY = 20;
    /**
     * The bytes of the rows before the base a compaction of a shared log keeps at most, newest first, for nodes a little
     * behind to take in rather than build their index again.
     */
    static final long KEPT_BYTES = COMPACT_MINIMUM_BYTES;

    private final KeyIndex index;
    private final Path directory;
    private final boolean shared;
    private final SqlDialect dialect;
    private final Semaphore writer = new Semaphore(1);
    /** The thread that applies a write's changes to the index while the database commits them. */
    private final ExecutorService applier;
    private volatile boolean stale;
    /**
     * The index's rebuilds since it was opened, each counted as it starts and again as it ends: keys read while one ran
     * came from an index half built, and keys read before a failed commit may hold that commit's change (applied ahead
     * of it); neither is told apart from the rebuilt index by its log row alone ({@link #rebuilds()}).
     */
    private volatile long rebuilds;
    /** The times this node's compactions read the base before them to replay blocks ({@link #baseReplays()}). */
    private volatile long baseReplays;
    /** The log rows this node's compactions read to replay blocks ({@link #rowsReplayed()}). */
    private volatile long rowsReplayed;
    private int users;
    /** The log row the base holds the keys up to (0: no base); the rows before it are gone. */
    private long baseThrough;
    /** The bytes of the rows after the base that the index applied: what compacting would drop. */
    private volatile long loggedBytes;
    /**
     * The last log row the index took in ahead of its write's commit, and its checksum, until the commit is known to
     * have succeeded (0: none): should it have failed, the database ended the transaction, and gave the writers' turn to
     * the next writer, a moment before the committing thread learned of it and marked the index stale.
     */
    private long takenAhead;
    private long takenAheadChecksum;
    /**
     * The write whose change the log's thread may still take in ahead of its commit (null: none): the next holder of the
     * writers' turn withdraws it, as the commit has ended by then and the change, if committed, is in the log.
     */
    private Object mayTakeAhead;
    /**
     * An embedded store's committed write whose change the log's thread may still be taking in (null: none): the commit
     * returns without waiting for it, and whoever next reads or changes the index waits for it first ({@link #settle}),
     * outside this log's monitor, which the log's thread holds while it takes the change in.
     */
    private volatile Applying applying;
    /**
     * For tests: given, on the log's thread, the taking in of a write's change ahead of its commit, runs it (when it
     * will). Read when the commit hands the change to that thread, so it meets the writes committed while it is set.
     */
    volatile Consumer<Runnable> takingAhead;
    /** For tests: run by a rebuild once it has emptied the index, before it reads the database (null otherwise). */
    volatile Runnable rebuilding;
    /** The bytes of rows before the base a compaction keeps at most ({@link #KEPT_BYTES}; tests set 0 to keep none). */
    volatile long keptBytes = KEPT_BYTES;
    /**
     * The log row last found to be the one the index holds as its last ({@link #restored}): its number, the checksum the
     * index holds for it, and the database's version of the row ({@link SqlDialect#rowVersion}; null: none known). While
     * the index's last row is that row and the database's version of it unchanged, a catch-up reads that version alone.
     */
    private long confirmedSeq;
    private long confirmedChecksum;
    private String confirmedVersion;
    /** Told why the index is built again when the database was found set back under it (a restore). */
    volatile CatchUpListener listener = CatchUpListener.NONE;

    private KeyLog(final KeyIndex index, final Path directory, final SqlDialect dialect) {
        this.index = index;
        this.directory = directory;
        this.dialect = dialect;
        this.shared = !dialect.hasSingleWriter();
        this.applier = Executors.newSingleThreadExecutor(task -> {
            final Thread thread = new Thread(task, "crm-entity-store-key-index " + directory.getFileName());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The log of the database behind the connection, its index in a directory: shared with the stores that have it
     * open already, else opened and brought up to date. Every call is paired with one {@link #release()}.
     *
     * @param dialect the database's: with many writers (PostgreSQL), other processes (NiFi nodes) write to it too
     */
    static KeyLog acquire(final Connection connection, final Path directory, final SqlDialect dialect) throws SQLException {
        final Path key = directory.toAbsolutePath().normalize();
        synchronized (OPEN) {
            KeyLog log = OPEN.get(key);
            if (log == null) {
                final KeyIndex index = KeyIndex.open(key);
                log = new KeyLog(index, key, dialect);
                try {
                    log.open(connection);
                } catch (final SQLException | RuntimeException e) {
                    index.close();
                    throw e;
                }
                OPEN.put(key, log);
            }
            log.users++;
            return log;
        }
    }

    /**
     * Gives the log back; the last user closes its index, written back and marked clean unless it is stale: a stale index
     * may hold a change half taken in (a full disk stopped it), and marked clean it would go on from its last whole row
     * when next opened, taking the half in a second time; left as it is, it is built again then.
     */
    void release() {
        settle();
        synchronized (OPEN) {
            if (--users == 0) {
                OPEN.remove(directory);
                applier.shutdown();
                final boolean whole;
                synchronized (this) {
                    whole = !stale;
                }
                index.close(whole);
            }
        }
    }

    /** This log's key index; for tests. */
    KeyIndex index() {
        settle();
        return index;
    }

    /** The lock that lets one writer of this JVM at a time change an embedded database. */
    Semaphore writer() {
        return writer;
    }

    /** Whether other nodes write to the database too, so reads first take in their changes. */
    boolean isShared() {
        return shared;
    }

    /**
     * How many times the index was built again (or is being built) since it was opened, to take with {@link #appliedSeq}
     * (this first) when reading keys: a writer whose keys were read at another count cannot trust the log row it read them
     * at. The index was rebuilt because it went wrong (a commit that failed after the index took its change in, a
     * damaged file): rebuilt, it may hold the row a reader saw again, without the change the reader saw, or the reader
     * may have read it half built.
     */
    long rebuilds() {
        return rebuilds;
    }

    /**
     * The times this node's compactions read the base before them, since it was opened, to replay the blocks of rows they
     * rewrite without an erased customer: at most once per compaction.
     */
    long baseReplays() {
        return baseReplays;
    }

    /**
     * The log rows this node's compactions read, since it was opened, to replay the blocks of rows they rewrite without an
     * erased customer (the rows after the base before them, up to each compaction's own base).
     */
    long rowsReplayed() {
        return rowsReplayed;
    }

    /** Why the index's files, closed cleanly, were not trusted when it was opened (it was built again): {@link KeyIndex#damage}; null otherwise. */
    String damage() {
        return index.damage();
    }

    /** Whether a committed change failed to reach the index: {@link #catchUp} builds it again. */
    boolean isStale() {
        settle();
        return stale;
    }

    /** Marks the index to be built again before the next read or write, as a read that found its files damaged does; for tests. */
    void markStale() {
        stale = true;
    }

    /** Applies the log rows the index lacks, or builds it again when it cannot say which those are; then reads it into memory. */
    private synchronized void open(final Connection connection) throws SQLException {
        final long applied = index.appliedSeq();
        final long through = baseThrough(connection);
        if (!continues(connection, index.openedClean(), applied, index.appliedChecksum(), through, shared) || !replayed(connection, applied)) {
            try {
                rebuild(connection);
            } catch (final Overtaken e) {
                // built by the first read or write, holding the writers' turn (a node opens without waiting for the writers)
                stale = true;
                return;
            }
        }
        baseThrough = Math.max(baseThrough, through);
        loggedBytes = loggedBytes(connection, baseThrough, index.appliedSeq());
        index.preload();
        index.rememberLeavesFromNow();
        index.growInBackground();
    }

    /** Replays the rows after {@code applied}; false when some are gone (compacted into a base since): the index must be built again. */
    private boolean replayed(final Connection connection, final long applied) throws SQLException {
        try {
            replay(connection, applied, Long.MAX_VALUE, true);
            return true;
        } catch (final LogGap e) {
            return false;
        }
    }

    /** Takes in what other writers committed since the index last did (and rebuilds an index a failure left behind). */
    void catchUp(final Connection connection) throws SQLException {
        settle();
        synchronized (this) {
            catchUpHeld(connection);
        }
    }

    /** {@link #catchUp}, holding this log's monitor (no change of this node's left to take in: {@link #settle}). */
    private void catchUpHeld(final Connection connection) throws SQLException {
        try {
            final String restored = stale ? null : restored(connection);
            if (restored != null) {
                listener.rebuilt(restored);
            }
            if (stale || restored != null || !replayed(connection, index.appliedSeq())) {
                rebuilds++;
                try {
                    rebuild(connection);
                } finally {
                    rebuilds++;
                }
            }
        } catch (final SQLException | RuntimeException | InternalError e) {
            // a change may be half applied (an InternalError is how a memory-mapped write reports a full disk)
            stale = true;
            throw e;
        }
    }

    /**
     * Takes in what other writers committed since the index last did, holding the writers' turn (before writing to or
     * compacting the log): a change the index took in ahead of a commit not yet known to have succeeded is looked for in
     * the log first. The turn holder knows that commit has ended; without the change in the log, it failed, and the index
     * is built again (else the change would be written into a base, and the next write numbered after rows it thinks are
     * there).
     */
    void catchUpInTurn(final Connection connection) throws SQLException {
        settle();
        synchronized (this) {
            // a change not taken in yet is not taken in ahead any more: it would land while this turn reads and writes
            mayTakeAhead = null;
            if (takenAhead != 0 && !stale && !logHolds(connection, takenAhead, takenAheadChecksum)) {
                stale = true;
            }
            takenAhead = 0;
            catchUpHeld(connection);
        }
    }

    /**
     * Takes in what other writers committed since the index last did, as {@link #catchUp} does, but first asks the log
     * for its newest row's number and version alone (one look-up of the primary key's last entry), so an index that holds
     * the whole log, as it took it in, is not touched (one whose last row is no longer that row is built again:
     * {@link #restored}). Returns the rows taken in (the rows the index moved on by; 0 when it held the whole log).
     */
    long follow(final Connection connection) throws SQLException {
        settle();
        final long newest;
        final String version;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select log_seq, " + dialect.rowVersion() + " from crm_key_log order by log_seq desc limit 1")) {
            newest = rows.next() ? rows.getLong(1) : 0;
            version = newest == 0 ? null : rows.getString(2);
        }
        final long before;
        synchronized (this) {
            before = index.appliedSeq();
            // the newest row is the index's last, as it took it in (not a row of that number written after a restore)
            if (!stale && newest == before && (newest == 0 || !shared || confirmed(version))) {
                return 0;
            }
        }
        catchUp(connection);
        return Math.max(0, appliedSeq() - before);
    }

    /**
     * Why the database no longer holds the log row the index holds as its last, as the index took it in (null: it does): a
     * restore of an earlier state (a dump taken before it), or another database, put under the index while it was open.
     * The index would otherwise go on from that row number, keep what the restore removed and miss the rows written
     * since under numbers it thinks it has. Costs one look-up of the row by its number (its version alone, while
     * {@link #confirmed} can tell by that); a row a compaction removed or rewrote is no restore ({@link #logHolds}). An
     * embedded store has one writer, this process: nobody restores its database under it.
     */
    private String restored(final Connection connection) throws SQLException {
        final long applied = index.appliedSeq();
        if (!shared || applied == 0 || takenAhead != 0) {
            // a write's change taken in ahead of its commit is looked for in the log by the next holder of the writers' turn
            return null;
        }
        try (PreparedStatement select = connection.prepareStatement("select log_seq, " + dialect.rowVersion() + " from crm_key_log "
                + "where log_seq >= ? order by log_seq limit 1")) {
            select.setLong(1, applied);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return "the store's key log ends before row " + applied + ", the last this node's key index took in: the database "
                            + "was set back to an earlier state (restored) or replaced while the service was enabled";
                }
                if (rows.getLong(1) > applied) {
                    // compacted into the base (a node that missed more than the rows after it finds a gap and builds its index again)
                    return null;
                }
                if (confirmed(rows.getString(2))) {
                    return null;
                }
            }
        }
        return confirmedNow(connection) ? null : "row " + applied + " of the store's key log is not the one this node's key index took in "
                + "as its last: the database was set back to an earlier state (restored) or replaced while the service was enabled";
    }

    /** Whether the database's version of the index's last row is the one last confirmed to be the row the index holds. */
    private boolean confirmed(final String version) {
        return version != null && confirmedSeq == index.appliedSeq() && confirmedChecksum == index.appliedChecksum()
                && version.equals(confirmedVersion);
    }

    /**
     * Whether the database's row of the number of the index's last is it, or a version of it a compaction rewrote, by its
     * entries ({@link #logHolds}); if so, remembers its version, so that the next catch-up reads that alone.
     */
    private boolean confirmedNow(final Connection connection) throws SQLException {
        final long applied = index.appliedSeq();
        try (PreparedStatement select = connection.prepareStatement("select entries, " + dialect.rowVersion() + " from crm_key_log "
                + "where log_seq = ?")) {
            select.setLong(1, applied);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next() || !KeyChanges.isVersionOf(rows.getBytes(1), index.appliedChecksum())) {
                    return false;
                }
                confirm(applied, index.appliedChecksum(), rows.getString(2));
                return true;
            }
        }
    }

    /** Remembers the database's version of a log row the index holds as its last (null when not known). */
    private void confirm(final long seq, final long checksum, final String version) {
        confirmedSeq = seq;
        confirmedChecksum = checksum;
        confirmedVersion = version;
    }

    /**
     * Commits a write and brings the index up to it. The database commits on the calling thread while the log's own
     * thread applies the change to the index, when it is the next in the log (as it is but for another node's
     * failure): the commit writes the database's log, the index its own memory, and the two overlap.
     * Readers may meanwhile see the change a moment before it is committed; were the commit then to fail, the index,
     * now ahead of the database, is marked stale and built again before the next read or write, and a writer that
     * built on what it saw finds the entities it expected missing and retries.
     * <p>
     * On an embedded store (one writer, this process) the commit returns once the database committed, the log's thread
     * possibly still taking the change in: the next read or change of the index waits for it ({@link #settle}), so what
     * comes between (reading and keying the next batch) overlaps it too. A shared store's commit waits for it
     * here: should the change not be the next in the log, taking it in reads the log with the committing connection.
     */
    void commit(final Connection connection, final List<Logged> logged) throws SQLException {
        settle();
        Future<Boolean> ahead = null;
        if (!logged.isEmpty()) {
            final Object write = new Object();
            synchronized (this) {
                mayTakeAhead = write;
            }
            // read on the committing thread: the write it is set for is the one that meets it, however late its task runs
            final Consumer<Runnable> hook = takingAhead;
            try {
                ahead = applier.submit(() -> {
                    if (hook == null) {
                        return applyNext(logged, write);
                    }
                    final boolean[] applied = new boolean[1];
                    hook.accept(() -> applied[0] = applyNext(logged, write));
                    return applied[0];
                });
            } catch (final RejectedExecutionException e) {
                // the log is being closed: the change is applied after the commit, as below
                ahead = null;
            }
        }
        try {
            connection.commit();
        } catch (final SQLException | RuntimeException e) {
            if (ahead != null) {
                await(ahead);
                stale = true;
            }
            throw e;
        }
        if (ahead != null && !shared) {
            applying = new Applying(ahead, logged);
        } else if (ahead == null || !await(ahead) || !confirmed(logged.getLast().seq())) {
            committed(connection, logged);
        }
    }

    /**
     * Waits for the change of an embedded store's last commit to be in the index, if the log's thread may still be taking
     * it in ({@link #commit}), and takes it in here if that thread did not (a rebuild got in between); never holding this
     * log's monitor while it waits, as the log's thread takes it to apply the change. Every read or change of the index
     * calls it first, as does closing it.
     */
    void settle() {
        final Applying pending = applying;
        if (pending == null) {
            return;
        }
        if (Thread.holdsLock(this)) {
            // the log's thread could not take the change in while this thread waited for it
            throw new IllegalStateException("the key log's change is waited for holding its monitor");
        }
        final boolean applied = await(pending.ahead());
        synchronized (this) {
            if (applying != pending) {
                // settled by another thread meanwhile
                return;
            }
            if (!applied || !confirmed(pending.logged().getLast().seq())) {
                committed(null, pending.logged());
            }
            applying = null;
        }
    }

    /** A committed write's change the log's thread is taking in, or has taken in, ahead of the write's commit. */
    private record Applying(Future<Boolean> ahead, List<Logged> logged) {
    }

    /**
     * The change the index took in ahead of its commit is committed; whether the index still holds it. A rebuild in
     * between (on another thread, the index marked stale) may have read a snapshot the commit had not reached: the index
     * then lacks the change, and takes it in now.
     */
    private synchronized boolean confirmed(final long seq) {
        if (takenAhead == seq) {
            takenAhead = 0;
        }
        return index.appliedSeq() >= seq;
    }

    /**
     * Applies a write's changes (its rows, in order) when they are next in the log and the writers' turn has not passed
     * on since the write committed; whether it did (false: not next, too late, or it failed and the index is stale).
     */
    private synchronized boolean applyNext(final List<Logged> logged, final Object write) {
        if (mayTakeAhead != write) {
            return false;
        }
        try {
            for (final Logged row : logged) {
                if (stale || row.seq() != index.appliedSeq() + 1) {
                    return false;
                }
                index.apply(row.changes(), row.seq(), row.checksum(), true);
                confirm(row.seq(), row.checksum(), row.version());
                loggedBytes += row.bytes();
                takenAhead = row.seq();
                takenAheadChecksum = row.checksum();
            }
            return true;
        } catch (final RuntimeException | InternalError e) {
            // a memory-mapped write reports a full disk as an InternalError
            stale = true;
            return false;
        }
    }

    private boolean await(final Future<Boolean> applying) {
        try {
            return applying.get();
        } catch (final ExecutionException e) {
            stale = true;
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            // the change may or may not be in the index: build it again rather than guess
            stale = true;
            return false;
        }
    }

    /**
     * Applies a committed write's changes to the index: at once when they are next in the log, else with everything
     * the index lacks up to them. Should that fail, the index is rebuilt from the log before the next read or write:
     * the change itself is committed and in the log.
     */
    private synchronized void committed(final Connection connection, final List<Logged> logged) {
        if (logged.isEmpty() && !shared || stale) {
            // a stale index is built again before the next read or write
            return;
        }
        try {
            if (logged.isEmpty()) {
                catchUpHeld(connection);
            }
            for (final Logged row : logged) {
                if (row.seq() == index.appliedSeq() + 1) {
                    index.apply(row.changes(), row.seq(), row.checksum(), true);
                    confirm(row.seq(), row.checksum(), row.version());
                    loggedBytes += row.bytes();
                } else if (row.seq() > index.appliedSeq()) {
                    if (connection == null) {
                        // settled without a connection (an embedded store's rows are this node's own): built again instead
                        stale = true;
                        return;
                    }
                    catchUpHeld(connection);
                    break;
                }
            }
        } catch (final SQLException | RuntimeException | InternalError e) {
            // a memory-mapped write reports a full disk as an InternalError
            stale = true;
        }
    }

    /**
     * Whether an index that holds the log up to row {@code applied} goes on from there (applying the rows after it), or
     * must be built again. An embedded store's log holds no member records: only an index that holds the whole log goes
     * on; one behind the base lacks what the rows before it said.
     */
    private static boolean continues(final Connection connection, final boolean clean, final long applied, final long checksum,
                                     final long through, final boolean shared) throws SQLException {
        return clean
                && (applied == 0 ? through == 0 && !hasLegacyKeys(connection) : (applied >= through || shared) && logHolds(connection, applied, checksum))
                && (shared || lastSeq(connection) == applied);
    }

    /**
     * What opening the index in a directory would do, judged without opening it (for checking a configuration).
     *
     * @param builds   whether the index would be built again from the database
     * @param behind   the log rows an index that goes on would take in (written by other nodes since it closed)
     * @param logRows  the log's rows after its base
     * @param logBytes the bytes of those rows
     * @param keys     the keys of the index as it is (0 when it would be built again)
     */
    record Outlook(boolean builds, long behind, long logRows, long logBytes, long keys) {
        /** Whether the log, under an index of this many keys, is due to be compacted. */
        boolean compactionDue(final long indexKeys) {
            return isCompactionDue(logBytes, indexKeys);
        }
    }

    /** Whether a store of this process has the index in the directory open: a store opened on it now shares that one ({@link #acquire}). */
    static boolean isOpenHere(final Path directory) {
        final Path key = directory.toAbsolutePath().normalize();
        synchronized (OPEN) {
            return OPEN.containsKey(key);
        }
    }

    /**
     * Looks at an index directory from outside ({@link KeyIndex#lookAt}). An index a store of this process has open is in
     * use without touching its lock file: closing a second channel to a file can drop the process's lock on it.
     */
    static KeyIndex.Outside lookAtIndex(final Path directory) throws IOException {
        final Path key = directory.toAbsolutePath().normalize();
        synchronized (OPEN) {
            return OPEN.containsKey(key) ? new KeyIndex.Outside(true, true, null, null) : KeyIndex.lookAt(key);
        }
    }

    /** See {@link Outlook}; {@code header} is the index's header when it was closed cleanly, else null. */
    static Outlook outlook(final Connection connection, final KeyIndex.Header header, final boolean shared) throws SQLException {
        final long through = baseThrough(connection);
        final long last = lastSeq(connection);
        final long logged = loggedBytes(connection, through, last);
        if (header != null && continues(connection, true, header.appliedSeq(), header.appliedChecksum(), through, shared)) {
            return new Outlook(false, last - header.appliedSeq(), last - through, logged, header.size());
        }
        return new Outlook(true, 0, last - through, logged, 0);
    }

    /**
     * Whether the index's last change is the database's change of that number: its checksum matches, or that of a version
     * a compaction rewrote the row from (taking out of it the changes of customers erased after it), which the rows after it
     * take into account as they do for a node past the row ({@link KeyChanges#rewrittenFrom}).
     */
    private static boolean logHolds(final Connection connection, final long seq, final long expected) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select entries from crm_key_log where log_seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() && KeyChanges.isVersionOf(rows.getBytes(1), expected);
            }
        }
    }

    /** The checksum of the log's row of that number; null when the log has no such row. */
    private static Long checksumOf(final Connection connection, final long seq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select entries from crm_key_log where log_seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? checksum(rows.getBytes(1)) : null;
            }
        }
    }

    private static long lastSeq(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select coalesce(max(log_seq), 0) from crm_key_log")) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static boolean hasLegacyKeys(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("select 1 from crm_key limit 1")) {
            return rows.next();
        }
    }

    /**
     * Builds the index again: in one snapshot of the database, the keys of schema version 1, the base of a compacted log,
     * every member as it is, and the keys of every logged change after the base up to the newest; then the changes
     * committed meanwhile, members included. Should another node compact the log in between, it starts over; overtaken
     * so {@link #BUILDS_OUTSIDE_THE_TURN} times outside the writers' turn, it throws {@link Overtaken} for the store to
     * build it holding the turn. In the turn (the connection in a transaction that holds it) nobody compacts meanwhile.
     */
    private void rebuild(final Connection connection) throws SQLException {
        final boolean outsideTheTurn = connection.getAutoCommit();
        for (int attempt = 1; ; attempt++) {
            try {
                rebuildOnce(connection);
                return;
            } catch (final LogGap e) {
                if (outsideTheTurn && attempt == BUILDS_OUTSIDE_THE_TURN) {
                    throw new Overtaken();
                }
                if (attempt == 3) {
                    throw new EntityStoreException("The key log was compacted again and again while this node built its key index from it");
                }
            }
        }
    }

    private void rebuildOnce(final Connection connection) throws SQLException {
        takenAhead = 0;
        final long[] upTo = new long[1];
        final long[] through = new long[1];
        loggedBytes = 0;
        inSnapshot(connection, () -> {
            // the snapshot waits for no writer on either store (this thread holds the log's lock, which a writer takes
            // next): a FlowFile's later part, which holds the writers' turn meanwhile, is told the index is being built
            // again (the rebuilds count is odd) rather than reading it emptied
            try {
                index.reset();
            } catch (final IOException e) {
                throw new UncheckedIOException("Could not empty the key index in " + directory, e);
            }
            final Runnable hook = rebuilding;
            if (hook != null) {
                hook.run();
            }
            upTo[0] = lastSeq(connection);
            through[0] = baseThrough(connection);
            try (Statement statement = connection.createStatement()) {
                // one part at a time: a part is a few megabytes, the base as large as the index
                statement.setFetchSize(1);
                try (ResultSet rows = statement.executeQuery("select entries from crm_key_base order by part")) {
                    while (rows.next()) {
                        KeyBase.read(rows.getBytes(1), index);
                    }
                }
            }
            if (through[0] > 0) {
                // the base holds the log through its row, which compacting keeps: the index holds that row as its last, as
                // the compacting node's does, so that it goes on from there (with no row after it, it would hold none and
                // be built again at every catch-up, its rebuilds making every block a writer read one that cannot say who
                // joined: no write would go through until another node wrote)
                final Long checksum = checksumOf(connection, through[0]);
                if (checksum != null) {
                    index.holdsThrough(through[0], checksum);
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(FETCH_ROWS);
                try (ResultSet rows = statement.executeQuery("select key_hash, record_count, member_ids from crm_key")) {
                    while (rows.next()) {
                        index.putLegacy(rows.getLong(1), rows.getLong(2), JdbcEntityStore.decodeMembers(rows.getString(3)));
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(FETCH_ROWS);
                try (ResultSet rows = statement.executeQuery(JdbcEntityStore.SELECT_MEMBERS)) {
                    final List<MemberRecord> page = new ArrayList<>(FETCH_ROWS);
                    while (rows.next()) {
                        page.add(new MemberRecord(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getInt(5),
                                rows.getString(6)));
                        if (page.size() == FETCH_ROWS) {
                            index.putMembers(page);
                            page.clear();
                        }
                    }
                    index.putMembers(page);
                }
            }
            replay(connection, through[0], upTo[0], false);
        });
        baseThrough = through[0];
        replay(connection, upTo[0], Long.MAX_VALUE, true);
        index.rememberLeavesFromNow();
        index.growInBackground();
        stale = false;
    }

    private void replay(final Connection connection, final long after, final long upTo, final boolean withMembers) throws SQLException {
        inSnapshot(connection, () -> {
            try (PreparedStatement select = rowsBetween(connection, after, upTo)) {
                try (ResultSet rows = select.executeQuery()) {
                    long expected = after + 1;
                    while (rows.next()) {
                        final long seq = rows.getLong(1);
                        if (seq != expected) {
                            // the rows in between were compacted into a base
                            throw new LogGap();
                        }
                        final byte[] entries = rows.getBytes(2);
                        final KeyChanges changes = KeyChanges.decode(entries);
                        if (changes.removedMembers().length > 0) {
                            // found in the index as it is before the row (one walk through it, as for an erasure)
                            changes.resolveRemovals(this::blocksListing, this::find);
                        }
                        if (changes.keysLeftOut()) {
                            if (!withMembers) {
                                // only rows kept before a base leave an erasure's keys out, and a build never replays those
                                throw new LogGap();
                            }
                            workOutErasure(connection, changes);
                        }
                        if (withMembers) {
                            changes.withRecords(readMembers(connection, changes.changedMembers()));
                        }
                        index.apply(changes, seq, checksum(entries), withMembers);
                        confirm(seq, checksum(entries), rows.getString(3));
                        loggedBytes += entries.length;
                        expected++;
                    }
                }
            }
        });
    }

    /** The log's rows after one and up to another, in order, their number, entries and version, read a few at a time. */
    private PreparedStatement rowsBetween(final Connection connection, final long after, final long upTo) throws SQLException {
        final PreparedStatement select = connection.prepareStatement("select log_seq, entries, " + dialect.rowVersion()
                + " from crm_key_log where log_seq > ? and log_seq <= ? order by log_seq");
        select.setFetchSize(16);
        select.setLong(1, after);
        select.setLong(2, upTo);
        return select;
    }

    /**
     * Adds to an erasure logged without its keys the changes the erasing node made: from this index, which holds the log
     * up to the row before it, and so the erased members' records and the blocks listing them as that node's did, or none
     * of a member whose own write it took in without it.
     */
    private void workOutErasure(final Connection connection, final KeyChanges changes) throws SQLException {
        final List<ErasedKeys.Member> members = new ArrayList<>();
        for (final long memberId : changes.erasedMembers()) {
            members.add(index.keysOf(memberId));
        }
        final Map<Integer, List<String>> layouts = new HashMap<>();
        ErasedKeys.workOut(members, layoutId -> {
            List<String> fields = layouts.get(layoutId);
            if (fields == null) {
                fields = JdbcEntityStore.readLayoutFields(connection, layoutId);
                layouts.put(layoutId, fields);
            }
            return fields;
        }, index::find, this::blocksListing, changes);
        changes.keysWorkedOut();
    }

    /**
     * Runs reads in one transaction (unless the connection is in one already), which sees one state of the database
     * (PostgreSQL's driver also reads a large result in pieces only inside a transaction).
     */
    private void inSnapshot(final Connection connection, final SqlDialect.Reads work) throws SQLException {
        if (connection.getAutoCommit()) {
            // a snapshot that does not wait for the writer: this thread may hold the log's lock, which the writer takes next
            dialect.inReadSnapshot(connection, work);
        } else {
            work.run();
        }
    }

    /** The log row the base holds the keys up to; 0 when the log was never compacted. */
    private static long baseThrough(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select coalesce(max(through_seq), 0) from crm_key_base")) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /** The bytes of the log's rows after one and up to another. */
    private static long loggedBytes(final Connection connection, final long after, final long upTo) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select coalesce(sum(length(entries)), 0) from crm_key_log "
                + "where log_seq > ? and log_seq <= ?")) {
            select.setLong(1, after);
            select.setLong(2, upTo);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /** Whether a log whose rows after the base take {@code logged} bytes, under an index of {@code keys} keys, is due to be compacted. */
    static boolean isCompactionDue(final long logged, final long keys) {
        return logged > COMPACT_MINIMUM_BYTES && logged > COMPACT_RATIO * BASE_BYTES_PER_KEY * keys;
    }

    /** Whether compacting is due, from what this node's index applied (cheap; {@link #compact} measures the database). */
    boolean compactionDue() {
        settle();
        return isCompactionDue(loggedBytes, index.size());
    }

    /**
     * Compacts the log in the connection's transaction, the writer holding the turn and the index caught up: the keys
     * of the index become the base (replacing the one before, and the keys schema version 1 kept in crm_key), and every
     * row before the last one the index applied is deleted (the last stays: an index that applied it continues from it),
     * but on a shared log for the newest of them, which nodes a little behind take in ({@link #keepRowsBefore}).
     * Commits. With {@code onlyWhenDue}, first measures the rows after the base in the database (another node may have
     * compacted the log already) and leaves it unless {@link #isCompactionDue due}.
     */
    KeyLogCompaction compact(final Connection connection, final boolean onlyWhenDue) throws SQLException {
        settle();
        synchronized (this) {
            return compactHeld(connection, onlyWhenDue);
        }
    }

    private KeyLogCompaction compactHeld(final Connection connection, final boolean onlyWhenDue) throws SQLException {
        final long start = System.nanoTime();
        final long through = index.appliedSeq();
        final long before = baseThrough(connection);
        final long logged = loggedBytes(connection, before, through);
        if (through <= before || onlyWhenDue && !isCompactionDue(logged, index.size())) {
            loggedBytes = logged;
            return KeyLogCompaction.notDone(through, logged);
        }
        // the rows kept are decided first: taking an erased member's change out of a row replays blocks from the base before
        final long removeThrough = shared ? keepRowsBefore(connection, through, before) : through - 1;
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("delete from crm_key_base");
        }
        final KeyBase.Writer base;
        try (PreparedStatement insert = connection.prepareStatement("insert into crm_key_base (part, through_seq, entries) values (?, ?, ?)")) {
            base = new KeyBase.Writer((number, bytes, length) -> {
                insert.setInt(1, number);
                insert.setLong(2, through);
                // sent from the writer's buffer (setBytes copies the array, in PostgreSQL's driver)
                insert.setBinaryStream(3, new ByteArrayInputStream(bytes, 0, length), length);
                insert.executeUpdate();
            });
            index.forEachKey(base);
            base.finish();
        }
        final long removed;
        try (PreparedStatement delete = connection.prepareStatement("delete from crm_key_log where log_seq <= ?")) {
            delete.setLong(1, removeThrough);
            removed = delete.executeUpdate();
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("delete from crm_key");
        }
        connection.commit();
        baseThrough = through;
        loggedBytes = 0;
        return new KeyLogCompaction(true, through, removed, logged, base.bytes(), base.keys(), System.nanoTime() - start);
    }

    /**
     * Keeps the rows before the new base that a node a little behind can still take in (up to {@link #KEPT_BYTES}, newest
     * first), so that it goes on from the log rather than building its index again; returns the last row to remove. An
     * erasure among them names its members alone from now on, with its counters' changes ({@link KeyChanges#withoutKeys}),
     * and a row before it that names one of those members, or a key the erasure left nobody with, is rewritten without
     * that member: its own first write ({@link KeyChanges#withoutNewMember}; a node behind it then never holds the member)
     * or one that changed its keys or moved it ({@link KeyChanges#withoutChangedMember}; a node behind it holds the member
     * as it was before the row until the erasure takes it out), the erasure's row saying what it took out of each member,
     * and the member's rows before that one likewise, newest first ({@link KeyChanges#withoutMemberChangedLater},
     * {@link Stripping}); a node past
     * the row works the erasure out from the member's record as the erasing node did. Where a row cannot be rewritten so
     * (see {@link Stripping}), or rewritten still names a key the erasure left nobody with (or one the member's earlier
     * keys held that nobody holds now), it goes, with every row before it. So no row names a key only an erased customer
     * had, nor an erased member but as erased. A migration's row naming a key the erasure left nobody with among its
     * removed members' values goes likewise. Rows an earlier version wrote (formats before
     * {@link KeyChanges#ERASURES_NAMED}, whose erasures are not told apart) go too. A row rewritten names the checksum of
     * the version it was rewritten from ({@link KeyChanges#rewrittenFrom}).
     *
     * @param baseBefore the log row the base before this compaction holds the keys up to (0: none)
     */
    private long keepRowsBefore(final Connection connection, final long through, final long baseBefore) throws SQLException {
        final Set<Long> goneKeys = new HashSet<>();
        final Set<Long> erased = new HashSet<>();
        final Map<Long, byte[]> rewritten = new HashMap<>();
        final Set<Long> counters = counterHashes(connection);
        final Stripping stripping = new Stripping(connection, through, baseBefore, goneKeys, rewritten);
        long removeThrough = 0;
        long kept = 0;
        try (PreparedStatement select = connection.prepareStatement("select log_seq, entries from crm_key_log where log_seq < ? order by log_seq desc")) {
            select.setFetchSize(16);
            select.setLong(1, through);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    final long seq = rows.getLong(1);
                    final byte[] entries = rows.getBytes(2);
                    kept += entries.length;
                    if (kept > keptBytes || KeyChanges.formatOf(entries) < KeyChanges.ERASURES_NAMED) {
                        removeThrough = seq;
                        break;
                    }
                    final KeyChanges changes = KeyChanges.decode(entries);
                    final long[] members = changes.erasedMembers();
                    if (members.length > 0) {
                        Arrays.stream(members).forEach(erased::add);
                        if (!changes.keysLeftOut()) {
                            final long[] hashes = changes.hashes();
                            final KeyEntry[] now = index.find(hashes);
                            for (int i = 0; i < hashes.length; i++) {
                                // a counter's shard the erasure counted down to nothing is no key of the customer's
                                if (now[i] == null && !counters.contains(hashes[i])) {
                                    goneKeys.add(hashes[i]);
                                }
                            }
                            for (final long member : members) {
                                stripping.erasedBy(member, changes);
                            }
                            rewritten.put(seq, changes.withoutKeys(counters).rewrittenFrom(checksum(entries)).encode());
                        }
                    } else if (changes.names(goneKeys, erased)) {
                        if (!stripping.withoutErasedMembers(seq, entries, changes, erased) || changes.names(goneKeys, erased)) {
                            removeThrough = seq;
                            break;
                        }
                        rewritten.put(seq, changes.rewrittenFrom(checksum(entries)).encode());
                    }
                }
            }
        }
        for (final Map.Entry<Long, byte[]> row : rewritten.entrySet()) {
            if (row.getKey() > removeThrough) {
                rewrite(connection, row.getKey(), row.getValue());
            }
        }
        return removeThrough;
    }

    /**
     * Takes erased members out of the rows a compaction keeps before its base, newest row first, as {@link #keepRowsBefore}
     * walks them. The member's last row before the erasure: a member new in it ({@link KeyChanges#withoutNewMember}) or
     * whose keys it changed, or that it moved ({@link KeyChanges#withoutChangedMember}). Each row before that naming the
     * member (it changed or moved it, or created it, before the last row did again: {@link KeyChanges#withoutMemberChangedLater})
     * as a node behind that row takes it in holding the member as it was before it: the member's part of the counts there
     * is what the next row changing it says its keys gave up, and whether each join or leave of the member's goes or stays
     * as one by nobody is chosen block by block by replaying the blocks ({@link #byNobody}), from the base before the
     * compaction and the rows after it, read once for every row replayed ({@link #blocksBefore}, {@link Stripping#rowsAfterBase}). A row is not rewritten (it goes,
     * with every row before it) where its erasure does not say what it took out of the member (a format before 6), the
     * row before the member's last one is the row that created it (no row before names it), the rewriting would leave a
     * node behind holding a block otherwise than this node does (as those methods say), the row changed the member but does
     * not say what its earlier keys gave up (format 6), or the blocks it left (or, before the member's last row, joined)
     * cannot be replayed or end otherwise whichever way their changes stay. Where several members' rewritings touch a
     * block (a household erased in one FlowFile, whose members changed together), each member is taken out of the row as
     * the members before it left it, and the block is replayed so, the later rows as rewritten: where a member's changes
     * to a block another member's rewriting touched were chosen without replaying it (a member new in its last row, the
     * joins of one it changed there), that block is replayed for it too and must end as this node holds it, else the row
     * goes. Members new in a row, whose joins go or stay without regard to the block's other changes, share blocks freely.
     */
    private final class Stripping {
        private final Connection connection;
        private final long through;
        private final long baseBefore;
        /** Keys no row kept may name: those of the erased customers nobody holds now. */
        private final Set<Long> goneKeys;
        /** The rows rewritten so far, newer than the one walked: a node behind takes them in so. */
        private final Map<Long, byte[]> rewritten;
        /** The blocks whose changes a rewritten row changed, with the member it was rewritten without. */
        private final Map<Long, Long> touched = new HashMap<>();
        /**
         * The blocks a member whose keys changed joined or left in a rewritten row: a member new in a row whose rewriting
         * touches one of them too has it replayed ({@link #holdsShared}).
         */
        private final Map<Long, Long> locked = new HashMap<>();
        /** The erased members whose erasure says what it took out of them, as the walk back through their rows leaves them. */
        private final Map<Long, Trail> trails = new HashMap<>();
        /** The blocks the walk back may replay as this node held them before each row that may be rewritten; read at the first replay. */
        private Map<Long, BlockReplay> blocksBefore;
        /**
         * The rows after the base before this compaction up to its own, each as its changes to the blocks the walk back may
         * replay, read once with {@link #blocksBefore} (before, every replay read the rows after its row from the database
         * again, decoding each whole: the walk back read the rows it keeps once per member rewritten out of each row).
         * Row {@code seq} is at {@code seq - baseBefore - 1}; the list ends before the first row missing.
         */
        private List<RowChanges> rowsAfterBase = List.of();
        /** The rows rewritten so far as their changes to the blocks replayed, made at their first replay. */
        private final Map<Long, RowChanges> rewrittenChanges = new HashMap<>();
        /** The blocks the walk back may replay, sorted. */
        private long[] replayed = new long[0];

        private Stripping(final Connection connection, final long through, final long baseBefore, final Set<Long> goneKeys,
                          final Map<Long, byte[]> rewritten) {
            this.connection = connection;
            this.through = through;
            this.baseBefore = baseBefore;
            this.goneKeys = goneKeys;
            this.rewritten = rewritten;
        }

        /** A member an erasure removed: the rows before it naming the member may be rewritten without it, where the erasure says what it took out. */
        private void erasedBy(final long member, final KeyChanges erasure) {
            final long[] terms = erasure.takenTerms(member);
            if (terms != null) {
                trails.put(member, new Trail(erasure.blocksLeftBy(member), terms));
            }
        }

        /**
         * Takes the erased members a row names out of it; false when one cannot be: its erasure does not say what it took out
         * of it, a row after this one created it, or the row cannot be rewritten so that a node taking it in holds what this
         * node does.
         */
        private boolean withoutErasedMembers(final long seq, final byte[] entries, final KeyChanges changes, final Set<Long> erased)
                throws SQLException {
            final LongPredicate unlistedNow = block -> {
                final KeyEntry entry = index.find(new long[] {block})[0];
                return entry != null && !entry.listed();
            };
            for (final long member : changes.namedMembers(erased)) {
                final Trail trail = trails.get(member);
                if (trail == null || trail.created) {
                    return false;
                }
                final Set<Long> joined = changes.blocksJoinedBy(member);
                final Set<Long> left = changes.blocksLeftBy(member);
                final Set<Long> blocks = new HashSet<>(joined);
                blocks.addAll(left);
                final boolean created = Arrays.stream(changes.newMembers()).anyMatch(number -> number == member);
                final long[] gaveUp = changes.givenUpTerms(member);
                if (trail.taken) {
                    // every block replayed, from the row as the members before this one left it
                    final Set<Long> byNobody = changedLater(seq, entries, changes, member, blocks, trail.heldAfter);
                    if (byNobody == null || !changes.withoutMemberChangedLater(member, trail.heldAfter, byNobody)) {
                        return false;
                    }
                    lock(blocks, member);
                } else if (created) {
                    final Predicate<KeyChanges> without = row -> row.withoutNewMember(member, trail.leftByErasure, trail.heldAfter, unlistedNow);
                    if (!holdsShared(seq, entries, changes, sharedWithOthers(locked, joined, member), without) || !without.test(changes)) {
                        return false;
                    }
                    joined.forEach(block -> touched.put(block, member));
                } else {
                    final Set<Long> byNobody = left.isEmpty() ? Set.of()
                            : leavesByNobody(seq, entries, changes, member, left, trail.leftByErasure, trail.heldAfter, unlistedNow);
                    final Set<Long> shared = sharedWithOthers(touched, joined, member);
                    shared.removeAll(left);
                    final Predicate<KeyChanges> without = row -> row.withoutChangedMember(member, trail.leftByErasure, trail.heldAfter, unlistedNow, byNobody);
                    if (byNobody == null || !holdsShared(seq, entries, changes, shared, without) || !without.test(changes)) {
                        return false;
                    }
                    lock(blocks, member);
                }
                trail.taken = true;
                trail.created = created;
                if (gaveUp != null) {
                    // what this row's earlier keys gave up, this row's predecessor naming the member added
                    trail.heldAfter = gaveUp;
                }
                // the keys the member held before the row that nobody holds now are the erased customer's alone, as far as
                // this node can tell: no row kept may name them either
                final long[] earlier = LongStream.concat(left.stream().mapToLong(Long::longValue), Arrays.stream(gaveUp == null ? new long[0] : gaveUp))
                        .toArray();
                final KeyEntry[] now = index.find(earlier);
                for (int i = 0; i < earlier.length; i++) {
                    if (now[i] == null) {
                        goneKeys.add(earlier[i]);
                    }
                }
            }
            return true;
        }

        /** Those of some blocks another member's rewriting touched. */
        private static Set<Long> sharedWithOthers(final Map<Long, Long> touchedBy, final Set<Long> blocks, final long member) {
            final Set<Long> shared = new HashSet<>();
            for (final long block : blocks) {
                if (touchedBy.containsKey(block) && touchedBy.get(block) != member) {
                    shared.add(block);
                }
            }
            return shared;
        }

        /**
         * Whether a member's rewriting, which chose its changes to some blocks without replaying them, leaves those of them
         * another member's rewriting touched (in this row or a later one) as this node holds them: replayed from the row
         * as rewritten so far and then taken out of ({@code without}), and the later rows as rewritten. True where there
         * are none; false where the blocks cannot be replayed, or one ends otherwise.
         */
        private boolean holdsShared(final long seq, final byte[] entries, final KeyChanges changes, final Set<Long> shared,
                                    final Predicate<KeyChanges> without) throws SQLException {
            if (shared.isEmpty()) {
                return true;
            }
            final KeyChanges stripped = copyOf(changes);
            return without.test(stripped) && byNobody(seq, entries, shared, stripped, stripped) != null;
        }

        private void lock(final Set<Long> blocks, final long member) {
            for (final long block : blocks) {
                touched.put(block, member);
                locked.put(block, member);
            }
        }

        /**
         * Of the blocks an erased member left in row {@code seq}, which changed its keys (its last row before the erasure),
         * those whose leave stays in the row rewritten without the member as one by nobody: the member's leave taken out
         * (the node holds the member there until the erasure takes it out) or left as one by nobody (where the block lists
         * nobody then, or not the member), as {@link #byNobody} chooses, the row as {@code changes} holds it so far (without
         * the members taken out of it before). Null where neither holds a block as this node does, or the blocks cannot be
         * replayed.
         */
        private Set<Long> leavesByNobody(final long seq, final byte[] entries, final KeyChanges changes, final long member, final Set<Long> left,
                                         final Set<Long> leftByErasure, final long[] terms, final LongPredicate unlistedNow)
                throws SQLException {
            final KeyChanges stripped = copyOf(changes);
            final KeyChanges leftByNobody = copyOf(changes);
            if (!stripped.withoutChangedMember(member, leftByErasure, terms, unlistedNow, Set.of())
                    || !leftByNobody.withoutChangedMember(member, leftByErasure, terms, unlistedNow, left)) {
                return null;
            }
            return byNobody(seq, entries, left, stripped, leftByNobody);
        }

        /**
         * Of the blocks an erased member joined or left in row {@code seq}, before a later row that named it and was
         * rewritten without it, those whose join or leave stays in the row rewritten without the member as one by nobody,
         * as {@link #byNobody} chooses, the row as {@code changes} holds it so far; null where neither way holds a block as
         * this node does, the row does not say what the member's part was, or the blocks cannot be replayed.
         *
         * @param heldAfter the counted terms the member's keys held after the row
         */
        private Set<Long> changedLater(final long seq, final byte[] entries, final KeyChanges changes, final long member, final Set<Long> blocks,
                                       final long[] heldAfter) throws SQLException {
            final KeyChanges stripped = copyOf(changes);
            final KeyChanges byNobody = copyOf(changes);
            if (!stripped.withoutMemberChangedLater(member, heldAfter, Set.of()) || !byNobody.withoutMemberChangedLater(member, heldAfter, blocks)) {
                return null;
            }
            return byNobody(seq, entries, blocks, stripped, byNobody);
        }

        /**
         * Of some blocks an erased member joined or left in row {@code seq}, those whose change stays as one by nobody: replayed
         * from the base before this compaction, the row as written and the rows after it hold each block as this node does;
         * the row rewritten without the member ({@code stripped}), and the rows after it as a node behind takes them in
         * (those rewritten so far as rewritten, the erasures worked out from the blocks so replayed, as that node works them
         * out from its own index), must hold it so too, or else the row rewritten with the change left as one by nobody
         * ({@code byNobody}). Null where neither does, or where the blocks cannot be replayed: the row is before that base
         * (it was kept by a compaction before), a row between does not say what it changed (a migration's removal, an
         * erasure without its keys), or the store kept keys of schema version 1.
         */
        private Set<Long> byNobody(final long seq, final byte[] entries, final Set<Long> blocks, final KeyChanges stripped, final KeyChanges byNobody)
                throws SQLException {
            if (seq <= baseBefore) {
                return null;
            }
            if (blocksBefore == null) {
                blocksBefore = hasLegacyKeys(connection) ? Map.of() : blocksBefore(seq);
            }
            final BlockReplay before = blocksBefore.get(seq);
            if (before == null) {
                return null;
            }
            final BlockReplay asWritten = before.copy();
            final BlockReplay withoutChanges = before.copy();
            final BlockReplay withChangesByNobody = before.copy();
            KeyChanges.decode(entries).applyTo(asWritten, false);
            stripped.applyTo(withoutChanges, false);
            byNobody.applyTo(withChangesByNobody, false);
            if (!replayRows(seq, through, asWritten, withoutChanges, withChangesByNobody)) {
                return null;
            }
            final Set<Long> chosen = new HashSet<>();
            for (final long block : blocks) {
                if (!withoutChanges.holdsAs(asWritten, block)) {
                    if (!withChangesByNobody.holdsAs(asWritten, block)) {
                        return null;
                    }
                    chosen.add(block);
                }
            }
            return chosen;
        }

        /**
         * The blocks erased members joined or left in the rows from {@code first} back to the base before this compaction,
         * which the walk back may replay, as this node held them before each such row: the base and the rows after it are
         * read once for all of them (a base read for each row replayed made an erasure allocate twice what it did). The
         * blocks are those of every member an erasure after the row removed (more than the walk rewrites: blocks replay
         * apart from each other, so more of them change none); none before a row the blocks cannot be replayed through.
         */
        private Map<Long, BlockReplay> blocksBefore(final long first) throws SQLException {
            final Set<Long> erasedLater = new HashSet<>(trails.keySet());
            final Set<Long> blocks = new HashSet<>();
            final Set<Long> rows = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement("select log_seq, entries from crm_key_log where log_seq > ? "
                    + "and log_seq <= ? order by log_seq desc")) {
                select.setFetchSize(16);
                select.setLong(1, baseBefore);
                select.setLong(2, first);
                try (ResultSet found = select.executeQuery()) {
                    while (found.next()) {
                        final KeyChanges changes = KeyChanges.decode(found.getBytes(2));
                        for (final long member : changes.namedMembers(erasedLater)) {
                            blocks.addAll(changes.blocksJoinedBy(member));
                            blocks.addAll(changes.blocksLeftBy(member));
                            rows.add(found.getLong(1));
                        }
                        Arrays.stream(changes.erasedMembers()).forEach(erasedLater::add);
                    }
                }
            }
            final BlockReplay replay = new BlockReplay(blocks);
            baseReplays++;
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(1);
                try (ResultSet parts = statement.executeQuery("select entries from crm_key_base order by part")) {
                    while (parts.next()) {
                        KeyBase.read(parts.getBytes(1), (KeyIndex.KeyVisitor<RuntimeException>) replay::putBase);
                    }
                }
            }
            replayed = blocks.stream().mapToLong(Long::longValue).sorted().toArray();
            final List<RowChanges> read = new ArrayList<>();
            try (PreparedStatement select = rowsBetween(connection, baseBefore, through); ResultSet found = select.executeQuery()) {
                long expected = baseBefore + 1;
                while (found.next() && found.getLong(1) == expected++) {
                    rowsReplayed++;
                    read.add(RowChanges.of(KeyChanges.decode(found.getBytes(2)), replayed));
                }
            }
            rowsAfterBase = read;
            final Map<Long, BlockReplay> before = new HashMap<>();
            final long last = rows.stream().mapToLong(Long::longValue).max().orElse(baseBefore);
            if (rows.contains(baseBefore + 1)) {
                before.put(baseBefore + 1, replay.copy());
            }
            replayRows(baseBefore, last - 1, replay, List.of(), seq -> {
                if (rows.contains(seq + 1)) {
                    before.put(seq + 1, replay.copy());
                }
            });
            return before;
        }

        /**
         * Replays the rows after {@code after} up to {@code upTo} into {@code asTaken} as this node took them in and, where
         * given, into two replays of a node behind, which takes in the rows rewritten so far as rewritten and works the
         * erasures before {@link #through} out from its own blocks (their keys are left out of the rows kept). False when a
         * row does not say what it changed, or one is missing.
         */
        private boolean replayRows(final long after, final long upTo, final BlockReplay asTaken, final BlockReplay behind,
                                   final BlockReplay alsoBehind) {
            return replayRows(after, upTo, asTaken, List.of(behind, alsoBehind), seq -> { });
        }

        /**
         * Replays the rows into {@code asTaken}, and into replays of nodes {@code behind}, telling {@code applied} each row
         * taken in; from the rows read once ({@link #rowsAfterBase}).
         */
        private boolean replayRows(final long after, final long upTo, final BlockReplay asTaken, final List<BlockReplay> behind,
                                   final LongConsumer applied) {
            for (long seq = after + 1; seq <= upTo; seq++) {
                final long at = seq - baseBefore - 1;
                if (at < 0 || at >= rowsAfterBase.size() || !rowsAfterBase.get((int) at).replayable()) {
                    return false;
                }
                final RowChanges changes = rowsAfterBase.get((int) at);
                changes.applyTo(asTaken);
                for (final BlockReplay replay : behind) {
                    if (changes.erased().length > 0 && seq < through) {
                        workOutErasure(changes.erased(), replay);
                    } else if (rewritten.containsKey(seq)) {
                        // rewritten once, as the walk passed it: the rows it replays are all newer than the one walked
                        rewrittenChanges.computeIfAbsent(seq, row -> RowChanges.of(KeyChanges.decode(rewritten.get(row)), replayed)).applyTo(replay);
                    } else {
                        changes.applyTo(replay);
                    }
                }
                applied.accept(seq);
            }
            return true;
        }
    }

    /**
     * A log row's changes to some blocks, in the order {@link KeyChanges#applyTo} makes them (changes to other hashes, which
     * a {@link BlockReplay} of those blocks ignores, left out), for replays to take in again and again without decoding the
     * row each time; with whether a replay can take the row in at all (it says what it changed: no erasure whose keys were
     * left out, no migration's removal) and the members it erased.
     */
    private record RowChanges(KeyChangeList changes, boolean replayable, long[] erased) {

        /** The row's changes to the blocks under these hashes (sorted). */
        static RowChanges of(final KeyChanges row, final long[] hashes) {
            final RowChanges changes = new RowChanges(new KeyChangeList(hashes), !row.keysLeftOut() && row.removedMembers().length == 0,
                    row.erasedMembers());
            if (!row.keysLeftOut()) {
                row.applyTo(changes.changes, false);
            }
            return changes;
        }

        void applyTo(final KeyChanges.Target target) {
            changes.applyTo(target);
        }
    }

    /** A row's change as taken out of so far, apart from it. */
    private static KeyChanges copyOf(final KeyChanges changes) {
        return KeyChanges.decode(changes.encode());
    }

    /** An erased member as a compaction walks back through the rows naming it, newest first. */
    private static final class Trail {
        /** The blocks the erasure took the member out of. */
        private final Set<Long> leftByErasure;
        /** The counted terms the member's keys held after the row walked next: at first, those the erasure took out of it. */
        private long[] heldAfter;
        /** Whether a row naming the member was rewritten without it: the rows before it are rewritten so as a row after. */
        private boolean taken;
        /** Whether the row that created the member was rewritten without it: no row before names it. */
        private boolean created;

        private Trail(final Set<Long> leftByErasure, final long[] heldAfter) {
            this.leftByErasure = leftByErasure;
            this.heldAfter = heldAfter;
        }
    }

    /** An erasure as a node taking it in without its keys works it out, of replayed blocks: its members leave the blocks listing them. */
    private static void workOutErasure(final long[] erasedMembers, final BlockReplay replay) {
        final KeyChanges erasure = new KeyChanges();
        for (final long member : erasedMembers) {
            erasure.leave(member, replay.listing(member));
        }
        erasure.applyTo(replay, false);
    }

    /** Rewrites a row of the log as its change, decoded, becomes; one row in memory at a time. */
    private static void rewrite(final Connection connection, final long seq, final UnaryOperator<KeyChanges> rewriting)
            throws SQLException {
        final byte[] entries;
        try (PreparedStatement select = connection.prepareStatement("select entries from crm_key_log where log_seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                entries = rewriting.apply(KeyChanges.decode(rows.getBytes(1))).encode();
            }
        }
        rewrite(connection, seq, entries);
    }

    /** Rewrites a row of the log to hold these entries. */
    private static void rewrite(final Connection connection, final long seq, final byte[] entries) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update crm_key_log set entries = ? where log_seq = ?")) {
            update.setBytes(1, entries);
            update.setLong(2, seq);
            update.executeUpdate();
        }
    }

    /** The hashes of the shards of the store's counters: the population's and every field's total. */
    private static Set<Long> counterHashes(final Connection connection) throws SQLException {
        final Set<Long> counters = new HashSet<>();
        Arrays.stream(KeyHash.population()).forEach(counters::add);
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("select fields from crm_layout")) {
            while (rows.next()) {
                for (final String field : rows.getString(1).split(String.valueOf(JdbcEntityStore.FIELD_SEPARATOR), -1)) {
                    Arrays.stream(KeyHash.fieldTotal(field)).forEach(counters::add);
                }
            }
        }
        return counters;
    }

    /**
     * Another node's compactions removed the log's rows after each snapshot this node built its index from, outside the
     * writers' turn ({@link #BUILDS_OUTSIDE_THE_TURN} times): the store builds it again holding the turn. The index is
     * stale meanwhile.
     */
    static final class Overtaken extends RuntimeException {
        private Overtaken() {
            super("The key log was compacted after each snapshot this node built its key index from", null, false, false);
        }
    }

    /** Rows a replay needed are gone: the log was compacted past them. */
    private static final class LogGap extends RuntimeException {
        private LogGap() {
            super(null, null, false, false);
        }
    }

    static long checksum(final byte[] entries) {
        final CRC32C crc = new CRC32C();
        crc.update(entries);
        return crc.getValue();
    }

    @Override
    public KeyEntry[] find(final long[] hashes) {
        settle();
        try {
            return index.find(hashes);
        } catch (final KeyIndex.Damaged | IndexOutOfBoundsException e) {
            throw damaged(e);
        }
    }

    /** Per hash, whether the index has a slot for it and whether it lists members: see {@link KeyIndex#heads}. */
    @Override
    public byte[] heads(final long[] hashes) {
        settle();
        try {
            return index.heads(hashes);
        } catch (final KeyIndex.Damaged | IndexOutOfBoundsException e) {
            throw damaged(e);
        }
    }

    /** The members listed under these hashes, in their order; null where none are. */
    @Override
    public long[][] blockMembers(final long[] hashes) {
        settle();
        try {
            return index.blockMembers(hashes);
        } catch (final KeyIndex.Damaged | IndexOutOfBoundsException e) {
            throw damaged(e);
        }
    }

    /** The lowest member listed under each of these hashes; -1 where none is. */
    long[] oldestBlockMembers(final long[] hashes) {
        settle();
        try {
            return index.oldestBlockMembers(hashes);
        } catch (final KeyIndex.Damaged | IndexOutOfBoundsException e) {
            throw damaged(e);
        }
    }

    /** The members with these numbers as matching reads them, in their order; null where the index has none. */
    StoredMember[] storedMembers(final long[] memberIds, final IntFunction<int[]> positionsOfLayout) {
        settle();
        try {
            return index.storedMembers(memberIds, positionsOfLayout);
        } catch (final KeyIndex.Damaged | IndexOutOfBoundsException e) {
            throw damaged(e);
        }
    }

    /**
     * An index whose files contradict themselves (damaged on disk or in a copy, not by the store): this read fails, with
     * the reason, and the index is built again from the database before the next read or write, as after a crash.
     */
    private EntityStoreException damaged(final RuntimeException e) {
        stale = true;
        return new EntityStoreException("The key index in " + directory + " is damaged (" + e.getMessage() + "); it is built again "
                + "from the database before the next read or write", e);
    }

    long count(final long hash) {
        settle();
        return index.count(hash);
    }

    /** The last log row the index holds: a mark to take before reading keys for a change ({@link #leftSince}). */
    long appliedSeq() {
        settle();
        return index.appliedSeq();
    }

    /** Whether a member may have left the block since the index held log row {@code mark} (see {@link KeyIndex#leftSince}). */
    boolean leftSince(final long hash, final long mark) {
        settle();
        return index.leftSince(hash, mark);
    }

    /**
     * Appends a write's changes to the log, in the write's transaction (writers serialised): hashes and member numbers,
     * no record's content; null when it changes no key.
     */
    Logged append(final Connection connection, final KeyChanges changes) throws SQLException {
        if (changes.isEmpty()) {
            return null;
        }
        return insert(connection, changes, dialect);
    }

    /**
     * Appends a row that changes no key, after an erasure's own row in its transaction: compacting the log keeps its last
     * row (an index that applied it goes on from there), so with this row last the erasure's row, which names the blocks
     * and counted values of the erased records by hash, goes into the base with the rows before it.
     */
    Logged appendNothing(final Connection connection) throws SQLException {
        return insert(connection, new KeyChanges(), dialect);
    }

    /**
     * Appends, outside any open log (a schema migration, before the index opens), a row naming members whose records the
     * migration rewrote or removed: whoever applies it reads them from {@code crm_member} as they are then (a removed one
     * reads as nobody), so every node's index takes the change in, or, behind it, is built again. The removed members'
     * values come with it: applying the row takes them out of the blocks listing them and out of the counts
     * ({@link KeyChanges#resolveRemovals}), which only the index knows.
     */
    static void appendRewrittenMembers(final Connection connection, final long[] memberIds, final List<KeyChanges.Removal> removals)
            throws SQLException {
        final KeyChanges changes = new KeyChanges();
        for (final long memberId : memberIds) {
            // the log keeps the member's number alone; its record is read from the database by whoever applies the row
            changes.member(new MemberRecord(memberId, "", "", "", 0, ""));
        }
        removals.forEach(changes::remove);
        if (!changes.isEmpty()) {
            insert(connection, changes, null);
        }
    }

    /** Inserts a row; with a dialect, returns the database's version of it ({@link SqlDialect#rowVersion}), else none. */
    private static Logged insert(final Connection connection, final KeyChanges changes, final SqlDialect dialect) throws SQLException {
        final byte[] entries = changes.encode();
        long seq = 1;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select coalesce(max(log_seq), 0) + 1 from crm_key_log")) {
            if (rows.next()) {
                seq = rows.getLong(1);
            }
        }
        String version = null;
        try (PreparedStatement insert = connection.prepareStatement("insert into crm_key_log (log_seq, entries) values (?, ?)"
                + (dialect == null ? "" : " returning " + dialect.rowVersion()))) {
            insert.setLong(1, seq);
            insert.setBytes(2, entries);
            if (dialect == null) {
                insert.executeUpdate();
            } else {
                try (ResultSet inserted = insert.executeQuery()) {
                    inserted.next();
                    version = inserted.getString(1);
                }
            }
        }
        return new Logged(changes, seq, checksum(entries), entries.length, version);
    }

    /**
     * Leaves a logged change in the log alone, so the heap need not hold it until the write commits: the index then
     * takes it in from the log ({@link #commitFromLog}), reading the changed members' records from the database.
     */
    static Logged leaveInLog(final Logged logged) {
        return logged.inLogOnly() ? logged : new Logged(null, logged.seq(), logged.checksum(), logged.bytes(), logged.version());
    }

    /**
     * The records of some members as the database has them now (those it no longer has are missing), read in pieces of
     * a few hundred numbers.
     */
    static Map<Long, MemberRecord> readMembers(final Connection connection, final long[] memberIds) throws SQLException {
        final Map<Long, MemberRecord> found = new HashMap<>(memberIds.length * 2);
        for (int from = 0; from < memberIds.length; from += MEMBERS_PER_READ) {
            final int count = Math.min(MEMBERS_PER_READ, memberIds.length - from);
            final StringBuilder sql = new StringBuilder(JdbcEntityStore.SELECT_MEMBERS).append(" where member_id in (");
            for (int i = 0; i < count; i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            try (PreparedStatement select = connection.prepareStatement(sql.append(')').toString())) {
                for (int i = 0; i < count; i++) {
                    select.setLong(i + 1, memberIds[from + i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getLong(1), new MemberRecord(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                                rows.getInt(5), rows.getString(6)));
                    }
                }
            }
        }
        return found;
    }

    /**
     * Rewrites the log's rows that hold their members' records (format 2, written by versions before 0.1.0's schema
     * version 6) to hold their numbers only, so the log keeps no personal data, of erased customers neither. An index
     * whose last row was rewritten is built again when opened (its checksum no longer matches); one row in memory at
     * a time.
     *
     * @return the rows rewritten
     */
    static int dropRecords(final Connection connection) throws SQLException {
        final List<Long> holding = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("select log_seq, entries from crm_key_log order by log_seq")) {
            select.setFetchSize(1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (KeyChanges.holdsRecords(rows.getBytes(2))) {
                        holding.add(rows.getLong(1));
                    }
                }
            }
        }
        for (final long seq : holding) {
            rewrite(connection, seq, UnaryOperator.identity());
        }
        return holding.size();
    }

    /**
     * Commits a write whose changes are (some of them) in the log alone, then brings the index up to it from the log, as
     * for another node's changes. Should that fail, the index is rebuilt before the next read or write: the change
     * itself is committed.
     */
    void commitFromLog(final Connection connection) throws SQLException {
        settle();
        connection.commit();
        synchronized (this) {
            if (stale) {
                return;
            }
            try {
                catchUpHeld(connection);
            } catch (final SQLException | RuntimeException | InternalError e) {
                // catchUp marked the index stale: it is built again before the next read or write
            }
        }
    }

    /**
     * The blocks that list each of some members, by a walk through the whole index (about half a second per million
     * stored records): for an erasure, which blanks their numbers there, so no block keeps them.
     *
     * @param members the members' numbers, sorted
     * @return per member (in the same order), the hashes of the blocks listing it
     */
    long[][] blocksListing(final long[] members) {
        settle();
        final List<List<Long>> found = new ArrayList<>(members.length);
        for (int i = 0; i < members.length; i++) {
            found.add(new ArrayList<>());
        }
        index.forEachKey((hash, count, listedMembers, listed) -> {
            for (int i = 0; i < listed; i++) {
                final int position = Arrays.binarySearch(members, listedMembers[i]);
                if (position >= 0) {
                    found.get(position).add(hash);
                }
            }
        }, false);
        final long[][] blocks = new long[members.length][];
        for (int i = 0; i < members.length; i++) {
            blocks[i] = found.get(i).stream().mapToLong(Long::longValue).toArray();
        }
        return blocks;
    }

    long size() {
        settle();
        return index.size();
    }

    long bytesOnDisk() {
        settle();
        return index.bytesOnDisk();
    }

    /**
     * A write's changes as logged, waiting for the write's commit: held as objects, or (null) left in the log alone, with
     * their member records, while a FlowFile's later parts are written; then the index takes them in from the log.
     *
     * @param bytes   the bytes of the log row
     * @param version the database's version of the log row ({@link SqlDialect#rowVersion}), null when not known
     */
    record Logged(KeyChanges changes, long seq, long checksum, int bytes, String version) {

        /** Whether the changes are in the log alone. */
        boolean inLogOnly() {
            return changes == null;
        }
    }
}
