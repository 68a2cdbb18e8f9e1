package dev.nificrm.benchmarks;

import dev.nificrm.store.ChangeSet;
import dev.nificrm.store.EntityPair;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.Erasure;
import dev.nificrm.store.HistoryEvent;
import dev.nificrm.store.KeyEntry;
import dev.nificrm.store.KeyLogCompaction;
import dev.nificrm.store.OpenWrite;
import dev.nificrm.store.RuleGeneration;
import dev.nificrm.store.RuleKeying;
import dev.nificrm.store.Snapshot;
import dev.nificrm.store.SourceKey;
import dev.nificrm.store.StoreConflictException;
import dev.nificrm.store.StoreStatistics;
import dev.nificrm.store.StoredEntity;
import dev.nificrm.store.StoredMember;
import dev.nificrm.store.SystemCoverage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * An entity store that measures the wall time its caller spends in each of its operations, so a benchmark can say how a
 * batch's time divides between the store's reads (by kind and by the caller's step: blocks, term frequencies, the
 * cross-reference...), its write and its commit, and the matching in memory (the rest). Each read is labelled with the
 * method that called it, e.g. {@code findKeys ← EntityResolver$Attempt.termFrequencies}. Meant for one thread at a time,
 * as the resolver uses a store.
 */
final class TimedEntityStore implements EntityStore {
    /** The label of {@link #write}. */
    static final String WRITE = "write";
    /** The label of a pending write's commit. */
    static final String COMMIT = "commit";

    private static final StackWalker CALLERS = StackWalker.getInstance();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final EntityStore store;
    private final Map<String, Timing> timings = new TreeMap<>();
    /** The CPU time of the calling threads inside the store's reads and writes (not commits). */
    private long cpuNanos;

    TimedEntityStore(final EntityStore store) {
        this.store = store;
    }

    /** The CPU time the calling threads spent inside reads and writes since the last call, and starts afresh. */
    synchronized long drainCpuNanos() {
        final long drained = cpuNanos;
        cpuNanos = 0;
        return drained;
    }

