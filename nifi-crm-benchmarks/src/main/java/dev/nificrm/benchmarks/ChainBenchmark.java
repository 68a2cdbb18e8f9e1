package dev.nificrm.benchmarks;

import dev.nificrm.processors.CleanCRMRecord;
import dev.nificrm.processors.MapCRMRecord;
import dev.nificrm.processors.MatchCRMRecord;
import dev.nificrm.processors.MergeCRMRecord;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.csv.CSVRecordSetWriter;
import org.apache.nifi.csv.CSVUtils;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processors.standard.ConvertRecord;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The whole migration chain on one generated Salesforce Contact export, as templates/crm-migration.json runs it: clean
 * → map (presets Salesforce Contact → HubSpot Contact) → match (roles on the HubSpot fields) → merge (golden records,
 * role defaults), CSV between the steps, each step in a fresh TestRunner with NiFi's real CSVReader and
 * CSVRecordSetWriter, its output handed to the next (matched and unmatched to merge, like the flow). Reports each
 * step's time, records in and out and peak heap, the whole chain's time, and ConvertRecord on the same export for scale.
 * Not run by the build; from the repository root:
 * <pre>
 * ./mvnw -B -q package -DskipTests -pl nifi-crm-benchmarks -am
 * java -Xmx3g -cp 'nifi-crm-benchmarks/target/classes:nifi-crm-benchmarks/target/lib/*' dev.nificrm.benchmarks.ChainBenchmark 1000000
 * </pre>
 * TestRunner holds every step's input and outputs on the heap (NiFi streams them from and to its content repository),
 * so the heap figures include them; their sizes are printed beside them.
 */
public final class ChainBenchmark {

    private ChainBenchmark() {
    }

