package dev.nificrm.record;

import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.record.path.MapEntryFieldValue;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Records typed as a JSON reader infers them when records differ in shape, built by hand. */
class ChoiceAwareRecordPathTest {
    private static final RecordSchema CONTACT = new SimpleRecordSchema(List.of(
            new RecordField("mail", RecordFieldType.STRING.getDataType()), new RecordField("type", RecordFieldType.STRING.getDataType())));
    private static final DataType CONTACT_OR_TEXT = RecordFieldType.CHOICE.getChoiceDataType(
            RecordFieldType.RECORD.getRecordDataType(CONTACT), RecordFieldType.STRING.getDataType());
    /** contacts: a list of contacts and text in one record, text in another. */
    private static final RecordSchema PERSON = new SimpleRecordSchema(List.of(new RecordField("contacts", RecordFieldType.CHOICE.getChoiceDataType(
            RecordFieldType.ARRAY.getArrayDataType(CONTACT_OR_TEXT), RecordFieldType.STRING.getDataType()))));

    @Test
    void selectsThroughAChoiceHoldingAListAndUpdatesTheRecordItself() {
        final Record work = contact("ann@work.example.com", "work");
        final Object[] contacts = {"call after 5", contact("ann@home.example.com", "home"), work};
        final Record person = person(contacts);

        final List<FieldValue> selected = ChoiceAwareRecordPath.compile("/contacts[*][./type = 'work']/mail").select(person);
        assertEquals(1, selected.size());
        assertEquals("ann@work.example.com", selected.getFirst().getValue());
        assertSame(work, selected.getFirst().getParentRecord().orElseThrow());
        selected.getFirst().updateValue("ann@example.com");
        assertEquals("ann@example.com", work.getValue("mail"));

        final FieldValue element = ChoiceAwareRecordPath.compile("/contacts[0]").first(person);
        assertEquals("call after 5", element.getValue());
        element.updateValue("call after 6");
        assertArrayEquals(new Object[] {"call after 6", contacts[1], work}, (Object[]) person.getValue("contacts"));
        assertSame(contacts, person.getValue("contacts"));
    }

    @Test
    void aPathOfChildNamesCompiledForReadingReadsTheRecordAsItIsWithoutACopy() {
        final Object[] contacts = {"call after 5", contact("ann@home.example.com", "home")};
        final Record person = person(contacts);

        final FieldValue read = ChoiceAwareRecordPath.compileForReading("/contacts").first(person);
        assertSame(contacts, read.getValue());
        assertSame(person, read.getParentRecord().orElseThrow());
        assertEquals(PERSON.getField("contacts").orElseThrow().getDataType(), read.getField().getDataType(), "the field as the record declares it");

        // compiled for updates, the same path answers with the field typed as the list it holds, so that its elements can be set
        final FieldValue forUpdates = ChoiceAwareRecordPath.compile("/contacts").first(person);
        assertSame(contacts, forUpdates.getValue());
        assertEquals(RecordFieldType.ARRAY, forUpdates.getField().getDataType().getFieldType());
        // a path with more than child names is resolved also when compiled for reading
        assertEquals("call after 5", ChoiceAwareRecordPath.compileForReading("/contacts[0]").first(person).getValue());
    }

    /**
     * {@code //name} through a field typed CHOICE[MAP, STRING] (a map in one record, text in another) gives every value of the
     * map, whatever its key, as NiFi's own RecordPath gives those of a field typed as a map (they were not entered: nothing
     * was selected); a value so reached is updated in the map itself, and the text in another record gives nothing.
     */
    @Test
    void aDescendantStepGivesEveryValueOfAMapHeldByAChoiceAsNiFiDoesOfAMapField() {
        final DataType mapOfText = RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType());
        final RecordSchema choiceSchema = new SimpleRecordSchema(List.of(new RecordField("id", RecordFieldType.STRING.getDataType()),
                new RecordField("attributes", RecordFieldType.CHOICE.getChoiceDataType(mapOfText, RecordFieldType.STRING.getDataType()))));
        final RecordSchema mapSchema = new SimpleRecordSchema(List.of(new RecordField("id", RecordFieldType.STRING.getDataType()),
                new RecordField("attributes", mapOfText)));
        final Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("name", "Ann");
        attributes.put("city", "Oslo");
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", "c1");
        values.put("attributes", attributes);

        final List<Object> nifi = RecordPath.compile("//name").evaluate(new MapRecord(mapSchema, values)).getSelectedFields()
                .map(FieldValue::getValue).toList();
        assertEquals(List.of("Ann", "Oslo"), nifi, "NiFi's descendant step gives every value of a map field, whatever its key");
        final Record record = new MapRecord(choiceSchema, values);
        final List<FieldValue> selected = ChoiceAwareRecordPath.compile("//name").select(record);
        assertEquals(nifi, selected.stream().map(FieldValue::getValue).toList());
        assertEquals(List.of("name", "city"), selected.stream().map(value -> ((MapEntryFieldValue) value).getMapKey()).toList());
        assertEquals("Ann", ChoiceAwareRecordPath.compileForReading("//name").first(record).getValue());

        selected.getFirst().updateValue("Anna");
        assertEquals("Anna", attributes.get("name"));
        assertSame(attributes, record.getValue("attributes"));
        assertEquals("Anna", ChoiceAwareRecordPath.compileForReading("/attributes['name']").first(record).getValue(), "one key, named");

