package dev.nificrm.roles;

import dev.nificrm.merge.SurvivorshipRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import static dev.nificrm.roles.BlockingTransform.DOMAIN;
import static dev.nificrm.roles.BlockingTransform.EXACT;
import static dev.nificrm.roles.BlockingTransform.INITIAL;
import static dev.nificrm.roles.BlockingTransform.READ;
import static dev.nificrm.roles.BlockingTransform.LOCAL_PART;
import static dev.nificrm.roles.BlockingTransform.NUMBER;
import static dev.nificrm.roles.BlockingTransform.PHONETIC;
import static dev.nificrm.roles.BlockingTransform.PLACE;
import static dev.nificrm.roles.BlockingTransform.PLACE_PREFIX;
import static dev.nificrm.roles.BlockingTransform.PREFIX;
import static dev.nificrm.roles.BlockingTransform.SPELLING;
import static dev.nificrm.roles.BlockingTransform.YEAR;

/**
 * The part a field plays in a customer record, and the one home of everything the bundle does with it: the cleaning
 * rule, the comparison key, the comparator with its default m and u probabilities and term-frequency adjustment, the
 * blocking passes it takes part in, the roles that imply it or hold it, the default survivorship rule for merging, and
 * the CRM field names recognised as it. Dynamic properties of every processor are named by a role's {@link #getKey() key}
 * ({@code phone} → {@code /Phone, /MobilePhone}). A new role, or a new CRM field name for a role, is added here and
 * nowhere else.
 * <p>
 * Why it is shaped this way: the roles package sits below clean, match and merge and knows neither NiFi nor their
 * implementations. A role therefore declares its behaviour as <em>kinds</em> ({@link RuleType}, {@link KeyKind},
 * {@link ComparatorKind}, {@link BlockingTransform}, {@link SurvivorshipRule}), and each capability maps a kind to its
 * implementation (RecordCleaner: rule type → cleaning rule; ComparisonKeys: key kind → key; DefaultWeights:
 * comparator kind → comparator; BlockingRule: transform → key part). Nothing outside this enum switches on a role, so
 * the packages cannot disagree about one, and the only bundle type this package uses is the merge package's
 * {@link SurvivorshipRule}, a plain enum that depends on nothing.
 * <table>
 * <caption>Per role: cleaning rule, comparison key, comparator, term-frequency adjustment, default survivorship</caption>
 * <tr><th>role</th><th>rule</th><th>key</th><th>comparator</th><th>tf</th><th>survivorship</th><th>why that survivorship</th></tr>
 * <tr><td>first_name, middle_name, last_name, full_name</td><td>name</td><td>person name (folded, without titles)</td><td>person name (full name: text)</td>
 * <td>yes (middle name: no)</td><td>most_complete</td><td>the fullest spelling the sources have</td></tr>
 * <tr><td>email</td><td>email</td><td>email</td><td>email</td><td>no</td><td>union</td><td>every address reaches the person</td></tr>
 * <tr><td>phone</td><td>phone</td><td>phone</td><td>phone</td><td>no</td><td>union</td><td>every number reaches the person</td></tr>
 * <tr><td>street, house_number, city, postal_code, state, country</td><td>text (postal code, state, country: their
 * own)</td><td>street / code / folded</td><td>address (street), exact (house number, state, country), one edit (postal
 * code), text (city)</td><td>yes (house number: no)</td><td>most_recent</td>
 * <td>people and offices move; every part of an address takes the same record, so it stays whole</td></tr>
 * <tr><td>birth_date</td><td>birth_date</td><td>date</td><td>date</td><td>no</td><td>most_frequent</td>
 * <td>a typo in one source loses to the agreeing ones</td></tr>
 * <tr><td>date</td><td>date</td><td>date</td><td>date</td><td>no</td><td>most_recent</td><td>the latest record's dates belong together</td></tr>
 * <tr><td>company</td><td>text</td><td>company</td><td>organisation name</td><td>yes</td><td>most_complete</td><td>the fullest name</td></tr>
 * <tr><td>website</td><td>website</td><td>website</td><td>exact</td><td>yes</td><td>most_recent</td><td>domains change</td></tr>
 * <tr><td>external_id</td><td>text</td><td>code</td><td>exact</td><td>no</td><td>oldest</td><td>the first record's id is the one other systems know</td></tr>
 * <tr><td>national_id</td><td>text</td><td>code</td><td>two edits</td><td>no</td><td>most_frequent</td><td>a typo loses to agreement</td></tr>
 * <tr><td>company_id</td><td>text</td><td>code; a VAT id also without its country prefix</td><td>exact, of one kind</td><td>no</td><td>most_frequent</td><td>a typo loses to agreement</td></tr>
 * </table>
 * One piece of evidence is counted once: first and last name are partners (values swapped between them agree on the
 * level {@code swapped}); city and state are implied by the postal code, and city by the street line (the same
 * postcode or address makes the same city no further evidence); a house number that the street line also holds is
 * counted with the street; a full name is not compared by zero configuration when first or last names are there too;
 * several fields of one role (two emails) are one comparison whose best agreeing pair counts. Created and modified
 * dates ({@code date}) are compared only when configured: recognised from a field name they are not evidence of
 * identity.
 */
