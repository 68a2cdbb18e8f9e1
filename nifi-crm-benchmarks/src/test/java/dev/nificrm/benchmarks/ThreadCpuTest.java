package dev.nificrm.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadCpuTest {
    private static final int PAGES = 4096;

    /**
     * The worker spins until it has used 100 ms of CPU by its own clock (not for a time on the wall clock, which a busy
     * machine may give it little CPU of), and keeps alive until its ticks are read.
     */
    @Test
    void groupsThreadsWithoutTheirDigitsAndCountsTheirTicks() throws InterruptedException {
        final CountDownLatch spun = new CountDownLatch(1);
        final CountDownLatch read = new CountDownLatch(1);
        final Thread worker = new Thread(() -> {
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long spin = 0;
            while (threads.getCurrentThreadCpuTime() < 100_000_000L) {
                spin++;
            }
            assertTrue(spin > 0);
            spun.countDown();
            try {
                read.await(5, TimeUnit.MINUTES);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpu-worker-7");
        worker.start();
        assertTrue(spun.await(5, TimeUnit.MINUTES), "the worker used 100 ms of CPU");
        final Map<String, Long> ticks = ThreadCpu.read();
        read.countDown();
        worker.join();
        assertTrue(ticks.containsKey("cpu-worker-#"), "the spinning thread, digits taken out: " + ticks.keySet());
        assertTrue(ticks.get("cpu-worker-#") >= 5, "100 ms of CPU is at least 5 ticks of 10 ms: " + ticks);
    }

    @Test
    void describesEachGroupsTimePerBatchLargestFirstAndSmallOnesTogether() {
        final Map<String, Long> before = Map.of("store-benchmark-match", 100L, "GC Thread#", 40L, "C# CompilerThre", 10L);
        final Map<String, Long> after = Map.of("store-benchmark-match", 900L, "GC Thread#", 440L, "C# CompilerThre", 11L,
                "crm-entity-store-key-index", 60L);
        assertEquals("store-benchmark-match 2.000 s, GC Thread# 1.000 s, crm-entity-store-key-index 0.150 s, others 0.003 s",
                ThreadCpu.describe(before, after, 4));
        assertEquals("no per-thread CPU (not Linux)", ThreadCpu.describe(Map.of(), Map.of(), 4));
    }

    /** A thread writing to every page of fresh memory faults each page in once: its group counts those faults. */
    @Test
    void countsEachThreadGroupsPageFaults() throws InterruptedException {
        final CountDownLatch touched = new CountDownLatch(1);
        final CountDownLatch read = new CountDownLatch(1);
        final Thread worker = new Thread(() -> {
            final ByteBuffer memory = ByteBuffer.allocateDirect(PAGES * 4096);
            for (int page = 0; page < PAGES; page++) {
                memory.put(page * 4096, (byte) 1);
            }
            touched.countDown();
            try {
                read.await(5, TimeUnit.MINUTES);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fault-worker-3");
        final Map<String, Long> before = ThreadCpu.readFaults();
        worker.start();
        assertTrue(touched.await(5, TimeUnit.MINUTES), "the worker wrote to its memory");
        final Map<String, Long> after = ThreadCpu.readFaults();
        read.countDown();
        worker.join();
        assertFalse(before.containsKey("fault-worker-#"));
        assertTrue(after.getOrDefault("fault-worker-#", 0L) >= PAGES / 2, "pages faulted in by the worker: " + after);
        assertTrue(ThreadCpu.describeCounts(before, after, 1).contains("fault-worker-# "), ThreadCpu.describeCounts(before, after, 1));
        assertEquals("none", ThreadCpu.describeCounts(Map.of(), Map.of(), 1));
    }

    /** The server's process is told from its children; a child without a PostgreSQL title is "other". */
    @Test
    void readsAServerProcessAndItsChildrenByKind() throws IOException, InterruptedException {
        final Process child = new ProcessBuilder("sleep", "30").start();
        try {
            final Map<String, Long> ticks = ThreadCpu.readServer(ProcessHandle.current().pid());
            assertTrue(ticks.containsKey("postmaster"), "this process: " + ticks);
            assertTrue(ticks.get("postmaster") > 0, "this process used CPU: " + ticks);
            assertTrue(ticks.containsKey("other"), "its child: " + ticks);
        } finally {
            child.destroy();
            child.waitFor();
        }
    }
}
