package dev.nificrm.record;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.util.DataTypeUtils;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The records of one incoming FlowFile, readable in one or more passes.
 * <p>
 * Streaming processors read once; a processor that must see every record before it can decide where any goes
 * (matching) reads a first pass to build its index and a second pass to route, so that only compact keys, never
 * whole records, are held in memory.
 */
public final class RecordSource {
    private final ProcessSession session;
    private final FlowFile flowFile;
    private final RecordReaderFactory readerFactory;
    private final ComponentLog logger;
    private RecordSchema readSchema;
    private boolean structureChecked;

    RecordSource(final ProcessSession session, final FlowFile flowFile, final RecordReaderFactory readerFactory, final ComponentLog logger) {
        this.session = session;
        this.flowFile = flowFile;
        this.readerFactory = readerFactory;
        this.logger = new RedactingComponentLog(logger);
    }

    /** The FlowFile whose records these are. */
    public FlowFile getFlowFile() {
        return flowFile;
    }

    /**
     * Reads every record once, in order, handing each to the consumer. A path the consumer reads that selects nothing by
     * how it is written ({@link UnselectablePathException}) fails the FlowFile with its reason, after the record's number.
     *
     * @return the number of records read
     */
    public long forEach(final RecordConsumer consumer) throws IOException, MalformedRecordException, SchemaNotFoundException,
            RecordProcessingException {
        return forEach(consumer, true, true);
    }

    /**
     * Reads every record once, in order, as {@link #forEach(RecordConsumer)} does, but with the values the reader has no
     * field of the schema for kept in the record ({@link Record#getRawFieldNames()}): the values of a CSV row beyond its
     * header, which NiFi's CSV readers keep as {@code unknown_field_index_<i>} and otherwise drop without a word, and the
     * keys of a JSON object an explicit schema leaves out. A record writer writes neither.
     *
     * @return the number of records read
     */
    public long forEachKeepingUnknownFields(final RecordConsumer consumer) throws IOException, MalformedRecordException,
            SchemaNotFoundException, RecordProcessingException {
        return forEach(consumer, true, false);
    }

    /**
     * Reads every record once, in order, as the reader gives it without converting values to the schema's types: for a
     * pass that only looks at a value or two (counting groups), which need not pay for converting every field.
     *
     * @return the number of records read
     */
    public long forEachUnconverted(final RecordConsumer consumer) throws IOException, MalformedRecordException, SchemaNotFoundException,
            RecordProcessingException {
        return forEach(consumer, false, true);
    }

    private long forEach(final RecordConsumer consumer, final boolean convertTypes, final boolean dropUnknownFields) throws IOException,
            MalformedRecordException, SchemaNotFoundException, RecordProcessingException {
        if (!structureChecked) {
            checkNothingIsSkipped();
            structureChecked = true;
        }
        long index = 0;
        Exception unreadable = null;
        try (InputStream in = session.read(flowFile);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, logger)) {
            if (readSchema == null) {
                readSchema = reader.getSchema();
            }
            while (true) {
                final Record record;
                try {
                    record = reader.nextRecord(convertTypes, dropUnknownFields);
                } catch (final IOException | MalformedRecordException | RuntimeException e) {
                    unreadable = e;
                    break;
                }
                if (record == null) {
                    break;
                }
                try {
                    consumer.accept(index, record);
                } catch (final UnselectablePathException e) {
                    // a path the processor reads as configured selects nothing here by how it is written: the FlowFile
                    // cannot be processed as configured, and the reason (the path, never a value) says which record
                    throw new RecordProcessingException("record " + (index + 1) + ": " + e.getMessage());
                }
                index++;
            }
        }
        if (unreadable != null) {
            // NiFi's readers name neither the record nor the field: the reason does, never the value
            final String field = convertTypes ? fieldNotConverted(index) : null;
            throw new RecordProcessingException("record " + (index + 1) + (field == null ? "" : " (field " + field + ")") + " could not be read",
                    unreadable);
        }
        return index;
    }

    /**
     * The first field of the record at the index whose value, read as text, the schema's type cannot hold
     * ({@code Age} holding a word): the content read again, once, when a record could not be read. Null when the record
     * cannot be read even as text (an unclosed quote) or every value converts.
     */
    private String fieldNotConverted(final long index) {
        try (InputStream in = session.read(flowFile);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, logger)) {
            Record record = null;
            for (long position = 0; position <= index; position++) {
                record = reader.nextRecord(false, false);
                if (record == null) {
                    return null;
                }
            }
            for (final RecordField field : reader.getSchema().getFields()) {
                final Object value = record.getValue(field.getFieldName());
                if (value != null) {
                    try {
                        DataTypeUtils.convertType(value, field.getDataType(), field.getFieldName());
                    } catch (final RuntimeException e) {
                        return field.getFieldName();
                    }
                }
            }
        } catch (final IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
            // the position alone then says where the content cannot be read
        }
        return null;
    }

    /**
     * Refuses JSON content holding values NiFi's JSON readers would skip silently ({@link JsonRecordElements}): records
     * in must be records out, also when the reader is the one losing them.
     */
    private void checkNothingIsSkipped() throws IOException, RecordProcessingException {
        final Optional<String> skipped = findSkippedJsonValue(session, flowFile);
        if (skipped.isPresent()) {
            throw new RecordProcessingException(skipped.get());
        }
    }

    /**
     * Where JSON content holds a value NiFi's JSON readers would skip silently, together with the object after it
     * ({@link JsonRecordElements}), e.g. "value 2 of the content is a string where a record (a JSON object) is expected...";
     * empty when it holds none or is not JSON. For a processor reading a FlowFile's records without a RecordSource.
     */
    public static Optional<String> findSkippedJsonValue(final ProcessSession session, final FlowFile flowFile) throws IOException {
        return JsonRecordElements.findSkippedValue(() -> session.read(flowFile));
    }

    /** The schema the reader reported on the first pass, or null before any pass. */
    public RecordSchema getReadSchema() {
        return readSchema;
    }

    /** Receives the records of one pass. */
    @FunctionalInterface
    public interface RecordConsumer {
        /**
         * @param index  the zero-based position of the record in the FlowFile
         * @param record the record, which the consumer may change
         */
        void accept(long index, Record record) throws IOException;
    }
}
