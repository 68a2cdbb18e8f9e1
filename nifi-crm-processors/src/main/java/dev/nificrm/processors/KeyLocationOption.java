package dev.nificrm.processors;

import dev.nificrm.webhook.WebhookVerifier;

/** The Key Location choices of VerifyWebhookSignature's Shared Key scheme. */
public enum KeyLocationOption implements LabelledValue {
    QUERY_PARAMETER(new Label("query-parameter", "Query Parameter",
            "The key is a query parameter of the URL, e.g. ?code=... (Dynamics 365 WebhookKey, HttpQueryString); HandleHttpRequest "
                    + "writes it, decoded, to http.query.param.<name>"), WebhookVerifier.KeyLocation.QUERY_PARAMETER),
    HEADER(new Label("header", "Header", "The key is the value of a request header (Dynamics 365 HttpHeader, API-key style senders)"),
            WebhookVerifier.KeyLocation.HEADER);

    private final Label label;
    private final WebhookVerifier.KeyLocation location;

    KeyLocationOption(final Label label, final WebhookVerifier.KeyLocation location) {
        this.label = label;
        this.location = location;
    }

    @Override
    public Label label() {
        return label;
    }

    WebhookVerifier.KeyLocation getLocation() {
        return location;
    }
}
