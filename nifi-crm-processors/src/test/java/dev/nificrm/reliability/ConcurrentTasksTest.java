package dev.nificrm.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EvalData;
import dev.nificrm.GivenStoreService;
import dev.nificrm.RecordServices;
import dev.nificrm.processors.EraseCRMRecord;
import dev.nificrm.processors.MatchCRMRecord;
import dev.nificrm.processors.MergeCRMRecord;
import dev.nificrm.processors.ReconcileCRMRecord;
import dev.nificrm.processors.TrackCRMProgress;
import dev.nificrm.reconcile.RecordOutcome;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import dev.nificrm.services.EntityStoreService;
import dev.nificrm.store.EntityStore;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Concurrent Tasks above 1 gives the same results as 1, for every processor ({@link ProcessorSetups#ALL}) and for
 * MatchCRMRecord with the embedded entity store. The input is the Febrl data set (1,000 people records, 500 true pairs)
 * cut into FlowFiles so that a person's two records lie in different FlowFiles, run once on one thread and once on four.
 */
class ConcurrentTasksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FLOWFILES = 12;
    private static final int THREADS = 4;
    private static final String INPUT = "test.input";
    private static final int CUSTOMERS = 120;

    @TempDir
    Path storeDirectories;

    @TestFactory
    Stream<DynamicTest> everyProcessorWritesTheSameOutputsOnFourThreadsAsOnOne() throws IOException {
        final List<String> slices = febrlSlices();
        // a processor triggered serially never runs on several threads; one on an entity store writes what the FlowFiles
        // before it stored, in the order they reach it (MatchCRMRecord's, the store's reader, is checked entity by entity below)
        return ProcessorSetups.ALL.stream().filter(setup -> !setup.store() && !setup.type().isAnnotationPresent(TriggerSerially.class))
                .map(setup -> DynamicTest.dynamicTest(setup.name(), () -> {
            final Map<String, List<String>> serial = outputsByInput(run(setup, slices, 1));
            final Map<String, List<String>> concurrent = outputsByInput(run(setup, slices, THREADS));
            assertEquals(FLOWFILES, serial.size());
            assertEquals(serial, concurrent, setup + ": the outputs of every FlowFile are the same on " + THREADS + " threads as on one");
        }));
    }

    @Test
    void matchWithTheEmbeddedStoreResolvesTheSameEntitiesOnFourThreadsAsOnOne() throws Exception {
        final List<String> slices = febrlSlices();
        final Set<Set<String>> serial = entities(slices, 1, storeDirectories.resolve("serial"));
        final Set<Set<String>> concurrent = entities(slices, THREADS, storeDirectories.resolve("concurrent"));
        assertTrue(serial.size() < 1000, "records of one person in different FlowFiles share a golden id: " + serial.size() + " entities");
        // concurrency never glues two people together nor splits what a serial run joins, beyond the order in which
        // FlowFiles reach the store: a pair right at the match threshold can tip either way with the statistics
        // (term frequencies, population) of the records stored before it
        assertOnePersonPerEntity(serial);
        assertOnePersonPerEntity(concurrent);
        final Set<Set<String>> onlySerial = new HashSet<>(serial);
        onlySerial.removeAll(concurrent);
        assertTrue(onlySerial.size() <= serial.size() / 100, "entities of the serial run the concurrent run does not have: " + onlySerial);
    }

    /**
     * The setups of the sync flows on an entity store (MatchCRMRecord against the store, MergeCRMRecord in Three-Way Sync,
     * EraseCRMRecord), each with one store shared by its four threads, as one service is shared by a processor's Concurrent
     * Tasks: every record leaves once; a customer gets one golden id, whichever thread saw which of its rows (the same
     * Salesforce record updated in another FlowFile, a second row of the customer); the store is consistent after (each
     * Salesforce record the member of the entity the outputs said, its key index undamaged), and an erased customer is
     * gone. TrackCRMProgress and ReconcileCRMRecord are triggered serially: NiFi never runs them on two
     * threads, which the last assertion holds (the mock framework refuses it as NiFi does).
     */
    @Test
    void theSyncProcessorsOnOneStoreLoseNoRecordAndGiveACustomerOneGoldenIdOnFourThreads() throws Exception {
        final Path directory = Files.createDirectories(storeDirectories.resolve("sync"));
        final List<String> slices = customerSlices();

        final ProcessorSetup match = setup("MatchCRMRecord (entity store)");
        final TestRunner matcher = onStore(match, directory, RecordServices::useMigrationCsvReader);
        runOn(matcher, match, slices, THREADS);
        final Map<String, List<JsonNode>> matched = recordsByInput(matcher, List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_UNMATCHED,
                MatchCRMRecord.REL_REVIEW));
        assertLeftOnce(slices, matched, match);
        final Map<String, String> goldenIds = oneGoldenIdPerCustomer(matched);
        assertStoreHolds(matcher, goldenIds);
        matcher.disableControllerService(matcher.getControllerService(ProcessorSetup.STORE_ID));

        // the matched records of each FlowFile on to the merge, as the pull flow connects matched, unmatched and review
        final ProcessorSetup merge = setup("MergeCRMRecord (Three-Way Sync)");
        final TestRunner merger = onStore(merge, directory, RecordServices::useJsonReader);
        final List<String> matchedSlices = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            matchedSlices.add(JSON.writeValueAsString(matched.getOrDefault(Integer.toString(i), List.of())));
        }
        runOn(merger, merge, matchedSlices, THREADS);
        final Map<String, List<JsonNode>> merged = recordsByInput(merger, List.of(MergeCRMRecord.REL_MERGED, MergeCRMRecord.REL_CONFLICT,
                MergeCRMRecord.REL_UNCHANGED, AbstractCRMRecordProcessor.REL_FAILURE));
        assertLeftOnce(slices, merged, merge);
        assertTrue(recordsByInput(merger, List.of(AbstractCRMRecordProcessor.REL_FAILURE)).isEmpty(), "no record fails: " + merged);
        assertFalse(merger.getFlowFilesForRelationship(MergeCRMRecord.REL_MERGED).isEmpty(), "the customers are merged to HubSpot");
        assertStoreHolds(merger, goldenIds);
        merger.disableControllerService(merger.getControllerService(ProcessorSetup.STORE_ID));

        // every customer named by golden id in two requests, in different FlowFiles
        final ProcessorSetup erase = setup("EraseCRMRecord");
        final TestRunner eraser = onStore(erase, directory, RecordServices::useMigrationCsvReader);
        final List<String> customers = goldenIds.values().stream().distinct().sorted().toList();
        final List<StringBuilder> requests = new ArrayList<>();
        for (int i = 0; i < FLOWFILES; i++) {
            requests.add(new StringBuilder("crm_match_id\n"));
        }
        for (int i = 0; i < customers.size(); i++) {
            requests.get(i % FLOWFILES).append(customers.get(i)).append('\n');
            requests.get((i + 5) % FLOWFILES).append(customers.get(i)).append('\n');
        }
        runOn(eraser, erase, requests.stream().map(StringBuilder::toString).toList(), THREADS);
        final Map<String, Integer> erasedTimes = new HashMap<>();
        int answered = 0;
        for (final Relationship relationship : List.of(EraseCRMRecord.REL_ERASED, EraseCRMRecord.REL_UNKNOWN)) {
            for (final List<JsonNode> records : recordsByInput(eraser, List.of(relationship)).values()) {
                for (final JsonNode record : records) {
                    answered++;
                    if (relationship == EraseCRMRecord.REL_ERASED) {
                        erasedTimes.merge(record.get("crm_match_id").asText(), 1, Integer::sum);
                    }
                }
            }
        }
        assertEquals(2 * customers.size(), answered, "every request leaves once");
        // a golden id erased already is still known, marked erased: a second request naming it is answered as erased too
        assertEquals(new TreeSet<>(customers), new TreeSet<>(erasedTimes.keySet()), "every customer is erased");
        assertStoreHolds(eraser, Map.of());
        eraser.disableControllerService(eraser.getControllerService(ProcessorSetup.STORE_ID));

        for (final ProcessorSetup serial : ProcessorSetups.ALL) {
            if (serial.type() == TrackCRMProgress.class || serial.type() == ReconcileCRMRecord.class) {
                assertTrue(serial.type().isAnnotationPresent(TriggerSerially.class), serial + " is triggered serially");
                assertThrows(AssertionError.class, () -> TestRunners.newTestRunner(serial.type()).setThreadCount(2), serial.toString());
            }
        }
    }

    /**
     * ReconcileCRMRecord reading the store while MatchCRMRecord writes to it on four threads, one store service shared by both
     * as two processors of a flow share one (crm-sync-push.json reconciles HubSpot's export while the pull flow matches
     * Salesforce's changes): HubSpot's rows of every customer stored first, then Salesforce's {@value #FLOWFILES} FlowFiles
     * matched while HubSpot's export, in {@value #FLOWFILES} FlowFiles, is reconciled. Nothing is lost: every Salesforce
     * record leaves Match once, every HubSpot FlowFile goes to original untouched with one report counting each of its
     * records once, none failing and none unknown to the store; a customer has one golden id, HubSpot's, whichever thread
     * matched which of its Salesforce rows; the store is consistent after (each Salesforce record in the entity the outputs
     * said, HubSpot's rows where they were, its key index undamaged).
     */
    @Test
    void reconcileReadingTheStoreWhileMatchWritesToItLosesNothingAndLeavesTheStoreConsistent() throws Exception {
        final Path directory = Files.createDirectories(storeDirectories.resolve("reconcile"));
        final List<String> salesforce = customerSlices();
        final List<String> hubspot = salesforce.stream().map(slice -> slice.lines().filter(line -> !line.startsWith("T") && !line.contains("2026-11-03"))
                .map(line -> line.startsWith("S") ? "H" + line.substring(1) : line).collect(java.util.stream.Collectors.joining("\n", "", "\n"))).toList();

        final ProcessorSetup match = setup("MatchCRMRecord (entity store)");
        final TestRunner matcher = onStore(match, directory, RecordServices::useMigrationCsvReader);
        matcher.setProperty(MatchCRMRecord.SOURCE_SYSTEM, "hubspot");
        runOn(matcher, match, hubspot, 1);
        final Map<String, String> hubspotGoldenIds = new TreeMap<>();
        recordsByInput(matcher, List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_UNMATCHED, MatchCRMRecord.REL_REVIEW)).values()
                .forEach(records -> records.forEach(record -> hubspotGoldenIds.put(record.get("Id").asText(), record.get("crm_match_id").asText())));
        assertEquals(CUSTOMERS, new HashSet<>(hubspotGoldenIds.values()).size(), "HubSpot's rows are the customers");
        matcher.clearTransferState();
        matcher.setProperty(MatchCRMRecord.SOURCE_SYSTEM, "salesforce");

        final ProcessorSetup reconcile = setup("ReconcileCRMRecord");
        final TestRunner reconciler = TestRunners.newTestRunner(reconcile.type());
        final EntityStore store = ((EntityStoreService) matcher.getControllerService(ProcessorSetup.STORE_ID)).getEntityStore();
        reconciler.addControllerService(ProcessorSetup.STORE_ID, new GivenStoreService(store));
        reconciler.enableControllerService(reconciler.getControllerService(ProcessorSetup.STORE_ID));
        reconcile.configure().accept(reconciler);
        RecordServices.useMigrationCsvReader(reconciler);
        RecordServices.useJsonWriter(reconciler);

        final ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            final Future<TestRunner> matching = both.submit(() -> runOn(matcher, match, salesforce, THREADS));
            final Future<TestRunner> reconciling = both.submit(() -> runOn(reconciler, reconcile, hubspot, 1));
            matching.get();
            reconciling.get();
        } finally {
            both.shutdownNow();
        }

        final Map<String, List<JsonNode>> matched = recordsByInput(matcher, List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_UNMATCHED,
                MatchCRMRecord.REL_REVIEW));
        assertLeftOnce(salesforce, matched, match);
        final Map<String, String> goldenIds = oneGoldenIdPerCustomer(matched);
        goldenIds.forEach((id, goldenId) -> {
            final String customer = id.substring(1);
            if (hubspotGoldenIds.containsKey("H" + customer)) {
                assertEquals(hubspotGoldenIds.get("H" + customer), goldenId, id + " joins HubSpot's row of its customer");
            }
        });
        final Map<String, MockFlowFile> reports = new TreeMap<>();
        for (final MockFlowFile report : reconciler.getFlowFilesForRelationship(ReconcileCRMRecord.REL_REPORT)) {
            assertNull(reports.put(report.getAttribute(INPUT), report), "one report of FlowFile " + report.getAttribute(INPUT));
        }
        final List<MockFlowFile> originals = reconciler.getFlowFilesForRelationship(ReconcileCRMRecord.REL_ORIGINAL);
        assertEquals(hubspot.size(), originals.size(), "every HubSpot FlowFile goes to original");
        for (final MockFlowFile original : originals) {
            final int input = Integer.parseInt(original.getAttribute(INPUT));
            original.assertContentEquals(hubspot.get(input));
            final MockFlowFile report = reports.get(Integer.toString(input));
            long counted = 0;
            for (final RecordOutcome outcome : RecordOutcome.values()) {
                counted += Long.parseLong(report.getAttribute("crm.reconcile." + outcome.key() + ".count"));
            }
            assertEquals(hubspot.get(input).lines().count() - 1, counted, "the report of FlowFile " + input + " counts each record once: "
                    + report.getAttributes());
            assertEquals("0", report.getAttribute("crm.reconcile." + RecordOutcome.FAILURE.key() + ".count"), report.getAttributes().toString());
            assertEquals("0", report.getAttribute("crm.reconcile." + RecordOutcome.NOT_IN_STORE.key() + ".count"), report.getAttributes().toString());
        }
        assertStoreHolds(matcher, goldenIds);
        final Map<String, String> hubspotMembers = new TreeMap<>();
        store.forEachMember("hubspot", (id, goldenId) -> assertNull(hubspotMembers.put(id, goldenId), id + " is one member"));
        assertEquals(hubspotGoldenIds, hubspotMembers, "HubSpot's rows are where they were");
        reconciler.disableControllerService(reconciler.getControllerService(ProcessorSetup.STORE_ID));
        matcher.disableControllerService(matcher.getControllerService(ProcessorSetup.STORE_ID));
    }

    private static ProcessorSetup setup(final String name) {
        return ProcessorSetups.ALL.stream().filter(setup -> setup.name().equals(name)).findFirst().orElseThrow();
    }

    /** A runner of the setup on an EmbeddedEntityStore in the directory, with the reader given and NiFi's JSON writer. */
    private static TestRunner onStore(final ProcessorSetup setup, final Path directory, final ReaderInstall reader) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(setup.type());
        final EmbeddedEntityStore store = new EmbeddedEntityStore();
        runner.addControllerService(ProcessorSetup.STORE_ID, store);
        runner.setProperty(store, EmbeddedEntityStore.STORE_DIRECTORY, directory.toString());
        runner.enableControllerService(store);
        setup.configure().accept(runner);
        reader.install(runner);
        RecordServices.useJsonWriter(runner);
        return runner;
    }

    @FunctionalInterface
    private interface ReaderInstall {
        void install(TestRunner runner) throws Exception;
    }

    /** The records written to the relationships, by the input FlowFile they came from. */
    private static Map<String, List<JsonNode>> recordsByInput(final TestRunner runner, final List<Relationship> relationships) throws IOException {
        final Map<String, List<JsonNode>> records = new TreeMap<>();
        for (final Relationship relationship : relationships) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                for (final JsonNode record : JSON.readTree(flowFile.getContent())) {
                    records.computeIfAbsent(flowFile.getAttribute(INPUT), input -> new ArrayList<>()).add(record);
                }
            }
        }
        return records;
    }

    /** Every record of every slice (by its Id, in its FlowFile) left once. */
    private static void assertLeftOnce(final List<String> slices, final Map<String, List<JsonNode>> out, final ProcessorSetup setup) {
        for (int i = 0; i < slices.size(); i++) {
            final List<String> in = slices.get(i).lines().skip(1).map(line -> line.substring(0, line.indexOf(','))).sorted().toList();
            final List<String> left = out.getOrDefault(Integer.toString(i), List.of()).stream().map(record -> record.get("Id").asText()).sorted().toList();
            assertEquals(in, left, setup + ": the records of FlowFile " + i + " left once each");
        }
    }

    /**
     * Asserts every customer's records (the same Salesforce record in several FlowFiles, a second row of the customer) got
     * one golden id, and no golden id two customers; returns the golden id of each Salesforce record.
     */
    private static Map<String, String> oneGoldenIdPerCustomer(final Map<String, List<JsonNode>> matched) {
        final Map<String, Set<String>> byCustomer = new TreeMap<>();
        final Map<String, Set<String>> customersOf = new TreeMap<>();
        final Map<String, String> goldenIds = new TreeMap<>();
        for (final List<JsonNode> records : matched.values()) {
            for (final JsonNode record : records) {
                final String goldenId = record.get("crm_match_id").asText();
                byCustomer.computeIfAbsent(record.get("Email").asText(), email -> new HashSet<>()).add(goldenId);
                customersOf.computeIfAbsent(goldenId, id -> new HashSet<>()).add(record.get("Email").asText());
                goldenIds.put(record.get("Id").asText(), goldenId);
            }
        }
        byCustomer.forEach((customer, ids) -> assertEquals(1, ids.size(), customer + " has one golden id: " + ids));
        customersOf.forEach((goldenId, customers) -> assertEquals(1, customers.size(), goldenId + " is one customer's: " + customers));
        assertEquals(CUSTOMERS, byCustomer.size());
        return goldenIds;
    }

    /** The store's Salesforce members are exactly the records given, each in the entity given, and its key index is undamaged. */
    private static void assertStoreHolds(final TestRunner runner, final Map<String, String> goldenIds) {
        final EntityStore store = ((EntityStoreService) runner.getControllerService(ProcessorSetup.STORE_ID)).getEntityStore();
        final Map<String, String> members = new TreeMap<>();
        store.forEachMember("salesforce", (id, goldenId) -> assertNull(members.put(id, goldenId), id + " is one member"));
        assertEquals(goldenIds, members, "the store's members");
        assertEquals(Optional.empty(), store.keyIndexDamage());
    }

    /**
     * Salesforce contacts in {@value #FLOWFILES} FlowFiles: {@value #CUSTOMERS} customers, each in the FlowFile of its
     * number; every second one's record again, updated, in the next FlowFile; every fourth (from the second) with a second
     * row of its own five FlowFiles on.
     */
    private static List<String> customerSlices() {
        final List<String> firstNames = List.of("Olivia", "Liam", "Amara", "Noah", "Sofia", "Mateo", "Hana", "Elias", "Priya", "Tomasz", "Ingrid", "Kwame");
        final List<String> lastNames = List.of("Okafor", "Lindqvist", "Moreau", "Tanaka", "Kowalczyk", "Haddad", "Fitzgerald", "Novak", "Brennan", "Quispe");
        final List<StringBuilder> slices = new ArrayList<>();
        for (int i = 0; i < FLOWFILES; i++) {
            slices.add(new StringBuilder("Id,FirstName,LastName,Email,Phone,LastModifiedDate,IsDeleted\n"));
        }
        for (int customer = 0; customer < CUSTOMERS; customer++) {
            final String first = firstNames.get(customer % firstNames.size());
            final String last = lastNames.get(customer / firstNames.size());
            final String email = (first + "." + last + "@example.org").toLowerCase(java.util.Locale.ROOT);
            final String row = first + "," + last + "," + email + ",+1 415 555 " + (1000 + customer) + ",";
            slices.get(customer % FLOWFILES).append("S").append(customer).append(',').append(row).append("2026-11-02T10:00:00Z,false\n");
            if (customer % 2 == 0) {
                slices.get((customer + 1) % FLOWFILES).append("S").append(customer).append(',').append(row).append("2026-11-03T10:00:00Z,false\n");
            }
            if (customer % 4 == 1) {
                slices.get((customer + 5) % FLOWFILES).append("T").append(customer).append(',').append(row).append("2026-11-02T11:00:00Z,false\n");
            }
        }
        return slices.stream().map(StringBuilder::toString).toList();
    }

    /** Febrl's record ids name the person ({@code rec-116-org}, {@code rec-116-dup-0}): an entity holds one person's. */
    private static void assertOnePersonPerEntity(final Set<Set<String>> entities) {
        for (final Set<String> entity : entities) {
            assertEquals(1, entity.stream().map(id -> id.substring(0, id.indexOf('-', "rec-".length()))).distinct().count(), entity.toString());
        }
    }

    /** The entities (sets of record ids sharing a golden id) after every slice went through a store, read back in one FlowFile. */
    private static Set<Set<String>> entities(final List<String> slices, final int threads, final Path directory) throws Exception {
        Files.createDirectories(directory);
        final ProcessorSetup withStore = new ProcessorSetup("MatchCRMRecord (embedded store)", MatchCRMRecord.class, runner -> {
            final EmbeddedEntityStore store = new EmbeddedEntityStore();
            try {
                runner.addControllerService("entity-store", store);
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
            runner.setProperty(store, EmbeddedEntityStore.STORE_DIRECTORY, directory.toString());
            runner.enableControllerService(store);
            runner.setProperty(MatchCRMRecord.ENTITY_STORE, "entity-store");
            runner.setProperty(MatchCRMRecord.SOURCE_SYSTEM, "febrl");
            runner.setProperty(MatchCRMRecord.SOURCE_ID_FIELD, "/rec_id");
        });
        final TestRunner runner = run(withStore, slices, threads);
        // every record again, in one FlowFile: a known source id resolves to its entity's golden id as the store holds it now
        runner.clearTransferState();
        runner.setThreadCount(1);
        runner.enqueue(String.join("", slices.getFirst().lines().findFirst().orElseThrow() + "\n",
                String.join("", slices.stream().map(slice -> slice.substring(slice.indexOf('\n') + 1)).toList())));
        runner.run(1, true, false);
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        final Map<String, Set<String>> byGoldenId = new HashMap<>();
        for (final Relationship relationship : List.of(MatchCRMRecord.REL_MATCHED, MatchCRMRecord.REL_REVIEW, MatchCRMRecord.REL_UNMATCHED)) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                for (final JsonNode record : JSON.readTree(flowFile.getContent())) {
                    byGoldenId.computeIfAbsent(record.get("crm_match_id").asText(), id -> new HashSet<>()).add(record.get("rec_id").asText());
                }
            }
        }
        assertEquals(1000, byGoldenId.values().stream().mapToInt(Set::size).sum());
        // its threads (applying commits to the key index, checkpoints) stop before JUnit deletes the directory
        runner.disableControllerService(runner.getControllerService("entity-store"));
        return new HashSet<>(byGoldenId.values());
    }

    /** Runs every slice through a fresh runner of the setup on the given number of threads until none is left queued. */
    private static TestRunner run(final ProcessorSetup setup, final List<String> slices, final int threads) throws Exception {
        final TestRunner runner = setup.newRunner();
        RecordServices.useMigrationCsvReader(runner);
        if (setup.contract() != ProcessorSetup.Contract.REQUEST) {
            RecordServices.useJsonWriter(runner);
        }
        return runOn(runner, setup, slices, threads);
    }

    /** Runs every slice, as FlowFiles numbered by {@value #INPUT}, through the runner on the given number of threads until none is left queued. */
    private static TestRunner runOn(final TestRunner runner, final ProcessorSetup setup, final List<String> slices, final int threads) {
        runner.setThreadCount(threads);
        for (int i = 0; i < slices.size(); i++) {
            final byte[] content = slices.get(i).getBytes(StandardCharsets.UTF_8);
            final Map<String, String> attributes = new HashMap<>(setup.attributes().apply(content));
            attributes.put(INPUT, Integer.toString(i));
            runner.enqueue(content, attributes);
        }
        boolean first = true;
        for (int round = 0; round < 20 && !runner.isQueueEmpty(); round++) {
            runner.run(runner.getQueueSize().getObjectCount(), false, first);
            first = false;
        }
        runner.stop();
        assertTrue(runner.isQueueEmpty(), setup + ": every FlowFile was processed");
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        return runner;
    }

    /** Per input FlowFile, its outputs as relationship and content, sorted. */
    private static Map<String, List<String>> outputsByInput(final TestRunner runner) {
        final Map<String, List<String>> outputs = new TreeMap<>();
        for (final Relationship relationship : runner.getProcessor().getRelationships()) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                outputs.computeIfAbsent(flowFile.getAttribute(INPUT), input -> new ArrayList<>())
                        .add(relationship.getName() + " " + flowFile.getAttribute("record.count") + "\n" + flowFile.getContent());
            }
        }
        outputs.values().forEach(list -> list.sort(String::compareTo));
        return outputs;
    }

    /** Febrl dataset1 as CSV slices, the original records dealt round-robin and each duplicate into the slice after its original's. */
    private static List<String> febrlSlices() throws IOException {
        final List<String> lines = Files.readAllLines(EvalData.folder("febrl").resolve("dataset1.csv"), StandardCharsets.UTF_8);
        final String header = lines.getFirst().replace(", ", ",");
        final List<StringBuilder> slices = new ArrayList<>();
        for (int i = 0; i < FLOWFILES; i++) {
            slices.add(new StringBuilder(header).append('\n'));
        }
        for (final String line : lines.subList(1, lines.size())) {
            final String row = line.replace(", ", ",");
            final int person = Integer.parseInt(row.substring(4, row.indexOf('-', 4)));
            final int slice = (person + (row.contains("-dup-") ? 1 : 0)) % FLOWFILES;
            slices.get(slice).append(row).append('\n');
        }
        return slices.stream().map(StringBuilder::toString).toList();
    }
}
