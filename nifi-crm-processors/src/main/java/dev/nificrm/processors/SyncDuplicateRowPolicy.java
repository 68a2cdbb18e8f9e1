package dev.nificrm.processors;

import dev.nificrm.merge.DuplicateRowPolicy;

/** What MergeCRMRecord does with a record from a second row of one customer in one system. */
public enum SyncDuplicateRowPolicy implements LabelledValue {
    SYNC_EVERY_ROW(new Label("sync-every-row", "Sync Every Row",
            "Every row of a customer syncs: the changes of each are merged into the Target System in turn; deleting one of them (the "
                    + "rows merged in the source) deletes nothing while another lives on"), DuplicateRowPolicy.SYNC_EVERY_ROW),
    ROUTE_TO_CONFLICT(new Label("route-to-conflict", "Route to Conflict",
            "The customer syncs through one row per system, the first the sync read there; a record from another row goes to conflict "
                    + "for a person to merge the two rows, and neither its changes nor its deletion reach the Target System; when the person "
                    + "keeps the second row and deletes the customer's, the customer is handed over to the row kept, not deleted"),
            DuplicateRowPolicy.ROUTE_TO_CONFLICT);

    private final Label label;
    private final DuplicateRowPolicy policy;

    SyncDuplicateRowPolicy(final Label label, final DuplicateRowPolicy policy) {
        this.label = label;
        this.policy = policy;
    }

    DuplicateRowPolicy policy() {
        return policy;
    }

    @Override
    public Label label() {
        return label;
    }
}
