package dev.nificrm.store;

/**
 * What the store holds of one blocking rule's keys: the generation they are hashed under and whether they are
 * maintained (every stored member's blocks under the rule are in the store, kept up to date by every write since the
 * generation was keyed).
 *
 * @param generation the generation (0: the keys written before the store kept its rules, hashed with the rule's name alone)
 * @param maintained whether the store's blocks under the rule are complete
 */
public record RuleGeneration(int generation, boolean maintained) {
}
