package dev.nificrm.store;

import dev.nificrm.match.BlockingRule;
import dev.nificrm.match.CandidateIndex;
import dev.nificrm.match.Comparison;
import dev.nificrm.match.MatchContext;
import dev.nificrm.match.MatchField;
import dev.nificrm.match.MatchOutcome;
import dev.nificrm.match.MatchResult;
import dev.nificrm.match.Matcher;
import dev.nificrm.match.ReferenceCandidateIndex;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
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
    private static final String POPULATION = "population";
    private static final String FIELD_TOTAL = "total:";
    /** Stored candidate pairs a blocking pass may add per record searched. */
    private static final long STORED_PAIRS_PER_RECORD_PER_PASS = 1;
    /** Candidate pairs a blocking pass may add however few records a batch has: among stored ones, and in the batch itself. */
    public static final long MINIMUM_PAIRS_PER_PASS = 10_000;

    private final Matcher matcher;
    private final EntityStore store;
    private final boolean matchInputPairs;
    private final boolean matchStored;
    private final int maximumBlockSize;
    private final List<String> fieldNames;
    private final List<BlockingRule> rules;
    private final boolean[] termFrequencyAdjusted;
    private final Supplier<String> goldenIds;
    /** The shards of the population counter and, per field, of its counted values' total: hashed once, not per record. */
    private final long[] populationShards;
    private final long[][] fieldTotalShards;

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
        this.matcher = matcher;
        this.store = store;
        this.matchInputPairs = matchInputPairs;
        this.matchStored = matchStored;
        this.maximumBlockSize = Math.min(maximumBlockSize, EntityStore.MAXIMUM_LISTED_BLOCK);
        this.fieldNames = matcher.getFields().stream().map(MatchField::name).toList();
        this.rules = matcher.getBlockingRules();
        this.termFrequencyAdjusted = matcher.termFrequencyAdjusted();
        this.goldenIds = goldenIds;
        this.populationShards = KeyHash.counter(POPULATION);
        this.fieldTotalShards = new long[fieldNames.size()][];
        for (int slot = 0; slot < fieldNames.size(); slot++) {
            fieldTotalShards[slot] = KeyHash.counter(FIELD_TOTAL + fieldNames.get(slot));
        }
    }

    /**
     * Resolves the records of a batch: reads, matches and writes the change pending, retrying from the first read when
     * a concurrent writer got in between. The caller commits or rolls back {@link Resolution#pendingWrite()}.
     */
    public Resolution resolve(final EntityBatch batch) {
        return OptimisticRetry.run("the same customers", attempt -> {
            final Attempt planned;
            try {
                planned = new Attempt(batch);
            } catch (final ConflictDuringRead e) {
                throw new StoreConflictException(e.getMessage());
            }
            return planned.resolution(store.write(planned.changes), attempt);
        });
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
        private final CandidateIndex input;
        private final int count;
        private final ChangeSet changes;
        private final SourceKey[] sources;
        private final Map<SourceKey, StoredMember> known;
        private final Map<String, StoredEntity> entities = new HashMap<>();
        /** The golden ids read from the store (members' entities, decisions' candidates), as opposed to planned ones. */
        private final Set<String> storedEntityIds = new HashSet<>();
        private final Map<String, Integer> groupOfEntity = new HashMap<>();
        private final List<String> entityOfGroup = new ArrayList<>();
        private final int[] groupOfRecord;
        private final Map<Long, KeyEntry> keyEntries;
        private final long[][] blockHashes;
        /** Per record, per block hash, the index of its blocking rule. */
        private final int[][] blockRules;
        private final ReferenceCandidateIndex index;
        private final List<StoredMember> references = new ArrayList<>();
        private final List<int[]> keptApartGroups = new ArrayList<>();
        /** Per reference record (numbered from 0 here, from {@code count} in the index), the group of its entity. */
        private int[] referenceGroupOf = new int[0];
        private final Map<Integer, Integer> unitedGroups = new HashMap<>();
        private final Map<SourceKey, Integer> firstRecordOfSource = new HashMap<>();
        private final Map<Integer, Integer> founderOfCluster = new HashMap<>();
        /** Per root group, the groups a decision united under it; built on first need. */
        private Map<Integer, List<Integer>> groupsOfRoot;
        private final MatchResult result;
        private final String[] goldenIdOf;
        private final EntityStatus[] statusOf;
        private final MatchOutcome[] outcomeOf;
        private final String[] candidateOf;
        private final Map<String, Map<String, String>> crossReferences = new HashMap<>();
        /** Per field, the hash of each of the batch's values whose frequency is counted: hashed once for reading and counting. */
        private final List<Map<String, Long>> termHashes = new ArrayList<>();
        private int newEntityCount;
        private int mergeCount;

        private Attempt(final EntityBatch batch) {
            this.batch = batch;
            this.input = batch.index();
            this.count = batch.size();
            this.changes = new ChangeSet(store.layout(fieldNames), store.readMark());
            for (int slot = 0; slot < fieldNames.size(); slot++) {
                termHashes.add(new HashMap<>());
            }
            this.sources = sourceKeys();
            this.known = store.findMembers(distinct(sources), fieldNames);

            blockHashes = new long[count][];
            blockRules = new int[count][];
            final List<long[]> hashes = new ArrayList<>(count + known.size());
            for (int record = 0; record < count; record++) {
                if (sources[record] != null) {
                    final int[] ruleOfHash = new int[rules.size()];
                    blockHashes[record] = blockHashes(input.keys(record), ruleOfHash);
                    blockRules[record] = Arrays.copyOf(ruleOfHash, blockHashes[record].length);
                    hashes.add(blockHashes[record]);
                }
            }
            for (final StoredMember member : known.values()) {
                hashes.add(blockHashes(member.keys(), null));
            }
            keyEntries = store.findKeys(distinctSorted(hashes));

            index = new ReferenceCandidateIndex(input, matchInputPairs);
            groupOfRecord = new int[count];
            Arrays.fill(groupOfRecord, -1);
            final Map<Long, Integer> referenceOfMember = addReferences();
            registerEntities();
            groupRecords(referenceOfMember);

            final Set<Long> apart = new HashSet<>();
            for (final int[] pair : keptApartGroups) {
                apart.add(pairKey(rootGroup(pair[0]), rootGroup(pair[1])));
            }
            result = matcher.match(index, MatchContext.forInput(count)
                    .withGroups(groupsOfAllRecords(), (left, right) -> apart.contains(pairKey(left, right)))
                    .withSettled(settledRecords())
                    .withStatistics(termFrequencies(), population()));

            goldenIdOf = new String[count];
            statusOf = new EntityStatus[count];
            outcomeOf = new MatchOutcome[count];
            candidateOf = new String[count];
            plan();
        }

        // ------------------------------------------------------------ reading

        private SourceKey[] sourceKeys() {
            final SourceKey[] keys = new SourceKey[count];
            final Map<String, Integer> occurrences = new HashMap<>();
            for (int record = 0; record < count; record++) {
                final String sourceId = batch.sourceId(record);
                if (sourceId != null) {
                    keys[record] = new SourceKey(batch.system(), sourceId);
                } else if (hasAnyKey(input.keys(record))) {
                    final String content = contentId(input.keys(record), 1);
                    keys[record] = new SourceKey(batch.system(), contentId(input.keys(record), occurrences.merge(content, 1, Integer::sum)));
                }
                if (keys[record] != null) {
                    firstRecordOfSource.putIfAbsent(keys[record], record);
                }
            }
            return keys;
        }

        /** The hashes of a record's blocking keys; when asked, the index of each one's rule goes to {@code ruleOfHash}. */
        private long[] blockHashes(final String[] keys, final int[] ruleOfHash) {
            final long[] hashes = new long[rules.size()];
            int size = 0;
            for (int rule = 0; rule < rules.size(); rule++) {
                final String key = rules.get(rule).key(keys);
                if (key != null) {
                    if (ruleOfHash != null) {
                        ruleOfHash[size] = rule;
                    }
                    hashes[size++] = KeyHash.block(rules.get(rule).getName(), key);
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
        private long[] storedBlockLimits(final List<Integer> searching) {
            final long budget = Math.max(MINIMUM_PAIRS_PER_PASS, STORED_PAIRS_PER_RECORD_PER_PASS * (long) searching.size());
            final long[] limits = new long[rules.size()];
            final List<List<Long>> sizesOfRule = new ArrayList<>(rules.size());
            for (int rule = 0; rule < rules.size(); rule++) {
                sizesOfRule.add(new ArrayList<>());
            }
            for (final int record : searching) {
                for (int i = 0; i < blockHashes[record].length; i++) {
                    final KeyEntry entry = keyEntries.get(blockHashes[record][i]);
                    if (entry != null && entry.memberIds() != null && entry.count() <= maximumBlockSize) {
                        sizesOfRule.get(blockRules[record][i]).add(entry.count());
                    }
                }
            }
            for (int rule = 0; rule < rules.size(); rule++) {
                final List<Long> sizes = sizesOfRule.get(rule);
                sizes.sort(null);
                // blocks of one size are all read or none: equal blocks are treated alike
                long spent = 0;
                int from = 0;
                while (from < sizes.size()) {
                    final long size = sizes.get(from);
                    int to = from;
                    while (to < sizes.size() && sizes.get(to) == size) {
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
         * Adds to the index every stored member that shares a usable block with a record that is not yet known, and a
         * candidate pair for each; returns the reference number of each member read.
         */
        private Map<Long, Integer> addReferences() {
            final Map<Long, Integer> inputOfMember = new HashMap<>();
            for (int record = 0; record < count; record++) {
                final StoredMember member = sources[record] == null ? null : known.get(sources[record]);
                if (member != null) {
                    inputOfMember.putIfAbsent(member.memberId(), record);
                }
            }
            final Map<Long, Integer> referenceOfMember = new HashMap<>();
            if (!matchStored) {
                return referenceOfMember;
            }
            final List<Integer> searching = new ArrayList<>();
            for (int record = 0; record < count; record++) {
                if (sources[record] != null && !known.containsKey(sources[record]) && batch.decision(record) == null) {
                    searching.add(record);
                }
            }
            final long[] limits = storedBlockLimits(searching);
            final Map<Integer, long[]> candidatesOfRecord = new LinkedHashMap<>();
            final Set<Long> wanted = new LinkedHashSet<>();
            for (final int record : searching) {
                final Set<Long> members = new LinkedHashSet<>();
                for (int i = 0; i < blockHashes[record].length; i++) {
                    final KeyEntry entry = keyEntries.get(blockHashes[record][i]);
                    if (entry != null && entry.memberIds() != null && entry.count() <= limits[blockRules[record][i]]) {
                        for (final long memberId : entry.memberIds()) {
                            if (!inputOfMember.containsKey(memberId)) {
                                members.add(memberId);
                            }
                        }
                    }
                }
                if (!members.isEmpty()) {
                    candidatesOfRecord.put(record, toArray(members));
                    wanted.addAll(members);
                }
            }
            final Map<Long, StoredMember> read = store.findMembersById(toArray(wanted), fieldNames);
            for (final Map.Entry<Integer, long[]> candidates : candidatesOfRecord.entrySet()) {
                for (final long memberId : candidates.getValue()) {
                    final StoredMember member = read.get(memberId);
                    if (member == null) {
                        continue;
                    }
                    Integer reference = referenceOfMember.get(memberId);
                    if (reference == null) {
                        reference = index.add(member.keys());
                        referenceOfMember.put(memberId, reference);
                        references.add(member);
                    }
                    index.addPair(candidates.getKey(), reference);
                }
            }
            return referenceOfMember;
        }

        /**
         * Gives the entities of the known members, the references and the decisions' candidates a group each and reads
         * the decisions that keep any of them apart. The entities themselves are read after matching, and only those a
         * cluster with a record of the batch holds: most stored candidates match nothing and are never needed.
         */
        private void registerEntities() {
            final Set<String> ids = new LinkedHashSet<>();
            for (final StoredMember member : known.values()) {
                ids.add(member.goldenId());
            }
            for (final StoredMember member : references) {
                ids.add(member.goldenId());
            }
            for (int record = 0; record < count; record++) {
                if (batch.decision(record) != null) {
                    store.liveGoldenId(batch.decisionCandidate(record)).ifPresent(ids::add);
                }
            }
            for (final String id : ids) {
                storedEntityIds.add(id);
                groupOf(id);
            }
            for (final EntityPair pair : store.findKeptApart(ids)) {
                if (groupOfEntity.containsKey(pair.first()) && groupOfEntity.containsKey(pair.second())) {
                    keepApart(groupOfEntity.get(pair.first()), groupOfEntity.get(pair.second()));
                }
            }
        }

        /**
         * Reads the stored entities of these clusters; one merged away since its member was read means the reads no
         * longer agree: everything is read again.
         */
        private void loadEntities(final Map<Integer, Set<Integer>> groupsOfCluster) {
            final Set<String> ids = new LinkedHashSet<>();
            for (final Set<Integer> groups : groupsOfCluster.values()) {
                for (final int group : unitedInto(groups)) {
                    final String id = entityOfGroup.get(group);
                    if (storedEntityIds.contains(id)) {
                        ids.add(id);
                    }
                }
            }
            entities.putAll(store.findEntities(ids));
            for (final String id : ids) {
                if (!entities.containsKey(id)) {
                    throw new ConflictDuringRead();
                }
            }
        }

        private int groupOf(final String goldenId) {
            Integer group = groupOfEntity.get(goldenId);
            if (group == null) {
                group = entityOfGroup.size();
                groupOfEntity.put(goldenId, group);
                entityOfGroup.add(goldenId);
            }
            return group;
        }

        /**
         * Puts every record in its group: known records in their entity's, records sharing a source key in one of their
         * own, and applies review decisions: "same" puts the record's entity and the candidate in one group, "different"
         * keeps them apart (splitting the record out when it was linked to the candidate).
         */
        private void groupRecords(final Map<Long, Integer> referenceOfMember) {
            final Map<SourceKey, Integer> groupOfNewSource = new HashMap<>();
            for (int record = 0; record < count; record++) {
                final SourceKey source = sources[record];
                if (source == null) {
                    continue;
                }
                final StoredMember member = known.get(source);
                final ReviewDecision decision = batch.decision(record);
                final String candidate = decision == null ? null : store.liveGoldenId(batch.decisionCandidate(record)).orElse(null);
                final Integer candidateGroup = candidate == null ? null : groupOfEntity.get(candidate);
                if (decision == ReviewDecision.DIFFERENT && member != null && member.goldenId().equals(candidate)) {
                    // split: the record leaves the candidate entity for a new one of its own
                    final int group = groupOfNewSource.computeIfAbsent(source, key -> groupOf("split:" + key));
                    groupOfRecord[record] = group;
                    keepApart(group, candidateGroup);
                    continue;
                }
                final int group = member != null ? groupOfEntity.get(member.goldenId())
                        : groupOfNewSource.computeIfAbsent(source, key -> groupOf("new:" + key));
                groupOfRecord[record] = group;
                if (candidateGroup != null && decision == ReviewDecision.SAME) {
                    unite(group, candidateGroup);
                } else if (candidateGroup != null) {
                    keepApart(groupOfRecord[record], candidateGroup);
                }
            }
            referenceGroupOf = new int[references.size()];
            for (final Map.Entry<Long, Integer> reference : referenceOfMember.entrySet()) {
                referenceGroupOf[reference.getValue() - count] = groupOfEntity.get(references.get(reference.getValue() - count).goldenId());
            }
        }

        private void unite(final int group, final int other) {
            final int root = rootGroup(group);
            final int otherRoot = rootGroup(other);
            if (root != otherRoot) {
                unitedGroups.put(Math.max(root, otherRoot), Math.min(root, otherRoot));
            }
        }

        private int rootGroup(final int group) {
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
                final StoredMember member = sources[record] == null ? null : known.get(sources[record]);
                if (member != null && groupOfRecord[record] >= 0 && groupOfRecord[record] == groupOfEntity.get(member.goldenId())) {
                    settled.set(record);
                }
            }
            settled.set(count, count + references.size());
            return settled;
        }

        private int[] groupsOfAllRecords() {
            final int[] groups = new int[index.size()];
            for (int record = 0; record < groups.length; record++) {
                final int group = record < count ? groupOfRecord[record] : referenceGroupOf[record - count];
                groups[record] = group < 0 ? -1 : rootGroup(group);
            }
            return groups;
        }

        /** The stored frequencies of the input's values plus the input's new records, per adjusted comparison. */
        private List<TermFrequencies> termFrequencies() {
            final List<TermFrequencies> frequencies = matcher.newTermFrequencies();
            final List<Long> hashes = new ArrayList<>();
            final List<String> values = new ArrayList<>();
            final List<Integer> slots = new ArrayList<>();
            for (int slot = 0; slot < termFrequencyAdjusted.length; slot++) {
                if (!termFrequencyAdjusted[slot]) {
                    continue;
                }
                final Map<String, Long> seen = termHashes.get(slot);
                for (int record = 0; record < count; record++) {
                    final String key = input.keys(record)[slot];
                    if (key == null) {
                        continue;
                    }
                    if (isNew(record)) {
                        frequencies.get(slot).add(key);
                    }
                    for (final String value : values(key)) {
                        if (!seen.containsKey(value)) {
                            final long hash = KeyHash.term(fieldNames.get(slot), value);
                            seen.put(value, hash);
                            hashes.add(hash);
                            values.add(value);
                            slots.add(slot);
                        }
                    }
                }
            }
            // the shards of the field totals after every value: the first values.size() hashes are the values'
            for (int slot = 0; slot < termFrequencyAdjusted.length; slot++) {
                if (termFrequencyAdjusted[slot]) {
                    for (final long shard : fieldTotalShards[slot]) {
                        hashes.add(shard);
                    }
                }
            }
            final Map<Long, KeyEntry> counts = store.findKeys(toArray(hashes));
            for (int i = 0; i < values.size(); i++) {
                final KeyEntry entry = counts.get(hashes.get(i));
                if (entry != null) {
                    frequencies.get(slots.get(i)).addCount(values.get(i), entry.count());
                }
            }
            for (int slot = 0; slot < termFrequencyAdjusted.length; slot++) {
                if (termFrequencyAdjusted[slot]) {
                    frequencies.get(slot).addRecords(sum(counts, fieldTotalShards[slot]));
                }
            }
            return frequencies;
        }

        private long population() {
            long newRecords = 0;
            for (int record = 0; record < count; record++) {
                if (isNew(record)) {
                    newRecords++;
                }
            }
            return sum(store.findKeys(populationShards), populationShards) + newRecords;
        }

        /** Whether the record is the first of a source the store does not know yet. */
        private boolean isNew(final int record) {
            return sources[record] != null && !known.containsKey(sources[record]) && firstOfSource(record);
        }

        private boolean firstOfSource(final int record) {
            return firstRecordOfSource.get(sources[record]) == record;
        }

        // ------------------------------------------------------------ planning

        private void plan() {
            final int total = index.size();
            // only clusters holding a record of the batch change anything; stored candidates alone stay as they are
            final Set<Integer> inputClusters = new HashSet<>();
            for (int record = 0; record < count; record++) {
                if (sources[record] != null) {
                    inputClusters.add(result.cluster(record));
                }
            }
            final Map<Integer, Set<Integer>> groupsOfCluster = new HashMap<>();
            final Map<Integer, Integer> newSourcesOfCluster = new HashMap<>();
            final Set<Integer> decidedSame = new HashSet<>();
            for (int record = 0; record < total; record++) {
                final int cluster = result.cluster(record);
                if (!inputClusters.contains(cluster)) {
                    continue;
                }
                final int group = record < count ? groupOfRecord[record] : referenceGroupOf[record - count];
                if (group >= 0) {
                    groupsOfCluster.computeIfAbsent(cluster, key -> new LinkedHashSet<>()).add(group);
                }
                if (record < count && isNew(record)) {
                    newSourcesOfCluster.merge(cluster, 1, Integer::sum);
                }
                if (record < count && batch.decision(record) == ReviewDecision.SAME) {
                    decidedSame.add(cluster);
                }
            }
            // every record's decision-united entities are in its cluster's groups already (one root group)
            loadEntities(groupsOfCluster);
            final Map<Integer, String> goldenIdOfCluster = new HashMap<>();
            final Map<Integer, Boolean> createdCluster = new HashMap<>();
            final Map<Integer, Integer> membersOfCluster = new HashMap<>();
            final Map<Integer, List<String>> entitiesOfCluster = new HashMap<>();
            for (int record = 0; record < count; record++) {
                if (sources[record] == null) {
                    continue;
                }
                final int cluster = result.cluster(record);
                if (goldenIdOfCluster.containsKey(cluster)) {
                    continue;
                }
                final List<String> clusterEntities = new ArrayList<>();
                for (final int group : unitedInto(groupsOfCluster.getOrDefault(cluster, Set.of()))) {
                    if (entities.containsKey(entityOfGroup.get(group))) {
                        clusterEntities.add(entityOfGroup.get(group));
                    }
                }
                int members = newSourcesOfCluster.getOrDefault(cluster, 0);
                if (clusterEntities.isEmpty()) {
                    final String goldenId = goldenIds.get();
                    goldenIdOfCluster.put(cluster, goldenId);
                    createdCluster.put(cluster, true);
                    changes.createEntity(goldenId);
                    newEntityCount++;
                } else {
                    clusterEntities.sort((left, right) -> Long.compare(entities.get(left).createdSeq(), entities.get(right).createdSeq()));
                    final String survivor = clusterEntities.getFirst();
                    goldenIdOfCluster.put(cluster, survivor);
                    createdCluster.put(cluster, false);
                    for (final String entity : clusterEntities) {
                        changes.expectEntity(entity);
                        members += entities.get(entity).memberCount();
                    }
                    for (final String loser : clusterEntities.subList(1, clusterEntities.size())) {
                        changes.mergeEntities(loser, survivor);
                        final boolean decided = decidedSame.contains(cluster);
                        final int bridge = decided ? -1 : bridgeOf(cluster);
                        changes.record(EventKind.MERGED, survivor, loser, bridge < 0 ? null : sources[bridge],
                                bridge < 0 ? null : result.bestProbability(bridge),
                                decided ? "decided: same" : bridge < 0 ? "linked through records of both entities" : result.explanation(bridge));
                        mergeCount++;
                    }
                }
                membersOfCluster.put(cluster, members);
                entitiesOfCluster.put(cluster, clusterEntities);
            }

            final Set<SourceKey> written = new HashSet<>();
            for (int record = 0; record < count; record++) {
                final SourceKey source = sources[record];
                if (source == null) {
                    statusOf[record] = EntityStatus.UNIDENTIFIED;
                    outcomeOf[record] = MatchOutcome.UNMATCHED;
                    continue;
                }
                final int cluster = result.cluster(record);
                final String goldenId = goldenIdOfCluster.get(cluster);
                goldenIdOf[record] = goldenId;
                statusOf[record] = createdCluster.get(cluster) ? EntityStatus.NEW : EntityStatus.EXISTING;
                if (membersOfCluster.get(cluster) >= 2) {
                    outcomeOf[record] = MatchOutcome.MATCHED;
                } else if (result.outcome(record) == MatchOutcome.REVIEW) {
                    outcomeOf[record] = MatchOutcome.REVIEW;
                    final int partner = result.bestPartner(record);
                    candidateOf[record] = partner < 0 ? null : goldenIdOfRecord(partner, goldenIdOfCluster);
                } else {
                    outcomeOf[record] = MatchOutcome.UNMATCHED;
                }
                if (written.add(source)) {
                    planMember(record, goldenId, createdCluster.get(cluster) && isFounder(record, cluster));
                }
            }
            planDecisions();
            readCrossReferences(goldenIdOfCluster, entitiesOfCluster);
        }

        /** The groups united with any of these by a "same" decision (just these when no decision united any). */
        private Set<Integer> unitedInto(final Set<Integer> groups) {
            if (unitedGroups.isEmpty()) {
                return groups;
            }
            if (groupsOfRoot == null) {
                groupsOfRoot = new HashMap<>();
                for (int group = 0; group < entityOfGroup.size(); group++) {
                    groupsOfRoot.computeIfAbsent(rootGroup(group), root -> new ArrayList<>()).add(group);
                }
            }
            final Set<Integer> united = new LinkedHashSet<>();
            for (final int group : groups) {
                united.addAll(groupsOfRoot.getOrDefault(rootGroup(group), List.of(group)));
            }
            return united;
        }

        private boolean isFounder(final int record, final int cluster) {
            return founderOfCluster.computeIfAbsent(cluster, key -> record) == record;
        }

        /** The input record of a cluster with the strongest best pair: what linked its entities. */
        private int bridgeOf(final int cluster) {
            int bridge = -1;
            for (int record = 0; record < count; record++) {
                if (result.cluster(record) == cluster && isNew(record) && result.bestPartner(record) >= 0
                        && (bridge < 0 || result.bestProbability(record) > result.bestProbability(bridge))) {
                    bridge = record;
                }
            }
            return bridge;
        }

        private String goldenIdOfRecord(final int record, final Map<Integer, String> goldenIdOfCluster) {
            final String inCluster = goldenIdOfCluster.get(result.cluster(record));
            if (inCluster != null) {
                return inCluster;
            }
            return record >= count ? references.get(record - count).goldenId() : null;
        }

        private void planMember(final int record, final String goldenId, final boolean founder) {
            final SourceKey source = sources[record];
            final String[] keys = input.keys(record);
            final StoredMember member = known.get(source);
            if (member == null) {
                final long[] blocks = listedBlocks(blockHashes[record]);
                for (final long block : blocks) {
                    final KeyEntry entry = keyEntries.get(block);
                    changes.observeBlock(block, entry == null ? 0 : entry.count());
                }
                changes.addMember(source, goldenId, JdbcEntityStore.encodeKeys(keys), blocks);
                countTerms(keys, 1);
                changes.count(shard(populationShards), 1);
                if (founder) {
                    changes.record(EventKind.CREATED, goldenId, null, source, null, null);
                } else {
                    changes.record(EventKind.LINKED, goldenId, null, source, result.bestProbability(record), result.explanation(record));
                }
                return;
            }
            changes.seeMember(member.memberId());
            if (!Arrays.equals(member.keys(), keys)) {
                final long[] before = blockHashes(member.keys(), null);
                final long[] after = blockHashes[record];
                changes.changeKeys(member.memberId(), JdbcEntityStore.encodeKeys(keys), difference(before, after),
                        difference(listedBlocks(after), before));
                countTerms(member.keys(), -1);
                countTerms(keys, 1);
            }
        }

        /** The blocks whose members the store still lists: the others only count, and no longer need to. */
        private long[] listedBlocks(final long[] blocks) {
            final long[] listed = new long[blocks.length];
            int size = 0;
            for (final long block : blocks) {
                final KeyEntry entry = keyEntries.get(block);
                if (entry == null || entry.count() < EntityStore.MAXIMUM_LISTED_BLOCK && entry.memberIds() != null
                        || entry.count() == 0) {
                    listed[size++] = block;
                }
            }
            return Arrays.copyOf(listed, size);
        }

        private void countTerms(final String[] keys, final int delta) {
            for (int slot = 0; slot < termFrequencyAdjusted.length; slot++) {
                if (termFrequencyAdjusted[slot] && keys[slot] != null) {
                    for (final String value : values(keys[slot])) {
                        final Long hash = termHashes.get(slot).get(value);
                        changes.count(hash != null ? hash : KeyHash.term(fieldNames.get(slot), value), delta);
                    }
                    changes.count(shard(fieldTotalShards[slot]), delta);
                }
            }
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
                final String candidate = store.liveGoldenId(batch.decisionCandidate(record)).orElse(null);
                final String goldenId = goldenIdOf[record];
                if (candidate == null || goldenId == null) {
                    continue;
                }
                final StoredMember member = known.get(sources[record]);
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
         */
        private void readCrossReferences(final Map<Integer, String> goldenIdOfCluster, final Map<Integer, List<String>> entitiesOfCluster) {
            final Set<String> stored = new HashSet<>();
            for (final List<String> clusterEntities : entitiesOfCluster.values()) {
                stored.addAll(clusterEntities);
            }
            final Map<String, Map<String, String>> storedReferences = store.crossReferences(stored);
            for (final Map.Entry<Integer, List<String>> cluster : entitiesOfCluster.entrySet()) {
                final Map<String, String> references = new java.util.TreeMap<>();
                for (final String entity : cluster.getValue()) {
                    storedReferences.getOrDefault(entity, Map.of()).forEach(references::putIfAbsent);
                }
                crossReferences.put(goldenIdOfCluster.get(cluster.getKey()), references);
            }
            for (int record = 0; record < count; record++) {
                if (goldenIdOf[record] != null) {
                    crossReferences.computeIfAbsent(goldenIdOf[record], id -> new java.util.TreeMap<>())
                            .putIfAbsent(sources[record].system(), sources[record].sourceId());
                }
            }
        }

        private Resolution resolution(final PendingWrite write, final int attempts) {
            final List<Map<String, String>> references = new ArrayList<>(count);
            for (int record = 0; record < count; record++) {
                references.add(goldenIdOf[record] == null ? Map.of() : crossReferences.getOrDefault(goldenIdOf[record], Map.of()));
            }
            return new Resolution(result, goldenIdOf, statusOf, outcomeOf, candidateOf, references, write, newEntityCount, mergeCount, attempts);
        }
    }

    private static long shard(final long[] shards) {
        return shards[ThreadLocalRandom.current().nextInt(shards.length)];
    }

    private static long sum(final Map<Long, KeyEntry> entries, final long[] hashes) {
        long total = 0;
        for (final long hash : hashes) {
            final KeyEntry entry = entries.get(hash);
            if (entry != null) {
                total += entry.count();
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

    private static List<String> values(final String key) {
        return key.indexOf(Comparison.VALUE_SEPARATOR) < 0 ? List.of(key) : List.of(key.split(String.valueOf(Comparison.VALUE_SEPARATOR)));
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

    /** The distinct values of these arrays, in ascending order (neighbouring keys are read together). */
    private static long[] distinctSorted(final List<long[]> arrays) {
        int total = 0;
        for (final long[] array : arrays) {
            total += array.length;
        }
        final long[] all = new long[total];
        int next = 0;
        for (final long[] array : arrays) {
            System.arraycopy(array, 0, all, next, array.length);
            next += array.length;
        }
        Arrays.sort(all);
        int distinct = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                all[distinct++] = all[i];
            }
        }
        return Arrays.copyOf(all, distinct);
    }

    private static long[] toArray(final Collection<Long> values) {
        final long[] array = new long[values.size()];
        int i = 0;
        for (final long value : values) {
            array[i++] = value;
        }
        return array;
    }

    /** An entity read moments ago was merged away before the next read: the attempt starts over. */
    private static final class ConflictDuringRead extends RuntimeException {
        private ConflictDuringRead() {
            super("An entity was merged while the store was being read", null, false, false);
        }
    }
}
