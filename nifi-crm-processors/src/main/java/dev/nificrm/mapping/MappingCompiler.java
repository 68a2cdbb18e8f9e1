package dev.nificrm.mapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Compiles presets and a specification into a {@link MappingPlan}, collecting every problem instead of stopping at
 * the first, so that configuration-time validation can list them all.
 * <p>
 * The targets are, in order: the Target Schema preset's {@code write} fields (reading canonical fields, which the
 * Source Schema preset's {@code read} fields produce from the source record — or, without a source preset, which
 * are read from source fields of the same name); without a target preset, the source preset's canonical fields;
 * then the specification's {@code fields}, which override targets of the same name or add new ones. A target
 * whose canonical inputs the source preset does not provide is left out.
 */
public final class MappingCompiler {
    private static final String SOURCE_KEYS = "from, fromCanonical, coalesce, concat, split, constant";

    private final CrmSchema sourceSchema;
    private final CrmSchema targetSchema;
    private final MappingSpecification specification;
    private final Path specificationDirectory;
    private final ExportDates exportDates;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> consumed = new HashSet<>();
    private final Map<String, Map<String, String>> crosswalks = new HashMap<>();
    private final Map<String, FieldSpecification> canonicalSpecifications = new LinkedHashMap<>();
    private final Map<String, FieldMapping> canonicalMappings = new HashMap<>();
    /** The canonical entries being compiled: they read the source, so a fromCanonical among them would read itself or another. */
    private final Set<String> compilingCanonical = new HashSet<>();
    private final List<String> droppingFields = new ArrayList<>();

    private MappingCompiler(final CrmSchema sourceSchema, final CrmSchema targetSchema, final MappingSpecification specification,
                            final Path specificationDirectory, final ExportDates exportDates) {
        this.sourceSchema = sourceSchema;
        this.targetSchema = targetSchema;
        this.specification = specification == null ? MappingSpecification.empty() : specification;
        this.specificationDirectory = specificationDirectory;
        this.exportDates = exportDates == null ? ExportDates.NONE : exportDates;
    }

    /**
     * Compiles a mapping.
     *
     * @param sourceSchema           the source preset, or null for none
     * @param targetSchema           the target preset, or null for none
     * @param specification          the operator's specification (may be empty)
     * @param specificationDirectory the folder relative crosswalk files are resolved against, or null for the working directory
     * @param unmappedFields         what to do with source fields no target reads
     * @param errorsField            the field that holds the reasons of an invalid record
     * @throws MappingConfigurationException with every problem found
     */
    public static MappingPlan compile(final CrmSchema sourceSchema, final CrmSchema targetSchema, final MappingSpecification specification,
                                      final Path specificationDirectory, final UnmappedFieldPolicy unmappedFields, final String errorsField)
            throws MappingConfigurationException {
        return compile(sourceSchema, targetSchema, specification, specificationDirectory, unmappedFields, errorsField, ExportDates.NONE);
    }

    /**
     * Compiles a mapping whose {@code "exportDates"} fields (the HubSpot Contact preset's export dates) are read as the operator
     * says a UI export writes them.
     *
     * @param exportDates the export's date format and time zone, as far as given
     * @see #compile(CrmSchema, CrmSchema, MappingSpecification, Path, UnmappedFieldPolicy, String)
     */
    public static MappingPlan compile(final CrmSchema sourceSchema, final CrmSchema targetSchema, final MappingSpecification specification,
                                      final Path specificationDirectory, final UnmappedFieldPolicy unmappedFields, final String errorsField,
                                      final ExportDates exportDates) throws MappingConfigurationException {
        return compile(sourceSchema, targetSchema, specification, specificationDirectory, unmappedFields, errorsField, exportDates, null);
    }

    /**
     * Compiles a mapping whose mapped records name, in a field of their own, the target fields written as the nearest value of a
     * {@code nearest} row (comma-separated, null on a record that took none), so that the records approximated can be found.
     *
     * @param approximatedField the name of that field, or null (or blank) for none
     * @see #compile(CrmSchema, CrmSchema, MappingSpecification, Path, UnmappedFieldPolicy, String, ExportDates)
     */
    public static MappingPlan compile(final CrmSchema sourceSchema, final CrmSchema targetSchema, final MappingSpecification specification,
                                      final Path specificationDirectory, final UnmappedFieldPolicy unmappedFields, final String errorsField,
                                      final ExportDates exportDates, final String approximatedField) throws MappingConfigurationException {
        final String field = approximatedField == null || approximatedField.isBlank() ? null : approximatedField.trim();
        return new MappingCompiler(sourceSchema, targetSchema, specification, specificationDirectory, exportDates).compile(unmappedFields, errorsField, field);
    }

