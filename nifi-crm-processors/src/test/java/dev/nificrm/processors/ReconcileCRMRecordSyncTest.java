package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EnabledStores;
import dev.nificrm.RecordServices;
import dev.nificrm.SyncedStores;
import dev.nificrm.merge.SyncSnapshot;
import dev.nificrm.services.EmbeddedEntityStore;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * ReconcileCRMRecord against snapshots MergeCRMRecord's Three-Way Sync wrote itself (a real embedded entity store, NiFi's
 * JsonTreeReader and JsonRecordSetWriter), reconciling the very rows the sync reads: a row the sync reads as nothing new
 * (UNCHANGED) must be in sync, and a row it reads as an edit must not be.
 */
class ReconcileCRMRecordSyncTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> FROM_SALESFORCE = Map.of("crm.source.system", "salesforce", "crm.target.system", "hubspot");
    private static final Map<String, String> FROM_HUBSPOT = Map.of("crm.source.system", "hubspot", "crm.target.system", "salesforce");

    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    @TempDir
    Path storeDirectory;

    private TestRunner merge;
    private EmbeddedEntityStore mergeStore;
    private TestRunner reconcile;
    private EmbeddedEntityStore reconcileStore;

    @BeforeEach
    void setUp() throws InitializationException {
        merge = TestRunners.newTestRunner(MergeCRMRecord.class);
        RecordServices.useJsonReader(merge);
        RecordServices.useJsonWriter(merge);
        mergeStore = new EmbeddedEntityStore();
        merge.addControllerService("entity-store", mergeStore);
        merge.setProperty(mergeStore, EmbeddedEntityStore.STORE_DIRECTORY, storeDirectory.toString());
        merge.setProperty(MergeCRMRecord.MERGE_MODE, MergeMode.THREE_WAY_SYNC.getValue());
        merge.setProperty(MergeCRMRecord.ENTITY_STORE, "entity-store");
        merge.setProperty(MergeCRMRecord.SOURCE_SYSTEM, "${crm.source.system}");
        merge.setProperty(MergeCRMRecord.TARGET_SYSTEM, "${crm.target.system}");
        merge.setProperty(MergeCRMRecord.SOURCE_ID_FIELD, "/Id");

        reconcile = TestRunners.newTestRunner(new ReconcileCRMRecord(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC)));
        RecordServices.useJsonReader(reconcile);
        RecordServices.useJsonWriter(reconcile);
        reconcileStore = new EmbeddedEntityStore();
        reconcile.addControllerService("entity-store", reconcileStore);
        reconcile.setProperty(reconcileStore, EmbeddedEntityStore.STORE_DIRECTORY, storeDirectory.toString());
        reconcile.setProperty(ReconcileCRMRecord.ENTITY_STORE, "entity-store");
        // the Salesforce table reconciled with HubSpot, the system the sync writes it from
        reconcile.setProperty(ReconcileCRMRecord.SOURCE_SYSTEM, "hubspot");
        reconcile.setProperty(ReconcileCRMRecord.TARGET_SYSTEM, "salesforce");
        reconcile.setProperty(ReconcileCRMRecord.TARGET_ID_FIELD, "/Id");
        reconcile.setProperty(ReconcileCRMRecord.IGNORED_FIELDS, "Id");
    }

    /** Links the rows {system, id, first name, email} to entities as MatchCRMRecord does, through the merge runner's store. */
    private Map<String, String> linked(final String system, final String[]... rows) {
        useMergeStore();
        final String[][] people = new String[rows.length][];
        for (int row = 0; row < rows.length; row++) {
            people[row] = new String[] {rows[row][0], rows[row][1], "Lee", rows[row][2], "(212) 555-0123", "1971-01-01"};
        }
        return SyncedStores.link(mergeStore.getEntityStore(), system, people);
    }

    /** The store opened by the merge runner alone: one directory, opened by one service at a time. */
    private void useMergeStore() {
        if (!merge.isControllerServiceEnabled(mergeStore)) {
            if (reconcile.isControllerServiceEnabled(reconcileStore)) {
                reconcile.disableControllerService(reconcileStore);
            }
            stores.enable(merge, mergeStore);
        }
    }

    /** MergeCRMRecord's outcome for one record read from a system: merged, unchanged or conflict. */
    private String synced(final String json, final Map<String, String> direction) {
        useMergeStore();
        merge.clearTransferState();
        merge.enqueue(json, direction);
        merge.run();
        merge.assertTransferCount(MergeCRMRecord.REL_FAILURE, 0);
        for (final String outcome : List.of("merged", "unchanged", "conflict")) {
            if (!merge.getFlowFilesForRelationship(outcome.equals("merged") ? MergeCRMRecord.REL_MERGED
                    : outcome.equals("unchanged") ? MergeCRMRecord.REL_UNCHANGED : MergeCRMRecord.REL_CONFLICT).isEmpty()) {
                return outcome;
            }
        }
        throw new AssertionError("the record left on no outcome");
    }

    /** The report of ReconcileCRMRecord on the given Salesforce table, the store the sync left. */
    private JsonNode reconciled(final String table) throws IOException {
        if (merge.isControllerServiceEnabled(mergeStore)) {
            merge.disableControllerService(mergeStore);
        }
        if (!reconcile.isControllerServiceEnabled(reconcileStore)) {
            stores.enable(reconcile, reconcileStore);
        }
        reconcile.clearTransferState();
        reconcile.enqueue(table);
        reconcile.run();
        reconcile.assertTransferCount(ReconcileCRMRecord.REL_REPORT, 1);
        reconcile.assertTransferCount(ReconcileCRMRecord.REL_FAILURE, 0);
        final MockFlowFile report = reconcile.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst();
        return MAPPER.readTree(report.getContent()).get(0);
    }

    private static long count(final JsonNode report, final String outcome) {
        return report.get("outcomes").get(outcome).asLong();
    }

    /**
     * A multi-select whose option holds the delimiter (HubSpot's list ["Golf","R;D"]) written into Salesforce's text field
     * comes back as Golf;R;D: the sync reads that text as the value it wrote (MultiSelectFields.readAgainst, nothing
     * written), so the reconciliation must find it in sync; it read it as the options Golf, R and D and reported drift. An
     * option truly dropped (Golf;R) is an edit for the sync and drift for the reconciliation.
     */
    @Test
    void aMultiSelectOptionHoldingTheDelimiterReadBackAsTextIsInSyncAsTheSyncReadsIt() throws IOException {
        merge.setProperty(MergeCRMRecord.MULTI_SELECT_FIELDS, "/Interests");
        reconcile.setProperty(ReconcileCRMRecord.MULTI_SELECT_FIELDS, "/Interests");
        final String ann = linked("salesforce", new String[] {"003A", "Ann", "ann@lee.org"}).get("003A");
        assertEquals(ann, linked("hubspot", new String[] {"901", "Ann", "ann@lee.org"}).get("901"), "one customer");
        assertEquals("merged", synced("[{\"crm_match_id\": \"" + ann + "\", \"Id\": \"003A\", \"FirstName\": \"Ann\", \"Interests\": \"Golf\"}]",
                FROM_SALESFORCE));
        assertEquals("unchanged", synced("[{\"crm_match_id\": \"" + ann + "\", \"Id\": \"901\", \"FirstName\": \"Ann\", \"Interests\": [\"Golf\"]}]",
                FROM_HUBSPOT), "the sync's write read back");
        assertEquals("merged", synced("[{\"crm_match_id\": \"" + ann + "\", \"Id\": \"901\", \"FirstName\": \"Ann\", \"Interests\": [\"Golf\", \"R;D\"]}]",
                FROM_HUBSPOT), "HubSpot's edit reaches Salesforce");
        final String echo = "[{\"Id\": \"003A\", \"FirstName\": \"Ann\", \"Interests\": \"Golf;R;D\"}]";
        final String edited = "[{\"Id\": \"003A\", \"FirstName\": \"Ann\", \"Interests\": \"Golf;R\"}]";

        final JsonNode inStep = reconciled(echo);
        assertEquals(1, count(inStep, "in_sync"), inStep.toString());
        final JsonNode drifted = reconciled(edited);
        assertEquals(1, count(drifted, "drifted"), drifted.toString());

        assertEquals("unchanged", synced(withGoldenId(echo, ann), FROM_SALESFORCE), "the sync reads Golf;R;D as the value it wrote");
        assertEquals("merged", synced(withGoldenId(edited, ann), FROM_SALESFORCE), "and Golf;R as an edit");
    }

    /**
     * Sync Every Row: after a change of the customer's second row in Salesforce (003Z) synced, the snapshot's state is that
     * row's, and the customer's own row (003A), still holding its values, is remembered as last read (crm_row_seen). The
     * sync reads that row again as nothing new; the reconciliation compared it with the second row's values and reported
     * it drifted. An edit of it is drift, and an edit for the sync.
     */
    @Test
    void theCustomersOwnRowAsTheSyncLastReadItIsInSyncAfterASecondRowsChangeSynced() throws IOException {
        final Map<String, String> salesforce = linked("salesforce", new String[] {"003A", "Ann", "ann@lee.org"},
                new String[] {"003Z", "Ann", "ann@lee.org"});
        final String ann = salesforce.get("003A");
        assertEquals(ann, salesforce.get("003Z"), "two rows of one customer");
        assertEquals(ann, linked("hubspot", new String[] {"901", "Ann", "ann@lee.org"}).get("901"));
        assertEquals("merged", synced("[{\"crm_match_id\": \"" + ann + "\", \"Id\": \"003A\", \"FirstName\": \"Ann\", \"Email\": \"ann@lee.org\"}]",
                FROM_SALESFORCE));
        assertEquals("merged", synced("[{\"crm_match_id\": \"" + ann + "\", \"Id\": \"003Z\", \"FirstName\": \"Ann\", \"Email\": \"ann@new.example\"}]",
                FROM_SALESFORCE), "the second row's change syncs");
        final SyncSnapshot kept = SyncSnapshot.parse(mergeStore.getEntityStore().findSnapshots("salesforce", List.of(ann)).get(ann).content());
        assertNotNull(kept.rowSeen(), "the sync remembers the customer's own row as last read");
        final String table = "[{\"Id\": \"003A\", \"FirstName\": \"Ann\", \"Email\": \"ann@lee.org\"},"
                + " {\"Id\": \"003Z\", \"FirstName\": \"Ann\", \"Email\": \"ann@new.example\"}]";
        final String edited = "[{\"Id\": \"003A\", \"FirstName\": \"Anne\", \"Email\": \"ann@lee.org\"},"
                + " {\"Id\": \"003Z\", \"FirstName\": \"Ann\", \"Email\": \"ann@new.example\"}]";

        final JsonNode inStep = reconciled(table);
        assertEquals(2, count(inStep, "in_sync"), inStep.toString());
        assertEquals(1, inStep.get("duplicates_in_target").asLong(), "two rows of one customer in Salesforce");
        final JsonNode drifted = reconciled(edited);
        assertEquals(1, count(drifted, "drifted"), drifted.toString());
        assertEquals(1, count(drifted, "in_sync"), drifted.toString());

        assertEquals("unchanged", synced("[{\"crm_match_id\": \"" + ann + "\", \"Id\": \"003A\", \"FirstName\": \"Ann\", \"Email\": \"ann@lee.org\"}]",
                FROM_SALESFORCE), "the sync reads the own row again as nothing new");
        assertEquals("merged", synced("[{\"crm_match_id\": \"" + ann + "\", \"Id\": \"003A\", \"FirstName\": \"Anne\", \"Email\": \"ann@lee.org\"}]",
                FROM_SALESFORCE), "and its edit as an edit");
    }

    /** The table's first record with the golden id the sync reads it by. */
    private static String withGoldenId(final String table, final String goldenId) {
        return table.replace("[{\"Id\"", "[{\"crm_match_id\": \"" + goldenId + "\", \"Id\"");
    }
}
