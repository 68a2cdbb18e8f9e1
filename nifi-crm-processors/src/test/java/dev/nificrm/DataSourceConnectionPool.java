package dev.nificrm;

import dev.nificrm.services.PostgreSQLEntityStore;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.dbcp.DBCPService;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

/**
 * A DBCPService over a test's real PostgreSQL database: NiFi's DBCPConnectionPool lives in a bundle that is not on the
 * processors' test class path, so unit tests hand its connections over with this; the system tests use the real pool.
 * <p>
 * It pools connections as DBCPConnectionPool does: closing a connection rolls back what is still open, returns it to
 * auto-commit and keeps it for the next borrower. Opening a PostgreSQL connection starts a server process: opening one
 * for every borrow was a third of EraseCRMRecordGeneratedTest's PostgreSQL case (19.4 s of its 68 s waiting on new
 * connections, JFR, load 40). A connection left idle for a second is closed, as DBCP's evictor closes idle ones, so
 * that the pools of finished tests, never disabled, hold no connections of the shared server.
 */
public final class DataSourceConnectionPool extends AbstractControllerService implements DBCPService {
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Closes connections idle for {@link #IDLE_NANOS}: one daemon thread for every pool, never keeping a test JVM up. */
    private static final ScheduledExecutorService EVICTOR = Executors.newSingleThreadScheduledExecutor(work -> {
        final Thread thread = new Thread(work, "test-pool-evictor");
        thread.setDaemon(true);
        return thread;
    });

    private final DataSource dataSource;
    /** Idle connections, the most recently returned first. */
    private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();

    private record Idle(Connection connection, long since) {
    }

    public DataSourceConnectionPool(final DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Adds a pool over the data source (service "pool", enabled) and a PostgreSQLEntityStore on it (service "entity-store",
     * its key index in the directory given: a node of its own) to a runner; the caller enables the store.
     */
    public static PostgreSQLEntityStore addPostgresStore(final TestRunner runner, final DataSource dataSource, final Path keyIndexDirectory)
            throws InitializationException {
        final DataSourceConnectionPool pool = new DataSourceConnectionPool(dataSource);
        runner.addControllerService("pool", pool);
        runner.enableControllerService(pool);
        final PostgreSQLEntityStore store = new PostgreSQLEntityStore();
        runner.addControllerService("entity-store", store);
        runner.setProperty(store, PostgreSQLEntityStore.CONNECTION_POOL, "pool");
        runner.setProperty(store, PostgreSQLEntityStore.KEY_INDEX_DIRECTORY, keyIndexDirectory.toString());
        return store;
    }

    @Override
    public Connection getConnection() throws ProcessException {
        for (Idle kept = idle.pollFirst(); kept != null; kept = idle.pollFirst()) {
            try {
                if (!kept.connection().isClosed()) {
                    return pooled(kept.connection());
                }
            } catch (final SQLException broken) {
                closeQuietly(kept.connection());
            }
        }
        try {
            return pooled(dataSource.getConnection());
        } catch (final SQLException e) {
            throw new ProcessException("Could not connect to the test database", e);
        }
    }

    @OnDisabled
    public void closeIdle() {
        for (Idle kept = idle.pollFirst(); kept != null; kept = idle.pollFirst()) {
            closeQuietly(kept.connection());
        }
    }

    /** The connection as the borrower sees it: closing it gives it back (once); it then answers closed. */
    private Connection pooled(final Connection physical) {
        final boolean[] closed = {false};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "close" -> {
                    if (!closed[0]) {
                        closed[0] = true;
                        giveBack(physical);
                    }
                    return null;
                }
                case "isClosed" -> {
                    return closed[0] || physical.isClosed();
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                    if (closed[0]) {
                        throw new SQLException("The connection was returned to the pool");
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (final InvocationTargetException e) {
                        throw e.getCause();
                    }
                }
            }
        });
    }

    private void giveBack(final Connection physical) {
        try {
            if (!physical.isClosed()) {
                if (!physical.getAutoCommit()) {
                    physical.rollback();
                    physical.setAutoCommit(true);
                }
                idle.addFirst(new Idle(physical, System.nanoTime()));
                EVICTOR.schedule(this::closeLongIdle, IDLE_NANOS, TimeUnit.NANOSECONDS);
                return;
            }
        } catch (final SQLException broken) {
            // a connection that cannot be reset is not kept
        }
        closeQuietly(physical);
    }

    /** Closes the connections idle for a second or more (the oldest are last). */
    private void closeLongIdle() {
        for (Idle oldest = idle.pollLast(); oldest != null; oldest = idle.pollLast()) {
            if (System.nanoTime() - oldest.since() < IDLE_NANOS) {
                idle.addLast(oldest);
                return;
            }
            closeQuietly(oldest.connection());
        }
    }

    private static void closeQuietly(final Connection connection) {
        try {
            connection.close();
        } catch (final SQLException ignored) {
            // closing a test connection that is already broken
        }
    }
}
