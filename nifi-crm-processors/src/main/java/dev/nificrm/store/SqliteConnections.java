package dev.nificrm.store;

import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections of an embedded store: one SQLite file in write-ahead-log mode (readers never wait for the writer),
 * synchronous commits (a committed change survives a crash of the machine), reads through each connection's page
 * cache (no memory map), deleted content overwritten with zeros ({@code secure_delete}), and a few connections kept
 * open so their page caches stay warm. The JDBC URL is built here from the path alone, so no URL option can be
 * injected.
 * <p>
 * Checkpoints (copying committed pages from the log into the database file) run on a thread of their own after each
 * commit, not in the committing thread as SQLite does by default: a batch of new customers changes tens of thousands of
 * pages, and copying them back would otherwise hold up the FlowFile that wrote them. Should the log still outgrow
 * {@value #LOG_PAGES_LIMIT} pages (readers holding old pages keep a checkpoint from finishing), the committing thread
 * checkpoints itself, so the log stays bounded.
 */
public final class SqliteConnections implements ConnectionSource {
    private static final int KEPT_OPEN = 4;
    private static final int CACHE_KIBIBYTES = 32 * 1024;
    /** How long a connection waits for another one's write lock before its statement fails. */
    static final int BUSY_TIMEOUT_MILLIS = 60_000;
    /**
     * No memory map of the file: reads go through each connection's page cache. A mapped read saves a copy per page,
     * but after every commit (each batch's) a connection re-reads the pages it maps through page faults: the entities
     * of a batch's 3,000 matches took 0.07-0.09 s mapped against 0.035 s through the cache, and StoreBenchmark ran at
     * 10,528-11,517 records/s against 9,497-11,124 mapped (1,000,000 stored, 3 runs each, alternately).
     */
    private static final long MMAP_BYTES = 0;
    /** Pages in the log beyond which a commit waits for a checkpoint (about 400 MB of 4 KiB pages). */
    static final int LOG_PAGES_LIMIT = 100_000;
    /**
     * How long the erasing thread waits for the log to be emptied after an erasure; beyond it the checkpoint thread goes
     * on trying on its own. A transaction open across the erasure keeps it from being emptied: the next FlowFile's write,
     * which takes the writers' turn the moment the erasure gives it up and holds it until that FlowFile's session commits
     * (seconds, a minute for a large FlowFile), or a read under way.
     */
    static final long ERASURE_WAIT_MILLIS = 1_000;
    /**
     * How long one attempt to empty the log waits for transactions to end: short, since a waiting attempt keeps every new
     * writer waiting too (with the busy timeout of a write, 60 s, one reader's query could hold up the store's writers).
     */
    private static final int ERASURE_CHECKPOINT_BUSY_MILLIS = 50;
    private static final long ERASURE_CHECKPOINT_PAUSE_MILLIS = 100;

    private final String url;
    private final SQLiteConfig config;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final ExecutorService checkpointer;
    private final AtomicBoolean checkpointPending = new AtomicBoolean();
    private final AtomicInteger logPages = new AtomicInteger();
    private boolean closed;

    public SqliteConnections(final Path databaseFile) {
        this.url = "jdbc:sqlite:" + databaseFile.toAbsolutePath();
        this.config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setCacheSize(-CACHE_KIBIBYTES);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(MMAP_BYTES));
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "0");
        // deleted rows are overwritten with zeros, free pages too: the file keeps nothing of a customer erased on request
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        final String name = "nifi-crm entity store checkpoint (" + databaseFile.getFileName() + ")";
        this.checkpointer = Executors.newSingleThreadExecutor(runnable -> {
            final Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Connection borrow() throws SQLException {
        synchronized (idle) {
            if (closed) {
                throw new SQLException("The embedded entity store is closed");
            }
            final Connection pooled = idle.pollFirst();
            if (pooled != null) {
                return pooled;
            }
        }
        return config.createConnection(url);
    }

    @Override
    public void release(final Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            synchronized (idle) {
                if (!closed && idle.size() < KEPT_OPEN) {
                    idle.addFirst(connection);
                    return;
                }
            }
            connection.close();
        } catch (final SQLException e) {
            closeQuietly(connection);
        }
    }

    @Override
    public void committed() {
        if (logPages.get() > LOG_PAGES_LIMIT) {
            checkpoint("TRUNCATE");
        } else if (checkpointPending.compareAndSet(false, true)) {
            try {
                checkpointer.execute(() -> {
                    checkpointPending.set(false);
                    checkpoint("PASSIVE");
                });
            } catch (final RejectedExecutionException e) {
                // closing: the last connection to close checkpoints
                checkpointPending.set(false);
            }
        }
    }

    /**
     * After an erasure: the pages it changed (rows overwritten with zeros) are copied into the database file, and the
     * write-ahead log, whose earlier pages may still hold the erased rows, is emptied. Run on the checkpoint thread, after
     * a checkpoint it may be running (SQLite runs one at a time and refuses a second), in attempts that each wait
     * {@value #ERASURE_CHECKPOINT_BUSY_MILLIS} ms at most for open transactions, again every
     * {@value #ERASURE_CHECKPOINT_PAUSE_MILLIS} ms until one finishes. The erasing thread waits
     * {@value #ERASURE_WAIT_MILLIS} ms at most; the attempts go on after that, until the log is emptied or the store closes
     * (the last connection to close checkpoints and removes the log).
     */
    @Override
    public CompletableFuture<Void> erased() {
        final CompletableFuture<Void> emptied = new CompletableFuture<>();
        emptyLogAfterErasure(emptied);
        try {
            emptied.get(ERASURE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (final TimeoutException | ExecutionException e) {
            // still held: emptied on the checkpoint thread once the transactions keeping it end
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return emptied;
    }

    /** One attempt to empty the log on the checkpoint thread, followed by another after a pause until one finishes. */
    private void emptyLogAfterErasure(final CompletableFuture<Void> emptied) {
        try {
            checkpointer.execute(() -> {
                if (checkpoint("TRUNCATE", ERASURE_CHECKPOINT_BUSY_MILLIS)) {
                    emptied.complete(null);
                    return;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(ERASURE_CHECKPOINT_PAUSE_MILLIS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                emptyLogAfterErasure(emptied);
            });
        } catch (final RejectedExecutionException e) {
            // closing: the last connection to close checkpoints and removes the log
            emptied.complete(null);
        }
    }

    /** Runs a checkpoint of the given mode and remembers how many pages the log still holds; whether it finished. */
    private boolean checkpoint(final String mode) {
        return checkpoint(mode, BUSY_TIMEOUT_MILLIS);
    }

    /** Runs a checkpoint waiting at most the given time for open transactions; whether it finished. */
    private boolean checkpoint(final String mode, final int busyMillis) {
        Connection connection = null;
        // a connection whose busy timeout could not be set back is closed, not pooled: its writes would give up early
        boolean poolable = true;
        try {
            connection = borrow();
            try (Statement statement = connection.createStatement()) {
                if (busyMillis != BUSY_TIMEOUT_MILLIS) {
                    poolable = false;
                    statement.execute("PRAGMA busy_timeout = " + busyMillis);
                }
                try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
                    if (result.next()) {
                        logPages.set(Math.max(0, result.getInt(2) - result.getInt(3)));
                        return result.getInt(1) == 0;
                    }
                    return false;
                } finally {
                    if (!poolable) {
                        statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
                        poolable = true;
                    }
                }
            }
        } catch (final SQLException e) {
            // a checkpoint that cannot run now runs after the next commit; the log only grows meanwhile
            return false;
        } finally {
            if (connection != null && poolable) {
                release(connection);
            } else if (connection != null) {
                closeQuietly(connection);
            }
        }
    }

    @Override
    public void close() {
        checkpointer.shutdown();
        try {
            checkpointer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (idle) {
            closed = true;
            for (final Connection connection : idle) {
                closeQuietly(connection);
            }
            idle.clear();
        }
    }

    private static void closeQuietly(final Connection connection) {
        try {
            connection.close();
        } catch (final SQLException ignored) {
            // a connection that cannot even be closed is gone already
        }
    }
}
