package dev.nificrm.processors;

import dev.nificrm.merge.FieldSurvivorship;
import dev.nificrm.merge.GoldenRecord;
import dev.nificrm.merge.GoldenRecordPlan;
import dev.nificrm.merge.Member;
import dev.nificrm.merge.Origin;
import dev.nificrm.merge.SourcePriority;
import dev.nificrm.merge.SurvivorshipRule;
import dev.nificrm.merge.SystemTimestamps;
import dev.nificrm.merge.Timestamps;
import dev.nificrm.merge.UnionFormat;
import dev.nificrm.store.SourceIds;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MergeCRMRecord's golden-record plan for one input schema: which fields take part and by which rule, how a record
 * becomes a {@link Member} of its group, and how a {@link GoldenRecord} becomes an output record (the input's fields,
 * union fields retyped, then the lineage and merged-ids fields). Built once per schema, then only run.
 */
final class GoldenLayout {
    /** Fields whose names start so are the bundle's bookkeeping (crm_match_id, crm_match_score...): merged, but left out of lineage. */
    static final String BOOKKEEPING_PREFIX = "crm_";

    private static final Object[] NO_VALUES = new Object[0];

    private final String[] fieldNames;
    private final boolean[] inLineage;
    private final GoldenRecordPlan plan;
    private final RecordSchema outputSchema;
    private final Settings settings;

    /**
     * What the layout of every schema shares: the rules, the priority and union format, the field readers and the
     * output fields.
     *
     * @param explicitRules field name → rule, from the rule properties
     * @param defaultRule   the rule of any other field: given the field name, its rule
     * @param timestamps    how each system's Timestamp Field and the dates max and min compare are read when written as
     *                      text: in its System Timestamp Format and Time Zone, else the Timestamp Format and Time Zone
     * @param sameRecordFields the fields the same_record fields take the winning record of, in order: the first the schema has
     * @param lineageField  the field for lineage, or null for none
     * @param outputFields  the fields the processor writes (lineage, merged ids, errors): never merged from the input
     */
    record Settings(Map<String, SurvivorshipRule> explicitRules, DefaultRule defaultRule, SourcePriority priority, UnionFormat unionFormat,
                    FieldReader systemReader, FieldReader sourceIdReader, FieldReader timestampReader, SystemTimestamps timestamps,
                    List<String> sameRecordFields, String lineageField, String mergedIdsField, Set<String> outputFields) {
    }

    /** The rule of a field no rule property names. */
    @FunctionalInterface
    interface DefaultRule {
        SurvivorshipRule ruleFor(String fieldName);
    }

