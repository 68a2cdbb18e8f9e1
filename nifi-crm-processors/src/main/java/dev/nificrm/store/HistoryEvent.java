package dev.nificrm.store;

import java.time.Instant;

/**
 * One entry of the store's append-only history: what happened to an entity, for which source record, and the score
 * and explanation (or decision) that caused it.
 *
 * @param kind          what happened
 * @param occurredAt    when the change was committed
 * @param goldenId      the entity it happened to (the survivor of a merge)
 * @param otherGoldenId the other entity (the one merged away, split from, kept apart), or null
 * @param source        the source record that caused it, or null
 * @param score         the match probability that caused it, or null for a person's decision
 * @param explanation   the per-field explanation of the score, or the decision
 */
public record HistoryEvent(EventKind kind, Instant occurredAt, String goldenId, String otherGoldenId, SourceKey source,
                           Double score, String explanation) {
}
