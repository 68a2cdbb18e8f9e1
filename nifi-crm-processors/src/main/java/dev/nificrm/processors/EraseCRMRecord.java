package dev.nificrm.processors;

import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.record.ChoiceAwareRecordPath;
import dev.nificrm.record.RecordPathList;
import dev.nificrm.record.RecordProcessingException;
import dev.nificrm.record.RecordSource;
import dev.nificrm.record.RetryableException;
import dev.nificrm.record.RoutedRecordWriter;
import dev.nificrm.record.SafeMessages;
import dev.nificrm.record.UnselectablePathException;
import dev.nificrm.services.EntityStoreService;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.EntityStoreException;
import dev.nificrm.store.Erasure;
import dev.nificrm.store.GoldenIds;
import dev.nificrm.store.SourceIds;
import dev.nificrm.store.SourceKey;
import dev.nificrm.store.StoreConflictException;
import dev.nificrm.store.StoredMember;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SupportsBatching;
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
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Erases customers from the Entity Store on request: the NiFi adapter of {@link EntityStore#erase}. Each record names a
 * customer by its golden id, or by a source record's system and id; the customers named are erased in one change that
 * commits with the NiFi session.
 */
@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"crm", "record", "erase", "erasure", "right to be forgotten", "gdpr", "personal data", "delete", "entity store", "golden record"})
@CapabilityDescription("Erases customers from the Entity Store on request (a person's right to erasure). Each record names a customer by its "
        + "golden id (Golden ID Field) or by one of its source records (Source System and Source ID Field); the customer, and every "
        + "customer merged into it, loses its source records with their comparison keys, its sync snapshots, the source ids in its "
        + "history and the decisions that kept it apart from others, and its values are no longer counted in the term frequencies. "
        + "Its golden id stays, never reused, with an 'erased' event. "
        + "Nothing is erased unless the NiFi session commits. Erase the person in every connected CRM too: a record of them that "
        + "arrives later is a new customer.")
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "The number of records in the outgoing FlowFile"),
        @WritesAttribute(attribute = "mime.type", description = "The MIME type of the Record Writer"),
        @WritesAttribute(attribute = "crm.erase.erased.count", description = "Records whose customer was erased"),
        @WritesAttribute(attribute = "crm.erase.unknown.count", description = "Records naming a customer the store does not know"),
        @WritesAttribute(attribute = "crm.erase.failure.count", description = "Records naming no customer (no golden id, no source id)"),
        @WritesAttribute(attribute = "crm.erase.customer.count", description = "The distinct customers erased"),
        @WritesAttribute(attribute = "record.error.message", description = "On failure of the whole FlowFile, why")
})
@SeeAlso(classNames = {"dev.nificrm.processors.MatchCRMRecord", "dev.nificrm.services.EmbeddedEntityStore",
        "dev.nificrm.services.PostgreSQLEntityStore"})
@UseCase(
        description = "Erase a customer who asked to be forgotten from the entity store of a CRM migration or sync.",
        keywords = {"right to be forgotten", "gdpr", "erasure request", "delete customer", "personal data"},
        configuration = """
                Put the erasure requests in records: the customer's golden id (crm_match_id, as MatchCRMRecord wrote it)
                or the id of one of their records in a CRM, e.g. {"system": "salesforce", "Id": "003A01"}.
                Set "Entity Store" to the service MatchCRMRecord uses, and "Golden ID Field" (/crm_match_id), or
                "Source System" (${crm.source.system} or salesforce) and "Source ID Field" (/Id).
                Connect "erased" to an audit log (crm_erasure says what was removed), "unknown" to a person (the store
                knows no such customer: check the id), and "failure" to a person.
                Erase the person in every connected CRM as well, before the next sync reads them again.
                """)
public class EraseCRMRecord extends AbstractCRMRecordProcessor {

    public static final PropertyDescriptor ENTITY_STORE = new PropertyDescriptor.Builder()
            .name("Entity Store")
            .description("The entity store to erase the customers from: the service MatchCRMRecord and MergeCRMRecord use")
            .required(true)
            .identifiesControllerService(EntityStoreService.class)
            .build();

    public static final PropertyDescriptor GOLDEN_ID_FIELD = new PropertyDescriptor.Builder()
            .name("Golden ID Field")
            .description("A RecordPath to the customer's golden id, e.g. /crm_match_id (several, comma-separated: the first with a value). "
                    + "A golden id merged into another erases the customer it went to. A path selecting a list (/golden_ids, or "
                    + "/golden_ids[*]) names every golden id in it. A record without one is looked up by its Source ID.")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .build();

