package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.testing.PostgresExtension;
import dev.nificrm.testing.PostgresServer;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.dbcp.DBCPConnectionPool;
import org.apache.nifi.flow.ConnectableComponentType;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processors.attributes.UpdateAttribute;
import org.apache.nifi.processors.standard.PutDatabaseRecord;
import org.apache.nifi.processors.standard.RetryFlowFile;
import org.apache.nifi.processors.standard.RouteOnAttribute;
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
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    /** A record of the people CRM: given name, family name, external id. */
    private static final String RECORD_FIELDS = "{\"given_name\": \"%s\", \"family_name\": \"%s\", \"country_code\": \"US\", \"external_id\": \"%s\", \"sync_version\": 1}";
    private static final List<String> VALUES = List.of("Zelda", "Zedlander", "zelda@", "4321", "Deadlock Falls");

    /**
     * Each flow definition parsed once for the class: the tests look up its processors, parameters and connections dozens of
     * times a test (every runner, every step of a record), and none changes what it reads.
     */
    private static final Map<Path, RegisteredFlowSnapshot> DEFINITIONS = new ConcurrentHashMap<>();
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
            if (parsed(definition).getFlowContents().getProcessors().stream()
                    .anyMatch(processor -> processor.getName().equals("Describe Load Failure"))) {
                flows.add(definition);
            }
        }
        return flows.stream();
    }

    @Test
    void theSyncFlowsHaveTheRules() throws IOException {
        assertEquals(List.of("crm-cutover.json", "crm-migration-db.json", "crm-sync-pull.json", "crm-sync-push.json", "crm-sync-two-way.json"), flowsWithLoadRetries().map(path -> path.getFileName().toString()).toList());
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
        final int port = closedPort();
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

    /**
     * A name a loader cannot take (a key column with a comma, a table with a double quote) makes the loader's Table Name name no
     * table, so no statement runs: the write is not retried, and its reason says which parameter and why, as the flow's
     * loader words it.
     */
    @ParameterizedTest
    @MethodSource("flowsWithLoadRetries")
    void aNameTheLoadersCannotTakeIsNotRetriedAndItsReasonSaysWhy(final Path definition) throws Exception {
        final Matcher unsupported = Pattern.compile("'(\\(unsupported name: [^']*\\))'").matcher(parsed(definition).getFlowContents()
                .getProcessors().stream().filter(processor -> processor.getType().endsWith("PutDatabaseRecord"))
                .map(processor -> processor.getProperties().get("put-db-record-table-name")).findFirst().orElseThrow());
        assertTrue(unsupported.find(), definition + "'s loaders check their names");
        final TestRunner runner = loader(people.database().jdbcUrl(), crmPool(definition), "UPSERT");
        runner.setProperty("put-db-record-table-name", unsupported.group(1));
        runner.enqueue(String.format(RECORD, "name-1", "1"));
        runner.run();
        runner.assertAllFlowFilesTransferred("failure", 1);
        assertFiledAtOnce(definition, runner.getFlowFilesForRelationship("failure").getFirst(),
                "Table " + unsupported.group(1) + " not found, ensure the Catalog, Schema, and/or Table Names match those in the database exactly");
    }

    /**
     * A write of three records into a table the loader cannot name (each "(unsupported name|specification: ...)" the flow's
     * loaders put in their Table Name) or that is not there: PutDatabaseRecord refuses it with "Table ... not found"
     * before any statement runs, which no record of the write can pass alone; it is filed whole with its reason, not
     * split and tried record by record.
     */
    @ParameterizedTest
    @MethodSource("flowsWithLoadRetries")
    void aWriteIntoATableTheLoaderCannotNameOrFindIsFiledWholeNotSplit(final Path definition) throws Exception {
        final List<String> tables = new ArrayList<>(List.of("people_not_there"));
        for (final VersionedProcessor loader : FlowDefinitionTest.read(definition).getFlowContents().getProcessors()) {
            if (loader.getType().endsWith("PutDatabaseRecord")) {
                final Matcher unsupported = Pattern.compile("'(\\(unsupported (?:name|specification): [^']*\\))'").matcher(loader.getProperties().get("put-db-record-table-name"));
                while (unsupported.find()) {
                    tables.add(unsupported.group(1));
                }
            }
        }
        assertTrue(tables.size() > 1, definition + "'s loaders check their names");
        final String flow = definition.getFileName().toString().replace(".json", "");
        final String records = "[" + String.format(RECORD_FIELDS, "Ada", "Lovelace", flow + "-table-1") + ", "
                + String.format(RECORD_FIELDS, "Alan", "Turing", flow + "-table-2") + ", " + String.format(RECORD_FIELDS, "Grace", "Hopper", flow + "-table-3") + "]";
        for (final String table : tables.stream().distinct().toList()) {
            final TestRunner loader = loader(people.database().jdbcUrl(), crmPool(definition), "UPSERT");
            loader.setProperty("put-db-record-table-name", table);
            loader.enqueue(records, Map.of("record.count", "3", "crm.run.id", "run-table"));
            loader.run();
            loader.assertAllFlowFilesTransferred("failure", 1);
            for (final VersionedProcessor retry : retries(definition)) {
                final MockFlowFile exceeded = runOne(definition, retry, loader.getFlowFilesForRelationship("failure").getFirst(), "retries_exceeded");
                final MockFlowFile filed = runOne(definition, processor(definition, "Isolate Refused Records"), exceeded, "unmatched");
                assertEquals("3", filed.getAttribute("record.count"), retry.getName() + ", " + table + ": filed whole");
                assertEquals("not written into " + filed.getAttribute("crm.load.target") + ": refused, not retried (Table " + table
                        + " not found, ensure the Catalog, Schema, and/or Table Names match those in the database exactly)", describe(definition, filed));
            }
        }
    }

    /**
     * A write of three records, one of which a CHECK constraint refuses: the whole write fails (one transaction), then
     * the flow's Isolate Refused Records splits it into single records, each tried once more by the loader's Retry
     * processor and written: the two others land, and only the refused one is filed, with the constraint as its reason.
     * A single record refused again is not split again; neither is a write still failing after its retries.
     */
    @ParameterizedTest
    @MethodSource("flowsWithLoadRetries")
    void aRecordRefusedForGoodIsFiledAloneAndTheOtherRecordsOfItsWriteLand(final Path definition) throws Exception {
        final String flow = definition.getFileName().toString().replace(".json", "");
        final String records = "[" + String.format(RECORD_FIELDS, "Ada", "Lovelace", flow + "-ada") + ", "
                + String.format(RECORD_FIELDS, "Zelda", "Zedlander", flow + "-zelda") + ", " + String.format(RECORD_FIELDS, "Alan", "Turing", flow + "-alan") + "]";
        execute("ALTER TABLE people ADD CONSTRAINT zedlander_refused CHECK (family_name <> 'Zedlander')");
        try {
            final TestRunner loader = loader(people.database().jdbcUrl(), crmPool(definition), "UPSERT");
            loader.enqueue(records, Map.of("record.count", "3", "crm.run.id", "run-1", "crm.outcome", "written",
                    "crm.merge.merged.count", "5", "crm.merge.single.count", "2"));
            loader.run();
            loader.assertAllFlowFilesTransferred("failure", 1);
            assertEquals(List.of(), externalIds(flow), "one transaction: nothing of the write landed");
            final Map<String, Integer> accounted = new HashMap<>();
            for (final VersionedProcessor retry : retries(definition)) {
                final MockFlowFile exceeded = runOne(definition, retry, loader.getFlowFilesForRelationship("failure").getFirst(), "retries_exceeded");
                final MockFlowFile isolated = runOne(definition, processor(definition, "Isolate Refused Records"), exceeded, "isolate");
                final List<MockFlowFile> splits = runAll(definition, processor(definition, "Split into Single Records"), isolated, "splits");
                assertEquals(3, splits.size(), retry.getName());
                final List<MockFlowFile> filed = new ArrayList<>();
                for (final MockFlowFile split : splits) {
                    assertEquals("1", split.getAttribute("record.count"));
                    assertEquals("run-1", split.getAttribute("crm.run.id"), "a record of the write stays in its run");
                    final MockFlowFile again = backTo(definition, retry, runOne(definition, processor(definition, "Try Each Record Again"), split, "success"));
                    accounted.merge(retry.getName(), Integer.parseInt(again.getAttributes().getOrDefault("crm.accounted.count", "1")), Integer::sum);
                    final MockFlowFile retried = runOne(definition, retry, again, "retry");
                    assertTrue(retried.isPenalized(), "a record tried once more waits the Retry processor's penalty");
                    final TestRunner write = loader(people.database().jdbcUrl(), crmPool(definition), "UPSERT");
                    write.enqueue(retried.toByteArray(), retried.getAttributes());
                    write.run();
                    if (write.getFlowFilesForRelationship("failure").isEmpty()) {
                        write.assertAllFlowFilesTransferred("success", 1);
                        continue;
                    }
                    final MockFlowFile refused = runOne(definition, retry, write.getFlowFilesForRelationship("failure").getFirst(), "retries_exceeded");
                    filed.add(runOne(definition, processor(definition, "Isolate Refused Records"), refused, "unmatched"));
                }
                assertEquals(List.of(flow + "-ada", flow + "-alan"), externalIds(flow), retry.getName() + ": the other records of the write landed");
                assertEquals(1, filed.size(), retry.getName() + ": only the refused record is filed");
                assertTrue(new String(filed.getFirst().toByteArray()).contains("Zedlander"), "the refused record");
                assertEquals("not written into " + filed.getFirst().getAttribute("crm.load.target")
                        + ": refused, not retried (new row for relation \"people\" violates check constraint \"zedlander_refused\")", describe(definition, filed.getFirst()));
                execute("DELETE FROM people WHERE external_id LIKE '" + flow + "-%'");
            }
            if (flow.equals("crm-migration-db")) {
                // the write's golden records merged 7 source records: counted once over its records, whoever lands
                assertEquals(7, accounted.values().iterator().next(), "the records merged into the write's golden records");
            }
        } finally {
            execute("ALTER TABLE people DROP CONSTRAINT zedlander_refused");
        }
    }

    /**
     * A write of six records every one of which the target refuses, four for one reason and two for another: split and
     * tried record by record as any write refused for good, the six single-record failures are gathered again before
     * they are filed, so that the flow files (and alerts) one FlowFile per run and reason, each record with its reason in
     * crm_errors, instead of one per record; what the run's tracker counts stays what it counted for the six.
     */
    @ParameterizedTest
    @MethodSource("flowsWithLoadRetries")
    void theRecordsOfAWriteRefusedForOneReasonAreFiledTogetherOnePerReason(final Path definition) throws Exception {
        final String flow = definition.getFileName().toString().replace(".json", "");
        final StringBuilder records = new StringBuilder("[");
        for (int i = 0; i < 6; i++) {
            records.append(i == 0 ? "" : ", ").append(String.format(RECORD_FIELDS, i < 4 ? "Ada" : "Zelda", i < 4 ? "Zedlander" : "Turing", flow + "-gather-" + i));
        }
        records.append(']');
        execute("ALTER TABLE people ADD CONSTRAINT gathered_family CHECK (family_name <> 'Zedlander')");
        execute("ALTER TABLE people ADD CONSTRAINT gathered_given CHECK (given_name <> 'Zelda')");
        try {
            final TestRunner loader = loader(people.database().jdbcUrl(), crmPool(definition), "UPSERT");
            loader.enqueue(records.toString(), Map.of("record.count", "6", "crm.run.id", "run-gather", "crm.outcome", "written",
                    "crm.merge.merged.count", "0", "crm.merge.single.count", "6"));
            loader.run();
            loader.assertAllFlowFilesTransferred("failure", 1);
            final VersionedProcessor retry = retries(definition).getFirst();
            final MockFlowFile exceeded = runOne(definition, retry, loader.getFlowFilesForRelationship("failure").getFirst(), "retries_exceeded");
            final List<MockFlowFile> splits = runAll(definition, processor(definition, "Split into Single Records"),
                    runOne(definition, processor(definition, "Isolate Refused Records"), exceeded, "isolate"), "splits");
            final List<MockFlowFile> refused = new ArrayList<>();
            for (final MockFlowFile split : splits) {
                final MockFlowFile retried = runOne(definition, retry, backTo(definition, retry, runOne(definition, processor(definition, "Try Each Record Again"), split, "success")), "retry");
                final TestRunner write = loader(people.database().jdbcUrl(), crmPool(definition), "UPSERT");
                write.enqueue(retried.toByteArray(), retried.getAttributes());
                write.run();
                write.assertAllFlowFilesTransferred("failure", 1);
                refused.add(runOne(definition, processor(definition, "Isolate Refused Records"),
                        runOne(definition, retry, write.getFlowFilesForRelationship("failure").getFirst(), "retries_exceeded"), "unmatched"));
            }
            assertEquals(6, refused.size());

            final Map<String, List<MockFlowFile>> passed = toTheWriter(definition, refused);
            final List<MockFlowFile> filed = new ArrayList<>(passed.get(WRITER));
            filed.sort(Comparator.comparing(file -> Integer.parseInt(file.getAttribute("record.count"))));
            final String what = flow + ", " + retry.getName() + ": ";
            assertEquals(List.of("2", "4"), filed.stream().map(file -> file.getAttribute("record.count")).toList(), what + "one file per reason");
            assertEquals(2, passed.get("Alert Load Failure").size(), what + "one alert per reason");
            final ObjectMapper json = new ObjectMapper();
            for (final MockFlowFile file : filed) {
                final String reason = file.getAttribute("crm.load.error");
                assertTrue(reason.endsWith(": refused, not retried (new row for relation \"people\" violates check constraint \""
                        + (file.getAttribute("record.count").equals("4") ? "gathered_family" : "gathered_given") + "\")"), what + reason);
                final JsonNode written = json.readTree(file.toByteArray());
                assertEquals(Integer.parseInt(file.getAttribute("record.count")), written.size(), what + "record.count is the records filed");
                for (final JsonNode record : written) {
                    assertEquals(reason, record.get("crm_errors").asText(), what + "each record carries its reason");
                }
                assertEquals("run-gather", file.getAttribute("crm.run.id"), what + "the run stays the run");
                final VersionedProcessor replay = processor(definition, "Replay Load Failures");
                assertTrue(Pattern.compile(replay.getProperties().get("File Filter")).matcher(file.getAttribute("filename")).matches(), what + file.getAttribute("filename"));
            }
            assertEquals(2, filed.stream().map(file -> file.getAttribute("filename")).distinct().count(), what + "a file name of its own each");
            assertEquals(tracked(definition, passed.get("Describe Load Failure")), tracked(definition, filed), what + "the run's tracker counts the same records");
        } finally {
            execute("ALTER TABLE people DROP CONSTRAINT gathered_family");
            execute("ALTER TABLE people DROP CONSTRAINT gathered_given");
        }
    }

    /**
     * The database migration counts a split write's export records with its first golden record (crm.accounted.count):
     * refused, that record is filed in a file of its own, as a file of several FlowFiles keeps only the attributes they
     * share, and the others refused for the same reason together; the run is counted the 3 + 1 + 1 export records.
     */
    @Test
    void theMigrationFilesTheGoldenRecordCountedForTheMergedRecordsOfItsWriteApart() throws Exception {
        final Path definition = FlowDefinitionTest.flowDefinitions().filter(path -> path.getFileName().toString().equals("crm-migration-db.json")).findFirst().orElseThrow();
        final List<MockFlowFile> refused = new ArrayList<>();
        for (final String accounted : List.of("3", "1", "1")) {
            final TestRunner source = TestRunners.newTestRunner(UpdateAttribute.class);
            source.enqueue(String.format(RECORD, "dup-" + refused.size(), "1"), Map.of("record.count", "1", "crm.run.id", "contacts.csv@2026-12-03T10:00:00Z",
                    "crm.outcome", "written", "crm.load.target", "people", "crm.load.failure", "permanent", "crm.load.attempts", "1", "crm.accounted.count", accounted,
                    "putdatabaserecord.error", "ERROR: new row for relation \"people\" violates check constraint \"people_refused\""));
            source.run();
            refused.add(source.getFlowFilesForRelationship("success").getFirst());
        }
        final Map<String, List<MockFlowFile>> passed = toTheWriter(definition, refused);
        assertEquals(List.of("1", "2"), passed.get(WRITER).stream().map(file -> file.getAttribute("record.count")).sorted().toList());
        assertEquals(Map.of("contacts.csv@2026-12-03T10:00:00Z load-failed", 5L), tracked(definition, passed.get(WRITER)));
    }

    /** Where the FlowFiles reaching the writer of the load failures are kept in {@link #toTheWriter}'s answer. */
    private static final String WRITER = "(the writer)";

    /**
     * The FlowFiles of Describe Load Failure run along the flow's connections (through funnels, not a processor's loops
     * back to itself), each processor once over all of them, as NiFi would with them all queued, up to the processor
     * Alert Load Failure leads to, which files them: what came out of each processor (Describe Load Failure: what went
     * into the next one), and what reached the writer.
     */
    private static Map<String, List<MockFlowFile>> toTheWriter(final Path definition, final List<MockFlowFile> described) throws Exception {
        final RegisteredFlowSnapshot snapshot = parsed(definition);
        final Map<String, VersionedProcessor> byId = new HashMap<>();
        snapshot.getFlowContents().getProcessors().forEach(processor -> byId.put(processor.getIdentifier(), processor));
        final VersionedProcessor writer = next(snapshot, byId, processor(definition, "Alert Load Failure")).getFirst();
        final Map<String, List<MockFlowFile>> passed = new HashMap<>();
        VersionedProcessor current = processor(definition, "Describe Load Failure");
        List<MockFlowFile> inbox = described;
        for (int step = 0; !current.getIdentifier().equals(writer.getIdentifier()); step++) {
            assertTrue(step < 20, "Describe Load Failure does not lead to " + writer.getName());
            final TestRunner runner = runnerFor(definition, current);
            for (final MockFlowFile flowFile : inbox) {
                runner.enqueue(flowFile.toByteArray(), flowFile.getAttributes());
            }
            if (current.getProperties().get("max-bin-age") == null) {
                runner.run(inbox.size());
            } else {
                // a MergeRecord takes all that is queued at once and completes a bin when it is full or older than its Max Bin
                // Age: what one bin gathers here does not depend on that age, so the bins age 200 ms, not the flow's 3 sec
                runner.setProperty("max-bin-age", "200 millis");
                runner.run(1, false, true);
                Thread.sleep(300);
                runner.run(1, true, false);
            }
            final List<VersionedProcessor> onward = new ArrayList<>();
            final List<MockFlowFile> out = new ArrayList<>();
            final String source = current.getIdentifier();
            for (final VersionedConnection connection : snapshot.getFlowContents().getConnections()) {
                if (!connection.getSource().getId().equals(source) || connection.getDestination().getId().equals(source)) {
                    continue;
                }
                for (final String relationship : connection.getSelectedRelationships()) {
                    out.addAll(runner.getFlowFilesForRelationship(relationship));
                }
                final VersionedProcessor destination = byId.get(connection.getDestination().getId());
                onward.addAll(destination != null ? List.of(destination) : next(snapshot, byId, byId.get(source)).stream().filter(processor -> !processor.equals(byId.get(source))).toList());
            }
            assertEquals(1, onward.stream().map(VersionedProcessor::getIdentifier).distinct().count(), current.getName() + " leads to " + onward.stream().map(VersionedProcessor::getName).toList());
            passed.put(current.getName(), out);
            current = onward.getFirst();
            inbox = out;
        }
        passed.put(WRITER, inbox);
        return passed;
    }

    /** The records the run's tracker (the TrackCRMProgress the writer of the load failures leads to) counts for the FlowFiles, per run. */
    private static Map<String, Long> tracked(final Path definition, final List<MockFlowFile> flowFiles) throws Exception {
        final RegisteredFlowSnapshot snapshot = parsed(definition);
        final Map<String, VersionedProcessor> byId = new HashMap<>();
        snapshot.getFlowContents().getProcessors().forEach(processor -> byId.put(processor.getIdentifier(), processor));
        final VersionedProcessor writer = next(snapshot, byId, processor(definition, "Alert Load Failure")).getFirst();
        final VersionedProcessor tracker = next(snapshot, byId, writer).stream().filter(processor -> processor.getType().endsWith(".TrackCRMProgress"))
                .findFirst().orElseThrow(() -> new AssertionError(writer.getName() + " leads to no tracker"));
        final Map<String, String> parameters = parameters(definition);
        final Map<String, Long> counted = new HashMap<>();
        for (final MockFlowFile flowFile : flowFiles) {
            final TestRunner evaluate = TestRunners.newTestRunner(UpdateAttribute.class);
            parameters.forEach((name, value) -> evaluate.setParameterContextValue(name, value == null ? "" : value));
            evaluate.setProperty("crm.test.run", resolve(tracker.getProperties().get("Run ID"), parameters));
            evaluate.setProperty("crm.test.count", resolve(tracker.getProperties().get("Record Count"), parameters));
            evaluate.setProperty("crm.test.outcome", resolve(tracker.getProperties().get("Outcome"), parameters));
            evaluate.enqueue(new byte[0], flowFile.getAttributes());
            evaluate.run();
            final MockFlowFile result = evaluate.getFlowFilesForRelationship("success").getFirst();
            counted.merge(result.getAttribute("crm.test.run") + " " + result.getAttribute("crm.test.outcome"), Long.parseLong(result.getAttribute("crm.test.count")), Long::sum);
        }
        return counted;
    }

    /** A runner of the processor configured as the flow configures it, with its record services. */
    private static TestRunner runnerFor(final Path definition, final VersionedProcessor processor) throws Exception {
        return runnerFor(parsed(definition), processor);
    }

    /** A runner of the processor configured as the flow (its parameters as the snapshot holds them) configures it, with its record services. */
    static TestRunner runnerFor(final RegisteredFlowSnapshot snapshot, final VersionedProcessor processor) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner((Processor) Class.forName(processor.getType()).getDeclaredConstructor().newInstance());
        final Map<String, String> parameters = parameters(snapshot);
        for (final VersionedControllerService service : snapshot.getFlowContents().getControllerServices()) {
            if (processor.getProperties().containsValue(service.getIdentifier())) {
                final ControllerService instance = (ControllerService) Class.forName(service.getType()).getDeclaredConstructor().newInstance();
                runner.addControllerService(service.getIdentifier(), instance);
                service.getProperties().forEach((name, value) -> runner.setProperty(instance, name, resolve(value, parameters)));
                runner.enableControllerService(instance);
            }
        }
        configure(runner, processor, parameters);
        return runner;
    }

    @ParameterizedTest
    @MethodSource("flowsWithLoadRetries")
    void aWriteStillFailingAfterItsRetriesOrOfOneRecordOrIntoNoTableIsNotSplit(final Path definition) throws Exception {
        final VersionedProcessor isolate = processor(definition, "Isolate Refused Records");
        final String check = "ERROR: new row for relation \"people\" violates check constraint \"people_refused\"";
        runOne(definition, isolate, Map.of("crm.load.failure", "permanent", "record.count", "3", "putdatabaserecord.error", check), "isolate");
        runOne(definition, isolate, Map.of("crm.load.failure", "permanent", "putdatabaserecord.error", check), "isolate");
        runOne(definition, isolate, Map.of("crm.load.failure", "permanent", "record.count", "1", "putdatabaserecord.error", check), "unmatched");
        runOne(definition, isolate, Map.of("crm.load.failure", "transient", "record.count", "3", "putdatabaserecord.error", "ERROR: canceling statement due to lock timeout"), "unmatched");
        runOne(definition, isolate, Map.of("crm.load.failure", "permanent", "record.count", "3", "putdatabaserecord.error", "ERROR: relation \"people\" does not exist"), "unmatched");
        runOne(definition, isolate, Map.of("crm.load.failure", "permanent", "record.count", "3", "putdatabaserecord.error", "ERROR: permission denied for table people"), "unmatched");
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

    /**
     * A write filed is where Replay Load Failures picks it up: the file the flow writes after Alert Load Failure lies in
     * (or, recursing, under) the replay's Input Directory with a name its File Filter takes, unless it is a replay that
     * failed again (replay-*.json, left alone so that nothing loops); and what the replay picks up reaches a Retry
     * processor of the flow's loaders.
     */
    @ParameterizedTest
    @MethodSource("flowsWithLoadRetries")
    void aWriteFiledIsWhereReplayLoadFailuresPicksItUp(final Path definition) throws Exception {
        final RegisteredFlowSnapshot snapshot = parsed(definition);
        final Map<String, VersionedProcessor> byId = new HashMap<>();
        snapshot.getFlowContents().getProcessors().forEach(processor -> byId.put(processor.getIdentifier(), processor));
        final VersionedProcessor replay = snapshot.getFlowContents().getProcessors().stream().filter(processor -> processor.getName().equals("Replay Load Failures"))
                .findFirst().orElseThrow(() -> new AssertionError(definition.getFileName() + " files writes that fail but has no Replay Load Failures"));
        final Map<String, String> parameters = parameters(definition);
        final Path input = Path.of(resolve(replay.getProperties().get("Input Directory"), parameters));
        final boolean recurse = "true".equals(replay.getProperties().get("Recurse Subdirectories"));
        final Pattern filter = Pattern.compile(replay.getProperties().get("File Filter"));
        final List<VersionedProcessor> writers = next(snapshot, byId, processor(definition, "Alert Load Failure"));
        assertEquals(1, writers.size(), "Alert Load Failure leads to one writer: " + writers.stream().map(VersionedProcessor::getName).toList());
        final VersionedProcessor writer = writers.getFirst();
        final String check = "ERROR: new row for relation \"people\" violates check constraint \"people_refused\"";
        for (final VersionedProcessor retry : retries(definition)) {
            for (final String run : List.of("contacts.csv@2026-12-03T10:00:00Z", "sync-20261203T101500.000Z-home", "replay-20261203T1016Z")) {
                final TestRunner retried = retryRunner(definition, retry);
                retried.enqueue(String.format(RECORD, "replay-path", "1"), Map.of("putdatabaserecord.error", check, "crm.run.id", run, "record.count", "1"));
                retried.run();
                retried.assertAllFlowFilesTransferred("retries_exceeded", 1);
                final TestRunner describe = TestRunners.newTestRunner(UpdateAttribute.class);
                configure(describe, processor(definition, "Describe Load Failure"), parameters);
                final MockFlowFile exceeded = retried.getFlowFilesForRelationship("retries_exceeded").getFirst();
                describe.enqueue(exceeded.toByteArray(), exceeded.getAttributes());
                describe.run();
                // the records gathered after Describe Load Failure are named by Name Load Failure File
                final TestRunner naming = TestRunners.newTestRunner(UpdateAttribute.class);
                configure(naming, processor(definition, "Name Load Failure File"), parameters);
                final MockFlowFile reason = describe.getFlowFilesForRelationship("success").getFirst();
                naming.enqueue(reason.toByteArray(), reason.getAttributes());
                naming.run();
                final MockFlowFile described = naming.getFlowFilesForRelationship("success").getFirst();
                final TestRunner where = TestRunners.newTestRunner(UpdateAttribute.class);
                parameters.forEach((name, value) -> where.setParameterContextValue(name, value == null ? "" : value));
                where.setProperty("crm.test.directory", resolve(writer.getProperties().get("Directory"), parameters));
                where.enqueue(new byte[0], described.getAttributes());
                where.run();
                final Path directory = Path.of(where.getFlowFilesForRelationship("success").getFirst().getAttribute("crm.test.directory")).normalize();
                final String file = described.getAttribute("filename");
                final String what = definition.getFileName() + ", " + retry.getName() + ", run " + run + ": " + directory.resolve(file);
                assertTrue(recurse ? directory.startsWith(input) : directory.equals(input), what + " is not where " + replay.getName() + " reads (" + input + ")");
                assertEquals(!run.startsWith("replay-"), filter.matcher(file).matches(), what + " and the File Filter " + filter);
            }
        }
        final Set<String> reached = new HashSet<>();
        final List<VersionedProcessor> open = new ArrayList<>(List.of(replay));
        while (!open.isEmpty()) {
            final VersionedProcessor processor = open.removeLast();
            if (reached.add(processor.getIdentifier()) && !processor.getType().endsWith(".RetryFlowFile")) {
                open.addAll(next(snapshot, byId, processor));
            }
        }
        assertTrue(retries(definition).stream().anyMatch(retry -> reached.contains(retry.getIdentifier())), replay.getName() + " reaches no Retry processor");
    }

    /** The processors the processor's connections lead to, through funnels. */
    private static List<VersionedProcessor> next(final RegisteredFlowSnapshot snapshot, final Map<String, VersionedProcessor> byId, final VersionedProcessor from) {
        final List<VersionedProcessor> next = new ArrayList<>();
        final List<String> open = new ArrayList<>(List.of(from.getIdentifier()));
        final Set<String> passed = new HashSet<>();
        while (!open.isEmpty()) {
            final String source = open.removeLast();
            for (final VersionedConnection connection : snapshot.getFlowContents().getConnections()) {
                final String destination = connection.getDestination().getId();
                if (!connection.getSource().getId().equals(source)) {
                    continue;
                }
                if (byId.containsKey(destination)) {
                    next.add(byId.get(destination));
                } else if (connection.getDestination().getType() == ConnectableComponentType.FUNNEL && passed.add(destination)) {
                    open.add(destination);
                }
            }
        }
        return next;
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
     * A port nothing listens on whose number holds none of the record's values: the refusal names it (a port 44321 holds
     * the phone's 4321, which {@link #assertNoValues} would take for the record's value).
     */
    private static int closedPort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                final String port = String.valueOf(socket.getLocalPort());
                if (VALUES.stream().noneMatch(port::contains)) {
                    return socket.getLocalPort();
                }
            }
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
        final TestRunner runner = loader(url, connectionProperties, statementType);
        runner.enqueue(String.format(RECORD, externalId, syncVersion));
        runner.run();
        runner.assertAllFlowFilesTransferred("failure", 1);
        return runner.getFlowFilesForRelationship("failure").getFirst();
    }

    /** PutDatabaseRecord configured as the flows' Upsert into People (the people CRM's columns), through a pool with the given URL. */
    private TestRunner loader(final String url, final Map<String, String> connectionProperties, final String statementType) throws Exception {
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
        return runner;
    }

    /** The processor of the flow, configured as the flow configures it (with its record services), run on one FlowFile. */
    private static MockFlowFile runOne(final Path definition, final VersionedProcessor processor, final MockFlowFile input, final String relationship) throws Exception {
        final List<MockFlowFile> out = runAll(definition, processor, input.toByteArray(), input.getAttributes(), relationship);
        assertEquals(1, out.size(), processor.getName() + " to " + relationship);
        return out.getFirst();
    }

    private static void runOne(final Path definition, final VersionedProcessor processor, final Map<String, String> attributes, final String relationship) throws Exception {
        assertEquals(1, runAll(definition, processor, new byte[0], attributes, relationship).size(), processor.getName() + " to " + relationship + ": " + attributes);
    }

    private static List<MockFlowFile> runAll(final Path definition, final VersionedProcessor processor, final MockFlowFile input, final String relationship) throws Exception {
        return runAll(definition, processor, input.toByteArray(), input.getAttributes(), relationship);
    }

    private static List<MockFlowFile> runAll(final Path definition, final VersionedProcessor processor, final byte[] content, final Map<String, String> attributes,
                                             final String relationship) throws Exception {
        final TestRunner runner = runnerFor(definition, processor);
        final Map<String, String> incoming = new HashMap<>(attributes);
        // in NiFi the same Retry processor takes the record back; here each run is a new instance with an id of its own
        incoming.computeIfPresent(processor.getProperties().getOrDefault("retry-attribute", "(none)") + ".uuid", (name, id) -> runner.getProcessor().getIdentifier());
        runner.enqueue(content, incoming);
        runner.run();
        final Set<String> dropped = processor.getAutoTerminatedRelationships() == null ? Set.of() : processor.getAutoTerminatedRelationships();
        for (final Relationship other : runner.getProcessor().getRelationships()) {
            if (!other.getName().equals(relationship) && !dropped.contains(other.getName())) {
                runner.assertTransferCount(other, 0);
            }
        }
        return runner.getFlowFilesForRelationship(relationship);
    }

    /**
     * The record on its way from Try Each Record Again to the Retry processor of its loader: through the flow's router of
     * the replays (by crm.load.target), where the flow has one, whose route for it must lead to that Retry processor.
     */
    private static MockFlowFile backTo(final Path definition, final VersionedProcessor retry, final MockFlowFile record) throws Exception {
        final RegisteredFlowSnapshot snapshot = parsed(definition);
        final VersionedProcessor again = processor(definition, "Try Each Record Again");
        final VersionedConnection out = snapshot.getFlowContents().getConnections().stream()
                .filter(connection -> connection.getSource().getId().equals(again.getIdentifier())).findFirst().orElseThrow();
        if (out.getDestination().getId().equals(retry.getIdentifier())) {
            return record;
        }
        final VersionedProcessor router = processor(definition, out.getDestination().getName());
        for (final VersionedConnection connection : snapshot.getFlowContents().getConnections()) {
            if (connection.getSource().getId().equals(router.getIdentifier()) && connection.getDestination().getId().equals(retry.getIdentifier())) {
                final TestRunner runner = TestRunners.newTestRunner(RouteOnAttribute.class);
                configure(runner, router, parameters(definition));
                runner.enqueue(record.toByteArray(), record.getAttributes());
                runner.run();
                final String route = connection.getSelectedRelationships().iterator().next();
                runner.assertAllFlowFilesTransferred(route, 1);
                return runner.getFlowFilesForRelationship(route).getFirst();
            }
        }
        throw new AssertionError(router.getName() + " does not lead to " + retry.getName());
    }

    /** The external ids of the flow's records in people. */
    private List<String> externalIds(final String flow) throws SQLException {
        final List<String> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(people.database().jdbcUrl(), people.database().user(), people.database().password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT external_id FROM people WHERE external_id LIKE '" + flow + "-%' ORDER BY external_id")) {
            while (result.next()) {
                ids.add(result.getString(1));
            }
        }
        return ids;
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
            final String value = resolve(property.getValue(), parameters);
            // a property that is a parameter without a value is not set, as in NiFi
            if (value != null) {
                runner.setProperty(property.getKey(), value);
            }
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
        for (final VersionedControllerService service : parsed(definition).getFlowContents().getControllerServices()) {
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
        final List<VersionedProcessor> retries = parsed(definition).getFlowContents().getProcessors().stream()
                .filter(processor -> processor.getType().endsWith(".RetryFlowFile")).toList();
        assertFalse(retries.isEmpty(), definition + " has no Retry processor");
        return retries;
    }

    /** The flow definition, parsed once ({@link #DEFINITIONS}). */
    private static RegisteredFlowSnapshot parsed(final Path definition) throws IOException {
        try {
            return DEFINITIONS.computeIfAbsent(definition.toAbsolutePath().normalize(), path -> {
                try {
                    return FlowDefinitionTest.read(path);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (final UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static VersionedProcessor processor(final Path definition, final String name) throws IOException {
        return parsed(definition).getFlowContents().getProcessors().stream()
                .filter(processor -> processor.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> parameters(final Path definition) throws IOException {
        return parameters(parsed(definition));
    }

    private static Map<String, String> parameters(final RegisteredFlowSnapshot snapshot) {
        final Map<String, String> values = new HashMap<>();
        for (final VersionedParameter parameter : snapshot.getParameterContexts().get(snapshot.getFlowContents().getParameterContextName()).getParameters()) {
            values.put(parameter.getName(), parameter.getValue());
        }
        return values;
    }

    /**
     * The value with its parameter references replaced, as NiFi does with a value without Expression Language (null when it
     * is a parameter without a value: no value). In an expression NiFi replaces none, not even one in a string literal
     * ('#{Name}' stays that text): EL looks up #{'Name'}.
     */
    private static String resolve(final String value, final Map<String, String> parameters) {
        if (value.contains("${")) {
            return value;
        }
        final Matcher reference = PARAMETER_REFERENCE.matcher(value);
        if (reference.matches() && parameters.get(reference.group(1)) == null) {
            return null;
        }
        reference.reset();
        final StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            reference.appendReplacement(resolved, Matcher.quoteReplacement(parameters.get(reference.group(1))));
        }
        reference.appendTail(resolved);
        return resolved.toString();
    }
}
