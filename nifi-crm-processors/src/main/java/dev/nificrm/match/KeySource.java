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
}
