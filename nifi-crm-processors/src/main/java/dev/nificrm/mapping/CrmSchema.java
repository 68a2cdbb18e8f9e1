package dev.nificrm.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The CRM record layouts with a built-in preset. Each preset is a JSON resource under
 * {@code dev/nificrm/mapping/presets/} with a {@code read} specification (CRM fields → canonical fields) and a
 * {@code write} specification (canonical fields → CRM fields), so any source reaches any target of the same entity.
 */
public enum CrmSchema {
    SALESFORCE_CONTACT("Salesforce Contact", "Salesforce", "salesforce-contact", Entity.CONTACT),
    HUBSPOT_CONTACT("HubSpot Contact", "HubSpot", "hubspot-contact", Entity.CONTACT),
    DYNAMICS_365_CONTACT("Dynamics 365 Contact", "Dynamics 365", "dynamics365-contact", Entity.CONTACT),
    ZOHO_CONTACT("Zoho Contact", "Zoho", "zoho-contact", Entity.CONTACT),
    /** A lead is a contact that is not yet a customer: its company, lead status and rating travel with it (HubSpot keeps leads as contacts). */
    SALESFORCE_LEAD("Salesforce Lead", "Salesforce", "salesforce-lead", Entity.CONTACT),
    ZOHO_LEAD("Zoho Lead", "Zoho", "zoho-lead", Entity.CONTACT),
    DYNAMICS_365_LEAD("Dynamics 365 Lead", "Dynamics 365", "dynamics365-lead", Entity.CONTACT),
    SALESFORCE_ACCOUNT("Salesforce Account", "Salesforce", "salesforce-account", Entity.ACCOUNT),
    HUBSPOT_COMPANY("HubSpot Company", "HubSpot", "hubspot-company", Entity.ACCOUNT),
    DYNAMICS_365_ACCOUNT("Dynamics 365 Account", "Dynamics 365", "dynamics365-account", Entity.ACCOUNT),
    ZOHO_ACCOUNT("Zoho Account", "Zoho", "zoho-account", Entity.ACCOUNT);

    private final String displayName;
    private final String crmName;
    private final String resourceName;
    private final Entity entity;

    CrmSchema(final String displayName, final String crmName, final String resourceName, final Entity entity) {
        this.displayName = displayName;
        this.crmName = crmName;
        this.resourceName = resourceName;
        this.entity = entity;
    }

    /** The name operators see, e.g. {@code Salesforce Contact}. */
    public String getDisplayName() {
        return displayName;
    }

    /** The CRM the layout belongs to, as reasons name it, e.g. {@code HubSpot} for HubSpot Company. */
    public String getCrmName() {
        return crmName;
    }

    /** The preset file name without {@code .json}. */
    public String getResourceName() {
        return resourceName;
    }

    public Entity getEntity() {
        return entity;
    }

    /** What a record describes; presets map only between schemas of the same entity. */
    public enum Entity {
        CONTACT("contact"), ACCOUNT("account");

        private final String key;

        Entity(final String key) {
            this.key = key;
        }

        @JsonValue
        public String getKey() {
            return key;
        }

        /** The entity of a key as presets write it ({@code contact}, {@code account}). */
        @JsonCreator
        public static Entity fromKey(final String key) {
            for (final Entity entity : values()) {
                if (entity.key.equals(key)) {
                    return entity;
                }
            }
            throw new IllegalArgumentException("Unknown entity '" + key + "': expected contact or account");
        }
    }
}
