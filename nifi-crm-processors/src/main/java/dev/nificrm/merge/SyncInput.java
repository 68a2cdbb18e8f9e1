package dev.nificrm.merge;

import java.util.Objects;

/**
 * One record read from a source system, for the three-way merge: its entity, its system and its state.
 *
 * @param goldenId the entity (the golden id MatchCRMRecord gave it with the Entity Store)
 * @param system   the system it was read from
 * @param state    its compared fields, whether it is a tombstone, and its timestamp
 * @param row      its id in that system (the row it was read from), or null when not known
 * @param holdsGoldenId whether the row keeps the customer's golden id (its external id column): the row a write by
 *                 golden id lands in, and so the customer's row in that system
 */
public record SyncInput(String goldenId, String system, SyncState state, String row, boolean holdsGoldenId) {
    public SyncInput {
        Objects.requireNonNull(goldenId, "goldenId");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(state, "state");
    }

    /** A record read from the given row, which does not keep the golden id (or the system has no column for it). */
    public SyncInput(final String goldenId, final String system, final SyncState state, final String row) {
        this(goldenId, system, state, row, false);
    }

    /** A record whose row in its system is not known. */
    public SyncInput(final String goldenId, final String system, final SyncState state) {
        this(goldenId, system, state, null, false);
    }
}
