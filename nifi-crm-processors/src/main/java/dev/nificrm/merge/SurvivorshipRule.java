package dev.nificrm.merge;

import java.util.Locale;
import java.util.Optional;

/**
 * How the value of one field of a golden record is chosen from the values of the records merged into it. The keys
 * are the names used in properties and lineage and never change. This enum only names the rules; every
 * {@link dev.nificrm.roles.Role} declares its default one.
 */
public enum SurvivorshipRule {
    /** The value of the record with the latest timestamp. */
    MOST_RECENT("most_recent"),
    /** The value of the system that comes first in an ordered list of systems. */
    SOURCE_PRIORITY("source_priority"),
    /** The first non-empty value, taking the records in priority order. */
    MOST_COMPLETE("most_complete"),
    /** The value most records agree on. */
    MOST_FREQUENT("most_frequent"),
    /** The longest value. */
    LONGEST("longest"),
    /** The shortest non-empty value. */
    SHORTEST("shortest"),
    /** The largest value (numbers, dates). */
    MAX("max"),
    /** The smallest value (numbers, dates). */
    MIN("min"),
    /** The value of the record with the earliest timestamp. */
    OLDEST("oldest"),
    /**
     * The value of the one record whose value of another field won (the plan's same-record field, e.g. the record created
     * first when that field is a created date taken by {@code min}), so that fields such as an id and a created date come
     * from one record; where that record has none, the oldest record's value.
     */
    SAME_RECORD("same_record"),
    /** Every distinct value, as an array or delimited. */
    UNION("union");

    private final String key;

    SurvivorshipRule(final String key) {
        this.key = key;
    }

    /** The stable lower-case name, e.g. {@code most_recent}. */
    public String getKey() {
        return key;
    }

    /** The rule named by a key, case-insensitive, hyphens and spaces read as underscores ({@code most-recent}). */
    public static Optional<SurvivorshipRule> fromKey(final String name) {
        if (name == null) {
            return Optional.empty();
        }
        final String wanted = name.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (final SurvivorshipRule rule : values()) {
            if (rule.key.equals(wanted)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }
}
