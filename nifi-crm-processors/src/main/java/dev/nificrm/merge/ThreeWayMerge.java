package dev.nificrm.merge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The per-field three-way merge of a two-way sync: a record arriving from system A (the source) for a customer is merged
 * into system B's copy (the target), with the last synced snapshots as the base.
 * <ol>
 * <li><b>Echo check.</b> A record equal to A's snapshot on the compared fields is what the sync last wrote to A (or
 * read from it) coming back: {@code unchanged}, nothing is written, so a two-way sync never loops.</li>
 * <li><b>Base.</b> A's snapshot is A before this change. When the sync wrote to A and the record does not show that
 * write yet (its timestamp is not after the write, or without a timestamp its values on the written fields are not the
 * written ones), the record was read before the write landed: the base is A's state before the write.</li>
 * <li><b>Per field</b>, with theirs = B's snapshot: changed on one side only → that side's value; changed on both sides
 * to the same value → that value; to different values → a conflict, which the {@link ConflictPolicy} settles or sends to
 * a person. Without A's snapshot but with B's (A never synced), every difference is a conflict. Without either (the
 * customer's first sync), the record is taken as it is.</li>
 * <li><b>Deletes</b> (tombstones): a delete on one side of a record the other side did not change is applied; against a
 * change, the {@link DeletePolicy} decides; so too against a change the sync's delete landed on, read a cycle later in the
 * row's tombstone (holding values the sync never read there; an id-only tombstone cannot tell, and is the delete's echo).
 * A deletion is never written back to the row it was read deleted from; one routed to a person is kept as that system's
 * state, so the other system's changes are routed too while it waits (and kept as the other system's state: it holds
 * them, and the person's decision applies them). One
 * that overruled a write of the sync on its way to its row (Delete Wins) remembers what that write carried: the row read
 * back alive holding merely that (a loader that revives a deleted row landed the write) is the sync's echo, whatever its
 * time, and the deletion is written to the row again; other values newer than the deletion are a restore. A deletion
 * routed to a person remembers such a write too: its echo leaves the deletion waiting and writes nothing, and the
 * person's approval is written to the revived row. A later tombstone of the row, after that write landed in it (read back,
 * or carried by the tombstone), ends the write: the row alive again after it is a person's restore, not the echo. A restore
 * of a row whose deletion waited for a person is merged against the row as the sync knew it before the deletion; one
 * with a field conflict left to a person undoes the deletion all the same: the row is kept as read, and each field it holds
 * otherwise than the target stays <b>open</b> with its base ({@link SyncSnapshot#open}). Changed since its base on one
 * side only, an open field takes that side's value at the next read of either system, as a live customer's change; changed
 * on both, it waits for the person: neither system's value is compared or written to the other (the merged state lacks
 * it), the value known read again is no change, and the first new value in either system settles it and syncs.</li>
 * <li><b>Writes.</b> B is written when the merged state differs from B's; A is written back when it differs from what A
 * will have (a change kept from B, a conflict B won, a delete that lost), so both systems end equal. The snapshots of
 * both are replaced by what is written, or by the record read.</li>
 * </ol>
 * <b>Rows.</b> A snapshot remembers the row the customer syncs through in its system: the row that keeps the customer's
 * golden id when the system has such a column (the row a write by golden id lands in), else the first row read there. With
 * {@link DuplicateRowPolicy#ROUTE_TO_CONFLICT}, a record from another row of the same customer in that system (a
 * duplicate entered by hand, or the row of a customer the entity store merged into this one) is a conflict: neither its
 * changes nor its deletion reach the other system, and a person merges the two rows. The snapshot remembers a
 * fingerprint of the state each second row was routed in: read again unchanged, it is {@code unchanged}, not a
 * second conflict. When the customer's own row is deleted while a second row lives on (a person merged the two keeping
 * the second), the customer is handed over: nothing is deleted in the other system, the customer syncs through the row
 * kept, and that row's values are merged against the customer's last state, so they reach the other system: when the
 * row is read next, or at once when it was read just before in the same part ({@link SyncResolver}). That deletion is a
 * conflict too, so that a person sees it. With {@link DuplicateRowPolicy#SYNC_EVERY_ROW} every row's changes sync, and
 * the rows are remembered the same way: deleting one row of a customer deletes nothing while another lives on; after a
 * second row's change synced, an edit of the customer's own row syncs only the fields it edited (the snapshot keeps a
 * fingerprint of each of its fields as last read), the others keep what the second row synced. A live
 * record from another row after the customer's row there was deleted (no second row living on) is the customer entered
 * again: it syncs through that row from then on, with either policy.
 * <p>
 * Compared are the fields of the incoming record (a record without a field leaves it alone: partial records work);
 * values are compared as {@link SyncState#canonical canonical text}, the options of {@link MultiSelectFields multi-select
 * fields} as sets: in another order they are the same value, and options changed on both sides are merged, not a conflict;
 * they are written and kept in the order the system whose value won gave them.
 */
public final class ThreeWayMerge {
    private final SyncPolicy policy;
    private final MultiSelectFields multiSelects;

    /** A merge comparing every value as written. */
    public ThreeWayMerge(final SyncPolicy policy) {
        this(policy, MultiSelectFields.none());
    }

    /** A merge comparing the given multi-select fields as sets of options, and merging their options when both sides changed them. */
    public ThreeWayMerge(final SyncPolicy policy, final MultiSelectFields multiSelects) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.multiSelects = Objects.requireNonNull(multiSelects, "multiSelects");
    }

    public SyncPolicy getPolicy() {
        return policy;
    }

    /**
     * Decides what happens to one incoming record.
     *
     * @param input          the record, read from its source system
     * @param target         the system it is merged into
     * @param sourceSnapshot what the sync knows of the customer in the source system, or null
     * @param targetSnapshot what the sync knows of the customer in the target system, or null
     * @param now            the time of the decision (epoch milliseconds), kept with what is written
     */
    public SyncDecision decide(final SyncInput input, final String target, final SyncSnapshot sourceSnapshot, final SyncSnapshot targetSnapshot,
                               final long now) {
        return decide(input, target, sourceSnapshot, targetSnapshot, now, false);
    }

    /**
     * Decides what happens to one incoming record of a batch (a FlowFile's records, decided at one time).
     *
     * @param input          the record, read from its source system
     * @param target         the system it is merged into
     * @param sourceSnapshot what the sync knows of the customer in the source system, or null
     * @param targetSnapshot what the sync knows of the customer in the target system, or null
     * @param now            the time of the decision (epoch milliseconds), kept with what is written
     * @param sourceDecidedInThisBatch whether the source's snapshot is as an earlier decision of the same batch left it: a
     *                       write-back on its way in it, decided at this time, was decided in this batch, so a copy of the
     *                       record it was decided from (a feed delivering one record several times) gets no second one.
     *                       False for a snapshot as another batch left it, also one decided at the same time (a clock that
     *                       does not move, two FlowFiles in one millisecond): that write-back may not have landed
     */
    public SyncDecision decide(final SyncInput input, final String target, final SyncSnapshot sourceSnapshot, final SyncSnapshot targetSnapshot,
                               final long now, final boolean sourceDecidedInThisBatch) {
        // a snapshot kept before a field was declared a multi-select holds its options in the order read: made canonical
        // here, it is not taken for an edit
        // text spelling a known value whose option holds the delimiter (the sync's write of ["Golf","R;D"] into a text
        // field, read back as Golf;R;D) is that value: text cannot hold such an option
        final SyncState state = multiSelects.canonical(multiSelects.readAgainst(input.state(), known(sourceSnapshot, targetSnapshot)));
        final SyncInput canonicalInput = state == input.state() ? input
                : new SyncInput(input.goldenId(), input.system(), state, input.row(), input.holdsGoldenId(), input.writtenFields(),
                        input.keepsGoldenIds(), input.version());
        final SyncSnapshot source = canonical(sourceSnapshot);
        final SyncDecision decision;
        if (source != null && input.row() != null && !input.holdsGoldenId() && source.restoredOverTheInsert(input.row(), state)) {
            // a person's restore of the customer's deleted row read after the sync's insert, landed as a new row, was read
            // back (one read holding both, the insert's first): decided as the customer's row read, the insert's row is the
            // sync's own duplicate, which the write-back deletes by its id, as when the restore is read first (before, the
            // restored row synced as a second row, and the customer kept two; seed 9 of the two-way simulation); merged
            // against the insert's values also when it holds merely them: a person's act, not the insert's echo, so the
            // sync's later writes to the insert's row reach the restored row (before, such a restore was taken for the
            // echo: the insert's row was deleted, and the restored row kept the values from before those writes)
            final SyncSnapshot restored = source.restoredOver(input.row(), now);
            final SyncDecision decided = new Decision(canonicalInput, multiSelects.earlierForms(input.state()), target, restored,
                    canonical(targetSnapshot), now, true, sourceDecidedInThisBatch).decide();
            decision = (decided.sourceSnapshot() != null ? decided
                    : decided.withStates(decided.merged(), restored, decided.targetSnapshot(), decided.conflicts())).deletingDuplicate(source.row());
        } else {
            decision = new Decision(canonicalInput, multiSelects.earlierForms(input.state()), target, source, canonical(targetSnapshot), now,
                    false, sourceDecidedInThisBatch).decide();
        }
        return multiSelects.isEmpty() ? decision : inOrderGiven(decision, input.state(), sourceSnapshot, targetSnapshot);
    }

    /** What the sync knows of the record's fields, most wanted first: the source as written or read last, before it, the target. */
    private List<SyncState> known(final SyncSnapshot sourceSnapshot, final SyncSnapshot targetSnapshot) {
        if (multiSelects.isEmpty()) {
            return List.of();
        }
        final List<SyncState> known = new ArrayList<>(4);
        addStates(known, sourceSnapshot);
        addStates(known, targetSnapshot);
        return known;
    }

    /** Adds a snapshot's state and the state before it (nulls too), when there is a snapshot. */
    private static void addStates(final List<SyncState> states, final SyncSnapshot snapshot) {
        if (snapshot != null) {
            states.add(snapshot.state());
            states.add(snapshot.before());
        }
    }

    /**
     * The decision with the options of multi-select fields, decided on in alphabetical order, in the order the systems gave
     * them, so that what is written and kept shows the order of the system whose value won: the record read first, then
     * the target's last known state, then what the sync knew of the source.
     */
    private SyncDecision inOrderGiven(final SyncDecision decision, final SyncState incoming, final SyncSnapshot sourceSnapshot,
                                      final SyncSnapshot targetSnapshot) {
        final List<SyncState> given = new ArrayList<>(5);
        given.add(incoming);
        addStates(given, targetSnapshot);
        addStates(given, sourceSnapshot);
        final SyncState merged = multiSelects.inOrderGiven(decision.merged(), given);
        final SyncSnapshot source = inOrderGiven(decision.sourceSnapshot(), given);
        final SyncSnapshot target = inOrderGiven(decision.targetSnapshot(), given);
        final List<FieldConflict> conflicts = inOrderGiven(decision.conflicts(), incoming, targetSnapshot, given);
        return merged == decision.merged() && source == decision.sourceSnapshot() && target == decision.targetSnapshot()
                && conflicts == decision.conflicts() ? decision : decision.withStates(merged, source, target, conflicts);
    }

    /**
     * The conflicts with each side's options of a multi-select in the order that side gave them, so that the diff shows
     * what each system holds: the incoming value in the record's order, the target's in the order the sync last knew it
     * there. The same list when no conflict is about a multi-select.
     */
    private List<FieldConflict> inOrderGiven(final List<FieldConflict> conflicts, final SyncState incoming, final SyncSnapshot targetSnapshot,
                                             final List<SyncState> given) {
        List<FieldConflict> ordered = null;
        for (int i = 0; i < conflicts.size(); i++) {
            final FieldConflict conflict = conflicts.get(i);
            if (!multiSelects.contains(conflict.field())) {
                continue;
            }
            final String field = conflict.field();
            final FieldConflict inOrder = new FieldConflict(field, multiSelects.inOrderGiven(field, conflict.base(), given), conflict.baseKnown(),
                    multiSelects.inOrderGiven(field, conflict.incoming(), List.of(incoming)),
                    multiSelects.inOrderGiven(field, conflict.current(), targetSnapshot == null ? List.of() : List.of(targetSnapshot.state())));
            if (!inOrder.equals(conflict)) {
                if (ordered == null) {
                    ordered = new ArrayList<>(conflicts);
                }
                ordered.set(i, inOrder);
            }
        }
        return ordered == null ? conflicts : ordered;
    }

    private SyncSnapshot inOrderGiven(final SyncSnapshot snapshot, final List<SyncState> given) {
        if (snapshot == null) {
            return null;
        }
        final SyncState state = multiSelects.inOrderGiven(snapshot.state(), given);
        final SyncState before = multiSelects.inOrderGiven(snapshot.before(), given);
        return state == snapshot.state() && before == snapshot.before() ? snapshot
                : new SyncSnapshot(state, snapshot.written(), before, snapshot.row(), snapshot.secondRows(), snapshot.rowSeen(),
                        snapshot.rowSeenFields(), snapshot.unwritten(), snapshot.overruled(), snapshot.revived(), snapshot.open(),
                        snapshot.inserted(), snapshot.pending(), snapshot.crossed(), snapshot.echoed(), snapshot.writeVersion(),
                        snapshot.earlierWrites());
    }

    private SyncSnapshot canonical(final SyncSnapshot snapshot) {
        if (snapshot == null) {
            return null;
        }
        final SyncState state = multiSelects.canonical(snapshot.state());
        final SyncState before = multiSelects.canonical(snapshot.before());
        // (the sync's earlier writes on their way too: compared with the record read, whose options are in canonical order)
        Map<Long, SyncState> earlierWrites = snapshot.earlierWrites();
        if (!earlierWrites.isEmpty() && !multiSelects.isEmpty()) {
            final Map<Long, SyncState> canonicalWrites = new TreeMap<>();
            earlierWrites.forEach((version, write) -> canonicalWrites.put(version, multiSelects.canonical(write)));
            earlierWrites = canonicalWrites.equals(earlierWrites) ? earlierWrites : canonicalWrites;
        }
        return state == snapshot.state() && before == snapshot.before() && earlierWrites == snapshot.earlierWrites() ? snapshot
                : new SyncSnapshot(state, snapshot.written(), before, snapshot.row(), snapshot.secondRows(), snapshot.rowSeen(),
                        snapshot.rowSeenFields(), snapshot.unwritten(), snapshot.overruled(), snapshot.revived(), snapshot.open(),
                        snapshot.inserted(), snapshot.pending(), snapshot.crossed(), snapshot.echoed(), snapshot.writeVersion(), earlierWrites);
    }

    /** One decision's inputs and its working state. */
    private final class Decision {
        private final String source;
        private final String target;
        /** The record; the customer's own row read while the state is a second row's: its edit over what that row synced. */
        private SyncState incoming;
        /** The customer's own row as read, while the state is a second row's (Sync Every Row); else null. */
        private SyncState ownRowRead;
        /** The record in the forms earlier versions kept multi-selects in (see {@link MultiSelectFields#earlierForms}). */
        private final List<SyncState> incomingEarlierForms;
        private final String incomingRow;
        private final boolean holdsGoldenId;
        /** Whether the record carries its system's golden id column (see {@link SyncInput#keepsGoldenIds}). */
        private final boolean keepsGoldenIds;
        /** The fields a write made from the record carries (see {@link SyncInput#writtenFields}). */
        private final Set<String> fieldsWritten;
        /** The version of the sync's write the row read holds (its identity), or {@link SyncSnapshot#NO_VERSION}. */
        private final long incomingVersion;
        private Set<String> compared;
        private final SyncSnapshot sourceSnapshot;
        private final String targetRow;
        private final Map<String, String> targetSecondRows;
        private final SyncState theirs;
        private final boolean targetWritten;
        /** With {@code targetWritten}: the fields the sync's write on its way to the target did not carry. */
        private final Set<String> targetUnwritten;
        private final SyncState targetReadBefore;
        /**
         * Whether the target's row, deleted and waiting for a person, was read back alive holding merely the sync's write
         * the deletion overruled: it lives, so the person's approval of the deletion is written to it.
         */
        private final boolean targetRevived;
        /**
         * With the target's tombstone whose deletion waits for a person: the target's row as the sync last knew it alive
         * (with the write a reviving loader landed in it since), what the source's changes held for the person are told
         * against; else null.
         */
        private final SyncState targetWhileDeleted;
        private final long now;
        /**
         * The fields open in the source's snapshot (see {@link SyncSnapshot#open}), each with its base: those the decision
         * leaves open, kept in the source's snapshot it decides on; after a person's restore leaving fields to a person, those.
         */
        private final Map<String, String> sourceOpen;
        /** The fields open in the target's snapshot, each with its base: those the decision leaves open. */
        private final Map<String, String> targetOpen;
        /** What the sync knows of the customer in the target, or null. */
        private final SyncSnapshot targetKnown;
        /**
         * Whether the record is a person's restore of the customer's row over the sync's insert landed as a new row
         * ({@link SyncSnapshot#restoredOverTheInsert}), decided against the insert's values: never their echo.
         */
        private final boolean restoreOverTheInsert;
        /** Whether the source's snapshot is as an earlier decision of the same batch left it (see {@link ThreeWayMerge#decide}). */
        private final boolean sourceDecidedInThisBatch;
        private final Map<String, String> lineage = new LinkedHashMap<>();
        private final List<FieldConflict> conflicts = new ArrayList<>();
        /** Whether the record is from another row of the customer in its system than the one it syncs through. */
        private boolean secondRow;
        /**
         * Whether the record is a live row other than the customer's row in its system, which is deleted there: the
         * customer entered again (a new row matched to it), which syncs through this row from now on.
         */
        private boolean enteredAgain;
        private SyncState base;
        /**
         * The record as read when it is the source row's tombstone that the sync's delete of the customer (the target's
         * deletion) left holding a change the sync never read ({@link #deleteLandedOnAChange}); the record is then decided as
         * that change, read while the delete was on its way. Else null.
         */
        private SyncState landedOn;
        private SyncState eventualSource;
        private boolean reflectsSnapshot;
        /** Whether the write-back brings the customer back in the source, where its row is deleted: a new row is inserted. */
        private boolean revivesSource;
        /**
         * A person's restore of the source's row, whose deletion waited for one, with a field conflict the policy did not
         * settle: the fields the restored row holds otherwise than the target, each with its base (its value in the row
         * before the deletion), which stay open; else null.
         */
        private Map<String, String> restoredOpen;
        /** With {@code revivesSource}: the deleted row (null when not known) and the time of its tombstone. */
        private String deadSourceRow;
        private long deadSourceTime = Timestamps.NONE;

        private Decision(final SyncInput input, final List<SyncState> incomingEarlierForms, final String target, final SyncSnapshot sourceSnapshot,
                         final SyncSnapshot targetSnapshot, final long now, final boolean restoreOverTheInsert,
                         final boolean sourceDecidedInThisBatch) {
            this.source = input.system();
            this.target = target;
            this.incoming = input.state();
            this.incomingEarlierForms = incomingEarlierForms;
            this.incomingRow = input.row();
            this.holdsGoldenId = input.holdsGoldenId() && input.row() != null;
            this.keepsGoldenIds = input.keepsGoldenIds();
            this.fieldsWritten = input.fieldsWritten();
            this.incomingVersion = input.version();
            this.compared = incoming.fields().keySet();
            this.sourceSnapshot = sourceSnapshot;
            this.targetRow = targetSnapshot == null ? null : targetSnapshot.row();
            this.targetSecondRows = targetSnapshot == null ? Map.of() : targetSnapshot.secondRows();
            this.theirs = targetSnapshot == null ? null : targetSnapshot.state();
            this.targetWritten = targetSnapshot != null && targetSnapshot.isWritten();
            this.targetUnwritten = targetSnapshot == null ? Set.of() : targetSnapshot.unwritten();
            this.targetReadBefore = targetSnapshot == null ? null : targetSnapshot.before();
            this.targetRevived = targetSnapshot != null && targetSnapshot.revived();
            this.targetWhileDeleted = targetSnapshot == null ? null : targetSnapshot.rowWhileTheDeletionWaits();
            this.now = now;
            this.sourceOpen = sourceSnapshot == null ? new TreeMap<>() : new TreeMap<>(sourceSnapshot.open());
            this.targetOpen = targetSnapshot == null ? new TreeMap<>() : new TreeMap<>(targetSnapshot.open());
            this.targetKnown = targetSnapshot;
            this.restoreOverTheInsert = restoreOverTheInsert;
            this.sourceDecidedInThisBatch = sourceDecidedInThisBatch;
        }

        /** The decision, its snapshots keeping the fields it leaves open (a tombstone keeps none). */
        private SyncDecision decide() {
            final SyncDecision decision = decideOnRecord();
            final SyncSnapshot sourceKept = decision.sourceSnapshot() == null ? null : decision.sourceSnapshot().withOpen(sourceOpen);
            final SyncSnapshot targetKept = decision.targetSnapshot() == null ? null : decision.targetSnapshot().withOpen(targetOpen);
            return sourceKept == decision.sourceSnapshot() && targetKept == decision.targetSnapshot() ? decision
                    : decision.withStates(decision.merged(), sourceKept, targetKept, decision.conflicts());
        }

        private SyncDecision decideOnRecord() {
            final String syncedRow = sourceSnapshot == null ? null : sourceSnapshot.row();
            final boolean rowKnown = sourceSnapshot != null && incomingRow != null;
            // no second row lived on when the customer's row was deleted (else it was handed over): a live record from
            // another row is the customer entered again, not a duplicate of a row that is gone
            enteredAgain = rowKnown && syncedRow != null && !incomingRow.equals(syncedRow) && !incoming.deleted()
                    && sourceSnapshot.state().deleted();
            secondRow = rowKnown && syncedRow != null && !incomingRow.equals(syncedRow) && !holdsGoldenId && !enteredAgain;
            if (rowKnown && syncedRow != null && !incomingRow.equals(syncedRow) && !sourceSnapshot.crossed().isEmpty()
                    && (holdsGoldenId || secondRow && !keepsGoldenIds && !incoming.deleted() && sourceSnapshot.holdsACrossedWrite(incoming)
                    && sourceSnapshot.newerThanTheCrossedInsert(incoming))) {
                // another row than the restored one the customer syncs through, keeping the golden id or, without one (no
                // Golden ID Field), holding merely the sync's insert and newer than it: the insert landed there (a row
                // older than the insert, or of no known time, holding those values is a person's: a second row, never
                // deleted by the sync; so is one whose golden id column, carried, holds no golden id or another: the
                // insert, by golden id, wrote it into the row it created)
                return duplicateOfTheInsert(syncedRow);
            }
            if (rowKnown && !incomingRow.equals(syncedRow) && incoming.fields().isEmpty() && deletedAfterTheInsert()) {
                // nothing tells whether the insert landed in the row (the customer deleted) or in a new one: a person decides;
                // the tombstone is remembered, so that read again it raises no second conflict
                return new SyncDecision(SyncDecision.Outcome.CONFLICT, false, null, false, List.of(), deletedAfterTheInsertWithoutValues(), Map.of(),
                        sourceSnapshot.withSecondRow(incomingRow, incoming), null);
            }
            if (rowKnown && !incomingRow.equals(syncedRow) && untimedAfterTheInsert()) {
                // nor whether it is the row's old tombstone read again (the sync's own delete, a retry, a poll's overlap) or the
                // row the insert landed in, deleted by a person: a person decides (before, it was taken for the old tombstone
                // read again, and a real deletion was lost); the tombstone is remembered at the insert's time, so that read
                // again it raises no second conflict
                return new SyncDecision(SyncDecision.Outcome.CONFLICT, false, null, false, List.of(), untimedAfterTheInsertText(), Map.of(),
                        sourceSnapshot.withSecondRow(incomingRow, new SyncState(Map.of(), true, sourceSnapshot.insertedIntoADeletedRow())), null);
            }
            if (rowKnown && !incomingRow.equals(syncedRow) && !insertLandedInADeletedRowThenDeleted()) {
                if (routedAlready() && (!holdsGoldenId || incoming.deleted())
                        || secondRow && incoming.deleted() && sourceSnapshot.state().deleted()
                        || !holdsGoldenId && sourceSnapshot.olderThanSeen(incomingRow, incoming)
                        || sourceSnapshot.liveBeforeDeletion(incomingRow, incoming)) {
                    // read again as it was seen (a poll's overlap, a touch without a change; a deleted row that still
                    // keeps the golden id): nothing new from it, or a person has it already; or deleted after the
                    // customer's own row was: nothing is left to merge; or an older version of the row than the one
                    // seen last (a replay; a row the customer was handed over from or entered again after); or the
                    // live version of a row the sync deleted itself and brought the customer back from in a new row, or
                    // of its own duplicate keeping the golden id, read again (a replay): no restore of the row, which stays
                    // remembered as deleted
                    return new SyncDecision(SyncDecision.Outcome.UNCHANGED, false, null, false, List.of(), null, Map.of(), null, null);
                }
                if (secondRow && (incoming.deleted() || policy.duplicateRows() == DuplicateRowPolicy.ROUTE_TO_CONFLICT)) {
                    // whatever the policy, deleting a second row (the two merged in the source) deletes nothing
                    return new SyncDecision(SyncDecision.Outcome.CONFLICT, false, null, false, List.of(), secondRow(syncedRow), Map.of(),
                            sourceSnapshot.withSecondRow(incomingRow, incoming), null);
                }
            }
            if (rowKnown && incomingRow.equals(syncedRow) && incoming.deleted() && !sourceSnapshot.state().deleted()
                    && !sourceSnapshot.livingSecondRows().isEmpty()) {
                // the customer's own row deleted while a second row lives on (the two merged in the source, the
                // second one kept): the customer is not deleted, it syncs through the row kept
                final SyncSnapshot handedOver = sourceSnapshot.handedOver(incoming);
                return new SyncDecision(SyncDecision.Outcome.CONFLICT, false, null, false, List.of(), handOver(handedOver), Map.of(), handedOver,
                        null).handingOverTo(handedOver.row());
            }
            if (rowKnown && incomingRow.equals(syncedRow) && sourceSnapshot.rowSeenAgain(incoming)) {
                // Sync Every Row: the customer's own row as last read, while the state is a second row's whose change
                // synced since; nothing new from it, and not an edit back to its values
                return new SyncDecision(SyncDecision.Outcome.UNCHANGED, false, null, false, List.of(), null, Map.of(), null, null);
            }
            // the version of the row the sync read last: the snapshot when it was read; after a write, the state before
            // it (which keeps the time of the last version read, also when writes follow each other unconfirmed)
            final SyncState lastRead = sourceSnapshot == null ? null : sourceSnapshot.isWritten() ? sourceSnapshot.before() : sourceSnapshot.state();
            if (sourceSnapshot != null && (incomingRow == null || incomingRow.equals(syncedRow)) && (theirs == null || theirs.deleted())
                    && sourceSnapshot.overruledWriteLanded(incoming, compared)) {
                // the write a deletion overruled (Delete Wins, or Route to Conflict once the person approved the deletion in
                // the other system), landed by a loader that brought the deleted row back
                // (an upsert writing a live record whole, its tombstone column false, as the sample SQL CRMs'), read back:
                // the sync's own echo, not a restore; the
                // deletion is asserted again, to the row now alive, which accepts it. Also when the row's time is older
                // than the deletion (a loader keeping the record's own last-modified time): the row lives, and only
                // holds the sync's write, so it is no older version to leave alone; a person's edit of the revived row
                // holds other values, and is a restore when newer than the deletion (an older one is an older version)
                final SyncState deletion = deletedState();
                return new SyncDecision(SyncDecision.Outcome.UNCHANGED, false, deletion, true, List.of(), null, Map.of(),
                        sourced(SyncSnapshot.written(over(over(sourceSnapshot.state(), incoming), deletion), now, incoming)), null);
            }
            if (sourceSnapshot != null && (incomingRow == null || incomingRow.equals(syncedRow)) && theirs != null && !theirs.deleted()
                    && policy.deletePolicy() == DeletePolicy.ROUTE_TO_CONFLICT && sourceSnapshot.overruledWriteLanded(incoming, compared)) {
                // the same echo while the deletion waits for a person (Route to Conflict): the row lives again only by the
                // sync's own write, so the deletion keeps waiting and nothing is written to either system; the row is
                // remembered alive, that the person's approval (the other system's tombstone) deletes it too. Whatever its
                // time, as with Delete Wins: a person's edit holds other values, and newer than the deletion is a restore
                return new SyncDecision(SyncDecision.Outcome.UNCHANGED, false, null, false, List.of(), null, Map.of(),
                        sourceSnapshot.revived() ? null : sourceSnapshot.revivedByTheOverruledWrite(), null);
            }
            if (sourceSnapshot != null && (incomingRow == null || incomingRow.equals(syncedRow)) && theirs != null && !theirs.deleted()
                    && !sourceSnapshot.state().deleted() && sourceSnapshot.overranBy(incoming)) {
                // a tombstone older than the echo of the sync's last write to the row and newer than that write's decision
                // (or without a time), holding the row's values from before the write: the row was deleted while the write
                // was on its way, and a loader reviving deleted rows landed the write after it (read in the other order:
                // webhooks delivered out of order, or a poll reading the row's latest version and a deleted-records feed
                // giving the deletion later)
                return deletionTheWriteOverran();
            }
            if (sourceSnapshot != null && (incomingRow == null || incomingRow.equals(syncedRow)) && !sourceSnapshot.state().deleted()
                    && sourceSnapshot.settledAlready(incoming)) {
                // that tombstone read again after it was settled (a replay, a poll's overlap; without a time too, which no
                // older-version check catches: before, an untimed one read again was taken for a new deletion)
                return new SyncDecision(SyncDecision.Outcome.UNCHANGED, false, null, false, List.of(), null, Map.of(), null, null);
            }
            if (rowKnown && incomingRow.equals(syncedRow) && lastRead != null && incoming.modified() != Timestamps.NONE
                    && lastRead.modified() != Timestamps.NONE && incoming.modified() < lastRead.modified()) {
                // an older version of the row than the one the sync read last (a FlowFile replayed, or overtaken while it
                // waited for a retry, also when the sync wrote to the row since): nothing new from it, and its values
                // must not overwrite the newer ones
                return new SyncDecision(SyncDecision.Outcome.UNCHANGED, false, null, false, List.of(), null, Map.of(), null, null);
            }
            if (rowKnown && incomingRow.equals(syncedRow) && !incoming.deleted() && sourceSnapshot.rowSeen() != null) {
                // Sync Every Row: the customer's own row edited while the state is a second row's: the fields it did not
                // edit are taken as the state has them (what the second row synced), so only its edits are merged
                ownRowRead = incoming;
                incoming = sourceSnapshot.ownRowEditOver(incoming, lastRead);
            }
            if (sourceSnapshot != null && (incomingRow == null || incomingRow.equals(syncedRow))
                    && sourceSnapshot.overruledWriteDeletedAgain(incoming, compared)) {
                // the row a reviving loader brought back with the write a deletion overruled, deleted again by a person
                // before the sync read it back: that write is gone with the row, so the row read alive later is a
                // person's restore, not the write's echo; the deletion stands as before (waits for the person, or kept)
                // (a tombstone of the row read back alive holding merely that write, which carries other values, is the row
                // edited since, a person undoing the deletion that waited, then deleted again: a new deletion, which goes to
                // a person again; before, it was taken for the revived row deleted again, and the person who had undone the
                // deletion was never asked again: the customer lived on in the other system; seed 39 of the simulation)
                if (editedSinceTheRevival()) {
                    return new SyncDecision(SyncDecision.Outcome.CONFLICT, false, null, false, List.of(), deletedAgainAfterAnUndo(), Map.of(),
                            sourceSnapshot.deletedAgain(incoming), null);
                }
                return new SyncDecision(SyncDecision.Outcome.UNCHANGED, false, null, false, List.of(), null, Map.of(),
                        sourceSnapshot.deletedAgain(incoming), null);
            }
            if (deleteLandedOnAChange()) {
                // the sync's delete (the target's deletion) landed on a change of the row made after the sync last read it:
                // read a cycle after the deletion, the change is decided as if read while the delete was on its way (as in the
                // deletion's own cycle), per Delete Policy; before, the tombstone was taken for the delete's echo, and the
                // change was deleted in both systems without a person deciding (Route to Conflict) or reviving it (Update
                // Revives). With Delete Wins it is that echo: the deletion wins over the change, as in one cycle
                landedOn = incoming;
                incoming = new SyncState(incoming.fields(), false, incoming.modified());
            }
            if (sourceSnapshot != null && incoming.sameAs(sourceSnapshot.state(), compared) && !openFieldFlows() && !restoreOverTheInsert) {
                final SyncSnapshot confirmed;
                if (sourceSnapshot.isWritten()) {
                    // the write's decision time and the row's values before it are remembered: a tombstone of the row read
                    // after this echo but older than it is a deletion the write overran (see deletionTheWriteOverran)
                    confirmed = sourced(SyncSnapshot.read(over(sourceSnapshot.state(), incoming))).echoing(sourceSnapshot.echoedBy(incoming));
                } else if (incomingRow != null && policy.duplicateRows() == DuplicateRowPolicy.ROUTE_TO_CONFLICT
                        && (syncedRow == null || holdsGoldenId && !incomingRow.equals(syncedRow))) {
                    // the first row read of a customer the sync wrote there, or the row keeping its golden id: the
                    // customer syncs through it from now on
                    confirmed = sourceSnapshot.withRow(incomingRow);
                } else if (secondRow) {
                    // Sync Every Row: a second row the source already agrees with, remembered as living on
                    confirmed = sourceSnapshot.withSecondRow(incomingRow, incoming);
                } else if (ownRowRead != null) {
                    // the customer's own row edited to the state a second row brought on the fields it edited: the state
                    // is its own again when it holds it on every field, else the row is remembered as read now
                    confirmed = sourced(sourceSnapshot);
                } else {
                    confirmed = null;
                }
                return new SyncDecision(SyncDecision.Outcome.UNCHANGED, true, incoming, false, List.of(), null, Map.of(), confirmed, null);
            }
            if (sourceSnapshot != null && (incomingRow == null || syncedRow == null || incomingRow.equals(syncedRow)) && ownRowRead == null
                    && landedOn == null && !restoreOverTheInsert && !openFieldFlows()
                    && sourceSnapshot.earlierWriteReadBack(incoming, incomingVersion, compared)) {
                // an earlier write of the sync to the row, told by its identity the row gives back (the version it carried,
                // lower than the latest write's) and holding its values: landed while a later write, decided before the
                // system's change feed gave it back, is on its way: the sync's own echo, whatever its time (before, read
                // after the later write's decision, it was taken for a person's edit back to its values: written to the
                // other system over the change the later write carries, or a conflict); the later write stays on its way,
                // the row as read now the state before it, and the writes up to the one read are known landed. (A person's
                // edit back to those values after the later write landed keeps the later write's version: a change.)
                // Also the sync's insert read back from the row it created, whose id the sync learns so (before, only the
                // row the customer synced through was taken: the insert read back after a second write was decided was a
                // change back to its values, sent to the other system over that system's change); also an earlier write
                // of the same part (the same record twice in one FlowFile), whose version is the latest's and whose values
                // alone tell it. Also while the later write is the sync's deletion of the customer: the deletion stays on its
                // way (before, the write read late was a person's restore after it, the customer brought back in the other
                // system and deleted there again once the deletion was read back)
                eventualSource = sourceSnapshot.landedOver(incoming);
                return new SyncDecision(SyncDecision.Outcome.UNCHANGED, true, incoming, false, List.of(), null, Map.of(), sourceAsRead(false), null);
            }
            final String writeNotShown = writeNotShown();
            if (writeNotShown != null) {
                return new SyncDecision(SyncDecision.Outcome.CONFLICT, false, null, false, List.of(), writeNotShown, Map.of(), null, null);
            }
            chooseBase();
            if (incoming.deleted()) {
                // a tombstone carries no values to compare: whether the target changed is judged on every field known
                final Set<String> known = new LinkedHashSet<>(incoming.fields().keySet());
                if (base != null) {
                    known.addAll(base.fields().keySet());
                }
                if (theirs != null) {
                    known.addAll(theirs.fields().keySet());
                }
                compared = known;
            }
            final Merged merged = incoming.deleted() ? mergeDelete() : theirs != null && theirs.deleted() ? mergeAgainstDelete() : mergeFields();
            if (merged.state() == null) {
                // the deletion of the customer's row goes to a person (Delete Policy route-to-conflict): nothing changes in
                // the target, but the source's row is deleted, and the sync knows it from now on, so that the target's
                // changes are held for the person too (a conflict, showing the latest state) instead of being written
                // into a row the source refuses to write, and the tombstone read again raises no second conflict
                // (the row as last known alive is kept: a person's restore brings it back, and is merged against it; not
                // the write of the sync on its way there, which the deleted row refused; what that write carried is kept
                // too, as with Delete Wins, to tell it landed by a loader reviving the row from a person's restore)
                SyncSnapshot sourceKept = null;
                if (incoming.deleted()) {
                    sourceKept = sourced(SyncSnapshot.read(over(sourceSnapshot == null ? null : sourceSnapshot.state(), incoming))).waitingForAPersonOver(base);
                    if (!reflectsSnapshot && !sourceSnapshot.state().deleted()) {
                        sourceKept = sourceKept.overruling(sourceSnapshot, incoming);
                    }
                } else if (restoredOpen != null) {
                    // a person undid the deletion by restoring (or editing the revived) row, and changed a field the target
                    // changed too: the deletion waits no more, the row lives as read, and the fields it holds otherwise than
                    // the target stay open, each with its base, so that a field changed on one side only still flows, a field
                    // changed on both waits for the person's settling edit in either system, and reading the row again
                    // changes nothing (before, the tombstone was kept: every later change of the target went to a person as
                    // crossing a deletion nobody was deciding any more, and the CRMs ended different)
                    sourceKept = sourced(SyncSnapshot.read(over(sourceSnapshot.state(), incoming)));
                    sourceOpen.clear();
                    sourceOpen.putAll(restoredOpen);
                } else if (landedOn != null) {
                    // the row is deleted with the change (the sync's delete landed): its tombstone is known from now on, so
                    // read again it raises no second conflict, and a person's restore of the row brings the customer back
                    // in the target (deleted in both, back in one)
                    sourceKept = sourced(SyncSnapshot.read(over(sourceSnapshot.state(), landedOn)));
                } else if (deleteOnItsWay()) {
                    // the change read while the sync's delete of the customer is on its way to the row (decided on the
                    // target's deletion earlier in this cycle): the row holds the change when the delete lands, and the sync
                    // knows so, so that its tombstone, holding the change, read back is the delete's echo and not the change
                    // crossing the deletion a second time
                    sourceKept = sourceAsRead(false);
                } else if (heldWhileTheTargetsDeletionWaits()) {
                    // the source's change held for the person while the target's deletion waits for one: the source holds
                    // it all the same, and the sync knows so, so that the person's decision applies the source's latest
                    // values (a restore of the target's row gets them as a write-back) and the change read again raises
                    // no second conflict (before, it was in no snapshot: a restore got it only when the source's row was
                    // read again, and a change feed reads a row again only when it changes again)
                    sourceKept = sourceAsRead(reflectsSnapshot);
                }
                return new SyncDecision(SyncDecision.Outcome.CONFLICT, false, null, false, conflicts, merged.conflict(), Map.of(), sourceKept, null);
            }
            final SyncState state = merged.state();
            // (a row kept deleted while its deletion waited for a person, but alive with the sync's own write, which a
            // reviving loader landed: the person's approval of the deletion is written to it)
            final boolean writesTarget = theirs == null ? !state.deleted() : !state.sameAs(theirs, compared) || state.deleted() && targetRevived;
            // a record without a time that does not show the sync's last write to its system is taken as read before the
            // write landed, with the write on its way; it may as well be an edit made after the write landed (a person
            // changing a field the sync just wrote): the merged state is written back whenever it differs from the record,
            // or the two systems would keep different values (one write too many when the write was indeed on its way)
            final boolean untimedBeforeWrite = !reflectsSnapshot && incoming.modified() == Timestamps.NONE;
            // a tombstone of the customer's row that the merge keeps alive (Update Revives) is written back, also when a
            // write of the sync on its way there holds the state already: that write goes to the deleted row
            // a tombstone whose deletion the merge keeps: the source's row is deleted already, so nothing is written back
            // to it, also when a write of the sync is on its way there (decided from the target in the same cycle): the
            // source refuses that write (Salesforce's ENTITY_IS_DELETED, HubSpot's 404), and a deletion sent after it is
            // a wasted call at best, the same error at worst
            final boolean deletedInSource = incoming.deleted() && state.deleted();
            final boolean writtenBackAlready = writtenBackFromThisRecord(state);
            final boolean writesSource = !deletedInSource && !writtenBackAlready && (!state.sameAs(eventualSource, compared)
                    || untimedBeforeWrite && !state.sameAs(incoming, compared) || incoming.deleted() && !state.deleted());
            if (writesSource && !state.deleted() && (incoming.deleted() || eventualSource.deleted())) {
                // the customer's row in the source is deleted: the write-back brings the customer back in a new row
                revivesSource = true;
                // (also when the record is a live version read before the sync's deletion of the row landed: that write
                // deletes the row before the write-back reaches it)
                deadSourceRow = incoming.deleted() && incomingRow != null ? incomingRow : sourceSnapshot == null ? null : sourceSnapshot.row();
                // the newest version of the row read: an older one read late (a replay) changes nothing
                deadSourceTime = incomingRow == null || incomingRow.equals(deadSourceRow)
                        ? Math.max(incoming.modified(), lastReadTime(sourceSnapshot)) : lastReadTime(sourceSnapshot);
            }
            final SyncState targetWrittenState = over(theirs, state);
            // (a write following the sync's insert into the target's deleted row, neither read back: the insert's time is kept)
            // (the target's last write confirmed by its echo stays remembered under this write: a tombstone of its window read
            // late is still the deletion it overran)
            // (the target's last write not read back yet stays remembered by its version: read back late, after this write's
            // decision, it is the sync's own echo)
            final SyncSnapshot targetAfter = writesTarget ? revivedWhereDeleted(SyncSnapshot.written(targetWrittenState, now, targetBefore(),
                    unwritten(targetWrittenState, targetWritten, targetUnwritten)), state).afterTheWritesOf(targetKnown)
                    .followingTheWriteOf(targetKnown, SyncSnapshot.NO_VERSION)
                    .crossing(targetKnown == null ? List.of() : targetKnown.crossedAfterWriting(targetWrittenState))
                    .echoing(targetKnown == null || targetRow == null || !targetRow.equals(targetKnown.row()) ? null : targetKnown.echoed()) : null;
            final SyncSnapshot sourceAfter;
            if (writesSource) {
                final SyncState sourceWrittenState = over(sourceSnapshot == null ? incoming : over(sourceSnapshot.state(), incoming), state);
                // (a write-back decided from a record read before the sync's write on its way landed: that write stays
                // remembered by its version, as do the earlier ones the record does not show landed)
                sourceAfter = sourced(SyncSnapshot.written(sourceWrittenState, now, incoming, unwritten(sourceWrittenState,
                        sourceSnapshot != null && sourceSnapshot.isWritten(), sourceSnapshot == null ? Set.of() : sourceSnapshot.unwritten())))
                        .followingTheWriteOf(reflectsSnapshot ? null : sourceSnapshot, incomingVersion);
            } else if (writtenBackAlready) {
                // (a copy of the record the write-back on its way was decided from: the source's snapshot stays as it is)
                sourceAfter = null;
            } else if (deletedInSource && !reflectsSnapshot && !sourceSnapshot.state().deleted()) {
                // the deletion overrules the write on its way to the row: a loader reviving a deleted row when it writes
                // into it lands that write anyway, so what it carried is remembered, to tell it read back from a restore
                sourceAfter = sourced(SyncSnapshot.read(over(sourceSnapshot.state(), incoming))).overruling(sourceSnapshot, incoming);
            } else {
                sourceAfter = sourceAsRead(reflectsSnapshot || deletedInSource);
            }
            return new SyncDecision(writesTarget ? SyncDecision.Outcome.MERGED : SyncDecision.Outcome.UNCHANGED, false, state, writesSource,
                    conflicts, null, lineage, sourceAfter, targetAfter);
        }

        /**
         * Whether the write-back of the given state is on its way already, decided earlier in this batch (the same FlowFile)
         * from a record equal to this one in every value and its time: a copy of the record later in the same FlowFile (a
         * feed delivering one record several times). Another write-back would write the same values again (before, N
         * copies of a record read before the sync's write landed gave N identical write-backs); the copy changes nothing.
         * Keyed on the batch, not on the decision time alone: another FlowFile decided at the same millisecond (or under a
         * clock that does not move) writes the record back again, as one decided later does.
         */
        private boolean writtenBackFromThisRecord(final SyncState state) {
            return sourceDecidedInThisBatch && sourceSnapshot != null && sourceSnapshot.isWritten() && sourceSnapshot.written() == now
                    && incoming.equals(sourceSnapshot.before())
                    && (incomingRow == null || incomingRow.equals(sourceSnapshot.row())) && state.sameAs(sourceSnapshot.state(), compared);
        }

        /**
         * The source's snapshot once nothing is written back to it: the record read over what the sync knew; or, with a
         * write of the sync still on its way (not {@code read}), that write, and what the source really had before it.
         */
        private SyncSnapshot sourceAsRead(final boolean read) {
            if (read) {
                return sourced(SyncSnapshot.read(over(sourceSnapshot == null ? null : sourceSnapshot.state(), incoming)));
            }
            // the fields the write on its way does not carry are the source's own, as read now; the write keeps its version,
            // and the earlier writes the row read shows landed (up to the version it holds) are forgotten
            return sourced(SyncSnapshot.written(eventualSource, sourceSnapshot.written(), incoming, sourceSnapshot.unwritten())
                    .asTheWriteOf(sourceSnapshot).landedUpTo(incomingVersion));
        }

        /**
         * Whether the record is the tombstone of the source's row that the sync's delete of the customer, decided on the
         * target's deletion (the target deleted still), left holding values other than those the sync knew the row to hold
         * when it decided that delete: a person changed the row after the sync last read it and before the delete landed,
         * so the change is read a cycle after the deletion, in the tombstone. Only a tombstone that carries values (one at
         * least not empty: an id-only tombstone tells nothing) and is newer than the delete's decision (an older one is a
         * deletion of the row before the delete) tells so, by a value neither the row held as the sync knew it nor the
         * deletion carried (the target's tombstone as read, which a loader may write with the delete); with Delete Wins the
         * deletion wins over such a change as over any, and the tombstone is the delete's echo.
         */
        private boolean deleteLandedOnAChange() {
            if (policy.deletePolicy() == DeletePolicy.DELETE_WINS || sourceSnapshot == null || !incoming.deleted() || !sourceSnapshot.isWritten()
                    || !sourceSnapshot.state().deleted() || theirs == null || !theirs.deleted()
                    || incomingRow != null && !incomingRow.equals(sourceSnapshot.row())
                    || incoming.modified() == Timestamps.NONE || incoming.modified() <= sourceSnapshot.written()) {
                return false;
            }
            final SyncState known = sourceSnapshot.before();
            if (known == null || known.deleted() || incoming.fields().values().stream().allMatch(Objects::isNull)) {
                return false;
            }
            for (final String field : compared) {
                // (a value the deletion carried is no change: a loader that writes the deleting system's values with the
                // delete, an upsert of the whole record setting the tombstone flag, as the flows wrote into the sample SQL
                // CRMs before their Separate Deletes steps, leaves them in the row)
                if (known.fields().containsKey(field) && !Objects.equals(incoming.value(field), known.value(field))
                        && !(theirs.fields().containsKey(field) && Objects.equals(incoming.value(field), theirs.value(field)))) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether the record is a live change of the source read while the sync's delete of the customer, decided on the
         * target's deletion, is on its way to the source's row (not read back yet).
         */
        private boolean deleteOnItsWay() {
            return !incoming.deleted() && theirs != null && theirs.deleted() && !reflectsSnapshot && eventualSource.deleted();
        }

        /**
         * Whether the record is a live change of the source held for a person because the target's row is deleted and its
         * deletion waits for one (Delete Policy route-to-conflict), the source keeping it (no delete of the sync on its way
         * there, which would delete it).
         */
        private boolean heldWhileTheTargetsDeletionWaits() {
            return !incoming.deleted() && theirs != null && theirs.deleted() && base != null && !base.deleted() && !eventualSource.deleted();
        }

        /**
         * The snapshot written to the target, standing for the customer's row there; when the state written brings the
         * customer back while that row is deleted (deleted in the target and changed or brought back in the source, per
         * Delete Policy), for no row: a CRM refuses a write to a deleted row (Salesforce's ENTITY_IS_DELETED, HubSpot's
         * archived objects), so the loader inserts a new one, which, read back, is the customer's row from then on; the
         * deleted row is remembered as such, so its tombstone read again changes nothing.
         */
        private SyncSnapshot revivedWhereDeleted(final SyncSnapshot written, final SyncState state) {
            if (state.deleted() || theirs == null || !theirs.deleted() || targetRow == null) {
                return written.standingFor(targetRow, targetSecondRows);
            }
            return written.standingFor(null, withDeletedRow(targetSecondRows, targetRow, targetBefore().modified()));
        }

        /**
         * The fields of a state written that the write does not carry (the record's FlowFile lacks them): the system
         * keeps its own values of them. A write still on its way before it (not read back) carried the others.
         */
        private Set<String> unwritten(final SyncState written, final boolean earlierWriteOnItsWay, final Set<String> earlierUnwritten) {
            if (fieldsWritten.containsAll(written.fields().keySet())) {
                return Set.of();
            }
            final Set<String> unwritten = new TreeSet<>(written.fields().keySet());
            unwritten.removeAll(fieldsWritten);
            if (earlierWriteOnItsWay) {
                unwritten.retainAll(earlierUnwritten);
            }
            return unwritten;
        }

        /** The time of the version of the source's row the sync read last (none when it read none). */
        private static long lastReadTime(final SyncSnapshot snapshot) {
            final SyncState lastRead = snapshot == null ? null : snapshot.isWritten() ? snapshot.before() : snapshot.state();
            return lastRead == null ? Timestamps.NONE : lastRead.modified();
        }

        /** The second rows with the given row remembered as deleted, its tombstone seen at the given time. */
        private static Map<String, String> withDeletedRow(final Map<String, String> secondRows, final String row, final long deletedAt) {
            final Map<String, String> rows = new TreeMap<>(secondRows);
            rows.put(row, SyncSnapshot.secondRowSeen(new SyncState(Map.of(), true, deletedAt)));
            return rows;
        }

        /**
         * A new snapshot of the source system, standing for the row the customer syncs through there: this one when it
         * keeps the golden id, else the one it had, else this one; none when the write-back brings the customer back
         * while its row there is deleted (the loader inserts a new row, as for the target).
         */
        private SyncSnapshot sourced(final SyncSnapshot snapshot) {
            final String row = sourceSnapshot == null ? null : sourceSnapshot.row();
            Map<String, String> secondRows = sourceSnapshot == null ? Map.of() : sourceSnapshot.secondRows();
            String rowSeen = null;
            Map<String, String> rowSeenFields = Map.of();
            if (secondRow) {
                // Sync Every Row: the second row synced, and is remembered as living on (its deletion deletes nothing);
                // the state is now the second row's, so the customer's own row is remembered as last read, that reading
                // it again unchanged is not an edit back to its values
                secondRows = new TreeMap<>(secondRows);
                secondRows.put(incomingRow, SyncSnapshot.secondRowSeen(incoming));
                rowSeen = sourceSnapshot.rowSeen() != null ? sourceSnapshot.rowSeen() : SyncSnapshot.fingerprint(sourceSnapshot.state());
                rowSeenFields = sourceSnapshot.rowSeen() != null ? sourceSnapshot.rowSeenFields() : SyncSnapshot.fieldFingerprints(sourceSnapshot.state());
            } else if (ownRowRead != null && !ownRowRead.sameAs(snapshot.state(), ownRowRead.fields().keySet())) {
                // the customer's own row synced its edits, and still differs from the state on fields a second row
                // synced: remembered as read now, so that only its next edits sync; a field this record does not hold (a
                // partial export) keeps its fingerprint as read before
                rowSeen = SyncSnapshot.fingerprint(ownRowRead);
                rowSeenFields = new TreeMap<>(sourceSnapshot.rowSeenFields());
                rowSeenFields.putAll(SyncSnapshot.fieldFingerprints(ownRowRead));
            } else if (enteredAgain) {
                // the deleted row is remembered as such: its tombstone read again changes nothing
                secondRows = new TreeMap<>(secondRows);
                secondRows.remove(incomingRow);
                secondRows = withDeletedRow(secondRows, row, lastReadTime(sourceSnapshot));
            }
            if (revivesSource) {
                return snapshot.standingFor(null, deadSourceRow == null ? secondRows : withDeletedRow(secondRows, deadSourceRow, deadSourceTime))
                        .withRowSeen(null);
            }
            final String standsFor = row != null && !holdsGoldenId && !enteredAgain ? row : incomingRow;
            // the writes a person's restore crossed stay remembered while the customer syncs through the restored row, until
            // the row keeping the golden id is read: that row, or a duplicate the sync then decides on (the golden id is unique)
            List<SyncState> crossed = sourceSnapshot == null || !Objects.equals(standsFor, sourceSnapshot.row()) || holdsGoldenId
                    ? List.of() : sourceSnapshot.crossed();
            if (sourceSnapshot != null && Objects.equals(standsFor, sourceSnapshot.row()) && sourceSnapshot.holdsACrossedWrite(sourceSnapshot.state())) {
                // the sync's insert landed as a new row, the customer's row since: while it holds merely the sync's writes
                // (read back, or written to again), a restore of the deleted row read later still tells it for the sync's
                // own; a person's value in it makes it the customer's row for good
                crossed = !sourceSnapshot.stillTheSyncsOwn(incoming) ? List.of()
                        : snapshot.isWritten() ? sourceSnapshot.crossedAfterWriting(snapshot.state()) : sourceSnapshot.crossed();
            }
            if (row == null && incomingRow != null && !incoming.deleted() && sourceSnapshot != null) {
                // the sync's insert into the customer's deleted row read back, landed as a new row: holding merely the
                // insert's values, a person's restore of the deleted row read after it still wins (SyncSnapshot#crossed)
                crossed = sourceSnapshot.holdsAWriteNotReadBack(incoming) ? sourceSnapshot.writesSinceTheInsert() : List.of();
            }
            if (standsFor != null && secondRows.containsKey(standsFor)) {
                // a row remembered as deleted (or routed) that is the customer's row now: a deleted row restored in its
                // CRM, or written into again by a loader that revives tombstones
                if (row == null && !holdsGoldenId && !incoming.deleted() && secondRows.get(standsFor).startsWith(SyncSnapshot.DELETED_ROW)) {
                    // restored by a person while the sync's insert, naming no row, was on its way: it may land as a new row
                    crossed = sourceSnapshot.writesSinceTheInsert();
                }
                secondRows = new TreeMap<>(secondRows);
                secondRows.remove(standsFor);
            }
            // (a write of the sync following its insert into the source's deleted row, neither read back: the insert's time is kept)
            return snapshot.standingFor(standsFor, secondRows).withRowSeen(rowSeen, rowSeenFields)
                    .afterTheWritesOf(sourceSnapshot).crossing(crossed);
        }

        /**
         * Whether the record, a tombstone of the row read back alive holding merely the write its deletion overruled while
         * that deletion waits for a person ({@link SyncSnapshot#revived}), carries other values than that write: the row
         * was edited after it came back (a person undoing the deletion by editing it) and deleted again since.
         */
        private boolean editedSinceTheRevival() {
            return sourceSnapshot.revived() && !incoming.fields().isEmpty()
                    && !sourceSnapshot.overruledWriteLanded(new SyncState(incoming.fields(), false, incoming.modified()), compared);
        }

        /**
         * The decision on a tombstone of the customer's row that the sync's last write to the row, echoed, overran
         * ({@link SyncSnapshot#overranBy}): the deletion crossed the target's change that write carried, and the row lives
         * again only by the loader landing the write in the deleted row. Settled as if read in order: Delete Wins deletes the
         * customer in the target and again in the source's revived row; Update Revives leaves both holding the change;
         * Route to Conflict tells a person (nothing waits: the row lives). An id-only tombstone in the window cannot tell the
         * deletion came before the write landed: a person decides, whatever the policy. The echoed write is kept settled
         * ({@link SyncSnapshot#settling}), so that the tombstone read again, with a time or without, changes nothing.
         */
        private SyncDecision deletionTheWriteOverran() {
            final SyncSnapshot echoed = sourceSnapshot.echoed();
            final String row = incomingRow == null ? "the row" : "row " + incomingRow;
            final String write = "after the sync decided to write " + target + "'s change of " + String.join(", ", echoed.state().fields().keySet())
                    + " there";
            final String advice = "to delete it, delete " + row + " in " + source + " again (the sync deletes it in " + target + " too); to keep it,"
                    + " nothing is to be done";
            final SyncSnapshot settled = sourceSnapshot.settling();
            if (incoming.fields().values().stream().allMatch(Objects::isNull)) {
                return new SyncDecision(SyncDecision.Outcome.CONFLICT, false, null, false, List.of(), "(record): " + row + " of this customer in "
                        + source + " was deleted " + write + ", and its tombstone carries no values: the deletion may have come before that"
                        + " write landed (which then brought the row back, a loader reviving deleted rows) or after it; the row lives now: "
                        + advice, Map.of(), settled, null);
            }
            switch (policy.deletePolicy()) {
                case ROUTE_TO_CONFLICT -> {
                    return new SyncDecision(SyncDecision.Outcome.CONFLICT, false, null, false, List.of(), "(record): " + row + " of this customer in "
                            + source + " was deleted " + write + " and before that write landed; the write came after the deletion and brought the"
                            + " row back (a loader reviving deleted rows), so the customer lives in both: " + advice, Map.of(), settled, null);
                }
                case UPDATE_REVIVES -> {
                    return new SyncDecision(SyncDecision.Outcome.UNCHANGED, false, null, false, List.of(), null, Map.of(), settled, null);
                }
                default -> {
                    final SyncState deletion = deletedState();
                    final SyncSnapshot targetAfter = SyncSnapshot.written(over(theirs, deletion), now, targetBefore())
                            .standingFor(targetRow, targetSecondRows);
                    final SyncSnapshot sourceAfter = sourced(SyncSnapshot.written(over(sourceSnapshot.state(), deletion), now, sourceSnapshot.state()));
                    return new SyncDecision(SyncDecision.Outcome.MERGED, false, deletion, true, List.of(), null, Map.of(), sourceAfter, targetAfter);
                }
            }
        }

        /** Why a deletion of a row edited after it came back while its earlier deletion waited goes to a person again. */
        private String deletedAgainAfterAnUndo() {
            return "(record): " + source + " deleted it, again: its row " + incomingRow + " came back while an earlier deletion waited for a"
                    + " person, was edited there (undoing that deletion) and is deleted now; " + target + " keeps the customer: to delete it,"
                    + " delete it in " + target + " too; to keep it, restore the row in " + source;
        }

        /**
         * Whether the record is the tombstone of a row remembered as deleted that the sync's insert, on its way to the
         * source (no row named), landed in and that a person deleted before the sync read it back: the tombstone is
         * {@link #deletedAfterTheInsert deleted after the insert} and holds the insert's values (a loader that revives
         * tombstones upserts by the golden id into the customer's deleted row), or, after a later write of the sync not read
         * back either, that write's or the one before it ({@link SyncSnapshot#before}): the person may have deleted the row
         * before or after the later write landed. That is the customer's row deleted, not its old tombstone read again.
         */
        private boolean insertLandedInADeletedRowThenDeleted() {
            return deletedAfterTheInsert() && !incoming.fields().isEmpty() && sourceSnapshot.holdsAWriteNotReadBack(incoming);
        }

        /**
         * Whether the record is the tombstone of a row remembered as deleted, newer than that deletion and than the sync's
         * insert on its way to the source (no row named), whose deletion the sync had read before the insert (else the
         * tombstone may be the sync's own delete, on its way then, read back): the row came back after the insert was
         * decided and was deleted again. Either the insert landed in it (a loader upserting by the golden id into the
         * customer's deleted row) and a person deleted the customer, or a person restored the row and deleted it again
         * while the insert landed in a new row. Only the tombstone's values tell the two apart (the first holds the
         * insert's); a tombstone older than the insert cannot be the row the insert landed in, deleted. The insert's time
         * is the first unconfirmed insert's, also after later writes of the sync, not read back either
         * ({@link SyncSnapshot#insertedIntoADeletedRow}): a person deleting the row between the insert and a later write
         * deleted the row the insert landed in (before, the later write's time was compared, and such a tombstone was
         * taken for the old one read again: the customer lived on in the other CRM, and the later write revived the row).
         */
        private boolean deletedAfterTheInsert() {
            final long inserted = sourceSnapshot.insertedIntoADeletedRow();
            return inserted != Timestamps.NONE && sourceSnapshot.deletedAgainSince(incomingRow, incoming) && incoming.modified() > inserted;
        }

        /**
         * Whether the record is a tombstone carrying neither values nor a time (a deleted-records API's or delete webhook's
         * id and deleted flag) of a row remembered as deleted, no later than the sync's insert on its way to the source (no
         * row named; not routed since that insert was decided): it may be the row's old tombstone read again, or the row
         * the insert landed in (a loader upserting by the golden id into the deleted row) deleted by a person. Only a time
         * newer than the insert ({@link #deletedAfterTheInsert}) or the tombstone's values tell; without either, a person
         * decides.
         */
        private boolean untimedAfterTheInsert() {
            final long inserted = sourceSnapshot.insertedIntoADeletedRow();
            return inserted != Timestamps.NONE && incoming.deleted() && incoming.modified() == Timestamps.NONE
                    && incoming.fields().values().stream().allMatch(Objects::isNull) && sourceSnapshot.deletedBefore(incomingRow, inserted);
        }

        /** Why a tombstone {@link #untimedAfterTheInsert without values or a time} of a row the insert may have revived goes to a person. */
        private String untimedAfterTheInsertText() {
            return "(record): row " + incomingRow + " of this customer in " + source + ", deleted before, was deleted again or its old tombstone is"
                    + " read again, and its tombstone carries neither values nor a time: the sync's insert of the customer there may have landed"
                    + " in it (a loader upserting by the golden id into a deleted row), and a person deleted it; if the customer is no longer in "
                    + source + ", delete it in " + target + " too, else nothing is to be done";
        }

        /**
         * Why an id-only tombstone {@link #deletedAfterTheInsert deleted after the insert} goes to a person: it may be the
         * customer deleted, or a restored row deleted again while the customer lives in a new row.
         */
        private String deletedAfterTheInsertWithoutValues() {
            return "(record): row " + incomingRow + " of this customer in " + source + ", deleted before, was deleted again after the sync's insert of"
                    + " the customer there, and its tombstone carries no values: the insert may have landed in it (a loader upserting by the golden"
                    + " id into a deleted row) or in a new row; if the customer is no longer in " + source + ", delete it in " + target
                    + " too, else nothing is to be done";
        }

        /**
         * Whether the record's row was routed to conflict (or synced, with Sync Every Row) in this very state: fingerprinted
         * as it is now, or as an earlier version kept a multi-select read as a list.
         */
        private boolean routedAlready() {
            if (sourceSnapshot.routedAlready(incomingRow, incoming)) {
                return true;
            }
            for (final SyncState earlier : incomingEarlierForms) {
                if (sourceSnapshot.routedAlready(incomingRow, earlier)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The decision on a row holding the customer's golden id other than the customer's row, which a person restored
         * while the sync's insert of the customer, naming no row, was on its way ({@link SyncSnapshot#crossed}): the insert
         * landed as a new row (a loader inserting by the golden id), a duplicate the sync created itself. Holding merely the
         * values of one of the writes crossed, it is the sync's own: the write-back deletes it (through the loader's delete,
         * by its id), and the customer keeps syncing through the restored row (before, the new row was taken for the
         * customer's row, as it keeps the golden id, or, without a Golden ID Field, for a second row whose values synced: the
         * sync's old values in it overwrote the restore's in both systems, and two rows lived on; seed 29 of the two-way
         * simulation). Keeping the golden id and edited by a person (any other value), it is not deleted: it goes to conflict
         * naming both rows, for the person to merge them (without the golden id, an edited row is not told from a second row a
         * person entered, and the Duplicate Row Policy decides, as for any). Deleted already, read again as routed, or a live
         * version of a row remembered deleted no newer than its deletion (a replay), it changes nothing.
         */
        private SyncDecision duplicateOfTheInsert(final String syncedRow) {
            if (sourceSnapshot.liveBeforeDeletion(incomingRow, incoming)) {
                // a live version of a row remembered deleted, no newer than its deletion: a replay of an earlier read (the
                // customer's own row before it was deleted, or the duplicate before the sync's delete), not the insert landed
                // there; it changes nothing (before, its values, merely a write's, deleted the row by a write-back)
                return new SyncDecision(SyncDecision.Outcome.UNCHANGED, false, null, false, List.of(), null, Map.of(), null, null);
            }
            if (incoming.deleted()) {
                return new SyncDecision(SyncDecision.Outcome.UNCHANGED, false, null, false, List.of(), null, Map.of(),
                        sourceSnapshot.withSecondRow(incomingRow, incoming).crossing(List.of()), null);
            }
            if (routedAlready()) {
                return new SyncDecision(SyncDecision.Outcome.UNCHANGED, false, null, false, List.of(), null, Map.of(), null, null);
            }
            if (sourceSnapshot.holdsACrossedWrite(incoming)) {
                // remembered deleted as of this version: the sync's delete read back (newer) is its own echo
                final SyncSnapshot deleting = sourceSnapshot.withSecondRow(incomingRow, new SyncState(Map.of(), true, incoming.modified()))
                        .crossing(List.of());
                return new SyncDecision(SyncDecision.Outcome.UNCHANGED, true, deletedState(), true, List.of(), null, Map.of(), deleting, null)
                        .deletingDuplicate(incomingRow);
            }
            return new SyncDecision(SyncDecision.Outcome.CONFLICT, false, null, false, List.of(), editedDuplicate(syncedRow), Map.of(),
                    sourceSnapshot.withSecondRow(incomingRow, incoming), null);
        }

        /** Why a duplicate the sync's insert created, edited by a person since, goes to conflict. */
        private String editedDuplicate(final String syncedRow) {
            return "(record): row " + incomingRow + " holds this customer's golden id in " + source + ": the sync's insert of the customer there,"
                    + " decided while row " + syncedRow + " was deleted, crossed a person's restore of row " + syncedRow + " and landed as a second"
                    + " row, and a person edited it since, so the sync does not delete it; the customer syncs through row " + syncedRow + " there,"
                    + " this row's changes are not synced to " + target + "; merge the two rows in " + source;
        }

        /** Why a record from a second row of the customer in its system is not synced. */
        private String secondRow(final String syncedRow) {
            return "(record): row " + incomingRow + " is a second row of this customer in " + source + ", which syncs through row " + syncedRow
                    + " there; merge the two rows in " + source + (incoming.deleted()
                    ? " (this row is deleted: nothing is deleted in " + target + ", the customer lives on in row " + syncedRow + ")"
                    : " (this row's changes are not synced to " + target + ")");
        }

        /** Why the deletion of the customer's own row deletes nothing. */
        private String handOver(final SyncSnapshot handedOver) {
            final List<String> others = handedOver.livingSecondRows();
            return "(record): row " + incomingRow + ", the row this customer syncs through in " + source + ", is deleted, but the customer lives on "
                    + "in row " + handedOver.row() + " there: nothing is deleted in " + target + "; the customer syncs through row " + handedOver.row()
                    + " from now on, and that row's values reach " + target + " as " + source + "'s changes"
                    + (others.isEmpty() ? "" : "; row" + (others.size() == 1 ? " " : "s ") + String.join(", ", others) + " stay"
                            + (others.size() == 1 ? "s a second row" : " second rows"));
        }

        private void chooseBase() {
            if (landedOn != null) {
                // the change, against the row as the sync knew it when it decided the delete; the delete landed over it
                base = sourceSnapshot.before();
                eventualSource = landedOn;
                reflectsSnapshot = false;
            } else if (enteredAgain) {
                // whatever the sync wrote to the deleted row, the customer was deleted there before this row was entered
                base = sourceSnapshot.state();
                eventualSource = incoming;
                reflectsSnapshot = true;
            } else if (sourceSnapshot == null) {
                base = null;
                eventualSource = incoming;
                reflectsSnapshot = true;
            } else if (sourceSnapshot.earlierWriteHeld(incomingVersion) != null) {
                // the row gives back the version of an earlier write of the sync, with other values: a person's edit of that
                // write, made before the later writes landed (which a person's edit leaves the version of), whatever its
                // time: merged against that write, with the latest write still on its way (before, read after the latest
                // write's decision, the fields that write was to change were taken for a person's edit back to the values
                // before it, or the record for a write that never landed: a conflict, nothing synced)
                base = sourceSnapshot.earlierWriteHeld(incomingVersion);
                eventualSource = sourceSnapshot.landedOver(incoming);
                reflectsSnapshot = false;
            } else if (!sourceSnapshot.isWritten() || reflectsWrite() && !sourceSnapshot.writtenToRowHandedOverFrom()) {
                // (a write that went to the row the customer was handed over from never shows in the row kept, however
                // late that row is read: it is merged against the state before the write, which it is written back over)
                base = sourceSnapshot.state();
                eventualSource = incoming;
                reflectsSnapshot = true;
            } else {
                base = sourceSnapshot.before();
                // the write on its way changes the fields it carries; the source keeps its own values of the others
                eventualSource = sourceSnapshot.landedOver(incoming);
                reflectsSnapshot = false;
            }
        }

        /**
         * The target's state before the write: theirs, keeping the time of the last version read from the target (after
         * an earlier write not read back yet, theirs is that write, whose time is not the target's own).
         */
        private SyncState targetBefore() {
            if (theirs != null && theirs.deleted() && targetRevived && targetWhileDeleted != null) {
                // the row, kept deleted while its deletion waits for a person, lives with the sync's own write a reviving
                // loader landed: what the target holds before this write (the person's approval, a deletion) is that live
                // row, so a record of it read before the approval landed (a person's edit in the same cycle) is merged
                // against the row it edited, like any edit crossing a deletion, not against the tombstone (which took the
                // edit for the customer deleted on both sides and back, and brought it back in both systems); the
                // tombstone's time is kept, so that a version older than the deletion stays an older version
                return new SyncState(targetWhileDeleted.fields(), false, theirs.modified());
            }
            if (theirs == null || !targetWritten) {
                return theirs;
            }
            return new SyncState(theirs.fields(), theirs.deleted(), targetReadBefore == null ? Timestamps.NONE : targetReadBefore.modified());
        }

        /**
         * Why a record cannot be merged when its time says it was read after the sync's last write to its system, yet it
         * holds every field that write changed as it was before the write, and another field changed: the write may never
         * have reached the system (its loader failed), or a person there undid it. Taken as an edit, the values from
         * before the write would overwrite the other system's change, which the write was to bring, in both systems; so a
         * person decides. Null otherwise (a record showing the write, or a new value, or nothing else changed: a value
         * the system rewrote in its own format, read back).
         */
        private String writeNotShown() {
            if (sourceSnapshot == null || !sourceSnapshot.isWritten() || incoming.deleted() || incoming.modified() == Timestamps.NONE
                    || incoming.modified() <= sourceSnapshot.written()
                    || sourceSnapshot.writtenToRowHandedOverFrom() || sourceSnapshot.earlierWriteHeld(incomingVersion) != null) {
                // (a customer handed over from a deleted row: the write may have gone to that row, and the row kept lacks it
                // by design; its values are merged against the state before the write)
                // (a row giving back the version of an earlier write of the sync: the write is not shown because it has not
                // landed yet, which the version tells; see chooseBase)
                return null;
            }
            final SyncState written = sourceSnapshot.state();
            final SyncState before = sourceSnapshot.before();
            if (before == null || written.deleted() || before.deleted()) {
                return null;
            }
            final List<String> writeChanged = new ArrayList<>();
            final List<String> otherChanged = new ArrayList<>();
            for (final String field : compared) {
                if (!Objects.equals(written.value(field), before.value(field))) {
                    if (!Objects.equals(incoming.value(field), before.value(field))) {
                        return null;
                    }
                    writeChanged.add(field);
                } else if (!Objects.equals(incoming.value(field), written.value(field))) {
                    otherChanged.add(field);
                }
            }
            if (writeChanged.isEmpty() || otherChanged.isEmpty()) {
                return null;
            }
            return "(record): read from " + source + " after the sync wrote " + String.join(", ", writeChanged) + " there ("
                    + Instant.ofEpochMilli(sourceSnapshot.written()) + "), it holds " + (writeChanged.size() == 1 ? "that field" : "those fields")
                    + " as before the write, and " + String.join(", ", otherChanged) + " changed: the write may not have reached " + source
                    + " (see the loader's failures), or a person there undid it; nothing is synced until a person decides what " + source
                    + " and " + target + " keep";
        }

        /** Whether the record was read after the sync's last write to its system landed. */
        private boolean reflectsWrite() {
            if (incoming.modified() != Timestamps.NONE) {
                return incoming.modified() > sourceSnapshot.written() && !deletedWithoutTheWrite();
            }
            final SyncState written = sourceSnapshot.state();
            final SyncState before = sourceSnapshot.before();
            if (before == null) {
                // the write was the sync's insert (nothing was known of the system before it): it wrote every value it
                // holds, empty ones too (a loader writes whole records), so a live record without all of them was there
                // before the insert landed (the customer entered in both systems), not an edit made after it
                if (incoming.deleted() || written.deleted()) {
                    return true;
                }
                for (final String field : compared) {
                    if (written.fields().containsKey(field) && !Objects.equals(incoming.value(field), written.value(field))) {
                        return false;
                    }
                }
                return true;
            }
            if (written.deleted() != before.deleted()) {
                return incoming.deleted() == written.deleted();
            }
            // a tombstone carrying no values (an id-only delete: its fields absent, or present and empty, as in a CSV) shows
            // the write on no field, whatever form it comes in: it is judged on the fields the write holds, each empty, so
            // that the two forms decide alike (before, the form without fields was compared on none, taken as read after
            // the write, and its deletion applied under every Delete Policy)
            final Set<String> judged = incoming.deleted() && incoming.fields().values().stream().allMatch(Objects::isNull)
                    ? written.fields().keySet() : compared;
            for (final String field : judged) {
                if (!Objects.equals(written.value(field), before.value(field)) && !Objects.equals(incoming.value(field), written.value(field))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether the record is a tombstone newer than the sync's last write to its row that holds, on every field that
         * write changed (one at least), the value from before it: the row was deleted without the write (a person deleted
         * it after the sync read it and before the write came, which a CRM refuses on a deleted row: Salesforce's
         * ENTITY_IS_DELETED, HubSpot's 404), so the deletion crossed the other system's change the write carried, though
         * read a cycle later. Else (a tombstone carrying no values, or showing the write) the deletion came after the write.
         */
        private boolean deletedWithoutTheWrite() {
            final SyncState written = sourceSnapshot.state();
            final SyncState before = sourceSnapshot.before();
            if (!incoming.deleted() || written.deleted() || before == null || before.deleted()
                    || incoming.fields().values().stream().allMatch(Objects::isNull)) {
                return false;
            }
            boolean writeChanged = false;
            for (final String field : compared) {
                if (!sourceSnapshot.unwritten().contains(field) && written.fields().containsKey(field)
                        && !Objects.equals(written.value(field), before.value(field))) {
                    if (!Objects.equals(incoming.value(field), before.value(field))) {
                        return false;
                    }
                    writeChanged = true;
                }
            }
            return writeChanged;
        }

        /** A tombstone from the source. */
        private Merged mergeDelete() {
            if (theirs == null || theirs.deleted()) {
                return Merged.of(deletedState());
            }
            final boolean targetChanged = base == null || base.deleted() || !theirs.sameFields(base, compared);
            if (!targetChanged) {
                return Merged.of(deletedState());
            }
            return switch (policy.deletePolicy()) {
                case DELETE_WINS -> Merged.of(deletedState());
                case UPDATE_REVIVES -> Merged.of(new SyncState(theirs.fields(), false, now));
                case ROUTE_TO_CONFLICT -> Merged.conflict("(record): " + source + " deleted it, " + target + " "
                        + (base == null ? "has it and was never synced from " + source : "changed " + changedFields(theirs, base)));
            };
        }

        /** A record from the source, while the target deleted the customer. */
        private Merged mergeAgainstDelete() {
            if (base != null && base.deleted()) {
                // deleted on both sides, and now back in the source: it comes back in the target too
                return Merged.of(new SyncState(incoming.fields(), false, now));
            }
            final boolean sourceChanged = base == null || !incoming.sameFields(base, compared);
            if (!sourceChanged) {
                return Merged.of(deletedState());
            }
            return switch (policy.deletePolicy()) {
                case DELETE_WINS -> Merged.of(deletedState());
                case UPDATE_REVIVES -> Merged.of(new SyncState(incoming.fields(), false, now));
                case ROUTE_TO_CONFLICT -> Merged.conflict("(record): " + target + " deleted it, " + source + " "
                        + (base == null ? "has it and was never synced" : "changed " + changedSinceTheDeletion()) + (landedOn == null ? ""
                        : "; the sync's delete of the customer reached " + (incomingRow == null ? "its row" : "row " + incomingRow) + " in " + source
                        + " after that change, which it had not read: the row is deleted there with it. To keep the customer, restore"
                        + " the row in " + source + " (the sync brings it back in " + target + "); else nothing is to be done"));
            };
        }

        /**
         * The fields the source changed since its base and, while the target's deletion waits for a person, those it holds
         * otherwise than the target's row before the deletion: its earlier changes held for the person too (the sync knows
         * them, so they are no change since the base), named again, so the latest conflict shows all of them.
         */
        private String changedSinceTheDeletion() {
            if (targetWhileDeleted == null) {
                return changedFields(incoming, base);
            }
            final SyncState held = over(sourceSnapshot == null ? null : sourceSnapshot.state(), incoming);
            final Set<String> fields = new LinkedHashSet<>(compared);
            fields.addAll(held.fields().keySet());
            final List<String> changed = new ArrayList<>();
            for (final String field : fields) {
                if (compared.contains(field) && !Objects.equals(incoming.value(field), base.value(field))
                        || targetWhileDeleted.fields().containsKey(field) && !Objects.equals(held.value(field), targetWhileDeleted.value(field))) {
                    changed.add(field);
                }
            }
            return String.join(", ", changed);
        }

        private SyncState deletedState() {
            return new SyncState(Map.of(), true, now);
        }

        private String changedFields(final SyncState changed, final SyncState from) {
            final List<String> fields = new ArrayList<>();
            for (final String field : compared) {
                if (!Objects.equals(changed.value(field), from.value(field))) {
                    fields.add(field);
                }
            }
            return String.join(", ", fields);
        }

        /** Both sides alive: field by field. */
        private Merged mergeFields() {
            final Map<String, String> values = new LinkedHashMap<>();
            if (theirs == null) {
                // the target never had the customer: the record as it is
                values.putAll(incoming.fields());
                return Merged.of(new SyncState(values, false, incoming.modified()));
            }
            // the customer's row restored by a person while its deletion waited for one: merged against the row as the
            // sync knew it before the deletion (with the sync's own write a reviving loader landed in it since, which the
            // row holds not by the person's doing), so only fields changed on both sides since are conflicts
            final SyncState fieldBase = base == null ? null : !base.deleted() ? base
                    : !enteredAgain && base == sourceSnapshot.state() ? sourceSnapshot.rowWhileTheDeletionWaits() : null;
            final List<String> conflicting = new ArrayList<>();
            final List<String> leftOpen = new ArrayList<>();
            for (final String field : compared) {
                final String mine = incoming.value(field);
                final String other = theirs.value(field);
                if (sourceOpen.containsKey(field) || targetOpen.containsKey(field)) {
                    if (!mergeOpen(field, mine, other, values)) {
                        leftOpen.add(field);
                    }
                    continue;
                }
                if (Objects.equals(mine, other)) {
                    values.put(field, mine);
                    continue;
                }
                if (fieldBase == null) {
                    conflicting.add(field);
                    conflicts.add(new FieldConflict(field, null, false, mine, other));
                    continue;
                }
                final String was = fieldBase.value(field);
                final boolean sourceChanged = !Objects.equals(mine, was);
                final boolean targetChanged = !Objects.equals(other, was);
                if (sourceChanged && !targetChanged) {
                    values.put(field, mine);
                    lineage.put(field, source + ": changed");
                } else if (!sourceChanged) {
                    values.put(field, other);
                    lineage.put(field, target + ": changed there");
                } else if (multiSelects.contains(field)) {
                    // options added and removed on each side: all of them apply, none contradicts another
                    values.put(field, multiSelects.merge(field, was, mine, other));
                    lineage.put(field, source + " and " + target + ": options changed in both, merged");
                } else {
                    conflicting.add(field);
                    conflicts.add(new FieldConflict(field, was, true, mine, other));
                }
            }
            if (!conflicting.isEmpty() && !settle(values)) {
                if (base != null && base.deleted() && fieldBase != null) {
                    // a restore, merged against the row before the deletion: it lives from now on (see restoredOpen)
                    restoredOpen = new TreeMap<>();
                    for (final String field : compared) {
                        if (!Objects.equals(incoming.value(field), theirs.value(field))) {
                            restoredOpen.put(field, fieldBase.value(field));
                        }
                    }
                }
                return Merged.unsettled();
            }
            if (!leftOpen.isEmpty()) {
                // neither system's value of a field waiting for a person is compared or written to the other: each keeps
                // its own (the merged state lacks the field, so a write carries the value of the system written)
                final Set<String> settled = new LinkedHashSet<>(compared);
                leftOpen.forEach(settled::remove);
                compared = settled;
            }
            return Merged.of(new SyncState(values, false, incoming.modified()));
        }

        /**
         * Whether a field open in either snapshot (see {@link SyncSnapshot#open}) differs between the record and the target
         * but changed on one side only since its base: the record read again unchanged lets it flow, as a live customer's
         * change (a person's restore left it open only because another field went to the person).
         */
        private boolean openFieldFlows() {
            if (theirs == null || theirs.deleted() || incoming.deleted() || sourceOpen.isEmpty() && targetOpen.isEmpty()) {
                return false;
            }
            for (final String field : compared) {
                final String agreed = sourceOpen.containsKey(field) ? sourceOpen.get(field) : targetOpen.get(field);
                if ((sourceOpen.containsKey(field) || targetOpen.containsKey(field)) && !Objects.equals(incoming.value(field), theirs.value(field))
                        && (Objects.equals(incoming.value(field), agreed) || Objects.equals(theirs.value(field), agreed))) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Merges an open field (see {@link SyncSnapshot#open}) into the values, unless it stays open: false then. Both systems
         * holding one value, or a new value of the source since the sync last read it (the person's settling edit), settle
         * it; else a field changed since its base on one side only takes that side's value, as a live customer's; changed
         * on both, it stays open, the source's value read again being no change.
         */
        private boolean mergeOpen(final String field, final String mine, final String other, final Map<String, String> values) {
            final String agreed = sourceOpen.containsKey(field) ? sourceOpen.get(field) : targetOpen.get(field);
            final String known = base == null || base.deleted() ? agreed : base.value(field);
            if (Objects.equals(mine, other)) {
                values.put(field, mine);
            } else if (!Objects.equals(mine, known)) {
                values.put(field, mine);
                lineage.put(field, source + ": changed while it waited for a person, settled");
            } else if (Objects.equals(other, agreed)) {
                values.put(field, mine);
                lineage.put(field, source + ": changed");
            } else if (Objects.equals(mine, agreed)) {
                values.put(field, other);
                lineage.put(field, target + ": changed there");
            } else {
                return false;
            }
            sourceOpen.remove(field);
            targetOpen.remove(field);
            return true;
        }

        /** Settles the conflicting fields by the policy into the values; false when the policy cannot decide. */
        private boolean settle(final Map<String, String> values) {
            final String reason;
            final Boolean incomingWins;
            switch (policy.conflictPolicy()) {
                case SOURCE_PRIORITY -> {
                    final int sourceRank = policy.priority().rank(source);
                    final int targetRank = policy.priority().rank(target);
                    incomingWins = sourceRank == targetRank ? null : sourceRank < targetRank;
                    reason = "conflict won by source priority";
                }
                case MOST_RECENT -> {
                    final long mine = incoming.modified();
                    final long other = theirs.modified();
                    incomingWins = mine == Timestamps.NONE || other == Timestamps.NONE || mine == other ? null : mine > other;
                    reason = "conflict won as the most recent";
                }
                case PREFER_SYSTEM -> {
                    return preferSystem(values);
                }
                default -> {
                    return false;
                }
            }
            if (incomingWins == null) {
                return false;
            }
            for (final FieldConflict conflict : conflicts) {
                values.put(conflict.field(), incomingWins ? conflict.incoming() : conflict.current());
                lineage.put(conflict.field(), (incomingWins ? source : target) + ": " + reason);
            }
            return true;
        }

        /** The preferred system's value wins each conflicting field unless it is empty. */
        private boolean preferSystem(final Map<String, String> values) {
            final String preferred = policy.preferredSystem() == null ? "" : policy.preferredSystem().strip().toLowerCase(Locale.ROOT);
            final boolean sourcePreferred = preferred.equals(source.toLowerCase(Locale.ROOT));
            if (!sourcePreferred && !preferred.equals(target.toLowerCase(Locale.ROOT))) {
                return false;
            }
            for (final FieldConflict conflict : conflicts) {
                final String preferredValue = sourcePreferred ? conflict.incoming() : conflict.current();
                final boolean incomingWins = sourcePreferred == (preferredValue != null);
                values.put(conflict.field(), incomingWins ? conflict.incoming() : conflict.current());
                lineage.put(conflict.field(), (incomingWins ? source : target) + ": conflict won, " + policy.preferredSystem().strip()
                        + (preferredValue != null ? " preferred" : " preferred but empty"));
            }
            return true;
        }
    }

    /** The state written over the one before (null: none): its fields replaced, the others kept. */
    private static SyncState over(final SyncState before, final SyncState state) {
        return before == null ? state : before.with(state.fields(), state.deleted(), state.modified());
    }

    /** A merged state, or why there is none. */
    private record Merged(SyncState state, String conflict) {
        static Merged of(final SyncState state) {
            return new Merged(state, null);
        }

        static Merged conflict(final String description) {
            return new Merged(null, description);
        }

        static Merged unsettled() {
            return new Merged(null, null);
        }
    }
}
