package dev.nificrm.reconcile;

import dev.nificrm.merge.MultiSelectFields;
import dev.nificrm.merge.SyncSnapshot;
import dev.nificrm.merge.SyncState;
import dev.nificrm.merge.Timestamps;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.GoldenIds;
import dev.nificrm.store.Snapshot;
import dev.nificrm.store.SourceKey;
import dev.nificrm.store.StoredEntity;
import dev.nificrm.store.StoredMember;
import dev.nificrm.store.SystemCoverage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares the records of a target system with the entity store and, through the store's snapshots, with the source:
 * each target record is looked up (by its id in the target, or by the golden id it carries), its compared fields are
 * checked against what the sync last wrote to the target and what it last read from the source, and at the end the
 * source's records in the store are walked to find the entities the target lacks (but those the sync's snapshot of the
 * source holds deleted: their absence is what the deletion asks for), each deleted there (the store's
 * cross-reference or the sync's snapshot of the target knows a record of it) or never written. One instance reconciles
 * one read of the target; records are looked up in batches, and only ids are held between them, never records. A record that could
 * not be read as configured ({@link TargetRecord#unreadable}) is counted as {@link RecordOutcome#FAILURE} and listed with
 * its reason; the entity it names, when known, is not missing in the target.
 * <p>
 * Compared fields: every top-level field of a snapshot whose name (normalised, see {@link FieldValues}) the target
 * record has too, except fields starting with {@code crm_} (the bundle's bookkeeping) and the ignored fields (system
 * timestamps, the target's own ids). Snapshots hold records in the layout MergeCRMRecord writes to the target.
 */
public final class Reconciler {
    private static final int BATCH_SIZE = 500;
    private static final String TARGET_SNAPSHOT = "target snapshot";
    private static final String SOURCE_SNAPSHOT = "source snapshot";
    private static final String DELETED_IN_TARGET = "deleted_in_target";
    private static final String NEVER_WRITTEN = "never_written";
    /** The hint of a field whose values hold the same options in another order: a multi-select not named as one. */
    public static final String OPTIONS_IN_ANOTHER_ORDER = "the same options in another order: name the field in Multi-Select Fields";
    /**
     * The hint of a field whose values hold the same options in the same order, spaced otherwise around the delimiter
     * ({@code Golf ; Tennis}, {@code Golf;Tennis}): a multi-select not named as one, whose options would be trimmed.
     */
    public static final String OPTIONS_SPACED_OTHERWISE = "the same options spaced otherwise around the delimiter: name the field in "
            + "Multi-Select Fields";

    /**
     * The hint of a field whose target value holds the expected digits without their leading zeros ({@code 2134} for
     * {@code 02134}): a reader typed the text as a number (a CSVReader inferring types), or the target stores it as one.
     */
    public static final String LEADING_ZEROS_LOST = "the same digits without their leading zeros: a reader typed the text as a number; read "
            + "it as text (a CSVReader with the header's string fields)";

    private final EntityStore store;
    private final Settings settings;
    private final List<TargetRecord> pending = new ArrayList<>(BATCH_SIZE);
    private final Map<RecordOutcome, Long> outcomes = new EnumMap<>(RecordOutcome.class);
    private final Map<String, Integer> listed = new HashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Set<String> seenEntities = new HashSet<>();
    /** The entities of target records that could not be read as configured: in the target, so not missing there. */
    private final Set<String> unreadEntities = new HashSet<>();
    private long targetRecords;
    private long duplicates;

    /**
     * @param store    the entity store the sync writes
     * @param settings the systems, how target records are linked, the ignored fields and how many findings to list
     */
    public Reconciler(final EntityStore store, final Settings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Adds a record read from the target, or one that could not be read as configured ({@link TargetRecord#unreadable}). */
    public void add(final TargetRecord record) {
        pending.add(record);
        targetRecords++;
        if (pending.size() >= BATCH_SIZE) {
            flush();
        }
    }

    /** Compares what is left, walks the source's records for the entities the target lacks, and reports. */
    public ReconciliationReport finish(final Conservation conservation) {
        flush();
        final Missing missing = findMissing();
        final SystemCoverage coverage = store.coverage(settings.sourceSystem(), settings.targetSystem(), settings.maximumListed());
        // linked by golden id, a target the sync only writes to has no record in the store: its 0 is no count of the target
        final boolean targetKnownToStore = settings.linkMode() == LinkMode.TARGET_ID || coverage.secondMembers() > 0;
        return new ReconciliationReport(settings.sourceSystem(), settings.targetSystem(), targetRecords, outcomes, duplicates,
                missing.total, missing.deleted, missing.total - missing.deleted, coverage, targetKnownToStore, findings, conservation);
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        final Map<TargetRecord, String> goldenIds = resolve(pending);
        final Set<String> entities = new LinkedHashSet<>(goldenIds.values());
        final Map<String, Map<String, String>> references = store.crossReferences(entities);
        final Map<String, Snapshot> written = store.findSnapshots(settings.targetSystem(), entities);
        final Map<String, Snapshot> read = store.findSnapshots(settings.sourceSystem(), entities);
        for (final TargetRecord record : pending) {
            classify(record, goldenIds.get(record), references, written, read);
        }
        pending.clear();
    }

    /** The golden id of each record the store knows; records it does not know (or without id) are absent. */
    private Map<TargetRecord, String> resolve(final List<TargetRecord> records) {
        final Map<TargetRecord, String> goldenIds = new HashMap<>();
        if (settings.linkMode() == LinkMode.TARGET_ID) {
            final Set<SourceKey> keys = new LinkedHashSet<>();
            for (final TargetRecord record : records) {
                if (record.linkId() != null) {
                    keys.add(new SourceKey(settings.targetSystem(), record.linkId()));
                }
            }
            final Map<SourceKey, StoredMember> members = store.findMembers(keys, List.of());
            for (final TargetRecord record : records) {
                final StoredMember member = record.linkId() == null ? null : members.get(new SourceKey(settings.targetSystem(), record.linkId()));
                if (member != null) {
                    goldenIds.put(record, member.goldenId());
                }
            }
            return goldenIds;
        }
        // a golden id in capitals or in braces (a uniqueidentifier or GUID column) is the golden id it spells
        final Set<String> carried = new LinkedHashSet<>();
        for (final TargetRecord record : records) {
            if (record.linkId() != null) {
                carried.add(GoldenIds.canonical(record.linkId()));
            }
        }
        final Map<String, StoredEntity> live = store.findEntities(carried);
        final Map<String, String> resolved = new HashMap<>();
        for (final String goldenId : carried) {
            // an id merged into another entity since the target was written stands for the survivor
            resolved.put(goldenId, live.containsKey(goldenId) ? goldenId : store.liveGoldenId(goldenId).orElse(null));
        }
        for (final TargetRecord record : records) {
            final String goldenId = record.linkId() == null ? null : resolved.get(GoldenIds.canonical(record.linkId()));
            if (goldenId != null) {
                goldenIds.put(record, goldenId);
            }
        }
        return goldenIds;
    }

    private void classify(final TargetRecord record, final String goldenId, final Map<String, Map<String, String>> references,
                          final Map<String, Snapshot> written, final Map<String, Snapshot> read) {
        if (record.failure() != null) {
            // the record is in the target, only not compared: its entity is not missing there, nor a duplicate of another record
            if (goldenId != null) {
                unreadEntities.add(goldenId);
            }
            outcomes.merge(RecordOutcome.FAILURE, 1L, Long::sum);
            list(RecordOutcome.FAILURE.key(), settings.linkMode() == LinkMode.TARGET_ID ? record.linkId() : null, goldenId, null, List.of(),
                    record.failure());
            return;
        }
        if (record.linkId() == null) {
            count(RecordOutcome.NO_ID, null, null, null, List.of());
            return;
        }
        final String targetId = settings.linkMode() == LinkMode.TARGET_ID ? record.linkId() : null;
        if (goldenId == null) {
            count(RecordOutcome.NOT_IN_STORE, record.linkId(), null, null, List.of());
            return;
        }
        if (!seenEntities.add(goldenId)) {
            duplicates++;
            list("duplicate_in_target", targetId, goldenId, null, List.of(), null);
        }
        final String sourceId = references.getOrDefault(goldenId, Map.of()).get(settings.sourceSystem());
        if (sourceId == null) {
            count(RecordOutcome.MISSING_IN_SOURCE, targetId, goldenId, null, List.of());
            return;
        }
        final SyncSnapshot targetSnapshot = parse(written.get(goldenId), TARGET_SNAPSHOT);
        final SyncSnapshot sourceSnapshot = settings.compareWithSource() ? parse(read.get(goldenId), SOURCE_SNAPSHOT) : null;
        if (targetSnapshot == null && sourceSnapshot == null) {
            count(RecordOutcome.UNVERIFIED, targetId, goldenId, sourceId, List.of());
            return;
        }
        // whether the record is there at all is compared first: a deletion's snapshot may keep the fields the record had
        final boolean deletedThere = targetSnapshot != null && targetSnapshot.state().deleted();
        final boolean deletedInSource = sourceSnapshot != null && sourceSnapshot.state().deleted();
        if (record.deleted() && deletedInSource) {
            // deleted on both sides: the sync, reading either deletion, has nothing to carry
            count(RecordOutcome.IN_SYNC, targetId, goldenId, sourceId, List.of());
            return;
        }
        if (targetSnapshot != null && deletedThere != record.deleted()) {
            count(RecordOutcome.DRIFTED, targetId, goldenId, sourceId, List.of(), deletedThere
                    ? "the sync's snapshot of it in " + settings.targetSystem() + " is a deletion: the sync deleted its record there or read it "
                    + "deleted, yet it is there, not marked deleted (the deletion did not land, or the record came back)"
                    : "it is marked deleted in " + settings.targetSystem() + ", where the sync's snapshot of it is not a deletion");
            return;
        }
        if (deletedThere) {
            // a deleted record as the sync left it: its fields are no one's values any more
            count(RecordOutcome.IN_SYNC, targetId, goldenId, sourceId, List.of());
            return;
        }
        if (deletedInSource) {
            // the customer is gone from the source: whatever the record's fields, it should not be there (or be marked deleted)
            count(RecordOutcome.OUT_OF_SYNC, targetId, goldenId, sourceId, List.of(), "the sync's snapshot of it in " + settings.sourceSystem()
                    + " is a deletion: the customer was deleted there, yet its record in " + settings.targetSystem() + " is there, not marked "
                    + "deleted (the deletion is not synced yet, or waits in conflict for a person, or the sync does not carry deletions)");
            return;
        }
        // the record's multi-selects read as the sync reads them: text spelling a value it knows whose option holds the delimiter is that value
        final TargetRecord asRead = readAgainstKnownValues(record, targetSnapshot, sourceSnapshot);
        if (seenAgain(asRead, targetSnapshot)) {
            // Sync Every Row: the customer's own row as the sync last read it, while the snapshot's state is a second row's whose
            // change synced since; the sync reads it as nothing new, and holds the snapshot's state for the customer there
            final Comparison pendingChanges = compare(kept(asRead, targetSnapshot), sourceSnapshot, SOURCE_SNAPSHOT);
            count(pendingChanges.differences().isEmpty() ? RecordOutcome.IN_SYNC : RecordOutcome.OUT_OF_SYNC, targetId, goldenId, sourceId,
                    pendingChanges.differences());
            return;
        }
        final Comparison drift = compare(asRead, targetSnapshot, TARGET_SNAPSHOT);
        if (!drift.differences().isEmpty()) {
            count(RecordOutcome.DRIFTED, targetId, goldenId, sourceId, drift.differences());
            return;
        }
        final Comparison pendingChanges = compare(asRead, sourceSnapshot, SOURCE_SNAPSHOT);
        if (!pendingChanges.differences().isEmpty()) {
            count(RecordOutcome.OUT_OF_SYNC, targetId, goldenId, sourceId, pendingChanges.differences());
            return;
        }
        // a snapshot that shares no field with the target record proves nothing
        count(drift.compared() + pendingChanges.compared() == 0 ? RecordOutcome.UNVERIFIED : RecordOutcome.IN_SYNC, targetId, goldenId, sourceId,
                List.of());
    }

    /** A stored snapshot as the sync reads it, or null for none. */
    private static SyncSnapshot parse(final Snapshot snapshot, final String comparedWith) {
        if (snapshot == null) {
            return null;
        }
        try {
            return SyncSnapshot.parse(snapshot.content());
        } catch (final IllegalArgumentException e) {
            throw new IllegalStateException("The " + comparedWith + " of entity " + snapshot.goldenId() + " is not a JSON object", e);
        }
    }

    /**
     * The record with each multi-select held as text read as MergeCRMRecord reads it ({@link MultiSelectFields#readAgainst}):
     * against what the sync knows of the field, in the target (the state, and before it) and then in the source. The sync's
     * write of {@code ["Golf","R;D"]} into a text field comes back as {@code Golf;R;D}, which text cannot tell from the options
     * Golf, R and D: the sync takes it for the value it wrote, and so does the reconciliation.
     */
    private TargetRecord readAgainstKnownValues(final TargetRecord record, final SyncSnapshot targetSnapshot, final SyncSnapshot sourceSnapshot) {
        if (settings.multiSelects().isEmpty()) {
            return record;
        }
        Map<String, TargetRecord.NamedValue> fields = null;
        for (final Map.Entry<String, TargetRecord.NamedValue> field : record.fields().entrySet()) {
            final String name = field.getKey();
            final String value = field.getValue().value();
            if (value == null || !settings.multiSelects().contains(name)) {
                continue;
            }
            final List<SyncState> known = new ArrayList<>(4);
            for (final SyncSnapshot snapshot : Arrays.asList(targetSnapshot, sourceSnapshot)) {
                if (snapshot != null) {
                    known.add(fieldOf(snapshot.state(), name));
                    known.add(fieldOf(snapshot.before(), name));
                }
            }
            final String read = settings.multiSelects().readAgainst(new SyncState(Map.of(name, value), false, Timestamps.NONE), known).value(name);
            if (!value.equals(read)) {
                if (fields == null) {
                    fields = new HashMap<>(record.fields());
                }
                fields.put(name, new TargetRecord.NamedValue(field.getValue().name(), read));
            }
        }
        return fields == null ? record : new TargetRecord(record.linkId(), fields, record.failure(), record.deleted());
    }

    /** The state's value of the field of the given normalised name, as a state of that field alone; null when it has none. */
    private static SyncState fieldOf(final SyncState state, final String name) {
        if (state == null) {
            return null;
        }
        for (final Map.Entry<String, String> field : state.fields().entrySet()) {
            if (field.getValue() != null && FieldValues.normalizeName(field.getKey()).equals(name)) {
                return new SyncState(Map.of(name, field.getValue()), false, Timestamps.NONE);
            }
        }
        return null;
    }

    /**
     * Whether the record is the customer's own row as the sync last read it ({@code crm_row_seen}), kept while the
     * snapshot's state is a second row's (Sync Every Row): its fingerprint, taken as MergeCRMRecord takes it of the fields
     * the snapshot holds, is the one kept. False when the record lacks a field the snapshot holds (no fingerprint to take).
     */
    private boolean seenAgain(final TargetRecord record, final SyncSnapshot snapshot) {
        if (snapshot == null || snapshot.rowSeen() == null) {
            return false;
        }
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final String field : snapshot.state().fields().keySet()) {
            final String name = FieldValues.normalizeName(field);
            final TargetRecord.NamedValue value = record.fields().get(name);
            if (value == null) {
                return false;
            }
            fields.put(field, settings.multiSelects().canonical(name, value.value()));
        }
        return snapshot.rowSeenAgain(new SyncState(fields, false, Timestamps.NONE));
    }

    /** The record as the sync holds it in the target: the snapshot's values of the fields the record has. */
    private static TargetRecord kept(final TargetRecord record, final SyncSnapshot snapshot) {
        final Map<String, TargetRecord.NamedValue> fields = new HashMap<>();
        for (final Map.Entry<String, String> field : snapshot.state().fields().entrySet()) {
            final String name = FieldValues.normalizeName(field.getKey());
            final TargetRecord.NamedValue there = record.fields().get(name);
            if (there != null) {
                fields.put(name, new TargetRecord.NamedValue(there.name(), field.getValue()));
            }
        }
        return new TargetRecord(record.linkId(), fields, record.deleted());
    }

    /** Whether the actual value is the expected digits with their leading zeros dropped, as a number spells them. */
    private static boolean lostLeadingZeros(final String expected, final String actual) {
        if (expected == null || actual == null || expected.length() < 2 || expected.charAt(0) != '0') {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            if (expected.charAt(i) < '0' || expected.charAt(i) > '9') {
                return false;
            }
        }
        int first = 0;
        while (first < expected.length() - 1 && expected.charAt(first) == '0') {
            first++;
        }
        return actual.equals(expected.substring(first));
    }

    /** The compared fields of the target record and a snapshot (none when there is no snapshot), and those whose values differ. */
    private Comparison compare(final TargetRecord record, final SyncSnapshot snapshot, final String comparedWith) {
        if (snapshot == null) {
            return new Comparison(0, List.of());
        }
        final List<FieldDifference> differences = new ArrayList<>();
        int compared = 0;
        for (final Map.Entry<String, String> field : snapshot.state().fields().entrySet()) {
            final String name = FieldValues.normalizeName(field.getKey());
            final TargetRecord.NamedValue target = record.fields().get(name);
            if (target == null || settings.ignoredFields().contains(name)) {
                continue;
            }
            compared++;
            // a multi-select's options in the target's order are the options the sync keeps in its own
            final String kept = FieldValues.canonical(field.getValue());
            final String expected = settings.multiSelects().canonical(name, kept);
            final String actual = settings.multiSelects().canonical(name, target.value());
            // a timestamp or date column that NiFi's JSON writer spelt as epoch milliseconds is the value the sync wrote
            if (!Objects.equals(expected, actual) && !FieldValues.sameInstantAsEpochMillis(kept, target.value())) {
                // a multi-select named in MergeCRMRecord's Multi-Select Fields only: the checksums alone would not tell the
                // operator that nothing but the order differs
                final String hint = settings.multiSelects().contains(name) ? null
                        : settings.multiSelects().sameOptionsInAnotherOrder(expected, actual) ? OPTIONS_IN_ANOTHER_ORDER
                        : settings.multiSelects().sameOptionsSpacedOtherwise(expected, actual) ? OPTIONS_SPACED_OTHERWISE
                        : lostLeadingZeros(expected, actual) ? LEADING_ZEROS_LOST : null;
                differences.add(new FieldDifference(target.name(), FieldValues.checksum(actual), FieldValues.checksum(expected), comparedWith, hint));
            }
        }
        return new Comparison(compared, differences);
    }

    /** How many fields a snapshot and a target record share, and which of them differ. */
    private record Comparison(int compared, List<FieldDifference> differences) {
    }

    private void count(final RecordOutcome outcome, final String targetId, final String goldenId, final String sourceId,
                       final List<FieldDifference> differences) {
        count(outcome, targetId, goldenId, sourceId, differences, null);
    }

    private void count(final RecordOutcome outcome, final String targetId, final String goldenId, final String sourceId,
                       final List<FieldDifference> differences, final String reason) {
        outcomes.merge(outcome, 1L, Long::sum);
        if (outcome != RecordOutcome.IN_SYNC) {
            list(outcome.key(), targetId, goldenId, sourceId, differences, reason);
        }
    }

    private void list(final String kind, final String targetId, final String goldenId, final String sourceId, final List<FieldDifference> differences,
                      final String reason) {
        final int already = listed.merge(kind, 1, Integer::sum);
        if (already <= settings.maximumListed()) {
            findings.add(new Finding(kind, targetId, goldenId, sourceId, differences, reason));
        }
    }

    /** The entities with a record in the source that no target record stands for, split by whether the store knows a target record. */
    private Missing findMissing() {
        final Missing missing = new Missing();
        final Map<String, String> batch = new HashMap<>();
        final Set<String> counted = new HashSet<>();
        store.forEachMember(settings.sourceSystem(), (sourceId, goldenId) -> {
            if (seenEntities.contains(goldenId) || unreadEntities.contains(goldenId) || !counted.add(goldenId)) {
                return;
            }
            batch.put(goldenId, sourceId);
            if (batch.size() >= BATCH_SIZE) {
                missing.add(batch);
                batch.clear();
            }
        });
        missing.add(batch);
        return missing;
    }

    /** The tally of entities the target lacks. */
    private final class Missing {
        private long total;
        private long deleted;

        /**
         * Splits a batch of entities the target lacks by the evidence that a target record of theirs existed: the store's
         * cross-reference of the target, else the sync's snapshot of the entity in the target (a target linked by golden
         * id, which the sync only writes to, has no cross-reference). Snapshots are read for the batch at once, and only
         * for the entities without a cross-reference.
         */
        private void add(final Map<String, String> sourceIdByEntity) {
            if (sourceIdByEntity.isEmpty()) {
                return;
            }
            final Map<String, Map<String, String>> references = store.crossReferences(sourceIdByEntity.keySet());
            final Set<String> unreferenced = new LinkedHashSet<>();
            for (final String entity : sourceIdByEntity.keySet()) {
                if (!references.getOrDefault(entity, Map.of()).containsKey(settings.targetSystem())) {
                    unreferenced.add(entity);
                }
            }
            final Map<String, Snapshot> snapshots = store.findSnapshots(settings.targetSystem(), unreferenced);
            final Map<String, Snapshot> inSource = store.findSnapshots(settings.sourceSystem(), sourceIdByEntity.keySet());
            for (final Map.Entry<String, String> entity : sourceIdByEntity.entrySet()) {
                final String goldenId = entity.getKey();
                final SyncSnapshot sourceSnapshot = parse(inSource.get(goldenId), SOURCE_SNAPSHOT);
                if (sourceSnapshot != null && sourceSnapshot.state().deleted()) {
                    // deleted in the source: the target lacking it is as it should be
                    continue;
                }
                total++;
                final String targetId = references.getOrDefault(goldenId, Map.of()).get(settings.targetSystem());
                if (targetId != null) {
                    deleted++;
                    list(DELETED_IN_TARGET, targetId, goldenId, entity.getValue(), List.of(), "the store's cross-reference holds its record in "
                            + settings.targetSystem());
                } else if (snapshots.containsKey(goldenId)) {
                    deleted++;
                    final SyncSnapshot snapshot = SyncSnapshot.parse(snapshots.get(goldenId).content());
                    list(DELETED_IN_TARGET, snapshot.row(), goldenId, entity.getValue(), List.of(), snapshotEvidence(snapshot));
                } else {
                    list(NEVER_WRITTEN, null, goldenId, entity.getValue(), List.of(), "the store holds no cross-reference and no snapshot of it in "
                            + settings.targetSystem());
                }
            }
        }

        /** What the sync's snapshot of an entity in the target tells of the record it had there, without a value. */
        private String snapshotEvidence(final SyncSnapshot snapshot) {
            final String target = settings.targetSystem();
            if (snapshot.state().deleted()) {
                return "the sync's snapshot of it in " + target + " is a deletion: the sync deleted its record there, or read it deleted";
            }
            if (!snapshot.isWritten()) {
                return "the sync's snapshot of it in " + target + ": the sync read its record there";
            }
            // the snapshot is written when the merge commits, before the loader writes the row: a write that failed leaves one too
            return "the sync's snapshot of it in " + target + ": the sync wrote its record there and has not read it back since; deleted there, "
                    + "or its write did not land (load-failed)" + (settings.linkMode() == LinkMode.TARGET_ID
                    ? ", or it is there under an id the store does not know yet (not_in_store)" : "");
        }
    }

    /** How a target record names its entity. */
    public enum LinkMode {
        /** By its own id in the target system, which the store's cross-reference maps to the entity (a two-way sync). */
        TARGET_ID,
        /** By a field holding the entity's golden id (a migration that wrote MatchCRMRecord's crm_match_id into the target). */
        GOLDEN_ID
    }

    /**
     * @param sourceSystem      the system the records come from, as the store names it
     * @param targetSystem      the system reconciled
     * @param linkMode          how a target record names its entity
     * @param ignoredFields     normalised names of fields never compared (system timestamps, the target's own ids)
     * @param compareWithSource whether target records are compared with the source's snapshot too (out of sync)
     * @param maximumListed     findings listed per kind; the counts are always complete
     * @param multiSelects      multi-select picklists, by normalised name: their options are compared as a set, as the sync does;
     *                          another field whose values hold the same options in another order, split at its delimiter
     *                          ({@code ;} when none is named), is drift with the hint {@link #OPTIONS_IN_ANOTHER_ORDER}, and
     *                          one whose values hold them in the same order spaced otherwise with {@link #OPTIONS_SPACED_OTHERWISE}
     */
    public record Settings(String sourceSystem, String targetSystem, LinkMode linkMode, Set<String> ignoredFields, boolean compareWithSource,
                           int maximumListed, MultiSelectFields multiSelects) {

        /** Settings without multi-select fields. */
        public Settings(final String sourceSystem, final String targetSystem, final LinkMode linkMode, final Set<String> ignoredFields,
                        final boolean compareWithSource, final int maximumListed) {
            this(sourceSystem, targetSystem, linkMode, ignoredFields, compareWithSource, maximumListed, MultiSelectFields.none());
        }

        public Settings {
            Objects.requireNonNull(sourceSystem, "sourceSystem");
            Objects.requireNonNull(targetSystem, "targetSystem");
            Objects.requireNonNull(linkMode, "linkMode");
            Objects.requireNonNull(multiSelects, "multiSelects");
            final Set<String> normalized = new HashSet<>();
            for (final String field : ignoredFields) {
                normalized.add(FieldValues.normalizeName(field));
            }
            ignoredFields = Set.copyOf(normalized);
        }
    }
}
