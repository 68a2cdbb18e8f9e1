package dev.nificrm.processors;

import dev.nificrm.record.RecordPathList;
import dev.nificrm.record.RecordSource;
import dev.nificrm.record.SafeMessages;
import dev.nificrm.record.UnselectablePathException;
import dev.nificrm.webhook.Rejection;
import dev.nificrm.services.EntityStoreService;
import dev.nificrm.store.EntityStoreException;
import dev.nificrm.webhook.ReplayGuard;
import dev.nificrm.webhook.ReplayMemory;
import dev.nificrm.webhook.StoredReplayMemory;
import dev.nificrm.webhook.SignedContent;
import dev.nificrm.webhook.Verification;
import dev.nificrm.webhook.WebhookRequest;
import dev.nificrm.webhook.WebhookVerifier;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * The NiFi adapter of {@link WebhookVerifier}: sits right after HandleHttpRequest, checks each request's signature and
 * timestamp against the configured scheme, remembers accepted signatures against replays ({@link ReplayGuard}), and
 * routes the request to verified, rejected or failure with the HTTP status HandleHttpResponse answers with.
 */
@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"crm", "webhook", "signature", "hmac", "hmac-sha256", "hubspot", "dynamics", "zoho", "token", "authentication", "replay", "http", "security"})
@CapabilityDescription("Verifies the signature and timestamp of webhook requests received by HandleHttpRequest, so that only requests "
        + "signed with the shared secret enter the flow: HubSpot's v3 signature (or its older v1/v2 one), or any HMAC-SHA256 signature described by its header, "
        + "encoding and signed content; for senders that cannot sign (Dynamics 365), the shared key they send in a query parameter or "
        + "header, or in a field of the body read with a Record Reader (Zoho CRM Notifications: token). Signatures, keys and tokens are "
        + "compared in constant time, requests outside the timestamp tolerance are rejected, and a signature already accepted is rejected as a replay. While a secret is rotated, a Previous Secret is accepted "
        + "too. Every request is routed to verified, rejected or failure "
        + "with the HTTP status to answer with (200, 400 or 401; 500 for failure) in crm.webhook.status.code, for HandleHttpResponse.")
@ReadsAttributes({
        @ReadsAttribute(attribute = "http.method", description = "The request's method, written by HandleHttpRequest"),
        @ReadsAttribute(attribute = "http.request.url", description = "The URL the request was sent to (the default Signed URL)"),
        @ReadsAttribute(attribute = "http.query.string", description = "The query string, appended to the Signed URL after a ?"),
        @ReadsAttribute(attribute = "http.headers.*", description = "The request headers, among them the signature and timestamp headers"),
        @ReadsAttribute(attribute = "http.query.param.*", description = "The query parameters, decoded: with the Shared Key scheme, the one "
                + "holding the key (Dynamics 365: code)")
})
@WritesAttributes({
        @WritesAttribute(attribute = VerifyWebhookSignature.STATUS_CODE_ATTRIBUTE, description = "The HTTP status to answer with: 200 (verified), "
                + "401 (missing, wrong, stale or replayed signature, key or token), 400 (unreadable signature or timestamp header, or a body the Record Reader "
                + "cannot read), 500 (failure)"),
        @WritesAttribute(attribute = VerifyWebhookSignature.REASON_ATTRIBUTE, description = "On rejected and failure: why, e.g. "
                + "'the signature does not match the request' (never the request's content or the secret)"),
        @WritesAttribute(attribute = "mime.type", description = "On rejected: application/json, the type of the short answer that replaces the content"),
        @WritesAttribute(attribute = VerifyWebhookSignature.SECRET_ATTRIBUTE, description = "On verified: previous, when the request proved "
                + "itself with the Previous Secret (the sender still uses the secret being rotated out); absent otherwise")
})
@SeeAlso(classNames = {"org.apache.nifi.processors.standard.HandleHttpRequest", "org.apache.nifi.processors.standard.HandleHttpResponse",
        "org.apache.nifi.http.StandardHttpContextMap"})
@UseCase(
        description = "Accept HubSpot webhooks (contact or company changes) only when HubSpot signed them, answering forged or stale calls with 401.",
        keywords = {"hubspot", "webhook", "signature", "v3", "push", "sync"},
        configuration = """
                HandleHttpRequest (Listening Port, Allowed Paths e.g. /hubspot, a StandardHttpContextMap) → VerifyWebhookSignature.
                Set "Signature Scheme" to "HubSpot v3" and "Secret" to the HubSpot app's client secret (a sensitive parameter).
                Keep "Timestamp Tolerance" at 5 min and "Replay Protection" on. In a NiFi cluster set "Entity Store" to the
                PostgreSQLEntityStore the nodes share, so a call replayed to another node is rejected too. When NiFi sits behind a
                proxy or load balancer, set "Signed URL" to the public URL HubSpot calls, e.g. https://hooks.example.com${http.request.uri}.
                Connect "verified" to a HandleHttpResponse with HTTP Status Code 200 whose "success" goes on into the flow
                (e.g. to a JsonTreeReader-based CleanCRMRecord). Connect "rejected" and "failure" to a second HandleHttpResponse with
                HTTP Status Code ${crm.webhook.status.code} whose "success" is auto-terminated: a rejected call never enters the flow.
                """)