    private MappingPlan compile(final UnmappedFieldPolicy unmappedFields, final String errorsField, final String approximatedField)
            throws MappingConfigurationException {
        checkSchemas();
        loadCrosswalks();
        if (sourceSchema != null) {
            canonicalSpecifications.putAll(Preset.of(sourceSchema).read().fields());
            Preset.of(sourceSchema).read().ignore().forEach(this::consume);
        }
        for (final Map.Entry<String, FieldSpecification> entry : specification.canonical().entrySet()) {
            if (entry.getValue() == null) {
                canonicalSpecifications.remove(entry.getKey());
            } else {
                canonicalSpecifications.put(entry.getKey(), entry.getValue());
            }
        }
        specification.ignore().forEach(this::consume);

        final Map<String, Object> tree = new LinkedHashMap<>();
        final Map<String, FieldSpecification> overrides = normalizedOverrides();
        // An overridden preset field keeps its place; the specification's new fields follow the preset's.
        if (targetSchema != null) {
            for (final Map.Entry<String, FieldSpecification> entry : Preset.of(targetSchema).write().fields().entrySet()) {
                final FieldSpecification override = overrides.get(normalize(entry.getKey()));
                if (override != null && override.refinesUnmapped()) {
                    // the preset's field, its source and value map kept, with the operator's policy for a value it has no row for
                    overrides.remove(normalize(entry.getKey()));
                    compileField(entry.getKey(), entry.getValue().refinedBy(override), canonicalPaths, targetSchema.getCrmName())
                            .ifPresent(compiled -> add(tree, entry.getKey(), compiled));
                } else if (overrides.containsKey(normalize(entry.getKey()))) {
                    addOverride(tree, normalize(entry.getKey()), overrides.remove(normalize(entry.getKey())));
                } else {
                    compileField(entry.getKey(), entry.getValue(), canonicalPaths, targetSchema.getCrmName()).ifPresent(compiled -> add(tree, entry.getKey(), compiled));
                }
            }
        } else if (sourceSchema != null) {
            for (final String canonicalName : canonicalSpecifications.keySet()) {
                if (overrides.containsKey(normalize(canonicalName))) {
                    addOverride(tree, normalize(canonicalName), overrides.remove(normalize(canonicalName)));
                } else if (canonical(canonicalName) != null) {
                    add(tree, canonicalName, canonical(canonicalName));
                }
            }
        }
        for (final Map.Entry<String, FieldSpecification> entry : overrides.entrySet()) {
            addOverride(tree, entry.getKey(), entry.getValue());
        }
        checkCanonicalEntriesAreRead();
        if (tree.isEmpty() && problems.isEmpty()) {
            problems.add("The mapping writes no field: choose a Source Schema or Target Schema preset, or give a Mapping Specification "
                    + "with \"fields\", e.g. {\"fields\": {\"zip\": {\"from\": \"/MailingPostalCode\"}}}");
        }
        if (!problems.isEmpty()) {
            throw new MappingConfigurationException(problems);
        }
        if (!droppingFields.isEmpty() && tree.containsKey(errorsField)) {
            problems.add("Target field '" + errorsField + "' is the Errors Field, where a mapped record says which fields \"drop\" left empty or "
                    + "a lossy row or a preset's default wrote ("
                    + String.join(", ", droppingFields) + "); write the target under another name or choose another Errors Field");
            throw new MappingConfigurationException(problems);
        }
        if (approximatedField != null && (tree.containsKey(approximatedField) || approximatedField.equals(errorsField))) {
            problems.add("Target field '" + approximatedField + "' is the Approximated Field, where a mapped record names its fields written "
                    + "as the nearest value; " + (approximatedField.equals(errorsField) ? "choose another name than the Errors Field's"
                    : "write the target under another name or choose another Approximated Field"));
            throw new MappingConfigurationException(problems);
        }
        return new MappingPlan(tree, consumed, unmappedFields, errorsField, !droppingFields.isEmpty(), approximatedField);
    }

    // A "canonical" entry no target reads is most likely a misspelt canonical name.
    private void checkCanonicalEntriesAreRead() {
        if (targetSchema == null) {
            return;
        }
        for (final Map.Entry<String, FieldSpecification> entry : specification.canonical().entrySet()) {
            if (entry.getValue() != null && !canonicalMappings.containsKey(entry.getKey())) {
                problems.add("canonical field '" + entry.getKey() + "' is not read by any field of Target Schema '" + targetSchema.getDisplayName()
                        + "' (or its target field is overridden in \"fields\"); the canonical fields it reads are "
                        + String.join(", ", canonicalNamesReadBy(Preset.of(targetSchema))));
            }
        }
    }

    private static Set<String> canonicalNamesReadBy(final Preset preset) {
        final Set<String> names = new LinkedHashSet<>();
        for (final FieldSpecification field : preset.write().fields().values()) {
            final List<String> paths = new ArrayList<>();
            paths.add(field.from());
            paths.add(field.split());
            paths.addAll(field.concat() == null ? List.of() : field.concat());
            paths.addAll(field.coalesce() == null ? List.of() : field.coalesce());
            paths.stream().filter(path -> path != null && path.startsWith("/")).forEach(path -> names.add(path.substring(1)));
        }
        return names;
    }

    private void checkSchemas() {
        if (sourceSchema != null && targetSchema != null && sourceSchema.getEntity() != targetSchema.getEntity()) {
            problems.add("Source Schema '" + sourceSchema.getDisplayName() + "' holds " + sourceSchema.getEntity().getKey()
                    + " records but Target Schema '" + targetSchema.getDisplayName() + "' holds " + targetSchema.getEntity().getKey()
                    + " records; choose two contact schemas or two account schemas");
        }
        if (sourceSchema == null && targetSchema == null && !specification.canonical().isEmpty()) {
            problems.add("\"canonical\" extends a preset's canonical fields, but neither Source Schema nor Target Schema is set; "
                    + "choose a preset or move these entries to \"fields\"");
        }
    }

    private void loadCrosswalks() {
        for (final Map.Entry<String, CrosswalkSpecification> entry : specification.crosswalks().entrySet()) {
            final CrosswalkSpecification crosswalk = entry.getValue();
            if (crosswalk == null || crosswalk.file() == null || crosswalk.file().isBlank()) {
                problems.add("Crosswalk '" + entry.getKey() + "' needs \"file\": the path of a CSV file with a header line");
                continue;
            }
            Path file = Path.of(crosswalk.file());
            if (!file.isAbsolute() && specificationDirectory != null) {
                file = specificationDirectory.resolve(file);
            }
            try {
                crosswalks.put(entry.getKey(), CrosswalkTable.load(entry.getKey(), file, crosswalk.from(), crosswalk.to()));
            } catch (final MappingConfigurationException e) {
                problems.addAll(e.getProblems());
            }
        }
    }

    // The specification's own targets, keyed by their normalized path; two spellings of one target are reported.
    private Map<String, FieldSpecification> normalizedOverrides() {
        final Map<String, FieldSpecification> overrides = new LinkedHashMap<>();
        final Map<String, String> spelledAs = new HashMap<>();
        for (final Map.Entry<String, FieldSpecification> entry : specification.fields().entrySet()) {
            final String target = normalize(entry.getKey());
            if (target.isEmpty()) {
                problems.add("A target field name is empty; name each target field, e.g. \"zip\" or \"/address/city\"");
                continue;
            }
            final String previous = spelledAs.putIfAbsent(target, entry.getKey());
            if (previous != null) {
                problems.add("Target field '" + target + "' is written twice (as '" + previous + "' and '" + entry.getKey()
                        + "'); keep one entry per target field");
                continue;
            }
            overrides.put(target, entry.getValue());
        }
        return overrides;
    }

    private void addOverride(final Map<String, Object> tree, final String target, final FieldSpecification field) {
        if (field != null) {
            compileField(target, field, this::resolveSource, null).ifPresent(compiled -> add(tree, target, compiled));
        }
    }

