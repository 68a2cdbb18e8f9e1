package dev.nificrm.processors;

/** What MergeCRMRecord does with the records of one customer. */
public enum MergeMode implements LabelledValue {
    GOLDEN_RECORDS(new Label("golden-records", "Golden Records",
            "Merge the records sharing the Group Field into one golden record, field by field, by survivorship rules")),
    THREE_WAY_SYNC(new Label("three-way-sync", "Three-Way Sync",
            "Merge each record arriving from a source system into the Target System's copy of the customer, field by field, against the "
                    + "last synced snapshots kept in the Entity Store; echoes of the sync's own writes go to unchanged, conflicts to conflict"));

    private final Label label;

    MergeMode(final Label label) {
        this.label = label;
    }

    @Override
    public Label label() {
        return label;
    }
}
