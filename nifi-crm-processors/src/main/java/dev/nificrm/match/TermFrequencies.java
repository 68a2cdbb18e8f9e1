package dev.nificrm.match;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ObjIntConsumer;

/**
 * How often each key of one field occurs in the data, so that agreeing on a rare surname counts for more than
 * agreeing on {@code smith} (Splink's term-frequency adjustment): the u probability of exact agreement on a value
 * is its share of the records, never below a floor.
 */
public final class TermFrequencies {
    private static final double PSEUDO_RECORDS = 100;

    private final Map<String, Integer> counts = new HashMap<>();
    private long total;

    /** Counts one record's key (several values when the key holds several). */
    public void add(final String key) {
        if (key == null) {
            return;
        }
        if (key.indexOf(Comparison.VALUE_SEPARATOR) < 0) {
            counts.merge(key, 1, Integer::sum);
        } else {
            for (final String part : key.split(String.valueOf(Comparison.VALUE_SEPARATOR))) {
                counts.merge(part, 1, Integer::sum);
            }
        }
        total++;
    }

    /**
     * Adds occurrences counted elsewhere (a persistent store): {@code count} more records with the value. Call
     * {@link #addRecords} for the records those counts come from.
     */
    public void addCount(final String value, final long count) {
        if (count > 0) {
            counts.merge(value, (int) Math.min(Integer.MAX_VALUE, count), (left, right) -> (int) Math.min(Integer.MAX_VALUE, (long) left + right));
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
        final Integer count = counts.get(key);
        if (count == null) {
            return fallback;
        }
        return Math.max(floor, share(count, fallback));
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
            return counts.getOrDefault(key, 0);
        }
        int least = Integer.MAX_VALUE;
        for (final String part : key.split(String.valueOf(Comparison.VALUE_SEPARATOR))) {
            least = Math.min(least, counts.getOrDefault(part, 0));
        }
        return least;
    }

    /** Hands every value counted and the number of records holding it to the consumer. */
    public void forEachValue(final ObjIntConsumer<String> consumer) {
        counts.forEach(consumer::accept);
    }

    public long getTotal() {
        return total;
    }
}
