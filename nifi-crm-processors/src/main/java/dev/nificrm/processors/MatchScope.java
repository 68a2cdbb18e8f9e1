package dev.nificrm.processors;

/** What MatchCRMRecord matches each record against when an Entity Store is set. */
public enum MatchScope implements LabelledValue {
    FLOWFILE_AND_STORE(new Label("flowfile-and-entity-store", "FlowFile and Entity Store",
            "Match each record against the other records of its FlowFile and against every entity in the store")),
    STORE(new Label("entity-store", "Entity Store",
            "Match each record against the entities in the store only (the records of one FlowFile are known to be distinct customers; a new "
                    + "record still joins a stored customer whose record the FlowFile brings again)")),
    FLOWFILE(new Label("flowfile", "FlowFile",
            "Match each record against the other records of its FlowFile only; the store still resolves known source ids and keeps the "
                    + "golden ids and cross-references"));

    private final Label label;

    MatchScope(final Label label) {
        this.label = label;
    }

    boolean matchesFlowFile() {
        return this != STORE;
    }

    boolean matchesStore() {
        return this != FLOWFILE;
    }

    @Override
    public Label label() {
        return label;
    }
}
