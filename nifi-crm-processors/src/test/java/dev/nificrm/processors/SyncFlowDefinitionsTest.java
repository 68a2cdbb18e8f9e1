package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.EnabledStores;
import dev.nificrm.FlowDefinitions;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pull and push sync flows (templates/crm-sync-pull.json, crm-sync-push.json) for a source that writes its times as local
 * text in its own zone (a CRM whose webhook or table holds {@code 03/07/2024 14:05:00} in New York): Map to Common Layout reads
 * such a time, in the source mapping's fields marked {@code "exportDates": true}, in the flow's Source Export Date Format and
 * Source Export Time Zone parameters. An {@code inputFormats} pattern alone reads a time without an offset as UTC, and before
 * these parameters the zone could not be given without editing the processor in the flow.
 */
class SyncFlowDefinitionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STEP = "Map to Common Layout";
    private static final String FORMAT = "Source Export Date Format";
    private static final String ZONE = "Source Export Time Zone";

    @TempDir
    Path directory;

    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    /**
     * crm-sync-two-way.json: Merge Three Ways takes System Timestamp Formats and System Timestamp Time Zones from the parameters
     * of those names, which ship without a value, so both properties stay unset and every CRM's modified_at is read as before
     * (ISO-8601). Set as the templates README says for a Zoho export in home and a Dynamics 365 export in people, they reach the
     * processor, which is valid with them. Before, the flow had no such parameters: an operator had to edit the processor.
     */
    @Test
    void theTwoWayFlowsSystemTimestampParametersShipWithoutAValueAndReachMergeThreeWays() throws Exception {
        final String definition = "crm-sync-two-way.json";
        final String merge = "Merge Three Ways";
        final String formats = MergeCRMRecord.SYSTEM_TIMESTAMP_FORMATS.getName();
        final String zones = MergeCRMRecord.SYSTEM_TIMESTAMP_TIME_ZONES.getName();
        final Map<String, String> parameters = FlowDefinitions.parameters(definition);
        assertTrue(parameters.containsKey(formats) && parameters.containsKey(zones), definition + " has " + parameters.keySet());
        assertNull(parameters.get(formats), formats);
        assertNull(parameters.get(zones), zones);
        final Map<String, String> shipped = FlowDefinitions.processorProperties(definition, merge);
        assertNull(shipped.get(formats), shipped.toString());
        assertNull(shipped.get(zones), shipped.toString());
        assertValidMerge(shipped);

        final Map<String, String> readme = Map.of(formats, "home=MM/dd/yyyy HH:mm:ss;people=yyyy-MM-dd HH:mm:ss",
                zones, "home=Europe/Berlin;people=America/New_York");
        final Map<String, String> set = FlowDefinitions.processorProperties(definition, merge, readme);
        assertEquals(List.of(readme.get(formats), readme.get(zones)), List.of(set.get(formats), set.get(zones)));
        assertValidMerge(set);
    }

    /** MergeCRMRecord with the flow's properties (its services replaced by NiFi's JSON reader and writer and an embedded store). */
    private void assertValidMerge(final Map<String, String> properties) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(MergeCRMRecord.class);
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
        final EmbeddedEntityStore store = new EmbeddedEntityStore();
        runner.addControllerService("entity-store", store);
        runner.setProperty(store, EmbeddedEntityStore.STORE_DIRECTORY, directory.resolve("store").toString());
        stores.enable(runner, store);
        properties.forEach((name, value) -> {
            if (!List.of(AbstractCRMRecordProcessor.RECORD_READER.getName(), AbstractCRMRecordProcessor.RECORD_WRITER.getName(),
                    MergeCRMRecord.ENTITY_STORE.getName()).contains(name)) {
                runner.setProperty(name, value);
            }
        });
        runner.setProperty(MergeCRMRecord.ENTITY_STORE, "entity-store");
        runner.assertValid();
    }

    /** Both parameters ship without a value, so nothing changes for a flow whose source writes ISO-8601 or epoch milliseconds. */
    @ParameterizedTest
    @ValueSource(strings = {"crm-sync-pull.json", "crm-sync-push.json"})
    void theSourceExportParametersShipWithoutAValueAndReachMapToCommonLayout(final String definition) throws Exception {
        final Map<String, String> parameters = FlowDefinitions.parameters(definition);
        assertTrue(parameters.containsKey(FORMAT) && parameters.containsKey(ZONE), definition + " has " + parameters.keySet());
        assertNull(parameters.get(FORMAT), FORMAT);
        assertNull(parameters.get(ZONE), ZONE);
        final Map<String, String> shipped = FlowDefinitions.processorProperties(definition, STEP);
        assertNull(shipped.get(MapCRMRecord.EXPORT_DATE_FORMAT.getName()), shipped.toString());
        assertNull(shipped.get(MapCRMRecord.EXPORT_TIME_ZONE.getName()), shipped.toString());
        final Map<String, String> set = FlowDefinitions.processorProperties(definition, STEP, Map.of(FORMAT, "MM/dd/yyyy HH:mm:ss", ZONE, "America/New_York"));
        assertEquals(List.of("MM/dd/yyyy HH:mm:ss", "America/New_York"),
                List.of(set.get(MapCRMRecord.EXPORT_DATE_FORMAT.getName()), set.get(MapCRMRecord.EXPORT_TIME_ZONE.getName())));
    }

    /**
     * A CRM writing {@code MM/dd/yyyy HH:mm:ss} in New York, its mapping's modified_at marked {@code "exportDates": true} as the
     * templates README says, the two parameters set: Map to Common Layout as shipped (NiFi's JsonTreeReader and JsonRecordSetWriter)
     * reads 14:05 in March as 19:05 UTC and in July, summer time, as 18:05 UTC; a time with an offset as it is. This is the
     * modified_at MergeCRMRecord's Timestamp Field compares: read as UTC it was 5 hours early, and an older change could win.
     */
    @ParameterizedTest
    @CsvSource({"crm-sync-pull.json, home-to-canonical.json, updated_at, id, false",
            "crm-sync-push.json, people-to-canonical.json, modified_at, person_id, true"})
    void aLocalTimeOfTheSourceIsReadInTheSourceExportTimeZone(final String definition, final String mapping, final String timeField,
                                                               final String idField, final boolean specificationIsAFile) throws Exception {
        final TestRunner runner = mapToCommonLayout(definition, mapping, specificationIsAFile,
                Map.of(FORMAT, "MM/dd/yyyy HH:mm:ss", ZONE, "America/New_York"));
        runner.enqueue(records(idField, timeField, "03/07/2024 14:05:00", "07/03/2024 14:05:00", "2024-03-07T14:05:00Z"));
        runner.run();

        runner.assertAllFlowFilesTransferred(MapCRMRecord.REL_SUCCESS, 1);
        final JsonNode mapped = JSON.readTree(runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst().getContent());
        final List<Long> modified = new ArrayList<>();
        mapped.forEach(record -> modified.add(record.path("modified_at").asLong()));
        assertEquals(List.of(millis("2024-03-07T19:05:00Z"), millis("2024-07-03T18:05:00Z"), millis("2024-03-07T14:05:00Z")), modified, mapped.toString());
    }

    /**
     * The same mapping with the Source Export Date Format but no zone (as shipped): a local time is not guessed as UTC, its record
     * goes to invalid saying what is missing; and the shipped mapping (no {@code exportDates}) keeps reading ISO-8601 as before, parameters set or not.
     */
    @ParameterizedTest
    @CsvSource({"crm-sync-pull.json, home-to-canonical.json, updated_at, id, false",
            "crm-sync-push.json, people-to-canonical.json, modified_at, person_id, true"})
    void withoutTheZoneALocalTimeGoesToInvalidAndTheShippedMappingReadsAsBefore(final String definition, final String mapping, final String timeField,
                                                                                  final String idField, final boolean specificationIsAFile)
            throws Exception {
        final TestRunner withoutZone = mapToCommonLayout(definition, mapping, specificationIsAFile, Map.of(FORMAT, "MM/dd/yyyy HH:mm:ss"));
        withoutZone.enqueue(records(idField, timeField, "03/07/2024 14:05:00"));
        withoutZone.run();
        withoutZone.assertAllFlowFilesTransferred(MapCRMRecord.REL_INVALID, 1);
        final JsonNode invalid = JSON.readTree(withoutZone.getFlowFilesForRelationship(MapCRMRecord.REL_INVALID).getFirst().getContent()).get(0);
        assertEquals("modified_at: the value of /" + timeField + " is a local time without an offset, and the time zone it was written in is not "
                + "given (Export Time Zone)", invalid.path("crm_errors").asText(), invalid.toString());

        final Path shippedMapping = FlowDefinitions.templatesFile("sync/" + mapping);
        final TestRunner shipped = runner(definition, specificationParameters(specificationIsAFile, shippedMapping,
                Files.readString(shippedMapping), Map.of(FORMAT, "MM/dd/yyyy HH:mm:ss", ZONE, "America/New_York")));
        shipped.enqueue(records(idField, timeField, "2024-03-07T14:05:00"));
        shipped.run();
        shipped.assertAllFlowFilesTransferred(MapCRMRecord.REL_SUCCESS, 1);
        assertEquals(millis("2024-03-07T14:05:00Z"),
                JSON.readTree(shipped.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst().getContent()).get(0).path("modified_at").asLong());
    }

    /** Map to Common Layout of the flow as shipped, its source mapping the shipped one with modified_at marked "exportDates": true. */
    private TestRunner mapToCommonLayout(final String definition, final String mapping, final boolean specificationIsAFile,
                                         final Map<String, String> parameterValues) throws Exception {
        final ObjectNode specification = (ObjectNode) JSON.readTree(FlowDefinitions.templatesFile("sync/" + mapping).toFile());
        ((ObjectNode) specification.path("fields").path("modified_at")).put("exportDates", true);
        final Path file = directory.resolve(mapping);
        Files.writeString(file, JSON.writeValueAsString(specification));
        return runner(definition, specificationParameters(specificationIsAFile, file, JSON.writeValueAsString(specification), parameterValues));
    }

    /** The parameters with the flow's Source Mapping Specification set: a file's path in the push flow, the JSON itself in the pull flow. */
    private static Map<String, String> specificationParameters(final boolean specificationIsAFile, final Path file,
                                                               final String specification, final Map<String, String> parameterValues) {
        final Map<String, String> parameters = new HashMap<>(parameterValues);
        parameters.put("Source Mapping Specification", specificationIsAFile ? file.toString() : specification);
        return parameters;
    }

    private static TestRunner runner(final String definition, final Map<String, String> parameterValues) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(MapCRMRecord.class);
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
        FlowDefinitions.processorProperties(definition, STEP, parameterValues).forEach((name, value) -> {
            if (!name.equals(AbstractCRMRecordProcessor.RECORD_READER.getName()) && !name.equals(AbstractCRMRecordProcessor.RECORD_WRITER.getName())) {
                runner.setProperty(name, value);
            }
        });
        runner.assertValid();
        return runner;
    }

    /** Source rows as JSON, one per time, with an id and a name. */
    private static String records(final String idField, final String timeField, final String... times) throws Exception {
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            rows.add(Map.of(idField, i + 1, timeField, times[i], "email", "ann" + i + "@example.com"));
        }
        return JSON.writeValueAsString(rows);
    }

    private static long millis(final String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