    GoldenLayout(final RecordSchema inputSchema, final Settings settings) {
        this.settings = settings;
        final List<String> names = new ArrayList<>();
        final List<FieldSurvivorship> survivorship = new ArrayList<>();
        final List<RecordField> outputFields = new ArrayList<>();
        for (final RecordField field : inputSchema.getFields()) {
            if (settings.outputFields().contains(field.getFieldName())) {
                continue;
            }
            final SurvivorshipRule explicit = settings.explicitRules().get(field.getFieldName());
            final SurvivorshipRule rule = explicit != null ? explicit : settings.defaultRule().ruleFor(field.getFieldName());
            names.add(field.getFieldName());
            survivorship.add(new FieldSurvivorship(field.getFieldName(), rule));
            outputFields.add(rule == SurvivorshipRule.UNION ? unionField(field) : field);
        }
        this.fieldNames = names.toArray(new String[0]);
        int sameRecordField = -1;
        for (final String name : settings.sameRecordFields()) {
            sameRecordField = names.indexOf(name);
            if (sameRecordField >= 0) {
                break;
            }
        }
        this.plan = new GoldenRecordPlan(survivorship, settings.priority(), settings.unionFormat(), settings.timestamps(), sameRecordField);
        this.inLineage = new boolean[fieldNames.length];
        for (int i = 0; i < fieldNames.length; i++) {
            inLineage[i] = !fieldNames[i].startsWith(BOOKKEEPING_PREFIX);
        }
        if (settings.lineageField() != null) {
            outputFields.add(new RecordField(settings.lineageField(), RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType()), true));
        }
        outputFields.add(new RecordField(settings.mergedIdsField(), RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.STRING.getDataType()), true));
        this.outputSchema = new SimpleRecordSchema(outputFields);
    }

    private RecordField unionField(final RecordField field) {
        return new RecordField(field.getFieldName(), settings.unionFormat().array()
                ? RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.STRING.getDataType()) : RecordFieldType.STRING.getDataType(), true);
    }

    /**
     * The record as a member of its group.
     *
     * @param defaultSystem the system of records whose Source System Field is empty or not set (may be null)
     * @throws IllegalArgumentException when its timestamp cannot be read, its system is a record or a list, or a path selects
     *                                  nothing by how it is written; the message names the field, not the value
     */
    Member member(final Record record, final long position, final String defaultSystem) {
        final Object[] values = new Object[fieldNames.length];
        final Map<String, Object> own = record.toMap();
        for (int i = 0; i < values.length; i++) {
            final Object value = own.get(fieldNames[i]);
            values[i] = value == null && !own.containsKey(fieldNames[i]) ? Member.ABSENT : value;
        }
        final String system = system(record, defaultSystem);
        final String sourceId = sourceId(record);
        final long timestamp = settings.timestampReader() == null ? Timestamps.NONE
                : settings.timestampReader().readEpochMillis(record, settings.timestamps(), system);
        return new Member(system, sourceId, timestamp, position, values);
    }

    /**
     * The record's system: its Source System Field's, else the FlowFile's Source System (may be null).
     *
     * @throws IllegalArgumentException when the Source System Field holds a record or a list
     */
    private String system(final Record record, final String defaultSystem) {
        final String system = settings.systemReader() == null ? null : settings.systemReader().readSingleText(record, "a system name");
        return system == null ? defaultSystem : system;
    }

    /**
     * The record's source id as lineage and the merged ids name it, by the rule the entity store keeps source ids by
     * ({@link SourceIds#of}): an id a reader typed as a number is its digits when whole (77.0 is {@code 77}), as the store,
     * the reconciliation and the sync rows read it; its Java text ({@code 77.0}, {@code 3.000778191E9}) named no record the
     * store knows.
     */
    private String sourceId(final Record record) {
        return settings.sourceIdReader() == null ? null : SourceIds.of(settings.sourceIdReader().read(record));
    }

    /**
     * The output record of a record that is a group of its own, built straight from its values: the fast path of the
     * records without duplicates, which are most records.
     *
     * @throws IllegalArgumentException when its timestamp cannot be read (it is read to be checked, as for every record)
     */
    Record alone(final Record record, final long position, final String defaultSystem) {
        final String system = system(record, defaultSystem);
        if (settings.timestampReader() != null) {
            settings.timestampReader().readEpochMillis(record, settings.timestamps(), system);
        }
        final Map<String, Object> values = new HashMap<>((int) (outputSchema.getFieldCount() / 0.75f) + 1);
        final Map<String, Object> own = record.toMap();
        for (int i = 0; i < fieldNames.length; i++) {
            values.put(fieldNames[i], plan.aloneValue(i, own.get(fieldNames[i])));
        }
        final Member member = new Member(system, sourceId(record), Timestamps.NONE, position, NO_VALUES);
        values.put(settings.mergedIdsField(), new Object[] {member.label()});
        return new MapRecord(outputSchema, values);
    }

    /** Merges the members of a group into the output record of their golden record. */
    Record golden(final List<Member> members) {
        final GoldenRecord golden = plan.merge(members);
        final Map<String, Object> values = new HashMap<>((int) (fieldNames.length * 1.4) + 4);
        for (int i = 0; i < fieldNames.length; i++) {
            values.put(fieldNames[i], golden.value(i));
        }
        if (settings.lineageField() != null && golden.members().size() > 1) {
            // a golden record of one record took every value from it: crm_merged_ids names it, lineage would repeat it per field
            final Map<String, Object> lineage = new LinkedHashMap<>();
            for (int i = 0; i < fieldNames.length; i++) {
                final Origin origin = golden.origin(i);
                if (origin != null && inLineage[i]) {
                    lineage.put(fieldNames[i], origin.describe());
                }
            }
            values.put(settings.lineageField(), lineage);
        }
        values.put(settings.mergedIdsField(), golden.mergedIds().toArray(new Object[0]));
        return new MapRecord(outputSchema, values);
    }

    RecordSchema outputSchema() {
        return outputSchema;
    }
}
