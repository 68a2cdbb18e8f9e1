package dev.nificrm.reconcile;

import dev.nificrm.store.SystemCoverage;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a reconciliation of a target system against the entity store and the source found: the target's records by
 * outcome, the entities with a source record that the target lacks (deleted there, or never written), target records
 * sharing an entity, the store's own view of the two systems, the findings listed by id, and the run's conservation.
 *
 * @param sourceSystem       the system the records came from
 * @param targetSystem       the system reconciled
 * @param targetRecords      the target records read
 * @param outcomes           target records per outcome
 * @param duplicatesInTarget target records whose entity already had a record in the target table
 * @param missingInTarget    entities with a record in the source and none in the target table
 * @param deletedInTarget    of those, the ones the store knows a target record for, by a cross-reference of the target or
 *                           the sync's snapshot of the entity there: it was deleted in the target
 * @param neverWritten       of those, the ones the store knows no target record for, by neither
 * @param coverage           the store's view of the two systems
 * @param targetKnownToStore whether the store knows the target's records by their ids (a cross-reference of the target
 *                           system): false when target records are linked by golden id and the store holds no record of
 *                           the target, as after a cutover or a migration that never reads the target into the store;
 *                           the coverage's counts of the target then say nothing about it (all 0)
 * @param findings           the records and entities found, up to the listing limit per kind
 * @param conservation       the run's counts, or null when the FlowFile carried none
 */
public record ReconciliationReport(String sourceSystem, String targetSystem, long targetRecords, Map<RecordOutcome, Long> outcomes,
                                   long duplicatesInTarget, long missingInTarget, long deletedInTarget, long neverWritten,
                                   SystemCoverage coverage, boolean targetKnownToStore, List<Finding> findings, Conservation conservation) {

    public ReconciliationReport {
        final Map<RecordOutcome, Long> all = new EnumMap<>(RecordOutcome.class);
        for (final RecordOutcome outcome : RecordOutcome.values()) {
            all.put(outcome, outcomes.getOrDefault(outcome, 0L));
        }
        outcomes = Collections.unmodifiableMap(all);
        findings = List.copyOf(findings);
    }

    /** The target records with this outcome. */
    public long count(final RecordOutcome outcome) {
        return outcomes.get(outcome);
    }

    /**
     * Whether source and target agree: every target record is in sync (or has no snapshot to check), none is unknown,
     * duplicated or missing, and the run's records are all accounted for.
     */
    public boolean consistent() {
        for (final Map.Entry<RecordOutcome, Long> outcome : outcomes.entrySet()) {
            if (outcome.getKey() != RecordOutcome.IN_SYNC && outcome.getKey() != RecordOutcome.UNVERIFIED && outcome.getValue() > 0) {
                return false;
            }
        }
        return duplicatesInTarget == 0 && missingInTarget == 0 && (conservation == null || conservation.balanced());
    }
}
