package dev.nificrm.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessorBenchmarkTest {
    private static final int RECORDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void everyBenchmarkedProcessorRoutesEveryRecordItWasGiven() {
        final List<ProcessorBenchmark.GroupResult> results = ProcessorBenchmark.run(List.of(
                        new ProcessorBenchmark.Task(ProcessorBenchmark.Comparison.CLEAN, RECORDS),
                        new ProcessorBenchmark.Task(ProcessorBenchmark.Comparison.MAP, RECORDS),
                        new ProcessorBenchmark.Task(ProcessorBenchmark.Comparison.MATCH, RECORDS),
                        new ProcessorBenchmark.Task(ProcessorBenchmark.Comparison.MERGE, RECORDS)),
                new ProcessorBenchmark.Settings(1, 2, RECORDS), data, new PrintStream(OutputStream.nullOutputStream()));

        assertEquals(4, results.size());
        final Set<String> processors = new HashSet<>();
        for (final ProcessorBenchmark.GroupResult group : results) {
            for (final Map.Entry<ProcessorBenchmark.Side, List<ProcessorBenchmark.Run>> side : group.runs().entrySet()) {
                processors.add(side.getKey().name());
                assertEquals(2, side.getValue().size(), side.getKey().name());
                for (final ProcessorBenchmark.Run run : side.getValue()) {
                    assertEquals(RECORDS, run.accountedRecords(), side.getKey().name() + " " + run.recordsByRelationship());
                    assertFalse(run.recordsByRelationship().containsKey("failure"), side.getKey().name() + " " + run.recordsByRelationship());
                    assertTrue(run.seconds() > 0 && run.outputBytes() > 0 && run.peakUsedBytes() > 0, run.toString());
                }
            }
        }
        assertEquals(Set.of("ConvertRecord", "CleanCRMRecord", "UpdateRecord", "MapCRMRecord (20-field spec)",
                "MapCRMRecord (SF->HubSpot presets)", "MatchCRMRecord", "MergeCRMRecord"), processors);
        // the duplicates the export carries are found: the match side is doing real work
        final ProcessorBenchmark.Run match = results.get(2).runs().entrySet().stream()
                .filter(side -> side.getKey().name().equals("MatchCRMRecord")).findFirst().orElseThrow().getValue().getFirst();
        assertTrue(match.recordsByRelationship().getOrDefault("matched", 0L) > RECORDS / 10, match.recordsByRelationship().toString());

        // the clusters of the matched export are merged: fewer golden records than records
        final ProcessorBenchmark.Run merge = results.get(3).runs().entrySet().stream()
                .filter(side -> side.getKey().name().equals("MergeCRMRecord")).findFirst().orElseThrow().getValue().getFirst();
        assertTrue(merge.recordsByRelationship().get("merged") < RECORDS * 0.9, merge.recordsByRelationship().toString());

        final String table = ProcessorBenchmark.table(results);
        assertTrue(table.contains("MapCRMRecord (20-field spec)") && table.contains("x UpdateRecord"), table);
    }

    @Test
    void updateRecordAndMapCRMRecordWriteTheSameTwentyFields() throws IOException {
        final byte[] input = Files.readAllBytes(new CrmExportGenerator(ProcessorBenchmark.SEED).file(RECORDS, data));
        final JsonNode updated = JSON.readTree(runOnce(ProcessorBenchmark.updateRecord().newRunner(), input));
        final JsonNode mapped = JSON.readTree(runOnce(ProcessorBenchmark.mapCRMRecordSpecification().newRunner(), input));

        assertEquals(RECORDS, updated.size());
        final Set<String> fields = new HashSet<>();
        updated.get(0).fieldNames().forEachRemaining(fields::add);
        assertEquals(ProcessorBenchmark.HUBSPOT_FROM_SALESFORCE.keySet(), fields);
        assertEquals(updated, mapped);
    }

    @Test
    void theExportIsASalesforceContactExportWithTheSameRecordsForTheSameSeed() throws IOException {
        final Path first = data.resolve("first.csv");
        final Path second = data.resolve("second.csv");
        new CrmExportGenerator(7).write(1_000, first);
        new CrmExportGenerator(7).write(1_000, second);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));

        try (CSVParser parser = CSVParser.parse(first, StandardCharsets.UTF_8, CSVFormat.DEFAULT.builder().setHeader().get())) {
            assertEquals(CrmExportGenerator.COLUMNS, parser.getHeaderNames());
            final List<CSVRecord> records = parser.getRecords();
            assertEquals(1_000, records.size());
            final Set<String> ids = new HashSet<>();
            final Set<String> emails = new HashSet<>();
            for (final CSVRecord record : records) {
                assertTrue(record.get("Id").matches("003[0-9A-Za-z]{15}"), record.get("Id"));
                assertTrue(record.get("CreatedDate").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.000\\+0000"), record.get("CreatedDate"));
                ids.add(record.get("Id"));
                emails.add(record.get("Email"));
            }
            assertEquals(1_000, ids.size());
            assertTrue(emails.size() < 950, "duplicates share emails: " + emails.size());
        }
    }

    private static String runOnce(final TestRunner runner, final byte[] input) {
        runner.enqueue(input);
        runner.run();
        final List<MockFlowFile> success = runner.getFlowFilesForRelationship("success");
        assertEquals(1, success.size());
        return success.getFirst().getContent();
    }
}
