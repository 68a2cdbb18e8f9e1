package dev.nificrm.webhook;

import dev.nificrm.store.EntityStore;
import dev.nificrm.store.EntityStoreException;
import dev.nificrm.store.JdbcEntityStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signatures remembered in a real embedded entity store, including a store that refuses for a while to forget one. */
class StoredReplayMemoryTest {
    private static final Instant SIGNED = Instant.parse("2026-12-03T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);

    @TempDir
    Path directory;

    private EntityStore store;
    private EntityStore otherNode;
    private ReplayMemory memory;

    @AfterEach
    void close() {
        if (memory != null) {
            memory.close();
        }
        if (store != null) {
            store.close();
        }
        if (otherNode != null) {
            otherNode.close();
        }
    }

    private ReplayMemory memory() {
        store = JdbcEntityStore.sqlite(directory.resolve("entity-store.db"));
        memory = new StoredReplayMemory(store, WINDOW);
        return memory;
    }

    /** Runs statements on the store's file of webhook claims beside the store, as an operator (or a failing disk) would. */
    private void onDatabase(final String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + JdbcEntityStore.signatureFile(directory.resolve("entity-store.db")));
             Statement statement = connection.createStatement()) {
            for (final String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
    }

    @Test
    void aSignatureIsAReplayUntilReleased() {
        final ReplayMemory memory = memory();
        assertTrue(memory.claim("sig-1", SIGNED, SIGNED.plusSeconds(1)));
        assertFalse(memory.claim("sig-1", SIGNED, SIGNED.plusSeconds(2)));
        memory.release("sig-1");
        assertTrue(memory.claim("sig-1", SIGNED, SIGNED.plusSeconds(3)));
    }

    /**
     * A request whose session rolled back while the store could not forget its claim is not a replay of itself when the
     * sender retries it: the release is owed and made before the next claim, once the store can be reached again.
     */
    @Test
    void aReleaseTheStoreRefusedIsMadeBeforeTheNextClaim() throws SQLException {
        final ReplayMemory memory = memory();
        assertTrue(memory.claim("sig-1", SIGNED, SIGNED.plusSeconds(1)));
        onDatabase("create trigger refuse_forgetting before delete on crm_webhook_signature begin select raise(abort, 'disk gone'); end");
        assertThrows(EntityStoreException.class, () -> memory.release("sig-1"));
        assertThrows(EntityStoreException.class, () -> memory.claim("sig-2", SIGNED, SIGNED.plusSeconds(2)),
                "while the owed release cannot be made, no claim is answered");

        onDatabase("drop trigger refuse_forgetting");
        assertTrue(memory.claim("sig-1", SIGNED, SIGNED.plusSeconds(3)), "the retry of the rolled-back request goes on");
        assertFalse(memory.claim("sig-1", SIGNED, SIGNED.plusSeconds(4)), "and is remembered again");
        assertTrue(memory.claim("sig-2", SIGNED, SIGNED.plusSeconds(5)));
    }

    /**
     * The sender's retry of a rolled-back request may reach another node, which cannot know the claim is owed: the owing
     * node makes the release by itself once the store can be reached again, without waiting for a request of its own.
     */
    @Test
    void anOwedReleaseIsMadeWithoutAnotherRequestOnTheOwingNode() throws Exception {
        store = JdbcEntityStore.sqlite(directory.resolve("entity-store.db"));
        final StoredReplayMemory owing = new StoredReplayMemory(store, WINDOW, Duration.ofMillis(50));
        otherNode = JdbcEntityStore.sqlite(directory.resolve("entity-store.db"));
        final ReplayMemory other = new StoredReplayMemory(otherNode, WINDOW);
        try {
            assertTrue(owing.claim("sig-1", SIGNED, SIGNED.plusSeconds(1)));
            onDatabase("create trigger refuse_forgetting before delete on crm_webhook_signature begin select raise(abort, 'disk gone'); end");
            assertThrows(EntityStoreException.class, () -> owing.release("sig-1"));
            Thread.sleep(200);
            assertFalse(other.claim("sig-1", SIGNED, SIGNED.plusSeconds(2)), "still claimed while the store refuses to forget it");

            onDatabase("drop trigger refuse_forgetting");
            final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean retried = other.claim("sig-1", SIGNED, SIGNED.plusSeconds(3));
            while (!retried && System.nanoTime() < deadline) {
                Thread.sleep(20);
                retried = other.claim("sig-1", SIGNED, SIGNED.plusSeconds(3));
            }
            assertTrue(retried, "the retry sent to the other node goes on once the owing node has made its release");
        } finally {
            owing.close();
        }
        assertTrue(waitForNoRetrier(), "no retrying thread after close");
    }

    /**
     * Node B's clock is half a second behind node A's: for B a request signed one tolerance ago by A's clock is still
     * fresh, so B must still find its signature after A, a millisecond past its expiry by A's clock, claimed another one.
     * Before, that claim deleted every expired row at once, and B let the replay in.
     */
    @Test
    void aNodeWhoseClockIsBehindStillFindsASignatureAnotherNodeSawExpire() {
        store = JdbcEntityStore.sqlite(directory.resolve("entity-store.db"));
        memory = new StoredReplayMemory(store, WINDOW);
        otherNode = JdbcEntityStore.sqlite(directory.resolve("entity-store.db"));
        final ReplayMemory behind = new StoredReplayMemory(otherNode, WINDOW);
        try {
            assertTrue(memory.claim("sig-1", SIGNED, SIGNED.plusSeconds(1)));
            final Instant pastExpiryOnA = SIGNED.plus(WINDOW).plusMillis(1);
            assertTrue(memory.claim("sig-2", pastExpiryOnA, pastExpiryOnA));
            assertFalse(behind.claim("sig-1", SIGNED, pastExpiryOnA.minusMillis(500)), "still within the tolerance on B's clock: a replay");
            assertTrue(memory.claim("sig-1", SIGNED, pastExpiryOnA.plusMillis(1)), "expired on A's clock: A takes the claim over");
        } finally {
            behind.close();
        }
    }

    private static boolean waitForNoRetrier() throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (Thread.getAllStackTraces().keySet().stream().noneMatch(thread -> thread.getName().equals("webhook-signature-releases"))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
