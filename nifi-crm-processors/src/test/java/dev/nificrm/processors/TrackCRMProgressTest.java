package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.DataSourceConnectionPool;
import dev.nificrm.MutableClock;
import dev.nificrm.RecordServices;
import dev.nificrm.SmallStack;
import dev.nificrm.progress.RunProgress;
import dev.nificrm.testing.PostgresExtension;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.serialization.record.MockSchemaRegistry;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TrackCRMProgress with NiFi's real JSON writer and CSV reader, on a clock the test moves. */
@ExtendWith(PostgresExtension.class)
class TrackCRMProgressTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    private MutableClock clock;
    private TestRunner runner;

    @BeforeEach
    void setUp() throws InitializationException {
        clock = new MutableClock(T0);
        runner = TestRunners.newTestRunner(new TrackCRMProgress(clock));
        RecordServices.useJsonWriter(runner);
        runner.setProperty(TrackCRMProgress.RECORD_WRITER, "json-writer");
        runner.setProperty(TrackCRMProgress.PROGRESS_INTERVAL, "10 sec");
        runner.setProperty(TrackCRMProgress.IDLE_TIMEOUT, "1 min");
    }

    private void enqueue(final String runId, final String outcome, final long records, final Map<String, String> more) {
        final Map<String, String> attributes = new HashMap<>(more);
        attributes.put("crm.run.id", runId);
        attributes.put("crm.outcome", outcome);
        attributes.put("record.count", String.valueOf(records));
        runner.enqueue("content stays as it is", attributes);
    }

    private JsonNode onlyRecord(final MockFlowFile flowFile) throws IOException {
        final JsonNode records = MAPPER.readTree(flowFile.getContent());
        assertEquals(1, records.size(), flowFile.getContent());
        return records.get(0);
    }

    private RunProgress state(final String runId) throws IOException {
        return RunProgress.fromJson(runner.getStateManager().getState(Scope.CLUSTER).get("run." + runId));
    }

    @Test
    void countsRecordsPerRunAndOutcomeAndPassesTheFlowFilesOn() throws IOException {
        enqueue("migration-1", "written", 120, Map.of());
        enqueue("migration-1", "invalid", 7, Map.of());
        enqueue("migration-2", "written", 5, Map.of());
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUCCESS, 3);
        runner.assertTransferCount(TrackCRMProgress.REL_PROGRESS, 0);
        runner.assertTransferCount(TrackCRMProgress.REL_SUMMARY, 0);
        runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUCCESS).getFirst().assertContentEquals("content stays as it is");
        assertEquals(127, state("migration-1").done());
        assertEquals(Map.of("invalid", 7L, "written", 120L), state("migration-1").outcomes());
        assertEquals(5, state("migration-2").done());
        assertEquals(132, runner.getCounterValue("Records Done"));
        assertEquals(125, runner.getCounterValue("Records written"));
    }

    @Test
    void emitsProgressEveryIntervalWhileRecordsArrive() throws IOException {
        enqueue("m", "written", 100, Map.of("crm.total.count", "1000"));
        runner.setProperty(TrackCRMProgress.TOTAL_RECORDS, "${crm.total.count}");
        runner.run();
        clock.advance(Duration.ofSeconds(10));
        enqueue("m", "written", 200, Map.of());
        runner.run();
        final MockFlowFile progress = runner.getFlowFilesForRelationship(TrackCRMProgress.REL_PROGRESS).getFirst();
        progress.assertAttributeEquals("crm.progress.run.id", "m");
        progress.assertAttributeEquals("record.count", "1");
        final JsonNode report = onlyRecord(progress);
        assertEquals("running", report.get("status").asText());
        assertEquals(300, report.get("records_done").asLong());
        assertEquals(1000, report.get("records_total").asLong());
        assertEquals(30.0, report.get("percent_done").asDouble());
        assertEquals(30.0, report.get("records_per_second").asDouble(), "300 records in 10 s");
        assertEquals(24, report.get("seconds_left").asLong(), "700 left at 30 records/s");
        assertEquals("2026-12-01T09:00:34Z", report.get("estimated_finish").asText());
        assertTrue(runner.getLogger().getInfoMessages().stream().anyMatch(message ->
                message.getMsg().contains("run m: 300 of 1,000 records (30.0 %), 30 records/s, about 24 s left")));

        runner.clearTransferState();
        clock.advance(Duration.ofSeconds(15));
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_PROGRESS, 0);
    }

    /**
     * Two runs due a progress report at once, one with a comma in its id: each gets a progress FlowFile of its own, whose
     * crm.progress.run.id is that run (RouteOnAttribute and a dashboard keyed on it see one run), with its counts as
     * attributes like a summary. Before, one FlowFile held both records with crm.progress.run.id
     * "phase 2, contacts,m", which names neither run and cannot be split back at the commas.
     */
    @Test
    void emitsOneProgressFlowFilePerRunWithItsRunIdAndCounts() throws IOException {
        enqueue("phase 2, contacts", "written", 40, Map.of());
        enqueue("m", "written", 100, Map.of());
        enqueue("m", "invalid", 3, Map.of());
        runner.run();
        clock.advance(Duration.ofSeconds(10));
        enqueue("phase 2, contacts", "written", 60, Map.of());
        enqueue("m", "written", 200, Map.of());
        runner.run();

        runner.assertTransferCount(TrackCRMProgress.REL_PROGRESS, 2);
        final Map<String, MockFlowFile> byRun = new HashMap<>();
        for (final MockFlowFile progress : runner.getFlowFilesForRelationship(TrackCRMProgress.REL_PROGRESS)) {
            progress.assertAttributeEquals("crm.progress.status", "running");
            progress.assertAttributeEquals("record.count", "1");
            final JsonNode report = onlyRecord(progress);
            progress.assertAttributeEquals("crm.progress.run.id", report.get("run_id").asText());
            progress.assertAttributeEquals("crm.run.id", report.get("run_id").asText());
            progress.assertAttributeEquals("crm.progress.done.count", report.get("records_done").asText());
            byRun.put(progress.getAttribute("crm.progress.run.id"), progress);
        }
        assertEquals(java.util.Set.of("phase 2, contacts", "m"), byRun.keySet());
        byRun.get("m").assertAttributeEquals("crm.progress.done.count", "303");
        byRun.get("m").assertAttributeEquals("crm.progress.outcome.invalid.count", "3");
        byRun.get("phase 2, contacts").assertAttributeEquals("crm.progress.done.count", "100");
    }

    @Test
    void summarisesARunWhenItsTotalIsReachedWithItsCountsAsAttributes() throws IOException {
        runner.setProperty(TrackCRMProgress.TOTAL_RECORDS, "${crm.total.count}");
        enqueue("m", "written", 150, Map.of("crm.total.count", "165"));
        runner.run();
        clock.advance(Duration.ofSeconds(2));
        enqueue("m", "invalid", 10, Map.of());
        enqueue("m", "failed", 5, Map.of());
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUMMARY, 1);
        final MockFlowFile summary = runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUMMARY).getFirst();
        summary.assertAttributeEquals("crm.progress.status", "finished");
        summary.assertAttributeEquals("crm.progress.done.count", "165");
        summary.assertAttributeEquals("crm.progress.total.count", "165");
        summary.assertAttributeEquals("crm.progress.outcome.written.count", "150");
        summary.assertAttributeEquals("crm.progress.outcome.invalid.count", "10");
        summary.assertAttributeEquals("crm.progress.outcome.failed.count", "5");
        summary.assertAttributeEquals("crm.run.id", "m");
        final JsonNode report = onlyRecord(summary);
        assertEquals(100.0, report.get("percent_done").asDouble());
        assertEquals(2, report.get("elapsed_seconds").asLong());
        assertEquals(3, report.get("flowfiles").asLong());

        runner.clearTransferState();
        clock.advance(Duration.ofMinutes(5));
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUMMARY, 0);
    }

    @Test
    void summarisesAnIdleRunAndAgainAfterLateRecords() throws IOException {
        enqueue("m", "written", 3, Map.of());
        runner.run();
        clock.advance(Duration.ofSeconds(59));
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUMMARY, 0);
        clock.advance(Duration.ofSeconds(1));
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUMMARY, 1);
        runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUMMARY).getFirst().assertAttributeNotExists("crm.progress.total.count");

        runner.clearTransferState();
        enqueue("m", "written", 2, Map.of());
        runner.run();
        clock.advance(Duration.ofMinutes(1));
        runner.run();
        runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUMMARY).getFirst().assertAttributeEquals("crm.progress.done.count", "5");
    }

    /**
     * A replay (a run of its own, without a total or records received) whose split record is retried past the Run Idle
     * Timeout is summarised without it, and again once it is counted. The second summary says it is one: beside its own
     * counts, the records its previous summary counted, which it replaces; its log line says so too. Before, the two
     * summaries looked alike, the first as final as the second.
     */
    @Test
    void aRunSummarisedAgainSaysWhatItsPreviousSummaryCounted() {
        final MockFlowFile first = writtenThenSummarisedAMinuteLater("replay-20261207T1016Z", 2);
        first.assertAttributeEquals("crm.progress.done.count", "2");
        first.assertAttributeNotExists("crm.progress.previous.done.count");

        runner.clearTransferState();
        clock.advance(Duration.ofSeconds(90));
        final MockFlowFile again = writtenThenSummarisedAMinuteLater("replay-20261207T1016Z", 1);
        again.assertAttributeEquals("crm.progress.status", "finished");
        again.assertAttributeEquals("crm.progress.done.count", "3");
        again.assertAttributeEquals("crm.progress.previous.done.count", "2");
        assertTrue(runner.getLogger().getInfoMessages().getLast().getMsg().endsWith("finished in 2 min 30 s, summarised again: 1 record(s) counted "
                + "since its previous summary, which counted 2 and which this one replaces"), runner.getLogger().getInfoMessages().getLast().getMsg());
    }

    @Test
    void countsFlowFilesWithoutRecordCountWithTheReaderAndWarnsAboutUnreadableOnes() throws InitializationException, IOException {
        final CSVReader reader = new CSVReader();
        runner.addControllerService("csv-reader", reader);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "csv-header-derived");
        runner.enableControllerService(reader);
        runner.setProperty(TrackCRMProgress.RECORD_READER, "csv-reader");
        runner.enqueue("Id,Email\n1,a@example.com\n2,b@example.com\n", Map.of("crm.run.id", "m", "crm.outcome", "failed"));
        runner.enqueue("Id,Email\n\"1,broken\n", Map.of("crm.run.id", "m", "crm.outcome", "failed"));
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUCCESS, 2);
        assertEquals(2, state("m").done());
        final MockFlowFile unreadable = runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUCCESS).get(1);
        assertTrue(unreadable.getAttribute("crm.progress.warning").startsWith("its records could not be read"), unreadable.getAttributes().toString());
    }

    /**
     * A FlowFile without record.count holding JSON with a value where a record is expected ([{...}, "x", {...}]): NiFi's
     * JsonTreeReader skips the value and the object after it without a word, so the reader counted 1 record of 2 and the
     * run's progress fell short silently. It now counts 0 with the reason in crm.progress.warning, as for content the reader
     * cannot read, and the FlowFile passes on unchanged.
     */
    @Test
    void warnsInsteadOfCountingTooFewRecordsWhereTheJsonReaderWouldSkipAValue() throws InitializationException, IOException {
        RecordServices.useJsonReader(runner);
        runner.setProperty(TrackCRMProgress.RECORD_READER, "json-reader");
        final String content = "[{\"Id\":\"1\"},\"x\",{\"Id\":\"2\"}]";
        runner.enqueue(content, Map.of("crm.run.id", "m", "crm.outcome", "failed"));
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUCCESS, 1);
        final MockFlowFile passed = runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUCCESS).getFirst();
        passed.assertContentEquals(content);
        assertEquals(0, state("m").done());
        assertEquals("its records could not be counted (value 2 of the content is a string where a record (a JSON object) is expected, which "
                + "NiFi's JSON readers skip with the object after it): counted as 0", passed.getAttribute("crm.progress.warning"));
    }

    /**
     * A FlowFile without record.count whose value is nested too deeply for the stack of the thread counting it: the
     * StackOverflowError of NiFi's recursive JSON reader escaped onTrigger (the session, and with it every FlowFile of
     * the batch, rolled back, again at every trigger). It now counts 0 with the reason, and passes on unchanged.
     */
    @Test
    void warnsAboutAValueNestedTooDeeplyForTheStackInsteadOfLettingTheErrorEscape() throws Exception {
        RecordServices.useJsonReader(runner);
        runner.setProperty(TrackCRMProgress.RECORD_READER, "json-reader");
        final String deep = "[{\"Id\":\"1\",\"Note\":" + "[".repeat(950) + "1" + "]".repeat(950) + "}]";
        runner.run(1, false, true);
        runner.enqueue(deep, Map.of("crm.run.id", "m", "crm.outcome", "failed"));
        assertNull(SmallStack.trigger(runner), "nothing escapes onTrigger on a thread with the small stack of a busy NiFi thread");
        final MockFlowFile passed = runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUCCESS).getFirst();
        passed.assertContentEquals(deep);
        assertEquals("its records could not be read (StackOverflowError): counted as 0", passed.getAttribute("crm.progress.warning"));
    }

    @Test
    void countsTheInputsAMergedFlowFileAccountsFor() throws IOException {
        runner.setProperty(TrackCRMProgress.RECORD_COUNT, "${crm.merge.input.count:replaceEmpty(${record.count})}");
        enqueue("m", "written", 3, Map.of("crm.merge.input.count", "7"));
        enqueue("m", "invalid", 2, Map.of());
        runner.run();
        assertEquals(Map.of("invalid", 2L, "written", 7L), state("m").outcomes(), "3 golden records standing for 7 input records");
    }

    /**
     * A total far beyond the records arriving (an attribute holding something else than a count, here the largest whole
     * number) leaves the time left unknown. Before, its estimated finish lay beyond the last Instant: every trigger threw
     * while writing the run's state, so no FlowFile passed on and the run was never reported again.
     */
    @Test
    void aTotalFarBeyondTheRecordsArrivingLeavesTheFinishUnknownAndTheFlowFilesPassOn() throws IOException {
        runner.setProperty(TrackCRMProgress.TOTAL_RECORDS, "${crm.total.count}");
        enqueue("m", "written", 100, Map.of("crm.total.count", String.valueOf(Long.MAX_VALUE)));
        runner.run();
        clock.advance(Duration.ofSeconds(10));
        enqueue("m", "written", 100, Map.of());
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUCCESS, 2);
        final JsonNode report = onlyRecord(runner.getFlowFilesForRelationship(TrackCRMProgress.REL_PROGRESS).getFirst());
        assertEquals(200, report.get("records_done").asLong());
        assertEquals(20.0, report.get("records_per_second").asDouble());
        assertTrue(report.get("seconds_left").isNull(), report.toString());
        assertTrue(report.get("estimated_finish").isNull(), report.toString());
        assertEquals(200, state("m").done());
    }

    @Test
    void warnsWhenATotalIsNoNumberAndStillCounts() throws IOException {
        runner.setProperty(TrackCRMProgress.TOTAL_RECORDS, "${crm.total.count}");
        enqueue("m", "written", 4, Map.of("crm.total.count", "many"));
        runner.run();
        runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUCCESS).getFirst().assertAttributeEquals("crm.progress.warning",
                "Total Records is not a whole number");
        assertEquals(4, state("m").done());
        assertNull(state("m").total());
    }

    /** The warning says what is wrong with a count: -1 and a count beyond a long are whole numbers, just not counts. */
    @Test
    void warnsWhatIsWrongWithACount() {
        runner.setProperty(TrackCRMProgress.TOTAL_RECORDS, "${crm.total.count}");
        runner.setProperty(TrackCRMProgress.RECORD_COUNT, "${record.count}");
        final String[][] cases = {{"-1", "12", "Total Records is negative"}, {"99999999999999999999", "12", "Total Records is beyond the largest count, "
                + Long.MAX_VALUE}, {"40", "+99999999999999999999", "Record Count is beyond the largest count, " + Long.MAX_VALUE},
                {"40", " -3 ", "Record Count is negative"}, {"40", "1.5", "Record Count is not a whole number"}, {"4e1", "-", "Total Records is not a "
                + "whole number; Record Count is not a whole number"}};
        for (final String[] given : cases) {
            runner.clearTransferState();
            runner.enqueue("", Map.of("crm.run.id", "w", "crm.total.count", given[0], "record.count", given[1]));
            runner.run();
            runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUCCESS).getFirst().assertAttributeEquals("crm.progress.warning", given[2]);
        }
    }

    @Test
    void takesTheTotalFromACountQueryOnARealDatabase(final DataSource dataSource) throws InitializationException, SQLException, IOException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create table contacts (id integer primary key)");
            statement.execute("insert into contacts select generate_series(1, 250)");
        }
        final DataSourceConnectionPool pool = new DataSourceConnectionPool(dataSource);
        runner.addControllerService("source", pool);
        runner.enableControllerService(pool);
        runner.setProperty(TrackCRMProgress.DBCP_SERVICE, "source");
        runner.assertNotValid();
        runner.setProperty(TrackCRMProgress.TOTAL_COUNT_QUERY, "select count(*) from ${source.table}");
        runner.assertValid();
        enqueue("m", "written", 50, Map.of("source.table", "contacts"));
        enqueue("m", "written", 50, Map.of("source.table", "contacts"));
        runner.run();
        assertEquals(250L, state("m").total());
        assertEquals(100, state("m").done());
    }

    /**
     * A Record Writer that cannot write the report (here one taking its schema from a registry by the schema.name these
     * FlowFiles lack) loses neither the counts nor the data path: the FlowFiles pass on, the summary goes out with its
     * counts as attributes and the reason. Before, every trigger threw, rolled the session back and left the FlowFiles in
     * the queue, counted never.
     */
    @Test
    void aRecordWriterThatCannotWriteTheReportHoldsUpNeitherTheFlowFilesNorTheSummary() throws InitializationException, IOException {
        final MockSchemaRegistry registry = new MockSchemaRegistry();
        runner.addControllerService("registry", registry);
        runner.enableControllerService(registry);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("registry-writer", writer);
        runner.setProperty(writer, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.SCHEMA_NAME_PROPERTY);
        runner.setProperty(writer, SchemaAccessUtils.SCHEMA_REGISTRY, "registry");
        runner.enableControllerService(writer);
        runner.setProperty(TrackCRMProgress.RECORD_WRITER, "registry-writer");
        runner.setProperty(TrackCRMProgress.TOTAL_RECORDS, "${crm.total.count}");
        enqueue("m", "written", 100, Map.of("crm.total.count", "150"));
        runner.run();
        clock.advance(Duration.ofSeconds(10));
        enqueue("m", "written", 20, Map.of());
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUCCESS, 2);
        runner.assertTransferCount(TrackCRMProgress.REL_PROGRESS, 0);
        assertEquals(120, state("m").done());
        enqueue("m", "invalid", 30, Map.of());
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUCCESS, 3);
        final MockFlowFile summary = runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUMMARY).getFirst();
        summary.assertAttributeEquals("crm.progress.done.count", "150");
        summary.assertAttributeEquals("crm.progress.outcome.written.count", "120");
        summary.assertAttributeEquals("crm.progress.outcome.invalid.count", "30");
        assertTrue(summary.getAttribute("crm.progress.warning").startsWith("the Record Writer could not write the report"), summary.getAttributes().toString());
        assertEquals(0, summary.getSize());
    }

    /**
     * Copies of calls as they come in (no crm.outcome: received, their records counted by the JSON reader), then what
     * became of their records (processed). The day's summary, due a minute after its last record, waits while one
     * record of it is still being written (retried); once that record is counted, the run goes on and its summary a
     * minute later carries the records received, nothing in flight.
     */
    @Test
    void aRunsSummaryWaitsForItsRecordsInFlightAndCarriesTheRecordsReceived() throws InitializationException, IOException {
        receiveCallsAsTheyComeIn();
        runner.enqueue("[{\"id\":1},{\"id\":2},{\"id\":3}]", Map.of("crm.run.id", "day"));
        enqueue("day", "written", 2, Map.of());
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUCCESS, 2);
        assertEquals(3, state("day").received());
        assertEquals(1, state("day").inFlight());
        assertEquals(1, MAPPER.readTree(runner.getStateManager().getState(Scope.CLUSTER).get("run.day")).get("records_in_flight").asLong());

        clock.advance(Duration.ofMinutes(5));
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUMMARY, 0);

        enqueue("day", "load-failed", 1, Map.of());
        runner.run();
        clock.advance(Duration.ofMinutes(1));
        runner.run();
        final MockFlowFile summary = onlySummary();
        summary.assertAttributeEquals("crm.progress.done.count", "3");
        assertInFlightCounts(summary, 3, 0, 0);
        assertEquals(3, onlyRecord(summary).get("records_done").asLong());
        assertTrue(runner.getLogger().getWarnMessages().isEmpty(), runner.getLogger().getWarnMessages().toString());
    }

    /** A run all counted still waits while another run's records are in flight (the next day's calls), then goes out. */
    @Test
    void aRunsSummaryWaitsForTheRecordsInFlightOfAnotherRunningRun() throws InitializationException {
        dayCountedThenTheNextDaysFirstCall();
        clock.advance(Duration.ofSeconds(40));
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUMMARY, 0);

        enqueue("next-day", "unchanged", 2, Map.of());
        runner.run();
        final MockFlowFile summary = onlySummary();
        summary.assertAttributeEquals("crm.progress.run.id", "day");
        assertInFlightCounts(summary, 1, 0, 10);
    }

    /**
     * Calls that never pause: the next day's calls arrive every 5 seconds, each counted 5 seconds later, so the next day
     * always has records in flight. The day's summary waits for its own records and for those the next day had received
     * when it became due (by count: until the next day has counted as many as it had received then), not for the calls
     * after it, which can never be counted into the day: it goes out seconds after it was due, without a warning. Before,
     * it waited for a moment with nothing in flight anywhere, which never came: the Longest Wait, then a WARN.
     */
    @Test
    void aRunsSummaryDoesNotWaitForCallsReceivedAfterItWasDue() throws InitializationException, IOException {
        dayCountedThenTheNextDaysFirstCall();
        for (int call = 0; call < 7; call++) {
            clock.advance(Duration.ofSeconds(5));
            runner.enqueue("[{\"id\":2},{\"id\":3}]", Map.of("crm.run.id", "next-day"));
            enqueue("next-day", "written", 2, Map.of());
            runner.run();
        }
        // the day's summary was due at 60 s, when the next day had received 14 records and counted 12; at 65 s it had counted 14
        final MockFlowFile summary = onlySummary();
        summary.assertAttributeEquals("crm.progress.run.id", "day");
        assertInFlightCounts(summary, 1, 0, 5);
        assertEquals(2, state("next-day").inFlight(), "the next day's latest call still in flight");
        assertTrue(runner.getLogger().getWarnMessages().isEmpty(), runner.getLogger().getWarnMessages().toString());
    }

    /**
     * A record that never stops being written does not hold the summary for ever: after the Longest Wait for Records in
     * Flight it goes out, saying what is still in flight, and a WARN names the records and their run (no values). Its
     * leftover records then hold up no other run's summary.
     */
    @Test
    void aSummaryThatWaitedOutGoesOutWithWhatIsStillInFlight() throws InitializationException {
        receiveCallsAsTheyComeIn();
        runner.setProperty(TrackCRMProgress.IN_FLIGHT_WAIT, "15 min");
        runner.enqueue("[{\"id\":1},{\"id\":2},{\"id\":3}]", Map.of("crm.run.id", "day"));
        enqueue("day", "written", 2, Map.of());
        runner.run();
        clock.advance(Duration.ofMinutes(1).plusMinutes(15).minusSeconds(1));
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUMMARY, 0);
        clock.advance(Duration.ofSeconds(1));
        runner.run();
        final MockFlowFile summary = onlySummary();
        summary.assertAttributeEquals("crm.progress.done.count", "2");
        assertInFlightCounts(summary, 3, 1, 900);
        assertEquals(1, runner.getLogger().getWarnMessages().size());
        assertEquals("Summarised run day while records received are not counted yet, after waiting 15 min for none to be: 1 record(s) of run day "
                + "(a write retried, or records received that are never counted). A report taken from this summary may not show their writes; their run is "
                + "summarised again once they are counted.", runner.getLogger().getWarnMessages().getFirst().getMsg().replaceFirst("^TrackCRMProgress\\[id=[^]]*\\] ", ""));

        runner.clearTransferState();
        enqueue("other", "written", 1, Map.of());
        runner.run();
        clock.advance(Duration.ofMinutes(1));
        runner.run();
        onlySummary().assertAttributeEquals("crm.progress.in.flight.count", "0");
    }

    /** A FlowFile whose Count Records As is neither processed nor received is counted, as processed, with the reason; a fixed value must be one. */
    @Test
    void aValueNeitherProcessedNorReceivedCountsAsProcessedWithAWarning() throws IOException {
        runner.setProperty(TrackCRMProgress.COUNT_RECORDS_AS, "${crm.counted.as}");
        enqueue("m", "written", 4, Map.of("crm.counted.as", "arrived"));
        runner.run();
        assertEquals(4, state("m").done());
        assertEquals(0, state("m").received());
        runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUCCESS).getFirst()
                .assertAttributeEquals("crm.progress.warning", "Count Records As is neither processed nor received: counted as processed");
        runner.setProperty(TrackCRMProgress.COUNT_RECORDS_AS, "arrived");
        runner.assertNotValid();
    }

    /** A summary's records received, records in flight when it went out, and seconds it waited for them. */
    private static void assertInFlightCounts(final MockFlowFile summary, final long received, final long inFlight, final long waitedSeconds) {
        summary.assertAttributeEquals("crm.progress.received.count", String.valueOf(received));
        summary.assertAttributeEquals("crm.progress.in.flight.count", String.valueOf(inFlight));
        summary.assertAttributeEquals("crm.progress.waited.seconds", String.valueOf(waitedSeconds));
    }

    /** Records of a run counted written now, and the run's one summary a Run Idle Timeout later. */
    private MockFlowFile writtenThenSummarisedAMinuteLater(final String runId, final long records) {
        enqueue(runId, "written", records, Map.of());
        runner.run();
        clock.advance(Duration.ofMinutes(1));
        runner.run();
        return onlySummary();
    }

    private MockFlowFile onlySummary() {
        runner.assertTransferCount(TrackCRMProgress.REL_SUMMARY, 1);
        return runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUMMARY).getFirst();
    }

    /** A call of the run day, its one record counted at T0; 30 seconds later a call of 2 records of next-day, in flight. */
    private void dayCountedThenTheNextDaysFirstCall() throws InitializationException {
        receiveCallsAsTheyComeIn();
        runner.enqueue("[{\"id\":1}]", Map.of("crm.run.id", "day"));
        enqueue("day", "written", 1, Map.of());
        runner.run();
        clock.advance(Duration.ofSeconds(30));
        runner.enqueue("[{\"id\":2},{\"id\":3}]", Map.of("crm.run.id", "next-day"));
        runner.run();
    }

    /** Copies of the calls carry no crm.outcome: they are received, every other FlowFile processed; the reader counts their records. */
    private void receiveCallsAsTheyComeIn() throws InitializationException {
        RecordServices.useJsonReader(runner);
        runner.setProperty(TrackCRMProgress.RECORD_READER, "json-reader");
        runner.setProperty(TrackCRMProgress.COUNT_RECORDS_AS, "${crm.outcome:isEmpty():ifElse('received', 'processed')}");
    }

    @Test
    void yieldsWhenThereIsNothingToDo() {
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUCCESS, 0);
        assertTrue(((MockProcessContext) runner.getProcessContext()).isYieldCalled(), "no busy loop when idle");
    }
}
