package dev.nificrm.processors;

import dev.nificrm.webhook.TimestampFormat;

/** The Timestamp Format choices of VerifyWebhookSignature. */
public enum TimestampFormatOption implements LabelledValue {
    EPOCH_SECONDS(new Label("epoch-seconds", "Epoch Seconds", "Whole seconds since 1970-01-01T00:00:00Z, e.g. 1764581400"),
            TimestampFormat.EPOCH_SECONDS),
    EPOCH_MILLISECONDS(new Label("epoch-milliseconds", "Epoch Milliseconds", "Milliseconds since 1970-01-01T00:00:00Z, e.g. 1764581400000"),
            TimestampFormat.EPOCH_MILLISECONDS),
    ISO_8601(new Label("iso-8601", "ISO-8601", "A date and time with an offset, e.g. 2026-12-01T09:30:00Z"), TimestampFormat.ISO_8601);

    private final Label label;
    private final TimestampFormat format;

    TimestampFormatOption(final Label label, final TimestampFormat format) {
        this.label = label;
        this.format = format;
    }

    @Override
    public Label label() {
        return label;
    }

    TimestampFormat getFormat() {
        return format;
    }
}
