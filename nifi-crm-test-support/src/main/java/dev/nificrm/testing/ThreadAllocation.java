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
        final Least least = new Least();
        for (int round = 0; round < rounds; round++) {
            least.count(work::run);
        }
        return least.bytes();
    }

    /**
     * The fewest bytes of the runs it counted, for a test that builds each round's input, or checks each round's result,
     * outside the count:
     * <pre>{@code
     * final ThreadAllocation.Least least = new ThreadAllocation.Least();
     * for (int round = 0; round < 3; round++) {
     *     final Index index = filled();                          // not counted
     *     final String blocks = least.count(index::describeBlocks);
     *     assertEquals(expected, blocks);                        // not counted
     * }
     * assertTrue(least.bytes() < bound);
     * }</pre>
     * As with {@link #leastOf}, a run a compilation or deoptimisation lands in counts no more than the quietest run.
     */
    public static final class Least {
        private long bytes = Long.MAX_VALUE;

        /** Runs {@code work} on the calling thread, counting what it allocates; what it throws goes on. */
        public <E extends Exception> void count(final Work<E> work) throws E {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            work.run();
            took(THREADS.getCurrentThreadAllocatedBytes() - before);
        }

        /** Runs {@code work} on the calling thread, counting what it allocates, and gives its result back; what it throws goes on. */
        public <T, E extends Exception> T count(final WorkWithResult<T, E> work) throws E {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            final T result = work.get();
            took(THREADS.getCurrentThreadAllocatedBytes() - before);
            return result;
        }

        /** The fewest bytes one counted run allocated; {@link Long#MAX_VALUE} before the first. */
        public long bytes() {
            return bytes;
        }

        /** Work counted by {@link #count(Work)}, which may throw what the code it runs throws (an {@code SQLException}). */
        @FunctionalInterface
        public interface Work<E extends Exception> {
            void run() throws E;
        }

        /** Work counted by {@link #count(WorkWithResult)}: a {@link Work} that gives a result. */
        @FunctionalInterface
        public interface WorkWithResult<T, E extends Exception> {
            T get() throws E;
        }

        private void took(final long allocated) {
            bytes = Math.min(bytes, allocated);
        }
    }
}
