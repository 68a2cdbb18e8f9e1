package dev.nificrm.clean;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The filtered placeholder lookup of {@link TextRule} answers exactly as the case-insensitive sorted set does. */
class TextRulePlaceholderFilterTest {
    private static final List<String> TRICKY = List.of("K", "\u212A", "k", "\u0130", "i", "I", "\u0131", "\u017F", "s", "S", "\u00DF", "SS", "\u03A3", "\u03C2",
            "\u03C3", "\u00C5", "\u212B", "\uD801\uDC00", "\uD801\uDC28", "", " ", "-", "?", "#", "\u00E9", "\u00C9");

    @Test
    void answersAsTheSortedSetForTheDefaultPlaceholders() {
        assertSameAnswers(new TextRule(TextRule.DEFAULT_PLACEHOLDERS), TextRule.DEFAULT_PLACEHOLDERS);
    }

    @Test
    void answersAsTheSortedSetForUnusualPlaceholders() {
        final List<String> placeholders = List.of("\u212Aelvin", "\u0130stanbul", "stra\u00DFe", "\u03A3\u03C3", "\uD801\uDC00x", "\u00C5", "unknown", "?",
                "a very long placeholder value");
        assertSameAnswers(new TextRule(placeholders), placeholders);
    }

    @Test
    void answersAsTheSortedSetForEveryEvalValue() {
        final TextRule text = new TextRule(TextRule.DEFAULT_PLACEHOLDERS);
        final List<String> values = FastPaths.evalValues("", "people-1000.csv", "leads-100.csv", "organizations-100.csv");
        assertTrue(values.size() > 10_000);
        for (final String value : values) {
            assertEquals(text.isPlaceholderBySortedSet(value), text.isPlaceholder(value), value);
        }
    }

    private static void assertSameAnswers(final TextRule text, final List<String> placeholders) {
        final List<String> candidates = new ArrayList<>(TRICKY);
        for (final String placeholder : placeholders) {
            candidates.add(placeholder);
            candidates.add(placeholder.toUpperCase(Locale.ROOT));
            candidates.add(placeholder.toLowerCase(Locale.ROOT));
            candidates.add(placeholder + "x");
            candidates.add(placeholder.substring(1));
            for (final String tricky : TRICKY) {
                candidates.add(tricky + placeholder.substring(1));
                candidates.add(placeholder.substring(0, placeholder.length() - 1) + tricky);
            }
        }
        int matches = 0;
        for (final String candidate : candidates) {
            final boolean expected = text.isPlaceholderBySortedSet(candidate);
            assertEquals(expected, text.isPlaceholder(candidate), candidate);
            matches += expected ? 1 : 0;
        }
        assertTrue(matches >= placeholders.size() * 3, "only " + matches + " candidates were placeholders");
    }
}
