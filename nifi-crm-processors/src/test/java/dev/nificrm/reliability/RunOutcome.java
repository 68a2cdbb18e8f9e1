package dev.nificrm.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.nificrm.RecordServices;
import dev.nificrm.services.EmbeddedEntityStore;
import dev.nificrm.reconcile.RecordOutcome;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What one FlowFile did in one processor, as the reliability tests judge it: where its records went, whether it failed
 * and why, and every log line (processor and record services) and attribute it produced.
 */
final class RunOutcome {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICE_IDS = List.of("csv-reader", "csv-writer", "json-reader", "json-writer");
    private static final String ERRORS_FIELD = "crm_errors";
    private static final String PROGRESS_WARNING = "crm.progress.warning";
    private static final String REQUEST_STATUS = "crm.webhook.status.code";
    private static final String REQUEST_REASON = "crm.webhook.reason";
    /** The id of the FlowFile a run enqueues: far above those the runner's sessions give the FlowFiles they create. */
    private static final long INPUT_ID = 1L << 40;

    private final String label;
    private final RecordFormat format;
    private final byte[] input;
    private final ProcessorSetup.Contract contract;
    /** The FlowFiles routed to failure whole (for the RECORDS contract: every FlowFile on failure). */
    private final List<MockFlowFile> failures;
    private final Map<String, List<MockFlowFile>> outputs;
    /** What went to an original relationship: the input itself. */
    private final List<MockFlowFile> originals;
    private final String logText;
    private final List<String> attributeValues;
    private final long recordsRead;
    private final Long recordsDone;
    /** The records of each relationship, parsed once. */
    private final Map<String, List<Map<String, String>>> parsedRecords = new HashMap<>();

    private RunOutcome(final String label, final RecordFormat format, final byte[] input, final TestRunner runner,
                       final ProcessorSetup.Contract contract) {
        this.label = label;
        this.format = format;
        this.input = input;
        this.contract = contract;
        this.failures = new ArrayList<>();
        this.outputs = new LinkedHashMap<>();
        this.originals = new ArrayList<>();
        for (final Relationship relationship : runner.getProcessor().getRelationships()) {
            final List<MockFlowFile> flowFiles = runner.getFlowFilesForRelationship(relationship);
            if (relationship.getName().equals("original")) {
                // an original relationship (MergeCRMRecord's) carries the input itself, whose records the outputs account for
                originals.addAll(flowFiles);
            } else if (!relationship.getName().equals(AbstractCRMRecordProcessor.REL_FAILURE.getName())) {
                outputs.put(relationship.getName(), flowFiles);
            } else if (contract.failsSingleRecords()) {
                // a FlowFile failed whole carries its reason in record.error.message; records failed on their own are written
                failures.addAll(flowFiles.stream().filter(flowFile -> flowFile.getAttribute(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE) != null).toList());
                outputs.put(relationship.getName(), flowFiles.stream()
                        .filter(flowFile -> flowFile.getAttribute(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE) == null).toList());
            } else {
                failures.addAll(flowFiles);
            }
        }
        this.logText = logText(runner);
        this.attributeValues = new ArrayList<>();
        for (final MockFlowFile flowFile : failures) {
            attributeValues.addAll(flowFile.getAttributes().values());
        }
        outputs.values().forEach(flowFiles -> flowFiles.forEach(flowFile -> attributeValues.addAll(flowFile.getAttributes().values())));
        final Long processed = runner.getCounterValue("Records Processed");
        this.recordsRead = processed == null ? 0 : processed;
        this.recordsDone = runner.getCounterValue("Records Done");
    }

