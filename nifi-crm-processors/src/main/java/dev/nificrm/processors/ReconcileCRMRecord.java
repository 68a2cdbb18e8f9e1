package dev.nificrm.processors;

import dev.nificrm.merge.MultiSelectFields;
import dev.nificrm.reconcile.Conservation;
import dev.nificrm.reconcile.ExportParts;
import dev.nificrm.reconcile.FieldDifference;
import dev.nificrm.reconcile.FieldValues;
import dev.nificrm.reconcile.Finding;
import dev.nificrm.reconcile.ReconciledExports;
import dev.nificrm.reconcile.ReconciliationReport;
import dev.nificrm.reconcile.Reconciler;
import dev.nificrm.reconcile.RecordOutcome;
import dev.nificrm.reconcile.TargetRecord;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.record.ChoiceAwareRecordPath;
import dev.nificrm.record.RecordPathList;
import dev.nificrm.record.RecordProcessingException;
import dev.nificrm.record.RecordSource;
import dev.nificrm.record.ReportWriter;
import dev.nificrm.record.RoutedRecordWriter;
import dev.nificrm.record.SafeMessages;
import dev.nificrm.record.UnselectablePathException;
import dev.nificrm.services.EntityStoreService;
import dev.nificrm.store.EntityStoreException;
import dev.nificrm.store.SourceIds;
import dev.nificrm.store.SystemCoverage;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.flowfile.attributes.FragmentAttributes;
import org.apache.nifi.processor.FlowFileFilter;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The NiFi adapter of {@link Reconciler}: reads the target system's records (e.g. ExecuteSQLRecord's read of the target
 * table), hands them to the reconciler with the entity store, and writes one report record, with the run's counts taken
 * from the attributes of the summary TrackCRMProgress emitted. The records themselves go on unchanged as the original; a
 * record its link path selects nothing in by how it is written also goes to failure on its own, with the reason, and the
 * report counts it as failure, so the report's outcomes account for every record read once.
 */
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@TriggerSerially
@Tags({"crm", "reconciliation", "reconcile", "audit", "sync", "migration", "compare", "checksum", "entity store", "record"})
@CapabilityDescription("Reconciles a target system with its source after a migration or a sync cycle: reads the target's records, looks "
        + "each one up in the Entity Store (by its id in the target, or by the golden id it carries), compares its fields by checksum "
        + "with the snapshot the sync last wrote to the target and the one it last read from the source, and finds the entities with "
        + "a source record that the target lacks. Writes one report record: target records per outcome (in sync, drifted, out of sync, "
        + "unverified, missing in source, not in store, no id, failure: a record its link path selects nothing in by how it is written, "
        + "routed to failure on its own with the reason), entities missing in the target (deleted there or never written), "
        + "duplicates, the store's view of both systems, the findings by id (never values), and the proof that the run's records read "
        + "equal those written, invalid, failed and in conflict.")
@ReadsAttributes({
        @ReadsAttribute(attribute = "crm.progress.total.count", description = "The records the run read (default Records Read)"),
        @ReadsAttribute(attribute = "crm.progress.outcome.<outcome>.count", description = "The run's records per outcome, as TrackCRMProgress writes them"),
        @ReadsAttribute(attribute = "crm.run.id", description = "The run, copied into the report"),
        @ReadsAttribute(attribute = "fragment.identifier", description = "With fragment.count, the export a part belongs to (ExecuteSQLRecord's "
                + "Max Rows Per Flow File): its parts are reconciled together, into one report, once all are queued"),
        @ReadsAttribute(attribute = "fragment.count", description = "The parts of the export: the parts wait in the queue until all are there, "
                + "or Max Wait For Parts; parts disagreeing on it go to failure unread. A part without it (ExecuteSQLRecord's Output Batch "
                + "Size set) is reconciled alone into a report saying it covers that part of an export of unknown size"),
        @ReadsAttribute(attribute = "fragment.index", description = "The order in which the parts are read; a second part with an index, or "
                + "an index outside the export, goes to failure unread"),
        @ReadsAttribute(attribute = "crm.reconcile.waiting.since", description = "On a part waiting for the others (set here, removed when it "
                + "leaves): since when, in epoch milliseconds, so that a restart does not start the wait again")
})
@WritesAttributes({
        @WritesAttribute(attribute = "crm.reconcile.consistent", description = "On the report: true when source and target agree and the run balances"),
        @WritesAttribute(attribute = "crm.reconcile.<outcome>.count", description = "On the report: target records per outcome (in_sync, drifted, "
                + "out_of_sync, unverified, missing_in_source, not_in_store, no_id, failure); failure also on the FlowFile of records routed to "
                + "failure"),
        @WritesAttribute(attribute = "crm.reconcile.missing_in_target.count", description = "On the report: entities with a source record and none in the target"),
        @WritesAttribute(attribute = "crm.reconcile.balanced", description = "On the report, when the run's counts were given: whether read = the sum of the outcomes"),
        @WritesAttribute(attribute = "crm.reconcile.complete", description = "On the report on an export read in parts: whether every part was "
                + "read (false after Max Wait For Parts, for a part coming after its export was reconciled, or for a part without "
                + "fragment.count)"),
        @WritesAttribute(attribute = "record.count", description = "On the report: 1; on the records routed to failure: their number"),
        @WritesAttribute(attribute = "fragment.identifier", description = "On the FlowFiles of records routed to failure on their own (one per "
                + "part with any): one identifier for those of one reconciliation, as SplitRecord writes it, for MergeContent's Defragment. "
                + "On the report: the export's, when its parts carry one"),
        @WritesAttribute(attribute = "fragment.index", description = "On the FlowFiles of records routed to failure on their own: 0, 1... in "
                + "the order of the parts; the report has none"),
        @WritesAttribute(attribute = "fragment.count", description = "On the FlowFiles of records routed to failure on their own: how many "
                + "one reconciliation routed; the report has none"),
        @WritesAttribute(attribute = "segment.original.filename", description = "On the FlowFiles of records routed to failure on their own: "
                + "the filename of the FlowFile (part) they were read from"),
        @WritesAttribute(attribute = "mime.type", description = "On the report and the records routed to failure: the Record Writer's MIME type"),
        @WritesAttribute(attribute = "record.error.message", description = "On a FlowFile routed to failure whole (unchanged): why it could not be "
                + "reconciled; a record routed to failure on its own carries its reason in the Errors Field instead")
})
@Stateful(scopes = Scope.LOCAL, description = "The latest 1,000 exports read in parts that were reconciled, by fragment.identifier: "
        + "when, and which parts were read, so that a part coming after its export was reconciled, also after a restart, is reconciled "
        + "at once and a copy of a part read is not read again. Local: the parts of an export reach one node (balance the connection by "
        + "fragment.identifier), and so do its late parts")
