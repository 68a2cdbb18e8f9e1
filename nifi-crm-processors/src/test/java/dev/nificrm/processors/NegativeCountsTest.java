package dev.nificrm.processors;

import dev.nificrm.MutableClock;
import dev.nificrm.RecordServices;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A negative record count or total (an upstream -1 meaning "unknown", a typo) is no count: it must be
 * refused with a warning like any other value that is not a count, not subtract records from the run or finish it at
 * once with -1000 % done.
 */
class NegativeCountsTest {

    private TestRunner runner() throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(new TrackCRMProgress(new MutableClock(Instant.parse("2026-12-01T09:00:00Z"))));
        RecordServices.useJsonWriter(runner);
        runner.setProperty(TrackCRMProgress.RECORD_WRITER, "json-writer");
        runner.setProperty(TrackCRMProgress.TOTAL_RECORDS, "${crm.total.count}");
        return runner;
    }

    @Test
    void aNegativeTotalDoesNotFinishTheRunAtOnce() throws InitializationException {
        final TestRunner runner = runner();
        runner.enqueue("x", Map.of("crm.run.id", "r", "record.count", "10", "crm.total.count", "-1"));
        runner.run();
        runner.assertTransferCount(TrackCRMProgress.REL_SUMMARY, 0);
        final MockFlowFile passed = runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUCCESS).getFirst();
        passed.assertAttributeExists(TrackCRMProgress.WARNING_ATTRIBUTE);
    }

    @Test
    void aNegativeRecordCountSubtractsNothing() throws InitializationException {
        final TestRunner runner = runner();
        runner.enqueue("x", Map.of("crm.run.id", "r", "record.count", "10"));
        runner.enqueue("x", Map.of("crm.run.id", "r", "record.count", "-5"));
        runner.run();
        assertEquals(10, runner.getCounterValue("Records Done"));
        runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUCCESS).get(1).assertAttributeExists(TrackCRMProgress.WARNING_ATTRIBUTE);
    }
}