public enum Role {
    FIRST_NAME("first_name", "A given name", define(RuleType.NAME, KeyKind.PERSON_NAME)
            .compared(ComparatorKind.PERSON_NAME, levels(0.75, 0.10, 0.05, 0.03, 0.07), levels(0.01, 0.003, 0.02, 0.0005, 0.9665))
            .identifies().distinguishes().termFrequency().swapsWith("last_name").survives(SurvivorshipRule.MOST_COMPLETE)
            .names("firstname", "givenname", "forename", "fname", "first")),
    MIDDLE_NAME("middle_name", "A middle name or initial", define(RuleType.NAME, KeyKind.PERSON_NAME)
            .compared(ComparatorKind.PERSON_NAME, levels(0.70, 0.10, 0.10, 0.10), levels(0.02, 0.01, 0.10, 0.87))
            .survives(SurvivorshipRule.MOST_COMPLETE)
            .names("middlename", "middleinitial")),
    LAST_NAME("last_name", "A family name (surname)", define(RuleType.NAME, KeyKind.PERSON_NAME)
            .compared(ComparatorKind.PERSON_NAME, levels(0.80, 0.08, 0.04, 0.03, 0.05), levels(0.005, 0.002, 0.015, 0.0005, 0.9775))
            .identifies().familyName().termFrequency().swapsWith("first_name").survives(SurvivorshipRule.MOST_COMPLETE)
            .names("lastname", "surname", "familyname", "lname", "last")),
    FULL_NAME("full_name", "A whole person name in one field", define(RuleType.NAME, KeyKind.PERSON_NAME)
            .compared(ComparatorKind.TEXT, levels(0.70, 0.15, 0.07, 0.08), levels(0.0005, 0.002, 0.01, 0.9875))
            .identifies().termFrequency().coveredBy("first_name", "last_name").survives(SurvivorshipRule.MOST_COMPLETE)
            .names("fullname", "contactname", "personname")),
    EMAIL("email", "An email address", define(RuleType.EMAIL, KeyKind.EMAIL)
            .compared(ComparatorKind.EMAIL, levels(0.80, 0.10, 0.03, 0.07), levels(0.00001, 0.0002, 0.002, 0.99779))
            .mailbox().survives(SurvivorshipRule.UNION)
            .names("email", "emailaddress", "mail", "secondaryemail", "hsadditionalemails", "workemail", "personalemail")),
    PHONE("phone", "A telephone, mobile or fax number", define(RuleType.PHONE, KeyKind.PHONE)
            .compared(ComparatorKind.PHONE, levels(0.80, 0.05, 0.15), levels(0.0001, 0.0005, 0.9994))
            .survives(SurvivorshipRule.UNION)
            .names("phone", "phonenumber", "telephone", "tel", "mobile", "mobilephone", "mobilephonenumber", "cellphone", "cell", "fax",
                    "faxnumber", "businessfax", "assistantphone", "asstphone", "businessphone")),
    STREET("street", "A street address line", define(RuleType.TEXT, KeyKind.STREET)
            .compared(ComparatorKind.ADDRESS, levels(0.70, 0.15, 0.05, 0.10), levels(0.002, 0.005, 0.02, 0.973))
            .termFrequency().survives(SurvivorshipRule.MOST_RECENT)
            .names("street", "streetaddress", "address", "addressline", "line", "street1", "street2", "street3", "line1", "line2", "line3",
                    "addressline1", "addressline2")),
    HOUSE_NUMBER("house_number", "A house or street number kept apart from the street", define(RuleType.TEXT, KeyKind.CODE)
            .compared(ComparatorKind.EXACT, levels(0.85, 0.15), levels(0.02, 0.98))
            .partOf("street").survives(SurvivorshipRule.MOST_RECENT)
            .names("streetnumber", "housenumber", "buildingnumber")),
    CITY("city", "A city, town or suburb", define(RuleType.TEXT, KeyKind.PLACE)
            .compared(ComparatorKind.PLACE, levels(0.80, 0.10, 0.03, 0.07), levels(0.02, 0.005, 0.02, 0.955))
            .termFrequency().impliedBy("postal_code", "street").survives(SurvivorshipRule.MOST_RECENT)
            .names("city", "town", "suburb", "locality")),
    POSTAL_CODE("postal_code", "A postal code (ZIP, postcode)", define(RuleType.POSTAL_CODE, KeyKind.CODE)
            .compared(ComparatorKind.WITHIN_ONE_EDIT, levels(0.82, 0.10, 0.08), levels(0.005, 0.02, 0.975))
            .termFrequency().survives(SurvivorshipRule.MOST_RECENT)
            .names("postalcode", "postcode", "zip", "zipcode", "zippostalcode", "mailingzippostalcode", "plz")),
    STATE("state", "A state, province or region", define(RuleType.STATE, KeyKind.FOLDED)
            .compared(ComparatorKind.EXACT, levels(0.92, 0.08), levels(0.2, 0.8))
            .termFrequency().impliedBy("postal_code").survives(SurvivorshipRule.MOST_RECENT)
            .names("state", "province", "stateorprovince", "stateprovince", "stateregion", "region", "county")),
    COUNTRY("country", "A country", define(RuleType.COUNTRY, KeyKind.COUNTRY)
            .compared(ComparatorKind.EXACT, levels(0.92, 0.08), levels(0.2, 0.8))
            .termFrequency().survives(SurvivorshipRule.MOST_RECENT)
            .names("country", "countryregion", "countrycode", "nation")),
    BIRTH_DATE("birth_date", "A date of birth", define(RuleType.BIRTH_DATE, KeyKind.DATE)
            .compared(ComparatorKind.DATE, levels(0.78, 0.10, 0.04, 0.02, 0.06), levels(0.00004, 0.0005, 0.002, 0.02, 0.97746))
            .identifies().personal().survives(SurvivorshipRule.MOST_FREQUENT)
            .names("birthdate", "dateofbirth", "dob", "birthday")),
    DATE("date", "A date or timestamp other than a birth date (created, modified, closed...)", define(RuleType.DATE, KeyKind.DATE)
            .compared(ComparatorKind.DATE, levels(0.78, 0.10, 0.04, 0.02, 0.06), levels(0.00004, 0.0005, 0.002, 0.02, 0.97746))
            .notComparedWhenRecognised().survives(SurvivorshipRule.MOST_RECENT)
            .names("createddate", "createdate", "createdon", "overriddencreatedon", "createdtime", "createdat", "lastmodifieddate", "modifiedon", "modifiedtime",
                    "modifiedat", "updatedat", "systemmodstamp", "lastactivitydate", "lastactivitytime", "closedate", "converteddate",
                    "subscriptiondate", "date")),
    COMPANY("company", "A company or account name", define(RuleType.TEXT, KeyKind.COMPANY)
            .compared(ComparatorKind.ORGANISATION_NAME, levels(0.57, 0.15, 0.12, 0.05, 0.01, 0.10), levels(0.001, 0.0004, 0.0015, 0.01, 0.002, 0.9851))
            .identifies().termFrequency().survives(SurvivorshipRule.MOST_COMPLETE)
            .names("company", "companyname", "accountname", "organization", "organisation", "organizationname", "employer",
                    "associatedcompany")),
    WEBSITE("website", "A website address", define(RuleType.WEBSITE, KeyKind.WEBSITE)
            .compared(ComparatorKind.EXACT, levels(0.85, 0.15), levels(0.0005, 0.9995))
            .termFrequency().survives(SurvivorshipRule.MOST_RECENT)
            .names("website", "websiteurl", "url", "web", "homepage", "domain")),
    EXTERNAL_ID("external_id", "A record id issued by a CRM or another system", define(RuleType.TEXT, KeyKind.CODE)
            .compared(ComparatorKind.EXACT, levels(0.10, 0.90), levels(0.000001, 0.999999))
            .survives(SurvivorshipRule.OLDEST)
            .names("id", "contactid", "recordid", "hsobjectid", "leadid", "customerid", "userid", "externalid", "recid")),
    NATIONAL_ID("national_id", "A national identifier such as a social security number", define(RuleType.TEXT, KeyKind.CODE)
            .compared(ComparatorKind.WITHIN_TWO_EDITS, levels(0.80, 0.10, 0.04, 0.06), levels(0.00001, 0.0001, 0.0005, 0.99939))
            .identifies().personal().survives(SurvivorshipRule.MOST_FREQUENT)
            .names("ssn", "socsecid", "socialsecuritynumber", "nationalid", "nationalidentifier", "taxid")),
    COMPANY_ID("company_id", "A company identifier: a registration number, VAT id or D-U-N-S number", define(RuleType.TEXT, KeyKind.COMPANY_ID)
            .compared(ComparatorKind.COMPANY_ID, levels(0.90, 0.10), levels(0.00001, 0.99999))
            .identifies().survives(SurvivorshipRule.MOST_FREQUENT)
            .names("companyid", "vat", "vatid", "vatnumber", "vatregistrationnumber", "ustid", "ustidnr", "duns", "dunsnumber",
                    "companyregistrationnumber", "companynumber", "registrationnumber", "crn"));

