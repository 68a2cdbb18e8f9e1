package dev.nificrm.match;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.nificrm.clean.CleanResult;
import dev.nificrm.clean.CountryRule;
import dev.nificrm.clean.DomainMapping;
import dev.nificrm.clean.EpochNumbers;
import dev.nificrm.clean.InternationalDomains;
import dev.nificrm.clean.PhoneRule;
import dev.nificrm.clean.TextRule;
import dev.nificrm.roles.CompanyIdentifierField;
import dev.nificrm.roles.FullWidthForms;
import dev.nificrm.roles.HtmlEntities;
import dev.nificrm.roles.KeyKind;
import dev.nificrm.roles.Role;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns raw field values into the compact keys the matcher compares and blocks on. These are matching keys, not
 * cleaned values: a name is folded to lower-case letters without accents ({@code ß} written {@code ss}, {@code ø} {@code o},
 * {@code æ} {@code ae}, {@code þ} {@code th}), an email to lower case without a
 * {@code +tag} and with its internationalised domain in its letters ({@code xn--bcher-kva.de} is {@code bücher.de}), a
 * website to its host (in its letters too), a phone to E.164 (or its digits when libphonenumber cannot parse it; a phone written as a number,
 * {@code 4.1555501E9}, from the digits it holds), a date to {@code yyyyMMdd}.
 * A value that folds to nothing is missing (null).
 * <pre>
 * ComparisonKeys keys = new ComparisonKeys("GB");
 * keys.normalise(Role.PHONE, "020 7946 0958");     // "+442079460958"
 * keys.normalise(Role.LAST_NAME, " Müller-Lüdenscheidt"); // "muller ludenscheidt"
 * </pre>
 */
public final class ComparisonKeys {
    private static final Pattern NON_DIGITS = Pattern.compile("[^0-9]+");
    /** The values that mean "no value" (N/A, unknown, -...), as CleanCRMRecord knows them by default: missing, not equal. */
    private static final TextRule PLACEHOLDERS = new TextRule(TextRule.DEFAULT_PLACEHOLDERS);
    /**
     * Mailboxes that are nobody's (system senders, test and "no email" fillers): missing, not equal, or every record
     * carrying {@code test@test.com} or {@code noreply@shop.com} would be one person by its +16 bits.
     */
    private static final Set<String> DUMMY_MAILBOXES = Set.of("noreply", "no-reply", "no_reply", "no.reply",
            "donotreply", "do-not-reply", "do_not_reply", "do.not.reply", "noemail", "no-email", "no_email", "no.email", "nomail",
            "no-mail", "none", "null", "nil", "test", "unknown", "na", "n.a");
    /**
     * Hosts that are nobody's website: free-mail providers (a small business writes {@code gmail.com} as its website, or a
     * mailbox {@code jonesbakery@yahoo.co.uk} lands in the field) and social networks without their path. Missing, not
     * equal, or every shop with a Gmail address would share a website.
     */
    static final Set<String> SHARED_HOSTS = Set.of("gmail.com", "googlemail.com", "ymail.com", "rocketmail.com", "aol.com",
            "msn.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "pm.me", "mail.com", "email.com", "gmx.com",
            "gmx.net", "gmx.de", "web.de", "t-online.de", "freenet.de", "yandex.ru", "yandex.com", "mail.ru", "bk.ru", "list.ru",
            "inbox.ru", "rambler.ru", "qq.com", "163.com", "126.com", "sina.com", "naver.com", "daum.net", "hanmail.net",
            "rediffmail.com", "libero.it", "virgilio.it", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr",
            "seznam.cz", "wp.pl", "o2.pl", "onet.pl", "interia.pl", "zoho.com", "zohomail.com", "fastmail.com", "tutanota.com",
            "hey.com", "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "bellsouth.net", "cox.net", "charter.net",
            "btinternet.com", "sky.com", "bigpond.com", "shaw.ca", "rogers.com", "sympatico.ca", "uol.com.br", "bol.com.br",
            "facebook.com", "fb.com", "linkedin.com", "instagram.com", "twitter.com", "x.com", "youtube.com", "tiktok.com",
            "sites.google.com", "business.site", "wixsite.com", "linktr.ee");
    /** Free-mail brands that have a host in many countries ({@code yahoo.co.uk}, {@code hotmail.fr}, {@code outlook.com.br}). */
    static final Set<String> SHARED_HOST_BRANDS = Set.of("yahoo", "hotmail", "outlook", "live", "windowslive", "gmail",
            "googlemail", "aol", "gmx", "yandex");
    /** {@link #SHARED_HOSTS} and {@link #SHARED_HOST_BRANDS} for {@link #isSharedHost(CharSequence, int, int)}. */
    private static final NameTable SHARED_HOST_NAMES = new NameTable(SHARED_HOSTS);
    private static final NameTable SHARED_HOST_BRAND_NAMES = new NameTable(SHARED_HOST_BRANDS);

