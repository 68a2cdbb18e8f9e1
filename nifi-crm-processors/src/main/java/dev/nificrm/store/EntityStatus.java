package dev.nificrm.store;

import java.util.Locale;

/** Whether a record's entity existed before its FlowFile was matched. */
public enum EntityStatus {
    /** The entity was created for this FlowFile. */
    NEW,
    /** The entity was already in the store (the record was known, or matched a stored entity). */
    EXISTING,
    /** The record has neither a source id nor any value to compare: it cannot be remembered and has no entity. */
    UNIDENTIFIED;

    /** The lower-case value written to records. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
