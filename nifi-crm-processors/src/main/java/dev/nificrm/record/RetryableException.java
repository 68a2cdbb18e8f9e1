package dev.nificrm.record;

/**
 * Something a FlowFile depends on outside its content is unavailable (a database that cannot be reached, a store busy
 * beyond its retries): the FlowFile is returned to its queue untouched and penalized, and the processor yields, so it
 * is tried again later instead of being routed to failure.
 */
public class RetryableException extends RuntimeException {
    public RetryableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
