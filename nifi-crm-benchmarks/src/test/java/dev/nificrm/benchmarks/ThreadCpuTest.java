package dev.nificrm.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadCpuTest {

    @Test
    void groupsThreadsWithoutTheirDigitsAndCountsTheirTicks() throws InterruptedException {
        final Thread worker = new Thread(() -> {
            final long until = System.nanoTime() + 200_000_000L;
            long spin = 0;
            while (System.nanoTime() < until) {
                spin++;
            }
            assertTrue(spin > 0);
        }, "cpu-worker-7");
        worker.start();
        Thread.sleep(150);
        final Map<String, Long> ticks = ThreadCpu.read();
        worker.join();
        assertTrue(ticks.containsKey("cpu-worker-#"), "the spinning thread, digits taken out: " + ticks.keySet());
        assertTrue(ticks.get("cpu-worker-#") >= 5, "150 ms of spinning is at least 5 ticks of 10 ms: " + ticks);
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
