package dev.nificrm.clean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmailRuleTest {
    private final EmailRule rule = new EmailRule();

    @ParameterizedTest
    @CsvSource({
            "John.Doe@Example.COM, john.doe@example.com",
            "mailto:jane@example.org, jane@example.org",
            "MAILTO:jane@example.org, jane@example.org",
            "<jane@example.org>, jane@example.org",
            "first+tag@sub.example.co.uk, first+tag@sub.example.co.uk",
            "o'reilly@example.ie, o'reilly@example.ie",
            "zoë@exämple.de, zoë@exämple.de",
            "user@xn--bcher-kva.xn--p1ai, user@bücher.рф",
            "Ann Lee <Ann.Lee@Example.com>, ann.lee@example.com",
            "'\"Lee, Ann\" <ann.lee@example.com>', ann.lee@example.com",
            "mailto:Ann Lee <ann.lee@example.com>, ann.lee@example.com",
            "ann.lee@example.com., ann.lee@example.com",
            "İLKER@EXAMPLE.COM, ilker@example.com",
            // a letter of two chars (a surrogate pair): 𠮷 of the Japanese name 𠮷田, a mathematical letter
            "𠮷田@example.jp, 𠮷田@example.jp", "𝒶𝒷@example.com, 𝒶𝒷@example.com",
            // the zero-width non-joiner of a Persian mailbox's spelling (می‌خواهم), which the text rule keeps (RFC 6531)
            "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645@example.ir, \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645@example.ir"
    })
    void normalisesValidAddresses(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    @ParameterizedTest
    @CsvSource({
            "john.example.com, missing @",
            "a@b@example.com, more than one @",
            "john doe@example.com, contains a space",
            "@example.com, nothing before @",
            "john@, nothing after @",
            "john@example, domain has no dot",
            ".john@example.com, part before @ starts or ends with a dot",
            "jo..hn@example.com, two dots in a row",
            "jo(hn)@example.com, invalid character before @",
            "jo\u200Dhn@example.com, invalid character before @",
            // half a surrogate pair alone
            "jo\uD842hn@example.com, invalid character before @", "jo\uDFB7hn@example.com, invalid character before @",
            // an emoji is no letter, in two chars as in one
            "jo😀hn@example.com, invalid character before @",
            "\u0627\u200C\u0628@example.com, invalid character before @",
            "john@exa_mple.com, invalid character in domain",
            "john@-example.com, domain label starts or ends with a hyphen",
            "john@example..com, empty domain label",
            "john@example.c, invalid top-level domain",
            "john@example.c0m, invalid top-level domain",
            "'john@example,com', domain has no dot",
            "ann@example.com <bob@example.com>, more than one @",
            "ann@example.com.., empty domain label",
            // 65 characters before @
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com, part before @ longer than 64 characters"
    })
    void rejectsInvalidAddressesWithAReason(final String input, final String reason) {
        final CleanResult result = rule.clean(input, "US");
        assertFalse(result.isValid());
        assertEquals(reason, result.getReason());
    }

    /**
     * RFC 5321's path of 256 characters holds the angle brackets and an address of 254 (RFC 3696, erratum 1690), counted
     * after cleaning with the domain as a mail server without SMTPUTF8 sees it: in its ASCII form ({@code xn--}). Each
     * address is a part before @ of {@code local} characters and a domain of a first label ({@code b}: 63 b; {@code ü}:
     * 57 ü, 63 characters as xn--; or as written), 63 d, {@code third} e and de: 254 characters when the part before @ is
     * 64 and the third label 58.
     */
    @ParameterizedTest
    @CsvSource({
            "64, b, 58, 254, true", "64, b, 59, 255, false", "63, b, 59, 254, true", "10, b, 59, 201, true", "64, b, 63, 259, false",
            // in Unicode letters, 248 and 249 characters: the ASCII form's 254 and 255 count
            "64, ü, 58, 254, true", "64, ü, 59, 255, false",
            // bücher is xn--bcher-kva, 13 characters: 209, though the label could be 63 as xn-- for all its 6 letters say
            "64, bücher, 63, 209, true"
    })
    void countsTheAddressUpTo254CharactersWithTheDomainInItsAsciiForm(final int local, final String label, final int third,
            final int ascii, final boolean valid) {
        final String first = label.equals("ü") ? "ü".repeat(57) : label.equals("b") ? "b".repeat(63) : label;
        final String address = "a".repeat(local) + "@" + first + "." + "d".repeat(63) + "." + "e".repeat(third) + ".de";
        final String asciiForm = first.chars().allMatch(c -> c < 0x80) ? address : address.replace(first, "xn--" + InternationalDomains.encode(first));
        assertEquals(ascii, asciiForm.length());
        for (final String written : List.of(address, asciiForm, "mailto:" + address.toUpperCase(Locale.ROOT) + ".")) {
            final CleanResult result = rule.clean(written, "US");
            assertEquals(valid ? null : "address longer than 254 characters", result.getReason(), written);
            if (valid) {
                assertEquals(address, result.getValue());
            }
        }
    }

    /**
     * RFC 5321's limits are octets, and with SMTPUTF8 (RFC 6531) a part before @ beyond ASCII is its UTF-8 bytes: ü is
     * two, 中 three. The rule counted characters, so 40 ü (80 bytes) before @ were kept, and an address of
     * 64 ü before a domain of 150 characters (279 bytes) too. The domain counts in its ASCII form ({@code xn--}), as it
     * did; a part before @ in ASCII is as long in bytes as in characters and keeps its reasons.
     */
    @ParameterizedTest
    @CsvSource({
            "ü, 32, 64, true", "ü, 33, 66, false", "ü, 40, 80, false", "中, 21, 63, true", "中, 22, 66, false", "a, 64, 64, true"
    })
    void countsThePartBeforeTheAtInUtf8Bytes(final String letter, final int count, final int bytes, final boolean valid) {
        final String local = letter.repeat(count);
        assertEquals(bytes, local.getBytes(StandardCharsets.UTF_8).length);
        final CleanResult result = rule.clean(local + "@example.com", "US");
        assertEquals(valid ? null : "part before @ longer than 64 bytes in UTF-8", result.getReason(), local);
    }

    /**
     * The address's 254 octets: the part before @ in UTF-8 bytes, the domain in its ASCII form. Each address is
     * {@code count} ü or a before @ and a domain of 63 b, 63 d, {@code third} e and de.
     */
    @ParameterizedTest
    @CsvSource({
            // 32 ü are 64 bytes: the 254 and 255 of 64 a, with the same domains
            "ü, 32, 58, 254, ", "ü, 32, 59, 255, address longer than 254 bytes (its part before @ in UTF-8)",
            "ü, 20, 58, 230, ", "ü, 20, 63, 235, ",
            // an ASCII part before @ keeps its reason
            "a, 64, 59, 255, address longer than 254 characters"
    })
    void countsTheAddressInBytesWithAPartBeforeTheAtBeyondAscii(final String letter, final int count, final int third, final int bytes,
            final String reason) {
        final String address = letter.repeat(count) + "@" + "b".repeat(63) + "." + "d".repeat(63) + "." + "e".repeat(third) + ".de";
        assertEquals(bytes, address.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(reason, rule.clean(address, "US").getReason(), address);
    }

    @Test
    void countsTheDomainInItsAsciiFormBesideAPartBeforeTheAtInUtf8() {
        // 30 ü (60 bytes) @ 57 ü (63 as xn--, 114 in UTF-8) . 63 d . 61 e . de: 253 octets, kept; 31 ü and 62 e: 256
        final String domain = "ü".repeat(57) + "." + "d".repeat(63) + "." + "e".repeat(61) + ".de";
        assertEquals(null, rule.clean("ü".repeat(30) + "@" + domain, "US").getReason());
        assertEquals("address longer than 254 bytes (its part before @ in UTF-8)", rule.clean("ü".repeat(31) + "@" + domain.replace(".de", "e.de"), "US").getReason());
    }

    @ParameterizedTest
    @CsvSource({"pwarner@example.org"})
    void keepsACleanAddressUnchanged(final String input) {
        final CleanResult result = rule.clean(input, "US");
        assertFalse(result.isChanged());
        assertSame(input, result.getValue());
    }
}
