package dev.nificrm.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A few blocks of the key index replayed apart from it, change by change, as {@link KeyIndex} applies changes to them: each
 * block's count, whether it lists its members and which, in order, and whether the index holds it at all. A compaction
 * replays the blocks an erased member left in a write both as the write was and as it would be rewritten without the
 * member, to tell whether a node taking the rewritten row in ends up holding them as the erasing node does
 * ({@link KeyLog}). Changes to other hashes are ignored.
 * <p>
 * Example: a block listing [7, 9] that member 7 leaves, and that member 4 joins, lists [9, 4] and counts 2; had 7 not
 * left it but one by nobody (number 0) left instead, it would list [7, 9, 4] and count 2.
 */
final class BlockReplay implements KeyChanges.Target {
    /** The hashes replayed, sorted: a base's every key is looked up here, without a box each. */
    private final long[] hashes;
    private final Map<Long, Block> blocks = new HashMap<>();

    /** Replays the blocks under these hashes, none held yet. */
    BlockReplay(final Set<Long> hashes) {
        this.hashes = hashes.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private BlockReplay(final BlockReplay other) {
        this.hashes = other.hashes;
        other.blocks.forEach((hash, block) -> blocks.put(hash, block.copy()));
    }

    /** A replay that goes on from where this one is, apart from it. */
    BlockReplay copy() {
        return new BlockReplay(this);
    }

    /** Puts a key as a base holds it (as {@link KeyIndex#putBase} does): its count and its first {@code listed} members, or none (-1). */
    void putBase(final long hash, final int count, final int[] members, final int listed) {
        if (!replays(hash)) {
            return;
        }
        final Block block = new Block(listed >= 0);
        block.count = count;
        for (int i = 0; i < listed; i++) {
            block.members.add(members[i]);
        }
        blocks.put(hash, block);
    }

    @Override
    public void join(final long hash, final long member) {
        if (!replays(hash)) {
            return;
        }
        final Block block = blocks.computeIfAbsent(hash, absent -> new Block(true));
        if (block.count + 1L > EntityStore.MAXIMUM_LISTED_BLOCK) {
            block.members = null;
        } else if (block.count == 0) {
            block.members = new ArrayList<>(List.of((int) member));
        } else if (block.members != null) {
            block.members.add((int) member);
        }
        block.count++;
    }

    @Override
    public void leave(final long hash, final long member) {
        final Block block = blocks.get(hash);
        if (block == null) {
            return;
        }
        block.count--;
        if (block.members != null) {
            block.members.remove(Integer.valueOf((int) member));
        }
        releaseIfUnused(hash, block);
    }

    @Override
    public void blank(final long hash, final long member) {
        final Block block = blocks.get(hash);
        if (block != null && block.members != null) {
            final int place = block.members.indexOf((int) member);
            if (place >= 0) {
                block.members.set(place, 0);
            }
        }
    }

    @Override
    public void add(final long hash, final long delta) {
        if (!replays(hash)) {
            return;
        }
        final Block block = blocks.computeIfAbsent(hash, absent -> new Block(false));
        block.count += (int) delta;
        releaseIfUnused(hash, block);
    }

    @Override
    public void putMember(final MemberRecord member) {
        // a replay holds blocks alone
    }

    private boolean replays(final long hash) {
        return Arrays.binarySearch(hashes, hash) >= 0;
    }

    /** The blocks replayed that list a member. */
    long[] listing(final long member) {
        return blocks.entrySet().stream().filter(block -> block.getValue().members != null && block.getValue().members.contains((int) member))
                .mapToLong(Map.Entry::getKey).sorted().toArray();
    }

    /** Whether a block is held as another replay holds it: count, listed or not, and the members listed, in order. */
    boolean holdsAs(final BlockReplay other, final long hash) {
        return Objects.equals(blocks.get(hash), other.blocks.get(hash));
    }

    /** A block nobody is in and nobody is listed in is let go, as the index lets its slot go. */
    private void releaseIfUnused(final long hash, final Block block) {
        if (block.count == 0 && (block.members == null || block.members.isEmpty())) {
            blocks.remove(hash);
        }
    }

    /** A block's count and its listed members, in the order they joined (null: it lists none). */
    private static final class Block {
        private int count;
        private List<Integer> members;

        private Block(final boolean listed) {
            this.members = listed ? new ArrayList<>() : null;
        }

        private Block copy() {
            final Block copy = new Block(members != null);
            copy.count = count;
            if (members != null) {
                copy.members.addAll(members);
            }
            return copy;
        }

        @Override
        public boolean equals(final Object other) {
            return other instanceof Block block && count == block.count && Objects.equals(members, block.members);
        }

        @Override
        public int hashCode() {
            return Objects.hash(count, members);
        }
    }
}
