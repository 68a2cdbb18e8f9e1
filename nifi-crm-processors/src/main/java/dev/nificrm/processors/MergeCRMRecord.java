package dev.nificrm.processors;

import dev.nificrm.mapping.ExportDates;
import dev.nificrm.merge.GroupAssembler;
import dev.nificrm.merge.Member;
import dev.nificrm.merge.MultiSelectFields;
import dev.nificrm.merge.SourcePriority;
import dev.nificrm.merge.SurvivorshipRule;
import dev.nificrm.merge.SyncDecision;
import dev.nificrm.merge.SyncInput;
import dev.nificrm.merge.SyncPolicy;
import dev.nificrm.merge.SyncResolver;
import dev.nificrm.merge.SyncSnapshot;
import dev.nificrm.merge.SystemTimestamps;
import dev.nificrm.merge.ThreeWayMerge;
import dev.nificrm.merge.TimestampText;
import dev.nificrm.merge.UnionFormat;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.record.RecordPathList;
import dev.nificrm.record.RecordProcessingException;
import dev.nificrm.record.RecordSource;
import dev.nificrm.record.RetryableException;
import dev.nificrm.record.RoutedRecordWriter;
import dev.nificrm.record.UnselectablePathException;
import dev.nificrm.roles.FieldRoles;
import dev.nificrm.roles.Role;
import dev.nificrm.services.EntityStoreService;
import dev.nificrm.store.EntityStoreException;
import dev.nificrm.store.GoldenIds;
import dev.nificrm.store.SourceIds;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.SystemResource;
import org.apache.nifi.annotation.behavior.SystemResourceConsideration;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.MultiProcessorUseCase;
import org.apache.nifi.annotation.documentation.ProcessorConfiguration;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.context.PropertyContext;
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
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The NiFi adapter of the merge core, in two modes. Golden records ({@link dev.nificrm.merge.GoldenRecordPlan}): reads
 * the FlowFile twice, first to count the records of each group, then to hand each record to its group and write a
 * group's golden record as soon as its last member has arrived; a group of one streams straight through. Three-way sync
 * ({@link ThreeWayMerge}): reads the FlowFile once, in parts; the {@link SyncResolver} decides each part against the
 * snapshots in the Entity Store and its records are routed; the snapshots change when the session commits.
 */
@SupportsBatching
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"crm", "record", "merge", "golden record", "survivorship", "master data", "mdm", "deduplicate", "lineage", "sync", "two-way sync",
        "three-way merge", "conflict"})
@CapabilityDescription("Merges the records of one customer. Golden Records: the records sharing the Group Field (crm_match_id, as "
        + "MatchCRMRecord sets it) become one golden record whose every field is chosen by a survivorship rule (most recent, source "
        + "priority, most complete, most frequent, longest, shortest, max, min, oldest or union), set per field (dynamic property: "
        + "rule = RecordPaths) or by the field's role (emails and phones gather every value, names the fullest...), with the lineage of "
        + "every value. Three-Way Sync: a record arriving from one system is merged field by field into another system's copy, with "
        + "the last synced snapshots of the Entity Store as the base: changes on one side are taken, conflicts settled by a policy or "
        + "routed with a field-level diff, deletes by a policy, and the sync's own writes coming back are recognised, so a two-way sync "
        + "never loops.")
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "The number of records in the outgoing FlowFile"),
        @WritesAttribute(attribute = "mime.type", description = "The MIME type of the Record Writer"),
        @WritesAttribute(attribute = "crm.merge.golden.count", description = "Golden Records: golden records written for the input"),
        @WritesAttribute(attribute = "crm.merge.merged.count", description = "Golden Records: input records merged into golden records of two "
                + "or more records. Three-Way Sync: records whose merged state is written to the target"),
        @WritesAttribute(attribute = "crm.merge.single.count", description = "Golden Records: input records that are their own golden record"),
        @WritesAttribute(attribute = "crm.merge.conflict.count", description = "Three-Way Sync: records routed to conflict"),
        @WritesAttribute(attribute = "crm.merge.unchanged.count", description = "Three-Way Sync: records the target already has"),
        @WritesAttribute(attribute = "crm.merge.echo.count", description = "Three-Way Sync: of those, the sync's own writes coming back"),
        @WritesAttribute(attribute = "crm.merge.write-back.count", description = "Three-Way Sync: merged records written back to the source"),
        @WritesAttribute(attribute = "crm.merge.failure.count", description = "Input records routed to failure, each with its reason"),
        @WritesAttribute(attribute = "record.error.message", description = "On failure of the whole FlowFile, why it could not be merged")
})
@DynamicProperty(name = "A survivorship rule: most_recent, source_priority, most_complete, most_frequent, longest, shortest, max, min, oldest, "
        + "same_record, union",
        value = "One or more comma-separated RecordPaths of top-level fields, e.g. /Email, /Phone",
        description = "Golden Records: chooses the golden value of each field named by the rule; fields no rule property names take the "
                + "Default Survivorship Rule.")
@SystemResourceConsideration(resource = SystemResource.MEMORY, description = "Golden Records: the records of a group are held until its last "
        + "record has been read, then merged and released; records without duplicates are not held. The memory needed grows with the "
        + "records of groups of two or more whose members are far apart in the FlowFile (at most all of them), plus 12 bytes per distinct "
        + "group. Three-Way Sync: the records are decided and routed in parts of 5,000, so one part is held (about 5 KB a record with ten "
        + "compared fields), whatever the FlowFile's size. Either mode keeps a small layout for each input schema it has seen (at most 64, "
        + "the least recently used let go), until the processor is stopped.")
@SeeAlso(classNames = {"dev.nificrm.processors.MatchCRMRecord", "dev.nificrm.processors.CleanCRMRecord", "dev.nificrm.processors.MapCRMRecord",
        "dev.nificrm.services.EmbeddedEntityStore", "dev.nificrm.services.PostgreSQLEntityStore"})
@UseCase(
        description = "Turn the duplicates MatchCRMRecord found into one import-ready golden record per customer, with the lineage of every value.",
        keywords = {"golden record", "survivorship", "merge duplicates", "deduplicate", "crm migration", "master data"},
        configuration = """
                Put MergeCRMRecord after MatchCRMRecord and connect both "matched" and "unmatched" to it (records sharing
                crm_match_id are one customer; a record alone is its own golden record).
                Set "Record Reader" and "Record Writer". Keep "Group Field" at /crm_match_id.
                Set "Source ID Field" to the records' id (/Id) and "Source System" to the export's system (salesforce), or
                "Source System Field" when the records come from several systems, and "Timestamp Field" (/LastModifiedDate)
                so that the most recent address wins. When the systems write their times as local text in their own ways,
                give each its pattern in "System Timestamp Formats" (zoho=MM/dd/yyyy HH:mm:ss, dynamics=yyyy-MM-dd HH:mm:ss,
                one a line) and its zone in "System Timestamp Time Zones" (zoho=Europe/Berlin, dynamics=America/New_York).
                Keep "Default Survivorship Rule" at "Role Defaults" (emails and phones gathered, names the most complete,
                addresses the most recent, birth dates the most frequent) and add rule properties where a field needs
                another rule, e.g. "source_priority" = "/OwnerId" with "Source Priority" = "salesforce, hubspot".
                Connect "merged" to the loader: one record per customer, crm_lineage says where each value came from and
                crm_merged_ids which records were merged.
                """)
