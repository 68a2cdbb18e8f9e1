package dev.nificrm.processors;

import dev.nificrm.match.BlockingRule;
import dev.nificrm.match.CandidateIndex;
import dev.nificrm.match.KeyRule;
import dev.nificrm.match.MatchField;
import dev.nificrm.match.MatchOutcome;
import dev.nificrm.match.MatchResult;
import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.Matcher;
import dev.nificrm.match.RecordValues;
import dev.nificrm.match.TypedNumbers;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.record.ChoiceAwareRecordPath;
import dev.nificrm.record.RecordPathList;
import dev.nificrm.record.RecordProcessingException;
import dev.nificrm.record.RecordSource;
import dev.nificrm.record.RetryableException;
import dev.nificrm.record.RoutedRecordWriter;
import dev.nificrm.record.TimesOfDay;
import dev.nificrm.record.UnselectablePathException;
import dev.nificrm.roles.KeyKind;
import dev.nificrm.roles.RecognisedRoles;
import dev.nificrm.roles.Role;
import dev.nificrm.services.EntityStoreService;
import dev.nificrm.store.EntityBatch;
import dev.nificrm.store.EntityResolver;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.EntityStoreException;
import dev.nificrm.store.GoldenIds;
import dev.nificrm.store.KeyLogCompaction;
import dev.nificrm.store.Resolution;
import dev.nificrm.store.ReviewDecision;
import dev.nificrm.store.RuleGeneration;
import dev.nificrm.store.RuleKeying;
import dev.nificrm.store.SourceIds;
import dev.nificrm.store.StoreStatistics;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SideEffectFree;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.SystemResource;
import org.apache.nifi.annotation.behavior.SystemResourceConsideration;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnShutdown;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The NiFi adapter of {@link Matcher}: reads the FlowFile twice, first to index compact comparison keys of every
 * record, then to add each record's cluster id, score and explanation and route it to matched, review or unmatched.
 * It extends the multi-pass base because no record can be routed before all have been seen.
 */
@SideEffectFree
@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"crm", "record", "match", "deduplicate", "duplicate", "entity resolution", "record linkage", "fuzzy", "fellegi-sunter", "cluster"})
@CapabilityDescription("Finds the records of the same person or organisation inside a FlowFile, also when names are misspelt or swapped, "
        + "emails and phones reformatted, dates mistyped or fields missing. Each field is configured only by its role "
        + "(dynamic property: role = RecordPaths); the role brings its comparison, Fellegi-Sunter weights and blocking keys. "
        + "Every record gets a stable cluster id, the probability of its best pair and a per-field explanation, and is routed to "
        + "matched, review or unmatched. Candidate pairs come from several blocking passes, so a million records need neither "
        + "a quadratic comparison nor whole records in memory: only compact comparison keys are kept between the two passes.")
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "The number of records in the outgoing FlowFile"),
        @WritesAttribute(attribute = "mime.type", description = "The MIME type of the Record Writer"),
        @WritesAttribute(attribute = "crm.match.matched.count", description = "Records of the input in a cluster of two or more"),
        @WritesAttribute(attribute = "crm.match.review.count", description = "Records of the input routed to review"),
        @WritesAttribute(attribute = "crm.match.unmatched.count", description = "Records of the input without a duplicate"),
        @WritesAttribute(attribute = "crm.match.failure.count", description = "Records of the input routed to failure on their own, the reason in "
                + "the Errors Field: a path selects nothing in them by how it is written"),
        @WritesAttribute(attribute = "crm.match.cluster.count", description = "Clusters of two or more records in the input"),
        @WritesAttribute(attribute = "crm.match.pair.count", description = "Candidate pairs scored"),
        @WritesAttribute(attribute = "crm.match.roles", description = "The fields compared, as role=field name, useful when the roles were recognised automatically"),
        @WritesAttribute(attribute = "crm.match.entity.new.count", description = "With an Entity Store: customers the FlowFile created"),
        @WritesAttribute(attribute = "crm.match.entity.merged.count", description = "With an Entity Store: stored customers merged into others because the FlowFile linked them"),
        @WritesAttribute(attribute = "crm.match.partly.read.count", description = "With an Entity Store: records not matched that were in a stored "
                + "block read in part (its records exceed the stored pairs a pass reads, so they were compared with its oldest record only); "
                + "their explanation names the passes"),
        @WritesAttribute(attribute = "record.error.message", description = "On a FlowFile routed to failure whole (unchanged), why it could not "
                + "be matched; a record routed to failure on its own carries its reason in the Errors Field instead")
})
@DynamicProperty(name = "A role: first_name, last_name, full_name, email, phone, street, house_number, city, postal_code, state, country, "
        + "birth_date, company, website, external_id, national_id, company_id (any other name is compared as generic text)",
        value = "One or more comma-separated RecordPaths of the fields playing the role, e.g. /Phone, /MobilePhone",
        description = "Compares the fields at the RecordPaths with the comparison, weights and blocking keys of the role. "
                + "Without any such property the roles are recognised from the field names of the records (FirstName, "
                + "MailingPostalCode, email, zip...).")
@SystemResourceConsideration(resource = SystemResource.CPU, description = "Building the blocks and scoring the candidate pairs of "
        + "a FlowFile is CPU-bound and runs on up to Scoring Threads threads at once: the task's own thread and Scoring Threads - 1 "
        + "threads of a pool this processor owns, shared by all its Concurrent Tasks. While it scores, the processor therefore uses at "
        + "most Concurrent Tasks + Scoring Threads - 1 cores. Keep Scoring Threads at or below the cores the node can spare for "
        + "matching; 1 scores on the task's thread alone.")
@SystemResourceConsideration(resource = SystemResource.MEMORY, description = "All records of a FlowFile are matched together: "
        + "compact comparison keys of every record (about 700 bytes a record with seven roles, 0.7 GB for 1,000,000 records) "
        + "stay on the heap until the FlowFile is written, plus 8 bytes a record for each scoring thread, for every FlowFile "
        + "being matched at the same time (Concurrent Tasks). With an Entity Store matched against the store, a FlowFile is "
        + "matched in parts of 10,000 records as one change: one part's records, their stored candidates and its plan are held "
        + "(about 9 KB a record of the part against 1,000,000 stored customers), and until the session commits, the FlowFile's "
        + "pending key changes, about 0.3 KB a record of the parts before (a FlowFile of 200,000 records ran in a 512 MB heap). "
        + "Split larger inputs or give NiFi a larger heap (java.arg.3=-Xmx in bootstrap.conf).")
@SeeAlso(classNames = {"dev.nificrm.processors.CleanCRMRecord", "dev.nificrm.processors.MapCRMRecord", "dev.nificrm.processors.MergeCRMRecord",
        "org.apache.nifi.processors.standard.DeduplicateRecord"})
@UseCase(
        description = "Find duplicate contacts in a CRM export before a migration, with fuzzy matching on names, emails, phones and addresses.",
        keywords = {"duplicate", "deduplicate", "contacts", "fuzzy match", "crm migration"},
        configuration = """
                Set "Record Reader" and "Record Writer" to services for the export's format.
                Add one dynamic property per role, named by the role and valued with the RecordPaths of its fields:
                "first_name" = "/FirstName", "last_name" = "/LastName", "email" = "/Email", "phone" = "/Phone, /MobilePhone",
                "postal_code" = "/MailingPostalCode", "birth_date" = "/Birthdate".
                Keep "Match Threshold" at 0.9 and "Review Threshold" at 0.5.
                Connect "matched" to the merge step (records of one person share crm_match_id), "review" to a queue a person
                checks (crm_match_explanation says why each record is there), "unmatched" onward, and "failure" to an alert.
                """)
@UseCase(
        description = "Deduplicate Accounts or Companies (Salesforce Account, HubSpot Company, Dynamics 365 Account, Zoho Account) "
                + "whose names differ by legal form, punctuation, abbreviations or typos.",
        keywords = {"accounts", "companies", "organisations", "deduplicate", "legal form", "crm migration"},
        configuration = """
                Set "Record Reader" and "Record Writer" and either add no dynamic property (Name is recognised as the company in an
                export with account fields such as Website, Industry or BillingStreet) or set the roles:
                "company" = "/Name", "street" = "/BillingStreet", "city" = "/BillingCity", "postal_code" = "/BillingPostalCode",
                "phone" = "/Phone", "website" = "/Website" (HubSpot: /name, /address, /city, /zip, /phone, /domain).
                Names are compared without legal forms (Inc, LLC, GmbH, B.V., S.A....), case, punctuation and common abbreviations,
                word by word with distinctive words weighing more than words such as Group or Industries.
                With "company" as the only role, equal names shared by a few records are matched and near-equal ones go to "review".
                Connect "matched" to the merge step, "review" to a person, "unmatched" onward.
                """)
