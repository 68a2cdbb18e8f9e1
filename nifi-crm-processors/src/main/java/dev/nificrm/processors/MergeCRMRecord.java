package dev.nificrm.processors;

import dev.nificrm.merge.GroupAssembler;
import dev.nificrm.merge.Member;
import dev.nificrm.merge.SourcePriority;
import dev.nificrm.merge.SurvivorshipRule;
import dev.nificrm.merge.UnionFormat;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.record.RecordPathList;
import dev.nificrm.record.RecordProcessingException;
import dev.nificrm.record.RecordSource;
import dev.nificrm.record.RoutedRecordWriter;
import dev.nificrm.roles.FieldRoles;
import dev.nificrm.roles.Role;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.SystemResource;
import org.apache.nifi.annotation.behavior.SystemResourceConsideration;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The NiFi adapter of {@link dev.nificrm.merge.GoldenRecordPlan}: reads the FlowFile twice, first to count the records
 * of each group, then to hand each record to its group and write a group's golden record as soon as its last member
 * has arrived. A group of one is its own golden record and streams straight through.
 */
@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"crm", "record", "merge", "golden record", "survivorship", "master data", "mdm", "deduplicate", "lineage"})
@CapabilityDescription("Merges the records of one customer into one golden record, field by field: the records sharing the Group Field "
        + "(crm_match_id, as MatchCRMRecord sets it) become one record whose every field is chosen by a survivorship rule: most recent, "
        + "source priority, most complete, most frequent, longest, shortest, max, min, oldest or union. Rules are set per field "
        + "(dynamic property: rule = RecordPaths); other fields take their role's default (emails and phones gather every value, "
        + "names the fullest...). Each golden record says which system, record and rule every value came from (lineage) and "
        + "which records it merged. Records without duplicates pass through as their own golden record.")
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "The number of records in the outgoing FlowFile"),
        @WritesAttribute(attribute = "mime.type", description = "The MIME type of the Record Writer"),
        @WritesAttribute(attribute = "crm.merge.golden.count", description = "Golden records written for the input"),
        @WritesAttribute(attribute = "crm.merge.merged.count", description = "Input records merged into golden records of two or more records"),
        @WritesAttribute(attribute = "crm.merge.single.count", description = "Input records that are their own golden record"),
        @WritesAttribute(attribute = "crm.merge.failure.count", description = "Input records routed to failure, each with its reason"),
        @WritesAttribute(attribute = "record.error.message", description = "On failure of the whole FlowFile, why it could not be merged")
})
@DynamicProperty(name = "A survivorship rule: most_recent, source_priority, most_complete, most_frequent, longest, shortest, max, min, oldest, union",
        value = "One or more comma-separated RecordPaths of top-level fields, e.g. /Email, /Phone",
        description = "Chooses the golden value of each field named by the rule; fields no rule property names take the Default Survivorship Rule.")
@SystemResourceConsideration(resource = SystemResource.MEMORY, description = "The records of a group are held until its last record has been "
        + "read, then merged and released; records without duplicates are not held. The memory needed grows with the records of groups "
        + "of two or more whose members are far apart in the FlowFile (at most all of them), plus 12 bytes per distinct group.")
@SeeAlso(classNames = {"dev.nificrm.processors.MatchCRMRecord", "dev.nificrm.processors.CleanCRMRecord", "dev.nificrm.processors.MapCRMRecord"})
public class MergeCRMRecord extends AbstractCRMRecordProcessor {

    static final Validator SYSTEM_LIST_VALIDATOR = (subject, input, context) -> {
        final boolean valid = input != null && !SourcePriority.parse(input).systems().isEmpty();
        return new ValidationResult.Builder().subject(subject).input(input).valid(valid)
                .explanation(valid ? null : "must list one or more system names separated by commas, e.g. salesforce, hubspot").build();
    };

    public static final PropertyDescriptor GROUP_FIELD = new PropertyDescriptor.Builder()
            .name("Group Field")
            .description("A RecordPath to the field whose value the records of one customer share: the golden id or cluster id MatchCRMRecord "
                    + "writes. A record without a value is a group of its own.")
            .required(true)
            .defaultValue("/crm_match_id")
            .addValidator(RecordPathList.VALIDATOR)
            .build();

