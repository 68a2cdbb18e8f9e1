package dev.nificrm.webhook;

import java.util.Base64;
import java.util.HexFormat;

/** How a sender writes the signature bytes into its header. */
public enum SignatureEncoding {
    /** Standard Base64 (HubSpot v3, Shopify, Salesforce-built senders); URL-safe Base64 is read too. */
    BASE64,
    /** Hexadecimal digits, upper or lower case (GitHub's {@code sha256=...}, Slack's {@code v0=...}). */
    HEX;

    /**
     * The signature bytes written in this encoding.
     *
     * @throws IllegalArgumentException when the text is not in this encoding
     */
    byte[] decode(final String text) {
        return switch (this) {
            case BASE64 -> text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
            case HEX -> HexFormat.of().parseHex(text.length() % 2 == 0 ? text : "invalid: odd length");
        };
    }
}
