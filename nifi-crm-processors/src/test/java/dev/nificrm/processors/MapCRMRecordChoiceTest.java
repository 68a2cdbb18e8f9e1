package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.RecordServices;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Source paths with an index, {@code [*]}, a predicate or a descendant step over JSON whose records differ in shape, read
 * with the real JsonTreeReader inferring the schema: where one record holds a list and another text in one field, or a list
 * holds objects and text, the reader types the field or the elements as a choice, and NiFi's RecordPath alone selects
 * nothing there. Every value that is there is read.
 */
class MapCRMRecordChoiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestRunner runner;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(MapCRMRecord.class);
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
    }

    /** "contacts" a list in one record and text in another: CHOICE[ARRAY, STRING], which an index or [*] did not enter (null). */
    @Test
    void readsIntoAListWhereOtherRecordsHoldText() {
        final String written = map("""
                {"fields": {"email": {"from": "/contacts[0]/mail"}, "work": {"from": "/contacts[*][./type = 'work']/mail"},
                            "last": {"from": "/contacts[-1]/mail"}}}
                """, """
                [{"contacts": [{"mail": "ann@home.example.com", "type": "home"}, {"mail": "ann@work.example.com", "type": "work"}]},
                 {"contacts": "see notes"},
                 {"contacts": [{"mail": "lee@work.example.com", "type": "work"}]}]
                """);
        assertEquals("[{\"email\":\"ann@home.example.com\",\"work\":\"ann@work.example.com\",\"last\":\"ann@work.example.com\"},"
                + "{\"email\":null,\"work\":null,\"last\":null},"
                + "{\"email\":\"lee@work.example.com\",\"work\":\"lee@work.example.com\",\"last\":\"lee@work.example.com\"}]", written);
    }

    /** "phones" a list of text and numbers in one record and a single number in another. */
    @Test
    void readsAnElementOfAListWhereOtherRecordsHoldOneValue() {
        final String written = map("""
                {"fields": {"phone": {"from": "/phones[1]"}, "phones": {"concat": ["/phones[0]", "/phones[1]"], "separator": ", "}}}
                """, """
                [{"phones": ["+1 240 452 2332", 2404522333]}, {"phones": 2404522334}]
                """);
        assertEquals("[{\"phone\":\"2404522333\",\"phones\":\"+1 240 452 2332, 2404522333\"},{\"phone\":null,\"phones\":null}]", written);
    }

    /** Within the elements of a list, "phones" a list in one element and text in another: the element's field is the choice. */
    @Test
    void readsIntoAListInsideListElementsOfDifferentShapes() {
        final String written = map("""
                {"fields": {"phone": {"from": "/contacts[*]/phones[0]"}, "note": {"from": "/contacts[0]/phones"}}}
                """, """
                [{"contacts": [{"phones": "none"}, {"phones": ["+31 20 123 4567"]}]},
                 {"contacts": [{"phones": "ask at the desk"}]}]
                """);
        assertEquals("[{\"phone\":\"+31 20 123 4567\",\"note\":\"none\"},{\"phone\":null,\"note\":\"ask at the desk\"}]", written);
    }

    /**
     * A descendant step enters a list of objects and text, which NiFi's DescendantFieldPath skips as not a list of records,
     * also with child steps before or after it and with an index or a predicate after it.
     */
    @Test
    void readsADescendantInAListOfObjectsAndText() {
        final String written = map("""
                {"fields": {"email": {"from": "//mail"}, "city": {"from": "//address/city"}, "zip": {"from": "/person//zip"},
                            "phone": {"from": "//phones[1]"}, "work": {"from": "//roles[*][./type = 'work']/since"}}}
                """, """
                [{"person": {"contacts": ["call after 5", {"mail": "ann@example.com", "address": {"city": "Berlin", "zip": "10115"},
                  "phones": ["+49 30 1234567", "+49 170 1234567"], "roles": [{"type": "home"}, {"type": "work", "since": "2020"}]}]}},
                 {"person": {"contacts": [{"mail": "lee@example.com"}]}}]
                """);
        assertEquals("[{\"email\":\"ann@example.com\",\"city\":\"Berlin\",\"zip\":\"10115\",\"phone\":\"+49 170 1234567\",\"work\":\"2020\"},"
                + "{\"email\":\"lee@example.com\",\"city\":null,\"zip\":null,\"phone\":null,\"work\":null}]", written);
    }

    /**
     * Guards, read before as now: elements of different shapes (a mail as text, a number, an object; objects and text in one
     * list) are typed as a choice per field or per element, and index, [*] and predicate steps and child steps read them.
     */
    @Test
    void readsElementsOfDifferentShapes() {
        final String written = map("""
                {"fields": {"first": {"from": "/contacts[0]/mail"}, "number": {"from": "/contacts[1]/mail"},
                            "work": {"from": "/contacts[*][./type = 'work']/mail"}, "typed": {"from": "/contacts[0][./type = 'home']/mail"},
                            "after_text": {"from": "/notes[1]/mail"}}}
                """, """
                [{"contacts": [{"mail": "ann@home.example.com", "type": "home"}, {"mail": 5, "type": "other"},
                               {"mail": {"address": "x"}, "type": "old"}, {"phone": "1", "type": "fax"},
                               {"mail": "ann@work.example.com", "type": "work"}],
                  "notes": ["call after 5", {"mail": "ann@notes.example.com"}]}]
                """);
        assertEquals("[{\"first\":\"ann@home.example.com\",\"number\":\"5\",\"work\":\"ann@work.example.com\","
                + "\"typed\":\"ann@home.example.com\",\"after_text\":\"ann@notes.example.com\"}]", written);
    }

    /**
     * NiFi's RecordPath applies a predicate to the step before it: right after a list's name it tests the list, not its
     * elements, and selects nothing; such a record goes to invalid saying to write [*] before the predicate, instead of
     * the field written null. A predicate after a field holding one value or a record selects as before.
     */
    @Test
    void aPredicateRightAfterAListSaysToWriteTheWildcardBeforeIt() throws IOException {
        runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, """
                {"fields": {"work": {"from": "/contacts[./type = 'work']/mail"}, "with": {"from": "/contacts[*][./type = 'work']/mail"},
                            "city": {"from": "/address[./country = 'DE']/city"}, "vip": {"from": "/tier[. = 'vip']"}}}
                """);
        runner.enqueue("""
                [{"contacts": [{"mail": "ann@work.example.com", "type": "work"}], "address": {"country": "DE", "city": "Berlin"}, "tier": "vip"},
                 {"contacts": "see notes", "address": {"country": "FR", "city": "Paris"}, "tier": "gold"},
                 {"contacts": "see notes", "address": {"country": "DE", "city": "Bonn"}, "tier": "vip"}]
                """);
        runner.run();

        assertEquals("[{\"work\":null,\"with\":null,\"city\":null,\"vip\":null},{\"work\":null,\"with\":null,\"city\":\"Bonn\",\"vip\":\"vip\"}]",
                runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).get(0).getContent());
        final JsonNode invalid = JSON.readTree(runner.getFlowFilesForRelationship(MapCRMRecord.REL_INVALID).get(0).getContent());
        assertEquals(1, invalid.size());
        assertEquals("/contacts[./type = 'work']/mail selects nothing: a predicate right after /contacts tests the list it holds as a whole "
                + "and selects nothing; write /contacts[*][./type = 'work']/mail", invalid.get(0).get("crm_errors").asText());
    }

    /**
     * A descendant step after a child step that reaches a list ({@code /contacts//mail}) finds the field in the list's
     * elements, where "contacts" is a list of objects in one record and text in another (a choice), and where every record
     * holds a list (no choice); NiFi's RecordPath enters no list a child step reaches, and the field was written empty.
     */
    @Test
    void aDescendantAfterAChildStepEntersTheListItReaches() {
        final String specification = """
                {"fields": {"email": {"from": "/contacts//mail"}, "city": {"from": "/contacts//address/city"}}}
                """;
        assertEquals("[{\"email\":\"ann@example.com\",\"city\":\"Bonn\"},{\"email\":null,\"city\":null}]", map(specification, """
                [{"contacts": ["call after 5", {"mail": "ann@example.com", "address": {"city": "Bonn"}}]}, {"contacts": "see notes"}]
                """));
        runner.clearTransferState();
        assertEquals("[{\"email\":\"lee@example.com\",\"city\":\"Graz\"}]", map(specification, """
                [{"contacts": [{"mail": "lee@example.com", "address": {"city": "Graz"}}, {"mail": "lee@home.example.com"}]}]
                """));
    }

    /** The records written to success, all of them. */
    private String map(final String specification, final String json) {
        runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, specification);
        runner.enqueue(json);
        runner.run();
        runner.assertAllFlowFilesTransferred(MapCRMRecord.REL_SUCCESS, 1);
        return runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).get(0).getContent();
    }
}