    private void add(final Map<String, Object> tree, final String target, final FieldMapping mapping) {
        final String conflict = MappingPlan.insert(tree, normalize(target).split("/"), mapping);
        if (conflict != null) {
            problems.add("Target field '" + conflict + "' is written twice: once as a value and once as the record that holds '"
                    + normalize(target) + "'; rename one of them");
        }
    }

    private static String normalize(final String target) {
        String normalized = target.trim();
        while (normalized.startsWith("/")) {
            normalized = normalized.substring(1);
        }
        while (normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return normalized;
    }

    private void consume(final String path) {
        SourcePaths.topLevelName(path.startsWith("/") ? path : "/" + path).ifPresent(consumed::add);
    }

    /** Resolves a source path against the source record. */
    private ValueReader resolveSource(final String path, final String usedBy) throws MappingConfigurationException {
        consume(path);
        return SourcePaths.compile(path, usedBy);
    }

    /**
     * How the source provides the canonical field a specification's field names with {@code fromCanonical}: as the Source
     * Schema preset or a {@code canonical} entry reads it, or, without a Source Schema, the source field of its name. Counted
     * by the field's tracker like any path, so a canonical field the source does not provide leaves the field out.
     */
    private ValueReader readCanonical(final String target, final String name, final PathResolver resolver) throws MappingConfigurationException {
        if (sourceSchema == null && targetSchema == null) {
            throw new MappingConfigurationException(target + ": \"fromCanonical\" reads a canonical field of the presets, but neither Source "
                    + "Schema nor Target Schema is set; choose a preset or read the source field with \"from\"");
        }
        if (!compilingCanonical.isEmpty()) {
            throw new MappingConfigurationException(target + ": a \"canonical\" entry says how the source gives a canonical field; read it with "
                    + "\"from\", not \"fromCanonical\"");
        }
        if (CanonicalField.fromKey(name).isEmpty() && !canonicalSpecifications.containsKey(name)) {
            throw new MappingConfigurationException(target + ": \"fromCanonical\" names '" + name + "', which is no canonical field; give one "
                    + "such as country, state or postal_code");
        }
        final ValueReader reader = resolveCanonical("/" + name, target);
        return resolver instanceof AvailabilityTracker tracker ? tracker.counted(reader) : reader;
    }

    /**
     * A target preset's paths, each a canonical field: resolved to how the source provides it ({@link #resolveCanonical}), and named in
     * reasons as the record's own fields that give it ({@link #describeCanonical}).
     */
    private final PathResolver canonicalPaths = new PathResolver() {
        @Override
        public ValueReader resolve(final String path, final String usedBy) throws MappingConfigurationException {
            return resolveCanonical(path, usedBy);
        }

        @Override
        public String describe(final String path) {
            return describeCanonical(path);
        }

        @Override
        public Origin origin(final String path, final ValueReader reader) {
            final String[] names = SourcePaths.plainNames(path);
            final FieldMapping mapping = names == null || names.length != 1 || !canonicalSpecifications.containsKey(names[0]) ? null
                    : canonical(names[0]);
            return mapping == null ? PathResolver.super.origin(path, reader) : mapping.originListed();
        }
    };

    /**
     * How a reason names a canonical field: as the record's own fields that give it, which the operator finds in their data
     * ({@code /industrycode, /Industry} of a Dynamics 365 record, as the Source Schema preset or a {@code canonical} entry reads it);
     * as written where the record gives it under that name (no Source Schema) or not at all, or a constant gives it.
     */
    private String describeCanonical(final String path) {
        final String[] names = SourcePaths.plainNames(path);
        if (names == null || names.length != 1 || !canonicalSpecifications.containsKey(names[0])) {
            return path;
        }
        final FieldMapping mapping = canonical(names[0]);
        return mapping == null || mapping.recordFields() == null ? path : mapping.recordFields();
    }

    /** Resolves a path of a target preset, which names a canonical field, to how the source provides it. */
    private ValueReader resolveCanonical(final String path, final String usedBy) throws MappingConfigurationException {
        final String[] names = SourcePaths.plainNames(path);
        if (names == null || names.length != 1) {
            throw new MappingConfigurationException(usedBy + ": a preset's write fields read canonical fields, but '" + path + "' is not a canonical field name");
        }
        if (canonicalSpecifications.containsKey(names[0])) {
            final FieldMapping mapping = canonical(names[0]);
            return mapping == null ? ValueReader.NONE : ValueSources.of(mapping);
        }
        return sourceSchema == null ? resolveSource("/" + names[0], usedBy) : ValueReader.NONE;
    }

    private FieldMapping canonical(final String name) {
        if (!canonicalMappings.containsKey(name)) {
            compilingCanonical.add(name);
            canonicalMappings.put(name, compileField(name, canonicalSpecifications.get(name), this::resolveSource, null).orElse(null));
            compilingCanonical.remove(name);
        }
        return canonicalMappings.get(name);
    }

    /**
     * Compiles one field; problems are collected. Empty when the field has problems or when every source it reads is
     * unavailable (a canonical field the source preset does not provide).
     */
    private Optional<FieldMapping> compileField(final String target, final FieldSpecification field, final PathResolver resolver,
                                                final String presetCrm) {
        final int problemsBefore = problems.size();
        final AvailabilityTracker tracker = new AvailabilityTracker(resolver);
        try {
            final FieldMapping.Builder builder = new FieldMapping.Builder(target);
            final ValueType type = field.type() == null ? ValueType.STRING : ValueType.fromKey(field.type()).orElse(null);
            if (type == null) {
                problems.add(target + ": unknown type '" + field.type() + "'; use one of " + ValueType.keys());
                return Optional.empty();
            }
            builder.type(type);
            compileFormats(target, field, type, builder);
            final boolean hasSource = compileSource(target, field, tracker, builder);
            if (field.when() != null) {
                builder.condition(compileCondition(target, field.when(), tracker));
            }
            compileValueMap(target, field, builder, presetCrm);
            compileRanges(target, field, type, builder, presetCrm);
            compileBounds(target, field, type, builder, presetCrm);
            compileMaxLength(target, field, type, builder, presetCrm);
            compileDigitsOnly(target, field, type, builder, presetCrm);
            compilePadDigitsTo(target, field, type, builder);
            if (field.defaultValue() != null) {
                builder.defaultValue(field.defaultValue());
            }
            final boolean required = Boolean.TRUE.equals(field.required());
            builder.required(required);
            if (problems.size() > problemsBefore) {
                return Optional.empty();
            }
            if (hasSource && tracker.requested > 0 && tracker.available == 0 && field.defaultValue() == null && !required) {
                // none of its sources is in the records: the field is left out (a required one stays, and says what is missing)
                return Optional.empty();
            }
            final FieldMapping mapping = builder.build();
            if (mapping.notes()) {
                droppingFields.add(target);
            }
            return Optional.of(mapping);
        } catch (final MappingConfigurationException e) {
            problems.addAll(e.getProblems());
            return Optional.empty();
        }
    }

    private void compileRanges(final String target, final FieldSpecification field, final ValueType type, final FieldMapping.Builder builder,
                               final String presetCrm) {
        if (field.ranges() == null || presetCrm != null && sourceSchema == targetSchema) {
            // from the target's own layout (HubSpot → HubSpot) the value is one the CRM gave, a range it has beyond the preset's too
            return;
        }
        if (type != ValueType.STRING) {
            problems.add(target + ": \"ranges\" writes a range as text, not as " + type.getKey() + "; remove \"type\" or \"ranges\"");
            return;
        }
        try {
            builder.ranges(NumberRanges.of(field.ranges()), presetCrm);
        } catch (final IllegalArgumentException e) {
            problems.add(target + ": " + e.getMessage());
        }
    }

    private void compileBounds(final String target, final FieldSpecification field, final ValueType type, final FieldMapping.Builder builder,
                               final String presetCrm) {
        if (field.minimum() == null && field.maximum() == null) {
            return;
        }
        if (type != ValueType.INT && type != ValueType.LONG && type != ValueType.DOUBLE && type != ValueType.DECIMAL) {
            problems.add(target + ": \"minimum\" and \"maximum\" apply to the types int, long, double and decimal, not " + type.getKey()
                    + "; add \"type\": \"int\" (or another number type) or remove them");
            return;
        }
        try {
            builder.bounds(NumberBounds.of(field.minimum(), field.maximum()), presetCrm);
        } catch (final IllegalArgumentException e) {
            problems.add(target + ": " + e.getMessage());
        }
    }

    private void compileMaxLength(final String target, final FieldSpecification field, final ValueType type, final FieldMapping.Builder builder,
                                  final String presetCrm) {
        if (field.maxLength() == null) {
            return;
        }
        if (type != ValueType.STRING) {
            problems.add(target + ": \"maxLength\" applies to the type string, not " + type.getKey() + "; remove \"type\" or \"maxLength\"");
            return;
        }
        if (field.maxLength() < 1) {
            problems.add(target + ": \"maxLength\" is " + field.maxLength() + "; give the most characters the target takes, 1 or more");
            return;
        }
        builder.maxLength(field.maxLength(), presetCrm);
    }

    private void compileDigitsOnly(final String target, final FieldSpecification field, final ValueType type, final FieldMapping.Builder builder,
                                   final String presetCrm) {
        if (!Boolean.TRUE.equals(field.digitsOnly())) {
            return;
        }
        if (type != ValueType.STRING) {
            problems.add(target + ": \"digitsOnly\" applies to the type string, not " + type.getKey() + "; remove \"type\" or \"digitsOnly\"");
            return;
        }
        builder.digitsOnly(presetCrm);
    }

    private void compilePadDigitsTo(final String target, final FieldSpecification field, final ValueType type, final FieldMapping.Builder builder) {
        if (field.padDigitsTo() == null) {
            return;
        }
        if (type != ValueType.STRING) {
            problems.add(target + ": \"padDigitsTo\" applies to the type string, not " + type.getKey() + "; remove \"type\" or \"padDigitsTo\"");
            return;
        }
        if (field.padDigitsTo() < 2) {
            problems.add(target + ": \"padDigitsTo\" is " + field.padDigitsTo() + "; give the digits of the code with its leading zeros, 2 or more");
            return;
        }
        builder.padDigitsTo(field.padDigitsTo());
    }

    private void compileFormats(final String target, final FieldSpecification field, final ValueType type, final FieldMapping.Builder builder) {
        final boolean temporal = type == ValueType.DATE || type == ValueType.TIMESTAMP;
        final boolean fromExport = Boolean.TRUE.equals(field.exportDates());
        final String exportKey = fromExport ? "exportDates" : field.exportDatesFrom() != null ? "exportDatesFrom" : null;
        if ((field.inputFormats() != null || exportKey != null) && !temporal) {
            problems.add(target + ": \"" + (exportKey != null ? exportKey : "inputFormats")
                    + "\" applies to the types date and timestamp; add \"type\": \"timestamp\" (or \"date\")");
            return;
        }
        if (field.exportDatesFrom() != null) {
            checkExportDatesFrom(target, field, fromExport);
        }
        if (fromExport) {
            builder.inputFormats(exportFormats(target, field));
        } else if (field.inputFormats() != null) {
            builder.inputFormats(inputFormats(target, field));
        }
        if (field.format() != null) {
            temporalFormat(target, field.format()).ifPresent(builder::outputFormat);
        }
    }

    private List<TemporalFormat> inputFormats(final String target, final FieldSpecification field) {
        final List<TemporalFormat> formats = new ArrayList<>();
        for (final String pattern : field.inputFormats() == null ? List.of(TemporalFormat.ISO) : field.inputFormats()) {
            temporalFormat(target, pattern).ifPresent(formats::add);
        }
        return formats;
    }

    /** A UI export's formats: the export's own first, then the field's, text without an offset in the export's zone. */
    private List<TemporalFormat> exportFormats(final String target, final FieldSpecification field) {
        final List<TemporalFormat> formats = new ArrayList<>();
        if (exportDates.format() != null) {
            // the export's own format first: a pattern never reads an API's ISO-8601 text, so the order costs those nothing
            formats.add(exportDates.format());
        }
        formats.addAll(inputFormats(target, field));
        return formats.stream().map(format -> format.inZone(exportDates.zone())).toList();
    }

    private void checkExportDatesFrom(final String target, final FieldSpecification field, final boolean fromExport) {
        if (fromExport) {
            problems.add(target + ": \"exportDates\": true reads every path as an export's; give it or \"exportDatesFrom\", not both");
        } else if (field.coalesce() == null || !field.coalesce().containsAll(field.exportDatesFrom())) {
            problems.add(target + ": \"exportDatesFrom\" names paths of the field's \"coalesce\" that are a UI export's columns; "
                    + "list each of them in \"coalesce\" too");
        }
    }

    /**
     * The reader of a UI export's column among a field's coalesce paths: its text is read in the export's formats and zone here, so
     * the field's own formats (an API's UTC) read the other paths.
     */
    private ValueReader exportColumn(final ValueReader column, final String target, final String sourceDescription,
                                     final List<TemporalFormat> formats, final boolean date) {
        return (record, notes) -> {
            final Object value = column.read(record, notes);
            if (!(value instanceof String text) || text.isBlank()) {
                return value;
            }
            try {
                return date ? java.sql.Date.valueOf(ValueType.toLocalDate(text, formats)) : java.sql.Timestamp.from(ValueType.toInstant(text, formats));
            } catch (final ValueMappingException e) {
                throw new ValueMappingException(target + ": the value of " + sourceDescription + " " + e.getMessage());
            }
        };
    }

    private Optional<TemporalFormat> temporalFormat(final String target, final String pattern) {
        try {
            return Optional.of(TemporalFormat.of(pattern));
        } catch (final IllegalArgumentException | NullPointerException e) {
            problems.add(target + ": '" + pattern + "' is not a date pattern (" + e.getMessage() + "); use ISO, epoch-millis or a "
                    + "java.time pattern such as yyyy-MM-dd'T'HH:mm:ss.SSSZ or MM/dd/yyyy");
            return Optional.empty();
        }
    }

    private boolean compileSource(final String target, final FieldSpecification field, final PathResolver resolver,
                                  final FieldMapping.Builder builder) throws MappingConfigurationException {
        final List<String> given = new ArrayList<>();
        if (field.from() != null) {
            given.add("from");
        }
        if (field.fromCanonical() != null) {
            given.add("fromCanonical");
        }
        if (field.coalesce() != null) {
            given.add("coalesce");
        }
        if (field.concat() != null) {
            given.add("concat");
        }
        if (field.split() != null) {
            given.add("split");
        }
        if (field.constant() != null) {
            given.add("constant");
        }
        if (given.size() > 1) {
            throw new MappingConfigurationException(target + ": give only one of " + SOURCE_KEYS + " (found " + String.join(" and ", given) + ")");
        }
        if (given.isEmpty()) {
            if (field.defaultValue() == null) {
                throw new MappingConfigurationException(target + ": say where the value comes from with one of " + SOURCE_KEYS
                        + " (or give only a \"default\")");
            }
            return false;
        }
        // a reason names the record's own fields, also where the field reads a canonical field (a target preset's, fromCanonical)
        // and a coalesce's reason the path that gave the record's value (its origin)
        switch (given.get(0)) {
            case "from" -> {
                final ValueReader reader = resolver.resolve(field.from(), target);
                builder.source(reader, resolver.describe(field.from())).origin(resolver.origin(field.from(), reader));
            }
            case "fromCanonical" -> {
                final ValueReader reader = readCanonical(target, field.fromCanonical(), resolver);
                builder.source(reader, describeCanonical("/" + field.fromCanonical())).origin(canonicalPaths.origin("/" + field.fromCanonical(), reader));
            }
            case "coalesce" -> {
                final List<Origin> origins = new ArrayList<>();
                builder.source(ValueSources.coalesce(coalesced(target, field, resolver, origins)), described(field.coalesce(), ", ", resolver))
                        .origin(Origin.first(origins));
            }
            case "concat" -> builder.source(ValueSources.concat(resolveAll(target, "concat", field.concat(), resolver),
                    field.separator() == null ? " " : field.separator()), described(field.concat(), " + ", resolver));
            case "split" -> builder.source(compileSplit(target, field, resolver), resolver.describe(field.split()));
            default -> {
                builder.constant(field.constant());
                return false;
            }
        }
        return true;
    }

    /** How a reason names a field's paths (of a coalesce or concat, already checked), joined. */
    private static String described(final List<String> paths, final String joiner, final PathResolver resolver) {
        final List<String> names = new ArrayList<>(paths.size());
        paths.forEach(path -> names.add(resolver.describe(path)));
        return String.join(joiner, names);
    }

    /** @param origins collects, per path, which record field gives its value */
    private List<ValueReader> coalesced(final String target, final FieldSpecification field, final PathResolver resolver, final List<Origin> origins)
            throws MappingConfigurationException {
        final List<ValueReader> readers = resolveAll(target, "coalesce", field.coalesce(), resolver);
        for (int i = 0; i < readers.size(); i++) {
            origins.add(resolver.origin(field.coalesce().get(i), readers.get(i)));
        }
        if (field.exportDatesFrom() == null || Boolean.TRUE.equals(field.exportDates())) {
            return readers;
        }
        final List<TemporalFormat> formats = exportFormats(target, field);
        final boolean date = ValueType.fromKey(field.type() == null ? "" : field.type()).orElse(null) == ValueType.DATE;
        final List<ValueReader> read = new ArrayList<>(readers.size());
        for (int i = 0; i < readers.size(); i++) {
            read.add(field.exportDatesFrom().contains(field.coalesce().get(i))
                    ? exportColumn(readers.get(i), target, resolver.describe(field.coalesce().get(i)), formats, date) : readers.get(i));
        }
        return read;
    }

    private List<ValueReader> resolveAll(final String target, final String key, final List<String> paths, final PathResolver resolver)
            throws MappingConfigurationException {
        if (paths.isEmpty()) {
            throw new MappingConfigurationException(target + ": \"" + key + "\" lists no source paths; list at least one, e.g. [\"/FirstName\", \"/LastName\"]");
        }
        final List<ValueReader> readers = new ArrayList<>();
        for (final String path : paths) {
            if (path == null || path.isBlank()) {
                throw new MappingConfigurationException(target + ": \"" + key + "\" lists an empty source path (null or \"\"); remove it");
            }
            readers.add(resolver.resolve(path, target));
        }
        return readers;
    }

    private ValueReader compileSplit(final String target, final FieldSpecification field, final PathResolver resolver)
            throws MappingConfigurationException {
        final ValueReader reader = resolver.resolve(field.split(), target);
        final String using = field.using() == null ? "" : field.using();
        final String part = field.part() == null ? "" : field.part().trim();
        if (field.country() != null && !using.equals("person-name")) {
            throw new MappingConfigurationException(target + ": \"country\" is for a person-name split (a Spanish-speaking country's "
                    + "names end in two family names, a Portuguese-speaking country's in one after the mother's); a " + (using.isEmpty() ? "value" : using) + " split takes none");
        }
        switch (using) {
            case "person-name" -> {
                final PersonName.Part namePart = PersonName.Part.fromKey(part);
                if (namePart == null) {
                    throw new MappingConfigurationException(target + ": unknown name part '" + part
                            + "'; a person-name split takes \"part\": salutation, first, middle, last or suffix");
                }
                if (field.country() == null) {
                    return ValueSources.personNamePart(reader, namePart, null);
                }
                if (field.country().isBlank()) {
                    throw new MappingConfigurationException(target + ": \"country\" is empty; give the source path of the record's country, "
                            + "e.g. \"/MailingCountry\"");
                }
                return ValueSources.personNamePart(reader, namePart, resolver.resolve(field.country(), target));
            }
            case "lines", "separator" -> {
                final boolean rest = part.endsWith("+");
                final String number = rest ? part.substring(0, part.length() - 1) : part;
                if (!number.matches("[1-9][0-9]*")) {
                    throw new MappingConfigurationException(target + ": unknown part '" + part + "'; a " + using
                            + " split takes \"part\": 1, 2, 3... or 3+ for the third piece and all after it");
                }
                if (using.equals("separator") && (field.separator() == null || field.separator().isEmpty())) {
                    throw new MappingConfigurationException(target + ": a separator split needs \"separator\", e.g. \";\"");
                }
                return ValueSources.piece(reader, using.equals("lines") ? null : field.separator(), Integer.parseInt(number) - 1, rest);
            }
            case "url" -> {
                if (!part.equals("domain")) {
                    throw new MappingConfigurationException(target + ": unknown part '" + part + "'; a url split takes \"part\": domain");
                }
                return ValueSources.domain(reader);
            }
            default -> throw new MappingConfigurationException(target + ": unknown split '" + using
                    + "'; \"using\" takes person-name (full name into parts), lines (multi-line street into lines), separator or url"
                    + " (a website's domain)");
        }
    }

    private Condition compileCondition(final String target, final ConditionSpecification when, final PathResolver resolver)
            throws MappingConfigurationException {
        if (when.field() == null) {
            throw new MappingConfigurationException(target + ": \"when\" needs \"field\", the source path the condition tests");
        }
        final int tests = (when.equalTo() == null ? 0 : 1) + (when.notEqualTo() == null ? 0 : 1) + (when.in() == null ? 0 : 1)
                + (when.exists() == null ? 0 : 1);
        if (tests != 1) {
            throw new MappingConfigurationException(target + ": \"when\" takes exactly one test of equals, notEquals, in or exists (found " + tests + ")");
        }
        if (when.in() != null && when.in().stream().anyMatch(Objects::isNull)) {
            throw new MappingConfigurationException(target + ": \"when\" lists null in \"in\"; list the values the field is to hold as text, "
                    + "or test {\"exists\": false} for a field without a value");
        }
        if (when.exists() != null && when.ignoreCase() != null) {
            throw new MappingConfigurationException(target + ": \"when\" takes \"ignoreCase\" with equals, notEquals or in; \"exists\" "
                    + "compares no value");
        }
        final ValueReader field = resolver.resolve(when.field(), target);
        if (when.exists() != null) {
            return Condition.exists(field, when.exists());
        }
        final boolean ignoreCase = Boolean.TRUE.equals(when.ignoreCase());
        if (when.in() != null) {
            return Condition.equalTo(field, new HashSet<>(when.in()), false, ignoreCase);
        }
        return when.equalTo() != null ? Condition.equalTo(field, Set.of(when.equalTo()), false, ignoreCase)
                : Condition.equalTo(field, Set.of(when.notEqualTo()), true, ignoreCase);
    }

    /**
     * @param presetCrm the CRM of the target preset the field belongs to (its value map lists all the CRM takes, so a refusal names
     *                  the CRM), or null for an operator's field or a canonical field
     */
    private void compileValueMap(final String target, final FieldSpecification field, final FieldMapping.Builder builder, final String presetCrm) {
        UnmappedValuePolicy policy;
        if (field.unmapped() == null) {
            policy = UnmappedValuePolicy.KEEP;
        } else {
            policy = UnmappedValuePolicy.fromKey(field.unmapped()).orElse(null);
            if (policy == null) {
                problems.add(target + ": unknown \"unmapped\" policy '" + field.unmapped() + "'; use keep, null, drop, default or invalid");
                return;
            }
        }
        if (field.dropReason() != null && (field.dropReason().isBlank() || (field.drop() == null && policy != UnmappedValuePolicy.DROP))) {
            problems.add(target + ": \"dropReason\" says why values listed in \"drop\" (or left empty by \"unmapped\": \"drop\") are "
                    + "left empty; list them, or remove \"dropReason\"");
            return;
        }
        if (field.values() == null && field.crosswalk() == null && field.drop() == null) {
            if (field.unmapped() != null) {
                problems.add(target + ": \"unmapped\" applies to a value map; add \"values\", \"crosswalk\" or \"drop\", or remove \"unmapped\" "
                        + "(alone, with its \"default\", it changes the value map of a Target Schema preset's field of that name)");
            }
            if (field.lossy() != null) {
                problems.add(target + ": \"lossy\" names rows of a value map; add \"values\" or \"crosswalk\", or remove \"lossy\"");
            }
            if (field.nearest() != null) {
                problems.add(target + ": \"nearest\" says a value map's rows write the nearest value; add \"values\" or \"crosswalk\", or remove "
                        + "\"nearest\"");
            }
            if (field.ownOptionsFrom() != null) {
                problems.add(target + ": \"ownOptionsFrom\" says which numbers no row of a value map knows are an organisation's own options; "
                        + "add \"values\" or \"crosswalk\", or remove \"ownOptionsFrom\"");
            }
            if (field.noOption() != null) {
                problems.add(target + ": \"noOption\" says why a value map has no row for some values; add \"values\" or \"crosswalk\", or "
                        + "remove \"noOption\"");
            }
            if (field.sameMeaning() != null) {
                problems.add(target + ": \"sameMeaning\" names rows of a value map; add \"values\" or \"crosswalk\", or remove \"sameMeaning\"");
            }
            return;
        }
        if (field.ownOptionsFrom() != null && field.ownOptionsFrom() < 1) {
            problems.add(target + ": \"ownOptionsFrom\" is " + field.ownOptionsFrom() + "; give the least option number an organisation adds "
                    + "(Dataverse's 100000000), 1 or more");
            return;
        }
        if (policy != UnmappedValuePolicy.KEEP && policy != UnmappedValuePolicy.NULL && presetCrm != null && sourceSchema == targetSchema) {
            // the value came from the target's own layout (HubSpot → HubSpot), so the CRM holds it: an option it has beyond the preset's
            // table, or one it retired, goes back unchanged (also where the operator set the policy of a restricted picklist)
            policy = UnmappedValuePolicy.KEEP;
        }
        if (policy == UnmappedValuePolicy.DEFAULT && field.defaultValue() == null) {
            problems.add(target + ": \"unmapped\": \"default\" needs a \"default\" value");
            return;
        }
        final Map<String, String> entries = new LinkedHashMap<>();
        if (field.crosswalk() != null) {
            final Map<String, String> table = crosswalks.get(field.crosswalk());
            if (table == null) {
                if (!specification.crosswalks().containsKey(field.crosswalk())) {
                    problems.add(target + ": crosswalk '" + field.crosswalk() + "' is not declared in \"crosswalks\" (declared: "
                            + (specification.crosswalks().isEmpty() ? "none" : String.join(", ", specification.crosswalks().keySet())) + ")");
                }
                return;
            }
            if (matchedTwice(table, Boolean.TRUE.equals(field.ignoreCase())) != null) {
                problems.add(target + ": crosswalk '" + field.crosswalk() + "' lists one value twice" + (Boolean.TRUE.equals(field.ignoreCase())
                        ? " regardless of case" : "") + " with different targets; keep one row per value"
                        + (Boolean.TRUE.equals(field.ignoreCase()) ? ", or remove \"ignoreCase\"" : ""));
                return;
            }
            entries.putAll(table);
        }
        if (field.values() != null) {
            if (field.values().values().stream().anyMatch(Objects::isNull)) {
                problems.add(target + ": \"values\" maps a value to null; write the target value as text, or list the value in \"drop\" "
                        + "(left empty, and said so on the record) or leave it out and set \"unmapped\" to null");
                return;
            }
            final String twice = matchedTwice(field.values(), Boolean.TRUE.equals(field.ignoreCase()));
            if (twice != null) {
                problems.add(target + ": \"values\" maps " + twice + " to different targets, and the map reads them as one value ("
                        + (Boolean.TRUE.equals(field.ignoreCase()) ? "ignoreCase, " : "")
                        + "spaces around a value not counted, HTML entities read as their characters); keep one");
                return;
            }
            entries.putAll(field.values());
        }
        final List<String> drops = field.drop() == null ? List.of() : field.drop();
        if (!compileDrops(target, field, drops)) {
            return;
        }
        // a value listed to drop wins over a crosswalk's row for it, as inline values do; one the target has but refuses from this
        // load (a dropReason, and the value in "values" too) keeps what it would be written as, for its note
        final boolean ignoreCase = Boolean.TRUE.equals(field.ignoreCase());
        final Map<String, String> dropped = new LinkedHashMap<>();
        drops.forEach(value -> dropped.put(value.trim(), null));
        final Map<String, String> keyOfDropped = new HashMap<>();
        dropped.keySet().forEach(value -> keyOfDropped.put(ValueMap.entryKey(value, ignoreCase), value));
        final Map<String, String> inline = field.values() == null ? Map.of() : field.values();
        inline.forEach((key, value) -> {
            final String listed = keyOfDropped.get(ValueMap.entryKey(key, ignoreCase));
            if (listed != null) {
                dropped.put(listed, value);
            }
        });
        entries.keySet().removeIf(key -> keyOfDropped.containsKey(ValueMap.entryKey(key, ignoreCase)));
        final Map<String, String> lossy = field.lossy() == null ? Map.of() : field.lossy();
        if (!compileLossy(target, lossy, entries, ignoreCase)) {
            return;
        }
        final Map<String, String> noOption = field.noOption() == null ? Map.of() : field.noOption();
        if (!compileNoOption(target, noOption, entries, ignoreCase)) {
            return;
        }
        final List<String> sameMeaning = field.sameMeaning() == null ? List.of() : field.sameMeaning();
        if (!compileSameMeaning(target, field, sameMeaning, entries, lossy, ignoreCase)) {
            return;
        }
        builder.valueMap(new ValueMap(entries, dropped, field.dropReason(), ignoreCase, policy, presetCrm, lossy,
                field.ownOptionsFrom() == null ? 0 : field.ownOptionsFrom(), Boolean.TRUE.equals(field.nearest()), readBack(field, presetCrm),
                noOption, sameMeaning));
    }

    /**
     * "sameMeaning" names rows of a nearest value map (written without a note, counted), none of them lossy (noted): a row whose written
     * value has its key's meaning though the target reads it back as another code.
     */
    private boolean compileSameMeaning(final String target, final FieldSpecification field, final List<String> sameMeaning,
                                       final Map<String, String> entries, final Map<String, String> lossy, final boolean ignoreCase) {
        if (sameMeaning.isEmpty()) {
            return true;
        }
        if (!Boolean.TRUE.equals(field.nearest())) {
            problems.add(target + ": \"sameMeaning\" names rows of a value map that are no approximation; it applies with \"nearest\": true, "
                    + "add it or remove \"sameMeaning\"");
            return false;
        }
        final Set<String> rows = new HashSet<>();
        entries.keySet().forEach(key -> rows.add(ValueMap.entryKey(key, ignoreCase)));
        final Set<String> lossyRows = new HashSet<>();
        lossy.keySet().forEach(key -> lossyRows.add(ValueMap.entryKey(key, ignoreCase)));
        for (final String row : sameMeaning) {
            final String key = row == null ? null : ValueMap.entryKey(row, ignoreCase);
            if (key == null || !rows.contains(key)) {
                problems.add(target + ": \"sameMeaning\" names '" + row + "', which is no row of the value map; list values of \"values\" "
                        + "(or the crosswalk) written as a value of the same meaning");
                return false;
            }
            if (lossyRows.contains(key)) {
                problems.add(target + ": \"sameMeaning\" names '" + row + "', which \"lossy\" says loses part of its meaning; remove one of the two");
                return false;
            }
        }
        return true;
    }

    /** A value "noOption" names is no row of the map (it has no option), and has a reason. */
    private boolean compileNoOption(final String target, final Map<String, String> noOption, final Map<String, String> entries, final boolean ignoreCase) {
        final Set<String> rows = new HashSet<>();
        entries.keySet().forEach(key -> rows.add(ValueMap.entryKey(key, ignoreCase)));
        for (final Map.Entry<String, String> value : noOption.entrySet()) {
            if (rows.contains(ValueMap.entryKey(value.getKey(), ignoreCase))) {
                problems.add(target + ": \"noOption\" names '" + value.getKey() + "', which is a row of the value map; remove one of the two");
                return false;
            }
            if (value.getValue() == null || value.getValue().isBlank()) {
                problems.add(target + ": \"noOption\" gives '" + value.getKey() + "' no text; say why the target has no option near it");
                return false;
            }
        }
        return true;
    }

    /**
     * How the target preset reads a value its field writes back into the canonical field the field writes from (Dynamics 365's
     * customertypecode 3 as account_type customer): the meaning of a written value where its words or a number do not say it. Nothing
     * for an operator's field, or a field whose canonical field the preset reads without a value map.
     */
    private UnaryOperator<String> readBack(final FieldSpecification field, final String presetCrm) {
        final FieldSpecification read = presetCrm == null || targetSchema == null || field.from() == null ? null
                : Preset.of(targetSchema).read().fields().get(field.from().substring(1));
        if (read == null || read.values() == null) {
            return value -> null;
        }
        final boolean ignoreCase = Boolean.TRUE.equals(read.ignoreCase());
        final Map<String, String> codes = new HashMap<>();
        read.values().forEach((value, code) -> codes.put(ignoreCase ? value.trim().toLowerCase(Locale.ROOT) : value.trim(), code));
        return value -> codes.get(ignoreCase ? value.trim().toLowerCase(Locale.ROOT) : value.trim());
    }

    /** A lossy row is a row of the map (a value it writes), with what the written value loses. */
    private boolean compileLossy(final String target, final Map<String, String> lossy, final Map<String, String> entries, final boolean ignoreCase) {
        final Set<String> rows = new HashSet<>();
        entries.keySet().forEach(key -> rows.add(ValueMap.entryKey(key, ignoreCase)));
        for (final Map.Entry<String, String> row : lossy.entrySet()) {
            if (!rows.contains(ValueMap.entryKey(row.getKey(), ignoreCase))) {
                problems.add(target + ": \"lossy\" names '" + row.getKey() + "', which is no row of the value map; list values of \"values\" "
                        + "(or the crosswalk) whose target value is broader or partial");
                return false;
            }
            if (row.getValue() == null || row.getValue().isBlank()) {
                problems.add(target + ": \"lossy\" gives '" + row.getKey() + "' no text; say what its target value loses, e.g. \"leaves out sales\"");
                return false;
            }
        }
        return true;
    }

    /**
     * Two keys of a value map that the map reads as one value (trimmed, HTML entities as their characters, and regardless of case with
     * ignoreCase: {@link ValueMap#entryKey}) but that map to different targets, as {@code 'Mr.' and 'MR.'}, {@code 'R&amp;D' and 'R&D'};
     * null when there are none. One of them would win silently.
     */
    private static String matchedTwice(final Map<String, String> map, final boolean ignoreCase) {
        final Map<String, String> spelledAs = new HashMap<>();
        for (final Map.Entry<String, String> entry : map.entrySet()) {
            final String key = ValueMap.entryKey(entry.getKey(), ignoreCase);
            final String previous = spelledAs.putIfAbsent(key, entry.getKey());
            if (previous != null && !Objects.equals(map.get(previous), entry.getValue())) {
                return "'" + previous + "' and '" + entry.getKey() + "'";
            }
        }
        return null;
    }

    /**
     * A drop list names values: none null or blank, none also given a target value in "values" unless a "dropReason" says why the
     * target refuses a value it has (then "values" says what it would be written as).
     */
    private boolean compileDrops(final String target, final FieldSpecification field, final List<String> drops) {
        if (drops.stream().anyMatch(value -> value == null || value.isBlank())) {
            problems.add(target + ": \"drop\" lists an empty value (null or \"\"); list the source values the target has no equivalent of");
            return false;
        }
        if (field.values() == null || field.dropReason() != null) {
            return true;
        }
        final boolean ignoreCase = Boolean.TRUE.equals(field.ignoreCase());
        final Set<String> mapped = new HashSet<>();
        field.values().keySet().forEach(key -> mapped.add(ValueMap.entryKey(key, ignoreCase)));
        final List<String> both = drops.stream()
                .filter(value -> mapped.contains(ValueMap.entryKey(value, ignoreCase))).toList();
        if (!both.isEmpty()) {
            problems.add(target + ": " + String.join(", ", both) + " is listed both in \"values\" and in \"drop\"; keep one");
            return false;
        }
        return true;
    }

    /** Turns a source path into a reader; the two implementations read the source record or canonical fields. */
    @FunctionalInterface
    private interface PathResolver {
        ValueReader resolve(String path, String usedBy) throws MappingConfigurationException;

        /** How a reason names a path the resolver resolved: as written, unless it names a field the record gives under other names. */
        default String describe(final String path) {
            return path;
        }

        /** Which record field gives the value of a path the resolver resolved to the reader, named as {@link #describe} names it. */
        default Origin origin(final String path, final ValueReader reader) {
            return Origin.path(describe(path), reader);
        }
    }

    /** Counts how many of a field's paths resolve to something the source provides. */
    private static final class AvailabilityTracker implements PathResolver {
        private final PathResolver delegate;
        private int requested;
        private int available;

        private AvailabilityTracker(final PathResolver delegate) {
            this.delegate = delegate;
        }

        @Override
        public ValueReader resolve(final String path, final String usedBy) throws MappingConfigurationException {
            return counted(delegate.resolve(path, usedBy));
        }

        @Override
        public String describe(final String path) {
            return delegate.describe(path);
        }

        @Override
        public Origin origin(final String path, final ValueReader reader) {
            return delegate.origin(path, reader);
        }

        /** Counts a reader resolved elsewhere (a canonical field a specification's own field reads). */
        private ValueReader counted(final ValueReader reader) {
            requested++;
            if (reader != ValueReader.NONE) {
                available++;
            }
            return reader;
        }
    }
}
