package dev.nificrm.store;

import java.util.List;
import java.util.function.Function;

/**
 * What {@link EntityStore#keyRules} did: the rules whose keys it built for every stored member (under a new
 * generation), the members keyed and how long it took; or, for a store written by a version that did not keep its
 * rules, that it adopted them (and keyed the other values of the members holding several).
 *
 * @param keyedRules the rules keyed (or adopted), in the order asked for
 * @param members    the members keyed
 * @param adopted    whether the store took the rules as its own at generation 0 (a store written before it kept them):
 *                   only members with a field holding several values were keyed, under their other values
 * @param nanos      the time taken
 */
public record RuleKeying(List<String> keyedRules, long members, boolean adopted, long nanos) {

    /** Computes a stored member's blocks under some rules at the generations the store gives them. */
    @FunctionalInterface
    public interface Keyer {
        /**
         * @param rules             positions, in the rule names the store was asked to key, of the rules to key
         * @param generations       the generation of each
         * @param otherValuesOnly   only the blocks of the other values of fields holding several (not those of their first)
         * @return a member's block hashes under those rules, from its comparison keys in the order of the fields asked
         *         for (null where missing); called on one thread
         */
        Function<String[], long[]> blocksUnder(int[] rules, int[] generations, boolean otherValuesOnly);
    }
}
