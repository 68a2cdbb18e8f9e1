package dev.nificrm.store;

import java.util.Arrays;

/**
 * The key changes of an open write, laid over the key index for the write's own reads: the index takes a change in only
 * when it commits, while a FlowFile resolved part by part must find its earlier parts' records among the candidates.
 * Keeps each touched hash's changes in the order the index will apply them (in primitive arrays: a few bytes per
 * change, not a copy of the blocks) and, when a read asks for the hash, replays them over what the index has, as the
 * index will. Also keeps which members' records the changes rewrote (those are read from the database meanwhile).
 * Written by one thread between parts; read by several at once.
 */
final class PendingKeys implements KeyChanges.Target {
    private static final byte JOIN = 0;
    private static final byte LEAVE = 1;
    private static final byte ADD = 2;
    private static final int NONE = -1;

    private final LongIndex hashes = new LongIndex(1 << 12);
    /** Per hash number, its first and last change (numbers into the change arrays). */
    private int[] first = new int[1 << 12];
    private int[] last = new int[1 << 12];
    /** Per change: its kind, its member or delta, and the hash's next change. */
    private byte[] kinds = new byte[1 << 14];
    private long[] values = new long[1 << 14];
    private int[] next = new int[1 << 14];
    private int changes;
    private final LongIndex rewrittenMembers = new LongIndex(1 << 10);

    /** What the changes are laid over: the key index as committed. */
    interface Base {
        KeyEntry[] find(long[] hashes);

        long[][] blockMembers(long[] hashes);

        /** See {@link KeyIndex#heads}. */
        byte[] heads(long[] hashes);
    }

    @Override
    public void join(final long hash, final long member) {
        change(hash, JOIN, member);
    }

    @Override
    public void leave(final long hash, final long member) {
        change(hash, LEAVE, member);
    }

    @Override
    public void add(final long hash, final long delta) {
        change(hash, ADD, delta);
    }

    @Override
    public void putMember(final MemberRecord member) {
        rewrittenMembers.add(member.memberId());
    }

    /** Whether the changes rewrote this member's record (new, or its entity or keys changed): the index's is not current. */
    boolean rewrote(final long memberId) {
        return rewrittenMembers.contains(memberId);
    }

    private void change(final long hash, final byte kind, final long value) {
        final int before = hashes.size();
        final int number = hashes.add(hash);
        if (number == first.length) {
            first = Arrays.copyOf(first, number * 2);
            last = Arrays.copyOf(last, number * 2);
        }
        if (changes == kinds.length) {
            kinds = Arrays.copyOf(kinds, changes * 2);
            values = Arrays.copyOf(values, changes * 2);
            next = Arrays.copyOf(next, changes * 2);
        }
        kinds[changes] = kind;
        values[changes] = value;
        next[changes] = NONE;
        if (number == before) {
            first[number] = changes;
        } else {
            next[last[number]] = changes;
        }
        last[number] = changes;
        changes++;
    }

    /** The entries of the hashes as the index will have them after the changes, like {@link EntityStore#findKeys}. */
    KeyEntry[] find(final long[] asked, final Base index) {
        final KeyEntry[] entries = index.find(asked);
        final int[] touched = touched(asked);
        final Replayed[] replayed = replay(asked, touched, index);
        for (int i = 0; i < touched.length; i++) {
            final Replayed block = replayed[i];
            entries[touched[i]] = block.exists ? new KeyEntry(asked[touched[i]], block.count, block.listed()) : null;
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
            if (hashes.contains(asked[i])) {
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
            for (int change = first[hashes.indexOf(touchedHashes[i])]; change != NONE; change = next[change]) {
                switch (kinds[change]) {
                    case JOIN -> block.join(values[change]);
                    case LEAVE -> block.leave(values[change]);
                    default -> block.add(values[change]);
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

        private void join(final long member) {
            if (!exists) {
                exists = true;
                count = 0;
                notListing = false;
                size = 0;
            }
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
            if (notListing) {
                return;
            }
            for (int i = 0; i < size; i++) {
                if (members[i] == member) {
                    System.arraycopy(members, i + 1, members, i, size - i - 1);
                    size--;
                    return;
                }
            }
        }

        private void add(final long delta) {
            if (!exists) {
                exists = true;
                count = 0;
                notListing = true;
                size = 0;
            }
            count += delta;
        }

        private void append(final long member) {
            if (size == members.length) {
                members = Arrays.copyOf(members, size * 2 + 4);
            }
            members[size++] = member;
        }
    }
}
