package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.SyncedStores;
import dev.nificrm.store.DataSourceConnections;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.JdbcEntityStore;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Progress and reconciliation in a real NiFi 2.3.0 against a real PostgreSQL through NiFi's DBCPConnectionPool: the
 * records of a run (2 written, 1 invalid) pass TrackCRMProgress, whose total comes from a count query on the source
 * table; its state, read over the REST API as ./demo reads it, shows the run finished; its summary triggers
 * ExecuteSQLRecord on the target table, and ReconcileCRMRecord, on a PostgreSQLEntityStore holding the cross-reference
 * and snapshots of a Salesforce → HubSpot sync, reports the target's drift, the customer it lacks, and that the run's
 * records read equal those written plus invalid.
 */
@ExtendWith({NiFiExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgressAndReconciliationIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String JSON_READER = "org.apache.nifi.json.JsonTreeReader";
    private static final String JSON_WRITER = "org.apache.nifi.json.JsonRecordSetWriter";

    private FlowBuilder flow;
    private String reports;
    private NiFiServer nifi;

    @BeforeAll
    void buildFlow(final NiFiServer server, final PostgresDatabase database, @TempDir final Path keyIndexes) throws Exception {
        nifi = server;
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create table salesforce_contacts (id text primary key, firstname text, email text)");
            statement.execute("insert into salesforce_contacts values ('003A', 'Ann', 'ann@lee.org'), ('003B', 'Tom', 'tom@hardy.io'), "
                    + "('003C', 'Wei', 'wei@chen.net')");
            statement.execute("create table hubspot_contacts (id integer primary key, firstname text, email text, updated_at timestamptz)");
            statement.execute("insert into hubspot_contacts values (77, 'Ann', 'ann@lee.org', now()), (79, 'Tom', 'tom.hardy@changed.example', now())");
        }
        // the store as a Salesforce → HubSpot sync left it: Wei was never written to HubSpot, Tom was changed there since
        try (EntityStore store = JdbcEntityStore.postgres(new DataSourceConnections(database.dataSource()), "IT store",
                keyIndexes)) {
            SyncedStores.salesforceToHubSpot(store);
        }

        flow = FlowBuilder.create(nifi.client(), "Progress and Reconciliation IT");
        final String pool = flow.service("org.apache.nifi.dbcp.DBCPConnectionPool", "Sync Database", Map.of(
                "Database Connection URL", database.jdbcUrl(), "Database Driver Class Name", "org.postgresql.Driver",
                "Database Driver Location(s)", PostgresServer.jdbcDriverJar().toString(), "Database User", database.user()));
        final String store = flow.service("dev.nificrm.services.PostgreSQLEntityStore", "Entity Store",
                Map.of("Database Connection Pooling Service", pool));
        final String reader = flow.service(JSON_READER, "JSON Reader", Map.of());
        final String writer = flow.service(JSON_WRITER, "JSON Writer", Map.of());

        final String written = flow.processor("org.apache.nifi.processors.standard.GenerateFlowFile", "Records Written",
                Map.of("Custom Text", "[{\"id\":\"003A\"},{\"id\":\"003B\"}]", "crm.run.id", "it-run", "crm.outcome", "written"), "1 day", List.of());
        final String invalid = flow.processor("org.apache.nifi.processors.standard.GenerateFlowFile", "Records Invalid",
                Map.of("Custom Text", "[{\"id\":\"003C\"}]", "crm.run.id", "it-run", "crm.outcome", "invalid"), "1 day", List.of());
        final String track = flow.processor("dev.nificrm.processors.TrackCRMProgress", "Track Progress", Map.of(
                "Record Reader", reader, "Record Writer", writer, "Database Connection Pooling Service", pool,
                "Total Count Query", "select count(*) from salesforce_contacts", "Progress Interval", "1 sec"), "0 sec",
                List.of("success", "progress"));
        final String readTarget = flow.processor("org.apache.nifi.processors.standard.ExecuteSQLRecord", "Read HubSpot Table", Map.of(
                "Database Connection Pooling Service", pool, "SQL Query", "select id, firstname, email, updated_at from hubspot_contacts order by id",
                "Record Writer", writer), "0 sec", List.of("failure"));
        final String reconcile = flow.processor("dev.nificrm.processors.ReconcileCRMRecord", "Reconcile HubSpot", Map.of(
                "Record Reader", reader, "Record Writer", writer, "Entity Store", store, "Source System", "salesforce",
                "Target System", "hubspot", "Link By", "target-id", "Target ID Field", "/id", "Ignored Fields", "updated_at, id"), "0 sec",
                List.of("original", "failure"));
        final String sink = flow.processor("org.apache.nifi.processors.attributes.UpdateAttribute", "Reports", Map.of(), "0 sec", List.of("success"));
        flow.connect(written, track, List.of("success"));
        flow.connect(invalid, track, List.of("success"));
        flow.connect(track, readTarget, List.of("summary"));
        flow.connect(readTarget, reconcile, List.of("success"));
        reports = flow.connect(reconcile, sink, List.of("report"));
        flow.enableServices(TIMEOUT);
        flow.start(TIMEOUT, reconcile, readTarget, track, written, invalid);
    }

    @AfterAll
    void stopFlow() throws Exception {
        flow.close();
    }

    @Test
    void tracksTheRunAndReconcilesTheTargetAfterIt() throws Exception {
        flow.awaitQueued(reports, 1, TIMEOUT);

        final List<ProgressView.Run> runs = ProgressView.read(nifi.client(), flow.groupId());
        assertEquals(1, runs.size(), runs.toString());
        final ProgressView.Run run = runs.getFirst();
        assertEquals("it-run", run.runId());
        assertEquals("finished", run.status(), "the count query's total of 3 was reached");
        assertEquals(3, run.done());
        assertEquals(3L, run.total());
        assertEquals(100.0, run.percentDone());
        assertEquals(2, run.outcomes().path("written").asLong());
        assertTrue(run.describe().startsWith("Track Progress / it-run: 3 of 3 records (100.0 %)"), run.describe());

        final FlowBuilder.QueuedFlowFile reportFlowFile = flow.list(reports).getFirst();
        assertEquals("false", reportFlowFile.attributes().get("crm.reconcile.consistent"));
        assertEquals("true", reportFlowFile.attributes().get("crm.reconcile.balanced"));
        final JsonNode report = new ObjectMapper().readTree(reportFlowFile.content()).get(0);
        assertEquals("it-run", report.path("run_id").asText());
        assertEquals(2, report.path("target_records").asLong());
        assertEquals(1, report.path("outcomes").path("in_sync").asLong(), "Ann; bulletins: " + flow.bulletins());
        assertEquals(1, report.path("outcomes").path("drifted").asLong(), "Tom's email was changed in HubSpot");
        assertEquals(1, report.path("never_written").asLong(), "Wei");
        assertEquals("3 read = 1 invalid + 2 written", report.path("conservation").path("equation").asText());
        assertFalse(reportFlowFile.content().contains("changed.example"), "the report holds no record value");
    }
}
