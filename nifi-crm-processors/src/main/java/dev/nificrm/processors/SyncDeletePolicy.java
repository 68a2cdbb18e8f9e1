package dev.nificrm.processors;

import dev.nificrm.merge.DeletePolicy;
import org.apache.nifi.components.DescribedValue;

/** How MergeCRMRecord settles a record deleted in one system and changed in the other since they were last in sync. */
public enum SyncDeletePolicy implements DescribedValue {
    ROUTE_TO_CONFLICT("route-to-conflict", "Route to Conflict", DeletePolicy.ROUTE_TO_CONFLICT,
            "Send the record to conflict for a person to approve the delete or not"),
    DELETE_WINS("delete-wins", "Delete Wins", DeletePolicy.DELETE_WINS, "Delete the customer in both systems"),
    UPDATE_REVIVES("update-revives", "Update Revives", DeletePolicy.UPDATE_REVIVES,
            "Keep the changed record, and give it back to the system that deleted it");

    private final String value;
    private final String displayName;
    private final DeletePolicy policy;
    private final String description;

    SyncDeletePolicy(final String value, final String displayName, final DeletePolicy policy, final String description) {
        this.value = value;
        this.displayName = displayName;
        this.policy = policy;
        this.description = description;
    }

    DeletePolicy policy() {
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
