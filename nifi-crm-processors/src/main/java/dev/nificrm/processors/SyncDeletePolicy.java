package dev.nificrm.processors;

import dev.nificrm.merge.DeletePolicy;

/** How MergeCRMRecord settles a record deleted in one system and changed in the other since they were last in sync. */
public enum SyncDeletePolicy implements LabelledValue {
    ROUTE_TO_CONFLICT(new Label("route-to-conflict", "Route to Conflict",
            "Send the record to conflict for a person to approve the delete or not"), DeletePolicy.ROUTE_TO_CONFLICT),
    DELETE_WINS(new Label("delete-wins", "Delete Wins",
            "Delete the customer in both systems"), DeletePolicy.DELETE_WINS),
    UPDATE_REVIVES(new Label("update-revives", "Update Revives",
            "Keep the changed record, and give it back to the system that deleted it"), DeletePolicy.UPDATE_REVIVES);

    private final Label label;
    private final DeletePolicy policy;

    SyncDeletePolicy(final Label label, final DeletePolicy policy) {
        this.label = label;
        this.policy = policy;
    }

    DeletePolicy policy() {
        return policy;
    }

    @Override
    public Label label() {
        return label;
    }
}
