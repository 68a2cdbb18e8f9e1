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
        namesAndBirthDate(runner, "/date_of_birth");
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

    /**
     * 1970-02-27 in milliseconds (4,924,800,000) is 10 digits, as a date of 2131 in seconds is: read as a bare number it
     * stays ambiguous. A schema typing the field as a timestamp (or a date) says it is the milliseconds of an instant: it
     * is that day, as the text another CRM writes, and so are the days around the epoch and before it.
     */
    @Test
    void aNumberOfAFieldTheSchemaTypesAsATimestampIsMilliseconds() throws Exception {
        final TestRunner runner = runner();
        RecordServices.useJsonReader(runner, """
                {"type": "record", "name": "contact", "fields": [{"name": "Id", "type": "string"}, {"name": "firstname", "type": "string"},
                 {"name": "lastname", "type": "string"},
                 {"name": "dob_text", "type": ["null", "string"]},
                 {"name": "date_of_birth", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}]}]}""");
        namesAndBirthDate(runner, "/dob_text, /date_of_birth");
        runner.enqueue(("[{\"Id\":\"1\",\"firstname\":\"Maria\",\"lastname\":\"Garcia\",\"dob_text\":\"1970-02-27\"},"
                + "{\"Id\":\"2\",\"firstname\":\"Maria\",\"lastname\":\"Garcia\",\"date_of_birth\":4924800000},"
                + "{\"Id\":\"3\",\"firstname\":\"Ana\",\"lastname\":\"Lopez\",\"dob_text\":\"1969-10-01\"},"
                + "{\"Id\":\"4\",\"firstname\":\"Ana\",\"lastname\":\"Lopez\",\"date_of_birth\":-7948800000}]").getBytes(StandardCharsets.UTF_8));
        runner.run();

        final Map<String, JsonNode> records = records(runner);
        assertEquals(4, records.size());
        for (final String id : List.of("2", "4")) {
            assertTrue(records.get(id).get("crm_match_explanation").asText().contains("birth_date=exact("),
                    records.get(id).get("crm_match_explanation").asText());
        }
    }

    /**
     * A country a JsonTreeReader types as a number ({@code 36}, {@code 4.0}) is the ISO 3166-1 numeric code whose leading
     * zeros it dropped, as CleanCRMRecord reads it: Australia's {@code 36} agrees with {@code AU} and {@code 036}, and
     * Afghanistan's {@code 4.0} with {@code Afghanistan}. It was keyed {@code 36}: country=differs, and one city missing
     * left the two Robert Whitfields unmatched.
     */
    @Test
    void aCountryTypedAsANumberIsItsNumericCode() throws Exception {
        final TestRunner runner = runner();
        RecordServices.useJsonReader(runner);
        runner.setProperty("first_name", "/firstname");
        runner.setProperty("last_name", "/lastname");
        runner.setProperty("city", "/city");
        runner.setProperty("country", "/country");
        runner.enqueue(("[{\"Id\":\"1\",\"firstname\":\"Robert\",\"lastname\":\"Whitfield\",\"city\":\"Perth\",\"country\":\"AU\"},"
                + "{\"Id\":\"2\",\"firstname\":\"Robert\",\"lastname\":\"Whitfield\",\"country\":36},"
                + "{\"Id\":\"3\",\"firstname\":\"Farid\",\"lastname\":\"Rahimi\",\"city\":\"Kabul\",\"country\":\"Afghanistan\"},"
                + "{\"Id\":\"4\",\"firstname\":\"Farid\",\"lastname\":\"Rahimi\",\"country\":4.0}]").getBytes(StandardCharsets.UTF_8));
        runner.run();

        final Map<String, JsonNode> records = records(runner);
        assertEquals(4, records.size());
        for (final List<String> pair : List.of(List.of("1", "2"), List.of("3", "4"))) {
            final String explanation = records.get(pair.get(1)).get("crm_match_explanation").asText();
            assertTrue(explanation.contains("country=exact("), explanation);
            assertEquals(records.get(pair.get(0)).get("crm_match_id").asText(), records.get(pair.get(1)).get("crm_match_id").asText(), explanation);
        }
    }

    private static void namesAndBirthDate(final TestRunner runner, final String birthDatePaths) {
        runner.setProperty("first_name", "/firstname");
        runner.setProperty("last_name", "/lastname");
        runner.setProperty("birth_date", birthDatePaths);
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
