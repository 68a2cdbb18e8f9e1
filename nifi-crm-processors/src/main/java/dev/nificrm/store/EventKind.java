package dev.nificrm.store;

import java.util.Locale;

/** What an entry of the store's append-only history records. */
public enum EventKind {
    /** A new entity was created for a record that matched no known entity. */
    CREATED,
    /** A record was linked to an existing entity by its match score. */
    LINKED,
    /** Two entities were merged: a record linked them, or a person decided they are the same. */
    MERGED,
    /** A record was moved out of its entity into a new one: a person decided it is a different customer. */
    SPLIT,
    /** A person decided two entities are different; they are never matched again. */
    KEPT_APART,
    /** The customer's records, keys and snapshots were erased on request; the golden id stays, never reused. */
    ERASED,
    /**
     * The two-way sync deleted a row of the customer in a CRM that it had created itself: its insert crossed a person's
     * restore of the customer's row there, and landed as a second row holding merely the sync's values.
     */
    DUPLICATE_DELETED;

    /** The lower-case name stored in the history table. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventKind fromKey(final String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
