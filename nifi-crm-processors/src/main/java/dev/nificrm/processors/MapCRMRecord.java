package dev.nificrm.processors;

import dev.nificrm.mapping.CrmSchema;
import dev.nificrm.mapping.ExportDates;
import dev.nificrm.mapping.MappingCompiler;
import dev.nificrm.mapping.MappingConfigurationException;
import dev.nificrm.mapping.MappingPlan;
import dev.nificrm.mapping.MappingResult;
import dev.nificrm.mapping.MappingSpecification;
import dev.nificrm.mapping.SpecificationReader;
import dev.nificrm.mapping.UnmappedFieldPolicy;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.record.RecordProcessingException;
import dev.nificrm.record.RecordSource;
import dev.nificrm.record.RoutedRecordWriter;
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
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The NiFi adapter of {@link MappingCompiler}: compiles presets and specification into a {@link MappingPlan} when
 * scheduled, then maps every record through it. It extends the multi-relationship base directly rather than the
 * streaming one, because the streaming base writes the record it was handed while a mapping writes a new record of
 * another schema.
 */
@SideEffectFree
@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"crm", "record", "mapping", "schema", "transform", "salesforce", "hubspot", "dynamics", "zoho", "migration"})
@SeeAlso(classNames = {"dev.nificrm.processors.CleanCRMRecord", "dev.nificrm.processors.MatchCRMRecord",
        "org.apache.nifi.processors.standard.UpdateRecord", "org.apache.nifi.processors.jolt.JoltTransformRecord"})
@CapabilityDescription("""
        Maps each record to another CRM's layout with one declarative, validated specification: renames and nested \
        paths, constants, defaults, type conversion with date formats, concat and name-aware split, picklist value maps \
        (inline or a CSV crosswalk) and simple conditions. Built-in presets for Salesforce, HubSpot, Dynamics 365 and Zoho \
        contacts and accounts map through one canonical model, so any source reaches any target; the specification \
        extends or overrides them. Records whose values cannot be mapped go to invalid with the reasons.""")
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "The number of records in the outgoing FlowFile"),
        @WritesAttribute(attribute = "mime.type", description = "The MIME type of the Record Writer"),
        @WritesAttribute(attribute = "crm.map.mapped.count", description = "The number of records of the input that were mapped"),
        @WritesAttribute(attribute = "crm.map.invalid.count", description = "The number of records of the input that could not be mapped"),
        @WritesAttribute(attribute = "crm.map.approximated.count", description = "The number of mapped records with a value written as the "
                + "nearest of the target's values, not one of the same meaning (a Salesforce preset's Industry: Plastics as Manufacturing)"),
        @WritesAttribute(attribute = "crm.map.approximated.fields", description = "The target fields written so, when any was"),
        @WritesAttribute(attribute = "crm.map.unquotable.field", description = "With Flag Unquotable Field Names: the target field of the "
                + "mapping whose name holds a double quote, and the specification it is in, e.g. field giv\"en of Mapping Specification File "
                + "/opt/crm/canonical-to-people.json"),
        @WritesAttribute(attribute = "record.error.message", description = "On failure: why the content could not be read or written")
})
@UseCase(
        description = "Turn a Salesforce Contact export into a HubSpot contact import file.",
        configuration = """
                Set Record Reader to a CSVReader (or JsonTreeReader for a REST export) and Record Writer to a CSVRecordSetWriter.
                Set "Source Schema" to "Salesforce Contact" and "Target Schema" to "HubSpot Contact".
                Leave "Mapping Specification" empty, or add fields the presets do not know, e.g.
                {"fields": {"lifecyclestage": {"constant": "lead"}}}.
                Connect "success" to the step that uploads the import file and "invalid" to a review queue: its records keep \
                their Salesforce fields and say in crm_errors why they could not be mapped.
                """)
