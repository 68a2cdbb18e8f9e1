package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EnabledStores;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.lookup.LookupFailureException;
import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.util.DataTypeUtils;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The entity store service as the lookup service of NiFi's LookupRecord, on generated customers (seeded): each one's
 * records in a CRM with case-sensitive ids (ids differing only in letter case are different records, as Salesforce's are)
 * and in an ERP with numeric ids, matched by MatchCRMRecord into an embedded store. Every stored record is then looked
 * up with its coordinates as LookupRecord passes them (the value a RecordPath selects, converted to its field's type):
 * from CSV text, from NiFi's JsonTreeReader inferring numbers (Integer, Long, Double when some ids of the field are
 * written with a fraction) and as other Java types; and by golden id as a record carries it (in capitals or braces).
 */
class EntityStoreLookupGeneratedTest {
    private static final long SEED = 20261205L;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int CUSTOMERS = 40;
    private static final List<String> GIVEN_NAMES = List.of("James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael",
            "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Oliver", "Sarah", "Charles",
            "Karen", "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Sandra", "Mark", "Margaret", "Donald",
            "Ashley", "Steven", "Kimberly", "Andrew", "Emily", "Paul", "Donna", "Joshua", "Michelle");
    private static final List<String> FAMILY_NAMES = List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
            "Davis", "Rodriguez", "Okafor", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Nakamura", "Taylor", "Moore",
            "Jackson", "Kowalski", "Lee", "Petrov", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
            "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores");

    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    @TempDir
    Path storeDirectory;

    @Test
    void everyStoredRecordIsFoundByItsCoordinatesAsLookupRecordPassesThem() throws Exception {
        final Random random = new Random(SEED);
        final TestRunner matcher = matcher();
        final EmbeddedEntityStore store = (EmbeddedEntityStore) matcher.getControllerService("entity-store");
        final StringBuilder crm = new StringBuilder("Id,FirstName,LastName,Email\n");
        final StringBuilder erp = new StringBuilder("Id,FirstName,LastName,Email\n");
        final Map<String, String> crmIds = new LinkedHashMap<>();
        final Map<Long, String> erpIds = new LinkedHashMap<>();
        for (int customer = 0; customer < CUSTOMERS; customer++) {
            // forty people the matcher tells apart: names like "Firstg6 Lastq6" and "Firstq16 Lasti16" with mailboxes
            // alike scored as one person (0.997), and the forty were one customer
            final String first = GIVEN_NAMES.get(customer);
            final String last = FAMILY_NAMES.get((customer * 7) % CUSTOMERS);
            final String email = first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + "@example.com";
            // a Salesforce-like id; every fourth customer's differs from the previous one's only in letter case
            final String crmId = customer % 4 == 1 ? swapCase(crmIds.keySet().stream().reduce((a, b) -> b).orElseThrow()) : salesforceId(random);
            crmIds.put(crmId, email);
            crm.append(crmId).append(',').append(first).append(',').append(last).append(',').append(email).append('\n');
            if (random.nextInt(3) > 0) {
                final long erpId = random.nextInt(3) == 0 ? 3_000_000_000L + random.nextInt(1_000_000) : 100_000 + customer;
                erpIds.put(erpId, email);
                erp.append(erpId).append(',').append(first).append(',').append(last).append(',').append(email).append('\n');
            }
        }
        final Map<String, String> byEmail = new HashMap<>();
        match(matcher, "salesforce", crm.toString(), byEmail);
        match(matcher, "erp", erp.toString(), byEmail);
        assertEquals(CUSTOMERS, byEmail.size());
        assertEquals(CUSTOMERS, new HashSet<>(byEmail.values()).size(), "a golden id per customer");

        int lookups = 0;
        for (final Map.Entry<String, String> entry : crmIds.entrySet()) {
            final String goldenId = byEmail.get(entry.getValue());
            assertEquals(goldenId, found(store, Map.of("system", "salesforce", "source_id", entry.getKey())), entry.getKey());
            assertEquals(goldenId, found(store, Map.of("system", " salesforce ", "source_id", " " + entry.getKey() + "\t")), entry.getKey());
            final String otherCase = swapCase(entry.getKey());
            final String otherCustomer = crmIds.get(otherCase);
            assertEquals(otherCustomer == null ? null : byEmail.get(otherCustomer), found(store, Map.of("system", "salesforce", "source_id", otherCase)),
                    "a source id in another letter case is another record: " + otherCase);
            assertEquals(null, found(store, Map.of("system", "SALESFORCE", "source_id", entry.getKey())), "systems are named exactly");
            assertEquals(null, found(store, Map.of("system", "hubspot", "source_id", entry.getKey())), "an unknown system");
            lookups += 5;
        }
        final List<Long> numericIds = new ArrayList<>(erpIds.keySet());
        // as NiFi's JsonTreeReader reads them: whole numbers; the same with one id written with a fraction (a Double field)
        final String wholeJson = jsonIds(numericIds, false);
        final String fractionJson = jsonIds(numericIds, true);
        for (final String json : List.of(wholeJson, fractionJson)) {
            final List<Object> coordinates = coordinatesAsLookupRecordPasses(json, "/Id");
            for (int i = 0; i < numericIds.size(); i++) {
                final Object coordinate = coordinates.get(i);
                final String expected = byEmail.get(erpIds.get(numericIds.get(i)));
                assertEquals(expected, found(store, Map.of("system", "erp", "source_id", coordinate)),
                        coordinate + " (" + coordinate.getClass().getSimpleName() + ") from " + json);
                lookups++;
            }
        }
        for (final long id : numericIds) {
            final String expected = byEmail.get(erpIds.get(id));
            for (final Object coordinate : List.of(id, (double) id, BigInteger.valueOf(id), BigDecimal.valueOf(id), new BigDecimal(id + ".00"), String.valueOf(id))) {
                assertEquals(expected, found(store, Map.of("system", "erp", "source_id", coordinate)), coordinate + " " + coordinate.getClass().getSimpleName());
                lookups++;
            }
            if (id <= Integer.MAX_VALUE) {
                assertEquals(expected, found(store, Map.of("system", "erp", "source_id", (int) id)), id + " as an Integer");
                assertEquals(expected, found(store, Map.of("system", "erp", "source_id", (float) id)), id + " as a Float");
                lookups += 2;
            }
            assertEquals(null, found(store, Map.of("system", "erp", "source_id", id + 0.5)), "a fraction names no whole id");
        }
        for (final String goldenId : byEmail.values()) {
            for (final String written : List.of(goldenId, goldenId.toUpperCase(Locale.ROOT), "{" + goldenId + "}", "{" + goldenId.toUpperCase(Locale.ROOT) + "}",
                    " " + goldenId + " ")) {
                final Record audit = store.lookup(Map.of("golden_id", written)).orElse(null);
                assertTrue(audit != null, "golden id written " + written);
                assertEquals(goldenId, audit.getAsString("golden_id"));
                lookups++;
            }
        }
        // coordinates naming nothing: nothing, never an exception
        for (final Object nothing : new Object[] {"", " ", "\u0000", "\uD800", "null", Boolean.TRUE, 0, -1L, Double.NaN, Double.POSITIVE_INFINITY, 1e300,
                new Object[] {"x"}, List.of(), Map.of(), new StringBuilder("nobody"), "ｓａｌｅｓｆｏｒｃｅ"}) {
            assertEquals(null, found(store, Map.of("system", "erp", "source_id", nothing)), String.valueOf(nothing));
            assertEquals(null, found(store, Map.of("system", nothing, "source_id", "100001")), String.valueOf(nothing));
            assertTrue(store.lookup(Map.of("golden_id", nothing)).isEmpty(), String.valueOf(nothing));
            lookups += 3;
        }
        final Map<String, Object> nullGoldenId = new HashMap<>();
        nullGoldenId.put("golden_id", null);
        assertTrue(store.lookup(nullGoldenId).isEmpty());
        assertTrue(lookups > 400, lookups + " lookups");
    }

    /**
     * An id read by a reader that inferred a Double field (one id of the field written with a fraction, or an Excel cell)
     * is the record with those digits. Before, 3000778191 read as 3.000778191E9 was looked up as "3.000778191E9" and
     * 100001 as "100001.0": the records went to LookupRecord's unmatched.
     */
    @Test
    void aWholeNumberReadAsAFloatingPointOrDecimalNumberFindsItsRecord() throws Exception {
        final TestRunner matcher = matcher();
        final EmbeddedEntityStore store = (EmbeddedEntityStore) matcher.getControllerService("entity-store");
        final Map<String, String> byEmail = new HashMap<>();
        match(matcher, "erp", "Id,FirstName,LastName,Email\n3000778191,Ann,Lee,ann@example.com\n100001,Bo,Chan,bo@example.com\n", byEmail);
        final String ann = byEmail.get("ann@example.com");
        final String bo = byEmail.get("bo@example.com");
        assertEquals(ann, found(store, Map.of("system", "erp", "source_id", 3.000778191E9)));
        assertEquals(bo, found(store, Map.of("system", "erp", "source_id", 100001.0)));
        assertEquals(bo, found(store, Map.of("system", "erp", "source_id", 100001.0f)));
        assertEquals(bo, found(store, Map.of("system", "erp", "source_id", new BigDecimal("100001.00"))));
        assertEquals(bo, found(store, Map.of("system", "erp", "source_id", 100001L)));
        assertEquals(null, found(store, Map.of("system", "erp", "source_id", 100001.5)));
    }

    /**
     * A record's id with white space of any kind around it is the record without it, on every path: an Excel export's
     * 77 followed by a no-break space (which NiFi's CSVReader, trimming ASCII spaces, keeps) and the 77 of the next
     * export are one cross-reference of one customer, and the lookup finds it by either, or with an ideographic or narrow
     * no-break space, or typed as a number. The text id 0077 stays another record. Before, the second export made a
     * second cross-reference ("77" beside "77\u00A0") and a lookup of 77\u00A0 found nothing.
     */
    @Test
    void anIdWithWhiteSpaceOfAnyKindAroundItIsOneRecord() throws Exception {
        final TestRunner matcher = matcher();
        final EmbeddedEntityStore store = (EmbeddedEntityStore) matcher.getControllerService("entity-store");
        final Map<String, String> ids = new HashMap<>();
        final Map<String, JsonNode> first = matchAll(matcher, "erp", "Id,FirstName,LastName,Email\n77\u00A0,Ann,Lee,ann@example.com\n"
                + "0077,Bo,Chan,bo@example.com\n", ids);
        final String ann = ids.get("77\u00A0");
        final String bo = ids.get("0077");
        assertEquals(Map.of("erp", "77"), MAPPER.convertValue(first.get("77\u00A0").get("crm_xref"), Map.class));
        final Map<String, JsonNode> second = matchAll(matcher, "erp", "Id,FirstName,LastName,Email\n77,Ann,Lee,ann@example.com\n", ids);
        assertEquals(ann, ids.get("77"), "one customer");
        assertEquals(Map.of("erp", "77"), MAPPER.convertValue(second.get("77").get("crm_xref"), Map.class));
        assertEquals(1, store.getEntityStore().findEntities(List.of(ann)).get(ann).memberCount(), "one cross-reference");
        for (final Object coordinate : List.of("77", "77\u00A0", "\u300077\u3000", "\u202F77", " 77\t", 77, 77L, 77.0, new BigDecimal("77.00"))) {
            assertEquals(ann, found(store, Map.of("system", "erp", "source_id", coordinate)), coordinate + " " + coordinate.getClass().getSimpleName());
        }
        assertEquals(bo, found(store, Map.of("system", "erp", "source_id", "\u00A00077")));
        assertEquals(null, found(store, Map.of("system", "erp", "source_id", "77.0")), "the text 77.0 is not the number 77");
        assertEquals(null, found(store, Map.of("system", "erp", "source_id", "7\u00A07")), "white space inside an id is part of it");
    }

    /**
     * A golden id as a record carries it after a sync wrote it into a SQL Server uniqueidentifier column (capitals) or
     * Dynamics 365 (braces) audits its customer, as EraseCRMRecord and MatchCRMRecord read it (GoldenIds.canonical).
     * Before, it found nothing.
     */
    @Test
    void aGoldenIdInCapitalsOrBracesFindsItsCustomer() throws Exception {
        final TestRunner matcher = matcher();
        final EmbeddedEntityStore store = (EmbeddedEntityStore) matcher.getControllerService("entity-store");
        final Map<String, String> byEmail = new HashMap<>();
        match(matcher, "crm", "Id,FirstName,LastName,Email\n003A01,Ann,Lee,ann@example.com\n", byEmail);
        final String ann = byEmail.get("ann@example.com");
        for (final String written : List.of(ann.toUpperCase(Locale.ROOT), "{" + ann + "}", "{" + ann.toUpperCase(Locale.ROOT) + "}")) {
            final Record audit = store.lookup(Map.of("golden_id", written)).orElse(null);
            assertTrue(audit != null, written);
            assertEquals(ann, audit.getAsString("golden_id"));
            assertEquals(Map.of("crm", "003A01"), audit.getValue("crm_xref"));
        }
    }

    /**
     * Merged and erased customers: a record of a customer merged away (by a person's decision) and its golden id answer
     * with the surviving customer; an erased customer's records are found no more, and its golden id audits a customer
     * with no ids and no source id in its history.
     */
    @Test
    void mergedCustomersAnswerWithTheSurvivorAndErasedOnesWithoutTheirIds() throws Exception {
        final TestRunner matcher = matcher();
        final EmbeddedEntityStore store = (EmbeddedEntityStore) matcher.getControllerService("entity-store");
        final Map<String, String> ids = new HashMap<>();
        matchAll(matcher, "salesforce", """
                Id,FirstName,LastName,Email,Phone,Birthdate
                003A01,Robert,Smith,bob.smith@example.com,(415) 555-0132,1971-06-24
                003A07,Anna,Kowalski,anna.k@example.com,(617) 555-0145,1979-03-15
                """, ids);
        final Map<String, JsonNode> hubspot = matchAll(matcher, "hubspot", """
                Id,FirstName,LastName,Email,Phone,Birthdate
                901,Rob,Smith,bob.smith@example.com,415-555-0132,1971-06-24
                902,Anna,Kowalska,,(617) 555-0999,
                """, ids);
        final String robert = ids.get("901");
        final String annAlone = ids.get("902");
        final String anna = hubspot.get("902").get("crm_match_candidate").asText();
        assertTrue(!annAlone.equals(anna) && anna.equals(ids.get("003A07")), "902 is in review against Anna: " + hubspot.get("902"));
        matchAll(matcher, "hubspot", "Id,FirstName,LastName,Email,Phone,Birthdate,crm_match_candidate,crm_review_decision\n"
                + "902,Anna,Kowalska,,(617) 555-0999,," + anna + ",same\n", ids);

        assertEquals(anna, found(store, Map.of("system", "hubspot", "source_id", "902")));
        assertEquals(anna, store.lookup(Map.of("golden_id", annAlone)).orElseThrow().getAsString("golden_id"));
        assertEquals(anna, store.lookup(Map.of("golden_id", annAlone.toUpperCase(Locale.ROOT))).orElseThrow().getAsString("golden_id"));

        store.getEntityStore().erase(List.of(robert)).pendingWrite().commit();
        assertEquals(null, found(store, Map.of("system", "hubspot", "source_id", "901")));
        assertEquals(null, found(store, Map.of("system", "salesforce", "source_id", "003A01")));
        final Record erased = store.lookup(Map.of("golden_id", "{" + robert + "}")).orElseThrow();
        assertEquals(robert, erased.getAsString("golden_id"));
        assertEquals(Map.of(), erased.getValue("crm_xref"));
        for (final Object event : (Object[]) erased.getValue("crm_history")) {
            final Record history = (Record) event;
            assertEquals(null, history.getValue("source_id"), history.toString());
        }
    }

    /** The golden id a lookup by source record finds, or null; checks the record it returns has the lookup schema. */
    private static String found(final EmbeddedEntityStore store, final Map<String, Object> coordinates) {
        final Optional<Record> record;
        try {
            record = store.lookup(coordinates);
        } catch (final LookupFailureException | RuntimeException e) {
            return fail("lookup threw for " + coordinates + ": " + e);
        }
        if (record.isEmpty()) {
            return null;
        }
        assertEquals(List.of("golden_id", "crm_xref"), record.get().getSchema().getFieldNames());
        return record.get().getAsString("golden_id");
    }

    /** The coordinate values LookupRecord passes for a RecordPath: per record, the selected value converted to its field's type. */
    private static List<Object> coordinatesAsLookupRecordPasses(final String json, final String path) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(org.apache.nifi.util.NoOpProcessor.class);
        final JsonTreeReader reader = RecordServices.useJsonReader(runner);
        final RecordPath recordPath = RecordPath.compile(path);
        final List<Object> values = new ArrayList<>();
        final MockFlowFile flowFile = new MockFlowFile(1);
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try (RecordReader records = reader.createRecordReader(flowFile, new ByteArrayInputStream(bytes), runner.getLogger())) {
            Record record;
            while ((record = records.nextRecord()) != null) {
                final FieldValue selected = recordPath.evaluate(record).getSelectedFields().filter(value -> value.getValue() != null).findFirst().orElseThrow();
                final RecordField field = selected.getField();
                values.add(DataTypeUtils.convertType(selected.getValue(), field.getDataType(), Optional.empty(), Optional.empty(), Optional.empty(),
                        field.getFieldName()));
            }
        }
        return values;
    }

    private static String jsonIds(final List<Long> ids, final boolean oneWithAFraction) {
        final StringBuilder json = new StringBuilder("[");
        for (final long id : ids) {
            json.append("{\"Id\":").append(id).append(oneWithAFraction && json.length() == 1 ? ".0" : "").append("},");
        }
        if (oneWithAFraction) {
            json.append("{\"Id\":0.5},");
        }
        json.setLength(json.length() - 1);
        return json.append(']').toString();
    }

    /** MatchCRMRecord on CSV people from the system in crm.source.system, with an embedded store (service "entity-store"). */
    private TestRunner matcher() throws InitializationException {
        return MatchCRMRecordStoreTest.personMatcher(storeDirectory, stores);
    }

    /** Matches the CSV records of a system; collects each customer's golden id by email. */
    private static void match(final TestRunner runner, final String system, final String csv, final Map<String, String> byEmail) throws IOException {
        for (final JsonNode record : matchAll(runner, system, csv, new HashMap<>()).values()) {
            final String goldenId = record.get("crm_match_id").asText();
            final String earlier = byEmail.putIfAbsent(record.get("Email").asText(), goldenId);
            assertTrue(earlier == null || earlier.equals(goldenId), "one customer per email");
        }
    }

    /** Matches the CSV records of a system; collects each record's golden id by its Id, and returns the records by Id. */
    private static Map<String, JsonNode> matchAll(final TestRunner runner, final String system, final String csv, final Map<String, String> ids)
            throws IOException {
        runner.clearTransferState();
        runner.enqueue(csv.getBytes(StandardCharsets.UTF_8), Map.of("crm.source.system", system));
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> records = new HashMap<>();
        for (final org.apache.nifi.processor.Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_REVIEW,
                MatchCRMRecord.REL_UNMATCHED)) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                for (final JsonNode record : MAPPER.readTree(flowFile.getContent())) {
                    records.put(record.get("Id").asText(), record);
                    ids.put(record.get("Id").asText(), record.get("crm_match_id").asText());
                }
            }
        }
        return records;
    }

    private static String salesforceId(final Random random) {
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        final StringBuilder id = new StringBuilder("003");
        while (id.length() < 15) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static String swapCase(final String text) {
        final StringBuilder swapped = new StringBuilder();
        for (final char character : text.toCharArray()) {
            swapped.append(Character.isUpperCase(character) ? Character.toLowerCase(character) : Character.toUpperCase(character));
        }
        return swapped.toString();
    }
}