@SeeAlso(classNames = {"dev.nificrm.processors.TrackCRMProgress", "dev.nificrm.processors.MatchCRMRecord",
        "org.apache.nifi.processors.standard.ExecuteSQLRecord", "dev.nificrm.services.PostgreSQLEntityStore"})
@UseCase(
        description = "After each sync cycle, prove that the target CRM table holds every customer of the source, unchanged since the sync wrote it.",
        keywords = {"reconciliation", "sync", "audit", "drift", "missing records"},
        configuration = """
                Connect TrackCRMProgress's "summary" to ExecuteSQLRecord with "select * from <target table>" (one FlowFile: Max Rows Per
                Flow File 0; or parts of it with Output Batch Size 0, which this processor reconciles together) and a JSON or Avro
                writer, and its "success" to this processor.
                Set "Entity Store" to the store the sync uses, "Source System" and "Target System" to the names the sync gives them,
                "Link By" to "Target ID" and "Target ID Field" to the table's id column, e.g. /id. Add the table's own timestamps to
                "Ignored Fields", e.g. updated_at, created_at.
                Connect "report" to PutFile or a notification; route on crm.reconcile.consistent = false to alert.
                Auto-terminate "original" or archive it.
                """)
@UseCase(
        description = "After a migration into a database, check that every migrated customer arrived once and none is missing.",
        keywords = {"migration", "reconciliation", "count", "missing", "duplicates"},
        configuration = """
                Write MatchCRMRecord's golden id (crm_match_id) into a column of the target table.
                Set "Link By" to "Golden ID" and "Golden ID Field" to that column, e.g. /crm_match_id. The report counts the records whose
                entity is missing in the target, listed with their source ids, and target records that share an entity (duplicates).
                """)
public class ReconcileCRMRecord extends AbstractCRMProcessor {

    static final String ATTRIBUTE_PREFIX = "crm.reconcile.";
    private static final String FRAGMENT_IDENTIFIER = FragmentAttributes.FRAGMENT_ID.key();
    private static final String FRAGMENT_INDEX = FragmentAttributes.FRAGMENT_INDEX.key();
    private static final String FRAGMENT_COUNT = FragmentAttributes.FRAGMENT_COUNT.key();
    private static final String SEGMENT_ORIGINAL_FILENAME = FragmentAttributes.SEGMENT_ORIGINAL_FILENAME.key();
    /** On a part of a split export waiting for the others: since when (epoch milliseconds), kept across restarts. */
    static final String WAITING_SINCE = ATTRIBUTE_PREFIX + "waiting.since";

    public static final PropertyDescriptor ENTITY_STORE = new PropertyDescriptor.Builder()
            .name("Entity Store")
            .description("The entity store the migration or sync writes: cross-references and snapshots")
            .required(true)
            .identifiesControllerService(EntityStoreService.class)
            .build();

    public static final PropertyDescriptor SOURCE_SYSTEM = new PropertyDescriptor.Builder()
            .name("Source System")
            .description("The system the records came from, as MatchCRMRecord's Source System names it, e.g. salesforce")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor TARGET_SYSTEM = new PropertyDescriptor.Builder()
            .name("Target System")
            .description("The system whose records the FlowFile holds, as the sync names it, e.g. hubspot")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor LINK_BY = new PropertyDescriptor.Builder()
            .name("Link By")
            .description("How a target record names its entity")
            .required(true)
            .allowableValues(LinkByOption.class)
            .defaultValue(LinkByOption.TARGET_ID)
            .build();

    public static final PropertyDescriptor TARGET_ID_FIELD = new PropertyDescriptor.Builder()
            .name("Target ID Field")
            .description("A RecordPath to the record's id in the Target System, e.g. /id or /hs_object_id")
            .required(true)
            .addValidator(RecordPathList.VALIDATOR)
            .dependsOn(LINK_BY, LinkByOption.TARGET_ID)
            .build();

    public static final PropertyDescriptor GOLDEN_ID_FIELD = new PropertyDescriptor.Builder()
            .name("Golden ID Field")
            .description("A RecordPath to the field holding the entity's golden id, e.g. /crm_match_id")
            .required(true)
            .defaultValue("/crm_match_id")
            .addValidator(RecordPathList.VALIDATOR)
            .dependsOn(LINK_BY, LinkByOption.GOLDEN_ID)
            .build();

    public static final PropertyDescriptor IGNORED_FIELDS = new PropertyDescriptor.Builder()
            .name("Ignored Fields")
            .description("Comma-separated fields never compared, such as the target's own timestamps and ids, e.g. updated_at, created_at. "
                    + "Fields starting with crm_ are never compared")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor MULTI_SELECT_FIELDS = new PropertyDescriptor.Builder()
            .name("Multi-Select Fields")
            .description("Comma-separated fields holding a multi-select picklist, e.g. interests: their options are compared as a set, as "
                    + "MergeCRMRecord's Multi-Select Fields are synced, so the target's order (Tennis;Golf for Golf;Tennis) is no drift. Name "
                    + "every field named in MergeCRMRecord's Multi-Select Fields: it is not learnt from the snapshots, and a multi-select not "
                    + "named here is compared as text, its options in another order reported as drift, with the hint: the same options in "
                    + "another order")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor MULTI_SELECT_DELIMITER = new PropertyDescriptor.Builder()
            .name("Multi-Select Delimiter")
            .description("What separates the options of a Multi-Select Field held as text: ; as Salesforce and HubSpot write them. The "
                    + "drift of another field holding the same options in another order, split here, is hinted at")
            .required(true)
            .defaultValue(";")
            .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
            .dependsOn(MULTI_SELECT_FIELDS)
            .build();

    public static final PropertyDescriptor COMPARE_WITH_SOURCE = new PropertyDescriptor.Builder()
            .name("Compare With Source")
            .description("Whether target records are also compared with the source's last known state (the source snapshot), so that "
                    + "changes not yet synced show as out of sync")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();

    public static final PropertyDescriptor RECORDS_READ = new PropertyDescriptor.Builder()
            .name("Records Read")
            .description("The records the run read, for the conservation check; empty when the FlowFile does not carry it (the check is "
                    + "then left out)")
            .required(false)
            .defaultValue("${crm.progress.total.count}")
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor OUTCOME_ATTRIBUTE_PREFIX = new PropertyDescriptor.Builder()
            .name("Outcome Attribute Prefix")
            .description("Attributes named <prefix><outcome>.count hold the run's records per outcome (written, invalid, failed, conflict...)")
            .required(true)
            .defaultValue("crm.progress.outcome.")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAXIMUM_LISTED = new PropertyDescriptor.Builder()
            .name("Maximum Listed")
            .description("Findings listed by id per kind (drifted, deleted in target...); the counts always cover everything")
            .required(true)
            .defaultValue("100")
            .addValidator(StandardValidators.createLongValidator(0, 100_000, true))
            .build();

