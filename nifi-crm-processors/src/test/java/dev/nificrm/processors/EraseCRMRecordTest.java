package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EnabledStores;
import dev.nificrm.GivenStoreService;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import dev.nificrm.services.EntityStoreService;
import dev.nificrm.store.ChangeSet;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.OpenRead;
import dev.nificrm.store.SourceKey;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.serialization.record.MockRecordWriter;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EraseCRMRecord on the embedded store MatchCRMRecord filled: by golden id, by source id, and nothing when the session fails. */
class EraseCRMRecordTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SALESFORCE = """
            Id,FirstName,LastName,Email,Phone,Birthdate
            003A01,Robert,Smith,bob.smith@example.com,(415) 555-0132,1971-06-24
            003A06,Wei,Chen,wei.chen@example.net,(312) 555-0111,1990-11-30
            """;
    private static final String HUBSPOT = """
            Id,FirstName,LastName,Email,Phone,Birthdate
            901,Rob,Smith,bob.smith@example.com,415-555-0132,1971-06-24
            903,Priya,Raman,priya@raman.in,(408) 555-0177,1988-08-08
            """;

    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    @TempDir
    Path storeDirectory;

    private TestRunner matcher;
    private TestRunner eraser;
    private EmbeddedEntityStore store;

    @BeforeEach
    void setUp() throws InitializationException {
        matcher = MatchCRMRecordStoreTest.personMatcher(storeDirectory, stores);

        // the eraser's own service on the same directory: services of one NiFi on one directory share the store
        eraser = TestRunners.newTestRunner(EraseCRMRecord.class);
        RecordServices.useJsonReader(eraser);
        RecordServices.useJsonWriter(eraser);
        store = new EmbeddedEntityStore();
        eraser.addControllerService("entity-store", store);
        eraser.setProperty(store, EmbeddedEntityStore.STORE_DIRECTORY, storeDirectory.toString());
        stores.enable(eraser, store);
        eraser.setProperty(EraseCRMRecord.ENTITY_STORE, "entity-store");
    }

    private Map<String, JsonNode> match(final String system, final String csv) throws IOException {
        matcher.clearTransferState();
        matcher.enqueue(csv.getBytes(StandardCharsets.UTF_8), Map.of("crm.source.system", system));
        matcher.run();
        final Map<String, JsonNode> records = new HashMap<>();
        for (final Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_UNMATCHED, MatchCRMRecord.REL_REVIEW)) {
            for (final MockFlowFile flowFile : matcher.getFlowFilesForRelationship(relationship)) {
                MAPPER.readTree(flowFile.getContent()).forEach(record -> records.put(record.get("Id").asText(), record));
            }
        }
        return records;
    }

    private List<JsonNode> erased(final Relationship relationship) throws IOException {
        final List<JsonNode> records = new ArrayList<>();
        for (final MockFlowFile flowFile : eraser.getFlowFilesForRelationship(relationship)) {
            MAPPER.readTree(flowFile.getContent()).forEach(records::add);
        }
        return records;
    }

    @Test
    void erasesACustomerByGoldenIdFromEverySystemAndTheStoreForgetsThem() throws IOException {
        match("salesforce", SALESFORCE);
        final String robert = match("hubspot", HUBSPOT).get("901").get("crm_match_id").asText();

        eraser.setProperty(EraseCRMRecord.GOLDEN_ID_FIELD, "/golden_id");
        eraser.enqueue("[{\"golden_id\": \"" + robert + "\"}, {\"golden_id\": \"01900000-0000-7000-8000-000000000000\"}, {\"golden_id\": \" \"}]");
        eraser.run();
        eraser.assertTransferCount(EraseCRMRecord.REL_ERASED, 1);
        eraser.assertTransferCount(EraseCRMRecord.REL_UNKNOWN, 1);
        eraser.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final MockFlowFile out = eraser.getFlowFilesForRelationship(EraseCRMRecord.REL_ERASED).getFirst();
        out.assertAttributeEquals("crm.erase.erased.count", "1");
        out.assertAttributeEquals("crm.erase.unknown.count", "1");
        out.assertAttributeEquals("crm.erase.failure.count", "1");
        out.assertAttributeEquals("crm.erase.customer.count", "1");
        assertEquals("erased customer " + robert + ": 2 source records, 0 sync snapshots",
                erased(EraseCRMRecord.REL_ERASED).getFirst().get("crm_erasure").asText());
        assertTrue(erased(EraseCRMRecord.REL_UNKNOWN).getFirst().get("crm_erasure").asText().contains("knows no customer"));
        assertTrue(erased(AbstractCRMRecordProcessor.REL_FAILURE).getFirst().get("crm_erasure").asText().contains("names no customer"));

        final SourceKey salesforce = new SourceKey("salesforce", "003A01");
        assertTrue(store.getEntityStore().findMembers(List.of(salesforce, new SourceKey("hubspot", "901")), List.of()).isEmpty());
        assertFalse(store.getEntityStore().findMembers(List.of(new SourceKey("salesforce", "003A06")), List.of()).isEmpty(), "Wei stays");
        eraser.clearTransferState();
        eraser.enqueue("[{\"golden_id\": \"" + robert + "\"}]");
        eraser.run();
        assertEquals("erased customer " + robert + ": 0 source records, 0 sync snapshots",
                erased(EraseCRMRecord.REL_ERASED).getFirst().get("crm_erasure").asText(), "erasing again finds nothing left");

        final JsonNode again = match("hubspot", HUBSPOT).get("901");
        assertEquals("new", again.get("crm_entity_status").asText(), "Robert arriving again is a new customer");
        assertNotEquals(robert, again.get("crm_match_id").asText());
    }

    /**
     * A read open on the embedded store's file while an erasure commits (another connection's, as a lookup or another
     * FlowFile's write holds one) keeps the write-ahead log, which holds the erased rows: the commit no longer waits for
     * it (before: as long as the read lasted, up to 50 attempts of 60 s), the processor warns naming the FlowFile, and once
     * the read ends the log is emptied and said so; the -wal file then holds nothing of Robert.
     */
    @Test
    void aReadOpenDuringTheErasureDelaysEmptyingTheLogWithAWarningNotTheTask() throws Exception {
        match("salesforce", SALESFORCE);
        final String robert = match("hubspot", HUBSPOT).get("901").get("crm_match_id").asText();
        final Path database = storeDirectory.resolve("entity-store.db");
        eraser.setProperty(EraseCRMRecord.GOLDEN_ID_FIELD, "/golden_id");
        eraser.enqueue("[{\"golden_id\": \"" + robert + "\"}]");
        // the read ends once the task is back (a minute at most)
        final OpenRead read = OpenRead.of(database, "crm_member", 60_000);
        eraser.run();
        assertTrue(read.end(), "the task was back while the read was still open");
        eraser.assertTransferCount(EraseCRMRecord.REL_ERASED, 1);
        assertTrue(eraser.getLogger().getWarnMessages().stream().anyMatch(message -> message.getMsg().contains("write-ahead log")
                && message.getMsg().contains("may still hold earlier versions of their rows")), eraser.getLogger().getWarnMessages().toString());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (eraser.getLogger().getInfoMessages().stream().noneMatch(message -> message.getMsg().contains("was emptied after the erasure"))
                && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        assertTrue(eraser.getLogger().getInfoMessages().stream().anyMatch(message -> message.getMsg().contains("was emptied after the erasure")));
        final Path log = storeDirectory.resolve("entity-store.db-wal");
        assertFalse(Files.exists(log) && new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).contains("bob.smith@example.com"));
    }

    /**
     * Key Log Compaction: with When Due, the store's key log keeps the rows naming by hash the keys of the customer erased
     * (up to the erasure's own) after the erasure commits; with At Every Erasure (the default), the FlowFile's erasure
     * compacts the log once it commits, one FlowFile naming two customers too, and the log keeps its last row alone (no
     * hash of a key: a row that changes nothing). The customers kept still match.
     */
    @Test
    void anErasureCompactsTheKeyLogUnlessToldToWaitUntilItIsDue() throws Exception {
        final Map<String, JsonNode> salesforce = match("salesforce", SALESFORCE);
        final Map<String, JsonNode> hubspot = match("hubspot", HUBSPOT);
        final String robert = hubspot.get("901").get("crm_match_id").asText();
        final String priya = hubspot.get("903").get("crm_match_id").asText();
        final String wei = salesforce.get("003A06").get("crm_match_id").asText();
        eraser.setProperty(EraseCRMRecord.GOLDEN_ID_FIELD, "/golden_id");
        eraser.setProperty(EraseCRMRecord.KEY_LOG_COMPACTION, KeyLogCompactionOption.WHEN_DUE);
        eraser.enqueue("[{\"golden_id\": \"" + robert + "\"}]");
        eraser.run();
        eraser.assertTransferCount(EraseCRMRecord.REL_ERASED, 1);
        final long rowsAfterWaiting = keyLogRows();
        assertTrue(rowsAfterWaiting > 2, "the log keeps its rows, the erasure's among them: " + rowsAfterWaiting);

        eraser.removeProperty(EraseCRMRecord.KEY_LOG_COMPACTION);
        eraser.clearTransferState();
        eraser.enqueue("[{\"golden_id\": \"" + priya + "\"}, {\"golden_id\": \"" + robert + "\"}]");
        eraser.run();
        eraser.assertTransferCount(EraseCRMRecord.REL_ERASED, 1);
        assertEquals(1, keyLogRows(), "compacted at the erasure's commit: the log's last row alone is kept");
        assertEquals(wei, match("hubspot", "Id,FirstName,LastName,Email,Phone,Birthdate\n904,Wei,Chen,wei.chen@example.net,(312) 555-0111,1990-11-30\n")
                .get("904").get("crm_match_id").asText(), "Wei still matches");
    }

    /**
     * The key log cannot be compacted after the erasure committed (here the database refuses the new base, as a full disk
     * would): the customer is erased and its FlowFile stays in erased, the error says that the erasure is committed and the
     * key log still names the erased records' keys by hash until the next compaction (it said "could not be committed;
     * replay the FlowFile"), and the next FlowFile compacts it, though it erases nobody (it was left as it was: a request
     * by source id sent again goes to unknown and erases nothing).
     */
    @Test
    void aCompactionThatFailsAfterTheErasureSaysTheErasureIsDoneAndTheNextFlowFileCompacts() throws Exception {
        match("salesforce", SALESFORCE);
        final String robert = match("hubspot", HUBSPOT).get("901").get("crm_match_id").asText();
        eraser.setProperty(EraseCRMRecord.GOLDEN_ID_FIELD, "/golden_id");
        eraser.setProperty(EraseCRMRecord.SOURCE_SYSTEM, "hubspot");
        eraser.setProperty(EraseCRMRecord.SOURCE_ID_FIELD, "/Id");
        runSql("create trigger refuse_base before insert on crm_key_base begin select raise(abort, 'database or disk is full'); end");
        eraser.enqueue("[{\"golden_id\": \"" + robert + "\"}]");
        eraser.run();

        eraser.assertAllFlowFilesTransferred(EraseCRMRecord.REL_ERASED, 1);
        assertTrue(store.getEntityStore().findMembers(List.of(new SourceKey("hubspot", "901")), List.of()).isEmpty(), "Robert is erased");
        assertTrue(keyLogRows() > 1, "the key log is not compacted");
        final List<String> errors = eraser.getLogger().getErrorMessages().stream().map(message -> message.getMsg()).toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.getFirst().contains("erased 1 customers") && errors.getFirst().contains("is committed")
                && errors.getFirst().contains("still names the keys of their records by hash")
                && errors.getFirst().contains("the next FlowFile this processor takes compacts it"), errors.getFirst());
        assertFalse(errors.getFirst().contains("replay the FlowFile"), errors.getFirst());

        runSql("drop trigger refuse_base");
        eraser.clearTransferState();
        eraser.enqueue("[{\"Id\": \"901\"}]");
        eraser.run();
        eraser.assertAllFlowFilesTransferred(EraseCRMRecord.REL_UNKNOWN, 1);
        assertEquals(1, keyLogRows(), "compacted at the next FlowFile's commit: the log's last row alone is kept");
        assertEquals(1, eraser.getLogger().getErrorMessages().size(), "no further error");
    }

    /** Runs a statement on the embedded store's database file, beside the store (as an administrator would). */
    private void runSql(final String sql) throws java.sql.SQLException {
        try (java.sql.Connection connection = database(); java.sql.Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    /** A connection of its own to the embedded store's database file. */
    private java.sql.Connection database() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection("jdbc:sqlite:" + storeDirectory.resolve("entity-store.db"));
    }

    /** The rows of the embedded store's key log, read from its database file. */
    private long keyLogRows() throws java.sql.SQLException {
        try (java.sql.Connection connection = database();
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("select count(*) from crm_key_log")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * A request naming the golden id in capitals (as SQL Server returns a uniqueidentifier) or in braces (as Dynamics 365
     * writes GUIDs) names the customer all the same: a golden id is a lower-case UUID, and these spell no other id. (Both
     * went to unknown, the customer kept.) A text that is no UUID is looked up as it is.
     */
    @Test
    void aGoldenIdInCapitalsOrInBracesNamesItsCustomer() throws IOException {
        match("salesforce", SALESFORCE);
        final Map<String, JsonNode> hubspot = match("hubspot", HUBSPOT);
        final String robert = hubspot.get("901").get("crm_match_id").asText();
        final String priya = hubspot.get("903").get("crm_match_id").asText();

        eraser.setProperty(EraseCRMRecord.GOLDEN_ID_FIELD, "/golden_id");
        eraser.enqueue("[{\"golden_id\": \"" + robert.toUpperCase(java.util.Locale.ROOT) + "\"}, {\"golden_id\": \"{" + priya + "}\"},"
                + " {\"golden_id\": \"{" + robert + "\"}]");
        eraser.run();
        final List<JsonNode> erased = erased(EraseCRMRecord.REL_ERASED);
        assertEquals(2, erased.size(), "Robert's and Priya's requests");
        assertEquals("erased customer " + robert + ": 2 source records, 0 sync snapshots", erased.get(0).get("crm_erasure").asText());
        assertEquals("erased customer " + priya + ": 1 source records, 0 sync snapshots", erased.get(1).get("crm_erasure").asText());
        assertEquals(List.of("the Entity Store knows no customer with the golden id {" + robert),
                erased(EraseCRMRecord.REL_UNKNOWN).stream().map(record -> record.get("crm_erasure").asText()).toList(),
                "an unclosed brace spells no UUID");
        assertTrue(store.getEntityStore().findMembers(List.of(new SourceKey("hubspot", "901"), new SourceKey("hubspot", "903")), List.of()).isEmpty());
    }

    @Test
    void erasesTheCustomerOfASourceRecordAndNothingWhenTheSessionFails() throws IOException, InitializationException {
        match("salesforce", SALESFORCE);
        final String priya = match("hubspot", HUBSPOT).get("903").get("crm_match_id").asText();
        eraser.setProperty(EraseCRMRecord.SOURCE_SYSTEM, "${crm.source.system}");
        eraser.setProperty(EraseCRMRecord.SOURCE_ID_FIELD, "/Id");

        final MockRecordWriter failing = new MockRecordWriter("Id", false, 0);
        eraser.addControllerService("failing-writer", failing);
        eraser.enableControllerService(failing);
        eraser.setProperty(AbstractCRMRecordProcessor.RECORD_WRITER, "failing-writer");
        eraser.enqueue("[{\"Id\": \"903\"}]", Map.of("crm.source.system", "hubspot"));
        eraser.run();
        eraser.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        assertFalse(store.getEntityStore().findMembers(List.of(new SourceKey("hubspot", "903")), List.of()).isEmpty(),
                "a FlowFile that fails erases nothing");

        eraser.clearTransferState();
        eraser.setProperty(AbstractCRMRecordProcessor.RECORD_WRITER, "json-writer");
        eraser.enqueue("[{\"Id\": \"903\"}, {\"Id\": \"904\"}]", Map.of("crm.source.system", "hubspot"));
        eraser.run();
        assertEquals("erased customer " + priya + ": 1 source records, 0 sync snapshots",
                erased(EraseCRMRecord.REL_ERASED).getFirst().get("crm_erasure").asText());
        assertEquals("the Entity Store knows no record 904 of hubspot", erased(EraseCRMRecord.REL_UNKNOWN).getFirst().get("crm_erasure").asText());
        assertTrue(store.getEntityStore().findMembers(List.of(new SourceKey("hubspot", "903")), List.of()).isEmpty());
        assertEquals("erased", store.getEntityStore().history(priya).getLast().kind().key());
    }

    /**
     * Ids written as JSON numbers, one with a fraction: NiFi's JsonTreeReader infers the field as a double, and reads 901
     * as 901.0. Both name the stored records 901 and 903 by their digits, as the Entity Store's lookup reads them, and the
     * customers are erased. (Both went to unknown, "the Entity Store knows no record 903.0 of hubspot", and the customers
     * stayed.) An id with a real fraction names no record.
     */
    @Test
    void erasesTheRecordsOfNumericIdsTheReaderTypedAsDoubles() throws IOException {
        match("salesforce", SALESFORCE);
        final Map<String, JsonNode> hubspot = match("hubspot", HUBSPOT);
        eraser.setProperty(EraseCRMRecord.SOURCE_SYSTEM, "hubspot");
        eraser.setProperty(EraseCRMRecord.SOURCE_ID_FIELD, "/Id");
        eraser.enqueue("[{\"Id\": 903.0}, {\"Id\": 901}, {\"Id\": 902.5}]");
        eraser.run();

        final List<String> erased = erased(EraseCRMRecord.REL_ERASED).stream().map(record -> record.get("crm_erasure").asText()).toList();
        assertEquals(List.of("erased customer " + hubspot.get("903").get("crm_match_id").asText() + ": 1 source records, 0 sync snapshots",
                "erased customer " + hubspot.get("901").get("crm_match_id").asText() + ": 2 source records, 0 sync snapshots"), erased);
        assertEquals(List.of("the Entity Store knows no record 902.5 of hubspot"),
                erased(EraseCRMRecord.REL_UNKNOWN).stream().map(record -> record.get("crm_erasure").asText()).toList());
        assertTrue(store.getEntityStore().findMembers(List.of(new SourceKey("hubspot", "901"), new SourceKey("hubspot", "903")), List.of()).isEmpty());
    }

    /**
     * A request naming a record with white space of any kind around its id (901 between no-break spaces, as an Excel
     * export leaves it; 903 after an ideographic space) names the stored record 901 and 903, as MatchCRMRecord stored them,
     * and the customers are erased. (Both went to unknown and the customers stayed.)
     */
    @Test
    void erasesTheRecordsOfIdsWithWhiteSpaceOfAnyKindAroundThem() throws IOException {
        match("salesforce", SALESFORCE);
        final Map<String, JsonNode> hubspot = match("hubspot", HUBSPOT);
        eraser.setProperty(EraseCRMRecord.SOURCE_SYSTEM, "hubspot");
        eraser.setProperty(EraseCRMRecord.SOURCE_ID_FIELD, "/Id");
        eraser.enqueue("[{\"Id\": \"\\u00a0901\\u00a0\"}, {\"Id\": \"\\u3000903\"}]");
        eraser.run();

        assertEquals(2, erased(EraseCRMRecord.REL_ERASED).size(), erased(EraseCRMRecord.REL_UNKNOWN).toString());
        assertTrue(store.getEntityStore().findMembers(List.of(new SourceKey("hubspot", "901"), new SourceKey("hubspot", "903")), List.of()).isEmpty());
        assertTrue(store.getEntityStore().findEntities(List.of(hubspot.get("901").get("crm_match_id").asText())).isEmpty());
    }

    /**
     * A request read by the real JsonTreeReader inferring the schema, where "ids" holds a list in one record and text in
     * another (CHOICE[ARRAY, STRING]): /ids[0] and /golden[0] name the customer, where NiFi's RecordPath alone selected
     * nothing and the person was not erased (failure: "names no customer").
     */
    @Test
    void readsTheIdsThroughAFieldTypedAsAChoice() throws IOException {
        match("salesforce", SALESFORCE);
        final Map<String, JsonNode> hubspot = match("hubspot", HUBSPOT);
        final String priya = hubspot.get("903").get("crm_match_id").asText();
        final String robert = hubspot.get("901").get("crm_match_id").asText();
        eraser.setProperty(EraseCRMRecord.GOLDEN_ID_FIELD, "/golden[0]");
        eraser.setProperty(EraseCRMRecord.SOURCE_SYSTEM, "hubspot");
        eraser.setProperty(EraseCRMRecord.SOURCE_ID_FIELD, "/ids[0]");
        eraser.enqueue("[{\"ids\": [\"903\", \"old-17\"]}, {\"golden\": [\"" + robert + "\"]}, {\"ids\": \"asked by phone\", \"golden\": \"none\"}]");
        eraser.run();
        eraser.assertTransferCount(EraseCRMRecord.REL_ERASED, 1);
        eraser.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final List<JsonNode> erased = erased(EraseCRMRecord.REL_ERASED);
        assertEquals(2, erased.size());
        assertEquals("erased customer " + priya + ": 1 source records, 0 sync snapshots", erased.get(0).get("crm_erasure").asText());
        assertEquals("erased customer " + robert + ": 2 source records, 0 sync snapshots", erased.get(1).get("crm_erasure").asText());
        assertTrue(store.getEntityStore().findMembers(List.of(new SourceKey("hubspot", "903"), new SourceKey("salesforce", "003A01")),
                List.of()).isEmpty());
    }

    /**
     * A Source ID Field path that selects a list names every id in it: /ids, a field holding the list, and /ids[*], its
     * elements. Each id names the customer its record belongs to, so one request can erase two customers; an id the store
     * does not know is said beside them, and a request whose ids are all unknown goes to unknown naming them. Before, the
     * list's Java text (/ids) or its first element alone (/ids[*]) was looked up: the customers stayed, or one of them.
     */
    @Test
    void erasesTheCustomerOfEveryIdInAList() throws IOException {
        match("salesforce", SALESFORCE);
        final Map<String, JsonNode> hubspot = match("hubspot", HUBSPOT);
        final String priya = hubspot.get("903").get("crm_match_id").asText();
        final String robert = hubspot.get("901").get("crm_match_id").asText();
        eraser.setProperty(EraseCRMRecord.SOURCE_SYSTEM, "hubspot");
        eraser.setProperty(EraseCRMRecord.SOURCE_ID_FIELD, "/ids");
        eraser.enqueue("[{\"ids\": [\"903\", \"904\"]}, {\"ids\": [\"905\", \"906\"]}]");
        eraser.run();
        assertEquals(List.of("erased customer " + priya + ": 1 source records, 0 sync snapshots; the Entity Store knows no record 904 of hubspot"),
                erased(EraseCRMRecord.REL_ERASED).stream().map(record -> record.get("crm_erasure").asText()).toList());
        assertEquals(List.of("the Entity Store knows no record 905, 906 of hubspot"),
                erased(EraseCRMRecord.REL_UNKNOWN).stream().map(record -> record.get("crm_erasure").asText()).toList());
        assertTrue(store.getEntityStore().findMembers(List.of(new SourceKey("hubspot", "903")), List.of()).isEmpty());

        final String priyaAgain = match("hubspot", "Id,FirstName,LastName,Email,Phone,Birthdate\n913,Priya,Raman,priya@raman.in,(408) 555-0177,1988-08-08\n")
                .get("913").get("crm_match_id").asText();
        eraser.clearTransferState();
        eraser.setProperty(EraseCRMRecord.SOURCE_ID_FIELD, "/ids[*]");
        eraser.enqueue("[{\"ids\": [\"913\", \"901\"]}]");
        eraser.run();
        eraser.assertAllFlowFilesTransferred(EraseCRMRecord.REL_ERASED, 1);
        final MockFlowFile out = eraser.getFlowFilesForRelationship(EraseCRMRecord.REL_ERASED).getFirst();
        out.assertAttributeEquals("crm.erase.customer.count", "2");
        assertEquals("erased customer " + priyaAgain + ": 1 source records, 0 sync snapshots; erased customer " + robert
                + ": 2 source records, 0 sync snapshots", erased(EraseCRMRecord.REL_ERASED).getFirst().get("crm_erasure").asText());
        assertTrue(store.getEntityStore().findMembers(List.of(new SourceKey("hubspot", "913"), new SourceKey("hubspot", "901"),
                new SourceKey("salesforce", "003A01")), List.of()).isEmpty());
    }

    /**
     * A Golden ID Field path that selects a list (/golden on a field holding two golden ids, or /golden[*]) names every
     * golden id in it, as a Source ID path does: each customer is erased, a golden id the store does not know is said
     * beside them, and a request whose golden ids are all unknown goes to unknown naming them all; a list of records names
     * no golden id (failure). Before, /golden looked up the list's Java text ([Ljava.lang.Object;@...: unknown, nobody
     * erased) and /golden[*] the first golden id alone.
     */
    @Test
    void erasesTheCustomerOfEveryGoldenIdInAList() throws IOException {
        match("salesforce", SALESFORCE);
        final Map<String, JsonNode> hubspot = match("hubspot", HUBSPOT);
        final String priya = hubspot.get("903").get("crm_match_id").asText();
        final String robert = hubspot.get("901").get("crm_match_id").asText();
        final String unknown = "00000000-0000-4000-8000-000000000904";
        eraser.setProperty(EraseCRMRecord.GOLDEN_ID_FIELD, "/golden");
        eraser.enqueue("""
                [{"golden": ["%s", "%s"]}, {"golden": ["00000000-0000-4000-8000-000000000905", " ", "00000000-0000-4000-8000-000000000906"]},
                 {"golden": [{"id": "%s"}]}]""".formatted(priya, unknown, robert));
        eraser.run();
        assertEquals(List.of("erased customer " + priya + ": 1 source records, 0 sync snapshots; the Entity Store knows no customer with the golden id "
                + unknown), erased(EraseCRMRecord.REL_ERASED).stream().map(record -> record.get("crm_erasure").asText()).toList());
        assertEquals(List.of("the Entity Store knows no customer with the golden id 00000000-0000-4000-8000-000000000905, 00000000-0000-4000-8000-000000000906"),
                erased(EraseCRMRecord.REL_UNKNOWN).stream().map(record -> record.get("crm_erasure").asText()).toList());
        assertEquals(List.of("the record has no golden id: it names no customer"),
                erased(EraseCRMRecord.REL_FAILURE).stream().map(record -> record.get("crm_erasure").asText()).toList());
        assertTrue(store.getEntityStore().findMembers(List.of(new SourceKey("hubspot", "903")), List.of()).isEmpty());
        assertFalse(store.getEntityStore().findMembers(List.of(new SourceKey("hubspot", "901")), List.of()).isEmpty(), "Robert was named by a record");

        final String priyaAgain = match("hubspot", "Id,FirstName,LastName,Email,Phone,Birthdate\n913,Priya,Raman,priya@raman.in,(408) 555-0177,1988-08-08\n")
                .get("913").get("crm_match_id").asText();
        eraser.clearTransferState();
        eraser.setProperty(EraseCRMRecord.GOLDEN_ID_FIELD, "/golden[*]");
        // one customer named twice (in capitals and braces too) is erased once
        eraser.enqueue("""
                [{"golden": ["%s", "{%s}", "%s"]}]""".formatted(priyaAgain, robert.toUpperCase(java.util.Locale.ROOT), robert));
        eraser.run();
        eraser.assertAllFlowFilesTransferred(EraseCRMRecord.REL_ERASED, 1);
        eraser.getFlowFilesForRelationship(EraseCRMRecord.REL_ERASED).getFirst().assertAttributeEquals("crm.erase.customer.count", "2");
        assertEquals("erased customer " + priyaAgain + ": 1 source records, 0 sync snapshots; erased customer " + robert
                + ": 2 source records, 0 sync snapshots", erased(EraseCRMRecord.REL_ERASED).getFirst().get("crm_erasure").asText());
        assertTrue(store.getEntityStore().findMembers(List.of(new SourceKey("hubspot", "913"), new SourceKey("hubspot", "901"),
                new SourceKey("salesforce", "003A01")), List.of()).isEmpty());
    }

    /**
     * A path with a predicate right after a field holding a list tests the list as a whole and selects nothing (NiFi's
     * RecordPath): the request goes to failure saying which path and how to write it, not as naming no customer, and the
     * customer it names by a path written with [*] is erased.
     */
    @Test
    void saysWhyAPathWithAPredicateRightAfterAListNamesNoCustomer() throws IOException {
        match("salesforce", SALESFORCE);
        final String priya = match("hubspot", HUBSPOT).get("903").get("crm_match_id").asText();
        eraser.setProperty(EraseCRMRecord.GOLDEN_ID_FIELD, "/golden[./kind = 'crm']/id");
        eraser.setProperty(EraseCRMRecord.SOURCE_SYSTEM, "hubspot");
        eraser.setProperty(EraseCRMRecord.SOURCE_ID_FIELD, "/ids[./system = 'hubspot']/id");
        eraser.enqueue("""
                [{"ids": [{"system": "hubspot", "id": "903"}]}, {"golden": [{"kind": "crm", "id": "%s"}]}, {"ids": "asked by phone"}]""".formatted(priya));
        eraser.run();

        final List<JsonNode> failed = erased(AbstractCRMRecordProcessor.REL_FAILURE);
        assertEquals(3, failed.size());
        assertEquals("Source ID Field: /ids[./system = 'hubspot']/id selects nothing: a predicate right after /ids tests the list it holds "
                + "as a whole and selects nothing; write /ids[*][./system = 'hubspot']/id", failed.get(0).get("crm_erasure").asText());
        assertEquals("Golden ID Field: /golden[./kind = 'crm']/id selects nothing: a predicate right after /golden tests the list it holds "
                + "as a whole and selects nothing; write /golden[*][./kind = 'crm']/id", failed.get(1).get("crm_erasure").asText());
        assertEquals("the record has no golden id and no source id: it names no customer", failed.get(2).get("crm_erasure").asText());
        assertFalse(store.getEntityStore().findMembers(List.of(new SourceKey("hubspot", "903")), List.of()).isEmpty(), "nothing erased");

        eraser.clearTransferState();
        eraser.setProperty(EraseCRMRecord.SOURCE_ID_FIELD, "/ids[*][./system = 'hubspot']/id");
        eraser.enqueue("""
                [{"ids": [{"system": "hubspot", "id": "903"}]}, {"ids": "asked by phone"}]""");
        eraser.run();
        assertEquals("erased customer " + priya + ": 1 source records, 0 sync snapshots",
                erased(EraseCRMRecord.REL_ERASED).getFirst().get("crm_erasure").asText());
    }

    @Test
    void needsAWayToNameTheCustomers() {
        eraser.assertNotValid();
        eraser.setProperty(EraseCRMRecord.GOLDEN_ID_FIELD, "/crm_match_id");
        eraser.assertValid();
    }

    /**
     * A record named by its source id moves to another customer (a review decided it is somebody else) after the processor
     * looked up its customer and before the erasure took the writers' turn: the record is erased all the same, with the
     * customer it belongs to now. Before, the customer it had belonged to was erased and the record went to erased saying
     * so, while it stayed in the store with its comparison keys.
     */
    @Test
    void erasesARecordNamedBySourceIdThatMovedToAnotherCustomerMeanwhile() throws Exception {
        match("salesforce", SALESFORCE);
        final String robert = match("hubspot", HUBSPOT).get("901").get("crm_match_id").asText();
        final EntityStore real = store.getEntityStore();
        final SourceKey hubspot = new SourceKey("hubspot", "901");
        final String split = "01900000-0000-7000-8000-0000000000a1";
        final boolean[] moved = {false};
        final EntityStore racing = (EntityStore) Proxy.newProxyInstance(EntityStore.class.getClassLoader(), new Class<?>[] {EntityStore.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("erase") && !moved[0]) {
                        moved[0] = true;
                        // the split a review decision makes: 901 moves out of Robert's customer into one of its own
                        final ChangeSet change = new ChangeSet(-1, real.readMark());
                        change.createEntity(split);
                        change.moveMember(real.findMembers(List.of(hubspot), List.of()).get(hubspot).memberId(), robert, split);
                        change.expectEntity(robert);
                        real.write(change).commit();
                    }
                    try {
                        return method.invoke(real, arguments);
                    } catch (final InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        final TestRunner racingEraser = TestRunners.newTestRunner(EraseCRMRecord.class);
        RecordServices.useJsonReader(racingEraser);
        RecordServices.useJsonWriter(racingEraser);
        final EntityStoreService service = new GivenStoreService(racing);
        racingEraser.addControllerService("racing-store", service);
        racingEraser.enableControllerService(service);
        racingEraser.setProperty(EraseCRMRecord.ENTITY_STORE, "racing-store");
        racingEraser.setProperty(EraseCRMRecord.SOURCE_SYSTEM, "hubspot");
        racingEraser.setProperty(EraseCRMRecord.SOURCE_ID_FIELD, "/Id");
        racingEraser.enqueue("[{\"Id\": \"901\"}]");
        racingEraser.run();

        assertTrue(moved[0]);
        racingEraser.assertAllFlowFilesTransferred(EraseCRMRecord.REL_ERASED, 1);
        assertTrue(real.findMembers(List.of(hubspot), List.of()).isEmpty(), "record 901 is erased");
        assertEquals(Set.of(split), real.erased(List.of(robert, split)), "the customer 901 belongs to is erased, Robert is not");
        final String written = new String(racingEraser.getFlowFilesForRelationship(EraseCRMRecord.REL_ERASED).getFirst().toByteArray(), StandardCharsets.UTF_8);
        assertTrue(written.contains("erased customer " + split + ": 1 source records"), written);
        assertFalse(real.findMembers(List.of(new SourceKey("salesforce", "003A01")), List.of()).isEmpty(), "Robert's own record stays");
    }
}
