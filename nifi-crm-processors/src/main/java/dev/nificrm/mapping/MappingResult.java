package dev.nificrm.mapping;

import org.apache.nifi.serialization.record.Record;

import java.util.List;

/**
 * The outcome of mapping one record: the target record, or (when {@link #errors()} is not empty) the source record
 * with the reasons in its errors field, ready for the {@code invalid} relationship; {@link #approximated()} names the target
 * fields of a mapped record that a value map wrote as the nearest of the target's values (a {@code nearest} row), usually none.
 */
public record MappingResult(Record record, List<String> errors, List<String> approximated) {
    public boolean isValid() {
        return errors.isEmpty();
    }
}
