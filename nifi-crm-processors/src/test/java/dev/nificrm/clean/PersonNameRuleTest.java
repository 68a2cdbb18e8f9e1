package dev.nificrm.clean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

class PersonNameRuleTest {
    private final PersonNameRule rule = new PersonNameRule();

    @ParameterizedTest
    @CsvSource({
            "JOHN, John",
            "mary, Mary",
            "O'BRIEN, O'Brien",
            "d'angelo, D'Angelo",
            "MCDONALD, McDonald",
            "MACDONALD, Macdonald",
            "SMITH-JONES, Smith-Jones",
            "VAN DER BERG, Van der Berg",
            "ludwig van beethoven, Ludwig van Beethoven",
            "MARIA DE LA CRUZ, Maria de la Cruz",
            "JOHN SMITH III, John Smith III",
            "J. R. R. TOLKIEN, J. R. R. Tolkien",
            "ZOË MÜLLER, Zoë Müller",
            "jean-luc picard, Jean-Luc Picard",
            "JOHN LE, John Le",
            "ANNA DU, Anna Du",
            "PAUL DE, Paul De",
            "'JOHN (JACK) SMITH', John (Jack) Smith",
            "'JOHN \"JACK\" SMITH', John \"Jack\" Smith",
            "'SMITH, JOHN', 'Smith, John'",
            "DR. JOHN SMITH JR., Dr. John Smith Jr.",
            "MARY (O'BRIEN) SMITH, Mary (O'Brien) Smith"
    })
    void properCasesSingleCaseNames(final String input, final String expected) {
        assertEquals(expected, rule.clean(input, "US").getValue());
    }

    /**
     * The particles of the other languages names come in: Spanish de los and de las, German zu (von und zu), Swedish and
     * Norwegian af and av, Dutch 't (van 't Hof, van't Hof). They were capitalised inside a name (José de Los Santos,
     * Karl-Theodor Zu Guttenberg, Eva Af Trolle), and 't as a nickname in quotes (Pieter van 'T Hof).
     */
    @ParameterizedTest
    @CsvSource({
            "JOSÉ DE LOS SANTOS, José de los Santos", "ana de las casas, Ana de las Casas",
            "KARL-THEODOR ZU GUTTENBERG, Karl-Theodor zu Guttenberg", "KARL-THEODOR VON UND ZU GUTTENBERG, Karl-Theodor von und zu Guttenberg",
            "EVA AF TROLLE, Eva af Trolle", "AXEL AV PETERSENS, Axel av Petersens",
            "PIETER VAN 'T HOF, Pieter van 't Hof", "PIETER VAN ’T HOF, Pieter van ’t Hof", "GERARD 'T HOOFT, Gerard 't Hooft",
            "JAN VAN'T HOF, Jan van't Hof", "VAN'T HOF, Van't Hof",
            // first and last they are names, as the other particles are
            "LOS SANTOS, Los Santos", "JUAN LAS, Juan Las", "ZU GUTTENBERG, Zu Guttenberg"
    })
    void lowerCasesTheParticlesOfTheOtherLanguagesBetweenWords(final String input, final String expected) {
        assertEquals(expected, rule.clean(input, "ES").getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"McDonald", "DeShawn", "van Gogh", "Obrien", "MacKenzie", "da Silva"})
    void keepsMixedCaseAsTyped(final String input) {
        final CleanResult result = rule.clean(input, "US");
        assertFalse(result.isChanged());
        assertSame(input, result.getValue());
    }

    @ParameterizedTest
    @CsvSource({
            "JOHN SMITH MD, John Smith MD",
            "'JOHN SMITH, MD', 'John Smith, MD'",
            "jane doe phd, Jane Doe PhD",
            "'JANE DOE, PH.D.', 'Jane Doe, Ph.D.'",
            "MARY JONES DDS, Mary Jones DDS",
            "PETER PAN MBA CPA, Peter Pan MBA CPA",
            "ANNA LEE MSC, Anna Lee MSc",
            "DR. JOHN SMITH JR., Dr. John Smith Jr.",
            "JOHN SMITH IV, John Smith IV",
            "MD RAHMAN, Md Rahman"
    })
    void keepsTheWellKnownFormsOfSuffixesAndTitles(final String input, final String expected) {
        assertEquals(expected, rule.clean(input, "US").getValue());
    }

    /**
     * Regnal and generational numbers past VIII keep their capitals (a Roman numeral is no word), but XI, which is also
     * the Chinese given name Xi; an ordinal's letters after its digits stay lower case.
     */
    @ParameterizedTest
    @CsvSource({
            "JOHN SMITH IX, John Smith IX", "LOUIS XIV, Louis XIV", "'JOHN SMITH XII, MD', 'John Smith XII, MD'", "john smith xx, John Smith XX",
            "ZHANG XI, Zhang Xi", "XIV SMITH, Xiv Smith", "JOHN SMITH 3RD, John Smith 3rd", "henry ford 2nd, Henry Ford 2nd",
            "JOHN SMITH 4TH, John Smith 4th"
    })
    void keepsRomanNumeralsToTwentyAndLowerCaseOrdinals(final String input, final String expected) {
        assertEquals(expected, rule.clean(input, "US").getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "12345", "12 345", "4.5"})
    void rejectsANumberWhereANameIsExpected(final String input) {
        final CleanResult result = rule.clean(input, "US");
        assertFalse(result.isValid(), () -> input + " passed");
        assertEquals("holds a number where one name value is expected", result.getReason());
    }

    @ParameterizedTest
    @CsvSource({
            "\u0130SMA\u0130L YILMAZ, \u0130smail Yilmaz",
            "AY\u015eE \u00c7EL\u0130K, Ay\u015fe \u00c7elik",
            "\u0130, \u0130"
    })
    void writesTheTurkishDottedCapitalIAsOneCharacter(final String input, final String expected) {
        // İ lower-cased alone is i and a combining dot: İsmai̇l, a value no longer in NFC that a second cleaning changes
        final String cleaned = rule.clean(input, "TR").getValue();
        assertEquals(expected, cleaned);
        assertEquals(cleaned, java.text.Normalizer.normalize(cleaned, java.text.Normalizer.Form.NFC));
    }
}
