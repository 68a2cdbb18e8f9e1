package dev.nificrm.match;

import org.apache.commons.codec.language.DoubleMetaphone;

/**
 * Commons Codec's primary Double Metaphone codes of name keys, and their transliteration skeletons
 * ({@link Transliterations}), each computed once while it is kept. One instance serves
 * a whole {@link Matcher}: its name comparators ask for both names of many scored pairs (a first name also against the
 * other record's last name, for a swap), its phonetic blocking passes for the names of every record (for the index, and
 * again for a store's candidates and under the rules it reads for a store), and they all ask for the same names, which
 * repeat (a few thousand first names cover most people). Keeps the code and the skeleton of the first
 * {@value #REMEMBERED_NAMES} values it meets, together (the common names come first), and computes those of any further
 * value each time: a code does not depend on whether it was kept. The bound serves first and last names together:
 * 400,000 generated people hold 69,795 of them, 1,300,000 hold 108,325. Not static: the names it holds are personal
 * data and go with the matcher.
 * <p>
 * A name is looked up by its characters (h294): a stored name read where the store holds it ({@link CharSequence}) is
 * hashed as {@link String#hashCode} over its characters and compared in place, so a kept name makes no string and no
 * hash of one; a kept name's code and skeleton are one entry, found with one probe. Thread-safe: a matcher scores on
 * several threads. Reads take no lock (an entry is immutable, published through its final fields; a reader that misses
 * one being added computes the name itself); adding one and growing the table take this instance's lock.
 */
final class PhoneticCodes {
    private static final int REMEMBERED_NAMES = 100_000;
    private static final int FIRST_CAPACITY = 1 << 10;

    private final DoubleMetaphone metaphone = new DoubleMetaphone();
    private final int bound;
    /** Open-addressed by the name's spread hash, linear probing, at most half full; replaced by a larger one to grow. */
    private volatile Entry[] table = new Entry[FIRST_CAPACITY];
    /** The entries held; written under the lock. */
    private int size;

    PhoneticCodes() {
        this(REMEMBERED_NAMES);
    }

    /** Codes keeping at most {@code bound} names (tests). */
    PhoneticCodes(final int bound) {
        this.bound = bound;
    }

    /** {@link DoubleMetaphone#doubleMetaphone(String)} of the value (its primary code; null where Commons Codec gives none). */
    String code(final String value) {
        return code((CharSequence) value);
    }

    /**
     * {@link #code(String)} of the characters (a stored name read in place): no string of them made where the name is
     * kept.
     */
    String code(final CharSequence value) {
        final int hash = hashOf(value);
        final Entry known = find(table, value, hash);
        if (known != null) {
            return known.code;
        }
        final String name = value.toString();
        if (size >= bound) {
            return metaphone.doubleMetaphone(name);
        }
        return add(name, hash).code;
    }

    /** {@link Transliterations#skeleton(String)} of the value (null where the value has none). */
    String skeleton(final CharSequence value) {
        final int hash = hashOf(value);
        final Entry known = find(table, value, hash);
        if (known != null) {
            return known.skeleton;
        }
        final String name = value.toString();
        if (size >= bound) {
            return Transliterations.skeleton(name);
        }
        return add(name, hash).skeleton;
    }

    /** The names kept (tests). */
    synchronized int remembered() {
        return size;
    }

    /** The entry of the name, added unless the bound is reached meanwhile (then made and not kept). */
    private synchronized Entry add(final String name, final int hash) {
        Entry[] entries = table;
        final Entry known = find(entries, name, hash);
        if (known != null) {
            return known;
        }
        final Entry entry = new Entry(name, hash, metaphone.doubleMetaphone(name), Transliterations.skeleton(name));
        if (size >= bound) {
            return entry;
        }
        if (2 * (size + 1) > entries.length) {
            entries = grown(entries);
        }
        final int mask = entries.length - 1;
        int slot = spread(hash) & mask;
        while (entries[slot] != null) {
            slot = (slot + 1) & mask;
        }
        entries[slot] = entry;
        size++;
        table = entries;
        return entry;
    }

    private static Entry[] grown(final Entry[] entries) {
        final Entry[] larger = new Entry[entries.length * 2];
        final int mask = larger.length - 1;
        for (final Entry entry : entries) {
            if (entry != null) {
                int slot = spread(entry.hash) & mask;
                while (larger[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                larger[slot] = entry;
            }
        }
        return larger;
    }

    private static Entry find(final Entry[] entries, final CharSequence value, final int hash) {
        final int mask = entries.length - 1;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
            final Entry entry = entries[slot];
            if (entry == null) {
                return null;
            }
            if (entry.hash == hash && entry.name.contentEquals(value)) {
                return entry;
            }
        }
    }

    /** {@link String#hashCode} of the characters (a string's own, kept in it). */
    private static int hashOf(final CharSequence value) {
        if (value instanceof String string) {
            return string.hashCode();
        }
        int hash = 0;
        for (int i = 0; i < value.length(); i++) {
            hash = 31 * hash + value.charAt(i);
        }
        return hash;
    }

    private static int spread(final int hash) {
        return hash ^ (hash >>> 16);
    }

    /**
     * A kept name, its code and its skeleton (null where Commons Codec gives no code, where the name has no skeleton);
     * its fields final, so a reader that finds it without the lock sees them.
     */
    private record Entry(String name, int hash, String code, String skeleton) {
    }
}
