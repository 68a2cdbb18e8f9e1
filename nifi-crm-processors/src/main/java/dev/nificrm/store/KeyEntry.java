package dev.nificrm.store;

/**
 * What the store keeps under one key hash: how many records carry the key and, for a blocking key, whether the store
 * lists its members (while they are few enough to be compared with; never for a term-frequency key). The members of
 * listed blocks are read apart ({@link EntityStore#findBlockMembers}), for the blocks a batch actually compares with.
 * An entry is given at the position of its hash among those asked for ({@link StoreReads#findKeys}), so it does not
 * hold the hash: entries are values, and those of the counts most keys have are shared ({@link #of}), not made per
 * look-up (a batch looks up some 170,000 keys).
 *
 * @param count  the number of records with the key
 * @param listed whether the store lists the members with the key
 */
public record KeyEntry(long count, boolean listed) {
    /** Counts below this have their entries made once ({@link #of}). */
    private static final int SHARED_COUNTS = 4096;
    /** Per count below {@link #SHARED_COUNTS}, its entry unlisted and listed (made when first asked for). */
    private static final KeyEntry[] SHARED = new KeyEntry[2 * SHARED_COUNTS];

    /** The entry of a key with this count: a shared one for a count below {@value #SHARED_COUNTS}, else a new one. */
    public static KeyEntry of(final long count, final boolean listed) {
        if (count < 0 || count >= SHARED_COUNTS) {
            return new KeyEntry(count, listed);
        }
        final int at = (int) count << 1 | (listed ? 1 : 0);
        KeyEntry entry = SHARED[at];
        if (entry == null) {
            // a race makes two equal entries, one of them kept: a record's final fields are safely published
            entry = new KeyEntry(count, listed);
            SHARED[at] = entry;
        }
        return entry;
    }
}
