package dev.nificrm.reconcile;

/**
 * One field whose value in the target differs from what it should be, told by checksums (see {@link FieldValues}).
 *
 * @param field            the field's name as the target record spells it
 * @param targetChecksum   the target's value's checksum, or null when it has none
 * @param expectedChecksum the snapshot's value's checksum, or null when it has none
 * @param comparedWith     {@code target snapshot} (what the sync wrote) or {@code source snapshot} (what it read from the source)
 * @param hint             why the values differ when it can be told without showing them, e.g.
 *                         {@link Reconciler#OPTIONS_IN_ANOTHER_ORDER}; null otherwise
 */
public record FieldDifference(String field, String targetChecksum, String expectedChecksum, String comparedWith, String hint) {

    /** A difference with nothing more to tell than the checksums. */
    public FieldDifference(final String field, final String targetChecksum, final String expectedChecksum, final String comparedWith) {
        this(field, targetChecksum, expectedChecksum, comparedWith, null);
    }
}
