package dev.nificrm.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link CandidateIndex} in memory, with multi-pass blocking: every {@link BlockingRule} groups the records by its
 * key, and each pair inside a group is a candidate. A group larger than the maximum block size ({@code info@...}, a
 * shared office phone, a default birth date) is skipped: one over-frequent value cannot make the work quadratic, and
 * the other passes still find the true pairs inside it. A pass hands out about one pair per record (at least a minimum
 * budget): a group within the maximum size that the budget leaves out (its largest groups first) pairs its first record
 * with each other one instead of every two of them, so 150 exports of one contact still meet in linear work. A last
 * pass pairs records whose keys are all equal, also inside a skipped group (each with the first of them). A pair found
 * by an earlier pass is not handed out again.
 * <p>
 * Blocks are built once, on the first request for pairs, after all records are added: one pass per thread, on the
 * requesting thread and helper threads of the given executor; threads asking for pairs meanwhile help build.
 */
public final class InMemoryCandidateIndex implements CandidateIndex {
    private final List<BlockingRule> rules;
    private final int maximumBlockSize;
    private static final int SHARING_SAMPLE = 10_000;
    private static final int PAIRS_PER_RECORD_PER_PASS = 1;
    /** The pairs a pass may hand out however few records there are: a FlowFile matched on its own has nothing else to find matches in. */
    public static final long MINIMUM_PAIR_BUDGET = 1_000_000;
    /** The name of the last pass in {@link #describeBlocks()}. */
    private static final String IDENTICAL_RECORDS = "identical records";

    private final long minimumPairBudget;
    private final int threads;
    private final Executor executor;
    private final List<String[]> records = new ArrayList<>();
    /** The records with a field holding several values: only they can have other blocking keys than their first. */
    private final BitSet severalValues = new BitSet();
    private List<Map<String, String>> sharedValues;
    private final AtomicReference<ParallelTasks<Pass>> passBuild = new AtomicReference<>();
    private volatile Pass[] passes;
    /** Whether the passes keep every record's blocking key, for {@link #blockingKeys}. */
    private volatile boolean keepKeys;

    /** An index that builds its blocks on the thread that first asks for pairs. */
    public InMemoryCandidateIndex(final List<BlockingRule> rules, final int maximumBlockSize) {
        this(rules, maximumBlockSize, MINIMUM_PAIR_BUDGET, 1, MatchSettings.CALLING_THREAD);
    }

    /**
     * An index that builds its blocks on the thread that first asks for pairs and up to {@code threads - 1} helper
     * threads of the executor.
     *
     * @param minimumPairBudget the pairs a pass may hand out however few records there are (beyond that, one per record)
     */
    public InMemoryCandidateIndex(final List<BlockingRule> rules, final int maximumBlockSize, final long minimumPairBudget, final int threads,
                                  final Executor executor) {
        this.rules = List.copyOf(rules);
        this.maximumBlockSize = maximumBlockSize;
        this.minimumPairBudget = minimumPairBudget;
        this.threads = threads;
        this.executor = executor;
    }

    @Override
    public int add(final String[] keys) {
        if (passBuild.get() != null) {
            throw new IllegalStateException("Records cannot be added after candidate pairs were requested");
        }
        records.add(shareRepeatedValues(keys));
        for (final String key : keys) {
            if (key != null && key.indexOf(Comparison.VALUE_SEPARATOR) >= 0) {
                severalValues.set(records.size() - 1);
                break;
            }
        }
        return records.size() - 1;
    }

