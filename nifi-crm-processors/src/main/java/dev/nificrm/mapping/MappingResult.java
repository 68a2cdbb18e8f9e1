package dev.nificrm.mapping;

import org.apache.nifi.serialization.record.Record;

import java.util.List;

/**
 * The outcome of mapping one record: the target record, or (when {@link #errors()} is not empty) the source record
 * with the reasons in its errors field, ready for the {@code invalid} relationship.
 */
public record MappingResult(Record record, List<String> errors) {
    public boolean isValid() {
        return errors.isEmpty();
    }
}
