package dev.nificrm.processors;

import dev.nificrm.clean.DateOrder;
import dev.nificrm.clean.ExcelDateSystem;
import dev.nificrm.clean.FieldAssignment;
import dev.nificrm.clean.InvalidValuePolicy;
import dev.nificrm.clean.PhoneRule;
import dev.nificrm.clean.RecordCleaner;
import dev.nificrm.clean.TextRule;
import dev.nificrm.record.AbstractStreamingCRMRecordProcessor;
import dev.nificrm.record.RecordPathList;
import dev.nificrm.record.RoutedRecordWriter;
import dev.nificrm.roles.RuleType;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SideEffectFree;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The NiFi adapter of {@link RecordCleaner}: builds the cleaner from the properties and dynamic properties when
 * scheduled, then cleans each record in place and routes it to success or invalid. It extends the streaming base
 * because every record is decided on its own, in one pass.
 */
@SideEffectFree
@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"crm", "record", "clean", "normalize", "data quality", "phone", "e164", "email", "date", "iso-8601", "country", "postal code"})
@CapabilityDescription("Cleans CRM records before they are mapped, matched or imported: normalises whitespace and placeholders in every "
        + "string field, and phone numbers (E.164), email addresses, person names, countries (ISO 3166-1 alpha-2), states, "
        + "postal codes, dates and timestamps (ISO-8601) and websites in the fields whose role is recognised from the field name "
        + "or set by a dynamic property. Values that cannot be cleaned are routed to invalid, set to null or kept, according to "
        + "the Invalid Value Policy; the reasons are written to the Errors Field of the record.")
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "The number of records in the outgoing FlowFile"),
        @WritesAttribute(attribute = "mime.type", description = "The MIME type of the Record Writer"),
        @WritesAttribute(attribute = "crm.clean.changed.count", description = "The number of records of the incoming FlowFile with at least one value changed"),
        @WritesAttribute(attribute = "crm.clean.invalid.count", description = "The number of records of the incoming FlowFile with at least one value "
                + "a rule rejected (whatever the Invalid Value Policy did with it)"),
        @WritesAttribute(attribute = "record.error.message", description = "On failure, why the FlowFile could not be read or written")
})
@DynamicProperty(name = "A rule or role: text, name, first_name, last_name, email, phone, country, state, postal_code, date, birth_date, timestamp, "
        + "website, url, domain...",
        value = "One or more comma-separated RecordPaths, e.g. /Phone, /MobilePhone",
        description = "Cleans the fields the RecordPaths select with the named rule (a role name selects the role's rule), overriding "
                + "recognition by field name for those fields",
        expressionLanguageScope = ExpressionLanguageScope.NONE)
@SeeAlso(classNames = {"dev.nificrm.processors.MapCRMRecord", "dev.nificrm.processors.MatchCRMRecord",
        "org.apache.nifi.processors.standard.ValidateRecord", "org.apache.nifi.processors.standard.UpdateRecord"})
@UseCase(
        description = "Normalise phone numbers to E.164 before importing contacts into a CRM",
        keywords = {"phone", "e164", "normalize", "telephone", "import"},
        configuration = """
                Set "Record Reader" to a reader for the export (e.g. CSVReader) and "Record Writer" to the writer the import needs.
                Set "Default Phone Region" to the country most numbers without a country code belong to (e.g. US).
                Leave "Recognize Fields by Name" at true: Phone, MobilePhone, Phone 1, telephone1... are found by name.
                For fields with other names add a dynamic property: name "phone", value "/Cell, /Office_Line".
                Connect "success" to the import and "invalid" to a review queue; crm_errors says what was wrong.
                """)
@UseCase(
        description = "Keep every record but blank out values that cannot be cleaned",
        keywords = {"data quality", "null", "invalid", "migration"},
        configuration = """
                Set "Invalid Value Policy" to "Set to Null": a bad email or phone becomes null, the record goes to success and
                its crm_errors field lists what was removed, e.g. "Email: missing @".
                Add a Placeholder Values entry for any "no value" marker the source system uses (e.g. "n/v").
                """)
