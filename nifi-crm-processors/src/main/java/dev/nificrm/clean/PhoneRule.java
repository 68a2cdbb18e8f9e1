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
 * system reads it back, and it keeps the dialable part a clean E.164 prefix. It is read after {@code x}, {@code ext} or
 * {@code #}, and after the word of another language read ({@code Durchwahl}, {@code poste}, {@code ramal}, {@code interno}). A number written with the international
 * prefix {@code 00} that does not read as a national number of the region (as in {@code 001-672-799-2170}, common in
 * US exports) is read as {@code +}.
 * <p>
 * How strictly a number is checked is a choice: {@link Validation#POSSIBLE} accepts any number whose length fits
 * its country's numbering plan and, for a {@code +1} number, whose area code and exchange have the North American
 * Numbering Plan's form (unassigned area codes pass), {@link Validation#VALID} additionally requires the number range to
 * be assigned in libphonenumber's metadata.
 * <pre>
 * "(240)452-2332x4601" (region US) → "+12404522332;ext=4601"
 * "030 1234567"        (region DE) → "+49301234567"
 * "12345"              (region US) → reason "not a valid number for region US"
 * "011.396.7875"       (region US) → reason "not a valid number of Italy (+39), read after the international prefix dialled from region US"
 * "01 23 45 67 89"     (region US) → reason "area code starting with 0, ...: a national number of France (+33) without its country code?"
 * "020 7946 0000"      (region US) → reason "not a valid number for region US: another country's national number (with its trunk 0) ..."
 * "+1-939-130-6258"    (region US) → reason "exchange (the 3 digits after the area code) starting with 0 or 1, ..."
 * "212-411-1234"       (region US) → reason "exchange (the 3 digits after the area code) 211 to 911 is a service code (N11), ..."
 * "1-800-411-1234"     (region US) → "+18004111234" (a toll-free number, whose area code names no area, may have one)
 * "4.155550100E9"      (region US) → "+14155550100" (a spreadsheet's writing, every digit there)
 * "4.15555E+09"        (region US) → reason "digits lost in a spreadsheet's scientific notation: ..." (Excel's display)
 * "4.1555501E9"        (region US) → "+14155550100" (as Java writes the double 4155550100.0)
 * "4.15555010012E9"    (region US) → reason "a number with a fraction, not a phone number" (the double 4155550100.12)
 * "089 1234 / 089 5678" (region DE) → reason "holds more than one phone number"
 * </pre>
 */
public final class PhoneRule implements ValueRule {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String EXTENSION_SEPARATOR = ";ext=";
    /**
     * The words for an extension in the other languages the processor reads, which libphonenumber does not know (it reads
     * ext, extension, x, #, int and Spanish anexo): German Durchwahl, DW and Nebenstelle, French poste, Portuguese ramal,
     * Italian and Spanish interno, Dutch toestel and tst, Swedish anknytning and ankn, Danish lokal, Polish wew and wewn.
     */
    private static final Set<String> EXTENSION_WORDS = Set.of("durchwahl", "dw", "nebenstelle", "poste", "ramal", "interno", "toestel",
            "tst", "anknytning", "ankn", "lokal", "wew", "wewn");
    private static final int MAX_EXTENSION_WORD = 11;
    static final String DIGITS_LOST = "digits lost in a spreadsheet's scientific notation: format the column as text before exporting";
    /** A number with a fraction written as Java writes a double ({@code 4.15555010012E9}): every digit there, but no phone's. */
    static final String FRACTION = "a number with a fraction, not a phone number";
    static final String SIGN = "a sign other than one leading +: not a phone number";
    /**
     * The North American Numbering Plan's own form of a number: area code (NPA) and exchange (NXX) are [2-9]XX, and N11
     * codes (211 to 911) are service codes, never area codes, nor exchanges of an area's numbers. A number of another
     * form is no number of any +1 country, whichever ranges are in use; most often it is another country's national
     * number, which starts with a trunk 0.
     */
    static final String AREA_CODE_FROM_0 = "area code starting with 0, which no North American number has";
    /** What a number written from a trunk 0 and rejected in a +1 region most likely is, when no one country's it is. */
    static final String WITHOUT_COUNTRY_CODE = "another country's national number (with its trunk 0) without its country code?";
    static final String AREA_CODE_FROM_0_WITHOUT_COUNTRY_CODE = AREA_CODE_FROM_0 + ": " + WITHOUT_COUNTRY_CODE;
    static final String AREA_CODE_FROM_1 = "area code starting with 1, which no North American number has";
    static final String AREA_CODE_N11 = "area code 211 to 911 is a service code (N11), never a North American area code";
    static final String EXCHANGE_FROM_0_OR_1 = "exchange (the 3 digits after the area code) starting with 0 or 1, which no North American number has";
    static final String EXCHANGE_N11 = "exchange (the 3 digits after the area code) 211 to 911 is a service code (N11), "
            + "never the exchange of a North American area's number";
    /**
     * The kinds of number whose area code names no area (toll-free 8XX, premium-rate 900, personal 5XX, Canada's 600 and
     * 622...): dialled with their area code always, they may have an N11 exchange ({@code 1-800-411-...}).
     */
    private static final Set<PhoneNumberUtil.PhoneNumberType> NON_GEOGRAPHIC_TYPES = Set.of(PhoneNumberUtil.PhoneNumberType.TOLL_FREE,
            PhoneNumberUtil.PhoneNumberType.PREMIUM_RATE, PhoneNumberUtil.PhoneNumberType.PERSONAL_NUMBER,
            PhoneNumberUtil.PhoneNumberType.SHARED_COST, PhoneNumberUtil.PhoneNumberType.VOIP, PhoneNumberUtil.PhoneNumberType.UAN,
            PhoneNumberUtil.PhoneNumberType.PAGER, PhoneNumberUtil.PhoneNumberType.VOICEMAIL);
    private static final long EXCHANGE_DIVISOR = 10_000L;
    private static final long AREA_CODE_DIVISOR = 10_000_000L;
    private static final long EXCHANGE_FIRST_DIGIT_DIVISOR = 1_000_000L;
    private static final Set<String> SUPPORTED_REGIONS = Set.copyOf(UTIL.getSupportedRegions());
    /** The regions of the North American Numbering Plan (country code 1), looked up once rather than per value. */
    private static final Set<String> NORTH_AMERICAN_REGIONS = Set.copyOf(UTIL.getRegionCodesForCountryCode(1));
    /** The country codes of the countries whose national numbers are dialled after a trunk 0 (44, 33, 49...), but 1. */
    /** The fewest digits, with its trunk 0, of a national number named as another country's: shorter ones are valid somewhere. */
    private static final int MIN_NATIONAL_DIGITS_WITH_TRUNK_ZERO = 8;
    private static final int[] TRUNK_ZERO_COUNTRY_CODES = SUPPORTED_REGIONS.stream().filter(region -> "0".equals(UTIL.getNddPrefixForRegion(region, true)))
            .mapToInt(UTIL::getCountryCodeForRegion).filter(countryCode -> countryCode != 1).distinct().sorted().toArray();

    /** How strictly a parsed number is checked. */
    public enum Validation {
        /** The length fits the country's numbering plan; a +1 number's area code and exchange have the plan's form. */
        POSSIBLE,
        /** The number is in a range assigned in libphonenumber's metadata, and a +1 number's exchange is no N11 code. */
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

    /**
     * Whether the reason is one for a +1 number of a form the North American Numbering Plan cannot have (an area code from
     * 0 with what the number most likely is, or without).
     */
    static boolean isNorthAmericanFormFault(final String reason) {
        return reason.startsWith(AREA_CODE_FROM_0) || AREA_CODE_FROM_1.equals(reason) || AREA_CODE_N11.equals(reason)
                || EXCHANGE_FROM_0_OR_1.equals(reason) || EXCHANGE_N11.equals(reason);
    }

    /**
     * Whether a number this rule wrote ({@code +390612345678}, with or without {@code ;ext=}) lies in a range assigned in
     * libphonenumber's metadata, as Valid Number requires.
     */
    static boolean isAssigned(final String e164) {
        final int extension = e164.indexOf(EXTENSION_SEPARATOR);
        final PhoneNumber number = parse(extension < 0 ? e164 : e164.substring(0, extension), "ZZ");
        return number != null && UTIL.isValidNumber(number);
    }

    /** Whether libphonenumber knows the numbering plan of the region (ISO 3166-1 alpha-2, upper case). */
    public static boolean isSupportedRegion(final String region) {
        return region != null && SUPPORTED_REGIONS.contains(region);
    }

    @Override
    public CleanResult clean(final String value, final String region) {
        if (validation == Validation.POSSIBLE && isNorthAmericanE164(value)
                && northAmericanFormFault(false, Long.parseLong(value, 2, 12, 10)) == null) {
            // what the general path gives too: a ten-digit NANP number of the plan's form is possible
            return CleanResult.unchanged(value);
        }
        final String englishExtension = withEnglishExtensionWord(value);
        if (englishExtension != value) {
            final CleanResult result = clean(englishExtension, region);
            return result.isValid() ? CleanResult.changed(result.getValue()) : result;
        }
        if (hasSignOtherThanOneLeadingPlus(value)) {
            // libphonenumber skips signs: -2404522332 (a number a reader typed as negative) and +-1 240... were +12404522332
            return CleanResult.invalid(SIGN);
        }
        final CleanResult number = writtenAsNumber(value);
        if (number != null) {
            if (!number.isValid()) {
                return number;
            }
            final CleanResult result = clean(number.getValue(), region);
            return result.isValid() ? CleanResult.changed(result.getValue()) : result;
        }
        final String parseRegion = region != null && isSupportedRegion(region) ? region : defaultRegion;
        if (holdsSeveralNumbers(value, parseRegion)) {
            // libphonenumber reads the digits of "089 1234 / 089 5678" as one number, a number nobody has
            return CleanResult.invalid("holds more than one phone number");
        }
        final PhoneNumber northAmerican = parseNorthAmerican(value, parseRegion);
        if (northAmerican == null) {
            return cleanGeneral(value, parseRegion, null);
        }
        if (validation == Validation.VALID ? !UTIL.isValidNumber(northAmerican) || EXCHANGE_N11.equals(northAmericanFormFault(northAmerican))
                : northAmericanFormFault(northAmerican) != null) {
            return checked(value, parseRegion, northAmerican, false);
        }
        // E.164 of a +1 number is "+1" and its national number; a ten-digit NANP number of the plan's form is possible
        final String e164 = "+1" + northAmerican.getNationalNumber();
        return CleanResult.of(value, northAmerican.hasExtension() ? e164 + EXTENSION_SEPARATOR + northAmerican.getExtension() : e164);
    }

    /**
     * The value with the word for an extension in another language read, before its last digits, written {@code ext}
     * as libphonenumber reads it ({@code 030 1234567 Durchwahl 12} → {@code 030 1234567 ext 12}, {@code poste 123} →
     * {@code ext 123}); the value itself when it has none. Read from the end, without a pattern: most phones have no
     * letter, and their last character is a digit before no word.
     */
    static String withEnglishExtensionWord(final String value) {
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == ')')) {
            end--;
        }
        int digitsStart = end;
        while (digitsStart > 0 && value.charAt(digitsStart - 1) >= '0' && value.charAt(digitsStart - 1) <= '9') {
            digitsStart--;
        }
        int wordEnd = digitsStart;
        while (wordEnd > 0 && (value.charAt(wordEnd - 1) == ' ' || value.charAt(wordEnd - 1) == '.' || value.charAt(wordEnd - 1) == ':')) {
            wordEnd--;
        }
        int wordStart = wordEnd;
        while (wordStart > 0 && Character.isLetter(value.charAt(wordStart - 1))) {
            wordStart--;
        }
        if (digitsStart == end || wordStart == wordEnd || wordEnd - wordStart > MAX_EXTENSION_WORD
                || !EXTENSION_WORDS.contains(value.substring(wordStart, wordEnd).toLowerCase(Locale.ROOT))) {
            return value;
        }
        return value.substring(0, wordStart) + "ext" + value.substring(wordEnd);
    }

    /**
     * Whether the value has a sign other than the one leading {@code +} of an international number: a minus or dash before
     * its first digit ({@code -2404522332}), a sign right after the plus ({@code +-1}, {@code ++1}), or one at its end
     * (SAP writes a negative number {@code 2404522332-}). Hyphens between digits are separators and not looked at.
     */
    static boolean hasSignOtherThanOneLeadingPlus(final String value) {
        int first = 0;
        while (first < value.length() && value.charAt(first) == ' ') {
            first++;
        }
        if (first == value.length()) {
            return false;
        }
        int last = value.length() - 1;
        while (value.charAt(last) == ' ') {
            last--;
        }
        int next = first;
        if (value.charAt(first) == '+') {
            next++;
            while (next <= last && value.charAt(next) == ' ') {
                next++;
            }
        }
        return next <= last && NumberDigits.isSign(value.charAt(next)) || last > first && NumberDigits.isSign(value.charAt(last));
    }

    /**
     * A phone written as a number rather than as a phone, as its digits: as Java writes a double ({@code 4.1555501E9}:
     * what a reader whose schema types the field as a string makes of the JSON number 4155550100.0, and NiFi's record
     * writers write of a double), as a spreadsheet writes a decimal ({@code 4155550100.0}) or scientific notation with
     * every digit ({@code 4.155550100E+09}): {@code 4155550100}, a changed result to read as the phone. Rejected with
     * {@link #DIGITS_LOST} when digits are missing ({@code 4.1555501E+09}, a spreadsheet's display with its signed
     * exponent; {@code 4.41236E11}, a double of one), and with {@link #FRACTION} when Java's double has a fraction
     * ({@code 4.15555010012E9} is 4155550100.12: a phone number is whole). Null for a value not written as a number,
     * as phones usually are: that costs a look at its first characters and nothing allocated. MatchCRMRecord's phone
     * keys read phones so too, so that a phone and the same phone written as a number agree, and neither takes a key from
     * a rejected one.
     */
    public static CleanResult writtenAsNumber(final String value) {
        // a double as Java writes it holds every digit of a phone number; a spreadsheet's display has a signed exponent
        final String javaDouble = NumberDigits.ofJavaDouble(value);
        if (javaDouble != null && javaDouble.indexOf('E') < 0 && !NumberDigits.isAllDigits(javaDouble)) {
            // 4155550100.12: every digit there, with a fraction no phone number has; not one whose digits were lost
            return CleanResult.invalid(FRACTION);
        }
        final String written = javaDouble != null && NumberDigits.isAllDigits(javaDouble) ? javaDouble : spreadsheetDigits(value);
        if (written == null) {
            return null;
        }
        return written.isEmpty() ? CleanResult.invalid(DIGITS_LOST) : CleanResult.changed(written);
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
        String retriedFormFault = null;
        if (!acceptable) {
            final String international = withInternationalPrefixAsPlus(value);
            if (international != null) {
                final PhoneNumber retried = parse(international, parseRegion);
                if (isAcceptable(retried)) {
                    number = retried;
                    acceptable = true;
                } else {
                    // 001-041-859-3844: a +1 number after 00, of a form no North American number has
                    retriedFormFault = formFault(international, retried);
                }
            }
        }
        if (!acceptable) {
            final String formFault = formFault(value, number);
            if (formFault != null || retriedFormFault != null) {
                return CleanResult.invalid(formFault != null ? formFault : retriedFormFault);
            }
            if (number == null) {
                return CleanResult.invalid(hasDigits(value) ? "not a valid number for region " + parseRegion : "not a phone number");
            }
            if (UTIL.isPossibleNumberWithReason(number) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY) {
                return CleanResult.invalid("local number without its area code");
            }
            if (number.getCountryCode() != UTIL.getCountryCodeForRegion(parseRegion)) {
                // 011.396.7875 in the US is +39 67875: "for region US" would name a country the number is not read in
                return CleanResult.invalid(notValidOfCountryCode(number.getCountryCode())
                        + (isWrittenWithPlus(value) ? "" : ", read after the international prefix dialled from region " + parseRegion));
            }
            // 020 7946 0000 in a +1 region: a UK number without its +44, as ten digits from 0 are (the form fault's reason)
            final String otherCountry = NORTH_AMERICAN_REGIONS.contains(parseRegion) ? anotherCountrysNationalNumber(value, number) : null;
            return CleanResult.invalid("not a valid number for region " + parseRegion + (otherCountry == null ? "" : ": " + otherCountry));
        }
        final String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        if (number.isItalianLeadingZero() && !readsBackAsItself(e164, parseRegion)) {
            // zeros after a trunk zero where the country's numbers have none (0.000.0.0 in DE is +4900000): an E.164 string that
            // libphonenumber reads back as another number (+490000), each reading another; a number with a leading zero of
            // its own (Italy's +390612345678, Côte d'Ivoire's) reads back as itself
            return CleanResult.invalid("not a phone number");
        }
        final String formatted = number.hasExtension() && !number.getExtension().isEmpty() ? e164 + EXTENSION_SEPARATOR + number.getExtension() : e164;
        return CleanResult.of(value, formatted);
    }

    /**
     * The digits of a number a spreadsheet or a program wrote as a decimal: {@code 4155550100.0}, or in scientific
     * notation with every digit ({@code 4.155550100E9}, {@code 4.155550100E+09}). An empty string when it is written in
     * scientific notation without every digit ({@code 4.15555E+09}: Excel's display, the last digits are lost); null for
     * every other value.
     */
    static String spreadsheetDigits(final String value) {
        final int length = value.length();
        int i = 0;
        while (i < length && isAsciiDigit(value.charAt(i))) {
            i++;
        }
        if (i == 0 || i == length || value.charAt(i) != '.' && value.charAt(i) != 'e' && value.charAt(i) != 'E') {
            return null;
        }
        final int integerEnd = i;
        int fractionEnd = i;
        if (value.charAt(i) == '.') {
            i++;
            while (i < length && isAsciiDigit(value.charAt(i))) {
                i++;
            }
            fractionEnd = i;
        }
        if (i == length) {
            // a decimal: a number only when its fraction is zeros (4155550100.0)
            for (int j = integerEnd + 1; j < fractionEnd; j++) {
                if (value.charAt(j) != '0') {
                    return null;
                }
            }
            return fractionEnd > integerEnd + 1 ? value.substring(0, integerEnd) : null;
        }
        if (value.charAt(i) != 'e' && value.charAt(i) != 'E') {
            return null;
        }
        i++;
        if (i < length && value.charAt(i) == '+') {
            i++;
        }
        final int exponentStart = i;
        while (i < length && isAsciiDigit(value.charAt(i))) {
            i++;
        }
        if (i != length || i == exponentStart || i - exponentStart > 2) {
            return null;
        }
        final int fractionDigits = Math.max(0, fractionEnd - integerEnd - 1);
        if (fractionDigits != Integer.parseInt(value, exponentStart, length, 10)) {
            return "";
        }
        return fractionDigits == 0 ? value.substring(0, integerEnd) : value.substring(0, integerEnd) + value.substring(integerEnd + 1, fractionEnd);
    }

    /**
     * Whether the value holds two or more numbers separated by {@code /}, a comma, a semicolon, a bar or a line break:
     * every part with digits is a possible number on its own, of seven digits or more, written with digits and
     * punctuation only ({@code 555-0100 / 555-0199}, local numbers included), or
     * every part after the first starts as a number of its own, with {@code +} or a trunk {@code 0}, and every part has
     * six digits or more ({@code 0171 12345 / 0172 123}). A slash after an area code ({@code 030/1234567}) and an
     * extension after a comma or semicolon ({@code ;ext=12}) leave a part that is no number, so the value is one number.
     */
    private static boolean holdsSeveralNumbers(final String value, final String region) {
        int start = 0;
        int parts = 0;
        boolean everyPartPossible = true;
        boolean everyLaterPartStartsANumber = true;
        boolean everyPartLong = true;
        for (int i = 0; i <= value.length(); i++) {
            if (i < value.length() && !isNumberSeparator(value.charAt(i))) {
                continue;
            }
            if (i == value.length() && parts == 0) {
                // no separator, or none before a part with digits: one value, as the reader reads it
                return false;
            }
            final String part = value.substring(start, i).trim();
            start = i + 1;
            final int digits = countDigits(part);
            if (digits == 0) {
                continue;
            }
            if (parts > 0 && !(part.charAt(0) == '+' || part.charAt(0) == '0' || part.startsWith("(0") || part.startsWith("(+"))) {
                everyLaterPartStartsANumber = false;
            }
            everyPartLong &= digits >= 6;
            // seven digits at least: an area code before a slash (030/..., 033762/...) has six at most, with its 0
            everyPartPossible &= digits >= 7;
            if (everyPartPossible) {
                // only digits and punctuation: ";ext=12" and ", ext. 12" are extensions of the number before them
                final PhoneNumber number = isDialable(part) ? parse(part, region) : null;
                everyPartPossible = number != null && UTIL.isPossibleNumber(number);
            }
            parts++;
        }
        return parts >= 2 && (everyPartPossible || everyLaterPartStartsANumber && everyPartLong);
    }

    private static boolean isDialable(final String part) {
        for (int i = 0; i < part.length(); i++) {
            final char c = part.charAt(i);
            if (!isAsciiDigit(c) && c != ' ' && c != '+' && c != '-' && c != '.' && c != '(' && c != ')') {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumberSeparator(final char c) {
        return c == '/' || c == ',' || c == ';' || c == '|' || c == '\n';
    }

    private static int countDigits(final String value) {
        int digits = 0;
        for (int i = 0; i < value.length(); i++) {
            if (isAsciiDigit(value.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }

    private static boolean isAsciiDigit(final char c) {
        return c >= '0' && c <= '9';
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
        // libphonenumber's metadata has every exchange of an assigned area code (212-411-1234 is "valid"): N11 ones are no number
        return validation == Validation.VALID ? UTIL.isValidNumber(number) && !EXCHANGE_N11.equals(northAmericanFormFault(number))
                : UTIL.isPossibleNumberWithReason(number) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE && northAmericanFormFault(number) == null;
    }

    /**
     * Why a possible number of country code 1 does not have the North American Numbering Plan's form (area code and
     * exchange [2-9]XX, neither N11 but the exchange of a non-geographic number), or null when it has it or is of another
     * country. A possible +1 number has ten digits; libphonenumber keeps a leading zero of the national number apart from
     * its value.
     */
    private static String northAmericanFormFault(final PhoneNumber number) {
        return number.getCountryCode() == 1 ? northAmericanFormFault(number.isItalianLeadingZero(), number.getNationalNumber()) : null;
    }

    /**
     * The reason for a number of another country code than the region's, which a {@code +} or the region's international
     * prefix gave it: {@code "not a valid number of Italy (+39)"}, the country libphonenumber names first for the code,
     * or the code alone where it names none (the non-geographic {@code +800}).
     */
    private static String notValidOfCountryCode(final int countryCode) {
        final String region = UTIL.getRegionCodeForCountryCode(countryCode);
        return "not a valid number of " + (UTIL.getSupportedRegions().contains(region)
                ? Locale.of("", region).getDisplayCountry(Locale.ENGLISH) + " (+" + countryCode + ")" : "country code +" + countryCode);
    }

    /**
     * The reason Possible Number rejects a number of a possible length that is no North American number by its form, naming
     * the part, and suggesting a missing country code when the value starts with a trunk 0; null for every other number.
     * In Valid Number only an N11 exchange, which libphonenumber's metadata accepts, has this reason; the others stay
     * libphonenumber's.
     */
    private String formFault(final String value, final PhoneNumber number) {
        if (number == null || UTIL.isPossibleNumberWithReason(number) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE) {
            return null;
        }
        final String fault = northAmericanFormFault(number);
        if (validation == Validation.VALID) {
            return EXCHANGE_N11.equals(fault) ? fault : null;
        }
        if (AREA_CODE_FROM_0.equals(fault) && firstDigitIsZero(value)) {
            final String otherCountry = anotherCountrysNationalNumber(value, number);
            return otherCountry == null ? AREA_CODE_FROM_0_WITHOUT_COUNTRY_CODE : AREA_CODE_FROM_0 + ": " + otherCountry;
        }
        return fault;
    }

    /**
     * What a number written from one trunk 0 and read in a +1 region, where it is no number, most likely is: the national
     * number of the one country whose valid number it is, written in that country's groups ({@code 01 23 45 67 89}, France
     * (+33)); another country's ({@link #WITHOUT_COUNTRY_CODE}) when the digits after the 0 are a valid number of several
     * (UK, New Zealand, China and India all write {@code 020 7946 0000}); null when they are none's, or the value is not
     * written from one 0 or has fewer than eight digits. Only a rejected value pays for the look-up: about a hundred country codes checked.
     */
    private static String anotherCountrysNationalNumber(final String value, final PhoneNumber parsed) {
        final String national = UTIL.getNationalSignificantNumber(parsed);
        if (!firstDigitIsZero(value) || national.length() < MIN_NATIONAL_DIGITS_WITH_TRUNK_ZERO || national.charAt(0) != '0' || national.charAt(1) == '0') {
            return null;
        }
        final long withoutTrunkZero = Long.parseLong(national, 1, national.length(), 10);
        final String written = digitGroups(value);
        boolean anyCountry = false;
        PhoneNumber writtenAsItsOwn = null;
        for (final int countryCode : TRUNK_ZERO_COUNTRY_CODES) {
            final PhoneNumber candidate = new PhoneNumber().setCountryCode(countryCode).setNationalNumber(withoutTrunkZero);
            if (!UTIL.isValidNumber(candidate)) {
                continue;
            }
            anyCountry = true;
            if (written.equals(digitGroups(UTIL.format(candidate, PhoneNumberUtil.PhoneNumberFormat.NATIONAL)))) {
                if (writtenAsItsOwn != null) {
                    return WITHOUT_COUNTRY_CODE;
                }
                writtenAsItsOwn = candidate;
            }
        }
        if (writtenAsItsOwn == null) {
            return anyCountry ? WITHOUT_COUNTRY_CODE : null;
        }
        final String region = UTIL.getRegionCodeForNumber(writtenAsItsOwn);
        return "a national number of " + Locale.of("", region).getDisplayCountry(Locale.ENGLISH) + " (+" + writtenAsItsOwn.getCountryCode()
                + ") without its country code?";
    }

    /**
     * The lengths of the runs of digits of a number as written, up to its first letter (an extension's {@code x}):
     * {@code 020 7946 0000} and {@code (020) 7946-0000} are {@code 3 4 4}.
     */
    private static String digitGroups(final String value) {
        final StringBuilder groups = new StringBuilder(16);
        int run = 0;
        for (int i = 0; i < value.length() && !Character.isLetter(value.charAt(i)); i++) {
            if (isAsciiDigit(value.charAt(i))) {
                run++;
            } else if (run > 0) {
                groups.append(run).append(' ');
                run = 0;
            }
        }
        if (run > 0) {
            groups.append(run);
        }
        return groups.toString().trim();
    }

    /** The same for a ten-digit national number given as its leading zero and its value, without a string. */
    private static String northAmericanFormFault(final boolean leadingZero, final long nationalNumber) {
        if (leadingZero) {
            return AREA_CODE_FROM_0;
        }
        final long areaCode = nationalNumber / AREA_CODE_DIVISOR;
        if (areaCode < 200) {
            return AREA_CODE_FROM_1;
        }
        if (areaCode % 100 == 11) {
            return AREA_CODE_N11;
        }
        if (nationalNumber / EXCHANGE_FIRST_DIGIT_DIVISOR % 10 < 2) {
            return EXCHANGE_FROM_0_OR_1;
        }
        // an N11 exchange: 212-411-1234 would be dialled 411 in its area; toll-free and other numbers without an area have them
        return nationalNumber / EXCHANGE_DIVISOR % 100 == 11 && !isNonGeographic(nationalNumber) ? EXCHANGE_N11 : null;
    }

    /** Whether libphonenumber knows the +1 number as one of a kind whose area code names no area (toll-free, premium-rate...). */
    private static boolean isNonGeographic(final long nationalNumber) {
        return NON_GEOGRAPHIC_TYPES.contains(UTIL.getNumberType(new PhoneNumber().setCountryCode(1).setNationalNumber(nationalNumber)));
    }

    /** Whether a {@code +} is written before the first digit ({@code +39 ...}, {@code (+39) ...}): no international prefix was dialled. */
    private static boolean isWrittenWithPlus(final String value) {
        for (int i = 0; i < value.length() && !isAsciiDigit(value.charAt(i)); i++) {
            if (value.charAt(i) == '+') {
                return true;
            }
        }
        return false;
    }

    /** Whether the first digit written is a 0: a national number with a trunk 0, not a +1 or 1 number. */
    private static boolean firstDigitIsZero(final String value) {
        for (int i = 0; i < value.length(); i++) {
            if (isAsciiDigit(value.charAt(i))) {
                return value.charAt(i) == '0';
            }
        }
        return false;
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

    /** Whether libphonenumber reads the E.164 string back as the number it was formatted from. */
    private static boolean readsBackAsItself(final String e164, final String region) {
        final PhoneNumber back = parse(e164, region);
        return back != null && e164.equals(UTIL.format(back, PhoneNumberUtil.PhoneNumberFormat.E164));
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
