package dev.nificrm.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The persistent memory of who is who across FlowFiles, runs and systems: entities with opaque golden ids that are
 * never renamed or reused, the cross-reference from every source record (system, id) to its entity, the compact
 * comparison and blocking keys that find stored candidates for a new record without reading the whole store, term
 * frequencies, the last synced snapshot of every entity per system, the pairs people decided are different, and an
 * append-only history of what linked, merged and split entities and why.
 * <p>
 * Reads are not transactional: a caller reads what it needs, decides, and hands everything it changes to
 * {@link #write} with what it read; the store verifies nobody changed that in between (else
 * {@link StoreConflictException}: read again and decide again) and keeps the change pending until the caller's NiFi
 * session commits. One implementation serves an embedded SQLite file and a shared PostgreSQL database.
 */
public interface EntityStore extends StoreReads, AutoCloseable {

    /** The largest block whose members the store lists; blocks with more records only keep their count. */
    int MAXIMUM_LISTED_BLOCK = 500;

    /** Where the store lives, for logs and messages (never credentials). */
    String describe();

    /**
     * A mark to take before reading for a change and to hand to its {@link ChangeSet}: a store with one writer at a
     * time skips verifying what the change read when nothing was written since the mark.
     */
    long readMark();

    /**
     * A mark of the store's keys to take before reading keys for a change and to hand to its {@link ChangeSet}
     * ({@link ChangeSet#readKeysAt}): the store then tells which blocks the change read a member left since, where a
     * block's count alone cannot say whether somebody joined it. -1 where the store keeps no such mark.
     */
    default long keyMark() {
        return -1;
    }

    /**
     * Why the store's key index, though closed cleanly, was not trusted when the store was opened, so that it was built
     * again from the database (a file changed since, missing or short); empty when it was trusted, or was built for
     * another reason (none yet, a crash), or the store keeps no such index. Names files, never a value.
     */
    default Optional<String> keyIndexDamage() {
        return Optional.empty();
    }

    /** The id of a layout of comparison keys (the field names, in order), created when first asked for. */
    int layout(List<String> fieldNames);

    /**
     * How many stored records were last matched with each set of fields (a layout): a field matched today that a
     * layout lacks has no stored value for those records until they are matched again. Reads every member: for
     * checking a configuration, not per FlowFile.
     */
    Map<List<String>, Long> membersByLayout();

    /**
     * The blocking rules whose keys the store holds, by name: their generation and whether they are maintained. Empty
     * for a store no matcher has used yet (new, or written by a version that did not keep its rules).
     */
    Map<String, RuleGeneration> blockingRules();

    /**
     * Makes the store hold every stored member's blocks under these rules, holding the writers' turn: each rule that is
     * not maintained (new to the store, or left behind by writes whose matcher did not understand it) gets a new
     * generation and every member joins its blocks under it, computed by {@code keyer} from the member's comparison keys
     * in the order of {@code fieldNames}; rules maintained already are left as they are. A rule a store created since it keeps its rules
     * has never registered gets generation 0 (no block can exist under it); one such a store written by an earlier version
     * never registered gets 1. That earlier store, the first time, adopts these rules as maintained at generation 0 instead
     * (its keys were written by matchers with rules it was never told, from the first value of each field): only its
     * members with a field holding several values are keyed, joining the blocks of their other values. Written and
     * committed at once: the keys are derived data, not a change of any customer.
     */
    RuleKeying keyRules(List<String> fieldNames, List<String> ruleNames, RuleKeying.Keyer keyer);

    /**
     * Whether the key log is due to be compacted: its rows since the last compaction take more than twice what the keys
     * they add up to would (and more than a few tens of megabytes), as happens when stored records' keys change again and
     * again (a sync that runs for months: members changing, merging, keyed under new rules). Cheap: from what this node
     * has seen.
     */
    boolean keyLogCompactionDue();

