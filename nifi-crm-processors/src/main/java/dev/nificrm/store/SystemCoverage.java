package dev.nificrm.store;

import java.util.List;

/**
 * How the records of two systems cover the entities of the store: the members each system has, the entities with a
 * member in both, and those with a member in only one of them (counted, and the first few listed by golden id). An
 * entity only in the first system has never been written to (or read from) the second: after a sync cycle these are
 * the customers the second system is missing.
 *
 * @param first          the first system
 * @param second         the second system
 * @param firstMembers   the first system's records known to the store
 * @param secondMembers  the second system's records known to the store
 * @param inBoth         entities with a member in each system
 * @param onlyInFirst    entities with a member in the first system and none in the second
 * @param onlyInSecond   entities with a member in the second system and none in the first
 * @param listedOnlyInFirst  the first of those, by golden id, with the id of their oldest record in the first system
 * @param listedOnlyInSecond likewise for the second system
 */
public record SystemCoverage(String first, String second, long firstMembers, long secondMembers, long inBoth, long onlyInFirst,
                             long onlyInSecond, List<Unpaired> listedOnlyInFirst, List<Unpaired> listedOnlyInSecond) {

    public SystemCoverage {
        listedOnlyInFirst = List.copyOf(listedOnlyInFirst);
        listedOnlyInSecond = List.copyOf(listedOnlyInSecond);
    }

    /**
     * An entity present in one system only.
     *
     * @param goldenId the entity
     * @param sourceId the id of its oldest record in the system it is in
     */
    public record Unpaired(String goldenId, String sourceId) {
    }
}
