package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processors.attributes.UpdateAttribute;
import org.apache.nifi.processors.standard.AttributesToJSON;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Static checks of what the sync flows (templates/crm-sync-*.json) and crm-migration-db.json do with a table their reconciliation
 * cannot take (the failure of a ReconcileCRMRecord), without a running NiFi: it is filed in {@code unreconciled/} under the Error
 * Directory, named after its run, with its reason beside it in {@code <file>.error.json} as the cutover describes its own; the
 * only ERROR bulletin is the one ReconcileCRMRecord raises; and nothing of it reaches the flow's tracker, which counted the run's
 * records when they left the sync chain. Before, the two-way flow auto-terminated both failures (a bulletin, and the cycle's
 * report missing without a trace on disk), and the pull and push flows filed the table under the name of the tracker's summary,
 * with its reason in no file. In the two-way flow a table read that fails is filed the same way (before, auto-terminated); every
 * reconciler's ERROR names the file (Failure Filed As). Rows a reconciler could not take one by one raise one ERROR of Alert
 * Unreconciled Tables in every flow with a reconciler of the target (before, in the pull, push and migration-db flows, none). The
 * migration-db flow files its target's table the same way (before, under the table read's name with no description, and Reconcile
 * Target's ERROR named no file).
 */
class UnreconciledTablesTest {
    private static final String DIRECTORY = "#{Error Directory}/unreconciled";

    /**
     * The filing: Alert Unreconciled Tables once the file is written, for rows a reconciler could not take one by one (and,
     * in the two-way flow, a table its reads could not read).
     */
    private static final List<String> FILING = List.of("Name Unreconciled Tables", "Write Unreconciled Tables", "Alert Unreconciled Tables",
            "Describe Unreconciled Tables", "Name Unreconciled Description", "Write Unreconciled Description");

    static Stream<Arguments> syncFlows() {
        return Stream.of(Arguments.of("crm-sync-two-way.json", List.of("Reconcile Home", "Reconcile People"), "Track Cycle", FILING),
                Arguments.of("crm-sync-pull.json", List.of("Reconcile Target"), "Track Progress", FILING),
                Arguments.of("crm-sync-push.json", List.of("Reconcile Target"), "Track Progress", FILING),
                Arguments.of("crm-migration-db.json", List.of("Reconcile Target"), "Track Progress", FILING));
    }

    @ParameterizedTest
    @MethodSource("syncFlows")
    void eachReconciliationsFailureIsFiledWithItsDescriptionAndNeverCountedByTheTracker(final String definition, final List<String> reconcilers,
                                                                                          final String tracker, final List<String> filing)
            throws IOException {
        final VersionedProcessGroup flow = flow(definition);
        final String tracking = processor(flow, tracker).getIdentifier();
        for (final String name : reconcilers) {
            final VersionedProcessor reconcile = processor(flow, name);
            assertEquals(List.of("original"), reconcile.getAutoTerminatedRelationships().stream().toList(), name + " drops nothing but the table read");
            assertTrue(Set.of("DEBUG", "INFO", "WARN", "ERROR").contains(reconcile.getBulletinLevel()), name + "'s ERROR reaches the bulletin board: "
                    + reconcile.getBulletinLevel());
            final List<VersionedConnection> failure = flow.getConnections().stream().filter(connection -> connection.getSource().getId()
                    .equals(reconcile.getIdentifier()) && connection.getSelectedRelationships().contains("failure")).toList();
            assertEquals(1, failure.size(), name + "'s failure goes one way: " + failure);
            final String filed = failure.getFirst().getDestination().getId();
            assertTrue(!CutoverCountsTest.reaches(flow, filed, tracking, false), name + "'s failure reaches " + tracker + ": its records counted twice");
            // ReconcileCRMRecord's own ERROR is the one bulletin for a table; Alert Unreconciled Tables' for rows it took not one by one
            assertEquals(filing, downstream(flow, filed), name + "'s failure");
        }
        for (final String writer : List.of("Write Unreconciled Tables", "Write Unreconciled Description")) {
            assertEquals(DIRECTORY, processor(flow, writer).getProperties().get("Directory"), writer);
        }
    }

