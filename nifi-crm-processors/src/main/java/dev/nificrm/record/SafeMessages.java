package dev.nificrm.record;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.regex.Pattern;

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
    private static final Pattern QUOTED = Pattern.compile("'[^']*+'|\"[^\"]*+\"|`[^`]*+`|\\[[^\\[\\]]*+]|\\{[^{}]++}|<[^<>]++>");
    /** A nested value's brackets after the inner ones were redacted: {@code [[…]]}, {@code {[…]}}. */
    private static final Pattern NESTED = Pattern.compile("[\\[{][^\\[\\]{}]*+[]}]");

    private SafeMessages() {
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
            return "the content is not valid JSON" + where + ": " + redact(firstLine(json.getOriginalMessage()));
        }
        final String message = failure.getMessage();
        return message == null ? null : redact(firstLine(message));
    }

    /** The text with everything quoted, bracketed or braced replaced by {@value #REDACTED}. */
    public static String redact(final String text) {
        if (text == null) {
            return null;
        }
        String redacted = QUOTED.matcher(text).replaceAll(match -> {
            final String found = match.group();
            return found.length() <= 2 ? found : java.util.regex.Matcher.quoteReplacement(found.charAt(0) + REDACTED + found.charAt(found.length() - 1));
        });
        // values nested in values: redact outwards until nothing bracketed holds more than the marker
        for (int round = 0; round < 8; round++) {
            final String next = NESTED.matcher(redacted).replaceAll(match -> {
                final String found = match.group();
                return found.length() <= 2 ? found : java.util.regex.Matcher.quoteReplacement(found.charAt(0) + REDACTED + found.charAt(found.length() - 1));
            });
            if (next.equals(redacted)) {
                break;
            }
            redacted = next;
        }
        // an opening quote or bracket that is never closed (a value cut off by the reader) hides the rest of the line
        final int unclosed = firstUnclosed(redacted);
        return unclosed < 0 ? redacted : redacted.substring(0, unclosed + 1) + REDACTED;
    }

    private static int firstUnclosed(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            final char closing = switch (c) {
                case '\'' -> '\'';
                case '"' -> '"';
                case '`' -> '`';
                case '[' -> ']';
                case '{' -> '}';
                default -> 0;
            };
            if (closing == 0) {
                continue;
            }
            final int end = text.indexOf(closing, i + 1);
            if (end < 0) {
                return i;
            }
            i = end;
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
