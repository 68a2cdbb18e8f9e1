package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The entity store in the real NiFi 2.3.0 of the system tests, through its REST API: MatchCRMRecord with the
 * EmbeddedEntityStore (its SQLite native library loads in our NAR's class loader) and with the PostgreSQLEntityStore
 * through NiFi's own DBCPConnectionPool on a real PostgreSQL. For each: two FlowFiles from two systems give the same
 * customer one golden id and a cross-reference with both ids; the ids survive stopping the processor and disabling and
 * enabling the store; LookupRecord with the store as its Record Lookup Service adds golden ids to records by
 * (system, source id) and audits a customer by golden id (its history); EraseCRMRecord erases a customer, whose records
 * are then found no more.
 */
@ExtendWith({NiFiExtension.class, PostgresExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntityStoreIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String SYSTEM_ATTRIBUTE = "crm.source.system";
    private static final String GOLDEN_ID = "crm_match_id";
    private static final String STATUS = "crm_entity_status";
    private static final String CROSS_REFERENCE = "crm_xref";
    private static final String SALESFORCE_CONTACTS = """
            [{"id": "003A", "first_name": "Robert", "last_name": "Smith", "email": "bob.smith@example.com", "phone": "(415) 555-0132", "birth_date": "1971-06-24"},
             {"id": "003B", "first_name": "Wei", "last_name": "Chen", "email": "wei.chen@example.net", "phone": "(312) 555-0111", "birth_date": "1990-11-30"},
             {"id": "003C", "first_name": "Anna", "last_name": "Kowalski", "email": "anna.k@example.com", "phone": "(617) 555-0145", "birth_date": "1979-03-15"}]""";
    private static final String HUBSPOT_CONTACTS = """
            [{"id": "901", "first_name": "Bob", "last_name": "Smith", "email": "Bob.Smith@Example.com", "phone": "+1 415 555 0132", "birth_date": "1971-06-24"},
             {"id": "902", "first_name": "Priya", "last_name": "Raman", "email": "priya@raman.in", "phone": "(408) 555-0177", "birth_date": "1988-08-08"}]""";
    private static final String LOOKUPS = """
            [{"system": "salesforce", "source_id": "003A"},
             {"system": "hubspot", "source_id": "901"},
             {"system": "hubspot", "source_id": "902"},
             {"system": "salesforce", "source_id": "unknown"}]""";

    private final Path work = Path.of("target/it-work/entity-store").toAbsolutePath();
    private NiFiClient client;

    @BeforeAll
    void awaitOurProcessors(final NiFiServer nifi) throws Exception {
        NiFiServer.deleteRecursively(work);
        nifi.awaitProcessorTypes(NarContents.processorTypes(NarContents.findNar(nifi.getHome().resolve("extensions"), "nifi-crm-nar-")), TIMEOUT);
        client = nifi.client();
    }

    @Test
    void embeddedStoreKeepsGoldenIdsAcrossSystemsAndRestarts() throws Exception {
        try (RestProcessGroup group = RestProcessGroup.create(client, "EntityStoreIT embedded", TIMEOUT)) {
            final String store = group.addService("dev.nificrm.services.EmbeddedEntityStore", "Embedded Entity Store",
                    Map.of("Store Directory", work.resolve("embedded").toString()));
            new StoreScenario(group, List.of(store), store).run();
        }
    }

    @Test
    void postgresStoreThroughNiFisConnectionPoolKeepsGoldenIdsAcrossSystemsAndRestarts(final PostgresDatabase database) throws Exception {
        try (RestProcessGroup group = RestProcessGroup.create(client, "EntityStoreIT PostgreSQL", TIMEOUT)) {
            final Map<String, String> pool = new LinkedHashMap<>();
            pool.put("Database Connection URL", database.jdbcUrl());
            pool.put("Database Driver Class Name", "org.postgresql.Driver");
            pool.put("Database Driver Location(s)", PostgresServer.jdbcDriverJar().toString());
            pool.put("Database User", database.user());
            final String connections = group.addService("org.apache.nifi.dbcp.DBCPConnectionPool", "PostgreSQL Connection Pool", pool);
            final String store = group.addService("dev.nificrm.services.PostgreSQLEntityStore", "PostgreSQL Entity Store",
                    Map.of("Database Connection Pooling Service", connections));
            final StoreScenario scenario = new StoreScenario(group, List.of(connections, store), store);
            scenario.run();

            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
                final Set<String> tables = tables(connection);
                assertTrue(tables.containsAll(List.of("crm_entity", "crm_member", "crm_key", "crm_key_log", "crm_store", "crm_event",
                        "crm_snapshot", "crm_kept_apart", "crm_layout", "crm_block_rule", "crm_key_base", "crm_webhook_signature", "crm_schema_version")), "the store's tables in " + database.name() + ": " + tables);
                assertEquals(10, count(connection, "select max(version) from crm_schema_version"), "migrated to schema version 10");
                assertTrue(count(connection, "select count(*) from crm_block_rule where maintained = 1 and generation = 0") > 0,
                        "the first write told the store its blocking rules");
                assertTrue(count(connection, "select count(*) from crm_key_log") > 0, "the writes' keys are in the key log");
                assertEquals(0, count(connection, "select count(*) from crm_key"), "a new store keeps no key rows");
                assertEquals(3, count(connection, "select count(*) from crm_member"), "one member per source record, Robert's two erased");
                assertEquals(4, count(connection, "select count(*) from crm_entity where merged_into is null"), "four customers, Robert's "
                        + "golden id kept");
                assertEquals(0, count(connection, "select count(*) from crm_member where golden_id = '" + scenario.robert() + "'"),
                        "Robert Smith's Salesforce and HubSpot records are erased");
                assertEquals(1, count(connection, "select count(*) from crm_event where kind = 'erased' and golden_id = '" + scenario.robert() + "'"));
                assertEquals(1, count(connection, "select count(*) from crm_entity where erased_at is not null"), "Robert, marked erased: nothing joins him again");
                assertEquals(0, count(connection, "select count(*) from crm_event where source_id is not null and golden_id = '"
                        + scenario.robert() + "'"), "his history keeps no source id");
            }
        }
    }

    private static Set<String> tables(final Connection connection) throws SQLException {
        final Set<String> tables = new TreeSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select tablename from pg_tables where schemaname = current_schema()")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    private static long count(final Connection connection, final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * One store's flow and checks: Salesforce contacts, then HubSpot contacts (one of them a Salesforce contact written
     * differently) through MatchCRMRecord; a restart of the processor and the store; the HubSpot contacts again; then
     * LookupRecord over source ids.
     */
    private static final class StoreScenario {
        private final RestProcessGroup group;
        private final List<String> services;
        private final String store;
        private String robert;

        /**
         * @param services every service of the store, in the order they are enabled (a connection pool before the store)
         * @param store    the entity store service
         */
        private StoreScenario(final RestProcessGroup group, final List<String> services, final String store) {
            this.group = group;
            this.services = services;
            this.store = store;
        }

        String robert() {
            return robert;
        }

        void run() throws Exception {
            final String reader = group.addService("org.apache.nifi.json.JsonTreeReader", "JSON Reader", Map.of());
            final String writer = group.addService("org.apache.nifi.json.JsonRecordSetWriter", "JSON Writer", Map.of());
            final String salesforce = group.addProcessor("org.apache.nifi.processors.standard.GenerateFlowFile", "Salesforce contacts",
                    Map.of("Custom Text", SALESFORCE_CONTACTS, SYSTEM_ATTRIBUTE, "salesforce"), Set.of());
            final String hubspot = group.addProcessor("org.apache.nifi.processors.standard.GenerateFlowFile", "HubSpot contacts",
                    Map.of("Custom Text", HUBSPOT_CONTACTS, SYSTEM_ATTRIBUTE, "hubspot"), Set.of());
            final Map<String, String> matchProperties = new LinkedHashMap<>();
            matchProperties.put("Record Reader", reader);
            matchProperties.put("Record Writer", writer);
            matchProperties.put("Entity Store", store);
            matchProperties.put("Source System", "${" + SYSTEM_ATTRIBUTE + "}");
            matchProperties.put("Source ID Field", "/id");
            for (final String field : List.of("first_name", "last_name", "email", "phone", "birth_date")) {
                matchProperties.put(field, "/" + field);
            }
            final String match = group.addProcessor("dev.nificrm.processors.MatchCRMRecord", "Match with the store", matchProperties, Set.of());
            // never started: what reaches it stays queued for the test to read
            final String sink = group.addProcessor("org.apache.nifi.processors.attributes.UpdateAttribute", "Sink", Map.of(), Set.of());
            group.connect(salesforce, Set.of("success"), match);
            group.connect(hubspot, Set.of("success"), match);
            final String matched = group.connect(match, Set.of("matched", "unmatched", "review"), sink);
            final String failed = group.connect(match, Set.of("failure"), sink);

            group.enable(reader);
            group.enable(writer);
            for (final String service : services) {
                group.enable(service);
            }
            group.start(match);

            final Map<String, JsonNode> first = resolve(salesforce, match, matched, failed);
            assertEquals(Set.of("003A", "003B", "003C"), first.keySet(), first.toString());
            first.values().forEach(record -> assertEquals("new", record.path(STATUS).asText(), record.toString()));
            assertEquals(3, first.values().stream().map(record -> record.path(GOLDEN_ID).asText()).distinct().count(), "three customers: " + first);
            robert = first.get("003A").path(GOLDEN_ID).asText();
            assertFalse(robert.isBlank(), first.get("003A").toString());

            final Map<String, JsonNode> second = resolve(hubspot, match, matched, failed);
            assertEquals(Set.of("901", "902"), second.keySet(), second.toString());
            final JsonNode bob = second.get("901");
            assertEquals(robert, bob.path(GOLDEN_ID).asText(), "HubSpot's Bob Smith is Salesforce's Robert Smith: " + bob);
            assertEquals("existing", bob.path(STATUS).asText(), bob.toString());
            assertEquals(Map.of("hubspot", "901", "salesforce", "003A"), crossReference(bob), bob.toString());
            assertEquals("new", second.get("902").path(STATUS).asText(), second.get("902").toString());
            final String priya = second.get("902").path(GOLDEN_ID).asText();
            assertFalse(first.values().stream().anyMatch(record -> record.path(GOLDEN_ID).asText().equals(priya)), "Priya Raman is nobody stored");

            // a restart: the processor stopped, the store disabled and enabled (its files or tables reopened), started again
            group.stop(match);
            for (int service = services.size() - 1; service >= 0; service--) {
                group.disable(services.get(service));
            }
            for (final String service : services) {
                group.enable(service);
            }
            group.start(match);

            final Map<String, JsonNode> replay = resolve(hubspot, match, matched, failed);
            assertEquals(Set.of("901", "902"), replay.keySet(), "after the restart: " + replay);
            assertEquals(robert, replay.get("901").path(GOLDEN_ID).asText(), "after the restart: " + replay.get("901"));
            assertEquals(priya, replay.get("902").path(GOLDEN_ID).asText(), "after the restart: " + replay.get("902"));
            replay.values().forEach(record -> assertEquals("existing", record.path(STATUS).asText(), record.toString()));
            assertEquals(Map.of("hubspot", "901", "salesforce", "003A"), crossReference(replay.get("901")));
            group.stop(match);

            lookUp(reader, writer, first, priya);
        }

        /** Runs a source once and returns MatchCRMRecord's output records by their source id. */
        private Map<String, JsonNode> resolve(final String source, final String match, final String matched, final String failed) throws Exception {
            group.runOnce(source);
            group.awaitOutput(match, matched, failed);
            assertEquals(0, group.queued(failed), "nothing failed; bulletins: " + group.bulletins());
            final Map<String, JsonNode> records = new HashMap<>();
            for (final JsonNode record : group.takeRecords(matched)) {
                records.put(record.path("id").asText(), record);
            }
            return records;
        }

        /** LookupRecord with the store as its lookup service: golden ids by (system, source id), none for an unknown id. */
        private void lookUp(final String reader, final String writer, final Map<String, JsonNode> salesforce, final String priya) throws Exception {
            final List<JsonNode> records = runLookup("Golden ids", LOOKUPS, reader, writer, Map.of("system", "/system", "source_id", "/source_id"),
                    "/", "record-fields");
            assertEquals(4, records.size(), records.toString());
            assertEquals(robert, records.get(0).path("golden_id").asText(), records.get(0).toString());
            assertEquals(robert, records.get(1).path("golden_id").asText(), records.get(1).toString());
            assertEquals(Map.of("hubspot", "901", "salesforce", "003A"), crossReference(records.get(1)), records.get(1).toString());
            assertEquals(priya, records.get(2).path("golden_id").asText(), records.get(2).toString());
            assertNotEquals(salesforce.get("003B").path(GOLDEN_ID).asText(), records.get(2).path("golden_id").asText());
            assertTrue(records.get(3).path("golden_id").isNull() || records.get(3).path("golden_id").isMissingNode(),
                    "an unknown source id gets no golden id: " + records.get(3));
            audit(reader, writer);
            erase(reader, writer, priya);
        }

        /** LookupRecord by golden id: the customer's ids and history (why each record joined it) in a field of the record. */
        private void audit(final String reader, final String writer) throws Exception {
            final JsonNode audit = runLookup("Audit", "[{\"golden_id\": \"" + robert + "\"}]", reader, writer, Map.of("golden_id", "/golden_id"),
                    "/audit", "insert-entire-record").getFirst().path("audit");
            assertEquals(robert, audit.path("golden_id").asText(), audit.toString());
            assertEquals("901", audit.path(CROSS_REFERENCE).path("hubspot").asText(), audit.toString());
            final List<String> events = new java.util.ArrayList<>();
            audit.path("crm_history").forEach(event -> events.add(event.path("kind").asText() + " " + event.path("source_system").asText() + "/"
                    + event.path("source_id").asText()));
            assertTrue(events.contains("created salesforce/003A") && events.contains("linked hubspot/901"), audit.toString());
            audit.path("crm_history").forEach(event -> {
                if ("linked".equals(event.path("kind").asText())) {
                    assertTrue(event.path("explanation").asText().contains("=exact"), "a link says why: " + event);
                }
            });
        }

        /** Runs the JSON records of {@code text} once through a LookupRecord on the store, and gives the enriched records. */
        private List<JsonNode> runLookup(final String name, final String text, final String reader, final String writer,
                                         final Map<String, String> coordinates, final String resultPath, final String contents) throws Exception {
            final Map<String, String> properties = new LinkedHashMap<>();
            properties.put("Lookup Service", store);
            properties.put("Result RecordPath", resultPath);
            properties.put("Record Result Contents", contents);
            properties.putAll(coordinates);
            return runOnce(name, text, reader, writer, "org.apache.nifi.processors.standard.LookupRecord", properties, "success", Set.of("failure"));
        }

        /**
         * Runs the JSON records of {@code text} once through a record processor of the given type and properties (besides its
         * reader and writer), and gives the records it routed to {@code output}; none may go to the {@code others}.
         */
        private List<JsonNode> runOnce(final String name, final String text, final String reader, final String writer, final String type,
                                       final Map<String, String> settings, final String output, final Set<String> others) throws Exception {
            final String source = group.addProcessor("org.apache.nifi.processors.standard.GenerateFlowFile", name + " input",
                    Map.of("Custom Text", text), Set.of());
            final Map<String, String> properties = new LinkedHashMap<>();
            properties.put("Record Reader", reader);
            properties.put("Record Writer", writer);
            properties.putAll(settings);
            final String processor = group.addProcessor(type, name, properties, Set.of());
            final String sink = group.addProcessor("org.apache.nifi.processors.attributes.UpdateAttribute", name + " sink", Map.of(), Set.of());
            group.connect(source, Set.of("success"), processor);
            final String wanted = group.connect(processor, Set.of(output), sink);
            final String unwanted = group.connect(processor, others, sink);

            group.start(processor);
            group.runOnce(source);
            group.awaitOutput(processor, wanted, unwanted);
            group.stop(processor);
            assertEquals(0, group.queued(unwanted), "nothing went to " + others + "; bulletins: " + group.bulletins());
            return group.takeRecords(wanted);
        }

        /** EraseCRMRecord by golden id: the customer is erased, and its source records are no longer found. */
        private void erase(final String reader, final String writer, final String priya) throws Exception {
            final List<JsonNode> erased = runOnce("Erase", "[{\"golden_id\": \"" + robert + "\"}]", reader, writer,
                    "dev.nificrm.processors.EraseCRMRecord", Map.of("Entity Store", store, "Golden ID Field", "/golden_id"), "erased",
                    Set.of("unknown", "failure"));
            assertEquals("erased customer " + robert + ": 2 source records, 0 sync snapshots", erased.getFirst().path("crm_erasure").asText(),
                    erased.toString());
            final List<JsonNode> after = runLookup("Golden ids after the erasure", LOOKUPS, reader, writer,
                    Map.of("system", "/system", "source_id", "/source_id"), "/", "record-fields");
            assertTrue(after.get(0).path("golden_id").isNull() || after.get(0).path("golden_id").isMissingNode(),
                    "an erased customer's record is not found: " + after.get(0));
            assertEquals(priya, after.get(2).path("golden_id").asText(), "another customer stays: " + after.get(2));
        }

        private static Map<String, String> crossReference(final JsonNode record) {
            final Map<String, String> references = new HashMap<>();
            record.path(CROSS_REFERENCE).properties().forEach(entry -> references.put(entry.getKey(), entry.getValue().asText()));
            return references;
        }
    }
}
