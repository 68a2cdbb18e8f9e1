package dev.nificrm.webhook;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a webhook request was signed by a sender that knows the shared secret, recently: the signature header
 * must hold the HMAC-SHA256 of the request's signed content (see {@link SignedContent}) under the secret, compared in
 * constant time, and the timestamp header (when the scheme has one) must lie within the tolerance of now. Built once
 * from the configuration; immutable and safe for concurrent use.
 * <p>
 * HubSpot's v3 signature ({@link #hubSpotV3}): {@code X-HubSpot-Signature-v3} = Base64(HMAC-SHA256(client secret,
 * method + URI + body + timestamp)), where the timestamp is {@code X-HubSpot-Request-Timestamp} in epoch milliseconds,
 * rejected when older than 5 minutes, and the URI has the characters HubSpot lists decoded ({@code %3A} → {@code :}...).
 * Any other HMAC-SHA256 sender ({@link #hmacSha256}) is described by its header, encoding, prefix, signed content and
 * optional timestamp. A sender that cannot sign but sends the secret itself, as Dynamics 365 does ({@link #sharedKey}:
 * WebhookKey sends it as the query parameter {@code code}), proves only that it knows the key: its body is not
 * covered. A sender that returns the secret inside its body, as Zoho CRM's Notifications API returns the channel's
 * {@code token} ({@link #bodyToken}), proves the same and no more; the caller reads the token out of the body (with a
 * record reader) and hands it to {@link #verifyBodyTokens}.
 * <p>
 * HubSpot's older signatures ({@link #hubSpotV1V2}), which its CRM extensions and workflow webhooks still send in
 * {@code X-HubSpot-Signature}, are no HMAC but the hexadecimal SHA-256 of the client secret followed by the body (v1) or
 * by method + URI + body (v2), as {@code X-HubSpot-Signature-Version} says; they carry no timestamp. A hash of a secret
 * followed by the message can be extended by anyone who sees one signature (SHA-256's length extension): the extended
 * body then holds the hash's padding, which always includes NUL bytes. No JSON, form or XML body holds a raw NUL, so
 * such a body is rejected.
 * <p>
 * While a sender's secret is rotated, a previous secret is accepted beside the current one
 * ({@link #acceptingAlso}); the verification says which one the request proved itself with.
 */
public final class WebhookVerifier {
    /** The tolerance HubSpot documents for its v3 signature's timestamp. */
    public static final Duration HUBSPOT_TOLERANCE = Duration.ofMinutes(5);
    public static final String HUBSPOT_SIGNATURE_HEADER = "X-HubSpot-Signature-v3";
    public static final String HUBSPOT_TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp";
    public static final String HUBSPOT_V1_V2_SIGNATURE_HEADER = "X-HubSpot-Signature";
    public static final String HUBSPOT_VERSION_HEADER = "X-HubSpot-Signature-Version";

    private static final String ALGORITHM = "HmacSHA256";
    /** The percent-encoded characters HubSpot decodes in the URI before signing it. */
    private static final Map<String, String> HUBSPOT_DECODED = Map.ofEntries(Map.entry("3A", ":"), Map.entry("2F", "/"),
            Map.entry("3F", "?"), Map.entry("40", "@"), Map.entry("21", "!"), Map.entry("24", "$"), Map.entry("27", "'"),
            Map.entry("28", "("), Map.entry("29", ")"), Map.entry("2A", "*"), Map.entry("2C", ","), Map.entry("3B", ";"));
    private static final Pattern PERCENT_ENCODED = Pattern.compile("%([0-9A-Fa-f]{2})");

    private final SecretKeySpec key;
    /** The secret being rotated out, accepted beside {@link #key}; null when none is. */
    private final SecretKeySpec previousKey;
    /** Where a shared key is sent (null: the request is signed). */
    private final KeyLocation keyLocation;
    private final String keyName;
    private final String signatureHeader;
    private final SignatureEncoding encoding;
    private final String signaturePrefix;
    private final SignedContent content;
    private final String timestampHeader;
    private final TimestampFormat timestampFormat;
    private final Duration tolerance;
    private final boolean hubSpotUri;
    /** HubSpot v1/v2: the SHA-256 of the secret followed by the content the version header names, instead of an HMAC. */
    private final boolean hubSpotV1V2;

    private WebhookVerifier(final Builder builder) {
        if (builder.secret == null || builder.secret.length == 0) {
            throw new IllegalArgumentException("The secret must not be empty");
        }
        this.key = new SecretKeySpec(builder.secret, ALGORITHM);
        this.previousKey = null;
        this.keyLocation = builder.keyLocation;
        this.keyName = builder.keyName;
        this.signatureHeader = keyLocation != null ? null : Objects.requireNonNull(builder.signatureHeader, "signature header");
        this.encoding = builder.encoding;
        this.signaturePrefix = builder.signaturePrefix == null ? "" : builder.signaturePrefix;
        this.content = builder.content;
        this.timestampHeader = builder.timestampHeader;
        this.timestampFormat = builder.timestampFormat;
        this.tolerance = builder.tolerance;
        this.hubSpotUri = builder.hubSpotUri;
        this.hubSpotV1V2 = builder.hubSpotV1V2;
        if (content.uses(SignedContent.Placeholder.TIMESTAMP) && timestampHeader == null) {
            throw new IllegalArgumentException("The signed content includes {timestamp}: a timestamp header is required");
        }
        if (timestampHeader != null && !content.uses(SignedContent.Placeholder.TIMESTAMP)) {
            // a timestamp the signature does not cover proves nothing: anyone can put a fresh one on a captured request, and
            // once the replay memory has forgotten its signature (after the tolerance) the request passes again
            throw new IllegalArgumentException("A timestamp header is checked: the signed content must include {timestamp}");
        }
    }

    private WebhookVerifier(final WebhookVerifier verifier, final SecretKeySpec previousKey) {
        this.key = verifier.key;
        this.previousKey = previousKey;
        this.keyLocation = verifier.keyLocation;
        this.keyName = verifier.keyName;
        this.signatureHeader = verifier.signatureHeader;
        this.encoding = verifier.encoding;
        this.signaturePrefix = verifier.signaturePrefix;
        this.content = verifier.content;
        this.timestampHeader = verifier.timestampHeader;
        this.timestampFormat = verifier.timestampFormat;
        this.tolerance = verifier.tolerance;
        this.hubSpotUri = verifier.hubSpotUri;
        this.hubSpotV1V2 = verifier.hubSpotV1V2;
    }

    /** HubSpot's v3 signature with the given client secret and timestamp tolerance (HubSpot documents 5 minutes). */
    public static WebhookVerifier hubSpotV3(final byte[] secret, final Duration tolerance) {
        final Builder builder = new Builder(secret, HUBSPOT_SIGNATURE_HEADER);
        builder.encoding = SignatureEncoding.BASE64;
        builder.content = SignedContent.HUBSPOT_V3;
        builder.timestampHeader = HUBSPOT_TIMESTAMP_HEADER;
        builder.timestampFormat = TimestampFormat.EPOCH_MILLISECONDS;
        builder.tolerance = tolerance;
        builder.hubSpotUri = true;
        return new WebhookVerifier(builder);
    }

    /**
     * HubSpot's v1 and v2 signatures with the given client secret: {@code X-HubSpot-Signature} = hex(SHA-256(client secret
     * + body)) when {@code X-HubSpot-Signature-Version} is {@code v1}, hex(SHA-256(client secret + method + URI + body))
     * when it is {@code v2} or absent (HubSpot's CRM extensions document v2 without naming the header). The URI is the URL
     * HubSpot called, exactly, with its query string. Without a timestamp, an identical request within the tolerance is a
     * replay.
     */
    public static WebhookVerifier hubSpotV1V2(final byte[] secret, final Duration tolerance) {
        final Builder builder = new Builder(secret, HUBSPOT_V1_V2_SIGNATURE_HEADER);
        builder.encoding = SignatureEncoding.HEX;
        // the widest of the two layouts: a v2 request needs the URL
        builder.content = SignedContent.HUBSPOT_V2;
        builder.tolerance = tolerance;
        builder.hubSpotV1V2 = true;
        return new WebhookVerifier(builder);
    }

    /** A generic HMAC-SHA256 sender: by default the signature header holds Base64(HMAC(secret, body)), no timestamp. */
    public static Builder hmacSha256(final byte[] secret, final String signatureHeader) {
        return new Builder(secret, signatureHeader);
    }

    /**
     * A sender that sends the secret itself, in a query parameter or a header, rather than a signature: Dynamics 365
     * (WebhookKey: the query parameter {@code code}; HttpHeader: a header of the operator's choosing) and API-key style
     * senders. The key is compared in constant time; the body, method and URL are not covered, and no timestamp is
     * checked: every request carries the same key, so a replay cannot be told from a new request.
     */
    public static WebhookVerifier sharedKey(final byte[] secret, final KeyLocation location, final String name) {
        final Builder builder = new Builder(secret, null);
        builder.keyLocation = Objects.requireNonNull(location, "key location");
        if (location == KeyLocation.BODY) {
            throw new IllegalArgumentException("A token inside the body is checked by bodyToken's verifier");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("The name of the key's query parameter or header must not be blank");
        }
        builder.keyName = name.trim();
        return new WebhookVerifier(builder);
    }

    /**
     * A sender that returns the secret inside its body: Zoho CRM's Notifications API sends the {@code token} given when
     * the channel was enabled back in every notification's JSON body. The caller reads the token of each record of the
     * body and checks them with {@link #verifyBodyTokens}; compared as {@link #sharedKey}'s keys, with the same limits:
     * the rest of the body is not covered, and every request carries the same token, so no replay can be told apart.
     */
    public static WebhookVerifier bodyToken(final byte[] secret) {
        final Builder builder = new Builder(secret, null);
        builder.keyLocation = KeyLocation.BODY;
        return new WebhookVerifier(builder);
    }

    /**
     * This verifier, also accepting requests that prove themselves with a previous secret (while the sender moves to the
     * current one): the same scheme, headers and tolerance.
     */
    public WebhookVerifier acceptingAlso(final byte[] previousSecret) {
        if (previousSecret == null || previousSecret.length == 0) {
            throw new IllegalArgumentException("The previous secret must not be empty");
        }
        return new WebhookVerifier(this, new SecretKeySpec(previousSecret, ALGORITHM));
    }

    /** Whether the signed content includes the URI, so the caller must know the URL the sender called. */
    public boolean signsUri() {
        return keyLocation == null && content.uses(SignedContent.Placeholder.URI);
    }

    /**
     * Whether every accepted request carries a signature of its own, which can be remembered against replays: false for
     * a shared key, which every request carries alike.
     */
    public boolean signsEachRequest() {
        return keyLocation == null;
    }

    /** Whether requests carry a timestamp this verifier checks. */
    public boolean hasTimestamp() {
        return timestampHeader != null;
    }

    /** How long a signature stays acceptable: the timestamp tolerance. */
    public Duration tolerance() {
        return tolerance;
    }

    /**
     * Checks one request.
     *
     * @param request the request's method, URL and headers
     * @param body    the request body, read at most once and only when the headers pass their checks
     * @param now     the current time
     * @throws IOException when the body cannot be read
     */
    public Verification verify(final WebhookRequest request, final InputStream body, final Instant now) throws IOException {
        if (keyLocation == KeyLocation.BODY) {
            throw new IllegalStateException("A token inside the body is read by the caller: check it with verifyBodyTokens");
        }
        if (keyLocation != null) {
            return verifyKey(keyLocation == KeyLocation.HEADER ? request.header(keyName) : request.queryParameter(keyName));
        }
        final String signatureText = request.header(signatureHeader);
        if (signatureText == null) {
            return Verification.rejected(Rejection.MISSING_SIGNATURE);
        }
        final byte[] signature;
        try {
            signature = encoding.decode(signatureText.regionMatches(true, 0, signaturePrefix, 0, signaturePrefix.length())
                    ? signatureText.substring(signaturePrefix.length()) : signatureText);
        } catch (final IllegalArgumentException e) {
            return Verification.rejected(Rejection.MALFORMED_SIGNATURE);
        }

        if (hubSpotV1V2) {
            return verifyHubSpotV1V2(request, signature, body);
        }

        String timestamp = null;
        Instant signedAt = null;
        if (timestampHeader != null) {
            timestamp = request.header(timestampHeader);
            if (timestamp == null) {
                return Verification.rejected(Rejection.MISSING_TIMESTAMP);
            }
            try {
                signedAt = timestampFormat.parse(timestamp);
            } catch (final IllegalArgumentException e) {
                return Verification.rejected(Rejection.MALFORMED_TIMESTAMP);
            }
            if (Duration.between(signedAt, now).abs().compareTo(tolerance) > 0) {
                return Verification.rejected(Rejection.STALE_TIMESTAMP);
            }
        }

        final Mac mac = newMac(key);
        final Mac previous = previousKey == null ? null : newMac(previousKey);
        content.update(mac::update, previous == null ? null : previous::update, signed(request), timestamp, body);
        // constant time: a forger learns nothing from how long the comparison took
        if (MessageDigest.isEqual(mac.doFinal(), signature)) {
            return Verification.verified(signature, signedAt, false);
        }
        if (previous != null && MessageDigest.isEqual(previous.doFinal(), signature)) {
            return Verification.verified(signature, signedAt, true);
        }
        return Verification.rejected(Rejection.SIGNATURE_MISMATCH);
    }

    /** Checks a HubSpot v1 or v2 signature: a digest of the secret and the content its version names, read once. */
    private Verification verifyHubSpotV1V2(final WebhookRequest request, final byte[] signature, final InputStream body) throws IOException {
        final SignedContent versionContent = hubSpotV1V2Content(request);
        if (versionContent == null) {
            return Verification.rejected(Rejection.UNKNOWN_SIGNATURE_VERSION);
        }
        final MessageDigest digest = secretDigest(key);
        final MessageDigest previous = previousKey == null ? null : secretDigest(previousKey);
        final NulWatch watched = new NulWatch(body);
        versionContent.update(digest::update, previous == null ? null : previous::update, request, null, watched);
        final boolean byPrevious;
        if (MessageDigest.isEqual(digest.digest(), signature)) {
            byPrevious = false;
        } else if (previous != null && MessageDigest.isEqual(previous.digest(), signature)) {
            byPrevious = true;
        } else {
            return Verification.rejected(Rejection.SIGNATURE_MISMATCH);
        }
        // a signed body extended with SHA-256's padding and more matches its own forged signature: the padding holds NULs
        return watched.sawNul() ? Verification.rejected(Rejection.NUL_IN_BODY) : Verification.verified(signature, null, byPrevious);
    }

    /** The content a HubSpot v1/v2 request's version header says is hashed; null for a version HubSpot does not send so. */
    private static SignedContent hubSpotV1V2Content(final WebhookRequest request) {
        final String version = request.header(HUBSPOT_VERSION_HEADER);
        if (version == null || "v2".equalsIgnoreCase(version)) {
            return SignedContent.HUBSPOT_V2;
        }
        return "v1".equalsIgnoreCase(version) ? SignedContent.HUBSPOT_V1 : null;
    }

    /** A SHA-256 digest that has taken in the secret, as HubSpot v1/v2 hash it ahead of the content. */
    private static MessageDigest secretDigest(final SecretKeySpec secret) {
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(secret.getEncoded());
            return digest;
        } catch (final GeneralSecurityException e) {
            // every Java runtime must provide SHA-256
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Compares a sent key with the secrets: their HMACs under a key of the verifier's own, in constant time, so that
     * neither the content nor the length of the secret shows in how long a wrong key takes.
     */
    private Verification verifyKey(final String sent) {
        if (sent == null) {
            return Verification.rejected(Rejection.MISSING_KEY);
        }
        return compareKey(sent, Rejection.KEY_MISMATCH);
    }

    /**
     * Checks the tokens read from a request's body, one per record ({@link #bodyToken}): each must be the secret (or the
     * previous secret), compared as {@link #sharedKey}'s keys. A body of no record, or a record without a token (null),
     * proves nothing; a body whose records each carry a good token is verified, by the previous secret when any of them
     * used it.
     *
     * @param tokens the token of each record of the body, in order; null for a record without one
     */
    public Verification verifyBodyTokens(final List<String> tokens) {
        if (keyLocation != KeyLocation.BODY) {
            throw new IllegalStateException("This verifier does not take a token from the body");
        }
        if (tokens.isEmpty()) {
            return Verification.rejected(Rejection.MISSING_BODY_TOKEN);
        }
        Verification first = null;
        boolean byPrevious = false;
        for (final String token : tokens) {
            if (token == null) {
                return Verification.rejected(Rejection.MISSING_BODY_TOKEN);
            }
            final Verification verification = compareKey(token, Rejection.BODY_TOKEN_MISMATCH);
            if (!verification.isVerified()) {
                return verification;
            }
            byPrevious |= verification.byPreviousSecret();
            first = first == null ? verification : first;
        }
        return byPrevious == first.byPreviousSecret() ? first : first.byPrevious();
    }

    /** A sent key against the secrets: verified, by which, or rejected with the given mismatch. */
    private Verification compareKey(final String sent, final Rejection mismatch) {
        final Mac mac = newMac(key);
        final byte[] sentDigest = mac.doFinal(sent.getBytes(StandardCharsets.UTF_8));
        if (MessageDigest.isEqual(sentDigest, mac.doFinal(key.getEncoded()))) {
            return Verification.verified(sentDigest, null, false);
        }
        if (previousKey != null && MessageDigest.isEqual(sentDigest, mac.doFinal(previousKey.getEncoded()))) {
            return Verification.verified(sentDigest, null, true);
        }
        return Verification.rejected(mismatch);
    }

    /** The request as the sender signed it: HubSpot decodes some characters of the URI first. */
    private WebhookRequest signed(final WebhookRequest request) {
        return hubSpotUri ? request.withUrl(decodeHubSpotUri(request.url())) : request;
    }

    /**
     * The signature a sender computes for the given parts: for tests, and for operators who want to sign a test call
     * the way their sender does.
     */
    public String sign(final WebhookRequest request, final InputStream body) throws IOException {
        if (keyLocation != null) {
            throw new IllegalStateException("A sender with a shared key does not sign");
        }
        final byte[] signature;
        if (hubSpotV1V2) {
            final SignedContent versionContent = hubSpotV1V2Content(request);
            if (versionContent == null) {
                throw new IllegalArgumentException("HubSpot signs only versions v1 and v2 so");
            }
            final MessageDigest digest = secretDigest(key);
            versionContent.update(digest::update, null, request, null, body);
            signature = digest.digest();
        } else {
            final Mac mac = newMac(key);
            final String timestamp = timestampHeader == null ? null : request.header(timestampHeader);
            content.update(mac::update, null, signed(request), timestamp, body);
            signature = mac.doFinal();
        }
        return signaturePrefix + (encoding == SignatureEncoding.HEX ? HexFormat.of().formatHex(signature)
                : Base64.getEncoder().encodeToString(signature));
    }

    /** HubSpot decodes these percent-encoded characters of the URI before it signs; the others stay encoded. */
    static String decodeHubSpotUri(final String uri) {
        if (uri.indexOf('%') < 0) {
            return uri;
        }
        final Matcher matcher = PERCENT_ENCODED.matcher(uri);
        final StringBuilder decoded = new StringBuilder(uri.length());
        while (matcher.find()) {
            final String character = HUBSPOT_DECODED.get(matcher.group(1).toUpperCase(Locale.ROOT));
            matcher.appendReplacement(decoded, Matcher.quoteReplacement(character == null ? matcher.group() : character));
        }
        matcher.appendTail(decoded);
        return decoded.toString();
    }

    private static Mac newMac(final SecretKeySpec secret) {
        try {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac;
        } catch (final GeneralSecurityException e) {
            // every Java runtime must provide HmacSHA256
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A body as it is read, noting whether it held a NUL byte. */
    private static final class NulWatch extends FilterInputStream {
        private boolean nul;

        NulWatch(final InputStream body) {
            super(body);
        }

        @Override
        public int read() throws IOException {
            final int read = super.read();
            nul |= read == 0;
            return read;
        }

        @Override
        public int read(final byte[] buffer, final int offset, final int length) throws IOException {
            final int read = super.read(buffer, offset, length);
            for (int i = offset; i < offset + read && !nul; i++) {
                nul = buffer[i] == 0;
            }
            return read;
        }

        boolean sawNul() {
            return nul;
        }
    }

    /** Describes a generic HMAC-SHA256 sender. */
    public static final class Builder {
        private final byte[] secret;
        private final String signatureHeader;
        private SignatureEncoding encoding = SignatureEncoding.BASE64;
        private String signaturePrefix;
        private SignedContent content = SignedContent.parse("{body}");
        private String timestampHeader;
        private TimestampFormat timestampFormat = TimestampFormat.EPOCH_SECONDS;
        private Duration tolerance = HUBSPOT_TOLERANCE;
        private boolean hubSpotUri;
        private boolean hubSpotV1V2;
        private KeyLocation keyLocation;
        private String keyName;

        private Builder(final byte[] secret, final String signatureHeader) {
            this.secret = secret == null ? null : secret.clone();
            this.signatureHeader = signatureHeader;
        }

        public Builder encoding(final SignatureEncoding signatureEncoding) {
            this.encoding = Objects.requireNonNull(signatureEncoding);
            return this;
        }

        /** Text the header value starts with before the signature, e.g. {@code sha256=}; stripped when present. */
        public Builder prefix(final String prefix) {
            this.signaturePrefix = prefix;
            return this;
        }

        public Builder content(final SignedContent signedContent) {
            this.content = Objects.requireNonNull(signedContent);
            return this;
        }

        /**
         * The header holding the time of signing, checked against the tolerance; null for senders without one. The signed
         * content must then include {@code {timestamp}}: a timestamp the signature does not cover could be refreshed by anyone.
         */
        public Builder timestamp(final String header, final TimestampFormat format, final Duration maximumAge) {
            this.timestampHeader = header;
            this.timestampFormat = Objects.requireNonNull(format);
            this.tolerance = Objects.requireNonNull(maximumAge);
            return this;
        }

        /** How long an identical request counts as a replay when the sender sends no timestamp. */
        public Builder tolerance(final Duration window) {
            this.tolerance = Objects.requireNonNull(window);
            return this;
        }

        public WebhookVerifier build() {
            return new WebhookVerifier(this);
        }
    }

    /** Where a sender that does not sign puts the shared key. */
    public enum KeyLocation {
        QUERY_PARAMETER, HEADER,
        /** A field of the body, which the caller reads ({@link #bodyToken}). */
        BODY
    }
}
