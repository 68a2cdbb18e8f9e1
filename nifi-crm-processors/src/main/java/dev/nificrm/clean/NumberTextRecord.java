package dev.nificrm.clean;

import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.Map;
import java.util.Set;

/**
 * A record {@link RecordCleaner#prepare} copied to write the numbers of text-by-nature fields as text, which remembers
 * the fields whose text is the digits of a whole number the reader typed, and those whose number was a float of more
 * digits than a float holds ({@link NumberDigits#isFloatBeyondItsDigits}). A float's text is the float's, not what the
 * source wrote, so the cleaner rejects it with {@link NumberDigits#FLOAT_DIGITS_LOST} rather than reading it; a whole
 * number has lost any leading zeros of what the source wrote ({@code 0010010} is {@code 10010}), so a reason for it says
 * when zeros would have made it a value the rule reads. Only a record holding such a field is one; every other copy is a
 * plain {@link MapRecord}.
 */
final class NumberTextRecord extends MapRecord {
    private final Set<String> wholeNumberFields;
    private final Set<String> floatFields;

    NumberTextRecord(final RecordSchema schema, final Map<String, Object> values, final Set<String> wholeNumberFields, final Set<String> floatFields) {
        super(schema, values);
        this.wholeNumberFields = Set.copyOf(wholeNumberFields);
        this.floatFields = Set.copyOf(floatFields);
    }

    /** Whether the record's field holds the text of a float of more digits than a float holds. */
    static boolean holdsFloatText(final Record record, final String fieldName) {
        return record instanceof NumberTextRecord copy && copy.floatFields.contains(fieldName);
    }

    /** Whether the record's field holds the digits of a whole number the reader typed, without any leading zeros. */
    static boolean holdsWholeNumberText(final Record record, final String fieldName) {
        return record instanceof NumberTextRecord copy && copy.wholeNumberFields.contains(fieldName);
    }

    /** The fields of the record that hold a float's text; empty for any other record. */
    static Set<String> floatFields(final Record record) {
        return record instanceof NumberTextRecord copy ? copy.floatFields : Set.of();
    }

    /** The fields of the record that hold a whole number's digits; empty for any other record. */
    static Set<String> wholeNumberFields(final Record record) {
        return record instanceof NumberTextRecord copy ? copy.wholeNumberFields : Set.of();
    }
}
