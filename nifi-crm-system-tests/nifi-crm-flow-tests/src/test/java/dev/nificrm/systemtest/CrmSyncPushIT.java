package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * templates/crm-sync-push.json in a real NiFi 2.3.0 against a real PostgreSQL: the "people" CRM calls the flow's
 * webhook with its changed rows (JSON), signed with HMAC-SHA256 over {@code timestamp.body}; the flow verifies the
 * call, answers it, and syncs the rows into the "home" CRM by the golden id (the external id), writing the golden id
 * back into the people row. Forged, stale and replayed calls are answered 401 and change nothing. A contact the home
 * table refuses for good is filed with its reason, counted load-failed and replayed once the cause is gone.
 */
@ExtendWith(NiFiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrmSyncPushIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String SECRET = "people-crm-webhook-secret";
    private static final String PATH = "/crm/people";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private SqlCrm people;
    private SqlCrm home;
    private PostgresDatabase entities;
    private NiFiClient client;
    private RunningSyncFlow flow;
    private URI endpoint;
    private Path conflicts;
    private Path errors;
    private Path reports;
    /** The timestamp of the last call {@link #postSigned} posted (null: none yet). */
    private String lastSignedAt;

    @BeforeAll
    void importFlow(final NiFiServer nifi) throws Exception {
        final PostgresServer server = PostgresServer.shared();
        people = SqlCrm.create(server, SqlCrm.Kind.PEOPLE, "push");
        home = SqlCrm.create(server, SqlCrm.Kind.HOME, "push");
        entities = server.createDatabase("push_entities");
        final Path work = Files.createTempDirectory(Path.of("target"), "sync-push-");
        conflicts = work.resolve("conflicts");
        errors = work.resolve("errors");
        reports = work.resolve("reports");
        final int port = WebhookListener.freePort();
        endpoint = URI.create("http://127.0.0.1:" + port + PATH);

        final Map<String, String> parameters = PushFlowParameters.of(port, PATH, people, home, entities, work);
        // each awaitReport waits out this quiet spell. A spell that ends between two calls of a step (a loaded machine)
        // only adds a report, and awaitReport takes the newest of its row count: every state with 2 home rows is in sync,
        // 3 rows exist only while the refused contact is missing, 4 only after its replay
        parameters.put("Reconcile After Idle", "2 sec");
        client = nifi.client();
        flow = RunningSyncFlow.importFlow(client, ProjectPaths.templates().resolve("crm-sync-push.json"), "CRM Sync Push IT", parameters,
                Map.of("Webhook Secret", SECRET), TIMEOUT);
        // a refused write waits a penalty twice (the whole write, then the contact split out of it) before it is filed
        for (final String retry : flow.processorsOfType("RetryFlowFile")) {
            flow.configure(retry, Map.of("penaltyDuration", "1 sec"));
        }
        // Track Progress and Gather Load Failures are triggered while their queues are empty and then yield their Yield
        // Duration (1 sec): what a call sends them meanwhile waits that out
        flow.configure("Track Progress", Map.of("yieldDuration", "100 millis"));
        // a refused contact of a call is alone in its bin: it is filed 200 ms after it arrives rather than the flow's 3 sec
        flow.configure("Gather Load Failures", Map.of("yieldDuration", "100 millis"), Map.of("max-bin-age", "200 millis"));
        // PutFile writes a hidden file and renames it when complete, which the replay's File Filter skips: it may take a
        // file at once rather than 5 s old
        flow.configure("Replay Load Failures", Map.of(), Map.of("Minimum File Age", "0 sec"));
        flow.start();
        WebhookListener.awaitListening(http, endpoint, TIMEOUT, flow::bulletins);
    }

    @AfterAll
    void stopFlow() throws Exception {
        if (flow != null) {
            flow.close();
        }
    }

    @Test
    @Order(1)
    void syncsSignedCallsIntoTheTargetAndRejectsForgedStaleAndReplayedOnes() throws Exception {
        final long ada = people.insert(Map.of("given_name", "Ada", "family_name", "Lovelace", "email_address", "ada@example.com",
                "mobile", "+442071234567", "organisation", "Analytical Engines", "town", "London", "postcode", "W1 1AA", "country_code", "GB"));
        final long grace = people.insert(Map.of("given_name", "Grace", "family_name", "Hopper", "email_address", "grace@example.org",
                "town", "Arlington", "country_code", "US"));

        // 1. a new customer: created in home, its golden id written back into the people row
        final String created = body(people.rows());
        assertEquals(200, postSigned(created).statusCode());
        final Map<String, Object> adaAtHome = awaitRow(home, row -> "Ada".equals(row.get("first_name")));
        awaitRow(home, row -> "Grace".equals(row.get("first_name")));
        final String goldenId = (String) adaAtHome.get("golden_id");
        assertNotNull(goldenId, "the home row carries the golden id");
        assertEquals("ada@example.com", adaAtHome.get("email"));
        assertEquals("London", adaAtHome.get("city"));
        assertEquals("W1 1AA", adaAtHome.get("postal_code"));
        assertEquals(goldenId, awaitRow(people, row -> row.get("person_id").equals(ada) && row.get("external_id") != null).get("external_id"),
                "the golden id is written back into the people row");
        flow.awaitIdle(TIMEOUT);

        // 2. an edit: the same home row updated by its external id, no second row
        people.update(ada, Map.of("town", "Cambridge"));
        final String edited = body(people.rows());
        assertEquals(200, postSigned(edited).statusCode());
        awaitRow(home, row -> "Cambridge".equals(row.get("city")));
        flow.awaitIdle(TIMEOUT);
        assertEquals(2, home.rows().size(), "one row per customer: " + home.rows());
        final Timestamp homeModified = (Timestamp) awaitRow(home, row -> "Cambridge".equals(row.get("city"))).get("updated_at");

        // 3. the same rows sent again (signed anew): recognised as known, nothing written
        final long mergedBefore = flow.flowFilesIn("Map to Target");
        assertEquals(200, postSigned(edited).statusCode());
        awaitCleaned(3);
        flow.awaitIdle(TIMEOUT);
        assertEquals(homeModified, awaitRow(home, row -> "Cambridge".equals(row.get("city"))).get("updated_at"), "a resent row changes nothing");
        assertEquals(mergedBefore, flow.flowFilesIn("Map to Target"), "nothing merged for a resent row");

        // 4. forged, stale, replayed and unsigned calls: 401, and nothing enters the flow
        people.update(grace, Map.of("town", "Forged Town"));
        final String forged = body(people.rows());
        final String timestamp = now();
        final String signature = sign(forged, timestamp);
        assertEquals(401, post(forged, timestamp, sign(edited, timestamp)).statusCode(), "a signature over another body");
        assertEquals(401, post(forged, timestamp, (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1)).statusCode(), "a forged signature");
        final String stale = String.valueOf(Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond());
        assertEquals(401, post(forged, stale, sign(forged, stale)).statusCode(), "a correctly signed call 6 minutes old");
        assertEquals(401, post(forged, timestamp, null).statusCode(), "no signature");
        assertEquals(200, post(forged, timestamp, signature).statusCode(), "the genuine call");
        assertEquals(401, post(forged, timestamp, signature).statusCode(), "the genuine call replayed");
        try (Connection connection = DriverManager.getConnection(entities.jdbcUrl(), entities.user(), entities.password());
             Statement statement = connection.createStatement();
             ResultSet remembered = statement.executeQuery("select count(*) from crm_webhook_signature")) {
            remembered.next();
            assertEquals(4, remembered.getInt(1), "the four verified calls' signatures are remembered in the entity store every node shares");
        }
        awaitRow(home, row -> "Forged Town".equals(row.get("city")));
        flow.awaitIdle(TIMEOUT);
        assertEquals(4, flow.flowFilesIn("Clean Records"), "only the four verified calls entered the flow; bulletins: " + flow.bulletins());

        // 5. a delete in people arrives as a tombstone
        people.delete(grace);
        final String deleted = body(people.rows());
        assertEquals(200, postSigned(deleted).statusCode());
        awaitRow(home, row -> "Grace".equals(row.get("first_name")) && Boolean.TRUE.equals(row.get("deleted")));
        flow.awaitIdle(TIMEOUT);

        assertEquals(2, home.rows().size(), "one row per customer: " + home.rows());
        assertFalse(Files.exists(errors) && Files.list(errors).findAny().isPresent(), "nothing rejected; bulletins: " + flow.bulletins());
        assertFalse(Files.exists(conflicts) && Files.list(conflicts).findAny().isPresent(), "no conflict");

        // 6. every call's records were counted with their outcome (the resent one as unchanged); once the calls stop, the
        // day so far is summarised and the target reconciled with the entity store
        assertTrue(flow.flowFilesIn("Track Progress") >= 5, "the five verified calls reached the tracker: " + flow.flowFilesIn("Track Progress"));
        assertTrue(flow.flowFilesIn("Outcome Unchanged") >= 1, "the resent call counted as unchanged");
        final JsonNode report = awaitReport(2);
        assertTrue(report.path("run_id").asText().startsWith("people-webhooks-"), report.toString());
        assertEquals("people", report.path("source_system").asText());
        assertEquals("home", report.path("target_system").asText());
        assertEquals(0, report.path("duplicates_in_target").asLong(), report.toString());
        assertEquals(0, report.path("missing_in_target").asLong(), report.toString());
        assertEquals(0, report.path("outcomes").path("not_in_store").asLong(), "every home row is the sync's: " + report);
        assertEquals(0, report.path("outcomes").path("drifted").asLong(), report.toString());
        assertEquals(2, report.path("outcomes").path("in_sync").asLong(), "both home rows as the sync wrote them: " + report);
        // the records the day's calls brought in (Count Call Records) are the records counted: nothing of the day in flight
        final JsonNode balance = report.path("conservation");
        assertTrue(balance.path("balanced").asBoolean(), "the day's records read = its outcomes: " + report);
        assertTrue(balance.path("records_read").asLong() >= 2, "the calls' records: " + report);
        // Track Progress's own count of them, in its state: the copies of the calls Count Call Records counted in
        final ProgressView.Run day = ProgressView.read(client, flow.groupId()).stream()
                .filter(run -> run.runId().equals(report.path("run_id").asText())).findFirst().orElseThrow();
        assertEquals(balance.path("records_read").asLong(), day.received(), day.describe());
        assertTrue(report.path("consistent").asBoolean(), report.toString());
    }

    /**
     * A signed call whose one contact the home contacts table refuses for good (a CHECK constraint its row breaks) is
     * answered 200 all the same (the answer goes out before the sync); the other contact of the call lands, the refused
     * one is filed under Error Directory/load-failed/home/ with the reason and without its values, counted load-failed
     * by Track Progress (its state and counter) and reported missing in the target; once the constraint is gone,
     * Replay Load Failures writes it, counted in a run of its own (replay-&lt;minute&gt;) rather than in the day's run
     * a second time, and the next report is consistent again.
     */
    @Test
    @Order(2)
    void aContactTheTargetRefusesIsFiledAloneCountedAndReplayed() throws Exception {
        final long refusedId = people.insert(Map.of("given_name", "Rosalind", "family_name", "Franklin", "email_address", "rosalind@example.org",
                "town", "London", "country_code", "GB"));
        final long acceptedId = people.insert(Map.of("given_name", "Barbara", "family_name", "Liskov", "email_address", "barbara@example.edu",
                "town", "Boston", "country_code", "US"));
        home.execute("ALTER TABLE contacts ADD CONSTRAINT contacts_refused CHECK (last_name <> 'Franklin')");
        final long homeRowsBefore = home.rows().size();
        final String call = body(people.rows().stream().filter(row -> List.of(refusedId, acceptedId).contains(row.get("person_id"))).toList());
        final HttpResponse<String> answer = postSigned(call);
        assertEquals(200, answer.statusCode(), "a verified call is answered before its records are synced: " + answer.body());

        final Path filed = errors.resolve("load-failed").resolve("home");
        awaitRow(home, row -> "Liskov".equals(row.get("last_name")));
        final List<JsonNode> failures = awaitLoadFailures(filed);
        // the operator enables Replay Load Failures while the cause is looked into: NiFi validates it meanwhile
        flow.enable("Replay Load Failures");
        assertEquals(1, failures.size(), "only the refused contact is filed: " + failures);
        for (final Path file : loadFailureFiles(filed)) {
            assertTrue(file.getFileName().toString().startsWith("people-webhooks-"), "filed under the day's run of calls: " + file);
        }
        final JsonNode failure = failures.get(0);
        assertEquals("Franklin", failure.path("last_name").asText(), failure.toString());
        final String reason = failure.path("crm_errors").asText();
        assertEquals("not written into home: refused, not retried (new row for relation \"contacts\" violates check constraint \"contacts_refused\")",
                reason);
        assertFalse(reason.contains("Franklin") || reason.contains("rosalind"), "no values in the reason: " + reason);
        assertTrue(home.query("SELECT 1 FROM contacts WHERE last_name = 'Franklin'").isEmpty());
        assertEquals(homeRowsBefore + 1, home.rows().size(), "the other contact of the call landed, the refused one did not: " + home.rows());

        final JsonNode refusedReport = awaitReport(homeRowsBefore + 1);
        assertEquals(1, refusedReport.path("missing_in_target").asLong(), "the refused contact is missing in home: " + refusedReport);
        assertTrue(refusedReport.path("conservation").path("balanced").asBoolean(), "counted load-failed, not in flight: " + refusedReport);
        assertFalse(refusedReport.path("consistent").asBoolean(), refusedReport.toString());
        final ProgressView.Run day = webhookRun();
        assertEquals(1, day.outcomes().path("load-failed").asLong(), day.describe());
        final long writtenByCalls = day.outcomes().path("written").asLong();
        assertEquals(1, trackerCounter("Records load-failed"), "the counter of Track Progress");
        assertTrue(flow.bulletins().stream().anyMatch(bulletin -> bulletin.contains("not written into home: refused, not retried")),
                "an ERROR bulletin of Alert Load Failure: " + flow.bulletins());
        assertTrue(flow.bulletins().stream().noneMatch(bulletin -> bulletin.contains("Franklin") || bulletin.contains("rosalind")),
                "no values in the bulletins: " + flow.bulletins());

        // the cause removed, the operator starts Replay Load Failures once NiFi has validated it: its first listing takes
        // the file (Minimum File Age 0 sec, set above), not the next, a Polling Interval (10 s) later
        home.execute("ALTER TABLE contacts DROP CONSTRAINT contacts_refused");
        flow.awaitValid("Replay Load Failures", TIMEOUT);
        flow.start("Replay Load Failures");
        final Map<String, Object> replayed = awaitRow(home, row -> "Franklin".equals(row.get("last_name")));
        flow.stop("Replay Load Failures");
        assertEquals("rosalind@example.org", replayed.get("email"));
        assertNotNull(replayed.get("golden_id"));
        assertTrue(loadFailureFiles(filed).isEmpty(), "the replayed file is gone: " + loadFailureFiles(filed));
        final JsonNode replayedReport = awaitReport(homeRowsBefore + 2);
        assertEquals(0, replayedReport.path("missing_in_target").asLong(), replayedReport.toString());
        assertTrue(replayedReport.path("consistent").asBoolean(), replayedReport.toString());
        // a replay is a run of its own in the progress state: the day's run keeps the contact as load-failed, counted once
        final List<ProgressView.Run> runs = ProgressView.read(client, flow.groupId());
        final ProgressView.Run replay = runs.stream().filter(run -> run.runId().startsWith("replay-")).findFirst()
                .orElseThrow(() -> new AssertionError("no replay run in Track Progress's state: " + runs.stream().map(ProgressView.Run::describe).toList()));
        assertEquals(1, replay.outcomes().path("written").asLong(), replay.describe());
        assertEquals(1, replay.done(), replay.describe());
        final ProgressView.Run dayAfter = webhookRun();
        assertEquals(writtenByCalls, dayAfter.outcomes().path("written").asLong(), "the replay is not counted in the day's run again: " + dayAfter.describe());
        assertEquals(1, dayAfter.outcomes().path("load-failed").asLong(), dayAfter.describe());
    }

    /**
     * A deletion in people is written into home as the tombstone flag alone (Separate Deletes for Target): a customer whose
     * home row a person changed after the sync wrote it (the push never reads home) keeps that change, and every other value
     * of the row, when the deletion lands; a customer whose home row is gone from the table (removed by hand) gets a
     * tombstone holding the golden id, the flag and the sync version alone. Before, the deletion was upserted with people's
     * last values: the person's change in home was overwritten, and the new tombstone held people's values.
     */
    @Test
    @Order(3)
    void aDeletionSetsTheTombstoneFlagAloneAndTheTargetRowKeepsItsValues() throws Exception {
        final long hedy = people.insert(Map.of("given_name", "Hedy", "family_name", "Lamarr", "email_address", "hedy@example.org",
                "town", "Vienna", "country_code", "AT"));
        final long katherine = people.insert(Map.of("given_name", "Katherine", "family_name", "Johnson", "email_address", "katherine@example.org",
                "town", "Hampton", "country_code", "US"));
        final List<Long> both = List.of(hedy, katherine);
        assertEquals(200, postSigned(body(people.rows().stream().filter(row -> both.contains(row.get("person_id"))).toList())).statusCode());
        final Map<String, Object> hedyAtHome = awaitRow(home, row -> "Lamarr".equals(row.get("last_name")));
        final String katherineId = (String) awaitRow(home, row -> "Johnson".equals(row.get("last_name"))).get("golden_id");
        awaitRow(people, row -> row.get("person_id").equals(katherine) && row.get("external_id") != null);
        awaitRow(people, row -> row.get("person_id").equals(hedy) && row.get("external_id") != null);
        flow.awaitIdle(TIMEOUT);

        // a person changes Hedy's home row; Katherine's home row is removed from the table
        home.update((Long) hedyAtHome.get("id"), Map.of("city", "Hollywood", "company", "MGM"));
        home.execute("DELETE FROM contacts WHERE golden_id = '" + katherineId + "'");
        people.delete(hedy);
        people.delete(katherine);
        assertEquals(200, postSigned(body(people.rows().stream().filter(row -> both.contains(row.get("person_id"))).toList())).statusCode());

        final Map<String, Object> hedyDeleted = awaitRow(home, row -> row.get("id").equals(hedyAtHome.get("id")) && Boolean.TRUE.equals(row.get("deleted")));
        assertEquals(List.of("Hedy", "Lamarr", "hedy@example.org", "Hollywood", "MGM", hedyAtHome.get("golden_id")), Stream.of("first_name", "last_name",
                "email", "city", "company", "golden_id").map(hedyDeleted::get).toList(), "the row keeps the person's change: " + hedyDeleted);
        assertTrue((Long) hedyDeleted.get("sync_version") > (Long) hedyAtHome.get("sync_version"), "the delete's version: " + hedyDeleted);
        final Map<String, Object> katherineDeleted = awaitRow(home, row -> katherineId.equals(row.get("golden_id")));
        final Map<String, Object> values = new TreeMap<>();
        for (final String column : List.of("first_name", "last_name", "email", "phone", "company", "city", "postal_code", "country", "deleted")) {
            values.put(column, katherineDeleted.get(column));
        }
        final Map<String, Object> tombstone = new TreeMap<>();
        values.keySet().forEach(column -> tombstone.put(column, column.equals("deleted") ? Boolean.TRUE : null));
        assertEquals(tombstone, values, "a tombstone of the golden id alone: " + katherineDeleted);
        assertTrue(katherineDeleted.get("sync_version") instanceof Long, katherineDeleted.toString());
        flow.awaitIdle(TIMEOUT);
        assertFalse(Files.exists(conflicts) && Files.list(conflicts).findAny().isPresent(), "no conflict");
    }

    /**
     * A replay whose record, refused again and split from the replay's write, is still on its way when the replay has been
     * quiet for Reconcile After Idle (here: held before Write Load Failures, as a write retried for minutes holds it):
     * Route Replays' copy of the file made its 2 records received in the replay's run, so the replay's summary waits for
     * the refused one and its first report is whole: 2 read = 1 written + 1 load-failed, balanced. Before, the first
     * summary went out with the written record alone (nothing of a replay was received), its report without a balance,
     * and the replay was summarised again once the refused record was filed.
     */
    @Test
    @Order(4)
    void aReplaysFirstReportWaitsForItsRecordSplitAndStillOnItsWay() throws Exception {
        home.execute("ALTER TABLE contacts ADD CONSTRAINT contacts_refused_again CHECK (last_name <> 'Hamilton')");
        final Path filed = errors.resolve("load-failed").resolve("home");
        Files.createDirectories(filed);
        // a file of the target's load failures as the flow files them: the records as they were to be written, with the reason
        final ArrayNode records = mapper.createArrayNode();
        for (final String[] contact : new String[][]{{"Margaret", "Hamilton"}, {"Annie", "Easley"}}) {
            final ObjectNode record = records.addObject();
            record.put("golden_id", "replayed-" + contact[1].toLowerCase(Locale.ROOT));
            record.put("first_name", contact[0]);
            record.put("last_name", contact[1]);
            record.put("email", contact[0].toLowerCase(Locale.ROOT) + "@example.org");
            record.put("deleted", false);
            record.put("sync_version", 1);
            record.put("crm_errors", "not written into home: still failing after 6 attempts (canceling statement due to lock timeout)");
        }
        Files.writeString(filed.resolve("people-webhooks-replayed.json"), mapper.writeValueAsString(records));
        flow.stop("Write Load Failures");
        // enabled and validated by the earlier test already, or here when this test runs alone
        flow.enable("Replay Load Failures");
        flow.awaitValid("Replay Load Failures", TIMEOUT);
        final Instant replayed = Instant.now();
        flow.start("Replay Load Failures");
        awaitRow(home, row -> "replayed-easley".equals(row.get("golden_id")));
        flow.stop("Replay Load Failures");

        // the refused record waits before Write Load Failures while the replay's summary comes due
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode replay = replayRun(replayed);
        while (flow.queuedInto("Write Load Failures") == 0 || replay == null || !"finished".equals(replay.path("status").asText())
                && replay.path("summary_awaits").isMissingNode()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The replay's summary not due with its refused record held: " + replay + "; bulletins: " + flow.bulletins());
            }
            Thread.sleep(250);
            replay = replayRun(replayed);
        }
        final String runId = replay.path("run_id").asText();
        flow.start("Write Load Failures");
        home.execute("ALTER TABLE contacts DROP CONSTRAINT contacts_refused_again");

        // the earlier test's replay, had it been marked in the same minute, is in the same run: its record counted, and
        // received, with these
        final JsonNode first = awaitFirstReport(runId, replayed);
        final JsonNode counted = replayRun(replayed);
        final JsonNode balance = first.path("conservation");
        assertTrue(balance.path("records_read").asLong() >= 2, "the replay's first report reads its file's records: " + first);
        assertEquals(counted.path("records_received").asLong(), balance.path("records_read").asLong(), counted + " " + first);
        assertTrue(balance.path("balanced").asBoolean(), "2 read = 1 load-failed + 1 written: " + first);
        assertEquals(counted.path("records_received").asLong(), counted.path("records_done").asLong(), counted.toString());
        assertEquals(counted.path("records_done").asLong(), counted.path("summarised_done").asLong(), "its summary counted them all: " + counted);
        assertEquals(1, counted.path("outcomes").path("load-failed").asLong(), counted.toString());
        assertTrue(loadFailureFiles(filed).stream().anyMatch(file -> file.getFileName().toString().startsWith(runId + "-")),
                "the refused record filed again under the replay's run: " + loadFailureFiles(filed));
    }

    /** Track Progress's replay run active since {@code since} (a replay started then), as its state holds it, or null while there is none. */
    private JsonNode replayRun(final Instant since) throws IOException, InterruptedException {
        for (final Map.Entry<String, String> entry : flow.state("Track Progress").entrySet()) {
            if (entry.getKey().startsWith("run.replay-")) {
                final JsonNode run = mapper.readTree(entry.getValue());
                if (Instant.parse(run.path("updated").asText()).isAfter(since)) {
                    return run;
                }
            }
        }
        return null;
    }

    /** The earliest reconciliation report of the run written after {@code since}, waited for. */
    private JsonNode awaitFirstReport(final String runId, final Instant since) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            if (Files.isDirectory(reports)) {
                for (final Path file : FinishedFiles.below(reports).stream().filter(report -> modified(report).toInstant().isAfter(since))
                        .sorted(Comparator.comparing(this::modified)).toList()) {
                    for (final JsonNode record : mapper.readTree(file.toFile())) {
                        if (runId.equals(record.path("run_id").asText())) {
                            return record;
                        }
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("No reconciliation report of run " + runId + " in " + reports + "; bulletins: " + flow.bulletins());
            }
            Thread.sleep(250);
        }
    }

    /** The records of the files filed under {@code directory}, once there is one and it is complete, waited for. */
    private List<JsonNode> awaitLoadFailures(final Path directory) throws Exception {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (loadFailureFiles(directory).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Nothing filed in " + directory + "; bulletins: " + flow.bulletins());
            }
            Thread.sleep(250);
        }
        flow.awaitIdle(TIMEOUT, 2);
        final List<JsonNode> records = new ArrayList<>();
        for (final Path file : loadFailureFiles(directory)) {
            mapper.readTree(file.toFile()).forEach(records::add);
        }
        return records;
    }

    /** The files filed under {@code directory}, not PutFile's hidden ones being written. */
    private static List<Path> loadFailureFiles(final Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    /**
     * Track Progress's run of the calls that counted the refused contact, as its state holds it: the day that call was
     * received, the one day run with a load failure (the earlier tests' calls may be another day's run, past midnight).
     */
    private ProgressView.Run webhookRun() throws IOException, InterruptedException {
        return ProgressView.read(client, flow.groupId()).stream().filter(run -> run.runId().startsWith("people-webhooks-"))
                .filter(run -> run.outcomes().path("load-failed").asLong() > 0)
                .findFirst().orElseThrow(() -> new AssertionError("no run of the calls with a load failure in Track Progress's state"));
    }

    /** The value of a counter of Track Progress (menu → Counters). */
    private long trackerCounter(final String name) throws IOException, InterruptedException {
        final String tracker = flow.processor("Track Progress");
        for (final JsonNode counter : client.get("/counters").path("counters").path("aggregateSnapshot").path("counters")) {
            if (counter.path("context").asText().contains(tracker) && name.equals(counter.path("name").asText())) {
                return counter.path("valueCount").asLong();
            }
        }
        throw new AssertionError("No counter " + name + " of Track Progress");
    }

    /** The newest reconciliation report that covers {@code targetRecords} target rows, waited for. */
    private JsonNode awaitReport(final long targetRecords) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode newest = null;
            if (Files.isDirectory(reports)) {
                for (final Path file : FinishedFiles.below(reports).stream().sorted(Comparator.comparing(this::modified)).toList()) {
                    for (final JsonNode record : mapper.readTree(file.toFile())) {
                        if (record.path("target_records").asLong() == targetRecords) {
                            newest = record;
                        }
                    }
                }
            }
            if (newest != null) {
                return newest;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("No reconciliation report of " + targetRecords + " target rows in " + reports + "; bulletins: " + flow.bulletins());
            }
            Thread.sleep(250);
        }
    }

    private FileTime modified(final Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (final IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private void awaitCleaned(final long calls) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (flow.flowFilesIn("Clean Records") < calls) {
            if (System.nanoTime() > deadline) {
                throw new IOException("Only " + flow.flowFilesIn("Clean Records") + " calls reached Clean Records; bulletins: " + flow.bulletins());
            }
            Thread.sleep(250);
        }
    }

    /** The rows as the people CRM sends them: a JSON array, timestamps in ISO-8601. */
    private String body(final List<Map<String, Object>> rows) throws IOException {
        final ArrayNode array = mapper.createArrayNode();
        for (final Map<String, Object> row : rows) {
            final ObjectNode object = array.addObject();
            for (final Map.Entry<String, Object> column : row.entrySet()) {
                final Object value = column.getValue();
                if (value instanceof Timestamp time) {
                    object.put(column.getKey(), time.toInstant().toString());
                } else {
                    object.set(column.getKey(), mapper.valueToTree(value));
                }
            }
        }
        return mapper.writeValueAsString(array);
    }

    private static String now() {
        return String.valueOf(Instant.now().getEpochSecond());
    }

    /**
     * Posts {@code body} signed with one timestamp (taken once: two readings of the clock may fall in two seconds, and the
     * signature would then be over another timestamp than the one sent) in a later second than the last call posted here:
     * the same body signed in the same second is the same signature, which the flow rightly refuses as a replay (401), and
     * the harness's 100 ms polls can bring a resent call within the second of the call before it.
     */
    private HttpResponse<String> postSigned(final String body) throws IOException, InterruptedException, GeneralSecurityException {
        String timestamp = now();
        while (timestamp.equals(lastSignedAt)) {
            Thread.sleep(50);
            timestamp = now();
        }
        lastSignedAt = timestamp;
        return post(body, timestamp, sign(body, timestamp));
    }

    private HttpResponse<String> post(final String body, final String timestamp, final String signature) throws IOException, InterruptedException {
        return WebhookListener.post(http, endpoint, TIMEOUT, body, timestamp, signature);
    }

    private static String sign(final String body, final String timestamp) throws GeneralSecurityException {
        return WebhookListener.sign(SECRET, body, timestamp);
    }

    private Map<String, Object> awaitRow(final SqlCrm crm, final Predicate<Map<String, Object>> wanted) throws Exception {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            for (final Map<String, Object> row : crm.rows()) {
                if (wanted.test(row)) {
                    return row;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No such row in " + crm.kind() + ": " + crm.rows() + "; bulletins: " + flow.bulletins());
            }
            Thread.sleep(250);
        }
    }
}
