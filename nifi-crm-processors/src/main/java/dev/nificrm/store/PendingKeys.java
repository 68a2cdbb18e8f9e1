package dev.nificrm.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The key changes of an open write, laid over the key index for the write's own reads: the index takes a change in only
 * when it commits, while a FlowFile resolved part by part must find its earlier parts' records among the candidates.
 * Keeps every change (a member joining or leaving a block, a count) in arrays sorted by hash, in the order the index
 * will apply them within a hash: 17 bytes a change, with no table or slack, so a FlowFile's pending changes take little
 * heap however many parts it has. Each added change is a run of its own; runs of similar size are merged, so a read
 * searches a few runs and a FlowFile's changes are copied a few times, not once per part. A read replays the changes of each hash it asks for over what the index has,
 * as the index will. Also keeps which members' records the changes rewrote (those are read from the database meanwhile).
 * Changes are added by one thread between parts ({@link #add}); reads run on several at once.
 */
final class PendingKeys {
    private static final long[] NO_LONGS = new long[0];

    /** The changes added so far, in runs (oldest first), each sorted by hash (stably: in the order applied within a hash). */
    private final List<Run> runs = new ArrayList<>();
    /** The members whose records the changes rewrote, sorted. */
    private long[] rewritten = NO_LONGS;

    /** The change being added, in the order applied. */
    private final KeyChangeList added = new KeyChangeList();

    /** What the changes are laid over: the key index as committed. */
    interface Base {
        KeyEntry[] find(long[] hashes);

        long[][] blockMembers(long[] hashes);

        /** See {@link KeyIndex#heads}. */
        byte[] heads(long[] hashes);
    }

    /** Adds a written change, after those added before. */
    void add(final KeyChanges changes) {
        added.clear();
        changes.applyTo(added, true);
        if (added.blanks()) {
            // an erasure is a write of its own, whose changes the index takes in at its commit
            throw new IllegalStateException("An open write of matched records blanks no member: erasures are written on their own");
        }
        final int count = added.size();
        final Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        // stable: the changes of one hash stay in the order applied
        Arrays.sort(order, (left, right) -> Long.compare(added.hash(left), added.hash(right)));
        final Run run = new Run(new long[count], new byte[count], new long[count]);
        for (int i = 0; i < count; i++) {
            run.hashes[i] = added.hash(order[i]);
            run.kinds[i] = added.kind(order[i]);
            run.values[i] = added.value(order[i]);
        }
        runs.add(run);
        while (runs.size() > 1 && runs.get(runs.size() - 2).size() <= 2 * runs.getLast().size()) {
            final Run newer = runs.removeLast();
            runs.set(runs.size() - 1, Run.merge(runs.getLast(), newer));
        }
        final long[] newRewritten = added.members();
        final long[] members = Arrays.copyOf(rewritten, rewritten.length + newRewritten.length);
        System.arraycopy(newRewritten, 0, members, rewritten.length, newRewritten.length);
        Arrays.sort(members);
        rewritten = members;
    }

    /** Whether the changes rewrote this member's record (new, or its entity or keys changed): the index's is not current. */
    boolean rewrote(final long memberId) {
        return Arrays.binarySearch(rewritten, memberId) >= 0;
    }

    /** Whether the changes hold any of a hash. */
    private boolean touches(final long hash) {
        for (final Run run : runs) {
            if (run.first(hash) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Changes sorted by hash, stably. */
    private record Run(long[] hashes, byte[] kinds, long[] values) {

        int size() {
            return hashes.length;
        }

        /** The position of the first change of a hash, or -1 when the run has none. */
        int first(final long hash) {
            int low = 0;
            int high = hashes.length;
            while (low < high) {
                final int middle = (low + high) >>> 1;
                if (hashes[middle] < hash) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low < hashes.length && hashes[low] == hash ? low : -1;
        }

        /** One run of two, the older's changes of a hash before the newer's. */
        static Run merge(final Run older, final Run newer) {
            final int size = older.size() + newer.size();
            final Run merged = new Run(new long[size], new byte[size], new long[size]);
            int fromOlder = 0;
            int fromNewer = 0;
            for (int i = 0; i < size; i++) {
                final Run from;
                final int at;
                if (fromNewer == newer.size() || fromOlder < older.size() && older.hashes[fromOlder] <= newer.hashes[fromNewer]) {
                    from = older;
                    at = fromOlder++;
                } else {
                    from = newer;
                    at = fromNewer++;
                }
                merged.hashes[i] = from.hashes[at];
                merged.kinds[i] = from.kinds[at];
                merged.values[i] = from.values[at];
            }
            return merged;
        }
    }

    /** The entries of the hashes as the index will have them after the changes, like {@link EntityStore#findKeys}. */
    KeyEntry[] find(final long[] asked, final Base index) {
        final KeyEntry[] entries = index.find(asked);
        final int[] touched = touched(asked);
        final Replayed[] replayed = replay(asked, touched, index);
        for (int i = 0; i < touched.length; i++) {
            final Replayed block = replayed[i];
            entries[touched[i]] = block.exists ? KeyEntry.of(block.count, block.listed()) : null;
        }
        return entries;
    }

    /** The members listed under the hashes as the index will list them after the changes, like {@link EntityStore#findBlockMembers}. */
    long[][] blockMembers(final long[] asked, final Base index) {
        final long[][] members = index.blockMembers(asked);
        final int[] touched = touched(asked);
        final Replayed[] replayed = replay(asked, touched, index);
        for (int i = 0; i < touched.length; i++) {
            final Replayed block = replayed[i];
            members[touched[i]] = block.listed() ? Arrays.copyOf(block.members, block.size) : null;
        }
        return members;
    }

    /** The positions of the asked hashes that the changes touch. */
    private int[] touched(final long[] asked) {
        int[] touched = new int[16];
        int count = 0;
        for (int i = 0; i < asked.length; i++) {
            if (touches(asked[i])) {
                if (count == touched.length) {
                    touched = Arrays.copyOf(touched, count * 2);
                }
                touched[count++] = i;
            }
        }
        return Arrays.copyOf(touched, count);
    }

    /**
     * Replays the changes of each touched hash over what the index has for it, as {@link KeyIndex#join},
     * {@link KeyIndex#leave} and {@link KeyIndex#add} will.
     */
    private Replayed[] replay(final long[] asked, final int[] touched, final Base index) {
        final long[] touchedHashes = new long[touched.length];
        for (int i = 0; i < touched.length; i++) {
            touchedHashes[i] = asked[touched[i]];
        }
        final KeyEntry[] entries = index.find(touchedHashes);
        final long[][] members = index.blockMembers(touchedHashes);
        final byte[] heads = index.heads(touchedHashes);
        final Replayed[] replayed = new Replayed[touched.length];
        for (int i = 0; i < touched.length; i++) {
            final Replayed block = new Replayed(heads[i] != KeyIndex.ABSENT, entries[i] == null ? 0 : entries[i].count(),
                    heads[i] == KeyIndex.NOT_LISTING, members[i]);
            final long hash = touchedHashes[i];
            for (final Run run : runs) {
                for (int change = run.first(hash); change >= 0 && change < run.size() && run.hashes[change] == hash; change++) {
                    switch (run.kinds[change]) {
                        case KeyChangeList.JOIN -> block.join(run.values[change]);
                        case KeyChangeList.LEAVE -> block.leave(run.values[change]);
                        default -> block.add(run.values[change]);
                    }
                }
            }
            replayed[i] = block;
        }
        return replayed;
    }

    /** One hash's slot as the index will have it. */
    private static final class Replayed {
        private boolean exists;
        private long count;
        private boolean notListing;
        private long[] members;
        private int size;

        private Replayed(final boolean exists, final long count, final boolean notListing, final long[] members) {
            this.exists = exists;
            this.count = count;
            this.notListing = notListing;
            this.members = members == null ? new long[4] : Arrays.copyOf(members, members.length + 4);
            this.size = members == null ? 0 : members.length;
        }

        private boolean listed() {
            return exists && !notListing && size > 0;
        }

        /** The slot a change makes for a hash the index does not have: listing for a join, not for a count. */
        private void createIfAbsent(final boolean listing) {
            if (!exists) {
                exists = true;
                count = 0;
                notListing = !listing;
                size = 0;
            }
        }

        private void join(final long member) {
            createIfAbsent(true);
            if (count + 1 > EntityStore.MAXIMUM_LISTED_BLOCK) {
                notListing = true;
                size = 0;
            } else if (count == 0) {
                notListing = false;
                size = 0;
                append(member);
            } else if (!notListing) {
                append(member);
            }
            count++;
        }

        private void leave(final long member) {
            if (!exists) {
                return;
            }
            count--;
            if (!notListing) {
                for (int i = 0; i < size; i++) {
                    if (members[i] == member) {
                        System.arraycopy(members, i + 1, members, i, size - i - 1);
                        size--;
                        break;
                    }
                }
            }
            releaseIfUnused();
        }

        private void add(final long delta) {
            createIfAbsent(false);
            count += delta;
            releaseIfUnused();
        }

        /** A slot that counts and lists nobody is let go, as the index lets it go. */
        private void releaseIfUnused() {
            if (count == 0 && (notListing || size == 0)) {
                exists = false;
            }
        }

        private void append(final long member) {
            if (size == members.length) {
                members = Arrays.copyOf(members, size * 2 + 4);
            }
            members[size++] = member;
        }
    }
}
