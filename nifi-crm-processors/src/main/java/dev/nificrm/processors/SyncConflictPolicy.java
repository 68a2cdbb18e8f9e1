package dev.nificrm.processors;

import dev.nificrm.merge.ConflictPolicy;
import org.apache.nifi.components.DescribedValue;

/** How MergeCRMRecord settles a field changed in both systems to different values. */
public enum SyncConflictPolicy implements DescribedValue {
    ROUTE_TO_CONFLICT("route-to-conflict", "Route to Conflict", ConflictPolicy.ROUTE_TO_CONFLICT,
            "Send the record to conflict with a field-level diff (base, incoming, current) for a person to settle"),
    SOURCE_PRIORITY("source-priority", "Source Priority", ConflictPolicy.SOURCE_PRIORITY,
            "The system listed first in Source Priority wins; conflict when neither system is listed, or both the same"),
    MOST_RECENT("most-recent", "Most Recent", ConflictPolicy.MOST_RECENT,
            "The side changed last wins (the record's Timestamp Field against the target's last known change); conflict when a time is missing or equal"),
    PREFER_SYSTEM("prefer-system", "Prefer System Unless Blank", ConflictPolicy.PREFER_SYSTEM,
            "The Preferred System's value wins unless it is empty, then the other side's");

    private final String value;
    private final String displayName;
    private final ConflictPolicy policy;
    private final String description;

    SyncConflictPolicy(final String value, final String displayName, final ConflictPolicy policy, final String description) {
        this.value = value;
        this.displayName = displayName;
        this.policy = policy;
        this.description = description;
    }

    ConflictPolicy policy() {
        return policy;
    }

    @Override
    public String getValue() {
        return value;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
