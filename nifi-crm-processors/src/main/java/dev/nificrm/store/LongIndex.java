package dev.nificrm.store;

import java.util.Arrays;

/**
 * Distinct 64-bit values (key hashes, member ids) numbered 0, 1, 2... in the order they were first added: a set that
 * keeps insertion order and a map from a value to a dense number in one, in primitive arrays (open addressing), without
 * an object per value. A caller keeps what it maps a value to in its own arrays, indexed by the number.
 * <p>
 * The table holds an {@code int} a slot, not the value: the value's number plus one in the low bits (as many as the
 * table has slots: the index holds at most half as many values) and a tag of the value's mixed hash in the bits left
 * above; a value is compared only where its tag matches (one slot in 2<sup>13</sup> of the others, at a batch's block
 * index of 2<sup>19</sup> slots). The table is thus a quarter of two longs a slot (a batch's block index 2 MiB, not 8):
 * an add or look-up into it is a random read, and a smaller table misses the caches less and is zeroed for less.
 * <p>
 * The table and the values are held in pages of 256 KiB, not in one array each: a batch's block index (some 140,000
 * hashes) would otherwise be an array of 2 MB and its values one of 1 MB, and G1 allocates an array of half a region
 * or more (512 KiB with the regions of a heap up to 2 GB) as a humongous object outside the young generation, where an
 * allocation above the heap's occupancy threshold starts a concurrent marking cycle.
 */
final class LongIndex {
    private static final int MISSING = -1;
    /** Longs per page of values: a page of 256 KiB stays under half the smallest G1 region (1 MiB). */
    private static final int PAGE_BITS = 15;
    private static final int PAGE = 1 << PAGE_BITS;
    private static final int IN_PAGE = PAGE - 1;
    /** Slots (ints) per page of the table: 256 KiB as well. */
    private static final int SLOT_PAGE_BITS = 16;
    private static final int SLOT_PAGE = 1 << SLOT_PAGE_BITS;
    private static final int IN_SLOT_PAGE = SLOT_PAGE - 1;

    /** The values by number, in pages; only the last page may be shorter than {@link #PAGE}. */
    private long[][] values;
    /**
     * The table: per slot 0 when empty, else a value's number plus one in the low {@link #slotBits} bits and its tag
     * ({@link #tag}) above them. In pages of {@link #SLOT_PAGE} ints, or one page when the table is smaller.
     */
    private int[][] table;
    /** The slots of the table, a power of two: {@code 1 << slotBits}. */
    private int capacity;
    private int slotBits;
    private int size;

    LongIndex(final int expected) {
        capacity = Math.max(16, Integer.highestOneBit(Math.max(1, expected) * 2 - 1) << 1);
        slotBits = Integer.numberOfTrailingZeros(capacity);
        table = pages(capacity);
        values = valuePages(Math.max(8, expected));
    }

    /** The number of distinct values added. */
    int size() {
        return size;
    }

    /** The value numbered {@code number}. */
    long value(final int number) {
        return values[number >>> PAGE_BITS][number & IN_PAGE];
    }

    /** The values in the order they were first added. */
    long[] toArray() {
        final long[] all = new long[size];
        for (int page = 0, from = 0; from < size; page++, from += PAGE) {
            System.arraycopy(values[page], 0, all, from, Math.min(PAGE, size - from));
        }
        return all;
    }

    /** The number of a value, or -1 when it was never added. */
    int indexOf(final long value) {
        final long mixed = mix(value);
        final int mask = capacity - 1;
        final int tag = tag(mixed);
        for (int slot = (int) mixed & mask; ; slot = (slot + 1) & mask) {
            final int entry = table[slot >>> SLOT_PAGE_BITS][slot & IN_SLOT_PAGE];
            if (entry == 0) {
                return MISSING;
            }
            if ((entry & ~mask) == tag && value((entry & mask) - 1) == value) {
                return (entry & mask) - 1;
            }
        }
    }

    boolean contains(final long value) {
        return indexOf(value) != MISSING;
    }

