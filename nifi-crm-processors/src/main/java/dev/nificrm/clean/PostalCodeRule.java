package dev.nificrm.clean;

import java.util.Locale;
import java.util.Map;

/**
 * Normalises a postal code to its country's written form, where the country's format is known, and checks it.
 * <table>
 * <caption>Formats</caption>
 * <tr><th>country</th><th>written as</th><th>notes</th></tr>
 * <tr><td>US and its territories (PR, VI, GU, AS, MP, FM, MH, PW)</td><td>{@code 12345} or {@code 12345-6789}</td><td>9
 * digits become ZIP+4; 4 or 8 digits get their leading zero back (New England ZIPs lose it when a spreadsheet reads them
 * as numbers), 3 or 7 digits from 5 on their two (005xx to 009xx: Holtsville NY, Puerto Rico, the Virgin Islands); the
 * ZIP from 00501 (Holtsville) to 99950 (Ketchikan AK); 00000 (0 as an integer column holds it) and 99999, the dummies
 * of an unknown ZIP, are rejected with their own reason</td></tr>
 * <tr><td>CA</td><td>{@code K1A 0B1}</td><td>upper case, one space; letters D, F, I, O, Q, U are never used</td></tr>
 * <tr><td>GB</td><td>{@code SW1A 1AA}</td><td>upper case, one space before the three-character inward code, whose
 * letters are never C, I, K, M, O, V; Girobank's {@code GIR 0AA}</td></tr>
 * <tr><td>AU</td><td>{@code 2000}</td><td>4 digits from 0200 (the ANU in Canberra); 3 digits get the leading zero back
 * (Northern Territory 08xx)</td></tr>
 * <tr><td>DE, FR, ES</td><td>{@code 10115}</td><td>5 digits from 01000 (Spain's to 52999, its first two digits the
 * province); 4 digits get the leading zero back</td></tr>
 * <tr><td>IT</td><td>{@code 00100}</td><td>5 digits from 00010; 4, 3 or 2 digits get their leading zeros back (Rome's
 * 00100 is the number 100)</td></tr>
 * <tr><td>AT, BE, CH, LU</td><td>{@code 1010}</td><td>4 digits, the first not 0 (no code of theirs starts with one)</td></tr>
 * <tr><td>DK</td><td>{@code 2100}</td><td>4 digits; 3 digits get the leading zero back (Copenhagen's 08xx and 09xx)</td></tr>
 * <tr><td>SE</td><td>{@code 111 22}</td><td>5 digits, the first not 0, one space after the third</td></tr>
 * <tr><td>FI</td><td>{@code 00100}</td><td>5 digits; 4 or 3 digits get their leading zeros back (Helsinki's 00100 is the
 * number 100)</td></tr>
 * <tr><td>NL</td><td>{@code 1234 AB}</td><td>upper case, one space; never SA, SD or SS</td></tr>
 * <tr><td>SO</td><td>{@code JH 09010}</td><td>two letters (the region) and 5 digits, upper case, one space</td></tr>
 * <tr><td>JP</td><td>{@code 100-0001}</td><td>7 digits, hyphen after the third; the postal mark {@code 〒} before them is
 * dropped; 6 digits without a hyphen get the leading zero back (Hokkaido 0xx)</td></tr>
 * <tr><td>others</td><td>as written, upper case</td><td>a digit at least: every postal code system has them, so
 * {@code true} or a city name is no postal code</td></tr>
 * </table>
 * A code that starts or ends with a sign ({@code -2134}, {@code +01310-100}, {@code 2134-}) is rejected in every country;
 * a hyphen of a Canadian, UK, Dutch or Swedish code stands only where its space does ({@code K1A-0B1}, {@code 111-22}).
 * <p>
 * The CEPT country prefix European addresses were written with for decades ({@code D-10115}, {@code CH-8001},
 * {@code NL-1012 AB}, {@code S-111 22}), also with a space ({@code DK 2100}), is dropped when it names the record's
 * country, and the code checked as that country's; one written with a hyphen that names another country
 * ({@code F-75001} on a German record) is a reason. Without a country, the prefix's country says how the code is
 * checked and written ({@code D-10115} → {@code 10115}). Letters and a space are weaker evidence than a hyphen, as they
 * may be the code's own (Eswatini's {@code S 100}): on another country's record they are read by that country's rule,
 * and without a country they are kept as written when the rest is no code of the prefix's country. A prefix glued to
 * the digits ({@code L1234}, {@code D10115}) is read only on a record of its country (Argentina's {@code B1636} is a
 * code as written).
 */