    /**
     * A whole table read a reconciliation could not take, through Name Unreconciled Tables, Describe Unreconciled Tables
     * and Name Unreconciled Description as the template configures them: named after the run, and its description, beside
     * it, gives the name, the run, the rows and the reason (ReconcileCRMRecord's record.error.message, never a value).
     */
    @ParameterizedTest
    @MethodSource("syncFlows")
    void aTableTheReconciliationCannotTakeIsNamedAfterItsRunAndDescribedBesideIt(final String definition) throws IOException {
        final VersionedProcessGroup flow = flow(definition);
        final String reason = "String value length (21600000) exceeds the maximum allowed (20971520, from `StreamReadConstraints.getMaxStringLength()`)";
        final Map<String, String> failed = Map.of("crm.run.id", "sync-20261205T163051.378Z-home", "record.count", "31", "filename", "7a3c5e2b-table",
                "record.error.message", reason);
        final MockFlowFile named = CutoverCountsTest.through(CutoverCountsTest.runner(new UpdateAttribute(), processor(flow, "Name Unreconciled Tables")),
                new byte[0], failed);
        final String file = named.getAttribute("filename");
        assertTrue(file.matches("sync-20261205T163051\\.378Z-home-unreconciled-[0-9a-f-]{36}\\.json"), file);
        final MockFlowFile described = CutoverCountsTest.through(CutoverCountsTest.runner(new AttributesToJSON(),
                processor(flow, "Describe Unreconciled Tables")), new byte[0], named.getAttributes());
        final MockFlowFile description = CutoverCountsTest.through(CutoverCountsTest.runner(new UpdateAttribute(),
                processor(flow, "Name Unreconciled Description")), described.toByteArray(), described.getAttributes());
        assertEquals(file.replace(".json", ".error.json"), description.getAttribute("filename"));
        final JsonNode content = new ObjectMapper().readTree(description.getContent());
        assertEquals(List.of(file, "sync-20261205T163051.378Z-home", "31", reason), List.of(content.path("filename").asText(),
                content.path("crm.run.id").asText(), content.path("record.count").asText(), content.path("record.error.message").asText()), content.toString());
    }

