package dev.nificrm.benchmarks;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadCpuTest {

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
}
