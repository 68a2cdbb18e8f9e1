package dev.nificrm.systemtest;

import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedFunnel;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processors.standard.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Static checks, over every flow definition in templates/, that an operator learns of everything a step could not take:
 * whatever a step sends on a failure-like relationship (failure, invalid, conflict, review, retry, retries_exceeded,
 * not.found, permission.denied, rejected, set state fail) is never auto-terminated, and every way it goes on reaches a
 * step the operator sees: the flow's tracker (TrackCRMProgress: its counters and its report count the outcome) or a
 * LogMessage that raises a bulletin (a level that can be warn or error, Bulletin Level not NONE). A relationship that only
 * loops back to its step is retried in place and needs that step's own bulletin. A few ends are allowed by name, each
 * with why (the step's own bulletin, and no record lost): {@link #ENDS_ON_ITS_OWN}. And no funnel leads nowhere.
 * <p>
 * Before, the pull and push flows filed the rows Reconcile Target could not take one by one (the rest reconciled, the
 * report counting them as failure) without any bulletin, as the migration-db flow did (and named no file), and the pull
 * flow filed the write-backs Map to Source Layout found invalid in write-back-failed/ without any bulletin or count.
 */
class FailuresOperatorsSeeTest {
    private static final Set<String> FAILURE_LIKE = Set.of("failure", "invalid", "conflict", "review", "retry", "retries_exceeded", "not.found",
            "permission.denied", "rejected", "set state fail");
    /** The flows' tracker, by its type (the class is in the NAR, not on this module's class path). */
    private static final String TRACKER = "dev.nificrm.processors.TrackCRMProgress";
    private static final String LOG_MESSAGE = LogMessage.class.getName();

    /** Failure-like relationships that end without a step the operator sees after them, by flow/step/relationship, and why they may. */
    private static final Map<String, String> ENDS_ON_ITS_OWN = Map.ofEntries(
            Map.entry("crm-sync-push.json/Verify Signature/rejected", "a call not let in is answered (401, 400) by Respond Rejected; "
                    + "VerifyWebhookSignature's WARN is the bulletin; nothing was taken in"),
            Map.entry("crm-sync-push.json/Verify Signature/failure", "a call that could not be checked is answered by Respond Rejected; "
                    + "VerifyWebhookSignature's ERROR is the bulletin; nothing was taken in"),
            Map.entry("crm-sync-push.json/Respond Rejected/failure", "the answer to a call not let in could not be sent: HandleHttpResponse's "
                    + "WARN or ERROR; the call was never taken in"),
            Map.entry("crm-sync-two-way.json/Open Sync Window/set state fail", "the cycle's empty trigger: UpdateAttribute's WARN or ERROR, and the "
                    + "next cycle reads the same window again"),
            Map.entry("crm-cutover.json/Describe Not Reconciled/failure", "the description of a file already written: AttributesToJSON's ERROR"),
            Map.entry("crm-migration.json/Describe Failure/failure", "the description of a file already filed: AttributesToJSON's ERROR"),
            Map.entry("crm-migration-db.json/Describe Unreconciled Tables/failure", "the description of a file already written: AttributesToJSON's ERROR"),
            Map.entry("crm-sync-pull.json/Describe Unreconciled Tables/failure", "the description of a file already written: AttributesToJSON's ERROR"),
            Map.entry("crm-sync-push.json/Describe Unreconciled Tables/failure", "the description of a file already written: AttributesToJSON's ERROR"),
            Map.entry("crm-sync-two-way.json/Describe Unreconciled Tables/failure", "the description of a file already written: AttributesToJSON's "
                    + "ERROR"));

    static Stream<Path> flowDefinitions() throws IOException {
        return FlowDefinitionTest.flowDefinitions();
    }

    @ParameterizedTest
    @MethodSource("flowDefinitions")
    void everyFailureReachesATrackerOrABulletin(final Path definition) throws IOException {
        final String flow = definition.getFileName().toString();
        final List<String> problems = new ArrayList<>();
        for (final VersionedProcessGroup group : groups(FlowDefinitionTest.read(definition).getFlowContents())) {
            for (final VersionedProcessor processor : group.getProcessors()) {
                for (final String relationship : FAILURE_LIKE) {
                    final String where = flow + "/" + processor.getName() + "/" + relationship;
                    final boolean allowed = ENDS_ON_ITS_OWN.containsKey(where) && !"NONE".equals(processor.getBulletinLevel());
                    if (processor.getAutoTerminatedRelationships().contains(relationship) && !allowed) {
                        problems.add(processor.getName() + " auto-terminates " + relationship + ": dropped");
                    }
                    final List<VersionedConnection> ways = group.getConnections().stream().filter(connection -> connection.getSource().getId()
                            .equals(processor.getIdentifier()) && connection.getSelectedRelationships().contains(relationship)).toList();
                    final List<String> onwards = ways.stream().map(connection -> connection.getDestination().getId())
                            .filter(destination -> !destination.equals(processor.getIdentifier())).toList();
                    if (!ways.isEmpty() && onwards.isEmpty() && "NONE".equals(processor.getBulletinLevel())) {
                        problems.add(processor.getName() + "'s " + relationship + " loops back to it, and its Bulletin Level is NONE: retried unseen");
                    }
                    for (final String onward : onwards) {
                        if (!allowed && !seen(group, onward)) {
                            problems.add(processor.getName() + "'s " + relationship + " reaches no tracker and no bulletin: filed or dropped unseen");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems, flow);
    }

    /** The tracker's type as the flows write it: a misspelt constant would pass nothing through it. */
    @Test
    void theTrackerIsTheFlowsTracker() throws IOException {
        for (final String flow : List.of("crm-migration.json", "crm-sync-pull.json")) {
            final VersionedProcessGroup group = FlowDefinitionTest.read(ProjectPaths.templates().resolve(flow)).getFlowContents();
            assertEquals(TRACKER, UnreconciledTablesTest.processor(group, "Track Progress").getType(), flow);
        }
    }

    @ParameterizedTest
    @MethodSource("flowDefinitions")
    void everyFunnelLeadsSomewhere(final Path definition) throws IOException {
        for (final VersionedProcessGroup group : groups(FlowDefinitionTest.read(definition).getFlowContents())) {
            for (final VersionedFunnel funnel : group.getFunnels()) {
                assertTrue(group.getConnections().stream().anyMatch(connection -> connection.getSource().getId().equals(funnel.getIdentifier())),
                        definition.getFileName() + ": funnel " + funnel.getIdentifier() + " leads nowhere: what reaches it is dropped");
            }
        }
    }

    /** Each allowed end names a step of its flow that has the relationship: a renamed step cannot leave a stale pass behind. */
    @Test
    void everyAllowedEndIsAStepOfItsFlow() throws IOException {
        for (final String where : ENDS_ON_ITS_OWN.keySet()) {
            final String[] parts = where.split("/");
            final VersionedProcessGroup flow = FlowDefinitionTest.read(ProjectPaths.templates().resolve(parts[0])).getFlowContents();
            final VersionedProcessor processor = UnreconciledTablesTest.processor(flow, parts[1]);
            assertTrue(processor.getAutoTerminatedRelationships().contains(parts[2]) || flow.getConnections().stream().anyMatch(connection ->
                    connection.getSource().getId().equals(processor.getIdentifier()) && connection.getSelectedRelationships().contains(parts[2])), where);
        }
    }

    /**
     * The pull flow's Alert Failed Write-Backs, evaluated as the template writes it: for write-backs Map to Source Layout
     * found invalid (no record.error.message; it raises nothing for them), ERROR with the run, how many records and the
     * file; for a FlowFile it routed to failure (record.error.message), INFO: its own ERROR is the one bulletin. Before,
     * Write Failed Write-Backs auto-terminated what it wrote and nothing was said.
     */
    @Test
    void thePullFlowsBulletinOfFailedWriteBacksNamesTheFile() throws IOException {
        final VersionedProcessGroup flow = FlowDefinitionTest.read(ProjectPaths.templates().resolve("crm-sync-pull.json")).getFlowContents();
        final VersionedProcessor write = UnreconciledTablesTest.processor(flow, "Write Failed Write-Backs");
        final VersionedProcessor alert = UnreconciledTablesTest.processor(flow, "Alert Failed Write-Backs");
        assertTrue(flow.getConnections().stream().anyMatch(connection -> connection.getSource().getId().equals(write.getIdentifier())
                && connection.getDestination().getId().equals(alert.getIdentifier()) && connection.getSelectedRelationships().contains("success")));
        assertEquals("/errors/write-back-failed", write.getProperties().get("Directory").replace("#{Error Directory}", "/errors"));
        final List<MockFlowFile> evaluated = UnreconciledTablesTest.evaluate(alert, List.of(
                Map.of("crm.run.id", "pull-20261205T163051.378Z", "record.count", "3", "filename", "7a3c5e2b"),
                Map.of("crm.run.id", "pull-20261205T163051.378Z", "filename", "9d1e", "record.error.message", "Malformed record")));
        assertEquals(List.of("3 write-back record(s) of run pull-20261205T163051.378Z could not be mapped to the source layout (the reason of each in "
                        + "crm_errors) and were not written back; filed as /errors/write-back-failed/7a3c5e2b.",
                "The write-back record(s) of run pull-20261205T163051.378Z went to failure in Map to Source Layout (it gave the reason) and were not "
                        + "written back; filed as /errors/write-back-failed/9d1e."),
                evaluated.stream().map(flowFile -> flowFile.getAttribute("crm.test.message")).toList());
        assertEquals(List.of("error", "info"), evaluated.stream().map(flowFile -> flowFile.getAttribute("crm.test.level")).toList());
    }

    /** Whether what reaches this component goes on to the tracker or to a LogMessage that raises a bulletin, on some way. */
    private static boolean seen(final VersionedProcessGroup group, final String from) {
        final Set<String> visited = new HashSet<>();
        final Deque<String> next = new ArrayDeque<>(List.of(from));
        while (!next.isEmpty()) {
            final String component = next.poll();
            if (!visited.add(component)) {
                continue;
            }
            final VersionedProcessor processor = group.getProcessors().stream().filter(candidate -> candidate.getIdentifier().equals(component))
                    .findFirst().orElse(null);
            if (processor != null && (TRACKER.equals(processor.getType()) || raisesABulletin(processor))) {
                return true;
            }
            group.getConnections().stream().filter(connection -> connection.getSource().getId().equals(component))
                    .forEach(connection -> next.add(connection.getDestination().getId()));
        }
        return false;
    }

    private static boolean raisesABulletin(final VersionedProcessor processor) {
        final String level = String.valueOf(processor.getProperties().get("log-level")).toLowerCase(Locale.ROOT);
        return LOG_MESSAGE.equals(processor.getType()) && !"NONE".equals(processor.getBulletinLevel())
                && (level.contains("warn") || level.contains("error") || level.contains("fatal"));
    }

    private static List<VersionedProcessGroup> groups(final VersionedProcessGroup root) {
        final List<VersionedProcessGroup> groups = new ArrayList<>(List.of(root));
        root.getProcessGroups().forEach(child -> groups.addAll(groups(child)));
        return groups;
    }
}
