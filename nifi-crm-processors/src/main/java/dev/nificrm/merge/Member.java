package dev.nificrm.merge;

/**
 * One input record of a golden record: where it comes from (system and id there), when it last changed, its position
 * in the FlowFile, and its values, one per field of the {@link GoldenRecordPlan}.
 * <p>
 * The values array is the member's own (not copied): the caller hands it over and does not change it afterwards.
 *
 * @param system    the system the record comes from, or null when unknown
 * @param sourceId  the record's id in that system, or null when unknown
 * @param timestamp when the record last changed, epoch milliseconds, or {@link Timestamps#NONE}
 * @param position  the record's zero-based position in its FlowFile
 * @param values    the record's value of each field of the plan, in the plan's order
 */
public record Member(String system, String sourceId, long timestamp, long position, Object[] values) {
    /**
     * The value of a field the record does not have at all (a key missing from its JSON, read with a schema inferred from
     * other records), as against one it has empty: no rule takes it, and {@code source_priority} passes over the record
     * for that field, so a system that lacks a field never erases another system's value of it.
     */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "(absent)";
        }
    };

    /** How lineage and the merged ids name the record: {@code system:id}, or the record's number in its FlowFile when it has no id. */
    public String label() {
        final String id = sourceId == null || sourceId.isBlank() ? "#" + (position + 1) : sourceId;
        return system == null || system.isBlank() ? id : system + ":" + id;
    }

    /** Whether the record has a timestamp. */
    public boolean hasTimestamp() {
        return timestamp != Timestamps.NONE;
    }
}
