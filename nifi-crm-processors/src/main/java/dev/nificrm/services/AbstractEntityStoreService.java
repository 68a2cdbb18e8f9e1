package dev.nificrm.services;

import dev.nificrm.store.EntityStore;
import dev.nificrm.store.EntityStoreException;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What both entity store services share: holding the open store between enable and disable, serving the
 * cross-reference as a {@link RecordLookupService}, so NiFi's LookupRecord can enrich any record with its golden id
 * and its ids in the other systems (coordinates {@code system} and {@code source_id}), and NiFi's "Verify": what
 * enabling the store will find and do, checked without opening it ({@link StoreInspection}).
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

    private static final RecordSchema LOOKUP_SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField(GOLDEN_ID_FIELD, RecordFieldType.STRING.getDataType()),
            new RecordField(CROSS_REFERENCE_FIELD, RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType()))));

    private volatile EntityStore store;

    /** Sets the store opened on enable. */
    protected final void setEntityStore(final EntityStore opened) {
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

    @Override
    public Optional<Record> lookup(final Map<String, Object> coordinates) throws LookupFailureException {
        final Object system = coordinates.get(SYSTEM_KEY);
        final Object sourceId = coordinates.get(SOURCE_ID_KEY);
        if (system == null || sourceId == null || system.toString().isBlank() || sourceId.toString().isBlank()) {
            return Optional.empty();
        }
        final SourceKey key = new SourceKey(system.toString().trim(), sourceId.toString().trim());
        try {
            final EntityStore open = getEntityStore();
            final StoredMember member = open.findMembers(List.of(key), List.of()).get(key);
            if (member == null) {
                return Optional.empty();
            }
            final Map<String, Object> values = new LinkedHashMap<>();
            values.put(GOLDEN_ID_FIELD, member.goldenId());
            values.put(CROSS_REFERENCE_FIELD, new LinkedHashMap<String, Object>(
                    open.crossReferences(List.of(member.goldenId())).getOrDefault(member.goldenId(), Map.of())));
            return Optional.of(new MapRecord(LOOKUP_SCHEMA, values));
        } catch (final EntityStoreException e) {
            throw new LookupFailureException(e.getMessage(), e);
        }
    }

    @Override
    public Set<String> getRequiredKeys() {
        return Set.of(SYSTEM_KEY, SOURCE_ID_KEY);
    }
}