    /**
     * The automatic blocking passes, most selective first; a pass is used when every role it needs is compared. Several
     * cheap passes with different keys find the pairs that one key would miss because of a typo in it. The order
     * matters: a pair is scored once, in the first pass that finds it, and broad passes come last because on large
     * inputs only their most selective blocks survive the per-pass pair budget.
     */
    private static final List<BlockingPass> BLOCKING_PASSES = List.of(
            pass(part(EMAIL, EXACT)),
            pass(part(EMAIL, LOCAL_PART)),
            pass(part(EMAIL, DOMAIN), part(FIRST_NAME, INITIAL)),
            pass(part(PHONE, EXACT)),
            pass(part(NATIONAL_ID, EXACT)),
            pass(part(COMPANY_ID, EXACT)),
            pass(part(EXTERNAL_ID, EXACT)),
            // both names with their umlauts written one way: Jürgen Müller, Juergen Mueller and Jurgen Muller share a block
            pass(part(FIRST_NAME, SPELLING), part(LAST_NAME, SPELLING)),
            pass(part(FULL_NAME, EXACT)),
            pass(part(LAST_NAME, PHONETIC), part(POSTAL_CODE, EXACT)),
            pass(part(FIRST_NAME, INITIAL), part(BIRTH_DATE, EXACT)),
            // a record with a first name and no last name meets one whose names are swapped: its first name stands for the
            // last name it lacks (Maja with no last name / Novak Maja, born the same day)
            pass(new BlockingPass.Part(LAST_NAME, PHONETIC, FIRST_NAME), part(BIRTH_DATE, EXACT)),
            // first and last name swapped with a typo in either: neither name's code agrees, their initials do
            new BlockingPass(List.of(part(FIRST_NAME, INITIAL), part(LAST_NAME, INITIAL), part(BIRTH_DATE, EXACT)), true),
            pass(part(FULL_NAME, PHONETIC), part(BIRTH_DATE, EXACT)),
            new BlockingPass(List.of(part(FIRST_NAME, PHONETIC), part(LAST_NAME, PHONETIC)), true),
            pass(part(FIRST_NAME, EXACT), part(LAST_NAME, PREFIX), part(BIRTH_DATE, YEAR)),
            pass(part(BIRTH_DATE, EXACT), part(CITY, PLACE_PREFIX)),
            // broad passes
            pass(part(LAST_NAME, PREFIX), part(BIRTH_DATE, YEAR)),
            pass(part(FIRST_NAME, EXACT), part(BIRTH_DATE, YEAR)),
            pass(part(LAST_NAME, EXACT), part(CITY, PLACE_PREFIX)),
            pass(part(FIRST_NAME, EXACT), part(CITY, PLACE_PREFIX)),
            pass(part(BIRTH_DATE, EXACT), part(POSTAL_CODE, EXACT)),
            pass(part(POSTAL_CODE, EXACT), part(HOUSE_NUMBER, EXACT)),
            pass(part(STREET, EXACT), part(HOUSE_NUMBER, EXACT)),
            pass(part(STREET, NUMBER), part(POSTAL_CODE, EXACT)),
            pass(part(STREET, NUMBER), part(CITY, PLACE_PREFIX)),
            pass(part(STREET, NUMBER), part(STREET, PHONETIC)),
            pass(part(FULL_NAME, PHONETIC), part(POSTAL_CODE, EXACT)),
            pass(part(FULL_NAME, PHONETIC), part(CITY, PLACE)),
            // the name as its key reads now: a company stored as Grossmann und Söhne before the key wrote and in the other
            // languages read and, or as Kamlit &amp; Venvel before it read HTML entities, is met by a new record of the name,
            // whose key is grossmann and sohne, kamlit and venvel
            pass(part(COMPANY, READ)),
            pass(part(COMPANY, PHONETIC), part(POSTAL_CODE, EXACT)),
            pass(part(COMPANY, PHONETIC), part(CITY, PLACE_PREFIX)),
            pass(part(COMPANY, INITIAL), part(POSTAL_CODE, EXACT)),
            pass(part(WEBSITE, EXACT)),
            pass(part(COMPANY, PHONETIC)));

