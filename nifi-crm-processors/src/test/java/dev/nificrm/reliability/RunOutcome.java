package dev.nificrm.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private final String label;
    private final RecordFormat format;
    private final byte[] input;
    private final List<MockFlowFile> failures;
    private final Map<String, List<MockFlowFile>> outputs;
    private final String logText;
    private final List<String> attributeValues;
    private final long recordsRead;

    private RunOutcome(final String label, final RecordFormat format, final byte[] input, final TestRunner runner) {
        this.label = label;
        this.format = format;
        this.input = input;
        this.failures = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE);
        this.outputs = new LinkedHashMap<>();
        for (final Relationship relationship : runner.getProcessor().getRelationships()) {
            // an original relationship (MergeCRMRecord's) carries the input itself, whose records the outputs account for
            if (!relationship.equals(AbstractCRMRecordProcessor.REL_FAILURE) && !relationship.getName().equals("original")) {
                outputs.put(relationship.getName(), runner.getFlowFilesForRelationship(relationship));
            }
        }
        this.logText = logText(runner);
        this.attributeValues = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE)) {
            attributeValues.addAll(flowFile.getAttributes().values());
        }
        outputs.values().forEach(flowFiles -> flowFiles.forEach(flowFile -> attributeValues.addAll(flowFile.getAttributes().values())));
        final Long processed = runner.getCounterValue("Records Processed");
        this.recordsRead = processed == null ? 0 : processed;
    }

    /**
     * Runs the content through a fresh runner of the setup with the format's reader and writer. A processor that lets an
     * exception escape fails the test here (the TestRunner rethrows it).
     */
    static RunOutcome run(final ProcessorSetup setup, final RecordFormat format, final byte[] content, final String label)
            throws InitializationException, IOException {
        final TestRunner runner = setup.newRunner();
        format.install(runner);
        runner.enqueue(content);
        runner.run();
        return new RunOutcome(setup.name() + " / " + label, format, content, runner);
    }

    static RunOutcome of(final TestRunner runner, final RecordFormat format, final byte[] input, final String label) {
        return new RunOutcome(label, format, input, runner);
    }

    boolean failed() {
        return !failures.isEmpty();
    }

    /** The reason of the failure, or null. */
    String failureReason() {
        return failed() ? failures.getFirst().getAttribute(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE) : null;
    }

    /** Records written to every relationship but failure, by record.count. */
    long recordsOut() {
        long total = 0;
        for (final List<MockFlowFile> flowFiles : outputs.values()) {
            for (final MockFlowFile flowFile : flowFiles) {
                total += Long.parseLong(flowFile.getAttribute("record.count"));
            }
        }
        return total;
    }

    /** The records written to one relationship, parsed from the content. */
    List<Map<String, String>> records(final String relationship) throws IOException {
        final List<Map<String, String>> records = new ArrayList<>();
        for (final MockFlowFile flowFile : outputs.getOrDefault(relationship, List.of())) {
            records.addAll(parse(flowFile.getContent()));
        }
        return records;
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
        if (failed()) {
            assertEquals(1, failures.size(), label + ": one FlowFile in, one to failure");
            assertArrayEquals(input, failures.getFirst().toByteArray(), label + ": the failed FlowFile is untouched");
            final String reason = failureReason();
            assertTrue(reason != null && !reason.isBlank(), label + ": a failure has a reason");
            assertEquals(0, outputs.values().stream().mapToLong(List::size).sum(), label + ": nothing else is written when the FlowFile fails");
            return this;
        }
        final long out = recordsOut();
        assertEquals(expected < 0 ? recordsRead : expected, out, label + ": records in = records out " + outputs.keySet());
        long written = 0;
        for (final String relationship : outputs.keySet()) {
            written += records(relationship).size();
        }
        assertEquals(out, written, label + ": record.count = the records the content holds");
        return this;
    }

    /** Asserts the FlowFile went to failure and its reason says {@code expected} (case-insensitive). */
    RunOutcome assertFailedSaying(final String expected) {
        assertTrue(failed(), label + ": expected a failure, got " + summary());
        assertTrue(failureReason().toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT)),
                label + ": the reason '" + failureReason() + "' says " + expected);
        return this;
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
        return records(relationship).stream().map(record -> record.get(ERRORS_FIELD)).toList();
    }

    String summary() {
        final StringBuilder summary = new StringBuilder();
        outputs.forEach((relationship, flowFiles) -> {
            if (!flowFiles.isEmpty()) {
                summary.append(relationship).append('=').append(flowFiles.stream().mapToLong(flowFile -> Long.parseLong(flowFile.getAttribute("record.count"))).sum()).append(' ');
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

    boolean wroteTo(final String relationship) {
        return !outputs.getOrDefault(relationship, List.of()).isEmpty();
    }
}
