package dev.nificrm.clean;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.Locale;
import java.util.Set;

/**
 * Normalises a telephone number to E.164 with libphonenumber, reading national numbers in the record's country.
 * <p>
 * An extension is kept in RFC 3966 form, {@code +15323441362;ext=5610}: it is unambiguous, every libphonenumber-based
 * system reads it back, and it keeps the dialable part a clean E.164 prefix. A number written with the international
 * prefix {@code 00} that does not read as a national number of the region (as in {@code 001-672-799-2170}, common in
 * US exports) is read as {@code +}.
 * <p>
 * How strictly a number is checked is a choice: {@link Validation#POSSIBLE} accepts any number whose length fits
 * its country's numbering plan (unassigned area codes pass), {@link Validation#VALID} additionally requires the number
 * range to be assigned in libphonenumber's metadata.
 * <pre>
 * "(240)452-2332x4601" (region US) → "+12404522332;ext=4601"
 * "030 1234567"        (region DE) → "+49301234567"
 * "12345"              (region US) → reason "not a valid number for region US"
 * </pre>
 */
public final class PhoneRule implements ValueRule {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String EXTENSION_SEPARATOR = ";ext=";
    private static final Set<String> SUPPORTED_REGIONS = Set.copyOf(UTIL.getSupportedRegions());
    /** The regions of the North American Numbering Plan (country code 1), looked up once rather than per value. */
    private static final Set<String> NORTH_AMERICAN_REGIONS = Set.copyOf(UTIL.getRegionCodesForCountryCode(1));

    /** How strictly a parsed number is checked. */
    public enum Validation {
        /** The length fits the country's numbering plan. */
        POSSIBLE,
        /** The number is in a range assigned in libphonenumber's metadata. */
        VALID
    }

    private final String defaultRegion;
    private final Validation validation;

    /**
     * @param defaultRegion the region (ISO 3166-1 alpha-2) for numbers of records whose country is unknown or not a
     *                      libphonenumber region
     * @param validation    how strictly numbers are checked
     */
    public PhoneRule(final String defaultRegion, final Validation validation) {
        final String region = defaultRegion.toUpperCase(Locale.ROOT);
        if (!isSupportedRegion(region)) {
            throw new IllegalArgumentException("Not a region libphonenumber supports: " + defaultRegion);
        }
        this.defaultRegion = region;
        this.validation = validation;
    }

    /** Whether libphonenumber knows the numbering plan of the region (ISO 3166-1 alpha-2, upper case). */
    public static boolean isSupportedRegion(final String region) {
        return region != null && SUPPORTED_REGIONS.contains(region);
    }

    @Override
    public CleanResult clean(final String value, final String region) {
        if (validation == Validation.POSSIBLE && isNorthAmericanE164(value)) {
            // what the general path gives too: every ten-digit NANP number starting with 2-9 is possible
            return CleanResult.unchanged(value);
        }
        final String parseRegion = region != null && isSupportedRegion(region) ? region : defaultRegion;
        final PhoneNumber northAmerican = parseNorthAmerican(value, parseRegion);
        if (northAmerican == null) {
            return cleanGeneral(value, parseRegion, null);
        }
        if (validation == Validation.VALID && !UTIL.isValidNumber(northAmerican)) {
            return checked(value, parseRegion, northAmerican, false);
        }
        // E.164 of a +1 number is "+1" and its national number; every ten-digit NANP number starting with 2-9 is possible
        final String e164 = "+1" + northAmerican.getNationalNumber();
        return CleanResult.of(value, northAmerican.hasExtension() ? e164 + EXTENSION_SEPARATOR + northAmerican.getExtension() : e164);
    }

    /**
     * The general path: libphonenumber's parser (unless the North American reader gave the number), the check, the
     * {@code 00} retry and E.164 formatting. {@link #clean} gives the same results; the tests hold it to that.
     */
    CleanResult cleanGeneral(final String value, final String parseRegion, final PhoneNumber northAmerican) {
        final PhoneNumber number = northAmerican != null ? northAmerican : parse(value, parseRegion);
        return checked(value, parseRegion, number, isAcceptable(number));
    }

    /** The result for a number whose check is known: retried with {@code 00} read as {@code +} when not acceptable. */
    private CleanResult checked(final String value, final String parseRegion, final PhoneNumber parsed, final boolean parsedAcceptable) {
        PhoneNumber number = parsed;
        boolean acceptable = parsedAcceptable;
        if (!acceptable) {
            final String international = withInternationalPrefixAsPlus(value);
            if (international != null) {
                final PhoneNumber retried = parse(international, parseRegion);
                if (isAcceptable(retried)) {
                    number = retried;
                    acceptable = true;
                }
            }
        }
        if (!acceptable) {
            if (number == null) {
                return CleanResult.invalid(hasDigits(value) ? "not a valid number for region " + parseRegion : "not a phone number");
            }
            return CleanResult.invalid(UTIL.isPossibleNumberWithReason(number) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY
                    ? "local number without its area code" : "not a valid number for region " + parseRegion);
        }
        final String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        final String formatted = number.hasExtension() && !number.getExtension().isEmpty() ? e164 + EXTENSION_SEPARATOR + number.getExtension() : e164;
        return CleanResult.of(value, formatted);
    }

