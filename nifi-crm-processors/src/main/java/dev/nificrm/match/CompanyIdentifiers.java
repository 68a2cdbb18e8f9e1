package dev.nificrm.match;

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
 * equal values agree whatever their kinds ({@link CompanyIdentifierComparator}).
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
    /** The kind of a D-U-N-S number written as one, as a VAT id's kind is its prefix. */
    static final String DUNS = "DUNS";
    /** A D-U-N-S number's digits. */
    private static final Pattern DUNS_FORMAT = Pattern.compile("\\d{9}");
    /** A D-U-N-S number as Dun &amp; Bradstreet writes it. */
    private static final Pattern DUNS_WRITTEN = Pattern.compile("\\d{2}-\\d{3}-\\d{4}");
    /** The weights of a Swiss UID's first eight digits, and of a Portuguese VAT id's, for the check digit. */
    private static final int[] SWISS_WEIGHTS = {5, 4, 3, 2, 7, 6, 5, 4};
    private static final int[] PORTUGUESE_WEIGHTS = {9, 8, 7, 6, 5, 4, 3, 2};
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
        if (code == null || code.length() < 4) {
            return code;
        }
        if (DUNS_WRITTEN.matcher(raw).matches()) {
            return code + Comparison.VALUE_SEPARATOR + DUNS + code;
        }
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
            return code;
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
     * for the VAT ids of nine digits whose check digit is known (Germany, Britain, Switzerland, Greece, Portugal), its
     * check digit holds. Nine digits that fail Germany's check are no German VAT id written without its prefix: a
     * D-U-N-S number beside a German VAT id says nothing (nine in ten of them fail it).
     */
    static boolean mayBeWithoutPrefix(final String prefix, final String value) {
        return fitsKind(prefix, value) && (value.length() != 9 || !isDigits(value) || checkDigitHolds(prefix, value));
    }

    /** Whether the check digit of a VAT id's nine digits holds in its country; true where the check is not known here. */
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
