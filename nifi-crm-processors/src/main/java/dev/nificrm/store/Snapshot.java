package dev.nificrm.store;

/**
 * The last synced state of an entity in one system: the record as the sync last wrote it there (or last read it
 * from there), as JSON. A three-way merge takes it as the base, and a change equal to it is an echo of the sync's own
 * write.
 *
 * @param goldenId the entity
 * @param system   the system the state belongs to
 * @param content  the record's fields as a JSON object
 * @param version  increases with every write; a write names the version it read, so concurrent writers cannot lose
 *                 each other's update
 */
public record Snapshot(String goldenId, String system, String content, long version) {
}