    /** Adds a value if it is new; returns its number (a new one is {@link #size()} - 1 afterwards). */
    int add(final long value) {
        final long mixed = mix(value);
        final int mask = capacity - 1;
        final int tag = tag(mixed);
        int slot = (int) mixed & mask;
        int[] page = table[slot >>> SLOT_PAGE_BITS];
        int entry = page[slot & IN_SLOT_PAGE];
        while (entry != 0) {
            if ((entry & ~mask) == tag && value((entry & mask) - 1) == value) {
                return (entry & mask) - 1;
            }
            slot = (slot + 1) & mask;
            page = table[slot >>> SLOT_PAGE_BITS];
            entry = page[slot & IN_SLOT_PAGE];
        }
        roomForValue(size);
        values[size >>> PAGE_BITS][size & IN_PAGE] = value;
        page[slot & IN_SLOT_PAGE] = tag | ++size;
        if (size * 2 > capacity) {
            grow();
        }
        return size - 1;
    }

    /** Forgets every value, keeping the room: work in proportion to the values added, not to the table. */
    void clear() {
        final int mask = capacity - 1;
        for (int number = 0; number < size; number++) {
            int slot = (int) mix(value(number)) & mask;
            while ((table[slot >>> SLOT_PAGE_BITS][slot & IN_SLOT_PAGE] & mask) != number + 1) {
                slot = (slot + 1) & mask;
            }
            table[slot >>> SLOT_PAGE_BITS][slot & IN_SLOT_PAGE] = 0;
        }
        size = 0;
    }

    /** The length of the longest array the index holds, in bytes (for tests). */
    long longestArrayBytes() {
        long longest = 0;
        for (final int[] page : table) {
            longest = Math.max(longest, (long) page.length * Integer.BYTES);
        }
        for (final long[] page : values) {
            longest = Math.max(longest, (long) page.length * Long.BYTES);
        }
        return longest;
    }

    /** The bytes of the table's arrays (for tests): what an add or a look-up reads at random. */
    long tableBytes() {
        long bytes = 0;
        for (final int[] page : table) {
            bytes += (long) page.length * Integer.BYTES;
        }
        return bytes;
    }

    /** Makes room for the value numbered {@code number}: the last page doubled up to a full page, then a new page. */
    private void roomForValue(final int number) {
        final int page = number >>> PAGE_BITS;
        if (page == values.length) {
            values = Arrays.copyOf(values, page + 1);
            values[page] = new long[PAGE];
        } else if ((number & IN_PAGE) == values[page].length) {
            values[page] = Arrays.copyOf(values[page], Math.min(PAGE, values[page].length * 2));
        }
    }

    private void grow() {
        capacity *= 2;
        slotBits++;
        table = pages(capacity);
        final int mask = capacity - 1;
        for (int number = 0; number < size; number++) {
            final long mixed = mix(value(number));
            int slot = (int) mixed & mask;
            while (table[slot >>> SLOT_PAGE_BITS][slot & IN_SLOT_PAGE] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot >>> SLOT_PAGE_BITS][slot & IN_SLOT_PAGE] = tag(mixed) | number + 1;
        }
    }

    /**
     * The tag of a value in its slot: the top bits of its mixed hash (those the slot is not taken from), as many as the
     * slot's int leaves above the number, in place there. The number plus one fits in {@link #slotBits} bits, as the
     * index holds at most half as many values as slots.
     */
    private int tag(final long mixed) {
        return (int) (mixed >>> (Integer.SIZE + slotBits)) << slotBits;
    }

    /** Zeroed room for {@code slots} ints (a power of two): one array when it is at most a page, else full pages. */
    private static int[][] pages(final int slots) {
        if (slots <= SLOT_PAGE) {
            return new int[][] {new int[slots]};
        }
        final int[][] pages = new int[slots >>> SLOT_PAGE_BITS][];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = new int[SLOT_PAGE];
        }
        return pages;
    }

    /** Room for {@code count} values: full pages, the last as long as needed. */
    private static long[][] valuePages(final int count) {
        final long[][] pages = new long[(count + IN_PAGE) >>> PAGE_BITS][];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = new long[Math.min(PAGE, count - i * PAGE)];
        }
        return pages;
    }

    /** The value's hash: its low bits choose its slot, its top bits make its tag. */
    private static long mix(final long value) {
        // murmur3's finaliser: key hashes are already mixed, member ids are consecutive
        long mixed = value ^ (value >>> 33);
        mixed *= 0xff51afd7ed558ccdL;
        return mixed ^ mixed >>> 33;
    }
}
