package dev.nificrm.processors;

/** How VerifyWebhookSignature checks a request: HubSpot's fixed v3 scheme, or an HMAC-SHA256 sender described by properties. */
public enum SignatureScheme implements LabelledValue {
    HUBSPOT_V3(new Label("hubspot-v3", "HubSpot v3",
            "X-HubSpot-Signature-v3 = Base64(HMAC-SHA256(client secret, method + URI + body + X-HubSpot-Request-Timestamp)); "
                    + "requests whose timestamp is older than the Timestamp Tolerance (HubSpot: 5 minutes) are rejected")),
    HMAC_SHA256(new Label("hmac-sha256", "Generic HMAC-SHA256",
            "A header holds the HMAC-SHA256 of the Signed Content under the Secret, Base64 or hex, optionally after a prefix such as "
                    + "sha256=; an optional timestamp header is checked against the Timestamp Tolerance. Covers Salesforce-built "
                    + "(Apex, Flow) and home-grown senders, GitHub, Slack and Stripe-style signatures"));

    private final Label label;

    SignatureScheme(final Label label) {
        this.label = label;
    }

    @Override
    public Label label() {
        return label;
    }
}