@UseCase(
        description = "Accept calls from HubSpot CRM extensions or workflow webhooks that carry only HubSpot's older v1 or v2 signature.",
        keywords = {"hubspot", "webhook", "signature", "v1", "v2", "workflow", "crm card"},
        configuration = """
                Set "Signature Scheme" to "HubSpot v1/v2" and "Secret" to the HubSpot app's client secret (a sensitive parameter). The
                request's X-HubSpot-Signature-Version says which version it carries. For v2 the URL HubSpot called is signed exactly,
                with its query string: behind a proxy set "Signed URL" to the public URL, e.g. https://hooks.example.com${http.request.uri}.
                Keep "Replay Protection" on: with no timestamp, an identical request within the "Timestamp Tolerance" is rejected as a
                replay. Listen on HTTPS. Wire "verified", "rejected" and "failure" to HandleHttpResponse as for HubSpot v3. Where HubSpot
                also sends X-HubSpot-Signature-v3 (the Webhooks API does), use "HubSpot v3" instead: it proves the time too.
                """)
@UseCase(
        description = "Accept webhooks from a home-grown CRM or a Salesforce Apex/Flow callout that signs its body with HMAC-SHA256.",
        keywords = {"salesforce", "webhook", "hmac", "sha256", "signature", "custom"},
        configuration = """
                Set "Signature Scheme" to "Generic HMAC-SHA256", "Secret" to the shared secret, "Signature Header" to the header the sender
                writes (e.g. X-Signature), "Signature Encoding" to how it writes it (Base64 or Hexadecimal) and "Signature Prefix" to any
                text before it (e.g. sha256=). "Signed Content" says what is signed: {body} alone, or e.g. {timestamp}.{body} with
                "Timestamp Header" = X-Timestamp and "Timestamp Format" = Epoch Seconds, which also rejects calls older than the
                "Timestamp Tolerance". Wire "verified", "rejected" and "failure" to HandleHttpResponse as for HubSpot.
                """)
@UseCase(
        description = "Accept Dynamics 365 (Dataverse) webhooks only when they carry the key registered with them.",
        keywords = {"dynamics", "dataverse", "webhook", "webhookkey", "key", "push", "sync"},
        configuration = """
                Register the webhook in Dataverse with Authentication = WebhookKey and a long random value (Dynamics 365 sends it as the
                query parameter code). Set "Signature Scheme" to "Shared Key (Dynamics 365)", "Secret" to that value (a sensitive
                parameter), "Key Location" to "Query Parameter" and "Key Name" to code. For Authentication = HttpHeader set "Key Location"
                to "Header" and "Key Name" to the header's name. HandleHttpRequest must listen on HTTPS (an SSL Context Service): the key
                travels with every request and the body is not signed. Wire "verified", "rejected" and "failure" to HandleHttpResponse as
                for HubSpot.
                """)
@UseCase(
        description = "Accept Zoho CRM notifications (Notifications API, actions/watch) only when they carry the channel's token.",
        keywords = {"zoho", "notifications", "watch", "token", "webhook", "push", "sync"},
        configuration = """
                Enable the channel (POST {api-domain}/crm/{version}/actions/watch) with "notify_url" = the HTTPS URL HandleHttpRequest
                answers on, e.g. https://hooks.example.com/zoho, and "token" = a random value of up to 50 characters (Zoho's limit), e.g.
                40 hexadecimal digits. Set "Signature Scheme" to "Body Token (Zoho CRM Notifications)", "Secret" to that token (a
                sensitive parameter), "Record Reader" to a JsonTreeReader with its defaults and keep "Token Field" at /token. A body the
                reader cannot read is answered 400, a missing or wrong token 401. HandleHttpRequest must listen on HTTPS: the token
                travels in every notification and nothing else is signed. Renew the channel before its channel_expiry. Wire "verified",
                "rejected" and "failure" to HandleHttpResponse as for HubSpot.
                """)
@UseCase(
        description = "Rotate a webhook secret without rejecting a single request.",
        keywords = {"rotate", "rotation", "secret", "webhook", "key"},
        configuration = """
                Set "Previous Secret" to the secret in use and "Secret" to the new one, then change the secret at the sender. Requests
                signed with either are verified; those signed with the old one carry crm.webhook.secret = previous and are counted as
                "Webhooks Verified With Previous Secret". Once that counter stops growing, remove the Previous Secret.
                """)
public class VerifyWebhookSignature extends AbstractCRMProcessor {

