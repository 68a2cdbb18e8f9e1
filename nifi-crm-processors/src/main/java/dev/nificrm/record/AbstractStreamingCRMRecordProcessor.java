package dev.nificrm.record;

import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.record.Record;

import java.io.IOException;
import java.time.Clock;

/**
 * A record processor that decides each record's relationship on its own, in one pass: the record is changed in
 * place by {@link #process} and written to the relationship it returns.
 */
public abstract class AbstractStreamingCRMRecordProcessor extends AbstractCRMRecordProcessor {

    /** A processor on the system clock (UTC). */
    protected AbstractStreamingCRMRecordProcessor() {
        super();
    }

    /** A processor on the given clock, e.g. a fixed one in a test. */
    protected AbstractStreamingCRMRecordProcessor(final Clock clock) {
        super(clock);
    }

    @Override
    protected final long processRecords(final ProcessContext context, final RecordSource source, final RoutedRecordWriter output)
            throws IOException, MalformedRecordException, SchemaNotFoundException, RecordProcessingException {
        final RecordSource.RecordConsumer consumer = (index, record) -> {
            final Record prepared = prepare(record);
            output.write(process(prepared, output), prepared);
        };
        return keepsUnknownFields() ? source.forEachKeepingUnknownFields(consumer) : source.forEach(consumer);
    }

    /**
     * Whether the records are read with the values the reader has no field of the schema for kept in them
     * ({@link RecordSource#forEachKeepingUnknownFields}); by default false, they are dropped as they are read. A processor
     * that must see a CSV row's values beyond its header to flag the row returns true.
     */
    protected boolean keepsUnknownFields() {
        return false;
    }

    /**
     * The record to process and write in place of the record read; by default the same instance. A processor overrides
     * this when it must write values the read schema cannot hold (e.g. text into a field the reader inferred as a number,
     * which a type-checked record would coerce back).
     */
    protected Record prepare(final Record record) {
        return record;
    }

    /**
     * Processes one record in place.
     *
     * @param record the record, changed in place
     * @param output the output, for counters ({@link RoutedRecordWriter#increment})
     * @return the relationship the record goes to
     */
    protected abstract Relationship process(Record record, RoutedRecordWriter output);
}
