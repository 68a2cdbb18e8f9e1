package dev.nificrm.record;

import dev.nificrm.store.EntityStoreException;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The shared read → process → route → write cycle of every nifi-crm record processor, modelled on NiFi's
 * AbstractRecordProcessor and extended to several output relationships.
 * <p>
 * For each incoming FlowFile the subclass reads the records (one pass or several, see {@link RecordSource}) and
 * routes each to a relationship through a {@link RoutedRecordWriter}. Every relationship that receives records gets
 * one child FlowFile with {@code record.count}, {@code mime.type} and the counters as attributes; the original is
 * then removed, or routed to the processor's {@link #getOriginalRelationship() original} relationship when it has one.
 * When the content cannot be read or written, all partial output is discarded and the untouched original goes to
 * {@code failure} with {@code record.error.message}. The base checks that the records written account for every
 * record read exactly once (a 1:1 processor: one written record per record read; a processor merging N records into
 * one: that record accounts for N, see {@link RoutedRecordWriter#write(Relationship, Record, long)}), so no record is
 * ever lost or duplicated silently.
 * <p>
 * The base also holds the one {@link Clock} the processor reads "today" from (birth dates in the future, two-digit
 * years): the system clock in NiFi, a fixed one in tests ({@code new CleanCRMRecord(Clock.fixed(...))}), so no
 * outcome depends on the day a test runs.
 */
public abstract class AbstractCRMRecordProcessor extends AbstractProcessor {

    public static final String RECORD_ERROR_MESSAGE = "record.error.message";

    public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Specifies the Controller Service to use for reading incoming data")
            .identifiesControllerService(RecordReaderFactory.class)
            .required(true)
            .build();

    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Specifies the Controller Service to use for writing out the records")
            .identifiesControllerService(RecordSetWriterFactory.class)
            .required(true)
            .build();

    public static final PropertyDescriptor NEUTRALIZE_SPREADSHEET_FORMULAS = new PropertyDescriptor.Builder()
            .name("Neutralize Spreadsheet Formulas")
            .description("Whether text values that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage "
                    + "return, e.g. =HYPERLINK(...)) are written with a leading apostrophe, as OWASP recommends against CSV injection. "
                    + "Plain numbers and E.164 phone numbers are left as they are. Set it to true on the last processor before a CSV "
                    + "that people open in Excel, LibreOffice or Google Sheets (an import-ready file); leave it false where the data "
                    + "goes on to another system unchanged, since it changes such values.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("A FlowFile whose content cannot be read or written as records is routed here unchanged, "
                    + "with the reason in the record.error.message attribute. A record the processor cannot process as configured "
                    + "(a path that selects nothing in it by how it is written) comes here on its own instead, written with the Record "
                    + "Writer with the reason in a field of the record, while the other records of its FlowFile go on")
            .build();

    private final Clock clock;
    private volatile boolean neutraliseFormulas;

    /** A processor on the system clock (UTC), as NiFi creates it. */
    protected AbstractCRMRecordProcessor() {
        this(Clock.systemUTC());
    }

    /** A processor on the given clock, e.g. a fixed one in a test. */
    protected AbstractCRMRecordProcessor(final Clock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("The clock must not be null");
        }
        this.clock = clock;
    }

    /** The clock the processor takes the current date and time from. */
    protected final Clock getClock() {
        return clock;
    }

    /** Reads the settings of the record base itself; NiFi calls it besides the processor's own scheduling method. */
    @OnScheduled
    public final void scheduleRecordBase(final ProcessContext context) {
        // a processor that does not offer the property (a test double) writes values unchanged
        neutraliseFormulas = Boolean.TRUE.equals(context.getProperty(NEUTRALIZE_SPREADSHEET_FORMULAS).asBoolean());
    }

    /** Routes a FlowFile to failure untouched, with the reason (in the attribute, the log and the bulletin) holding no record value. */
    private void routeToFailure(final ProcessSession session, final FlowFile original, final Throwable e) {
        final String reason = SafeMessages.describe(e);
        getLogger().error("Routing {} to failure: {}", original, reason, RedactingComponentLog.RedactedThrowable.of(e));
        final FlowFile failed = session.putAttribute(original, RECORD_ERROR_MESSAGE, reason);
        session.transfer(failed, REL_FAILURE);
        session.adjustCounter("FlowFiles Failed", 1L, false);
    }

    @Override
    public final void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        final FlowFile original = session.get();
        if (original == null) {
            return;
        }

        final RecordReaderFactory readerFactory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        final RecordSetWriterFactory writerFactory = context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        final RecordSource source = new RecordSource(session, original, readerFactory, getLogger());
        final RoutedRecordWriter output = new RoutedRecordWriter(session, original, writerFactory, getLogger(), this::getWriteSchema,
                neutraliseFormulas);
        output.declareCounters(getCounterNames());

        final Map<Relationship, FlowFile> results;
        final long readCount;
        try {
            readCount = processRecords(context, source, output);
            if (output.isEmpty()) {
                final RecordSchema readSchema = source.getReadSchema() == null ? new SimpleRecordSchema(List.of()) : source.getReadSchema();
                output.openEmpty(getEmptyInputRelationship(), getEmptyInputSchema(readSchema));
            }
            if (output.getAccountedCount() != readCount) {
                throw new RecordConservationException(readCount, output.getAccountedCount());
            }
            results = output.finish(getCounterAttributePrefix());
        } catch (final RetryableException e) {
            output.abort();
            if (EntityStoreException.refusesData(e)) {
                // the store refused the records' values themselves: they would fail the same way every time
                routeToFailure(session, original, e);
                return;
            }
            // the content is fine but something it depends on is not (a database): try again later, untouched
            getLogger().warn("Returning {} to its queue to try again: {}", original, SafeMessages.describe(e));
            session.rollback(true);
            context.yield();
            return;
        } catch (final Exception | StackOverflowError e) {
            // Readers also signal unreadable content with unchecked exceptions (UncheckedIOException, type
            // coercion errors), and a value nested hundreds of levels deep overflows the stack of a recursive reader
            // or writer; whatever the cause, the FlowFile is routed to failure untouched, never lost.
            output.abort();
            routeToFailure(session, original, e);
            return;
        }

        for (final Map.Entry<Relationship, FlowFile> entry : results.entrySet()) {
            session.getProvenanceReporter().route(entry.getValue(), entry.getKey());
            session.transfer(entry.getValue(), entry.getKey());
        }
        final Relationship originalRelationship = getOriginalRelationship();
        if (originalRelationship == null) {
            session.remove(original);
        } else {
            session.transfer(original, originalRelationship);
        }
        session.adjustCounter("Records Processed", readCount, false);
        for (final Map.Entry<String, Long> counter : output.getCounters().entrySet()) {
            if (counter.getValue() != 0) {
                session.adjustCounter(counter.getKey(), counter.getValue(), false);
            }
        }
        if (output.hasSessionActions()) {
            final String routed = results.values().toString();
            session.commitAsync(() -> {
                try {
                    output.commitSessionActions();
                } catch (final RuntimeException e) {
                    // the session is committed already: say which output lacks its side effect, so it can be replayed
                    getLogger().error("The records of {} were routed as {} but the change they made outside NiFi could not be committed; "
                            + "replay the FlowFile from provenance to make it again: {}", original, routed, SafeMessages.describe(e),
                            RedactingComponentLog.RedactedThrowable.of(e));
                }
            }, failure -> output.rollbackSessionActions());
        }
    }

    /**
     * Reads the records of the FlowFile from the source and routes every one of them to a relationship.
     *
     * @return the number of records read (the base verifies the same number was written)
     */
    protected abstract long processRecords(ProcessContext context, RecordSource source, RoutedRecordWriter output)
            throws IOException, MalformedRecordException, SchemaNotFoundException, RecordProcessingException;

    /** The relationship that receives an empty record set when the input holds no records. */
    protected abstract Relationship getEmptyInputRelationship();

    /**
     * The schema of the empty record set written when the input holds no records; by default the schema read. A
     * processor that writes another layout (a mapping) returns that layout, so an empty file still has its header.
     */
    protected RecordSchema getEmptyInputSchema(final RecordSchema readSchema) {
        return readSchema;
    }

    /**
     * The relationship the untouched input FlowFile goes to once its records are routed, or null (the default) to
     * remove it. Its records are accounted for by what was written, so it accounts for none.
     */
    protected Relationship getOriginalRelationship() {
        return null;
    }

    /** The prefix of count attributes, e.g. {@code crm.clean.} gives {@code crm.clean.invalid.count}. */
    protected abstract String getCounterAttributePrefix();

    /**
     * The counters the processor increments. Each is written on every output, as 0 when no record of the FlowFile
     * incremented it, so a flow can route on the attribute without first checking that it exists.
     */
    protected List<String> getCounterNames() {
        return List.of();
    }

    /**
     * The schema the writer of a relationship is created with; by default the schema of the first record routed
     * there (after processing, with any fields the processor added).
     */
    protected RecordSchema getWriteSchema(final Relationship relationship, final Record firstRecord) {
        return firstRecord.getSchema();
    }

    /** Thrown when the records written do not account for the records read; a defect, never expected. */
    static final class RecordConservationException extends Exception {
        RecordConservationException(final long read, final long accounted) {
            super("Read " + read + " records but the records routed account for " + accounted + "; no output was produced");
        }
    }
}