    /**
     * In the two-way flow a table read that failed (Read Home Table's or Read People Table's failure: the CRM unreachable)
     * was auto-terminated: ExecuteSQLRecord's bulletin, gone after five minutes, and nothing on disk. It is filed as the
     * reconcilers' failures are: the run's summary (what the reconciliation was to compare) in unreconciled/, named after
     * the run, its description beside it with the read's reason (executesql.error.message); never counted by Track Cycle.
     * Its one bulletin is Alert Unreconciled Tables' once the file is written: the reads raise none (Bulletin Level NONE),
     * and hold nothing back (Penalty Duration 0 sec: ExecuteSQLRecord penalizes what it routes to failure, and Name
     * Unreconciled Tables took it 30 s later).
     */
    @Test
    void aTwoWayTableReadThatFailsIsFiledWithItsReasonBesideIt() throws IOException {
        final VersionedProcessGroup flow = flow("crm-sync-two-way.json");
        final String tracking = processor(flow, "Track Cycle").getIdentifier();
        for (final String name : List.of("Read Home Table", "Read People Table")) {
            final VersionedProcessor read = processor(flow, name);
            assertFalse(read.getAutoTerminatedRelationships().contains("failure"), name + " drops a read that failed");
            assertEquals("NONE", read.getBulletinLevel(), name + "'s own ERROR (the query, the exception) would be a second bulletin");
            assertEquals("0 sec", read.getPenaltyDuration(), name + "'s failure waits its penalty before it is filed");
            final List<VersionedConnection> failure = flow.getConnections().stream().filter(connection -> connection.getSource().getId()
                    .equals(read.getIdentifier()) && connection.getSelectedRelationships().contains("failure")).toList();
            assertEquals(1, failure.size(), name + "'s failure goes one way: " + failure);
            final String filed = failure.getFirst().getDestination().getId();
            assertTrue(!CutoverCountsTest.reaches(flow, filed, tracking, false), name + "'s failure reaches Track Cycle: counted twice");
            assertEquals(FILING, downstream(flow, filed), name + "'s failure");
        }
        final String reason = "Cannot create PoolableConnectionFactory (Connection to 127.0.0.1:5432 refused. Check that the hostname and port are "
                + "correct and that the postmaster is accepting TCP/IP connections.)";
        final Map<String, String> summary = Map.of("crm.run.id", "sync-20261205T163051.378Z-home", "record.count", "1", "filename", "7a3c5e2b-summary",
                "executesql.error.message", reason);
        final MockFlowFile named = CutoverCountsTest.through(CutoverCountsTest.runner(new UpdateAttribute(), processor(flow, "Name Unreconciled Tables")),
                new byte[0], summary);
        final MockFlowFile described = CutoverCountsTest.through(CutoverCountsTest.runner(new AttributesToJSON(),
                processor(flow, "Describe Unreconciled Tables")), new byte[0], named.getAttributes());
        final JsonNode content = new ObjectMapper().readTree(described.getContent());
        assertEquals(List.of(named.getAttribute("filename"), "sync-20261205T163051.378Z-home", reason), List.of(content.path("filename").asText(),
                content.path("crm.run.id").asText(), content.path("executesql.error.message").asText()), content.toString());
        assertTrue(content.path("record.error.message").isNull(), content.toString());
    }

    /**
     * Alert Unreconciled Tables' bulletin, evaluated as the template writes it (its parameter resolved): for a table that
     * could not be read (executesql.error.message), ERROR with the CRM's table, the run, the reason once and the file Write
     * Unreconciled Tables wrote; for a table a reconciler could not take, INFO (nifi-app.log, no bulletin at Bulletin Level
     * WARN): the reconciler's ERROR is the one bulletin; for rows a reconciler could not take one by one (routed to failure on
     * their own, the reason of each in crm_errors, while the rest is reconciled), ERROR with the table, the run, how many rows
     * and the file, no value. Before, the read's one bulletin was ExecuteSQLRecord's own, with the query and the exception,
     * and named no file; and such rows raised no bulletin at all (this line at INFO, the reconciler's report and INFO line
     * counting them as failure).
     */
    @Test
    void theBulletinOfATwoWayTableThatCouldNotBeReadNamesTheFile() throws IOException {
        final VersionedProcessGroup flow = flow("crm-sync-two-way.json");
        final VersionedProcessor alert = processor(flow, "Alert Unreconciled Tables");
        final String reason = "ERROR: relation \"people\" does not exist\n  Position: 226";
        final List<MockFlowFile> evaluated = evaluate(alert, List.of(
                Map.of("crm.run.id", "sync-20261205T163051.378Z-home", "record.count", "1",
                        "filename", "sync-20261205T163051.378Z-home-unreconciled-1a2b.json", "executesql.error.message", reason),
                Map.of("crm.run.id", "sync-20261205T163051.378Z-people", "record.count", "31",
                        "filename", "sync-20261205T163051.378Z-people-unreconciled-3c4d.json", "record.error.message", "String value length (21600000) exceeds"),
                // the rows Reconcile People routed to failure on their own: a child of the read, the fragment of a set, record.count its rows
                Map.of("crm.run.id", "sync-20261205T163051.378Z-home", "record.count", "2",
                        "filename", "sync-20261205T163051.378Z-home-unreconciled-5e6f.json", "fragment.identifier", "9d1e", "fragment.index", "0",
                        "fragment.count", "1")));
        assertEquals(List.of("The people table could not be read to reconcile run sync-20261205T163051.378Z-home, and no report was written: " + reason
                        + "; filed as /errors/unreconciled/sync-20261205T163051.378Z-home-unreconciled-1a2b.json, the reason beside it in its .error.json. "
                        + "The next cycle reads the table again.",
                "The home table read to reconcile run sync-20261205T163051.378Z-people could not be reconciled in full (Reconcile Home or Reconcile "
                        + "People gave the reason); filed as /errors/unreconciled/sync-20261205T163051.378Z-people-unreconciled-3c4d.json.",
                "The people table read to reconcile run sync-20261205T163051.378Z-home had 2 row(s) the reconciliation could not take one by one, "
                        + "counted as failure in its report, the reason of each in crm_errors; filed as "
                        + "/errors/unreconciled/sync-20261205T163051.378Z-home-unreconciled-5e6f.json."),
                evaluated.stream().map(flowFile -> flowFile.getAttribute("crm.test.message")).toList());
        assertEquals(List.of("error", "info", "error"), evaluated.stream().map(flowFile -> flowFile.getAttribute("crm.test.level")).toList(),
                "one ERROR bulletin per failure: the reconciler raised its own for a table, none for rows it could not take one by one");
        assertEquals("/errors/unreconciled", processor(flow, "Write Unreconciled Tables").getProperties().get("Directory")
                .replace("#{Error Directory}", "/errors"), "the file it names is where Write Unreconciled Tables wrote it");
    }

