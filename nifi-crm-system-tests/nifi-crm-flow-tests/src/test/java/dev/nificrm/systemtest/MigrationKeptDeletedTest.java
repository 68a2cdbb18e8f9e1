package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        for (final VersionedParameter parameter : flow.getParameterContexts().get(flow.getFlowContents().getParameterContextName()).getParameters()) {
            if (parameter.getName().equals("Target Deleted Column")) {
                parameter.setValue(null);
            }
        }
        final MockFlowFile written = write(GOLDEN_RECORDS, Map.of("crm.run.id", "contacts.csv@2026-12-07T10:00:00.000Z",
                "crm.merge.merged.count", "3", "crm.merge.single.count", "2"));

        assertEquals(Map.of("written", "5"), outcomes(count(written)), "the people table's trigger kept g-deleted deleted, which nothing asks here");
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
        final VersionedProcessor processor = flow.getFlowContents().getProcessors().stream().filter(candidate -> candidate.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("crm-migration-db.json has no " + name));
        return LoadFailureRulesTest.runnerFor(flow, processor);
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
