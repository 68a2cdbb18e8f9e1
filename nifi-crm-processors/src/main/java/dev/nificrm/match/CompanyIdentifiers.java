package dev.nificrm.match;

import dev.nificrm.clean.CountryRule;
import dev.nificrm.roles.CompanyIdentifierField;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The keys of company identifiers ({@code company_id}) and their kinds. A CRM admin maps whatever identifier each source
 * holds (a VAT id, a D-U-N-S number, a trade register number) to the one role, so the kind is read from the value's
 * shape:
 * <ul>
 * <li>a European VAT id: a country prefix followed by that country's national format ({@link #VAT_FORMATS}), its kind
 * the country. It is keyed as its national part, then itself ({@code DE 123.456.789}: {@code 123456789} +
 * {@link Comparison#VALUE_SEPARATOR} + {@code DE123456789}), so that the same id written without its prefix agrees
 * and shares a block with it, while the comparator still knows it is a German VAT id. Prefixes written several ways
 * are written one way first: Greece's {@code GR} is {@code EL}, and a Swiss UID's language suffix is dropped
 * ({@code CHE-123.456.789 MWST}, {@code TVA}, {@code IVA} is {@code CHE123456789});</li>
 * <li>a D-U-N-S number written as one ({@code 15-048-3782}, {@code DUNS 150483782}): keyed as its digits, then
 * {@code DUNS} and its digits;</li>
 * <li>anything else, its letters and digits in upper case, of the kind of its shape (a letter stands for any letter,
 * a digit for any digit): {@code HRB12345} a German trade register entry, {@code SC123456} a Scottish company number,
 * nine digits a D-U-N-S number or a VAT id written without its prefix. A prefix followed by digits that do not fit its
 * country's format is no VAT id ({@code DE12345} keeps its letters).</li>
 * </ul>
 * Two identifiers of one kind that differ are two companies; two of different kinds say nothing of each other (the VAT
 * id of one source, the D-U-N-S number of another); a value without a prefix may be of a prefixed kind when it fits
 * that kind's format and, for nine digits, its check digit ({@link #mayBeWithoutPrefix}: {@code 813495425} may be a
 * German VAT id or a D-U-N-S number, {@code 150483782} only the latter; {@code AB123456789} may be a French VAT id);
 * equal values agree whatever their kinds ({@link CompanyIdentifierComparator}). Where the value says nothing of its
 * kind, the record may: its country and the name of its field
 * ({@link #key(String, String, String, CompanyIdentifierField)}: nine digits in {@code DunsNumber} are a D-U-N-S number,
 * in an American record no VAT id).
 * <pre>
 * CompanyIdentifiers.key("FR AB 123456789", "FRAB123456789")  // "AB123456789" + VALUE_SEPARATOR + "FRAB123456789"
 * CompanyIdentifiers.key("15-048-3782", "150483782")          // "150483782" + VALUE_SEPARATOR + "DUNS150483782"
 * CompanyIdentifiers.key("HRB 12345", "HRB12345")             // "HRB12345"
 * </pre>
 */
final class CompanyIdentifiers {
    /**
     * The national format of each VAT country prefix (the European Commission's VIES formats, letters and digits only),
     * and Switzerland's UID ({@code CHE}): Austria's starts with its {@code U}, a French key is two letters or digits
     * before the SIREN, a Dutch id holds its {@code B}, a British one may be a government department's ({@code GD},
     * {@code HA}), Northern Ireland's ({@code XI}) is written as Britain's.
     */
    private static final Map<String, Pattern> VAT_FORMATS = Map.ofEntries(
            Map.entry("AT", Pattern.compile("U\\d{8}")),
            Map.entry("BE", Pattern.compile("[01]?\\d{9}")),
            Map.entry("BG", Pattern.compile("\\d{9,10}")),
            Map.entry("CHE", Pattern.compile("\\d{9}")),
            Map.entry("CY", Pattern.compile("\\d{8}[A-Z]")),
            Map.entry("CZ", Pattern.compile("\\d{8,10}")),
            Map.entry("DE", Pattern.compile("\\d{9}")),
            Map.entry("DK", Pattern.compile("\\d{8}")),
            Map.entry("EE", Pattern.compile("\\d{9}")),
            Map.entry("EL", Pattern.compile("\\d{9}")),
            Map.entry("ES", Pattern.compile("[A-Z0-9]\\d{7}[A-Z0-9]")),
            Map.entry("FI", Pattern.compile("\\d{8}")),
            Map.entry("FR", Pattern.compile("[A-Z0-9]{2}\\d{9}")),
            Map.entry("GB", Pattern.compile("\\d{9}|\\d{12}|GD\\d{3}|HA\\d{3}")),
            Map.entry("HR", Pattern.compile("\\d{11}")),
            Map.entry("HU", Pattern.compile("\\d{8}")),
            Map.entry("IE", Pattern.compile("\\d[A-Z0-9]\\d{5}[A-Z]{1,2}")),
            Map.entry("IT", Pattern.compile("\\d{11}")),
            Map.entry("LT", Pattern.compile("\\d{9}|\\d{12}")),
            Map.entry("LU", Pattern.compile("\\d{8}")),
            Map.entry("LV", Pattern.compile("\\d{11}")),
            Map.entry("MT", Pattern.compile("\\d{8}")),
            Map.entry("NL", Pattern.compile("\\d{9}B\\d{2}")),
            Map.entry("PL", Pattern.compile("\\d{10}")),
            Map.entry("PT", Pattern.compile("\\d{9}")),
            Map.entry("RO", Pattern.compile("\\d{2,10}")),
            Map.entry("SE", Pattern.compile("\\d{12}")),
            Map.entry("SI", Pattern.compile("\\d{8}")),
            Map.entry("SK", Pattern.compile("\\d{10}")),
            Map.entry("XI", Pattern.compile("\\d{9}|\\d{12}|GD\\d{3}|HA\\d{3}")));
    /** Every VAT country's national format in one pattern: whether a value could be some country's VAT id without its prefix. */
    private static final Pattern ANY_VAT_FORMAT = Pattern.compile(String.join("|", VAT_FORMATS.values().stream().map(Pattern::pattern).sorted().toList()));
    /** The kind of a D-U-N-S number written as one, as a VAT id's kind is its prefix. */
    static final String DUNS = "DUNS";
    /**
     * The mark of a value without a prefix that its record's country says is no VAT id written without its prefix: the
     * country has no VAT id of its format (nine digits in an American record), or its check digit fails there (nine digits
     * in a German record). It may still be a D-U-N-S number or another number of its shape, never another country's VAT id.
     */
    static final String NO_VAT_ID = "NOVAT";
    /**
     * The mark of a value without a prefix that its record's country may write as its VAT id without the prefix (its format
     * fits there and its check digit holds), followed by the country's prefix ({@code VATOFDE}): the country's VAT id or a
     * number of another kind of its shape (a D-U-N-S number), never another country's VAT id. Nine digits in a German record
     * that pass Germany's check are no Estonian, Lithuanian or Bulgarian VAT id, whatever those countries' checks say.
     */
    static final String OWN_VAT_ID = "VATOF";
    /** A D-U-N-S number's digits. */
    private static final Pattern DUNS_FORMAT = Pattern.compile("\\d{9}");
    /** A D-U-N-S number as Dun &amp; Bradstreet writes it. */
    private static final Pattern DUNS_WRITTEN = Pattern.compile("\\d{2}-\\d{3}-\\d{4}");
    /** The weights of a Swiss UID's first eight digits, and of a Portuguese VAT id's, for the check digit. */
    private static final int[] SWISS_WEIGHTS = {5, 4, 3, 2, 7, 6, 5, 4};
    private static final int[] PORTUGUESE_WEIGHTS = {9, 8, 7, 6, 5, 4, 3, 2};
    /** The weights of an Estonian VAT id's first eight digits (the check digit weighs 1: the sum ends in 0). */
    private static final int[] ESTONIAN_WEIGHTS = {3, 7, 1, 3, 7, 1, 3, 7};
    /** The weights of a Lithuanian and a Bulgarian legal entity's first eight digits, and the second weights where they give 10. */
    private static final int[] LITHUANIAN_WEIGHTS = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final int[] LITHUANIAN_SECOND_WEIGHTS = {3, 4, 5, 6, 7, 8, 9, 1};
    private static final int[] BULGARIAN_SECOND_WEIGHTS = {3, 4, 5, 6, 7, 8, 9, 10};
    /** The language suffixes of a Swiss UID written as a VAT number (MWST, TVA, IVA). */
    private static final Pattern SWISS_VAT = Pattern.compile("(CHE\\d{9})(?:MWST|TVA|IVA)");

    private CompanyIdentifiers() {
    }

    /**
     * The key of a company identifier as written ({@code raw}, trimmed) and as its letters and digits in upper case
     * ({@code code}, as {@code CODE} keys are): a VAT id's or a D-U-N-S number's value and the identifier written one way
     * with its kind's prefix, joined by {@link Comparison#VALUE_SEPARATOR}; any other identifier as it is. Null for null.
     */
    static String key(final String raw, final String code) {
        return key(raw, code, null, CompanyIdentifierField.UNNAMED);
    }

    /**
     * The key of a company identifier of a record of a country, read from a field whose name may say its kind: as
     * {@link #key(String, String)} where the value says its kind itself (a prefix, a D-U-N-S number's dashes); otherwise
     * <ul>
     * <li>nine digits from a field of D-U-N-S numbers are one ({@code 150483782} in {@code DunsNumber}: keyed as
     * {@code 15-048-3782} is);</li>
     * <li>a value of the record's country's VAT format from a field of VAT ids is that country's VAT id
     * ({@code 136695976} in {@code VAT__c} of a German record: keyed as {@code DE 136695976} is);</li>
     * <li>a value of some country's VAT format that cannot be its own country's VAT id (that country has none of its
     * format, or its check digit fails there) is no VAT id at all ({@link #NO_VAT_ID}): a VAT id is written without its
     * prefix only in its own country, so nine digits in an American record are no German VAT id, whatever their check
     * digit;</li>
     * <li>a value its country may write as its VAT id without the prefix (the format fits, the check digit holds) is that
     * country's VAT id or a number of another kind, never another country's VAT id ({@link #OWN_VAT_ID}: {@code 813495425}
     * in a German record is keyed {@code 813495425} + {@link Comparison#VALUE_SEPARATOR} + {@code VATOFDE813495425});</li>
     * <li>anything else, and any value of a record without a country, as {@link #key(String, String)}: a value nothing
     * settles keeps every kind its shape allows.</li>
     * </ul>
     *
     * @param country the record's country as written ({@code DE}, {@code Germany}), or null when it has none
     * @param field   what the name of the field the value was read from says of it
     */
    static String key(final String raw, final String code, final String country, final CompanyIdentifierField field) {
        if (code == null || code.length() < 4) {
            return code;
        }
        if (DUNS_WRITTEN.matcher(raw).matches()) {
            return withKind(code, DUNS);
        }
        final String prefixed = prefixedKey(code);
        return prefixed != null ? prefixed : unprefixedKey(code, country, field);
    }

    /** The key of a value of no kind of its own, read by its record's country and its field's name ({@link #key(String, String, String, CompanyIdentifierField)}). */
    private static String unprefixedKey(final String code, final String country, final CompanyIdentifierField field) {
        if (field == CompanyIdentifierField.DUNS_NUMBER && DUNS_FORMAT.matcher(code).matches()) {
            return withKind(code, DUNS);
        }
        if (country == null || !ANY_VAT_FORMAT.matcher(code).matches()) {
            return code;
        }
        final String countryCode = CountryRule.code(country.trim());
        if (countryCode == null) {
            return code;
        }
        final String prefix = vatPrefix(countryCode);
        if (prefix != null && field == CompanyIdentifierField.VAT_ID && fitsKind(prefix, code)) {
            return withKind(code, prefix);
        }
        if (prefix != null && mayBeWithoutPrefix(prefix, code)) {
            // its country's VAT id or another number of its shape (a D-U-N-S number), never another country's VAT id
            return withKind(code, OWN_VAT_ID + prefix);
        }
        if (prefix == null && field == CompanyIdentifierField.VAT_ID) {
            // a VAT id field in a country without VAT ids: no telling
            return code;
        }
        return withKind(code, NO_VAT_ID);
    }

    /** The VAT prefix of a country ({@code GR} is {@code EL}, {@code CH} is {@code CHE}), or null for a country without VAT ids here. */
    private static String vatPrefix(final String countryCode) {
        final String prefix = switch (countryCode) {
            case "GR" -> "EL";
            case "CH" -> "CHE";
            default -> countryCode;
        };
        return VAT_FORMATS.containsKey(prefix) ? prefix : null;
    }

    private static String withKind(final String value, final String kind) {
        return value + Comparison.VALUE_SEPARATOR + kind + value;
    }

    /** The key of a value written with its kind's prefix ({@code DE123456789}, {@code DUNS150483782}), or null. */
    private static String prefixedKey(final String code) {
        String written = code;
        if (written.startsWith("GR")) {
            written = "EL" + written.substring(2);
        } else if (written.startsWith("CHE")) {
            final java.util.regex.Matcher swiss = SWISS_VAT.matcher(written);
            if (swiss.matches()) {
                written = swiss.group(1);
            }
        }
        final int prefixLength = written.startsWith("CHE") ? 3 : written.startsWith(DUNS) ? DUNS.length() : 2;
        if (!fitsKind(written.substring(0, prefixLength), written.substring(prefixLength))) {
            return null;
        }
        return written.substring(prefixLength) + Comparison.VALUE_SEPARATOR + written;
    }

    /**
     * Whether a value may be an identifier of the kind a prefix names ({@code DE}, {@code CHE}, {@link #DUNS}) written
     * without it: it has that kind's format.
     */
    static boolean fitsKind(final String prefix, final String value) {
        final Pattern format = DUNS.equals(prefix) ? DUNS_FORMAT : VAT_FORMATS.get(prefix);
        return format != null && format.matcher(value).matches();
    }

    /**
     * Whether a value without a prefix may be an identifier of the kind a prefix names: it has that kind's format and,
     * for the VAT ids of nine digits (Germany, Britain, Switzerland, Greece, Portugal, Estonia, Lithuania, Bulgaria), its
     * check digit holds. Nine digits that fail Germany's check are no German VAT id written without its prefix: a
     * D-U-N-S number beside a German VAT id says nothing (nine in ten of them fail it; ninety-nine in a hundred fail
     * Lithuania's, whose legal entities' ids hold a 1 before the check digit).
     */
    static boolean mayBeWithoutPrefix(final String prefix, final String value) {
        return fitsKind(prefix, value) && (value.length() != 9 || !isDigits(value) || checkDigitHolds(prefix, value));
    }

    /**
     * Whether the check digit of a VAT id's nine digits holds in its country (Estonia's weights 3, 7, 1; Lithuania's and
     * Bulgaria's mod 11, as their tax offices publish them: EE 100594102, LT 119511515, BG 175074752); true where no
     * check is known here.
     */
    private static boolean checkDigitHolds(final String prefix, final String digits) {
        return switch (prefix) {
            case "DE" -> {
                // ISO 7064 MOD 11,10
                int product = 10;
                for (int i = 0; i < 8; i++) {
                    int sum = (digit(digits, i) + product) % 10;
                    if (sum == 0) {
                        sum = 10;
                    }
                    product = 2 * sum % 11;
                }
                yield (11 - product) % 10 == digit(digits, 8);
            }
            case "GB", "XI" -> {
                // weights 8 to 2, the last two digits added; the sum divisible by 97, or once 55 is added
                int sum = 0;
                for (int i = 0; i < 7; i++) {
                    sum += (8 - i) * digit(digits, i);
                }
                sum += 10 * digit(digits, 7) + digit(digits, 8);
                yield sum % 97 == 0 || (sum + 55) % 97 == 0;
            }
            case "CHE" -> {
                final int check = 11 - weighted(digits, SWISS_WEIGHTS) % 11;
                yield check != 10 && check % 11 == digit(digits, 8);
            }
            case "EL" -> {
                int sum = 0;
                for (int i = 0; i < 8; i++) {
                    sum += digit(digits, i) << (8 - i);
                }
                yield sum % 11 % 10 == digit(digits, 8);
            }
            case "PT" -> {
                final int check = 11 - weighted(digits, PORTUGUESE_WEIGHTS) % 11;
                yield (check >= 10 ? 0 : check) == digit(digits, 8);
            }
            case "EE" -> (weighted(digits, ESTONIAN_WEIGHTS) + digit(digits, 8)) % 10 == 0;
            case "LT" -> {
                // a legal entity's nine digits hold a 1 before the check digit; mod 11, with other weights where it is 10
                int check = weighted(digits, LITHUANIAN_WEIGHTS) % 11;
                if (check == 10) {
                    check = weighted(digits, LITHUANIAN_SECOND_WEIGHTS) % 11;
                }
                yield digit(digits, 7) == 1 && check % 10 == digit(digits, 8);
            }
            case "BG" -> {
                int check = weighted(digits, LITHUANIAN_WEIGHTS) % 11;
                if (check == 10) {
                    check = weighted(digits, BULGARIAN_SECOND_WEIGHTS) % 11;
                }
                yield check % 10 == digit(digits, 8);
            }
            default -> true;
        };
    }

    private static int weighted(final String digits, final int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i] * digit(digits, i);
        }
        return sum;
    }

    private static int digit(final String digits, final int index) {
        return digits.charAt(index) - '0';
    }

    private static boolean isDigits(final String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!Character.isDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
