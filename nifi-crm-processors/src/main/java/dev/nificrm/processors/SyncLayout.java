package dev.nificrm.processors;

import dev.nificrm.merge.MultiSelectFields;
import dev.nificrm.merge.SyncDecision;
import dev.nificrm.merge.SyncSnapshot;
import dev.nificrm.merge.SyncState;
import dev.nificrm.merge.SystemTimestamps;
import dev.nificrm.merge.Timestamps;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MergeCRMRecord's three-way sync plan for one input schema: which fields are compared and synced, how a record is read
 * as a {@link SyncState}, and how a decision becomes the record written to the target (or back to the source).
 * <p>
 * Compared and synced are the record's top-level fields except the bookkeeping ones: fields starting with {@code crm_}
 * (the golden id, match score, cross-references...), and the fields the properties name for the merge's own use: the
 * Group, Source System, Source ID, Timestamp and Deleted fields, and the Ignored Fields (system fields each CRM sets
 * itself, such as CreatedDate). Each system keeps its own id: the merged record carries the incoming record's, and
 * the Sync Row Field (crm_sync_row) the id of the customer's row in the system it is written to, when the sync knows it.
 */
final class SyncLayout {
    /** The values of a Deleted Field that mark a tombstone, besides boolean true and non-zero numbers. */
    private static final Set<String> TRUE_TEXT = Set.of("true", "t", "yes", "y", "1", "deleted");

    private final String[] compared;
    /** The compared fields as a set: every write of a record of this schema carries each of them. */
    private final Set<String> writtenFields;
    /** The compared fields the schema types as arrays: a value merged from the other side is written as the list it is. */
    private final Set<String> listFields;
    /** The compared fields the schema types as timestamps or dates: a value merged from the other side is written as a time. */
    private final Map<String, RecordFieldType> timeFields;
    private final RecordSchema mergedSchema;
    private final Settings settings;

    /**
     * What every schema's plan shares.
     *
     * @param excluded        the top-level fields neither compared nor synced, besides those starting with crm_
     * @param timestampReader reads the Timestamp Field (when each record, a tombstone too, last changed), or null
     * @param timestampTexts  how each system's Timestamp Field is read when written as text: in its format and zone (the
     *                        Timestamp Format's when it has none of its own), then as ISO-8601
     * @param deletedReader   reads the Deleted Field, or null
     * @param deletedField    the Deleted Field's top-level name, set on merged records, or null
     * @param versionField    the field for the version of the snapshot of the system written
     * @param rowField        the field for the id of the customer's row in the system written
     * @param lineageField    the field for lineage, or null
     * @param multiSelects    the fields whose options are a set: a record holding the merged options in another order keeps its own
     */
    record Settings(Set<String> excluded, FieldReader timestampReader, SystemTimestamps timestampTexts, FieldReader deletedReader,
                    String deletedField, String operationField, String versionField, String rowField, String lineageField,
                    MultiSelectFields multiSelects) {
    }

