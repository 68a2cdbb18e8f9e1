package dev.nificrm.roles;

/**
 * How a role's raw values are turned into comparison keys for matching. Only the kind is declared here, by each
 * {@link Role}; the match package's {@code ComparisonKeys} implements it.
 */
public enum KeyKind {
    /** Lower-case letters and digits without accents, words separated by one space. */
    FOLDED,
    /**
     * Folded, without a title before the name or an academic or professional suffix after it ({@code Dr. John} is
     * {@code john}, {@code Smith, PhD} is {@code smith}); a generation ({@code Jr.}, {@code Sr.}, {@code III}) is kept: it
     * tells a father from his son.
     */
    PERSON_NAME,
    /** Lower case without a {@code +tag} in the local part. */
    EMAIL,
    /** E.164, or the digits of a number libphonenumber cannot read. */
    PHONE,
    /** {@code yyyyMMdd}. */
    DATE,
    /** Upper-case letters and digits only: postcodes, identifiers, house numbers. */
    CODE,
    /**
     * A company identifier: a {@link #CODE}; a European VAT id (a country prefix and that country's national format) as
     * its national part and itself written one way, two values ({@code DE 123.456.789} is {@code 123456789} and
     * {@code DE123456789}, so {@code 123456789} agrees with it; {@code GR} is written {@code EL}, {@code CHE-123.456.789
     * MWST} {@code CHE123456789}); other identifiers keep their letters ({@code HRB 12345}, {@code SC123456}).
     */
    COMPANY_ID,
    /**
     * Folded, with {@code St}, {@code Sankt}, {@code Skt} and {@code Sint} written {@code saint} and {@code Ste} {@code sainte}
     * ({@code St. Louis} = {@code Saint Louis}, {@code St. Gallen} = {@code Sankt Gallen}).
     */
    PLACE,
    /** Folded, with street-type abbreviations written out ({@code st} → {@code street}). */
    STREET,
    /** Folded, without legal forms ({@code inc}, {@code gmbh}...). */
    COMPANY,
    /**
     * A country: the ISO 3166-1 alpha-2 code, in lower case, of a value CleanCRMRecord reads as a country ({@code US},
     * {@code USA}, {@code United States of America}, {@code Vereinigte Staaten} and {@code 840} are {@code us}); any
     * other value {@link #FOLDED}.
     */
    COUNTRY,
    /** The host name without scheme, path and {@code www.}. */
    WEBSITE
}