    public static final PropertyDescriptor DELETED_FIELD = new PropertyDescriptor.Builder()
            .name("Deleted Field")
            .description("A RecordPath to the field that marks a deleted target record (a soft delete), as MergeCRMRecord's Deleted Field, "
                    + "e.g. /deleted: true, yes, 1 or deleted. A record whose deletion differs from the sync's snapshot of it in the target "
                    + "(there and not marked deleted, where the sync deleted it; or marked deleted, where it did not) is drifted. Without it, "
                    + "no record is marked deleted")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .build();

    public static final PropertyDescriptor ERRORS_FIELD = new PropertyDescriptor.Builder()
            .name("Errors Field")
            .description("The field added to a target record routed to failure on its own with the reason: a link path (Target ID Field or "
                    + "Golden ID Field) that selects nothing in it by how it is written, e.g. \"Target ID Field: /ids[./system = 'hubspot']/id "
                    + "selects nothing: ...; write /ids[*][./system = 'hubspot']/id\". The report counts such records as failure")
            .required(true)
            .defaultValue("crm_errors")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_WAIT_FOR_PARTS = new PropertyDescriptor.Builder()
            .name("Max Wait For Parts")
            .description("How long the parts of an export read in parts (fragment.identifier, fragment.count) wait for the missing ones, "
                    + "counted from when the first of them came to this processor, as MergeContent's Max Bin Age. Then the parts that came "
                    + "are reconciled into a report that says it is incomplete: which parts are missing, and that its counts cover only the "
                    + "parts read (their customers count as missing in the target). A part coming after its export was reconciled is "
                    + "reconciled at once, into a report of its own, as incomplete")
            .required(true)
            .defaultValue("10 min")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor FAILURE_FILED_AS = new PropertyDescriptor.Builder()
            .name("Failure Filed As")
            .description("Where the flow files a FlowFile this processor routes to failure unchanged (a read it could not reconcile, a part "
                    + "of an export it did not read), evaluated against that FlowFile: the directory and file name it is written under, e.g. "
                    + "#{Error Directory}/unreconciled/${crm.run.id}-unreconciled-${uuid}.json for PutFile's Directory "
                    + "#{Error Directory}/unreconciled after an UpdateAttribute naming it ${crm.run.id}-unreconciled-${uuid}.json. The ERROR "
                    + "that reports the failure, and so its bulletin, ends with \"filed as\" and this, so that an operator finds the file "
                    + "without nifi-app.log. Not set: the ERROR names no file")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final Relationship REL_REPORT = new Relationship.Builder()
            .name("report")
            .description("One FlowFile per FlowFile read, or per export split into parts (fragment.identifier, fragment.count): the "
                    + "reconciliation report, one record; an export whose parts did not all come within Max Wait For Parts has a report on "
                    + "the parts that came, and one per part coming after, each saying it is incomplete (crm.reconcile.complete false)")
            .build();

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("The target records read, unchanged")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("A FlowFile whose records cannot be read, or whose Records Read or outcome counts are not whole numbers, unchanged, "
                    + "with the reason in record.error.message; an unreachable store returns the FlowFile to its queue instead. Target "
                    + "records whose link path selects nothing by how it is written come here on their own, written with the Record Writer "
                    + "with the reason in the Errors Field, while the report covers the others and counts these as failure. A part of an "
                    + "export read in parts that is not read comes here unchanged with the reason: a second copy of its fragment.index, an "
                    + "index outside the export, or parts disagreeing on fragment.count")
            .build();