    public static final PropertyDescriptor SOURCE_SYSTEM_FIELD = new PropertyDescriptor.Builder()
            .name("Source System Field")
            .description("A RecordPath to the field naming the system each record comes from (records from several systems are merged "
                    + "together), e.g. /crm_source_system. Source Priority ranks these names; lineage and merged ids show them.")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .build();

    public static final PropertyDescriptor SOURCE_SYSTEM = new PropertyDescriptor.Builder()
            .name("Source System")
            .description("The system of the records whose Source System Field is not set or empty, e.g. salesforce or ${crm.source.system}")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor SOURCE_ID_FIELD = new PropertyDescriptor.Builder()
            .name("Source ID Field")
            .description("A RecordPath to the record's id in its system, e.g. /Id: lineage and merged ids name records as system:id "
                    + "(a record without one by its number in the FlowFile, #12)")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .build();

    public static final PropertyDescriptor TIMESTAMP_FIELD = new PropertyDescriptor.Builder()
            .name("Timestamp Field")
            .description("A RecordPath to when the record last changed, e.g. /LastModifiedDate: most_recent and oldest compare it, and ties "
                    + "between records are broken in its favour. ISO-8601 text, dates, timestamps or epoch milliseconds; text without an "
                    + "offset is UTC. A record whose value cannot be read as a time goes to failure with the reason.")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .build();

    public static final PropertyDescriptor SOURCE_PRIORITY = new PropertyDescriptor.Builder()
            .name("Source Priority")
            .description("The systems in the order their values are preferred, comma-separated, e.g. salesforce, hubspot: the source_priority "
                    + "rule takes the first listed system's value, and every other rule breaks ties in this order. Systems not listed come after.")
            .required(false)
            .addValidator(SYSTEM_LIST_VALIDATOR)
            .build();

    public static final PropertyDescriptor DEFAULT_SURVIVORSHIP_RULE = new PropertyDescriptor.Builder()
            .name("Default Survivorship Rule")
            .description("The rule of every field no rule property names")
            .required(true)
            .allowableValues(DefaultSurvivorship.class)
            .defaultValue(DefaultSurvivorship.ROLE_DEFAULTS)
            .build();

    public static final PropertyDescriptor UNION_OUTPUT = new PropertyDescriptor.Builder()
            .name("Union Output")
            .description("How the union rule writes the distinct values it gathers")
            .required(true)
            .allowableValues(UnionOutput.class)
            .defaultValue(UnionOutput.DELIMITED)
            .build();

    public static final PropertyDescriptor UNION_DELIMITER = new PropertyDescriptor.Builder()
            .name("Union Delimiter")
            .description("What joins the values of a delimited union; values already holding it are split first, so merging again adds "
                    + "nothing twice")
            .required(true)
            .defaultValue(";")
            .addValidator(Validator.VALID)
            .dependsOn(UNION_OUTPUT, UnionOutput.DELIMITED)
            .build();

    public static final PropertyDescriptor INCLUDE_LINEAGE = new PropertyDescriptor.Builder()
            .name("Include Lineage")
            .description("Whether every golden record gets the Lineage Field")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();

    public static final PropertyDescriptor LINEAGE_FIELD = new PropertyDescriptor.Builder()
            .name("Lineage Field")
            .description("The field added to every golden record saying, per field, which record (system:id) its value came from and by which "
                    + "rule, e.g. {\"Email\": \"salesforce:003A01, hubspot:901 (union)\", \"Phone\": \"hubspot:901 (most_recent)\"}; fields "
                    + "without a value, and bookkeeping fields starting with crm_, are left out")
            .required(true)
            .defaultValue("crm_lineage")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(INCLUDE_LINEAGE, "true")
            .build();

