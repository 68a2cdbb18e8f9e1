package dev.nificrm.processors;

import dev.nificrm.RecordServices;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A date or timestamp after the year 9999 goes to invalid with its reason, as one before the year 1 does: a pattern such as
 * Zoho's MM/dd/yyyy wrote the year 10000 as +10000 (01/01/+10000), which no CRM reads, and no CRM's date field takes it.
 */
class MapYearsAfter9999Test {
    private static final String SPECIFICATION = "{\"fields\": {\"id\": {\"from\": \"/Id\"},"
            + " \"born\": {\"from\": \"/When\", \"type\": \"date\", \"inputFormats\": [\"ISO\", \"epoch-millis\"], \"format\": \"MM/dd/yyyy\"},"
            + " \"seen\": {\"from\": \"/When\", \"type\": \"timestamp\", \"inputFormats\": [\"ISO\", \"epoch-millis\"]}}}";

    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(MapCRMRecord.class);
        RecordServices.useCsvReader(runner);
        RecordServices.useCsvWriter(runner);
        runner.setProperty(MapCRMRecord.MAPPING_SPECIFICATION, SPECIFICATION);
    }

    @Test
    void aYearAfter9999IsInvalidAndTheLastDayOf9999IsWritten() {
        // 253402300800000 is 10000-01-01T00:00:00Z; 9999-12-31T23:30-01:00 is 10000-01-01T00:30Z, its date 9999-12-31; the CSV
        // writer writes a timestamp as its epoch milliseconds
        runner.enqueue("Id,When\n1,+10000-01-01\n2,253402300800000\n3,9999-12-31\n4,9999-12-31T23:30:00-01:00\n5,2024-01-15\n");
        runner.run();
        assertEquals("id,born,seen\n3,12/31/9999,253402214400000\n5,01/15/2024,1705276800000\n",
                runner.getFlowFilesForRelationship(MapCRMRecord.REL_SUCCESS).getFirst().getContent());
        assertEquals("Id,When,crm_errors\n"
                + "1,+10000-01-01,born: the value of /When is not a date a CRM takes (after the year 9999); "
                + "seen: the value of /When is not a timestamp a CRM takes (after the year 9999)\n"
                + "2,253402300800000,born: the value of /When is not a date a CRM takes (after the year 9999); "
                + "seen: the value of /When is not a timestamp a CRM takes (after the year 9999)\n"
                + "4,9999-12-31T23:30:00-01:00,seen: the value of /When is not a timestamp a CRM takes (after the year 9999)\n",
                runner.getFlowFilesForRelationship(MapCRMRecord.REL_INVALID).getFirst().getContent());
    }
}
