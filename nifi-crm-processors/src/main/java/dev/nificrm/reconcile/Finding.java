package dev.nificrm.reconcile;

import java.util.List;

/**
 * One record or entity the report lists: a target record that drifted, is out of sync or unknown, or an entity the
 * target is missing.
 *
 * @param outcome     what was found, e.g. {@code drifted} or {@code missing_in_target}
 * @param targetId    the record's id in the target, or null for an entity the target is missing
 * @param goldenId    the entity's golden id, or null when the store does not know it
 * @param sourceId    the entity's id in the source, when known
 * @param differences the fields that differ (drifted, out of sync), else empty
 */
public record Finding(String outcome, String targetId, String goldenId, String sourceId, List<FieldDifference> differences) {

    public Finding {
        differences = List.copyOf(differences);
    }
}
