package dev.nificrm.clean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.IDN;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IDNA 2008's rules for a domain in Unicode letters, as an email address's domain and a website's host: each row is
 * cleaned as {@code info@<domain>} by {@link EmailRule} and as {@code https://<domain>/} by {@link WebsiteRule}. A
 * {@code {text*n}} in a row is the text written n times. Before, every rejected row was kept (or rejected for an invalid
 * character: a joiner, a middle dot), and the joiners and punctuation in context were rejected.
 */
class InternationalDomainRulesTest {
    private static final Pattern REPEAT = Pattern.compile("\\{([^*}]+)\\*(\\d+)}");

    private final EmailRule email = new EmailRule();
    private final WebsiteRule website = new WebsiteRule();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // length in the ASCII form: xn-- and 59 characters of Punycode for 57 ü, the 63 DNS holds
            "{ü*57}.de", "{例*57}.jp", "{ü*57}.{ü*57}.{ü*57}.de", "{bücher*8}.de",
            // one script per label, or the scripts of one CJK writing system, with Latin
            "bücher.de", "пример.рф", "example.рф", "ελληνικά.gr", "例え.テスト", "日本語ドメイン.jp", "ひらがなカタカナ漢字.jp", "中文域名.cn",
            "中文ㄅㄆ.tw", "한국어.kr", "한국漢字.kr", "abc日本.jp", "あいう-abc.jp", "münchen-2024.de", "उदाहरण.भारत",
            // right to left: a Bidi domain name whose every label meets the Bidi Rule
            "مثال.مصر", "مثال.com", "مثال1.com", "مثال٣.com", "שלום.co.il", "abc1.שלום.com", "דוגמה.ישראל",
            // joiners and punctuation in their context: after a virama, between joining Arabic letters, Catalan's l·l...
            "क्\u200Dष.com", "क्\u200Cष.in", "می\u200Cخواهم.ir", "col·legi.cat", "αβ͵γ.gr", "א׳ב.co.il", "日本・東京.jp", "مثال٣٤.com",
            // hyphens elsewhere than a Unicode label's third and fourth places; an ASCII label's own are no U-label's
            "b--ücher.de", "büc--her.de", "bü-cher.de", "пр-имер.рф", "ab--cd.bücher.de",
            // Cyrillic or Greek with a letter no Latin one looks like, or all look-alikes under a top-level domain of that
            // script (рф, укр, ελ) or of a country that writes it (ru, by, ua, gr...)
            "пример.com", "яндекс.рф", "москва.com", "сайт.de", "ёж.com", "www.пример.com", "асе.рф", "аррӏе.укр", "асе.ru",
            "соса-соӏа.by", "ѕсоре.ua", "асе.bg", "асе.kz", "асе.su", "асе.uz", "τοκιο.gr", "τοκιο.ελ", "ελληνικά.com",
            "bücher.асе.рф",
            // Armenian and Georgian: a letter no Latin one looks like (բ, տ, ն, ե; ს, ა...), or all look-alikes under their
            // top-level domains (am, հայ; ge, გე)
            "հայաստան.com", "բարեւ.com", "հայ.am", "հայ.հայ", "ցօօց.am", "օս.հայ", "საქართველო.ge", "საქართველო.com", "ყჿ.ge",
            "ყჿ.გე", "www.հայաստան.am",
            // Latin with Hangul or Bopomofo, as with Japanese
            "abc한국.kr", "abcㄅㄆ.tw",
            // Cherokee in its capitals, the only ones IDNA 2008 allows: ᏣᎳᎩ (tsalagi), whose Ꮳ looks like no Latin letter
            "ᏣᎳᎩ.com", "www.ᏣᎳᎩ.us", "ᏣᎳᎩ-2024.org",
            // a letter beyond the first 65,536, two chars in Java: 𠮷 (U+20BB7) of the Yoshinoya chain's 𠮷野家
            "𠮷野家.jp", "www.𠮷野家.com", "𠮷.jp"
    })
    void acceptsAnInternationalisedDomain(final String written) {
        final String domain = expand(written);
        final CleanResult mailbox = email.clean("info@" + domain, "DE");
        assertTrue(mailbox.isValid(), () -> written + " (email): " + mailbox.getReason());
        assertEquals("info@" + domain, mailbox.getValue());
        final CleanResult site = website.clean("https://" + domain + "/", "DE");
        assertTrue(site.isValid(), () -> written + " (website): " + site.getReason());
        assertEquals("https://" + domain, site.getValue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // a label of 58 ü is 64 characters as xn--; four labels of 57 are 258 with their dots and the top-level domain
            "{ü*58}.de | internationalised domain label longer than 63 characters in its ASCII form (xn--)",
            "{例*58}.jp | internationalised domain label longer than 63 characters in its ASCII form (xn--)",
            "{пример*10}.рф | internationalised domain label longer than 63 characters in its ASCII form (xn--)",
            "www.{bücher*10}.de | internationalised domain label longer than 63 characters in its ASCII form (xn--)",
            "{ü*57}.{ü*57}.{ü*57}.{ü*57}.de | domain longer than 253 characters in its ASCII form",
            "{a*63}.{a*63}.{a*63}.{a*63}.de | domain longer than 253 characters in its ASCII form",
            "{a*63}.{a*63}.{a*63}.{ü*57}.de | domain longer than 253 characters in its ASCII form",
            // look-alikes: a Cyrillic а, і, о or р, a Greek ο among Latin letters; Greek among Cyrillic; Korean with Japanese
            "pаypal.com | domain label mixes scripts (look-alike letters)",
            "аpple.com | domain label mixes scripts (look-alike letters)",
            "mіcrosoft.com | domain label mixes scripts (look-alike letters)",
            "gοogle.com | domain label mixes scripts (look-alike letters)",
            "раураl.com | domain label mixes scripts (look-alike letters)",
            "www.bаnk.de | domain label mixes scripts (look-alike letters)",
            "пример-test.рф | domain label mixes scripts (look-alike letters)",
            "привеτ.ru | domain label mixes scripts (look-alike letters)",
            "한국あ.kr | domain label mixes scripts (look-alike letters)",
            "bücherкнига.de | domain label mixes scripts (look-alike letters)",
            "gօօgle.com | domain label mixes scripts (look-alike letters)",
            "аօ.com | domain label mixes scripts (look-alike letters)",
            "abcყ.ge | domain label mixes scripts (look-alike letters)",
            "abc한국あ.kr | domain label mixes scripts (look-alike letters)",
            "שלוםabc.com | domain label mixes scripts (look-alike letters)",
            // the Bidi Rule: a label of a Bidi domain name starts with a letter, an RTL label holds digits of one kind
            "1שלום.com | domain label mixes right-to-left and left-to-right text (RFC 5893)",
            "123.שלום.com | domain label mixes right-to-left and left-to-right text (RFC 5893)",
            "1abc.מבחן.com | domain label mixes right-to-left and left-to-right text (RFC 5893)",
            "٣مثال.com | domain label mixes right-to-left and left-to-right text (RFC 5893)",
            "مثال٣1.com | domain label mixes right-to-left and left-to-right text (RFC 5893)",
            "שלום.9a.com | domain label mixes right-to-left and left-to-right text (RFC 5893)",
            // joiners and punctuation out of context
            "ab\u200Dc.com | joiner or middle dot out of its context in domain (RFC 5892)",
            "ab\u200Cc.com | joiner or middle dot out of its context in domain (RFC 5892)",
            "\u200Cabc.com | joiner or middle dot out of its context in domain (RFC 5892)",
            "कष\u200D.com | joiner or middle dot out of its context in domain (RFC 5892)",
            "ا\u200Cب.com | joiner or middle dot out of its context in domain (RFC 5892)",
            "a·b.cat | joiner or middle dot out of its context in domain (RFC 5892)",
            "·l.cat | joiner or middle dot out of its context in domain (RFC 5892)",
            "l·.cat | joiner or middle dot out of its context in domain (RFC 5892)",
            "αβ͵.gr | joiner or middle dot out of its context in domain (RFC 5892)",
            "͵abc.gr | joiner or middle dot out of its context in domain (RFC 5892)",
            "a׳b.com | joiner or middle dot out of its context in domain (RFC 5892)",
            "abc・def.jp | joiner or middle dot out of its context in domain (RFC 5892)",
            "مثال٣۳.com | joiner or middle dot out of its context in domain (RFC 5892)",
            // hyphens in a Unicode label's third and fourth places, which only an xn-- label's ASCII form may hold
            "bü--cher.de | domain label has hyphens in its third and fourth places (RFC 5891)",
            "ab--ü.de | domain label has hyphens in its third and fourth places (RFC 5891)",
            "www.пр--имер.рф | domain label has hyphens in its third and fourth places (RFC 5891)",
            "例え--テスト.jp | domain label has hyphens in its third and fourth places (RFC 5891)",
            "ü---x.de | domain label has hyphens in its third and fourth places (RFC 5891)",
            // whole-script look-alikes: every Cyrillic or Greek letter of the label looks like a Latin one (асе, аррӏе,
            // раураӏ, ѕсоре, соса-соӏа in Cyrillic; τοκιο, ναι in Greek), under a top-level domain not of that script
            "асе.com | domain label looks like a Latin name in Cyrillic letters",
            "аррӏе.com | domain label looks like a Latin name in Cyrillic letters",
            "раураӏ.com | domain label looks like a Latin name in Cyrillic letters",
            "www.ѕсоре.com | domain label looks like a Latin name in Cyrillic letters",
            "соса-соӏа.de | domain label looks like a Latin name in Cyrillic letters",
            "123-асе.net | domain label looks like a Latin name in Cyrillic letters",
            "асе.bücher.de | domain label looks like a Latin name in Cyrillic letters",
            "асе.gr | domain label looks like a Latin name in Cyrillic letters",
            "τοκιο.com | domain label looks like a Latin name in Greek letters",
            "ναι.de | domain label looks like a Latin name in Greek letters",
            "τοκιο.ru | domain label looks like a Latin name in Greek letters",
            "τοκιο.рф | domain label looks like a Latin name in Greek letters",
            // Armenian: ցօօց is goog, հօ ho, սօ uo, ք-օ f-o; հայ is a genuine word (Armenian), rejected as рука would be
            "ցօօց.com | domain label looks like a Latin name in Armenian letters",
            "հօ.com | domain label looks like a Latin name in Armenian letters",
            "www.սօ.de | domain label looks like a Latin name in Armenian letters",
            "ք-օ.org | domain label looks like a Latin name in Armenian letters",
            "ռօ.net | domain label looks like a Latin name in Armenian letters",
            "հայ.com | domain label looks like a Latin name in Armenian letters",
            "ցօօց.ru | domain label looks like a Latin name in Armenian letters",
            "ցօօց.ge | domain label looks like a Latin name in Armenian letters",
            // Georgian: ყ y and the labial sign ჿ o are its only letters Unicode maps to Latin ones
            "ყჿ.com | domain label looks like a Latin name in Georgian letters",
            "ყყ.am | domain label looks like a Latin name in Georgian letters",
            // Cherokee, typed in the capitals a domain holds (ᏣᎳᎩ, tsalagi) or in small letters: it was written as the
            // small letters, another domain and no IDNA 2008 one
            // Cherokee capitals that all look like Latin ones (BASE, WEB), also typed in its small letters, which fold to
            // them; a Cherokee letter beside Latin ones is a mixed label
            "ᏴᎪᏚᎬ.com | domain label looks like a Latin name in Cherokee letters",
            "ᏼꭺꮪꭼ.com | domain label looks like a Latin name in Cherokee letters",
            "www.ᏔᎬᏴ.us | domain label looks like a Latin name in Cherokee letters",
            "abcᏣ.com | domain label mixes scripts (look-alike letters)",
            "ᏣᎳᎩа.com | domain label mixes scripts (look-alike letters)"
    })
    void rejectsWhatIdna2008Forbids(final String written, final String reason) {
        final String domain = expand(written);
        final CleanResult mailbox = email.clean("info@" + domain, "DE");
        assertFalse(mailbox.isValid(), () -> written + " (email) read as " + mailbox.getValue());
        assertEquals(reason, mailbox.getReason(), written + " (email)");
        final CleanResult site = website.clean("https://" + domain + "/", "DE");
        assertFalse(site.isValid(), () -> written + " (website) read as " + site.getValue());
        assertEquals(reason, site.getReason(), written + " (website)");
    }

    /** The ASCII form is held to the rules of the letters it encodes: xn--pypal-4ve.com is pаypal.com, with a Cyrillic а. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "pаypal.com | domain label mixes scripts (look-alike letters)",
            "1שלום.com | domain label mixes right-to-left and left-to-right text (RFC 5893)",
            "ab\u200Dc.com | joiner or middle dot out of its context in domain (RFC 5892)",
            "bü--cher.de | domain label has hyphens in its third and fourth places (RFC 5891)",
            "аррӏе.com | domain label looks like a Latin name in Cyrillic letters",
            "ցօօց.com | domain label looks like a Latin name in Armenian letters",
            "ყჿ.com | domain label looks like a Latin name in Georgian letters",
            "ᏴᎪᏚᎬ.com | domain label looks like a Latin name in Cherokee letters",
            "ꮳꮃꭹ.com | invalid internationalised domain label (xn--)",
            "pаypal𠮷.com | domain label mixes scripts (look-alike letters)",
            "{ü*57}.{ü*57}.{ü*57}.{ü*57}.de | domain longer than 253 characters in its ASCII form"
    })
    void rejectsTheAsciiFormOfWhatIdna2008Forbids(final String written, final String reason) {
        final StringBuilder ascii = new StringBuilder();
        for (final String label : expand(written).split("\\.")) {
            ascii.append(ascii.isEmpty() ? "" : ".").append(label.chars().allMatch(c -> c < 0x80) ? label : "xn--" + InternationalDomains.encode(label));
        }
        assertEquals(reason, email.clean("info@" + ascii, "DE").getReason(), ascii + " (email)");
        assertEquals(reason, website.clean("https://" + ascii, "DE").getReason(), ascii + " (website)");
    }

    /**
     * A domain is written as UTS #46 maps it, where lower-casing would write another one: Cherokee typed in its small
     * letters or in capitals is its capitals (lower-casing made the small letters of them, which IDNA 2008 disallows, and
     * decoding refused the capitals of an xn-- label); a capital sigma at a word's end is σ (ς where lower-casing reads
     * the word); a capital ẞ is ss; a ligature, ſ and ϐ are their letters. The deviations ß and ς written, and the
     * dotless ı, are kept.
     */
    @ParameterizedTest
    @CsvSource({"ꮳꮃꭹ.com, ᏣᎳᎩ.com", "ᏣᎳᎩ.COM, ᏣᎳᎩ.com", "ꮳᎳꭹ.com, ᏣᎳᎩ.com", "xn--f9dt7l.com, ᏣᎳᎩ.com", "ΚΟΣΜΟΣ.gr, κοσμοσ.gr",
            "ΚΟΣΜΟΣ.ΕΛ, κοσμοσ.ελ", "ΚΟΣΜΟΣ-1.gr, κοσμοσ-1.gr", "STRAẞE.de, strasse.de", "ﬁrma.de, firma.de", "maſs.de, mass.de", "ϐιβλίο.gr, βιβλίο.gr",
            "straße.de, straße.de", "κοσμος.gr, κοσμος.gr", "ışık.com.tr, ışık.com.tr", "BÜCHER.DE, bücher.de"})
    void writesADomainAsUts46MapsIt(final String written, final String domain) {
        final CleanResult mailbox = email.clean("Info@" + written, "DE");
        assertEquals("info@" + domain, mailbox.getValue(), () -> written + " (email): " + mailbox.getReason());
        final CleanResult site = website.clean("https://" + written + "/Shop", "DE");
        assertEquals("https://" + domain + "/Shop", site.getValue(), () -> written + " (website): " + site.getReason());
    }

    /**
     * A top-level domain written as xn-- is read as the letters it encodes: асе under рф is at home in either form, in
     * the address as written (Unicode label, ASCII top-level domain) and as decoded.
     */
    @ParameterizedTest
    @CsvSource({"асе.xn--p1ai, асе.рф", "xn--80ak9a.xn--p1ai, асе.рф", "τοκιο.xn--qxam, τοκιο.ελ", "xn--80ak9a.ru, асе.ru",
            "ցօօց.xn--y9a3aq, ցօօց.հայ", "xn--vbbala.am, ցօօց.am", "ყჿ.xn--node, ყჿ.გე"})
    void readsATopLevelDomainWrittenAsXnAsItsLetters(final String written, final String domain) {
        assertEquals("info@" + domain, email.clean("info@" + written, "DE").getValue());
        assertEquals("https://" + domain, website.clean("https://" + written, "DE").getValue());
    }

    /** Under an xn-- top-level domain that encodes no label, a look-alike label is rejected for that domain, never thrown. */
    @Test
    void aLookAlikeUnderAnXnTopLevelDomainThatEncodesNothingIsRejectedForThatDomain() {
        assertEquals(EmailRule.INVALID_PUNYCODE, email.clean("info@асе.xn--zz", "DE").getReason());
        assertEquals(EmailRule.INVALID_PUNYCODE, website.clean("https://асе.xn--zz", "DE").getReason());
    }

    /**
     * The table of Latin look-alikes is what its binary search needs (code point order, no letter twice) and what the
     * check compares (letters of the script in the case domains are compared in: lower case, Cherokee's capitals), and each of its letters, three times
     * under .com, is rejected with its script's reason.
     */
    @Test
    void latinLookAlikesAreLettersOfTheirScriptInTheCaseDomainsAreComparedInInCodePointOrder() {
        for (final InternationalDomainRules.LatinLookAlikes lookAlikes : InternationalDomainRules.LatinLookAlikes.values()) {
            final int[] letters = lookAlikes.letters();
            for (int i = 0; i < letters.length; i++) {
                final String letter = Character.toString(letters[i]);
                assertTrue(i == 0 || letters[i - 1] < letters[i], letter + " out of order");
                assertEquals(letter, DomainMapping.map(letter), letter + " is not in the case domains are compared in");
                assertEquals(lookAlikes.script(), Character.UnicodeScript.of(letters[i]), letter);
                assertEquals(lookAlikes.reason(), email.clean("info@" + letter.repeat(3) + ".com", "DE").getReason(), letter);
            }
        }
    }

    /** RFC 3492's encoding, as the JDK's IDNA 2003 writes the labels both read alike, and read back by toUnicode. */
    @ParameterizedTest
    @CsvSource({"bücher, bcher-kva", "pаypal, pypal-4ve", "пример, e1afmkfd", "例え, r8jz45g", "münchen, mnchen-3ya",
            "उदाहरण, p1b6ci4b4b3a", "مثال, mgbh0fb", "ü, tda", "日本語ドメイン, eckwd4c7c5976acvb2w6i"})
    void encodesALabelAsPunycode(final String label, final String expected) {
        assertEquals(expected, InternationalDomains.encode(label));
        assertEquals("xn--" + expected, IDN.toASCII(label));
        assertEquals(label, InternationalDomains.toUnicode("xn--" + expected));
    }

    /**
     * The viramas of the table are the marks of canonical combining class 9, as the JDK's normalisation orders them:
     * after a nukta (class 7) and before a sheva (class 10), the kana voicing marks (class 8) aside.
     */
    @Test
    void viramasAreTheMarksOfCombiningClassNine() {
        final List<Integer> viramas = new ArrayList<>();
        for (int point = 0; point <= Character.MAX_CODE_POINT; point++) {
            final int type = Character.getType(point);
            final String mark = Character.toString(point);
            if ((type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK) && point != 0x093C && point != 0x05B0
                    && point != 0x3099 && point != 0x309A && Normalizer.normalize(mark, Normalizer.Form.NFD).equals(mark)
                    && Normalizer.normalize("a" + mark + "\u093C", Normalizer.Form.NFD).equals("a\u093C" + mark)
                    && Normalizer.normalize("a\u05B0" + mark, Normalizer.Form.NFD).equals("a" + mark + "\u05B0")) {
                viramas.add(point);
            }
        }
        assertEquals(viramas, Arrays.stream(InternationalDomainRules.VIRAMAS).boxed().toList());
    }

    private static String expand(final String written) {
        final Matcher matcher = REPEAT.matcher(written);
        final StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(matcher.group(1).repeat(Integer.parseInt(matcher.group(2)))));
        }
        return matcher.appendTail(expanded).toString();
    }

    /**
     * A letter beyond the first 65,536 code points is two chars in Java (a surrogate pair), which the character checks
     * read one by one as no letter: 𠮷野家.jp and its xn-- form were 'invalid character in domain' ('in host'), although
     * 𠮷 (U+20BB7) is a letter IDNA 2008 allows. Half a pair alone is no character and stays invalid.
     */
    @ParameterizedTest
    @CsvSource({"xn--fctt27jo60v.jp, 𠮷野家.jp", "www.XN--FCTT27JO60V.com, www.𠮷野家.com", "𠮷野家.jp, 𠮷野家.jp"})
    void decodesALetterOfTwoCharsAsOneLetter(final String written, final String domain) {
        assertEquals("info@" + domain, email.clean("info@" + written, "JP").getValue());
        assertEquals("https://" + domain, website.clean("https://" + written, "JP").getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"野\uD842家.jp", "野\uDFB7家.jp", "\uDFB7\uD842.jp", "野家.j\uD842"})
    void rejectsHalfASurrogatePair(final String domain) {
        assertTrue(String.valueOf(email.clean("info@" + domain, "JP").getReason()).startsWith("invalid"), domain + " (email)");
        assertTrue(String.valueOf(website.clean("https://" + domain, "JP").getReason()).startsWith("invalid"), domain + " (website)");
    }
}
