package dev.nificrm.store;

/**
 * A change written to the store and holding its locks, waiting for the NiFi session that produced it: committed when
 * the session commits, rolled back when it does not, so a rolled-back or replayed FlowFile leaves no trace. Exactly
 * one of the two methods is called, once.
 */
public interface PendingWrite {

    /** Makes the change durable and visible, then updates the statistics (term frequencies, counts) it carries. */
    void commit();

    /** Discards the change. */
    void rollback();
}
