package dev.nificrm.clean;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Normalises a country to its ISO 3166-1 alpha-2 code with {@link Countries}: {@code "United States"},
 * {@code "USA"}, {@code "U.S.A."} and {@code "usa"} all become {@code US}, and so does the ISO 3166-1 numeric code
 * {@code "840"} (three digits: {@code "036"} is AU); an unknown country is a reason, a former one ({@code Netherlands
 * Antilles}) or a name of two ({@code Congo}) one that names the countries of today, and another number ({@code 12345},
 * {@code 36}, {@code 999}) is said to be one. The text of a whole number with a fraction of zeros ({@code "276.0"}, as Java
 * writes the double a reader with a schema of strings read) is read as that number is when a reader typed it. A number a reader typed ({@code 36} of JSON, or {@code "036"} a CSV reader
 * inferred as an int) is read by {@link #numericCode} as the code whose leading zeros were dropped.
 */
public final class CountryRule implements ValueRule {
    static final String NUMBER = "holds a number where one country value is expected";
    static final String UNKNOWN = "unknown country";
    private static final BigDecimal MAX_CODE = BigDecimal.valueOf(999);

    @Override
    public CleanResult clean(final String value, final String region) {
        final String code = code(value);
        if (code != null) {
            return CleanResult.of(value, code);
        }
        if (isNumber(value)) {
            return CleanResult.invalid(NUMBER);
        }
        final String notOneCountryToday = Countries.notOneCountryToday(value);
        return CleanResult.invalid(notOneCountryToday != null ? notOneCountryToday : UNKNOWN);
    }

    /**
     * The ISO 3166-1 alpha-2 code this rule writes for a value ({@code "United States"}, {@code "USA"}, {@code "840"} and
     * {@code "840.0"} are {@code US}), or null where it writes none: an unknown country, a former one, a name of two,
     * another number. The one reading of a country that MatchCRMRecord keys and reads company names and identifiers by.
     */
    public static String code(final String value) {
        if (!isNumber(value)) {
            return Countries.resolve(value).orElse(null);
        }
        // the text of a whole number with a fraction of zeros (276.0: a JSON double a reader with a schema of strings wrote
        // as Java writes it, or a spreadsheet's number column with decimals) is the number, as a reader typing it gives it
        final String whole = NumberDigits.ofWholeDecimal(value);
        if (whole == null) {
            return Countries.resolveNumeric(value).orElse(null);
        }
        final String numericCode = whole.length() <= MAX_CODE.precision() ? numericCode(Integer.parseInt(whole)) : null;
        return numericCode == null ? null : Countries.resolveNumeric(numericCode).orElseThrow();
    }

    /**
     * The three digits of the ISO 3166-1 numeric code a number a reader typed is: a whole number of one to three digits
     * ({@code 36} → {@code "036"}, {@code 276.0} → {@code "276"}, {@code 4L} → {@code "004"}) whose leading zeros it dropped;
     * null for any other number ({@code 36.5}, {@code -36}, {@code 12345}) and for three digits that are no country's code
     * ({@code 999}).
     */
    public static String numericCode(final Number number) {
        final long whole;
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            whole = number.longValue();
        } else if (number instanceof Double || number instanceof Float) {
            final double value = number.doubleValue();
            if (value != Math.rint(value) || Double.isInfinite(value)) {
                return null;
            }
            whole = (long) value;
        } else if (number instanceof BigInteger || number instanceof BigDecimal) {
            final BigDecimal value = number instanceof BigInteger integer ? new BigDecimal(integer) : (BigDecimal) number;
            if (value.signum() < 0 || value.compareTo(MAX_CODE) > 0 || value.stripTrailingZeros().scale() > 0) {
                return null;
            }
            whole = value.longValue();
        } else {
            return null;
        }
        if (whole < 0 || whole > MAX_CODE.longValue()) {
            return null;
        }
        final String code = String.format(Locale.ROOT, "%03d", whole);
        return Countries.resolveNumeric(code).isPresent() ? code : null;
    }

    /** Digits, possibly with spaces, signs and a decimal point, and no letter. */
    private static boolean isNumber(final String value) {
        boolean digit = false;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (Character.isDigit(c)) {
                digit = true;
            } else if (c != ' ' && c != '.' && c != ',' && c != '-' && c != '+') {
                return false;
            }
        }
        return digit;
    }
}
