package dev.nificrm.webhook;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HubSpot v3 and generic HMAC-SHA256 verification. The expected signatures were computed independently (Python's hmac
 * module over the documented concatenation), so the verifier is checked against the scheme, not against itself.
 */
class WebhookVerifierTest {
    private static final byte[] HUBSPOT_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy".getBytes(StandardCharsets.UTF_8);
    private static final String HUBSPOT_BODY = "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000,"
            + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,\"changeSource\":\"CRM\",\"changeFlag\":\"NEW\",\"appId\":54321}]";
    private static final String HUBSPOT_TIMESTAMP = "1764581400000";
    private static final Instant SIGNED_AT = Instant.ofEpochMilli(Long.parseLong(HUBSPOT_TIMESTAMP));
    /** Base64(HMAC-SHA256(secret, "POST" + "https://www.example.com/webhook_uri" + body + timestamp)). */
    private static final String HUBSPOT_SIGNATURE = "wmSAQwO4E6/C33niapRTqm7m7onxr2j+rcbLpmihk4M=";

    private final WebhookVerifier hubSpot = WebhookVerifier.hubSpotV3(HUBSPOT_SECRET, WebhookVerifier.HUBSPOT_TOLERANCE);

    private static WebhookRequest hubSpotRequest(final String url, final String signature, final String timestamp) {
        final Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        if (signature != null) {
            headers.put("x-hubspot-signature-v3", signature);
        }
        if (timestamp != null) {
            headers.put("X-HubSpot-Request-Timestamp", timestamp);
        }
        return new WebhookRequest("POST", url, headers);
    }