@UseCase(
        description = "Read European dates and addresses in a mixed CRM export",
        keywords = {"date", "dd/MM/yyyy", "iso-8601", "country", "postal code"},
        configuration = """
                Set "Date Order" to DMY so 03/04/2021 is read as 3 April 2021 (dates with a day above 12 and dd.MM.yyyy are
                always read correctly), and "Default Phone Region" to the main country (e.g. DE).
                Records with a country field are read in their own country: their phone, state and postal code follow it.
                """)
public class CleanCRMRecord extends AbstractStreamingCRMRecordProcessor {

    static final String COUNTER_CHANGED = "changed";
    static final String COUNTER_INVALID = "invalid";
    private static final String COUNTER_PREFIX = "crm.clean.";
    private static final List<String> COUNTER_NAMES = List.of(COUNTER_CHANGED, COUNTER_INVALID);

    /** How a value a rule rejects is handled. */
    public enum InvalidValuePolicyOption implements LabelledValue {
        ROUTE_TO_INVALID(new Label("route-to-invalid", "Route to Invalid",
                "The value is kept and the whole record is routed to invalid, with the reasons in the Errors Field"), InvalidValuePolicy.ROUTE_TO_INVALID),
        SET_TO_NULL(new Label("set-to-null", "Set to Null",
                "The value is set to null and the record is routed to success; the reason is still written to the Errors Field"), InvalidValuePolicy.SET_TO_NULL),
        KEEP_VALUE(new Label("keep-value", "Keep Value",
                "The value is kept as it was and the record is routed to success; the reason is written to the Errors Field"), InvalidValuePolicy.KEEP_VALUE);

        private final Label label;
        private final InvalidValuePolicy policy;

        InvalidValuePolicyOption(final Label label, final InvalidValuePolicy policy) {
            this.label = label;
            this.policy = policy;
        }

        InvalidValuePolicy getPolicy() {
            return policy;
        }

        @Override
        public Label label() {
            return label;
        }
    }

    /** How ambiguous numeric dates are read. */
    public enum DateOrderOption implements LabelledValue {
        MDY(new Label("mdy", "MDY",
                "Month, day, year: 03/04/2021 is March 4, 2021 (US exports, Zoho, Salesforce with a US locale)"), DateOrder.MDY),
        DMY(new Label("dmy", "DMY",
                "Day, month, year: 03/04/2021 is 3 April 2021 (Europe, Australia, most of the world)"), DateOrder.DMY),
        YMD(new Label("ymd", "YMD",
                "Year, month, day: 21/04/03 is 2021-04-03"), DateOrder.YMD);

        private final Label label;
        private final DateOrder order;

        DateOrderOption(final Label label, final DateOrder order) {
            this.label = label;
            this.order = order;
        }

        DateOrder getOrder() {
            return order;
        }

        @Override
        public Label label() {
            return label;
        }
    }

    /** How a spreadsheet's serial day number in a date field is read. */
    public enum ExcelSerialDatesOption implements LabelledValue {
        REJECT(new Label("reject", "Reject",
                "A serial day number (45234) is rejected with a reason: the file does not say which of Excel's date systems wrote it, "
                + "and the two are four years apart"), ExcelDateSystem.REJECT),
        DATE_SYSTEM_1900(new Label("1900-date-system", "1900 Date System",
                "Excel's default (Windows, Excel for Mac since 2011): 45234 is 2023-11-04, 45234.5 is noon that day"), ExcelDateSystem.DATE_SYSTEM_1900),
        DATE_SYSTEM_1904(new Label("1904-date-system", "1904 Date System",
                "Workbooks set to Excel's Use 1904 Date System, as Excel for Mac made them before 2011: 45234 is 2027-11-05"),
                ExcelDateSystem.DATE_SYSTEM_1904);

        private final Label label;
        private final ExcelDateSystem system;

        ExcelSerialDatesOption(final Label label, final ExcelDateSystem system) {
            this.label = label;
            this.system = system;
        }

        ExcelDateSystem getSystem() {
            return system;
        }

        @Override
        public Label label() {
            return label;
        }
    }

