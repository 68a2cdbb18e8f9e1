package dev.nificrm.clean;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Internationalised domains in scripts written with combining vowel signs (Devanagari, Thai, Tamil...)
 * are letters-and-marks, e.g. उदाहरण.भारत (India's .bharat TLD): valid, not "invalid character in domain".
 */
class InternationalEmailTest {

    @Test
    void acceptsDomainsWhoseLettersCarryCombiningMarks() {
        final EmailRule rule = new EmailRule();
        assertTrue(rule.clean("info@\u0909\u0926\u093e\u0939\u0930\u0923.\u092d\u093e\u0930\u0924", "IN").isValid(), "उदाहरण.भारत");
        assertTrue(rule.clean("info@\u0e15\u0e31\u0e27\u0e2d\u0e22\u0e48\u0e32\u0e07.\u0e44\u0e17\u0e22", "TH").isValid(), "ตัวอย่าง.ไทย");
        // a label still cannot start with a mark
        assertEquals("invalid character in domain", rule.clean("info@\u093eab.com", "IN").getReason());
    }

    /**
     * One mailbox, one value: the ASCII form of an internationalised domain ({@code xn--bcher-kva.de}) is written in the
     * letters it encodes, as the owner typed it and a CRM shows it. Both forms stayed as written, so they neither matched
     * nor deduplicated.
     */
    @ParameterizedTest
    @CsvSource({
            "jane@xn--bcher-kva.de, jane@bücher.de", "JANE@XN--BCHER-KVA.DE, jane@bücher.de", "Jane@Xn--Bcher-Kva.De, jane@bücher.de",
            "jane@bücher.de, jane@bücher.de", "Jane@BÜCHER.DE, jane@bücher.de", "mailto:jane@xn--bcher-kva.de, jane@bücher.de",
            "info@mail.xn--bcher-kva.de, info@mail.bücher.de", "info@xn--strae-oqa.de, info@straße.de",
            "info@example.xn--p1ai, info@example.рф", "info@xn--r8jz45g.xn--zckzah, info@例え.テスト",
            "info@xn--mnchen-3ya.xn--bcher-kva.de, info@münchen.bücher.de", "xn--ann@example.com, xn--ann@example.com"
    })
    void writesAnInternationalisedDomainInItsLetters(final String input, final String expected) {
        final CleanResult result = new EmailRule().clean(input, "DE");
        assertTrue(result.isValid(), () -> input + ": " + result.getReason());
        assertEquals(expected, result.getValue());
    }

    /** An xn-- label that encodes no label is rejected with a reason, never kept as a domain nor thrown. */
    @ParameterizedTest
    @CsvSource({
            // cut short; a digit past the code's end; a hyphen first; only ASCII; a letter beyond ASCII in the code; an upper-case Ü
            // encoded (bÜcher); a u and a combining diaeresis encoded, not the composed ü
            "jane@xn--bcher-kv.de, invalid internationalised domain label (xn--)",
            "jane@xn--bcher-kva9.de, invalid internationalised domain label (xn--)",
            "jane@xn---abc.de, invalid internationalised domain label (xn--)",
            "jane@xn--abc-9.de, invalid internationalised domain label (xn--)",
            "jane@xn--bücher-kva.de, invalid internationalised domain label (xn--)",
            "jane@xn--bcher-2pa.de, invalid internationalised domain label (xn--)",
            "jane@xn--bucher-xyd.de, invalid internationalised domain label (xn--)",
            // valid Punycode of a label that is no domain's: a pile of poo is no letter
            "jane@xn--ls8h.la, invalid character in domain"
    })
    void rejectsAnXnLabelThatEncodesNoLabel(final String input, final String reason) {
        final CleanResult result = new EmailRule().clean(input, "DE");
        assertFalse(result.isValid(), () -> input + " read as " + result.getValue());
        assertEquals(reason, result.getReason());
    }

    @Property(tries = 2000, seed = "66")
    void neverThrowsOnAnyXnLabel(@ForAll @StringLength(min = 1, max = 30) @CharRange(from = 'a', to = 'z') @CharRange(from = '0', to = '9')
            @Chars({'-'}) final String code) {
        final CleanResult result = new EmailRule().clean("jane@xn--" + code + ".de", "DE");
        if (result.isValid()) {
            assertFalse(result.getValue().contains("xn--"), result.getValue());
        }
    }
}