    static final RecordSchema DIFFERENCE_SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("field", RecordFieldType.STRING.getDataType()),
            new RecordField("target_checksum", RecordFieldType.STRING.getDataType(), true),
            new RecordField("expected_checksum", RecordFieldType.STRING.getDataType(), true),
            new RecordField("compared_with", RecordFieldType.STRING.getDataType()),
            new RecordField("hint", RecordFieldType.STRING.getDataType(), true)));
    static final RecordSchema FINDING_SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("kind", RecordFieldType.STRING.getDataType()),
            new RecordField("target_id", RecordFieldType.STRING.getDataType(), true),
            new RecordField("golden_id", RecordFieldType.STRING.getDataType(), true),
            new RecordField("source_id", RecordFieldType.STRING.getDataType(), true),
            new RecordField("fields", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.RECORD.getRecordDataType(DIFFERENCE_SCHEMA))),
            new RecordField("reason", RecordFieldType.STRING.getDataType(), true)));
    static final RecordSchema STORE_SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("source_records", RecordFieldType.LONG.getDataType()),
            new RecordField("target_records", RecordFieldType.LONG.getDataType(), true),
            new RecordField("entities_in_both", RecordFieldType.LONG.getDataType(), true),
            new RecordField("entities_only_in_source", RecordFieldType.LONG.getDataType(), true),
            new RecordField("entities_only_in_target", RecordFieldType.LONG.getDataType(), true)));
    private static final DataType COUNTS = RecordFieldType.MAP.getMapDataType(RecordFieldType.LONG.getDataType());
    static final RecordSchema CONSERVATION_SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("records_read", RecordFieldType.LONG.getDataType()),
            new RecordField("outcomes", COUNTS),
            new RecordField("accounted", RecordFieldType.LONG.getDataType()),
            new RecordField("balanced", RecordFieldType.BOOLEAN.getDataType()),
            new RecordField("equation", RecordFieldType.STRING.getDataType())));
    private static final DataType INDEXES = RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.INT.getDataType());
    static final RecordSchema PARTS_SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("export", RecordFieldType.STRING.getDataType()),
            new RecordField("expected", RecordFieldType.INT.getDataType(), true),
            new RecordField("read", INDEXES),
            new RecordField("missing", INDEXES),
            new RecordField("complete", RecordFieldType.BOOLEAN.getDataType()),
            new RecordField("reason", RecordFieldType.STRING.getDataType(), true)));
    static final RecordSchema REPORT_SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("run_id", RecordFieldType.STRING.getDataType(), true),
            new RecordField("source_system", RecordFieldType.STRING.getDataType()),
            new RecordField("target_system", RecordFieldType.STRING.getDataType()),
            new RecordField("generated", RecordFieldType.STRING.getDataType()),
            new RecordField("consistent", RecordFieldType.BOOLEAN.getDataType()),
            new RecordField("target_records", RecordFieldType.LONG.getDataType()),
            new RecordField("outcomes", COUNTS),
            new RecordField("duplicates_in_target", RecordFieldType.LONG.getDataType()),
            new RecordField("missing_in_target", RecordFieldType.LONG.getDataType()),
            new RecordField("deleted_in_target", RecordFieldType.LONG.getDataType()),
            new RecordField("never_written", RecordFieldType.LONG.getDataType()),
            new RecordField("store", RecordFieldType.RECORD.getRecordDataType(STORE_SCHEMA)),
            new RecordField("conservation", RecordFieldType.RECORD.getRecordDataType(CONSERVATION_SCHEMA), true),
            new RecordField("parts", RecordFieldType.RECORD.getRecordDataType(PARTS_SCHEMA), true),
            new RecordField("findings", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.RECORD.getRecordDataType(FINDING_SCHEMA)))));

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(AbstractCRMRecordProcessor.RECORD_READER,
            AbstractCRMRecordProcessor.RECORD_WRITER, ENTITY_STORE, SOURCE_SYSTEM, TARGET_SYSTEM, LINK_BY, TARGET_ID_FIELD, GOLDEN_ID_FIELD,
            IGNORED_FIELDS, MULTI_SELECT_FIELDS, MULTI_SELECT_DELIMITER, COMPARE_WITH_SOURCE, RECORDS_READ, OUTCOME_ATTRIBUTE_PREFIX, MAXIMUM_LISTED,
            DELETED_FIELD, ERRORS_FIELD, MAX_WAIT_FOR_PARTS, FAILURE_FILED_AS);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_REPORT, REL_ORIGINAL, REL_FAILURE);

    private volatile MultiSelectFields multiSelects = MultiSelectFields.none();
    private volatile List<ChoiceAwareRecordPath> linkPaths;
    /** The property the link paths come from, named in a reason. */
    private volatile PropertyDescriptor linkProperty;
    private volatile Reconciler.LinkMode linkMode;
    private volatile Set<String> ignoredFields;
    /** Reads the Deleted Field, or null when none is set. */
    private volatile FieldReader deletedReader;
    /** The field holding the reason of a record routed to failure on its own. */
    private volatile RecordField errorsField;
    private volatile long maxWaitForPartsMillis;
    /** The exports read in parts whose reconciliation the processor's local state keeps (see {@link ReconciledExports}). */
    static final int EXPORTS_REMEMBERED = 1_000;

    /** A processor on the system clock, as NiFi creates it. */
    public ReconcileCRMRecord() {
        this(Clock.systemUTC());
    }

    /** A processor on the given clock (the report's generation time), e.g. a fixed one in a test. */
    ReconcileCRMRecord(final Clock clock) {
        super(clock, PROPERTY_DESCRIPTORS, RELATIONSHIPS);
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        final LinkByOption link = context.getProperty(LINK_BY).asAllowableValue(LinkByOption.class);
        linkMode = link.getMode();
        linkProperty = link == LinkByOption.TARGET_ID ? TARGET_ID_FIELD : GOLDEN_ID_FIELD;
        linkPaths = RecordPathList.compile(context.getProperty(linkProperty).getValue());
        ignoredFields = Set.copyOf(RecordPathList.split(context.getProperty(IGNORED_FIELDS).getValue()));
        final String deletedPath = context.getProperty(DELETED_FIELD).getValue();
        deletedReader = deletedPath == null ? null : FieldReader.of(DELETED_FIELD.getName(), deletedPath);
        errorsField = new RecordField(context.getProperty(ERRORS_FIELD).getValue(), RecordFieldType.STRING.getDataType(), true);
        maxWaitForPartsMillis = context.getProperty(MAX_WAIT_FOR_PARTS).asTimePeriod(TimeUnit.MILLISECONDS);
        final Set<String> multiSelectNames = new HashSet<>();
        for (final String field : RecordPathList.split(context.getProperty(MULTI_SELECT_FIELDS).getValue())) {
            multiSelectNames.add(FieldValues.normalizeName(field));
        }
        multiSelects = multiSelectNames.isEmpty() ? MultiSelectFields.none()
                : MultiSelectFields.of(multiSelectNames, context.getProperty(MULTI_SELECT_DELIMITER).getValue());
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) throws ProcessException {
        // a part waiting for the others stays queued, unpenalized, and is passed over until its wait runs out: NiFi's queue
        // hides a penalized FlowFile from session.get(filter), so parts penalized a moment apart never met, and the first
        // whose wait ran out was reconciled without the others
        final long now = getClock().millis();
        final ReconciledState reconciled = new ReconciledState(session);
        final List<FlowFile> due = session.get(candidate -> waits(candidate, now, reconciled)
                ? FlowFileFilter.FlowFileFilterResult.REJECT_AND_CONTINUE : FlowFileFilter.FlowFileFilterResult.ACCEPT_AND_TERMINATE);
        if (due.isEmpty()) {
            // only parts waiting for others are queued: look again after Yield Duration, not in a loop
            context.yield();
            return;
        }
        final FlowFile flowFile = due.getFirst();
        final Export export = export(context, session, flowFile, reconciled);
        if (export == null) {
            return;
        }
        final List<FlowFile> parts = export.parts();
        // the first part read carries the run's attributes (ExecuteSQLRecord gives every part those of its trigger)
        final FlowFile first = parts.getFirst();
        final RecordSetWriterFactory writerFactory = context.getProperty(AbstractCRMRecordProcessor.RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        // the records that cannot be read as configured, written as they come, each part's on its own: they may be all of a large FlowFile
        final List<RoutedRecordWriter> failures = new ArrayList<>(parts.size());
        final ReconciliationReport report;
        final List<FlowFile> failed = new ArrayList<>();
        // the part being read when reading fails: every part goes to failure, and each one's reason names it
        FlowFile reading = null;
        try {
            final Conservation conservation = conservation(context, first);
            final Reconciler reconciler = new Reconciler(context.getProperty(ENTITY_STORE).asControllerService(EntityStoreService.class).getEntityStore(),
                    new Reconciler.Settings(system(context, SOURCE_SYSTEM, first), system(context, TARGET_SYSTEM, first), linkMode, ignoredFields,
                            context.getProperty(COMPARE_WITH_SOURCE).asBoolean(), context.getProperty(MAXIMUM_LISTED).asInteger(), multiSelects));
            final RecordReaderFactory readerFactory = context.getProperty(AbstractCRMRecordProcessor.RECORD_READER).asControllerService(RecordReaderFactory.class);
            final FieldNames names = new FieldNames();
            for (final FlowFile part : parts) {
                reading = part;
                // a record's number is its number in its FlowFile, as the failure's reason tells it
                long number = 0;
                final RoutedRecordWriter partFailures = RoutedRecordWriter.of(session, part, writerFactory, getLogger());
                failures.add(partFailures);
                // a value NiFi's JSON readers would skip, with the object after it: a target record the report would miss
                final Optional<String> skipped = RecordSource.findSkippedJsonValue(session, part);
                if (skipped.isPresent()) {
                    throw new RecordProcessingException(skipped.get());
                }
                try (InputStream in = session.read(part);
                     RecordReader reader = readerFactory.createRecordReader(part, in, SafeMessages.redactingLog(getLogger()))) {
                    Record record;
                    while ((record = reader.nextRecord()) != null) {
                        number++;
                        reconciler.add(targetRecord(record, names, number, partFailures));
                    }
                }
            }
            reading = null;
            report = reconciler.finish(conservation);
            for (final RoutedRecordWriter partFailures : failures) {
                failed.addAll(partFailures.finish(ATTRIBUTE_PREFIX).values());
            }
        } catch (final EntityStoreException e) {
            failures.forEach(RoutedRecordWriter::abort);
            if (e.refusesData()) {
                // the store refused the records' values themselves: they would fail the same way every time
                routeToFailure(context, session, export, null, e);
                return;
            }
            getLogger().warn("Returning {} to {} queue to try again: the entity store cannot be read: {}", described(export),
                    parts.size() == 1 ? "its" : "their", SafeMessages.describe(e));
            session.rollback(true);
            context.yield();
            return;
        } catch (final Exception | StackOverflowError e) {
            // unreadable content (a value nested too deeply for the reader's stack too), a malformed count: the FlowFile
            // (every part of a split export) goes to failure untouched
            failures.forEach(RoutedRecordWriter::abort);
            routeToFailure(context, session, export, reading, e);
            return;
        }

        final ReportWriter writer = new ReportWriter(writerFactory, getLogger());
        final boolean consistent = report.consistent() && export.complete();
        // the report is none of the export's parts: an inherited fragment.count (or a part's index) would make MergeContent's
        // Defragment wait for reports that never come; fragment.identifier, where the parts have one, names the export
        final FlowFile created = session.removeAllAttributes(parts.size() == 1 ? session.create(parts.getFirst()) : session.create(parts),
                Set.of(FRAGMENT_INDEX, FRAGMENT_COUNT));
        final FlowFile written;
        try {
            written = writer.write(session, created, REPORT_SCHEMA,
                    List.of(toRecord(report, consistent, export, first.getAttribute("crm.run.id"))), reportAttributes(report, consistent, export));
        } catch (final RuntimeException e) {
            // the Record Writer cannot write the report (e.g. one taking its schema from a registry by a schema.name the report
            // lacks): the export goes to failure unchanged with the reason, as one that cannot be read, rather than the session
            // rolling back at every trigger
            session.remove(created);
            session.remove(failed);
            routeToFailure(context, session, export, null, e);
            return;
        }
        session.transfer(written, REL_REPORT);
        // the records routed to failure on their own (a FlowFile per part that had any) are one set of fragments, as SplitRecord
        // writes its splits, for MergeContent's Defragment: each part's own fragment.* would have it wait for the parts without any
        final String failedIdentifier = UUID.randomUUID().toString();
        for (int index = 0; index < failed.size(); index++) {
            final FlowFile records = session.putAllAttributes(failed.get(index), Map.of(FRAGMENT_IDENTIFIER, failedIdentifier,
                    FRAGMENT_INDEX, String.valueOf(index), FRAGMENT_COUNT, String.valueOf(failed.size()),
                    SEGMENT_ORIGINAL_FILENAME, String.valueOf(failed.get(index).getAttribute(CoreAttributes.FILENAME.key()))));
            session.getProvenanceReporter().route(records, REL_FAILURE);
            session.transfer(records, REL_FAILURE);
        }
        session.transfer(parts, REL_ORIGINAL);
        if (export.sorted() != null) {
            reconciled.remember(export);
        }
        getLogger().info("Reconciled {} records of {} with {} from {} FlowFile(s): consistent {}, outcomes {}, missing in target {}", report.targetRecords(),
                report.targetSystem(), report.sourceSystem(), parts.size(), report.consistent(), report.outcomes(), report.missingInTarget());
    }

    /**
     * What to reconcile together: the FlowFile; or the parts of a split export it is one of (ExecuteSQLRecord's Max Rows
     * Per Flow File: fragment.identifier, fragment.count), in fragment.index order, one per index, once all are queued, or
     * once the first waited Max Wait For Parts, or at once when the export was reconciled before (a part coming late).
     */
    private record Export(List<FlowFile> parts, String identifier, ExportParts<FlowFile> sorted, String reason) {
        /**
         * Whether the report covers the whole export: a FlowFile not read in parts does; a part of an export without
         * fragment.count (sorted null) does not, as no one can tell how many parts its export has.
         */
        private boolean complete() {
            return sorted != null ? sorted.complete() : identifier == null;
        }
    }

    /**
     * The exports reconciled lately, as the processor's local state keeps them, read once per trigger when a part of an
     * export needs them; an export reconciled is written there in the session, so it is kept when the session commits.
     */
    private final class ReconciledState {
        private final ProcessSession session;
        private Map<String, String> state;

        private ReconciledState(final ProcessSession session) {
            this.session = session;
        }

        private Map<String, String> state() {
            if (state == null) {
                try {
                    state = session.getState(Scope.LOCAL).toMap();
                } catch (final IOException e) {
                    throw new ProcessException("The processor's state (the exports reconciled lately) cannot be read", e);
                }
            }
            return state;
        }

        private ReconciledExports.Export find(final String identifier) {
            return ReconciledExports.find(state(), identifier);
        }

        private void remember(final Export export) {
            state = ReconciledExports.remember(state(), export.identifier(), getClock().instant(), Set.copyOf(export.sorted().read()),
                    export.sorted().expected(), EXPORTS_REMEMBERED);
            try {
                session.setState(state, Scope.LOCAL);
            } catch (final IOException e) {
                throw new ProcessException("The processor's state (the exports reconciled lately) cannot be written", e);
            }
        }
    }

    /**
     * The FlowFiles to reconcile together (see {@link Export}), or null when nothing is to be reconciled now: the parts
     * queued wait (returned to the queue, unpenalized, marked with the time they began to wait), or all went to failure
     * (parts disagreeing on fragment.count; copies of a part read, and indexes outside the export, go there in any case).
     */
    private Export export(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final ReconciledState reconciled) {
        final String identifier = flowFile.getAttribute(FRAGMENT_IDENTIFIER);
        final int count = fragmentCount(flowFile);
        if (identifier != null && flowFile.getAttribute(FRAGMENT_COUNT) == null && flowFile.getAttribute(FRAGMENT_INDEX) != null) {
            // ExecuteSQLRecord (or QueryDatabaseTableRecord) with Output Batch Size set sends the parts before it knows how many
            // there are, and writes no count and no mark on the last: no wait could tell when the export is whole
            final String reason = "part " + flowFile.getAttribute(FRAGMENT_INDEX) + " of an export without fragment.count (ExecuteSQLRecord's "
                    + "Output Batch Size is set, which writes none): this report covers this part only, and counts the customers of the "
                    + "export's other parts, if it has any, as missing in the target; set Output Batch Size to 0 for one report on the "
                    + "whole export";
            getLogger().warn("{}: {}", capitalized(described(List.of(flowFile))), reason);
            return new Export(List.of(flowFile), identifier, null, reason);
        }
        if (identifier == null || count <= 1) {
            return new Export(List.of(flowFile), null, null, null);
        }
        final List<FlowFile> queued = new ArrayList<>();
        queued.add(flowFile);
        queued.addAll(session.get(candidate -> identifier.equals(candidate.getAttribute(FRAGMENT_IDENTIFIER))
                ? FlowFileFilter.FlowFileFilterResult.ACCEPT_AND_CONTINUE : FlowFileFilter.FlowFileFilterResult.REJECT_AND_CONTINUE));
        final ReconciledExports.Export before = reconciled.find(identifier);
        final List<ExportParts.Part<FlowFile>> described = new ArrayList<>(queued.size());
        for (final FlowFile part : queued) {
            described.add(new ExportParts.Part<>(part, part.getAttribute(FRAGMENT_INDEX), part.getAttribute(FRAGMENT_COUNT)));
        }
        final ExportParts<FlowFile> sorted = new ExportParts<>(described, before == null ? Set.of() : before.read());
        if (sorted.disagreement() != null) {
            // each part's reason names it: the file of one part tells which part it holds and its count
            queued.forEach(part -> routeToFailure(context, session, part, "Export " + identifier + ": " + sorted.disagreement() + " (this one: part "
                    + part.getAttribute(FRAGMENT_INDEX) + " with fragment.count " + part.getAttribute(FRAGMENT_COUNT) + ")"));
            return null;
        }
        sorted.notRead().forEach((part, reason) -> routeToFailure(context, session, part, "Export " + identifier + ": " + reason));
        if (sorted.toRead().isEmpty()) {
            return null;
        }
        final Instant now = getClock().instant();
        final long waited = now.toEpochMilli() - waitingSince(sorted.toRead(), now.toEpochMilli());
        if (!sorted.complete() && before == null && waited < maxWaitForPartsMillis) {
            getLogger().debug("{} of {} parts of export {} are queued: waiting for the others", sorted.read().size(), count, identifier);
            for (final FlowFile part : sorted.toRead()) {
                final Long since = waitingSince(part);
                final FlowFile waiting = since == null || since > now.toEpochMilli()
                        ? session.putAttribute(part, WAITING_SINCE, String.valueOf(now.toEpochMilli())) : part;
                session.transfer(waiting);
            }
            return null;
        }
        final List<FlowFile> parts = new ArrayList<>(sorted.toRead().size());
        for (final FlowFile part : sorted.toRead()) {
            // the mark of the wait is no part of the FlowFile read: original gets it as it came
            parts.add(part.getAttribute(WAITING_SINCE) == null ? part : session.removeAttribute(part, WAITING_SINCE));
        }
        final String reason;
        if (sorted.complete()) {
            reason = null;
        } else if (before != null) {
            reason = "part" + plural(sorted.read()) + " came after the export was reconciled at " + before.reconciled() + " without "
                    + (sorted.read().size() == 1 ? "it" : "them") + ": this report covers part" + plural(sorted.read()) + " only, and counts "
                    + "the customers of the other parts as missing in the target";
            getLogger().warn("{}: {}", capitalized(described(parts)), reason);
        } else {
            reason = "part" + plural(sorted.missing()) + " of " + sorted.expected() + " did not come within Max Wait For Parts ("
                    + Duration.ofMillis(maxWaitForPartsMillis) + "): this report covers part" + plural(sorted.read()) + " only, and counts "
                    + "the customers of the missing parts as missing in the target";
            getLogger().warn("{}: {}", capitalized(described(parts)), reason);
        }
        return new Export(parts, identifier, sorted, reason);
    }

    /** "s 0, 2" or " 1": the parts named in a reason. */
    private static String plural(final List<Integer> indexes) {
        return (indexes.size() == 1 ? " " : "s ") + indexes.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** The earliest time a part began to wait (its WAITING_SINCE), or now when none waited before. */
    private static long waitingSince(final List<FlowFile> parts, final long now) {
        long since = now;
        for (final FlowFile part : parts) {
            final Long value = waitingSince(part);
            if (value != null) {
                since = Math.min(since, value);
            }
        }
        return since;
    }

    /** When the part began to wait (its WAITING_SINCE), or null when it carries no such mark that is a number. */
    private static Long waitingSince(final FlowFile part) {
        final String value = part.getAttribute(WAITING_SINCE);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (final NumberFormatException e) {
            // not our mark: the part waits as one come now
            return null;
        }
    }

    /**
     * Whether a queued FlowFile is a part still waiting for the others of its export: marked as waiting since a moment
     * less than Max Wait For Parts ago, of an export not reconciled yet. Such a part is left queued until a part of its
     * export comes (which takes it along) or its wait runs out.
     */
    private boolean waits(final FlowFile candidate, final long now, final ReconciledState reconciled) {
        final Long since = waitingSince(candidate);
        if (since == null || since > now || now - since >= maxWaitForPartsMillis) {
            return false;
        }
        final String identifier = candidate.getAttribute(FRAGMENT_IDENTIFIER);
        return identifier != null && reconciled.find(identifier) == null;
    }

    /** The FlowFile's fragment.count, or 0 when it has none that is a whole number. */
    private static int fragmentCount(final FlowFile flowFile) {
        final String count = flowFile.getAttribute(FRAGMENT_COUNT);
        try {
            return count == null ? 0 : Integer.parseInt(count.trim());
        } catch (final NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Routes the FlowFile, or every part of a split export, to failure untouched, with the reason (and no record value):
     * for a split export, the reason names the part whose reading failed, so that each part filed tells why it was not read.
     * The ERROR states the reason once, as record.error.message holds it, and logs no throwable: NiFi appends a throwable's
     * causes to the message of the bulletin, which then gave the reason twice (and the class names of the reader's
     * exceptions); the stack trace, of redacted messages, goes to the DEBUG log.
     */
    private void routeToFailure(final ProcessContext context, final ProcessSession session, final Export export, final FlowFile reading,
            final Throwable e) {
        final String reason = export.identifier() == null || reading == null ? SafeMessages.describe(e)
                : "Export " + export.identifier() + ": part " + reading.getAttribute(FRAGMENT_INDEX) + " could not be read"
                        + (export.parts().size() == 1 ? "" : ", so none of the " + export.parts().size() + " parts was reconciled") + ": "
                        + SafeMessages.describe(e);
        final List<FlowFile> routed = new ArrayList<>(export.parts().size());
        for (final FlowFile part : export.parts()) {
            routed.add(session.putAttribute(part, AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE, reason));
        }
        getLogger().error("{} could not be reconciled, and no report was written: {}. Routed to failure unchanged, the reason in {}{}",
                capitalized(described(export)), reason, AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE, filedAs(context, routed));
        getLogger().debug("Why {} could not be reconciled", described(export), SafeMessages.redacted(e));
        session.transfer(routed, REL_FAILURE);
    }

    /** Routes a part of a split export to failure unread, with the reason (an attribute's, no record value). */
    private void routeToFailure(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final String reason) {
        final FlowFile unmarked = flowFile.getAttribute(WAITING_SINCE) == null ? flowFile : session.removeAttribute(flowFile, WAITING_SINCE);
        final FlowFile routed = session.putAttribute(unmarked, AbstractCRMRecordProcessor.RECORD_ERROR_MESSAGE, reason);
        getLogger().error("{} went to failure unread: {}{}", capitalized(described(List.of(flowFile))), reason, filedAs(context, List.of(routed)));
        session.transfer(routed, REL_FAILURE);
    }

    /** "; filed as <where>" for the FlowFiles routed to failure, by Failure Filed As, or nothing when it is not set. */
    private static String filedAs(final ProcessContext context, final List<FlowFile> routed) {
        if (!context.getProperty(FAILURE_FILED_AS).isSet()) {
            return "";
        }
        final List<String> files = new ArrayList<>(routed.size());
        for (final FlowFile flowFile : routed) {
            files.add(context.getProperty(FAILURE_FILED_AS).evaluateAttributeExpressions(flowFile).getValue());
        }
        return "; filed as " + String.join(", ", files);
    }

    private static String described(final Export export) {
        return described(export.parts());
    }

    /**
     * The records of FlowFiles as an operator knows them, for a log line and its bulletin: their number (record.count,
     * as ExecuteSQLRecord writes it), the parts of a split export, and the run (crm.run.id), or the file name when the
     * FlowFile names no run, e.g. "the 46 record(s) read for run final-1" or "the records of part 1 of export 5f0c… read
     * from hubspot_contacts.json". NiFi's own "FlowFile[filename=…]" names a read a token triggered after the token, which
     * in the cutover is the name of the report no one will see.
     */
    private static String described(final List<FlowFile> flowFiles) {
        final FlowFile first = flowFiles.getFirst();
        final StringBuilder described = new StringBuilder("the ");
        long records = 0;
        for (final FlowFile flowFile : flowFiles) {
            final Long count = recordCount(flowFile);
            records = count == null || records < 0 ? -1 : records + count;
        }
        described.append(records < 0 ? "records" : records + " record(s)");
        final String identifier = first.getAttribute(FRAGMENT_IDENTIFIER);
        if (identifier != null) {
            final List<String> indexes = flowFiles.stream().map(part -> String.valueOf(part.getAttribute(FRAGMENT_INDEX))).toList();
            described.append(" of part").append(indexes.size() == 1 ? " " : "s ").append(String.join(", ", indexes)).append(" of export ")
                    .append(identifier);
        }
        final String run = first.getAttribute("crm.run.id");
        if (run != null && !run.isBlank()) {
            described.append(" read for run ").append(run);
        } else {
            described.append(" read from ").append(first.getAttribute(CoreAttributes.FILENAME.key()));
        }
        return described.toString();
    }

    /** The FlowFile's record.count, or null when it has none that is a whole number. */
    private static Long recordCount(final FlowFile flowFile) {
        final String count = flowFile.getAttribute("record.count");
        try {
            return count == null ? null : Long.valueOf(count.trim());
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    private static String capitalized(final String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** The run's counts from the FlowFile's attributes, or null when it carries no Records Read. */
    private static Conservation conservation(final ProcessContext context, final FlowFile flowFile) throws RecordProcessingException {
        final String read = context.getProperty(RECORDS_READ).evaluateAttributeExpressions(flowFile).getValue();
        if (read == null || read.isBlank()) {
            return null;
        }
        final String prefix = context.getProperty(OUTCOME_ATTRIBUTE_PREFIX).getValue();
        final Map<String, Long> outcomes = new TreeMap<>();
        for (final Map.Entry<String, String> attribute : flowFile.getAttributes().entrySet()) {
            final String name = attribute.getKey();
            if (name.startsWith(prefix) && name.endsWith(".count") && name.length() > prefix.length() + ".count".length()) {
                outcomes.put(name.substring(prefix.length(), name.length() - ".count".length()), wholeNumber(name, attribute.getValue()));
            }
        }
        return Conservation.of(wholeNumber(RECORDS_READ.getName(), read), outcomes);
    }

    private static long wholeNumber(final String name, final String value) throws RecordProcessingException {
        try {
            return Long.parseLong(value.trim());
        } catch (final NumberFormatException e) {
            // an attribute's count, not a record value: the reason may show it
            throw new RecordProcessingException(name + " is not a whole number: '" + value + "'");
        }
    }

    /** A system property's value for the FlowFile, trimmed; an empty one names no system, and the FlowFile goes to failure. */
    private static String system(final ProcessContext context, final PropertyDescriptor property, final FlowFile flowFile)
            throws RecordProcessingException {
        final String value = context.getProperty(property).evaluateAttributeExpressions(flowFile).getValue();
        if (value == null || value.isBlank()) {
            throw new RecordProcessingException("The " + property.getName() + " is empty for this FlowFile: set it, or the FlowFile attribute it "
                    + "refers to");
        }
        return value.trim();
    }

    /**
     * The record's link id and its top-level fields, canonical. A record in which a link path before any with a value
     * selects nothing by how it is written is routed to failure with the reason, and is {@link TargetRecord#unreadable}:
     * counted as failure, not as a record without an id, and its entity (as the paths written as the reason says name it)
     * not as missing in the target.
     */
    private TargetRecord targetRecord(final Record record, final FieldNames names, final long number, final RoutedRecordWriter failures)
            throws IOException {
        final String linkId;
        try {
            linkId = linkId(record, false);
        } catch (final UnselectablePathException e) {
            failures.fail(REL_FAILURE, errorsField, record, e.getMessage());
            return TargetRecord.unreadable(linkId(record, true), "record " + number + ": " + e.getMessage());
        }
        final List<RecordField> schemaFields = record.getSchema().getFields();
        final String[] normalized = names.of(record.getSchema());
        final Map<String, TargetRecord.NamedValue> fields = new HashMap<>();
        for (int field = 0; field < normalized.length; field++) {
            final RecordField recordField = schemaFields.get(field);
            fields.put(normalized[field], new TargetRecord.NamedValue(recordField.getFieldName(), FieldValues.canonical(record.getValue(recordField))));
        }
        return new TargetRecord(linkId, fields, deletedReader != null && SyncLayout.isTrue(deletedReader.read(record)));
    }

    /**
     * The first value at the link paths, or null: a target id by the rule of {@link SourceIds}, a golden id canonical.
     *
     * @param suggested whether each path that selects nothing by how it is written is read as its reason says to write it,
     *                  for the entity of a record that failed; else such a path throws
     * @throws UnselectablePathException when not suggested, and a link path before any with a value selects nothing by how
     *                                   it is written
     */
    private String linkId(final Record record, final boolean suggested) {
        for (final ChoiceAwareRecordPath path : linkPaths) {
            final List<FieldValue> values = !suggested ? path.selectOrExplain(record, linkProperty.getName())
                    : (path.suggested() == null ? path : path.suggested()).select(record);
            final Optional<FieldValue> selected = values.stream().filter(value -> value.getValue() != null).findFirst();
            if (selected.isPresent()) {
                // a target id by the rule the store keeps it by (no white space of any kind around it, a whole number a
                // reader typed as a double its digits, text as it is: 1.50 is not 1.5); a golden id by its canonical text
                final Object value = selected.get().getValue();
                return linkMode == Reconciler.LinkMode.TARGET_ID ? SourceIds.of(value) : FieldValues.canonical(value);
            }
        }
        return null;
    }

    /** The normalised field names of the schema read last: the records of one FlowFile nearly always share it. */
    private static final class FieldNames {
        private RecordSchema schema;
        private String[] normalized;

        private String[] of(final RecordSchema recordSchema) {
            if (recordSchema != schema) {
                final List<RecordField> fields = recordSchema.getFields();
                normalized = new String[fields.size()];
                for (int field = 0; field < normalized.length; field++) {
                    normalized[field] = FieldValues.normalizeName(fields.get(field).getFieldName());
                }
                schema = recordSchema;
            }
            return normalized;
        }
    }

    private Record toRecord(final ReconciliationReport report, final boolean consistent, final Export export, final String runId) {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("run_id", runId);
        values.put("source_system", report.sourceSystem());
        values.put("target_system", report.targetSystem());
        values.put("generated", getClock().instant().toString());
        values.put("consistent", consistent);
        values.put("target_records", report.targetRecords());
        final Map<String, Object> outcomes = new LinkedHashMap<>();
        for (final RecordOutcome outcome : RecordOutcome.values()) {
            outcomes.put(outcome.key(), report.count(outcome));
        }
        values.put("outcomes", outcomes);
        values.put("duplicates_in_target", report.duplicatesInTarget());
        values.put("missing_in_target", report.missingInTarget());
        values.put("deleted_in_target", report.deletedInTarget());
        values.put("never_written", report.neverWritten());
        final SystemCoverage coverage = report.coverage();
        final Map<String, Object> store = new HashMap<>();
        store.put("source_records", coverage.firstMembers());
        // a store that holds no record of the target does not count it: null, not a 0 read as "the target is empty"
        if (report.targetKnownToStore()) {
            store.put("target_records", coverage.secondMembers());
            store.put("entities_in_both", coverage.inBoth());
            store.put("entities_only_in_source", coverage.onlyInFirst());
            store.put("entities_only_in_target", coverage.onlyInSecond());
        }
        values.put("store", new MapRecord(STORE_SCHEMA, store));
        final Conservation conservation = report.conservation();
        values.put("conservation", conservation == null ? null : new MapRecord(CONSERVATION_SCHEMA, Map.of("records_read", conservation.read(),
                "outcomes", new LinkedHashMap<String, Object>(conservation.outcomes()), "accounted", conservation.accounted(),
                "balanced", conservation.balanced(), "equation", conservation.equation())));
        final List<Object> findings = new ArrayList<>();
        for (final Finding finding : report.findings()) {
            final List<Object> differences = new ArrayList<>();
            for (final FieldDifference difference : finding.differences()) {
                final Map<String, Object> fields = new HashMap<>();
                fields.put("field", difference.field());
                fields.put("target_checksum", difference.targetChecksum());
                fields.put("expected_checksum", difference.expectedChecksum());
                fields.put("compared_with", difference.comparedWith());
                fields.put("hint", difference.hint());
                differences.add(new MapRecord(DIFFERENCE_SCHEMA, fields));
            }
            final Map<String, Object> fields = new HashMap<>();
            fields.put("kind", finding.outcome());
            fields.put("target_id", finding.targetId());
            fields.put("golden_id", finding.goldenId());
            fields.put("source_id", finding.sourceId());
            fields.put("fields", differences.toArray());
            fields.put("reason", finding.reason());
            findings.add(new MapRecord(FINDING_SCHEMA, fields));
        }
        values.put("findings", findings.toArray());
        if (export.sorted() == null && export.identifier() != null) {
            final Map<String, Object> parts = new HashMap<>();
            parts.put("export", export.identifier());
            final String index = export.parts().getFirst().getAttribute(FRAGMENT_INDEX).trim();
            parts.put("read", index.chars().allMatch(Character::isDigit) && !index.isEmpty() && index.length() < 10
                    ? new Object[] {Integer.parseInt(index)} : new Object[0]);
            parts.put("missing", new Object[0]);
            parts.put("complete", false);
            parts.put("reason", export.reason());
            values.put("parts", new MapRecord(PARTS_SCHEMA, parts));
        }
        if (export.sorted() != null) {
            final Map<String, Object> parts = new HashMap<>();
            parts.put("export", export.identifier());
            parts.put("expected", export.sorted().expected());
            parts.put("read", export.sorted().read().toArray());
            parts.put("missing", export.sorted().missing().toArray());
            parts.put("complete", export.sorted().complete());
            parts.put("reason", export.reason());
            values.put("parts", new MapRecord(PARTS_SCHEMA, parts));
        }
        return new MapRecord(REPORT_SCHEMA, values);
    }

    private static Map<String, String> reportAttributes(final ReconciliationReport report, final boolean consistent, final Export export) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(ATTRIBUTE_PREFIX + "consistent", String.valueOf(consistent));
        if (export.identifier() != null) {
            attributes.put(ATTRIBUTE_PREFIX + "complete", String.valueOf(export.complete()));
        }
        for (final RecordOutcome outcome : RecordOutcome.values()) {
            attributes.put(ATTRIBUTE_PREFIX + outcome.key() + ".count", String.valueOf(report.count(outcome)));
        }
        attributes.put(ATTRIBUTE_PREFIX + "missing_in_target.count", String.valueOf(report.missingInTarget()));
        if (report.conservation() != null) {
            attributes.put(ATTRIBUTE_PREFIX + "balanced", String.valueOf(report.conservation().balanced()));
        }
        return attributes;
    }
}
