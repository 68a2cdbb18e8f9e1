package dev.nificrm.match;

import java.util.Arrays;
import java.util.function.ObjIntConsumer;

/**
 * How often each key of one field occurs in the data, so that agreeing on a rare surname counts for more than
 * agreeing on {@code smith} (Splink's term-frequency adjustment): the u probability of exact agreement on a value
 * is its share of the records, never below a floor.
 * <p>
 * The values are numbered in one open-addressing table ({@link StringNumbers}) and their counts kept in an array by
 * number: no map entry or boxed count per value, for the batch's values counted once and for the scorer's look-up of a
 * pair's value.
 */
public final class TermFrequencies {
    private static final double PSEUDO_RECORDS = 100;
    private static final String SEPARATOR = String.valueOf(Comparison.VALUE_SEPARATOR);
    private static final int EXPECTED_VALUES = 64;

    private final StringNumbers numbers = new StringNumbers(EXPECTED_VALUES);
    private String[] values = new String[EXPECTED_VALUES];
    private int[] counts = new int[EXPECTED_VALUES];
    private long total;

    /** Counts one record's key (several values when the key holds several). */
    public void add(final String key) {
        if (key == null) {
            return;
        }
        if (key.indexOf(Comparison.VALUE_SEPARATOR) < 0) {
            countOnce(key);
        } else {
            for (final String part : key.split(SEPARATOR)) {
                countOnce(part);
            }
        }
        total++;
    }

    private void countOnce(final String value) {
        // numbered first: numbering may grow the array of counts
        final int number = number(value);
        counts[number]++;
    }

    /**
     * Adds occurrences counted elsewhere (a persistent store): {@code count} more records with the value. Call
     * {@link #addRecords} for the records those counts come from.
     */
    public void addCount(final String value, final long count) {
        if (count > 0) {
            final int number = number(value);
            counts[number] = (int) Math.min(Integer.MAX_VALUE, counts[number] + Math.min(Integer.MAX_VALUE, count));
        }
    }

    /** Adds records counted elsewhere to the total the shares of values are taken of. */
    public void addRecords(final long records) {
        total += records;
    }

    /**
     * The chance that two different people share this value: its share of the records, shrunk towards the role
     * default as if {@value #PSEUDO_RECORDS} more records had the default share (so that in a handful of records a
     * name seen twice is not taken to be common), and never below the floor.
     */
    public double u(final String key, final double floor, final double fallback) {
        final int number = numbers.indexOf(key);
        if (number < 0) {
            return fallback;
        }
        return Math.max(floor, share(counts[number], fallback));
    }

    /**
     * As {@link #u(String, double, double)}, for a value {@code records} records hold: the fallback when none does.
     */
    public double u(final long records, final double floor, final double fallback) {
        return records <= 0 ? fallback : Math.max(floor, share(records, fallback));
    }

    /**
     * The share of the records that {@code records} of them are, shrunk towards {@code fallback} as {@link #u} shrinks
     * a value's share.
     */
    public double share(final long records, final double fallback) {
        return (records + PSEUDO_RECORDS * fallback) / (total + PSEUDO_RECORDS);
    }

    /** How many records hold the key's value (for a key of several values, its least frequent one). */
    public int count(final String key) {
        if (key.indexOf(Comparison.VALUE_SEPARATOR) < 0) {
            return countOf(key);
        }
        int least = Integer.MAX_VALUE;
        for (final String part : key.split(SEPARATOR)) {
            least = Math.min(least, countOf(part));
        }
        return least;
    }

    /** Hands every value counted and the number of records holding it to the consumer, in the order first counted. */
    public void forEachValue(final ObjIntConsumer<String> consumer) {
        for (int number = 0; number < numbers.size(); number++) {
            consumer.accept(values[number], counts[number]);
        }
    }

    public long getTotal() {
        return total;
    }

    private int countOf(final String value) {
        final int number = numbers.indexOf(value);
        return number < 0 ? 0 : counts[number];
    }

    /** The number of a value, a value not seen before given the next one with a count of 0. */
    private int number(final String value) {
        final int number = numbers.numberOf(value);
        if (number == values.length) {
            values = Arrays.copyOf(values, number * 2);
            counts = Arrays.copyOf(counts, number * 2);
        }
        if (values[number] == null) {
            values[number] = value;
        }
        return number;
    }
}