    static {
        for (final Role role : values()) {
            requireRole(role, role.swapPartnerKey);
            role.impliedByKeys.forEach(implying -> requireRole(role, implying));
            role.coveredByKeys.forEach(covering -> requireRole(role, covering));
            requireRole(role, role.partOfKey);
        }
    }

    private final String key;
    private final String description;
    private final RuleType cleaningRule;
    private final KeyKind keyKind;
    private final ComparisonDefaults comparison;
    private final String swapPartnerKey;
    private final List<String> impliedByKeys;
    private final boolean comparedWhenRecognised;
    private final List<String> coveredByKeys;
    private final String partOfKey;
    private final SurvivorshipRule survivorship;
    private final boolean identifying;
    private final boolean distinguishing;
    private final boolean personal;
    private final boolean familyName;
    private final boolean mailbox;
    private final List<String> fieldNames;

    Role(final String key, final String description, final Definition definition) {
        this.key = key;
        this.description = description;
        this.cleaningRule = definition.cleaningRule;
        this.keyKind = definition.keyKind;
        this.comparison = Objects.requireNonNull(definition.comparison, key);
        this.swapPartnerKey = definition.swapPartnerKey;
        this.impliedByKeys = List.copyOf(definition.impliedByKeys);
        this.comparedWhenRecognised = definition.comparedWhenRecognised;
        this.coveredByKeys = List.copyOf(definition.coveredByKeys);
        this.partOfKey = definition.partOfKey;
        this.survivorship = Objects.requireNonNull(definition.survivorship, key);
        this.identifying = definition.identifying;
        this.distinguishing = definition.distinguishing;
        this.personal = definition.personal;
        this.familyName = definition.familyName;
        this.mailbox = definition.mailbox;
        this.fieldNames = List.copyOf(definition.fieldNames);
    }

