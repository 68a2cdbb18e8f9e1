package dev.nificrm.record;

import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.logging.LogLevel;
import org.slf4j.helpers.MessageFormatter;

/**
 * The logger handed to NiFi's record readers and writers on behalf of a processor: every line they log reaches the
 * processor's own logger (so it is attributed to the processor and shows as its bulletin) with the record values
 * removed. NiFi's readers log the JSON element or CSV line they could not convert; those are personal data.
 * <p>
 * The message is formatted first and then redacted with {@link SafeMessages#redact}; a throwable is replaced by a
 * {@link RedactedThrowable} with the same class name, stack trace and causes but redacted messages.
 */
final class RedactingComponentLog implements ComponentLog {
    private final ComponentLog delegate;

    RedactingComponentLog(final ComponentLog delegate) {
        this.delegate = delegate;
    }

    @Override
    public void warn(final String message, final Throwable failure) {
        delegate.warn(SafeMessages.redact(message), RedactedThrowable.of(failure));
    }

    @Override
    public void warn(final String message, final Object... arguments) {
        if (delegate.isWarnEnabled()) {
            final Formatted formatted = format(message, arguments);
            delegate.warn(formatted.message(), formatted.failure());
        }
    }

    @Override
    public void warn(final String message) {
        delegate.warn(SafeMessages.redact(message));
    }

    @Override
    public void trace(final String message, final Throwable failure) {
        delegate.trace(SafeMessages.redact(message), RedactedThrowable.of(failure));
    }

    @Override
    public void trace(final String message, final Object... arguments) {
        if (delegate.isTraceEnabled()) {
            final Formatted formatted = format(message, arguments);
            delegate.trace(formatted.message(), formatted.failure());
        }
    }

    @Override
    public void trace(final String message) {
        delegate.trace(SafeMessages.redact(message));
    }

    @Override
    public boolean isWarnEnabled() {
        return delegate.isWarnEnabled();
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate.isInfoEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return delegate.isErrorEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public void info(final String message, final Throwable failure) {
        delegate.info(SafeMessages.redact(message), RedactedThrowable.of(failure));
    }

    @Override
    public void info(final String message, final Object... arguments) {
        if (delegate.isInfoEnabled()) {
            final Formatted formatted = format(message, arguments);
            delegate.info(formatted.message(), formatted.failure());
        }
    }

    @Override
    public void info(final String message) {
        delegate.info(SafeMessages.redact(message));
    }

    @Override
    public String getName() {
        return delegate.getName();
    }

    @Override
    public void error(final String message, final Throwable failure) {
        delegate.error(SafeMessages.redact(message), RedactedThrowable.of(failure));
    }

    @Override
    public void error(final String message, final Object... arguments) {
        if (delegate.isErrorEnabled()) {
            final Formatted formatted = format(message, arguments);
            delegate.error(formatted.message(), formatted.failure());
        }
    }

    @Override
    public void error(final String message) {
        delegate.error(SafeMessages.redact(message));
    }

    @Override
    public void debug(final String message, final Throwable failure) {
        delegate.debug(SafeMessages.redact(message), RedactedThrowable.of(failure));
    }

    @Override
    public void debug(final String message, final Object... arguments) {
        if (delegate.isDebugEnabled()) {
            final Formatted formatted = format(message, arguments);
            delegate.debug(formatted.message(), formatted.failure());
        }
    }

    @Override
    public void debug(final String message) {
        delegate.debug(SafeMessages.redact(message));
    }

    @Override
    public void log(final LogLevel level, final String message, final Object... arguments) {
        final Formatted formatted = format(message, arguments);
        delegate.log(level, formatted.message(), formatted.failure());
    }

    /** The message with its arguments filled in, then redacted; a trailing throwable argument is kept apart, redacted. */
    private static Formatted format(final String message, final Object[] arguments) {
        Throwable failure = null;
        Object[] values = arguments;
        if (arguments != null && arguments.length > 0 && arguments[arguments.length - 1] instanceof Throwable last) {
            failure = last;
            values = java.util.Arrays.copyOf(arguments, arguments.length - 1);
        }
        final String text = MessageFormatter.basicArrayFormat(message, values);
        return new Formatted(SafeMessages.redact(text), RedactedThrowable.of(failure));
    }

    private record Formatted(String message, Throwable failure) {
    }

    /**
     * A throwable standing in for another in a log: its class name, redacted message, stack trace and causes, so a
     * defect can still be traced without the values the original message held.
     */
    static final class RedactedThrowable extends Exception {
        private static final int MAXIMUM_CAUSES = 8;

        private RedactedThrowable(final Throwable original, final int depth) {
            super(original.getClass().getName() + ": " + SafeMessages.describeOne(original));
            setStackTrace(original.getStackTrace());
            if (original.getCause() != null && original.getCause() != original && depth < MAXIMUM_CAUSES) {
                initCause(new RedactedThrowable(original.getCause(), depth + 1));
            }
        }

        static Throwable of(final Throwable original) {
            return original == null || original instanceof RedactedThrowable ? original : new RedactedThrowable(original, 0);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
