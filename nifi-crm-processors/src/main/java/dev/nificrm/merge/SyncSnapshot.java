package dev.nificrm.merge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.store.SourceIds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the sync knows of a customer in one system, as kept in the entity store's snapshot: the state it last read from
 * the system or last wrote to it. After a write it also keeps when it wrote and the system's state just before, so that
 * a record read from the system before the write landed is compared with what the system really had.
 * <p>
 * The JSON the store keeps is the record itself: its compared fields at the top level, as canonical text (null when
 * empty), so that anything reading snapshots (ReconcileCRMRecord) sees the record in the layout the sync wrote; the
 * bookkeeping goes under keys starting with {@code crm_}, which no synced field has:
 * <pre>
 * {"FirstName": "Robert", "Email": "rob@new.example", "Phone": null,
 *  "crm_modified": 1717236000000, "crm_written": 1717239600000,
 *  "crm_before": {"FirstName": "Robert", "Email": "bob@example.com", "Phone": null}}
 * </pre>
 * ({@code crm_deleted}: true for a tombstone; {@code crm_modified}: the state's last-modified time; {@code crm_written}
 * and {@code crm_before}: after a write, its time and the state before it, and with a tombstone whose deletion went to a
 * person, the row as the sync last knew it alive ({@link #rowBeforeDeletion}); {@code crm_row}: the id of the customer's row
 * in the system, when known; {@code crm_second_rows}: the other rows of the customer in the system that were routed to
 * conflict, each with a fingerprint of the state it was routed with, {@value #DELETED_ROW} once deleted, and the time of
 * that version after an {@code @} when known; {@code crm_row_seen}: with Sync Every Row, after a second row's change synced,
 * the {@link #fingerprint} of the customer's own row as last read, as the state is then the second row's, and
 * {@code crm_row_seen_fields} the {@link #fieldFingerprint} of each of its fields, to tell which fields an edit of it changed;
 * {@code crm_unwritten}: after a write lacking some fields of the state, those fields; {@code crm_overruled}: with a
 * tombstone whose deletion won over a write of the sync on its way to the row, or went to a person while it was on its
 * way, the values that write carried ({@code crm_deleted} in it: the tombstone carried no values); {@code crm_revived}: with it, while the deletion waits for a person, that the row
 * was read back alive holding merely that write; {@code crm_open}: the fields left open by a person's restore, each with
 * its base, see {@link #open}; {@code crm_inserted}: after a later write, the time of the
 * sync's insert into a deleted row not read back yet, see {@link #inserted}; {@code crm_pending}: with it, the values of the
 * earlier writes since, see {@link #pending}; {@code crm_crossed}: the values of the sync's insert into a deleted row and its
 * writes since that a person's restore of the row crossed, see {@link #crossed}; {@code crm_echoed}: the sync's last write
 * confirmed by its echo, as a snapshot of its own (the values it changed, {@code crm_modified} the echo's time,
 * {@code crm_written} its decision's, {@code crm_before} the row's values before it), see {@link #echoed};
 * {@code crm_write_version}: after a write, the version the write carried ({@code crm_sync_version}), see {@link #writeVersion};
 * {@code crm_earlier_writes}: the sync's earlier writes to the row still on their way, by their versions, see
 * {@link #earlierWrites}.)
 *
 * @param state   the system's state as far as the sync knows
 * @param written when the sync wrote this state (epoch milliseconds), or {@link Timestamps#NONE} when it was read from the system
 * @param before  after a write: the system's state before it (null when it had none); with a tombstone read whose deletion
 *                waits for a person (Delete Policy route-to-conflict), the row as the sync last knew it before the deletion,
 *                the base a restore of the row is merged against ({@link #rowBeforeDeletion}); else null after a read
 * @param row     the id of the row the customer syncs through in the system (the first row read there), or null when
 *                no row of the system was read yet (e.g. the sync's own insert, until it is read back)
 * @param secondRows the customer's other rows in the system already routed to conflict: row id → {@link #fingerprint}
 *                of the state routed, so that reading such a row again unchanged does not raise the conflict again
 * @param rowSeen after a second row's change synced (Sync Every Row), the fingerprint of the customer's own row as the sync
 *                last read it, so that reading it again unchanged is not taken for an edit back to its values; else null
 * @param rowSeenFields with {@code rowSeen}: field → {@link #fieldFingerprint} of that row's value as last read, so that an
 *                edit of the row changes only the fields it edited; empty when not known (snapshots kept before it was)
 * @param unwritten after a write: the fields of the state the write did not carry (its FlowFile's schema lacked them): the
 *                system keeps its own values of them, which the state holds as the sync last knew them; else empty
 * @param overruled with a tombstone read (Delete Wins kept the deletion) while a write of the sync was on its way to the
 *                row: the values that write carried, which a loader reviving a deleted row when it writes into it (an
 *                upsert writing a live record whole, its {@code is_deleted} false, as the sample SQL CRMs') lands; the row read back alive holding them is the
 *                sync's own echo, not a restore ({@link #overruledWriteLanded}); also with a tombstone whose deletion went to a
 *                person (Delete Policy route-to-conflict) while that write was on its way. Else null
 * @param revived with {@code overruled}, while the deletion waits for a person: the row was read back alive holding merely
 *                the overruled write (a reviving loader landed it), so it lives although the sync keeps it deleted until
 *                the person decides, and the person's approval of the deletion is written to it. Else false
 * @param open    the fields open in this system, each with its base (the value both systems last agreed on, null when
 *                empty): a person undid the deletion of the customer's row here (Delete Policy route-to-conflict) while the
 *                other system held other values, and the state holds this system's row as read (its real values). A field
 *                changed on both sides since its base waits for a person: this system's value read again is no change, and
 *                neither system's value is written to the other; the first new value of it in either system settles it.
 *                A field changed on one side only since its base takes that side's value, as any live customer's. Empty
 *                otherwise (and always for a tombstone)
 * @param inserted after a write not read back, when an earlier write not read back either was the sync's insert of the
 *                customer into this system while its row there was deleted (no row named, the tombstone before it): that
 *                insert's time, so that the row's tombstone newer than it is still told for the row the insert landed in,
 *                deleted by a person ({@link #insertedIntoADeletedRow}); the state before this write ({@code before}) is the
 *                earlier write's. Else {@link Timestamps#NONE} (and once the row is read back)
 * @param pending with {@code inserted}: the values of the sync's earlier writes since that insert (the insert's first),
 *                none read back, oldest first, the last {@value #MOST_PENDING_WRITES} (an older one is forgotten: its values
 *                in the row's tombstone are no longer told for the row the insert landed in), so that the row's tombstone
 *                holding any of them is told for the row the insert landed in, deleted by a person; else empty (and once
 *                the row is read back)
 * @param crossed the values of the sync's insert of the customer into this system while its row there was deleted, and of
 *                its writes since (oldest first, the last {@value #MOST_PENDING_WRITES}), none read back, when a person
 *                restored the deleted row before the sync read any of them back: the restored row is the customer's
 *                ({@code row}), and the insert, naming no row, may land as a second row that a loader inserting by the
 *                golden id creates. That row read holding the golden id and merely one of these writes' values is the
 *                sync's own duplicate, which it deletes; holding other values, a person edited it, and it goes to conflict.
 *                Each is kept with the time the sync decided its insert: without the golden id (no Golden ID Field) only a
 *                row newer than that is taken for the duplicate ({@link #newerThanTheCrossedInsert}).
 *                Also, the other order: the insert read back first, landed as a new row ({@code row}) while the customer's
 *                row is remembered deleted, holding merely one of these writes' values: a person's restore of the deleted
 *                row read while this row holds merely them is the customer's row again, and this row the sync's own
 *                duplicate, which it deletes ({@link #restoredOverTheInsert}); the sync's later writes to this row join
 *                them while it holds merely the sync's writes ({@link #crossedAfterWriting}, {@link #stillTheSyncsOwn}).
 *                Empty otherwise (always without a row, and for a tombstone), and once such a row was read
 * @param echoed  the sync's last write to this system confirmed by its echo (the row read back holding it, with a time):
 *                its state the values it changed, at the echo's time; {@code written} the time the sync decided it;
 *                {@code before} the row's values of those fields before it. A tombstone of the row read after the echo,
 *                older than it and newer than the decision (or untimed), holding the values from before the write, is a
 *                deletion the write overran: made before the write landed, which a loader reviving deleted rows landed all
 *                the same ({@link #overranBy}); once a decision settled it, the write's values are dropped (its state holds
 *                no field), so that the tombstone read again changes nothing ({@link #settledAlready}). Null when not known (no write
 *                confirmed with a time, or a tombstone), and always in an echoed write itself
 * @param writeVersion after a write: the version of the customer's snapshot in this system that the write carried (the
 *                records' Sync Version Field, {@code crm_sync_version}), which a row keeping it in a column gives back with
 *                its reads (MergeCRMRecord's Read Sync Version Field): the write's identity. {@link #NO_VERSION} when not
 *                known (a snapshot kept before it was remembered) and after a read
 * @param earlierWrites after a write (a deletion too): the sync's earlier live writes to the row, each decided before the
 *                one after it was read back, none read back yet, by the version each carried (lower than {@code writeVersion};
 *                the same for an earlier write decided in the same part of a FlowFile, the same record read twice, whose
 *                writes carry one version), the last {@value #MOST_PENDING_WRITES}. A live record read from the row carrying
 *                one of these versions and that write's values on every compared field is that write landed late, the sync's
 *                own echo ({@link #earlierWriteReadBack}), not a person's edit back to its values: a person's edit keeps the
 *                version the row holds, which after a later write landed is the later one. One carrying a lower version
 *                with other values is a person's edit of that write, made before the later writes landed
 *                ({@link #earlierWriteHeld}). Empty otherwise
 */
public record SyncSnapshot(SyncState state, long written, SyncState before, String row, Map<String, String> secondRows, String rowSeen,
                           Map<String, String> rowSeenFields, Set<String> unwritten, SyncState overruled, boolean revived,
                           Map<String, String> open, long inserted, List<SyncState> pending, List<SyncState> crossed, SyncSnapshot echoed,
                           long writeVersion, Map<Long, SyncState> earlierWrites) {
    /** Keys starting so are the snapshot's bookkeeping, never a synced field. */
    public static final String BOOKKEEPING_PREFIX = "crm_";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DELETED = "crm_deleted";
    private static final String MODIFIED = "crm_modified";
    private static final String WRITTEN = "crm_written";
    private static final String BEFORE = "crm_before";
    private static final String ROW = "crm_row";
    private static final String SECOND_ROWS = "crm_second_rows";
    private static final String ROW_SEEN = "crm_row_seen";
    private static final String ROW_SEEN_FIELDS = "crm_row_seen_fields";
    private static final String UNWRITTEN = "crm_unwritten";
    private static final String OVERRULED = "crm_overruled";
    private static final String REVIVED = "crm_revived";
    private static final String OPEN = "crm_open";
    private static final String INSERTED = "crm_inserted";
    private static final String PENDING = "crm_pending";
    private static final String CROSSED = "crm_crossed";
    private static final String ECHOED = "crm_echoed";
    private static final String WRITE_VERSION = "crm_write_version";
    private static final String EARLIER_WRITES = "crm_earlier_writes";
    /** No version known (the versions the store gives a customer's snapshot start at 1). */
    public static final long NO_VERSION = 0;
    /**
     * The key of an earlier write of the same part in {@link #earlierWrites} until the part's write commits: the version
     * this write carries, not known yet (see {@link #withWriteVersion}).
     */
    private static final long THIS_VERSION = Long.MAX_VALUE;
    /** The most earlier writes of the sync not read back whose values a snapshot remembers (see {@link #pending}). */
    public static final int MOST_PENDING_WRITES = 8;
    /** Row ids in order: ids of digits alone as numbers (shorter first), before any other, which go in text order. */
    private static final Comparator<String> ROW_ORDER = Comparator.comparing((String id) -> !id.chars().allMatch(Character::isDigit))
            .thenComparing(id -> id.chars().allMatch(Character::isDigit) ? id.length() : 0).thenComparing(Comparator.naturalOrder());
    /** The fingerprint of a deleted row. */
    public static final String DELETED_ROW = "deleted";
    /** Separates a second row's fingerprint from the time of the version seen. */
    private static final String TIME_SEPARATOR = "@";
    /** The most fields differing from the state for which an own row's field fingerprints are recovered (2^12 fingerprints). */
    private static final int MOST_FIELDS_RECOVERED = 12;

    public SyncSnapshot {
        secondRows = secondRows == null || secondRows.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(secondRows));
        rowSeenFields = rowSeen == null || rowSeenFields == null || rowSeenFields.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(rowSeenFields));
        unwritten = written == Timestamps.NONE || state.deleted() || unwritten == null || unwritten.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(new TreeSet<>(unwritten));
        overruled = written != Timestamps.NONE || !state.deleted() || overruled == null || overruled.fields().isEmpty() ? null : overruled;
        revived = revived && overruled != null;
        open = state.deleted() || open == null || open.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(open));
        inserted = row != null || written == Timestamps.NONE || state.deleted() ? Timestamps.NONE : inserted;
        pending = inserted == Timestamps.NONE || pending == null || pending.isEmpty() ? List.of()
                : List.copyOf(pending.subList(Math.max(0, pending.size() - MOST_PENDING_WRITES), pending.size()));
        crossed = row == null || state.deleted() || crossed == null || crossed.isEmpty() ? List.of()
                : List.copyOf(crossed.subList(Math.max(0, crossed.size() - MOST_PENDING_WRITES), crossed.size()));
        echoed = state.deleted() || echoed == null ? null : echoed.echoed == null ? echoed : echoed.echoing(null);
        writeVersion = written == Timestamps.NONE || writeVersion < 0 ? NO_VERSION : writeVersion;
        // (a new write's version is known once its decision is committed: the earlier writes are kept until then; under a
        // deletion too, which lands after them)
        earlierWrites = written == Timestamps.NONE || earlierWrites == null || earlierWrites.isEmpty() ? Map.of()
                : lastEarlierWrites(earlierWrites, writeVersion);
    }

    /** A snapshot whose write's version is not known, remembering no earlier write on its way (see {@link #writeVersion}). */
    public SyncSnapshot(final SyncState state, final long written, final SyncState before, final String row, final Map<String, String> secondRows,
                        final String rowSeen, final Map<String, String> rowSeenFields, final Set<String> unwritten, final SyncState overruled,
                        final boolean revived, final Map<String, String> open, final long inserted, final List<SyncState> pending,
                        final List<SyncState> crossed, final SyncSnapshot echoed) {
        this(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, inserted, pending, crossed, echoed,
                NO_VERSION, Map.of());
    }

    /**
     * The live writes of versions up to the given one (any version while it is {@link #NO_VERSION}), the last
     * {@value #MOST_PENDING_WRITES}, in version order. (The given version itself only for an earlier write of the same
     * part, see {@link #followingTheWriteOf}.)
     */
    private static Map<Long, SyncState> lastEarlierWrites(final Map<Long, SyncState> writes, final long upTo) {
        final TreeMap<Long, SyncState> kept = new TreeMap<>();
        writes.forEach((version, write) -> {
            if (version != null && version > NO_VERSION && (upTo == NO_VERSION || version <= upTo) && write != null && !write.deleted()) {
                kept.put(version, write);
            }
        });
        while (kept.size() > MOST_PENDING_WRITES) {
            kept.pollFirstEntry();
        }
        return Collections.unmodifiableMap(kept);
    }

    /** A snapshot remembering no write of the sync confirmed by its echo (see {@link #echoed}). */
    public SyncSnapshot(final SyncState state, final long written, final SyncState before, final String row, final Map<String, String> secondRows,
                        final String rowSeen, final Map<String, String> rowSeenFields, final Set<String> unwritten, final SyncState overruled,
                        final boolean revived, final Map<String, String> open, final long inserted, final List<SyncState> pending,
                        final List<SyncState> crossed) {
        this(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, inserted, pending, crossed, null);
    }

    /** A snapshot remembering no write of the sync that a person's restore crossed (see {@link #crossed}). */
    public SyncSnapshot(final SyncState state, final long written, final SyncState before, final String row, final Map<String, String> secondRows,
                        final String rowSeen, final Map<String, String> rowSeenFields, final Set<String> unwritten, final SyncState overruled,
                        final boolean revived, final Map<String, String> open, final long inserted, final List<SyncState> pending) {
        this(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, inserted, pending, List.of());
    }

    /** A snapshot remembering no earlier write's values (see {@link #pending}). */
    public SyncSnapshot(final SyncState state, final long written, final SyncState before, final String row, final Map<String, String> secondRows,
                        final String rowSeen, final Map<String, String> rowSeenFields, final Set<String> unwritten, final SyncState overruled,
                        final boolean revived, final Map<String, String> open, final long inserted) {
        this(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, inserted, List.of());
    }

    /** A snapshot remembering no insert into a deleted row before its write (see {@link #inserted}). */
    public SyncSnapshot(final SyncState state, final long written, final SyncState before, final String row, final Map<String, String> secondRows,
                        final String rowSeen, final Map<String, String> rowSeenFields, final Set<String> unwritten, final SyncState overruled,
                        final boolean revived, final Map<String, String> open) {
        this(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, Timestamps.NONE);
    }

    /** A snapshot with no field open (see {@link #open}). */
    public SyncSnapshot(final SyncState state, final long written, final SyncState before, final String row, final Map<String, String> secondRows,
                        final String rowSeen, final Map<String, String> rowSeenFields, final Set<String> unwritten, final SyncState overruled,
                        final boolean revived) {
        this(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, Map.of());
    }

    /** A snapshot of a state read, or written by a write lacking the given fields of it, remembering what a deletion overruled. */
    public SyncSnapshot(final SyncState state, final long written, final SyncState before, final String row, final Map<String, String> secondRows,
                        final String rowSeen, final Map<String, String> rowSeenFields, final Set<String> unwritten, final SyncState overruled) {
        this(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, false);
    }

    /** A snapshot of a state read, or written by a write lacking the given fields of it, with no write overruled by a deletion. */
    public SyncSnapshot(final SyncState state, final long written, final SyncState before, final String row, final Map<String, String> secondRows,
                        final String rowSeen, final Map<String, String> rowSeenFields, final Set<String> unwritten) {
        this(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, null);
    }

    /** A snapshot of a state read, or written by a write that carried every field of it. */
    public SyncSnapshot(final SyncState state, final long written, final SyncState before, final String row, final Map<String, String> secondRows,
                        final String rowSeen, final Map<String, String> rowSeenFields) {
        this(state, written, before, row, secondRows, rowSeen, rowSeenFields, Set.of());
    }

    /** A snapshot whose state is a second row's while the customer's own row was last read in the given fingerprint (null: its state is the row's). */
    public SyncSnapshot(final SyncState state, final long written, final SyncState before, final String row, final Map<String, String> secondRows,
                        final String rowSeen) {
        this(state, written, before, row, secondRows, rowSeen, Map.of());
    }

    /** A snapshot of the given row (null: not known) and second rows, whose state is its row's. */
    public SyncSnapshot(final SyncState state, final long written, final SyncState before, final String row, final Map<String, String> secondRows) {
        this(state, written, before, row, secondRows, null);
    }

    /** A snapshot whose row is not known yet. */
    public SyncSnapshot(final SyncState state, final long written, final SyncState before) {
        this(state, written, before, null, Map.of());
    }

    /** A snapshot of the given row (null: not known), with no second rows routed. */
    public SyncSnapshot(final SyncState state, final long written, final SyncState before, final String row) {
        this(state, written, before, row, Map.of());
    }

    /**
     * A fingerprint of a state's values (not of when it changed): 16 hex digits of the SHA-256 of its canonical form, or
     * {@value #DELETED_ROW} for a deleted row. Kept for second rows instead of their values.
     */
    public static String fingerprint(final SyncState state) {
        if (state.deleted()) {
            // whatever a tombstone still carries, a deleted row is deleted: re-read, it is the state routed
            return DELETED_ROW;
        }
        final ObjectNode node = JSON.createObjectNode();
        new TreeMap<>(state.fields()).forEach(node::put);
        node.put(DELETED, state.deleted());
        return sha256Hex(node.toString());
    }

    /**
     * A fingerprint of one field's value (16 hex digits of the SHA-256 of the field's name and canonical value), kept for the
     * customer's own row while the state is a second row's, instead of the row's values.
     */
    public static String fieldFingerprint(final String field, final String value) {
        final ObjectNode node = JSON.createObjectNode();
        node.put(field, value);
        return sha256Hex(node.toString());
    }

    /** The {@link #fieldFingerprint} of each field of a state. */
    public static Map<String, String> fieldFingerprints(final SyncState state) {
        final Map<String, String> fingerprints = new TreeMap<>();
        state.fields().forEach((field, value) -> fingerprints.put(field, fieldFingerprint(field, value)));
        return fingerprints;
    }

    private static String sha256Hex(final String text) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** This snapshot's state, standing for the given row and remembering the given second rows. */
    public SyncSnapshot standingFor(final String id, final Map<String, String> rows) {
        return Objects.equals(id, row) && rows.equals(secondRows) ? this
                : new SyncSnapshot(state, written, before, id, rows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, inserted, pending,
                        crossed, echoed, writeVersion, earlierWrites);
    }

    /**
     * What the snapshot keeps of a second row read in the given state: its {@link #fingerprint}, and after an {@code @} the
     * time of that version when it has one ({@code 3f2a9c01d4e5b6a7@1717236000000}, {@code deleted@1717236000000}), so
     * that an older version of the row read later (a replay) changes nothing.
     */
    public static String secondRowSeen(final SyncState state) {
        final String fingerprint = fingerprint(state);
        return state.modified() == Timestamps.NONE ? fingerprint : fingerprint + TIME_SEPARATOR + state.modified();
    }

    /** The fingerprint part of what the snapshot keeps of a second row (kept without a time before times were kept). */
    private static String fingerprintOf(final String seen) {
        final int separator = seen.indexOf(TIME_SEPARATOR);
        return separator < 0 ? seen : seen.substring(0, separator);
    }

    /** This snapshot, remembering a second row of the customer routed to conflict in the given state. */
    public SyncSnapshot withSecondRow(final String id, final SyncState routed) {
        final Map<String, String> rows = new TreeMap<>(secondRows);
        rows.put(id, secondRowSeen(routed));
        return new SyncSnapshot(state, written, before, row, rows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, inserted, pending,
                crossed, echoed, writeVersion, earlierWrites);
    }

    /** This snapshot, remembering the customer's own row as last read in the given fingerprint (null: its state is the row's). */
    public SyncSnapshot withRowSeen(final String fingerprint) {
        return withRowSeen(fingerprint, Map.of());
    }

    /**
     * This snapshot, remembering the customer's own row as last read in the given fingerprint and field fingerprints (null:
     * its state is the row's).
     */
    public SyncSnapshot withRowSeen(final String fingerprint, final Map<String, String> fields) {
        return Objects.equals(fingerprint, rowSeen) && Objects.equals(fingerprint == null ? Map.of() : fields, rowSeenFields) ? this
                : new SyncSnapshot(state, written, before, row, secondRows, fingerprint, fields, unwritten, overruled, revived, open, inserted,
                        pending, crossed, echoed, writeVersion, earlierWrites);
    }

    /**
     * The customer's own row, read while the state is a second row's (Sync Every Row), with every field whose value is the
     * one last read there (its {@link #fieldFingerprint} is) replaced by the given state's value: the row's edit, over what
     * the second row synced. A snapshot kept before field fingerprints were (only {@code crm_row_seen}) has them
     * {@link #recoveredFieldFingerprints recovered} from the row's fingerprint where that can be done; where it cannot, or a
     * field has no fingerprint (never read from the own row), the row's value counts as edited. The row as it is when the
     * state is not a second row's.
     *
     * @param lastRead the source's state as the sync last read it, whose values the fields the row did not edit take
     */
    public SyncState ownRowEditOver(final SyncState ownRow, final SyncState lastRead) {
        if (rowSeen == null || ownRow.deleted() || lastRead == null) {
            return ownRow;
        }
        final Map<String, String> seenFields = rowSeenFields.isEmpty() ? recoveredFieldFingerprints(ownRow, lastRead) : rowSeenFields;
        final Map<String, String> fields = new LinkedHashMap<>(ownRow.fields());
        boolean replaced = false;
        for (final Map.Entry<String, String> field : ownRow.fields().entrySet()) {
            final String seen = seenFields.get(field.getKey());
            if (seen != null && seen.equals(fieldFingerprint(field.getKey(), field.getValue())) && lastRead.fields().containsKey(field.getKey())) {
                fields.put(field.getKey(), lastRead.value(field.getKey()));
                replaced = true;
            }
        }
        return replaced ? new SyncState(fields, false, ownRow.modified()) : ownRow;
    }

    /**
     * For a snapshot keeping only the fingerprint of the own row as last read ({@code crm_row_seen}, as kept before field
     * fingerprints were): the field fingerprints of that reading, when the row read now is it with some fields edited that
     * the second row had not changed. The row's fields that differ from the state are, each, either a second row's change
     * the own row still lacks (its value as last read) or an edit of the own row (whose value as last read is then the
     * state's); of the 2<sup>n</sup> readings these choices give, the one whose fingerprint is {@code crm_row_seen} is the
     * row as last read (two readings differ on a field, so at most one has it). Empty when none has it (the own row edited
     * a field the second row changed too, or the row read now holds other fields than the one last read), or when more
     * than {@value #MOST_FIELDS_RECOVERED} fields differ.
     */
    private Map<String, String> recoveredFieldFingerprints(final SyncState ownRow, final SyncState lastRead) {
        final List<String> differing = ownRow.fields().keySet().stream()
                .filter(field -> lastRead.fields().containsKey(field) && !Objects.equals(ownRow.value(field), lastRead.value(field))).toList();
        if (differing.isEmpty() || differing.size() > MOST_FIELDS_RECOVERED) {
            return Map.of();
        }
        final Map<String, String> reading = new LinkedHashMap<>(ownRow.fields());
        // bit i set: the i-th differing field was edited, so it held the state's value when last read
        for (int edited = 0; edited < 1 << differing.size(); edited++) {
            for (int i = 0; i < differing.size(); i++) {
                final String field = differing.get(i);
                reading.put(field, (edited & 1 << i) == 0 ? ownRow.value(field) : lastRead.value(field));
            }
            final SyncState candidate = new SyncState(reading, false, Timestamps.NONE);
            if (rowSeen.equals(fingerprint(candidate))) {
                return fieldFingerprints(candidate);
            }
        }
        return Map.of();
    }

    /**
     * Whether the state is the customer's own row as the sync last read it, while the snapshot's state is a second row's
     * (Sync Every Row): read again unchanged, it brings nothing new.
     */
    public boolean rowSeenAgain(final SyncState state) {
        return rowSeen != null && !state.deleted() && rowSeen.equals(fingerprint(state));
    }

    /** Whether the given second row was routed to conflict in this very state (its values and deletion) before. */
    public boolean routedAlready(final String id, final SyncState state) {
        final String known = secondRows.get(id);
        return known != null && fingerprintOf(known).equals(fingerprint(state));
    }

    /**
     * Whether the state is an older version of the given second row than the one last seen (both timed): a replay, or a
     * record overtaken by a newer read of the row, which changes nothing.
     */
    public boolean olderThanSeen(final String id, final SyncState state) {
        final String known = secondRows.get(id);
        final int separator = known == null ? -1 : known.indexOf(TIME_SEPARATOR);
        return separator >= 0 && state.modified() != Timestamps.NONE && state.modified() < Long.parseLong(known.substring(separator + 1));
    }

    /**
     * Whether the state is a tombstone of a row remembered as deleted that is newer than the deletion the sync knows of
     * (both timed): the row came back since (restored, or written into by a loader that revives tombstones) and was
     * deleted again.
     */
    public boolean deletedAgainSince(final String id, final SyncState state) {
        final String known = secondRows.get(id);
        final int separator = known == null ? -1 : known.indexOf(TIME_SEPARATOR);
        return separator >= 0 && state.deleted() && DELETED_ROW.equals(known.substring(0, separator))
                && state.modified() != Timestamps.NONE && state.modified() > Long.parseLong(known.substring(separator + 1));
    }

    /**
     * Whether the given row is remembered as deleted, its tombstone seen before the given time or at no known time: not
     * seen again since then.
     */
    public boolean deletedBefore(final String id, final long time) {
        final String known = secondRows.get(id);
        if (known == null || !DELETED_ROW.equals(fingerprintOf(known))) {
            return false;
        }
        final int separator = known.indexOf(TIME_SEPARATOR);
        return separator < 0 || Long.parseLong(known.substring(separator + 1)) < time;
    }

    /**
     * Whether the state is a live version of a row remembered as deleted that is not newer than the version the sync
     * decided the row's fate on (both timed): the live record that the sync read before its own delete landed there,
     * read again (a replay, a retry). Only a newer live version is the row restored.
     */
    public boolean liveBeforeDeletion(final String id, final SyncState state) {
        final String known = secondRows.get(id);
        final int separator = known == null ? -1 : known.indexOf(TIME_SEPARATOR);
        return separator >= 0 && !state.deleted() && DELETED_ROW.equals(known.substring(0, separator))
                && state.modified() != Timestamps.NONE && state.modified() <= Long.parseLong(known.substring(separator + 1));
    }

    /**
     * Whether the write on record is one that went to the row the customer was handed over from: not read back when that
     * row was deleted, {@link #handedOver} keeps it, untimed (its times are the deleted row's), as what the row kept is
     * merged against; the row kept lacks it by design. A write decided after the hand-over is timed (by the record it
     * was merged from) and went to the customer's row: a deleted row remembered (handed over from, entered again after,
     * or left for a new row) does not make it one.
     */
    public boolean writtenToRowHandedOverFrom() {
        return isWritten() && state.modified() == Timestamps.NONE
                && secondRows.values().stream().anyMatch(seen -> DELETED_ROW.equals(fingerprintOf(seen)));
    }

    /**
     * The second rows routed to conflict that were alive when last read, in id order (numeric ids as numbers: the oldest
     * row of a CRM numbering its rows first).
     */
    public List<String> livingSecondRows() {
        return secondRows.entrySet().stream().filter(entry -> !DELETED_ROW.equals(fingerprintOf(entry.getValue()))).map(Map.Entry::getKey)
                .sorted(ROW_ORDER).toList();
    }

    /**
     * This snapshot once the customer's own row is deleted while second rows of the customer live on there: the customer
     * syncs through the first of them from now on (the others stay second rows), and the deleted row is remembered as a
     * deleted second row. The state stays, the base the kept row's next read is merged against, so that its differences
     * reach the other system as this system's changes; so does a write of the sync not read back yet, with the state
     * before it: it went to the deleted row (or was refused), so the kept row is merged against the state before it, and
     * the write's changes are written back to the kept row.
     *
     * @param deletion the tombstone of the customer's row: the deleted row is remembered with its time
     * @throws IllegalStateException when no second row lives on
     */
    public SyncSnapshot handedOver(final SyncState deletion) {
        final List<String> living = livingSecondRows();
        if (living.isEmpty()) {
            throw new IllegalStateException("no second row to hand the customer over to");
        }
        final Map<String, String> rows = new TreeMap<>(secondRows);
        rows.remove(living.getFirst());
        if (row != null) {
            rows.put(row, secondRowSeen(deletion));
        }
        // the times kept are the deleted row's: the kept row's own versions are not older or newer than them
        return new SyncSnapshot(untimed(state), written, before == null ? null : untimed(before), living.getFirst(), rows, null, Map.of(),
                unwritten);
    }

    private static SyncState untimed(final SyncState state) {
        return new SyncState(state.fields(), state.deleted(), Timestamps.NONE);
    }

    /** A state read from the system. */
    public static SyncSnapshot read(final SyncState state) {
        return new SyncSnapshot(state, Timestamps.NONE, null);
    }

    /** A state the sync writes to the system now, replacing the given one (null when the system had none). */
    public static SyncSnapshot written(final SyncState state, final long now, final SyncState before) {
        return new SyncSnapshot(state, now, before);
    }

    /**
     * A state the sync writes to the system now by a write that does not carry the given fields of it (its FlowFile's
     * schema lacks them), replacing the given one.
     */
    public static SyncSnapshot written(final SyncState state, final long now, final SyncState before, final Set<String> unwritten) {
        return new SyncSnapshot(state, now, before, null, Map.of(), null, Map.of(), unwritten);
    }

    /**
     * What the system holds once the sync's write of this snapshot lands on its row as read in the given state (read
     * before the write landed): the written values of the fields the write carried, the row's own values of the others.
     */
    public SyncState landedOver(final SyncState read) {
        if (unwritten.isEmpty()) {
            return state;
        }
        final Map<String, String> fields = new LinkedHashMap<>(state.fields());
        for (final String field : unwritten) {
            if (read.fields().containsKey(field)) {
                fields.put(field, read.value(field));
            }
        }
        return new SyncState(fields, state.deleted(), state.modified());
    }

    /**
     * This snapshot of a tombstone read while the given snapshot's write was on its way to the row, the deletion kept
     * (Delete Wins) or sent to a person: remembering the values that write carried (the fields of its state but those it
     * left unwritten), and whether the tombstone carried no values (the id and the deleted flag only), kept as the
     * overruled state's {@code crm_deleted}: the sync then does not know what the row held when it was deleted on the
     * fields the write did not carry ({@link #overruledWriteLanded}).
     */
    public SyncSnapshot overruling(final SyncSnapshot onItsWay, final SyncState tombstone) {
        final Map<String, String> carried = new LinkedHashMap<>(onItsWay.state().fields());
        carried.keySet().removeAll(onItsWay.unwritten());
        return new SyncSnapshot(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten,
                new SyncState(carried, tombstone.fields().isEmpty(), onItsWay.written()), false, open, inserted, pending, crossed);
    }

    /**
     * Whether the live record, read from the row this tombstone was read from, holds merely what the write the deletion
     * overruled carried: exactly its values on every compared field that write carried (at least one), and on the other
     * compared fields the values the sync knew the row to hold: that write, landed by a loader that revives a deleted
     * row when it writes into it, read back. Not so a restore by a person, who brings the row back with its values from
     * before the write, nor the revived row edited by a person, on any field. After a tombstone that carried no values
     * (a change feed's delete event), the sync does not know what the row held on the fields the write did not carry when
     * it was deleted (a person may have edited one and then deleted the row): only the fields the write carried are
     * compared (before, a value the sync never saw was taken for an edit after the deletion: a false restore).
     */
    public boolean overruledWriteLanded(final SyncState read, final Set<String> compared) {
        if (overruled == null || read.deleted()) {
            return false;
        }
        // (an overruled write is never a deletion: its crm_deleted says the tombstone carried no values)
        final boolean rowUnknown = overruled.deleted();
        boolean carried = false;
        for (final String field : compared) {
            final boolean written = overruled.fields().containsKey(field);
            if (!written && (rowUnknown || !state.fields().containsKey(field))) {
                // a field the sync never knew of the row, or does not know since the tombstone: nothing to tell an edit by
                continue;
            }
            if (!Objects.equals(written ? overruled.value(field) : state.value(field), read.value(field))) {
                return false;
            }
            carried |= written;
        }
        return carried;
    }

    /**
     * Whether the tombstone, read from the row this tombstone was read from, is a later deletion of the row after the
     * write this deletion overruled landed in it: newer than this tombstone, and the row was read back alive holding merely
     * that write ({@link #revived}) or the tombstone carries that write's values ({@link #overruledWriteLanded}). The
     * write is gone with the row then: the row read alive again later (a person's restore from the recycle bin, holding
     * the values it was deleted with) is no echo of it.
     */
    public boolean overruledWriteDeletedAgain(final SyncState tombstone, final Set<String> compared) {
        return overruled != null && tombstone.deleted() && tombstone.modified() != Timestamps.NONE && state.modified() != Timestamps.NONE
                && tombstone.modified() > state.modified()
                && (revived || overruledWriteLanded(new SyncState(tombstone.fields(), false, tombstone.modified()), compared));
    }

    /**
     * This snapshot of a tombstone, the row deleted again after the write the deletion overruled landed in it
     * ({@link #overruledWriteDeletedAgain}): that write forgotten, the later deletion's time kept, and the row as last known
     * alive (the base of a person's restore) holding that write.
     */
    public SyncSnapshot deletedAgain(final SyncState tombstone) {
        final SyncState alive = before == null ? null : before.with(overruled.fields(), false, before.modified());
        return new SyncSnapshot(new SyncState(state.fields(), true, tombstone.modified()), written, alive, row, secondRows, rowSeen, rowSeenFields,
                unwritten, null, false);
    }

    /**
     * This snapshot of a tombstone whose deletion waits for a person, the row read back alive since holding merely the
     * write the deletion overruled ({@link #overruledWriteLanded}): it lives, the deletion still waits.
     */
    public SyncSnapshot revivedByTheOverruledWrite() {
        return new SyncSnapshot(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, true, open, inserted, pending,
                crossed);
    }

    /** This snapshot with the given fields open, each with its base (see {@link #open}); none when empty. */
    public SyncSnapshot withOpen(final Map<String, String> fields) {
        return fields.equals(open) ? this
                : new SyncSnapshot(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, fields, inserted,
                        pending, crossed, echoed, writeVersion, earlierWrites);
    }

    /**
     * The time of the sync's first insert of the customer into this system while its row there was deleted, not read back
     * yet: this write's time when it is that insert (its state before is the row's tombstone), else the one remembered
     * ({@link #inserted}); {@link Timestamps#NONE} when the sync's write is no such insert, or was read back.
     */
    public long insertedIntoADeletedRow() {
        if (inserted != Timestamps.NONE) {
            return inserted;
        }
        return row == null && isWritten() && !state.deleted() && before != null && before.deleted() ? written : Timestamps.NONE;
    }

    /**
     * This snapshot of a later write of the sync, not read back either, remembering the first insert into a deleted row
     * of the given snapshot it replaces ({@link #insertedIntoADeletedRow}; none, or no snapshot: nothing to remember), and
     * the values of the writes since that insert, the given snapshot's among them ({@link #pending}).
     */
    public SyncSnapshot afterTheWritesOf(final SyncSnapshot earlier) {
        final long insertedAt = earlier == null ? Timestamps.NONE : earlier.insertedIntoADeletedRow();
        if (insertedAt == Timestamps.NONE) {
            return this;
        }
        final List<SyncState> writes = new ArrayList<>(earlier.pending());
        writes.add(untimed(earlier.state()));
        return new SyncSnapshot(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, insertedAt, writes,
                crossed, echoed, writeVersion, earlierWrites);
    }

    /**
     * Whether the given state holds, on its fields, the values of the sync's write of this snapshot or of one of the
     * earlier writes since its insert into a deleted row not read back ({@link #pending}).
     */
    public boolean holdsAWriteNotReadBack(final SyncState read) {
        if (read.sameFields(state, read.fields().keySet())
                || inserted != Timestamps.NONE && before != null && read.sameFields(before, read.fields().keySet())) {
            // (the state before a later write is the write before it: a snapshot kept before the earlier writes' values
            // were remembered still tells that one)
            return true;
        }
        for (final SyncState write : pending) {
            if (read.sameFields(write, read.fields().keySet())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the given state holds, on its fields, the values of one of the writes a person's restore crossed
     * ({@link #crossed}): a second row holding the golden id in that state is the sync's own insert landed as a new row.
     */
    public boolean holdsACrossedWrite(final SyncState read) {
        for (final SyncState write : crossed) {
            if (read.sameFields(write, read.fields().keySet())) {
                return true;
            }
        }
        return false;
    }

    /**
     * This snapshot, remembering the given writes of the sync as crossed by a person's restore of its row (see
     * {@link #crossed}; none: forgotten).
     */
    public SyncSnapshot crossing(final List<SyncState> writes) {
        return writes.equals(crossed) ? this
                : new SyncSnapshot(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, inserted,
                        pending, writes, echoed, writeVersion, earlierWrites);
    }

    /**
     * The values of this snapshot's writes since the sync's insert into a deleted row, none read back ({@link #pending} and
     * this write's), oldest first, each with the time the sync decided that insert: what a person's restore of the row
     * crosses. Empty when the snapshot is no such write.
     */
    public List<SyncState> writesSinceTheInsert() {
        final long insertedAt = insertedIntoADeletedRow();
        if (insertedAt == Timestamps.NONE) {
            return List.of();
        }
        final List<SyncState> writes = new ArrayList<>(pending.size() + 1);
        pending.forEach(write -> writes.add(new SyncState(write.fields(), false, insertedAt)));
        writes.add(new SyncState(state.fields(), false, insertedAt));
        return writes;
    }

    /**
     * Whether the given state, read from a row the sync never read before, is newer than the sync's insert whose writes a
     * person's restore crossed ({@link #crossed}, kept with the insert's time): only then can the row be the one that
     * insert created. A row not newer, or either time unknown (a snapshot kept before the time was), is a person's, whatever
     * values it holds.
     */
    public boolean newerThanTheCrossedInsert(final SyncState read) {
        final long insertedAt = crossed.isEmpty() ? Timestamps.NONE : crossed.getFirst().modified();
        return insertedAt != Timestamps.NONE && read.modified() != Timestamps.NONE && read.modified() > insertedAt;
    }

    /**
     * Whether the given row, remembered as deleted and read alive newer than its deletion, is a person's restore of the
     * customer's row read after the sync's insert of the customer there was read back landed as a new row (this
     * snapshot's row), which still holds merely the insert's values ({@link #crossed}): a person's act wins over the
     * sync's own echo, the restored row is the customer's again ({@link #restoredOver}).
     */
    public boolean restoredOverTheInsert(final String id, final SyncState read) {
        final String known = secondRows.get(id);
        return row != null && !row.equals(id) && !read.deleted() && known != null && DELETED_ROW.equals(fingerprintOf(known))
                && !liveBeforeDeletion(id, read) && holdsACrossedWrite(state);
    }

    /**
     * This snapshot standing for the given row, restored by a person ({@link #restoredOverTheInsert}) and decided on at the
     * given time: its state the values of the sync's insert (the oldest write remembered), what the restore and the other
     * system's changes since the insert are both merged against, untimed (they are another row's); the row it stood for,
     * the sync's own insert, remembered as deleted as of the decision (the sync deletes it: a version of it read later
     * that is no newer, such as the sync's own later write to it read back, or its delete read back, changes nothing, nor
     * does the insert read again); and the insert's writes forgotten.
     */
    public SyncSnapshot restoredOver(final String id, final long now) {
        final Map<String, String> rows = new TreeMap<>(secondRows);
        rows.remove(id);
        rows.put(row, secondRowSeen(new SyncState(Map.of(), true, Math.max(now, state.modified()))));
        return new SyncSnapshot(untimed(crossed.getFirst()), Timestamps.NONE, null, id, rows, rowSeen, rowSeenFields, Set.of(), overruled, revived,
                open, Timestamps.NONE, List.of(), List.of());
    }

    /**
     * The writes a person's restore may cross ({@link #crossed}) once the sync writes the given state to this snapshot's
     * row: with it, when the row holds merely the sync's writes (the sync's insert landed as a new row, read back, and
     * written to since), so that a restore of the deleted row read after this write still tells that row for the sync's
     * own; else as they are.
     */
    public List<SyncState> crossedAfterWriting(final SyncState write) {
        if (crossed.isEmpty() || !holdsACrossedWrite(state)) {
            return crossed;
        }
        final List<SyncState> writes = new ArrayList<>(crossed);
        writes.add(untimed(write));
        return writes;
    }

    /**
     * Whether this snapshot's row is the sync's insert landed as a new row, read back holding merely the sync's writes since
     * (the writes a restore of the customer's deleted row crosses, {@link #crossed}), and the given state, read from that
     * row, still holds merely one of them: the row is still the sync's own.
     */
    public boolean stillTheSyncsOwn(final SyncState read) {
        return !crossed.isEmpty() && !read.deleted() && holdsACrossedWrite(state) && holdsACrossedWrite(read);
    }

    /**
     * This snapshot of a write, carrying the given version (see {@link #writeVersion}); as it is after a read. An earlier
     * write of the same part kept (see {@link #followingTheWriteOf}) carries it too.
     */
    public SyncSnapshot withWriteVersion(final long version) {
        if (version == writeVersion || !isWritten()) {
            return this;
        }
        Map<Long, SyncState> writes = earlierWrites;
        if (writes.containsKey(THIS_VERSION)) {
            writes = new TreeMap<>(earlierWrites);
            writes.put(version, writes.remove(THIS_VERSION));
        }
        return new SyncSnapshot(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, inserted,
                pending, crossed, echoed, version, writes);
    }

    /**
     * This snapshot of a write following the given snapshot of the same system (null: none), carrying the version and the
     * earlier writes that one carried (see {@link #earlierWrites}): the same write kept on its way (its row read before it
     * landed), told by its identity read back as before.
     */
    public SyncSnapshot asTheWriteOf(final SyncSnapshot same) {
        return same == null || !same.isWritten() || same.written() != written ? this
                : new SyncSnapshot(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, inserted,
                        pending, crossed, echoed, same.writeVersion(), same.earlierWrites());
    }

    /**
     * This snapshot of a new write of the sync, decided while the given snapshot's live write to the same row (null: none)
     * was on its way, not read back: remembering that write and the earlier ones it remembered by their versions
     * ({@link #earlierWrites}), but those the given record read from the row shows landed (a version up to the one it
     * carries, {@link #NO_VERSION}: none). As it is when the given snapshot is no live write of a known version; when this
     * write is a deletion, also when the given write was decided in the same part, or is an insert into a deleted row read
     * deleted again since ({@link #deletedSinceTheInsert}). A write decided earlier in the same part (the same
     * record twice in one FlowFile: its version is not stamped yet, and its decision time is this one's) is kept under the
     * version both writes carry once the part commits ({@link #withWriteVersion}): the first landed alone, read back, is the
     * sync's own echo too.
     */
    public SyncSnapshot followingTheWriteOf(final SyncSnapshot earlier, final long readVersion) {
        final boolean samePart = earlier != null && earlier.isWritten() && earlier.writeVersion() == NO_VERSION && earlier.written() == written;
        if (earlier == null || !earlier.isWritten() || earlier.state().deleted() || earlier.writeVersion() == NO_VERSION && !samePart
                || !isWritten() || state.deleted() && (samePart || earlier.deletedSinceTheInsert())) {
            // (a deletion keeps none decided in its own part: both carry one version, which a row restored after the deletion
            // landed gives back with that write's values; nor any after the row the insert may have landed in was read
            // deleted since: the deletion, reaching a deleted row, changes nothing and is never read back, and the row
            // restored from the recycle bin gives back the insert's version and values)
            return this;
        }
        final Map<Long, SyncState> writes = new TreeMap<>(earlier.earlierWrites());
        writes.put(samePart ? THIS_VERSION : earlier.writeVersion(), earlier.state());
        writes.keySet().removeIf(version -> version <= readVersion);
        return new SyncSnapshot(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, inserted,
                pending, crossed, echoed, writeVersion, writes);
    }

    /**
     * Whether a row of the customer remembered deleted was read deleted since the sync's insert into a deleted row, not read
     * back ({@link #insertedIntoADeletedRow}), was decided: its tombstone seen as of the insert's time or later (one that
     * could not tell whether the insert landed in the row, sent to a person). The insert, had it landed there, was deleted
     * with the row.
     */
    public boolean deletedSinceTheInsert() {
        final long insertedAt = insertedIntoADeletedRow();
        if (insertedAt == Timestamps.NONE) {
            return false;
        }
        for (final String seen : secondRows.values()) {
            final int separator = seen.indexOf(TIME_SEPARATOR);
            if (separator >= 0 && DELETED_ROW.equals(seen.substring(0, separator)) && Long.parseLong(seen.substring(separator + 1)) >= insertedAt) {
                return true;
            }
        }
        return false;
    }

    /** This snapshot, forgetting the earlier writes up to the given version, which the row read shows landed. */
    public SyncSnapshot landedUpTo(final long readVersion) {
        if (readVersion == NO_VERSION || earlierWrites.isEmpty() || earlierWrites.keySet().iterator().next() > readVersion) {
            return this;
        }
        final Map<Long, SyncState> writes = new TreeMap<>(earlierWrites);
        writes.keySet().removeIf(version -> version <= readVersion);
        return new SyncSnapshot(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, inserted,
                pending, crossed, echoed, writeVersion, writes);
    }

    /**
     * Whether the given live record, read from the row carrying the given version of the sync's write, is one of the
     * {@link #earlierWrites} landed: it carries that write's version, lower than this write's, and its values on every
     * compared field. Its time does not matter (a loader may land it after this write's decision). A person's edit keeps the
     * version the row holds (the sample SQL CRMs' trigger, a custom field nobody edits): made after a later write landed,
     * it carries the later version, and is a change however alike the earlier write's values it is. (An earlier write of
     * the same part carries this write's version: only its values tell it, until this write is read back.)
     */
    public boolean earlierWriteReadBack(final SyncState read, final long readVersion, final Set<String> compared) {
        if (readVersion == NO_VERSION || readVersion > writeVersion || read.deleted() || compared.isEmpty()) {
            return false;
        }
        final SyncState write = earlierWrites.get(readVersion);
        return write != null && read.sameAs(write, compared);
    }

    /**
     * The earlier write of the sync (see {@link #earlierWrites}) whose version the row read gives back, lower than this
     * write's: the row holds that write, and this one has not landed there yet (a person's edit keeps the version the row
     * holds). Null when the version is not known or is no such write's.
     */
    public SyncState earlierWriteHeld(final long readVersion) {
        return readVersion == NO_VERSION || readVersion >= writeVersion ? null : earlierWrites.get(readVersion);
    }

    /**
     * This snapshot, remembering the given write of the sync confirmed by its echo (null: none, see {@link #echoed}).
     */
    public SyncSnapshot echoing(final SyncSnapshot write) {
        return Objects.equals(write, echoed) ? this
                : new SyncSnapshot(state, written, before, row, secondRows, rowSeen, rowSeenFields, unwritten, overruled, revived, open, inserted,
                        pending, crossed, write, writeVersion, earlierWrites);
    }

    /**
     * The write of this snapshot as its echo, the given record read back from the row, confirms it (see {@link #echoed}):
     * the fields it changed (those it carried whose values it changed), their values before it, its decision's time and
     * the echo's. Null when it tells no deletion's window: the write or the state before it is a deletion or unknown, it
     * changed no field, or either time is unknown.
     */
    public SyncSnapshot echoedBy(final SyncState echo) {
        if (!isWritten() || before == null || before.deleted() || state.deleted() || echo.deleted() || echo.modified() == Timestamps.NONE
                || echo.modified() <= written) {
            return null;
        }
        final Map<String, String> changed = new LinkedHashMap<>();
        final Map<String, String> was = new LinkedHashMap<>();
        for (final Map.Entry<String, String> field : state.fields().entrySet()) {
            if (!unwritten.contains(field.getKey()) && before.fields().containsKey(field.getKey())
                    && !Objects.equals(field.getValue(), before.value(field.getKey()))) {
                changed.put(field.getKey(), field.getValue());
                was.put(field.getKey(), before.value(field.getKey()));
            }
        }
        return changed.isEmpty() ? null
                : new SyncSnapshot(new SyncState(changed, false, echo.modified()), written, new SyncState(was, false, before.modified()));
    }

    /**
     * Whether the given tombstone of the row is a deletion the sync's {@link #echoed} write overran: made while the write
     * was on its way (the write landed after it in the deleted row, which a loader reviving deleted rows brought back), read
     * after the write's echo. With a time, newer than the write's decision and older than its echo, holding on every field
     * the write changed that it carries (one at least) the value from before it, or carrying no values at all (an id-only
     * tombstone, which cannot tell: see ThreeWayMerge). Without a time, holding the values from before the write so (a
     * deletion after the write landed holds the write's values); an untimed id-only tombstone tells nothing of the window
     * and is taken for a deletion after the write landed, the common case. False once such a tombstone was settled
     * ({@link #settling}), and when the tombstone holds a value of the write (deleted after it landed) or another.
     */
    public boolean overranBy(final SyncState tombstone) {
        return echoed != null && !echoed.state().fields().isEmpty() && inTheWindowOfTheEcho(tombstone);
    }

    /**
     * Whether the given tombstone is one a decision already settled as the deletion the echoed write overran
     * ({@link #settling}), read again (a replay, a poll's overlap): it changes nothing.
     */
    public boolean settledAlready(final SyncState tombstone) {
        return echoed != null && echoed.state().fields().isEmpty() && inTheWindowOfTheEcho(tombstone);
    }

    /**
     * This snapshot once a tombstone the {@link #echoed} write overran is settled ({@link #overranBy}): the write's values
     * dropped from it, its times and the values before it kept, so that the tombstone read again, with a time or without,
     * is told ({@link #settledAlready}) and changes nothing. As it is without an echoed write.
     */
    public SyncSnapshot settling() {
        return echoed == null ? this
                : echoing(new SyncSnapshot(new SyncState(Map.of(), false, echoed.state().modified()), echoed.written(), echoed.before()));
    }

    /** The window test of {@link #overranBy}, whether or not the echoed write's tombstone was settled. */
    private boolean inTheWindowOfTheEcho(final SyncState tombstone) {
        if (!tombstone.deleted()) {
            return false;
        }
        final boolean idOnly = tombstone.fields().values().stream().allMatch(Objects::isNull);
        if (tombstone.modified() == Timestamps.NONE) {
            if (idOnly) {
                return false;
            }
        } else if (tombstone.modified() <= echoed.written() || tombstone.modified() >= echoed.state().modified()) {
            return false;
        } else if (idOnly) {
            return true;
        }
        boolean carried = false;
        for (final Map.Entry<String, String> field : echoed.before().fields().entrySet()) {
            if (tombstone.fields().containsKey(field.getKey())) {
                if (!Objects.equals(tombstone.value(field.getKey()), field.getValue())) {
                    return false;
                }
                carried = true;
            }
        }
        return carried;
    }

    /** This snapshot, standing for the given row of the system (null: not known). */
    public SyncSnapshot withRow(final String id) {
        return standingFor(id, secondRows);
    }

    /**
     * This snapshot of a tombstone read whose deletion went to a person, remembering the row as the sync last knew it
     * alive (null: not known), the base of the row's restore.
     */
    public SyncSnapshot waitingForAPersonOver(final SyncState alive) {
        return new SyncSnapshot(state, written, alive == null || alive.deleted() ? null : alive, row, secondRows, rowSeen, rowSeenFields, unwritten,
                overruled, revived, open, inserted, pending, crossed);
    }

    /**
     * With a tombstone read whose deletion waits for a person: the row as the sync last knew it before the deletion (what
     * it last read there, not a write of the sync the deletion refused), which a person's restore of the row brings back,
     * so the restore is merged three-way against it like any edit. Null otherwise, and for such a snapshot kept before
     * this was remembered.
     */
    public SyncState rowBeforeDeletion() {
        return isWritten() || !state.deleted() ? null : before;
    }

    /**
     * With a tombstone read whose deletion waits for a person: the row as the sync knows it, the base a person's restore
     * of it is merged against: {@link #rowBeforeDeletion}, with the write the deletion overruled over it once the row was
     * read back alive holding merely that write ({@link #revived}: a reviving loader landed it, and a person editing
     * that row keeps it). Null when the row before the deletion is not known.
     */
    public SyncState rowWhileTheDeletionWaits() {
        final SyncState row = rowBeforeDeletion();
        return row == null || !revived ? row : row.with(overruled.fields(), false, row.modified());
    }

    /** Whether the state is one the sync wrote and has not read back yet. */
    public boolean isWritten() {
        return written != Timestamps.NONE;
    }

    /** The snapshot as the JSON the entity store keeps. */
    public String toJson() {
        return toNode().toString();
    }

    private ObjectNode toNode() {
        final ObjectNode root = stateNode(state);
        if (isWritten()) {
            root.put(WRITTEN, written);
        }
        if (before != null && (isWritten() || rowBeforeDeletion() != null)) {
            root.set(BEFORE, stateNode(before));
        }
        if (row != null) {
            root.put(ROW, row);
        }
        if (!secondRows.isEmpty()) {
            final ObjectNode rows = root.putObject(SECOND_ROWS);
            secondRows.forEach(rows::put);
        }
        if (!unwritten.isEmpty()) {
            unwritten.forEach(root.putArray(UNWRITTEN)::add);
        }
        if (overruled != null) {
            root.set(OVERRULED, stateNode(overruled));
            if (revived) {
                root.put(REVIVED, true);
            }
        }
        if (!open.isEmpty()) {
            final ObjectNode fields = root.putObject(OPEN);
            open.forEach(fields::put);
        }
        if (inserted != Timestamps.NONE) {
            root.put(INSERTED, inserted);
        }
        if (!pending.isEmpty()) {
            final ArrayNode writes = root.putArray(PENDING);
            pending.forEach(write -> writes.add(stateNode(write)));
        }
        if (!crossed.isEmpty()) {
            final ArrayNode writes = root.putArray(CROSSED);
            crossed.forEach(write -> writes.add(stateNode(write)));
        }
        if (echoed != null) {
            root.set(ECHOED, echoed.toNode());
        }
        if (writeVersion != NO_VERSION) {
            root.put(WRITE_VERSION, writeVersion);
        }
        if (!earlierWrites.isEmpty()) {
            final ObjectNode writes = root.putObject(EARLIER_WRITES);
            earlierWrites.forEach((version, write) -> writes.set(Long.toString(version), stateNode(write)));
        }
        if (rowSeen != null) {
            root.put(ROW_SEEN, rowSeen);
            if (!rowSeenFields.isEmpty()) {
                final ObjectNode fields = root.putObject(ROW_SEEN_FIELDS);
                rowSeenFields.forEach(fields::put);
            }
        }
        return root;
    }

    /**
     * The snapshot the entity store kept.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static SyncSnapshot parse(final String json) {
        final JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException("a stored snapshot is not valid JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a stored snapshot is not a JSON object");
        }
        final long written = root.path(WRITTEN).asLong(Timestamps.NONE);
        final Map<String, String> secondRows = new TreeMap<>();
        // row ids without the white space an earlier version kept around them (a no-break space), as records' are read now
        for (final Map.Entry<String, JsonNode> entry : root.path(SECOND_ROWS).properties()) {
            final String id = SourceIds.ofText(entry.getKey());
            secondRows.putIfAbsent(id == null ? entry.getKey() : id, entry.getValue().asText());
        }
        final Map<String, String> rowSeenFields = new TreeMap<>();
        for (final Map.Entry<String, JsonNode> entry : root.path(ROW_SEEN_FIELDS).properties()) {
            rowSeenFields.put(entry.getKey(), entry.getValue().asText());
        }
        final Set<String> unwritten = new TreeSet<>();
        root.path(UNWRITTEN).forEach(field -> unwritten.add(field.asText()));
        final Map<String, String> open = new TreeMap<>();
        for (final Map.Entry<String, JsonNode> entry : root.path(OPEN).properties()) {
            open.put(entry.getKey(), entry.getValue().isNull() ? null : SyncState.canonical(entry.getValue().asText()));
        }
        return new SyncSnapshot(state(root), written, root.path(BEFORE).isObject() ? state(root.get(BEFORE)) : null,
                root.path(ROW).isTextual() ? SourceIds.ofText(root.get(ROW).asText()) : null, secondRows,
                root.path(ROW_SEEN).isTextual() ? root.get(ROW_SEEN).asText() : null, rowSeenFields, unwritten,
                root.path(OVERRULED).isObject() ? state(root.get(OVERRULED)) : null, root.path(REVIVED).asBoolean(false), open,
                root.path(INSERTED).asLong(Timestamps.NONE), pending(root.path(PENDING)), pending(root.path(CROSSED)),
                root.path(ECHOED).isObject() ? parse(root.get(ECHOED).toString()) : null, root.path(WRITE_VERSION).asLong(NO_VERSION),
                earlierWrites(root.path(EARLIER_WRITES)));
    }

    /** The earlier writes a snapshot kept by their versions (none in a snapshot kept before they were remembered). */
    private static Map<Long, SyncState> earlierWrites(final JsonNode writes) {
        final Map<Long, SyncState> kept = new TreeMap<>();
        for (final Map.Entry<String, JsonNode> write : writes.properties()) {
            try {
                kept.put(Long.parseLong(write.getKey()), state(write.getValue()));
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException(EARLIER_WRITES + " holds " + write.getKey() + " where a version (a whole number) is expected", e);
            }
        }
        return kept;
    }

    /** The writes' values a snapshot kept in a list (none in a snapshot kept before they were remembered). */
    private static List<SyncState> pending(final JsonNode writes) {
        final List<SyncState> pending = new ArrayList<>();
        writes.forEach(write -> pending.add(state(write)));
        return pending;
    }

    private static ObjectNode stateNode(final SyncState state) {
        final ObjectNode node = JSON.createObjectNode();
        for (final Map.Entry<String, String> field : state.fields().entrySet()) {
            if (field.getKey().startsWith(BOOKKEEPING_PREFIX)) {
                throw new IllegalArgumentException("The field " + field.getKey() + " starts with " + BOOKKEEPING_PREFIX
                        + ", which snapshots keep for their bookkeeping: such fields are not synced");
            }
            node.put(field.getKey(), field.getValue());
        }
        if (state.deleted()) {
            node.put(DELETED, true);
        }
        if (state.modified() != Timestamps.NONE) {
            node.put(MODIFIED, state.modified());
        }
        return node;
    }

    private static SyncState state(final JsonNode node) {
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> entry : node.properties()) {
            if (entry.getKey().startsWith(BOOKKEEPING_PREFIX)) {
                continue;
            }
            final JsonNode value = entry.getValue();
            // kept canonical; read through canonical again so a snapshot kept before a spelling was made canonical (12.50)
            // still equals the value read back (12.5)
            fields.put(entry.getKey(), value.isNull() ? null : value.isValueNode() ? SyncState.canonical(value.asText()) : value.toString());
        }
        return new SyncState(fields, node.path(DELETED).asBoolean(false), node.path(MODIFIED).asLong(Timestamps.NONE));
    }
}
