package dev.nificrm.processors;

import dev.nificrm.merge.SystemTimestamps;
import dev.nificrm.merge.Timestamps;
import dev.nificrm.record.ChoiceAwareRecordPath;
import dev.nificrm.record.RecordPathList;
import dev.nificrm.record.UnselectablePathException;
import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.record.path.exception.RecordPathException;
import org.apache.nifi.serialization.record.Record;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one value of a record by one or more RecordPaths compiled once ({@code /external_id, /Id}: the first that has a
 * value): a top-level field ({@code /Email}, {@code /'Mailing City'}) by its name, without evaluating the path, any
 * other path by evaluating it (its first non-null value), also through a field a JSON reader inferred as a choice
 * ({@code /ids[0]} where other records hold text in ids; see {@link ChoiceAwareRecordPath}).
 */
final class FieldReader {
    private static final Pattern TOP_LEVEL = Pattern.compile("/\\s*(?:([A-Za-z_][A-Za-z0-9_]*)|'((?:[^'\\\\]|\\\\.)*)')\\s*");

    /** The property the paths come from, named in the reasons. */
    private final String propertyName;
    private final String[] fieldNames;
    private final ChoiceAwareRecordPath[] paths;

    private FieldReader(final String propertyName, final String[] fieldNames, final ChoiceAwareRecordPath[] paths) {
        this.propertyName = propertyName;
        this.fieldNames = fieldNames;
        this.paths = paths;
    }

    /**
     * A reader of the comma-separated RecordPaths, which must compile (see {@link RecordPathList}).
     *
     * @param propertyName the property they come from, named in the reasons of a value that cannot be read
     */
    static FieldReader of(final String propertyName, final String recordPaths) {
        final List<String> split = RecordPathList.split(recordPaths);
        final String[] names = new String[split.size()];
        final ChoiceAwareRecordPath[] compiled = new ChoiceAwareRecordPath[split.size()];
        for (int i = 0; i < names.length; i++) {
            final Optional<String> name = topLevelFieldName(split.get(i));
            names[i] = name.orElse(null);
            compiled[i] = name.isPresent() ? null : ChoiceAwareRecordPath.compileForReading(split.get(i).trim());
        }
        return new FieldReader(propertyName, names, compiled);
    }

    /** The top-level fields the RecordPaths name (paths into nested fields are left out). */
    static List<String> topLevelFieldNames(final String recordPaths) {
        final List<String> names = new ArrayList<>();
        for (final String path : RecordPathList.split(recordPaths)) {
            topLevelFieldName(path).ifPresent(names::add);
        }
        return names;
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

    /**
     * The value of the first path that has one, or null when none has.
     *
     * @throws UnselectablePathException naming the property, when a path before any with a value selects nothing by how it
     *                                   is written: the record is not read as if it had no value there
     */
    Object read(final Record record) {
        for (int i = 0; i < fieldNames.length; i++) {
            final Object value = fieldNames[i] != null ? record.getValue(fieldNames[i])
                    : paths[i].selectOrExplain(record, propertyName).stream().map(FieldValue::getValue).filter(Objects::nonNull).findFirst().orElse(null);
            if (value != null && !(value instanceof CharSequence text && text.toString().isBlank())) {
                return value;
            }
        }
        return null;
    }

    /**
     * The value as text, or null when the record has none or it is blank.
     *
     * @throws UnselectablePathException as {@link #read}
     */
    String readText(final Record record) {
        return text(read(record));
    }

    /**
     * The value as text, or null when the record has none or it is blank.
     *
     * @param expected what the value should be, in words for the message, e.g. {@code a system name}
     * @throws IllegalArgumentException when the value is a record, a list or a map, the message naming the property but not
     *                                  the value; or as {@link #read}
     */
    String readSingleText(final Record record, final String expected) {
        final Object value = read(record);
        final String structure = structure(value);
        if (structure != null) {
            throw new IllegalArgumentException(propertyName + ": holds " + structure + " where " + expected + " is expected");
        }
        return text(value);
    }

    /** A value read as text, or null when it is null or blank. */
    static String text(final Object value) {
        if (value == null) {
            return null;
        }
        final String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    /**
     * What a value that is not one value is, in words for a reason ({@code a record}, {@code a list}, {@code a map}), or
     * null for a single value: the text of such a value names an object, not a key.
     */
    static String structure(final Object value) {
        if (value instanceof Record) {
            return "a record";
        }
        if (value instanceof Object[] || value instanceof Collection<?>) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "a map";
        }
        return null;
    }

    /**
     * The value as epoch milliseconds, text read as the record's system writes its times ({@code times}: the operator's
     * System Timestamp Format or Timestamp Format, such as Zoho's 11/20/2023 08:00:00, then ISO-8601), or
     * {@link Timestamps#NONE} when the record has none.
     *
     * @param system the record's system, or null when unknown
     * @throws IllegalArgumentException when the value is not a date or timestamp, the message naming the property and the
     *                                  system but not the value; or as {@link #read}
     */
    long readEpochMillis(final Record record, final SystemTimestamps times, final String system) {
        final Object value = read(record);
        try {
            return times.toEpochMillis(system, value);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(propertyName + ": " + e.getMessage(), e);
        }
    }

    /** The top-level fields read, in order; paths into nested fields are left out. */
    List<String> fieldNames() {
        final List<String> names = new ArrayList<>();
        for (final String name : fieldNames) {
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }
}
