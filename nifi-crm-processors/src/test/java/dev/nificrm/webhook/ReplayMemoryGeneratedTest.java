package dev.nificrm.webhook;

import dev.nificrm.store.EntityStore;
import dev.nificrm.store.JdbcEntityStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replay memories against the promise the usage page makes, on generated deliveries (seeded): a signature accepted
 * once is a replay at every moment its request would still pass the timestamp check (up to and including the edge of
 * the tolerance, where the verifier still accepts it), and a new signature is accepted exactly once. Deliveries arrive
 * at random moments within their tolerance, many exactly at the edge, some are delivered again, some rolled back
 * (released) and delivered again; the clock moves forward by random steps, zero among them.
 */
class ReplayMemoryGeneratedTest {
    private static final long SEED = 20261205L;
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final Instant BASE = Instant.parse("2026-12-01T09:30:00Z");

    @TempDir
    Path directory;

    /** A signed request: its signature and when it was signed (null for a sender without a timestamp). */
    private record Signed(String signature, Instant signedAt) {
    }

    @Test
    void theMemoryInProcessorMemoryRemembersEveryAcceptedSignatureUntilItsRequestWouldBeStale() {
        final int checked = run(List.of(new ReplayGuard(WINDOW, 1_000_000)), 6000);
        assertTrue(checked > 3000, checked + " claims checked");
    }

    /** Two nodes sharing one store, each request reaching either of them, as behind a cluster's load balancer. */
    @Test
    void theMemoryInTheEntityStoreRemembersEveryAcceptedSignatureUntilItsRequestWouldBeStaleOnEitherNode() {
        try (EntityStore store = JdbcEntityStore.sqlite(directory.resolve("entity-store.db"));
             EntityStore otherNode = JdbcEntityStore.sqlite(directory.resolve("entity-store.db"))) {
            final ReplayMemory memory = new StoredReplayMemory(store, WINDOW);
            final ReplayMemory other = new StoredReplayMemory(otherNode, WINDOW);
            try {
                final int checked = run(List.of(memory, other), 500);
                assertTrue(checked > 250, checked + " claims checked");
            } finally {
                memory.close();
                other.close();
            }
        }
    }

    /** Runs generated deliveries through the memory and a model of the promise; returns how many claims were compared. */
    private static int run(final List<ReplayMemory> nodes, final int steps) {
        final Random random = new Random(SEED);
        final Map<String, Instant> remembered = new HashMap<>();
        final List<Signed> sent = new ArrayList<>();
        Instant now = BASE;
        int checked = 0;
        int serial = 0;
        for (int step = 0; step < steps; step++) {
            now = now.plusMillis(random.nextInt(4) == 0 ? 0 : random.nextInt(1500));
            final Signed signed;
            final int choice = random.nextInt(10);
            if (choice < 4 || sent.isEmpty()) {
                // a new request, signed within the tolerance of now: often exactly at its edge, as a skewed clock may
                final long offset = switch (random.nextInt(4)) {
                    case 0 -> WINDOW.toMillis();
                    case 1 -> -WINDOW.toMillis();
                    default -> random.nextLong(-WINDOW.toMillis(), WINDOW.toMillis() + 1);
                };
                signed = new Signed("sig-" + serial++, random.nextInt(10) == 0 ? null : now.minusMillis(offset));
                sent.add(signed);
            } else {
                signed = sent.get(sent.size() - 1 - random.nextInt(Math.min(sent.size(), 40)));
                if (signed.signedAt() != null && random.nextBoolean()) {
                    // delivered again exactly when its timestamp reaches the edge of the tolerance, if that is still ahead
                    final Instant edge = signed.signedAt().plus(WINDOW);
                    if (!edge.isBefore(now)) {
                        now = edge;
                    }
                }
            }
            if (signed.signedAt() != null && Duration.between(signed.signedAt(), now).abs().compareTo(WINDOW) > 0) {
                continue; // the timestamp check rejects it before the memory is asked
            }
            final ReplayMemory memory = nodes.get(random.nextInt(nodes.size()));
            final Instant expiry = remembered.get(signed.signature());
            final boolean replay = expiry != null && !now.isAfter(expiry);
            final Instant at = now;
            assertEquals(!replay, memory.claim(signed.signature(), signed.signedAt(), now),
                    () -> signed + " at " + at + (replay ? ": a replay, remembered until " + expiry : ": not seen within the tolerance"));
            checked++;
            if (!replay) {
                if (random.nextInt(8) == 0) {
                    memory.release(signed.signature());
                    remembered.remove(signed.signature());
                } else {
                    remembered.put(signed.signature(), (signed.signedAt() == null ? now : signed.signedAt()).plus(WINDOW));
                }
            }
        }
        return checked;
    }

    /** The edge itself: a request signed exactly one tolerance ago passes the timestamp check, so its replay must be caught. */
    @Test
    void aRequestAcceptedAtTheEdgeOfTheToleranceIsAReplayAtThatEdge() throws IOException {
        final WebhookVerifier verifier = WebhookVerifier.hmacSha256("s3cret".getBytes(StandardCharsets.UTF_8), "X-Signature")
                .content(SignedContent.parse("{timestamp}.{body}")).timestamp("X-Timestamp", TimestampFormat.EPOCH_SECONDS, WINDOW).build();
        final WebhookRequest unsigned = new WebhookRequest("POST", "", Map.of("X-Timestamp", Long.toString(BASE.getEpochSecond())));
        final String signature = verifier.sign(unsigned, new ByteArrayInputStream(new byte[0]));
        final WebhookRequest request = new WebhookRequest("POST", "", Map.of("X-Timestamp", Long.toString(BASE.getEpochSecond()), "X-Signature", signature));
        assertTrue(verifier.verify(request, new ByteArrayInputStream(new byte[0]), BASE.plus(WINDOW)).isVerified(),
                "the verifier accepts a timestamp exactly one tolerance old");

        final Function<ReplayMemory, Boolean> replayAtTheEdge = memory -> {
            final Instant edge = BASE.plus(WINDOW);
            assertTrue(memory.claim("sig", BASE, edge));
            return !memory.claim("sig", BASE, edge);
        };
        assertTrue(replayAtTheEdge.apply(new ReplayGuard(WINDOW, 10)), "in memory");
        try (EntityStore store = JdbcEntityStore.sqlite(directory.resolve("edge.db"))) {
            final ReplayMemory memory = new StoredReplayMemory(store, WINDOW);
            assertTrue(replayAtTheEdge.apply(memory), "in the entity store");
            memory.close();
        }
    }
}
