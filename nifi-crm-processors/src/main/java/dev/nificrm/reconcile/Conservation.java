package dev.nificrm.reconcile;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The proof that a run lost no record: the records read equal the records accounted for by their outcomes (written,
 * invalid, failed, conflict, unchanged...), as a progress tracker counted them.
 *
 * @param read     the records the run read
 * @param outcomes records per outcome
 */
public record Conservation(long read, SortedMap<String, Long> outcomes) {

    public Conservation {
        outcomes = Collections.unmodifiableSortedMap(new TreeMap<>(outcomes));
    }

    /** A run's counts, outcomes in any order. */
    public static Conservation of(final long read, final Map<String, Long> outcomes) {
        return new Conservation(read, new TreeMap<>(outcomes));
    }

    /** The records the outcomes account for. */
    public long accounted() {
        long accounted = 0;
        for (final long records : outcomes.values()) {
            accounted += records;
        }
        return accounted;
    }

    /** Whether every record read is accounted for, once. */
    public boolean balanced() {
        return read == accounted();
    }

    /** The equation, e.g. {@code 165 read = 150 written + 10 invalid + 5 failed}, with ≠ and the gap when it does not hold. */
    public String equation() {
        final StringBuilder terms = new StringBuilder();
        for (final Map.Entry<String, Long> outcome : outcomes.entrySet()) {
            terms.append(terms.isEmpty() ? "" : " + ").append(outcome.getValue()).append(' ').append(outcome.getKey());
        }
        if (terms.isEmpty()) {
            terms.append("0 accounted");
        }
        return balanced() ? read + " read = " + terms
                : read + " read ≠ " + terms + " (" + Math.abs(read - accounted()) + (read > accounted() ? " unaccounted)" : " too many)");
    }
}
