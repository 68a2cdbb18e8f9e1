package dev.nificrm.processors;

import org.apache.nifi.components.DescribedValue;

/** What MergeCRMRecord does with the records of one customer. */
public enum MergeMode implements DescribedValue {
    GOLDEN_RECORDS("golden-records", "Golden Records",
            "Merge the records sharing the Group Field into one golden record, field by field, by survivorship rules"),
    THREE_WAY_SYNC("three-way-sync", "Three-Way Sync",
            "Merge each record arriving from a source system into the Target System's copy of the customer, field by field, against the "
                    + "last synced snapshots kept in the Entity Store; echoes of the sync's own writes go to unchanged, conflicts to conflict");

    private final String value;
    private final String displayName;
    private final String description;

    MergeMode(final String value, final String displayName, final String description) {
        this.value = value;
        this.displayName = displayName;
        this.description = description;
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
