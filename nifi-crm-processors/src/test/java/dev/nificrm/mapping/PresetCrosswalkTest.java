package dev.nificrm.mapping;

import dev.nificrm.EvalData;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contact presets against the public field crosswalk ({@code shared/eval/crm/contact_field_crosswalk.csv}, 31 contact
 * concepts named in Salesforce, HubSpot, Dynamics 365 and Zoho CRM, with their export labels and notes). For every concept a
 * contact preset covers, the preset reads the crosswalk's API name into the concept's canonical field and writes that field
 * under the same name; the export labels are read where the preset reads a CRM's labelled export (Dynamics 365's Export to
 * Excel, HubSpot's CSV export); a field the notes call required is {@code required} in the write specification; and a
 * concept the preset does not map at all is listed below with the reason. The crosswalk's approximate names (in parentheses,
 * "not verified" as FIELDS.md says) are checked too where the preset maps the concept, and a concept the crosswalk gives a
 * CRM any name for, even an approximate one, is mapped or has its reason. Each disagreement is reported as
 * {@code preset, concept, expected, found}.
 *
 * <p>The notes' maximum lengths (Salesforce FirstName 40, LastName 80) are checked as the write specification's {@code maxLength}.
 * A crosswalk field the preset reads but never writes (HubSpot's read-only hs_additional_emails and hs_analytics_source) has its
 * reason as well.
 *
 * <p>Where the crosswalk is judged wrong or does not apply to a preset, the point is in {@link #EXCEPTIONS} with the reason;
 * an exception the presets no longer need fails the test too, so the list stays true.
 */
class PresetCrosswalkTest {
    private static final Pattern PARENTHESES = Pattern.compile("\\s*\\([^)]*\\)");
    private static final Pattern BRACKETS = Pattern.compile("\\s*\\[[^]]*]");
    private static final Pattern REQUIRED_NOTE = Pattern.compile("required in ([^;\"]+)");
    private static final Pattern ABBREVIATIONS = Pattern.compile(",\\s*|\\s+and\\s+");
    /** "SF FirstName max 40", "SF max 80": a CRM, optionally its field, and the most characters it takes. */
    private static final Pattern LENGTH_NOTE = Pattern.compile("\\b(SF|D365|Zoho|HubSpot)(?: (\\w+))? max (\\d+)");

    /** The canonical fields of each crosswalk concept; a concept of two (lifecycle_status) pairs them with the names in order. */
    private static final Map<String, List<String>> CANONICAL = Map.ofEntries(
            Map.entry("record_id", List.of("record_id")),
            Map.entry("first_name", List.of("first_name")),
            Map.entry("last_name", List.of("last_name")),
            Map.entry("middle_name", List.of("middle_name")),
            Map.entry("salutation", List.of("salutation")),
            Map.entry("suffix", List.of("suffix")),
            Map.entry("email", List.of("email")),
            Map.entry("email_2", List.of("email_2")),
            Map.entry("phone_work", List.of("phone")),
            Map.entry("phone_mobile", List.of("mobile_phone")),
            Map.entry("phone_home", List.of("home_phone")),
            Map.entry("fax", List.of("fax")),
            Map.entry("street", List.of("street")),
            Map.entry("city", List.of("city")),
            Map.entry("state", List.of("state")),
            Map.entry("postal_code", List.of("postal_code")),
            Map.entry("country", List.of("country")),
            Map.entry("job_title", List.of("job_title")),
            Map.entry("department", List.of("department")),
            Map.entry("birthdate", List.of("birth_date")),
            Map.entry("company_link", List.of("company")),
            Map.entry("owner", List.of("owner")),
            Map.entry("lead_source", List.of("lead_source")),
            Map.entry("lifecycle_status", List.of("lifecycle_stage", "lead_status")),
            Map.entry("email_opt_out", List.of("email_opt_out")),
            Map.entry("created_at", List.of("created_at")),
            Map.entry("modified_at", List.of("modified_at")),
            Map.entry("description", List.of("description")));

    /** Concepts with no canonical field, and why no preset maps them. */
    private static final Map<String, String> NOT_CANONICAL = Map.of(
            "full_name", "computed by every CRM that has it (read-only): the presets map its parts",
            "merge_master", "set by the CRM on the losing record of a merge; a migration loads the surviving records, and an id of the source CRM means nothing to the target",
            "deleted_flag", "deleted records are left out of an export (Salesforce's IsDeleted is true only in a queryAll); a record's deletion is the store's and the sync's business, not a field to map");

    /** The crosswalk's columns of each contact preset: API name, export label, the notes' abbreviation, and whether the preset reads the labels. */
    private enum Layout {
        SALESFORCE(CrmSchema.SALESFORCE_CONTACT, "salesforce_contact_api", "salesforce_ui_label", "SF", false),
        HUBSPOT(CrmSchema.HUBSPOT_CONTACT, "hubspot_contact_internal", "hubspot_export_label", "HubSpot", true),
        DYNAMICS_365(CrmSchema.DYNAMICS_365_CONTACT, "dynamics365_contact_logical", "dynamics365_display_label", "D365", true),
        ZOHO(CrmSchema.ZOHO_CONTACT, "zoho_contacts_api", "zoho_ui_label", "Zoho", true);

        private final CrmSchema schema;
        private final String apiColumn;
        private final String labelColumn;
        private final String abbreviation;
        private final boolean readsLabels;

        Layout(final CrmSchema schema, final String apiColumn, final String labelColumn, final String abbreviation, final boolean readsLabels) {
            this.schema = schema;
            this.apiColumn = apiColumn;
            this.labelColumn = labelColumn;
            this.abbreviation = abbreviation;
            this.readsLabels = readsLabels;
        }
    }

    /**
     * Where the crosswalk does not apply or is judged wrong, keyed {@code preset|concept|aspect} (aspect: api, label, write, length,
     * required, unmapped, unwritten: a CRM field the preset reads but never writes).
     */
    private static final Map<String, String> EXCEPTIONS = Map.ofEntries(
            // Lookups: the crosswalk's company_link is the id of the contact's account; the canonical company is its name.
            Map.entry("Salesforce Contact|company_link|unmapped", "AccountId is an Account id of the source org: no preset carries lookups (map them from a table of old and new ids)"),
            Map.entry("HubSpot Contact|company_link|api", "associatedcompanyid is a company id; the preset reads and writes the free-text company (Company Name), as the crosswalk's note says HubSpot also keeps"),
            Map.entry("HubSpot Contact|company_link|label", "Associated Company / Associated Company IDs are the associated company's name and id; the preset reads the free-text company's label, Company Name"),
            Map.entry("Dynamics 365 Contact|company_link|api", "parentcustomerid is a lookup (an account or a contact id of the source organisation), read as the company only by its Export to Excel label, Company Name, which holds the name; not written (no preset carries lookups)"),
            // Dynamics 365 Dataverse sets createdon itself; overriddencreatedon (Record Created On) is the column that sets it on create.
            Map.entry("Dynamics 365 Contact|created_at|write", "createdon is read-only in Dataverse: the created date is written as overriddencreatedon, which Dataverse keeps as createdon"),
            // A contact's leadsourcecode has one option in a standard organisation (1 Default Value), which no other CRM's lead source means.
            Map.entry("Dynamics 365 Contact|lead_source|unmapped", "a contact's leadsourcecode has one option in a standard organisation (1 Default Value): the crosswalk's option set is the lead's"),
            // statecode/statuscode (Active/Inactive) say whether a record is in use, not where the customer stands: the crosswalk's pairing is wrong.
            Map.entry("Dynamics 365 Contact|lifecycle_status|unmapped", "statecode/statuscode (Active, Inactive) say whether the contact is in use, not a lifecycle stage or lead status: the crosswalk pairs unlike things"),
            // HubSpot properties the preset reads but HubSpot sets itself, so a load cannot write them.
            Map.entry("HubSpot Contact|email_2|unwritten", "hs_additional_emails is read-only: HubSpot keeps a contact's other emails itself (a merge adds them),"
                    + " so the second email is read, not written"),
            Map.entry("HubSpot Contact|lead_source|unwritten", "hs_analytics_source (Original Source) is set by HubSpot's tracking and read-only: read as the lead source"
                    + " where its channel names one (Web, Advertisement), never written"),
            Map.entry("HubSpot Contact|company_link|write", "the free-text company is written as company; associatedcompanyid is an id of the source portal (no preset carries lookups)"),
            // The crosswalk's label is the form's (Email, with the options Allow / Do Not Allow), not an export column.
            Map.entry("Dynamics 365 Contact|email_opt_out|label", "Email (Do not allow) is the contact form's wording, not a column name: Export to Excel names the column after donotemail's display name,"
                    + " Do not allow Emails, which the preset reads, with its options Allow and Do Not Allow"));

    /**
     * Lengths the crosswalk's notes do not give, from each CRM's own field reference, keyed {@code preset|target field}. Dynamics 365
     * (Dataverse contact table, as Business Central's generated Dataverse Contact table states it: FirstName, MiddleName, LastName
     * Text[50], EMailAddress1..3 Text[100]); Zoho CRM (Help, Standard Modules &amp; Fields: First Name Alphanumeric(40), Last Name
     * (80), Email and Secondary Email (100)).
     */
    private static final Map<String, Integer> DOCUMENTED_LENGTHS = Map.ofEntries(
            Map.entry("Dynamics 365 Contact|firstname", 50), Map.entry("Dynamics 365 Contact|middlename", 50),
            Map.entry("Dynamics 365 Contact|lastname", 50), Map.entry("Dynamics 365 Contact|emailaddress1", 100),
            Map.entry("Dynamics 365 Contact|emailaddress2", 100), Map.entry("Dynamics 365 Contact|emailaddress3", 100),
            Map.entry("Zoho Contact|First_Name", 40), Map.entry("Zoho Contact|Last_Name", 80), Map.entry("Zoho Contact|Email", 100),
            Map.entry("Zoho Contact|Secondary_Email", 100),
            Map.entry("Zoho Lead|First_Name", 40), Map.entry("Zoho Lead|Last_Name", 80), Map.entry("Zoho Lead|Email", 100),
            Map.entry("Zoho Lead|Secondary_Email", 100));

    private static List<CSVRecord> rows;
    /** The exceptions the presets needed in this test (a new instance per test). */
    private final List<String> exceptionsUsed = new ArrayList<>();

    @BeforeAll
    static void readCrosswalk() throws IOException {
        final CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        try (Reader reader = Files.newBufferedReader(EvalData.folder("crm").resolve("contact_field_crosswalk.csv"), StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, format)) {
            rows = parser.getRecords();
        }
    }

    @Test
    void everyConceptOfTheCrosswalkHasACanonicalPlaceOrAReason() {
        final List<String> unknown = new ArrayList<>();
        for (final CSVRecord row : rows) {
            final String concept = row.get("concept");
            if (!CANONICAL.containsKey(concept) && !NOT_CANONICAL.containsKey(concept)) {
                unknown.add(concept);
            }
        }
        assertEquals(31, rows.size());
        assertEquals(List.of(), unknown);
    }

    @Test
    void contactPresetsAgreeWithTheCrosswalk() {
        final List<String> disagreements = new ArrayList<>();
        for (final Layout layout : Layout.values()) {
            for (final CSVRecord row : rows) {
                final List<String> canonical = CANONICAL.get(row.get("concept"));
                if (canonical != null) {
                    check(layout, row, canonical, disagreements);
                }
            }
        }
        final Set<String> unused = new TreeSet<>(EXCEPTIONS.keySet());
        exceptionsUsed.forEach(unused::remove);
        unused.forEach(key -> disagreements.add(key + ": listed as an exception, but the preset agrees with the crosswalk there"));
        assertEquals(List.of(), disagreements, String.join("\n", disagreements));
    }

    private void check(final Layout layout, final CSVRecord row, final List<String> canonical, final List<String> disagreements) {
        final Preset preset = Preset.of(layout.schema);
        final String concept = row.get("concept");
        final String apiCell = row.get(layout.apiColumn);
        final Map<String, List<String>> reads = readPaths(preset);
        final Map<String, List<String>> writes = writtenFields(preset);
        final String where = preset.name() + ", " + concept + ", ";

        // FIELDS.md: a name in parentheses is approximate, not verified; it is checked all the same where the preset maps the concept
        final boolean unverified = apiCell.startsWith("(") && apiCell.endsWith(")");
        final List<String> apiNames = names(unverified ? apiCell.substring(1, apiCell.length() - 1) : apiCell, "/");
        final boolean readOnly = apiCell.contains("read-only");
        final boolean covered = canonical.stream().anyMatch(field -> reads.containsKey(field) || writes.containsKey(field));
        if (!covered) {
            if (!apiCell.isEmpty()) {
                report(preset, concept, "unmapped", where + "expected " + canonical + " read from " + apiCell + ", found no such field in the preset",
                        disagreements);
            }
            return;
        }
        if (!apiNames.isEmpty()) {
            final List<String> missing = new ArrayList<>();
            final List<String> wrongWrites = new ArrayList<>();
            final List<String> unwritten = new ArrayList<>();
            for (int i = 0; i < apiNames.size(); i++) {
                final String name = apiNames.get(i);
                final String field = canonical.get(Math.min(i, canonical.size() - 1));
                if (!reads.getOrDefault(field, List.of()).contains(name)) {
                    missing.add(field + " read from " + name + " (found " + reads.getOrDefault(field, List.of()) + ")");
                }
                final List<String> written = writes.getOrDefault(field, List.of());
                final boolean writable = !readOnly && !"record_id".equals(field) && !"owner".equals(field);
                if (writable && !written.isEmpty() && !written.contains(name)) {
                    wrongWrites.add(field + " written as " + name + " (found " + written + ")");
                }
                if (!writable && written.contains(name)) {
                    wrongWrites.add(field + " not written to " + name + ", which the target sets itself (found it written)");
                }
                if (writable && written.isEmpty() && reads.getOrDefault(field, List.of()).contains(name)) {
                    unwritten.add(field + " written as " + name + " (found it read, never written)");
                }
            }
            if (!unwritten.isEmpty()) {
                report(preset, concept, "unwritten", where + "expected " + String.join("; ", unwritten), disagreements);
            }
            if (!missing.isEmpty()) {
                report(preset, concept, "api", where + "expected " + String.join("; ", missing), disagreements);
            }
            if (!wrongWrites.isEmpty()) {
                report(preset, concept, "write", where + "expected " + String.join("; ", wrongWrites), disagreements);
            }
        }
        final String labelCell = row.get(layout.labelColumn);
        if (layout.readsLabels && !labelCell.isEmpty()) {
            final List<String> labels = names(BRACKETS.matcher(labelCell).replaceAll(""), " / ");
            final List<String> missing = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                final String field = canonical.get(Math.min(i, canonical.size() - 1));
                if (!reads.getOrDefault(field, List.of()).contains(labels.get(i))) {
                    missing.add(field + " read from the export column " + labels.get(i) + " (found " + reads.getOrDefault(field, List.of()) + ")");
                }
            }
            if (!missing.isEmpty()) {
                report(preset, concept, "label", where + "expected " + String.join("; ", missing), disagreements);
            }
        }
        if (requiredIn(row.get("notes")).contains(layout.abbreviation)) {
            final List<String> notRequired = new ArrayList<>();
            for (final String field : canonical) {
                preset.write().fields().forEach((target, specification) -> {
                    if (specification != null && sources(specification).contains(field) && !Boolean.TRUE.equals(specification.required())) {
                        notRequired.add(target);
                    }
                });
            }
            if (!notRequired.isEmpty()) {
                report(preset, concept, "required", where + "expected required: true, found it optional on " + notRequired, disagreements);
            }
        }
        final Matcher length = LENGTH_NOTE.matcher(row.get("notes"));
        while (length.find()) {
            if (length.group(1).equals(layout.abbreviation)) {
                final String field = length.group(2) == null ? apiNames.getFirst() : length.group(2);
                final FieldSpecification written = preset.write().fields().get(field);
                final Integer found = written == null ? null : written.maxLength();
                if (found == null || found != Integer.parseInt(length.group(3))) {
                    report(preset, concept, "length", where + "expected " + field + " maxLength " + length.group(3) + ", found " + found, disagreements);
                }
            }
        }
    }

    private void report(final Preset preset, final String concept, final String aspect, final String disagreement, final List<String> disagreements) {
        final String key = preset.name() + "|" + concept + "|" + aspect;
        if (EXCEPTIONS.containsKey(key)) {
            exceptionsUsed.add(key);
        } else {
            disagreements.add(disagreement);
        }
    }

    /** The names of a crosswalk cell: its parenthesised remarks and a "+ ..." addition dropped, alternatives split. */
    private static List<String> names(final String cell, final String separator) {
        final boolean label = " / ".equals(separator);
        final String plain = label ? cell : PARENTHESES.matcher(cell).replaceAll("").replaceAll("\\s*\\+.*$", "");
        final List<String> names = new ArrayList<>();
        for (final String name : plain.split(label ? " / " : "\\s*/\\s*")) {
            if (!name.isBlank() && (label || !name.trim().contains(" "))) {
                names.add(name.trim());
            }
        }
        return names;
    }

    /** The CRMs a note calls the field required in ("required in SF, D365 and Zoho"). */
    private static Set<String> requiredIn(final String notes) {
        final Set<String> crms = new LinkedHashSet<>();
        final Matcher matcher = REQUIRED_NOTE.matcher(notes);
        while (matcher.find()) {
            for (final String crm : ABBREVIATIONS.split(matcher.group(1).trim())) {
                crms.add(crm.trim());
            }
        }
        return crms;
    }

    /** Canonical field → the source fields the preset reads it from, as bare names ({@code Address 1: City}). */
    private static Map<String, List<String>> readPaths(final Preset preset) {
        final Map<String, List<String>> reads = new LinkedHashMap<>();
        preset.read().fields().forEach((canonical, specification) -> {
            if (specification != null) {
                reads.put(canonical, sources(specification));
            }
        });
        return reads;
    }

    /** Canonical field → the target fields the preset writes from it. */
    private static Map<String, List<String>> writtenFields(final Preset preset) {
        final Map<String, List<String>> writes = new LinkedHashMap<>();
        preset.write().fields().forEach((target, specification) -> {
            if (specification != null) {
                for (final String canonical : sources(specification)) {
                    writes.computeIfAbsent(canonical, key -> new ArrayList<>()).add(target);
                }
            }
        });
        return writes;
    }

    private static List<String> sources(final FieldSpecification specification) {
        final List<String> paths = new ArrayList<>();
        if (specification.from() != null) {
            paths.add(specification.from());
        }
        if (specification.split() != null) {
            paths.add(specification.split());
        }
        if (specification.coalesce() != null) {
            paths.addAll(specification.coalesce());
        }
        if (specification.concat() != null) {
            paths.addAll(specification.concat());
        }
        final List<String> names = new ArrayList<>(paths.size());
        for (final String path : paths) {
            String name = path.startsWith("/") ? path.substring(1) : path;
            if (name.length() > 1 && name.startsWith("'") && name.endsWith("'")) {
                name = name.substring(1, name.length() - 1);
            }
            names.add(name);
        }
        return names;
    }

    @Test
    void presetsStateTheDocumentedLengths() {
        final List<String> disagreements = new ArrayList<>();
        for (final CrmSchema schema : CrmSchema.values()) {
            final Preset preset = Preset.of(schema);
            preset.write().fields().forEach((target, specification) -> {
                final Integer expected = DOCUMENTED_LENGTHS.get(preset.name() + "|" + target);
                final Integer found = specification == null ? null : specification.maxLength();
                if (expected != null && !expected.equals(found)) {
                    disagreements.add(preset.name() + ", " + target + ": expected maxLength " + expected + ", found " + found);
                }
            });
        }
        assertEquals(List.of(), disagreements, String.join("\n", disagreements));
    }

    @Test
    void crosswalkCellsAreReadAsNames() {
        assertEquals(List.of("address1_line1"), names("address1_line1 (+line2/line3)", "/"));
        assertEquals(List.of("lifecyclestage", "hs_lead_status"), names("lifecyclestage / hs_lead_status", "/"));
        assertEquals(List.of("parentcustomerid"), names("parentcustomerid (Web API: _parentcustomerid_value)", "/"));
        assertEquals(List.of("hs_analytics_source"), names("hs_analytics_source / lead source props", "/"));
        assertEquals(List.of("Modified On", "(Do Not Modify) Modified On"), names("Modified On / (Do Not Modify) Modified On", " / "));
        assertEquals(List.of("Address 1: State/Province"), names("Address 1: State/Province", " / "));
        assertEquals(Set.of("SF", "D365", "Zoho"), requiredIn("required in SF, D365 and Zoho; SF max 80"));
        assertTrue(requiredIn("SF FirstName max 40").isEmpty());
        final Matcher length = LENGTH_NOTE.matcher("required in SF, D365 and Zoho; SF max 80");
        assertTrue(length.find());
        assertEquals(List.of("SF", "80"), List.of(length.group(1), length.group(3)));
    }
}
