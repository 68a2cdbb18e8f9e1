package dev.nificrm.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/** An entity store that keeps every change handed to {@link #write} before passing it on to the store it wraps. */
final class RecordingEntityStore implements EntityStore {
    private final EntityStore store;
    private final List<ChangeSet> written = new ArrayList<>();

    RecordingEntityStore(final EntityStore store) {
        this.store = store;
    }

    /** The changes written since the last call, oldest first. */
    List<ChangeSet> drain() {
        final List<ChangeSet> changes = List.copyOf(written);
        written.clear();
        return changes;
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public long readMark() {
        return store.readMark();
    }

    @Override
    public long keyMark() {
        return store.keyMark();
    }

    @Override
    public int layout(final List<String> fieldNames) {
        return store.layout(fieldNames);
    }

    @Override
    public Map<String, RuleGeneration> blockingRules() {
        return store.blockingRules();
    }

    @Override
    public boolean keyLogCompactionDue() {
        return store.keyLogCompactionDue();
    }

    @Override
    public KeyLogCompaction compactKeyLog(final boolean onlyWhenDue) {
        return store.compactKeyLog(onlyWhenDue);
    }

    @Override
    public RuleKeying keyRules(final List<String> fieldNames, final List<String> ruleNames, final RuleKeying.Keyer keyer) {
        return store.keyRules(fieldNames, ruleNames, keyer);
    }

    @Override
    public Map<SourceKey, StoredMember> findMembers(final Collection<SourceKey> sources, final List<String> fieldNames) {
        return store.findMembers(sources, fieldNames);
    }

    @Override
    public StoredMember[] findMembersById(final long[] memberIds, final List<String> fieldNames) {
        return store.findMembersById(memberIds, fieldNames);
    }

    @Override
    public Map<String, List<StoredMember>> findEntityMembers(final Collection<String> goldenIds, final List<String> fieldNames) {
        return store.findEntityMembers(goldenIds, fieldNames);
    }

    @Override
    public KeyEntry[] findKeys(final long[] hashes) {
        return store.findKeys(hashes);
    }

    @Override
    public long[][] findBlockMembers(final long[] hashes) {
        return store.findBlockMembers(hashes);
    }

    @Override
    public Map<String, StoredEntity> findEntities(final Collection<String> goldenIds) {
        return store.findEntities(goldenIds);
    }

    @Override
    public Set<EntityPair> findKeptApart(final Collection<String> goldenIds) {
        return store.findKeptApart(goldenIds);
    }

    @Override
    public Map<String, Map<String, String>> crossReferences(final Collection<String> goldenIds) {
        return store.crossReferences(goldenIds);
    }

    @Override
    public Optional<String> liveGoldenId(final String goldenId) {
        return store.liveGoldenId(goldenId);
    }

    @Override
    public Optional<String> currentGoldenId(final String goldenId) {
        return store.currentGoldenId(goldenId);
    }

    @Override
    public Set<String> erased(final Collection<String> goldenIds) {
        return store.erased(goldenIds);
    }

    @Override
    public Map<String, Snapshot> findSnapshots(final String system, final Collection<String> goldenIds) {
        return store.findSnapshots(system, goldenIds);
    }

    @Override
    public SystemCoverage coverage(final String first, final String second, final int listLimit) {
        return store.coverage(first, second, listLimit);
    }

    @Override
    public void forEachMember(final String system, final BiConsumer<String, String> visitor) {
        store.forEachMember(system, visitor);
    }

    @Override
    public List<HistoryEvent> history(final String goldenId) {
        return store.history(goldenId);
    }

    @Override
    public OpenWrite write(final ChangeSet changes) throws StoreConflictException {
        written.add(changes);
        return store.write(changes);
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
}
