package dev.nificrm.merge;

import dev.nificrm.store.ChangeSet;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.EntityStoreException;
import dev.nificrm.store.EventKind;
import dev.nificrm.store.OpenWrite;
import dev.nificrm.store.OptimisticRetry;
import dev.nificrm.store.PendingWrite;
import dev.nificrm.store.Snapshot;
import dev.nificrm.store.SourceKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs the {@link ThreeWayMerge} for the records of one FlowFile against the entity store: reads the snapshots of
 * every customer in the source systems and the target, decides record by record (a customer seen twice sees its first
 * decision), and writes every changed snapshot pending, each naming the version it read. A FlowFile is decided in
 * parts ({@link #begin}): the first part reads without holding anything and writes its change (when another writer
 * changed a snapshot in between, the store refuses it and the part is read and decided again); the later parts read
 * through that write, which holds the writers' turn, and write into it. So the heap holds one part at a time, and the
 * caller commits or rolls back the one {@link Sync#pendingWrite()} with its NiFi session.
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
     * Decides every input (null entries are skipped and get a null decision) for the target system, in one part.
     *
     * @param now the time of the decisions, epoch milliseconds
     * @throws EntityStoreException when the store cannot be read or written, or stayed busy through every attempt
     * @throws IllegalArgumentException when a stored snapshot cannot be read
     */
    public SyncResolution resolve(final List<SyncInput> inputs, final String target, final long now) {
        final Sync sync = begin(target, now);
        final List<SyncDecision> decisions = sync.decide(inputs);
        return new SyncResolution(decisions, sync.erased(), sync.pendingWrite(), sync.attempts());
    }

    /** Starts deciding a FlowFile's records for the target system, part by part. */
    public Sync begin(final String target, final long now) {
        return new Sync(target, now);
    }

    /** The decisions of one FlowFile, made part by part into one pending write. */
    public final class Sync {
        private final String target;
        private final long now;
        private final Set<String> erased = new LinkedHashSet<>();
        /** The snapshots the FlowFile's earlier parts changed (written into its open write): decided in this batch. */
        private final Set<Key> decided = new HashSet<>();
        private OpenWrite open;
        private int attempts;

        private Sync(final String target, final long now) {
            this.target = target;
            this.now = now;
        }

        /**
         * Decides the next part of the FlowFile's inputs (null entries are skipped and get a null decision, as do
         * inputs of a customer erased on request) and writes the snapshots it changes into the FlowFile's write.
         *
         * @throws EntityStoreException when the store cannot be read or written, or stayed busy through every attempt
         * @throws IllegalArgumentException when a stored snapshot cannot be read
         */
        public List<SyncDecision> decide(final List<SyncInput> inputs) {
            if (open != null) {
                // holding the writers' turn: nobody else writes, and reads through the write see the earlier parts
                final Attempt planned = new Attempt(inputs, open::findSnapshots, open::erased, -1);
                if (!planned.changes.isEmpty()) {
                    open.write(planned.changes);
                }
                decided.addAll(planned.changed);
                erased.addAll(planned.erased);
                return planned.decisions;
            }
            return OptimisticRetry.run("the same customers' snapshots", attempt -> {
                attempts = Math.max(attempts, attempt);
                final Attempt planned = new Attempt(inputs, store::findSnapshots, store::erased, store.readMark());
                if (!planned.changes.isEmpty()) {
                    open = store.write(planned.changes);
                }
                decided.addAll(planned.changed);
                erased.addAll(planned.erased);
                return planned.decisions;
            });
        }

        /** Whether the snapshot was changed by an earlier decision of this FlowFile: in this part, or an earlier part. */
        private boolean decidedHere(final Map<Key, Stored> changedInThisPart, final Key key) {
            return changedInThisPart.containsKey(key) || decided.contains(key);
        }

        /** The golden ids of the inputs so far whose customer was erased on request: their records are not synced. */
        public Set<String> erased() {
            return Collections.unmodifiableSet(erased);
        }

        /** The FlowFile's pending write, to commit or roll back with the NiFi session (nothing to do when nothing changed). */
        public PendingWrite pendingWrite() {
            return open == null ? NOTHING_TO_WRITE : open;
        }

        /** The most attempts a part took (more than one when a concurrent writer changed a snapshot the first part read). */
        public int attempts() {
            return attempts;
        }

        /** One read-decide attempt of a part. */
        private final class Attempt {
            private final List<SyncDecision> decisions = new ArrayList<>();
            private final ChangeSet changes;
            private final Set<String> erased;
            /** The snapshots this part changed. */
            private final Set<Key> changed;

            private Attempt(final List<SyncInput> inputs, final SnapshotSource snapshotSource, final Function<Collection<String>, Set<String>> erasedSource,
                            final long readMark) {
                changes = new ChangeSet(-1, readMark);
                final Map<String, Set<String>> goldenIdsBySystem = new LinkedHashMap<>();
                for (final SyncInput input : inputs) {
                    if (input != null) {
                        goldenIdsBySystem.computeIfAbsent(input.system(), system -> new LinkedHashSet<>()).add(input.goldenId());
                        goldenIdsBySystem.computeIfAbsent(target, system -> new LinkedHashSet<>()).add(input.goldenId());
                    }
                }
                // a record matched before its customer was erased: syncing it would write the person's data again
                erased = erasedSource.apply(goldenIdsBySystem.getOrDefault(target, Set.of()));
                final Map<Key, Stored> snapshots = new HashMap<>();
                for (final Map.Entry<String, Set<String>> system : goldenIdsBySystem.entrySet()) {
                    for (final Snapshot snapshot : snapshotSource.find(system.getKey(), system.getValue()).values()) {
                        snapshots.put(new Key(snapshot.goldenId(), snapshot.system()), new Stored(parse(snapshot), snapshot.version()));
                    }
                }
                final Map<Key, Stored> changed = new LinkedHashMap<>();
                this.changed = changed.keySet();
                // the second rows routed to conflict in this part, by customer and row: the record's index
                final Map<Row, Integer> routedRows = new HashMap<>();
                // the rows deleted in this part: the last index of each one's tombstone
                final Map<Row, Integer> deletedRows = new HashMap<>();
                for (int i = 0; i < inputs.size(); i++) {
                    final SyncInput input = inputs.get(i);
                    if (input != null && input.row() != null && input.state().deleted()) {
                        deletedRows.put(new Row(new Key(input.goldenId(), input.system()), input.row()), i);
                    }
                }
                for (final SyncInput input : inputs) {
                    if (input == null || erased.contains(input.goldenId())) {
                        decisions.add(null);
                        continue;
                    }
                    final Key sourceKey = new Key(input.goldenId(), input.system());
                    final Key targetKey = new Key(input.goldenId(), target);
                    final Stored source = snapshots.get(sourceKey);
                    final Stored destination = snapshots.get(targetKey);
                    // (a snapshot an earlier decision of this FlowFile changed: a write-back on its way in it was decided here,
                    // so a copy of the record it was decided from gets no second one; one another FlowFile decided at the
                    // same millisecond does)
                    SyncDecision decision = merge.decide(input, target, source == null ? null : source.snapshot(),
                            destination == null ? null : destination.snapshot(), now, decidedHere(changed, sourceKey));
                    final Integer keptDeleted = decision.handedOverTo() == null ? null : deletedRows.get(new Row(sourceKey, decision.handedOverTo()));
                    if (keptDeleted != null && keptDeleted > decisions.size()) {
                        // the row it is handed over to is deleted further on in this part: that tombstone decides the
                        // customer's deletion; this one only moves the snapshot there, and tells a person nothing
                        decision = new SyncDecision(SyncDecision.Outcome.UNCHANGED, false, null, false, List.of(), null, Map.of(),
                                decision.sourceSnapshot(), decision.targetSnapshot());
                    }
                    decisions.add(decision);
                    if (decision.duplicateDeleted() != null) {
                        changes.record(EventKind.DUPLICATE_DELETED, input.goldenId(), null, new SourceKey(input.system(), decision.duplicateDeleted()),
                                null, "duplicate the sync created while " + input.system() + " restored the customer's row "
                                        + decision.sourceSnapshot().row() + "; the customer syncs through that row");
                    }
                    keep(snapshots, changed, sourceKey, source, decision.sourceSnapshot());
                    keep(snapshots, changed, targetKey, destination, decision.targetSnapshot());
                    if (input.row() != null) {
                        final Row row = new Row(sourceKey, input.row());
                        if (isSecondRow(input, decision)) {
                            routedRows.put(row, decisions.size() - 1);
                        } else {
                            routedRows.remove(row);
                        }
                    }
                    final Integer kept = decision.handedOverTo() == null ? null : routedRows.remove(new Row(sourceKey, decision.handedOverTo()));
                    if (kept != null) {
                        // the row kept was read just before, in this part: its values are the customer's now, merged at once
                        final Stored keptSource = snapshots.get(sourceKey);
                        final Stored keptTarget = snapshots.get(targetKey);
                        final SyncDecision again = merge.decide(inputs.get(kept), target, keptSource.snapshot(),
                                keptTarget == null ? null : keptTarget.snapshot(), now, decidedHere(changed, sourceKey));
                        decisions.set(kept, again);
                        keep(snapshots, changed, sourceKey, keptSource, again.sourceSnapshot());
                        keep(snapshots, changed, targetKey, keptTarget, again.targetSnapshot());
                    }
                }
                for (final Map.Entry<Key, Stored> entry : changed.entrySet()) {
                    stampWriteVersion(snapshots, changed, entry, now);
                    changes.putSnapshot(entry.getKey().goldenId(), entry.getKey().system(), entry.getValue().snapshot().toJson(),
                            entry.getValue().version());
                }
                // every decision carries the versions and rows its customer's snapshots have once the part's write is committed
                for (int i = 0; i < decisions.size(); i++) {
                    final SyncDecision decision = decisions.get(i);
                    if (decision != null) {
                        final SyncInput input = inputs.get(i);
                        final Key sourceKey = new Key(input.goldenId(), input.system());
                        final Key targetKey = new Key(input.goldenId(), target);
                        decisions.set(i, decision.withSnapshots(versionAfter(snapshots, changed, sourceKey), versionAfter(snapshots, changed, targetKey),
                                rowAfter(snapshots, sourceKey), rowAfter(snapshots, targetKey)));
                    }
                }
            }
        }
    }

    /** Whether the decision routed the record to conflict as a second row of its customer in its system. */
    private static boolean isSecondRow(final SyncInput input, final SyncDecision decision) {
        final SyncSnapshot after = decision.sourceSnapshot();
        return decision.outcome() == SyncDecision.Outcome.CONFLICT && after != null && !input.row().equals(after.row())
                && after.secondRows().containsKey(input.row());
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

    /**
     * A write of the sync decided in this part (at the given time, its version not known yet) carries the version its snapshot
     * has once the part's write commits, the one its records carry (the Sync Version Field): its identity, which a row
     * keeping it gives back (see {@link SyncSnapshot#writeVersion}).
     */
    private static void stampWriteVersion(final Map<Key, Stored> snapshots, final Map<Key, Stored> changed, final Map.Entry<Key, Stored> entry,
                                          final long now) {
        final SyncSnapshot snapshot = entry.getValue().snapshot();
        if (snapshot.isWritten() && snapshot.written() == now && snapshot.writeVersion() == SyncSnapshot.NO_VERSION) {
            entry.setValue(new Stored(snapshot.withWriteVersion(versionAfter(snapshots, changed, entry.getKey())), entry.getValue().version()));
            snapshots.put(entry.getKey(), entry.getValue());
        }
    }

    /** The version a snapshot has after the write: one more than the version read when the write changes it (a new one is 1). */
    private static long versionAfter(final Map<Key, Stored> snapshots, final Map<Key, Stored> changed, final Key key) {
        final Stored stored = snapshots.get(key);
        final long read = stored == null ? 0 : stored.version();
        return changed.containsKey(key) ? read + 1 : read;
    }

    /** The row a snapshot stands for after the write (null: none known). */
    private static String rowAfter(final Map<Key, Stored> snapshots, final Key key) {
        final Stored stored = snapshots.get(key);
        return stored == null ? null : stored.snapshot().row();
    }

    private static SyncSnapshot parse(final Snapshot snapshot) {
        try {
            return SyncSnapshot.parse(snapshot.content());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("The snapshot of " + snapshot.goldenId() + " in " + snapshot.system()
                    + " cannot be read (" + e.getMessage() + "); it was not written by this version of MergeCRMRecord", e);
        }
    }

    /** Where a part reads snapshots: the store, or the FlowFile's open write. */
    @FunctionalInterface
    private interface SnapshotSource {
        Map<String, Snapshot> find(String system, Collection<String> goldenIds);
    }

    /** A row of a customer in a system. */
    private record Row(Key customer, String id) {
    }

    private record Key(String goldenId, String system) {
    }

    private record Stored(SyncSnapshot snapshot, long version) {
    }
}
