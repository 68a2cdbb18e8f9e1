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
        final EntityBatch batch = EntityBatch.of(MATCHER, system);
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

    /**
     * The store as a Salesforce → HubSpot sync leaves it: Ann ({@code 003A}, HubSpot {@code 77}) and Tom ({@code 003B},
     * {@code 79}) in both systems with the HubSpot snapshots the sync wrote ({@code firstname}, {@code email}), Wei
     * ({@code 003C}) never written to HubSpot.
     *
     * @return each Salesforce id → its entity's golden id
     */
    public static Map<String, String> salesforceToHubSpot(final EntityStore store) {
        final Map<String, String> salesforce = link(store, "salesforce",
                new String[] {"003A", "Ann", "Lee", "ann@lee.org", "(212) 555-0123", "1971-01-01"},
                new String[] {"003B", "Tom", "Hardy", "tom@hardy.io", "(617) 555-0199", "1977-09-15"},
                new String[] {"003C", "Wei", "Chen", "wei@chen.net", "(312) 555-0111", "1990-11-30"});
        link(store, "hubspot",
                new String[] {"77", "Ann", "Lee", "ann@lee.org", "212-555-0123", "1971-01-01"},
                new String[] {"79", "Tom", "Hardy", "tom@hardy.io", "617 555 0199", "1977-09-15"});
        snapshot(store, salesforce.get("003A"), "hubspot", "{\"firstname\":\"Ann\",\"email\":\"ann@lee.org\"}");
        snapshot(store, salesforce.get("003B"), "hubspot", "{\"firstname\":\"Tom\",\"email\":\"tom@hardy.io\"}");
        return salesforce;
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
