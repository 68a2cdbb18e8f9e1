package dev.nificrm.processors;

import dev.nificrm.progress.ProgressLedger;
import dev.nificrm.progress.ProgressReport;
import dev.nificrm.progress.RunProgress;
import dev.nificrm.record.RecordSource;
import dev.nificrm.record.ReportWriter;
import dev.nificrm.record.SafeMessages;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.TriggerWhenEmpty;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.components.state.StateMap;
import org.apache.nifi.dbcp.DBCPService;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The NiFi adapter of {@link RunProgress}: counts the records of the FlowFiles passing through per run and outcome,
 * keeps each run's progress in NiFi's cluster state (committed with the session, so a rolled-back FlowFile is not
 * counted), and emits a progress record while a run goes on and a summary when it ends. It is triggered also without
 * input, so progress is reported and idle runs finish while nothing arrives. FlowFiles that report records received
 * (Count Records As) make records in flight, which a run's summary waits for (its own, and what other runs had received
 * when it was due): the count is in the cluster state, so it holds on whichever node the tracker runs.
 */
@TriggerWhenEmpty
@TriggerSerially
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Stateful(scopes = Scope.CLUSTER, description = "The progress of every running run and of the last few finished ones, one entry "
        + "run.<Run ID> per run (JSON: records done per outcome, records received and in flight, total, start, last activity, rates). Clearing "
        + "the state starts the counts afresh.")
@Tags({"crm", "progress", "migration", "sync", "monitoring", "eta", "count", "records", "summary"})
@CapabilityDescription("Shows how far a migration or sync run is: counts the records of the FlowFiles passing through (from record.count "
        + "or another attribute, or by reading them) per run and outcome, knows the run's total from a count query or an attribute, and keeps it all in NiFi's "
        + "state. While records arrive it emits a progress record every Progress Interval (records done and total, percent, rate, time "
        + "left) and logs the same line; when the total is reached or no record arrived for the Run Idle Timeout it emits the run's "
        + "summary, with its counts as attributes for a reconciliation. FlowFiles that report records received rather than processed (Count "
        + "Records As) count what is in flight: a summary waits until what was in flight when it was due is counted, up to the Longest Wait "
        + "for Records in Flight. FlowFiles pass "
        + "on to success unchanged.")
@ReadsAttributes({
        @ReadsAttribute(attribute = "record.count", description = "The records of the FlowFile (default Record Count); without it the Record Reader counts them"),
        @ReadsAttribute(attribute = "crm.run.id", description = "The run (default Run ID)"),
        @ReadsAttribute(attribute = "crm.outcome", description = "What became of the records (default Outcome), e.g. written, invalid, failed, conflict")
})
@WritesAttributes({
        @WritesAttribute(attribute = TrackCRMProgress.RUN_ID_ATTRIBUTE, description = "On progress and summary FlowFiles: the run (one run per FlowFile)"),
        @WritesAttribute(attribute = TrackCRMProgress.STATUS_ATTRIBUTE, description = "On progress and summary FlowFiles: running or finished"),
        @WritesAttribute(attribute = TrackCRMProgress.DONE_ATTRIBUTE, description = "On progress and summary FlowFiles: the records counted, every outcome together"),
        @WritesAttribute(attribute = TrackCRMProgress.TOTAL_ATTRIBUTE, description = "On progress and summary FlowFiles: the records expected, when known"),
        @WritesAttribute(attribute = "crm.progress.outcome.<outcome>.count", description = "On progress and summary FlowFiles: the records of each outcome"),
        @WritesAttribute(attribute = TrackCRMProgress.RECEIVED_ATTRIBUTE, description = "On progress and summary FlowFiles of a run that had records "
                + "received (Count Records As): those records, e.g. for ReconcileCRMRecord's Records Read"),
        @WritesAttribute(attribute = TrackCRMProgress.IN_FLIGHT_ATTRIBUTE, description = "On summary FlowFiles: the records received that the "
                + "summary waited for and went out without, of its run and of the runs it waited for (0 unless it waited out the Longest Wait for "
                + "Records in Flight)"),
        @WritesAttribute(attribute = TrackCRMProgress.WAITED_ATTRIBUTE, description = "On summary FlowFiles: the whole seconds the summary went "
                + "out after it was due, waiting for records in flight"),
        @WritesAttribute(attribute = TrackCRMProgress.PREVIOUS_DONE_ATTRIBUTE, description = "On a summary FlowFile of a run summarised "
                + "before (records counted after that summary reopened it, e.g. a record retried past the Run Idle Timeout): the records "
                + "its previous summary counted. This summary counts them and those since, and replaces it"),
        @WritesAttribute(attribute = TrackCRMProgress.WARNING_ATTRIBUTE, description = "On a FlowFile passing through whose records or total "
                + "could not be read: why (its records count as 0); on a summary FlowFile the Record Writer could not write: why (no content, "
                + "the counts as attributes)"),
        @WritesAttribute(attribute = "record.count", description = "On progress and summary FlowFiles: the number of report records"),
        @WritesAttribute(attribute = "mime.type", description = "On progress and summary FlowFiles: the Record Writer's MIME type")
})
@SeeAlso(classNames = {"dev.nificrm.processors.ReconcileCRMRecord", "org.apache.nifi.processors.standard.ExecuteSQLRecord",
        "org.apache.nifi.processors.standard.UpdateAttribute"})
