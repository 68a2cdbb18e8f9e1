package dev.nificrm.processors;

import dev.nificrm.RecordServices;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.csv.CSVUtils;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CSV row holding more values than its header (a value with an unquoted delimiter, {@code Acme, Inc}, shifts every value
 * after it one column to the right) read with the real CSVReader set up as templates/crm-migration.json sets it up: the row
 * goes to invalid as read, with the reason and the values beyond the header kept, instead of being cleaned misaligned with
 * its last value dropped by the reader; the FlowFile's other rows, and JSON input, are not affected.
 */
class CleanCRMRecordRowWidthTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String HEADER = "Id,Company,City,Phone\n";
    private static final String SHIFTED_ROW = "2,Acme, Inc,Springfield,(240) 452-2332\n";
    private static final String REASON = "the row holds 5 values for the header's 4 columns: a value with an unquoted delimiter shifts the values "
            + "after it (quote it, or fix the export); the value beyond the header is in crm_extra_values";

    private TestRunner runner;
    private CSVReader csvReader;

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(new CleanCRMRecord(CLOCK));
        csvReader = RecordServices.useMigrationCsvReader(runner);
        RecordServices.useJsonWriter(runner);
    }

    /**
     * What NiFi's CSVReader gives for rows wider and narrower than the header. Asked to drop unknown fields, as every
     * processor of the bundle but this one reads, it loses the wider row's last value without a trace: the record holds
     * the header's four names, the city in Phone. Asked to keep them, it keeps the value as unknown_field_index_4. A row
     * with fewer values lacks the missing names (an empty trailing value is there, as null): the same as a JSON object
     * without a key, which is why the processor does not flag it.
     */
    @Test
    void readsTheValuesOfRowsWiderAndNarrowerThanTheHeaderAsNiFisCsvReaderGivesThem() throws IOException, MalformedRecordException, SchemaNotFoundException {
        final String csv = HEADER + SHIFTED_ROW + "3,Beta,Boston\n4,Gamma,Boston,\n";

        final List<Record> dropped = read(csv, true);
        assertEquals(List.of("Id", "Company", "City", "Phone"), new ArrayList<>(dropped.get(0).getRawFieldNames()));
        assertEquals("Springfield", dropped.get(0).getValue("Phone"));
        assertFalse(dropped.get(0).toMap().containsValue("(240) 452-2332"));

        final List<Record> kept = read(csv, false);
        assertEquals(List.of("Id", "Company", "City", "Phone", "unknown_field_index_4"), new ArrayList<>(kept.get(0).getRawFieldNames()));
        assertEquals("(240) 452-2332", kept.get(0).getValue("unknown_field_index_4"));
        assertEquals(4, kept.get(0).getSchema().getFieldCount());

        assertEquals(List.of("Id", "Company", "City"), new ArrayList<>(kept.get(1).getRawFieldNames()));
        assertNull(kept.get(1).getValue("Phone"));
        assertEquals(List.of("Id", "Company", "City", "Phone"), new ArrayList<>(kept.get(2).getRawFieldNames()));
        assertNull(kept.get(2).getValue("Phone"));
    }

    @Test
    void routesARowWithMoreValuesThanItsHeaderToInvalidAsReadWithItsValuesBeyondTheHeaderKept() {
        runner.enqueue(HEADER + "1,Beta,Boston,240.452.2333\n" + SHIFTED_ROW + "3,Gamma,Chicago,(240) 452-2334\n");
        runner.run();

        runner.assertTransferCount(CleanCRMRecord.REL_FAILURE, 0);
        assertEquals("success: [{\"Id\":\"1\",\"Company\":\"Beta\",\"City\":\"Boston\",\"Phone\":\"+12404522333\",\"crm_errors\":null},"
                + "{\"Id\":\"3\",\"Company\":\"Gamma\",\"City\":\"Chicago\",\"Phone\":\"+12404522334\",\"crm_errors\":null}] "
                + "invalid: [{\"Id\":\"2\",\"Company\":\"Acme\",\"City\":\"Inc\",\"Phone\":\"Springfield\",\"crm_errors\":\"" + REASON + "\","
                + "\"crm_extra_values\":[\"(240) 452-2332\"]}]", CleanedContent.written(runner));
        final MockFlowFile invalid = runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst();
        invalid.assertAttributeEquals("record.count", "1");
        invalid.assertAttributeEquals("crm.clean.invalid.count", "1");
        invalid.assertAttributeEquals("crm.clean.changed.count", "2");
    }

    /**
     * Each of NiFi's three CSV parsers, with the migration flow's reader settings, keeps the values beyond the header under
     * the same names (Jackson's in a hash map, read back in the row's order), so the row is flagged the same way.
     */
    @ParameterizedTest
    @ValueSource(strings = {"commons-csv", "jackson-csv", "fast-csv"})
    void flagsAShiftedRowWithEachOfNiFisCsvParsers(final String parser) {
        runner.disableControllerService(csvReader);
        runner.setProperty(csvReader, CSVReader.CSV_PARSER, parser);
        runner.enableControllerService(csvReader);
        runner.enqueue(HEADER + "1,Beta,Boston,240.452.2333\n2,Acme, Inc, Ltd,Springfield,(240) 452-2332\n");
        runner.run();

        runner.assertTransferCount(CleanCRMRecord.REL_SUCCESS, 1);
        final String invalid = runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst().getContent();
        assertTrue(invalid.contains("\"crm_errors\":\"the row holds 6 values for the header's 4 columns"), parser + ": " + invalid);
        assertTrue(invalid.endsWith("\"crm_extra_values\":[\"Springfield\",\"(240) 452-2332\"]}]"), parser + ": " + invalid);
    }

    /** The FlowFile's other rows come out exactly as they do without the shifted row among them. */
    @Test
    void leavesTheOtherRowsOfTheFlowFileAsTheyAreWithoutTheShiftedRow() {
        final String rows = "1,Beta,Boston,240.452.2333\n3,Gamma,Chicago,(240) 452-2334\n";
        runner.enqueue(HEADER + rows);
        runner.run();
        final String alone = runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst().getContent();
        runner.clearTransferState();

        runner.enqueue(HEADER + "1,Beta,Boston,240.452.2333\n" + SHIFTED_ROW + "3,Gamma,Chicago,(240) 452-2334\n");
        runner.run();

        assertEquals(alone, runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst().getContent());
    }

    /**
     * A shifted row is flagged under every policy (no value of it can be set to null or kept to repair it), and after
     * another invalid record the written schema still has the field for its values; several values keep their order.
     */
    @Test
    void flagsAShiftedRowUnderEveryPolicyAndKeepsSeveralValuesInTheirOrder() {
        for (final String policy : List.of("route-to-invalid", "set-to-null", "keep-value")) {
            runner.clearTransferState();
            runner.setProperty(CleanCRMRecord.INVALID_VALUE_POLICY, policy);
            runner.enqueue(HEADER + "1,Beta,Boston,12345\n2,Acme, Inc, Ltd,Springfield,(240) 452-2332\n");
            runner.run();

            runner.assertTransferCount(CleanCRMRecord.REL_INVALID, 1);
            final String invalid = runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst().getContent();
            assertTrue(invalid.endsWith("{\"Id\":\"2\",\"Company\":\"Acme\",\"City\":\"Inc\",\"Phone\":\"Ltd\",\"crm_errors\":\"the row holds 6 values "
                    + "for the header's 4 columns: a value with an unquoted delimiter shifts the values after it (quote it, or fix the export); "
                    + "the 2 values beyond the header are in crm_extra_values\",\"crm_extra_values\":[\"Springfield\",\"(240) 452-2332\"]}]"),
                    policy + ": " + invalid);
            assertEquals(policy.equals("route-to-invalid") ? 2 : 1, Integer.parseInt(
                    runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst().getAttribute("record.count")), policy);
        }
    }

    /** With the migration flow's CSV writer (RFC 4180) the rejected row reads as the export wrote it, the values beyond the header last. */
    @Test
    void writesTheShiftedRowWithItsValuesBeyondTheHeaderWithTheMigrationCsvWriter() throws Exception {
        RecordServices.useMigrationCsvWriter(runner);
        runner.enqueue(HEADER + SHIFTED_ROW);
        runner.run();

        assertEquals("Id,Company,City,Phone,crm_errors,crm_extra_values\r\n2,Acme,Inc,Springfield,\"" + REASON + "\",[(240) 452-2332]\r\n",
                runner.getFlowFilesForRelationship(CleanCRMRecord.REL_INVALID).getFirst().getContent());
    }

    /** A row with fewer values than the header is cleaned as one with those values empty: the reader's record cannot tell it from a JSON object without a key. */
    @Test
    void cleansARowWithFewerValuesThanItsHeader() {
        runner.enqueue(HEADER + "1,Beta,Boston\n");
        runner.run();

        assertEquals("success: [{\"Id\":\"1\",\"Company\":\"Beta\",\"City\":\"Boston\",\"Phone\":null,\"crm_errors\":null}]", CleanedContent.written(runner));
    }

    /** JSON keys an explicit schema leaves out are no values beyond a header: the records are cleaned and written as before. */
    @Test
    void leavesJsonKeysOutsideAnExplicitSchemaAlone() throws Exception {
        final JsonTreeReader jsonReader = RecordServices.useJsonReader(runner);
        runner.disableControllerService(jsonReader);
        runner.setProperty(jsonReader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.SCHEMA_TEXT_PROPERTY);
        runner.setProperty(jsonReader, SchemaAccessUtils.SCHEMA_TEXT, """
                {"type": "record", "name": "contact", "fields": [
                  {"name": "Id", "type": "string"}, {"name": "Phone", "type": ["null", "string"]}]}""");
        runner.enableControllerService(jsonReader);
        runner.enqueue("""
                [{"Id": "1", "Phone": "240.452.2333", "Company": "Acme, Inc", "City": "Springfield"},
                 {"Id": "2", "Phone": "(240) 452-2334"}]""");
        runner.run();

        assertEquals("success: [{\"Id\":\"1\",\"Phone\":\"+12404522333\",\"crm_errors\":null},{\"Id\":\"2\",\"Phone\":\"+12404522334\",\"crm_errors\":null}]",
                CleanedContent.written(runner));
    }

    /**
     * Header columns an explicit schema leaves out are read under their own names, not as values beyond the header: the
     * records are cleaned and written in the schema's fields; a row wider than the header is still flagged.
     */
    @Test
    void leavesHeaderColumnsOutsideAnExplicitCsvSchemaAlone() {
        runner.disableControllerService(csvReader);
        runner.setProperty(csvReader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.SCHEMA_TEXT_PROPERTY);
        runner.setProperty(csvReader, SchemaAccessUtils.SCHEMA_TEXT, """
                {"type": "record", "name": "contact", "fields": [
                  {"name": "Id", "type": "string"}, {"name": "Phone", "type": ["null", "string"]}]}""");
        runner.setProperty(csvReader, CSVUtils.FIRST_LINE_IS_HEADER, "true");
        runner.enableControllerService(csvReader);
        runner.enqueue("Id,Phone,Company,City\n1,240.452.2333,Beta,Boston\n2,(240) 452-2334,Acme, Inc,Springfield\n");
        runner.run();

        assertEquals("success: [{\"Id\":\"1\",\"Phone\":\"+12404522333\",\"crm_errors\":null}] "
                + "invalid: [{\"Id\":\"2\",\"Phone\":\"(240) 452-2334\",\"crm_errors\":\"the row holds 5 values for the header's 4 columns: "
                + "a value with an unquoted delimiter shifts the values after it (quote it, or fix the export); the value beyond the header is in "
                + "crm_extra_values\",\"crm_extra_values\":[\"Springfield\"]}]", CleanedContent.written(runner));
    }

    @Test
    void refusesTheSameNameForTheErrorsAndTheExtraValuesField() {
        runner.setProperty(CleanCRMRecord.EXTRA_VALUES_FIELD, "crm_errors");
        runner.assertNotValid();
        runner.setProperty(CleanCRMRecord.EXTRA_VALUES_FIELD, "crm_row_tail");
        runner.assertValid();
    }

    private List<Record> read(final String csv, final boolean dropUnknownFields) throws IOException, MalformedRecordException, SchemaNotFoundException {
        final byte[] content = csv.getBytes(StandardCharsets.UTF_8);
        final List<Record> records = new ArrayList<>();
        final Map<String, String> attributes = new HashMap<>();
        try (RecordReader reader = csvReader.createRecordReader(attributes, new ByteArrayInputStream(content), content.length,
                new MockComponentLog("reader", this))) {
            for (Record record = reader.nextRecord(true, dropUnknownFields); record != null; record = reader.nextRecord(true, dropUnknownFields)) {
                records.add(record);
            }
        }
        return records;
    }
}
