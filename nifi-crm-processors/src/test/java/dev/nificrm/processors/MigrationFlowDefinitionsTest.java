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
import java.util.HashSet;
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
    /**
     * The roles Find Duplicates compares, each a property listing a field name of every target layout, by the canonical field a
     * preset writes them from (a mobile phone is a phone).
     */
    private static final Map<String, String> ROLES = Map.ofEntries(Map.entry("first_name", "first_name"), Map.entry("last_name", "last_name"),
            Map.entry("email", "email"), Map.entry("phone", "phone"), Map.entry("mobile_phone", "phone"), Map.entry("company", "company"),
            Map.entry("website", "website"), Map.entry("street", "street"), Map.entry("postal_code", "postal_code"), Map.entry("city", "city"),
            Map.entry("birth_date", "birth_date"));

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
     * name the field every target preset the flow offers (contacts, leads and accounts) writes that role to, or that target's records
     * are matched without it (HubSpot's date_of_birth, written since the HubSpot Contact preset maps the birth date, was missing from
     * birth_date; the leads' City, PostalCode and Zip_Code, and every account's name, website and street, were compared by nobody).
     * A street written over several lines (Dynamics 365's address1_line1 to 3) is compared by its first line.
     */
    @Test
    void findDuplicatesNamesTheFieldEveryTargetWritesEachRoleTo() throws Exception {
        final Map<String, String> properties = FlowDefinitions.processorProperties("crm-migration.json", "Find Duplicates");
        final List<String> missing = new ArrayList<>();
        final Set<String> checked = new HashSet<>();
        for (final CrmSchema target : CrmSchema.values()) {
            for (final Map.Entry<String, FieldSpecification> field : Preset.of(target).write().fields().entrySet()) {
                final String role = ROLES.get(canonicalField(field.getValue()));
                if (role == null) {
                    continue;
                }
                checked.add(role);
                final List<String> paths = Arrays.stream(properties.getOrDefault(role, "").split(",")).map(String::trim).toList();
                if (!paths.contains("/" + field.getKey())) {
                    missing.add(target.getDisplayName() + " writes " + role + " to " + field.getKey() + ", which Find Duplicates' " + role
                            + " (" + properties.get(role) + ") does not name");
                }
            }
        }
        assertEquals(List.of(), missing);
        assertEquals(Set.copyOf(ROLES.values()), checked, "every role is written by some target");
    }

    /**
     * Merge Duplicates in crm-migration.json keeps the earliest created date of a customer's records: its min rule must name the
     * field every target preset writes the created date to (before, no rule named them and a golden record took its most recently
     * modified duplicate's created date).
     */
    @Test
    void mergeDuplicatesKeepsTheEarliestCreatedDateOfEveryTarget() throws Exception {
        assertMergeRuleNamesEveryTargetsFields("min", Set.of("created_at"));
    }

    /**
     * Merge Duplicates in crm-migration.json gives a golden record one value per email and phone field, the most recent record's, as
     * an import expects: its most_recent rule must name every email and phone field of every target preset (before, Salesforce's
     * OtherPhone, Dynamics 365's emailaddress3 and telephone3 and Zoho's Other_Phone were left to union, every value joined by ';').
     */
    @Test
    void mergeDuplicatesTakesEveryTargetsEmailsAndPhonesFromTheMostRecentRecord() throws Exception {
        assertMergeRuleNamesEveryTargetsFields("most_recent", Set.of("email", "email_2", "email_3", "phone", "mobile_phone", "home_phone",
                "other_phone", "fax"));
    }

    /** Asserts that the Merge Duplicates rule names every field a target preset writes from one of the canonical fields. */
    private static void assertMergeRuleNamesEveryTargetsFields(final String rule, final Set<String> canonicalFields) throws Exception {
        final List<String> paths = Arrays.stream(FlowDefinitions.processorProperties("crm-migration.json", "Merge Duplicates")
                .getOrDefault(rule, "").split(",")).map(String::trim).toList();
        final List<String> missing = new ArrayList<>();
        for (final CrmSchema target : CrmSchema.values()) {
            Preset.of(target).write().fields().forEach((name, field) -> {
                final String canonical = canonicalField(field);
                if (canonicalFields.contains(canonical) && !paths.contains("/" + name)) {
                    missing.add(target.getDisplayName() + " writes " + canonical + " to " + name + ", which Merge Duplicates' " + rule + " does not name");
                }
            });
        }
        assertEquals(List.of(), missing);
    }

    /** The canonical field a target field is written from: its source, or for a split street its first line; else empty. */
    private static String canonicalField(final FieldSpecification field) {
        if (field == null) {
            return "";
        }
        if (field.from() != null) {
            return field.from().substring(1);
        }
        return field.split() != null && "1".equals(field.part()) ? field.split().substring(1) : "";
    }
}