@UseCase(
        description = "Translate picklist values (salutation, lead source, owner) between two CRMs with a CSV crosswalk table.",
        configuration = """
                Put a CSV file with one column per CRM on the NiFi host, e.g. salutation.csv with the header salesforce,zoho.
                Set "Mapping Specification" to
                {"crosswalks": {"salutation": {"file": "/opt/crm/salutation.csv", "from": "salesforce", "to": "zoho"}},
                 "fields": {"Salutation": {"from": "/Salutation", "crosswalk": "salutation", "unmapped": "invalid"}}}.
                With "unmapped": "invalid", a record with a value missing from the table goes to "invalid" instead of \
                reaching the target with a value it would reject.
                """)
@UseCase(
        description = "Read a contact export downloaded from HubSpot's UI, or a Dynamics 365 Export to Excel saved as CSV, whose dates are "
                + "in the exporting user's format and time zone.",
        configuration = """
                Set Record Reader to a CSVReader, "Source Schema" to "HubSpot Contact" (or HubSpot Company, or a Dynamics 365 or Zoho preset) and "Target Schema" to \
                the target CRM.
                Set "Export Time Zone" to the time zone of the user who exported (HubSpot shows it under the user's or the account's \
                time zone settings, Dynamics 365 under Personalization Settings), e.g. America/New_York, and "Export Date Format" to \
                the date format the export's Create Date or Created On column is written in, e.g. MM/dd/yyyy h:mm a (leave it empty \
                for 2024-03-07 14:05, and for Dynamics 365's M/d/yyyy h:mm a, which its preset reads).
                Connect "invalid": a record whose date is in neither format, or any local time while Export Time Zone is empty, goes \
                there with the reason instead of being read as UTC.
                """)
public class MapCRMRecord extends AbstractCRMRecordProcessor {

    public static final PropertyDescriptor SOURCE_SCHEMA = new PropertyDescriptor.Builder()
            .name("Source Schema")
            .description("The CRM layout of the incoming records. A preset reads them into the canonical contact or account "
                    + "model; None means the Mapping Specification alone says how source fields are read.")
            .allowableValues(SchemaPreset.class)
            .defaultValue(SchemaPreset.NONE)
            .required(true)
            .build();

    public static final PropertyDescriptor TARGET_SCHEMA = new PropertyDescriptor.Builder()
            .name("Target Schema")
            .description("The CRM layout to write. A preset writes the canonical model in that CRM's field names and formats; "
                    + "None means the Mapping Specification alone defines the target fields.")
            .allowableValues(SchemaPreset.class)
            .defaultValue(SchemaPreset.NONE)
            .required(true)
            .build();

    public static final PropertyDescriptor EXPORT_DATE_FORMAT = new PropertyDescriptor.Builder()
            .name("Export Date Format")
            .description("The date format of a CRM's UI export, which writes dates as the exporting user's settings say (HubSpot's contact "
                    + "and company export: Create Date and Last Modified Date; Dynamics 365's Export to Excel: Created On and Modified On; Zoho's: Created Time "
                    + "and Modified Time), as a java.time pattern, e.g. MM/dd/yyyy HH:mm or dd/MM/yyyy. Tried before ISO-8601, which is read "
                    + "without it (2024-03-07 14:05). Used by the HubSpot, Dynamics 365 and Zoho presets and by fields of the "
                    + "Mapping Specification with \"exportDates\": true (or \"exportDatesFrom\"); a date in no format sends its record to invalid.")
            .required(false)
            .addValidator(CRMValidators.readBy(ExportDates::format))
            .build();

    public static final PropertyDescriptor EXPORT_TIME_ZONE = new PropertyDescriptor.Builder()
            .name("Export Time Zone")
            .description("The time zone of a CRM's UI export's local times (the exporting user's, or in HubSpot the account's default, "
                    + "time zone), e.g. America/New_York or Europe/Amsterdam. Without it, an export's date and time without an offset "
                    + "sends its record to invalid instead of being guessed as UTC. Used where Export Date Format is.")
            .required(false)
            .addValidator(CRMValidators.readBy(ExportDates::zone))
            .build();