@UseCase(
        description = "Sync customers both ways between two CRMs without loops, lost edits or deleted records coming back.",
        keywords = {"two-way sync", "bidirectional", "three-way merge", "conflict", "echo suppression", "salesforce", "hubspot"},
        configuration = """
                In each direction (e.g. Salesforce to HubSpot): read the changed records, map them to the common layout,
                match them with MatchCRMRecord and an Entity Store (it sets crm_match_id to the golden id), then merge.
                Set "Merge Mode" to "Three-Way Sync", "Entity Store" to the same service as MatchCRMRecord,
                "Source System" to ${crm.source.system} and "Target System" to ${crm.target.system} (the same names
                MatchCRMRecord uses), "Timestamp Field" to the last-modified field and "Deleted Field" to the tombstone
                flag (/IsDeleted).
                When a CRM writes its times in another way than ISO-8601 (Zoho's CSV export: 03/01/2024 10:00:00), set
                "Timestamp Format" to its pattern (MM/dd/yyyy HH:mm:ss) and "Timestamp Time Zone" to the zone of its times;
                when the two CRMs write them differently, give each its own in "System Timestamp Formats"
                (zoho=MM/dd/yyyy HH:mm:ss, dynamics=yyyy-MM-dd HH:mm:ss, one a line) and "System Timestamp Time Zones"
                (zoho=Europe/Berlin, dynamics=America/New_York).
                Choose "Conflict Policy" (route to conflict, source priority, most recent, prefer a system unless blank)
                and "Delete Policy"; list system fields each CRM sets itself in "Ignored Fields" (/CreatedDate).
                Set "Duplicate Row Policy" to "Route to Conflict" with "Source ID Field" (/Id) and "Golden ID Field" (the
                external id field holding the golden id), so that a CRM's second row of a customer goes to a person to
                merge the two rows instead of syncing, and its deletion deletes nothing in the other CRM (nor does the
                deletion of the customer's own row when the person keeps the second one: the customer is handed over).
                Connect "merged" to the target's loader (upsert or delete by crm_sync_operation, the target's id in
                crm_sync_row, or the golden id as an external id when it is empty), "write-back" to the source's loader, "conflict" to a person (crm_conflict shows base,
                incoming and current per field), and auto-terminate "unchanged".
                """)
@MultiProcessorUseCase(
        description = "Migrate contacts from one CRM to another: clean, map, find the duplicates and merge them into one golden record "
                + "per customer.",
        keywords = {"crm migration", "clean map match merge", "golden record", "deduplicate", "salesforce", "hubspot", "dynamics", "zoho"},
        configurations = {
                @ProcessorConfiguration(processorClassName = "dev.nificrm.processors.CleanCRMRecord", configuration = """
                        Set the Record Reader for the source export and the Record Writer to JSON.
                        Add dynamic properties for the roles to normalise, e.g. "phone" = "/Phone", "email" = "/Email".
                        Connect "success" to MapCRMRecord and "invalid" to a review queue (crm_errors says why).
                        """),
                @ProcessorConfiguration(processorClassName = "dev.nificrm.processors.MapCRMRecord", configuration = """
                        Map the cleaned records to the target CRM's fields (a preset or a mapping specification).
                        Connect "success" to MatchCRMRecord and "invalid" to a review queue.
                        """),
                @ProcessorConfiguration(processorClassName = "dev.nificrm.processors.MatchCRMRecord", configuration = """
                        Add a dynamic property per role with the target CRM's field names, e.g. "first_name" = "/FirstName",
                        "last_name" = "/LastName", "email" = "/Email", "phone" = "/Phone, /MobilePhone".
                        Connect "matched" and "unmatched" to MergeCRMRecord (records sharing crm_match_id are one person) and
                        "review" to a person.
                        """),
                @ProcessorConfiguration(processorClassName = "dev.nificrm.processors.MergeCRMRecord", configuration = """
                        Keep the Group Field at /crm_match_id and the Default Survivorship Rule at Role Defaults; set the Source
                        ID Field to the target's id field, the Source System to the source CRM and the Timestamp Field to the
                        last-modified field.
                        Connect "merged" to the loader: one import-ready record per customer with crm_lineage and crm_merged_ids.
                        """)
        })
public class MergeCRMRecord extends AbstractCRMRecordProcessor {

    static final Validator SYSTEM_LIST_VALIDATOR = (subject, input, context) -> {
        final boolean valid = input != null && !SourcePriority.parse(input).systems().isEmpty();
        return new ValidationResult.Builder().subject(subject).input(input).valid(valid)
                .explanation(valid ? null : "must list one or more system names separated by commas, e.g. salesforce, hubspot").build();
    };

    public static final PropertyDescriptor MERGE_MODE = new PropertyDescriptor.Builder()
            .name("Merge Mode")
            .description("What the records of one customer are merged into")
            .required(true)
            .allowableValues(MergeMode.class)
            .defaultValue(MergeMode.GOLDEN_RECORDS)
            .build();

    public static final PropertyDescriptor GROUP_FIELD = new PropertyDescriptor.Builder()
            .name("Group Field")
            .description("A RecordPath to the field whose value the records of one customer share: the golden id or cluster id MatchCRMRecord "
                    + "writes. Golden Records: a record without a value is a group of its own. Three-Way Sync: the golden id of the Entity "
                    + "Store; a record without one goes to failure.")
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
            .description("A RecordPath to the record's id in its system, e.g. /Id (several, comma-separated: the first with a value, e.g. "
                    + "/external_id, /Id): lineage and merged ids name records as system:id "
                    + "(a record without one by its number in the FlowFile, #12). Three-Way Sync: not compared (each system has its own ids); "
                    + "it tells a customer's rows in one system apart (Duplicate Row Policy).")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .build();

    public static final PropertyDescriptor TIMESTAMP_FIELD = new PropertyDescriptor.Builder()
            .name("Timestamp Field")
            .description("A RecordPath to when the record last changed, e.g. /LastModifiedDate (several, comma-separated: the first with a "
                    + "value): most_recent and oldest compare it, and ties "
                    + "between records are broken in its favour; Three-Way Sync: the Most Recent policy compares it, and it tells a record "
                    + "read before the sync's last write to its system from one read after. ISO-8601 text, dates, timestamps or epoch "
                    + "numbers as CleanCRMRecord reads them (10 digits: seconds, 13: milliseconds, 8: a date yyyyMMdd; other counts are no time); "
                    + "text without an offset is UTC; text in the Timestamp Format as it says. A record whose value cannot be read as a time goes "
                    + "to failure.")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .build();

    public static final PropertyDescriptor TIMESTAMP_FORMAT = new PropertyDescriptor.Builder()
            .name("Timestamp Format")
            .description("The format of times written as text in another way than ISO-8601, as a java.time pattern, e.g. MM/dd/yyyy HH:mm:ss "
                    + "(the Zoho presets' Created_Time and Modified_Time, as Zoho imports them and exports them as CSV), or a SQL CRM's local "
                    + "yyyy-MM-dd HH:mm:ss; its text without an offset is a local time in the Timestamp Time Zone. Text in it is read by it, "
                    + "other values as ISO-8601 and as the Timestamp Field says: for the Timestamp Field in both modes (Three-Way Sync: every "
                    + "record's, a tombstone's too, so Most Recent and the time of the sync's last write compare it), and in Golden Records for "
                    + "the dates max and min compare (min on Created_Time: the earliest date, not the smallest text); for the systems the "
                    + "System Timestamp Formats do not list. Values are written as they were read. Empty: ISO-8601 only.")
            .required(false)
            .addValidator(CRMValidators.readBy(TimestampText::of))
            .build();

    public static final PropertyDescriptor TIMESTAMP_TIME_ZONE = new PropertyDescriptor.Builder()
            .name("Timestamp Time Zone")
            .description("The time zone of times in the Timestamp Format without an offset (a CRM export in its user's local time), e.g. "
                    + "America/New_York or Europe/Amsterdam, which know their summer time. Empty: UTC. ISO-8601 text that the Timestamp "
                    + "Format does not read is UTC when it has no offset, whatever this says.")
            .required(false)
            .addValidator(CRMValidators.readBy(ExportDates::zone))
            .dependsOn(TIMESTAMP_FORMAT)
            .build();

    public static final PropertyDescriptor SYSTEM_TIMESTAMP_FORMATS = new PropertyDescriptor.Builder()
            .name("System Timestamp Formats")
            .description("The Timestamp Format of each CRM that writes its times in its own way, as system=pattern, one a line (or "
                    + "separated by semicolons), e.g. zoho=MM/dd/yyyy HH:mm:ss and dynamics=yyyy-MM-dd HH:mm:ss. The system is the record's "
                    + "Source System Field, else the Source System (compared ignoring case). A listed system's times are read in its pattern, "
                    + "then as ISO-8601; a system not listed as the Timestamp Format says. Three-Way Sync: the Timestamp Field. Golden "
                    + "Records (several CRMs' exports merged): the Timestamp Field, which most_recent and oldest compare, and the dates max "
                    + "and min compare. Empty: every system as the Timestamp Format says.")
            .required(false)
            .addValidator(CRMValidators.readBy(MergeCRMRecord::systemPatterns))
            .build();

