package dev.nificrm.store;

import java.util.Objects;

/**
 * A record's identity in the system it came from: the system's name (e.g. {@code salesforce}) and the record's id
 * there (e.g. {@code 0035g00000XyZ1AAK}). The entity store's cross-reference maps it to a golden id.
 *
 * @param system   the source system, as the operator names it
 * @param sourceId the record's id in that system, as {@link SourceIds} reads it from a record
 */
public record SourceKey(String system, String sourceId) implements Comparable<SourceKey> {

    public SourceKey {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(sourceId, "sourceId");
    }

    @Override
    public int compareTo(final SourceKey other) {
        final int bySystem = system.compareTo(other.system);
        return bySystem != 0 ? bySystem : sourceId.compareTo(other.sourceId);
    }

    @Override
    public String toString() {
        return system + ":" + sourceId;
    }
}
