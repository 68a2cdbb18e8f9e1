package dev.nificrm.merge;

import dev.nificrm.store.ChangeSet;
import dev.nificrm.store.EntityPair;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.HistoryEvent;
import dev.nificrm.store.KeyEntry;
import dev.nificrm.store.PendingWrite;
import dev.nificrm.store.Snapshot;
import dev.nificrm.store.SourceKey;
import dev.nificrm.store.StoreConflictException;
import dev.nificrm.store.StoreStatistics;
import dev.nificrm.store.StoredEntity;
import dev.nificrm.store.StoredMember;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A real entity store passed through, so a test can make something happen between a read and a write. */
class DelegatingStore implements EntityStore {
    private final EntityStore store;

    DelegatingStore(final EntityStore store) {
        this.store = store;
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
    public int layout(final List<String> fieldNames) {
        return store.layout(fieldNames);
    }

    @Override
    public Map<SourceKey, StoredMember> findMembers(final Collection<SourceKey> sources, final List<String> fieldNames) {
        return store.findMembers(sources, fieldNames);
    }

    @Override
    public Map<Long, StoredMember> findMembersById(final long[] memberIds, final List<String> fieldNames) {
        return store.findMembersById(memberIds, fieldNames);
    }

    @Override
    public Map<Long, KeyEntry> findKeys(final long[] hashes) {
        return store.findKeys(hashes);
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
    public Map<String, Snapshot> findSnapshots(final String system, final Collection<String> goldenIds) {
        return store.findSnapshots(system, goldenIds);
    }

    @Override
    public List<HistoryEvent> history(final String goldenId) {
        return store.history(goldenId);
    }

    @Override
    public PendingWrite write(final ChangeSet changes) throws StoreConflictException {
        return store.write(changes);
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
