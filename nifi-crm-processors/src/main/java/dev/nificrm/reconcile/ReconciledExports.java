package dev.nificrm.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The exports read in parts that were reconciled lately, kept as text in a map of strings (the shape of NiFi's processor
 * state), one entry per export by its fragment.identifier: when it was reconciled, how many parts it has, and which parts
 * were read, as runs of indexes. A part coming after its export was reconciled is reconciled at once, or, when its index
 * was read, not read again; so these must outlive a restart. For example, export {@code 5f0c} of 12 parts reconciled at
 * 10:11 without part 3 is kept as {@code 5f0c -> 1796119860000;12;0-2,4-11}. The latest {@code bound} exports are kept.
 */
public final class ReconciledExports {

    /** An export reconciled: when, the parts read (by this and earlier reconciliations of it), how many it has. */
    public record Export(Instant reconciled, Set<Integer> read, int expected) {
    }

    private ReconciledExports() {
    }

    /** The export kept under the identifier, or null when none is, or what is kept is not this class's text. */
    public static Export find(final Map<String, String> state, final String identifier) {
        final String value = identifier == null ? null : state.get(identifier);
        return value == null ? null : decode(value);
    }

    /**
     * The state with the export reconciled now added (its parts read joined to those read before), and the exports
     * reconciled earliest dropped beyond the bound.
     */
    public static Map<String, String> remember(final Map<String, String> state, final String identifier, final Instant reconciled,
                                               final Set<Integer> read, final int expected, final int bound) {
        final Set<Integer> allRead = new TreeSet<>(read);
        final Export before = find(state, identifier);
        if (before != null) {
            allRead.addAll(before.read());
        }
        final Map<String, String> next = new HashMap<>(state);
        next.put(identifier, encode(new Export(reconciled, allRead, expected)));
        if (next.size() > bound) {
            final List<Map.Entry<String, Long>> byAge = new ArrayList<>(next.size());
            for (final Map.Entry<String, String> entry : next.entrySet()) {
                final Export export = decode(entry.getValue());
                byAge.add(Map.entry(entry.getKey(), export == null ? Long.MIN_VALUE : export.reconciled().toEpochMilli()));
            }
            byAge.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
            for (int eldest = 0; next.size() > bound; eldest++) {
                next.remove(byAge.get(eldest).getKey());
            }
        }
        return next;
    }

    /** "millis;expected;runs", runs like 0-2,4 (or empty when no part was read). */
    static String encode(final Export export) {
        final StringBuilder text = new StringBuilder().append(export.reconciled().toEpochMilli()).append(';').append(export.expected()).append(';');
        int start = -1;
        int previous = -2;
        for (final int index : new TreeSet<>(export.read())) {
            if (index != previous + 1) {
                appendRun(text, start, previous);
                start = index;
            }
            previous = index;
        }
        appendRun(text, start, previous);
        return text.toString();
    }

    private static void appendRun(final StringBuilder text, final int start, final int end) {
        if (start < 0) {
            return;
        }
        if (text.charAt(text.length() - 1) != ';') {
            text.append(',');
        }
        text.append(start);
        if (end > start) {
            text.append('-').append(end);
        }
    }

    /** The export the text spells, or null when it is not this class's text. */
    static Export decode(final String value) {
        final String[] fields = value.split(";", -1);
        if (fields.length != 3) {
            return null;
        }
        try {
            final Set<Integer> read = new TreeSet<>();
            for (final String run : fields[2].isEmpty() ? new String[0] : fields[2].split(",")) {
                final int dash = run.indexOf('-');
                final int start = Integer.parseInt(dash < 0 ? run : run.substring(0, dash));
                final int end = dash < 0 ? start : Integer.parseInt(run.substring(dash + 1));
                for (int index = start; index <= end; index++) {
                    read.add(index);
                }
            }
            return new Export(Instant.ofEpochMilli(Long.parseLong(fields[0])), Set.copyOf(read), Integer.parseInt(fields[1]));
        } catch (final NumberFormatException e) {
            return null;
        }
    }
}
