package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.RecordServices;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every standard picklist value of every preset, through the common layout: into the same CRM unchanged, into another CRM
 * as one of the target's standard values or, where the target has no equivalent, as the source CRM shows it (the way
 * the docs say unmapped values pass through) — never as an internal canonical code such as {@code purchased_list}.
 * <p>
 * {@code standard-values.csv} lists each CRM's standard values (vendors' documentation; HubSpot's internal values with
 * their labels), per value the target schemas that have no equivalent for it and, where the nearest value is a judgement
 * worth pinning, the value a target must write ({@code salesforce-contact=Other}; several separated by {@code ;}).
 */
class MapCRMRecordPicklistTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path STANDARD_VALUES = Path.of("src/test/resources/MapCRMRecordPicklistTest/standard-values.csv");
    private static final List<StandardValue> VALUES = readStandardValues();
    /** The field a target requires (a record without it goes to invalid), filled in every test record. */
    private static final Map<String, String> NAME_FIELDS = Map.of("salesforce-contact", "LastName", "hubspot-contact", "lastname",
            "dynamics365-contact", "lastname", "zoho-contact", "Last_Name", "salesforce-account", "Name", "hubspot-company", "name",
            "zoho-account", "Account_Name");

    private TestRunner runner;

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
                if (source.endsWith("-contact") == target.endsWith("-contact")) {
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
        for (final StandardValue value : sourceValues) {
            final ObjectNode record = input.addObject();
            record.put(NAME_FIELDS.get(source), "Lee");
            record.put(value.field(), value.value());
        }
        final JsonNode output = map(source, target, input.toString());
        assertEquals(sourceValues.size(), output.size());

        final List<String> wrong = new ArrayList<>();
        for (int i = 0; i < sourceValues.size(); i++) {
            final StandardValue value = sourceValues.get(i);
            final List<StandardValue> targetValues = VALUES.stream()
                    .filter(known -> known.schema().equals(target) && known.canonical().equals(value.canonical())).toList();
            if (targetValues.isEmpty()) {
                continue;
            }
            final String targetField = targetValues.getFirst().field();
            final String written = output.get(i).path(targetField).isNull() ? null : output.get(i).path(targetField).asText(null);
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
