package dev.nificrm.processors;

/** When EraseCRMRecord has the Entity Store's key log compacted after an erasure. */
public enum KeyLogCompactionOption implements LabelledValue {
    AT_EVERY_ERASURE(new Label("at-every-erasure", "At Every Erasure",
            "Once a FlowFile's erasure commits, compact the key log, so that nothing the store keeps holds the hash of a key only the "
                    + "erased customers had (measured on 2 cores: 0.8 s and a 13.5 MB base for 100,000 stored people, 8.4 s and 112 MB for "
                    + "1,000,000, holding the writers' turn; every other node of a PostgreSQL store builds its key index again, 3.5 s and "
                    + "23.5 s)")),
    WHEN_DUE(new Label("when-due", "When Due",
            "Leave the key log rows naming the erased customers' keys by hash until the log is next compacted (when due, or at the next "
                    + "erasure compacting it)"));

    private final Label label;

    KeyLogCompactionOption(final Label label) {
        this.label = label;
    }

    @Override
    public Label label() {
        return label;
    }
}