    /** How strictly phone numbers are checked. */
    public enum PhoneValidationOption implements LabelledValue {
        POSSIBLE_NUMBER(new Label("possible-number", "Possible Number",
                "A number is accepted when its length fits its country's numbering plan and, for a +1 number, its area code "
                + "and exchange have the North American plan's form (neither starts with 0 or 1 nor is an N11 service code, "
                + "though a toll-free or other number without an area may have an N11 exchange); "
                + "numbers in unassigned ranges (e.g. a US number with area code 950) are still formatted to E.164"), PhoneRule.Validation.POSSIBLE),
        VALID_NUMBER(new Label("valid-number", "Valid Number",
                "A number is accepted only when it lies in a range assigned in libphonenumber's metadata and, for a +1 number of an area, "
                + "its exchange is no N11 service code"), PhoneRule.Validation.VALID);

        private final Label label;
        private final PhoneRule.Validation validation;

        PhoneValidationOption(final Label label, final PhoneRule.Validation validation) {
            this.label = label;
            this.validation = validation;
        }

        PhoneRule.Validation getValidation() {
            return validation;
        }

        @Override
        public Label label() {
            return label;
        }
    }

    public static final PropertyDescriptor INVALID_VALUE_POLICY = new PropertyDescriptor.Builder()
            .name("Invalid Value Policy")
            .description("What happens to a value that a rule rejects (a phone number that is too short, an email address without @, "
                    + "an impossible date). The reason is written to the Errors Field in every case.")
            .required(true)
            .allowableValues(InvalidValuePolicyOption.class)
            .defaultValue(InvalidValuePolicyOption.ROUTE_TO_INVALID)
            .build();

    public static final PropertyDescriptor DEFAULT_PHONE_REGION = new PropertyDescriptor.Builder()
            .name("Default Phone Region")
            .description("The two-letter ISO 3166-1 country whose numbering plan, states and postal codes apply to records without a "
                    + "resolvable country field. A record's own country field, when it names a country, takes precedence.")
            .required(true)
            .defaultValue("US")
            .addValidator(CRMValidators.PHONE_REGION)
            .build();

    public static final PropertyDescriptor PHONE_VALIDATION = new PropertyDescriptor.Builder()
            .name("Phone Validation")
            .description("How strictly phone numbers are checked before they are formatted to E.164.")
            .required(true)
            .allowableValues(PhoneValidationOption.class)
            .defaultValue(PhoneValidationOption.POSSIBLE_NUMBER)
            .build();

    public static final PropertyDescriptor DATE_ORDER = new PropertyDescriptor.Builder()
            .name("Date Order")
            .description("How numeric dates whose first two parts could both be day or month (03/04/2021) are read. A part above 12 "
                    + "decides by itself, and dates written with dots (15.01.2024) are always day, month, year.")
            .required(true)
            .allowableValues(DateOrderOption.class)
            .defaultValue(DateOrderOption.MDY)
            .build();

    public static final PropertyDescriptor EXCEL_SERIAL_DATES = new PropertyDescriptor.Builder()
            .name("Excel Serial Dates")
            .description("How a five-digit number in a date field (45234, or 45234.5 with a time of day), the serial day number a spreadsheet "
                    + "exports when a date column is not formatted as a date, is read: rejected with a reason, or as a date of the "
                    + "workbook's date system. A time of day is local, without an offset.")
            .required(true)
            .allowableValues(ExcelSerialDatesOption.class)
            .defaultValue(ExcelSerialDatesOption.REJECT)
            .build();

    public static final PropertyDescriptor PLACEHOLDER_VALUES = new PropertyDescriptor.Builder()
            .name("Placeholder Values")
            .description("Comma-separated values that mean \"no value\" and are turned into null in every string field, compared "
                    + "case-insensitively after whitespace normalisation. Set to an empty string to keep every value.")
            .required(false)
            .defaultValue(String.join(",", TextRule.DEFAULT_PLACEHOLDERS))
            .addValidator(Validator.VALID)
            .build();

