package dev.nificrm.merge;

/**
 * A field changed on both sides to different values since they were last in sync.
 *
 * @param field     the field
 * @param base      its value when last in sync (null: empty, or unknown when {@code baseKnown} is false)
 * @param baseKnown whether the sync knew the field's value when last in sync (false when the source was never synced)
 * @param incoming  the value the record arriving from the source system has
 * @param current   the value the target system has, as far as the sync knows
 */
public record FieldConflict(String field, String base, boolean baseKnown, String incoming, String current) {

    /** {@code Email: base "bob@x.com", salesforce "rob@x.com", hubspot "robert@y.com"}: readable by the person who settles it. */
    public String describe(final String source, final String target) {
        return field + ": base " + (baseKnown ? quote(base) : "(never synced)") + ", " + source + " " + quote(incoming) + ", " + target + " "
                + quote(current);
    }

    private static String quote(final String value) {
        return value == null ? "(empty)" : '"' + value.replace("\"", "\\\"") + '"';
    }
}
