package dev.nificrm.mapping;

import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordFieldType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one target field's value is computed, compiled: condition → source → value map → ranges → default → type → format → padded
 * digits → bounds → length → digits only.
 * Immutable and thread-safe; everything that can be decided once (paths, formats, the converted default) was.
 */
final class FieldMapping {
    private final String target;
    private final String sourceDescription;
    private final boolean readsRecord;
    private final Condition condition;
    private final ValueReader source;
    private final ValueMap valueMap;
    /** Which of the paths gave a record's value and its text, or null where none can be told (a constant, a concat) */
    private final Origin origin;
    /** How a reason names the source: [0] all its paths (none gave a value, or one path only), [1 + i] the origin's path i alone */
    private final String[] sourceNames;
    // the notes, per name of the source (as sourceNames)
    private final List<Map<ValueMap.Lossy, String>> lossyNotes;
    private final String[] defaultNotes;
    private final List<Map<ValueMap.NoOption, String>> noOptionDefaultNotes;
    private final String[] ownOptionNotes;
    private final NumberRanges ranges;
    private final String rangesCrm;
    private final NumberBounds bounds;
    private final String boundsCrm;
    private final int maxLength;
    private final String maxLengthCrm;
    private final boolean digitsOnly;
    private final String digitsOnlyCrm;
    private final int padDigitsTo;
    private final Object defaultValue;
    private final ValueType type;
    private final List<TemporalFormat> inputFormats;
    private final TemporalFormat outputFormat;
    private final boolean required;

    private FieldMapping(final Builder builder, final Object defaultValue) {
        this.target = builder.target;
        this.sourceDescription = builder.sourceDescription;
        this.readsRecord = builder.readsRecord;
        this.condition = builder.condition;
        this.source = builder.source;
        this.valueMap = builder.valueMap;
        this.ranges = builder.ranges;
        this.rangesCrm = builder.rangesCrm;
        this.bounds = builder.bounds;
        this.boundsCrm = builder.boundsCrm;
        this.maxLength = builder.maxLength;
        this.maxLengthCrm = builder.maxLengthCrm;
        this.digitsOnly = builder.digitsOnly;
        this.digitsOnlyCrm = builder.digitsOnlyCrm;
        this.padDigitsTo = builder.padDigitsTo;
        this.type = builder.type;
        this.inputFormats = List.copyOf(builder.inputFormats);
        this.outputFormat = builder.outputFormat;
        this.required = builder.required;
        this.defaultValue = defaultValue;
        this.origin = builder.origin;
        final List<String> names = new ArrayList<>();
        names.add(sourceDescription);
        if (origin != null && origin.names().size() > 1) {
            names.addAll(origin.names());
        }
        this.sourceNames = names.toArray(new String[0]);
        // the notes name the field, its source (each path that may give the value), the rows and the default: built here, once, not per record
        final boolean notesDefault = valueMap != null && valueMap.notesDefault() && defaultValue != null;
        this.lossyNotes = new ArrayList<>(sourceNames.length);
        this.defaultNotes = new String[sourceNames.length];
        this.noOptionDefaultNotes = new ArrayList<>(sourceNames.length);
        this.ownOptionNotes = new String[sourceNames.length];
        for (int i = 0; i < sourceNames.length; i++) {
            lossyNotes.add(valueMap == null ? Map.of() : valueMap.lossyNotes(target, sourceNames[i]));
            defaultNotes[i] = notesDefault ? valueMap.defaultNote(target, sourceNames[i], defaultValue) : null;
            noOptionDefaultNotes.add(notesDefault ? valueMap.noOptionDefaultNotes(target, sourceNames[i], defaultValue) : Map.of());
            ownOptionNotes[i] = valueMap == null ? null : valueMap.ownOption(target, sourceNames[i]);
        }
    }

    /**
     * Which of the field's paths gave the record's value (the one a coalesce took), and the text read there, for the reasons and notes of
     * that record; read again only when one is written.
     */
    Origin origin() {
        return origin != null ? origin : Origin.whole(sourceDescription);
    }

    /** {@link #origin()} as a field reading this one sees it: the text told only where this field's value map lists it. */
    Origin originListed() {
        return origin().listedBy(text -> valueMap != null && valueMap.lists(text));
    }