    /**
     * Alert Unreconciled Tables of the pull, push and migration-db flows, evaluated as the template writes it: for rows
     * Reconcile Target could not take one by one (routed to failure on their own, the reason of each in crm_errors, no
     * record.error.message; the reconciler raises nothing for them), ERROR with the run, how many rows and the file, no
     * value; for a table it could not take (record.error.message), INFO: its own ERROR is the one bulletin. Before, the
     * pull and push flows went from Write Unreconciled Tables to Describe Unreconciled Tables and the migration-db flow
     * auto-terminated what it wrote: such rows were filed without anything on the bulletin board.
     */
    @ParameterizedTest
    @ValueSource(strings = {"crm-sync-pull.json", "crm-sync-push.json", "crm-migration-db.json"})
    void theBulletinOfRowsTheTargetsReconcilerCouldNotTakeOneByOneNamesTheFile(final String definition) throws IOException {
        final VersionedProcessGroup flow = flow(definition);
        final VersionedProcessor write = processor(flow, "Write Unreconciled Tables");
        final VersionedProcessor alert = processor(flow, "Alert Unreconciled Tables");
        assertTrue(flow.getConnections().stream().anyMatch(connection -> connection.getSource().getId().equals(write.getIdentifier())
                && connection.getDestination().getId().equals(alert.getIdentifier()) && connection.getSelectedRelationships().contains("success")),
                "Alert Unreconciled Tables follows the written file");
        assertEquals("/errors/unreconciled", write.getProperties().get("Directory").replace("#{Error Directory}", "/errors"));
        final List<MockFlowFile> evaluated = evaluate(alert, List.of(
                Map.of("crm.run.id", "pull-20261205T163051.378Z", "record.count", "2", "filename", "pull-20261205T163051.378Z-unreconciled-5e6f.json",
                        "fragment.identifier", "9d1e", "fragment.index", "0", "fragment.count", "1"),
                Map.of("crm.run.id", "pull-20261205T163051.378Z", "record.count", "31", "filename", "pull-20261205T163051.378Z-unreconciled-3c4d.json",
                        "record.error.message", "String value length (21600000) exceeds")));
        assertEquals(List.of("The target table read to reconcile run pull-20261205T163051.378Z had 2 row(s) Reconcile Target could not take one by "
                        + "one, counted as failure in its report, the reason of each in crm_errors; filed as "
                        + "/errors/unreconciled/pull-20261205T163051.378Z-unreconciled-5e6f.json.",
                "The target table read to reconcile run pull-20261205T163051.378Z could not be reconciled in full (Reconcile Target gave the reason); "
                        + "filed as /errors/unreconciled/pull-20261205T163051.378Z-unreconciled-3c4d.json."),
                evaluated.stream().map(flowFile -> flowFile.getAttribute("crm.test.message")).toList());
        assertEquals(List.of("error", "info"), evaluated.stream().map(flowFile -> flowFile.getAttribute("crm.test.level")).toList(),
                "one ERROR bulletin per failure: the reconciler raised its own for a table, none for rows it could not take one by one");
    }

