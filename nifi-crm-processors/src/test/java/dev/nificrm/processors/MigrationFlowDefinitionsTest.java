package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.FlowDefinitions;
import dev.nificrm.RecordServices;
import dev.nificrm.mapping.CrmSchema;
import dev.nificrm.mapping.FieldSpecification;
import dev.nificrm.mapping.Preset;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The migration flow definitions (templates/crm-migration.json, crm-migration-db.json) as shipped, against the presets their
 * steps use: what an operator gets who imports a flow and changes only its Source Schema.
 */
class MigrationFlowDefinitionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The roles Find Duplicates compares, each a property listing a field name of every contact target layout. */
    private static final Set<String> ROLES = Set.of("first_name", "last_name", "email", "phone", "postal_code", "city", "birth_date");

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

    /**
     * Find Duplicates in crm-migration.json compares the mapped records, whatever the Target Schema: each of its role properties must
     * name the field every contact target preset writes that role to, or that target's records are matched without it (HubSpot's
     * date_of_birth, written since the HubSpot Contact preset maps the birth date, was missing from birth_date).
     */
    @Test
    void findDuplicatesNamesTheFieldEveryContactTargetWritesEachRoleTo() throws Exception {
        final Map<String, String> properties = FlowDefinitions.processorProperties("crm-migration.json", "Find Duplicates");
        final List<String> missing = new ArrayList<>();
        int checked = 0;
        for (final CrmSchema target : List.of(CrmSchema.SALESFORCE_CONTACT, CrmSchema.HUBSPOT_CONTACT, CrmSchema.DYNAMICS_365_CONTACT,
                CrmSchema.ZOHO_CONTACT)) {
            for (final Map.Entry<String, FieldSpecification> field : Preset.of(target).write().fields().entrySet()) {
                final String role = field.getValue() == null || field.getValue().from() == null ? "" : field.getValue().from().substring(1);
                if (!ROLES.contains(role)) {
                    continue;
                }
                checked++;
                final List<String> paths = Arrays.stream(properties.get(role).split(",")).map(String::trim).toList();
                if (!paths.contains("/" + field.getKey())) {
                    missing.add(target.getDisplayName() + " writes " + role + " to " + field.getKey() + ", which Find Duplicates' " + role
                            + " (" + properties.get(role) + ") does not name");
                }
            }
        }
        assertEquals(List.of(), missing);
        assertEquals(ROLES.size() * 4, checked, "every role written once by each of the four contact targets");
    }
}
