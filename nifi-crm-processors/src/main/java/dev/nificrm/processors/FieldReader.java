package dev.nificrm.processors;

import dev.nificrm.merge.Timestamps;
import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.record.path.exception.RecordPathException;
import org.apache.nifi.serialization.record.Record;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one value of a record by a RecordPath compiled once: a top-level field ({@code /Email}, {@code /'Mailing City'})
 * by its name, without evaluating the path, any other path by evaluating it (its first non-null value).
 */
final class FieldReader {
    private static final Pattern TOP_LEVEL = Pattern.compile("/\\s*(?:([A-Za-z_][A-Za-z0-9_]*)|'((?:[^'\\\\]|\\\\.)*)')\\s*");

    private final String fieldName;
    private final RecordPath path;

    private FieldReader(final String fieldName, final RecordPath path) {
        this.fieldName = fieldName;
        this.path = path;
    }

    /** A reader of the RecordPath, which must compile. */
    static FieldReader of(final String recordPath) {
        final String trimmed = recordPath.trim();
        final Optional<String> name = topLevelFieldName(trimmed);
        return new FieldReader(name.orElse(null), name.isPresent() ? null : RecordPath.compile(trimmed));
    }

    /** The name of the top-level field the RecordPath names ({@code /'Mailing City'} → Mailing City), or empty for any other path. */
    static Optional<String> topLevelFieldName(final String recordPath) {
        final Matcher matcher = TOP_LEVEL.matcher(recordPath.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(matcher.group(1) != null ? matcher.group(1) : matcher.group(2).replace("\\'", "'").replace("\\\\", "\\"));
    }

    /** Whether the text is a RecordPath that compiles. */
    static boolean compiles(final String recordPath) {
        try {
            RecordPath.compile(recordPath.trim());
            return true;
        } catch (final RecordPathException e) {
            return false;
        }
    }

    /** The value, or null when the record has none. */
    Object read(final Record record) {
        if (fieldName != null) {
            return record.getValue(fieldName);
        }
        return path.evaluate(record).getSelectedFields().map(FieldValue::getValue).filter(value -> value != null).findFirst().orElse(null);
    }

    /** The value as text, or null when the record has none or it is blank. */
    String readText(final Record record) {
        final Object value = read(record);
        if (value == null) {
            return null;
        }
        final String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    /**
     * The value as epoch milliseconds, or {@link Timestamps#NONE} when the record has none.
     *
     * @param propertyName the property the path comes from, named in the message of a value that is not a time
     * @throws IllegalArgumentException when the value is not a date or timestamp; the message does not repeat it
     */
    long readEpochMillis(final Record record, final String propertyName) {
        try {
            return Timestamps.toEpochMillis(read(record));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(propertyName + ": " + e.getMessage(), e);
        }
    }

    /** The top-level field read, or null when the path is not a plain field. */
    String fieldName() {
        return fieldName;
    }
}