    /** {@code +1} and ten digits, the first 2-9: a North American number already in E.164 form. */
    static boolean isNorthAmericanE164(final String value) {
        if (value.length() != 12 || value.charAt(0) != '+' || value.charAt(1) != '1' || value.charAt(2) < '2' || value.charAt(2) > '9') {
            return false;
        }
        for (int i = 3; i < 12; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private boolean isAcceptable(final PhoneNumber number) {
        if (number == null) {
            return false;
        }
        // a number dialable only locally (555-0100 without its area code) has no E.164 form: +15550100 is no number
        return validation == Validation.VALID ? UTIL.isValidNumber(number)
                : UTIL.isPossibleNumberWithReason(number) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE;
    }

    /**
     * Reads the most common CRM phone shapes without libphonenumber's general parser, which costs 5 to 15 microseconds
     * a number: a North American Numbering Plan number ({@code +1} or a national number in a +1 region) written with
     * digits, spaces, dots, hyphens, slashes and parentheses, possibly after {@code 00} instead of {@code +}, and an
     * optional {@code x}/{@code ext} extension. In this
     * plan a national number is always ten digits starting with 2–9, so the result is exactly what the parser gives.
     *
     * @return the number, or null when the value has another shape (the general parser then reads it)
     */
    static PhoneNumber parseNorthAmerican(final String value, final String region) {
        final StringBuilder digits = new StringBuilder(12);
        int extensionStart = -1;
        boolean plus = false;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                if (extensionStart < 0) {
                    digits.append(c);
                }
            } else if (extensionStart >= 0) {
                return null;
            } else if (c == '+' && digits.isEmpty() && !plus) {
                plus = true;
            } else if (c == 'x' || c == 'X') {
                extensionStart = extensionAfter(value, i + 1);
                if (extensionStart < 0) {
                    return null;
                }
                i = extensionStart - 1;
            } else if (c == 'e' || c == 'E') {
                if (!value.regionMatches(true, i, "ext", 0, 3)) {
                    return null;
                }
                extensionStart = extensionAfter(value, value.regionMatches(i + 3, ".", 0, 1) ? i + 4 : i + 3);
                if (extensionStart < 0) {
                    return null;
                }
                i = extensionStart - 1;
            } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')' && c != '/') {
                return null;
            }
        }
        if (!plus && digits.length() == 13 && digits.charAt(0) == '0' && digits.charAt(1) == '0') {
            // 00 1 ...: the international prefix most of the world dials, common in US exports too
            digits.delete(0, 2);
            plus = true;
        }
        final int length = digits.length();
        final int nationalStart;
        final boolean northAmericanRegion = NORTH_AMERICAN_REGIONS.contains(region);
        if (plus || northAmericanRegion && length == 11) {
            if (length != 11 || digits.charAt(0) != '1') {
                return null;
            }
            nationalStart = 1;
        } else if (length == 10 && northAmericanRegion) {
            nationalStart = 0;
        } else {
            return null;
        }
        if (digits.charAt(nationalStart) < '2') {
            return null;
        }
        final PhoneNumber number = new PhoneNumber().setCountryCode(1).setNationalNumber(Long.parseLong(digits, nationalStart, length, 10));
        if (extensionStart >= 0) {
            number.setExtension(value.substring(extensionStart).trim());
        }
        return number;
    }

    /** Where the digits of an extension start after its marker: 1 to 9 digits, optionally after spaces; else -1. */
    private static int extensionAfter(final String value, final int from) {
        int start = from;
        while (start < value.length() && value.charAt(start) == ' ') {
            start++;
        }
        int end = start;
        while (end < value.length() && value.charAt(end) >= '0' && value.charAt(end) <= '9') {
            end++;
        }
        final int digits = end - start;
        return digits >= 1 && digits <= 9 && end == value.length() ? start : -1;
    }

    private static PhoneNumber parse(final String value, final String region) {
        try {
            return UTIL.parse(value, region);
        } catch (final NumberParseException e) {
            return null;
        }
    }

    /** {@code 001-672-...} → {@code +1-672-...}; null when the value does not start with 00 before its first digit. */
    private static String withInternationalPrefixAsPlus(final String value) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (Character.isDigit(c)) {
                if (c == '0' && i + 2 < value.length() && value.charAt(i + 1) == '0' && Character.isDigit(value.charAt(i + 2))
                        && value.charAt(i + 2) != '0') {
                    return "+" + value.substring(i + 2);
                }
                return null;
            }
            if (c == '+') {
                return null;
            }
        }
        return null;
    }

    private static boolean hasDigits(final String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isDigit(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
