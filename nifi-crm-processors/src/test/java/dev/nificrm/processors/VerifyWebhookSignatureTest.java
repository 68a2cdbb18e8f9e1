package dev.nificrm.processors;

import dev.nificrm.EnabledStores;
import dev.nificrm.services.EmbeddedEntityStore;
import dev.nificrm.store.JdbcEntityStore;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VerifyWebhookSignature on FlowFiles shaped as HandleHttpRequest writes them (http.method, http.request.url,
 * http.headers.*): correct, forged, stale, replayed and malformed requests, and FlowFiles that are no request at all.
 */
class VerifyWebhookSignatureTest {
    private static final String SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    private static final String BODY = "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000,"
            + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,\"changeSource\":\"CRM\",\"changeFlag\":\"NEW\",\"appId\":54321}]";
    private static final String TIMESTAMP = "1764581400000";
    /** Computed independently (Python hmac) for POST https://www.example.com/webhook_uri with BODY and TIMESTAMP. */
    private static final String SIGNATURE = "wmSAQwO4E6/C33niapRTqm7m7onxr2j+rcbLpmihk4M=";
    private static final Instant NOW = Instant.ofEpochMilli(Long.parseLong(TIMESTAMP)).plusSeconds(3);

    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    private TestRunner runner;

    @BeforeEach
    void setUp() {
        runner = TestRunners.newTestRunner(new VerifyWebhookSignature(Clock.fixed(NOW, ZoneOffset.UTC)));
        runner.setProperty(VerifyWebhookSignature.SECRET, SECRET);
    }