        final Map<String, Object> text = new LinkedHashMap<>();
        text.put("id", "c2");
        text.put("attributes", "none");
        assertEquals(List.of(), ChoiceAwareRecordPath.compile("//name").select(new MapRecord(choiceSchema, text)));
    }

    @Test
    void walksADescendantThroughAListOfRecordsAndText() {
        final Record work = contact("ann@work.example.com", "work");
        final Record person = person(new Object[] {"call after 5", work});

        final List<FieldValue> selected = ChoiceAwareRecordPath.compile("//mail").select(person);
        assertEquals(1, selected.size());
        selected.getFirst().updateValue("ann@example.com");
        assertEquals("ann@example.com", work.getValue("mail"));
        assertEquals("ann@example.com", ChoiceAwareRecordPath.compile("/contacts[*]//mail").first(person).getValue());
        assertNull(ChoiceAwareRecordPath.compile("//phone").first(person));

        final List<FieldValue> typed = ChoiceAwareRecordPath.compile("//contacts[*][./type = 'work']/mail").select(person);
        assertEquals(1, typed.size());
        typed.getFirst().updateValue("ann@work.example.com");
        assertEquals("ann@work.example.com", work.getValue("mail"));
    }

    @Test
    void selectsNothingInTextWhereOtherRecordsHoldAList() {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("contacts", "see notes");
        final Record person = new MapRecord(PERSON, values);

        assertNull(ChoiceAwareRecordPath.compile("/contacts[0]/mail").first(person));
        assertEquals(List.of(), ChoiceAwareRecordPath.compile("//mail").select(person));
        assertEquals("see notes", ChoiceAwareRecordPath.compile("/contacts").first(person).getValue());
    }

    @Test
    void saysWhyAPredicateRightAfterAListSelectsNothing() {
        final Record person = person(new Object[] {contact("ann@home.example.com", "home")});
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("contacts", "see notes");
        final Record text = new MapRecord(PERSON, values);

        final ChoiceAwareRecordPath onTheList = ChoiceAwareRecordPath.compile("/contacts[./type = 'work']/mail");
        assertEquals(List.of(), onTheList.select(person));
        assertEquals("a predicate right after /contacts tests the list it holds as a whole and selects nothing; write "
                + "/contacts[*][./type = 'work']/mail", onTheList.whyNothingSelected(person));
        assertNull(onTheList.whyNothingSelected(text));
        for (final String path : List.of("/contacts[*][./type = 'work']/mail", "/contacts[0][./type = 'work']/mail", "/contacts[0, 2..3]/mail",
                "substringBefore(/contacts[./type = 'work']/mail, '@')", "//mail[. = 'x']")) {
            assertNull(ChoiceAwareRecordPath.compile(path).whyNothingSelected(person), path);
        }
    }

    @Test
    void selectOrExplainThrowsTheReasonWithThePath() {
        final Record person = person(new Object[] {contact("ann@home.example.com", "home")});
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("contacts", "see notes");

        final ChoiceAwareRecordPath onTheList = ChoiceAwareRecordPath.compileForReading(" /contacts[./type = 'work']/mail ");
        final UnselectablePathException thrown = assertThrows(UnselectablePathException.class, () -> onTheList.firstOrExplain(person));
        assertEquals("/contacts[./type = 'work']/mail selects nothing: a predicate right after /contacts tests the list it holds as a whole "
                + "and selects nothing; write /contacts[*][./type = 'work']/mail", thrown.getMessage());
        assertEquals("Source ID Field: " + thrown.getMessage(),
                assertThrows(UnselectablePathException.class, () -> onTheList.selectOrExplain(person, "Source ID Field")).getMessage());
        assertEquals(List.of(), onTheList.selectOrExplain(new MapRecord(PERSON, values), "Source ID Field"), "text there: nothing, without a reason");
        assertNull(onTheList.firstOrExplain(new MapRecord(PERSON, values)));
    }

    /**
     * A descendant step after a child step reaching a list enters the list's elements, also in a record whose schema has no
     * choice (NiFi's RecordPath enters no list a step before reached), and updating a value found updates the element.
     */
    @Test
    void aDescendantStepAfterAChildStepEntersTheListItReaches() {
        final RecordSchema people = new SimpleRecordSchema(List.of(new RecordField("contacts",
                RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.RECORD.getRecordDataType(CONTACT)))));
        final Record home = contact("ann@home.example.com", "home");
        final Record work = contact("ann@work.example.com", "work");
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("contacts", new Object[] {home, work});
        final Record person = new MapRecord(people, values);

        final List<FieldValue> selected = ChoiceAwareRecordPath.compile("/contacts//mail").select(person);
        assertEquals(List.of("ann@home.example.com", "ann@work.example.com"), selected.stream().map(FieldValue::getValue).toList());
        selected.getLast().updateValue("ann@example.com");
        assertEquals("ann@example.com", work.getValue("mail"));
        assertEquals("home", ChoiceAwareRecordPath.compileForReading("/contacts//type").first(person).getValue());
        assertEquals("ann@home.example.com", ChoiceAwareRecordPath.compile("/contacts//mail").first(person(new Object[] {"see notes", home}))
                .getValue(), "a list of records and text, typed as a choice");
    }

    private static Record contact(final String mail, final String type) {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("mail", mail);
        values.put("type", type);
        return new MapRecord(CONTACT, values);
    }

    private static Record person(final Object[] contacts) {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("contacts", contacts);
        return new MapRecord(PERSON, values);
    }
}
