package dev.nificrm.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.processors.CleanCRMRecord;
import dev.nificrm.processors.MapCRMRecord;
import dev.nificrm.processors.MatchCRMRecord;
import dev.nificrm.processors.MergeCRMRecord;
import org.apache.nifi.components.AllowableValue;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.csv.CSVRecordSetWriter;
import org.apache.nifi.csv.CSVUtils;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processors.standard.ConvertRecord;
import org.apache.nifi.processors.standard.UpdateRecord;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Runs our processors side by side with NiFi's own on the same generated Salesforce Contact export, in one JVM, through
 * nifi-mock's TestRunner with NiFi's real CSVReader, JsonRecordSetWriter and CSVRecordSetWriter: warm-up rounds, then
 * measured rounds in which the processors of a comparison take turns (A, B, A, B...), so that a busy moment of the
 * machine hits both. Not run by the build; from the repository root:
 * <pre>
 * ./mvnw -B -q package -DskipTests -pl nifi-crm-benchmarks -am
 * java -Xmx2g -cp 'nifi-crm-benchmarks/target/classes:nifi-crm-benchmarks/target/lib/*' dev.nificrm.benchmarks.ProcessorBenchmark clean=100000 map=100000
 * java -Xmx2g -cp 'nifi-crm-benchmarks/target/classes:nifi-crm-benchmarks/target/lib/*' dev.nificrm.benchmarks.ProcessorBenchmark match=100000 match=1000000
 * </pre>
 * Each argument is {@code comparison=records}; comparisons:
 * <ul>
 * <li>{@code clean}: ConvertRecord vs CleanCRMRecord (defaults, roles recognised by name), CSV → JSON;</li>
 * <li>{@code map}: ConvertRecord, UpdateRecord with 20 RecordPath replacements, MapCRMRecord with the same 20 renames as a
 * Mapping Specification, and MapCRMRecord with the presets Salesforce Contact → HubSpot Contact, CSV → JSON;</li>
 * <li>{@code match}: ConvertRecord vs MatchCRMRecord (roles set), CSV → CSV, with the peak heap of each run;</li>
 * <li>{@code merge}: ConvertRecord vs MergeCRMRecord (golden records, role defaults, lineage) on the export with a
 * {@code crm_match_id} column (about 30 % of the records in clusters), CSV → CSV.</li>
 * </ul>
 * {@code -Dbenchmark.only=MatchCRMRecord} runs only the processors whose name starts so (e.g. to profile one of them with
 * {@code -XX:StartFlightRecording}). {@code -Dbenchmark.warmup=2}, {@code -Dbenchmark.rounds=5} set the rounds (warm-up rounds run on at most
 * {@code -Dbenchmark.warmupRecords=100000} records). Results go to standard output and are appended to
 * {@code target/benchmark-results.txt}: this is a command-line tool, not part of the NAR.
 * <p>
 * TestRunner keeps FlowFile content in memory: the input of a run (one byte array) and every output (a growing byte
 * array, copied when closed) are on the heap, where NiFi would stream them from and to its content repository. The heap
 * figures therefore include them; the input and output sizes are printed next to them.
 */
public final class ProcessorBenchmark {
    static final long SEED = 20_261_125L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The 20 fields UpdateRecord and MapCRMRecord (specification) both write: HubSpot contact name ← Salesforce field. */
    static final Map<String, String> HUBSPOT_FROM_SALESFORCE = mapping(
            "salesforce_id", "Id", "salutation", "Salutation", "firstname", "FirstName", "lastname", "LastName",
            "jobtitle", "Title", "department", "Department", "email", "Email", "phone", "Phone", "mobilephone", "MobilePhone",
            "address", "MailingStreet", "city", "MailingCity", "state", "MailingState", "zip", "MailingPostalCode",
            "country", "MailingCountry", "date_of_birth", "Birthdate", "lead_source", "LeadSource",
            "associatedcompanyid", "AccountId", "description", "Description", "createdate", "CreatedDate",
            "lastmodifieddate", "LastModifiedDate");

    private ProcessorBenchmark() {
    }

