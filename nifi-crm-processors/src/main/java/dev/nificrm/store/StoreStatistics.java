package dev.nificrm.store;

/**
 * The size of an entity store.
 *
 * @param entities    live entities
 * @param members     source records linked to them
 * @param keys        blocking and term-frequency keys kept
 * @param events      history entries
 * @param bytesOnDisk the space the store takes, or -1 when the database cannot tell
 */
public record StoreStatistics(long entities, long members, long keys, long events, long bytesOnDisk) {
}