public final class PostalCodeRule implements ValueRule {
    static final String SIGN = "starts or ends with a sign: not a postal code";
    static final String NOT_JAPANESE = "not a 7-digit Japanese postal code";
    /** Japan's postal mark, written before a postal code on letters and forms (〒), and its circled form (〶). */
    private static final String JAPANESE_POSTAL_MARKS = "\u3012\u3036";
    private static final int JAPANESE_DIGITS = 7;
    private static final int JAPANESE_AREA_DIGITS = 3;
    static final String NOT_SOMALI = "not a Somali postal code (two letters and 5 digits)";
    private static final int SOMALI_REGION_LETTERS = 2;
    private static final int SOMALI_LENGTH = 7;
    static final String OTHER_COUNTRY = "country prefix of the postal code names another country than the record's";
    /**
     * The prefixes CEPT had European postal codes written with (the international vehicle codes: {@code D-10115},
     * {@code F-75001}, {@code CH-8001}), by the ISO 3166-1 country they name, and these countries' ISO codes written the
     * same way since ({@code DE-10115}, {@code SE-111 22}). Not the prefixes that are part of a country's code today
     * ({@code LV-1050}, {@code LT-01100}, {@code MD-2001}): those are kept as written.
     */
    private static final Map<String, String> CEPT_PREFIXES = Map.ofEntries(
            Map.entry("A", "AT"), Map.entry("B", "BE"), Map.entry("CH", "CH"), Map.entry("CZ", "CZ"), Map.entry("D", "DE"),
            Map.entry("DK", "DK"), Map.entry("E", "ES"), Map.entry("F", "FR"), Map.entry("FI", "FI"), Map.entry("SF", "FI"),
            Map.entry("FL", "LI"), Map.entry("GR", "GR"), Map.entry("H", "HU"), Map.entry("I", "IT"), Map.entry("L", "LU"),
            Map.entry("N", "NO"), Map.entry("NL", "NL"), Map.entry("P", "PT"), Map.entry("PL", "PL"), Map.entry("S", "SE"),
            Map.entry("SK", "SK"), Map.entry("AT", "AT"), Map.entry("BE", "BE"), Map.entry("DE", "DE"), Map.entry("ES", "ES"),
            Map.entry("FR", "FR"), Map.entry("HU", "HU"), Map.entry("IT", "IT"), Map.entry("LI", "LI"), Map.entry("LU", "LU"),
            Map.entry("NO", "NO"), Map.entry("PT", "PT"), Map.entry("SE", "SE"));
    private static final int MAX_PREFIX_LENGTH = 2;
    private static final String GIROBANK = "GIR0AA";
    private static final String NOT_US = "not a US ZIP code";
    static final String PLACEHOLDER_ZIP = "00000 or 99999, a placeholder for an unknown ZIP code: not a US ZIP code";
    private static final int ZIP_DIGITS = 5;
    private static final int PLUS_FOUR_DIGITS = 4;
    // the lowest ZIP code is Holtsville NY's 00501 (the IRS), Puerto Rico's start at 00601; the highest is Ketchikan AK's
    private static final int LOWEST_ZIP = 501;
    private static final int HIGHEST_ZIP = 99950;
    private static final int PLACEHOLDER_NINES = 99999;
    private static final String NOT_FIVE_DIGITS = "not a 5-digit postal code";
    // the lowest postcode is the ANU's 0200 (Canberra); the Northern Territory's are 08xx and 09xx
    private static final DigitCode AUSTRALIA = new DigitCode(4, 1, 200, 9999, 0, "not a 4-digit postcode");
    // Dresden's 01067, Ain's 01000, Álava's 01001: a number column drops one zero, and no code starts with 00
    private static final DigitCode GERMANY = new DigitCode(5, 1, 1000, 99999, 0, NOT_FIVE_DIGITS);
    private static final DigitCode FRANCE = new DigitCode(5, 1, 1000, 99999, 0, NOT_FIVE_DIGITS);
    // the first two digits are the province, 01 (Álava) to 52 (Melilla)
    private static final DigitCode SPAIN = new DigitCode(5, 1, 1000, 52999, 0, NOT_FIVE_DIGITS);
    // Rome's province has 00010 to 00199 (the city 00118 to 00199): a number column drops up to three zeros
    private static final DigitCode ITALY = new DigitCode(5, 3, 10, 99999, 0, NOT_FIVE_DIGITS);
    private static final DigitCode AUSTRIA = new DigitCode(4, 0, 1000, 9999, 0, "not a 4-digit Austrian postal code");
    private static final DigitCode BELGIUM = new DigitCode(4, 0, 1000, 9999, 0, "not a 4-digit Belgian postal code");
    private static final DigitCode SWITZERLAND = new DigitCode(4, 0, 1000, 9999, 0, "not a 4-digit Swiss postal code");
    private static final DigitCode LUXEMBOURG = new DigitCode(4, 0, 1000, 9999, 0, "not a 4-digit Luxembourg postal code");
    // 0800 to 0999 are Copenhagen's codes of companies and post office boxes: a number column drops their zero
    private static final DigitCode DENMARK = new DigitCode(4, 1, 0, 9999, 0, "not a 4-digit Danish postal code");
    private static final DigitCode SWEDEN = new DigitCode(5, 0, 10000, 99999, 3, "not a 5-digit Swedish postal code");
    // Helsinki's codes are 00100 to 00990 (the number 100 to 990), Uusimaa's 01xxx to 09xxx
    private static final DigitCode FINLAND = new DigitCode(5, 2, 0, 99999, 0, "not a 5-digit Finnish postal code");