    public static void main(final String[] arguments) {
        final List<Task> tasks = new ArrayList<>();
        for (final String argument : arguments.length == 0 ? new String[] {"clean=100000", "map=100000", "match=100000"} : arguments) {
            final String[] parts = argument.split("=", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("Expected comparison=records (clean, map or match), e.g. match=1000000, not " + argument);
            }
            tasks.add(new Task(Comparison.valueOf(parts[0].trim().toUpperCase(Locale.ROOT)), Integer.parseInt(parts[1].replace("_", "").trim())));
        }
        final Settings settings = new Settings(Integer.getInteger("benchmark.warmup", 2), Integer.getInteger("benchmark.rounds", 5),
                Integer.getInteger("benchmark.warmupRecords", 100_000));
        final Path target = Files.isDirectory(Path.of("nifi-crm-benchmarks")) ? Path.of("nifi-crm-benchmarks", "target") : Path.of("target");
        final StringBuilder report = new StringBuilder();
        final String header = String.format(Locale.ROOT, "%s ProcessorBenchmark %s: cores=%d maxHeap=%dMB java=%s warmup=%d rounds=%d%n",
                Instant.now(), String.join(" ", arguments), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.version(), settings.warmup(), settings.rounds());
        System.out.print(header);
        report.append(header);
        final List<GroupResult> results = run(tasks, settings, target.resolve("benchmark-data"), System.out);
        final String table = table(results);
        System.out.print(table);
        report.append(table).append(System.lineSeparator());
        try {
            Files.writeString(target.resolve("benchmark-results.txt"), report, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs each comparison at its size, printing progress to the log. */
    static List<GroupResult> run(final List<Task> tasks, final Settings settings, final Path dataDirectory, final PrintStream log) {
        final CrmExportGenerator generator = new CrmExportGenerator(SEED);
        final List<GroupResult> results = new ArrayList<>();
        try (HeapMonitor heap = new HeapMonitor()) {
            for (final Task task : tasks) {
                final String only = System.getProperty("benchmark.only");
                final List<Side> sides = task.comparison().sides().stream().filter(side -> only == null || side.name().startsWith(only)).toList();
                final byte[] warmupInput = read(task.comparison().input(generator, Math.min(task.records(), settings.warmupRecords()), dataDirectory));
                final int warmupRecords = Math.min(task.records(), settings.warmupRecords());
                for (int round = 0; round < settings.warmup(); round++) {
                    for (final Side side : sides) {
                        final Run run = measure(side, warmupInput, warmupRecords, heap);
                        log.printf(Locale.ROOT, "warm-up %s %d: %s%n", task.comparison().label(), round + 1, describe(side, run));
                    }
                }
                final byte[] input = warmupRecords == task.records() ? warmupInput
                        : read(task.comparison().input(generator, task.records(), dataDirectory));
                final Map<Side, List<Run>> runs = new LinkedHashMap<>();
                for (int round = 0; round < settings.rounds(); round++) {
                    for (final Side side : sides) {
                        final Run run = measure(side, input, task.records(), heap);
                        runs.computeIfAbsent(side, ignored -> new ArrayList<>()).add(run);
                        log.printf(Locale.ROOT, "%s %d records, round %d: %s%n", task.comparison().label(), task.records(), round + 1, describe(side, run));
                    }
                }
                results.add(new GroupResult(task, input.length, runs));
            }
        }
        return results;
    }

    /** One run of one processor on the input: the time of {@code TestRunner.run()} and what came out. */
    static Run measure(final Side side, final byte[] input, final int records, final HeapMonitor heap) {
        // a fresh TestRunner each time: nifi-mock's session factory keeps every session it created (and the FlowFiles
        // they reference) for the runner's lifetime, which would pile up from one round to the next
        final TestRunner runner = side.newRunner();
        runner.enqueue(input);
        System.gc();
        heap.reset();
        final long start = System.nanoTime();
        runner.run();
        final double seconds = (System.nanoTime() - start) / 1e9;
        final long peakUsed = heap.peakUsedBytes();
        final long peakLive = heap.peakLiveBytes();
        final Map<String, Long> recordsByRelationship = new TreeMap<>();
        long outputBytes = 0;
        long merged = -1;
        for (final Relationship relationship : runner.getProcessor().getRelationships()) {
            if (relationship.getName().equals("original")) {
                continue;
            }
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                final String count = flowFile.getAttribute("record.count");
                recordsByRelationship.merge(relationship.getName(), count == null ? -1 : Long.parseLong(count), Long::sum);
                outputBytes += flowFile.getSize();
                if (flowFile.getAttribute("crm.merge.golden.count") != null) {
                    // a golden record stands for the records it merged: count those
                    merged = Long.parseLong(flowFile.getAttribute("crm.merge.merged.count")) + Long.parseLong(flowFile.getAttribute("crm.merge.single.count"));
                }
            }
        }
        final Run run = new Run(records, seconds, recordsByRelationship, merged, outputBytes, peakUsed, peakLive);
        if (run.accountedRecords() != records) {
            throw new IllegalStateException(side.name() + " was given " + records + " records and routed " + recordsByRelationship
                    + (merged < 0 ? "" : ", merging " + merged));
        }
        return run;
    }

    private static String describe(final Side side, final Run run) {
        return String.format(Locale.ROOT, "%-24s %6.2f s %9.0f records/s out=%s%s heapPeak=%dMB", side.name(), run.seconds(),
                run.recordsPerSecond(), run.recordsByRelationship(), run.mergedRecords() < 0 ? "" : " merged=" + run.mergedRecords(),
                run.peakUsedBytes() >> 20);
    }

    /** The compact table of all comparisons: medians, ranges and paired ratios. */
    static String table(final List<GroupResult> results) {
        final StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%n%-6s %9s  %-36s %10s %-19s %8s  %-26s %-26s %s%n", "what", "records", "processor",
                "records/s", " (min-max)", "seconds", "x ConvertRecord (min-max)", "x UpdateRecord (min-max)", "heap peak / after GC / in / out MB"));
        for (final GroupResult group : results) {
            final Map<Side, List<Run>> runs = group.runs();
            final List<Run> convert = runsNamed(runs, "ConvertRecord");
            final List<Run> update = runsNamed(runs, "UpdateRecord");
            for (final Map.Entry<Side, List<Run>> entry : runs.entrySet()) {
                final List<Run> sideRuns = entry.getValue();
                final double[] throughput = sideRuns.stream().mapToDouble(Run::recordsPerSecond).sorted().toArray();
                final double[] seconds = sideRuns.stream().mapToDouble(Run::seconds).sorted().toArray();
                final long peak = sideRuns.stream().mapToLong(Run::peakUsedBytes).max().orElse(0);
                final long live = sideRuns.stream().mapToLong(Run::peakLiveBytes).max().orElse(0);
                table.append(String.format(Locale.ROOT, "%-6s %9d  %-36s %10.0f %-19s %8.2f  %-26s %-26s %s%n", group.task().comparison().label(),
                        group.task().records(), entry.getKey().name(), median(throughput),
                        String.format(Locale.ROOT, " (%.0f-%.0f)", throughput[0], throughput[throughput.length - 1]), median(seconds),
                        convert == null || convert == sideRuns ? "" : ratio(sideRuns, convert),
                        update == null || update == sideRuns || !entry.getKey().name().startsWith("MapCRMRecord") ? "" : ratio(sideRuns, update),
                        String.format(Locale.ROOT, "%d / %d / %d / %d", peak >> 20, live >> 20, group.inputBytes() >> 20,
                                sideRuns.getLast().outputBytes() >> 20)));
            }
        }
        final List<GroupResult> matches = results.stream().filter(group -> group.task().comparison() == Comparison.MATCH).toList();
        for (int i = 1; i < matches.size(); i++) {
            final double records = (double) matches.get(i).task().records() / matches.get(i - 1).task().records();
            final double time = medianSeconds(matches.get(i), "MatchCRMRecord") / medianSeconds(matches.get(i - 1), "MatchCRMRecord");
            table.append(String.format(Locale.ROOT, "MatchCRMRecord scaling: %.1fx records took %.2fx time%n", records, time));
        }
        table.append("Ratios are throughput ratios (records/s of the row / records/s of the baseline) per round, A and B measured in turn;"
                + " median (min-max) over the rounds. Heap: peak used heap and largest heap after a collection during the run, with the"
                + " input and output content TestRunner holds on the heap.").append(System.lineSeparator());
        return table.toString();
    }

