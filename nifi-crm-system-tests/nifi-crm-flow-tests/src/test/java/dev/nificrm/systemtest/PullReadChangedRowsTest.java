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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern PARAMETER = Pattern.compile("#\\{([^}]+)}");
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
        }
        definition = JSON.readTree(ProjectPaths.templates().resolve("crm-sync-pull.json").toFile());
        readChangedRows = processor("Read Changed Rows").path("properties");
        for (final JsonNode service : definition.path("flowContents").path("controllerServices")) {
            if ("Rows Reader".equals(service.path("name").asText())) {
                rowsReader = service;
            } else if ("Rows Writer".equals(service.path("name").asText())) {
                rowsWriter = service;
            }
        }
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
     * The window compares the column without a zone with the window's timestamptz bounds in the session's zone by
     * PostgreSQL's cross-type operators, which the column's index serves: the query as shipped is answered from the index
     * (sequential scans off, as on a table large enough for the index to pay).
     */
    @Test
    void theWindowIsReadFromTheIndexOnTheColumn() throws Exception {
        parameters.put("Source Export Time Zone", SOURCE_ZONE);
        final Instant instant = LOCAL.atZone(ZoneId.of(SOURCE_ZONE)).toInstant();
        final String query = resolve(readChangedRows.path("SQL Query").asText())
                .replace("${crm.window.start}", Long.toString(instant.minusSeconds(60).toEpochMilli()))
                .replace("${crm.window.end}", Long.toString(instant.plusSeconds(60).toEpochMilli()));
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
        final TestRunner runner = TestRunners.newTestRunner(ExecuteSQLRecord.class);
        final DataSourceConnectionPool pool = new DataSourceConnectionPool(database.dataSource());
        runner.addControllerService("pool", pool);
        runner.enableControllerService(pool);
        useFlowServices(runner);
        readChangedRows.properties().forEach(property -> runner.setProperty(property.getKey(), resolve(property.getValue().asText())));
        runner.setProperty("Database Connection Pooling Service", "pool");
        runner.setProperty("esqlrecord-record-writer", rowsWriter.path("identifier").asText());
        runner.enqueue("", Map.of("crm.window.start", Long.toString(instant.minusSeconds(60).toEpochMilli()),
                "crm.window.end", Long.toString(instant.plusSeconds(60).toEpochMilli())));
        runner.run();
        runner.assertAllFlowFilesTransferred(ExecuteSQLRecord.REL_SUCCESS, 1);
        return runner.getFlowFilesForRelationship(ExecuteSQLRecord.REL_SUCCESS).getFirst().toByteArray();
    }

    /** Runs one record processor of the flow as configured (its reader and writer the flow's) on the records; what it sent to success. */
    private byte[] run(final JsonNode processor, final byte[] records) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(Class.forName(processor.path("type").asText()).asSubclass(Processor.class));
        useFlowServices(runner);
        processor.path("properties").properties().forEach(property -> runner.setProperty(property.getKey(), resolve(property.getValue().asText())));
        runner.assertValid();
        runner.enqueue(records);
        runner.run();
        runner.assertAllFlowFilesTransferred("success", 1);
        final MockFlowFile result = runner.getFlowFilesForRelationship("success").getFirst();
        return result.toByteArray();
    }

    /** The flow's Rows Reader and Rows Writer, as configured, under their identifiers in the flow, which its processors name. */
    private void useFlowServices(final TestRunner runner) throws Exception {
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService(rowsReader.path("identifier").asText(), reader);
        rowsReader.path("properties").properties().forEach(property -> runner.setProperty(reader, property.getKey(), resolve(property.getValue().asText())));
        runner.enableControllerService(reader);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService(rowsWriter.path("identifier").asText(), writer);
        rowsWriter.path("properties").properties().forEach(property -> runner.setProperty(writer, property.getKey(), resolve(property.getValue().asText())));
        runner.enableControllerService(writer);
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
        final Matcher matcher = PARAMETER.matcher(value);
        final StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(parameters.getOrDefault(matcher.group(1), "")));
        }
        return matcher.appendTail(resolved).toString();
    }
}
