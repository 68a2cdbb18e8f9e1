package dev.nificrm.merge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The systems in the order their values are preferred, e.g. {@code salesforce, hubspot}: a system's rank is its place
 * in the list (case-insensitive); systems not listed, and records without a system, share the rank after the last one.
 */
public final class SourcePriority {
    /** No system preferred over another. */
    public static final SourcePriority NONE = new SourcePriority(List.of());

    private final List<String> systems;
    private final Map<String, Integer> ranks = new HashMap<>();

    private SourcePriority(final List<String> systems) {
        this.systems = List.copyOf(systems);
        for (int rank = 0; rank < systems.size(); rank++) {
            ranks.putIfAbsent(systems.get(rank).toLowerCase(Locale.ROOT), rank);
        }
    }

    /** The priority a comma-separated list names ({@code salesforce, hubspot}); blank entries are skipped. */
    public static SourcePriority parse(final String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return NONE;
        }
        final List<String> systems = new ArrayList<>();
        for (final String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                systems.add(part.strip());
            }
        }
        return new SourcePriority(systems);
    }

    /** The rank of a system: 0 for the first listed, the number of systems listed for any other. */
    public int rank(final String system) {
        if (system == null) {
            return systems.size();
        }
        final Integer rank = ranks.get(system.strip().toLowerCase(Locale.ROOT));
        return rank == null ? systems.size() : rank;
    }

    /** Whether the system is listed. */
    public boolean lists(final String system) {
        return rank(system) < systems.size();
    }

    /** The systems in order. */
    public List<String> systems() {
        return systems;
    }

    @Override
    public String toString() {
        return String.join(", ", systems);
    }
}
