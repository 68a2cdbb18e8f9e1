package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.EnabledStores;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import dev.nificrm.services.EntityStoreService;
import dev.nificrm.store.StoreStatistics;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.nifi.avro.AvroReader;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
     * Source ID Field /ids naming the list itself ({"ids": ["c1"]}): the id is the list's first value. It was the list's
     * text, an identity hash that changes from run to run, so every replay of the FlowFile stored its records again
     * under another id. An object there holds no id: the record is remembered by its content, the same on a replay.
     */
    @Test
    void aSourceIdPathSelectingAListReadsItsFirstValueAndAnObjectNone() throws IOException {
        runner.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/ids");
        final String json = """
                [{"ids": ["c1", "legacy-9"], "name": {"first": "Ann", "last": "Lee"}, "emails": ["ann.lee@example.com"]},
                 {"ids": {"crm": "c2"}, "name": {"first": "Bo", "last": "Ek"}, "emails": ["bo@example.com"]}]""";
        final Map<String, JsonNode> first = run(json);
        assertEquals("c1", first.get("Ann").get("crm_xref").get("crm").asText());
        assertTrue(first.get("Bo").get("crm_xref").get("crm").asText().startsWith("~"), "no id: remembered by its content");
        final Map<String, JsonNode> replayed = run(json);
        assertEquals(first.get("Bo").get("crm_xref"), replayed.get("Bo").get("crm_xref"));
        runner.getFlowFilesForRelationship(MatchCRMRecord.REL_UNMATCHED)
                .forEach(flowFile -> flowFile.assertAttributeEquals("crm.match.entity.new.count", "0"));
    }

    private static final String WRITE_IDS = "Source ID Field: /ids[./system = 'crm']/id selects nothing: a predicate right after /ids tests the "
            + "list it holds as a whole and selects nothing; write /ids[*][./system = 'crm']/id";

    /**
     * Ann's Source ID path has a predicate right after a field holding a list, which tests the list as a whole and selects
     * nothing (NiFi's RecordPath); Anne (the same person, no id) and Bo hold text there and are read as having no id.
     */
    private static final String ANN_FAILS = """
            [{"ids": [{"system": "crm", "id": "c1"}], "name": {"first": "Ann", "last": "Lee"}, "emails": ["ann.lee@example.com"]},
             {"ids": "none", "name": {"first": "Anne", "last": "Lee"}, "emails": ["ann.lee@example.com"]},
             {"ids": "none", "name": {"first": "Bo", "last": "Ek"}, "emails": "none"}]""";

    /** The records of a FlowFile's outputs by first name, each with the relationship it left on as "relationship". */
    private Map<String, JsonNode> routed() throws IOException {
        final Map<String, JsonNode> records = new HashMap<>();
        for (final Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_UNMATCHED, MatchCRMRecord.REL_REVIEW,
                AbstractCRMRecordProcessor.REL_FAILURE)) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                flowFile.assertAttributeNotExists("record.error.message");
                for (final JsonNode record : MAPPER.readTree(flowFile.getContent())) {
                    ((ObjectNode) record).put("relationship", relationship.getName());
                    assertNull(records.put(record.get("name").get("first").asText(), record), "each record leaves once");
                }
            }
        }
        return records;
    }

    /** Every output FlowFile's count attributes: the same on each, adding up to the records read. */
    private void assertCounts(final int records, final int matched, final int unmatched, final int failed) {
        long written = 0;
        for (final Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_UNMATCHED, MatchCRMRecord.REL_REVIEW,
                AbstractCRMRecordProcessor.REL_FAILURE)) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                flowFile.assertAttributeEquals("crm.match.matched.count", String.valueOf(matched));
                flowFile.assertAttributeEquals("crm.match.unmatched.count", String.valueOf(unmatched));
                flowFile.assertAttributeEquals("crm.match.review.count", "0");
                flowFile.assertAttributeEquals("crm.match.failure.count", String.valueOf(failed));
                written += Long.parseLong(flowFile.getAttribute("record.count"));
            }
        }
        assertEquals(records, written);
        assertEquals(records, runner.getCounterValue("Records Processed"));
        assertEquals(failed == 0 ? null : Long.valueOf(failed), runner.getCounterValue("failure"));
    }

    /**
     * A record whose Source ID path selects nothing by how it is written goes to failure on its own, the reason in
     * crm_errors, without a golden id and not stored (no customer, no cross-reference, no key); the other records of its
     * FlowFile are matched and stored as they would be without it: Anne, the same person without an id, is not linked to
     * it. A replay gives the same golden ids and stores nothing new. (The whole FlowFile went to failure.)
     */
    @Test
    void routesARecordWhosePathSelectsNothingByItsFormToFailureAloneAndStoresTheOthers() throws IOException {
        runner.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/ids[./system = 'crm']/id");
        runner.enqueue(ANN_FAILS);
        runner.run();
        final Map<String, JsonNode> first = routed();
        assertEquals(3, first.size());
        final JsonNode ann = first.get("Ann");
        assertEquals("failure", ann.get("relationship").asText());
        assertEquals(WRITE_IDS, ann.get("crm_errors").asText());
        assertFalse(ann.has("crm_match_id"), "matched with no record");
        assertEquals("unmatched", first.get("Anne").get("relationship").asText(), "not linked to the failed record");
        assertEquals("new", first.get("Anne").get("crm_entity_status").asText());
        assertFalse(first.get("Anne").has("crm_errors"));
        assertCounts(3, 0, 2, 1);
        final StoreStatistics stored = statistics();
        assertEquals(2, stored.entities(), "Anne and Bo, not Ann");
        assertEquals(2, stored.members());

        runner.clearTransferState();
        runner.enqueue(ANN_FAILS);
        runner.run();
        final Map<String, JsonNode> replay = routed();
        assertEquals(WRITE_IDS, replay.get("Ann").get("crm_errors").asText());
        for (final String name : List.of("Anne", "Bo")) {
            assertEquals(first.get(name).get("crm_match_id"), replay.get(name).get("crm_match_id"), name);
            assertEquals("existing", replay.get(name).get("crm_entity_status").asText(), name);
        }
        runner.getFlowFilesForRelationship(MatchCRMRecord.REL_UNMATCHED).getFirst().assertAttributeEquals("crm.match.entity.new.count", "0");
        assertEquals(stored, statistics(), "the replay stored nothing new");

        runner.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/ids[*][./system = 'crm']/id");
        final Map<String, JsonNode> corrected = run("""
                [{"ids": [{"system": "crm", "id": "c1"}], "name": {"first": "Ann", "last": "Lee"}, "emails": ["ann.lee@example.com"]}]""");
        assertEquals(first.get("Anne").get("crm_match_id"), corrected.get("Ann").get("crm_match_id"),
                "written as the reason says, Ann joins Anne's customer: nothing of her was stored before");
        assertEquals(3, statistics().members(), "c1 is stored now");
    }

    /**
     * A FlowFile larger than a part ({@value MatchCRMRecord#STORE_PART_RECORDS} records are matched against the store at a
     * time): a record failing in the first part and one as the last record, alone in the second part, go to failure on
     * their own; the records around them get their golden ids and are stored, each part's records counted once, and a
     * replay of the FlowFile gives the same golden ids and stores nothing new.
     */
    @Test
    void aRecordWhosePathSelectsNothingFailsAloneInAFlowFileMatchedInParts() throws IOException {
        runner.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/ids[./system = 'crm']/id");
        final int count = MatchCRMRecord.STORE_PART_RECORDS + 2;
        final Set<Integer> failing = Set.of(3, count - 1);
        final StringBuilder json = new StringBuilder("[");
        for (int person = 0; person < count; person++) {
            // a list where the others hold one object: the predicate right after /ids tests the list and selects nothing
            final String id = "{\"system\": \"crm\", \"id\": \"c" + person + "\"}";
            json.append(person == 0 ? "" : ",\n").append("{\"ids\": ").append(failing.contains(person) ? "[" + id + "]" : id)
                    .append(", \"name\": {\"first\": \"F").append(person).append("\", \"last\": \"L").append(person)
                    .append("\"}, \"emails\": [\"p").append(person).append("@example.com\"]}");
        }
        final String flowFile = json.append(']').toString();
        runner.enqueue(flowFile);
        runner.run();
        final Map<String, JsonNode> first = routed();
        assertEquals(count, first.size());
        for (final int person : failing) {
            final JsonNode record = first.get("F" + person);
            assertEquals("failure", record.get("relationship").asText());
            assertEquals(WRITE_IDS, record.get("crm_errors").asText());
            assertFalse(record.has("crm_match_id"), "matched with no record");
        }
        for (final int person : List.of(0, 2, 4, count - 3, count - 2)) {
            final JsonNode record = first.get("F" + person);
            assertEquals("unmatched", record.get("relationship").asText(), "F" + person);
            assertEquals("new", record.get("crm_entity_status").asText(), "F" + person);
            assertEquals("c" + person, record.get("crm_xref").get("crm").asText(), "F" + person);
        }
        assertCounts(count, 0, count - 2, 2);
        final StoreStatistics stored = statistics();
        assertEquals(count - 2, stored.entities());
        assertEquals(count - 2, stored.members());

        runner.clearTransferState();
        runner.enqueue(flowFile);
        runner.run();
        final Map<String, JsonNode> replay = routed();
        for (final int person : List.of(0, 4, count - 2)) {
            assertEquals(first.get("F" + person).get("crm_match_id"), replay.get("F" + person).get("crm_match_id"), "F" + person);
            assertEquals("existing", replay.get("F" + person).get("crm_entity_status").asText(), "F" + person);
        }
        assertEquals("failure", replay.get("F" + (count - 1)).get("relationship").asText());
        assertEquals(stored, statistics(), "the replay stored nothing new");
    }

    /** Match Against FlowFile (the store's cross-reference only): the same, and a role's path likewise. */
    @Test
    void matchingTheFlowFileAloneRoutesARecordWhoseRolePathSelectsNothingByItsFormToFailureAlone() throws IOException {
        runner.setProperty(MatchCRMRecord.MATCH_AGAINST, MatchScope.FLOWFILE);
        runner.setProperty("email", "/emails[./type = 'work']/addr");
        runner.setProperty("birth_date", "/dob");
        runner.enqueue("""
                [{"ids": ["c1"], "name": {"first": "Ann", "last": "Lee"}, "dob": "1980-04-02", "emails": [{"type": "work", "addr": "ann@example.com"}]},
                 {"ids": ["c2"], "name": {"first": "Ann", "last": "Lee"}, "dob": "1980-04-02", "emails": "none"},
                 {"ids": ["c3"], "name": {"first": "Ann", "last": "Lee"}, "dob": "1980-04-02", "emails": "none"},
                 {"ids": ["c4"], "name": {"first": "Bo", "last": "Ek"}, "dob": "1975-11-30", "emails": "none"}]""");
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final JsonNode failed = MAPPER.readTree(runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().getContent());
        assertEquals(1, failed.size());
        assertEquals("email: /emails[./type = 'work']/addr selects nothing: a predicate right after /emails tests the list it holds as a whole "
                + "and selects nothing; write /emails[*][./type = 'work']/addr", failed.get(0).get("crm_errors").asText());
        final JsonNode matched = MAPPER.readTree(runner.getFlowFilesForRelationship(MatchCRMRecord.REL_MATCHED).getFirst().getContent());
        assertEquals(2, matched.size(), "the two other Anns, after the failed record, numbered without it");
        assertEquals(matched.get(0).get("crm_match_id"), matched.get(1).get("crm_match_id"));
        assertEquals(List.of("c2", "c3"), List.of(matched.get(0).get("ids").get(0).asText(), matched.get(1).get("ids").get(0).asText()));
        assertEquals("c2", matched.get(1).get("crm_xref").get("crm").asText(), "their customer's oldest record in crm");
        assertEquals("c4", MAPPER.readTree(runner.getFlowFilesForRelationship(MatchCRMRecord.REL_UNMATCHED).getFirst().getContent())
                .get(0).get("crm_xref").get("crm").asText());
        assertCounts(4, 2, 1, 1);
        assertEquals(2, statistics().entities());
        assertEquals(3, statistics().members(), "c2, c3 and c4, not c1");
    }

    /**
     * Every record of the FlowFile fails: they go to failure as records, one FlowFile with the reason in each, as
     * MergeCRMRecord's do, and nothing is stored, with either scope.
     */
    @Test
    void aFlowFileWhoseRecordsAllFailGoesToFailureAsRecords() throws IOException {
        runner.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/ids[./system = 'crm']/id");
        for (final MatchScope scope : List.of(MatchScope.FLOWFILE_AND_STORE, MatchScope.FLOWFILE)) {
            runner.setProperty(MatchCRMRecord.MATCH_AGAINST, scope);
            runner.clearTransferState();
            runner.enqueue("""
                    [{"ids": [{"system": "crm", "id": "c1"}], "name": {"first": "Ann", "last": "Lee"}},
                     {"ids": [{"system": "crm", "id": "c2"}], "name": {"first": "Bo", "last": "Ek"}}]""");
            runner.run();
            runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
            final MockFlowFile flowFile = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst();
            flowFile.assertAttributeEquals("record.count", "2");
            flowFile.assertAttributeEquals("crm.match.failure.count", "2");
            flowFile.assertAttributeEquals("crm.match.entity.new.count", "0");
            flowFile.assertAttributeNotExists("record.error.message");
            for (final JsonNode record : MAPPER.readTree(flowFile.getContent())) {
                assertEquals(WRITE_IDS, record.get("crm_errors").asText(), scope.name());
            }
            assertEquals(0, statistics().members(), scope.name());
        }
    }

    /** Without an Entity Store: the failed record is in no cluster, the others are matched with each other as before. */
    @Test
    void withoutAStoreARecordWhosePathSelectsNothingByItsFormGoesToFailureAlone() throws IOException {
        runner.removeProperty(MatchCRMRecord.ENTITY_STORE);
        runner.setProperty("email", "/emails[./type = 'work']/addr");
        runner.setProperty("birth_date", "/dob");
        runner.enqueue("""
                [{"name": {"first": "Ann", "last": "Lee"}, "dob": "1980-04-02", "emails": "none"},
                 {"name": {"first": "Anna", "last": "Lee"}, "dob": "1980-04-02", "emails": [{"type": "work", "addr": "ann@example.com"}]},
                 {"name": {"first": "Anne", "last": "Lee"}, "dob": "1980-04-02", "emails": "none"},
                 {"name": {"first": "Bo", "last": "Ek"}, "dob": "1975-11-30", "emails": "none"}]""");
        runner.run();
        final Map<String, JsonNode> records = routed();
        assertEquals("failure", records.get("Anna").get("relationship").asText());
        assertFalse(records.get("Anna").has("crm_match_id"));
        assertTrue(records.get("Anna").get("crm_errors").asText().startsWith("email: /emails[./type = 'work']/addr selects nothing"));
        assertEquals("matched", records.get("Ann").get("relationship").asText(), records.get("Ann").toString());
        assertEquals(records.get("Ann").get("crm_match_id"), records.get("Anne").get("crm_match_id"), "the records around it matched as before");
        assertEquals("unmatched", records.get("Bo").get("relationship").asText());
        assertCounts(4, 2, 1, 1);
    }

    /**
     * email = //email where "attrs" is typed CHOICE[MAP, STRING] by the Avro schema the real AvroReader reads (a map in two
     * records, text in the third): the emails inside the maps are compared and the two records matched (the map was not
     * entered, the email read as missing, and the two were matched on their names alone). NiFi's JsonTreeReader given
     * such a schema reads an object there as an empty map, so Avro it is.
     */
    @Test
    void comparesARoleADescendantStepReachesInsideAMapHeldByAChoice() throws IOException, InitializationException {
        runner.removeProperty(MatchCRMRecord.ENTITY_STORE);
        runner.setProperty("email", "//email");
        final AvroReader avroReader = new AvroReader();
        runner.addControllerService("avro-reader", avroReader);
        runner.enableControllerService(avroReader);
        runner.setProperty(AbstractCRMRecordProcessor.RECORD_READER, "avro-reader");
        final Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "person", "fields": [
                  {"name": "name", "type": {"type": "record", "name": "name", "fields": [
                    {"name": "first", "type": "string"}, {"name": "last", "type": "string"}]}},
                  {"name": "attrs", "type": ["null", {"type": "map", "values": "string"}, "string"]}]}""");
        final ByteArrayOutputStream content = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            writer.create(schema, content);
            writer.append(person(schema, "Ann", "Lee", Map.of("email", "ann.lee@example.com")));
            writer.append(person(schema, "Anne", "Lee", Map.of("email", "ann.lee@example.com")));
            writer.append(person(schema, "Bo", "Ek", "none"));
        }
        runner.enqueue(content.toByteArray());
        runner.run();
        final Map<String, JsonNode> records = routed();
        final String explanation = records.get("Anne").get("crm_match_explanation").asText();
        assertTrue(explanation.contains("email=exact"), explanation);
        assertEquals(records.get("Ann").get("crm_match_id"), records.get("Anne").get("crm_match_id"));
        assertEquals("unmatched", records.get("Bo").get("relationship").asText());
    }

    private static GenericRecord person(final Schema schema, final String first, final String last, final Object attributes) {
        final GenericRecord name = new GenericData.Record(schema.getField("name").schema());
        name.put("first", first);
        name.put("last", last);
        final GenericRecord person = new GenericData.Record(schema);
        person.put("name", name);
        person.put("attrs", attributes);
        return person;
    }

    private StoreStatistics statistics() {
        return ((EntityStoreService) runner.getControllerService("entity-store")).getEntityStore().statistics();
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