    public static final PropertyDescriptor RECOGNIZE_FIELDS_BY_NAME = new PropertyDescriptor.Builder()
            .name("Recognize Fields by Name")
            .description("Whether the role of a field (phone, email, first name, postal code...) is recognised from its name as "
                    + "Salesforce, HubSpot, Dynamics 365, Zoho and common CSV exports spell it. When false, only fields named in "
                    + "dynamic properties get a role's rule; every string field still gets the text normalisation.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .addValidator(StandardValidators.BOOLEAN_VALIDATOR)
            .build();

    public static final PropertyDescriptor ERRORS_FIELD = new PropertyDescriptor.Builder()
            .name("Errors Field")
            .description("The string field added to every record for the reasons its values were rejected, e.g. "
                    + "\"Phone: not a valid number for region US; Email: missing @\"; null when there are none.")
            .required(true)
            .defaultValue("crm_errors")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor EXTRA_VALUES_FIELD = new PropertyDescriptor.Builder()
            .name("Extra Values Field")
            .description("The field, a list of strings, added to the records routed to invalid for the values of a CSV row beyond its "
                    + "header's columns (a value with an unquoted delimiter, e.g. Acme, Inc, shifts the values after it), in the order "
                    + "of the row, so the row can be repaired; null on every other record. Such a row goes to invalid as read, under "
                    + "every Invalid Value Policy, with the reason in the Errors Field.")
            .required(true)
            .defaultValue("crm_extra_values")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("Records whose values were all cleaned, or whose rejected values were handled by the Invalid Value Policy")
            .build();

    public static final Relationship REL_INVALID = new Relationship.Builder()
            .name("invalid")
            .description("Records with at least one rejected value when the Invalid Value Policy is Route to Invalid, and under every "
                    + "policy a CSV row holding more values than its header, as read, with its values beyond the header in the Extra "
                    + "Values Field; the reasons are in the Errors Field")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(RECORD_READER, RECORD_WRITER, INVALID_VALUE_POLICY,
            DEFAULT_PHONE_REGION, PHONE_VALIDATION, DATE_ORDER, EXCEL_SERIAL_DATES, PLACEHOLDER_VALUES, RECOGNIZE_FIELDS_BY_NAME, ERRORS_FIELD,
            EXTRA_VALUES_FIELD, NEUTRALIZE_SPREADSHEET_FORMULAS);

    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_INVALID, REL_FAILURE);

    private volatile RecordCleaner cleaner;

    /** The processor as NiFi creates it: "today" is the system clock's date (UTC). */
    public CleanCRMRecord() {
        super();
    }

