package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.RecordServices;
import dev.nificrm.mapping.CrmSchema;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every standard picklist value of every preset, through the common layout: into the same CRM unchanged, into another CRM
 * as one of the target's standard values or, where the target has no equivalent, as the source CRM shows it (the way
 * the docs say unmapped values pass through) or, where the target refuses a value it has no option for, to invalid with
 * the reason — never as an internal canonical code such as {@code purchased_list}.
 * <p>
 * {@code standard-values.csv} lists each CRM's standard values (vendors' documentation; HubSpot's internal values with
 * their labels), per value the target schemas that have no equivalent for it and, where the nearest value is a judgement
 * worth pinning, the value a target must write ({@code salesforce-contact=Other}; several separated by {@code ;}).
 */
class MapCRMRecordPicklistTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A record that is not among those routed so: its fields are missing. */
    private static final JsonNode MISSING = JSON.createObjectNode();
    private static final Path STANDARD_VALUES = Path.of("src/test/resources/MapCRMRecordPicklistTest/standard-values.csv");
    private static final List<StandardValue> VALUES = readStandardValues();
    /** The field a target requires (a record without it goes to invalid), filled in every test record. */
    private static final Map<String, String> NAME_FIELDS = Map.ofEntries(Map.entry("salesforce-contact", "LastName"),
            Map.entry("hubspot-contact", "lastname"), Map.entry("dynamics365-contact", "lastname"), Map.entry("zoho-contact", "Last_Name"),
            Map.entry("salesforce-account", "Name"), Map.entry("hubspot-company", "name"), Map.entry("zoho-account", "Account_Name"),
            Map.entry("dynamics365-account", "name"), Map.entry("salesforce-lead", "LastName"), Map.entry("zoho-lead", "Last_Name"),
            Map.entry("dynamics365-lead", "lastname"));
    /** The source field a test record's company is given in; Salesforce refuses a Lead without one. */
    private static final Map<String, String> COMPANY_FIELDS = Map.of("hubspot-contact", "company", "zoho-contact", "Account_Name",
            "salesforce-lead", "Company", "zoho-lead", "Company", "dynamics365-lead", "companyname");

    /**
     * Target fields whose CRM refuses a value that is not one of its options: HubSpot fixes its industry options, Dynamics 365 takes
     * an option set's number only.
     */
    private static final Map<String, Set<String>> REFUSING_OTHER_VALUES = Map.of("hubspot-company", Set.of("industry"),
            "dynamics365-account", Set.of("customertypecode", "industrycode"),
            "dynamics365-lead", Set.of("leadsourcecode", "statuscode", "leadqualitycode", "industrycode"));

    /**
     * Target fields a value with no equivalent there leaves empty, the record mapped and its errors field saying so: Dynamics 365 has
     * no lead rating for Zoho's company states (Acquired, Shut Down...), which say nothing of the lead's interest.
     */
    private static final Map<String, Set<String>> LEFT_EMPTY = Map.of("dynamics365-lead", Set.of("leadqualitycode"));

    /**
     * Target values a target has but refuses on create, so the field is left empty and its errors field says what to write after the load:
     * Dataverse creates every lead Open (statecode is not valid for create) and refuses a status reason of a closed state then (3
     * Qualified; 4 Lost, 5 Cannot Contact, 6 No Longer Interested, 7 Canceled: Disqualified).
     */
    private static final Map<String, Map<String, Set<String>>> REFUSED_ON_CREATE = Map.of("dynamics365-lead",
            Map.of("statuscode", Set.of("3", "4", "5", "6", "7")));

    /** The start of the note on a Dynamics 365 lead whose closed status reason is left for after the load. */
    private static final String CLOSED_LEAD_NOTE = "statuscode: left empty, as Dataverse creates every lead Open (statecode is not valid for "
            + "create) and refuses the status reason of a closed lead then";

    private TestRunner runner;

    private record Routed(Map<String, JsonNode> mapped, Map<String, JsonNode> invalid) {
    }

    private record StandardValue(String schema, String canonical, String field, String value, String label, Set<String> noEquivalentIn,
                                 Map<String, String> nearest) {
        /** The value as its CRM shows it to people: HubSpot's label, the value itself elsewhere. */
        String shown() {
            return label.isEmpty() ? value : label;
        }
    }

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(MapCRMRecord.class);
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
    }

    static List<Arguments> schemaPairs() {
        final Set<String> schemas = new LinkedHashSet<>();
        VALUES.forEach(value -> schemas.add(value.schema()));
        final List<Arguments> pairs = new ArrayList<>();
        for (final String source : schemas) {
            for (final String target : schemas) {
                if (entityOf(source) == entityOf(target)) {
                    pairs.add(Arguments.of(source, target));
                }
            }
        }
        return pairs;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("schemaPairs")
    void everyStandardValueLandsOnAValueTheTargetKnows(final String source, final String target) throws IOException {
        final List<StandardValue> sourceValues = VALUES.stream().filter(value -> value.schema().equals(source)).toList();
        final ArrayNode input = JSON.createArrayNode();
        for (int i = 0; i < sourceValues.size(); i++) {
            final ObjectNode record = input.addObject();
            record.put(NAME_FIELDS.get(source), "Lee " + i);
            if (COMPANY_FIELDS.containsKey(source)) {
                record.put(COMPANY_FIELDS.get(source), "Acme");
            }
            record.put(sourceValues.get(i).field(), sourceValues.get(i).value());
        }
        if (target.equals("salesforce-lead") && !COMPANY_FIELDS.containsKey(source)) {
            // the source layout has no company (a Salesforce or Dynamics 365 contact names its account by id)
            runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, """
                    {"fields": {"Company": {"constant": "Acme"}}}""");
        }
        final Routed routed = mapEach(source, target, input.toString());
        final Map<String, JsonNode> mapped = routed.mapped();
        final Map<String, JsonNode> invalid = routed.invalid();
        assertEquals(sourceValues.size(), mapped.size() + invalid.size());

        final List<String> wrong = new ArrayList<>();
        for (int i = 0; i < sourceValues.size(); i++) {
            final StandardValue value = sourceValues.get(i);
            final List<StandardValue> targetValues = VALUES.stream()
                    .filter(known -> known.schema().equals(target) && known.canonical().equals(value.canonical())).toList();
            if (targetValues.isEmpty()) {
                continue;
            }
            final String targetField = targetValues.getFirst().field();
            final String expected = source.equals(target) ? value.value() : value.nearest().get(target);
            if (expected != null && REFUSED_ON_CREATE.getOrDefault(target, Map.of()).getOrDefault(targetField, Set.of()).contains(expected)) {
                final JsonNode record = mapped.get("Lee " + i);
                if (record == null || !record.path(targetField).isNull() || !record.path("crm_errors").asText().startsWith(CLOSED_LEAD_NOTE)
                        || !record.path("crm_errors").asText().endsWith(": " + expected + " in its value map)")) {
                    wrong.add(value.field() + " '" + value.value() + "' was not left for after the load with a note naming " + expected + ": "
                            + (record == null ? "invalid " + invalid.get("Lee " + i).path("crm_errors") : record.toString()));
                }
                continue;
            }
            final boolean refused = !source.equals(target) && value.noEquivalentIn().contains(target)
                    && REFUSING_OTHER_VALUES.getOrDefault(target, Set.of()).contains(targetField);
            final boolean leftEmpty = !source.equals(target) && value.noEquivalentIn().contains(target)
                    && LEFT_EMPTY.getOrDefault(target, Set.of()).contains(targetField);
            final JsonNode refusedRecord = invalid.get("Lee " + i);
            if (leftEmpty) {
                final JsonNode record = mapped.get("Lee " + i);
                if (record == null || !record.path(targetField).isNull()
                        || !record.path("crm_errors").asText().startsWith(targetField + ": left empty, as ")) {
                    wrong.add(value.field() + " '" + value.value() + "' was not left empty with a note: " + (record == null
                            ? "invalid " + refusedRecord.path("crm_errors") : record.toString()));
                }
                continue;
            }
            if (refused || refusedRecord != null) {
                final String reasons = refusedRecord == null ? "" : refusedRecord.path("crm_errors").toString();
                if (!refused || !reasons.contains(targetField + ": ")) {
                    wrong.add(value.field() + " '" + value.value() + "' went to " + (refusedRecord == null ? "success" : "invalid " + reasons));
                }
                continue;
            }
            final JsonNode record = mapped.get("Lee " + i);
            final String written = record.path(targetField).isNull() ? null : record.path(targetField).asText(null);
            final boolean right;
            if (source.equals(target)) {
                right = value.value().equals(written);
            } else if (value.noEquivalentIn().contains(target)) {
                right = value.shown().equals(written);
            } else if (value.nearest().containsKey(target)) {
                right = value.nearest().get(target).equals(written);
            } else {
                right = targetValues.stream().anyMatch(known -> known.value().equals(written));
            }
            if (!right) {
                wrong.add(value.field() + " '" + value.value() + "' became " + targetField + " '" + written + "'");
            }
        }
        assertEquals(List.of(), wrong);
    }

    /**
     * An industry HubSpot has no option for goes to invalid with the reason, also when no standard list knows it. A CRM's standard value
     * the preset knows HubSpot has none near (Salesforce's Manufacturing) is named, with why; a value no list knows is not (it may be
     * anything a person typed).
     */
    @Test
    void anIndustryHubSpotHasNoOptionForGoesToInvalidWithTheReason() throws IOException {
        final Map<String, JsonNode> invalid = mapEach("salesforce-account", "hubspot-company", """
                [{"Name": "Acme", "Industry": "Manufacturing"}, {"Name": "Bolt", "Industry": "Space Tourism"},
                 {"Name": "Core", "Industry": "Banking"}]""").invalid();
        assertEquals(Set.of("Acme", "Bolt"), invalid.keySet());
        assertEquals("industry: HubSpot does not accept the value of /Industry (none of its 148 options: Salesforce's Manufacturing is broader "
                + "than any of them; HubSpot names kinds of manufacturing only, such as Machinery or Furniture)",
                invalid.get("Acme").path("crm_errors").asText());
        final String reasons = invalid.get("Bolt").path("crm_errors").asText();
        assertEquals("industry: HubSpot does not accept the value of /Industry (none of its 148 options)", reasons);
        assertFalse(reasons.contains("Space"), reasons);
    }

    /**
     * HubSpot → HubSpot writes back the industry HubSpot gave, also one outside the preset's table (an option HubSpot added or retired
     * since): the target is the CRM it came from.
     */
    @Test
    void hubSpotToHubSpotKeepsAnIndustryOutsideThePresetsTable() throws IOException {
        final Routed routed = mapEach("hubspot-company", "hubspot-company", """
                [{"name": "Acme", "industry": "SPACE_TOURISM"}, {"name": "Bolt", "industry": "Computer Software"}]""");
        assertEquals(Map.of(), routed.invalid());
        assertEquals("SPACE_TOURISM", routed.mapped().get("Acme").path("industry").asText(), routed.mapped().toString());
        assertEquals("COMPUTER_SOFTWARE", routed.mapped().get("Bolt").path("industry").asText(), routed.mapped().toString());
    }

    /**
     * A Zoho lead's rating (the state of its company) has no Dynamics 365 lead rating: the lead is written without one, and its
     * crm_errors says which field was left empty and why; a rating Dynamics has leaves crm_errors empty.
     */
    @Test
    void aZohoRatingDynamicsHasNoOptionForLeavesTheLeadWithoutARatingAndSaysSo() throws IOException {
        final Routed routed = mapEach("zoho-lead", "dynamics365-lead", """
                [{"Last_Name": "Lee", "Company": "Acme", "Rating": "Acquired", "Lead_Status": "Contacted"},
                 {"Last_Name": "Kim", "Company": "Bolt", "Rating": "Shut Down"}]""");
        assertEquals(Map.of(), routed.invalid());
        final JsonNode lee = routed.mapped().get("Lee");
        assertTrue(lee.path("leadqualitycode").isNull(), lee.toString());
        assertEquals(2, lee.path("statuscode").asInt(), lee.toString());
        assertEquals("leadqualitycode: left empty, as Dynamics 365 has no equivalent of acquired (the value of /Rating)",
                lee.path("crm_errors").asText(), lee.toString());
        assertEquals("leadqualitycode: left empty, as Dynamics 365 has no equivalent of shut_down (the value of /Rating is Shut Down)",
                routed.mapped().get("Kim").path("crm_errors").asText());
        runner.clearTransferState();
        final JsonNode hot = mapEach("salesforce-lead", "dynamics365-lead", """
                [{"LastName": "Lee", "Company": "Acme", "Rating": "Hot"}]""").mapped().get("Lee");
        assertEquals(1, hot.path("leadqualitycode").asInt(), hot.toString());
        assertTrue(hot.path("crm_errors").isNull(), hot.toString());
    }

    /**
     * A lead sent to invalid also says which fields a drop left empty, after the reason it is invalid: the operator who corrects its
     * status learns that it will still be written without a rating.
     */
    @Test
    void aLeadSentToInvalidAlsoSaysWhichFieldsWereLeftEmpty() throws IOException {
        final Routed routed = mapEach("zoho-lead", "dynamics365-lead", """
                [{"Last_Name": "Lee", "Company": "Acme", "Rating": "Acquired", "Lead_Status": "Nurturing"}]""");
        assertEquals(Map.of(), routed.mapped());
        assertEquals("statuscode: Dynamics 365 does not accept the value of /Lead_Status (none of its 7 options, and it is not a number); "
                + "leadqualitycode: left empty, as Dynamics 365 has no equivalent of acquired (the value of /Rating)",
                routed.invalid().get("Lee").path("crm_errors").asText());
        assertEquals("Acquired", routed.invalid().get("Lee").path("Rating").asText());
    }

    /** Without a source preset, HubSpot's own industry values are written as given; another value is refused there as well. */
    @Test
    void hubSpotIndustriesGivenWithoutASourcePresetAreWrittenAsGiven() throws IOException {
        runner.setProperty(MapCRMRecord.SOURCE_SCHEMA, "none");
        runner.setProperty(MapCRMRecord.TARGET_SCHEMA, "hubspot-company");
        runner.enqueue("""
                [{"company": "Acme", "industry": "BANKING"}, {"company": "Bolt", "industry": "computer_software"},
                 {"company": "Core", "industry": "Space Tourism"}]""");
        runner.run();
        final Map<String, JsonNode> mapped = byName(MapCRMRecord.REL_SUCCESS, "name");
        assertEquals("BANKING", mapped.get("Acme").path("industry").asText(), mapped.toString());
        assertEquals("COMPUTER_SOFTWARE", mapped.get("Bolt").path("industry").asText(), mapped.toString());
        assertEquals(Set.of("Core"), byName(MapCRMRecord.REL_INVALID, "company").keySet());
    }

    /** A Dynamics 365 Export to Excel file shows an option set's label under its display name; it is read as the option it names. */
    @Test
    void aDynamicsOptionIsReadByItsLabelToo() throws IOException {
        final Map<String, JsonNode> salesforce = mapEach("dynamics365-account", "salesforce-account", """
                [{"Account Name": "Acme", "Relationship Type": "Customer"}]""").mapped();
        assertEquals("Customer - Direct", salesforce.get("Acme").path("Type").asText(), salesforce.toString());
        final Map<String, JsonNode> dynamics = mapEach("zoho-account", "dynamics365-account", """
                [{"Account_Name": "Acme", "Account_Type": "Investor"}]""").mapped();
        assertEquals(4, dynamics.get("Acme").path("customertypecode").asInt(), dynamics.toString());
        assertTrue(dynamics.get("Acme").path("customertypecode").isInt(), dynamics.toString());
    }

    /** Dynamics 365 takes an option set's number only: an org's own text value goes to invalid with the reason, its own option number passes. */
    @Test
    void aValueDynamicsHasNoOptionForGoesToInvalidAndItsOwnOptionNumberPasses() throws IOException {
        final Routed routed = mapEach("salesforce-account", "dynamics365-account", """
                [{"Name": "Acme", "Type": "Strategic"}, {"Name": "Bolt", "Type": "100000001"}]""");
        final String reasons = routed.invalid().get("Acme").path("crm_errors").toString();
        assertTrue(reasons.contains("customertypecode: "), reasons);
        assertFalse(reasons.contains("Strategic"), reasons);
        assertEquals(100000001, routed.mapped().get("Bolt").path("customertypecode").asInt(), routed.mapped().toString());
    }

    /**
     * A Zoho lead's industry reaches a Salesforce lead as the nearest of Salesforce's standard industries (ERP as Technology, Large
     * Enterprise as Other): the FlowFile counts the leads approximated and names Industry, no lead carries a note; Salesforce's own
     * Banking, from a Salesforce lead, is not counted. Before, neither attribute was written.
     */
    @Test
    void aZohoLeadsIndustryWrittenAsTheNearestSalesforceValueIsCounted() throws IOException {
        final Map<String, JsonNode> mapped = mapEach("zoho-lead", "salesforce-lead", """
                [{"Last_Name": "Lee", "Company": "Acme", "Industry": "ERP (Enterprise Resource Planning)"},
                 {"Last_Name": "Roe", "Company": "Bolt", "Industry": "Large Enterprise"}, {"Last_Name": "Poe", "Company": "Cog"}]""").mapped();
        assertEquals("Technology", mapped.get("Lee").path("Industry").asText(), mapped.toString());
        assertEquals("Other", mapped.get("Roe").path("Industry").asText(), mapped.toString());
        mapped.values().forEach(lead -> assertTrue(lead.path("crm_errors").isNull(), lead.toString()));
        final MockFlowFile leads = runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst();
        leads.assertAttributeEquals("crm.map.approximated.count", "2");
        leads.assertAttributeEquals("crm.map.approximated.fields", "Industry");

        runner.clearTransferState();
        mapEach("salesforce-lead", "salesforce-lead", """
                [{"LastName": "Lee", "Company": "Acme", "Industry": "Banking"}]""");
        runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst().assertAttributeEquals("crm.map.approximated.count", "0");
    }

    /**
     * The Salesforce presets' Type, LeadSource and Status tables write the nearest of Salesforce's values too (a HubSpot vendor as
     * Other, a Zoho cold call as Other, a junk lead as Closed - Not Converted) and are counted; a value of the same meaning (Prospect,
     * Web, Zoho's Not Contacted as Open - Not Contacted, whose words differ) is not. Before, only Industry was counted: 0 here.
     */
    @Test
    void salesforceTypeLeadSourceAndStatusWrittenAsTheNearestValueAreCounted() throws IOException {
        final Map<String, JsonNode> accounts = mapEach("hubspot-company", "salesforce-account", """
                [{"name": "Acme", "type": "VENDOR"}, {"name": "Bolt", "type": "PROSPECT"}]""").mapped();
        assertEquals("Other", accounts.get("Acme").path("Type").asText(), accounts.toString());
        assertEquals("Prospect", accounts.get("Bolt").path("Type").asText(), accounts.toString());
        assertApproximated("1", "Type");

        runner.clearTransferState();
        final Map<String, JsonNode> leads = mapEach("zoho-lead", "salesforce-lead", """
                [{"Last_Name": "Lee", "Company": "Acme", "Lead_Source": "Cold Call", "Lead_Status": "Not Contacted"},
                 {"Last_Name": "Roe", "Company": "Bolt", "Lead_Source": "Web Download", "Lead_Status": "Junk Lead"},
                 {"Last_Name": "Poe", "Company": "Cog", "Lead_Source": "Web Download", "Lead_Status": "Not Contacted"}]""").mapped();
        assertEquals(List.of("Other", "Open - Not Contacted"), List.of(leads.get("Lee").path("LeadSource").asText(),
                leads.get("Lee").path("Status").asText()), leads.toString());
        assertEquals("Closed - Not Converted", leads.get("Roe").path("Status").asText(), leads.toString());
        leads.values().forEach(lead -> assertTrue(lead.path("crm_errors").isNull(), lead.toString()));
        assertApproximated("2", "LeadSource, Status");
    }

    /**
     * The HubSpot presets' type and lead status tables write HubSpot's nearest option (a Salesforce Customer - Direct as OTHER, a
     * Technology Partner as PARTNER, a lost lead as UNQUALIFIED) and are counted; Prospect as PROSPECT, a new lead as NEW are
     * not. Before, 0.
     */
    @Test
    void hubSpotTypeAndLeadStatusWrittenAsTheNearestOptionAreCounted() throws IOException {
        final Map<String, JsonNode> companies = mapEach("salesforce-account", "hubspot-company", """
                [{"Name": "Acme", "Type": "Customer - Direct"}, {"Name": "Bolt", "Type": "Technology Partner"},
                 {"Name": "Cog", "Type": "Prospect"}]""").mapped();
        assertEquals(List.of("OTHER", "PARTNER", "PROSPECT"), List.of(companies.get("Acme").path("type").asText(),
                companies.get("Bolt").path("type").asText(), companies.get("Cog").path("type").asText()), companies.toString());
        assertApproximated("2", "type");

        runner.clearTransferState();
        runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, """
                {"canonical": {"last_name": {"from": "/last"}, "lead_status": {"from": "/status"}}}""");
        final Map<String, JsonNode> contacts = mapEach("none", "hubspot-contact", """
                [{"last": "Lee", "status": "lost"}, {"last": "Roe", "status": "new"}]""").mapped();
        assertEquals(List.of("UNQUALIFIED", "NEW"), List.of(contacts.get("Lee").path("hs_lead_status").asText(),
                contacts.get("Roe").path("hs_lead_status").asText()), contacts.toString());
        assertApproximated("1", "hs_lead_status");
    }

    /**
     * The Zoho presets' type, lead source, lead status and industry tables write Zoho's nearest value (a Salesforce Customer - Direct
     * as Customer, Closed - Not Converted as Lost Lead) and are counted; a value of the same meaning in other words is not: Open - Not
     * Contacted as Not Contacted, and from Zoho's own layout Junk Lead and ERP (Enterprise Resource Planning), which spell other words
     * than junk and erp (read by spelling alone, the lead is counted). Before, 0.
     */
    @Test
    void zohoTablesWrittenAsTheNearestValueAreCountedByTheMeaningTheyReadBackAs() throws IOException {
        mapEach("salesforce-account", "zoho-account", """
                [{"Name": "Acme", "Type": "Customer - Direct"}, {"Name": "Bolt", "Type": "Prospect"}]""");
        assertApproximated("1", "Account_Type");

        runner.clearTransferState();
        final Map<String, JsonNode> leads = mapEach("salesforce-lead", "zoho-lead", """
                [{"LastName": "Lee", "Company": "Acme", "Status": "Closed - Not Converted"},
                 {"LastName": "Roe", "Company": "Bolt", "Status": "Open - Not Contacted"}]""").mapped();
        assertEquals(List.of("Lost Lead", "Not Contacted"), List.of(leads.get("Lee").path("Lead_Status").asText(),
                leads.get("Roe").path("Lead_Status").asText()), leads.toString());
        assertApproximated("1", "Lead_Status");

        runner.clearTransferState();
        final Map<String, JsonNode> own = mapEach("zoho-lead", "zoho-lead", """
                [{"Last_Name": "Lee", "Company": "Acme", "Lead_Status": "Junk Lead", "Industry": "ERP (Enterprise Resource Planning)"}]""")
                .mapped();
        assertEquals("ERP (Enterprise Resource Planning)", own.get("Lee").path("Industry").asText(), own.toString());
        assertApproximated("0", null);
    }

    /**
     * Dynamics 365's option sets write a number, whose words say nothing: a row is the nearest option when the preset reads its number
     * back as another value (a Salesforce Customer - Direct as 3, which is customer; HubSpot's COMPUTER_SOFTWARE as 6, Business
     * Services), and is counted; Prospect as 8 and HubSpot's ACCOUNTING as 1 are not (read by spelling alone, every row would be).
     * Before, 0.
     */
    @Test
    void dynamicsOptionNumbersWrittenAsTheNearestOptionAreCountedByTheOptionTheyReadBackAs() throws IOException {
        final Map<String, JsonNode> accounts = mapEach("salesforce-account", "dynamics365-account", """
                [{"Name": "Acme", "Type": "Customer - Direct"}, {"Name": "Bolt", "Type": "Prospect"}]""").mapped();
        assertEquals(List.of(3, 8), List.of(accounts.get("Acme").path("customertypecode").asInt(),
                accounts.get("Bolt").path("customertypecode").asInt()), accounts.toString());
        assertApproximated("1", "customertypecode");

        runner.clearTransferState();
        final Map<String, JsonNode> companies = mapEach("hubspot-company", "dynamics365-account", """
                [{"name": "Acme", "industry": "COMPUTER_SOFTWARE"}, {"name": "Bolt", "industry": "ACCOUNTING"}]""").mapped();
        assertEquals(List.of(6, 1), List.of(companies.get("Acme").path("industrycode").asInt(),
                companies.get("Bolt").path("industrycode").asInt()), companies.toString());
        assertApproximated("1", "industrycode");
    }

    /**
     * A combined industry label another CRM spells otherwise is the same industry, not an approximation, though the target preset
     * reads the label it writes back as another code: Salesforce's Food &amp; Beverage is HubSpot's FOOD_BEVERAGES (Food &amp; Beverages)
     * and back, HubSpot's WIRELESS is Zoho's Wireless Industry and back, a generic export's Arts / Crafts is HubSpot's ARTS_AND_CRAFTS
     * and Zoho's Arts and Crafts; none is counted (the tables' "sameMeaning"). A broader value still is: HubSpot's MILITARY as Zoho's
     * Government/Military, the export's Banking / Mortgage as HubSpot's BANKING. Before, each of the same industry was counted.
     */
    @Test
    void aCombinedIndustryLabelOfTheSameIndustryWrittenInAnotherCrmsWordsIsNotCounted() throws IOException {
        assertIndustriesWritten("salesforce-account", "hubspot-company", """
                [{"Name": "Acme", "Industry": "Food & Beverage"}]""", "industry", List.of("FOOD_BEVERAGES"), "0", null);
        assertIndustriesWritten("hubspot-company", "salesforce-account", """
                [{"name": "Acme", "industry": "FOOD_BEVERAGES"}, {"name": "Bolt", "industry": "FOOD_PRODUCTION"}]""", "Industry",
                List.of("Food & Beverage", "Food & Beverage"), "1", "Industry");
        assertIndustriesWritten("hubspot-company", "zoho-account", """
                [{"name": "Acme", "industry": "WIRELESS"}, {"name": "Bolt", "industry": "MILITARY"}]""", "Industry",
                List.of("Wireless Industry", "Government/Military"), "1", "Industry");
        assertIndustriesWritten("zoho-account", "hubspot-company", """
                [{"Account_Name": "Acme", "Industry": "Wireless Industry"}]""", "industry", List.of("WIRELESS"), "0", null);
        assertIndustriesWritten("none", "hubspot-company", """
                [{"company": "Acme", "industry": "arts_crafts"}, {"company": "Bolt", "industry": "banking_mortgage"}]""", "industry",
                List.of("ARTS_AND_CRAFTS", "BANKING"), "1", "industry");
    }

    /**
     * A generic export joins the words of a combined industry by "and" where a CRM's label has "&amp;" or "/" (Oil and Energy, HubSpot's Oil
     * &amp; Energy), or by "&amp;" where the code has "and" (Marketing &amp; Advertising, HubSpot's MARKETING_AND_ADVERTISING; Eating &amp;
     * Drinking Places, Dynamics 365's Eating and Drinking Places): the value takes the row of the same words but "and", counted as that row
     * is (Oil and Energy as Dynamics 365's 24 and Salesforce's Energy, the nearest; Food and Beverages as Salesforce's Food &amp; Beverage,
     * its "sameMeaning", is not). Other words stay other: Oil and Gas is none of the rows (not Oil &amp; Energy), and goes where a value no
     * row knows goes. A value without an option says why in its words too (Government and Military, as Zoho's Government/Military).
     * Before, each value joined otherwise than its row went to invalid (HubSpot, Dynamics 365) or was written as the default.
     */
    @Test
    void aCombinedIndustryJoinedByAndOrByAnAmpersandTakesTheRowOfTheSameWords() throws IOException {
        final Routed hubSpot = mapEach("none", "hubspot-company", """
                [{"company": "Acme", "industry": "Oil and Energy"}, {"company": "Bolt", "industry": "Marketing & Advertising"},
                 {"company": "Cog", "industry": "Food and Beverages"}, {"company": "Dot", "industry": "Oil and Gas"}]""");
        assertEquals(List.of("OIL_ENERGY", "MARKETING_AND_ADVERTISING", "FOOD_BEVERAGES"), Stream.of("Acme", "Bolt", "Cog")
                .map(name -> hubSpot.mapped().get(name).path("industry").asText()).toList(), hubSpot.mapped().toString());
        // a generic export's record (Dot) names no field the invalid records are told by: the only one
        assertEquals(List.of("industry: HubSpot does not accept the value of /industry (none of its 148 options)"), reasons(hubSpot.invalid()));
        assertApproximated("0", null);

        runner.clearTransferState();
        final Routed dynamics = mapEach("none", "dynamics365-account", """
                [{"company": "Acme", "industry": "Oil and Energy"}, {"company": "Bolt", "industry": "Eating & Drinking Places"},
                 {"company": "Cog", "industry": "Government and Military"}]""");
        assertEquals(List.of(24, 13), List.of(dynamics.mapped().get("Acme").path("industrycode").asInt(),
                dynamics.mapped().get("Bolt").path("industrycode").asInt()), dynamics.mapped().toString());
        assertEquals(List.of("industrycode: Dynamics 365 does not accept the value of /industry (none of its 33 options: Zoho's "
                + "Government/Military is none of them; Dynamics 365's industries are business activities, and none of them is government, "
                + "defence or public service)"), reasons(dynamics.invalid()));
        assertApproximated("1", "industrycode");

        runner.clearTransferState();
        runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, """
                {"fields": {"Industry": {"unmapped": "default", "default": "Other"}}}""");
        final Map<String, JsonNode> salesforce = mapEach("none", "salesforce-account", """
                [{"company": "Acme", "industry": "Oil and Energy"}, {"company": "Bolt", "industry": "Food and Beverages"},
                 {"company": "Cog", "industry": "Oil and Gas"}]""").mapped();
        assertEquals(List.of("Energy", "Food & Beverage", "Other"), Stream.of("Acme", "Bolt", "Cog")
                .map(name -> salesforce.get(name).path("Industry").asText()).toList(), salesforce.toString());
        assertEquals(List.of(true, true, false), Stream.of("Acme", "Bolt", "Cog")
                .map(name -> salesforce.get(name).path("crm_errors").isNull()).toList(), salesforce.toString());
        assertApproximated("1", "Industry");
    }

    /**
     * A picklist value written with HTML entities, as web CRMs' exports and APIs write them (named, numbered, escaped twice), finds the
     * row of the characters they stand for: a value in words is read as the code they spell ({@code Oil &amp; Energy} as
     * {@code oil_energy}, HubSpot's {@code OIL_ENERGY}), and a source preset's value as the one it names ({@code Apparel &amp; Fashion},
     * Zoho's Apparel & Fashion, Salesforce's Apparel). A value no row names is written as it was ({@code Caf&eacute; Society}). Before,
     * the entity's letters were words of the code ({@code oil_amp_energy}): HubSpot and Dynamics 365 refused each, and Zoho's value
     * reached Salesforce as written.
     */
    @Test
    void aPicklistValueWithHtmlEntitiesFindsTheRowOfTheCharactersTheyStandFor() throws IOException {
        final Routed hubSpot = mapEach("none", "hubspot-company", """
                [{"company": "Acme", "industry": "Oil &amp; Energy"}, {"company": "Bolt", "industry": "Arts &#38; Crafts"},
                 {"company": "Cog", "industry": "Food &amp;amp; Beverages"}, {"company": "Dot", "industry": "Computer &#x26; Network Security"}]""");
        assertEquals(List.of("OIL_ENERGY", "ARTS_AND_CRAFTS", "FOOD_BEVERAGES", "COMPUTER_NETWORK_SECURITY"), Stream.of("Acme", "Bolt", "Cog", "Dot")
                .map(name -> hubSpot.mapped().getOrDefault(name, MISSING).path("industry").asText()).toList(), hubSpot.mapped().toString());
        assertEquals(List.of(), reasons(hubSpot.invalid()));

        runner.clearTransferState();
        final Routed dynamics = mapEach("none", "dynamics365-account", """
                [{"company": "Acme", "industry": "Eating &amp; Drinking Places"}, {"company": "Bolt", "industry": "Oil &AMP; Energy"}]""");
        assertEquals(List.of(13, 24), List.of(dynamics.mapped().getOrDefault("Acme", MISSING).path("industrycode").asInt(),
                dynamics.mapped().getOrDefault("Bolt", MISSING).path("industrycode").asInt()), dynamics.mapped().toString());
        assertEquals(List.of(), reasons(dynamics.invalid()));

        runner.clearTransferState();
        final Map<String, JsonNode> salesforce = mapEach("zoho-account", "salesforce-account", """
                [{"Account_Name": "Acme", "Industry": "Apparel &amp; Fashion"}, {"Account_Name": "Bolt", "Industry": "Caf&eacute; Society"}]""")
                .mapped();
        assertEquals(List.of("Apparel", "Caf&eacute; Society"), Stream.of("Acme", "Bolt")
                .map(name -> salesforce.getOrDefault(name, MISSING).path("Industry").asText()).toList(), salesforce.toString());
    }

    /**
     * Dynamics 365's 16 Financial holds banks too (Dynamics has no Banking option); Salesforce's Finance does not (Salesforce has Banking): a
     * Dynamics Financial account written as Finance is Salesforce's nearest value, counted, as Salesforce's Finance and Banking written as
     * 16 are (the broader option); Insurance, an option of both, is not. Pins the counts the Approximated values table gives.
     */
    @Test
    void dynamicsFinancialAsSalesforcesFinanceIsCountedAsTheNearestValue() throws IOException {
        final Map<String, JsonNode> salesforce = mapEach("dynamics365-account", "salesforce-account", """
                [{"Account Name": "Acme", "Industry": "Financial"}, {"Account Name": "Bolt", "Industry": "Insurance"}]""").mapped();
        assertEquals(List.of("Finance", "Insurance"), List.of(salesforce.get("Acme").path("Industry").asText(),
                salesforce.get("Bolt").path("Industry").asText()), salesforce.toString());
        assertApproximated("1", "Industry");

        runner.clearTransferState();
        final Map<String, JsonNode> dynamics = mapEach("salesforce-account", "dynamics365-account", """
                [{"Name": "Acme", "Industry": "Finance"}, {"Name": "Bolt", "Industry": "Banking"}, {"Name": "Cog", "Industry": "Insurance"}]""")
                .mapped();
        assertEquals(List.of(16, 16, 20), Stream.of("Acme", "Bolt", "Cog").map(name -> dynamics.get(name).path("industrycode").asInt()).toList(),
                dynamics.toString());
        assertApproximated("2", "industrycode");
    }

    /**
     * HubSpot's FINANCIAL_SERVICES is written as Dynamics 365's 16 Financial, counted as the nearest value, as are the five other finance
     * options HubSpot names beside it (BANKING, CAPITAL_MARKETS, INVESTMENT_BANKING, INVESTMENT_MANAGEMENT, VENTURE_CAPITAL_PRIVATE_EQUITY):
     * HubSpot's Financial Services is finance other than those, Dynamics' Financial all of it (Dynamics has no Banking nor investment
     * option), the broader option. Of the 12 rows of the Dynamics tables that write 16, 11 are counted so; only Dynamics' own financial is
     * not. INSURANCE and ACCOUNTING, options of both, are not counted. The other way, Dynamics' Financial as FINANCIAL_SERVICES is counted
     * too (a narrower option, which banks are not). Pins what the Approximated values paragraph says; no change.
     */
    @Test
    void hubSpotsFinancialServicesIsDynamicsFinancialCountedAsTheBroaderOption() throws IOException {
        final Map<String, JsonNode> dynamics = mapEach("hubspot-company", "dynamics365-account", """
                [{"name": "Acme", "industry": "FINANCIAL_SERVICES"}, {"name": "Bolt", "industry": "BANKING"},
                 {"name": "Cog", "industry": "CAPITAL_MARKETS"}, {"name": "Dot", "industry": "INVESTMENT_BANKING"},
                 {"name": "Elm", "industry": "INVESTMENT_MANAGEMENT"}, {"name": "Fir", "industry": "VENTURE_CAPITAL_PRIVATE_EQUITY"},
                 {"name": "Gum", "industry": "INSURANCE"}, {"name": "Hop", "industry": "ACCOUNTING"}]""").mapped();
        assertEquals(List.of(16, 16, 16, 16, 16, 16, 20, 1), Stream.of("Acme", "Bolt", "Cog", "Dot", "Elm", "Fir", "Gum", "Hop")
                .map(name -> dynamics.get(name).path("industrycode").asInt()).toList(), dynamics.toString());
        assertApproximated("6", "industrycode");

        assertIndustriesWritten("dynamics365-account", "hubspot-company", """
                [{"Account Name": "Acme", "Industry": "Financial"}, {"Account Name": "Bolt", "Industry": "Insurance"}]""", "industry",
                List.of("FINANCIAL_SERVICES", "INSURANCE"), "1", "industry");
    }

    /** The reasons of the records routed to invalid. */
    private static List<String> reasons(final Map<String, JsonNode> invalid) {
        return invalid.values().stream().map(record -> record.path("crm_errors").asText()).toList();
    }

    /** Maps Acme (and Bolt) from source to target: their industries as written, in that order, and the output's count and fields. */
    private void assertIndustriesWritten(final String source, final String target, final String json, final String field,
                                         final List<String> written, final String count, final String fields) throws IOException {
        runner.clearTransferState();
        final Map<String, JsonNode> mapped = mapEach(source, target, json).mapped();
        assertEquals(written, List.of("Acme", "Bolt").subList(0, written.size()).stream()
                .map(name -> mapped.get(name).path(field).asText()).toList(), mapped.toString());
        assertApproximated(count, fields);
    }

    /** The output's count of records approximated, and the fields (null: none named). */
    private void assertApproximated(final String count, final String fields) {
        final MockFlowFile output = runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst();
        output.assertAttributeEquals("crm.map.approximated.count", count);
        output.assertAttributeEquals("crm.map.approximated.fields", fields);
    }

    /**
     * The Dynamics 365 Lead preset's option sets know an organisation's own option numbers too: with the policy of a restricted lead
     * source ("unmapped": "default", 10 Other), a lead source of the organisation's own (100000003) is kept as written and said so, while
     * a word no row knows (Podcast, which has no option near; Webinar, once such a word, is 6 Seminar now) is written as the default and
     * said so. Before, both were written as 10 Other.
     */
    @Test
    void aDynamicsLeadSourceOfTheOrganisationsOwnIsKeptUnderARestrictedPolicy() throws IOException {
        runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, """
                {"fields": {"leadsourcecode": {"unmapped": "default", "default": 10}}}""");
        final Map<String, JsonNode> mapped = mapEach("salesforce-lead", "dynamics365-lead", """
                [{"LastName": "Lee", "Company": "Acme", "LeadSource": "100000003"}, {"LastName": "Roe", "Company": "Bolt", "LeadSource": "Podcast"}]""")
                .mapped();
        assertEquals(100000003, mapped.get("Lee").path("leadsourcecode").asInt(), mapped.toString());
        assertEquals("leadsourcecode: kept as written, an option number an organisation adds to Dynamics 365 (100000000 or above), which none "
                + "of the preset's 10 options is (the value of /LeadSource); the load takes it where the target organisation has that option",
                mapped.get("Lee").path("crm_errors").asText());
        assertEquals(10, mapped.get("Roe").path("leadsourcecode").asInt(), mapped.toString());
        assertTrue(mapped.get("Roe").path("crm_errors").asText().startsWith("leadsourcecode: written as 10 (its default)"), mapped.toString());
    }

    /**
     * Every lead status of every layout that has one reaches a Dynamics 365 lead as Dataverse creates one: without statecode, which is
     * not valid for create (Dataverse creates every lead Open), an open status as its status reason (1 New, 2 Contacted) and a closed one
     * left empty, the note saying how to close the lead after the load and with which status reason (Dataverse refuses the status reason
     * of a closed lead on create, and with it the whole lead).
     */
    @ParameterizedTest
    @ValueSource(strings = {"salesforce-lead", "zoho-lead", "hubspot-contact", "dynamics365-lead"})
    void aDynamicsLeadIsWrittenOpenAndAClosedOnesStatusIsLeftForAfterTheLoad(final String source) throws IOException {
        // the note names the source's own field that gave the status (the API name each record here has, of the preset's API name and
        // export label)
        final String statusFields = Map.of("salesforce-lead", "/Status", "zoho-lead", "/Lead_Status", "hubspot-contact",
                "/hs_lead_status", "dynamics365-lead", "/statuscode").get(source);
        final List<StandardValue> statuses = VALUES.stream()
                .filter(value -> value.schema().equals(source) && value.canonical().equals("lead_status")).toList();
        final ArrayNode input = JSON.createArrayNode();
        for (int i = 0; i < statuses.size(); i++) {
            input.addObject().put(NAME_FIELDS.get(source), "Lee " + i).put(statuses.get(i).field(), statuses.get(i).value());
        }
        final Map<String, JsonNode> mapped = mapEach(source, "dynamics365-lead", input.toString()).mapped();
        assertEquals(statuses.size(), mapped.size(), mapped.toString());
        for (final JsonNode lead : mapped.values()) {
            assertTrue(lead.path("statecode").isMissingNode(), lead.toString());
            if (lead.path("statuscode").isNull()) {
                final String note = lead.path("crm_errors").asText();
                assertTrue(note.startsWith(CLOSED_LEAD_NOTE + ", so the lead is loaded Open as New: close it after the load, statecode 2 "
                        + "Disqualified with this statuscode by a PATCH, or 3 Qualified by the QualifyLead action (the value of " + statusFields + " is "),
                        note);
                assertTrue(note.matches(".*: [3-7] in its value map\\)"), note);
            } else {
                assertTrue(Set.of(1, 2).contains(lead.path("statuscode").asInt()), lead.toString());
                assertTrue(lead.path("statuscode").isInt(), lead.toString());
                assertTrue(lead.path("crm_errors").isNull(), lead.toString());
            }
        }
    }

    /**
     * A lead status Dynamics 365 has no option for goes to invalid with the reason (the options counted are all seven, the closed ones
     * too, which are left for after the load); an org's own status reason number passes, without a statecode as every lead is written,
     * and Dynamics checks it against the state it creates the lead in (Open).
     */
    @Test
    void aLeadStatusDynamicsHasNoOptionForGoesToInvalidAndItsOwnStatusNumberPassesWithoutAState() throws IOException {
        final Routed routed = mapEach("dynamics365-lead", "dynamics365-lead", """
                [{"lastname": "Lee", "statuscode": "100000001", "statecode": "0"}, {"lastname": "Kim", "statuscode": "Nurturing"}]""");
        final JsonNode lee = routed.mapped().get("Lee");
        assertEquals(100000001, lee.path("statuscode").asInt(), lee.toString());
        assertTrue(lee.path("statecode").isMissingNode() || lee.path("statecode").isNull(), lee.toString());
        final String reasons = routed.invalid().get("Kim").path("crm_errors").toString();
        assertTrue(reasons.contains("statuscode: Dynamics 365 does not accept the value of /statuscode (none of its 7 options, and it "
                + "is not a number)"),
                reasons);
        assertFalse(reasons.contains("Nurturing"), reasons);
    }

    /** A Dynamics 365 lead exported to Excel shows its option sets' labels under their display names; each is read as its option. */
    @Test
    void aDynamicsLeadIsReadFromItsExcelLabelsToo() throws IOException {
        final String excel = """
                [{"Last Name": "Lee", "Company Name": "Acme", "Status Reason": "Cannot Contact", "Rating": "Warm", "Lead Source": "Word of Mouth"}]""";
        final JsonNode salesforce = mapEach("dynamics365-lead", "salesforce-lead", excel).mapped().get("Lee");
        assertEquals("Closed - Not Converted", salesforce.path("Status").asText(), salesforce.toString());
        assertEquals("Warm", salesforce.path("Rating").asText(), salesforce.toString());
        assertEquals("Other", salesforce.path("LeadSource").asText(), salesforce.toString());
        assertEquals("Acme", salesforce.path("Company").asText(), salesforce.toString());
        runner.clearTransferState();
        final JsonNode dynamics = mapEach("dynamics365-lead", "dynamics365-lead", excel).mapped().get("Lee");
        assertTrue(dynamics.path("statuscode").isNull(), dynamics.toString());
        // the Excel file's own column and label, and the code the preset reads it as
        assertTrue(dynamics.path("crm_errors").asText().endsWith("(the value of /Status Reason is Cannot Contact, read as junk: 5 in its value "
                        + "map)"),
                dynamics.toString());
        assertEquals(2, dynamics.path("leadqualitycode").asInt(), dynamics.toString());
        assertEquals(9, dynamics.path("leadsourcecode").asInt(), dynamics.toString());
    }

    /** HubSpot's exports write a property's labels; the HubSpot Contact preset reads them as the internal values the API takes. */
    @Test
    void hubSpotLifecycleStageAndLeadStatusLabelsBecomeInternalValues() throws IOException {
        final Map<String, JsonNode> hubspot = mapEach("hubspot-contact", "hubspot-contact", """
                [{"lastname": "Lee", "lifecyclestage": "Marketing Qualified Lead", "hs_lead_status": "Attempted to Contact"}]""").mapped();
        assertEquals("marketingqualifiedlead", hubspot.get("Lee").path("lifecyclestage").asText(), hubspot.toString());
        assertEquals("ATTEMPTED_TO_CONTACT", hubspot.get("Lee").path("hs_lead_status").asText(), hubspot.toString());
    }

    /** A value outside the standard lists (an org's own picklist value) still passes through unchanged, as documented. */
    @Test
    void aValueOfNoStandardListPassesThroughUnchanged() throws IOException {
        final JsonNode zoho = map("salesforce-contact", "zoho-contact", """
                [{"LastName": "Lee", "LeadSource": "Webinar", "Salutation": "Mx."}]""").get(0);
        assertEquals("Webinar", zoho.get("Lead_Source").asText(), zoho.toString());
        assertEquals("Mx.", zoho.get("Salutation").asText(), zoho.toString());
    }

    private JsonNode map(final String source, final String target, final String json) throws IOException {
        runner.setProperty(MapCRMRecord.SOURCE_SCHEMA, source);
        runner.setProperty(MapCRMRecord.TARGET_SCHEMA, target);
        runner.enqueue(json);
        runner.run();
        runner.assertAllFlowFilesTransferred(MapCRMRecord.REL_SUCCESS, 1);
        return JSON.readTree(runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst().getContent());
    }

    /** Maps the records once: those written and those sent to invalid, by their name (the field each layout requires). */
    private Routed mapEach(final String source, final String target, final String json) throws IOException {
        runner.setProperty(MapCRMRecord.SOURCE_SCHEMA, source);
        runner.setProperty(MapCRMRecord.TARGET_SCHEMA, target);
        runner.enqueue(json);
        runner.run();
        return new Routed(byName(MapCRMRecord.REL_SUCCESS, NAME_FIELDS.get(target)), byName(MapCRMRecord.REL_INVALID, NAME_FIELDS.get(source)));
    }

    private Map<String, JsonNode> byName(final Relationship relationship, final String nameField) throws IOException {
        final Map<String, JsonNode> records = new HashMap<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
            for (final JsonNode record : JSON.readTree(flowFile.getContent())) {
                records.put(record.path(nameField).asText(), record);
            }
        }
        return records;
    }

    private static CrmSchema.Entity entityOf(final String presetKey) {
        for (final CrmSchema schema : CrmSchema.values()) {
            if (schema.getResourceName().equals(presetKey)) {
                return schema.getEntity();
            }
        }
        throw new IllegalArgumentException(presetKey);
    }

    private static List<StandardValue> readStandardValues() {
        final CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader reader = Files.newBufferedReader(STANDARD_VALUES, StandardCharsets.UTF_8); CSVParser parser = format.parse(reader)) {
            final List<StandardValue> values = new ArrayList<>();
            for (final CSVRecord row : parser) {
                final String noEquivalentIn = row.get("no_equivalent_in");
                final Map<String, String> nearest = new HashMap<>();
                if (row.isSet("nearest") && !row.get("nearest").isBlank()) {
                    for (final String entry : row.get("nearest").split(";")) {
                        final String[] targetAndValue = entry.split("=", 2);
                        nearest.put(targetAndValue[0].trim(), targetAndValue[1].trim());
                    }
                }
                values.add(new StandardValue(row.get("schema"), row.get("canonical"), row.get("field"), row.get("value"), row.get("label"),
                        noEquivalentIn.isBlank() ? Set.of() : Set.of(noEquivalentIn.split(" ")), Map.copyOf(nearest)));
            }
            return List.copyOf(values);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
