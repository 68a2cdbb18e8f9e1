package dev.nificrm.roles;

import java.util.Set;

/**
 * What the name of a field mapped to {@link Role#COMPANY_ID} says of the identifiers it holds: a field named for
 * D-U-N-S numbers ({@code DunsNumber}, {@code duns_number}, {@code DUNS__c}) holds D-U-N-S numbers, one named for VAT ids
 * ({@code VATNumber}, {@code vat_id}, {@code USt-IdNr}, {@code BTW}, {@code Partita IVA}) the VAT ids of its record's
 * country, and any other ({@code RegistrationNumber}, {@code company_id}) says nothing. The matcher reads a value without a
 * kind of its own (nine digits: a D-U-N-S number, or a German VAT id written without its prefix?) by it.
 * <pre>
 * CompanyIdentifierField.named("DunsNumber"); // DUNS_NUMBER
 * CompanyIdentifierField.named("VAT__c");     // VAT_ID
 * CompanyIdentifierField.named("Identifier"); // UNNAMED
 * </pre>
 */
public enum CompanyIdentifierField {
    /** A field of D-U-N-S numbers. */
    DUNS_NUMBER,
    /** A field of VAT ids, written with or without their country's prefix. */
    VAT_ID,
    /** A field whose name says nothing of the identifiers' kind. */
    UNNAMED;

    /** Names of VAT id fields, lower-case letters and digits only, in the languages of the VAT countries. */
    private static final Set<String> VAT_NAMES = Set.of("vat", "vatid", "vatno", "vatnr", "vatnumber", "vatregistrationnumber",
            "vatregistration", "vatreg", "ustid", "ustidnr", "ustidnummer", "umsatzsteuerid", "umsatzsteueridentifikationsnummer",
            "btw", "btwnummer", "btwnr", "tva", "numerotva", "notva", "iva", "partitaiva", "nif", "nifiva", "cif", "mwst", "mwstnr",
            "kmkr", "pvm", "dds", "momsnr", "alv");

    /** The kind of identifiers a field of this name holds; {@link #UNNAMED} for null. */
    public static CompanyIdentifierField named(final String fieldName) {
        if (fieldName == null) {
            return UNNAMED;
        }
        String name = FieldRoles.normalise(fieldName);
        // a Salesforce custom field: DUNS__c, VAT_Number__c
        if (fieldName.endsWith("__c") && name.length() > 1) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.contains("duns")) {
            return DUNS_NUMBER;
        }
        return VAT_NAMES.contains(name) ? VAT_ID : UNNAMED;
    }
}
