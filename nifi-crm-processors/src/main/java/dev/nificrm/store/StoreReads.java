package dev.nificrm.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What matching and syncing read from the store: the store itself, or an {@link OpenWrite}, which reads through its own
 * transaction what the write has left (for a FlowFile resolved part by part, the earlier parts' changes).
 */
public interface StoreReads {

    /** The members with these source keys (the cross-reference), their keys in the given fields' order. */
    Map<SourceKey, StoredMember> findMembers(Collection<SourceKey> sources, List<String> fieldNames);

    /**
     * The members with these numbers, their keys in the given fields' order: per number asked for, at its position,
     * the member, or null where the store has none. Safe to call from several threads at once.
     */
    StoredMember[] findMembersById(long[] memberIds, List<String> fieldNames);

    /**
     * The counts under these key hashes and whether their members are listed: per hash asked for, at its position, its
     * entry, or null where the store has none. Safe to call from several threads at once.
     */
    KeyEntry[] findKeys(long[] hashes);

    /**
     * The members listed under these blocking keys, in the order they joined: per hash asked for, at its position, its
     * members, or null where the store lists none (no such key, or a block over the listed size). Safe to call from
     * several threads at once.
     */
    long[][] findBlockMembers(long[] hashes);

    /**
     * Per blocking key, the oldest member listed under it (the lowest number: a blank left by an erasure, 0, counts as
     * one), or -1 where the store lists none, as {@link #findBlockMembers} would give them, for a block read in part
     * (compared with its oldest record only) without reading its whole list. Safe to call from several threads at once.
     */
    default long[] findOldestBlockMembers(final long[] hashes) {
        final long[][] members = findBlockMembers(hashes);
        final long[] oldest = new long[hashes.length];
        for (int i = 0; i < hashes.length; i++) {
            oldest[i] = members[i] == null || members[i].length == 0 ? -1 : Arrays.stream(members[i]).min().getAsLong();
        }
        return oldest;
    }

    /**
     * Every member of these entities, their keys in the given fields' order, by golden id (an entity without members, or
     * none by that id, is not in the result): what the chaining guard weighs when a record would join a stored customer.
     */
    Map<String, List<StoredMember>> findEntityMembers(Collection<String> goldenIds, List<String> fieldNames);

    /** The live entities with these golden ids; ids merged away, erased or unknown are not in the result. */
    Map<String, StoredEntity> findEntities(Collection<String> goldenIds);

    /** The pairs kept apart by a decision that involve any of these entities. */
    Set<EntityPair> findKeptApart(Collection<String> goldenIds);

    /** Per entity, per system, the id of the entity's oldest record in that system. */
    Map<String, Map<String, String>> crossReferences(Collection<String> goldenIds);

    /**
     * The golden id of the customer an id now stands for: itself, or the entity it was merged into; empty when unknown or
     * when that customer was erased ({@link EntityStore#erase}): nothing joins an erased customer again.
     */
    Optional<String> liveGoldenId(String goldenId);

    /**
     * Like {@link #liveGoldenId}, but also for a customer erased on request, whose golden id and history (without source
     * ids) the store keeps: for an audit.
     */
    Optional<String> currentGoldenId(String goldenId);

    /** Those of these golden ids whose customer was erased on request (directly, or the one it had been merged into). */
    Set<String> erased(Collection<String> goldenIds);

    /** The snapshots of these entities in one system. */
    Map<String, Snapshot> findSnapshots(String system, Collection<String> goldenIds);
}
