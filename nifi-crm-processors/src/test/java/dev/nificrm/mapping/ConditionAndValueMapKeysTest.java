package dev.nificrm.mapping;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A condition's values and a value map's keys are read as the field's value is: trimmed, and with {@code ignoreCase}
 * regardless of case. Before, {@code "equals": "Business "} never held (the field's text is trimmed, the value was not), and
 * two keys the map reads as one value ({@code "Mr."} and {@code "MR."} with ignoreCase, {@code " Mr."} and {@code "Mr."})
 * with different targets compiled, the last one winning silently, where the page calls a value listed twice with different
 * targets a configuration error.
 */
class ConditionAndValueMapKeysTest {
    private static final SimpleRecordSchema SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("Phone", RecordFieldType.STRING.getDataType()), new RecordField("Type", RecordFieldType.STRING.getDataType())));

    private static MappingPlan plan(final String specification, final Path directory) throws MappingConfigurationException {
        return MappingCompiler.compile(null, null, SpecificationReader.read(specification), directory, UnmappedFieldPolicy.DROP, "crm_errors");
    }

    private static Record record(final String phone, final String type) {
        return new MapRecord(SCHEMA, new java.util.HashMap<>(Map.of("Phone", phone, "Type", type)));
    }

    @Test
    void aConditionsValuesAreComparedTrimmedAsTheFieldIs() throws MappingConfigurationException {
        final MappingPlan equalsPlan = plan("{\"fields\": {\"work_phone\": {\"from\": \"/Phone\", \"when\": {\"field\": \"/Type\", \"equals\": \"Business \"}}}}", null);
        assertEquals("+31 20 555 0101", equalsPlan.map(record("+31 20 555 0101", " Business")).record().getValue("work_phone"));
        final MappingPlan inPlan = plan("{\"fields\": {\"work_phone\": {\"from\": \"/Phone\", \"when\": {\"field\": \"/Type\", \"in\": [\" Work\", \"Business\"]}}}}", null);
        assertEquals("+31 20 555 0101", inPlan.map(record("+31 20 555 0101", "Work")).record().getValue("work_phone"));
    }

    /**
     * A condition reads its field's HTML entities as the picklist look-up does: {@code Oil &amp; Energy} (named, numbered, in capitals,
     * escaped twice, spaces around it) meets {@code "equals": "Oil & Energy"} and an {@code in} listing it, and fails {@code notEquals},
     * as the same value finds the row of Oil &amp; Energy in a value map. A value whose characters are other ({@code Oil &amp; Gas}), or
     * with an ampersand before no entity ({@code R&D}), is compared as written. Before, each value with an entity failed {@code equals}
     * and {@code in}, and met {@code notEquals}, while its picklist row was found.
     */
    @Test
    void aConditionReadsTheFieldsHtmlEntitiesAsThePicklistLookUpDoes() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"sector": {"from": "/Type", "values": {"Oil & Energy": "energy", "R&D": "research"}},
                            "energy_phone": {"from": "/Phone", "when": {"field": "/Type", "equals": "Oil & Energy"}},
                            "listed_phone": {"from": "/Phone", "when": {"field": "/Type", "in": ["Mining & Metals", "Oil & Energy"]}},
                            "other_phone": {"from": "/Phone", "when": {"field": "/Type", "notEquals": "Oil & Energy"}}}}""", null);
        for (final String written : List.of("Oil &amp; Energy", "Oil &#38; Energy", " Oil &#x26; Energy&nbsp;", "Oil &AMP; Energy",
                "Oil &amp;amp; Energy", "Oil & Energy")) {
            final Record mapped = plan.map(record("+31 20 555 0101", written)).record();
            assertEquals(Arrays.asList("energy", "+31 20 555 0101", "+31 20 555 0101", null), Stream.of("sector", "energy_phone", "listed_phone",
                    "other_phone").map(mapped::getValue).toList(), written);
        }
        for (final String written : List.of("Oil &amp; Gas", "R&D")) {
            final Record mapped = plan.map(record("+31 20 555 0101", written)).record();
            assertEquals(Arrays.asList(null, null, "+31 20 555 0101"), Stream.of("energy_phone", "listed_phone", "other_phone")
                    .map(mapped::getValue).toList(), written);
        }
    }

    /**
     * A condition's own values written with HTML entities, as a tool that escapes its output writes a specification
     * ({@code "equals": "Oil &amp; Energy"}), are the characters they stand for too, as the field's text is: the field's
     * {@code Oil & Energy}, {@code Oil &amp; Energy} or {@code Oil &#38; Energy} meets {@code equals} and {@code in} and fails
     * {@code notEquals}; {@code Oil & Gas} does not; with {@code ignoreCase} in any case. Before, such a value was compared as
     * written: only a field holding the same entities met it, and the plain {@code Oil & Energy}, which finds the row of
     * Oil &amp; Energy, failed {@code equals} and met {@code notEquals}.
     */
    @Test
    void aConditionsValuesWrittenWithHtmlEntitiesAreTheCharactersTheyStandFor() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"energy_phone": {"from": "/Phone", "when": {"field": "/Type", "equals": "Oil &amp; Energy"}},
                            "listed_phone": {"from": "/Phone", "when": {"field": "/Type", "in": ["Mining &amp; Metals", "Oil &#38; Energy"]}},
                            "other_phone": {"from": "/Phone", "when": {"field": "/Type", "notEquals": "Oil &amp;amp; Energy"}},
                            "caseless_phone": {"from": "/Phone", "when": {"field": "/Type", "equals": "OIL &AMP; ENERGY", "ignoreCase": true}}}}""", null);
        final List<String> fields = List.of("energy_phone", "listed_phone", "other_phone", "caseless_phone");
        for (final String written : List.of("Oil & Energy", "Oil &amp; Energy", "Oil &#38; Energy", " Oil & Energy ")) {
            final Record mapped = plan.map(record("+31 20 555 0101", written)).record();
            assertEquals(Arrays.asList("+31 20 555 0101", "+31 20 555 0101", null, "+31 20 555 0101"), fields.stream().map(mapped::getValue).toList(),
                    written);
        }
        final Record caseless = plan.map(record("+31 20 555 0101", "oil & energy")).record();
        assertEquals(Arrays.asList(null, null, "+31 20 555 0101", "+31 20 555 0101"), fields.stream().map(caseless::getValue).toList());
        final Record other = plan.map(record("+31 20 555 0101", "Oil & Gas")).record();
        assertEquals(Arrays.asList(null, null, "+31 20 555 0101", null), fields.stream().map(other::getValue).toList());
    }

    /**
     * A value map's own keys written with HTML entities are the characters they stand for, as a condition's values are: the row
     * {@code "Oil &amp; Energy"} is found for the field's {@code Oil & Energy}, {@code Oil &amp; Energy} and {@code Oil &#38; Energy}, a
     * {@code drop} of {@code "Acquired &amp; Merged"} empties {@code Acquired & Merged}, and {@code "R&amp;D"} and {@code "R&D"} with
     * different targets are one value listed twice. Before, such a key was found only for a field holding the same entities: the
     * plain value went through unmapped.
     */
    @Test
    void aValueMapsKeysWrittenWithHtmlEntitiesAreTheCharactersTheyStandFor() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"sector": {"from": "/Type", "values": {"Oil &amp; Energy": "energy"}, "drop": ["Acquired &amp; Merged"]}}}""", null);
        for (final String written : List.of("Oil & Energy", "Oil &amp; Energy", "Oil &#38; Energy", "Oil &amp;amp; Energy")) {
            assertEquals("energy", plan.map(record("+31 20 555 0101", written)).record().getValue("sector"), written);
        }
        assertEquals(null, plan.map(record("+31 20 555 0101", "Acquired & Merged")).record().getValue("sector"));
        assertEquals("Oil & Gas", plan.map(record("+31 20 555 0101", "Oil & Gas")).record().getValue("sector"));
        final MappingConfigurationException twice = assertThrows(MappingConfigurationException.class, () -> plan(
                "{\"fields\": {\"sector\": {\"from\": \"/Type\", \"values\": {\"R&amp;D\": \"research\", \"R&D\": \"development\"}}}}", null));
        assertEquals(List.of("sector: \"values\" maps 'R&amp;D' and 'R&D' to different targets, and the map reads them as one value (spaces around "
                + "a value not counted, HTML entities read as their characters); keep one"), twice.getProblems());
    }

    /**
     * A condition with {@code "ignoreCase": true} compares as a value map with {@code ignoreCase} looks up: a record's {@code oil & energy}
     * (in any case, entities read) finds the picklist row of Oil &amp; Energy and now meets {@code "equals": "Oil & Energy"} and an
     * {@code in} listing {@code OIL & ENERGY}, and fails {@code notEquals}. Without the key the case is kept, as before: the condition does
     * not follow another field's value map, which the same path may feed with or without {@code ignoreCase}. Before, the key was refused
     * as unknown.
     */
    @Test
    void aConditionWithIgnoreCaseComparesAsAValueMapWithIgnoreCaseLooksUp() throws MappingConfigurationException {
        final MappingPlan plan = plan("""
                {"fields": {"sector": {"from": "/Type", "values": {"Oil & Energy": "energy"}, "ignoreCase": true},
                            "energy_phone": {"from": "/Phone", "when": {"field": "/Type", "equals": "Oil & Energy", "ignoreCase": true}},
                            "listed_phone": {"from": "/Phone", "when": {"field": "/Type", "in": ["Mining & Metals", "OIL & ENERGY"], "ignoreCase": true}},
                            "other_phone": {"from": "/Phone", "when": {"field": "/Type", "notEquals": "Oil & Energy", "ignoreCase": true}},
                            "exact_phone": {"from": "/Phone", "when": {"field": "/Type", "equals": "Oil & Energy"}}}}""", null);
        final List<String> fields = List.of("sector", "energy_phone", "listed_phone", "other_phone", "exact_phone");
        for (final String written : List.of("oil & energy", "OIL & ENERGY", " Oil & energy ", "oil &amp; energy", "OIL &AMP; ENERGY")) {
            final Record mapped = plan.map(record("+31 20 555 0101", written)).record();
            assertEquals(Arrays.asList("energy", "+31 20 555 0101", "+31 20 555 0101", null, null), fields.stream().map(mapped::getValue).toList(),
                    written);
        }
        final Record exact = plan.map(record("+31 20 555 0101", "Oil &amp; Energy")).record();
        assertEquals(Arrays.asList("energy", "+31 20 555 0101", "+31 20 555 0101", null, "+31 20 555 0101"),
                fields.stream().map(exact::getValue).toList());
        final Record other = plan.map(record("+31 20 555 0101", "oil & gas")).record();
        assertEquals(Arrays.asList("oil & gas", null, null, "+31 20 555 0101", null), fields.stream().map(other::getValue).toList());
    }

    /** {@code ignoreCase} belongs to a comparison of values; with {@code exists}, which compares none, it is a configuration problem. */
    @Test
    void ignoreCaseWithExistsIsAConfigurationProblem() {
        final MappingConfigurationException problem = assertThrows(MappingConfigurationException.class, () -> plan("""
                {"fields": {"work_phone": {"from": "/Phone", "when": {"field": "/Type", "exists": true, "ignoreCase": true}}}}""", null));
        assertEquals("work_phone: \"when\" takes \"ignoreCase\" with equals, notEquals or in; \"exists\" compares no value", problem.getMessage());
    }

    @Test
    void twoKeysTheMapReadsAsOneValueWithDifferentTargetsAreAConfigurationProblem() {
        final MappingConfigurationException caseless = assertThrows(MappingConfigurationException.class, () -> plan(
                "{\"fields\": {\"salutation\": {\"from\": \"/Type\", \"ignoreCase\": true, \"values\": {\"Mr.\": \"mr\", \"MR.\": \"mister\"}}}}", null));
        assertEquals(List.of("salutation: \"values\" maps 'Mr.' and 'MR.' to different targets, and the map reads them as one value "
                + "(ignoreCase, spaces around a value not counted, HTML entities read as their characters); keep one"), caseless.getProblems());
        assertThrows(MappingConfigurationException.class, () -> plan(
                "{\"fields\": {\"salutation\": {\"from\": \"/Type\", \"values\": {\" Mr.\": \"mr\", \"Mr.\": \"mister\"}}}}", null));
    }

    @Test
    void twoKeysWithTheSameTargetAreFine() throws MappingConfigurationException {
        final MappingPlan plan = plan("{\"fields\": {\"salutation\": {\"from\": \"/Type\", \"ignoreCase\": true, \"values\": {\"Mr.\": \"mr\", \"MR.\": \"mr\"}}}}", null);
        assertEquals("mr", plan.map(record("1", "mr.")).record().getValue("salutation"));
    }

    @Test
    void aCrosswalkWhoseRowsDifferOnlyInCaseIsAConfigurationProblemWithIgnoreCase(@TempDir final Path directory)
            throws IOException, MappingConfigurationException {
        Files.writeString(directory.resolve("salutation.csv"), "salesforce,hubspot\nMr.,Mister\nMR.,Mr\n");
        final String crosswalk = "\"crosswalks\": {\"salutation\": {\"file\": \"salutation.csv\", \"from\": \"salesforce\", \"to\": \"hubspot\"}}";
        final MappingConfigurationException problem = assertThrows(MappingConfigurationException.class, () -> plan(
                "{" + crosswalk + ", \"fields\": {\"salutation\": {\"from\": \"/Type\", \"crosswalk\": \"salutation\", \"ignoreCase\": true}}}", directory));
        assertEquals(List.of("salutation: crosswalk 'salutation' lists one value twice regardless of case with different targets; keep one row "
                + "per value, or remove \"ignoreCase\""), problem.getProblems());
        // case kept, the two rows are two values
        assertEquals("Mr", plan("{" + crosswalk + ", \"fields\": {\"salutation\": {\"from\": \"/Type\", \"crosswalk\": \"salutation\"}}}", directory)
                .map(record("1", "MR.")).record().getValue("salutation"));
    }
}
