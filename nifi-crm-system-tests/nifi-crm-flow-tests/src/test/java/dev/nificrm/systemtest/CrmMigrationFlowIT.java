package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * templates/crm-migration.json in a real NiFi 2.3.0: uploaded through the REST API, parameterised, its services
 * enabled, started, fed CRM exports; the output files account for every record read (a golden record for each of the
 * records it merged), there is one golden record per customer, rejected records carry their reasons, and a second run
 * over the same input writes the same files. Track Progress counts each export's records per outcome as the files
 * show them, against the export's total.
 */
@ExtendWith(NiFiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrmMigrationFlowIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String ERRORS_FIELD = "crm_errors";
    private static final String MATCH_ID_FIELD = "crm_match_id";
    private static final String MATCH_SCORE_FIELD = "crm_match_score";
    private static final String LINEAGE_FIELD = "crm_lineage";
    /** How an import file shows a score: 4 decimal places, never an exponent. */
    private static final Pattern PLAIN_SCORE = Pattern.compile("(0\\.\\d{4}|1\\.0000)");
    private static final Path SALESFORCE_EXPORT = Path.of("src/test/resources/CrmMigrationFlowIT/salesforce-contacts-export.csv");
    /** Datablist's headers mapped onto the canonical contact, written as HubSpot Contacts. */
    private static final String DATABLIST_MAPPING = """
            {"canonical": {
              "record_id": {"coalesce": ["/'User Id'", "/'Account Id'"]},
              "first_name": {"from": "/'First Name'"},
              "last_name": {"from": "/'Last Name'"},
              "email": {"coalesce": ["/Email", "/'Email 1'"]},
              "phone": {"coalesce": ["/Phone", "/'Phone 1'"]},
              "mobile_phone": {"from": "/'Phone 2'"},
              "company": {"from": "/Company"},
              "job_title": {"from": "/'Job Title'"},
              "website": {"from": "/Website"}
            }}""";

    private final Path work = Path.of("target/it-work").toAbsolutePath();
    private MigrationFlow flow;
    private NiFiClient client;

    @BeforeAll
    void importFlow(final NiFiServer nifi) throws Exception {
        NiFiServer.deleteRecursively(work);
        final List<String> ourTypes = NarContents.processorTypes(NarContents.findNar(nifi.getHome().resolve("extensions"), "nifi-crm-nar-"));
        nifi.awaitProcessorTypes(ourTypes, TIMEOUT);
        client = nifi.client();
        flow = MigrationFlow.upload(client, ProjectPaths.templates().resolve("crm-migration.json"), "CRM Migration IT");
        // the exports are moved into the input directory whole (see run), so List CRM Exports may take them at once and look
        // every 250 ms, as an operator trying the flow might set it (shipped: every 5 s, files 3 s old: 3 to 8 s a run);
        // Track Progress is triggered while its queue is empty and then yields its Yield Duration (1 sec): the counts of a
        // run arriving meanwhile wait that out
        flow.configure("List CRM Exports", Map.of("schedulingPeriod", "250 millis"), Map.of("Minimum File Age", "0 sec"));
        flow.configure("Track Progress", Map.of("yieldDuration", "100 millis"), Map.of());
        flow.enableServices(TIMEOUT);
    }

    @Test
    @Order(1)
    void migratesASalesforceExportToHubSpotAccountingForEveryRecord() throws Exception {
        final Run run = run("salesforce-1", salesforceToHubSpot(), List.of(SALESFORCE_EXPORT));
        final RunSummary summary = run.summary();

        assertEquals(recordsIn(SALESFORCE_EXPORT), summary.total(),
                "read = merged into golden records + review + invalid + failed: " + summary + run.diagnostics());
        assertEquals(0, summary.failed(), run.diagnostics());
        assertTrue(summary.golden() > 0, "golden records written: " + summary);
        assertTrue(summary.invalid() > 0, "the export holds invalid emails, phones and dates: " + summary);
        assertTrue(summary.duplicatesMerged() > 0, "the export holds duplicates, merged into golden records: " + summary);
        assertEveryRecordHasAReason(run.errors());
        assertOutcomes(summary, finishedRun(SALESFORCE_EXPORT, recordsIn(SALESFORCE_EXPORT)));

        for (final Path file : outputFiles(run.output())) {
            final List<String> header = header(file);
            assertTrue(header.containsAll(List.of("firstname", "lastname", "email", "phone", MATCH_ID_FIELD)), file + " has HubSpot fields: " + header);
            assertFalse(header.contains("FirstName"), file + " has no Salesforce fields left: " + header);
        }
        for (final Path file : outputFiles(run.output())) {
            for (final CSVRecord record : RunSummary.readRecords(file)) {
                assertTrue(PLAIN_SCORE.matcher(record.get(MATCH_SCORE_FIELD)).matches(),
                        file + " record " + record.getRecordNumber() + " has the score " + record.get(MATCH_SCORE_FIELD));
            }
        }
        final Map<String, Integer> goldenPerCustomer = new HashMap<>();
        for (final Path file : RunSummary.csvFiles(run.output().resolve("golden"))) {
            assertTrue(header(file).containsAll(List.of(LINEAGE_FIELD, RunSummary.MERGED_IDS_FIELD)), file + ": " + header(file));
            for (final CSVRecord golden : RunSummary.readRecords(file)) {
                goldenPerCustomer.merge(golden.get(MATCH_ID_FIELD), 1, Integer::sum);
                final List<String> merged = RunSummary.mergedIds(golden);
                assertFalse(merged.isEmpty(), file + " record " + golden.getRecordNumber() + " names no merged record");
                assertEquals(merged.size() > 1, !golden.get(LINEAGE_FIELD).isBlank(),
                        file + " record " + golden.getRecordNumber() + ": lineage on golden records of several records only");
                assertFalse(golden.get("email").contains(";"), "one email per customer, ready for the import: " + golden.get("email"));
            }
        }
        goldenPerCustomer.forEach((matchId, count) -> assertEquals(1, count, "customer " + matchId + " has " + count + " golden records"));
    }

    @Test
    @Order(2)
    void aSecondRunOverTheSameInputWritesTheSameFiles() throws Exception {
        final Run first = run("salesforce-1", null, List.of());
        final Run second = run("salesforce-2", salesforceToHubSpot(), List.of(SALESFORCE_EXPORT));
        assertEquals(contents(first.output(), first.errors()), contents(second.output(), second.errors()));
    }

    @Test
    @Order(3)
    void routesAnUnreadableExportToFailedWithItsReason() throws Exception {
        final Path broken = Files.createDirectories(work.resolve("broken-input")).resolve("broken-export.csv");
        Files.writeString(broken, "\"Id\",\"FirstName\",\"LastName\"\r\n\"0035g00000AbCdEAA1\",\"Ada\r\n");
        final Run run = run("broken", salesforceToHubSpot(), List.of(broken));

        final Path failed = run.errors().resolve("failed");
        assertTrue(Files.isRegularFile(failed.resolve("broken-export.csv")), "the unreadable file is kept: " + run.diagnostics());
        assertEquals(Files.readString(broken), Files.readString(failed.resolve("broken-export.csv")), "kept unchanged");
        final JsonNode description = new ObjectMapper().readTree(failed.resolve("broken-export.csv.error.json").toFile());
        assertEquals("broken-export.csv", description.path("filename").asText());
        assertFalse(description.path("record.error.message").asText().isBlank(), "reason: " + description);
        assertEquals(0, RunSummary.countRecords(run.output().resolve("golden")) + RunSummary.countRecords(run.output().resolve("review")));
    }

    @Test
    @Order(4)
    void migratesTheDatablistSamplesWithAMappingSpecification() throws Exception {
        final Path crm = ProjectPaths.evalData().resolve("crm");
        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Source Schema", "none");
        parameters.put("Target Schema", "hubspot-contact");
        parameters.put("Mapping Specification", DATABLIST_MAPPING);
        parameters.put("Unmapped Fields", "drop");
        final Path people = crm.resolve("people-1000.csv");
        final Path leads = crm.resolve("leads-100.csv");
        final Run run = run("datablist", parameters, List.of(people, leads));
        final RunSummary summary = run.summary();

        assertEquals(1100, recordsIn(people, leads));
        assertEquals(recordsIn(people, leads), summary.total(),
                "read = merged into golden records + review + invalid + failed: " + summary + run.diagnostics());
        assertEquals(0, summary.failed(), run.diagnostics());
        assertTrue(summary.written() > 0, "records written: " + summary);
        assertEveryRecordHasAReason(run.errors());
        // each export is a run of its own, counted against its own total
        assertOutcomes(summary, finishedRun(people, recordsIn(people)), finishedRun(leads, recordsIn(leads)));
        for (final Path file : outputFiles(run.output())) {
            assertTrue(header(file).containsAll(List.of("firstname", "lastname", "email", MATCH_ID_FIELD)), file + ": " + header(file));
        }
    }

    private static Map<String, String> salesforceToHubSpot() {
        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Source Schema", "salesforce-contact");
        parameters.put("Target Schema", "hubspot-contact");
        parameters.put("Default Phone Region", "US");
        parameters.put("Date Order", "mdy");
        parameters.put("Invalid Value Policy", "route-to-invalid");
        return parameters;
    }

    /**
     * Points the flow at a fresh directory set, starts it, drops the inputs and waits until they are through. With no
     * parameters, returns the directories of an earlier run.
     */
    private Run run(final String name, final Map<String, String> parameters, final List<Path> inputs) throws Exception {
        final Path base = work.resolve(name);
        final Run run = new Run(base.resolve("input"), base.resolve("output"), base.resolve("errors"), new ArrayList<>());
        if (parameters == null) {
            return run;
        }
        Files.createDirectories(run.input());
        final Map<String, String> values = new LinkedHashMap<>(parameters);
        values.put("Input Directory", run.input().toString());
        values.put("Processed Directory", base.resolve("processed").toString());
        values.put("Output Directory", run.output().toString());
        values.put("Error Directory", run.errors().toString());
        flow.setParameters(values, TIMEOUT);
        assertEquals(List.of(), flow.invalidProcessors(TIMEOUT), "invalid processors after import");
        flow.start();
        try {
            for (final Path input : inputs) {
                // copied beside the input directory and moved in whole, so that the listing never sees half a file
                final Path staged = base.resolve(input.getFileName() + ".part");
                Files.copy(input, staged, StandardCopyOption.REPLACE_EXISTING);
                Files.move(staged, run.input().resolve(input.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
            flow.awaitIdle(run.input(), TIMEOUT);
            run.bulletins().addAll(flow.bulletins());
        } finally {
            flow.stop();
        }
        return run;
    }

    /**
     * The export's run in Track Progress's state, as an operator reads it over the REST API: finished, every record of
     * the export counted against its total.
     */
    private ProgressView.Run finishedRun(final Path export, final long records) throws Exception {
        final List<ProgressView.Run> runs = ProgressView.read(client, flow.getGroupId()).stream()
                .filter(run -> run.runId().startsWith(export.getFileName() + "@")).toList();
        assertEquals(1, runs.size(), "one run per export: " + runs);
        final ProgressView.Run run = runs.getFirst();
        assertEquals("finished", run.status(), run.describe());
        assertEquals(records, run.done(), run.describe());
        assertEquals(Long.valueOf(records), run.total(), run.describe());
        return run;
    }

    /**
     * The outcomes Track Progress counted in the runs are what the files hold: written, the records merged into the
     * golden records; review; invalid, rejected by cleaning or mapping; failed.
     */
    private static void assertOutcomes(final RunSummary files, final ProgressView.Run... runs) {
        final Map<String, Long> expected = new TreeMap<>();
        expected.put("written", files.merged());
        expected.put("review", files.review());
        expected.put("invalid", files.invalid());
        expected.put("failed", files.failed());
        expected.values().removeIf(count -> count == 0);
        final Map<String, Long> counted = new TreeMap<>();
        for (final ProgressView.Run run : runs) {
            run.outcomes().properties().forEach(outcome -> counted.merge(outcome.getKey(), outcome.getValue().asLong(), Long::sum));
        }
        assertEquals(expected, counted, "the outcomes counted are what the files hold: " + List.of(runs));
    }

    private static void assertEveryRecordHasAReason(final Path errors) throws IOException {
        for (final String step : List.of("invalid-cleaning", "invalid-mapping")) {
            for (final Path file : RunSummary.csvFiles(errors.resolve(step))) {
                for (final CSVRecord record : RunSummary.readRecords(file)) {
                    assertTrue(record.isMapped(ERRORS_FIELD) && !record.get(ERRORS_FIELD).isBlank(),
                            file + " record " + record.getRecordNumber() + " has no reason in " + ERRORS_FIELD);
                }
            }
        }
    }

    private static List<Path> outputFiles(final Path output) throws IOException {
        final List<Path> files = new ArrayList<>();
        for (final String kind : List.of("golden", "review")) {
            files.addAll(RunSummary.csvFiles(output.resolve(kind)));
        }
        return files;
    }

    private static List<String> header(final Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return List.of(lines.findFirst().orElse("").replace("\"", "").split(","));
        }
    }

    /** Every output and error file by its path relative to the run, with its content. */
    private static Map<String, String> contents(final Path output, final Path errors) throws IOException {
        final Map<String, String> contents = new TreeMap<>();
        for (final Path root : List.of(output, errors)) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            for (final Path file : FinishedFiles.below(root)) {
                contents.put(root.getFileName() + "/" + root.relativize(file), Files.readString(file));
            }
        }
        return contents;
    }

    private static long recordsIn(final Path... files) throws IOException {
        long count = 0;
        for (final Path file : files) {
            count += RunSummary.readRecords(file).size();
        }
        return count;
    }

    private record Run(Path input, Path output, Path errors, List<String> bulletins) {
        RunSummary summary() throws IOException {
            return RunSummary.read(output, errors);
        }

        String diagnostics() {
            return " (bulletins: " + bulletins + ")";
        }
    }
}
