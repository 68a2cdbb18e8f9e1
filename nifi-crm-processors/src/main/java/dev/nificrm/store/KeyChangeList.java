package dev.nificrm.store;

import java.util.Arrays;

/**
 * Key changes as {@link KeyChanges#applyTo} makes them, kept in that order for taking in again: each change a kind, a hash
 * and a member (or the count added), 17 bytes, with no decoding; optionally only the changes to some hashes. The numbers
 * of the members whose records were put are kept apart. Shared by an open write's pending changes ({@link PendingKeys})
 * and a compaction's replays of log rows ({@link KeyLog}).
 */
final class KeyChangeList implements KeyChanges.Target {
    static final byte JOIN = 0;
    static final byte LEAVE = 1;
    static final byte BLANK = 2;
    static final byte ADD = 3;
    private static final long[] NO_LONGS = new long[0];
    private static final byte[] NO_BYTES = new byte[0];

    /** The hashes whose changes are kept, sorted; null for all. */
    private final long[] only;
    private byte[] kinds = NO_BYTES;
    private long[] hashes = NO_LONGS;
    private long[] values = NO_LONGS;
    private int size;
    private long[] members = NO_LONGS;
    private int memberCount;

    /** Keeps every change. */
    KeyChangeList() {
        this.only = null;
    }

    /** Keeps only the changes to these hashes (sorted). */
    KeyChangeList(final long[] only) {
        this.only = only;
    }

    int size() {
        return size;
    }

    byte kind(final int change) {
        return kinds[change];
    }

    long hash(final int change) {
        return hashes[change];
    }

    long value(final int change) {
        return values[change];
    }

    /** The numbers of the members whose records were put, in the order put. */
    long[] members() {
        return Arrays.copyOf(members, memberCount);
    }

    /** Whether a change blanks a member. */
    boolean blanks() {
        for (int i = 0; i < size; i++) {
            if (kinds[i] == BLANK) {
                return true;
            }
        }
        return false;
    }

    /** Empties the list, keeping its room. */
    void clear() {
        size = 0;
        memberCount = 0;
    }

    /** Makes the changes again, in their order (not the members' records). */
    void applyTo(final KeyChanges.Target target) {
        for (int i = 0; i < size; i++) {
            switch (kinds[i]) {
                case JOIN -> target.join(hashes[i], values[i]);
                case LEAVE -> target.leave(hashes[i], values[i]);
                case BLANK -> target.blank(hashes[i], values[i]);
                default -> target.add(hashes[i], values[i]);
            }
        }
    }

    private void keep(final byte kind, final long hash, final long value) {
        if (only != null && Arrays.binarySearch(only, hash) < 0) {
            return;
        }
        if (size == hashes.length) {
            final int room = Math.max(4, size * 2);
            kinds = Arrays.copyOf(kinds, room);
            hashes = Arrays.copyOf(hashes, room);
            values = Arrays.copyOf(values, room);
        }
        kinds[size] = kind;
        hashes[size] = hash;
        values[size++] = value;
    }

    @Override
    public void join(final long hash, final long member) {
        keep(JOIN, hash, member);
    }

    @Override
    public void leave(final long hash, final long member) {
        keep(LEAVE, hash, member);
    }

    @Override
    public void blank(final long hash, final long member) {
        keep(BLANK, hash, member);
    }

    @Override
    public void add(final long hash, final long delta) {
        keep(ADD, hash, delta);
    }

    @Override
    public void putMember(final MemberRecord member) {
        if (memberCount == members.length) {
            members = Arrays.copyOf(members, Math.max(4, memberCount * 2));
        }
        members[memberCount++] = member.memberId();
    }
}
