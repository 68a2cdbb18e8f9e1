package dev.nificrm.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A read transaction held open on an SQLite file by a connection of its own (as another reader of the store holds one),
 * until {@link #end} or at most a given time, so that a test that waits on it cannot hang; {@link #end} tells which.
 */
public final class OpenRead {
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread holder;
    private volatile boolean heldUntilEnded;

    private OpenRead(final Connection reader, final long maximumMillis) {
        this.holder = new Thread(() -> {
            try {
                heldUntilEnded = ended.await(maximumMillis, TimeUnit.MILLISECONDS);
                reader.commit();
                reader.close();
            } catch (final InterruptedException | SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Begins a read of the table in the file and holds it until {@link #end}, or {@code maximumMillis} at most. */
    public static OpenRead of(final Path database, final String table, final long maximumMillis) throws SQLException {
        final Connection reader = DriverManager.getConnection("jdbc:sqlite:" + database);
        reader.setAutoCommit(false);
        try (Statement statement = reader.createStatement(); ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
            rows.next();
        }
        final OpenRead read = new OpenRead(reader, maximumMillis);
        read.holder.start();
        return read;
    }

    /**
     * Ends the read and waits until it has; whether it was still open (false: its time was up before): what a test asks
     * when the code under test must not wait for the read to end.
     */
    public boolean end() throws InterruptedException {
        ended.countDown();
        holder.join();
        return heldUntilEnded;
    }
}
