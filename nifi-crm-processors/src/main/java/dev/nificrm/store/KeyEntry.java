package dev.nificrm.store;

/**
 * What the store keeps under one key hash: how many records carry the key, and for a blocking key the members that
 * carry it while they are few enough to be compared with (null once the block is over the store's maximum block size,
 * and always null for a term-frequency key).
 *
 * @param hash      the key hash
 * @param count     the number of records with the key
 * @param memberIds the members with the key, or null
 */
public record KeyEntry(long hash, long count, long[] memberIds) {
}