    public static final PropertyDescriptor MAPPING_SPECIFICATION = new PropertyDescriptor.Builder()
            .name("Mapping Specification")
            .description("A JSON mapping specification that extends or overrides the presets, e.g. "
                    + "{\"fields\": {\"zip\": {\"from\": \"/MailingPostalCode\"}}}. See the additional details for the full reference.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAPPING_SPECIFICATION_FILE = new PropertyDescriptor.Builder()
            .name("Mapping Specification File")
            .description("The path of a file holding the JSON mapping specification, instead of the Mapping Specification "
                    + "property. Relative crosswalk files in it are resolved against the file's folder.")
            .required(false)
            .addValidator(MapCRMRecord::validateReadableFile)
            .build();

    public static final PropertyDescriptor UNMAPPED_FIELDS = new PropertyDescriptor.Builder()
            .name("Unmapped Fields")
            .description("What happens to source fields that no target field reads.")
            .allowableValues(UnmappedFields.class)
            .defaultValue(UnmappedFields.DROP)
            .required(true)
            .build();

    public static final PropertyDescriptor ERRORS_FIELD = new PropertyDescriptor.Builder()
            .name("Errors Field")
            .description("The field added to records routed to invalid, holding the reasons they could not be mapped (after reasons the record "
                    + "already had there, e.g. CleanCRMRecord's). When a value map "
                    + "of the mapping leaves a field empty on purpose (\"drop\", as the Dynamics 365 Lead preset does for a rating it has "
                    + "no option for), mapped records have it too: null, or which fields were left empty and why; on records routed to "
                    + "invalid those fields follow the reasons.")
            .required(true)
            .defaultValue("crm_errors")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor APPROXIMATED_FIELD = new PropertyDescriptor.Builder()
            .name("Approximated Field")
            .description("Optional. The field added to mapped records naming the target fields written as the nearest value a picklist "
                    + "has rather than one of the same meaning (a \"nearest\" row: Plastics as Salesforce's Manufacturing), comma-separated, "
                    + "null on a record that took none, so that a review finds the records approximated (e.g. QueryRecord "
                    + "WHERE crm_approximated IS NOT NULL). Unset, no field is added: crm.map.approximated.count and "
                    + "crm.map.approximated.fields say it for the FlowFile only.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor FLAG_UNQUOTABLE_FIELD_NAMES = new PropertyDescriptor.Builder()
            .name("Flag Unquotable Field Names")
            .description("When true, a target field of the mapping whose name holds a double quote (\"), which NiFi's PutDatabaseRecord "
                    + "cannot put into a statement as a column name, is named with its specification in the attribute crm.map.unquotable.field "
                    + "of every FlowFile written (e.g. field giv\"en of Mapping Specification File /opt/crm/canonical-to-people.json), so that "
                    + "the flow's database step refuses the write with that reason before any statement. The records are mapped as ever. "
                    + "False: no attribute.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    public static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("Records mapped to the target layout")
            .build();

    public static final Relationship REL_INVALID = new Relationship.Builder()
            .name("invalid")
            .description("Records that could not be mapped (a conversion failed, a picklist value is unknown under the invalid "
                    + "policy, an unmapped field has a value under Route to Invalid): the source record unchanged, with the "
                    + "reasons in the Errors Field")
            .build();

    private static final String COUNTER_MAPPED = "mapped";
    private static final String COUNTER_INVALID = "invalid";
    private static final String COUNTER_APPROXIMATED = "approximated";
    private static final List<String> COUNTER_NAMES = List.of(COUNTER_MAPPED, COUNTER_INVALID, COUNTER_APPROXIMATED);
    private static final String APPROXIMATED_FIELDS = "crm.map.approximated.fields";
    private static final String UNQUOTABLE_FIELD = "crm.map.unquotable.field";

    private static final List<PropertyDescriptor> PROPERTIES = List.of(RECORD_READER, RECORD_WRITER, SOURCE_SCHEMA, TARGET_SCHEMA,
            MAPPING_SPECIFICATION, MAPPING_SPECIFICATION_FILE, UNMAPPED_FIELDS, ERRORS_FIELD, EXPORT_DATE_FORMAT, EXPORT_TIME_ZONE,
            NEUTRALIZE_SPREADSHEET_FORMULAS, APPROXIMATED_FIELD, FLAG_UNQUOTABLE_FIELD_NAMES);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_INVALID, REL_FAILURE);

    private volatile MappingPlan plan;
    /** The attribute's value when Flag Unquotable Field Names is true and a target field holds a double quote; else null. */
    private volatile String unquotableField;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final boolean inline = context.getProperty(MAPPING_SPECIFICATION).isSet();
        final boolean file = context.getProperty(MAPPING_SPECIFICATION_FILE).isSet();
        if (inline && file) {
            results.add(invalid(MAPPING_SPECIFICATION.getName(), "both Mapping Specification and Mapping Specification File are set; "
                    + "keep one of them"));
            return results;
        }
        final ExportDates exportDates;
        try {
            exportDates = ExportDates.of(context.getProperty(EXPORT_DATE_FORMAT).getValue(), context.getProperty(EXPORT_TIME_ZONE).getValue());
        } catch (final IllegalArgumentException e) {
            // the property's own validator says what is wrong
            return results;
        }
        try {
            compile(context.getProperty(SOURCE_SCHEMA).asAllowableValue(SchemaPreset.class), context.getProperty(TARGET_SCHEMA).asAllowableValue(SchemaPreset.class),
                    context.getProperty(MAPPING_SPECIFICATION).getValue(), context.getProperty(MAPPING_SPECIFICATION_FILE).getValue(),
                    context.getProperty(UNMAPPED_FIELDS).asAllowableValue(UnmappedFields.class), context.getProperty(ERRORS_FIELD).getValue(), exportDates,
                    context.getProperty(APPROXIMATED_FIELD).getValue());
        } catch (final MappingConfigurationException e) {
            final String subject = file ? MAPPING_SPECIFICATION_FILE.getName() : MAPPING_SPECIFICATION.getName();
            for (final String problem : e.getProblems()) {
                results.add(invalid(subject, problem));
            }
        }
        return results;
    }

    @OnScheduled
    public void compilePlan(final ProcessContext context) throws MappingConfigurationException {
        plan = compile(context.getProperty(SOURCE_SCHEMA).asAllowableValue(SchemaPreset.class), context.getProperty(TARGET_SCHEMA).asAllowableValue(SchemaPreset.class),
                context.getProperty(MAPPING_SPECIFICATION).getValue(), context.getProperty(MAPPING_SPECIFICATION_FILE).getValue(),
                context.getProperty(UNMAPPED_FIELDS).asAllowableValue(UnmappedFields.class), context.getProperty(ERRORS_FIELD).getValue(),
                ExportDates.of(context.getProperty(EXPORT_DATE_FORMAT).getValue(), context.getProperty(EXPORT_TIME_ZONE).getValue()),
                context.getProperty(APPROXIMATED_FIELD).getValue());
        unquotableField = context.getProperty(FLAG_UNQUOTABLE_FIELD_NAMES).asBoolean()
                ? unquotableField(plan, context.getProperty(MAPPING_SPECIFICATION_FILE).getValue()) : null;
    }

    /** The first field the plan writes whose name holds a double quote, and where it comes from; null when there is none. */
    private static String unquotableField(final MappingPlan plan, final String specificationFile) {
        final String specification = specificationFile == null || specificationFile.isBlank()
                ? MAPPING_SPECIFICATION.getName() : MAPPING_SPECIFICATION_FILE.getName() + " " + specificationFile.trim();
        return plan.getOutputSchema().getFieldNames().stream().filter(name -> name.indexOf('"') >= 0).findFirst()
                .map(name -> "field " + name + " of " + specification).orElse(null);
    }

    @Override
    protected long processRecords(final ProcessContext context, final RecordSource source, final RoutedRecordWriter output)
            throws IOException, MalformedRecordException, SchemaNotFoundException, RecordProcessingException {
        final MappingPlan compiled = plan;
        final Set<String> approximatedFields = new TreeSet<>();
        final long records = source.forEach((index, record) -> {
            final MappingResult result = compiled.map(record);
            if (result.isValid()) {
                output.increment(COUNTER_MAPPED);
                if (!result.approximated().isEmpty()) {
                    // counted, not noted on the record: a coarse picklist approximates most values, and a note on each would be noise
                    output.increment(COUNTER_APPROXIMATED);
                    approximatedFields.addAll(result.approximated());
                }
                output.write(REL_SUCCESS, result.record());
            } else {
                output.increment(COUNTER_INVALID);
                output.write(REL_INVALID, result.record());
            }
        });
        if (!approximatedFields.isEmpty()) {
            output.putAttribute(APPROXIMATED_FIELDS, String.join(", ", approximatedFields));
        }
        final String unquotable = unquotableField;
        if (unquotable != null) {
            output.putAttribute(UNQUOTABLE_FIELD, unquotable);
        }
        return records;
    }

    @Override
    protected Relationship getEmptyInputRelationship() {
        return REL_SUCCESS;
    }

    @Override
    protected String getCounterAttributePrefix() {
        return "crm.map.";
    }

    @Override
    protected List<String> getCounterNames() {
        return COUNTER_NAMES;
    }

    /** An empty input gives an empty output in the target layout (a CSV writer still writes the target header). */
    @Override
    protected RecordSchema getEmptyInputSchema(final RecordSchema readSchema) {
        return plan.getOutputSchema();
    }

    /** Mapped records are written with the schema derived from the specification, even when the first record has nulls. */
    @Override
    protected RecordSchema getWriteSchema(final Relationship relationship, final Record firstRecord) {
        if (relationship == REL_SUCCESS && plan.getUnmappedFields() != UnmappedFieldPolicy.KEEP) {
            return plan.getOutputSchema();
        }
        return firstRecord.getSchema();
    }

    private static MappingPlan compile(final SchemaPreset source, final SchemaPreset target, final String inlineSpecification,
                                       final String specificationFile, final UnmappedFields unmappedFields, final String errorsField,
                                       final ExportDates exportDates, final String approximatedField) throws MappingConfigurationException {
        final MappingSpecification specification;
        Path directory = null;
        if (specificationFile != null && !specificationFile.isBlank()) {
            final Path path;
            try {
                path = Path.of(specificationFile.trim());
                specification = SpecificationReader.read(Files.readString(path, StandardCharsets.UTF_8));
            } catch (final IOException | InvalidPathException e) {
                throw new MappingConfigurationException("The Mapping Specification File " + specificationFile.trim() + " cannot be read: " + e.getMessage());
            }
            directory = path.toAbsolutePath().getParent();
        } else {
            specification = SpecificationReader.read(inlineSpecification);
        }
        return MappingCompiler.compile(source.schema, target.schema, specification, directory, unmappedFields.policy, errorsField, exportDates,
                approximatedField);
    }

    private static ValidationResult invalid(final String subject, final String explanation) {
        return new ValidationResult.Builder().subject(subject).valid(false).explanation(explanation).build();
    }

    private static ValidationResult validateReadableFile(final String subject, final String value, final ValidationContext context) {
        boolean readable;
        try {
            final Path path = Path.of(value.trim());
            readable = Files.isRegularFile(path) && Files.isReadable(path);
        } catch (final InvalidPathException e) {
            // a validator reports, it never throws: a name the file system cannot hold is simply not a readable file
            readable = false;
        }
        return new ValidationResult.Builder().subject(subject).input(value).valid(readable)
                .explanation(readable ? null : "the file does not exist or NiFi cannot read it; give the absolute path of a readable JSON file")
                .build();
    }

    /** The CRM layouts a Source or Target Schema can name. */
    enum SchemaPreset implements LabelledValue {
        NONE(new Label("none", "None", "No preset: the Mapping Specification alone"), null),
        SALESFORCE_CONTACT("salesforce-contact", CrmSchema.SALESFORCE_CONTACT, "Salesforce Contact API names (Id, FirstName, MailingStreet, LastModifiedDate...)"),
        HUBSPOT_CONTACT("hubspot-contact", CrmSchema.HUBSPOT_CONTACT, "HubSpot contact properties (firstname, email, zip, createdate, hs_object_id...)"),
        DYNAMICS_365_CONTACT("dynamics365-contact", CrmSchema.DYNAMICS_365_CONTACT, "Dynamics 365 contact logical names (contactid, emailaddress1, "
                + "address1_*...), Excel export columns recognised"),
        ZOHO_CONTACT("zoho-contact", CrmSchema.ZOHO_CONTACT, "Zoho CRM Contacts API names (First_Name, Mailing_Zip, Modified_Time...), import date formats, a UI export's column labels recognised"),
        SALESFORCE_LEAD("salesforce-lead", CrmSchema.SALESFORCE_LEAD, "Salesforce Lead API names (Id, Company, Street, Status, Rating...), "
                + "a contact to the other presets"),
        ZOHO_LEAD("zoho-lead", CrmSchema.ZOHO_LEAD, "Zoho CRM Leads API names (Company, Zip_Code, Lead_Status, Rating...), a contact to the "
                + "other presets"),
        DYNAMICS_365_LEAD("dynamics365-lead", CrmSchema.DYNAMICS_365_LEAD, "Dynamics 365 lead logical names (leadid, companyname, statuscode, "
                + "leadqualitycode...), option sets as numbers, a contact to the other presets"),
        SALESFORCE_ACCOUNT("salesforce-account", CrmSchema.SALESFORCE_ACCOUNT, "Salesforce Account API names (Id, Name, BillingStreet, AnnualRevenue...)"),
        HUBSPOT_COMPANY("hubspot-company", CrmSchema.HUBSPOT_COMPANY, "HubSpot company properties (name, website, annualrevenue, numberofemployees...)"),
        DYNAMICS_365_ACCOUNT("dynamics365-account", CrmSchema.DYNAMICS_365_ACCOUNT, "Dynamics 365 account logical names (accountid, name, telephone1, "
                + "address1_*...)"),
        ZOHO_ACCOUNT("zoho-account", CrmSchema.ZOHO_ACCOUNT, "Zoho CRM Accounts API names (Account_Name, Billing_Code, Annual_Revenue...)");

        private final Label label;
        private final CrmSchema schema;

        SchemaPreset(final Label label, final CrmSchema schema) {
            this.label = label;
            this.schema = schema;
        }

        SchemaPreset(final String value, final CrmSchema schema, final String description) {
            this(new Label(value, schema.getDisplayName(), description), schema);
        }

        @Override
        public Label label() {
            return label;
        }
    }

    /** What happens to source fields no target field reads. */
    enum UnmappedFields implements LabelledValue {
        DROP(new Label("drop", "Drop",
                "They are not written"), UnmappedFieldPolicy.DROP),
        KEEP(new Label("keep", "Keep",
                "They are written after the mapped fields, under their source names"), UnmappedFieldPolicy.KEEP),
        ROUTE_TO_INVALID(new Label("route-to-invalid", "Route to Invalid",
                "A record with a value in one of them goes to invalid, naming the field"), UnmappedFieldPolicy.INVALID);

        private final Label label;
        private final UnmappedFieldPolicy policy;

        UnmappedFields(final Label label, final UnmappedFieldPolicy policy) {
            this.label = label;
            this.policy = policy;
        }

        @Override
        public Label label() {
            return label;
        }
    }
}
