package dev.nificrm.processors;

import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One record whose value cannot be converted (a JSON number too large for a double, a year too far
 * for a timestamp, text "NaN") must go to invalid with its reason; the FlowFile's other records must still be mapped.
 */
class MapOneBadValueTest {

    private TestRunner runner(final String specification) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(MapCRMRecord.class);
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
        runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, specification);
        return runner;
    }

    private void assertOneMappedOneInvalid(final TestRunner runner, final String input, final String reason) {
        runner.enqueue(input);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        runner.assertTransferCount(MapCRMRecord.REL_SUCCESS, 1);
        runner.assertTransferCount(MapCRMRecord.REL_INVALID, 1);
        runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "1");
        final String invalid = runner.getFlowFilesForRelationship(MapCRMRecord.REL_INVALID).getFirst().getContent();
        assertEquals(true, invalid.contains(reason), invalid);
    }

    @Test
    void aNumberTooLargeForADoubleIsReportedWithItsFieldNameNotAsAnUnnamedNumber() throws Exception {
        // the source record itself holds infinity, which no JSON writer writes: the FlowFile fails, but saying which field
        final TestRunner runner = runner("{\"fields\": {\"employees\": {\"from\": \"/n\", \"type\": \"long\"}}}");
        runner.enqueue("[{\"n\": 12}, {\"n\": 1e400}]");
        runner.run();
        runner.assertAllFlowFilesTransferred(AbstractCRMRecordProcessor.REL_FAILURE, 1);
        final String reason = runner.getFlowFilesForRelationship(AbstractCRMRecordProcessor.REL_FAILURE).getFirst()
                .getAttribute(AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE);
        assertEquals(true, reason.contains("the field n"), reason);
    }

    @Test
    void textThatIsNoFiniteNumberMakesItsRecordInvalidNotTheFlowFileFail() throws Exception {
        assertOneMappedOneInvalid(runner("{\"fields\": {\"score\": {\"from\": \"/n\", \"type\": \"double\"}}}"),
                "[{\"n\": \"1.5\"}, {\"n\": \"NaN\"}]", "score: the value of /n is not a number");
    }

    @Test
    void aTimestampBeyondTheRangeOfATimestampMakesItsRecordInvalidNotTheFlowFileFail() throws Exception {
        assertOneMappedOneInvalid(runner("{\"fields\": {\"created\": {\"from\": \"/t\", \"type\": \"timestamp\"}}}"),
                "[{\"t\": \"2024-01-15T10:30:00Z\"}, {\"t\": \"+999999999-12-31T00:00:00Z\"}]", "created: the value of /t is not a timestamp");
    }
}