    public static void main(final String[] arguments) {
        final int records = arguments.length == 0 ? 100_000 : Integer.parseInt(arguments[0].replace("_", ""));
        final Path target = Files.isDirectory(Path.of("nifi-crm-benchmarks")) ? Path.of("nifi-crm-benchmarks", "target") : Path.of("target");
        final String report = run(records, target.resolve("benchmark-data"), System.out);
        try {
            Files.writeString(target.resolve("benchmark-results.txt"), report, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the chain on an export of the given size and returns the report (also printed to the log). */
    static String run(final int records, final Path dataDirectory, final PrintStream log) {
        return chain(records, dataDirectory, log).report();
    }

    /** Runs the chain: ConvertRecord for scale, then clean, map, match and merge, with the report. */
    static Chain chain(final int records, final Path dataDirectory, final PrintStream log) {
        final byte[] export = read(new CrmExportGenerator(ProcessorBenchmark.SEED).file(records, dataDirectory));
        final StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%s ChainBenchmark %d records: cores=%d maxHeap=%dMB java=%s%n",
                Instant.now(), records, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, Runtime.version()));
        report.append(String.format(Locale.ROOT, "%-16s %9s %8s  %-58s %s%n", "step", "in", "seconds", "records out", "heap peak / after GC / in / out MB"));
        try (HeapMonitor heap = new HeapMonitor()) {
            final Step convert = step(heap, "ConvertRecord", ConvertRecord.class, List.of(export), records, runner -> {
            }, List.of());
            report.append(convert.line());
            final Step clean = step(heap, "CleanCRMRecord", CleanCRMRecord.class, List.of(export), records, runner -> {
            }, List.of("success"));
            report.append(clean.line());
            final Step map = step(heap, "MapCRMRecord", MapCRMRecord.class, clean.passed(), clean.passedRecords(), runner -> {
                runner.setProperty(MapCRMRecord.SOURCE_SCHEMA, "salesforce-contact");
                runner.setProperty(MapCRMRecord.TARGET_SCHEMA, "hubspot-contact");
            }, List.of("success"));
            report.append(map.line());
            final Step match = step(heap, "MatchCRMRecord", MatchCRMRecord.class, map.passed(), map.passedRecords(), runner -> {
                runner.setProperty("first_name", "/firstname");
                runner.setProperty("last_name", "/lastname");
                runner.setProperty("email", "/email");
                runner.setProperty("phone", "/phone, /mobilephone");
                runner.setProperty("city", "/city");
                runner.setProperty("postal_code", "/zip");
            }, List.of("matched", "unmatched"));
            report.append(match.line());
            final Step merge = step(heap, "MergeCRMRecord", MergeCRMRecord.class, match.passed(), match.passedRecords(), runner -> {
                runner.setProperty(MergeCRMRecord.SOURCE_SYSTEM, "salesforce");
                runner.setProperty(MergeCRMRecord.SOURCE_ID_FIELD, "/external_id");
                runner.setProperty(MergeCRMRecord.TIMESTAMP_FIELD, "/lastmodifieddate");
            }, List.of());
            report.append(merge.line());
            final double chain = clean.seconds() + map.seconds() + match.seconds() + merge.seconds();
            final long peak = Math.max(Math.max(clean.peakUsedBytes(), map.peakUsedBytes()), Math.max(match.peakUsedBytes(), merge.peakUsedBytes()));
            report.append(String.format(Locale.ROOT, "chain clean -> map -> match -> merge: %.1f s for %d records (%.0f records/s), %.1fx "
                            + "ConvertRecord's time; largest heap peak of a step %d MB%n", chain, records, records / chain,
                    chain / convert.seconds(), peak >> 20));
            log.print(report);
            return new Chain(List.of(clean, map, match, merge), report.toString());
        }
    }

    /** The steps clean, map, match and merge, and the report. */
    record Chain(List<Step> steps, String report) {
    }

    /** Runs one step on its inputs (one FlowFile each), in a fresh TestRunner, and keeps the outputs the next step takes. */
    private static Step step(final HeapMonitor heap, final String name, final Class<? extends Processor> processor, final List<byte[]> inputs,
                             final long recordsIn, final Consumer<TestRunner> configuration, final List<String> passedOn) {
        final TestRunner runner = newRunner(processor, configuration);
        long inputBytes = 0;
        for (final byte[] input : inputs) {
            runner.enqueue(input);
            inputBytes += input.length;
        }
        System.gc();
        heap.reset();
        final long start = System.nanoTime();
        runner.run(inputs.size());
        final double seconds = (System.nanoTime() - start) / 1e9;
        final long peakUsed = heap.peakUsedBytes();
        final long peakLive = heap.peakLiveBytes();
        final Map<String, Long> out = new TreeMap<>();
        final List<byte[]> passed = new ArrayList<>();
        long passedRecords = 0;
        long outputBytes = 0;
        for (final Relationship relationship : runner.getProcessor().getRelationships()) {
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                if (relationship.getName().equals("original")) {
                    continue;
                }
                final String count = flowFile.getAttribute("record.count");
                out.merge(relationship.getName(), count == null ? 0 : Long.parseLong(count), Long::sum);
                outputBytes += flowFile.getSize();
                if (passedOn.contains(relationship.getName())) {
                    passed.add(flowFile.toByteArray());
                    passedRecords += count == null ? 0 : Long.parseLong(count);
                }
            }
        }
        return new Step(name, recordsIn, seconds, out, passed, passedRecords, inputBytes, outputBytes, peakUsed, peakLive);
    }

    private static TestRunner newRunner(final Class<? extends Processor> processor, final Consumer<TestRunner> configuration) {
        final TestRunner runner = TestRunners.newTestRunner(processor);
        try {
            final CSVReader reader = new CSVReader();
            runner.addControllerService("reader", reader);
            runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "csv-header-derived");
            runner.setProperty(reader, CSVUtils.TRIM_FIELDS, "true");
            runner.enableControllerService(reader);
            final CSVRecordSetWriter writer = new CSVRecordSetWriter();
            runner.addControllerService("writer", writer);
            runner.enableControllerService(writer);
        } catch (final InitializationException e) {
            throw new IllegalStateException("Could not set up the record services of " + processor.getSimpleName(), e);
        }
        runner.setProperty(ProcessorBenchmark.descriptor(runner.getProcessor(), "Record Reader").getName(), "reader");
        runner.setProperty(ProcessorBenchmark.descriptor(runner.getProcessor(), "Record Writer").getName(), "writer");
        configuration.accept(runner);
        runner.assertValid();
        return runner;
    }

    private static byte[] read(final Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One step's numbers and the outputs passed on to the next step. */
    record Step(String name, long recordsIn, double seconds, Map<String, Long> recordsOut, List<byte[]> passed, long passedRecords,
                long inputBytes, long outputBytes, long peakUsedBytes, long peakLiveBytes) {
        String line() {
            return String.format(Locale.ROOT, "%-16s %9d %8.2f  %-58s %d / %d / %d / %d%n", name, recordsIn, seconds, recordsOut,
                    peakUsedBytes >> 20, peakLiveBytes >> 20, inputBytes >> 20, outputBytes >> 20);
        }
    }
}