    /**
     * Runs the content through a fresh runner of the setup with the format's reader and writer. A processor that lets an
     * exception escape fails the test here (the TestRunner rethrows it).
     */
    static RunOutcome run(final ProcessorSetup setup, final RecordFormat format, final byte[] content, final String label)
            throws InitializationException, IOException {
        try (ProcessorSetup.Started started = setup.start()) {
            final TestRunner runner = started.runner();
            if (setup.fedBy() != null) {
                return runFed(setup, started, format, content, label);
            }
            format.install(runner, setup.contract());
            // the case's bytes as they are: enqueue(byte[]) would copy them in small steps, 10 MB of a catalogue case
            // several times over; a processor never writes a FlowFile's content in place, so they stay as they are
            final MockFlowFile flowFile = new MockFlowFile(INPUT_ID);
            flowFile.setData(content);
            flowFile.putAttributes(setup.attributes().apply(content));
            runner.enqueue(flowFile);
            runner.run();
            return new RunOutcome(setup.name() + " / " + label, format, content, runner, setup.contract());
        }
    }

    /**
     * Runs the content through the setup's upstream ({@link ProcessorSetup#fedBy}) on the same store directory, then the
     * records it passed on, joined into one JSON FlowFile, through the setup: the outcome of the upstream when it failed
     * the FlowFile whole (the flow stops there), else the setup's, judged against the JSON it received.
     */
    private static RunOutcome runFed(final ProcessorSetup setup, final ProcessorSetup.Started started, final RecordFormat format,
                                     final byte[] content, final String label) throws InitializationException, IOException {
        final ProcessorSetup upstream = setup.fedBy();
        final TestRunner feeder = TestRunners.newTestRunner(upstream.type());
        final EmbeddedEntityStore store = new EmbeddedEntityStore();
        feeder.addControllerService(ProcessorSetup.STORE_ID, store);
        feeder.setProperty(store, EmbeddedEntityStore.STORE_DIRECTORY, started.storeDirectory().toString());
        feeder.enableControllerService(store);
        try {
            upstream.configure().accept(feeder);
            format.installReader(feeder);
            RecordServices.useJsonWriter(feeder);
            final MockFlowFile flowFile = new MockFlowFile(INPUT_ID);
            flowFile.setData(content);
            flowFile.putAttributes(setup.attributes().apply(content));
            feeder.enqueue(flowFile);
            feeder.run();
        } finally {
            feeder.disableControllerService(store);
        }
        if (!feeder.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).isEmpty()) {
            return new RunOutcome(upstream.name() + " → " + setup.name() + " / " + label, format, content, feeder, upstream.contract());
        }
        final ArrayNode passed = JSON.createArrayNode();
        for (final Relationship relationship : feeder.getProcessor().getRelationships()) {
            for (final MockFlowFile output : feeder.getFlowFilesForRelationship(relationship)) {
                // read as text: NiFi's JSON writer escapes a character beyond the BMP as an escaped surrogate pair (valid JSON),
                // which Jackson 2.21's parser of bytes refuses in a field name (the catalogue's key 📧: "Invalid UTF-8:
                // Illegal surrogate character 0xd83d"); its parser of text reads it
                JSON.readTree(output.getContent()).forEach(passed::add);
            }
        }
        // written as text, then encoded: such a field name as UTF-8, not escaped
        final byte[] fed = JSON.writeValueAsString(passed).getBytes(StandardCharsets.UTF_8);
        final TestRunner runner = started.runner();
        RecordFormat.JSON.install(runner, setup.contract());
        final MockFlowFile flowFile = new MockFlowFile(INPUT_ID);
        flowFile.setData(fed);
        runner.enqueue(flowFile);
        runner.run();
        return new RunOutcome(upstream.name() + " → " + setup.name() + " / " + label, RecordFormat.JSON, fed, runner, setup.contract());
    }

    /** The outcome of a runner of a record processor (the {@link ProcessorSetup.Contract#RECORDS} contract). */
    static RunOutcome of(final TestRunner runner, final RecordFormat format, final byte[] input, final String label) {
        return new RunOutcome(label, format, input, runner, ProcessorSetup.Contract.RECORDS);
    }

    /** The outcome of a runner of the setup. */
    static RunOutcome of(final ProcessorSetup setup, final TestRunner runner, final RecordFormat format, final byte[] input, final String label) {
        return new RunOutcome(label, format, input, runner, setup.contract());
    }

    boolean failed() {
        return !failures.isEmpty();
    }

    /** The reason of the failure, or null. */
    String failureReason() {
        return failed() ? failures.getFirst().getAttribute(contract == ProcessorSetup.Contract.REQUEST ? REQUEST_REASON
                : AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE) : null;
    }

    /** Records written to every relationship but failure (and but copies and reports), by record.count. */
    long recordsOut() {
        long total = 0;
        for (final Map.Entry<String, List<MockFlowFile>> output : outputs.entrySet()) {
            if (contract.copies().contains(output.getKey()) || contract == ProcessorSetup.Contract.REPORT && output.getKey().equals("report")) {
                continue;
            }
            for (final MockFlowFile flowFile : output.getValue()) {
                total += Long.parseLong(flowFile.getAttribute("record.count"));
            }
        }
        return total;
    }

    /** The records written to one relationship, parsed from the content once (the checks read them several times). */
    List<Map<String, String>> records(final String relationship) throws IOException {
        final List<Map<String, String>> parsed = parsedRecords.get(relationship);
        if (parsed != null) {
            return parsed;
        }
        final List<Map<String, String>> records = new ArrayList<>();
        for (final MockFlowFile flowFile : outputs.getOrDefault(relationship, List.of())) {
            records.addAll(parse(flowFile.getContent()));
        }
        parsedRecords.put(relationship, Collections.unmodifiableList(records));
        return parsedRecords.get(relationship);
    }

    private List<Map<String, String>> parse(final String content) throws IOException {
        final List<Map<String, String>> records = new ArrayList<>();
        if (format == RecordFormat.JSON) {
            final JsonNode root = JSON.readTree(content);
            for (final JsonNode node : root.isArray() ? root : List.of(root)) {
                final Map<String, String> record = new LinkedHashMap<>();
                node.properties().forEach(entry -> record.put(entry.getKey(), entry.getValue().isNull() ? null
                        : entry.getValue().isValueNode() ? entry.getValue().asText() : entry.getValue().toString()));
                records.add(record);
            }
            return records;
        }
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL).get().parse(new StringReader(content))) {
            for (final CSVRecord row : parser) {
                records.add(row.toMap());
            }
        }
        return records;
    }

    /**
     * Records in = records out: either the FlowFile went to failure untouched with a reason (and nothing else was
     * written), or every one of {@code expected} records left on another relationship, as counted and as written.
     *
     * @param expected the records the content holds, or a negative number when only the processor's own count of
     *                 records read is known (random bytes)
     */
    RunOutcome assertConserved(final long expected) throws IOException {
        switch (contract) {
            case PASS_THROUGH -> {
                return assertPassedThrough(expected);
            }
            case REQUEST -> {
                return assertAnswered();
            }
            default -> {
            }
        }
        if (failed()) {
            assertEquals(1, failures.size(), label + ": one FlowFile in, one to failure");
            assertArrayEquals(input, failures.getFirst().toByteArray(), label + ": the failed FlowFile is untouched");
            final String reason = failureReason();
            assertTrue(reason != null && !reason.isBlank(), label + ": a failure has a reason");
            assertEquals(0, outputs.values().stream().mapToLong(List::size).sum(), label + ": nothing else is written when the FlowFile fails");
            if (contract != ProcessorSetup.Contract.RECORDS) {
                assertEquals(0, originals.size(), label + ": nothing goes to original when the FlowFile fails");
            }
            return this;
        }
        if (contract == ProcessorSetup.Contract.REPORT) {
            return assertReported(expected);
        }
        final long out = recordsOut();
        assertEquals(expected < 0 ? recordsRead : expected, out, label + ": records in = records out " + outputs.keySet());
        long written = 0;
        for (final String relationship : outputs.keySet()) {
            if (!contract.copies().contains(relationship)) {
                written += records(relationship).size();
            }
        }
        assertEquals(out, written, label + ": record.count = the records the content holds");
        for (final String copies : contract.copies()) {
            final long copied = outputs.getOrDefault(copies, List.of()).stream().mapToLong(flowFile -> Long.parseLong(flowFile.getAttribute("record.count"))).sum();
            assertEquals(copied, records(copies).size(), label + ": record.count = the records written to " + copies);
            assertTrue(copied <= out, label + ": no more copies on " + copies + " than records out");
        }
        if (contract.failsSingleRecords()) {
            assertRecordsHaveReasons("failure");
        }
        if (contract == ProcessorSetup.Contract.ERASE_REQUESTS) {
            for (final String relationship : outputs.keySet()) {
                assertRecordsHaveReasons(relationship);
            }
        }
        return this;
    }

    /**
     * ReconcileCRMRecord's contract, the FlowFile not failed: the input went to original untouched, and one report counts
     * every record it holds once, those counted as failure written to failure with their reasons.
     */
    private RunOutcome assertReported(final long expected) throws IOException {
        assertEquals(1, originals.size(), label + ": the FlowFile goes to original");
        assertArrayEquals(input, originals.getFirst().toByteArray(), label + ": the original is untouched");
        final List<MockFlowFile> reports = outputs.getOrDefault("report", List.of());
        assertEquals(1, reports.size(), label + ": one report");
        assertEquals("1", reports.getFirst().getAttribute("record.count"), label + ": the report is one record");
        long counted = 0;
        for (final RecordOutcome outcome : RecordOutcome.values()) {
            counted += Long.parseLong(reports.getFirst().getAttribute("crm.reconcile." + outcome.key() + ".count"));
        }
        if (expected >= 0) {
            assertEquals(expected, counted, label + ": the report's outcomes count every record once " + reports.getFirst().getAttributes());
        }
        final long failed = Long.parseLong(reports.getFirst().getAttribute("crm.reconcile." + RecordOutcome.FAILURE.key() + ".count"));
        assertEquals(failed, recordsOut(), label + ": the records counted as failure are those written to failure");
        assertEquals(failed, records("failure").size(), label + ": record.count = the records written to failure");
        assertRecordsHaveReasons("failure");
        return this;
    }

    /**
     * TrackCRMProgress's contract: the FlowFile passed to success untouched, and it counted the records the content holds
     * (or, with expected negative, as many as it counted) unless it says why it could not read them, counting 0.
     */
    private RunOutcome assertPassedThrough(final long expected) {
        assertEquals(0, failures.size(), label + ": nothing goes to failure");
        final List<MockFlowFile> passed = outputs.getOrDefault("success", List.of());
        assertEquals(1, passed.size(), label + ": the FlowFile passes on");
        assertArrayEquals(input, passed.getFirst().toByteArray(), label + ": the FlowFile passes on untouched");
        final String warning = passed.getFirst().getAttribute(PROGRESS_WARNING);
        final long done = recordsDone == null ? 0 : recordsDone;
        if (warning != null) {
            assertTrue(!warning.isBlank(), label + ": a warning says why");
            assertEquals(0, done, label + ": a FlowFile whose records cannot be read counts 0 records (" + warning + ")");
        } else if (expected >= 0) {
            assertEquals(expected, done, label + ": the records counted are those the content holds");
        }
        return this;
    }

    /**
     * VerifyWebhookSignature's contract: the request left once: to verified untouched (200), to rejected with the short
     * answer instead of its body (400 or 401) or to failure untouched (500), with a reason unless verified.
     */
    private RunOutcome assertAnswered() {
        final List<MockFlowFile> verified = outputs.getOrDefault("verified", List.of());
        final List<MockFlowFile> rejected = outputs.getOrDefault("rejected", List.of());
        assertEquals(1, verified.size() + rejected.size() + failures.size(), label + ": the request leaves once " + summary());
        final MockFlowFile answered = verified.isEmpty() ? rejected.isEmpty() ? failures.getFirst() : rejected.getFirst() : verified.getFirst();
        final String status = answered.getAttribute(REQUEST_STATUS);
        if (!rejected.isEmpty()) {
            assertTrue(status.equals("400") || status.equals("401"), label + ": a rejected request is answered 400 or 401, not " + status);
            assertEquals("{\"status\":" + status + ",\"error\":\"" + (status.equals("400") ? "Bad Request" : "Unauthorized") + "\"}",
                    answered.getContent(), label + ": a rejected request's body is replaced by the answer");
        } else {
            assertEquals(verified.isEmpty() ? "500" : "200", status, label + ": the status to answer with");
            assertArrayEquals(input, answered.toByteArray(), label + ": the request goes on untouched");
        }
        if (verified.isEmpty()) {
            final String reason = answered.getAttribute(REQUEST_REASON);
            assertTrue(reason != null && !reason.isBlank(), label + ": a request not verified has a reason");
        }
        return this;
    }

    /** Asserts every record written to the relationship carries a reason in the contract's reason field. */
    private void assertRecordsHaveReasons(final String relationship) throws IOException {
        for (final Map<String, String> record : records(relationship)) {
            final String reason = record.get(contract.reasonField());
            assertTrue(reason != null && !reason.isBlank(), label + ": a record on " + relationship + " without a reason in " + contract.reasonField());
        }
    }

    /**
     * Asserts what the catalogue expects of the case happened, as the contract puts it: a record processor kept every
     * record or failed the FlowFile; TrackCRMProgress passed it on in every case; VerifyWebhookSignature, whose Body Token
     * scheme reads the records, rejected it (no record of the catalogue carries the token): 400 when the content cannot
     * be read.
     */
    RunOutcome assertExpected(final BadInputCase.Expectation expectation) {
        switch (contract) {
            case PASS_THROUGH -> {
                // content a record processor must refuse cannot be counted either: it passes on saying so
                final List<MockFlowFile> passed = outputs.getOrDefault("success", List.of());
                assertEquals(1, passed.size(), this + " passes every FlowFile on");
                final String warning = passed.getFirst().getAttribute(PROGRESS_WARNING);
                switch (expectation) {
                    case RECORDS -> assertEquals(null, warning, this + " counts the records of readable content");
                    case FAILURE -> assertTrue(warning != null, this + " says it could not count the records of content that cannot be read");
                    case RECORDS_OR_FAILURE -> {
                        // NiFi's reader decides
                    }
                }
            }
            case REQUEST -> {
                // no record of the catalogue carries the token: readable records are unauthorised, unreadable content a bad request
                final List<MockFlowFile> rejected = outputs.getOrDefault("rejected", List.of());
                assertEquals(1, rejected.size(), this + " rejects a request without the token");
                final String status = rejected.getFirst().getAttribute(REQUEST_STATUS);
                switch (expectation) {
                    case RECORDS -> assertEquals("401", status, this + ": readable records without the token");
                    case FAILURE -> assertEquals("400", status, this + ": a body that cannot be read");
                    case RECORDS_OR_FAILURE -> {
                        // NiFi's reader decides
                    }
                }
            }
            default -> {
                switch (expectation) {
                    case RECORDS -> assertFalse(failed(), this + " should have kept every record");
                    case FAILURE -> assertTrue(failed(), this + " should have failed");
                    case RECORDS_OR_FAILURE -> {
                        // NiFi's reader or writer decides; either way nothing may be lost
                    }
                }
            }
        }
        return this;
    }

    /** Asserts the FlowFile went to failure and its reason says {@code expected} (case-insensitive). */
    RunOutcome assertFailedSaying(final String expected) {
        assertTrue(failed(), label + ": expected a failure, got " + summary());
        assertTrue(failureReason().toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT)),
                label + ": the reason '" + failureReason() + "' says " + expected);
        return this;
    }

    /** Whether the contract has the FlowFile fail whole, untouched, with record.error.message when it cannot be read. */
    boolean failsWholeFlowFiles() {
        return contract.failsWholeFlowFiles();
    }

    /** Asserts every record routed to {@code invalid} carries a reason. */
    RunOutcome assertInvalidRecordsHaveReasons() throws IOException {
        for (final Map<String, String> record : records("invalid")) {
            final String reasons = record.get(ERRORS_FIELD);
            assertTrue(reasons != null && !reasons.isBlank(), label + ": an invalid record without a reason");
        }
        return this;
    }

    /** Asserts no reason written to a record's errors field holds any of the values: a reason names the field, never the value. */
    RunOutcome assertReasonsHoldNoValue(final Collection<String> values) throws IOException {
        for (final String relationship : outputs.keySet()) {
            for (final String reason : reasons(relationship)) {
                for (final String value : values) {
                    if (reason != null && reason.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT))) {
                        fail(label + ": the reason '" + reason + "' holds the value " + value);
                    }
                }
            }
        }
        return this;
    }

    /** Asserts no log line (processor and record services, any level) and no attribute holds any of the values. */
    RunOutcome assertNoLeak(final Collection<String> values) {
        final String logs = logText.toLowerCase(Locale.ROOT);
        for (final String value : values) {
            final String needle = value.toLowerCase(Locale.ROOT);
            if (logs.contains(needle)) {
                fail(label + ": the log holds the value " + value + ":\n" + logText);
            }
            for (final String attribute : attributeValues) {
                if (attribute != null && attribute.toLowerCase(Locale.ROOT).contains(needle)) {
                    fail(label + ": an attribute holds the value " + value + ": " + attribute);
                }
            }
        }
        return this;
    }

    /** The reasons written to the errors field of the records of one relationship. */
    List<String> reasons(final String relationship) throws IOException {
        if (contract.reasonField() == null || contract == ProcessorSetup.Contract.REPORT && relationship.equals("report")) {
            // a FlowFile passed on, a request or a report holds no record with a reason
            return List.of();
        }
        return records(relationship).stream().map(record -> record.get(contract.reasonField())).toList();
    }

    String summary() {
        final StringBuilder summary = new StringBuilder();
        outputs.forEach((relationship, flowFiles) -> {
            if (!flowFiles.isEmpty()) {
                // records by record.count; FlowFiles without one (a request, a FlowFile passed on) by their number
                summary.append(relationship).append('=').append(flowFiles.stream().mapToLong(flowFile -> flowFile.getAttribute("record.count") == null ? 1
                        : Long.parseLong(flowFile.getAttribute("record.count"))).sum()).append(' ');
            }
        });
        return summary + (failed() ? "failure: " + failureReason() : "");
    }

    private static String logText(final TestRunner runner) {
        final StringBuilder text = new StringBuilder();
        appendLog(text, runner.getLogger());
        for (final String serviceId : SERVICE_IDS) {
            if (runner.getProcessContext().getControllerServiceLookup().getControllerService(serviceId) != null) {
                appendLog(text, runner.getControllerServiceLogger(serviceId));
            }
        }
        return text.toString();
    }

    private static void appendLog(final StringBuilder text, final MockComponentLog log) {
        if (log == null) {
            return;
        }
        final List<LogMessage> messages = new ArrayList<>();
        messages.addAll(log.getTraceMessages());
        messages.addAll(log.getDebugMessages());
        messages.addAll(log.getInfoMessages());
        messages.addAll(log.getWarnMessages());
        messages.addAll(log.getErrorMessages());
        for (final LogMessage message : messages) {
            text.append(message.getMsg());
            if (message.getArgs() != null) {
                text.append(' ').append(Arrays.deepToString(message.getArgs()));
            }
            for (Throwable failure = message.getThrowable(); failure != null; failure = failure.getCause()) {
                text.append(' ').append(failure);
                if (failure.getCause() == failure) {
                    break;
                }
            }
            text.append('\n');
        }
    }

    @Override
    public String toString() {
        return label + ": " + summary();
    }

    /** For ReconcileCRMRecord's contract: how many records its report counts with the outcome. */
    long reported(final RecordOutcome outcome) {
        final List<MockFlowFile> reports = outputs.getOrDefault("report", List.of());
        assertEquals(1, reports.size(), label + ": one report");
        return Long.parseLong(reports.getFirst().getAttribute("crm.reconcile." + outcome.key() + ".count"));
    }

    boolean wroteTo(final String relationship) {
        return !outputs.getOrDefault(relationship, List.of()).isEmpty();
    }
}
