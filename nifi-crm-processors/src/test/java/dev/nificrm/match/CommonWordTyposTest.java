package dev.nificrm.match;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommonWordTyposTest {
    private static final CommonWordTypos TYPOS = new CommonWordTypos(OrganisationNameComparator.COMMON_WORDS);
    private static final int CLOSE = 1;
    private static final int GENERIC = 4;
    private static final int DIFFERS = 5;
    private final OrganisationNameComparator names = new OrganisationNameComparator();

    @ParameterizedTest
    @ValueSource(strings = {
            // a letter left out, added or replaced in a word of six or seven letters
            "financil", "finacial", "consultng", "gloabl", "globall", "globel", "markting",
            // two of them in a longer word
            "finncil", "internatonal", "consultign", "servces", "solutins", "managment", "restuarant",
            // two neighbouring letters swapped, also in a word of five letters
            "fianncial", "financail", "servcies", "sevrices", "cosnulting", "gruop", "gropu", "suoth",
            // two letters left out of a word of eight: Servis, a brand, is also service in Czech, Slovak, Turkish, Croatian
            "servis"})
    void typosOfCommonWordsAreCommonWords(final String word) {
        assertTrue(TYPOS.isTypo(word), word);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // one edit from a common word of five letters: other words, surnames, brands
            "stone", "shore", "medina", "piazza", "norah", "dines", "grove", "horse", "grail",
            // another first letter: other words
            "motel", "mouse", "cavern", "toffee",
            // another last letter: inflections, derivations and surnames
            "baker", "bakers", "coffey", "officer", "producer", "generali", "europcar",
            // too short
            "grp", "labz", "grop"})
    void realWordsAWordAwayFromCommonWordsStayDistinctive(final String word) {
        assertFalse(TYPOS.isTypo(word), word);
    }

    @Test
    void aMisspeltCommonWordIsNoDistinctiveWordTwoNamesAgreeOn() {
        // two firms of common words only, each misspelling one of them: no distinctive word agrees
        assertEquals(GENERIC, names.compare("financil services", "finacial services"));
        assertEquals(GENERIC, names.compare("financil services", "financial services"));
        assertEquals(GENERIC, names.compare("consultng group", "consultng group"));
        assertEquals(DIFFERS, names.compare("financil services", "global services"));
        // a distinctive word still decides
        assertEquals(CLOSE, names.compare("norvex financil services", "norvex financial services"));
        assertEquals(DIFFERS, names.compare("norvex financil services", "kamlit financial services"));
    }

    @Test
    void wordsAreTestedOnlyAgainstCommonWordsOfTheirLetterAndLength() {
        final CommonWordTypos typos = new CommonWordTypos(List.of("services", "group", "consulting", "co", "Über"));
        assertTrue(typos.isTypo("servcies"));
        assertTrue(typos.isTypo("sevrices"));
        assertFalse(typos.isTypo("financil"));
        assertFalse(typos.isTypo("über"));
        assertFalse(typos.isTypo(""));
    }
}