    /**
     * The saint of a place name as its languages write it, written out: English and French {@code St}/{@code Ste}, German
     * and Scandinavian {@code Sankt} and Danish {@code Skt.}, Dutch {@code Sint}. Sankt and Sint are saints of either sex.
     */
    private static final Map<String, String> PLACE_SAINTS = Map.of("st", "saint", "ste", "sainte", "sankt", "saint", "skt", "saint",
            "sint", "saint");

    /** Titles a source writes before a name ({@code Dr.}, {@code Mrs}, {@code Prof.}), folded. */
    private static final String[] TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev"};
    /**
     * Academic and professional suffixes a source writes after a name ({@code PhD}, {@code M.D.}, {@code Esq.}), folded:
     * with dots they fold to two words ({@code ph d}). Generations ({@code jr}, {@code sr}, {@code iii}) are no such suffix.
     */
    private static final String[] SUFFIXES = {"phd", "ph d", "md", "m d", "dds", "esq"};

    private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();
    private final String defaultRegion;
    private final boolean northAmericanRegion;

    /** @param defaultRegion the ISO 3166 region phones without a country code are read in, e.g. {@code US} */
    public ComparisonKeys(final String defaultRegion) {
        this.defaultRegion = Objects.requireNonNull(defaultRegion, "defaultRegion").toUpperCase(Locale.ROOT);
        this.northAmericanRegion = phoneNumbers.getCountryCodeForRegion(this.defaultRegion) == 1;
    }

    /** The comparison key of a raw value for a role (null role: generic text), or null when nothing is left. */
    public String normalise(final Role role, final String raw) {
        return normalise(role == null ? KeyKind.FOLDED : role.getKeyKind(), raw);
    }

    /** The comparison key of a raw value of a key kind, or null when nothing is left. */
    public String normalise(final KeyKind kind, final String raw) {
        return normalise(kind, raw, null);
    }

    /**
     * The comparison key of a raw value of a key kind in a record of a country, or null when nothing is left. A company
     * identifier reads the country as {@link #normalise(KeyKind, String, String, CompanyIdentifierField)} says; a
     * company name reads it thus: a legal form first in it that is also a name's start elsewhere is dropped where the
     * country writes it there ({@code NV Bekaert} in Belgium is {@code bekaert}; {@code NV Energy} in the United States
     * is {@code nv energy}; without a country it is keyed both ways, {@code nv energy} and {@code energy}, joined by
     * {@link Comparison#VALUE_SEPARATOR} as several values of a field are).
     *
     * @param country the record's country as written (a code or a name), or null when it has none
     */
    public String normalise(final KeyKind kind, final String raw, final String country) {
        return normalise(kind, raw, country, CompanyIdentifierField.UNNAMED);
    }