@UseCase(
        description = "Flag probable duplicates in any record data without configuring fields, recognising roles from field names.",
        keywords = {"zero configuration", "auto detect", "deduplicate"},
        configuration = """
                Set "Record Reader" and "Record Writer" and add no dynamic property.
                The roles are recognised from the field names (e.g. FirstName, surname, Email, zip, dob, MobilePhone), and the
                attribute crm.match.roles tells which fields were compared. If no field name is recognised, the FlowFile goes
                to "failure" with the reason in record.error.message: then add dynamic properties for the roles.
                """)
@UseCase(
        description = "Learn the field weights from the data itself for an unusual data set (e.g. many shared family emails).",
        keywords = {"EM", "expectation maximisation", "unsupervised", "weights"},
        configuration = """
                Configure the roles as usual and set "Weight Estimation" to "Estimate from Data".
                u probabilities are measured on random pairs and m probabilities estimated by EM over the candidate pairs,
                anchored to the role defaults; compare the crm_match_explanation weights with those of "Role Defaults".
                """)
public class MatchCRMRecord extends AbstractCRMRecordProcessor implements VerifiableProcessor {

    static final Validator PROBABILITY_VALIDATOR = (subject, input, context) -> {
        final Double value = parseDouble(input);
        final boolean valid = value != null && value >= 0 && value <= 1;
        return new ValidationResult.Builder().subject(subject).input(input).valid(valid)
                .explanation(valid ? null : "must be a probability between 0 and 1, e.g. 0.9").build();
    };

    public static final PropertyDescriptor MATCH_THRESHOLD = new PropertyDescriptor.Builder()
            .name("Match Threshold")
            .description("The match probability at or above which two records are taken to be the same person and put in one cluster")
            .required(true)
            .defaultValue(String.valueOf(MatchSettings.DEFAULT_MATCH_THRESHOLD))
            .addValidator(PROBABILITY_VALIDATOR)
            .build();

    public static final PropertyDescriptor REVIEW_THRESHOLD = new PropertyDescriptor.Builder()
            .name("Review Threshold")
            .description("The match probability from which a record that is not matched goes to review rather than unmatched; "
                    + "at most the Match Threshold")
            .required(true)
            .defaultValue(String.valueOf(MatchSettings.DEFAULT_REVIEW_THRESHOLD))
            .addValidator(PROBABILITY_VALIDATOR)
            .build();

    public static final PropertyDescriptor WEIGHT_ESTIMATION = new PropertyDescriptor.Builder()
            .name("Weight Estimation")
            .description("Where the Fellegi-Sunter field weights come from")
            .required(true)
            .allowableValues(WeightEstimation.class)
            .defaultValue(WeightEstimation.ROLE_DEFAULTS)
            .build();

    public static final PropertyDescriptor MAXIMUM_BLOCK_SIZE = new PropertyDescriptor.Builder()
            .name("Maximum Block Size")
            .description("Records sharing one blocking key (an email, a phone, a surname sound with a postcode...) are compared with each "
                    + "other; a key shared by more records than this (info@..., a switchboard number) is not used, so one "
                    + "over-frequent value cannot make the comparisons quadratic. The other blocking keys still apply.")
            .required(true)
            .defaultValue(String.valueOf(MatchSettings.DEFAULT_MAXIMUM_BLOCK_SIZE))
            .addValidator(StandardValidators.createLongValidator(2, 100_000, true))
            .build();

    public static final PropertyDescriptor SCORING_THREADS = new PropertyDescriptor.Builder()
            .name("Scoring Threads")
            .description("The number of threads that build the blocks and score the candidate pairs of one FlowFile: the task's own "
                    + "thread and Scoring Threads - 1 threads of a pool the processor owns while it runs, shared by its Concurrent "
                    + "Tasks. More threads finish a large FlowFile sooner on a node with idle cores; 1 works on the task's thread "
                    + "alone. The output is the same for any number of threads.")
            .required(true)
            .defaultValue("2")
            .addValidator(StandardValidators.createLongValidator(1, 64, true))
            .build();

    public static final PropertyDescriptor DEFAULT_PHONE_REGION = new PropertyDescriptor.Builder()
            .name("Default Phone Region")
            .description("The ISO 3166 region that phone numbers without a country code belong to, used to compare them in E.164")
            .required(true)
            .defaultValue("US")
            .addValidator(CRMValidators.PHONE_REGION)
            .build();

    public static final PropertyDescriptor MATCH_ID_FIELD = new PropertyDescriptor.Builder()
            .name("Match ID Field")
            .description("The field added to every record with the stable id of its cluster (the same input gives the same ids)")
            .required(true)
            .defaultValue("crm_match_id")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor MATCH_SCORE_FIELD = new PropertyDescriptor.Builder()
            .name("Match Score Field")
            .description("The field added to every record with the match probability of its best pair (0 when it had no candidate), "
                    + "a decimal rounded to 4 places such as 0.9731, written without exponent")
            .required(true)
            .defaultValue("crm_match_score")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor MATCH_EXPLANATION_FIELD = new PropertyDescriptor.Builder()
            .name("Match Explanation Field")
            .description("The field added to every record with a per-field account of its best pair's score")
            .required(true)
            .defaultValue("crm_match_explanation")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor KEY_RULES = new PropertyDescriptor.Builder()
            .name("Key Rules")
            .description("Deterministic rules, separated by semicolons, each one or more matched fields joined by +, e.g. "
                    + "email; website; company + postal_code. Records whose comparison keys are equal on every field of a rule are "
                    + "matched whatever their score, and their explanation starts with 'key rule email'. Two records that clearly "
                    + "disagree on a field that says who they are (a person's or a company's name, a birth date, a national id) are "
                    + "never linked by a key rule, so a shared info@ address or switchboard number cannot glue different customers "
                    + "together. The fields are those of the role properties (or, without any, the recognised roles)")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor ENTITY_STORE = new PropertyDescriptor.Builder()
            .name("Entity Store")
            .description("The entity store that remembers every customer across FlowFiles, runs, systems and cluster nodes: with it, "
                    + "a record whose Source System and Source ID are known resolves to its golden id, the others are matched against "
                    + "the stored entities too, and every record gets a persistent golden id in the Match ID Field. Without it, records "
                    + "are matched within their FlowFile and the Match ID Field holds a cluster id derived from the records' content.")
            .required(false)
            .identifiesControllerService(EntityStoreService.class)
            .build();

    public static final PropertyDescriptor MATCH_AGAINST = new PropertyDescriptor.Builder()
            .name("Match Against")
            .description("What each record is matched against")
            .required(true)
            .allowableValues(MatchScope.class)
            .defaultValue(MatchScope.FLOWFILE_AND_STORE)
            .dependsOn(ENTITY_STORE)
            .build();

