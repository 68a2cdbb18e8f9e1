package dev.nificrm.match;

import java.util.Arrays;

/**
 * A growing list of ints held in pages of {@value #PAGE} (128 KiB), one array when smaller: a list that grows past
 * 65,536 ints in one array doubled would be a G1 humongous object (half a region or more at -Xmx512m), as a store's
 * batch's candidate pairs and observed blocks were (h261b). Appended to by one thread; read by any once filled.
 */
public final class IntPages {
    private static final int PAGE_BITS = 15;
    /** Elements a page holds, and the longest array of one: under half of a region of 1 MiB. */
    public static final int PAGE = 1 << PAGE_BITS;
    private static final int IN_PAGE = PAGE - 1;
    private static final int FIRST_PAGE = 256;

    private int[][] pages;
    private int size;

    /** An empty list. */
    public IntPages() {
        pages = new int[][] {new int[FIRST_PAGE]};
    }

    /**
     * A list of {@code size} elements, each {@code value}: an array's worth of slots for many records (two a record of a
     * store's batch, some 200,000) in pages, not one array of half a region or more.
     */
    public IntPages(final int size, final int value) {
        if (size == 0) {
            pages = new int[][] {new int[FIRST_PAGE]};
            return;
        }
        pages = new int[(size + IN_PAGE) >>> PAGE_BITS][];
        for (int page = 0; page < pages.length; page++) {
            pages[page] = new int[page < pages.length - 1 ? PAGE : size - (page << PAGE_BITS)];
            Arrays.fill(pages[page], value);
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    public int get(final int index) {
        return pages[index >>> PAGE_BITS][index & IN_PAGE];
    }

    public void set(final int index, final int value) {
        pages[index >>> PAGE_BITS][index & IN_PAGE] = value;
    }

    /** Adds one to element {@code index}. */
    public void increment(final int index) {
        pages[index >>> PAGE_BITS][index & IN_PAGE]++;
    }

    public void add(final int value) {
        final int page = size >>> PAGE_BITS;
        if (page == pages.length) {
            pages = Arrays.copyOf(pages, page + 1);
            pages[page] = new int[PAGE];
        } else if ((size & IN_PAGE) == pages[page].length) {
            pages[page] = Arrays.copyOf(pages[page], Math.min(PAGE, pages[page].length * 2));
        }
        pages[page][size & IN_PAGE] = value;
        size++;
    }

    /** The length of the longest array the list holds (its pages and their table), for the tests. */
    public int longestArray() {
        int longest = pages.length;
        for (final int[] page : pages) {
            longest = Math.max(longest, page.length);
        }
        return longest;
    }
}
