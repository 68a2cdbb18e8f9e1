package dev.nificrm.processors;

import org.apache.nifi.components.DescribedValue;

/** What MatchCRMRecord matches each record against when an Entity Store is set. */
public enum MatchScope implements DescribedValue {
    FLOWFILE_AND_STORE("flowfile-and-entity-store", "FlowFile and Entity Store",
            "Match each record against the other records of its FlowFile and against every entity in the store"),
    STORE("entity-store", "Entity Store",
            "Match each record against the entities in the store only (the records of one FlowFile are known to be distinct customers)"),
    FLOWFILE("flowfile", "FlowFile",
            "Match each record against the other records of its FlowFile only; the store still resolves known source ids and keeps the "
                    + "golden ids and cross-references");

    private final String value;
    private final String displayName;
    private final String description;

    MatchScope(final String value, final String displayName, final String description) {
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

    boolean matchesFlowFile() {
        return this != STORE;
    }

    boolean matchesStore() {
        return this != FLOWFILE;
    }
}
