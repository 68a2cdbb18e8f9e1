package dev.nificrm.merge;

import java.util.List;

/**
 * Where the value of one field of a golden record came from: the rule that chose it, the members whose value it is
 * (several for {@code union} and for {@code most_frequent}'s agreeing records, one otherwise), and, when the rule found
 * another value as good (the same timestamp, length, size or count), the tie and what broke it.
 *
 * @param rule    the rule that chose the value
 * @param sources the members it came from, in the golden record's member order
 * @param tie     the tie the member order broke, e.g. {@code tie with hubspot:901 broken by source priority}, or null
 */
public record Origin(SurvivorshipRule rule, List<Member> sources, String tie) {
    public Origin {
        sources = List.copyOf(sources);
    }

    /** An origin without a tie. */
    public Origin(final SurvivorshipRule rule, final List<Member> sources) {
        this(rule, sources, null);
    }

    /**
     * The lineage text: the sources' labels and the rule, e.g. {@code salesforce:003A01 (most_recent)}, and a tie the
     * member order broke, e.g. {@code salesforce:003A01 (most_recent; tie with hubspot:901 broken by source priority)}.
     */
    public String describe() {
        final StringBuilder text = new StringBuilder();
        for (final Member source : sources) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(source.label());
        }
        text.append(" (").append(rule.getKey());
        if (tie != null) {
            text.append("; ").append(tie);
        }
        return text.append(')').toString();
    }
}
