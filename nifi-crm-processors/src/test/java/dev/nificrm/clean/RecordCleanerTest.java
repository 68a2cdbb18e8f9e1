package dev.nificrm.clean;

import dev.nificrm.roles.RuleType;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.SchemaIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordCleanerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    private static RecordSchema strings(final String... names) {
        final List<RecordField> fields = new ArrayList<>();
        for (final String name : names) {
            fields.add(new RecordField(name, RecordFieldType.STRING.getDataType()));
        }
        return new SimpleRecordSchema(fields);
    }

    private static Record record(final RecordSchema schema, final String... values) {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(schema.getFields().get(i).getFieldName(), values[i]);
        }
        return new MapRecord(schema, map, true, false);
    }

    @Test
    void leavesACleanRecordAloneWithoutFlags() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).build();
        final RecordSchema schema = strings("FirstName", "Email", "Phone");
        final String email = "jane@example.com";
        final Record record = record(schema, "Jane", email, "+12404522332");

        assertEquals(0, cleaner.clean(record));
        assertSame(email, record.getValue("Email"));
        assertNull(record.getValue("crm_errors"));
    }

    /** A CJK input method's full-width letters and digits are read as ASCII in every rule of codes, numbers and dates. */
    @Test
    void readsFullWidthFormsAsAsciiInCodesNumbersAndDates() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US").build();
        final RecordSchema schema = strings("FirstName", "Email", "Phone", "PostalCode", "Country", "Birthdate", "Website");
        final Record record = record(schema, "Ｊａｎｅ", "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", "０３-１２３４-５６７８", "１０５-００１１", "ＪＰ", "１９８０-０１-１５",
                "ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏ．ｊｐ");

        assertEquals(RecordCleaner.CHANGED, cleaner.clean(record));
        assertEquals("jane@example.com", record.getValue("Email"));
        assertEquals("+81312345678", record.getValue("Phone"));
        assertEquals("105-0011", record.getValue("PostalCode"));
        assertEquals("JP", record.getValue("Country"));
        final Record japanese = record(strings("PostalCode", "Country"), "〒１０００００１", "Japan");
        assertEquals(RecordCleaner.CHANGED, cleaner.clean(japanese));
        assertEquals("100-0001", japanese.getValue("PostalCode"), "the postal mark and the full-width digits of a Japanese form");
        assertEquals("1980-01-15", record.getValue("Birthdate"));
        assertEquals("https://www.example.co.jp", record.getValue("Website"));
        assertEquals("Ｊａｎｅ", record.getValue("FirstName"), "a name keeps how it was written");
        assertNull(record.getValue("crm_errors"));
    }

    /**
     * A postal code's CEPT country prefix (D-10115) is read against the record's own country, not against the default
     * region, which is none of the record's: without a country the prefix names the code's country (and sets none), and
     * the default reads only codes without one. Every prefixed code was rejected as not a US ZIP code.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "D-10115 | Germany | 10115 | DE | null",
            "NL-1012ab | NL | 1012 AB | NL | null",
            "D-10115 | null | 10115 | null | null",
            "CH-8001 | null | 8001 | null | null",
            "2134 | null | 02134 | null | null",
            "F-75001 | DE | F-75001 | DE | PostalCode: country prefix of the postal code names another country than the record's",
            "D-10115 | United States | D-10115 | US | PostalCode: country prefix of the postal code names another country than the record's",
            "D-10115 | USA | D-10115 | US | PostalCode: country prefix of the postal code names another country than the record's"
    })
    void readsAPostalCodesCountryPrefixAgainstTheRecordsOwnCountry(final String postalCode, final String country, final String expectedCode,
            final String expectedCountry, final String reason) {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US").build();
        final Record record = record(strings("PostalCode", "Country"), postalCode, country);

        cleaner.clean(record);
        assertEquals(expectedCode, record.getValue("PostalCode"));
        assertEquals(expectedCountry, record.getValue("Country"));
        assertEquals(reason, record.getValue("crm_errors"));
    }

    /**
     * The country an address, a per-record path or the record a nested one sits in names is the record's own as its
     * country field is, also when it is the Default Phone Region's code: a contradicting prefix is rejected there. A
     * nested record of a record without a country reads it in the default, which names none.
     */
    @Test
    void readsAPostalCodesCountryPrefixAgainstTheCountryOfItsAddressAPathOrItsParentRecord() {
        final String otherCountry = "country prefix of the postal code names another country than the record's";
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US").build();
        final Record billing = record(strings("BillingCountry", "BillingPostalCode", "ShippingCountry", "ShippingPostalCode"),
                "USA", "D-10115", "Germany", "D-10115");

        cleaner.clean(billing);
        assertEquals("D-10115", billing.getValue("BillingPostalCode"));
        assertEquals("10115", billing.getValue("ShippingPostalCode"));
        assertEquals("BillingPostalCode: " + otherCountry, billing.getValue("crm_errors"));

        final RecordSchema address = strings("PostalCode");
        final RecordSchema parent = new SimpleRecordSchema(List.of(new RecordField("Country", RecordFieldType.STRING.getDataType()),
                new RecordField("address", RecordFieldType.RECORD.getRecordDataType(address))));
        final Record american = new MapRecord(parent, new HashMap<>(Map.of("Country", "United States",
                "address", record(address, "D-10115"))));
        final Record none = new MapRecord(parent, new HashMap<>(Map.of("address", record(address, "D-10115"))));

        cleaner.clean(american);
        assertEquals("D-10115", ((Record) american.getValue("address")).getValue("PostalCode"));
        assertEquals("address/PostalCode: " + otherCountry, american.getValue("crm_errors"));
        cleaner.clean(none);
        assertEquals("10115", ((Record) none.getValue("address")).getValue("PostalCode"));
        assertNull(none.getValue("crm_errors"));

        final RecordCleaner byPath = RecordCleaner.builder(CLOCK).defaultRegion("US")
                .assignments(List.of(new FieldAssignment(RuleType.COUNTRY, "//land"))).build();
        final RecordSchema located = strings("PostalCode", "land");
        final Record byLand = record(located, "D-10115", "US");
        final Record withoutLand = record(located, "D-10115", null);

        byPath.clean(byPath.prepare(byLand));
        assertEquals("D-10115", byLand.getValue("PostalCode"));
        assertEquals("PostalCode: " + otherCountry, byLand.getValue("crm_errors"));
        byPath.clean(byPath.prepare(withoutLand));
        assertEquals("10115", withoutLand.getValue("PostalCode"));
        assertNull(withoutLand.getValue("crm_errors"));
    }

    @Test
    void readsPhonesStatesAndPostalCodesInTheRecordsOwnCountry() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US").build();
        final RecordSchema schema = strings("Phone", "State", "PostalCode", "Country");
        final Record record = record(schema, "(02) 9876 5432", "new south wales", "800", "Australia");

        assertEquals(RecordCleaner.CHANGED, cleaner.clean(record));
        assertEquals("+61298765432", record.getValue("Phone"));
        assertEquals("NSW", record.getValue("State"));
        assertEquals("0800", record.getValue("PostalCode"));
        assertEquals("AU", record.getValue("Country"));
    }

    @Test
    void readsTheStateAndPostalCodeOfEachAddressInItsOwnCountry() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US").build();
        final RecordSchema schema = strings("Phone", "BillingCountry", "BillingState", "BillingPostalCode", "ShippingCountry", "ShippingState",
                "ShippingPostalCode", "OtherPostalCode");
        final Record record = record(schema, "415 555 0100", "USA", "new york", "2134", "Canada", "Ontario", "k1a0b1", "2135");

        assertEquals(RecordCleaner.CHANGED, cleaner.clean(record));
        assertEquals("NY", record.getValue("BillingState"));
        assertEquals("02134", record.getValue("BillingPostalCode"));
        assertEquals("ON", record.getValue("ShippingState"));
        assertEquals("K1A 0B1", record.getValue("ShippingPostalCode"));
        // the phone and an address without its own country are read in the record's first country
        assertEquals("+14155550100", record.getValue("Phone"));
        assertEquals("02135", record.getValue("OtherPostalCode"));
    }

    @Test
    void readsTheRecordInItsFirstCountryAlsoWhenThatIsTheDefault() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US").build();
        final RecordSchema schema = strings("Country", "OtherCountry", "PostalCode");
        final Record record = record(schema, "US", "Canada", "2134");

        assertEquals(RecordCleaner.CHANGED, cleaner.clean(record));
        assertEquals("02134", record.getValue("PostalCode"));
    }

    @Test
    void fallsBackToTheDefaultRegionForAnUnknownCountry() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("GB").invalidValuePolicy(InvalidValuePolicy.KEEP_VALUE).build();
        final RecordSchema schema = strings("Country", "Phone");
        final Record record = record(schema, "Atlantis", "020 7946 0958");

        final int flags = cleaner.clean(record);
        assertEquals(RecordCleaner.CHANGED | RecordCleaner.REASONS, flags);
        assertEquals("+442079460958", record.getValue("Phone"));
        assertEquals("Atlantis", record.getValue("Country"));
        assertEquals("Country: unknown country", record.getValue("crm_errors"));
    }

    @Test
    void appliesTheInvalidValuePolicy() {
        final RecordSchema schema = strings("Email");
        final Record routed = record(schema, " bad@ ");
        assertEquals(RecordCleaner.INVALID | RecordCleaner.REASONS, RecordCleaner.builder(CLOCK).build().clean(routed));
        assertEquals(" bad@ ", routed.getValue("Email"));

        final Record nulled = record(schema, " bad@ ");
        final int flags = RecordCleaner.builder(CLOCK).invalidValuePolicy(InvalidValuePolicy.SET_TO_NULL).errorsField("why").build().clean(nulled);
        assertEquals(RecordCleaner.CHANGED | RecordCleaner.REASONS, flags);
        assertNull(nulled.getValue("Email"));
        assertEquals("Email: nothing after @", nulled.getValue("why"));
    }

    @Test
    void clearsReasonsOfAnEarlierRunWhenTheRecordIsNowClean() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).build();
        final RecordSchema schema = strings("Email", "crm_errors");
        final Record record = record(schema, "jane@example.com", "Email: missing @");

        cleaner.clean(record);
        assertNull(record.getValue("crm_errors"));
    }

    @Test
    void addsTheErrorsFieldToRecordsThatDropUnknownFields() {
        final RecordSchema schema = strings("Email");
        final Record record = new MapRecord(schema, new HashMap<>(Map.of("Email", "nope")), true, true);

        RecordCleaner.builder(CLOCK).build().clean(record);
        assertEquals("Email: missing @", record.getValue("crm_errors"));
    }

    @Test
    void retypesNumericPhoneAndPostalCodeFieldsAsStrings() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).build();
        final RecordSchema schema = new SimpleRecordSchema(List.of(
                new RecordField("Phone", RecordFieldType.LONG.getDataType()),
                new RecordField("Zip", RecordFieldType.INT.getDataType()),
                new RecordField("Score", RecordFieldType.INT.getDataType())));
        final Record record = new MapRecord(schema, new HashMap<>(Map.of("Phone", 2404522332L, "Zip", 2134, "Score", 7)), true, false);

        final Record prepared = cleaner.prepare(record);
        cleaner.clean(prepared);
        assertEquals("+12404522332", prepared.getValue("Phone"));
        assertEquals("02134", prepared.getValue("Zip"));
        assertEquals(7, prepared.getValue("Score"));
        assertEquals(RecordFieldType.STRING, prepared.getSchema().getDataType("Zip").orElseThrow().getFieldType());
        assertEquals(RecordFieldType.INT, prepared.getSchema().getDataType("Score").orElseThrow().getFieldType());

        final Record alreadyStrings = record(strings("Phone"), "2404522332");
        assertSame(alreadyStrings, cleaner.prepare(alreadyStrings));
    }

    /**
     * A dummy ZIP code is rejected with its reason, also as the 0 of a column a reader typed as integers (with that reason
     * alone: read as text it is the same dummy, so no word of the number read or its zeros), and set to null
     * without one when the flow lists it among the placeholders, as the page says.
     */
    @Test
    void rejectsAPlaceholderZipCodeUnlessThePlaceholdersListIt() {
        final RecordSchema schema = new SimpleRecordSchema(List.of(
                new RecordField("Zip", RecordFieldType.STRING.getDataType()), new RecordField("Country", RecordFieldType.STRING.getDataType()),
                new RecordField("OtherPostalCode", RecordFieldType.INT.getDataType())));
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).build();
        final Record record = cleaner.prepare(new MapRecord(schema, new HashMap<>(Map.of("Zip", "00000", "Country", "US", "OtherPostalCode", 0)),
                true, false));
        assertEquals(RecordCleaner.INVALID | RecordCleaner.REASONS, cleaner.clean(record) & (RecordCleaner.INVALID | RecordCleaner.REASONS));
        assertEquals("Zip: " + PostalCodeRule.PLACEHOLDER_ZIP + "; OtherPostalCode: " + PostalCodeRule.PLACEHOLDER_ZIP, record.getValue("crm_errors"));

        final Record listed = record(strings("Zip", "Country"), "00000", "US");
        final List<String> placeholders = new ArrayList<>(TextRule.DEFAULT_PLACEHOLDERS);
        placeholders.add("00000");
        RecordCleaner.builder(CLOCK).placeholders(placeholders).build().clean(listed);
        assertNull(listed.getValue("Zip"));
        assertNull(listed.getValue("crm_errors"));
    }

    @Test
    void retypesNumericPostalCodesOfASchemaThatContainsItself() {
        final SimpleRecordSchema person = new SimpleRecordSchema(SchemaIdentifier.EMPTY);
        person.setFields(List.of(new RecordField("Zip", RecordFieldType.INT.getDataType()),
                new RecordField("manager", RecordFieldType.RECORD.getRecordDataType(person))));
        final Map<String, Object> managerValues = new HashMap<>();
        managerValues.put("Zip", 2135);
        final Map<String, Object> values = new HashMap<>();
        values.put("Zip", 2134);
        values.put("manager", new MapRecord(person, managerValues));
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).build();

        final Record prepared = cleaner.prepare(new MapRecord(person, values));
        cleaner.clean(prepared);
        assertEquals("02134", prepared.getValue("Zip"));
        assertEquals("02135", ((Record) prepared.getValue("manager")).getValue("Zip"));
    }

    @Test
    void explicitPathsOverrideRecognitionAndReachNestedFields() {
        final RecordSchema address = strings("tel", "zip");
        final RecordSchema schema = new SimpleRecordSchema(List.of(
                new RecordField("Phone", RecordFieldType.STRING.getDataType()),
                new RecordField("address", RecordFieldType.RECORD.getRecordDataType(address))));
        final Record nested = record(address, "240 452 2333", "12345");
        final Map<String, Object> values = new HashMap<>();
        values.put("Phone", " 240 452 2332 ");
        values.put("address", nested);
        final Record record = new MapRecord(schema, values);
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK)
                .assignments(List.of(new FieldAssignment(RuleType.TEXT, "/Phone"),
                        new FieldAssignment(RuleType.PHONE, "/address/tel")))
                .build();

        cleaner.clean(record);
        assertEquals("240 452 2332", record.getValue("Phone"));
        assertEquals("+12404522333", nested.getValue("tel"));
        assertEquals("12345", nested.getValue("zip"));
    }

    @Test
    void givesEachRecordTheRulesItsOwnConditionalPathsSelect() {
        // The plan of a schema must not remember which fields a predicate selected in the first record read.
        final RecordSchema schema = strings("Notes", "Email");
        for (final boolean selectedFirst : new boolean[] {true, false}) {
            final RecordCleaner cleaner = RecordCleaner.builder(CLOCK)
                    .assignments(List.of(new FieldAssignment(RuleType.PHONE, "/Notes[startsWith(., '+')]")))
                    .build();
            final Record selected = record(schema, "+1 (240) 452-2332", "a@b.com");
            final Record notSelected = record(schema, "  call   back  ", "a@b.com");
            for (final Record record : selectedFirst ? List.of(selected, notSelected) : List.of(notSelected, selected)) {
                cleaner.clean(record);
            }
            assertEquals("+12404522332", selected.getValue("Notes"), "selected first: " + selectedFirst);
            assertEquals("call back", notSelected.getValue("Notes"), "selected first: " + selectedFirst);
        }
    }

    @Test
    void explainsEveryRejectedValueInFieldOrder() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).build();
        final RecordSchema schema = strings("Email", "Phone", "Birthdate", "Website");
        final Record record = record(schema, "x", "1", "2021-02-30", "ftp://x.org");

        cleaner.clean(record);
        assertEquals("Email: missing @; Phone: not a valid number for region US; Birthdate: not a real calendar date; "
                + "Website: not an http or https address", record.getValue("crm_errors"));
    }

    @Test
    void declaresTheErrorsFieldInTheOutputSchema() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).errorsField("problems").build();
        final RecordSchema output = cleaner.getOutputSchema(strings("Email"));
        assertEquals(List.of("Email", "problems"), output.getFieldNames());
        assertTrue(output.getField("problems").orElseThrow().isNullable());
        assertSame(output, cleaner.getOutputSchema(output));
    }

    @Test
    void recognisesTopLevelFieldPaths() {
        assertEquals("Phone", RecordCleaner.topLevelFieldName("/Phone"));
        assertEquals("Phone 1", RecordCleaner.topLevelFieldName(" /'Phone 1' "));
        assertEquals("Fax", RecordCleaner.topLevelFieldName("/\"Fax\""));
        assertNull(RecordCleaner.topLevelFieldName("/address/zip"));
        assertNull(RecordCleaner.topLevelFieldName("//zip"));
        assertNull(RecordCleaner.topLevelFieldName("/Phone[0]"));
        assertEquals(List.of("address", "Zip Code"), RecordCleaner.fieldNames(" /address/ 'Zip Code' "));
        assertNull(RecordCleaner.fieldNames("/address//zip"));
        assertNull(RecordCleaner.fieldNames("/address/zip[0]"));
        assertNull(RecordCleaner.fieldNames("/address/.."));
    }

    private static Record typed(final Map<String, Object> values, final RecordField... fields) {
        return new MapRecord(new SimpleRecordSchema(List.of(fields)), new HashMap<>(values), true, false);
    }

    @Test
    void rejectsANumberInANameEmailCountryStateOrWebsiteField() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US").build();
        final Record record = typed(Map.of("FirstName", 12345, "Email", 42L, "Country", 999, "State", 12.0, "Website", 7, "Score", 7),
                new RecordField("FirstName", RecordFieldType.INT.getDataType()), new RecordField("Email", RecordFieldType.LONG.getDataType()),
                new RecordField("Country", RecordFieldType.INT.getDataType()), new RecordField("State", RecordFieldType.DOUBLE.getDataType()),
                new RecordField("Website", RecordFieldType.INT.getDataType()), new RecordField("Score", RecordFieldType.INT.getDataType()));

        final Record prepared = cleaner.prepare(record);
        assertEquals(RecordCleaner.INVALID | RecordCleaner.REASONS, cleaner.clean(prepared));
        assertEquals("Country: holds a number where one country value is expected; FirstName: holds a number where one name value is "
                + "expected; Email: holds a number where one email value is expected; State: holds a number where one state value is "
                + "expected; Website: holds a number where one website value is expected", prepared.getValue("crm_errors"));
        assertEquals(12345, prepared.getValue("FirstName"));
        assertEquals(7, prepared.getValue("Score"));
    }

    @Test
    void readsAWholeNumberOfOneToThreeDigitsInACountryFieldAsTheNumericCodeWhoseLeadingZerosTheReaderDropped() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US").build();
        final Record record = typed(Map.of("Country", 36, "MailingCountry", 276.0, "BillingCountry", 4L, "ShippingCountry", 36.5,
                        "OtherCountry", 999), new RecordField("Country", RecordFieldType.INT.getDataType()),
                new RecordField("MailingCountry", RecordFieldType.DOUBLE.getDataType()), new RecordField("BillingCountry",
                        RecordFieldType.LONG.getDataType()), new RecordField("ShippingCountry", RecordFieldType.DOUBLE.getDataType()),
                new RecordField("OtherCountry", RecordFieldType.INT.getDataType()));

        final Record prepared = cleaner.prepare(record);
        assertEquals(RecordCleaner.CHANGED | RecordCleaner.INVALID | RecordCleaner.REASONS, cleaner.clean(prepared));
        assertEquals("AU", prepared.getValue("Country"));
        assertEquals("DE", prepared.getValue("MailingCountry"));
        assertEquals("AF", prepared.getValue("BillingCountry"));
        assertEquals("ShippingCountry: holds a number where one country value is expected; OtherCountry: holds a number where one country "
                + "value is expected", prepared.getValue("crm_errors"));
    }

    @Test
    void readsANumberInACountryFieldANestedPathNamesAsTheNumericCodeAsItReadsOneItRecognisesByName() {
        // /address/land names the land of the address, not a top-level land, and is read as a recognised Country field is
        final RecordSchema address = new SimpleRecordSchema(List.of(new RecordField("land", RecordFieldType.INT.getDataType()),
                new RecordField("Phone", RecordFieldType.STRING.getDataType())));
        final RecordSchema schema = new SimpleRecordSchema(List.of(new RecordField("land", RecordFieldType.STRING.getDataType()),
                new RecordField("address", RecordFieldType.RECORD.getRecordDataType(address))));
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US")
                .assignments(List.of(new FieldAssignment(RuleType.COUNTRY, "/address/land"))).build();
        final Record code = new MapRecord(schema, new HashMap<>(Map.of("land", "Hamburg",
                "address", new MapRecord(address, new HashMap<>(Map.of("land", 276, "Phone", "030 1234567")), true, false))), true, false);
        final Record number = new MapRecord(schema, new HashMap<>(Map.of("land", "Hamburg",
                "address", new MapRecord(address, new HashMap<>(Map.of("land", 12345, "Phone", "(240) 452-2333")), true, false))), true, false);

        final Record prepared = cleaner.prepare(code);
        assertEquals(RecordCleaner.CHANGED, cleaner.clean(prepared));
        assertEquals("Hamburg", prepared.getValue("land"));
        final Record cleanedAddress = (Record) prepared.getValue("address");
        assertEquals("DE", cleanedAddress.getValue("land"));
        assertEquals("+49301234567", cleanedAddress.getValue("Phone"));
        final Record rejected = cleaner.prepare(number);
        assertEquals(RecordCleaner.CHANGED | RecordCleaner.INVALID | RecordCleaner.REASONS, cleaner.clean(rejected));
        assertEquals("address/land: holds a number where one country value is expected", rejected.getValue("crm_errors"));
        assertEquals(12345, ((Record) rejected.getValue("address")).getValue("land"));
    }

    @Test
    void readsNumbersInFieldsAPerRecordPathSelectsAsItReadsThoseOfFieldsItRecognisesByName() {
        // a country's numeric code and a phone's digits, whichever way the field is chosen (//land, not /address/land)
        final RecordSchema address = new SimpleRecordSchema(List.of(new RecordField("land", RecordFieldType.INT.getDataType())));
        final RecordSchema schema = new SimpleRecordSchema(List.of(new RecordField("line", RecordFieldType.LONG.getDataType()),
                new RecordField("address", RecordFieldType.RECORD.getRecordDataType(address))));
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US")
                .assignments(List.of(new FieldAssignment(RuleType.COUNTRY, "//land"), new FieldAssignment(RuleType.PHONE, "//line"))).build();
        final Record code = new MapRecord(schema, new HashMap<>(Map.of("line", 2404522332L,
                "address", new MapRecord(address, new HashMap<>(Map.of("land", 840)), true, false))), true, false);
        final Record number = new MapRecord(schema, new HashMap<>(Map.of("line", 2404522332L,
                "address", new MapRecord(address, new HashMap<>(Map.of("land", 12345)), true, false))), true, false);

        final Record prepared = cleaner.prepare(code);
        assertEquals(RecordCleaner.CHANGED, cleaner.clean(prepared));
        assertEquals("+12404522332", prepared.getValue("line"));
        assertEquals("US", ((Record) prepared.getValue("address")).getValue("land"));
        final Record rejected = cleaner.prepare(number);
        assertEquals(RecordCleaner.CHANGED | RecordCleaner.INVALID | RecordCleaner.REASONS, cleaner.clean(rejected));
        assertEquals("land: holds a number where one country value is expected", rejected.getValue("crm_errors"));
        assertEquals(12345, ((Record) rejected.getValue("address")).getValue("land"));
    }

    @Test
    void rejectsFloatsOfMoreDigitsThanAFloatHoldsWhereverTheyAreAndKeepsTheirText() {
        // a field recognised by name (Phone) and one a per-record path selects (//line) in a nested record: the copy made
        // for the second keeps the mark of the first
        final RecordSchema address = new SimpleRecordSchema(List.of(new RecordField("line", RecordFieldType.FLOAT.getDataType())));
        final RecordSchema schema = new SimpleRecordSchema(List.of(new RecordField("Phone", RecordFieldType.FLOAT.getDataType()),
                new RecordField("Zip", RecordFieldType.FLOAT.getDataType()), new RecordField("address", RecordFieldType.RECORD.getRecordDataType(address))));
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US")
                .assignments(List.of(new FieldAssignment(RuleType.PHONE, "//line"))).build();
        final Record record = new MapRecord(schema, new HashMap<>(Map.of("Phone", 4.1555501E9f, "Zip", 2134.0f,
                "address", new MapRecord(address, new HashMap<>(Map.of("line", 4.1555501E9f)), true, false))), true, false);

        final Record prepared = cleaner.prepare(record);
        assertEquals(RecordCleaner.CHANGED | RecordCleaner.INVALID | RecordCleaner.REASONS, cleaner.clean(prepared));
        assertEquals("Phone: " + NumberDigits.FLOAT_DIGITS_LOST + "; line: " + NumberDigits.FLOAT_DIGITS_LOST, prepared.getValue("crm_errors"));
        // the text of the float is kept for the operator to see; a float of fewer digits is read
        assertEquals("4.1555502E+9", prepared.getValue("Phone"));
        assertEquals("02134", prepared.getValue("Zip"));
        assertEquals("4.1555502E+9", ((Record) prepared.getValue("address")).getValue("line"));
    }

    @Test
    void readsPhonesInTheCountryAPerRecordPathSelects() {
        // the country a per-record path selects (//land) is the record's region, as a country field recognised by name is:
        // for its phones recognised by name (Phone) and for those a path selects (//line); a record's own country field comes first
        final RecordSchema address = new SimpleRecordSchema(List.of(new RecordField("land", RecordFieldType.STRING.getDataType()),
                new RecordField("line", RecordFieldType.STRING.getDataType())));
        final RecordSchema schema = new SimpleRecordSchema(List.of(new RecordField("Phone", RecordFieldType.STRING.getDataType()),
                new RecordField("address", RecordFieldType.RECORD.getRecordDataType(address))));
        final RecordSchema withCountry = new SimpleRecordSchema(List.of(new RecordField("Phone", RecordFieldType.STRING.getDataType()),
                new RecordField("Country", RecordFieldType.STRING.getDataType()), new RecordField("address", RecordFieldType.RECORD.getRecordDataType(address))));
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US")
                .assignments(List.of(new FieldAssignment(RuleType.PHONE, "//line"), new FieldAssignment(RuleType.COUNTRY, "//land"))).build();
        final Record german = new MapRecord(schema, new HashMap<>(Map.of("Phone", "030 1234567",
                "address", new MapRecord(address, new HashMap<>(Map.of("land", "Germany", "line", "089 7654321"))))));
        final Record none = new MapRecord(schema, new HashMap<>(Map.of("Phone", "(240) 452-2333",
                "address", new MapRecord(address, new HashMap<>(Map.of("line", "(240) 452-2334"))))));
        final Record own = new MapRecord(withCountry, new HashMap<>(Map.of("Phone", "020 7946 0958", "Country", "United Kingdom",
                "address", new MapRecord(address, new HashMap<>(Map.of("land", "Germany", "line", "020 7946 0959"))))));

        assertEquals(RecordCleaner.CHANGED, cleaner.clean(cleaner.prepare(german)), String.valueOf(german.getValue("crm_errors")));
        assertEquals("+49301234567", german.getValue("Phone"));
        assertEquals("DE", ((Record) german.getValue("address")).getValue("land"));
        assertEquals("+49897654321", ((Record) german.getValue("address")).getValue("line"));
        assertEquals(RecordCleaner.CHANGED, cleaner.clean(cleaner.prepare(none)), String.valueOf(none.getValue("crm_errors")));
        assertEquals("+12404522333", none.getValue("Phone"));
        assertEquals("+12404522334", ((Record) none.getValue("address")).getValue("line"));
        assertEquals(RecordCleaner.CHANGED, cleaner.clean(cleaner.prepare(own)), String.valueOf(own.getValue("crm_errors")));
        assertEquals("+442079460958", own.getValue("Phone"));
        assertEquals("+442079460959", ((Record) own.getValue("address")).getValue("line"));
    }

    @Test
    void cleansTheNumbersOfANestedRecordInAFieldThatHoldsTextInOtherRecords() {
        // a JSON reader's CHOICE: the address is a line of text in one record and an object in another
        final RecordSchema address = new SimpleRecordSchema(List.of(new RecordField("Country", RecordFieldType.STRING.getDataType()),
                new RecordField("Zip", RecordFieldType.INT.getDataType())));
        final RecordSchema contact = new SimpleRecordSchema(List.of(new RecordField("Zip", RecordFieldType.INT.getDataType())));
        final RecordSchema schema = new SimpleRecordSchema(List.of(
                new RecordField("address", RecordFieldType.CHOICE.getChoiceDataType(RecordFieldType.STRING.getDataType(),
                        RecordFieldType.RECORD.getRecordDataType(address))),
                new RecordField("contacts", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.CHOICE.getChoiceDataType(
                        RecordFieldType.STRING.getDataType(), RecordFieldType.RECORD.getRecordDataType(contact))))));
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US").build();
        final Record object = new MapRecord(schema, new HashMap<>(Map.of(
                "address", new MapRecord(address, new HashMap<>(Map.of("Country", "USA", "Zip", 2134)), true, false),
                "contacts", new Object[] {new MapRecord(contact, new HashMap<>(Map.of("Zip", 2135)), true, false), "see  notes"})), true, false);
        final Record text = new MapRecord(schema, new HashMap<>(Map.of("address", "  1 Main St,  Boston ", "contacts", new Object[0])), true,
                false);

        final Record preparedObject = cleaner.prepare(object);
        assertEquals(RecordCleaner.CHANGED, cleaner.clean(preparedObject));
        final Record cleanedAddress = (Record) preparedObject.getValue("address");
        assertEquals("US", cleanedAddress.getValue("Country"));
        assertEquals("02134", cleanedAddress.getValue("Zip"));
        final Object[] contacts = (Object[]) preparedObject.getValue("contacts");
        assertEquals("02135", ((Record) contacts[0]).getValue("Zip"));
        assertEquals("see  notes", contacts[1]);
        final Record preparedText = cleaner.prepare(text);
        assertEquals(RecordCleaner.CHANGED, cleaner.clean(preparedText));
        assertEquals("1 Main St, Boston", preparedText.getValue("address"));
    }

    @Test
    void rejectsANumberAReaderChoseForSomeRecordsOfANameField() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).invalidValuePolicy(InvalidValuePolicy.SET_TO_NULL).build();
        final RecordField firstName = new RecordField("FirstName", RecordFieldType.CHOICE.getChoiceDataType(RecordFieldType.STRING.getDataType(),
                RecordFieldType.INT.getDataType()));
        final Record number = typed(Map.of("FirstName", 12345), firstName);
        final Record name = typed(Map.of("FirstName", "ANN"), firstName);

        assertEquals(RecordCleaner.CHANGED | RecordCleaner.REASONS, cleaner.clean(cleaner.prepare(number)));
        assertNull(number.getValue("FirstName"));
        assertEquals("FirstName: holds a number where one name value is expected", number.getValue("crm_errors"));
        assertEquals(RecordCleaner.CHANGED, cleaner.clean(cleaner.prepare(name)));
        assertEquals("Ann", name.getValue("FirstName"));
    }

    @Test
    void keepsANumberInTheStateFieldOfACountryWhoseSubdivisionsAreNotKnown() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US").build();
        final Record record = typed(Map.of("Country", "Japan", "State", 13), new RecordField("Country", RecordFieldType.STRING.getDataType()),
                new RecordField("State", RecordFieldType.INT.getDataType()));

        assertEquals(RecordCleaner.CHANGED, cleaner.clean(cleaner.prepare(record)));
        assertEquals(13, record.getValue("State"));
        assertNull(record.getValue("crm_errors"));
    }

    @Test
    void rejectsAPhoneAReaderReadAsADoubleThatLostDigits() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).build();
        final RecordField phone = new RecordField("Phone", RecordFieldType.DOUBLE.getDataType());
        final RecordField zip = new RecordField("Zip", RecordFieldType.DOUBLE.getDataType());
        // Excel's display of the twelve digits 441235550100 (a UK number with its country code)
        final Record lossy = cleaner.prepare(typed(Map.of("Phone", 4.41236E11, "Zip", 2134.0), phone, zip));
        final Record whole = cleaner.prepare(typed(Map.of("Phone", 4.1555501E9, "Zip", 2134.0), phone, zip));
        final Record fromFloat = cleaner.prepare(typed(Map.of("Phone", 4.1555501E9f),
                new RecordField("Phone", RecordFieldType.FLOAT.getDataType())));

        assertEquals(RecordCleaner.CHANGED | RecordCleaner.INVALID | RecordCleaner.REASONS, cleaner.clean(lossy));
        assertEquals("Phone: digits lost in a spreadsheet's scientific notation: format the column as text before exporting",
                lossy.getValue("crm_errors"));
        assertEquals("02134", lossy.getValue("Zip"));
        assertEquals(RecordCleaner.CHANGED, cleaner.clean(whole));
        assertEquals("+14155550100", whole.getValue("Phone"));
        // a float holds 7 digits or so: the last ones of a ten-digit number are the float's, not the number's; the reader
        // lost them, no spreadsheet
        assertEquals(RecordCleaner.INVALID | RecordCleaner.REASONS, cleaner.clean(fromFloat) & ~RecordCleaner.CHANGED);
        assertEquals("Phone: " + NumberDigits.FLOAT_DIGITS_LOST, fromFloat.getValue("crm_errors"));
    }

    @Test
    void readsADoubleOfElevenDigitsOrFewerEndingInZerosAsTheNumberItIs() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).build();
        final RecordField[] fields = {new RecordField("Country", RecordFieldType.STRING.getDataType()),
                new RecordField("Phone", RecordFieldType.DOUBLE.getDataType()), new RecordField("PostalCode", RecordFieldType.DOUBLE.getDataType()),
                new RecordField("CreatedDate", RecordFieldType.DOUBLE.getDataType()), new RecordField("AnnualRevenue", RecordFieldType.DOUBLE.getDataType())};
        // a JSON writer in Java writes these doubles as 1.13E9, 8.801E7, 1.7E9, 1.2E7: every digit is there
        final Record record = cleaner.prepare(typed(Map.of("Country", "Brazil", "Phone", 1.13E9, "PostalCode", 8.801E7, "CreatedDate", 1.7E9,
                "AnnualRevenue", 1.2E7), fields));

        assertEquals(RecordCleaner.CHANGED, cleaner.clean(record));
        assertEquals("+551130000000", record.getValue("Phone"));
        assertEquals("88010000", record.getValue("PostalCode"));
        assertEquals("2023-11-14T22:13:20Z", record.getValue("CreatedDate"));
        assertEquals(1.2E7, record.getValue("AnnualRevenue"));
        // twelve digits or more in six significant ones are what Excel shows of a longer number: 1.70208E+12 may be any
        // time within 1.4 hours of 2023-12-09T00:00:00Z
        final Record display = cleaner.prepare(typed(Map.of("CreatedDate", 1.70208E12), new RecordField("CreatedDate",
                RecordFieldType.DOUBLE.getDataType())));
        assertEquals(RecordCleaner.INVALID | RecordCleaner.REASONS, cleaner.clean(display));
        assertEquals("CreatedDate: digits lost in a spreadsheet's scientific notation: format the column as text before exporting",
                display.getValue("crm_errors"));
    }

    @Test
    void readsEachPhoneInTheCountryOfItsAddressAndTheOthersInTheMainAddresssCountry() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US").build();
        final RecordSchema schema = strings("OtherCountry", "OtherPhone", "MailingCountry", "MobilePhone", "Phone", "HomePhone", "OtherPostalCode",
                "MailingPostalCode");
        final Record record = record(schema, "United States", "(415) 555-0100", "Germany", "0171 1234567", "030 1234567", "089 1234567", "2134",
                "10115");

        assertEquals(RecordCleaner.CHANGED, cleaner.clean(record), () -> String.valueOf(record.getValue("crm_errors")));
        assertEquals("+14155550100", record.getValue("OtherPhone"));
        assertEquals("+491711234567", record.getValue("MobilePhone"));
        assertEquals("+49301234567", record.getValue("Phone"));
        assertEquals("+49891234567", record.getValue("HomePhone"));
        assertEquals("02134", record.getValue("OtherPostalCode"));
        assertEquals("10115", record.getValue("MailingPostalCode"));
    }

    @Test
    void readsTheTelephonesOfDynamicsAddressesInTheirAddresssCountry() {
        final RecordCleaner cleaner = RecordCleaner.builder(CLOCK).defaultRegion("US").build();
        final RecordSchema schema = strings("address1_country", "address1_telephone1", "address2_country", "address2_telephone1", "telephone1");
        final Record record = record(schema, "Germany", "030 1234567", "France", "01 23 45 67 89", "0171 1234567");

        assertEquals(RecordCleaner.CHANGED, cleaner.clean(record), () -> String.valueOf(record.getValue("crm_errors")));
        assertEquals("+49301234567", record.getValue("address1_telephone1"));
        assertEquals("+33123456789", record.getValue("address2_telephone1"));
        assertEquals("+491711234567", record.getValue("telephone1"));
    }
}