@UseCase(
        description = "Show the progress of a database migration (records done of the source's rows, rate, time left) and emit a summary at the end.",
        keywords = {"progress", "migration", "eta", "rate", "count query"},
        configuration = """
                Connect every place where records of the run end up to this processor: the loader's success (e.g. PutDatabaseRecord),
                the invalid and failure queues. Give each of those FlowFiles its outcome with an UpdateAttribute (crm.outcome = written,
                invalid, failed...) and the run with crm.run.id, or set "Run ID" to a parameter such as #{Run Name}.
                Set "Total Count Query" to the source's count, e.g. select count(*) from contacts, and "Database Connection Pooling
                Service" to the source's DBCPConnectionPool: the query runs when the run's first records arrive.
                Set "Record Writer" to a JsonRecordSetWriter. Connect "success" onward or auto-terminate it; "progress" to a log or a
                dashboard; "summary" to ExecuteSQLRecord on the target table and then ReconcileCRMRecord, or to PutFile.
                Set the processor's Bulletin Level to INFO to see the progress line on the canvas.
                """)
@UseCase(
        description = "Summarise a run only once nothing of it is in flight: count the records a flow takes in (a webhook call's, as it is "
                + "answered) as received, and have the run's summary wait until every record received is counted, also on a NiFi cluster.",
        keywords = {"in flight", "received", "webhook", "reconciliation", "cluster", "wait"},
        configuration = """
                Where the records come in, count them (e.g. CalculateRecordStats, which writes record.count) and send a copy of each
                FlowFile to this processor besides the one going on; give the connection, as every connection into this processor,
                the load-balance strategy Single node.
                Set "Count Records As" so that the copies evaluate to received and every other FlowFile to processed, e.g.
                ${crm.outcome:isEmpty():ifElse('received', 'processed')} when every place records end up sets crm.outcome.
                Set "Longest Wait for Records in Flight" to how long a summary may wait (e.g. 15 min: a write retried for minutes);
                after it the summary goes out with a WARN bulletin naming the records still in flight and their runs.
                Connect "summary" to ExecuteSQLRecord on the target table and then ReconcileCRMRecord, with its Records Read set to
                ${crm.progress.received.count}: the report's balance then says whether every record taken in was counted.
                """)
public class TrackCRMProgress extends AbstractCRMProcessor {

    static final String RUN_ID_ATTRIBUTE = "crm.progress.run.id";
    static final String STATUS_ATTRIBUTE = "crm.progress.status";
    static final String DONE_ATTRIBUTE = "crm.progress.done.count";
    static final String TOTAL_ATTRIBUTE = "crm.progress.total.count";
    static final String OUTCOME_ATTRIBUTE_PREFIX = "crm.progress.outcome.";
    static final String WARNING_ATTRIBUTE = "crm.progress.warning";
    static final String RECEIVED_ATTRIBUTE = "crm.progress.received.count";
    static final String IN_FLIGHT_ATTRIBUTE = "crm.progress.in.flight.count";
    static final String WAITED_ATTRIBUTE = "crm.progress.waited.seconds";
    static final String PREVIOUS_DONE_ATTRIBUTE = "crm.progress.previous.done.count";
    static final String PROCESSED = "processed";
    static final String RECEIVED = "received";
    static final String DEFAULT_RUN_ID = "default";
    static final String DEFAULT_OUTCOME = "processed";
    /** FlowFiles counted per trigger: one state update for all of them. */
    private static final int BATCH_SIZE = 1000;

