package dev.nificrm.systemtest;

import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.apache.nifi.dbcp.DBCPConnectionPool;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processors.attributes.UpdateAttribute;
import org.apache.nifi.processors.standard.PutDatabaseRecord;
import org.apache.nifi.processors.standard.RetryFlowFile;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sync flows' rules for a write into a CRM that fails, run on real failures, without NiFi: PutDatabaseRecord (the
 * flows' loader) writes into the people CRM of {@code templates/sync/} on a real PostgreSQL through NiFi's
 * DBCPConnectionPool and fails as a CRM's database does, and the failed FlowFile goes through each flow's own Retry
 * processor and Describe Load Failure, configured as the flow definition configures them (parameters at their
 * defaults). A passing failure (a write waiting for a lock longer than the Lock Timeout, a refused connection) is
 * retried Load Retries times, penalized, then filed; any other (a CHECK or UNIQUE constraint, a value of the wrong type,
 * a table that is not there) is filed at once. The reason says which and why, and holds none of the record's values,
 * also when they contain words of a passing failure. {@code CrmSyncTwoWayIT} runs the same rules in NiFi 2.3.0.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadFailureRulesTest {
    private static final Pattern PARAMETER_REFERENCE = Pattern.compile("#\\{([^}]+)}");
    /** The record written; its values must never be in a reason. */
    private static final String RECORD = "[{\"given_name\": \"Zelda\", \"family_name\": \"Zedlander\", \"email_address\": \"zelda@timeout-refused.example\", "
            + "\"mobile\": \"+16172534321\", \"town\": \"Deadlock Falls\", \"country_code\": \"US\", \"external_id\": \"%s\", \"sync_version\": %s}]";
    private static final List<String> VALUES = List.of("Zelda", "Zedlander", "zelda@", "4321", "Deadlock Falls");

    private SqlCrm people;
    private PostgresServer server;

    @BeforeAll
    void createTheCrm(final PostgresServer server) throws Exception {
        this.server = server;
        people = SqlCrm.create(server, SqlCrm.Kind.PEOPLE, "loadrules");
    }

    static Stream<Path> flowsWithLoadRetries() throws IOException {
        final List<Path> flows = new ArrayList<>();
        for (final Path definition : FlowDefinitionTest.flowDefinitions().toList()) {
            if (FlowDefinitionTest.read(definition).getFlowContents().getProcessors().stream()
                    .anyMatch(processor -> processor.getName().equals("Describe Load Failure"))) {
                flows.add(definition);
            }
        }
        return flows.stream();
    }

    @Test
    void theSyncFlowsHaveTheRules() throws IOException {
        assertEquals(List.of("crm-cutover.json", "crm-sync-pull.json", "crm-sync-push.json", "crm-sync-two-way.json"), flowsWithLoadRetries().map(path -> path.getFileName().toString()).toList());
    }

    @ParameterizedTest
    @MethodSource("flowsWithLoadRetries")
    void aWriteWaitingForALockLongerThanTheLockTimeoutIsRetried(final Path definition) throws Exception {
        // the flow's own connection options, with a Lock Timeout an operator could set, shorter than the default 30s
        try (Connection holder = lockPeople()) {
            final long start = System.nanoTime();
            final MockFlowFile failed = failedWrite(people.database().jdbcUrl(), crmPool(definition), "INSERT", "lock-1", "1");
            assertTrue(System.nanoTime() - start < 10_000_000_000L, "given up after the Lock Timeout, not waiting for the lock");
            assertRetried(definition, failed, "canceling statement due to lock timeout");
        }
    }

    @ParameterizedTest
    @MethodSource("flowsWithLoadRetries")
    void aRefusedConnectionIsRetried(final Path definition) throws Exception {
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        final MockFlowFile failed = failedWrite("jdbc:postgresql://127.0.0.1:" + port + "/nowhere", crmPool(definition), "INSERT", "refused-1", "1");
        assertRetried(definition, failed, "refused");
    }

    @ParameterizedTest
    @MethodSource("flowsWithLoadRetries")
    void aConstraintIsNotRetriedEvenWhenItsNameSaysRefusedOrTimeoutAndItsFailingRowIsNotInTheReason(final Path definition) throws Exception {
        execute("ALTER TABLE people ADD CONSTRAINT zedlander_refused_timeout CHECK (family_name <> 'Zedlander')");
        try {
            final MockFlowFile failed = failedWrite(people.database().jdbcUrl(), crmPool(definition), "INSERT", "check-1", "1");
            assertFiledAtOnce(definition, failed, "new row for relation \"people\" violates check constraint \"zedlander_refused_timeout\"");
        } finally {
            execute("ALTER TABLE people DROP CONSTRAINT zedlander_refused_timeout");
        }
    }

    @ParameterizedTest
    @MethodSource("flowsWithLoadRetries")
    void aDuplicateIsNotRetriedEvenWhenItsValuesSayTimeoutOrRefused(final Path definition) throws Exception {
        execute("INSERT INTO people (given_name, external_id) VALUES ('someone', 'timeout refused deadlock')");
        try {
            final MockFlowFile failed = failedWrite(people.database().jdbcUrl(), crmPool(definition), "INSERT", "timeout refused deadlock", "1");
            assertFiledAtOnce(definition, failed, "duplicate key value violates unique constraint \"people_external_id_key\"");
            assertFalse(reason(definition, failed).contains("timeout refused"), "no value of the SQL statement or its detail in the reason");
            assertFalse(failed.getAttribute("putdatabaserecord.error").contains("timeout refused"), failed.getAttribute("putdatabaserecord.error"));
        } finally {
            execute("DELETE FROM people WHERE external_id = 'timeout refused deadlock'");
        }
    }

    @ParameterizedTest
    @MethodSource("flowsWithLoadRetries")
    void aValueOfTheWrongTypeIsNotRetried(final Path definition) throws Exception {
        final MockFlowFile failed = failedWrite(people.database().jdbcUrl(), crmPool(definition), "UPSERT", "type-1", "\"Zedlander 9\"");
        assertFiledAtOnce(definition, failed, null);
        assertFalse(reason(definition, failed).contains("Zedlander"), reason(definition, failed));
    }

    @ParameterizedTest
    @MethodSource("flowsWithLoadRetries")
    void aReplayedFileIsTriedOnceMore(final Path definition) throws Exception {
        for (final VersionedProcessor retry : retries(definition)) {
            final TestRunner runner = retryRunner(definition, retry);
            runner.enqueue(String.format(RECORD, "replay-1", "1"));
            runner.run();
            runner.assertAllFlowFilesTransferred("retry", 1);
        }
    }

    /** The transient failure goes back to the loader, penalized, Load Retries times, then on, still failing after all. */
    private void assertRetried(final Path definition, final MockFlowFile failed, final String cause) throws Exception {
        final int loadRetries = Integer.parseInt(parameters(definition).get("Load Retries"));
        for (final VersionedProcessor retry : retries(definition)) {
            final TestRunner runner = retryRunner(definition, retry);
            MockFlowFile current = failed;
            int retried = 0;
            while (true) {
                runner.clearTransferState();
                runner.enqueue(current.toByteArray(), current.getAttributes());
                runner.run();
                if (runner.getFlowFilesForRelationship("retry").isEmpty()) {
                    break;
                }
                current = runner.getFlowFilesForRelationship("retry").getFirst();
                assertTrue(current.isPenalized(), retry.getName() + ": a retry waits its penalty");
                retried++;
                assertTrue(retried <= loadRetries, retry.getName() + " retries more than Load Retries: " + current.getAttributes());
            }
            runner.assertAllFlowFilesTransferred("retries_exceeded", 1);
            final MockFlowFile exceeded = runner.getFlowFilesForRelationship("retries_exceeded").getFirst();
            assertEquals(loadRetries, retried, retry.getName());
            assertEquals("transient", exceeded.getAttribute("crm.load.failure"));
            assertEquals(String.valueOf(loadRetries + 1), exceeded.getAttribute("crm.load.attempts"));
            final String reason = describe(definition, exceeded);
            final String target = exceeded.getAttribute("crm.load.target");
            assertTrue(reason.startsWith("not written into " + target + ": still failing after " + (loadRetries + 1) + " attempts ("), reason);
            assertTrue(reason.contains(cause), reason + " names " + cause);
            assertNoValues(reason, failed);
        }
    }

    /** The permanent failure goes on at once, once tried. */
    private void assertFiledAtOnce(final Path definition, final MockFlowFile failed, final String cause) throws Exception {
        for (final VersionedProcessor retry : retries(definition)) {
            final TestRunner runner = retryRunner(definition, retry);
            runner.enqueue(failed.toByteArray(), failed.getAttributes());
            runner.run();
            runner.assertAllFlowFilesTransferred("retries_exceeded", 1);
            final MockFlowFile exceeded = runner.getFlowFilesForRelationship("retries_exceeded").getFirst();
            assertEquals("permanent", exceeded.getAttribute("crm.load.failure"));
            assertEquals("1", exceeded.getAttribute("crm.load.attempts"));
            final String reason = describe(definition, exceeded);
            final String target = exceeded.getAttribute("crm.load.target");
            if (cause != null) {
                assertEquals("not written into " + target + ": refused, not retried (" + cause + ")", reason);
            } else {
                assertTrue(reason.startsWith("not written into " + target + ": refused, not retried ("), reason);
            }
            assertNoValues(reason, failed);
        }
    }

    /**
     * Neither the reason nor what PutDatabaseRecord reports (its bulletin and log say what putdatabaserecord.error
     * says) holds a value of the record.
     */
    private static void assertNoValues(final String reason, final MockFlowFile failed) {
        final String error = failed.getAttribute("putdatabaserecord.error");
        for (final String value : VALUES) {
            assertFalse(reason.contains(value), "the reason holds the value " + value + ": " + reason);
            assertFalse(error.contains(value), "PutDatabaseRecord's error holds the value " + value + ": " + error);
        }
    }

    private String reason(final Path definition, final MockFlowFile failed) throws Exception {
        final TestRunner runner = retryRunner(definition, retries(definition).getFirst());
        runner.enqueue(failed.toByteArray(), failed.getAttributes());
        runner.run();
        final List<MockFlowFile> out = new ArrayList<>(runner.getFlowFilesForRelationship("retries_exceeded"));
        out.addAll(runner.getFlowFilesForRelationship("retry"));
        return describe(definition, out.getFirst());
    }

    /** Describe Load Failure of the flow on the FlowFile: the reason it writes into crm.load.error. */
    private static String describe(final Path definition, final MockFlowFile exceeded) throws IOException {
        final VersionedProcessor describe = processor(definition, "Describe Load Failure");
        final TestRunner runner = TestRunners.newTestRunner(UpdateAttribute.class);
        configure(runner, describe, parameters(definition));
        runner.enqueue(exceeded.toByteArray(), exceeded.getAttributes());
        runner.run();
        runner.assertAllFlowFilesTransferred("success", 1);
        return runner.getFlowFilesForRelationship("success").getFirst().getAttribute("crm.load.error");
    }

    /**
     * One write of the record by PutDatabaseRecord configured as the flow's Upsert into People (the people CRM's
     * columns) through a pool with the given URL and connection properties, with the statement type: the FlowFile it
     * routes to failure.
     */
    private MockFlowFile failedWrite(final String url, final Map<String, String> connectionProperties, final String statementType,
                                     final String externalId, final String syncVersion) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(PutDatabaseRecord.class);
        final DBCPConnectionPool pool = new DBCPConnectionPool();
        runner.addControllerService("pool", pool);
        runner.setProperty(pool, "Database Connection URL", url);
        runner.setProperty(pool, "Database Driver Class Name", "org.postgresql.Driver");
        runner.setProperty(pool, "database-driver-locations", PostgresServer.jdbcDriverJar().toString());
        runner.setProperty(pool, "Database User", people.database().user());
        runner.setProperty(pool, "Max Wait Time", "2 sec");
        connectionProperties.forEach((name, value) -> runner.setProperty(pool, name, value));
        runner.enableControllerService(pool);
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        runner.setProperty("put-db-record-record-reader", "reader");
        runner.setProperty("put-db-record-dcbp-service", "pool");
        runner.setProperty("db-type", "PostgreSQL");
        runner.setProperty("put-db-record-statement-type", statementType);
        runner.setProperty("put-db-record-table-name", "people");
        runner.setProperty("put-db-record-update-keys", "external_id");
        runner.setProperty("put-db-record-translate-field-names", "false");
        runner.setProperty("put-db-record-unmatched-field-behavior", "Ignore Unmatched Fields");
        runner.setProperty("put-db-record-unmatched-column-behavior", "Ignore Unmatched Columns");
        runner.setProperty("rollback-on-failure", "false");
        runner.setProperty("database-session-autocommit", "false");
        runner.enqueue(String.format(RECORD, externalId, syncVersion));
        runner.run();
        runner.assertAllFlowFilesTransferred("failure", 1);
        return runner.getFlowFilesForRelationship("failure").getFirst();
    }

    /** A connection holding a lock on the people table that lets reads through and makes writes wait. */
    private Connection lockPeople() throws SQLException {
        final Connection connection = DriverManager.getConnection(people.database().jdbcUrl(), people.database().user(), people.database().password());
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE people IN SHARE MODE");
        }
        return connection;
    }

    private void execute(final String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(people.database().jdbcUrl(), people.database().user(), people.database().password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static TestRunner retryRunner(final Path definition, final VersionedProcessor retry) throws IOException {
        final TestRunner runner = TestRunners.newTestRunner(RetryFlowFile.class);
        configure(runner, retry, parameters(definition));
        return runner;
    }

    /**
     * The processor's properties as the flow sets them, with the flow's parameters: a reference outside Expression
     * Language replaced by its value, one inside (#{'Name'}) looked up when the expression is evaluated, as NiFi does.
     */
    private static void configure(final TestRunner runner, final VersionedProcessor processor, final Map<String, String> parameters) {
        parameters.forEach((name, value) -> runner.setParameterContextValue(name, value == null ? "" : value));
        for (final Map.Entry<String, String> property : processor.getProperties().entrySet()) {
            runner.setProperty(property.getKey(), resolve(property.getValue(), parameters));
        }
        runner.assertValid();
    }

    /**
     * The JDBC connection properties (dynamic properties) every pool of a CRM in the flow has, with the Lock Timeout an
     * operator could set (200ms, shorter than the default 30s): lock_timeout, and no values in the driver's messages.
     */
    private static Map<String, String> crmPool(final Path definition) throws IOException {
        final Map<String, String> parameters = new HashMap<>(parameters(definition));
        parameters.put("Lock Timeout", "200ms");
        final Map<String, String> connectionProperties = new HashMap<>();
        for (final VersionedControllerService service : FlowDefinitionTest.read(definition).getFlowContents().getControllerServices()) {
            if (service.getProperties().containsKey("options")) {
                final Map<String, String> these = new HashMap<>();
                for (final String name : List.of("options", "logServerErrorDetail")) {
                    these.put(name, resolve(service.getProperties().get(name), parameters));
                }
                assertTrue(connectionProperties.isEmpty() || connectionProperties.equals(these), service.getName() + ": " + these + ", not " + connectionProperties);
                connectionProperties.putAll(these);
            }
        }
        assertEquals(Map.of("options", "-c lock_timeout=200ms", "logServerErrorDetail", "false"), connectionProperties, "the CRMs' pools");
        return connectionProperties;
    }

    /** The flow's Retry processors (one beside each loader). */
    private static List<VersionedProcessor> retries(final Path definition) throws IOException {
        final List<VersionedProcessor> retries = FlowDefinitionTest.read(definition).getFlowContents().getProcessors().stream()
                .filter(processor -> processor.getType().endsWith(".RetryFlowFile")).toList();
        assertFalse(retries.isEmpty(), definition + " has no Retry processor");
        return retries;
    }

    private static VersionedProcessor processor(final Path definition, final String name) throws IOException {
        return FlowDefinitionTest.read(definition).getFlowContents().getProcessors().stream()
                .filter(processor -> processor.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> parameters(final Path definition) throws IOException {
        final RegisteredFlowSnapshot snapshot = FlowDefinitionTest.read(definition);
        final Map<String, String> values = new HashMap<>();
        for (final VersionedParameter parameter : snapshot.getParameterContexts().get(snapshot.getFlowContents().getParameterContextName()).getParameters()) {
            values.put(parameter.getName(), parameter.getValue());
        }
        return values;
    }

    /**
     * The value with its parameter references replaced, as NiFi does with a value without Expression Language. In an
     * expression NiFi replaces none, not even one in a string literal ('#{Name}' stays that text): EL looks up #{'Name'}.
     */
    private static String resolve(final String value, final Map<String, String> parameters) {
        if (value.contains("${")) {
            return value;
        }
        final Matcher reference = PARAMETER_REFERENCE.matcher(value);
        final StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            reference.appendReplacement(resolved, Matcher.quoteReplacement(parameters.get(reference.group(1))));
        }
        reference.appendTail(resolved);
        return resolved.toString();
    }
}
