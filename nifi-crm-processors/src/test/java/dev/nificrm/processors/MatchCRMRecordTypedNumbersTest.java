package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Numbers the reader typed (NiFi's real readers, schemas inferred) are keyed as the values they stand for. */
class MatchCRMRecordTypedNumbersTest {
    /**
     * A CSVReader that infers its schema types 123456789.0 and 123456791.0 as one float, 123456792: two people's national
     * ids were one key, and agreeing on it (+16 bits) matched two Smiths. A float that lost digits is missing now.
     */
    @Test
    void twoNumbersAnInferredFloatMakesOneAreNoAgreement() throws Exception {
        final TestRunner runner = runner();
        final CSVReader reader = new CSVReader();
        runner.addControllerService("csv-reader", reader);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "infer-schema");
        runner.enableControllerService(reader);
        runner.setProperty(AbstractCRMRecordProcessor.RECORD_READER, "csv-reader");
        runner.setProperty("last_name", "/LastName");
        runner.setProperty("national_id", "/NationalId");
        runner.enqueue(("Id,LastName,NationalId\n1,Smith,123456789.0\n2,Smith,123456791.0\n3,Jones,12.5\n").getBytes(StandardCharsets.UTF_8));
        runner.run();

        final Map<String, JsonNode> records = records(runner);
        assertEquals(3, records.size());
        assertNotEquals(records.get("1").get("crm_match_id").asText(), records.get("2").get("crm_match_id").asText(),
                records.get("2").get("crm_match_explanation").asText());
    }

    /**
     * HubSpot writes a date as the milliseconds of its midnight UTC; a JsonTreeReader types 1702080000000.0 as a double
     * and 1702080000000 as a long. Both are 2023-12-09, as the text another CRM writes, and agree with it exactly.
     */
    @Test
    void aHubSpotDateWrittenAsEpochMillisecondsIsTheDate() throws Exception {
        final TestRunner runner = runner();
        RecordServices.useJsonReader(runner);
        runner.setProperty("first_name", "/firstname");
        runner.setProperty("last_name", "/lastname");
        runner.setProperty("birth_date", "/date_of_birth");
        runner.enqueue(("[{\"Id\":\"1\",\"firstname\":\"Maria\",\"lastname\":\"Garcia\",\"date_of_birth\":\"1980-01-15\"},"
                + "{\"Id\":\"2\",\"firstname\":\"Maria\",\"lastname\":\"Garcia\",\"date_of_birth\":316828800000.0},"
                + "{\"Id\":\"3\",\"firstname\":\"Maria\",\"lastname\":\"Garcia\",\"date_of_birth\":316828800000},"
                + "{\"Id\":\"4\",\"firstname\":\"Ana\",\"lastname\":\"Lopez\",\"date_of_birth\":1.70208E12},"
                + "{\"Id\":\"5\",\"firstname\":\"Ana\",\"lastname\":\"Lopez\",\"date_of_birth\":\"2023-12-09\"}]").getBytes(StandardCharsets.UTF_8));
        runner.run();

        final Map<String, JsonNode> records = records(runner);
        assertEquals(5, records.size());
        for (final String id : List.of("2", "3")) {
            assertEquals(records.get("1").get("crm_match_id").asText(), records.get(id).get("crm_match_id").asText(), id);
            assertTrue(records.get(id).get("crm_match_explanation").asText().contains("birth_date=exact("),
                    records.get(id).get("crm_match_explanation").asText());
        }
        assertTrue(records.get("5").get("crm_match_explanation").asText().contains("birth_date=exact("),
                records.get("5").get("crm_match_explanation").asText());
    }

    private static TestRunner runner() throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(MatchCRMRecord.class);
        RecordServices.useJsonWriter(runner);
        return runner;
    }

    private static Map<String, JsonNode> records(final TestRunner runner) throws IOException {
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        return MatchCRMRecordTest.outputRecords(runner, "Id");
    }
}
