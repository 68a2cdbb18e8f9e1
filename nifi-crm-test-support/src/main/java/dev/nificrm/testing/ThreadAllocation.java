package dev.nificrm.testing;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;

/** What the calling thread allocates running a piece of work: the allocation tests' measure, counted, never timed. */
public final class ThreadAllocation {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ThreadAllocation() {
    }

    /**
     * The fewest bytes the calling thread allocated in one of {@code rounds} runs of {@code work}: the first runs warm the
     * JIT up, and a run it disturbs (a compilation, a deoptimisation) counts no more than the quietest.
     */
    public static long leastOf(final int rounds, final Runnable work) {
        long least = Long.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            work.run();
            least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }
}
