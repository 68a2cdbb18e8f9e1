package dev.nificrm.roles;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises the role of a field from its name as Salesforce, HubSpot, Dynamics 365, Zoho and common CSV exports
 * spell it: {@code MailingPostalCode}, {@code zip}, {@code address1_postalcode} and {@code Mailing Zip} are all
 * {@link Role#POSTAL_CODE}.
 * <p>
 * A name is compared after lower-casing and dropping everything but letters and digits; then, if it is not known as
 * such, after dropping a CRM address prefix ({@code mailing}, {@code other}, {@code address1}...) and a trailing
 * number ({@code Phone 2}, {@code emailaddress3}). Names that could mean several things ({@code Name}, which is a
 * company in an Account and a person in a Contact) are not recognised: set their role with a dynamic property.
 */
public final class FieldRoles {
    private static final List<String> PREFIXES = List.of("mailing", "other", "billing", "shipping", "primary", "secondary",
            "business", "work", "home", "address1", "address2", "address3", "contact", "person", "lead", "customer");

    // Read-only after class initialisation: recognise() only reads it, from any thread.
    private static final Map<String, Role> NAMES = buildNames();

    private FieldRoles() {
    }

    private static Map<String, Role> buildNames() {
        final Map<String, Role> names = new HashMap<>();
        add(names, Role.FIRST_NAME, "firstname", "givenname", "forename", "fname", "first");
        add(names, Role.MIDDLE_NAME, "middlename", "middleinitial");
        add(names, Role.LAST_NAME, "lastname", "surname", "familyname", "lname", "last");
        add(names, Role.FULL_NAME, "fullname", "contactname", "personname");
        add(names, Role.EMAIL, "email", "emailaddress", "mail", "secondaryemail", "hsadditionalemails", "workemail", "personalemail");
        add(names, Role.PHONE, "phone", "phonenumber", "telephone", "tel", "mobile", "mobilephone", "mobilephonenumber", "cellphone",
                "cell", "fax", "faxnumber", "businessfax", "assistantphone", "asstphone", "businessphone");
        add(names, Role.STREET, "street", "streetaddress", "address", "addressline", "line", "street1", "street2", "street3", "line1",
                "line2", "line3", "addressline1", "addressline2");
        add(names, Role.HOUSE_NUMBER, "streetnumber", "housenumber", "buildingnumber");
        add(names, Role.CITY, "city", "town", "suburb", "locality");
        add(names, Role.POSTAL_CODE, "postalcode", "postcode", "zip", "zipcode", "zippostalcode", "mailingzippostalcode", "plz");
        add(names, Role.STATE, "state", "province", "stateorprovince", "stateprovince", "stateregion", "region", "county");
        add(names, Role.COUNTRY, "country", "countryregion", "countrycode", "nation");
        add(names, Role.BIRTH_DATE, "birthdate", "dateofbirth", "dob", "birthday");
        add(names, Role.DATE, "createddate", "createdate", "createdon", "createdtime", "createdat", "lastmodifieddate", "modifiedon",
                "modifiedtime", "modifiedat", "updatedat", "systemmodstamp", "lastactivitydate", "lastactivitytime", "closedate",
                "converteddate", "subscriptiondate", "date");
        add(names, Role.COMPANY, "company", "companyname", "accountname", "organization", "organisation", "organizationname",
                "employer", "associatedcompany");
        add(names, Role.WEBSITE, "website", "websiteurl", "url", "web", "homepage", "domain");
        add(names, Role.EXTERNAL_ID, "id", "contactid", "recordid", "hsobjectid", "leadid", "customerid", "userid", "externalid", "recid");
        add(names, Role.NATIONAL_ID, "ssn", "socsecid", "socialsecuritynumber", "nationalid", "nationalidentifier", "taxid");
        return Map.copyOf(names);
    }

    private static void add(final Map<String, Role> names, final Role role, final String... normalisedNames) {
        for (final String name : normalisedNames) {
            final Role previous = names.put(name, role);
            if (previous != null && previous != role) {
                throw new IllegalStateException("The field name " + name + " is listed for both " + previous + " and " + role);
            }
        }
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
