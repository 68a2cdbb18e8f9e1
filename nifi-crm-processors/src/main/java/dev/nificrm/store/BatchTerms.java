package dev.nificrm.store;

import dev.nificrm.match.Comparison;
import dev.nificrm.match.StringNumbers;

import java.util.Arrays;
import java.util.List;

/**
 * The distinct values of a batch in the fields whose value frequencies are counted, each with the hash its count is
 * stored under ({@link KeyHash#term}): numbered per field in an open-addressing table and hashed once, for reading the
 * batch's frequencies and for counting its records' changes, in primitive arrays (no map entry, boxed hash or list per
 * value). Not thread-safe (its hasher is not): one attempt's thread only.
 */
final class BatchTerms {
    private static final String SEPARATOR = String.valueOf(Comparison.VALUE_SEPARATOR);
    private static final int EXPECTED_VALUES = 256;

    private final KeyHash.Hasher hasher;
    /** Per field, its values numbered in the order first added; null for a field not counted. */
    private final StringNumbers[] numbers;
    private final String[][] values;
    private final long[][] hashes;
    /** The hashes of the values of the key {@link #valueHashes} was last given. */
    private long[] keyHashes = new long[4];

    BatchTerms(final List<String> fieldNames, final boolean[] counted) {
        this.hasher = KeyHash.Hasher.terms(fieldNames);
        this.numbers = new StringNumbers[counted.length];
        this.values = new String[counted.length][];
        this.hashes = new long[counted.length][];
        for (int slot = 0; slot < counted.length; slot++) {
            if (counted[slot]) {
                numbers[slot] = new StringNumbers(EXPECTED_VALUES);
                values[slot] = new String[EXPECTED_VALUES];
                hashes[slot] = new long[EXPECTED_VALUES];
            }
        }
    }

    /** Adds each value of a key of a counted field (several where the key holds several) not added before. */
    void addValues(final int slot, final String key) {
        if (key.indexOf(Comparison.VALUE_SEPARATOR) < 0) {
            add(slot, key);
        } else {
            for (final String value : key.split(SEPARATOR)) {
                add(slot, value);
            }
        }
    }

    /** How many distinct values of a field were added. */
    int size(final int slot) {
        return numbers[slot].size();
    }

    /** The value of a field numbered {@code number}, in the order added. */
    String value(final int slot, final int number) {
        return values[slot][number];
    }

    /** The hash the count of the value of a field numbered {@code number} is stored under. */
    long hash(final int slot, final int number) {
        return hashes[slot][number];
    }

    /**
     * Works out the hashes of each value of a key of a counted field, a value held twice twice (those of its values
     * added are not hashed again): {@link #valueHash(int)} gives them, until the next call.
     *
     * @return how many values the key holds
     */
    int valueHashes(final int slot, final String key) {
        if (key.indexOf(Comparison.VALUE_SEPARATOR) < 0) {
            keyHashes[0] = hashOf(slot, key);
            return 1;
        }
        final String[] keyValues = key.split(SEPARATOR);
        if (keyValues.length > keyHashes.length) {
            keyHashes = new long[keyValues.length];
        }
        for (int i = 0; i < keyValues.length; i++) {
            keyHashes[i] = hashOf(slot, keyValues[i]);
        }
        return keyValues.length;
    }

    /** The hash of the {@code i}th value of the key {@link #valueHashes} was last given. */
    long valueHash(final int i) {
        return keyHashes[i];
    }

    private long hashOf(final int slot, final String value) {
        final int number = numbers[slot].indexOf(value);
        return number >= 0 ? hashes[slot][number] : hasher.hash(slot, value);
    }

    private void add(final int slot, final String value) {
        final int size = numbers[slot].size();
        final int number = numbers[slot].numberOf(value);
        if (number < size) {
            return;
        }
        if (number == values[slot].length) {
            values[slot] = Arrays.copyOf(values[slot], number * 2);
            hashes[slot] = Arrays.copyOf(hashes[slot], number * 2);
        }
        values[slot][number] = value;
        hashes[slot][number] = hasher.hash(slot, value);
    }
}
