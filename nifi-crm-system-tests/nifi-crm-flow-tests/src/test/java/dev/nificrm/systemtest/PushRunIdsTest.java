package dev.nificrm.systemtest;

import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processors.attributes.UpdateAttribute;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The push flow's run of webhook calls (templates/crm-sync-push.json), as Track Progress counts it and Describe Load
 * Failure files it (both expressions as the flow definition holds them, with its parameters, in NiFi's own
 * UpdateAttribute): a day of the sender's calls, the day (UTC) a call was received, whenever its records reach the
 * tracker. The FlowFiles here were received (HandleHttpRequest created their lineage) on either side of midnight.
 * Before, the day was the tracker's clock's: a call received at 23:59:59 whose records were counted after midnight went
 * into the next day's run, and one whose records reached the tracker on both sides of midnight was counted in two runs.
 */
class PushRunIdsTest {
    private static final Instant BEFORE_MIDNIGHT = Instant.parse("2026-12-06T23:59:59.900Z");
    private static final Instant AFTER_MIDNIGHT = Instant.parse("2026-12-07T00:00:00.100Z");

    private static RegisteredFlowSnapshot snapshot;
    private static Map<String, String> parameters;

    @BeforeAll
    static void readFlow() throws IOException {
        snapshot = FlowDefinitionTest.read(ProjectPaths.templates().resolve("crm-sync-push.json"));
        parameters = parameters(snapshot);
    }

    /** The values the flow definition gives its parameters (a sensitive one has none). */
    static Map<String, String> parameters(final RegisteredFlowSnapshot flow) {
        final Map<String, String> values = new HashMap<>();
        for (final VersionedParameter parameter : flow.getParameterContexts().get(flow.getFlowContents().getParameterContextName()).getParameters()) {
            if (parameter.getValue() != null) {
                values.put(parameter.getName(), parameter.getValue());
            }
        }
        return values;
    }

    /** Every FlowFile of a call counts in the day the call came in: the last call before midnight and the first after it are two days. */
    @Test
    void aCallIsCountedInTheDayItWasReceived() {
        final Map<String, String> written = Map.of("crm.outcome", "written", "record.count", "3");
        assertEquals("people-webhooks-2026-12-06", evaluated("Track Progress", "Run ID", BEFORE_MIDNIGHT, written));
        assertEquals("people-webhooks-2026-12-07", evaluated("Track Progress", "Run ID", AFTER_MIDNIGHT, written));
    }

    /**
     * A record of the last call before midnight that the target refused is filed under that call's run, and counted in
     * it as load-failed, in the same run as the call's written records: the file's name, the tracker's count and the
     * report the operator reads for the day agree.
     */
    @Test
    void aLoadFailureIsFiledAndCountedInItsCallsRun() {
        final Map<String, String> refused = Map.of("crm.load.target", "home", "crm.load.failure", "refused", "record.count", "1",
                "putdatabaserecord.error", "Batch entry 0 was aborted: ERROR: new row violates check constraint");
        final String filed = evaluated("Describe Load Failure", "crm.run.id", BEFORE_MIDNIGHT, refused);
        assertEquals("people-webhooks-2026-12-06", filed);
        assertTrue(evaluated("Describe Load Failure", "crm.load.batch", BEFORE_MIDNIGHT, refused).startsWith(filed + "/"));
        final Map<String, String> described = new HashMap<>(refused);
        described.put("crm.run.id", filed);
        described.put("crm.outcome", "load-failed");
        // gathered with the call's other failures and counted after midnight: still in the call's day
        assertEquals(filed, evaluated("Track Progress", "Run ID", AFTER_MIDNIGHT, described));
    }

    /** A replay of load failures stays a run of its own, whatever day the replayed records were received. */
    @Test
    void aReplayIsARunOfItsOwn() {
        assertEquals("replay-20261207T0001Z", evaluated("Track Progress", "Run ID", BEFORE_MIDNIGHT,
                Map.of("crm.run.id", "replay-20261207T0001Z", "crm.outcome", "written", "record.count", "1")));
    }

    /** One property of the named processor, evaluated by NiFi's UpdateAttribute on a FlowFile of a call received at {@code received}. */
    private static String evaluated(final String processorName, final String property, final Instant received, final Map<String, String> attributes) {
        final VersionedProcessor processor = snapshot.getFlowContents().getProcessors().stream()
                .filter(candidate -> candidate.getName().equals(processorName)).findFirst().orElseThrow();
        final TestRunner runner = TestRunners.newTestRunner(UpdateAttribute.class);
        FlowParameters.supply(runner, parameters);
        runner.setProperty("crm.test.value", FlowParameters.resolve(processor.getProperties().get(property), parameters));
        final MockFlowFile call = new MockFlowFile(1) {
            @Override
            public long getLineageStartDate() {
                return received.toEpochMilli();
            }
        };
        call.putAttributes(attributes);
        runner.enqueue(call);
        runner.run();
        runner.assertAllFlowFilesTransferred("success", 1);
        return runner.getFlowFilesForRelationship("success").getFirst().getAttribute("crm.test.value");
    }
}
