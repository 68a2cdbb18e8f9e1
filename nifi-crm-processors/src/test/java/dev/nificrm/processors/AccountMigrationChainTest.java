package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EvalData;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An admin's account migration end to end, with NiFi's own readers and writers: Datablist's 100 organisations (a generic export,
 * shared/eval/crm/organizations-100.csv) plus two of them as a second export wrote them, mapped to HubSpot companies or Salesforce
 * accounts (Source Schema None, Unmapped Fields Route to Invalid), cleaned and matched with their defaults; what each step sends
 * where, and what a record looks like at the end.
 */
class AccountMigrationChainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Two organisations again, as another export wrote them: the name in capitals or without its hyphen, the website bare. */
    private static final String SECOND_EXPORT = """
            101,C0FFEE00000A001,FERRELL LLC,price.net,Papua New Guinea,Horizontal empowering knowledgebase,1990,Plastics,3498
            102,C0FFEE00000A002,Holder Sellers,www.becker.com,Turkmenistan,,2004,Automotive,921
            """;
    private static final String SPECIFICATION = """
            {"canonical": {"record_id": {"from": "/Organization Id"}, "company": {"from": "/Name"}, "website": {"from": "/Website"},
                           "country": {"from": "/Country"}, "description": {"from": "/Description"}, "year_founded": {"from": "/Founded"},
                           "industry": {"from": "/Industry"}, "employees": {"from": "/Number of employees", "type": "int"}},
             "ignore": ["/Index"]}""";

    private String export;

    @BeforeEach
    void readExport() throws Exception {
        export = Files.readString(EvalData.folder("crm").resolve("organizations-100.csv")) + SECOND_EXPORT;
    }

    /**
     * Map: all 102 organisations become HubSpot companies, their industry in words read as HubSpot's option (Plastics as
     * PLASTICS, Glass / Ceramics / Concrete as GLASS_CERAMICS_CONCRETE) or crosswalked to it (Military Industry as MILITARY,
     * Arts / Crafts as ARTS_AND_CRAFTS), Founded kept as founded_year and the website's domain written to domain (price.net).
     * Before the crosswalk, 31 whose industry spelled no HubSpot code went to invalid; before that, HubSpot took 27 of the
     * industries, and Founded (no canonical field) sent every organisation to invalid. Clean: the one organisation in the
     * Netherlands Antilles goes to invalid with the reason, the others pass, websites without their trailing slash, domains still
     * bare domains (price.net, not https://price.net), countries as ISO codes. Match: the two organisations of the second export
     * join their first records (0.993), the 97 others stay alone; every record leaves each step once.
     */
    @Test
    void datablistOrganisationsBecomeHubSpotCompaniesAndTheirSecondRecordsAreFound() throws Exception {
        final Chain chain = run("hubspot-company");
        assertEquals(List.of(102, 0), List.of(chain.mapped().size(), chain.refused().size()));
        final Map<String, JsonNode> mapped = byName(chain.mapped(), "name");
        final JsonNode ferrell = mapped.get("Ferrell LLC");
        assertEquals("PLASTICS", ferrell.path("industry").asText(), ferrell.toString());
        assertEquals("1990", ferrell.path("founded_year").asText(), ferrell.toString());
        assertEquals(3498, ferrell.path("numberofemployees").asInt(), ferrell.toString());
        assertEquals("FAB0d41d5b5d22c", ferrell.path("external_id").asText(), ferrell.toString());
        assertEquals("price.net", ferrell.path("domain").asText(), ferrell.toString());
        assertEquals("hall-buchanan.info", mapped.get("Mckinney, Riley and Day").path("domain").asText());
        assertEquals("GLASS_CERAMICS_CONCRETE", mapped.get("Mckinney, Riley and Day").path("industry").asText());
        assertEquals("ARTS_AND_CRAFTS", mapped.get("Berg-Sparks").path("industry").asText());
        assertEquals("MILITARY", mapped.get("Newton Inc").path("industry").asText());

        assertEquals(1, chain.rejected().size());
        assertEquals("Netherlands Antilles", chain.rejected().getFirst().path("country").asText());
        final Map<String, JsonNode> cleaned = byName(chain.cleaned(), "name");
        assertEquals(101, cleaned.size());
        assertEquals("https://price.net", cleaned.get("Ferrell LLC").path("website").asText());
        assertEquals("price.net", cleaned.get("Ferrell LLC").path("domain").asText(), "a domain stays a domain through Clean");
        assertEquals("PG", cleaned.get("Ferrell LLC").path("country").asText());
        assertEquals("Horizontal empowering knowledgebase", cleaned.get("Ferrell LLC").path("description").asText());

        assertSecondRecordsFound(byName(chain.matched(), "name"));
        assertEquals(97, chain.unmatched().size());
    }

    /**
     * The same export to Salesforce accounts: Salesforce takes any industry, so all 102 are mapped with their words (Glass / Ceramics /
     * Concrete) and Founded as YearStarted; Clean sends the one organisation in the Netherlands Antilles (dissolved in 2010) to invalid
     * with the reason; Match finds the same two second records.
     */
    @Test
    void datablistOrganisationsBecomeSalesforceAccounts() throws Exception {
        final Chain chain = run("salesforce-account");
        assertEquals(List.of(102, 0), List.of(chain.mapped().size(), chain.refused().size()));
        final Map<String, JsonNode> mapped = byName(chain.mapped(), "Name");
        assertEquals("Glass / Ceramics / Concrete", mapped.get("Mckinney, Riley and Day").path("Industry").asText());
        assertEquals("1990", mapped.get("Ferrell LLC").path("YearStarted").asText());

        assertEquals(1, chain.rejected().size());
        assertEquals("BillingCountry: a country that no longer exists: the Netherlands Antilles were dissolved in 2010 into CW, SX and BQ", chain.rejected().getFirst().path("crm_errors").asText());
        assertEquals("Netherlands Antilles", chain.rejected().getFirst().path("BillingCountry").asText());

        assertSecondRecordsFound(byName(chain.matched(), "Name"));
        assertEquals(97, chain.unmatched().size());
    }

    /** Each organisation of the second export is one cluster with its first record, apart from the other. */
    private static void assertSecondRecordsFound(final Map<String, JsonNode> matched) {
        assertEquals(List.of("FERRELL LLC", "Ferrell LLC", "Holder Sellers", "Holder-Sellers"), List.copyOf(matched.keySet()));
        assertEquals(matched.get("Ferrell LLC").path("crm_match_id"), matched.get("FERRELL LLC").path("crm_match_id"));
        assertEquals(matched.get("Holder-Sellers").path("crm_match_id"), matched.get("Holder Sellers").path("crm_match_id"));
        assertNotEquals(matched.get("Ferrell LLC").path("crm_match_id"), matched.get("Holder-Sellers").path("crm_match_id"));
        assertTrue(matched.get("Ferrell LLC").path("crm_match_explanation").asText().contains("website=exact"), matched.get("Ferrell LLC").toString());
    }

    /** What each step wrote; every record left each step on exactly one relationship, and nothing went to failure. */
    private record Chain(List<JsonNode> mapped, List<JsonNode> refused, List<JsonNode> cleaned, List<JsonNode> rejected,
                         List<JsonNode> matched, List<JsonNode> unmatched) {
    }

    /** The export through MapCRMRecord (to the target preset), CleanCRMRecord and MatchCRMRecord, each with its defaults. */
    private Chain run(final String target) throws Exception {
        final TestRunner map = TestRunners.newTestRunner(MapCRMRecord.class);
        RecordServices.useCsvReader(map);
        RecordServices.useJsonWriter(map);
        map.setProperty(MapCRMRecord.SOURCE_SCHEMA, "none");
        map.setProperty(MapCRMRecord.TARGET_SCHEMA, target);
        map.setProperty(MapCRMRecord.UNMAPPED_FIELDS, "route-to-invalid");
        map.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, SPECIFICATION);
        final List<List<JsonNode>> mapping = step(map, export, MapCRMRecord.REL_SUCCESS, MapCRMRecord.REL_INVALID);
        assertEquals(export.strip().lines().count() - 1, mapping.get(0).size() + mapping.get(1).size());

        final TestRunner clean = TestRunners.newTestRunner(CleanCRMRecord.class);
        RecordServices.useJsonReader(clean);
        RecordServices.useJsonWriter(clean);
        final List<List<JsonNode>> cleaning = step(clean, content(map, MapCRMRecord.REL_SUCCESS), CleanCRMRecord.REL_SUCCESS, CleanCRMRecord.REL_INVALID);
        assertEquals(mapping.get(0).size(), cleaning.get(0).size() + cleaning.get(1).size());

        final TestRunner match = TestRunners.newTestRunner(MatchCRMRecord.class);
        RecordServices.useJsonReader(match);
        RecordServices.useJsonWriter(match);
        final List<List<JsonNode>> matching = step(match, content(clean, CleanCRMRecord.REL_SUCCESS), MatchCRMRecord.REL_MATCHED,
                MatchCRMRecord.REL_UNMATCHED, MatchCRMRecord.REL_REVIEW);
        assertEquals(0, matching.get(2).size(), "no pair is left to a person");
        assertEquals(cleaning.get(0).size(), matching.get(0).size() + matching.get(1).size());
        return new Chain(mapping.get(0), mapping.get(1), cleaning.get(0), cleaning.get(1), matching.get(0), matching.get(1));
    }

    /** Runs one step over the content; the records it wrote to each relationship, in the order given. */
    private static List<List<JsonNode>> step(final TestRunner runner, final String content, final Relationship... relationships) throws Exception {
        runner.enqueue(content);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final List<List<JsonNode>> written = new ArrayList<>();
        for (final Relationship relationship : relationships) {
            written.add(records(runner, relationship));
        }
        return written;
    }

    private static String content(final TestRunner runner, final Relationship relationship) {
        return runner.getFlowFilesForRelationship(relationship).getFirst().getContent();
    }

    /** The records by their company name (the target's name field), in name order; each name once. */
    private static Map<String, JsonNode> byName(final List<JsonNode> records, final String nameField) {
        final Map<String, JsonNode> byName = new TreeMap<>();
        for (final JsonNode record : records) {
            assertEquals(null, byName.put(record.path(nameField).asText(), record), "one record per name");
        }
        return byName;
    }

    private static List<JsonNode> records(final TestRunner runner, final Relationship relationship) throws Exception {
        final List<JsonNode> records = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
            JSON.readTree(flowFile.getContent()).forEach(records::add);
        }
        return records;
    }
}