    public static final PropertyDescriptor SOURCE_SYSTEM = new PropertyDescriptor.Builder()
            .name("Source System")
            .description("The name of the system the FlowFile's records come from, e.g. salesforce or ${crm.source.system}: with the "
                    + "Source ID it identifies a record in the cross-reference. Use the same name for a system in every flow.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(ENTITY_STORE)
            .build();

    public static final PropertyDescriptor SOURCE_ID_FIELD = new PropertyDescriptor.Builder()
            .name("Source ID Field")
            .description("A RecordPath to the record's id in the Source System, e.g. /Id or /hs_object_id. A record without an id is "
                    + "remembered by the content of its matched fields, so the same record arriving again keeps its golden id.")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .dependsOn(ENTITY_STORE)
            .build();

    public static final PropertyDescriptor GOLDEN_ID_FIELD = new PropertyDescriptor.Builder()
            .name("Golden ID Field")
            .description("A RecordPath to a field holding the golden id the Source System keeps for the record: an external id column a "
                    + "sync writes the golden id into, e.g. /external_id. A record the cross-reference does not know yet that carries the "
                    + "golden id of a customer in the store (also in capitals or in braces, as SQL Server and Dynamics 365 write GUIDs) joins "
                    + "that customer without being matched (its Source ID joins the cross-reference), so a sync's own writes read back from a CRM find their customer however few values they have. A "
                    + "golden id the store does not have (unknown, or erased) is ignored and the record is matched; a record the "
                    + "cross-reference knows stays with its customer; a review decision comes first.")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .dependsOn(ENTITY_STORE)
            .build();

    public static final PropertyDescriptor ENTITY_STATUS_FIELD = new PropertyDescriptor.Builder()
            .name("Entity Status Field")
            .description("The field added to every record saying whether its entity is new (created for this FlowFile), existing, or "
                    + "unidentified (the record has neither a Source ID nor any value to compare, and is not remembered)")
            .required(true)
            .defaultValue("crm_entity_status")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(ENTITY_STORE)
            .build();

    public static final PropertyDescriptor MATCH_CANDIDATE_FIELD = new PropertyDescriptor.Builder()
            .name("Match Candidate Field")
            .description("The field that holds, on a record routed to review, the golden id of the entity it resembles; read back with "
                    + "the Review Decision Field when the record returns from review")
            .required(true)
            .defaultValue("crm_match_candidate")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(ENTITY_STORE)
            .build();

    public static final PropertyDescriptor CROSS_REFERENCE_FIELD = new PropertyDescriptor.Builder()
            .name("Cross-Reference Field")
            .description("The field added to every record with its entity's id in each system (a map, system → id of the entity's "
                    + "oldest record there), so a loader can update the target's record by its id instead of inserting a duplicate, "
                    + "e.g. UpdateRecord /Id = /crm_xref['salesforce']")
            .required(true)
            .defaultValue("crm_xref")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(ENTITY_STORE)
            .build();

    public static final PropertyDescriptor REVIEW_DECISION_FIELD = new PropertyDescriptor.Builder()
            .name("Review Decision Field")
            .description("The field a person fills on a record from review: same (link it to the Match Candidate) or different (never "
                    + "match it with that entity again, splitting it out if it was linked). Records carrying a decision are sent back to "
                    + "this processor; the decision is kept in the store's history.")
            .required(true)
            .defaultValue("crm_review_decision")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(ENTITY_STORE)
            .build();

    public static final PropertyDescriptor ERRORS_FIELD = new PropertyDescriptor.Builder()
            .name("Errors Field")
            .description("The field added to a record routed to failure on its own with the reason: a path of a role, the Source ID Field or "
                    + "the Golden ID Field that selects nothing in it by how it is written, e.g. \"Source ID Field: /ids[./system = 'crm']/id "
                    + "selects nothing: ...; write /ids[*][./system = 'crm']/id\". Such a record is matched with no other and, with an Entity "
                    + "Store, not stored")
            .required(true)
            .defaultValue("crm_errors")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final Relationship REL_MATCHED = new Relationship.Builder()
            .name("matched")
            .description("Records in a cluster of two or more; records of one cluster share the Match ID Field")
            .build();

    public static final Relationship REL_UNMATCHED = new Relationship.Builder()
            .name("unmatched")
            .description("Records without a probable duplicate in the FlowFile")
            .build();

    public static final Relationship REL_REVIEW = new Relationship.Builder()
            .name("review")
            .description("Records not matched whose best pair is between the Review and Match Thresholds, or was accepted but kept out "
                    + "of a cluster by the chaining guard; the explanation field says why")
            .build();

    /**
     * Field-name lists whose plans are kept, for schemas without role properties; beyond this the least recently used is let
     * go. Each plan's matcher keeps phonetic codes of up to 18.5 MB (see the usage page), so few: a flow's schemas vary by
     * optional fields, its common ones stay.
     */
    static final int MAXIMUM_CACHED_PLANS = 8;
    /** Records matched against the entity store are matched and routed in parts of this many (so the heap holds one part). */
    static final int STORE_PART_RECORDS = 10_000;

    private static final Pattern PLAIN_FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Decimal places of the score field: a CRM administrator reads and filters it; more digits say nothing more. */
    static final int SCORE_SCALE = 4;
    /** A probability with {@value #SCORE_SCALE} places: 1.0000 at most. */
    private static final int SCORE_PRECISION = SCORE_SCALE + 1;
    /** How long stopping waits for the scoring pool's idle threads to end. */
    private static final long POOL_SHUTDOWN_SECONDS = 10;
    /** How long after a failed compaction of the key log it is not tried again. */
    static final Duration COMPACTION_RETRY = Duration.ofMinutes(10);

    /**
     * The counter of the records not matched that were in a stored block read in part ({@link Resolution#partlyRead}):
     * written as an attribute with a store, and a NiFi counter.
     */
    static final String PARTLY_READ_COUNTER = "partly.read";

    /**
     * One counter per outcome, in the order of {@link MatchOutcome}, named e.g. {@code matched}, then the records routed to
     * failure on their own.
     */
    private static final List<String> COUNTER_NAMES = Stream.concat(Stream.of(MatchOutcome.values()).map(outcome -> outcome.name().toLowerCase(Locale.ROOT)),
            Stream.of(RoutedRecordWriter.FAILURE_COUNTER)).toList();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(RECORD_READER, RECORD_WRITER, MATCH_THRESHOLD,
            REVIEW_THRESHOLD, WEIGHT_ESTIMATION, MAXIMUM_BLOCK_SIZE, SCORING_THREADS, DEFAULT_PHONE_REGION, MATCH_ID_FIELD,
            MATCH_SCORE_FIELD, MATCH_EXPLANATION_FIELD, KEY_RULES, ENTITY_STORE, MATCH_AGAINST, SOURCE_SYSTEM, SOURCE_ID_FIELD, GOLDEN_ID_FIELD,
            ENTITY_STATUS_FIELD, MATCH_CANDIDATE_FIELD, CROSS_REFERENCE_FIELD, REVIEW_DECISION_FIELD, ERRORS_FIELD, NEUTRALIZE_SPREADSHEET_FORMULAS);

    /** The fields a record gets, each named by a property: no two may share a name. */
    private static final List<PropertyDescriptor> OUTPUT_FIELD_PROPERTIES = List.of(MATCH_ID_FIELD, MATCH_SCORE_FIELD,
            MATCH_EXPLANATION_FIELD, ENTITY_STATUS_FIELD, MATCH_CANDIDATE_FIELD, CROSS_REFERENCE_FIELD, REVIEW_DECISION_FIELD, ERRORS_FIELD,
            NEUTRALIZE_SPREADSHEET_FORMULAS);

    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_MATCHED, REL_UNMATCHED, REL_REVIEW, REL_FAILURE);

