package dev.nificrm.store;

/**
 * Two entities a person decided are different; the ids are held in order, so the pair reads the same both ways.
 *
 * @param first  the smaller golden id
 * @param second the larger golden id
 */
public record EntityPair(String first, String second) {

    public EntityPair {
        if (first.compareTo(second) > 0) {
            final String swap = first;
            first = second;
            second = swap;
        }
    }

    /** The other entity of the pair, given one of them. */
    public String other(final String goldenId) {
        return first.equals(goldenId) ? second : first;
    }
}
