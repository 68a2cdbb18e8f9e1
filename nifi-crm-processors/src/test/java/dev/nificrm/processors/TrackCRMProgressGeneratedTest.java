package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.MutableClock;
import dev.nificrm.RecordServices;
import dev.nificrm.progress.RunProgress;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TrackCRMProgress with NiFi's real JSON writer on generated FlowFiles (seeded): runs named plainly, with spaces around,
 * blank, missing or in other scripts; outcomes given or missing; record counts that are whole numbers, padded, signed,
 * negative, fractions, text, beyond a long or missing; totals announced now and then; a clock moving by fractions of a
 * second to minutes; and the processor stopped and a new one started on the same state. At every trigger every FlowFile
 * leaves once to success (a warning on exactly those whose count is not one), and every progress and summary record is
 * readable (counts not negative, rates and percent finite, times not going back); at the end each run's counts are the
 * records counted per outcome, whatever the order the FlowFiles arrived in.
 */
class TrackCRMProgressGeneratedTest {
    private static final long SEED = 20261205L;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final String[] RUN_IDS = {"contacts", " contacts ", "", "   ", null, "migración-ü", "運行-2026", "accounts"};
    private static final String[] OUTCOMES = {"written", "invalid", "failed", "", null, "conflict"};
    private static final String[] BAD_COUNTS = {"-1", "1.5", "many", "99999999999999999999", "0x10", "1e3", "- 3"};

    /** A FlowFile as generated, and what it should count. */
    private record Generated(Map<String, String> attributes, String run, String outcome, long records, boolean counted) {
    }

