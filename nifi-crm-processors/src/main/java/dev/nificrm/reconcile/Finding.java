package dev.nificrm.reconcile;

import java.util.List;

/**
 * One record or entity the report lists: a target record that drifted, is out of sync, unknown or could not be read as
 * configured, or an entity the target is missing.
 *
 * @param outcome     what was found, e.g. {@code drifted} or {@code missing_in_target}
 * @param targetId    the record's id in the target; for an entity the target is missing, the id its deleted record had
 *                    there when the store knows it, else null
 * @param goldenId    the entity's golden id, or null when the store does not know it
 * @param sourceId    the entity's id in the source, when known
 * @param differences the fields that differ (drifted, out of sync), else empty
 * @param reason      why a record could not be read as configured (its number, the property, the path and how to write
 *                    it; never a value); for an entity the target is missing, the evidence it was deleted there (the
 *                    store's cross-reference or the sync's snapshot) or that none was found; for a record drifted or out of
 *                    sync because the sync's snapshot of it in the target or the source is a deletion, that; else null
 */
public record Finding(String outcome, String targetId, String goldenId, String sourceId, List<FieldDifference> differences, String reason) {

    public Finding {
        differences = List.copyOf(differences);
    }
}