    public static final PropertyDescriptor SOURCE_SYSTEM = new PropertyDescriptor.Builder()
            .name("Source System")
            .description("The system whose record ids the Source ID Field holds, e.g. salesforce or ${crm.source.system} (the names "
                    + "MatchCRMRecord uses)")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor SOURCE_ID_FIELD = new PropertyDescriptor.Builder()
            .name("Source ID Field")
            .description("A RecordPath to the id of one of the customer's records in the Source System, e.g. /Id: the customer it belongs "
                    + "to is erased, with its records in every system. A path selecting a list (/ids, or /ids[*]) names every id in it")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .dependsOn(SOURCE_SYSTEM)
            .build();

    public static final PropertyDescriptor ERASURE_FIELD = new PropertyDescriptor.Builder()
            .name("Erasure Field")
            .description("The field added to every record: what was erased (\"erased customer <golden id>: 2 source records, 1 sync "
                    + "snapshots\"), or why nothing was")
            .required(true)
            .defaultValue("crm_erasure")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor KEY_LOG_COMPACTION = new PropertyDescriptor.Builder()
            .name("Key Log Compaction")
            .description("When the key log, which names by 64-bit hash the blocks and counted values every stored record joined, left and "
                    + "added to (the erasure's own row included), is compacted after an erasure: a hash of low-entropy values (a surname and "
                    + "a birth year) can be found again by trying them, so it is personal data. At Every Erasure compacts it once per "
                    + "FlowFile, when its erasure commits, however many customers it names")
            .required(true)
            .allowableValues(KeyLogCompactionOption.class)
            .defaultValue(KeyLogCompactionOption.AT_EVERY_ERASURE)
            .build();

    public static final Relationship REL_ERASED = new Relationship.Builder()
            .name("erased")
            .description("Records whose customer was erased (once the session commits), with what was removed in the Erasure Field")
            .build();

