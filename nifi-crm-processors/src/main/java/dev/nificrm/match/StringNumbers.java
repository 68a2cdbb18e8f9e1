package dev.nificrm.match;

import java.util.Arrays;

/**
 * Distinct strings numbered 0, 1, 2... in the order they were first seen: a map from a string to a dense number in one
 * open-addressing table (linear probing, at most half full), without a map entry or a boxed number per string. A
 * caller keeps what it maps a string to in its own arrays, indexed by the number.
 */
public final class StringNumbers {
    private String[] strings;
    private int[] numbers;
    private int size;
    private String lastAdded;

    /** A table with room for {@code expected} strings before it grows. */
    public StringNumbers(final int expected) {
        final int capacity = Integer.highestOneBit(Math.max(8, expected) * 2 - 1) << 1;
        strings = new String[capacity];
        numbers = new int[capacity];
    }

    /** Forgets every string, keeping the table's room: numbering starts again from 0. */
    public void clear() {
        Arrays.fill(strings, null);
        size = 0;
        lastAdded = null;
    }

    /** The number of distinct strings seen. */
    public int size() {
        return size;
    }

    /** The number of a string, or -1 when it was never seen. */
    public int indexOf(final String string) {
        final int mask = strings.length - 1;
        for (int slot = slot(string, mask); ; slot = (slot + 1) & mask) {
            final String there = strings[slot];
            if (there == null) {
                return -1;
            }
            if (there.equals(string)) {
                return numbers[slot];
            }
        }
    }

    /** The number of a string; a string not seen before gets the next one ({@link #size()} - 1 afterwards). */
    public int numberOf(final String string) {
        if ((size + 1) * 2 > strings.length) {
            grow();
        }
        final int mask = strings.length - 1;
        for (int slot = slot(string, mask); ; slot = (slot + 1) & mask) {
            final String there = strings[slot];
            if (there == null) {
                strings[slot] = string;
                numbers[slot] = size;
                return size++;
            }
            if (there.equals(string)) {
                return numbers[slot];
            }
        }
    }

    /**
     * The number of the characters a builder holds now, as {@link #numberOf(String)} gives that of their string; only
     * characters not seen before are made a string ({@link #lastAdded}), so a caller that writes each key into one reused
     * builder makes a string per distinct key instead of one per key.
     */
    public int numberOf(final StringBuilder chars) {
        return numberOf(chars, hash(chars));
    }

    /**
     * {@link #numberOf(StringBuilder)} of characters whose {@link String#hashCode} the caller knows (a blocking key hashed
     * as it was written): their hash is not worked out again from the characters.
     */
    public int numberOf(final StringBuilder chars, final int hash) {
        if ((size + 1) * 2 > strings.length) {
            grow();
        }
        final int mask = strings.length - 1;
        for (int slot = slot(hash, mask); ; slot = (slot + 1) & mask) {
            final String there = strings[slot];
            if (there == null) {
                lastAdded = chars.toString();
                strings[slot] = lastAdded;
                numbers[slot] = size;
                return size++;
            }
            if (there.contentEquals(chars)) {
                return numbers[slot];
            }
        }
    }

    /** The string last numbered anew by {@link #numberOf(StringBuilder)}. */
    public String lastAdded() {
        return lastAdded;
    }

    /** {@link String#hashCode} of the characters (also {@link Nicknames}' look-up of a name given as characters). */
    static int hash(final CharSequence chars) {
        int hash = 0;
        for (int i = 0; i < chars.length(); i++) {
            hash = 31 * hash + chars.charAt(i);
        }
        return hash;
    }

    private void grow() {
        final String[] oldStrings = strings;
        final int[] oldNumbers = numbers;
        strings = new String[oldStrings.length * 2];
        numbers = new int[oldStrings.length * 2];
        final int mask = strings.length - 1;
        for (int old = 0; old < oldStrings.length; old++) {
            if (oldStrings[old] != null) {
                int slot = slot(oldStrings[old], mask);
                while (strings[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                strings[slot] = oldStrings[old];
                numbers[slot] = oldNumbers[old];
            }
        }
    }

    private static int slot(final String string, final int mask) {
        return slot(string.hashCode(), mask);
    }

    private static int slot(final int stringHash, final int mask) {
        // String's hash spreads poorly in its low bits for short keys that differ in their last character only
        final int hash = stringHash * 0x9E3779B9;
        return (hash ^ (hash >>> 16)) & mask;
    }
}
