package dev.nificrm.mapping;

import java.util.Optional;

/** What a value map does with a value it has no entry for. */
public enum UnmappedValuePolicy {
    /** Write the value unchanged (the default). */
    KEEP("keep"),
    /** Write nothing. */
    NULL("null"),
    /** Write nothing, and say so in the record's Errors Field: the target has no equivalent of the value. */
    DROP("drop"),
    /** Write the field's default. */
    DEFAULT("default"),
    /** Send the record to invalid, naming the field. */
    INVALID("invalid");

    private final String key;

    UnmappedValuePolicy(final String key) {
        this.key = key;
    }

    public String getKey() {
        return key;
    }

    static Optional<UnmappedValuePolicy> fromKey(final String key) {
        for (final UnmappedValuePolicy policy : values()) {
            if (policy.key.equalsIgnoreCase(key)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
