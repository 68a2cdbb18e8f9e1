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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifier against an independent signer, on generated senders and requests (seeded, so a failure repeats): every
 * faithful delivery is verified, at every timestamp within the tolerance up to its edges, and every single mutation of
 * a signed part (one body bit, a byte more or less, the method, one URL character, the timestamp, the signature's bytes,
 * its text, the secret) is rejected with the reason the usage page gives for it.
 * <p>
 * The signer here builds the signed content itself from the scheme's description (HubSpot v3: method, URI with HubSpot's
 * characters decoded, body, timestamp; generic: the layout's literal text and placeholders) and signs it with a
 * {@link Mac} of its own, so the verifier is checked against the schemes, not against its own {@code sign}.
 */
class WebhookVerifierGeneratedTest {
    private static final long SEED = 20261205L;
    private static final int SENDERS = 80;
    private static final Instant BASE = Instant.parse("2026-12-01T09:30:00Z");
    private static final String[] LAYOUTS = {"{body}", "{timestamp}.{body}", "v0:{timestamp}:{body}", "{method}{uri}{body}{timestamp}",
            "{method} {uri}\n{timestamp}\n{body}", "{uri}|{body}"};
    private static final String[] HEADERS = {"X-Signature", "X-Hub-Signature-256", "X-Slack-Signature", "X-Crm-Signature"};
    private static final String[] PREFIXES = {null, "sha256=", "v0=", "v1,"};
    /** HubSpot's list: these percent-encoded characters are decoded in the URI before signing. */
    private static final String HUBSPOT_DECODES = ":/?@!$'()*,;";

    private final Random random = new Random(SEED);
    private int faithful;
    private int mutations;

    /** How one generated sender writes its requests. */
    private record Sender(boolean hubSpot, byte[] secret, String signatureHeader, SignatureEncoding encoding, String spelling, String prefix,
                          boolean sendsPrefix, String layout, String timestampHeader, TimestampFormat format, Duration tolerance) {
        boolean signs(final String placeholder) {
            return layout.contains("{" + placeholder + "}");
        }

        WebhookVerifier verifier() {
            if (hubSpot) {
                return WebhookVerifier.hubSpotV3(secret, tolerance);
            }
            final WebhookVerifier.Builder builder = WebhookVerifier.hmacSha256(secret, signatureHeader).encoding(encoding).prefix(prefix)
                    .content(SignedContent.parse(layout)).tolerance(tolerance);
            if (timestampHeader != null) {
                builder.timestamp(timestampHeader, format, tolerance);
            }
            return builder.build();
        }
    }

    /** One delivery as the sender made it. */
    private record Delivery(String method, String url, byte[] body, Map<String, String> headers, Instant signedAt) {
        Delivery with(final String header, final String value) {
            final Map<String, String> changed = new HashMap<>(headers);
            if (value == null) {
                changed.remove(header);
            } else {
                changed.put(header, value);
            }
            return new Delivery(method, url, body, changed, signedAt);
        }

        Delivery withBody(final byte[] changed) {
            return new Delivery(method, url, changed, headers, signedAt);
        }

        WebhookRequest request() {
            return new WebhookRequest(method, url, headers);
        }
    }

    @Test
    void everyFaithfulDeliveryIsVerifiedAndEverySingleMutationIsRejectedWithItsReason() throws IOException {
        for (int senderNumber = 0; senderNumber < SENDERS; senderNumber++) {
            final Sender sender = sender();
            final WebhookVerifier verifier = sender.verifier();
            for (int delivery = 0; delivery < 4; delivery++) {
                check(sender, verifier, deliver(sender), senderNumber + "/" + delivery);
            }
        }
        assertTrue(faithful >= 10 * SENDERS && mutations >= 40 * SENDERS, faithful + " deliveries, " + mutations + " mutations");
    }

