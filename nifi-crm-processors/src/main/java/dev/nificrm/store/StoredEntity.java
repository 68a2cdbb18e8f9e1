package dev.nificrm.store;

/**
 * An entity of the store: a golden id, the order it was created in (the oldest of two entities survives their
 * merge), and the number of records linked to it.
 *
 * @param goldenId    the opaque, stable golden id
 * @param createdSeq  increases with every entity created; never reused
 * @param memberCount the number of source records linked to the entity
 */
public record StoredEntity(String goldenId, long createdSeq, int memberCount) {
}
