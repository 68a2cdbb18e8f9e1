package dev.nificrm.record;

/**
 * Raised by a processor's core when a whole FlowFile cannot be processed (as opposed to one record being invalid,
 * which is routed with a reason). The base routes the untouched FlowFile to {@code failure}.
 */
public class RecordProcessingException extends Exception {
    public RecordProcessingException(final String message) {
        super(message);
    }

    public RecordProcessingException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
