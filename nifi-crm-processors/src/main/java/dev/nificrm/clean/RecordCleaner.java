package dev.nificrm.clean;

import dev.nificrm.roles.FieldRoles;
import dev.nificrm.roles.FullWidthForms;
import dev.nificrm.roles.RuleType;
import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.ArrayDataType;
import org.apache.nifi.serialization.record.type.ChoiceDataType;
import org.apache.nifi.serialization.record.type.RecordDataType;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans records in place: every string field gets the {@link TextRule text} normalisation, and fields with a role
 * (recognised from their names by {@link FieldRoles}, or assigned explicitly by RecordPath) get the rule of that role.
 * Rejected values are handled by the {@link InvalidValuePolicy}, and their reasons are written to the errors field
 * as {@code Phone: not a valid number for region US; Email: missing @}.
 * <p>
 * Which field gets which rule is worked out once per record schema (a {@link Plan}; with RecordPaths that select
 * top-level fields conditionally, once per schema and selection) and cached, so a record costs only the rules themselves. Explicit assignments of field names alone ({@code /Phone}, {@code /'Phone 1'},
 * {@code /address/land}) are part of the plan of the record holding the field; other RecordPaths (descendants, predicates,
 * indexes) are evaluated per record. The record's own country
 * field, when it resolves, is the region for its phone, state and postal code fields (also those per-record paths
 * select); otherwise the first country a per-record path of the country rule selects ({@code //land}) that resolves;
 * otherwise the default region applies. With several addresses, each address's state, postal code and phone are read
 * in its own country ({@code OtherPhone} in {@code OtherCountry}), the other fields in the main address's ({@code MobilePhone} in
 * {@code MailingCountry}). Records and sub-records are cleaned by the plan of their own schema; arrays of records are followed, other
 * arrays, maps and non-string values are left as they are.
 * <p>
 * Thread-safe: the plan cache is concurrent and everything else is immutable.
 */
public final class RecordCleaner {
    /** Flag in the result of {@link #clean}: at least one value changed. */
    public static final int CHANGED = 1;
    /** Flag in the result of {@link #clean}: at least one value was rejected under {@link InvalidValuePolicy#ROUTE_TO_INVALID}. */
    public static final int INVALID = 2;
    /** Flag in the result of {@link #clean}: at least one reason was recorded (under any policy). */
    public static final int REASONS = 4;

    /** One step of a path of plain field names ({@code /address}, {@code /'Mailing Address'}), right after the previous one. */
    private static final Pattern FIELD_STEP = Pattern.compile("\\G\\s*/\\s*(?:([A-Za-z_][A-Za-z0-9_]*)|'([^'/\\[\\]]*)'|\"([^\"/\\[\\]]*)\")\\s*");
    /**
     * A path that goes below a named top-level field ({@code /address/tel}) and, without {@code ..}, never comes back up
     * to select a top-level field.
     */
    private static final Pattern BELOW_A_TOP_LEVEL_FIELD = Pattern.compile("^\\s*/\\s*(?:[A-Za-z_][A-Za-z0-9_]*|'[^'/\\[\\]]*'|\"[^\"/\\[\\]]*\")\\s*/");
    private static final int MAX_CACHED_PLANS = 256;
    /** The most leading zeros a number may have lost that a reason looks for: Rome's postal codes 00010 to 00099 lose three. */
    private static final int MAX_LOST_ZEROS = 3;
    /** What to do about a number a reader typed that lost its leading zeros. */
    private static final String READ_AS_TEXT = "read the column as text (in CSVReader, the Schema Access Strategy Use String Fields From Header, "
            + "or a schema that types it as a string)";
    /** How deep in nested records text-by-nature fields typed as numbers are found and written as strings. */
    private static final int MAX_RETYPED_DEPTH = 32;
    /** Rules whose values are text even when they are all digits; a reader inferring numbers damages them. */
    private static final Set<RuleType> TEXT_BY_NATURE = EnumSet.of(RuleType.PHONE, RuleType.POSTAL_CODE, RuleType.DATE, RuleType.BIRTH_DATE,
            RuleType.TIMESTAMP);
    /**
     * Rules whose value is never a number: a number a reader typed into their field (12345 in FirstName or Country) is
     * rejected, not passed on. A state only where the country's states are known: elsewhere a number may be a region's code.
     */
    private static final Set<RuleType> NEVER_A_NUMBER = EnumSet.of(RuleType.NAME, RuleType.EMAIL, RuleType.COUNTRY, RuleType.STATE,
            RuleType.WEBSITE, RuleType.DOMAIN);
    /** Rules whose value is read in the country of the address its field belongs to (ShippingPostalCode in ShippingCountry). */
    private static final Set<RuleType> READ_IN_ADDRESS_COUNTRY = EnumSet.of(RuleType.STATE, RuleType.POSTAL_CODE, RuleType.PHONE);
    /**
     * The address prefixes of a record's main address, most likely first: a plain {@code Country}, a contact's mailing
     * address (Salesforce, Zoho), an account's billing address, Dynamics 365's first address. The record's region, for
     * its fields of no address of their own ({@code MobilePhone}), is the main address's country.
     */
    private static final List<String> MAIN_ADDRESS_PREFIXES = List.of("", "mailing", "billing", "address1", "primary");
    private final TextRule text;
    private final Map<RuleType, ValueRule> rules;
    private final PostalCodeRule postalCodes = new PostalCodeRule();
    private final InvalidValuePolicy policy;
    private final Region defaultRegion;
    private final boolean recognizeFieldNames;
    private final RecordField errorsField;
    private final RecordSchema errorsOnlySchema;
    /** The field keeping the values of a CSV row beyond its header (a list of strings), on invalid records only. */
    private final RecordField extraValuesField;
    private final Map<String, RuleType> topLevelAssignments;
    /** Assignments naming a field of a nested record by plain names ({@code /address/land}): by the record's label prefix ({@code address/}). */
    private final Map<String, Map<String, RuleType>> nestedAssignments;
    /**
     * The per-record paths of the country rule, evaluated before the record's other fields: the first country they select
     * that resolves is the record's region when no country field of the record's own does ({@code //land},
     * {@code /address/land[not(isEmpty(.))]}).
     */
    private final List<FieldAssignment> countryPathAssignments;
    /** The other per-record paths, evaluated once the record's region is known. */
    private final List<FieldAssignment> otherPathAssignments;
    /** The per-record paths that may select top-level fields, which name recognition must then leave alone. */
    private final List<FieldAssignment> topLevelSelectingAssignments;
    /**
     * The per-record paths of rules that read a number a reader typed (a country's numeric code, a phone's digits), whose
     * numbers are written as text before cleaning, as those of fields recognised by name are.
     */
    private final List<FieldAssignment> numberReadingAssignments;
    /** Whether a schema has a number or a choice anywhere, by schema: a record of one without has no number to find. */
    private final Map<RecordSchema, Boolean> numberSchemas = new ConcurrentHashMap<>();
    private final Map<PlanKey, Plan> rootPlans = new ConcurrentHashMap<>();
    private final Map<String, Map<RecordSchema, Plan>> nestedPlans = new ConcurrentHashMap<>();

    private RecordCleaner(final Builder builder) {
        this.text = new TextRule(builder.placeholders);
        this.policy = builder.policy;
        this.defaultRegion = new Region(builder.defaultRegion, false);
        this.recognizeFieldNames = builder.recognizeFieldNames;
        this.errorsField = new RecordField(builder.errorsField, RecordFieldType.STRING.getDataType(), true);
        this.errorsOnlySchema = new SimpleRecordSchema(List.of(errorsField));
        this.extraValuesField = new RecordField(builder.extraValuesField,
                RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.STRING.getDataType()), true);
        final Map<RuleType, ValueRule> ruleMap = new EnumMap<>(RuleType.class);
        ruleMap.put(RuleType.TEXT, text);
        ruleMap.put(RuleType.NAME, new PersonNameRule());
        ruleMap.put(RuleType.EMAIL, new EmailRule());
        ruleMap.put(RuleType.PHONE, new PhoneRule(builder.defaultRegion, builder.phoneValidation));
        ruleMap.put(RuleType.COUNTRY, new CountryRule());
        ruleMap.put(RuleType.STATE, new StateRule());
        ruleMap.put(RuleType.POSTAL_CODE, postalCodes);
        ruleMap.put(RuleType.DATE, new DateRule(DateRule.Kind.AS_WRITTEN, builder.dateOrder, builder.excelDates, builder.clock));
        ruleMap.put(RuleType.BIRTH_DATE, new DateRule(DateRule.Kind.BIRTH_DATE, builder.dateOrder, builder.excelDates, builder.clock));
        ruleMap.put(RuleType.TIMESTAMP, new DateRule(DateRule.Kind.TIMESTAMP, builder.dateOrder, builder.excelDates, builder.clock));
        ruleMap.put(RuleType.WEBSITE, new WebsiteRule());
        ruleMap.put(RuleType.DOMAIN, new DomainRule());
        this.rules = ruleMap;
        final Map<String, RuleType> topLevel = new HashMap<>();
        final Map<String, Map<String, RuleType>> nested = new HashMap<>();
        final List<FieldAssignment> paths = new ArrayList<>();
        for (final FieldAssignment assignment : builder.assignments) {
            final List<String> fieldNames = fieldNames(assignment.text());
            if (fieldNames == null) {
                paths.add(assignment);
            } else if (fieldNames.size() == 1) {
                topLevel.put(fieldNames.getFirst(), assignment.rule());
            } else {
                // the field is part of the plan of its record, read as a field of its name would be (a country its record's region)
                final String labelPrefix = String.join("/", fieldNames.subList(0, fieldNames.size() - 1)) + "/";
                nested.computeIfAbsent(labelPrefix, prefix -> new HashMap<>()).put(fieldNames.getLast(), assignment.rule());
            }
        }
        this.topLevelAssignments = Map.copyOf(topLevel);
        final Map<String, Map<String, RuleType>> nestedCopy = new HashMap<>();
        nested.forEach((prefix, fields) -> nestedCopy.put(prefix, Map.copyOf(fields)));
        this.nestedAssignments = Map.copyOf(nestedCopy);
        this.countryPathAssignments = paths.stream().filter(assignment -> assignment.rule() == RuleType.COUNTRY).toList();
        this.otherPathAssignments = paths.stream().filter(assignment -> assignment.rule() != RuleType.COUNTRY).toList();
        this.topLevelSelectingAssignments = paths.stream()
                .filter(assignment -> assignment.text().contains("..") || !BELOW_A_TOP_LEVEL_FIELD.matcher(assignment.text()).find())
                .toList();
        this.numberReadingAssignments = paths.stream()
                .filter(assignment -> assignment.rule() == RuleType.COUNTRY || TEXT_BY_NATURE.contains(assignment.rule()))
                .toList();
    }

    /**
     * A builder of a cleaner on the given clock: its date is "today" for the birth-date check (a birth date after it
     * is rejected) and for reading two-digit years.
     */
    public static Builder builder(final Clock clock) {
        return new Builder(clock);
    }

    /** The field name a RecordPath selects when it is a plain top-level child ({@code /Phone}, {@code /'Phone 1'}), else null. */
    static String topLevelFieldName(final String path) {
        final List<String> names = fieldNames(path);
        return names == null || names.size() != 1 ? null : names.getFirst();
    }

    /**
     * The field names of a RecordPath of plain child steps, from the top ({@code /address/land} → address, land;
     * {@code /'Phone 1'} → Phone 1); null for any other path (descendants, predicates, indexes, functions).
     */
    static List<String> fieldNames(final String path) {
        final Matcher matcher = FIELD_STEP.matcher(path);
        final List<String> names = new ArrayList<>();
        int end = 0;
        while (end < path.length() && matcher.find()) {
            for (int group = 1; group <= 3; group++) {
                if (matcher.group(group) != null) {
                    names.add(matcher.group(group));
                    break;
                }
            }
            end = matcher.end();
        }
        return names.isEmpty() || end != path.length() ? null : names;
    }

    /** The schema of cleaned records: the input schema plus the errors field (a nullable string). */
    public RecordSchema getOutputSchema(final RecordSchema schema) {
        if (schema.getField(errorsField.getFieldName()).isPresent()) {
            return schema;
        }
        final List<RecordField> fields = new ArrayList<>(schema.getFields());
        fields.add(errorsField);
        return new SimpleRecordSchema(fields);
    }

    /**
     * The schema of records routed as invalid: the {@link #getOutputSchema output schema} plus the extra values field (a
     * nullable list of strings), which holds the values of a CSV row beyond its header and is null on every other record.
     */
    public RecordSchema getInvalidOutputSchema(final RecordSchema schema) {
        final RecordSchema output = getOutputSchema(schema);
        if (output.getField(extraValuesField.getFieldName()).isPresent()) {
            return output;
        }
        final List<RecordField> fields = new ArrayList<>(output.getFields());
        fields.add(extraValuesField);
        return new SimpleRecordSchema(fields);
    }

    /**
     * The record to clean: the same instance, or, when the reader typed fields of a role that is text by nature (phone,
     * postal code, dates) as numbers or choices, here or in nested records, a copy whose schema types them as strings.
     * A type-checked record would otherwise coerce {@code +12754733370} back to a number. Numbers become their plain
     * digits ({@code 2754733370}). So do the numbers of such fields that per-record RecordPaths select ({@code //land}), and
     * a country's numeric code ({@code 36}) becomes its three digits ({@code 036}).
     */
    public Record prepare(final Record record) {
        final Record retyped = retyped(record, planFor(record));
        return numberReadingAssignments.isEmpty() || !mayHoldNumbers(retyped.getSchema()) ? retyped : withSelectedNumbersAsText(retyped);
    }

    /**
     * The record with the numbers the per-record paths of number-reading rules select written as text, and the fields they
     * select typed as text, in a copy of each record holding one and of the records above it; itself when they select
     * none.
     */
    private Record withSelectedNumbersAsText(final Record record) {
        Map<Record, Map<String, String>> texts = null;
        Set<Record> ancestors = null;
        Map<Record, Set<String>> floatFields = null;
        Map<Record, Set<String>> wholeNumberFields = null;
        for (final FieldAssignment assignment : numberReadingAssignments) {
            final Iterator<FieldValue> selected = assignment.path().select(record).iterator();
            while (selected.hasNext()) {
                final FieldValue fieldValue = selected.next();
                final Optional<Record> parent = fieldValue.getParentRecord();
                final String text;
                if (parent.isEmpty()) {
                    continue;
                } else if (fieldValue.getValue() instanceof Number number) {
                    // a number listed as a placeholder is written as listed; another number in a country field stays a
                    // number, rejected as one when cleaned
                    final String placeholder = this.text.placeholderEqualTo(number);
                    text = placeholder != null ? placeholder
                            : assignment.rule() == RuleType.COUNTRY ? CountryRule.numericCode(number) : NumberDigits.of(number);
                } else if (fieldValue.getValue() instanceof String value && isNumberOrChoice(fieldValue.getField().getDataType())) {
                    // text where other records hold numbers: as a string, +12404522333 is not written back as a number
                    text = value;
                } else {
                    continue;
                }
                if (text == null) {
                    continue;
                }
                if (texts == null) {
                    texts = new IdentityHashMap<>();
                    ancestors = Collections.newSetFromMap(new IdentityHashMap<>());
                }
                texts.computeIfAbsent(parent.get(), holder -> new HashMap<>()).putIfAbsent(fieldValue.getField().getFieldName(), text);
                if (assignment.rule() != RuleType.COUNTRY && fieldValue.getValue() instanceof Number number && NumberDigits.isFloatBeyondItsDigits(number)) {
                    if (floatFields == null) {
                        floatFields = new IdentityHashMap<>();
                    }
                    floatFields.computeIfAbsent(parent.get(), holder -> new HashSet<>(4)).add(fieldValue.getField().getFieldName());
                } else if (assignment.rule() != RuleType.COUNTRY && fieldValue.getValue() instanceof Number && NumberDigits.isAllDigits(text)) {
                    if (wholeNumberFields == null) {
                        wholeNumberFields = new IdentityHashMap<>();
                    }
                    wholeNumberFields.computeIfAbsent(parent.get(), holder -> new HashSet<>(4)).add(fieldValue.getField().getFieldName());
                }
                for (Optional<FieldValue> above = fieldValue.getParent(); above.isPresent(); above = above.get().getParent()) {
                    if (above.get().getValue() instanceof Record holder) {
                        ancestors.add(holder);
                    }
                }
            }
        }
        return texts == null ? record : withTexts(record, texts, ancestors, wholeNumberFields == null ? Map.of() : wholeNumberFields,
                floatFields == null ? Map.of() : floatFields);
    }

    /**
     * A copy of the record with the texts in place of its numbers, and its records that hold some ({@code ancestors})
     * copied so; the fields of whole numbers ({@code wholeNumberFields}) and of floats of more digits than a float holds
     * ({@code floatFields}), and those the record already marked, are marked in the copy ({@link NumberTextRecord}).
     */
    private static Record withTexts(final Record record, final Map<Record, Map<String, String>> texts, final Set<Record> ancestors,
                                    final Map<Record, Set<String>> wholeNumberFields, final Map<Record, Set<String>> floatFields) {
        final Map<String, String> own = texts.getOrDefault(record, Map.of());
        final List<RecordField> fields = new ArrayList<>(record.getSchema().getFields());
        final Map<String, Object> values = new LinkedHashMap<>(record.toMap());
        for (int index = 0; index < fields.size(); index++) {
            final RecordField field = fields.get(index);
            final String name = field.getFieldName();
            final Object value = values.get(name);
            final String text = own.get(name);
            DataType type = null;
            if (text != null && (value instanceof Number || value instanceof String)) {
                values.put(name, text);
                type = textType(field.getDataType());
            } else if (value instanceof Record child && ancestors.contains(child)) {
                final Record copy = withTexts(child, texts, ancestors, wholeNumberFields, floatFields);
                values.put(name, copy);
                type = holdingRecord(field.getDataType(), child.getSchema(), copy.getSchema());
            } else if (value instanceof Object[] array) {
                final Object[] elements = array.clone();
                for (int element = 0; element < array.length; element++) {
                    if (array[element] instanceof Record child && ancestors.contains(child)) {
                        final Record copy = withTexts(child, texts, ancestors, wholeNumberFields, floatFields);
                        elements[element] = copy;
                        type = holdingRecordElements(type == null ? field.getDataType() : type, child.getSchema(), copy.getSchema());
                    }
                }
                if (type != null) {
                    values.put(name, elements);
                }
            }
            if (type != null) {
                fields.set(index, new RecordField(name, type, field.getDefaultValue(), field.getAliases(), true));
            }
        }
        final Set<String> wholeNumbers = marked(NumberTextRecord.wholeNumberFields(record), wholeNumberFields.get(record));
        final Set<String> floats = marked(NumberTextRecord.floatFields(record), floatFields.get(record));
        return wholeNumbers.isEmpty() && floats.isEmpty() ? new MapRecord(new SimpleRecordSchema(fields), values)
                : new NumberTextRecord(new SimpleRecordSchema(fields), values, wholeNumbers, floats);
    }

    /** The fields a record already marked and those newly marked (null for none). */
    private static Set<String> marked(final Set<String> already, final Set<String> added) {
        if (added == null) {
            return already;
        }
        final Set<String> all = new HashSet<>(already);
        all.addAll(added);
        return all;
    }

    /** The type of a field holding a record of the copied schema where it held one of the read schema, also as a choice's shape. */
    private static DataType holdingRecord(final DataType dataType, final RecordSchema read, final RecordSchema copied) {
        final DataType readType = RecordFieldType.RECORD.getRecordDataType(read);
        final DataType copiedType = RecordFieldType.RECORD.getRecordDataType(copied);
        if (dataType instanceof ChoiceDataType choice) {
            final List<DataType> subTypes = new ArrayList<>();
            for (final DataType subType : choice.getPossibleSubTypes()) {
                subTypes.add(subType.equals(readType) ? copiedType : subType);
            }
            if (!subTypes.contains(copiedType)) {
                subTypes.addFirst(copiedType);
            }
            return RecordFieldType.CHOICE.getChoiceDataType(subTypes);
        }
        return copiedType;
    }

    /** The type of a field holding a list whose records of the read schema are of the copied one, also as a choice's shape. */
    private static DataType holdingRecordElements(final DataType dataType, final RecordSchema read, final RecordSchema copied) {
        if (dataType instanceof ArrayDataType arrayType) {
            return RecordFieldType.ARRAY.getArrayDataType(holdingRecord(arrayType.getElementType(), read, copied), arrayType.isElementsNullable());
        }
        if (dataType instanceof ChoiceDataType choice) {
            final List<DataType> subTypes = new ArrayList<>();
            for (final DataType subType : choice.getPossibleSubTypes()) {
                subTypes.add(subType instanceof ArrayDataType ? holdingRecordElements(subType, read, copied) : subType);
            }
            return RecordFieldType.CHOICE.getChoiceDataType(subTypes);
        }
        return dataType;
    }

    /** Whether records of the schema may hold a number, here or in their nested records: cached by schema. */
    private boolean mayHoldNumbers(final RecordSchema schema) {
        final Boolean cached = numberSchemas.get(schema);
        if (cached != null) {
            return cached;
        }
        if (numberSchemas.size() >= MAX_CACHED_PLANS) {
            numberSchemas.clear();
        }
        final boolean holds = holdsNumbers(schema, 0);
        numberSchemas.put(schema, holds);
        return holds;
    }

    private static boolean holdsNumbers(final RecordSchema schema, final int depth) {
        if (depth > MAX_RETYPED_DEPTH) {
            return false;
        }
        for (final RecordField field : schema.getFields()) {
            if (holdsNumbers(field.getDataType(), depth)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holdsNumbers(final DataType dataType, final int depth) {
        if (dataType instanceof ChoiceDataType choice) {
            for (final DataType subType : choice.getPossibleSubTypes()) {
                if (holdsNumbers(subType, depth)) {
                    return true;
                }
            }
            return false;
        }
        if (dataType instanceof ArrayDataType arrayType) {
            return holdsNumbers(arrayType.getElementType(), depth);
        }
        if (dataType instanceof RecordDataType recordType) {
            return recordType.getChildSchema() != null && holdsNumbers(recordType.getChildSchema(), depth + 1);
        }
        return isNumberOrChoice(dataType);
    }

    /** The record with its text-by-nature fields, and those of its nested records, as strings; itself when there are none. */
    private Record retyped(final Record record, final Plan plan) {
        if (plan.stringSchema == null) {
            return record;
        }
        final Map<String, Object> values = new LinkedHashMap<>(record.toMap());
        Set<String> floatFields = null;
        Set<String> wholeNumberFields = null;
        for (final String fieldName : plan.retypedFields) {
            final Object value = values.get(fieldName);
            if (value instanceof Number number) {
                // a number the operator lists as a placeholder (00000 for an integer column's 0) is written as listed
                final String placeholder = text.placeholderEqualTo(number);
                final String digits = placeholder != null ? placeholder : NumberDigits.of(number);
                values.put(fieldName, digits);
                if (NumberDigits.isFloatBeyondItsDigits(number)) {
                    if (floatFields == null) {
                        floatFields = new HashSet<>(4);
                    }
                    floatFields.add(fieldName);
                } else if (placeholder == null && NumberDigits.isAllDigits(digits)) {
                    if (wholeNumberFields == null) {
                        wholeNumberFields = new HashSet<>(4);
                    }
                    wholeNumberFields.add(fieldName);
                }
            }
        }
        for (final Step step : plan.retypedNested) {
            final Object value = values.get(step.fieldName);
            if (value instanceof Record child) {
                values.put(step.fieldName, retyped(child, nestedPlanFor(child.getSchema(), step.childPrefix)));
            } else if (value instanceof Object[] array) {
                final Object[] elements = new Object[array.length];
                for (int i = 0; i < array.length; i++) {
                    elements[i] = array[i] instanceof Record child ? retyped(child, nestedPlanFor(child.getSchema(), step.childPrefix)) : array[i];
                }
                values.put(step.fieldName, elements);
            }
        }
        return floatFields == null && wholeNumberFields == null ? new MapRecord(plan.stringSchema, values)
                : new NumberTextRecord(plan.stringSchema, values, wholeNumberFields == null ? Set.of() : wholeNumberFields,
                floatFields == null ? Set.of() : floatFields);
    }

    /**
     * Cleans a record in place and writes its reasons (or null) to the errors field. A record of a CSV row holding more
     * values than its header ({@link ValuesBeyondHeader}) is left as read and is {@link #INVALID} under every policy: the
     * reason goes to the errors field and the values beyond the header to the extra values field.
     *
     * @return a combination of {@link #CHANGED}, {@link #INVALID} and {@link #REASONS}
     */
    public int clean(final Record record) {
        final Optional<ValuesBeyondHeader> beyondHeader = ValuesBeyondHeader.of(record);
        if (beyondHeader.isPresent()) {
            // every value after the one holding the delimiter sits in the wrong column: cleaning them would rewrite and
            // reject values for the wrong reasons, so the row goes on as read, its values beyond the header kept
            writeReasons(record, beyondHeader.get().reason(extraValuesField.getFieldName()));
            record.setValue(extraValuesField, beyondHeader.get().getValues());
            return INVALID | REASONS;
        }
        final Plan plan = planFor(record);
        final Outcome outcome = new Outcome();
        // countries chosen per record first, so that the first that resolves is the region of the record's phones
        Region pathRegion = null;
        for (final FieldAssignment assignment : countryPathAssignments) {
            final String resolved = cleanSelected(record, assignment, defaultRegion, outcome);
            if (pathRegion == null && resolved != null) {
                pathRegion = new Region(resolved, true);
            }
        }
        final Region region = cleanFields(record, plan, pathRegion == null ? defaultRegion : pathRegion, outcome);
        for (final FieldAssignment assignment : otherPathAssignments) {
            cleanSelected(record, assignment, region, outcome);
        }
        writeReasons(record, outcome.reasons == null ? null : outcome.reasons.toString());
        return outcome.flags;
    }

    /** Cleans the values a per-record path selects; returns the first country among them that resolves, or null. */
    private String cleanSelected(final Record record, final FieldAssignment assignment, final Region region, final Outcome outcome) {
        String country = null;
        final List<FieldValue> all = assignment.path().select(record);
        if (all.isEmpty()) {
            final String why = assignment.path().whyNothingSelected(record);
            if (why != null) {
                // a path that can select nothing in records of this shape: say so, the fields it meant stay uncleaned
                outcome.addReason(assignment.text(), why);
                if (policy == InvalidValuePolicy.ROUTE_TO_INVALID) {
                    outcome.flags |= INVALID;
                }
            }
            return null;
        }
        final Iterator<FieldValue> selected = all.iterator();
        while (selected.hasNext()) {
            final FieldValue fieldValue = selected.next();
            final Object value = fieldValue.getValue();
            if (value instanceof String original) {
                final String fieldName = fieldValue.getField().getFieldName();
                final Record parent = fieldValue.getParentRecord().orElse(null);
                final String cleaned = assignment.rule() != RuleType.TEXT && NumberTextRecord.holdsFloatText(parent, fieldName)
                        ? rejected(original, NumberDigits.FLOAT_DIGITS_LOST, fieldName, outcome)
                        : apply(original, assignment.rule(), region, fieldName, NumberTextRecord.holdsWholeNumberText(parent, fieldName), outcome);
                if (!sameValue(original, cleaned)) {
                    fieldValue.updateValue(cleaned);
                    outcome.flags |= CHANGED;
                }
                if (country == null && assignment.rule() == RuleType.COUNTRY && cleaned != null) {
                    country = Countries.resolve(cleaned).orElse(null);
                }
            } else if (value != null && assignment.rule() != RuleType.TEXT && (isOtherShape(value) || isRejectedNumber(value, assignment.rule(),
                    region)) && rejectShape(value, assignment.rule(), fieldValue.getField().getFieldName(), outcome)) {
                fieldValue.updateValue(null);
            }
        }
        return country;
    }

    private void writeReasons(final Record record, final String reasons) {
        final String name = errorsField.getFieldName();
        if (reasons == null) {
            if (record.getSchema().getField(name).isPresent() && record.getValue(name) != null) {
                record.setValue(name, null);
            }
            return;
        }
        record.setValue(errorsField, reasons);
        if (record.getValue(name) == null) {
            // Records of readers that drop unknown fields only accept a field their schema has.
            record.incorporateSchema(errorsOnlySchema);
            record.setValue(errorsField, reasons);
        }
    }

    /** Cleans the fields of the plan; returns the record's region, its own country's or the inherited one. */
    private Region cleanFields(final Record record, final Plan plan, final Region inheritedRegion, final Outcome outcome) {
        // the record's region is its first country field, main address first, that names a country; an address with a
        // country field of its own (Billing..., Shipping...) reads its state, postal code and phone in that country
        Region region = inheritedRegion;
        boolean ownRegion = false;
        final Region[] addressRegions = plan.hasAddressCountries ? new Region[plan.steps.length] : null;
        for (int index = 0; index < plan.steps.length; index++) {
            final Step step = plan.steps[index];
            final Object read = record.getValue(step.fieldName);
            if (read == null) {
                continue;
            }
            // a country a reader typed as a number (36 of JSON, "036" a CSV reader inferred as an int) is the numeric
            // code whose leading zeros it dropped; another number is rejected below
            final String numericCode = step.rule == RuleType.COUNTRY && read instanceof Number number ? CountryRule.numericCode(number) : null;
            final Object value = numericCode == null ? read : numericCode;
            final Region addressRegion = step.countryStep < 0 ? null : addressRegions[step.countryStep];
            if (value instanceof String original) {
                // the text of a float of more digits than a float holds is the float's: no value to read, whatever it looks like
                final String cleaned = step.rule != RuleType.TEXT && NumberTextRecord.holdsFloatText(record, step.fieldName)
                        ? rejected(original, NumberDigits.FLOAT_DIGITS_LOST, step.label, outcome)
                        : apply(original, step.rule, addressRegion == null ? region : addressRegion, step.label,
                        NumberTextRecord.holdsWholeNumberText(record, step.fieldName), outcome);
                if (numericCode != null || !sameValue(original, cleaned)) {
                    record.setValue(step.fieldName, cleaned);
                    outcome.flags |= CHANGED;
                }
                if (step.rule == RuleType.COUNTRY && cleaned != null) {
                    final String code = Countries.resolve(cleaned).orElse(null);
                    final Region resolved = code == null ? null : new Region(code, true);
                    if (resolved != null && !ownRegion) {
                        region = resolved;
                        ownRegion = true;
                    }
                    if (addressRegions != null) {
                        addressRegions[index] = resolved;
                    }
                }
            } else if (step.rule != RuleType.TEXT && (isOtherShape(value) || isRejectedNumber(value, step.rule, addressRegion == null ? region
                    : addressRegion))) {
                // an email or phone field holding a list, an object, a boolean or a number where none belongs is no
                // email or phone: say so, never pass it on
                if (rejectShape(value, step.rule, step.label, outcome)) {
                    record.setValue(step.fieldName, null);
                }
            } else if (value instanceof Record child) {
                cleanFields(child, nestedPlanFor(child.getSchema(), step.childPrefix), region, outcome);
            } else if (value instanceof Object[] array) {
                for (final Object element : array) {
                    if (element instanceof Record child) {
                        cleanFields(child, nestedPlanFor(child.getSchema(), step.childPrefix), region, outcome);
                    }
                }
            }
        }
        return region;
    }

    /**
     * Whether a value of a field with a role's rule has another shape than the role's one value: a list of values, a
     * map, an object, or a boolean (which no rule reads as its value: {@code true} is no postal code). A list of objects
     * (contacts of an account) is a structure to clean, not a value.
     */
    private static boolean isOtherShape(final Object value) {
        if (value instanceof Object[] array) {
            for (final Object element : array) {
                if (element != null && !(element instanceof Record)) {
                    return true;
                }
            }
            return false;
        }
        return value instanceof Map<?, ?> || value instanceof Record || value instanceof Boolean;
    }

    /** Whether the value is a number in the field of a rule that is {@link #NEVER_A_NUMBER never a number} (in the region). */
    private static boolean isRejectedNumber(final Object value, final RuleType rule, final Region region) {
        return value instanceof Number && NEVER_A_NUMBER.contains(rule) && (rule != RuleType.STATE || Subdivisions.isKnown(region.code()));
    }

    /** Records the reason for a value of {@link #isOtherShape another shape} or a rejected number; true when the policy sets it to null. */
    private boolean rejectShape(final Object value, final RuleType rule, final String label, final Outcome outcome) {
        final String shape = value instanceof Object[] array ? "a list of " + array.length + (array.length == 1 ? " value" : " values")
                : value instanceof Map<?, ?> ? "a map of values" : value instanceof Boolean ? "a boolean" : value instanceof Number ? "a number"
                : "an object";
        outcome.addReason(label, "holds " + shape + " where one " + rule.getKey() + " value is expected");
        return switch (policy) {
            case ROUTE_TO_INVALID -> {
                outcome.flags |= INVALID;
                yield false;
            }
            case SET_TO_NULL -> {
                outcome.flags |= CHANGED;
                yield true;
            }
            case KEEP_VALUE -> false;
        };
    }

    /**
     * Text normalisation, then the rule; a rejected value is handled by the policy and its reason recorded. A value for a
     * rule of codes, numbers and dates (every rule but text and names) has its full-width forms read as ASCII first: a
     * CJK input method's {@code ２０２４-０１-１５} is the date, {@code １０５-００１１} the postal code.
     *
     * @param wholeNumber whether the value is the digits of a whole number the reader typed: a phone or postal code so
     *                    rejected, for any reason but a placeholder ({@code 00000}, which is one read as text too), says
     *                    the number the reader read and to read the column as text, and how many leading zeros it may have
     *                    lost where zeros before it would be read
     */
    private String apply(final String original, final RuleType rule, final Region region, final String label, final boolean wholeNumber,
                         final Outcome outcome) {
        final String normalised = text.normalize(original);
        if (normalised == null || rule == RuleType.TEXT) {
            return normalised;
        }
        final String input = rule == RuleType.NAME ? normalised : FullWidthForms.toAscii(normalised);
        final CleanResult result = cleaned(input, rule, region);
        if (result.isValid()) {
            final String value = result.isChanged() ? result.getValue() : input;
            final String otherValue = wholeNumber && (rule == RuleType.PHONE || rule == RuleType.POSTAL_CODE)
                    ? otherValueWithLeadingZeros(input, value, rule, region) : null;
            // both readings are values of the rule: which one the source wrote is unknown, so neither is kept as cleaned
            return otherValue == null ? value : rejected(original, readAsNumber(input) + ", and " + otherValue + ": which one the source wrote is unknown, "
                    + READ_AS_TEXT, label, outcome);
        }
        if (!wholeNumber || rule != RuleType.PHONE && rule != RuleType.POSTAL_CODE || result.isPlaceholder()) {
            // a placeholder (a ZIP column's 0 is 00000) is the same dummy read as text: no zeros or column type to speak of
            return rejected(original, result.getReason(), label, outcome);
        }
        // a +1 number rejected for its form has all ten digits of one: zeros before it would only make a number the source
        // never wrote (01196895633 dials +968 from the US), so they are not counted
        final String zeros = rule == RuleType.PHONE && PhoneRule.isNorthAmericanFormFault(result.getReason()) ? null
                : readWithLeadingZeros(input, rule, region);
        // whatever the reason, the value the rule saw is the reader's number: any zeros the source wrote before it are gone
        // (0258287997 is 258287997), so the reason says the number it read and how to have the value as written
        return rejected(original, result.getReason() + ": " + readAsNumber(input) + (zeros == null ? ": to clean it as the source wrote it, "
                : ", and with " + zeros + " it would be read: ") + READ_AS_TEXT, label, outcome);
    }

    /** The start of what a reason says of a phone or postal code the reader typed as a number: the number as read. */
    private static String readAsNumber(final String digits) {
        return "the Record Reader read it as the number " + digits + ", which drops leading zeros";
    }

    private CleanResult cleaned(final String input, final RuleType rule, final Region region) {
        // the default region is no country of the record's: a postal code's CEPT prefix (D-10115) names the code's country
        return rule == RuleType.POSTAL_CODE && !region.recordsOwn() ? postalCodes.cleanWithoutCountry(input, region.code())
                : rules.get(rule).clean(input, region.code());
    }

    /**
     * How many leading zeros ({@code "a leading 0"}, {@code "2 leading zeros"}) make the digits of a number a value the rule
     * reads, up to {@link #MAX_LOST_ZEROS}; null when none do, or when fewer zeros make a +1 number of a form the North
     * American plan cannot have (ten digits from 0 in a +1 region), which the rule rejects as such. Never used to restore
     * the value: a number whose zero a rule cannot restore by its country's format (as the US ZIP's or Italy's are) may
     * have had none, so only the reason says it.
     */
    private String readWithLeadingZeros(final String digits, final RuleType rule, final Region region) {
        String withZeros = digits;
        for (int zeros = 1; zeros <= MAX_LOST_ZEROS; zeros++) {
            withZeros = "0" + withZeros;
            final CleanResult withZerosResult = cleaned(withZeros, rule, region);
            if (withZerosResult.isValid()) {
                return zeros == 1 ? "a leading 0" : zeros + " leading zeros";
            }
            if (rule == RuleType.PHONE && PhoneRule.isNorthAmericanFormFault(withZerosResult.getReason())) {
                // 258287997 with its 0 is ten digits from 0, rejected as such: more zeros (00861113397 read as +86...)
                // would name a number the source never wrote
                return null;
            }
        }
        return null;
    }

    /**
     * What the digits of a number the reader typed are with the leading zeros it may have dropped, when that is another
     * value the rule reads ({@code "with a leading 0 it is another postal code (0150)"}); null when no zeros make another
     * value: the rule gives the zeros back itself (a US ZIP {@code 2134}, Rome's {@code 100}), or reads the number with
     * them as the same ({@code 301234567} and {@code 0301234567} are both {@code +49301234567}), or rejects it. Only a
     * record's own country says a zero could stand there: a record without one (read in the default region) and a
     * country libphonenumber has no plan of, or whose postal codes are not all digits of one length some of which start
     * with 0 ({@link PostalCodeRule#digitsOfEveryCode}), are cleaned as ever, as a rejection there would be a guess that
     * takes a whole column a reader typed. A phone is tried with one zero, its trunk or own leading zero (Italy's
     * {@code 0612345678} is another number than {@code 612345678}), and only where that is a number of an assigned range,
     * not merely one of a possible length: two zeros would be an international prefix, which most national numbers become
     * a number of some country with. A postal code is tried with the zeros that make it as long as every code of its
     * country (Brazil's {@code 88010000} lost none, {@code 1310100} one), up to {@link #MAX_LOST_ZEROS}.
     */
    private String otherValueWithLeadingZeros(final String digits, final String value, final RuleType rule, final Region region) {
        final boolean phone = rule == RuleType.PHONE;
        final int digitsOfEveryCode = phone ? 0 : PostalCodeRule.digitsOfEveryCode(region.code());
        if (!region.recordsOwn() || (phone ? !PhoneRule.isSupportedRegion(region.code()) : digitsOfEveryCode == 0)) {
            return null;
        }
        final int zeros = phone ? 1 : digitsOfEveryCode - digits.length();
        if (zeros < 1 || zeros > MAX_LOST_ZEROS) {
            return null;
        }
        final String withZeros = "0".repeat(zeros) + digits;
        final CleanResult withZerosResult = cleaned(withZeros, rule, region);
        if (!withZerosResult.isValid()) {
            return null;
        }
        final String other = withZerosResult.isChanged() ? withZerosResult.getValue() : withZeros;
        // a phone with a zero before its country code (061298765432 in AU) is possible in some plans, and nobody's number
        return other.equals(value) || phone && !PhoneRule.isAssigned(other) ? null : "with " + (zeros == 1 ? "a leading 0" : zeros + " leading zeros")
                + " it is another " + (phone ? "phone number" : "postal code") + " (" + other + ")";
    }

    /** A rejected value handled by the policy, its reason recorded: the value to keep (the original, or null). */
    private String rejected(final String original, final String reason, final String label, final Outcome outcome) {
        outcome.addReason(label, reason);
        return switch (policy) {
            case ROUTE_TO_INVALID -> {
                outcome.flags |= INVALID;
                yield original;
            }
            case SET_TO_NULL -> null;
            case KEEP_VALUE -> original;
        };
    }

    private static boolean sameValue(final String original, final String cleaned) {
        return original == cleaned || original.equals(cleaned);
    }

    private Plan planFor(final Record record) {
        final RecordSchema schema = record.getSchema();
        final List<String> excluded = fieldsSelectedByPaths(record);
        final PlanKey key = new PlanKey(schema, excluded);
        final Plan cached = rootPlans.get(key);
        if (cached != null) {
            return cached;
        }
        if (rootPlans.size() >= MAX_CACHED_PLANS) {
            rootPlans.clear();
        }
        final Plan plan = buildPlan(schema, "", topLevelAssignments, excluded);
        rootPlans.put(key, plan);
        return plan;
    }

    private Plan nestedPlanFor(final RecordSchema schema, final String labelPrefix) {
        final Map<RecordSchema, Plan> plans = nestedPlans.computeIfAbsent(labelPrefix, prefix -> new ConcurrentHashMap<>());
        final Plan cached = plans.get(schema);
        if (cached != null) {
            return cached;
        }
        if (plans.size() >= MAX_CACHED_PLANS) {
            plans.clear();
        }
        final Plan plan = buildPlan(schema, labelPrefix, nestedAssignments.getOrDefault(labelPrefix, Map.of()), List.of());
        plans.put(schema, plan);
        return plan;
    }

    /** The top-level fields the per-record RecordPaths select in this record: name recognition leaves them alone. */
    private List<String> fieldsSelectedByPaths(final Record record) {
        if (topLevelSelectingAssignments.isEmpty()) {
            return List.of();
        }
        final List<String> names = new ArrayList<>();
        for (final FieldAssignment assignment : topLevelSelectingAssignments) {
            assignment.path().select(record).forEach(fieldValue -> {
                final Optional<Record> parent = fieldValue.getParentRecord();
                if (parent.isPresent() && parent.get() == record) {
                    names.add(fieldValue.getField().getFieldName());
                }
            });
        }
        return names;
    }

    private Plan buildPlan(final RecordSchema schema, final String labelPrefix, final Map<String, RuleType> assigned, final List<String> excluded) {
        final List<Step> countrySteps = new ArrayList<>();
        final List<Step> otherSteps = new ArrayList<>();
        final List<RecordField> stringFields = new ArrayList<>();
        final List<String> retyped = new ArrayList<>();
        final List<Step> retypedNested = new ArrayList<>();
        boolean retypedCountry = false;
        for (final RecordField field : schema.getFields()) {
            final String name = field.getFieldName();
            stringFields.add(field);
            if (name.equals(errorsField.getFieldName()) || excluded.contains(name)) {
                continue;
            }
            RuleType rule = assigned.get(name);
            if (rule == null) {
                rule = RuleType.TEXT;
                if (recognizeFieldNames) {
                    rule = FieldRoles.cleaningRule(name).orElse(RuleType.TEXT);
                }
            }
            if ((TEXT_BY_NATURE.contains(rule) || rule == RuleType.COUNTRY) && isNumberOrChoice(field.getDataType())) {
                if (rule == RuleType.COUNTRY) {
                    // its numbers stay numbers until cleaned: a numeric code becomes its country, another is rejected as one
                    retypedCountry = true;
                } else {
                    retyped.add(name);
                }
                stringFields.set(stringFields.size() - 1, new RecordField(name, textType(field.getDataType()), field.getDefaultValue(),
                        field.getAliases(), true));
            } else {
                final DataType nestedTextType = nestedTextType(field.getDataType(), rule, labelPrefix + name + "/");
                if (nestedTextType != null) {
                    retypedNested.add(new Step(name, labelPrefix + name, labelPrefix + name + "/", rule, "", -1));
                    stringFields.set(stringFields.size() - 1, new RecordField(name, nestedTextType, field.getDefaultValue(), field.getAliases(),
                            field.isNullable()));
                }
                if (!isCleanable(field.getDataType()) && (rule == RuleType.TEXT || !isOtherShape(field.getDataType())
                        && !(NEVER_A_NUMBER.contains(rule) && isNumberOrChoice(field.getDataType())))) {
                    continue;
                }
            }
            final Step step = new Step(name, labelPrefix + name, labelPrefix + name + "/", rule, FieldRoles.addressPrefix(name), -1);
            if (rule == RuleType.COUNTRY) {
                countrySteps.add(step);
            } else {
                otherSteps.add(step);
            }
        }
        final int countries = countrySteps.size();
        // the main address's country first: the first of them that names a country is the record's region
        countrySteps.sort(Comparator.comparingInt(step -> mainAddressRank(step.addressPrefix)));
        boolean hasAddressCountries = false;
        for (final Step step : otherSteps) {
            // with one country field at most, the record's region is its country
            final int countryStep = countries > 1 && READ_IN_ADDRESS_COUNTRY.contains(step.rule) ? addressCountry(countrySteps, step) : -1;
            hasAddressCountries |= countryStep >= 0;
            countrySteps.add(countryStep < 0 ? step : step.withCountryStep(countryStep));
        }
        final RecordSchema stringSchema = retyped.isEmpty() && retypedNested.isEmpty() && !retypedCountry ? null : new SimpleRecordSchema(stringFields);
        return new Plan(countrySteps.toArray(new Step[0]), hasAddressCountries, stringSchema, retyped.toArray(new String[0]),
                retypedNested.toArray(new Step[0]));
    }

    /**
     * The type of a field holding records (or a list of them) whose own text-by-nature fields the reader typed as
     * numbers, with those records' schema as strings; null when there are none. A record in a field of a role with a
     * rule of its own is rejected as it was read, so it is not entered. The records may be one of the shapes of a choice
     * (a JSON reader's address that is text in one record and an object in another, a list holding objects and text).
     */
    private DataType nestedTextType(final DataType dataType, final RuleType rule, final String childPrefix) {
        if (depth(childPrefix) > MAX_RETYPED_DEPTH) {
            // a schema that contains itself (an Avro Person with a Person manager) has no end to walk to
            return null;
        }
        return withTextFields(dataType, rule == RuleType.TEXT, childPrefix);
    }

    /** The type with the records it holds, directly, in a list or as a choice's shape, retyped; null when none is. */
    private DataType withTextFields(final DataType dataType, final boolean recordsEntered, final String childPrefix) {
        if (dataType instanceof RecordDataType recordType) {
            if (!recordsEntered || recordType.getChildSchema() == null) {
                return null;
            }
            final RecordSchema childSchema = nestedPlanFor(recordType.getChildSchema(), childPrefix).stringSchema;
            return childSchema == null ? null : RecordFieldType.RECORD.getRecordDataType(childSchema);
        }
        if (dataType instanceof ArrayDataType arrayType) {
            final DataType elementType = withTextFields(arrayType.getElementType(), true, childPrefix);
            return elementType == null ? null : RecordFieldType.ARRAY.getArrayDataType(elementType, arrayType.isElementsNullable());
        }
        if (dataType instanceof ChoiceDataType choice) {
            final List<DataType> subTypes = new ArrayList<>();
            boolean retyped = false;
            for (final DataType subType : choice.getPossibleSubTypes()) {
                final DataType textType = withTextFields(subType, recordsEntered, childPrefix);
                retyped |= textType != null;
                subTypes.add(textType == null ? subType : textType);
            }
            return retyped ? RecordFieldType.CHOICE.getChoiceDataType(subTypes) : null;
        }
        return null;
    }

    /** How likely an address of the prefix is the record's main address: 0 the most likely. */
    private static int mainAddressRank(final String addressPrefix) {
        final int rank = MAIN_ADDRESS_PREFIXES.indexOf(addressPrefix);
        return rank < 0 ? MAIN_ADDRESS_PREFIXES.size() : rank;
    }

    /** The index of the country step of the address the step belongs to (same address prefix), or -1. */
    private static int addressCountry(final List<Step> countrySteps, final Step step) {
        if (step.addressPrefix.isEmpty()) {
            return -1;
        }
        for (int index = 0; index < countrySteps.size(); index++) {
            if (countrySteps.get(index).addressPrefix.equals(step.addressPrefix)) {
                return index;
            }
        }
        return -1;
    }

    private static boolean isNumberOrChoice(final DataType dataType) {
        return switch (dataType.getFieldType()) {
            case INT, LONG, BIGINT, SHORT, BYTE, DOUBLE, FLOAT, DECIMAL, CHOICE -> true;
            default -> false;
        };
    }

    /**
     * The type a text-by-nature field is written with: a string where the reader read a number, and, when the reader
     * saw other shapes in other records (a choice of a number and an object, a list, a map or a boolean), those shapes
     * as well. A record holding an object keeps it as an object, rejected with its reason, instead of as JSON text.
     */
    private static DataType textType(final DataType dataType) {
        if (!(dataType instanceof ChoiceDataType choice)) {
            return RecordFieldType.STRING.getDataType();
        }
        final List<DataType> kept = new ArrayList<>();
        kept.add(RecordFieldType.STRING.getDataType());
        for (final DataType subType : choice.getPossibleSubTypes()) {
            final RecordFieldType type = subType.getFieldType();
            final boolean shape = type == RecordFieldType.RECORD || type == RecordFieldType.ARRAY || type == RecordFieldType.MAP
                    || type == RecordFieldType.BOOLEAN;
            if (shape && !kept.contains(subType)) {
                kept.add(subType);
            }
        }
        return kept.size() == 1 ? kept.getFirst() : RecordFieldType.CHOICE.getChoiceDataType(kept);
    }

    private static int depth(final String labelPrefix) {
        int depth = 0;
        for (int i = 0; i < labelPrefix.length(); i++) {
            if (labelPrefix.charAt(i) == '/') {
                depth++;
            }
        }
        return depth;
    }

    /** Lists, maps and booleans: a field of a role with a rule of its own must not hold one. */
    private static boolean isOtherShape(final DataType dataType) {
        final RecordFieldType type = dataType.getFieldType();
        return type == RecordFieldType.ARRAY || type == RecordFieldType.MAP || type == RecordFieldType.BOOLEAN;
    }

    /** Strings (also inside choices) and records, possibly in arrays; numbers, booleans, dates and maps are left alone. */
    private static boolean isCleanable(final DataType dataType) {
        final RecordFieldType type = dataType.getFieldType();
        return switch (type) {
            case STRING, CHOICE, RECORD -> true;
            case ARRAY -> holdsRecords(((ArrayDataType) dataType).getElementType());
            default -> false;
        };
    }

    /** Whether values of the type may be records: a record type, or a choice or list one of whose shapes may be. */
    private static boolean holdsRecords(final DataType dataType) {
        if (dataType instanceof ChoiceDataType choice) {
            for (final DataType subType : choice.getPossibleSubTypes()) {
                if (holdsRecords(subType)) {
                    return true;
                }
            }
            return false;
        }
        if (dataType instanceof ArrayDataType arrayType) {
            return holdsRecords(arrayType.getElementType());
        }
        return dataType.getFieldType() == RecordFieldType.RECORD;
    }

    /** What to do with the fields of one record schema, in order: country fields first, so the region is known. */
    private static final class Plan {
        private final Step[] steps;
        /** Whether the schema has several country fields and a state or postal code field belonging to one of them. */
        private final boolean hasAddressCountries;
        /** The schema with text-by-nature fields typed as strings, or null when the read schema already is. */
        private final RecordSchema stringSchema;
        private final String[] retypedFields;
        /** The fields holding records, or lists of records, with text-by-nature fields of their own to retype. */
        private final Step[] retypedNested;

        private Plan(final Step[] steps, final boolean hasAddressCountries, final RecordSchema stringSchema, final String[] retypedFields,
                     final Step[] retypedNested) {
            this.steps = steps;
            this.hasAddressCountries = hasAddressCountries;
            this.stringSchema = stringSchema;
            this.retypedFields = retypedFields;
            this.retypedNested = retypedNested;
        }
    }

    /**
     * One field to clean. {@code addressPrefix} is the CRM address prefix of its name ({@code billing}...), and
     * {@code countryStep} the index of the country step of its address, or -1 for the record's region.
     */
    private record Step(String fieldName, String label, String childPrefix, RuleType rule, String addressPrefix, int countryStep) {
        Step withCountryStep(final int index) {
            return new Step(fieldName, label, childPrefix, rule, addressPrefix, index);
        }
    }

    /**
     * What a root plan depends on: the schema, and the top-level fields the record's own RecordPaths select. A path with
     * a predicate ({@code /Notes[startsWith(., '+')]}) selects a field in one record and not in the next, so the schema
     * alone would hand every later record the exclusions of the first.
     */
    private record PlanKey(RecordSchema schema, List<String> excludedFields) {
    }

    /**
     * The country a record's values are read in ({@code code}, ISO 3166-1 alpha-2) and whether it is the record's own: a
     * country field or per-record path of the record, its address or a record it is nested in ({@code recordsOwn}), or
     * the Default Phone Region, which names no country of the record's even when it is the same code. A postal code's CEPT
     * prefix ({@code D-10115}) may contradict the one, not the other.
     */
    private record Region(String code, boolean recordsOwn) {
    }

    /** The per-record accumulator: flags and, only when needed, the reasons text. */
    private static final class Outcome {
        private int flags;
        private StringBuilder reasons;

        void addReason(final String label, final String reason) {
            if (reasons == null) {
                reasons = new StringBuilder(64);
            } else {
                reasons.append("; ");
            }
            reasons.append(label).append(": ").append(reason);
            flags |= REASONS;
        }
    }

    /** Configuration of a {@link RecordCleaner}; every setting but the clock has a default. */
    public static final class Builder {
        private List<String> placeholders = TextRule.DEFAULT_PLACEHOLDERS;
        private InvalidValuePolicy policy = InvalidValuePolicy.ROUTE_TO_INVALID;
        private String defaultRegion = "US";
        private PhoneRule.Validation phoneValidation = PhoneRule.Validation.POSSIBLE;
        private DateOrder dateOrder = DateOrder.MDY;
        private ExcelDateSystem excelDates = ExcelDateSystem.REJECT;
        private boolean recognizeFieldNames = true;
        private String errorsField = "crm_errors";
        private String extraValuesField = "crm_extra_values";
        private List<FieldAssignment> assignments = List.of();
        private final Clock clock;

        private Builder(final Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("The clock must not be null");
            }
            this.clock = clock;
        }

        public Builder placeholders(final List<String> values) {
            this.placeholders = List.copyOf(values);
            return this;
        }

        public Builder invalidValuePolicy(final InvalidValuePolicy value) {
            this.policy = value;
            return this;
        }

        /** The ISO 3166-1 alpha-2 region for records without a resolvable country; must be a libphonenumber region. */
        public Builder defaultRegion(final String value) {
            this.defaultRegion = value.toUpperCase(Locale.ROOT);
            return this;
        }

        public Builder phoneValidation(final PhoneRule.Validation value) {
            this.phoneValidation = value;
            return this;
        }

        public Builder dateOrder(final DateOrder value) {
            this.dateOrder = value;
            return this;
        }

        /** The date system a spreadsheet's serial day numbers in date fields are read in; {@link ExcelDateSystem#REJECT} by default. */
        public Builder excelDateSystem(final ExcelDateSystem value) {
            this.excelDates = value;
            return this;
        }

        public Builder recognizeFieldNames(final boolean value) {
            this.recognizeFieldNames = value;
            return this;
        }

        public Builder errorsField(final String value) {
            this.errorsField = value;
            return this;
        }

        /** The field that keeps the values of a CSV row beyond its header on the invalid record; {@code crm_extra_values} by default. */
        public Builder extraValuesField(final String value) {
            this.extraValuesField = value;
            return this;
        }

        public Builder assignments(final List<FieldAssignment> values) {
            this.assignments = List.copyOf(values);
            return this;
        }

        public RecordCleaner build() {
            return new RecordCleaner(this);
        }
    }
}