    /** The index in sourceNames of how the record's reasons name the source: the path that gave its value, or all of them. */
    private int named(final Origin.Given given) {
        return sourceNames.length == 1 || given.path() < 0 ? 0 : given.path() + 1;
    }

    private Origin.Given given(final Record record) {
        return origin == null ? Origin.Given.NONE : origin.of(record);
    }

    /** How the record's reasons name the source: the path that gave its value (of a coalesce), or the field's paths. */
    private String source(final Record record) {
        return sourceNames[named(given(record))];
    }

    /** The target field name as the specification wrote it. */
    String getTarget() {
        return target;
    }

    /**
     * How the field's reasons name the record's fields it reads (a path, or paths joined as its coalesce or concat joins them), or
     * null where it reads none (a constant, or a default alone).
     */
    String recordFields() {
        return readsRecord ? sourceDescription : null;
    }

    /** The record type of the written value: text when an output format is set, else the field's type. */
    DataType getDataType() {
        return outputFormat == null ? type.getDataType() : RecordFieldType.STRING.getDataType();
    }

    /**
     * Whether a value map of this field can note something on the record: the field left empty (its {@code drop} list or
     * {@code "unmapped": "drop"}), a lossy row taken, a preset's field written as its default, or an organisation's own option kept.
     */
    boolean notes() {
        return valueMap != null && valueMap.notes();
    }

    /** Whether a row of this field's value map writes the nearest of the target's values, not one of the same meaning. */
    boolean approximates() {
        return valueMap != null && valueMap.approximates();
    }

    /**
     * Computes the value for one source record.
     *
     * @param notes collects a note for each field a value map leaves empty on purpose, this one or a canonical field it reads
     * @throws ValueMappingException with a reason that names the target and the source, never the value
     */
    Object evaluate(final Record record, final List<String> notes) throws ValueMappingException {
        return evaluate(record, notes, null);
    }

    /**
     * Computes the value for one source record, as a target field of the plan.
     *
     * @param approximated collects the target's name when its value map wrote the nearest value (a {@code nearest} row), or null
     * @see #evaluate(Record, List)
     */
    Object evaluate(final Record record, final List<String> notes, final List<String> approximated) throws ValueMappingException {
        final Object value = compute(record, notes, approximated);
        if (required && ValueSources.isEmpty(value)) {
            throw new ValueMappingException(target + ": is required by the target, and " + sourceDescription + " gives no value");
        }
        return value;
    }