    public static final PropertyDescriptor SYSTEM_TIMESTAMP_TIME_ZONES = new PropertyDescriptor.Builder()
            .name("System Timestamp Time Zones")
            .description("The Timestamp Time Zone of each CRM whose times without an offset are local times of its own zone, as "
                    + "system=zone, one a line (or separated by semicolons), e.g. zoho=Europe/Berlin and dynamics=America/New_York, in both "
                    + "modes as the System Timestamp Formats. It applies to the system's pattern (its System Timestamp Format, else the "
                    + "Timestamp Format), which it needs. A system not listed takes the Timestamp Time Zone (UTC when the Timestamp Format "
                    + "is empty).")
            .required(false)
            .addValidator(CRMValidators.readBy(MergeCRMRecord::systemZones))
            .build();

    public static final PropertyDescriptor SAME_RECORD_FIELD = new PropertyDescriptor.Builder()
            .name("Same Record Field")
            .description("A RecordPath to the field whose winning record the same_record fields take their values from, e.g. /CreatedDate "
                    + "taken by min: the golden record carries the id (same_record: /Id) and the created date of the record created first. "
                    + "Several, comma-separated: the first the records' schema has (one per target layout). Where the winning record has no "
                    + "value of a same_record field, or no record has a value of this one, the field takes the oldest record's value.")
            .required(false)
            .addValidator(MergeCRMRecord::topLevelFields)
            .dependsOn(MERGE_MODE, MergeMode.GOLDEN_RECORDS)
            .build();

    public static final PropertyDescriptor SOURCE_PRIORITY = new PropertyDescriptor.Builder()
            .name("Source Priority")
            .description("The systems in the order their values are preferred, comma-separated, e.g. salesforce, hubspot: the source_priority "
                    + "rule takes the first listed system's value, and every other rule breaks ties in this order. Systems not listed come "
                    + "after. Three-Way Sync: the Source Priority conflict policy ranks the two systems by it.")
            .required(false)
            .addValidator(SYSTEM_LIST_VALIDATOR)
            .build();

    public static final PropertyDescriptor DEFAULT_SURVIVORSHIP_RULE = new PropertyDescriptor.Builder()
            .name("Default Survivorship Rule")
            .description("The rule of every field no rule property names")
            .required(true)
            .allowableValues(DefaultSurvivorship.class)
            .defaultValue(DefaultSurvivorship.ROLE_DEFAULTS)
            .dependsOn(MERGE_MODE, MergeMode.GOLDEN_RECORDS)
            .build();

    public static final PropertyDescriptor UNION_OUTPUT = new PropertyDescriptor.Builder()
            .name("Union Output")
            .description("How the union rule writes the distinct values it gathers")
            .required(true)
            .allowableValues(UnionOutput.class)
            .defaultValue(UnionOutput.DELIMITED)
            .dependsOn(MERGE_MODE, MergeMode.GOLDEN_RECORDS)
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

    public static final PropertyDescriptor MERGED_IDS_FIELD = new PropertyDescriptor.Builder()
            .name("Merged IDs Field")
            .description("The field added to every golden record with the records merged into it, as system:id, preferred record first")
            .required(true)
            .defaultValue("crm_merged_ids")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(MERGE_MODE, MergeMode.GOLDEN_RECORDS)
            .build();

    public static final PropertyDescriptor ENTITY_STORE = new PropertyDescriptor.Builder()
            .name("Entity Store")
            .description("The entity store MatchCRMRecord gives the golden ids from: it keeps, per customer and system, the snapshot of what the "
                    + "sync last read from or wrote to that system, the base of the three-way merge")
            .required(true)
            .identifiesControllerService(EntityStoreService.class)
            .dependsOn(MERGE_MODE, MergeMode.THREE_WAY_SYNC)
            .build();

