package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * templates/crm-migration-db.json in the real NiFi 2.3.0: the Salesforce Contact sample export (28 records with
 * duplicates and invalid values) migrated into the people table of templates/sync/people-crm.sql on a real PostgreSQL, in
 * the schema crm that the Target JDBC URL names ({@code ?currentSchema=crm}) beside another people table in public.
 * One row per customer under its golden id, no customer twice; the export's reconciliation report balances its records
 * read against written, review, invalid and failed; the same export dropped again gives the same table. A customer the
 * table refuses for good is filed under load-failed/ with its reason and counted, and Replay Load Failures writes it
 * once the cause is gone, a run whose total is its file's records, summarised and reconciled once they are. A customer deleted in the table stays deleted when the export is migrated again, counted
 * kept-deleted.
 */
@ExtendWith(NiFiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrmMigrationDbIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String EXPORT = "salesforce-contacts.csv";
    private static final int EXPORT_RECORDS = 28;

    private final ObjectMapper mapper = new ObjectMapper();
    private final Path work = Path.of("target/it-work/migration-db").toAbsolutePath();
    private SqlCrm people;
    private PostgresDatabase store;
    private MigrationFlow flow;
    private NiFiClient client;
    /** The second every drop's file time falls in (see {@link #migrate}). */
    private final Instant firstDropSecond = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** The table after the first run, without its modification times. */
    private List<Map<String, Object>> migrated;

    @BeforeAll
    void startTheFlow(final NiFiServer nifi) throws Exception {
        NiFiServer.deleteRecursively(work);
        for (final String directory : List.of("input", "processed", "errors", "reports")) {
            Files.createDirectories(work.resolve(directory));
        }
        final PostgresServer postgres = PostgresServer.shared();
        // the table in a schema other than public, named by the Target JDBC URL (?currentSchema=crm), beside a table of its
        // name in public with other columns: the flow's PutDatabaseRecord writes the one the URL names
        people = SqlCrm.createInSchema(postgres, SqlCrm.Kind.PEOPLE, "migration", "crm");
        store = postgres.createDatabase("migration_store");
        client = nifi.client();
        flow = MigrationFlow.upload(client, ProjectPaths.templates().resolve("crm-migration-db.json"), "CrmMigrationDbIT");
        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Input Directory", work.resolve("input").toString());
        parameters.put("Processed Directory", work.resolve("processed").toString());
        parameters.put("Error Directory", work.resolve("errors").toString());
        parameters.put("Report Directory", work.resolve("reports").toString());
        parameters.put("Target JDBC URL", people.database().jdbcUrl());
        parameters.put("Target Database User", people.database().user());
        parameters.put("Entity Store JDBC URL", store.jdbcUrl());
        parameters.put("Entity Store Database User", store.user());
        parameters.put("JDBC Driver Location", PostgresServer.jdbcDriverJar().toString());
        flow.setParameters(parameters, TIMEOUT);
        flow.enableServices(TIMEOUT);
        assertEquals(List.of(), flow.invalidProcessors(TIMEOUT));
        // a refused write waits a penalty twice (the whole write, then the customer split out of it) before it is filed
        flow.penalizeFor("1 sec");
        // an export is moved into the input directory whole (see migrate), so List CRM Exports may take it at once and look
        // every 250 ms, as an operator trying the flow might set it (shipped: every 5 s, files 3 s old: 3 to 8 s a run);
        // Track Progress and Gather Load Failures are triggered while their queues are empty and then yield their Yield
        // Duration (1 sec): what a run sends them meanwhile waits that out
        flow.configure("List CRM Exports", Map.of("schedulingPeriod", "250 millis"), Map.of("Minimum File Age", "0 sec"));
        flow.configure("Track Progress", Map.of("yieldDuration", "100 millis"), Map.of());
        // the refused customer is alone in its bin: it is filed 200 ms after it arrives rather than the flow's 3 sec
        flow.configure("Gather Load Failures", Map.of("yieldDuration", "100 millis"), Map.of("max-bin-age", "200 millis"));
        // PutFile writes a hidden file and renames it when complete, which the replay's File Filter skips: it may take a
        // file at once rather than 5 s old
        flow.configure("Replay Load Failures", Map.of(), Map.of("Minimum File Age", "0 sec"));
        flow.start();
    }

    @AfterAll
    void stopTheFlow() throws Exception {
        if (flow != null) {
            ProcessGroups.stopAndDisable(client, flow.getGroupId(), TIMEOUT);
        }
    }

    @Test
    @Order(1)
    void migratesEveryCustomerOnceIntoTheTableAndARerunChangesNothing() throws Exception {
        final JsonNode first = migrate(1);
        final List<Map<String, Object>> rows = tableWithoutTimes();
        assertBalanced(first);
        final long written = first.path("conservation").path("outcomes").path("written").asLong();
        assertTrue(written > 0 && rows.size() < written, "golden records of several records each: " + rows.size() + " rows for " + written + " records");
        assertEquals(rows.size(), first.path("target_records").asLong(), first.toString());
        assertEquals(0, first.path("duplicates_in_target").asLong(), first.toString());
        assertEquals(0, first.path("outcomes").path("not_in_store").asLong(), "every row is a stored customer: " + first);
        final Set<String> externalIds = new TreeSet<>();
        for (final Map<String, Object> row : rows) {
            assertTrue(externalIds.add((String) row.get("external_id")), "one row per golden id: " + row.get("external_id"));
        }
        final Set<String> liveGoldenIds = new TreeSet<>();
        SqlCrm.query(store, "SELECT golden_id FROM crm_entity WHERE merged_into IS NULL").forEach(row -> liveGoldenIds.add((String) row.get("golden_id")));
        assertTrue(liveGoldenIds.containsAll(externalIds), "every external id is a live golden id of the store");

        final JsonNode second = migrate(2);
        assertBalanced(second);
        assertEquals(first.path("conservation").path("outcomes"), second.path("conservation").path("outcomes"), second.toString());
        assertEquals(rows, tableWithoutTimes(), "the same export again: the same rows, under the same golden ids");
        assertEquals(List.of(Map.of("count", 0L)), people.query("SELECT count(*) FROM public.people"), "public's table of that name is left alone");
        migrated = rows;
    }

    /**
     * A customer the table refuses for good (a CHECK constraint its row breaks) is not written: the write is split, the
     * other golden records land, and the refused one is filed in Error Directory/load-failed/ with the reason (no
     * values) and counted as load-failed in a report that still balances. Once the constraint is gone, Replay Load
     * Failures writes it, as a run of its own, and the table is the one of the first run again. The replay's total is its
     * file's golden records (Count Replayed Records): it finishes at it, and its report balances the file's record against
     * its written one. Before, a replay had no total: it finished a Run Idle Timeout after its record, its report without
     * a balance.
     */
    @Test
    @Order(2)
    void aCustomerTheTableRefusesIsFiledCountedAndReplayed() throws Exception {
        assertTrue(migrated != null, "the first test migrated the export");
        people.execute("DELETE FROM people WHERE family_name = 'Okafor'");
        people.execute("ALTER TABLE people ADD CONSTRAINT people_refused CHECK (family_name <> 'Okafor')");
        final JsonNode report = migrate(3);
        // the operator enables Replay Load Failures while the cause is looked into: NiFi validates it meanwhile (a few
        // seconds), so that it can be started at once
        setRunStatus("Replay Load Failures", "STOPPED");
        assertBalanced(report, Set.of("written", "review", "invalid", "failed", "load-failed"));
        final JsonNode outcomes = report.path("conservation").path("outcomes");
        assertEquals(1, outcomes.path("load-failed").asLong(), "the refused customer, of a single record: " + report);
        final Path loadFailed = work.resolve("errors").resolve("load-failed");
        final List<Path> filed = jsonFiles(loadFailed);
        assertEquals(1, filed.size(), "one file: " + filed);
        final JsonNode records = mapper.readTree(filed.getFirst().toFile());
        assertEquals(1, records.size(), records.toString());
        assertEquals("Okafor", records.get(0).path("family_name").asText());
        final String reason = records.get(0).path("crm_errors").asText();
        assertTrue(reason.startsWith("not written into people: refused, not retried (new row for relation \"people\" violates check constraint "
                + "\"people_refused\")"), reason);
        assertTrue(!reason.contains("Okafor") && !reason.contains("okafor"), "no values in the reason: " + reason);
        assertEquals(migrated.size() - 1, tableWithoutTimes().size(), "the others landed");

        // the cause removed, the operator replays the file
        people.execute("ALTER TABLE people DROP CONSTRAINT people_refused");
        // the operator starts Replay Load Failures: its first listing takes the file (Minimum File Age 0 sec, set above),
        // not a later one, 10 to 20 s on (its Run Schedule and Polling Interval: 10 s)
        setRunStatus("Replay Load Failures", "RUNNING");
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!jsonFiles(loadFailed).isEmpty() || tableWithoutTimes().size() < migrated.size()) {
            assertTrue(System.nanoTime() < deadline, "not replayed; bulletins: " + flow.bulletins());
            Thread.sleep(250);
        }
        setRunStatus("Replay Load Failures", "STOPPED");
        assertEquals(withoutRowIds(migrated), withoutRowIds(tableWithoutTimes()), "the replay wrote the refused customer, as the first run had");
        // the replay's total is its file's golden records: it is summarised, and reconciled, once its one record is written
        List<Path> replayReports = replayReports();
        while (replayReports.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no report of the replay: " + ProgressView.read(client, flow.getGroupId()));
            Thread.sleep(250);
            replayReports = replayReports();
        }
        assertEquals(1, replayReports.size(), replayReports.toString());
        final ProgressView.Run replay = ProgressView.read(client, flow.getGroupId()).stream().filter(run -> run.runId().startsWith("replay-"))
                .findFirst().orElseThrow(() -> new AssertionError("the replay is not counted"));
        assertEquals("finished: 1 of 1, written 1", replay.status() + ": " + replay.done() + " of " + replay.total() + ", written "
                + replay.outcomes().path("written").asLong(), "a run of its own, finished at its total: " + replay.describe());
        final JsonNode conservation = mapper.readTree(replayReports.getFirst().toFile()).get(0).path("conservation");
        assertEquals(1, conservation.path("records_read").asLong(), "the replay's report balances its file's record: " + conservation);
        assertTrue(conservation.path("balanced").asBoolean(), conservation.toString());
        assertEquals(1, conservation.path("outcomes").path("written").asLong(), conservation.toString());
        assertEquals(List.of(), jsonFiles(loadFailed), "nothing filed again");
    }

    /** The reports of replays (one folder per replay, replay-<file>@<time>). */
    private List<Path> replayReports() throws Exception {
        final Path folder = work.resolve("reports");
        return FinishedFiles.below(folder).stream().filter(file -> folder.relativize(file).getName(0).toString().startsWith("replay-")).toList();
    }

    /**
     * A customer deleted in the table since (by the sync: a tombstone with its sync_version) stays deleted when the export is
     * migrated again: the migration's write names sync_version, empty, and the people CRM's keep-newest trigger skips a write
     * that would clear the tombstone without a newer version. The skipped write is counted kept-deleted, not written, in a
     * report that balances, and its golden id is filed under kept-deleted/ with the reason. Before, the migration wrote no
     * sync_version, the trigger did not run, and the export brought the customer back.
     */
    @Test
    @Order(3)
    void aCustomerDeletedInTheTableStaysDeletedWhenMigratedAgainAndIsCountedKeptDeleted() throws Exception {
        assertTrue(migrated != null, "the first test migrated the export");
        people.execute("UPDATE people SET is_deleted = true, sync_version = 5 WHERE family_name = 'Okafor'");
        final List<Map<String, Object>> deleted = people.query("SELECT external_id, given_name, is_deleted, sync_version FROM people WHERE family_name = 'Okafor'");
        final JsonNode report = migrate(4);
        assertBalanced(report, Set.of("written", "kept-deleted", "review", "invalid", "failed"));
        final JsonNode outcomes = report.path("conservation").path("outcomes");
        assertEquals(1, outcomes.path("kept-deleted").asLong(), "the deleted customer, of a single record: " + report);
        assertEquals(reports().getFirst().path("conservation").path("outcomes").path("written").asLong() - 1, outcomes.path("written").asLong(), report.toString());
        assertEquals(deleted, people.query("SELECT external_id, given_name, is_deleted, sync_version FROM people WHERE family_name = 'Okafor'"),
                "the customer stays deleted, with its values and version");
        final List<Path> filed = jsonFiles(work.resolve("errors").resolve("kept-deleted"));
        assertEquals(1, filed.size(), "one file: " + filed);
        final JsonNode records = mapper.readTree(filed.getFirst().toFile());
        assertEquals(1, records.size(), records.toString());
        assertEquals(deleted.getFirst().get("external_id"), records.get(0).path("crm_match_id").asText(), records.toString());
        assertTrue(records.get(0).path("crm_errors").asText().startsWith("kept deleted:"), records.toString());
    }

    /**
     * Drops the sample export into the input directory and returns the report of its run (the n-th report). Every drop's
     * file has a modification time within one second, a millisecond apart (the n-th: the class's start second + n ms),
     * as a fast machine or an exporter dropping one name twice gives: the file time NiFi's ListFile writes has whole
     * seconds, so a run named by it was one run for all the drops (the second's counts added to the first's finished run,
     * summarised a minute later and unbalanced, as a CI run once showed). Each later drop is still newer, so ListFile
     * (tracking timestamps) lists it.
     */
    private JsonNode migrate(final int run) throws Exception {
        final Path staged = work.resolve(EXPORT + ".part");
        Files.copy(ProjectPaths.templates().resolve("samples").resolve(EXPORT), staged, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(staged, FileTime.fromMillis(firstDropSecond.toEpochMilli() + run));
        Files.move(staged, work.resolve("input").resolve(EXPORT), StandardCopyOption.ATOMIC_MOVE);
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (reports().size() < run) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No report of run " + run + " within " + TIMEOUT + "; bulletins: " + flow.bulletins());
            }
            Thread.sleep(250);
        }
        return reports().get(run - 1);
    }

    private static void assertBalanced(final JsonNode report) {
        assertBalanced(report, Set.of("written", "review", "invalid", "failed"));
    }

    private static void assertBalanced(final JsonNode report, final Set<String> outcomes) {
        final JsonNode conservation = report.path("conservation");
        assertEquals(EXPORT_RECORDS, conservation.path("records_read").asLong(), report.toString());
        assertTrue(conservation.path("balanced").asBoolean(), report.toString());
        long accounted = 0;
        for (final Map.Entry<String, JsonNode> outcome : conservation.path("outcomes").properties()) {
            assertTrue(outcomes.contains(outcome.getKey()), report.toString());
            accounted += outcome.getValue().asLong();
        }
        assertEquals(EXPORT_RECORDS, accounted, "records read = written + review + invalid + failed: " + conservation.path("equation"));
    }

    /** The exports' reports in the order they were written (one folder per run; a replay's, under replay-..., left out). */
    private List<JsonNode> reports() throws Exception {
        final Path folder = work.resolve("reports");
        final List<Path> files = FinishedFiles.below(folder).stream()
                .filter(file -> !folder.relativize(file).getName(0).toString().startsWith("replay-"))
                .sorted((one, other) -> Long.compare(one.toFile().lastModified(), other.toFile().lastModified())).toList();
        final List<JsonNode> reports = new ArrayList<>();
        for (final Path file : files) {
            reports.add(mapper.readTree(file.toFile()).get(0));
        }
        return reports;
    }

    /** The files a directory holds that PutFile has finished writing (not its hidden ones). */
    private static List<Path> jsonFiles(final Path directory) throws Exception {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json") && !file.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    /** Enables (STOPPED), starts (RUNNING) or stops one processor of the flow by name, as its context menu does. */
    private void setRunStatus(final String name, final String state) throws Exception {
        for (final JsonNode processor : client.get("/process-groups/" + flow.getGroupId() + "/processors").path("processors")) {
            if (name.equals(processor.path("component").path("name").asText())) {
                final String id = processor.path("id").asText();
                final long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while ("RUNNING".equals(state) && !"VALID".equals(client.get("/processors/" + id).path("component").path("validationStatus").asText())) {
                    assertTrue(System.nanoTime() < deadline, name + " is not valid: " + client.get("/processors/" + id).path("component").path("validationErrors"));
                    Thread.sleep(250);
                }
                client.put("/processors/" + id + "/run-status", Map.of("revision", client.get("/processors/" + id).path("revision"), "state", state));
                return;
            }
        }
        throw new AssertionError("no processor " + name);
    }

    /** The rows without the table's own key (a row inserted again gets a new one). */
    private static List<Map<String, Object>> withoutRowIds(final List<Map<String, Object>> rows) {
        final List<Map<String, Object>> without = new ArrayList<>();
        for (final Map<String, Object> row : rows) {
            final Map<String, Object> copy = new LinkedHashMap<>(row);
            copy.remove("person_id");
            without.add(copy);
        }
        return without;
    }

    private List<Map<String, Object>> tableWithoutTimes() throws Exception {
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (final Map<String, Object> row : people.query("SELECT * FROM people ORDER BY external_id")) {
            row.remove("modified_at");
            rows.add(row);
        }
        return rows;
    }
}
