package dev.nificrm.match;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A fixed list of independent tasks that the calling thread and helper threads work off together, results in task
 * order. It replaces parallel streams, which run on the JVM-wide common pool behind the back of NiFi's thread
 * settings: here the caller says how many threads may work and whose threads they are.
 * <p>
 * Every thread that works claims the next unclaimed task until none is left, then waits only for the tasks other
 * threads have claimed and are running. Nobody waits for a helper that has not started, so a busy or shut-down
 * executor only means fewer helpers, never a deadlock, also when the caller is itself a thread of that executor or
 * when several threads {@link #join()} the same tasks.
 *
 * @param <T> the result of a task
 */
final class ParallelTasks<T> {
    private final List<? extends Supplier<T>> tasks;
    private final List<T> results;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch finished;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    ParallelTasks(final List<? extends Supplier<T>> tasks) {
        this.tasks = List.copyOf(tasks);
        this.results = new ArrayList<>(this.tasks.size());
        for (int task = 0; task < this.tasks.size(); task++) {
            results.add(null);
        }
        this.finished = new CountDownLatch(this.tasks.size());
    }

    /**
     * Works the tasks off with the calling thread and at most {@code threads - 1} helpers run by the executor.
     *
     * @return the results, in the order of the tasks
     */
    List<T> run(final int threads, final Executor executor) {
        final int helpers = Math.min(threads, tasks.size()) - 1;
        for (int helper = 0; helper < helpers; helper++) {
            try {
                executor.execute(this::work);
            } catch (final RejectedExecutionException e) {
                // the executor is shut down or full: the threads already working do the rest
                break;
            }
        }
        return join();
    }

    /**
     * Works on the tasks nobody has claimed yet, then waits until every claimed task has finished.
     *
     * @return the results, in the order of the tasks
     */
    List<T> join() {
        work();
        try {
            finished.await();
        } catch (final InterruptedException e) {
            failure.compareAndSet(null, new CancellationException("Interrupted while waiting for parallel tasks"));
            Thread.currentThread().interrupt();
        }
        final Throwable cause = failure.get();
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause != null) {
            // work() records nothing but RuntimeException and Error
            throw (RuntimeException) cause;
        }
        synchronized (results) {
            return Collections.unmodifiableList(new ArrayList<>(results));
        }
    }

    private void work() {
        for (int task = next.getAndIncrement(); task < tasks.size(); task = next.getAndIncrement()) {
            try {
                // once a task has failed the others are skipped: the whole result is lost anyway
                if (failure.get() == null) {
                    final T result = tasks.get(task).get();
                    synchronized (results) {
                        results.set(task, result);
                    }
                }
            } catch (final RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            } finally {
                finished.countDown();
            }
        }
    }
}
