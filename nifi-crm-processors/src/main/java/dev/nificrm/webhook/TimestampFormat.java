package dev.nificrm.webhook;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Locale;
import java.time.OffsetDateTime;

/** How a sender writes the time it signed a request. */
public enum TimestampFormat {
    /** Whole seconds since 1970-01-01T00:00:00Z (Slack, Stripe, most home-grown senders). */
    EPOCH_SECONDS,
    /** Milliseconds since 1970-01-01T00:00:00Z (HubSpot's X-HubSpot-Request-Timestamp). */
    EPOCH_MILLISECONDS,
    /** An ISO-8601 date and time with an offset, e.g. {@code 2026-12-01T09:30:00Z}. */
    ISO_8601;

    /**
     * The instant a header value names.
     *
     * @throws IllegalArgumentException when the value is not written in this format
     */
    Instant parse(final String text) {
        try {
            return switch (this) {
                case EPOCH_SECONDS -> Instant.ofEpochSecond(Long.parseLong(text));
                case EPOCH_MILLISECONDS -> Instant.ofEpochMilli(Long.parseLong(text));
                case ISO_8601 -> OffsetDateTime.parse(text).toInstant();
            };
        } catch (final NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("not a timestamp in " + name().toLowerCase(Locale.ROOT).replace('_', ' '), e);
        }
    }
}