    /**
     * Compacts the key log, holding the writers' turn, in one transaction: the keys as they are now become the log's
     * base, replacing the rows before the newest one. A node whose key index is behind the base builds it again (from the
     * base, the members and the rows after it); one that is not goes on as before. With {@code onlyWhenDue}, first
     * measures the log in the database and leaves it as it is unless compacting is due (another node may have done it).
     */
    KeyLogCompaction compactKeyLog(boolean onlyWhenDue);












    /**
     * How the records of two systems cover the entities: per system its members, and the entities with a member in
     * both, in the first only and in the second only; those in one only are listed up to {@code listLimit}, by golden id.
     * A reconciliation asks it for "the customers system B is missing".
     */
    SystemCoverage coverage(String first, String second, int listLimit);

    /**
     * Hands every record of a system known to the store to the visitor, as (its id there, its entity's golden id), in the
     * order they became known; read in pages, so the store is never loaded at once.
     */
    void forEachMember(String system, BiConsumer<String, String> visitor);

    /**
     * The history of an entity (and of the entities merged into it), oldest first; one write's events in the order the
     * write made them.
     */
    List<HistoryEvent> history(String goldenId);

    /**
     * Writes a change in one transaction, after verifying what it was computed from, and returns it pending (open for
     * further changes of the same FlowFile until it is committed or rolled back).
     *
     * @throws StoreConflictException when another writer changed what the change read; nothing was written
     */
    OpenWrite write(ChangeSet changes) throws StoreConflictException;

    /**
     * Erases customers on request (a person's right to erasure): for each golden id that the store knows (or the customer
     * it was merged into), the customer and every customer merged into it lose their source records (cross-reference
     * and comparison keys) and sync snapshots, the source ids in their history and the decisions that kept them apart
     * from others; their golden ids stay, never reused, with an {@link EventKind#ERASED} event. Nothing changes until
     * the returned write is committed (with the NiFi session); a record of the customer arriving later is a new customer.
     * The customer is marked erased: a write computed from reads made before the erasure that would link a record to it,
     * merge it or write its snapshot meets a {@link StoreConflictException} and is computed again from fresh reads.
     */
    default Erasure erase(Collection<String> goldenIds) throws StoreConflictException {
        return erase(goldenIds, true);
    }

    /**
     * Erases customers as {@link #erase(Collection)} does, compacting the key log once the erasure is committed or not.
     * The key log names by 64-bit hash the keys (blocks, counted values) every stored record joined, left and added to,
     * the erasure's own row included, until it is compacted into its base, which keeps no key nobody has any more: with
     * {@code compactKeyLog}, the committed erasure compacts it at once (rewriting the base, and on a shared store making
     * every other node build its key index again), so no hash of a key only the erased customers had is kept; without,
     * those rows go at the next compaction (when due, or {@link #compactKeyLog asked for}).
     */
    Erasure erase(Collection<String> goldenIds, boolean compactKeyLog) throws StoreConflictException;

    /**
     * Claims the signature of an accepted webhook request against replays, for every node that shares the store and across
     * restarts: false when the same signature was claimed before and its claim has not expired (the request is a replay).
     * A claim whose expiry is before {@code nowMillis} no longer holds; one expiring at {@code nowMillis} still does (its
     * request passes the timestamp check up to and including the edge of the tolerance). Expired claims are deleted a
     * minute after their expiry, so a node whose clock is up to a minute behind still finds them. Committed at once, apart from any {@link #write}; it does not
     * wait for the writers' turn.
     *
     * @param digest          the SHA-256 digest of the signature (the store keeps nothing else of the request)
     * @param expiresAtMillis until when the claim holds, in epoch milliseconds
     * @param nowMillis       the current time, in epoch milliseconds
     */
    boolean claimSignature(byte[] digest, long expiresAtMillis, long nowMillis);

    /** Forgets a claimed signature whose request did not go on after all (its NiFi session rolled back). */
    void releaseSignature(byte[] digest);

    /** Counts and sizes, for operators and benchmarks. */
    StoreStatistics statistics();

    @Override
    void close();
}
