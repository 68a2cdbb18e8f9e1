package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EnabledStores;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.EntityStoreException;
import dev.nificrm.store.StoreStatistics;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.csv.CSVUtils;
import org.apache.nifi.lookup.LookupFailureException;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.serialization.record.MockRecordWriter;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MatchCRMRecord with an Entity Store (the embedded one): golden ids across FlowFiles, systems, restarts and review. */
class MatchCRMRecordStoreTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Relationship> OUTPUTS = List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_REVIEW, MatchCRMRecord.REL_UNMATCHED);
    private static final String SALESFORCE = """
            Id,FirstName,LastName,Email,Phone,Birthdate
            003A01,Robert,Smith,bob.smith@example.com,(415) 555-0132,1971-06-24
            003A02,Bob,Smith,Bob.Smith@Example.com,+1 415 555 0132,1971-06-24
            003A06,Wei,Chen,wei.chen@example.net,(312) 555-0111,1990-11-30
            003A07,Anna,Kowalski,anna.k@example.com,(617) 555-0145,1979-03-15
            """;
    private static final String HUBSPOT = """
            Id,FirstName,LastName,Email,Phone,Birthdate
            901,Rob,Smith,bob.smith@example.com,415-555-0132,1971-06-24
            902,Anna,Kowalska,,(617) 555-0999,
            903,Priya,Raman,priya@raman.in,(408) 555-0177,1988-08-08
            """;

    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    @TempDir
    Path storeDirectory;

    private TestRunner runner;
    private EmbeddedEntityStore store;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = newRunner();
    }

    private TestRunner newRunner() throws InitializationException {
        final TestRunner created = personMatcher(storeDirectory, stores);
        store = (EmbeddedEntityStore) created.getControllerService("entity-store");
        return created;
    }

    /**
     * MatchCRMRecord on CSV people (Id, FirstName, LastName, Email, Phone, Birthdate) from the system in the attribute
     * crm.source.system, with an embedded store (service "entity-store") in a directory, writing JSON.
     */
    static TestRunner personMatcher(final Path storeDirectory, final EnabledStores stores) throws InitializationException {
        return personMatcher(embedded(storeDirectory, stores));
    }

    /** An embedded store in a directory, as the Entity Store service. */
    private static StoreService embedded(final Path storeDirectory, final EnabledStores stores) {
        return runner -> {
            final EmbeddedEntityStore service = new EmbeddedEntityStore();
            runner.addControllerService("entity-store", service);
            runner.setProperty(service, EmbeddedEntityStore.STORE_DIRECTORY, storeDirectory.toString());
            stores.enable(runner, service);
        };
    }

    /** Adds an Entity Store service named entity-store to a runner and enables it. */
    @FunctionalInterface
    interface StoreService {
        void addTo(TestRunner runner) throws InitializationException;
    }

    /** MatchCRMRecord on CSV people, as {@link #personMatcher(Path, EnabledStores)}, with the Entity Store service given. */
    static TestRunner personMatcher(final StoreService storeService) throws InitializationException {
        final TestRunner created = csvMatcher(storeService);
        created.setProperty("first_name", "/FirstName");
        created.setProperty("last_name", "/LastName");
        created.setProperty("email", "/Email");
        created.setProperty("phone", "/Phone");
        created.setProperty("birth_date", "/Birthdate");
        return created;
    }

    /**
     * MatchCRMRecord on CSV records with an Id from the system in the attribute crm.source.system, with the Entity Store
     * service given (service "entity-store"), writing JSON; no fields to match yet.
     */
    private static TestRunner csvMatcher(final StoreService storeService) throws InitializationException {
        final TestRunner created = TestRunners.newTestRunner(MatchCRMRecord.class);
        RecordServices.useCsvReader(created, Map.of(CSVUtils.TRIM_FIELDS, "true"));
        RecordServices.useJsonWriter(created);
        storeService.addTo(created);
        created.setProperty(MatchCRMRecord.ENTITY_STORE, "entity-store");
        created.setProperty(MatchCRMRecord.SOURCE_SYSTEM, "${crm.source.system}");
        created.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/Id");
        return created;
    }

    private Map<String, JsonNode> run(final String system, final String csv) throws IOException {
        runner.clearTransferState();
        runner.enqueue(csv.getBytes(StandardCharsets.UTF_8), Map.of("crm.source.system", system));
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, JsonNode> records = new HashMap<>();
        for (final Relationship relationship : OUTPUTS) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                for (final JsonNode record : MAPPER.readTree(flowFile.getContent())) {
                    records.put(record.get("Id").asText(), record);
                    ((com.fasterxml.jackson.databind.node.ObjectNode) record).put("relationship", relationship.getName());
                }
            }
        }
        return records;
    }

    /**
     * A second source's Fito Ortega, a short form of both stored relatives' names (Adolfo and Rodolfo) holding only the
     * household's last name and landline, goes to review: the Match Candidate names its best pair's customer, its
     * explanation both customers' golden ids (the candidate's first) and its probability with the other one.
     */
    @Test
    void aRecordHeldBetweenTwoRelativesNamesBothCustomers() throws IOException {
        final Map<String, JsonNode> stored = run("crm", """
                Id,FirstName,LastName,Email,Phone,Birthdate
                a,Adolfo,Ortega,adolfo.ortega@gmail.com,(312) 555-0142,
                r,Rodolfo,Ortega,rodolfo.ortega@yahoo.com,(312) 555-0142,
                r2,Rodolfo,Ortega,,(312) 555-0142,
                """);
        final String adolfo = stored.get("a").get("crm_match_id").asText();
        final String rodolfo = stored.get("r").get("crm_match_id").asText();
        assertNotEquals(adolfo, rodolfo);
        final JsonNode fito = run("web", """
                Id,FirstName,LastName,Email,Phone,Birthdate
                w,Fito,Ortega,,312-555-0142,
                """).get("w");
        assertEquals("review", fito.get("relationship").asText());
        final String candidate = fito.get("crm_match_candidate").asText();
        assertTrue(Set.of(adolfo, rodolfo).contains(candidate), candidate);
        final String other = candidate.equals(adolfo) ? rodolfo : adolfo;
        final String explanation = fito.get("crm_match_explanation").asText();
        assertTrue(explanation.endsWith("(held apart: its given name fits this record's (match id " + candidate + ") and another's (match id "
                + other + "), told apart from each other, and it is as like the other (1.000): a person decides which, if either)"), explanation);
    }

    /**
     * Relatives at one address whose given names are a masculine and a feminine name one letter apart, both names the
     * nickname list holds in full (Francis and Frances Walsh, {@code -is}/{@code -es}), with two birth dates: two
     * customers, whether they come in one FlowFile or one after the other through the store. A second source's Fran
     * Walsh (a short form of both) with only the household's landline goes to review naming both customers; stored before
     * either of them or with one, it joins neither to the other. Before, one letter apart and one Double Metaphone code,
     * Francis and Frances were one name written two ways, and the three records one customer.
     */
    @Test
    void aMasculineAndAFeminineNameOneLetterApartAreTwoCustomersAndTheirShortFormGoesToReview() throws IOException, InitializationException {
        final Map<String, JsonNode> together = run("crm", """
                Id,FirstName,LastName,Email,Phone,Birthdate
                d1,Francis,Doyle,,(312) 555-0199,1968-03-02
                d2,Frances,Doyle,,(312) 555-0199,1971-11-19
                d3,Fran,Doyle,,312-555-0199,
                """);
        assertHeldBetween(together.get("d3"), together.get("d1").get("crm_match_id").asText(), together.get("d2").get("crm_match_id").asText());

        final String francis = run("crm", "Id,FirstName,LastName,Email,Phone,Birthdate\nw1,Francis,Walsh,,(312) 555-0142,1959-07-14\n")
                .get("w1").get("crm_match_id").asText();
        final JsonNode frances = run("crm", "Id,FirstName,LastName,Email,Phone,Birthdate\nw2,Frances,Walsh,,(312) 555-0142,1962-01-27\n").get("w2");
        assertEquals("new", frances.get("crm_entity_status").asText(), frances.toString());
        final JsonNode fran = run("web", "Id,FirstName,LastName,Email,Phone,Birthdate\nw3,Fran,Walsh,,312-555-0142,\n").get("w3");
        assertHeldBetween(fran, francis, frances.get("crm_match_id").asText());

        // the short form stored first (both full records link to its customer), or with one of them
        final String[] rows = {"w1,Francis,Walsh,,(312) 555-0142,1959-07-14", "w3,Fran,Walsh,,312-555-0142,", "w2,Frances,Walsh,,(312) 555-0142,1962-01-27"};
        for (final int[] storedFirst : new int[][] {{1}, {0, 1}, {1, 2}}) {
            final String order = "stored first " + Arrays.toString(storedFirst);
            runner = personMatcher(storeDirectory.resolve("order-" + storedFirst.length + "-" + storedFirst[0]), stores);
            final StringBuilder first = new StringBuilder("Id,FirstName,LastName,Email,Phone,Birthdate\n");
            final StringBuilder second = new StringBuilder(first);
            for (int row = 0; row < rows.length; row++) {
                final int at = row;
                (Arrays.stream(storedFirst).anyMatch(stored -> stored == at) ? first : second).append(rows[row]).append('\n');
            }
            final Map<String, JsonNode> records = new HashMap<>(run("crm", first.toString()));
            records.putAll(run("crm", second.toString()));
            assertNotEquals(records.get("w1").get("crm_match_id").asText(), records.get("w2").get("crm_match_id").asText(), order);
        }
    }


    /** A record in review, as like one of two customers told apart as the other: its explanation names both, the candidate's first. */
    private static void assertHeldBetween(final JsonNode record, final String one, final String other) {
        assertNotEquals(one, other, "two customers");
        assertEquals("review", record.get("relationship").asText(), record.toString());
        final String candidate = record.get("crm_match_candidate").asText();
        assertTrue(Set.of(one, other).contains(candidate), candidate);
        final String explanation = record.get("crm_match_explanation").asText();
        assertTrue(explanation.endsWith("(held apart: its given name fits this record's (match id " + candidate + ") and another's (match id "
                + (candidate.equals(one) ? other : one) + "), told apart from each other, and it is as like the other (1.000): a person decides which, if either)"),
                explanation);
    }

    /**
     * A record tied between two stored customers told apart (in review, as like one as the other) keeps its customer
     * apart from both when another system's copy of it arrives: the copy joins that customer, which joins neither, and
     * the two stay customers of their own. Before, the copy's exact link took the tied record's customer into
     * whichever of the two came first.
     */
    @Test
    void aCopyOfARecordTiedBetweenTwoCustomersJoinsNeither() throws IOException, LookupFailureException {
        final StringBuilder crm = new StringBuilder("Id,FirstName,LastName,Email,Phone,Birthdate\n");
        for (final int customer : new int[] {2, 8, 28, 7, 27}) {
            crm.append(String.join(",", generated("c", customer))).append(",,\n");
        }
        final Map<String, JsonNode> stored = run("crm", crm.toString());
        assertEquals("review", stored.get("c27").get("relationship").asText(), stored.get("c27").toString());
        final String tied = stored.get("c27").get("crm_match_id").asText();
        final JsonNode copy = run("erp", "Id,FirstName,LastName,Email,Phone,Birthdate\n" + String.join(",", generated("e", 27)) + ",,\n").get("e27");
        assertEquals(tied, copy.get("crm_match_id").asText(), copy.toString());
        assertEquals("0", runner.getFlowFilesForRelationship(MatchCRMRecord.REL_MATCHED).getFirst().getAttribute("crm.match.entity.merged.count"));
        for (final String id : List.of("c2", "c7", "c27")) {
            final String goldenId = stored.get(id).get("crm_match_id").asText();
            assertEquals(goldenId, store.lookup(Map.of("golden_id", goldenId)).orElseThrow().getAsString("golden_id"), id + " merged into another customer");
        }
    }

    /**
     * A record the chaining guard holds apart because a stored record of the customer it links to contradicts it names
     * that customer's golden id and the fields on which the stored record contradicts it: Jane Smith, at the landline of
     * J. Smith's record (John's mailbox), stored in John's customer, agrees with John's own record on nothing but the
     * family name. Before, she read only "a record of the other cluster contradicts it".
     */
    @Test
    void aRecordHeldApartByAStoredRecordNamesItsCustomerAndTheFieldsThatContradict() throws IOException {
        matchAddresses();
        final String header = "Id,FirstName,LastName,Email,Phone,Birthdate,Street,City,PostalCode\n";
        final Map<String, JsonNode> stored = run("crm", header
                + "john,John,Smith,john.smith@gmail.com,(415) 555-0101,1950-03-03,48 Elm Road,Oakland,94601\n"
                + "j,J,Smith,john.smith@gmail.com,(212) 555-0199,,,,\n");
        final String johns = stored.get("john").get("crm_match_id").asText();
        assertEquals(johns, stored.get("j").get("crm_match_id").asText());
        final JsonNode jane = run("web", header + "jane,Jane,Smith,jane.smith@yahoo.com,(212) 555-0199,1980-07-07,12 Oak Street,New York,10001\n")
                .get("jane");
        final String explanation = jane.get("crm_match_explanation").asText();
        assertEquals("review", jane.get("relationship").asText(), explanation);
        assertTrue(explanation.endsWith("(held apart: a record of the other cluster (match id " + johns + ") contradicts it on email=differs(-3.8) "
                + "phone=differs(-2.7) street=differs(-3.3) city=differs(-3.8) postal_code=differs(-3.6) birth_date=differs(-4.0))"), explanation);
    }

    private static final String FAMILIES_HEADER = "Id,FirstName,LastName,Email,Phone,Birthdate,Street,City,PostalCode,Country,Company\n";
    private static final String VINCENZO_FERRARA = "v1,Vincenzo,Ferrara,vincenzo.ferrara@wisla.com,+39 02 261 3450,,Via Roma 55,Milano,32985,IT,Wisła AB\n";
    private static final String VINCENZO_FERRARI = "v2,Vincenzo,Ferrari,vincenzo.ferrari@torre.com,+39 02 898 4665,,Via Roma 46,Milano,43916,IT,Torre Ltda.\n";

    /**
     * Matches with addresses, country and company too, and stores (system crm) the two families' short-form records of one
     * name and city, Enzo Ferrara (s1) and Enzo Ferrari (s2), one customer, with more rows of {@link #FAMILIES_HEADER}.
     */
    private Map<String, JsonNode> storeTwoFamiliesAsOneCustomer(final String moreRows) throws IOException {
        matchAddresses();
        runner.setProperty("country", "/Country");
        runner.setProperty("company", "/Company");
        return run("crm", FAMILIES_HEADER
                + "s1,Enzo,Ferrara,,+39 02 261 3450,,,Milano,,IT,Wisła AB\n"
                + "s2,Enzo,Ferrari,vincenzo.ferrari@torre.com,,,,Milano,,IT,Torre Ltda.\n" + moreRows);
    }

    /**
     * A stored customer a FlowFile shows to hold two people's records takes none of the FlowFile's links to it: two
     * families' short-form records of one name and city (Enzo Ferrara with the Ferraras' landline, Enzo Ferrari with
     * Vincenzo Ferrari's mailbox), stored by one FlowFile before either family's full records, are one customer (namesakes,
     * nothing tells them apart). A later FlowFile's full records of both Vincenzos each link to their own short-form
     * record and are told apart from each other: both go to review, each explanation naming the customer's golden id
     * through the record that divides it, the customer left as stored; every record is written once. Before, whichever
     * Vincenzo linked first joined the two families' customer, matched, and the other went to review.
     */
    @Test
    void aStoredCustomerShownToHoldTwoPeoplesRecordsSendsTheRecordsLinkedToItToReview() throws IOException {
        final Map<String, JsonNode> stored = storeTwoFamiliesAsOneCustomer("");
        final String customer = stored.get("s1").get("crm_match_id").asText();
        assertEquals(customer, stored.get("s2").get("crm_match_id").asText(), "the two short-form records are one customer");

        final Map<String, JsonNode> matched = run("web", FAMILIES_HEADER + VINCENZO_FERRARA + VINCENZO_FERRARI);
        assertEquals(2, matched.size(), "every record written once: " + matched.keySet());
        assertEquals(2, countRecords(MatchCRMRecord.REL_REVIEW), "both to review");
        assertEquals(0, countRecords(MatchCRMRecord.REL_MATCHED) + countRecords(MatchCRMRecord.REL_UNMATCHED));
        for (final String id : List.of("v1", "v2")) {
            final JsonNode record = matched.get(id);
            final String explanation = record.get("crm_match_explanation").asText();
            assertEquals("review", record.get("relationship").asText(), id + ": " + explanation);
            assertNotEquals(customer, record.get("crm_match_id").asText(), id + " is not added to the divided customer");
            assertEquals(customer, record.get("crm_match_candidate").asText(), id);
            assertTrue(explanation.endsWith("(held apart: the customer it links to holds another person's record, more like a record told apart from the customer than like"
                    + " the customer's others: it and a record of the other cluster (match id " + customer + "))"), id + ": " + explanation);
        }
        assertNotEquals(matched.get("v1").get("crm_match_id").asText(), matched.get("v2").get("crm_match_id").asText());
    }

    /**
     * A record held for review and its copy in the same FlowFile are held together: both in review, one golden id (their
     * own, not a stored customer's), the same candidate and the same reason. Divided: a copy of Vincenzo Ferrara's full
     * record beside it, both linked to the stored customer holding both families' short-form records. Tied: Fito Ortega
     * twice, a short form of both stored relatives' names. Before, the two Vincenzo Ferraras formed a new customer with
     * outcome matched and no candidate beside Vincenzo Ferrari's review, and the two Fitos were two customers in review.
     */
    @Test
    void aRecordHeldForReviewAndItsCopyInOneFlowFileAreHeldTogether() throws IOException {
        final Map<String, JsonNode> stored = storeTwoFamiliesAsOneCustomer("a,Adolfo,Ortega,adolfo.ortega@gmail.com,(312) 555-0142,,,,,,\n"
                + "r,Rodolfo,Ortega,rodolfo.ortega@yahoo.com,(312) 555-0142,,,,,,\n"
                + "r2,Rodolfo,Ortega,,(312) 555-0142,,,,,,\n");
        final String customer = stored.get("s1").get("crm_match_id").asText();
        final Map<String, JsonNode> later = run("web", FAMILIES_HEADER + VINCENZO_FERRARA + VINCENZO_FERRARA.replace("v1,", "v1b,")
                + VINCENZO_FERRARI + "w,Fito,Ortega,,312-555-0142,,,,,,\n" + "w2,Fito,Ortega,,312-555-0142,,,,,,\n");
        assertEquals(5, countRecords(MatchCRMRecord.REL_REVIEW), "all to review");
        assertEquals(0, countRecords(MatchCRMRecord.REL_MATCHED) + countRecords(MatchCRMRecord.REL_UNMATCHED));
        for (final String[] copies : new String[][] {{"v1", "v1b"}, {"w", "w2"}}) {
            final JsonNode one = later.get(copies[0]);
            final JsonNode copy = later.get(copies[1]);
            assertEquals("review", copy.get("relationship").asText(), copy.toString());
            assertEquals(one.get("crm_match_id").asText(), copy.get("crm_match_id").asText(), copies[1] + " held with " + copies[0]);
            assertEquals(one.get("crm_match_candidate").asText(), copy.get("crm_match_candidate").asText(), copies[1]);
            final String explanation = one.get("crm_match_explanation").asText();
            final String reason = explanation.substring(explanation.indexOf(" (held apart: "));
            assertTrue(copy.get("crm_match_explanation").asText().endsWith(reason), copy.toString());
        }
        assertEquals(customer, later.get("v1").get("crm_match_candidate").asText());
        assertNotEquals(customer, later.get("v1").get("crm_match_id").asText());
        assertEquals(stored.get("a").get("crm_match_id").asText(), later.get("w").get("crm_match_candidate").asText());
        assertTrue(later.get("w").get("crm_match_explanation").asText().contains("and another's (match id " + stored.get("r").get("crm_match_id").asText()
                + ")"), later.get("w").toString());
    }

    /**
     * A record held apart from a stored customer by a rule about its own pair names that customer's golden id and the
     * fields the rule read, never a value: John Smith at the household's mailbox and landline, two given names from Mary
     * Smith's stored customer. Before, he read only "(held apart: two given names)", and the explanation named no customer
     * (the Match Candidate did, as it still does).
     */
    @Test
    void aRecordToldApartFromAStoredRecordNamesItsCustomerAndTheField() throws IOException {
        final String header = "Id,FirstName,LastName,Email,Phone,Birthdate\n";
        final String marys = run("crm", header + "mary,Mary,Smith,smithfamily@gmail.com,(415) 555-0132,\n").get("mary").get("crm_match_id").asText();
        final JsonNode john = run("web", header + "john,John,Smith,smithfamily@gmail.com,(415) 555-0132,\n").get("john");
        final String explanation = john.get("crm_match_explanation").asText();
        assertEquals("review", john.get("relationship").asText(), explanation);
        assertNotEquals(marys, john.get("crm_match_id").asText());
        assertEquals(marys, john.get("crm_match_candidate").asText());
        assertTrue(explanation.endsWith("(held apart: two given names: it and a record of the other cluster (match id " + marys
                + ") on first_name=differs(-3.8))"), explanation);
    }

    /**
     * A key rule's link to a stored customer refused because a stored record of it disagrees outright on an identifying
     * field names that customer's golden id and the fields: Otto Berg shares the mailbox of Anna Berg's customer, whose
     * record of no given name the key rule would link him to; Anna's own record disagrees with his on the given name and
     * the birth date. Before: "(held apart: a record of the other cluster disagrees outright on an identifying field)".
     */
    @Test
    void aKeyRulesLinkRefusedByAStoredRecordNamesItsCustomerAndTheIdentifyingFields() throws IOException {
        runner.setProperty(MatchCRMRecord.KEY_RULES, "email");
        final String header = "Id,FirstName,LastName,Email,Phone,Birthdate\n";
        final Map<String, JsonNode> stored = run("crm", header + "anna,Anna,Berg,anna.berg@gmail.com,(312) 555-0142,1970-01-01\n"
                + "berg,,Berg,anna.berg@gmail.com,,\n");
        final String annas = stored.get("anna").get("crm_match_id").asText();
        assertEquals(annas, stored.get("berg").get("crm_match_id").asText());
        final JsonNode otto = run("web", header + "otto,Otto,Berg,anna.berg@gmail.com,,1940-02-02\n").get("otto");
        final String explanation = otto.get("crm_match_explanation").asText();
        assertEquals("review", otto.get("relationship").asText(), explanation);
        assertTrue(explanation.endsWith("(held apart: a record of the other cluster (match id " + annas + ") disagrees outright with it on an "
                + "identifying field: first_name=differs(-3.8) birth_date=differs(-4.0))"), explanation);
    }

    /** A record of names like {@code Firstb27 Lastb27} with mailboxes alike, scored as one person with the others (0.998) and told apart. */
    private static String[] generated(final String prefix, final int customer) {
        final String first = "First" + (char) ('a' + customer % 26) + customer;
        return new String[] {prefix + customer, first, "Last" + (char) ('a' + (customer * 7) % 26) + customer,
                first.toLowerCase(java.util.Locale.ROOT) + "." + customer + "@example.com"};
    }

    /**
     * The audit of a customer another one merged into names the record whose pair crossed from one to the other: the
     * web record linking Maria's record and Garcia's, not another system's copy of Garcia's record that came with it
     * (linked exactly to Garcia's record, it decided nothing).
     */
    @Test
    void theAuditOfAMergeNamesTheRecordThatLinkedTheTwoCustomers() throws IOException, LookupFailureException {
        final String maria = run("crm", "Id,FirstName,LastName,Email,Phone,Birthdate\n1,Maria,Garcia,maria.garcia@example.com,,\n")
                .get("1").get("crm_match_id").asText();
        final String garcia = run("crm", "Id,FirstName,LastName,Email,Phone,Birthdate\n2,,Garcia,,(305) 555-0142,1985-06-07\n")
                .get("2").get("crm_match_id").asText();
        assertNotEquals(maria, garcia);
        run("web", "Id,FirstName,LastName,Email,Phone,Birthdate\ncopy,,Garcia,,(305) 555-0142,1985-06-07\n"
                + "w,Maria,Garcia,maria.garcia@example.com,305-555-0142,1985-06-07\n");
        final Record audit = store.lookup(Map.of("golden_id", maria)).orElseThrow();
        final Record merged = java.util.Arrays.stream(audit.getAsArray("crm_history")).map(Record.class::cast)
                .filter(event -> "merged".equals(event.getAsString("kind"))).findFirst().orElseThrow();
        assertEquals(garcia, merged.getAsString("other_golden_id"));
        assertEquals("web/w", merged.getAsString("source_system") + "/" + merged.getAsString("source_id"), history(audit).toString());
    }

    /**
     * The Golden ID Field: rows a sync wrote into a CRM carry the golden id in an external id column. Read back, a row
     * the cross-reference does not know joins its customer although it has no more than a name (matched, it would be a
     * new customer, which a two-way sync would write back as a duplicate), and is known by its own id from then on.
     */
    @Test
    void aRecordCarryingAGoldenIdJoinsItsCustomer() throws IOException {
        runner.setProperty(MatchCRMRecord.MATCH_AGAINST, "entity-store");
        runner.setProperty(MatchCRMRecord.GOLDEN_ID_FIELD, "/ExternalId");
        final Map<String, JsonNode> home = run("home", "Id,FirstName,LastName,Email,Phone,Birthdate,ExternalId\n"
                + "1,John,Smith,,,,\n2,John,Smith,,,,\n");
        final String john = home.get("1").get("crm_match_id").asText();
        assertNotEquals(john, home.get("2").get("crm_match_id").asText());

        final Map<String, JsonNode> people = run("people", "Id,FirstName,LastName,Email,Phone,Birthdate,ExternalId\n"
                + "p1,John,Smith,,,," + john + "\np2,John,Smith,,,,\np3,John,Smith,,,,{" + john.toUpperCase(Locale.ROOT) + "}\n");
        assertEquals(john, people.get("p1").get("crm_match_id").asText());
        assertEquals("existing", people.get("p1").get("crm_entity_status").asText());
        assertEquals("matched", people.get("p1").get("relationship").asText());
        assertEquals("carries the golden id of its customer", people.get("p1").get("crm_match_explanation").asText());
        assertEquals("p1", people.get("p1").get("crm_xref").get("people").asText());
        assertEquals("new", people.get("p2").get("crm_entity_status").asText(), "without one, the name alone is no match");
        assertEquals(john, people.get("p3").get("crm_match_id").asText(), "the golden id as SQL Server or Dynamics 365 writes it back");
        assertEquals("carries the golden id of its customer", people.get("p3").get("crm_match_explanation").asText());

        final Map<String, JsonNode> again = run("people", "Id,FirstName,LastName,Email,Phone,Birthdate,ExternalId\np1,John,Smith,,,,\n");
        assertEquals(john, again.get("p1").get("crm_match_id").asText(), "known by its own id now");
    }

    /**
     * The sync's own insert read back: HubSpot's row the sync inserted carries the golden id it was written with, and a
     * person in Salesforce changed the customer's email and phone before the sync first read that row, which still holds
     * the old ones. By its values alone
     * the row is a review (a second row with the same values and no golden id goes there), so the sync's own write would
     * go to a person; carrying its golden id, it joins its customer before any scoring (the two-way sync simulation's
     * seed 11).
     */
    @Test
    void theSyncsOwnInsertReadBackJoinsItsCustomerByItsGoldenIdWhateverItsValuesScore() throws IOException {
        runner.setProperty(MatchCRMRecord.MATCH_AGAINST, "entity-store");
        runner.setProperty(MatchCRMRecord.GOLDEN_ID_FIELD, "/ExternalId");
        runner.setProperty("city", "/City");
        final String header = "Id,FirstName,LastName,Email,Phone,Birthdate,City,ExternalId\n";
        // the customers of a small sync, so that names weigh as they do among several
        final StringBuilder customers = new StringBuilder(header + "003A01,Sofia,Mbeki,sofia.mbeki@example.com,(617) 555-1148,,Portland,\n");
        final List<String> givenNames = List.of("Olivia", "Liam", "Amara", "Noah", "Mateo", "Hana", "Elias", "Priya");
        final List<String> familyNames = List.of("Tanaka", "Petrov", "Moreau");
        for (int i = 0; i < givenNames.size() * familyNames.size(); i++) {
            final String given = givenNames.get(i % givenNames.size());
            final String family = familyNames.get(i % familyNames.size());
            customers.append(String.format(Locale.ROOT, "003B%02d,%s,%s,%s.%s@example.com,(617) 555-2%03d,,Boston,%n", i, given, family,
                    given.toLowerCase(Locale.ROOT), family.toLowerCase(Locale.ROOT), i));
        }
        final Map<String, JsonNode> salesforce = run("salesforce", customers.toString());
        final String sofia = salesforce.get("003A01").get("crm_match_id").asText();
        run("salesforce", header + "003A01,Sofia,Mbeki,contact420392@example.org,(212) 555-5491,,Portland," + sofia + "\n");

        final Map<String, JsonNode> hubspot = run("hubspot", header + "00009,Sofia,Mbeki,sofia.mbeki@example.com,(617) 555-1148,,Portland,"
                + sofia + "\n00010,Sofia,Mbeki,sofia.mbeki@example.com,(617) 555-1148,,Portland,\n");
        assertEquals("review", hubspot.get("00010").get("relationship").asText(), "by its values alone, a review");
        assertEquals("matched", hubspot.get("00009").get("relationship").asText());
        assertEquals(sofia, hubspot.get("00009").get("crm_match_id").asText());
        assertEquals("carries the golden id of its customer", hubspot.get("00009").get("crm_match_explanation").asText());
        assertEquals("00009", hubspot.get("00009").get("crm_xref").get("hubspot").asText());
    }

    /**
     * A batch matched against the store gives its own pairs a budget of 10,000 per blocking pass (one per record
     * beyond): 150 exports of one contact (one email, name and birth date, a phone each) hold 11,175 pairs in every
     * pass. Such a block was dropped like an oversized one, and the 150 records became 150 new customers on
     * unmatched, with no word why; matched alone (budget 1,000,000) they were one. Now a block the budget leaves out
     * pairs its first record with each other one: one customer.
     */
    @Test
    void exportsOfOneContactBeyondTheBatchPairBudgetAreOneCustomer() throws IOException {
        final StringBuilder csv = new StringBuilder("Id,FirstName,LastName,Email,Phone,Birthdate\n");
        for (int i = 0; i < 150; i++) {
            csv.append('r').append(i).append(",Jane,Doe,jane.doe@example.com,(415) 555-").append(String.format(Locale.ROOT, "%04d", i))
                    .append(",1980-01-15\n");
        }
        final Map<String, JsonNode> records = run("crm", csv.toString());
        assertEquals(150, records.size());
        final String jane = records.get("r0").get("crm_match_id").asText();
        assertEquals(List.of(), records.values().stream().filter(record -> !jane.equals(record.get("crm_match_id").asText()))
                .map(record -> record.get("Id").asText()).limit(5).toList());
        assertEquals(List.of(), records.values().stream().filter(record -> !"matched".equals(record.get("relationship").asText()))
                .map(record -> record.get("Id").asText()).limit(5).toList());
    }

    /**
     * A company name of common words only weighs by how many records of the store hold it, as exact agreement does: 40
     * stored {@code Global Services} of one city make the name add half the level's weight (+1.2) to a new record's pair
     * with the one at its street, while {@code Consulting Group}, which one stored record holds, keeps +2.3.
     * Both go to review with the company at their street.
     */
    @Test
    void aGenericCompanyNameWeighsByHowManyStoredRecordsHoldIt() throws InitializationException, IOException {
        runner = csvMatcher(embedded(storeDirectory.resolve("companies"), stores));
        runner.setProperty("company", "/Company");
        runner.setProperty("street", "/Street");
        runner.setProperty("city", "/City");
        final StringBuilder crm = new StringBuilder("Id,Company,Street,City\nc0,Consulting Group Inc,1 Elm Street,Boston\n");
        for (int i = 1; i <= 40; i++) {
            crm.append('g').append(i).append(",Global Services LLC,").append(i).append(" Main Street,Boston\n");
        }
        final Map<String, JsonNode> stored = run("crm", crm.toString());
        assertEquals("unmatched", stored.get("g7").get("relationship").asText(), stored.get("g7").get("crm_match_explanation").asText());

        runner.setProperty(MatchCRMRecord.MATCH_AGAINST, "entity-store");
        final Map<String, JsonNode> erp = run("erp", "Id,Company,Street,City\ne1,\"Global Services, Inc.\",7 Main St,Boston\n"
                + "e2,Consulting Group LLC,1 Elm St.,Boston\n");
        final String common = erp.get("e1").get("crm_match_explanation").asText();
        final String rare = erp.get("e2").get("crm_match_explanation").asText();
        assertTrue(common.startsWith("street=exact(") && common.contains(" company=generic(+1.2) "), common);
        assertEquals("review", erp.get("e1").get("relationship").asText(), common);
        assertTrue(rare.startsWith("street=exact(") && rare.contains(" company=generic(+2.3) "), rare);
        assertEquals("review", erp.get("e2").get("relationship").asText(), rare);
    }

    @Test
    void givesOneGoldenIdAcrossFlowFilesAndSystemsWithTheIdsOfEverySystem() throws IOException {
        final Map<String, JsonNode> salesforce = run("salesforce", SALESFORCE);
        assertEquals(4, salesforce.size());
        final String robert = salesforce.get("003A01").get("crm_match_id").asText();
        assertEquals(robert, salesforce.get("003A02").get("crm_match_id").asText());
        assertEquals("new", salesforce.get("003A01").get("crm_entity_status").asText());
        assertEquals("matched", salesforce.get("003A01").get("relationship").asText());
        assertEquals("unmatched", salesforce.get("003A06").get("relationship").asText());
        runner.getFlowFilesForRelationship(MatchCRMRecord.REL_MATCHED).getFirst().assertAttributeEquals("crm.match.entity.new.count", "3");

        final Map<String, JsonNode> hubspot = run("hubspot", HUBSPOT);
        final JsonNode rob = hubspot.get("901");
        assertEquals(robert, rob.get("crm_match_id").asText(), "the HubSpot contact joins the Salesforce entity");
        assertEquals("existing", rob.get("crm_entity_status").asText());
        assertEquals("matched", rob.get("relationship").asText());
        assertEquals("003A01", rob.get("crm_xref").get("salesforce").asText(), "the loader can update Salesforce's record by its id");
        assertEquals("901", rob.get("crm_xref").get("hubspot").asText());
        assertTrue(rob.get("crm_match_explanation").asText().contains("email=exact"), rob.get("crm_match_explanation").asText());
        assertEquals("new", hubspot.get("903").get("crm_entity_status").asText());
    }

    @Test
    void aReplayedFlowFileGetsTheSameGoldenIdsAndCreatesNothing() throws IOException {
        final Map<String, JsonNode> first = run("salesforce", SALESFORCE);
        final StoreStatistics after = statistics();
        final Map<String, JsonNode> replay = run("salesforce", SALESFORCE);
        for (final String id : first.keySet()) {
            assertEquals(first.get(id).get("crm_match_id"), replay.get(id).get("crm_match_id"), id);
            assertEquals("existing", replay.get(id).get("crm_entity_status").asText());
        }
        final StoreStatistics again = statistics();
        assertEquals(after.entities(), again.entities());
        assertEquals(after.members(), again.members());
        assertEquals(after.events(), again.events());
    }

    @Test
    void aFlowFileThatFailsLeavesNothingInTheStore() throws InitializationException, IOException {
        final MockRecordWriter failing = new MockRecordWriter("Id", false, 0);
        runner.addControllerService("failing-writer", failing);
        runner.enableControllerService(failing);
        runner.setProperty(AbstractCRMRecordProcessor.RECORD_WRITER, "failing-writer");
        runner.enqueue(SALESFORCE.getBytes(StandardCharsets.UTF_8), Map.of("crm.source.system", "salesforce"));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        assertEquals(0, statistics().members(), "the rolled-back FlowFile left no member");
        assertEquals(0, statistics().entities());

        runner.setProperty(AbstractCRMRecordProcessor.RECORD_WRITER, "json-writer");
        final Map<String, JsonNode> retried = run("salesforce", SALESFORCE);
        assertEquals("new", retried.get("003A01").get("crm_entity_status").asText());
        assertEquals(4, statistics().members());
    }

    @Test
    void keepsEveryIdAcrossDisableEnableAndANewRunner() throws IOException, InitializationException {
        final Map<String, JsonNode> first = run("salesforce", SALESFORCE);
        runner.disableControllerService(store);
        stores.enable(runner, store);
        final Map<String, JsonNode> afterRestart = run("hubspot", HUBSPOT);
        assertEquals(first.get("003A01").get("crm_match_id"), afterRestart.get("901").get("crm_match_id"));

        runner.disableControllerService(store);
        runner = newRunner();
        final Map<String, JsonNode> newRunner = run("salesforce", SALESFORCE);
        for (final String id : first.keySet()) {
            assertEquals(first.get(id).get("crm_match_id"), newRunner.get(id).get("crm_match_id"), id);
        }
    }

    @Test
    void aReviewDecisionComesBackAndLinksTheRecord() throws IOException {
        run("salesforce", SALESFORCE);
        final Map<String, JsonNode> hubspot = run("hubspot", HUBSPOT);
        final JsonNode ann = hubspot.get("902");
        assertEquals("review", ann.get("relationship").asText(), ann.toString());
        final String candidate = ann.get("crm_match_candidate").asText();
        assertNotEquals(ann.get("crm_match_id").asText(), candidate);

        final String decided = "Id,FirstName,LastName,Email,Phone,Birthdate,crm_match_candidate,crm_review_decision\n"
                + "902,Anna,Kowalska,,(617) 555-0999,," + candidate + ",Same\n";
        final Map<String, JsonNode> linked = run("hubspot", decided);
        assertEquals(candidate, linked.get("902").get("crm_match_id").asText());
        assertEquals("matched", linked.get("902").get("relationship").asText());

        final String misunderstood = "Id,FirstName,LastName,Email,Phone,Birthdate,crm_match_candidate,crm_review_decision\n"
                + "902,Anna,Kowalska,,(617) 555-0999,," + candidate + ",perhaps\n";
        final JsonNode unclear = run("hubspot", misunderstood).get("902");
        assertEquals("review", unclear.get("relationship").asText());
        assertTrue(unclear.get("crm_match_explanation").asText().startsWith("review decision not understood"));
        assertTrue(!unclear.get("crm_match_explanation").asText().contains("perhaps"), "the decision text is not echoed");
    }

    /**
     * Two customers whose compared fields are equal, kept apart by a person's decision: each keeps its own golden id when
     * the export comes again and when its rows come in the other order (the cross-reference knows them by their ids),
     * and neither goes back to review with the other as its candidate, which it did on every run: the decision settled
     * that pair.
     */
    @Test
    void customersWithEqualFieldsKeptApartKeepTheirIdsAndStayOutOfReview() throws IOException {
        final String header = "Id,FirstName,LastName,Email,Phone,Birthdate,crm_match_candidate,crm_review_decision\n";
        final String first = "a,Jane,Doe,jane@example.com,,1980-01-15,,\n";
        final String second = "b,Jane,Doe,jane@example.com,,1980-01-15,,\n";
        final String jane = run("crm", header + first + second).get("a").get("crm_match_id").asText();
        final String other = run("crm", header + "b,Jane,Doe,jane@example.com,,1980-01-15," + jane + ",different\n").get("b").get("crm_match_id").asText();
        assertNotEquals(jane, other);
        for (final String export : List.of(header + first + second, header + second + first)) {
            final Map<String, JsonNode> records = run("crm", export);
            assertEquals(jane, records.get("a").get("crm_match_id").asText());
            assertEquals(other, records.get("b").get("crm_match_id").asText());
            for (final JsonNode record : records.values()) {
                assertEquals("unmatched", record.get("relationship").asText(), record.toString());
                assertEquals("existing", record.get("crm_entity_status").asText(), record.toString());
            }
        }
    }

    /**
     * A source id with spaces around it (a padded fixed-width export, a CSV read without Trim Fields) is stored trimmed:
     * the record {@code " 77 "} is the record {@code 77} of the same system when an export writes it so, and the store's
     * lookup finds it by {@code 77} (the lookup and EraseCRMRecord trim an id as MatchCRMRecord does).
     */
    @Test
    void aSourceIdWithSpacesAroundItIsTheRecordOfThatId() throws IOException, LookupFailureException {
        final org.apache.nifi.controller.ControllerService reader = runner.getControllerService("csv-reader");
        runner.disableControllerService(reader);
        runner.setProperty(reader, CSVUtils.TRIM_FIELDS, "false");
        runner.enableControllerService(reader);
        final JsonNode padded = run("erp", "Id,FirstName,LastName,Email,Phone,Birthdate\n\" 77 \",Jane,Doe,,,\n").get(" 77 ");
        assertEquals("77", padded.get("crm_xref").get("erp").asText());
        final JsonNode plain = run("erp", "Id,FirstName,LastName,Email,Phone,Birthdate\n77,Jane,Doe,,,\n").get("77");
        assertEquals(padded.get("crm_match_id").asText(), plain.get("crm_match_id").asText());
        assertEquals("existing", plain.get("crm_entity_status").asText());
        assertEquals(padded.get("crm_match_id").asText(), store.lookup(Map.of("system", "erp", "source_id", "77")).orElseThrow().getAsString("golden_id"));
        assertEquals(padded.get("crm_match_id").asText(), store.lookup(Map.of("system", "erp", "source_id", "\t77 ")).orElseThrow().getAsString("golden_id"));
    }

    /**
     * The store service as LookupRecord's lookup service: by a source record's system and id its golden id and ids (no
     * history); by a golden id, an audit of the customer: its ids and why each record joined it, also through a golden id
     * merged away by a person's decision.
     */
    @Test
    void looksUpACustomerByGoldenIdWithWhyItsRecordsWereLinkedAndMerged() throws IOException, LookupFailureException {
        run("salesforce", SALESFORCE);
        final Map<String, JsonNode> hubspot = run("hubspot", HUBSPOT);
        final String robert = hubspot.get("901").get("crm_match_id").asText();
        final String annAlone = hubspot.get("902").get("crm_match_id").asText();
        final String anna = hubspot.get("902").get("crm_match_candidate").asText();
        run("hubspot", "Id,FirstName,LastName,Email,Phone,Birthdate,crm_match_candidate,crm_review_decision\n"
                + "902,Anna,Kowalska,,(617) 555-0999,," + anna + ",same\n");

        final Record bySource = store.lookup(Map.of("system", "hubspot", "source_id", "901")).orElseThrow();
        assertEquals(robert, bySource.getAsString("golden_id"));
        assertEquals(Map.of("salesforce", "003A01", "hubspot", "901"), bySource.getValue("crm_xref"));
        assertTrue(bySource.getSchema().getField("crm_history").isEmpty(), "a lookup by source record carries no history");

        final Record audit = store.lookup(Map.of("golden_id", robert)).orElseThrow();
        assertEquals(robert, audit.getAsString("golden_id"));
        final List<String> robertsHistory = history(audit);
        assertEquals(3, robertsHistory.size(), robertsHistory.toString());
        assertTrue(robertsHistory.get(0).startsWith("created salesforce/003A01"), robertsHistory.toString());
        assertTrue(robertsHistory.get(1).matches("linked salesforce/003A02 score 0\\.99.* email=exact.*"), robertsHistory.toString());
        assertTrue(robertsHistory.get(2).matches("linked hubspot/901 score 0\\.99.* email=exact.*"), robertsHistory.toString());

        final Record merged = store.lookup(Map.of("golden_id", annAlone)).orElseThrow();
        assertEquals(anna, merged.getAsString("golden_id"), "a golden id merged away answers with the customer it went to");
        assertTrue(history(merged).contains("merged from " + annAlone + " decided: same"), history(merged).toString());

        assertTrue(store.lookup(Map.of("golden_id", "01900000-0000-7000-8000-000000000000")).isEmpty());
        assertTrue(store.lookup(Map.of("system", "hubspot", "source_id", " ")).isEmpty(), "an empty coordinate finds nothing");
        final LookupFailureException neither = assertThrows(LookupFailureException.class, () -> store.lookup(Map.of("id", "901")));
        assertTrue(neither.getMessage().contains("system and source_id, or by golden_id"), neither.getMessage());
    }

    /**
     * NiFi's "Verify" of the processor: the matched fields and passes, the Source System the attributes give, what the
     * store holds, and that the first FlowFile after a role is added keys the stored records first.
     */
    @Test
    void verifySaysWhatTheFirstFlowFileWillDo() throws IOException {
        final Map<String, ConfigVerificationResult> fresh = verify(Map.of("crm.source.system", "salesforce"));
        assertVerified(fresh.get("Matched Fields"), ConfigVerificationResult.Outcome.SUCCESSFUL, "first_name=/FirstName");
        assertVerified(fresh.get("Matched Fields"), ConfigVerificationResult.Outcome.SUCCESSFUL, "blocking passes [");
        assertVerified(fresh.get("Source System"), ConfigVerificationResult.Outcome.SUCCESSFUL, "from 'salesforce', identified by /Id");
        assertVerified(fresh.get("Entity Store"), ConfigVerificationResult.Outcome.SUCCESSFUL, "0 customers, 0 source records");
        assertVerified(fresh.get("Entity Store"), ConfigVerificationResult.Outcome.SUCCESSFUL, "keeps the keys of every blocking pass");

        run("salesforce", SALESFORCE);
        runner.setProperty("city", "/MailingCity");
        final ConfigVerificationResult store = verify(Map.of("crm.source.system", "salesforce")).get("Entity Store");
        assertVerified(store, ConfigVerificationResult.Outcome.SUCCESSFUL, "3 customers, 4 source records");
        assertVerified(store, ConfigVerificationResult.Outcome.SUCCESSFUL, "does not keep the keys of the blocking passes [");
        assertTrue(store.getExplanation().contains("city"), store.getExplanation());
        assertVerified(store, ConfigVerificationResult.Outcome.SUCCESSFUL, "have no value of it to compare or block on: 4 lack city");

        // matched again with a city, two of them are stored with it
        run("salesforce", """
                Id,FirstName,LastName,Email,Phone,Birthdate,MailingCity
                003A01,Robert,Smith,bob.smith@example.com,(415) 555-0132,1971-06-24,San Francisco
                003A02,Bob,Smith,Bob.Smith@Example.com,+1 415 555 0132,1971-06-24,San Francisco
                003A06,Wei,Chen,wei.chen@example.net,(312) 555-0111,1990-11-30,
                003A07,Anna,Kowalski,anna.k@example.com,(617) 555-0145,1979-03-15,
                """);
        assertVerified(verify(Map.of("crm.source.system", "salesforce")).get("Entity Store"), ConfigVerificationResult.Outcome.SUCCESSFUL,
                ": 2 lack city;");

        assertVerified(verify(Map.of()).get("Source System"), ConfigVerificationResult.Outcome.FAILED, "evaluates to nothing");

        runner.removeProperty(MatchCRMRecord.ENTITY_STORE);
        final Map<String, ConfigVerificationResult> withoutStore = verify(Map.of());
        assertVerified(withoutStore.get("Entity Store"), ConfigVerificationResult.Outcome.SKIPPED, "matched within their FlowFile");
        assertEquals(2, withoutStore.size(), withoutStore.keySet().toString());
    }

    private Map<String, ConfigVerificationResult> verify(final Map<String, String> attributes) {
        final Map<String, ConfigVerificationResult> results = new HashMap<>();
        for (final ConfigVerificationResult result : ((MatchCRMRecord) runner.getProcessor()).verify(runner.getProcessContext(), runner.getLogger(),
                attributes)) {
            results.put(result.getVerificationStepName(), result);
        }
        return results;
    }

    private static void assertVerified(final ConfigVerificationResult result, final ConfigVerificationResult.Outcome outcome, final String phrase) {
        assertEquals(outcome, result.getOutcome(), result.getExplanation());
        assertTrue(result.getExplanation().contains(phrase), result.getExplanation());
    }

    /** Each event as "kind system/id score S explanation" or, for a merge, "merged from <loser> explanation". */
    private static List<String> history(final Record audit) {
        return java.util.Arrays.stream(audit.getAsArray("crm_history")).map(Record.class::cast).map(event -> "merged".equals(event.getAsString("kind"))
                ? "merged from " + event.getAsString("other_golden_id") + " " + event.getAsString("explanation")
                : event.getAsString("kind") + " " + event.getAsString("source_system") + "/" + event.getAsString("source_id")
                + (event.getValue("score") == null ? "" : " score " + event.getValue("score")) + " " + event.getAsString("explanation")).toList();
    }

    /**
     * A role added after customers were stored brings blocking rules the store did not keep: the first FlowFile
     * afterwards keys the stored records under them (once, logged) and the known records keep their golden ids.
     */
    @Test
    void aRoleAddedLaterKeysTheStoredRecordsOnce() throws IOException {
        runner.removeProperty("email");
        final Map<String, JsonNode> before = run("salesforce", SALESFORCE);
        assertTrue(keyingMessages().isEmpty());

        runner.setProperty("email", "/Email");
        final Map<String, JsonNode> hubspot = run("hubspot", HUBSPOT);
        final List<String> keyed = keyingMessages();
        assertEquals(1, keyed.size(), keyed.toString());
        assertTrue(keyed.getFirst().contains("[email, email~local_part") && keyed.getFirst().contains("its 4 stored records"), keyed.getFirst());
        assertEquals(before.get("003A01").get("crm_match_id"), hubspot.get("901").get("crm_match_id"));

        final Map<String, JsonNode> again = run("salesforce", SALESFORCE);
        assertEquals(1, keyingMessages().size(), "keyed once");
        for (final String id : before.keySet()) {
            assertEquals(before.get(id).get("crm_match_id"), again.get(id).get("crm_match_id"), id);
        }
    }

    /**
     * Two flows of different roles sharing the store (a flow without the email role and one with it, as during an
     * upgrade), their FlowFiles alternating: the email passes are keyed once, when the role first comes, and never again
     * (the flow without the role leaves them as they are, its records having no email to key), and the other flow's
     * records keep their golden ids.
     */
    @Test
    void flowsOfDifferentRolesAlternatingOnOneStoreKeyItOnce() throws IOException {
        runner.removeProperty("email");
        final Map<String, JsonNode> before = run("salesforce", SALESFORCE);
        runner.setProperty("email", "/Email");
        final Map<String, JsonNode> hubspot = run("hubspot", HUBSPOT);
        assertEquals(1, keyingMessages().size(), keyingMessages().toString());
        for (int round = 0; round < 2; round++) {
            runner.removeProperty("email");
            final Map<String, JsonNode> withoutEmail = run("salesforce", SALESFORCE);
            runner.setProperty("email", "/Email");
            final Map<String, JsonNode> withEmail = run("hubspot", HUBSPOT);
            assertEquals(1, keyingMessages().size(), "keyed once: " + keyingMessages());
            for (final String id : before.keySet()) {
                assertEquals(before.get(id).get("crm_match_id"), withoutEmail.get(id).get("crm_match_id"), id);
            }
            for (final String id : hubspot.keySet()) {
                assertEquals(hubspot.get(id).get("crm_match_id"), withEmail.get(id).get("crm_match_id"), id);
            }
        }
    }

    /**
     * A key log due to be compacted (here: a store that says so, whatever its size) is compacted before the FlowFile is
     * matched, logged once at INFO, and the FlowFile matches as it would have.
     */
    @Test
    void compactsTheKeyLogWhenDueBeforeMatching() throws IOException, InitializationException {
        final Map<String, JsonNode> before = run("salesforce", SALESFORCE);
        // however small the log, compacted as if it were due
        useStoreOverriding(Map.of("keyLogCompactionDue", real -> true, "compactKeyLog", real -> real.compactKeyLog(false)));

        final Map<String, JsonNode> hubspot = run("hubspot", HUBSPOT);
        final List<String> compacted = runner.getLogger().getInfoMessages().stream().map(LogMessage::getMsg)
                .filter(message -> message.contains("Compacted the key log")).toList();
        assertEquals(1, compacted.size(), compacted.toString());
        assertTrue(compacted.getFirst().matches(".*became a base of [1-9][0-9]* keys.*"), compacted.getFirst());
        assertEquals(before.get("003A01").get("crm_match_id"), hubspot.get("901").get("crm_match_id"), "found through the compacted keys");
        final Map<String, JsonNode> again = run("salesforce", SALESFORCE);
        for (final String id : before.keySet()) {
            assertEquals(before.get(id).get("crm_match_id"), again.get(id).get("crm_match_id"), id);
        }
    }

    /**
     * A compaction that fails (a full disk) does not keep the FlowFile from being matched: it is warned about, and not
     * tried again for every FlowFile.
     */
    @Test
    void aCompactionThatFailsDoesNotStopMatching() throws IOException, InitializationException {
        final Map<String, JsonNode> before = run("salesforce", SALESFORCE);
        final int[] attempts = {0};
        useStoreOverriding(Map.of("keyLogCompactionDue", real -> true, "compactKeyLog", real -> {
            attempts[0]++;
            throw new EntityStoreException("database or disk is full");
        }));

        final Map<String, JsonNode> hubspot = run("hubspot", HUBSPOT);
        assertEquals(before.get("003A01").get("crm_match_id"), hubspot.get("901").get("crm_match_id"), "matched all the same");
        run("salesforce", SALESFORCE);
        assertEquals(1, attempts[0], "not tried again at once");
        final List<String> warnings = runner.getLogger().getWarnMessages().stream().map(LogMessage::getMsg)
                .filter(message -> message.contains("Could not compact the key log")).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().contains("database or disk is full"), warnings.getFirst());
    }

    /**
     * Replaces the store service by one over the same directory whose store answers the methods named in
     * {@code overrides} itself (given the real store) and every other as the real store does.
     */
    private void useStoreOverriding(final Map<String, Function<EntityStore, Object>> overrides) throws InitializationException {
        runner.disableControllerService(store);
        runner.removeControllerService(store);
        final EmbeddedEntityStore overriding = new EmbeddedEntityStore() {
            @Override
            public EntityStore getEntityStore() {
                final EntityStore real = super.getEntityStore();
                return (EntityStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {EntityStore.class}, (proxy, method, arguments) -> {
                    final Function<EntityStore, Object> override = overrides.get(method.getName());
                    if (override != null) {
                        return override.apply(real);
                    }
                    try {
                        return method.invoke(real, arguments);
                    } catch (final InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
            }
        };
        runner.addControllerService("entity-store", overriding);
        runner.setProperty(overriding, EmbeddedEntityStore.STORE_DIRECTORY, storeDirectory.toString());
        stores.enable(runner, overriding);
    }

    private List<String> keyingMessages() {
        return runner.getLogger().getInfoMessages().stream().map(LogMessage::getMsg).filter(message -> message.contains("blocking rules")).toList();
    }

    /**
     * A FlowFile of more records than one part (a CRM table's first load): matched part by part, as one change. A
     * duplicate at the end of the FlowFile finds its person from the first part; every record is routed once; a
     * FlowFile that fails in its second part leaves nothing in the store; the replay creates nothing.
     */
    @Test
    void aFlowFileOfSeveralPartsIsMatchedAsOne() throws IOException, InitializationException {
        final int people = MatchCRMRecord.STORE_PART_RECORDS + 100;
        // people who share nothing: random surnames and email names, phones of their own, a birth date each
        final java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        final String[] firstNames = {"Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "Mateo", "Isabella", "Lucas"};
        final StringBuilder csv = new StringBuilder("Id,FirstName,LastName,Email,Phone,Birthdate\n");
        String[] seventh = null;
        for (int person = 0; person < people; person++) {
            final String[] row = {String.valueOf(person), firstNames[person % firstNames.length], letters(random, 9), letters(random, 10) + "@example.com",
                    "(" + (200 + random.nextInt(700)) + ") " + (200 + random.nextInt(700)) + "-" + (1000 + random.nextInt(9000)),
                    java.time.LocalDate.of(1930, 1, 1).plusDays(3L * person).toString()};
            csv.append(String.join(",", row)).append('\n');
            seventh = person == 7 ? row : seventh;
        }
        csv.append("dup7,").append(seventh[1]).append(',').append(seventh[2]).append(',').append(seventh[3]).append(",,").append(seventh[5]).append('\n');

        // the writer fails at the 10,050th record of a relationship: in the FlowFile's second part
        final MockRecordWriter failing = new MockRecordWriter("Id", false, people - 50);
        runner.addControllerService("failing-writer", failing);
        runner.enableControllerService(failing);
        runner.setProperty(AbstractCRMRecordProcessor.RECORD_WRITER, "failing-writer");
        runner.enqueue(csv.toString().getBytes(StandardCharsets.UTF_8), Map.of("crm.source.system", "crm"));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        assertEquals(0, statistics().members(), "a FlowFile failing in its second part leaves no part in the store");
        runner.setProperty(AbstractCRMRecordProcessor.RECORD_WRITER, "json-writer");

        final Map<String, JsonNode> records = run("crm", csv.toString());
        assertEquals(people + 1, records.size(), "every record routed once");
        assertEquals(records.get("7").get("crm_match_id"), records.get("dup7").get("crm_match_id"), "the last record finds its person of the first part");
        assertEquals("existing", records.get("dup7").get("crm_entity_status").asText());
        assertEquals("matched", records.get("dup7").get("relationship").asText());
        assertEquals("unmatched", records.get("8").get("relationship").asText());
        final MockFlowFile unmatched = runner.getFlowFilesForRelationship(MatchCRMRecord.REL_UNMATCHED).getFirst();
        unmatched.assertAttributeEquals("crm.match.entity.new.count", String.valueOf(people));
        assertEquals(people, statistics().entities());
        assertEquals(people + 1, statistics().members());

        final Map<String, JsonNode> replay = run("crm", csv.toString());
        assertEquals(records.get("dup7").get("crm_match_id"), replay.get("dup7").get("crm_match_id"));
        assertEquals(people, statistics().entities(), "the replay creates nothing");
        assertEquals(people + 1, statistics().members());
    }

    private static String letters(final java.util.SplittableRandom random, final int length) {
        final StringBuilder text = new StringBuilder(length);
        text.append((char) ('A' + random.nextInt(26)));
        for (int i = 1; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /**
     * A stored block read in part (its records exceed the stored pairs a pass reads: at least 10,000, here 22 records
     * searching a block of 460 Lees of Springfield, 10,120 pairs) is counted on the FlowFile: the records not matched
     * there, each told in its explanation, are {@code crm.match.partly.read.count} and a NiFi counter; a record that found
     * its customer anyway is not among them, and a block read whole (20 records searching 440, 8,800 pairs) counts 0.
     */
    @Test
    void countsTheRecordsNotMatchedInAStoredBlockReadInPart() throws IOException, InitializationException {
        runner = csvMatcher(embedded(storeDirectory.resolve("lees"), stores));
        runner.setProperty("last_name", "/LastName");
        runner.setProperty("city", "/City");
        runner.setProperty("email", "/Email");
        runner.setProperty(MatchCRMRecord.MAXIMUM_BLOCK_SIZE, "500");
        runner.setProperty(MatchCRMRecord.MATCH_AGAINST, "entity-store");
        run("crm", lees("s", 440, "example.com"));

        final Map<String, JsonNode> whole = run("crm", lees("w", 20, "example.net"));
        assertEquals(20, whole.size());
        assertTrue(whole.values().stream().noneMatch(record -> record.get("crm_match_explanation").asText().contains("read in part")));
        runner.getFlowFilesForRelationship(MatchCRMRecord.REL_UNMATCHED).getFirst().assertAttributeEquals("crm.match.partly.read.count", "0");
        assertEquals(null, runner.getCounterValue(MatchCRMRecord.PARTLY_READ_COUNTER));

        // 21 new Lees and one more record of the oldest stored Lee: 22 records searching the block of 460
        final Map<String, JsonNode> part = run("crm", lees("p", 21, "example.org") + "again,Lee,Springfield,lee0@example.com\n");
        assertEquals("matched", part.get("again").get("relationship").asText(), part.get("again").get("crm_match_explanation").asText());
        final String told = part.get("p7").get("crm_match_explanation").asText();
        assertEquals("unmatched", part.get("p7").get("relationship").asText(), told);
        assertTrue(told.contains("(stored blocks read in part, compared with their oldest record only: "), told);
        for (final Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_UNMATCHED)) {
            runner.getFlowFilesForRelationship(relationship).getFirst().assertAttributeEquals("crm.match.partly.read.count", "21");
        }
        runner.getFlowFilesForRelationship(MatchCRMRecord.REL_UNMATCHED).getFirst().assertAttributeEquals("crm.match.unmatched.count", "21");
        assertEquals(21L, runner.getCounterValue(MatchCRMRecord.PARTLY_READ_COUNTER));
    }

    /** CSV of people named Lee in Springfield, each with an email of their own at a domain, with ids of a prefix. */
    /** Matches on the CSV's Street, City and PostalCode besides the person's fields. */
    private void matchAddresses() {
        runner.setProperty("street", "/Street");
        runner.setProperty("city", "/City");
        runner.setProperty("postal_code", "/PostalCode");
    }

    /** The records the last run wrote to a relationship, over all its FlowFiles. */
    private int countRecords(final Relationship relationship) throws IOException {
        int count = 0;
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
            count += MAPPER.readTree(flowFile.getContent()).size();
        }
        return count;
    }

    private static String lees(final String prefix, final int count, final String domain) {
        final StringBuilder csv = new StringBuilder("Id,LastName,City,Email\n");
        for (int i = 0; i < count; i++) {
            csv.append(prefix).append(i).append(",Lee,Springfield,lee").append(i).append('@').append(domain).append('\n');
        }
        return csv.toString();
    }

    @Test
    void rejectsAnEmptySourceSystemWithAReason() {
        runner.enqueue(SALESFORCE.getBytes(StandardCharsets.UTF_8));
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final String reason = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst()
                .getAttribute(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE);
        assertTrue(reason.contains("Source System is empty"), reason);
    }

    private StoreStatistics statistics() {
        final EntityStore entityStore = store.getEntityStore();
        return entityStore.statistics();
    }
}