    /**
     * The number of digits of every postal code of the countries whose codes are all digits of one length, some of them
     * starting with 0, and which the rule checks as any country's (as written): Norway's {@code 0150}, Brazil's CEP of 8
     * ({@code 01310-100}). Not a check of the code (those countries' codes are kept as written): it says when a number a
     * reader typed may have lost a leading zero, and how many. Each entry as Google's address data (libaddressinput's
     * region data) gives it: a pattern of digits of one length, and an example code starting with 0 (Guinea's {@code 001},
     * Georgia's {@code 0101}, Kenya's and Sri Lanka's {@code 00100}, Laos' {@code 01000}, Lithuania's {@code 03500},
     * Guatemala's {@code 01501}, the Vatican's one code {@code 00120}) or, for Brazil, the
     * subdivision ranges (São Paulo's CEPs from 01000-000). A country with codes of two lengths in use (South Korea's 6
     * and 5 digits, Vietnam's, Israel's 5 and 7, Armenia's 4 and 6) or none starting with 0 in the data (Hungary, India,
     * Colombia...) is no entry: there a number says nothing of a zero. The countries whose codes the rule checks (US,
     * Germany, France, Spain, Italy, Finland, Denmark, Australia, Japan...) are none either: their rule gives the zeros
     * back, as only the code with them is one of theirs. Nor is Somalia: its codes start with two letters
     * ({@code JH 09010}), so no number is one.
     */
    private static final Map<String, Integer> DIGITS_OF_EVERY_CODE = Map.ofEntries(
            Map.entry("GN", 3), Map.entry("NO", 4), Map.entry("ZA", 4), Map.entry("GE", 4), Map.entry("MX", 5), Map.entry("TR", 5),
            Map.entry("UA", 5), Map.entry("SK", 5), Map.entry("PL", 5), Map.entry("GT", 5), Map.entry("KE", 5), Map.entry("LA", 5),
            Map.entry("LK", 5), Map.entry("LT", 5), Map.entry("VA", 5), Map.entry("RO", 6), Map.entry("KZ", 6),
            Map.entry("BR", 8));

