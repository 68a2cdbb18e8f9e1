package dev.nificrm.mapping;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A compiled mapping: immutable, thread-safe, built once by {@link MappingCompiler} and applied to every record.
 * <p>
 * {@link #map(Record)} builds a new record of the {@linkplain #getOutputSchema() output schema} (derived from the
 * specification, the same for every record) or, when a value cannot be mapped, returns the source record unchanged
 * with the reasons added in the errors field, followed by the fields a {@code drop} left empty: an operator can correct the
 * source and send it again.
 */
public final class MappingPlan {
    private static final int MAX_CACHED_LAYOUTS = 256;

    private final OutputGroup root;
    private final Set<String> consumedSourceFields;
    private final UnmappedFieldPolicy unmappedFields;
    private final String errorsField;
    private final boolean notesDrops;
    private final boolean approximates;
    /** The field mapped records name their approximated target fields in, or null for none (the FlowFile's count alone). */
    private final String approximatedField;
    private final AtomicReference<RecentLayout> lastLayout = new AtomicReference<>();
    private final Map<RecordSchema, SourceLayout> layouts = new ConcurrentHashMap<>();

    /**
     * @param notesDrops whether a value map can leave a field empty on purpose ({@code drop}): mapped records then have the errors
     *                   field too, saying which fields were left empty and why (null when none was)
     * @param approximatedField the field of mapped records that names the target fields written as the nearest value of a
     *                   {@code nearest} row, comma-separated (null when none was), or null to add no field
     */
    MappingPlan(final Map<String, Object> targetTree, final Set<String> consumedSourceFields, final UnmappedFieldPolicy unmappedFields,
                final String errorsField, final boolean notesDrops, final String approximatedField) {
        this.notesDrops = notesDrops && !targetTree.containsKey(errorsField);
        this.approximatedField = approximatedField;
        this.root = OutputGroup.of(targetTree, this.notesDrops ? errorsField : null, approximatedField);
        this.approximates = root.approximates();
        this.consumedSourceFields = Set.copyOf(consumedSourceFields);
        this.unmappedFields = unmappedFields;
        this.errorsField = errorsField;
    }

    /** The schema of mapped records (without source fields kept under {@link UnmappedFieldPolicy#KEEP}). */
    public RecordSchema getOutputSchema() {
        return root.schema;
    }

    /** The top-level source fields the mapping reads or ignores on purpose. */
    public Set<String> getConsumedSourceFields() {
        return consumedSourceFields;
    }

    public UnmappedFieldPolicy getUnmappedFields() {
        return unmappedFields;
    }

    /** Maps one record; the values map holds only non-null values, so an all-empty nested record is written as null. */
    public MappingResult map(final Record source) {
        final List<String> errors = new ArrayList<>(0);
        final SourceLayout layout = layoutOf(source.getSchema());
        if (unmappedFields == UnmappedFieldPolicy.INVALID) {
            for (final String name : layout.unmappedNames) {
                if (!ValueSources.isEmpty(source.getValue(name))) {
                    errors.add(name + ": this source field has a value but no target field reads it; map it, list it in \"ignore\", "
                            + "or set Unmapped Fields to Drop or Keep");
                }
            }
        }
        final List<String> notes = notesDrops ? new ArrayList<>(0) : null;
        final List<String> approximated = approximates || approximatedField != null ? new ArrayList<>(0) : null;
        final Map<String, Object> values = root.values(source, errors, notes, approximated);
        if (!errors.isEmpty()) {
            final Map<String, Object> invalid = new HashMap<>(source.toMap());
            // reasons the record already had (CleanCRMRecord's, under Set to Null) come first; the fields a drop left empty follow
            // the mapping's reasons, so the operator who corrects the record knows all that was done to it and all it will lack
            final Object earlier = invalid.get(errorsField);
            final String reasons = ValueSources.isEmpty(earlier) ? String.join("; ", errors) : ValueType.toText(earlier) + "; " + String.join("; ", errors);
            invalid.put(errorsField, notesDrops && !notes.isEmpty() ? reasons + "; " + String.join("; ", new LinkedHashSet<>(notes)) : reasons);
            return new MappingResult(new MapRecord(layout.invalidSchema, invalid), List.copyOf(errors), List.of());
        }
        for (final String name : layout.keptNames) {
            values.put(name, source.getValue(name));
        }
        if (notesDrops) {
            addNotes(source, layout, notes, values);
        }
        if (approximatedField != null && !approximated.isEmpty()) {
            values.put(approximatedField, String.join(", ", approximated));
        }
        return new MappingResult(new MapRecord(layout.outputSchema, values), List.of(), approximated == null ? List.of() : approximated);
    }

