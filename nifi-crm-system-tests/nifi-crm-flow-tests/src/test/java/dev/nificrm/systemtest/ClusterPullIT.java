package dev.nificrm.systemtest;

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

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cluster-ready, proven: two NiFi instances (the shared one and a second one in a home of its own) run
 * templates/crm-sync-pull.json on the same home contacts at the same time, sharing one PostgreSQL entity store and
 * one target. Both read every change (each keeps its own cursor, as the nodes of a cluster would after a change of
 * primary node), so every new contact is matched and merged by both at once and every edit is written by both.
 * No contact gets two entities or two target rows, and after rounds of edits made while both run the target holds
 * every contact's last values: no update is lost, also when one node writes an older decision after the other wrote a
 * newer one (the target's guard on {@code sync_version}).
 * <p>
 * Then both run templates/crm-sync-push.json, sharing another entity store, as the nodes of a cluster behind one load
 * balancer: a signed webhook call accepted on one node is refused as a replay on the other.
 * <p>
 * The second NiFi is also the one that shows several NiFis running from one assembly (besides {@link NiFiHomesIT}, which
 * needs no second one): it runs in a home of its own beside the first, and stopping it leaves the first running. One
 * second NiFi for both saves a NiFi start and stop of the test run.
 */
@ExtendWith(NiFiExtension.class)
@OwnNiFi("second")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPullIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int CONTACTS = 30;
    private static final int ROUNDS = 5;
    private static final int EDITS_PER_ROUND = 12;
    private static final String WEBHOOK_SECRET = "cluster-webhook-secret";
    private static final String WEBHOOK_PATH = "/crm/people";

    private final Path work = Path.of("target/it-work/cluster-pull").toAbsolutePath();
    private final List<SyncFlow> flows = new ArrayList<>();
    private final List<RunningSyncFlow> pushFlows = new ArrayList<>();
    private NiFiServer first;
    private NiFiServer second;
    private SqlCrm home;
    private SqlCrm people;
    private PostgresDatabase store;

    @BeforeAll
    void startTwoNiFis(final NiFiServer first) throws Exception {
        this.first = first;
        second = NiFiExtension.ownNiFi("second");
        final PostgresServer postgres = PostgresServer.shared();
        home = SqlCrm.create(postgres, SqlCrm.Kind.HOME, "cluster");
        people = SqlCrm.create(postgres, SqlCrm.Kind.PEOPLE, "cluster");
        store = postgres.createDatabase("cluster_store");
        final Map<String, String> parameters = Map.of("Poll Overlap", "10 seconds", "Safety Lag", "1 second", "Default Phone Region", "GB");
        flows.add(SyncFlow.upload(first.client(), "crm-sync-pull.json", "ClusterPullIT node 1", home, people, store, work.resolve("node-1"),
                parameters, TIMEOUT));
        flows.add(SyncFlow.upload(second.client(), "crm-sync-pull.json", "ClusterPullIT node 2", home, people, store, work.resolve("node-2"),
                parameters, TIMEOUT));
    }

    @AfterAll
    void stopTheSecondNiFi() throws Exception {
        try {
            for (final SyncFlow flow : flows) {
                flow.close();
            }
            for (final RunningSyncFlow flow : pushFlows) {
                flow.close();
            }
        } finally {
            if (second != null) {
                second.close();
                assertEquals("2.3.0", version(first), "stopping the second NiFi leaves the first running");
            }
        }
    }

    @Test
    @Order(0)
    void runsASecondNiFiFromTheSameAssemblyBesideTheFirst() throws Exception {
        assertNotEquals(first.getHome(), second.getHome());
        assertNotEquals(first.getUiUri(), second.getUiUri());
        assertEquals("2.3.0", version(second));
        final List<String> ourTypes = NarContents.processorTypes(NarContents.findNar(second.getHome().resolve("extensions"), "nifi-crm-nar-"));
        second.awaitProcessorTypes(ourTypes, NiFiExtension.STARTUP_TIMEOUT);
        assertEquals("2.3.0", version(first), "the first NiFi answers while the second runs");
    }

    @Test
    @Order(1)
    void twoNodesPullingTheSameChangesCreateEachCustomerOnceAndLoseNoUpdate() throws Exception {
        final List<Long> ids = new ArrayList<>();
        for (int contact = 0; contact < CONTACTS; contact++) {
            ids.add(home.insert(HomeToPeople.contact(contact)));
        }
        for (final SyncFlow flow : flows) {
            flow.start();
        }
        final SyncFlow anyFlow = flows.get(0);
        anyFlow.await("every contact in people, once", TIMEOUT, () -> HomeToPeople.differences(home, people, store, List.of()).isEmpty());

        // rounds of edits while both nodes poll: the same contacts edited again and again, a few hundred milliseconds apart
        final Random random = new Random(11);
        int edits = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int edit = 0; edit < EDITS_PER_ROUND; edit++) {
                final long id = ids.get(random.nextInt(ids.size()));
                home.update(id, Map.of("email", "round" + round + ".edit" + edit + "." + id + "@example.org", "city", "City " + round + "-" + edit));
                edits++;
            }
            Thread.sleep(400);
        }
        anyFlow.await("people equal to home after " + edits + " edits", TIMEOUT,
                () -> HomeToPeople.differences(home, people, store, List.of()).isEmpty());

        assertEquals(List.of(), HomeToPeople.differences(home, people, store, List.of()));
        assertEquals(CONTACTS, count("SELECT count(*) FROM crm_entity WHERE merged_into IS NULL"), "one entity per contact");
        assertEquals(CONTACTS, count("SELECT count(*) FROM crm_member"), "one cross-reference row per contact");
        assertEquals(CONTACTS, people.rows().size(), "one target row per contact");
        for (final SyncFlow flow : flows) {
            assertTrue(flow.records("reports").size() > 1, "both nodes pulled and reported");
            assertEquals(List.of(), flow.files("errors/failed"), "nothing failed; bulletins: " + flow.bulletins());
        }
    }

    /**
     * The lost update made to happen: node 2 decides an edit, but its write to the target waits (its loader is
     * stopped); node 1 decides and writes a later edit of the same contact; then node 2's older decision is written.
     * The target keeps the newer values: the write carries the older snapshot version (crm_sync_version into
     * people.sync_version) and the table's guard skips it. Without the guard the older write wins, and no later poll
     * corrects it, since the store already holds the newer state.
     */
    @Test
    @Order(2)
    void anOlderDecisionWrittenAfterANewerOneDoesNotOverwriteIt() throws Exception {
        final SyncFlow first = flows.get(0);
        final SyncFlow second = flows.get(1);
        final long id = home.insert(HomeToPeople.contact(CONTACTS));
        first.await("the new contact in people", TIMEOUT, () -> HomeToPeople.differences(home, people, store, List.of()).isEmpty());
        final String goldenId = HomeToPeople.goldenId(store, id);

        first.runStatus("Merge into Target", "STOPPED");
        second.runStatus("Upsert into Target", "STOPPED");
        final String older = "older." + id + "@example.org";
        home.update(id, Map.of("email", older));
        second.await("node 2 decided the older edit, its write waiting", TIMEOUT, () -> second.queuedInto("Upsert into Target") > 0
                && !SqlCrm.query(store, "SELECT 1 FROM crm_snapshot WHERE golden_id = '" + goldenId + "' AND source_system = 'people' "
                + "AND content LIKE '%" + older + "%'").isEmpty());

        second.runStatus("Merge into Target", "STOPPED");
        first.runStatus("Merge into Target", "RUNNING");
        final String newer = "newer." + id + "@example.org";
        home.update(id, Map.of("email", newer));
        first.await("node 1 wrote the newer edit", TIMEOUT, () -> newer.equals(targetEmail(goldenId)));

        second.runStatus("Upsert into Target", "RUNNING");
        // the write is committed to the database before NiFi's session lets the queue go: an empty queue is a committed write
        second.await("node 2 wrote its older decision", TIMEOUT, () -> second.queuedInto("Upsert into Target") == 0);
        assertEquals(newer, targetEmail(goldenId), "the newer decision stays in the target");

        second.runStatus("Merge into Target", "RUNNING");
        first.await("people equal to home", TIMEOUT, () -> HomeToPeople.differences(home, people, store, List.of()).isEmpty());
        assertEquals(newer, targetEmail(goldenId));
        for (final SyncFlow flow : flows) {
            assertEquals(List.of(), flow.files("errors/failed"), "nothing failed; bulletins: " + flow.bulletins());
        }
    }

    /**
     * The push flow on both nodes, one entity store between them, each node listening on its own port as behind a
     * cluster's load balancer: each node takes a fresh signed call of its own (200, synced into home), and the same call
     * sent again to the other node, within its timestamp tolerance and correctly signed, is refused there as a replay
     * (401, Verify Signature's WARN saying why): the signature claimed on one node is in the store the other reads.
     * Nothing of a replayed call enters the other node's flow: each node's Clean Records took one call, home holds one
     * row per customer, and the store remembers the two signatures.
     */
    @Test
    @Order(3)
    void aWebhookCallAcceptedOnOneNodeIsRefusedAsAReplayOnTheOther() throws Exception {
        // the pull flows have had their say: stop them, so the push flows do not wait for the cores
        for (final SyncFlow flow : flows) {
            flow.stop();
        }
        final PostgresServer postgres = PostgresServer.shared();
        final SqlCrm sender = SqlCrm.create(postgres, SqlCrm.Kind.PEOPLE, "clusterpush");
        final SqlCrm target = SqlCrm.create(postgres, SqlCrm.Kind.HOME, "clusterpush");
        final PostgresDatabase pushStore = postgres.createDatabase("cluster_push_store");
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        final List<URI> endpoints = new ArrayList<>();
        for (final NiFiServer node : List.of(first, second)) {
            final int port = WebhookListener.freePort();
            final Path work = this.work.resolve("push-node-" + (endpoints.size() + 1));
            final Map<String, String> parameters = PushFlowParameters.of(port, WEBHOOK_PATH, sender, target, pushStore, work);
            final RunningSyncFlow push = RunningSyncFlow.importFlow(node.client(), ProjectPaths.templates().resolve("crm-sync-push.json"),
                    "ClusterPullIT push node " + (endpoints.size() + 1), parameters, Map.of("Webhook Secret", WEBHOOK_SECRET), TIMEOUT);
            pushFlows.add(push);
            push.start();
            endpoints.add(URI.create("http://127.0.0.1:" + port + WEBHOOK_PATH));
            WebhookListener.awaitListening(http, endpoints.getLast(), TIMEOUT, push::bulletins);
        }

        final List<String> calls = new ArrayList<>();
        final List<String> timestamps = new ArrayList<>();
        final List<String> signatures = new ArrayList<>();
        for (final String name : List.of("Ada", "Grace")) {
            final long id = sender.insert(Map.of("given_name", name, "family_name", "Cluster", "email_address", name.toLowerCase() + "@cluster.example",
                    "town", "Leeds", "country_code", "GB"));
            calls.add(first.client().getMapper().writeValueAsString(List.of(Map.of("person_id", id, "given_name", name, "family_name", "Cluster",
                    "email_address", name.toLowerCase() + "@cluster.example", "town", "Leeds", "country_code", "GB",
                    "modified_at", Instant.now().toString(), "is_deleted", false))));
            timestamps.add(String.valueOf(Instant.now().getEpochSecond()));
            signatures.add(WebhookListener.sign(WEBHOOK_SECRET, calls.getLast(), timestamps.getLast()));
        }
        for (int node = 0; node < 2; node++) {
            assertEquals(200, WebhookListener.post(http, endpoints.get(node), TIMEOUT, calls.get(node), timestamps.get(node), signatures.get(node))
                    .statusCode(), "node " + (node + 1) + " takes a fresh signed call");
        }
        for (int node = 0; node < 2; node++) {
            final RunningSyncFlow other = pushFlows.get(1 - node);
            final long before = other.latestBulletin();
            assertEquals(401, WebhookListener.post(http, endpoints.get(1 - node), TIMEOUT, calls.get(node), timestamps.get(node), signatures.get(node))
                    .statusCode(), "the call node " + (node + 1) + " took, sent again to node " + (2 - node));
            assertTrue(other.bulletinsAfter(before).stream().anyMatch(bulletin -> bulletin.contains("the signature was already used by an earlier request")),
                    "refused as a replay: " + other.bulletinsAfter(before));
        }

        // the 200 goes out before the sync: each node's call is still on its way into home
        for (final RunningSyncFlow push : pushFlows) {
            push.awaitIdle(TIMEOUT);
        }
        for (int node = 0; node < 2; node++) {
            assertEquals(1, pushFlows.get(node).flowFilesIn("Clean Records"), "node " + (node + 1) + " let in its own call only; bulletins: "
                    + pushFlows.get(node).bulletins());
            // the node's Track Progress counted its call's record received and its outcome: nothing in flight (a standalone
            // NiFi keeps the cluster-scoped state locally; in a cluster both would count into the one state)
            final ProgressView.Run day = ProgressView.read(node == 0 ? first.client() : second.client(), pushFlows.get(node).groupId()).stream()
                    .filter(run -> run.runId().startsWith("people-webhooks-")).findFirst().orElseThrow();
            assertEquals(1, day.received(), day.describe());
            assertEquals(day.received(), day.done(), "node " + (node + 1) + ": " + day.describe());
        }
        assertEquals(List.of("Ada", "Grace"), target.rows().stream().map(row -> (String) row.get("first_name")).sorted().toList(),
                "one home row per customer: " + target.rows());
        assertEquals(2, ((Number) SqlCrm.query(pushStore, "SELECT count(*) FROM crm_webhook_signature").get(0).get("count")).longValue(),
                "the two calls' signatures, remembered in the store both nodes share");
    }

    private static String version(final NiFiServer nifi) throws Exception {
        return nifi.client().get("/flow/about").path("about").path("version").asText();
    }

    private String targetEmail(final String goldenId) throws Exception {
        final List<Map<String, Object>> rows = people.query("SELECT email_address FROM people WHERE external_id = '" + goldenId + "'");
        return rows.isEmpty() ? null : (String) rows.get(0).get("email_address");
    }

    private long count(final String sql) throws Exception {
        return ((Number) SqlCrm.query(store, sql).get(0).get("count")).longValue();
    }
}