    static final String STATUS_CODE_ATTRIBUTE = "crm.webhook.status.code";
    static final String REASON_ATTRIBUTE = "crm.webhook.reason";
    static final String SECRET_ATTRIBUTE = "crm.webhook.secret";
    static final String HEADER_ATTRIBUTE_PREFIX = "http.headers.";
    static final String QUERY_PARAMETER_ATTRIBUTE_PREFIX = "http.query.param.";
    static final String QUERY_STRING_ATTRIBUTE = "http.query.string";
    /** HandleHttpRequest's prefix for the headers of one part of a multipart request: not request headers. */
    static final String MULTIPART_HEADER_ATTRIBUTE_PREFIX = "http.headers.multipart.";
    /** The most signatures remembered against replays: 100,000 in 5 minutes is 333 requests a second. */
    static final int REMEMBERED_SIGNATURES = 100_000;
    private static final int FAILURE_STATUS = 500;

    static final Validator SIGNED_CONTENT_VALIDATOR = (subject, input, context) -> {
        String problem = null;
        try {
            SignedContent.parse(input == null ? "" : input);
        } catch (final IllegalArgumentException e) {
            problem = e.getMessage();
        }
        return new ValidationResult.Builder().subject(subject).input(input).valid(problem == null).explanation(problem).build();
    };

    public static final PropertyDescriptor SIGNATURE_SCHEME = new PropertyDescriptor.Builder()
            .name("Signature Scheme")
            .description("How requests are signed")
            .required(true)
            .allowableValues(SignatureScheme.class)
            .defaultValue(SignatureScheme.HUBSPOT_V3)
            .build();

    public static final PropertyDescriptor SECRET = new PropertyDescriptor.Builder()
            .name("Secret")
            .description("The secret shared with the sender (HubSpot: the app's client secret), used as the HMAC-SHA256 key (its UTF-8 bytes; HubSpot v1/v2 hash "
                    + "them ahead of the content); with the Shared Key scheme, the key the sender sends (Dynamics 365: the WebhookKey value or the header's value)")
            .required(true)
            .sensitive(true)
            .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
            .build();

    public static final PropertyDescriptor PREVIOUS_SECRET = new PropertyDescriptor.Builder()
            .name("Previous Secret")
            .description("While the sender's secret is rotated: the secret being replaced. Requests that prove themselves with it are verified "
                    + "too, with crm.webhook.secret = previous, and counted as 'Webhooks Verified With Previous Secret'; remove it once "
                    + "that counter stops growing")
            .required(false)
            .sensitive(true)
            .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
            .build();

    public static final PropertyDescriptor KEY_LOCATION = new PropertyDescriptor.Builder()
            .name("Key Location")
            .description("Where the sender puts the key")
            .required(true)
            .allowableValues(KeyLocationOption.class)
            .defaultValue(KeyLocationOption.QUERY_PARAMETER)
            .dependsOn(SIGNATURE_SCHEME, SignatureScheme.SHARED_KEY)
            .build();

    public static final PropertyDescriptor KEY_NAME = new PropertyDescriptor.Builder()
            .name("Key Name")
            .description("The name of the query parameter (exactly; Dynamics 365 WebhookKey: code) or header (in any case) holding the key")
            .required(true)
            .defaultValue("code")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(SIGNATURE_SCHEME, SignatureScheme.SHARED_KEY)
            .build();

    public static final PropertyDescriptor SIGNATURE_HEADER = new PropertyDescriptor.Builder()
            .name("Signature Header")
            .description("The request header holding the signature, e.g. X-Signature (the case of header names does not matter)")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(SIGNATURE_SCHEME, SignatureScheme.HMAC_SHA256)
            .build();

    public static final PropertyDescriptor SIGNATURE_ENCODING = new PropertyDescriptor.Builder()
            .name("Signature Encoding")
            .description("How the signature bytes are written in the header")
            .required(true)
            .allowableValues(SignatureEncodingOption.class)
            .defaultValue(SignatureEncodingOption.BASE64)
            .dependsOn(SIGNATURE_SCHEME, SignatureScheme.HMAC_SHA256)
            .build();

    public static final PropertyDescriptor SIGNATURE_PREFIX = new PropertyDescriptor.Builder()
            .name("Signature Prefix")
            .description("Text the header value has before the signature, removed when present, e.g. sha256= (GitHub) or v0= (Slack)")
            .required(false)
            .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
            .dependsOn(SIGNATURE_SCHEME, SignatureScheme.HMAC_SHA256)
            .build();

    public static final PropertyDescriptor SIGNED_CONTENT = new PropertyDescriptor.Builder()
            .name("Signed Content")
            .description("What the sender signs: literal text and the placeholders {method}, {uri} (the Signed URL), {body} (the raw body, "
                    + "required) and {timestamp} (the Timestamp Header's value), e.g. {body}, {timestamp}.{body} (Stripe) or v0:{timestamp}:{body} (Slack)")
            .required(true)
            .defaultValue("{body}")
            .addValidator(SIGNED_CONTENT_VALIDATOR)
            .dependsOn(SIGNATURE_SCHEME, SignatureScheme.HMAC_SHA256)
            .build();

