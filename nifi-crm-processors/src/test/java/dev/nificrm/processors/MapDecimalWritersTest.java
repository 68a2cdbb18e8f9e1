package dev.nificrm.processors;

import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.nifi.avro.AvroRecordSetWriter;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A decimal is written as the field's type, decimal(38,10), holds it: text with an exponent (1e3, 2.5E+6) and a number below
 * one millionth (1e-7) are written plainly, where NiFi's CSV writer wrote 1E+3 and 1E-7 into an import file, and a number of more than 28 digits before the point sends its record
 * to invalid, where NiFi's Avro writer refused it and sent the whole FlowFile, every good record with it, to failure.
 */
class MapDecimalWritersTest {
    private static final String SPECIFICATION = "{\"fields\": {\"id\": {\"from\": \"/Id\"}, \"revenue\": {\"from\": \"/Revenue\", \"type\": \"decimal\"}}}";

    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(MapCRMRecord.class);
        RecordServices.useCsvReader(runner);
        runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, SPECIFICATION);
    }

    @Test
    void aDecimalWithAnExponentIsWrittenPlainlyToCsv() throws Exception {
        RecordServices.useCsvWriter(runner);
        runner.enqueue("Id,Revenue\n1,1e3\n2,2.5E+6\n3,19.99\n");
        runner.run();
        runner.assertTransferCount(MapCRMRecord.REL_SUCCESS, 1);
        assertEquals("id,revenue\n1,1000\n2,2500000\n3,19.99\n", runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst().getContent());
    }

    @Test
    void aDecimalBelowOneMillionthIsWrittenPlainlyToCsv() throws Exception {
        RecordServices.useCsvWriter(runner);
        runner.enqueue("Id,Revenue\n1,0.0000001\n2,1e-7\n3,-0.00000012345\n4,1.5E-12\n");
        runner.run();
        runner.assertTransferCount(MapCRMRecord.REL_SUCCESS, 1);
        assertEquals("id,revenue\n1,0.0000001\n2,0.0000001\n3,-0.00000012345\n4,0.0000000000015\n",
                runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst().getContent());
    }

    @Test
    void aDecimalBelowOneMillionthTheReaderTypedAsADoubleIsWrittenPlainlyToJson() throws Exception {
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
        runner.enqueue("[{\"Id\": \"1\", \"Revenue\": 1e-7}, {\"Id\": \"2\", \"Revenue\": 0.000000250}, {\"Id\": \"3\", \"Revenue\": 2.0}]");
        runner.run();
        runner.assertTransferCount(MapCRMRecord.REL_SUCCESS, 1);
        assertEquals("[{\"id\":\"1\",\"revenue\":0.0000001},{\"id\":\"2\",\"revenue\":0.00000025},{\"id\":\"3\",\"revenue\":2}]",
                runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst().getContent());
    }

    @Test
    void aDecimalTooLargeForItsTypeIsInvalidAndTheOtherRecordsAreWritten() throws Exception {
        final AvroRecordSetWriter writer = new AvroRecordSetWriter();
        runner.addControllerService("avro-writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty(AbstractCRMRecordProcessor.RECORD_WRITER, "avro-writer");
        runner.enqueue("Id,Revenue\n1,1e50\n2,123456789012345678901234567890.5\n3,1234567890123456789012345678.5\n4,19.99\n");
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst().assertAttributeEquals("record.count", "2");
        final MockFlowFile invalid = runner.getFlowFilesForRelationship(MapCRMRecord.REL_INVALID).getFirst();
        invalid.assertAttributeEquals("record.count", "2");
    }

    @Test
    void theReasonOfADecimalTooLargeNamesTheFieldAndTheLimitNotTheValue() throws Exception {
        RecordServices.useJsonWriter(runner);
        runner.enqueue("Id,Revenue\n1,123456789012345678901234567890.5\n");
        runner.run();
        final String invalid = runner.getFlowFilesForRelationship(MapCRMRecord.REL_INVALID).getFirst().getContent();
        assertTrue(invalid.contains("\"crm_errors\":\"revenue: the value of /Revenue is outside the range of a decimal (more than 28 digits before the point)\""),
                invalid);
    }
}