    // The source's own reasons (CleanCRMRecord's, under Set to Null) stay first when Unmapped Fields keeps them, as they would
    // have been kept without this field in the output.
    private void addNotes(final Record source, final SourceLayout layout, final List<String> notes, final Map<String, Object> values) {
        final Object earlier = layout.keepsEarlierNotes ? source.getValue(errorsField) : null;
        if (!ValueSources.isEmpty(earlier)) {
            notes.addFirst(ValueType.toText(earlier));
        }
        if (!notes.isEmpty()) {
            // a canonical field read by two targets (a lead status by a preset's field and one of the specification's) is noted once
            values.put(errorsField, String.join("; ", new LinkedHashSet<>(notes)));
        }
    }

    // Readers hand every record of a FlowFile the same schema object, so the last layout usually serves. Concurrent
    // tasks alternate between the schema objects of their FlowFiles: they find their layout in the map rather than
    // rebuilding it for every record.
    private SourceLayout layoutOf(final RecordSchema sourceSchema) {
        final RecentLayout recent = lastLayout.get();
        if (recent != null && recent.schema() == sourceSchema) {
            return recent.layout();
        }
        SourceLayout layout = layouts.get(sourceSchema);
        if (layout == null) {
            if (layouts.size() >= MAX_CACHED_LAYOUTS) {
                layouts.clear();
            }
            layout = new SourceLayout(sourceSchema);
            layouts.put(sourceSchema, layout);
        }
        lastLayout.set(new RecentLayout(sourceSchema, layout));
        return layout;
    }

    /** The schema object seen last and its layout, for the identity check that serves most records. */
    private record RecentLayout(RecordSchema schema, SourceLayout layout) {
    }

    private final class SourceLayout {
        private final String[] keptNames;
        private final String[] unmappedNames;
        private final RecordSchema outputSchema;
        private final RecordSchema invalidSchema;
        private final boolean keepsEarlierNotes;

        private SourceLayout(final RecordSchema sourceSchema) {
            final List<String> unmapped = new ArrayList<>();
            final List<RecordField> kept = new ArrayList<>();
            final List<RecordField> invalidFields = new ArrayList<>();
            for (final RecordField field : sourceSchema.getFields()) {
                if (!field.getFieldName().equals(errorsField)) {
                    invalidFields.add(field);
                }
                if (consumedSourceFields.contains(field.getFieldName())) {
                    continue;
                }
                unmapped.add(field.getFieldName());
                if (root.schema.getField(field.getFieldName()).isEmpty()) {
                    kept.add(field);
                }
            }
            invalidFields.add(new RecordField(errorsField, RecordFieldType.STRING.getDataType(), true));
            this.invalidSchema = new SimpleRecordSchema(invalidFields);
            this.unmappedNames = unmapped.toArray(new String[0]);
            this.keepsEarlierNotes = notesDrops && unmappedFields == UnmappedFieldPolicy.KEEP && sourceSchema.getField(errorsField).isPresent()
                    && !consumedSourceFields.contains(errorsField);
            if (unmappedFields == UnmappedFieldPolicy.KEEP && !kept.isEmpty()) {
                final List<RecordField> fields = new ArrayList<>(root.schema.getFields());
                fields.addAll(kept);
                this.outputSchema = new SimpleRecordSchema(fields);
                this.keptNames = kept.stream().map(RecordField::getFieldName).toArray(String[]::new);
            } else {
                this.outputSchema = root.schema;
                this.keptNames = new String[0];
            }
        }
    }

