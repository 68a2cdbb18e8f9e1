package dev.nificrm.record;

import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.util.DataTypeUtils;

import java.util.Optional;

/**
 * Names the field whose value a Record Writer refused, so the reason of a failed FlowFile says where to look
 * ({@code the field Birthdate holds an infinite number}) instead of what the writer said about the value
 * ({@code Character I is neither a decimal digit number...}, which names no field). Only names and types are reported,
 * never the value.
 */
final class UnwritableValues {
    private static final int MAXIMUM_DEPTH = 32;

    private UnwritableValues() {
    }

    /** What in the record the writer could not write, e.g. {@code the field Birthdate holds an infinite number}; empty when no field explains it. */
    static Optional<String> find(final Record record) {
        return find(record, "", 0);
    }

    private static Optional<String> find(final Record record, final String prefix, final int depth) {
        if (depth > MAXIMUM_DEPTH) {
            return Optional.empty();
        }
        for (final RecordField field : record.getSchema().getFields()) {
            final String name = prefix + field.getFieldName();
            final Object value = record.getValue(field);
            if (value instanceof Double || value instanceof Float) {
                final double number = ((Number) value).doubleValue();
                if (!Double.isFinite(number)) {
                    return Optional.of("the field " + name + " holds " + (Double.isNaN(number) ? "a value that is not a number" : "an infinite number")
                            + ", which the Record Writer cannot write; correct or remove it in the source");
                }
            }
            if (value instanceof Record child) {
                final Optional<String> nested = find(child, name + "/", depth + 1);
                if (nested.isPresent()) {
                    return nested;
                }
            } else if (value != null && !fits(value, field.getDataType(), name)) {
                return Optional.of("the field " + name + " holds a value the Record Writer cannot write as " + field.getDataType()
                        + "; correct it in the source or read the field as a string");
            }
        }
        return Optional.empty();
    }

    private static boolean fits(final Object value, final DataType type, final String name) {
        try {
            DataTypeUtils.convertType(value, type, name);
            return true;
        } catch (final RuntimeException e) {
            return false;
        }
    }
}
