package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.DataSourceConnectionPool;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresServer;
import org.apache.nifi.json.JsonRecordSetWriter;
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
import java.time.ZoneId;
import java.util.HashMap;
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
 * it, as before the parameter took part.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PullReadChangedRowsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAMETER = Pattern.compile("#\\{([^}]+)}");
    private static final LocalDateTime LOCAL = LocalDateTime.parse("2024-03-07T14:05:00");
    private static final String SOURCE_ZONE = ZoneId.systemDefault().getRules().getOffset(LOCAL).equals(ZoneId.of("America/New_York").getRules().getOffset(LOCAL))
            ? "Asia/Tokyo" : "America/New_York";
    private PostgresDatabase database;
    private JsonNode readChangedRows;
    private JsonNode rowsWriter;
    private final Map<String, String> parameters = new HashMap<>();

    @BeforeAll
    void createTheSourceAndReadTheDefinition() throws Exception {
        database = PostgresServer.shared().createDatabase("pull_read_changed_rows");
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE contacts (id bigint PRIMARY KEY, updated_at timestamp NOT NULL)");
            statement.execute("CREATE INDEX contacts_updated_at ON contacts (updated_at)");
            statement.execute("INSERT INTO contacts VALUES (1, '" + LOCAL + "')");
        }
        final JsonNode definition = JSON.readTree(ProjectPaths.templates().resolve("crm-sync-pull.json").toFile());
        for (final JsonNode processor : definition.path("flowContents").path("processors")) {
            if ("Read Changed Rows".equals(processor.path("name").asText())) {
                readChangedRows = processor.path("properties");
            }
        }
        for (final JsonNode service : definition.path("flowContents").path("controllerServices")) {
            if ("Rows Writer".equals(service.path("name").asText())) {
                rowsWriter = service.path("properties");
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
        final TestRunner runner = TestRunners.newTestRunner(ExecuteSQLRecord.class);
        final DataSourceConnectionPool pool = new DataSourceConnectionPool(database.dataSource());
        runner.addControllerService("pool", pool);
        runner.enableControllerService(pool);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        rowsWriter.properties().forEach(property -> runner.setProperty(writer, property.getKey(), resolve(property.getValue().asText())));
        runner.enableControllerService(writer);
        readChangedRows.properties().forEach(property -> runner.setProperty(property.getKey(), resolve(property.getValue().asText())));
        runner.setProperty("Database Connection Pooling Service", "pool");
        runner.setProperty("esqlrecord-record-writer", "writer");
        runner.enqueue("", Map.of("crm.window.start", Long.toString(instant.minusSeconds(60).toEpochMilli()),
                "crm.window.end", Long.toString(instant.plusSeconds(60).toEpochMilli())));
        runner.run();
        runner.assertAllFlowFilesTransferred(ExecuteSQLRecord.REL_SUCCESS, 1);
        final MockFlowFile result = runner.getFlowFilesForRelationship(ExecuteSQLRecord.REL_SUCCESS).getFirst();
        return JSON.readTree(result.getContent().isEmpty() ? "[]" : result.getContent());
    }

    /** A time as the Rows Writer writes it (ExecuteSQLRecord without Avro logical types: epoch milliseconds as text). */
    private static Instant instant(final JsonNode row, final String field) {
        return Instant.ofEpochMilli(Long.parseLong(row.path(field).asText()));
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
