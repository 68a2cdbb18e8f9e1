package dev.nificrm.reconcile;

/**
 * One field whose value in the target differs from what it should be, told by checksums (see {@link FieldValues}).
 *
 * @param field            the field's name as the target record spells it
 * @param targetChecksum   the target's value's checksum, or null when it has none
 * @param expectedChecksum the snapshot's value's checksum, or null when it has none
 * @param comparedWith     {@code target snapshot} (what the sync wrote) or {@code source snapshot} (what it read from the source)
 */
public record FieldDifference(String field, String targetChecksum, String expectedChecksum, String comparedWith) {
}
