package dev.nificrm.match;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GivenNamesTest {
    private final GivenNames givenNames = new GivenNames(Nicknames.bundled());

    private boolean twoNames(final String left, final String right) {
        final String leftKey = ComparisonKeys.personName(left);
        final String rightKey = ComparisonKeys.personName(right);
        final boolean twoNames = givenNames.areTwoNames(leftKey, rightKey);
        assertTrue(twoNames == givenNames.areTwoNames(rightKey, leftKey), left + "/" + right + " both ways");
        return twoNames;
    }

    @Test
    void twoGivenNamesTheListHoldsInFullThatSoundApartAreTwoNames() {
        for (final String[] pair : new String[][] {{"Alberto", "Roberto"}, {"Adolfo", "Rodolfo"}, {"Andreas", "Andrea"}, {"Florence", "Florian"},
                {"Emanuel", "Manuel"}, {"Marinus", "Adrianus"}, {"Helene", "Magdalena"}, {"Charlotta", "Carlotta"}}) {
            assertTrue(twoNames(pair[0], pair[1]), String.join("/", pair));
        }
    }

    @Test
    void aMasculineNameAndItsFeminineFormAreTwoNames() {
        for (final String[] pair : new String[][] {{"Daniel", "Daniela"}, {"Jan", "Jana"}, {"Michel", "Michelle"}, {"Daniel", "Danielle"},
                {"Mario", "Maria"}, {"Julius", "Julia"}, {"Paul", "Pauline"}, {"Yvon", "Yvonne"}, {"Henri", "Henriette"}, {"Alexander", "Alexandra"},
                {"Peter", "Petra"}, {"Leander", "Leandra"}}) {
            assertTrue(twoNames(pair[0], pair[1]), String.join("/", pair));
        }
    }

    @Test
    void oneNameWrittenTwoWaysIsOneName() {
        // typos (a swap, a dropped or doubled letter), spellings that sound alike, a nickname, a dropped last letter of a
        // name ending in a vowel (Splink's Georgi for Georgia), and names too short to read an ending on
        for (final String[] pair : new String[][] {{"Micheal", "Michael"}, {"Jon", "John"}, {"Kathrine", "Katherine"}, {"Catherine", "Katherine"},
                {"Stephen", "Steven"}, {"Philip", "Phillip"}, {"Beto", "Alberto"}, {"Georgi", "Georgia"}, {"Evi", "Evie"}, {"Mi", "Mia"},
                {"Lotti", "Lottie"}, {"Danial", "Daniel"}, {"Al", "Ala"}, {"Michael", "Michael"}, {"Alexander", "Alexnader"}, {"Alexander", "Alex"},
                {"Alexandra", "Sandra"}, {"Per", "Pra"}}) {
            assertFalse(twoNames(pair[0], pair[1]), String.join("/", pair));
        }
    }
}