    /**
     * How many digits every postal code of the country has where they are all digits of one length, some starting with 0,
     * and the rule does not check them ({@link #DIGITS_OF_EVERY_CODE}); 0 for every other country, and without one.
     */
    static int digitsOfEveryCode(final String region) {
        return region == null ? 0 : DIGITS_OF_EVERY_CODE.getOrDefault(region, 0);
    }

    @Override
    public CleanResult clean(final String value, final String region) {
        if (startsOrEndsWithSign(value)) {
            // no country's postal code has a sign: -2134 is a number a reader typed as negative (or SAP's 2134-), not a ZIP
            return CleanResult.invalid(SIGN);
        }
        // a code of eight digits or more written as Java writes a double: what a JSON reader with a schema of strings makes
        // of the number 88010000.0 (8.801E7, a Brazilian CEP) or 21341234.0 (2.1341234E7, ZIP+4 without its zero)
        final String javaDouble = NumberDigits.ofJavaDouble(value);
        if (javaDouble != null) {
            if (!NumberDigits.isAllDigits(javaDouble)) {
                return CleanResult.invalid(PhoneRule.DIGITS_LOST);
            }
            final CleanResult result = clean(javaDouble, region);
            return result.isValid() ? CleanResult.changed(result.getValue()) : result;
        }
        // a code written as Java writes a double below ten million or a spreadsheet a number with decimals (2134.0): its digits
        final String wholeDecimal = NumberDigits.ofWholeDecimal(value);
        if (wholeDecimal != null) {
            final CleanResult result = clean(wholeDecimal, region);
            return result.isValid() ? CleanResult.changed(result.getValue()) : result;
        }
        final int codeStart = countryPrefixEnd(value);
        if (codeStart > 0) {
            final CleanResult prefixed = cleanPrefixed(value, codeStart, region);
            if (prefixed != null) {
                return prefixed;
            }
        }
        return region == null ? other(value) : byCountry(value, region);
    }

    /**
     * Cleans a code after a CEPT prefix ({@code D-10115}, {@code CH 8001}, {@code L1234}), or returns null when the
     * letters are not read as one. A hyphen names the code's country: another country's prefix is a reason. Letters and
     * a space, or letters glued to the digits, may be a code of the record's own country (Eswatini's {@code S 100},
     * Argentina's {@code B1636}), so they are read as a prefix only when they name the record's country, and letters and
     * a space on a record without a country only when the rest is a code of the prefix's country.
     */
    private CleanResult cleanPrefixed(final String value, final int codeStart, final String region) {
        final char separator = value.charAt(codeStart - 1);
        final boolean glued = isAsciiLetterOfEitherCase(separator);
        final String prefixCountry = CEPT_PREFIXES.get(upper(value.substring(0, glued ? codeStart : codeStart - 1)));
        if (region != null && !region.equals(prefixCountry)) {
            return separator == '-' ? CleanResult.invalid(OTHER_COUNTRY) : null;
        }
        if (glued && region == null) {
            return null;
        }
        // without a country of the record's, the prefix's country says how the code is written (and sets no country)
        final CleanResult result = clean(value.substring(codeStart), prefixCountry);
        if (result.isValid()) {
            return CleanResult.changed(result.getValue());
        }
        return separator == ' ' && region == null ? null : result;
    }