    private void check(final Sender sender, final WebhookVerifier verifier, final Delivery delivery, final String where) throws IOException {
        final Instant signedAt = delivery.signedAt();
        final Duration tolerance = sender.tolerance();
        final String what = where + " " + sender;

        // faithful: within the tolerance, at its edges, and late or early by a random amount within it
        final Instant[] nows = sender.timestampHeader() == null
                ? new Instant[] {signedAt, signedAt.plus(tolerance.multipliedBy(3))}
                : new Instant[] {signedAt, signedAt.plus(tolerance), signedAt.minus(tolerance), signedAt.plusMillis(random.nextLong(tolerance.toMillis() + 1)),
                        signedAt.minusMillis(random.nextLong(tolerance.toMillis() + 1))};
        byte[] expectedSignature = null;
        for (final Instant now : nows) {
            final Verification verification = verify(verifier, delivery, now);
            assertTrue(verification.isVerified(), what + " at " + now + ": " + verification);
            assertEquals(sender.timestampHeader() == null ? null : signedAt, verification.signedAt(), what);
            expectedSignature = Base64.getDecoder().decode(verification.signatureKey());
            faithful++;
        }
        assertArrayEquals(reference(sender, delivery), expectedSignature, what + ": the key is the signature's bytes");

        final Instant now = signedAt.plusMillis(random.nextLong(-tolerance.toMillis() / 2, tolerance.toMillis() / 2 + 1));
        // the body: one bit, one byte more, one byte less
        final byte[] body = delivery.body();
        if (body.length > 0) {
            final byte[] flipped = body.clone();
            flipped[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
            expect(Rejection.SIGNATURE_MISMATCH, verifier, delivery.withBody(flipped), now, what + " one body bit");
            expect(Rejection.SIGNATURE_MISMATCH, verifier, delivery.withBody(Arrays.copyOf(body, body.length - 1)), now, what + " last body byte dropped");
        }
        final byte[] longer = Arrays.copyOf(body, body.length + 1);
        longer[body.length] = (byte) random.nextInt(256);
        expect(Rejection.SIGNATURE_MISMATCH, verifier, delivery.withBody(longer), now, what + " one body byte more");

        // the method and the URL: rejected when signed, irrelevant when not
        final Delivery otherMethod = new Delivery(delivery.method().equals("POST") ? "PUT" : "POST", delivery.url(), body, delivery.headers(), signedAt);
        expectSignedOrNot(sender.signs("method"), verifier, otherMethod, now, what + " method");
        final Delivery otherUrl = new Delivery(delivery.method(), mutateUrl(delivery.url()), body, delivery.headers(), signedAt);
        expectSignedOrNot(sender.signs("uri"), verifier, otherUrl, now, what + " URL " + otherUrl.url());

        // the signature header: missing, blank, its bytes changed, cut short, not in the encoding, another secret's
        final String header = signatureHeaderAsSent(sender, delivery);
        expect(Rejection.MISSING_SIGNATURE, verifier, delivery.with(header, null), now, what + " no signature");
        expect(Rejection.MISSING_SIGNATURE, verifier, delivery.with(header, " "), now, what + " blank signature");
        final byte[] signature = reference(sender, delivery);
        final byte[] changed = signature.clone();
        changed[random.nextInt(changed.length)] ^= (byte) (1 << random.nextInt(8));
        expect(Rejection.SIGNATURE_MISMATCH, verifier, delivery.with(header, write(sender, changed)), now, what + " one signature bit");
        expect(Rejection.SIGNATURE_MISMATCH, verifier, delivery.with(header, write(sender, Arrays.copyOf(signature, 31))), now, what + " 31 bytes");
        expect(Rejection.SIGNATURE_MISMATCH, verifier, delivery.with(header, write(sender, Arrays.copyOf(signature, 33))), now, what + " 33 bytes");
        final String text = delivery.headers().get(header);
        final int at = text.length() - 1 - random.nextInt(Math.min(8, text.length()));
        expect(Rejection.MALFORMED_SIGNATURE, verifier, delivery.with(header, text.substring(0, at) + "#" + text.substring(at + 1)), now,
                what + " a character outside the encoding");
        final Sender otherSecret = new Sender(sender.hubSpot(), (new String(sender.secret(), StandardCharsets.UTF_8) + "x").getBytes(StandardCharsets.UTF_8),
                sender.signatureHeader(), sender.encoding(), sender.spelling(), sender.prefix(), sender.sendsPrefix(), sender.layout(),
                sender.timestampHeader(), sender.format(), sender.tolerance());
        expect(Rejection.SIGNATURE_MISMATCH, verifier, delivery.with(header, write(sender, reference(otherSecret, delivery))), now, what + " other secret");

        // the timestamp header: missing, unreadable, outside the tolerance (before the signature is computed), another fresh value
        if (sender.timestampHeader() != null) {
            final String timestampHeader = timestampHeaderAsSent(sender, delivery);
            expect(Rejection.MISSING_TIMESTAMP, verifier, delivery.with(timestampHeader, null), now, what + " no timestamp");
            expect(Rejection.MALFORMED_TIMESTAMP, verifier, delivery.with(timestampHeader, "yesterday"), now, what + " unreadable timestamp");
            final Duration unit = sender.format() == TimestampFormat.EPOCH_SECONDS ? Duration.ofSeconds(1) : Duration.ofMillis(1);
            expect(Rejection.STALE_TIMESTAMP, verifier, delivery, signedAt.plus(tolerance).plus(unit), what + " late by one unit");
            expect(Rejection.STALE_TIMESTAMP, verifier, delivery, signedAt.minus(tolerance).minus(unit), what + " early by one unit");
            final Instant otherTime = signedAt.plus(unit.multipliedBy(1 + random.nextInt(3)));
            expect(Rejection.SIGNATURE_MISMATCH, verifier, delivery.with(timestampHeader, timestamp(sender.format(), otherTime)), otherTime,
                    what + " another fresh timestamp");
        }
    }

    private void expectSignedOrNot(final boolean signed, final WebhookVerifier verifier, final Delivery delivery, final Instant now, final String what)
            throws IOException {
        if (signed) {
            expect(Rejection.SIGNATURE_MISMATCH, verifier, delivery, now, what);
        } else {
            assertTrue(verify(verifier, delivery, now).isVerified(), what + " is not signed");
        }
    }

    private void expect(final Rejection expected, final WebhookVerifier verifier, final Delivery delivery, final Instant now, final String what)
            throws IOException {
        assertEquals("rejected: " + expected.reason(), verify(verifier, delivery, now).toString(), what);
        mutations++;
    }

    private static Verification verify(final WebhookVerifier verifier, final Delivery delivery, final Instant now) throws IOException {
        return verifier.verify(delivery.request(), new ByteArrayInputStream(delivery.body()), now);
    }

    private Sender sender() {
        final byte[] secret = randomText(1 + random.nextInt(40)).getBytes(StandardCharsets.UTF_8);
        final Duration tolerance = Duration.ofMillis(1000 + random.nextLong(3_600_000));
        if (random.nextInt(4) == 0) {
            return new Sender(true, secret, WebhookVerifier.HUBSPOT_SIGNATURE_HEADER, SignatureEncoding.BASE64, "base64", null, false,
                    "{method}{uri}{body}{timestamp}", WebhookVerifier.HUBSPOT_TIMESTAMP_HEADER, TimestampFormat.EPOCH_MILLISECONDS, tolerance);
        }
        final SignatureEncoding encoding = random.nextBoolean() ? SignatureEncoding.HEX : SignatureEncoding.BASE64;
        final String spelling = encoding == SignatureEncoding.HEX ? (random.nextBoolean() ? "hex" : "HEX")
                : new String[] {"base64", "base64url", "base64 unpadded", "base64url unpadded"}[random.nextInt(4)];
        final String prefix = PREFIXES[random.nextInt(PREFIXES.length)];
        final String layout = LAYOUTS[random.nextInt(LAYOUTS.length)];
        final boolean timestamped = layout.contains("{timestamp}");
        return new Sender(false, secret, HEADERS[random.nextInt(HEADERS.length)], encoding, spelling, prefix, prefix != null && random.nextInt(4) > 0,
                layout, timestamped ? "X-Timestamp" : null, TimestampFormat.values()[random.nextInt(3)], tolerance);
    }

    private Delivery deliver(final Sender sender) {
        final Instant signedAt = sender.format() == TimestampFormat.EPOCH_SECONDS || sender.timestampHeader() == null
                ? BASE.plusSeconds(random.nextInt(1_000_000)) : BASE.plusMillis(random.nextLong(1_000_000_000L));
        final String method = random.nextInt(5) == 0 ? "PUT" : "POST";
        final StringBuilder url = new StringBuilder("https://hooks.example.com/");
        final String pathCharacters = "abcdefxyz0189-_.~";
        for (int character = 0; character < 1 + random.nextInt(20); character++) {
            url.append(random.nextInt(8) == 0 ? "%" + HexFormat.of().withUpperCase().toHexDigits((byte) randomUrlEncoded())
                    : String.valueOf(pathCharacters.charAt(random.nextInt(pathCharacters.length()))));
        }
        if (random.nextBoolean()) {
            url.append("?portal=").append(random.nextInt(100_000)).append(random.nextBoolean() ? "&x=%3A%2F" : "");
        }
        final byte[] body = switch (random.nextInt(4)) {
            case 0 -> new byte[0];
            case 1 -> randomText(random.nextInt(2000)).getBytes(StandardCharsets.UTF_8);
            default -> {
                final byte[] bytes = new byte[random.nextInt(8_000)];
                random.nextBytes(bytes);
                yield bytes;
            }
        };
        final Map<String, String> headers = new HashMap<>();
        headers.put(randomCase("Content-Type"), "application/json");
        String timestamp = null;
        if (sender.timestampHeader() != null) {
            timestamp = timestamp(sender.format(), signedAt);
            headers.put(randomCase(sender.timestampHeader()), timestamp);
        }
        final Delivery unsigned = new Delivery(method, url.toString(), body, headers, signedAt);
        final String value = write(sender, reference(sender, unsigned));
        headers.put(randomCase(sender.signatureHeader()), random.nextInt(5) == 0 ? " " + value + " " : value);
        return new Delivery(method, url.toString(), body, headers, signedAt);
    }

    /** A byte HubSpot decodes, or another one percent-encoding keeps. */
    private int randomUrlEncoded() {
        return random.nextBoolean() ? HUBSPOT_DECODES.charAt(random.nextInt(HUBSPOT_DECODES.length())) : "% &=+#\"<>".charAt(random.nextInt(9));
    }

    /** Changes one character of the URL to one that is different after HubSpot's decoding too. */
    private String mutateUrl(final String url) {
        final int at = "https://hooks.example.com/".length() + random.nextInt(url.length() - "https://hooks.example.com/".length());
        final char replaced = url.charAt(at);
        final char replacement = replaced == 'q' ? 'Q' : 'q';
        return url.substring(0, at) + replacement + url.substring(at + 1);
    }

    private static String timestamp(final TimestampFormat format, final Instant at) {
        return switch (format) {
            case EPOCH_SECONDS -> Long.toString(at.getEpochSecond());
            case EPOCH_MILLISECONDS -> Long.toString(at.toEpochMilli());
            case ISO_8601 -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
        };
    }

    private String write(final Sender sender, final byte[] signature) {
        final String encoded = switch (sender.spelling()) {
            case "hex" -> HexFormat.of().formatHex(signature);
            case "HEX" -> HexFormat.of().withUpperCase().formatHex(signature);
            case "base64" -> Base64.getEncoder().encodeToString(signature);
            case "base64url" -> Base64.getUrlEncoder().encodeToString(signature);
            case "base64 unpadded" -> Base64.getEncoder().withoutPadding().encodeToString(signature);
            case "base64url unpadded" -> Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
            default -> throw new IllegalStateException(sender.spelling());
        };
        return sender.sendsPrefix() ? (random.nextBoolean() ? sender.prefix() : sender.prefix().toUpperCase(Locale.ROOT)) + encoded : encoded;
    }

    /** The signature an independent implementation of the scheme computes. */
    private static byte[] reference(final Sender sender, final Delivery delivery) {
        final ByteArrayOutputStream content = new ByteArrayOutputStream();
        final String uri = sender.hubSpot() ? hubSpotDecoded(delivery.url()) : delivery.url();
        final String timestamp = sender.timestampHeader() == null ? null : headerValue(delivery.headers(), sender.timestampHeader());
        final String layout = sender.layout();
        int position = 0;
        while (position < layout.length()) {
            if (layout.startsWith("{method}", position)) {
                content.writeBytes(delivery.method().getBytes(StandardCharsets.UTF_8));
                position += "{method}".length();
            } else if (layout.startsWith("{uri}", position)) {
                content.writeBytes(uri.getBytes(StandardCharsets.UTF_8));
                position += "{uri}".length();
            } else if (layout.startsWith("{body}", position)) {
                content.writeBytes(delivery.body());
                position += "{body}".length();
            } else if (layout.startsWith("{timestamp}", position)) {
                content.writeBytes(timestamp.getBytes(StandardCharsets.UTF_8));
                position += "{timestamp}".length();
            } else {
                content.writeBytes(String.valueOf(layout.charAt(position)).getBytes(StandardCharsets.UTF_8));
                position++;
            }
        }
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sender.secret(), "HmacSHA256"));
            return mac.doFinal(content.toByteArray());
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hubSpotDecoded(final String url) {
        final StringBuilder decoded = new StringBuilder();
        for (int position = 0; position < url.length(); position++) {
            if (url.charAt(position) == '%' && position + 2 < url.length()) {
                final char character = (char) Integer.parseInt(url.substring(position + 1, position + 3), 16);
                if (HUBSPOT_DECODES.indexOf(character) >= 0) {
                    decoded.append(character);
                    position += 2;
                    continue;
                }
            }
            decoded.append(url.charAt(position));
        }
        return decoded.toString();
    }

