package dev.nificrm.match;

import java.util.List;

/** Agrees only on equal keys: identifiers, house numbers, states, web domains. */
public final class ExactComparator implements FieldComparator {
    private static final List<String> LEVELS = List.of("exact", "differs");

    @Override
    public int compare(final String left, final String right) {
        return left.equals(right) ? 0 : 1;
    }

    @Override
    public List<String> levels() {
        return LEVELS;
    }
}
