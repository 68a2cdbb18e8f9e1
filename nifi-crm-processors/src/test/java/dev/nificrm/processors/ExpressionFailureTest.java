package dev.nificrm.processors;

import dev.nificrm.MutableClock;
import dev.nificrm.RecordServices;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An Expression Language property that fails on one FlowFile's attributes (here jsonPath on an
 * attribute that is not JSON) must not throw out of onTrigger, where NiFi rolls the session back (TrackCRMProgress:
 * its whole batch of up to 1,000 FlowFiles, again on every trigger) and bulletins the message, which quotes the value.
 */
class ExpressionFailureTest {
    private static final String SECRET_VALUE = "not json zqx-personal";

    private static String logText(final TestRunner runner) {
        final List<LogMessage> messages = new ArrayList<>(runner.getLogger().getErrorMessages());
        messages.addAll(runner.getLogger().getWarnMessages());
        final StringBuilder text = new StringBuilder();
        messages.forEach(message -> text.append(message.getMsg()).append('\n'));
        return text.toString();
    }

    @Test
    void trackCountsTheOtherFlowFilesAndPassesTheBadOneOnWithAWarning() {
        final TestRunner runner = TestRunners.newTestRunner(new TrackCRMProgress(new MutableClock(Instant.parse("2026-12-01T09:00:00Z"))));
        try {
            RecordServices.useJsonWriter(runner);
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
        runner.setProperty(TrackCRMProgress.RECORD_WRITER, "json-writer");
        runner.setProperty(TrackCRMProgress.TOTAL_RECORDS, "${crm.total:jsonPath('$.count')}");
        runner.enqueue("x", Map.of("crm.run.id", "r", "record.count", "10", "crm.total", "{\"count\": 50}"));
        runner.enqueue("x", Map.of("crm.run.id", "r", "record.count", "5", "crm.total", SECRET_VALUE));

        runner.run();

        runner.assertAllFlowFilesTransferred(TrackCRMProgress.REL_SUCCESS, 2);
        assertEquals(15, runner.getCounterValue("Records Done"));
        final MockFlowFile bad = runner.getFlowFilesForRelationship(TrackCRMProgress.REL_SUCCESS).get(1);
        bad.assertAttributeExists(TrackCRMProgress.WARNING_ATTRIBUTE);
        assertFalse(bad.getAttribute(TrackCRMProgress.WARNING_ATTRIBUTE).contains("zqx"));
        assertFalse(logText(runner).contains("zqx"), logText(runner));
    }

    @Test
    void webhookRoutesARequestWhoseSignedUrlCannotBeEvaluatedToFailure() {
        final TestRunner runner = TestRunners.newTestRunner(new VerifyWebhookSignature());
        runner.setProperty(VerifyWebhookSignature.SECRET, "secret");
        runner.setProperty(VerifyWebhookSignature.SIGNED_URL, "https://hooks.example.com${http.headers.X-Original:jsonPath('$.path')}");
        runner.enqueue("{}", Map.of("http.method", "POST", "http.request.url", "http://nifi:8080/hubspot", "http.headers.X-Original", SECRET_VALUE,
                "http.headers.X-HubSpot-Signature-v3", "AAAA", "http.headers.X-HubSpot-Request-Timestamp", String.valueOf(System.currentTimeMillis())));

        runner.run();

        runner.assertAllFlowFilesTransferred(VerifyWebhookSignature.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(VerifyWebhookSignature.REL_FAILURE).getFirst();
        failed.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "500");
        assertFalse(failed.getAttribute(VerifyWebhookSignature.REASON_ATTRIBUTE).contains("zqx"));
        assertFalse(logText(runner).contains("zqx"), logText(runner));
    }
}