    @Test
    void countsAddUpReportsAreReadableAndRestartsKeepTheCounts() throws Exception {
        final Random random = new Random(SEED);
        final List<Generated> generated = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            generated.add(generate(random));
        }
        final MutableClock clock = new MutableClock(T0);
        TestRunner runner = runner(clock);
        final Map<String, Map<String, Long>> expected = new TreeMap<>();
        int next = 0;
        int reports = 0;
        int restarts = 0;
        while (next < generated.size()) {
            final int batch = random.nextInt(12);
            final List<Generated> sent = generated.subList(next, Math.min(generated.size(), next + batch));
            next += sent.size();
            for (final Generated flowFile : sent) {
                runner.enqueue("x", flowFile.attributes());
                if (flowFile.counted()) {
                    expected.computeIfAbsent(flowFile.run(), run -> new TreeMap<>()).merge(flowFile.outcome(), flowFile.records(), Long::sum);
                } else {
                    expected.computeIfAbsent(flowFile.run(), run -> new TreeMap<>()).merge(flowFile.outcome(), 0L, Long::sum);
                }
            }
            runner.run();
            final List<MockFlowFile> passed = runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUCCESS);
            assertEquals(sent.size(), passed.size());
            for (int i = 0; i < sent.size(); i++) {
                final String warning = passed.get(i).getAttribute(TrackCRMProgress.WARNING_ATTRIBUTE);
                assertEquals(!sent.get(i).counted(), warning != null, sent.get(i) + ": " + warning);
            }
            reports += check(runner, clock.instant());
            runner.clearTransferState();
            clock.advance(Duration.ofMillis(switch (random.nextInt(8)) {
                case 0 -> 0;
                case 1 -> 60_000 + random.nextInt(60_000); // beyond the idle timeout
                default -> random.nextInt(12_000);
            }));
            if (random.nextInt(10) == 0) {
                // the processor stopped and a new one started on the state NiFi kept
                final Map<String, String> state = runner.getStateManager().getState(Scope.CLUSTER).toMap();
                runner.stop();
                runner = runner(clock);
                runner.getStateManager().setState(state, Scope.CLUSTER);
                restarts++;
            }
        }
        final Map<String, String> state = runner.getStateManager().getState(Scope.CLUSTER).toMap();
        assertEquals(expected.keySet(), runs(state).keySet());
        for (final Map.Entry<String, Map<String, Long>> run : expected.entrySet()) {
            final RunProgress progress = runs(state).get(run.getKey());
            assertEquals(run.getValue(), progress.outcomes(), run.getKey());
            assertEquals(run.getValue().values().stream().mapToLong(Long::longValue).sum(), progress.done(), run.getKey());
        }
        assertTrue(reports > 50, reports + " reports");
        assertTrue(restarts > 3, restarts + " restarts");

        // the same FlowFiles in another order, in one trigger each batch: the same counts
        final List<Generated> shuffled = new ArrayList<>(generated);
        Collections.shuffle(shuffled, random);
        final TestRunner other = runner(new MutableClock(T0));
        for (int i = 0; i < shuffled.size(); i += 100) {
            shuffled.subList(i, Math.min(shuffled.size(), i + 100)).forEach(flowFile -> other.enqueue("x", flowFile.attributes()));
            other.run();
        }
        final Map<String, RunProgress> reordered = runs(other.getStateManager().getState(Scope.CLUSTER).toMap());
        for (final Map.Entry<String, Map<String, Long>> run : expected.entrySet()) {
            assertEquals(run.getValue(), reordered.get(run.getKey()).outcomes(), run.getKey());
        }
    }

    private static Generated generate(final Random random) {
        final Map<String, String> attributes = new HashMap<>();
        final String runId = RUN_IDS[random.nextInt(RUN_IDS.length)];
        if (runId != null) {
            attributes.put("crm.run.id", runId);
        }
        final String outcome = OUTCOMES[random.nextInt(OUTCOMES.length)];
        if (outcome != null) {
            attributes.put("crm.outcome", outcome);
        }
        long records = 0;
        boolean counted = true;
        switch (random.nextInt(10)) {
            case 0 -> {
                attributes.put("record.count", BAD_COUNTS[random.nextInt(BAD_COUNTS.length)]);
                counted = false;
            }
            case 1 -> counted = false; // no record.count and no reader
            case 2 -> {
                records = random.nextInt(1000);
                attributes.put("record.count", (random.nextBoolean() ? " " : "+") + records + " ");
            }
            default -> {
                records = random.nextInt(random.nextBoolean() ? 10 : 5000);
                attributes.put("record.count", String.valueOf(records));
            }
        }
        if (random.nextInt(15) == 0) {
            attributes.put("crm.total.count", String.valueOf(random.nextInt(3) == 0 ? Long.MAX_VALUE : random.nextInt(200_000)));
        }
        final String run = runId == null || runId.isBlank() ? TrackCRMProgress.DEFAULT_RUN_ID : runId.trim();
        return new Generated(attributes, run, outcome == null || outcome.isBlank() ? TrackCRMProgress.DEFAULT_OUTCOME : outcome, records, counted);
    }

    private static TestRunner runner(final MutableClock clock) throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(new TrackCRMProgress(clock));
        RecordServices.useJsonWriter(runner);
        runner.setProperty(TrackCRMProgress.RECORD_WRITER, "json-writer");
        runner.setProperty(TrackCRMProgress.TOTAL_RECORDS, "${crm.total.count}");
        runner.setProperty(TrackCRMProgress.PROGRESS_INTERVAL, "10 sec");
        runner.setProperty(TrackCRMProgress.IDLE_TIMEOUT, "1 min");
        return runner;
    }

    private static Map<String, RunProgress> runs(final Map<String, String> state) {
        final Map<String, RunProgress> runs = new TreeMap<>();
        state.forEach((key, json) -> {
            final RunProgress run = RunProgress.fromJson(json);
            assertEquals("run." + run.runId(), key);
            runs.put(run.runId(), run);
        });
        return runs;
    }

    /** Checks every progress and summary record of the trigger; returns how many there were. */
    private static int check(final TestRunner runner, final Instant now) throws IOException {
        int reports = 0;
        for (final MockFlowFile summary : runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUMMARY)) {
            final JsonNode report = MAPPER.readTree(summary.getContent());
            assertEquals(1, report.size());
            checkReport(report.get(0), now);
            assertEquals("finished", report.get(0).get("status").asText());
            long outcomes = 0;
            for (final Map.Entry<String, String> attribute : summary.getAttributes().entrySet()) {
                if (attribute.getKey().startsWith("crm.progress.outcome.")) {
                    outcomes += Long.parseLong(attribute.getValue());
                }
            }
            assertEquals(Long.parseLong(summary.getAttribute("crm.progress.done.count")), outcomes, summary.getAttributes().toString());
            assertEquals(report.get(0).get("records_done").asLong(), outcomes);
            reports++;
        }
        for (final MockFlowFile progress : runner.getFlowFilesForRelationship(TrackCRMProgress.REL_PROGRESS)) {
            for (final JsonNode report : MAPPER.readTree(progress.getContent())) {
                checkReport(report, now);
                assertEquals("running", report.get("status").asText());
                reports++;
            }
        }
        return reports;
    }

    private static void checkReport(final JsonNode report, final Instant now) {
        final String what = report.toString();
        assertTrue(report.get("records_done").asLong() >= 0, what);
        long outcomes = 0;
        for (final JsonNode count : report.get("outcomes")) {
            assertTrue(count.asLong() >= 0, what);
            outcomes += count.asLong();
        }
        assertEquals(report.get("records_done").asLong(), outcomes, what);
        for (final String rate : List.of("records_per_second", "average_records_per_second")) {
            assertTrue(report.get(rate).isNumber() && Double.isFinite(report.get(rate).asDouble()) && report.get(rate).asDouble() >= 0, what);
        }
        assertTrue(report.get("elapsed_seconds").asLong() >= 0, what);
        assertFalse(Instant.parse(report.get("updated").asText()).isBefore(Instant.parse(report.get("started").asText())), what);
        if (report.get("records_total").isNull()) {
            assertTrue(report.get("percent_done").isNull() && report.get("seconds_left").isNull(), what);
        } else {
            assertTrue(report.get("percent_done").isNumber() && Double.isFinite(report.get("percent_done").asDouble()), what);
        }
        if (!report.get("seconds_left").isNull()) {
            assertTrue(report.get("seconds_left").asLong() >= 0, what);
            assertNotNull(report.get("estimated_finish").textValue(), what);
            assertFalse(Instant.parse(report.get("estimated_finish").asText()).isBefore(now), what);
        } else {
            assertNull(report.get("estimated_finish").textValue(), what);
        }
    }
}
