package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EnabledStores;
import dev.nificrm.DataSourceConnectionPool;
import dev.nificrm.RecordServices;
import dev.nificrm.StoredText;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.AbstractEntityStoreService;
import dev.nificrm.services.EmbeddedEntityStore;
import dev.nificrm.store.ChangeSet;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.EventKind;
import dev.nificrm.store.HistoryEvent;
import dev.nificrm.store.SourceKey;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.apache.nifi.lookup.LookupFailureException;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EraseCRMRecord on generated customers (seeded): each with a record in a CRM (text ids) and most with one in an ERP
 * (numeric ids, some beyond an int), matched by MatchCRMRecord into an embedded store, some merged into others, each with
 * a sync snapshot, on the embedded store and on PostgreSQL (the shared server the tests start; the eraser on a node of
 * its own). Erasure requests come in rounds of FlowFiles read by NiFi's JsonTreeReader: by golden id in every
 * shape (capitals, braces, whitespace), by the merged loser's id, by source id (CRM text ids; ERP ids as JSON numbers,
 * whole or, in some FlowFiles, with one written with a fraction so the field is read as a double), unknown ids, the same
 * customer twice in a FlowFile, customers erased in an earlier round, and rows naming nobody. Every request row leaves on
 * exactly one relationship with the reason the model expects; afterwards no file the store keeps on the node (the SQLite
 * database and its write-ahead log, the key index) holds an erased customer's email, surname or CRM id, nothing the store
 * answers (LookupService, members, cross-references, snapshots, history, MatchCRMRecord matching the records again) gives
 * an erased customer's values, and every other customer is as it was.
 */