    /**
     * Each reconciler's ERROR names the file its failure is filed as (Failure Filed As): evaluated against a FlowFile it
     * routes to failure, it is the file Name Unreconciled Tables names and Write Unreconciled Tables writes it into.
     * Before, the ERROR named no file (the operator looked in nifi-app.log or the directory).
     */
    @ParameterizedTest
    @MethodSource("syncFlows")
    void eachReconcilersErrorNamesTheFileTheTableIsFiledAs(final String definition, final List<String> reconcilers) throws IOException {
        final VersionedProcessGroup flow = flow(definition);
        for (final String name : reconcilers) {
            assertEquals(CutoverCountsTest.filedAs(processor(flow, "Name Unreconciled Tables"), processor(flow, "Write Unreconciled Tables")),
                    CutoverCountsTest.failureFiledAs(processor(flow, name)), name);
        }
    }

    /**
     * A LogMessage's level and message (crm.test.level, crm.test.message) evaluated by UpdateAttribute on FlowFiles with
     * these attributes, in order, the Error Directory as /errors; its Bulletin Level WARN lets its ERROR through, its INFO not.
     */
    static List<MockFlowFile> evaluate(final VersionedProcessor alert, final List<Map<String, String>> flowFiles) {
        assertEquals("WARN", alert.getBulletinLevel(), alert.getName() + ": its ERROR reaches the bulletin board, its INFO not");
        final TestRunner evaluate = TestRunners.newTestRunner(new UpdateAttribute());
        evaluate.setProperty("crm.test.message", alert.getProperties().get("log-message").replace("#{Error Directory}", "/errors"));
        evaluate.setProperty("crm.test.level", alert.getProperties().get("log-level"));
        flowFiles.forEach(attributes -> evaluate.enqueue(new byte[0], attributes));
        evaluate.run(flowFiles.size());
        return evaluate.getFlowFilesForRelationship("success");
    }

    private static VersionedProcessGroup flow(final String definition) throws IOException {
        return FlowDefinitionTest.read(ProjectPaths.templates().resolve(definition)).getFlowContents();
    }

    /** The steps a FlowFile passes from a component on (a self-loop of a failed write aside), in order. */
    private static List<String> downstream(final VersionedProcessGroup flow, final String from) {
        final List<String> steps = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        final Deque<String> next = new ArrayDeque<>(List.of(from));
        while (!next.isEmpty()) {
            final String component = next.poll();
            if (!seen.add(component)) {
                continue;
            }
            steps.add(flow.getProcessors().stream().filter(processor -> processor.getIdentifier().equals(component)).map(VersionedProcessor::getName)
                    .findFirst().orElse("a funnel"));
            for (final VersionedConnection connection : flow.getConnections()) {
                if (connection.getSource().getId().equals(component) && !connection.getDestination().getId().equals(component)) {
                    next.add(connection.getDestination().getId());
                }
            }
        }
        return steps;
    }

    static VersionedProcessor processor(final VersionedProcessGroup group, final String name) {
        return group.getProcessors().stream().filter(processor -> processor.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(group.getName() + " has no processor " + name));
    }
}
