package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EnabledStores;
import dev.nificrm.MutableClock;
import dev.nificrm.RecordServices;
import dev.nificrm.SyncedStores;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.EntityStoreException;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.components.state.StateMap;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.FlowFileFilter;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.MockProcessorInitializationContext;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ReconcileCRMRecord reading a HubSpot table as ExecuteSQLRecord writes it (JSON, lower-case columns) against a real
 * embedded entity store after a Salesforce → HubSpot sync, with the run's counts as TrackCRMProgress's summary carries them.
 */
class ReconcileCRMRecordTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    @TempDir
    Path storeDirectory;

    private ReconcileCRMRecord processor;
    /** The processor instance triggerAsNiFiQueues scheduled last. */
    private ReconcileCRMRecord scheduled;
    private TestRunner runner;
    private Map<String, String> salesforce;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    @BeforeEach
    void setUp() throws InitializationException {
        final EmbeddedEntityStore service = start(new ReconcileCRMRecord(clock));
        salesforce = SyncedStores.salesforceToHubSpot(service.getEntityStore());
    }

    /** Starts the processor on a runner of its own with the test's store, as NiFi starts it (again, after a restart). */
    private EmbeddedEntityStore start(final ReconcileCRMRecord started) throws InitializationException {
        processor = started;
        runner = TestRunners.newTestRunner(processor);
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
        final EmbeddedEntityStore service = new EmbeddedEntityStore();
        runner.addControllerService("entity-store", service);
        runner.setProperty(service, EmbeddedEntityStore.STORE_DIRECTORY, storeDirectory.toString());
        stores.enable(runner, service);
        runner.setProperty(ReconcileCRMRecord.ENTITY_STORE, "entity-store");
        runner.setProperty(ReconcileCRMRecord.SOURCE_SYSTEM, "salesforce");
        runner.setProperty(ReconcileCRMRecord.TARGET_SYSTEM, "${crm.target.system}");
        runner.setProperty(ReconcileCRMRecord.TARGET_ID_FIELD, "/id");
        runner.setProperty(ReconcileCRMRecord.IGNORED_FIELDS, "updated_at, id");
        return service;
    }

    private static Map<String, String> summaryOfTheRun(final String read, final String written, final String invalid) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put("crm.target.system", "hubspot");
        attributes.put("crm.run.id", "sync-42");
        attributes.put("crm.progress.total.count", read);
        attributes.put("crm.progress.outcome.written.count", written);
        attributes.put("crm.progress.outcome.invalid.count", invalid);
        return attributes;
    }

    private JsonNode report() throws IOException {
        runner.assertTransferCount(ReconcileCRMRecord.REL_REPORT, 1);
        final MockFlowFile report = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst();
        report.assertAttributeEquals("record.count", "1");
        final JsonNode records = MAPPER.readTree(report.getContent());
        assertEquals(1, records.size());
        return records.get(0);
    }

    /**
     * A target export holding a value where a record is expected ([{...}, "x", {...}]): NiFi's JsonTreeReader skips the
     * value and the object after it without a word, so the report counted 1 target record of 2 and called the entity of
     * the second missing in the target. The export now goes to failure unchanged, saying where, and no report is written.
     */
    @Test
    void anExportWithAValueTheReaderWouldSkipGoesToFailureInsteadOfReconcilingTooFewRecords() {
        final String export = "[{\"id\": 77, \"firstname\": \"Ann\"}, \"x\", {\"id\": 78, \"firstname\": \"Bo\"}]";
        runner.enqueue(export, summaryOfTheRun("2", "2", "0"));
        runner.run();
        runner.assertTransferCount(ReconcileCRMRecord.REL_REPORT, 0);
        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 0);
        runner.assertTransferCount(ReconcileCRMRecord.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_FAILURE).getFirst();
        failed.assertContentEquals(export);
        assertTrue(failed.getAttribute("record.error.message").startsWith("value 2 of the content is a string where a record (a JSON object) is "
                + "expected"), failed.getAttribute("record.error.message"));
    }

    /**
     * A target record with a list nested 40 levels deep: each level of the list's canonical text escaped the text of the
     * level below it, doubling its quotes and backslashes, so the checksum's text grew twofold per level and exhausted the
     * heap (an OutOfMemoryError escaping onTrigger) for a list a JSON export may well hold. Lists deeper than four levels
     * are now kept as arrays in that text, and the record is reconciled as any other.
     */
    @Test
    void reconcilesARecordWithAListNestedFortyLevelsDeep() {
        final String nested = "[".repeat(40) + "\"golf\"" + "]".repeat(40);
        runner.enqueue("[{\"id\": 77, \"firstname\": \"Ann\", \"interests\": " + nested + "}]", summaryOfTheRun("1", "1", "0"));
        runner.run();
        runner.assertTransferCount(ReconcileCRMRecord.REL_FAILURE, 0);
        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 1);
        final MockFlowFile report = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst();
        report.assertAttributeEquals("crm.reconcile.failure.count", "0");
        report.assertAttributeEquals("crm.reconcile.no_id.count", "0");
    }

    /**
     * The target's id read by the real JsonTreeReader inferring the schema, where "ids" holds a list in one record and text
     * in another (CHOICE[ARRAY, STRING]): /ids[0] links Ann's record to her entity, where NiFi's RecordPath alone selected
     * nothing and she was counted as a record without an id (and her entity as missing in the target).
     */
    @Test
    void readsTheTargetIdThroughAFieldTypedAsAChoice() {
        runner.setProperty(ReconcileCRMRecord.TARGET_ID_FIELD, "/ids[0]");
        runner.setProperty(ReconcileCRMRecord.IGNORED_FIELDS, "updated_at, ids");
        runner.enqueue("""
                [{"ids": [77, 7], "firstname": "Ann", "email": "ann@lee.org", "updated_at": "2026-12-01T09:00:00Z"},
                 {"ids": "none", "firstname": "Eve", "email": "eve@example.com", "updated_at": "2026-12-01T09:45:00Z"}]""",
                summaryOfTheRun("2", "1", "1"));
        runner.run();
        final MockFlowFile flowFile = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst();
        flowFile.assertAttributeEquals("crm.reconcile.in_sync.count", "1");
        flowFile.assertAttributeEquals("crm.reconcile.no_id.count", "1");
    }

    private static final String WRITE_IDS = "Target ID Field: /ids[./system = 'hubspot']/id selects nothing: a predicate right after /ids "
            + "tests the list it holds as a whole and selects nothing; write /ids[*][./system = 'hubspot']/id";

    /**
     * A Target ID path with a predicate right after a field holding a list tests the list as a whole and selects nothing
     * (NiFi's RecordPath): Ann's record goes to failure on its own with the reason in crm_errors, and the report covers
     * the others, counting her record as failure (not no_id), listing it with its number, the path and how to write it,
     * and not reporting her entity as deleted in the target (she is there: 77, as the path written with [*] reads).
     * Tom's record, whose ids hold one object, and Eve's, whose ids hold text, are reconciled as before. (The FlowFile
     * went to failure whole, without a report.)
     */
    @Test
    void routesARecordWhoseTargetIdPathSelectsNothingByItsFormToFailureAloneAndReportsTheOthers() throws IOException {
        runner.setProperty(ReconcileCRMRecord.TARGET_ID_FIELD, "/ids[./system = 'hubspot']/id");
        runner.setProperty(ReconcileCRMRecord.IGNORED_FIELDS, "updated_at, ids");
        final String table = """
                [{"ids": "none", "firstname": "Eve", "email": "eve@example.com", "updated_at": "2026-12-01T09:45:00Z"},
                 {"ids": [{"system": "hubspot", "id": 77}], "firstname": "Ann", "email": "ann@lee.org", "updated_at": "2026-12-01T09:00:00Z"},
                 {"ids": {"system": "hubspot", "id": 79}, "firstname": "Tom", "email": "tom@hardy.io", "updated_at": "2026-12-01T09:30:00Z"}]""";
        runner.enqueue(table, summaryOfTheRun("3", "2", "1"));
        runner.run();

        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 1);
        runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_ORIGINAL).getFirst().assertContentEquals(table);
        runner.assertTransferCount(ReconcileCRMRecord.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_FAILURE).getFirst();
        failed.assertAttributeEquals("record.count", "1");
        failed.assertAttributeEquals("crm.reconcile.failure.count", "1");
        failed.assertAttributeNotExists("record.error.message");
        final JsonNode failedRecords = MAPPER.readTree(failed.getContent());
        assertEquals(1, failedRecords.size());
        assertEquals("Ann", failedRecords.get(0).get("firstname").asText());
        assertEquals(77, failedRecords.get(0).get("ids").get(0).get("id").asInt(), "the record as it was read");
        assertEquals(WRITE_IDS, failedRecords.get(0).get("crm_errors").asText());

        final JsonNode report = report();
        final MockFlowFile reportFlowFile = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst();
        reportFlowFile.assertAttributeEquals("crm.reconcile.failure.count", "1");
        reportFlowFile.assertAttributeEquals("crm.reconcile.no_id.count", "1");
        reportFlowFile.assertAttributeEquals("crm.reconcile.in_sync.count", "1");
        reportFlowFile.assertAttributeEquals("crm.reconcile.consistent", "false");
        assertEquals(3, report.get("target_records").asLong());
        long outcomes = 0;
        for (final JsonNode count : report.get("outcomes")) {
            outcomes += count.asLong();
        }
        assertEquals(3, outcomes, "the outcomes, failure among them, add up to the records read: " + report.get("outcomes"));
        assertEquals(1, report.get("missing_in_target").asLong(), "Wei only: Ann's entity is in the target, her record only not compared");
        assertEquals(0, report.get("deleted_in_target").asLong());
        assertEquals(0, report.get("duplicates_in_target").asLong());
        assertTrue(report.get("conservation").get("balanced").asBoolean(), "the run's own balance is another matter: 3 read = 1 invalid + 2 written");
        JsonNode finding = null;
        for (final JsonNode listed : report.get("findings")) {
            if (listed.get("kind").asText().equals("failure")) {
                assertNull(finding, "listed once");
                finding = listed;
            } else if (listed.get("kind").asText().equals("never_written")) {
                assertEquals("the store holds no cross-reference and no snapshot of it in hubspot", listed.get("reason").asText(), "Wei");
            } else {
                assertTrue(listed.get("reason").isNull(), listed.toString());
            }
        }
        assertEquals("record 2: " + WRITE_IDS, finding.get("reason").asText());
        assertEquals("77", finding.get("target_id").asText());
        assertEquals(salesforce.get("003A"), finding.get("golden_id").asText());
        assertFalse(report.toString().contains("ann@lee.org"), "no value in the report");
    }

    /**
     * Every record's Target ID path selects nothing by its form: the records go to failure as records, one FlowFile holding
     * each with its reason, as MergeCRMRecord's do; the report counts them all as failure and lists no entity as missing
     * that they name.
     */
    @Test
    void aFlowFileWhoseRecordsAllFailGoesToFailureAsRecordsWithAReport() throws IOException {
        runner.setProperty(ReconcileCRMRecord.TARGET_ID_FIELD, "/ids[./system = 'hubspot']/id");
        runner.enqueue("""
                [{"ids": [{"system": "hubspot", "id": 77}], "firstname": "Ann", "email": "ann@lee.org"},
                 {"ids": [{"system": "hubspot", "id": 79}], "firstname": "Tom", "email": "tom@hardy.io"}]""", summaryOfTheRun("2", "2", "0"));
        runner.run();
        runner.assertTransferCount(ReconcileCRMRecord.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_FAILURE).getFirst();
        failed.assertAttributeEquals("record.count", "2");
        failed.assertAttributeNotExists("record.error.message");
        for (final JsonNode record : MAPPER.readTree(failed.getContent())) {
            assertEquals(WRITE_IDS, record.get("crm_errors").asText());
        }
        final JsonNode report = report();
        assertEquals(2, report.get("outcomes").get("failure").asLong());
        assertEquals(2, report.get("target_records").asLong());
        assertEquals(1, report.get("missing_in_target").asLong(), "Wei");
        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 1);
    }

    @Test
    void reportsDriftMissingRecordsAndTheRunsBalance() throws IOException {
        final String table = """
                [{"id": 77, "firstname": "Ann", "email": "ann@lee.org", "updated_at": "2026-12-01T09:00:00Z"},
                 {"id": 79, "firstname": "Tom", "email": "tom.hardy@changed.example", "updated_at": "2026-12-01T09:30:00Z"},
                 {"id": 99, "firstname": "Eve", "email": "eve@example.com", "updated_at": "2026-12-01T09:45:00Z"}]""";
        runner.enqueue(table, summaryOfTheRun("3", "2", "1"));
        runner.run();

        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 1);
        runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_ORIGINAL).getFirst().assertContentEquals(table);
        final MockFlowFile flowFile = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst();
        flowFile.assertAttributeEquals("crm.reconcile.consistent", "false");
        flowFile.assertAttributeEquals("crm.reconcile.in_sync.count", "1");
        flowFile.assertAttributeEquals("crm.reconcile.drifted.count", "1");
        flowFile.assertAttributeEquals("crm.reconcile.not_in_store.count", "1");
        flowFile.assertAttributeEquals("crm.reconcile.missing_in_target.count", "1");
        flowFile.assertAttributeEquals("crm.reconcile.balanced", "true");

        final JsonNode report = report();
        assertEquals("sync-42", report.get("run_id").asText());
        assertEquals("hubspot", report.get("target_system").asText());
        assertEquals("2026-12-01T10:00:00Z", report.get("generated").asText());
        assertEquals(3, report.get("target_records").asLong());
        assertEquals(1, report.get("outcomes").get("in_sync").asLong());
        assertEquals(0, report.get("outcomes").get("out_of_sync").asLong());
        assertEquals(1, report.get("missing_in_target").asLong());
        assertEquals(1, report.get("never_written").asLong(), "Wei");
        assertEquals(2, report.get("store").get("entities_in_both").asLong());
        assertEquals("3 read = 1 invalid + 2 written", report.get("conservation").get("equation").asText());
        assertTrue(report.get("conservation").get("balanced").asBoolean());

        final JsonNode drifted = finding(report, "drifted");
        assertEquals("79", drifted.get("target_id").asText());
        assertEquals("003B", drifted.get("source_id").asText());
        assertEquals("email", drifted.get("fields").get(0).get("field").asText());
        assertEquals("target snapshot", drifted.get("fields").get(0).get("compared_with").asText());
        assertEquals("003C", finding(report, "never_written").get("source_id").asText());
        assertFalse(runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst().getContent().contains("changed.example"),
                "no value of a record is in the report");
    }

    /**
     * ExecuteSQLRecord's read of a table through NiFi's JsonRecordSetWriter without a Timestamp or Date Format spells a
     * timestamp column as epoch milliseconds (2024-03-01T09:30:00.250Z as 1709285400250) and a date column as the
     * milliseconds of its midnight in the JVM's time zone: the values the sync wrote, in sync; a millisecond off is drift.
     * (Every such row was reported drifted: a target in step with the sync was not consistent.)
     */
    @Test
    void aTimestampOrDateTheJsonWriterSpeltAsEpochMillisecondsIsTheValueTheSyncWrote() throws IOException {
        syncedKim("81", "{\"firstname\":\"Kim\",\"lastcontacted\":\"2024-03-01T09:30:00.250Z\",\"birthdate\":\"1985-06-30\"}");
        final long birthDate = java.time.LocalDate.parse("1985-06-30").atStartOfDay(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
        runner.enqueue("[{\"id\": 81, \"firstname\": \"Kim\", \"lastcontacted\": 1709285400250, \"birthdate\": " + birthDate + "}]",
                Map.of("crm.target.system", "hubspot"));
        runner.enqueue("[{\"id\": 81, \"firstname\": \"Kim\", \"lastcontacted\": 1709285400251, \"birthdate\": " + birthDate + "}]",
                Map.of("crm.target.system", "hubspot"));
        runner.run(2);
        runner.assertTransferCount(ReconcileCRMRecord.REL_REPORT, 2);
        final List<MockFlowFile> reports = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT);
        reports.get(0).assertAttributeEquals("crm.reconcile.in_sync.count", "1");
        reports.get(0).assertAttributeEquals("crm.reconcile.drifted.count", "0");
        reports.get(1).assertAttributeEquals("crm.reconcile.in_sync.count", "0");
        reports.get(1).assertAttributeEquals("crm.reconcile.drifted.count", "1");
        final JsonNode drifted = finding(MAPPER.readTree(reports.get(1).getContent()).get(0), "drifted");
        assertEquals("lastcontacted", drifted.get("fields").get(0).get("field").asText());
        assertEquals(1, drifted.get("fields").size(), "the birth date is in sync");
    }

    /**
     * NiFi's writers spell a date column as its midnight in the time zone of the JVM that wrote it (JsonRecordSetWriter
     * without a Date Format, for java.sql.Date and LocalDate alike; the CSV writer for a java.sql.Date): 1985-06-30 is
     * 488952000000 written in New York, 488905200000 in Tokyo. Each is the date the sync wrote, whichever zone this JVM is
     * in (only this JVM's midnight was); a day off is drift, and so is the midnight of a zone at +12:00 or more (New
     * Zealand), which is also the midnight of the day before at -12:00, unless it is this JVM's zone.
     */
    @Test
    void aDateSpeltAsItsMidnightInTheWritersTimeZoneIsTheDateTheSyncWrote() throws IOException {
        syncedKim("81", "{\"firstname\":\"Kim\",\"birthdate\":\"1985-06-30\"}");
        final java.time.LocalDate birthDate = java.time.LocalDate.parse("1985-06-30");
        final List<String> zones = List.of("UTC", "America/New_York", "Asia/Tokyo", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns",
                "Europe/Berlin", "America/Los_Angeles", "Pacific/Auckland");
        for (final String zone : zones) {
            runner.enqueue("[{\"id\": 81, \"firstname\": \"Kim\", \"birthdate\": "
                    + birthDate.atStartOfDay(java.time.ZoneId.of(zone)).toInstant().toEpochMilli() + "}]", Map.of("crm.target.system", "hubspot"));
        }
        runner.enqueue("[{\"id\": 81, \"firstname\": \"Kim\", \"birthdate\": "
                + birthDate.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli() + "}]", Map.of("crm.target.system", "hubspot"));
        runner.run(zones.size() + 1);
        final List<MockFlowFile> reports = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT);
        assertEquals(zones.size() + 1, reports.size());
        final boolean here = java.time.ZoneId.systemDefault().getRules().getOffset(birthDate.atStartOfDay(java.time.ZoneId.systemDefault()).toInstant())
                .equals(java.time.ZoneId.of("Pacific/Auckland").getRules().getOffset(birthDate.atStartOfDay(java.time.ZoneId.of("Pacific/Auckland")).toInstant()));
        for (int zone = 0; zone < zones.size(); zone++) {
            final boolean inSync = !zones.get(zone).equals("Pacific/Auckland") || here;
            reports.get(zone).assertAttributeEquals("crm.reconcile.in_sync.count", inSync ? "1" : "0");
        }
        reports.get(zones.size()).assertAttributeEquals("crm.reconcile.drifted.count", "1");
    }

    /**
     * The customer was deleted in the source (the sync's snapshot of it there is a deletion): a record still there, not
     * marked deleted, is out of sync with the reason, whatever its fields (it was compared field by field and in sync); one
     * marked deleted is in sync (deleted on both sides), also before the sync read that deletion; and a customer deleted in
     * the source whose record the target lacks is not missing there (it counted never written).
     */
    @Test
    void aRecordOfACustomerDeletedInTheSourceIsOutOfSyncUnlessItIsMarkedDeleted() throws IOException {
        final dev.nificrm.store.EntityStore store = ((EmbeddedEntityStore) runner.getControllerService("entity-store")).getEntityStore();
        final Map<String, String> people = syncedKimAndLou(store);
        SyncedStores.snapshot(store, people.get("003K"), "hubspot", "{\"firstname\":\"Kim\",\"crm_written\":1764579600000}");
        SyncedStores.snapshot(store, people.get("003K"), "salesforce", "{\"firstname\":\"Kim\",\"crm_deleted\":true}");
        SyncedStores.snapshot(store, people.get("003L"), "hubspot", "{\"firstname\":\"Lou\",\"crm_written\":1764579600000}");
        SyncedStores.snapshot(store, people.get("003L"), "salesforce", "{\"firstname\":\"Lou\",\"crm_deleted\":true}");
        SyncedStores.snapshot(store, salesforce.get("003C"), "salesforce", "{\"firstname\":\"Wei\",\"crm_deleted\":true}");
        runner.setProperty(ReconcileCRMRecord.DELETED_FIELD, "/deleted");
        runner.setProperty(ReconcileCRMRecord.IGNORED_FIELDS, "id, deleted");
        runner.enqueue("""
                [{"id": 81, "firstname": "Kim", "deleted": false},
                 {"id": 82, "firstname": "Lou", "deleted": true},
                 {"id": 77, "firstname": "Ann", "email": "ann@lee.org", "deleted": false},
                 {"id": 79, "firstname": "Tom", "email": "tom@hardy.io", "deleted": false}]""", Map.of("crm.target.system", "hubspot"));
        runner.run();
        final JsonNode report = report();
        assertEquals(3, report.get("outcomes").get("in_sync").asLong(), "Lou, Ann and Tom: " + report);
        assertEquals(1, report.get("outcomes").get("out_of_sync").asLong(), "Kim: " + report);
        assertEquals(0, report.get("outcomes").get("drifted").asLong(), report.toString());
        assertEquals(0, report.get("missing_in_target").asLong(), "Wei, deleted in Salesforce, is rightly not in HubSpot");
        final JsonNode kim = finding(report, "out_of_sync");
        assertEquals("81", kim.get("target_id").asText());
        assertEquals(0, kim.get("fields").size());
        assertEquals("the sync's snapshot of it in salesforce is a deletion: the customer was deleted there, yet its record in hubspot is there, "
                + "not marked deleted (the deletion is not synced yet, or waits in conflict for a person, or the sync does not carry deletions)",
                kim.get("reason").asText());
        assertFalse(report.get("consistent").asBoolean());
    }

    /**
     * The sync's snapshot of a customer in the target is a deletion (the sync deleted the row there), yet the target holds
     * the row, not marked deleted: the deletion did not land, or the row came back. That is drift, with the reason, never
     * in sync (it was in_sync: the snapshot's crm_deleted was passed over like any bookkeeping, and the fields the deletion
     * kept compared equal). A row marked deleted in the Deleted Field (a soft delete) where the snapshot is a deletion is
     * as the sync left it; one marked deleted where the snapshot is not is drift.
     */
    @Test
    void aRowTheSyncDeletedInTheTargetIsDriftUnlessItIsMarkedDeleted() throws IOException {
        final dev.nificrm.store.EntityStore store = ((EmbeddedEntityStore) runner.getControllerService("entity-store")).getEntityStore();
        final Map<String, String> people = syncedKimAndLou(store);
        SyncedStores.snapshot(store, people.get("003K"), "hubspot", "{\"firstname\":\"Kim\",\"crm_deleted\":true,\"crm_written\":1764579600000}");
        SyncedStores.snapshot(store, people.get("003L"), "hubspot", "{\"firstname\":\"Lou\",\"crm_deleted\":true}");
        runner.setProperty(ReconcileCRMRecord.DELETED_FIELD, "/deleted");
        runner.setProperty(ReconcileCRMRecord.IGNORED_FIELDS, "id, deleted");
        runner.enqueue("""
                [{"id": 81, "firstname": "Kim", "deleted": false},
                 {"id": 82, "firstname": "Lou", "deleted": "yes"},
                 {"id": 77, "firstname": "Ann", "email": "ann@lee.org", "deleted": 1},
                 {"id": 79, "firstname": "Tom", "email": "tom@hardy.io", "deleted": null}]""", Map.of("crm.target.system", "hubspot"));
        runner.run();
        final MockFlowFile flowFile = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst();
        flowFile.assertAttributeEquals("crm.reconcile.in_sync.count", "2");
        flowFile.assertAttributeEquals("crm.reconcile.drifted.count", "2");
        final JsonNode report = report();
        final Map<String, String> reasons = new HashMap<>();
        for (final JsonNode finding : report.get("findings")) {
            if (finding.get("kind").asText().equals("drifted")) {
                reasons.put(finding.get("target_id").asText(), finding.get("reason").asText());
                assertEquals(0, finding.get("fields").size(), finding.toString());
            }
        }
        assertEquals(Map.of("81", "the sync's snapshot of it in hubspot is a deletion: the sync deleted its record there or read it deleted, yet "
                        + "it is there, not marked deleted (the deletion did not land, or the record came back)",
                "77", "it is marked deleted in hubspot, where the sync's snapshot of it is not a deletion"), reasons);

        runner.clearTransferState();
        runner.removeProperty(ReconcileCRMRecord.DELETED_FIELD);
        runner.enqueue("[{\"id\": 81, \"firstname\": \"Kim\"}]", Map.of("crm.target.system", "hubspot"));
        runner.run();
        runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst().assertAttributeEquals("crm.reconcile.drifted.count", "1");
    }

    /**
     * A target id a reader typed as a floating-point number (JSON's 51234567890.0, a float column) is the id its digits
     * spell, as 77.0 is 77: it was looked up as 5.123456789E10, Java's text of that double, and the record was not_in_store
     * and its entity missing in the target.
     */
    @Test
    void aTargetIdTypedAsALargeDoubleIsLookedUpByItsDigits() throws IOException {
        syncedKim("51234567890", "{\"firstname\":\"Kim\"}");
        runner.enqueue("[{\"id\": 51234567890.0, \"firstname\": \"Kim\"}, {\"id\": 77.0, \"firstname\": \"Ann\", \"email\": \"ann@lee.org\"}]",
                Map.of("crm.target.system", "hubspot"));
        runner.run();
        final MockFlowFile flowFile = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst();
        flowFile.assertAttributeEquals("crm.reconcile.in_sync.count", "2");
        flowFile.assertAttributeEquals("crm.reconcile.not_in_store.count", "0");
    }

    /**
     * A target id is read by the rule the store keeps source ids by: a text id is compared as text, so HubSpot's id 1.50
     * is the record the store knows as 1.50 (it was looked up as 1.5, a number's canonical text, and was not_in_store with
     * its customer missing in the target), and white space of any kind around an id is not part of it (81 between
     * no-break spaces, as an Excel export leaves it, was not_in_store too).
     */
    @Test
    void aTargetIdIsReadByTheRuleTheStoreKeepsSourceIdsBy() throws IOException {
        syncedKim("1.50", "{\"firstname\":\"Kim\"}");
        final dev.nificrm.store.EntityStore store = ((EmbeddedEntityStore) runner.getControllerService("entity-store")).getEntityStore();
        final String lou = SyncedStores.link(store, "salesforce", new String[] {"003L", "Lou", "Reed", "lou@reed.net", "(718) 555-0163", "1942-03-02"})
                .get("003L");
        SyncedStores.link(store, "hubspot", new String[] {"82", "Lou", "Reed", "lou@reed.net", "718-555-0163", "1942-03-02"});
        SyncedStores.snapshot(store, lou, "hubspot", "{\"firstname\":\"Lou\"}");
        runner.enqueue("[{\"id\": \"1.50\", \"firstname\": \"Kim\"}, {\"id\": \"\\u00a082\\u00a0\", \"firstname\": \"Lou\"}]",
                Map.of("crm.target.system", "hubspot"));
        runner.run();
        final MockFlowFile flowFile = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst();
        flowFile.assertAttributeEquals("crm.reconcile.not_in_store.count", "0");
        flowFile.assertAttributeEquals("crm.reconcile.in_sync.count", "2");
    }

    /**
     * A CSVReader inferring types reads the postal code 02134 as the number 2134: the value the processor sees has lost its
     * zero, so it is drift (the target may truly hold 2134), with a hint that says why and how to read it; the header's
     * string fields read it as the sync wrote it, in sync.
     */
    @Test
    void aCodeWhoseLeadingZeroAReaderDroppedIsDriftWithAHint() throws Exception {
        syncedKim("81", "{\"firstname\":\"Kim\",\"zip\":\"02134\"}");
        RecordServices.useCsvReader(runner, Map.of(org.apache.nifi.schema.access.SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "infer-schema"));
        final String table = "id,firstname,zip\n81,Kim,02134\n";
        runner.enqueue(table, Map.of("crm.target.system", "hubspot"));
        runner.run();
        final JsonNode drifted = finding(report(), "drifted");
        assertEquals("zip", drifted.get("fields").get(0).get("field").asText());
        assertEquals(dev.nificrm.reconcile.Reconciler.LEADING_ZEROS_LOST, drifted.get("fields").get(0).get("hint").asText());

        runner.clearTransferState();
        runner.disableControllerService(runner.getControllerService("csv-reader"));
        runner.removeControllerService(runner.getControllerService("csv-reader"));
        RecordServices.useCsvReader(runner);
        runner.enqueue(table, Map.of("crm.target.system", "hubspot"));
        runner.run();
        runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst().assertAttributeEquals("crm.reconcile.in_sync.count", "1");
    }

    /** A part of ExecuteSQLRecord's read of one table split by Max Rows Per Flow File: the trigger's attributes and the fragment's. */
    private static Map<String, String> part(final int index, final int count) {
        final Map<String, String> attributes = new HashMap<>(summaryOfTheRun("3", "2", "1"));
        attributes.put("fragment.identifier", "export-1");
        attributes.put("fragment.index", String.valueOf(index));
        attributes.put("fragment.count", String.valueOf(count));
        return attributes;
    }

    /**
     * ExecuteSQLRecord with Max Rows Per Flow File splits the table into parts (fragment.identifier, fragment.index and, with
     * Output Batch Size 0, fragment.count): the parts are reconciled together, into one report on the whole table, once
     * all are queued. Each part had a report of its own, in which the customers of the other parts were missing in the
     * target and a customer in two parts was no duplicate. Every part goes to original; the run's balance is checked once.
     */
    @Test
    void thePartsOfOneSplitExportAreReconciledTogetherIntoOneReport() throws IOException {
        runner.enqueue("[{\"id\": 77, \"firstname\": \"Ann\", \"email\": \"ann@lee.org\"}]", part(1, 3));
        runner.run();
        runner.assertTransferCount(ReconcileCRMRecord.REL_REPORT, 0);
        assertEquals(1, runner.getQueueSize().getObjectCount(), "the first part waits for the others");

        runner.enqueue("[{\"id\": 79, \"firstname\": \"Tom\", \"email\": \"tom@hardy.io\"}]", part(0, 3));
        runner.enqueue("[{\"id\": 99, \"firstname\": \"Eve\", \"email\": \"eve@example.com\"}, {\"id\": 77, \"firstname\": \"Ann\", \"email\": \"ann@lee.org\"}]",
                part(2, 3));
        runner.run(3);
        final JsonNode report = report();
        assertEquals(4, report.get("target_records").asLong(), report.toString());
        assertEquals(3, report.get("outcomes").get("in_sync").asLong(), "Tom, and Ann twice");
        assertEquals(1, report.get("outcomes").get("not_in_store").asLong(), "Eve");
        assertEquals(1, report.get("duplicates_in_target").asLong(), "Ann, in two parts");
        assertEquals(1, report.get("missing_in_target").asLong(), "Wei alone");
        assertTrue(report.get("conservation").get("balanced").asBoolean());
        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 3);
        assertEquals(0, runner.getQueueSize().getObjectCount());
    }

    private static final String TOM = "[{\"id\": 79, \"firstname\": \"Tom\", \"email\": \"tom@hardy.io\"}]";
    private static final String ANN = "[{\"id\": 77, \"firstname\": \"Ann\", \"email\": \"ann@lee.org\"}]";
    private static final String EVE = "[{\"id\": 99, \"firstname\": \"Eve\", \"email\": \"eve@example.com\"}]";

    private static List<Integer> indexes(final JsonNode array) {
        final List<Integer> indexes = new ArrayList<>();
        array.forEach(index -> indexes.add(index.asInt()));
        return indexes;
    }

    /**
     * A part of a split export that never comes kept the others queued for ever. They wait Max Wait For Parts (default
     * 10 min) from when the first came, marked with that time (crm.reconcile.waiting.since, so a restart does not start the
     * wait again); then the parts that came are reconciled into a report that says it is incomplete, which parts are
     * missing and why, and is not consistent. The part coming after is reconciled at once, into a report of its own.
     */
    @Test
    void aSplitExportWhosePartNeverComesIsReconciledIncompleteAfterMaxWaitForParts() throws IOException {
        runner.enqueue(TOM, part(0, 3));
        runner.enqueue(EVE, part(2, 3));
        runner.run();
        runner.assertTransferCount(ReconcileCRMRecord.REL_REPORT, 0);
        assertEquals(2, runner.getQueueSize().getObjectCount());
        assertTrue(runner.getPenalizedFlowFiles().isEmpty(), "waiting parts stay visible to the parts coming after");
        clock.advance(Duration.ofMinutes(9));
        runner.run();
        runner.assertTransferCount(ReconcileCRMRecord.REL_REPORT, 0);
        assertEquals(2, runner.getQueueSize().getObjectCount(), "9 minutes: the parts still wait");

        clock.advance(Duration.ofMinutes(2));
        runner.run();
        final JsonNode report = report();
        assertEquals(2, report.get("target_records").asLong(), report.toString());
        assertFalse(report.get("consistent").asBoolean());
        final JsonNode parts = report.get("parts");
        assertEquals("export-1", parts.get("export").asText());
        assertEquals(3, parts.get("expected").asInt());
        assertEquals(List.of(0, 2), indexes(parts.get("read")));
        assertEquals(List.of(1), indexes(parts.get("missing")));
        assertFalse(parts.get("complete").asBoolean());
        assertEquals("part 1 of 3 did not come within Max Wait For Parts (PT10M): this report covers parts 0, 2 only, and counts the "
                + "customers of the missing parts as missing in the target", parts.get("reason").asText());
        assertTrue(runner.getLogger().getWarnMessages().stream().map(LogMessage::getMsg).anyMatch(warning -> warning.endsWith(
                " The records of parts 0, 2 of export export-1 read for run sync-42: " + parts.get("reason").asText())),
                "the warning names the run: " + runner.getLogger().getWarnMessages());
        final MockFlowFile reportFlowFile = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst();
        reportFlowFile.assertAttributeEquals("crm.reconcile.complete", "false");
        reportFlowFile.assertAttributeEquals("crm.reconcile.consistent", "false");
        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 2);
        runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_ORIGINAL).forEach(original -> original.assertAttributeNotExists("crm.reconcile.waiting.since"));
        assertEquals(0, runner.getQueueSize().getObjectCount());

        runner.clearTransferState();
        runner.enqueue(ANN, part(1, 3));
        runner.run();
        final JsonNode late = report();
        assertEquals(1, late.get("target_records").asLong());
        assertEquals(List.of(1), indexes(late.get("parts").get("read")));
        assertEquals(List.of(0, 2), indexes(late.get("parts").get("missing")));
        assertTrue(late.get("parts").get("reason").asText().startsWith("part 1 came after the export was reconciled at 2026-12-01T10:11:00Z"),
                late.toString());
        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 1);
        assertEquals(0, runner.getQueueSize().getObjectCount());
    }

    /**
     * A part queued twice (fragment.index 0 twice: a replay upstream) made an export of 2 look complete without its part 1,
     * and was read twice, its customers counted as duplicates. The second copy goes to failure unread, with the reason;
     * the export waits for part 1 and is reconciled complete; a copy coming after that is not read either.
     */
    @Test
    void aSecondCopyOfAPartIsNotReadAndTheExportWaitsForItsMissingPart() throws IOException {
        runner.enqueue(TOM, part(0, 2));
        runner.enqueue(TOM, part(0, 2));
        runner.run();
        runner.assertTransferCount(ReconcileCRMRecord.REL_REPORT, 0);
        runner.assertTransferCount(ReconcileCRMRecord.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_FAILURE).getFirst().assertAttributeEquals(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE,
                "Export export-1: part 0 of this export came twice: the other copy was read, this one not");
        assertEquals(1, runner.getQueueSize().getObjectCount(), "part 0 waits for part 1");

        runner.enqueue(ANN, part(1, 2));
        runner.run();
        final JsonNode report = report();
        assertEquals(2, report.get("target_records").asLong(), report.toString());
        assertEquals(0, report.get("duplicates_in_target").asLong());
        assertTrue(report.get("parts").get("complete").asBoolean());
        assertTrue(report.get("parts").get("reason").isNull());
        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 2);

        runner.clearTransferState();
        runner.enqueue(ANN, part(1, 2));
        runner.run();
        runner.assertAllFlowFilesTransferred(ReconcileCRMRecord.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_FAILURE).getFirst().assertAttributeEquals(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE,
                "Export export-1: part 1 of this export was reconciled before: this copy was not read");
        assertEquals(0, runner.getQueueSize().getObjectCount());
    }

    /**
     * ExecuteSQLRecord with Output Batch Size set sends the parts of a table before it knows how many there are: each has
     * fragment.identifier and fragment.index, no fragment.count, and the last no mark (AbstractExecuteSQL writes the count
     * only when Output Batch Size is 0), so no wait can tell when the export is whole. Each part was reconciled alone into
     * a report that looked like one on a whole table (parts null), the customers of the other parts missing in the target.
     * Each report now says it covers one part of an export of unknown size, is incomplete and not consistent, and names the
     * setting that gives one report on the whole export (Output Batch Size 0: the parts carry fragment.count, and
     * thePartsOfOneSplitExportAreReconciledTogetherIntoOneReport shows them reconciled together).
     */
    @Test
    void aPartWithoutFragmentCountIsReportedAsOnePartOfAnExportOfUnknownSize() throws IOException {
        final Map<String, String> first = part(0, 2);
        first.remove("fragment.count");
        runner.enqueue(TOM, first);
        runner.run();
        final JsonNode report = report();
        assertEquals(1, report.get("target_records").asLong());
        assertFalse(report.get("consistent").asBoolean());
        final JsonNode parts = report.get("parts");
        assertEquals("export-1", parts.get("export").asText(), report.toString());
        assertTrue(parts.get("expected").isNull());
        assertEquals(List.of(0), indexes(parts.get("read")));
        assertEquals(List.of(), indexes(parts.get("missing")));
        assertFalse(parts.get("complete").asBoolean());
        assertEquals("part 0 of an export without fragment.count (ExecuteSQLRecord's Output Batch Size is set, which writes none): this report "
                + "covers this part only, and counts the customers of the export's other parts, if it has any, as missing in the target; set "
                + "Output Batch Size to 0 for one report on the whole export", parts.get("reason").asText());
        final MockFlowFile reportFlowFile = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst();
        reportFlowFile.assertAttributeEquals("crm.reconcile.complete", "false");
        reportFlowFile.assertAttributeEquals("crm.reconcile.consistent", "false");
        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 1);
        assertTrue(runner.getStateManager().getState(Scope.LOCAL).toMap().isEmpty(),
                "an export of unknown size is never remembered as reconciled");
    }

    /**
     * Which exports were reconciled was kept in memory only: after a restart, a part coming late waited Max Wait For Parts
     * and a copy of a part read was read again, each into an incomplete report of its own. The processor's local state
     * keeps them now: a new processor instance with the state the first one left (NiFi's restart) reconciles the late
     * part at once and sends the copy to failure unread.
     */
    @Test
    void aPartComingAfterARestartIsKnownAsLate() throws IOException, InitializationException {
        runner.enqueue(TOM, part(0, 3));
        runner.enqueue(EVE, part(2, 3));
        runner.run();
        clock.advance(Duration.ofMinutes(11));
        runner.run();
        assertEquals(List.of(1), indexes(report().get("parts").get("missing")));
        final StateMap kept = runner.getStateManager().getState(Scope.LOCAL);
        assertEquals(Map.of("export-1", clock.millis() + ";3;0,2"), kept.toMap());

        runner.disableControllerService(runner.getControllerService("entity-store"));
        start(new ReconcileCRMRecord(clock));
        runner.getStateManager().setState(kept.toMap(), Scope.LOCAL);
        clock.advance(Duration.ofMinutes(1));
        runner.enqueue(ANN, part(1, 3));
        runner.enqueue(TOM, part(0, 3));
        runner.run();
        final JsonNode late = report();
        assertEquals(List.of(1), indexes(late.get("parts").get("read")), late.toString());
        assertTrue(late.get("parts").get("reason").asText().startsWith("part 1 came after the export was reconciled at 2026-12-01T10:11:00Z"),
                late.toString());
        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 1);
        runner.assertTransferCount(ReconcileCRMRecord.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_FAILURE).getFirst().assertAttributeEquals(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE,
                "Export export-1: part 0 of this export was reconciled before: this copy was not read");
        assertEquals(0, runner.getQueueSize().getObjectCount());
        runner.getStateManager().assertStateEquals("export-1", Instant.parse("2026-12-01T10:12:00Z").toEpochMilli() + ";3;0-2", Scope.LOCAL);
    }

    /**
     * The parts of an export coming a moment apart, as through a load-balanced connection. NiFi's queue hides a penalized
     * FlowFile from session.get(filter) (SwappablePriorityQueue stops at the first penalized one; the test runner's queue
     * does not), and a waiting part was penalized: each part then woke alone, 5 s after the other, and the parts never
     * met. The complete export of 3 parts came out after Max Wait For Parts as 3 reports, each incomplete; an export
     * missing part 1 as 2 (parts 0 and 2 split at the moment the wait ran out). Waiting parts stay unpenalized now and are
     * passed over until a part of their export comes or their wait runs out: one report in both cases.
     */
    @Test
    void partsComingAMomentApartAreReconciledTogether() throws IOException {
        final Map<String, Long> penalizedUntil = new HashMap<>();
        enqueueAndTrigger(TOM, part(0, 3), penalizedUntil);
        clock.advance(Duration.ofSeconds(5));
        enqueueAndTrigger(ANN, part(1, 3), penalizedUntil);
        clock.advance(Duration.ofSeconds(5));
        enqueueAndTrigger(EVE, part(2, 3), penalizedUntil);
        triggerEverySecondFor(Duration.ofMinutes(11), penalizedUntil);
        final JsonNode complete = report();
        assertTrue(complete.get("parts").get("complete").asBoolean(), complete.toString());
        assertEquals(3, complete.get("target_records").asLong());
        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 3);
        assertEquals(0, runner.getQueueSize().getObjectCount());

        runner.clearTransferState();
        final Map<String, String> first = part(0, 3);
        first.put("fragment.identifier", "export-2");
        final Map<String, String> last = part(2, 3);
        last.put("fragment.identifier", "export-2");
        enqueueAndTrigger(TOM, first, penalizedUntil);
        clock.advance(Duration.ofSeconds(5));
        enqueueAndTrigger(EVE, last, penalizedUntil);
        triggerEverySecondFor(Duration.ofMinutes(9), penalizedUntil);
        runner.assertTransferCount(ReconcileCRMRecord.REL_REPORT, 0);
        assertEquals(2, runner.getQueueSize().getObjectCount(), "9 minutes: the parts still wait");
        triggerEverySecondFor(Duration.ofMinutes(2), penalizedUntil);
        final JsonNode incomplete = report();
        assertEquals(List.of(0, 2), indexes(incomplete.get("parts").get("read")), incomplete.toString());
        assertEquals(List.of(1), indexes(incomplete.get("parts").get("missing")));
        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 2);
        assertEquals(0, runner.getQueueSize().getObjectCount());
    }

    /**
     * A hunt with seeded generated traffic: 1 to 3 exports of 1 to 4 parts (sometimes without fragment.count), each part
     * of 0 to 3 rows (customers in the store, strangers, rows without id) coming at some second of the first half minute
     * or, late, after Max Wait For Parts; copies of parts; unreadable parts; restarts of the processor (a new instance, the
     * same state and queue) at random moments; the processor triggered every second through a session that hides
     * penalized FlowFiles as NiFi's queue does. Every FlowFile queued must leave once, on original or (with its reason)
     * on failure; every row of an original in exactly one report; every report's outcomes add up to its records and its
     * parts read and missing to the export; no part read twice; an export whose parts all came in the first half minute,
     * readable, is one complete report.
     */
    @Test
    void generatedTrafficLeavesEveryFlowFileAndRowOnceWithAReason() throws IOException {
        final String[] ids = {"77", "79", "99", "100", "101", null};
        for (long seed = 1; seed <= 8; seed++) {
            final Random random = new Random(seed);
            final Map<Integer, List<String[]>> arrivals = new TreeMap<>();
            final Map<String, Integer> rowsOf = new HashMap<>();
            final Map<String, Boolean> wholeInTime = new HashMap<>();
            final Set<Integer> restarts = new TreeSet<>();
            int inputs = 0;
            final int exports = 1 + random.nextInt(3);
            for (int export = 0; export < exports; export++) {
                final int count = 1 + random.nextInt(4);
                final boolean withCount = random.nextInt(10) > 0;
                final String identifier = "export-" + seed + "-" + export;
                boolean inTime = withCount && count > 1;
                for (int index = 0; index < count; index++) {
                    final int copies = random.nextInt(10) == 0 ? 2 : 1;
                    final boolean unreadable = random.nextInt(20) == 0;
                    inTime &= !unreadable;
                    final StringBuilder rows = new StringBuilder("[");
                    final int rowCount = unreadable ? 0 : random.nextInt(4);
                    for (int row = 0; row < rowCount; row++) {
                        final String id = ids[random.nextInt(ids.length)];
                        rows.append(row == 0 ? "" : ", ").append("{\"id\": ").append(id == null ? "null" : id).append(", \"firstname\": \"Ann\"}");
                    }
                    final String content = unreadable ? "[{\"id\": 79, broken" : rows.append(']').toString();
                    for (int copy = 0; copy < copies; copy++) {
                        final boolean late = random.nextInt(7) == 0;
                        inTime &= copy > 0 || !late;
                        final int second = late ? 700 + random.nextInt(300) : random.nextInt(30);
                        final String input = seed + "/" + inputs++;
                        rowsOf.put(input, rowCount);
                        arrivals.computeIfAbsent(second, at -> new ArrayList<>()).add(new String[] {input, content, identifier,
                                count == 1 ? null : String.valueOf(index), count > 1 && withCount ? String.valueOf(count) : null});
                    }
                }
                wholeInTime.put(identifier, inTime);
            }
            for (int restart = random.nextInt(3); restart > 0; restart--) {
                restarts.add(random.nextInt(1000));
            }
            final Map<String, Long> penalizedUntil = new HashMap<>();
            for (int second = 0; second < 1700; second++) {
                for (final String[] arrival : arrivals.getOrDefault(second, List.of())) {
                    final Map<String, String> attributes = new HashMap<>(summaryOfTheRun("3", "2", "1"));
                    attributes.put("hunt.input", arrival[0]);
                    if (arrival[3] != null) {
                        attributes.put("fragment.identifier", arrival[2]);
                        attributes.put("fragment.index", arrival[3]);
                    }
                    if (arrival[4] != null) {
                        attributes.put("fragment.count", arrival[4]);
                    }
                    runner.enqueue(arrival[1], attributes);
                }
                if (restarts.contains(second)) {
                    processor = new ReconcileCRMRecord(clock);
                    processor.initialize(new MockProcessorInitializationContext(processor,
                            (MockProcessContext) runner.getProcessContext()));
                }
                clock.advance(Duration.ofSeconds(1));
                triggerAsNiFiQueues(penalizedUntil);
            }
            final String context = "seed " + seed + ", arrivals " + arrivals.keySet() + ", restarts " + restarts;
            assertEquals(0, runner.getQueueSize().getObjectCount(), context);
            final Map<String, String> left = new HashMap<>();
            long rowsOfOriginals = 0;
            for (final MockFlowFile original : runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_ORIGINAL)) {
                assertNull(left.put(original.getAttribute("hunt.input"), "original"), context);
                rowsOfOriginals += rowsOf.get(original.getAttribute("hunt.input"));
            }
            for (final MockFlowFile failed : runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_FAILURE)) {
                failed.assertAttributeExists(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE);
                assertNull(left.put(failed.getAttribute("hunt.input"), "failure"), context);
            }
            assertEquals(rowsOf.keySet(), left.keySet(), context);
            long reported = 0;
            final Map<String, List<Integer>> readOf = new HashMap<>();
            final Map<String, Integer> reportsOf = new HashMap<>();
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT)) {
                final JsonNode report = MAPPER.readTree(flowFile.getContent()).get(0);
                long sum = 0;
                for (final JsonNode outcome : report.get("outcomes")) {
                    sum += outcome.asLong();
                }
                assertEquals(report.get("target_records").asLong(), sum, context + ": " + report);
                reported += sum;
                final JsonNode parts = report.get("parts");
                if (parts.isNull()) {
                    continue;
                }
                final String identifier = parts.get("export").asText();
                reportsOf.merge(identifier, 1, Integer::sum);
                final List<Integer> read = indexes(parts.get("read"));
                readOf.computeIfAbsent(identifier, at -> new ArrayList<>()).addAll(read);
                if (!parts.get("expected").isNull()) {
                    final Set<Integer> all = new TreeSet<>(read);
                    all.addAll(indexes(parts.get("missing")));
                    assertEquals(read.size() + indexes(parts.get("missing")).size(), all.size(), context + ": " + parts);
                    assertEquals(parts.get("expected").asInt(), all.size(), context + ": " + parts);
                    assertEquals(indexes(parts.get("missing")).isEmpty(), parts.get("complete").asBoolean(), context + ": " + parts);
                }
                if (report.get("consistent").asBoolean()) {
                    assertTrue(parts.get("complete").asBoolean(), context + ": " + report);
                }
            }
            assertEquals(rowsOfOriginals, reported, context);
            readOf.forEach((identifier, read) -> assertEquals(new HashSet<>(read).size(), read.size(),
                    context + ": a part of " + identifier + " read twice: " + read));
            for (final Map.Entry<String, Boolean> export : wholeInTime.entrySet()) {
                if (export.getValue()) {
                    assertEquals(1, reportsOf.getOrDefault(export.getKey(), 0), context + ": " + export.getKey() + " came in time, in one report");
                }
            }
            runner.clearTransferState();
        }
    }

    private void enqueueAndTrigger(final String content, final Map<String, String> attributes, final Map<String, Long> penalizedUntil) {
        runner.enqueue(content, attributes);
        triggerAsNiFiQueues(penalizedUntil);
    }

    private void triggerEverySecondFor(final Duration duration, final Map<String, Long> penalizedUntil) {
        for (long second = 0; second < duration.toSeconds(); second++) {
            clock.advance(Duration.ofSeconds(1));
            triggerAsNiFiQueues(penalizedUntil);
        }
    }

    /**
     * One trigger of the processor in a session that shows the processor the queue as NiFi's does: a FlowFile penalized
     * (for the default Penalty Duration, 30 s on the test's clock) is left out of session.get() and session.get(filter)
     * until its penalty ends.
     */
    private void triggerAsNiFiQueues(final Map<String, Long> penalizedUntil) {
        final ProcessSession session = runner.getProcessSessionFactory().createSession();
        final FlowFileFilter unpenalized = candidate -> penalizedUntil.getOrDefault(candidate.getAttribute("uuid"), 0L) > clock.millis()
                ? FlowFileFilter.FlowFileFilterResult.REJECT_AND_CONTINUE : FlowFileFilter.FlowFileFilterResult.ACCEPT_AND_TERMINATE;
        final ProcessSession asNiFi = (ProcessSession) Proxy.newProxyInstance(ProcessSession.class.getClassLoader(), new Class<?>[] {ProcessSession.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("get") && method.getParameterCount() == 0) {
                        final List<FlowFile> first = session.get(unpenalized);
                        return first.isEmpty() ? null : first.getFirst();
                    }
                    if (method.getName().equals("get") && arguments.length == 1 && arguments[0] instanceof FlowFileFilter filter) {
                        return session.get(candidate -> unpenalized.filter(candidate).isAccept() ? filter.filter(candidate)
                                : FlowFileFilter.FlowFileFilterResult.REJECT_AND_CONTINUE);
                    }
                    if (method.getName().equals("penalize")) {
                        penalizedUntil.put(((FlowFile) arguments[0]).getAttribute("uuid"), clock.millis() + Duration.ofSeconds(30).toMillis());
                    }
                    try {
                        return method.invoke(session, arguments);
                    } catch (final InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        if (!runner.isValid()) {
            throw new IllegalStateException("the processor is not valid");
        }
        if (scheduled != processor) {
            processor.onScheduled(runner.getProcessContext());
            scheduled = processor;
        }
        processor.onTrigger(runner.getProcessContext(), asNiFi);
        session.commitAsync();
    }

    /** Parts of one export disagreeing on fragment.count were reconciled by the count of the one taken first; they go to failure unread. */
    @Test
    void partsDisagreeingOnTheirCountGoToFailureUnread() {
        runner.enqueue(TOM, part(0, 2));
        runner.enqueue(ANN, part(1, 3));
        runner.run();
        runner.assertAllFlowFilesTransferred(ReconcileCRMRecord.REL_FAILURE, 2);
        // each part's reason names the part and its count: the file of one part filed alone tells which part it holds
        final Map<String, String> reasons = new TreeMap<>();
        for (final MockFlowFile failed : runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_FAILURE)) {
            reasons.put(failed.getAttribute("fragment.index"), failed.getAttribute(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE));
        }
        final String disagreement = "Export export-1: the parts of this export disagree on fragment.count: 2 (1 part), 3 (1 part); none was read";
        assertEquals(Map.of("0", disagreement + " (this one: part 0 with fragment.count 2)", "1", disagreement + " (this one: part 1 with "
                + "fragment.count 3)"), reasons);
        assertEquals(List.of("The records of part 0 of export export-1 read for run sync-42 went to failure unread: " + reasons.get("0"),
                "The records of part 1 of export export-1 read for run sync-42 went to failure unread: " + reasons.get("1")), errorsLogged());
    }

    /** The error lines logged, each as its bulletin shows it after the component's name. */
    private List<String> errorsLogged() {
        return runner.getLogger().getErrorMessages().stream().map(message -> message.getMsg().substring(message.getMsg().indexOf(' ') + 1)).toList();
    }

    /**
     * The records routed to failure on their own, one FlowFile per part that had any, carried their part's fragment.* (index
     * 0 and 2 of 3): MergeContent's Defragment waited for a part 1 that had none. They are one set of fragments now, as
     * SplitRecord writes its splits (a new fragment.identifier, fragment.index 0 and 1, fragment.count 2,
     * segment.original.filename the part's); the report is none of the parts: it keeps the export's fragment.identifier
     * and carries no fragment.count (it inherited 3) or fragment.index. A part ExecuteSQLRecord wrote with Output Batch
     * Size set (no fragment.count), reconciled alone, gives its failed records a set of one.
     */
    @Test
    void recordsRoutedToFailureFromThePartsOfAnExportAreOneSetOfFragments() {
        runner.setProperty(ReconcileCRMRecord.TARGET_ID_FIELD, "/ids[./system = 'hubspot']/id");
        runner.setProperty(ReconcileCRMRecord.IGNORED_FIELDS, "updated_at, ids");
        final String listed = "[{\"ids\": [{\"system\": \"hubspot\", \"id\": %d}], \"firstname\": \"%s\"}]";
        final Map<String, String> first = part(0, 3);
        first.put("filename", "part-0.json");
        runner.enqueue(String.format(listed, 77, "Ann"), first);
        runner.enqueue("[{\"ids\": {\"system\": \"hubspot\", \"id\": 79}, \"firstname\": \"Tom\", \"email\": \"tom@hardy.io\"}]", part(1, 3));
        final Map<String, String> last = part(2, 3);
        last.put("filename", "part-2.json");
        runner.enqueue(String.format(listed, 99, "Eve"), last);
        runner.run();

        runner.assertTransferCount(ReconcileCRMRecord.REL_FAILURE, 2);
        final List<MockFlowFile> failed = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_FAILURE);
        final String identifier = failed.getFirst().getAttribute("fragment.identifier");
        assertFalse(identifier == null || identifier.equals("export-1"), identifier);
        for (int index = 0; index < 2; index++) {
            failed.get(index).assertAttributeEquals("fragment.identifier", identifier);
            failed.get(index).assertAttributeEquals("fragment.index", String.valueOf(index));
            failed.get(index).assertAttributeEquals("fragment.count", "2");
        }
        failed.get(0).assertAttributeEquals("segment.original.filename", "part-0.json");
        failed.get(1).assertAttributeEquals("segment.original.filename", "part-2.json");
        final MockFlowFile report = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst();
        report.assertAttributeEquals("fragment.identifier", "export-1");
        report.assertAttributeNotExists("fragment.count");
        report.assertAttributeNotExists("fragment.index");
        runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_ORIGINAL).forEach(original -> original.assertAttributeEquals("fragment.count", "3"));

        runner.clearTransferState();
        final Map<String, String> batched = part(4, 3);
        batched.remove("fragment.count");
        runner.enqueue(String.format(listed, 77, "Ann"), batched);
        runner.run();
        final MockFlowFile alone = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_FAILURE).getFirst();
        alone.assertAttributeEquals("fragment.index", "0");
        alone.assertAttributeEquals("fragment.count", "1");
        runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst().assertAttributeNotExists("fragment.index");
    }

    /** A part of a split export that cannot be read sends every part to failure unchanged, with the reason, and no report. */
    @Test
    void anUnreadablePartOfASplitExportSendsEveryPartToFailure() {
        runner.enqueue("[{\"id\": 77, \"firstname\": \"Ann\", \"email\": \"ann@lee.org\"}]", part(0, 2));
        runner.enqueue("[{\"id\": 79, broken", part(1, 2));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 2);
        // part 0 could be read: its reason says which part could not, or its file alone would seem unreadable itself
        final List<MockFlowFile> failed = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE);
        final String reason = failed.getFirst().getAttribute(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE);
        assertTrue(reason.startsWith("Export export-1: part 1 could not be read, so none of the 2 parts was reconciled: the content is not valid JSON"),
                reason);
        failed.getLast().assertAttributeEquals(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE, reason);
        assertEquals(1, errorsLogged().size(), "one error for the export: " + errorsLogged());
        assertTrue(errorsLogged().getFirst().startsWith("The records of parts 0, 1 of export export-1 read for run sync-42 could not be "
                + "reconciled, and no report was written: " + reason + ". Routed to failure unchanged, the reason in record.error.message"),
                errorsLogged().getFirst());
    }

    /**
     * The error of a read that cannot be reconciled named the FlowFile by NiFi's FlowFile[filename=…]: in the cutover, the
     * token the read came from, whose name is the report's (crm-cutover-report-….json), which no one will see. It names the
     * records as the operator knows them: their number and their run, or the file read when there is no run.
     */
    @Test
    void theErrorOfAReadThatCannotBeReconciledNamesItsRecordsAndRun() {
        final Map<String, String> finalRead = new HashMap<>(Map.of("crm.target.system", "hubspot", "crm.run.id", "final-1", "record.count", "2"));
        finalRead.put("filename", "crm-cutover-report-20261201T100000.000Z.json");
        runner.enqueue("[{\"id\": 77}, {\"id\": 79, broken", finalRead);
        runner.enqueue("[{\"id\": 79, broken", Map.of("crm.target.system", "hubspot", "filename", "hubspot_contacts.json"));
        runner.run(2);
        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 2);
        final List<String> reasons = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).stream()
                .map(failed -> failed.getAttribute(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE)).toList();
        assertEquals(List.of("The 2 record(s) read for run final-1 could not be reconciled, and no report was written: " + reasons.getFirst()
                        + ". Routed to failure unchanged, the reason in record.error.message",
                "The records read from hubspot_contacts.json could not be reconciled, and no report was written: " + reasons.getLast()
                        + ". Routed to failure unchanged, the reason in record.error.message"),
                errorsLogged().stream().map(error -> error.substring(0, error.indexOf("record.error.message") + "record.error.message".length())).toList());
        assertTrue(errorsLogged().stream().noneMatch(error -> error.contains("crm-cutover-report")), errorsLogged().toString());
    }

    /**
     * The ERROR of a read that cannot be reconciled gave its reason twice in the bulletin: once in the message and once more
     * where NiFi appends the causes of a throwable logged with it (with the reader's exception class). It gives it once, as
     * record.error.message holds it, with no throwable (the stack trace goes to the DEBUG log).
     */
    @Test
    void theErrorOfAReadThatCannotBeReconciledGivesItsReasonOnce() {
        runner.enqueue("[{\"id\": 77}, {\"id\": 79, broken", Map.of("crm.target.system", "hubspot", "crm.run.id", "final-1", "record.count", "2"));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final String reason = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst()
                .getAttribute(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE);
        assertEquals(List.of("The 2 record(s) read for run final-1 could not be reconciled, and no report was written: " + reason
                + ". Routed to failure unchanged, the reason in record.error.message"), errorsLogged());
        assertNull(runner.getLogger().getErrorMessages().getFirst().getThrowable(), "no throwable, whose causes NiFi appends to the bulletin");
    }

    /**
     * Where the flow files what goes to failure was in no ERROR: the operator looked in nifi-app.log or the directory for the
     * file. With Failure Filed As, the ERROR of a read that cannot be reconciled, and of each part not read, ends with
     * where it is filed, evaluated against the FlowFile routed (its own uuid); without it, with nothing.
     */
    @Test
    void theErrorNamesTheFileTheFailureIsFiledAs() {
        runner.setProperty(ReconcileCRMRecord.FAILURE_FILED_AS, "/errors/unreconciled/${crm.run.id}-unreconciled-${uuid}.json");
        runner.enqueue("[{\"id\": 79, broken", Map.of("crm.target.system", "hubspot", "crm.run.id", "final-1", "record.count", "1"));
        runner.run();
        final MockFlowFile read = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst();
        assertTrue(errorsLogged().getFirst().endsWith(". Routed to failure unchanged, the reason in record.error.message; filed as "
                + "/errors/unreconciled/final-1-unreconciled-" + read.getAttribute("uuid") + ".json"), errorsLogged().getFirst());

        runner.clearTransferState();
        runner.enqueue(TOM, part(0, 2));
        runner.enqueue(ANN, part(1, 3));
        runner.run();
        final List<String> filed = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_FAILURE).stream()
                .map(part -> "; filed as /errors/unreconciled/sync-42-unreconciled-" + part.getAttribute("uuid") + ".json").toList();
        final List<String> parts = errorsLogged().subList(1, errorsLogged().size());
        assertEquals(2, parts.size(), parts.toString());
        assertTrue(parts.getFirst().endsWith("(this one: part 0 with fragment.count 2)" + filed.getFirst()), parts.getFirst());
        assertTrue(parts.getLast().endsWith("(this one: part 1 with fragment.count 3)" + filed.getLast()), parts.getLast());
    }

    /** A store that cannot be read returns the read to its queue, with a warning naming its records and run (not NiFi's FlowFile records). */
    @Test
    void aStoreThatCannotBeReadReturnsTheReadToItsQueueNamingItsRun() throws InitializationException {
        runner.disableControllerService(runner.getControllerService("entity-store"));
        runner.removeControllerService(runner.getControllerService("entity-store"));
        final EmbeddedEntityStore unreadable = new EmbeddedEntityStore() {
            @Override
            public EntityStore getEntityStore() {
                return (EntityStore) Proxy.newProxyInstance(EntityStore.class.getClassLoader(), new Class<?>[] {EntityStore.class}, (proxy, method, arguments) -> {
                    throw new EntityStoreException("Connection to localhost:5432 refused");
                });
            }
        };
        runner.addControllerService("entity-store", unreadable);
        runner.setProperty(unreadable, EmbeddedEntityStore.STORE_DIRECTORY, storeDirectory.toString());
        stores.enable(runner, unreadable);
        final Map<String, String> finalRead = new HashMap<>(summaryOfTheRun("3", "2", "1"));
        finalRead.put("record.count", "1");
        runner.enqueue(TOM, finalRead);
        runner.run();
        runner.assertTransferCount(ReconcileCRMRecord.REL_REPORT, 0);
        assertEquals(1, runner.getQueueSize().getObjectCount(), "back in its queue");
        final List<String> warnings = runner.getLogger().getWarnMessages().stream().map(LogMessage::getMsg).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().endsWith(" Returning the 1 record(s) read for run sync-42 to its queue to try again: the entity store "
                + "cannot be read: Connection to localhost:5432 refused"), warnings.getFirst());
    }

    @Test
    void aTargetInStepWithTheSyncIsConsistent() throws IOException {
        runner.enqueue("""
                [{"id": "77", "firstname": "Ann", "email": "ann@lee.org"},
                 {"id": "79", "firstname": "Tom", "email": "tom@hardy.io"}]""", Map.of("crm.target.system", "hubspot"));
        runner.run();
        final JsonNode report = report();
        assertEquals(2, report.get("outcomes").get("in_sync").asLong());
        assertEquals(1, report.get("missing_in_target").asLong(), "Wei was never written");
        assertTrue(report.get("conservation").isNull(), "no run counts on the FlowFile: no conservation check");
    }

    /**
     * A multi-select named as MergeCRMRecord names it (a RecordPath, /Interests__c, so one Parameter can feed both):
     * HubSpot's options in its own order where the sync kept Salesforce's are in sync; not named, they are drift.
     */
    @Test
    void multiSelectOptionsNamedAsMergeCrmRecordNamesThemAreComparedAsASet() throws IOException, dev.nificrm.store.StoreConflictException {
        final dev.nificrm.store.EntityStore store = ((EmbeddedEntityStore) runner.getControllerService("entity-store")).getEntityStore();
        final dev.nificrm.store.ChangeSet written = new dev.nificrm.store.ChangeSet(-1, store.readMark());
        written.putSnapshot(salesforce.get("003B"), "hubspot", "{\"firstname\":\"Tom\",\"email\":\"tom@hardy.io\",\"Interests__c\":\"Tennis;Golf;Chess\"}", 1);
        store.write(written).commit();
        final String table = """
                [{"id": "77", "firstname": "Ann", "email": "ann@lee.org"},
                 {"id": "79", "firstname": "Tom", "email": "tom@hardy.io", "interests__c": "Chess;Golf;Tennis"}]""";
        runner.enqueue(table, Map.of("crm.target.system", "hubspot"));
        runner.run();
        final JsonNode drifted = report();
        assertEquals(1, drifted.get("outcomes").get("drifted").asLong(), "compared as text");
        final JsonNode difference = drifted.get("findings").get(0).get("fields").get(0);
        assertEquals("interests__c", difference.get("field").asText());
        assertEquals("the same options in another order: name the field in Multi-Select Fields", difference.get("hint").asText(),
                "the operator is told why");
        runner.clearTransferState();

        runner.setProperty(ReconcileCRMRecord.MULTI_SELECT_FIELDS, "/Interests__c");
        runner.enqueue(table, Map.of("crm.target.system", "hubspot"));
        runner.run();
        assertEquals(2, report().get("outcomes").get("in_sync").asLong());
    }

    @Test
    void routesMalformedRunCountsAndUnreadableContentToFailure() {
        runner.enqueue("[{\"id\": 77}]", summaryOfTheRun("3", "two", "1"));
        runner.enqueue("[{\"id\": 77, broken", Map.of("crm.target.system", "hubspot"));
        runner.run(2);
        runner.assertAllFlowFilesTransferred(ReconcileCRMRecord.REL_FAILURE, 2);
        final MockFlowFile malformed = runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_FAILURE).getFirst();
        malformed.assertAttributeEquals(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE, "crm.progress.outcome.written.count is not a whole number: 'two'");
        malformed.assertContentEquals("[{\"id\": 77}]");
    }

    @Test
    void linksByGoldenIdWhenTheTargetCarriesIt() throws IOException {
        runner.setProperty(ReconcileCRMRecord.LINK_BY, LinkByOption.GOLDEN_ID.getValue());
        runner.enqueue("[{\"crm_match_id\": \"" + salesforce.get("003A") + "\"}, {\"crm_match_id\": \"" + salesforce.get("003B") + "\"},"
                + " {\"crm_match_id\": \"" + salesforce.get("003C") + "\"}]", Map.of("crm.target.system", "warehouse"));
        runner.run();
        final JsonNode report = report();
        assertEquals(3, report.get("outcomes").get("unverified").asLong(), "nothing to compare: the warehouse has no snapshots");
        assertEquals(0, report.get("missing_in_target").asLong());
        assertEquals(0, report.get("duplicates_in_target").asLong());
        assertTrue(report.get("consistent").asBoolean());
        // the store holds no warehouse record (the sync only writes there): it tells the source's records, not a 0 for the target
        final JsonNode store = report.get("store");
        assertEquals(3, store.get("source_records").asLong());
        for (final String unknown : List.of("target_records", "entities_in_both", "entities_only_in_source", "entities_only_in_target")) {
            assertTrue(store.get(unknown).isNull(), unknown + " in " + store);
        }
    }

    /**
     * Linked by golden id, a target column holding it in capitals (a SQL Server uniqueidentifier) or in braces (a Dynamics
     * 365 GUID) names the entity all the same. (Every such row was not_in_store, and every entity missing in the target.)
     */
    @Test
    void linksByAGoldenIdInCapitalsOrInBraces() throws IOException {
        runner.setProperty(ReconcileCRMRecord.LINK_BY, LinkByOption.GOLDEN_ID.getValue());
        runner.enqueue("[{\"crm_match_id\": \"" + salesforce.get("003A").toUpperCase(java.util.Locale.ROOT) + "\"},"
                + " {\"crm_match_id\": \"{" + salesforce.get("003B") + "}\"}, {\"crm_match_id\": \"{" + salesforce.get("003C").toUpperCase(java.util.Locale.ROOT)
                + "}\"}]", Map.of("crm.target.system", "warehouse"));
        runner.run();
        final JsonNode report = report();
        assertEquals(3, report.get("outcomes").get("unverified").asLong(), report.toString());
        assertEquals(0, report.get("outcomes").get("not_in_store").asLong());
        assertEquals(0, report.get("missing_in_target").asLong());
        assertTrue(report.get("consistent").asBoolean());
    }

    /** Linked by golden id, a target the store holds records of (a two-way sync reads HubSpot) has its counts in the report. */
    @Test
    void linksByGoldenIdAndCountsATargetTheStoreHoldsRecordsOf() throws IOException {
        runner.setProperty(ReconcileCRMRecord.LINK_BY, LinkByOption.GOLDEN_ID.getValue());
        runner.enqueue("[{\"crm_match_id\": \"" + salesforce.get("003A") + "\", \"firstname\": \"Ann\", \"email\": \"ann@lee.org\"}]",
                Map.of("crm.target.system", "hubspot"));
        runner.run();
        final JsonNode store = report().get("store");
        assertEquals(3, store.get("source_records").asLong());
        assertEquals(2, store.get("target_records").asLong(), "Ann's 77 and Tom's 79");
        assertEquals(2, store.get("entities_in_both").asLong());
        assertEquals(1, store.get("entities_only_in_source").asLong(), "Wei");
        assertEquals(0, store.get("entities_only_in_target").asLong());
    }

    /**
     * Linked by golden id to a people table the sync only writes to (as the sync flows' people table holds the golden id in
     * external_id), the store holds no cross-reference of the people CRM: Wei's row, which the sync wrote (its snapshot in
     * people says so) and a person then deleted by hand, is deleted in the target, with the snapshot as the evidence. It
     * was counted never written, hiding the deletion.
     */
    @Test
    void aRowTheSyncWroteAndAPersonDeletedIsDeletedInTargetWhenLinkedByGoldenId() throws IOException {
        final dev.nificrm.store.EntityStore store = ((EmbeddedEntityStore) runner.getControllerService("entity-store")).getEntityStore();
        SyncedStores.snapshot(store, salesforce.get("003A"), "people", "{\"firstname\":\"Ann\",\"email\":\"ann@lee.org\",\"crm_written\":1764579600000}");
        SyncedStores.snapshot(store, salesforce.get("003B"), "people", "{\"firstname\":\"Tom\",\"email\":\"tom@hardy.io\",\"crm_written\":1764579600000}");
        SyncedStores.snapshot(store, salesforce.get("003C"), "people", "{\"firstname\":\"Wei\",\"email\":\"wei@chen.net\",\"crm_written\":1764579600000}");

        final JsonNode report = reportOfPeopleWithoutWei();
        assertEquals(2, report.get("outcomes").get("in_sync").asLong(), "Ann and Tom as the sync wrote them");
        assertEquals(1, report.get("missing_in_target").asLong());
        assertEquals(1, report.get("deleted_in_target").asLong(), "Wei: the sync wrote her row");
        assertEquals(0, report.get("never_written").asLong());
        assertFalse(report.get("consistent").asBoolean());
        final JsonNode deleted = finding(report, "deleted_in_target");
        assertEquals(salesforce.get("003C"), deleted.get("golden_id").asText());
        assertEquals("003C", deleted.get("source_id").asText());
        assertTrue(deleted.get("target_id").isNull(), "the people row's id is not known to the store");
        assertEquals("the sync's snapshot of it in people: the sync wrote its record there and has not read it back since; deleted there, "
                + "or its write did not land (load-failed)", deleted.get("reason").asText());
        assertTrue(report.get("store").get("target_records").isNull(), "the store still holds no record of the people CRM");
        assertFalse(runner.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT).getFirst().getContent().contains("wei@chen.net"),
                "no value of a snapshot is in the report");
    }

    /** The same people table where the sync never wrote Wei (no snapshot of her in people): never written, as before. */
    @Test
    void aRowTheSyncNeverWroteIsNeverWrittenWhenLinkedByGoldenId() throws IOException {
        final dev.nificrm.store.EntityStore store = ((EmbeddedEntityStore) runner.getControllerService("entity-store")).getEntityStore();
        SyncedStores.snapshot(store, salesforce.get("003A"), "people", "{\"firstname\":\"Ann\",\"email\":\"ann@lee.org\"}");
        SyncedStores.snapshot(store, salesforce.get("003B"), "people", "{\"firstname\":\"Tom\",\"email\":\"tom@hardy.io\"}");

        final JsonNode report = reportOfPeopleWithoutWei();
        assertEquals(1, report.get("missing_in_target").asLong());
        assertEquals(0, report.get("deleted_in_target").asLong());
        assertEquals(1, report.get("never_written").asLong(), "Wei");
        final JsonNode neverWritten = finding(report, "never_written");
        assertEquals("003C", neverWritten.get("source_id").asText());
        assertEquals("the store holds no cross-reference and no snapshot of it in people", neverWritten.get("reason").asText());
    }

    /** The people table of the sync flows (the golden id in external_id) holding Ann's and Tom's rows, reconciled with Salesforce. */
    private JsonNode reportOfPeopleWithoutWei() throws IOException {
        runner.setProperty(ReconcileCRMRecord.LINK_BY, LinkByOption.GOLDEN_ID.getValue());
        runner.setProperty(ReconcileCRMRecord.GOLDEN_ID_FIELD, "/external_id");
        runner.enqueue("[{\"id\": 1, \"external_id\": \"" + salesforce.get("003A") + "\", \"firstname\": \"Ann\", \"email\": \"ann@lee.org\"},"
                + " {\"id\": 2, \"external_id\": \"" + salesforce.get("003B") + "\", \"firstname\": \"Tom\", \"email\": \"tom@hardy.io\"}]",
                Map.of("crm.target.system", "people"));
        runner.run();
        runner.assertTransferCount(ReconcileCRMRecord.REL_ORIGINAL, 1);
        runner.assertTransferCount(ReconcileCRMRecord.REL_FAILURE, 0);
        return report();
    }

    /** Kim (Salesforce 003K, HubSpot 81) and Lou (003L, 82), linked in both systems, without snapshots: each Salesforce id → golden id. */
    private static Map<String, String> syncedKimAndLou(final dev.nificrm.store.EntityStore store) {
        final Map<String, String> people = SyncedStores.link(store, "salesforce",
                new String[] {"003K", "Kim", "Park", "kim@park.kr", "(213) 555-0142", "1985-06-30"},
                new String[] {"003L", "Lou", "Reed", "lou@reed.net", "(718) 555-0163", "1942-03-02"});
        SyncedStores.link(store, "hubspot", new String[] {"81", "Kim", "Park", "kim@park.kr", "213-555-0142", "1985-06-30"},
                new String[] {"82", "Lou", "Reed", "lou@reed.net", "718-555-0163", "1942-03-02"});
        return people;
    }

    /** Kim, synced from Salesforce (003K) to HubSpot under the given id, with the given HubSpot snapshot. */
    private void syncedKim(final String hubspotId, final String snapshot) {
        final dev.nificrm.store.EntityStore store = ((EmbeddedEntityStore) runner.getControllerService("entity-store")).getEntityStore();
        final String kim = SyncedStores.link(store, "salesforce", new String[] {"003K", "Kim", "Park", "kim@park.kr", "(213) 555-0142", "1985-06-30"})
                .get("003K");
        SyncedStores.link(store, "hubspot", new String[] {hubspotId, "Kim", "Park", "kim@park.kr", "213-555-0142", "1985-06-30"});
        SyncedStores.snapshot(store, kim, "hubspot", snapshot);
    }

    private static JsonNode finding(final JsonNode report, final String kind) {
        for (final JsonNode finding : report.get("findings")) {
            if (finding.get("kind").asText().equals(kind)) {
                return finding;
            }
        }
        throw new AssertionError("no " + kind + " finding in " + report.get("findings"));
    }

    /** An unreadable target table (an unquoted email in JSON) goes to failure; neither its reason nor the log holds the value. */
    @Test
    void anUnreadableTargetTableLeavesNoRecordValueInTheReasonOrTheLog() {
        runner.enqueue("[{\"id\": 77, \"email\": annsecret@lee.org}]", Map.of("crm.target.system", "hubspot"));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst();
        final String reason = failed.getAttribute(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE);
        assertFalse(reason.contains("annsecret"), "record.error.message holds the record's value: " + reason);
        for (final LogMessage message : runner.getLogger().getErrorMessages()) {
            final StringBuilder logged = new StringBuilder(message.getMsg());
            for (Throwable t = message.getThrowable(); t != null; t = t.getCause()) {
                logged.append(' ').append(t);
            }
            assertFalse(logged.toString().contains("annsecret"), "the error log holds the record's value: " + logged);
        }
    }

    /** Target System from an attribute the FlowFile lacks: failure with the reason, not a report on a system named "". */
    @Test
    void anEmptyTargetSystemGoesToFailureNotToAFalseReport() {
        runner.enqueue("[{\"id\": 77, \"firstname\": \"Ann\", \"email\": \"ann@lee.org\"}]");
        runner.run();
        runner.assertTransferCount(ReconcileCRMRecord.REL_REPORT, 0);
        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final String reason = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst()
                .getAttribute(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE);
        assertTrue(reason.contains("Target System"), reason);
    }
}