    private static InputStream body(final String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private Verification verifyHubSpot(final WebhookRequest request, final String body, final Instant now) throws IOException {
        return hubSpot.verify(request, body(body), now);
    }

    /** HubSpot's documented v1 example: hex(SHA-256(secret + HUBSPOT_BODY)). */
    private static final String HUBSPOT_V1_SIGNATURE = "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de";
    /** HubSpot's documented v2 examples: hex(SHA-256(secret + method + URI + body)), a GET without and a POST with a body. */
    private static final String HUBSPOT_V2_GET_SIGNATURE = "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e";
    private static final String HUBSPOT_V2_POST_SIGNATURE = "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900";
    private static final String HUBSPOT_V2_POST_BODY = "{\"example_field\":\"example_value\"}";
    private static final String EXAMPLE_URI = "https://www.example.com/webhook_uri";

    private final WebhookVerifier hubSpotV1V2 = WebhookVerifier.hubSpotV1V2(HUBSPOT_SECRET, WebhookVerifier.HUBSPOT_TOLERANCE);

    private static WebhookRequest hubSpotV1V2Request(final String method, final String url, final String signature, final String version) {
        final Map<String, String> headers = new HashMap<>();
        headers.put("X-HubSpot-Signature", signature);
        if (version != null) {
            headers.put("x-hubspot-signature-version", version);
        }
        return new WebhookRequest(method, url, headers);
    }

    @Test
    void verifiesHubSpotV1AndV2SignaturesAsHubSpotDocumentsThem() throws IOException {
        final Instant now = Instant.parse("2026-12-05T05:00:00Z");
        assertTrue(hubSpotV1V2.verify(hubSpotV1V2Request("POST", EXAMPLE_URI, HUBSPOT_V1_SIGNATURE, "v1"), body(HUBSPOT_BODY), now).isVerified());
        assertTrue(hubSpotV1V2.verify(hubSpotV1V2Request("GET", EXAMPLE_URI, HUBSPOT_V2_GET_SIGNATURE, "v2"), body(""), now).isVerified());
        final Verification post = hubSpotV1V2.verify(hubSpotV1V2Request("POST", EXAMPLE_URI, HUBSPOT_V2_POST_SIGNATURE, "v2"),
                body(HUBSPOT_V2_POST_BODY), now);
        assertTrue(post.isVerified(), post.toString());
        assertEquals(null, post.signedAt(), "no timestamp: the replay memory keeps it for the tolerance after arrival");
        assertTrue(hubSpotV1V2.verify(hubSpotV1V2Request("POST", EXAMPLE_URI, HUBSPOT_V2_POST_SIGNATURE.toUpperCase(Locale.ROOT), null),
                body(HUBSPOT_V2_POST_BODY), now).isVerified(), "no version header: v2, as HubSpot's CRM extensions document it; hex in capitals");
        assertEquals(HUBSPOT_V1_SIGNATURE, hubSpotV1V2.sign(hubSpotV1V2Request("POST", EXAMPLE_URI, "", "v1"), body(HUBSPOT_BODY)));

        // a v1 signature covers the body alone, a v2 one the method and the exact URL too
        assertTrue(hubSpotV1V2.verify(hubSpotV1V2Request("PUT", EXAMPLE_URI + "?x=1", HUBSPOT_V1_SIGNATURE, "v1"), body(HUBSPOT_BODY), now).isVerified());
        assertEquals(Rejection.SIGNATURE_MISMATCH, hubSpotV1V2.verify(hubSpotV1V2Request("POST", EXAMPLE_URI + "?x=1", HUBSPOT_V2_POST_SIGNATURE, "v2"),
                body(HUBSPOT_V2_POST_BODY), now).rejection(), "another URL");
        assertEquals(Rejection.SIGNATURE_MISMATCH, hubSpotV1V2.verify(hubSpotV1V2Request("PUT", EXAMPLE_URI, HUBSPOT_V2_POST_SIGNATURE, "v2"),
                body(HUBSPOT_V2_POST_BODY), now).rejection(), "another method");
        assertEquals(Rejection.SIGNATURE_MISMATCH, hubSpotV1V2.verify(hubSpotV1V2Request("POST", EXAMPLE_URI, HUBSPOT_V1_SIGNATURE, "v1"),
                body(HUBSPOT_BODY.replace("\"objectId\":123", "\"objectId\":124")), now).rejection(), "a changed body");
        assertEquals(Rejection.SIGNATURE_MISMATCH, hubSpotV1V2.verify(hubSpotV1V2Request("POST", EXAMPLE_URI, HUBSPOT_V1_SIGNATURE, "v2"),
                body(HUBSPOT_BODY), now).rejection(), "a v1 signature sent as v2");
        final WebhookVerifier otherApp = WebhookVerifier.hubSpotV1V2("another app".getBytes(StandardCharsets.UTF_8), WebhookVerifier.HUBSPOT_TOLERANCE);
        assertEquals(Rejection.SIGNATURE_MISMATCH, otherApp.verify(hubSpotV1V2Request("POST", EXAMPLE_URI, HUBSPOT_V1_SIGNATURE, "v1"),
                body(HUBSPOT_BODY), now).rejection(), "another client secret");

        final Verification unknownVersion = hubSpotV1V2.verify(hubSpotV1V2Request("POST", EXAMPLE_URI, HUBSPOT_V1_SIGNATURE, "v3"), body(HUBSPOT_BODY), now);
        assertEquals(Rejection.UNKNOWN_SIGNATURE_VERSION, unknownVersion.rejection());
        assertEquals(400, unknownVersion.httpStatus());
        assertEquals(Rejection.MALFORMED_SIGNATURE, hubSpotV1V2.verify(hubSpotV1V2Request("POST", EXAMPLE_URI, "wmSAQwO4E6/C33niapRTqm7m7onxr2j+rcbLpmihk4M=",
                "v1"), body(HUBSPOT_BODY), now).rejection(), "a v3-style Base64 signature");
        assertEquals(Rejection.MISSING_SIGNATURE, hubSpotV1V2.verify(new WebhookRequest("POST", EXAMPLE_URI, Map.of("X-HubSpot-Signature-v3",
                "wmSAQwO4E6/C33niapRTqm7m7onxr2j+rcbLpmihk4M=")), body(HUBSPOT_BODY), now).rejection());
    }

    /**
     * SHA-256 of a secret followed by the message lets anyone who saw one signed request sign a longer one (length
     * extension): the forged signature below was computed from the documented v1 signature and the secret's length alone
     * (a SHA-256 resumed from the signature's state, in Python), for HubSpot's example body followed by SHA-256's padding
     * and a deletion event of the attacker's choosing. The padding always holds NUL bytes, which no JSON body does.
     */
    @Test
    void rejectsAHubSpotV1BodyExtendedAfterSigningThoughItsHashMatches() throws IOException, GeneralSecurityException {
        final String extension = "[{\"eventId\":2,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000,\"subscriptionType\":"
                + "\"contact.deletion\",\"attemptNumber\":0,\"objectId\":123,\"changeSource\":\"CRM\",\"changeFlag\":\"DELETED\",\"appId\":54321}]";
        final ByteArrayOutputStream forgedBody = new ByteArrayOutputStream();
        forgedBody.writeBytes(HUBSPOT_BODY.getBytes(StandardCharsets.UTF_8));
        forgedBody.writeBytes(HexFormat.of().parseHex("80000000000000000000000798"));
        forgedBody.writeBytes(extension.getBytes(StandardCharsets.UTF_8));
        final String forgedSignature = "c305812c58471994341a54d094e676357addc72ff63a5df1bd27ccac5308ccc5";
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(HUBSPOT_SECRET);
        assertEquals(forgedSignature, HexFormat.of().formatHex(digest.digest(forgedBody.toByteArray())),
                "the forgery is a valid v1 signature of the extended body");

        final Verification verification = hubSpotV1V2.verify(hubSpotV1V2Request("POST", EXAMPLE_URI, forgedSignature, "v1"),
                new ByteArrayInputStream(forgedBody.toByteArray()), Instant.parse("2026-12-05T05:00:00Z"));
        assertEquals(Rejection.NUL_IN_BODY, verification.rejection());
        assertEquals(401, verification.httpStatus());
    }

    @Test
    void acceptsAHubSpotV1V2ClientSecretBeingRotatedOut() throws IOException {
        final WebhookVerifier rotating = WebhookVerifier.hubSpotV1V2("the new client secret".getBytes(StandardCharsets.UTF_8),
                WebhookVerifier.HUBSPOT_TOLERANCE).acceptingAlso(HUBSPOT_SECRET);
        final Verification verification = rotating.verify(hubSpotV1V2Request("POST", EXAMPLE_URI, HUBSPOT_V2_POST_SIGNATURE, "v2"),
                body(HUBSPOT_V2_POST_BODY), Instant.parse("2026-12-05T05:00:00Z"));
        assertTrue(verification.isVerified(), verification.toString());
        assertTrue(verification.byPreviousSecret());
    }

    @Test
    void acceptsAHubSpotV3SignatureWhateverTheCaseOfTheHeaderNames() throws IOException {
        final Verification verification = verifyHubSpot(hubSpotRequest("https://www.example.com/webhook_uri", HUBSPOT_SIGNATURE, HUBSPOT_TIMESTAMP),
                HUBSPOT_BODY, SIGNED_AT.plusSeconds(2));
        assertTrue(verification.isVerified(), verification.toString());
        assertEquals(200, verification.httpStatus());
        assertEquals(SIGNED_AT, verification.signedAt());
        assertEquals(HUBSPOT_SIGNATURE, verification.signatureKey());
    }

    @Test
    void rejectsForgedAndTamperedHubSpotRequestsWith401() throws IOException {
        final Instant now = SIGNED_AT.plusSeconds(2);
        final String url = "https://www.example.com/webhook_uri";
        assertEquals(Rejection.SIGNATURE_MISMATCH, verifyHubSpot(hubSpotRequest(url, HUBSPOT_SIGNATURE, HUBSPOT_TIMESTAMP),
                HUBSPOT_BODY.replace("\"objectId\":123", "\"objectId\":124"), now).rejection(), "a changed body");
        assertEquals(Rejection.SIGNATURE_MISMATCH, verifyHubSpot(hubSpotRequest(url + "2", HUBSPOT_SIGNATURE, HUBSPOT_TIMESTAMP),
                HUBSPOT_BODY, now).rejection(), "another URL");
        assertEquals(Rejection.SIGNATURE_MISMATCH, verifyHubSpot(hubSpotRequest(url, HUBSPOT_SIGNATURE, "1764581401000"),
                HUBSPOT_BODY, now).rejection(), "another timestamp");
        final WebhookVerifier otherSecret = WebhookVerifier.hubSpotV3("another app".getBytes(StandardCharsets.UTF_8), WebhookVerifier.HUBSPOT_TOLERANCE);
        final Verification forged = otherSecret.verify(hubSpotRequest(url, HUBSPOT_SIGNATURE, HUBSPOT_TIMESTAMP), body(HUBSPOT_BODY), now);
        assertEquals(Rejection.SIGNATURE_MISMATCH, forged.rejection());
        assertEquals(401, forged.httpStatus());
        assertEquals(Rejection.MISSING_SIGNATURE, verifyHubSpot(hubSpotRequest(url, null, HUBSPOT_TIMESTAMP), HUBSPOT_BODY, now).rejection());
        assertEquals(Rejection.MISSING_SIGNATURE, verifyHubSpot(hubSpotRequest(url, "  ", HUBSPOT_TIMESTAMP), HUBSPOT_BODY, now).rejection());
        assertEquals(Rejection.MISSING_TIMESTAMP, verifyHubSpot(hubSpotRequest(url, HUBSPOT_SIGNATURE, null), HUBSPOT_BODY, now).rejection());
        assertEquals(401, Rejection.MISSING_TIMESTAMP.httpStatus());
    }

    @Test
    void rejectsTimestampsOutsideTheToleranceEitherWay() throws IOException {
        final WebhookRequest request = hubSpotRequest("https://www.example.com/webhook_uri", HUBSPOT_SIGNATURE, HUBSPOT_TIMESTAMP);
        assertTrue(verifyHubSpot(request, HUBSPOT_BODY, SIGNED_AT.plus(Duration.ofMinutes(5))).isVerified(), "exactly 5 minutes old");
        final Verification stale = verifyHubSpot(request, HUBSPOT_BODY, SIGNED_AT.plus(Duration.ofMinutes(5)).plusMillis(1));
        assertEquals(Rejection.STALE_TIMESTAMP, stale.rejection());
        assertEquals(401, stale.httpStatus());
        assertEquals(Rejection.STALE_TIMESTAMP, verifyHubSpot(request, HUBSPOT_BODY, SIGNED_AT.minus(Duration.ofMinutes(6))).rejection(),
                "signed 6 minutes in the future: a skewed or forged clock");
    }

    @Test
    void answersUnreadableAuthenticationHeadersWith400() throws IOException {
        final Instant now = SIGNED_AT.plusSeconds(2);
        final String url = "https://www.example.com/webhook_uri";
        final Verification notBase64 = verifyHubSpot(hubSpotRequest(url, "not base64 !", HUBSPOT_TIMESTAMP), HUBSPOT_BODY, now);
        assertEquals(Rejection.MALFORMED_SIGNATURE, notBase64.rejection());
        assertEquals(400, notBase64.httpStatus());
        assertEquals(Rejection.MALFORMED_TIMESTAMP, verifyHubSpot(hubSpotRequest(url, HUBSPOT_SIGNATURE, "yesterday"), HUBSPOT_BODY, now).rejection());
        assertEquals(400, Rejection.MALFORMED_TIMESTAMP.httpStatus());
    }

    @Test
    void decodesTheCharactersHubSpotDecodesInTheUri() throws IOException {
        assertEquals("https://www.example.com/webhook_uri?name=O'Brien (CRM)",
                WebhookVerifier.decodeHubSpotUri("https://www.example.com/webhook_uri?name=O%27Brien (CRM)"));
        assertEquals("https://x.example/a:b/c?d=%20e@f", WebhookVerifier.decodeHubSpotUri("https://x.example/a%3ab%2Fc?d=%20e%40f"),
                "listed characters in either case; %20 is not listed and stays");
        final Verification verification = verifyHubSpot(hubSpotRequest("https://www.example.com/webhook_uri?name=O%27Brien%20(CRM)",
                "aNcNU07QZqR2wAM6PwGRSQQZdqTPKBfZ7/UvrMkyXH4=", HUBSPOT_TIMESTAMP), HUBSPOT_BODY, SIGNED_AT);
        assertEquals(Rejection.SIGNATURE_MISMATCH, verification.rejection(), "%20 is not decoded, so a URL with it signs differently");
        assertTrue(verifyHubSpot(hubSpotRequest("https://www.example.com/webhook_uri?name=O%27Brien (CRM)",
                "aNcNU07QZqR2wAM6PwGRSQQZdqTPKBfZ7/UvrMkyXH4=", HUBSPOT_TIMESTAMP), HUBSPOT_BODY, SIGNED_AT).isVerified());
    }

    @Test
    void verifiesAGenericHexSignatureOfTheBodyAfterItsPrefix() throws IOException {
        final WebhookVerifier verifier = WebhookVerifier.hmacSha256("shared-secret".getBytes(StandardCharsets.UTF_8), "X-Signature")
                .encoding(SignatureEncoding.HEX).prefix("sha256=").build();
        final String body = "{\"id\":\"003A01\",\"Email\":\"ann@lee.org\"}";
        final String signature = "sha256=301cf14294f568169593c43def0dff5353991f32fe12133b1500b2502ad00157";
        final Instant now = Instant.parse("2026-12-01T09:30:00Z");
        assertTrue(verifier.verify(new WebhookRequest("POST", "", Map.of("X-Signature", signature)), body(body), now).isVerified());
        assertTrue(verifier.verify(new WebhookRequest("POST", "", Map.of("X-Signature", signature.toUpperCase(Locale.ROOT))), body(body), now)
                .isVerified(), "hex digits and the prefix in upper case");
        assertEquals(Rejection.SIGNATURE_MISMATCH, verifier.verify(new WebhookRequest("POST", "", Map.of("X-Signature", signature)),
                body(body.replace("ann@", "eve@")), now).rejection());
        assertEquals(Rejection.MALFORMED_SIGNATURE, verifier.verify(new WebhookRequest("POST", "", Map.of("X-Signature", "sha256=xyz")),
                body(body), now).rejection());
        assertEquals(signature, verifier.sign(new WebhookRequest("POST", "", Map.of()), body(body)), "signs as the sender does");
    }

    @Test
    void verifiesAGenericSignatureOverTheTimestampAndBody() throws IOException {
        final WebhookVerifier verifier = WebhookVerifier.hmacSha256("shared-secret".getBytes(StandardCharsets.UTF_8), "X-Signature")
                .content(SignedContent.parse("{timestamp}.{body}"))
                .timestamp("X-Timestamp", TimestampFormat.EPOCH_SECONDS, Duration.ofMinutes(5)).build();
        final Map<String, String> headers = Map.of("X-Signature", "q4BimiczBSs0PYtfPz/XNypGqGkPA94J2kn5fCoLZsI=", "X-Timestamp", "1764581400");
        final Instant signedAt = Instant.ofEpochSecond(1764581400);
        assertTrue(verifier.verify(new WebhookRequest("POST", "", headers), body("{\"id\":\"003A01\"}"), signedAt.plusSeconds(30)).isVerified());
        assertEquals(Rejection.STALE_TIMESTAMP, verifier.verify(new WebhookRequest("POST", "", headers), body("{\"id\":\"003A01\"}"),
                signedAt.plus(Duration.ofMinutes(10))).rejection());
        final Map<String, String> replayedWithNewTime = Map.of("X-Signature", headers.get("X-Signature"), "X-Timestamp", "1764581500");
        assertEquals(Rejection.SIGNATURE_MISMATCH, verifier.verify(new WebhookRequest("POST", "", replayedWithNewTime), body("{\"id\":\"003A01\"}"),
                signedAt.plusSeconds(100)).rejection(), "a replay with a fresh timestamp does not match the signature");
    }

    @Test
    void readsTheBodyOnlyWhenTheHeadersPass() throws IOException {
        final boolean[] read = {false};
        final InputStream watched = new InputStream() {
            @Override
            public int read() {
                read[0] = true;
                return -1;
            }
        };
        hubSpot.verify(hubSpotRequest("https://www.example.com/webhook_uri", HUBSPOT_SIGNATURE, "1"), watched, SIGNED_AT);
        assertFalse(read[0], "a stale request is rejected before its body is read");
    }

    @Test
    void refusesLayoutsThatDoNotCoverTheBodyOrNameUnknownParts() {
        assertEquals("the layout must include {body}: a signature that does not cover the body lets anyone change it",
                assertThrows(IllegalArgumentException.class, () -> SignedContent.parse("{timestamp}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SignedContent.parse("{payload}")).getMessage().contains("{payload} is not a placeholder"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SignedContent.parse("{body}{body}")).getMessage().contains("more than once"));
        assertEquals("the { at position 7 is not closed", assertThrows(IllegalArgumentException.class, () -> SignedContent.parse("{body}{timestamp"))
                .getMessage());
        assertEquals("v0:{timestamp}:{body}", SignedContent.parse("v0:{timestamp}:{body}").toString());
        assertThrows(IllegalArgumentException.class, () -> WebhookVerifier.hmacSha256("s".getBytes(StandardCharsets.UTF_8), "X-Signature")
                .content(SignedContent.parse("{timestamp}{body}")).build(), "a signed timestamp needs its header");
        assertThrows(IllegalArgumentException.class, () -> WebhookVerifier.hubSpotV3(new byte[0], Duration.ofMinutes(5)), "an empty secret");
    }

    /**
     * A timestamp header whose value the signature does not cover is refused: a captured request with a fresh time in it
     * would pass the timestamp check and, once its signature had been forgotten one tolerance later, the replay check too
     * (before, such a verifier was built and accepted the replay below).
     */
    @Test
    void aTimestampTheSignatureDoesNotCoverIsRefused() {
        final WebhookVerifier.Builder unsignedTimestamp = WebhookVerifier.hmacSha256("shared-secret".getBytes(StandardCharsets.UTF_8), "X-Signature")
                .content(SignedContent.parse("{body}")).timestamp("X-Timestamp", TimestampFormat.EPOCH_SECONDS, Duration.ofMinutes(5));
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, unsignedTimestamp::build);
        assertTrue(refused.getMessage().contains("{timestamp}"), refused.getMessage());
    }

    /**
     * While HubSpot's client secret is rotated, the new secret is the Secret and the old one the previous secret: the
     * independently computed signature under the old one is verified and said to be so; one under neither is not.
     */
    @Test
    void acceptsTheSecretBeingRotatedOutAndSaysSo() throws IOException {
        final byte[] newSecret = "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz".getBytes(StandardCharsets.UTF_8);
        final WebhookVerifier rotating = WebhookVerifier.hubSpotV3(newSecret, WebhookVerifier.HUBSPOT_TOLERANCE).acceptingAlso(HUBSPOT_SECRET);
        final WebhookRequest oldSigned = hubSpotRequest("https://www.example.com/webhook_uri", HUBSPOT_SIGNATURE, HUBSPOT_TIMESTAMP);
        final Verification byOld = rotating.verify(oldSigned, body(HUBSPOT_BODY), SIGNED_AT);
        assertTrue(byOld.isVerified(), byOld.toString());
        assertTrue(byOld.byPreviousSecret());
        assertEquals(HUBSPOT_SIGNATURE, byOld.signatureKey(), "remembered against replays as any signature");

        final WebhookVerifier current = WebhookVerifier.hubSpotV3(newSecret, WebhookVerifier.HUBSPOT_TOLERANCE);
        final String newSignature = current.sign(oldSigned, body(HUBSPOT_BODY));
        final WebhookRequest newSigned = hubSpotRequest("https://www.example.com/webhook_uri", newSignature, HUBSPOT_TIMESTAMP);
        final Verification byNew = rotating.verify(newSigned, body(HUBSPOT_BODY), SIGNED_AT);
        assertTrue(byNew.isVerified());
        assertFalse(byNew.byPreviousSecret());
        assertFalse(current.verify(oldSigned, body(HUBSPOT_BODY), SIGNED_AT).isVerified(), "without the previous secret the old one fails");
        assertFalse(hubSpot.verify(newSigned, body(HUBSPOT_BODY), SIGNED_AT).byPreviousSecret());
        assertEquals(Rejection.SIGNATURE_MISMATCH, WebhookVerifier.hubSpotV3("other".getBytes(StandardCharsets.UTF_8), WebhookVerifier.HUBSPOT_TOLERANCE)
                .acceptingAlso("another".getBytes(StandardCharsets.UTF_8)).verify(oldSigned, body(HUBSPOT_BODY), SIGNED_AT).rejection());
        // a tampered body fails under both secrets
        assertEquals(Rejection.SIGNATURE_MISMATCH, rotating.verify(oldSigned, body(HUBSPOT_BODY.replace("123", "124")), SIGNED_AT).rejection());
    }

    /**
     * Dynamics 365's WebhookKey sends the key as the query parameter code (its name exactly), HttpHeader as a header (any
     * case): the key itself is verified, nothing else, and the body is never read. A key that only starts or ends like
     * the secret, or differs in case, fails; a missing or blank one is missing.
     */
    @Test
    void verifiesASharedKeySentAsAQueryParameterOrAHeader() throws IOException {
        final String key = "00000000-0000-0000-0000-000000000001";
        final byte[] secret = key.getBytes(StandardCharsets.UTF_8);
        final WebhookVerifier query = WebhookVerifier.sharedKey(secret, WebhookVerifier.KeyLocation.QUERY_PARAMETER, "code");
        final InputStream unread = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("a shared key does not cover the body: it is not read");
            }
        };
        assertFalse(query.signsUri());
        assertFalse(query.signsEachRequest(), "every request carries the same key: nothing to remember against replays");
        assertTrue(query.verify(dynamicsRequest(Map.of(), Map.of("code", key)), unread, SIGNED_AT).isVerified());
        for (final String wrong : new String[] {key + "0", key.substring(1), key.toUpperCase(Locale.ROOT).replace('0', 'O'), "", "x"}) {
            final Verification verification = query.verify(dynamicsRequest(Map.of(), Map.of("code", wrong)), unread, SIGNED_AT);
            assertEquals(wrong.isEmpty() ? Rejection.MISSING_KEY : Rejection.KEY_MISMATCH, verification.rejection(), wrong);
            assertEquals(401, verification.httpStatus());
        }
        assertEquals(Rejection.MISSING_KEY, query.verify(dynamicsRequest(Map.of("code", key), Map.of("Code", key)), unread, SIGNED_AT).rejection(),
                "a header or a parameter of another name is not the parameter");

        final WebhookVerifier header = WebhookVerifier.sharedKey(secret, WebhookVerifier.KeyLocation.HEADER, "X-Api-Key");
        assertTrue(header.verify(dynamicsRequest(Map.of("x-api-key", key), Map.of()), unread, SIGNED_AT).isVerified());
        assertEquals(Rejection.MISSING_KEY, header.verify(dynamicsRequest(Map.of(), Map.of("X-Api-Key", key)), unread, SIGNED_AT).rejection());

        final Verification previous = WebhookVerifier.sharedKey("new-key".getBytes(StandardCharsets.UTF_8), WebhookVerifier.KeyLocation.QUERY_PARAMETER,
                "code").acceptingAlso(secret).verify(dynamicsRequest(Map.of(), Map.of("code", key)), unread, SIGNED_AT);
        assertTrue(previous.isVerified());
        assertTrue(previous.byPreviousSecret());
        assertThrows(IllegalStateException.class, () -> query.sign(dynamicsRequest(Map.of(), Map.of()), unread));
        assertThrows(IllegalArgumentException.class, () -> WebhookVerifier.sharedKey(secret, WebhookVerifier.KeyLocation.HEADER, " "));
    }

    /**
     * Zoho CRM's notifications return the channel's token in the body: every record's token must be the secret (or the
     * previous one), compared as a shared key; no record, a record without one, or any other value is rejected with 401.
     * The verifier cannot read the body itself (the caller's record reader does), and a shared key cannot be put there.
     */
    @Test
    void verifiesTheTokensReadFromABody() throws IOException {
        final String token = "TOKEN_FOR_VERIFICATION_OF_1000000068001";
        final byte[] secret = token.getBytes(StandardCharsets.UTF_8);
        final WebhookVerifier body = WebhookVerifier.bodyToken(secret);
        assertFalse(body.signsUri());
        assertFalse(body.signsEachRequest(), "every notification carries the same token: nothing to remember against replays");
        assertTrue(body.verifyBodyTokens(List.of(token)).isVerified());
        assertTrue(body.verifyBodyTokens(List.of(token, token)).isVerified());
        assertEquals(Rejection.MISSING_BODY_TOKEN, body.verifyBodyTokens(List.of()).rejection());
        assertEquals(Rejection.MISSING_BODY_TOKEN, body.verifyBodyTokens(Arrays.asList(token, null)).rejection());
        for (final String wrong : new String[] {token + "1", token.substring(1), token.toLowerCase(Locale.ROOT), "", " " + token}) {
            final Verification verification = body.verifyBodyTokens(List.of(token, wrong));
            assertEquals(Rejection.BODY_TOKEN_MISMATCH, verification.rejection(), wrong);
            assertEquals(401, verification.httpStatus());
        }

        final WebhookVerifier rotating = WebhookVerifier.bodyToken("new-token".getBytes(StandardCharsets.UTF_8)).acceptingAlso(secret);
        assertFalse(rotating.verifyBodyTokens(List.of("new-token")).byPreviousSecret());
        assertTrue(rotating.verifyBodyTokens(List.of(token)).byPreviousSecret());
        assertTrue(rotating.verifyBodyTokens(List.of("new-token", token)).byPreviousSecret(), "any record proven by the previous secret marks the body");

        assertThrows(IllegalStateException.class, () -> body.verify(dynamicsRequest(Map.of(), Map.of()), new ByteArrayInputStream(new byte[0]), SIGNED_AT));
        assertThrows(IllegalStateException.class, () -> WebhookVerifier.sharedKey(secret, WebhookVerifier.KeyLocation.HEADER, "X-Api-Key")
                .verifyBodyTokens(List.of(token)));
        assertThrows(IllegalArgumentException.class, () -> WebhookVerifier.sharedKey(secret, WebhookVerifier.KeyLocation.BODY, "token"));
    }

    private static WebhookRequest dynamicsRequest(final Map<String, String> headers, final Map<String, String> queryParameters) {
        final Map<String, String> all = new HashMap<>(headers);
        all.put("x-ms-dynamics-organization", "contoso.crm.dynamics.com");
        return new WebhookRequest("POST", "https://hooks.example.com/dynamics", all, queryParameters);
    }
}
