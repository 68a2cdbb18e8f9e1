package dev.nificrm;

import dev.nificrm.match.MatchField;
import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.Matcher;
import dev.nificrm.roles.Role;
import dev.nificrm.store.ChangeSet;
import dev.nificrm.store.EntityBatch;
import dev.nificrm.store.EntityResolver;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.Resolution;
import dev.nificrm.store.StoreConflictException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts an entity store into the state a sync leaves it in, through the store's own API: records of several systems
 * linked to entities by matching (first name, last name, email, phone, birth date), and the snapshots the sync wrote.
 */
public final class SyncedStores {
    private static final Matcher MATCHER = new Matcher(List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME),
            MatchField.of(Role.EMAIL), MatchField.of(Role.PHONE), MatchField.of(Role.BIRTH_DATE)), MatchSettings.defaults(), "US");

    private SyncedStores() {
    }

    /**
     * Links records of one system, each row {id, first name, last name, email, phone, birth date}.
     *
     * @return each record's id → its entity's golden id
     */
    public static Map<String, String> link(final EntityStore store, final String system, final String[]... rows) {
        final EntityBatch batch = new EntityBatch(MATCHER.newIndex(), system);
        for (final String[] row : rows) {
            batch.add(MATCHER.keys(Arrays.copyOfRange(row, 1, row.length)), row[0], null, null);
        }
        final Resolution resolution = new EntityResolver(MATCHER, store, true, true, MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE).resolve(batch);
        resolution.pendingWrite().commit();
        final Map<String, String> goldenIds = new LinkedHashMap<>();
        for (int record = 0; record < rows.length; record++) {
            goldenIds.put(rows[record][0], resolution.goldenId(record));
        }
        return goldenIds;
    }

    /** Writes the first snapshot of an entity in a system, as the sync does after writing the record there (or reading it). */
    public static void snapshot(final EntityStore store, final String goldenId, final String system, final String json) {
        final ChangeSet changes = new ChangeSet(-1, store.readMark());
        changes.putSnapshot(goldenId, system, json, 0);
        try {
            store.write(changes).commit();
        } catch (final StoreConflictException e) {
            throw new IllegalStateException("Nobody else writes the test's store", e);
        }
    }
}
