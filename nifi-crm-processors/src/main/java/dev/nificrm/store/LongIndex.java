package dev.nificrm.store;

import java.util.Arrays;

/**
 * Distinct 64-bit values (key hashes, member ids) numbered 0, 1, 2... in the order they were first added: a set that
 * keeps insertion order and a map from a value to a dense number in one, in primitive arrays (open addressing), without
 * an object per value. A caller keeps what it maps a value to in its own arrays, indexed by the number.
 * <p>
 * The table and the values are held in pages of {@value #PAGE} longs (256 KiB), not in one array each: a batch's block
 * index (some 140,000 hashes) would otherwise be an array of 8 MB and its values one of 1 MB, and G1 allocates an
 * array of half a region or more (512 KiB with the regions of a heap up to 2 GB) as a humongous object outside the
 * young generation, where an allocation above the heap's occupancy threshold starts a concurrent marking cycle.
 */
final class LongIndex {
    private static final int MISSING = -1;
    /** Longs per page: a page of 256 KiB stays under half the smallest G1 region (1 MiB). */
    private static final int PAGE_BITS = 15;
    private static final int PAGE = 1 << PAGE_BITS;
    private static final int IN_PAGE = PAGE - 1;
    /** A slot is two longs, so a page holds this many slots' worth of shift: slot {@code s} is in page {@code s >>> SLOT_PAGE_BITS}. */
    private static final int SLOT_PAGE_BITS = PAGE_BITS - 1;

    /** The values by number, in pages; only the last page may be shorter than {@link #PAGE}. */
    private long[][] values;
    /**
     * The table, two longs per slot side by side (one cache line holds both): the value there, and its number plus one
     * (0 for an empty slot). A probe of a large table misses the cache once per slot rather than once per array. In
     * pages of {@link #PAGE} longs, or one page when the table is smaller.
     */
    private long[][] table;
    /** The slots of the table, a power of two. */
    private int capacity;
    private int size;

    LongIndex(final int expected) {
        capacity = Math.max(16, Integer.highestOneBit(Math.max(1, expected) * 2 - 1) << 1);
        table = pages(capacity * 2);
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
        final int mask = capacity - 1;
        for (int slot = slot(value, mask); ; slot = (slot + 1) & mask) {
            final long[] page = table[slot >>> SLOT_PAGE_BITS];
            final int at = (slot << 1) & IN_PAGE;
            final long entry = page[at + 1];
            if (entry == 0) {
                return MISSING;
            }
            if (page[at] == value) {
                return (int) entry - 1;
            }
        }
    }

    boolean contains(final long value) {
        return indexOf(value) != MISSING;
    }

    /** Adds a value if it is new; returns its number (a new one is {@link #size()} - 1 afterwards). */
    int add(final long value) {
        final int mask = capacity - 1;
        int slot = slot(value, mask);
        long[] page = table[slot >>> SLOT_PAGE_BITS];
        int at = (slot << 1) & IN_PAGE;
        while (page[at + 1] != 0) {
            if (page[at] == value) {
                return (int) page[at + 1] - 1;
            }
            slot = (slot + 1) & mask;
            page = table[slot >>> SLOT_PAGE_BITS];
            at = (slot << 1) & IN_PAGE;
        }
        roomForValue(size);
        values[size >>> PAGE_BITS][size & IN_PAGE] = value;
        page[at] = value;
        page[at + 1] = ++size;
        if (size * 2 > capacity) {
            grow();
        }
        return size - 1;
    }

    /** Forgets every value, keeping the room: work in proportion to the values added, not to the table. */
    void clear() {
        final int mask = capacity - 1;
        for (int number = 0; number < size; number++) {
            int slot = slot(value(number), mask);
            while (table[slot >>> SLOT_PAGE_BITS][((slot << 1) & IN_PAGE) + 1] != number + 1) {
                slot = (slot + 1) & mask;
            }
            table[slot >>> SLOT_PAGE_BITS][((slot << 1) & IN_PAGE) + 1] = 0;
        }
        size = 0;
    }

    /** The length of the longest array the index holds, in longs (for tests). */
    int longestArray() {
        int longest = 0;
        for (final long[] page : table) {
            longest = Math.max(longest, page.length);
        }
        for (final long[] page : values) {
            longest = Math.max(longest, page.length);
        }
        return longest;
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
        table = pages(capacity * 2);
        final int mask = capacity - 1;
        for (int number = 0; number < size; number++) {
            final long value = value(number);
            int slot = slot(value, mask);
            while (table[slot >>> SLOT_PAGE_BITS][((slot << 1) & IN_PAGE) + 1] != 0) {
                slot = (slot + 1) & mask;
            }
            final long[] page = table[slot >>> SLOT_PAGE_BITS];
            final int at = (slot << 1) & IN_PAGE;
            page[at] = value;
            page[at + 1] = number + 1;
        }
    }

    /** Zeroed room for {@code longs} longs (a power of two): one array when it is at most a page, else full pages. */
    private static long[][] pages(final int longs) {
        if (longs <= PAGE) {
            return new long[][] {new long[longs]};
        }
        final long[][] pages = new long[longs >>> PAGE_BITS][];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = new long[PAGE];
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

    private static int slot(final long value, final int mask) {
        // murmur3's finaliser: key hashes are already mixed, member ids are consecutive
        long mixed = value ^ (value >>> 33);
        mixed *= 0xff51afd7ed558ccdL;
        mixed ^= mixed >>> 33;
        return (int) mixed & mask;
    }
}
