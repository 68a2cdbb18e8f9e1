package dev.nificrm.reconcile;

import java.util.Map;

/**
 * One record read from the target system, reduced to what a reconciliation compares.
 *
 * @param linkId  the value it is looked up by: its id in the target system, or the golden id it carries
 * @param fields  its fields by normalised name ({@link FieldValues#normalizeName}) → canonical value, with the name as
 *                the record spells it
 * @param failure why it could not be read as configured (never a value), or null: such a record is not compared, and
 *                its link id, when known, serves only to keep its entity out of the entities missing in the target
 * @param deleted whether it is marked deleted in the target (a soft delete: the Deleted Field holds true)
 */
public record TargetRecord(String linkId, Map<String, NamedValue> fields, String failure, boolean deleted) {

    public TargetRecord {
        fields = Map.copyOf(fields);
    }

    /** A record read as configured, not marked deleted. */
    public TargetRecord(final String linkId, final Map<String, NamedValue> fields) {
        this(linkId, fields, null, false);
    }

    /** A record read as configured, marked deleted in the target or not. */
    public TargetRecord(final String linkId, final Map<String, NamedValue> fields, final boolean deleted) {
        this(linkId, fields, null, deleted);
    }

    /**
     * A record that could not be read as configured.
     *
     * @param linkId the id it names read otherwise (the path as its reason says to write it), or null
     * @param reason why, naming no value
     */
    public static TargetRecord unreadable(final String linkId, final String reason) {
        return new TargetRecord(linkId, Map.of(), reason, false);
    }

    /**
     * @param name  the field's name as the record spells it
     * @param value its canonical value ({@link FieldValues#canonical}), null when missing
     */
    public record NamedValue(String name, String value) {
    }
}
