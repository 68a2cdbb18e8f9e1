package dev.nificrm.processors;

import dev.nificrm.EnabledStores;
import dev.nificrm.MutableClock;
import dev.nificrm.services.EmbeddedEntityStore;
import dev.nificrm.store.JdbcEntityStore;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    /** Generated deliveries per run of the generated test. */
    private static final int GENERATED_DELIVERIES = 200;

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
        assertLetThrough(only(VerifyWebhookSignature.REL_VERIFIED), BODY);
        assertEquals(1, runner.getCounterValue("Webhooks Verified"));
    }

    /** A request let into the flow as it came: its content and HandleHttpRequest's attributes unchanged, to be answered 200. */
    private static void assertLetThrough(final MockFlowFile verified, final String content) {
        verified.assertContentEquals(content);
        verified.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "200");
        verified.assertAttributeEquals("http.context.identifier", "context-1");
        verified.assertAttributeNotExists(VerifyWebhookSignature.REASON_ATTRIBUTE);
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

    /**
     * Rotating the client secret: with the new one as Secret and the old one as Previous Secret, HubSpot's request signed
     * with the old one goes through, marked and counted, so the operator sees when the old one is out of use.
     */
    @Test
    void verifiesARequestSignedWithThePreviousSecretAndMarksIt() {
        runner.setProperty(VerifyWebhookSignature.SECRET, "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz");
        runner.setProperty(VerifyWebhookSignature.PREVIOUS_SECRET, SECRET);
        runner.enqueue(BODY, request(SIGNATURE, TIMESTAMP));
        runner.run();
        final MockFlowFile verified = only(VerifyWebhookSignature.REL_VERIFIED);
        verified.assertAttributeEquals(VerifyWebhookSignature.SECRET_ATTRIBUTE, "previous");
        assertEquals(1, runner.getCounterValue("Webhooks Verified With Previous Secret"));

        runner = TestRunners.newTestRunner(new VerifyWebhookSignature(Clock.fixed(NOW, ZoneOffset.UTC)));
        runner.setProperty(VerifyWebhookSignature.SECRET, SECRET);
        runner.setProperty(VerifyWebhookSignature.PREVIOUS_SECRET, "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz");
        runner.enqueue(BODY, request(SIGNATURE, TIMESTAMP));
        runner.run();
        only(VerifyWebhookSignature.REL_VERIFIED).assertAttributeNotExists(VerifyWebhookSignature.SECRET_ATTRIBUTE);
        assertEquals(null, runner.getCounterValue("Webhooks Verified With Previous Secret"));

        runner.setProperty(VerifyWebhookSignature.PREVIOUS_SECRET, SECRET);
        runner.assertNotValid();
    }

    /**
     * Dynamics 365 with Authentication = WebhookKey: the key arrives as the query parameter code, which HandleHttpRequest
     * writes to http.query.param.code. The same event delivered twice (Dynamics retries) goes through twice: a shared key
     * has no signature of its own to remember. A wrong or missing key is rejected with 401, and neither the key nor the
     * body is logged.
     */
    @Test
    void verifiesDynamicsWebhookKeysWithoutTakingRepeatsForReplays() {
        final String key = "k9-Zq7-secret-value";
        runner.setProperty(VerifyWebhookSignature.SIGNATURE_SCHEME, SignatureScheme.SHARED_KEY);
        runner.setProperty(VerifyWebhookSignature.SECRET, key);
        runner.assertValid();
        runner.enqueue(DYNAMICS_BODY, dynamicsRequest(key));
        runner.enqueue(DYNAMICS_BODY, dynamicsRequest(key));
        runner.enqueue(DYNAMICS_BODY, dynamicsRequest("k9-Zq7-secret-valuE"));
        final Map<String, String> missing = dynamicsRequest(key);
        missing.remove("http.query.param.code");
        runner.enqueue(DYNAMICS_BODY, missing);
        runner.run(4);
        runner.assertTransferCount(VerifyWebhookSignature.REL_VERIFIED, 2);
        final List<MockFlowFile> rejected = runner.getFlowFilesForRelationship(VerifyWebhookSignature.REL_REJECTED);
        assertEquals(List.of("the key does not match", "no key in the configured query parameter or header"),
                rejected.stream().map(flowFile -> flowFile.getAttribute(VerifyWebhookSignature.REASON_ATTRIBUTE)).toList());
        rejected.forEach(flowFile -> flowFile.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "401"));
        for (final LogMessage message : runner.getLogger().getWarnMessages()) {
            assertFalse(message.getMsg().contains("k9-Zq7") || message.getMsg().contains("PrimaryEntityName"), "no key or body in the log");
        }

        runner.clearTransferState();
        runner.setProperty(VerifyWebhookSignature.KEY_LOCATION, KeyLocationOption.HEADER);
        runner.setProperty(VerifyWebhookSignature.KEY_NAME, "X-Webhook-Key");
        final Map<String, String> inHeader = dynamicsRequest("wrong");
        inHeader.put("http.headers.x-webhook-key", key);
        runner.enqueue(DYNAMICS_BODY, inHeader);
        runner.run();
        only(VerifyWebhookSignature.REL_VERIFIED);
    }

    /** The token given to Zoho when the channel was enabled (40 hexadecimal digits; Zoho takes up to 50 characters). */
    private static final String ZOHO_TOKEN = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f9a0b1c2";

    /** A Zoho CRM notification as the Notifications API posts it to the channel's notify_url, with the given token field. */
    private static String zohoNotification(final String tokenField) {
        return "{\"server_time\":1764581403000,\"query_params\":{},\"module\":\"Contacts\",\"resource_uri\":"
                + "\"https://www.zohoapis.com/crm/v8/Contacts\",\"ids\":[\"5725767000000524157\"],\"affected_fields\":[],"
                + "\"operation\":\"update\",\"channel_id\":\"1000000068001\"" + (tokenField == null ? "" : "," + tokenField) + "}";
    }

    private static Map<String, String> zohoRequest() {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put("http.method", "POST");
        attributes.put("http.request.url", "https://hooks.example.com/zoho");
        attributes.put("http.headers.Content-Type", "application/json");
        attributes.put("http.context.identifier", "context-1");
        return attributes;
    }

    /** The Body Token scheme with NiFi's real JsonTreeReader, its defaults (schema inferred), and the Token Field at its default. */
    private void useZohoScheme() throws InitializationException {
        runner.setProperty(VerifyWebhookSignature.SIGNATURE_SCHEME, SignatureScheme.BODY_TOKEN);
        runner.setProperty(VerifyWebhookSignature.SECRET, ZOHO_TOKEN);
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("json-reader", reader);
        runner.enableControllerService(reader);
        runner.setProperty(VerifyWebhookSignature.RECORD_READER, "json-reader");
    }

    /**
     * Zoho CRM's Notifications API signs nothing: the channel's token comes back in every notification's JSON body. A
     * notification carrying it goes through unchanged; the same one again goes through too (the token is the same in every
     * notification and server_time is not signed: nothing to tell a replay by).
     */
    @Test
    void verifiesAZohoNotificationByTheTokenInItsBody() throws InitializationException {
        useZohoScheme();
        runner.assertValid();
        final String notification = zohoNotification("\"token\":\"" + ZOHO_TOKEN + "\"");
        runner.enqueue(notification, zohoRequest());
        runner.enqueue(notification, zohoRequest());
        runner.run(2);
        runner.assertAllFlowFilesTransferred(VerifyWebhookSignature.REL_VERIFIED, 2);
        for (final MockFlowFile verified : runner.getFlowFilesForRelationship(VerifyWebhookSignature.REL_VERIFIED)) {
            assertLetThrough(verified, notification);
            verified.assertAttributeNotExists(VerifyWebhookSignature.SECRET_ATTRIBUTE);
        }
        assertEquals(2, runner.getCounterValue("Webhooks Verified"));
    }

    /**
     * A notification without the token, with a blank one, another one (a character off, the token extended or cut, in
     * another case), or a structure where the token should be is rejected with 401, its body dropped and never logged.
     */
    @Test
    void rejectsAZohoNotificationWithAWrongOrMissingTokenWith401() throws InitializationException {
        useZohoScheme();
        final Map<String, String> expected = new LinkedHashMap<>();
        expected.put(null, "no token in the configured field of the body");
        expected.put("\"token\":null", "no token in the configured field of the body");
        expected.put("\"token\":\"  \"", "no token in the configured field of the body");
        expected.put("\"Token\":\"" + ZOHO_TOKEN + "\"", "no token in the configured field of the body");
        expected.put("\"token\":\"" + ZOHO_TOKEN.substring(0, 39) + "3\"", "the token in the body does not match");
        expected.put("\"token\":\"" + ZOHO_TOKEN + "0\"", "the token in the body does not match");
        expected.put("\"token\":\"" + ZOHO_TOKEN.substring(1) + "\"", "the token in the body does not match");
        expected.put("\"token\":\"" + ZOHO_TOKEN.toUpperCase(Locale.ROOT) + "\"", "the token in the body does not match");
        expected.put("\"token\":\" " + ZOHO_TOKEN + "\"", "the token in the body does not match");
        expected.put("\"token\":{\"value\":\"" + ZOHO_TOKEN + "\"}", "the token in the body does not match");
        expected.put("\"token\":[\"" + ZOHO_TOKEN + "\"]", "the token in the body does not match");
        for (final String tokenField : expected.keySet()) {
            runner.enqueue(zohoNotification(tokenField).replace("update", "zq-body"), zohoRequest());
        }
        runner.run(expected.size());
        runner.assertAllFlowFilesTransferred(VerifyWebhookSignature.REL_REJECTED, expected.size());
        final List<MockFlowFile> rejected = runner.getFlowFilesForRelationship(VerifyWebhookSignature.REL_REJECTED);
        assertEquals(List.copyOf(expected.values()), rejected.stream().map(flowFile -> flowFile.getAttribute(VerifyWebhookSignature.REASON_ATTRIBUTE)).toList());
        for (final MockFlowFile flowFile : rejected) {
            flowFile.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "401");
            flowFile.assertContentEquals("{\"status\":401,\"error\":\"Unauthorized\"}");
        }
        for (final LogMessage message : runner.getLogger().getWarnMessages()) {
            final String line = message.getMsg() + " " + Arrays.toString(message.getArgs());
            assertFalse(line.contains("zq-body") || line.contains(ZOHO_TOKEN.substring(4, 20)), "no token or body in the log: " + line);
        }
    }

    /**
     * A body holding a value where a notification is expected, then a notification without the token
     * ([{..."token": ...}, 7, {...}]): NiFi's JsonTreeReader skips the value and the object after it without a word, so
     * only the first notification's token was checked and the request was verified (200), the second let in unproven. A
     * body the reader would not read whole is now answered 400, as one it cannot read at all.
     */
    @Test
    void answersABodyWithAValueTheReaderWouldSkipWith400InsteadOfVerifyingItsFirstRecordAlone() throws InitializationException {
        useZohoScheme();
        final String body = "[" + zohoNotification("\"token\":\"" + ZOHO_TOKEN + "\"") + ",7," + zohoNotification(null) + "]";
        runner.enqueue(body, zohoRequest());
        runner.run();
        runner.assertAllFlowFilesTransferred(VerifyWebhookSignature.REL_REJECTED, 1);
        final MockFlowFile rejected = runner.getFlowFilesForRelationship(VerifyWebhookSignature.REL_REJECTED).getFirst();
        rejected.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "400");
        rejected.assertAttributeEquals(VerifyWebhookSignature.REASON_ATTRIBUTE, "the body cannot be read by the Record Reader");
        rejected.assertContentEquals("{\"status\":400,\"error\":\"Bad Request\"}");
    }

    /**
     * A body the Record Reader cannot read (not JSON, JSON cut off) is answered 400, not let in and not kept; an empty body
     * or an empty array holds no notification and so no token: 401.
     */
    @Test
    void answersAZohoNotificationTheReaderCannotReadWith400() throws InitializationException {
        useZohoScheme();
        final String token = "\"token\":\"" + ZOHO_TOKEN + "\"";
        final String notification = zohoNotification(token);
        runner.enqueue("token=" + ZOHO_TOKEN + "&module=Contacts", zohoRequest());
        runner.enqueue(notification.substring(0, notification.length() - 10), zohoRequest());
        runner.enqueue(notification + "}", zohoRequest());
        runner.enqueue("", zohoRequest());
        runner.enqueue("[]", zohoRequest());
        runner.run(5);
        runner.assertAllFlowFilesTransferred(VerifyWebhookSignature.REL_REJECTED, 5);
        final List<MockFlowFile> rejected = runner.getFlowFilesForRelationship(VerifyWebhookSignature.REL_REJECTED);
        assertEquals(List.of("400", "400", "400", "401", "401"),
                rejected.stream().map(flowFile -> flowFile.getAttribute(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE)).toList());
        assertEquals("the body cannot be read by the Record Reader", rejected.getFirst().getAttribute(VerifyWebhookSignature.REASON_ATTRIBUTE));
        rejected.getFirst().assertContentEquals("{\"status\":400,\"error\":\"Bad Request\"}");
        assertEquals("no token in the configured field of the body", rejected.getLast().getAttribute(VerifyWebhookSignature.REASON_ATTRIBUTE));
    }

    /**
     * Every record of the body must carry the token: a record without it, or with another, riding along with a genuine
     * notification in one array is rejected with the whole body. Two genuine ones pass.
     */
    @Test
    void rejectsABodyWhoseEveryRecordDoesNotCarryTheToken() throws InitializationException {
        useZohoScheme();
        final String genuine = zohoNotification("\"token\":\"" + ZOHO_TOKEN + "\"");
        runner.enqueue("[" + genuine + "," + genuine + "]", zohoRequest());
        runner.enqueue("[" + genuine + "," + zohoNotification(null) + "]", zohoRequest());
        runner.enqueue("[" + genuine + "," + zohoNotification("\"token\":\"forged\"") + "]", zohoRequest());
        runner.run(3);
        runner.assertTransferCount(VerifyWebhookSignature.REL_VERIFIED, 1);
        assertEquals(List.of("no token in the configured field of the body", "the token in the body does not match"),
                runner.getFlowFilesForRelationship(VerifyWebhookSignature.REL_REJECTED).stream()
                        .map(flowFile -> flowFile.getAttribute(VerifyWebhookSignature.REASON_ATTRIBUTE)).toList());
    }

    /**
     * Rotating the token: Zoho's channel updated to the new token while notifications with the old one are still on the
     * way; those go through marked previous and counted. A token in a nested field is read by its RecordPath.
     */
    @Test
    void verifiesAZohoNotificationWithThePreviousTokenAndReadsANestedField() throws InitializationException {
        useZohoScheme();
        final String newToken = "0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3";
        runner.setProperty(VerifyWebhookSignature.SECRET, newToken);
        runner.setProperty(VerifyWebhookSignature.PREVIOUS_SECRET, ZOHO_TOKEN);
        runner.enqueue(zohoNotification("\"token\":\"" + ZOHO_TOKEN + "\""), zohoRequest());
        runner.enqueue(zohoNotification("\"token\":\"" + newToken + "\""), zohoRequest());
        runner.run(2);
        runner.assertAllFlowFilesTransferred(VerifyWebhookSignature.REL_VERIFIED, 2);
        final List<MockFlowFile> verified = runner.getFlowFilesForRelationship(VerifyWebhookSignature.REL_VERIFIED);
        verified.getFirst().assertAttributeEquals(VerifyWebhookSignature.SECRET_ATTRIBUTE, "previous");
        verified.getLast().assertAttributeNotExists(VerifyWebhookSignature.SECRET_ATTRIBUTE);
        assertEquals(1, runner.getCounterValue("Webhooks Verified With Previous Secret"));

        runner.clearTransferState();
        runner.setProperty(VerifyWebhookSignature.TOKEN_FIELD, "/auth/token");
        runner.enqueue(zohoNotification("\"auth\":{\"token\":\"" + newToken + "\"}"), zohoRequest());
        runner.enqueue(zohoNotification("\"token\":\"" + newToken + "\""), zohoRequest());
        runner.run(2);
        runner.assertTransferCount(VerifyWebhookSignature.REL_VERIFIED, 1);
        runner.assertTransferCount(VerifyWebhookSignature.REL_REJECTED, 1);
    }

    /** The Body Token scheme needs its Record Reader, and a Token Field that is a RecordPath; the other schemes need neither. */
    @Test
    void refusesTheBodyTokenSchemeWithoutAReaderOrWithAnInvalidTokenField() throws InitializationException {
        runner.setProperty(VerifyWebhookSignature.SIGNATURE_SCHEME, SignatureScheme.BODY_TOKEN);
        runner.assertNotValid();
        useZohoScheme();
        runner.assertValid();
        runner.setProperty(VerifyWebhookSignature.TOKEN_FIELD, "token[");
        runner.assertNotValid();
        runner.setProperty(VerifyWebhookSignature.SIGNATURE_SCHEME, SignatureScheme.SHARED_KEY);
        runner.assertValid();
    }

    /**
     * A reader's parser reports a malformed body as an IOException, as the content repository reports content it cannot
     * read: only the content's own failure marks the watch (such a request goes to failure with 500, not 400).
     */
    @Test
    void tellsAContentFailureFromAReaderThatCannotParse() throws IOException {
        final VerifyWebhookSignature.ContentWatch parsed = new VerifyWebhookSignature.ContentWatch();
        final InputStream readable = parsed.watch(new ByteArrayInputStream("{\"token\":".getBytes(StandardCharsets.UTF_8)));
        assertEquals(9, readable.readAllBytes().length);
        assertFalse(parsed.failed(), "the content was read; the parser's complaint is no content failure");

        final InputStream missing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("content claim missing");
            }
        };
        final VerifyWebhookSignature.ContentWatch broken = new VerifyWebhookSignature.ContentWatch();
        final InputStream unreadable = broken.watch(missing);
        assertThrows(IOException.class, () -> unreadable.read(new byte[8], 0, 8));
        assertTrue(broken.failed());
        final VerifyWebhookSignature.ContentWatch single = new VerifyWebhookSignature.ContentWatch();
        final InputStream unreadableByte = single.watch(missing);
        assertThrows(IOException.class, unreadableByte::read);
        assertTrue(single.failed());
    }

    private static final String DYNAMICS_BODY = "{\"MessageName\":\"Update\",\"PrimaryEntityName\":\"contact\",\"PrimaryEntityId\":"
            + "\"8f1e1b5e-1b2a-ef11-840a-000d3a3a1b2c\"}";

    private static Map<String, String> dynamicsRequest(final String key) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put("http.method", "POST");
        attributes.put("http.request.url", "https://hooks.example.com/dynamics");
        attributes.put("http.query.string", "code=" + key);
        attributes.put("http.query.param.code", key);
        attributes.put("http.headers.x-ms-dynamics-organization", "contoso.crm.dynamics.com");
        attributes.put("http.headers.x-request-id", "c2a9d1f0-0000-0000-0000-000000000001");
        return attributes;
    }

    /** A processor remembering accepted signatures in an embedded entity store in this directory (service "entity-store"). */
    private TestRunner rememberingIn(final Path directory) throws InitializationException {
        final TestRunner created = TestRunners.newTestRunner(new VerifyWebhookSignature(Clock.fixed(NOW, ZoneOffset.UTC)));
        created.setProperty(VerifyWebhookSignature.SECRET, SECRET);
        rememberIn(created, directory);
        return created;
    }

    /** Makes the processor remember accepted signatures in an embedded entity store in this directory (service "entity-store"). */
    private void rememberIn(final TestRunner processor, final Path directory) throws InitializationException {
        final EmbeddedEntityStore store = new EmbeddedEntityStore();
        processor.addControllerService("entity-store", store);
        processor.setProperty(store, EmbeddedEntityStore.STORE_DIRECTORY, directory.toString());
        stores.enable(processor, store);
        processor.setProperty(VerifyWebhookSignature.ENTITY_STORE, "entity-store");
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

    /**
     * A HubSpot workflow webhook or CRM extension call with the older signatures: v2 over method, the URL with its query
     * string and body (computed independently with Python's hashlib), v1 over the body (HubSpot's documented example).
     * Without a timestamp, the same request again is a replay.
     */
    @Test
    void verifiesHubSpotV1AndV2RequestsAndRejectsTheirReplays() {
        runner.setProperty(VerifyWebhookSignature.SIGNATURE_SCHEME, SignatureScheme.HUBSPOT_V1_V2.getValue());
        runner.assertValid();
        final String body = "{\"example_field\":\"example_value\"}";
        final Map<String, String> v2 = new HashMap<>();
        v2.put("http.method", "POST");
        v2.put("http.request.url", "https://www.example.com/webhook_uri");
        v2.put("http.query.string", "portalId=62515");
        v2.put("http.headers.X-HubSpot-Signature", "196c84a4f29cb825ca382c9e0a755f98f8026cadccef1a68ae6ac628c446a984");
        v2.put("http.headers.X-HubSpot-Signature-Version", "v2");
        final Map<String, String> v1 = new HashMap<>(v2);
        v1.put("http.headers.X-HubSpot-Signature", "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de");
        v1.put("http.headers.X-HubSpot-Signature-Version", "v1");
        runner.enqueue(body, v2);
        runner.enqueue(BODY, v1);
        runner.enqueue(body, v2);
        runner.run(3);
        runner.assertTransferCount(VerifyWebhookSignature.REL_VERIFIED, 2);
        runner.getFlowFilesForRelationship(VerifyWebhookSignature.REL_VERIFIED).getFirst().assertContentEquals(body);
        runner.getFlowFilesForRelationship(VerifyWebhookSignature.REL_REJECTED).getFirst()
                .assertAttributeEquals(VerifyWebhookSignature.REASON_ATTRIBUTE, "the signature was already used by an earlier request");
    }

    /** A v1 body extended after signing (SHA-256 length extension, see WebhookVerifierTest) is rejected, its content dropped. */
    @Test
    void rejectsAnExtendedHubSpotV1BodyWith401() {
        runner.setProperty(VerifyWebhookSignature.SIGNATURE_SCHEME, SignatureScheme.HUBSPOT_V1_V2.getValue());
        final byte[] forged = HexFormat.of().parseHex(HexFormat.of().formatHex(BODY.getBytes(StandardCharsets.UTF_8)) + "80000000000000000000000798"
                + HexFormat.of().formatHex(BODY.replace("\"eventId\":1", "\"eventId\":2").replace("contact.creation", "contact.deletion")
                .getBytes(StandardCharsets.UTF_8)));
        final Map<String, String> attributes = new HashMap<>();
        attributes.put("http.method", "POST");
        attributes.put("http.request.url", "https://www.example.com/webhook_uri");
        attributes.put("http.headers.X-HubSpot-Signature", sha256Hex(SECRET, forged));
        attributes.put("http.headers.X-HubSpot-Signature-Version", "v1");
        runner.enqueue(forged, attributes);
        runner.run();
        final MockFlowFile rejected = only(VerifyWebhookSignature.REL_REJECTED);
        rejected.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "401");
        rejected.assertAttributeEquals(VerifyWebhookSignature.REASON_ATTRIBUTE, "the body holds a NUL byte, as a body extended after it was signed does");
        rejected.assertContentEquals("{\"status\":401,\"error\":\"Unauthorized\"}");
    }

    private static String sha256Hex(final String secret, final byte[] content) {
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(content));
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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

    /**
     * Generated deliveries (seeded) from a generic sender through the processor, as HandleHttpRequest hands them over, on
     * a clock moving 0 to 4 seconds between them: faithful ones, ones with one thing changed (a body bit, a signature
     * bit, no or an unreadable timestamp, a timestamp beyond the tolerance, no signature) and faithful ones sent again,
     * within the tolerance and after it. Every FlowFile leaves on exactly one relationship with the status and reason the
     * usage page gives, a faithful delivery is verified exactly once and unchanged, a rejected one's content is replaced,
     * and no log line holds the secret or a body. Once with the processor's own memory, once with an embedded entity store
     * and a restart halfway (a new processor and store service on the same directory, as after NiFi restarts).
     */
    @Test
    void generatedDeliveriesEachLeaveOnOneRelationshipAndAreLetInOnce(@TempDir final Path directory) throws InitializationException {
        assertEquals(GENERATED_DELIVERIES, deliverGenerated(null));
        assertEquals(GENERATED_DELIVERIES, deliverGenerated(directory));
    }

    /** Runs the generated deliveries; returns how many FlowFiles were checked. */
    private int deliverGenerated(final Path storeDirectory) throws InitializationException {
        final Random random = new Random(20261205L);
        final MutableClock clock = new MutableClock(NOW);
        final String secret = "generated-secret-zq7";
        final List<String> faithfulTimestamps = new ArrayList<>();
        final List<String> faithfulBodies = new ArrayList<>();
        final List<TestRunner> runners = new ArrayList<>();
        TestRunner generated = genericRunner(clock, secret, storeDirectory);
        runners.add(generated);
        int checked = 0;
        for (int delivery = 0; delivery < GENERATED_DELIVERIES; delivery++) {
            if (delivery == GENERATED_DELIVERIES / 2 && storeDirectory != null) {
                generated.stop();
                generated.disableControllerService(generated.getControllerService("entity-store"));
                generated = genericRunner(clock, secret, storeDirectory);
                runners.add(generated);
            }
            clock.advance(Duration.ofMillis(random.nextInt(4000)));
            final long now = clock.instant().getEpochSecond();
            String body = "{\"id\":\"zq-body-" + delivery + "\",\"n\":" + random.nextInt() + "}";
            String timestamp = String.valueOf(now - random.nextInt(300));
            int original = delivery;
            final int kind = random.nextInt(10);
            if (kind >= 7 && !faithfulBodies.isEmpty()) {
                // a faithful delivery sent again: a replay while its timestamp is within the tolerance, stale after it
                original = random.nextInt(faithfulBodies.size());
                body = faithfulBodies.get(original);
                timestamp = faithfulTimestamps.get(original);
            }
            String signature = "sha256=" + hmacHex(secret, timestamp + "." + body);
            String expected = kind >= 7 && !faithfulBodies.isEmpty()
                    ? (now - Long.parseLong(timestamp) > 300 ? "the timestamp is outside the tolerance" : "the signature was already used by an earlier request")
                    : null;
            switch (kind) {
                case 1 -> {
                    final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(7));
                    body = new String(bytes, StandardCharsets.UTF_8);
                    expected = "the signature does not match the request";
                }
                case 2 -> {
                    final char[] hex = signature.toCharArray();
                    final int at = "sha256=".length() + random.nextInt(64);
                    hex[at] = hex[at] == '0' ? '1' : '0';
                    signature = new String(hex);
                    expected = "the signature does not match the request";
                }
                case 3 -> {
                    timestamp = String.valueOf(now - 301 - random.nextInt(1000));
                    signature = "sha256=" + hmacHex(secret, timestamp + "." + body);
                    expected = "the timestamp is outside the tolerance";
                }
                case 4 -> {
                    timestamp = random.nextBoolean() ? null : "2026-12-01";
                    expected = timestamp == null ? "no timestamp header" : "the timestamp header is not a timestamp in the configured format";
                }
                case 5 -> {
                    signature = random.nextBoolean() ? null : "sha256=" + signature.substring(8);
                    expected = signature == null ? "no signature header" : "the signature header is not in the configured encoding";
                }
                default -> {
                    // faithful (kinds 0, 6), or sent again (7 to 9)
                }
            }
            final boolean firstDelivery = expected == null;
            if (firstDelivery) {
                faithfulBodies.add(body);
                faithfulTimestamps.add(timestamp);
            }
            final Map<String, String> attributes = new HashMap<>();
            attributes.put("http.method", "POST");
            attributes.put("http.request.url", "https://hooks.example.com/crm");
            attributes.put("delivery", String.valueOf(delivery));
            if (signature != null) {
                attributes.put(random.nextBoolean() ? "http.headers.X-Signature" : "http.headers.x-signature", signature);
            }
            if (timestamp != null) {
                attributes.put("http.headers.X-Timestamp", timestamp);
            }
            generated.clearTransferState();
            generated.enqueue(body, attributes);
            generated.run(1, false, delivery == 0 || delivery == GENERATED_DELIVERIES / 2 && storeDirectory != null);
            final String outcome = "delivery " + delivery + " (kind " + kind + ", of " + original + ")";
            if (firstDelivery) {
                assertEquals(1, generated.getFlowFilesForRelationship(VerifyWebhookSignature.REL_VERIFIED).size(), outcome);
                final MockFlowFile verified = generated.getFlowFilesForRelationship(VerifyWebhookSignature.REL_VERIFIED).getFirst();
                verified.assertContentEquals(body);
                verified.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, "200");
            } else {
                assertEquals(1, generated.getFlowFilesForRelationship(VerifyWebhookSignature.REL_REJECTED).size(), outcome);
                final MockFlowFile rejected = generated.getFlowFilesForRelationship(VerifyWebhookSignature.REL_REJECTED).getFirst();
                rejected.assertAttributeEquals(VerifyWebhookSignature.REASON_ATTRIBUTE, expected);
                rejected.assertAttributeEquals(VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE,
                        expected.startsWith("the signature header is not") || expected.startsWith("the timestamp header is not") ? "400" : "401");
                assertFalse(rejected.getContent().contains("zq-body"), outcome + ": the untrusted body is not kept");
            }
            assertEquals(1, generated.getFlowFilesForRelationship(VerifyWebhookSignature.REL_VERIFIED).size()
                    + generated.getFlowFilesForRelationship(VerifyWebhookSignature.REL_REJECTED).size(), outcome + ": exactly one relationship");
            assertTrue(generated.getFlowFilesForRelationship(VerifyWebhookSignature.REL_FAILURE).isEmpty(), outcome);
            checked++;
        }
        generated.stop();
        for (final TestRunner used : runners) {
            final List<LogMessage> messages = new ArrayList<>(used.getLogger().getWarnMessages());
            messages.addAll(used.getLogger().getErrorMessages());
            messages.addAll(used.getLogger().getInfoMessages());
            messages.addAll(used.getLogger().getDebugMessages());
            assertFalse(messages.isEmpty(), "rejections are logged");
            for (final LogMessage logged : messages) {
                final String line = logged.getMsg() + " " + Arrays.toString(logged.getArgs());
                assertFalse(line.contains("zq-body") || line.contains(secret), "a log line holds a body or the secret: " + line);
            }
        }
        return checked;
    }

    /** A generic sender's processor: hex HMAC-SHA256 of {timestamp}.{body}, sha256= prefix, epoch seconds, 5 min. */
    private TestRunner genericRunner(final Clock clock, final String secret, final Path storeDirectory) throws InitializationException {
        final TestRunner created = TestRunners.newTestRunner(new VerifyWebhookSignature(clock));
        created.setProperty(VerifyWebhookSignature.SIGNATURE_SCHEME, SignatureScheme.HMAC_SHA256.getValue());
        created.setProperty(VerifyWebhookSignature.SIGNATURE_HEADER, "X-Signature");
        created.setProperty(VerifyWebhookSignature.SECRET, secret);
        created.setProperty(VerifyWebhookSignature.SIGNATURE_ENCODING, SignatureEncodingOption.HEX.getValue());
        created.setProperty(VerifyWebhookSignature.SIGNATURE_PREFIX, "sha256=");
        created.setProperty(VerifyWebhookSignature.SIGNED_CONTENT, "{timestamp}.{body}");
        created.setProperty(VerifyWebhookSignature.TIMESTAMP_HEADER, "X-Timestamp");
        if (storeDirectory != null) {
            rememberIn(created, storeDirectory);
        }
        return created;
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