    public static final PropertyDescriptor TIMESTAMP_HEADER = new PropertyDescriptor.Builder()
            .name("Timestamp Header")
            .description("The request header holding the time the sender signed the request, e.g. X-Timestamp; requests outside the "
                    + "Timestamp Tolerance are rejected. The Signed Content must include {timestamp}. Without it, only the signature is checked")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(SIGNATURE_SCHEME, SignatureScheme.HMAC_SHA256)
            .build();

    public static final PropertyDescriptor TIMESTAMP_FORMAT = new PropertyDescriptor.Builder()
            .name("Timestamp Format")
            .description("How the Timestamp Header's value is written")
            .required(true)
            .allowableValues(TimestampFormatOption.class)
            .defaultValue(TimestampFormatOption.EPOCH_SECONDS)
            .dependsOn(TIMESTAMP_HEADER)
            .build();

    public static final PropertyDescriptor TIMESTAMP_TOLERANCE = new PropertyDescriptor.Builder()
            .name("Timestamp Tolerance")
            .description("How far a request's timestamp may lie from now, in the past or (clock skew) the future; HubSpot documents 5 minutes. "
                    + "Also how long accepted signatures are remembered against replays")
            .required(true)
            .defaultValue("5 min")
            .addValidator(StandardValidators.createTimePeriodValidator(1, TimeUnit.SECONDS, 1, TimeUnit.DAYS))
            .dependsOn(SIGNATURE_SCHEME, SignatureScheme.HUBSPOT_V3, SignatureScheme.HUBSPOT_V1_V2, SignatureScheme.HMAC_SHA256)
            .build();

    public static final PropertyDescriptor REPLAY_PROTECTION = new PropertyDescriptor.Builder()
            .name("Replay Protection")
            .description("Rejects a request whose signature was already accepted within the Timestamp Tolerance (a captured request sent "
                    + "again). Remembered in the Entity Store when one is set (shared by every node, kept across restarts), else in memory "
                    + "on each node, at most " + REMEMBERED_SIGNATURES + " signatures; for a sender without a Timestamp Header an "
                    + "identical request within the tolerance counts as a replay too")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .dependsOn(SIGNATURE_SCHEME, SignatureScheme.HUBSPOT_V3, SignatureScheme.HUBSPOT_V1_V2, SignatureScheme.HMAC_SHA256)
            .build();

    public static final PropertyDescriptor ENTITY_STORE = new PropertyDescriptor.Builder()
            .name("Entity Store")
            .description("Where accepted signatures are remembered against replays. Set the flow's entity store (PostgreSQLEntityStore in a "
                    + "NiFi cluster): a replay sent to another node, or after a restart, is then rejected too; only a digest of each "
                    + "signature is kept, until the tolerance has passed. Unset: each node remembers in memory what it accepted since it "
                    + "started")
            .required(false)
            .identifiesControllerService(EntityStoreService.class)
            .dependsOn(REPLAY_PROTECTION, "true")
            .build();

    public static final PropertyDescriptor SIGNED_URL = new PropertyDescriptor.Builder()
            .name("Signed URL")
            .description("The URL the sender called, as it signed it, without the query string (HandleHttpRequest's http.query.string "
                    + "is appended after a ? when present). Used when the signed content includes {uri}, as HubSpot v3's and v2's do. Behind a "
                    + "proxy or load balancer set the public URL, e.g. https://hooks.example.com${http.request.uri}")
            .required(true)
            .defaultValue("${http.request.url}")
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(SIGNATURE_SCHEME, SignatureScheme.HUBSPOT_V3, SignatureScheme.HUBSPOT_V1_V2, SignatureScheme.HMAC_SHA256)
            .build();

