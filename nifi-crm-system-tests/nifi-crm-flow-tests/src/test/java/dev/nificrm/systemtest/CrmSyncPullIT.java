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

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * contact edited on both sides goes to the conflict directory and nowhere else; a delete arrives as a tombstone; and
 * every poll's reconciliation report balances its records read against written, unchanged, conflicts, invalid and
 * failed, as the progress tracker counted them.
 */
@ExtendWith(NiFiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrmSyncPullIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final int CONTACTS = 40;
    private static final String[] FIRST_NAMES = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken",
        "Dennis", "Bjarne", "Guido", "Linus", "Radia", "Tim", "Vint", "Whitfield", "Leslie", "Niklaus", "Tony", "Robin", "Edgar", "Jim",
        "Butler", "Shafi", "Silvio", "Judea", "Yoshua", "Geoffrey", "Yann", "Fei-Fei", "Karen", "Hedy", "Katherine", "Dorothy", "Mary",
        "Annie", "Evelyn", "Sophie", "Jean", "Kathleen", "Betty", "Marlyn", "Ruth", "Adele"};
    private static final String[] LAST_NAMES = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Hamilton",
        "Thompson", "Ritchie", "Stroustrup", "Rossum", "Torvalds", "Perlman", "Berners-Lee", "Cerf", "Diffie", "Lamport", "Wirth", "Hoare",
        "Milner", "Codd", "Gray", "Lampson", "Goldwasser", "Micali", "Pearl", "Bengio", "Hinton", "LeCun", "Li", "Sparck-Jones", "Lamarr",
        "Johnson", "Vaughan", "Jackson", "Easley", "Boyd", "Wilson", "Bartik", "Antonelli", "Holberton", "Wescoff", "Teitelbaum", "Goldstine"};
    private static final String[] CITIES = {"London", "Manchester", "Arlington", "Rotterdam", "Boston"};

    private final ObjectMapper mapper = new ObjectMapper();
    private final Path work = Path.of("target/it-work/sync-pull").toAbsolutePath();
    private SqlCrm home;
    private SqlCrm people;
    private PostgresDatabase storeDatabase;
    private SyncFlow flow;
    private final List<Long> validIds = new ArrayList<>();
    private final List<Long> invalidIds = new ArrayList<>();

    @BeforeAll
    void startTheFlow(final NiFiServer nifi) throws Exception {
        final PostgresServer postgres = PostgresServer.shared();
        home = SqlCrm.create(postgres, SqlCrm.Kind.HOME, "pull");
        people = SqlCrm.create(postgres, SqlCrm.Kind.PEOPLE, "pull");
        storeDatabase = postgres.createDatabase("pull_store");
        for (int contact = 0; contact < CONTACTS; contact++) {
            validIds.add(home.insert(contact(contact)));
        }
        // two rows cleaning refuses: a broken email, a phone number with letters
        final Map<String, Object> brokenEmail = new LinkedHashMap<>(contact(CONTACTS));
        brokenEmail.put("email", "nobody at example dot com");
        invalidIds.add(home.insert(brokenEmail));
        final Map<String, Object> brokenPhone = new LinkedHashMap<>(contact(CONTACTS + 1));
        brokenPhone.put("phone", "call me maybe");
        invalidIds.add(home.insert(brokenPhone));

        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Poll Overlap", "10 seconds");
        parameters.put("Safety Lag", "1 second");
        parameters.put("Default Phone Region", "GB");
        flow = SyncFlow.upload(nifi.client(), "crm-sync-pull.json", "CrmSyncPullIT", home, people, storeDatabase, work, parameters, TIMEOUT);
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
        final long early = home.insert(contact(100));
        validIds.add(early);
        flow.await("the early row in people", TIMEOUT, () -> people.query("SELECT 1 FROM people WHERE email_address = '"
                + contact(100).get("email") + "'").size() == 1);
        final Instant stamped = ((Timestamp) home.query("SELECT updated_at FROM contacts WHERE id = " + early).get(0).get("updated_at")).toInstant();
        // a poll has read the early row; wait until the cursor has moved past its time, so a "greater than the last value
        // seen" cursor would never look at that time again
        flow.await("the cursor past the early row", TIMEOUT, () -> windowEnd().isAfter(stamped.plusSeconds(2)));

        final long late = home.insertCommittedLate(contact(101), stamped);
        validIds.add(late);
        assertEquals(stamped, ((Timestamp) home.query("SELECT updated_at FROM contacts WHERE id = " + late).get(0).get("updated_at")).toInstant(),
                "the late row has exactly the early row's time");
        flow.await("the late row in people", TIMEOUT, () -> people.query("SELECT 1 FROM people WHERE email_address = '"
                + contact(101).get("email") + "'").size() == 1);
        assertTargetMirrorsSource();
    }

    @Test
    @Order(4)
    void readingEverythingAgainWritesNothing() throws Exception {
        final List<Map<String, Object>> before = people.rows();
        final int reports = flow.records("reports").size();
        flow.runStatus("Start Poll", "STOPPED");
        flow.runStatus("Open Poll Window", "STOPPED");
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
        try (EntityStore store = JdbcEntityStore.postgres(new DataSourceConnections(storeDatabase.dataSource()), "CrmSyncPullIT store")) {
            final Snapshot snapshot = store.findSnapshots("people", List.of(goldenId)).get(goldenId);
            assertNotNull(snapshot, "the pull wrote a people snapshot of " + goldenId);
            final ObjectNode content = (ObjectNode) mapper.readTree(snapshot.content());
            content.put("email", "donald@people.example");
            final ChangeSet changes = new ChangeSet(-1, store.readMark());
            changes.putSnapshot(goldenId, "people", mapper.writeValueAsString(content), snapshot.version());
            store.write(changes).commit();
        }
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
    void aDeleteArrivesAsATombstone() throws Exception {
        final long id = validIds.get(7);
        home.delete(id);
        flow.await("the tombstone in people", TIMEOUT, () -> Boolean.TRUE.equals(person(id).get("is_deleted")));
        assertEquals(validIds.size(), people.rows().size(), "the row stays, flagged");
    }

    @Test
    @Order(7)
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

    /** The people table holds exactly one row per valid home contact, under its golden id, with its values. */
    private void assertTargetMirrorsSource() throws Exception {
        final Map<String, Map<String, Object>> expected = new HashMap<>();
        for (final Map<String, Object> contact : home.rows()) {
            final long id = (Long) contact.get("id");
            if (invalidIds.contains(id)) {
                continue;
            }
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("given_name", contact.get("first_name"));
            row.put("family_name", contact.get("last_name"));
            row.put("email_address", contact.get("email"));
            row.put("mobile", contact.get("phone"));
            row.put("organisation", contact.get("company"));
            row.put("town", contact.get("city"));
            row.put("postcode", contact.get("postal_code"));
            row.put("country_code", contact.get("country"));
            row.put("is_deleted", contact.get("deleted"));
            assertNull(expected.put(goldenId(id), row), "one golden id per home contact: " + id);
        }
        final Map<String, Map<String, Object>> actual = new HashMap<>();
        for (final Map<String, Object> person : people.rows()) {
            final Map<String, Object> row = new LinkedHashMap<>(person);
            row.remove("person_id");
            row.remove("modified_at");
            final Object externalId = row.remove("external_id");
            assertNull(actual.put((String) externalId, row), "one row per golden id: " + externalId);
        }
        assertEquals(expected, actual);
    }

    private static void assertNull(final Object value, final String message) {
        assertEquals(null, value, message);
    }

    private Instant windowEnd() throws Exception {
        final String end = flow.state("Open Poll Window").get("crm.window.end");
        return end == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(end));
    }

    private String goldenId(final long homeId) throws Exception {
        final List<Map<String, Object>> members = SqlCrm.query(storeDatabase,
                "SELECT golden_id FROM crm_member WHERE source_system = 'home' AND source_id = '" + homeId + "'");
        assertEquals(1, members.size(), "one store member for home " + homeId);
        return (String) members.get(0).get("golden_id");
    }

    private long personId(final long homeId) throws Exception {
        return (Long) people.query("SELECT person_id FROM people WHERE external_id = '" + goldenId(homeId) + "'").get(0).get("person_id");
    }

    private Map<String, Object> person(final long homeId) throws Exception {
        final List<Map<String, Object>> rows = people.query("SELECT * FROM people WHERE external_id = '" + goldenId(homeId) + "'");
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    /** A contact with already clean values, unlike every other one in every field: cleaning leaves it as it is, matching keeps it apart. */
    private static Map<String, Object> contact(final int number) {
        final int index = number < 100 ? number : CONTACTS + 2 + number - 100;
        final String first = FIRST_NAMES[index];
        final String last = LAST_NAMES[index];
        final Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("first_name", first);
        contact.put("last_name", last);
        contact.put("email", (first + "." + last + "@example.com").toLowerCase(Locale.ROOT));
        contact.put("phone", String.format(Locale.ROOT, "+4420%08d", 79460000 + 137 * index));
        contact.put("company", last + " Computing");
        contact.put("city", CITIES[index % CITIES.length]);
        contact.put("postal_code", String.format(Locale.ROOT, "N%d %dAB", 1 + index % 19, index % 10));
        contact.put("country", "GB");
        return contact;
    }
}
