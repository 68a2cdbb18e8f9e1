package dev.nificrm.clean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebsiteRuleTest {
    private final WebsiteRule rule = new WebsiteRule();

    @ParameterizedTest
    @CsvSource({
            "http://www.rosales-molina.com/, http://www.rosales-molina.com",
            "https://www.myers-mendez.biz/, https://www.myers-mendez.biz",
            "HTTP://WWW.Example.COM/About, http://www.example.com/About",
            "www.example.com, https://www.example.com",
            "example.com/path?q=A#Top, https://example.com/path?q=A#Top",
            "//example.com, https://example.com",
            "example.com:8080/, https://example.com:8080",
            "http://192.168.1.10/, http://192.168.1.10",
            "https://bücher.de, https://bücher.de"
    })
    void normalisesAddresses(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    @ParameterizedTest
    @CsvSource({
            "example.com., https://example.com",
            "https://www.example.com./, https://www.example.com",
            "http://example.com.:8080/a, http://example.com:8080/a",
            "example.com.?q=1, https://example.com?q=1",
            "example.com//, https://example.com",
            "https://example.com/?, https://example.com",
            "https://example.com/#, https://example.com",
            "https://example.com/about/, https://example.com/about/"
    })
    void dropsATrailingDotAfterTheHostAndEmptyEndings(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    @ParameterizedTest
    @CsvSource({
            "not a site, contains a space",
            "ftp://example.com, not an http or https address",
            "localhost, host has no dot",
            "http://, no host",
            "example.c, invalid top-level domain",
            "exa_mple.com, invalid character in host",
            "-example.com, invalid host",
            "example.com:http, invalid port",
            "user@example.com, contains a user name"
    })
    void rejectsInvalidAddresses(final String input, final String reason) {
        final CleanResult result = rule.clean(input, "US");
        assertFalse(result.isValid());
        assertEquals(reason, result.getReason());
    }

    @ParameterizedTest
    @CsvSource({"www., host has no dot", "https://intranet./, host has no dot", "localhost.:8080, host has no dot"})
    void rejectsAHostWhoseOnlyDotIsItsTrailingOne(final String input, final String reason) {
        // www. was cleaned to https://www, which the rule itself rejects when it meets it again
        assertEquals(reason, rule.clean(input, "US").getReason());
    }

    /**
     * One site, one value: the ASCII form of an internationalised host ({@code xn--bcher-kva.de}) is written in the
     * letters it encodes, as EmailRule writes an address's domain; {@code https://xn--bcher-kva.de} and
     * {@code https://bücher.de} were two values. Hosts in scripts written with combining vowel signs are letters and
     * marks in either form (उदाहरण.भारत was "invalid character in host", so its xn-- form could not be decoded).
     */
    @ParameterizedTest
    @CsvSource({
            "https://xn--bcher-kva.de, https://bücher.de", "HTTPS://XN--BCHER-KVA.DE/Shop, https://bücher.de/Shop",
            "https://www.Xn--Bcher-Kva.De/, https://www.bücher.de", "https://BÜCHER.de, https://bücher.de",
            "xn--bcher-kva.de:8443/a?q=X, https://bücher.de:8443/a?q=X", "https://xn--bcher-kva.de./, https://bücher.de",
            "http://shop.xn--bcher-kva.xn--p1ai, http://shop.bücher.рф", "xn--strae-oqa.de, https://straße.de",
            "https://xn--r8jz45g.xn--zckzah, https://例え.テスト",
            "https://xn--p1b6ci4b4b3a.xn--h2brj9c, https://\u0909\u0926\u093e\u0939\u0930\u0923.\u092d\u093e\u0930\u0924",
            "https://\u0909\u0926\u093e\u0939\u0930\u0923.\u092d\u093e\u0930\u0924, https://\u0909\u0926\u093e\u0939\u0930\u0923.\u092d\u093e\u0930\u0924",
            "www.xn--72c1a1bt4awk9o.xn--o3cw4h, https://www.\u0e15\u0e31\u0e27\u0e2d\u0e22\u0e48\u0e32\u0e07.\u0e44\u0e17\u0e22",
            "https://xn-shop.example.com, https://xn-shop.example.com", "https://İSTANBUL.com.tr, https://istanbul.com.tr"
    })
    void writesAnInternationalisedHostInItsLetters(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "DE");
        assertTrue(result.isValid(), () -> input + ": " + result.getReason());
        assertEquals(expected, result.getValue());
        final CleanResult again = rule.clean(result.getValue(), "DE");
        assertEquals(result.getValue(), again.getValue(), "the cleaned value is cleaned to itself");
    }

    /**
     * An xn-- label that encodes no label is rejected with EmailRule's reason, never kept nor thrown; one that encodes
     * a character no host holds is rejected as that character written is.
     */
    @ParameterizedTest
    @CsvSource({
            // cut short; a digit past the code's end; a hyphen first; only ASCII; an upper-case Ü encoded (bÜcher)
            "https://xn--bcher-kv.de, invalid internationalised domain label (xn--)",
            "xn--bcher-kva9.de, invalid internationalised domain label (xn--)",
            "https://www.xn---abc.de/, invalid internationalised domain label (xn--)",
            "https://xn--abc-9.de, invalid internationalised domain label (xn--)",
            "https://shop.XN--BCHER-2PA.de, invalid internationalised domain label (xn--)",
            "https://example.xn--zz, invalid internationalised domain label (xn--)",
            // a letter beyond ASCII in the code: an xn-- label is judged as the ASCII form it claims to be, not as a U-label
            "https://xn--bücher-kva.de, invalid internationalised domain label (xn--)",
            // a pile of poo, written or encoded
            "https://xn--ls8h.la, invalid character in host",
            "https://\uD83D\uDCA9.la, invalid character in host",
            // a label still cannot start with a mark
            "https://\u093eab.com, invalid character in host"
    })
    void rejectsAnXnLabelThatEncodesNoHostLabel(final String input, final String reason) {
        final CleanResult result = rule.clean(input, "DE");
        assertFalse(result.isValid());
        assertEquals(reason, result.getReason());
    }

}
