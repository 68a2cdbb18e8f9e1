package dev.nificrm.mapping;

/** What happens to source fields that no target field reads. */
public enum UnmappedFieldPolicy {
    /** They are not written. */
    DROP,
    /** They are written after the mapped fields, under their source names and types. */
    KEEP,
    /** A record with a value in one of them is invalid (nothing is lost silently). */
    INVALID
}
