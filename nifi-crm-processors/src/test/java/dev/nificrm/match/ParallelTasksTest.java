package dev.nificrm.match;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTasksTest {

    private static List<Supplier<Integer>> squares(final int count, final Set<String> threads) {
        final List<Supplier<Integer>> tasks = new ArrayList<>();
        for (int task = 0; task < count; task++) {
            final int value = task;
            tasks.add(() -> {
                threads.add(Thread.currentThread().getName());
                return value * value;
            });
        }
        return tasks;
    }

    @Test
    void returnsTheResultsInTaskOrderFromTheCallerAndItsHelpers() {
        final ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            final Set<String> threads = ConcurrentHashMap.newKeySet();
            final List<Integer> results = new ParallelTasks<>(squares(1_000, threads)).run(4, pool);
            assertEquals(IntStream.range(0, 1_000).map(value -> value * value).boxed().toList(), results);
            assertTrue(threads.size() <= 4, threads.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runsOnTheCallingThreadAloneWithOneThread() {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        new ParallelTasks<>(squares(10, threads)).run(1, task -> {
            throw new AssertionError("no helper with one thread");
        });
        assertEquals(Set.of(Thread.currentThread().getName()), threads);
    }

    @Test
    void theCallerDoesEverythingWhenTheExecutorRefuses() {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final List<Integer> results = new ParallelTasks<>(squares(10, threads)).run(8, task -> {
            throw new RejectedExecutionException("shut down");
        });
        assertEquals(List.of(0, 1, 4, 9, 16, 25, 36, 49, 64, 81), results);
        assertEquals(Set.of(Thread.currentThread().getName()), threads);
    }

    @Test
    void neverWaitsForAHelperThatCannotStart() throws Exception {
        // the only pool thread runs the caller itself: a helper queued behind it could never start
        final ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            final Set<String> threads = ConcurrentHashMap.newKeySet();
            final Future<List<Integer>> results = pool.submit(() -> new ParallelTasks<>(squares(5, threads)).run(4, pool));
            assertEquals(List.of(0, 1, 4, 9, 16), results.get(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void throwsWhatATaskThrew() {
        final IllegalStateException failure = new IllegalStateException("bad pair");
        final List<Supplier<Integer>> tasks = List.of(() -> 1, () -> {
            throw failure;
        }, () -> 3);
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            assertSame(failure, assertThrows(IllegalStateException.class, () -> new ParallelTasks<>(tasks).run(3, pool)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void threadsJoiningTheSameTasksShareTheWorkAndTheResults() throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            final ParallelTasks<Integer> shared = new ParallelTasks<>(squares(200, ConcurrentHashMap.newKeySet()));
            final Future<List<Integer>> joined = pool.submit(shared::join);
            final List<Integer> ran = shared.run(1, pool);
            assertEquals(ran, joined.get(30, TimeUnit.SECONDS));
            assertEquals(200, ran.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
