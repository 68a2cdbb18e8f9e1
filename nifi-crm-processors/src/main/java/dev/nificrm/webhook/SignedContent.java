package dev.nificrm.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a sender signs, as a layout of placeholders and literal text, compiled once: {@code {method}}, {@code {uri}}
 * (the URL with its query string), {@code {body}} (the raw body bytes) and {@code {timestamp}} (the timestamp header's
 * value as sent). Examples: HubSpot v3 signs {@code {method}{uri}{body}{timestamp}}, Stripe {@code {timestamp}.{body}},
 * Slack {@code v0:{timestamp}:{body}}, GitHub and most home-grown senders {@code {body}}. The body must be covered:
 * a signature that leaves it out lets anyone change the payload.
 */
public final class SignedContent {
    /** The layout HubSpot's v3 signature covers. */
    public static final SignedContent HUBSPOT_V3 = parse("{method}{uri}{body}{timestamp}");
    /** What HubSpot's v1 signature hashes after the client secret. */
    static final SignedContent HUBSPOT_V1 = parse("{body}");
    /** What HubSpot's v2 signature hashes after the client secret. */
    static final SignedContent HUBSPOT_V2 = parse("{method}{uri}{body}");

    private final String layout;
    private final List<Part> parts;
    private final Set<Placeholder> placeholders;

    private SignedContent(final String layout, final List<Part> parts, final Set<Placeholder> placeholders) {
        this.layout = layout;
        this.parts = List.copyOf(parts);
        this.placeholders = placeholders;
    }

    /**
     * Compiles a layout.
     *
     * @throws IllegalArgumentException with a message an operator can act on, when a placeholder is unknown or repeated,
     *                                  a brace is not closed, or the body is not covered
     */
    public static SignedContent parse(final String layout) {
        final List<Part> parts = new ArrayList<>();
        final Set<Placeholder> seen = EnumSet.noneOf(Placeholder.class);
        final StringBuilder literal = new StringBuilder();
        int position = 0;
        while (position < layout.length()) {
            final char character = layout.charAt(position);
            if (character != '{') {
                literal.append(character);
                position++;
                continue;
            }
            final int close = layout.indexOf('}', position);
            if (close < 0) {
                throw new IllegalArgumentException("the { at position " + (position + 1) + " is not closed");
            }
            final String name = layout.substring(position + 1, close);
            final Placeholder placeholder = Placeholder.named(name);
            if (!seen.add(placeholder)) {
                throw new IllegalArgumentException("{" + name + "} appears more than once");
            }
            if (!literal.isEmpty()) {
                parts.add(new Part(null, literal.toString().getBytes(StandardCharsets.UTF_8)));
                literal.setLength(0);
            }
            parts.add(new Part(placeholder, null));
            position = close + 1;
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(null, literal.toString().getBytes(StandardCharsets.UTF_8)));
        }
        if (!seen.contains(Placeholder.BODY)) {
            throw new IllegalArgumentException("the layout must include {body}: a signature that does not cover the body lets anyone change it");
        }
        return new SignedContent(layout, parts, seen);
    }

    /** Whether the layout includes the placeholder. */
    public boolean uses(final Placeholder placeholder) {
        return placeholders.contains(placeholder);
    }

    /**
     * Feeds the signed content of a request into a MAC or digest, and into a second one under another secret when given (a
     * secret being rotated), reading the body once.
     */
    void update(final Sink mac, final Sink second, final WebhookRequest request, final String timestamp, final InputStream body) throws IOException {
        for (final Part part : parts) {
            if (part.placeholder() == null) {
                update(mac, second, part.literal(), part.literal().length);
                continue;
            }
            switch (part.placeholder()) {
                case METHOD -> update(mac, second, request.method());
                case URI -> update(mac, second, request.url());
                case TIMESTAMP -> update(mac, second, timestamp);
                case BODY -> {
                    final byte[] buffer = new byte[8192];
                    int read;
                    while ((read = body.read(buffer)) >= 0) {
                        update(mac, second, buffer, read);
                    }
                }
            }
        }
    }

    private static void update(final Sink mac, final Sink second, final String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        update(mac, second, bytes, bytes.length);
    }

    private static void update(final Sink mac, final Sink second, final byte[] bytes, final int length) {
        mac.update(bytes, 0, length);
        if (second != null) {
            second.update(bytes, 0, length);
        }
    }

    @Override
    public String toString() {
        return layout;
    }

    /** The parts of a request a layout can name. */
    public enum Placeholder {
        METHOD, URI, BODY, TIMESTAMP;

        static Placeholder named(final String name) {
            for (final Placeholder placeholder : values()) {
                if (placeholder.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return placeholder;
                }
            }
            throw new IllegalArgumentException("{" + name + "} is not a placeholder; use {method}, {uri}, {body} or {timestamp}");
        }
    }

    /** Where signed content goes: a MAC ({@code mac::update}) or a message digest ({@code digest::update}). */
    @FunctionalInterface
    interface Sink {
        void update(byte[] bytes, int offset, int length);
    }

    private record Part(Placeholder placeholder, byte[] literal) {
    }
}
