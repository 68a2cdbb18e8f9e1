package dev.nificrm.merge;

import java.util.List;

/**
 * Where the value of one field of a golden record came from: the rule that chose it and the members whose value it is
 * (several for {@code union} and for {@code most_frequent}'s agreeing records, one otherwise).
 *
 * @param rule    the rule that chose the value
 * @param sources the members it came from, in the golden record's member order
 */
public record Origin(SurvivorshipRule rule, List<Member> sources) {
    public Origin {
        sources = List.copyOf(sources);
    }

    /** The lineage text: the sources' labels and the rule, e.g. {@code salesforce:003A01 (most_recent)}. */
    public String describe() {
        final StringBuilder text = new StringBuilder();
        for (final Member source : sources) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(source.label());
        }
        return text.append(" (").append(rule.getKey()).append(')').toString();
    }
}
