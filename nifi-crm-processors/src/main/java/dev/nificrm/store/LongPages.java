package dev.nificrm.store;

import java.util.Arrays;

/**
 * A growing list of longs held in pages of {@value #PAGE} (256 KiB), one array when smaller: a batch's block hashes (some
 * 150,000 against a large store) in one array are 1.2 MB, a G1 humongous object (half a region or more at -Xmx512m),
 * allocated outside the young generation, where one past the heap's occupancy threshold starts a concurrent cycle. Read
 * a part at a time ({@link #copy}) by the store's reads, each part under half a region. Appended to by one thread; read by
 * any once filled.
 */
final class LongPages {
    private static final int PAGE_BITS = 15;
    /** Longs a page holds, and the longest array of one: 256 KiB, under half of a region of 1 MiB. */
    static final int PAGE = 1 << PAGE_BITS;
    private static final int IN_PAGE = PAGE - 1;
    private static final int FIRST_PAGE = 256;

    private long[][] pages;
    private int size;

    /** An empty list. */
    LongPages() {
        pages = new long[][] {new long[FIRST_PAGE]};
    }

    /** An empty list with room for {@code capacity} values: full pages, the last as long as needed. */
    LongPages(final int capacity) {
        pages = new long[Math.max(1, (capacity + IN_PAGE) >>> PAGE_BITS)][];
        for (int page = 0; page < pages.length; page++) {
            pages[page] = new long[Math.max(FIRST_PAGE, Math.min(PAGE, capacity - page * PAGE))];
        }
    }

    /** A list of these values. */
    static LongPages of(final long... values) {
        final LongPages list = new LongPages(values.length);
        for (final long value : values) {
            list.add(value);
        }
        return list;
    }

    int size() {
        return size;
    }

    long get(final int index) {
        return pages[index >>> PAGE_BITS][index & IN_PAGE];
    }

    void add(final long value) {
        final int page = size >>> PAGE_BITS;
        if (page == pages.length) {
            pages = Arrays.copyOf(pages, page + 1);
            pages[page] = new long[PAGE];
        } else if ((size & IN_PAGE) == pages[page].length) {
            pages[page] = Arrays.copyOf(pages[page], Math.min(PAGE, pages[page].length * 2));
        }
        pages[page][size & IN_PAGE] = value;
        size++;
    }

    /** Forgets every value, keeping the room. */
    void clear() {
        size = 0;
    }

    /** Adds every value of {@code other}, in its order. */
    void addAll(final LongPages other) {
        for (int i = 0; i < other.size; i++) {
            add(other.get(i));
        }
    }

    /** The values from {@code from} (inclusive) to {@code to} (exclusive) in one new array: a part of a read. */
    long[] copy(final int from, final int to) {
        final long[] part = new long[to - from];
        for (int at = from; at < to; ) {
            final int inPage = at & IN_PAGE;
            final int length = Math.min(PAGE - inPage, to - at);
            System.arraycopy(pages[at >>> PAGE_BITS], inPage, part, at - from, length);
            at += length;
        }
        return part;
    }

    /**
     * The values in ascending order, as a new list: each page sorted, then the pages merged (a batch's blocks fill a
     * handful), with no array longer than a page.
     */
    LongPages sorted() {
        final int pageCount = (size + IN_PAGE) >>> PAGE_BITS;
        final long[][] sortedPages = new long[pageCount][];
        for (int page = 0; page < pageCount; page++) {
            sortedPages[page] = copy(page << PAGE_BITS, Math.min(size, (page + 1) << PAGE_BITS));
            Arrays.sort(sortedPages[page]);
        }
        final LongPages sorted = new LongPages(size);
        if (pageCount == 1) {
            for (final long value : sortedPages[0]) {
                sorted.add(value);
            }
            return sorted;
        }
        final int[] next = new int[pageCount];
        for (int taken = 0; taken < size; taken++) {
            int least = -1;
            for (int page = 0; page < pageCount; page++) {
                if (next[page] < sortedPages[page].length && (least < 0 || sortedPages[page][next[page]] < sortedPages[least][next[least]])) {
                    least = page;
                }
            }
            sorted.add(sortedPages[least][next[least]++]);
        }
        return sorted;
    }

    /** The length of the longest array the list holds (its pages and their table), for the tests. */
    int longestArray() {
        int longest = pages.length;
        for (final long[] page : pages) {
            longest = Math.max(longest, page.length);
        }
        return longest;
    }
}