    private static Map<String, String> request(final String signature, final String timestamp) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put("http.method", "POST");
        attributes.put("http.request.url", "https://www.example.com/webhook_uri");
        attributes.put("http.request.uri", "/webhook_uri");
        attributes.put("http.context.identifier", "context-1");
        attributes.put("http.headers.Content-Type", "application/json");
        attributes.put("http.headers.X-HubSpot-Signature-v3", signature);
        attributes.put("http.headers.X-HubSpot-Request-Timestamp", timestamp);
        return attributes;
    }

    private MockFlowFile only(final Relationship relationship) {
        runner.assertAllFlowFilesTransferred(relationship, 1);
        return runner.getFlowFilesForRelationship(relationship).getFirst();
    }

    @Test
    void letsACorrectlySignedHubSpotRequestThroughUnchanged() {
        runner.enqueue(BODY, request(SIGNATURE, TIMESTAMP));
        runner.run();
        final MockFlowFile verified = only(VerifyWebhookSignature.REL_VERIFIED);
        verified.assertContentEquals(BODY);
        verified.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "200");
        verified.assertAttributeEquals("http.context.identifier", "context-1");
        verified.assertAttributeNotExists(VerifyWebhookSignature.REASON_ATTRIBUTE);
        assertEquals(1, runner.getCounterValue("Webhooks Verified"));
    }

    @Test
    void rejectsAForgedRequestWith401AndDropsItsBody() {
        // a marker no FlowFile id (hexadecimal) or number in the log line can contain by chance
        runner.enqueue(BODY.replace("\"objectId\":123", "\"objectId\":\"forged-zqx\""), request(SIGNATURE, TIMESTAMP));
        runner.run();
        final MockFlowFile rejected = only(VerifyWebhookSignature.REL_REJECTED);
        rejected.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "401");
        rejected.assertAttributeEquals(VerifyWebhookSignature.REASON_ATTRIBUTE, "the signature does not match the request");
        rejected.assertAttributeEquals("mime.type", "application/json");
        rejected.assertAttributeEquals("http.context.identifier", "context-1");
        rejected.assertContentEquals("{\"status\":401,\"error\":\"Unauthorized\"}");
        assertFalse(runner.getLogger().getWarnMessages().getFirst().getMsg().contains("forged-zqx"), "the body is never logged");
    }

    @Test
    void rejectsAStaleRequestWith401() {
        runner = TestRunners.newTestRunner(new VerifyWebhookSignature(Clock.fixed(NOW.plusSeconds(301), ZoneOffset.UTC)));
        runner.setProperty(VerifyWebhookSignature.SECRET, SECRET);
        runner.enqueue(BODY, request(SIGNATURE, TIMESTAMP));
        runner.run();
        final MockFlowFile rejected = only(VerifyWebhookSignature.REL_REJECTED);
        rejected.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "401");
        rejected.assertAttributeEquals(VerifyWebhookSignature.REASON_ATTRIBUTE, "the timestamp is outside the tolerance");
    }

    @Test
    void rejectsTheReplayOfAnAcceptedRequestWith401() {
        runner.enqueue(BODY, request(SIGNATURE, TIMESTAMP));
        runner.enqueue(BODY, request(SIGNATURE, TIMESTAMP));
        runner.run(2);
        runner.assertTransferCount(VerifyWebhookSignature.REL_VERIFIED, 1);
        final MockFlowFile replay = runner.getFlowFilesForRelationship(VerifyWebhookSignature.REL_REJECTED).getFirst();
        replay.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "401");
        replay.assertAttributeEquals(VerifyWebhookSignature.REASON_ATTRIBUTE, "the signature was already used by an earlier request");
    }

    /** A processor remembering accepted signatures in an embedded entity store in this directory (service "entity-store"). */
    private TestRunner rememberingIn(final Path directory) throws InitializationException {
        final TestRunner created = TestRunners.newTestRunner(new VerifyWebhookSignature(Clock.fixed(NOW, ZoneOffset.UTC)));
        created.setProperty(VerifyWebhookSignature.SECRET, SECRET);
        final EmbeddedEntityStore store = new EmbeddedEntityStore();
        created.addControllerService("entity-store", store);
        created.setProperty(store, EmbeddedEntityStore.STORE_DIRECTORY, directory.toString());
        stores.enable(created, store);
        created.setProperty(VerifyWebhookSignature.ENTITY_STORE, "entity-store");
        return created;
    }

    /**
     * With the entity store the signatures are remembered outside the processor: a request accepted before NiFi restarted
     * (here a new processor and store service on the same directory; in a cluster another node on the same PostgreSQL
     * store) is a replay after it, where a processor's own memory starts empty.
     */
    @Test
    void rejectsAReplayAcceptedBeforeARestartWhenTheEntityStoreRemembers(@TempDir final Path directory) throws InitializationException {
        runner = rememberingIn(directory);
        runner.enqueue(BODY, request(SIGNATURE, TIMESTAMP));
        runner.run();
        only(VerifyWebhookSignature.REL_VERIFIED);
        runner.disableControllerService(runner.getControllerService("entity-store"));

        runner = rememberingIn(directory);
        runner.enqueue(BODY, request(SIGNATURE, TIMESTAMP));
        runner.run();
        final MockFlowFile replay = only(VerifyWebhookSignature.REL_REJECTED);
        replay.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "401");
        replay.assertAttributeEquals(VerifyWebhookSignature.REASON_ATTRIBUTE, "the signature was already used by an earlier request");
    }

    /**
     * An entity store that cannot say whether a signature was used before (here the file of its claims cannot be
     * opened: a directory stands in its place) sends the request to failure with 500, so the sender tries again later:
     * it is neither let in unchecked nor rejected as unsigned.
     */
    @Test
    void sendsARequestToFailureWith500WhenTheEntityStoreCannotTellWhetherItIsAReplay(@TempDir final Path directory)
            throws InitializationException, IOException {
        runner = rememberingIn(directory);
        Files.createDirectories(JdbcEntityStore.signatureFile(directory.resolve("entity-store.db")));
        runner.enqueue(BODY, request(SIGNATURE, TIMESTAMP));
        runner.run();
        final MockFlowFile failed = only(VerifyWebhookSignature.REL_FAILURE);
        failed.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "500");
        final String reason = failed.getAttribute(VerifyWebhookSignature.REASON_ATTRIBUTE);
        assertTrue(reason.startsWith("the entity store could not tell whether the signature was used before: "), reason);
        failed.assertContentEquals(BODY);
    }

    @Test
    void acceptsTheSameRequestTwiceWithoutReplayProtection() {
        runner.setProperty(VerifyWebhookSignature.REPLAY_PROTECTION, "false");
        runner.enqueue(BODY, request(SIGNATURE, TIMESTAMP));
        runner.enqueue(BODY, request(SIGNATURE, TIMESTAMP));
        runner.run(2);
        runner.assertAllFlowFilesTransferred(VerifyWebhookSignature.REL_VERIFIED, 2);
    }

    @Test
    void answersAnUnreadableTimestampWith400() {
        runner.enqueue(BODY, request(SIGNATURE, "2026-12-01"));
        runner.run();
        final MockFlowFile rejected = only(VerifyWebhookSignature.REL_REJECTED);
        rejected.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "400");
        rejected.assertContentEquals("{\"status\":400,\"error\":\"Bad Request\"}");
    }

    @Test
    void routesAFlowFileThatIsNoHttpRequestToFailureWith500() {
        runner.enqueue(BODY, Map.of("filename", "contacts.json"));
        runner.run();
        final MockFlowFile failed = only(VerifyWebhookSignature.REL_FAILURE);
        failed.assertContentEquals(BODY);
        failed.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "500");
        failed.assertAttributeEquals(VerifyWebhookSignature.REASON_ATTRIBUTE, "no http.method attribute: the FlowFile does not come from HandleHttpRequest");
    }

    @Test
    void usesThePublicUrlBehindAProxy() {
        runner.setProperty(VerifyWebhookSignature.SIGNED_URL, "https://www.example.com${http.request.uri}");
        final Map<String, String> behindProxy = request(SIGNATURE, TIMESTAMP);
        behindProxy.put("http.request.url", "http://10.0.0.7:8081/webhook_uri");
        runner.enqueue(BODY, behindProxy);
        runner.run();
        only(VerifyWebhookSignature.REL_VERIFIED);
    }

    @Test
    void verifiesAGenericSenderThatSignsTimestampAndBodyInHex() {
        useGenericScheme();
        runner.setProperty(VerifyWebhookSignature.SECRET, "shared-secret");
        runner.setProperty(VerifyWebhookSignature.SIGNATURE_ENCODING, SignatureEncodingOption.HEX.getValue());
        runner.setProperty(VerifyWebhookSignature.SIGNATURE_PREFIX, "sha256=");
        runner.setProperty(VerifyWebhookSignature.SIGNED_CONTENT, "{timestamp}.{body}");
        runner.assertNotValid();
        runner.setProperty(VerifyWebhookSignature.TIMESTAMP_HEADER, "X-Timestamp");
        runner.setProperty(VerifyWebhookSignature.TIMESTAMP_FORMAT, TimestampFormatOption.EPOCH_SECONDS.getValue());
        runner.assertValid();

        final String body = "{\"id\":\"003A01\"}";
        final String timestamp = String.valueOf(NOW.getEpochSecond() - 10);
        final Map<String, String> attributes = new HashMap<>();
        attributes.put("http.method", "POST");
        attributes.put("http.request.url", "http://127.0.0.1:8081/crm");
        attributes.put("http.headers.x-signature", "sha256=" + hmacHex("shared-secret", timestamp + "." + body));
        attributes.put("http.headers.x-timestamp", timestamp);
        runner.enqueue(body.getBytes(StandardCharsets.UTF_8), attributes);
        runner.run();
        only(VerifyWebhookSignature.REL_VERIFIED);
    }

    @Test
    void refusesASignedContentLayoutWithoutTheBody() {
        useGenericScheme();
        runner.setProperty(VerifyWebhookSignature.SIGNED_CONTENT, "{method}{uri}");
        runner.assertNotValid();
    }

    /**
     * A Timestamp Header the Signed Content does not cover makes the processor invalid: anyone could put a fresh time on a
     * captured request, which would pass again once its signature was forgotten (one tolerance after its first timestamp).
     */
    @Test
    void refusesATimestampHeaderTheSignedContentDoesNotCover() {
        useGenericScheme();
        runner.setProperty(VerifyWebhookSignature.SECRET, "shared-secret");
        runner.setProperty(VerifyWebhookSignature.SIGNED_CONTENT, "{body}");
        runner.setProperty(VerifyWebhookSignature.TIMESTAMP_HEADER, "X-Timestamp");
        runner.assertNotValid();
        runner.setProperty(VerifyWebhookSignature.SIGNED_CONTENT, "{timestamp}:{body}");
        runner.assertValid();
    }

    private void useGenericScheme() {
        runner.setProperty(VerifyWebhookSignature.SIGNATURE_SCHEME, SignatureScheme.HMAC_SHA256.getValue());
        runner.setProperty(VerifyWebhookSignature.SIGNATURE_HEADER, "X-Signature");
    }

    private static String hmacHex(final String secret, final String content) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
