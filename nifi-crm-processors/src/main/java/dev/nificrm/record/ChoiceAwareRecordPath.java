package dev.nificrm.record;

import org.apache.nifi.record.path.ArrayIndexFieldValue;
import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.record.path.MapEntryFieldValue;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.record.path.StandardFieldValue;
import org.apache.nifi.record.path.exception.RecordPathException;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.ArrayDataType;
import org.apache.nifi.serialization.record.type.ChoiceDataType;
import org.apache.nifi.serialization.record.type.MapDataType;
import org.apache.nifi.serialization.record.type.RecordDataType;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled RecordPath that selects the values it names also where a reader typed a field as a choice, as a JSON
 * reader inferring a schema does when records differ in shape. NiFi's RecordPath steps go by a field's declared type:
 * an index, {@code [*]} or a range after a field typed CHOICE[ARRAY, STRING] ({@code "contacts"} a list in one record,
 * text in another) selects nothing, and a descendant step ({@code //land}) enters only lists all of whose elements are
 * records ({@code [{"land": 276}, "see notes"]} is not entered). So the value is there and read as null. This evaluates
 * <ul>
 *     <li>a path of field names with a descendant step ({@code //land}, {@code /contact//land}, {@code //address/land}) by
 *     walking the values themselves, entering every record and every list, however typed, in the order NiFi would, giving
 *     every value of a map as NiFi's descendant step does (whatever its key), also where a choice holds the map, also
 *     a list the step before a descendant step reached ({@code /contacts//mail} finds the mail of each contact, where
 *     NiFi's RecordPath enters no such list, with or without a choice); a path going on after such names ({@code //phones[0]}, {@code //contacts[*][./type = 'work']/mail}) by walking to
 *     them and evaluating the rest on each record holding a field reached;</li>
 *     <li>any other path on a copy of the record in which each choice that holds a list or a map is typed as what
 *     it holds, when the record has such a choice at any depth (else on the record itself), answering with the
 *     record's own values and fields, so that updating a selected value updates the record.</li>
 * </ul>
 * A record whose schema has no choice at any depth (any CSV, a JSON whose records agree) is evaluated by RecordPath
 * alone, but for a descendant step after another step; whether a schema has one is kept per schema. Where a path
 * selects nothing because of how it is written, a predicate right after a field holding a list
 * ({@code /contacts[./type = 'work']/mail}, which tests the list, not its elements), {@link #whyNothingSelected} says so
 * and how to write it, and {@link #selectOrExplain} and {@link #firstOrExplain} throw that reason.
 * Thread-safe.
 */
public final class ChoiceAwareRecordPath {
    /** One step of a path of field names, a child ({@code /address}) or a descendant ({@code //land}), right after the previous one. */
    private static final Pattern NAME_STEP = Pattern.compile("\\G(//?)\\s*(?:([A-Za-z_][A-Za-z0-9_]*)|'([^'\\\\]*)'|\"([^\"\\\\]*)\")\\s*");
    private static final int MAX_CACHED_SCHEMAS = 256;
    /** What a step in brackets holds when it is no predicate: {@code *}, indexes and ranges ({@code 0}, {@code -1}, {@code 1..3, 5}) or map keys. */
    private static final Pattern INDEX_OR_KEY = Pattern.compile("\\s*(?:\\*|-?\\d+(?:\\s*\\.\\.\\s*-?\\d+)?(?:\\s*,\\s*-?\\d+(?:\\s*\\.\\.\\s*-?\\d+)?)*"
            + "|'[^']*'(?:\\s*,\\s*'[^']*')*|\"[^\"]*\"(?:\\s*,\\s*\"[^\"]*\")*)\\s*");

    private final RecordPath recordPath;
    /** The path as written, trimmed: the reasons name it. */
    private final String text;
    /**
     * The leading steps of field names of a path with a descendant step among them ({@code //land}, {@code /contact//land},
     * the {@code //phones} of {@code //phones[0]}), walked by value; else null.
     */
    private final List<NameStep> nameSteps;
    /**
     * What follows those steps, from the last name on ({@code /'phones'[0]} of {@code //phones[0]}), evaluated on each record
     * holding a field they reach; null when nothing follows.
     */
    private final ChoiceAwareRecordPath afterNames;
    /**
     * The path up to a field a predicate follows right after its name ({@code /contacts} of
     * {@code /contacts[./type = 'work']/mail}), which selects nothing where that field holds a list; else null.
     */
    private final ChoiceAwareRecordPath beforePredicate;
    /** That part as written. */
    private final String beforePredicateText;
    /** The path with {@code [*]} before that predicate ({@code /contacts[*][./type = 'work']/mail}). */
    private final String withWildcard;
    /** That path compiled for reading; null when there is none, or it is no path of its own. */
    private final ChoiceAwareRecordPath suggested;
    /**
     * Whether the path is child steps of field names only ({@code /Email}, {@code /address/city}) compiled for reading:
     * NiFi's child steps go by the value, so such a path reads through a choice as it is, without a resolved copy.
     */
    private final boolean childNamesRead;
    /**
     * Whether a descendant step follows another step ({@code /contacts//mail}): such a path is walked by value also in a
     * record without a choice, since NiFi's descendant step enters no list the step before it reached.
     */
    private final boolean walkedAlways;
    private final Map<RecordSchema, Boolean> choiceSchemas = new ConcurrentHashMap<>();
    /** The schema of the record evaluated last and whether it has a choice. */
    private volatile SchemaVerdict lastSchema;

    private ChoiceAwareRecordPath(final RecordPath recordPath, final String text, final List<NameStep> nameSteps, final String afterNames,
            final String beforePredicateText, final String withWildcard, final boolean childNamesRead) {
        this.recordPath = recordPath;
        this.text = text;
        this.childNamesRead = childNamesRead;
        this.nameSteps = nameSteps;
        this.walkedAlways = nameSteps != null && nameSteps.stream().skip(1).anyMatch(NameStep::descendant);
        this.afterNames = afterNames == null ? null : compile(afterNames);
        this.beforePredicate = beforePredicateText == null ? null : compile(beforePredicateText);
        this.beforePredicateText = beforePredicateText;
        this.withWildcard = withWildcard;
        this.suggested = withWildcard == null ? null : compileSuggestion(withWildcard);
    }

    private static ChoiceAwareRecordPath compileSuggestion(final String path) {
        try {
            return compile(path, true);
        } catch (final RecordPathException e) {
            // the reason then says how to write it, but nothing reads by it
            return null;
        }
    }

    /**
     * Compiles a RecordPath whose selected values may be updated (an element of a list held by a choice is updated in
     * the list).
     *
     * @throws RecordPathException when it is no valid RecordPath
     */
    public static ChoiceAwareRecordPath compile(final String path) {
        return compile(path, false);
    }

    /**
     * Compiles a RecordPath whose selected values are only read: a path of child field names then costs what NiFi's
     * RecordPath costs also in a record with a choice (no copy of the record per evaluation).
     *
     * @throws RecordPathException when it is no valid RecordPath
     */
    public static ChoiceAwareRecordPath compileForReading(final String path) {
        return compile(path, true);
    }

    private static ChoiceAwareRecordPath compile(final String path, final boolean forReading) {
        final RecordPath compiled = RecordPath.compile(path);
        final String trimmed = path.trim();
        final Matcher matcher = NAME_STEP.matcher(trimmed);
        final List<NameStep> steps = new ArrayList<>();
        int end = 0;
        boolean descendant = false;
        while (end < trimmed.length() && matcher.find()) {
            String name = null;
            for (int group = 2; group <= 4 && name == null; group++) {
                name = matcher.group(group);
            }
            steps.add(new NameStep(matcher.group(1).length() == 2, name));
            descendant |= matcher.group(1).length() == 2;
            end = matcher.end();
        }
        List<NameStep> nameSteps = null;
        String afterNames = null;
        if (descendant && end == trimmed.length()) {
            nameSteps = List.copyOf(steps);
        } else if (descendant && trimmed.charAt(end) == '[' && steps.getLast().name().indexOf('\'') < 0) {
            afterNames = "/'" + steps.getLast().name() + "'" + trimmed.substring(end);
            try {
                RecordPath.compile(afterNames);
                nameSteps = List.copyOf(steps);
            } catch (final RecordPathException e) {
                // not a path of its own: the whole path is NiFi's alone
                afterNames = null;
            }
        }
        final boolean childNamesRead = forReading && !descendant && !steps.isEmpty() && end == trimmed.length();
        final int predicate = predicateAfterName(trimmed);
        if (predicate > 0) {
            try {
                final String before = trimmed.substring(0, predicate).trim();
                return new ChoiceAwareRecordPath(compiled, trimmed, nameSteps, afterNames, before, before + "[*]" + trimmed.substring(predicate), false);
            } catch (final RecordPathException e) {
                // the part before the predicate is no path of its own (inside a function's arguments): nothing to say
            }
        }
        return new ChoiceAwareRecordPath(compiled, trimmed, nameSteps, afterNames, null, null, childNamesRead);
    }

    /**
     * Why the path selects nothing in this record when the reason is the path's, not the record's: a predicate right after
     * a field holding a list tests the list, not its elements. Null otherwise; call it only when nothing was selected.
     */
    public String whyNothingSelected(final Record record) {
        if (beforePredicate == null) {
            return null;
        }
        final FieldValue held = beforePredicate.first(record);
        if (held == null || !(held.getValue() instanceof Object[])) {
            return null;
        }
        return "a predicate right after " + beforePredicateText + " tests the list it holds as a whole and selects nothing; write " + withWildcard;
    }

    /**
     * The path as {@link #whyNothingSelected} says to write it, compiled for reading ({@code /contacts[*][./type = 'work']/mail}
     * for {@code /contacts[./type = 'work']/mail}), or null when there is nothing to say of this path. For what a record
     * that cannot be read as configured names, to be kept apart: it is never read instead of the path as written.
     */
    public ChoiceAwareRecordPath suggested() {
        return suggested;
    }

    /**
     * The values the path selects in the record, as {@link #select}.
     *
     * @param where where the path comes from, the start of the reason (a property's name: {@code Source ID Field})
     * @throws UnselectablePathException when it selects none because of how it is written ({@link #whyNothingSelected})
     */
    public List<FieldValue> selectOrExplain(final Record record, final String where) {
        final List<FieldValue> selected = select(record);
        if (selected.isEmpty()) {
            explainNothingSelected(record, where + ": ");
        }
        return selected;
    }

    /**
     * The first value the path selects in the record, as {@link #first}, or null when it selects none.
     *
     * @throws UnselectablePathException when it selects none because of how it is written ({@link #whyNothingSelected})
     */
    public FieldValue firstOrExplain(final Record record) {
        final FieldValue selected = first(record);
        if (selected == null) {
            explainNothingSelected(record, "");
        }
        return selected;
    }

    private void explainNothingSelected(final Record record, final String where) {
        final String why = whyNothingSelected(record);
        if (why != null) {
            throw new UnselectablePathException(where + text + " selects nothing: " + why);
        }
    }

    /** Where the first predicate that follows a field's name directly begins ({@code [} of {@code /contacts[./type = 'work']}), or -1. */
    private static int predicateAfterName(final String path) {
        for (int i = 0; i < path.length(); i++) {
            final char c = path.charAt(i);
            if (c == '\'' || c == '"') {
                i = RecordPathList.endOfQuote(path, i);
            } else if (c == '[') {
                final int close = closingBracket(path, i);
                if (close < 0) {
                    return -1;
                }
                int before = i - 1;
                while (before >= 0 && Character.isWhitespace(path.charAt(before))) {
                    before--;
                }
                final boolean afterName = before >= 0 && (Character.isLetterOrDigit(path.charAt(before)) || "_'\"".indexOf(path.charAt(before)) >= 0);
                if (afterName && !INDEX_OR_KEY.matcher(path.substring(i + 1, close)).matches()) {
                    return i;
                }
                i = close;
            }
        }
        return -1;
    }

    private static int closingBracket(final String path, final int open) {
        int depth = 0;
        for (int i = open; i < path.length(); i++) {
            final char c = path.charAt(i);
            if (c == '\'' || c == '"') {
                i = RecordPathList.endOfQuote(path, i);
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The first value the path selects in the record, or null when it selects none. */
    public FieldValue first(final Record record) {
        if (childNamesRead || !walkedAlways && !hasChoice(record.getSchema())) {
            return recordPath.evaluate(record).getSelectedFields().findFirst().orElse(null);
        }
        final List<FieldValue> selected = select(record);
        return selected.isEmpty() ? null : selected.getFirst();
    }

    /** The values the path selects in the record, of the record itself: updating one updates the record. */
    public List<FieldValue> select(final Record record) {
        if (childNamesRead || !walkedAlways && !hasChoice(record.getSchema())) {
            return recordPath.evaluate(record).getSelectedFields().toList();
        }
        if (nameSteps != null) {
            return afterNames == null ? walk(record) : walkThenEvaluate(record);
        }
        final Map<Object, Object> originals = new IdentityHashMap<>();
        final Record resolved = resolve(record, originals);
        if (resolved == record) {
            return recordPath.evaluate(record).getSelectedFields().toList();
        }
        final List<FieldValue> selected = new ArrayList<>(2);
        recordPath.evaluate(resolved).getSelectedFields().forEach(fieldValue -> selected.add(original(fieldValue, originals)));
        return selected;
    }

    /** The fields the name steps reach, each followed by the rest of the path, evaluated on the record holding it. */
    private List<FieldValue> walkThenEvaluate(final Record record) {
        final List<FieldValue> selected = new ArrayList<>(2);
        for (final FieldValue reached : walk(record)) {
            if (reached instanceof MapValueFieldValue) {
                // a map's value is no field of the record above it: the rest of the path cannot be evaluated there by name
                continue;
            }
            final FieldValue holderValue = reached.getParent().orElse(null);
            if (holderValue != null && holderValue.getValue() instanceof Record holder) {
                for (final FieldValue found : afterNames.select(holder)) {
                    selected.add(rebased(found, holderValue));
                }
            }
        }
        return selected;
    }

    /** The value selected from a record reached below the top, with that record's place in the top record as its root. */
    private static FieldValue rebased(final FieldValue fieldValue, final FieldValue base) {
        final Optional<FieldValue> parent = fieldValue.getParent();
        return parent.isEmpty() ? base : copy(fieldValue, fieldValue.getValue(), rebased(parent.get(), base));
    }

    /** A path of field names evaluated step by step on the values, as NiFi's child and descendant steps but by value. */
    private List<FieldValue> walk(final Record record) {
        List<FieldValue> current = List.of(new StandardFieldValue(record,
                new RecordField("root", RecordFieldType.RECORD.getRecordDataType(record.getSchema())), null));
        for (final NameStep step : nameSteps) {
            final List<FieldValue> next = new ArrayList<>(2);
            for (final FieldValue fieldValue : current) {
                if (step.descendant() && fieldValue.getValue() instanceof Object[]) {
                    // a list the step before reached (/contacts//mail): its elements' descendants, where NiFi's step finds none
                    enter(fieldValue.getValue(), fieldValue.getField(), fieldValue.getParent().orElse(null), step.name(), next);
                    continue;
                }
                if (!(fieldValue.getValue() instanceof Record holder)) {
                    continue;
                }
                if (step.descendant()) {
                    findDescendants(holder, fieldValue, step.name(), next);
                } else {
                    final Optional<RecordField> field = holder.getSchema().getField(step.name());
                    final Object value = field.isPresent() ? holder.getValue(field.get()) : null;
                    if (value != null) {
                        next.add(new StandardFieldValue(value, field.get(), fieldValue));
                    }
                }
            }
            current = next;
        }
        return current;
    }

    /**
     * NiFi's DescendantFieldPath, also entering lists of records and other values and fields of any declared type: a
     * choice holding a list or a map too, or a list holding a map. A map's values are all taken, whatever their key, and
     * not entered further, as NiFi takes those of a field typed as a map.
     */
    private static void findDescendants(final Record record, final FieldValue recordValue, final String name, final List<FieldValue> found) {
        for (final RecordField field : record.getSchema().getFields()) {
            final Object value = record.getValue(field);
            if (value == null) {
                continue;
            }
            if (field.getFieldName().equals(name) || field.getAliases().contains(name)) {
                found.add(new StandardFieldValue(value, field, recordValue));
            }
            enter(value, field, recordValue, name, found);
        }
    }

    private static void enter(final Object value, final RecordField field, final FieldValue parent, final String name, final List<FieldValue> found) {
        if (value instanceof Record child) {
            findDescendants(child, new StandardFieldValue(child, field, parent), name, found);
        } else if (value instanceof Object[] array) {
            for (final Object element : array) {
                if (element != null) {
                    enter(element, field, parent, name, found);
                }
            }
        } else if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            final RecordField valueField = new RecordField(field.getFieldName(), mapValueType(field.getDataType()));
            for (final Map.Entry<?, ?> entry : map.entrySet()) {
                found.add(new MapValueFieldValue(entry.getValue(), valueField, parent, entry.getKey(), map));
            }
        }
    }

    /** The type of a map's values where the map is held by a field of the declared type (a map, a choice, a list of them). */
    private static DataType mapValueType(final DataType declared) {
        return switch (declared) {
            case MapDataType map -> map.getValueType();
            case ArrayDataType array -> mapValueType(array.getElementType());
            case ChoiceDataType choice -> {
                DataType held = subtype(choice, RecordFieldType.MAP);
                if (held == null) {
                    held = subtype(choice, RecordFieldType.ARRAY);
                }
                yield held == null ? RecordFieldType.STRING.getDataType() : mapValueType(held);
            }
            default -> RecordFieldType.STRING.getDataType();
        };
    }

    private boolean hasChoice(final RecordSchema schema) {
        // the records of one reader share one schema object: it is told apart by identity, as a schema's hashCode walks
        // all its fields on every call
        final SchemaVerdict seen = lastSchema;
        if (seen != null && seen.schema() == schema) {
            return seen.choice();
        }
        Boolean known = choiceSchemas.get(schema);
        if (known == null) {
            if (choiceSchemas.size() >= MAX_CACHED_SCHEMAS) {
                choiceSchemas.clear();
            }
            known = schemaHasChoice(schema, 0);
            choiceSchemas.put(schema, known);
        }
        lastSchema = new SchemaVerdict(schema, known);
        return known;
    }

    /** Whether a schema has a choice at any depth. */
    private record SchemaVerdict(RecordSchema schema, boolean choice) {
    }

    private static boolean schemaHasChoice(final RecordSchema schema, final int depth) {
        for (final RecordField field : schema.getFields()) {
            if (typeHasChoice(field.getDataType(), depth)) {
                return true;
            }
        }
        return false;
    }

    private static boolean typeHasChoice(final DataType type, final int depth) {
        // a recursive schema (a record holding records of its own schema) is followed a few levels only
        if (type == null || depth > 16) {
            return false;
        }
        return switch (type) {
            case ChoiceDataType choice -> true;
            case ArrayDataType array -> typeHasChoice(array.getElementType(), depth + 1);
            case MapDataType map -> typeHasChoice(map.getValueType(), depth + 1);
            case RecordDataType child -> child.getChildSchema() != null && schemaHasChoice(child.getChildSchema(), depth + 1);
            default -> false;
        };
    }

    /**
     * The record with each choice holding a list or map typed as what it holds, in copies of it and of the records and
     * lists above such a choice; the record itself when it has none. Each copy is mapped to its original.
     */
    private static Record resolve(final Record record, final Map<Object, Object> originals) {
        final List<RecordField> fields = record.getSchema().getFields();
        List<RecordField> resolvedFields = null;
        Map<String, Object> values = null;
        for (int index = 0; index < fields.size(); index++) {
            final RecordField field = fields.get(index);
            final Object value = record.getValue(field);
            final Object resolvedValue = resolveValue(value, originals);
            final DataType type = resolvedType(field.getDataType(), resolvedValue);
            if (resolvedValue != value || type != field.getDataType()) {
                if (resolvedFields == null) {
                    resolvedFields = new ArrayList<>(fields);
                    values = new LinkedHashMap<>();
                    for (final RecordField earlier : fields) {
                        values.put(earlier.getFieldName(), record.getValue(earlier));
                    }
                }
                resolvedFields.set(index, new RecordField(field.getFieldName(), type, field.getDefaultValue(), field.getAliases(), field.isNullable()));
                values.put(field.getFieldName(), resolvedValue);
            }
        }
        if (resolvedFields == null) {
            return record;
        }
        final Record copy = new MapRecord(new SimpleRecordSchema(resolvedFields), values);
        originals.put(copy, record);
        return copy;
    }

    private static Object resolveValue(final Object value, final Map<Object, Object> originals) {
        if (value instanceof Record child) {
            return resolve(child, originals);
        }
        if (value instanceof Object[] array) {
            Object[] copy = null;
            for (int index = 0; index < array.length; index++) {
                final Object element = resolveValue(array[index], originals);
                if (element != array[index]) {
                    if (copy == null) {
                        copy = array.clone();
                    }
                    copy[index] = element;
                }
            }
            if (copy != null) {
                originals.put(copy, array);
                return copy;
            }
        }
        return value;
    }

    /**
     * The type of a field holding the value: a choice holding a list or map as that list or map, a list's element type
     * likewise. A choice holding a record stays: RecordPath's child and descendant steps go by the value there.
     */
    private static DataType resolvedType(final DataType declared, final Object resolvedValue) {
        if (resolvedValue instanceof Object[] array) {
            final DataType arrayType = declared instanceof ChoiceDataType choice ? subtype(choice, RecordFieldType.ARRAY) : declared;
            if (!(arrayType instanceof ArrayDataType arrayDataType)) {
                return declared;
            }
            final DataType elementType = arrayDataType.getElementType();
            final DataType resolvedElementType = elementType instanceof ChoiceDataType ? elementTypeOf(array, elementType) : elementType;
            return resolvedElementType == elementType ? arrayType : RecordFieldType.ARRAY.getArrayDataType(resolvedElementType);
        }
        if (resolvedValue instanceof Map<?, ?> && declared instanceof ChoiceDataType choice) {
            final DataType mapType = subtype(choice, RecordFieldType.MAP);
            return mapType == null ? declared : mapType;
        }
        return declared;
    }

    /** A list's element type, a choice, as the one kind of value its elements hold when they hold lists only. */
    private static DataType elementTypeOf(final Object[] array, final DataType choiceType) {
        DataType common = null;
        for (final Object element : array) {
            if (element == null) {
                continue;
            }
            final DataType type = resolvedType(choiceType, element);
            if (!(element instanceof Object[]) || common != null && !common.equals(type)) {
                return choiceType;
            }
            common = type;
        }
        return common == null ? choiceType : common;
    }

    private static DataType subtype(final ChoiceDataType choice, final RecordFieldType fieldType) {
        for (final DataType subtype : choice.getPossibleSubTypes()) {
            if (subtype.getFieldType() == fieldType) {
                return subtype;
            }
        }
        return null;
    }

    /**
     * The selected value as one of the record itself: copies replaced by their originals. Fields stay as resolved (an
     * element's parent must be typed as a list); they differ from the record's only in fields holding a list or a map.
     */
    private static FieldValue original(final FieldValue fieldValue, final Map<Object, Object> originals) {
        final FieldValue parent = fieldValue.getParent().map(above -> original(above, originals)).orElse(null);
        final Object value = originals.getOrDefault(fieldValue.getValue(), fieldValue.getValue());
        if (fieldValue instanceof ArrayIndexFieldValue element) {
            return new ElementFieldValue(value, fieldValue.getField(), parent, element.getArrayIndex());
        }
        return copy(fieldValue, value, parent);
    }

    /** The field value of the same kind with the value and parent given. */
    private static FieldValue copy(final FieldValue fieldValue, final Object value, final FieldValue parent) {
        if (fieldValue instanceof ElementFieldValue element) {
            return new ElementFieldValue(value, fieldValue.getField(), parent, element.getArrayIndex());
        }
        if (fieldValue instanceof ArrayIndexFieldValue element) {
            return new ArrayIndexFieldValue(value, fieldValue.getField(), parent, element.getArrayIndex());
        }
        if (fieldValue instanceof MapEntryFieldValue entry) {
            return new MapEntryFieldValue(value, fieldValue.getField(), parent, entry.getMapKey());
        }
        return new StandardFieldValue(value, fieldValue.getField(), parent);
    }

    /**
     * An element of a list held by a field typed as a choice, updated in the list itself: a record refuses to set an
     * element of a field not typed as a list ({@code setArrayValue} throws).
     */
    private static final class ElementFieldValue extends ArrayIndexFieldValue {
        private ElementFieldValue(final Object value, final RecordField field, final FieldValue parent, final int index) {
            super(value, field, parent, index);
        }

        @Override
        public void updateValue(final Object newValue) {
            ((Object[]) getParent().orElseThrow().getValue())[getArrayIndex()] = newValue;
        }

        @Override
        public void updateValue(final Object newValue, final DataType dataType) {
            updateValue(newValue);
        }
    }

    /**
     * A value of a map reached by a descendant step, updated in the map itself: a record refuses to set an entry of a field
     * not typed as a map ({@code setMapValue} throws), and the field may be a choice or a list.
     */
    private static final class MapValueFieldValue extends MapEntryFieldValue {
        private final Map<?, ?> map;
        private final Object key;

        private MapValueFieldValue(final Object value, final RecordField field, final FieldValue parent, final Object key, final Map<?, ?> map) {
            super(value, field, parent, String.valueOf(key));
            this.map = map;
            this.key = key;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void updateValue(final Object newValue) {
            ((Map<Object, Object>) map).put(key, newValue);
        }

        @Override
        public void updateValue(final Object newValue, final DataType dataType) {
            updateValue(newValue);
        }
    }

    /** A step of a path of field names: the child or (descendant) every descendant of that name. */
    private record NameStep(boolean descendant, String name) {
    }
}
