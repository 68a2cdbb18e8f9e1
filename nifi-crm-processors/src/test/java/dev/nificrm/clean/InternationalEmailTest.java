package dev.nificrm.clean;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
