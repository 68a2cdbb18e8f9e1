package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.flow.ConnectableComponentType;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * crm-migration-db.json's write into the people CRM of templates/sync/people-crm.sql (real PostgreSQL, its triggers),
 * step by step through the flow's own processors as the flow definition configures them (LoadFailureRulesTest's
 * runnerFor): Map to Table Columns, Upsert into Target, then the steps that count the write, Outcome Written to Count
 * Written and Outcome Kept Deleted.
 *
 * <p>A customer deleted in the CRM (by the sync, a tombstone with its sync_version) stays deleted when the export is
 * migrated again or a load failure filed before the deletion is replayed: the migration's write names sync_version
 * (empty, as canonical-to-people.json maps it), so the CRM's keep-newest trigger runs and skips a write that would clear
 * the tombstone without a newer version. Before, the migration wrote no sync_version, the trigger did not run and the
 * write brought the customer back. A skipped write is counted as what it is, kept-deleted, filed by its golden id with
 * the reason, not written: every record on exactly one count.
 *
 * <p>A replayed file of load failures is a run whose total is the file's golden records: it runs here from Mark Replays
 * along the flow's own connections into Track Progress, which summarises it as soon as each is written, kept deleted or
 * filed again.
 */
@ExtendWith(PostgresExtension.class)
class MigrationKeptDeletedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Three golden records of an export as Merge Duplicates gives them, in the canonical model. */
    private static final String GOLDEN_RECORDS = """
            [{"crm_match_id": "g-deleted", "first_name": "Adaline", "last_name": "Byron", "email": "adaline@example.com", "deleted": false},
             {"crm_match_id": "g-live", "first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com", "deleted": true},
             {"crm_match_id": "g-new", "first_name": "Edsger", "last_name": "Dijkstra", "email": "edsger@example.com", "deleted": false}]""";

    private SqlCrm people;
    private RegisteredFlowSnapshot flow;

    @BeforeEach
    void createTheCrm(final PostgresServer server) throws Exception {
        people = SqlCrm.create(server, SqlCrm.Kind.PEOPLE, "keptdeleted");
        // deleted by the sync (version 7), and a live row the sync wrote (version 3)
        people.insert(Map.of("given_name", "Ada", "family_name", "Lovelace", "external_id", "g-deleted", "sync_version", 7L, "is_deleted", true));
        people.insert(Map.of("given_name", "Grace", "family_name", "Hopper", "external_id", "g-live", "sync_version", 3L, "is_deleted", false));
        flow = FlowDefinitionTest.read(ProjectPaths.templates().resolve("crm-migration-db.json"));
        final Map<String, String> parameters = new HashMap<>(Map.of("Target JDBC URL", people.database().jdbcUrl(), "Target Database User",
                people.database().user(), "JDBC Driver Location", PostgresServer.jdbcDriverJar().toString()));
        if (!people.database().password().isEmpty()) {
            parameters.put("Target Database Password", people.database().password());
        }
        for (final VersionedParameter parameter : flow.getParameterContexts().get(flow.getFlowContents().getParameterContextName()).getParameters()) {
            if (parameters.containsKey(parameter.getName())) {
                parameter.setValue(parameters.get(parameter.getName()));
            }
        }
    }

    @Test
    void aCustomerDeletedInTheCrmStaysDeletedAndIsCountedKeptDeletedNotWritten() throws Exception {
        // five export records merged into three golden records
        final MockFlowFile written = write(GOLDEN_RECORDS, Map.of("crm.run.id", "contacts.csv@2026-12-07T10:00:00.000Z",
                "crm.merge.merged.count", "3", "crm.merge.single.count", "2"));

        final Map<String, Map<String, Object>> rows = rows();
        assertEquals(Map.of("given_name", "Ada", "is_deleted", true, "sync_version", 7L), select(rows.get("g-deleted")),
                "the customer deleted in the CRM stays deleted, with its values and version");
        assertEquals(Map.of("given_name", "Grace", "is_deleted", true, "sync_version", 3L), select(rows.get("g-live")),
                "a deletion in the export is written, the row's version kept");
        assertEquals(false, rows.get("g-new").get("is_deleted"), "a new customer is written");

        final Map<String, MockFlowFile> counted = count(written);
        assertEquals(Map.of("written", "4", "kept-deleted", "1"), outcomes(counted), "5 export records: 4 written, 1 kept deleted");
        final JsonNode kept = JSON.readTree(counted.get("kept-deleted").toByteArray());
        assertEquals(1, kept.size(), kept.toString());
        assertEquals("g-deleted", kept.get(0).path("crm_match_id").asText());
        assertTrue(kept.get(0).path("crm_errors").asText().startsWith("kept deleted: the row is deleted in the target"), kept.toString());
        assertTrue(counted.get("kept-deleted").getAttribute("filename").matches("contacts-kept-deleted-[0-9a-f-]{36}[.]json"),
                counted.get("kept-deleted").getAttribute("filename"));
    }

    /** A replayed file's golden records count one each: one kept deleted is that, and nothing is written. */
    @Test
    void aReplayOfAWriteFiledBeforeTheDeletionIsCountedKeptDeleted() throws Exception {
        final String replayed = "[{\"crm_match_id\": \"g-deleted\", \"first_name\": \"Adaline\", \"last_name\": \"Byron\", \"deleted\": false}]";
        final MockFlowFile written = write(replayed, Map.of("crm.run.id", "replay-contacts-0b5e@2026-12-07T10:16:00.123Z", "record.count", "1"));

        assertEquals(Map.of("given_name", "Ada", "is_deleted", true, "sync_version", 7L), select(rows().get("g-deleted")));
        assertEquals(Map.of("kept-deleted", "1"), outcomes(count(written)));
    }

    /** A write of live customers onto live rows is written, all of it. */
    @Test
    void aWriteOfLiveCustomersIsCountedWrittenWhole() throws Exception {
        final String golden = "[{\"crm_match_id\": \"g-live\", \"first_name\": \"Grace\", \"last_name\": \"Murray\", \"deleted\": false},"
                + " {\"crm_match_id\": \"g-new\", \"first_name\": \"Edsger\", \"last_name\": \"Dijkstra\", \"deleted\": false}]";
        final MockFlowFile written = write(golden, Map.of("crm.run.id", "contacts.csv@2026-12-07T10:00:00.000Z",
                "crm.merge.merged.count", "0", "crm.merge.single.count", "2"));

        assertEquals(Map.of("given_name", "Grace", "is_deleted", false, "sync_version", 3L), select(rows().get("g-live")),
                "written, the row's version kept");
        assertEquals(Map.of("written", "2"), outcomes(count(written)));
    }

    /**
     * A table without a tombstone column (Target Deleted Column empty, a Table Mapping Specification without /deleted):
     * the query selects nothing, and the write counts written whole.
     */
    @Test
    void withoutATargetDeletedColumnAWriteCountsWrittenWhole() throws Exception {
        setParameter("Target Deleted Column", null);
        final MockFlowFile written = write(GOLDEN_RECORDS, Map.of("crm.run.id", "contacts.csv@2026-12-07T10:00:00.000Z",
                "crm.merge.merged.count", "3", "crm.merge.single.count", "2"));

        assertEquals(Map.of("written", "5"), outcomes(count(written)), "the people table's trigger kept g-deleted deleted, which nothing asks here");
    }

    /**
     * A replayed file (four golden records filed by an export's write, in the table's columns with their reason) is a run
     * whose total is the file's records, known before any is written: Track Progress summarises it, finished, as soon as
     * every one is counted (two written, one kept deleted by the CRM, one refused again and filed again), with the counts
     * Reconcile Target balances, not a Run Idle Timeout (1 min) after the last one with no total. Here the summary comes
     * while the file's FlowFiles are passed on, long before that timeout; before Count Replayed Records there was none.
     */
    @Test
    void aReplayIsSummarisedOnceEveryRecordOfItsFileIsCounted(@TempDir final Path errors) throws Exception {
        setParameter("Error Directory", errors.toString());
        people.execute("ALTER TABLE people ADD CONSTRAINT people_refused CHECK (family_name <> 'Okafor')");
        final String reason = "not written into people: still failing after 6 attempts (canceling statement due to lock timeout)";
        final StringBuilder file = new StringBuilder("[");
        for (final String[] customer : List.of(new String[] {"g-deleted", "Adaline", "Byron"}, new String[] {"g-live", "Grace", "Murray"},
                new String[] {"g-new", "Edsger", "Dijkstra"}, new String[] {"g-refused", "Chidi", "Okafor"})) {
            file.append(file.length() == 1 ? "" : ", ").append(String.format("{\"external_id\": \"%s\", \"given_name\": \"%s\", \"family_name\": \"%s\", "
                    + "\"email_address\": null, \"is_deleted\": false, \"sync_version\": null, \"crm_errors\": \"%s\"}", customer[0], customer[1], customer[2], reason));
        }

        final Tracked tracked = runToTrackProgress("Mark Replays", file.append(']').toString(), Map.of("filename", "contacts-0b5e.json"));

        assertEquals(1, tracked.summaries().size(), "one summary of the replay, at its total; Track Progress holds " + tracked.state());
        final Map<String, String> summary = tracked.summaries().getFirst().getAttributes();
        assertTrue(summary.get("crm.progress.run.id").startsWith("replay-contacts-0b5e@"), summary.toString());
        assertEquals(Map.of("status", "finished", "total", "4", "done", "4", "written", "2", "kept-deleted", "1", "load-failed", "1"),
                Map.of("status", summary.get("crm.progress.status"), "total", String.valueOf(summary.get("crm.progress.total.count")),
                        "done", summary.get("crm.progress.done.count"), "written", summary.get("crm.progress.outcome.written.count"),
                        "kept-deleted", summary.get("crm.progress.outcome.kept-deleted.count"),
                        "load-failed", summary.get("crm.progress.outcome.load-failed.count")), summary.toString());
        final Map<String, Map<String, Object>> rows = rows();
        assertEquals(Set.of("g-deleted", "g-live", "g-new"), rows.keySet(), "the refused customer is not written");
        assertEquals(Map.of("given_name", "Ada", "is_deleted", true, "sync_version", 7L), select(rows.get("g-deleted")));
        final List<Path> filedAgain;
        try (Stream<Path> files = Files.list(errors.resolve("load-failed"))) {
            filedAgain = files.toList();
        }
        assertEquals(1, filedAgain.size(), filedAgain.toString());
        assertTrue(filedAgain.getFirst().getFileName().toString().startsWith("replay-contacts-0b5e-"), "left alone by Replay Load Failures: " + filedAgain);
        final JsonNode refused = JSON.readTree(filedAgain.getFirst().toFile());
        assertEquals(1, refused.size(), refused.toString());
        assertEquals("g-refused", refused.get(0).path("external_id").asText());
    }

    /** Map to Table Columns and Upsert into Target on the golden records: the FlowFile the write sends on. */
    private MockFlowFile write(final String goldenRecords, final Map<String, String> attributes) throws Exception {
        final MockFlowFile mapped = step("Map to Table Columns", goldenRecords.getBytes(StandardCharsets.UTF_8), attributes, "success").getFirst();
        return step("Upsert into Target", mapped.toByteArray(), mapped.getAttributes(), "success").getFirst();
    }

    /** The steps from Outcome Written to Track Progress: the FlowFiles Track Progress counts, by outcome. */
    private Map<String, MockFlowFile> count(final MockFlowFile written) throws Exception {
        MockFlowFile current = step("Outcome Written", written, "success").getFirst();
        current = step("List Live Rows Written", current, "live").getFirst();
        current = step("Write Kept-Deleted Query", current, "success").getFirst();
        current = step("Find Rows Kept Deleted", current, "success").getFirst();
        final TestRunner separate = runner("Separate Rows Kept Deleted");
        separate.enqueue(current.toByteArray(), current.getAttributes());
        separate.run();
        final Map<String, MockFlowFile> counted = new LinkedHashMap<>();
        for (final MockFlowFile copy : separate.getFlowFilesForRelationship("written")) {
            counted.put("written", step("Count Written", copy, "success").getFirst());
        }
        for (final MockFlowFile copy : separate.getFlowFilesForRelationship("kept-deleted")) {
            counted.put("kept-deleted", step("Outcome Kept Deleted", copy, "success").getFirst());
        }
        assertEquals(List.of(), separate.getFlowFilesForRelationship("unmatched"));
        return counted;
    }

    /** What Track Progress counts of each FlowFile: its outcome and Record Count. */
    private static Map<String, String> outcomes(final Map<String, MockFlowFile> counted) {
        final Map<String, String> outcomes = new HashMap<>();
        counted.forEach((name, flowFile) -> {
            assertEquals(name, flowFile.getAttribute("crm.outcome"));
            outcomes.put(flowFile.getAttribute("crm.outcome"), flowFile.getAttribute("crm.accounted.count"));
        });
        return outcomes;
    }

    private List<MockFlowFile> step(final String name, final MockFlowFile input, final String relationship) throws Exception {
        return step(name, input.toByteArray(), input.getAttributes(), relationship);
    }

    private List<MockFlowFile> step(final String name, final byte[] content, final Map<String, String> attributes, final String relationship) throws Exception {
        final TestRunner runner = runner(name);
        runner.enqueue(content, attributes);
        runner.run();
        final List<MockFlowFile> out = runner.getFlowFilesForRelationship(relationship);
        assertEquals(1, out.size(), name + " to " + relationship + ": " + runner.getFlowFilesForRelationship("failure").stream()
                .map(failed -> failed.getAttributes().toString()).toList());
        return out;
    }

    private TestRunner runner(final String name) throws Exception {
        return LoadFailureRulesTest.runnerFor(flow, processor(name));
    }

    /**
     * Runs a FlowFile from the named processor along the flow's connections (through funnels), every processor it reaches
     * configured as the flow configures it, until nothing moves: round by round, each processor reached runs what is
     * queued for it (and once more when nothing is, which completes a MergeRecord's bin). Track Progress counts what
     * reaches it and is not followed further: its summaries are returned. Gather Load Failures completes a bin of one
     * record (its Minimum Number of Records 1, not 10,000): it needs no Max Bin Age (3 sec) to pass, and what it gathers
     * here is all that is queued for it anyway.
     */
    private Tracked runToTrackProgress(final String first, final String content, final Map<String, String> attributes) throws Exception {
        final Map<String, VersionedProcessor> byId = new HashMap<>();
        flow.getFlowContents().getProcessors().forEach(processor -> byId.put(processor.getIdentifier(), processor));
        final Map<String, TestRunner> runners = new LinkedHashMap<>();
        final Set<String> scheduled = new HashSet<>();
        final List<MockFlowFile> summaries = new ArrayList<>();
        reached(runners, first).enqueue(content.getBytes(StandardCharsets.UTF_8), attributes);
        boolean moved = true;
        for (int round = 0; moved; round++) {
            assertTrue(round < 100, "still moving after 100 rounds: " + runners.keySet());
            moved = false;
            for (final Map.Entry<String, TestRunner> entry : List.copyOf(runners.entrySet())) {
                final TestRunner runner = entry.getValue();
                runner.run(Math.max(1, runner.getQueueSize().getObjectCount()), false, scheduled.add(entry.getKey()));
                final VersionedProcessor processor = processor(entry.getKey());
                for (final Relationship relationship : runner.getProcessor().getRelationships()) {
                    final List<MockFlowFile> out = runner.getFlowFilesForRelationship(relationship);
                    moved |= !out.isEmpty();
                    if (entry.getKey().equals("Track Progress")) {
                        if (relationship.getName().equals("summary")) {
                            summaries.addAll(out);
                        }
                        continue;
                    }
                    for (final VersionedProcessor destination : destinations(byId, processor.getIdentifier(), relationship.getName())) {
                        for (final MockFlowFile flowFile : out) {
                            reached(runners, destination.getName()).enqueue(flowFile.toByteArray(), flowFile.getAttributes());
                        }
                    }
                }
                runner.clearTransferState();
                moved |= !runner.isQueueEmpty();
            }
        }
        assertTrue(runners.containsKey("Track Progress"), "nothing reached Track Progress: " + runners.keySet());
        return new Tracked(summaries, runners.get("Track Progress").getStateManager().getState(Scope.CLUSTER).toMap());
    }

    /** What Track Progress summarised, and the runs its state holds. */
    private record Tracked(List<MockFlowFile> summaries, Map<String, String> state) {
    }

    private TestRunner reached(final Map<String, TestRunner> runners, final String name) throws Exception {
        TestRunner runner = runners.get(name);
        if (runner == null) {
            runner = runner(name);
            if (name.equals("Gather Load Failures")) {
                runner.setProperty("min-records", "1");
            }
            runners.put(name, runner);
        }
        return runner;
    }

    /** The processors a relationship of a processor (or any connection of a funnel) leads to, through funnels. */
    private List<VersionedProcessor> destinations(final Map<String, VersionedProcessor> byId, final String source, final String relationship) {
        final List<VersionedProcessor> destinations = new ArrayList<>();
        for (final VersionedConnection connection : flow.getFlowContents().getConnections()) {
            if (connection.getSource().getId().equals(source) && (relationship == null || connection.getSelectedRelationships().contains(relationship))) {
                if (connection.getDestination().getType() == ConnectableComponentType.FUNNEL) {
                    destinations.addAll(destinations(byId, connection.getDestination().getId(), null));
                } else {
                    destinations.add(byId.get(connection.getDestination().getId()));
                }
            }
        }
        return destinations;
    }

    private VersionedProcessor processor(final String name) {
        return flow.getFlowContents().getProcessors().stream().filter(candidate -> candidate.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("crm-migration-db.json has no " + name));
    }

    private void setParameter(final String name, final String value) {
        for (final VersionedParameter parameter : flow.getParameterContexts().get(flow.getFlowContents().getParameterContextName()).getParameters()) {
            if (parameter.getName().equals(name)) {
                parameter.setValue(value);
            }
        }
    }

    private Map<String, Map<String, Object>> rows() throws Exception {
        final Map<String, Map<String, Object>> rows = new HashMap<>();
        for (final Map<String, Object> row : people.query("SELECT * FROM people")) {
            rows.put((String) row.get("external_id"), row);
        }
        return rows;
    }

    private static Map<String, Object> select(final Map<String, Object> row) {
        final Map<String, Object> selected = new HashMap<>();
        for (final String column : List.of("given_name", "is_deleted", "sync_version")) {
            selected.put(column, row.get(column));
        }
        return selected;
    }
}
