package dev.nificrm.processors;

import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numbers a reader typed (NiFi's CSVReader inferring its schema reads 19.99 as a float) map as the text they were read
 * from: before, a float was written with its double's digits (19.99 as 19.989999771118164, as text and as a decimal), and
 * a number mapped to a boolean was true unless 0 (a score of 2 or -70 became true, where the text "2" goes to invalid).
 */
class MapReaderTypedNumbersTest {
    private static final String SPECIFICATION = """
            {"fields": {"id": {"from": "/Id"},
                        "price_text": {"from": "/Price"},
                        "price": {"from": "/Price", "type": "decimal"},
                        "price_double": {"from": "/Price", "type": "double"},
                        "tiny_text": {"from": "/Tiny"},
                        "opt_out": {"from": "/OptOut", "type": "boolean"}}}""";

    private TestRunner run(final String csv) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(MapCRMRecord.class);
        RecordServices.useCsvReader(runner, Map.of(SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, "infer-schema"));
        RecordServices.useJsonWriter(runner);
        runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, SPECIFICATION);
        runner.enqueue(csv);
        runner.run();
        runner.assertTransferCount(AbstractCRMRecordProcessor.REL_FAILURE, 0);
        return runner;
    }

    @Test
    void aNumberTheCsvReaderTypedAsAFloatIsWrittenAsItsText() throws Exception {
        final TestRunner runner = run("Id,Price,Tiny,OptOut\n1,19.99,0.000092,1\n2,0.1,0.5,0\n");
        runner.assertTransferCount(MapCRMRecord.REL_SUCCESS, 1);
        runner.assertTransferCount(MapCRMRecord.REL_INVALID, 0);
        final String out = runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst().getContent();
        assertTrue(out.contains("\"price_text\":\"19.99\",\"price\":19.99,\"price_double\":19.99,\"tiny_text\":\"0.000092\",\"opt_out\":true"), out);
        assertTrue(out.contains("\"price_text\":\"0.1\",\"price\":0.1,\"price_double\":0.1,\"tiny_text\":\"0.5\",\"opt_out\":false"), out);
    }

    @Test
    void aNumberOtherThanOneOrZeroIsNoBooleanWhetherTypedOrText() throws Exception {
        final TestRunner runner = run("Id,Price,Tiny,OptOut\n1,19.99,0.5,2\n2,0.1,0.5,-70\n3,0.1,0.5,1\n");
        runner.assertTransferCount(MapCRMRecord.REL_SUCCESS, 1);
        runner.assertTransferCount(MapCRMRecord.REL_INVALID, 1);
        final MockFlowFile invalid = runner.getFlowFilesForRelationship(MapCRMRecord.REL_INVALID).getFirst();
        invalid.assertAttributeEquals("record.count", "2");
        assertTrue(invalid.getContent().contains("\"crm_errors\":\"opt_out: the value of /OptOut is not a boolean (true/false, yes/no, 1/0)\""),
                invalid.getContent());
    }
}