    static final RecordSchema REPORT_SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("run_id", RecordFieldType.STRING.getDataType()),
            new RecordField("status", RecordFieldType.STRING.getDataType()),
            new RecordField("records_done", RecordFieldType.LONG.getDataType()),
            new RecordField("records_total", RecordFieldType.LONG.getDataType(), true),
            new RecordField("percent_done", RecordFieldType.DOUBLE.getDataType(), true),
            new RecordField("records_per_second", RecordFieldType.DOUBLE.getDataType()),
            new RecordField("average_records_per_second", RecordFieldType.DOUBLE.getDataType()),
            new RecordField("seconds_left", RecordFieldType.LONG.getDataType(), true),
            new RecordField("estimated_finish", RecordFieldType.STRING.getDataType(), true),
            new RecordField("started", RecordFieldType.STRING.getDataType()),
            new RecordField("updated", RecordFieldType.STRING.getDataType()),
            new RecordField("elapsed_seconds", RecordFieldType.LONG.getDataType()),
            new RecordField("flowfiles", RecordFieldType.LONG.getDataType()),
            new RecordField("outcomes", RecordFieldType.MAP.getMapDataType(RecordFieldType.LONG.getDataType()))));

    public static final PropertyDescriptor RUN_ID = new PropertyDescriptor.Builder()
            .name("Run ID")
            .description("The run a FlowFile's records belong to, e.g. ${crm.run.id} or a parameter naming the migration; FlowFiles where it "
                    + "is empty belong to the run '" + DEFAULT_RUN_ID + "'. Each run is counted, reported and summarised on its own")
            .required(false)
            .defaultValue("${crm.run.id}")
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor OUTCOME = new PropertyDescriptor.Builder()
            .name("Outcome")
            .description("What became of a FlowFile's records, e.g. ${crm.outcome} set by an UpdateAttribute on each branch (written, "
                    + "invalid, failed, conflict, unchanged); FlowFiles where it is empty count as '" + DEFAULT_OUTCOME + "'")
            .required(false)
            .defaultValue("${crm.outcome}")
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor RECORD_COUNT = new PropertyDescriptor.Builder()
            .name("Record Count")
            .description("The records a FlowFile accounts for, e.g. ${record.count}; a step that turns several input records into one "
                    + "(a merge into golden records) gives the inputs it accounts for instead. Where it is empty, the Record Reader counts "
                    + "the FlowFile's records")
            .required(false)
            .defaultValue("${record.count}")
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor TOTAL_RECORDS = new PropertyDescriptor.Builder()
            .name("Total Records")
            .description("The records the run expects, when a FlowFile carries it, e.g. ${crm.total.count}; the latest value wins. Takes "
                    + "precedence over the Total Count Query")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor DBCP_SERVICE = new PropertyDescriptor.Builder()
            .name("Database Connection Pooling Service")
            .description("The source database the Total Count Query runs on")
            .required(false)
            .identifiesControllerService(DBCPService.class)
            .build();

    public static final PropertyDescriptor TOTAL_COUNT_QUERY = new PropertyDescriptor.Builder()
            .name("Total Count Query")
            .description("A query whose first column of the first row is the run's total, e.g. select count(*) from contacts where "
                    + "updated_at >= '${crm.watermark}'; it runs once, when a run without a total receives its first FlowFile (whose "
                    + "attributes the Expression Language sees)")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(DBCP_SERVICE)
            .build();

    /** processed or received, or an expression: what a FlowFile's value is, NiFi's expression validation says otherwise. */
    private static final Validator PROCESSED_OR_RECEIVED = (subject, input, context) -> {
        final boolean expression = context.isExpressionLanguageSupported(subject) && context.isExpressionLanguagePresent(input);
        return new ValidationResult.Builder().subject(subject).input(input)
                .valid(expression || PROCESSED.equals(input) || RECEIVED.equals(input))
                .explanation(expression ? "an expression, evaluated per FlowFile" : "must be " + PROCESSED + " or " + RECEIVED + ", or an expression giving one of them")
                .build();
    };

    public static final PropertyDescriptor COUNT_RECORDS_AS = new PropertyDescriptor.Builder()
            .name("Count Records As")
            .description("What a FlowFile reports, per FlowFile: '" + PROCESSED + "' (its records are done, under its Outcome) or '" + RECEIVED
                    + "' (its records were taken in for its run, e.g. a copy of a webhook call as it is answered: they are in flight until "
                    + "counted as processed, and a summary waits for them). E.g. ${crm.outcome:isEmpty():ifElse('" + RECEIVED + "', '" + PROCESSED
                    + "')}. A value that is neither counts as " + PROCESSED + ", with a warning")
            .required(true)
            .defaultValue(PROCESSED)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(PROCESSED_OR_RECEIVED)
            .build();

    public static final PropertyDescriptor IN_FLIGHT_WAIT = new PropertyDescriptor.Builder()
            .name("Longest Wait for Records in Flight")
            .description("How long a run's summary, once due, waits while records received (Count Records As) are not counted yet: its "
                    + "run's, and those any other running run had received when the summary was due (counted by number: until that run has "
                    + "counted as many as it had received then); records received after it was due never hold it. After it the summary goes "
                    + "out all the same, with a WARN bulletin naming the records still awaited and their runs. 0 sec: summaries never wait. "
                    + "Without records received nothing is ever in flight")
            .required(true)
            .defaultValue("15 min")
            .addValidator(StandardValidators.createTimePeriodValidator(0, TimeUnit.SECONDS, 1, TimeUnit.DAYS))
            .build();

    public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Counts the records of FlowFiles without a record.count attribute (e.g. the original of a FlowFile that failed); "
                    + "without it such FlowFiles count as FlowFiles with 0 records")
            .required(false)
            .identifiesControllerService(RecordReaderFactory.class)
            .build();

    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the progress and summary records")
            .required(true)
            .identifiesControllerService(RecordSetWriterFactory.class)
            .build();

    public static final PropertyDescriptor PROGRESS_INTERVAL = new PropertyDescriptor.Builder()
            .name("Progress Interval")
            .description("How often a running run's progress is emitted and logged (only when records arrived since the last time)")
            .required(true)
            .defaultValue("10 sec")
            .addValidator(StandardValidators.createTimePeriodValidator(1, TimeUnit.SECONDS, 1, TimeUnit.DAYS))
            .build();

    public static final PropertyDescriptor IDLE_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Run Idle Timeout")
            .description("A run that received no record for this long is finished and summarised (also when its total is not reached: the "
                    + "summary then shows the shortfall). Records arriving later reopen it")
            .required(true)
            .defaultValue("1 min")
            .addValidator(StandardValidators.createTimePeriodValidator(1, TimeUnit.SECONDS, 7, TimeUnit.DAYS))
            .build();

    public static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("Every FlowFile received, unchanged, once counted")
            .build();

    public static final Relationship REL_PROGRESS = new Relationship.Builder()
            .name("progress")
            .description("Every Progress Interval while runs receive records: one FlowFile per running run, holding its one record "
                    + "(records done, total, percent, rate, seconds left, outcomes)")
            .build();

    public static final Relationship REL_SUMMARY = new Relationship.Builder()
            .name("summary")
            .description("One FlowFile per finished run: its final record, with the counts as crm.progress.* attributes")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(RUN_ID, OUTCOME, RECORD_COUNT, TOTAL_RECORDS, DBCP_SERVICE, TOTAL_COUNT_QUERY,
            RECORD_READER, RECORD_WRITER, PROGRESS_INTERVAL, IDLE_TIMEOUT, COUNT_RECORDS_AS, IN_FLIGHT_WAIT);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_PROGRESS, REL_SUMMARY);

    /** When a run's count query last failed: it is tried again after a Progress Interval, not on every FlowFile. */
    private final Map<String, Instant> failedCountQueries = new ConcurrentHashMap<>();
    private volatile Duration progressInterval;
    private volatile Duration idleTimeout;
    private volatile Duration inFlightWait;
    /** The Longest Wait for Records in Flight as the operator wrote it, for the warning. */
    private volatile String inFlightWaitText;
    private volatile boolean countQueryConfigured;

    /** A processor on the system clock, as NiFi creates it. */
    public TrackCRMProgress() {
        this(Clock.systemUTC());
    }

    /** A processor on the given clock, e.g. one a test moves. */
    TrackCRMProgress(final Clock clock) {
        super(clock, PROPERTY_DESCRIPTORS, RELATIONSHIPS);
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        if (context.getProperty(DBCP_SERVICE).isSet() && !context.getProperty(TOTAL_COUNT_QUERY).isSet()) {
            return List.of(new ValidationResult.Builder().subject(TOTAL_COUNT_QUERY.getName()).valid(false)
                    .explanation("a Database Connection Pooling Service is set: give the Total Count Query it runs, or remove the service").build());
        }
        return List.of();
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        progressInterval = Duration.ofMillis(context.getProperty(PROGRESS_INTERVAL).asTimePeriod(TimeUnit.MILLISECONDS));
        idleTimeout = Duration.ofMillis(context.getProperty(IDLE_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS));
        inFlightWait = Duration.ofMillis(context.getProperty(IN_FLIGHT_WAIT).asTimePeriod(TimeUnit.MILLISECONDS));
        inFlightWaitText = context.getProperty(IN_FLIGHT_WAIT).getValue();
        countQueryConfigured = context.getProperty(DBCP_SERVICE).isSet();
        failedCountQueries.clear();
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        final Instant now = getClock().instant();
        final List<FlowFile> received = session.get(BATCH_SIZE);
        final StateMap stateMap;
        try {
            stateMap = session.getState(Scope.CLUSTER);
        } catch (final IOException e) {
            throw new ProcessException("Could not read the progress from NiFi's state", e);
        }
        final List<String> unreadable = new ArrayList<>();
        final ProgressLedger ledger = ProgressLedger.fromState(stateMap.toMap(), unreadable);
        if (!unreadable.isEmpty()) {
            getLogger().warn("Dropped state entries that are not the progress of a run: {}", unreadable);
        }

        final List<FlowFile> passing = new ArrayList<>(received.size());
        for (final FlowFile flowFile : received) {
            passing.add(count(context, session, flowFile, ledger, now));
        }
        final List<ProgressReport> progress = new ArrayList<>();
        final List<Summary> finished = new ArrayList<>();
        // what each due summary waits for is judged on the runs as counted, before any finishes here: a run finished here
        // with records in flight (its wait ran out) holds up no other from the next trigger on
        final Map<String, Long> receivedInFlight = ledger.receivedInFlight();
        final List<Due> finishing = new ArrayList<>();
        boolean marked = false;
        for (final RunProgress run : ledger.runs()) {
            if (run.isFinishing(now, idleTimeout)) {
                // marked once, when first found due: what arrives after it can never be counted into this run
                final RunProgress due = run.awaited().isEmpty() ? run.awaiting(receivedInFlight) : run;
                final Duration waited = Duration.between(due.dueAt(idleTimeout), now);
                final Map<String, Long> uncounted = ledger.stillAwaited(due);
                if (!uncounted.isEmpty() && waited.compareTo(inFlightWait) < 0) {
                    // held: its summary goes out once what it waits for is counted, or its wait runs out
                    marked |= due != run;
                    ledger.put(due);
                    continue;
                }
                finishing.add(new Due(due, uncounted, waited));
            } else if (run.isReportDue(now, progressInterval)) {
                progress.add(run.report(now));
                ledger.put(run.reported(now));
            }
        }
        for (final Due due : finishing) {
            final RunProgress done = due.run().finish();
            ledger.put(done);
            finished.add(new Summary(done.report(now), due.uncounted().values().stream().mapToLong(Long::longValue).sum(), due.waited().toSeconds(),
                    due.run().summarisedDone()));
            if (!due.uncounted().isEmpty()) {
                getLogger().warn("Summarised run {} while records received are not counted yet, after waiting {} for none to be: {} (a write "
                        + "retried, or records received that are never counted). A report taken from this summary may not show their writes; "
                        + "their run is summarised again once they are counted.", done.runId(), inFlightWaitText, describe(due.uncounted()));
            }
        }
        if (received.isEmpty() && progress.isEmpty() && finished.isEmpty() && unreadable.isEmpty() && !marked) {
            context.yield();
            return;
        }

        try {
            if (!session.replaceState(stateMap, ledger.toState(now), Scope.CLUSTER)) {
                // another task or node counted meanwhile: count these FlowFiles again on the state it wrote
                session.rollback();
                return;
            }
        } catch (final IOException e) {
            throw new ProcessException("Could not write the progress to NiFi's state", e);
        }
        session.transfer(passing, REL_SUCCESS);
        final ReportWriter reports = new ReportWriter(context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class), getLogger());
        // one progress FlowFile per run, as one summary per run: its run id attribute names that run alone, so a flow can
        // route on it (joined, the ids could not be told apart again: a run id may hold a comma)
        for (final ProgressReport line : progress) {
            final FlowFile report = writeReport(session, reports, List.of(toRecord(line)), reportAttributes(line));
            if (report.getAttribute(WARNING_ATTRIBUTE) == null) {
                session.transfer(report, REL_PROGRESS);
            } else {
                session.remove(report);
            }
            getLogger().info("Progress of {}", line.describe());
        }
        for (final Summary summary : finished) {
            final Map<String, String> attributes = reportAttributes(summary.report());
            attributes.put(IN_FLIGHT_ATTRIBUTE, String.valueOf(summary.inFlight()));
            attributes.put(WAITED_ATTRIBUTE, String.valueOf(summary.waitedSeconds()));
            if (summary.previousDone() == null) {
                getLogger().info("Finished {}", summary.report().describe());
            } else {
                attributes.put(PREVIOUS_DONE_ATTRIBUTE, String.valueOf(summary.previousDone()));
                getLogger().info("Finished {}, summarised again: {} record(s) counted since its previous summary, which counted {} and which "
                        + "this one replaces", summary.report().describe(), summary.report().done() - summary.previousDone(), summary.previousDone());
            }
            session.transfer(writeReport(session, reports, List.of(toRecord(summary.report())), attributes), REL_SUMMARY);
        }
    }

    /** Records not counted yet by run, e.g. {@code 1 record(s) of run people-webhooks-2026-12-06}: counts and run names, no value. */
    private static String describe(final Map<String, Long> inFlight) {
        final StringJoiner runs = new StringJoiner(" and ");
        inFlight.forEach((runId, records) -> runs.add(records + " record(s) of run " + runId));
        return runs.toString();
    }

    /**
     * A run whose summary goes out at this trigger.
     *
     * @param uncounted what it waited for and goes out without (its wait ran out), by run
     * @param waited    how long after it was due it goes out
     */
    private record Due(RunProgress run, Map<String, Long> uncounted, Duration waited) {
    }

    /**
     * A finished run's summary, with what it went out without.
     *
     * @param inFlight      the records it waited for and went out without: 0 unless its wait ran out
     * @param waitedSeconds how long after it was due it went out
     * @param previousDone  the records done its run's previous summary counted, or null when this is its first
     */
    private record Summary(ProgressReport report, long inFlight, long waitedSeconds, Long previousDone) {
    }

    /**
     * A progress or summary FlowFile. When the Record Writer cannot write the report (e.g. one that takes its schema from a
     * registry by a schema.name these FlowFiles lack), the FlowFile has no content and the reason in
     * crm.progress.warning, with its counts as attributes all the same: the counts are kept and the FlowFiles counted
     * pass on, rather than the session, and with it the data path, failing at every trigger.
     */
    private FlowFile writeReport(final ProcessSession session, final ReportWriter reports, final List<Record> records,
                                 final Map<String, String> attributes) {
        final FlowFile created = session.create();
        try {
            return reports.write(session, created, REPORT_SCHEMA, records, attributes);
        } catch (final RuntimeException e) {
            getLogger().error("The Record Writer could not write the progress of {}: {}", attributes.get(RUN_ID_ATTRIBUTE), e.getMessage());
            final Map<String, String> withWarning = new HashMap<>(attributes);
            withWarning.put(WARNING_ATTRIBUTE, "the Record Writer could not write the report (" + e.getClass().getSimpleName() + ")");
            return session.putAllAttributes(created, withWarning);
        }
    }

    /** Counts one FlowFile into its run, and returns it as it passes on (with a warning attribute when it could not be counted fully). */
    private FlowFile count(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final ProgressLedger ledger,
                           final Instant now) {
        final List<String> warnings = new ArrayList<>();
        final String runId = valueOr(evaluate(context, RUN_ID, flowFile, warnings), DEFAULT_RUN_ID);
        final boolean receipt = isReceipt(context, flowFile, warnings);
        RunProgress run = ledger.get(runId);
        if (run == null) {
            run = RunProgress.start(runId, now);
        }
        final String announced = evaluate(context, TOTAL_RECORDS, flowFile, warnings);
        if (announced != null && !announced.isBlank()) {
            try {
                run = run.expect(parseCount(announced));
            } catch (final NumberFormatException e) {
                warnings.add("Total Records " + e.getMessage());
            }
        } else if (run.total() == null && countQueryConfigured) {
            final Long total = queryTotal(context, flowFile, runId, now);
            if (total != null) {
                run = run.expect(total);
            }
        }
        final long records = countRecords(context, session, flowFile, warnings);
        if (receipt) {
            ledger.put(run.receive(records, now));
            session.adjustCounter("Records Received", records, false);
        } else {
            final String outcome = valueOr(evaluate(context, OUTCOME, flowFile, warnings), DEFAULT_OUTCOME);
            ledger.put(run.count(outcome, records, now));
            session.adjustCounter("Records Done", records, false);
            session.adjustCounter("Records " + outcome, records, false);
        }
        if (warnings.isEmpty()) {
            return flowFile;
        }
        getLogger().warn("Counted {} in run {} with a problem: {}", flowFile, runId, warnings);
        return session.putAttribute(flowFile, WARNING_ATTRIBUTE, String.join("; ", warnings));
    }

    /** Whether the FlowFile reports records received (Count Records As); anything but received counts as processed. */
    private static boolean isReceipt(final ProcessContext context, final FlowFile flowFile, final List<String> warnings) {
        final String countAs = evaluate(context, COUNT_RECORDS_AS, flowFile, warnings);
        if (countAs == null || countAs.isBlank() || PROCESSED.equals(countAs.trim())) {
            return false;
        }
        if (RECEIVED.equals(countAs.trim())) {
            return true;
        }
        warnings.add("Count Records As is neither " + PROCESSED + " nor " + RECEIVED + ": counted as " + PROCESSED);
        return false;
    }

    /**
     * A property's value for one FlowFile, or null with a warning when its expression fails on the FlowFile's attributes
     * (e.g. jsonPath on text that is no JSON): one FlowFile must not roll back the batch, and the exception's message,
     * which may quote the attribute, is not repeated.
     */
    private static String evaluate(final ProcessContext context, final PropertyDescriptor property, final FlowFile flowFile, final List<String> warnings) {
        try {
            return context.getProperty(property).evaluateAttributeExpressions(flowFile).getValue();
        } catch (final RuntimeException e) {
            warnings.add(property.getName() + " could not be evaluated (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    /**
     * A count of records: a whole number, 0 or more (an upstream -1 for "unknown" would subtract or finish a run).
     *
     * @throws NumberFormatException whose message says what the text is instead, e.g. "is negative"
     */
    private static long parseCount(final String text) {
        final String trimmed = text.trim();
        final long count;
        try {
            count = Long.parseLong(trimmed);
        } catch (final NumberFormatException e) {
            final boolean digits = !trimmed.isEmpty() && trimmed.chars().skip(trimmed.charAt(0) == '+' || trimmed.charAt(0) == '-' ? 1 : 0)
                    .allMatch(character -> character >= '0' && character <= '9') && trimmed.length() > 1;
            throw new NumberFormatException(!digits ? "is not a whole number"
                    : trimmed.charAt(0) == '-' ? "is negative" : "is beyond the largest count, " + Long.MAX_VALUE);
        }
        if (count < 0) {
            throw new NumberFormatException("is negative");
        }
        return count;
    }

    private static String valueOr(final String value, final String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private long countRecords(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final List<String> warnings) {
        final String recordCount = evaluate(context, RECORD_COUNT, flowFile, warnings);
        final boolean given = recordCount != null && !recordCount.isBlank();
        if (given) {
            try {
                return parseCount(recordCount);
            } catch (final NumberFormatException e) {
                warnings.add("Record Count " + e.getMessage());
            }
        }
        if (!context.getProperty(RECORD_READER).isSet()) {
            if (!given) {
                warnings.add("no Record Count and no Record Reader: its records are not counted");
            }
            return 0;
        }
        final RecordReaderFactory readerFactory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        long records = 0;
        try {
            // a value NiFi's JSON readers would skip, with the object after it: the reader would count too few records
            final Optional<String> skipped = RecordSource.findSkippedJsonValue(session, flowFile);
            if (skipped.isPresent()) {
                warnings.add("its records could not be counted (" + skipped.get().substring(0, skipped.get().indexOf(';'))
                        + ", which NiFi's JSON readers skip with the object after it): counted as 0");
                return 0;
            }
        } catch (final IOException | RuntimeException e) {
            // the reader, reading the same content, says what it can count
        }
        try (InputStream in = session.read(flowFile);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, SafeMessages.redactingLog(getLogger()))) {
            while (reader.nextRecord() != null) {
                records++;
            }
            return records;
        } catch (final Exception | StackOverflowError e) {
            // a FlowFile that failed upstream is often unreadable (a value nested too deeply for the reader's stack too): it
            // still counts, as a FlowFile of unknown size
            warnings.add("its records could not be read (" + e.getClass().getSimpleName() + "): counted as 0");
            return 0;
        }
    }

    private Long queryTotal(final ProcessContext context, final FlowFile flowFile, final String runId, final Instant now) {
        final Instant failedAt = failedCountQueries.get(runId);
        if (failedAt != null && now.isBefore(failedAt.plus(progressInterval))) {
            return null;
        }
        final String query;
        try {
            query = context.getProperty(TOTAL_COUNT_QUERY).evaluateAttributeExpressions(flowFile).getValue();
        } catch (final RuntimeException e) {
            failedCountQueries.put(runId, now);
            getLogger().warn("The Total Count Query of run {} could not be evaluated; trying again in {}: {}", runId, progressInterval,
                    e.getClass().getSimpleName());
            return null;
        }
        final DBCPService database = context.getProperty(DBCP_SERVICE).asControllerService(DBCPService.class);
        try (Connection connection = database.getConnection(flowFile.getAttributes());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            if (!rows.next()) {
                throw new SQLException("the query returned no row");
            }
            final long total = rows.getLong(1);
            if (rows.wasNull() || total < 0) {
                throw new SQLException("the first column of the first row is not a count of 0 or more");
            }
            failedCountQueries.remove(runId);
            return total;
        } catch (final SQLException | ProcessException e) {
            failedCountQueries.put(runId, now);
            getLogger().warn("The Total Count Query of run {} failed; trying again in {}: {}", runId, progressInterval, e.getMessage());
            return null;
        }
    }

    private static Record toRecord(final ProgressReport report) {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("run_id", report.runId());
        values.put("status", report.status().key());
        values.put("records_done", report.done());
        values.put("records_total", report.total());
        values.put("percent_done", report.percentDone());
        values.put("records_per_second", report.recordsPerSecond());
        values.put("average_records_per_second", report.averagePerSecond());
        values.put("seconds_left", report.secondsLeft());
        values.put("estimated_finish", report.estimatedFinish() == null ? null : report.estimatedFinish().toString());
        values.put("started", report.started().toString());
        values.put("updated", report.updated().toString());
        values.put("elapsed_seconds", report.elapsed().toSeconds());
        values.put("flowfiles", report.flowFiles());
        values.put("outcomes", new LinkedHashMap<String, Object>(report.outcomes()));
        return new MapRecord(REPORT_SCHEMA, values);
    }

    /** The attributes of a progress or summary FlowFile: its run and the run's counts. */
    private static Map<String, String> reportAttributes(final ProgressReport summary) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(RUN_ID_ATTRIBUTE, summary.runId());
        attributes.put(STATUS_ATTRIBUTE, summary.status().key());
        attributes.put(DONE_ATTRIBUTE, String.valueOf(summary.done()));
        if (summary.total() != null) {
            attributes.put(TOTAL_ATTRIBUTE, String.valueOf(summary.total()));
        }
        summary.outcomes().forEach((outcome, records) -> attributes.put(OUTCOME_ATTRIBUTE_PREFIX + outcome + ".count", String.valueOf(records)));
        if (summary.received() > 0) {
            attributes.put(RECEIVED_ATTRIBUTE, String.valueOf(summary.received()));
        }
        attributes.put("crm.run.id", summary.runId());
        return attributes;
    }
}
