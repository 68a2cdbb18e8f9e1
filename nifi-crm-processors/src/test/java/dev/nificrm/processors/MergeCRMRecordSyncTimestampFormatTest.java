package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EnabledStores;
import dev.nificrm.MutableClock;
import dev.nificrm.RecordServices;
import dev.nificrm.merge.SyncSnapshot;
import dev.nificrm.merge.SyncState;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import dev.nificrm.store.Snapshot;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.csv.CSVUtils;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MergeCRMRecord in Three-Way Sync mode with a Timestamp Format: two CRMs whose exports write their last-modified times as
 * {@code MM/dd/yyyy HH:mm:ss} (Zoho's CSV export) or in ISO-8601, read by NiFi's real CSVReader, written by the real
 * JsonRecordSetWriter, decided against a real EmbeddedEntityStore; the sync writes at the times a {@link MutableClock} says.
 * <p>
 * Each test edits Ann in both CRMs at once: HubSpot's edit (10:00 UTC) is synced to Salesforce at noon; Salesforce's own
 * edit, read after that, was made before the sync's write landed, so the two edits conflict and Most Recent decides by
 * the two times.
 */
class MergeCRMRecordSyncTimestampFormatTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String HEADER = "crm_match_id,Id,LastModifiedDate,IsDeleted,FirstName,Email\n";
    private static final String ZOHO_FORMAT = "MM/dd/yyyy HH:mm:ss";
    private static final Map<String, String> SALESFORCE_TO_HUBSPOT = Map.of("crm.source.system", "salesforce", "crm.target.system", "hubspot");
    private static final String DYNAMICS_FORMAT = "yyyy-MM-dd HH:mm:ss";
    private static final Map<String, String> DYNAMICS_TO_ZOHO = Map.of("crm.source.system", "dynamics", "crm.target.system", "zoho");
    private static final Map<String, String> ZOHO_TO_DYNAMICS = Map.of("crm.source.system", "zoho", "crm.target.system", "dynamics");
    private static final Map<String, String> HUBSPOT_TO_SALESFORCE = Map.of("crm.source.system", "hubspot", "crm.target.system", "salesforce");

    @TempDir
    Path storeDirectory;

    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    private MutableClock clock;
    private TestRunner runner;
    private EmbeddedEntityStore store;

    @BeforeEach
    void setUp() throws InitializationException {
        clock = new MutableClock(Instant.parse("2024-03-01T00:00:00Z"));
        runner = TestRunners.newTestRunner(new MergeCRMRecord(clock));
        RecordServices.useCsvReader(runner, Map.of(CSVUtils.TRIM_FIELDS, "true"));
        RecordServices.useJsonWriter(runner);
        SyncFlowProperties.merge(runner);
        store = new EmbeddedEntityStore();
        runner.addControllerService("entity-store", store);
        runner.setProperty(store, EmbeddedEntityStore.STORE_DIRECTORY, storeDirectory.toString());
        stores.enable(runner, store);
        runner.setProperty(MergeCRMRecord.DELETE_POLICY, SyncDeletePolicy.DELETE_WINS.getValue());
        runner.setProperty(MergeCRMRecord.CONFLICT_POLICY, SyncConflictPolicy.MOST_RECENT.getValue());
        runner.setProperty(MergeCRMRecord.TIMESTAMP_FORMAT, ZOHO_FORMAT);
        runner.assertValid();
    }

    /**
     * Both CRMs write MM/dd/yyyy HH:mm:ss. Salesforce's edit at 11:00 is newer than HubSpot's at 10:00 and goes to HubSpot;
     * the record written carries its LastModifiedDate as read. Before, every record went to failure ("Timestamp Field: not a
     * date or ISO-8601 timestamp"): the sync could not decide which edit was newer.
     */
    @Test
    void theNewerEditWinsWhenBothCrmsWriteThePattern() throws IOException {
        syncAnnIntoHubSpotAndHubSpotsEditBack("02/28/2024 08:00:00", "03/01/2024 10:00:00");

        final JsonNode merged = editInSalesforce("03/01/2024 11:00:00");
        assertEquals("ann@salesforce.example", merged.get("Email").asText(), "Salesforce's edit is the newer one");
        assertEquals("03/01/2024 11:00:00", merged.get("LastModifiedDate").asText(), "written as read");
        assertEquals("ann@salesforce.example", hubSpot().value("Email"));
    }

    /** Both CRMs write MM/dd/yyyy HH:mm:ss. Salesforce's edit at 09:00 is older than HubSpot's at 10:00: HubSpot keeps its value. */
    @Test
    void theOlderEditLosesWhenBothCrmsWriteThePattern() throws IOException {
        syncAnnIntoHubSpotAndHubSpotsEditBack("02/28/2024 08:00:00", "03/01/2024 10:00:00");

        assertOlderSalesforceEditLoses("03/01/2024 09:00:00");
    }

    /**
     * Salesforce writes ISO-8601, HubSpot the pattern: the two are compared as instants. As text, 2024-03-01T11:00:00Z and
     * 03/01/2024 10:00:00 have no order; read, 11:00 is the newer edit.
     */
    @Test
    void isoAndThePatternAreComparedAsInstants() throws IOException {
        syncAnnIntoHubSpotAndHubSpotsEditBack("2024-02-28T08:00:00Z", "03/01/2024 10:00:00");

        assertEquals("ann@salesforce.example", editInSalesforce("2024-03-01T11:00:00.000+0000").get("Email").asText());
    }

    /**
     * HubSpot's pattern times are New York's local times (Timestamp Time Zone): its 05:00 is 10:00 UTC, newer than
     * Salesforce's 09:00 UTC in ISO-8601. Read as UTC, 05:00 would lose to 09:00.
     */
    @Test
    void thePatternIsReadInTheTimestampTimeZone() throws IOException {
        runner.setProperty(MergeCRMRecord.TIMESTAMP_TIME_ZONE, "America/New_York");
        syncAnnIntoHubSpotAndHubSpotsEditBack("2024-02-28T08:00:00Z", "03/01/2024 05:00:00");

        assertOlderSalesforceEditLoses("2024-03-01T09:00:00Z");
    }

    /** A tombstone's time is read in the pattern too: Salesforce's deletion after the sync's write deletes Ann in HubSpot. */
    @Test
    void aTombstoneTimedInThePatternDeletes() throws IOException {
        syncAnnIntoHubSpotAndHubSpotsEditBack("02/28/2024 08:00:00", "03/01/2024 10:00:00");
        clock.advance(Duration.ofHours(12));

        runner.enqueue(HEADER + "G-ann,003A,03/01/2024 13:00:00,true,,\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        assertEquals("delete", only(MergeCRMRecord.REL_MERGED).get("crm_sync_operation").asText());
        assertTrue(hubSpot().deleted());
    }

    /**
     * A time in neither ISO-8601 nor the pattern (a record, or a tombstone) goes to failure saying why, and leaves no
     * snapshot: it is not taken as the oldest time, nor as no time. The FlowFile's other records are synced.
     */
    @Test
    void aTimeInNeitherFormatGoesToFailureWithTheReason() throws IOException {
        runner.enqueue(HEADER + "G-ann,003A,2024/03/01 09:00,false,Ann,ann@x.com\nG-bob,003B,03/01/2024 09:00:00,false,Bob,bob@x.com\n"
                + "G-cy,003C,1 March 2024,true,,\n", SALESFORCE_TO_HUBSPOT);
        runner.run();

        final JsonNode failed = records(AbstractCRMRecordProcessor.REL_FAILURE);
        assertEquals(2, failed.size());
        for (final JsonNode record : failed) {
            assertEquals("Timestamp Field: not a salesforce timestamp: not a date or ISO-8601 timestamp (e.g. 2024-03-01T09:30:00Z), nor in "
                    + "the format " + ZOHO_FORMAT,
                    record.get("crm_errors").asText(), record.toString());
        }
        assertEquals("bob@x.com", only(MergeCRMRecord.REL_MERGED).get("Email").asText());
        for (final String system : List.of("salesforce", "hubspot")) {
            assertTrue(store.getEntityStore().findSnapshots(system, List.of("G-ann", "G-cy")).isEmpty(), system);
        }
    }

    @Test
    void explainsAnInvalidTimeZone() {
        runner.setProperty(MergeCRMRecord.TIMESTAMP_TIME_ZONE, "Mars/Olympus");
        final List<String> explanations = new ArrayList<>();
        ((MockProcessContext) runner.getProcessContext()).validate().forEach(result -> explanations.add(result.getExplanation()));
        assertTrue(explanations.toString().contains("'Mars/Olympus' is not a time zone"), explanations.toString());
    }

    /**
     * Three-Way Sync between two CRMs that write their last-modified times each in its own way: Zoho's
     * CSV export {@code MM/dd/yyyy HH:mm:ss} in its user's zone (Europe/Berlin, UTC+1 in March) and Dynamics 365's
     * {@code yyyy-MM-dd HH:mm:ss} in America/New_York (UTC-5 in early March).
     * <p>
     * Each test edits Ann in both CRMs at once: Zoho's edit (11:00 Berlin, 10:00 UTC) is synced to Dynamics at noon UTC;
     * Dynamics' own edit, read after that, was made before the sync's write landed, so the two edits conflict and Most Recent
     * decides by the two instants. With one Timestamp Format and Time Zone for both (Zoho's, the best an operator could set
     * before), Dynamics' local times were read as UTC, five hours early: its newer edit lost.
     */
    @Nested
    class EachSystemInItsOwnFormatAndZone {
        @BeforeEach
        void listDynamicsOnly() {
            // Zoho, not listed, is read as the Timestamp Format and Time Zone say; Dynamics in its own format and zone
            runner.setProperty(MergeCRMRecord.TIMESTAMP_TIME_ZONE, "Europe/Berlin");
            runner.setProperty(MergeCRMRecord.SYSTEM_TIMESTAMP_FORMATS, "dynamics=" + DYNAMICS_FORMAT);
            runner.setProperty(MergeCRMRecord.SYSTEM_TIMESTAMP_TIME_ZONES, "Dynamics = America/New_York");
            runner.assertValid();
        }

        @Test
        void theNewerEditWinsInItsSystemsFormatAndZone() throws IOException {
            syncAnnIntoZohoAndZohosEditBack();

            final JsonNode merged = editInDynamics("2024-03-01 06:00:00");
            assertEquals("ann@dynamics.example", merged.get("Email").asText(), "Dynamics' edit is the newer one");
            assertEquals("2024-03-01 06:00:00", merged.get("LastModifiedDate").asText(), "written as read");
            assertEquals("ann@dynamics.example", snapshot("zoho").value("Email"));
        }

        /** Dynamics' edit at 04:00 New York (09:00 UTC) is older than Zoho's at 10:00 UTC: Zoho keeps its value. */
        @Test
        void theOlderEditLosesInItsSystemsFormatAndZone() throws IOException {
            syncAnnIntoZohoAndZohosEditBack();

            assertOlderDynamicsEditLoses("2024-03-01 04:00:00");
        }

        /**
         * Zoho, not listed, is read in the Timestamp Time Zone: its 11:00 is 10:00 UTC, older than Dynamics' 05:30 New York
         * (10:30 UTC). Read as UTC, Zoho's 11:00 would have been the newer edit.
         */
        @Test
        void aSystemNotListedIsReadAsTheTimestampFormatSays() throws IOException {
            syncAnnIntoZohoAndZohosEditBack();

            assertEquals("ann@dynamics.example", editInDynamics("2024-03-01 05:30:00").get("Email").asText());
        }

        /** Both systems listed, the Timestamp Format empty: each is read in its own format and zone, any other system as ISO-8601. */
        @Test
        void bothSystemsListedWithoutATimestampFormat() throws IOException {
            runner.removeProperty(MergeCRMRecord.TIMESTAMP_FORMAT);
            runner.removeProperty(MergeCRMRecord.TIMESTAMP_TIME_ZONE);
            runner.setProperty(MergeCRMRecord.SYSTEM_TIMESTAMP_FORMATS, "zoho=" + ZOHO_FORMAT + "\ndynamics=" + DYNAMICS_FORMAT);
            runner.setProperty(MergeCRMRecord.SYSTEM_TIMESTAMP_TIME_ZONES, "zoho=Europe/Berlin; dynamics=America/New_York");
            syncAnnIntoZohoAndZohosEditBack();

            assertEquals("ann@dynamics.example", editInDynamics("2024-03-01 06:00:00").get("Email").asText());
        }

        /**
         * A Dynamics time in neither its format nor ISO-8601 (Zoho's format, or a date as words) goes to failure saying which
         * format it was read in, and leaves no snapshot; the FlowFile's other record is synced.
         */
        @Test
        void aTimeInNeitherFormatGoesToFailureWithTheReason() throws IOException {
            runner.enqueue(HEADER + "G-ann,A-1,03/01/2024 09:00:00,false,Ann,ann@x.com\nG-bob,A-2,2024-03-01 09:00:00,false,Bob,bob@x.com\n"
                    + "G-cy,A-3,1 March 2024,true,,\n", DYNAMICS_TO_ZOHO);
            runner.run();

            final JsonNode failed = records(AbstractCRMRecordProcessor.REL_FAILURE);
            assertEquals(2, failed.size());
            for (final JsonNode record : failed) {
                assertEquals("Timestamp Field: not a dynamics timestamp: not a date or ISO-8601 timestamp (e.g. 2024-03-01T09:30:00Z), nor "
                        + "in the format " + DYNAMICS_FORMAT,
                        record.get("crm_errors").asText(), record.toString());
            }
            assertEquals("bob@x.com", only(MergeCRMRecord.REL_MERGED).get("Email").asText());
            for (final String system : List.of("zoho", "dynamics")) {
                assertTrue(store.getEntityStore().findSnapshots(system, List.of("G-ann", "G-cy")).isEmpty(), system);
            }
        }

        @Test
        void explainsABadEntry() {
            assertInvalid(MergeCRMRecord.SYSTEM_TIMESTAMP_FORMATS, "dynamics yyyy-MM-dd HH:mm:ss",
                    "'dynamics yyyy-MM-dd HH:mm:ss' is not system=value: give one system a line, e.g. zoho=MM/dd/yyyy HH:mm:ss");
            assertInvalid(MergeCRMRecord.SYSTEM_TIMESTAMP_FORMATS, "dynamics=HH:mm:ss", "dynamics: 'HH:mm:ss' reads no day");
            assertInvalid(MergeCRMRecord.SYSTEM_TIMESTAMP_FORMATS, "dynamics=" + DYNAMICS_FORMAT + "\nDynamics=" + ZOHO_FORMAT,
                    "Dynamics is listed twice: give each system one entry");
            assertInvalid(MergeCRMRecord.SYSTEM_TIMESTAMP_TIME_ZONES, "dynamics=Mars/Olympus", "dynamics: 'Mars/Olympus' is not a time zone");
        }

        /** A zone applies to a pattern's local times: a system with a zone and no pattern, neither its own nor the default, is explained. */
        @Test
        void explainsAZoneWithoutAFormat() {
            runner.removeProperty(MergeCRMRecord.TIMESTAMP_FORMAT);
            runner.setProperty(MergeCRMRecord.SYSTEM_TIMESTAMP_TIME_ZONES, "dynamics=America/New_York\nsalesforce=UTC");
            assertInvalid(MergeCRMRecord.SYSTEM_TIMESTAMP_TIME_ZONES, "dynamics=America/New_York\nsalesforce=UTC",
                    "salesforce has a time zone but no format whose times it is the zone of (ISO-8601 carries its own offset): give "
                            + "salesforce a format, e.g. salesforce=yyyy-MM-dd HH:mm:ss in System Timestamp Formats, or set the Timestamp Format");
        }

        private void assertInvalid(final PropertyDescriptor property, final String value, final String explanation) {
            runner.setProperty(property, value);
            final List<String> explanations = new ArrayList<>();
            ((MockProcessContext) runner.getProcessContext()).validate().forEach(result -> explanations.add(result.getExplanation()));
            assertTrue(explanations.stream().anyMatch(text -> text != null && text.contains(explanation)), explanations.toString());
            runner.assertNotValid();
        }

        /**
         * Dynamics' Ann (read at 08:00 New York on February 28) is synced into Zoho at midnight UTC; Zoho's edit of her email
         * (11:00 Berlin, 10:00 UTC) is synced back to Dynamics at noon UTC.
         */
        private void syncAnnIntoZohoAndZohosEditBack() throws IOException {
            runner.enqueue(HEADER + "G-ann,A-1,2024-02-28 08:00:00,false,Ann,ann@x.com\n", DYNAMICS_TO_ZOHO);
            runner.run();
            assertEquals("ann@x.com", only(MergeCRMRecord.REL_MERGED).get("Email").asText(), "Ann inserted in Zoho");
            runner.clearTransferState();

            clock.advance(Duration.ofHours(12));
            runner.enqueue(HEADER + "G-ann,Z-9,03/01/2024 11:00:00,false,Ann,ann@zoho.example\n", ZOHO_TO_DYNAMICS);
            runner.run();
            assertEquals("ann@zoho.example", only(MergeCRMRecord.REL_MERGED).get("Email").asText(), "Zoho's edit goes to Dynamics");
            runner.clearTransferState();
        }

        /** Dynamics' record edited at the given local time (before the sync's noon write landed there), read now: what goes to Zoho. */
        private JsonNode editInDynamics(final String dynamicsTime) throws IOException {
            enqueueDynamicsEdit(dynamicsTime);
            return only(MergeCRMRecord.REL_MERGED);
        }

        private void assertOlderDynamicsEditLoses(final String dynamicsTime) {
            enqueueDynamicsEdit(dynamicsTime);
            runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
            assertEquals("ann@zoho.example", snapshot("zoho").value("Email"), "Zoho's newer edit stands");
        }

        private void enqueueDynamicsEdit(final String dynamicsTime) {
            runner.enqueue(HEADER + "G-ann,A-1," + dynamicsTime + ",false,Ann,ann@dynamics.example\n", DYNAMICS_TO_ZOHO);
            runner.run();
            runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
            runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        }
    }

    /**
     * Salesforce's Ann (read at the given time) is synced into HubSpot at midnight; HubSpot's edit of her email (at the
     * given time) is synced back to Salesforce at noon.
     */
    private void syncAnnIntoHubSpotAndHubSpotsEditBack(final String salesforceTime, final String hubSpotTime) throws IOException {
        runner.enqueue(HEADER + "G-ann,003A," + salesforceTime + ",false,Ann,ann@x.com\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        assertEquals("ann@x.com", only(MergeCRMRecord.REL_MERGED).get("Email").asText(), "Ann inserted in HubSpot");
        runner.clearTransferState();

        clock.advance(Duration.ofHours(12));
        runner.enqueue(HEADER + "G-ann,901," + hubSpotTime + ",false,Ann,ann@hubspot.example\n", HUBSPOT_TO_SALESFORCE);
        runner.run();
        final JsonNode edit = only(MergeCRMRecord.REL_MERGED);
        assertEquals("ann@hubspot.example", edit.get("Email").asText(), "HubSpot's edit goes to Salesforce");
        assertEquals(hubSpotTime, edit.get("LastModifiedDate").asText(), "written as read");
        runner.clearTransferState();
    }

    /** Salesforce's record edited at the given time (before the sync's noon write landed there), read now: what goes to HubSpot. */
    private JsonNode editInSalesforce(final String salesforceTime) throws IOException {
        runner.enqueue(HEADER + "G-ann,003A," + salesforceTime + ",false,Ann,ann@salesforce.example\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        return only(MergeCRMRecord.REL_MERGED);
    }

    private void assertOlderSalesforceEditLoses(final String salesforceTime) throws IOException {
        runner.enqueue(HEADER + "G-ann,003A," + salesforceTime + ",false,Ann,ann@salesforce.example\n", SALESFORCE_TO_HUBSPOT);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_CONFLICT, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 0);
        assertEquals("ann@hubspot.example", hubSpot().value("Email"), "HubSpot's newer edit stands");
    }

    /** HubSpot's snapshot of Ann: what the sync knows HubSpot holds. */
    private SyncState hubSpot() {
        return snapshot("hubspot");
    }

    /** The system's snapshot of Ann: what the sync knows the system holds. */
    private SyncState snapshot(final String system) {
        final Snapshot snapshot = store.getEntityStore().findSnapshots(system, List.of("G-ann")).get("G-ann");
        assertNotNull(snapshot, system + "'s snapshot of Ann");
        return SyncSnapshot.parse(snapshot.content()).state();
    }

    private JsonNode only(final Relationship relationship) throws IOException {
        final JsonNode records = records(relationship);
        assertEquals(1, records.size(), relationship.getName());
        return records.get(0);
    }

    private JsonNode records(final Relationship relationship) throws IOException {
        final List<MockFlowFile> flowFiles = runner.getFlowFilesForRelationship(relationship);
        assertEquals(1, flowFiles.size(), relationship.getName());
        return MAPPER.readTree(flowFiles.getFirst().getContent());
    }
}
