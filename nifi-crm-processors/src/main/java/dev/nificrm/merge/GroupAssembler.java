package dev.nificrm.merge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the members of each group as a FlowFile is read a second time, handing a group over as soon as its last
 * member arrives, so only the members of groups still open are held: a group of one streams straight through, and
 * memory grows with the records of multi-record groups, never with the FlowFile.
 * <p>
 * The first read {@link #count counts} the records of each group by a 64-bit hash of its key, a fixed 12 bytes a
 * distinct key; the second read {@link #add adds} each member. Two keys with the same hash (improbable) only make both
 * groups wait until {@link #remaining()} at the end: no group is ever merged with another.
 */
public final class GroupAssembler {
    private final HashCounts counts = new HashCounts();
    private final Map<String, List<Member>> open = new HashMap<>();
    private long held;
    private long mostHeld;

    /** Counts one record of the group (first read). */
    public void count(final String groupKey) {
        counts.increment(hash(groupKey));
    }

    /** Whether the group has one record (second read): it is its own golden record and need not be held. */
    public boolean isAlone(final String groupKey) {
        return counts.get(hash(groupKey)) <= 1;
    }

    /**
     * Adds a member of the group (second read).
     *
     * @return the group's members when this was its last one, else null (the member is held)
     */
    public List<Member> add(final String groupKey, final Member member) {
        final int expected = counts.get(hash(groupKey));
        if (expected <= 1) {
            return List.of(member);
        }
        final List<Member> members = open.computeIfAbsent(groupKey, key -> new ArrayList<>(expected));
        members.add(member);
        if (members.size() >= expected) {
            open.remove(groupKey);
            held -= members.size() - 1;
            return members;
        }
        held++;
        mostHeld = Math.max(mostHeld, held);
        return null;
    }

    /** The groups still open after the second read (only after a hash collision, or when the reads differed), in no order. */
    public List<List<Member>> remaining() {
        final List<List<Member>> groups = new ArrayList<>(open.values());
        open.clear();
        held = 0;
        return groups;
    }

    /** The largest number of members held at once, for operators and benchmarks. */
    public long getMostHeld() {
        return mostHeld;
    }

    static long hash(final String key) {
        // FNV-1a over the UTF-16 code units, then a final mix (Stafford variant 13) so that close keys spread
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            hash ^= key.charAt(i);
            hash *= 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }

    /** An open-addressing map from a 64-bit hash to a count: no boxing, 12 bytes a key. */
    private static final class HashCounts {
        private static final long EMPTY = 0;
        private long[] keys = new long[1024];
        private int[] values = new int[1024];
        private int size;
        private boolean zeroPresent;
        private int zeroCount;

        void increment(final long key) {
            if (key == EMPTY) {
                zeroPresent = true;
                zeroCount++;
                return;
            }
            if ((size + 1) * 4L > keys.length * 3L) {
                grow();
            }
            int slot = slot(key, keys.length);
            while (keys[slot] != EMPTY && keys[slot] != key) {
                slot = (slot + 1) & (keys.length - 1);
            }
            if (keys[slot] == EMPTY) {
                keys[slot] = key;
                size++;
            }
            values[slot]++;
        }

        int get(final long key) {
            if (key == EMPTY) {
                return zeroPresent ? zeroCount : 0;
            }
            int slot = slot(key, keys.length);
            while (keys[slot] != EMPTY) {
                if (keys[slot] == key) {
                    return values[slot];
                }
                slot = (slot + 1) & (keys.length - 1);
            }
            return 0;
        }

        private static int slot(final long key, final int capacity) {
            return (int) (key ^ (key >>> 32)) & (capacity - 1);
        }

        private void grow() {
            final long[] oldKeys = keys;
            final int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new int[oldKeys.length * 2];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != EMPTY) {
                    int slot = slot(oldKeys[i], keys.length);
                    while (keys[slot] != EMPTY) {
                        slot = (slot + 1) & (keys.length - 1);
                    }
                    keys[slot] = oldKeys[i];
                    values[slot] = oldValues[i];
                }
            }
        }
    }
}
