package dev.nificrm.merge;

/**
 * How the three-way merge settles a field changed on both sides to different values. Each policy that cannot decide
 * (systems not ranked, a timestamp missing or equal, the preferred system neither side) sends the record to conflict.
 */
public enum ConflictPolicy {
    /** The side whose system comes first in the Source Priority wins. */
    SOURCE_PRIORITY,
    /** The side that changed last wins: the incoming record's timestamp against the target's last known change. */
    MOST_RECENT,
    /** The preferred system's value wins unless it is empty ("prefer Salesforce unless blank"). */
    PREFER_SYSTEM,
    /** Nothing is decided: the record goes to conflict with the field-level diff for a person. */
    ROUTE_TO_CONFLICT
}
