package dev.nificrm.processors;

/** How MergeCRMRecord writes the distinct values the union rule gathers. */
public enum UnionOutput implements LabelledValue {
    DELIMITED(new Label("delimited", "Delimited Text",
            "One text of the distinct values joined by the Union Delimiter, e.g. a@x.com;b@y.com (what CSV files and CRM multi-value fields take)")),
    ARRAY(new Label("array", "Array",
            "An array of the distinct values; the field becomes an array of strings"));

    private final Label label;

    UnionOutput(final Label label) {
        this.label = label;
    }

    @Override
    public Label label() {
        return label;
    }
}
