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
     * The keys for one comparison with a record whose keys are {@code partner} (one per field, as these): written into
     * {@code room} where this source can (an array of the keys' length, overwritten whole), a value equal to the
     * partner's value in its field given as the partner's string, so that a comparison makes no array and no string of
     * a value it has already; a new array by default. The caller uses them for that comparison alone.
     */
    default String[] keys(final String[] room, final String[] partner) {
        return keys();
    }
}