    private volatile MatchSettings settings;
    /** The helper threads of scoring while the processor runs (none with one Scoring Thread). */
    private volatile ExecutorService scoringPool;
    private volatile String phoneRegion;
    private volatile String keyRulesText;
    private volatile Plan configuredPlan;
    private volatile RecordField idField;
    private volatile RecordField scoreField;
    private volatile RecordField explanationField;
    /** The field holding the reason of a record routed to failure on its own. */
    private volatile RecordField errorsField;
    /** With an Entity Store: the store, its settings and its fields; null without. */
    private volatile StoreSettings storeSettings;
    /** When compacting the key log failed: it is not tried again before {@link #COMPACTION_RETRY} has passed. */
    private volatile Instant compactionFailedAt;
    /** The plans of the schemas seen without role properties, by field names: compiled once, not per FlowFile. */
    private final BoundedCache<List<String>, Plan> recognisedPlans = new BoundedCache<>(MAXIMUM_CACHED_PLANS);

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
        final Optional<Role> role = Role.fromKey(propertyDescriptorName);
        return RecordPathList.dynamicPropertyDescriptor(propertyDescriptorName,
                role.map(value -> "Compares the fields at these RecordPaths as " + value.getDescription().toLowerCase(Locale.ROOT))
                        .orElse("Compares the fields at these RecordPaths as generic text"),
                RecordPathList.VALIDATOR);
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final String match = context.getProperty(MATCH_THRESHOLD).getValue();
        final String review = context.getProperty(REVIEW_THRESHOLD).getValue();
        final Double matchValue = parseDouble(match);
        final Double reviewValue = parseDouble(review);
        // each threshold's own validator reports a value that is not a number
        if (matchValue != null && reviewValue != null && reviewValue > matchValue) {
            results.add(new ValidationResult.Builder().subject(REVIEW_THRESHOLD.getName()).input(review).valid(false)
                    .explanation("the Review Threshold " + review + " is above the Match Threshold " + match
                            + ": lower it to at most " + match + " (e.g. 0.5) so that the review band sits below the matches")
                    .build());
        }
        final List<MatchField> roles = new ArrayList<>();
        final Map<Role, List<String>> propertiesOfRole = new LinkedHashMap<>();
        for (final Map.Entry<PropertyDescriptor, String> property : context.getProperties().entrySet()) {
            if (property.getKey().isDynamic() && property.getValue() != null) {
                final MatchField field = MatchField.named(property.getKey().getName());
                roles.add(field);
                if (field.role() != null) {
                    propertiesOfRole.computeIfAbsent(field.role(), role -> new ArrayList<>()).add(property.getKey().getName());
                }
            }
        }
        propertiesOfRole.forEach((role, names) -> {
            if (names.size() > 1) {
                // each property is a comparison of its own: one role in two would count its agreement twice
                results.add(new ValidationResult.Builder().subject("Roles").input(String.join(", ", names)).valid(false)
                        .explanation("the properties " + names.stream().map(name -> "'" + name + "'").collect(Collectors.joining(" and "))
                                + " all name the role " + role.getKey() + ", whose agreement would then count " + names.size()
                                + " times: keep one " + role.getKey() + " property and list every path in it, comma-separated (e.g. /Email, /Email2)")
                        .build());
            }
        });
        if (!roles.isEmpty()) {
            try {
                // the matcher is built when the processor starts: a combination of roles it refuses must be refused here
                new Matcher(roles, MatchSettings.defaults(), "US");
            } catch (final IllegalArgumentException e) {
                results.add(new ValidationResult.Builder().subject("Roles").input(roles.toString()).valid(false)
                        .explanation("these roles cannot be matched together: " + e.getMessage() + "; add or remove a role property")
                        .build());
            }
        }
        final String keyRules = context.getProperty(KEY_RULES).getValue();
        if (keyRules != null) {
            final List<MatchField> fields = new ArrayList<>(roles);
            if (fields.isEmpty()) {
                // zero configuration: any role may be recognised, so a rule may name any role
                for (final Role role : Role.values()) {
                    fields.add(MatchField.of(role));
                }
            }
            try {
                KeyRule.parseAll(keyRules, fields);
            } catch (final IllegalArgumentException e) {
                results.add(new ValidationResult.Builder().subject(KEY_RULES.getName()).input(keyRules).valid(false)
                        .explanation(e.getMessage()).build());
            }
        }
        final Map<String, PropertyDescriptor> outputFields = new LinkedHashMap<>();
        final boolean withStore = context.getProperty(ENTITY_STORE).isSet();
        for (final PropertyDescriptor descriptor : OUTPUT_FIELD_PROPERTIES) {
            final String fieldName = context.getProperty(descriptor).getValue();
            if (fieldName == null || !withStore && descriptor.getDependencies().stream().anyMatch(dependency -> dependency.getPropertyName()
                    .equals(ENTITY_STORE.getName()))) {
                continue;
            }
            final PropertyDescriptor clash = outputFields.putIfAbsent(fieldName, descriptor);
            if (clash != null) {
                results.add(new ValidationResult.Builder().subject(descriptor.getName()).input(fieldName).valid(false)
                        .explanation("the " + descriptor.getName() + " '" + fieldName + "' is also the " + clash.getName()
                                + ": each of these fields needs a name of its own (e.g. crm_match_id, crm_match_score, "
                                + "crm_match_explanation)")
                        .build());
            }
        }
        return results;
    }

    /** A number, or null when the text is missing or not a number. */
    private static Double parseDouble(final String text) {
        if (text == null) {
            return null;
        }
        try {
            return Double.valueOf(text.trim());
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        final WeightEstimation estimation = context.getProperty(WEIGHT_ESTIMATION).asAllowableValue(WeightEstimation.class);
        final int scoringThreads = context.getProperty(SCORING_THREADS).asInteger();
        shutdownScoringPool();
        final ExecutorService pool = scoringThreads > 1 ? Executors.newFixedThreadPool(scoringThreads - 1, scoringThreadFactory()) : null;
        scoringPool = pool;
        settings = MatchSettings.defaults()
                .withThresholds(context.getProperty(MATCH_THRESHOLD).asDouble(), context.getProperty(REVIEW_THRESHOLD).asDouble())
                .withMaximumBlockSize(context.getProperty(MAXIMUM_BLOCK_SIZE).asInteger())
                .withEstimateWeights(estimation == WeightEstimation.ESTIMATE_FROM_DATA)
                .withParallelism(scoringThreads, pool == null ? MatchSettings.CALLING_THREAD : pool);
        phoneRegion = context.getProperty(DEFAULT_PHONE_REGION).getValue().trim().toUpperCase(Locale.ROOT);
        idField = new RecordField(context.getProperty(MATCH_ID_FIELD).getValue(), RecordFieldType.STRING.getDataType(), true);
        // a decimal, not a double: writers print doubles such as 1.8531528495047976E-6 with an exponent
        scoreField = new RecordField(context.getProperty(MATCH_SCORE_FIELD).getValue(),
                RecordFieldType.DECIMAL.getDecimalDataType(SCORE_PRECISION, SCORE_SCALE), true);
        explanationField = new RecordField(context.getProperty(MATCH_EXPLANATION_FIELD).getValue(), RecordFieldType.STRING.getDataType(), true);
        errorsField = new RecordField(context.getProperty(ERRORS_FIELD).getValue(), RecordFieldType.STRING.getDataType(), true);

        recognisedPlans.clear();
        keyRulesText = context.getProperty(KEY_RULES).getValue();
        configuredPlan = configuredPlan(context, settings, phoneRegion);
        storeSettings = context.getProperty(ENTITY_STORE).isSet() ? new StoreSettings(
                context.getProperty(ENTITY_STORE).asControllerService(EntityStoreService.class),
                context.getProperty(MATCH_AGAINST).asAllowableValue(MatchScope.class),
                context.getProperty(SOURCE_ID_FIELD).isSet() ? RecordPathList.compile(context.getProperty(SOURCE_ID_FIELD).getValue()) : List.of(),
                context.getProperty(GOLDEN_ID_FIELD).isSet() ? RecordPathList.compile(context.getProperty(GOLDEN_ID_FIELD).getValue()) : List.of(),
                new RecordField(context.getProperty(ENTITY_STATUS_FIELD).getValue(), RecordFieldType.STRING.getDataType(), true),
                new RecordField(context.getProperty(MATCH_CANDIDATE_FIELD).getValue(), RecordFieldType.STRING.getDataType(), true),
                new RecordField(context.getProperty(CROSS_REFERENCE_FIELD).getValue(),
                        RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType()), true),
                context.getProperty(REVIEW_DECISION_FIELD).getValue()) : null;
    }

    /**
     * NiFi's "Verify": which fields are matched and on which blocking passes; with an Entity Store, the Source System the
     * given attributes give, what the store holds, and what the first FlowFile will do before it is matched (key the
     * stored records under blocking rules the store does not keep, compact the key log).
     */
    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        final List<ConfigVerificationResult> results = new ArrayList<>();
        Plan plan = null;
        try {
            plan = configuredPlan(context, MatchSettings.defaults().withMaximumBlockSize(context.getProperty(MAXIMUM_BLOCK_SIZE).asInteger()),
                    context.getProperty(DEFAULT_PHONE_REGION).getValue().trim().toUpperCase(Locale.ROOT));
            results.add(verification("Matched Fields", ConfigVerificationResult.Outcome.SUCCESSFUL, plan == null
                    ? "No role properties: each FlowFile's fields are recognised by their names (FirstName, Email, MailingPostalCode, ...), "
                    + "and the blocking passes follow from the roles found"
                    : plan.description() + "; blocking passes " + plan.matcher().getBlockingRules().stream().map(BlockingRule::getName).toList()));
        } catch (final RuntimeException e) {
            results.add(verification("Matched Fields", ConfigVerificationResult.Outcome.FAILED, "The fields cannot be matched: " + e.getMessage()));
        }
        if (!context.getProperty(ENTITY_STORE).isSet()) {
            results.add(verification("Entity Store", ConfigVerificationResult.Outcome.SKIPPED,
                    "No Entity Store: records are matched within their FlowFile, and cluster ids are derived from their content"));
            return results;
        }
        final String system = context.getProperty(SOURCE_SYSTEM).evaluateAttributeExpressions(attributes).getValue();
        results.add(system == null || system.isBlank()
                ? verification("Source System", ConfigVerificationResult.Outcome.FAILED, "Source System evaluates to nothing with the attributes "
                        + attributes.keySet() + ": a FlowFile without it goes to failure; give it the attribute, or name the system here")
                : verification("Source System", ConfigVerificationResult.Outcome.SUCCESSFUL, "The records are from '" + system.trim() + "'"
                        + (context.getProperty(SOURCE_ID_FIELD).isSet() ? ", identified by " + context.getProperty(SOURCE_ID_FIELD).getValue()
                        : "; without a Source ID Field each record is remembered by the content of its matched fields, and loaders cannot "
                        + "update it by its id")));
        try {
            final EntityStore store = context.getProperty(ENTITY_STORE).asControllerService(EntityStoreService.class).getEntityStore();
            final StoreStatistics statistics = store.statistics();
            final StringBuilder text = new StringBuilder(store.describe()).append(": ").append(String.format(Locale.ROOT,
                    "%,d customers, %,d source records", statistics.entities(), statistics.members()));
            if (plan != null) {
                final Map<String, RuleGeneration> kept = store.blockingRules();
                final List<String> notKept = plan.matcher().getBlockingRules().stream().map(BlockingRule::getName)
                        .filter(rule -> kept.get(rule) == null || !kept.get(rule).maintained()).toList();
                text.append(notKept.isEmpty() || statistics.members() == 0 ? ". The store keeps the keys of every blocking pass"
                        : ". The store does not keep the keys of the blocking passes " + notKept + " (new roles or Key Rules): before the first "
                        + "FlowFile is matched, its stored records are keyed under them, once, holding the writers' turn (measured on 2 cores: "
                        + "4-5 s per million stored records for one pass)");
                final Map<String, Long> lacking = new TreeMap<>();
                for (final Map.Entry<List<String>, Long> layout : store.membersByLayout().entrySet()) {
                    for (final MatchField field : plan.matcher().getFields()) {
                        if (!layout.getKey().contains(field.name())) {
                            lacking.merge(field.name(), layout.getValue(), Long::sum);
                        }
                    }
                }
                if (!lacking.isEmpty()) {
                    text.append(". Stored records matched before a field was added have no value of it to compare or block on: ")
                            .append(lacking.entrySet().stream().map(field -> String.format(Locale.ROOT, "%,d lack %s", field.getValue(), field.getKey()))
                                    .collect(Collectors.joining(", ")))
                            .append("; each gets it when one of its records is matched again (send each system's records through once)");
                }
            }
            if (store.keyLogCompactionDue()) {
                text.append(". Its key log is due to be compacted: the next FlowFile compacts it first (about 10 s per 10 million keys)");
            }
            results.add(verification("Entity Store", ConfigVerificationResult.Outcome.SUCCESSFUL, text.toString()));
        } catch (final RuntimeException e) {
            results.add(verification("Entity Store", ConfigVerificationResult.Outcome.FAILED, "The Entity Store cannot be used: " + e.getMessage()));
        }
        return results;
    }

    /** How many compiled matchers the processor holds (the configured one and those recognised from FlowFiles' fields). */
    int compiledMatchers() {
        return (configuredPlan == null ? 0 : 1) + recognisedPlans.size();
    }

    private static ConfigVerificationResult verification(final String step, final ConfigVerificationResult.Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }

    /** The plan of the role properties (null without any: roles are then recognised per FlowFile from its fields). */
    private static Plan configuredPlan(final ProcessContext context, final MatchSettings settings, final String phoneRegion) {
        final List<MatchField> fields = new ArrayList<>();
        final List<List<ChoiceAwareRecordPath>> paths = new ArrayList<>();
        final List<String> descriptions = new ArrayList<>();
        final List<Map.Entry<PropertyDescriptor, String>> dynamicProperties = new ArrayList<>();
        for (final Map.Entry<PropertyDescriptor, String> property : context.getProperties().entrySet()) {
            if (property.getKey().isDynamic() && property.getValue() != null) {
                dynamicProperties.add(property);
            }
        }
        // a fixed field order (roles in vocabulary order, then generic fields by name) keeps explanations stable
        dynamicProperties.sort(Comparator.comparing((Map.Entry<PropertyDescriptor, String> property) -> roleOrder(property.getKey().getName()))
                .thenComparing(property -> property.getKey().getName()));
        for (final Map.Entry<PropertyDescriptor, String> property : dynamicProperties) {
            final MatchField field = MatchField.named(property.getKey().getName());
            fields.add(field);
            paths.add(List.copyOf(RecordPathList.compile(property.getValue())));
            descriptions.add(field.name() + "=" + property.getValue().trim());
        }
        if (fields.isEmpty()) {
            return null;
        }
        final List<KeyRule> configuredKeyRules = KeyRule.parseAll(context.getProperty(KEY_RULES).getValue(), fields);
        if (!configuredKeyRules.isEmpty()) {
            descriptions.add("key rules " + configuredKeyRules);
        }
        return new Plan(new Matcher(fields, settings, phoneRegion, configuredKeyRules), paths, String.join("; ", descriptions));
    }

    /**
     * Ends the scoring pool when the processor stops (all its tasks have finished by then, so the pool is idle) or
     * NiFi shuts down, and lets go of the compiled matchers: their caches of phonetic codes (up to 100,000 names each)
     * would otherwise stay on the heap of a stopped processor until it starts again, which compiles them anew.
     */
    @OnStopped
    @OnShutdown
    public void shutdownScoringPool() {
        configuredPlan = null;
        recognisedPlans.clear();
        final ExecutorService pool = scoringPool;
        scoringPool = null;
        if (pool == null) {
            return;
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(POOL_SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
                getLogger().warn("Scoring threads still running {} s after the processor stopped; interrupting them", POOL_SHUTDOWN_SECONDS);
                pool.shutdownNow();
            }
        } catch (final InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private ThreadFactory scoringThreadFactory() {
        final String prefix = "MatchCRMRecord[id=" + getIdentifier() + "] Scoring Thread ";
        final AtomicInteger number = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, prefix + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Compacts the store's key log when its rows have come to take more than twice what the keys would (stored records'
     * keys changed again and again): once in a long while, in this FlowFile's turn, before it is matched. A compaction
     * that fails (a full disk) does not keep the FlowFile from being matched: the log merely grows on, and compacting is
     * tried again after {@link #COMPACTION_RETRY}.
     */
    private void compactKeyLogWhenDue(final EntityStore entityStore) {
        final Instant failedAt = compactionFailedAt;
        if (failedAt != null && getClock().instant().isBefore(failedAt.plus(COMPACTION_RETRY)) || !entityStore.keyLogCompactionDue()) {
            return;
        }
        try {
            final KeyLogCompaction compaction = entityStore.compactKeyLog(true);
            compactionFailedAt = null;
            if (compaction.compacted()) {
                getLogger().info("Compacted the key log of {}: {} rows of {} MB became a base of {} keys in {} MB, in {} ms", entityStore.describe(),
                        compaction.rowsRemoved(), compaction.logBytes() >> 20, compaction.keys(), compaction.baseBytes() >> 20,
                        compaction.nanos() / 1_000_000);
            }
        } catch (final EntityStoreException e) {
            compactionFailedAt = getClock().instant();
            getLogger().warn("Could not compact the key log of {}; matching goes on, the log keeps growing, and compacting is tried "
                    + "again in {} minutes: {}", entityStore.describe(), COMPACTION_RETRY.toMinutes(), e.getMessage());
        }
    }

    /** The score as written: rounded to {@value #SCORE_SCALE} places, so never in exponent notation. */
    static BigDecimal roundScore(final double probability) {
        return BigDecimal.valueOf(probability).setScale(SCORE_SCALE, RoundingMode.HALF_UP);
    }

    @Override
    protected long processRecords(final ProcessContext context, final RecordSource source, final RoutedRecordWriter output)
            throws IOException, MalformedRecordException, SchemaNotFoundException, RecordProcessingException {
        final StoreSettings store = storeSettings;
        if (store != null) {
            return resolveWithStore(context, store, source, output);
        }
        final Plan[] plan = {configuredPlan};
        final CandidateIndex[] index = new CandidateIndex[1];
        final KeyReader[] reader = new KeyReader[1];
        final FailedRecords failed = new FailedRecords(errorsField);
        final long count;
        try {
            count = source.forEach((position, record) -> {
                if (plan[0] == null) {
                    plan[0] = recognisedPlan(record.getSchema());
                }
                if (index[0] == null) {
                    index[0] = plan[0].matcher().newIndex();
                    reader[0] = new KeyReader(plan[0]);
                }
                final String[] keys;
                try {
                    keys = reader[0].keys(record);
                } catch (final UnselectablePathException e) {
                    // not indexed: matched with no other record, routed to failure on the second pass
                    failed.add(position, e.getMessage());
                    return;
                }
                index[0].add(keys);
            });
        } catch (final NoRolesException e) {
            throw new RecordProcessingException(e.getMessage());
        }
        if (count == 0) {
            return 0;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new RecordProcessingException("A FlowFile of " + count + " records is too large to match at once; split it");
        }

        final MatchResult result = failed.count() == count ? null : plan[0].matcher().match(index[0]);
        final long routed = source.forEach((position, record) -> {
            final int number = failed.numberOrRouteToFailure(position, record, output);
            if (number < 0) {
                return;
            }
            record.setValue(idField, result.clusterId(number));
            record.setValue(scoreField, roundScore(result.bestProbability(number)));
            record.setValue(explanationField, result.explanation(number));
            final MatchOutcome outcome = result.outcome(number);
            switch (outcome) {
                case MATCHED -> output.write(REL_MATCHED, record);
                case REVIEW -> output.write(REL_REVIEW, record);
                case UNMATCHED -> output.write(REL_UNMATCHED, record);
            }
            output.increment(COUNTER_NAMES.get(outcome.ordinal()));
        });
        if (routed != count) {
            throw new RecordProcessingException("The FlowFile held " + count + " records on the first read and " + routed + " on the second");
        }
        final long clusters = result == null ? 0 : result.getClusterCount();
        final long pairs = result == null ? 0 : result.getCandidatePairs();
        output.putAttribute(getCounterAttributePrefix() + "cluster.count", String.valueOf(clusters));
        output.putAttribute(getCounterAttributePrefix() + "pair.count", String.valueOf(pairs));
        output.putAttribute(getCounterAttributePrefix() + "roles", plan[0].description());
        getLogger().debug("Matched {} records ({} failed): {} candidate pairs, {} clusters", count, failed.count(), pairs, clusters);
        return count;
    }

    /**
     * Matches the records against the entity store (and each other, as the scope says). Matching the store, in one pass:
     * the records are read in parts of {@value #STORE_PART_RECORDS}; the resolver matches each part against the store
     * (the later parts through the FlowFile's pending write, which holds what the earlier ones changed, so a record
     * finds the earlier parts' records as it would a FlowFile's before) and each record of the part gets its golden id
     * and is routed, so the heap holds one part at a time. Matching this FlowFile alone, its records are matched all
     * together: the first pass reads each record's keys, source id and any review decision, the second routes. The
     * store's change commits with the session, or is rolled back with it.
     */
    private long resolveWithStore(final ProcessContext context, final StoreSettings store, final RecordSource source,
                                  final RoutedRecordWriter output)
            throws IOException, MalformedRecordException, SchemaNotFoundException, RecordProcessingException {
        final String systemText = context.getProperty(SOURCE_SYSTEM).evaluateAttributeExpressions(source.getFlowFile()).getValue();
        if (systemText == null || systemText.isBlank()) {
            throw new RecordProcessingException("The Source System is empty for this FlowFile: set it, or the FlowFile attribute it "
                    + "refers to, so that its records can be found in the cross-reference");
        }
        final String system = systemText.trim();
        if (!store.scope().matchesStore()) {
            return resolveAtOnce(store, system, source, output);
        }
        final EntityStore entityStore = store.service().getEntityStore();
        final StorePart part = new StorePart(store, system, output);
        output.onSessionCommit(part::commit, part::rollback);
        try {
            compactKeyLogWhenDue(entityStore);
            final long count = source.forEach((position, record) -> part.add(record));
            part.route();
            part.putAttributes();
            return count;
        } catch (final NoRolesException e) {
            throw new RecordProcessingException(e.getMessage());
        }
    }

    /** Matching this FlowFile alone against the store's cross-reference: its records are matched all together, in two passes. */
    private long resolveAtOnce(final StoreSettings store, final String system, final RecordSource source, final RoutedRecordWriter output)
            throws IOException, MalformedRecordException, SchemaNotFoundException, RecordProcessingException {
        final Plan[] plan = {configuredPlan};
        final EntityBatch[] batch = new EntityBatch[1];
        final KeyReader[] reader = new KeyReader[1];
        final java.util.BitSet undecided = new java.util.BitSet();
        final FailedRecords failed = new FailedRecords(errorsField);
        final long count;
        try {
            count = source.forEach((position, record) -> {
                if (plan[0] == null) {
                    plan[0] = recognisedPlan(record.getSchema());
                }
                if (batch[0] == null) {
                    batch[0] = EntityBatch.of(plan[0].matcher(), system);
                    reader[0] = new KeyReader(plan[0]);
                }
                try {
                    addToBatch(store, batch[0], reader[0], record, undecided, failed.numberWhileReading(position));
                } catch (final UnselectablePathException e) {
                    // not in the batch: matched with no other record and not stored, routed to failure on the second pass
                    failed.add(position, e.getMessage());
                }
            });
        } catch (final NoRolesException e) {
            throw new RecordProcessingException(e.getMessage());
        }
        if (count == 0) {
            return 0;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new RecordProcessingException("A FlowFile of " + count + " records is too large to match at once; split it");
        }

        // every record failed: nothing to resolve, and the store is not touched
        final Resolution resolution = failed.count() == count ? null : resolveBatch(store, plan[0], batch[0]);
        if (resolution != null) {
            output.onSessionCommit(resolution.pendingWrite()::commit, resolution.pendingWrite()::rollback);
            logRuleKeying(store, resolution.getRuleKeying());
        }

        final long routed = source.forEach((position, record) -> {
            final int number = failed.numberOrRouteToFailure(position, record, output);
            if (number < 0) {
                return;
            }
            routeResolved(store, record, resolution, number, undecided.get(number), output);
        });
        if (routed != count) {
            throw new RecordProcessingException("The FlowFile held " + count + " records on the first read and " + routed + " on the second");
        }
        if (resolution == null) {
            putStoreAttributes(output, 0, 0, plan[0], 0, 0);
        } else {
            final MatchResult result = resolution.getMatchResult();
            putStoreAttributes(output, result.getClusterCount(), result.getCandidatePairs(), plan[0], resolution.getNewEntities(), resolution.getMerges());
        }
        return count;
    }

    /** Matches a FlowFile's batch against the store's cross-reference (and each other), once any due compaction of the key log is done. */
    private Resolution resolveBatch(final StoreSettings store, final Plan plan, final EntityBatch batch) {
        try {
            compactKeyLogWhenDue(store.service().getEntityStore());
            return new EntityResolver(plan.matcher(), store.service().getEntityStore(), store.scope().matchesFlowFile(),
                    store.scope().matchesStore(), settings.maximumBlockSize()).resolve(batch);
        } catch (final EntityStoreException e) {
            throw new RetryableException(e.getMessage(), e);
        }
    }

    /**
     * Adds a record's keys, source id and any review decision to a batch; a decision that is not understood is remembered.
     *
     * @throws UnselectablePathException when a path selects nothing in the record by how it is written; the batch and the
     *                                   decisions are then as they were
     */
    private static void addToBatch(final StoreSettings store, final EntityBatch batch, final KeyReader reader, final Record record,
                                   final java.util.BitSet undecided, final int number) {
        final String[] keys = reader.keys(record);
        // by the rule every path reads source ids by: a whole number a reader typed as a double is its digits, text as it is
        final String sourceId = firstId(store.sourceIdPaths(), record, SOURCE_ID_FIELD);
        final String carried = store.goldenIdPaths().isEmpty() ? null : firstValue(store.goldenIdPaths(), record, GOLDEN_ID_FIELD);
        // as a CRM may give it back: in capitals (a SQL Server uniqueidentifier) or in braces (Dynamics 365)
        final String goldenId = carried == null ? null : GoldenIds.canonical(carried.strip());
        final String decisionText = record.getAsString(store.decisionField());
        final Optional<ReviewDecision> decision = ReviewDecision.parse(decisionText);
        if (!ReviewDecision.isUnderstood(decisionText)) {
            undecided.set(number);
        }
        batch.add(keys, sourceId, decision.orElse(null), decision.isPresent() ? record.getAsString(store.candidateField().getFieldName()) : null,
                goldenId);
    }

    /** Gives a record its golden id, status, score, candidate, cross-references and explanation, and routes it. */
    private void routeResolved(final StoreSettings store, final Record record, final Resolution resolution, final int number,
                               final boolean undecided, final RoutedRecordWriter output) throws IOException {
        record.setValue(idField, resolution.goldenId(number));
        record.setValue(scoreField, roundScore(resolution.score(number)));
        record.setValue(store.statusField(), resolution.status(number).key());
        record.setValue(store.candidateField(), resolution.candidate(number));
        record.setValue(store.crossReferenceField(), new LinkedHashMap<String, Object>(resolution.crossReferences(number)));
        MatchOutcome outcome = resolution.outcome(number);
        if (undecided) {
            // a decision that is not understood goes back to the person who made it, with the reason
            outcome = MatchOutcome.REVIEW;
            record.setValue(explanationField, "review decision not understood (use same or different): " + resolution.explanation(number));
        } else {
            record.setValue(explanationField, resolution.explanation(number));
        }
        if (resolution.partlyRead(number)) {
            output.increment(PARTLY_READ_COUNTER);
        }
        switch (outcome) {
            case MATCHED -> output.write(REL_MATCHED, record);
            case REVIEW -> output.write(REL_REVIEW, record);
            case UNMATCHED -> output.write(REL_UNMATCHED, record);
        }
        output.increment(COUNTER_NAMES.get(outcome.ordinal()));
    }

    private void logRuleKeying(final StoreSettings store, final RuleKeying keying) {
        if (keying != null && keying.adopted()) {
            getLogger().info("{} now keeps its blocking rules (it was written by an earlier version): keyed the other values of its {} stored "
                    + "records holding several values of a field in {} ms, once", store.service().getEntityStore().describe(), keying.members(),
                    keying.nanos() / 1_000_000);
        } else if (keying != null) {
            getLogger().info("The blocking rules {} were new to {} (the matched fields or rules changed) or not kept up by the rules used since: "
                    + "keyed its {} stored records under them in {} ms, once", keying.keyedRules(), store.service().getEntityStore().describe(),
                    keying.members(), keying.nanos() / 1_000_000);
        }
    }

    private void putStoreAttributes(final RoutedRecordWriter output, final long clusters, final long pairs, final Plan plan, final long newEntities,
                                    final long merges) {
        output.putAttribute(getCounterAttributePrefix() + "cluster.count", String.valueOf(clusters));
        output.putAttribute(getCounterAttributePrefix() + "pair.count", String.valueOf(pairs));
        output.putAttribute(getCounterAttributePrefix() + "roles", plan.description());
        output.putAttribute(getCounterAttributePrefix() + "entity.new.count", String.valueOf(newEntities));
        output.putAttribute(getCounterAttributePrefix() + "entity.merged.count", String.valueOf(merges));
        // written as 0 too, as the counts of the outcomes are, so a flow can route on it without checking that it exists
        output.increment(PARTLY_READ_COUNTER, 0);
    }

    /** The records of a FlowFile read since the last part was matched against the store and routed. */
    private final class StorePart {
        private final StoreSettings store;
        private final String system;
        private final RoutedRecordWriter output;
        private final List<Record> records = new ArrayList<>();
        private final java.util.BitSet undecided = new java.util.BitSet();
        private Plan plan = configuredPlan;
        private KeyReader reader;
        private EntityResolver.Parts parts;
        private EntityBatch batch;
        private long clusters;
        private long pairs;
        private long newEntities;
        private long merges;

        private StorePart(final StoreSettings store, final String system, final RoutedRecordWriter output) {
            this.store = store;
            this.system = system;
            this.output = output;
        }

        void add(final Record record) throws IOException {
            if (plan == null) {
                plan = recognisedPlan(record.getSchema());
            }
            if (parts == null) {
                reader = new KeyReader(plan);
                parts = new EntityResolver(plan.matcher(), store.service().getEntityStore(), store.scope().matchesFlowFile(),
                        store.scope().matchesStore(), settings.maximumBlockSize()).begin();
            }
            if (batch == null) {
                batch = EntityBatch.of(plan.matcher(), system);
            }
            try {
                addToBatch(store, batch, reader, record, undecided, records.size());
            } catch (final UnselectablePathException e) {
                // matched with no other record and not stored: the records after it go on as they would without it
                output.fail(REL_FAILURE, errorsField, record, e.getMessage());
                return;
            }
            records.add(record);
            if (records.size() == STORE_PART_RECORDS) {
                route();
            }
        }

        /** Matches the part's records against the store and routes each; then the part is empty. */
        void route() throws IOException {
            if (records.isEmpty()) {
                return;
            }
            final Resolution resolution;
            try {
                resolution = parts.resolve(batch);
            } catch (final EntityStoreException e) {
                throw new RetryableException(e.getMessage(), e);
            }
            logRuleKeying(store, resolution.getRuleKeying());
            for (int number = 0; number < records.size(); number++) {
                routeResolved(store, records.get(number), resolution, number, undecided.get(number), output);
            }
            clusters += resolution.getMatchResult().getClusterCount();
            pairs += resolution.getMatchResult().getCandidatePairs();
            newEntities += resolution.getNewEntities();
            merges += resolution.getMerges();
            records.clear();
            undecided.clear();
            batch = null;
        }

        void putAttributes() {
            if (plan != null && parts != null) {
                putStoreAttributes(output, clusters, pairs, plan, newEntities, merges);
            }
        }

        void commit() {
            if (parts != null && parts.pendingWrite() != null) {
                parts.pendingWrite().commit();
            }
        }

        void rollback() {
            if (parts != null && parts.pendingWrite() != null) {
                parts.pendingWrite().rollback();
            }
        }
    }

    /**
     * The first value at any of the RecordPaths, as text, or null.
     *
     * @throws UnselectablePathException naming the property, when a path before any with a value selects nothing by how it
     *                                   is written: the record is not matched as if it had no value there
     */
    private static String firstValue(final List<ChoiceAwareRecordPath> paths, final Record record, final PropertyDescriptor property) {
        for (final ChoiceAwareRecordPath path : paths) {
            final Optional<String> selected = path.selectOrExplain(record, property.getName()).stream()
                    .map(value -> scalarText(value.getValue(), 0)).filter(Objects::nonNull).findFirst();
            if (selected.isPresent()) {
                return selected.get();
            }
        }
        return null;
    }

    /** The first source id the paths select ({@link SourceIds#of} of the value), or null. */
    private static String firstId(final List<ChoiceAwareRecordPath> paths, final Record record, final PropertyDescriptor property) {
        for (final ChoiceAwareRecordPath path : paths) {
            final Optional<Object> selected = path.selectOrExplain(record, property.getName()).stream()
                    .map(value -> scalar(value.getValue(), 0)).filter(Objects::nonNull).findFirst();
            if (selected.isPresent()) {
                return SourceIds.of(selected.get());
            }
        }
        return null;
    }

    /**
     * The text of a selected id: a scalar's, or a list's first value's (a list in a list read as well); an object (a
     * nested record or a map) holds no id, and a list's own text would be an identity hash that changes from run to run.
     */
    private static String scalarText(final Object value, final int depth) {
        final Object scalar = scalar(value, depth);
        return scalar == null ? null : scalar.toString();
    }

    /** A selected scalar: the value, or a list's first value (a list in a list read as well); null for an object. */
    private static Object scalar(final Object value, final int depth) {
        if (value == null || value instanceof Record || value instanceof Map<?, ?> || depth > 8) {
            return null;
        }
        if (value instanceof Object[] array) {
            for (final Object element : array) {
                final Object scalar = scalar(element, depth + 1);
                if (scalar != null) {
                    return scalar;
                }
            }
            return null;
        }
        return value;
    }

    /** The plan for records whose roles are recognised from their field names, when no role property is set. */
    private Plan recognisedPlan(final RecordSchema schema) {
        final List<String> fieldNames = schema.getFieldNames();
        final Plan cached = recognisedPlans.get(fieldNames);
        return cached != null ? cached : recognisedPlans.get(List.copyOf(fieldNames), () -> newRecognisedPlan(schema));
    }

    private Plan newRecognisedPlan(final RecordSchema schema) {
        final RecognisedRoles recognised = RecognisedRoles.of(schema.getFieldNames());
        if (recognised.isEmpty()) {
            throw new NoRolesException("No matching role is configured and none of the field names " + schema.getFieldNames()
                    + " is recognised as a role: add dynamic properties such as last_name = /Surname, email = /Mail");
        }
        final List<MatchField> fields = new ArrayList<>();
        final List<List<ChoiceAwareRecordPath>> paths = new ArrayList<>();
        for (final RecognisedRoles.Field field : recognised.getFields()) {
            fields.add(MatchField.of(field.role()));
            paths.add(field.fieldNames().stream().map(name -> ChoiceAwareRecordPath.compileForReading(fieldPath(name))).toList());
        }
        // a key rule naming a role these records do not have does not apply to them, and the roles attribute says so
        final List<KeyRule> keyRules = new ArrayList<>();
        final List<String> unused = new ArrayList<>();
        if (keyRulesText != null) {
            for (final String rule : keyRulesText.split(";")) {
                if (rule.isBlank()) {
                    continue;
                }
                try {
                    keyRules.addAll(KeyRule.parseAll(rule, fields));
                } catch (final IllegalArgumentException e) {
                    unused.add(rule.trim());
                }
            }
        }
        final String description = recognised.describe() + (keyRules.isEmpty() ? "" : "; key rules " + keyRules)
                + (unused.isEmpty() ? "" : "; key rules not applied (a field is not in these records): " + unused);
        return new Plan(new Matcher(fields, settings, phoneRegion, keyRules), paths, description);
    }

    /**
     * The RecordPath of a top-level field by its name, quoted when it is not a plain identifier. RecordPath cannot quote a
     * name holding a backslash (it reads {@code /'Email\'} as an unterminated quote), so such a field is selected by a
     * regular expression on its name, every character but letters and digits escaped.
     */
    static String fieldPath(final String fieldName) {
        if (PLAIN_FIELD_NAME.matcher(fieldName).matches()) {
            return "/" + fieldName;
        }
        if (fieldName.indexOf('\\') < 0) {
            return "/'" + fieldName.replace("'", "\\'") + "'";
        }
        final StringBuilder pattern = new StringBuilder(fieldName.length() * 2);
        fieldName.codePoints().forEach(codePoint -> {
            if (codePoint == '\'') {
                // RecordPath's own escape: the expression receives a plain quote, which a regular expression matches as is
                pattern.append("\\'");
            } else {
                if (!Character.isLetterOrDigit(codePoint)) {
                    pattern.append('\\');
                }
                pattern.appendCodePoint(codePoint);
            }
        });
        return "/*[matchesRegex(fieldName(.), '" + pattern + "')]";
    }

    private static int roleOrder(final String propertyName) {
        return Role.fromKey(propertyName).map(Enum::ordinal).orElse(Integer.MAX_VALUE);
    }

    @Override
    protected Relationship getEmptyInputRelationship() {
        return REL_UNMATCHED;
    }

    @Override
    protected String getCounterAttributePrefix() {
        return "crm.match.";
    }

    @Override
    protected List<String> getCounterNames() {
        return COUNTER_NAMES;
    }

    /** The entity store and the fields a record gets with it. */
    private record StoreSettings(EntityStoreService service, MatchScope scope, List<ChoiceAwareRecordPath> sourceIdPaths, List<ChoiceAwareRecordPath> goldenIdPaths,
                                 RecordField statusField, RecordField candidateField, RecordField crossReferenceField, String decisionField) {
    }

    /** The matcher of one configuration and the RecordPaths of each of its fields. */
    private record Plan(Matcher matcher, List<List<ChoiceAwareRecordPath>> paths, String description) {
    }

    /** Reads the comparison keys of the records of one FlowFile, reusing its value list and consumer across records. */
    private static final class KeyReader {
        /** How deep lists in lists are read for a role's values. */
        private static final int MAXIMUM_LIST_DEPTH = 8;
        private final Matcher matcher;
        private final ChoiceAwareRecordPath[][] paths;
        /** The role (property) of each slot, named in the reason of a path that selects nothing by how it is written. */
        private final String[] roles;
        /** The key kind of each slot, which says how a number the reader typed is read. */
        private final KeyKind[] kinds;
        /** The values read of the record being keyed, each with the name of the field it was selected from. */
        private final RecordValues values;
        /** The slot being read, and the key kind of its role. */
        private int slot;
        private KeyKind kind;
        /** The name of the field the value being added was selected from (a list's elements are of its field). */
        private String fieldName;
        private final Consumer<FieldValue> collector = this::addValue;

        private KeyReader(final Plan plan) {
            this.matcher = plan.matcher();
            this.values = matcher.newRecordValues();
            this.paths = new ChoiceAwareRecordPath[plan.paths().size()][];
            this.roles = new String[paths.length];
            this.kinds = new KeyKind[paths.length];
            for (int slot = 0; slot < paths.length; slot++) {
                paths[slot] = plan.paths().get(slot).toArray(new ChoiceAwareRecordPath[0]);
                roles[slot] = matcher.getFields().get(slot).name();
                final Role role = matcher.getFields().get(slot).role();
                kinds[slot] = role == null ? KeyKind.FOLDED : role.getKeyKind();
            }
        }

        /** The record's keys, as the matcher keys its values: a company identifier read by its field's name and record's country too. */
        String[] keys(final Record record) {
            values.clear();
            // the country first, as before: of two paths that cannot read a record, the country's is named
            final int countrySlot = matcher.countrySlot();
            if (countrySlot >= 0) {
                read(record, countrySlot);
            }
            for (int other = 0; other < paths.length; other++) {
                if (other != countrySlot) {
                    read(record, other);
                }
            }
            return matcher.keys(values);
        }

        /** Reads the values of a slot into {@link #values}. */
        private void read(final Record record, final int slotToRead) {
            slot = slotToRead;
            kind = kinds[slotToRead];
            for (final ChoiceAwareRecordPath path : paths[slotToRead]) {
                // a path that cannot read the role fails the FlowFile (RecordSource names the record) instead of comparing it as missing
                path.selectOrExplain(record, roles[slotToRead]).forEach(collector);
            }
        }

        private void addValue(final FieldValue selected) {
            final RecordField field = selected.getField();
            fieldName = field == null ? null : field.getFieldName();
            add(selected.getValue(), 0);
        }

        /**
         * Adds the values a selected value holds: a list's values (a list in a list flattened, up to
         * {@value #MAXIMUM_LIST_DEPTH} deep), a scalar's text; an object (a nested record or a map) is no value of a role,
         * so it is missing: its text would be the reader's rendering of its fields (and a list's, an identity hash that
         * changes from run to run).
         */
        private void add(final Object value, final int depth) {
            if (value == null || value instanceof Record || value instanceof Map<?, ?>) {
                return;
            }
            if (value instanceof Object[] array) {
                if (depth < MAXIMUM_LIST_DEPTH) {
                    for (final Object element : array) {
                        add(element, depth + 1);
                    }
                }
                return;
            }
            if (value instanceof Collection<?> collection) {
                if (depth < MAXIMUM_LIST_DEPTH) {
                    for (final Object element : collection) {
                        add(element, depth + 1);
                    }
                }
                return;
            }
            if (value instanceof java.sql.Date date) {
                values.add(slot, date.toLocalDate().toString(), fieldName);
            } else if (value instanceof java.sql.Time time) {
                // a time of day has no instant (toInstant throws): compared as the time it is
                values.add(slot, TimesOfDay.text(time), fieldName);
            } else if (value instanceof java.util.Date date) {
                values.add(slot, LocalDate.ofInstant(date.toInstant(), ZoneOffset.UTC).toString(), fieldName);
            } else {
                addText(value);
            }
        }

        /**
         * Adds the text of a value; a number the reader typed as {@link TypedNumbers} reads it, so that a float or double
         * that lost digits is missing rather than one key for several numbers, and a date's epoch number is a date.
         */
        private void addText(final Object value) {
            final String text = value instanceof Number number ? TypedNumbers.text(kind, number) : value == null ? null : value.toString();
            if (text != null) {
                values.add(slot, text, fieldName);
            }
        }
    }

    /**
     * The records of a FlowFile that a path of the configuration selects nothing in by how it is written, by position, with
     * the reason: they are left out of the index or batch, so the others are numbered there without them.
     */
    private static final class FailedRecords {
        private final RecordField errorsField;
        /** The reasons by position; empty in the usual FlowFile, so no record's position is boxed to look it up. */
        private final Map<Long, String> reasons = new HashMap<>();
        /** On the second pass: the failed records passed so far. */
        private long passed;

        private FailedRecords(final RecordField errorsField) {
            this.errorsField = errorsField;
        }

        void add(final long position, final String reason) {
            reasons.put(position, reason);
        }

        long count() {
            return reasons.size();
        }

        /** On the first pass, before the record at the position is added or failed: its number in the index or batch. */
        int numberWhileReading(final long position) {
            return (int) (position - reasons.size());
        }

        /**
         * On the second pass, in order of position: the record's number in the index or batch; or, for a record that
         * failed, -1 once it is routed to failure with its reason.
         */
        int numberOrRouteToFailure(final long position, final Record record, final RoutedRecordWriter output) throws IOException {
            final String reason = reasons.isEmpty() ? null : reasons.get(position);
            if (reason == null) {
                return (int) (position - passed);
            }
            passed++;
            output.fail(REL_FAILURE, errorsField, record, reason);
            return -1;
        }
    }

    /** No field plays a role: the FlowFile cannot be matched. */
    private static final class NoRolesException extends RuntimeException {
        private NoRolesException(final String message) {
            super(message);
        }
    }
}
