package dev.nificrm.mapping;

import dev.nificrm.mapping.CrmSchema.Entity;
import dev.nificrm.roles.Role;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The canonical contact and account model that every preset reads into and writes from: one field per concept, named
 * by its {@link #getKey() key}, with the entities it belongs to and the {@link Role} it plays, if any. A field that is a
 * role is named after it ({@code first_name}); a more specific concept names the role it plays ({@code mobile_phone} is
 * a phone, {@code record_id} an external id); CRM bookkeeping without a role ({@code owner}, {@code industry}) has
 * none. Presets are checked against this model when they are loaded, so a misspelt canonical name in a preset
 * resource fails at once instead of silently mapping nothing.
 */
public enum CanonicalField {
    RECORD_ID("record_id", Role.EXTERNAL_ID, Entity.CONTACT, Entity.ACCOUNT),
    EXTERNAL_ID(Role.EXTERNAL_ID, Entity.CONTACT, Entity.ACCOUNT),
    SALUTATION("salutation", null, Entity.CONTACT),
    FIRST_NAME(Role.FIRST_NAME, Entity.CONTACT),
    MIDDLE_NAME(Role.MIDDLE_NAME, Entity.CONTACT),
    LAST_NAME(Role.LAST_NAME, Entity.CONTACT),
    SUFFIX("suffix", null, Entity.CONTACT),
    EMAIL(Role.EMAIL, Entity.CONTACT),
    EMAIL_2("email_2", Role.EMAIL, Entity.CONTACT),
    /** A third email, as Dynamics 365 keeps one ({@code emailaddress3}). */
    EMAIL_3("email_3", Role.EMAIL, Entity.CONTACT),
    PHONE(Role.PHONE, Entity.CONTACT, Entity.ACCOUNT),
    MOBILE_PHONE("mobile_phone", Role.PHONE, Entity.CONTACT),
    HOME_PHONE("home_phone", Role.PHONE, Entity.CONTACT),
    /** A phone that is neither business, mobile nor home: Salesforce's and Zoho's other phone, Dynamics 365's telephone3. */
    OTHER_PHONE("other_phone", Role.PHONE, Entity.CONTACT),
    FAX("fax", Role.PHONE, Entity.CONTACT, Entity.ACCOUNT),
    STREET(Role.STREET, Entity.CONTACT, Entity.ACCOUNT),
    CITY(Role.CITY, Entity.CONTACT, Entity.ACCOUNT),
    STATE(Role.STATE, Entity.CONTACT, Entity.ACCOUNT),
    POSTAL_CODE(Role.POSTAL_CODE, Entity.CONTACT, Entity.ACCOUNT),
    COUNTRY(Role.COUNTRY, Entity.CONTACT, Entity.ACCOUNT),
    BIRTH_DATE(Role.BIRTH_DATE, Entity.CONTACT),
    COMPANY(Role.COMPANY, Entity.CONTACT, Entity.ACCOUNT),
    JOB_TITLE("job_title", null, Entity.CONTACT),
    DEPARTMENT("department", null, Entity.CONTACT),
    WEBSITE(Role.WEBSITE, Entity.CONTACT, Entity.ACCOUNT),
    LEAD_SOURCE("lead_source", null, Entity.CONTACT),
    LIFECYCLE_STAGE("lifecycle_stage", null, Entity.CONTACT, Entity.ACCOUNT),
    LEAD_STATUS("lead_status", null, Entity.CONTACT, Entity.ACCOUNT),
    RATING("rating", null, Entity.CONTACT),
    /** Whether a lead was converted (Salesforce's IsConverted; a Dynamics 365 lead in state Qualified); unknown for other records. */
    CONVERTED("converted", null, Entity.CONTACT),
    /** The day a lead was converted (Salesforce's ConvertedDate). */
    CONVERTED_AT("converted_at", Role.DATE, Entity.CONTACT),
    EMAIL_OPT_OUT("email_opt_out", null, Entity.CONTACT),
    /**
     * An account's D-U-N-S number, the one company identifier among the four CRMs' standard account fields (Salesforce's
     * {@code DunsNumber}); a VAT id or registration number lives in an org's own field. It plays the role company_id, so
     * MatchCRMRecord links a renamed company by it and holds a parent and its subsidiary apart.
     */
    DUNS_NUMBER("duns_number", Role.COMPANY_ID, Entity.ACCOUNT),
    /**
     * The number an org gives an account (Salesforce's AccountNumber, Dynamics 365's accountnumber, Zoho's Account_Number), often its
     * customer number in another system; HubSpot has none. No role: two orgs number their accounts each their own way.
     */
    ACCOUNT_NUMBER("account_number", null, Entity.ACCOUNT),
    /** A listed company's ticker symbol (Salesforce's TickerSymbol, Dynamics 365's tickersymbol, Zoho's Ticker_Symbol); HubSpot has none. */
    TICKER_SYMBOL("ticker_symbol", null, Entity.ACCOUNT),
    /**
     * An account's Standard Industrial Classification code, four digits some of which start with 0 (0111, wheat): Salesforce's
     * Sic, Dynamics 365's sic, Zoho's SIC_Code (a number field there); HubSpot has no standard property for it. Text, so the
     * 0 stays. No role: an industry, not a company's identity.
     */
    SIC_CODE("sic_code", null, Entity.ACCOUNT),
    /** What an account's SIC code stands for, in words: Salesforce's SicDesc (the other CRMs have no such field). */
    SIC_DESCRIPTION("sic_description", null, Entity.ACCOUNT),
    /** The year a company was founded: Salesforce's YearStarted, HubSpot's founded_year (Dynamics 365 and Zoho have no such field). */
    YEAR_FOUNDED("year_founded", null, Entity.ACCOUNT),
    ACCOUNT_TYPE("account_type", null, Entity.ACCOUNT),
    INDUSTRY("industry", null, Entity.CONTACT, Entity.ACCOUNT),
    /** An account's revenue, or a lead's company's. */
    ANNUAL_REVENUE("annual_revenue", null, Entity.ACCOUNT, Entity.CONTACT),
    /** An account's head count, or a lead's company's: a number, or the range HubSpot's contact keeps it as ({@code 25-50}). */
    EMPLOYEES("employees", null, Entity.ACCOUNT, Entity.CONTACT),
    DESCRIPTION("description", null, Entity.CONTACT, Entity.ACCOUNT),
    OWNER("owner", null, Entity.CONTACT, Entity.ACCOUNT),
    CREATED_AT("created_at", Role.DATE, Entity.CONTACT, Entity.ACCOUNT),
    MODIFIED_AT("modified_at", Role.DATE, Entity.CONTACT, Entity.ACCOUNT);

    private final String key;
    private final Role role;
    private final Set<Entity> entities;

    CanonicalField(final Role role, final Entity first, final Entity... more) {
        this(role.getKey(), role, first, more);
    }

    CanonicalField(final String key, final Role role, final Entity first, final Entity... more) {
        this.key = key;
        this.role = role;
        this.entities = Set.copyOf(EnumSet.of(first, more));
    }

    /** The field name in the canonical model, e.g. {@code mobile_phone}. */
    public String getKey() {
        return key;
    }

    /** The role the field plays, if any. */
    public Optional<Role> getRole() {
        return Optional.ofNullable(role);
    }

    /** Whether the field belongs to records of the entity. */
    public boolean belongsTo(final Entity entity) {
        return entities.contains(entity);
    }

    /** The canonical field of the given name (exact, lower case), if the model has one. */
    public static Optional<CanonicalField> fromKey(final String name) {
        if (name == null) {
            return Optional.empty();
        }
        final String wanted = name.toLowerCase(Locale.ROOT);
        for (final CanonicalField field : values()) {
            if (field.key.equals(wanted)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
