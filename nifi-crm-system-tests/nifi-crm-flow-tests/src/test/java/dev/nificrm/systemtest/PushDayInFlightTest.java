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
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processors.attributes.UpdateAttribute;
import org.apache.nifi.processors.standard.RouteOnAttribute;
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
 * verified call as Count Call Records counts it in (received), a copy of each file replayed into the target as Route
 * Replays sends it (received, in the replay's run), what became of the records (processed), and
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
    /** The records of a load failure file, as the flow files them for the target (mapped, with their reason). */
    private static final String REPLAYED_FILE = "[{\"golden_id\":\"g-1\",\"last_name\":\"A\",\"crm_errors\":\"not written into home\"},"
            + "{\"golden_id\":\"g-2\",\"last_name\":\"B\",\"crm_errors\":\"not written into home\"},"
            + "{\"golden_id\":\"g-3\",\"last_name\":\"C\",\"crm_errors\":\"not written into home\"}]";

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
     * Every FlowFile the definition sends into Track Progress but the copies of the calls and of the replayed files
     * carries crm.outcome: those are the records received, in the run Track Progress names (a call's day, a replay's own
     * run); write-backs count 0.
     */
    @Test
    void theCopiesOfTheCallsAreReceivedInTheRunTrackProgressNames() throws IOException {
        final VersionedProcessor trackProgress = processor(TRACKER);
        final List<String> into = snapshot.getFlowContents().getConnections().stream()
                .filter(connection -> connection.getDestination().getId().equals(trackProgress.getIdentifier()))
                .map(connection -> processorById(connection.getSource().getId()).getName()).sorted().toList();
        assertEquals(List.of("Count Call Records", "Outcome Conflict", "Outcome Review", "Outcome Unchanged", "Outcome Written", "Route Replays",
                "Write Load Failures", "Write Rejected"), into);
        assertEquals("${crm.outcome:equals('write-back'):ifElse(0, ${record.count})}", trackProgress.getProperties().get("Record Count"));
        assertEquals("${crm.progress.received.count}", processor("Reconcile Target").getProperties().get("Records Read"));
        assertTrue(trackProgress.getAutoTerminatedRelationships().contains("success"), "what it counted goes nowhere else");

        received(BEFORE_MIDNIGHT, "[{\"id\":1}]", "1");
        counted(BEFORE_MIDNIGHT, Map.of("crm.outcome", "write-back", "record.count", "4"));
        final MockFlowFile replay = replayed("home", REPLAYED_FILE);
        track(receivedCopy(replay));
        counted(BEFORE_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "3", "crm.run.id", replay.getAttribute("crm.run.id")));
        final JsonNode day = run(DAY);
        assertEquals(1, day.path("records_received").asLong(), "a replay is no day's: " + day);
        assertEquals(0, day.path("records_done").asLong(), "a write-back counts 0: " + day);
        assertEquals(3, run(replay.getAttribute("crm.run.id")).path("records_received").asLong());
    }

    /**
     * A replay of a file of the target's load failures (3 records), refused whole again for one of them: the two others
     * land and are counted, the one split from the write is retried past Reconcile After Idle. Route Replays sends a copy
     * of the file (not of the record split from it, nor of a file of write-backs) to Track Progress, which counts its
     * records received in the replay's run, so the replay's summary, due a Reconcile After Idle after the two, waits for
     * the third and goes out once, whole: Read Target Table reads it with 3 records read and 3 counted. Before, nothing
     * of a replay was received: its summary went out with 2 records and was made again with 3 once the third was counted.
     */
    @Test
    void aReplaysFirstSummaryWaitsForItsRecordRetriedPastReconcileAfterIdle() throws IOException {
        final MockFlowFile replay = replayed("home", REPLAYED_FILE);
        final String run = replay.getAttribute("crm.run.id");
        assertTrue(run.startsWith("replay-"), run);
        final MockFlowFile split = new MockFlowFile(++flowFiles);
        split.putAttributes(replay.getAttributes());
        split.putAttributes(Map.of("fragment.identifier", "6f1c", "fragment.index", "2", "fragment.count", "3", "record.count", "1"));
        assertEquals(List.of("Retry Upsert into Target", TRACKER), destinationsOf(replay), "the file to its loader's retry, a copy to Track Progress");
        assertEquals(List.of("Retry Upsert into Target"), destinationsOf(split), "a record split from the replay's write was in its file");
        assertEquals(List.of("Retry Upsert Write-Backs"), destinationsOf(replayed("people", REPLAYED_FILE)), "write-backs count 0");

        at(AFTER_MIDNIGHT);
        track(receivedCopy(replay));
        counted(AFTER_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "2", "crm.run.id", run));
        at(AFTER_MIDNIGHT.plus(Duration.ofMinutes(1)).plusSeconds(2));
        assertEquals(List.of(), summaries(), "the replay's summary with its third record in flight");
        assertEquals(1, inFlight(run));

        at(AFTER_MIDNIGHT.plus(Duration.ofSeconds(150)));
        counted(AFTER_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "1", "crm.run.id", run));
        clock.advance(Duration.ofMinutes(1));
        final MockFlowFile summary = single(summaries());
        assertEquals(run, summary.getAttribute("crm.progress.run.id"));
        assertEquals("3", summary.getAttribute("crm.progress.done.count"));
        assertEquals("3", recordsRead(summary), "its report's balance: 3 read = 3 written");
        assertEquals("0", summary.getAttribute("crm.progress.in.flight.count"));
        assertNull(summary.getAttribute("crm.progress.previous.done.count"), "its first summary");
    }

    /**
     * A file of load failures as Replay Load Failures picks it up from {@code load-failed/<directory>/} (GetFile's path
     * attribute), marked by the definition's Mark Replays.
     */
    private MockFlowFile replayed(final String directory, final String records) {
        final TestRunner marking = TestRunners.newTestRunner(UpdateAttribute.class);
        FlowParameters.supply(marking, parameters);
        processor("Mark Replays").getProperties().forEach((property, value) -> marking.setProperty(property, FlowParameters.resolve(value, parameters)));
        marking.enqueue(records.getBytes(StandardCharsets.UTF_8), Map.of("path", directory + "/", "filename", DAY + "-3f2a.json"));
        marking.run();
        marking.assertAllFlowFilesTransferred("success", 1);
        return marking.getFlowFilesForRelationship("success").getFirst();
    }

    /** What Route Replays, as the definition configures it, sends of a replayed file to Track Progress: its copy (received). */
    private MockFlowFile receivedCopy(final MockFlowFile flowFile) {
        assertEquals(List.of(TRACKER), destinations("Route Replays", "received"));
        final List<MockFlowFile> out = route(flowFile).getFlowFilesForRelationship("received");
        assertEquals(1, out.size(), "Route Replays to received");
        return out.getFirst();
    }

    /** Where the definition's connections take what Route Replays sends of {@code flowFile}, every relationship together. */
    private List<String> destinationsOf(final MockFlowFile flowFile) {
        final TestRunner router = route(flowFile);
        final List<String> destinations = new ArrayList<>();
        for (final Relationship relationship : router.getProcessor().getRelationships()) {
            if (!router.getFlowFilesForRelationship(relationship).isEmpty()) {
                destinations.addAll(destinations("Route Replays", relationship.getName()));
            }
        }
        return destinations.stream().sorted().toList();
    }

    private TestRunner route(final MockFlowFile flowFile) {
        final TestRunner router = TestRunners.newTestRunner(RouteOnAttribute.class);
        FlowParameters.supply(router, parameters);
        processor("Route Replays").getProperties().forEach((property, value) -> router.setProperty(property, FlowParameters.resolve(value, parameters)));
        router.enqueue(flowFile.toByteArray(), flowFile.getAttributes());
        router.run();
        return router;
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
