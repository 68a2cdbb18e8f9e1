package dev.nificrm.reconcile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The parts of one export read in parts (ExecuteSQLRecord's Max Rows Per Flow File writes {@code fragment.identifier},
 * {@code fragment.index}, {@code fragment.count}) that are queued at one moment, told apart: the parts to read, in index
 * order; the ones not to read, each with its reason (a second copy of an index, an index outside the export); the parts
 * still missing; or, when the parts disagree on how many the export has, that reason alone. For example, the parts with
 * the indexes 2, 0 and 0 of an export of 4 read 0 and 2, miss 1 and 3, and do not read the second 0.
 *
 * @param <T> what a part is (a FlowFile in the processor)
 */
public final class ExportParts<T> {

    /** A part as it is queued: the item and its fragment.index and fragment.count as written (null when absent). */
    public record Part<T>(T item, String index, String count) {
    }

    private final int expected;
    private final String disagreement;
    private final List<T> toRead = new ArrayList<>();
    private final Map<T, String> notRead = new LinkedHashMap<>();
    private final Set<Integer> read = new TreeSet<>();

    /**
     * @param parts      the parts queued, the first one first (its copy of an index is the one read)
     * @param readBefore the indexes of this export read by an earlier reconciliation: a part with one of them is a copy
     */
    public ExportParts(final List<Part<T>> parts, final Set<Integer> readBefore) {
        final Map<String, Integer> counts = new TreeMap<>();
        for (final Part<T> part : parts) {
            counts.merge(wholeNumberText(part.count()), 1, Integer::sum);
        }
        if (counts.size() > 1 || !isWholeNumber(counts.keySet().iterator().next())) {
            expected = 0;
            disagreement = "the parts of this export " + (counts.size() > 1 ? "disagree on" : "have no whole number as") + " fragment.count: " + counts.entrySet().stream()
                    .map(count -> count.getKey() + " (" + count.getValue() + (count.getValue() == 1 ? " part)" : " parts)"))
                    .collect(Collectors.joining(", ")) + "; none was read";
            return;
        }
        disagreement = null;
        expected = Integer.parseInt(wholeNumberText(parts.getFirst().count()));
        final Map<Integer, T> byIndex = new TreeMap<>();
        for (final Part<T> part : parts) {
            final String text = wholeNumberText(part.index());
            final int index = isWholeNumber(text) && text.length() < 10 ? Integer.parseInt(text) : -1;
            if (index < 0 || index >= expected) {
                notRead.put(part.item(), part.index() == null ? "the part has no fragment.index; not read"
                        : "fragment.index '" + part.index() + "' is none of the export's " + expected + " parts (0 to " + (expected - 1) + "); not read");
            } else if (readBefore.contains(index)) {
                notRead.put(part.item(), "part " + index + " of this export was reconciled before: this copy was not read");
            } else if (byIndex.containsKey(index)) {
                notRead.put(part.item(), "part " + index + " of this export came twice: the other copy was read, this one not");
            } else {
                byIndex.put(index, part.item());
            }
        }
        toRead.addAll(byIndex.values());
        read.addAll(byIndex.keySet());
    }

    /** Reads an attribute's whole number as its plain text (" 03" is "3"), or the text as written when it is none. */
    private static String wholeNumberText(final String value) {
        if (value == null) {
            return "none";
        }
        final String trimmed = value.trim();
        if (!isWholeNumber(trimmed)) {
            return "'" + value + "'";
        }
        int start = 0;
        while (start < trimmed.length() - 1 && trimmed.charAt(start) == '0') {
            start++;
        }
        return trimmed.substring(start);
    }

    private static boolean isWholeNumber(final String text) {
        return !text.isEmpty() && text.length() < 19 && text.chars().allMatch(Character::isDigit);
    }

    /** Why no part is read, when the parts disagree on fragment.count, else null. */
    public String disagreement() {
        return disagreement;
    }

    /** The parts the export has, by their fragment.count (0 when they disagree). */
    public int expected() {
        return expected;
    }

    /** The parts to read, in fragment.index order, one per index. */
    public List<T> toRead() {
        return List.copyOf(toRead);
    }

    /** The parts not read (copies, indexes outside the export), each with its reason. */
    public Map<T, String> notRead() {
        return Map.copyOf(notRead);
    }

    /** The indexes read, ascending. */
    public List<Integer> read() {
        return List.copyOf(read);
    }

    /** The indexes of the export not read now, ascending: the parts a report on the parts read lacks. */
    public List<Integer> missing() {
        return IntStream.range(0, expected).filter(index -> !read.contains(index)).boxed().toList();
    }

    /** Whether every part of the export is read now. */
    public boolean complete() {
        return disagreement == null && read.size() == expected;
    }
}
