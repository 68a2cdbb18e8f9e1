package dev.nificrm.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The allocation tests' measure takes the quietest of the runs it counted, whichever round a disturbance landed in. */
class ThreadAllocationTest {
    private static final int MEGABYTE = 1 << 20;

    /** Where a counted run keeps what it allocated, so that the JIT cannot leave the allocation out. */
    private final Object[] kept = new Object[1];

    @Test
    void aRunThatAllocatesMoreCountsNoMoreThanTheQuietest() {
        final ThreadAllocation.Least least = new ThreadAllocation.Least();
        assertEquals(Long.MAX_VALUE, least.bytes(), "nothing counted yet");
        least.count(() -> kept[0] = new byte[MEGABYTE]);
        assertTrue(least.bytes() >= MEGABYTE, "counted " + least.bytes());
        least.count(() -> kept[0] = null);
        // the last round disturbed, as a deoptimisation landing in it would
        least.count(() -> kept[0] = new byte[MEGABYTE]);
        assertTrue(least.bytes() < MEGABYTE / 2, "the quiet round counts: " + least.bytes());
    }

    @Test
    void leastOfTakesTheQuietestRound() {
        final int[] round = {0};
        final long allocated = ThreadAllocation.leastOf(3, () -> kept[0] = round[0]++ == 1 ? null : new byte[MEGABYTE]);
        assertEquals(3, round[0]);
        assertTrue(allocated < MEGABYTE / 2, "the quiet round counts: " + allocated);
    }

    @Test
    void givesTheWorksResultBackAndLetsWhatItThrowsGoOn() {
        final ThreadAllocation.Least least = new ThreadAllocation.Least();
        final byte[] made = least.count(() -> new byte[MEGABYTE]);
        assertEquals(MEGABYTE, made.length);
        assertTrue(least.bytes() >= MEGABYTE, "counted " + least.bytes());
        final IOException failure = new IOException("the work failed");
        assertSame(failure, assertThrows(IOException.class, () -> least.count(() -> {
            throw failure;
        })));
    }
}
