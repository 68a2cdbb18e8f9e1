package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.FlowDefinitions;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The migration flow definitions (templates/crm-migration.json, crm-migration-db.json) as shipped, against the presets their
 * steps use: what an operator gets who imports a flow and changes only its Source Schema.
 */
class MigrationFlowDefinitionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A Dynamics 365 contact export (Export to Excel, saved as CSV) through the flow's mapping step, as shipped but for the Source
     * Schema: its Modified On, a local time, is read in the flow's Export Time Zone parameter (UTC by default, the reading of
     * the export before the presets asked for a zone), and the record maps; without the parameter it went to invalid-mapping.
     */
    @ParameterizedTest
    @CsvSource({"crm-migration.json, Map to Target CRM, lastmodifieddate, 2024-01-15T10:30:00.000Z",
            "crm-migration-db.json, Map to Canonical Model, modified_at, 1705314600000"})
    void aDynamicsExportMapsWithTheFlowsExportTimeZone(final String definition, final String step, final String modifiedField,
                                                        final String modified) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(MapCRMRecord.class);
        RecordServices.useMigrationCsvReader(runner);
        RecordServices.useJsonWriter(runner);
        final Map<String, String> properties = FlowDefinitions.processorProperties(definition, step);
        properties.forEach((name, value) -> {
            if (!name.equals(AbstractCRMRecordProcessor.RECORD_READER.getName()) && !name.equals(AbstractCRMRecordProcessor.RECORD_WRITER.getName())) {
                runner.setProperty(name, value);
            }
        });
        runner.setProperty(MapCRMRecord.SOURCE_SCHEMA, "dynamics365-contact");
        runner.enqueue("""
                (Do Not Modify) Contact,(Do Not Modify) Row Checksum,(Do Not Modify) Modified On,First Name,Last Name,Email,Created On,Modified On
                5f0c1d2e-0000-0000-0000-000000000001,abc==,1/15/2024 10:30 AM,Ann,Lee,ann@example.com,1/2/2024 9:00 AM,1/15/2024 10:30 AM
                """);
        runner.run();

        runner.assertAllFlowFilesTransferred(MapCRMRecord.REL_SUCCESS, 1);
        final MockFlowFile mapped = runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst();
        final JsonNode record = JSON.readTree(mapped.getContent()).get(0);
        assertEquals(modified, record.path(modifiedField).asText(), record.toString());
    }
}
