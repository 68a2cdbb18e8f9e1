package dev.nificrm.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link CandidateIndex} in memory, with multi-pass blocking: every {@link BlockingRule} groups the records by its
 * key, and each pair inside a group is a candidate. A group larger than the maximum block size ({@code info@...}, a
 * shared office phone, a default birth date) is skipped: one over-frequent value cannot make the work quadratic, and
 * the other passes still find the true pairs inside it. A pair found by an earlier pass is not handed out again.
 * <p>
 * Blocks are built once, on the first request for pairs, after all records are added.
 */
public final class InMemoryCandidateIndex implements CandidateIndex {
    private final List<BlockingRule> rules;
    private final int maximumBlockSize;
    private final List<String[]> records = new ArrayList<>();
    private volatile Pass[] passes;

    public InMemoryCandidateIndex(final List<BlockingRule> rules, final int maximumBlockSize) {
        this.rules = List.copyOf(rules);
        this.maximumBlockSize = maximumBlockSize;
    }

    @Override
    public int add(final String[] keys) {
        if (passes != null) {
            throw new IllegalStateException("Records cannot be added after candidate pairs were requested");
        }
        records.add(keys);
        return records.size() - 1;
    }

    @Override
    public int size() {
        return records.size();
    }

    @Override
    public String[] keys(final int record) {
        return records.get(record);
    }

    @Override
    public void forEachCandidatePair(final int partition, final int partitions, final PairConsumer consumer) {
        final Pass[] built = build();
        for (int pass = 0; pass < built.length; pass++) {
            final Pass current = built[pass];
            for (int block = partition; block < current.blockCount(); block += partitions) {
                final int start = current.starts[block];
                final int end = current.starts[block + 1];
                for (int i = start; i < end; i++) {
                    final int left = current.members[i];
                    for (int j = i + 1; j < end; j++) {
                        final int right = current.members[j];
                        if (!foundEarlier(built, pass, left, right)) {
                            consumer.accept(left, right);
                        }
                    }
                }
            }
        }
    }

    /** The number of blocks each pass produced and skipped, for logging and tests. */
    public String describeBlocks() {
        final Pass[] built = build();
        final StringBuilder builder = new StringBuilder();
        for (int pass = 0; pass < built.length; pass++) {
            builder.append(rules.get(pass).getName()).append(": ").append(built[pass].blockCount()).append(" blocks, ")
                    .append(built[pass].skippedBlocks).append(" oversized; ");
        }
        return builder.toString();
    }

    private static boolean foundEarlier(final Pass[] built, final int pass, final int left, final int right) {
        for (int earlier = 0; earlier < pass; earlier++) {
            final int block = built[earlier].blockOf[left];
            if (block >= 0 && block == built[earlier].blockOf[right]) {
                return true;
            }
        }
        return false;
    }

    private Pass[] build() {
        Pass[] built = passes;
        if (built == null) {
            synchronized (this) {
                built = passes;
                if (built == null) {
                    built = new Pass[rules.size()];
                    for (int pass = 0; pass < built.length; pass++) {
                        built[pass] = buildPass(rules.get(pass));
                    }
                    passes = built;
                }
            }
        }
        return built;
    }

    private Pass buildPass(final BlockingRule rule) {
        final int count = records.size();
        final int[] blockOf = new int[count];
        final Map<String, Integer> blockIds = new HashMap<>();
        final List<Integer> sizes = new ArrayList<>();
        for (int record = 0; record < count; record++) {
            final String key = rule.key(records.get(record));
            if (key == null) {
                blockOf[record] = -1;
                continue;
            }
            Integer id = blockIds.get(key);
            if (id == null) {
                id = sizes.size();
                blockIds.put(key, id);
                sizes.add(0);
            }
            blockOf[record] = id;
            sizes.set(id, sizes.get(id) + 1);
        }
        // keep only blocks of 2..maximum records, renumbered densely so partitions spread work evenly
        final int[] renumbered = new int[sizes.size()];
        int kept = 0;
        int skipped = 0;
        for (int id = 0; id < sizes.size(); id++) {
            final int size = sizes.get(id);
            if (size > maximumBlockSize) {
                skipped++;
                renumbered[id] = -1;
            } else if (size < 2) {
                renumbered[id] = -1;
            } else {
                renumbered[id] = kept++;
            }
        }
        final int[] starts = new int[kept + 1];
        for (int record = 0; record < count; record++) {
            if (blockOf[record] >= 0) {
                blockOf[record] = renumbered[blockOf[record]];
                if (blockOf[record] >= 0) {
                    starts[blockOf[record] + 1]++;
                }
            }
        }
        for (int block = 0; block < kept; block++) {
            starts[block + 1] += starts[block];
        }
        final int[] fill = Arrays.copyOf(starts, kept);
        final int[] members = new int[starts[kept]];
        for (int record = 0; record < count; record++) {
            final int block = blockOf[record];
            if (block >= 0) {
                members[fill[block]++] = record;
            }
        }
        return new Pass(blockOf, starts, members, skipped);
    }

    private record Pass(int[] blockOf, int[] starts, int[] members, int skippedBlocks) {
        int blockCount() {
            return starts.length - 1;
        }
    }
}
