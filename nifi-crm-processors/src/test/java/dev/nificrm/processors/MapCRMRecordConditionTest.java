package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.RecordServices;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A {@code when} condition over a field an export or an API wrote with HTML entities, end to end: records read by NiFi's real
 * JsonTreeReader or CSVReader, mapped, written by its JsonRecordSetWriter. The condition reads the field as the picklist look-up
 * of the same field does, and a dropped value's note names the record's text as its CRM shows it.
 */
class MapCRMRecordConditionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Industry read by a value map with a drop list, and two phones written by conditions on the same Industry. */
    private static final String SPECIFICATION = """
            {"fields": {"name": {"from": "/Name"},
                        "sector": {"from": "/Industry", "values": {"Oil & Energy": "energy"}, "drop": ["Oil & Gas"]},
                        "energy_phone": {"from": "/Phone", "when": {"field": "/Industry", "equals": "Oil & Energy"}},
                        "listed_phone": {"from": "/Phone", "when": {"field": "/Industry", "in": ["Mining & Metals", "Oil & Energy"]}},
                        "other_phone": {"from": "/Phone", "when": {"field": "/Industry", "notEquals": "Oil & Energy"}}}}""";

    private static final String GAS_NOTE = "sector: left empty, as the target has no equivalent of Oil & Gas (the value of /Industry)";

    /**
     * Read by the JsonTreeReader: {@code Oil &amp; Energy} and {@code Oil &#38; Energy} find the row of Oil &amp; Energy and meet the
     * conditions naming it ({@code equals}, {@code in}), and fail {@code notEquals}; {@code Oil &amp; Gas} is left empty with a note that
     * names it once, as Oil &amp; Gas; {@code R&D} (no entity) is compared as written. Before a2773b07 the conditions failed for the
     * escaped Oil &amp; Energy (its phone written as other_phone) while its picklist row was found.
     */
    @Test
    void aConditionReadsHtmlEntitiesAsThePicklistLookUpOfARecordReadAsJson() throws Exception {
        final TestRunner runner = runner();
        RecordServices.useJsonReader(runner);
        runner.enqueue("""
                [{"Name": "Lee", "Industry": "Oil &amp; Energy", "Phone": "+31 20 555 0101"},
                 {"Name": "Kim", "Industry": "Oil &#38; Energy", "Phone": "+31 20 555 0102"},
                 {"Name": "Roe", "Industry": "Oil &amp; Gas", "Phone": "+31 20 555 0103"},
                 {"Name": "Fox", "Industry": "R&D", "Phone": "+31 20 555 0104"}]""");
        assertMapped(runner);
    }

    /** The same records read by the CSVReader from an export's text, entities as the export wrote them. */
    @Test
    void aConditionReadsHtmlEntitiesAsThePicklistLookUpOfARecordReadAsCsv() throws Exception {
        final TestRunner runner = runner();
        RecordServices.useCsvReader(runner);
        runner.enqueue("""
                Name,Industry,Phone
                Lee,Oil &amp; Energy,+31 20 555 0101
                Kim,Oil &#38; Energy,+31 20 555 0102
                Roe,Oil &amp; Gas,+31 20 555 0103
                Fox,R&D,+31 20 555 0104
                """);
        assertMapped(runner);
    }

    /**
     * A CSV export whose Industry was typed in other cases: with {@code "ignoreCase": true} on the value map and on the condition, a
     * record's {@code oil & energy} (or {@code OIL &amp; ENERGY}) finds the row of Oil &amp; Energy and meets the condition naming it; a
     * condition without the key keeps the case (its phone is not written for them). Before, the condition's {@code ignoreCase} made the
     * processor invalid (an unknown key).
     */
    @Test
    void aConditionWithIgnoreCaseMeetsAValueInAnyCaseAsItsPicklistRowIsFound() throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(MapCRMRecord.class);
        RecordServices.useCsvReader(runner);
        RecordServices.useJsonWriter(runner);
        runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, """
                {"fields": {"name": {"from": "/Name"},
                            "sector": {"from": "/Industry", "values": {"Oil & Energy": "energy"}, "ignoreCase": true},
                            "energy_phone": {"from": "/Phone", "when": {"field": "/Industry", "equals": "Oil & Energy", "ignoreCase": true}},
                            "other_phone": {"from": "/Phone", "when": {"field": "/Industry", "notEquals": "Oil & Energy", "ignoreCase": true}},
                            "exact_phone": {"from": "/Phone", "when": {"field": "/Industry", "equals": "Oil & Energy"}}}}""");
        runner.enqueue("""
                Name,Industry,Phone
                Lee,oil & energy,+31 20 555 0101
                Kim,OIL &amp; ENERGY,+31 20 555 0102
                Roe,Oil & Energy,+31 20 555 0103
                Fox,oil & gas,+31 20 555 0104
                """);
        assertEquals(List.of(
                "Lee | energy | +31 20 555 0101 | - | -",
                "Kim | energy | +31 20 555 0102 | - | -",
                "Roe | energy | +31 20 555 0103 | - | +31 20 555 0103",
                "Fox | oil & gas | - | +31 20 555 0104 | -"), rows(runner, List.of("name", "sector", "energy_phone", "other_phone", "exact_phone")));
    }

    private static TestRunner runner() throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(MapCRMRecord.class);
        RecordServices.useJsonWriter(runner);
        runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, SPECIFICATION);
        return runner;
    }

    private static void assertMapped(final TestRunner runner) throws IOException {
        assertEquals(List.of(
                "Lee | energy | +31 20 555 0101 | +31 20 555 0101 | - | -",
                "Kim | energy | +31 20 555 0102 | +31 20 555 0102 | - | -",
                "Roe | - | - | - | +31 20 555 0103 | " + GAS_NOTE,
                "Fox | R&D | - | - | +31 20 555 0104 | -"), rows(runner, List.of("name", "sector", "energy_phone", "listed_phone", "other_phone", "crm_errors")));
    }

    /** Runs the processor on the four records enqueued: all mapped, one row per record of the fields' values ("-" for none). */
    private static List<String> rows(final TestRunner runner, final List<String> fields) throws IOException {
        runner.run();
        runner.assertAllFlowFilesTransferred(MapCRMRecord.REL_SUCCESS, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst();
        out.assertAttributeEquals("crm.map.mapped.count", "4");
        out.assertAttributeEquals("crm.map.invalid.count", "0");
        final List<String> rows = new ArrayList<>();
        for (final JsonNode record : JSON.readTree(out.getContent())) {
            rows.add(String.join(" | ", fields.stream()
                    .map(field -> record.path(field).isNull() || record.path(field).isMissingNode() ? "-" : record.path(field).asText()).toList()));
        }
        return rows;
    }
}
