package dev.nificrm.services;

import dev.nificrm.store.EntityStore;
import dev.nificrm.store.EntityStoreException;
import dev.nificrm.store.GoldenIds;
import dev.nificrm.store.HistoryEvent;
import dev.nificrm.store.SourceIds;
import dev.nificrm.store.SourceKey;
import dev.nificrm.store.StoreInspection;
import dev.nificrm.store.StoredMember;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.lookup.LookupFailureException;
import org.apache.nifi.lookup.RecordLookupService;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What both entity store services share: holding the open store between enable and disable, serving the
 * cross-reference as a {@link RecordLookupService}, so NiFi's LookupRecord can enrich any record with its golden id
 * and its ids in the other systems (coordinates {@code system} and {@code source_id}), or audit a customer by its golden
 * id (coordinate {@code golden_id}: the customer's ids and its history, why its records were linked and merged), and
 * NiFi's "Verify": what enabling the store will find and do, checked without opening it ({@link StoreInspection}).
 */
public abstract class AbstractEntityStoreService extends AbstractControllerService
        implements EntityStoreService, RecordLookupService, VerifiableControllerService {
    /** The lookup coordinate naming the source system. */
    public static final String SYSTEM_KEY = "system";
    /** The lookup coordinate holding the record's id in the source system. */
    public static final String SOURCE_ID_KEY = "source_id";
    /** The field of a looked-up record holding the golden id. */
    public static final String GOLDEN_ID_FIELD = "golden_id";
    /** The field of a looked-up record holding, per system, the entity's oldest id there. */
    public static final String CROSS_REFERENCE_FIELD = "crm_xref";
    /** The lookup coordinate holding a golden id, for an audit of the customer: its ids and its history. */
    public static final String GOLDEN_ID_KEY = "golden_id";
    /** The field of a record looked up by golden id holding the customer's history, oldest first. */
    public static final String HISTORY_FIELD = "crm_history";

    private static final RecordField GOLDEN_ID = new RecordField(GOLDEN_ID_FIELD, RecordFieldType.STRING.getDataType());
    private static final RecordField CROSS_REFERENCES = new RecordField(CROSS_REFERENCE_FIELD,
            RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType()));
    private static final RecordSchema LOOKUP_SCHEMA = new SimpleRecordSchema(List.of(GOLDEN_ID, CROSS_REFERENCES));
    private static final RecordSchema EVENT_SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("occurred_at", RecordFieldType.STRING.getDataType()),
            new RecordField("kind", RecordFieldType.STRING.getDataType()),
            new RecordField("golden_id", RecordFieldType.STRING.getDataType()),
            new RecordField("other_golden_id", RecordFieldType.STRING.getDataType()),
            new RecordField("source_system", RecordFieldType.STRING.getDataType()),
            new RecordField("source_id", RecordFieldType.STRING.getDataType()),
            new RecordField("score", RecordFieldType.DOUBLE.getDataType()),
            new RecordField("explanation", RecordFieldType.STRING.getDataType())));
    private static final RecordSchema AUDIT_SCHEMA = new SimpleRecordSchema(List.of(GOLDEN_ID, CROSS_REFERENCES,
            new RecordField(HISTORY_FIELD, RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.RECORD.getRecordDataType(EVENT_SCHEMA)))));

    private volatile EntityStore store;

    /** Sets the store opened on enable; a key index found damaged when it opened (and built again) is logged, with the reason. */
    protected final void setEntityStore(final EntityStore opened) {
        opened.keyIndexDamage().ifPresent(damage -> getLogger().warn("The key index of {} was closed cleanly but {}: it was built again from "
                + "the store's database, which holds every key", opened.describe(), damage));
        this.store = opened;
    }

    @Override
    public EntityStore getEntityStore() {
        final EntityStore open = store;
        if (open == null) {
            throw new EntityStoreException("The entity store service " + getIdentifier() + " is not enabled");
        }
        return open;
    }

    /** Checks the configuration without opening the store (the service is disabled while NiFi verifies it). */
    protected abstract List<StoreInspection.Check> inspect(ConfigurationContext context);

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        return inspect(context).stream().map(check -> new ConfigVerificationResult.Builder()
                .verificationStepName(check.step())
                .outcome(switch (check.outcome()) {
                    case PASSED -> ConfigVerificationResult.Outcome.SUCCESSFUL;
                    case FAILED -> ConfigVerificationResult.Outcome.FAILED;
                    case SKIPPED -> ConfigVerificationResult.Outcome.SKIPPED;
                })
                .explanation(check.explanation())
                .build()).toList();
    }

    @OnDisabled
    public void closeStore() {
        final EntityStore open = store;
        store = null;
        if (open != null) {
            open.close();
        }
    }

    /**
     * By {@code system} and {@code source_id}: the source record's golden id and the customer's ids in every system. By
     * {@code golden_id} (of a live customer, or one merged into another: the one it went to answers; in capitals or braces
     * too): the same, and the customer's history. A source id is read by the rule of {@link SourceIds}: without white space of any kind around it, a whole number typed as a floating-point or decimal number its digits, text as it is.
     * Nothing for a coordinate the database cannot hold; a LookupFailureException when the store cannot be read. Nothing when a coordinate is empty, or the store does not know the record or the customer.
     */
    @Override
    public Optional<Record> lookup(final Map<String, Object> coordinates) throws LookupFailureException {
        final boolean bySource = coordinates.containsKey(SYSTEM_KEY) && coordinates.containsKey(SOURCE_ID_KEY);
        if (!coordinates.containsKey(GOLDEN_ID_KEY) && !bySource) {
            throw new LookupFailureException("Look up by the coordinates " + SYSTEM_KEY + " and " + SOURCE_ID_KEY + ", or by " + GOLDEN_ID_KEY
                    + " (LookupRecord's dynamic properties name them), not by " + coordinates.keySet());
        }
        // a golden id in capitals or braces (as SQL Server or Dynamics 365 give it back) names the customer all the same
        final String goldenId = GoldenIds.canonical(coordinate(coordinates, GOLDEN_ID_KEY));
        final String system = coordinate(coordinates, SYSTEM_KEY);
        final String sourceId = SourceIds.of(coordinates.get(SOURCE_ID_KEY));
        try {
            final EntityStore open = getEntityStore();
            if (coordinates.containsKey(GOLDEN_ID_KEY)) {
                if (goldenId == null) {
                    return Optional.empty();
                }
                final Optional<String> live = open.currentGoldenId(goldenId);
                if (live.isEmpty()) {
                    return Optional.empty();
                }
                final Map<String, Object> values = identity(open, live.get());
                values.put(HISTORY_FIELD, open.history(live.get()).stream().map(AbstractEntityStoreService::eventRecord).toArray());
                return Optional.of(new MapRecord(AUDIT_SCHEMA, values));
            }
            if (system == null || sourceId == null) {
                return Optional.empty();
            }
            final SourceKey key = new SourceKey(system, sourceId);
            final StoredMember member = open.findMembers(List.of(key), List.of()).get(key);
            return member == null ? Optional.empty() : Optional.of(new MapRecord(LOOKUP_SCHEMA, identity(open, member.goldenId())));
        } catch (final EntityStoreException e) {
            if (e.refusesData()) {
                // a value the database cannot hold (PostgreSQL: a NUL character) names nothing it holds: the record is
                // unmatched, not its whole FlowFile failed (LookupRecord fails the FlowFile on a LookupFailureException)
                return Optional.empty();
            }
            throw new LookupFailureException(e.getMessage(), e);
        }
    }

    /** A coordinate's value, trimmed; null when it is missing or blank. */
    private static String coordinate(final Map<String, Object> coordinates, final String key) {
        final Object value = coordinates.get(key);
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    private static Map<String, Object> identity(final EntityStore open, final String goldenId) {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put(GOLDEN_ID_FIELD, goldenId);
        values.put(CROSS_REFERENCE_FIELD, new LinkedHashMap<String, Object>(open.crossReferences(List.of(goldenId)).getOrDefault(goldenId, Map.of())));
        return values;
    }

    private static Record eventRecord(final HistoryEvent event) {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("occurred_at", event.occurredAt() == null ? null : event.occurredAt().toString());
        values.put("kind", event.kind().key());
        values.put("golden_id", event.goldenId());
        values.put("other_golden_id", event.otherGoldenId());
        values.put("source_system", event.source() == null ? null : event.source().system());
        values.put("source_id", event.source() == null ? null : event.source().sourceId());
        values.put("score", event.score());
        values.put("explanation", event.explanation());
        return new MapRecord(EVENT_SCHEMA, values);
    }

    /**
     * None: LookupRecord names either {@code system} and {@code source_id}, or {@code golden_id}; a lookup that names
     * neither fails with the reason (the record goes to LookupRecord's failure). A record whose coordinates are empty
     * finds nothing (LookupRecord's unmatched).
     */
    @Override
    public Set<String> getRequiredKeys() {
        return Set.of();
    }
}
