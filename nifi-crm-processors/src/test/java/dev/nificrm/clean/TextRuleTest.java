package dev.nificrm.clean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextRuleTest {
    private final TextRule rule = new TextRule(TextRule.DEFAULT_PLACEHOLDERS);

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
