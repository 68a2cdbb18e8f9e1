package dev.nificrm.store;

import java.sql.Connection;
import java.sql.SQLException;

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

    @Override
    void close();
}
