package dev.nificrm.clean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextRuleTest {
    private final TextRule rule = new TextRule(TextRule.DEFAULT_PLACEHOLDERS);

    /**
     * A number a reader typed is the placeholder written as that number, however many zeros it was written with: the
     * integer 0 is 00000, 99999.0 is 99999; other numbers, and any number under the default list (no number in it), are none.
     */
    @Test
    void aNumberIsThePlaceholderWrittenAsThatNumber() {
        final TextRule listed = new TextRule(List.of("N/A", "00000", "99999", " -1 ", "0.50", "1.2.3", "12a", ".5", "5."));
        for (final Number zero : List.<Number>of(0, 0L, (short) 0, 0.0d, 0.0f, -0.0d, new BigDecimal("0.000"), BigInteger.ZERO)) {
            assertEquals("00000", listed.placeholderEqualTo(zero), zero::toString);
        }
        assertEquals("99999", listed.placeholderEqualTo(99999));
        assertEquals("99999", listed.placeholderEqualTo(99999.0));
        assertEquals("-1", listed.placeholderEqualTo(-1L));
        assertEquals("0.50", listed.placeholderEqualTo(0.5d));
        for (final Number other : List.<Number>of(1, 2134, 99998.0, 0.05, 5, 123, Double.NaN, Double.POSITIVE_INFINITY)) {
            assertNull(listed.placeholderEqualTo(other), other::toString);
        }
        assertNull(rule.placeholderEqualTo(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jane Doe", "a", "Zoë Müller", "line one\nline two", "O'Brien-Smith", "12345"})
    void returnsTheSameInstanceWhenClean(final String value) {
        assertSame(value, rule.normalize(value));
        assertFalse(rule.clean(value, "US").isChanged());
    }

    @Test
    void trimsAndCollapsesWhitespace() {
        assertEquals("Jane Doe", rule.normalize("  Jane \t\u00A0 Doe  "));
        assertEquals("Jane Doe", rule.normalize("Jane\u2003Doe"));
    }

    @Test
    void removesControlAndZeroWidthCharacters() {
        assertEquals("JaneDoe", rule.normalize("Jane\u200BDoe"));
        assertEquals("Jane", rule.normalize("\uFEFFJane\u0007"));
        assertEquals("Jane", rule.normalize("Ja\u00ADne"));
    }

    /**
     * A zero-width joiner or non-joiner that is part of the spelling stays, as IDNA 2008 (RFC 5892) reads joiners, and
     * joins an emoji. Before, every one was removed: حسین‌زاده became حسینزاده, क्‍ष became क्ष, 👩‍💻 two emoji.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        // Persian: the non-joiner between a letter joining the next and one joining the one before
        "\u062D\u0633\u06CC\u0646\u200C\u0632\u0627\u062F\u0647", // حسین‌زاده
        "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", // می‌خواهم
        "\u0645\u0647\u200C\u0646\u0627\u0632 \u0639\u0644\u06CC\u200C\u067E\u0648\u0631", // مه‌ناز علی‌پور
        // Devanagari: after a virama, the half form of a conjunct (क्‍ष) and the explicit virama (क्‌ष)
        "\u0915\u094D\u200D\u0937", "\u0915\u094D\u200C\u0937",
        // Malayalam: a chillu written the Unicode 5.0 way, the joiner after the virama ending the word (അവന്‍)
        "\u0D05\u0D35\u0D28\u0D4D\u200D",
        // Persian internationalised email domain
        "info@\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645.ir",
        // emoji ZWJ sequences: 👩‍💻, 🏳️‍🌈 (a variation selector before the joiner), 🧑🏽‍🚀 (a skin tone before it)
        "Ana \uD83D\uDC69\u200D\uD83D\uDCBB", "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08", "\uD83E\uDDD1\uD83C\uDFFD\u200D\uD83D\uDE80"
    })
    void keepsAJoinerThatIsPartOfTheSpelling(final String value) {
        assertSame(value, rule.normalize(value));
    }

    /** A joiner anywhere else is the stray invisible character the rule removes. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Jo\u200Dhn | John", "Jo\u200Chn | John", "\u200DJohn | John", "John\u200C | John", "\u200C\u200D John \u200D | John",
        "12\u200D34 | 1234", "12\u200C34 | 1234",
        // after alef, which joins no letter after it; before the first letter; after the last
        "\u0627\u200C\u0628 | \u0627\u0628", "\u200C\u0645\u06CC | \u0645\u06CC", "\u0645\u06CC\u200C | \u0645\u06CC",
        // a joiner not after a virama in Devanagari, a non-joiner between two emoji, a joiner after one
        "\u0915\u200D\u0937 | \u0915\u0937", "\uD83D\uDC69\u200C\uD83D\uDCBB | \uD83D\uDC69\uD83D\uDCBB",
        "\uD83D\uDC69\u200Dx | \uD83D\uDC69x"
    })
    void removesAJoinerOutOfContext(final String value, final String expected) {
        assertEquals(expected, rule.normalize(value));
    }

    /**
     * A joiner written twice where the spelling has one (copy and paste, an input method's repeated key) is kept once. A
     * Persian non-joiner doubled between two letters was kept twice, so {@code می‌‌خواهم} and {@code می‌خواهم} were two
     * values; a joiner doubled in an emoji sequence was removed with its double, and {@code 👩‍‍💻} became two emoji.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Persian: a doubled non-joiner, also with a soft hyphen between the two
        "\u0645\u06CC\u200C\u200C\u062E\u0648\u0627\u0647\u0645 | \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
        "\u062D\u0633\u06CC\u0646\u200C\u200C\u200C\u0632\u0627\u062F\u0647 | \u062D\u0633\u06CC\u0646\u200C\u0632\u0627\u062F\u0647",
        "\u0645\u06CC\u200C\u00AD\u200C\u062E | \u0645\u06CC\u200C\u062E",
        // two non-joiners a stray joiner between them kept apart
        "\u0645\u06CC\u200C\u200D\u200C\u062E | \u0645\u06CC\u200C\u062E",
        // Devanagari: a doubled joiner and non-joiner after a virama
        "\u0915\u094D\u200D\u200D\u0937 | \u0915\u094D\u200D\u0937", "\u0915\u094D\u200C\u200C\u0937 | \u0915\u094D\u200C\u0937",
        "\u0915\u094D\u200D\u200B\u200D\u0937 | \u0915\u094D\u200D\u0937",
        // an emoji ZWJ sequence: 👩‍‍💻
        "\uD83D\uDC69\u200D\u200D\uD83D\uDCBB | \uD83D\uDC69\u200D\uD83D\uDCBB"
    })
    void keepsOneOfADoubledJoiner(final String value, final String expected) {
        final String cleaned = rule.normalize(value);
        assertEquals(expected, cleaned);
        assertSame(cleaned, rule.normalize(cleaned));
    }

    /**
     * An invisible character the rule removes (a zero-width space, a soft hyphen, a direction mark, a control character)
     * between a joiner and what gives it its meaning is no part of the spelling: the joiner is judged as it stands once
     * that character is gone. The joiner went with it ({@code क्​‍ष} became {@code क्ष}, the conjunct's full form).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Devanagari: a zero-width space, a soft hyphen, a left-to-right mark, a bell between the virama and the joiner
        "\u0915\u094D\u200B\u200D\u0937 | \u0915\u094D\u200D\u0937", "\u0915\u094D\u00AD\u200D\u0937 | \u0915\u094D\u200D\u0937",
        "\u0915\u094D\u200E\u200D\u0937 | \u0915\u094D\u200D\u0937", "\u0915\u094D\u0007\u200D\u0937 | \u0915\u094D\u200D\u0937",
        "\u0915\u094D\u200B\u200C\u0937 | \u0915\u094D\u200C\u0937",
        // Malayalam chillu: അവന്​‍
        "\u0D05\u0D35\u0D28\u0D4D\u200B\u200D | \u0D05\u0D35\u0D28\u0D4D\u200D",
        // Persian: a control character between a letter and the non-joiner
        "\u0645\u06CC\u0007\u200C\u062E\u0648\u0627\u0647\u0645 | \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
        // an emoji ZWJ sequence with a zero-width space before or after its joiner
        "\uD83D\uDC69\u200B\u200D\uD83D\uDCBB | \uD83D\uDC69\u200D\uD83D\uDCBB", "\uD83D\uDC69\u200D\u200B\uD83D\uDCBB | \uD83D\uDC69\u200D\uD83D\uDCBB",
        // no virama, no joining letters: the joiner goes with the invisible character, as before
        "\u0915\u200B\u200D\u0937 | \u0915\u0937", "Jo\u200B\u200Dhn | John", "Jo\u200D\u200Dhn | John"
    })
    void judgesAJoinerWithoutTheInvisibleCharactersTheRuleRemovesNextToIt(final String value, final String expected) {
        final String cleaned = rule.normalize(value);
        assertEquals(expected, cleaned);
        assertSame(cleaned, rule.normalize(cleaned));
    }

    /**
     * Composing to NFC moves a mark written before a virama (a stress mark, combining class 230) after it, between the
     * virama and its joiner: the joiner is then out of context and goes at once. Before, the first cleaning kept it and
     * a second one removed it (2,000,000 random strings of joiners, viramas and marks: 3,443 changed when cleaned twice).
     */
    @Test
    void cleaningTwiceChangesNothingWhenComposingMovesAJoinersVirama() {
        final String cleaned = rule.normalize("\u0915\u0951\u094D\u200D\u0937");
        assertEquals("\u0915\u094D\u0951\u0937", cleaned);
        assertSame(cleaned, rule.normalize(cleaned));
    }

    @Test
    void keepsLineBreaksButTrimsAroundThem() {
        assertEquals("first\nsecond", rule.normalize("first \r\n  second\r\n"));
        assertEquals("first\nsecond", rule.normalize("\nfirst\n\n\nsecond"));
    }

    @Test
    void composesToNfc() {
        final String decomposed = "Zoe\u0308";
        final String normalised = rule.normalize(decomposed);
        assertEquals("Zo\u00EB", normalised);
    }

    @ParameterizedTest
    @ValueSource(strings = {"N/A", "n/a", " NULL ", "none", "-", "--", "?", "Unknown", "TBD", "#N/A", "n.a.", "not  available", "", "   ", "\u200B"})
    void turnsPlaceholdersAndBlanksIntoNull(final String value) {
        assertNull(rule.normalize(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NA", "Nil Smith", "None of the above", "unknown soldier"})
    void keepsValuesThatOnlyContainAPlaceholder(final String value) {
        assertEquals(value, rule.normalize(value));
    }

    @ParameterizedTest
    @CsvSource({"'N/A, none ,,x', 3", "'', 0"})
    void parsesAPlaceholderList(final String list, final int expected) {
        assertEquals(expected, TextRule.parsePlaceholders(list).size());
    }

    @Test
    void usesTheConfiguredPlaceholders() {
        final TextRule custom = new TextRule(List.of("xx"));
        assertNull(custom.normalize("XX"));
        assertEquals("N/A", custom.normalize("N/A"));
        assertTrue(custom.isPlaceholder("xX"));
    }
}
