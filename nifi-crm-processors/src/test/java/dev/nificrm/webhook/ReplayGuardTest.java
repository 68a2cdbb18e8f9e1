package dev.nificrm.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayGuardTest {
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Instant T0 = Instant.parse("2026-12-01T09:30:00Z");

    @Test
    void recognisesASignatureUsedAgainWithinTheWindow() {
        final ReplayGuard guard = new ReplayGuard(WINDOW, 10);
        assertTrue(guard.claim("a", T0, T0.plusSeconds(1)));
        assertFalse(guard.claim("a", T0, T0.plusSeconds(60)), "the same signature a minute later is a replay");
        assertTrue(guard.claim("b", T0, T0.plusSeconds(60)), "another signature is not");
    }

    @Test
    void forgetsSignaturesOnceTheirTimestampIsOutsideTheWindow() {
        final ReplayGuard guard = new ReplayGuard(WINDOW, 10);
        guard.claim("a", T0, T0);
        guard.claim("b", T0.plusSeconds(200), T0.plusSeconds(200));
        assertTrue(guard.claim("c", T0.plus(WINDOW), T0.plus(WINDOW).plusMillis(1)));
        assertEquals(2, guard.size(), "a expired (its request would now fail the timestamp check anyway)");
        assertFalse(guard.claim("b", T0.plusSeconds(200), T0.plus(WINDOW).plusMillis(1)));
    }

    @Test
    void aReleasedClaimIsNotAReplay() {
        final ReplayGuard guard = new ReplayGuard(WINDOW, 10);
        assertTrue(guard.claim("a", T0, T0));
        guard.release("a");
        assertTrue(guard.claim("a", T0, T0.plusSeconds(1)), "the request was rolled back and is processed again");
    }

    @Test
    void keepsAtMostItsCapacityForgettingTheOldestFirst() {
        final ReplayGuard guard = new ReplayGuard(WINDOW, 3);
        for (int request = 0; request < 5; request++) {
            assertTrue(guard.claim("s" + request, T0, T0.plusMillis(request)));
        }
        assertEquals(3, guard.size());
        assertTrue(guard.claim("s0", T0, T0.plusSeconds(1)), "the oldest was forgotten to stay within the capacity");
        assertFalse(guard.claim("s4", T0, T0.plusSeconds(1)));
    }

    @Test
    void sendersWithoutTimestampsAreRememberedFromArrival() {
        final ReplayGuard guard = new ReplayGuard(WINDOW, 10);
        assertTrue(guard.claim("a", null, T0));
        assertFalse(guard.claim("a", null, T0.plusSeconds(299)));
        assertFalse(guard.claim("a", null, T0.plus(WINDOW)), "remembered up to and including the end of the window");
        assertTrue(guard.claim("a", null, T0.plus(WINDOW).plusMillis(1)));
    }

    /**
     * A request signed by a clock running ahead expires after the requests that arrive after it: the expired ones are
     * forgotten before it, and never cost a live signature its place (before, the memory forgot in arrival order, stopped
     * at the first live signature, and at its capacity dropped that live one while the expired ones behind it stayed).
     */
    @Test
    void anExpiredSignatureNeverCostsALiveOneItsPlace() {
        final ReplayGuard guard = new ReplayGuard(WINDOW, 3);
        assertTrue(guard.claim("ahead", T0.plus(WINDOW), T0), "signed by a clock a tolerance ahead: live until T0 + 2 tolerances");
        assertTrue(guard.claim("b", T0.minus(WINDOW), T0));
        assertTrue(guard.claim("c", T0.minus(WINDOW), T0));
        final Instant later = T0.plusMillis(1);
        assertTrue(guard.claim("d", later, later));
        assertTrue(guard.claim("e", later, later));
        assertEquals(3, guard.size(), "b and c expired");
        assertFalse(guard.claim("ahead", T0.plus(WINDOW), later.plusSeconds(60)), "three live signatures fit: the one signed ahead is still a replay");
    }
}
