package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.DataSourceConnectionPool;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresServer;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processors.standard.ExecuteSQLRecord;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * crm-sync-pull's Read Changed Rows as shipped (its SQL Pre-Query, Set Auto Commit and SQL Query, the Rows Writer's
 * settings) in NiFi's own ExecuteSQLRecord and JsonRecordSetWriter against the build's PostgreSQL, over a source whose
 * last-modified column is a {@code timestamp} without a time zone holding its local times: 14:05 on 7 March 2024 in the
 * source's zone, never this JVM's. With the Source Export Time Zone the window around the true instant reads the row and
 * {@code crm_source_modified_at} is that instant; the column itself is what the JDBC driver made of it, the local time
 * in the JVM's zone, which no setting of ExecuteSQLRecord changes. Without the zone the session's zone (the JVM's) reads
 * it, as before the parameter took part. The flow's next step, Put Source Time in Column, writes {@code crm_source_modified_at}
 * into the column, so a Source Mapping Specification reading the column itself (an operator's own) maps the instant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PullReadChangedRowsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDateTime LOCAL = LocalDateTime.parse("2024-03-07T14:05:00");
    private static final String SOURCE_ZONE = ZoneId.systemDefault().getRules().getOffset(LOCAL).equals(ZoneId.of("America/New_York").getRules().getOffset(LOCAL))
            ? "Asia/Tokyo" : "America/New_York";
    private PostgresDatabase database;
    private JsonNode definition;
    private JsonNode readChangedRows;
    private JsonNode rowsReader;
    private JsonNode rowsWriter;
    private final Map<String, String> parameters = new HashMap<>();

    @BeforeAll
    void createTheSourceAndReadTheDefinition() throws Exception {
        database = PostgresServer.shared().createDatabase("pull_read_changed_rows");
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE contacts (id bigint PRIMARY KEY, updated_at timestamp NOT NULL)");
            statement.execute("CREATE INDEX contacts_updated_at ON contacts (updated_at)");
            statement.execute("INSERT INTO contacts VALUES (1, '" + LOCAL + "')");
            // two rows in one poll: a step renaming a field in the schema the records of a FlowFile share changes the first alone
            statement.execute("CREATE TABLE contacts_pair (id bigint PRIMARY KEY, updated_at timestamp NOT NULL)");
            statement.execute("INSERT INTO contacts_pair VALUES (1, '" + LOCAL + "'), (2, '" + LOCAL.plusSeconds(30) + "')");
            // as an ORM (Prisma, Sequelize, TypeORM) creates a table: quoted mixed-case names
            statement.execute("CREATE TABLE \"Contact\" (\"contactId\" bigint PRIMARY KEY, \"firstName\" text, \"updatedAt\" timestamp NOT NULL)");
            statement.execute("INSERT INTO \"Contact\" VALUES (7, 'Ann', '" + LOCAL + "')");
            statement.execute("CREATE TABLE \"odd \"\"names\"\"\" (id bigint PRIMARY KEY, \"it's \\ \"\"updatedAt\"\"\" timestamp NOT NULL)");
            statement.execute("INSERT INTO \"odd \"\"names\"\"\" VALUES (1, '" + LOCAL + "')");
            statement.execute("CREATE TABLE victim (id bigint PRIMARY KEY)");
            statement.execute("INSERT INTO victim VALUES (1)");
        }
        definition = JSON.readTree(ProjectPaths.templates().resolve("crm-sync-pull.json").toFile());
        readChangedRows = processor("Read Changed Rows").path("properties");
        rowsReader = service("Rows Reader");
        rowsWriter = service("Rows Writer");
        for (final JsonNode parameter : definition.path("parameterContexts").path("CRM Sync Pull").path("parameters")) {
            if (parameter.hasNonNull("value")) {
                parameters.put(parameter.path("name").asText(), parameter.path("value").asText());
            }
        }
        parameters.put("Safety Lag", "0 seconds");
        parameters.put("Poll Overlap", "0 seconds");
    }

    @Test
    void aLocalTimeColumnIsComparedAndReadInTheSourceExportTimeZone() throws Exception {
        parameters.put("Source Export Time Zone", SOURCE_ZONE);
        final Instant instant = LOCAL.atZone(ZoneId.of(SOURCE_ZONE)).toInstant();

        final JsonNode rows = read(instant);
        assertEquals(1, rows.size(), "the window around the row's instant reads it: " + rows);
        assertEquals(instant, instant(rows.get(0), "crm_source_modified_at"), rows.toString());
        assertEquals(LOCAL.atZone(ZoneId.systemDefault()).toInstant(), instant(rows.get(0), "updated_at"),
                "the column itself as the driver reads it, in the JVM's zone: " + rows);
    }

    @Test
    void withoutTheZoneTheSessionsZoneReadsTheColumnAsBefore() throws Exception {
        parameters.remove("Source Export Time Zone");
        final Instant inJvmZone = LOCAL.atZone(ZoneId.systemDefault()).toInstant();

        final JsonNode rows = read(inJvmZone);
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(inJvmZone, instant(rows.get(0), "crm_source_modified_at"), rows.toString());
        assertEquals(0, read(LOCAL.atZone(ZoneId.of(SOURCE_ZONE)).toInstant()).size(), "the true instant's window does not read it");
    }

    /**
     * An operator's own Source Mapping Specification reading the column itself for modified_at ({@code "from": "/updated_at"}, no
     * {@code crm_source_modified_at}): the two rows Read Changed Rows wrote in one FlowFile go the flow's way from Skip Empty
     * Polls ({@code changed}) to Clean Records through its steps as configured (NiFi's own processors), then through Map to
     * Common Layout: each row's modified_at is its instant. Before, the column reached the mapping as the JDBC driver read it,
     * in the JVM's zone (5 hours early for New York), and only a mapping naming {@code crm_source_modified_at} got the instant.
     */
    @Test
    void anOwnMappingReadingTheColumnMapsTheInstant() throws Exception {
        parameters.put("Source Export Time Zone", SOURCE_ZONE);
        final String table = parameters.put("Source Table", "contacts_pair");
        parameters.put("Source Mapping Specification", "{\"fields\": {\"record_id\": {\"from\": \"/id\", \"type\": \"string\"}, "
                + "\"modified_at\": {\"from\": \"/updated_at\", \"type\": \"timestamp\", \"inputFormats\": [\"ISO\", \"epoch-millis\"]}}}");
        final Instant instant = LOCAL.atZone(ZoneId.of(SOURCE_ZONE)).toInstant();
        final List<Instant> instants = List.of(instant, instant.plusSeconds(30));
        try {
            byte[] records = readContent(instant);
            final List<String> steps = new ArrayList<>();
            for (JsonNode step = next("Skip Empty Polls", "changed"); !"Clean Records".equals(step.path("name").asText());
                    step = next(step.path("name").asText(), "success")) {
                assertTrue(steps.size() < 10, "the way from Skip Empty Polls reaches Clean Records: " + steps);
                steps.add(step.path("name").asText());
                records = run(step, records);
            }
            final JsonNode rows = JSON.readTree(records);
            assertEquals(instants, List.of(instant(rows.get(0), "updated_at"), instant(rows.get(1), "updated_at")), "after " + steps + ": " + rows);

            final JsonNode mapped = JSON.readTree(run(processor("Map to Common Layout"), records));
            assertEquals(instants, List.of(instant(mapped.get(0), "modified_at"), instant(mapped.get(1), "modified_at")), "the mapping's modified_at: " + mapped);
        } finally {
            parameters.put("Source Table", table);
        }
    }

    /**
     * A table and columns created with quoted mixed-case names ({@code "Contact"}, {@code "updatedAt"}, {@code "contactId"}), the
     * parameters holding the names as the database has them: the window reads the row, Put Source Time in Column finds the column
     * by its name and writes the instant into it, and Write Back to Source updates the row by its id. Before, the query folded the
     * names to lower case (relation "contact" does not exist: the poll failed, retried for ever), the column's name went out
     * lower-cased ({@code updatedat}, no such field: the column kept the driver's value), and the write-back's UPDATE named the
     * table and columns unquoted.
     */
    @Test
    void mixedCaseNamesAreReadAndWrittenAsTheDatabaseHasThem() throws Exception {
        parameters.put("Source Export Time Zone", SOURCE_ZONE);
        final Map<String, String> before = new HashMap<>(parameters);
        parameters.put("Source Table", "Contact");
        parameters.put("Source Last Modified Column", "updatedAt");
        parameters.put("Source ID Column", "contactId");
        final Instant instant = LOCAL.atZone(ZoneId.of(SOURCE_ZONE)).toInstant();
        try {
            final JsonNode rows = read(instant);
            assertEquals(1, rows.size(), rows.toString());
            assertEquals("updatedAt", rows.get(0).path("crm_source_modified_column").asText(), rows.toString());
            final JsonNode put = JSON.readTree(run(processor("Put Source Time in Column"), readContent(instant)));
            assertEquals(instant, instant(put.get(0), "updatedAt"), "the column takes the instant: " + put);

            run(processor("Write Back to Source"), "[{\"contactId\": 7, \"firstName\": \"Anna\"}]".getBytes(StandardCharsets.UTF_8));
            try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT \"firstName\" FROM \"Contact\" WHERE \"contactId\" = 7")) {
                assertTrue(row.next());
                assertEquals("Anna", row.getString(1), "the write-back updated the row by its id");
            }
        } finally {
            parameters.clear();
            parameters.putAll(before);
        }
    }

    /**
     * Names holding the characters that end an identifier or a text in SQL ({@code "}, {@code '}, a backslash) are names too: the
     * query as NiFi makes it of the table {@code odd "names"} and its column {@code it's \ "updatedAt"} reads the row and gives the
     * column's name as it is. (PostgreSQL takes such names; NiFi's ExecuteSQLRecord does not, as the record schema it makes of
     * the result takes letters, digits and underscores only: so the query runs here on the JDBC connection itself.)
     */
    @Test
    void namesWithQuotesAndBackslashesAreNamesToo() throws Exception {
        final Map<String, String> before = new HashMap<>(parameters);
        final String column = "it's \\ \"updatedAt\"";
        parameters.put("Source Table", "odd \"names\"");
        parameters.put("Source Last Modified Column", column);
        final Instant instant = LOCAL.atZone(ZoneId.systemDefault()).toInstant();
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(configuredReadChangedRows().getProcessContext().getProperty("SQL Query")
                        .evaluateAttributeExpressions(window(instant)).getValue())) {
            assertTrue(rows.next(), "the window reads the row");
            assertEquals(column, rows.getString("crm_source_modified_column"));
            assertEquals(instant, rows.getTimestamp("crm_source_modified_at").toInstant());
        } finally {
            parameters.clear();
            parameters.putAll(before);
        }
    }

    /**
     * The names reach the query as quoted identifiers, never as SQL text: a Source Table or Source Last Modified Column holding a
     * statement of its own names no table or column, the poll fails (Read Changed Rows' failure, retried), and the statement never runs.
     */
    @Test
    void aNameHoldingSqlIsAnIdentifierNeverRun() throws Exception {
        final Map<String, String> before = new HashMap<>(parameters);
        try {
            for (final Map.Entry<String, String> name : Map.of(
                    "Source Table", "contacts; DELETE FROM victim; --",
                    "Source Last Modified Column", "updated_at\" FROM contacts; DELETE FROM victim; --").entrySet()) {
                parameters.put(name.getKey(), name.getValue());
                final TestRunner runner = readChangedRows(LOCAL.atZone(ZoneId.systemDefault()).toInstant());
                try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement();
                        ResultSet count = statement.executeQuery("SELECT count(*) FROM victim")) {
                    assertTrue(count.next());
                    assertEquals(1, count.getInt(1), name.getKey() + " " + name.getValue() + " ran as SQL");
                }
                runner.assertAllFlowFilesTransferred(ExecuteSQLRecord.REL_FAILURE, 1);
                parameters.put(name.getKey(), before.get(name.getKey()));
            }
        } finally {
            parameters.clear();
            parameters.putAll(before);
        }
    }

    /**
     * The window compares the column without a zone with the window's timestamptz bounds in the session's zone by
     * PostgreSQL's cross-type operators, which the column's index serves: the query as shipped is answered from the index
     * (sequential scans off, as on a table large enough for the index to pay).
     */
    @Test
    void theWindowIsReadFromTheIndexOnTheColumn() throws Exception {
        parameters.put("Source Export Time Zone", SOURCE_ZONE);
        final Instant instant = LOCAL.atZone(ZoneId.of(SOURCE_ZONE)).toInstant();
        final String query = configuredReadChangedRows().getProcessContext().getProperty("SQL Query")
                .evaluateAttributeExpressions(window(instant)).getValue();
        final StringBuilder plan = new StringBuilder();
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");
            statement.execute(resolve(readChangedRows.path("sql-pre-query").asText()));
            try (ResultSet lines = statement.executeQuery("EXPLAIN " + query)) {
                while (lines.next()) {
                    plan.append(lines.getString(1)).append('\n');
                }
            }
        }
        assertTrue(plan.toString().contains("Index Cond") && plan.toString().contains("contacts_updated_at"), plan.toString());
    }

    /** Runs Read Changed Rows once for the window (instant - 1 min, instant + 1 min] and gives the records it wrote. */
    private JsonNode read(final Instant instant) throws Exception {
        final byte[] content = readContent(instant);
        return content.length == 0 ? JSON.createArrayNode() : JSON.readTree(content);
    }

    private byte[] readContent(final Instant instant) throws Exception {
        final TestRunner runner = readChangedRows(instant);
        runner.assertAllFlowFilesTransferred(ExecuteSQLRecord.REL_SUCCESS, 1);
        return runner.getFlowFilesForRelationship(ExecuteSQLRecord.REL_SUCCESS).getFirst().toByteArray();
    }

    /** Read Changed Rows as configured, run once on a FlowFile Open Poll Window gave the window (instant - 1 min, instant + 1 min]. */
    private TestRunner readChangedRows(final Instant instant) throws Exception {
        final TestRunner runner = configuredReadChangedRows();
        runner.enqueue("", window(instant));
        runner.run();
        return runner;
    }

    /** ExecuteSQLRecord with Read Changed Rows' properties, the flow's services and the test's database as the Source Database. */
    private TestRunner configuredReadChangedRows() throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(ExecuteSQLRecord.class);
        useFlowServices(runner);
        readChangedRows.properties().forEach(property -> runner.setProperty(property.getKey(), resolve(property.getValue().asText())));
        return runner;
    }

    /** Runs one record processor of the flow as configured (its reader and writer the flow's) on the records; what it sent to success. */
    private byte[] run(final JsonNode processor, final byte[] records) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(Class.forName(processor.path("type").asText()).asSubclass(Processor.class));
        useFlowServices(runner);
        FlowParameters.supply(runner, parameters);
        processor.path("properties").properties().forEach(property -> runner.setProperty(property.getKey(), resolve(property.getValue().asText())));
        runner.assertValid();
        runner.enqueue(records);
        runner.run();
        runner.assertAllFlowFilesTransferred("success", 1);
        final MockFlowFile result = runner.getFlowFilesForRelationship("success").getFirst();
        return result.toByteArray();
    }

    /**
     * The flow's Rows Reader and Rows Writer, as configured, and the test's database as its Source Database, under their
     * identifiers in the flow, which its processors name.
     */
    private void useFlowServices(final TestRunner runner) throws Exception {
        final DataSourceConnectionPool pool = new DataSourceConnectionPool(database.dataSource());
        runner.addControllerService(service("Source Database").path("identifier").asText(), pool);
        runner.enableControllerService(pool);
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService(rowsReader.path("identifier").asText(), reader);
        rowsReader.path("properties").properties().forEach(property -> runner.setProperty(reader, property.getKey(), resolve(property.getValue().asText())));
        runner.enableControllerService(reader);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService(rowsWriter.path("identifier").asText(), writer);
        rowsWriter.path("properties").properties().forEach(property -> runner.setProperty(writer, property.getKey(), resolve(property.getValue().asText())));
        runner.enableControllerService(writer);
    }

    private JsonNode service(final String name) {
        for (final JsonNode service : definition.path("flowContents").path("controllerServices")) {
            if (name.equals(service.path("name").asText())) {
                return service;
            }
        }
        throw new AssertionError("No controller service " + name + " in crm-sync-pull.json");
    }

    /**
     * The attributes Start Poll and Open Poll Window give a poll's FlowFile: the window (instant - 1 min, instant + 1 min] and
     * their attributes taking a parameter's value, as configured.
     */
    private Map<String, String> window(final Instant instant) {
        final Map<String, String> attributes = new HashMap<>();
        for (final String step : List.of("Start Poll", "Open Poll Window")) {
            processor(step).path("properties").properties().forEach(property -> {
                if (FlowParameters.PARAMETER.matcher(property.getValue().asText()).matches()) {
                    attributes.put(property.getKey(), resolve(property.getValue().asText()));
                }
            });
        }
        attributes.put("crm.window.start", Long.toString(instant.minusSeconds(60).toEpochMilli()));
        attributes.put("crm.window.end", Long.toString(instant.plusSeconds(60).toEpochMilli()));
        return attributes;
    }

    private JsonNode processor(final String name) {
        for (final JsonNode processor : definition.path("flowContents").path("processors")) {
            if (name.equals(processor.path("name").asText())) {
                return processor;
            }
        }
        throw new AssertionError("No processor " + name + " in crm-sync-pull.json");
    }

    /** The processor a processor's relationship goes to in the flow. */
    private JsonNode next(final String source, final String relationship) {
        for (final JsonNode connection : definition.path("flowContents").path("connections")) {
            if (source.equals(connection.path("source").path("name").asText())
                    && connection.path("selectedRelationships").toString().contains("\"" + relationship + "\"")) {
                return processor(connection.path("destination").path("name").asText());
            }
        }
        throw new AssertionError(source + "'s " + relationship + " goes nowhere");
    }

    /**
     * A time as the Rows Writer writes it: epoch milliseconds as text where ExecuteSQLRecord wrote it (no Avro logical types),
     * else in its Timestamp Format.
     */
    private static Instant instant(final JsonNode row, final String field) {
        final String text = row.path(field).asText();
        return text.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(text)) : OffsetDateTime.parse(text).toInstant();
    }

    /** A property's value with its parameters substituted as NiFi does: a parameter without a value is empty text. */
    private String resolve(final String value) {
        return FlowParameters.resolve(value, parameters);
    }
}
