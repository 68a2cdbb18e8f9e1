package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.FlowDefinitions;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.nifi.csv.CSVUtils;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MergeCRMRecord building golden records through NiFi's real CSVReader, JsonRecordSetWriter and CSVRecordSetWriter. */
class MergeCRMRecordTest {
    private static final Path INPUT = Paths.get("src/test/resources/MergeCRMRecordTest/input");
    private static final Path OUTPUT = Paths.get("src/test/resources/MergeCRMRecordTest/output");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestRunner runner;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(MergeCRMRecord.class);
        RecordServices.useCsvReader(runner, Map.of(CSVUtils.TRIM_FIELDS, "true"));
        RecordServices.useJsonWriter(runner);
    }

    private void configureSources() {
        runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM_FIELD, "/System");
        runner.setProperty(MergeCRMRecord.SOURCE_ID_FIELD, "/Id");
        runner.setProperty(MergeCRMRecord.TIMESTAMP_FIELD, "/LastModifiedDate");
        runner.setProperty(MergeCRMRecord.SOURCE_PRIORITY, "salesforce, hubspot");
    }

    private MockFlowFile runOnce(final Path input) throws IOException {
        runner.enqueue(input);
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        runner.assertTransferCount(MergeCRMRecord.REL_ORIGINAL, 1);
        return runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst();
    }

    @Test
    void mergesEachGroupIntoOneGoldenRecordByTheRolesDefaultsWithLineage() throws IOException {
        configureSources();
        final MockFlowFile merged = runOnce(INPUT.resolve("matched-contacts.csv"));

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        assertEquals(MAPPER.readTree(OUTPUT.resolve("golden-records.json").toFile()), MAPPER.readTree(merged.getContent()));
        merged.assertAttributeEquals("record.count", "4");
        merged.assertAttributeEquals("crm.merge.golden.count", "4");
        merged.assertAttributeEquals("crm.merge.merged.count", "5");
        merged.assertAttributeEquals("crm.merge.single.count", "2");
        merged.assertAttributeEquals("crm.merge.failure.count", "0");
        runner.getFlowFilesForRelationship(MergeCRMRecord.REL_ORIGINAL).getFirst().assertContentEquals(INPUT.resolve("matched-contacts.csv"));
    }

    @Test
    void rulePropertiesOverrideTheDefaultsAndUnionCanWriteArrays() throws IOException {
        configureSources();
        runner.setProperty("longest", "/FirstName");
        runner.setProperty("most_recent", "/Email, /Phone");
        runner.setProperty("source_priority", "/Id");
        runner.setProperty("union", "/MailingCity");
        runner.setProperty(MergeCRMRecord.UNION_OUTPUT, UnionOutput.ARRAY.getValue());
        final Map<String, JsonNode> golden = byMatchId(runOnce(INPUT.resolve("matched-contacts.csv")));

        final JsonNode robert = golden.get("c-robert");
        assertEquals("Robert", robert.get("FirstName").asText());
        assertEquals("BOB.SMITH@example.com;rob@smithworks.example", robert.get("Email").asText(), "HubSpot's, the most recent");
        assertEquals("003A01", robert.get("Id").asText(), "Salesforce's, the first listed");
        assertEquals(List.of("San Francisco", "Oakland"), MAPPER.convertValue(robert.get("MailingCity"), List.class));
        assertEquals("salesforce:003A01, hubspot:901 (union)", robert.get("crm_lineage").get("MailingCity").asText());
        assertEquals("Anna Maria", golden.get("c-anna").get("FirstName").asText());
        assertEquals(List.of("Chicago"), MAPPER.convertValue(golden.get("c-wei").get("MailingCity"), List.class), "a group of one too");
    }

    @Test
    void aRecordWhoseTimestampCannotBeReadGoesToFailureAndItsGroupIsMergedWithoutIt() throws IOException {
        configureSources();
        final String content = Files.readString(INPUT.resolve("matched-contacts.csv")).replace("2024-04-09T12:00:00Z", "last Tuesday");
        runner.enqueue(content);
        runner.run();

        final MockFlowFile failed = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst();
        failed.assertAttributeEquals("record.count", "1");
        final JsonNode zoho = MAPPER.readTree(failed.getContent()).get(0);
        assertEquals("Z-5", zoho.get("Id").asText());
        assertEquals("Timestamp Field: not a zoho timestamp: not a date or ISO-8601 timestamp (e.g. 2024-03-01T09:30:00Z)", zoho.get("crm_errors").asText());
        final MockFlowFile merged = runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst();
        merged.assertAttributeEquals("crm.merge.failure.count", "1");
        merged.assertAttributeEquals("crm.merge.merged.count", "4");
        final JsonNode robert = byMatchId(merged).get("c-robert");
        assertEquals(List.of("salesforce:003A01", "hubspot:901"), MAPPER.convertValue(robert.get("crm_merged_ids"), List.class));
    }

    @Test
    void writesImportReadyCsvWithDelimitedUnionsAndOneRecordPerCustomer() throws IOException, InitializationException {
        RecordServices.useCsvWriter(runner);
        configureSources();
        runner.setProperty(MergeCRMRecord.INCLUDE_LINEAGE, "false");
        final MockFlowFile merged = runOnce(INPUT.resolve("matched-contacts.csv"));

        final List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(merged.getContent())).getRecords();
        assertEquals(4, rows.size());
        final CSVRecord robert = rows.stream().filter(row -> row.get("crm_match_id").equals("c-robert")).findFirst().orElseThrow();
        assertEquals("bob.smith@example.com;rob@smithworks.example", robert.get("Email"));
        assertEquals("(415) 555-0132;415-555-0199", robert.get("Phone"));
        assertEquals("[salesforce:003A01, hubspot:901, zoho:Z-5]", robert.get("crm_merged_ids"));
        assertTrue(!merged.getContent().contains("crm_lineage"), "no lineage when it is not included");
    }

    @Test
    void theCsvWriterWritesLineageAsOneReadableColumn() throws IOException, InitializationException {
        RecordServices.useCsvWriter(runner);
        configureSources();
        final MockFlowFile merged = runOnce(INPUT.resolve("matched-contacts.csv"));
        final CSVRecord robert = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(merged.getContent())).getRecords().stream()
                .filter(row -> row.get("crm_match_id").equals("c-robert")).findFirst().orElseThrow();
        assertEquals("{System=salesforce:003A01 (most_complete), Id=salesforce:003A01 (oldest), FirstName=salesforce:003A01 (most_complete), "
                + "LastName=salesforce:003A01 (most_complete), Email=salesforce:003A01, hubspot:901 (union), Phone=salesforce:003A01, hubspot:901 "
                + "(union), MailingCity=hubspot:901 (most_recent), Birthdate=salesforce:003A01, hubspot:901 (most_frequent), "
                + "LastModifiedDate=hubspot:901 (most_recent)}", robert.get("crm_lineage"));
    }

    @Test
    void withoutSourcesRecordsAreNamedByTheFlowFilesSystemAndTheirNumber() throws IOException {
        runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM, "${crm.source.system}");
        runner.enqueue("crm_match_id,FirstName,Email\nc1,Ann,ann@x.com\nc1,Anne,anne@y.com\nc2,Ben,\n", Map.of("crm.source.system", "legacy"));
        runner.run();
        final Map<String, JsonNode> golden = byMatchId(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst());
        assertEquals(List.of("legacy:#1", "legacy:#2"), MAPPER.convertValue(golden.get("c1").get("crm_merged_ids"), List.class));
        assertEquals("ann@x.com;anne@y.com", golden.get("c1").get("Email").asText());
        assertEquals("legacy:#1 (most_complete)", golden.get("c1").get("crm_lineage").get("FirstName").asText());
        assertTrue(golden.get("c2").get("crm_lineage").isNull(), "a golden record of one record has no lineage: all its values are its own");
    }

    /**
     * JSON records of several systems read with an inferred schema: Salesforce's records have no Title key, HubSpot's
     * have one. A field the preferred system's record does not have is not its empty value: source_priority takes the
     * next system's, while a key present and null is Salesforce's empty value, kept.
     */
    @Test
    void sourcePriorityPassesOverARecordWithoutTheFieldButKeepsAnExplicitNull() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        configureSources();
        runner.setProperty("source_priority", "/Title");
        runner.enqueue("""
                [{"crm_match_id": "c1", "System": "salesforce", "Id": "003A", "FirstName": "Ann"},
                 {"crm_match_id": "c1", "System": "hubspot", "Id": "901", "FirstName": "Ann", "Title": "CFO"},
                 {"crm_match_id": "c2", "System": "salesforce", "Id": "003B", "FirstName": "Ben", "Title": null},
                 {"crm_match_id": "c2", "System": "hubspot", "Id": "902", "FirstName": "Ben", "Title": "CTO"}]""");
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> golden = byMatchId(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst());
        assertEquals("CFO", golden.get("c1").get("Title").asText(), "Salesforce's record has no Title: HubSpot's survives");
        assertEquals("hubspot:901 (source_priority)", golden.get("c1").get("crm_lineage").get("Title").asText());
        assertTrue(golden.get("c2").get("Title").isNull(), "Salesforce's Title is empty: always Salesforce's");
    }

    /** A group value that is a record or a list is no group key: failure with the reason, not a group of its own named by an object's text. */
    @Test
    void aGroupValueThatIsARecordOrAListGoesToFailure() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM, "salesforce");
        runner.setProperty(MergeCRMRecord.SOURCE_ID_FIELD, "/Id");
        runner.enqueue("""
                [{"crm_match_id": ["c1", "c2"], "Id": "003A", "FirstName": "Ann"},
                 {"crm_match_id": "c1", "Id": "003B", "FirstName": "Anne"}]""");
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final JsonNode failed = MAPPER.readTree(runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().getContent());
        assertEquals("Group Field: holds a list where a group value (text) is expected", failed.get(0).get("crm_errors").asText());
        final Map<String, JsonNode> golden = byMatchId(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst());
        assertEquals(List.of("salesforce:003B"), MAPPER.convertValue(golden.get("c1").get("crm_merged_ids"), List.class));
    }

    /**
     * Ids a reader typed as floating-point numbers (a JSON export's 77.0, read by NiFi's JsonTreeReader inferring its schema) name
     * their records in crm_merged_ids and the lineage as the entity store keeps them, by their digits (salesforce:77): before,
     * by Java's text of the double (salesforce:77.0, hubspot:3.000778191E9), which names no record the store, the
     * reconciliation or the sync know. A fraction stays (1.5).
     */
    @Test
    void anIdReadAsAFloatingPointNumberIsNamedByItsDigits() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        configureSources();
        runner.enqueue("""
                [{"crm_match_id": "c1", "System": "salesforce", "Id": 77.0, "FirstName": "Ann", "LastModifiedDate": "2024-03-01T10:00:00Z"},
                 {"crm_match_id": "c1", "System": "hubspot", "Id": 3.000778191E9, "FirstName": "Anne", "LastModifiedDate": "2024-04-01T10:00:00Z"},
                 {"crm_match_id": "c2", "System": "hubspot", "Id": 1.5, "FirstName": "Ben", "LastModifiedDate": "2024-04-01T10:00:00Z"}]""");
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> golden = byMatchId(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst());
        assertEquals(List.of("salesforce:77", "hubspot:3000778191"), MAPPER.convertValue(golden.get("c1").get("crm_merged_ids"), List.class));
        assertEquals(List.of("hubspot:1.5"), MAPPER.convertValue(golden.get("c2").get("crm_merged_ids"), List.class));
        final String lineage = golden.get("c1").get("crm_lineage").toString();
        assertTrue(lineage.contains("hubspot:3000778191") && !lineage.contains("77.0") && !lineage.contains("E9"), lineage);
    }

    /** A Source System Field holding a list names no system: failure with the reason, for a record alone and one of a group. */
    @Test
    void aSourceSystemThatIsAListGoesToFailure() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        configureSources();
        runner.enqueue("""
                [{"crm_match_id": "c1", "System": ["salesforce", "zoho"], "Id": "003A", "FirstName": "Ann"},
                 {"crm_match_id": "c1", "System": "hubspot", "Id": "901", "FirstName": "Anne"},
                 {"crm_match_id": "c2", "System": ["zoho"], "Id": "Z-5", "FirstName": "Ben"}]""");
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final JsonNode failed = MAPPER.readTree(runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().getContent());
        assertEquals(2, failed.size());
        for (final JsonNode record : failed) {
            assertEquals("Source System Field: holds a list where a system name is expected", record.get("crm_errors").asText());
        }
        final Map<String, JsonNode> golden = byMatchId(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst());
        assertEquals(List.of("hubspot:901"), MAPPER.convertValue(golden.get("c1").get("crm_merged_ids"), List.class));
    }

    /**
     * JSON whose records differ in shape, read by the real JsonTreeReader inferring the schema: "ids" and "changes" hold a
     * list in some records and text in another, typed CHOICE[ARRAY, STRING], where NiFi's RecordPath alone selects nothing
     * at /ids[0] or /changes[0]. Each record's id and time are read there, so the golden record's ids are both of its
     * records' and most_recent takes the newer Email (the ids were left out and the older Email survived).
     */
    @Test
    void readsIdsAndTimestampsThroughAFieldTypedAsAChoice() throws IOException, InitializationException {
        readSalesforceJsonWithIdsAndTimesAt("/ids[0]", "/changes[0]");
        runner.setProperty("most_recent", "/Email");
        runner.enqueue("""
                [{"crm_match_id": "c1", "ids": ["003A"], "changes": ["2023-01-01T00:00:00Z"], "Email": "ann@old.example.com"},
                 {"crm_match_id": "c1", "ids": ["003B", "X-1"], "changes": ["2024-03-01T00:00:00Z"], "Email": "ann@new.example.com"},
                 {"crm_match_id": "c2", "ids": "none", "changes": "2022-05-01T00:00:00Z", "Email": "ben@example.com"}]""");
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> golden = byMatchId(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst());
        assertEquals(List.of("salesforce:003B", "salesforce:003A"), MAPPER.convertValue(golden.get("c1").get("crm_merged_ids"), List.class));
        assertEquals("ann@new.example.com", golden.get("c1").get("Email").asText());
        assertEquals("salesforce:003B (most_recent)", golden.get("c1").get("crm_lineage").get("Email").asText());
    }

    /**
     * One processor, scheduled once, given two FlowFiles whose schemas have the same field names but not the same types: the
     * first's Interests is text, the second's a list (JSON read by the JsonTreeReader inferring each FlowFile's schema). Each
     * golden record is written by its own FlowFile's layout: the second's Interests a list, as read (the layout was kept by
     * the field names alone, so the second FlowFile was written by the first's, its Interests typed as text).
     */
    @Test
    void aProcessorScheduledOnceWritesEachFlowFileByItsOwnSchemasTypes() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        configureSources();
        runner.enqueue("""
                [{"crm_match_id": "c1", "System": "hubspot", "Id": "901", "LastModifiedDate": "2024-03-01T00:00:00Z", "Interests": "golf;tennis"}]""");
        runner.run(1, false, true);
        runner.enqueue("""
                [{"crm_match_id": "c2", "System": "hubspot", "Id": "902", "LastModifiedDate": "2024-03-01T00:00:00Z", "Interests": ["golf", "tennis"]}]""");
        runner.run(1, true, false);

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 2);
        final List<MockFlowFile> merged = runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED);
        assertEquals("golf;tennis", byMatchId(merged.get(0)).get("c1").get("Interests").textValue());
        assertEquals(MAPPER.readTree("[\"golf\", \"tennis\"]"), byMatchId(merged.get(1)).get("c2").get("Interests"), "the list as read, not its text");
    }

    /**
     * A processor scheduled once given FlowFiles whose inferred schemas differ by an optional key each (Extra1, Extra2...),
     * every other FlowFile of the common schema, keeps at most {@value MergeCRMRecord#MAXIMUM_CACHED_LAYOUTS} layouts, the
     * most recently used: full, it lets go of the oldest one only (before, a full cache was emptied, down to one layout,
     * the common schema's rebuilt), and each FlowFile is merged as ever. Stopped, it keeps none (before, up to 64 of each
     * mode's stayed on the heap until the processor was started again).
     */
    @Test
    void keepsTheLayoutsOfTheMostRecentSchemasOnly() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner);
        configureSources();
        final MergeCRMRecord processor = (MergeCRMRecord) runner.getProcessor();
        final int variants = MergeCRMRecord.MAXIMUM_CACHED_LAYOUTS + 10;
        for (int i = 1; i <= variants; i++) {
            runner.enqueue("""
                    [{"crm_match_id": "c%d", "System": "hubspot", "Id": "9%d", "LastModifiedDate": "2024-03-01T00:00:00Z", "Email": "a@example.com"}]"""
                    .formatted(i, i));
            runner.enqueue("""
                    [{"crm_match_id": "d%d", "System": "hubspot", "Id": "8%d", "LastModifiedDate": "2024-03-01T00:00:00Z", "Extra%d": "x"}]"""
                    .formatted(i, i, i));
            runner.run(2, false, i == 1);
            assertEquals(Math.min(i + 1, MergeCRMRecord.MAXIMUM_CACHED_LAYOUTS), processor.cachedLayouts(), "after " + i + " optional keys");
        }
        runner.stop();
        assertEquals(0, processor.cachedLayouts(), "a stopped processor keeps no layouts");
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final List<MockFlowFile> merged = runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED);
        assertEquals(2 * variants, merged.size());
        assertEquals("x", byMatchId(merged.getLast()).get("d" + variants).get("Extra" + variants).textValue());
    }

    /**
     * A Source ID, Timestamp or Group path with a predicate right after a field holding a list tests the list as a whole and
     * selects nothing (NiFi's RecordPath): such a record goes to failure saying which path and how to write it, instead of
     * being merged without its id or time, or alone as a record without a group. A record holding text there is merged as
     * before (c2: no id, so named by its position).
     */
    @Test
    void aPathWithAPredicateRightAfterAListSendsTheRecordToFailureSayingWhy() throws IOException, InitializationException {
        readSalesforceJsonWithIdsAndTimesAt("/ids[./system = 'sf']/id", "/changes[./kind = 'modified']/at");
        runner.enqueue("""
                [{"crm_match_id": "c1", "ids": [{"system": "sf", "id": "003A"}], "changes": "2023-01-01T00:00:00Z", "Email": "ann@old.example.com"},
                 {"crm_match_id": "c1", "ids": "none", "changes": [{"kind": "modified", "at": "2024-03-01T00:00:00Z"}], "Email": "ann@new.example.com"},
                 {"crm_match_id": "c2", "ids": "none", "changes": "2022-05-01T00:00:00Z", "Email": "ben@example.com"}]""");
        runner.run();
        final JsonNode failed = MAPPER.readTree(runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().getContent());
        assertEquals(2, failed.size());
        assertEquals("Source ID Field: /ids[./system = 'sf']/id selects nothing: a predicate right after /ids tests the list it holds as a "
                + "whole and selects nothing; write /ids[*][./system = 'sf']/id", failed.get(0).get("crm_errors").asText());
        assertEquals("Timestamp Field: /changes[./kind = 'modified']/at selects nothing: a predicate right after /changes tests the list it "
                + "holds as a whole and selects nothing; write /changes[*][./kind = 'modified']/at", failed.get(1).get("crm_errors").asText());
        assertEquals(List.of("salesforce:#3"), MAPPER.convertValue(byMatchId(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst())
                .get("c2").get("crm_merged_ids"), List.class));

        runner.clearTransferState();
        runner.setProperty(MergeCRMRecord.GROUP_FIELD, "/match[./kind = 'golden']/id");
        runner.enqueue("""
                [{"match": [{"kind": "golden", "id": "c1"}], "ids": "003A", "changes": "2023-01-01T00:00:00Z", "Email": "ann@old.example.com"},
                 {"match": "none", "ids": "003B", "changes": "2024-03-01T00:00:00Z", "Email": "ann@new.example.com"}]""");
        runner.run();
        final JsonNode ungrouped = MAPPER.readTree(runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().getContent());
        assertEquals(1, ungrouped.size());
        assertEquals("Group Field: /match[./kind = 'golden']/id selects nothing: a predicate right after /match tests the list it holds as a "
                + "whole and selects nothing; write /match[*][./kind = 'golden']/id", ungrouped.get(0).get("crm_errors").asText());
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
    }

    @Test
    void theSourceIdIsTheFirstOfSeveralPathsWithAValue() throws IOException {
        runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM, "salesforce");
        runner.setProperty(MergeCRMRecord.SOURCE_ID_FIELD, "/external_id, /Id");
        runner.enqueue("crm_match_id,external_id,Id,FirstName\nc1,,003A,Ann\nc1,003B,901,Anne\n");
        runner.run();
        final Map<String, JsonNode> golden = byMatchId(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst());
        assertEquals(List.of("salesforce:003A", "salesforce:003B"), MAPPER.convertValue(golden.get("c1").get("crm_merged_ids"), List.class));
    }

    @Test
    void anEmptyInputGivesAnEmptyMergedFlowFile() {
        runner.enqueue("crm_match_id,FirstName\n");
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst().assertAttributeEquals("record.count", "0");
    }

    /**
     * A Timestamp Field holding a Unix timestamp (ten digits, seconds, as CleanCRMRecord reads it) is that time: HubSpot's
     * 1709285400 (2024-03-01) is more recent than Salesforce's 2023, not a moment of January 1970.
     */
    @Test
    void tenDigitEpochTimestampsAreSecondsForMostRecent() throws IOException {
        configureSources();
        runner.setProperty("most_recent", "/MailingCity");
        runner.enqueue("crm_match_id,System,Id,LastModifiedDate,MailingCity\n"
                + "c-ann,salesforce,003A,2023-06-01T00:00:00Z,Boston\n"
                + "c-ann,hubspot,901,1709285400,Cambridge\n");
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        final JsonNode golden = MAPPER.readTree(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst().getContent()).get(0);
        assertEquals("Cambridge", golden.get("MailingCity").asText());
    }

    /**
     * A change feed giving two versions of one Salesforce row in a FlowFile: the newer is the row's member, the older has
     * no say (its old email is not in the union), and the row is named once; both records are accounted for as merged.
     */
    @Test
    void twoVersionsOfOneRowAreOneMemberTheNewerOne() throws IOException {
        configureSources();
        runner.setProperty("union", "/Email");
        runner.enqueue("crm_match_id,System,Id,LastModifiedDate,Email\n"
                + "c-ann,salesforce,003A,2024-06-01T10:00:00Z,ann@new.example\n"
                + "c-ann,hubspot,901,2024-05-01T00:00:00Z,ann@new.example\n"
                + "c-ann,salesforce,003A,2024-03-01T00:00:00Z,ann@old.example\n"
                + "c-ben,salesforce,003B,,ben@old.example\n"
                + "c-ben,salesforce,003B,,ben@new.example\n");
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        final MockFlowFile merged = runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst();
        final JsonNode golden = MAPPER.readTree(merged.getContent());
        assertEquals(2, golden.size());
        assertEquals("ann@new.example", golden.get(0).get("Email").asText());
        assertEquals("[\"salesforce:003A\",\"hubspot:901\"]", golden.get(0).get("crm_merged_ids").toString());
        assertEquals("ben@new.example", golden.get(1).get("Email").asText(), "without a time, the later record is the newer version");
        assertEquals("[\"salesforce:003B\"]", golden.get(1).get("crm_merged_ids").toString());
        assertTrue(golden.get(1).path("crm_lineage").isEmpty(), "a golden record of one source record: no lineage");
        merged.assertAttributeEquals("crm.merge.merged.count", "5");
        merged.assertAttributeEquals("record.count", "2");
    }

    /**
     * A Timestamp Field of eight digits is a date (yyyyMMdd), as CleanCRMRecord reads it: HubSpot's 20240301 is more
     * recent than Salesforce's 2023, not 20 million milliseconds after 1970; a number of a count of digits no time has
     * (seven) goes to failure with the reason instead of being read as milliseconds.
     */
    @Test
    void eightDigitTimestampsAreDatesAndOtherCountsGoToFailure() throws IOException {
        configureSources();
        runner.setProperty("most_recent", "/MailingCity");
        runner.enqueue("crm_match_id,System,Id,LastModifiedDate,MailingCity\n"
                + "c-ann,salesforce,003A,2023-06-01T00:00:00Z,Boston\n"
                + "c-ann,hubspot,901,20240301,Cambridge\n"
                + "c-ann,zoho,Z-1,1709285,Somerville\n");
        runner.run();
        runner.assertTransferCount(MergeCRMRecord.REL_MERGED, 1);
        final JsonNode golden = MAPPER.readTree(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst().getContent()).get(0);
        assertEquals("Cambridge", golden.get("MailingCity").asText());
        final JsonNode failed = MAPPER.readTree(runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().getContent()).get(0);
        assertEquals("Z-1", failed.get("Id").asText());
        assertEquals("Timestamp Field: not a zoho timestamp: a number of 7 digits is no date or epoch time (9 or 10 digits are seconds, 11 to 13 milliseconds, "
                + "8 a date yyyyMMdd)", failed.get("crm_errors").asText());
    }

    /**
     * Times in the Timestamp Format (Zoho's import format) are read for most_recent and compared as times by min, and written
     * as they were read; before, every such record went to failure ("Timestamp Field: not a date or ISO-8601 timestamp").
     */
    @Test
    void readsTimesInTheTimestampFormat() throws IOException {
        runner.setProperty(MergeCRMRecord.SOURCE_ID_FIELD, "/Id");
        runner.setProperty(MergeCRMRecord.TIMESTAMP_FIELD, "/Modified_Time");
        runner.setProperty(MergeCRMRecord.TIMESTAMP_FORMAT, "MM/dd/yyyy HH:mm:ss");
        runner.setProperty("most_recent", "/Email");
        runner.setProperty("min", "/Created_Time");
        runner.enqueue("""
                crm_match_id,Id,Email,Created_Time,Modified_Time
                c-1,Z-1,old@example.com,12/01/2019 08:00:00,01/03/2022 08:00:00
                c-1,Z-2,new@example.com,05/10/2021 08:00:00,06/01/2024 08:00:00
                """);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final JsonNode golden = MAPPER.readTree(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst().getContent()).get(0);
        assertEquals("new@example.com", golden.get("Email").asText(), golden.toString());
        assertEquals("12/01/2019 08:00:00", golden.get("Created_Time").asText(), golden.toString());
        assertEquals("06/01/2024 08:00:00", golden.get("Modified_Time").asText(), golden.toString());

        runner.setProperty(MergeCRMRecord.TIMESTAMP_FORMAT, "HH:mm");
        runner.assertNotValid();
        assertTrue(validationMessages().contains("'HH:mm' reads no day"), validationMessages());
    }

    /**
     * The Timestamp Time Zone places the pattern's local times: New York's 05:00 is 10:00 UTC, after Salesforce's 09:00 UTC,
     * so most_recent takes the Zoho record's email; read as UTC (no zone), 05:00 is the older one.
     */
    @Test
    void readsThePatternsLocalTimesInTheTimestampTimeZone() throws IOException {
        runner.setProperty(MergeCRMRecord.TIMESTAMP_FIELD, "/Modified_Time");
        runner.setProperty(MergeCRMRecord.TIMESTAMP_FORMAT, "MM/dd/yyyy HH:mm:ss");
        runner.setProperty("most_recent", "/Email");
        final String records = """
                crm_match_id,Email,Modified_Time
                c-1,salesforce@example.com,2024-03-01T09:00:00Z
                c-1,zoho@example.com,03/01/2024 05:00:00
                """;
        for (final String zone : List.of("", "America/New_York")) {
            if (!zone.isEmpty()) {
                runner.setProperty(MergeCRMRecord.TIMESTAMP_TIME_ZONE, zone);
            }
            runner.enqueue(records);
            runner.run();
            final JsonNode golden = MAPPER.readTree(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst().getContent()).get(0);
            assertEquals(zone.isEmpty() ? "salesforce@example.com" : "zoho@example.com", golden.get("Email").asText(), zone + ": " + golden);
            assertEquals(zone.isEmpty() ? "2024-03-01T09:00:00Z" : "03/01/2024 05:00:00", golden.get("Modified_Time").asText(),
                    "the most recent time, written as read: " + golden);
            runner.clearTransferState();
        }
    }

    @Test
    void explainsInvalidRuleProperties() {
        runner.setProperty("newest", "/Email");
        runner.assertNotValid();
        assertTrue(validationMessages().contains("'newest' is not a survivorship rule"), validationMessages());
        runner.removeProperty("newest");

        runner.setProperty("most_recent", "/Email");
        assertTrue(validationMessages().contains("most_recent compares when records changed: set the Timestamp Field"), validationMessages());
        runner.setProperty(MergeCRMRecord.TIMESTAMP_FIELD, "/LastModifiedDate");
        runner.assertValid();

        runner.setProperty("union", "/Email");
        assertTrue(validationMessages().contains("the field /Email is named by both"), validationMessages());
        runner.removeProperty("union");

        runner.setProperty("longest", "/address/street");
        assertTrue(validationMessages().contains("'/address/street' is not a top-level field"), validationMessages());
        runner.removeProperty("longest");

        runner.setProperty("source_priority", "/Id");
        assertTrue(validationMessages().contains("source_priority takes the value of the first system listed: set the Source Priority"),
                validationMessages());
        runner.setProperty(MergeCRMRecord.SOURCE_PRIORITY, "salesforce");
        runner.assertValid();
    }

    /**
     * same_record with the Same Record Field: the golden record carries the id and the created date of the record created first
     * (Z-1, 2019), though Z-2 was modified least recently; invalid without the Same Record Field or naming it.
     */
    @Test
    void sameRecordTakesTheIdOfTheRecordCreatedFirst() throws IOException {
        runner.setProperty(MergeCRMRecord.TIMESTAMP_FIELD, "/Modified_Time");
        runner.setProperty("min", "/Created_Time");
        runner.setProperty("same_record", "/Id");
        runner.assertNotValid();
        assertTrue(validationMessages().contains("same_record takes the values of the record that won another field: set the Same Record Field"),
                validationMessages());
        runner.setProperty(MergeCRMRecord.SAME_RECORD_FIELD, "/CreatedDate, /Created_Time");
        runner.assertValid();
        runner.enqueue("""
                crm_match_id,Id,Created_Time,Modified_Time
                c-1,Z-1,2019-12-01T08:00:00Z,2022-01-03T08:00:00Z
                c-1,Z-2,2021-05-10T08:00:00Z,2021-06-01T08:00:00Z
                c-1,Z-3,2023-11-20T08:00:00Z,2024-06-01T08:00:00Z
                """);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final JsonNode golden = MAPPER.readTree(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst().getContent()).get(0);
        assertEquals("Z-1", golden.get("Id").asText(), golden.toString());
        assertEquals("2019-12-01T08:00:00Z", golden.get("Created_Time").asText(), golden.toString());
        assertEquals("#1 (same_record)", golden.path("crm_lineage").path("Id").asText(), golden.toString());

        runner.setProperty("same_record", "/Id, /Created_Time");
        assertTrue(validationMessages().contains("the field /Created_Time is the Same Record Field"), validationMessages());
    }

    /**
     * A migration merging several CRMs' exports into golden records, read by NiFi's real CSVReader: Zoho writes its times
     * {@code MM/dd/yyyy HH:mm:ss} in its user's zone (Europe/Berlin, UTC+1 in March), Dynamics 365 {@code yyyy-MM-dd HH:mm:ss}
     * in America/New_York (UTC-5 in early March), Salesforce ISO-8601 with its offset. Ann's Zoho record changed at 11:00
     * Berlin (10:00 UTC), her Dynamics record at 06:00 New York (11:00 UTC), her Salesforce record at 09:00 UTC: her address
     * is Dynamics'. With one Timestamp Format and Time Zone for every system (Zoho's, the best an operator could set before),
     * Dynamics' 06:00 was read as UTC, five hours early, and the most recent address was Zoho's, silently.
     */
    @Nested
    class EachSystemsTimesInItsOwnFormatAndZone {
        private static final String HEADER = "crm_match_id,System,Id,MailingStreet,Created_Time,LastModifiedDate\n";
        private static final String ANN = HEADER
                + "c-ann,zoho,Z-1,1 Zoho Strasse,03/01/2019 09:00:00,03/01/2024 11:00:00\n"
                + "c-ann,dynamics,D-1,2 Dynamics Avenue,2019-03-01 04:30:00,2024-03-01 06:00:00\n"
                + "c-ann,salesforce,S-1,3 Salesforce Road,2019-03-01T08:45:00Z,2024-03-01T09:00:00Z\n";

        @BeforeEach
        void eachSystemItsOwn() {
            runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM_FIELD, "/System");
            runner.setProperty(MergeCRMRecord.SOURCE_ID_FIELD, "/Id");
            runner.setProperty(MergeCRMRecord.TIMESTAMP_FIELD, "/LastModifiedDate");
            runner.setProperty(MergeCRMRecord.SYSTEM_TIMESTAMP_FORMATS, "zoho=MM/dd/yyyy HH:mm:ss\ndynamics=yyyy-MM-dd HH:mm:ss");
            runner.setProperty(MergeCRMRecord.SYSTEM_TIMESTAMP_TIME_ZONES, "Zoho=Europe/Berlin; dynamics=America/New_York");
            runner.assertValid();
        }

        /** The most recent address is Dynamics' (11:00 UTC), not Zoho's (10:00 UTC) nor Salesforce's (09:00 UTC). */
        @Test
        void theMostRecentAddressIsTheNewestInstant() throws IOException {
            final JsonNode ann = goldenAnn(ANN);
            assertEquals("2 Dynamics Avenue", ann.get("MailingStreet").asText(), ann.toString());
            assertEquals("dynamics:D-1 (most_recent)", ann.path("crm_lineage").path("MailingStreet").asText(), ann.toString());
            assertEquals("2024-03-01 06:00:00", ann.get("LastModifiedDate").asText(), "written as read: " + ann);
        }

        /**
         * min compares each system's created date in its own format and zone: Zoho's 09:00 Berlin (08:00 UTC) is before
         * Salesforce's 08:45 UTC and Dynamics' 04:30 New York (09:30 UTC); read as UTC, Dynamics' 04:30 was the earliest.
         */
        @Test
        void minComparesEachSystemsDatesAsInstants() throws IOException {
            runner.setProperty("min", "/Created_Time");
            final JsonNode ann = goldenAnn(ANN);
            assertEquals("03/01/2019 09:00:00", ann.get("Created_Time").asText(), ann.toString());
        }

        /**
         * Zoho's pattern and zone kept as the Timestamp Format and Time Zone, Dynamics listed: Dynamics' address and Zoho's
         * created date still win. Before, the lists did not apply to golden records, and this, the best an operator could set,
         * read Dynamics' 06:00 and 04:30 as UTC: Zoho's address (10:00 UTC) won, and Dynamics' created date, silently.
         */
        @Test
        void aSystemNotListedIsReadAsTheTimestampFormatSays() throws IOException {
            runner.setProperty(MergeCRMRecord.TIMESTAMP_FORMAT, "MM/dd/yyyy HH:mm:ss");
            runner.setProperty(MergeCRMRecord.TIMESTAMP_TIME_ZONE, "Europe/Berlin");
            runner.setProperty(MergeCRMRecord.SYSTEM_TIMESTAMP_FORMATS, "dynamics=yyyy-MM-dd HH:mm:ss");
            runner.setProperty(MergeCRMRecord.SYSTEM_TIMESTAMP_TIME_ZONES, "dynamics=America/New_York");
            runner.setProperty("min", "/Created_Time");
            runner.assertValid();
            final JsonNode ann = goldenAnn(ANN);
            assertEquals("2 Dynamics Avenue", ann.get("MailingStreet").asText(), ann.toString());
            assertEquals("03/01/2019 09:00:00", ann.get("Created_Time").asText(), ann.toString());
        }

        /** The Source System (a FlowFile's attribute) names the system of records without a Source System Field value. */
        @Test
        void theSourceSystemNamesTheSystemOfRecordsWithoutOne() throws IOException {
            runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM, "${crm.source.system}");
            runner.enqueue(ANN.replace(",dynamics,D-1,", ",,D-1,"), Map.of("crm.source.system", "Dynamics"));
            runner.run();
            runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
            final JsonNode ann = MAPPER.readTree(runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst().getContent()).get(0);
            assertEquals("2 Dynamics Avenue", ann.get("MailingStreet").asText(), ann.toString());
        }

        /**
         * A time in neither its system's format nor ISO-8601 goes to failure with the reason naming the system and its format
         * (not the value), a record of a group and a record alone alike; the group is merged without it.
         */
        @Test
        void aTimeNotInItsSystemsFormatGoesToFailureNamingTheSystem() throws IOException {
            runner.enqueue(ANN.replace("2024-03-01 06:00:00", "03/01/2024 06:00:00")
                    + "c-bob,zoho,Z-2,4 Bob Lane,03/01/2019 09:00:00,1 March 2024\n");
            runner.run();

            final JsonNode failed = MAPPER.readTree(runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().getContent());
            assertEquals(2, failed.size(), failed.toString());
            assertEquals("Timestamp Field: not a dynamics timestamp: not a date or ISO-8601 timestamp (e.g. 2024-03-01T09:30:00Z), nor in "
                    + "the format yyyy-MM-dd HH:mm:ss", failed.get(0).get("crm_errors").asText(), failed.toString());
            assertEquals("Timestamp Field: not a zoho timestamp: not a date or ISO-8601 timestamp (e.g. 2024-03-01T09:30:00Z), nor in "
                    + "the format MM/dd/yyyy HH:mm:ss", failed.get(1).get("crm_errors").asText(), failed.toString());
            final MockFlowFile merged = runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst();
            merged.assertAttributeEquals("crm.merge.failure.count", "2");
            final JsonNode ann = byMatchId(merged).get("c-ann");
            assertEquals("1 Zoho Strasse", ann.get("MailingStreet").asText(), "Zoho's 10:00 UTC, the newest left: " + ann);
        }

        @Test
        void explainsEntriesNamingTheSystem() {
            runner.setProperty(MergeCRMRecord.SYSTEM_TIMESTAMP_FORMATS, "dynamics=HH:mm:ss");
            assertTrue(validationMessages().contains("dynamics: 'HH:mm:ss' reads no day"), validationMessages());
            runner.setProperty(MergeCRMRecord.SYSTEM_TIMESTAMP_FORMATS, "zoho=MM/dd/yyyy HH:mm:ss");
            runner.setProperty(MergeCRMRecord.SYSTEM_TIMESTAMP_TIME_ZONES, "zoho=Europe/Berlin\ndynamics=America/New_York");
            assertTrue(validationMessages().contains("dynamics has a time zone but no format whose times it is the zone of"), validationMessages());
            runner.assertNotValid();
        }

        /** Systems listed while no record has a system (neither Source System Field nor Source System): explained. */
        @Test
        void explainsSystemsListedWhileRecordsHaveNone() {
            runner.removeProperty(MergeCRMRecord.SOURCE_SYSTEM_FIELD);
            assertTrue(validationMessages().contains("it lists systems, but no record has one: set the Source System Field"), validationMessages());
            runner.assertNotValid();
            runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM, "${crm.source.system}");
            runner.assertValid();
        }

        private JsonNode goldenAnn(final String records) throws IOException {
            runner.enqueue(records);
            runner.run();
            runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
            final MockFlowFile merged = runner.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).getFirst();
            merged.assertAttributeEquals("record.count", "1");
            return MAPPER.readTree(merged.getContent()).get(0);
        }
    }

    @Test
    void flowDefinitionsStoreAllowableValueKeys() throws IOException {
        FlowDefinitions.assertAllowableValuesAreKeys(runner.getProcessor());
    }

    private String validationMessages() {
        final StringBuilder messages = new StringBuilder();
        ((org.apache.nifi.util.MockProcessContext) runner.getProcessContext()).validate()
                .forEach(result -> messages.append(result.getExplanation()).append('\n'));
        return messages.toString();
    }

    /** JSON read by the JsonTreeReader inferring the schema, records of Salesforce with their ids and times at the paths. */
    private void readSalesforceJsonWithIdsAndTimesAt(final String sourceIdPath, final String timestampPath) throws InitializationException {
        RecordServices.useJsonReader(runner);
        runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM, "salesforce");
        runner.setProperty(MergeCRMRecord.SOURCE_ID_FIELD, sourceIdPath);
        runner.setProperty(MergeCRMRecord.TIMESTAMP_FIELD, timestampPath);
    }

    private static Map<String, JsonNode> byMatchId(final MockFlowFile flowFile) throws IOException {
        final Map<String, JsonNode> records = new HashMap<>();
        for (final JsonNode record : MAPPER.readTree(flowFile.getContent())) {
            records.put(record.get("crm_match_id").isNull() ? record.get("FirstName").asText() : record.get("crm_match_id").asText(), record);
        }
        return records;
    }
}
