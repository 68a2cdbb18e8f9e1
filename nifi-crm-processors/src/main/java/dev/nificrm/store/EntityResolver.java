package dev.nificrm.store;

import dev.nificrm.match.BlockingRule;
import dev.nificrm.match.CandidateIndex;
import dev.nificrm.match.InMemoryCandidateIndex;
import dev.nificrm.match.IntPages;
import dev.nificrm.match.Comparison;
import dev.nificrm.match.MatchContext;
import dev.nificrm.match.MatchField;
import dev.nificrm.match.MatchOutcome;
import dev.nificrm.match.MatchResult;
import dev.nificrm.match.Matcher;
import dev.nificrm.match.ReferenceCandidateIndex;
import dev.nificrm.match.StringNumbers;
import dev.nificrm.match.TermFrequencies;
import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Matches the records of one FlowFile against the entity store and each other, and computes what that changes in the
 * store: the NiFi-free heart of MatchCRMRecord with an Entity Store.
 * <ol>
 * <li>a record whose (system, id) is in the cross-reference resolves to its entity;</li>
 * <li>the others are blocked against the store (only stored members sharing a blocking key are read) and against
 * each other, scored with the matcher's model (prior and term frequencies over the store and the FlowFile) and
 * clustered together with the stored entities they match: members of one entity are one cluster from the start,
 * entities a person kept apart never join, and the chaining guard applies as within one FlowFile;</li>
 * <li>a cluster with stored entities takes the golden id of its oldest entity (any other is merged into it, with the
 * score that linked them in the history); a cluster without one is a new entity with a new random golden id;</li>
 * <li>the change is written pending, after verifying nobody changed what it read; on a conflict everything from the
 * first read is done again, now seeing the other writer's entities.</li>
 * </ol>
 * A record without a source id is remembered by the content of its keys, so the same record arriving again resolves
 * to the same entity. Review decisions on records (same / different, with the candidate's golden id) link, merge,
 * split or keep entities apart before matching.
 */
public final class EntityResolver {
    /** Stored candidate pairs a blocking pass may add per record searched. */
    private static final long STORED_PAIRS_PER_RECORD_PER_PASS = 1;
    /** Candidate pairs a blocking pass may add however few records a batch has: among stored ones, and in the batch itself. */
    public static final long MINIMUM_PAIRS_PER_PASS = 10_000;
    /**
     * The most records a stored customer may have to be read whole for the chaining guard when a record would join it;
     * a larger one is weighed by its records that share a block with the batch, as a candidate is.
     */
    static final int MAXIMUM_GUARDED_MEMBERS = 1_000;
    /** The fewest ids one part of a store read split across threads asks for. */
    private static final int MINIMUM_READ_PART = 2_048;

    /**
     * What the explanation of a record not matched adds when a stored block it was in was read in part, followed by the
     * blocks' rules.
     */
    static final String PARTLY_READ = " (stored blocks read in part, compared with their oldest record only: their records exceed the stored pairs"
            + " a pass reads for this FlowFile; ";
    /** The explanation of a record linked by the golden id it carries. */
    static final String CARRIED_GOLDEN_ID = "carries the golden id of its customer";

    private final Matcher matcher;
    private final EntityStore store;
    private final boolean matchInputPairs;
    private final boolean matchStored;
    private final int maximumBlockSize;
    /** The stored pairs a blocking pass may read however few records a batch searches. */
    private final long minimumPairsPerPass;
    private final List<String> fieldNames;
    private final List<BlockingRule> rules;
    private final List<String> ruleNames;
    private final boolean[] termFrequencyAdjusted;
    private final Supplier<String> goldenIds;
    /** The shards of the population counter and, per field, of its counted values' total: hashed once, not per record. */
    private final long[] populationShards;
    private final long[][] fieldTotalShards;
    /** The store's other rules as last read, with the rules they were read from: the same for FlowFile after FlowFile. */
    private volatile ReadOtherRules readOtherRules = new ReadOtherRules(Map.of(), OtherRules.NONE);

    /**
     * @param matcher          the matcher (fields, model, blocking rules)
     * @param store            the store
     * @param matchInputPairs  whether the records of a FlowFile are matched with each other
     * @param matchStored      whether they are matched against the store's entities (a record known by its source id
     *                         always resolves to its entity)
     * @param maximumBlockSize stored blocks with more records are not used to find candidates
     */
    public EntityResolver(final Matcher matcher, final EntityStore store, final boolean matchInputPairs, final boolean matchStored,
                          final int maximumBlockSize) {
        this(matcher, store, matchInputPairs, matchStored, maximumBlockSize, new GoldenIds());
    }

    EntityResolver(final Matcher matcher, final EntityStore store, final boolean matchInputPairs, final boolean matchStored,
                   final int maximumBlockSize, final Supplier<String> goldenIds) {
        this(matcher, store, matchInputPairs, matchStored, maximumBlockSize, goldenIds, MINIMUM_PAIRS_PER_PASS);
    }

    /** @param minimumPairsPerPass the stored pairs a pass may read however few records a batch searches (tests use a few) */
    EntityResolver(final Matcher matcher, final EntityStore store, final boolean matchInputPairs, final boolean matchStored,
                   final int maximumBlockSize, final Supplier<String> goldenIds, final long minimumPairsPerPass) {
        this.matcher = matcher;
        this.minimumPairsPerPass = minimumPairsPerPass;
        this.store = store;
        this.matchInputPairs = matchInputPairs;
        this.matchStored = matchStored;
        this.maximumBlockSize = Math.min(maximumBlockSize, EntityStore.MAXIMUM_LISTED_BLOCK);
        this.fieldNames = matcher.getFields().stream().map(MatchField::name).toList();
        this.rules = matcher.getBlockingRules();
        this.ruleNames = rules.stream().map(BlockingRule::getName).toList();
        this.termFrequencyAdjusted = matcher.termFrequencyAdjusted();
        this.goldenIds = goldenIds;
        this.populationShards = KeyHash.population();
        this.fieldTotalShards = new long[fieldNames.size()][];
        for (int slot = 0; slot < fieldNames.size(); slot++) {
            fieldTotalShards[slot] = KeyHash.fieldTotal(fieldNames.get(slot));
        }
    }

    /**
     * Resolves the records of a batch: reads, matches and writes the change pending, retrying from the first read when
     * a concurrent writer got in between. The caller commits or rolls back {@link Resolution#pendingWrite()}.
     */
    public Resolution resolve(final EntityBatch batch) {
        return begin().resolve(batch);
    }

    /**
     * Begins resolving a FlowFile part by part (so the heap holds one part's records, candidates and plan at a time):
     * {@link Parts#resolve} each part in order; the caller commits or rolls back {@link Parts#pendingWrite()} once.
     */
    public Parts begin() {
        return new Parts();
    }

    /**
     * A FlowFile resolved part by part, as one change. The first part is read, matched and written optimistically (read
     * again on a conflict); its write holds the writers' turn until the session ends, so the later parts read through it
     * (finding the earlier parts' records among the stored candidates, and their sources in the cross-reference) and
     * write into it, and meet no other writer. A record of a later part thus matches the earlier parts' records as a
     * record of a later FlowFile would, and a replayed FlowFile resolves as before.
     */
    public final class Parts {
        private final RuleKeying[] keying = new RuleKeying[1];
        private ChangeRules changeRules;
        private OpenWrite write;

        private Parts() {
        }

        /** Resolves the next part; its change goes to the FlowFile's one pending write. */
        public Resolution resolve(final EntityBatch part) {
            if (write == null) {
                final Resolution first = OptimisticRetry.run("the same customers", attempt -> {
                    changeRules = changeRules(keying);
                    final Attempt planned;
                    try {
                        planned = new Attempt(part, changeRules, store, null);
                    } catch (final ConflictDuringRead e) {
                        throw new StoreConflictException(e.getMessage());
                    }
                    final OpenWrite written = store.write(planned.changes);
                    write = written;
                    return planned.resolution(written, attempt, keying[0]);
                });
                return first;
            }
            final Attempt planned;
            try {
                // matching the store alone, the earlier parts' new records are no candidates: they are of this FlowFile
                planned = new Attempt(part, changeRules, write, matchInputPairs ? null : write);
            } catch (final ConflictDuringRead e) {
                throw new EntityStoreException("An entity read through this FlowFile's pending write was merged away meanwhile", e);
            }
            write.write(planned.changes);
            return planned.resolution(write, 1, null);
        }

        /** The FlowFile's change, written and pending (null before the first part): to commit or roll back once, with the session. */
        public PendingWrite pendingWrite() {
            return write;
        }
    }

    /**
     * The rules a change is written under: the matcher's own, at the store's generations, and the store's other rules.
     *
     * @param own   the generation of each of the matcher's rules
     * @param other the rules the store keeps that the matcher does not use
     */
    private record ChangeRules(Map<String, Integer> own, OtherRules other) {
    }

    /** The other rules of a store whose rules were {@code registered}. */
    private record ReadOtherRules(Map<String, RuleGeneration> registered, OtherRules other) {
    }

    /**
     * The generation of each blocking rule's keys in the store, and the store's other rules. Rules the store does not
     * maintain (new to it: the matched fields or the rules changed; or left behind by writes of a matcher that did not
     * understand them) are first keyed for every stored member, so stored customers are found by the rules as they are
     * now; what was keyed goes to {@code keying}. A new store registers them (with nothing to key); one written by an
     * earlier version adopts them.
     */
    private ChangeRules changeRules(final RuleKeying[] keying) throws StoreConflictException {
        Map<String, RuleGeneration> registered = store.blockingRules();
        if (!allMaintained(registered)) {
            final RuleKeying done = store.keyRules(fieldNames, ruleNames, this::blocksUnder);
            // a new store's first matcher keys no stored record: nothing to tell
            if (done.adopted() || done.members() > 0) {
                keying[0] = done;
            }
            registered = store.blockingRules();
        }
        final Map<String, Integer> generations = HashMap.newHashMap(ruleNames.size());
        for (final String rule : ruleNames) {
            final RuleGeneration known = registered.get(rule);
            if (known == null || !known.maintained()) {
                throw new StoreConflictException("A writer with other blocking rules wrote while the stored records were keyed under " + rule);
            } else {
                generations.put(rule, known.generation());
            }
        }
        return new ChangeRules(generations, otherRules(registered));
    }

    /** The store's rules this matcher does not use, as its changes keep them: worked out again only when the store's rules change. */
    private OtherRules otherRules(final Map<String, RuleGeneration> registered) {
        final ReadOtherRules read = readOtherRules;
        if (read.registered().equals(registered)) {
            return read.other();
        }
        final OtherRules other = OtherRules.of(registered, ruleNames, matcher);
        readOtherRules = new ReadOtherRules(registered, other);
        return other;
    }

    private boolean allMaintained(final Map<String, RuleGeneration> registered) {
        for (final String rule : ruleNames) {
            final RuleGeneration known = registered.get(rule);
            if (known == null || !known.maintained()) {
                return false;
            }
        }
        return true;
    }

    /** A stored member's blocks under some of the rules at given generations, from its keys: what keying a rule anew writes. */
    private Function<String[], long[]> blocksUnder(final int[] keyed, final int[] generations, final boolean otherValuesOnly) {
        final List<String> hashedNames = new ArrayList<>(keyed.length);
        final List<BlockingRule> keyedRules = new ArrayList<>(keyed.length);
        for (int i = 0; i < keyed.length; i++) {
            hashedNames.add(KeyHash.generationOf(ruleNames.get(keyed[i]), generations[i]));
            keyedRules.add(rules.get(keyed[i]));
        }
        final KeyHash.Hasher hasher = KeyHash.Hasher.blocks(hashedNames);
        return keys -> blocksOf(keyedRules, hasher, keys, otherValuesOnly);
    }

    /**
     * A record's blocks under rules, from its keys, hashed by rule index: from its fields' first values (unless
     * {@code otherValuesOnly}) and from their other values.
     */
    private static long[] blocksOf(final List<BlockingRule> keyedRules, final KeyHash.Hasher hasher, final String[] keys,
                                   final boolean otherValuesOnly) {
        final long[] hashes = new long[keyedRules.size() * BlockingRule.MAXIMUM_KEYS];
        int size = 0;
        for (int i = 0; i < keyedRules.size(); i++) {
            final BlockingRule rule = keyedRules.get(i);
            final String key = rule.key(keys);
            if (key != null) {
                if (!otherValuesOnly) {
                    hashes[size++] = hasher.hash(i, key);
                }
                final String[] others = rule.otherKeys(keys);
                for (int other = 0; others != null && other < others.length; other++) {
                    hashes[size++] = hasher.hash(i, others[other]);
                }
            }
        }
        return Arrays.copyOf(hashes, size);
    }

    /** The id a record without a source id is remembered by: a hash of its keys, and its occurrence among equal ones. */
    static String contentId(final String[] keys, final int occurrence) {
        final StringBuilder content = new StringBuilder(128);
        for (final String key : keys) {
            content.append(key == null ? "" : key).append('\u001E');
        }
        final long[] hash = MurmurHash3.hash128x64(content.toString().getBytes(StandardCharsets.UTF_8));
        final String id = "~" + HexFormat.of().toHexDigits(hash[0]) + HexFormat.of().toHexDigits(hash[1]);
        return occurrence == 1 ? id : id + "#" + occurrence;
    }

    /** One read → match → plan pass over a batch. */
    private final class Attempt {
        private final EntityBatch batch;
        /** Where the attempt reads: the store, or the FlowFile's open write (a later part). */
        private final StoreReads reads;
        /** The FlowFile's open write whose new records are no candidates (matching the store alone), or null. */
        private final OpenWrite excluded;
        private final CandidateIndex input;
        private final int count;
        private final ChangeSet changes;
        private final SourceKey[] sources;
        /** Per record, the first record of the batch with its source key (itself when first), or -1 without one. */
        private final int[] firstOfSource;
        private final Map<SourceKey, StoredMember> known;
        /** Per record, the stored member with its source key, or null. */
        private final StoredMember[] memberOf;
        /** Per record, whether it is the first of a source the store does not know yet. */
        private final boolean[] isNew;
        /**
         * Per record the store does not know (without a review decision), the live entity of the golden id it carries,
         * which it joins without being matched; null when no record has one.
         */
        private final String[] linkOf;
        private final Map<String, StoredEntity> entities = new HashMap<>();
        /**
         * The golden ids read from the store (members' entities, decisions' candidates) are the first groups, numbered
         * before any group of new records: a group below this number is a stored entity's.
         */
        private int storedGroups;
        /** The stored entities' golden ids, numbered by their groups. */
        private final StringNumbers groupOfEntity;
        /** Per group, the golden id of its stored entity; null for a group of new records. */
        private final List<String> entityOfGroup = new ArrayList<>();
        private final int[] groupOfRecord;
        /**
         * The hashes of the batch's blocks (its records' and its known members'), each numbered once: a record's blocks
         * are looked up by their numbers in {@link #blockNumbers}, not by their hashes, wherever the resolver needs them.
         */
        private final LongIndex blocks;
        /** The low bits of a block's hash that {@link #inHashOrder} replaces by the block's number: enough for every number. */
        private int numberBits;
        /** The key entries read, by block number (null where the store has none). */
        private final KeyEntry[] keyEntries;
        /** By block number, whether the block's stored members were candidates (the block was within its rule's limit). */
        private boolean[] usedBlock;
        /** By block number, whether only the block's oldest member was a candidate (over its rule's limit). */
        private boolean[] partBlock;
        /**
         * Per record, the rules (by index) of the blocks it was in that were read in part, as the bits of {@link #ruleWords}
         * longs from {@code record * ruleWords} (all 0 where none was): one array for the batch, not a set per record.
         */
        private final long[] partlyReadRules;
        /** The longs a record's rules take in {@link #partlyReadRules}. */
        private final int ruleWords;
        private final KeyHash.Hasher blockHasher;
        /** The names the blocking rules' keys are hashed under: each rule's name in the generation the store maintains. */
        private final List<String> hashedRuleNames;
        /** The store's rules the matcher does not use but its records are keyed under, and their hasher (null when none). */
        private final List<BlockingRule> otherRules;
        private final KeyHash.Hasher otherHasher;
        private final long[][] blockHashes;
        /** Per record, per block hash, the number of the block in {@link #blocks}. */
        private final int[][] blockNumbers;
        /** Per record, per block hash, the index of its blocking rule. */
        private final int[][] blockRules;
        private final ReferenceCandidateIndex index;
        private final List<StoredMember> references = new ArrayList<>();
        /** Per reference record (numbered from 0 here), its entity's golden id: kept once the references are let go. */
        private String[] referenceGoldenIds;
        /**
         * Per stored entity, its members this attempt read (the batch's known members and the references in a cluster
         * with a record of the batch): where they are all of its members, its cross-references need no read.
         */
        private final Map<String, List<ReadMember>> readMembersOf = new HashMap<>();
        /** The stored customers read whole for the chaining guard: every member, by golden id; let go once matched. */
        private final Map<String, List<StoredMember>> wholeMembers = new HashMap<>();
        private final List<int[]> keptApartGroups = new ArrayList<>();
        /** Per reference record (numbered from 0 here, from {@code count} in the index), the group of its entity. */
        private int[] referenceGroupOf = new int[0];
        private final Map<Integer, Integer> unitedGroups = new HashMap<>();
        /** Per root group, the groups a decision united under it; built on first need. */
        private Map<Integer, List<Integer>> groupsOfRoot;
        private final MatchResult result;
        private final String[] goldenIdOf;
        private final EntityStatus[] statusOf;
        private final MatchOutcome[] outcomeOf;
        private final String[] candidateOf;
        /** Per review record held between two stored or new customers told apart: the golden id of the one not its candidate. */
        private final String[] otherCandidateOf;
        private final Map<String, Map<String, String>> crossReferences = new HashMap<>();
        /** The batch's values whose frequency is counted, each with its hash: hashed once for reading and counting. */
        private final BatchTerms terms = new BatchTerms(fieldNames, termFrequencyAdjusted);
        /**
         * The blocks the change observed (by block number, in the order first observed) and the counted keys' deltas,
         * gathered here and handed to the change at once.
         */
        private final boolean[] observed;
        private final IntPages observedBlocks = new IntPages();
        /** Where {@link #listedBlocks} gathers a record's listed blocks before copying them to an array of their own. */
        private long[] listedRoom = new long[0];
        private final LongIndex countedKeys = new LongIndex(1 << 12);
        private long[] countedDeltas = new long[1 << 12];
        /** Per cluster, the input record with the strongest best pair (what linked its entities); built on first need. */
        private int[] bridgeOfCluster;
        /**
         * Every record by its cluster, in record order: those of cluster {@code c} from {@code clusterStarts[c]} to
         * {@code clusterStarts[c + 1]} of {@link #recordsByCluster}; what a merge is explained by, made on the first.
         */
        private int[] clusterStarts;
        private int[] recordsByCluster;
        private int newEntityCount;
        private int mergeCount;

        private Attempt(final EntityBatch batch, final ChangeRules changeRules, final StoreReads reads, final OpenWrite excluded) {
            this.batch = batch;
            this.reads = reads;
            this.excluded = excluded;
            this.input = batch.index();
            this.count = batch.size();
            this.changes = new ChangeSet(store.layout(fieldNames), store.readMark());
            changes.readKeysAt(store.keyMark());
            final Map<String, Integer> generations = changeRules.own();
            final OtherRules other = changeRules.other();
            changes.useBlockingRules(other.keptWith(generations), other.withoutKeys(), other.leftBehind());
            this.hashedRuleNames = ruleNames.stream().map(rule -> KeyHash.generationOf(rule, generations.get(rule))).toList();
            this.otherRules = other.keyed();
            this.otherHasher = otherRules.isEmpty() ? null : KeyHash.Hasher.blocks(other.hashedNames());
            this.firstOfSource = new int[count];
            this.ruleWords = (rules.size() + Long.SIZE - 1) / Long.SIZE;
            this.partlyReadRules = new long[count * ruleWords];
            this.sources = sourceKeys();
            this.known = reads.findMembers(distinct(sources), fieldNames);
            this.memberOf = new StoredMember[count];
            this.isNew = new boolean[count];
            for (int record = 0; record < count; record++) {
                if (sources[record] != null) {
                    memberOf[record] = known.get(sources[record]);
                    isNew[record] = memberOf[record] == null && firstOfSource[record] == record;
                }
            }
            this.linkOf = links();

            blockHasher = KeyHash.Hasher.blocks(hashedRuleNames);
            blockHashes = new long[count][];
            blockNumbers = new int[count][];
            blockRules = new int[count][];
            blocks = new LongIndex(count * rules.size() + 16);
            if (input instanceof InMemoryCandidateIndex memory && memory.keepsBlockingKeysOf(rules)) {
                inputBlockHashes(memory);
            } else {
                final int[] ruleOfHash = new int[rules.size() * BlockingRule.MAXIMUM_KEYS];
                for (int record = 0; record < count; record++) {
                    if (sources[record] != null) {
                        blockHashes[record] = blockHashes(input.keys(record), ruleOfHash);
                        blockRules[record] = Arrays.copyOf(ruleOfHash, blockHashes[record].length);
                        blockNumbers[record] = new int[blockHashes[record].length];
                        for (int i = 0; i < blockNumbers[record].length; i++) {
                            blockNumbers[record][i] = blocks.add(blockHashes[record][i]);
                        }
                    }
                }
            }
            for (final StoredMember member : known.values()) {
                for (final long hash : blockHashes(member.keys(), null)) {
                    blocks.add(hash);
                }
            }
            numberBits = 32 - Integer.numberOfLeadingZeros(blocks.size());
            // read in ascending order of the hashes: neighbouring keys are read together
            final long[] sorted = inHashOrder(null, blocks.size());
            keyEntries = new KeyEntry[blocks.size()];
            final KeyEntry[] entries = readBlocks(sorted, reads::findKeys, KeyEntry[]::new);
            for (int i = 0; i < sorted.length; i++) {
                keyEntries[numberOf(sorted[i])] = entries[i];
            }
            observed = new boolean[blocks.size()];

            index = new ReferenceCandidateIndex(input, matchInputPairs);
            groupOfRecord = new int[count];
            Arrays.fill(groupOfRecord, -1);
            addReferences();
            groupOfEntity = new StringNumbers(known.size() + references.size() + count);
            registerEntities();
            groupRecords();

            final Set<Long> apart = new HashSet<>();
            for (final int[] pair : keptApartGroups) {
                apart.add(pairKey(rootGroup(pair[0]), rootGroup(pair[1])));
            }
            result = matchWholeEntities(apart);
            releaseReferences();

            goldenIdOf = new String[count];
            statusOf = new EntityStatus[count];
            outcomeOf = new MatchOutcome[count];
            candidateOf = new String[count];
            otherCandidateOf = new String[count];
            plan();
            changes.checkJoinsWith(this::standsWith);
        }

        /**
         * Whether this change stands now that other writers' records joined blocks it read: when none of them would
         * have mattered to the match of a record of the batch in such a block (no key rule links them and the model
         * scores them below review), matching again would decide the same; else the attempt starts over. Only blocks
         * whose members were candidates, or that were empty, count: a block over its rule's limit gave no candidates, or
         * its oldest member alone (read in part), and gives the same with more members. A member that joined an entity
         * this change links a record into makes it start over too (it would have been clustered with the record, under
         * the chaining guard); in a block the change did not read, the store tells by the entity's member count
         * ({@link ChangeSet#expectEntity(String, int)}). Two
         * writers of different customers thus both write, each looking at the other's few records in their shared
         * blocks, and two of the same customer still never create two entities.
         */
        private boolean standsWith(final long[] joinedBlocks, final StoredMember[][] joined) {
            if (!matchStored) {
                // stored members are no candidates: whoever joined cannot change the match
                return true;
            }
            final int[] slotOfNumber = new int[blocks.size()];
            Arrays.fill(slotOfNumber, -1);
            final boolean[] counted = new boolean[joinedBlocks.length];
            boolean any = false;
            for (int i = 0; i < joinedBlocks.length; i++) {
                final int number = blocks.indexOf(joinedBlocks[i]);
                final boolean candidates = number >= 0 && (keyEntries[number] == null || keyEntries[number].count() == 0
                        || usedBlock != null && usedBlock[number]);
                if (!candidates) {
                    continue;
                }
                if (joined[i] == null) {
                    // who joined cannot be told
                    return false;
                }
                slotOfNumber[number] = i;
                counted[i] = true;
                any |= joined[i].length > 0;
            }
            if (!any) {
                return true;
            }
            // a member that joined an entity this change links new records into would be clustered with them, however it
            // scores against them: the chaining guard would weigh it, so the batch is matched again
            final Set<String> linkedInto = new HashSet<>();
            for (int record = 0; record < count; record++) {
                if (statusOf[record] == EntityStatus.EXISTING && memberOf[record] == null) {
                    linkedInto.add(goldenIdOf[record]);
                }
            }
            for (int i = 0; i < joinedBlocks.length; i++) {
                if (counted[i]) {
                    for (final StoredMember member : joined[i]) {
                        if (member != null && linkedInto.contains(member.goldenId())) {
                            return false;
                        }
                    }
                }
            }
            for (int record = 0; record < count; record++) {
                if (sources[record] == null || memberOf[record] != null || blockNumbers[record] == null) {
                    continue;
                }
                final String[] keys = input.keys(record);
                for (final int number : blockNumbers[record]) {
                    final int slot = slotOfNumber[number];
                    if (slot < 0) {
                        continue;
                    }
                    for (final StoredMember member : joined[slot]) {
                        if (member != null && result.wouldMatter(keys, member.keys())) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }

        // ------------------------------------------------------------ reading

        /**
         * Reads the store in parts side by side, on the matcher's threads: the look-ups are independent of each other
         * (an index in memory or a database's connections), so a second core halves a large batch's read. A part stays
         * large enough that splitting pays.
         *
         * @return per id, at its position, what the store has for it (null for nothing), as {@code read} gives it
         */
        private <A> A inParts(final long[] ids, final Function<long[], A> read, final IntFunction<A> newArray) {
            // a single part reads the ids themselves, as given
            return inParts(ids, (all, from, to) -> from == 0 && to == all.length ? all : Arrays.copyOfRange(all, from, to), read, newArray);
        }

        /**
         * {@link #inParts(long[], Function, IntFunction)} for blocks ordered by {@link #inHashOrder}: each part's hashes
         * are taken from the block index on the part's own thread, and the answers are by position, as there.
         */
        private <A> A readBlocks(final long[] ordered, final Function<long[], A> read, final IntFunction<A> newArray) {
            return inParts(ordered, this::hashesOf, read, newArray);
        }

        /**
         * The ids from {@code from} to {@code to} as a part reads them ({@code slice}: a copy, or the blocks' hashes), each
         * part sliced and read on its own thread; with a single part, on the calling thread.
         */
        private <A> A inParts(final long[] ids, final Slicer slice, final Function<long[], A> read, final IntFunction<A> newArray) {
            final int parts = (int) Math.min(matcher.parallelism(), ids.length / MINIMUM_READ_PART);
            if (parts < 2) {
                return read.apply(slice.of(ids, 0, ids.length));
            }
            final int[] starts = new int[parts + 1];
            final List<Supplier<A>> tasks = new ArrayList<>(parts);
            for (int part = 0; part < parts; part++) {
                starts[part + 1] = (int) ((long) ids.length * (part + 1) / parts);
                final int from = starts[part];
                final int to = starts[part + 1];
                tasks.add(() -> read.apply(slice.of(ids, from, to)));
            }
            final List<A> results = matcher.inParallel(tasks);
            final A all = newArray.apply(ids.length);
            for (int part = 0; part < parts; part++) {
                System.arraycopy(results.get(part), 0, all, starts[part], starts[part + 1] - starts[part]);
            }
            return all;
        }

        /**
         * These blocks (the first {@code size} numbers of {@code numbers}; null: every block) ordered by their hashes, as
         * the store reads them best: each entry a block's hash with its low {@link #numberBits} bits replaced by its
         * number. Sorted as longs, so that each answer of a read in this order goes to its block by that number, not looked
         * up by its hash in the block index (a random probe per block); the hashes themselves are taken by the read's parts
         * ({@link #readBlocks}). Blocks whose hashes differ in the low bits alone keep the order of their numbers: the
         * store's answers are by hash, whatever the order.
         */
        private long[] inHashOrder(final int[] numbers, final int size) {
            final long high = -1L << numberBits;
            final long[] ordered = new long[size];
            for (int i = 0; i < size; i++) {
                final int number = numbers == null ? i : numbers[i];
                ordered[i] = blocks.value(number) & high | number;
            }
            Arrays.sort(ordered);
            return ordered;
        }

        /** The number of the block of an entry of {@link #inHashOrder}. */
        private int numberOf(final long ordered) {
            return (int) (ordered & ~(-1L << numberBits));
        }

        /** The hashes of the blocks of {@code ordered} from {@code from} to {@code to} ({@link #inHashOrder}). */
        private long[] hashesOf(final long[] ordered, final int from, final int to) {
            final long[] hashes = new long[to - from];
            for (int i = from; i < to; i++) {
                hashes[i - from] = blocks.value(numberOf(ordered[i]));
            }
            return hashes;
        }

        private SourceKey[] sourceKeys() {
            final SourceKey[] keys = new SourceKey[count];
            final Map<String, Integer> occurrences = new HashMap<>();
            final Map<SourceKey, Integer> firstRecordOfSource = HashMap.newHashMap(count);
            for (int record = 0; record < count; record++) {
                final String sourceId = batch.sourceId(record);
                if (sourceId != null) {
                    keys[record] = new SourceKey(batch.system(), sourceId);
                } else if (hasAnyKey(input.keys(record))) {
                    final String content = contentId(input.keys(record), 1);
                    keys[record] = new SourceKey(batch.system(), contentId(input.keys(record), occurrences.merge(content, 1, Integer::sum)));
                }
                if (keys[record] != null) {
                    final Integer first = firstRecordOfSource.putIfAbsent(keys[record], record);
                    firstOfSource[record] = first == null ? record : first;
                } else {
                    firstOfSource[record] = -1;
                }
            }
            return keys;
        }

        /** The hashes of one rule's distinct keys, by key number (0 past the last key). */
        private long[] hashKeys(final int rule, final String[] keys) {
            final KeyHash.Hasher hasher = KeyHash.Hasher.blocks(hashedRuleNames);
            final long[] hashes = new long[keys.length];
            for (int key = 0; key < keys.length && keys[key] != null; key++) {
                hashes[key] = hasher.hash(rule, keys[key]);
            }
            return hashes;
        }

        /**
         * The hashes of the records' blocking keys and the rule of each, from the keys the index blocked the records on
         * (built here, on its threads, rather than when the matcher first asks for pairs): each distinct key is hashed once.
         */
        private void inputBlockHashes(final InMemoryCandidateIndex memory) {
            final int[][] keyOf = new int[rules.size()][];
            final int[][] otherStarts = new int[rules.size()][];
            final int[][] otherKeyOf = new int[rules.size()][];
            final String[][] keys = new String[rules.size()][];
            final int[][] numberOfKey = new int[rules.size()][];
            final boolean[][] numbered = new boolean[rules.size()][];
            final List<Supplier<long[]>> hashing = new ArrayList<>(rules.size());
            for (int rule = 0; rule < rules.size(); rule++) {
                final InMemoryCandidateIndex.BlockingKeys blocking = memory.blockingKeys(rule);
                keyOf[rule] = blocking.keyOf();
                otherStarts[rule] = blocking.otherStarts();
                otherKeyOf[rule] = blocking.otherKeyOf();
                keys[rule] = blocking.keys();
                numberOfKey[rule] = new int[keys[rule].length];
                numbered[rule] = new boolean[keys[rule].length];
                final int hashedRule = rule;
                hashing.add(() -> hashKeys(hashedRule, keys[hashedRule]));
            }
            // each distinct key hashed once, the rules side by side (a hasher per rule: they keep a buffer)
            final long[][] hashOfKey = matcher.inParallel(hashing).toArray(new long[0][]);
            final long[] hashes = new long[rules.size() * BlockingRule.MAXIMUM_KEYS];
            final int[] numbers = new int[hashes.length];
            final int[] ruleOfHash = new int[hashes.length];
            for (int record = 0; record < count; record++) {
                if (sources[record] == null) {
                    continue;
                }
                int size = 0;
                for (int rule = 0; rule < rules.size(); rule++) {
                    final int[] others = otherStarts[rule];
                    final int last = others == null ? 0 : others[record + 1] - others[record];
                    // the key from the fields' first values, then those from their other values
                    for (int k = -1; k < last; k++) {
                        final int key = k < 0 ? keyOf[rule][record] : otherKeyOf[rule][others[record] + k];
                        if (key < 0) {
                            continue;
                        }
                        if (!numbered[rule][key]) {
                            numberOfKey[rule][key] = blocks.add(hashOfKey[rule][key]);
                            numbered[rule][key] = true;
                        }
                        ruleOfHash[size] = rule;
                        numbers[size] = numberOfKey[rule][key];
                        hashes[size++] = hashOfKey[rule][key];
                    }
                }
                blockHashes[record] = Arrays.copyOf(hashes, size);
                blockNumbers[record] = Arrays.copyOf(numbers, size);
                blockRules[record] = Arrays.copyOf(ruleOfHash, size);
            }
        }

        /** The hashes of a record's blocking keys; when asked, the index of each one's rule goes to {@code ruleOfHash}. */
        private long[] blockHashes(final String[] keys, final int[] ruleOfHash) {
            // one key per rule for most records: room for more is made only for a field holding several values
            long[] hashes = new long[rules.size()];
            int size = 0;
            for (int rule = 0; rule < rules.size(); rule++) {
                final String key = rules.get(rule).key(keys);
                if (key == null) {
                    continue;
                }
                final String[] others = rules.get(rule).otherKeys(keys);
                final int count = 1 + (others == null ? 0 : others.length);
                if (size + count > hashes.length) {
                    hashes = Arrays.copyOf(hashes, Math.max(hashes.length * 2, size + count));
                }
                for (int i = 0; i < count; i++) {
                    if (ruleOfHash != null) {
                        ruleOfHash[size] = rule;
                    }
                    hashes[size++] = blockHasher.hash(rule, i == 0 ? key : others[i - 1]);
                }
            }
            return Arrays.copyOf(hashes, size);
        }

        /**
         * Per blocking rule, the largest stored block it may read members from: a budget of stored pairs per pass, spent
         * on the batch's smallest blocks first, as the in-memory index does, so a broad pass (a surname with a birth year)
         * adds candidates in proportion to the batch, not to the store: the selective passes (an email, a phone, a name
         * with a birth date) find nearly every duplicate; the broad ones catch what typos hid, within their budget.
         */
        private long[] storedBlockLimits(final int[] searching, final int searchingCount) {
            final long budget = Math.max(minimumPairsPerPass, STORED_PAIRS_PER_RECORD_PER_PASS * (long) searchingCount);
            final long[] limits = new long[rules.size()];
            final long[][] sizesOfRule = new long[rules.size()][searchingCount];
            final int[] sizeCount = new int[rules.size()];
            for (int s = 0; s < searchingCount; s++) {
                final int record = searching[s];
                for (int i = 0; i < blockNumbers[record].length; i++) {
                    final KeyEntry entry = keyEntries[blockNumbers[record][i]];
                    if (entry != null && entry.listed() && entry.count() <= maximumBlockSize) {
                        final int rule = blockRules[record][i];
                        if (sizeCount[rule] == sizesOfRule[rule].length) {
                            // a record with several values has several blocks under one rule
                            sizesOfRule[rule] = Arrays.copyOf(sizesOfRule[rule], sizeCount[rule] * 2 + 1);
                        }
                        sizesOfRule[rule][sizeCount[rule]++] = entry.count();
                    }
                }
            }
            for (int rule = 0; rule < rules.size(); rule++) {
                final long[] sizes = sizesOfRule[rule];
                final int sizesCount = sizeCount[rule];
                Arrays.sort(sizes, 0, sizesCount);
                // blocks of one size are all read or none: equal blocks are treated alike
                long spent = 0;
                int from = 0;
                while (from < sizesCount) {
                    final long size = sizes[from];
                    int to = from;
                    while (to < sizesCount && sizes[to] == size) {
                        to++;
                    }
                    if (spent + size * (to - from) > budget) {
                        break;
                    }
                    spent += size * (to - from);
                    limits[rule] = size;
                    from = to;
                }
            }
            return limits;
        }

        /**
         * The members of the blocks within the limits that the searching records are in, by block number (null for the
         * others): read for those blocks alone, as most listed blocks a batch touches are over its limits. A listed block
         * over its rule's limit but within the Maximum Block Size is read in part: its oldest member alone (the lowest
         * member id), as the in-memory index pairs the first record of a block beyond its budget with each other one, so
         * a record there still meets a customer whose records fill the block, at one candidate per such block; the
         * block is marked in {@link #partBlock}.
         */
        private long[][] membersOfUsableBlocks(final int[] searching, final int searchingCount, final long[] limits) {
            final boolean[] usable = new boolean[blocks.size()];
            final boolean[] part = new boolean[blocks.size()];
            usedBlock = usable;
            partBlock = part;
            // the blocks read whole, and those read in part, which need their oldest member alone, not their lists (most of
            // the members a batch's blocks list)
            final int[] whole = new int[blocks.size()];
            final int[] inPart = new int[blocks.size()];
            int wholeCount = 0;
            int inPartCount = 0;
            for (int s = 0; s < searchingCount; s++) {
                final int record = searching[s];
                for (int i = 0; i < blockNumbers[record].length; i++) {
                    final int number = blockNumbers[record][i];
                    final KeyEntry entry = keyEntries[number];
                    if (usable[number] || part[number] || entry == null || !entry.listed() || entry.count() > maximumBlockSize) {
                        continue;
                    }
                    if (entry.count() <= limits[blockRules[record][i]]) {
                        usable[number] = true;
                        whole[wholeCount++] = number;
                    } else {
                        part[number] = true;
                        inPart[inPartCount++] = number;
                    }
                }
            }
            final long[][] members = new long[blocks.size()][];
            if (reads instanceof OpenWrite) {
                // through an open write, as before: its own new members (when excluded) leave the lists before the oldest is
                // taken, and a list its changes emptied still marks the block read in part
                System.arraycopy(inPart, 0, whole, wholeCount, inPartCount);
                readWholeOrOldest(whole, wholeCount + inPartCount, members, part, excluded);
                return members;
            }
            readWholeOrOldest(whole, wholeCount, members, part, null);
            if (inPartCount > 0) {
                // read in ascending order: neighbouring slots are read together; in parts, as the lists are
                final long[] sorted = inHashOrder(inPart, inPartCount);
                final long[] oldest = readBlocks(sorted, reads::findOldestBlockMembers, long[]::new);
                for (int i = 0; i < sorted.length; i++) {
                    if (oldest[i] >= 0) {
                        members[numberOf(sorted[i])] = new long[] {oldest[i]};
                    }
                }
            }
            return members;
        }

        /**
         * Reads the lists of these blocks into {@code members} (by block number): whole, or for a block read in part its
         * oldest member; without the members the open write {@code excluded} created, when there is one.
         */
        private void readWholeOrOldest(final int[] numbers, final int size, final long[][] members, final boolean[] part, final OpenWrite excluded) {
            // read in ascending order: neighbouring slots are read together
            final long[] sorted = inHashOrder(numbers, size);
            final long[][] read = readBlocks(sorted, reads::findBlockMembers, long[][]::new);
            if (excluded != null) {
                for (int i = 0; i < read.length; i++) {
                    if (read[i] != null) {
                        read[i] = Arrays.stream(read[i]).filter(member -> !excluded.createdMember(member)).toArray();
                    }
                }
            }
            for (int i = 0; i < sorted.length; i++) {
                final int number = numberOf(sorted[i]);
                members[number] = part[number] && read[i] != null && read[i].length > 0
                        ? new long[] {Arrays.stream(read[i]).min().getAsLong()}
                        : read[i];
            }
        }

        /**
         * Adds to the index every stored member that shares a usable block with a record that is not yet known, and a
         * candidate pair for each, members numbered as references in the order the records first name them.
         */
        private void addReferences() {
            if (!matchStored) {
                return;
            }
            // the stored members whose records are in the batch: they are matched in their batch version, and when the
            // batch's records are not matched with each other, a new record naming one is paired with its batch record
            final LongIndex inputMembers = new LongIndex(known.size());
            int[] recordOfInputMember = new int[16];
            for (int record = 0; record < count; record++) {
                if (memberOf[record] != null) {
                    final int number = inputMembers.add(memberOf[record].memberId());
                    if (number == recordOfInputMember.length) {
                        recordOfInputMember = Arrays.copyOf(recordOfInputMember, number * 2);
                    }
                    if (recordOfInputMember[number] == 0) {
                        recordOfInputMember[number] = record + 1;
                    }
                }
            }
            final boolean anyKnown = inputMembers.size() > 0;
            // per input member number, the last searching record (plus one) paired with its batch record
            final int[] pairedWith = new int[inputMembers.size()];
            final int[] searching = new int[count];
            int searchingCount = 0;
            for (int record = 0; record < count; record++) {
                if (sources[record] != null && memberOf[record] == null && batch.decision(record) == null && linkOf(record) == null) {
                    searching[searchingCount++] = record;
                }
            }
            final long[] limits = storedBlockLimits(searching, searchingCount);
            final long[][] membersOfBlock = membersOfUsableBlocks(searching, searchingCount, limits);
            // per searching record with candidates, its members' numbers in wanted (in the order its blocks name them)
            // in one flat list; a member named twice by one record's blocks is the record's candidate once
            final int[] candidateRecords = new int[searchingCount];
            final int[] candidateEnds = new int[searchingCount];
            int records = 0;
            // candidates and namedBy in pages: some 150,000 numbers in one int[] grown by doubling were humongous copies (h261b)
            final IntPages candidates = new IntPages();
            final LongIndex wanted = new LongIndex(Math.max(16, searchingCount * 8));
            // per member number, the last searching record (plus one) that named it
            final IntPages namedBy = new IntPages();
            for (int s = 0; s < searchingCount; s++) {
                final int record = searching[s];
                final int recordStart = candidates.size();
                for (int i = 0; i < blockNumbers[record].length; i++) {
                    final long[] members = membersOfBlock[blockNumbers[record][i]];
                    if (members == null) {
                        continue;
                    }
                    if (partBlock[blockNumbers[record][i]]) {
                        final int rule = blockRules[record][i];
                        partlyReadRules[record * ruleWords + rule / Long.SIZE] |= 1L << rule;
                    }
                    for (final long memberId : members) {
                        final int inBatch = anyKnown ? inputMembers.indexOf(memberId) : -1;
                        if (inBatch >= 0) {
                            if (!matchInputPairs && pairedWith[inBatch] != s + 1) {
                                pairedWith[inBatch] = s + 1;
                                index.addStoredInputPair(record, recordOfInputMember[inBatch] - 1);
                            }
                            continue;
                        }
                        final int number = wanted.add(memberId);
                        if (number == namedBy.size()) {
                            namedBy.add(0);
                        }
                        if (namedBy.get(number) != s + 1) {
                            namedBy.set(number, s + 1);
                            candidates.add(number);
                        }
                    }
                }
                if (candidates.size() > recordStart) {
                    candidateRecords[records] = record;
                    candidateEnds[records++] = candidates.size();
                }
            }
            final long[] wantedIds = wanted.toArray();
            // the members read, by their number in wanted; the references, by their number in referenceOf
            final StoredMember[] readMembers = inParts(wantedIds, ids -> reads.findMembersById(ids, fieldNames), StoredMember[]::new);
            final int[] referenceOf = new int[wantedIds.length];
            Arrays.fill(referenceOf, -1);
            int from = 0;
            for (int r = 0; r < records; r++) {
                for (int c = from; c < candidateEnds[r]; c++) {
                    final int number = candidates.get(c);
                    final StoredMember member = readMembers[number];
                    if (member == null) {
                        continue;
                    }
                    if (referenceOf[number] < 0) {
                        referenceOf[number] = index.addReference(member);
                        references.add(member);
                    }
                    index.addPair(candidateRecords[r], referenceOf[number]);
                }
                from = candidateEnds[r];
            }
        }

        /**
         * Gives the entities of the known members, the references and the decisions' candidates a group each and reads
         * the decisions that keep any of them apart. The entities themselves are read after matching, and only those a
         * cluster with a record of the batch holds: most stored candidates match nothing and are never needed.
         */
        private void registerEntities() {
            for (final StoredMember member : known.values()) {
                groupOf(member.goldenId());
            }
            referenceGroupOf = new int[references.size()];
            for (int reference = 0; reference < references.size(); reference++) {
                referenceGroupOf[reference] = groupOf(references.get(reference).goldenId());
            }
            for (int record = 0; record < count; record++) {
                if (batch.decision(record) != null) {
                    reads.liveGoldenId(batch.decisionCandidate(record)).ifPresent(this::groupOf);
                } else if (linkOf(record) != null) {
                    groupOf(linkOf(record));
                }
            }
            storedGroups = entityOfGroup.size();
            for (final EntityPair pair : reads.findKeptApart(List.copyOf(entityOfGroup))) {
                final int first = groupOfEntity.indexOf(pair.first());
                final int second = groupOfEntity.indexOf(pair.second());
                if (first >= 0 && second >= 0) {
                    keepApart(first, second);
                }
            }
        }

        /**
         * Reads the stored entities of these groups; one merged away since its member was read means the reads no
         * longer agree: everything is read again.
         */
        private void loadEntities(final Collection<String> ids) {
            entities.putAll(reads.findEntities(ids));
            for (final String id : ids) {
                if (!entities.containsKey(id)) {
                    throw new ConflictDuringRead();
                }
            }
        }

        /**
         * The group of a stored entity, given one when first asked for: before any group of new records, so that the
         * stored entities' groups are their numbers in {@link #groupOfEntity}.
         */
        private int groupOf(final String goldenId) {
            final int group = groupOfEntity.numberOf(goldenId);
            if (group == entityOfGroup.size()) {
                entityOfGroup.add(goldenId);
            }
            return group;
        }

        /**
         * Per record the store does not know, without a review decision, that carries a golden id: the live entity of
         * that id (the survivor when it was merged into another), or null when the store has none (unknown or erased);
         * null when no record carries one.
         */
        private String[] links() {
            if (!batch.carriesGoldenIds()) {
                return null;
            }
            final Set<String> carried = new LinkedHashSet<>();
            for (int record = 0; record < count; record++) {
                if (carriedByUnknown(record) != null) {
                    carried.add(carriedByUnknown(record));
                }
            }
            if (carried.isEmpty()) {
                return null;
            }
            final Map<String, StoredEntity> live = reads.findEntities(carried);
            final Map<String, String> liveOf = new HashMap<>();
            for (final String goldenId : carried) {
                liveOf.put(goldenId, live.containsKey(goldenId) ? goldenId : reads.liveGoldenId(goldenId).orElse(null));
            }
            final String[] links = new String[count];
            for (int record = 0; record < count; record++) {
                if (carriedByUnknown(record) != null) {
                    links[record] = liveOf.get(carriedByUnknown(record));
                }
            }
            return links;
        }

        /** The golden id a record carries when the store does not know the record and no review decision names a candidate. */
        private String carriedByUnknown(final int record) {
            return sources[record] != null && memberOf[record] == null && batch.decision(record) == null ? batch.carriedGoldenId(record) : null;
        }

        private String linkOf(final int record) {
            return linkOf == null ? null : linkOf[record];
        }

        /** A new group of records of no stored entity (a new source, or a record split from its entity). */
        private int newGroup() {
            entityOfGroup.add(null);
            return entityOfGroup.size() - 1;
        }

        /**
         * Puts every record in its group: known records in their entity's, records sharing a source key in one of their
         * own, and applies review decisions: "same" puts the record's entity and the candidate in one group, "different"
         * keeps them apart (splitting the record out when it was linked to the candidate).
         */
        private void groupRecords() {
            // per first record of a source the store does not know, its group
            final int[] groupOfFirst = new int[count];
            Arrays.fill(groupOfFirst, -1);
            for (int record = 0; record < count; record++) {
                final SourceKey source = sources[record];
                if (source == null) {
                    continue;
                }
                final StoredMember member = memberOf[record];
                final ReviewDecision decision = batch.decision(record);
                final String candidate = decision == null ? null : reads.liveGoldenId(batch.decisionCandidate(record)).orElse(null);
                final int candidateGroup = candidate == null ? -1 : groupOfEntity.indexOf(candidate);
                if (decision == ReviewDecision.DIFFERENT && member != null && member.goldenId().equals(candidate)) {
                    // split: the record leaves the candidate entity for a new one of its own
                    final int group = sourceGroup(groupOfFirst, record);
                    groupOfRecord[record] = group;
                    keepApart(group, candidateGroup);
                    continue;
                }
                final int group = member != null ? groupOfEntity.indexOf(member.goldenId()) : sourceGroup(groupOfFirst, record);
                groupOfRecord[record] = group;
                if (linkOf(record) != null) {
                    // the golden id the record carries: it joins that entity, as a record decided the same does
                    unite(group, groupOfEntity.indexOf(linkOf(record)));
                } else if (candidateGroup >= 0 && decision == ReviewDecision.SAME) {
                    unite(group, candidateGroup);
                } else if (candidateGroup >= 0) {
                    keepApart(groupOfRecord[record], candidateGroup);
                }
            }
        }

        /** The group of the records of one source that the store does not have in an entity, made when first asked for. */
        private int sourceGroup(final int[] groupOfFirst, final int record) {
            final int first = firstOfSource[record];
            if (groupOfFirst[first] < 0) {
                groupOfFirst[first] = newGroup();
            }
            return groupOfFirst[first];
        }

        private void unite(final int group, final int other) {
            final int root = rootGroup(group);
            final int otherRoot = rootGroup(other);
            if (root != otherRoot) {
                unitedGroups.put(Math.max(root, otherRoot), Math.min(root, otherRoot));
            }
        }

        private int rootGroup(final int group) {
            if (unitedGroups.isEmpty()) {
                return group;
            }
            int root = group;
            while (unitedGroups.containsKey(root)) {
                root = unitedGroups.get(root);
            }
            return root;
        }

        private void keepApart(final int group, final int other) {
            keptApartGroups.add(new int[] {group, other});
        }

        private static long pairKey(final int left, final int right) {
            return ((long) Math.min(left, right) << 32) | Math.max(left, right);
        }

        /**
         * The records that were matched when they were stored: the input's known records that stay in their entity and
         * every stored member read as a candidate. Two of them in different entities do not merge those by themselves.
         */
        private BitSet settledRecords() {
            final BitSet settled = new BitSet(index.size());
            for (int record = 0; record < count; record++) {
                final StoredMember member = memberOf[record];
                if (member != null && groupOfRecord[record] >= 0 && groupOfRecord[record] == groupOfEntity.indexOf(member.goldenId())) {
                    settled.set(record);
                }
            }
            settled.set(count, count + references.size());
            return settled;
        }

        private int[] groupsOfAllRecords() {
            final int[] groups = new int[index.size()];
            for (int record = 0; record < groups.length; record++) {
                final int group = groupOfAnyRecord(record);
                groups[record] = group < 0 ? -1 : rootGroup(group);
            }
            return groups;
        }

        /** The group of an input or reference record (-1 for an input record without a source). */
        private int groupOfAnyRecord(final int record) {
            return record < count ? groupOfRecord[record] : referenceGroupOf[record - count];
        }

        /**
         * The stored frequencies of the input's values plus the input's new records, per adjusted comparison: the
         * distinct values of each counted field and its total's shards read in one look-up.
         */
        private List<TermFrequencies> termFrequencies() {
            final List<TermFrequencies> frequencies = matcher.newTermFrequencies();
            int lookups = 0;
            for (int slot = 0; slot < termFrequencyAdjusted.length; slot++) {
                if (!termFrequencyAdjusted[slot]) {
                    continue;
                }
                final TermFrequencies frequency = frequencies.get(slot);
                for (int record = 0; record < count; record++) {
                    final String key = input.keys(record)[slot];
                    if (key != null) {
                        if (isNew[record]) {
                            frequency.add(key);
                        }
                        terms.addValues(slot, key);
                    }
                }
                lookups += terms.size(slot) + fieldTotalShards[slot].length;
            }
            // per field its values' hashes, then its total's shards
            final long[] hashes = new long[lookups];
            int at = 0;
            for (int slot = 0; slot < termFrequencyAdjusted.length; slot++) {
                if (termFrequencyAdjusted[slot]) {
                    for (int number = 0; number < terms.size(slot); number++) {
                        hashes[at++] = terms.hash(slot, number);
                    }
                    System.arraycopy(fieldTotalShards[slot], 0, hashes, at, fieldTotalShards[slot].length);
                    at += fieldTotalShards[slot].length;
                }
            }
            final KeyEntry[] counts = reads.findKeys(hashes);
            at = 0;
            for (int slot = 0; slot < termFrequencyAdjusted.length; slot++) {
                if (termFrequencyAdjusted[slot]) {
                    final TermFrequencies frequency = frequencies.get(slot);
                    for (int number = 0; number < terms.size(slot); number++, at++) {
                        if (counts[at] != null) {
                            frequency.addCount(terms.value(slot, number), counts[at].count());
                        }
                    }
                    frequency.addRecords(sum(counts, at, fieldTotalShards[slot].length));
                    at += fieldTotalShards[slot].length;
                }
            }
            return frequencies;
        }

        private long population() {
            long newRecords = 0;
            for (int record = 0; record < count; record++) {
                if (isNew[record]) {
                    newRecords++;
                }
            }
            return sum(reads.findKeys(populationShards), 0, populationShards.length) + newRecords;
        }

        // ------------------------------------------------------------ planning

        private void plan() {
            final int total = index.size();
            // only clusters holding a record of the batch change anything; stored candidates alone stay as they are
            final boolean[] inputCluster = new boolean[total];
            for (int record = 0; record < count; record++) {
                if (sources[record] != null) {
                    inputCluster[result.cluster(record)] = true;
                }
            }
            // per input cluster its distinct groups in record order: the clusters' lists one after another, by cluster
            final int[] groupStarts = new int[total + 1];
            final int[] newSourcesOfCluster = new int[total];
            final boolean[] decidedSame = new boolean[total];
            for (int record = 0; record < total; record++) {
                final int cluster = result.cluster(record);
                if (inputCluster[cluster] && groupOfAnyRecord(record) >= 0) {
                    groupStarts[cluster + 1]++;
                }
            }
            for (int cluster = 0; cluster < total; cluster++) {
                groupStarts[cluster + 1] += groupStarts[cluster];
            }
            final int[] groupsOfClusters = new int[groupStarts[total]];
            final int[] groupEnds = Arrays.copyOf(groupStarts, total);
            final int[] clusterOfGroup = new int[entityOfGroup.size()];
            Arrays.fill(clusterOfGroup, -1);
            for (int record = 0; record < total; record++) {
                final int cluster = result.cluster(record);
                if (!inputCluster[cluster]) {
                    continue;
                }
                final int group = groupOfAnyRecord(record);
                if (group >= 0 && clusterOfGroup[group] != cluster) {
                    clusterOfGroup[group] = cluster;
                    groupsOfClusters[groupEnds[cluster]++] = group;
                }
                if (record < count && isNew[record]) {
                    newSourcesOfCluster[cluster]++;
                }
                if (record < count && batch.decision(record) == ReviewDecision.SAME) {
                    decidedSame[cluster] = true;
                }
            }
            // every record's decision-united entities are in its cluster's groups already (one root group)
            final Set<String> storedIds = new LinkedHashSet<>();
            for (int cluster = 0; cluster < total; cluster++) {
                for (final int group : unitedInto(groupsOfClusters, groupStarts[cluster], groupEnds[cluster])) {
                    if (group < storedGroups) {
                        storedIds.add(entityOfGroup.get(group));
                    }
                }
            }
            loadEntities(storedIds);
            final String[] goldenIdOfCluster = new String[total];
            final boolean[] createdCluster = new boolean[total];
            final int[] membersOfCluster = new int[total];
            final List<String> planned = new ArrayList<>();
            final List<List<String>> entitiesOfPlanned = new ArrayList<>();
            for (int record = 0; record < count; record++) {
                if (sources[record] == null) {
                    continue;
                }
                final int cluster = result.cluster(record);
                if (goldenIdOfCluster[cluster] != null) {
                    continue;
                }
                final List<String> clusterEntities = new ArrayList<>();
                for (final int group : unitedInto(groupsOfClusters, groupStarts[cluster], groupEnds[cluster])) {
                    if (group < storedGroups && entities.containsKey(entityOfGroup.get(group))) {
                        clusterEntities.add(entityOfGroup.get(group));
                    }
                }
                int members = newSourcesOfCluster[cluster];
                if (clusterEntities.isEmpty()) {
                    final String goldenId = goldenIds.get();
                    goldenIdOfCluster[cluster] = goldenId;
                    createdCluster[cluster] = true;
                    changes.createEntity(goldenId);
                    newEntityCount++;
                } else {
                    clusterEntities.sort((left, right) -> Long.compare(entities.get(left).createdSeq(), entities.get(right).createdSeq()));
                    final String survivor = clusterEntities.getFirst();
                    goldenIdOfCluster[cluster] = survivor;
                    // the guard weighed every record of the customers a cluster joining groups holds: one that joined any
                    // of them since, in whatever block, would have been weighed too, and the change is made again
                    final boolean guarded = joinsGroups(groupsOfClusters, groupStarts[cluster], groupEnds[cluster]);
                    for (final String entity : clusterEntities) {
                        final int entityMembers = entities.get(entity).memberCount();
                        if (guarded && entityMembers <= MAXIMUM_GUARDED_MEMBERS) {
                            changes.expectEntity(entity, entityMembers);
                        } else {
                            changes.expectEntity(entity);
                        }
                        members += entityMembers;
                    }
                    for (final String loser : clusterEntities.subList(1, clusterEntities.size())) {
                        changes.mergeEntities(loser, survivor);
                        final boolean decided = decidedSame[cluster];
                        final int[] link = decided ? null : linkTo(cluster, groupOfEntity.indexOf(loser));
                        if (link != null) {
                            // the pair that linked the merged-away entity, of the record that crossed from its side to the
                            // others', not the bridge's best pair (often with the survivor) nor a copy's with its own original
                            final String[] left = index.keys(link[0]);
                            final String[] right = index.keys(link[1]);
                            changes.record(EventKind.MERGED, survivor, loser, sources[link[0]],
                                    result.pairProbability(left, right), result.explainPair(left, right));
                            mergeCount++;
                            continue;
                        }
                        final int bridge = decided ? -1 : bridgeOf(cluster);
                        changes.record(EventKind.MERGED, survivor, loser, bridge < 0 ? null : sources[bridge],
                                bridge < 0 ? null : result.bestProbability(bridge),
                                decided ? "decided: same" : bridge < 0 ? "linked through records of both entities" : result.explanation(bridge));
                        mergeCount++;
                    }
                }
                membersOfCluster[cluster] = members;
                planned.add(goldenIdOfCluster[cluster]);
                entitiesOfPlanned.add(clusterEntities);
            }

            final boolean[] founded = new boolean[total];
            for (int record = 0; record < count; record++) {
                final SourceKey source = sources[record];
                if (source == null) {
                    statusOf[record] = EntityStatus.UNIDENTIFIED;
                    outcomeOf[record] = MatchOutcome.UNMATCHED;
                    continue;
                }
                final int cluster = result.cluster(record);
                final String goldenId = goldenIdOfCluster[cluster];
                goldenIdOf[record] = goldenId;
                statusOf[record] = createdCluster[cluster] ? EntityStatus.NEW : EntityStatus.EXISTING;
                if (membersOfCluster[cluster] >= 2 && !result.heldTogether(record)) {
                    outcomeOf[record] = MatchOutcome.MATCHED;
                } else if (result.outcome(record) == MatchOutcome.REVIEW) {
                    // a record held together with its copies for review names what its held record would have joined
                    outcomeOf[record] = MatchOutcome.REVIEW;
                    final int partner = result.reviewPartner(record);
                    candidateOf[record] = partner < 0 ? null : goldenIdOfRecord(partner, goldenIdOfCluster);
                    // the other customer its explanation names: the one it is tied with, or the one whose record held it apart
                    final int other = result.tiedWith(record) >= 0 ? result.tiedWith(record) : result.heldApartFrom(record);
                    otherCandidateOf[record] = other < 0 ? null : goldenIdOfRecord(other, goldenIdOfCluster);
                } else {
                    outcomeOf[record] = MatchOutcome.UNMATCHED;
                }
                if (firstOfSource[record] == record) {
                    // the founder of a new entity: its first record written
                    final boolean founder = createdCluster[cluster] && !founded[cluster];
                    founded[cluster] |= createdCluster[cluster];
                    planMember(record, goldenId, founder);
                }
            }
            observeBlocks();
            changes.count(countedKeys, countedDeltas);
            planDecisions();
            readCrossReferences(planned, entitiesOfPlanned);
        }

        /** Whether the groups of one cluster are of two or more root groups: the cluster joined them, under the chaining guard. */
        private boolean joinsGroups(final int[] groups, final int from, final int to) {
            for (int i = from + 1; i < to; i++) {
                if (rootGroup(groups[i]) != rootGroup(groups[from])) {
                    return true;
                }
            }
            return false;
        }

        /** The groups of one cluster and those united with any of them by a "same" decision (just these when no decision united any). */
        private Collection<Integer> unitedInto(final int[] groups, final int from, final int to) {
            final List<Integer> own = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                own.add(groups[i]);
            }
            if (unitedGroups.isEmpty()) {
                return own;
            }
            if (groupsOfRoot == null) {
                groupsOfRoot = new HashMap<>();
                for (int group = 0; group < entityOfGroup.size(); group++) {
                    groupsOfRoot.computeIfAbsent(rootGroup(group), root -> new ArrayList<>()).add(group);
                }
            }
            final Set<Integer> united = new LinkedHashSet<>();
            for (final int group : own) {
                united.addAll(groupsOfRoot.getOrDefault(rootGroup(group), List.of(group)));
            }
            return united;
        }

        /**
         * The strongest pair, as the match weighs it ({@link MatchResult#pairWeight}: a key rule's link first), of the record
         * of the batch that linked the entity of {@code group} to the cluster's other entities and a record of that entity
         * ({input record, other record}), or null when there is none to explain. That record is the batch's record of the
         * pair that crossed from the entity's side of the cluster to the other's ({@link MatchResult#crossedBy}), the other
         * side's where both are the batch's: a record that joined the entity's side first, such as another system's copy of
         * one of its stored records, links to the entity more strongly than any, but not to the other. Without such a pair,
         * any record of the batch the store did not know in this cluster.
         */
        private int[] linkTo(final int cluster, final int group) {
            if (group < 0) {
                return null;
            }
            final int[] crossed = result.crossedBy(rootGroup(group));
            final int bridge = crossed == null || result.cluster(crossed[0]) != cluster ? -1
                    : isNewInput(crossed[1]) ? crossed[1] : isNewInput(crossed[0]) ? crossed[0] : -1;
            if (recordsByCluster == null) {
                // once per batch, by counting: no map of boxed records, no record's keys read until it is weighed
                final int total = index.size();
                clusterStarts = new int[total + 1];
                for (int record = 0; record < total; record++) {
                    clusterStarts[result.cluster(record) + 1]++;
                }
                for (int c = 0; c < total; c++) {
                    clusterStarts[c + 1] += clusterStarts[c];
                }
                recordsByCluster = new int[total];
                final int[] next = Arrays.copyOf(clusterStarts, total);
                for (int record = 0; record < total; record++) {
                    recordsByCluster[next[result.cluster(record)]++] = record;
                }
            }
            final int from = clusterStarts[cluster];
            final int to = clusterStarts[cluster + 1];
            // the records of the entity in the cluster that kept their keys, each read once, and the bridge or else the
            // batch's records the store did not know in the cluster, in record order
            final String[][] entityKeys = new String[to - from][];
            final int[] ofEntity = new int[to - from];
            int entityRecords = 0;
            final int[] linking = bridge < 0 ? new int[to - from] : new int[] {bridge};
            int linkingRecords = bridge < 0 ? 0 : 1;
            for (int i = from; i < to; i++) {
                final int record = recordsByCluster[i];
                if (groupOfAnyRecord(record) == group) {
                    final String[] keys = index.keys(record);
                    if (keys != null) {
                        entityKeys[entityRecords] = keys;
                        ofEntity[entityRecords++] = record;
                    }
                }
                if (bridge < 0 && isNewInput(record)) {
                    linking[linkingRecords++] = record;
                }
            }
            int[] best = null;
            double bestWeight = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < linkingRecords && entityRecords > 0; i++) {
                final int record = linking[i];
                if (groupOfRecord[record] == group) {
                    continue;
                }
                for (int other = 0; other < entityRecords; other++) {
                    // weighed as the match weighs it: a key rule's link or the mailbox link decides over the model's score
                    final double weight = result.pairWeight(input.keys(record), entityKeys[other]);
                    if (weight > bestWeight) {
                        bestWeight = weight;
                        best = new int[] {record, ofEntity[other]};
                    }
                }
            }
            return best;
        }

        private boolean isNewInput(final int record) {
            return record < count && sources[record] != null && memberOf[record] == null;
        }

        /** The input record of a cluster with the strongest best pair: what linked its entities. */
        private int bridgeOf(final int cluster) {
            if (bridgeOfCluster == null) {
                bridgeOfCluster = new int[index.size()];
                Arrays.fill(bridgeOfCluster, -1);
                for (int record = 0; record < count; record++) {
                    final int bridge = bridgeOfCluster[result.cluster(record)];
                    if (isNew[record] && result.bestPartner(record) >= 0
                            && (bridge < 0 || result.bestProbability(record) > result.bestProbability(bridge))) {
                        bridgeOfCluster[result.cluster(record)] = record;
                    }
                }
            }
            return bridgeOfCluster[cluster];
        }

        private String goldenIdOfRecord(final int record, final String[] goldenIdOfCluster) {
            final String inCluster = goldenIdOfCluster[result.cluster(record)];
            if (inCluster != null) {
                return inCluster;
            }
            return record >= count ? referenceGoldenIds[record - count] : null;
        }

        /**
         * Matches the batch and its candidates; then, as the chaining guard would have had every record of the stored
         * customers a cluster joins been a candidate, weighs those records no block brought (read now, for the customers
         * of clusters that join two or more groups) against the cluster's records from outside their customer. Where one
         * contradicts such a record, its customer's unread records join the match (in the customer's group, with no
         * pairs: they share no block with the batch) and the batch is matched again, until no cluster holds a
         * contradiction the match did not see. A match without such a contradiction is the one all records would give:
         * records without pairs only add pairs for the guard to weigh; so the batch's pairs are scored once, and only
         * clustered again.
         */
        private MatchResult matchWholeEntities(final Set<Long> apart) {
            final List<TermFrequencies> frequencies = termFrequencies();
            final long population = population();
            Matcher.Scores scores = null;
            MatchResult matched;
            do {
                final MatchContext context = MatchContext.forInput(count)
                        .withGroups(groupsOfAllRecords(), apart.isEmpty() ? MatchContext.KeepApart.NONE : (left, right) -> apart.contains(pairKey(left, right)))
                        .withSettled(settledRecords())
                        .withStatistics(frequencies, population);
                if (scores == null) {
                    scores = matcher.score(index, context);
                }
                matched = matcher.cluster(scores, index, context);
            } while (addContradictingMembers(matched));
            return matched;
        }

        /**
         * Reads the unread records of the stored customers in clusters that join groups and adds to the index those of
         * every customer one of whose unread records contradicts a record of its cluster from outside the customer.
         *
         * @return whether any record was added (the batch must be matched again)
         */
        private boolean addContradictingMembers(final MatchResult matched) {
            // per root group, its cluster (the records of all the groups united under it are in one), or -1 without records
            final int[] clusterOfRoot = new int[entityOfGroup.size()];
            final boolean[] joining = joiningClusters(matched, clusterOfRoot);
            return joining != null && addContradictingMembers(matched, clusterOfRoot, joining);
        }

        /**
         * Per cluster, whether it joins groups (holds records of two root groups); null when none does. Fills in
         * {@code clusterOfRoot}. Kept apart from the rarely run rest of {@link #addContradictingMembers}: this loop over
         * every record is hot, the rest runs for a few clusters a batch and would otherwise be compiled with it (one method
         * of some 70 KB of machine code), recompiled whole whenever a branch the profile never saw is taken there.
         */
        private boolean[] joiningClusters(final MatchResult matched, final int[] clusterOfRoot) {
            final int total = index.size();
            // per cluster, the root group of its first grouped record, and whether it holds another
            final int[] groupOfCluster = new int[total];
            Arrays.fill(groupOfCluster, -1);
            final boolean[] joining = new boolean[total];
            Arrays.fill(clusterOfRoot, -1);
            boolean any = false;
            for (int record = 0; record < total; record++) {
                final int group = groupOfAnyRecord(record);
                if (group < 0) {
                    continue;
                }
                final int root = rootGroup(group);
                final int cluster = matched.cluster(record);
                clusterOfRoot[root] = cluster;
                if (groupOfCluster[cluster] < 0) {
                    groupOfCluster[cluster] = root;
                } else if (groupOfCluster[cluster] != root) {
                    joining[cluster] = true;
                    any = true;
                }
            }
            return any ? joining : null;
        }

        /** The stored customers (by golden id) whose root group is in a joining cluster, each with an empty set. */
        private Map<String, Set<Long>> joiningCustomers(final int[] clusterOfRoot, final boolean[] joining) {
            final Map<String, Set<Long>> readOf = new HashMap<>();
            for (int group = 0; group < storedGroups; group++) {
                final int cluster = clusterOfRoot[rootGroup(group)];
                if (cluster >= 0 && joining[cluster]) {
                    readOf.put(entityOfGroup.get(group), new HashSet<>());
                }
            }
            return readOf;
        }

        /** Adds the member id of each of these members whose customer is in {@code readOf} to that customer's set. */
        private static void addReadMembers(final Iterable<StoredMember> members, final Map<String, Set<Long>> readOf) {
            for (final StoredMember member : members) {
                final Set<Long> read = readOf.get(member.goldenId());
                if (read != null) {
                    read.add(member.memberId());
                }
            }
        }

        /** Per cluster of {@code clusters}, its records that are grouped (kept their keys), in record order. */
        private Map<Integer, List<Integer>> groupedRecordsOf(final MatchResult matched, final Set<Integer> clusters) {
            final Map<Integer, List<Integer>> recordsOfCluster = new HashMap<>();
            final int total = index.size();
            for (int record = 0; record < total; record++) {
                if (clusters.contains(matched.cluster(record)) && groupOfAnyRecord(record) >= 0) {
                    recordsOfCluster.computeIfAbsent(matched.cluster(record), unused -> new ArrayList<>()).add(record);
                }
            }
            return recordsOfCluster;
        }

        /** {@link #addContradictingMembers(MatchResult)} once some cluster joins groups. */
        private boolean addContradictingMembers(final MatchResult matched, final int[] clusterOfRoot, final boolean[] joining) {
            // the stored customers of joining clusters, and per customer the members read (known records, references):
            // also a customer a "same" decision or a carried golden id united with a record there, none of its own read
            final Map<String, Set<Long>> readOf = joiningCustomers(clusterOfRoot, joining);
            if (readOf.isEmpty()) {
                return false;
            }
            addReadMembers(known.values(), readOf);
            // the references by their groups: an array look-up each, not each one's golden id hashed and compared in readOf
            // (some 92,000 a batch); a reference's group is its customer's, numbered below the stored groups
            for (int reference = 0; reference < references.size(); reference++) {
                final int group = referenceGroupOf[reference];
                final int cluster = clusterOfRoot[rootGroup(group)];
                if (cluster >= 0 && joining[cluster]) {
                    readOf.get(entityOfGroup.get(group)).add(references.get(reference).memberId());
                }
            }
            final Set<String> unloaded = new HashSet<>(readOf.keySet());
            unloaded.removeAll(entities.keySet());
            loadEntities(unloaded);
            final List<String> toRead = new ArrayList<>();
            for (final Map.Entry<String, Set<Long>> entity : readOf.entrySet()) {
                final int members = entities.get(entity.getKey()).memberCount();
                if (!wholeMembers.containsKey(entity.getKey()) && entity.getValue().size() < members && members <= MAXIMUM_GUARDED_MEMBERS) {
                    toRead.add(entity.getKey());
                }
            }
            if (!toRead.isEmpty()) {
                wholeMembers.putAll(reads.findEntityMembers(toRead, fieldNames));
            }
            // per joining cluster, the unread records of its customers, and its records that kept their keys
            final Map<Integer, List<StoredMember>> unreadOfCluster = new HashMap<>();
            for (final Map.Entry<String, Set<Long>> entity : readOf.entrySet()) {
                final List<StoredMember> whole = wholeMembers.get(entity.getKey());
                if (whole == null) {
                    continue;
                }
                final int cluster = clusterOfRoot[rootGroup(groupOfEntity.indexOf(entity.getKey()))];
                for (final StoredMember member : whole) {
                    if (!entity.getValue().contains(member.memberId())) {
                        unreadOfCluster.computeIfAbsent(cluster, unused -> new ArrayList<>()).add(member);
                    }
                }
            }
            if (unreadOfCluster.isEmpty()) {
                return false;
            }
            final Map<Integer, List<Integer>> recordsOfCluster = groupedRecordsOf(matched, unreadOfCluster.keySet());
            final Set<String> contradicted = new LinkedHashSet<>();
            for (final Map.Entry<Integer, List<StoredMember>> cluster : unreadOfCluster.entrySet()) {
                // each record's keys and root group once: a stored record's keys are decoded anew on every request
                final List<Integer> records = recordsOfCluster.get(cluster.getKey());
                final String[][] recordKeys = new String[records.size()][];
                final int[] recordRoots = new int[records.size()];
                for (int r = 0; r < recordKeys.length; r++) {
                    recordKeys[r] = index.keys(records.get(r));
                    recordRoots[r] = rootGroup(groupOfAnyRecord(records.get(r)));
                }
                final List<StoredMember> unread = cluster.getValue();
                final String[][] unreadKeys = new String[unread.size()][];
                final int[] unreadRoots = new int[unread.size()];
                for (int u = 0; u < unreadKeys.length; u++) {
                    unreadKeys[u] = unread.get(u).keys();
                    unreadRoots[u] = rootGroup(groupOfEntity.indexOf(unread.get(u).goldenId()));
                }
                for (int u = 0; u < unreadKeys.length; u++) {
                    final String entity = unread.get(u).goldenId();
                    // a customer contradicted once joins the match whole: its other records need no weighing
                    for (int r = 0; r < recordKeys.length && !contradicted.contains(entity); r++) {
                        if (recordRoots[r] != unreadRoots[u] && matched.contradicts(unreadKeys[u], recordKeys[r])) {
                            contradicted.add(entity);
                        }
                    }
                    for (int other = u + 1; other < unreadKeys.length; other++) {
                        final String otherEntity = unread.get(other).goldenId();
                        if (unreadRoots[other] != unreadRoots[u] && !(contradicted.contains(entity) && contradicted.contains(otherEntity))
                                && matched.contradicts(unreadKeys[u], unreadKeys[other])) {
                            contradicted.add(entity);
                            contradicted.add(otherEntity);
                        }
                    }
                }
            }
            if (contradicted.isEmpty()) {
                return false;
            }
            int added = referenceGroupOf.length;
            referenceGroupOf = Arrays.copyOf(referenceGroupOf, added + unreadCount(contradicted, readOf));
            for (final String entity : contradicted) {
                final int group = groupOfEntity.indexOf(entity);
                final Set<Long> read = readOf.get(entity);
                for (final StoredMember member : wholeMembers.get(entity)) {
                    if (!read.contains(member.memberId())) {
                        index.addReference(member);
                        references.add(member);
                        referenceGroupOf[added++] = group;
                    }
                }
            }
            return true;
        }

        private int unreadCount(final Set<String> entityIds, final Map<String, Set<Long>> readOf) {
            int unread = 0;
            for (final String entity : entityIds) {
                for (final StoredMember member : wholeMembers.get(entity)) {
                    if (!readOf.get(entity).contains(member.memberId())) {
                        unread++;
                    }
                }
            }
            return unread;
        }

        /**
         * Lets go of the stored candidates once matched, keeping their golden ids, and the keys only of those that are
         * an input record's best pair or the other record it is held between ({@link MatchResult#tiedWith}), explained in
         * the output. The rest, most of what the batch read, would live on
         * through the plan, the write and the commit: the collector would copy them from young to old space as the
         * batch's oldest objects, and mark and reclaim them there, on every batch.
         */
        private void releaseReferences() {
            // a customer read whole for the chaining guard needs no read of its cross-references: its members are
            // remembered as they are (not one by one, each looked for among those remembered) and let go
            for (final Map.Entry<String, List<StoredMember>> whole : wholeMembers.entrySet()) {
                final List<ReadMember> members = new ArrayList<>(whole.getValue().size());
                for (final StoredMember member : whole.getValue()) {
                    members.add(new ReadMember(member.memberId(), member.source()));
                }
                readMembersOf.put(whole.getKey(), members);
            }
            wholeMembers.clear();
            for (final StoredMember member : known.values()) {
                rememberRead(member);
            }
            final boolean[] inputCluster = new boolean[index.size()];
            for (int record = 0; record < count; record++) {
                inputCluster[result.cluster(record)] = true;
            }
            referenceGoldenIds = new String[references.size()];
            for (int reference = 0; reference < referenceGoldenIds.length; reference++) {
                referenceGoldenIds[reference] = references.get(reference).goldenId();
                if (inputCluster[result.cluster(count + reference)]) {
                    rememberRead(references.get(reference));
                }
            }
            references.clear();
            final boolean[] explained = new boolean[referenceGoldenIds.length];
            for (int record = 0; record < count; record++) {
                explains(result.bestPartner(record), explained);
                explains(result.reviewPartner(record), explained);
                // a record held between two customers gives its pair with the other one's record too, and one held apart by a
                // rule the fields of the pair by which it was
                explains(result.tiedWith(record), explained);
                explains(result.heldApartFrom(record), explained);
                explains(result.heldApartAt(record), explained);
            }
            // the references in a cluster with a record of the batch keep their keys too: a merge is explained by them
            index.release(record -> record < count || explained[record - count] || inputCluster[result.cluster(record)]);
        }

        /** Marks a reference (by record number; an input record or -1 is no reference) as explaining a record of the batch. */
        private void explains(final int record, final boolean[] explained) {
            if (record >= count) {
                explained[record - count] = true;
            }
        }

        private void rememberRead(final StoredMember member) {
            final List<ReadMember> members = readMembersOf.computeIfAbsent(member.goldenId(), id -> new ArrayList<>(2));
            for (final ReadMember read : members) {
                if (read.memberId() == member.memberId()) {
                    return;
                }
            }
            members.add(new ReadMember(member.memberId(), member.source()));
        }

        private void planMember(final int record, final String goldenId, final boolean founder) {
            final SourceKey source = sources[record];
            final String[] keys = input.keys(record);
            final StoredMember member = memberOf[record];
            if (member == null) {
                final long[] listed = withOtherBlocks(listedBlocks(record, true), keys);
                changes.addMember(source, goldenId, JdbcEntityStore.encodeKeys(keys), listed);
                countTerms(keys, 1);
                count(shard(populationShards), 1);
                if (founder) {
                    changes.record(EventKind.CREATED, goldenId, null, source, null, null);
                } else if (linkOf(record) != null) {
                    changes.record(EventKind.LINKED, goldenId, null, source, null, CARRIED_GOLDEN_ID);
                } else {
                    changes.record(EventKind.LINKED, goldenId, null, source, result.bestProbability(record), result.explanation(record));
                }
                return;
            }
            changes.seeMember(member.memberId());
            final String[] storedKeys = member.keys();
            if (!Arrays.equals(storedKeys, keys)) {
                final long[] before = blockHashes(storedKeys, null);
                final long[] after = blockHashes[record];
                long[] left = difference(before, after);
                long[] joined = difference(listedBlocks(record, false), before);
                if (otherHasher != null) {
                    final long[] otherBefore = blocksOf(otherRules, otherHasher, storedKeys, false);
                    final long[] otherAfter = blocksOf(otherRules, otherHasher, keys, false);
                    left = concat(left, difference(otherBefore, otherAfter));
                    joined = concat(joined, difference(otherAfter, otherBefore));
                }
                changes.changeKeys(member.memberId(), JdbcEntityStore.encodeKeys(keys), left, joined, countedTerms(storedKeys));
                countTerms(storedKeys, -1);
                countTerms(keys, 1);
            }
        }

        /**
         * A new record's blocks with its blocks under the store's other rules its records are keyed under: all of them,
         * as keying the rule writes them, none read (the matcher does not find candidates by them).
         */
        private long[] withOtherBlocks(final long[] blocks, final String[] keys) {
            return otherHasher == null ? blocks : concat(blocks, blocksOf(otherRules, otherHasher, keys, false));
        }

        /**
         * The record's blocks whose members the store still lists: the others only count, and no longer need to. With
         * {@code observe}, those not yet observed are observed, in the record's order, in the same pass: each block's
         * entry is looked at once (a random read per block), not once to count, once to copy and once to observe.
         */
        private long[] listedBlocks(final int record, final boolean observe) {
            final long[] hashes = blockHashes[record];
            final int[] numbers = blockNumbers[record];
            if (listedRoom.length < hashes.length) {
                listedRoom = new long[hashes.length];
            }
            int size = 0;
            for (int i = 0; i < hashes.length; i++) {
                final int number = numbers[i];
                if (isListed(keyEntries[number])) {
                    listedRoom[size++] = hashes[i];
                    if (observe && !observed[number]) {
                        observed[number] = true;
                        observedBlocks.add(number);
                    }
                }
            }
            // one array of the right size (the record's hashes stay its own: the change keeps this one)
            return Arrays.copyOf(listedRoom, size);
        }

        /** The hashes of the blocks observed and the member count read for each, in the order first observed. */
        private void observeBlocks() {
            final long[] hashes = new long[observedBlocks.size()];
            final long[] counts = new long[observedBlocks.size()];
            for (int i = 0; i < observedBlocks.size(); i++) {
                final int number = observedBlocks.get(i);
                hashes[i] = blocks.value(number);
                counts[i] = keyEntries[number] == null ? 0 : keyEntries[number].count();
            }
            changes.observeBlocks(hashes, counts);
        }

        private void countTerms(final String[] keys, final int delta) {
            for (int slot = 0; slot < termFrequencyAdjusted.length; slot++) {
                if (termFrequencyAdjusted[slot] && keys[slot] != null) {
                    final int values = terms.valueHashes(slot, keys[slot]);
                    for (int i = 0; i < values; i++) {
                        count(terms.valueHash(i), delta);
                    }
                    count(shard(fieldTotalShards[slot]), delta);
                }
            }
        }

        /** The counted terms of a record's keys, a term held twice twice: what the counts hold for it. */
        private long[] countedTerms(final String[] keys) {
            long[] counted = new long[keys.length];
            int size = 0;
            for (int slot = 0; slot < termFrequencyAdjusted.length; slot++) {
                if (termFrequencyAdjusted[slot] && keys[slot] != null) {
                    final int values = terms.valueHashes(slot, keys[slot]);
                    if (size + values > counted.length) {
                        counted = Arrays.copyOf(counted, Math.max(size + values, counted.length * 2));
                    }
                    for (int i = 0; i < values; i++) {
                        counted[size++] = terms.valueHash(i);
                    }
                }
            }
            return size == counted.length ? counted : Arrays.copyOf(counted, size);
        }

        /** Adds to a counted key's delta, handed to the change when planning ends. */
        private void count(final long hash, final long delta) {
            final int number = countedKeys.add(hash);
            if (number == countedDeltas.length) {
                countedDeltas = Arrays.copyOf(countedDeltas, number * 2);
            }
            countedDeltas[number] += delta;
        }

        /**
         * The store changes of review decisions beyond the clustering: a split record moves to its new entity, entities
         * decided different are kept apart, and both are recorded in the history.
         */
        private void planDecisions() {
            for (int record = 0; record < count; record++) {
                final ReviewDecision decision = batch.decision(record);
                if (decision == null || sources[record] == null) {
                    continue;
                }
                final String candidate = reads.liveGoldenId(batch.decisionCandidate(record)).orElse(null);
                final String goldenId = goldenIdOf[record];
                if (candidate == null || goldenId == null) {
                    continue;
                }
                final StoredMember member = memberOf[record];
                if (decision == ReviewDecision.DIFFERENT) {
                    if (member != null && member.goldenId().equals(candidate) && !goldenId.equals(candidate)) {
                        changes.moveMember(member.memberId(), candidate, goldenId);
                        changes.expectEntity(candidate);
                        changes.record(EventKind.SPLIT, goldenId, candidate, sources[record], null, "decided: different");
                    }
                    if (!goldenId.equals(candidate)) {
                        changes.keepApart(goldenId, candidate);
                        changes.record(EventKind.KEPT_APART, goldenId, candidate, sources[record], null, "decided: different");
                    }
                }
            }
        }

        /**
         * Per entity of the output, per system, the id of its oldest record there: the survivor's own, then those of
         * the entities merged into it, then the new records.
         *
         * @param planned          the golden id of each cluster with a record of the batch
         * @param entitiesOfPlanned the stored entities of each of those clusters, the survivor first
         */
        private void readCrossReferences(final List<String> planned, final List<List<String>> entitiesOfPlanned) {
            final Set<String> stored = new HashSet<>();
            for (final List<String> clusterEntities : entitiesOfPlanned) {
                stored.addAll(clusterEntities);
            }
            // an entity whose members were all read already (as many as it counts) needs no read: most entities a batch
            // links records into are known through the one candidate that matched
            final Set<String> unread = new HashSet<>();
            final Map<String, Map<String, String>> storedReferences = new HashMap<>();
            for (final String entity : stored) {
                final List<ReadMember> members = readMembersOf.get(entity);
                if (members == null || members.size() != entities.get(entity).memberCount()) {
                    unread.add(entity);
                    continue;
                }
                // per system, the reference is the entity's oldest member there, as the store gives it
                final Map<String, ReadMember> oldest = new HashMap<>();
                for (final ReadMember member : members) {
                    oldest.merge(member.source().system(), member, (left, right) -> left.memberId() <= right.memberId() ? left : right);
                }
                final Map<String, String> references = new TreeMap<>();
                oldest.forEach((system, member) -> references.put(system, member.source().sourceId()));
                storedReferences.put(entity, references);
            }
            storedReferences.putAll(reads.crossReferences(unread));
            for (int cluster = 0; cluster < planned.size(); cluster++) {
                final Map<String, String> references = new TreeMap<>();
                for (final String entity : entitiesOfPlanned.get(cluster)) {
                    storedReferences.getOrDefault(entity, Map.of()).forEach(references::putIfAbsent);
                }
                crossReferences.put(planned.get(cluster), references);
            }
            for (int record = 0; record < count; record++) {
                if (goldenIdOf[record] != null) {
                    crossReferences.computeIfAbsent(goldenIdOf[record], id -> new TreeMap<>())
                            .putIfAbsent(sources[record].system(), sources[record].sourceId());
                }
            }
        }

        private Resolution resolution(final PendingWrite write, final int attempts, final RuleKeying keying) {
            final List<Map<String, String>> references = new ArrayList<>(count);
            for (int record = 0; record < count; record++) {
                references.add(goldenIdOf[record] == null ? Map.of() : crossReferences.getOrDefault(goldenIdOf[record], Map.of()));
            }
            return new Resolution(result, goldenIdOf, statusOf, outcomeOf, candidateOf, otherCandidateOf, references, write, newEntityCount, mergeCount, attempts,
                    keying, linkOf, partlyReadNotes());
        }

        /**
         * Per record that was not matched and was in a stored block read in part, what its explanation adds: that block's
         * customers, but its oldest record, were never compared with it; null when no such record.
         */
        private String[] partlyReadNotes() {
            String[] notes = null;
            // records read in part under the same passes share one note: a batch has a few such sets, and thousands of records
            Map<BitSet, String> noteOfRules = null;
            for (int record = 0; record < count; record++) {
                final BitSet partlyRead = outcomeOf[record] == MatchOutcome.MATCHED ? null : partlyReadRulesOf(record);
                if (partlyRead != null) {
                    if (notes == null) {
                        notes = new String[count];
                        noteOfRules = new HashMap<>();
                    }
                    notes[record] = noteOfRules.computeIfAbsent(partlyRead,
                            rules -> PARTLY_READ + String.join(", ", rules.stream().mapToObj(ruleNames::get).toList()) + ")");
                }
            }
            return notes;
        }

        /** The rules of the blocks a record was in that were read in part, or null when none was. */
        private BitSet partlyReadRulesOf(final int record) {
            final int from = record * ruleWords;
            for (int word = from; word < from + ruleWords; word++) {
                if (partlyReadRules[word] != 0) {
                    return BitSet.valueOf(Arrays.copyOfRange(partlyReadRules, from, from + ruleWords));
                }
            }
            return null;
        }
    }

    /**
     * How a part of a read takes its ids: those of {@code ids} from {@code from} to {@code to}, in an array the read may
     * keep (a copy, or the ids themselves when they are all of them and the caller's to give).
     */
    @FunctionalInterface
    private interface Slicer {
        long[] of(long[] ids, int from, int to);
    }

    /** A stored member an attempt read: its number and source key, what its entity's cross-references are made of. */
    private record ReadMember(long memberId, SourceKey source) {
    }

    /** Whether the store lists the members of a block (or would, for one it has no entry or count for yet). */
    private static boolean isListed(final KeyEntry entry) {
        return entry == null || entry.count() < EntityStore.MAXIMUM_LISTED_BLOCK && entry.listed() || entry.count() == 0;
    }

    private static long shard(final long[] shards) {
        return shards[ThreadLocalRandom.current().nextInt(shards.length)];
    }

    /** The sum of the counts of {@code length} entries from {@code start} (a counter's shards, read together). */
    private static long sum(final KeyEntry[] entries, final int start, final int length) {
        long total = 0;
        for (int i = start; i < start + length; i++) {
            if (entries[i] != null) {
                total += entries[i].count();
            }
        }
        return total;
    }

    private static boolean hasAnyKey(final String[] keys) {
        for (final String key : keys) {
            if (key != null) {
                return true;
            }
        }
        return false;
    }

    /** The values of a comparison key (several where a record holds several, e.g. a phone and a mobile), each counted. */
    static List<String> values(final String key) {
        return key.indexOf(Comparison.VALUE_SEPARATOR) < 0 ? List.of(key) : List.of(key.split(String.valueOf(Comparison.VALUE_SEPARATOR)));
    }

    private static long[] concat(final long[] first, final long[] second) {
        if (second.length == 0) {
            return first;
        }
        final long[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static long[] difference(final long[] from, final long[] without) {
        final Set<Long> excluded = new HashSet<>();
        for (final long value : without) {
            excluded.add(value);
        }
        return Arrays.stream(from).filter(value -> !excluded.contains(value)).toArray();
    }

    private static Collection<SourceKey> distinct(final SourceKey[] keys) {
        final Set<SourceKey> distinct = new LinkedHashSet<>();
        for (final SourceKey key : keys) {
            if (key != null) {
                distinct.add(key);
            }
        }
        return distinct;
    }

    /** An entity read moments ago was merged away before the next read: the attempt starts over. */
    private static final class ConflictDuringRead extends RuntimeException {
        private ConflictDuringRead() {
            super("An entity was merged while the store was being read", null, false, false);
        }
    }
}