    /**
     * Cleans the code of a record without a country of its own, which the default region reads: a CEPT prefix names the
     * code's country, which the default does not contradict ({@code D-10115} is {@code 10115} with a default of US); a
     * code without one is read in the default region.
     */
    public CleanResult cleanWithoutCountry(final String value, final String defaultRegion) {
        final int codeStart = countryPrefixEnd(value);
        if (codeStart > 0) {
            final CleanResult prefixed = cleanPrefixed(value, codeStart, null);
            if (prefixed != null) {
                return prefixed;
            }
        }
        return clean(value, defaultRegion);
    }

    private static CleanResult byCountry(final String value, final String region) {
        return switch (region) {
            // the territories and freely associated states have ZIP codes: Puerto Rico 006xx, Guam 969xx...
            case "US", "PR", "VI", "GU", "AS", "MP", "FM", "MH", "PW" -> unitedStates(value);
            case "CA" -> canada(value);
            case "GB" -> unitedKingdom(value);
            case "AU" -> AUSTRALIA.clean(value);
            case "DE" -> GERMANY.clean(value);
            case "FR" -> FRANCE.clean(value);
            case "ES" -> SPAIN.clean(value);
            case "IT" -> ITALY.clean(value);
            case "AT" -> AUSTRIA.clean(value);
            case "BE" -> BELGIUM.clean(value);
            case "CH" -> SWITZERLAND.clean(value);
            case "LU" -> LUXEMBOURG.clean(value);
            case "DK" -> DENMARK.clean(value);
            case "SE" -> SWEDEN.clean(value);
            case "FI" -> FINLAND.clean(value);
            case "NL" -> netherlands(value);
            case "SO" -> somalia(value);
            case "JP" -> japan(value);
            default -> other(value);
        };
    }

    /**
     * Where the code after the CEPT country prefix the value starts with begins, its hyphen or space included
     * ({@code D-} of {@code D-10115}, {@code CH } of {@code CH 8001}, {@code L} of {@code L1234}), when a digit follows
     * it; else 0.
     */
    private static int countryPrefixEnd(final String value) {
        int letters = 0;
        while (letters < value.length() && letters <= MAX_PREFIX_LENGTH && isAsciiLetterOfEitherCase(value.charAt(letters))) {
            letters++;
        }
        if (letters == 0 || letters > MAX_PREFIX_LENGTH || letters == value.length()) {
            return 0;
        }
        final char separator = value.charAt(letters);
        final int codeStart = separator == '-' || separator == ' ' ? letters + 1 : letters;
        if (codeStart == value.length() || !isAsciiDigit(value.charAt(codeStart))) {
            return 0;
        }
        return CEPT_PREFIXES.containsKey(upper(value.substring(0, letters))) ? codeStart : 0;
    }

    private static CleanResult other(final String value) {
        for (int i = 0; i < value.length(); i++) {
            if (isAsciiDigit(value.charAt(i))) {
                return CleanResult.of(value, upper(value));
            }
        }
        return CleanResult.invalid("not a postal code");
    }

    private static CleanResult unitedStates(final String value) {
        final String digits = digitsOnly(value, "-");
        if (digits == null || !isZipSeparatedAsZipPlusFour(value)) {
            return CleanResult.invalid(NOT_US);
        }
        if (isAllZeros(digits)) {
            // 00000 however many zeros a reader left of it: an integer column holds it as 0
            return CleanResult.placeholder(PLACEHOLDER_ZIP);
        }
        // 9 digits are ZIP+4; a number column drops the ZIP's leading zeros, one (02134) or two (Holtsville's 00501)
        final int zipDigits = digits.length() > ZIP_DIGITS ? digits.length() - PLUS_FOUR_DIGITS : digits.length();
        if (zipDigits < ZIP_DIGITS - 2 || zipDigits > ZIP_DIGITS) {
            return CleanResult.invalid(NOT_US);
        }
        final String zip = "0".repeat(ZIP_DIGITS - zipDigits) + digits.substring(0, zipDigits);
        final int number = Integer.parseInt(zip);
        if (number == PLACEHOLDER_NINES) {
            return CleanResult.placeholder(PLACEHOLDER_ZIP);
        }
        if (number < LOWEST_ZIP || number > HIGHEST_ZIP) {
            return CleanResult.invalid(NOT_US);
        }
        return CleanResult.of(value, zipDigits == digits.length() ? zip : zip + "-" + digits.substring(zipDigits));
    }

