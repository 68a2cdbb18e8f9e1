package dev.nificrm.record;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes records a processor produces itself (progress reports, reconciliation reports), in a schema of its own,
 * through the configured Record Writer into a FlowFile, with {@code record.count}, {@code mime.type} and the writer's
 * attributes: reports come out in whatever format the flow uses, like every other record.
 */
public final class ReportWriter {
    private final RecordSetWriterFactory writerFactory;
    private final ComponentLog logger;

    public ReportWriter(final RecordSetWriterFactory writerFactory, final ComponentLog logger) {
        this.writerFactory = writerFactory;
        // what the writer logs (a record it could not write) reaches the log without its values
        this.logger = SafeMessages.redactingLog(logger);
    }

    /**
     * Writes the records into the (empty) FlowFile and sets its attributes.
     *
     * @param attributes further attributes for the FlowFile
     * @return the FlowFile written
     * @throws ProcessException when the writer fails; the caller removes the FlowFile
     */
    public FlowFile write(final ProcessSession session, final FlowFile flowFile, final RecordSchema schema, final List<Record> records,
                          final Map<String, String> attributes) {
        final Map<String, String> written = new HashMap<>();
        final String[] mimeType = new String[1];
        FlowFile result = session.write(flowFile, (final OutputStream out) -> {
            try {
                final RecordSchema writeSchema = writerFactory.getSchema(flowFile.getAttributes(), schema);
                try (RecordSetWriter writer = writerFactory.createWriter(logger, writeSchema, out, flowFile)) {
                    writer.beginRecordSet();
                    for (final Record record : records) {
                        writer.write(record);
                    }
                    final WriteResult writeResult = writer.finishRecordSet();
                    written.putAll(writeResult.getAttributes());
                    mimeType[0] = writer.getMimeType();
                }
            } catch (final SchemaNotFoundException e) {
                throw new IOException("The Record Writer has no schema for the report: " + e.getMessage(), e);
            }
        });
        written.putAll(attributes);
        written.put("record.count", String.valueOf(records.size()));
        written.put(CoreAttributes.MIME_TYPE.key(), mimeType[0]);
        result = session.putAllAttributes(result, written);
        return result;
    }
}
