package dev.nificrm.merge;

import java.util.Objects;
import java.util.Set;

/**
 * One record read from a source system, for the three-way merge: its entity, its system and its state.
 *
 * @param goldenId the entity (the golden id MatchCRMRecord gave it with the Entity Store)
 * @param system   the system it was read from
 * @param state    its compared fields, whether it is a tombstone, and its timestamp
 * @param row      its id in that system (the row it was read from), or null when not known
 * @param holdsGoldenId whether the row keeps the customer's golden id (its external id column): the row a write by
 *                 golden id lands in, and so the customer's row in that system
 * @param writtenFields the fields a write made from this record carries (the compared fields of its FlowFile's schema: a
 *                 writer writes each of them, a key the record lacks with the value the system written keeps), or null
 *                 for the state's own fields. A field the schema lacks is not written: the system keeps its own value
 * @param keepsGoldenIds whether the record carries the system's golden id column (the Golden ID Field is set and the
 *                 record's schema has it), whatever it holds: every row a write by golden id created there holds its
 *                 customer's golden id, so a row of this record holding none or another one is none the sync's insert
 *                 created (a person's row, whatever values it holds). False when not known (no such column, or a path
 *                 into a nested field)
 * @param version  the version of the sync's last write that the row read holds (the Sync Version Field the write carried,
 *                 which the row keeps and gives back: MergeCRMRecord's Read Sync Version Field), the identity of the write
 *                 landed there; {@link SyncSnapshot#NO_VERSION} when not known (the property not set, the row holds none)
 */
public record SyncInput(String goldenId, String system, SyncState state, String row, boolean holdsGoldenId, Set<String> writtenFields,
                        boolean keepsGoldenIds, long version) {
    public SyncInput {
        Objects.requireNonNull(goldenId, "goldenId");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(state, "state");
        // an unmodifiable set (one per schema, shared by its records) is kept as it is
        writtenFields = writtenFields == null ? null : Set.copyOf(writtenFields);
        version = version < 0 ? SyncSnapshot.NO_VERSION : version;
    }

    /** A record whose row gives back no version of the sync's write (see {@code version}). */
    public SyncInput(final String goldenId, final String system, final SyncState state, final String row, final boolean holdsGoldenId,
                     final Set<String> writtenFields, final boolean keepsGoldenIds) {
        this(goldenId, system, state, row, holdsGoldenId, writtenFields, keepsGoldenIds, SyncSnapshot.NO_VERSION);
    }

    /** A record of a system not known to keep golden ids in a column it carries (see {@code keepsGoldenIds}). */
    public SyncInput(final String goldenId, final String system, final SyncState state, final String row, final boolean holdsGoldenId,
                     final Set<String> writtenFields) {
        this(goldenId, system, state, row, holdsGoldenId, writtenFields, false);
    }

    /** A record whose writes carry its own fields. */
    public SyncInput(final String goldenId, final String system, final SyncState state, final String row, final boolean holdsGoldenId) {
        this(goldenId, system, state, row, holdsGoldenId, null);
    }

    /** A record read from the given row, which does not keep the golden id (or the system has no column for it). */
    public SyncInput(final String goldenId, final String system, final SyncState state, final String row) {
        this(goldenId, system, state, row, false);
    }

    /** A record whose row in its system is not known. */
    public SyncInput(final String goldenId, final String system, final SyncState state) {
        this(goldenId, system, state, null, false);
    }

    /** The fields a write made from this record carries: {@code writtenFields}, or the state's own fields when not given. */
    public Set<String> fieldsWritten() {
        return writtenFields == null ? state.fields().keySet() : writtenFields;
    }
}
