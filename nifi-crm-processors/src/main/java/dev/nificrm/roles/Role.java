package dev.nificrm.roles;

import java.util.Locale;
import java.util.Optional;

/**
 * The part a field plays in a customer record: the one vocabulary of the bundle. Cleaning decides how to normalise a
 * role, matching how to compare it, mapping how each CRM names it. Dynamic properties of every processor are named
 * by a role's {@link #getKey() key} ({@code phone} → {@code /Phone, /MobilePhone}).
 */
public enum Role {
    FIRST_NAME("first_name", "A given name"),
    MIDDLE_NAME("middle_name", "A middle name or initial"),
    LAST_NAME("last_name", "A family name (surname)"),
    FULL_NAME("full_name", "A whole person name in one field"),
    EMAIL("email", "An email address"),
    PHONE("phone", "A telephone, mobile or fax number"),
    STREET("street", "A street address line"),
    HOUSE_NUMBER("house_number", "A house or street number kept apart from the street"),
    CITY("city", "A city, town or suburb"),
    POSTAL_CODE("postal_code", "A postal code (ZIP, postcode)"),
    STATE("state", "A state, province or region"),
    COUNTRY("country", "A country"),
    BIRTH_DATE("birth_date", "A date of birth"),
    DATE("date", "A date or timestamp other than a birth date (created, modified, closed...)"),
    COMPANY("company", "A company or account name"),
    WEBSITE("website", "A website address"),
    EXTERNAL_ID("external_id", "A record id issued by a CRM or another system"),
    NATIONAL_ID("national_id", "A national identifier such as a social security number");

    private final String key;
    private final String description;

    Role(final String key, final String description) {
        this.key = key;
        this.description = description;
    }

    /** The lower-case name used in property names and explanations, e.g. {@code first_name}. */
    public String getKey() {
        return key;
    }

    public String getDescription() {
        return description;
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
}
