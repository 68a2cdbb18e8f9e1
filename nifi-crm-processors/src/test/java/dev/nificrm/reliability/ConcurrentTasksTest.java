package dev.nificrm.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.EvalData;
import dev.nificrm.RecordServices;
import dev.nificrm.processors.MatchCRMRecord;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
