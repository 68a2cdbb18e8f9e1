package dev.nificrm.processors;

import org.apache.nifi.components.DescribedValue;

/** How MergeCRMRecord writes the distinct values the union rule gathers. */
public enum UnionOutput implements DescribedValue {
    DELIMITED("delimited", "Delimited Text",
            "One text of the distinct values joined by the Union Delimiter, e.g. a@x.com;b@y.com (what CSV files and CRM multi-value fields take)"),
    ARRAY("array", "Array", "An array of the distinct values; the field becomes an array of strings");

    private final String value;
    private final String displayName;
    private final String description;

    UnionOutput(final String value, final String displayName, final String description) {
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
