package dev.nificrm.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The signatures of webhook requests claimed against replays ({@link EntityStore#claimSignature}): the rows of
 * {@code crm_webhook_signature}, each claim a committed statement of its own.
 * <p>
 * On PostgreSQL they are a table of the store's database: a claim there waits for no writer. An embedded store keeps
 * them in a second SQLite file beside its database ({@link #file}), with connections of its own: SQLite has one writer
 * per file, and MatchCRMRecord's write holds the store file's until its NiFi session commits, so a claim in that file
 * would wait for a whole FlowFile to be matched, longer than a webhook sender waits for its answer (HubSpot: about
 * 5 seconds). The second file is opened, and created with its table, when the first claim needs it.
 */
final class SignatureClaims implements AutoCloseable {
    private static final String CREATE_TABLE = "create table if not exists crm_webhook_signature (signature_digest blob primary key, "
            + "expires_at integer not null)";
    private static final String CREATE_INDEX = "create index if not exists crm_webhook_signature_expires_at on crm_webhook_signature (expires_at)";

    /**
     * How long after its expiry an expired claim is kept: the clock skew between a cluster's nodes it covers. A node that
     * takes a claim over (its own request, its own clock) does not wait for it.
     */
    static final long CLOCK_SKEW_GRACE_MILLIS = 60_000;

    /** The store's own connections, or null when the claims have a file of their own. */
    private final ConnectionSource shared;
    /** The claims' own SQLite file, or null. */
    private final Path file;
    /** The connections to {@link #file}, once it was opened. */
    private ConnectionSource own;
    private boolean closed;

    private SignatureClaims(final ConnectionSource shared, final Path file) {
        this.shared = shared;
        this.file = file;
    }

    /** Claims kept in the store's database (its table created by the store's migrations). */
    static SignatureClaims inDatabase(final ConnectionSource connections) {
        return new SignatureClaims(connections, null);
    }

    /** Claims kept in an SQLite file of their own, created when first needed. */
    static SignatureClaims inFile(final Path file) {
        return new SignatureClaims(null, file);
    }

    /** The file beside an embedded store's database that holds its webhook claims. */
    static Path file(final Path databaseFile) {
        return databaseFile.resolveSibling(databaseFile.getFileName() + "-signatures");
    }

    /** The bytes the claims take on disk of their own: their file and its write-ahead log; 0 in the store's database (counted with it). */
    long bytesOnDisk() throws IOException {
        return file == null ? 0 : bytesOnDisk(file);
    }

    /** The size of a claims file and its write-ahead log, 0 for those not there. */
    static long bytesOnDisk(final Path file) throws IOException {
        long bytes = 0;
        for (final Path path : new Path[] {file, file.resolveSibling(file.getFileName() + "-wal")}) {
            try {
                bytes += Files.size(path);
            } catch (final NoSuchFileException e) {
                // not created yet, or the log checkpointed away
            }
        }
        return bytes;
    }

    /** See {@link EntityStore#claimSignature}. */
    boolean claim(final byte[] digest, final long expiresAtMillis, final long nowMillis) throws SQLException {
        final ConnectionSource connections = connections();
        final Connection connection = connections.borrow();
        try {
            // a claim expiring this very millisecond still holds: its request passes the timestamp check up to and including
            // the tolerance's edge (expiries and now are both truncated to the millisecond, so none that could pass is forgotten).
            // Rows go only a grace after they expire: another node whose clock is behind this one's still accepts their
            // requests' timestamps for as long as it is behind, and must still find them
            try (PreparedStatement forget = connection.prepareStatement("delete from crm_webhook_signature where expires_at < ?")) {
                forget.setLong(1, nowMillis - CLOCK_SKEW_GRACE_MILLIS);
                forget.executeUpdate();
            }
            // a claim that expired meanwhile (not yet forgotten) is taken over; a live one stays and the request is a replay
            try (PreparedStatement claim = connection.prepareStatement("insert into crm_webhook_signature (signature_digest, expires_at) "
                    + "values (?, ?) on conflict (signature_digest) do update set expires_at = excluded.expires_at "
                    + "where crm_webhook_signature.expires_at < ?")) {
                claim.setBytes(1, digest);
                claim.setLong(2, expiresAtMillis);
                claim.setLong(3, nowMillis);
                return claim.executeUpdate() == 1;
            }
        } finally {
            connections.release(connection);
            committed(connections);
        }
    }

    /** See {@link EntityStore#releaseSignature}. */
    void release(final byte[] digest) throws SQLException {
        final ConnectionSource connections = connections();
        final Connection connection = connections.borrow();
        try (PreparedStatement release = connection.prepareStatement("delete from crm_webhook_signature where signature_digest = ?")) {
            release.setBytes(1, digest);
            release.executeUpdate();
        } finally {
            connections.release(connection);
            committed(connections);
        }
    }

    /**
     * Takes over claims an earlier version kept elsewhere (by digest, with their expiry), in one transaction; a digest
     * claimed here already keeps its claim.
     */
    void adopt(final Map<byte[], Long> claims) throws SQLException {
        final ConnectionSource connections = connections();
        final Connection connection = connections.borrow();
        try (PreparedStatement insert = connection.prepareStatement("insert into crm_webhook_signature (signature_digest, expires_at) "
                + "values (?, ?) on conflict (signature_digest) do nothing")) {
            connection.setAutoCommit(false);
            for (final Map.Entry<byte[], Long> claim : claims.entrySet()) {
                insert.setBytes(1, claim.getKey());
                insert.setLong(2, claim.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } finally {
            connections.release(connection);
            committed(connections);
        }
    }

    private void committed(final ConnectionSource connections) {
        // the store's own connections are told of commits by its writes; the claims' file has no other writer to do it
        if (connections != shared) {
            connections.committed();
        }
    }

    private synchronized ConnectionSource connections() throws SQLException {
        if (closed) {
            throw new SQLException("The entity store is closed");
        }
        if (shared != null) {
            return shared;
        }
        if (own == null) {
            final SqliteConnections opened = new SqliteConnections(file);
            try {
                final Connection connection = opened.borrow();
                try (Statement statement = connection.createStatement()) {
                    statement.execute(CREATE_TABLE);
                    statement.execute(CREATE_INDEX);
                } finally {
                    opened.release(connection);
                }
            } catch (final SQLException | RuntimeException e) {
                opened.close();
                throw e;
            }
            own = opened;
        }
        return own;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (own != null) {
            own.close();
            own = null;
        }
    }
}
