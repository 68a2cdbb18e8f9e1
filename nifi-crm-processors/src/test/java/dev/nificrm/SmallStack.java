package dev.nificrm;

import org.apache.nifi.util.TestRunner;

/**
 * Triggers a processor once, as NiFi does, on a thread with the small stack of a busy NiFi thread: where a value nested
 * hundreds of levels deep overflows the stack of a recursive reader or writer. The runner's processor must be scheduled
 * already ({@code runner.run(1, false, true)}) and its FlowFile queued.
 */
public final class SmallStack {
    /** The stack size of the thread: small enough for 950 levels of JSON to overflow NiFi's readers. */
    private static final long STACK_BYTES = 160 * 1024;

    private SmallStack() {
    }

    /** Triggers the runner's processor once on a small-stack thread; returns what escaped onTrigger, or null. */
    public static Throwable trigger(final TestRunner runner) throws InterruptedException {
        final Throwable[] escaped = new Throwable[1];
        final Thread thread = new Thread(null, () -> {
            try {
                runner.getProcessor().onTrigger(runner.getProcessContext(), runner.getProcessSessionFactory());
            } catch (final Throwable e) {
                escaped[0] = e;
            }
        }, "small-stack", STACK_BYTES);
        thread.start();
        thread.join();
        return escaped[0];
    }
}
