package dev.nificrm.clean;

import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.Map;
import java.util.Set;

/**
 * A record {@link RecordCleaner#prepare} copied to write the numbers of text-by-nature fields as text, which remembers the
 * fields whose number was a float of more digits than a float holds ({@link NumberDigits#isFloatBeyondItsDigits}): their
 * text is the float's, not what the source wrote, so the cleaner rejects it with {@link NumberDigits#FLOAT_DIGITS_LOST}
 * rather than reading it. Only a record holding such a field is one; every other copy is a plain {@link MapRecord}.
 */
final class FloatTextRecord extends MapRecord {
    private final Set<String> floatFields;

    FloatTextRecord(final RecordSchema schema, final Map<String, Object> values, final Set<String> floatFields) {
        super(schema, values);
        this.floatFields = Set.copyOf(floatFields);
    }

    /** Whether the record's field holds the text of a float of more digits than a float holds. */
    static boolean holdsFloatText(final Record record, final String fieldName) {
        return record instanceof FloatTextRecord copy && copy.floatFields.contains(fieldName);
    }

    /** The fields of the record that hold such text; empty for any other record. */
    static Set<String> floatFields(final Record record) {
        return record instanceof FloatTextRecord copy ? copy.floatFields : Set.of();
    }
}
