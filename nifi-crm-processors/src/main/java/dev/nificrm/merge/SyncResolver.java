package dev.nificrm.merge;

import dev.nificrm.store.ChangeSet;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.EntityStoreException;
import dev.nificrm.store.OptimisticRetry;
import dev.nificrm.store.PendingWrite;
import dev.nificrm.store.Snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the {@link ThreeWayMerge} for the records of one FlowFile against the entity store: reads the snapshots of
 * every customer in the source systems and the target in one go, decides record by record (a customer seen twice sees
 * its first decision), and writes every changed snapshot in one pending change, each naming the version it read. When
 * another writer changed a snapshot in between, the store refuses the change and everything is read and decided again.
 * The caller commits or rolls back {@link SyncResolution#pendingWrite()} with its NiFi session.
 */
public final class SyncResolver {
    private static final PendingWrite NOTHING_TO_WRITE = new PendingWrite() {
        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }
    };

    private final ThreeWayMerge merge;
    private final EntityStore store;

    public SyncResolver(final ThreeWayMerge merge, final EntityStore store) {
        this.merge = merge;
        this.store = store;
    }

    /**
     * Decides every input (null entries are skipped and get a null decision) for the target system.
     *
     * @param now the time of the decisions, epoch milliseconds
     * @throws EntityStoreException when the store cannot be read or written, or stayed busy through every attempt
     * @throws IllegalArgumentException when a stored snapshot cannot be read
     */
    public SyncResolution resolve(final List<SyncInput> inputs, final String target, final long now) {
        return OptimisticRetry.run("the same customers' snapshots", attempt -> {
            final Attempt planned = new Attempt(inputs, target, now);
            final PendingWrite write = planned.changes.isEmpty() ? NOTHING_TO_WRITE : store.write(planned.changes);
            return new SyncResolution(planned.decisions, planned.erased, write, attempt);
        });
    }

    /** One read-decide-write attempt. */
    private final class Attempt {
        private final List<SyncDecision> decisions = new ArrayList<>();
        private final ChangeSet changes;
        private final Set<String> erased;

        private Attempt(final List<SyncInput> inputs, final String target, final long now) {
            changes = new ChangeSet(-1, store.readMark());
            final Map<String, Set<String>> goldenIdsBySystem = new LinkedHashMap<>();
            for (final SyncInput input : inputs) {
                if (input != null) {
                    goldenIdsBySystem.computeIfAbsent(input.system(), system -> new LinkedHashSet<>()).add(input.goldenId());
                    goldenIdsBySystem.computeIfAbsent(target, system -> new LinkedHashSet<>()).add(input.goldenId());
                }
            }
            // a record matched before its customer was erased: syncing it would write the person's data again
            erased = store.erased(goldenIdsBySystem.getOrDefault(target, Set.of()));
            final Map<Key, Stored> snapshots = new HashMap<>();
            for (final Map.Entry<String, Set<String>> system : goldenIdsBySystem.entrySet()) {
                for (final Snapshot snapshot : store.findSnapshots(system.getKey(), system.getValue()).values()) {
                    snapshots.put(new Key(snapshot.goldenId(), snapshot.system()), new Stored(parse(snapshot), snapshot.version()));
                }
            }
            final Map<Key, Stored> changed = new LinkedHashMap<>();
            for (final SyncInput input : inputs) {
                if (input == null || erased.contains(input.goldenId())) {
                    decisions.add(null);
                    continue;
                }
                final Key sourceKey = new Key(input.goldenId(), input.system());
                final Key targetKey = new Key(input.goldenId(), target);
                final Stored source = snapshots.get(sourceKey);
                final Stored destination = snapshots.get(targetKey);
                final SyncDecision decision = merge.decide(input, target, source == null ? null : source.snapshot(),
                        destination == null ? null : destination.snapshot(), now);
                decisions.add(decision);
                keep(snapshots, changed, sourceKey, source, decision.sourceSnapshot());
                keep(snapshots, changed, targetKey, destination, decision.targetSnapshot());
            }
            for (final Map.Entry<Key, Stored> entry : changed.entrySet()) {
                changes.putSnapshot(entry.getKey().goldenId(), entry.getKey().system(), entry.getValue().snapshot().toJson(), entry.getValue().version());
            }
        }

        private static void keep(final Map<Key, Stored> snapshots, final Map<Key, Stored> changed, final Key key, final Stored before,
                                 final SyncSnapshot after) {
            if (after == null) {
                return;
            }
            // the version stays the one read from the store: that is what the write is verified against
            final Stored kept = new Stored(after, before == null ? 0 : before.version());
            snapshots.put(key, kept);
            changed.put(key, kept);
        }

        private static SyncSnapshot parse(final Snapshot snapshot) {
            try {
                return SyncSnapshot.parse(snapshot.content());
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("The snapshot of " + snapshot.goldenId() + " in " + snapshot.system()
                        + " cannot be read (" + e.getMessage() + "); it was not written by this version of MergeCRMRecord", e);
            }
        }
    }

    private record Key(String goldenId, String system) {
    }

    private record Stored(SyncSnapshot snapshot, long version) {
    }
}