    /** A processor whose "today" (birth dates in the future, two-digit years) is the given clock's date, e.g. in a test. */
    public CleanCRMRecord(final Clock clock) {
        super(clock);
    }

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
        final Validator validator = RuleType.forName(propertyDescriptorName).isPresent() ? RecordPathList.VALIDATOR
                : (subject, input, context) -> new ValidationResult.Builder()
                        .subject(subject)
                        .input(input)
                        .valid(false)
                        .explanation("'" + subject + "' is not a rule or role; use one of " + String.join(", ", RuleType.names()))
                        .build();
        return RecordPathList.dynamicPropertyDescriptor(propertyDescriptorName,
                "The fields (comma-separated RecordPaths) cleaned by the " + propertyDescriptorName + " rule", validator);
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final Map<String, String> ruleByPath = new HashMap<>();
        for (final Map.Entry<PropertyDescriptor, String> property : context.getProperties().entrySet()) {
            final Optional<RuleType> rule = RuleType.forName(property.getKey().getName());
            if (!property.getKey().isDynamic() || rule.isEmpty() || property.getValue() == null) {
                continue;
            }
            for (final String path : RecordPathList.split(property.getValue())) {
                final String previous = ruleByPath.put(path, rule.get().getKey());
                if (previous != null && !previous.equals(rule.get().getKey())) {
                    results.add(new ValidationResult.Builder()
                            .subject(property.getKey().getName())
                            .input(path)
                            .valid(false)
                            .explanation(path + " is assigned to both the " + previous + " and the " + rule.get().getKey()
                                    + " rule; remove it from one of the two properties")
                            .build());
                }
            }
        }
        final String errorsField = context.getProperty(ERRORS_FIELD).getValue();
        if (errorsField != null && ruleByPath.containsKey("/" + errorsField.trim())) {
            results.add(new ValidationResult.Builder()
                    .subject(ERRORS_FIELD.getName())
                    .input(errorsField)
                    .valid(false)
                    .explanation("the Errors Field " + errorsField.trim() + " is written by this processor and cannot also be cleaned: "
                            + "remove /" + errorsField.trim() + " from the dynamic property or choose another Errors Field")
                    .build());
        }
        final String extraValuesField = context.getProperty(EXTRA_VALUES_FIELD).getValue();
        if (errorsField != null && extraValuesField != null && errorsField.trim().equals(extraValuesField.trim())) {
            results.add(new ValidationResult.Builder()
                    .subject(EXTRA_VALUES_FIELD.getName())
                    .input(extraValuesField)
                    .valid(false)
                    .explanation("the Extra Values Field and the Errors Field are both " + errorsField.trim() + "; choose another name for one of them")
                    .build());
        }
        return results;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        final List<FieldAssignment> assignments = new ArrayList<>();
        for (final Map.Entry<PropertyDescriptor, String> property : context.getProperties().entrySet()) {
            if (!property.getKey().isDynamic() || property.getValue() == null) {
                continue;
            }
            final RuleType rule = RuleType.forName(property.getKey().getName()).orElseThrow();
            for (final String path : RecordPathList.split(property.getValue())) {
                assignments.add(new FieldAssignment(rule, path));
            }
        }
        final String placeholders = context.getProperty(PLACEHOLDER_VALUES).getValue();
        cleaner = RecordCleaner.builder(getClock())
                .invalidValuePolicy(context.getProperty(INVALID_VALUE_POLICY).asAllowableValue(InvalidValuePolicyOption.class).getPolicy())
                .defaultRegion(context.getProperty(DEFAULT_PHONE_REGION).getValue().trim())
                .phoneValidation(context.getProperty(PHONE_VALIDATION).asAllowableValue(PhoneValidationOption.class).getValidation())
                .dateOrder(context.getProperty(DATE_ORDER).asAllowableValue(DateOrderOption.class).getOrder())
                .excelDateSystem(context.getProperty(EXCEL_SERIAL_DATES).asAllowableValue(ExcelSerialDatesOption.class).getSystem())
                .placeholders(TextRule.parsePlaceholders(placeholders))
                .recognizeFieldNames(context.getProperty(RECOGNIZE_FIELDS_BY_NAME).asBoolean())
                .errorsField(context.getProperty(ERRORS_FIELD).getValue().trim())
                .extraValuesField(context.getProperty(EXTRA_VALUES_FIELD).getValue().trim())
                .assignments(assignments)
                .build();
    }

    /** A CSV row's values beyond its header must reach the cleaner, which flags the row and keeps them. */
    @Override
    protected boolean keepsUnknownFields() {
        return true;
    }

    @Override
    protected Record prepare(final Record record) {
        return cleaner.prepare(record);
    }

    @Override
    protected Relationship process(final Record record, final RoutedRecordWriter output) {
        final int outcome = cleaner.clean(record);
        if ((outcome & RecordCleaner.CHANGED) != 0) {
            output.increment(COUNTER_CHANGED);
        }
        if ((outcome & RecordCleaner.REASONS) != 0) {
            output.increment(COUNTER_INVALID);
        }
        return (outcome & RecordCleaner.INVALID) != 0 ? REL_INVALID : REL_SUCCESS;
    }

    @Override
    protected RecordSchema getWriteSchema(final Relationship relationship, final Record firstRecord) {
        // invalid always has the extra values field: a shifted row may come after the record that opens its writer
        return relationship == REL_INVALID ? cleaner.getInvalidOutputSchema(firstRecord.getSchema())
                : cleaner.getOutputSchema(firstRecord.getSchema());
    }

    @Override
    protected Relationship getEmptyInputRelationship() {
        return REL_SUCCESS;
    }

    @Override
    protected String getCounterAttributePrefix() {
        return COUNTER_PREFIX;
    }

    @Override
    protected List<String> getCounterNames() {
        return COUNTER_NAMES;
    }
}
