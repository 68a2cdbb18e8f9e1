package dev.nificrm.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * What taking members out of the store changes in the key index besides their records: they leave every block that
 * lists them, and the values they hold leave the counts, as if they had never been written ({@link KeyChanges#takeOut},
 * the one rule for an erasure and for a member a schema migration removed). The erasing node works it out from its index
 * and the members' records; a node that takes in an erasure logged without its keys ({@link KeyChanges#withoutKeys})
 * works out the same from its own index, which at that log row holds the same keys and the same records, or never held
 * a member at all (it took in the member's own write with the member taken out, {@link KeyChanges#withoutNewMember}: the
 * member then leaves no block and takes nothing from the counts). So the log need not name the keys only the erased
 * customers had.
 */
final class ErasedKeys {

    private ErasedKeys() {
    }

    /** An erased member: its number, its key layout and its comparison keys as stored (null when unknown). */
    record Member(long memberId, int layoutId, String keys) {
    }

    /** The fields of a stored key layout, in the order its members' keys follow. */
    @FunctionalInterface
    interface Layouts {
        List<String> fields(int layoutId) throws SQLException;
    }

    /**
     * Adds to {@code changes} the members leaving the blocks that list them and their values leaving the counts.
     *
     * @param find          the index's keys under some hashes (null where it has none)
     * @param blocksListing per member (sorted numbers), the hashes of the blocks listing it
     */
    static void workOut(final List<Member> members, final Layouts layouts, final Function<long[], KeyEntry[]> find,
                        final Function<long[], long[][]> blocksListing, final KeyChanges changes) throws SQLException {
        final List<KeyChanges.Removal> removals = new ArrayList<>(members.size());
        for (final Member member : members) {
            removals.add(removal(member.memberId(), member.keys() == null ? List.of() : layouts.fields(member.layoutId()), member.keys()));
        }
        changes.takeOut(removals, blocksListing, find);
    }

    /**
     * A stored member as its counts know it: per field of its layout holding values, the field's total and the terms of
     * its values (a value held twice twice, as it was counted).
     *
     * @param fields the fields of the member's layout
     * @param keys   its comparison keys as stored (null: none)
     */
    static KeyChanges.Removal removal(final long memberId, final List<String> fields, final String keys) {
        final String[] values = keys == null ? new String[fields.size()] : JdbcEntityStore.decodeKeys(keys, IntStream.range(0, fields.size()).toArray());
        final List<long[]> totals = new ArrayList<>();
        final List<long[]> terms = new ArrayList<>();
        for (int field = 0; field < fields.size(); field++) {
            if (values[field] != null) {
                final String name = fields.get(field);
                totals.add(KeyHash.fieldTotal(name));
                terms.add(EntityResolver.values(values[field]).stream().mapToLong(value -> KeyHash.term(name, value)).toArray());
            }
        }
        return new KeyChanges.Removal(memberId, totals.toArray(new long[0][]), terms.toArray(new long[0][]));
    }
}
