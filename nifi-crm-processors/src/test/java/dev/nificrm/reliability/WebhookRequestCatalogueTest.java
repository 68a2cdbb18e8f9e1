package dev.nificrm.reliability;

import dev.nificrm.processors.KeyLocationOption;
import dev.nificrm.processors.SignatureEncodingOption;
import dev.nificrm.processors.SignatureScheme;
import dev.nificrm.processors.TimestampFormatOption;
import dev.nificrm.processors.VerifyWebhookSignature;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and broken webhook requests through VerifyWebhookSignature in each of its signing schemes, as HandleHttpRequest
 * hands them over: bad signatures (a bit off, another encoding, garbage, none), stale and future timestamps, unreadable
 * ones, replays (also re-encoded, so the same signature bytes look new), huge, empty and non-UTF-8 bodies. Every request
 * leaves once with the status and reason the usage page gives (never a stack trace: the runner rethrows what escapes),
 * and neither the secret nor the body reaches a log line or an attribute (a shared key, which the sender sends in a header
 * or the query string, is taken out of the request's attributes). The Body Token scheme is run by the bad-input
 * catalogue and the fuzzing ({@link ProcessorSetups#ALL}).
 * <p>
 * Timestamps are taken from the real clock once a case, with margins of minutes against the 5-minute tolerance: "fresh"
 * is 10 seconds old, "stale" and "future" an hour away from it.
 */
class WebhookRequestCatalogueTest {
    private static final String SECRET = "campaign-secret-7f3e9a1c";
    private static final String URL = "https://hooks.example.com/crm";
    /** Marks the bodies: found in no log line and no attribute. */
    private static final String MARKER = "QzWebhookBody";
    private static final byte[] BODY = ("{\"id\":\"" + MARKER + "-1\",\"email\":\"a@example.com\"}").getBytes(StandardCharsets.UTF_8);
    private static final Set<Integer> REJECTED = Set.of(400, 401);

    /** How a scheme's sender signs, and the processor's settings for it. */
    private enum Scheme {
        HUBSPOT_V3("X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp", false) {
            @Override
            void configure(final TestRunner runner) {
                runner.setProperty(VerifyWebhookSignature.SIGNATURE_SCHEME, SignatureScheme.HUBSPOT_V3);
            }

            @Override
            byte[] signature(final byte[] body, final String timestamp) {
                return hmac(concat("POST" + URL, body, timestamp));
            }

            @Override
            String timestamp(final Instant at) {
                return Long.toString(at.toEpochMilli());
            }
        },
        HUBSPOT_V2("X-HubSpot-Signature", null, true) {
            @Override
            void configure(final TestRunner runner) {
                runner.setProperty(VerifyWebhookSignature.SIGNATURE_SCHEME, SignatureScheme.HUBSPOT_V1_V2);
            }

            @Override
            byte[] signature(final byte[] body, final String timestamp) {
                try {
                    return MessageDigest.getInstance("SHA-256").digest(concat(SECRET + "POST" + URL, body, ""));
                } catch (final GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            Map<String, String> extraHeaders() {
                return Map.of("http.headers.X-HubSpot-Signature-Version", "v2");
            }
        },
        /** GitHub/Stripe-like: hex with a prefix, {timestamp}.{body}, epoch seconds. */
        HMAC_HEX_EPOCH_SECONDS("X-Signature", "X-Timestamp", true) {
            @Override
            void configure(final TestRunner runner) {
                generic(runner, SignatureEncodingOption.HEX, "{timestamp}.{body}");
                runner.setProperty(VerifyWebhookSignature.SIGNATURE_PREFIX, "sha256=");
                runner.setProperty(VerifyWebhookSignature.TIMESTAMP_HEADER, "X-Timestamp");
                runner.setProperty(VerifyWebhookSignature.TIMESTAMP_FORMAT, TimestampFormatOption.EPOCH_SECONDS);
            }

            @Override
            byte[] signature(final byte[] body, final String timestamp) {
                return hmac(concat(timestamp + ".", body, ""));
            }

            @Override
            String encode(final byte[] signature) {
                return "sha256=" + super.encode(signature);
            }

            @Override
            String timestamp(final Instant at) {
                return Long.toString(at.getEpochSecond());
            }
        },
        /** Slack-like layout in Base64 with an ISO-8601 timestamp. */
        HMAC_BASE64_ISO("X-Signature", "X-Timestamp", false) {
            @Override
            void configure(final TestRunner runner) {
                generic(runner, SignatureEncodingOption.BASE64, "v0:{timestamp}:{body}");
                runner.setProperty(VerifyWebhookSignature.TIMESTAMP_HEADER, "X-Timestamp");
                runner.setProperty(VerifyWebhookSignature.TIMESTAMP_FORMAT, TimestampFormatOption.ISO_8601);
            }

            @Override
            byte[] signature(final byte[] body, final String timestamp) {
                return hmac(concat("v0:" + timestamp + ":", body, ""));
            }

            @Override
            String timestamp(final Instant at) {
                return at.truncatedTo(ChronoUnit.SECONDS).toString();
            }
        },
        /** A home-grown sender signing the body alone, in Base64: an identical request within the tolerance is a replay. */
        HMAC_BASE64_BODY("X-Signature", null, false) {
            @Override
            void configure(final TestRunner runner) {
                generic(runner, SignatureEncodingOption.BASE64, "{body}");
            }

            @Override
            byte[] signature(final byte[] body, final String timestamp) {
                return hmac(body);
            }
        },
        /** Dynamics 365 HttpHeader: the key itself in a header, nothing signed, no replay to tell. */
        SHARED_KEY_HEADER("X-Api-Key", null, false) {
            @Override
            void configure(final TestRunner runner) {
                useSharedKey(runner, KeyLocationOption.HEADER, "X-Api-Key");
            }
        },
        /** Dynamics 365 WebhookKey: the key in the query parameter code, which HandleHttpRequest writes decoded and in the query string. */
        SHARED_KEY_QUERY("code", null, false) {
            @Override
            void configure(final TestRunner runner) {
                useSharedKey(runner, KeyLocationOption.QUERY_PARAMETER, "code");
            }

            @Override
            void putKey(final Map<String, String> attributes, final String key) {
                attributes.put("http.query.param.code", key);
                attributes.put("http.query.param.portal", "62515");
                attributes.put("http.query.string", "portal=62515&code=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
            }
        };

        final String signatureHeader;
        final String timestampHeader;
        final boolean hex;

        Scheme(final String signatureHeader, final String timestampHeader, final boolean hex) {
            this.signatureHeader = signatureHeader;
            this.timestampHeader = timestampHeader;
            this.hex = hex;
        }

        abstract void configure(TestRunner runner);

        /**
         * The signature bytes the sender computes for the body and timestamp text (ignored without a timestamp); a sender
         * with a shared key sends the key itself.
         */
        byte[] signature(final byte[] body, final String timestamp) {
            return SECRET.getBytes(StandardCharsets.UTF_8);
        }

        String encode(final byte[] signature) {
            if (sharedKey()) {
                return new String(signature, StandardCharsets.UTF_8);
            }
            return hex ? HexFormat.of().formatHex(signature) : Base64.getEncoder().encodeToString(signature);
        }

        String timestamp(final Instant at) {
            throw new IllegalStateException(this + " sends no timestamp");
        }

        Map<String, String> extraHeaders() {
            return Map.of();
        }

        boolean sharedKey() {
            return this == SHARED_KEY_HEADER || this == SHARED_KEY_QUERY;
        }

        /** Writes the signature (or key) where the sender sends it, as HandleHttpRequest writes it into attributes. */
        void putKey(final Map<String, String> attributes, final String signature) {
            attributes.put("http.headers." + signatureHeader, signature);
        }

        /** A faithful request: the body signed at the time, as HandleHttpRequest writes its attributes. */
        Request faithful(final byte[] body, final Instant at) {
            final String timestamp = timestampHeader == null ? null : timestamp(at);
            return new Request(body, timestamp, encode(signature(body, timestamp)));
        }

        Map<String, String> attributes(final Request request) {
            final Map<String, String> attributes = new HashMap<>(Map.of("http.method", "POST", "http.request.url", URL,
                    "http.headers.Content-Type", "application/json", "http.context.identifier", "context-1"));
            attributes.putAll(extraHeaders());
            if (request.signature() != null) {
                putKey(attributes, request.signature());
            }
            if (request.timestamp() != null) {
                attributes.put("http.headers." + timestampHeader, request.timestamp());
            }
            return attributes;
        }

        private static void useSharedKey(final TestRunner runner, final KeyLocationOption location, final String name) {
            runner.setProperty(VerifyWebhookSignature.SIGNATURE_SCHEME, SignatureScheme.SHARED_KEY);
            runner.setProperty(VerifyWebhookSignature.KEY_LOCATION, location);
            runner.setProperty(VerifyWebhookSignature.KEY_NAME, name);
        }

        private static void generic(final TestRunner runner, final SignatureEncodingOption encoding, final String content) {
            runner.setProperty(VerifyWebhookSignature.SIGNATURE_SCHEME, SignatureScheme.HMAC_SHA256);
            runner.setProperty(VerifyWebhookSignature.SIGNATURE_HEADER, "X-Signature");
            runner.setProperty(VerifyWebhookSignature.SIGNATURE_ENCODING, encoding);
            runner.setProperty(VerifyWebhookSignature.SIGNED_CONTENT, content);
        }
    }

    /** A request's body and the header values it carries (null: the header is not sent). */
    private record Request(byte[] body, String timestamp, String signature) {
        Request withSignature(final String other) {
            return new Request(body, timestamp, other);
        }

        Request withBody(final byte[] other) {
            return new Request(other, timestamp, signature);
        }
    }

    /**
     * One hostile or broken request: what the sender sends first (faithful requests, e.g. the original of a replay), the
     * request judged, and the statuses and reason it may be answered with.
     */
    private record Case(String name, BiFunction<Scheme, Instant, List<Request>> earlier, BiFunction<Scheme, Instant, Request> request,
                        Set<Integer> statuses, String reason) {
    }

    /** The cases of every scheme; those about timestamps only for schemes with one, about signatures for those that sign. */
    private static List<Case> cases(final Scheme scheme) {
        final boolean timestamped = scheme.timestampHeader != null;
        final Stream.Builder<Case> cases = Stream.builder();
        final BiFunction<Scheme, Instant, List<Request>> none = (s, fresh) -> List.of();
        cases.add(new Case("faithful", none, (s, fresh) -> s.faithful(BODY, fresh), Set.of(200), null));
        cases.add(new Case("faithful, empty body", none, (s, fresh) -> s.faithful(new byte[0], fresh), Set.of(200), null));
        cases.add(new Case("faithful, 4 MB body", none, (s, fresh) -> s.faithful(huge(), fresh), Set.of(200), null));
        // bytes that are no UTF-8 (no NUL: HubSpot v1/v2 refuses a NUL as a sign of an extended body)
        cases.add(new Case("faithful, body not UTF-8", none, (s, fresh) -> s.faithful(new byte[] {(byte) 0xFF, (byte) 0xFE, 'x', (byte) 0xC3, '(', (byte) 0x80}, fresh),
                Set.of(200), null));
        cases.add(new Case("no http.method", none, (s, fresh) -> s.faithful(BODY, fresh), Set.of(500), "no http.method"));
        if (scheme.sharedKey()) {
            cases.add(new Case("no key", none, (s, fresh) -> s.faithful(BODY, fresh).withSignature(null), Set.of(401), "no key"));
            cases.add(new Case("blank key", none, (s, fresh) -> s.faithful(BODY, fresh).withSignature("  "), Set.of(401), "no key"));
            cases.add(new Case("key a character off", none, (s, fresh) -> s.faithful(BODY, fresh).withSignature(SECRET.substring(1) + "x"), Set.of(401),
                    "the key does not match"));
            cases.add(new Case("key in another case", none, (s, fresh) -> s.faithful(BODY, fresh).withSignature(SECRET.toUpperCase(Locale.ROOT)), Set.of(401),
                    "the key does not match"));
            cases.add(new Case("key of 64 KB", none, (s, fresh) -> s.faithful(BODY, fresh).withSignature(SECRET.repeat(2700)), Set.of(401),
                    "the key does not match"));
            cases.add(new Case("the same request again (no replay to tell)", (s, fresh) -> List.of(s.faithful(BODY, fresh)), (s, fresh) -> s.faithful(BODY, fresh),
                    Set.of(200), null));
            return cases.build().toList();
        }
        cases.add(new Case("body changed after signing", none, (s, fresh) -> s.faithful(BODY, fresh).withBody(changed(BODY, BODY.length / 2)), Set.of(401),
                "the signature does not match"));
        cases.add(new Case("4 MB body with its last byte changed", none, (s, fresh) -> {
            final byte[] body = huge();
            return s.faithful(body, fresh).withBody(changed(body, body.length - 1));
        }, Set.of(401), "the signature does not match"));
        cases.add(new Case("signature a bit off", none, (s, fresh) -> {
            final Request faithful = s.faithful(BODY, fresh);
            final byte[] signature = s.signature(BODY, faithful.timestamp());
            signature[7] ^= 0x10;
            return faithful.withSignature(s.encode(signature));
        }, Set.of(401), "the signature does not match"));
        cases.add(new Case("signature cut short", none, (s, fresh) -> {
            final Request faithful = s.faithful(BODY, fresh);
            return faithful.withSignature(s.encode(Arrays.copyOf(s.signature(BODY, faithful.timestamp()), 16)));
        }, Set.of(401), "the signature does not match"));
        cases.add(new Case("no signature", none, (s, fresh) -> s.faithful(BODY, fresh).withSignature(null), Set.of(401), "no signature header"));
        cases.add(new Case("blank signature", none, (s, fresh) -> s.faithful(BODY, fresh).withSignature(" "), Set.of(401), "no signature header"));
        cases.add(new Case("signature in the other encoding", none, (s, fresh) -> {
            final Request faithful = s.faithful(BODY, fresh);
            final byte[] signature = s.signature(BODY, faithful.timestamp());
            return faithful.withSignature(s.hex ? Base64.getEncoder().encodeToString(signature) : HexFormat.of().formatHex(signature));
        }, REJECTED, null));
        cases.add(new Case("signature of non-ASCII and control characters", none, (s, fresh) -> s.faithful(BODY, fresh).withSignature("é€\u0000\u202E😀\t=="),
                Set.of(400), "not in the configured encoding"));
        cases.add(new Case("signature of 64 KB", none, (s, fresh) -> s.faithful(BODY, fresh).withSignature("A".repeat(65_536)), REJECTED, null));
        cases.add(new Case("the same request again", (s, fresh) -> List.of(s.faithful(BODY, fresh)), (s, fresh) -> s.faithful(BODY, fresh), Set.of(401),
                "already used"));
        // the same signature bytes written otherwise: still the same request
        cases.add(new Case("the same request again, its signature re-encoded", (s, fresh) -> List.of(s.faithful(BODY, fresh)),
                (s, fresh) -> {
                    final Request faithful = s.faithful(BODY, fresh);
                    final byte[] signature = s.signature(BODY, faithful.timestamp());
                    final String prefix = s == Scheme.HMAC_HEX_EPOCH_SECONDS ? "SHA256=" : "";
                    return faithful.withSignature(prefix + (s.hex ? HexFormat.of().withUpperCase().formatHex(signature)
                            : Base64.getUrlEncoder().withoutPadding().encodeToString(signature)));
                }, Set.of(401), "already used"));
        cases.add(new Case("the same body signed anew", (s, fresh) -> List.of(s.faithful(BODY, fresh)),
                (s, fresh) -> s.faithful(BODY, fresh.plusSeconds(2)), Set.of(timestamped ? 200 : 401), timestamped ? null : "already used"));
        if (!timestamped) {
            return cases.build().toList();
        }
        cases.add(new Case("no timestamp", none, (s, fresh) -> new Request(BODY, null, s.faithful(BODY, fresh).signature()), Set.of(401), "no timestamp header"));
        cases.add(new Case("stale timestamp, signed", none, (s, fresh) -> s.faithful(BODY, fresh.minus(Duration.ofHours(1))), Set.of(401),
                "outside the tolerance"));
        cases.add(new Case("timestamp in the future, signed", none, (s, fresh) -> s.faithful(BODY, fresh.plus(Duration.ofHours(1))), Set.of(401),
                "outside the tolerance"));
        cases.add(new Case("timestamp of 1970, signed", none, (s, fresh) -> s.faithful(BODY, Instant.EPOCH), Set.of(401), "outside the tolerance"));
        for (final String timestamp : List.of("yesterday", "1.7645814E9", "99999999999999999999999", Long.toString(Long.MAX_VALUE),
                Long.toString(Long.MIN_VALUE), "-1", "0x1F", "\u0661\u0667\u0666\u0664", "2026-13-45T99:99:99Z", "+999999999-12-31T23:59:59Z", "é\u0000")) {
            cases.add(new Case("timestamp " + printable(timestamp) + ", signed", none,
                    (s, fresh) -> new Request(BODY, timestamp, s.encode(s.signature(BODY, timestamp))), REJECTED, null));
        }
        return cases.build().toList();
    }

    @TestFactory
    Stream<DynamicContainer> everySchemeAnswersEveryRequestWithAReason() {
        return Arrays.stream(Scheme.values()).map(scheme -> DynamicContainer.dynamicContainer(scheme.name(),
                cases(scheme).stream().map(each -> DynamicTest.dynamicTest(each.name(), () -> check(scheme, each)))));
    }

    private static void check(final Scheme scheme, final Case each) throws Exception {
        final ProcessorSetup setup = new ProcessorSetup(scheme.name(), VerifyWebhookSignature.class, runner -> {
            runner.setProperty(VerifyWebhookSignature.SECRET, SECRET);
            scheme.configure(runner);
        }).judgedBy(ProcessorSetup.Contract.REQUEST);
        final TestRunner runner = setup.newRunner();
        runner.assertValid();
        // one time for the case: a request sent again carries the very timestamp of the first (10 seconds old, the tolerance 5 minutes)
        final Instant fresh = Instant.now().minusSeconds(10);
        for (final Request earlier : each.earlier().apply(scheme, fresh)) {
            runner.enqueue(earlier.body(), scheme.attributes(earlier));
        }
        final int sentBefore = runner.getQueueSize().getObjectCount();
        if (sentBefore > 0) {
            runner.run(sentBefore, false, true);
            runner.assertAllFlowFilesTransferred(VerifyWebhookSignature.REL_VERIFIED, sentBefore);
            runner.clearTransferState();
        }
        final Request request = each.request().apply(scheme, fresh);
        final Map<String, String> attributes = scheme.attributes(request);
        if (each.name().equals("no http.method")) {
            attributes.remove("http.method");
        }
        runner.enqueue(request.body(), attributes);
        runner.run(1, true, sentBefore == 0);
        final String label = scheme + " / " + each.name();
        final RunOutcome outcome = RunOutcome.of(setup, runner, RecordFormat.JSON, request.body(), label);
        outcome.assertConserved(-1).assertNoLeak(List.of(SECRET, MARKER));
        final MockFlowFile answered = Stream.of(VerifyWebhookSignature.REL_VERIFIED, VerifyWebhookSignature.REL_REJECTED, VerifyWebhookSignature.REL_FAILURE)
                .flatMap(relationship -> runner.getFlowFilesForRelationship(relationship).stream()).findFirst().orElseThrow();
        final int status = Integer.parseInt(answered.getAttribute("crm.webhook.status.code"));
        final String reason = answered.getAttribute("crm.webhook.reason");
        assertTrue(each.statuses().contains(status), label + ": answered " + status + " (" + reason + "), expected one of " + each.statuses());
        if (each.reason() != null) {
            assertTrue(reason != null && reason.contains(each.reason()), label + ": the reason '" + reason + "' says " + each.reason());
        }
        if (status == 200) {
            assertEquals(null, reason, label);
        }
        if (scheme == Scheme.SHARED_KEY_QUERY && request.signature() != null) {
            // the key leaves the query string; the other parameters stay
            assertEquals("portal=62515", answered.getAttribute("http.query.string"), label);
            assertEquals("62515", answered.getAttribute("http.query.param.portal"), label);
        }
    }

    private static byte[] hmac(final byte[] content) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(content);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(final String before, final byte[] body, final String after) {
        final byte[] head = before.getBytes(StandardCharsets.UTF_8);
        final byte[] tail = after == null ? new byte[0] : after.getBytes(StandardCharsets.UTF_8);
        final byte[] all = Arrays.copyOf(head, head.length + body.length + tail.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        System.arraycopy(tail, 0, all, head.length + body.length, tail.length);
        return all;
    }

    /** A JSON body of 4 MB without NUL bytes. */
    private static byte[] huge() {
        final StringBuilder body = new StringBuilder("[");
        while (body.length() < 4 << 20) {
            body.append("{\"id\":\"").append(MARKER).append(body.length()).append("\",\"note\":\"").append("x".repeat(200)).append("\"},");
        }
        body.setCharAt(body.length() - 1, ']');
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] changed(final byte[] body, final int at) {
        final byte[] copy = body.clone();
        copy[at] = (byte) (copy[at] == 'a' ? 'b' : 'a');
        return copy;
    }

    private static String printable(final String text) {
        final StringBuilder out = new StringBuilder();
        text.codePoints().forEach(point -> out.append(point < 0x20 || point > 0x7E ? String.format("\\u%04x", point) : Character.toString(point)));
        return out.toString();
    }
}
