package dev.nificrm.match;

import dev.nificrm.testing.ThreadAllocation;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NicknamesTest {

    /** The keys the comparator is given: folded as a first name is. */
    private static boolean alternatives(final Nicknames nicknames, final String left, final String right) {
        return nicknames.areAlternatives(ComparisonKeys.personName(left), ComparisonKeys.personName(right))
                && nicknames.areAlternatives(ComparisonKeys.personName(right), ComparisonKeys.personName(left));
    }

    @Test
    void shortFormsOfEachLanguageAreAlternativesOfTheirFullName() {
        final Nicknames bundled = Nicknames.bundled();
        for (final String[] pair : new String[][] {{"Johannes", "Hans"}, {"Josef", "Sepp"}, {"Friedrich", "Fritz"}, {"Ursula", "Uschi"},
                {"Johannes", "Jan"}, {"Cornelis", "Kees"}, {"Hendrik", "Henk"}, {"Willem", "Wim"}, {"Pieter", "Piet"}, {"José", "Pepe"},
                {"Francisco", "Paco"}, {"Dolores", "Lola"}, {"Ignacio", "Nacho"}, {"José María", "Chema"}, {"Jose Maria", "Chema"},
                {"José", "Zé"}, {"Giuseppe", "Beppe"}, {"Luigi", "Gigi"}, {"Giuseppe", "Pino"}, {"Daniele", "Lele"}, {"Simona", "Simo"},
                {"Jean", "Jeannot"}, {"André", "Dédé"}, {"Lars", "Lasse"}, {"Katarzyna", "Kasia"}, {"Małgorzata", "Gosia"}, {"Malgorzata", "Gosia"}, {"Robert", "Bob"}}) {
            assertTrue(alternatives(bundled, pair[0], pair[1]), String.join("/", pair));
        }
    }

    @Test
    void oneNameInTwoLanguagesAndTwoNamesSharingAShortFormStayTwoNames() {
        final Nicknames bundled = Nicknames.bundled();
        // one name in two languages; two short forms of Johannes that are names of their own; two names that share Beto
        for (final String[] pair : new String[][] {{"Jan", "John"}, {"Hans", "John"}, {"Johannes", "John"}, {"Giuseppe", "José"},
                {"José", "Joseph"}, {"Pepe", "Joe"}, {"Jan", "Hans"}, {"Pepe", "Zé"}, {"Alberto", "Roberto"}, {"Vincenzo", "Lorenzo"}}) {
            assertFalse(alternatives(bundled, pair[0], pair[1]), String.join("/", pair));
        }
        assertTrue(alternatives(bundled, "Beto", "Alberto"));
        assertTrue(alternatives(bundled, "Beto", "Roberto"));
    }

    @Test
    void aNameOnTwoLinesJoinsNeitherLineToTheOther() throws IOException {
        final Nicknames list = Nicknames.read(new BufferedReader(new StringReader("# comment\nalberto,beto\nroberto,beto\nrobert,bob,rob\n")));
        assertTrue(list.areAlternatives("beto", "alberto"));
        assertTrue(list.areAlternatives("roberto", "beto"));
        assertFalse(list.areAlternatives("alberto", "roberto"));
        // the names on one line are alternatives of each other
        assertTrue(list.areAlternatives("bob", "rob"));
        assertFalse(list.areAlternatives("bob", "beto"));
        assertFalse(list.areAlternatives("comment", "beto"));
    }

    @Test
    void aLookUpAllocatesNothing() {
        // names on one line, on two (beto), and on several; a matcher asks for every name pair it scores that is not close
        final Nicknames bundled = Nicknames.bundled();
        final String[][] pairs = {{"robert", "bob"}, {"beto", "alberto"}, {"beto", "roberto"}, {"alberto", "roberto"}, {"hans", "jan"},
                {"johannes", "jan"}, {"william", "bob"}, {"kasia", "katarzyna"}};
        final int[] alternatives = {0};
        final long allocated = ThreadAllocation.leastOf(2, () -> {
            alternatives[0] = 0;
            for (int i = 0; i < 100_000; i++) {
                final String[] pair = pairs[i % pairs.length];
                alternatives[0] += bundled.areAlternatives(pair[0], pair[1]) ? 1 : 0;
            }
        });
        assertEquals(62_500, alternatives[0]);
        // an iterator over a name's set of lines took about 24 bytes a look-up (2.4 MB for these 100,000)
        assertTrue(allocated < 100_000, "allocated " + allocated + " bytes for 100,000 look-ups");
    }
}
