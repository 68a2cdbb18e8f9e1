package dev.nificrm.mapping;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The ranges a target keeps a number as, such as HubSpot's head count of a contact ({@code 1-5}, {@code 5-25}, ...
 * {@code 1000+}): a whole number is written as the first range, in the order given, that holds it (bounds included, so
 * where two ranges share a bound, 25 is {@code 5-25}), and a value that is one of the ranges as that range. A number
 * loses precision on the way to a range, never gains it; a range never becomes a number here.
 * <p>
 * Immutable; built once per field when the mapping is compiled.
 */
final class NumberRanges {
    private final String[] labels;
    private final long[] lows;
    private final long[] highs;

    private NumberRanges(final String[] labels, final long[] lows, final long[] highs) {
        this.labels = labels;
        this.lows = lows;
        this.highs = highs;
    }

    /**
     * The ranges of their labels, each {@code low-high} or {@code low+} in whole numbers.
     *
     * @throws IllegalArgumentException naming the first label that is not such a range
     */
    static NumberRanges of(final List<String> given) {
        if (given.isEmpty()) {
            throw new IllegalArgumentException("\"ranges\" is empty; list the target's ranges, e.g. [\"1-5\", \"5-25\", \"25+\"]");
        }
        final List<String> labels = new ArrayList<>(given.size());
        final long[] lows = new long[given.size()];
        final long[] highs = new long[given.size()];
        for (int i = 0; i < given.size(); i++) {
            final String label = given.get(i) == null ? "" : given.get(i).trim();
            try {
                if (label.endsWith("+")) {
                    lows[i] = Long.parseLong(label.substring(0, label.length() - 1));
                    highs[i] = Long.MAX_VALUE;
                } else {
                    final int dash = label.indexOf('-', 1);
                    lows[i] = Long.parseLong(label.substring(0, dash));
                    highs[i] = Long.parseLong(label.substring(dash + 1));
                }
            } catch (final NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("\"ranges\" holds '" + label + "', which is no range; write each as low-high or low+, e.g. 5-25 or 1000+");
            }
            if (lows[i] < 0 || highs[i] < lows[i]) {
                throw new IllegalArgumentException("\"ranges\" holds '" + label + "', which is no range; its low end must be 0 or more and not above its high end");
            }
            labels.add(label);
        }
        return new NumberRanges(labels.toArray(new String[0]), lows, highs);
    }

    /** How many ranges there are. */
    int size() {
        return labels.length;
    }

    /** The range written for a value: the value itself when it is one of the ranges, the first range holding a whole number, else null. */
    String rangeOf(final Object value) {
        final String text = ValueType.toText(value).trim();
        for (final String label : labels) {
            if (label.equals(text)) {
                return label;
            }
        }
        final long number;
        try {
            number = new BigDecimal(text).longValueExact();
        } catch (final NumberFormatException | ArithmeticException e) {
            return null;
        }
        for (int i = 0; i < labels.length; i++) {
            if (number >= lows[i] && number <= highs[i]) {
                return labels[i];
            }
        }
        return null;
    }
}
