package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EvalData;
import dev.nificrm.FlowDefinitions;
import dev.nificrm.RecordServices;
import dev.nificrm.match.CandidateIndex;
import dev.nificrm.match.EvaluationData;
import dev.nificrm.match.MatchField;
import dev.nificrm.match.MatchResult;
import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.RecordValues;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.roles.Role;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.csv.CSVUtils;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.serialization.DateTimeUtils;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatchCRMRecordTest {
    private static final Path INPUT = Paths.get("src/test/resources/MatchCRMRecordTest/input");
    private static final Path OUTPUT = Paths.get("src/test/resources/MatchCRMRecordTest/output");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Relationship> OUTPUTS = List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_REVIEW, MatchCRMRecord.REL_UNMATCHED);
    /** A score as an administrator reads it: 4 decimal places, never an exponent. */
    private static final Pattern PLAIN_SCORE = Pattern.compile("(0\\.\\d{4}|1\\.0000)");
    private static final Pattern JSON_SCORE = Pattern.compile("\"crm_match_score\"\\s*:\\s*([^,}\\s]+)");

    private TestRunner runner;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(MatchCRMRecord.class);
        RecordServices.useCsvReader(runner, Map.of(CSVUtils.TRIM_FIELDS, "true"));
        RecordServices.useJsonWriter(runner);
    }

    private void configureContactRoles() {
        runner.setProperty("first_name", "/FirstName");
        runner.setProperty("last_name", "/LastName");
        runner.setProperty("email", "/Email");
        runner.setProperty("phone", "/Phone");
        runner.setProperty("postal_code", "/MailingPostalCode");
        runner.setProperty("birth_date", "/Birthdate");
        runner.setProperty("external_id", "/Id");
    }

    /** The contact roles and a street and city: what holds a household or an office together. */
    private void configureContactAndAddressRoles() {
        configureContactRoles();
        runner.setProperty("street", "/Street");
        runner.setProperty("city", "/City");
    }

    @Test
    void routesDuplicatesWithIdsScoresAndExplanations() throws IOException {
        configureContactRoles();
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> records = outputRecords();
        for (final Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_REVIEW, MatchCRMRecord.REL_UNMATCHED)) {
            final JsonNode expected = MAPPER.readTree(OUTPUT.resolve(relationship.getName() + ".json").toFile());
            assertEquals(expected, MAPPER.readTree(runner.getFlowFilesForRelationship(relationship).getFirst().getContent()), relationship.getName());
        }
        assertEquals(8, records.size());
        final String robert = records.get("003A01").get("crm_match_id").asText();
        assertEquals(robert, records.get("003A02").get("crm_match_id").asText());
        assertEquals(robert, records.get("003A03").get("crm_match_id").asText());
        assertEquals(records.get("003A04").get("crm_match_id").asText(), records.get("003A05").get("crm_match_id").asText());
        assertNotEquals(robert, records.get("003A04").get("crm_match_id").asText());
        assertTrue(records.get("003A02").get("crm_match_score").asDouble() >= 0.9);
        assertTrue(records.get("003A02").get("crm_match_explanation").asText().contains("email=exact("),
                records.get("003A02").get("crm_match_explanation").asText());
        assertTrue(records.get("003A05").get("crm_match_explanation").asText().contains("first_name=swapped("),
                records.get("003A05").get("crm_match_explanation").asText());

        final MockFlowFile matched = runner.getFlowFilesForRelationship(MatchCRMRecord.REL_MATCHED).getFirst();
        matched.assertAttributeEquals("record.count", "5");
        matched.assertAttributeEquals("crm.match.matched.count", "5");
        matched.assertAttributeEquals("crm.match.cluster.count", "2");
        matched.assertAttributeEquals("mime.type", "application/json");
        assertEquals("0.0", String.valueOf(records.get("003A06").get("crm_match_score").asDouble()));
        assertEquals("no candidate pair", records.get("003A06").get("crm_match_explanation").asText());
        assertConservation(8);
    }

    /**
     * A role read from two fields (phone and mobile) blocks on both: a contact whose only phone is the other's mobile is
     * compared with it although no other pass pairs them (another email, a nickname).
     */
    @Test
    void findsAContactByTheSecondPhoneOfAnother() throws IOException {
        runner.setProperty("first_name", "/FirstName");
        runner.setProperty("last_name", "/LastName");
        runner.setProperty("email", "/Email");
        runner.setProperty("phone", "/Phone, /MobilePhone");
        runner.enqueue(("Id,FirstName,LastName,Email,Phone,MobilePhone\n"
                + "003A01,Robert,Smith,bob.smith@example.com,(415) 555-0101,(415) 555-0177\n"
                + "901,Rob,Smith,rsmith@work.example,415-555-0177,\n"
                + "902,Wei,Chen,wei@chen.net,(312) 555-0111,\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        runner.run();

        final Map<String, JsonNode> records = outputRecords();
        final String explanation = records.get("901").get("crm_match_explanation").asText();
        assertTrue(explanation.contains("phone=exact("), explanation);
        assertNotEquals("unmatched", outcome("901"), explanation);
        assertEquals("unmatched", outcome("902"));
        assertConservation(3);
    }

    /**
     * Without CleanCRMRecord before it, one country written as two systems write it (Salesforce {@code United States},
     * HubSpot {@code US}; a German export {@code Deutschland}, Dynamics {@code Germany}) agrees: before, the matcher
     * compared the folded texts, {@code country=differs(-3.3)}, and each pair, its names agreeing and one city missing,
     * went to unmatched (0.445).
     */
    @Test
    void agreesOnACountryTwoSystemsWriteDifferently() throws IOException {
        runner.setProperty("first_name", "/FirstName");
        runner.setProperty("last_name", "/LastName");
        runner.setProperty("city", "/City");
        runner.setProperty("country", "/Country");
        runner.setProperty("external_id", "/Id");
        runner.enqueue(("Id,FirstName,LastName,City,Country\n"
                + "sf1,Robert,Whitfield,Springfield,United States\n"
                + "hs1,Robert,Whitfield,,US\n"
                + "sf2,Jürgen,Kowalczyk,Hamburg,Deutschland\n"
                + "hs2,Jürgen,Kowalczyk,,Germany\n"
                + "sf3,Wei,Chen,Chicago,USA\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        runner.run();

        final Map<String, JsonNode> records = outputRecords();
        for (final String id : List.of("hs1", "hs2")) {
            final String explanation = records.get(id).get("crm_match_explanation").asText();
            assertTrue(explanation.contains("country=exact("), explanation);
            assertEquals("matched", outcome(id), explanation);
        }
        assertEquals(records.get("sf1").get("crm_match_id").asText(), records.get("hs1").get("crm_match_id").asText());
        assertEquals(records.get("sf2").get("crm_match_id").asText(), records.get("hs2").get("crm_match_id").asText());
        assertEquals("unmatched", outcome("sf3"));
        assertConservation(5);
    }

    /**
     * Without CleanCRMRecord before it, a phone a reader whose schema types it as a string wrote as Java writes a double
     * (the JSON number 4155550100.0 is the text 4.1555501E9) agrees with the same phone written as a phone; Excel's
     * display of a phone, its digits lost, is no phone (missing), as CleanCRMRecord rejects it.
     */
    @Test
    void agreesOnAPhoneAReaderWithAStringSchemaWroteAsJavaWritesADouble() throws IOException, InitializationException {
        RecordServices.useJsonReader(runner, """
                { "type" : "record", "name" : "contact", "fields" : [ { "name" : "Id", "type" : "string" },
                  { "name" : "FirstName", "type" : "string" }, { "name" : "LastName", "type" : "string" },
                  { "name" : "Phone", "type" : [ "null", "string" ] } ] }""");
        runner.setProperty("first_name", "/FirstName");
        runner.setProperty("last_name", "/LastName");
        runner.setProperty("phone", "/Phone");
        runner.enqueue("""
                [ { "Id" : "1", "FirstName" : "Robert", "LastName" : "Smith", "Phone" : 4155550100.0 },
                  { "Id" : "2", "FirstName" : "Rob", "LastName" : "Smith", "Phone" : "(415) 555-0100" },
                  { "Id" : "3", "FirstName" : "Bob", "LastName" : "Smith", "Phone" : "4.15555E+09" } ]""");
        runner.run();

        final Map<String, JsonNode> records = outputRecords();
        final String explanation = records.get("2").get("crm_match_explanation").asText();
        assertTrue(explanation.contains("phone=exact("), explanation);
        final String lost = records.get("3").get("crm_match_explanation").asText();
        assertFalse(lost.contains("phone=exact("), lost);
        assertConservation(3);
    }

    /**
     * A field the reader types as a time of day (Avro time-millis, a database TIME column: NiFi gives a java.sql.Time,
     * which has no instant) named by a role is compared as the time it is; before, its FlowFile went to failure with
     * UnsupportedOperationException (here a role misdirected at it: the same time agrees, as the same text would).
     */
    @Test
    void readsAFieldTypedAsATimeOfDayWithoutFailing() throws IOException, InitializationException {
        final JsonTreeReader reader = RecordServices.useJsonReader(runner, """
                { "type" : "record", "name" : "contact", "fields" : [ { "name" : "Id", "type" : "string" },
                  { "name" : "FirstName", "type" : "string" }, { "name" : "LastName", "type" : "string" },
                  { "name" : "Email", "type" : "string" },
                  { "name" : "CallFrom", "type" : [ "null", { "type" : "int", "logicalType" : "time-millis" } ] } ] }""");
        runner.disableControllerService(reader);
        runner.setProperty(reader, DateTimeUtils.TIME_FORMAT, "HH:mm:ss");
        runner.enableControllerService(reader);
        runner.setProperty("first_name", "/FirstName");
        runner.setProperty("last_name", "/LastName");
        runner.setProperty("email", "/Email");
        runner.setProperty("birth_date", "/CallFrom");
        runner.enqueue("""
                [ { "Id" : "1", "FirstName" : "Robert", "LastName" : "Smith", "Email" : "rob@smith.org", "CallFrom" : "09:30:00" },
                  { "Id" : "2", "FirstName" : "Rob", "LastName" : "Smith", "Email" : "rob@smith.org", "CallFrom" : "09:30:00" } ]""");
        runner.run();

        runner.assertTransferCount(MatchCRMRecord.REL_FAILURE, 0);
        final String explanation = outputRecords().get("2").get("crm_match_explanation").asText();
        assertTrue(explanation.contains("email=exact("), explanation);
        assertTrue(explanation.contains("birth_date=exact("), explanation);
        assertConservation(2);
    }

    /**
     * A CSVReader inferring its schema types 4155550100.0 as a float, which holds about 7 digits: 4155550100 and
     * 4155550200 are the one float 4.1555502E9. Its digits are no phone's, so two such values do not agree on a phone.
     */
    @Test
    void takesNoPhoneFromAFloatTheReaderInferred() throws IOException, InitializationException {
        final CSVReader reader = (CSVReader) runner.getControllerService("csv-reader");
        runner.disableControllerService(reader);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "infer-schema");
        runner.enableControllerService(reader);
        runner.setProperty("first_name", "/FirstName");
        runner.setProperty("last_name", "/LastName");
        runner.setProperty("phone", "/Phone");
        runner.enqueue("Id,FirstName,LastName,Phone\n1,Robert,Smith,4155550100.0\n2,Rob,Smith,4155550200.0\n");
        runner.run();

        final String explanation = outputRecords().get("2").get("crm_match_explanation").asText();
        assertFalse(explanation.contains("phone=exact("), explanation);
        assertConservation(2);
    }

    @Test
    void routesAWeakPairToReview() throws IOException {
        configureContactRoles();
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.run();

        final List<MockFlowFile> review = runner.getFlowFilesForRelationship(MatchCRMRecord.REL_REVIEW);
        assertEquals(1, review.size());
        review.getFirst().assertAttributeEquals("record.count", "2");
        final Map<String, JsonNode> records = outputRecords();
        final double score = records.get("003A07").get("crm_match_score").asDouble();
        assertTrue(score >= 0.5 && score < 0.9, "score " + score);
        assertNotEquals(records.get("003A07").get("crm_match_id").asText(), records.get("003A08").get("crm_match_id").asText());
    }

    /**
     * A pair the chaining guard holds apart says by which rule, the record of the other cluster it was held apart from (the
     * Match ID it carries) and the fields the rule read on which the two do not agree, by level and weight, never a value:
     * two families' names alike in spelling with mailboxes that disagree, given names alike in spelling yet two names with
     * mailboxes or birth dates that disagree, mailboxes a typo apart named for two given names, two given names (spouses
     * sharing a household's mailbox), two generations of one name, colleagues at one office, and two families' names alike
     * in spelling with mailboxes a typo apart named for two given names (Vincenzo / Vincezo). Only the fields that decided
     * are named: Robert Miller Jr. and Bob Miller Sr. are two generations by the last name, not by the given name, which
     * agrees as a short form and was named too while the rule listed every person name by its role
     * ({@code first_name=close(+5.1) last_name=close(+5.3)}). Each pair shares a
     * household's or an office's landline and street, enough to be accepted, and each record goes to review alone; before,
     * each said only the rule ("(held apart: two given names)"), and a person reviewing could not tell from which record
     * nor on which field.
     */
    @Test
    void explainsWhichRuleHeldTwoRecordsApartFromWhichRecordOnWhichFields() throws IOException {
        configureContactAndAddressRoles();
        runner.enqueue("""
                Id,FirstName,LastName,Email,Phone,Street,City,MailingPostalCode,Birthdate
                f1,Vincenzo,Ferrara,vincenzo.ferrara@gmail.com,+39 02 261 3450,Via Roma 55,Milano,20121,
                f2,Vincenzo,Ferrari,vferrari77@yahoo.it,+39 02 261 3450,Via Roma 55,Milano,20121,
                g1,Daniel,Meyer,daniel.meyer@gmail.com,(312) 555-0142,12 Oak Street,Springfield,62701,
                g2,Daniela,Meyer,danielameyer71@yahoo.com,(312) 555-0142,12 Oak Street,Springfield,62701,
                m1,Marinus,Verhoeven,marinus.verhoeven@wp.pl,+31 20 555 0142,Kerkstraat 12,Amsterdam,1017,
                m2,Adrianus,Verhoeven,adrianus.verhoeven@wp.pl,+31 20 555 0142,Kerkstraat 12,Amsterdam,1017,
                s1,Mary,Smith,smithfamily@gmail.com,(415) 555-0132,48 Elm Road,Oakland,94601,
                s2,John,Smith,smithfamily@gmail.com,(415) 555-0132,48 Elm Road,Oakland,94601,
                p1,Daniel,Meyer,,(217) 555-0142,3 Ash Lane,Peoria,61602,1971-05-05
                p2,Daniela,Meyer,,(217) 555-0142,3 Ash Lane,Peoria,61602,1975-09-09
                r1,John,Smith Jr.,,(617) 555-0177,9 Pine Road,Boston,02108,
                r2,John,Smith Sr.,,(617) 555-0177,9 Pine Road,Boston,02108,
                c1,Mary,Smith,mary.smith@acme.com,(503) 555-0100,1 Main Street,Portland,97201,
                c2,Mary,Jones,mjones@acme.com,(503) 555-0100,1 Main Street,Portland,97201,
                v1,Vincenzo,Ferrara,vincenzo.rm55@gmail.com,+39 06 555 0178,Via Appia 7,Roma,00184,
                v2,Vincezo,Ferrari,vincezo.rm55@gmail.com,+39 06 555 0178,Via Appia 7,Roma,00184,
                b1,Robert,Miller Jr.,,(617) 555-0188,14 Elm Street,Boston,02109,
                b2,Bob,Miller Sr.,,(617) 555-0188,14 Elm Street,Boston,02109,
                """);
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> records = outputRecords();
        final Map<String, String> reasons = Map.of(
                "f", "two families' names alike in spelling, and their mailboxes disagree|last_name=close(+5.3) email=differs(-3.8)",
                "g", "given names alike in spelling yet two names, and their mailboxes disagree|first_name=close(+5.1) email=differs(-3.8)",
                "m", "given names alike in spelling yet two names, and mailboxes named for two given names|first_name=similar(+1.3) email=close(+9.0)",
                "s", "two given names|first_name=differs(-3.8)",
                "p", "given names alike in spelling yet two names, and their birth dates or national ids disagree|first_name=close(+5.1) "
                        + "birth_date=differs(-4.0)",
                "r", "a name of two generations (Jr., Sr.), and no mailbox shared|last_name=close(+5.3)",
                "c", "family names that differ, each with a mailbox of its own at one organisation|last_name=differs(-4.3) email=differs(-3.8)",
                "v", "two families' names alike in spelling, and mailboxes named for two given names|last_name=close(+5.3) email=close(+9.0)",
                "b", "a name of two generations (Jr., Sr.), and no mailbox shared|last_name=close(+5.3)");
        for (final Map.Entry<String, String> reason : reasons.entrySet()) {
            final String[] ruleAndFields = reason.getValue().split("\\|");
            for (final List<String> pair : List.of(List.of(reason.getKey() + "1", reason.getKey() + "2"), List.of(reason.getKey() + "2", reason.getKey() + "1"))) {
                final String explanation = records.get(pair.get(0)).get("crm_match_explanation").asText();
                assertEquals("review", outcome(pair.get(0)), pair.get(0) + ": " + explanation);
                final String other = records.get(pair.get(1)).get("crm_match_id").asText();
                assertTrue(explanation.endsWith("(held apart: " + ruleAndFields[0] + ": it and a record of the other cluster (match id " + other
                        + ") on " + ruleAndFields[1] + ")"), pair.get(0) + ": " + explanation);
            }
        }
    }

    /**
     * A key rule's link refused because a record of the other cluster disagrees outright on an identifying field names
     * that record's Match ID and the fields, as the explanation writes them: Otto Berg's record shares Anna Berg's mailbox
     * with a record of no given name that the key rule joined to hers; Anna's given name and birth date disagree outright
     * with Otto's. Before: "(held apart: a record of the other cluster disagrees outright on an identifying field)".
     */
    @Test
    void namesTheRecordAndTheIdentifyingFieldsThatRefusedAKeyRulesLink() throws IOException {
        configureContactAndAddressRoles();
        runner.setProperty(MatchCRMRecord.KEY_RULES, "email");
        runner.enqueue("""
                Id,FirstName,LastName,Email,Phone,Street,City,MailingPostalCode,Birthdate
                anna,Anna,Berg,anna.berg@gmail.com,(312) 555-0142,,,,1970-01-01
                berg,,Berg,anna.berg@gmail.com,,,,,
                otto,Otto,Berg,anna.berg@gmail.com,,,,,1940-02-02
                """);
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> records = outputRecords();
        final String annas = records.get("anna").get("crm_match_id").asText();
        assertEquals(annas, records.get("berg").get("crm_match_id").asText());
        final String explanation = records.get("otto").get("crm_match_explanation").asText();
        assertEquals("review", outcome("otto"), explanation);
        assertTrue(explanation.endsWith("(held apart: a record of the other cluster (match id " + annas + ") disagrees outright with it on an "
                + "identifying field: first_name=differs(-3.8) birth_date=differs(-4.0))"), explanation);
    }

    /**
     * The rules about given names name the record and the given name's level too: one given name that would join two names
     * alike in spelling ({@code Manu}, Emanuel's mailbox, at Manuel's household: Emanuel's record is held apart from
     * Manuel's cluster), another name alike in spelling told apart from a record of its own name (Emanuel Pinto at Manuel
     * Pinto's household), and the records a short form of both their names ties (Adolfo and Rodolfo, each held apart from
     * Fito's record). Before, each said only its rule.
     */
    @Test
    void explainsGivenNameRulesByTheRecordAndTheGivenName() throws IOException {
        configureContactAndAddressRoles();
        runner.enqueue("""
                Id,FirstName,LastName,Email,Phone,Street,City,MailingPostalCode,Birthdate
                e1,Emanuel,Pinto,emanuel.pinto@sapo.pt,,,,,
                e2,Manu,Pinto,emanuel.pinto@sapo.pt,+351 21 555 0142,Rua Augusta 10,Lisboa,1100,
                u1,Manuel,Pinto,,+351 21 555 0142,Rua Augusta 10,Lisboa,1100,1960-01-01
                u2,Manuel,Pinto,,+351 21 555 0142,Rua Augusta 10,Lisboa,1100,1960-01-01
                m1,Manuel,Costa,manuel.costa@gmail.com,+351 22 555 0199,Rua Nova 4,Porto,4000,
                m2,Manuel,Costa,,+351 22 555 0199,Rua Nova 4,Porto,4000,
                m3,Emanuel,Costa,emanuel.costa@sapo.pt,+351 22 555 0199,Rua Nova 4,Porto,4000,
                a1,Adolfo,Ortega,adolfo.ortega@gmail.com,(702) 555-0142,,,,
                a2,Fito,Ortega,,(702) 555-0142,,,,
                a3,Rodolfo,Ortega,rodolfo.ortega@yahoo.com,(702) 555-0142,,,,
                """);
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> records = outputRecords();
        assertEquals(records.get("e2").get("crm_match_id").asText(), records.get("u1").get("crm_match_id").asText());
        assertHeldApart(records, "e1", "one given name would join two names alike in spelling", "u1", "first_name=close(+5.1)");
        assertEquals(records.get("m1").get("crm_match_id").asText(), records.get("m2").get("crm_match_id").asText());
        assertHeldApart(records, "m3", "another given name alike in spelling, told apart from a record of its own name", "m2", "first_name=close(+5.1)");
        assertHeldApart(records, "a1", "a record linked to it is as like a record told apart from it", "a2", "first_name=close(+5.1)");
        assertHeldApart(records, "a3", "a record linked to it is as like a record told apart from it", "a2", "first_name=close(+5.1)");
    }

    /**
     * Two companies at one address and switchboard name each other's Match ID and the company name and website that hold
     * them apart. Before: "(held apart: two companies' names, and no website or mailbox domain agrees)".
     */
    @Test
    void explainsTwoCompaniesByTheRecordAndTheFields() throws IOException {
        runner.setProperty("company", "/Name");
        runner.setProperty("street", "/BillingStreet");
        runner.setProperty("city", "/BillingCity");
        runner.setProperty("postal_code", "/BillingPostalCode");
        runner.setProperty("phone", "/Phone");
        runner.setProperty("website", "/Website");
        runner.enqueue("""
                Id,Name,BillingStreet,BillingCity,BillingPostalCode,Phone,Website
                x1,Northwind Traders,12 Main Street,Seattle,98101,(206) 555-0100,northwindtraders.com
                x2,Contoso Pharmaceuticals,12 Main Street,Seattle,98101,(206) 555-0100,contoso-pharma.com
                """);
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> records = outputRecords();
        final String rule = "two companies' names, and no website or mailbox domain agrees";
        assertHeldApart(records, "x1", rule, "x2", "company=differs(-3.3) website=differs(-2.7)");
        assertHeldApart(records, "x2", rule, "x1", "company=differs(-3.3) website=differs(-2.7)");
    }

    /** Asserts that a record went to review held apart by the rule from the Match ID another record carries, on the fields given. */
    private void assertHeldApart(final Map<String, JsonNode> records, final String id, final String rule, final String from, final String fields)
            throws IOException {
        final String explanation = records.get(id).get("crm_match_explanation").asText();
        assertEquals("review", outcome(id), id + ": " + explanation);
        assertTrue(explanation.endsWith("(held apart: " + rule + ": it and a record of the other cluster (match id "
                + records.get(from).get("crm_match_id").asText() + ") on " + fields + ")"), id + ": " + explanation);
    }

    /**
     * A record the chaining guard held apart because a record of the other cluster contradicts the join names that
     * record's Match ID and the fields on which it contradicts (level and weight as the explanation writes them, never a
     * value): J. Smith's record, John's mailbox at Jane's landline, links John's record and Jane's, two people who agree
     * on nothing but the family name. Jane goes to review; before, her explanation read only "a record of the other
     * cluster contradicts it", and a person reviewing could not tell which record, nor on what.
     */
    @Test
    void namesTheRecordAndTheFieldsThatContradictedAJoin() throws IOException {
        configureContactAndAddressRoles();
        runner.enqueue("""
                Id,FirstName,LastName,Email,Phone,Street,City,MailingPostalCode,Birthdate
                john,John,Smith,john.smith@gmail.com,(415) 555-0101,48 Elm Road,Oakland,94601,1950-03-03
                j,J,Smith,john.smith@gmail.com,(212) 555-0199,,,,
                jane,Jane,Smith,jane.smith@yahoo.com,(212) 555-0199,12 Oak Street,New York,10001,1980-07-07
                """);
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> records = outputRecords();
        final String explanation = records.get("jane").get("crm_match_explanation").asText();
        assertEquals("review", outcome("jane"), explanation);
        final String johns = records.get("john").get("crm_match_id").asText();
        assertEquals(johns, records.get("j").get("crm_match_id").asText());
        assertTrue(explanation.endsWith("(held apart: a record of the other cluster (match id " + johns + ") contradicts it on email=differs(-3.8) "
                + "phone=differs(-2.7) street=differs(-3.3) city=differs(-3.8) postal_code=differs(-3.6) birth_date=differs(-4.0) external_id=differs(-0.2))"),
                explanation);
    }

    @Test
    void givesTheSameIdsOnEveryRun() throws IOException {
        configureContactRoles();
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.run();
        final Map<String, JsonNode> first = outputRecords();
        runner.clearTransferState();
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.run();
        final Map<String, JsonNode> second = outputRecords();
        for (final Map.Entry<String, JsonNode> entry : first.entrySet()) {
            assertEquals(entry.getValue().get("crm_match_id").asText(), second.get(entry.getKey()).get("crm_match_id").asText());
        }
    }

    @Test
    void recognisesRolesFromFieldNamesWhenNoneIsConfigured() throws IOException {
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final MockFlowFile matched = runner.getFlowFilesForRelationship(MatchCRMRecord.REL_MATCHED).getFirst();
        final String roles = matched.getAttribute("crm.match.roles");
        assertTrue(roles.contains("first_name=FirstName") && roles.contains("postal_code=MailingPostalCode"), roles);
        final Map<String, JsonNode> records = outputRecords();
        assertEquals(records.get("003A01").get("crm_match_id").asText(), records.get("003A02").get("crm_match_id").asText());
        matched.assertAttributeExists("crm.match.review.count");
        matched.assertAttributeExists("crm.match.pair.count");
        assertConservation(8);
    }

    /**
     * A Salesforce Account export without any configuration: Name is recognised as the company (the export has account
     * fields such as Website and Industry), legal forms, abbreviations and address spellings do not keep one account's
     * records apart, and two companies that only share a word stay apart.
     */
    @Test
    void deduplicatesAccountsWithoutConfiguration() throws IOException {
        runner.enqueue(INPUT.resolve("accounts.csv"));
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final MockFlowFile matched = runner.getFlowFilesForRelationship(MatchCRMRecord.REL_MATCHED).getFirst();
        final String roles = matched.getAttribute("crm.match.roles");
        assertTrue(roles.contains("company=Name") && roles.contains("street=BillingStreet") && roles.contains("website=Website"), roles);
        final Map<String, JsonNode> records = outputRecords();
        final String northwind = records.get("001A01").get("crm_match_id").asText();
        assertEquals(northwind, records.get("001A02").get("crm_match_id").asText());
        assertEquals(northwind, records.get("001A03").get("crm_match_id").asText());
        assertEquals(records.get("001A04").get("crm_match_id").asText(), records.get("001A05").get("crm_match_id").asText());
        assertNotEquals(records.get("001A06").get("crm_match_id").asText(), records.get("001A07").get("crm_match_id").asText());
        assertEquals("unmatched", outcome("001A08"));
        assertEquals("unmatched", outcome("001A07"));
        assertConservation(8);
    }

    /**
     * A company name is keyed in the record's country: NV first in a Belgian name is its legal form, as N.V. last is, so
     * the two records agree on the name exactly; NV Energy in the United States keeps NV, the start of its name.
     */
    @Test
    void keysACompanyNameInItsRecordsCountry() throws IOException {
        final Map<String, JsonNode> records = accountsMatchedWithTheirCountries("""
                Id,Name,BillingPostalCode,BillingCountry
                1,NV Kamlit Foods,2000,BE
                2,Kamlit Foods N.V.,2000,BE
                3,NV Energy,89501,US
                4,Energy Inc.,89501,US
                """);
        assertEquals(records.get("1").get("crm_match_id").asText(), records.get("2").get("crm_match_id").asText());
        assertTrue(records.get("2").get("crm_match_explanation").asText().contains("company=exact("), records.get("2").get("crm_match_explanation").asText());
        assertNotEquals(records.get("3").get("crm_match_id").asText(), records.get("4").get("crm_match_id").asText());
        assertConservation(4);
    }

    /**
     * Without a country AB first may be the Swedish form or the start of a name (AB InBev): both readings are keyed, so
     * AB Kamlit Foods is one company with Kamlit Foods AB, as in Sweden, and Ltd written first by mistake is read both
     * ways in any country.
     */
    @Test
    void keysBothReadingsOfAFormFirstWhereTheCountryIsUnknown() throws IOException {
        final Map<String, JsonNode> records = accountsMatchedWithTheirCountries("""
                Id,Name,BillingPostalCode,BillingCountry
                1,AB Kamlit Foods,41101,
                2,Kamlit Foods AB,41101,
                3,Ltd Venvel Trading,EC1A 1BB,GB
                4,Venvel Trading Limited,EC1A 1BB,GB
                """);
        assertEquals(records.get("1").get("crm_match_id").asText(), records.get("2").get("crm_match_id").asText());
        assertTrue(records.get("2").get("crm_match_explanation").asText().contains("company=exact("), records.get("2").get("crm_match_explanation").asText());
        assertEquals(records.get("3").get("crm_match_id").asText(), records.get("4").get("crm_match_id").asText());
        assertConservation(4);
    }

    /**
     * One company's VAT id in one source and its D-U-N-S number in another say nothing of each other: the records are
     * matched on the rest; two German VAT ids of one kind that differ still hold a parent and its subsidiary apart.
     */
    @Test
    void companyIdentifiersOfTwoKindsSayNothingOfEachOther() throws IOException {
        assertOneCompanyAndTwoCompanies("/Identifier", """
                Id,Name,BillingStreet,BillingCity,Phone,Identifier
                1,Kamlit Systems GmbH,Hafenstrasse 1,Hamburg,+49 40 30961234,DE 123.456.789
                2,Kamlit Systems GmbH,Hafenstrasse 1,Hamburg,+49 40 30961234,15-048-3782
                3,Venvel Holding GmbH,Ringstrasse 40,Berlin,+49 30 901820,DE 111 222 333
                4,Venvel GmbH,Ringstrasse 40,Berlin,+49 30 901820,DE 444 555 666
                """);
    }

    /**
     * The name of the field a company identifier is read from says its kind where the value does not: a D-U-N-S number
     * written without its dashes in DunsNumber that happens to pass Germany's check digit (813495425, about one in ten do) is
     * a D-U-N-S number, so beside the company's German VAT id in another source's VATNumber it says nothing and the two
     * records are one company; nine digits in a German record's VATNumber are a German VAT id, so two that differ hold two
     * companies apart though one of them fails the check digit. Before, 813495425 was read as a German VAT id written
     * without its prefix and held the company's two records apart.
     */
    @Test
    void theFieldACompanyIdentifierIsReadFromSaysItsKind() throws IOException {
        runner.setProperty("country", "/BillingCountry");
        assertOneCompanyAndTwoCompanies("/VATNumber, /DunsNumber", """
                Id,Name,BillingStreet,BillingCity,BillingCountry,Phone,VATNumber,DunsNumber
                1,Kamlit Systems GmbH,Hafenstrasse 1,Hamburg,DE,+49 40 30961234,DE 136 695 976,
                2,Kamlit Systems GmbH,Hafenstrasse 1,Hamburg,DE,+49 40 30961234,,813495425
                3,Venvel Holding GmbH,Ringstrasse 40,Berlin,DE,+49 30 901820,136695976,
                4,Venvel GmbH,Ringstrasse 40,Berlin,DE,+49 30 901820,150483782,
                """);
    }

    /**
     * The processor hands the matcher's core the names of the fields its values come from ({@link RecordValues}): the
     * same accounts keyed through the core, with the names of their columns, are clustered as the processor clusters
     * them, and explained alike. Nine digits that pass Germany's check from {@code DunsNumber} are a D-U-N-S number
     * (Kamlit's two records are one), from {@code VATNumber} of a German record a German VAT id (Venvel's are two);
     * keyed without the names (as the core keyed every record before) Kamlit's were two.
     */
    @Test
    void theCoreReadsACompanyIdentifiersFieldAsTheProcessorDoes() throws IOException {
        final String csv = """
                Id,Name,BillingStreet,BillingCity,BillingCountry,Phone,VATNumber,DunsNumber
                1,Kamlit Systems GmbH,Hafenstrasse 1,Hamburg,DE,+49 40 30961234,DE 136 695 976,
                2,Kamlit Systems GmbH,Hafenstrasse 1,Hamburg,DE,+49 40 30961234,,813495425
                3,Venvel Holding GmbH,Ringstrasse 40,Berlin,DE,+49 30 901820,136695976,
                4,Venvel GmbH,Ringstrasse 40,Berlin,DE,+49 30 901820,150483782,
                5,Initech Inc.,4120 Freidrich Lane,Austin,US,+1 512 555 0100,,150483782
                6,Initech Inc.,4120 Freidrich Lane,Austin,United States,+1 512 555 0100,DE 129 273 398,
                """;
        final Map<String, String> paths = new LinkedHashMap<>();
        paths.put("external_id", "Id");
        paths.put("company", "Name");
        paths.put("street", "BillingStreet");
        paths.put("city", "BillingCity");
        paths.put("country", "BillingCountry");
        paths.put("phone", "Phone");
        paths.put("company_id", "VATNumber,DunsNumber");
        paths.forEach((role, columns) -> runner.setProperty(role, "/" + columns.replace(",", ", /")));
        runner.enqueue(csv);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> processed = outputRecords();

        final List<String> roles = new ArrayList<>(paths.keySet());
        roles.sort(Comparator.comparing(role -> Role.fromKey(role).orElseThrow()));
        final dev.nificrm.match.Matcher matcher = new dev.nificrm.match.Matcher(roles.stream().map(MatchField::named).toList(),
                MatchSettings.defaults(), "US");
        final CandidateIndex index = matcher.newIndex();
        final RecordValues values = matcher.newRecordValues();
        final List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().get().parse(new StringReader(csv)).getRecords();
        for (final CSVRecord row : rows) {
            values.clear();
            for (int slot = 0; slot < roles.size(); slot++) {
                for (final String column : paths.get(roles.get(slot)).split(",")) {
                    values.add(slot, row.get(column), column);
                }
            }
            index.add(matcher.keys(values));
        }
        final MatchResult core = matcher.match(index);

        final Pattern companyIdLevel = Pattern.compile("company_id=\\S+");
        for (int left = 0; left < rows.size(); left++) {
            final JsonNode leftRecord = processed.get(rows.get(left).get("Id"));
            final java.util.regex.Matcher processorLevel = companyIdLevel.matcher(leftRecord.get("crm_match_explanation").asText());
            final java.util.regex.Matcher coreLevel = companyIdLevel.matcher(core.explanation(left));
            assertEquals(processorLevel.find() ? processorLevel.group() : null, coreLevel.find() ? coreLevel.group() : null,
                    "record " + rows.get(left).get("Id") + ": " + leftRecord.get("crm_match_explanation").asText() + " / " + core.explanation(left));
            for (int right = left + 1; right < rows.size(); right++) {
                final JsonNode rightRecord = processed.get(rows.get(right).get("Id"));
                assertEquals(leftRecord.get("crm_match_id").asText().equals(rightRecord.get("crm_match_id").asText()), core.cluster(left) == core.cluster(right),
                        "records " + rows.get(left).get("Id") + " and " + rows.get(right).get("Id"));
            }
        }
        assertEquals(processed.get("1").get("crm_match_id").asText(), processed.get("2").get("crm_match_id").asText());
        assertNotEquals(processed.get("3").get("crm_match_id").asText(), processed.get("4").get("crm_match_id").asText());
        assertConservation(rows.size());
    }

    /**
     * Matches four accounts (Id, Name, BillingStreet, BillingCity, Phone and identifiers read by {@code companyIdPaths}):
     * records 1 and 2, one company whose identifiers are of two kinds, are one, and the explanation says the kinds differ
     * (weighing 0, as a missing value: both records hold one); records 3 and 4, whose identifiers are of one kind and
     * differ, are two.
     */
    private void assertOneCompanyAndTwoCompanies(final String companyIdPaths, final String csv) throws IOException {
        runner.setProperty("external_id", "/Id");
        runner.setProperty("company", "/Name");
        runner.setProperty("street", "/BillingStreet");
        runner.setProperty("city", "/BillingCity");
        runner.setProperty("phone", "/Phone");
        runner.setProperty("company_id", companyIdPaths);
        runner.enqueue(csv);
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> records = outputRecords();
        assertEquals(records.get("1").get("crm_match_id").asText(), records.get("2").get("crm_match_id").asText());
        assertTrue(records.get("2").get("crm_match_explanation").asText().contains("company_id=different_kinds(0)"),
                records.get("2").get("crm_match_explanation").asText());
        assertNotEquals(records.get("3").get("crm_match_id").asText(), records.get("4").get("crm_match_id").asText());
        assertConservation(4);
    }

    /** The records of a CSV of accounts (Id, Name, BillingPostalCode, BillingCountry) matched on all four, by id; none failed. */
    private Map<String, JsonNode> accountsMatchedWithTheirCountries(final String csv) throws IOException {
        runner.setProperty("external_id", "/Id");
        runner.setProperty("company", "/Name");
        runner.setProperty("postal_code", "/BillingPostalCode");
        runner.setProperty("country", "/BillingCountry");
        runner.enqueue(csv);
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        return outputRecords();
    }

    /** A full name besides first and last names is not compared again, and the roles attribute says why. */
    @Test
    void explainsWhyAFullNameIsNotComparedBesidesItsParts() throws IOException {
        runner.enqueue("Id,Full Name,FirstName,LastName,Email\n1,Robert Smith,Robert,Smith,bob@example.com\n2,Bob Smith,Bob,Smith,bob@example.com\n");
        runner.run();

        final MockFlowFile matched = runner.getFlowFilesForRelationship(MatchCRMRecord.REL_MATCHED).getFirst();
        assertEquals("external_id=Id; first_name=FirstName; last_name=LastName; email=Email; "
                + "not compared: full_name=Full Name (first_name, last_name carry the same evidence)", matched.getAttribute("crm.match.roles"));
        assertFalse(outputRecords().get("2").get("crm_match_explanation").asText().contains("full_name"));
    }

    @Test
    void recognisesRolesOnceForManyFlowFilesOfOneSchema() throws IOException {
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.run(2);

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final List<MockFlowFile> matched = runner.getFlowFilesForRelationship(MatchCRMRecord.REL_MATCHED);
        assertEquals(2, matched.size());
        assertEquals(matched.get(0).getAttribute("crm.match.roles"), matched.get(1).getAttribute("crm.match.roles"));
        assertEquals(matched.get(0).getContent(), matched.get(1).getContent());
        assertConservation(16);
    }

    @Test
    void rejectsOutputFieldsSharingAName() {
        configureContactRoles();
        runner.setProperty(MatchCRMRecord.MATCH_SCORE_FIELD, "crm_match_id");
        runner.assertNotValid();
        runner.setProperty(MatchCRMRecord.MATCH_SCORE_FIELD, "crm_match_score");
        runner.setProperty(MatchCRMRecord.MATCH_EXPLANATION_FIELD, "crm_match_score");
        runner.assertNotValid();
        runner.setProperty(MatchCRMRecord.MATCH_EXPLANATION_FIELD, "why");
        runner.assertValid();
    }

    @Test
    void routesToFailureWhenNoRoleIsRecognised() {
        runner.enqueue("Colour,Size\nred,10\nblue,12\n");
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst();
        assertTrue(failed.getAttribute("record.error.message").contains("add dynamic properties"), failed.getAttribute("record.error.message"));
        failed.assertContentEquals("Colour,Size\nred,10\nblue,12\n");
    }

    @Test
    void routesUnreadableContentToFailure() {
        configureContactRoles();
        runner.enqueue("Id,FirstName\n\"unterminated,Robert\n");
        runner.run();

        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
    }

    @Test
    void routesAnEmptyInputToUnmatched() {
        configureContactRoles();
        runner.enqueue("Id,FirstName,LastName,Email,Phone,MailingPostalCode,Birthdate\n");
        runner.run();

        runner.assertAllFlowFilesTransferred(MatchCRMRecord.REL_UNMATCHED, 1);
        final MockFlowFile empty = runner.getFlowFilesForRelationship(MatchCRMRecord.REL_UNMATCHED).getFirst();
        empty.assertAttributeEquals("record.count", "0");
        empty.assertAttributeEquals("crm.match.matched.count", "0");
        empty.assertAttributeEquals("crm.match.unmatched.count", "0");
    }

    @Test
    void usesConfiguredOutputFieldNames() throws IOException {
        configureContactRoles();
        runner.setProperty(MatchCRMRecord.MATCH_ID_FIELD, "DuplicateGroup");
        runner.setProperty(MatchCRMRecord.MATCH_SCORE_FIELD, "DuplicateScore");
        runner.setProperty(MatchCRMRecord.MATCH_EXPLANATION_FIELD, "DuplicateReason");
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.run();

        final JsonNode record = outputRecords().get("003A01");
        assertTrue(record.has("DuplicateGroup") && record.has("DuplicateScore") && record.has("DuplicateReason"), record.toString());
        assertTrue(!record.has("crm_match_id"), record.toString());
    }

    @Test
    void rejectsAReviewThresholdAboveTheMatchThreshold() {
        configureContactRoles();
        runner.setProperty(MatchCRMRecord.MATCH_THRESHOLD, "0.8");
        runner.setProperty(MatchCRMRecord.REVIEW_THRESHOLD, "0.95");
        runner.assertNotValid();
        runner.setProperty(MatchCRMRecord.REVIEW_THRESHOLD, "0.8");
        runner.assertValid();
    }

    @Test
    void rejectsInvalidValues() {
        configureContactRoles();
        runner.setProperty(MatchCRMRecord.MATCH_THRESHOLD, "1.5");
        runner.assertNotValid();
        runner.setProperty(MatchCRMRecord.MATCH_THRESHOLD, "0.9");
        runner.setProperty("email", "/Email, /Email[");
        runner.assertNotValid();
        runner.setProperty("email", "/Email");
        runner.setProperty(MatchCRMRecord.DEFAULT_PHONE_REGION, "Narnia");
        runner.assertNotValid();
        runner.setProperty(MatchCRMRecord.DEFAULT_PHONE_REGION, "gb");
        runner.setProperty(MatchCRMRecord.WEIGHT_ESTIMATION, "Guess");
        runner.assertNotValid();
        // flow definitions store the key, never the label the UI shows
        runner.setProperty(MatchCRMRecord.WEIGHT_ESTIMATION, WeightEstimation.ESTIMATE_FROM_DATA.getDisplayName());
        runner.assertNotValid();
        runner.setProperty(MatchCRMRecord.WEIGHT_ESTIMATION, WeightEstimation.ESTIMATE_FROM_DATA.getValue());
        runner.assertValid();
    }

    @Test
    void readsACommaInsideARecordPathFunctionAsPartOfThePath() throws IOException {
        configureContactRoles();
        runner.setProperty("last_name", "substringBefore(/LastName, ','), /LastName");
        runner.assertValid();
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final String roles = runner.getFlowFilesForRelationship(MatchCRMRecord.REL_MATCHED).getFirst().getAttribute("crm.match.roles");
        assertTrue(roles.contains("last_name=substringBefore(/LastName, ','), /LastName"), roles);
    }

    @Test
    void meetsTheQualityFloorsOnFebrlDataset1ThroughTheRealReader() throws IOException {
        runner.setProperty("first_name", "/given_name");
        runner.setProperty("last_name", "/surname");
        runner.setProperty("house_number", "/street_number");
        runner.setProperty("street", "/address_1");
        runner.setProperty("address_2", "/address_2");
        runner.setProperty("city", "/suburb");
        runner.setProperty("postal_code", "/postcode");
        runner.setProperty("state", "/state");
        runner.setProperty("birth_date", "/date_of_birth");
        runner.setProperty("national_id", "/soc_sec_id");
        assertFebrlDataset1Floors("configured roles");
    }

    @Test
    void meetsTheQualityFloorsOnFebrlDataset1WithRecognisedRoles() throws IOException {
        assertFebrlDataset1Floors("recognised roles");
        final String roles = runner.getFlowFilesForRelationship(MatchCRMRecord.REL_MATCHED).getFirst().getAttribute("crm.match.roles");
        assertTrue(roles.contains("street=address_1, address_2") && roles.contains("national_id=soc_sec_id"), roles);
    }

    private void assertFebrlDataset1Floors(final String configuration) throws IOException {
        runner.enqueue(EvalData.folder("febrl").resolve("dataset1.csv"));
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final List<String> predicted = new ArrayList<>();
        final List<String> truth = new ArrayList<>();
        for (final JsonNode record : outputRecords("rec_id").values()) {
            predicted.add(record.get("crm_match_id").asText());
            truth.add(EvaluationData.febrlEntity(record.get("rec_id").asText()));
        }
        assertEquals(1000, predicted.size());
        final EvaluationData.Quality quality = EvaluationData.pairwise(predicted, truth);
        System.out.println("MatchCRMRecord on febrl/dataset1.csv (" + configuration + "): " + quality);
        assertTrue(quality.precision() >= 0.99, quality.toString());
        assertTrue(quality.recall() >= 0.97, quality.toString());
        assertConservation(1000);
    }

    private Map<String, JsonNode> outputRecords() throws IOException {
        return outputRecords("Id");
    }

    private Map<String, JsonNode> outputRecords(final String keyField) throws IOException {
        return outputRecords(runner, keyField);
    }

    /** The records a run routed to matched, review and unmatched, by the value of a key field. */
    static Map<String, JsonNode> outputRecords(final TestRunner runner, final String keyField) throws IOException {
        final Map<String, JsonNode> records = new HashMap<>();
        for (final Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_REVIEW, MatchCRMRecord.REL_UNMATCHED)) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                for (final JsonNode record : MAPPER.readTree(flowFile.getContent())) {
                    records.put(record.get(keyField).asText(), record);
                }
            }
        }
        return records;
    }

    /** The relationship the record with the Id went to. */
    private String outcome(final String id) throws IOException {
        for (final Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_REVIEW, MatchCRMRecord.REL_UNMATCHED)) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                for (final JsonNode record : MAPPER.readTree(flowFile.getContent())) {
                    if (record.get("Id").asText().equals(id)) {
                        return relationship.getName();
                    }
                }
            }
        }
        return "none";
    }

    private void assertConservation(final int expected) {
        long total = 0;
        for (final Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_REVIEW, MatchCRMRecord.REL_UNMATCHED)) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                total += Long.parseLong(flowFile.getAttribute("record.count"));
            }
        }
        assertEquals(expected, total);
    }

    @Test
    void flowDefinitionsInTemplatesStoreAllowableValueKeys() throws IOException {
        FlowDefinitions.assertAllowableValuesAreKeys(runner.getProcessor());
    }

    @Test
    void writesScoresWithFourDecimalPlacesAndNoExponentInJson() throws IOException {
        final List<String> scores = new ArrayList<>();
        for (final String content : matchTheExampleContacts()) {
            final Matcher score = JSON_SCORE.matcher(content);
            while (score.find()) {
                scores.add(score.group(1));
            }
        }
        assertScoresArePlain(scores);
    }

    @Test
    void writesScoresWithFourDecimalPlacesAndNoExponentInCsv() throws IOException, InitializationException {
        RecordServices.useCsvWriter(runner);
        final List<String> scores = new ArrayList<>();
        for (final String content : matchTheExampleContacts()) {
            for (final CSVRecord record : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(content))) {
                scores.add(record.get("crm_match_score"));
            }
        }
        assertScoresArePlain(scores);
    }

    /** Matches the contacts of the worked example with their roles set and returns the content of every output. */
    private List<String> matchTheExampleContacts() throws IOException {
        configureContactRoles();
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.run();
        final List<String> contents = new ArrayList<>();
        for (final Relationship relationship : OUTPUTS) {
            runner.getFlowFilesForRelationship(relationship).forEach(flowFile -> contents.add(flowFile.getContent()));
        }
        return contents;
    }

    /** Every record's score is plain, the one without a candidate is 0.0000 and the near-certain pairs round to 1.0000. */
    private static void assertScoresArePlain(final List<String> scores) {
        assertEquals(8, scores.size(), scores.toString());
        for (final String score : scores) {
            assertTrue(PLAIN_SCORE.matcher(score).matches(), "score " + score + " of " + scores);
        }
        assertTrue(scores.contains("0.0000") && scores.contains("1.0000"), scores.toString());
    }

    @Test
    void roundsScoresHalfUpToFourPlaces() {
        assertEquals("0.0000", MatchCRMRecord.roundScore(1.8531528495047976E-6).toPlainString());
        assertEquals("1.0000", MatchCRMRecord.roundScore(0.9999999999879268).toPlainString());
        assertEquals("0.9732", MatchCRMRecord.roundScore(0.97315).toPlainString());
        assertEquals("0.0000", MatchCRMRecord.roundScore(1.8531528495047976E-6).toString());
    }

    @Test
    void writesTheSameOutputWithOneScoringThreadAndWithSeveral() throws IOException {
        runner.setProperty(MatchCRMRecord.SCORING_THREADS, "1");
        final Map<String, String> single = outputsOf(EvalData.folder("splink").resolve("fake_1000.csv"));
        runner.setProperty(MatchCRMRecord.SCORING_THREADS, "4");
        final Map<String, String> parallel = outputsOf(EvalData.folder("splink").resolve("fake_1000.csv"));
        assertEquals(single, parallel);
        assertEquals(OUTPUTS.size(), single.size(), "matched, review and unmatched records: " + single.keySet());
    }

    private Map<String, String> outputsOf(final Path input) throws IOException {
        runner.clearTransferState();
        runner.enqueue(input);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, String> contents = new HashMap<>();
        for (final Relationship relationship : OUTPUTS) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                contents.put(relationship.getName(), flowFile.getContent());
            }
        }
        return contents;
    }

    @Test
    void acceptsOneToSixtyFourScoringThreads() {
        configureContactRoles();
        for (final String invalid : List.of("0", "65", "two")) {
            runner.setProperty(MatchCRMRecord.SCORING_THREADS, invalid);
            runner.assertNotValid();
        }
        for (final String valid : List.of("1", "64")) {
            runner.setProperty(MatchCRMRecord.SCORING_THREADS, valid);
            runner.assertValid();
        }
    }

    @Test
    void scoresOnItsOwnThreadsWhileRunningAndEndsThemWhenStopped() throws IOException, InterruptedException {
        runner.setProperty(MatchCRMRecord.SCORING_THREADS, "3");
        runner.enqueue(EvalData.folder("splink").resolve("fake_1000.csv"));
        runner.run(1, false);

        final String prefix = "MatchCRMRecord[id=" + runner.getProcessor().getIdentifier() + "] Scoring Thread ";
        assertEquals(List.of(prefix + "1", prefix + "2"), scoringThreads(prefix));
        runner.stop();
        // the pool has terminated when stop returns; a worker's Thread object may take a moment more to end
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!scoringThreads(prefix).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), scoringThreads(prefix));
    }

    /**
     * A stopped processor holds no compiled matcher (each keeps a cache of up to 100,000 names' phonetic codes), neither
     * the configured one nor one recognised from a FlowFile's fields; started again, it matches as before.
     */
    @Test
    void letsGoOfItsMatchersWhenStoppedAndMatchesAlikeWhenStartedAgain() throws IOException {
        configureContactRoles();
        final MatchCRMRecord processor = (MatchCRMRecord) runner.getProcessor();
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.run(1, false);
        assertEquals(1, processor.compiledMatchers());
        runner.stop();
        assertEquals(0, processor.compiledMatchers());
        final Map<String, JsonNode> first = outputRecords();

        runner.clearTransferState();
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.run();
        assertEquals(0, processor.compiledMatchers());
        assertEquals(first, outputRecords());

        // roles recognised from the fields' names: one matcher per set of fields seen, let go as well
        for (final String role : List.of("first_name", "last_name", "email", "phone", "postal_code", "birth_date", "external_id")) {
            runner.removeProperty(role);
        }
        runner.clearTransferState();
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.run(1, false);
        assertEquals(1, processor.compiledMatchers());
        runner.stop();
        assertEquals(0, processor.compiledMatchers());
    }

    /**
     * Roles recognised from the fields' names, a processor scheduled once given FlowFiles whose field names differ by an
     * optional column each (Extra1, Extra2...): it keeps at most {@value MatchCRMRecord#MAXIMUM_CACHED_PLANS} compiled
     * matchers, each with its phonetic caches (was: up to 64, 1.6 GB of caches at their bound), and matches each FlowFile.
     */
    @Test
    void keepsTheMatchersOfTheMostRecentFieldNamesOnly() {
        final MatchCRMRecord processor = (MatchCRMRecord) runner.getProcessor();
        final int variants = MatchCRMRecord.MAXIMUM_CACHED_PLANS + 4;
        for (int i = 1; i <= variants; i++) {
            runner.enqueue("FirstName,LastName,Email,Extra%d\nAnn,Lee,ann@example.com,x\nAnne,Lee,ann@example.com,y\n".formatted(i));
            runner.run(1, false, i == 1);
            assertEquals(Math.min(i, MatchCRMRecord.MAXIMUM_CACHED_PLANS), processor.compiledMatchers(), "after " + i + " optional columns");
        }
        runner.stop();
        assertEquals(0, processor.compiledMatchers());
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
    }

    private static List<String> scoringThreads(final String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive())
                .map(Thread::getName)
                .sorted()
                .toList();
    }

    @Test
    void linksByAKeyRuleAndSaysSoInTheExplanation() throws IOException {
        configureContactRoles();
        runner.setProperty(MatchCRMRecord.KEY_RULES, "email; postal_code + birth_date");
        runner.enqueue(INPUT.resolve("contacts.csv"));
        runner.run();

        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> records = outputRecords();
        assertTrue(records.get("003A02").get("crm_match_explanation").asText().startsWith("key rule email → 1.000; "),
                records.get("003A02").get("crm_match_explanation").asText());
        assertEquals(records.get("003A01").get("crm_match_id"), records.get("003A02").get("crm_match_id"));
        runner.getFlowFilesForRelationship(MatchCRMRecord.REL_MATCHED).getFirst()
                .assertAttributeEquals("crm.match.roles", "first_name=/FirstName; last_name=/LastName; email=/Email; phone=/Phone; "
                        + "postal_code=/MailingPostalCode; birth_date=/Birthdate; external_id=/Id; key rules [email, postal_code+birth_date]");
        assertConservation(8);
    }

    @Test
    void rejectsAKeyRuleOnAFieldThatIsNotMatched() {
        configureContactRoles();
        runner.setProperty(MatchCRMRecord.KEY_RULES, "email; website");
        runner.assertNotValid();
        runner.setProperty(MatchCRMRecord.KEY_RULES, "email; external_id");
        runner.assertValid();
        // a rule that names no field would be met by every pair: every candidate pair linked
        runner.setProperty(MatchCRMRecord.KEY_RULES, "email;+");
        runner.assertNotValid();
    }
}
