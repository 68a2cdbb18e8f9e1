package dev.nificrm.systemtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The thread report a sync test's failure message carries when a flow stays busy: a real {@code jcmd} dump of a JVM
 * (this one) whose threads are named as NiFi names its scheduling and lifecycle threads.
 */
class NiFiThreadReportTest {

    @Test
    void aHungSchedulingThreadIsReportedWithItsFramesAndIdlePoolThreadsAreNot(@TempDir final Path dir) throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch hung = new CountDownLatch(1);
        final Thread task = new Thread(() -> {
            hung.countDown();
            try {
                release.await();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "Timer-Driven Process Thread-7");
        final ScheduledExecutorService lifecycle = new ScheduledThreadPoolExecutor(1, runnable -> new Thread(runnable, "Component Lifecycle-1"));
        try {
            task.start();
            lifecycle.schedule(() -> { }, 1, TimeUnit.HOURS);
            lifecycle.submit(() -> { }).get();
            hung.await();
            final Path dump = dir.resolve("threads.txt");

            final String report = NiFiServer.threadReport(ProcessHandle.current().pid(), dump);

            assertTrue(report.contains("\"Timer-Driven Process Thread-7\""), report);
            assertTrue(report.contains("CountDownLatch.await"), "the hung thread's frames: " + report);
            assertFalse(report.contains("Component Lifecycle-1"), "a pool thread waiting for work is no news: " + report);
            assertTrue(Files.readString(dump).contains("Component Lifecycle-1"), "the whole dump is kept");
        } finally {
            release.countDown();
            lifecycle.shutdownNow();
            task.join();
        }
    }
}
