package dev.nificrm.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A store's connections whose next commit, once {@link #armed}, fails as a disk would refuse it: the commit waits
 * until the test {@link #refuse lets it fail}, so the test can look at the store while it is underway.
 */
final class RefusedCommit implements UnaryOperator<ConnectionSource> {
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean endsAtServer = new AtomicBoolean();
    private final CountDownLatch committing = new CountDownLatch(1);
    private final CountDownLatch refused = new CountDownLatch(1);

    /** The next commit on any of the store's connections fails. */
    void arm() {
        armed.set(true);
    }

    /**
     * The next commit fails as one the server refused or lost with the connection: the transaction has ended at the
     * server (rolled back, its locks given up) before the refusal reaches the committing thread, which waits meanwhile.
     */
    void armEndedAtServer() {
        endsAtServer.set(true);
        armed.set(true);
    }

    /** Waits until the refused commit has started. */
    boolean awaitCommitting() throws InterruptedException {
        return committing.await(60, TimeUnit.SECONDS);
    }

    /** Lets the refused commit fail. */
    void refuse() {
        refused.countDown();
    }

    @Override
    public ConnectionSource apply(final ConnectionSource connections) {
        return new ConnectionSource() {
            @Override
            public Connection borrow() throws SQLException {
                final Connection connection = connections.borrow();
                return (Connection) Proxy.newProxyInstance(RefusedCommit.class.getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, arguments) -> {
                            if (method.getName().equals("commit") && armed.getAndSet(false)) {
                                if (endsAtServer.get()) {
                                    connection.rollback();
                                }
                                committing.countDown();
                                refused.await();
                                throw new SQLException("disk I/O error");
                            }
                            if (method.getName().equals("unwrap") && arguments[0] == Connection.class) {
                                return connection;
                            }
                            try {
                                return method.invoke(connection, arguments);
                            } catch (final InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            @Override
            public void release(final Connection connection) {
                try {
                    connections.release(connection.unwrap(Connection.class));
                } catch (final SQLException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void committed() {
                connections.committed();
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> erased() {
                return connections.erased();
            }

            @Override
            public void close() {
                connections.close();
            }
        };
    }
}
