package dev.nificrm.clean;

import java.util.Optional;

/**
 * Normalises a country to its ISO 3166-1 alpha-2 code with {@link Countries}: {@code "United States"},
 * {@code "USA"}, {@code "U.S.A."} and {@code "usa"} all become {@code US}, and so does the ISO 3166-1 numeric code
 * {@code "840"} (three digits: {@code "036"} is AU); an unknown country is a reason, and another number ({@code 12345},
 * {@code 36}, {@code 999}) is said to be one.
 */
public final class CountryRule implements ValueRule {
    static final String NUMBER = "holds a number where one country value is expected";

    @Override
    public CleanResult clean(final String value, final String region) {
        final Optional<String> code = isNumber(value) ? Countries.resolveNumeric(value) : Countries.resolve(value);
        if (code.isEmpty()) {
            return CleanResult.invalid(isNumber(value) ? NUMBER : "unknown country");
        }
        return CleanResult.of(value, code.get());
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
