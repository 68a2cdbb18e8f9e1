package dev.nificrm.store;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What an erasure removes, pending until its NiFi session commits.
 *
 * @param pendingWrite the erasure, to commit or roll back with the session; it holds the writers' turn, and reads through
 *                     it see the store as the erasure leaves it (a source record still found there belongs to a customer
 *                     it does not erase)
 * @param erased       per golden id asked for that the store knows, the customer erased: the one it names, or the one it
 *                     was merged into
 * @param filesCleared completed once the erasure is committed and the database's own files hold none of the pages it
 *                     changed: at its commit, or later when open transactions kept the embedded store's write-ahead log
 *                     from being emptied then (it is emptied on a thread of the store as soon as they end)
 */
public record Erasure(OpenWrite pendingWrite, Map<String, Customer> erased, CompletableFuture<Void> filesCleared) {

    /**
     * One customer erased.
     *
     * @param goldenId      its golden id (kept, never reused)
     * @param sourceRecords the source records removed from the cross-reference, with their comparison keys
     * @param snapshots     the sync snapshots removed
     */
    public record Customer(String goldenId, int sourceRecords, int snapshots) {
    }
}