@ExtendWith(PostgresExtension.class)
class EraseCRMRecordGeneratedTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Long> SEEDS = List.of(20261205L, 61L, 7_700_001L);
    private static final int CUSTOMERS = 24;
    private static final String CRM = "salesforce";
    private static final String ERP = "erp";
    private static final String HEADER = "Id,FirstName,LastName,Email,Phone,Birthdate\n";

    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    @TempDir
    Path directory;

    /** One generated customer: its records and, once matched, its golden id. */
    private static final class Customer {
        private final int number;
        private final String crmId;
        private final Long erpId;
        private final String email;
        private final String name;
        private String goldenId;

        private Customer(final int number, final String crmId, final Long erpId, final String email, final String name) {
            this.number = number;
            this.crmId = crmId;
            this.erpId = erpId;
            this.email = email;
            this.name = name;
        }

        private String csvRow(final String id) {
            return id + "," + name + "," + email + ",(415) 5" + (10 + number * 3) + "-" + (1000 + number * 337 % 9000) + ","
                    + (1940 + number * 2) + "-0" + (1 + number % 9) + "-1" + (number % 9) + "\n";
        }
    }

    /** What a request row should give: its relationship and the start of its reason. */
    private record Expected(Relationship relationship, String reason) {
    }

    @Test
    void everyRequestLeavesOnceWithItsReasonAndNothingTheStoreAnswersGivesAnErasedCustomer() throws Exception {
        for (final long seed : SEEDS) {
            final Path storeDirectory = directory.resolve("seed-" + seed);
            hunt(seed, embedded(storeDirectory), storeDirectory);
        }
    }

    /**
     * The same on PostgreSQL, the first seed (the others add little but time): the matcher and the eraser each a node of
     * their own on one database.
     */
    @Test
    void everyRequestLeavesOnceWithItsReasonAndNothingTheStoreAnswersGivesAnErasedCustomerOnPostgres(final PostgresServer server) throws Exception {
        for (final long seed : SEEDS.subList(0, 1)) {
            final PostgresDatabase database = server.createDatabase("erasures-" + seed);
            final Path nodes = directory.resolve("seed-" + seed);
            final int[] node = {0};
            hunt(seed, runner -> stores.enable(runner, DataSourceConnectionPool.addPostgresStore(runner, database.dataSource(),
                    nodes.resolve("node-" + node[0]++))), nodes);
        }
    }

    /** An embedded store in a directory: the matcher's and the eraser's services on it share the store, as in one NiFi. */
    private MatchCRMRecordStoreTest.StoreService embedded(final Path storeDirectory) {
        return runner -> {
            final EmbeddedEntityStore service = new EmbeddedEntityStore();
            runner.addControllerService("entity-store", service);
            runner.setProperty(service, EmbeddedEntityStore.STORE_DIRECTORY, storeDirectory.toString());
            stores.enable(runner, service);
        };
    }

    /**
     * Stores the generated customers, erases some in rounds and checks the outcome.
     *
     * @param storeService adds the Entity Store service to the matcher and to the eraser
     * @param nodeFiles    the directory of the files the store keeps on this node (database or key index)
     */
    private void hunt(final long seed, final MatchCRMRecordStoreTest.StoreService storeService, final Path nodeFiles) throws Exception {
        final Random random = new Random(seed);
        final TestRunner matcher = MatchCRMRecordStoreTest.personMatcher(storeService);
        final AbstractEntityStoreService service = (AbstractEntityStoreService) matcher.getControllerService("entity-store");
        final EntityStore store = service.getEntityStore();

        final List<Customer> customers = new ArrayList<>();
        final StringBuilder crm = new StringBuilder(HEADER);
        final StringBuilder erp = new StringBuilder(HEADER);
        for (int number = 0; number < CUSTOMERS; number++) {
            final Long erpId = random.nextInt(5) == 0 ? null : random.nextBoolean() ? 3_000_000_000L + random.nextInt(1_000_000) : 100_000L + number;
            // names of six letters or more, drawn apart, so that every person is a customer of their own
            final String name = letters(1_000_000 + random.nextInt(100_000_000)) + "," + letters(2_000_000 + random.nextInt(100_000_000));
            final Customer customer = new Customer(number, "003" + letters(random.nextInt(1_000_000)) + number, erpId,
                    "person" + number + "." + letters(random.nextInt(10_000)).toLowerCase(Locale.ROOT) + "@example.com", name);
            customers.add(customer);
            crm.append(customer.csvRow(customer.crmId));
            if (erpId != null) {
                erp.append(customer.csvRow(String.valueOf(erpId)));
            }
        }
        final Map<String, String> crmGolden = match(matcher, CRM, crm.toString());
        final Map<String, String> erpGolden = match(matcher, ERP, erp.toString());
        assertEquals(CUSTOMERS, new HashSet<>(crmGolden.values()).size(), "seed " + seed + ": one customer per person");
        for (final Customer customer : customers) {
            customer.goldenId = crmGolden.get(customer.crmId);
            assertNotNull(customer.goldenId);
            if (customer.erpId != null) {
                assertEquals(customer.goldenId, erpGolden.get(String.valueOf(customer.erpId)), "seed " + seed + ": one customer per person");
            }
        }

        // a few customers merged into others (a review decision); every customer gets a sync snapshot holding its email
        final Map<String, String> liveOf = new HashMap<>();
        customers.forEach(customer -> liveOf.put(customer.goldenId, customer.goldenId));
        final ChangeSet snapshots = new ChangeSet(-1, store.readMark());
        for (final Customer customer : customers) {
            snapshots.putSnapshot(customer.goldenId, "hubspot", "{\"email\":\"" + customer.email + "\"}", 0);
        }
        store.write(snapshots).commit();
        final ChangeSet changes = new ChangeSet(-1, store.readMark());
        for (int merge = 0; merge < 3; merge++) {
            final Customer loser = customers.get(2 * merge + 1);
            final Customer survivor = customers.get(2 * merge);
            changes.mergeEntities(loser.goldenId, survivor.goldenId);
            liveOf.put(loser.goldenId, survivor.goldenId);
        }
        store.write(changes).commit();

        final TestRunner eraser = eraser(storeService);
        final Set<String> erased = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            // each round a FlowFile by golden id and CRM id, and one by ERP id
            final List<Customer> named = new ArrayList<>();
            for (final Customer customer : customers) {
                if (random.nextInt(4) == 0 || round > 0 && erased.contains(liveOf.get(customer.goldenId)) && random.nextInt(3) == 0) {
                    named.add(customer);
                }
            }
            eraseRound(eraser, seed + "/" + round + "/crm", random, named, liveOf, erased, false);
            eraseRound(eraser, seed + "/" + round + "/erp", random, named, liveOf, erased, true);
        }
        assertFalse(erased.isEmpty());
        assertTrue(erased.size() < CUSTOMERS, "seed " + seed + ": some customers kept");
        checkFiles(seed, nodeFiles, customers, liveOf, erased);
        checkStore(seed, matcher, service, customers, liveOf, erased);
    }

    /**
     * Sends one FlowFile of requests for the customers named (and rows naming nobody or nobody known), and checks where
     * every row went and why; adds the customers the FlowFile erased to {@code erased}.
     */
    private static void eraseRound(final TestRunner eraser, final String what, final Random random, final List<Customer> named,
                                   final Map<String, String> liveOf, final Set<String> erased, final boolean byErpId) throws IOException {
        final List<String> rows = new ArrayList<>();
        final List<Expected> expected = new ArrayList<>();
        final Set<String> erasedNow = new HashSet<>();
        final boolean fraction = byErpId && random.nextBoolean();
        for (final Customer customer : named) {
            final String live = liveOf.get(customer.goldenId);
            final int copies = random.nextInt(6) == 0 ? 2 : 1;
            for (int copy = 0; copy < copies; copy++) {
                if (byErpId) {
                    if (customer.erpId == null) {
                        continue;
                    }
                    final String id = fraction && random.nextInt(3) == 0 ? customer.erpId + ".0" : String.valueOf(customer.erpId);
                    rows.add("\"Id\": " + id);
                    expected.add(bySource(customer.erpId.toString(), ERP, live, erased, erasedNow));
                } else if (random.nextBoolean()) {
                    rows.add("\"Id\": \"" + customer.crmId + "\"");
                    expected.add(bySource(customer.crmId, CRM, live, erased, erasedNow));
                } else {
                    rows.add("\"golden_id\": " + MAPPER.writeValueAsString(shape(customer.goldenId, random)));
                    erasedNow.add(live);
                    expected.add(new Expected(EraseCRMRecord.REL_ERASED, "erased customer " + live
                            + (live.equals(customer.goldenId) ? ":" : " (into which " + customer.goldenId + " was merged):")));
                }
            }
        }
        final String unknown = UUID.randomUUID().toString();
        rows.add("\"golden_id\": " + MAPPER.writeValueAsString(shape(unknown, random)));
        expected.add(new Expected(EraseCRMRecord.REL_UNKNOWN, "the Entity Store knows no customer with the golden id " + unknown));
        if (!byErpId) {
            rows.add("\"Id\": \"003nobody\"");
            expected.add(new Expected(EraseCRMRecord.REL_UNKNOWN, "the Entity Store knows no record 003nobody of " + CRM));
        }
        rows.add("\"golden_id\": \"  \"");
        expected.add(new Expected(AbstractCRMRecordProcessor.REL_FAILURE, "the record has no golden id and no source id: it names no customer"));
        rows.add("\"note\": \"asked by phone\"");
        expected.add(new Expected(AbstractCRMRecordProcessor.REL_FAILURE, "the record has no golden id and no source id: it names no customer"));

        final StringBuilder json = new StringBuilder("[");
        for (int row = 0; row < rows.size(); row++) {
            json.append(row == 0 ? "" : ",\n").append("{\"n\": ").append(row).append(", ").append(rows.get(row)).append('}');
        }
        eraser.clearTransferState();
        eraser.enqueue(json.append(']').toString(), Map.of("system", byErpId ? ERP : CRM));
        eraser.run();

        final Map<Integer, String> reasons = new HashMap<>();
        final Map<Integer, Relationship> routes = new HashMap<>();
        for (final Relationship relationship : List.of(EraseCRMRecord.REL_ERASED, EraseCRMRecord.REL_UNKNOWN, AbstractCRMRecordProcessor.REL_FAILURE)) {
            for (final MockFlowFile flowFile : eraser.getFlowFilesForRelationship(relationship)) {
                assertEquals(String.valueOf(erasedNow.size()), flowFile.getAttribute("crm.erase.customer.count"),
                        what + ": distinct customers erased; " + flowFile.getAttributes());
                for (final JsonNode record : MAPPER.readTree(flowFile.getContent())) {
                    final int row = record.get("n").asInt();
                    assertEquals(null, routes.put(row, relationship), what + ": row " + row + " left twice");
                    reasons.put(row, record.get("crm_erasure").asText());
                }
            }
        }
        assertEquals(rows.size(), routes.size(), what + ": every row leaves once");
        for (int row = 0; row < rows.size(); row++) {
            final String context = what + ": row " + rows.get(row) + " gave " + routes.get(row) + " " + reasons.get(row);
            assertEquals(expected.get(row).relationship(), routes.get(row), context);
            assertTrue(reasons.get(row).startsWith(expected.get(row).reason()), context + ", expected " + expected.get(row).reason());
        }
        erased.addAll(erasedNow);
    }

    /** A request by source id: its customer is erased while the record is stored; once erased, the store knows no such record. */
    private static Expected bySource(final String sourceId, final String system, final String live, final Set<String> erased,
                                     final Set<String> erasedNow) {
        if (erased.contains(live)) {
            return new Expected(EraseCRMRecord.REL_UNKNOWN, "the Entity Store knows no record " + sourceId + " of " + system);
        }
        erasedNow.add(live);
        // a merged record belongs to the customer it was merged into: that is the customer it names
        return new Expected(EraseCRMRecord.REL_ERASED, "erased customer " + live + ":");
    }

    /** A golden id as a person or another system may write it: in capitals, in braces, with whitespace around. */
    private static String shape(final String goldenId, final Random random) {
        final String cased = random.nextBoolean() ? goldenId.toUpperCase(Locale.ROOT) : goldenId;
        final String braced = random.nextBoolean() ? "{" + cased + "}" : cased;
        return switch (random.nextInt(4)) {
            case 0 -> " " + braced + " ";
            case 1 -> "\t" + braced + "\n";
            default -> braced;
        };
    }

    /**
     * After the rounds, before anything is written again: no file under the node's directory (the embedded store's
     * database, its write-ahead log and key index; a PostgreSQL node's key index) holds an erased customer's email,
     * surname or CRM id, in any case. The check reads what it looks for: every kept customer's email is found.
     */
    private static void checkFiles(final long seed, final Path nodeFiles, final List<Customer> customers, final Map<String, String> liveOf,
                                   final Set<String> erased) throws IOException {
        final StringBuilder content = new StringBuilder();
        try (Stream<Path> files = Files.walk(nodeFiles)) {
            for (final Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                content.append(StoredText.of(StoredText.read(file)).toLowerCase(Locale.ROOT)).append('\n');
            }
        }
        final String all = content.toString();
        for (final Customer customer : customers) {
            final String surname = customer.name.substring(customer.name.indexOf(',') + 1).toLowerCase(Locale.ROOT);
            final String what = "seed " + seed + ", customer " + customer.number;
            if (erased.contains(liveOf.get(customer.goldenId))) {
                for (final String value : List.of(customer.email, surname, customer.crmId.toLowerCase(Locale.ROOT))) {
                    assertEquals(-1, value.indexOf('\0'), "a value sought holds no zero byte, so no run of them cut short hides it");
                    assertFalse(all.contains(value), what + " (erased): a file of the store holds " + value);
                }
            } else {
                assertTrue(all.contains(customer.email), what + " (kept): the files hold its email");
            }
        }
    }

    /** After the rounds: nothing the store answers gives an erased customer's values; every other customer is as it was. */
    private static void checkStore(final long seed, final TestRunner matcher, final AbstractEntityStoreService service, final List<Customer> customers,
                                   final Map<String, String> liveOf, final Set<String> erased) throws IOException, LookupFailureException {
        final EntityStore store = service.getEntityStore();
        final StringBuilder again = new StringBuilder(HEADER);
        for (final Customer customer : customers) {
            final String live = liveOf.get(customer.goldenId);
            final String what = "seed " + seed + ", customer " + customer.number + (erased.contains(live) ? " (erased)" : " (kept)");
            final List<SourceKey> sources = new ArrayList<>(List.of(new SourceKey(CRM, customer.crmId)));
            if (customer.erpId != null) {
                sources.add(new SourceKey(ERP, String.valueOf(customer.erpId)));
            }
            final Map<SourceKey, ?> members = store.findMembers(sources, List.of());
            final Object lookedUp = service.lookup(Map.of("system", CRM, "source_id", customer.crmId)).map(record -> record.getAsString("golden_id"))
                    .orElse(null);
            final boolean snapshot = store.findSnapshots("hubspot", List.of(customer.goldenId)).containsKey(customer.goldenId);
            final List<HistoryEvent> history = store.history(customer.goldenId);
            if (erased.contains(live)) {
                assertTrue(members.isEmpty(), what + ": " + members);
                assertEquals(null, lookedUp, what);
                assertFalse(snapshot, what + ": its snapshot");
                assertTrue(store.crossReferences(List.of(customer.goldenId, live)).values().stream().allMatch(Map::isEmpty), what);
                assertTrue(store.erased(List.of(customer.goldenId)).contains(customer.goldenId), what);
                assertTrue(history.stream().noneMatch(event -> event.source() != null), what + ": " + history);
                // the erased event is the customer's the loser was merged into, whose history holds the loser's too
                assertTrue(store.history(live).stream().anyMatch(event -> event.kind() == EventKind.ERASED), what);
                assertTrue(store.history(live).stream().noneMatch(event -> event.source() != null), what);
                assertTrue(history.stream().noneMatch(event -> event.explanation() != null && event.explanation().contains(customer.email)), what);
            } else {
                assertEquals(sources.size(), members.size(), what);
                assertEquals(live, lookedUp, what);
                assertTrue(snapshot, what + ": its snapshot");
                assertTrue(store.erased(List.of(customer.goldenId)).isEmpty(), what);
            }
            again.append(customer.csvRow("again-" + customer.crmId));
        }
        // the same people arriving again from another system: a kept one matches its customer, an erased one is new
        final Map<String, JsonNode> matched = new HashMap<>();
        matcher.clearTransferState();
        matcher.enqueue(again.toString().getBytes(StandardCharsets.UTF_8), Map.of("crm.source.system", "hubspot"));
        matcher.run();
        for (final Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_REVIEW, MatchCRMRecord.REL_UNMATCHED)) {
            for (final MockFlowFile flowFile : matcher.getFlowFilesForRelationship(relationship)) {
                MAPPER.readTree(flowFile.getContent()).forEach(record -> matched.put(record.get("Id").asText(), record));
            }
        }
        for (final Customer customer : customers) {
            final String live = liveOf.get(customer.goldenId);
            final JsonNode record = matched.get("again-" + customer.crmId);
            assertNotNull(record, "seed " + seed + ": " + customer.crmId);
            final String candidate = record.hasNonNull("crm_match_candidate") ? record.get("crm_match_candidate").asText() : null;
            if (erased.contains(live)) {
                assertEquals("new", record.get("crm_entity_status").asText(), "seed " + seed + ": an erased person arriving again is new: " + record);
                assertFalse(liveOf.containsKey(record.get("crm_match_id").asText()), record.toString());
                assertFalse(liveOf.containsKey(candidate) && erased.contains(liveOf.get(candidate)), record.toString());
            } else if (!isMerged(liveOf, live)) {
                assertEquals(live, record.get("crm_match_id").asText(), "seed " + seed + ": a kept person still matches its customer: " + record);
            } else {
                // a customer the test merged with another person: the other's records may hold the new one apart, never elsewhere
                assertTrue(live.equals(record.get("crm_match_id").asText()) || live.equals(candidate), record.toString());
            }
        }
    }

    /** Whether the test merged another customer into this one. */
    private static boolean isMerged(final Map<String, String> liveOf, final String live) {
        return liveOf.entrySet().stream().anyMatch(entry -> entry.getValue().equals(live) && !entry.getKey().equals(live));
    }

    private static TestRunner eraser(final MatchCRMRecordStoreTest.StoreService storeService) throws InitializationException {
        final TestRunner eraser = TestRunners.newTestRunner(EraseCRMRecord.class);
        RecordServices.useJsonReader(eraser);
        RecordServices.useJsonWriter(eraser);
        // the eraser's own service on the matcher's store
        storeService.addTo(eraser);
        eraser.setProperty(EraseCRMRecord.ENTITY_STORE, "entity-store");
        eraser.setProperty(EraseCRMRecord.GOLDEN_ID_FIELD, "/golden_id");
        eraser.setProperty(EraseCRMRecord.SOURCE_SYSTEM, "${system}");
        eraser.setProperty(EraseCRMRecord.SOURCE_ID_FIELD, "/Id");
        return eraser;
    }

    /** Matches the CSV records of a system; returns each record's golden id by its Id. */
    private static Map<String, String> match(final TestRunner matcher, final String system, final String csv) throws IOException {
        matcher.clearTransferState();
        matcher.enqueue(csv.getBytes(StandardCharsets.UTF_8), Map.of("crm.source.system", system));
        matcher.run();
        matcher.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, String> ids = new LinkedHashMap<>();
        for (final Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_REVIEW, MatchCRMRecord.REL_UNMATCHED)) {
            for (final MockFlowFile flowFile : matcher.getFlowFilesForRelationship(relationship)) {
                MAPPER.readTree(flowFile.getContent()).forEach(record -> ids.put(record.get("Id").asText(), record.get("crm_match_id").asText()));
            }
        }
        return ids;
    }

    /** Letters spelling a number (names and ids without digits that could look alike). */
    private static String letters(final int number) {
        final StringBuilder text = new StringBuilder();
        int rest = number;
        do {
            text.append((char) ('a' + rest % 26));
            rest /= 26;
        } while (rest > 0);
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }
}