    /** The time spent per operation since the last call, and starts afresh. */
    synchronized Map<String, Timing> drain() {
        final Map<String, Timing> drained = new TreeMap<>(timings);
        timings.clear();
        return drained;
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public long readMark() {
        return timed("readMark", store::readMark);
    }

    @Override
    public long keyMark() {
        return timed("keyMark", store::keyMark);
    }

    @Override
    public int layout(final List<String> fieldNames) {
        return timed("layout", () -> store.layout(fieldNames));
    }

    @Override
    public Map<String, RuleGeneration> blockingRules() {
        return timed("blockingRules", store::blockingRules);
    }

    @Override
    public boolean keyLogCompactionDue() {
        return store.keyLogCompactionDue();
    }

    @Override
    public KeyLogCompaction compactKeyLog(final boolean onlyWhenDue) {
        return timed("compactKeyLog", () -> store.compactKeyLog(onlyWhenDue));
    }

    @Override
    public RuleKeying keyRules(final List<String> fieldNames, final List<String> ruleNames, final RuleKeying.Keyer keyer) {
        return timed("keyRules", () -> store.keyRules(fieldNames, ruleNames, keyer));
    }

    @Override
    public Map<SourceKey, StoredMember> findMembers(final Collection<SourceKey> sources, final List<String> fieldNames) {
        return timed("findMembers", () -> store.findMembers(sources, fieldNames));
    }

    @Override
    public StoredMember[] findMembersById(final long[] memberIds, final List<String> fieldNames) {
        return timed("findMembersById", () -> store.findMembersById(memberIds, fieldNames));
    }

    @Override
    public Map<String, List<StoredMember>> findEntityMembers(final Collection<String> goldenIds, final List<String> fieldNames) {
        return timed("findEntityMembers", () -> store.findEntityMembers(goldenIds, fieldNames));
    }

    @Override
    public KeyEntry[] findKeys(final long[] hashes) {
        return timed("findKeys", () -> store.findKeys(hashes));
    }

    @Override
    public long[][] findBlockMembers(final long[] hashes) {
        return timed("findBlockMembers", () -> store.findBlockMembers(hashes));
    }

    @Override
    public long[] findOldestBlockMembers(final long[] hashes) {
        return timed("findOldestBlockMembers", () -> store.findOldestBlockMembers(hashes));
    }

    @Override
    public Map<String, StoredEntity> findEntities(final Collection<String> goldenIds) {
        return timed("findEntities", () -> store.findEntities(goldenIds));
    }

    @Override
    public Set<EntityPair> findKeptApart(final Collection<String> goldenIds) {
        return timed("findKeptApart", () -> store.findKeptApart(goldenIds));
    }

    @Override
    public Map<String, Map<String, String>> crossReferences(final Collection<String> goldenIds) {
        return timed("crossReferences", () -> store.crossReferences(goldenIds));
    }

    @Override
    public Optional<String> liveGoldenId(final String goldenId) {
        return timed("liveGoldenId", () -> store.liveGoldenId(goldenId));
    }

    @Override
    public Optional<String> currentGoldenId(final String goldenId) {
        return timed("currentGoldenId", () -> store.currentGoldenId(goldenId));
    }

    @Override
    public Set<String> erased(final Collection<String> goldenIds) {
        return timed("erased", () -> store.erased(goldenIds));
    }

    @Override
    public Map<String, Snapshot> findSnapshots(final String system, final Collection<String> goldenIds) {
        return timed("findSnapshots", () -> store.findSnapshots(system, goldenIds));
    }

    @Override
    public SystemCoverage coverage(final String first, final String second, final int listLimit) {
        return timed("coverage", () -> store.coverage(first, second, listLimit));
    }

    @Override
    public void forEachMember(final String system, final BiConsumer<String, String> visitor) {
        final long start = System.nanoTime();
        try {
            store.forEachMember(system, visitor);
        } finally {
            add("forEachMember", System.nanoTime() - start, -1);
        }
    }

    @Override
    public List<HistoryEvent> history(final String goldenId) {
        return timed("history", () -> store.history(goldenId));
    }

    @Override
    public OpenWrite write(final ChangeSet changes) throws StoreConflictException {
        final long start = System.nanoTime();
        final long cpu = THREADS.getCurrentThreadCpuTime();
        try {
            return new TimedPendingWrite(store.write(changes));
        } finally {
            add(WRITE, System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - cpu);
        }
    }

    @Override
    public Erasure erase(final Collection<String> goldenIds, final boolean compactKeyLog) throws StoreConflictException {
        return store.erase(goldenIds, compactKeyLog);
    }

    @Override
    public Map<List<String>, Long> membersByLayout() {
        return store.membersByLayout();
    }

    @Override
    public boolean claimSignature(final byte[] digest, final long expiresAtMillis, final long nowMillis) {
        return store.claimSignature(digest, expiresAtMillis, nowMillis);
    }

    @Override
    public void releaseSignature(final byte[] digest) {
        store.releaseSignature(digest);
    }

    @Override
    public StoreStatistics statistics() {
        return store.statistics();
    }

    @Override
    public void close() {
        store.close();
    }

    private <T> T timed(final String operation, final Supplier<T> call) {
        final String label = operation + " ← " + caller();
        final long start = System.nanoTime();
        final long cpu = THREADS.getCurrentThreadCpuTime();
        try {
            return call.get();
        } finally {
            add(label, System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - cpu);
        }
    }

    /** The method that called this store (the first frame outside it), e.g. {@code EntityResolver$Attempt.population}. */
    private static String caller() {
        return CALLERS.walk(frames -> frames.filter(frame -> !frame.getClassName().equals(TimedEntityStore.class.getName()))
                .findFirst()
                .map(frame -> frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "." + frame.getMethodName())
                .orElse("?"));
    }

    private synchronized void timedCommit(final long nanos, final long cpu) {
        timings.computeIfAbsent(COMMIT, key -> new Timing()).add(nanos, cpu);
    }

    /** Counts a call: its time and, unless -1, the CPU time of the calling thread (subtracted from the matching's). */
    private synchronized void add(final String label, final long nanos, final long cpu) {
        timings.computeIfAbsent(label, key -> new Timing()).add(nanos, Math.max(0, cpu));
        if (cpu > 0) {
            cpuNanos += cpu;
        }
    }

    /** The calls of one operation, the time they took and the CPU time of the threads that called. */
    static final class Timing {
        private long calls;
        private long nanos;
        private long cpuNanos;

        void add(final long elapsed, final long cpu) {
            calls++;
            nanos += elapsed;
            cpuNanos += cpu;
        }

        double cpuSeconds() {
            return cpuNanos / 1e9;
        }

        long calls() {
            return calls;
        }

        double seconds() {
            return nanos / 1e9;
        }
    }

    /** Measures the commit (and rollback) of a write. */
    private final class TimedPendingWrite implements OpenWrite {
        private final OpenWrite pending;

        private TimedPendingWrite(final OpenWrite pending) {
            this.pending = pending;
        }

        @Override
        public Map<String, Snapshot> findSnapshots(final String system, final Collection<String> goldenIds) {
            return timed("open findSnapshots", () -> pending.findSnapshots(system, goldenIds));
        }

        @Override
        public Set<String> erased(final Collection<String> goldenIds) {
            return timed("open erased", () -> pending.erased(goldenIds));
        }

        @Override
        public Map<SourceKey, StoredMember> findMembers(final Collection<SourceKey> sources, final List<String> fieldNames) {
            return timed("open findMembers", () -> pending.findMembers(sources, fieldNames));
        }

        @Override
        public StoredMember[] findMembersById(final long[] memberIds, final List<String> fieldNames) {
            return timed("open findMembersById", () -> pending.findMembersById(memberIds, fieldNames));
        }

        @Override
        public Map<String, List<StoredMember>> findEntityMembers(final Collection<String> goldenIds, final List<String> fieldNames) {
            return timed("open findEntityMembers", () -> pending.findEntityMembers(goldenIds, fieldNames));
        }

        @Override
        public KeyEntry[] findKeys(final long[] hashes) {
            return timed("open findKeys", () -> pending.findKeys(hashes));
        }

        @Override
        public long[][] findBlockMembers(final long[] hashes) {
            return timed("open findBlockMembers", () -> pending.findBlockMembers(hashes));
        }

        @Override
        public Map<String, StoredEntity> findEntities(final Collection<String> goldenIds) {
            return timed("open findEntities", () -> pending.findEntities(goldenIds));
        }

        @Override
        public Set<EntityPair> findKeptApart(final Collection<String> goldenIds) {
            return timed("open findKeptApart", () -> pending.findKeptApart(goldenIds));
        }

        @Override
        public Map<String, Map<String, String>> crossReferences(final Collection<String> goldenIds) {
            return timed("open crossReferences", () -> pending.crossReferences(goldenIds));
        }

        @Override
        public Optional<String> liveGoldenId(final String goldenId) {
            return timed("open liveGoldenId", () -> pending.liveGoldenId(goldenId));
        }

        @Override
        public Optional<String> currentGoldenId(final String goldenId) {
            return timed("open currentGoldenId", () -> pending.currentGoldenId(goldenId));
        }

        @Override
        public boolean createdMember(final long memberId) {
            return pending.createdMember(memberId);
        }

        @Override
        public void write(final ChangeSet changes) {
            timed("open write", () -> {
                pending.write(changes);
                return null;
            });
        }

        @Override
        public void commit() {
            final long start = System.nanoTime();
            final long cpu = THREADS.getCurrentThreadCpuTime();
            try {
                pending.commit();
            } finally {
                // after the resolving, so not subtracted from the matching's CPU
                timedCommit(System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - cpu);
            }
        }

        @Override
        public void rollback() {
            final long start = System.nanoTime();
            try {
                pending.rollback();
            } finally {
                add("rollback", System.nanoTime() - start, -1);
            }
        }
    }
}