    public static final PropertyDescriptor TARGET_SYSTEM = new PropertyDescriptor.Builder()
            .name("Target System")
            .description("The system the merged records are written to, e.g. hubspot or ${crm.target.system}: its snapshot is the current "
                    + "state the incoming records are merged into. Use the names MatchCRMRecord's Source System uses.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(MERGE_MODE, MergeMode.THREE_WAY_SYNC)
            .build();

    public static final PropertyDescriptor CONFLICT_POLICY = new PropertyDescriptor.Builder()
            .name("Conflict Policy")
            .description("How a field changed in both systems to different values since they were last in sync is settled")
            .required(true)
            .allowableValues(SyncConflictPolicy.class)
            .defaultValue(SyncConflictPolicy.ROUTE_TO_CONFLICT)
            .dependsOn(MERGE_MODE, MergeMode.THREE_WAY_SYNC)
            .build();

    public static final PropertyDescriptor PREFERRED_SYSTEM = new PropertyDescriptor.Builder()
            .name("Preferred System")
            .description("The system whose value wins a conflict unless it is empty, e.g. salesforce")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(CONFLICT_POLICY, SyncConflictPolicy.PREFER_SYSTEM)
            .build();

    public static final PropertyDescriptor DELETED_FIELD = new PropertyDescriptor.Builder()
            .name("Deleted Field")
            .description("A RecordPath to the field that marks a deleted record (a tombstone), e.g. /IsDeleted: true, yes, 1 or deleted. "
                    + "Merged records get it set, and crm_sync_operation says delete.")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .dependsOn(MERGE_MODE, MergeMode.THREE_WAY_SYNC)
            .build();

    public static final PropertyDescriptor DELETE_POLICY = new PropertyDescriptor.Builder()
            .name("Delete Policy")
            .description("How a record deleted in one system and changed in the other since they were last in sync is settled; a delete of a "
                    + "record the other system did not change is always applied")
            .required(true)
            .allowableValues(SyncDeletePolicy.class)
            .defaultValue(SyncDeletePolicy.ROUTE_TO_CONFLICT)
            .dependsOn(DELETED_FIELD)
            .build();

    public static final PropertyDescriptor DUPLICATE_ROW_POLICY = new PropertyDescriptor.Builder()
            .name("Duplicate Row Policy")
            .description("What a record from a second row of one customer in one system does: two rows the Entity Store knows to be the same "
                    + "customer (a duplicate entered by hand, or two customers the store merged after both were synced). Route to Conflict "
                    + "needs the Source ID Field: the row's id in its system")
            .required(true)
            .allowableValues(SyncDuplicateRowPolicy.class)
            .defaultValue(SyncDuplicateRowPolicy.SYNC_EVERY_ROW)
            .dependsOn(MERGE_MODE, MergeMode.THREE_WAY_SYNC)
            .build();

    public static final PropertyDescriptor GOLDEN_ID_FIELD = new PropertyDescriptor.Builder()
            .name("Golden ID Field")
            .description("A RecordPath to the field in which the Source System keeps the customer's golden id (an external id column the "
                    + "sync writes it into, e.g. /external_id): not compared. A row carrying its customer's golden id (also in capitals or in "
                    + "braces, as SQL Server and Dynamics 365 give GUIDs back) is the customer's "
                    + "row in that system for the Duplicate Row Policy, being the row a write by golden id lands in; without it, the first "
                    + "row read there is.")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .dependsOn(DUPLICATE_ROW_POLICY, SyncDuplicateRowPolicy.ROUTE_TO_CONFLICT)
            .build();

    public static final PropertyDescriptor IGNORED_FIELDS = new PropertyDescriptor.Builder()
            .name("Ignored Fields")
            .description("RecordPaths of top-level fields neither compared nor synced, besides the bookkeeping ones (crm_..., and the Group, "
                    + "Source System, Source ID, Timestamp and Deleted fields): fields each system sets itself, e.g. /CreatedDate, /OwnerId")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .dependsOn(MERGE_MODE, MergeMode.THREE_WAY_SYNC)
            .build();

    public static final PropertyDescriptor MULTI_SELECT_FIELDS = new PropertyDescriptor.Builder()
            .name("Multi-Select Fields")
            .description("RecordPaths of top-level fields holding a multi-select picklist, e.g. /Interests__c: their options are compared as a "
                    + "set (Golf;Tennis and Tennis;Golf, as a CRM may return them, are one value, not an edit), and options added or removed "
                    + "in both systems since they were last in sync are all applied instead of being a conflict. Options are written in the order "
                    + "the system whose value won gave them (merged from both: the incoming record's order, then the other system's additions), "
                    + "and a conflict's diff quotes each system's options in the order it gave them. "
                    + "Text is split at the Multi-Select Delimiter; a list (an array field) is a list of options. Name the same fields in "
                    + "ReconcileCRMRecord's Multi-Select Fields")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .dependsOn(MERGE_MODE, MergeMode.THREE_WAY_SYNC)
            .build();

    public static final PropertyDescriptor MULTI_SELECT_DELIMITER = new PropertyDescriptor.Builder()
            .name("Multi-Select Delimiter")
            .description("What separates the options of a Multi-Select Field held as text: ; as Salesforce and HubSpot write them")
            .required(true)
            .defaultValue(";")
            .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
            .dependsOn(MULTI_SELECT_FIELDS)
            .build();

    public static final PropertyDescriptor CONFLICT_FIELD = new PropertyDescriptor.Builder()
            .name("Conflict Field")
            .description("The field added to a record routed to conflict with the field-level diff: per field its value when last in sync, "
                    + "the incoming record's and the target's, e.g. Email: base \"bob@x.com\", salesforce \"rob@x.com\", hubspot \"robert@y.com\"")
            .required(true)
            .defaultValue("crm_conflict")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(MERGE_MODE, MergeMode.THREE_WAY_SYNC)
            .build();

    public static final PropertyDescriptor SYNC_OPERATION_FIELD = new PropertyDescriptor.Builder()
            .name("Sync Operation Field")
            .description("The field added to merged and written-back records with what the loader does: upsert or delete")
            .required(true)
            .defaultValue("crm_sync_operation")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(MERGE_MODE, MergeMode.THREE_WAY_SYNC)
            .build();

    public static final PropertyDescriptor SYNC_VERSION_FIELD = new PropertyDescriptor.Builder()
            .name("Sync Version Field")
            .description("The field added to merged and written-back records with the version of the customer's snapshot in the system the record "
                    + "is written to: it rises with every decision for that customer and system, in the order the entity store took them. A loader "
                    + "that never lets a lower version overwrite a higher one (e.g. a version column guarded by a trigger) keeps a newer decision "
                    + "written by one node from being overwritten by an older one that another node writes later")
            .required(true)
            .defaultValue("crm_sync_version")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(MERGE_MODE, MergeMode.THREE_WAY_SYNC)
            .build();

    public static final PropertyDescriptor READ_SYNC_VERSION_FIELD = new PropertyDescriptor.Builder()
            .name("Read Sync Version Field")
            .description("A RecordPath to the version of the sync's last write that the record's row holds, as read from the Source System: "
                    + "the Sync Version Field a write carried, which the row keeps and gives back (e.g. a sync_version column the loader "
                    + "writes and a person's edit leaves as it is, as in the sample SQL CRMs; a custom field in a CRM). Not compared. With it, "
                    + "a record carrying the version of an earlier write of the sync to its row, decided before a later write there was "
                    + "read back, and that write's values is that write landed late: the sync's own echo, not a person's edit back to "
                    + "its values (a person's edit after the later write landed carries the later version). Empty, or a record holding no "
                    + "version: a write's echo is told by its values and time alone. A value that is no whole number goes to failure.")
            .required(false)
            .addValidator(RecordPathList.VALIDATOR)
            .dependsOn(MERGE_MODE, MergeMode.THREE_WAY_SYNC)
            .build();

    public static final PropertyDescriptor SYNC_ROW_FIELD = new PropertyDescriptor.Builder()
            .name("Sync Row Field")
            .description("The field added to merged and written-back records with the id of the customer's row in the system the record is "
                    + "written to: the row the sync writes through there (the row keeping the golden id, or the first row the sync read there; "
                    + "see Duplicate Row Policy). Empty while the sync has not read a row of the customer in that system: the first write "
                    + "inserts it; empty too when the customer's row there is deleted and the write brings the customer back (a CRM refuses a "
                    + "write to a deleted row): the loader inserts a new row, which, read back, is the customer's row from then on. A loader that updates by the system's own id uses it rather than the cross-reference's oldest id, which "
                    + "can be a second row or a row merged away")
            .required(true)
            .defaultValue("crm_sync_row")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(MERGE_MODE, MergeMode.THREE_WAY_SYNC)
            .build();

    public static final PropertyDescriptor INCLUDE_LINEAGE = new PropertyDescriptor.Builder()
            .name("Include Lineage")
            .description("Whether merged records get the Lineage Field")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();

    public static final PropertyDescriptor LINEAGE_FIELD = new PropertyDescriptor.Builder()
            .name("Lineage Field")
            .description("The field added to every merged record saying where its values came from. Golden Records: per field, the record "
                    + "(system:id) and the rule, e.g. {\"Email\": \"salesforce:003A01, hubspot:901 (union)\", \"Phone\": \"hubspot:901 "
                    + "(most_recent)\"}, leaving out empty fields and the bookkeeping fields starting with crm_; empty on a golden record of one record, "
                    + "whose values are all its own. Three-Way Sync: per field "
                    + "not simply taken from the incoming record, or changed in the target, which system it came from and why.")
            .required(true)
            .defaultValue("crm_lineage")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(INCLUDE_LINEAGE, "true")
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
            .description("Golden Records: one golden record per group of records sharing the Group Field, a record without duplicates as its "
                    + "own. Three-Way Sync: the merged record to write to the Target System (crm_sync_operation: upsert or delete)")
            .build();

    public static final Relationship REL_WRITE_BACK = new Relationship.Builder()
            .name("write-back")
            .description("Three-Way Sync: the merged record to write back to the record's own system, which lacks part of it (a change "
                    + "made only in the target, a conflict the target won, a delete that lost); a copy, the input record is on merged or unchanged")
            .build();

    public static final Relationship REL_CONFLICT = new Relationship.Builder()
            .name("conflict")
            .description("Three-Way Sync: records changed in both systems in ways the policies leave to a person, with the diff in the Conflict Field")
            .build();

    public static final Relationship REL_UNCHANGED = new Relationship.Builder()
            .name("unchanged")
            .description("Three-Way Sync: records the target already has, among them the sync's own writes coming back (echoes) and versions "
                    + "of a row older than the one the sync last read; nothing to write")
            .build();

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("The input FlowFile, unchanged, once its records have been merged")
            .autoTerminateDefault(true)
            .build();

    private static final List<String> GOLDEN_COUNTERS = List.of("golden", "merged", "single", RoutedRecordWriter.FAILURE_COUNTER);
    private static final List<String> SYNC_COUNTERS = List.of("merged", "conflict", "unchanged", "echo", "write-back", RoutedRecordWriter.FAILURE_COUNTER);

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(RECORD_READER, RECORD_WRITER, MERGE_MODE, GROUP_FIELD,
            SOURCE_SYSTEM_FIELD, SOURCE_SYSTEM, SOURCE_ID_FIELD, TIMESTAMP_FIELD, TIMESTAMP_FORMAT, TIMESTAMP_TIME_ZONE, SYSTEM_TIMESTAMP_FORMATS,
            SYSTEM_TIMESTAMP_TIME_ZONES, SAME_RECORD_FIELD, SOURCE_PRIORITY,
            DEFAULT_SURVIVORSHIP_RULE, UNION_OUTPUT, UNION_DELIMITER, MERGED_IDS_FIELD, ENTITY_STORE, TARGET_SYSTEM, CONFLICT_POLICY, PREFERRED_SYSTEM, DELETED_FIELD, DELETE_POLICY,
            DUPLICATE_ROW_POLICY, GOLDEN_ID_FIELD, IGNORED_FIELDS, MULTI_SELECT_FIELDS, MULTI_SELECT_DELIMITER, CONFLICT_FIELD, SYNC_OPERATION_FIELD, SYNC_VERSION_FIELD, SYNC_ROW_FIELD,
            READ_SYNC_VERSION_FIELD, INCLUDE_LINEAGE, LINEAGE_FIELD, ERRORS_FIELD, NEUTRALIZE_SPREADSHEET_FORMULAS);

    private static final Set<Relationship> GOLDEN_RELATIONSHIPS = Set.of(REL_MERGED, REL_ORIGINAL, REL_FAILURE);
    private static final Set<Relationship> SYNC_RELATIONSHIPS = Set.of(REL_MERGED, REL_WRITE_BACK, REL_CONFLICT, REL_UNCHANGED, REL_ORIGINAL,
            REL_FAILURE);

    /** Schemas whose layouts are kept (each mode's); beyond this the least recently used is let go. */
    static final int MAXIMUM_CACHED_LAYOUTS = 64;
    /** Three-Way Sync decides and routes a FlowFile's records in parts of this many: the heap holds one part at a time. */
    static final int SYNC_PART_RECORDS = 5_000;

    private volatile Set<Relationship> relationships = GOLDEN_RELATIONSHIPS;
    private volatile MergeMode mode = MergeMode.GOLDEN_RECORDS;
    /** The golden-record settings, compiled when the processor is scheduled. */
    private volatile GoldenLayout.Settings goldenSettings;
    /** The sync settings, compiled when the processor is scheduled in Three-Way Sync mode; null otherwise. */
    private volatile SyncSettings syncSettings;
    private volatile FieldReader groupReader;
    private volatile FieldReader systemReader;
    private volatile RecordField errorsField;
    /** The golden-record layout of each input schema seen, by its fields (names and types). */
    private final BoundedCache<RecordSchema, GoldenLayout> layouts = new BoundedCache<>(MAXIMUM_CACHED_LAYOUTS);
    /**
     * The sync layout of each input schema seen, by its fields: names and types (a layout writes a field the schema types as
     * an array as a list; one FlowFile's schema may give a field as text, the next as an array, to a processor scheduled
     * once: keyed by the names alone, the second reused the first's layout).
     */
    private final BoundedCache<RecordSchema, SyncLayout> syncLayouts = new BoundedCache<>(MAXIMUM_CACHED_LAYOUTS);

    /** The processor as NiFi creates it: decisions are timed by the system clock (UTC). */
    public MergeCRMRecord() {
        super();
    }

    /** A processor on the given clock, e.g. one a test shares with simulated CRMs. */
    public MergeCRMRecord(final Clock clock) {
        super(clock);
    }

    /** What Three-Way Sync needs besides the fields: the store, the merge and the fields it writes. */
    private record SyncSettings(EntityStoreService store, ThreeWayMerge merge, SyncLayout.Settings layout, RecordField conflictField,
                                FieldReader rowReader, FieldReader goldenIdReader, FieldReader versionReader) {
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return relationships;
    }

    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        if (descriptor.equals(MERGE_MODE)) {
            relationships = MergeMode.THREE_WAY_SYNC.getValue().equals(newValue) ? SYNC_RELATIONSHIPS : GOLDEN_RELATIONSHIPS;
        }
    }