    private static boolean isAllZeros(final String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) != '0') {
                return false;
            }
        }
        return !digits.isEmpty();
    }

    /**
     * Whether the separators of a ZIP code, if any, stand between the ZIP and its last four digits, after four or five
     * digits ({@code 12345-6789}, {@code 02134 1234}, {@code 2134-1234}): a number that lost its zeros has no separator, so
     * {@code 555-0100} (a phone number in a shifted column) and {@code 0001-01-01} (a date) are no ZIP+4.
     */
    private static boolean isZipSeparatedAsZipPlusFour(final String value) {
        final int first = firstSeparator(value);
        if (first < 0) {
            return true;
        }
        int last = first;
        while (last + 1 < value.length() && isZipSeparator(value.charAt(last + 1))) {
            last++;
        }
        return (first == 4 || first == 5) && value.length() - last - 1 == 4 && firstSeparator(value.substring(last + 1)) < 0;
    }

    private static int firstSeparator(final String value) {
        for (int i = 0; i < value.length(); i++) {
            if (isZipSeparator(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isZipSeparator(final char c) {
        return c == ' ' || c == '-';
    }

    /**
     * A country's postal code of digits alone: its length, how many leading zeros a spreadsheet that read it as a number
     * may have dropped (given back), its lowest and highest code as numbers (a country none of whose codes starts with 0
     * has a lowest of 1000 or 10000), and after how many digits its one space stands (0: none; a hyphen may stand there
     * too, {@code 111-22}). Spaces elsewhere are read past ({@code 10 115}), as a form's boxes write them.
     */
    private record DigitCode(int length, int zerosDropped, int lowest, int highest, int spaceAfter, String reason) {
        CleanResult clean(final String value) {
            final String digits = digitsOnly(value, spaceAfter == 0 ? "" : "-");
            if (digits == null || digits.length() > length || digits.length() < length - zerosDropped
                    || spaceAfter > 0 && !isHyphenBetweenParts(value, spaceAfter)) {
                return CleanResult.invalid(reason);
            }
            final int number = Integer.parseInt(digits);
            if (number < lowest || number > highest) {
                return CleanResult.invalid(reason);
            }
            final String code = digits.length() == length ? digits : "0".repeat(length - digits.length()) + digits;
            return CleanResult.of(value, spaceAfter == 0 ? code : code.substring(0, spaceAfter) + " " + code.substring(spaceAfter));
        }
    }

    private static CleanResult canada(final String value) {
        final String compact = compactUpper(value);
        if (compact.length() != 6 || !isHyphenBetweenParts(value, 3)) {
            return CleanResult.invalid("not a Canadian postal code");
        }
        for (int i = 0; i < 6; i++) {
            final char c = compact.charAt(i);
            final boolean letterExpected = i % 2 == 0;
            if (letterExpected ? !isCanadianLetter(c, i == 0) : !isAsciiDigit(c)) {
                return CleanResult.invalid("not a Canadian postal code");
            }
        }
        return CleanResult.of(value, compact.substring(0, 3) + " " + compact.substring(3));
    }

    private static boolean isCanadianLetter(final char c, final boolean first) {
        if (c < 'A' || c > 'Z' || "DFIOQU".indexOf(c) >= 0) {
            return false;
        }
        return !first || (c != 'W' && c != 'Z');
    }

    private static CleanResult unitedKingdom(final String value) {
        final String compact = compactUpper(value);
        final int length = compact.length();
        if (length < 5 || length > 7 || !isHyphenBetweenParts(value, length - 3)) {
            return CleanResult.invalid("not a UK postcode");
        }
        final int inward = length - 3;
        if (!isAsciiDigit(compact.charAt(inward)) || !isInwardLetter(compact.charAt(inward + 1)) || !isInwardLetter(compact.charAt(inward + 2))) {
            return CleanResult.invalid("not a UK postcode");
        }
        if (GIROBANK.equals(compact)) {
            // the one outward code without a digit: Girobank's, now Santander's, in Bootle
            return CleanResult.of(value, "GIR 0AA");
        }
        // The outward code: a letter, then one or two letters or digits, and a digit or letter after a digit.
        if (!isAsciiLetter(compact.charAt(0))) {
            return CleanResult.invalid("not a UK postcode");
        }
        boolean hasDigit = false;
        for (int i = 1; i < inward; i++) {
            final char c = compact.charAt(i);
            if (isAsciiDigit(c)) {
                hasDigit = true;
            } else if (!isAsciiLetter(c) || !hasDigit && i > 1) {
                return CleanResult.invalid("not a UK postcode");
            }
        }
        if (!hasDigit) {
            return CleanResult.invalid("not a UK postcode");
        }
        return CleanResult.of(value, compact.substring(0, inward) + " " + compact.substring(inward));
    }

    /** A letter of a UK inward code: never C, I, K, M, O or V, which look like other letters or digits when handwritten. */
    private static boolean isInwardLetter(final char c) {
        return isAsciiLetter(c) && "CIKMOV".indexOf(c) < 0;
    }

    private static CleanResult netherlands(final String value) {
        final String compact = compactUpper(value);
        if (compact.length() != 6 || !isHyphenBetweenParts(value, 4) || compact.charAt(0) == '0' || !isAsciiLetter(compact.charAt(4)) || !isAsciiLetter(compact.charAt(5))) {
            return CleanResult.invalid("not a Dutch postcode");
        }
        for (int i = 0; i < 4; i++) {
            if (!isAsciiDigit(compact.charAt(i))) {
                return CleanResult.invalid("not a Dutch postcode");
            }
        }
        // SA, SD and SS were never given out, for what they stood for in the occupation
        if (compact.charAt(4) == 'S' && "ADS".indexOf(compact.charAt(5)) >= 0) {
            return CleanResult.invalid("not a Dutch postcode");
        }
        return CleanResult.of(value, compact.substring(0, 4) + " " + compact.substring(4));
    }

    /**
     * Somalia: two letters, the region's ({@code JH} Jubbada Hoose, {@code AD} Awdal), and five digits, written
     * {@code JH 09010}, as Google's address data (libaddressinput) gives the format: {@code [A-Z]{2} ?\d{5}}, examples
     * {@code JH 09010} and {@code AD 11010}. The letters are the postal service's, not ISO 3166-2's ({@code SO-AW} is Awdal),
     * so they are checked as letters, not against a list; a hyphen stands only between the two parts.
     */
    private static CleanResult somalia(final String value) {
        final String compact = compactUpper(value);
        if (compact.length() != SOMALI_LENGTH || !isHyphenBetweenParts(value, SOMALI_REGION_LETTERS) || !isAsciiLetter(compact.charAt(0))
                || !isAsciiLetter(compact.charAt(1))) {
            return CleanResult.invalid(NOT_SOMALI);
        }
        for (int i = SOMALI_REGION_LETTERS; i < SOMALI_LENGTH; i++) {
            if (!isAsciiDigit(compact.charAt(i))) {
                return CleanResult.invalid(NOT_SOMALI);
            }
        }
        return CleanResult.of(value, compact.substring(0, SOMALI_REGION_LETTERS) + " " + compact.substring(SOMALI_REGION_LETTERS));
    }

    /**
     * Japan: seven digits written {@code 100-0001}. The postal mark before them ({@code 〒100-0001}, as letters and forms
     * write it) is no part of the code; the hyphen stands after the third digit or nowhere, written as an input method
     * types it too (a dash or minus sign, or the long-vowel mark {@code ー}; the full-width hyphen is read as ASCII before
     * the rule). Six digits without a hyphen are a code whose leading zero a spreadsheet dropped (Hokkaido and Tohoku
     * codes start with 0: {@code 600001} is {@code 060-0001}).
     */
    private static CleanResult japan(final String value) {
        int start = 0;
        while (start < value.length() && value.charAt(start) == ' ') {
            start++;
        }
        if (start < value.length() && JAPANESE_POSTAL_MARKS.indexOf(value.charAt(start)) >= 0) {
            start++;
        }
        final StringBuilder digits = new StringBuilder(JAPANESE_DIGITS);
        boolean hyphen = false;
        for (int i = start; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (isAsciiDigit(c)) {
                digits.append(c);
            } else if (isJapaneseHyphen(c)) {
                if (hyphen || digits.length() != JAPANESE_AREA_DIGITS) {
                    return CleanResult.invalid(NOT_JAPANESE);
                }
                hyphen = true;
            } else if (c != ' ') {
                return CleanResult.invalid(NOT_JAPANESE);
            }
        }
        if (digits.length() == JAPANESE_DIGITS - 1 && !hyphen) {
            digits.insert(0, '0');
        }
        if (digits.length() != JAPANESE_DIGITS) {
            return CleanResult.invalid(NOT_JAPANESE);
        }
        return CleanResult.of(value, digits.substring(0, JAPANESE_AREA_DIGITS) + "-" + digits.substring(JAPANESE_AREA_DIGITS));
    }

    /** A hyphen as Japanese input methods write it: a dash or minus sign, or the long-vowel mark ー (half-width ｰ). */
    private static boolean isJapaneseHyphen(final char c) {
        return c != '+' && NumberDigits.isSign(c) || c == '\u30FC' || c == '\uFF70';
    }

    /** Whether the first and last character but spaces is a sign. */
    private static boolean startsOrEndsWithSign(final String value) {
        int first = 0;
        while (first < value.length() && value.charAt(first) == ' ') {
            first++;
        }
        int last = value.length() - 1;
        while (last > first && value.charAt(last) == ' ') {
            last--;
        }
        return first < value.length() && (NumberDigits.isSign(value.charAt(first)) || NumberDigits.isSign(value.charAt(last)));
    }

    /**
     * Whether the value has one hyphen at most, after the first {@code split} characters of its code (spaces aside): where
     * its space stands, between its two parts ({@code K1A-0B1}, {@code SW1A-1AA}, {@code 1234-AB}).
     */
    private static boolean isHyphenBetweenParts(final String value, final int split) {
        int characters = 0;
        boolean hyphen = false;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '-') {
                if (hyphen || characters != split) {
                    return false;
                }
                hyphen = true;
            } else if (c != ' ') {
                characters++;
            }
        }
        return true;
    }

    /** The digits of the value when it holds only digits, spaces and the allowed separators; else null. */
    private static String digitsOnly(final String value, final String separators) {
        final StringBuilder digits = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (isAsciiDigit(c)) {
                digits.append(c);
            } else if (c != ' ' && separators.indexOf(c) < 0) {
                return null;
            }
        }
        return digits.toString();
    }

    private static String compactUpper(final String value) {
        final StringBuilder builder = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c != ' ' && c != '-') {
                builder.append(Character.toUpperCase(c));
            }
        }
        return builder.toString();
    }

    private static String upper(final String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isLowerCase(value.charAt(i))) {
                return value.toUpperCase(Locale.ROOT);
            }
        }
        return value;
    }

    private static boolean isAsciiDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(final char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiLetterOfEitherCase(final char c) {
        return isAsciiLetter(c) || c >= 'a' && c <= 'z';
    }
}
