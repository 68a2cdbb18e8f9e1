package dev.nificrm.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * Where the store gets its database connections: NiFi's DBCPService for PostgreSQL, a small pool of its own for the
 * embedded SQLite file. Every connection borrowed is released exactly once.
 */
public interface ConnectionSource extends AutoCloseable {

    Connection borrow() throws SQLException;

    /** Gives a connection back (for a pooled DataSource: closes it, which returns it to the pool). */
    void release(Connection connection);

    /** Told after a write committed, so a source that maintains its database after writes can do so; nothing by default. */
    default void committed() {
        // a server database maintains itself
    }

    /**
     * Told after customers were erased (the change committed), so a source whose database keeps committed pages in a log
     * of its own for a while can let go of them; {@link #committed} by default.
     *
     * @return completed once the database's own files hold none of the pages the erasure changed (at once by default: a
     *         server database's files are its own business); it may complete after this returns, when readers or another
     *         write kept the log then
     */
    default CompletableFuture<Void> erased() {
        committed();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    void close();
}
