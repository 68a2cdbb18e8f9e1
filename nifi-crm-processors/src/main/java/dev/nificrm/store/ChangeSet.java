package dev.nificrm.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one FlowFile changes in the entity store, written in one transaction by {@link EntityStore#write}:
 * new entities and members, re-keyed members, merges, moves and decisions, history, snapshots; and what the change
 * was computed from (the block counts and the live entities it read), which the store verifies before writing so
 * that two writers never both create an entity for one customer. Term-frequency and population counts travel with
 * the change's blocking keys in the store's key log.
 */
public final class ChangeSet {
    private final int layoutId;
    private final long readMark;
    private long keyMark = -1;
    private final List<String> newEntities = new ArrayList<>();
    private final List<NewMember> newMembers = new ArrayList<>();
    private final List<KeyChange> keyChanges = new ArrayList<>();
    private final List<Long> seenMembers = new ArrayList<>();
    private final List<Merge> merges = new ArrayList<>();
    private final List<Move> moves = new ArrayList<>();
    private final Set<EntityPair> keptApart = new LinkedHashSet<>();
    private final List<HistoryEvent> events = new ArrayList<>();
    private final List<SnapshotWrite> snapshots = new ArrayList<>();
    /** The hashes of the blocks the change read, each once, and the number of records in each then (side by side). */
    private long[] observedHashes = new long[0];
    private long[] observedCounts = new long[0];
    private final Set<String> expectedEntities = new LinkedHashSet<>();
    private final Map<String, Integer> expectedMemberCounts = new HashMap<>();
    private Map<Long, Long> counterDeltas = new HashMap<>();
    private JoinCheck joinCheck;
    private Map<String, Integer> ruleGenerations;
    private Set<String> rulesWithoutKeys = Set.of();
    /** Null: every maintained rule missing from {@link #ruleGenerations} is left behind. */
    private Set<String> rulesLeftBehind;

    /**
     * Tells whether a change still stands now that records joined blocks it read: what a writer that computed its change
     * from the store as it was hands the store, so that another writer's new records cost a look at those records rather
     * than computing the change again.
     */
    @FunctionalInterface
    public interface JoinCheck {
        /**
         * @param blocks the hashes of the blocks the change read that records joined since
         * @param joined per block, at its position, the members that joined it since with their keys in the order of the
         *               change's layout (an entry null where the store has no record of it), or null where the block
         *               grew past the size whose members the store lists
         * @return whether the change stands: none of those members would have changed it
         */
        boolean stands(long[] blocks, StoredMember[][] joined);
    }

    /**
     * @param layoutId the layout of the comparison keys written, or -1 when no keys are written
     * @param readMark the store's {@link EntityStore#readMark()} taken before the change's first read
     */
    public ChangeSet(final int layoutId, final long readMark) {
        this.layoutId = layoutId;
        this.readMark = readMark;
    }

    /** A new entity with its golden id. */
    public void createEntity(final String goldenId) {
        newEntities.add(goldenId);
    }

    /** A new member: a source record linked to an entity, with its keys and the blocks it joins. */
    public void addMember(final SourceKey source, final String goldenId, final String keys, final long[] blocks) {
        newMembers.add(new NewMember(source, goldenId, keys, blocks));
    }

    /** A known member whose comparison keys changed: it leaves some blocks and joins others. */
    public void changeKeys(final long memberId, final String keys, final long[] leftBlocks, final long[] joinedBlocks) {
        keyChanges.add(new KeyChange(memberId, keys, leftBlocks, joinedBlocks, null));
    }

    /**
     * A known member whose comparison keys changed, with the counted terms its earlier keys give up (a term held twice
     * twice; the key log keeps them, so that the change can be taken out of the log should the member be erased).
     */
    void changeKeys(final long memberId, final String keys, final long[] leftBlocks, final long[] joinedBlocks, final long[] givenUpTerms) {
        keyChanges.add(new KeyChange(memberId, keys, leftBlocks, joinedBlocks, givenUpTerms));
    }

    /** A known member seen again (its last-seen time is updated). */
    public void seeMember(final long memberId) {
        seenMembers.add(memberId);
    }

    /** Every member of the loser moves to the survivor; the loser's golden id then points to the survivor. */
    public void mergeEntities(final String loser, final String survivor) {
        merges.add(new Merge(loser, survivor));
    }

    /** One member moves to another entity (a person decided where it belongs). */
    public void moveMember(final long memberId, final String fromGoldenId, final String toGoldenId) {
        moves.add(new Move(memberId, fromGoldenId, toGoldenId));
    }

    /** Two entities a person decided are different. */
    public void keepApart(final String goldenId, final String otherGoldenId) {
        keptApart.add(new EntityPair(goldenId, otherGoldenId));
    }

    public void record(final EventKind kind, final String goldenId, final String otherGoldenId, final SourceKey source,
                       final Double score, final String explanation) {
        events.add(new HistoryEvent(kind, null, goldenId, otherGoldenId, source, score, explanation));
    }

    /**
     * Writes an entity's snapshot for a system.
     *
     * @param expectedVersion the version read (0 when there was none): the write fails with a conflict if another
     *                        writer changed the snapshot since
     */
    public void putSnapshot(final String goldenId, final String system, final String content, final long expectedVersion) {
        snapshots.add(new SnapshotWrite(goldenId, system, content, expectedVersion));
    }

    /**
     * The store's {@link EntityStore#keyMark()} taken before the change's first read of keys: blocks a member left
     * since are checked for who joined them by their members, not by their counts.
     */
    public void readKeysAt(final long keyMark) {
        this.keyMark = keyMark;
    }

    /**
     * The blocking rules the change's blocks were computed under, with the generation of each: the store verifies they
     * are still the ones it maintains (else the change conflicts) and no longer counts rules missing here as maintained.
     */
    public void useBlockingRules(final Map<String, Integer> generations) {
        this.ruleGenerations = Map.copyOf(generations);
        this.rulesWithoutKeys = Set.of();
        this.rulesLeftBehind = null;
    }

    /**
     * The blocking rules the change's blocks were computed under, with the generation of each, which the store verifies
     * as above; and what the change does to the other rules the store maintains (another matcher's, sharing the store):
     * those none of its records has keys under stay maintained, those it leaves behind are no longer counted as
     * maintained, and any other (one the store came to maintain after the change read its rules) makes the change
     * conflict, so that it is computed again knowing the rule.
     */
    public void useBlockingRules(final Map<String, Integer> generations, final Set<String> withoutKeys, final Set<String> leftBehind) {
        this.ruleGenerations = Map.copyOf(generations);
        this.rulesWithoutKeys = Set.copyOf(withoutKeys);
        this.rulesLeftBehind = Set.copyOf(leftBehind);
    }

    /**
     * The blocks the change read, each once, and the number of records in each when it was computed ({@code counts[i]}
     * of {@code blocks[i]}), 0 for a block the store did not have: the store verifies them when it writes the change.
     * Said once per change; the arrays are the change's from then on.
     */
    void observeBlocks(final long[] blocks, final long[] counts) {
        if (observedHashes.length > 0) {
            throw new IllegalStateException("The change's blocks were observed already");
        }
        if (blocks.length != counts.length) {
            throw new IllegalArgumentException("A count for every block: " + blocks.length + " blocks, " + counts.length + " counts");
        }
        observedHashes = blocks;
        observedCounts = counts;
    }

    /**
     * Adds to counted keys, by the keys' numbers: a delta gathered from several additions that cancelled out is kept as
     * 0, as {@link #count} keeps a key whose additions cancel out.
     */
    void count(final LongIndex keys, final long[] deltas) {
        if (counterDeltas.isEmpty()) {
            counterDeltas = HashMap.newHashMap(keys.size());
        }
        for (int key = 0; key < keys.size(); key++) {
            counterDeltas.merge(keys.value(key), deltas[key], Long::sum);
        }
    }

    /**
     * How the store decides whether the change stands when records joined blocks it read, instead of refusing it as
     * a conflict; without one, any such record is a conflict.
     */
    public void checkJoinsWith(final JoinCheck check) {
        this.joinCheck = check;
    }

    /** An entity the change builds on: it must still exist and not have been merged away when the change is written. */
    public void expectEntity(final String goldenId) {
        expectedEntities.add(goldenId);
    }

    /**
     * An entity the change builds on having weighed every one of its records (the chaining guard over a customer a
     * record joins): it must also still have {@code memberCount} records when the change is written, as a record that
     * joined it since, in whatever block, would have been weighed too.
     */
    public void expectEntity(final String goldenId, final int memberCount) {
        expectedEntities.add(goldenId);
        expectedMemberCounts.put(goldenId, memberCount);
    }

    /** Adds to a counted key (a term frequency, or a shard of a counter), after the commit. */
    public void count(final long hash, final long delta) {
        if (delta != 0) {
            counterDeltas.merge(hash, delta, Long::sum);
        }
    }

    public boolean isEmpty() {
        return newEntities.isEmpty() && newMembers.isEmpty() && keyChanges.isEmpty() && seenMembers.isEmpty() && merges.isEmpty()
                && moves.isEmpty() && keptApart.isEmpty() && events.isEmpty() && snapshots.isEmpty() && counterDeltas.isEmpty();
    }

    int layoutId() {
        return layoutId;
    }

    long readMark() {
        return readMark;
    }

    /** See {@link #readKeysAt}; -1 when not taken (every block counts as possibly left since). */
    long keyMark() {
        return keyMark;
    }

    List<String> newEntities() {
        return Collections.unmodifiableList(newEntities);
    }

    List<NewMember> newMembers() {
        return Collections.unmodifiableList(newMembers);
    }

    List<KeyChange> keyChanges() {
        return Collections.unmodifiableList(keyChanges);
    }

    List<Long> seenMembers() {
        return Collections.unmodifiableList(seenMembers);
    }

    List<Merge> merges() {
        return Collections.unmodifiableList(merges);
    }

    List<Move> moves() {
        return Collections.unmodifiableList(moves);
    }

    Set<EntityPair> keptApartPairs() {
        return Collections.unmodifiableSet(keptApart);
    }

    List<HistoryEvent> events() {
        return Collections.unmodifiableList(events);
    }

    List<SnapshotWrite> snapshots() {
        return Collections.unmodifiableList(snapshots);
    }

    /** The hashes of the blocks the change read ({@link #observeBlocks}); not to be changed. */
    long[] observedHashes() {
        return observedHashes;
    }

    /** The number of records in each block the change read, by its place in {@link #observedHashes()}; not to be changed. */
    long[] observedCounts() {
        return observedCounts;
    }

    /** The blocking rules and their generations, or null when the change did not say (it then maintains no rule's keys). */
    Map<String, Integer> ruleGenerations() {
        return ruleGenerations;
    }

    /** The maintained rules the change leaves as they are, none of its records having keys under them. */
    Set<String> rulesWithoutKeys() {
        return rulesWithoutKeys;
    }

    /** Whether the change leaves a maintained rule it lacks behind, rather than conflicting with it. */
    boolean leavesBehind(final String rule) {
        return rulesLeftBehind == null || rulesLeftBehind.contains(rule);
    }

    JoinCheck joinCheck() {
        return joinCheck;
    }

    Set<String> expectedEntities() {
        return Collections.unmodifiableSet(expectedEntities);
    }

    /** The member counts of the expected entities whose every record the change weighed, by golden id. */
    Map<String, Integer> expectedMemberCounts() {
        return Collections.unmodifiableMap(expectedMemberCounts);
    }

    Map<Long, Long> counterDeltas() {
        return Collections.unmodifiableMap(counterDeltas);
    }

    record NewMember(SourceKey source, String goldenId, String keys, long[] blocks) {
    }

    /** @param givenUpTerms the counted terms the member's earlier keys give up; null when not known */
    record KeyChange(long memberId, String keys, long[] leftBlocks, long[] joinedBlocks, long[] givenUpTerms) {
    }

    record Merge(String loser, String survivor) {
    }

    record Move(long memberId, String from, String to) {
    }

    record SnapshotWrite(String goldenId, String system, String content, long expectedVersion) {
    }
}