    /**
     * The comparison key of a raw value of a key kind in a record of a country, read from a field whose name may say what
     * company identifiers it holds, or null when nothing is left. A company identifier without a kind of its own is read
     * by both ({@link CompanyIdentifiers#key(String, String, String, CompanyIdentifierField)}: nine digits in
     * {@code DunsNumber} are a D-U-N-S number; nine digits in an American record are no VAT id).
     *
     * @param country the record's country as written (a code or a name), or null when it has none
     * @param field   what the name of the value's field says of a company identifier; {@link CompanyIdentifierField#UNNAMED} for any other kind
     */
    public String normalise(final KeyKind kind, final String raw, final String country, final CompanyIdentifierField field) {
        if (raw == null) {
            return null;
        }
        final String stripped = raw.trim();
        // one key for a value written composed (NFC, é as one character) or decomposed (NFD, as macOS writes file names
        // and some forms post them: e and its accent): the keys that keep letters as they are (emails, websites, codes,
        // phones) would otherwise differ, and a code dropped the loose accent and kept the composed letter
        final String trimmed = isAscii(stripped) ? stripped : Normalizer.normalize(FullWidthForms.toAscii(stripped), Normalizer.Form.NFC).trim();
        if (trimmed.isEmpty() || PLACEHOLDERS.isPlaceholder(trimmed)) {
            // "N/A" in every field of two records is no evidence that they are one person
            return null;
        }
        return switch (kind) {
            case EMAIL -> email(trimmed);
            case PHONE -> phone(trimmed);
            case DATE -> date(trimmed);
            case CODE -> alphanumeric(trimmed);
            case COMPANY_ID -> CompanyIdentifiers.key(trimmed, alphanumeric(trimmed), country, field);
            // names and places as an export or a web form may leave them, with HTML entities (O&#39;Brien, M&uuml;ller,
            // Rue de l&#39;Église), read as the characters they stand for; a company name's key reads them itself
            case STREET -> Addresses.key(HtmlEntities.decode(trimmed));
            case COMPANY -> OrganisationNames.key(trimmed, country);
            case COUNTRY -> country(trimmed);
            case WEBSITE -> website(trimmed);
            case FOLDED -> fold(HtmlEntities.decode(trimmed));
            case PERSON_NAME -> personName(HtmlEntities.decode(trimmed));
            case PLACE -> place(HtmlEntities.decode(trimmed));
        };
    }

    /**
     * A country as the code CleanCRMRecord writes for it ({@link CountryRule#code}), in lower case so that a value written
     * as its code keeps the key it had when countries were folded ({@code US} is {@code us}, and so are {@code USA},
     * {@code United States}, {@code United States of America} and {@code Vereinigte Staaten}); a value that is no country
     * of today folded, as before ({@code Narnia} is {@code narnia}, {@code Congo} {@code congo}).
     */
    private static String country(final String value) {
        final String code = CountryRule.code(value);
        return code == null ? fold(value) : code.toLowerCase(Locale.ROOT);
    }