    private static String headerValue(final Map<String, String> headers, final String name) {
        return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name)).map(header -> header.getValue().trim())
                .findFirst().orElseThrow();
    }

    private static String signatureHeaderAsSent(final Sender sender, final Delivery delivery) {
        return delivery.headers().keySet().stream().filter(name -> name.equalsIgnoreCase(sender.signatureHeader())).findFirst().orElseThrow();
    }

    private static String timestampHeaderAsSent(final Sender sender, final Delivery delivery) {
        return delivery.headers().keySet().stream().filter(name -> name.equalsIgnoreCase(sender.timestampHeader())).findFirst().orElseThrow();
    }

    private String randomCase(final String name) {
        final StringBuilder cased = new StringBuilder(name.length());
        for (final char character : name.toCharArray()) {
            cased.append(random.nextInt(3) == 0 ? Character.toUpperCase(character) : random.nextInt(2) == 0 ? Character.toLowerCase(character) : character);
        }
        return cased.toString();
    }

    private String randomText(final int length) {
        final String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 {}\":,[]-_.\nçéü€😀";
        final StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return text.toString();
    }

    /**
     * HubSpot v1/v2 against an independent reference (SHA-256 of the secret followed by the body, or by method, URL and
     * body): every faithful delivery of a text body is verified, whatever the version header's case or its absence (v2),
     * and every single mutation of a signed part, the version, the signature or the secret is rejected with its reason; a
     * body holding a NUL, signed correctly, is rejected as an extension would be.
     */
    @Test
    void everyFaithfulHubSpotV1V2DeliveryIsVerifiedAndEverySingleMutationIsRejected() throws IOException {
        int checked = 0;
        for (int senderNumber = 0; senderNumber < SENDERS; senderNumber++) {
            final byte[] secret = randomText(1 + random.nextInt(40)).getBytes(StandardCharsets.UTF_8);
            final WebhookVerifier verifier = WebhookVerifier.hubSpotV1V2(secret, Duration.ofMinutes(5));
            for (int delivery = 0; delivery < 4; delivery++) {
                final String version = new String[] {"v1", "V1", "v2", "v2", null}[random.nextInt(5)];
                final boolean v1 = "v1".equalsIgnoreCase(version);
                final String method = random.nextInt(5) == 0 ? "GET" : "POST";
                final String url = "https://hooks.example.com/" + randomText(1 + random.nextInt(12)).replaceAll("[^a-z0-9]", "x")
                        + (random.nextBoolean() ? "?portalId=" + random.nextInt(100_000) : "");
                final byte[] body = method.equals("GET") ? new byte[0] : randomText(random.nextInt(2000)).getBytes(StandardCharsets.UTF_8);
                final boolean capitals = random.nextBoolean();
                final String what = senderNumber + "/" + delivery + " " + version + " " + method + " " + url;
                final Instant now = BASE.plusSeconds(random.nextInt(1_000_000));

                final String signature = v1V2Hex(secret, v1, method, url, body, capitals);
                assertTrue(verifyV1V2(verifier, method, url, body, signature, version, now).isVerified(), what);
                checked++;

                if (body.length > 0) {
                    final byte[] flipped = body.clone();
                    flipped[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
                    assertEquals(Rejection.SIGNATURE_MISMATCH, verifyV1V2(verifier, method, url, flipped, signature, version, now).rejection(),
                            what + " one body bit");
                }
                final byte[] longer = Arrays.copyOf(body, body.length + 1);
                longer[body.length] = (byte) (1 + random.nextInt(255));
                assertEquals(Rejection.SIGNATURE_MISMATCH, verifyV1V2(verifier, method, url, longer, signature, version, now).rejection(),
                        what + " one body byte more");
                final String otherMethod = method.equals("POST") ? "PUT" : "POST";
                final String otherUrl = url + "x";
                assertEquals(v1, verifyV1V2(verifier, otherMethod, url, body, signature, version, now).isVerified(), what + " method");
                assertEquals(v1, verifyV1V2(verifier, method, otherUrl, body, signature, version, now).isVerified(), what + " URL");
                assertEquals(Rejection.SIGNATURE_MISMATCH, verifyV1V2(verifier, method, url, body, signature, v1 ? "v2" : "v1", now).rejection(),
                        what + " the other version");
                final byte[] signatureBytes = HexFormat.of().parseHex(signature);
                signatureBytes[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
                assertEquals(Rejection.SIGNATURE_MISMATCH, verifyV1V2(verifier, method, url, body, HexFormat.of().formatHex(signatureBytes), version, now)
                        .rejection(), what + " one signature bit");
                final byte[] otherSecret = Arrays.copyOf(secret, secret.length + 1);
                otherSecret[secret.length] = 'x';
                assertEquals(Rejection.SIGNATURE_MISMATCH, verifyV1V2(verifier, method, url, body, v1V2Hex(otherSecret, v1, method, url, body, capitals),
                        version, now).rejection(), what + " other secret");
                final byte[] withNul = Arrays.copyOf(body, body.length + 1 + random.nextInt(8));
                assertEquals(Rejection.NUL_IN_BODY, verifyV1V2(verifier, method, url, withNul, v1V2Hex(secret, v1, method, url, withNul, capitals),
                        version, now).rejection(), what + " a NUL, signed");
                mutations += 8;
            }
        }
        assertTrue(checked == 4 * SENDERS && mutations >= 28 * SENDERS, checked + " deliveries, " + mutations + " mutations");
    }

    private static Verification verifyV1V2(final WebhookVerifier verifier, final String method, final String url, final byte[] body, final String signature,
                                           final String version, final Instant now) throws IOException {
        final Map<String, String> headers = new HashMap<>();
        headers.put("X-HubSpot-Signature", signature);
        if (version != null) {
            headers.put("X-HubSpot-Signature-Version", version);
        }
        return verifier.verify(new WebhookRequest(method, url, headers), new ByteArrayInputStream(body), now);
    }

    /** HubSpot's v1 or v2 signature as its documentation describes it, computed here without the verifier. */
    private static String v1V2Hex(final byte[] secret, final boolean v1, final String method, final String url, final byte[] body,
                                  final boolean capitals) {
        final ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(secret);
        if (!v1) {
            content.writeBytes((method + url).getBytes(StandardCharsets.UTF_8));
        }
        content.writeBytes(body);
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.toByteArray());
            return capitals ? HexFormat.of().withUpperCase().formatHex(digest) : HexFormat.of().formatHex(digest);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 32 MiB body, made as it is read, is streamed through the HMAC: verified like any other. */
    @Test
    void aHugeBodyIsStreamedThroughTheSignature() throws IOException {
        final byte[] secret = "s3cret".getBytes(StandardCharsets.UTF_8);
        final long size = 32L * 1024 * 1024;
        final WebhookVerifier verifier = WebhookVerifier.hmacSha256(secret, "X-Signature").encoding(SignatureEncoding.HEX).build();
        final Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        final byte[] block = new byte[64 * 1024];
        new Random(SEED).nextBytes(block);
        for (long written = 0; written < size; written += block.length) {
            mac.update(block);
        }
        final String signature = HexFormat.of().formatHex(mac.doFinal());
        final WebhookRequest request = new WebhookRequest("POST", "", Map.of("X-Signature", signature));
        assertTrue(verifier.verify(request, repeating(block, size), BASE).isVerified());
    }

    /** A stream of the block repeated, made as it is read. */
    private static InputStream repeating(final byte[] block, final long size) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < size ? block[(int) (position++ % block.length)] & 0xFF : -1;
            }

            @Override
            public int read(final byte[] buffer, final int offset, final int length) {
                if (position >= size) {
                    return -1;
                }
                final int start = (int) (position % block.length);
                final int count = (int) Math.min(Math.min(length, block.length - start), size - position);
                System.arraycopy(block, start, buffer, offset, count);
                position += count;
                return count;
            }
        };
    }
}
