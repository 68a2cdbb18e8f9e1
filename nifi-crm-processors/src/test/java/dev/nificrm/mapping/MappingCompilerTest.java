package dev.nificrm.mapping;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MappingCompilerTest {

    @Test
    void copiesAndRenamesBetweenNestedPaths() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"/address/city": {"from": "/MailingCity"}, "/address/zip": {"from": "MailingPostalCode"},
                            "town": {"from": "/address/city"}}}
                """);
        final Record nested = record(Map.of("city", "Utrecht"));
        final Record source = record(map("MailingCity", "Amsterdam", "MailingPostalCode", "1015 CX", "address", nested));
        final Record mapped = plan.map(source).record();
        assertEquals("Amsterdam", ((Record) mapped.getValue("address")).getValue("city"));
        assertEquals("1015 CX", ((Record) mapped.getValue("address")).getValue("zip"));
        assertEquals("Utrecht", mapped.getValue("town"));
        assertEquals(RecordFieldType.RECORD, plan.getOutputSchema().getField("address").orElseThrow().getDataType().getFieldType());
    }

    @Test
    void namesASourcePathAsWrittenInItsReasons() throws MappingConfigurationException {
        // a compiled RecordPath names its last step only (/contact[./kind = 'work']/mail is /mail), and a quoted name is one field
        final MappingPlan plan = plan("""
                {"fields": {"email": {"from": "/contact[./kind = 'work']/mail"}, "zip": {"from": "/'ZIP/Postal Code'"}}}
                """);
        final Record contact = record(map("kind", "work", "mail", new Object[] {"ann@example.com", "lee@example.com"}));
        final MappingResult result = plan.map(record(map("mail", "top@example.com", "contact", contact, "ZIP/Postal Code", new Object[] {"1015 CX"})));
        assertEquals(List.of(
                "/contact[./kind = 'work']/mail holds a list of 2 values where one value is expected; map one element, e.g. "
                        + "/contact[./kind = 'work']/mail[0]",
                "/'ZIP/Postal Code' holds a list of 1 value where one value is expected; map one element, e.g. /'ZIP/Postal Code'[0]"),
                result.errors());
    }

    @Test
    void reusesTheLayoutOfAnEqualSchemaWhenRecordsOfSeveralSchemasInterleave() throws MappingConfigurationException {
        // Concurrent tasks hand the plan records of their own FlowFiles' schema objects in turn.
        final MappingPlan plan = MappingCompiler.compile(null, null, SpecificationReader.read("{\"fields\": {\"zip\": {\"from\": \"/Zip\"}}}"),
                null, UnmappedFieldPolicy.KEEP, "crm_errors");
        final Record first = record(map("Zip", "1015 CX", "Note", "a"));
        final Record other = record(map("Zip", "1016 AB", "Owner", "b"));
        final Record equalToFirst = record(map("Zip", "1017 CD", "Note", "c"));

        final Record mappedFirst = plan.map(first).record();
        final Record mappedOther = plan.map(other).record();
        final Record mappedEqual = plan.map(equalToFirst).record();
        assertSame(mappedFirst.getSchema(), mappedEqual.getSchema());
        assertEquals(List.of("zip", "Owner"), mappedOther.getSchema().getFieldNames());
        assertEquals("c", mappedEqual.getValue("Note"));
    }

    @Test
    void appliesConstantsDefaultsAndConditions() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"lifecyclestage": {"constant": "lead"}, "country": {"from": "/Country", "default": "US"},
                            "work_phone": {"from": "/Phone", "when": {"field": "/Type", "equals": "Business"}},
                            "other_phone": {"from": "/Phone", "when": {"field": "/Type", "in": ["Home", "Mobile"]}},
                            "has_phone": {"constant": true, "type": "boolean", "when": {"field": "/Phone", "exists": true}}}}
                """);
        final Record business = plan.map(record(map("Country", "", "Phone", "555", "Type", "Business"))).record();
        assertEquals("lead", business.getValue("lifecyclestage"));
        assertEquals("US", business.getValue("country"));
        assertEquals("555", business.getValue("work_phone"));
        assertNull(business.getValue("other_phone"));
        assertEquals(Boolean.TRUE, business.getValue("has_phone"));
        final Record home = plan.map(record(map("Country", "NL", "Phone", "556", "Type", "Home"))).record();
        assertEquals("NL", home.getValue("country"));
        assertNull(home.getValue("work_phone"));
        assertEquals("556", home.getValue("other_phone"));
    }

    @Test
    void concatenatesSkippingEmptyValuesAndSplitsNamesAndLines() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"fullname": {"concat": ["/FirstName", "/MiddleName", "/LastName"], "separator": " "},
                            "first": {"split": "/Name", "using": "person-name", "part": "first"},
                            "last": {"split": "/Name", "using": "person-name", "part": "last"},
                            "line1": {"split": "/Street", "using": "lines", "part": "1"},
                            "rest": {"split": "/Street", "using": "lines", "part": "2+"},
                            "tag2": {"split": "/Tags", "using": "separator", "separator": ";", "part": "2"}}}
                """);
        final Record mapped = plan.map(record(map("FirstName", "Jan", "MiddleName", null, "LastName", "Berg",
                "Name", "Berg, Jan", "Street", "200 Main St\r\nSuite 4\n\nBuilding C", "Tags", "a; b ;c"))).record();
        assertEquals("Jan Berg", mapped.getValue("fullname"));
        assertEquals("Jan", mapped.getValue("first"));
        assertEquals("Berg", mapped.getValue("last"));
        assertEquals("200 Main St", mapped.getValue("line1"));
        assertEquals("Suite 4, Building C", mapped.getValue("rest"));
        assertEquals("b", mapped.getValue("tag2"));
    }

    /** A person-name split given the record's country: a Spanish-speaking country's names end in two family names. */
    @Test
    void aPersonNameSplitReadsTheFamilyNamesAsTheCountryWritesThem() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"FirstName": {"split": "/Name", "using": "person-name", "part": "first", "country": "/Country"},
                            "MiddleName": {"split": "/Name", "using": "person-name", "part": "middle", "country": "/Country"},
                            "LastName": {"split": "/Name", "using": "person-name", "part": "last", "country": "/Country"}}}
                """);
        final Record colombian = plan.map(record(map("Name", "Gabriel García Márquez", "Country", "Colombia"))).record();
        assertEquals(List.of("Gabriel", "García Márquez"), List.of(colombian.getValue("FirstName"), colombian.getValue("LastName")));
        assertNull(colombian.getValue("MiddleName"));
        final Record brazilian = plan.map(record(map("Name", "Maria da Silva Santos", "Country", "Brasil"))).record();
        assertEquals(List.of("Maria", "da Silva", "Santos"),
                List.of(brazilian.getValue("FirstName"), brazilian.getValue("MiddleName"), brazilian.getValue("LastName")));
        final Record unknown = plan.map(record(map("Name", "Gabriel García Márquez", "Country", null))).record();
        assertEquals(List.of("Gabriel", "García", "Márquez"),
                List.of(unknown.getValue("FirstName"), unknown.getValue("MiddleName"), unknown.getValue("LastName")));
        final MappingConfigurationException lines = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"line1": {"split": "/Street", "using": "lines", "part": "1", "country": "/Country"}}}
                """));
        assertTrue(lines.getMessage().contains("\"country\" is for a person-name split"), lines.getMessage());
    }

    @Test
    void aRequiredFieldWithoutAValueMakesTheRecordInvalidAlsoWhenNoRecordHasItsSource() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"LastName": {"from": "/Surname", "required": true}, "Title": {"from": "/Position", "required": true}}}
                """);
        assertTrue(plan.map(record(map("Surname", "Lee", "Position", "CFO"))).isValid());
        final MappingResult blank = plan.map(record(map("Surname", " ", "Position", "CFO")));
        assertEquals(List.of("LastName: is required by the target, and /Surname gives no value"), blank.errors());
        // a schema without the field at all: the required field is not left out, it says what is missing
        final MappingResult absent = plan.map(record(map("Position", "CFO")));
        assertEquals(List.of("LastName: is required by the target, and /Surname gives no value"), absent.errors());
    }

    @Test
    void mapsValuesWithEachUnmappedPolicy() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"keep": {"from": "/S", "values": {"Mr.": "mr"}},
                            "null": {"from": "/S", "values": {"Mr.": "mr"}, "unmapped": "null"},
                            "default": {"from": "/S", "values": {"Mr.": "mr"}, "unmapped": "default", "default": "other"},
                            "caseless": {"from": "/S", "values": {"HERR": "mr"}, "ignoreCase": true}}}
                """);
        final Record known = plan.map(record(map("S", "Mr."))).record();
        assertEquals("mr", known.getValue("keep"));
        final Record unknown = plan.map(record(map("S", "Herr"))).record();
        assertEquals("Herr", unknown.getValue("keep"));
        assertNull(unknown.getValue("null"));
        assertEquals("other", unknown.getValue("default"));
        assertEquals("mr", unknown.getValue("caseless"));

        final MappingPlan strict = plan("{\"fields\": {\"s\": {\"from\": \"/S\", \"values\": {\"Mr.\": \"mr\"}, \"unmapped\": \"invalid\"}}}");
        final MappingResult result = strict.map(record(map("S", "Herr")));
        assertFalse(result.isValid());
        assertEquals(List.of("s: the value of /S has a value that is not in the value map (1 known values)"), result.errors());
        assertEquals("Herr", result.record().getValue("S"));
        assertEquals(result.errors().get(0), result.record().getValue("crm_errors"));
    }

    /**
     * A value the target has no equivalent of, listed in "drop" (or any unknown one under "unmapped": "drop"), leaves the field empty
     * and the record is mapped, saying in the errors field which field was left empty and why; a listed value is named, an unlisted
     * one (anything a person typed) is not.
     */
    @Test
    void aDroppedValueLeavesTheFieldEmptyAndTheRecordSaysWhy() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"rating": {"from": "/Rating", "values": {"Hot": "1", "Warm": "2"}, "drop": ["Shut Down"], "type": "int"},
                            "stage": {"from": "/Stage", "values": {"Open": "open"}, "unmapped": "drop"},
                            "name": {"from": "/Name"}}}
                """);
        final MappingResult dropped = plan.map(record(map("Rating", "Shut Down ", "Stage", "Nurturing", "Name", "Lee")));
        assertTrue(dropped.isValid(), dropped.errors().toString());
        assertNull(dropped.record().getValue("rating"));
        assertNull(dropped.record().getValue("stage"));
        assertEquals("Lee", dropped.record().getValue("name"));
        assertEquals("rating: left empty, as the target has no equivalent of Shut Down (the value of /Rating); "
                + "stage: left empty, as the target has no equivalent of the value of /Stage (none of the 1 in its value map)",
                dropped.record().getValue("crm_errors"));

        final MappingResult mapped = plan.map(record(map("Rating", "Hot", "Stage", "Open", "Name", "Kim")));
        assertEquals(1, mapped.record().getValue("rating"));
        assertNull(mapped.record().getValue("crm_errors"));
        assertEquals(List.of("rating", "stage", "name", "crm_errors"), plan.getOutputSchema().getFieldNames());
    }

    /**
     * A record sent to invalid says which fields a "drop" left empty too, after the reasons it is invalid, so the operator who corrects
     * it knows what the mapped record will lack; each field once, and nothing more when no field was left empty.
     */
    @Test
    void anInvalidRecordAlsoSaysWhichFieldsWereLeftEmpty() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"rating": {"from": "/Rating", "values": {"Hot": "1"}, "drop": ["Shut Down"], "type": "int"},
                            "born": {"from": "/Born", "type": "date"}}}
                """);
        final MappingResult invalid = plan.map(record(map("Rating", "Shut Down", "Born", "2023-02-30")));
        assertEquals(1, invalid.errors().size(), invalid.errors().toString());
        assertEquals(invalid.errors().get(0) + "; rating: left empty, as the target has no equivalent of Shut Down (the value of /Rating)",
                invalid.record().getValue("crm_errors"));
        assertEquals("Shut Down", invalid.record().getValue("Rating"));

        final MappingResult nothingDropped = plan.map(record(map("Rating", "Hot", "Born", "2023-02-30")));
        assertEquals(nothingDropped.errors().get(0), nothingDropped.record().getValue("crm_errors"));
    }

    /**
     * An invalid record is the source record with the reasons: reasons it already had in the Errors Field (CleanCRMRecord's,
     * under Set to Null) stay, before the mapping's, so the operator who corrects it sees everything that was done to it.
     */
    @Test
    void anInvalidRecordKeepsTheReasonsItAlreadyHad() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"born": {"from": "/Born", "type": "date"}}}
                """);
        final MappingResult invalid = plan.map(record(map("Born", "2023-02-30", "crm_errors", "Phone: not a valid number for region US")));
        assertEquals(1, invalid.errors().size(), invalid.errors().toString());
        assertEquals("Phone: not a valid number for region US; " + invalid.errors().get(0), invalid.record().getValue("crm_errors"));
        assertEquals(invalid.errors(), plan.map(record(map("Born", "2023-02-30", "crm_errors", " "))).errors());
        assertEquals(invalid.errors().get(0), plan.map(record(map("Born", "2023-02-30", "crm_errors", " "))).record().getValue("crm_errors"));
    }

    /**
     * A target that keeps a number as ranges gets the first range that holds a whole number (bounds included: 25 is 5-25, not 25-50),
     * one of its ranges as itself, and a record whose value no range holds goes to invalid without the value in the reason.
     */
    @Test
    void rangesWriteANumberAsTheRangeThatHoldsIt() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"size": {"from": "/Employees", "ranges": ["1-5", "5-25", "25-50", "1000+"]}}}""");
        final Map<Object, String> expected = new LinkedHashMap<>();
        expected.put(42, "25-50");
        expected.put("25", "5-25");
        expected.put(5L, "1-5");
        expected.put(new BigDecimal("2000000"), "1000+");
        expected.put(42.0, "25-50");
        expected.put(" 25-50 ", "25-50");
        expected.put("1000+", "1000+");
        expected.forEach((given, range) -> assertEquals(range, plan.map(record(map("Employees", given))).record().getValue("size"), given.toString()));
        for (final Object outside : List.of(0, 51, 42.5, "many", "10-20")) {
            final MappingResult result = plan.map(record(map("Employees", outside)));
            assertEquals(List.of("size: the value of /Employees is in none of its 4 ranges"), result.errors(), outside.toString());
        }
    }

    @Test
    void rangesThatAreNoRangesAreAConfigurationProblem() {
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"a": {"from": "/A", "ranges": ["1-5", "5 to 25"]}, "b": {"from": "/B", "ranges": ["50-25"]},
                            "c": {"from": "/C", "ranges": ["1-5"], "type": "int"}}}"""));
        assertEquals(List.of("a: \"ranges\" holds '5 to 25', which is no range; write each as low-high or low+, e.g. 5-25 or 1000+",
                "b: \"ranges\" holds '50-25', which is no range; its low end must be 0 or more and not above its high end",
                "c: \"ranges\" writes a range as text, not as int; remove \"type\" or \"ranges\""), e.getProblems());
    }

    /**
     * A target that takes a number only between two bounds (Dataverse's MinValue and MaxValue) gets the number when it is within them,
     * bounds included, and a record whose number is outside goes to invalid without the value in the reason.
     */
    @Test
    void boundsSendANumberOutsideThemToInvalid() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"size": {"from": "/Employees", "type": "int", "minimum": 0, "maximum": 1000},
                            "floor": {"from": "/Floor", "type": "decimal", "minimum": 1.5},
                            "cap": {"from": "/Cap", "type": "long", "maximum": 5}}}""");
        for (final Object within : List.of(0, 1000, "500", 42L)) {
            final MappingResult result = plan.map(record(map("Employees", within)));
            assertEquals(List.of(), result.errors(), within.toString());
            assertEquals(Integer.valueOf(within.toString()), result.record().getValue("size"), within.toString());
        }
        for (final Object outside : List.of(-1, 1001, "2000000000")) {
            final MappingResult result = plan.map(record(map("Employees", outside)));
            assertEquals(List.of("size: the value of /Employees is outside 0 to 1,000"), result.errors(), outside.toString());
        }
        assertEquals(List.of("floor: the value of /Floor is below 1.5"), plan.map(record(map("Floor", "1.49"))).errors());
        assertEquals(List.of(), plan.map(record(map("Floor", "1.5"))).errors());
        assertEquals(List.of("cap: the value of /Cap is above 5"), plan.map(record(map("Cap", 6))).errors());
    }

    @Test
    void boundsOnAnythingButANumberOrCrossedAreAConfigurationProblem() {
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"a": {"from": "/A", "minimum": 0}, "b": {"from": "/B", "type": "int", "minimum": 10, "maximum": 5},
                            "c": {"from": "/C", "type": "int", "maximum": 5, "default": 9}}}"""));
        assertEquals(List.of("a: \"minimum\" and \"maximum\" apply to the types int, long, double and decimal, not string; add "
                        + "\"type\": \"int\" (or another number type) or remove them",
                "b: \"minimum\" 10 is above \"maximum\" 5; no value could be written",
                "c: the default is above 5, which the target does not take"), e.getProblems());
    }

    /**
     * A target text field that takes at most so many characters (Salesforce's LastName 80) gets a value up to that length, counted in
     * characters (an emoji is one), and a record whose value is longer goes to invalid without the value in the reason.
     */
    @Test
    void maxLengthSendsALongerTextToInvalid() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"LastName": {"from": "/last_name", "maxLength": 5}}}""");
        for (final String within : List.of("Lee", "Leeds", "Le\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00")) {
            final MappingResult result = plan.map(record(map("last_name", within)));
            assertEquals(List.of(), result.errors(), within);
            assertEquals(within, result.record().getValue("LastName"));
        }
        assertEquals(List.of("LastName: the value of /last_name is longer than 5 characters"), plan.map(record(map("last_name", "Leeson"))).errors());
    }

    @Test
    void maxLengthOnAnythingButTextOrBelowOneIsAConfigurationProblem() {
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"a": {"from": "/A", "type": "int", "maxLength": 5}, "b": {"from": "/B", "maxLength": 0},
                            "c": {"from": "/C", "maxLength": 2, "default": "abc"}}}"""));
        assertEquals(List.of("a: \"maxLength\" applies to the type string, not int; remove \"type\" or \"maxLength\"",
                "b: \"maxLength\" is 0; give the most characters the target takes, 1 or more",
                "c: the default is longer than 2 characters, which the target does not take"), e.getProblems());
    }

    /**
     * A target text field that takes digits only (Zoho's numeric Account Number) gets digits as text, their leading zeros kept, and
     * a record whose value has any other character (a letter, a sign, a point, a space) goes to invalid without the value in the reason.
     */
    @Test
    void digitsOnlySendsTextOfOtherCharactersToInvalid() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"Number": {"from": "/number", "digitsOnly": true}}}""");
        for (final String digits : List.of("0042", "451796", "1".repeat(40))) {
            final MappingResult result = plan.map(record(map("number", digits)));
            assertEquals(List.of(), result.errors(), digits);
            assertEquals(digits, result.record().getValue("Number"));
        }
        for (final String other : List.of("CD451796", "ACC-1001", "-42", "4.2", "42 1", "\u0664\u0662")) {
            assertEquals(List.of("Number: the value of /number is not digits only"), plan.map(record(map("number", other))).errors(), other);
        }
    }

    @Test
    void digitsOnlyOnAnythingButTextOrWithADefaultOfOtherCharactersIsAConfigurationProblem() {
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"a": {"from": "/A", "type": "long", "digitsOnly": true}, "b": {"from": "/B", "digitsOnly": true, "default": "n/a"}}}"""));
        assertEquals(List.of("a: \"digitsOnly\" applies to the type string, not long; remove \"type\" or \"digitsOnly\"",
                "b: the default is not digits only, which the target does not take"), e.getProblems());
    }

    /**
     * A code of so many digits with its leading zeros (a SIC code's 4) that a number kept without them (0111 as 111, the number a
     * reader typed or a CRM's number field holds) gets them back; a code as long or longer, or one of other characters, is written
     * as it is.
     */
    @Test
    void padDigitsToGivesACodeItsLeadingZerosBack() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"Sic": {"from": "/sic", "padDigitsTo": 4}}}""");
        final Map<Object, String> written = new LinkedHashMap<>();
        written.put(111, "0111");
        written.put("111", "0111");
        written.put(7372, "7372");
        written.put("01110000", "01110000");
        written.put("7372-01", "7372-01");
        written.put("A11", "A11");
        written.forEach((read, expected) -> assertEquals(expected, plan.map(record(map("sic", read))).record().getValue("Sic"), String.valueOf(read)));
    }

    @Test
    void padDigitsToOnAnythingButTextOrBelowTwoIsAConfigurationProblem() {
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"a": {"from": "/A", "type": "int", "padDigitsTo": 4}, "b": {"from": "/B", "padDigitsTo": 1}}}"""));
        assertEquals(List.of("a: \"padDigitsTo\" applies to the type string, not int; remove \"type\" or \"padDigitsTo\"",
                "b: \"padDigitsTo\" is 1; give the digits of the code with its leading zeros, 2 or more"), e.getProblems());
    }

    /**
     * "fromCanonical" reads a canonical field as the Source Schema preset reads it: without a preset there is none, a name the
     * model lacks is a misspelling, a "canonical" entry reads the source itself, and it is one source among from, coalesce...
     */
    @Test
    void fromCanonicalNeedsAPresetACanonicalNameAndIsOneSource() throws MappingConfigurationException {
        final MappingConfigurationException withoutPreset = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"CountryCode": {"fromCanonical": "country"}}}"""));
        assertEquals(List.of("CountryCode: \"fromCanonical\" reads a canonical field of the presets, but neither Source Schema nor Target "
                + "Schema is set; choose a preset or read the source field with \"from\""), withoutPreset.getProblems());
        final MappingConfigurationException problems = assertThrows(MappingConfigurationException.class, () -> MappingCompiler.compile(
                CrmSchema.ZOHO_ACCOUNT, CrmSchema.SALESFORCE_ACCOUNT, SpecificationReader.read("""
                        {"fields": {"a": {"fromCanonical": "contry"}, "b": {"fromCanonical": "country", "from": "/Billing_Country"}},
                         "canonical": {"city": {"fromCanonical": "state"}}}"""), null, UnmappedFieldPolicy.DROP, "crm_errors"));
        assertEquals(List.of("city: a \"canonical\" entry says how the source gives a canonical field; read it with \"from\", not \"fromCanonical\"",
                "a: \"fromCanonical\" names 'contry', which is no canonical field; give one such as country, state or postal_code",
                "b: give only one of from, fromCanonical, coalesce, concat, split, constant (found from and fromCanonical)"), problems.getProblems());
    }

    /** A specification without "drop" writes no errors field on mapped records, as before. */
    @Test
    void withoutDropMappedRecordsHaveNoErrorsField() throws MappingConfigurationException {
        final MappingPlan plan = plan("{\"fields\": {\"s\": {\"from\": \"/S\", \"values\": {\"Mr.\": \"mr\"}, \"unmapped\": \"null\"}}}");
        assertEquals(List.of("s"), plan.getOutputSchema().getFieldNames());
        assertNull(plan.map(record(map("S", "Herr"))).record().getValue("s"));
    }

    /** A value dropped by a canonical field a target reads is noted too, under the canonical field's name. */
    @Test
    void aValueDroppedByACanonicalFieldIsNoted() throws MappingConfigurationException {
        final MappingPlan plan = MappingCompiler.compile(null, CrmSchema.SALESFORCE_LEAD, SpecificationReader.read("""
                {"canonical": {"rating": {"from": "/Temperature", "values": {"Hot": "hot"}, "drop": ["Lukewarm"]},
                               "last_name": {"from": "/Name"}, "company": {"from": "/Org"}}}
                """), null, UnmappedFieldPolicy.DROP, "crm_errors");
        final MappingResult result = plan.map(record(map("Temperature", "Lukewarm", "Name", "Lee", "Org", "Acme")));
        assertTrue(result.isValid(), result.errors().toString());
        assertNull(result.record().getValue("Rating"));
        assertEquals("rating: left empty, as the target has no equivalent of Lukewarm (the value of /Temperature)",
                result.record().getValue("crm_errors"));
    }

    /** Under Unmapped Fields Keep, the reasons a record already had (CleanCRMRecord's under Set to Null) come before the notes. */
    @Test
    void reasonsTheSourceAlreadyHadAreKeptFirst() throws MappingConfigurationException {
        final MappingPlan plan = MappingCompiler.compile(null, null, SpecificationReader.read("""
                {"fields": {"r": {"from": "/R", "values": {"Hot": "1"}, "drop": ["Lukewarm"]}}}"""), null, UnmappedFieldPolicy.KEEP, "crm_errors");
        assertEquals("Email: missing @; r: left empty, as the target has no equivalent of Lukewarm (the value of /R)",
                plan.map(record(map("R", "Lukewarm", "crm_errors", "Email: missing @"))).record().getValue("crm_errors"));
        assertEquals("Email: missing @", plan.map(record(map("R", "Hot", "crm_errors", "Email: missing @"))).record().getValue("crm_errors"));
    }

    /** A canonical field two target fields read (Dynamics 365's statuscode and a field of the operator's reading lead_status) is noted once. */
    @Test
    void aCanonicalFieldReadByTwoTargetsIsNotedOnce() throws MappingConfigurationException {
        final MappingPlan plan = MappingCompiler.compile(null, CrmSchema.DYNAMICS_365_LEAD, SpecificationReader.read("""
                {"canonical": {"lead_status": {"from": "/Stage", "values": {"Fresh": "new"}, "drop": ["Nurturing"]}, "last_name": {"from": "/Name"}},
                 "fields": {"new_stage": {"from": "/lead_status"}}}
                """), null, UnmappedFieldPolicy.DROP, "crm_errors");
        final Record mapped = plan.map(record(map("Stage", "Nurturing", "Name", "Lee"))).record();
        assertNull(mapped.getValue("new_stage"));
        assertNull(mapped.getValue("statuscode"));
        assertEquals("lead_status: left empty, as the target has no equivalent of Nurturing (the value of /Stage)", mapped.getValue("crm_errors"));
    }

    /** A "dropReason" is the note's reason instead of "no equivalent", for listed values and for unknown ones left empty by "unmapped". */
    @Test
    void aDropReasonSaysWhyTheFieldIsLeftEmpty() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"c": {"from": "/C", "drop": ["true"], "dropReason": "the target loads no converted lead", "unmapped": "null"},
                            "d": {"from": "/D", "values": {"x": "1"}, "unmapped": "drop", "dropReason": "the target keeps its own dates"}}}""");
        assertEquals("c: left empty, as the target loads no converted lead (the value of /C is true); "
                        + "d: left empty, as the target keeps its own dates (the value of /D)",
                plan.map(record(map("C", "true", "D", "y"))).record().getValue("crm_errors"));
        assertNull(plan.map(record(map("C", "false", "D", "x"))).record().getValue("crm_errors"));
    }

    @Test
    void aDropReasonWithoutValuesToDropIsAConfigurationProblem() {
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"c": {"from": "/C", "values": {"a": "1"}, "dropReason": "never loaded"}, "d": {"from": "/D", "drop": ["a"], "dropReason": " "}}}"""));
        assertEquals(List.of("c: \"dropReason\" says why values listed in \"drop\" (or left empty by \"unmapped\": \"drop\") are left empty; "
                        + "list them, or remove \"dropReason\"",
                "d: \"dropReason\" says why values listed in \"drop\" (or left empty by \"unmapped\": \"drop\") are left empty; "
                        + "list them, or remove \"dropReason\""), e.getProblems());
    }

    /**
     * A lossy row writes its value, and the record says which row it took and what the written value loses (a row the specification
     * lists, so named); a record taking a row that is not lossy has no note. Mapped records then have the Errors Field, as with a drop.
     */
    @Test
    void aLossyRowIsWrittenAndTheRecordSaysWhatItLoses() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"industry": {"from": "/Industry", "values": {"Banking / Mortgage": "BANKING", "Plastics": "PLASTICS"},
                                         "lossy": {"banking / mortgage ": "leaves out mortgage lenders that are no bank"}, "ignoreCase": true}}}
                """);
        final MappingResult lossy = plan.map(record(map("Industry", "Banking / Mortgage")));
        assertEquals("BANKING", lossy.record().getValue("industry"));
        assertEquals("industry: written as BANKING, the nearest option to banking / mortgage (the value of /Industry), which leaves out mortgage "
                + "lenders that are no bank", lossy.record().getValue("crm_errors"));
        final MappingResult exact = plan.map(record(map("Industry", "Plastics")));
        assertEquals("PLASTICS", exact.record().getValue("industry"));
        assertNull(exact.record().getValue("crm_errors"));
    }

    @Test
    void lossyRowsThatAreNoRowsOrSayNothingAreAConfigurationProblem() {
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"a": {"from": "/A", "values": {"x": "1"}, "lossy": {"y": "leaves out y"}},
                            "b": {"from": "/B", "values": {"x": "1"}, "lossy": {"x": " "}},
                            "c": {"from": "/C", "lossy": {"x": "leaves out x"}}}}"""));
        assertEquals(List.of("a: \"lossy\" names 'y', which is no row of the value map; list values of \"values\" (or the crosswalk) whose target "
                        + "value is broader or partial",
                "b: \"lossy\" gives 'x' no text; say what its target value loses, e.g. \"leaves out sales\"",
                "c: \"lossy\" names rows of a value map; add \"values\" or \"crosswalk\", or remove \"lossy\""), e.getProblems());
    }

    /**
     * "noOption" says why the target has no option near a value: a record refused for it (under "invalid") says so after the usual
     * reason, also for the value in words; a value it does not name keeps the usual reason. Naming a row of the map, giving no text,
     * or giving it without a map is a configuration problem. Before, "noOption" was an unknown key.
     */
    @Test
    void aValueTheTargetHasNoOptionNearIsRefusedSayingWhy() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"industry": {"from": "/Industry", "values": {"plastics": "PLASTICS"}, "unmapped": "invalid", "ignoreCase": true,
                                         "noOption": {"durable_manufacturing": "broader than any option"}}}}
                """);
        assertEquals(List.of("industry: the value of /Industry has a value that is not in the value map (1 known values): broader than any option"),
                plan.map(record(map("Industry", "Durable Manufacturing"))).errors());
        assertEquals(List.of("industry: the value of /Industry has a value that is not in the value map (1 known values)"),
                plan.map(record(map("Industry", "Space Tourism"))).errors());
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"a": {"from": "/A", "values": {"x": "1"}, "noOption": {"x": "none near"}},
                            "b": {"from": "/B", "values": {"x": "1"}, "noOption": {"y": " "}},
                            "c": {"from": "/C", "noOption": {"y": "none near"}}}}"""));
        assertEquals(List.of("a: \"noOption\" names 'x', which is a row of the value map; remove one of the two",
                "b: \"noOption\" gives 'y' no text; say why the target has no option near it",
                "c: \"noOption\" says why a value map has no row for some values; add \"values\" or \"crosswalk\", or remove \"noOption\""),
                e.getProblems());
    }

    /**
     * A value "noOption" lists that "unmapped": "drop" leaves empty, or that a preset's field writes as its "default", is noted with why,
     * after the note any value without a row gets, as a refusal of it says why: the admin who chose the policy learns why the value became
     * the default or nothing. A value it does not list keeps the note alone. Before, the why was said only in a refusal.
     */
    @Test
    void aValueTheTargetHasNoOptionNearSaysWhyWhereItIsLeftEmptyOrWrittenAsTheDefault() throws MappingConfigurationException {
        final MappingPlan dropping = plan("""
                {"fields": {"industry": {"from": "/Industry", "values": {"plastics": "PLASTICS"}, "unmapped": "drop", "ignoreCase": true,
                                         "noOption": {"durable_manufacturing": "broader than any option"}}}}
                """);
        assertEquals("industry: left empty, as the target has no equivalent of the value of /Industry (none of the 1 in its value map: broader "
                + "than any option)", dropping.map(record(map("Industry", "Durable Manufacturing"))).record().getValue("crm_errors"));
        assertEquals("industry: left empty, as the target has no equivalent of the value of /Industry (none of the 1 in its value map)",
                dropping.map(record(map("Industry", "Space Tourism"))).record().getValue("crm_errors"));

        final MappingPlan fallback = MappingCompiler.compile(CrmSchema.DYNAMICS_365_ACCOUNT, CrmSchema.HUBSPOT_COMPANY, SpecificationReader.read("""
                {"fields": {"industry": {"unmapped": "default", "default": "BUSINESS_SUPPLIES_AND_EQUIPMENT"}}}"""), null,
                UnmappedFieldPolicy.DROP, "crm_errors");
        final String note = "industry: written as BUSINESS_SUPPLIES_AND_EQUIPMENT (its default), as HubSpot has no option for the value of "
                + "/industrycode (none of its 148 options";
        final Record services = fallback.map(record(map("name", "Acme", "industrycode", "6"))).record();
        assertEquals("BUSINESS_SUPPLIES_AND_EQUIPMENT", services.getValue("industry"));
        assertEquals(note + ": Dynamics 365's Business Services (industrycode 6) is broader than any of them; HubSpot names kinds of business "
                + "service only, such as Staffing and Recruiting or Facilities Services)", services.getValue("crm_errors"));
        assertEquals(note + ")", fallback.map(record(map("name", "Acme", "industrycode", "Space Tourism"))).record().getValue("crm_errors"));
    }

    /**
     * An operator's option set map with "ownOptionsFrom": a whole number from it that no row knows is the organisation's own option, kept
     * and noted under "default" (not written as the default, which a number below it and a word still are), refused with that reason
     * under "invalid". Before, "ownOptionsFrom" was an unknown key.
     */
    @Test
    void anOrganisationsOwnOptionNumberIsKeptAndNotedOrRefusedWithThatReason() throws MappingConfigurationException {
        final MappingPlan fallback = plan("""
                {"fields": {"code": {"from": "/Code", "values": {"a": "1"}, "type": "int", "unmapped": "default", "default": 100000000,
                                     "ownOptionsFrom": 100000000}}}""");
        final MappingResult own = fallback.map(record(map("Code", "100000007")));
        assertEquals(100000007, own.record().getValue("code"));
        assertEquals("code: kept as written, an option number an organisation adds (100000000 or above), which no row of its value map "
                + "(1 known values) is (the value of /Code); the load takes it where the target organisation has that option",
                own.record().getValue("crm_errors"));
        assertEquals(100000000, fallback.map(record(map("Code", "99999999"))).record().getValue("code"));
        assertEquals(100000000, fallback.map(record(map("Code", "b"))).record().getValue("code"));
        assertEquals(1, fallback.map(record(map("Code", "a"))).record().getValue("code"));

        final MappingPlan refusing = plan("""
                {"fields": {"code": {"from": "/Code", "values": {"a": "1"}, "type": "int", "unmapped": "invalid", "ownOptionsFrom": 100000000}}}""");
        final MappingResult refused = refusing.map(record(map("Code", 100000007)));
        assertEquals(List.of("code: the value of /Code is an option number an organisation adds (100000000 or above), which no row of its "
                + "value map (1 known values) is; list your organisation's options in a value map of your own"), refused.errors());
    }

    @Test
    void ownOptionsWithoutAMapOrBelowOneAreAConfigurationProblem() {
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"a": {"from": "/A", "type": "int", "ownOptionsFrom": 100000000},
                            "b": {"from": "/B", "values": {"x": "1"}, "ownOptionsFrom": 0}}}"""));
        assertEquals(List.of("a: \"ownOptionsFrom\" says which numbers no row of a value map knows are an organisation's own options; add "
                        + "\"values\" or \"crosswalk\", or remove \"ownOptionsFrom\"",
                "b: \"ownOptionsFrom\" is 0; give the least option number an organisation adds (Dataverse's 100000000), 1 or more"), e.getProblems());
    }

    /**
     * A "nearest" map's row whose value spells other words than its key (Plastics → Manufacturing) is an approximation: written, named in
     * the result's approximated fields, never noted on the record; a row of the same words (Food & Beverage → food_beverage's Food &
     * Beverage) and a value no row knows are not. Before, "nearest" was an unknown key.
     */
    @Test
    void aNearestRowIsWrittenAndCountedNotNoted() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"Industry": {"from": "/Industry", "values": {"plastics": "Manufacturing", "food_beverage": "Food & Beverage"},
                                         "nearest": true}}}""");
        final MappingResult plastics = plan.map(record(map("Industry", "plastics")));
        assertEquals("Manufacturing", plastics.record().getValue("Industry"));
        assertEquals(List.of("Industry"), plastics.approximated());
        assertEquals(-1, plastics.record().getSchema().getFieldNames().indexOf("crm_errors"));
        final MappingResult same = plan.map(record(map("Industry", "food_beverage")));
        assertEquals("Food & Beverage", same.record().getValue("Industry"));
        assertEquals(List.of(), same.approximated());
        assertEquals(List.of(), plan.map(record(map("Industry", "Space Tourism"))).approximated());
    }

    /**
     * A "nearest" map's row that "sameMeaning" names writes a value of its key's meaning in other words (arts_crafts as Arts and Crafts):
     * written, not counted; a row it does not name, of other words, still is. Naming no row, a lossy row, or standing without "nearest"
     * or a map is a configuration problem. Before, "sameMeaning" was an unknown key, and such a row was counted.
     */
    @Test
    void aRowOfTheSameMeaningInOtherWordsIsNotCounted() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"Industry": {"from": "/Industry", "values": {"arts_crafts": "Arts and Crafts", "banking_mortgage": "Banking"},
                                         "nearest": true, "sameMeaning": ["arts_crafts"]}}}""");
        final MappingResult same = plan.map(record(map("Industry", "arts_crafts")));
        assertEquals("Arts and Crafts", same.record().getValue("Industry"));
        assertEquals(List.of(), same.approximated());
        assertEquals(List.of("Industry"), plan.map(record(map("Industry", "banking_mortgage"))).approximated());

        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"a": {"from": "/A", "values": {"x": "1"}, "nearest": true, "sameMeaning": ["y"]},
                            "b": {"from": "/B", "values": {"x": "1"}, "sameMeaning": ["x"]},
                            "c": {"from": "/C", "values": {"x": "1"}, "nearest": true, "lossy": {"x": "leaves out y"}, "sameMeaning": ["x"]},
                            "d": {"from": "/D", "sameMeaning": ["x"]}}}"""));
        assertEquals(List.of("a: \"sameMeaning\" names 'y', which is no row of the value map; list values of \"values\" (or the crosswalk) "
                        + "written as a value of the same meaning",
                "b: \"sameMeaning\" names rows of a value map that are no approximation; it applies with \"nearest\": true, add it or remove "
                        + "\"sameMeaning\"",
                "c: \"sameMeaning\" names 'x', which \"lossy\" says loses part of its meaning; remove one of the two",
                "d: \"sameMeaning\" names rows of a value map; add \"values\" or \"crosswalk\", or remove \"sameMeaning\""), e.getProblems());
    }

    /**
     * In a map of your own, a row that writes its key's words joined by "and" where the key has "&amp;" (food_beverage as Food and
     * Beverage) is of the key's meaning, as Food &amp; Beverage is, not counted; other words still are (plastics as Manufacturing).
     * Before, Food and Beverage counted as the nearest value.
     */
    @Test
    void aRowWritingItsKeysWordsJoinedByAndIsNotCounted() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"Industry": {"from": "/Industry", "values": {"food_beverage": "Food and Beverage", "plastics": "Manufacturing",
                                         "oil_and_energy": "Oil & Energy"}, "nearest": true}}}""");
        assertEquals(List.of(), plan.map(record(map("Industry", "food_beverage"))).approximated());
        assertEquals(List.of(), plan.map(record(map("Industry", "oil_and_energy"))).approximated());
        assertEquals(List.of("Industry"), plan.map(record(map("Industry", "plastics"))).approximated());
    }

    @Test
    void nearestWithoutAMapIsAConfigurationProblem() {
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"a": {"from": "/A", "nearest": true}}}"""));
        assertEquals(List.of("a: \"nearest\" says a value map's rows write the nearest value; add \"values\" or \"crosswalk\", or remove \"nearest\""),
                e.getProblems());
    }

    @Test
    void unmappedWithoutAMapIsAConfigurationProblem() {
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"d": {"unmapped": "default", "default": "Other"}}}"""));
        assertEquals(List.of("d: \"unmapped\" applies to a value map; add \"values\", \"crosswalk\" or \"drop\", or remove \"unmapped\" (alone, with its "
                + "\"default\", it changes the value map of a Target Schema preset's field of that name)"), e.getProblems());
    }

    /**
     * "unmapped" alone on a Target Schema preset's field keeps the preset's field (its source, its table) and changes what a value of no
     * row does; with another key it replaces the field as any entry does, and an entry without a map is a problem. A value the policy
     * writes as the default is noted; a value in words is the code it spells first.
     */
    @Test
    void unmappedAloneChangesOnlyWhatAPresetFieldDoesWithAValueOfNoRow() throws MappingConfigurationException {
        final MappingPlan plan = MappingCompiler.compile(null, CrmSchema.SALESFORCE_ACCOUNT, SpecificationReader.read("""
                {"fields": {"Industry": {"unmapped": "default", "default": "Other"}}}"""), null, UnmappedFieldPolicy.DROP, "crm_errors");
        assertEquals("Government", plan.map(record(map("company", "Acme", "industry", "Military Industry"))).record().getValue("Industry"));
        assertEquals("Manufacturing", plan.map(record(map("company", "Acme", "industry", "plastics"))).record().getValue("Industry"));
        final Record fallback = plan.map(record(map("company", "Acme", "industry", "Space Tourism"))).record();
        assertEquals("Other", fallback.getValue("Industry"));
        assertEquals("Industry: written as Other (its default), as Salesforce has no option for the value of /industry (none of its 32 options)",
                fallback.getValue("crm_errors"));

        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> MappingCompiler.compile(null,
                CrmSchema.SALESFORCE_ACCOUNT, SpecificationReader.read("""
                {"fields": {"Industry": {"unmapped": "default", "default": "Other", "maxLength": 40}}}"""), null, UnmappedFieldPolicy.DROP, "crm_errors"));
        assertEquals(List.of("Industry: \"unmapped\" applies to a value map; add \"values\", \"crosswalk\" or \"drop\", or remove \"unmapped\" "
                + "(alone, with its \"default\", it changes the value map of a Target Schema preset's field of that name)"), e.getProblems());
    }

    /**
     * Zoho keeps a converted lead in its Leads module, marked by Converted__s and dated by Converted_Date_Time (an API datetime with
     * its offset, or an import file's M/d/yyyy H:mm:ss): both are read, as converted and the day of converted_at.
     */
    @Test
    void aZohoLeadsConversionIsRead() throws MappingConfigurationException {
        final MappingPlan plan = MappingCompiler.compile(CrmSchema.ZOHO_LEAD, null, MappingSpecification.empty(), null,
                UnmappedFieldPolicy.DROP, "crm_errors");
        final Record api = plan.map(record(map("Last_Name", "Lee", "Converted__s", true, "Converted_Date_Time", "2024-03-05T10:15:00+05:30")))
                .record();
        assertEquals(Boolean.TRUE, api.getValue("converted"));
        assertEquals(java.time.LocalDate.of(2024, 3, 5), toLocalDate(api.getValue("converted_at")));
        final Record file = plan.map(record(map("Last_Name", "Kim", "Converted__s", "false", "Converted_Date_Time", "03/06/2024 09:00:00")))
                .record();
        assertEquals(Boolean.FALSE, file.getValue("converted"));
        assertEquals(java.time.LocalDate.of(2024, 3, 6), toLocalDate(file.getValue("converted_at")));
    }

    private static java.time.LocalDate toLocalDate(final Object value) {
        return value instanceof java.sql.Date date ? date.toLocalDate() : (java.time.LocalDate) value;
    }

    @Test
    void aValueListedBothInValuesAndInDropIsAConfigurationProblem() {
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"r": {"from": "/R", "values": {"Hot": "1"}, "drop": ["hot"], "ignoreCase": true}}}"""));
        assertEquals(List.of("r: hot is listed both in \"values\" and in \"drop\"; keep one"), e.getProblems());
    }

    /**
     * A value the target has but refuses from this load is listed in "values" (what the target calls it) and in "drop" with a
     * "dropReason" (why it is refused): the field is left empty, and the note gives what it would have been written as, for the
     * operator who writes it after the load; without a "dropReason" such a value is still a configuration problem.
     */
    @Test
    void aValueTheTargetRefusesFromThisLoadIsNotedWithWhatItWouldBeWrittenAs() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"s": {"from": "/S", "values": {"open": "1", "won": "2", "lost": "3"}, "drop": ["won", "lost"],
                                  "dropReason": "the target creates every deal open", "type": "int"}}}""");
        final Record won = plan.map(record(map("S", "won"))).record();
        assertNull(won.getValue("s"));
        assertEquals("s: left empty, as the target creates every deal open (the value of /S is won: 2 in its value map)",
                won.getValue("crm_errors"));
        final Record open = plan.map(record(map("S", "open"))).record();
        assertEquals(1, open.getValue("s"));
        assertNull(open.getValue("crm_errors"));
    }

    @Test
    void readsCrosswalkTables(@TempDir final Path folder) throws IOException, MappingConfigurationException {
        Files.writeString(folder.resolve("sal.csv"), "salesforce,zoho\nMr.,Mr\n,ignored\nDr.,Dr\n");
        final MappingSpecification specification = SpecificationReader.read("""
                {"crosswalks": {"sal": {"file": "sal.csv", "from": "salesforce", "to": "zoho"}},
                 "fields": {"Salutation": {"from": "/Salutation", "crosswalk": "sal", "values": {"Dr.": "Doctor"}}}}
                """);
        final MappingPlan plan = MappingCompiler.compile(null, null, specification, folder, UnmappedFieldPolicy.DROP, "crm_errors");
        assertEquals("Mr", plan.map(record(map("Salutation", "Mr."))).record().getValue("Salutation"));
        assertEquals("Doctor", plan.map(record(map("Salutation", "Dr."))).record().getValue("Salutation"));
    }

    @Test
    void rejectsAmbiguousCrosswalk(@TempDir final Path folder) throws IOException, MappingConfigurationException {
        Files.writeString(folder.resolve("sal.csv"), "a,b\nMr.,Mr\nMr.,Herr\n");
        final MappingSpecification specification = SpecificationReader.read("""
                {"crosswalks": {"sal": {"file": "sal.csv", "from": "a", "to": "b"}}, "fields": {"s": {"from": "/s", "crosswalk": "sal"}}}
                """);
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class,
                () -> MappingCompiler.compile(null, null, specification, folder, UnmappedFieldPolicy.DROP, "crm_errors"));
        assertTrue(e.getMessage().contains("is listed twice with different 'b' values"), e.getMessage());
    }

    @Test
    void convertsTypesAndFormats() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"createdate": {"from": "/CreatedDate", "type": "timestamp", "inputFormats": ["yyyy-MM-dd'T'HH:mm:ss.SSSZ"]},
                            "zoho_date": {"from": "/Birthdate", "type": "date", "format": "MM/dd/yyyy"},
                            "employees": {"from": "/NumberOfEmployees", "type": "int"},
                            "revenue": {"from": "/AnnualRevenue", "type": "decimal"}}}
                """);
        final Record mapped = plan.map(record(map("CreatedDate", "2024-01-15T10:30:00.000+0000", "Birthdate", "1978-04-02",
                "NumberOfEmployees", "250", "AnnualRevenue", "1250000.50"))).record();
        assertEquals(java.sql.Timestamp.from(java.time.Instant.parse("2024-01-15T10:30:00Z")), mapped.getValue("createdate"));
        assertEquals("04/02/1978", mapped.getValue("zoho_date"));
        assertEquals(250, mapped.getValue("employees"));
        assertEquals(new BigDecimal("1250000.50"), mapped.getValue("revenue"));
        assertEquals(RecordFieldType.TIMESTAMP, plan.getOutputSchema().getDataType("createdate").orElseThrow().getFieldType());
        assertEquals(RecordFieldType.STRING, plan.getOutputSchema().getDataType("zoho_date").orElseThrow().getFieldType());

        final MappingResult failed = plan.map(record(map("CreatedDate", "yesterday", "NumberOfEmployees", "many")));
        assertEquals(List.of("createdate: the value of /CreatedDate is not a timestamp in any of the formats [yyyy-MM-dd'T'HH:mm:ss.SSSZ]",
                "employees: the value of /NumberOfEmployees is not a number"), failed.errors());
    }

    /**
     * An operator's field can read a UI export's dates as the HubSpot Contact preset does: the export's format first, local times in its
     * zone (a date alone too), text with an offset and epoch milliseconds as they are; without a zone a local time is not read. A field
     * that is no date cannot say so.
     */
    @Test
    void exportDatesAreReadInTheExportsFormatAndZone() throws MappingConfigurationException {
        final MappingSpecification specification = SpecificationReader.read("""
                {"fields": {"created": {"from": "/Created", "type": "timestamp", "inputFormats": ["ISO", "epoch-millis"], "exportDates": true}}}
                """);
        final MappingPlan plan = MappingCompiler.compile(null, null, specification, null, UnmappedFieldPolicy.DROP, "crm_errors",
                ExportDates.of("dd.MM.yyyy HH:mm", "Europe/Berlin"));
        for (final List<String> given : List.of(List.of("07.03.2024 14:05", "2024-03-07T13:05:00Z"), List.of("2024-03-07 14:05", "2024-03-07T13:05:00Z"),
                List.of("2024-03-07", "2024-03-06T23:00:00Z"), List.of("2024-03-07T14:05:00+01:00", "2024-03-07T13:05:00Z"),
                List.of("1709816700000", "2024-03-07T13:05:00Z"))) {
            assertEquals(java.sql.Timestamp.from(java.time.Instant.parse(given.get(1))), plan.map(record(map("Created", given.get(0)))).record().getValue("created"),
                    given.get(0));
        }
        assertEquals(List.of("created: the value of /Created is not a timestamp in any of the formats [dd.MM.yyyy HH:mm, ISO, epoch-millis]"),
                plan.map(record(map("Created", "03/07/2024 14:05"))).errors());

        final MappingPlan withoutZone = MappingCompiler.compile(null, null, specification, null, UnmappedFieldPolicy.DROP, "crm_errors", ExportDates.NONE);
        assertEquals(java.sql.Timestamp.from(java.time.Instant.parse("2024-03-07T13:05:00Z")),
                withoutZone.map(record(map("Created", "2024-03-07T14:05:00+01:00"))).record().getValue("created"));
        assertEquals(List.of("created: the value of /Created is a local time without an offset, and the time zone it was written in is not given "
                + "(Export Time Zone)"), withoutZone.map(record(map("Created", "2024-03-07 14:05"))).errors());

        final MappingConfigurationException text = assertThrows(MappingConfigurationException.class,
                () -> plan("{\"fields\": {\"name\": {\"from\": \"/Name\", \"exportDates\": true}}}"));
        assertTrue(text.getMessage().contains("name: \"exportDates\" applies to the types date and timestamp"), text.getMessage());
    }

    /**
     * "exportDatesFrom" reads only the named coalesce paths as a UI export's (the export's format first, local times in its zone), the
     * other paths in the field's own formats, whose text without an offset stays UTC; it needs a date type, its paths in "coalesce",
     * and not "exportDates" beside it.
     */
    @Test
    void exportDatesFromReadsOnlyTheExportsColumnsInItsZone() throws MappingConfigurationException {
        final MappingSpecification specification = SpecificationReader.read("""
                {"fields": {"created": {"coalesce": ["/Created_Time", "/Created Time"], "type": "timestamp", "inputFormats": ["M/d/yyyy H:mm:ss", "ISO"],
                                        "exportDatesFrom": ["/Created Time"]}}}
                """);
        final MappingPlan plan = MappingCompiler.compile(null, null, specification, null, UnmappedFieldPolicy.DROP, "crm_errors",
                ExportDates.of("dd.MM.yyyy HH:mm", "Europe/Berlin"));
        assertEquals(java.sql.Timestamp.from(java.time.Instant.parse("2024-03-07T13:05:00Z")),
                plan.map(record(map("Created Time", "07.03.2024 14:05"))).record().getValue("created"));
        assertEquals(java.sql.Timestamp.from(java.time.Instant.parse("2024-03-07T13:05:00Z")),
                plan.map(record(map("Created Time", "3/7/2024 14:05:00"))).record().getValue("created"));
        assertEquals(java.sql.Timestamp.from(java.time.Instant.parse("2024-03-07T14:05:00Z")),
                plan.map(record(map("Created_Time", "3/7/2024 14:05:00"))).record().getValue("created"));
        assertEquals(List.of("created: the value of /Created Time is not a timestamp in any of the formats [dd.MM.yyyy HH:mm, "
                + "M/d/yyyy H:mm:ss, ISO]"), plan.map(record(map("Created Time", "March 7"))).errors());

        for (final List<String> wrong : List.of(
                List.of("{\"fields\": {\"name\": {\"coalesce\": [\"/Name\"], \"exportDatesFrom\": [\"/Name\"]}}}", "name: \"exportDatesFrom\" applies to the types date and timestamp"),
                List.of("{\"fields\": {\"created\": {\"coalesce\": [\"/A\"], \"type\": \"timestamp\", \"exportDatesFrom\": [\"/B\"]}}}", "list each of them in \"coalesce\" too"),
                List.of("{\"fields\": {\"created\": {\"coalesce\": [\"/A\"], \"type\": \"timestamp\", \"exportDates\": true, \"exportDatesFrom\": [\"/A\"]}}}",
                        "give it or \"exportDatesFrom\", not both"))) {
            final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan(wrong.get(0)));
            assertTrue(e.getMessage().contains(wrong.get(1)), e.getMessage());
        }
    }

    @Test
    void composesPresetsThroughTheCanonicalModel() throws MappingConfigurationException {
        final MappingPlan plan = MappingCompiler.compile(CrmSchema.ZOHO_CONTACT, CrmSchema.SALESFORCE_CONTACT, MappingSpecification.empty(), null,
                UnmappedFieldPolicy.DROP, "crm_errors");
        final Record mapped = plan.map(record(map("id", "3152079000000153079", "Salutation", "Dr.", "First_Name", "Aiko", "Last_Name", "Tanaka",
                "Date_of_Birth", "12/31/1990", "Modified_Time", "01/15/2024 10:30:00", "Lead_Source", "Web Download", "Email_Opt_Out", "true"))).record();
        assertEquals("3152079000000153079", mapped.getValue("External_Id__c"));
        assertEquals("Dr.", mapped.getValue("Salutation"));
        assertEquals("1990-12-31", mapped.getValue("Birthdate"));
        assertEquals("2024-01-15T10:30:00.000+0000", mapped.getValue("LastModifiedDate"));
        assertEquals("Web", mapped.getValue("LeadSource"));
        assertEquals(Boolean.TRUE, mapped.getValue("HasOptedOutOfEmail"));
        // Zoho has no MiddleName: a target the source cannot fill is left out
        assertTrue(plan.getOutputSchema().getField("MiddleName").isEmpty());
        assertTrue(plan.getOutputSchema().getField("Id").isEmpty());
    }

    /**
     * A target preset's field reads a canonical field, which the record gives in fields of its own: a reason names those, as the Source
     * Schema preset or a "canonical" entry reads them (a Dynamics 365 account's /industrycode or /Industry, the one that gave the value; a Salesforce account's
     * /Industry), also where the specification refines the preset's field ("unmapped" alone) or reads the canonical field with
     * fromCanonical. A canonical field the record gives under its own name (no Source Schema) is named so, and one a constant gives keeps
     * its name. Before, every one named the canonical /industry, which no Dynamics 365 or Salesforce record has.
     */
    @Test
    void aReasonNamesTheRecordsOwnFieldsOfACanonicalField() throws MappingConfigurationException {
        final MappingPlan presetToPreset = MappingCompiler.compile(CrmSchema.DYNAMICS_365_ACCOUNT, CrmSchema.HUBSPOT_COMPANY,
                MappingSpecification.empty(), null, UnmappedFieldPolicy.DROP, "crm_errors");
        assertEquals(List.of("industry: HubSpot does not accept the value of /industrycode (none of its 148 options: Dynamics 365's "
                + "Inbound Repair and Services (industrycode 19) is none of them; HubSpot has no industry of repair)"),
                presetToPreset.map(record(map("name", "Acme", "industrycode", "19"))).errors());

        final MappingPlan refined = MappingCompiler.compile(CrmSchema.SALESFORCE_ACCOUNT, CrmSchema.DYNAMICS_365_ACCOUNT, SpecificationReader.read("""
                {"fields": {"industrycode": {"unmapped": "default", "default": 100000000}}}"""), null, UnmappedFieldPolicy.DROP, "crm_errors");
        assertEquals("industrycode: written as 100000000 (its default), as Dynamics 365 has no option for the value of /Industry (none of its 33 "
                + "options: Education is none of them; Dynamics 365 names no industry of teaching or schools)", refined.map(record(map("Name", "Acme", "Industry", "Education"))).record().getValue("crm_errors"));
        final MappingPlan fromCanonical = MappingCompiler.compile(CrmSchema.DYNAMICS_365_ACCOUNT, CrmSchema.SALESFORCE_ACCOUNT, SpecificationReader.read("""
                {"fields": {"Industry_Code__c": {"fromCanonical": "industry", "maxLength": 9}}}"""), null, UnmappedFieldPolicy.DROP, "crm_errors");
        assertEquals(List.of("Industry_Code__c: the value of /industrycode is longer than 9 characters"),
                fromCanonical.map(record(map("name", "Acme", "industrycode", "12"))).errors());

        final MappingPlan generic = MappingCompiler.compile(null, CrmSchema.HUBSPOT_COMPANY, MappingSpecification.empty(), null,
                UnmappedFieldPolicy.DROP, "crm_errors");
        assertEquals(List.of("industry: HubSpot does not accept the value of /industry (none of its 148 options)"),
                generic.map(record(map("name", "Acme", "industry", "Space Tourism"))).errors());
        final MappingPlan constant = MappingCompiler.compile(null, CrmSchema.HUBSPOT_COMPANY, SpecificationReader.read("""
                {"canonical": {"industry": {"constant": "Space Tourism"}}}"""), null, UnmappedFieldPolicy.DROP, "crm_errors");
        assertEquals(List.of("industry: HubSpot does not accept the value of /industry (none of its 148 options)"),
                constant.map(record(map("name", "Acme"))).errors());
    }

    /**
     * A coalesce's reason names the path that gave the record's value, the one the operator looks at (a Web API record's /industrycode,
     * an Excel file's /Industry), not every path it might have read; where none gave one, all of them. Before, every reason named all
     * ("/industrycode, /Industry").
     */
    @Test
    void aCoalescesReasonNamesThePathThatGaveTheValue() throws MappingConfigurationException {
        final MappingPlan presetToPreset = MappingCompiler.compile(CrmSchema.DYNAMICS_365_ACCOUNT, CrmSchema.HUBSPOT_COMPANY,
                MappingSpecification.empty(), null, UnmappedFieldPolicy.DROP, "crm_errors");
        final String repair = " (none of its 148 options: Dynamics 365's Inbound Repair and Services (industrycode 19) is none of them; HubSpot "
                + "has no industry of repair)";
        assertEquals(List.of("industry: HubSpot does not accept the value of /industrycode" + repair),
                presetToPreset.map(record(map("name", "Acme", "industrycode", "19"))).errors());
        assertEquals(List.of("industry: HubSpot does not accept the value of /Industry" + repair),
                presetToPreset.map(record(map("Account Name", "Acme", "Industry", "Inbound Repair and Services"))).errors());
        final MappingPlan defaulted = MappingCompiler.compile(CrmSchema.SALESFORCE_ACCOUNT, CrmSchema.HUBSPOT_COMPANY, SpecificationReader.read("""
                {"canonical": {"industry": {"coalesce": ["/Industry", "/Sector"]}},
                 "fields": {"industry": {"unmapped": "default", "default": "OTHER"}}}"""), null, UnmappedFieldPolicy.DROP, "crm_errors");
        assertEquals("industry: written as OTHER (its default), as HubSpot has no option for the value of /Sector (none of its 148 options)",
                defaulted.map(record(map("Name", "Acme", "Sector", "Space Tourism"))).record().getValue("crm_errors"));

        final MappingPlan own = plan("""
                {"fields": {"size": {"coalesce": ["/Employees", "/Headcount"], "type": "int", "minimum": 0, "maximum": 1000, "required": true},
                            "rating": {"coalesce": ["/Rating", "/Temperature"], "values": {"Hot": "1"}, "unmapped": "invalid"}}}""");
        assertEquals(List.of("size: the value of /Headcount is outside 0 to 1,000", "rating: the value of /Temperature has a value that is "
                + "not in the value map (1 known values)"), own.map(record(map("Headcount", 5000, "Temperature", "Warm"))).errors());
        assertEquals(List.of("size: the value of /Employees is outside 0 to 1,000", "rating: the value of /Rating has a value that is not in "
                + "the value map (1 known values)"), own.map(record(map("Employees", 5000, "Headcount", 5, "Rating", "Warm"))).errors());
        assertEquals(List.of("size: is required by the target, and /Employees, /Headcount gives no value"),
                own.map(record(map("Rating", "Hot"))).errors());
    }

    /**
     * A concat's value is its paths' together: each of its reasons names all of them, joined as it joins them ({@code /First +
     * /Last}), also where a target preset's field reads a canonical field a {@code canonical} concat gives; a split's reasons name
     * the path it splits, not a person-name split's country path, which only tells how to split it. Unlike a coalesce's, which name the one
     * path that gave the value (c127c626), as no one path gives a concat's value.
     */
    @Test
    void aConcatsReasonsNameAllItsPathsAndASplitsThePathItSplits() throws MappingConfigurationException {
        final MappingPlan own = plan("""
                {"fields": {"name": {"concat": ["/First", "/Last"], "maxLength": 5},
                            "code": {"concat": ["/First", "/Last"], "values": {"x": "y"}, "unmapped": "invalid"},
                            "number": {"concat": ["/First", "/Last"], "type": "int"},
                            "last": {"split": "/Full", "using": "person-name", "part": "last", "country": "/Country", "maxLength": 3},
                            "line": {"split": "/Street", "using": "lines", "part": "1", "type": "int"}}}""");
        assertEquals(List.of("name: the value of /First + /Last is longer than 5 characters", "code: the value of /First + /Last has a value "
                + "that is not in the value map (1 known values)", "number: the value of /First + /Last is not a number",
                "last: the value of /Full is longer than 3 characters", "line: the value of /Street is not a number"),
                own.map(record(map("First", "Jonathan", "Last", "Smithers", "Full", "Ana García López", "Country", "ES", "Street", "Main St\n2")))
                        .errors());
        assertEquals(List.of("name: is required by the target, and /First + /Last gives no value"),
                plan("""
                        {"fields": {"name": {"concat": ["/First", "/Last"], "required": true}}}""").map(record(map("Country", "ES"))).errors());

        final MappingPlan canonical = MappingCompiler.compile(CrmSchema.SALESFORCE_CONTACT, CrmSchema.DYNAMICS_365_CONTACT, SpecificationReader.read("""
                {"canonical": {"street": {"concat": ["/MailingStreet", "/OtherStreet"], "separator": "\\n"}},
                 "fields": {"description": {"fromCanonical": "street", "maxLength": 2}}}"""), null, UnmappedFieldPolicy.DROP, "crm_errors");
        assertEquals(List.of("description: the value of /MailingStreet + /OtherStreet is longer than 2 characters"),
                canonical.map(record(map("LastName", "Lee", "MailingStreet", "1 Harbour Rd", "OtherStreet", "Unit 2"))).errors());
    }

    /**
     * A value a map leaves empty is named as the map lists it (the canonical code) and, where the record holds it in other words, as the
     * record holds it: a Zoho lead's Rating "Shut Down" (shut_down), a Salesforce lead's Status "Closed - Not Converted"
     * (closed_not_converted). Before, only the code, which the record does not have. A value of the same words keeps the one.
     * <p>
     * The record's text is named as its CRM shows it, the HTML entities an export or an API wrote in it read as the characters they stand
     * for, as the look-up that found its row read them: {@code Shut&nbsp;Down} as Shut Down, {@code Closed &#45; Not Converted} as
     * Closed - Not Converted; an operator's {@code Oil &amp; Gas} once, as the Oil &amp; Gas its drop list has. A value no row lists is
     * named by its field alone, entities or not. Before, each was named as written, entities and all ({@code is Oil &amp; Gas}).
     */
    @Test
    void aDroppedValuesNoteNamesTheRecordsOwnTextBesideTheCanonicalCode() throws MappingConfigurationException {
        final MappingPlan zoho = MappingCompiler.compile(CrmSchema.ZOHO_LEAD, CrmSchema.DYNAMICS_365_LEAD, MappingSpecification.empty(), null,
                UnmappedFieldPolicy.DROP, "crm_errors");
        for (final String written : List.of("Shut Down", "Shut&nbsp;Down", "Shut&#32;Down")) {
            assertEquals("leadqualitycode: left empty, as Dynamics 365 has no equivalent of shut_down (the value of /Rating is Shut Down)",
                    zoho.map(record(map("Last_Name", "Kim", "Company", "Bolt", "Rating", written))).record().getValue("crm_errors"), written);
        }
        assertEquals("leadqualitycode: left empty, as Dynamics 365 has no equivalent of acquired (the value of /Rating)",
                zoho.map(record(map("Last_Name", "Lee", "Company", "Acme", "Rating", "Acquired"))).record().getValue("crm_errors"));

        final MappingPlan salesforce = MappingCompiler.compile(CrmSchema.SALESFORCE_LEAD, CrmSchema.DYNAMICS_365_LEAD, MappingSpecification.empty(),
                null, UnmappedFieldPolicy.DROP, "crm_errors");
        for (final String written : List.of("Closed - Not Converted", "Closed &#45; Not Converted", "Closed &ndash; Not Converted")) {
            final Object note = salesforce.map(record(map("LastName", "Lee", "Company", "Acme", "Status", written))).record().getValue("crm_errors");
            assertTrue(String.valueOf(note).startsWith("statuscode: left empty, as Dataverse creates every lead Open"), String.valueOf(note));
            assertTrue(String.valueOf(note).endsWith(" (the value of /Status is Closed - Not Converted, read as closed_not_converted: 4 in its "
                    + "value map)"), String.valueOf(note));
        }

        // an operator's map reading the record: the listed value and the record's differ in case at most, and are named once
        final MappingPlan own = plan("""
                {"fields": {"rating": {"from": "/Temperature", "values": {"Hot": "1"}, "drop": ["Lukewarm"], "ignoreCase": true}}}""");
        assertEquals("rating: left empty, as the target has no equivalent of Lukewarm (the value of /Temperature)",
                own.map(record(map("Temperature", "LUKEWARM"))).record().getValue("crm_errors"));
        final MappingPlan sectors = plan("""
                {"fields": {"sector": {"from": "/Industry", "values": {"Oil & Energy": "energy"}, "drop": ["Oil & Gas"], "unmapped": "drop"}}}""");
        assertEquals("sector: left empty, as the target has no equivalent of Oil & Gas (the value of /Industry)",
                sectors.map(record(map("Industry", "Oil &amp; Gas"))).record().getValue("crm_errors"));
        assertEquals("sector: left empty, as the target has no equivalent of the value of /Industry (none of the 1 in its value map)",
                sectors.map(record(map("Industry", "Caf&eacute; Society"))).record().getValue("crm_errors"));
    }

    @Test
    void mapsAccountsAndHubSpotEpochMillis() throws MappingConfigurationException {
        final MappingPlan plan = MappingCompiler.compile(CrmSchema.HUBSPOT_COMPANY, CrmSchema.DYNAMICS_365_ACCOUNT, MappingSpecification.empty(), null,
                UnmappedFieldPolicy.DROP, "crm_errors");
        final Map<String, Object> values = map("hs_object_id", "9876543210", "name", "Crosby Inc", "annualrevenue", "1250000.5",
                "numberofemployees", "250", "address", "1 Harbour Rd\nUnit 2", "createdate", "1705314600000");
        final Record mapped = plan.map(record(values)).record();
        assertEquals("9876543210", mapped.getValue("new_externalid"));
        assertEquals("Crosby Inc", mapped.getValue("name"));
        assertEquals(new BigDecimal("1250000.5"), mapped.getValue("revenue"));
        assertEquals(250, mapped.getValue("numberofemployees"));
        assertEquals("Unit 2", mapped.getValue("address1_line2"));
        assertEquals("2024-01-15T10:30:00Z", mapped.getValue("overriddencreatedon"));
    }

    @Test
    void readsRecordPathsWhereAPlainNameIsNotEnough() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"initial": {"from": "substring(/FirstName, 0, 1)"}, "city": {"from": "//city"}}}
                """);
        final Record mapped = plan.map(record(map("FirstName", "Jan", "address", record(Map.of("city", "Utrecht"))))).record();
        assertEquals("J", mapped.getValue("initial"));
        assertEquals("Utrecht", mapped.getValue("city"));
    }

    @Test
    void readsDynamicsExcelExportColumnsAndDoesNotWriteThem() throws MappingConfigurationException {
        // the hidden Modified On is the exporting user's local time: read in the export's zone, here UTC
        final MappingPlan plan = MappingCompiler.compile(CrmSchema.DYNAMICS_365_CONTACT, CrmSchema.HUBSPOT_CONTACT, MappingSpecification.empty(), null,
                UnmappedFieldPolicy.INVALID, "crm_errors", ExportDates.of(null, "UTC"));
        final MappingResult result = plan.map(record(map("(Do Not Modify) Contact", "5f2c1c1e-4a6b-4f0e-9a57-8d2e1f0b7c11",
                "(Do Not Modify) Row Checksum", "abc==", "(Do Not Modify) Modified On", "1/15/2024 10:30 AM", "First Name", "Jan",
                "Last Name", "Berg")));
        assertTrue(result.isValid(), result.errors().toString());
        assertEquals("5f2c1c1e-4a6b-4f0e-9a57-8d2e1f0b7c11", result.record().getValue("external_id"));
        assertEquals("2024-01-15T10:30:00.000Z", result.record().getValue("lastmodifieddate"));
        assertEquals("Jan", result.record().getValue("firstname"));
        assertTrue(result.record().getSchema().getFieldNames().stream().noneMatch(name -> name.startsWith("(Do Not Modify)")));
    }

    @Test
    void sourcePresetAloneWritesTheCanonicalModelAndSpecificationOverridesIt() throws MappingConfigurationException {
        final MappingSpecification specification = SpecificationReader.read("""
                {"fields": {"email": {"from": "/Email", "default": "unknown@example.com"}, "owner": null, "full_name": {"concat": ["/FirstName", "/LastName"]}}}
                """);
        final MappingPlan plan = MappingCompiler.compile(CrmSchema.SALESFORCE_CONTACT, null, specification, null, UnmappedFieldPolicy.DROP, "crm_errors");
        final Record mapped = plan.map(record(map("Id", "0035g00000AbCdEAAV", "FirstName", "Jan", "LastName", "Berg", "OwnerId", "005x"))).record();
        assertEquals("0035g00000AbCdEAAV", mapped.getValue("record_id"));
        assertEquals("unknown@example.com", mapped.getValue("email"));
        assertEquals("Jan Berg", mapped.getValue("full_name"));
        assertTrue(plan.getOutputSchema().getField("owner").isEmpty());
        final List<String> names = plan.getOutputSchema().getFieldNames();
        assertEquals(names.indexOf("suffix") + 1, names.indexOf("email"), "an overridden field keeps its place");
    }

    @Test
    void reportsCanonicalEntriesNoTargetReads() throws MappingConfigurationException {
        final MappingSpecification specification = SpecificationReader.read("{\"canonical\": {\"first_nmae\": {\"from\": \"/First Name\"}}}");
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> MappingCompiler.compile(null,
                CrmSchema.HUBSPOT_CONTACT, specification, null, UnmappedFieldPolicy.DROP, "crm_errors"));
        assertTrue(e.getMessage().startsWith("canonical field 'first_nmae' is not read by any field of Target Schema 'HubSpot Contact'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the canonical fields it reads are record_id, salutation, first_name, last_name, email, phone, mobile_phone, fax, "
                + "street, city, state, postal_code, country, company, job_title, birth_date, website, annual_revenue, employees, created_at, modified_at, lifecycle_stage, "
                + "lead_status"),
                e.getMessage());
    }

    @Test
    void keepsUnmappedFieldsAfterMappedOnes() throws MappingConfigurationException {
        final MappingPlan plan = MappingCompiler.compile(null, null, SpecificationReader.read("{\"fields\": {\"a\": {\"from\": \"/A\"}}}"), null,
                UnmappedFieldPolicy.KEEP, "crm_errors");
        final Record mapped = plan.map(record(map("A", "1", "B", "2"))).record();
        assertEquals(List.of("a", "B"), mapped.getSchema().getFieldNames());
        assertEquals("2", mapped.getValue("B"));
    }

    @Test
    void collectsEveryConfigurationProblem() {
        final MappingConfigurationException e = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"a": {}, "b": {"from": "/B", "concat": ["/C"]}, "c": {"from": "/C", "type": "date", "inputFormats": ["yyyy-MM-dd'T"]},
                            "d": {"from": "/D", "unmapped": "invalid"}, "e": {"from": "/E", "crosswalk": "nope"},
                            "f": {"from": "/F", "when": {"field": "/G"}}, "g": {"from": "/G", "format": "MM/dd/yyyy"},
                            "h": {"from": "/H", "type": "int", "default": "many"}, "i": {"split": "/I", "using": "lines", "part": "first"},
                            "x": {"from": "/X"}, "x/y": {"from": "/Y"}}}
                """));
        final List<String> problems = e.getProblems();
        assertEquals(10, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("a: say where the value comes from"), problems.get(0));
        assertTrue(problems.get(1).startsWith("b: give only one of from, fromCanonical, coalesce, concat, split, constant (found from and concat)"), problems.get(1));
        assertTrue(problems.get(2).startsWith("c: 'yyyy-MM-dd'T' is not a date pattern"), problems.get(2));
        assertTrue(problems.get(3).startsWith("d: \"unmapped\" applies to a value map"), problems.get(3));
        assertTrue(problems.get(4).startsWith("e: crosswalk 'nope' is not declared"), problems.get(4));
        assertTrue(problems.get(5).startsWith("f: \"when\" takes exactly one test"), problems.get(5));
        assertTrue(problems.get(6).startsWith("g: \"format\" applies to the types date and timestamp"), problems.get(6));
        assertTrue(problems.get(7).startsWith("h: the default is not a number"), problems.get(7));
        assertTrue(problems.get(8).startsWith("i: unknown part 'first'"), problems.get(8));
        assertTrue(problems.get(9).startsWith("Target field 'x' is written twice: once as a value and once as the record"), problems.get(9));
    }

    @Test
    void reportsJsonProblemsWithTheirPosition() {
        final MappingConfigurationException unknown = assertThrows(MappingConfigurationException.class,
                () -> SpecificationReader.read("{\"fields\": {\"zip\": {\"form\": \"/Zip\"}}}"));
        assertTrue(unknown.getMessage().startsWith("Unknown key 'form' at line 1, column 36 (in fields.zip); the keys allowed there are coalesce, concat"),
                unknown.getMessage());
        final MappingConfigurationException misplaced = assertThrows(MappingConfigurationException.class,
                () -> SpecificationReader.read("{\"unmappedFields\": \"drop\"}"));
        assertTrue(misplaced.getMessage().endsWith("(in the top level); the keys allowed there are canonical, crosswalks, fields, ignore; "
                + "unmapped source fields are governed by the processor's Unmapped Fields property"), misplaced.getMessage());
        final MappingConfigurationException syntax = assertThrows(MappingConfigurationException.class,
                () -> SpecificationReader.read("{\"fields\":\n {\"zip\": }}"));
        assertTrue(syntax.getMessage().startsWith("The mapping specification is not valid JSON at line 2, column 10"), syntax.getMessage());
    }

    private static MappingPlan plan(final String json) throws MappingConfigurationException {
        return MappingCompiler.compile(null, null, SpecificationReader.read(json), null, UnmappedFieldPolicy.DROP, "crm_errors");
    }

    private static Map<String, Object> map(final Object... keysAndValues) {
        final Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }

    private static Record record(final Map<String, Object> values) {
        final List<RecordField> fields = new ArrayList<>();
        values.forEach((name, value) -> fields.add(new RecordField(name, value instanceof Record nested
                ? RecordFieldType.RECORD.getRecordDataType(nested.getSchema()) : RecordFieldType.STRING.getDataType(), true)));
        return new MapRecord(new SimpleRecordSchema(fields), new LinkedHashMap<>(values));
    }
}