    /** The lower-case name used in property names and explanations, e.g. {@code first_name}. */
    public String getKey() {
        return key;
    }

    public String getDescription() {
        return description;
    }

    /** The rule that cleans values of this role. */
    public RuleType getCleaningRule() {
        return cleaningRule;
    }

    /** How values of this role are keyed for matching. */
    public KeyKind getKeyKind() {
        return keyKind;
    }

    /** How keys of this role are compared and weighed when nothing is estimated from the data. */
    public ComparisonDefaults getComparison() {
        return comparison;
    }

    /** The role whose values may be swapped with this one's (first and last name), compared on the level {@code swapped}. */
    public Optional<Role> getSwapPartner() {
        return fromKey(swapPartnerKey);
    }

    /**
     * The roles whose exact agreement makes agreement on this one no further evidence: the same postcode, or the same
     * street address line, makes the same city no further evidence, and a different city no evidence against it (sources
     * write a district or the city).
     */
    public List<Role> getImpliedBy() {
        return impliedByKeys.stream().map(implying -> fromKey(implying).orElseThrow()).toList();
    }

    /** Whether a field recognised as this role by its name is compared without configuration. */
    public boolean isComparedWhenRecognised() {
        return comparedWhenRecognised;
    }

    /**
     * The roles that carry the same evidence as this one when a record has them too: a full name recognised besides a
     * first or last name is not compared by zero configuration, so that agreement on the name is counted once.
     */
    public List<Role> getCoveredBy() {
        return coveredByKeys.stream().map(covering -> fromKey(covering).orElseThrow()).toList();
    }

