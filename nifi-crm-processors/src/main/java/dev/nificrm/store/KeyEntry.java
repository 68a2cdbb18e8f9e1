package dev.nificrm.store;

/**
 * What the store keeps under one key hash: how many records carry the key and, for a blocking key, whether the store
 * lists its members (while they are few enough to be compared with; never for a term-frequency key). The members of
 * listed blocks are read apart ({@link EntityStore#findBlockMembers}), for the blocks a batch actually compares with.
 *
 * @param hash   the key hash
 * @param count  the number of records with the key
 * @param listed whether the store lists the members with the key
 */
public record KeyEntry(long hash, long count, boolean listed) {
}