    private Object compute(final Record record, final List<String> notes, final List<String> approximated) throws ValueMappingException {
        if (condition != null && !condition.test(record, notes)) {
            return defaultValue;
        }
        Object value = source.read(record, notes);
        if (ValueSources.isEmpty(value)) {
            return defaultValue;
        }
        boolean passedThrough = false;
        if (valueMap != null) {
            final Object read = value;
            try {
                value = valueMap.apply(value);
            } catch (final ValueMappingException e) {
                throw new ValueMappingException(valueMap.refusal(target, source(record), e.getMessage()));
            }
            passedThrough = value == read;
            if (value instanceof ValueMap.Dropped dropped) {
                // left empty on purpose: no default either, the note says why (and the source's own text of a value it lists)
                final Origin.Given given = given(record);
                notes.add(dropped.note(target, sourceNames[named(given)], given.text()));
                return null;
            }
            if (value == null) {
                return null;
            }
            if (value == ValueMap.OWN_OPTION) {
                final String ownOptionNote = ownOptionNotes[named(given(record))];
                if (valueMap.refusesOwnOptions()) {
                    throw new ValueMappingException(ownOptionNote);
                }
                notes.add(ownOptionNote);
                value = read;
            }
            if (value == ValueMap.USE_DEFAULT || value instanceof ValueMap.NoOption) {
                // a preset's map notes the default it wrote, with why where it lists the value as having no option near
                final int named = named(given(record));
                final String note = value == ValueMap.USE_DEFAULT ? defaultNotes[named] : noOptionDefaultNotes.get(named).get(value);
                if (note != null) {
                    notes.add(note);
                }
                return defaultValue;
            }
            value = unwrapNearest(unwrapLossy(value, record, notes), approximated);
        }
        if (ranges != null) {
            final String range = ranges.rangeOf(value);
            if (range == null) {
                // the reason names the field, never the value (it may be anything a person typed)
                throw new ValueMappingException(rangesCrm == null
                        ? target + ": the value of " + source(record) + " is in none of its " + ranges.size() + " ranges"
                        : target + ": " + rangesCrm + " does not accept the value of " + source(record) + " (none of its "
                                + ranges.size() + " ranges holds it)");
            }
            value = range;
        }
        Object written;
        try {
            written = finish(value);
        } catch (final ValueMappingException e) {
            // a value in words that a target taking only its own options would refuse (a Dynamics 365 option set takes numbers)
            final Object asCode = passedThrough ? valueMap.mappedAsCode(value) : null;
            if (asCode == null && passedThrough && valueMap.belongsToPreset()) {
                // none of a preset's options, nor of the type the CRM takes beyond them (a Dynamics 365 option set's own number)
                // a value the preset lists as having no option near says why, which is more than that it is not of the type
                final String why = valueMap.whyNoOption(value);
                throw new ValueMappingException(valueMap.refusal(target, source(record),
                        valueMap.noneOfItsOptions() + (why.isEmpty() ? ", and it " + e.getMessage() : why)));
            }
            if (asCode == null) {
                throw new ValueMappingException(target + ": the value of " + source(record) + " " + e.getMessage());
            }
            written = finish(unwrapNearest(unwrapLossy(asCode, record, notes), approximated));
        }
        if (padDigitsTo > 0 && written instanceof String text && !text.isEmpty() && text.length() < padDigitsTo && isDigits(text)) {
            // a code whose leading zeros a number dropped (SIC 0111 kept as 111): only the code with them is one
            written = "0".repeat(padDigitsTo - text.length()) + text;
        }
        if (bounds != null && written instanceof Number number && !bounds.holds(number)) {
            // the reason names the bounds, never the value
            throw new ValueMappingException(boundsCrm == null
                    ? target + ": the value of " + source(record) + " is " + bounds.outside()
                    : target + ": " + boundsCrm + " does not accept the value of " + source(record) + " (it takes " + bounds.takes() + ")");
        }
        if (maxLength > 0 && written instanceof String text && text.length() > maxLength && text.codePointCount(0, text.length()) > maxLength) {
            // the reason names the limit, never the value
            throw new ValueMappingException(maxLengthCrm == null
                    ? target + ": the value of " + source(record) + " is longer than " + maxLength + " characters"
                    : target + ": " + maxLengthCrm + " does not accept the value of " + source(record) + " (it takes at most " + maxLength
                            + " characters)");
        }
        if (digitsOnly && written instanceof String text && !isDigits(text)) {
            // the reason names the rule, never the value
            throw new ValueMappingException(digitsOnlyCrm == null
                    ? target + ": the value of " + source(record) + " is not digits only"
                    : target + ": " + digitsOnlyCrm + " does not accept the value of " + source(record) + " (it takes digits only)");
        }
        return written;
    }

    /** The value a lossy row writes, noted on the record; any other value as it is. */
    private Object unwrapLossy(final Object mapped, final Record record, final List<String> notes) {
        if (mapped instanceof ValueMap.Lossy row) {
            notes.add(lossyNotes.get(named(given(record))).get(row));
            return row.written();
        }
        return mapped;
    }

    /** The value a nearest row writes, counted; any other value as it is. */
    private Object unwrapNearest(final Object mapped, final List<String> approximated) {
        if (mapped instanceof ValueMap.Nearest row) {
            if (approximated != null) {
                approximated.add(target);
            }
            return row.written();
        }
        return mapped;
    }