    /**
     * The role whose values may hold this one's as a word (a street line {@code 12 Main St} holds the house number
     * {@code 12}): where both records' values do, this field's agreement is already counted there and is not counted
     * again.
     */
    public Optional<Role> getPartOf() {
        return fromKey(partOfKey);
    }

    /**
     * Whether the role says who a customer is (names, company, birth date, national id, company id), rather than where it is or how
     * to reach it: two records that clearly disagree on such a field are different customers even when a key rule
     * (the same email, the same website) would link them, so a shared {@code info@} address or switchboard number
     * never glues two companies or people together. Addresses and contact details change; identities do not.
     */
    public boolean isIdentifying() {
        return identifying;
    }

    /**
     * Whether two records that disagree outright on the role are two people however much else they share, unless a
     * {@link #isPersonal() personal} value agrees: a given name. A household shares an address, a landline and an email, an
     * office a switchboard, an email domain and the company: agreeing on all of them does not make Mary and John Smith one
     * person. The matcher holds such a pair apart: it goes to review at most. A last name is no such role (it changes at
     * marriage: see {@link #isFamilyName()}), nor a company (people change jobs).
     */
    public boolean isDistinguishing() {
        return distinguishing;
    }

    /**
     * Whether the role is a family name: two records whose values differ outright (neither alike, nor swapped with the
     * given name, nor sharing a word: {@code Smith-Jones} and {@code Jones}) and that each hold a {@link #isMailbox()
     * mailbox} of their own at one organisation's domain are two people, unless a {@link #isPersonal() personal} value
     * agrees. Colleagues of one given name share a switchboard, an office, the company and its email domain: that does not
     * make Mary Smith (mary.smith@acme.com) and Mary Jones (mjones@acme.com) one person. A family name alone does not
     * tell people apart: it changes at marriage, often with the address, and the mailbox then is all that may stay.
     */
    public boolean isFamilyName() {
        return familyName;
    }

    /**
     * Whether a value of the role is a mailbox: one person's own where it agrees exactly (a son seldom shares his
     * father's, as he does a landline), each colleague's own at the organisation's domain. A household may share one, so
     * a mailbox never makes two given names one person. A phone is no such value: an office's switchboard and a
     * household's landline are shared, and a key does not say whether a number is a mobile.
     */
    public boolean isMailbox() {
        return mailbox;
    }

    /**
     * Whether a value of the role is one person's own, never shared by a household or an office: a birth date, a national
     * id. Two records agreeing on one (exactly or but for a typo) may name one person under two given names (a given name
     * mistyped beyond recognition, or a second given name used), so a given name's disagreement does not hold them apart.
     */
    public boolean isPersonal() {
        return personal;
    }

    /** The survivorship rule a merge uses for this role unless configured otherwise. */
    public SurvivorshipRule getSurvivorship() {
        return survivorship;
    }

