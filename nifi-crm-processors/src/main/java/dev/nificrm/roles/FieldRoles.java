package dev.nificrm.roles;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises the role of a field from its name (the names each {@link Role} lists) as Salesforce, HubSpot, Dynamics 365, Zoho and common CSV exports
 * spell it: {@code MailingPostalCode}, {@code zip}, {@code address1_postalcode} and {@code Mailing Zip} are all
 * {@link Role#POSTAL_CODE}.
 * <p>
 * A name is compared after lower-casing and dropping everything but letters and digits; then, if it is not known as
 * such, after dropping a CRM address prefix ({@code mailing}, {@code other}, {@code address1}...) and a trailing
 * number ({@code Phone 2}, {@code emailaddress3}). Names that could mean several things ({@code Name}, which is a
 * company in an Account and a person in a Contact) are not recognised one by one: {@link RecognisedRoles} decides them
 * from the other fields of the schema.
 */
public final class FieldRoles {
    private static final List<String> PREFIXES = List.of("mailing", "other", "billing", "shipping", "primary", "secondary",
            "business", "work", "home", "address1", "address2", "address3", "contact", "person", "lead", "customer");

    private static final String DOMAIN_SUFFIX = "domain";

    // Read-only after class initialisation: recognise() only reads it, from any thread.
    private static final Map<String, Role> NAMES = buildNames();

    private FieldRoles() {
    }

    private static Map<String, Role> buildNames() {
        final Map<String, Role> names = new HashMap<>();
        for (final Role role : Role.values()) {
            for (final String name : role.getFieldNames()) {
                final Role previous = names.put(name, role);
                if (previous != null && previous != role) {
                    throw new IllegalStateException("The field name " + name + " is listed for both " + previous + " and " + role);
                }
            }
        }
        return Map.copyOf(names);
    }

    /** The role the field name stands for, if it is a name CRMs use for one role only. */
    public static Optional<Role> recognize(final String fieldName) {
        if (fieldName == null) {
            return Optional.empty();
        }
        final String normalised = normalise(fieldName);
        Role role = NAMES.get(normalised);
        if (role == null) {
            role = NAMES.get(stripTrailingDigits(normalised));
        }
        if (role == null) {
            for (final String prefix : PREFIXES) {
                if (normalised.length() > prefix.length() && normalised.startsWith(prefix)) {
                    final String rest = normalised.substring(prefix.length());
                    role = NAMES.get(rest);
                    if (role == null) {
                        role = NAMES.get(stripTrailingDigits(rest));
                    }
                    if (role != null) {
                        break;
                    }
                }
            }
        }
        return Optional.ofNullable(role);
    }

    /**
     * The cleaning rule of the field a name stands for: its role's, except that a name ending in {@code domain}
     * ({@code domain}, {@code company_domain}, {@code email_domain}, {@code Website Domain}) holds a bare domain name, as
     * HubSpot's company {@code domain} does, not a website's address: {@link RuleType#DOMAIN}, whatever role the name has
     * ({@code domain} is a {@link Role#WEBSITE website} to match on, {@code company_domain} none). Empty for a name of no role.
     */
    public static Optional<RuleType> cleaningRule(final String fieldName) {
        if (fieldName != null && stripTrailingDigits(normalise(fieldName)).endsWith(DOMAIN_SUFFIX)) {
            return Optional.of(RuleType.DOMAIN);
        }
        return recognize(fieldName).map(Role::getCleaningRule);
    }

    /**
     * The CRM address prefix a field name starts with, which the fields of one address share: {@code billing} for
     * {@code BillingCountry} and {@code Billing Zip}, {@code address2} for {@code address2_postalcode}; empty when the
     * name has none ({@code Country}, {@code Zip}).
     */
    public static String addressPrefix(final String fieldName) {
        if (fieldName == null) {
            return "";
        }
        final String normalised = normalise(fieldName);
        for (final String prefix : PREFIXES) {
            if (normalised.length() > prefix.length() && normalised.startsWith(prefix)) {
                return prefix;
            }
        }
        return "";
    }

    /** Lower-case letters and digits only: {@code "Mailing Zip/Postal Code"} → {@code mailingzippostalcode}. */
    static String normalise(final String fieldName) {
        final StringBuilder builder = new StringBuilder(fieldName.length());
        for (int i = 0; i < fieldName.length(); i++) {
            final char c = fieldName.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                builder.append(Character.toLowerCase(c));
            }
        }
        return builder.toString().toLowerCase(Locale.ROOT);
    }

    private static String stripTrailingDigits(final String name) {
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
            end--;
        }
        return name.substring(0, end);
    }
}
