package dev.nificrm.record;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes records to one child FlowFile per relationship, creating each child and its writer only when the first
 * record for that relationship arrives, so the written schema is the schema of an already processed record.
 * <p>
 * It keeps, per relationship, the number of records written and the number of input records they account for, which
 * {@link AbstractCRMRecordProcessor} checks against the number read: every record read is accounted for exactly once.
 * A 1:1 processor writes each record read once ({@link #write(Relationship, Record)}, accounting for 1); a processor
 * that turns N records into one says so ({@link #write(Relationship, Record, long)} with N), and a copy written for
 * information (a write-back of a result to another system) accounts for none.
 */
public final class RoutedRecordWriter {
    /** The counter of the records {@link #fail failed} one by one: an attribute {@code <prefix>failure.count} on every output. */
    public static final String FAILURE_COUNTER = "failure";

    private final ProcessSession session;
    private final FlowFile original;
    private final RecordSetWriterFactory writerFactory;
    private final ComponentLog logger;
    private final WriteSchemaStrategy schemaStrategy;
    private final boolean neutraliseFormulas;
    private final Map<Relationship, Output> outputs = new LinkedHashMap<>();
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final Map<String, String> attributes = new HashMap<>();
    private final List<Runnable> onCommit = new ArrayList<>();
    private final List<Runnable> onRollback = new ArrayList<>();

    RoutedRecordWriter(final ProcessSession session, final FlowFile original, final RecordSetWriterFactory writerFactory,
                       final ComponentLog logger, final WriteSchemaStrategy schemaStrategy, final boolean neutraliseFormulas) {
        this.session = session;
        this.original = original;
        this.writerFactory = writerFactory;
        this.logger = new RedactingComponentLog(logger);
        this.schemaStrategy = schemaStrategy;
        this.neutraliseFormulas = neutraliseFormulas;
    }

    /**
     * A writer for a processor outside the record base that routes some records of its input on their own (the records a
     * reconciliation could not read as configured), beside what it writes itself: each relationship's child is created
     * with its first record, in that record's schema, and {@link #finish} or {@link #abort} ends them.
     */
    public static RoutedRecordWriter of(final ProcessSession session, final FlowFile original, final RecordSetWriterFactory writerFactory,
                                        final ComponentLog logger) {
        return new RoutedRecordWriter(session, original, writerFactory, logger, (relationship, firstRecord) -> firstRecord.getSchema(), false);
    }

    /** Writes the record to the FlowFile of the given relationship; it accounts for one input record, itself. */
    public void write(final Relationship relationship, final Record record) throws IOException {
        write(relationship, record, 1);
    }

    /**
     * Writes a record that accounts for the given number of input records: N for a record merged from N inputs, 0 for
     * a copy of a result that another written record already accounts for.
     */
    public void write(final Relationship relationship, final Record record, final long accountedInputs) throws IOException {
        if (accountedInputs < 0) {
            throw new IllegalArgumentException("A written record accounts for 0 or more input records, not " + accountedInputs);
        }
        Output output = outputs.get(relationship);
        if (output == null) {
            output = open(relationship, record);
            outputs.put(relationship, output);
        }
        try {
            output.writer.write(record);
        } catch (final RuntimeException e) {
            // a writer refusing a value names the value, not the field: say which field
            throw new IOException("A record could not be written" + UnwritableValues.find(record).map(found -> ": " + found).orElse(""), e);
        }
        output.count++;
        output.accounted += accountedInputs;
    }

    /**
     * Routes a record the processor cannot process as configured to the failure relationship on its own, the reason in
     * the errors field (a reason names properties and paths, never a value of the record), counted under
     * {@value #FAILURE_COUNTER}; the other records of the FlowFile go on.
     */
    public void fail(final Relationship failure, final RecordField errorsField, final Record record, final String reason) throws IOException {
        record.setValue(errorsField, reason);
        write(failure, record);
        increment(FAILURE_COUNTER);
    }

    /** Adds to a named counter; each counter becomes an attribute on every output and a NiFi counter. */
    public void increment(final String counterName) {
        increment(counterName, 1);
    }

    /** Adds an amount to a named counter. */
    public void increment(final String counterName, final long amount) {
        counters.merge(counterName, amount, Long::sum);
    }

    /** Starts the named counters at 0, so they are written also when nothing increments them. */
    void declareCounters(final List<String> counterNames) {
        for (final String counterName : counterNames) {
            counters.putIfAbsent(counterName, 0L);
        }
    }

    /** Sets an attribute written on every output FlowFile. */
    public void putAttribute(final String name, final String value) {
        attributes.put(name, value);
    }

    /**
     * Ties a side effect outside NiFi (a change to a database) to the FlowFile's session: {@code commit} runs once the
     * session has committed the routed records, {@code rollback} when the session does not commit (the records could
     * not be written, or the commit failed), so a rolled-back or replayed FlowFile leaves no trace.
     */
    public void onSessionCommit(final Runnable commit, final Runnable rollback) {
        onCommit.add(commit);
        onRollback.add(rollback);
    }

    /** Whether a side effect waits for the session's commit. */
    boolean hasSessionActions() {
        return !onCommit.isEmpty();
    }

    void commitSessionActions() {
        runAll(onCommit);
    }

    void rollbackSessionActions() {
        runAll(onRollback);
    }

    private void runAll(final List<Runnable> actions) {
        final List<Runnable> pending = new ArrayList<>(actions);
        onCommit.clear();
        onRollback.clear();
        RuntimeException first = null;
        for (final Runnable action : pending) {
            try {
                action.run();
            } catch (final RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The number of input records the records written so far account for, over all relationships. */
    public long getAccountedCount() {
        long total = 0;
        for (final Output output : outputs.values()) {
            total += output.accounted;
        }
        return total;
    }

    /** The number of records written so far to one relationship. */
    public long getWrittenCount(final Relationship relationship) {
        final Output output = outputs.get(relationship);
        return output == null ? 0 : output.count;
    }

    /** The counters incremented so far. */
    public Map<String, Long> getCounters() {
        return counters;
    }

    boolean isEmpty() {
        return outputs.isEmpty();
    }

    /** Opens an empty output for the relationship, used when the input held no records. */
    void openEmpty(final Relationship relationship, final RecordSchema schema) throws IOException {
        outputs.put(relationship, open(relationship, schema));
    }

    private Output open(final Relationship relationship, final Record firstRecord) throws IOException {
        firstRecord.incorporateInactiveFields();
        return open(relationship, schemaStrategy.schemaFor(relationship, firstRecord));
    }

    private Output open(final Relationship relationship, final RecordSchema recordSchema) throws IOException {
        final RecordSchema writeSchema;
        try {
            writeSchema = writerFactory.getSchema(original.getAttributes(), recordSchema);
        } catch (final SchemaNotFoundException e) {
            throw new IOException("Could not determine the schema to write for relationship " + relationship.getName(), e);
        }
        final FlowFile child = session.create(original);
        final OutputStream out = session.write(child);
        try {
            final RecordSetWriter created = writerFactory.createWriter(logger, writeSchema, out, original);
            final RecordSetWriter writer = neutraliseFormulas ? new FormulaNeutralisingWriter(created) : created;
            writer.beginRecordSet();
            return new Output(child, out, writer);
        } catch (final SchemaNotFoundException | IOException | RuntimeException e) {
            out.close();
            session.remove(child);
            throw e instanceof IOException io ? io : new IOException("Could not create the record writer", e);
        }
    }

    /**
     * Finishes every writer and routes each child FlowFile to its relationship with {@code record.count},
     * {@code mime.type}, the writer's attributes, the counters (prefixed) and the shared attributes.
     */
    public Map<Relationship, FlowFile> finish(final String counterAttributePrefix) throws IOException {
        final Map<Relationship, FlowFile> results = new LinkedHashMap<>();
        final Map<String, String> shared = new HashMap<>(attributes);
        for (final Map.Entry<String, Long> counter : counters.entrySet()) {
            shared.put(counterAttributePrefix + counter.getKey() + ".count", String.valueOf(counter.getValue()));
        }
        for (final Map.Entry<Relationship, Output> entry : outputs.entrySet()) {
            final Output output = entry.getValue();
            final WriteResult result;
            final String mimeType;
            try (OutputStream ignored = output.out; RecordSetWriter writer = output.writer) {
                result = writer.finishRecordSet();
                mimeType = writer.getMimeType();
            }
            final Map<String, String> childAttributes = new HashMap<>(result.getAttributes());
            childAttributes.putAll(shared);
            childAttributes.put("record.count", String.valueOf(output.count));
            childAttributes.put(CoreAttributes.MIME_TYPE.key(), mimeType);
            // abort() may still have to remove this child if a later writer fails: keep its current version
            output.child = session.putAllAttributes(output.child, childAttributes);
            results.put(entry.getKey(), output.child);
        }
        return results;
    }

    /** Removes every child created so far and rolls back any side effect; used when the input cannot be processed. */
    public void abort() {
        try {
            rollbackSessionActions();
        } catch (final RuntimeException e) {
            logger.warn("Could not roll back a change made while processing the FlowFile", e);
        }
        for (final Output output : outputs.values()) {
            try {
                output.writer.close();
            } catch (final IOException | RuntimeException e) {
                logger.debug("Could not close a record writer while discarding partial output", e);
            }
            try {
                output.out.close();
            } catch (final IOException | RuntimeException e) {
                logger.debug("Could not close an output stream while discarding partial output", e);
            }
            session.remove(output.child);
        }
        outputs.clear();
    }

    /** Chooses the schema a relationship's writer is created with, from the first record routed there. */
    @FunctionalInterface
    public interface WriteSchemaStrategy {
        RecordSchema schemaFor(Relationship relationship, Record firstRecord);
    }

    private static final class Output {
        private FlowFile child;
        private final OutputStream out;
        private final RecordSetWriter writer;
        private long count;
        private long accounted;

        private Output(final FlowFile child, final OutputStream out, final RecordSetWriter writer) {
            this.child = child;
            this.out = out;
            this.writer = writer;
        }
    }
}
