package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.store.ChangeSet;
import dev.nificrm.store.DataSourceConnections;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.JdbcEntityStore;
import dev.nificrm.store.Snapshot;
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
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * templates/crm-sync-pull.json in the real NiFi 2.3.0 against a real PostgreSQL: the home-grown CRM's contacts are
 * pulled into the people CRM, polled every second. The people table holds exactly the valid contacts under their golden
 * ids; an edit arrives once without a second row; a row committed after a poll with a last-modified time equal to one
 * that poll already read is not skipped; reading everything again (the cursor's state cleared) writes nothing; a
 * contact edited on both sides goes to the conflict directory and nowhere else; a change only the target had is written
 * back to the source, with the golden id; a delete arrives as a tombstone;
 * every poll's reconciliation report balances its records read against written, unchanged, conflicts, invalid and
 * failed, as the progress tracker counted them; a last-modified column without a time zone holding the source's local
 * times is compared and read in the Source Export Time Zone, not NiFi's, whatever the Source Mapping Specification (the
 * flow runs an operator's own, which reads the column itself); a row of the target table Reconcile Target cannot take one
 * by one raises Alert Unreconciled Tables' ERROR; and of two rows changed in the two passes of the local times the source's
 * clock shows twice (a fall-back), the first arrives late, after the second, and none is lost or written twice.
 */
@ExtendWith(NiFiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrmSyncPullIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final int CONTACTS = 40;
    /** The rows committed during the test: contacts numbered after the first ones and the two invalid ones. */
    private static final int EARLY = CONTACTS + 2;
    private static final int LATE = CONTACTS + 3;
    /** A contact the people table refuses for good, committed together with the contact after it. */
    private static final int REFUSED = CONTACTS + 4;
    /** A contact stamped by the source's clock in local time, once its last-modified column has no time zone. */
    private static final int LOCAL_TIME = CONTACTS + 6;
    /** A contact committed to start a poll whose reconciliation meets a row Reconcile Target cannot take. */
    private static final int UNRECONCILED = CONTACTS + 7;
    /** Contacts changed in the first and in the second pass of the local times the source's clock shows twice. */
    private static final int FIRST_PASS = CONTACTS + 8;
    private static final int SECOND_PASS = CONTACTS + 9;
    /**
     * How far the source's clock goes back at the fall-back: an hour in a real zone, 8 seconds in the test's. The row
     * changed in the second pass ({@link #SECOND_PASS_LAG} after the fall-back) has 8 - {@link #FIRST_PASS_LEAD} - 1 = 5 s
     * (five polls) to arrive before the row changed in the first pass is read.
     */
    private static final Duration REPEATED = Duration.ofSeconds(8);
    /**
     * How long before the fall-back the row of the first pass is changed: its insert has that long to be stamped before
     * the fall-back.
     */
    private static final Duration FIRST_PASS_LEAD = Duration.ofSeconds(2);
    /** How long after the fall-back the row of the second pass is changed. */
    private static final Duration SECOND_PASS_LAG = Duration.ofSeconds(1);
    /**
     * From setting the source's zone to its fall-back: the zone's transaction has 4 s (to 5 s) to commit, until 1 s before
     * the fall-back, so the first pass's row can still be changed before it.
     */
    private static final Duration LEAD = Duration.ofSeconds(5);
    /** The test zone's standard time, New York's; its summer time is {@link #REPEATED} ahead. */
    private static final ZoneOffset STANDARD = ZoneOffset.ofHours(-5);
    private static final ZoneOffset SUMMER = ZoneOffset.ofTotalSeconds(STANDARD.getTotalSeconds() + (int) REPEATED.toSeconds());
    /**
     * An operator's own Source Mapping Specification: modified_at from the last-modified column itself, not naming the
     * crm_source_modified_at the flow reads the column as in the Source Export Time Zone.
     */
    private static final String OWN_MAPPING = "{\"fields\": {\"record_id\": {\"from\": \"/id\", \"type\": \"string\"}, "
            + "\"external_id\": {\"from\": \"/golden_id\"}, \"first_name\": {\"from\": \"/first_name\"}, \"last_name\": {\"from\": \"/last_name\"}, "
            + "\"email\": {\"from\": \"/email\"}, \"phone\": {\"from\": \"/phone\"}, \"company\": {\"from\": \"/company\"}, "
            + "\"city\": {\"from\": \"/city\"}, \"postal_code\": {\"from\": \"/postal_code\"}, \"country\": {\"from\": \"/country\"}, "
            + "\"modified_at\": {\"from\": \"/updated_at\", \"type\": \"timestamp\", \"inputFormats\": [\"ISO\", \"epoch-millis\"]}, "
            + "\"deleted\": {\"from\": \"/deleted\", \"type\": \"boolean\", \"default\": false}}}";
    /**
     * The zone the source writes its local times in: never NiFi's JVM zone (this JVM's, the machine's), whose reading of a
     * {@code timestamp without time zone} column the flow must not rely on.
     */
    private static final String SOURCE_ZONE = sameOffsetNow(ZoneId.systemDefault(), ZoneId.of("America/New_York")) ? "Asia/Tokyo" : "America/New_York";
    private final ObjectMapper mapper = new ObjectMapper();
    private final Path work = Path.of("target/it-work/sync-pull").toAbsolutePath();
    private SqlCrm home;
    private SqlCrm people;
    private PostgresDatabase storeDatabase;
    private SyncFlow flow;
    private final List<Long> validIds = new ArrayList<>();
    private final List<Long> invalidIds = new ArrayList<>();
    /** Contacts left in conflict for a person: the two CRMs differ on them on purpose. */
    private final List<Long> conflictedIds = new ArrayList<>();
    /** Contacts whose people row a person changed or removed before their deletion: the two CRMs differ on them on purpose. */
    private final List<Long> changedInTargetIds = new ArrayList<>();
    /** Where the stores this test opens itself keep their key index, removed after the class. */
    @TempDir
    private Path keyIndexes;

    @BeforeAll
    void startTheFlow(final NiFiServer nifi) throws Exception {
        final PostgresServer postgres = PostgresServer.shared();
        home = SqlCrm.create(postgres, SqlCrm.Kind.HOME, "pull");
        people = SqlCrm.create(postgres, SqlCrm.Kind.PEOPLE, "pull");
        storeDatabase = postgres.createDatabase("pull_store");
        for (int contact = 0; contact < CONTACTS; contact++) {
            validIds.add(home.insert(HomeToPeople.contact(contact)));
        }
        // two rows cleaning refuses: a broken email, a phone number with letters
        final Map<String, Object> brokenEmail = new LinkedHashMap<>(HomeToPeople.contact(CONTACTS));
        brokenEmail.put("email", "nobody at example dot com");
        invalidIds.add(home.insert(brokenEmail));
        final Map<String, Object> brokenPhone = new LinkedHashMap<>(HomeToPeople.contact(CONTACTS + 1));
        brokenPhone.put("phone", "call me maybe");
        invalidIds.add(home.insert(brokenPhone));

        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Poll Overlap", "10 seconds");
        parameters.put("Safety Lag", "1 second");
        parameters.put("Default Phone Region", "GB");
        // read in while the last-modified column is a TIMESTAMPTZ too, which the zone must leave as it is
        parameters.put("Source Export Time Zone", SOURCE_ZONE);
        parameters.put("Source Mapping Specification", OWN_MAPPING);
        // the processors' settings go into the uploaded definition, not a PUT per processor afterwards
        final SyncFlow.Tuning tuning = new SyncFlow.Tuning()
                // a refused write waits a penalty twice (the whole write, then the contact split out of it) before it is filed
                .penalizeFor("1 sec")
                // Track Progress and Gather Load Failures are triggered while their queues are empty and then yield their Yield
                // Duration (1 sec): what a poll sends them meanwhile waits that out
                .configure("Track Progress", Map.of("yieldDuration", "100 millis"), Map.of())
                // the refused contact is alone in its bin: it is filed 200 ms after it arrives rather than the flow's 3 sec
                .configure("Gather Load Failures", Map.of("yieldDuration", "100 millis"), Map.of("max-bin-age", "200 millis"))
                // PutFile writes a hidden file and renames it when complete, which the replay's File Filter skips: it may take
                // a file at once rather than 5 s old
                .configure("Replay Load Failures", Map.of(), Map.of("Minimum File Age", "0 sec"));
        flow = SyncFlow.upload(nifi.client(), "crm-sync-pull.json", "CrmSyncPullIT", home, people, storeDatabase, work, parameters, tuning, TIMEOUT);
        flow.start();
    }

    @AfterAll
    void stopTheFlow() throws Exception {
        if (flow != null) {
            flow.close();
        }
    }

    @Test
    @Order(1)
    void pullsEveryValidContactIntoTheTargetUnderItsGoldenId() throws Exception {
        flow.await("the " + CONTACTS + " valid contacts in people", TIMEOUT, () -> people.rows().size() >= CONTACTS
                && flow.records("errors/invalid").size() >= invalidIds.size());
        assertTargetMirrorsSource();

        // each poll re-reads the rows of its overlap, so a rejected row may be rejected by several polls
        final Set<Long> rejected = new TreeSet<>();
        for (final JsonNode record : flow.records("errors/invalid")) {
            rejected.add(record.path("id").asLong());
            assertFalse(record.path("crm_errors").asText().isBlank(), "a reason: " + record);
        }
        assertEquals(new TreeSet<>(invalidIds), rejected);
        assertEquals(List.of(), flow.files("errors/failed"), "nothing failed; bulletins: " + flow.bulletins());
    }

    @Test
    @Order(2)
    void anEditArrivesOnceWithoutASecondRow() throws Exception {
        final long id = validIds.get(3);
        home.update(id, Map.of("email", "edsger.dijkstra@eindhoven.example", "city", "Eindhoven"));
        flow.await("the edit in people", TIMEOUT, () -> "edsger.dijkstra@eindhoven.example".equals(person(id).get("email_address")));
        assertEquals("Eindhoven", person(id).get("town"));
        assertTargetMirrorsSource();
    }

    @Test
    @Order(3)
    void aRowCommittedLateWithAnEqualTimestampIsNotSkipped() throws Exception {
        final long early = home.insert(HomeToPeople.contact(EARLY));
        validIds.add(early);
        flow.await("the early row in people", TIMEOUT, () -> people.query("SELECT 1 FROM people WHERE email_address = '"
                + HomeToPeople.contact(EARLY).get("email") + "'").size() == 1);
        final Instant stamped = ((Timestamp) home.query("SELECT updated_at FROM contacts WHERE id = " + early).get(0).get("updated_at")).toInstant();
        // a poll has read the early row; wait until the cursor has moved past its time, so a "greater than the last value
        // seen" cursor would never look at that time again
        flow.await("the cursor past the early row", TIMEOUT, () -> windowEnd().isAfter(stamped.plusSeconds(2)));

        final long late = home.insertCommittedLate(HomeToPeople.contact(LATE), stamped);
        validIds.add(late);
        assertEquals(stamped, ((Timestamp) home.query("SELECT updated_at FROM contacts WHERE id = " + late).get(0).get("updated_at")).toInstant(),
                "the late row has exactly the early row's time");
        flow.await("the late row in people", TIMEOUT, () -> people.query("SELECT 1 FROM people WHERE email_address = '"
                + HomeToPeople.contact(LATE).get("email") + "'").size() == 1);
        assertTargetMirrorsSource();
    }

    @Test
    @Order(4)
    void readingEverythingAgainWritesNothing() throws Exception {
        flow.runStatus("Start Poll", "STOPPED");
        flow.runStatus("Open Poll Window", "STOPPED");
        // the polls in flight (whose overlap may reach back to every row) finish and report first
        flow.awaitQuiet(TIMEOUT);
        final List<Map<String, Object>> before = people.rows();
        final int reports = flow.records("reports").size();
        flow.clearState("Open Poll Window");
        flow.runStatus("Open Poll Window", "RUNNING");
        flow.runStatus("Start Poll", "RUNNING");

        final int rows = home.rows().size();
        flow.await("a report of a poll that read the whole table again", TIMEOUT, () -> flow.records("reports").stream().skip(reports)
                .anyMatch(report -> report.path("conservation").path("records_read").asLong() == rows));
        final JsonNode report = flow.records("reports").stream().skip(reports)
                .filter(candidate -> candidate.path("conservation").path("records_read").asLong() == rows).findFirst().orElseThrow();
        final JsonNode outcomes = report.path("conservation").path("outcomes");
        assertEquals(before, people.rows(), "the target, last-modified times included, is untouched");
        assertEquals(rows - invalidIds.size(), outcomes.path("unchanged").asLong(), "every valid row is unchanged: " + report);
        assertEquals(0, outcomes.path("written").asLong(), report.toString());
    }

    @Test
    @Order(5)
    void aContactEditedOnBothSidesGoesToTheConflictDirectoryOnly() throws Exception {
        final long id = validIds.get(5);
        final String goldenId = goldenId(id);
        // someone changed the email in people and a people → home sync read it: the store's people snapshot says so
        people.update(personId(id), Map.of("email_address", "donald@people.example"));
        changePeopleSnapshot(goldenId, "email", "donald@people.example");
        conflictedIds.add(id);
        final int conflictsBefore = flow.records("conflicts").size();
        home.update(id, Map.of("email", "donald@home.example"));

        flow.await("the conflict in the conflict directory", TIMEOUT, () -> flow.records("conflicts").size() > conflictsBefore);
        // polls that read the row again within their overlap report the same conflict again, until a person settles it
        final JsonNode conflict = flow.records("conflicts").get(conflictsBefore);
        for (final JsonNode other : flow.records("conflicts")) {
            assertEquals(String.valueOf(id), other.path("record_id").asText(), other.toString());
        }
        final String diff = conflict.path("crm_conflict").asText();
        assertTrue(diff.contains("email") && diff.contains("donald@home.example") && diff.contains("donald@people.example"), diff);
        assertEquals("donald@people.example", person(id).get("email_address"), "the target keeps its value until a person decides");
    }

    @Test
    @Order(6)
    void aChangeOnlyTheTargetHadIsWrittenBackToTheSource() throws Exception {
        final long id = validIds.get(9);
        final String goldenId = goldenId(id);
        // someone changed the phone in people and a people → home sync read it; then someone edits the email in home
        people.update(personId(id), Map.of("mobile", "+442079469999"));
        changePeopleSnapshot(goldenId, "phone", "+442079469999");
        home.update(id, Map.of("email", "ken.thompson@home.example"));

        flow.await("the email in people and the phone written back to home", TIMEOUT,
                () -> "ken.thompson@home.example".equals(person(id).get("email_address"))
                        && "+442079469999".equals(home.query("SELECT phone FROM contacts WHERE id = " + id).get(0).get("phone")));
        assertEquals(goldenId, home.query("SELECT golden_id FROM contacts WHERE id = " + id).get(0).get("golden_id"),
                "the write-back carries the golden id into the source's external id column");
        assertEquals(List.of(), flow.files("errors/write-back-failed"), "bulletins: " + flow.bulletins());
        assertTargetMirrorsSource();
    }

    @Test
    @Order(7)
    void aDeleteArrivesAsATombstone() throws Exception {
        final long id = validIds.get(7);
        home.delete(id);
        flow.await("the tombstone in people", TIMEOUT, () -> Boolean.TRUE.equals(person(id).get("is_deleted")));
        assertEquals(validIds.size(), people.rows().size(), "the row stays, flagged");
    }

    /**
     * A deletion in home is written into people as the tombstone flag alone (Separate Deletes for Target): a contact whose
     * people row a person changed after the pull wrote it (the pull never reads people) keeps that change, and every other
     * value of the row, when the deletion lands; a contact whose people row is gone from the table (removed by hand) gets a
     * tombstone holding the golden id, the flag and the sync version alone. Before, the deletion was upserted with home's
     * last values: the person's change in people was overwritten, and the new tombstone held home's values.
     */
    @Test
    @Order(8)
    void aDeletionSetsTheTombstoneFlagAloneAndTheTargetRowKeepsItsValues() throws Exception {
        final long changed = validIds.get(11);
        final long removed = validIds.get(13);
        changedInTargetIds.addAll(List.of(changed, removed));
        final Map<String, Object> before = person(changed);
        final String removedId = goldenId(removed);
        // a person changes one contact's people row; the other's people row is removed from the table
        people.update(personId(changed), Map.of("town", "Hollywood", "mobile", "+442079460000"));
        people.execute("DELETE FROM people WHERE external_id = '" + removedId + "'");
        home.delete(changed);
        home.delete(removed);

        flow.await("both deletions in people", TIMEOUT, () -> Boolean.TRUE.equals(person(changed).get("is_deleted"))
                && Boolean.TRUE.equals(person(removed).get("is_deleted")));
        final Map<String, Object> kept = person(changed);
        final List<String> columns = List.of("given_name", "family_name", "email_address", "organisation", "town", "mobile", "postcode", "country_code");
        final Map<String, Object> expected = new TreeMap<>();
        final Map<String, Object> actual = new TreeMap<>();
        for (final String column : columns) {
            expected.put(column, "town".equals(column) ? "Hollywood" : "mobile".equals(column) ? "+442079460000" : before.get(column));
            actual.put(column, kept.get(column));
        }
        assertEquals(expected, actual, "the row keeps the person's change");
        assertTrue((Long) kept.get("sync_version") > (Long) before.get("sync_version"), "the delete's version: " + kept);
        final Map<String, Object> tombstone = person(removed);
        final Map<String, Object> values = new TreeMap<>();
        for (final String column : columns) {
            values.put(column, tombstone.get(column));
        }
        final Map<String, Object> nothing = new TreeMap<>();
        columns.forEach(column -> nothing.put(column, null));
        assertEquals(nothing, values, "a tombstone of the golden id alone");
        assertNotNull(tombstone.get("sync_version"), "the delete's version: " + tombstone);
        assertEquals(List.of(), flow.files("errors/failed"), "nothing failed; bulletins: " + flow.bulletins());
    }

    @Test
    @Order(9)
    void everyPollBalancesAndTheTrackerCountedIt() throws Exception {
        final List<JsonNode> reports = flow.records("reports");
        assertTrue(reports.size() >= 6, "a report per poll with changes: " + reports.size());
        long read = 0;
        final Map<String, Long> outcomes = new HashMap<>();
        for (final JsonNode report : reports) {
            final JsonNode conservation = report.path("conservation");
            assertTrue(conservation.path("balanced").asBoolean(), "balanced: " + report);
            long accounted = 0;
            for (final Map.Entry<String, JsonNode> outcome : conservation.path("outcomes").properties()) {
                accounted += outcome.getValue().asLong();
                outcomes.merge(outcome.getKey(), outcome.getValue().asLong(), Long::sum);
            }
            assertEquals(conservation.path("records_read").asLong(), accounted, "records read = written + unchanged + conflict + invalid + failed: " + report);
            read += conservation.path("records_read").asLong();
            assertEquals(0, report.path("duplicates_in_target").asLong(), report.toString());
        }
        assertTrue(Set.of("written", "unchanged", "conflict", "invalid").containsAll(outcomes.keySet()), outcomes.toString());
        assertTrue(outcomes.get("conflict") >= 1, outcomes.toString());
        assertTrue(outcomes.get("invalid") >= invalidIds.size(), outcomes.toString());
        assertEquals(read, outcomes.values().stream().mapToLong(Long::longValue).sum());

        final List<ProgressView.Run> runs = ProgressView.read(flow.client(), flow.groupId());
        assertFalse(runs.isEmpty());
        for (final ProgressView.Run run : runs) {
            if ("finished".equals(run.status())) {
                assertEquals(run.total(), run.done(), run.describe());
            }
        }
    }

    /**
     * A contact the people table refuses for good (a CHECK constraint its row breaks) is filed under Error
     * Directory/load-failed/people/ with the reason and without its values, the other contact of the same poll lands,
     * and a report counts the refused one as load-failed; once the constraint is gone, Replay Load Failures writes it.
     */
    @Test
    @Order(10)
    void aContactTheTargetRefusesIsFiledAloneCountedAndReplayed() throws Exception {
        final Map<String, Object> refused = HomeToPeople.contact(REFUSED);
        final Map<String, Object> accepted = HomeToPeople.contact(REFUSED + 1);
        people.execute("ALTER TABLE people ADD CONSTRAINT people_refused CHECK (family_name <> '" + refused.get("last_name") + "')");
        final int reports = flow.records("reports").size();
        validIds.addAll(home.insertTogether(List.of(refused, accepted)));

        flow.await("the refused contact filed and the other one in people", TIMEOUT, () -> !flow.records("errors/load-failed").isEmpty()
                && people.query("SELECT 1 FROM people WHERE email_address = '" + accepted.get("email") + "'").size() == 1);
        // the operator enables Replay Load Failures while the cause is looked into: NiFi validates it meanwhile (a few
        // seconds), so that it can be started at once
        flow.runStatus("Replay Load Failures", "STOPPED");
        // polls that read the row again within their overlap may file it again, until it is written
        for (final JsonNode record : flow.records("errors/load-failed")) {
            assertEquals(refused.get("last_name"), record.path("family_name").asText(), "only the refused contact is filed: " + record);
            final String reason = record.path("crm_errors").asText();
            assertTrue(reason.startsWith("not written into people: refused, not retried (new row for relation \"people\" violates check constraint "
                    + "\"people_refused\")"), reason);
            assertFalse(reason.contains(String.valueOf(refused.get("last_name"))), "no values in the reason: " + reason);
        }
        assertTrue(people.query("SELECT 1 FROM people WHERE family_name = '" + refused.get("last_name") + "'").isEmpty());
        flow.await("a balanced report counting the refused contact as load-failed", TIMEOUT, () -> flow.records("reports").stream().skip(reports)
                .anyMatch(report -> report.path("conservation").path("outcomes").path("load-failed").asLong() >= 1
                        && report.path("conservation").path("balanced").asBoolean()));

        // the cause removed, the operator starts Replay Load Failures: its first listing takes the files (Minimum File Age
        // 0 sec, set above), not the next, a Polling Interval (10 s) later
        people.execute("ALTER TABLE people DROP CONSTRAINT people_refused");
        flow.await("Replay Load Failures valid", TIMEOUT, () -> "VALID".equals(flow.client().get("/processors/" + flow.processorId("Replay Load Failures"))
                .path("component").path("validationStatus").asText()));
        flow.runStatus("Replay Load Failures", "RUNNING");
        flow.await("the refused contact replayed into people", TIMEOUT, () -> flow.files("errors/load-failed").isEmpty()
                && people.query("SELECT 1 FROM people WHERE family_name = '" + refused.get("last_name") + "'").size() == 1);
        flow.runStatus("Replay Load Failures", "STOPPED");
        assertTargetMirrorsSource();
    }

    /**
     * A source whose last-modified column is a {@code timestamp without time zone} holding its local times (its trigger
     * writes its clock's time in the Source Export Time Zone, never NiFi's): a new row arrives, compared with the poll
     * window and read in that zone, and the operator's own mapping, reading the column itself, maps the instant (the flow
     * puts crm_source_modified_at in the column's place; before, only a mapping naming crm_source_modified_at got it, and
     * this one's modified_at was hours off). Without the flow reading in the zone, PostgreSQL compared the column with the window, and the
     * JDBC driver read it, in NiFi's JVM zone: the merge took the row's time as hours off (18,000,000 ms early with New York
     * against UTC), and a window no longer reaching that far back never read the row.
     */
    @Test
    @Order(11)
    void aLastModifiedColumnWithoutTimeZoneIsReadInTheSourceExportTimeZone() throws Exception {
        home.execute("ALTER TABLE contacts ALTER COLUMN updated_at TYPE timestamp USING updated_at AT TIME ZONE '" + SOURCE_ZONE + "'");
        home.execute("CREATE OR REPLACE FUNCTION contacts_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.updated_at IS NULL OR coalesce(current_setting('crm.keep_updated_at', true), '') <> 'on' THEN "
                + "NEW.updated_at := clock_timestamp() AT TIME ZONE '" + SOURCE_ZONE + "'; END IF; RETURN NEW; END; $$");
        final Map<String, Object> contact = HomeToPeople.contact(LOCAL_TIME);
        final long id = home.insert(contact);
        validIds.add(id);

        flow.await("the contact stamped in local time in people", TIMEOUT, () -> people.query("SELECT 1 FROM people WHERE email_address = '"
                + contact.get("email") + "'").size() == 1);
        final Instant stamped = ((Timestamp) home.query("SELECT updated_at AT TIME ZONE '" + SOURCE_ZONE + "' AS stamped FROM contacts WHERE id = "
                + id).get(0).get("stamped")).toInstant();
        assertEquals(stamped.toEpochMilli(), snapshot("home", goldenId(id)).path("crm_modified").asLong(),
                "the merge took the row's time as the source's local time in " + SOURCE_ZONE + ", " + stamped);
    }

    /**
     * A row of the target table read to reconcile a poll that Reconcile Target cannot take one by one: the Golden ID Field
     * an operator wrote tests a list with a predicate ({@code /crm_match_ids[./id != '']}, where {@code [*]} is missing) and
     * one row holds a list there (a SQL array of small numbers: ExecuteSQLRecord types a SQL array's elements as bytes, so a
     * text id column never gives a list). Alert Unreconciled Tables raises one ERROR naming the run, the count and the file,
     * without a value, and the row is filed with its reason. Every poll within the Poll Overlap of the row's insert reads it
     * again, and each such run is reconciled and files the row again: the test takes the first file with its description and
     * checks that every file holds only that row (it waited for exactly one file once, which a loaded machine, filing several
     * runs within one check, passed by).
     */
    @Test
    @Order(12)
    void aRowReconcileTargetCannotTakeOneByOneRaisesOneError() throws Exception {
        final String listed = goldenId(validIds.get(11));
        for (final String step : List.of("Read Target Table", "Reconcile Target")) {
            flow.runStatus(step, "STOPPED");
        }
        flow.await("the two steps stopped", TIMEOUT, () -> flow.activeThreads("Read Target Table") + flow.activeThreads("Reconcile Target") == 0);
        flow.configure("Read Target Table", Map.of(), Map.of("SQL Query", "SELECT external_id AS crm_match_id, CASE WHEN external_id = '"
                + listed + "' THEN ARRAY[1] END AS crm_match_ids, given_name AS first_name, family_name AS last_name, "
                + "email_address AS email, mobile AS phone, organisation AS company, town AS city, postcode AS postal_code, "
                + "country_code AS country, is_deleted AS deleted FROM people"));
        flow.configure("Reconcile Target", Map.of(), Map.of("Golden ID Field", "/crm_match_ids[./id != ''], /crm_match_id"));
        final long bulletinsBefore = flow.latestBulletin();
        for (final String step : List.of("Read Target Table", "Reconcile Target")) {
            flow.runStatus(step, "RUNNING");
        }
        validIds.add(home.insert(HomeToPeople.contact(UNRECONCILED)));

        // every poll within the Poll Overlap of the insert reads it again and is reconciled again, each filing the row: the
        // first file with its description is checked (on a loaded machine several runs are filed at once), then all of them
        final Path[] described = {null};
        flow.await("the row filed under unreconciled/ with its description", TIMEOUT, () -> {
            final List<Path> filed = flow.files("errors/unreconciled");
            described[0] = filed.stream().filter(path -> !path.toString().endsWith(".error.json") && filed.contains(descriptionOf(path)))
                    .findFirst().orElse(null);
            return described[0] != null;
        });
        final Path filed = described[0];
        final JsonNode rows = mapper.readTree(filed.toFile());
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(listed, rows.get(0).path("crm_match_id").asText(), "only the row holding a list: " + rows);
        assertTrue(rows.get(0).path("crm_errors").asText().startsWith("Golden ID Field: /crm_match_ids[./id != ''] selects nothing: a predicate right "
                + "after /crm_match_ids tests the list it holds as a whole"), rows.toString());
        final JsonNode description = mapper.readTree(descriptionOf(filed).toFile());
        assertEquals("1", description.path("record.count").asText(), description.toString());
        flow.await("Alert Unreconciled Tables' ERROR", TIMEOUT, () -> flow.bulletinsAfter(bulletinsBefore).stream()
                .anyMatch(bulletin -> bulletin.contains("could not take one by one")));
        final String alert = flow.bulletinsAfter(bulletinsBefore).stream().filter(bulletin -> bulletin.contains("could not take one by one"))
                .findFirst().orElseThrow();
        final List<Path> tables = flow.files("errors/unreconciled").stream().filter(path -> !path.toString().endsWith(".error.json")).toList();
        for (final Path table : tables) {
            final JsonNode tableRows = mapper.readTree(table.toFile());
            assertEquals(1, tableRows.size(), table + ": " + tableRows);
            assertEquals(listed, tableRows.get(0).path("crm_match_id").asText(), "only the row holding a list: " + tableRows);
        }
        assertTrue(alert.contains("ERROR") && alert.contains(" had 1 row(s) Reconcile Target could not take one by one, counted as failure in its report")
                && tables.stream().anyMatch(table -> alert.contains("/unreconciled/" + table.getFileName())), alert + ", filed: " + tables);
        assertFalse(alert.contains(listed), "no value in the bulletin: " + alert);
    }

    /** The description Describe Unreconciled Tables writes beside a file of unreconciled rows: {@code <file>.error.json}. */
    private static Path descriptionOf(final Path filed) {
        final String file = filed.getFileName().toString();
        return filed.resolveSibling(file.substring(0, file.length() - ".json".length()) + ".error.json");
    }

    /**
     * The source's clock goes back (summer time ends): the local times of the repeated span are written twice, and
     * PostgreSQL reads such a time as the second of the two. No real zone falls back while the test runs, so the source
     * gets one that does, in a POSIX rule (New York's standard time, summer time {@link #REPEATED} ahead, ending
     * {@link #LEAD} from the moment it is set): its trigger writes the clock's time in it, and Read Changed Rows' SQL
     * Pre-Query sets it (only there: the Source Export Time Zone parameter also reaches the Map steps, whose Java zones take
     * no POSIX rule; the window's query is the flow's). The pre-query reads the zone from a table of the source, which
     * holds the Source Export Time Zone until the rule is set: Read Changed Rows is reconfigured first (stopped, changed,
     * started, a few seconds on a loaded machine), and the rule, the rows' times rewritten in it and the trigger follow
     * at once, in one transaction, so the fall-back needs no margin for NiFi's reconfiguration. A row changed in the first
     * pass ({@link #FIRST_PASS_LEAD} before the fall-back) is read {@link #REPEATED} late: the polls whose windows hold its
     * true time leave it, a poll once the clock passes the later instant reads it, after the row changed in the second
     * pass ({@link #SECOND_PASS_LAG} after the fall-back); the merge's modified_at is that later instant. Both arrive, each once.
     */
    @Test
    @Order(13)
    void aRowChangedInTheFirstOfTwoRepeatedHoursArrivesLateAndNothingIsLost() throws Exception {
        home.execute("CREATE TABLE source_clock_zone (zone text NOT NULL); INSERT INTO source_clock_zone VALUES ('" + SOURCE_ZONE + "')");
        flow.runStatus("Read Changed Rows", "STOPPED");
        flow.await("Read Changed Rows stopped", TIMEOUT, () -> flow.activeThreads("Read Changed Rows") == 0);
        flow.configure("Read Changed Rows", Map.of(), Map.of("sql-pre-query", "SELECT set_config('TimeZone', (SELECT zone FROM source_clock_zone), true)"));
        flow.runStatus("Read Changed Rows", "RUNNING");

        final Instant fallBack = Instant.now().plus(LEAD).plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        final LocalDateTime endOfSummer = LocalDateTime.ofInstant(fallBack, SUMMER);
        final String zone = String.format(Locale.ROOT, "XST%dXDT%s,0/0,%d/%02d:%02d:%02d", -STANDARD.getTotalSeconds() / 3600,
                posixOffset(-SUMMER.getTotalSeconds()), endOfSummer.getDayOfYear() - 1, endOfSummer.getHour(), endOfSummer.getMinute(),
                endOfSummer.getSecond());
        // the rows' times stay the instants they were, now written in the new zone, which the trigger and the polls take
        home.execute("BEGIN; ALTER TABLE contacts ALTER COLUMN updated_at TYPE timestamp USING (updated_at AT TIME ZONE '" + SOURCE_ZONE
                + "') AT TIME ZONE '" + zone + "'; "
                + "CREATE OR REPLACE FUNCTION contacts_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.updated_at IS NULL OR coalesce(current_setting('crm.keep_updated_at', true), '') <> 'on' THEN "
                + "NEW.updated_at := clock_timestamp() AT TIME ZONE '" + zone + "'; END IF; RETURN NEW; END; $$; "
                + "UPDATE source_clock_zone SET zone = '" + zone + "'; COMMIT");

        final Instant firstPassAt = fallBack.minus(FIRST_PASS_LEAD);
        assertTrue(Instant.now().isBefore(fallBack.minusSeconds(1)), "the zone was set before the first pass ended");
        sleepUntil(firstPassAt);
        final Map<String, Object> first = HomeToPeople.contact(FIRST_PASS);
        final long firstId = home.insert(first);
        validIds.add(firstId);
        sleepUntil(fallBack.plus(SECOND_PASS_LAG));
        final Map<String, Object> second = HomeToPeople.contact(SECOND_PASS);
        final long secondId = home.insert(second);
        validIds.add(secondId);

        final LocalDateTime firstLocal = localTime(firstId);
        final LocalDateTime secondLocal = localTime(secondId);
        final Instant firstChanged = firstLocal.toInstant(SUMMER);
        final Instant firstRead = firstLocal.toInstant(STANDARD);
        assertTrue(firstChanged.isBefore(fallBack) && !firstRead.isBefore(fallBack), "changed in the first pass: " + firstLocal + ", " + zone);
        final Instant secondChanged = secondLocal.toInstant(STANDARD);
        assertTrue(!secondChanged.isBefore(fallBack) && secondLocal.toInstant(SUMMER).isBefore(fallBack),
                "changed in the second pass: " + secondLocal + ", " + zone);
        assertTrue(secondLocal.isBefore(firstLocal), "the clock shows the later change an earlier time: " + firstLocal + ", " + secondLocal);

        final Map<String, Instant> arrived = new LinkedHashMap<>();
        final List<String> readEarly = new ArrayList<>();
        flow.await("both contacts in people", TIMEOUT, () -> {
            for (final Map<String, Object> contact : List.of(first, second)) {
                final String email = (String) contact.get("email");
                if (!arrived.containsKey(email) && !people.query("SELECT 1 FROM people WHERE email_address = '" + email + "'").isEmpty()) {
                    arrived.put(email, Instant.now());
                    // read after the people table: the window of the poll that wrote it ends at or before this one
                    final Instant windowEnd = windowEnd().minusSeconds(1);
                    if (email.equals(first.get("email")) && windowEnd.isBefore(firstRead)) {
                        readEarly.add("a window ending at " + windowEnd + " read it, before " + firstRead);
                    }
                }
            }
            return arrived.size() == 2;
        });
        final Instant firstArrived = arrived.get((String) first.get("email"));
        final Instant secondArrived = arrived.get((String) second.get("email"));
        assertEquals(List.of(), readEarly);
        assertTrue(!firstArrived.isBefore(firstRead.plusSeconds(1)), "the first-pass row waits for the window to pass " + firstRead + " (+ Safety Lag): "
                + firstArrived);
        assertTrue(secondArrived.isBefore(firstArrived), "the second-pass row, changed later, arrives first: " + arrived);
        final List<JsonNode> snapshots = new ArrayList<>();
        try {
            flow.await("both contacts' home snapshots with their time", Duration.ofSeconds(10), () -> {
                snapshots.clear();
                snapshots.add(snapshot("home", goldenId(firstId)));
                snapshots.add(snapshot("home", goldenId(secondId)));
                return snapshots.stream().allMatch(snapshot -> snapshot.has("crm_modified"));
            });
        } catch (final AssertionError noTime) {
            throw new AssertionError("the home snapshots without crm_modified: " + snapshots, noTime);
        }
        assertEquals(List.of(firstRead.toEpochMilli(), secondChanged.toEpochMilli()),
                List.of(snapshots.get(0).path("crm_modified").asLong(), snapshots.get(1).path("crm_modified").asLong()),
                "modified_at: the first-pass row's " + REPEATED + " late, the second's its time: " + snapshots);
        assertTargetMirrorsSource();
        System.out.printf(Locale.ROOT, "Fall-back: first-pass row changed %s, read as %s, in people %s (%d ms after its change); second-pass row changed %s, in people %s%n",
                firstChanged, firstRead, firstArrived, Duration.between(firstChanged, firstArrived).toMillis(), secondChanged, secondArrived);
    }

    /** The people table holds exactly one row per valid home contact, under its golden id, with its values. */
    private void assertTargetMirrorsSource() throws Exception {
        final List<Long> excluded = new ArrayList<>(invalidIds);
        excluded.addAll(conflictedIds);
        excluded.addAll(changedInTargetIds);
        assertEquals(List.of(), HomeToPeople.differences(home, people, storeDatabase, excluded));
    }

    /** Changes one field of the store's people snapshot of a customer, as a people → home sync that read an edit would. */
    private void changePeopleSnapshot(final String goldenId, final String field, final String value) throws Exception {
        try (EntityStore store = JdbcEntityStore.postgres(new DataSourceConnections(storeDatabase.dataSource()), "CrmSyncPullIT store",
                Files.createTempDirectory(keyIndexes, "crm-key-index"))) {
            final Snapshot snapshot = store.findSnapshots("people", List.of(goldenId)).get(goldenId);
            assertNotNull(snapshot, "the pull wrote a people snapshot of " + goldenId);
            final ObjectNode content = (ObjectNode) mapper.readTree(snapshot.content());
            content.put(field, value);
            final ChangeSet changes = new ChangeSet(-1, store.readMark());
            changes.putSnapshot(goldenId, "people", mapper.writeValueAsString(content), snapshot.version());
            store.write(changes).commit();
        }
    }

    /** What the entity store's snapshot of a customer in one CRM holds. */
    private JsonNode snapshot(final String system, final String goldenId) throws Exception {
        try (EntityStore store = JdbcEntityStore.postgres(new DataSourceConnections(storeDatabase.dataSource()), "CrmSyncPullIT store",
                Files.createTempDirectory(keyIndexes, "crm-key-index"))) {
            final Snapshot snapshot = store.findSnapshots(system, List.of(goldenId)).get(goldenId);
            assertNotNull(snapshot, "a " + system + " snapshot of " + goldenId);
            return mapper.readTree(snapshot.content());
        }
    }

    /** What the source's clock wrote into a contact's last-modified column, as written. */
    private LocalDateTime localTime(final long id) throws Exception {
        return LocalDateTime.parse((String) home.query("SELECT to_char(updated_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US') AS local_time FROM contacts WHERE id = "
                + id).get(0).get("local_time"));
    }

    /** A POSIX TZ offset (hours west of Greenwich) of seconds: 17980 is 4:59:40. */
    private static String posixOffset(final int seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private static void sleepUntil(final Instant instant) throws InterruptedException {
        final long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static boolean sameOffsetNow(final ZoneId one, final ZoneId other) {
        final Instant now = Instant.now();
        return one.getRules().getOffset(now).equals(other.getRules().getOffset(now));
    }

    private Instant windowEnd() throws Exception {
        final String end = flow.state("Open Poll Window").get("crm.window.end");
        return end == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(end));
    }

    private String goldenId(final long homeId) throws Exception {
        return HomeToPeople.goldenId(storeDatabase, homeId);
    }

    private long personId(final long homeId) throws Exception {
        return (Long) people.query("SELECT person_id FROM people WHERE external_id = '" + goldenId(homeId) + "'").get(0).get("person_id");
    }

    private Map<String, Object> person(final long homeId) throws Exception {
        final List<Map<String, Object>> rows = people.query("SELECT * FROM people WHERE external_id = '" + goldenId(homeId) + "'");
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    /**
     * Delete Policy delete-wins, a deletion in the target against a change in the source: a customer a person deleted in
     * people (the store's people snapshot a tombstone read since the pull wrote the row, as a people → home sync leaves it:
     * the pull never reads people) whose home row changed meanwhile is deleted in home too. The write-back deletion goes
     * through Separate Deletes for Write-Backs to Write Back to Source as the Source ID, Deleted and Sync Version Columns
     * alone: the home row keeps the change a person made there after the pull read it (held before Write Back to Source
     * while the person changes the row) and its other values, deleted true with a version; nothing is written into people.
     * (Before, this was tested NiFi-free only: MergeCRMRecordSyncTest's decision, FlowDatabaseNamesTest's steps.)
     */
    @Test
    @Order(14)
    void withDeleteWinsADeletionInTheTargetIsWrittenBackToTheSourceAsTheTombstoneFlagAlone() throws Exception {
        final long id = validIds.get(17);
        flow.await("the first poll's contacts in people", TIMEOUT, () -> people.rows().size() >= CONTACTS);
        final String goldenId = goldenId(id);
        for (final String processor : List.of("Merge into Target", "Write Back to Source")) {
            flow.runStatus(processor, "STOPPED");
            flow.await(processor + " stopped", TIMEOUT, () -> flow.activeThreads(processor) == 0);
        }
        flow.configure("Merge into Target", Map.of(), Map.of("Delete Policy", "delete-wins"));
        flow.runStatus("Merge into Target", "RUNNING");

        people.delete(personId(id));
        // a people → home sync reads the tombstone: the store's people snapshot becomes the deleted row as read
        try (EntityStore store = JdbcEntityStore.postgres(new DataSourceConnections(storeDatabase.dataSource()), "CrmSyncPullIT store",
                Files.createTempDirectory(keyIndexes, "crm-key-index"))) {
            final Snapshot snapshot = store.findSnapshots("people", List.of(goldenId)).get(goldenId);
            final ObjectNode read = mapper.createObjectNode();
            mapper.readTree(snapshot.content()).properties().stream().filter(field -> !field.getKey().startsWith("crm_") || field.getKey().equals("crm_row"))
                    .forEach(field -> read.set(field.getKey(), field.getValue()));
            read.put("crm_deleted", true).put("crm_modified", Instant.now().toEpochMilli());
            final ChangeSet changes = new ChangeSet(-1, store.readMark());
            changes.putSnapshot(goldenId, "people", mapper.writeValueAsString(read), snapshot.version());
            store.write(changes).commit();
        }
        final Map<String, Object> tombstone = person(id);
        home.update(id, Map.of("email", "after.the.deletion@home.example"));
        flow.await("the write-back deletion on its way to home", TIMEOUT, () -> flow.queuedInto("Write Back to Source") > 0);
        // a person changes the home row after the pull read it, before the deletion lands; the pull reads it no more
        flow.runStatus("Merge into Target", "STOPPED");
        home.update(id, Map.of("city", "Hollywood"));
        flow.runStatus("Write Back to Source", "RUNNING");

        flow.await("the deletion written back to home", TIMEOUT,
                () -> Boolean.TRUE.equals(home.query("SELECT deleted FROM contacts WHERE id = " + id).get(0).get("deleted")));
        final Map<String, Object> row = home.query("SELECT email, city, sync_version FROM contacts WHERE id = " + id).get(0);
        assertEquals(List.of("after.the.deletion@home.example", "Hollywood"), List.of(row.get("email"), row.get("city")),
                "the home row keeps its values, the person's change included: the flag alone is written");
        assertNotNull(row.get("sync_version"), "the write-back's version: " + row);
        assertEquals(tombstone, person(id), "nothing written into people");
        // the flow's own policy again, for whatever runs after
        flow.await("Merge into Target stopped", TIMEOUT, () -> flow.activeThreads("Merge into Target") == 0);
        flow.configure("Merge into Target", Map.of(), Map.of("Delete Policy", "#{Delete Policy}"));
        flow.runStatus("Merge into Target", "RUNNING");
    }
}
