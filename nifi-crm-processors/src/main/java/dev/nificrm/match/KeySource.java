package dev.nificrm.match;

/**
 * A record's comparison keys held in a compact form, made into strings on each request. A store's candidate is held
 * so while a batch is matched: tens of thousands of them live for the whole match, and as strings each would be a dozen
 * objects the collector copies from young to old space; made on each request, the strings die young with the pair
 * that asked for them. {@link ReferenceCandidateIndex} asks once and holds them for a candidate in several pairs.
 */
@FunctionalInterface
public interface KeySource {
    /** The keys, one per field of the matcher (null where missing); a new array on each call. */
    String[] keys();

    /**
     * The keys for one comparison with a record whose keys are {@code partner} (one per field, as these), in
     * {@code room}: where this source can, written into its array, a value equal to the partner's value in its field
     * given as the partner's string and another left as bytes to be read there ({@link CandidateKeys}), so that a
     * comparison makes no array, no string of a value it has already, and none of a value a comparator reads as
     * characters; by default {@link #keys()}. The caller uses them for that comparison alone.
     */
    default CandidateKeys keys(final CandidateKeys room, final String[] partner) {
        return room.set(keys());
    }
}
