package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EnabledStores;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Role, Source ID and Golden ID paths with an index over JSON whose records differ in shape, read with the real
 * JsonTreeReader inferring the schema: where one record holds a list and another text in one field, the reader types it
 * CHOICE[ARRAY, STRING], and NiFi's RecordPath alone selects nothing at {@code /ids[0]}. Every value that is there is read.
 */
class MatchCRMRecordChoiceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    @TempDir
    Path storeDirectory;

    private TestRunner runner;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(MatchCRMRecord.class);
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
        final EmbeddedEntityStore service = new EmbeddedEntityStore();
        runner.addControllerService("entity-store", service);
        runner.setProperty(service, EmbeddedEntityStore.STORE_DIRECTORY, storeDirectory.toString());
        stores.enable(runner, service);
        runner.setProperty(MatchCRMRecord.ENTITY_STORE, "entity-store");
        runner.setProperty(MatchCRMRecord.SOURCE_SYSTEM, "crm");
        runner.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/ids[0]");
        runner.setProperty("first_name", "/name/first");
        runner.setProperty("last_name", "/name/last");
        runner.setProperty("email", "/emails[0]");
    }

    private Map<String, JsonNode> run(final String json) throws IOException {
        runner.clearTransferState();
        runner.enqueue(json);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> records = new HashMap<>();
        for (final Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_UNMATCHED, MatchCRMRecord.REL_REVIEW)) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                MAPPER.readTree(flowFile.getContent()).forEach(record -> records.put(record.get("name").get("first").asText(), record));
            }
        }
        return records;
    }

    /**
     * /ids[0] and /emails[0] where another record holds text in ids and emails: the record's id joins the cross-reference
     * and its email is compared (the record was stored without its id, remembered only by its content, and compared by
     * its names alone).
     */
    @Test
    void readsTheSourceIdAndARoleThroughAFieldTypedAsAChoice() throws IOException {
        final Map<String, JsonNode> records = run("""
                [{"ids": ["c1", "legacy-9"], "name": {"first": "Ann", "last": "Lee"}, "emails": ["ann.lee@example.com", "ann@home.example.com"]},
                 {"ids": ["c2"], "name": {"first": "Anne", "last": "Lee"}, "emails": ["ann.lee@example.com"]},
                 {"ids": "none", "name": {"first": "Bo", "last": "Ek"}, "emails": "none"}]""");
        final String explanation = records.get("Anne").get("crm_match_explanation").asText();
        assertTrue(explanation.contains("email=exact"), explanation);
        assertEquals(records.get("Ann").get("crm_match_id").asText(), records.get("Anne").get("crm_match_id").asText());
        assertEquals("c1", records.get("Ann").get("crm_xref").get("crm").asText());
        assertTrue(records.get("Bo").get("crm_xref").get("crm").asText().startsWith("~"), "no id: remembered by its content");
    }

    /**
     * /golden[0] where another record holds text there: a record carrying its customer's golden id joins that customer
     * (it was ignored, the record matched by its content alone and made a new customer).
     */
    @Test
    void readsTheGoldenIdThroughAFieldTypedAsAChoice() throws IOException {
        final String ann = run("""
                [{"ids": ["c1"], "name": {"first": "Ann", "last": "Lee"}, "emails": ["ann.lee@example.com"]}]""")
                .get("Ann").get("crm_match_id").asText();
        runner.setProperty(MatchCRMRecord.GOLDEN_ID_FIELD, "/golden[0]");
        final Map<String, JsonNode> records = run("""
                [{"ids": ["w7"], "golden": ["%s"], "name": {"first": "A.", "last": "L."}},
                 {"ids": ["w8"], "golden": "none", "name": {"first": "Bo", "last": "Ek"}}]""".formatted(ann));
        assertEquals(ann, records.get("A.").get("crm_match_id").asText());
        assertEquals("carries the golden id of its customer", records.get("A.").get("crm_match_explanation").asText());
    }

    /**
     * A Source ID path with a predicate right after a field holding a list tests the list as a whole and selects nothing
     * (NiFi's RecordPath): the FlowFile goes to failure saying which record, which path and how to write it, and nothing is
     * stored (the record was stored without its id, remembered by its content); a role's path likewise (it was compared
     * without its email).
     */
    @Test
    void failsTheFlowFileSayingWhyAPathWithAPredicateRightAfterAListSelectsNothing() throws IOException {
        runner.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/ids[./system = 'crm']/id");
        runner.enqueue("""
                [{"ids": "none", "name": {"first": "Bo", "last": "Ek"}, "emails": "none"},
                 {"ids": [{"system": "crm", "id": "c1"}], "name": {"first": "Ann", "last": "Lee"}, "emails": ["ann.lee@example.com"]}]""");
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().assertAttributeEquals("record.error.message",
                "record 2: Source ID Field: /ids[./system = 'crm']/id selects nothing: a predicate right after /ids tests the list it holds as a "
                        + "whole and selects nothing; write /ids[*][./system = 'crm']/id");

        runner.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/ids[*][./system = 'crm']/id");
        runner.setProperty("email", "/emails[./type = 'work']/addr");
        runner.clearTransferState();
        runner.enqueue("""
                [{"ids": [{"system": "crm", "id": "c1"}], "name": {"first": "Ann", "last": "Lee"}, "emails": [{"type": "work", "addr": "ann@example.com"}]}]""");
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().assertAttributeEquals("record.error.message",
                "record 1: email: /emails[./type = 'work']/addr selects nothing: a predicate right after /emails tests the list it holds as a "
                        + "whole and selects nothing; write /emails[*][./type = 'work']/addr");

        runner.setProperty("email", "/emails[*][./type = 'work']/addr");
        final Map<String, JsonNode> records = run("""
                [{"ids": [{"system": "crm", "id": "c1"}], "name": {"first": "Ann", "last": "Lee"}, "emails": [{"type": "work", "addr": "ann@example.com"}]}]""");
        assertEquals("new", records.get("Ann").get("crm_entity_status").asText(), "nothing was stored by the failed FlowFiles");
        assertEquals("c1", records.get("Ann").get("crm_xref").get("crm").asText());
    }

    /**
     * A descendant step after a child step reaching a list ({@code /contacts//mail}) finds the field in the list's elements,
     * where "contacts" is a list of objects in one record and text in another: the emails are compared (they were not).
     */
    @Test
    void comparesARoleReadByADescendantStepAfterAChildStepReachingAList() throws IOException {
        runner.setProperty("email", "/contacts//mail");
        final Map<String, JsonNode> records = run("""
                [{"ids": ["c1"], "name": {"first": "Ann", "last": "Lee"}, "contacts": ["call after 5", {"mail": "ann.lee@example.com"}]},
                 {"ids": ["c2"], "name": {"first": "Anne", "last": "Lee"}, "contacts": [{"mail": "ann.lee@example.com"}]},
                 {"ids": ["c3"], "name": {"first": "Bo", "last": "Ek"}, "contacts": "see notes"}]""");
        final String explanation = records.get("Anne").get("crm_match_explanation").asText();
        assertTrue(explanation.contains("email=exact"), explanation);
    }
}
