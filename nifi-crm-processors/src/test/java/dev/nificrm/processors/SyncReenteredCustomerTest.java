package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EnabledStores;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import dev.nificrm.store.SourceKey;
import dev.nificrm.store.StoredMember;
import org.apache.nifi.csv.CSVUtils;
import org.apache.nifi.processor.Relationship;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A customer deleted in both CRMs and entered again by a person in a new row, through the real MatchCRMRecord and
 * MergeCRMRecord on one Entity Store (CSVReader in, JSON between them): what the sync does depends on whether the
 * tombstones carried the rows' last values.
 */
class SyncReenteredCustomerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "Id,IsDeleted,LastModifiedDate,FirstName,LastName,Email,Phone\n";
    private static final String ANN = "Ann,Lindqvist,ann.lindqvist@example.com,+46 70 123 45 67";

    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    @TempDir
    Path storeDirectory;

    private TestRunner match;
    private TestRunner merge;
    private EmbeddedEntityStore store;

    @BeforeEach
    void flow() throws InitializationException {
        match = TestRunners.newTestRunner(MatchCRMRecord.class);
        RecordServices.useCsvReader(match, Map.of(CSVUtils.TRIM_FIELDS, "true"));
        RecordServices.useJsonWriter(match);
        store = entityStore(match);
        SyncFlowProperties.match(match);

        merge = TestRunners.newTestRunner(new MergeCRMRecord(Clock.fixed(Instant.parse("2024-07-01T00:00:00Z"), ZoneOffset.UTC)));
        RecordServices.useJsonReader(merge);
        RecordServices.useJsonWriter(merge);
        entityStore(merge);
        SyncFlowProperties.merge(merge);
        merge.assertValid();
    }

    private EmbeddedEntityStore entityStore(final TestRunner runner) throws InitializationException {
        final EmbeddedEntityStore service = new EmbeddedEntityStore();
        runner.addControllerService("entity-store", service);
        runner.setProperty(service, EmbeddedEntityStore.STORE_DIRECTORY, storeDirectory.toString());
        stores.enable(runner, service);
        return service;
    }

    /**
     * Tombstones of the id alone (as a CRM's delete webhook or a deletion log gives them): the store still links both
     * deleted rows to the customer (by system and id: a tombstone read again is that customer's), but a record read again
     * replaces the values the store matches on, so nothing is left to match the new row by: it is a new customer, synced
     * to HubSpot as such, and both CRMs end holding Ann once.
     */
    @Test
    void withTombstonesOfTheIdAloneTheCustomerEnteredAgainIsANewCustomer() throws IOException {
        final String customer = syncedThenDeletedInBoth(false);
        final List<JsonNode> merged = direction("salesforce", "hubspot", HEADER + "003Q,false,2024-06-05T09:00:00Z," + ANN + "\n");
        assertEquals(1, merged.size());
        final String again = merged.getFirst().get("crm_match_id").asText();
        assertNotEquals(customer, again, "nothing left to match the new row by: a new customer");
        assertEquals("new", merged.getFirst().get("crm_entity_status").asText());
        assertTrue(merged.getFirst().path("crm_sync_row").isNull() || merged.getFirst().path("crm_sync_row").isMissingNode(),
                "inserted in HubSpot, not written into the deleted row: " + merged.getFirst());
        assertEquals(customer, goldenId("salesforce", "003A"), "the deleted rows stay linked to the customer deleted");
        assertEquals(customer, goldenId("hubspot", "901"));
        assertEquals(List.of(), direction("salesforce", "hubspot", HEADER + "003A,true,2024-06-02T09:00:00Z,,,,\n"),
                "the old row's tombstone read again changes nothing");
    }

    /**
     * Tombstones carrying the rows' last values (as Salesforce's queryAll gives deleted rows): the new row matches the
     * customer deleted, which comes back in HubSpot with its golden id.
     */
    @Test
    void withTombstonesCarryingTheLastValuesTheCustomerEnteredAgainIsTheCustomerDeleted() throws IOException {
        final String customer = syncedThenDeletedInBoth(true);
        final List<JsonNode> merged = direction("salesforce", "hubspot", HEADER + "003Q,false,2024-06-05T09:00:00Z," + ANN + "\n");
        assertEquals(1, merged.size());
        assertEquals(customer, merged.getFirst().get("crm_match_id").asText(), "matched to the customer deleted");
        assertEquals("ann.lindqvist@example.com", merged.getFirst().get("Email").asText(), "back in HubSpot");
        assertEquals(customer, goldenId("salesforce", "003Q"));
        assertInsertedInHubSpotAndTheNewRowTakesOver(customer, merged.getFirst(), "003Q");
    }

    /**
     * Tombstones of the id alone, then the deleted row restored in Salesforce (its recycle bin keeps the id): the store
     * links the row to the customer by system and id, so it is the customer deleted, back in HubSpot with its golden id.
     */
    @Test
    void withTombstonesOfTheIdAloneARestoredRowIsTheCustomerDeleted() throws IOException {
        final String customer = syncedThenDeletedInBoth(false);
        final List<JsonNode> merged = direction("salesforce", "hubspot", HEADER + "003A,false,2024-06-05T09:00:00Z," + ANN + "\n");
        assertEquals(1, merged.size());
        assertEquals(customer, merged.getFirst().get("crm_match_id").asText(), "the restored row is the customer's, by system and id");
        assertEquals("existing", merged.getFirst().get("crm_entity_status").asText());
        assertEquals("ann.lindqvist@example.com", merged.getFirst().get("Email").asText(), "back in HubSpot");
        assertInsertedInHubSpotAndTheNewRowTakesOver(customer, merged.getFirst(), "003A");
    }

    /**
     * Synced, then deleted in HubSpot while Salesforce changed the customer in the same cycle (Delete Policy
     * update-revives): the change reaches HubSpot first, through row 901 (the sync does not know of the deletion yet);
     * then HubSpot's tombstone loses to the change, and the write-back that brings the customer back in HubSpot names no
     * row there: row 901 is deleted, so the loader inserts a new one, which takes over.
     */
    @Test
    void aCustomerDeletedInHubSpotWhileChangedInSalesforceIsInsertedThereAgainWithUpdateRevives() throws IOException {
        merge.setProperty(MergeCRMRecord.DELETE_POLICY, SyncDeletePolicy.UPDATE_REVIVES.getValue());
        final List<JsonNode> inserted = direction("salesforce", "hubspot", HEADER + "003A,false,2024-06-01T09:00:00Z," + ANN + "\n");
        final String customer = inserted.getFirst().get("crm_match_id").asText();
        assertEquals(List.of(), direction("hubspot", "salesforce", HEADER + "901,false,2024-06-01T10:00:00Z," + ANN + "\n"));
        final List<JsonNode> changed = direction("salesforce", "hubspot", HEADER + "003A,false,2024-06-02T09:00:00Z,"
                + ANN.replace("+46 70 123 45 67", "+46 70 999 00 00") + "\n");
        assertEquals("901", changed.getFirst().get("crm_sync_row").asText(), "the deletion is not known yet");
        direction("hubspot", "salesforce", HEADER + "901,true,2024-06-02T08:30:00Z," + ANN + "\n");
        final List<JsonNode> writeBack = records(merge, MergeCRMRecord.REL_WRITE_BACK);
        assertEquals(1, writeBack.size(), "HubSpot gets the customer back");
        assertEquals("upsert", writeBack.getFirst().get("crm_sync_operation").asText());
        assertTrue(writeBack.getFirst().path("crm_sync_row").isNull(), "inserted, not written into the deleted row 901: " + writeBack.getFirst());
        assertEquals("+46 70 999 00 00", writeBack.getFirst().get("Phone").asText());
        assertEquals(customer, writeBack.getFirst().get("crm_match_id").asText());
    }

    /**
     * The record merged for HubSpot, where the customer's row 901 is deleted: it names no row (a CRM refuses a write to
     * a deleted row, so the loader inserts a new one); the new row read back is the sync's echo and HubSpot's row from
     * then on, and row 901's tombstone read again changes nothing.
     */
    private void assertInsertedInHubSpotAndTheNewRowTakesOver(final String customer, final JsonNode merged, final String salesforceRow)
            throws IOException {
        assertEquals("upsert", merged.get("crm_sync_operation").asText());
        assertTrue(merged.path("crm_sync_row").isNull() || merged.path("crm_sync_row").isMissingNode(),
                "inserted in HubSpot, not written into the deleted row 901: " + merged);
        assertEquals(List.of(), direction("hubspot", "salesforce", HEADER + "902,false,2024-07-01T00:05:00Z," + ANN + "\n"),
                "the insert read back: an echo");
        assertEquals(customer, goldenId("hubspot", "902"));
        assertEquals(List.of(), direction("hubspot", "salesforce", HEADER + "901,true,2024-06-02T10:00:00Z,,,,\n"),
                "the deleted row's tombstone read again changes nothing");
        final List<JsonNode> edit = direction("salesforce", "hubspot", HEADER + salesforceRow + ",false,2024-07-01T00:10:00Z,"
                + ANN.replace("ann.lindqvist@example.com", "ann@lindqvist.example") + "\n");
        assertEquals(1, edit.size());
        assertEquals("902", edit.getFirst().get("crm_sync_row").asText(), "the next write goes to the new row");
    }

    /** Ann synced from Salesforce row 003A to HubSpot row 901, then deleted in Salesforce and so in HubSpot: her golden id. */
    private String syncedThenDeletedInBoth(final boolean tombstonesCarryValues) throws IOException {
        final List<JsonNode> inserted = direction("salesforce", "hubspot", HEADER + "003A,false,2024-06-01T09:00:00Z," + ANN + "\n");
        assertEquals(1, inserted.size());
        final String customer = inserted.getFirst().get("crm_match_id").asText();
        assertEquals(List.of(), direction("hubspot", "salesforce", HEADER + "901,false,2024-06-01T10:00:00Z," + ANN + "\n"),
                "the sync's insert read back: an echo");
        final String last = tombstonesCarryValues ? ANN : ",,,";
        final List<JsonNode> deleted = direction("salesforce", "hubspot", HEADER + "003A,true,2024-06-02T09:00:00Z," + last + "\n");
        assertEquals(1, deleted.size());
        assertEquals("delete", deleted.getFirst().get("crm_sync_operation").asText());
        assertEquals(customer, deleted.getFirst().get("crm_match_id").asText(), "the tombstone is the customer's, by system and id");
        assertEquals(List.of(), direction("hubspot", "salesforce", HEADER + "901,true,2024-06-02T10:00:00Z," + last + "\n"),
                "the sync's delete read back: an echo");
        return customer;
    }

    /** MatchCRMRecord then MergeCRMRecord on the CSV of one CRM's changes: the records merged for the other CRM. */
    private List<JsonNode> direction(final String source, final String target, final String csv) throws IOException {
        final Map<String, String> attributes = Map.of("crm.source.system", source, "crm.target.system", target);
        match.clearTransferState();
        match.enqueue(csv, attributes);
        match.run();
        match.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final List<JsonNode> matched = new ArrayList<>(records(match, MatchCRMRecord.REL_MATCHED));
        matched.addAll(records(match, MatchCRMRecord.REL_UNMATCHED));
        assertEquals(List.of(), records(match, MatchCRMRecord.REL_REVIEW));
        merge.clearTransferState();
        merge.enqueue(JSON.writeValueAsString(matched), attributes);
        merge.run();
        merge.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        merge.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        return records(merge, MergeCRMRecord.REL_MERGED);
    }

    private static List<JsonNode> records(final TestRunner runner, final Relationship relationship) throws IOException {
        final List<JsonNode> records = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
            JSON.readTree(flowFile.getContent()).forEach(records::add);
        }
        return records;
    }

    private String goldenId(final String system, final String id) {
        final SourceKey key = new SourceKey(system, id);
        final StoredMember member = store.getEntityStore().findMembers(List.of(key), List.of()).get(key);
        return member == null ? null : store.getEntityStore().liveGoldenId(member.goldenId()).orElseThrow();
    }
}