    /**
     * A person name folded, without the titles before it and the suffixes after it ({@link #TITLES}, {@link #SUFFIXES}), as
     * long as a word of the name is left: {@code Dr. John} and {@code John} are one first name, {@code Smith, PhD} and
     * {@code Smith} one last name, and a first name of {@code Dr} alone stays {@code dr}.
     */
    static String personName(final String value) {
        final String folded = fold(value);
        if (folded == null || folded.indexOf(' ') < 0) {
            return folded;
        }
        int start = 0;
        int end = folded.length();
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (final String title : TITLES) {
                if (end - start > title.length() + 1 && folded.startsWith(title, start) && folded.charAt(start + title.length()) == ' ') {
                    start += title.length() + 1;
                    stripped = true;
                }
            }
            for (final String suffix : SUFFIXES) {
                if (end - start > suffix.length() + 1 && folded.startsWith(suffix, end - suffix.length())
                        && folded.charAt(end - suffix.length() - 1) == ' ') {
                    end -= suffix.length() + 1;
                    stripped = true;
                }
            }
        }
        return start == 0 && end == folded.length() ? folded : folded.substring(start, end);
    }

    /**
     * A place name folded, with its saint written one way wherever it stands: a city, town or suburb has no street or
     * suite in it, and the saint of one language is the saint of the next ({@code St. Louis}, {@code Port St Lucie},
     * {@code Ste-Foy}, {@code Sankt Gallen}, {@code Skt. Clemens} and {@code Sint-Niklaas} are {@code saint louis},
     * {@code port saint lucie}, {@code sainte foy}, {@code saint gallen}, {@code saint clemens} and {@code saint niklaas}).
     */
    private static String place(final String value) {
        final String folded = fold(value);
        if (folded == null || !hasSaint(folded)) {
            return folded;
        }
        final String[] words = folded.split(" ");
        for (int i = 0; i < words.length; i++) {
            words[i] = PLACE_SAINTS.getOrDefault(words[i], words[i]);
        }
        return String.join(" ", words);
    }

    /** Whether a folded place name holds a saint written another way, without splitting it. */
    private static boolean hasSaint(final String key) {
        for (final String saint : PLACE_SAINTS.keySet()) {
            if (hasWord(key, saint)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a folded key holds a word, without splitting it. */
    private static boolean hasWord(final String key, final String word) {
        for (int at = key.indexOf(word); at >= 0; at = key.indexOf(word, at + 1)) {
            final int end = at + word.length();
            if ((at == 0 || key.charAt(at - 1) == ' ') && (end == key.length() || key.charAt(end) == ' ')) {
                return true;
            }
        }
        return false;
    }

    /** Lower-case letters and digits without accents, words separated by one space; invisible format characters dropped. */
    static String fold(final String value) {
        // most values are plain ASCII: decomposing accents is only needed for the others
        final boolean ascii = isAscii(value);
        final String decomposed = ascii ? value : Normalizer.normalize(value, Normalizer.Form.NFD);
        final StringBuilder builder = new StringBuilder(decomposed.length());
        boolean space = false;
        for (int i = 0; i < decomposed.length(); i++) {
            final char c = decomposed.charAt(i);
            final int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK && isDiacritic(c) || type == Character.FORMAT) {
                // an invisible format character is no word boundary: a name written with the zero-width non-joiner
                // Persian spelling asks for (حسین‌زاده) and without it (حسینزاده), a conjunct with its joiner (क्‍ष)
                // and without it, have one key
                continue;
            }
            // other scripts' marks are part of their letters: a kana's voicing mark (ガ is not カ), an Indic vowel sign
            final boolean mark = type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            if (mark && !builder.isEmpty() && !space) {
                builder.append(c);
            } else if (Character.isLetterOrDigit(c)) {
                if (space && !builder.isEmpty()) {
                    builder.append(' ');
                }
                space = false;
                final String spelled = c > 127 ? writtenWithoutIt(c) : null;
                if (spelled != null) {
                    builder.append(spelled);
                } else {
                    builder.append(Character.toLowerCase(c));
                }
            } else if (c != '\'') {
                space = true;
            }
        }
        if (builder.isEmpty()) {
            return null;
        }
        // the marks kept are composed again, so that ガ written as one character or as two has one key
        return ascii ? builder.toString() : Normalizer.normalize(builder, Normalizer.Form.NFC);
    }

    /**
     * How a keyboard without it writes a Latin letter that is no letter and an accent (decomposing leaves it whole), or null
     * for any other: {@code ß} is {@code ss} (as Switzerland writes it: Weiß is Weiss), the ligatures {@code æ},
     * {@code œ} and Dutch {@code ĳ} their two letters ({@code Ĳsselmeer} is {@code IJsselmeer}), the typesetter's ligatures
     * a text copied from a PDF keeps ({@code ﬁ}, {@code ﬂ}, {@code ﬀ}, {@code ﬃ}, {@code ﬄ}, {@code ﬅ}, {@code ﬆ}) their letters
     * ({@code Staﬀord} is {@code Stafford}), {@code ø} is {@code o} as {@code ö} is once its dots are folded away (a written
     * {@code oe} is read by {@link Umlauts}, as for {@code ö}), {@code ð} and {@code đ} are {@code d}, {@code þ} is
     * {@code th}, {@code ł} is {@code l} and {@code ı} is {@code i}; {@code å} needs no entry, it decomposes to {@code a}
     * and its ring. One table for every key that is folded: names, cities, companies and street lines.
     */
    private static String writtenWithoutIt(final char letter) {
        return switch (letter) {
            case 'ß', 'ẞ' -> "ss";
            case 'æ', 'Æ' -> "ae";
            case 'œ', 'Œ' -> "oe";
            case 'ĳ', 'Ĳ' -> "ij";
            case 'ﬀ' -> "ff";
            case 'ﬁ' -> "fi";
            case 'ﬂ' -> "fl";
            case 'ﬃ' -> "ffi";
            case 'ﬄ' -> "ffl";
            case 'ﬅ', 'ﬆ' -> "st";
            case 'ø', 'Ø' -> "o";
            case 'ð', 'Ð', 'đ', 'Đ' -> "d";
            case 'þ', 'Þ' -> "th";
            case 'ł', 'Ł' -> "l";
            case 'ı' -> "i";
            default -> null;
        };
    }

    /**
     * Whether a combining mark is one writers leave out as often as they write it, dropped like an accent: the accents of
     * the Latin, Greek and Cyrillic letters (é, ö, ç, ά, й), and the vowel points of Hebrew and Arabic (מֹשֶׁה is משה,
     * مُحَمَّد is محمد). Other scripts' marks are part of their letters.
     */
    private static boolean isDiacritic(final char c) {
        return c >= '\u0300' && c <= '\u036F' || c >= '\u1AB0' && c <= '\u1AFF' || c >= '\u1DC0' && c <= '\u1DFF'
                || c >= '\u20D0' && c <= '\u20FF' || c >= '\uFE20' && c <= '\uFE2F'
                || c >= '\u0591' && c <= '\u05C7' || c >= '\u0610' && c <= '\u061A' || c >= '\u064B' && c <= '\u065F'
                || c == '\u0670' || c >= '\u06D6' && c <= '\u06ED';
    }

    private static boolean isAscii(final String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    private static String email(final String value) {
        final int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            return value.toLowerCase(Locale.ROOT);
        }
        String local = value.substring(0, at).toLowerCase(Locale.ROOT);
        final int plus = local.indexOf('+');
        if (plus > 0) {
            local = local.substring(0, plus);
        }
        if (DUMMY_MAILBOXES.contains(local)) {
            return null;
        }
        return local + '@' + domain(value.substring(at + 1));
    }

    /**
     * A domain as CleanCRMRecord writes it, read from its written case: beyond ASCII as UTS #46 maps it
     * ({@link DomainMapping}: {@code ꮳꮃꭹ.com} and {@code ᏣᎳᎩ.com} are {@code ᏣᎳᎩ.com}, where lower-casing kept
     * Cherokee's small letters, and {@code ΑΣ.gr} is {@code ασ.gr}, not {@code ας.gr}), else in lower case; in its letters
     * ({@code xn--bcher-kva.de} is {@code bücher.de}), but an xn-- label that encodes nothing stays as written, a key of
     * its own.
     */
    private static String domain(final String written) {
        final String domain = DomainMapping.isBeyondAscii(written, 0) ? DomainMapping.map(written) : written.toLowerCase(Locale.ROOT);
        final String unicode = InternationalDomains.hasAsciiLabel(domain) ? InternationalDomains.toUnicode(domain) : domain;
        return unicode == null ? domain : unicode;
    }

    /**
     * The key of a phone: E.164, or its digits when libphonenumber cannot read it; a phone written as a number is read
     * from its digits as CleanCRMRecord reads it ({@link PhoneRule#writtenAsNumber}: {@code 4.1555501E9} is
     * {@code +14155550100}), and is missing when its digits are lost ({@code 4.1555501E+09}), never a key of the digits
     * left.
     */
    String phone(final String value) {
        final CleanResult number = PhoneRule.writtenAsNumber(value);
        if (number != null && !number.isValid()) {
            return null;
        }
        final String written = number == null ? value : number.getValue();
        final String nanp = northAmericanPhone(written);
        final String key = nanp != null ? nanp : parsedPhone(written);
        return key == null || isDummyPhone(key) ? null : key;
    }

    /**
     * Whether a phone key is a filler rather than a number: after a country code of up to three digits, one digit repeated
     * ({@code 0000000000}, {@code +1 555 555 5555}) or the digits in sequence ({@code 1234567890}).
     */
    static boolean isDummyPhone(final String key) {
        // on every record's phone: read in place, nothing allocated
        final int first = key.startsWith("+") ? 1 : 0;
        for (int start = first; start <= first + 3 && key.length() - start >= 7; start++) {
            if (isOneDigitRepeated(key, start) || isInSequence(key, start, "1234567890") || isInSequence(key, start, "0123456789")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOneDigitRepeated(final String key, final int start) {
        for (int i = start + 1; i < key.length(); i++) {
            if (key.charAt(i) != key.charAt(start)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the key from {@code start} on is a beginning of {@code sequence}. */
    private static boolean isInSequence(final String key, final int start, final String sequence) {
        return key.length() - start <= sequence.length() && key.regionMatches(start, sequence, 0, key.length() - start);
    }

    /**
     * The E.164 key of a North American number written with digits and the usual punctuation only, without the cost of
     * the general parser: {@code +1} and ten digits, or ten digits (eleven with a leading 1) when the default region
     * dials {@code +1}; null for anything else. The area code must start with 2-9, so neither an international prefix
     * nor a national prefix can be mistaken for it: libphonenumber reads such a number the same way.
     */
    private String northAmericanPhone(final String value) {
        final char[] digits = new char[11];
        int count = 0;
        final boolean plus = value.charAt(0) == '+';
        for (int i = plus ? 1 : 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                if (count == digits.length) {
                    return null;
                }
                digits[count++] = c;
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                return null;
            }
        }
        final int start;
        if (count == 11 && digits[0] == '1') {
            start = 1;
        } else if (count == 10 && !plus) {
            start = 0;
        } else {
            return null;
        }
        if (digits[start] < '2' || !plus && !northAmericanRegion) {
            return null;
        }
        return "+1" + String.valueOf(digits, start, 10);
    }

    /** The key of a phone from libphonenumber's general parser: E.164, or the digits of what it cannot read. */
    String parsedPhone(final String value) {
        try {
            final Phonenumber.PhoneNumber number = phoneNumbers.parse(value, defaultRegion);
            if (phoneNumbers.isPossibleNumber(number)) {
                return phoneNumbers.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            }
        } catch (final NumberParseException e) {
            // not a number libphonenumber understands: fall back to its digits
        }
        final String digits = digits(value);
        return digits.length() < 5 ? null : digits;
    }

    static String date(final String value) {
        // yyyy-MM-dd (what a date field of a record reads as) without splitting on a pattern: the same key
        if (value.length() == 10 && !isDigit(value.charAt(4)) && !isDigit(value.charAt(7))
                && areDigits(value, 0, 4) && areDigits(value, 5, 7) && areDigits(value, 8, 10)) {
            final char[] key = new char[8];
            value.getChars(0, 4, key, 0);
            value.getChars(5, 7, key, 4);
            value.getChars(8, 10, key, 6);
            return new String(key);
        }
        final Instant epoch = epochInstant(value);
        if (epoch != null) {
            // the epoch itself is what an unset date is exported as (HubSpot's 0): no date
            return epoch.equals(Instant.EPOCH) ? null : LocalDate.ofInstant(epoch, ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        }
        return splitDate(value);
    }

    /**
     * The instant of an epoch number as {@link EpochNumbers} reads one (milliseconds of 11 to 13 digits, HubSpot's
     * {@code 1702080000000} is 2023-12-09 at midnight UTC; seconds of 9 or 10; a minus before 1970); null for any other
     * value, an 8-digit {@code yyyyMMdd} included.
     */
    private static Instant epochInstant(final String value) {
        final int first = value.startsWith("-") ? 1 : 0;
        if (value.length() - first < 8 || value.length() - first > 13 || !areDigits(value, first, value.length())) {
            return null;
        }
        return EpochNumbers.instant(value);
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean areDigits(final String value, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The key of a date in any layout: its numbers read as year, month and day. */
    static String splitDate(final String value) {
        final String digits = digits(value);
        if (digits.length() == 8 && value.length() == 8) {
            return digits;
        }
        final String[] parts = NON_DIGITS.split(value);
        if (parts.length >= 3 && !parts[0].isEmpty()) {
            if (parts[0].length() == 4) {
                return parts[0] + pad(parts[1]) + pad(parts[2]);
            }
            if (parts[2].length() == 4) {
                // a leading number above 12 is a day (dd/mm/yyyy); otherwise read it as month first (mm/dd/yyyy):
                // the day/month-swapped agreement level forgives the other reading. Its length first: eleven digits or
                // more are no int (198001150207 946 0958 threw a NumberFormatException out of the key)
                final boolean dayFirst = parts[0].length() > 2 || Integer.parseInt(parts[0]) > 12;
                return dayFirst ? parts[2] + pad(parts[1]) + pad(parts[0]) : parts[2] + pad(parts[0]) + pad(parts[1]);
            }
        }
        return digits.length() >= 6 ? digits : null;
    }

    private static String pad(final String part) {
        return part.length() == 1 ? "0" + part : part;
    }

    private static String alphanumeric(final String value) {
        final StringBuilder builder = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                builder.append(Character.toUpperCase(c));
            }
        }
        return builder.isEmpty() ? null : builder.toString();
    }

    /**
     * The host of a web address without scheme, user, port, path, query, a trailing dot and {@code www}/{@code www2},
     * an internationalised host in its letters ({@code xn--bcher-kva.de} is {@code bücher.de}).
     */
    private static String website(final String value) {
        // the host is cut out of the address as written, and then mapped as a domain: lower-casing the whole address
        // first would map a host beyond ASCII another way than CleanCRMRecord
        String host = value;
        final int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        host = host.substring(0, endOfHost(host));
        final int user = host.lastIndexOf('@');
        if (user >= 0) {
            host = host.substring(user + 1);
        }
        final int port = host.indexOf(':');
        if (port >= 0) {
            host = host.substring(0, port);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        host = domain(host);
        if (host.startsWith("www.") || host.length() > 5 && host.startsWith("www") && Character.isDigit(host.charAt(3)) && host.charAt(4) == '.') {
            host = host.substring(host.indexOf('.') + 1);
        }
        return host.isEmpty() || isSharedHost(host) ? null : host;
    }

    /** Whether a host is a free-mail provider's or a social network's ({@link #SHARED_HOSTS}), in any of its countries. */
    static boolean isSharedHost(final String host) {
        return isSharedHost(host, 0, host.length());
    }

    /**
     * {@link #isSharedHost(String)} of the characters of {@code host} from {@code from} up to {@code to} (the domain of
     * an email, or a stored one's bytes read as characters), without a string of them or of their labels: the same
     * answer, dots at the end of the country's suffix left out as {@link String#split} leaves out the empty labels
     * after them.
     */
    static boolean isSharedHost(final CharSequence host, final int from, final int to) {
        if (SHARED_HOST_NAMES.contains(host, from, to)) {
            return true;
        }
        final int dot = indexOfDot(host, from, to);
        if (dot <= from || !SHARED_HOST_BRAND_NAMES.contains(host, from, dot)) {
            return false;
        }
        // the brand and a country's suffix only: yahoo.co.uk, hotmail.fr, outlook.com.br (not yahoo.acme.com)
        if (dot + 1 == to) {
            return false;
        }
        int end = to;
        while (end > dot + 1 && host.charAt(end - 1) == '.') {
            end--;
        }
        int labels = 0;
        for (int start = dot + 1; start < end; ) {
            final int next = indexOfDot(host, start, end);
            final int stop = next < 0 ? end : next;
            if (stop == start || stop - start > 3 || ++labels > 2) {
                return false;
            }
            start = stop + 1;
        }
        return true;
    }

    /** The position of the first dot from {@code from} up to {@code to}, or -1. */
    private static int indexOfDot(final CharSequence value, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (value.charAt(i) == '.') {
                return i;
            }
        }
        return -1;
    }

    /**
     * A set of names looked up by a stretch of characters without a string of it: open addressing on the names'
     * {@link String#hashCode}, computed the same way over the stretch.
     */
    private static final class NameTable {
        private final String[] slots;
        private final int mask;

        NameTable(final Set<String> names) {
            slots = new String[Integer.highestOneBit(names.size() * 4)];
            mask = slots.length - 1;
            for (final String name : names) {
                int slot = spread(name.hashCode()) & mask;
                while (slots[slot] != null) {
                    slot = slot + 1 & mask;
                }
                slots[slot] = name;
            }
        }

        /** Whether the characters of {@code value} from {@code from} up to {@code to} are one of the names. */
        boolean contains(final CharSequence value, final int from, final int to) {
            final int length = to - from;
            int hash = 0;
            for (int i = from; i < to; i++) {
                hash = 31 * hash + value.charAt(i);
            }
            for (int slot = spread(hash) & mask; slots[slot] != null; slot = slot + 1 & mask) {
                final String name = slots[slot];
                if (name.length() == length && Similarities.regionMatches(name, 0, value, from, length)) {
                    return true;
                }
            }
            return false;
        }

        private static int spread(final int hash) {
            return hash ^ hash >>> 16;
        }
    }

    private static int endOfHost(final String address) {
        for (int i = 0; i < address.length(); i++) {
            final char c = address.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == ' ') {
                return i;
            }
        }
        return address.length();
    }

    static String digits(final String value) {
        final StringBuilder builder = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                builder.append(c);
            }
        }
        return builder.toString();
    }
}
