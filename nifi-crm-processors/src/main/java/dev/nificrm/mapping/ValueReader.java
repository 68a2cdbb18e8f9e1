package dev.nificrm.mapping;

import org.apache.nifi.serialization.record.Record;

/** Reads one value from a source record; the compiled form of a source path. */
@FunctionalInterface
interface ValueReader {
    /** A reader of nothing: a canonical field the source preset does not provide. */
    ValueReader NONE = record -> null;

    Object read(Record record) throws ValueMappingException;
}