    /**
     * The field names recognised as this role, lower-case letters and digits only ({@code mailingzippostalcode}); see
     * {@link FieldRoles} for the prefixes and trailing numbers that are read past.
     */
    public List<String> getFieldNames() {
        return fieldNames;
    }

    /** The blocking passes this role takes part in, in pass order. */
    public List<BlockingPass> getBlockingPasses() {
        return BLOCKING_PASSES.stream().filter(pass -> pass.uses(this)).toList();
    }

    /** Every automatic blocking pass, in the order they run. */
    public static List<BlockingPass> allBlockingPasses() {
        return BLOCKING_PASSES;
    }

    /** The role whose key is the given name (case-insensitive, spaces and hyphens read as underscores). */
    public static Optional<Role> fromKey(final String name) {
        if (name == null) {
            return Optional.empty();
        }
        final String wanted = name.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        for (final Role role : values()) {
            if (role.key.equals(wanted)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    private static void requireRole(final Role role, final String otherKey) {
        if (otherKey != null && fromKey(otherKey).isEmpty()) {
            throw new IllegalStateException("The role " + role.key + " refers to " + otherKey + ", which is not a role");
        }
    }

    private static Definition define(final RuleType cleaningRule, final KeyKind keyKind) {
        return new Definition(cleaningRule, keyKind);
    }

    private static double[] levels(final double... probabilities) {
        return probabilities;
    }

    private static BlockingPass.Part part(final Role role, final BlockingTransform transform) {
        return new BlockingPass.Part(role, transform);
    }

    private static BlockingPass pass(final BlockingPass.Part... parts) {
        return new BlockingPass(List.of(parts), false);
    }

    /** What a constant declares, written as a chain so that each role reads as one sentence. */
    private static final class Definition {
        private final RuleType cleaningRule;
        private final KeyKind keyKind;
        private final List<String> fieldNames = new ArrayList<>();
        private ComparisonDefaults comparison;
        private double[] m;
        private double[] u;
        private String swapPartnerKey;
        private final List<String> impliedByKeys = new ArrayList<>();
        private boolean comparedWhenRecognised = true;
        private final List<String> coveredByKeys = new ArrayList<>();
        private String partOfKey;
        private SurvivorshipRule survivorship;
        private boolean identifying;
        private boolean distinguishing;
        private boolean personal;
        private boolean familyName;
        private boolean mailbox;

        private Definition(final RuleType cleaningRule, final KeyKind keyKind) {
            this.cleaningRule = cleaningRule;
            this.keyKind = keyKind;
        }

        private Definition compared(final ComparatorKind comparator, final double[] defaultM, final double[] defaultU) {
            this.m = defaultM;
            this.u = defaultU;
            this.comparison = new ComparisonDefaults(comparator, m, u, false);
            return this;
        }

        private Definition termFrequency() {
            this.comparison = new ComparisonDefaults(comparison.getComparator(), m, u, true);
            return this;
        }

        private Definition swapsWith(final String partnerKey) {
            this.swapPartnerKey = partnerKey;
            return this;
        }

        private Definition impliedBy(final String... implyingKeys) {
            impliedByKeys.addAll(List.of(implyingKeys));
            return this;
        }

        private Definition coveredBy(final String... coveringKeys) {
            coveredByKeys.addAll(List.of(coveringKeys));
            return this;
        }

        private Definition partOf(final String wholeKey) {
            this.partOfKey = wholeKey;
            return this;
        }

        private Definition notComparedWhenRecognised() {
            this.comparedWhenRecognised = false;
            return this;
        }

        private Definition identifies() {
            this.identifying = true;
            return this;
        }

        private Definition distinguishes() {
            this.distinguishing = true;
            return this;
        }

        private Definition personal() {
            this.personal = true;
            return this;
        }

        private Definition familyName() {
            this.familyName = true;
            return this;
        }

        private Definition mailbox() {
            this.mailbox = true;
            return this;
        }

        private Definition survives(final SurvivorshipRule rule) {
            this.survivorship = rule;
            return this;
        }

        private Definition names(final String... normalisedNames) {
            fieldNames.addAll(List.of(normalisedNames));
            return this;
        }
    }
}