    /** One record level of the output: leaf fields computed by a {@link FieldMapping}, record fields by a group. */
    private static final class OutputGroup {
        private final RecordSchema schema;
        private final String[] names;
        private final FieldMapping[] leaves;
        private final OutputGroup[] groups;

        private OutputGroup(final RecordSchema schema, final String[] names, final FieldMapping[] leaves, final OutputGroup[] groups) {
            this.schema = schema;
            this.names = names;
            this.leaves = leaves;
            this.groups = groups;
        }

        @SuppressWarnings("unchecked")
        static OutputGroup of(final Map<String, Object> tree, final String notesField, final String approximatedField) {
            final int size = tree.size();
            final String[] names = new String[size];
            final FieldMapping[] leaves = new FieldMapping[size];
            final OutputGroup[] groups = new OutputGroup[size];
            final List<RecordField> fields = new ArrayList<>(size);
            int i = 0;
            for (final Map.Entry<String, Object> entry : tree.entrySet()) {
                names[i] = entry.getKey();
                if (entry.getValue() instanceof FieldMapping mapping) {
                    leaves[i] = mapping;
                    fields.add(new RecordField(entry.getKey(), mapping.getDataType(), true));
                } else {
                    groups[i] = of((Map<String, Object>) entry.getValue(), null, null);
                    fields.add(new RecordField(entry.getKey(), RecordFieldType.RECORD.getRecordDataType(groups[i].schema), true));
                }
                i++;
            }
            if (notesField != null) {
                // after the mapped fields; not a leaf, the plan writes it
                fields.add(new RecordField(notesField, RecordFieldType.STRING.getDataType(), true));
            }
            if (approximatedField != null) {
                // last; the plan writes it too
                fields.add(new RecordField(approximatedField, RecordFieldType.STRING.getDataType(), true));
            }
            return new OutputGroup(new SimpleRecordSchema(fields), names, leaves, groups);
        }

        /** Whether a field of this level, or of a level below, writes the nearest value of a value map's row. */
        boolean approximates() {
            for (int i = 0; i < names.length; i++) {
                if (leaves[i] != null ? leaves[i].approximates() : groups[i].approximates()) {
                    return true;
                }
            }
            return false;
        }

        Map<String, Object> values(final Record source, final List<String> errors, final List<String> notes, final List<String> approximated) {
            final Map<String, Object> values = new HashMap<>((int) (names.length / 0.75f) + 1);
            for (int i = 0; i < names.length; i++) {
                final Object value;
                if (leaves[i] != null) {
                    value = evaluate(leaves[i], source, errors, notes, approximated);
                } else {
                    final Map<String, Object> child = groups[i].values(source, errors, notes, approximated);
                    value = child.isEmpty() ? null : new MapRecord(groups[i].schema, child);
                }
                if (value != null) {
                    values.put(names[i], value);
                }
            }
            return values;
        }

        private static Object evaluate(final FieldMapping mapping, final Record source, final List<String> errors, final List<String> notes,
                                       final List<String> approximated) {
            try {
                return mapping.evaluate(source, notes, approximated);
            } catch (final ValueMappingException e) {
                errors.add(e.getMessage());
                return null;
            }
        }
    }

    /** Inserts a target path into the tree of output levels; used by the compiler. */
    static String insert(final Map<String, Object> tree, final String[] path, final FieldMapping mapping) {
        Map<String, Object> level = tree;
        for (int i = 0; i < path.length - 1; i++) {
            final Object existing = level.get(path[i]);
            if (existing instanceof FieldMapping) {
                return String.join("/", java.util.Arrays.copyOf(path, i + 1));
            }
            @SuppressWarnings("unchecked")
            final Map<String, Object> next = existing == null ? new LinkedHashMap<>() : (Map<String, Object>) existing;
            level.put(path[i], next);
            level = next;
        }
        final Object existing = level.get(path[path.length - 1]);
        if (existing instanceof Map) {
            return String.join("/", path);
        }
        level.put(path[path.length - 1], mapping);
        return null;
    }
}