    SyncLayout(final RecordSchema schema, final Settings settings) {
        this.settings = settings;
        final List<String> fields = new ArrayList<>();
        for (final String name : schema.getFieldNames()) {
            if (!name.startsWith(GoldenLayout.BOOKKEEPING_PREFIX) && !settings.excluded().contains(name)) {
                fields.add(name);
            }
        }
        this.compared = fields.toArray(new String[0]);
        this.writtenFields = Set.copyOf(fields);
        final Set<String> lists = new HashSet<>();
        final Map<String, RecordFieldType> times = new HashMap<>();
        for (final RecordField field : schema.getFields()) {
            final RecordFieldType type = field.getDataType().getFieldType();
            if (!fields.contains(field.getFieldName())) {
                continue;
            }
            if (type == RecordFieldType.ARRAY) {
                lists.add(field.getFieldName());
            } else if (type == RecordFieldType.TIMESTAMP || type == RecordFieldType.DATE) {
                times.put(field.getFieldName(), type);
            }
        }
        this.listFields = Set.copyOf(lists);
        this.timeFields = Map.copyOf(times);
        final List<RecordField> output = new ArrayList<>();
        for (final RecordField field : schema.getFields()) {
            if (!field.getFieldName().equals(settings.operationField()) && !field.getFieldName().equals(settings.versionField())
                    && !field.getFieldName().equals(settings.rowField()) && !field.getFieldName().equals(settings.lineageField())) {
                output.add(field);
            }
        }
        output.add(new RecordField(settings.operationField(), RecordFieldType.STRING.getDataType(), true));
        output.add(new RecordField(settings.versionField(), RecordFieldType.LONG.getDataType(), true));
        output.add(new RecordField(settings.rowField(), RecordFieldType.STRING.getDataType(), true));
        if (settings.lineageField() != null) {
            output.add(new RecordField(settings.lineageField(), RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType()), true));
        }
        this.mergedSchema = new SimpleRecordSchema(output);
    }

    /**
     * The fields a write of any record of this schema carries: the compared fields, a key a record lacks with the value
     * the system written keeps ({@link #merged}). A field the schema lacks is not written.
     */
    Set<String> writtenFields() {
        return writtenFields;
    }

    /**
     * The record's state: its compared fields as canonical text, whether it is a tombstone, and its timestamp, read as
     * its system writes times.
     *
     * @throws IllegalArgumentException when its timestamp cannot be read, or a path selects nothing by how it is written; the
     *                                  message names the field, not the value
     */
    SyncState state(final Record record, final String system) {
        final Map<String, String> fields = new LinkedHashMap<>();
        final Map<String, Object> own = record.toMap();
        for (final String field : compared) {
            // a key the record lacks (a JSON event carrying only what changed, read with a schema inferred from other
            // records) is a field it does not have, left alone as a field its schema lacks; a key present and null clears
            if (own.containsKey(field)) {
                fields.put(field, SyncState.canonical(own.get(field)));
            }
        }
        final long timestamp = settings.timestampReader() == null ? Timestamps.NONE
                : settings.timestampReader().readEpochMillis(record, settings.timestampTexts(), system);
        return new SyncState(fields, settings.deletedReader() != null && isTrue(settings.deletedReader().read(record)), timestamp);
    }

    /** Whether a Deleted Field's value marks a deletion: true, a non-zero number, or true, t, yes, y, 1, deleted as text. */
    static boolean isTrue(final Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof Number number) {
            return number.doubleValue() != 0;
        }
        return value != null && TRUE_TEXT.contains(value.toString().strip().toLowerCase(Locale.ROOT));
    }

    /**
     * A canonical value as the field takes it: a multi-select's options as a list in a list field and as delimited text
     * in any other, whichever form the system they came from gave them in; a list field's list text as the list, a
     * timestamp or date field's ISO-8601 text as a time, which the writer writes in its own format; else the text.
     */
    private Object written(final String field, final String value) {
        if (value == null) {
            return null;
        }
        if (settings.multiSelects().contains(field)) {
            // one CRM may give the options as text, the other as a list: written in the form of the field written into
            return settings.multiSelects().inFormOf(value, listFields.contains(field));
        }
        if (listFields.contains(field)) {
            final Object[] list = SyncState.listOf(value);
            return list == null ? value : list;
        }
        final RecordFieldType time = timeFields.get(field);
        if (time != null) {
            try {
                // canonical times are ISO-8601: the UTC instant (…Z), a local date-time or a date; read to the nanosecond
                final Instant instant = value.endsWith("Z") ? Instant.parse(value)
                        : value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
                return time == RecordFieldType.DATE ? java.sql.Date.valueOf(instant.atOffset(ZoneOffset.UTC).toLocalDate()) : Timestamp.from(instant);
            } catch (final DateTimeException e) {
                // not a time after all: the text, for the writer to judge
                return value;
            }
        }
        return value;
    }

    /**
     * The record to write: the incoming record with the merged values of the compared fields (a value the incoming
     * record already has keeps its type), the Deleted Field set as merged, the operation, the version of the snapshot
     * of the system it is written to, the customer's row there (null: not known), and the lineage. A compared field the
     * incoming record lacks (a key missing from its JSON) gets the value the system written keeps, so a writer that
     * writes every field of the schema never clears it; when the sync knows none, it stays missing. A field the merged
     * state lacks (open, waiting for a person) gets the value the system written holds, so neither system's is written
     * into the other.
     *
     * @param written the snapshot of the system written once the decision commits, or null
     */
    Record merged(final Record incoming, final SyncDecision decision, final long version, final String row, final SyncSnapshot written) {
        final SyncState merged = decision.merged();
        final Map<String, Object> values = new HashMap<>((int) (mergedSchema.getFieldCount() * 1.4) + 2);
        final Map<String, Object> own = incoming.toMap();
        values.putAll(own);
        if (!merged.deleted()) {
            for (final String field : compared) {
                // a field the merged state lacks waits for a person (open, see SyncSnapshot#open): each system keeps its own
                final boolean open = own.containsKey(field) && !merged.fields().containsKey(field);
                if (!own.containsKey(field) || open) {
                    final String kept = written == null ? null : written.state().value(field);
                    if (kept != null || open) {
                        values.put(field, written(field, kept));
                    }
                    continue;
                }
                final String value = merged.value(field);
                // a multi-select holding the merged options in another order keeps its own
                if (!settings.multiSelects().same(field, value, SyncState.canonical(own.get(field)))) {
                    values.put(field, written(field, value));
                }
            }
        }
        return operation(values, merged.deleted(), version, row, decision.lineage());
    }

    /**
     * A copy of the record deleting the given row of its system (crm_sync_operation delete): a duplicate of the customer
     * the sync created itself, deleted beside the write-back of the customer's own row.
     */
    Record deleting(final Record incoming, final long version, final String row) {
        return operation(new HashMap<>(incoming.toMap()), true, version, row, Map.of());
    }

    /** The record of the given values with what the loader does (upsert or delete), to which row, and why. */
    private Record operation(final Map<String, Object> values, final boolean deleted, final long version, final String row,
                             final Map<String, String> lineage) {
        if (settings.deletedField() != null) {
            values.put(settings.deletedField(), deleted);
        }
        values.put(settings.operationField(), deleted ? "delete" : "upsert");
        values.put(settings.versionField(), version);
        values.put(settings.rowField(), row);
        if (settings.lineageField() != null) {
            values.put(settings.lineageField(), new LinkedHashMap<String, Object>(lineage));
        }
        return new MapRecord(mergedSchema, values);
    }
}
