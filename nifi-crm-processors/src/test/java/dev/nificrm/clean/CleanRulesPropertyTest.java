package dev.nificrm.clean;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.nificrm.roles.FullWidthForms;
import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Generated, seeded checks of the value rules as the cleaner applies them (text normalisation, then the rule): a cleaned
 * value cleaned again is the same value and is text-normal (NFC, no control characters), no input throws, and valid
 * values of many kinds (libphonenumber's example numbers of every region, every country name the page accepts, dates in
 * every accepted shape) come out as what they are. Each check collects its failures and reports the first few.
 */
class CleanRulesPropertyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    private static final TextRule TEXT = new TextRule(TextRule.DEFAULT_PLACEHOLDERS);
    private static final Map<String, ValueRule> RULES = new LinkedHashMap<>();
    private static final String[] REGIONS = {null, "US", "CA", "GB", "AU", "DE", "FR", "NL", "IT", "JP", "BR", "IN", "XK", "PR"};
    /** Pieces of CRM values and of hostile input: digits full-width and ASCII, NFD accents, Turkish i, bidi and zero-width marks. */
    private static final String[] PIECES = {"a", "Z", "é", "e\u0301", "\u0130", "\u0131", "ß", "0", "1", "9", "12", "345", "\uff12", "\uff10\uff11",
            " ", "  ", "\t", "\n", "\u00a0", "\u200b", "\u200f", "\u202e", "@", ".", "..", "-", "+", "/", "(", ")", "'", ",", ":", "x", "ext", "E",
            "e+", "#", "?", "=", "\uD83D\uDE00", "\uD800", "\u0627", "\u4e2d", "Mc", "o'", "van", "II", "www.", ".com", "http://", "https://",
            "mailto:", "<", ">", "T", "Z", "AM", "PM", "Jan", "2024", "-01-", "15", "31", "00", "N/A", "null", ";ext=", "+1", "+49", "Ü", "ǅ", "ﬁ",
            "Ⅱ", "\u0000", "\r", "0.0", "E9", "E+09", "Σ", "ΟΣ"};
    private static final String REJECTED = "\u0001";

    static {
        RULES.put("name", new PersonNameRule());
        RULES.put("email", new EmailRule());
        RULES.put("phone", new PhoneRule("US", PhoneRule.Validation.POSSIBLE));
        RULES.put("phone (valid)", new PhoneRule("US", PhoneRule.Validation.VALID));
        RULES.put("country", new CountryRule());
        RULES.put("state", new StateRule());
        RULES.put("postal_code", new PostalCodeRule());
        RULES.put("date", new DateRule(DateRule.Kind.AS_WRITTEN, DateOrder.MDY, CLOCK));
        RULES.put("birth_date", new DateRule(DateRule.Kind.BIRTH_DATE, DateOrder.MDY, CLOCK));
        RULES.put("timestamp", new DateRule(DateRule.Kind.TIMESTAMP, DateOrder.DMY, CLOCK));
        RULES.put("website", new WebsiteRule());
    }

    /** The value as the cleaner writes it: null for a blank or placeholder, {@link #REJECTED} and the reason for a rejected one. */
    private static String clean(final String rule, final String value, final String region) {
        final String normalised = TEXT.normalize(value);
        if (normalised == null) {
            return null;
        }
        // as RecordCleaner does: full-width forms read as ASCII in every rule but text and names
        final String input = rule.equals("name") ? normalised : FullWidthForms.toAscii(normalised);
        final CleanResult result = RULES.get(rule).clean(input, region);
        if (!result.isValid()) {
            return REJECTED + result.getReason();
        }
        return result.isChanged() ? result.getValue() : input;
    }

    private static boolean isRejected(final String cleaned) {
        return cleaned != null && cleaned.startsWith(REJECTED);
    }

    @Test
    void aCleanedValueCleanedAgainIsTheSameAndNoValueThrows() {
        final Random random = new Random(53);
        final Failures failures = new Failures();
        for (int i = 0; i < 6_000; i++) {
            final StringBuilder value = new StringBuilder();
            for (int piece = 1 + random.nextInt(8); piece > 0; piece--) {
                value.append(PIECES[random.nextInt(PIECES.length)]);
            }
            final String region = REGIONS[random.nextInt(REGIONS.length)];
            for (final String rule : RULES.keySet()) {
                final String cleaned;
                final String again;
                try {
                    cleaned = clean(rule, value.toString(), region);
                    again = cleaned == null || isRejected(cleaned) ? cleaned : clean(rule, cleaned, region);
                } catch (final RuntimeException e) {
                    failures.add(rule + " throws", value + " in " + region + ": " + e);
                    continue;
                }
                if (cleaned == null || isRejected(cleaned)) {
                    continue;
                }
                if (!cleaned.equals(again)) {
                    failures.add(rule + " changes its own output", value + " -> " + cleaned + " -> " + again + " in " + region);
                }
                if (!cleaned.equals(TEXT.normalize(cleaned))) {
                    failures.add(rule + " writes a value that is not text-normal", value + " -> " + cleaned + " in " + region);
                }
            }
        }
        failures.assertNone();
    }

    @Test
    void everyExampleNumberOfEveryRegionIsItsE164HoweverWritten() {
        final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        final Failures failures = new Failures();
        int checked = 0;
        for (final String region : new TreeSet<>(util.getSupportedRegions())) {
            for (final PhoneNumberType type : PhoneNumberType.values()) {
                final PhoneNumber example = util.getExampleNumberForType(region, type);
                // a Canadian UAN of seven digits (310-1234) is a local number in every writing
                if (example == null || type == PhoneNumberType.UAN && region.equals("CA")) {
                    continue;
                }
                final String e164 = util.format(example, PhoneNumberFormat.E164);
                final List<String> writings = new ArrayList<>();
                for (final PhoneNumberFormat format : PhoneNumberFormat.values()) {
                    writings.add(util.format(example, format));
                }
                writings.addAll(writings.stream().map(CleanRulesPropertyTest::fullWidth).toList());
                for (final String written : writings) {
                    for (final String rule : List.of("phone", "phone (valid)")) {
                        checked++;
                        final String cleaned = clean(rule, written, region);
                        if (!e164.equals(cleaned)) {
                            failures.add(rule + " in its region", region + " " + type + " " + written + " -> " + cleaned + ", not " + e164);
                        }
                    }
                }
                final String international = util.format(example, PhoneNumberFormat.INTERNATIONAL);
                for (final String elsewhere : List.of("US", "DE", "GB", "AU", "JP")) {
                    checked++;
                    final String cleaned = clean("phone", international, elsewhere);
                    if (!e164.equals(cleaned)) {
                        failures.add("phone written internationally elsewhere", region + " in " + elsewhere + " " + international + " -> " + cleaned);
                    }
                }
            }
        }
        assertEquals(true, checked > 5_000, "example numbers checked: " + checked);
        failures.assertNone();
    }

    @Test
    void everyCountryIsItsCodeByEveryNameAndCodeThePageAccepts() {
        final List<Locale> languages = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH, Locale.of("es"), Locale.ITALIAN, Locale.of("nl"),
                Locale.of("pt"), Locale.of("sv"), Locale.of("da"), Locale.of("nb"), Locale.of("pl"));
        final Failures failures = new Failures();
        for (final String code : Locale.getISOCountries()) {
            final Locale country = Locale.of("", code);
            final List<String> names = new ArrayList<>(List.of(code, code.toLowerCase(Locale.ROOT), country.getISO3Country()));
            for (final Locale language : languages) {
                final String name = country.getDisplayCountry(language);
                // Congo names two countries in some languages (Kongo, Congo) and is rejected by design
                if (!Countries.key(name).equals("congo") && !Countries.key(name).equals("kongo")) {
                    names.add(name);
                }
            }
            for (final String name : names) {
                for (final String written : List.of(name, name.toUpperCase(Locale.ROOT), " " + Normalizer.normalize(name, Normalizer.Form.NFD) + " ")) {
                    final String cleaned = clean("country", written, null);
                    if (!code.equals(cleaned)) {
                        failures.add("country name", code + " " + written + " -> " + cleaned);
                    }
                }
                // full-width letters are read as ASCII
                final String fullWidth = clean("country", fullWidth(name), null);
                if (!code.equals(fullWidth)) {
                    failures.add("country written full-width", code + " " + fullWidth(name) + " -> " + fullWidth);
                }
            }
        }
        failures.assertNone();
    }

    @Test
    void everyDateInEveryAcceptedShapeIsThatDay() {
        final Random random = new Random(7);
        final Failures failures = new Failures();
        final String[] fourDigitYears = {"yyyy-MM-dd", "MM/dd/yyyy", "M/d/yyyy", "dd.MM.yyyy", "d.M.yyyy", "yyyyMMdd", "d MMM yyyy", "dd MMMM yyyy",
                "MMMM d, yyyy", "MMM d yyyy", "EEE, d MMM yyyy", "EEEE, MMMM d, yyyy", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm",
                "MM/dd/yyyy hh:mm:ss a", "yyyy/MM/dd", "MM-dd-yyyy", "yyyy-MM-dd'T'HH:mm:ss.SSSXX", "yyyy-MM-dd'T'HH:mm:ssXXX", "dd-MMM-yyyy",
                "MMM-dd-yyyy"};
        final String[] twoDigitYears = {"d-MMM-yy", "MM/dd/yy", "MMM d, yy"};
        for (int i = 0; i < 600; i++) {
            final LocalDate day = LocalDate.of(1901, 1, 1).plusDays(random.nextInt(45_600));
            final OffsetDateTime time = day.atTime(random.nextInt(24), random.nextInt(60), random.nextInt(60))
                    .atOffset(ZoneOffset.ofHours(random.nextInt(5) - 2));
            for (final String pattern : fourDigitYears) {
                final String written = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).format(time);
                for (final String rule : List.of("date", "birth_date")) {
                    final String cleaned = clean(rule, written, "US");
                    if (rule.equals("birth_date") && day.isAfter(TODAY)) {
                        if (!isRejected(cleaned)) {
                            failures.add("birth date in the future accepted", written + " -> " + cleaned);
                        }
                    } else if (cleaned == null || !cleaned.startsWith(day.toString())) {
                        failures.add(rule + " " + pattern, written + " -> " + cleaned + ", not " + day);
                    }
                    // full-width digits and letters are read as ASCII: the same day, or the same rejection
                    final String fullWidth = clean(rule, fullWidth(written), "US");
                    if (!Objects.equals(fullWidth, cleaned)) {
                        failures.add(rule + " full-width " + pattern, fullWidth(written) + " -> " + fullWidth + ", not " + cleaned);
                    }
                }
            }
            for (final String pattern : twoDigitYears) {
                final String written = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).format(day);
                final int year = day.getYear() % 100;
                final LocalDate latest = LocalDate.of(2000 + year, day.getMonth(), day.getDayOfMonth() == 29 && day.getMonthValue() == 2 ? 28 : day.getDayOfMonth());
                if (day.getMonthValue() == 2 && day.getDayOfMonth() == 29) {
                    continue;
                }
                final LocalDate expectedDate = latest.getYear() <= TODAY.getYear() + 20 ? latest : latest.minusYears(100);
                final LocalDate expectedBirth = latest.isAfter(TODAY) ? latest.minusYears(100) : latest;
                final String date = clean("date", written, "US");
                if (!expectedDate.toString().equals(date)) {
                    failures.add("date " + pattern, written + " -> " + date + ", not " + expectedDate);
                }
                final String birth = clean("birth_date", written, "US");
                if (!expectedBirth.toString().equals(birth)) {
                    failures.add("birth_date " + pattern, written + " -> " + birth + ", not " + expectedBirth);
                }
            }
        }
        failures.assertNone();
    }

    @Test
    void generatedValidEmailsPostalCodesAndStatesAreAcceptedInTheirCanonicalForm() {
        final Random random = new Random(29);
        final Failures failures = new Failures();
        final String atext = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-";
        for (int i = 0; i < 1_500; i++) {
            final StringBuilder local = new StringBuilder();
            for (int atom = 1 + random.nextInt(3); atom > 0; atom--) {
                if (!local.isEmpty()) {
                    local.append('.');
                }
                for (int c = 1 + random.nextInt(8); c > 0; c--) {
                    local.append(atext.charAt(random.nextInt(atext.length())));
                }
            }
            final StringBuilder domain = new StringBuilder();
            for (int label = 1 + random.nextInt(3); label > 0; label--) {
                domain.append(random.nextBoolean() ? "Ex-ample" : "mail" + random.nextInt(100)).append('.');
            }
            domain.append(List.of("com", "DE", "co.uk", "museum", "xn--p1ai").get(random.nextInt(5)));
            final String email = local + "@" + domain;
            final String written = List.of(email, "mailto:" + email, "Ann Lee <" + email + ">", " " + email + ". ").get(random.nextInt(4));
            final String cleaned = clean("email", written, "US");
            // an internationalised domain is written in its letters: the top-level domain xn--p1ai is рф
            if (!email.toLowerCase(Locale.ROOT).replace(".xn--p1ai", ".\u0440\u0444").equals(cleaned)) {
                failures.add("valid email", written + " -> " + cleaned);
            }

            final int zip = random.nextInt(100_000);
            // ZIP codes run from 00501 (Holtsville NY) to 99950 (Ketchikan AK): 00000 and 99999 are placeholders
            final int usZip = 501 + random.nextInt(99_950 - 501 + 1);
            final int plusFour = random.nextInt(10_000);
            final String letters = "ABCEGHJKLMNPRSTVXY";
            final String canadian = "" + letters.charAt(random.nextInt(letters.length())) + random.nextInt(10)
                    + letters.charAt(random.nextInt(letters.length())) + " " + random.nextInt(10) + letters.charAt(random.nextInt(letters.length()))
                    + random.nextInt(10);
            final String british = List.of("SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "W1A 0AX").get(random.nextInt(7));
            final String[][] codes = {
                    {"US", String.format(Locale.ROOT, "%05d", usZip)}, {"PR", String.format(Locale.ROOT, "%05d-%04d", usZip, plusFour)},
                    {"CA", canadian}, {"GB", british}, {"AU", String.format(Locale.ROOT, "%04d", 200 + zip % 9_800)},
                    // Australian postcodes start at 0200 (the ANU), German and French codes at 01000 (Dresden 01067, Ain 01000): none starts with 00
                    {"DE", String.format(Locale.ROOT, "%05d", 1_000 + zip % 99_000)}, {"FR", String.format(Locale.ROOT, "%05d", 1_000 + zip % 99_000)},
                    {"NL", (1_000 + zip % 9_000) + " " + british.substring(british.length() - 2)}, {"JP", String.format(Locale.ROOT, "%03d-%04d", zip % 1_000, plusFour)}};
            for (final String[] code : codes) {
                final String lower = code[1].toLowerCase(Locale.ROOT);
                for (final String writtenCode : List.of(code[1], lower, " " + lower.replace(" ", "") + " ")) {
                    final String cleanedCode = clean("postal_code", writtenCode, code[0]);
                    if (!code[1].equals(cleanedCode)) {
                        failures.add("valid postal code of " + code[0], writtenCode + " -> " + cleanedCode);
                    }
                }
            }
        }
        for (final String[] state : new String[][] {{"US", "New York", "NY"}, {"US", "district of columbia", "DC"}, {"US", "PUERTO RICO", "PR"},
                {"CA", "Québec", "QC"}, {"CA", "Que\u0301bec", "QC"}, {"CA", "newfoundland and labrador", "NL"}, {"AU", "New South Wales", "NSW"},
                {"AU", "act", "ACT"}}) {
            final String cleaned = clean("state", state[1], state[0]);
            if (!state[2].equals(cleaned)) {
                failures.add("state", state[0] + " " + state[1] + " -> " + cleaned);
            }
        }
        failures.assertNone();
    }

    private static String fullWidth(final String value) {
        final StringBuilder builder = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            builder.append(c > ' ' && c < 0x7f ? (char) (c - '!' + '\uff01') : c);
        }
        return builder.toString();
    }

    /** Failures by property, the first few of each, all reported at the end. */
    private static final class Failures {
        private final Map<String, List<String>> byProperty = new LinkedHashMap<>();
        private int count;

        void add(final String property, final String example) {
            count++;
            final List<String> examples = byProperty.computeIfAbsent(property, key -> new ArrayList<>());
            if (examples.size() < 5) {
                examples.add(escaped(example));
            }
        }

        void assertNone() {
            final StringBuilder report = new StringBuilder();
            byProperty.forEach((property, examples) -> report.append('\n').append(property).append(": ").append(String.join(" | ", examples)));
            assertEquals(0, count, count + " failures" + report);
        }

        private static String escaped(final String text) {
            final StringBuilder builder = new StringBuilder(text.length());
            text.codePoints().forEach(c -> {
                if (c < ' ' || c > '~') {
                    builder.append(String.format(Locale.ROOT, "\\u%04x", c));
                } else {
                    builder.appendCodePoint(c);
                }
            });
            return builder.toString();
        }
    }
}
