package dev.nificrm.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the heap during a run: the peak of used heap (from the heap size before every collection and a sampler
 * every few milliseconds, since used heap is largest just before a collection) and the largest live heap after a
 * collection (what the run really held at once).
 */
final class HeapMonitor implements AutoCloseable {
    /** Every 200 ms: the peak just before a collection comes from the collector's notification; at 5 ms the sampler took 0.1 s of CPU per batch. */
    private static final long SAMPLE_MILLIS = 200;

    private final Set<String> heapPools = new HashSet<>();
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakLive = new AtomicLong();
    private final NotificationListener listener = this::onNotification;
    private final Thread sampler;
    private volatile boolean running = true;

    HeapMonitor() {
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (final GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
            }
        }
        sampler = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
            while (running) {
                peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    /** Forgets the peaks seen so far (call after a System.gc() before the run to measure). */
    void reset() {
        final long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        peakUsed.set(used);
        peakLive.set(used);
    }

    long peakUsedBytes() {
        return Math.max(peakUsed.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    long peakLiveBytes() {
        return peakLive.get();
    }

    private void onNotification(final Notification notification, final Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        final GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        peakUsed.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
        peakLive.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
    }

    private long heapUsed(final Map<String, MemoryUsage> pools) {
        long used = 0;
        for (final Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        for (final GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (final ListenerNotFoundException e) {
                    // never added to this collector
                }
            }
        }
    }
}
