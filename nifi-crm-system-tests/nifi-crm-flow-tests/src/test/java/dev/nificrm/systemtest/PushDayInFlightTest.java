package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.MutableClock;
import dev.nificrm.processors.ProcessorsOnClock;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processors.attributes.UpdateAttribute;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the push flow (templates/crm-sync-push.json) reads the target for a run's reconciliation: its Track Progress,
 * NiFi-free of the flow's other steps but configured as the flow definition configures it (with its parameters, a real
 * JSON reader and writer), on a clock the test moves, takes what the definition connects into it: a copy of each
 * verified call as Count Call Records counts it in (received), what became of the calls' records (processed), and
 * sends its summaries where the definition connects them. What is in flight is the tracker's own count, in its cluster
 * state, so it holds on whichever node of a cluster counts.
 * <p>
 * Before (h271's shape), five more steps kept the count in flight in an UpdateAttribute's local state, which a node of
 * a cluster other than the one counting could not see; and before that, a day's summary went to Read Target Table at
 * once, a Reconcile After Idle after the day's last counted record: at midnight while the next day's calls were being
 * written (their rows out of sync or missing in the day's last report), and while records of the day itself were still
 * being written (a retried write), its report then not the day's last, without a word of why.
 */
class PushDayInFlightTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DAY = "people-webhooks-2026-12-06";
    private static final String NEXT_DAY = "people-webhooks-2026-12-07";
    private static final Instant BEFORE_MIDNIGHT = Instant.parse("2026-12-06T23:59:58Z");
    private static final Instant AFTER_MIDNIGHT = Instant.parse("2026-12-07T00:00:01Z");
    private static final Instant SUMMARY_DUE = BEFORE_MIDNIGHT.plus(Duration.ofMinutes(1));
    private static final String TRACKER = "Track Progress";
    private static final String READ = "Read Target Table";

    private RegisteredFlowSnapshot snapshot;
    private Map<String, String> parameters;
    private MutableClock clock;
    private TestRunner tracker;
    private long flowFiles;
    /** Summaries sent while a FlowFile was being counted (the one whose count let them go), not yet looked at. */
    private final List<MockFlowFile> sent = new ArrayList<>();

    @BeforeEach
    void readFlow() throws IOException, InitializationException {
        snapshot = FlowDefinitionTest.read(ProjectPaths.templates().resolve("crm-sync-push.json"));
        parameters = PushRunIdsTest.parameters(snapshot);
        clock = new MutableClock(BEFORE_MIDNIGHT);
        tracker = TestRunners.newTestRunner(ProcessorsOnClock.trackCRMProgress(clock));
        FlowParameters.supply(tracker, parameters);
        final VersionedProcessor step = processor(TRACKER);
        // the flow's own reader and writer, under the ids its properties name, with the definition's (default) settings
        tracker.addControllerService(step.getProperties().get("Record Reader"), new JsonTreeReader());
        tracker.enableControllerService(tracker.getControllerService(step.getProperties().get("Record Reader")));
        tracker.addControllerService(step.getProperties().get("Record Writer"), new JsonRecordSetWriter());
        tracker.enableControllerService(tracker.getControllerService(step.getProperties().get("Record Writer")));
        step.getProperties().forEach((property, value) -> tracker.setProperty(property, FlowParameters.resolve(value, parameters)));
        tracker.assertValid();
    }

    /**
     * The last call of the day is received at 23:59:58 (3 records), the first of the next day at 00:00:01 (2 records).
     * The day's summary is due at 23:59:58 + Reconcile After Idle while one record of its last call is still being
     * written (retried) and the next day's records are not written yet: no summary goes out (before, one read the target
     * then). The retried record, filed at last under its call's run, goes on the day's run, and the day's summary a
     * Reconcile After Idle later, with nothing of either day in flight, reads the target: its records read 3.
     */
    @Test
    void aDaysSummaryReadsTheTargetOnlyOnceNothingOfItOrTheNextDayIsInFlight() throws IOException {
        received(BEFORE_MIDNIGHT, "[{\"id\":1},{\"id\":2},{\"id\":3}]", "3");
        counted(BEFORE_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "2"));
        at(AFTER_MIDNIGHT);
        received(AFTER_MIDNIGHT, "[{\"id\":4},{\"id\":5}]", "2");

        at(SUMMARY_DUE.plusSeconds(2));
        assertEquals(List.of(), summaries(), "the day's summary with a record of it and the next day's calls in flight");
        assertEquals(1, inFlight(DAY));
        assertEquals(2, inFlight(NEXT_DAY));

        clock.advance(Duration.ofSeconds(5));
        counted(AFTER_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "2"));
        // the retried record filed at last, under its call's run
        counted(AFTER_MIDNIGHT, Map.of("crm.outcome", "load-failed", "record.count", "1", "crm.run.id", DAY));
        assertEquals(List.of(), summaries(), "the day goes on from its retried record: no summary of it without that record");

        clock.advance(Duration.ofMinutes(1));
        final List<MockFlowFile> summaries = summaries();
        assertEquals(List.of(DAY, NEXT_DAY), summaries.stream().map(summary -> summary.getAttribute("crm.progress.run.id")).toList());
        assertEquals("3", summaries.getFirst().getAttribute("crm.progress.done.count"));
        assertEquals("3", recordsRead(summaries.getFirst()), "the day's records read, for its report's balance: " + summaries.getFirst().getAttributes());
        assertEquals("0", summaries.getFirst().getAttribute("crm.progress.in.flight.count"));
        assertEquals("2", recordsRead(summaries.getLast()));
    }

    /**
     * A day whose records are all counted still waits for the next day's calls being written, so that its report does
     * not show their rows out of sync or missing in the target; then it reads with its own counts.
     */
    @Test
    void aDaysLastSummaryWaitsForTheNextDaysWritesThenReadsWithItsOwnCounts() {
        received(BEFORE_MIDNIGHT, "[{\"id\":1},{\"id\":2},{\"id\":3}]", "3");
        counted(BEFORE_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "3"));
        at(AFTER_MIDNIGHT);
        received(AFTER_MIDNIGHT, "[{\"id\":4},{\"id\":5}]", "2");

        at(SUMMARY_DUE.plusSeconds(2));
        assertEquals(List.of(), summaries(), "the day's summary while the next day's calls are in flight");

        clock.advance(Duration.ofSeconds(10));
        counted(AFTER_MIDNIGHT, Map.of("crm.outcome", "unchanged", "record.count", "2"));
        final MockFlowFile read = single(summaries());
        assertEquals(DAY, read.getAttribute("crm.progress.run.id"));
        assertEquals("3", recordsRead(read));
        assertEquals("3", read.getAttribute("crm.progress.done.count"));
        assertEquals("12", read.getAttribute("crm.progress.waited.seconds"), "went out once the next day's records were written");
    }

    /**
     * Calls that never pause: from 00:00:01 the next day's calls come every 3 seconds, each written 3 seconds later, so
     * the next day always has records in flight. The day's summary, due at 00:00:58, waits for the next day's calls
     * received by then to be written (their rows would show in its report out of sync), not for those after it,
     * which can never be the day's: it reads the target at 00:01:01, without a warning. Before, it waited for a moment
     * with nothing in flight, which never came, for the whole 15 min, and then warned.
     */
    @Test
    void aDaysLastSummaryUnderCallsThatNeverPauseWaitsOnlyForTheCallsBeforeItWasDue() {
        received(BEFORE_MIDNIGHT, "[{\"id\":1},{\"id\":2},{\"id\":3}]", "3");
        counted(BEFORE_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "3"));
        Instant previousCall = null;
        for (Instant call = AFTER_MIDNIGHT; !call.isAfter(SUMMARY_DUE.plusSeconds(20)); call = call.plusSeconds(3)) {
            at(call);
            received(call, "[{\"id\":4},{\"id\":5}]", "2");
            if (previousCall != null) {
                counted(previousCall, Map.of("crm.outcome", "written", "record.count", "2"));
            }
            previousCall = call;
        }
        final MockFlowFile read = single(summaries());
        assertEquals(DAY, read.getAttribute("crm.progress.run.id"));
        assertEquals("3", recordsRead(read));
        assertEquals("0", read.getAttribute("crm.progress.in.flight.count"));
        assertEquals("3", read.getAttribute("crm.progress.waited.seconds"), "went out once the calls received by 00:00:58 were written");
        assertEquals(List.of(), tracker.getLogger().getWarnMessages());
    }

    /**
     * A record that never stops being written does not hold the report for ever: after 15
     * min Track Progress's WARN says what is still in flight, of which run (counts, no values), and the target is read.
     */
    @Test
    void aSummaryThatWaitedOutIsReadWithAReason() {
        received(BEFORE_MIDNIGHT, "[{\"id\":1},{\"id\":2},{\"id\":3}]", "3");
        counted(BEFORE_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "2"));
        at(SUMMARY_DUE.plus(Duration.ofMinutes(15)).minusSeconds(1));
        assertEquals(List.of(), summaries());
        clock.advance(Duration.ofSeconds(1));
        final MockFlowFile read = single(summaries());
        assertEquals("1", read.getAttribute("crm.progress.in.flight.count"));
        assertEquals("900", read.getAttribute("crm.progress.waited.seconds"));
        final List<LogMessage> warnings = tracker.getLogger().getWarnMessages();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().getMsg().endsWith("Summarised run " + DAY + " while records received are not counted yet, after waiting "
                + "15 min for none to be: 1 record(s) of run " + DAY + " (a write retried, or records received that are never counted). A report taken "
                + "from this summary may not show their writes; their run is summarised again once they are counted."), warnings.getFirst().getMsg());
        assertEquals("3", recordsRead(read), "its report's balance shows the record missing: 3 read, 2 counted");
    }

    /**
     * Every FlowFile the definition sends into Track Progress but the copies of the calls carries crm.outcome: those are
     * the records received, in the day Track Progress names; write-backs count 0, a replay is no day's (its summary has
     * no records received, so its report makes no balance of them).
     */
    @Test
    void theCopiesOfTheCallsAreReceivedInTheRunTrackProgressNames() throws IOException {
        final VersionedProcessor trackProgress = processor(TRACKER);
        final List<String> into = snapshot.getFlowContents().getConnections().stream()
                .filter(connection -> connection.getDestination().getId().equals(trackProgress.getIdentifier()))
                .map(connection -> processorById(connection.getSource().getId()).getName()).sorted().toList();
        assertEquals(List.of("Count Call Records", "Outcome Conflict", "Outcome Review", "Outcome Unchanged", "Outcome Written", "Write Load Failures",
                "Write Rejected"), into);
        assertEquals("${crm.outcome:equals('write-back'):ifElse(0, ${record.count})}", trackProgress.getProperties().get("Record Count"));
        assertEquals("${crm.progress.received.count}", processor("Reconcile Target").getProperties().get("Records Read"));
        assertTrue(trackProgress.getAutoTerminatedRelationships().contains("success"), "what it counted goes nowhere else");

        received(BEFORE_MIDNIGHT, "[{\"id\":1}]", "1");
        counted(BEFORE_MIDNIGHT, Map.of("crm.outcome", "write-back", "record.count", "4"));
        counted(BEFORE_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "1", "crm.run.id", "replay-20261207T0001Z"));
        final JsonNode day = run(DAY);
        assertEquals(1, day.path("records_received").asLong());
        assertEquals(0, day.path("records_done").asLong(), "a write-back counts 0: " + day);
        assertTrue(run("replay-20261207T0001Z").path("records_received").isMissingNode(), "a replay is no day's");

        clock.advance(Duration.ofMinutes(16));
        final List<MockFlowFile> summaries = summaries();
        final MockFlowFile replay = summaries.stream().filter(summary -> summary.getAttribute("crm.run.id").startsWith("replay-")).findFirst().orElseThrow();
        assertNull(replay.getAttribute("crm.progress.received.count"));
        assertEquals("", recordsRead(replay));
    }

    /**
     * A replay of load failures whose record, split from its write, is retried past Reconcile After Idle: the replay
     * (no day's, nothing of it received) is summarised without that record and read, and once the record is written,
     * summarised again: that summary, which Read Target Table reads too, says what the first counted and replaces it.
     */
    @Test
    void aReplaysSplitRecordRetriedPastItsSummaryMakesASummaryAgainThatSaysSo() {
        final String replay = "replay-20261207T1016Z";
        counted(AFTER_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "2", "crm.run.id", replay));
        at(AFTER_MIDNIGHT.plus(Duration.ofMinutes(1)));
        final MockFlowFile first = single(summaries());
        assertEquals("2", first.getAttribute("crm.progress.done.count"));
        assertNull(first.getAttribute("crm.progress.previous.done.count"));

        at(AFTER_MIDNIGHT.plus(Duration.ofSeconds(150)));
        counted(AFTER_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "1", "crm.run.id", replay));
        clock.advance(Duration.ofMinutes(1));
        final MockFlowFile again = single(summaries());
        assertEquals(replay, again.getAttribute("crm.progress.run.id"));
        assertEquals("3", again.getAttribute("crm.progress.done.count"));
        assertEquals("2", again.getAttribute("crm.progress.previous.done.count"));
    }

    /** A verified call counted in by Count Call Records (record.count, from the body): answered, and a copy goes to Track Progress. */
    private void received(final Instant at, final String body, final String records) {
        assertEquals(List.of("Respond Verified", TRACKER), destinations("Count Call Records", "success"));
        final MockFlowFile copy = call(at, Map.of("record.count", records));
        copy.setData(body.getBytes(StandardCharsets.UTF_8));
        track(copy);
    }

    /** What became of some records of a call received at {@code callReceived}, as one of the Outcome steps sends it. */
    private void counted(final Instant callReceived, final Map<String, String> attributes) {
        track(call(callReceived, attributes));
    }

    private void track(final MockFlowFile flowFile) {
        tracker.clearTransferState();
        tracker.enqueue(flowFile);
        tracker.run();
        tracker.assertTransferCount("success", 1);
        tracker.getFlowFilesForRelationship("success").getFirst().assertAttributeNotExists("crm.progress.warning");
        sent.addAll(tracker.getFlowFilesForRelationship("summary"));
    }

    /** Moves the tracker's clock on to {@code instant}. */
    private void at(final Instant instant) {
        clock.advance(Duration.between(clock.instant(), instant));
    }

    /**
     * The summaries Track Progress sent since the last look, and sends now, each to Read Target Table (the only place the
     * definition sends them).
     */
    private List<MockFlowFile> summaries() {
        tracker.clearTransferState();
        tracker.run();
        assertEquals(List.of(READ), destinations(TRACKER, "summary"));
        final List<MockFlowFile> summaries = new ArrayList<>(sent);
        summaries.addAll(tracker.getFlowFilesForRelationship("summary"));
        sent.clear();
        return summaries;
    }

    private long inFlight(final String runId) throws IOException {
        return run(runId).path("records_in_flight").asLong();
    }

    private JsonNode run(final String runId) throws IOException {
        return MAPPER.readTree(tracker.getStateManager().getState(Scope.CLUSTER).get("run." + runId));
    }

    private MockFlowFile call(final Instant received, final Map<String, String> attributes) {
        final MockFlowFile flowFile = new MockFlowFile(++flowFiles) {
            @Override
            public long getLineageStartDate() {
                return received.toEpochMilli();
            }
        };
        flowFile.putAttributes(attributes);
        return flowFile;
    }

    /** Records Read of Reconcile Target, on a summary that reached Read Target Table (which adds no attribute it reads). */
    private String recordsRead(final MockFlowFile summary) {
        final TestRunner runner = TestRunners.newTestRunner(UpdateAttribute.class);
        FlowParameters.supply(runner, parameters);
        runner.setProperty("crm.test.value", FlowParameters.resolve(processor("Reconcile Target").getProperties().get("Records Read"), parameters));
        runner.enqueue(new byte[0], summary.getAttributes());
        runner.run();
        return runner.getFlowFilesForRelationship("success").getFirst().getAttribute("crm.test.value");
    }

    private List<String> destinations(final String from, final String relationship) {
        final VersionedProcessor source = processor(from);
        return snapshot.getFlowContents().getConnections().stream()
                .filter(connection -> connection.getSource().getId().equals(source.getIdentifier()) && connection.getSelectedRelationships().contains(relationship))
                .map(VersionedConnection::getDestination).map(destination -> processorById(destination.getId()).getName()).sorted().toList();
    }

    private VersionedProcessor processor(final String name) {
        return snapshot.getFlowContents().getProcessors().stream().filter(processor -> processor.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("No processor " + name + " in crm-sync-push.json"));
    }

    private VersionedProcessor processorById(final String identifier) {
        return snapshot.getFlowContents().getProcessors().stream().filter(processor -> processor.getIdentifier().equals(identifier)).findFirst()
                .orElseThrow(() -> new AssertionError("A connection into " + identifier + ", no processor"));
    }

    private static MockFlowFile single(final List<MockFlowFile> flowFiles) {
        assertEquals(1, flowFiles.size(), flowFiles.toString());
        return flowFiles.getFirst();
    }
}