    /**
     * Replaces each key by an earlier equal instance, so that a million records with a few thousand cities or birth
     * dates hold each value once. A field whose values are mostly distinct (emails, phones) stops being tracked after
     * {@value #SHARING_SAMPLE} records: its table would cost more than it saves.
     */
    private String[] shareRepeatedValues(final String[] keys) {
        if (sharedValues == null) {
            sharedValues = new ArrayList<>(keys.length);
            for (int slot = 0; slot < keys.length; slot++) {
                sharedValues.add(new HashMap<>());
            }
        }
        final boolean reviewSharing = records.size() == SHARING_SAMPLE;
        for (int slot = 0; slot < keys.length; slot++) {
            final Map<String, String> values = sharedValues.get(slot);
            if (values == null || keys[slot] == null) {
                continue;
            }
            if (reviewSharing && values.size() > SHARING_SAMPLE / 2) {
                sharedValues.set(slot, null);
                continue;
            }
            final String shared = values.putIfAbsent(keys[slot], keys[slot]);
            if (shared != null) {
                keys[slot] = shared;
            }
        }
        return keys;
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
                if (current.star() || current.starred(block)) {
                    forEachStarPair(built, pass, block, consumer);
                    continue;
                }
                // records with several values are in several blocks of a pass: a pair is handed out in the first that pairs them
                final boolean several = current.otherStarts() != null;
                for (int i = start; i < end; i++) {
                    final int left = current.members[i];
                    for (int j = i + 1; j < end; j++) {
                        final int right = current.members[j];
                        if (!foundEarlier(built, pass, left, right) && (!several || current.pairingBlock(left, right) == block)) {
                            consumer.accept(left, right);
                        }
                    }
                }
            }
        }
    }

    /**
     * The pairs of a block of identical records, or of a block the pass's budget left out: its first record with each
     * other one, those no earlier pass found (and, for records with several values, that no lower block of the pass pairs).
     */
    private void forEachStarPair(final Pass[] built, final int pass, final int block, final PairConsumer consumer) {
        final Pass current = built[pass];
        final int start = current.starts[block];
        final int end = current.starts[block + 1];
        final int first = current.members[start];
        final boolean several = !current.star() && current.otherStarts() != null;
        for (int i = start + 1; i < end; i++) {
            final int other = current.members[i];
            if (!foundEarlier(built, pass, first, other) && (!several || current.pairingBlock(first, other) == block)) {
                consumer.accept(first, other);
            }
        }
    }

    /**
     * Makes the passes keep each record's key under every blocking rule, so that {@link #blockingKeys} can hand them out
     * instead of a caller working them out again (an entity store looks the same keys up among its stored records).
     * Call before any pairs are requested.
     */
    public void keepBlockingKeys() {
        if (passBuild.get() != null) {
            throw new IllegalStateException("Blocking keys are kept only when asked for before the blocks are built");
        }
        keepKeys = true;
    }

    /** Whether {@link #blockingKeys} can be asked for, with these rules in this order. */
    public boolean keepsBlockingKeysOf(final List<BlockingRule> blockingRules) {
        return keepKeys && rules.equals(blockingRules);
    }

    /**
     * Every record's key under one blocking rule (building the blocks if they are not built yet): the keys are numbered
     * in the order the records first have them, and {@code keyOf[record]} is the number of the record's key, or -1 when
     * the rule makes none for it. The arrays are the index's own: read them, never change them.
     *
     * @param rule the index of the rule among the index's blocking rules
     */
    public BlockingKeys blockingKeys(final int rule) {
        if (!keepKeys) {
            throw new IllegalStateException("The blocking keys were not kept: call keepBlockingKeys() first");
        }
        final Pass pass = build()[rule];
        return new BlockingKeys(pass.keyOf(), pass.keys(), pass.otherStarts(), pass.otherKeyOf());
    }

    /**
     * The keys of every record under one blocking rule.
     *
     * @param keyOf       per record the number of its key (from its fields' first values), or -1
     * @param keys        the distinct keys, by number
     * @param otherStarts null when no record has other keys; else per record (and one past the last) where its other
     *                    keys (from its fields' other values, {@link BlockingRule#otherKeys}) start in {@code otherKeyOf}
     * @param otherKeyOf  the numbers of the records' other keys
     */
    public record BlockingKeys(int[] keyOf, String[] keys, int[] otherStarts, int[] otherKeyOf) {
    }

    /** Per pass the number of blocks, the pairs inside them (before removing those found earlier) and the blocks skipped. */
    public String describeBlocks() {
        final Pass[] built = build();
        final StringBuilder builder = new StringBuilder();
        for (int pass = 0; pass < built.length; pass++) {
            long pairs = 0;
            for (int block = 0; block < built[pass].blockCount(); block++) {
                final long size = built[pass].starts[block + 1] - built[pass].starts[block];
                pairs += built[pass].star() || built[pass].starred(block) ? size - 1 : size * (size - 1) / 2;
            }
            final BitSet starred = built[pass].starred();
            builder.append(pass < rules.size() ? rules.get(pass).getName() : IDENTICAL_RECORDS).append(": ").append(built[pass].blockCount()).append(" blocks, ")
                    .append(pairs).append(" pairs, ").append(built[pass].skippedBlocks).append(" oversized");
            if (starred != null) {
                builder.append(", ").append(starred.cardinality()).append(" beyond the budget (first record with each other)");
            }
            builder.append("; ");
        }
        return builder.toString();
    }

    private static boolean foundEarlier(final Pass[] built, final int pass, final int left, final int right) {
        for (int earlier = 0; earlier < pass; earlier++) {
            final Pass before = built[earlier];
            if (before.starred() != null) {
                if (before.pairingBlock(left, right) >= 0) {
                    return true;
                }
                continue;
            }
            final int block = before.blockOf[left];
            if (block >= 0 && block == before.blockOf[right] || before.otherStarts != null && before.firstSharedBlock(left, right) >= 0) {
                return true;
            }
        }
        return false;
    }

    private Pass[] build() {
        final Pass[] built = passes;
        if (built != null) {
            return built;
        }
        final List<Supplier<Pass>> tasks = new ArrayList<>(rules.size() + 1);
        // a pass's table of its keys is emptied for the next pass its thread builds: one table a thread, not one a pass
        final Queue<StringNumbers> tables = new ConcurrentLinkedQueue<>();
        for (final BlockingRule rule : rules) {
            tasks.add(() -> {
                final StringNumbers table = tables.poll();
                final StringNumbers blockIds = table == null ? new StringNumbers(records.size()) : table;
                final Pass pass = buildPass(rule::writeHashedKey, rule::otherKeys, maximumBlockSize, blockIds);
                blockIds.clear();
                tables.add(blockIds);
                return pass;
            });
        }
        tasks.add(() -> buildPass(null, keys -> null, Integer.MAX_VALUE, null));
        final ParallelTasks<Pass> mine = new ParallelTasks<>(tasks);
        if (passBuild.compareAndSet(null, mine)) {
            // passes are independent of each other: build them side by side
            final Pass[] result = mine.run(threads, executor).toArray(new Pass[0]);
            sharedValues = null;
            passes = result;
            return result;
        }
        // another thread is building: help it rather than wait idle
        return passBuild.get().join().toArray(new Pass[0]);
    }

    /**
     * The identity keys of the pass of identical records: records whose keys are all equal (a missing key and an empty
     * one alike) share a number, numbered in the order the records first have them; a record without any key has none.
     * Looked up by the records' own keys in a table of record numbers, so that no record's keys are joined into a
     * string (one per record, as long as all its keys, each kept for the pass: nearly every record's is its own).
     */
    private static final class IdenticalRecords {
        private final List<String[]> records;
        /** Per slot the record (plus one) first holding its keys, 0 where free; the table is never more than half full. */
        private final int[] firstRecord;
        private final int[] numbers;
        private int size;

        IdenticalRecords(final List<String[]> records) {
            this.records = records;
            final int capacity = Integer.highestOneBit(Math.max(8, records.size()) * 2 - 1) << 1;
            firstRecord = new int[capacity];
            numbers = new int[capacity];
        }

        /** Whether a record has any key (an empty one counts, as a key of the record). */
        static boolean hasAny(final String[] keys) {
            for (final String key : keys) {
                if (key != null) {
                    return true;
                }
            }
            return false;
        }

        /** The number of a record's keys: that of the first record with the same keys, or the next one. */
        int numberOf(final int record) {
            final String[] keys = records.get(record);
            int hash = 0;
            for (final String key : keys) {
                // an empty key hashes as a missing one: the two are alike here
                hash = 31 * hash + (key == null ? 0 : key.hashCode());
            }
            final int mask = firstRecord.length - 1;
            final int mixed = hash * 0x9E3779B9;
            for (int slot = (mixed ^ mixed >>> 16) & mask; ; slot = slot + 1 & mask) {
                if (firstRecord[slot] == 0) {
                    firstRecord[slot] = record + 1;
                    numbers[slot] = size;
                    return size++;
                }
                if (sameKeys(records.get(firstRecord[slot] - 1), keys)) {
                    return numbers[slot];
                }
            }
        }

        private static boolean sameKeys(final String[] left, final String[] right) {
            if (left.length != right.length) {
                return false;
            }
            for (int slot = 0; slot < left.length; slot++) {
                final String leftKey = left[slot] == null ? "" : left[slot];
                final String rightKey = right[slot] == null ? "" : right[slot];
                if (!leftKey.equals(rightKey)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A pass's key of a record: written into a builder the pass reuses for every record (emptied first), its
     * {@link String#hashCode} returned as an unsigned int, or {@link BlockingRule#NO_KEY} for none.
     */
    private interface KeyWriter {
        long write(String[] keys, StringBuilder into);
    }

    /**
     * One pass: the records grouped by a key. A blocking rule's pass keeps blocks of 2 up to its size limit; the pass
     * of identical records ({@code star}) keeps every block, however large, and pairs its first record with each other
     * one, so a key that is too common to block on (200 exports of one contact) still matches records that agree on
     * everything, in linear work. A record whose fields hold several values is also a member of the blocks of its other
     * keys.
     *
     * @param keyOf    a blocking rule's key writer; null for the pass of identical records ({@link IdenticalRecords})
     * @param blockIds an empty table that numbers a blocking rule's keys; null for the pass of identical records, which
     *                 numbers the records' keys themselves (no key is written for it)
     */
    private Pass buildPass(final KeyWriter keyOf, final Function<String[], String[]> otherKeysOf, final int maximumSize,
                           final StringNumbers blockIds) {
        final boolean star = blockIds == null;
        final int count = records.size();
        final int[] blockOf = new int[count];
        final IdenticalRecords identical = star ? new IdenticalRecords(records) : null;
        String[] keys = keepKeys && !star ? new String[Math.max(16, count / 4)] : null;
        // sizes by block id in a plain array: a boxed list would box a count for every record
        int[] sizes = new int[Math.max(16, count / 4)];
        int blocks = 0;
        // the other keys' block ids of the records that have any, in record order, and where each record's start
        int[] otherStarts = null;
        int[] otherIds = new int[0];
        int otherCount = 0;
        // each record's key is written here, hashed as written and looked up so: a string is made only of a key not seen before
        final StringBuilder key = new StringBuilder(64);
        for (int record = 0; record < count; record++) {
            final String[] recordKeys = records.get(record);
            final long keyHash = star ? 0 : keyOf.write(recordKeys, key);
            final boolean keyed = star ? IdenticalRecords.hasAny(recordKeys) : keyHash != BlockingRule.NO_KEY;
            final String[] others = !keyed || !severalValues.get(record) ? null : otherKeysOf.apply(recordKeys);
            if (others != null && otherStarts == null) {
                otherStarts = new int[count + 1];
            }
            if (otherStarts != null) {
                otherStarts[record] = otherCount;
            }
            if (!keyed) {
                blockOf[record] = -1;
                continue;
            }
            for (int k = -1; k < (others == null ? 0 : others.length); k++) {
                final int id = star ? identical.numberOf(record) : k < 0 ? blockIds.numberOf(key, (int) keyHash) : blockIds.numberOf(others[k]);
                if (id == blocks) {
                    blocks++;
                    if (blocks > sizes.length) {
                        sizes = Arrays.copyOf(sizes, sizes.length * 2);
                    }
                    if (keys != null) {
                        if (blocks > keys.length) {
                            keys = Arrays.copyOf(keys, keys.length * 2);
                        }
                        keys[id] = k < 0 ? blockIds.lastAdded() : others[k];
                    }
                }
                sizes[id]++;
                if (k < 0) {
                    blockOf[record] = id;
                } else {
                    if (otherCount == otherIds.length) {
                        otherIds = Arrays.copyOf(otherIds, Math.max(16, otherCount * 2));
                    }
                    otherIds[otherCount++] = id;
                }
            }
        }
        if (otherStarts != null) {
            otherStarts[count] = otherCount;
        }
        final int[] keyNumbers = keys == null ? null : blockOf.clone();
        final int[] otherKeyNumbers = keys == null || otherStarts == null ? null : Arrays.copyOf(otherIds, otherCount);
        // keep only blocks of 2..maximum size records, renumbered densely so partitions spread work evenly; those above
        // the budget's limit pair their first record with each other one: every record in them still meets a candidate,
        // and the pass stays within about one more pair per record
        final int limit = star ? Integer.MAX_VALUE : blockSizeLimit(sizes, blocks, count, maximumSize, minimumPairBudget);
        final int[] renumbered = new int[blocks];
        BitSet starred = null;
        int kept = 0;
        int skipped = 0;
        for (int id = 0; id < blocks; id++) {
            final int size = sizes[id];
            if (size > maximumSize) {
                skipped++;
                renumbered[id] = -1;
            } else if (size < 2) {
                renumbered[id] = -1;
            } else {
                if (size > limit) {
                    if (starred == null) {
                        starred = new BitSet();
                    }
                    starred.set(kept);
                }
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
        for (int i = 0; i < otherCount; i++) {
            otherIds[i] = renumbered[otherIds[i]];
            if (otherIds[i] >= 0) {
                starts[otherIds[i] + 1]++;
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
            if (otherStarts != null) {
                for (int i = otherStarts[record]; i < otherStarts[record + 1]; i++) {
                    if (otherIds[i] >= 0) {
                        members[fill[otherIds[i]]++] = record;
                    }
                }
            }
        }
        return new Pass(blockOf, starts, members, skipped, star, keyNumbers, keys, otherStarts, otherStarts == null ? null : otherIds,
                otherKeyNumbers, starred);
    }

    /**
     * The largest block size whose every pair this pass hands out: at most the maximum block size, and small enough that
     * the pass hands out no more than {@value #PAIRS_PER_RECORD_PER_PASS} pairs per record (at least the minimum budget).
     * A key that is too common for the size of the input loses its pairs, largest blocks first, so the work grows
     * linearly with the records; such a block still pairs its first record with each other one.
     */
    private static int blockSizeLimit(final int[] sizes, final int blocks, final int count, final int maximumBlockSize, final long minimumPairBudget) {
        final long[] blocksOfSize = new long[maximumBlockSize + 1];
        for (int id = 0; id < blocks; id++) {
            final int size = sizes[id];
            if (size <= maximumBlockSize) {
                blocksOfSize[size]++;
            }
        }
        final long budget = Math.max(minimumPairBudget, (long) PAIRS_PER_RECORD_PER_PASS * count);
        long pairs = 0;
        for (int size = 2; size <= maximumBlockSize; size++) {
            pairs += blocksOfSize[size] * size * (size - 1) / 2;
            if (pairs > budget) {
                return size - 1;
            }
        }
        return maximumBlockSize;
    }

    /**
     * The blocks of one pass; {@code star}: the pass of identical records, whose blocks are paired first to each other;
     * when kept, per record the number of its key ({@code keyOf}, -1 for none) and the keys by number.
     */
    private record Pass(int[] blockOf, int[] starts, int[] members, int skippedBlocks, boolean star, int[] keyOf, String[] keys,
                        int[] otherStarts, int[] otherBlocks, int[] otherKeyOf, BitSet starred) {
        int blockCount() {
            return starts.length - 1;
        }

        /** Whether the budget left the block out: it pairs its first record (its lowest-numbered) with each other one. */
        boolean starred(final int block) {
            return starred != null && starred.get(block);
        }

        /**
         * The lowest-numbered block of this pass that pairs the two records, or -1: one both are in, which is not left out
         * by the budget or whose first record is one of them.
         */
        int pairingBlock(final int left, final int right) {
            if (starred == null) {
                return firstSharedBlock(left, right);
            }
            int found = -1;
            final boolean leftSeveral = otherStarts != null && otherStarts[left] < otherStarts[left + 1];
            final boolean rightSeveral = otherStarts != null && otherStarts[right] < otherStarts[right + 1];
            for (int l = leftSeveral ? otherStarts[left] - 1 : -1; l < (leftSeveral ? otherStarts[left + 1] : 0); l++) {
                final int block = l < 0 || leftSeveral && l < otherStarts[left] ? blockOf[left] : otherBlocks[l];
                if (block < 0 || found >= 0 && block >= found || starred.get(block) && members[starts[block]] != left && members[starts[block]] != right) {
                    continue;
                }
                for (int r = rightSeveral ? otherStarts[right] - 1 : -1; r < (rightSeveral ? otherStarts[right + 1] : 0); r++) {
                    if (block == (r < 0 || rightSeveral && r < otherStarts[right] ? blockOf[right] : otherBlocks[r])) {
                        found = block;
                        break;
                    }
                }
            }
            return found;
        }

        /**
         * The lowest-numbered block of this pass both records are in, or -1: a pair in several blocks of a pass (two
         * records sharing a phone and a mobile) is handed out in that one only.
         */
        int firstSharedBlock(final int left, final int right) {
            final int block = blockOf[left];
            if (otherStarts == null || otherStarts[left] == otherStarts[left + 1] && otherStarts[right] == otherStarts[right + 1]) {
                return block >= 0 && block == blockOf[right] ? block : -1;
            }
            int first = -1;
            for (int l = otherStarts[left] - 1; l < otherStarts[left + 1]; l++) {
                final int leftBlock = l < otherStarts[left] ? block : otherBlocks[l];
                if (leftBlock < 0 || first >= 0 && leftBlock >= first) {
                    continue;
                }
                for (int r = otherStarts[right] - 1; r < otherStarts[right + 1]; r++) {
                    if (leftBlock == (r < otherStarts[right] ? blockOf[right] : otherBlocks[r])) {
                        first = leftBlock;
                        break;
                    }
                }
            }
            return first;
        }
    }
}
