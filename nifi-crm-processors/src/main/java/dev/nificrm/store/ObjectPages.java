package dev.nificrm.store;

/**
 * A fixed number of slots for objects (null at first) held in pages of {@value #PAGE} references (128 KiB with compressed
 * references), one array when smaller: a batch's key entries or block members by block number (some 150,000 against a
 * large store) in one array are 600 KB, a G1 humongous object at -Xmx512m (see {@link LongPages}). Set by one thread;
 * read by any once filled.
 *
 * @param <T> what a slot holds
 */
final class ObjectPages<T> {
    private static final int PAGE_BITS = 15;
    static final int PAGE = 1 << PAGE_BITS;
    private static final int IN_PAGE = PAGE - 1;

    private final Object[][] pages;
    private final int size;

    ObjectPages(final int size) {
        this.size = size;
        pages = new Object[Math.max(1, (size + IN_PAGE) >>> PAGE_BITS)][];
        for (int page = 0; page < pages.length; page++) {
            pages[page] = new Object[Math.min(PAGE, size - page * PAGE)];
        }
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    T get(final int index) {
        return (T) pages[index >>> PAGE_BITS][index & IN_PAGE];
    }

    void set(final int index, final T value) {
        pages[index >>> PAGE_BITS][index & IN_PAGE] = value;
    }

    /** Sets the slots from {@code from} on to the values of {@code part}, in its order. */
    void setAll(final int from, final T[] part) {
        for (int at = from, i = 0; i < part.length; ) {
            final int inPage = at & IN_PAGE;
            final int length = Math.min(PAGE - inPage, part.length - i);
            System.arraycopy(part, i, pages[at >>> PAGE_BITS], inPage, length);
            at += length;
            i += length;
        }
    }

    /** The length of the longest array the slots are held in, for the tests. */
    int longestArray() {
        int longest = pages.length;
        for (final Object[] page : pages) {
            longest = Math.max(longest, page.length);
        }
        return longest;
    }
}
