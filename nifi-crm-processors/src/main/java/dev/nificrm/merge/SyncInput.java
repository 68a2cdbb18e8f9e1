package dev.nificrm.merge;

import java.util.Objects;

/**
 * One record read from a source system, for the three-way merge: its entity, its system and its state.
 *
 * @param goldenId the entity (the golden id MatchCRMRecord gave it with the Entity Store)
 * @param system   the system it was read from
 * @param state    its compared fields, whether it is a tombstone, and its timestamp
 */
public record SyncInput(String goldenId, String system, SyncState state) {
    public SyncInput {
        Objects.requireNonNull(goldenId, "goldenId");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(state, "state");
    }
}
