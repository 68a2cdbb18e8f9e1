package dev.nificrm.reconcile;

import java.util.Map;

/**
 * One record read from the target system, reduced to what a reconciliation compares.
 *
 * @param linkId the value it is looked up by: its id in the target system, or the golden id it carries
 * @param fields its fields by normalised name ({@link FieldValues#normalizeName}) → canonical value, with the name as
 *               the record spells it
 */
public record TargetRecord(String linkId, Map<String, NamedValue> fields) {

    public TargetRecord {
        fields = Map.copyOf(fields);
    }

    /**
     * @param name  the field's name as the record spells it
     * @param value its canonical value ({@link FieldValues#canonical}), null when missing
     */
    public record NamedValue(String name, String value) {
    }
}
