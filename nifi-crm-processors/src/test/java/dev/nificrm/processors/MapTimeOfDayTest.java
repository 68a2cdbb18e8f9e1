package dev.nificrm.processors;

import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.serialization.DateTimeUtils;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A field the reader types as a time of day (Avro time-millis, a database TIME column: NiFi gives a java.sql.Time, which
 * has no instant) is mapped as the time it is, and is no date or timestamp: before, its record's FlowFile went to failure
 * with UnsupportedOperationException.
 */
class MapTimeOfDayTest {
    private static final String SCHEMA = """
            { "type" : "record", "name" : "contact", "fields" : [ { "name" : "Id", "type" : "string" },
              { "name" : "CallFrom", "type" : [ "null", { "type" : "int", "logicalType" : "time-millis" } ] } ] }""";

    private TestRunner runner(final String specification) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(MapCRMRecord.class);
        final JsonTreeReader reader = RecordServices.useJsonReader(runner, SCHEMA);
        runner.disableControllerService(reader);
        runner.setProperty(reader, DateTimeUtils.TIME_FORMAT, "HH:mm:ss");
        runner.enableControllerService(reader);
        RecordServices.useJsonWriter(runner);
        runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, specification);
        runner.enqueue("[{\"Id\": \"1\", \"CallFrom\": \"09:30:00\"}, {\"Id\": \"2\", \"CallFrom\": null}]");
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        return runner;
    }

    @Test
    void aTimeOfDayMappedToTextIsTheTimeItIs() throws Exception {
        final TestRunner runner = runner("{\"fields\": {\"id\": {\"from\": \"/Id\"}, \"call_from\": {\"from\": \"/CallFrom\", \"type\": \"string\"}}}");
        runner.assertTransferCount(MapCRMRecord.REL_SUCCESS, 1);
        runner.assertTransferCount(MapCRMRecord.REL_INVALID, 0);
        final String out = runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst().getContent();
        assertTrue(out.contains("\"call_from\":\"09:30:00\""), out);
    }

    @Test
    void aTimeOfDayIsNoTimestampAndItsRecordSaysSo() throws Exception {
        final TestRunner runner = runner("{\"fields\": {\"id\": {\"from\": \"/Id\"}, \"call_from\": {\"from\": \"/CallFrom\", \"type\": \"timestamp\"}}}");
        runner.assertTransferCount(MapCRMRecord.REL_SUCCESS, 1);
        runner.assertTransferCount(MapCRMRecord.REL_INVALID, 1);
        final String invalid = runner.getFlowFilesForRelationship(MapCRMRecord.REL_INVALID).getFirst().getContent();
        assertTrue(invalid.contains("call_from: the value of /CallFrom is a time of day, not a timestamp"), invalid);
    }
}
