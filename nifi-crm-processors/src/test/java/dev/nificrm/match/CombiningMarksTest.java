package dev.nificrm.match;

import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Accents are dropped from Latin letters, and vowel points from Hebrew and Arabic, as writers leave them out; but a kana's
 * voicing mark is part of the letter: ガ (ga) is not カ (ka).
 */
class CombiningMarksTest {
    private final ComparisonKeys keys = new ComparisonKeys("JP");

    @Test
    void voicedKanaAreOtherLetters() {
        assertNotEquals(keys.normalise(Role.COMPANY, "株式会社ダイワ"), keys.normalise(Role.COMPANY, "株式会社タイワ"));
        assertNotEquals(keys.normalise(Role.LAST_NAME, "ゴトウ"), keys.normalise(Role.LAST_NAME, "コトウ"));
        assertEquals(keys.normalise(Role.COMPANY, "株式会社ダイワ"), keys.normalise(Role.COMPANY, "株式会社ダイワ"));
        assertEquals("株式会社ダイワ", keys.normalise(Role.COMPANY, "株式会社ダイワ"));
        assertEquals(keys.normalise(Role.COMPANY, "株式会社ダイワ"), keys.normalise(Role.COMPANY, "株式会社\u30BF\u3099イワ"));
        assertEquals("societe generale", keys.normalise(Role.COMPANY, "Société Générale"));
    }

    @Test
    void vowelPointsOfHebrewAndArabicAreLeftOutLikeAccents() {
        assertEquals(keys.normalise(Role.COMPANY, "\u05DE\u05E9\u05D4"), keys.normalise(Role.COMPANY, "\u05DE\u05B9\u05E9\u05C1\u05B6\u05D4"), "משה");
        assertEquals(keys.normalise(Role.COMPANY, "\u0645\u062D\u0645\u062F"),
                keys.normalise(Role.COMPANY, "\u0645\u064F\u062D\u064E\u0645\u0651\u064E\u062F"), "محمد");
    }
}
