package dev.nificrm.processors;

/**
 * How VerifyWebhookSignature checks a request: HubSpot's fixed v3 scheme or its older v1/v2 one, an HMAC-SHA256 sender described by properties,
 * or a sender that sends the shared key itself (Dynamics 365), in the URL, a header or its body (Zoho CRM's Notifications API).
 */
public enum SignatureScheme implements LabelledValue {
    HUBSPOT_V3(new Label("hubspot-v3", "HubSpot v3",
            "X-HubSpot-Signature-v3 = Base64(HMAC-SHA256(client secret, method + URI + body + X-HubSpot-Request-Timestamp)); "
                    + "requests whose timestamp is older than the Timestamp Tolerance (HubSpot: 5 minutes) are rejected")),
    HUBSPOT_V1_V2(new Label("hubspot-v1-v2", "HubSpot v1/v2",
            "X-HubSpot-Signature = hex(SHA-256(client secret + body)) for v1, hex(SHA-256(client secret + method + URI + body)) for v2, "
                    + "as X-HubSpot-Signature-Version says (absent: v2), as HubSpot's CRM extensions and workflow webhooks sign; no timestamp, "
                    + "so an identical request within the Timestamp Tolerance is a replay. Prefer HubSpot v3 where HubSpot sends it")),
    HMAC_SHA256(new Label("hmac-sha256", "Generic HMAC-SHA256",
            "A header holds the HMAC-SHA256 of the Signed Content under the Secret, Base64 or hex, optionally after a prefix such as "
                    + "sha256=; an optional timestamp header is checked against the Timestamp Tolerance. Covers Salesforce-built "
                    + "(Apex, Flow) and home-grown senders, GitHub, Slack and Stripe-style signatures")),
    SHARED_KEY(new Label("shared-key", "Shared Key (Dynamics 365)",
            "The request carries the Secret itself, in a query parameter or a header (Dynamics 365 webhooks: WebhookKey sends it as the "
                    + "query parameter code, HttpHeader as a header), compared in constant time. Nothing else is proven: the body is not "
                    + "signed and no timestamp is sent, so only accept such requests over HTTPS, and only from senders that cannot sign")),
    BODY_TOKEN(new Label("body-token", "Body Token (Zoho CRM Notifications)",
            "The body carries the Secret itself, in a field the Token Field names, read with the Record Reader (Zoho CRM's Notifications "
                    + "API sends the channel's token back in every notification's JSON body); every record must carry it, compared in constant "
                    + "time. As with a shared key, nothing else is proven (the rest of the body is not covered, server_time is not signed), so "
                    + "only accept such requests over HTTPS"));

    private final Label label;

    SignatureScheme(final Label label) {
        this.label = label;
    }

    @Override
    public Label label() {
        return label;
    }
}
