package dev.nificrm.store;

/**
 * One record known to the entity store: the cross-reference from its source key to its entity's golden id, and the
 * compact comparison keys it was last matched with.
 *
 * @param memberId the store's number of the record
 * @param goldenId the golden id of its entity
 * @param source   its system and id there
 * @param keys     its comparison keys, one per field of the layout they were asked for (null where missing)
 */
public record StoredMember(long memberId, String goldenId, SourceKey source, String[] keys) {
}
