package dev.nificrm.mapping;

import org.apache.nifi.serialization.record.Record;

import java.util.List;

/** Reads one value from a source record; the compiled form of a source path. */
@FunctionalInterface
interface ValueReader {
    /** A reader of nothing: a canonical field the source preset does not provide. */
    ValueReader NONE = (record, notes) -> null;

    /**
     * Reads the value.
     *
     * @param notes collects, for the record's Errors Field, each target field a value map left empty on purpose ({@code "drop"})
     */
    Object read(Record record, List<String> notes) throws ValueMappingException;
}
