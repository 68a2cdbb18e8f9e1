package dev.nificrm.record;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.nifi.logging.ComponentLog;


/**
 * Turns exceptions into reasons an operator can act on and that hold no record value: what goes into
 * {@code record.error.message}, a log line or a bulletin is personal data's way out of a flow. Readers, writers and
 * type conversions put the offending value into their messages ({@code Unrecognized token 'Smith'},
 * {@code Cannot convert value [Ann]}, {@code Failed to write MapRecord[{Email=...}]}); everything quoted, bracketed or
 * braced is replaced by {@value #REDACTED}, and the exceptions whose whole message is a value get a fixed reason.
 * <pre>
 * SafeMessages.redact("Unrecognized token 'Smith': was expecting (JSON String...)")
 *     // "Unrecognized token '…': was expecting (JSON String...)"
 * </pre>
 */
public final class SafeMessages {
    /** What stands where a value was. */
    public static final String REDACTED = "…";
    /** A reason longer than this is cut: an attribute is no place for a stack of messages. */
    private static final int MAXIMUM_LENGTH = 600;
    /** How Jackson's parser of bytes (2.21) starts its refusal of a surrogate code point, escaped in a field name or encoded. */
    private static final String REFUSED_SURROGATE = "Invalid UTF-8: Illegal surrogate character";
    private static final String SURROGATE_REFUSED = "Jackson 2.21.0 and 2.21.1 (the JSON library of NiFi 2.8.0's readers) refuse in a field name a "
            + "character beyond U+FFFF (an emoji) escaped as a surrogate pair (\\ud83d\\ude00), which is valid JSON, as NiFi's "
            + "JsonRecordSetWriter writes it; half a pair alone, escaped or encoded in UTF-8, is no character at all. Rename such fields "
            + "before the JSON is written, or pass the records on as CSV";

    private SafeMessages() {
    }

    /**
     * A logger for record readers and writers created outside the record processors' base: what they log reaches the
     * given logger with the record values removed.
     */
    public static ComponentLog redactingLog(final ComponentLog logger) {
        return logger instanceof RedactingComponentLog ? logger : new RedactingComponentLog(logger);
    }

    /** A throwable to log in place of another: same class name, stack trace and causes, messages without values. */
    public static Throwable redacted(final Throwable failure) {
        return RedactingComponentLog.RedactedThrowable.of(failure);
    }

    /**
     * The reason a FlowFile could not be processed, built from the exception and its causes, without values.
     */
    public static String describe(final Throwable failure) {
        final StringBuilder reason = new StringBuilder();
        Throwable current = failure;
        int depth = 0;
        while (current != null && depth++ < 8) {
            final String part = describeOne(current);
            if (part != null && !part.isBlank() && reason.indexOf(part) < 0) {
                if (!reason.isEmpty()) {
                    reason.append(": ");
                }
                reason.append(part);
            }
            if (current instanceof StackOverflowError) {
                break;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        if (reason.isEmpty()) {
            reason.append(failure.getClass().getSimpleName());
        }
        return reason.length() > MAXIMUM_LENGTH ? reason.substring(0, MAXIMUM_LENGTH) + REDACTED : reason.toString();
    }

    /** The reason of this exception alone, without its causes; null when it has no message. */
    static String describeOne(final Throwable failure) {
        if (failure instanceof StackOverflowError) {
            return "the content is nested too deeply to be processed (a value inside hundreds of levels of arrays or objects); "
                    + "flatten the nested values before this processor";
        }
        if (failure instanceof RecordProcessingException) {
            // the processors' own reasons name fields and settings, never values
            return failure.getMessage();
        }
        if (failure instanceof NumberFormatException) {
            return "a number could not be read";
        }
        if (failure instanceof JsonProcessingException json) {
            final JsonLocation location = json.getLocation();
            final String where = location == null || location.getLineNr() < 0 ? ""
                    : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            final String message = firstLine(json.getOriginalMessage());
            if (message != null && message.startsWith(REFUSED_SURROGATE)) {
                return "the JSON reader refused a surrogate code point" + where + ": " + SURROGATE_REFUSED;
            }
            return "the content is not valid JSON" + where + ": " + redact(message);
        }
        final String message = failure.getMessage();
        return message == null ? null : redact(firstLine(message));
    }

    /**
     * The text with everything quoted, bracketed or braced replaced by {@value #REDACTED}, nested brackets as one; an
     * opening quote or bracket that is never closed (a value cut off by the reader) hides the rest of the text.
     */
    public static String redact(final String text) {
        if (text == null) {
            return null;
        }
        final StringBuilder redacted = new StringBuilder(text.length());
        int position = 0;
        while (position < text.length()) {
            final char c = text.charAt(position);
            final int end = switch (c) {
                case '\'', '"', '`' -> text.indexOf(c, position + 1);
                case '[', '{' -> matchingClose(text, position);
                case '<' -> text.indexOf('>', position + 1);
                default -> position;
            };
            if (end == position) {
                redacted.append(c);
                position++;
            } else if (end < 0) {
                if (c == '<') {
                    // a less-than sign, not a bracket
                    redacted.append(c);
                    position++;
                    continue;
                }
                return redacted.append(c).append(REDACTED).toString();
            } else {
                redacted.append(c);
                if (end > position + 1) {
                    redacted.append(REDACTED);
                }
                redacted.append(text.charAt(end));
                position = end + 1;
            }
        }
        return redacted.toString();
    }

    /** The position of the bracket closing the one at {@code open}, counting nested brackets and braces, or -1. */
    private static int matchingClose(final String text, final int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String firstLine(final String message) {
        if (message == null) {
            return null;
        }
        final int lineBreak = message.indexOf('\n');
        return lineBreak < 0 ? message : message.substring(0, lineBreak).stripTrailing();
    }
}
