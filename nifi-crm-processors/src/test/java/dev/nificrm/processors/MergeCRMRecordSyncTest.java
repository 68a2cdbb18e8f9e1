package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EnabledStores;
import dev.nificrm.RecordServices;
import dev.nificrm.merge.ConflictPolicy;
import dev.nificrm.merge.DeletePolicy;
import dev.nificrm.merge.SyncDecision;
import dev.nificrm.merge.SyncSnapshot;
import dev.nificrm.merge.SyncState;
import dev.nificrm.merge.ThreeWayCases;
import dev.nificrm.merge.ThreeWayMerge;
import dev.nificrm.merge.Timestamps;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import dev.nificrm.store.ChangeSet;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.Snapshot;
import dev.nificrm.store.StoreConflictException;
import org.apache.nifi.csv.CSVUtils;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.serialization.record.MockRecordWriter;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MergeCRMRecord in Three-Way Sync mode with a real EmbeddedEntityStore, NiFi's real CSVReader and JsonRecordSetWriter:
 * the three-way table through the processor, echoes, failures, rollback and validation.
 */
class MergeCRMRecordSyncTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> SALESFORCE_TO_HUBSPOT = Map.of("crm.source.system", ThreeWayCases.SOURCE,
            "crm.target.system", ThreeWayCases.TARGET);

    @TempDir
    java.nio.file.Path storeDirectory;

    private TestRunner runner;
    private EmbeddedEntityStore store;

    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    @BeforeEach
    void setUp() throws InitializationException {
        syncing(TestRunners.newTestRunner(MergeCRMRecord.class), storeDirectory);
    }

    /** The runner set up for Three-Way Sync of CSV records into JSON, with an entity store in the given directory. */
    private void syncing(final TestRunner syncRunner, final java.nio.file.Path directory) throws InitializationException {
        runner = syncRunner;
        RecordServices.useCsvReader(runner, Map.of(CSVUtils.TRIM_FIELDS, "true"));
        RecordServices.useJsonWriter(runner);
        store = new EmbeddedEntityStore();
        runner.addControllerService("entity-store", store);
        runner.setProperty(store, EmbeddedEntityStore.STORE_DIRECTORY, directory.toString());
        stores.enable(runner, store);
        runner.setProperty(MergeCRMRecord.MERGE_MODE, MergeMode.THREE_WAY_SYNC.getValue());
        runner.setProperty(MergeCRMRecord.ENTITY_STORE, "entity-store");
        runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM, "${crm.source.system}");
        runner.setProperty(MergeCRMRecord.TARGET_SYSTEM, "${crm.target.system}");
        runner.setProperty(MergeCRMRecord.SOURCE_ID_FIELD, "/Id");
        runner.setProperty(MergeCRMRecord.TIMESTAMP_FIELD, "/LastModifiedDate");
        runner.setProperty(MergeCRMRecord.DELETED_FIELD, "/IsDeleted");
        runner.setProperty(MergeCRMRecord.SOURCE_PRIORITY, "hubspot, salesforce");
    }

    static List<ThreeWayCases.Case> cases() {
        return ThreeWayCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void routesEveryCaseOfTheTable(final ThreeWayCases.Case row) throws IOException, StoreConflictException {
        configure(row);
        seed(row.sourceSnapshot(), ThreeWayCases.SOURCE);
        seed(row.targetSnapshot(), ThreeWayCases.TARGET);
        runner.enqueue(csv(row.incoming()), SALESFORCE_TO_HUBSPOT);
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_ORIGINAL, 1);
        final Relationship expected = switch (row.outcome()) {
            case MERGED -> MergeCRMRecord.REL_MERGED;
            case UNCHANGED -> MergeCRMRecord.REL_UNCHANGED;
            case CONFLICT -> MergeCRMRecord.REL_CONFLICT;
        };
        for (final Relationship relationship : List.of(MergeCRMRecord.REL_MERGED, MergeCRMRecord.REL_UNCHANGED, MergeCRMRecord.REL_CONFLICT)) {
            runner.assertTransferCount(relationship, relationship.equals(expected) ? 1 : 0);
        }
        runner.assertTransferCount(MergeCRMRecord.REL_WRITE_BACK, row.writesSource() ? 1 : 0);
        final JsonNode record = only(expected);
        if (row.outcome() == SyncDecision.Outcome.CONFLICT) {
            assertEquals(row.conflict(), record.get("crm_conflict").asText(), row.name());
            return;
        }
        if (row.outcome() == SyncDecision.Outcome.MERGED) {
            assertMerged(row.merged(), record, row.name());
            assertEquals(row.targetSnapshot() == null ? 1 : 2, record.get("crm_sync_version").asLong(), row.name() + ": one write after the seeded one");
            assertEquals(storedVersion(ThreeWayCases.TARGET), record.get("crm_sync_version").asLong(), row.name() + ": the target snapshot's version");
        }
        if (row.writesSource()) {
            final JsonNode writeBack = only(MergeCRMRecord.REL_WRITE_BACK);
            assertMerged(row.merged(), writeBack, row.name() + ": write-back");
            assertEquals(storedVersion(ThreeWayCases.SOURCE), writeBack.get("crm_sync_version").asLong(), row.name() + ": the source snapshot's version");
            assertEquals("0035g00000Robert", writeBack.get("Id").asText(), "written back to the source's own record");
        }
    }

    private void configure(final ThreeWayCases.Case row) {
        runner.setProperty(MergeCRMRecord.CONFLICT_POLICY, switch (row.policy().conflictPolicy()) {
            case ROUTE_TO_CONFLICT -> SyncConflictPolicy.ROUTE_TO_CONFLICT.getValue();
            case SOURCE_PRIORITY -> SyncConflictPolicy.SOURCE_PRIORITY.getValue();
            case MOST_RECENT -> SyncConflictPolicy.MOST_RECENT.getValue();
            case PREFER_SYSTEM -> SyncConflictPolicy.PREFER_SYSTEM.getValue();
        });
        if (row.policy().conflictPolicy() == ConflictPolicy.PREFER_SYSTEM) {
            runner.setProperty(MergeCRMRecord.PREFERRED_SYSTEM, row.policy().preferredSystem());
        }
        runner.setProperty(MergeCRMRecord.DELETE_POLICY, switch (row.policy().deletePolicy()) {
            case ROUTE_TO_CONFLICT -> SyncDeletePolicy.ROUTE_TO_CONFLICT.getValue();
            case DELETE_WINS -> SyncDeletePolicy.DELETE_WINS.getValue();
            case UPDATE_REVIVES -> SyncDeletePolicy.UPDATE_REVIVES.getValue();
        });
        runner.assertValid();
    }

    private static void assertMerged(final SyncState merged, final JsonNode record, final String name) {
        assertEquals(merged.deleted() ? "delete" : "upsert", record.get("crm_sync_operation").asText(), name);
        assertEquals(merged.deleted(), record.get("IsDeleted").asBoolean(), name);
        if (merged.deleted()) {
            return;
        }
        for (final Map.Entry<String, String> field : merged.fields().entrySet()) {
            final JsonNode value = record.get(field.getKey());
            assertEquals(field.getValue(), value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText(), name + ": " + field.getKey());
        }
    }

    /** The record as CSV: the table's fields, plus the golden id, the source's id, the timestamp and the tombstone flag. */
    private static String csv(final SyncState state) {
        final Set<String> fields = new LinkedHashSet<>(ThreeWayCases.FIELDS);
        fields.addAll(state.fields().keySet());
        final List<String> header = new ArrayList<>(List.of("crm_match_id", "Id", "LastModifiedDate", "IsDeleted"));
        header.addAll(fields);
        final List<String> values = new ArrayList<>(List.of(ThreeWayCases.GOLDEN_ID, "0035g00000Robert",
                state.modified() == Timestamps.NONE ? "" : Instant.ofEpochMilli(state.modified()).toString(), String.valueOf(state.deleted())));
        for (final String field : fields) {
            final String value = state.value(field);
            values.add(value == null ? "" : '"' + value + '"');
        }
        return String.join(",", header) + "\n" + String.join(",", values) + "\n";
    }

    private void seed(final SyncSnapshot snapshot, final String system) throws StoreConflictException {
        if (snapshot == null) {
            return;
        }
        final EntityStore entityStore = store.getEntityStore();
        final ChangeSet changes = new ChangeSet(-1, entityStore.readMark());
        changes.putSnapshot(ThreeWayCases.GOLDEN_ID, system, snapshot.toJson(), 0);
        entityStore.write(changes).commit();
    }

    private JsonNode only(final Relationship relationship) throws IOException {
        final List<MockFlowFile> flowFiles = runner.getFlowFilesForRelationship(relationship);
        assertEquals(1, flowFiles.size(), relationship.getName());
        final JsonNode records = MAPPER.readTree(flowFiles.getFirst().getContent());
        assertEquals(1, records.size(), relationship.getName());
        return records.get(0);
    }

    private long storedVersion(final String system) {
        return store.getEntityStore().findSnapshots(system, List.of(ThreeWayCases.GOLDEN_ID)).get(ThreeWayCases.GOLDEN_ID).version();
    }

    private SyncSnapshot stored(final String system) {
        final Snapshot snapshot = store.getEntityStore().findSnapshots(system, List.of(ThreeWayCases.GOLDEN_ID)).get(ThreeWayCases.GOLDEN_ID);
        return snapshot == null ? null : SyncSnapshot.parse(snapshot.content());
    }

    /**
     * HubSpot's row 901, restored by a person while Salesforce changed Robert's email too, keeps its own email open (and
     * its first name, changed there alone since the base). Salesforce's phone change then goes to 901 carrying 901's own
     * email, and the write-back of 901's first name to Salesforce carries Salesforce's own: neither CRM's email is written
     * into the other, none is cleared (before, a field the merged state lacked was written empty).
     */
    @Test
    void aFieldLeftOpenByARestoreIsWrittenToEachSystemAsItHoldsIt() throws IOException, StoreConflictException {
        runner.setProperty(MergeCRMRecord.CONFLICT_POLICY, SyncConflictPolicy.ROUTE_TO_CONFLICT.getValue());
        runner.setProperty(MergeCRMRecord.DELETE_POLICY, SyncDeletePolicy.ROUTE_TO_CONFLICT.getValue());
        final Map<String, String> open = new TreeMap<>(Map.of("Email", "rob@new.example", "FirstName", "Robert"));
        seed(SyncSnapshot.read(new SyncState(ThreeWayCases.state("Robert", "rob@work.example", null).fields(), false, ThreeWayCases.EARLIER))
                .withRow("0035g00000Robert"), ThreeWayCases.SOURCE);
        seed(SyncSnapshot.read(new SyncState(ThreeWayCases.state("Bob", "robert@home.example", null).fields(), false, ThreeWayCases.EARLIER))
                .withRow("901").withOpen(open), ThreeWayCases.TARGET);
        runner.enqueue(csv(new SyncState(ThreeWayCases.state("Robert", "rob@work.example", "555-0100").fields(), false, ThreeWayCases.NOW)),
                SALESFORCE_TO_HUBSPOT);
        runner.run();

        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        final JsonNode toHubSpot = only(MergeCRMRecord.REL_MERGED);
        assertEquals("robert@home.example", toHubSpot.get("Email").asText(), "901 keeps its own email");
        assertEquals("555-0100", toHubSpot.get("Phone").asText());
        assertEquals("Bob", toHubSpot.get("FirstName").asText());
        final JsonNode toSalesforce = only(MergeCRMRecord.REL_WRITE_BACK);
        assertEquals("rob@work.example", toSalesforce.get("Email").asText(), "salesforce keeps its own email");
        assertEquals("Bob", toSalesforce.get("FirstName").asText(), "901's first name, changed there alone, reaches salesforce");
        assertEquals(Map.of("Email", "rob@new.example"), stored(ThreeWayCases.TARGET).open(), "the email still waits for the person");
        assertEquals("robert@home.example", stored(ThreeWayCases.TARGET).state().value("Email"));
        assertEquals("rob@work.example", stored(ThreeWayCases.SOURCE).state().value("Email"));
    }

    /**
     * Source Priority with Update Revives (seed 9 of the two-way simulation): Robert's Salesforce row 003A is deleted, and
     * the sync's insert of him (entered again in HubSpot as 902, another phone) names no row. It lands as a new row 003B,
     * while a person restores 003A; one read holds both, 003B first. 003B, holding merely the insert, is the sync's echo;
     * 003A, the person's restore, is Robert's row again (its phone reaches HubSpot), and a second write-back record deletes
     * 003B by its own id (before, 003B stayed Robert's row and 003A synced as a second row: two rows lived on). Every
     * record leaves once: 003B on unchanged, 003A on merged.
     */
    @Test
    void aRestoreReadAfterTheSyncsInsertLandedAsANewRowIsTheCustomersRowAndTheInsertsRowIsDeleted() throws IOException, StoreConflictException {
        runner.setProperty(MergeCRMRecord.CONFLICT_POLICY, SyncConflictPolicy.SOURCE_PRIORITY.getValue());
        runner.setProperty(MergeCRMRecord.DELETE_POLICY, SyncDeletePolicy.UPDATE_REVIVES.getValue());
        final SyncState inserted = ThreeWayCases.state("Robert", "bob@example.com", "(212) 555-0199");
        final SyncState tombstone = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "(415) 555-0132").fields(), true,
                ThreeWayCases.EARLIER);
        seed(new SyncSnapshot(inserted, ThreeWayCases.WRITTEN, tombstone, null, Map.of("003A", "deleted@" + ThreeWayCases.EARLIER)),
                ThreeWayCases.SOURCE);
        seed(SyncSnapshot.read(new SyncState(inserted.fields(), false, ThreeWayCases.WRITTEN)).withRow("902"), ThreeWayCases.TARGET);
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email,Phone\n"
                + "G-robert,003B,2024-06-02T08:00:00Z,false,Robert,bob@example.com,(212) 555-0199\n"
                + "G-robert,003A,2024-06-02T08:01:00Z,false,Robert,bob@example.com,(415) 555-0132\n", SALESFORCE_TO_HUBSPOT);
        runner.run();

        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        assertEquals("003B", MAPPER.readTree(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_UNCHANGED).getFirst().getContent()).get(0)
                .get("Id").asText(), "the insert read back: an echo");
        final JsonNode toHubSpot = only(MergeCRMRecord.REL_MERGED);
        assertEquals("(415) 555-0132", toHubSpot.get("Phone").asText(), "the restore's phone reaches hubspot");
        assertEquals("902", toHubSpot.get("crm_sync_row").asText());
        final JsonNode toSalesforce = only(MergeCRMRecord.REL_WRITE_BACK);
        assertEquals("delete", toSalesforce.get("crm_sync_operation").asText());
        assertEquals("003B", toSalesforce.get("crm_sync_row").asText(), "the sync's duplicate, by its own id");
        assertEquals("003A", stored(ThreeWayCases.SOURCE).row(), "the restored row is Robert's row");
        assertEquals("(415) 555-0132", stored(ThreeWayCases.SOURCE).state().value("Phone"));
    }

    @Test
    void theMergedRecordReadBackFromTheTargetIsAnEchoAndCrossesNoMore() throws IOException {
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\nG-ann,003A,,false,Ann,ann@x.com\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        final MockFlowFile first = runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst();
        first.assertAttributeEquals("crm.merge.merged.count", "1");
        assertEquals(1, MAPPER.readTree(first.getContent()).get(0).get("crm_sync_version").asLong(), "HubSpot's first snapshot of Ann");
        assertTrue(MAPPER.readTree(first.getContent()).get(0).get("crm_sync_row").isNull(), "Ann has no row in HubSpot yet: an insert");

        runner.clearTransferState();
        // the loader wrote Ann into HubSpot (id 901); reading HubSpot's changes brings her back, to be synced to Salesforce
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\nG-ann,901,,false,Ann,ann@x.com\n",
                Map.of("crm.source.system", ThreeWayCases.TARGET, "crm.target.system", ThreeWayCases.SOURCE));
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_UNCHANGED, 1);
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
        final MockFlowFile echo = runner.getFlowFilesForRelationship(MergeCRMRecord.REL_UNCHANGED).getFirst();
        echo.assertAttributeEquals("crm.merge.echo.count", "1");
        echo.assertAttributeEquals("crm.merge.unchanged.count", "1");

        runner.clearTransferState();
        // Ann edited in Salesforce: the merged record names her HubSpot row, learnt from the echo
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\nG-ann,003A,,false,Ann,ann@new.example\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        final JsonNode edit = only(MergeCRMRecord.REL_MERGED);
        assertEquals("901", edit.get("crm_sync_row").asText(), "the row to update in HubSpot");
        assertEquals("ann@new.example", edit.get("Email").asText());
    }

    /**
     * A multi-select picklist held as text, declared in Multi-Select Fields: the sync's write of Golf;Tennis, returned by
     * HubSpot as Tennis;Golf, is its echo (without the declaration, an edit written back to Salesforce, whose order is
     * Golf;Tennis again: the field would cross for ever); options added in both CRMs are all kept, in both CRMs.
     */
    @Test
    void multiSelectOptionsInAnotherOrderAreAnEchoAndOptionsAddedOnBothSidesAreMerged() throws IOException {
        runner.setProperty(MergeCRMRecord.MULTI_SELECT_FIELDS, "/Profile/Interests");
        runner.assertNotValid();
        runner.setProperty(MergeCRMRecord.MULTI_SELECT_FIELDS, "/Interests");
        runner.assertValid();
        final Map<String, String> hubspotToSalesforce = Map.of("crm.source.system", ThreeWayCases.TARGET, "crm.target.system", ThreeWayCases.SOURCE);
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Interests\n"
                + "G-ann,003A,2024-03-01T09:00:00Z,false,Ann,Golf;Tennis\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        runner.clearTransferState();

        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Interests\n"
                + "G-ann,901,2024-03-01T09:05:00Z,false,Ann,Tennis; Golf\n", hubspotToSalesforce);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_WRITE_BACK, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_UNCHANGED, 1);
        runner.getFlowFilesForRelationship(MergeCRMRecord.REL_UNCHANGED).getFirst().assertAttributeEquals("crm.merge.echo.count", "1");
        runner.clearTransferState();

        // HubSpot adds Chess, then Salesforce adds Sailing before HubSpot's change reached it
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Interests\n"
                + "G-ann,901,2024-03-02T10:00:00Z,false,Ann,Tennis;Golf;Chess\n", hubspotToSalesforce);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        runner.clearTransferState();
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Interests\n"
                + "G-ann,003A,2024-03-02T09:00:00Z,false,Ann,Golf;Sailing;Tennis\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        assertEquals("Golf;Sailing;Tennis;Chess", only(MergeCRMRecord.REL_MERGED).get("Interests").asText(), "salesforce's order, then hubspot's Chess");
        assertEquals("Golf;Sailing;Tennis;Chess", only(MergeCRMRecord.REL_WRITE_BACK).get("Interests").asText());
    }

    /**
     * The options a CRM admin chose are written in the order the system whose value won gave them: HubSpot's Tennis;Golf;Chess
     * reaches Salesforce as Tennis;Golf;Chess, not in alphabetical order; Salesforce returning them in its picklist's order
     * is the sync's echo, nothing is written.
     */
    @Test
    void multiSelectOptionsAreWrittenInTheOrderOfTheSystemWhoseValueWon() throws IOException {
        runner.setProperty(MergeCRMRecord.MULTI_SELECT_FIELDS, "/Interests");
        final Map<String, String> hubspotToSalesforce = Map.of("crm.source.system", ThreeWayCases.TARGET, "crm.target.system", ThreeWayCases.SOURCE);
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Interests\n"
                + "G-ann,003A,2024-03-01T09:00:00Z,false,Ann,Golf;Tennis\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Interests\n"
                + "G-ann,901,2024-03-01T09:05:00Z,false,Ann,Golf;Tennis\n", hubspotToSalesforce);
        runner.run();
        runner.clearTransferState();

        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Interests\n"
                + "G-ann,901,2024-03-02T10:00:00Z,false,Ann,Tennis;Golf;Chess\n", hubspotToSalesforce);
        runner.run();
        assertEquals("Tennis;Golf;Chess", only(MergeCRMRecord.REL_MERGED).get("Interests").asText(), "hubspot's order");
        runner.clearTransferState();

        // Salesforce's edit of FirstName, read before HubSpot's options reached it: they are written back in HubSpot's order
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Interests\n"
                + "G-ann,003A,2024-03-02T09:00:00Z,false,Anne,Golf;Tennis\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        assertEquals("Tennis;Golf;Chess", only(MergeCRMRecord.REL_WRITE_BACK).get("Interests").asText());
        runner.clearTransferState();

        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Interests\n"
                + "G-ann,003A,2024-03-02T11:00:00Z,false,Anne,Chess;Golf;Tennis\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_WRITE_BACK, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_UNCHANGED, 1);
    }

    /**
     * A conflict on a multi-select without a last-synced base (Salesforce never synced for the customer): crm_conflict
     * quotes each CRM's options in the order that CRM gave them, so the person settling it sees what each one holds.
     */
    @Test
    void aMultiSelectConflictShowsEachCrmsOptionsInItsOwnOrder() throws IOException, StoreConflictException {
        runner.setProperty(MergeCRMRecord.MULTI_SELECT_FIELDS, "/Interests");
        seed(SyncSnapshot.read(new SyncState(Map.of("FirstName", "Robert", "Interests", "Tennis;Golf;Chess"), false, Timestamps.NONE)),
                ThreeWayCases.TARGET);
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Interests\n"
                + ThreeWayCases.GOLDEN_ID + ",003A,2024-03-02T09:00:00Z,false,Robert,Sailing;Golf\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        assertEquals("Interests: base (never synced), salesforce \"Sailing;Golf\", hubspot \"Tennis;Golf;Chess\"",
                only(MergeCRMRecord.REL_CONFLICT).get("crm_conflict").asText());
    }

    /**
     * A multi-select picklist read as a list (JSON): HubSpot's change to it reaches Salesforce's record as a list, also
     * when it is merged from HubSpot's side into a record of Salesforce that does not show it yet.
     */
    @Test
    void aListFieldChangedInTheTargetIsWrittenAsAList() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        final Map<String, String> hubspotToSalesforce = Map.of("crm.source.system", ThreeWayCases.TARGET, "crm.target.system", ThreeWayCases.SOURCE);
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"FirstName\": \"Ann\", \"Interests\": [\"golf\", \"tennis\"]}]",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        // the sync's insert read back from HubSpot (records without a time: it must show the insert to count as read after it)
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"901\", \"FirstName\": \"Ann\", \"Interests\": [\"golf\", \"tennis\"]}]",
                hubspotToSalesforce);
        runner.run();
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"901\", \"FirstName\": \"Ann\", \"Interests\": [\"golf\", \"tennis, squash\"]}]",
                hubspotToSalesforce);
        runner.run();
        runner.clearTransferState();
        // Salesforce's edit of FirstName, read before HubSpot's Interests reached it
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"FirstName\": \"Anne\", \"Interests\": [\"golf\", \"tennis\"]}]",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final JsonNode merged = only(MergeCRMRecord.REL_MERGED);
        assertEquals("Anne", merged.get("FirstName").asText());
        assertEquals(MAPPER.readTree("[\"golf\", \"tennis, squash\"]"), merged.get("Interests"), "HubSpot's list, as a list");
        assertEquals(MAPPER.readTree("[\"golf\", \"tennis, squash\"]"), only(MergeCRMRecord.REL_WRITE_BACK).get("Interests"));
    }

    /**
     * A multi-select Salesforce gives as text (Golf;Tennis) and HubSpot as a list (["Tennis","Golf"]): the same options are
     * one value. The sync's write read back from HubSpot as a list is its echo (before, a list was never equal to text: the
     * echo crossed back to Salesforce as an edit, and its own echo back again, for ever), and options taken from one CRM are
     * written in the form of the record they are written into: HubSpot's list as text into Salesforce's text field, and
     * Salesforce's text as a list into HubSpot's list field.
     */
    @Test
    void aMultiSelectGivenAsTextByOneCrmAndAsAListByTheOtherIsOneValue() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.setProperty(MergeCRMRecord.MULTI_SELECT_FIELDS, "/Interests");
        final Map<String, String> hubspotToSalesforce = Map.of("crm.source.system", ThreeWayCases.TARGET, "crm.target.system", ThreeWayCases.SOURCE);
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"LastModifiedDate\": \"2024-03-01T09:00:00Z\", \"FirstName\": \"Ann\","
                + " \"Interests\": \"Golf;Tennis\"}]", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        runner.clearTransferState();

        final String hubspotInsert = "[{\"crm_match_id\": \"G-ann\", \"Id\": \"901\", \"LastModifiedDate\": \"%s\", \"FirstName\": \"%s\","
                + " \"Interests\": %s}]";
        runner.enqueue(String.format(hubspotInsert, "2099-01-01T00:00:00Z", "Ann", "[\"Tennis\", \"Golf\"]"), hubspotToSalesforce);
        runner.run();
        assertAnEchoOnly();

        // HubSpot adds Chess; Salesforce's edit of FirstName, read before that reached it, gets HubSpot's options as text
        runner.enqueue(String.format(hubspotInsert, "2099-01-02T00:00:00Z", "Ann", "[\"Tennis\", \"Golf\", \"Chess\"]"), hubspotToSalesforce);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        runner.clearTransferState();
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"LastModifiedDate\": \"2024-03-02T09:00:00Z\", \"FirstName\": \"Anne\","
                + " \"Interests\": \"Golf;Tennis\"}]", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        assertEquals("Tennis;Golf;Chess", only(MergeCRMRecord.REL_WRITE_BACK).get("Interests").asText(), "hubspot's options, as text, in its order");
        assertEquals("Tennis;Golf;Chess", only(MergeCRMRecord.REL_MERGED).get("Interests").asText());
        runner.clearTransferState();

        // both writes read back, Salesforce's options in its picklist's order, HubSpot's list in an order of its own: echoes
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"LastModifiedDate\": \"2099-01-03T00:00:00Z\", \"FirstName\": \"Anne\","
                + " \"Interests\": \"Chess;Golf;Tennis\"}]", SALESFORCE_TO_HUBSPOT);
        runner.run();
        assertAnEchoOnly();
        runner.enqueue(String.format(hubspotInsert, "2099-01-04T00:00:00Z", "Anne", "[\"Chess\", \"Tennis\", \"Golf\"]"), hubspotToSalesforce);
        runner.run();
        assertAnEchoOnly();

        // Salesforce drops Chess, HubSpot adds Sailing before Salesforce's change reached it (a record without a time that
        // does not show the write): merged, in each record's form
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"LastModifiedDate\": \"2099-01-05T00:00:00Z\", \"FirstName\": \"Anne\","
                + " \"Interests\": \"Golf;Tennis\"}]", SALESFORCE_TO_HUBSPOT);
        runner.run();
        assertEquals("Golf;Tennis", only(MergeCRMRecord.REL_MERGED).get("Interests").asText());
        runner.clearTransferState();
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"901\", \"LastModifiedDate\": null, \"FirstName\": \"Anne\","
                + " \"Interests\": [\"Chess\", \"Tennis\", \"Golf\", \"Sailing\"]}]", hubspotToSalesforce);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        assertEquals(MAPPER.readTree("[\"Tennis\", \"Golf\", \"Sailing\"]"), only(MergeCRMRecord.REL_MERGED).get("Interests"));
        assertEquals(MAPPER.readTree("[\"Tennis\", \"Golf\", \"Sailing\"]"), only(MergeCRMRecord.REL_WRITE_BACK).get("Interests"),
                "a list, in HubSpot's list field");
    }

    /** The run's one record was the sync's echo: unchanged, nothing written; the transfers cleared for the next run. */
    private void assertAnEchoOnly() {
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_WRITE_BACK, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_UNCHANGED, 1);
        runner.getFlowFilesForRelationship(MergeCRMRecord.REL_UNCHANGED).getFirst().assertAttributeEquals("crm.merge.echo.count", "1");
        runner.clearTransferState();
    }

    /**
     * One processor scheduled once (no restart between FlowFiles, as in a flow) syncing both ways, the two CRMs' FlowFiles
     * read by the JsonTreeReader inferring each schema: the same field names, but Salesforce's Interests text and HubSpot's
     * a list. HubSpot's change of Ann's first name lacks Interests (an optional key; Bob's record has it as a list): the
     * record written to Salesforce takes Interests from Salesforce's snapshot, which the first FlowFile stored, and writes
     * it in the form of its own FlowFile's schema, a list. Keyed by the field names alone, the sync layouts would write
     * HubSpot's FlowFiles by Salesforce's: that Interests as the text Golf;Tennis. Stopped, the processor keeps none of
     * the layouts (before, they stayed on the heap until it was started again).
     */
    @Test
    void aProcessorScheduledOnceWritesEachFlowFileByItsOwnSchemasTypes() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.setProperty(MergeCRMRecord.MULTI_SELECT_FIELDS, "/Interests");
        final Map<String, String> hubspotToSalesforce = Map.of("crm.source.system", ThreeWayCases.TARGET, "crm.target.system", ThreeWayCases.SOURCE);
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"FirstName\": \"Ann\", \"Interests\": \"Golf;Tennis\"}]",
                SALESFORCE_TO_HUBSPOT);
        runner.run(1, false, true);
        assertEquals("Golf;Tennis", only(MergeCRMRecord.REL_MERGED).get("Interests").asText(), "Salesforce's text, by its own layout");
        runner.clearTransferState();
        // the sync's insert read back from HubSpot, as a list
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"901\", \"FirstName\": \"Ann\", \"Interests\": [\"Golf\", \"Tennis\"]}]",
                hubspotToSalesforce);
        runner.run(1, false, false);
        assertAnEchoOnly();
        final MergeCRMRecord processor = (MergeCRMRecord) runner.getProcessor();
        assertEquals(2, processor.cachedLayouts(), "the layouts of Salesforce's schema and HubSpot's, kept while it runs");
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"901\", \"FirstName\": \"Anne\"},"
                + " {\"crm_match_id\": \"G-bob\", \"Id\": \"902\", \"FirstName\": \"Bob\", \"Interests\": [\"Chess\"]}]", hubspotToSalesforce);
        runner.run(1, true, false);
        assertEquals(0, processor.cachedLayouts(), "a stopped processor keeps no layouts (@OnStopped)");

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final List<MockFlowFile> flowFiles = runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED);
        assertEquals(1, flowFiles.size());
        final Map<String, JsonNode> merged = new TreeMap<>();
        for (final JsonNode record : MAPPER.readTree(flowFiles.getFirst().getContent())) {
            merged.put(record.get("crm_match_id").asText(), record);
        }
        assertEquals("Anne", merged.get("G-ann").get("FirstName").asText());
        assertEquals(MAPPER.readTree("[\"Golf\", \"Tennis\"]"), merged.get("G-ann").get("Interests"),
                "Salesforce's snapshot's options, as a list by this FlowFile's layout");
        assertEquals(MAPPER.readTree("[\"Chess\"]"), merged.get("G-bob").get("Interests"));
    }

    /**
     * A time field the reader types as a timestamp (a Timestamp Format, a database's column): HubSpot's change to it is
     * written into Salesforce's record as a time, also when it is merged into a record of Salesforce that does not show it.
     */
    @Test
    void aTimestampFieldChangedInTheTargetIsWrittenAsATime() throws IOException, InitializationException {
        useJsonReader(Map.of(org.apache.nifi.serialization.DateTimeUtils.TIMESTAMP_FORMAT, "yyyy-MM-dd'T'HH:mm:ssXXX"));
        final Map<String, String> hubspotToSalesforce = Map.of("crm.source.system", ThreeWayCases.TARGET, "crm.target.system", ThreeWayCases.SOURCE);
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"FirstName\": \"Ann\", \"Contacted\": \"2024-03-01T09:30:00Z\"}]",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        // the sync's insert read back from HubSpot first, then a person there changes the time
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"901\", \"FirstName\": \"Ann\", \"Contacted\": \"2024-03-01T09:30:00Z\"}]",
                hubspotToSalesforce);
        runner.run();
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"901\", \"FirstName\": \"Ann\", \"Contacted\": \"2024-04-02T10:00:00+02:00\"}]",
                hubspotToSalesforce);
        runner.run();
        runner.clearTransferState();
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"FirstName\": \"Anne\", \"Contacted\": \"2024-03-01T09:30:00Z\"}]",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final JsonNode merged = only(MergeCRMRecord.REL_MERGED);
        assertEquals("Anne", merged.get("FirstName").asText());
        assertEquals(java.time.Instant.parse("2024-04-02T08:00:00Z").toEpochMilli(), merged.get("Contacted").asLong(), merged.toString());
    }

    /**
     * A field the reader types as a time of day (an Avro time-millis, a database TIME column: NiFi gives it as a
     * java.sql.Time) is a value like any other: synced, and read back as the sync wrote it, an echo.
     */
    @Test
    void aTimeOfDayFieldIsSyncedAndItsEchoWritesNothing() throws IOException, InitializationException {
        useJsonReader(Map.of(org.apache.nifi.schema.access.SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "schema-text-property",
                org.apache.nifi.schema.access.SchemaAccessUtils.SCHEMA_TEXT, """
                { "type" : "record", "name" : "contact", "fields" : [ { "name" : "crm_match_id", "type" : "string" },
                  { "name" : "Id", "type" : "string" }, { "name" : "FirstName", "type" : [ "null", "string" ] },
                  { "name" : "CallFrom", "type" : [ "null", { "type" : "int", "logicalType" : "time-millis" } ] } ] }""",
                org.apache.nifi.serialization.DateTimeUtils.TIME_FORMAT, "HH:mm:ss"));
        final Map<String, String> hubspotToSalesforce = Map.of("crm.source.system", ThreeWayCases.TARGET, "crm.target.system", ThreeWayCases.SOURCE);
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"FirstName\": \"Ann\", \"CallFrom\": \"09:30:00\"}]",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        runner.clearTransferState();
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"901\", \"FirstName\": \"Ann\", \"CallFrom\": \"09:30:00\"}]",
                hubspotToSalesforce);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_UNCHANGED, 1);
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
    }

    /** NiFi's JsonTreeReader as the Record Reader, with the given settings. */
    private void useJsonReader(final Map<org.apache.nifi.components.PropertyDescriptor, String> settings) throws InitializationException {
        final org.apache.nifi.json.JsonTreeReader reader = RecordServices.useJsonReader(runner);
        runner.disableControllerService(reader);
        settings.forEach((property, value) -> runner.setProperty(reader, property, value));
        runner.enableControllerService(reader);
    }

    /** A time written into a timestamp field keeps the fraction of a second it has (a database's microseconds). */
    @Test
    void aTimestampFieldKeepsItsMicroseconds() throws IOException, InitializationException {
        final String format = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";
        final org.apache.nifi.json.JsonTreeReader reader = RecordServices.useJsonReader(runner);
        runner.disableControllerService(reader);
        runner.setProperty(reader, org.apache.nifi.serialization.DateTimeUtils.TIMESTAMP_FORMAT, format);
        runner.enableControllerService(reader);
        final org.apache.nifi.json.JsonRecordSetWriter writer = (org.apache.nifi.json.JsonRecordSetWriter) runner.getControllerService("json-writer");
        runner.disableControllerService(writer);
        runner.setProperty(writer, org.apache.nifi.serialization.DateTimeUtils.TIMESTAMP_FORMAT, format);
        runner.enableControllerService(writer);
        final Map<String, String> hubspotToSalesforce = Map.of("crm.source.system", ThreeWayCases.TARGET, "crm.target.system", ThreeWayCases.SOURCE);
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"FirstName\": \"Ann\", \"Contacted\": \"2024-03-01T09:30:00.000000Z\"}]",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"901\", \"FirstName\": \"Ann\", \"Contacted\": \"2024-03-01T09:30:00.000000Z\"}]",
                hubspotToSalesforce);
        runner.run();
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"901\", \"FirstName\": \"Ann\", \"Contacted\": \"2024-04-02T10:00:00.123456+02:00\"}]",
                hubspotToSalesforce);
        runner.run();
        runner.clearTransferState();
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"FirstName\": \"Anne\", \"Contacted\": \"2024-03-01T09:30:00.000000Z\"}]",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        final JsonNode merged = only(MergeCRMRecord.REL_MERGED);
        assertEquals(java.time.Instant.parse("2024-04-02T08:00:00.123456Z"), java.time.OffsetDateTime.parse(merged.get("Contacted").asText()).toInstant(),
                merged.toString());
    }

    /**
     * A golden id that is not a value but a record or a list (a mapping that put the match's whole result, or a list of
     * ids, in crm_match_id) is no golden id: the record goes to failure with the reason, instead of being synced as a new
     * customer under the text of the object.
     */
    @Test
    void aGoldenIdThatIsARecordOrAListGoesToFailure() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.enqueue("[{\"crm_match_id\": {\"id\": \"G-ann\"}, \"Id\": \"003A\", \"FirstName\": \"Ann\"},"
                + " {\"crm_match_id\": [\"G-bob\"], \"Id\": \"003B\", \"FirstName\": \"Bob\"},"
                + " {\"crm_match_id\": \"G-cy\", \"Id\": \"003C\", \"FirstName\": \"Cy\"}]", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final JsonNode failed = MAPPER.readTree(runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().getContent());
        assertEquals(2, failed.size());
        assertEquals("Group Field: holds a record where a golden id (text) is expected", failed.get(0).get("crm_errors").asText());
        assertEquals("Group Field: holds a list where a golden id (text) is expected", failed.get(1).get("crm_errors").asText());
        assertTrue(store.getEntityStore().findSnapshots(ThreeWayCases.TARGET, List.of("G-cy")).containsKey("G-cy"));
    }

    /**
     * A Group or Deleted Field path with a predicate right after a field holding a list tests the list as a whole and selects
     * nothing (NiFi's RecordPath): the record goes to failure saying which path and how to write it, and no snapshot is
     * kept, instead of going to failure as having no golden id, or being synced as not deleted.
     */
    @Test
    void aPathWithAPredicateRightAfterAListSendsTheRecordToFailureSayingWhy() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.setProperty(MergeCRMRecord.GROUP_FIELD, "/match[./kind = 'golden']/id");
        runner.setProperty(MergeCRMRecord.DELETED_FIELD, "/flags[./kind = 'deleted']/on");
        runner.enqueue("""
                [{"match": [{"kind": "golden", "id": "G-ann"}], "Id": "003A", "FirstName": "Ann"},
                 {"match": {"kind": "golden", "id": "G-bob"}, "flags": [{"kind": "deleted", "on": true}], "Id": "003B", "FirstName": "Bob"},
                 {"match": {"kind": "golden", "id": "G-cy"}, "flags": "none", "Id": "003C", "FirstName": "Cy"}]""", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        final JsonNode failed = MAPPER.readTree(runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().getContent());
        assertEquals(2, failed.size());
        assertEquals("Group Field: /match[./kind = 'golden']/id selects nothing: a predicate right after /match tests the list it holds as a "
                + "whole and selects nothing; write /match[*][./kind = 'golden']/id", failed.get(0).get("crm_errors").asText());
        assertEquals("Deleted Field: /flags[./kind = 'deleted']/on selects nothing: a predicate right after /flags tests the list it holds as "
                + "a whole and selects nothing; write /flags[*][./kind = 'deleted']/on", failed.get(1).get("crm_errors").asText());
        assertTrue(store.getEntityStore().findSnapshots(ThreeWayCases.TARGET, List.of("G-ann", "G-bob")).isEmpty());
    }

    /** A Source System Field holding a list names no system: failure with the reason, and no snapshot kept under the list's text. */
    @Test
    void aSourceSystemThatIsAListGoesToFailure() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM_FIELD, "/System");
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"System\": [\"salesforce\", \"zoho\"], \"Id\": \"003A\", \"FirstName\": \"Ann\"}]",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        assertEquals("Source System Field: holds a list where a system name is expected", MAPPER.readTree(
                runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().getContent()).get(0).get("crm_errors").asText());
    }

    /**
     * The sync's write read back from a system that writes numbers and times its own way (HubSpot: 12.5 and
     * 2024-03-01T09:30:00Z for Salesforce's 12.50 and 2024-03-01T09:30:00.000+0000) is still its echo: written back to
     * Salesforce, and read back there in Salesforce's format, it would cross again and again.
     */
    @Test
    void theSyncsWriteReadBackInAnotherSystemsFormatIsAnEcho() throws IOException {
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Amount,LastContacted\n"
                + "G-ann,003A,,false,Ann,12.50,2024-03-01T09:30:00.000+0000\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        runner.clearTransferState();

        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Amount,LastContacted\n"
                + "G-ann,901,,false,Ann ,12.5,2024-03-01 10:30:00+01\n", Map.of("crm.source.system", ThreeWayCases.TARGET,
                "crm.target.system", ThreeWayCases.SOURCE));
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_UNCHANGED, 1);
        runner.getFlowFilesForRelationship(MergeCRMRecord.REL_UNCHANGED).getFirst().assertAttributeEquals("crm.merge.echo.count", "1");
    }

    /**
     * JSON events carrying only the fields that changed (a webhook's payload), read with an inferred schema: a record
     * without a key the schema has from another record leaves that field alone in the target, as a field its system does
     * not have does; only a key present and null clears it.
     */
    @Test
    void aKeyMissingFromAJsonRecordIsNotAClearedField() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"FirstName\": \"Ann\", \"Email\": \"ann@x.com\", \"Phone\": \"+14155550100\"}]",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        runner.clearTransferState();

        runner.enqueue("[{\"crm_match_id\": \"G-bob\", \"Id\": \"003B\", \"FirstName\": \"Bob\", \"Email\": \"bob@x.com\"},"
                + " {\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"Phone\": \"+14155550199\", \"FirstName\": null}]", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final JsonNode records = MAPPER.readTree(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst().getContent());
        assertEquals(2, records.size());
        final JsonNode ann = records.get(1);
        assertEquals("+14155550199", ann.get("Phone").asText());
        assertEquals("ann@x.com", ann.get("Email").asText(), "Ann's event has no Email: HubSpot keeps hers, and the loader writes it");
        assertTrue(ann.get("FirstName").isNull(), "Ann's event clears FirstName");
        final SyncState hubspot = SyncSnapshot.parse(store.getEntityStore().findSnapshots(ThreeWayCases.TARGET, List.of("G-ann")).get("G-ann")
                .content()).state();
        assertEquals("ann@x.com", hubspot.value("Email"), "HubSpot's snapshot keeps the email");
        assertNull(hubspot.value("FirstName"));
    }

    /**
     * The same JSON events read with the schema given (the reader's Schema Text, every field nullable): a key missing from
     * an event is a field it does not carry, left alone in the target, as with a schema inferred; only a key present and
     * null clears.
     */
    @Test
    void aKeyMissingFromAJsonRecordReadWithAGivenSchemaIsNotAClearedField() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner, "{\"type\": \"record\", \"name\": \"contact\", \"fields\": ["
                + "{\"name\": \"crm_match_id\", \"type\": [\"null\", \"string\"]}, {\"name\": \"Id\", \"type\": [\"null\", \"string\"]},"
                + " {\"name\": \"FirstName\", \"type\": [\"null\", \"string\"]}, {\"name\": \"Email\", \"type\": [\"null\", \"string\"]},"
                + " {\"name\": \"Phone\", \"type\": [\"null\", \"string\"]}]}");
        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"FirstName\": \"Ann\", \"Email\": \"ann@x.com\", \"Phone\": \"+14155550100\"}]",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        runner.clearTransferState();

        runner.enqueue("[{\"crm_match_id\": \"G-ann\", \"Id\": \"003A\", \"Phone\": \"+14155550199\", \"FirstName\": null}]", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final JsonNode ann = only(MergeCRMRecord.REL_MERGED);
        assertEquals("+14155550199", ann.get("Phone").asText());
        assertEquals("ann@x.com", ann.get("Email").asText(), "Ann's event has no Email: HubSpot keeps hers");
        assertTrue(ann.get("FirstName").isNull(), "Ann's event clears FirstName");
        final SyncState hubspot = SyncSnapshot.parse(store.getEntityStore().findSnapshots(ThreeWayCases.TARGET, List.of("G-ann")).get("G-ann")
                .content()).state();
        assertEquals("ann@x.com", hubspot.value("Email"), "HubSpot's snapshot keeps the email");
    }

    /**
     * A FlowFile of an older version of a row, arriving after a newer one was synced (replayed from provenance, or
     * overtaken while it waited for a retry): unchanged, and neither the target nor the snapshots go back to it.
     */
    /**
     * Read Sync Version Field: Salesforce changes Ann's email, then her first name, both decided for HubSpot's row 901
     * before HubSpot gives the first write back; the loader lands it late, read with a time after the second decision and
     * the version it carried (crm_sync_version, kept by the row): the sync's own echo, nothing written (before, or without
     * the property, the old first name went to Salesforce as HubSpot's edit back). The version is not compared (the
     * insert's echo carries one, the snapshot none), and a value that is no version sends its record to failure, saying so.
     */
    @Test
    void anEarlierWriteReadBackLateIsToldByTheVersionTheRowHoldsAndAValueThatIsNoVersionGoesToFailure() throws IOException {
        runner.setProperty(MergeCRMRecord.READ_SYNC_VERSION_FIELD, "/SyncVersion");
        final String header = "crm_match_id,Id,LastModifiedDate,IsDeleted,SyncVersion,FirstName,Email\n";
        final Map<String, String> hubspotToSalesforce = Map.of("crm.source.system", ThreeWayCases.TARGET, "crm.target.system", ThreeWayCases.SOURCE);
        runner.enqueue(header + "G-ann,003A,2099-01-01T00:00:00Z,false,,Ann,ann@x.com\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        final long inserted = only(MergeCRMRecord.REL_MERGED).get("crm_sync_version").asLong();
        runner.clearTransferState();
        runner.enqueue(header + "G-ann,901,2099-01-01T01:00:00Z,false," + inserted + ",Ann,ann@x.com\n", hubspotToSalesforce);
        runner.run();
        runner.getFlowFilesForRelationship(MergeCRMRecord.REL_UNCHANGED).getFirst().assertAttributeEquals("crm.merge.echo.count", "1");
        runner.clearTransferState();

        runner.enqueue(header + "G-ann,003A,2099-01-01T02:00:00Z,false,,Ann,ann@new.example\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        final long first = only(MergeCRMRecord.REL_MERGED).get("crm_sync_version").asLong();
        runner.clearTransferState();
        runner.enqueue(header + "G-ann,003A,2099-01-01T03:00:00Z,false,,Annie,ann@new.example\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        final long second = only(MergeCRMRecord.REL_MERGED).get("crm_sync_version").asLong();
        assertTrue(second > first && first > inserted, inserted + ", " + first + ", " + second);
        runner.clearTransferState();

        runner.enqueue(header + "G-ann,901,2099-01-01T04:00:00Z,false," + first + ",Ann,ann@new.example\n"
                + "G-bob,902,2099-01-01T04:00:00Z,false,two,Bob,bob@x.com\n", hubspotToSalesforce);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_WRITE_BACK, 0);
        runner.getFlowFilesForRelationship(MergeCRMRecord.REL_UNCHANGED).getFirst().assertAttributeEquals("crm.merge.echo.count", "1");
        final JsonNode failed = MAPPER.readTree(runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().getContent());
        assertEquals(1, failed.size());
        assertEquals("Read Sync Version Field: holds a value that is no version of the sync's write (a whole number from 0 on, the Sync Version "
                + "Field a write carried): set it to the field the row keeps that version in", failed.get(0).get("crm_errors").asText());
        assertEquals("Annie", SyncSnapshot.parse(store.getEntityStore().findSnapshots(ThreeWayCases.TARGET, List.of("G-ann")).get("G-ann").content())
                .state().value("FirstName"), "the second write still on its way to HubSpot");
    }

    @Test
    void anOlderVersionOfASyncedRowArrivingLateChangesNothing() throws IOException {
        final String header = "crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\n";
        runner.enqueue(header + "G-ann,003A,2026-01-01T00:00:00Z,false,Ann,ann@first.example\n", SALESFORCE_TO_HUBSPOT);
        runner.enqueue(header + "G-ann,003A,2026-01-03T00:00:00Z,false,Ann,ann@newer.example\n", SALESFORCE_TO_HUBSPOT);
        runner.run(2);
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 2);
        runner.clearTransferState();

        runner.enqueue(header + "G-ann,003A,2026-01-02T00:00:00Z,false,Ann,ann@older.example\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_UNCHANGED, 1);
        for (final String system : List.of(ThreeWayCases.SOURCE, ThreeWayCases.TARGET)) {
            final Snapshot snapshot = store.getEntityStore().findSnapshots(system, List.of("G-ann")).get("G-ann");
            assertEquals("ann@newer.example", SyncSnapshot.parse(snapshot.content()).state().fields().get("Email"), system + "'s snapshot");
        }
    }

    /**
     * Route to Conflict: a customer with two rows in Salesforce (a duplicate entered by hand) syncs through the first; the
     * second row's edit and later its deletion (merged away in Salesforce) go to conflict, and HubSpot keeps the customer.
     */
    /**
     * The same row several times in one FlowFile (a change feed giving each version of it, a poll's overlap): each record
     * is decided after the ones before it, with either Duplicate Row Policy. A newer version after an older one is merged
     * in turn, an older one after a newer one is unchanged, the same version again is an echo, and a tombstone followed by
     * the row restored deletes and then upserts the customer; every record leaves once, on merged or unchanged.
     */
    @Test
    void theSameRowSeveralTimesInOneFlowFileIsDecidedInTurn() throws IOException {
        for (final SyncDuplicateRowPolicy duplicates : SyncDuplicateRowPolicy.values()) {
            runner.setProperty(MergeCRMRecord.DUPLICATE_ROW_POLICY, duplicates.getValue());
            final String golden = "G-" + duplicates.getValue();
            final String header = "crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\n";
            runner.enqueue(header + golden + ",003A,2024-03-01T09:00:00Z,false,Ann,ann@x.com\n" + golden + ",003A,2024-03-01T10:00:00Z,false,Ann,"
                    + "ann@new.example\n" + golden + ",003A,2024-03-01T10:00:00Z,false,Ann,ann@new.example\n", SALESFORCE_TO_HUBSPOT);
            runner.run();
            assertEmails(List.of("ann@x.com", "ann@new.example"), MergeCRMRecord.REL_MERGED, duplicates + ": both versions, in order");
            runner.getFlowFilesForRelationship(MergeCRMRecord.REL_UNCHANGED).getFirst().assertAttributeEquals("crm.merge.echo.count", "1");
            runner.clearTransferState();

            runner.enqueue(header + golden + ",003A,2024-03-01T11:00:00Z,false,Ann,ann@third.example\n" + golden
                    + ",003A,2024-03-01T10:30:00Z,false,Ann,ann@older.example\n", SALESFORCE_TO_HUBSPOT);
            runner.run();
            assertEmails(List.of("ann@third.example"), MergeCRMRecord.REL_MERGED, duplicates + ": the newer version only");
            runner.assertTransferCount(MergeCRMRecord.REL_UNCHANGED, 1);
            runner.clearTransferState();

            runner.enqueue(header + golden + ",003A,2024-03-01T12:00:00Z,true,,\n" + golden + ",003A,2024-03-01T12:05:00Z,false,Ann,ann@back.example\n",
                    SALESFORCE_TO_HUBSPOT);
            runner.run();
            final JsonNode records = MAPPER.readTree(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst().getContent());
            assertEquals(List.of("delete", "upsert"), List.of(records.get(0).get("crm_sync_operation").asText(),
                    records.get(1).get("crm_sync_operation").asText()), duplicates + ": deleted, then restored");
            assertEquals("ann@back.example", records.get(1).get("Email").asText());
            runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
            runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
            runner.clearTransferState();
        }
    }

    /**
     * The sync's write of HubSpot's new email, decided at 10:30 for Salesforce's 003A, overran a person's deletion of 003A
     * (10:40): a loader reviving deleted rows landed it in the deleted row (10:45), and Salesforce delivered the revived row
     * before the tombstone (webhooks out of order). The tombstone, older than that echo and holding the email from before
     * the write, is the deletion the write overran: with Delete Wins HubSpot gets the deletion and 003A gets it again (a
     * write-back); with Route to Conflict a person is told, nothing written. Before, it was an older version than the
     * echo, unchanged, and the deletion was lost.
     */
    @Test
    void aDeletionTheSyncsWriteOverranDeliveredAfterTheWritesEchoIsNotLost() throws IOException, InitializationException {
        syncing(TestRunners.newTestRunner(new MergeCRMRecord(java.time.Clock.fixed(Instant.parse("2024-03-01T10:30:00Z"), java.time.ZoneOffset.UTC))),
                storeDirectory.resolve("fixed-clock"));
        final Map<String, String> hubspotToSalesforce = Map.of("crm.source.system", ThreeWayCases.TARGET, "crm.target.system", ThreeWayCases.SOURCE);
        final String header = "crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\n";
        for (final SyncDeletePolicy deletePolicy : List.of(SyncDeletePolicy.DELETE_WINS, SyncDeletePolicy.ROUTE_TO_CONFLICT)) {
            runner.setProperty(MergeCRMRecord.DELETE_POLICY, deletePolicy.getValue());
            final String golden = "G-" + deletePolicy.getValue();
            runner.enqueue(header + golden + ",003A,2024-03-01T09:00:00Z,false,Ann,ann@x.com\n", SALESFORCE_TO_HUBSPOT);
            runner.enqueue(header + golden + ",901,2024-03-01T09:05:00Z,false,Ann,ann@x.com\n", hubspotToSalesforce);
            runner.enqueue(header + golden + ",901,2024-03-01T10:00:00Z,false,Ann,ann@new.example\n", hubspotToSalesforce);
            runner.enqueue(header + golden + ",003A,2024-03-01T10:45:00Z,false,Ann,ann@new.example\n", SALESFORCE_TO_HUBSPOT);
            runner.run(4);
            assertEquals(2, runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).size(), deletePolicy + ": the insert into HubSpot, the"
                    + " email to 003A");
            assertEquals(2, runner.getFlowFilesForRelationship(MergeCRMRecord.REL_UNCHANGED).size(), deletePolicy + ": two echoes");
            runner.clearTransferState();

            runner.enqueue(header + golden + ",003A,2024-03-01T10:40:00Z,true,Ann,ann@x.com\n", SALESFORCE_TO_HUBSPOT);
            runner.run();
            runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
            if (deletePolicy == SyncDeletePolicy.DELETE_WINS) {
                final JsonNode deletion = only(MergeCRMRecord.REL_MERGED);
                assertEquals("delete", deletion.get("crm_sync_operation").asText(), "HubSpot gets the deletion");
                assertEquals("901", deletion.get("crm_sync_row").asText());
                final JsonNode again = only(MergeCRMRecord.REL_WRITE_BACK);
                assertEquals("delete", again.get("crm_sync_operation").asText(), "the revived 003A is deleted again");
                assertEquals("003A", again.get("Id").asText());
            } else {
                final JsonNode told = only(MergeCRMRecord.REL_CONFLICT);
                assertTrue(told.get("crm_conflict").asText().startsWith("(record): row 003A of this customer in salesforce was deleted after the sync"
                        + " decided to write hubspot's change of Email there and before that write landed"), told.get("crm_conflict").asText());
                runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
                runner.assertTransferCount(MergeCRMRecord.REL_WRITE_BACK, 0);
            }
            runner.clearTransferState();
        }
    }

    /** The Email of each record of the relationship's one FlowFile, in order. */
    private void assertEmails(final List<String> expected, final Relationship relationship, final String message) throws IOException {
        final List<MockFlowFile> flowFiles = runner.getFlowFilesForRelationship(relationship);
        assertEquals(1, flowFiles.size(), message);
        final List<String> emails = new ArrayList<>();
        MAPPER.readTree(flowFiles.getFirst().getContent()).forEach(record -> emails.add(record.get("Email").asText()));
        assertEquals(expected, emails, message);
    }

    /**
     * A row's id is read by the rule the store keeps source ids by: 003A after a no-break space (an Excel export) is the row
     * 003A the customer syncs through, so its next edit is merged; it went to conflict as a second row of the customer.
     */
    @Test
    void aRowIdWithWhiteSpaceOfAnyKindAroundItIsTheSameRow() throws IOException {
        runner.setProperty(MergeCRMRecord.DUPLICATE_ROW_POLICY, SyncDuplicateRowPolicy.ROUTE_TO_CONFLICT.getValue());
        final String header = "crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\n";
        runner.enqueue(header + "G-ann,\u00A0003A,2024-03-01T09:00:00Z,false,Ann,ann@x.com\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        assertEquals("ann@x.com", only(MergeCRMRecord.REL_MERGED).get("Email").asText());
        runner.clearTransferState();

        runner.enqueue(header + "G-ann,003A\u2007,2024-03-01T10:00:00Z,false,Ann,ann@new.example\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        assertEquals("ann@new.example", only(MergeCRMRecord.REL_MERGED).get("Email").asText());
    }

    @Test
    void aSecondRowOfACustomerInOneSystemGoesToConflictWithTheRowItSyncsThrough() throws IOException {
        runner.setProperty(MergeCRMRecord.DUPLICATE_ROW_POLICY, SyncDuplicateRowPolicy.ROUTE_TO_CONFLICT.getValue());
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\nG-ann,003A,,false,Ann,ann@x.com\n"
                + "G-ann,003Z,,false,Ann,ann.lee@work.example\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        assertEquals("ann@x.com", only(MergeCRMRecord.REL_MERGED).get("Email").asText());
        final JsonNode second = only(MergeCRMRecord.REL_CONFLICT);
        assertEquals("003Z", second.get("Id").asText());
        assertEquals("(record): row 003Z is a second row of this customer in salesforce, which syncs through row 003A there; merge the two rows in "
                + "salesforce (this row's changes are not synced to hubspot)", second.get("crm_conflict").asText());
        runner.getFlowFilesForRelationship(MergeCRMRecord.REL_CONFLICT).getFirst().assertAttributeEquals("crm.merge.conflict.count", "1");

        runner.clearTransferState();
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\nG-ann,003Z,,false,Ann,ann.lee@work.example\n",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        runner.getFlowFilesForRelationship(MergeCRMRecord.REL_UNCHANGED).getFirst().assertAttributeEquals("crm.merge.unchanged.count", "1");

        runner.clearTransferState();
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\nG-ann,003Z,,true,,\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        assertTrue(only(MergeCRMRecord.REL_CONFLICT).get("crm_conflict").asText().endsWith("(this row is deleted: nothing is deleted in hubspot, "
                + "the customer lives on in row 003A)"));
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
        final SyncSnapshot hubspot = SyncSnapshot.parse(store.getEntityStore().findSnapshots("hubspot", List.of("G-ann")).get("G-ann").content());
        assertEquals("ann@x.com", hubspot.state().value("Email"), "HubSpot's snapshot of Ann is unchanged");
        assertFalse(hubspot.state().deleted(), "Ann lives on");

        runner.clearTransferState();
        runner.setProperty(MergeCRMRecord.DUPLICATE_ROW_POLICY, SyncDuplicateRowPolicy.SYNC_EVERY_ROW.getValue());
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\nG-ann,003Z,,false,Ann,ann.lee@work.example\n",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        assertEquals("ann.lee@work.example", only(MergeCRMRecord.REL_MERGED).get("Email").asText(), "Sync Every Row: the second row syncs too");
    }

    /**
     * Route to Conflict: a person merges Ann's two Salesforce rows keeping the second (003A deleted): HubSpot keeps Ann,
     * the deletion is a conflict that says so, and Ann syncs through 003Z from now on, in both directions.
     */
    @Test
    void theCustomersOwnRowDeletedWhileItsSecondRowIsKeptHandsTheCustomerOver() throws IOException {
        runner.setProperty(MergeCRMRecord.DUPLICATE_ROW_POLICY, SyncDuplicateRowPolicy.ROUTE_TO_CONFLICT.getValue());
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\nG-ann,003A,,false,Ann,ann@x.com\n"
                + "G-ann,003Z,,false,Ann,ann.lee@work.example\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 1);

        runner.clearTransferState();
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\nG-ann,003A,,true,,\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
        assertTrue(only(MergeCRMRecord.REL_CONFLICT).get("crm_conflict").asText().startsWith("(record): row 003A, the row this customer syncs "
                + "through in salesforce, is deleted, but the customer lives on in row 003Z there: nothing is deleted in hubspot"));
        assertFalse(SyncSnapshot.parse(store.getEntityStore().findSnapshots("hubspot", List.of("G-ann")).get("G-ann").content()).state().deleted());

        runner.clearTransferState();
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\nG-ann,003Z,,false,Ann,ann.lee@work.example\n",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        assertEquals("ann.lee@work.example", only(MergeCRMRecord.REL_MERGED).get("Email").asText(), "the row kept is Ann's row now");

        runner.clearTransferState();
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\nG-ann,901,,false,Annie,ann.lee@work.example\n",
                Map.of("crm.source.system", ThreeWayCases.TARGET, "crm.target.system", ThreeWayCases.SOURCE));
        runner.run();
        assertEquals("003Z", only(MergeCRMRecord.REL_MERGED).get("crm_sync_row").asText(), "HubSpot's change goes to the row kept");
    }

    /**
     * A CRM's merge of two rows edits the row it keeps and deletes the other at once: read in one FlowFile, in either
     * order, the kept row's values reach HubSpot in that FlowFile, and the deletion is the hand-over's conflict.
     */
    @Test
    void aMergeKeepingTheSecondRowReadInOneFlowFileSyncsTheKeptRowAtOnceInEitherOrder() throws IOException {
        runner.setProperty(MergeCRMRecord.DUPLICATE_ROW_POLICY, SyncDuplicateRowPolicy.ROUTE_TO_CONFLICT.getValue());
        final String header = "crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\n";
        for (final boolean keptFirst : List.of(true, false)) {
            final String golden = keptFirst ? "G-ann" : "G-ann-2";
            final String kept = golden + ",003Z,,false,Ann,ann.lee@work.example\n";
            final String deleted = golden + ",003A,,true,,\n";
            runner.enqueue(header + golden + ",003A,,false,Ann,ann@x.com\n" + golden + ",003Z,,false,Ann,ann@x.com\n", SALESFORCE_TO_HUBSPOT);
            runner.run();
            runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 1);
            runner.clearTransferState();

            runner.enqueue(header + (keptFirst ? kept + deleted : deleted + kept), SALESFORCE_TO_HUBSPOT);
            runner.run();
            final JsonNode merged = only(MergeCRMRecord.REL_MERGED);
            assertEquals("003Z", merged.get("Id").asText(), "the kept row's record, " + (keptFirst ? "read first" : "read last"));
            assertEquals("ann.lee@work.example", merged.get("Email").asText());
            assertEquals("upsert", merged.get("crm_sync_operation").asText());
            assertTrue(only(MergeCRMRecord.REL_CONFLICT).get("crm_conflict").asText().contains("the customer lives on in row 003Z there"));
            final SyncSnapshot salesforce = SyncSnapshot.parse(store.getEntityStore().findSnapshots("salesforce", List.of(golden)).get(golden)
                    .content());
            assertEquals("003Z", salesforce.row());
            assertEquals(Map.of("003A", SyncSnapshot.DELETED_ROW), salesforce.secondRows(), "deleted (its tombstone has no time to keep)");
            runner.clearTransferState();

            runner.enqueue(header + kept + deleted, SALESFORCE_TO_HUBSPOT);
            runner.run();
            runner.assertTransferCount(MergeCRMRecord.REL_UNCHANGED, 1);
            runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
            runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
            runner.getFlowFilesForRelationship(MergeCRMRecord.REL_UNCHANGED).getFirst().assertAttributeEquals("crm.merge.unchanged.count", "2");
            runner.clearTransferState();
        }
    }

    /**
     * Both rows of a customer deleted together (the customer's row read first): the customer is deleted in HubSpot by
     * the second row's tombstone, and the first one, which hands the customer over to a row that is gone, says nothing.
     */
    @Test
    void bothRowsOfACustomerDeletedTogetherDeleteTheCustomerWithoutAHandOver() throws IOException {
        runner.setProperty(MergeCRMRecord.DUPLICATE_ROW_POLICY, SyncDuplicateRowPolicy.ROUTE_TO_CONFLICT.getValue());
        final String header = "crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\n";
        runner.enqueue(header + "G-ann,003A,,false,Ann,ann@x.com\nG-ann,003Z,,false,Ann,ann@x.com\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.clearTransferState();

        runner.enqueue(header + "G-ann,003A,,true,,\nG-ann,003Z,,true,,\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        final JsonNode deleted = only(MergeCRMRecord.REL_MERGED);
        assertEquals("003Z", deleted.get("Id").asText());
        assertEquals("delete", deleted.get("crm_sync_operation").asText());
        runner.getFlowFilesForRelationship(MergeCRMRecord.REL_UNCHANGED).getFirst().assertAttributeEquals("crm.merge.unchanged.count", "1");
        assertTrue(SyncSnapshot.parse(store.getEntityStore().findSnapshots("hubspot", List.of("G-ann")).get("G-ann").content()).state().deleted());
    }

    /**
     * Sync Every Row (the default): the three rows of Ann sync, and merging them in Salesforce deletes nothing in HubSpot,
     * whether the row deleted is a second row or her own; deleting the last one deletes her.
     */
    @Test
    void withSyncEveryRowMergingRowsInTheSourceDeletesNothingInTheTarget() throws IOException {
        final String header = "crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\n";
        runner.enqueue(header + "G-ann,003A,,false,Ann,ann@x.com\nG-ann,003Y,,false,Ann,ann@y.example\nG-ann,003Z,,false,Ann,ann.lee@work.example\n",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst().assertAttributeEquals("crm.merge.merged.count", "3");
        runner.clearTransferState();

        runner.enqueue(header + "G-ann,003Z,,true,,\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
        assertTrue(only(MergeCRMRecord.REL_CONFLICT).get("crm_conflict").asText().endsWith("(this row is deleted: nothing is deleted in hubspot, "
                + "the customer lives on in row 003A)"));
        runner.clearTransferState();

        runner.enqueue(header + "G-ann,003A,,true,,\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
        assertTrue(only(MergeCRMRecord.REL_CONFLICT).get("crm_conflict").asText().contains("the customer lives on in row 003Y there"));
        assertFalse(SyncSnapshot.parse(store.getEntityStore().findSnapshots("hubspot", List.of("G-ann")).get("G-ann").content()).state().deleted(),
                "Ann lives on in HubSpot");
        runner.clearTransferState();

        runner.enqueue(header + "G-ann,003Y,,true,,\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        assertEquals("delete", only(MergeCRMRecord.REL_MERGED).get("crm_sync_operation").asText(), "her last row deleted: Ann is deleted");
    }

    /** With the Golden ID Field, the row keeping the customer's golden id is its row, whichever row was read first. */
    @Test
    void theRowKeepingTheGoldenIdIsTheCustomersRow() throws IOException {
        runner.setProperty(MergeCRMRecord.DUPLICATE_ROW_POLICY, SyncDuplicateRowPolicy.ROUTE_TO_CONFLICT.getValue());
        runner.setProperty(MergeCRMRecord.GOLDEN_ID_FIELD, "/external_id");
        // a duplicate entered by hand (no external id) is read before the row keeping Ann's golden id
        runner.enqueue("crm_match_id,Id,external_id,LastModifiedDate,IsDeleted,FirstName,Email\nG-ann,003Z,,,false,Ann,ann.lee@work.example\n"
                + "G-ann,003A,G-ann,,false,Ann,ann@x.com\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        assertEquals("003A", SyncSnapshot.parse(store.getEntityStore().findSnapshots("salesforce", List.of("G-ann")).get("G-ann").content()).row());

        runner.clearTransferState();
        runner.enqueue("crm_match_id,Id,external_id,LastModifiedDate,IsDeleted,FirstName,Email\nG-ann,003Z,,,false,Ann,ann.lee@home.example\n",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        assertTrue(only(MergeCRMRecord.REL_CONFLICT).get("crm_conflict").asText().contains("which syncs through row 003A there"));
    }

    /**
     * With the Golden ID Field: Robert's salesforce row 003A deleted by the sync, Robert entered again in hubspot, the sync's
     * insert into salesforce on its way (naming no row) when a person restores 003A. A row read next, 003C, holding exactly
     * the insert's values and newer than it, but no golden id in its external_id column, is a person's copy, never the
     * sync's duplicate: the insert, by golden id, wrote Robert's golden id into the row it created (before, it was taken for
     * the duplicate and a write-back deleted it). The insert's row 003B, read keeping the golden id, is deleted.
     */
    @Test
    void aRowWithoutTheGoldenIdHoldingTheInsertsValuesIsNeverDeletedAsTheSyncsDuplicate() throws IOException, StoreConflictException {
        runner.setProperty(MergeCRMRecord.CONFLICT_POLICY, SyncConflictPolicy.MOST_RECENT.getValue());
        runner.setProperty(MergeCRMRecord.DELETE_POLICY, SyncDeletePolicy.DELETE_WINS.getValue());
        runner.setProperty(MergeCRMRecord.DUPLICATE_ROW_POLICY, SyncDuplicateRowPolicy.ROUTE_TO_CONFLICT.getValue());
        runner.setProperty(MergeCRMRecord.GOLDEN_ID_FIELD, "/external_id");
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.MOST_RECENT, null, DeletePolicy.DELETE_WINS));
        final SyncDecision restored = ThreeWayCases.restoredWhileTheInsertWasOnItsWay(merge);
        assertFalse(restored.sourceSnapshot().crossed().isEmpty(), "the insert's values are remembered");
        seed(restored.sourceSnapshot(), ThreeWayCases.SOURCE);
        seed(restored.targetSnapshot(), ThreeWayCases.TARGET);
        final String header = "crm_match_id,Id,external_id,LastModifiedDate,IsDeleted,FirstName,Email,Phone\n";
        final String insertsValues = ",false,Robert,bob@example.com,\"(212) 555-0199\"\n";
        final String after = Instant.ofEpochMilli(ThreeWayCases.NOW + 6000).toString();

        runner.enqueue(header + ThreeWayCases.GOLDEN_ID + ",003C,," + after + insertsValues, SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_WRITE_BACK, 0);
        assertEquals("003A", SyncSnapshot.parse(store.getEntityStore().findSnapshots(ThreeWayCases.SOURCE, List.of(ThreeWayCases.GOLDEN_ID))
                .get(ThreeWayCases.GOLDEN_ID).content()).row(), "Robert syncs through the restored row");

        runner.clearTransferState();
        runner.enqueue(header + ThreeWayCases.GOLDEN_ID + ",003B," + ThreeWayCases.GOLDEN_ID + "," + after + insertsValues, SALESFORCE_TO_HUBSPOT);
        runner.run();
        final JsonNode deleted = only(MergeCRMRecord.REL_WRITE_BACK);
        assertEquals("delete", deleted.get("crm_sync_operation").asText());
        assertEquals("003B", deleted.get("crm_sync_row").asText(), "the insert's row, keeping the golden id, is the sync's duplicate");
    }

    /** The golden id as a CRM may keep it in the external id column (capitals, braces) still marks the customer's row. */
    @Test
    void theRowKeepingTheGoldenIdInCapitalsOrBracesIsTheCustomersRow() throws IOException {
        runner.setProperty(MergeCRMRecord.DUPLICATE_ROW_POLICY, SyncDuplicateRowPolicy.ROUTE_TO_CONFLICT.getValue());
        runner.setProperty(MergeCRMRecord.GOLDEN_ID_FIELD, "/external_id");
        final String ann = "01939b7e-5a1c-7d2e-8f3a-1b2c3d4e5f60";
        runner.enqueue("crm_match_id,Id,external_id,LastModifiedDate,IsDeleted,FirstName,Email\n" + ann + ",003Z,,,false,Ann,ann.lee@work.example\n"
                + ann + ",003A,{" + ann.toUpperCase(Locale.ROOT) + "},,false,Ann,ann@x.com\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        assertEquals("003A", SyncSnapshot.parse(store.getEntityStore().findSnapshots("salesforce", List.of(ann)).get(ann).content()).row());
    }

    @Test
    void recordsThatCannotBeSyncedGoToFailureWithTheirReason() throws IOException {
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName\n,1,,false,Ann\nG1,2,yesterday,false,Ben\nG2,3,,false,Cy\n",
                SALESFORCE_TO_HUBSPOT);
        runner.run();
        final MockFlowFile failed = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst();
        final JsonNode records = MAPPER.readTree(failed.getContent());
        assertEquals(2, records.size());
        assertEquals("Group Field: no golden id; MatchCRMRecord with the Entity Store gives every record one", records.get(0).get("crm_errors").asText());
        assertTrue(records.get(1).get("crm_errors").asText().startsWith("Timestamp Field: not a salesforce timestamp: not a date"), records.get(1).toString());
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);

        runner.clearTransferState();
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName\nG3,4,,false,Dee\n",
                Map.of("crm.source.system", "hubspot", "crm.target.system", "HubSpot"));
        runner.run();
        assertEquals("Source System: the record comes from the Target System HubSpot itself", MAPPER.readTree(
                runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().getContent()).get(0).get("crm_errors").asText());
    }

    /**
     * A FlowFile of more records than one part: every record is routed once, in order of its part, and a customer whose
     * record comes again two parts later sees the first one's decision (its own write coming back: unchanged).
     */
    @Test
    void aFlowFileOfSeveralPartsIsDecidedAsOne() throws IOException {
        final int records = 2 * MergeCRMRecord.SYNC_PART_RECORDS + 100;
        final StringBuilder csv = new StringBuilder("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\n");
        for (int i = 0; i < records; i++) {
            csv.append("G").append(i).append(',').append(i).append(",,false,Person").append(i).append(",p").append(i).append("@example.com\n");
        }
        csv.append("G7,7,,false,Person7,p7@example.com\n");
        runner.enqueue(csv.toString(), SALESFORCE_TO_HUBSPOT);
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final MockFlowFile merged = runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst();
        merged.assertAttributeEquals("record.count", String.valueOf(records));
        final MockFlowFile unchanged = runner.getFlowFilesForRelationship(MergeCRMRecord.REL_UNCHANGED).getFirst();
        unchanged.assertAttributeEquals("record.count", "1");
        assertEquals("G7", MAPPER.readTree(unchanged.getContent()).get(0).get("crm_match_id").asText());
        final JsonNode first = MAPPER.readTree(merged.getContent());
        assertEquals("G0", first.get(0).get("crm_match_id").asText());
        assertEquals("G" + (records - 1), first.get(records - 1).get("crm_match_id").asText());
        assertEquals(records, store.getEntityStore().findSnapshots("hubspot",
                java.util.stream.IntStream.range(0, records).mapToObj(i -> "G" + i).toList()).size());
    }

    @Test
    void aRecordOfACustomerErasedSinceItWasMatchedGoesToFailureAndKeepsNothing() throws IOException, StoreConflictException {
        final EntityStore entities = store.getEntityStore();
        final ChangeSet created = new ChangeSet(-1, entities.readMark());
        created.createEntity("G-erased");
        entities.write(created).commit();
        entities.erase(List.of("G-erased")).pendingWrite().commit();

        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName\nG-erased,1,,false,Ann\nG-kept,2,,false,Ben\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        final JsonNode failed = MAPPER.readTree(runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().getContent());
        assertEquals(1, failed.size());
        assertTrue(failed.get(0).get("crm_errors").asText().startsWith("Group Field: the customer G-erased was erased on request (EraseCRMRecord)"),
                failed.toString());
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        assertTrue(entities.findSnapshots("salesforce", List.of("G-erased")).isEmpty());
        assertTrue(entities.findSnapshots("hubspot", List.of("G-erased")).isEmpty());
        assertEquals(1, entities.findSnapshots("hubspot", List.of("G-kept")).size());
    }

    @Test
    void aFlowFileThatCannotBeWrittenLeavesTheSnapshotsAsTheyWere() throws InitializationException {
        final MockRecordWriter failing = new MockRecordWriter("Id", false, 0);
        runner.addControllerService("failing-writer", failing);
        runner.enableControllerService(failing);
        runner.setProperty(AbstractCRMRecordProcessor.RECORD_WRITER, "failing-writer");
        runner.enqueue("crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName\n" + ThreeWayCases.GOLDEN_ID + ",003A,,false,Ann\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        assertNull(stored(ThreeWayCases.SOURCE));
        assertNull(stored(ThreeWayCases.TARGET));
    }

    @Test
    void offersTheSyncRelationshipsOnlyInThreeWaySyncMode() {
        assertEquals(Set.of("merged", "write-back", "conflict", "unchanged", "original", "failure"),
                runner.getProcessor().getRelationships().stream().map(Relationship::getName).collect(java.util.stream.Collectors.toSet()));
        runner.setProperty(MergeCRMRecord.MERGE_MODE, MergeMode.GOLDEN_RECORDS.getValue());
        assertEquals(Set.of("merged", "original", "failure"),
                runner.getProcessor().getRelationships().stream().map(Relationship::getName).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void explainsWhatThreeWaySyncNeeds() {
        runner.removeProperty(MergeCRMRecord.SOURCE_SYSTEM);
        assertTrue(validationMessages().contains("Three-Way Sync needs the system each record comes from"), validationMessages());
        runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM_FIELD, "/System");
        runner.removeProperty(MergeCRMRecord.TIMESTAMP_FIELD);
        runner.setProperty(MergeCRMRecord.CONFLICT_POLICY, SyncConflictPolicy.MOST_RECENT.getValue());
        assertTrue(validationMessages().contains("Most Recent compares when each side changed: set the Timestamp Field"), validationMessages());
        runner.setProperty(MergeCRMRecord.CONFLICT_POLICY, SyncConflictPolicy.PREFER_SYSTEM.getValue());
        runner.assertNotValid();
        runner.setProperty(MergeCRMRecord.PREFERRED_SYSTEM, "salesforce");
        runner.setProperty(MergeCRMRecord.IGNORED_FIELDS, "/audit/created");
        assertTrue(validationMessages().contains("'/audit/created' is not a top-level field"), validationMessages());
        runner.setProperty(MergeCRMRecord.IGNORED_FIELDS, "/CreatedDate, /OwnerId");
        runner.assertValid();
        runner.setProperty(MergeCRMRecord.DUPLICATE_ROW_POLICY, SyncDuplicateRowPolicy.ROUTE_TO_CONFLICT.getValue());
        runner.removeProperty(MergeCRMRecord.SOURCE_ID_FIELD);
        assertTrue(validationMessages().contains("Route to Conflict tells a customer's rows apart by their ids: set the Source ID Field"),
                validationMessages());
    }

    private String validationMessages() {
        final StringBuilder messages = new StringBuilder();
        ((MockProcessContext) runner.getProcessContext()).validate().forEach(result -> messages.append(result.getExplanation()).append('\n'));
        return messages.toString();
    }
}