    /** Whether the text is ASCII digits 0 to 9 only: no sign, point, space or separator, which a numeric text field refuses. */
    private static boolean isDigits(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private Object finish(final Object value) throws ValueMappingException {
        final Object converted = type.convert(value, inputFormats);
        if (outputFormat == null) {
            return converted;
        }
        if (converted instanceof java.sql.Date date) {
            return outputFormat.format(date.toLocalDate());
        }
        return outputFormat.format(((java.sql.Timestamp) converted).toInstant());
    }

    /** Collects the parts of a field mapping; {@link #build()} converts the default once and checks it. */
    static final class Builder {
        private final String target;
        private String sourceDescription = "the source";
        private boolean readsRecord;
        private Condition condition;
        private ValueReader source = ValueReader.NONE;
        private Origin origin;
        private ValueMap valueMap;
        private NumberRanges ranges;
        private String rangesCrm;
        private NumberBounds bounds;
        private String boundsCrm;
        private int maxLength;
        private String maxLengthCrm;
        private boolean digitsOnly;
        private String digitsOnlyCrm;
        private int padDigitsTo;
        private Object defaultValue;
        private ValueType type = ValueType.STRING;
        private List<TemporalFormat> inputFormats = List.of(TemporalFormat.ISO_FORMAT);
        private TemporalFormat outputFormat;
        private boolean required;

        Builder(final String target) {
            this.target = target;
        }

        /** A source that reads the record, named in reasons by the description (its path or paths). */
        Builder source(final ValueReader reader, final String description) {
            this.source = reader;
            this.sourceDescription = description;
            this.readsRecord = true;
            return this;
        }

        /** Which of the source's paths gives a record's value (a coalesce's), for its reasons to name that one; else they name all. */
        Builder origin(final Origin value) {
            this.origin = value;
            return this;
        }

        /** A constant: the reasons name it as the constant. */
        Builder constant(final Object value) {
            this.source = ValueSources.constant(value);
            this.sourceDescription = "the constant";
            this.readsRecord = false;
            return this;
        }

        Builder condition(final Condition value) {
            this.condition = value;
            return this;
        }

        Builder valueMap(final ValueMap value) {
            this.valueMap = value;
            return this;
        }

        /** @param crm the CRM of the target preset whose ranges these are, named when a value fits none; null for an operator's */
        Builder ranges(final NumberRanges value, final String crm) {
            this.ranges = value;
            this.rangesCrm = crm;
            return this;
        }

        /** @param crm the CRM of the target preset whose bounds these are, named when a value is outside them; null for an operator's */
        Builder bounds(final NumberBounds value, final String crm) {
            this.bounds = value;
            this.boundsCrm = crm;
            return this;
        }

        /** @param crm the CRM of the target preset whose limit this is, named when a value is longer; null for an operator's */
        Builder maxLength(final int value, final String crm) {
            this.maxLength = value;
            this.maxLengthCrm = crm;
            return this;
        }

        /** @param crm the CRM of the target preset that takes digits only, named when a value has others; null for an operator's */
        Builder digitsOnly(final String crm) {
            this.digitsOnly = true;
            this.digitsOnlyCrm = crm;
            return this;
        }

        Builder padDigitsTo(final int value) {
            this.padDigitsTo = value;
            return this;
        }

        Builder defaultValue(final Object value) {
            this.defaultValue = value;
            return this;
        }

        Builder type(final ValueType value) {
            this.type = value;
            return this;
        }

        Builder inputFormats(final List<TemporalFormat> value) {
            this.inputFormats = value;
            return this;
        }

        Builder outputFormat(final TemporalFormat value) {
            this.outputFormat = value;
            return this;
        }

        Builder required(final boolean value) {
            this.required = value;
            return this;
        }

        FieldMapping build() throws MappingConfigurationException {
            if (outputFormat != null && type != ValueType.DATE && type != ValueType.TIMESTAMP) {
                throw new MappingConfigurationException(target + ": \"format\" applies to the types date and timestamp, not "
                        + type.getKey() + "; add \"type\": \"timestamp\" (or \"date\") or remove \"format\"");
            }
            final FieldMapping withoutDefault = new FieldMapping(this, null);
            if (defaultValue == null) {
                return withoutDefault;
            }
            try {
                final Object converted = withoutDefault.finish(defaultValue);
                if (bounds != null && converted instanceof Number number && !bounds.holds(number)) {
                    throw new MappingConfigurationException(target + ": the default is " + bounds.outside() + ", which the target does not take");
                }
                if (maxLength > 0 && converted instanceof String text && text.codePointCount(0, text.length()) > maxLength) {
                    throw new MappingConfigurationException(target + ": the default is longer than " + maxLength + " characters, which the target does not take");
                }
                if (digitsOnly && converted instanceof String text && !isDigits(text)) {
                    throw new MappingConfigurationException(target + ": the default is not digits only, which the target does not take");
                }
                return new FieldMapping(this, converted);
            } catch (final ValueMappingException e) {
                throw new MappingConfigurationException(target + ": the default " + e.getMessage() + "; give a default of type " + type.getKey());
            }
        }
    }

}
