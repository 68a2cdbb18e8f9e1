package dev.nificrm.merge;

/**
 * What the three-way merge does with a record from a second row of one customer in one system: two rows of a CRM that
 * the entity store knows to be the same customer (entered twice by hand, or two customers the store merged later).
 */
public enum DuplicateRowPolicy {
    /**
     * Every row of a customer syncs: their changes are merged into the other system one after another. The rows are
     * remembered, so that deleting one of them (the rows merged in their system) deletes nothing while another lives on:
     * the deletion of a second row is a conflict, that of the customer's own row hands the customer over.
     */
    SYNC_EVERY_ROW,
    /**
     * A customer syncs through one row per system, the first the sync saw there (kept with its snapshot); a record from
     * another row goes to conflict, for a person to merge the two rows in their system. Its changes are not synced, and
     * its deletion (the second row merged away) deletes nothing elsewhere. When the customer's own row is deleted while
     * a second row lives on (the person kept the second one), the customer is handed over to it, not deleted.
     */
    ROUTE_TO_CONFLICT
}
