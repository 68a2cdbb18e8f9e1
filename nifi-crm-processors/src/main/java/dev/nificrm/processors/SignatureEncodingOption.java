package dev.nificrm.processors;

import dev.nificrm.webhook.SignatureEncoding;

/** The Signature Encoding choices of VerifyWebhookSignature. */
public enum SignatureEncodingOption implements LabelledValue {
    BASE64(new Label("base64", "Base64", "Standard or URL-safe Base64, e.g. 3q2+7w=="), SignatureEncoding.BASE64),
    HEX(new Label("hex", "Hexadecimal", "Hexadecimal digits in either case, e.g. deadbeef (GitHub, Slack)"), SignatureEncoding.HEX);

    private final Label label;
    private final SignatureEncoding encoding;

    SignatureEncodingOption(final Label label, final SignatureEncoding encoding) {
        this.label = label;
        this.encoding = encoding;
    }

    @Override
    public Label label() {
        return label;
    }

    SignatureEncoding getEncoding() {
        return encoding;
    }
}
