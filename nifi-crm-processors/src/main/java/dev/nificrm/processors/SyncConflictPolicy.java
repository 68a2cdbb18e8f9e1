package dev.nificrm.processors;

import dev.nificrm.merge.ConflictPolicy;

/** How MergeCRMRecord settles a field changed in both systems to different values. */
public enum SyncConflictPolicy implements LabelledValue {
    ROUTE_TO_CONFLICT(new Label("route-to-conflict", "Route to Conflict",
            "Send the record to conflict with a field-level diff (base, incoming, current) for a person to settle"), ConflictPolicy.ROUTE_TO_CONFLICT),
    SOURCE_PRIORITY(new Label("source-priority", "Source Priority",
            "The system listed first in Source Priority wins; conflict when neither system is listed, or both the same"), ConflictPolicy.SOURCE_PRIORITY),
    MOST_RECENT(new Label("most-recent", "Most Recent",
            "The side changed last wins (the record's Timestamp Field against the target's last known change); conflict when a time is missing or equal"), ConflictPolicy.MOST_RECENT),
    PREFER_SYSTEM(new Label("prefer-system", "Prefer System Unless Blank",
            "The Preferred System's value wins unless it is empty, then the other side's"), ConflictPolicy.PREFER_SYSTEM);

    private final Label label;
    private final ConflictPolicy policy;

    SyncConflictPolicy(final Label label, final ConflictPolicy policy) {
        this.label = label;
        this.policy = policy;
    }

    ConflictPolicy policy() {
        return policy;
    }

    @Override
    public Label label() {
        return label;
    }
}