    private static List<Run> runsNamed(final Map<Side, List<Run>> runs, final String name) {
        return runs.entrySet().stream().filter(entry -> entry.getKey().name().equals(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static double medianSeconds(final GroupResult group, final String prefix) {
        return group.runs().entrySet().stream().filter(entry -> entry.getKey().name().startsWith(prefix))
                .map(entry -> median(entry.getValue().stream().mapToDouble(Run::seconds).sorted().toArray())).findFirst().orElse(Double.NaN);
    }

    private static String ratio(final List<Run> side, final List<Run> baseline) {
        final double[] ratios = new double[side.size()];
        for (int round = 0; round < ratios.length; round++) {
            ratios[round] = side.get(round).recordsPerSecond() / baseline.get(round).recordsPerSecond();
        }
        Arrays.sort(ratios);
        return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", median(ratios), ratios[0], ratios[ratios.length - 1]);
    }

    private static double median(final double[] sorted) {
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static byte[] read(final Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the processors, each in its own TestRunner with its own reader and writer ----

    /** NiFi's ConvertRecord: merely reads and writes the records, the baseline. */
    static Side convertRecord(final boolean jsonOutput) {
        return side("ConvertRecord", ConvertRecord.class, jsonOutput, runner -> {
        });
    }

    /** CleanCRMRecord with its defaults: every field's role recognised by name. */
    static Side cleanCRMRecord() {
        return side("CleanCRMRecord", CleanCRMRecord.class, true, runner -> {
        });
    }

    /**
     * NiFi's UpdateRecord doing the 20-field mapping: one dynamic property per target field ({@code /firstname} =
     * {@code /FirstName}, Replacement Value Strategy Record Path Value). UpdateRecord can only add or replace fields, so
     * each record carries its 20 source fields and the 20 added ones; its writer is given the 20 target fields as its
     * schema (Schema Text), so it writes exactly what MapCRMRecord writes.
     */
    static Side updateRecord() {
        return side("UpdateRecord", UpdateRecord.class, true, runner -> {
            final PropertyDescriptor strategy = descriptor(runner.getProcessor(), "Replacement Value Strategy");
            runner.setProperty(strategy.getName(), allowableValue(strategy, "Record Path Value"));
            HUBSPOT_FROM_SALESFORCE.forEach((target, source) -> runner.setProperty("/" + target, "/" + source));
        }, hubSpotSchemaText());
    }

    /** MapCRMRecord with the same 20 renames as a Mapping Specification (no presets). */
    static Side mapCRMRecordSpecification() {
        final ObjectNode specification = JSON.createObjectNode();
        final ObjectNode fields = specification.putObject("fields");
        HUBSPOT_FROM_SALESFORCE.forEach((target, source) -> fields.putObject(target).put("from", "/" + source));
        return side("MapCRMRecord (20-field spec)", MapCRMRecord.class, true,
                runner -> runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, specification.toString()));
    }

    /** MapCRMRecord with the presets Salesforce Contact → HubSpot Contact (picklists, timestamps converted). */
    static Side mapCRMRecordPresets() {
        return side("MapCRMRecord (SF->HubSpot presets)", MapCRMRecord.class, true, runner -> {
            runner.setProperty(MapCRMRecord.SOURCE_SCHEMA, "salesforce-contact");
            runner.setProperty(MapCRMRecord.TARGET_SCHEMA, "hubspot-contact");
        });
    }

    /**
     * MergeCRMRecord building golden records with its defaults (roles recognised by name: emails and phones gathered,
     * names the most complete, addresses and dates the most recent, birth dates the most frequent, ids the oldest),
     * lineage and merged ids, naming records salesforce:Id, with the most recent by LastModifiedDate.
     */
    static Side mergeCRMRecord() {
        return side("MergeCRMRecord", MergeCRMRecord.class, false, runner -> {
            runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM, "salesforce");
            runner.setProperty(MergeCRMRecord.SOURCE_ID_FIELD, "/Id");
            runner.setProperty(MergeCRMRecord.TIMESTAMP_FIELD, "/LastModifiedDate");
        });
    }

    /** MatchCRMRecord with the roles of the export's person fields set. */
    static Side matchCRMRecord() {
        return side("MatchCRMRecord", MatchCRMRecord.class, false, runner -> {
            runner.setProperty("first_name", "/FirstName");
            runner.setProperty("last_name", "/LastName");
            runner.setProperty("email", "/Email");
            runner.setProperty("phone", "/Phone, /MobilePhone");
            runner.setProperty("city", "/MailingCity");
            runner.setProperty("postal_code", "/MailingPostalCode");
            runner.setProperty("birth_date", "/Birthdate");
        });
    }

    private static Side side(final String name, final Class<? extends Processor> processor, final boolean jsonOutput,
                             final Configuration configuration) {
        return side(name, processor, jsonOutput, configuration, null);
    }

    private static Side side(final String name, final Class<? extends Processor> processor, final boolean jsonOutput,
                             final Configuration configuration, final String writerSchemaText) {
        return new Side(name, () -> newRunner(name, processor, jsonOutput, configuration, writerSchemaText));
    }

    private static TestRunner newRunner(final String name, final Class<? extends Processor> processor, final boolean jsonOutput,
                                        final Configuration configuration, final String writerSchemaText) {
        final TestRunner runner = TestRunners.newTestRunner(processor);
        try {
            final CSVReader reader = new CSVReader();
            runner.addControllerService("reader", reader);
            runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "csv-header-derived");
            runner.setProperty(reader, CSVUtils.TRIM_FIELDS, "true");
            runner.enableControllerService(reader);
            final ControllerService writer = jsonOutput ? new JsonRecordSetWriter() : new CSVRecordSetWriter();
            runner.addControllerService("writer", writer);
            if (writerSchemaText != null) {
                runner.setProperty(writer, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.SCHEMA_TEXT_PROPERTY.getValue());
                runner.setProperty(writer, SchemaAccessUtils.SCHEMA_TEXT, writerSchemaText);
            }
            runner.enableControllerService(writer);
        } catch (final InitializationException e) {
            throw new IllegalStateException("Could not set up the record services of " + name, e);
        }
        runner.setProperty(descriptor(runner.getProcessor(), "Record Reader").getName(), "reader");
        runner.setProperty(descriptor(runner.getProcessor(), "Record Writer").getName(), "writer");
        configuration.configure(runner);
        runner.assertValid();
        return runner;
    }

    /** A processor's property found by name or display name: some of NiFi's descriptor constants are not public. */
    static PropertyDescriptor descriptor(final Processor processor, final String name) {
        return processor.getPropertyDescriptors().stream()
                .filter(descriptor -> descriptor.getName().equalsIgnoreCase(name) || descriptor.getDisplayName().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(processor.getClass().getSimpleName() + " has no property " + name));
    }

    private static String allowableValue(final PropertyDescriptor descriptor, final String displayName) {
        return descriptor.getAllowableValues().stream()
                .filter(value -> value.getDisplayName().equalsIgnoreCase(displayName) || value.getValue().equalsIgnoreCase(displayName))
                .map(AllowableValue::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(descriptor.getName() + " has no value " + displayName));
    }

    private static String hubSpotSchemaText() {
        final ObjectNode schema = JSON.createObjectNode().put("type", "record").put("name", "HubSpotContact");
        final ArrayNode fields = schema.putArray("fields");
        for (final String field : HUBSPOT_FROM_SALESFORCE.keySet()) {
            fields.addObject().put("name", field).putArray("type").add("null").add("string");
        }
        return schema.toString();
    }

    private static Map<String, String> mapping(final String... targetAndSource) {
        final Map<String, String> mapping = new LinkedHashMap<>();
        for (int i = 0; i < targetAndSource.length; i += 2) {
            mapping.put(targetAndSource[i], targetAndSource[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(mapping);
    }

    /** What is compared: the processors in the order they take turns, the first being the baseline. */
    enum Comparison {
        CLEAN("clean", () -> List.of(convertRecord(true), cleanCRMRecord())),
        MAP("map", () -> List.of(convertRecord(true), updateRecord(), mapCRMRecordSpecification(), mapCRMRecordPresets())),
        MATCH("match", () -> List.of(convertRecord(false), matchCRMRecord())),
        MERGE("merge", () -> List.of(convertRecord(false), mergeCRMRecord()));

        private final String label;
        private final Supplier<List<Side>> sides;

        Comparison(final String label, final Supplier<List<Side>> sides) {
            this.label = label;
            this.sides = sides;
        }

        /** The input file of the comparison: the export, with crm_match_id for merge. */
        Path input(final CrmExportGenerator generator, final int records, final Path directory) {
            return this == MERGE ? generator.matchedFile(records, directory) : generator.file(records, directory);
        }

        String label() {
            return label;
        }

        List<Side> sides() {
            return sides.get();
        }
    }

    /** Sets a processor's own properties on its runner. */
    @FunctionalInterface
    interface Configuration {
        void configure(TestRunner runner);
    }

    /** One comparison at one size. */
    record Task(Comparison comparison, int records) {
    }

    /** Warm-up and measured rounds, and the largest input a warm-up round uses. */
    record Settings(int warmup, int rounds, int warmupRecords) {
    }

    /** A processor and how to set up a TestRunner for it, with its reader, writer and properties. */
    record Side(String name, Supplier<TestRunner> runners) {
        TestRunner newRunner() {
            return runners.get();
        }
    }

    /**
     * One run's numbers.
     *
     * @param mergedRecords for MergeCRMRecord, the input records its golden records account for; -1 for the others
     */
    record Run(int records, double seconds, Map<String, Long> recordsByRelationship, long mergedRecords, long outputBytes, long peakUsedBytes,
               long peakLiveBytes) {
        double recordsPerSecond() {
            return records / seconds;
        }

        long recordsOut() {
            return recordsByRelationship.entrySet().stream().filter(entry -> !entry.getKey().equals("failure"))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        /** The input records the outputs account for: the records written, or for golden records the records they merged. */
        long accountedRecords() {
            return mergedRecords < 0 ? recordsOut() : mergedRecords;
        }
    }

    /** The runs of every processor of one comparison. */
    record GroupResult(Task task, long inputBytes, Map<Side, List<Run>> runs) {
    }
}