    public static final PropertyDescriptor MERGED_IDS_FIELD = new PropertyDescriptor.Builder()
            .name("Merged IDs Field")
            .description("The field added to every golden record with the records merged into it, as system:id, preferred record first")
            .required(true)
            .defaultValue("crm_merged_ids")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor ERRORS_FIELD = new PropertyDescriptor.Builder()
            .name("Errors Field")
            .description("The field added to a record routed to failure with the reason, e.g. \"Timestamp Field: not a date or ISO-8601 timestamp\"")
            .required(true)
            .defaultValue("crm_errors")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final Relationship REL_MERGED = new Relationship.Builder()
            .name("merged")
            .description("Golden records: one per group of records sharing the Group Field, a record without duplicates as its own")
            .build();

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("The input FlowFile, unchanged, once its records have been merged")
            .autoTerminateDefault(true)
            .build();

    private static final List<String> GOLDEN_COUNTERS = List.of("golden", "merged", "single", "failure");

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(RECORD_READER, RECORD_WRITER, GROUP_FIELD,
            SOURCE_SYSTEM_FIELD, SOURCE_SYSTEM, SOURCE_ID_FIELD, TIMESTAMP_FIELD, SOURCE_PRIORITY, DEFAULT_SURVIVORSHIP_RULE, UNION_OUTPUT,
            UNION_DELIMITER, INCLUDE_LINEAGE, LINEAGE_FIELD, MERGED_IDS_FIELD, ERRORS_FIELD);

    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_MERGED, REL_ORIGINAL, REL_FAILURE);

    /** The merge's settings, compiled when the processor is scheduled. */
    private volatile GoldenLayout.Settings goldenSettings;
    private volatile RecordField errorsField;
    /** The golden-record layout of each input schema seen, by its field names. */
    private final Map<List<String>, GoldenLayout> layouts = new ConcurrentHashMap<>();
    /** Schemas whose layouts are kept; beyond this the cache starts afresh. */
    private static final int MAXIMUM_CACHED_LAYOUTS = 64;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    protected PropertyDescriptor getSupportedDynamicPropertyDescriptor(final String propertyDescriptorName) {
        final Optional<SurvivorshipRule> rule = SurvivorshipRule.fromKey(propertyDescriptorName);
        return RecordPathList.dynamicPropertyDescriptor(propertyDescriptorName,
                rule.map(value -> "Chooses the golden value of the fields at these RecordPaths by the " + value.getKey() + " rule")
                        .orElse("Not a survivorship rule"),
                RULE_PROPERTY_VALIDATOR);
    }

    /** A rule property: named after a rule, valued with RecordPaths of top-level fields. */
    private static final Validator RULE_PROPERTY_VALIDATOR = (subject, input, context) -> {
        final ValidationResult.Builder result = new ValidationResult.Builder().subject(subject).input(input);
        if (SurvivorshipRule.fromKey(subject).isEmpty()) {
            return result.valid(false).explanation("'" + subject + "' is not a survivorship rule: name the property after one of "
                    + Stream.of(SurvivorshipRule.values()).map(SurvivorshipRule::getKey).collect(Collectors.joining(", "))).build();
        }
        final ValidationResult paths = RecordPathList.VALIDATOR.validate(subject, input, context);
        if (!paths.isValid()) {
            return paths;
        }
        for (final String path : RecordPathList.split(input)) {
            if (FieldReader.topLevelFieldName(path).isEmpty()) {
                return result.valid(false).explanation("'" + path + "' is not a top-level field: survivorship chooses whole fields, name "
                        + "them as /Email or /'Mailing City'").build();
            }
        }
        return result.valid(true).build();
    };

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final Map<String, String> ruleOfField = new HashMap<>();
        final boolean timestamp = context.getProperty(TIMESTAMP_FIELD).isSet();
        final boolean priority = context.getProperty(SOURCE_PRIORITY).isSet();
        for (final Map.Entry<PropertyDescriptor, String> property : context.getProperties().entrySet()) {
            if (!property.getKey().isDynamic() || property.getValue() == null) {
                continue;
            }
            final Optional<SurvivorshipRule> rule = SurvivorshipRule.fromKey(property.getKey().getName());
            if (rule.isEmpty()) {
                continue;
            }
            results.addAll(needs(rule.get(), property.getKey().getName(), timestamp, priority));
            for (final String path : RecordPathList.split(property.getValue())) {
                final Optional<String> field = FieldReader.topLevelFieldName(path);
                if (field.isEmpty()) {
                    continue;
                }
                final String other = ruleOfField.putIfAbsent(field.get(), property.getKey().getName());
                if (other != null && !other.equals(property.getKey().getName())) {
                    results.add(new ValidationResult.Builder().subject(property.getKey().getName()).input(property.getValue()).valid(false)
                            .explanation("the field " + path.trim() + " is named by both " + other + " and " + property.getKey().getName()
                                    + ": a field survives by one rule, remove it from one of them").build());
                }
            }
        }
        final DefaultSurvivorship defaultRule = context.getProperty(DEFAULT_SURVIVORSHIP_RULE).asAllowableValue(DefaultSurvivorship.class);
        defaultRule.rule().ifPresent(rule -> results.addAll(needs(rule, DEFAULT_SURVIVORSHIP_RULE.getName(), timestamp, priority)));
        return results;
    }

    /** A rule that compares timestamps needs the Timestamp Field; source_priority needs Source Priority. */
    private static List<ValidationResult> needs(final SurvivorshipRule rule, final String subject, final boolean timestamp, final boolean priority) {
        if ((rule == SurvivorshipRule.MOST_RECENT || rule == SurvivorshipRule.OLDEST) && !timestamp) {
            return List.of(new ValidationResult.Builder().subject(subject).valid(false)
                    .explanation(rule.getKey() + " compares when records changed: set the Timestamp Field, e.g. /LastModifiedDate").build());
        }
        if (rule == SurvivorshipRule.SOURCE_PRIORITY && !priority) {
            return List.of(new ValidationResult.Builder().subject(subject).valid(false)
                    .explanation("source_priority takes the value of the first system listed: set the Source Priority, e.g. salesforce, hubspot")
                    .build());
        }
        return List.of();
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        final Map<String, SurvivorshipRule> explicitRules = new HashMap<>();
        for (final Map.Entry<PropertyDescriptor, String> property : context.getProperties().entrySet()) {
            if (!property.getKey().isDynamic() || property.getValue() == null) {
                continue;
            }
            final SurvivorshipRule rule = SurvivorshipRule.fromKey(property.getKey().getName()).orElseThrow();
            for (final String path : RecordPathList.split(property.getValue())) {
                explicitRules.put(FieldReader.topLevelFieldName(path).orElseThrow(), rule);
            }
        }
        final Optional<SurvivorshipRule> oneRule = context.getProperty(DEFAULT_SURVIVORSHIP_RULE).asAllowableValue(DefaultSurvivorship.class).rule();
        final Map<String, SurvivorshipRule> roleRules = new ConcurrentHashMap<>();
        final GoldenLayout.DefaultRule defaultRule = oneRule.isPresent()
                ? fieldName -> oneRule.get()
                : fieldName -> roleRules.computeIfAbsent(fieldName, MergeCRMRecord::roleDefault);
        final UnionFormat unionFormat = context.getProperty(UNION_OUTPUT).asAllowableValue(UnionOutput.class) == UnionOutput.ARRAY
                ? UnionFormat.ARRAY : UnionFormat.delimited(context.getProperty(UNION_DELIMITER).getValue());
        final String lineageField = context.getProperty(INCLUDE_LINEAGE).asBoolean() ? context.getProperty(LINEAGE_FIELD).getValue() : null;
        final String mergedIdsField = context.getProperty(MERGED_IDS_FIELD).getValue();
        final String errors = context.getProperty(ERRORS_FIELD).getValue();
        final Set<String> outputFields = new LinkedHashSet<>(Arrays.asList(mergedIdsField, errors));
        if (lineageField != null) {
            outputFields.add(lineageField);
        }
        goldenSettings = new GoldenLayout.Settings(Map.copyOf(explicitRules), defaultRule,
                SourcePriority.parse(context.getProperty(SOURCE_PRIORITY).getValue()), unionFormat,
                reader(context, SOURCE_SYSTEM_FIELD), reader(context, SOURCE_ID_FIELD), reader(context, TIMESTAMP_FIELD),
                lineageField, mergedIdsField, Set.copyOf(outputFields));
        errorsField = new RecordField(errors, RecordFieldType.STRING.getDataType(), true);
        layouts.clear();
    }

    /** The default survivorship of the field's role when its name is recognised, else most_complete. */
    private static SurvivorshipRule roleDefault(final String fieldName) {
        return FieldRoles.recognize(fieldName).map(Role::getSurvivorship).orElse(SurvivorshipRule.MOST_COMPLETE);
    }

    private static FieldReader reader(final ProcessContext context, final PropertyDescriptor property) {
        final String path = context.getProperty(property).getValue();
        return path == null || path.isBlank() ? null : FieldReader.of(path);
    }

    @Override
    protected long processRecords(final ProcessContext context, final RecordSource source, final RoutedRecordWriter output)
            throws IOException, MalformedRecordException, SchemaNotFoundException, RecordProcessingException {
        final GoldenLayout.Settings settings = goldenSettings;
        final FieldReader groupReader = FieldReader.of(context.getProperty(GROUP_FIELD).getValue());
        final String defaultSystem = context.getProperty(SOURCE_SYSTEM).evaluateAttributeExpressions(source.getFlowFile()).getValue();
        final String flowFileSystem = defaultSystem == null || defaultSystem.isBlank() ? null : defaultSystem.strip();
        final GroupAssembler groups = new GroupAssembler();
        final GoldenLayout[] layout = new GoldenLayout[1];
        final long count = source.forEach((position, record) -> {
            if (layout[0] == null) {
                layout[0] = layout(record.getSchema(), settings);
            }
            final String group = groupReader.readText(record);
            if (group != null) {
                groups.count(group);
            }
        });
        if (count == 0) {
            return 0;
        }
        final long routed = source.forEach((position, record) -> {
            final Member member;
            try {
                member = layout[0].member(record, position, flowFileSystem);
            } catch (final IllegalArgumentException e) {
                record.setValue(errorsField, e.getMessage());
                output.write(REL_FAILURE, record);
                output.increment("failure");
                return;
            }
            final String group = groupReader.readText(record);
            final List<Member> complete = group == null ? List.of(member) : groups.add(group, member);
            if (complete != null) {
                writeGolden(layout[0], complete, output);
            }
        });
        if (routed != count) {
            throw new RecordProcessingException("The FlowFile held " + count + " records on the first read and " + routed + " on the second");
        }
        final List<List<Member>> remaining = groups.remaining();
        remaining.sort(Comparator.comparingLong(members -> members.getFirst().position()));
        for (final List<Member> members : remaining) {
            writeGolden(layout[0], members, output);
        }
        getLogger().debug("Merged {} records; at most {} records of open groups were held at once", count, groups.getMostHeld());
        return count;
    }

    private static void writeGolden(final GoldenLayout layout, final List<Member> members, final RoutedRecordWriter output) throws IOException {
        output.write(REL_MERGED, layout.golden(members), members.size());
        output.increment("golden");
        if (members.size() == 1) {
            output.increment("single");
        } else {
            output.increment("merged", members.size());
        }
    }

    private GoldenLayout layout(final RecordSchema schema, final GoldenLayout.Settings settings) {
        final List<String> fieldNames = schema.getFieldNames();
        final GoldenLayout cached = layouts.get(fieldNames);
        if (cached != null) {
            return cached;
        }
        if (layouts.size() >= MAXIMUM_CACHED_LAYOUTS) {
            layouts.clear();
        }
        return layouts.computeIfAbsent(List.copyOf(fieldNames), names -> new GoldenLayout(schema, settings));
    }

    @Override
    protected Relationship getEmptyInputRelationship() {
        return REL_MERGED;
    }

    @Override
    protected RecordSchema getEmptyInputSchema(final RecordSchema readSchema) {
        return new GoldenLayout(readSchema, goldenSettings).outputSchema();
    }

    @Override
    protected Relationship getOriginalRelationship() {
        return REL_ORIGINAL;
    }

    @Override
    protected String getCounterAttributePrefix() {
        return "crm.merge.";
    }

    @Override
    protected List<String> getCounterNames() {
        return GOLDEN_COUNTERS;
    }
}