    @Override
    protected PropertyDescriptor getSupportedDynamicPropertyDescriptor(final String propertyDescriptorName) {
        final Optional<SurvivorshipRule> rule = SurvivorshipRule.fromKey(propertyDescriptorName);
        return RecordPathList.dynamicPropertyDescriptor(propertyDescriptorName,
                rule.map(value -> "Golden Records: chooses the golden value of the fields at these RecordPaths by the " + value.getKey() + " rule")
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
        return topLevelFields(subject, input, context);
    };

    /** A list of RecordPaths that each name a top-level field. */
    private static ValidationResult topLevelFields(final String subject, final String input, final ValidationContext context) {
        final ValidationResult paths = RecordPathList.VALIDATOR.validate(subject, input, context);
        if (!paths.isValid()) {
            return paths;
        }
        for (final String path : RecordPathList.split(input)) {
            if (FieldReader.topLevelFieldName(path).isEmpty()) {
                return new ValidationResult.Builder().subject(subject).input(input).valid(false).explanation("'" + path
                        + "' is not a top-level field: whole fields are merged, name them as /Email or /'Mailing City'").build();
            }
        }
        return new ValidationResult.Builder().subject(subject).input(input).valid(true).build();
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final boolean timestamp = context.getProperty(TIMESTAMP_FIELD).isSet();
        final boolean priority = context.getProperty(SOURCE_PRIORITY).isSet();
        validateSystemTimestamps(context, results);
        if (context.getProperty(MERGE_MODE).asAllowableValue(MergeMode.class) == MergeMode.THREE_WAY_SYNC) {
            validateSync(context, timestamp, priority, results);
            return results;
        }
        final Map<String, String> ruleOfField = new HashMap<>();
        final String sameRecordPaths = context.getProperty(SAME_RECORD_FIELD).getValue();
        final List<String> sameRecordFields = sameRecordPaths == null ? List.of() : FieldReader.topLevelFieldNames(sameRecordPaths);
        for (final Map.Entry<PropertyDescriptor, String> property : context.getProperties().entrySet()) {
            if (!property.getKey().isDynamic() || property.getValue() == null) {
                continue;
            }
            final Optional<SurvivorshipRule> rule = SurvivorshipRule.fromKey(property.getKey().getName());
            if (rule.isEmpty()) {
                continue;
            }
            results.addAll(needs(rule.get(), property.getKey().getName(), timestamp, priority));
            if (rule.get() == SurvivorshipRule.SAME_RECORD && sameRecordFields.isEmpty()) {
                results.add(new ValidationResult.Builder().subject(property.getKey().getName()).valid(false)
                        .explanation("same_record takes the values of the record that won another field: set the Same Record Field, "
                                + "e.g. /CreatedDate with min /CreatedDate").build());
            }
            for (final String path : RecordPathList.split(property.getValue())) {
                final Optional<String> field = FieldReader.topLevelFieldName(path);
                if (field.isEmpty()) {
                    continue;
                }
                if (rule.get() == SurvivorshipRule.SAME_RECORD && sameRecordFields.contains(field.get())) {
                    results.add(new ValidationResult.Builder().subject(property.getKey().getName()).input(property.getValue()).valid(false)
                            .explanation("the field " + path.trim() + " is the Same Record Field: its record is chosen by its own rule "
                                    + "(e.g. min), remove it from same_record").build());
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

    private static void validateSync(final ValidationContext context, final boolean timestamp, final boolean priority,
                                     final List<ValidationResult> results) {
        if (!context.getProperty(SOURCE_SYSTEM).isSet() && !context.getProperty(SOURCE_SYSTEM_FIELD).isSet()) {
            results.add(new ValidationResult.Builder().subject(SOURCE_SYSTEM.getName()).valid(false)
                    .explanation("Three-Way Sync needs the system each record comes from: set the Source System (e.g. ${crm.source.system}) "
                            + "or the Source System Field").build());
        }
        final SyncConflictPolicy policy = context.getProperty(CONFLICT_POLICY).asAllowableValue(SyncConflictPolicy.class);
        if (policy == SyncConflictPolicy.MOST_RECENT && !timestamp) {
            results.add(new ValidationResult.Builder().subject(CONFLICT_POLICY.getName()).valid(false)
                    .explanation("Most Recent compares when each side changed: set the Timestamp Field, e.g. /LastModifiedDate").build());
        }
        if (policy == SyncConflictPolicy.SOURCE_PRIORITY && !priority) {
            results.add(new ValidationResult.Builder().subject(CONFLICT_POLICY.getName()).valid(false)
                    .explanation("Source Priority ranks the two systems: set the Source Priority, e.g. salesforce, hubspot").build());
        }
        if (context.getProperty(DUPLICATE_ROW_POLICY).asAllowableValue(SyncDuplicateRowPolicy.class) == SyncDuplicateRowPolicy.ROUTE_TO_CONFLICT
                && !context.getProperty(SOURCE_ID_FIELD).isSet()) {
            results.add(new ValidationResult.Builder().subject(DUPLICATE_ROW_POLICY.getName()).valid(false)
                    .explanation("Route to Conflict tells a customer's rows apart by their ids: set the Source ID Field, e.g. /Id").build());
        }
        for (final PropertyDescriptor fields : List.of(IGNORED_FIELDS, MULTI_SELECT_FIELDS)) {
            if (context.getProperty(fields).isSet()) {
                final ValidationResult topLevel = topLevelFields(fields.getName(), context.getProperty(fields).getValue(), context);
                if (!topLevel.isValid()) {
                    results.add(topLevel);
                }
            }
        }
    }

    /**
     * In both modes: a zone without a pattern to apply to (each list's own entries are judged by its validator), and, in
     * Golden Records, systems listed while the records have none (Three-Way Sync requires a system anyway).
     */
    private static void validateSystemTimestamps(final ValidationContext context, final List<ValidationResult> results) {
        if (validListsOfSystems(context)) {
            try {
                systemTimestamps(context);
            } catch (final IllegalArgumentException e) {
                results.add(new ValidationResult.Builder().subject(SYSTEM_TIMESTAMP_TIME_ZONES.getName()).valid(false)
                        .explanation(e.getMessage() + " in System Timestamp Formats, or set the Timestamp Format").build());
            }
        }
        if (context.getProperty(MERGE_MODE).asAllowableValue(MergeMode.class) == MergeMode.GOLDEN_RECORDS
                && !context.getProperty(SOURCE_SYSTEM).isSet() && !context.getProperty(SOURCE_SYSTEM_FIELD).isSet()) {
            for (final PropertyDescriptor list : List.of(SYSTEM_TIMESTAMP_FORMATS, SYSTEM_TIMESTAMP_TIME_ZONES)) {
                if (context.getProperty(list).isSet()) {
                    results.add(new ValidationResult.Builder().subject(list.getName()).valid(false)
                            .explanation("it lists systems, but no record has one: set the Source System Field (e.g. /crm_source_system) "
                                    + "or the Source System").build());
                }
            }
        }
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
        mode = context.getProperty(MERGE_MODE).asAllowableValue(MergeMode.class);
        groupReader = FieldReader.of(GROUP_FIELD.getName(), context.getProperty(GROUP_FIELD).getValue());
        systemReader = reader(context, SOURCE_SYSTEM_FIELD);
        final String lineageField = context.getProperty(INCLUDE_LINEAGE).asBoolean() ? context.getProperty(LINEAGE_FIELD).getValue() : null;
        final String errors = context.getProperty(ERRORS_FIELD).getValue();
        errorsField = new RecordField(errors, RecordFieldType.STRING.getDataType(), true);
        final SourcePriority priority = SourcePriority.parse(context.getProperty(SOURCE_PRIORITY).getValue());
        layouts.clear();
        syncLayouts.clear();
        if (mode == MergeMode.THREE_WAY_SYNC) {
            syncSettings = syncSettings(context, priority, lineageField);
            goldenSettings = null;
        } else {
            goldenSettings = goldenSettings(context, priority, lineageField, errors);
            syncSettings = null;
        }
    }

    /**
     * Lets go of the layouts kept for the input schemas seen (up to {@value #MAXIMUM_CACHED_LAYOUTS} of each mode's) when the
     * processor stops: all its tasks have finished by then, and the next start builds them anew (as {@link #onScheduled}
     * clears them), so a stopped processor holds none on the heap.
     */
    @OnStopped
    public void onStopped() {
        layouts.clear();
        syncLayouts.clear();
    }

    private GoldenLayout.Settings goldenSettings(final ProcessContext context, final SourcePriority priority, final String lineageField,
                                                 final String errors) {
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
        // (asked once per field of each schema's layout, which is kept: no cache of its own, which would grow with every
        // field name ever seen)
        final GoldenLayout.DefaultRule defaultRule = oneRule.isPresent() ? fieldName -> oneRule.get() : MergeCRMRecord::roleDefault;
        final UnionFormat unionFormat = context.getProperty(UNION_OUTPUT).asAllowableValue(UnionOutput.class) == UnionOutput.ARRAY
                ? UnionFormat.ARRAY : UnionFormat.delimited(context.getProperty(UNION_DELIMITER).getValue());
        final String mergedIdsField = context.getProperty(MERGED_IDS_FIELD).getValue();
        final String sameRecordPaths = context.getProperty(SAME_RECORD_FIELD).getValue();
        final Set<String> outputFields = new LinkedHashSet<>(Arrays.asList(mergedIdsField, errors));
        if (lineageField != null) {
            outputFields.add(lineageField);
        }
        return new GoldenLayout.Settings(Map.copyOf(explicitRules), defaultRule, priority, unionFormat, systemReader,
                reader(context, SOURCE_ID_FIELD), reader(context, TIMESTAMP_FIELD), systemTimestamps(context),
                sameRecordPaths == null ? List.of() : List.copyOf(FieldReader.topLevelFieldNames(sameRecordPaths)), lineageField, mergedIdsField, Set.copyOf(outputFields));
    }

    private static SyncSettings syncSettings(final ProcessContext context, final SourcePriority priority, final String lineageField) {
        final Set<String> excluded = new HashSet<>();
        final SyncDuplicateRowPolicy duplicates = context.getProperty(DUPLICATE_ROW_POLICY).asAllowableValue(SyncDuplicateRowPolicy.class);
        final List<PropertyDescriptor> notCompared = new ArrayList<>(List.of(GROUP_FIELD, SOURCE_SYSTEM_FIELD, SOURCE_ID_FIELD, TIMESTAMP_FIELD,
                DELETED_FIELD, IGNORED_FIELDS, READ_SYNC_VERSION_FIELD));
        if (duplicates == SyncDuplicateRowPolicy.ROUTE_TO_CONFLICT) {
            notCompared.add(GOLDEN_ID_FIELD);
        }
        for (final PropertyDescriptor named : notCompared) {
            final String paths = context.getProperty(named).getValue();
            if (paths != null) {
                excluded.addAll(FieldReader.topLevelFieldNames(paths));
            }
        }
        final String operationField = context.getProperty(SYNC_OPERATION_FIELD).getValue();
        final String versionField = context.getProperty(SYNC_VERSION_FIELD).getValue();
        final String rowField = context.getProperty(SYNC_ROW_FIELD).getValue();
        final String conflictField = context.getProperty(CONFLICT_FIELD).getValue();
        excluded.addAll(Arrays.asList(operationField, versionField, rowField, conflictField, context.getProperty(ERRORS_FIELD).getValue()));
        if (lineageField != null) {
            excluded.add(lineageField);
        }
        final String deletedPath = context.getProperty(DELETED_FIELD).getValue();
        final FieldReader deletedReader = deletedPath == null ? null : FieldReader.of(DELETED_FIELD.getName(), deletedPath);
        final SyncConflictPolicy conflictPolicy = context.getProperty(CONFLICT_POLICY).asAllowableValue(SyncConflictPolicy.class);
        final SyncDeletePolicy deletePolicy = deletedReader == null ? SyncDeletePolicy.ROUTE_TO_CONFLICT
                : context.getProperty(DELETE_POLICY).asAllowableValue(SyncDeletePolicy.class);
        final SyncPolicy policy = new SyncPolicy(conflictPolicy.policy(), priority,
                conflictPolicy == SyncConflictPolicy.PREFER_SYSTEM ? context.getProperty(PREFERRED_SYSTEM).getValue() : null, deletePolicy.policy(),
                duplicates.policy());
        final String multiSelectPaths = context.getProperty(MULTI_SELECT_FIELDS).getValue();
        final MultiSelectFields multiSelects = multiSelectPaths == null ? MultiSelectFields.none()
                : MultiSelectFields.of(Set.copyOf(FieldReader.topLevelFieldNames(multiSelectPaths)), context.getProperty(MULTI_SELECT_DELIMITER).getValue());
        return new SyncSettings(context.getProperty(ENTITY_STORE).asControllerService(EntityStoreService.class), new ThreeWayMerge(policy, multiSelects),
                new SyncLayout.Settings(Set.copyOf(excluded), reader(context, TIMESTAMP_FIELD), systemTimestamps(context), deletedReader,
                        deletedReader == null || deletedReader.fieldNames().isEmpty() ? null : deletedReader.fieldNames().getFirst(),
                        operationField, versionField, rowField, lineageField, multiSelects),
                new RecordField(conflictField, RecordFieldType.STRING.getDataType(), true), reader(context, SOURCE_ID_FIELD),
                duplicates == SyncDuplicateRowPolicy.ROUTE_TO_CONFLICT ? reader(context, GOLDEN_ID_FIELD) : null, reader(context, READ_SYNC_VERSION_FIELD));
    }

    /** The default survivorship of the field's role when its name is recognised, else most_complete. */
    private static SurvivorshipRule roleDefault(final String fieldName) {
        return FieldRoles.recognize(fieldName).map(Role::getSurvivorship).orElse(SurvivorshipRule.MOST_COMPLETE);
    }

    /**
     * How each system's Timestamp Field (and, for golden records, the dates max and min compare) is read: a system listed
     * in the System Timestamp Formats or Time Zones in its own pattern and zone, any other as the Timestamp Format and Time
     * Zone say.
     *
     * @throws IllegalArgumentException as {@link SystemTimestamps#of} and {@link SystemTimestamps#entries}
     */
    private static SystemTimestamps systemTimestamps(final PropertyContext context) {
        final String defaultPattern = context.getProperty(TIMESTAMP_FORMAT).getValue();
        // the Timestamp Time Zone depends on the Timestamp Format: without one it is not read
        final ZoneId zone = defaultPattern == null || defaultPattern.isBlank() ? null : ExportDates.zone(context.getProperty(TIMESTAMP_TIME_ZONE).getValue());
        return SystemTimestamps.of(defaultPattern, zone == null ? ZoneOffset.UTC : zone, systemPatterns(context.getProperty(SYSTEM_TIMESTAMP_FORMATS).getValue()),
                systemZones(context.getProperty(SYSTEM_TIMESTAMP_TIME_ZONES).getValue()));
    }

    /** The System Timestamp Formats: each a java.time pattern that reads a day. */
    private static Map<String, String> systemPatterns(final String text) {
        final Map<String, String> patterns = SystemTimestamps.entries(text);
        patterns.forEach((system, pattern) -> {
            try {
                TimestampText.of(pattern);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(system + ": " + e.getMessage(), e);
            }
        });
        return patterns;
    }

    /** The System Timestamp Time Zones, each read as the Timestamp Time Zone is. */
    private static Map<String, ZoneId> systemZones(final String text) {
        final Map<String, ZoneId> zones = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        SystemTimestamps.entries(text).forEach((system, zone) -> {
            try {
                zones.put(system, ExportDates.zone(zone));
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(system + ": " + e.getMessage(), e);
            }
        });
        return zones;
    }

    /** Whether the two lists of systems and the Timestamp Format and Time Zone are each valid on their own. */
    private static boolean validListsOfSystems(final ValidationContext context) {
        try {
            systemPatterns(context.getProperty(SYSTEM_TIMESTAMP_FORMATS).getValue());
            systemZones(context.getProperty(SYSTEM_TIMESTAMP_TIME_ZONES).getValue());
            final String defaultPattern = context.getProperty(TIMESTAMP_FORMAT).getValue();
            TimestampText.of(defaultPattern);
            if (defaultPattern != null && !defaultPattern.isBlank()) {
                ExportDates.zone(context.getProperty(TIMESTAMP_TIME_ZONE).getValue());
            }
            return true;
        } catch (final IllegalArgumentException e) {
            return false;
        }
    }

    private static FieldReader reader(final ProcessContext context, final PropertyDescriptor property) {
        final String path = context.getProperty(property).getValue();
        return path == null || path.isBlank() ? null : FieldReader.of(property.getName(), path);
    }

    @Override
    protected long processRecords(final ProcessContext context, final RecordSource source, final RoutedRecordWriter output)
            throws IOException, MalformedRecordException, SchemaNotFoundException, RecordProcessingException {
        final String defaultSystem = context.getProperty(SOURCE_SYSTEM).evaluateAttributeExpressions(source.getFlowFile()).getValue();
        final String flowFileSystem = defaultSystem == null || defaultSystem.isBlank() ? null : defaultSystem.strip();
        final SyncSettings sync = syncSettings;
        if (sync != null) {
            return syncRecords(context, sync, flowFileSystem, source, output);
        }
        return mergeGoldenRecords(goldenSettings, flowFileSystem, source, output);
    }

    private long mergeGoldenRecords(final GoldenLayout.Settings settings, final String flowFileSystem, final RecordSource source,
                                    final RoutedRecordWriter output)
            throws IOException, MalformedRecordException, SchemaNotFoundException, RecordProcessingException {
        final FieldReader group = groupReader;
        final GroupAssembler groups = new GroupAssembler();
        final GoldenLayout[] layout = new GoldenLayout[1];
        final long count = source.forEachUnconverted((position, record) -> {
            if (layout[0] == null) {
                layout[0] = layouts.get(record.getSchema(), () -> new GoldenLayout(record.getSchema(), settings));
            }
            final Object value;
            try {
                value = group.read(record);
            } catch (final UnselectablePathException e) {
                // no group to count: the record goes to failure with the reason on the second pass
                return;
            }
            if (FieldReader.structure(value) == null) {
                final String key = FieldReader.text(value);
                if (key != null) {
                    groups.count(key);
                }
            }
        });
        if (count == 0) {
            return 0;
        }
        final long routed = source.forEach((position, record) -> {
            final Object value;
            try {
                value = group.read(record);
            } catch (final UnselectablePathException e) {
                fail(record, e.getMessage(), output);
                return;
            }
            final String structure = FieldReader.structure(value);
            if (structure != null) {
                fail(record, "Group Field: holds " + structure + " where a group value (text) is expected", output);
                return;
            }
            final String key = FieldReader.text(value);
            final boolean alone = key == null || groups.isAlone(key);
            final Record golden;
            final Member member;
            try {
                golden = alone ? layout[0].alone(record, position, flowFileSystem) : null;
                member = alone ? null : layout[0].member(record, position, flowFileSystem);
            } catch (final IllegalArgumentException e) {
                fail(record, e.getMessage(), output);
                return;
            }
            if (alone) {
                output.write(REL_MERGED, golden);
                output.increment("golden");
                output.increment("single");
                return;
            }
            final List<Member> complete = groups.add(key, member);
            if (complete != null) {
                writeGolden(layout[0], complete, output);
            }
        });
        requireSameCount(count, routed);
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
        output.increment(members.size() == 1 ? "single" : "merged", members.size());
    }

    /**
     * Three-way sync, in one pass: the records are read in parts of {@value #SYNC_PART_RECORDS}; the resolver decides each
     * part against the snapshots (the later parts through the FlowFile's pending write, which holds what the earlier
     * ones changed) and each record of the part is routed, so the heap holds one part at a time.
     */
    private long syncRecords(final ProcessContext context, final SyncSettings sync, final String flowFileSystem, final RecordSource source,
                             final RoutedRecordWriter output)
            throws IOException, MalformedRecordException, SchemaNotFoundException, RecordProcessingException {
        final String targetText = context.getProperty(TARGET_SYSTEM).evaluateAttributeExpressions(source.getFlowFile()).getValue();
        if (targetText == null || targetText.isBlank()) {
            throw new RecordProcessingException("The Target System is empty for this FlowFile: set it, or the FlowFile attribute it refers to");
        }
        final String target = targetText.strip();
        final SyncResolver.Sync decisions = new SyncResolver(sync.merge(), sync.store().getEntityStore()).begin(target, getClock().millis());
        output.onSessionCommit(() -> decisions.pendingWrite().commit(), () -> decisions.pendingWrite().rollback());
        final SyncPart part = new SyncPart(sync, target, decisions, output);
        final FieldReader group = groupReader;
        final FieldReader systems = systemReader;
        final FieldReader rows = sync.rowReader();
        final FieldReader carried = sync.goldenIdReader();
        final FieldReader versions = sync.versionReader();
        // the golden id columns a record may carry (top-level fields of the Golden ID Field): a record whose schema has one
        // is of a system keeping golden ids (SyncInput#keepsGoldenIds)
        final List<String> goldenIdColumns = carried == null ? List.of() : carried.fieldNames();
        final long count;
        try {
            count = source.forEach((position, record) -> {
                if (part.layout == null) {
                    part.layout = syncLayouts.get(record.getSchema(), () -> new SyncLayout(record.getSchema(), sync.layout()));
                }
                Object goldenValue = null;
                String reason = null;
                try {
                    goldenValue = group.read(record);
                } catch (final UnselectablePathException e) {
                    reason = e.getMessage();
                }
                final String structure = FieldReader.structure(goldenValue);
                final String goldenId = structure == null ? FieldReader.text(goldenValue) : null;
                if (structure != null) {
                    reason = "Group Field: holds " + structure + " where a golden id (text) is expected";
                }
                String system = flowFileSystem;
                if (reason == null && systems != null) {
                    try {
                        final String recordSystem = systems.readSingleText(record, "a system name");
                        system = recordSystem == null ? flowFileSystem : recordSystem;
                    } catch (final IllegalArgumentException e) {
                        reason = e.getMessage();
                    }
                }
                if (reason == null) {
                    if (goldenId == null) {
                        reason = "Group Field: no golden id; MatchCRMRecord with the Entity Store gives every record one";
                    } else if (system == null) {
                        reason = "Source System: the record's system is not known; set the Source System or the Source System Field";
                    } else if (system.equalsIgnoreCase(target)) {
                        reason = "Source System: the record comes from the Target System " + target + " itself";
                    }
                }
                SyncInput input = null;
                if (reason == null) {
                    try {
                        // the record's row by the rule the store keeps source ids by (no white space of any kind around
                        // it, a whole number a reader typed as a double its digits, text as it is)
                        input = new SyncInput(goldenId, system, part.layout.state(record, system), rows == null ? null : SourceIds.of(rows.read(record)),
                                carried != null && goldenId.equals(GoldenIds.canonical(carried.readText(record))),
                                part.layout.writtenFields(), keepsGoldenIds(record, goldenIdColumns), versions == null ? SyncSnapshot.NO_VERSION
                                        : readVersion(versions.read(record)));
                    } catch (final IllegalArgumentException e) {
                        reason = e.getMessage();
                    }
                }
                part.add(record, input, reason);
            });
            part.route();
        } catch (final UnreadableSnapshotException e) {
            throw new RecordProcessingException(e.getMessage(), e.getCause());
        }
        return count;
    }

    /**
     * The version of the sync's write a record's row holds (the Read Sync Version Field's value), or none when it holds none.
     *
     * @throws IllegalArgumentException when the value is no whole number from 0 on (the reason, for failure)
     */
    static long readVersion(final Object value) {
        final String structure = FieldReader.structure(value);
        if (structure != null) {
            throw new IllegalArgumentException("Read Sync Version Field: holds " + structure + " where a version of the sync's write (a whole number) "
                    + "is expected");
        }
        final String text = FieldReader.text(value);
        if (text == null || text.isBlank()) {
            return SyncSnapshot.NO_VERSION;
        }
        try {
            final long version = new BigDecimal(text.strip()).longValueExact();
            if (version >= 0) {
                return version;
            }
        } catch (final NumberFormatException | ArithmeticException e) {
            // the reason below
        }
        // (the value itself is not in the reason: a misconfigured path may select a customer's data)
        throw new IllegalArgumentException("Read Sync Version Field: holds a value that is no version of the sync's write (a whole number from 0 on, "
                + "the Sync Version Field a write carried): set it to the field the row keeps that version in");
    }

    /** Whether the record's schema has one of the given golden id columns (whatever the record holds in it). */
    private static boolean keepsGoldenIds(final Record record, final List<String> goldenIdColumns) {
        for (final String column : goldenIdColumns) {
            if (record.getSchema().getField(column).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The records of a FlowFile read since the last part was decided and routed. */
    private final class SyncPart {
        private final SyncSettings settings;
        private final String target;
        private final SyncResolver.Sync decisions;
        private final RoutedRecordWriter output;
        private final List<Record> records = new ArrayList<>();
        private final List<SyncInput> inputs = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private SyncLayout layout;

        private SyncPart(final SyncSettings settings, final String target, final SyncResolver.Sync decisions, final RoutedRecordWriter output) {
            this.settings = settings;
            this.target = target;
            this.decisions = decisions;
            this.output = output;
        }

        void add(final Record record, final SyncInput input, final String reason) throws IOException {
            records.add(record);
            inputs.add(input);
            failures.add(reason);
            if (records.size() == SYNC_PART_RECORDS) {
                route();
            }
        }

        /** Decides the part's records and routes each; then the part is empty. */
        void route() throws IOException {
            if (records.isEmpty()) {
                return;
            }
            final List<SyncDecision> decided;
            try {
                decided = decisions.decide(inputs);
            } catch (final EntityStoreException e) {
                throw new RetryableException(e.getMessage(), e);
            } catch (final IllegalArgumentException e) {
                throw new UnreadableSnapshotException(e);
            }
            for (int i = 0; i < records.size(); i++) {
                routeRecord(records.get(i), inputs.get(i), failures.get(i), decided.get(i));
            }
            records.clear();
            inputs.clear();
            failures.clear();
        }

        private void routeRecord(final Record record, final SyncInput input, final String reason, final SyncDecision decision) throws IOException {
            if (reason != null) {
                fail(record, reason, output);
                return;
            }
            if (decision == null) {
                fail(record, "Group Field: the customer " + input.goldenId() + " was erased on request (EraseCRMRecord) after this record was "
                        + "matched; it is not synced and no snapshot is kept. Erase the record in its CRM too, or match it again if the person is "
                        + "a customer again", output);
                return;
            }
            switch (decision.outcome()) {
                case CONFLICT -> {
                    record.setValue(settings.conflictField(), decision.describeConflict(input.system(), target));
                    output.write(REL_CONFLICT, record);
                    output.increment("conflict");
                }
                case UNCHANGED -> {
                    output.write(REL_UNCHANGED, record);
                    output.increment("unchanged");
                    if (decision.isEcho()) {
                        output.increment("echo");
                    }
                }
                case MERGED -> {
                    output.write(REL_MERGED, layout.merged(record, decision, decision.targetVersion(), decision.targetRow(), decision.targetSnapshot()));
                    output.increment("merged");
                }
            }
            final boolean onTheDuplicate = decision.duplicateDeleted() != null && decision.duplicateDeleted().equals(input.row());
            if (decision.writesSource()) {
                // a copy for the source's loader: the input record is accounted for on merged or unchanged (a duplicate the
                // sync created itself is deleted by its own id, the customer's row being another)
                final String row = onTheDuplicate ? decision.duplicateDeleted() : decision.sourceRow();
                output.write(REL_WRITE_BACK, layout.merged(record, decision, decision.sourceVersion(), row, decision.sourceSnapshot()), 0);
                output.increment("write-back");
            }
            if (decision.duplicateDeleted() != null && !onTheDuplicate) {
                // the customer's row a person restored, read after the sync's duplicate: a second copy deletes the duplicate
                output.write(REL_WRITE_BACK, layout.deleting(record, decision.sourceVersion(), decision.duplicateDeleted()), 0);
                output.increment("write-back");
            }
        }
    }

    /** A stored snapshot this version cannot read, carried out of the record pass to fail the FlowFile. */
    private static final class UnreadableSnapshotException extends RuntimeException {
        private UnreadableSnapshotException(final IllegalArgumentException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private void fail(final Record record, final String reason, final RoutedRecordWriter output) throws IOException {
        output.fail(REL_FAILURE, errorsField, record, reason);
    }

    private static void requireSameCount(final long first, final long second) throws RecordProcessingException {
        if (first != second) {
            throw new RecordProcessingException("The FlowFile held " + first + " records on the first read and " + second + " on the second");
        }
    }

    /** How many input schemas' layouts the processor keeps, golden and sync (each at most {@value #MAXIMUM_CACHED_LAYOUTS}). */
    int cachedLayouts() {
        return layouts.size() + syncLayouts.size();
    }

    @Override
    protected Relationship getEmptyInputRelationship() {
        return mode == MergeMode.THREE_WAY_SYNC ? REL_UNCHANGED : REL_MERGED;
    }

    @Override
    protected RecordSchema getEmptyInputSchema(final RecordSchema readSchema) {
        final GoldenLayout.Settings settings = goldenSettings;
        return settings == null ? readSchema : new GoldenLayout(readSchema, settings).outputSchema();
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
        return mode == MergeMode.THREE_WAY_SYNC ? SYNC_COUNTERS : GOLDEN_COUNTERS;
    }
}
