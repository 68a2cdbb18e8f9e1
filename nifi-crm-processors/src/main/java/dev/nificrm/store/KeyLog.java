package dev.nificrm.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.zip.CRC32C;

/**
 * The embedded store's key hashes: every write's {@link KeyChanges} appended to the table {@code crm_key_log} in the
 * write's own transaction (one row, written sequentially, whatever the number of keys), and a {@link KeyIndex}
 * beside the database that holds the log applied, for look-ups. A write's changes reach the index after its
 * transaction commits, while the store still serialises writers; an index that is behind, from another copy of the
 * database or not closed cleanly is built again from the log (and from {@code crm_key}, where schema version 1 kept
 * the keys of a store created before the log).
 */
final class KeyLog {
    /** The logs open in this JVM, by index directory: stores opened on one database file share its log and writer lock. */
    private static final Map<Path, KeyLog> OPEN = new HashMap<>();

    private final KeyIndex index;
    private final Path directory;
    private final Semaphore writer = new Semaphore(1);
    private volatile boolean stale;
    private int users;

    private KeyLog(final KeyIndex index, final Path directory) {
        this.index = index;
        this.directory = directory;
    }

    /**
     * The log of the database behind the connection, its index in a directory: shared with the stores that have it
     * open already, else opened and brought up to date. Every call is paired with one {@link #release()}.
     */
    static KeyLog acquire(final Connection connection, final Path directory) throws SQLException {
        final Path key = directory.toAbsolutePath().normalize();
        synchronized (OPEN) {
            KeyLog log = OPEN.get(key);
            if (log == null) {
                log = open(connection, key);
                OPEN.put(key, log);
            }
            log.users++;
            return log;
        }
    }

    /** Gives the log back; the last user closes its index (written back and marked clean). */
    void release() {
        synchronized (OPEN) {
            if (--users == 0) {
                OPEN.remove(directory);
                index.close();
            }
        }
    }

    /** The lock that lets one writer at a time change the database (SQLite has one writer; the index follows its order). */
    Semaphore writer() {
        return writer;
    }

    private static KeyLog open(final Connection connection, final Path directory) throws SQLException {
        final KeyIndex index = KeyIndex.open(directory);
        final KeyLog log = new KeyLog(index, directory);
        try {
            log.catchUp(connection);
            index.preload();
            return log;
        } catch (final SQLException | RuntimeException e) {
            index.close();
            throw e;
        }
    }

    /** Applies the log rows the index lacks, or builds it again when it cannot say which those are. */
    private void catchUp(final Connection connection) throws SQLException {
        final long applied = index.appliedSeq();
        final boolean continues = index.openedClean() && !stale
                && (applied == 0 ? !hasLegacyKeys(connection) : logHolds(connection, applied, index.appliedChecksum()));
        if (!continues) {
            rebuild(connection);
            return;
        }
        replay(connection, applied);
    }

    /** Whether the index's last change is the database's change of that number (its checksum matches). */
    private static boolean logHolds(final Connection connection, final long seq, final long expected) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select entries from crm_key_log where log_seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() && checksum(rows.getBytes(1)) == expected;
            }
        }
    }

    private static boolean hasLegacyKeys(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("select 1 from crm_key limit 1")) {
            return rows.next();
        }
    }

    private void rebuild(final Connection connection) throws SQLException {
        try {
            index.reset();
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not empty the key index in " + directory, e);
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select key_hash, record_count, member_ids from crm_key")) {
            while (rows.next()) {
                index.putLegacy(rows.getLong(1), rows.getLong(2), JdbcEntityStore.decodeMembers(rows.getString(3)));
            }
        }
        replay(connection, 0);
        stale = false;
    }

    private void replay(final Connection connection, final long after) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select log_seq, entries from crm_key_log where log_seq > ? order by log_seq")) {
            select.setLong(1, after);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    final byte[] entries = rows.getBytes(2);
                    index.apply(KeyChanges.decode(entries), rows.getLong(1), checksum(entries));
                }
            }
        }
    }

    static long checksum(final byte[] entries) {
        final CRC32C crc = new CRC32C();
        crc.update(entries);
        return crc.getValue();
    }

    /** Before a read: an index that missed a committed change is brought up to date first. */
    void ensureCurrent(final Connection connection) throws SQLException {
        if (stale) {
            synchronized (this) {
                if (stale) {
                    rebuild(connection);
                }
            }
        }
    }

    /** Whether a committed change failed to reach the index: {@link #ensureCurrent} rebuilds it. */
    boolean isStale() {
        return stale;
    }

    Map<Long, KeyEntry> find(final long[] hashes) {
        return index.find(hashes);
    }

    long count(final long hash) {
        return index.count(hash);
    }

    /** Appends a write's changes to the log, in the write's transaction; null when it changes no key. */
    Logged append(final Connection connection, final KeyChanges changes) throws SQLException {
        if (changes.isEmpty()) {
            return null;
        }
        final byte[] entries = changes.encode();
        long seq = 1;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select coalesce(max(log_seq), 0) + 1 from crm_key_log")) {
            if (rows.next()) {
                seq = rows.getLong(1);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into crm_key_log (log_seq, entries) values (?, ?)")) {
            insert.setLong(1, seq);
            insert.setBytes(2, entries);
            insert.executeUpdate();
        }
        return new Logged(changes, seq, checksum(entries));
    }

    /**
     * Applies a committed write's changes to the index. Should that fail, the index is rebuilt from the log before
     * the next read: the change itself is committed and in the log.
     */
    void committed(final Logged logged) {
        if (logged == null) {
            return;
        }
        try {
            index.apply(logged.changes(), logged.seq(), logged.checksum());
        } catch (final RuntimeException e) {
            stale = true;
        }
    }

    long size() {
        return index.size();
    }

    long bytesOnDisk() {
        return index.bytesOnDisk();
    }

    /** A write's changes as logged, waiting for the write's commit. */
    record Logged(KeyChanges changes, long seq, long checksum) {
    }
}
