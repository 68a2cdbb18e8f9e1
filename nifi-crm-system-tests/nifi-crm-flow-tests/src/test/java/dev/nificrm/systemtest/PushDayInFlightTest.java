package dev.nificrm.systemtest;

import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processors.attributes.UpdateAttribute;
import org.apache.nifi.processors.standard.LogMessage;
import org.apache.nifi.processors.standard.RouteOnAttribute;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the push flow (templates/crm-sync-push.json) reads the target for a run's reconciliation: FlowFiles go through
 * the flow's own steps between the tracker and Read Target Table (UpdateAttribute, with its state, RouteOnAttribute,
 * LogMessage: as the flow definition configures them, with its parameters, in NiFi's own processors), from where the
 * flow sends them: a call's copy counted in as it comes in (Count Call Records), the records Track Progress counted,
 * its summaries. A step of another kind (Track Progress, Read Target Table, Wait for Writes in Flight's hold) is where
 * a FlowFile arrives.
 * <p>
 * Before, Track Progress's summary of a day went to Read Target Table at once, a Reconcile After Idle after the day's
 * last counted record: at midnight while the next day's calls were being written (their rows out of sync or missing in
 * the day's last report), and while records of the day itself were still being written (a retried write), its report
 * then not the day's last, without a word of why.
 */
class PushDayInFlightTest {
    private static final String DAY = "people-webhooks-2026-12-06";
    private static final String NEXT_DAY = "people-webhooks-2026-12-07";
    private static final Instant BEFORE_MIDNIGHT = Instant.parse("2026-12-06T23:59:58Z");
    private static final Instant AFTER_MIDNIGHT = Instant.parse("2026-12-07T00:00:01Z");
    private static final Instant SUMMARISED = Instant.parse("2026-12-07T00:01:00Z");
    private static final String READ = "Read Target Table";
    private static final String WAIT = "Wait for Writes in Flight";

    private RegisteredFlowSnapshot snapshot;
    private Map<String, String> parameters;
    /** One runner per step, kept: a stateful UpdateAttribute's state goes on from one FlowFile to the next. */
    private final Map<String, TestRunner> runners = new HashMap<>();

    @BeforeEach
    void readFlow() throws IOException {
        snapshot = FlowDefinitionTest.read(ProjectPaths.templates().resolve("crm-sync-push.json"));
        parameters = PushRunIdsTest.parameters(snapshot);
    }

    /**
     * The last call of the day is received at 23:59:58 (3 records), the first of the next day at 00:00:01 (2 records).
     * The day's summary comes while one record of its last call is still being written (retried) and the next day's
     * records are not written yet: it waits, is superseded once that record is counted (the record reopened the run),
     * and the day's next summary, with nothing of either day in flight, reads the target, its records read 3.
     */
    @Test
    void aDaysSummaryReadsTheTargetOnlyOnceNothingOfItOrTheNextDayIsInFlight() {
        received(BEFORE_MIDNIGHT, 3);
        counted(BEFORE_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "2"));
        received(AFTER_MIDNIGHT, 2);

        final List<Arrival> first = send("Track Progress", "summary", SUMMARISED, summary(DAY, 2));
        assertEquals(List.of(WAIT), places(first), "the day's summary with a record of it and the next day's calls in flight");
        final Arrival waiting = first.getFirst();
        // the next day is the current of the two days counted, the day before it the previous
        assertEquals("2", waiting.attributes().get("crm.push.current.in.flight"), waiting.attributes().toString());
        assertEquals("1", waiting.attributes().get("crm.push.previous.in.flight"), waiting.attributes().toString());

        counted(AFTER_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "2"));
        // the retried record filed at last, under its call's run
        counted(AFTER_MIDNIGHT, Map.of("crm.outcome", "load-failed", "record.count", "1", "crm.run.id", DAY));
        assertEquals(List.of("dropped: superseded"), places(resume(waiting)), "the summary taken before the retried record was counted");

        final Arrival day = single(send("Track Progress", "summary", SUMMARISED.plusSeconds(60), summary(DAY, 3)));
        assertEquals(READ, day.place());
        assertEquals("3", recordsRead(day), "the day's records read, for its report's balance: " + day.attributes());
        final Arrival nextDay = single(send("Track Progress", "summary", SUMMARISED.plusSeconds(60), summary(NEXT_DAY, 2)));
        assertEquals(READ, nextDay.place());
        assertEquals("2", recordsRead(nextDay));
    }

    /**
     * A day whose records are all counted still waits for the next day's calls being written, so that its report does
     * not show their rows out of sync or missing in the target; then it reads with its own counts (not superseded).
     */
    @Test
    void aDaysLastSummaryWaitsForTheNextDaysWritesThenReadsWithItsOwnCounts() {
        received(BEFORE_MIDNIGHT, 3);
        counted(BEFORE_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "3"));
        received(AFTER_MIDNIGHT, 2);

        final Arrival waiting = single(send("Track Progress", "summary", SUMMARISED, summary(DAY, 3)));
        assertEquals(WAIT, waiting.place());
        assertEquals("0", waiting.attributes().get("crm.push.previous.in.flight"));
        assertEquals("2", waiting.attributes().get("crm.push.current.in.flight"));

        counted(AFTER_MIDNIGHT, Map.of("crm.outcome", "unchanged", "record.count", "2"));
        final Arrival read = single(resume(waiting));
        assertEquals(READ, read.place());
        assertEquals("3", recordsRead(read));
        assertEquals("1", read.attributes().get("crm.reconcile.waits"));
    }

    /**
     * A record that never stops being written (or calls that never stop) does not hold the report for ever: after 90
     * waits Alert Writes in Flight says what is still in flight, of which run (counts, no values), and the target is
     * read.
     */
    @Test
    void aSummaryThatWaitedOutIsReadWithAReason() {
        received(BEFORE_MIDNIGHT, 3);
        counted(BEFORE_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "2"));
        Arrival at = single(send("Track Progress", "summary", SUMMARISED, summary(DAY, 2)));
        Arrival alerted = null;
        int waits = 0;
        while (WAIT.equals(at.place())) {
            if ("90".equals(at.attributes().get("crm.reconcile.waits"))) {
                alerted = at;
            }
            at = single(resume(at));
            waits++;
        }
        assertEquals(READ, at.place());
        assertEquals(91, waits, "90 waits, then one more pass after the alert");
        assertTrue(alerted != null, "the last wait went through Alert Writes in Flight");
        assertEquals("warn", evaluated("Alert Writes in Flight", "log-level", alerted));
        final String warning = evaluated("Alert Writes in Flight", "log-message", alerted);
        assertEquals("The reconciliation of run " + DAY + " reads the target while records of the calls are still being written, after waiting "
                + "15 min for none to be: 1 record(s) of run " + DAY + " (a write retried, or calls that never stop). Their rows may show in its "
                + "report as out of sync or missing in the target; a later report of their run follows once they are counted.", warning);
        assertEquals("3", recordsRead(at), "its report's balance shows the record missing: 3 read, 2 counted");
    }

    /** A copy of a call coming in names the run Track Progress names, and write-backs count 0 as Track Progress counts them. */
    @Test
    void theCountsInFlightNameRunsAndCountRecordsAsTrackProgressDoes() {
        final VersionedProcessor tracker = processor("Track Progress");
        final VersionedProcessor name = processor("Name Run of Records");
        assertEquals(tracker.getProperties().get("Run ID"), name.getProperties().get("crm.push.run"));
        assertEquals("${crm.outcome:equals('write-back'):ifElse(0, ${record.count})}", tracker.getProperties().get("Record Count"));
        final Arrival writeBack = single(send("Track Progress", "success", BEFORE_MIDNIGHT, Map.of("crm.outcome", "write-back", "record.count", "4")));
        assertEquals("dropped: counted", writeBack.place());
        assertEquals("0", writeBack.attributes().get("crm.push.records"));
        final Arrival replay = single(send("Track Progress", "success", BEFORE_MIDNIGHT, Map.of("crm.outcome", "written", "record.count", "1",
                "crm.run.id", "replay-20261207T0001Z")));
        assertEquals("replayed", replay.attributes().get("crm.push.event"));
        assertEquals("0", replay.attributes().get("crm.push.current.counted"), "a replay is no day's: " + replay.attributes());
        assertEquals("${crm.push.run.received}", processor("Reconcile Target").getProperties().get("Records Read"));
    }

    /** A verified call counted by Count Call Records: it goes on to be answered, its copy is counted in. */
    private void received(final Instant at, final int records) {
        final List<String> places = new ArrayList<>(places(send("Count Call Records", "success", at, Map.of("record.count", String.valueOf(records)))));
        places.sort(null);
        assertEquals(List.of("Respond Verified", "dropped: counted"), places);
    }

    private void counted(final Instant callReceived, final Map<String, String> attributes) {
        assertEquals(List.of("dropped: counted"), places(send("Track Progress", "success", callReceived, attributes)));
    }

    private static Map<String, String> summary(final String run, final long done) {
        return Map.of("crm.progress.run.id", run, "crm.run.id", run, "crm.progress.status", "finished", "crm.progress.done.count", String.valueOf(done),
                "mime.type", "application/json");
    }

    private List<Arrival> resume(final Arrival waiting) {
        return send(WAIT, "success", waiting.received(), waiting.attributes());
    }

    /** Records Read of Reconcile Target, on a FlowFile that reached Read Target Table (which adds no attribute it reads). */
    private String recordsRead(final Arrival arrival) {
        return evaluated("Reconcile Target", "Records Read", arrival);
    }

    /** A property of a step, evaluated by NiFi's UpdateAttribute on the attributes of a FlowFile there. */
    private String evaluated(final String step, final String property, final Arrival arrival) {
        final TestRunner runner = TestRunners.newTestRunner(UpdateAttribute.class);
        FlowParameters.supply(runner, parameters);
        runner.setProperty("crm.test.value", FlowParameters.resolve(processor(step).getProperties().get(property), parameters));
        runner.enqueue(new byte[0], arrival.attributes());
        runner.run();
        return runner.getFlowFilesForRelationship("success").getFirst().getAttribute("crm.test.value");
    }

    /** Where a FlowFile sent on a relationship of a step ends up, through the attribute steps after it. */
    private List<Arrival> send(final String from, final String relationship, final Instant received, final Map<String, String> attributes) {
        final VersionedProcessGroup group = snapshot.getFlowContents();
        final VersionedProcessor source = processor(from);
        final List<Arrival> arrivals = new ArrayList<>();
        for (final VersionedConnection connection : group.getConnections()) {
            if (connection.getSource().getId().equals(source.getIdentifier()) && connection.getSelectedRelationships().contains(relationship)) {
                arrivals.addAll(arrive(processorById(connection.getDestination().getId()), received, attributes));
            }
        }
        return arrivals;
    }

    private List<Arrival> arrive(final VersionedProcessor step, final Instant received, final Map<String, String> attributes) {
        final Class<? extends Processor> type = switch (step.getType()) {
            case "org.apache.nifi.processors.attributes.UpdateAttribute" -> UpdateAttribute.class;
            case "org.apache.nifi.processors.standard.RouteOnAttribute" -> RouteOnAttribute.class;
            case "org.apache.nifi.processors.standard.LogMessage" -> LogMessage.class;
            default -> null;
        };
        if (type == null) {
            return List.of(new Arrival(step.getName(), received, attributes));
        }
        final TestRunner runner = runners.computeIfAbsent(step.getName(), name -> configured(type, step));
        final MockFlowFile flowFile = new MockFlowFile(runner.getQueueSize().getObjectCount() + 1L) {
            @Override
            public long getLineageStartDate() {
                return received.toEpochMilli();
            }
        };
        flowFile.putAttributes(attributes);
        runner.clearTransferState();
        runner.enqueue(flowFile);
        runner.run();
        final List<Arrival> arrivals = new ArrayList<>();
        for (final Relationship relationship : runner.getProcessor().getRelationships()) {
            for (final MockFlowFile out : runner.getFlowFilesForRelationship(relationship)) {
                if (step.getAutoTerminatedRelationships().contains(relationship.getName())) {
                    arrivals.add(new Arrival("dropped: " + relationship.getName(), received, out.getAttributes()));
                } else {
                    arrivals.addAll(send(step.getName(), relationship.getName(), received, out.getAttributes()));
                }
            }
        }
        return arrivals;
    }

    private TestRunner configured(final Class<? extends Processor> type, final VersionedProcessor step) {
        final TestRunner runner = TestRunners.newTestRunner(type);
        FlowParameters.supply(runner, parameters);
        step.getProperties().forEach((property, value) -> runner.setProperty(property, FlowParameters.resolve(value, parameters)));
        return runner;
    }

    private VersionedProcessor processor(final String name) {
        return snapshot.getFlowContents().getProcessors().stream().filter(processor -> processor.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("No processor " + name + " in crm-sync-push.json"));
    }

    private VersionedProcessor processorById(final String identifier) {
        return snapshot.getFlowContents().getProcessors().stream().filter(processor -> processor.getIdentifier().equals(identifier)).findFirst()
                .orElseThrow(() -> new AssertionError("A connection into " + identifier + ", no processor"));
    }

    private static List<String> places(final List<Arrival> arrivals) {
        return arrivals.stream().map(Arrival::place).toList();
    }

    private static Arrival single(final List<Arrival> arrivals) {
        assertEquals(1, arrivals.size(), arrivals.toString());
        return arrivals.getFirst();
    }

    /** A FlowFile at the step it reached (or "dropped: relationship"), with its attributes, of a call received at {@code received}. */
    private record Arrival(String place, Instant received, Map<String, String> attributes) {
    }
}
