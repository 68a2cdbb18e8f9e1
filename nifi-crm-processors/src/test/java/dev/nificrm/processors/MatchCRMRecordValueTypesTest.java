package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated JSON records whose role fields hold values of every JSON type (text, integers, decimals, booleans, null,
 * lists, lists of lists, objects, lists of objects), read with the real JsonTreeReader inferring the schema (so fields
 * of several shapes are typed as choices): every record leaves on exactly one relationship and none on failure, the
 * same input gives the same ids, scores and explanations on a fresh processor, a value in a list (or a list in a list)
 * is read as that value, and an object is read as missing, the same as the field left out.
 */
class MatchCRMRecordValueTypesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] FIELDS = {"fn", "ln", "em", "ph", "bd", "city", "note"};
    private static final String[][] TEXT = {
            {"Ann", "Anne", "Bo", "Maja"}, {"Lee", "Ek", "Novak"}, {"ann@x.com", "bo@y.org", "maja@x.com"},
            {"+1 415 555 0101", "4155550102"}, {"1980-01-15", "15.01.1980", "1975-07-30"}, {"Köln", "Bern", "Oslo"}, {"vip", "lead"}};
    private static final List<Relationship> RELATIONSHIPS = List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_REVIEW,
            MatchCRMRecord.REL_UNMATCHED, AbstractCRMRecordProcessor.REL_FAILURE);

    @Test
    void everyValueTypeIsReadAsTheUsagePageSays() throws Exception {
        final Random random = new Random(5252);
        for (int round = 0; round < 12; round++) {
            final ArrayNode records = NODES.arrayNode();
            final int count = 6 + random.nextInt(10);
            for (int i = 0; i < count; i++) {
                final ObjectNode record = records.addObject();
                record.put("i", i);
                for (int field = 0; field < FIELDS.length; field++) {
                    if (random.nextInt(6) > 0) {
                        record.set(FIELDS[field], value(random, TEXT[field]));
                    }
                }
            }
            final Map<Integer, String> results = run(records);
            assertEquals(count, results.size(), "every record leaves once; round " + round);
            assertEquals(results, run(records), "the same on a fresh processor; round " + round);
            assertEquals(results, run(objectsLeftOut(records)), "an object read as the field left out; round " + round);
            assertEquals(results, run(listsUnwrapped(records)), "a value in a list read as the value; round " + round);
        }
    }

    /** A value of a random JSON type, its text (when it has any) from the pool. */
    private static JsonNode value(final Random random, final String[] pool) {
        final String text = pool[random.nextInt(pool.length)];
        return switch (random.nextInt(10)) {
            case 0 -> NODES.numberNode(random.nextInt(3) == 0 ? 19800115 : random.nextInt(100));
            case 1 -> NODES.numberNode(random.nextDouble() * 100);
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.arrayNode().add(text);
            case 5 -> NODES.arrayNode().add(NODES.arrayNode().add(text));
            case 6 -> NODES.objectNode().put("work", text);
            case 7 -> NODES.arrayNode().add(NODES.objectNode().put("work", text));
            default -> NODES.textNode(text);
        };
    }

    /** The records with every object value (and list holding only objects) of a role field left out. */
    private static ArrayNode objectsLeftOut(final ArrayNode records) {
        final ArrayNode copy = records.deepCopy();
        copy.forEach(record -> {
            for (final String field : FIELDS) {
                final JsonNode value = record.get(field);
                if (value != null && (value.isObject() || value.isArray() && !value.isEmpty() && value.get(0).isObject())) {
                    ((ObjectNode) record).remove(field);
                }
            }
        });
        return copy;
    }

    /** The records with each list of one text, or list of a list of one text, written as that text. */
    private static ArrayNode listsUnwrapped(final ArrayNode records) {
        final ArrayNode copy = records.deepCopy();
        copy.forEach(record -> {
            for (final String field : FIELDS) {
                JsonNode value = record.get(field);
                while (value != null && value.isArray() && value.size() == 1 && (value.get(0).isArray() || value.get(0).isTextual())) {
                    value = value.get(0);
                }
                if (value != null) {
                    ((ObjectNode) record).set(field, value);
                }
            }
        });
        return copy;
    }

    /** Each record's relationship, match id, score and explanation, by its position. */
    private static Map<Integer, String> run(final ArrayNode records) throws InitializationException, IOException {
        final TestRunner runner = TestRunners.newTestRunner(MatchCRMRecord.class);
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
        runner.setProperty("first_name", "/fn");
        runner.setProperty("last_name", "/ln");
        runner.setProperty("email", "/em");
        runner.setProperty("phone", "/ph");
        runner.setProperty("birth_date", "/bd");
        runner.setProperty("city", "/city");
        runner.setProperty("note", "/note");
        runner.enqueue(MAPPER.writeValueAsString(records));
        runner.run();
        final Map<Integer, String> results = new TreeMap<>();
        final List<String> failures = new ArrayList<>();
        for (final Relationship relationship : RELATIONSHIPS) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                if (relationship.equals(AbstractCRMRecordProcessor.REL_FAILURE)) {
                    failures.add(flowFile.getAttribute("record.error.message") + " " + flowFile.getContent());
                    continue;
                }
                for (final JsonNode record : MAPPER.readTree(flowFile.getContent())) {
                    final String previous = results.put(record.get("i").asInt(), relationship.getName() + " " + record.get("crm_match_id").asText()
                            + " " + record.get("crm_match_score").asText() + " " + record.get("crm_match_explanation").asText());
                    assertTrue(previous == null, "record " + record.get("i") + " left twice");
                }
            }
        }
        assertEquals(List.of(), failures);
        return results;
    }
}
