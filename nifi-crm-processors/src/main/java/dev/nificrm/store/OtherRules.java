package dev.nificrm.store;

import dev.nificrm.match.BlockingRule;
import dev.nificrm.match.Matcher;
import dev.nificrm.match.RuleReading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The blocking rules a store keeps that a matcher does not use (another matcher sharing the store uses them: one per
 * source CRM, or two nodes whose flows differ during an upgrade), as the matcher's changes keep them, worked out once
 * from the store's rules and the matcher's fields:
 * <ul>
 * <li>a rule its records can have keys under is {@link #keyed}: its changes key their records under it at the store's
 * generation, as the rule's own matcher does, without finding candidates by it;</li>
 * <li>a rule its records never have a key under (a field it needs is not one of the matcher's) is
 * {@link #withoutKeys}: its changes leave it as it is, their records having no keys under it, as keying the rule from
 * their stored comparison keys would give;</li>
 * <li>a rule whose name it does not understand is {@link #leftBehind}: its changes no longer count it as maintained, and
 * the next write by its own matcher keys it anew.</li>
 * </ul>
 * A rule the store came to maintain after the matcher read its rules is in none of them: a change meeting it conflicts
 * and is computed again.
 *
 * @param keyed       the rules the changes key their records under, in the order of {@code hashedNames}
 * @param hashedNames each keyed rule's name at the store's generation, as its blocks are hashed under
 * @param generations the generation of each keyed rule, by name
 * @param withoutKeys the rules no record of the matcher has keys under
 * @param leftBehind  the rules whose names the matcher does not understand
 */
record OtherRules(List<BlockingRule> keyed, List<String> hashedNames, Map<String, Integer> generations, Set<String> withoutKeys,
                  Set<String> leftBehind) {

    /** A store that keeps no rule but the matcher's own. */
    static final OtherRules NONE = new OtherRules(List.of(), List.of(), Map.of(), Set.of(), Set.of());

    OtherRules {
        keyed = List.copyOf(keyed);
        hashedNames = List.copyOf(hashedNames);
        generations = Map.copyOf(generations);
        withoutKeys = Set.copyOf(withoutKeys);
        leftBehind = Set.copyOf(leftBehind);
    }

    /**
     * The rules of {@code registered} (the store's) that are not among {@code used} (the matcher's own), read against the
     * matcher's fields ({@link Matcher#readRule}, so they share its Double Metaphone codes). A rule the store does not maintain now is keyed by nobody's changes until its own matcher keys it
     * anew: the changes key nothing under it (if it is keyed meanwhile, they conflict), and leave it without keys or
     * behind as they would a maintained one.
     */
    static OtherRules of(final Map<String, RuleGeneration> registered, final List<String> used, final Matcher matcher) {
        if (used.containsAll(registered.keySet())) {
            return NONE;
        }
        final List<BlockingRule> keyed = new ArrayList<>();
        final List<String> hashedNames = new ArrayList<>();
        final Map<String, Integer> generations = new HashMap<>();
        final Set<String> withoutKeys = new HashSet<>();
        final Set<String> leftBehind = new HashSet<>();
        for (final Map.Entry<String, RuleGeneration> rule : registered.entrySet()) {
            if (used.contains(rule.getKey())) {
                continue;
            }
            final RuleReading reading = matcher.readRule(rule.getKey());
            switch (reading.standing()) {
                case KEYED -> {
                    if (rule.getValue().maintained()) {
                        keyed.add(reading.rule());
                        hashedNames.add(KeyHash.generationOf(rule.getKey(), rule.getValue().generation()));
                        generations.put(rule.getKey(), rule.getValue().generation());
                    }
                }
                case WITHOUT_KEYS -> withoutKeys.add(rule.getKey());
                case UNKNOWN -> leftBehind.add(rule.getKey());
            }
        }
        return new OtherRules(keyed, hashedNames, generations, withoutKeys, leftBehind);
    }

    /** The matcher's own rules' generations and the keyed rules': every rule whose blocks its changes keep. */
    Map<String, Integer> keptWith(final Map<String, Integer> own) {
        if (generations.isEmpty()) {
            return own;
        }
        final Map<String, Integer> kept = HashMap.newHashMap(own.size() + generations.size());
        kept.putAll(own);
        kept.putAll(generations);
        return kept;
    }
}
