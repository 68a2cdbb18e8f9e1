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
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * templates/crm-sync-two-way.json in a real NiFi 2.3.0 between two real PostgreSQL CRMs (home contacts, people), one
 * cycle at a time (Run Once on the flow's trigger). Every write the flow makes is counted by an audit trigger in both
 * CRMs (the flow's connections carry their own application name): customers created on either side arrive on the other
 * once; rounds of random edits on both sides cross once each (writes = edits) and converge; a cycle that reads only the
 * sync's own writes writes nothing (no ping-pong); the same field edited differently on both sides goes to the conflict
 * directory; every cycle's reconciliation report balances (rows read = written + unchanged + conflict + ...), and the
 * last ones find nothing missing, duplicated or drifted. Writes the people CRM refuses for a while are retried and land
 * once; a write it refuses for good is filed with its reason, alerted, counted and replayed.
 */
@ExtendWith(NiFiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrmSyncTwoWayIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String FLOW_APPLICATION = "nifi-crm-sync";
    private static final List<String> HOME_FIELDS = List.of("golden_id", "first_name", "last_name", "email", "phone", "company", "city",
            "postal_code", "country", "deleted");
    private static final List<String> PEOPLE_FIELDS = List.of("external_id", "given_name", "family_name", "email_address", "mobile",
            "organisation", "town", "postcode", "country_code", "is_deleted");
    private static final String[] CITIES = {"Boston", "Denver", "Austin", "Seattle", "Chicago", "Portland", "Phoenix", "Atlanta"};
    private static final String[] COMPANIES = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay"};
    private static final String[] FIRST_NAMES = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Dennis", "Frances",
        "John", "Niklaus", "Tony", "Radia", "Leslie"};
    private static final String[] NEW_LAST_NAMES = {"Babbage", "Shannon", "Neumann", "Church", "Codd", "Engelbart", "Cerf", "Kahn",
        "Berners", "Postel", "Sutherland", "Milner"};
    private static final String[] LAST_NAMES = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Ritchie", "Allen",
        "Backus", "Wirth", "Hoare", "Perlman", "Lamport"};

    private final ObjectMapper mapper = new ObjectMapper();
    private SqlCrm home;
    private SqlCrm people;
    private PostgresDatabase entities;
    private RunningSyncFlow flow;
    private Path conflicts;
    private Path errors;
    private Path reports;
    private Path nifiLog;

    @BeforeAll
    void importFlow(final NiFiServer nifi) throws Exception {
        final PostgresServer server = PostgresServer.shared();
        nifiLog = nifi.getLogFile();
        home = SqlCrm.create(server, SqlCrm.Kind.HOME, "twoway");
        people = SqlCrm.create(server, SqlCrm.Kind.PEOPLE, "twoway");
        audit(home.database(), "contacts", "id", "golden_id", "updated_at");
        audit(people.database(), "people", "person_id", "external_id", "modified_at");
        entities = server.createDatabase("twoway_entities");
        final Path work = Files.createTempDirectory(Path.of("target"), "sync-two-way-");
        conflicts = work.resolve("conflicts");
        errors = work.resolve("errors");
        reports = work.resolve("reports");

        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Home JDBC URL", home.database().jdbcUrl() + "?ApplicationName=" + FLOW_APPLICATION);
        parameters.put("Home Database User", home.database().user());
        parameters.put("People JDBC URL", people.database().jdbcUrl() + "?ApplicationName=" + FLOW_APPLICATION);
        parameters.put("People Database User", people.database().user());
        parameters.put("Entity Store JDBC URL", entities.jdbcUrl());
        parameters.put("Entity Store Database User", entities.user());
        parameters.put("JDBC Driver Location", PostgresServer.jdbcDriverJar().toString());
        parameters.put("Mapping Directory", ProjectPaths.templates().resolve("sync").toString());
        parameters.put("Safety Lag", "0 seconds");
        parameters.put("Conflict Directory", conflicts.toAbsolutePath().toString());
        parameters.put("Error Directory", errors.toAbsolutePath().toString());
        parameters.put("Report Directory", reports.toAbsolutePath().toString());
        // more retries than a refusal lasts in refusedWritesAreRetriedUntilTheyLand..., however slowly the machine runs
        parameters.put("Load Retries", "20");
        flow = RunningSyncFlow.importFlow(nifi.client(), ProjectPaths.templates().resolve("crm-sync-two-way.json"), "CRM Sync Two-Way IT", parameters,
                Map.of(), TIMEOUT);
        // a failed write is tried again after a second, not the 30 seconds an operator gets
        for (final String retry : flow.processorsOfType("RetryFlowFile")) {
            flow.configure(retry, Map.of("penaltyDuration", "1 sec"));
        }
        // Join Both Reads, Track Cycle and Gather Load Failures are triggered while their queues are empty and then yield
        // their Yield Duration (1 sec): what a cycle sends them meanwhile waits that out, and a cycle done in half a second
        // wrote its reports one to two seconds after its start
        for (final String waiting : List.of("Join Both Reads", "Track Cycle")) {
            flow.configure(waiting, Map.of("yieldDuration", "100 millis"));
        }
        // the refused customer is alone in its bin: it is filed 200 ms after it arrives rather than the flow's 3 sec
        flow.configure("Gather Load Failures", Map.of("yieldDuration", "100 millis"), Map.of("max-bin-age", "200 millis"));
        // PutFile writes a hidden file and renames it when complete, which the replay's File Filter skips: it may take a
        // file at once rather than 5 s old
        flow.configure("Replay Load Failures", Map.of(), Map.of("Minimum File Age", "0 sec"));
        // the trigger is run by hand, one cycle at a time
        flow.startAllBut("Start Sync Cycle");
    }

    @AfterAll
    void stopFlow() throws Exception {
        if (flow != null) {
            flow.close();
        }
    }

    /**
     * NiFi 2.3.0 runs the stop that follows each cycle's Run Once of the trigger (and every start and stop) on the pool the
     * processors' tasks run on: that pool has more threads than this flow has tasks to run at once, so the stop finds one
     * even when every step of the cycle runs a task. (NiFi's default is 10; with it, the trigger once stayed STOPPING for
     * over two minutes in CI, and the next Run Once was refused.)
     */
    @Test
    @Order(0)
    void nifiHasMoreTimerDrivenThreadsThanTheFlowHasTasks(final NiFiServer nifi) throws Exception {
        final int threads = nifi.client().get("/controller/config").path("component").path("maxTimerDrivenThreadCount").asInt();
        final int tasks = flow.concurrentTasks();
        assertTrue(threads > tasks, "Maximum Timer Driven Thread Count " + threads + ", the flow's tasks " + tasks);
    }

    @Test
    @Order(1)
    void editsOnBothSidesCrossOnceConvergeAndNeverComeBack() throws Exception {
        for (int i = 0; i < 6; i++) {
            home.insert(customer(i, "home"));
            people.insert(personColumns(customer(i + 6, "people")));
        }

        // the first cycle: every customer arrives on the other side once, and gets its golden id written back
        cycle();
        assertEquals(12, home.rows().size());
        assertEquals(12, people.rows().size());
        assertConverged();
        assertEquals(Map.of("insert", 6L, "golden-id", 6L), writes(home), "home: 6 customers from people, 6 golden ids written back");
        assertEquals(Map.of("insert", 6L, "golden-id", 6L), writes(people), "people: 6 customers from home, 6 golden ids written back");

        // the next cycle reads only the sync's own writes: nothing is written
        cycle();
        assertEquals(Map.of(), writes(home), "no ping-pong into home; bulletins: " + flow.bulletins());
        assertEquals(Map.of(), writes(people), "no ping-pong into people");

        // rounds of random edits on both sides, on different customers: each edit crosses once, then nothing moves
        final Random random = new Random(11);
        for (int round = 0; round < 6; round++) {
            final List<Map<String, Object>> homeRows = home.rows();
            final List<Map<String, Object>> peopleRows = people.rows();
            final int first = random.nextInt(homeRows.size() - 2);
            // two home rows edited, and two people rows of other customers
            for (int offset = 0; offset < 2; offset++) {
                final Map<String, Object> row = homeRows.get((first + offset) % homeRows.size());
                home.update((Long) row.get("id"), Map.of("city", other(CITIES, row.get("city"), random), "company",
                        other(COMPANIES, row.get("company"), random)));
            }
            for (int offset = 2; offset < 4; offset++) {
                final String golden = (String) homeRows.get((first + offset) % homeRows.size()).get("golden_id");
                final Map<String, Object> row = peopleRows.stream().filter(person -> golden.equals(person.get("external_id"))).findFirst().orElseThrow();
                // a number and a family name no other customer has: an edit never makes two customers look alike
                people.update((Long) row.get("person_id"), Map.of("mobile", "+1617253" + (5000 + round * 10 + offset),
                        "family_name", NEW_LAST_NAMES[round * 2 + offset - 2]));
            }
            cycle();
            assertEquals(Map.of("update", 2L), writes(people), "round " + round + ": the two home edits reached people once" + storeEvents());
            assertEquals(Map.of("update", 2L), writes(home), "round " + round + ": the two people edits reached home once" + storeEvents());
            assertConverged();
            cycle();
            assertEquals(Map.of(), writes(home), "round " + round + ": no edit comes back into home");
            assertEquals(Map.of(), writes(people), "round " + round + ": no edit comes back into people");
        }

        // a customer created in people and one deleted in home
        people.insert(personColumns(customer(12, "people")));
        final Map<String, Object> deleted = home.rows().getFirst();
        home.delete((Long) deleted.get("id"));
        cycle();
        assertEquals(Map.of("golden-id", 1L, "update", 1L), writes(people), "the new person gets its golden id, the tombstone reaches people");
        assertEquals(Map.of("insert", 1L), writes(home), "the new customer reaches home");
        assertConverged();
        cycle();
        assertEquals(Map.of(), writes(home));
        assertEquals(Map.of(), writes(people));

        // the same field edited differently on both sides: one conflict, both CRMs end equal, nothing loops
        final Map<String, Object> contested = home.rows().get(3);
        final String golden = (String) contested.get("golden_id");
        home.update((Long) contested.get("id"), Map.of("email", "home.side@example.com"));
        final Map<String, Object> person = people.rows().stream().filter(row -> golden.equals(row.get("external_id"))).findFirst().orElseThrow();
        people.update((Long) person.get("person_id"), Map.of("email_address", "people.side@example.com"));
        cycle();
        final List<JsonNode> conflictRecords = conflictRecords();
        assertEquals(1, conflictRecords.size(), "one conflict: " + conflictRecords);
        assertTrue(conflictRecords.getFirst().path("crm_conflict").asText().startsWith("email: base"), conflictRecords.toString());
        final long written = writes(home).values().stream().mapToLong(Long::longValue).sum() + writes(people).values().stream().mapToLong(Long::longValue).sum();
        assertEquals(1, written, "the first direction's write lands, the second is the conflict");
        assertConverged();
        cycle();
        assertEquals(Map.of(), writes(home));
        assertEquals(Map.of(), writes(people));

        // a reconciliation after every cycle, per CRM written into: each balances (rows read = written + unchanged + ...),
        // and the latest of each CRM finds every customer, none drifted, missing or duplicated
        final List<JsonNode> reportRecords = reportRecords();
        assertTrue(reportRecords.size() >= 10, "a report per cycle and CRM: " + reportRecords.size());
        final Map<String, JsonNode> latest = new TreeMap<>();
        for (final JsonNode report : reportRecords) {
            final JsonNode conservation = report.path("conservation");
            assertTrue(conservation.path("balanced").asBoolean(), "the cycle lost nothing: " + report);
            assertEquals(conservation.path("records_read").asLong(), conservation.path("accounted").asLong(), report.toString());
            final String target = report.path("target_system").asText();
            if (!latest.containsKey(target) || latest.get(target).path("generated").asText().compareTo(report.path("generated").asText()) < 0) {
                latest.put(target, report);
            }
        }
        assertEquals(List.of("home", "people"), List.copyOf(latest.keySet()));
        for (final JsonNode report : latest.values()) {
            assertEquals(13, report.path("target_records").asLong(), report.toString());
            assertEquals(0, report.path("outcomes").path("drifted").asLong(), report.toString());
            assertEquals(0, report.path("outcomes").path("not_in_store").asLong(), report.toString());
            assertEquals(0, report.path("missing_in_target").asLong(), report.toString());
            assertEquals(0, report.path("duplicates_in_target").asLong(), report.toString());
        }
        assertTrue(!Files.exists(errors) || fileCount(errors) == 0, "nothing rejected; bulletins: " + flow.bulletins());
    }

    /**
     * Customers with no more than a name (two namesakes in home: no email, phone or address) cross to people once. Read
     * back from people, each copy carries the golden id the sync wrote into external_id and joins its customer (Match
     * Against Store's Golden ID Field) instead of being matched, which a name alone cannot do: each copy would become a
     * new customer, written into home as a duplicate, and so on, cycle after cycle.
     */
    @Test
    @Order(2)
    void customersWithNoMoreThanANameCrossOnceAndNeverMultiply() throws Exception {
        writes(home);
        writes(people);
        final int homeRows = home.rows().size();
        final int peopleRows = people.rows().size();
        home.insert(Map.of("first_name", "Sam", "last_name", "Jones"));
        home.insert(Map.of("first_name", "Sam", "last_name", "Jones"));

        cycle();
        assertEquals(Map.of("insert", 2L), writes(people), "both cross to people");
        assertEquals(Map.of("golden-id", 2L), writes(home), "and get their golden ids");
        cycle();
        cycle();
        assertEquals(Map.of(), writes(people), "their copies read back are their echoes" + storeEvents());
        assertEquals(Map.of(), writes(home), "nothing comes back into home" + storeEvents());
        assertEquals(homeRows + 2, home.rows().size());
        assertEquals(peopleRows + 2, people.rows().size());
        assertTrue(!Files.exists(errors) || fileCount(errors) == 0, "nothing rejected; bulletins: " + flow.bulletins());
    }

    /**
     * A second row of a customer entered by hand in people (the same person, another town) is matched to the customer
     * and goes to the conflict directory naming both rows (Merge Three Ways' Duplicate Row Policy): its golden id is not
     * written (the sample CRM keeps it on the row that holds it), its town does not reach home, and nothing is rejected.
     * When a person merges the two rows in people (the second is deleted), that delete is a conflict too: the customer
     * stays in home.
     */
    @Test
    @Order(3)
    void aSecondRowOfACustomerInOneCrmIsAConflictAndItsDeletionDeletesNothing() throws Exception {
        writes(home);
        writes(people);
        final Map<String, Object> customer = home.rows().stream().filter(row -> !(Boolean) row.get("deleted") && row.get("email") != null)
                .skip(2).findFirst().orElseThrow();
        final String golden = (String) customer.get("golden_id");
        final Map<String, Object> first = people.rows().stream().filter(row -> golden.equals(row.get("external_id"))).findFirst().orElseThrow();
        final long second = insertCopy(first, other(CITIES, first.get("town"), new Random(5)));

        cycle();
        final List<JsonNode> secondRows = secondRowConflicts();
        assertEquals(1, secondRows.size(), "the second row is a conflict: " + conflictRecords() + storeEvents());
        assertEquals("(record): row " + second + " is a second row of this customer in people, which syncs through row " + first.get("person_id")
                + " there; merge the two rows in people (this row's changes are not synced to home)", secondRows.getFirst().path("crm_conflict").asText());
        assertEquals(Map.of(), writes(home), "its town does not reach home");
        assertEquals(Map.of(), writes(people), "its golden id is not written: the customer's row holds it");
        assertNull(people.rows().stream().filter(row -> row.get("person_id").equals(second)).findFirst().orElseThrow().get("external_id"));
        assertTrue(!Files.exists(errors) || fileCount(errors) == 0, "nothing rejected; bulletins: " + flow.bulletins());

        // a person merges the two rows in people: the second row is deleted
        people.delete(second);
        cycle();
        assertEquals(2, secondRowConflicts().size(), conflictRecords().toString());
        assertTrue(secondRowConflicts().stream().anyMatch(record -> record.path("crm_conflict").asText().endsWith(
                "(this row is deleted: nothing is deleted in home, the customer lives on in row " + first.get("person_id") + ")")),
                secondRowConflicts().toString());
        assertEquals(Map.of(), writes(home), "the customer is not deleted in home");
        assertEquals(Boolean.FALSE, home.rows().stream().filter(row -> golden.equals(row.get("golden_id"))).findFirst().orElseThrow().get("deleted"));
        assertEquals(Map.of(), writes(people));
        cycle();
        assertEquals(Map.of(), writes(home));
        assertEquals(Map.of(), writes(people));
        assertEquals(2, secondRowConflicts().size(), "read again unchanged (the poll's overlap), the row is no conflict again");
        assertTrue(!Files.exists(errors) || fileCount(errors) == 0, "nothing rejected; bulletins: " + flow.bulletins());
    }

    /**
     * Two customers synced to both CRMs, then merged by the entity store (a row entered in people bridges them: one's
     * email, the other's phone): each CRM now holds two rows of one customer. The bridging row and, once edited, the
     * merged-away customer's row are conflicts naming the row the customer syncs through; the edit does not overwrite the
     * survivor's row in the other CRM; deleting the merged-away row (the two merged in that CRM) deletes nothing.
     */
    @Test
    @Order(4)
    void customersTheStoreMergesAfterBothWereSyncedLeaveSecondRowsThatAreConflicts() throws Exception {
        final long alpha = home.insert(Map.of("first_name", "Quinn", "last_name", "Harper", "email", "quinn.harper@alpha.example", "phone",
                "+16172539001", "company", "Acme", "city", "Boston", "postal_code", "02101", "country", "US"));
        final long beta = home.insert(Map.of("first_name", "Quinn", "last_name", "Harper", "email", "qharper@beta.example", "phone",
                "+16172539002", "company", "Globex", "city", "Denver", "postal_code", "80201", "country", "US"));
        cycle();
        cycle();
        final String alphaId = (String) row(home, alpha).get("golden_id");
        final String betaId = (String) row(home, beta).get("golden_id");
        assertTrue(alphaId != null && betaId != null && !alphaId.equals(betaId), "two customers: " + alphaId + ", " + betaId);
        final Map<String, Object> alphaInPeople = people.rows().stream().filter(row -> alphaId.equals(row.get("external_id"))).findFirst().orElseThrow();
        final Object alphaPerson = alphaInPeople.get("person_id");
        writes(home);
        writes(people);

        // a row in people with Quinn's alpha email and beta phone: the store merges the two customers
        final long bridge = people.insert(Map.of("given_name", "Quinn", "family_name", "Harper", "email_address", "quinn.harper@alpha.example",
                "mobile", "+16172539002", "town", "Boston", "country_code", "US"));
        cycle();
        final String survivor = SqlCrm.query(entities, "SELECT coalesce(merged_into, golden_id) AS live FROM crm_entity WHERE golden_id = '" + betaId
                + "'").getFirst().get("live").toString();
        assertEquals(alphaId, survivor, "the store merged beta into alpha, the older" + storeEvents());
        assertEquals(1, secondRowConflicts("row " + bridge + " is a second row of this customer in people, which syncs through row " + alphaPerson
                + " there; merge the two rows in people (this row's changes").size(), "the bridging row is a second row: " + conflictRecords());
        assertEquals(Map.of(), writes(home));
        assertEquals(Map.of(), writes(people), "no golden id written into the bridging row: another row keeps it");

        // beta's home row, edited: a second row of the merged customer; alpha's row in people is not overwritten
        home.update(beta, Map.of("city", "Austin"));
        cycle();
        final String betaInHome = "row " + beta + " is a second row of this customer in home, which syncs through row " + alpha + " there";
        assertTrue(secondRowConflicts(betaInHome).stream().anyMatch(record -> "Austin".equals(record.path("city").asText())),
                "beta's edit is a conflict: " + conflictRecords());
        assertEquals(Map.of(), writes(people), "beta's edit does not overwrite alpha's row in people");
        assertEquals(alphaInPeople.get("town"), row(people, (Long) alphaPerson).get("town"));
        assertEquals(Map.of(), writes(home), "beta's row keeps its golden id: alpha's row keeps the survivor's");

        // beta's row merged into alpha's in home (deleted): nothing is deleted in people
        home.delete(beta);
        cycle();
        assertEquals(1, secondRowConflicts(betaInHome + "; merge the two rows in home (this row is deleted: nothing is deleted in people").size(),
                conflictRecords().toString());
        assertEquals(Map.of(), writes(people), "alpha stays in people");
        assertEquals(Map.of(), writes(home));
        assertEquals(Boolean.FALSE, row(people, (Long) alphaPerson).get("is_deleted"));

        // read again in the next polls' overlap, no second row is a conflict again
        final int routed = secondRowConflicts().size();
        cycle();
        cycle();
        assertEquals(routed, secondRowConflicts().size(), conflictRecords().toString());
        assertEquals(Map.of(), writes(home));
        assertEquals(Map.of(), writes(people));
        assertTrue(!Files.exists(errors) || fileCount(errors) == 0, "nothing rejected; bulletins: " + flow.bulletins());
        assertNull(row(people, bridge).get("external_id"));
    }

    /**
     * A person merges a customer's two rows in people keeping the second one (entered by hand; its mobile corrected)
     * and deleting the row the customer synced through: the customer is not deleted in home. The deletion is a conflict
     * saying that the customer lives on in the row kept; the row kept takes the golden id over from the deleted row
     * (the sample CRM's trigger), its values reach home in the same cycle, and home's next change lands in it, not in the
     * deleted row.
     */
    @Test
    @Order(5)
    void theCustomersOwnRowDeletedWhenAPersonKeepsTheSecondRowHandsTheCustomerOver() throws Exception {
        writes(home);
        writes(people);
        final Map<String, Object> customer = home.rows().stream().filter(row -> !(Boolean) row.get("deleted") && row.get("email") != null)
                .skip(4).findFirst().orElseThrow();
        final long homeId = (Long) customer.get("id");
        final String golden = (String) customer.get("golden_id");
        final Map<String, Object> first = people.rows().stream().filter(row -> golden.equals(row.get("external_id"))).findFirst().orElseThrow();
        final long firstId = (Long) first.get("person_id");
        final String town = other(CITIES, first.get("town"), new Random(7));
        final long second = insertCopy(first, town);
        cycle();
        assertEquals(1, secondRowConflicts("row " + second + " is a second row").size(), conflictRecords().toString());

        // the person keeps the second row (its mobile corrected) and deletes the first
        people.update(second, Map.of("mobile", "+16172539977"));
        people.delete(firstId);
        cycle();
        final String handOver = "(record): row " + firstId + ", the row this customer syncs through in people, is deleted, but the customer "
                + "lives on in row " + second + " there: nothing is deleted in home";
        assertEquals(1, secondRowConflicts(handOver).size(), conflictRecords().toString());
        assertEquals(Boolean.FALSE, row(home, homeId).get("deleted"), "the customer is not deleted in home");
        assertEquals(town, row(home, homeId).get("city"), "the row kept, read in the same cycle, syncs at once: " + conflictRecords());
        assertEquals("+16172539977", row(home, homeId).get("phone"));
        assertEquals(golden, row(people, second).get("external_id"), "the row kept took the golden id over");
        assertNull(row(people, firstId).get("external_id"));
        writes(home);

        // both rows read again (the golden id moved): nothing to do
        cycle();
        assertEquals(Map.of(), writes(home));
        assertEquals(1, secondRowConflicts(handOver).size());

        final String company = other(COMPANIES, customer.get("company"), new Random(8));
        home.update(homeId, Map.of("company", company));
        cycle();
        assertEquals(company, row(people, second).get("organisation"), "home's change lands in the row kept");
        assertEquals(Boolean.TRUE, row(people, firstId).get("is_deleted"), "the deleted row stays deleted");
        assertEquals(1, secondRowConflicts(handOver).size(), "once");
        assertTrue(!Files.exists(errors) || fileCount(errors) == 0, "nothing rejected; bulletins: " + flow.bulletins());
    }

    /**
     * The people CRM refuses the sync's writes for a while (each waits for a lock an administrator holds and gives up
     * after 200 ms: PostgreSQL's "canceling statement due to lock timeout", as any CRM under maintenance or a lock
     * held by a long report gives): the writes are retried, and once the lock is released the customers arrive, each
     * once, in the same cycle, and nothing is filed as rejected. Before the retries, the first refusal sent the
     * customers to the Error Directory, and they never arrived.
     */
    @Test
    @Order(6)
    void refusedWritesAreRetriedUntilTheyLandOnceAndNothingIsFiled() throws Exception {
        writes(home);
        writes(people);
        final int peopleRows = people.rows().size();
        final long failedBefore = refusals();
        try (Connection connection = connect(people.database()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE sync_gate (open BOOLEAN)");
            // a function's own lock_timeout: only the sync's writes wait at the gate, and only 200 ms
            statement.execute("CREATE FUNCTION pass_sync_gate() RETURNS trigger LANGUAGE plpgsql SET lock_timeout = '200ms' AS $$\n"
                    + "BEGIN\n"
                    + "  IF current_setting('application_name') = '" + FLOW_APPLICATION + "' THEN LOCK TABLE sync_gate IN ROW EXCLUSIVE MODE; END IF;\n"
                    + "  RETURN NEW;\n"
                    + "END;\n$$");
            statement.execute("CREATE TRIGGER pass_sync_gate BEFORE INSERT OR UPDATE ON people FOR EACH ROW EXECUTE FUNCTION pass_sync_gate()");
        }
        final long leslie = home.insert(customer(13, "home"));
        final long hedy = home.insert(Map.of("first_name", "Hedy", "last_name", "Lamarr", "email", "hedy.lamarr@home.example.com", "phone",
                "+16172537777", "company", "Initech", "city", "Austin", "postal_code", "73301", "country", "US"));

        try (Connection gate = connect(people.database()); Statement lock = gate.createStatement()) {
            gate.setAutoCommit(false);
            lock.execute("LOCK TABLE sync_gate IN ACCESS EXCLUSIVE MODE");
            flow.runOnce("Start Sync Cycle");
            // held until the people CRM has refused the sync's write at least twice (or, without retries, it was filed)
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (refusals() - failedBefore < 2 && !(Files.exists(errors) && fileCount(errors) > 0)) {
                assertTrue(System.nanoTime() < deadline, "the gate refused no two writes; bulletins: " + flow.bulletins());
                Thread.sleep(250);
            }
            gate.rollback();
        }
        flow.awaitIdle(TIMEOUT);

        assertTrue(!Files.exists(errors) || fileCount(errors) == 0, "nothing filed: " + records(errors, path -> true) + "; bulletins: " + flow.bulletins());
        assertEquals(Map.of("insert", 2L), writes(people), "both customers arrived in people once, after " + (refusals() - failedBefore) + " refusals");
        assertTrue(flow.bulletins().stream().noneMatch(bulletin -> bulletin.contains("Upsert into People") || bulletin.contains("Alert Load Failure")),
                "writes retried until they land raise no bulletin: " + flow.bulletins());
        assertEquals(Map.of("golden-id", 2L), writes(home));
        assertEquals(peopleRows + 2, people.rows().size());
        assertInPeopleOnce(leslie);
        assertInPeopleOnce(hedy);
        cycle();
        assertEquals(Map.of(), writes(people), "the retried writes read back are echoes");
        assertEquals(Map.of(), writes(home));
        try (Connection connection = connect(people.database()); Statement statement = connection.createStatement()) {
            statement.execute("DROP TRIGGER pass_sync_gate ON people");
        }
    }

    /**
     * A write the people CRM refuses for good (a CHECK constraint one row of the other CRM breaks, written with two rows
     * that do not) is not retried: it is split record by record, the two others land, and only the refused record goes
     * to Error Directory/load-failed/people/ with the database's reason in crm_errors (no values); one ERROR bulletin
     * says how many records of which cycle were not written (none for each attempt), and the cycle's report counts it as
     * load-failed beside the two written and still balances. Once the cause is gone, Replay Load Failures writes it, once.
     * (Before the isolation, the three were filed together and the two others never arrived.)
     */
    @Test
    @Order(7)
    void aWriteRefusedForGoodIsFiledWithItsReasonCountedAlertedAndReplayed() throws Exception {
        writes(home);
        writes(people);
        try (Connection connection = connect(people.database()); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE people ADD CONSTRAINT people_refused CHECK (family_name <> 'Refused')");
        }
        final long failedBefore = refusals();
        final long idaId = home.insert(Map.of("first_name", "Ida", "last_name", "Rhodes", "email", "ida.rhodes@home.example.com", "phone",
                "+16172538881", "city", "Denver", "country", "US"));
        final long refusedId = home.insert(Map.of("first_name", "Zed", "last_name", "Refused", "email", "zed.refused@home.example.com", "phone",
                "+16172538888", "city", "Boston", "country", "US"));
        final long kayId = home.insert(Map.of("first_name", "Kay", "last_name", "McNulty", "email", "kay.mcnulty@home.example.com", "phone",
                "+16172538882", "city", "Austin", "country", "US"));
        cycle();

        assertEquals(Map.of("insert", 2L), writes(people), "the two others of the write landed, the refused customer did not; bulletins: " + flow.bulletins());
        assertInPeopleOnce(idaId);
        assertInPeopleOnce(kayId);
        assertEquals(Map.of("golden-id", 3L), writes(home));
        final Path failed = errors.resolve("load-failed").resolve("people");
        // the operator enables Replay Load Failures while the cause is looked into: NiFi validates it meanwhile
        flow.enable("Replay Load Failures");
        final List<JsonNode> filed = records(failed, path -> true);
        assertEquals(1, filed.size(), "one record filed: " + filed + "; bulletins: " + flow.bulletins());
        assertEquals("Refused", filed.getFirst().path("family_name").asText());
        final String reason = filed.getFirst().path("crm_errors").asText();
        assertTrue(reason.startsWith("not written into people: refused, not retried (new row for relation \"people\" violates check constraint "
                + "\"people_refused\")"), reason);
        assertTrue(!reason.contains("zed") && !reason.contains("8888"), "no values in the reason: " + reason);
        assertEquals(2, refusals() - failedBefore, "refused twice, never retried: in the write of three, then alone");
        final List<String> bulletins = flow.bulletins();
        assertTrue(bulletins.stream().noneMatch(bulletin -> bulletin.contains("Upsert into People")), "no bulletin for each attempt: " + bulletins);
        assertEquals(1, bulletins.stream().filter(bulletin -> bulletin.startsWith("ERROR Alert Load Failure:")).count(), "one bulletin: " + bulletins);
        assertTrue(bulletins.stream().anyMatch(bulletin -> bulletin.startsWith("ERROR Alert Load Failure:") && bulletin.contains("1 record(s) of sync-")
                && bulletin.contains("-home not written into people: refused, not retried (new row for relation") && !bulletin.contains("zed")), bulletins.toString());
        final List<JsonNode> counted = reportRecords().stream().filter(report -> report.path("conservation").path("outcomes").has("load-failed")).toList();
        assertEquals(1, counted.size(), "one cycle's report counts the record not written: " + counted);
        final JsonNode conservation = counted.getFirst().path("conservation");
        assertEquals(1, conservation.path("outcomes").path("load-failed").asLong(), conservation.toString());
        assertEquals(2, conservation.path("outcomes").path("written").asLong(), conservation.toString());
        assertTrue(conservation.path("balanced").asBoolean(), "the cycle still balances: " + conservation);
        assertEquals("people", counted.getFirst().path("target_system").asText());

        // the cause removed, the operator replays the file
        try (Connection connection = connect(people.database()); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE people DROP CONSTRAINT people_refused");
        }
        // the operator starts Replay Load Failures once NiFi has validated it: its first listing takes the file (Minimum
        // File Age 0 sec, set above), not a later one, 10 to 20 s on (its Run Schedule and Polling Interval: 10 s)
        flow.awaitValid("Replay Load Failures", TIMEOUT);
        flow.start("Replay Load Failures");
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (fileCount(failed) > 0) {
            assertTrue(System.nanoTime() < deadline, "the file was not replayed; bulletins: " + flow.bulletins());
            Thread.sleep(250);
        }
        flow.awaitIdle(TIMEOUT);
        flow.stop("Replay Load Failures");
        assertEquals(Map.of("insert", 1L), writes(people), "the replay wrote the customer once; bulletins: " + flow.bulletins());
        assertInPeopleOnce(refusedId);
        assertEquals(0, fileCount(errors.resolve("load-failed")), "nothing filed again");
        cycle();
        assertEquals(Map.of(), writes(people), "the replayed write read back is an echo");
        assertEquals(Map.of(), writes(home));
    }

    /**
     * A table the reconciliation cannot take: a script run on the people CRM's database that keeps each row's last-modified
     * time (crm.keep_updated_at on, as a bulk fix may) pastes a document of 21 MB into a person's organisation, more than the
     * JSON Reader takes in one string (its Max String Length, 20 MB). The sync never reads the row as a change, but the
     * cycle's reconciliation of people reads the whole table: Reconcile People sends the read to failure, and it is filed as
     * the pull flow files it, {@code unreconciled/<run>-unreconciled-<uuid>.json} under the Error Directory with every people
     * row, its reason beside it ({@code <file>.error.json}); one ERROR bulletin, Reconcile People's, names the rows, the run,
     * the reason (once) and the file it is filed as; no value in it or in the description; home's reconciliation of the same cycle is written and balances;
     * nothing else is filed, nothing is left queued. (Before, the failure was auto-terminated: a bulletin, and the cycle's
     * report of people missing without a trace on disk.) Once the value is gone, the next cycle reconciles people again.
     */
    @Test
    @Order(8)
    void aTableTheReconciliationCannotTakeIsFiledWithItsReasonAndTheCycleStillReconcilesTheOther() throws Exception {
        final List<Map<String, Object>> peopleRows = people.rows();
        final List<Map<String, Object>> homeRows = home.rows().stream().filter(row -> !Boolean.TRUE.equals(row.get("deleted"))).toList();
        final Set<Object> liveInHome = homeRows.stream().map(row -> row.get("golden_id")).collect(Collectors.toSet());
        // customers of both CRMs
        final List<Map<String, Object>> inBoth = people.query("SELECT * FROM people WHERE external_id IS NOT NULL AND NOT is_deleted "
                + "ORDER BY person_id").stream().filter(row -> liveInHome.contains(row.get("external_id"))).toList();
        assertTrue(inBoth.size() >= 3, "three customers in both CRMs: " + inBoth.size());
        final Map<String, Object> pastedInto = inBoth.getFirst();
        final String pasted = "Minutes of the board meeting. ";
        // the row's last-modified time set before the overlap this cycle reads again (Poll Overlap, 30 s): the earlier
        // tests may have changed it a moment ago, and the sync must not read the paste as a change
        keepingLastModified("UPDATE people SET organisation = repeat('" + pasted + "', 720000), modified_at = now() - interval '10 minutes' "
                + "WHERE person_id = " + pastedInto.get("person_id"));
        // a change in each CRM, of two other customers, so that the cycle has a run of each and reconciles both
        final Map<String, Object> contact = homeRows.stream().filter(row -> inBoth.get(1).get("external_id").equals(row.get("golden_id"))).findFirst().orElseThrow();
        home.update((Long) contact.get("id"), Map.of("city", other(CITIES, contact.get("city"), new Random(8))));
        final Map<String, Object> person = inBoth.get(2);
        people.update((Long) person.get("person_id"), Map.of("town", other(CITIES, person.get("town"), new Random(9))));
        writes(home);
        writes(people);
        final Path unreconciled = errors.resolve("unreconciled");
        final List<Path> filedBefore = FinishedFiles.below(errors);
        final List<Path> reportsBefore = reportFiles();
        final long bulletin = flow.latestBulletin();

        flow.runOnce("Start Sync Cycle");
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (fileCount(unreconciled) < 2 || reportFiles().stream().noneMatch(file -> !reportsBefore.contains(file)
                && file.getFileName().toString().endsWith("-people.json"))) {
            assertTrue(System.nanoTime() < deadline, "people's table and its description filed, home's report written; bulletins: " + flow.bulletins());
            Thread.sleep(100);
        }
        flow.awaitIdle(TIMEOUT, 2);

        final List<Path> filed = FinishedFiles.below(unreconciled);
        final Path description = filed.stream().filter(file -> file.toString().endsWith(".error.json")).findFirst().orElseThrow();
        final Path table = filed.stream().filter(file -> !file.equals(description)).findFirst().orElseThrow();
        final String run = table.getFileName().toString().replaceFirst("-unreconciled-[0-9a-f-]{36}\\.json$", "");
        assertTrue(run.matches("sync-[0-9TZ.]+-home"), "named after the run of home's changes written into people: " + table);
        assertEquals(table.getFileName().toString().replace(".json", ".error.json"), description.getFileName().toString());
        final List<String> personIds = peopleRows.stream().map(row -> String.valueOf(row.get("person_id"))).sorted().toList();
        assertEquals(personIds, LargeJsonFiles.valuesOf(table, "record_id"), "every people row of the read is in the file, as it was read");
        final JsonNode described = mapper.readTree(description.toFile());
        assertEquals(List.of(table.getFileName().toString(), run, String.valueOf(personIds.size())), List.of(described.path("filename").asText(),
                described.path("crm.run.id").asText(), described.path("record.count").asText()), described.toPrettyString());
        final String reason = described.path("record.error.message").asText();
        assertTrue(reason.matches("String value length \\(\\d+\\) exceeds the maximum allowed \\(20971520, .*\\)"), reason);

        final List<String> errorBulletins = flow.bulletinsAfter(bulletin).stream().filter(line -> line.startsWith("ERROR ")).toList();
        assertEquals(1, errorBulletins.size(), "one ERROR bulletin for the table: " + errorBulletins);
        // the file named (Failure Filed As) and the reason once: NiFi appended the exception's causes, the reason a second time
        assertTrue(errorBulletins.getFirst().startsWith("ERROR Reconcile People: ") && errorBulletins.getFirst().endsWith("The " + personIds.size()
                + " record(s) read for run " + run + " could not be reconciled, and no report was written: " + reason + ". Routed to failure "
                + "unchanged, the reason in record.error.message; filed as " + table.toAbsolutePath()), errorBulletins.getFirst());
        assertEquals(1, errorBulletins.getFirst().split(Pattern.quote(reason), -1).length - 1, "the reason once: " + errorBulletins.getFirst());
        for (final String value : List.of(pasted.trim(), String.valueOf(pastedInto.get("email_address")), String.valueOf(pastedInto.get("family_name")))) {
            assertTrue(!Files.readString(description).contains(value), "no value in the description: " + described);
            assertTrue(flow.bulletins().stream().noneMatch(line -> line.contains(value)), "no value in the bulletins");
        }
        final List<Path> filedNow = FinishedFiles.below(errors);
        filedNow.removeAll(filedBefore);
        assertEquals(List.of(table, description).stream().sorted().toList(), filedNow.stream().sorted().toList(), "nothing else filed");
        assertTrue(reportFiles().stream().noneMatch(file -> file.getFileName().toString().equals("reconciliation-" + run + ".json")),
                "no report of people for the run");
        final List<JsonNode> homeReports = records(reports, file -> !reportsBefore.contains(file));
        assertEquals(1, homeReports.size(), "home's report of the cycle: " + homeReports);
        assertEquals("home", homeReports.getFirst().path("target_system").asText());
        assertTrue(homeReports.getFirst().path("conservation").path("balanced").asBoolean(), "home's run balances: " + homeReports.getFirst());
        assertEquals(Map.of("update", 1L), writes(people), "home's edit reached people");
        assertEquals(Map.of("update", 1L), writes(home), "people's edit reached home");

        // the document removed as it came, the next cycle reconciles people again
        keepingLastModified("UPDATE people SET organisation = " + quoted(pastedInto.get("organisation")) + " WHERE person_id = " + pastedInto.get("person_id"));
        cycle();
        assertEquals(2, fileCount(unreconciled), "nothing filed again");
    }

    /**
     * Reads of the tables to reconcile that fail, both CRMs' in one cycle: each CRM's table is renamed (as a migration of the
     * CRM may do it) while the cycle's summaries wait in front of Read People Table and Read Home Table, stopped for that
     * moment, so that the sync's own reads and writes of the cycle are done and only the reads of the whole tables fail. Each
     * summary (the run and its counts, no values) is filed as {@code unreconciled/<run>-unreconciled-<uuid>.json} under the
     * Error Directory, its description beside it with the read's reason (executesql.error.message); one ERROR bulletin per
     * table, Alert Unreconciled Tables', names the table, the run, the reason (once) and the file, and the reads raise none of
     * their own; Track Cycle sees nothing of it (no run started in its state), nothing is left queued, no report is written for
     * either run. With the tables back, the next cycle reconciles both and files nothing. (Before, the failure was
     * auto-terminated: ExecuteSQLRecord's bulletin, and nothing on disk; Read Home Table's failure was checked in the flow
     * definition only.)
     */
    @Test
    @Order(9)
    void tablesThatCannotBeReadAreFiledWithTheirReasonsInOneBulletinEachNamingTheFile() throws Exception {
        // a customer new in each CRM, so that the cycle has a run of each (also when this test runs alone)
        home.insert(Map.of("first_name", "Mary", "last_name", "Kenneth Keller", "email", "mary.keller@home.example.com", "city", "Denver",
                "country", "US"));
        people.insert(Map.of("given_name", "Jean", "family_name", "Sammet", "email_address", "jean.sammet@people.example.com", "town", "Boston",
                "country_code", "US"));
        writes(home);
        writes(people);
        final Path unreconciled = errors.resolve("unreconciled");
        final List<Path> filedBefore = FinishedFiles.below(errors);
        final List<Path> reportsBefore = reportFiles();

        flow.stop("Read People Table");
        flow.stop("Read Home Table");
        flow.runOnce("Start Sync Cycle");
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (flow.queuedInto("Read People Table") == 0 || flow.queuedInto("Read Home Table") == 0) {
            assertTrue(System.nanoTime() < deadline, "both summaries waiting for their reads; bulletins: " + flow.bulletins());
            Thread.sleep(100);
        }
        flow.awaitIdleBefore(TIMEOUT, "Read People Table", "Read Home Table");
        assertEquals(List.of(1L, 1L), List.of(flow.queuedInto("Read People Table"), flow.queuedInto("Read Home Table")),
                "the summaries of the runs written into people and into home");
        assertEquals(Map.of("insert", 1L, "golden-id", 1L), writes(people), "the customer new in home reached people");
        assertEquals(Map.of("insert", 1L, "golden-id", 1L), writes(home), "the customer new in people reached home");
        final Set<String> runsTracked = flow.state("Track Cycle").keySet();
        final long bulletin = flow.latestBulletin();

        people.execute("ALTER TABLE people RENAME TO people_renamed");
        home.execute("ALTER TABLE contacts RENAME TO contacts_renamed");
        try {
            flow.start("Read People Table");
            flow.start("Read Home Table");
            flow.awaitIdle(TIMEOUT, 2);
        } finally {
            people.execute("ALTER TABLE people_renamed RENAME TO people");
            home.execute("ALTER TABLE contacts_renamed RENAME TO contacts");
        }

        final List<Path> filed = FinishedFiles.below(errors);
        filed.removeAll(filedBefore);
        assertEquals(4, filed.size(), "each summary and its description filed, nothing else: " + filed + "; bulletins: " + flow.bulletins());
        final List<String> bulletins = flow.bulletinsAfter(bulletin);
        assertEquals(2, bulletins.size(), "one bulletin for each read: " + bulletins);
        final Set<String> runs = new TreeSet<>();
        for (final Path description : filed.stream().filter(file -> file.toString().endsWith(".error.json")).toList()) {
            final Path summary = description.resolveSibling(description.getFileName().toString().replace(".error.json", ".json"));
            assertTrue(filed.contains(summary), "the summary beside its description: " + filed);
            assertEquals(unreconciled, summary.getParent());
            final String run = summary.getFileName().toString().replaceFirst("-unreconciled-[0-9a-f-]{36}\\.json$", "");
            assertTrue(run.matches("sync-[0-9TZ.]+-(home|people)"), "named after the run of the changes written into the table's CRM: " + summary);
            runs.add(run);
            // a run of home's changes was written into people, whose table is read to reconcile it, and the other way round
            final boolean intoPeople = run.endsWith("-home");
            final JsonNode content = mapper.readTree(summary.toFile());
            final JsonNode record = content.isArray() ? content.get(0) : content;
            assertEquals(List.of(run, "finished"), List.of(record.path("run_id").asText(), record.path("status").asText()), "the run's summary: " + content);
            final JsonNode described = mapper.readTree(description.toFile());
            final String reason = described.path("executesql.error.message").asText();
            assertTrue(reason.contains("relation \"" + (intoPeople ? "people" : "contacts") + "\" does not exist"), described.toPrettyString());
            assertEquals(List.of(summary.getFileName().toString(), run), List.of(described.path("filename").asText(), described.path("crm.run.id").asText()),
                    described.toPrettyString());
            assertTrue(described.path("record.error.message").isNull(), described.toPrettyString());

            final String expected = "The " + (intoPeople ? "people" : "home") + " table could not be read to reconcile run " + run
                    + ", and no report was written: " + reason + "; filed as " + summary.toAbsolutePath() + ", the reason beside it in its "
                    + ".error.json. The next cycle reads the table again.";
            final List<String> naming = bulletins.stream().filter(line -> line.startsWith("ERROR Alert Unreconciled Tables: ") && line.endsWith(expected))
                    .toList();
            assertEquals(1, naming.size(), "one bulletin naming " + summary.getFileName() + ": " + bulletins);
            assertEquals(1, naming.getFirst().split(Pattern.quote(reason), -1).length - 1, "the reason once: " + naming.getFirst());
            assertTrue(reportFiles().stream().noneMatch(file -> file.getFileName().toString().equals("reconciliation-" + run + ".json")),
                    "no report for the run " + run);
        }
        assertEquals(2, runs.size(), "one summary of each CRM's run: " + runs);
        // a FlowFile Track Cycle counts starts a run (run.<id>) unless its run is kept: a summary would start one of its own
        final Set<String> runsStarted = new TreeSet<>(flow.state("Track Cycle").keySet());
        runsStarted.removeAll(runsTracked);
        assertEquals(Set.of(), runsStarted, "Track Cycle counted nothing of it: the runs' records were counted in the sync chain");
        assertEquals(List.of(), reportFiles().stream().filter(file -> !reportsBefore.contains(file)).toList(), "no report of the cycle");
        assertEquals(Map.of(), writes(people));
        assertEquals(Map.of(), writes(home));

        // the tables back, the next cycle reconciles both again and files nothing
        final long filedNow = fileCount(errors);
        cycle();
        assertEquals(filedNow, fileCount(errors), "nothing filed again; bulletins: " + flow.bulletinsAfter(bulletin));
        final List<JsonNode> latest = records(reports, file -> !reportsBefore.contains(file));
        assertEquals(2, latest.size(), "both reports of the next cycle: " + latest);
        for (final JsonNode report : latest) {
            assertTrue(report.path("conservation").path("balanced").asBoolean(), report.toString());
            assertEquals(0, report.path("missing_in_target").asLong(), report.toString());
        }
    }

    /**
     * A customer deleted in home whose row in people a person changes after the cycle read people and before the sync's
     * delete lands there (Upsert into People held, as a slow queue may). The delete sets the tombstone flag alone
     * (Separate Deletes for People): the row keeps the person's change, and the cycle after reads it in the tombstone, a
     * change crossing the deletion, which Delete Policy {@code route-to-conflict} sends to the Conflict Directory naming
     * the deletion; the customer is not brought back in home, and read again the tombstone is no second conflict.
     * (Before, the delete upserted home's last values with the flag over the change: the tombstone held nothing to tell,
     * and the customer was deleted in both CRMs without a person deciding.)
     */
    @Test
    @Order(10)
    void aChangeTheSyncsDeleteLandsOnStaysInTheTombstoneAndIsAConflict() throws Exception {
        writes(home);
        writes(people);
        final Map<String, Object> customer = home.rows().stream()
                .filter(row -> !(Boolean) row.get("deleted") && row.get("golden_id") != null && row.get("email") != null).findFirst().orElseThrow();
        final String golden = (String) customer.get("golden_id");
        final Map<String, Object> person = people.rows().stream()
                .filter(row -> golden.equals(row.get("external_id")) && !(Boolean) row.get("is_deleted")).findFirst().orElseThrow();
        final long personId = (Long) person.get("person_id");
        final String town = other(CITIES, person.get("town"), new Random(7));
        final int conflictsBefore = conflictRecords().size();

        home.delete((Long) customer.get("id"));
        final List<Path> before = reportFiles();
        flow.stop("Upsert into People");
        try {
            flow.runOnce("Start Sync Cycle");
            flow.awaitIdleBefore(TIMEOUT, "Upsert into People");
            assertTrue(flow.queuedInto("Upsert into People") > 0, "the delete waits for Upsert into People; bulletins: " + flow.bulletins());
            // a person changes the row after the cycle read people
            people.update(personId, Map.of("town", town));
        } finally {
            flow.start("Upsert into People");
        }
        awaitReports(before);
        flow.awaitIdle(TIMEOUT, 2);
        final Map<String, Object> tombstone = row(people, personId);
        assertEquals(List.of(true, town, golden), List.of(tombstone.get("is_deleted"), tombstone.get("town"), tombstone.get("external_id")),
                "the delete set the tombstone flag and kept the person's change: " + tombstone);
        assertEquals(Map.of("update", 1L), writes(people), "the delete, once");
        writes(home);

        cycle();
        final List<JsonNode> crossed = conflictRecords().stream().skip(conflictsBefore)
                .filter(record -> record.path("crm_conflict").asText().contains("home deleted it, people changed")).toList();
        assertEquals(1, crossed.size(), "the change crossing the deletion goes to a person: " + conflictRecords().stream().skip(conflictsBefore).toList());
        assertEquals(town, crossed.getFirst().path("city").asText(), crossed.toString());
        assertEquals(Map.of(), writes(home), "the customer stays deleted in home until a person decides");
        assertEquals(Map.of(), writes(people));
        assertEquals(Boolean.TRUE, row(people, personId).get("is_deleted"));

        cycle();
        assertEquals(conflictsBefore + 1, conflictRecords().size(), "read again, the tombstone is no second conflict: " + conflictRecords());
        assertEquals(Map.of(), writes(home));
        assertEquals(Map.of(), writes(people));
    }

    /**
     * A customer deleted in home whose people row is gone from the people table (removed by hand, as a clean-up may): the
     * sync's delete upserts by the golden id, finds no row and inserts a tombstone holding the golden id, the tombstone flag
     * and the sync version alone (Separate Deletes for People), none of home's values; read back next cycle, it writes
     * nothing into either CRM. (Before Separate Deletes, the tombstone inserted held home's last values.)
     */
    @Test
    @Order(11)
    void aDeletionOfACustomerTheOtherCrmHasNoRowOfInsertsATombstoneOfTheGoldenIdAlone() throws Exception {
        writes(home);
        writes(people);
        final long id = home.insert(Map.of("first_name", "Evelyn", "last_name", "Berezin", "email", "evelyn.berezin@example.org", "phone", "+12125550199",
                "city", "Chicago", "country", "US"));
        cycle();
        assertEquals(Map.of("insert", 1L), writes(people), "the customer reaches people");
        assertEquals(Map.of("golden-id", 1L), writes(home), "and gets its golden id");
        final String golden = (String) row(home, id).get("golden_id");
        people.execute("DELETE FROM people WHERE external_id = '" + golden + "'");
        final int conflictsBefore = conflictRecords().size();

        home.delete(id);
        cycle();
        assertEquals(Map.of("insert", 1L), writes(people), "the delete inserts a row: " + flow.bulletins());
        final List<Map<String, Object>> tombstones = people.rows().stream().filter(row -> golden.equals(row.get("external_id"))).toList();
        assertEquals(1, tombstones.size(), tombstones.toString());
        final Map<String, Object> tombstone = tombstones.getFirst();
        assertTrue(tombstone.get("sync_version") instanceof Long, "the delete's version: " + tombstone);
        final Map<String, Object> expected = new TreeMap<>();
        final Map<String, Object> written = new TreeMap<>();
        for (final String column : PEOPLE_FIELDS) {
            expected.put(column, column.equals("external_id") ? golden : column.equals("is_deleted") ? Boolean.TRUE : null);
            written.put(column, tombstone.get(column));
        }
        assertEquals(expected, written, "the golden id and the tombstone flag alone, none of home's values");
        assertEquals(Map.of(), writes(home));

        cycle();
        assertEquals(Map.of(), writes(home), "the tombstone read back writes nothing into home" + storeEvents());
        assertEquals(Map.of(), writes(people), "nor into people");
        assertEquals(conflictsBefore, conflictRecords().size(), "no conflict: " + conflictRecords());
    }

    /** Runs a statement on the people CRM in a session that keeps each row's last-modified time, as a bulk fix may. */
    private void keepingLastModified(final String update) throws SQLException {
        try (Connection connection = connect(people.database()); Statement statement = connection.createStatement()) {
            statement.execute("SET crm.keep_updated_at = 'on'");
            statement.execute(update);
        }
    }

    private static String quoted(final Object value) {
        return value == null ? "NULL" : "'" + value.toString().replace("'", "''") + "'";
    }

    /** A customer of home has exactly one row in people, with its golden id and its values. */
    private void assertInPeopleOnce(final long homeId) throws SQLException {
        final Map<String, Object> customer = row(home, homeId);
        final Object golden = customer.get("golden_id");
        final List<Map<String, Object>> rows = people.rows().stream().filter(row -> golden != null && golden.equals(row.get("external_id"))).toList();
        assertEquals(1, rows.size(), "one row in people for " + golden + ": " + rows);
        final Map<String, Object> person = rows.getFirst();
        assertEquals(List.of(customer.get("first_name"), customer.get("last_name"), customer.get("email"), customer.get("city")),
                List.of(person.get("given_name"), person.get("family_name"), person.get("email_address"), person.get("town")));
    }

    /**
     * The writes Upsert into People failed so far: its ERROR lines in nifi.log (it raises no bulletin for an attempt: its
     * Bulletin Level is NONE).
     */
    private long refusals() throws IOException, InterruptedException {
        final String loader = "PutDatabaseRecord[id=" + flow.processor("Upsert into People") + "]";
        try (Stream<String> lines = Files.lines(nifiLog, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(" ERROR ") && line.contains(loader)).count();
        }
    }

    private static Connection connect(final PostgresDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }

    /** A copy of a row of people entered by hand, in another town: a second row of the customer. */
    private long insertCopy(final Map<String, Object> person, final String town) throws SQLException {
        final Map<String, Object> copy = new LinkedHashMap<>();
        for (final String column : List.of("given_name", "family_name", "email_address", "mobile", "organisation", "postcode", "country_code")) {
            copy.put(column, person.get(column));
        }
        copy.put("town", town);
        return people.insert(copy);
    }

    private static Map<String, Object> row(final SqlCrm crm, final long id) throws SQLException {
        final String idColumn = crm.rows().getFirst().containsKey("person_id") ? "person_id" : "id";
        return crm.rows().stream().filter(row -> row.get(idColumn).equals(id)).findFirst().orElseThrow();
    }

    private List<JsonNode> secondRowConflicts() throws IOException {
        return secondRowConflicts("is a second row of this customer");
    }

    private List<JsonNode> secondRowConflicts(final String text) throws IOException {
        return conflictRecords().stream().filter(record -> record.path("crm_conflict").asText().contains(text)).toList();
    }

    /** The entity store's events other than creations (links, merges), with their explanations: why a test failed. */
    private String storeEvents() throws SQLException {
        final StringBuilder events = new StringBuilder("; store events:");
        try (Connection connection = DriverManager.getConnection(entities.jdbcUrl(), entities.user(), entities.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT kind, golden_id, other_golden_id, source_system, source_id, score, explanation "
                     + "FROM crm_event WHERE kind <> 'created' ORDER BY event_id")) {
            while (result.next()) {
                events.append("\n  ").append(result.getString(1)).append(' ').append(result.getString(2)).append(" <- ").append(result.getString(3))
                        .append(' ').append(result.getString(4)).append(':').append(result.getString(5)).append(" score ").append(result.getDouble(6))
                        .append(' ').append(result.getString(7));
            }
        }
        return events.toString();
    }

    /**
     * One sync cycle: the trigger run once, then wait for the cycle's last step, its reconciliation report of each CRM,
     * and until every FlowFile has been worked off.
     */
    private void cycle() throws IOException, InterruptedException {
        final List<Path> before = reportFiles();
        flow.runOnce("Start Sync Cycle");
        awaitReports(before);
        flow.awaitIdle(TIMEOUT, 2);
    }

    /** Waits for a cycle's reconciliation report of each CRM, written after the reports {@code before}. */
    private void awaitReports(final List<Path> before) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            final List<Path> written = reportFiles();
            written.removeAll(before);
            if (written.stream().anyMatch(file -> file.getFileName().toString().endsWith("-home.json"))
                    && written.stream().anyMatch(file -> file.getFileName().toString().endsWith("-people.json"))) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "no reports of the cycle within " + TIMEOUT + ": " + written + "; bulletins: " + flow.bulletins());
            Thread.sleep(100);
        }
    }

    /** The reports written so far (not PutFile's hidden files still being written). */
    private List<Path> reportFiles() throws IOException {
        return new ArrayList<>(FinishedFiles.below(reports));
    }

    /** Customer {@code number} (0 to 13): every customer has a first name of their own, so no two are namesakes. */
    private static Map<String, Object> customer(final int number, final String side) {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("first_name", FIRST_NAMES[number]);
        values.put("last_name", LAST_NAMES[number]);
        values.put("email", "customer" + number + "@" + side + ".example.com");
        values.put("phone", "+1617253" + String.format("%04d", 1000 + number));
        values.put("company", COMPANIES[number % COMPANIES.length]);
        values.put("city", CITIES[number % CITIES.length]);
        values.put("postal_code", String.format("%05d", 2100 + number));
        values.put("country", "US");
        return values;
    }

    /** A value of the list other than the current one, so that every edit changes something. */
    private static String other(final String[] values, final Object current, final Random random) {
        String value = values[random.nextInt(values.length)];
        while (value.equals(current)) {
            value = values[random.nextInt(values.length)];
        }
        return value;
    }

    private static Map<String, Object> personColumns(final Map<String, Object> customer) {
        final Map<String, Object> person = new LinkedHashMap<>();
        person.put("given_name", customer.get("first_name"));
        person.put("family_name", customer.get("last_name"));
        person.put("email_address", customer.get("email"));
        person.put("mobile", customer.get("phone"));
        person.put("organisation", customer.get("company"));
        person.put("town", customer.get("city"));
        person.put("postcode", customer.get("postal_code"));
        person.put("country_code", customer.get("country"));
        return person;
    }

    /** Both CRMs hold the same customers with the same values, each row with its golden id. */
    private void assertConverged() throws SQLException, IOException, InterruptedException {
        final Map<String, List<Object>> homeCustomers = customers(home.rows(), HOME_FIELDS);
        final Map<String, List<Object>> peopleCustomers = customers(people.rows(), PEOPLE_FIELDS);
        assertEquals(homeCustomers, peopleCustomers, "both CRMs hold the same customers; bulletins: " + flow.bulletins());
    }

    private static Map<String, List<Object>> customers(final List<Map<String, Object>> rows, final List<String> fields) {
        final Map<String, List<Object>> customers = new TreeMap<>();
        for (final Map<String, Object> row : rows) {
            final List<Object> values = new ArrayList<>();
            for (final String field : fields.subList(1, fields.size())) {
                values.add(row.get(field));
            }
            final Object golden = row.get(fields.getFirst());
            customers.put(golden == null ? "(no golden id) " + values : golden.toString(), values);
        }
        return customers;
    }

    /**
     * Counts, in the CRM's database, every insert and update a session of the flow makes: {@code insert},
     * {@code golden-id} (only the golden id column changed), {@code update} (a synced field changed) and {@code noop}
     * (a write that changed nothing, the symptom of a loop).
     */
    private static void audit(final PostgresDatabase database, final String table, final String id, final String golden, final String modified)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE sync_writes (kind TEXT NOT NULL, row_id BIGINT NOT NULL, counted BOOLEAN NOT NULL DEFAULT false)");
            statement.execute("CREATE FUNCTION count_sync_write() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                    + "BEGIN\n"
                    + "  IF current_setting('application_name') <> '" + FLOW_APPLICATION + "' THEN RETURN NEW; END IF;\n"
                    + "  INSERT INTO sync_writes (kind, row_id) VALUES (CASE\n"
                    + "    WHEN TG_OP = 'INSERT' THEN 'insert'\n"
                    + "    WHEN to_jsonb(NEW) - '" + modified + "' = to_jsonb(OLD) - '" + modified + "' THEN 'noop'\n"
                    + "    WHEN to_jsonb(NEW) - '" + modified + "' - '" + golden + "' = to_jsonb(OLD) - '" + modified + "' - '" + golden + "' THEN 'golden-id'\n"
                    + "    ELSE 'update' END, NEW." + id + ");\n"
                    + "  RETURN NEW;\n"
                    + "END;\n$$");
            statement.execute("CREATE TRIGGER count_sync_write AFTER INSERT OR UPDATE ON " + table + " FOR EACH ROW EXECUTE FUNCTION count_sync_write()");
        }
    }

    /** The flow's writes into the CRM since the previous call, by kind. */
    private static Map<String, Long> writes(final SqlCrm crm) throws SQLException {
        final PostgresDatabase database = crm.database();
        final Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("SELECT kind, count(*) FROM sync_writes WHERE NOT counted GROUP BY kind")) {
                while (result.next()) {
                    counts.put(result.getString(1), result.getLong(2));
                }
            }
            statement.execute("UPDATE sync_writes SET counted = true");
        }
        return counts;
    }

    private List<JsonNode> conflictRecords() throws IOException {
        return records(conflicts, path -> !path.toString().contains("review"));
    }

    private List<JsonNode> reportRecords() throws IOException {
        return records(reports, path -> true);
    }

    private List<JsonNode> records(final Path directory, final Predicate<Path> wanted) throws IOException {
        final List<JsonNode> records = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return records;
        }
        for (final Path file : FinishedFiles.below(directory).stream().filter(wanted).toList()) {
            for (final JsonNode record : mapper.readTree(file.toFile())) {
                records.add(record);
            }
        }
        return records;
    }

    private static long fileCount(final Path directory) throws IOException {
        return FinishedFiles.countWithUnfinished(directory);
    }
}
