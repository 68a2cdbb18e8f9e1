package dev.nificrm.mapping;

import dev.nificrm.record.ChoiceAwareRecordPath;
import dev.nificrm.record.UnselectablePathException;
import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.record.path.exception.RecordPathException;
import org.apache.nifi.serialization.record.Record;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles source paths into {@link ValueReader}s, choosing the cheapest reader that is exact:
 * <ul>
 *     <li>{@code /MailingCity}, a bare name ({@code First Name}) or a quoted one ({@code /'ZIP/Postal Code'}) —
 *     {@code record.getValue(name)};</li>
 *     <li>{@code /address/city} — child lookups, one per level, no RecordPath;</li>
 *     <li>anything else ({@code /phones[0]}, {@code //city}, {@code substringBefore(/Name, ' ')}) — a compiled
 *     {@link ChoiceAwareRecordPath}, whose first selected value is read, also where a JSON reader typed a field as a
 *     choice ({@code /contacts[0]/mail} where other records hold text in contacts).</li>
 * </ul>
 */
final class SourcePaths {
    private SourcePaths() {
    }

    /**
     * Compiles a path.
     *
     * @throws MappingConfigurationException when the path is neither plain nor a valid RecordPath
     */
    static ValueReader compile(final String path, final String usedBy) throws MappingConfigurationException {
        final String[] names = plainNames(path);
        if (names != null) {
            return names.length == 1 ? new TopLevelReader(names[0], path.startsWith("/") ? path : "/" + path) : new NestedReader(names, path);
        }
        try {
            return new RecordPathReader(ChoiceAwareRecordPath.compileForReading(path), path);
        } catch (final RecordPathException e) {
            throw new MappingConfigurationException(usedBy + ": '" + path + "' is not a valid RecordPath (" + e.getMessage()
                    + "); write a field as /FieldName, a nested field as /parent/child, or a RecordPath such as /phones[0]");
        }
    }

    /** The top-level field a path starts from, if it can be told without evaluating it. */
    static Optional<String> topLevelName(final String path) {
        final String[] names = plainNames(path);
        if (names != null) {
            return Optional.of(names[0]);
        }
        if (path.startsWith("/") && !path.startsWith("//")) {
            int end = 1;
            while (end < path.length() && "/[".indexOf(path.charAt(end)) < 0) {
                end++;
            }
            return end > 1 ? Optional.of(path.substring(1, end)) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The names of a plain path, or null when the path needs RecordPath. */
    static String[] plainNames(final String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        if (!path.startsWith("/")) {
            // a bare name; a RecordPath function call such as substringBefore(/Name, ' ') is not one
            final int open = path.indexOf('(');
            final boolean functionCall = open > 0 && path.endsWith(")") && path.substring(0, open).chars().allMatch(Character::isLetterOrDigit);
            return functionCall || path.indexOf('/') >= 0 ? null : new String[] {path};
        }
        if (path.length() > 3 && path.startsWith("/'") && path.endsWith("'") && path.indexOf('\'', 2) == path.length() - 1
                && path.indexOf('\\') < 0) {
            // a name in quotes, as RecordPath writes one with a slash in it (Dynamics 365's Excel column ZIP/Postal Code): one field
            return new String[] {path.substring(2, path.length() - 1)};
        }
        final String[] names = path.substring(1).split("/", -1);
        for (final String name : names) {
            if (name.isEmpty() || name.equals("..") || name.equals(".") || name.indexOf('[') >= 0 || name.indexOf(']') >= 0
                    || name.indexOf('*') >= 0 || name.indexOf('\'') >= 0 || name.indexOf('"') >= 0) {
                return null;
            }
        }
        return names;
    }

    /**
     * The value read at a path when it is one value; a list, a map or an object where a target field takes one value
     * is refused with a reason naming the path (its text would be {@code [Ljava.lang.Object;@31f7c328}).
     */
    static Object single(final Object value, final String path) throws ValueMappingException {
        if (value instanceof Object[] array) {
            throw new ValueMappingException(path + " holds a list of " + array.length + (array.length == 1 ? " value" : " values")
                    + " where one value is expected; map one element, e.g. " + path + "[0]");
        }
        if (value instanceof Map<?, ?> || value instanceof Record) {
            throw new ValueMappingException(path + " holds " + (value instanceof Record ? "an object" : "a map") + " where one value is "
                    + "expected; map one of its fields, e.g. " + path + "/name");
        }
        return value;
    }

    // Each reader names its path as written in reasons: a compiled RecordPath's getPath() is its last step only
    // (/contacts[0]/phones is /phones), and a quoted name /'ZIP/Postal Code' is one field, not ZIP's child.
    private record TopLevelReader(String name, String path) implements ValueReader {
        @Override
        public Object read(final Record record, final List<String> notes) throws ValueMappingException {
            return single(record.getValue(name), path);
        }
    }

    private record NestedReader(String[] names, String path) implements ValueReader {
        @Override
        public Object read(final Record record, final List<String> notes) throws ValueMappingException {
            Object value = record.getValue(names[0]);
            for (int i = 1; i < names.length && value != null; i++) {
                if (value instanceof Record child) {
                    value = child.getValue(names[i]);
                } else if (value instanceof Map<?, ?> map) {
                    value = map.get(names[i]);
                } else {
                    return null;
                }
            }
            return single(value, path);
        }
    }

    private record RecordPathReader(ChoiceAwareRecordPath recordPath, String path) implements ValueReader {
        @Override
        public Object read(final Record record, final List<String> notes) throws ValueMappingException {
            final FieldValue selected;
            try {
                selected = recordPath.firstOrExplain(record);
            } catch (final UnselectablePathException e) {
                throw new ValueMappingException(e.getMessage());
            }
            return selected == null ? null : single(selected.getValue(), path);
        }
    }
}
