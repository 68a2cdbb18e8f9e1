package dev.nificrm.store;

import java.util.Arrays;

/**
 * Distinct 64-bit values (key hashes, member ids) numbered 0, 1, 2... in the order they were first added: a set that
 * keeps insertion order and a map from a value to a dense number in one, in primitive arrays (open addressing), without
 * an object per value. A caller keeps what it maps a value to in its own arrays, indexed by the number.
 */
final class LongIndex {
    private static final int MISSING = -1;

    private long[] values;
    /**
     * The table, two longs per slot side by side (one cache line holds both): the value there, and its number plus one
     * (0 for an empty slot). A probe of a large table misses the cache once per slot rather than once per array.
     */
    private long[] table;
    private int size;

    LongIndex(final int expected) {
        final int capacity = Math.max(16, Integer.highestOneBit(Math.max(1, expected) * 2 - 1) << 1);
        values = new long[Math.max(8, expected)];
        table = new long[capacity * 2];
    }

    /** The number of distinct values added. */
    int size() {
        return size;
    }

    /** The value numbered {@code number}. */
    long value(final int number) {
        return values[number];
    }

    /** The values in the order they were first added. */
    long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    /** The number of a value, or -1 when it was never added. */
    int indexOf(final long value) {
        final int mask = capacity() - 1;
        for (int slot = slot(value, mask); ; slot = (slot + 1) & mask) {
            final long entry = table[2 * slot + 1];
            if (entry == 0) {
                return MISSING;
            }
            if (table[2 * slot] == value) {
                return (int) entry - 1;
            }
        }
    }

    boolean contains(final long value) {
        return indexOf(value) != MISSING;
    }

    /** Adds a value if it is new; returns its number (a new one is {@link #size()} - 1 afterwards). */
    int add(final long value) {
        final int mask = capacity() - 1;
        int slot = slot(value, mask);
        while (table[2 * slot + 1] != 0) {
            if (table[2 * slot] == value) {
                return (int) table[2 * slot + 1] - 1;
            }
            slot = (slot + 1) & mask;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size] = value;
        table[2 * slot] = value;
        table[2 * slot + 1] = ++size;
        if (size * 2 > capacity()) {
            grow();
        }
        return size - 1;
    }

    /** Forgets every value, keeping the room: work in proportion to the values added, not to the table. */
    void clear() {
        final int mask = capacity() - 1;
        for (int number = 0; number < size; number++) {
            int slot = slot(values[number], mask);
            while (table[2 * slot + 1] != number + 1) {
                slot = (slot + 1) & mask;
            }
            table[2 * slot + 1] = 0;
        }
        size = 0;
    }

    /** The slots of the table. */
    private int capacity() {
        return table.length >> 1;
    }

    private void grow() {
        final int capacity = table.length;
        final int mask = capacity - 1;
        table = new long[capacity * 2];
        for (int number = 0; number < size; number++) {
            int slot = slot(values[number], mask);
            while (table[2 * slot + 1] != 0) {
                slot = (slot + 1) & mask;
            }
            table[2 * slot] = values[number];
            table[2 * slot + 1] = number + 1;
        }
    }

    private static int slot(final long value, final int mask) {
        // murmur3's finaliser: key hashes are already mixed, member ids are consecutive
        long mixed = value ^ (value >>> 33);
        mixed *= 0xff51afd7ed558ccdL;
        mixed ^= mixed >>> 33;
        return (int) mixed & mask;
    }
}