    public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the body the token is in (Zoho CRM Notifications: a JsonTreeReader with its defaults); a body it cannot read is "
                    + "rejected with 400")
            .required(true)
            .identifiesControllerService(RecordReaderFactory.class)
            .dependsOn(SIGNATURE_SCHEME, SignatureScheme.BODY_TOKEN)
            .build();

    public static final PropertyDescriptor TOKEN_FIELD = new PropertyDescriptor.Builder()
            .name("Token Field")
            .description("The RecordPath of the field holding the token in each record of the body (Zoho CRM Notifications: /token); several, "
                    + "comma-separated: the first that has a value. Every record must carry the Secret (or the Previous Secret) there")
            .required(true)
            .defaultValue("/token")
            .addValidator(RecordPathList.VALIDATOR)
            .dependsOn(SIGNATURE_SCHEME, SignatureScheme.BODY_TOKEN)
            .build();

    public static final Relationship REL_VERIFIED = new Relationship.Builder()
            .name("verified")
            .description("Requests with a valid, fresh, first-seen signature, unchanged, with crm.webhook.status.code 200; answer them and let them "
                    + "into the flow. With the Shared Key scheme the key's attribute is removed (http.headers.<name>, or http.query.param.<name> "
                    + "and the parameter in http.query.string), on every relationship")
            .build();

    public static final Relationship REL_REJECTED = new Relationship.Builder()
            .name("rejected")
            .description("Requests that do not prove they come from the sender, with crm.webhook.status.code 401 or 400 and the reason in "
                    + "crm.webhook.reason; their content is replaced by a short JSON answer (the untrusted body is not kept). Answer them "
                    + "with HandleHttpResponse and end there")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("FlowFiles that are not HTTP requests from HandleHttpRequest (no http.method or Signed URL) or whose content cannot "
                    + "be read, unchanged, with crm.webhook.status.code 500 and the reason in crm.webhook.reason")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(SIGNATURE_SCHEME, SECRET, PREVIOUS_SECRET, SIGNATURE_HEADER,
            SIGNATURE_ENCODING, SIGNATURE_PREFIX, SIGNED_CONTENT, TIMESTAMP_HEADER, TIMESTAMP_FORMAT, TIMESTAMP_TOLERANCE, REPLAY_PROTECTION,
            ENTITY_STORE, SIGNED_URL, KEY_LOCATION, KEY_NAME, RECORD_READER, TOKEN_FIELD);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_VERIFIED, REL_REJECTED, REL_FAILURE);

    private volatile WebhookVerifier verifier;
    private volatile ReplayMemory replayMemory;
    /** With the Body Token scheme: the Token Field, compiled; null otherwise. */
    private volatile FieldReader tokenField;
    /** With the Shared Key scheme: the Key Name; null otherwise. */
    private volatile String keyName;
    /** With the Shared Key scheme: whether the key comes in a header (else in a query parameter). */
    private volatile boolean keyInHeader;

    /** A processor on the system clock, as NiFi creates it. */
    public VerifyWebhookSignature() {
        this(Clock.systemUTC());
    }

    /** A processor on the given clock, e.g. a fixed one in a test. */
    VerifyWebhookSignature(final Clock clock) {
        super(clock, PROPERTY_DESCRIPTORS, RELATIONSHIPS);
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        final byte[] secret = context.getProperty(SECRET).getValue().getBytes(StandardCharsets.UTF_8);
        final SignatureScheme scheme = context.getProperty(SIGNATURE_SCHEME).asAllowableValue(SignatureScheme.class);
        // a shared key or body token has no timestamp and no signature to remember (the tolerance does not apply to it)
        final Duration tolerance = scheme == SignatureScheme.SHARED_KEY || scheme == SignatureScheme.BODY_TOKEN ? null
                : Duration.ofMillis(context.getProperty(TIMESTAMP_TOLERANCE).asTimePeriod(TimeUnit.MILLISECONDS));
        WebhookVerifier configured = switch (scheme) {
            case HUBSPOT_V3 -> WebhookVerifier.hubSpotV3(secret, tolerance);
            case HUBSPOT_V1_V2 -> WebhookVerifier.hubSpotV1V2(secret, tolerance);
            case SHARED_KEY -> WebhookVerifier.sharedKey(secret, context.getProperty(KEY_LOCATION).asAllowableValue(KeyLocationOption.class).getLocation(),
                    context.getProperty(KEY_NAME).getValue());
            case BODY_TOKEN -> WebhookVerifier.bodyToken(secret);
            case HMAC_SHA256 -> {
                final WebhookVerifier.Builder builder = WebhookVerifier.hmacSha256(secret, context.getProperty(SIGNATURE_HEADER).getValue().trim())
                        .encoding(context.getProperty(SIGNATURE_ENCODING).asAllowableValue(SignatureEncodingOption.class).getEncoding())
                        .prefix(context.getProperty(SIGNATURE_PREFIX).getValue())
                        .content(SignedContent.parse(context.getProperty(SIGNED_CONTENT).getValue()))
                        .tolerance(tolerance);
                final String timestampHeader = context.getProperty(TIMESTAMP_HEADER).getValue();
                if (timestampHeader != null) {
                    builder.timestamp(timestampHeader.trim(), context.getProperty(TIMESTAMP_FORMAT).asAllowableValue(TimestampFormatOption.class).getFormat(),
                            tolerance);
                }
                yield builder.build();
            }
        };
        final String previousSecret = context.getProperty(PREVIOUS_SECRET).getValue();
        if (previousSecret != null) {
            configured = configured.acceptingAlso(previousSecret.getBytes(StandardCharsets.UTF_8));
        }
        verifier = configured;
        keyName = scheme == SignatureScheme.SHARED_KEY ? context.getProperty(KEY_NAME).getValue().trim() : null;
        keyInHeader = scheme == SignatureScheme.SHARED_KEY && context.getProperty(KEY_LOCATION).asAllowableValue(KeyLocationOption.class) == KeyLocationOption.HEADER;
        tokenField = scheme == SignatureScheme.BODY_TOKEN ? FieldReader.of(TOKEN_FIELD.getName(), context.getProperty(TOKEN_FIELD).getValue()) : null;
        if (!configured.signsEachRequest() || !context.getProperty(REPLAY_PROTECTION).asBoolean()) {
            replayMemory = null;
        } else if (context.getProperty(ENTITY_STORE).isSet()) {
            replayMemory = new StoredReplayMemory(context.getProperty(ENTITY_STORE).asControllerService(EntityStoreService.class).getEntityStore(),
                    tolerance);
        } else {
            replayMemory = new ReplayGuard(tolerance, REMEMBERED_SIGNATURES);
        }
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final String previousSecret = context.getProperty(PREVIOUS_SECRET).getValue();
        if (previousSecret != null && previousSecret.equals(context.getProperty(SECRET).getValue())) {
            return List.of(new ValidationResult.Builder().subject(PREVIOUS_SECRET.getName()).valid(false)
                    .explanation("the Previous Secret is the Secret itself: set the Secret to the new one, or remove the Previous Secret").build());
        }
        if (context.getProperty(SIGNATURE_SCHEME).asAllowableValue(SignatureScheme.class) != SignatureScheme.HMAC_SHA256) {
            return List.of();
        }
        final String content = context.getProperty(SIGNED_CONTENT).getValue();
        final boolean signsTimestamp = content != null && content.contains("{timestamp}");
        if (signsTimestamp && context.getProperty(TIMESTAMP_HEADER).getValue() == null) {
            return List.of(new ValidationResult.Builder().subject(TIMESTAMP_HEADER.getName()).valid(false)
                    .explanation("the Signed Content includes {timestamp}: set the Timestamp Header the sender writes it to").build());
        }
        if (!signsTimestamp && context.getProperty(TIMESTAMP_HEADER).getValue() != null) {
            return List.of(new ValidationResult.Builder().subject(SIGNED_CONTENT.getName()).valid(false)
                    .explanation("a Timestamp Header is set but the Signed Content does not include {timestamp}: a timestamp the signature does "
                            + "not cover can be replaced by anyone, so a captured request would pass again with a fresh one once the tolerance "
                            + "has passed; add {timestamp} where the sender signs it, or remove the Timestamp Header").build());
        }
        return List.of();
    }

    @OnStopped
    public void onStopped() {
        // a restarted processor starts with an empty memory of its own, as after a NiFi restart (an entity store keeps its
        // claims); the timestamp check still applies
        final ReplayMemory memory = replayMemory;
        replayMemory = null;
        if (memory != null) {
            memory.close();
        }
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        final FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        final String method = flowFile.getAttribute("http.method");
        if (method == null || method.isBlank()) {
            fail(session, flowFile, "no http.method attribute: the FlowFile does not come from HandleHttpRequest");
            return;
        }
        final Instant now = getClock().instant();
        final Verification verification = tokenField == null ? verifySignature(context, session, flowFile, method, now)
                : verifyBodyToken(context, session, flowFile);
        if (verification == null) {
            return;
        }

        if (!verification.isVerified()) {
            reject(session, flowFile, verification.rejection());
            return;
        }
        final ReplayMemory guard = replayMemory;
        final String signature = guard == null ? null : verification.signatureKey();
        if (guard != null) {
            final boolean claimed;
            try {
                claimed = guard.claim(signature, verification.signedAt(), now);
            } catch (final EntityStoreException e) {
                // the sender is answered 500 and sends it again later, when the store can tell whether it is a replay
                fail(session, flowFile, "the entity store could not tell whether the signature was used before: " + e.getMessage());
                return;
            }
            if (!claimed) {
                reject(session, flowFile, Rejection.REPLAYED);
                return;
            }
        }
        try {
            FlowFile verified = session.putAttribute(withoutKey(session, flowFile), STATUS_CODE_ATTRIBUTE, "200");
            if (verification.byPreviousSecret()) {
                verified = session.putAttribute(verified, SECRET_ATTRIBUTE, "previous");
                session.adjustCounter("Webhooks Verified With Previous Secret", 1L, false);
            }
            session.getProvenanceReporter().route(verified, REL_VERIFIED);
            session.transfer(verified, REL_VERIFIED);
            session.adjustCounter("Webhooks Verified", 1L, false);
            if (guard != null) {
                // remembered only once the request has gone on: a request rolled back and processed again is not its own replay
                session.commitAsync(() -> {
                }, failure -> release(guard, signature));
            }
        } catch (final RuntimeException e) {
            if (guard != null) {
                release(guard, signature);
            }
            throw e;
        }
    }

    /**
     * Checks a request's signature, or the shared key it carries in its URL or a header.
     *
     * @return the verification, or null when the request could not be checked and went to failure
     */
    private Verification verifySignature(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final String method,
            final Instant now) {
        String url = "";
        if (verifier.signsUri()) {
            try {
                url = context.getProperty(SIGNED_URL).evaluateAttributeExpressions(flowFile).getValue();
            } catch (final RuntimeException e) {
                // an expression failing on this request's attributes (its message may quote them): this request fails, not the processor
                fail(session, flowFile, "the Signed URL could not be evaluated for this request (" + e.getClass().getSimpleName() + ")");
                return null;
            }
            if (url == null || url.isBlank()) {
                fail(session, flowFile, "the Signed URL is empty for this request");
                return null;
            }
            final String query = flowFile.getAttribute(QUERY_STRING_ATTRIBUTE);
            url = query == null || query.isEmpty() ? url.trim() : url.trim() + "?" + query;
        }
        final WebhookRequest request = new WebhookRequest(method.trim(), url, headers(flowFile), queryParameters(flowFile));
        try {
            final Verification[] result = new Verification[1];
            session.read(flowFile, in -> result[0] = verifier.verify(request, in, now));
            return result[0];
        } catch (final ProcessException | UncheckedIOException e) {
            fail(session, flowFile, "the request body could not be read: " + e.getMessage());
            return null;
        }
    }

    /**
     * Checks the token each record of the body carries in the Token Field, read with the Record Reader: a body the reader
     * cannot read is rejected with 400.
     *
     * @return the verification, or null when the content could not be read and the request went to failure
     */
    private Verification verifyBodyToken(final ProcessContext context, final ProcessSession session, final FlowFile flowFile) {
        final RecordReaderFactory readerFactory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        final FieldReader field = tokenField;
        final List<String> tokens = new ArrayList<>();
        final ContentWatch content = new ContentWatch();
        final Rejection[] unreadable = new Rejection[1];
        try {
            // a value NiFi's JSON readers would skip, with the object after it: a record whose token would not be checked
            if (RecordSource.findSkippedJsonValue(session, flowFile).isPresent()) {
                return Verification.rejected(Rejection.UNREADABLE_BODY);
            }
            session.read(flowFile, in -> {
                try (RecordReader reader = readerFactory.createRecordReader(flowFile, content.watch(in), SafeMessages.redactingLog(getLogger()))) {
                    Record record;
                    while ((record = reader.nextRecord()) != null) {
                        tokens.add(token(field, record));
                    }
                } catch (final MalformedRecordException | SchemaNotFoundException e) {
                    unreadable[0] = Rejection.UNREADABLE_BODY;
                } catch (final IOException | RuntimeException | StackOverflowError e) {
                    // a reader's parser reports a malformed body as an IOException too, a value it cannot convert as a runtime
                    // exception, a value nested too deeply as a stack overflow: only the content repository's is a failure
                    if (content.failed()) {
                        throw e;
                    }
                    unreadable[0] = Rejection.UNREADABLE_BODY;
                }
            });
        } catch (final IOException | ProcessException | UncheckedIOException e) {
            // the content repository's message names a claim, never the body
            fail(session, flowFile, "the request body could not be read: " + e.getMessage());
            return null;
        }
        return unreadable[0] != null ? Verification.rejected(unreadable[0]) : verifier.verifyBodyTokens(tokens);
    }

    /**
     * The token a record carries in the Token Field, as text exactly as sent; null when it has none. A record, list or map
     * there is no token: the empty text stands for it, which is never a Secret (the Secret must not be empty).
     */
    private static String token(final FieldReader field, final Record record) {
        final Object value;
        try {
            value = field.read(record);
        } catch (final UnselectablePathException e) {
            return null;
        }
        if (value == null) {
            return null;
        }
        return FieldReader.structure(value) == null ? value.toString() : "";
    }

    /**
     * Forgets a claim whose request did not go on; when the store cannot be reached the release is owed, tried every second
     * and made at the latest before this processor's next claim (until then its requests go to failure with 500).
     */
    private void release(final ReplayMemory guard, final String signature) {
        try {
            guard.release(signature);
        } catch (final EntityStoreException e) {
            getLogger().warn("The entity store could not forget the signature of a webhook request that did not go on; it is tried again every "
                    + "second and forgotten before the next request is checked (until then a retry sent to another node is rejected as a replay): {}",
                    e.getMessage());
        }
    }

    /**
     * With the Shared Key scheme, the FlowFile without the key HandleHttpRequest wrote into its attributes: the header
     * attribute (its name in any case), or the query parameter's attribute and the parameter in http.query.string. The key
     * is the Secret itself (or a guess at it): left there it would travel with every request into the flow, its provenance
     * and the FlowFile repository. Other schemes' attributes hold signatures, no secret: the FlowFile is returned as it is.
     */
    private FlowFile withoutKey(final ProcessSession session, final FlowFile flowFile) {
        final String name = keyName;
        if (name == null) {
            return flowFile;
        }
        final Set<String> keyAttributes = new HashSet<>();
        FlowFile scrubbed = flowFile;
        if (keyInHeader) {
            for (final String attribute : flowFile.getAttributes().keySet()) {
                if (attribute.startsWith(HEADER_ATTRIBUTE_PREFIX) && attribute.substring(HEADER_ATTRIBUTE_PREFIX.length()).equalsIgnoreCase(name)) {
                    keyAttributes.add(attribute);
                }
            }
        } else {
            keyAttributes.add(QUERY_PARAMETER_ATTRIBUTE_PREFIX + name);
            final String query = flowFile.getAttribute(QUERY_STRING_ATTRIBUTE);
            if (query != null) {
                final String without = withoutParameter(query, name);
                if (without.isEmpty()) {
                    keyAttributes.add(QUERY_STRING_ATTRIBUTE);
                } else if (!without.equals(query)) {
                    scrubbed = session.putAttribute(scrubbed, QUERY_STRING_ATTRIBUTE, without);
                }
            }
        }
        return session.removeAllAttributes(scrubbed, keyAttributes);
    }

    /** A query string without the parameters of the name (decoded, exactly), the others as they were, in their order. */
    static String withoutParameter(final String query, final String name) {
        final StringJoiner kept = new StringJoiner("&");
        for (final String pair : query.split("&", -1)) {
            final int equals = pair.indexOf('=');
            final String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String decoded;
            try {
                decoded = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
            } catch (final IllegalArgumentException e) {
                decoded = rawName;
            }
            if (!decoded.equals(name)) {
                kept.add(pair);
            }
        }
        return kept.toString();
    }

    /** The request headers HandleHttpRequest wrote as http.headers.* attributes. */
    private static Map<String, String> headers(final FlowFile flowFile) {
        final Map<String, String> headers = new HashMap<>();
        for (final Map.Entry<String, String> attribute : flowFile.getAttributes().entrySet()) {
            final String name = attribute.getKey();
            if (name.startsWith(HEADER_ATTRIBUTE_PREFIX) && !name.startsWith(MULTIPART_HEADER_ATTRIBUTE_PREFIX)) {
                headers.put(name.substring(HEADER_ATTRIBUTE_PREFIX.length()), attribute.getValue());
            }
        }
        return headers;
    }

    /** The query parameters HandleHttpRequest wrote, decoded, as http.query.param.* attributes. */
    private static Map<String, String> queryParameters(final FlowFile flowFile) {
        final Map<String, String> parameters = new HashMap<>();
        for (final Map.Entry<String, String> attribute : flowFile.getAttributes().entrySet()) {
            if (attribute.getKey().startsWith(QUERY_PARAMETER_ATTRIBUTE_PREFIX)) {
                parameters.put(attribute.getKey().substring(QUERY_PARAMETER_ATTRIBUTE_PREFIX.length()), attribute.getValue());
            }
        }
        return parameters;
    }

    private void reject(final ProcessSession session, final FlowFile flowFile, final Rejection rejection) {
        // the body is untrusted and HandleHttpResponse sends the content back: answer with a short JSON text instead
        FlowFile rejected = session.write(withoutKey(session, flowFile), out -> out.write(("{\"status\":" + rejection.httpStatus() + ",\"error\":\""
                + (rejection.httpStatus() == 400 ? "Bad Request" : "Unauthorized") + "\"}").getBytes(StandardCharsets.UTF_8)));
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(STATUS_CODE_ATTRIBUTE, String.valueOf(rejection.httpStatus()));
        attributes.put(REASON_ATTRIBUTE, rejection.reason());
        attributes.put(CoreAttributes.MIME_TYPE.key(), "application/json");
        rejected = session.putAllAttributes(rejected, attributes);
        getLogger().warn("Rejected webhook request {} with HTTP {}: {}", rejected, rejection.httpStatus(), rejection.reason());
        session.getProvenanceReporter().route(rejected, REL_REJECTED, rejection.reason());
        session.transfer(rejected, REL_REJECTED);
        session.adjustCounter("Webhooks Rejected", 1L, false);
    }

    private void fail(final ProcessSession session, final FlowFile flowFile, final String reason) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(STATUS_CODE_ATTRIBUTE, String.valueOf(FAILURE_STATUS));
        attributes.put(REASON_ATTRIBUTE, reason);
        final FlowFile failed = session.putAllAttributes(withoutKey(session, flowFile), attributes);
        getLogger().error("Routing {} to failure: {}", failed, reason);
        session.transfer(failed, REL_FAILURE);
    }

    /**
     * Notes whether reading the content itself failed, to tell a content repository that cannot be read (failure, 500)
     * from a body the Record Reader cannot parse, which its parser may also report as an IOException (400).
     */
    static final class ContentWatch {
        private boolean failed;

        InputStream watch(final InputStream content) {
            return new FilterInputStream(content) {
                @Override
                public int read() throws IOException {
                    try {
                        return super.read();
                    } catch (final IOException e) {
                        failed = true;
                        throw e;
                    }
                }

                @Override
                public int read(final byte[] buffer, final int offset, final int length) throws IOException {
                    try {
                        return super.read(buffer, offset, length);
                    } catch (final IOException e) {
                        failed = true;
                        throw e;
                    }
                }
            };
        }

        boolean failed() {
            return failed;
        }
    }
}