    public static final Relationship REL_UNKNOWN = new Relationship.Builder()
            .name("unknown")
            .description("Records naming a golden id or source record the Entity Store does not know (never stored, or a source record "
                    + "erased before; a golden id erased before is known, and goes to erased again)")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(RECORD_READER, RECORD_WRITER, ENTITY_STORE, GOLDEN_ID_FIELD,
            SOURCE_SYSTEM, SOURCE_ID_FIELD, ERASURE_FIELD, KEY_LOG_COMPACTION, NEUTRALIZE_SPREADSHEET_FORMULAS);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_ERASED, REL_UNKNOWN, REL_FAILURE);
    private static final List<String> COUNTER_NAMES = List.of("erased", "unknown", "failure");
    /** How often the source records named are looked up again when they moved to another customer while being erased. */
    private static final int MAXIMUM_ATTEMPTS = 3;

    private volatile List<ChoiceAwareRecordPath> goldenIdPaths;
    private volatile List<ChoiceAwareRecordPath> sourceIdPaths;
    private volatile RecordField erasureField;
    private volatile boolean compactKeyLog;
    /**
     * Whether a compaction after a committed erasure failed: the key log still names the erased records' keys by hash, and
     * the next FlowFile's commit compacts it, whatever it erases.
     */
    private final AtomicBoolean compactionOwed = new AtomicBoolean();

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final boolean byGoldenId = context.getProperty(GOLDEN_ID_FIELD).isSet();
        final boolean bySource = context.getProperty(SOURCE_SYSTEM).isSet() && context.getProperty(SOURCE_ID_FIELD).isSet();
        if (byGoldenId || bySource) {
            return List.of();
        }
        return List.of(new ValidationResult.Builder().subject("Customers to erase").valid(false)
                .explanation("set Golden ID Field (e.g. /crm_match_id), or Source System and Source ID Field (e.g. salesforce and /Id), "
                        + "so that each record names a customer")
                .build());
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        goldenIdPaths = context.getProperty(GOLDEN_ID_FIELD).isSet() ? RecordPathList.compile(context.getProperty(GOLDEN_ID_FIELD).getValue()) : List.of();
        // the Source ID Field is read only with its Source System (it depends on it)
        sourceIdPaths = context.getProperty(SOURCE_SYSTEM).isSet() && context.getProperty(SOURCE_ID_FIELD).isSet()
                ? RecordPathList.compile(context.getProperty(SOURCE_ID_FIELD).getValue()) : List.of();
        erasureField = new RecordField(context.getProperty(ERASURE_FIELD).getValue(), RecordFieldType.STRING.getDataType(), true);
        compactKeyLog = context.getProperty(KEY_LOG_COMPACTION).asAllowableValue(KeyLogCompactionOption.class) == KeyLogCompactionOption.AT_EVERY_ERASURE;
    }

    @Override
    protected long processRecords(final ProcessContext context, final RecordSource source, final RoutedRecordWriter output)
            throws IOException, MalformedRecordException, SchemaNotFoundException, RecordProcessingException {
        final String system = context.getProperty(SOURCE_SYSTEM).isSet()
                ? context.getProperty(SOURCE_SYSTEM).evaluateAttributeExpressions(source.getFlowFile()).getValue() : null;
        final boolean bySource = system != null && !system.isBlank() && !sourceIdPaths.isEmpty();
        // per record, the golden ids it names, or the source records it names (a path may select a list of ids; none: an
        // empty list); or why a path selects nothing in it by how it is written
        final List<List<String>> goldenIds = new ArrayList<>();
        final List<List<SourceKey>> sources = new ArrayList<>();
        final Map<Integer, String> unreadable = new HashMap<>();
        final long count = source.forEach((position, record) -> {
            List<String> named = List.of();
            List<String> sourceIds = List.of();
            try {
                // a golden id in capitals or in braces ({...}, as Dynamics 365 writes GUIDs) names the customer all the same
                named = idsOf(goldenIdPaths, record, GOLDEN_ID_FIELD, EraseCRMRecord::goldenId);
                // each id read by the rule MatchCRMRecord stored it by (SourceIds): no white space around it (a no-break space
                // of an Excel export neither), a whole number a reader typed as a double (3.000778191E9) its digits, text as it is
                sourceIds = named.isEmpty() && bySource ? idsOf(sourceIdPaths, record, SOURCE_ID_FIELD, SourceIds::of) : List.of();
            } catch (final UnselectablePathException e) {
                // not a request naming no customer: the path cannot read it; nothing is erased for it
                unreadable.put((int) position, e.getMessage());
            }
            goldenIds.add(named);
            sources.add(sourceIds.stream().map(sourceId -> new SourceKey(system.trim(), sourceId)).toList());
        });
        if (count == 0) {
            return 0;
        }

        final EntityStore store = context.getProperty(ENTITY_STORE).asControllerService(EntityStoreService.class).getEntityStore();
        final Looked looked;
        try {
            looked = erase(store, goldenIds, sources);
        } catch (final EntityStoreException | StoreConflictException e) {
            throw new RetryableException(e.getMessage(), e);
        }
        final Erasure erasure = looked.erasure();
        final Map<SourceKey, StoredMember> members = looked.members();
        final boolean compacts = compactKeyLog && !erasure.erased().isEmpty() || compactionOwed.get();
        final FlowFile flowFile = source.getFlowFile();
        output.onSessionCommit(() -> commit(store, erasure, compacts, flowFile), erasure.pendingWrite()::rollback);

        final Set<String> erasedCustomers = new HashSet<>();
        final long routed = source.forEach((position, record) -> {
            final int number = (int) position;
            final List<String> erasedHere = new ArrayList<>();
            for (final String goldenId : goldenIdsOf(number, goldenIds, sources, members)) {
                final Erasure.Customer customer = erasure.erased().get(goldenId);
                if (customer != null) {
                    erasedCustomers.add(customer.goldenId());
                    erasedHere.add("erased customer " + customer.goldenId() + (customer.goldenId().equals(goldenId) ? ""
                            : " (into which " + goldenId + " was merged)") + ": " + customer.sourceRecords() + " source records, "
                            + customer.snapshots() + " sync snapshots");
                }
            }
            final String unknown = goldenIds.get(number).isEmpty() ? unknownSources(sources.get(number), members)
                    : unknownGoldenIds(goldenIds.get(number), erasure);
            final Relationship relationship;
            if (!erasedHere.isEmpty()) {
                // a list of ids may name a customer or record the store does not know beside those it erased: said after them
                record.setValue(erasureField, String.join("; ", erasedHere) + (unknown == null ? "" : "; " + unknown));
                relationship = REL_ERASED;
            } else if (unreadable.containsKey(number)) {
                record.setValue(erasureField, unreadable.get(number));
                relationship = REL_FAILURE;
            } else if (unknown != null) {
                record.setValue(erasureField, unknown);
                relationship = REL_UNKNOWN;
            } else {
                record.setValue(erasureField, bySource ? "the record has no golden id and no source id: it names no customer"
                        : goldenIdPaths.isEmpty() ? "the Source System is empty for this FlowFile: set it, or the attribute it refers to"
                        : "the record has no golden id: it names no customer");
                relationship = REL_FAILURE;
            }
            output.write(relationship, record);
            output.increment(relationship.getName());
        });
        if (routed != count) {
            throw new RecordProcessingException("The FlowFile held " + count + " records on the first read and " + routed + " on the second");
        }
        output.putAttribute(getCounterAttributePrefix() + "customer.count", String.valueOf(erasedCustomers.size()));
        return count;
    }

    /**
     * Commits the erasure once the session has, then compacts the key log. The compaction comes after the erasure's commit in
     * a turn of its own, so its failure leaves the customers erased and the FlowFile rightly in erased: it is logged as what
     * it is (not as an erasure to make again), and the next FlowFile's commit compacts the log. An erasure that cannot be
     * committed throws, and the records' routing is then untrue (the processor base says to replay the FlowFile).
     */
    private void commit(final EntityStore store, final Erasure erasure, final boolean compacts, final FlowFile flowFile) {
        erasure.pendingWrite().commit();
        if (!erasure.filesCleared().isDone()) {
            // another FlowFile's write (or a read) open on the embedded store keeps its write-ahead log, which may still hold
            // earlier versions of the erased rows: the store empties it as soon as that ends, without holding this task
            getLogger().warn("{} erased its customers and the erasure is committed, but the write-ahead log of {} (the -wal file beside the "
                    + "database) may still hold earlier versions of their rows: a transaction open on the store (another FlowFile's write "
                    + "until its session commits, or a read) keeps it from being emptied. It is emptied as soon as that ends, and this is "
                    + "logged; a copy of the files taken meanwhile holds them", flowFile, store.describe());
            erasure.filesCleared().thenRun(() -> getLogger().info("The write-ahead log of {} was emptied after the erasure of {}: it holds "
                    + "none of the erased rows any more", store.describe(), flowFile));
        }
        if (!compacts) {
            return;
        }
        try {
            store.compactKeyLog(false);
            if (compactionOwed.compareAndSet(true, false)) {
                getLogger().info("Compacted the key log of {} that an earlier erasure left uncompacted: it no longer names the erased records' "
                        + "keys", store.describe());
            }
        } catch (final EntityStoreException e) {
            compactionOwed.set(true);
            final long customers = erasure.erased().values().stream().map(Erasure.Customer::goldenId).distinct().count();
            getLogger().error("{} erased {} customers and the erasure is committed: the records stay routed as they are and need no replay. "
                    + "The key log of {} could not be compacted after it, so it still names the keys of their records by hash (a surname and "
                    + "birth year can be found by trying) until it is compacted: the next FlowFile this processor takes compacts it, "
                    + "whatever it erases (or MatchCRMRecord when the log is due): {}", flowFile, customers, store.describe(),
                    SafeMessages.describe(e), SafeMessages.redacted(e));
        }
    }

    /** An erasure, pending, and the stored records the source ids named were found to be just before it. */
    private record Looked(Erasure erasure, Map<SourceKey, StoredMember> members) {
    }

    /**
     * Looks up the customers the records name and erases them. The source records are looked up before the erasure takes
     * the writers' turn: one still there once it holds the turn belongs to a customer it leaves (a review moved it to
     * another customer meanwhile, or it was stored since), and the erasure is rolled back and made again from a fresh
     * look-up.
     */
    private static Looked erase(final EntityStore store, final List<List<String>> goldenIds, final List<List<SourceKey>> sources)
            throws StoreConflictException {
        final Set<SourceKey> named = new LinkedHashSet<>();
        sources.forEach(named::addAll);
        for (int attempt = 1; ; attempt++) {
            final Map<SourceKey, StoredMember> members = named.isEmpty() ? Map.of() : store.findMembers(named, List.of());
            final Set<String> customers = new LinkedHashSet<>();
            for (int record = 0; record < goldenIds.size(); record++) {
                customers.addAll(goldenIdsOf(record, goldenIds, sources, members));
            }
            // the key log is compacted after the commit by this processor, which can tell its failure from the erasure's
            final Erasure erasure = store.erase(customers, false);
            if (named.isEmpty() || erasure.pendingWrite().findMembers(named, List.of()).isEmpty()) {
                return new Looked(erasure, members);
            }
            erasure.pendingWrite().rollback();
            if (attempt == MAXIMUM_ATTEMPTS) {
                throw new StoreConflictException("The source records named moved to other customers while they were erased, " + MAXIMUM_ATTEMPTS + " times");
            }
        }
    }

    /**
     * The golden ids a record names: its own, or those of the stored records its source ids name, each once, in the order
     * named (none when it names nobody the store knows).
     */
    private static List<String> goldenIdsOf(final int record, final List<List<String>> goldenIds, final List<List<SourceKey>> sources,
                                            final Map<SourceKey, StoredMember> members) {
        if (!goldenIds.get(record).isEmpty()) {
            return goldenIds.get(record);
        }
        final Set<String> named = new LinkedHashSet<>();
        for (final SourceKey key : sources.get(record)) {
            final StoredMember member = members.get(key);
            if (member != null) {
                named.add(member.goldenId());
            }
        }
        return List.copyOf(named);
    }

    /**
     * What the store does not know of the golden ids a record names ("the Entity Store knows no customer with the golden
     * id ...", several comma-separated), or null when it erased them all.
     */
    private static String unknownGoldenIds(final List<String> goldenIds, final Erasure erasure) {
        final List<String> unknown = goldenIds.stream().filter(goldenId -> erasure.erased().get(goldenId) == null).toList();
        return unknown.isEmpty() ? null : "the Entity Store knows no customer with the golden id " + String.join(", ", unknown);
    }

    /**
     * What the store does not know of the source ids a record names ("the Entity Store knows no record 904 of hubspot",
     * several comma-separated), or null when it knows them all. Each is named by the id it was looked up under: a
     * number's digits rather than the text a reader gave it.
     */
    private static String unknownSources(final List<SourceKey> sources, final Map<SourceKey, StoredMember> members) {
        final Set<String> unknown = new LinkedHashSet<>();
        String system = null;
        for (final SourceKey key : sources) {
            if (members.get(key) == null) {
                unknown.add(key.sourceId());
                system = key.system();
            }
        }
        return unknown.isEmpty() ? null : "the Entity Store knows no record " + String.join(", ", unknown) + " of " + system;
    }

    /**
     * The ids a record names at the first of the paths with one, each read by {@code read} (null: no id) and named once:
     * every value the path selects, and every element of a list among them (/ids selecting a field that holds
     * ["903", "904"] names both, as /ids[*] does), never a list's Java text. Empty when none has a value.
     *
     * @throws UnselectablePathException naming the property, when a path before any with a value selects nothing by how it
     *                                   is written
     */
    private static List<String> idsOf(final List<ChoiceAwareRecordPath> paths, final Record record, final PropertyDescriptor property,
                                      final Function<Object, String> read) {
        for (final ChoiceAwareRecordPath path : paths) {
            final Set<String> ids = new LinkedHashSet<>();
            for (final FieldValue selected : path.selectOrExplain(record, property.getName())) {
                addIds(selected.getValue(), read, ids);
            }
            if (!ids.isEmpty()) {
                return List.copyOf(ids);
            }
        }
        return List.of();
    }

    private static void addIds(final Object value, final Function<Object, String> read, final Set<String> ids) {
        switch (value) {
            case Object[] elements -> {
                for (final Object element : elements) {
                    addIds(element, read, ids);
                }
            }
            case Collection<?> elements -> elements.forEach(element -> addIds(element, read, ids));
            case null -> {
            }
            case Record nested -> {
                // a record is no id (its text would be Java's): a path to its id field names it
            }
            default -> {
                final String id = read.apply(value);
                if (id != null) {
                    ids.add(id);
                }
            }
        }
    }

    /** A golden id as the store keeps it (a lower-case UUID, from capitals or braces too), or null when blank. */
    private static String goldenId(final Object value) {
        final String text = value.toString();
        return text.isBlank() ? null : GoldenIds.canonical(text.trim());
    }

    @Override
    protected Relationship getEmptyInputRelationship() {
        return REL_ERASED;
    }

    @Override
    protected String getCounterAttributePrefix() {
        return "crm.erase.";
    }

    @Override
    protected List<String> getCounterNames() {
        return COUNTER_NAMES;
    }
}
