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

    /**
     * Endings one letter apart, as a typo is: {@code -is}/{@code -es}, {@code -e}/{@code -ie}, the Italian masculine
     * {@code -e} to {@code -a}, the French {@code -é}/{@code -ée} and {@code -s}/{@code -se}, read where the list holds
     * both names in full. Feminine names of one root in two languages ending so are two names as the list keeps them
     * (Charlotta/Carlotta above).
     */
    @Test
    void aMasculineAndAFeminineNameTheListHoldsInFullOneLetterApartAreTwoNames() {
        for (final String[] pair : new String[][] {{"Francis", "Frances"}, {"Stéphane", "Stéphanie"}, {"Gabriele", "Gabriela"}, {"Daniele", "Daniela"},
                {"Simone", "Simona"}, {"André", "Andrée"}, {"Louis", "Louise"}, {"Christine", "Christina"}, {"Helene", "Helena"}}) {
            assertTrue(twoNames(pair[0], pair[1]), String.join("/", pair));
        }
    }

    @Test
    void theseEndingsOnANameTheListDoesNotHoldInFullAreATypo() {
        // one side is no name of the list, as a typo of a listed name that happens to change its ending
        for (final String[] pair : new String[][] {{"Louis", "Loues"}, {"Pierre", "Pierrie"}, {"Christophe", "Christopha"}, {"Pierre", "Pierree"},
                {"Nicolas", "Nicolase"}, {"Morris", "Morres"}}) {
            assertFalse(twoNames(pair[0], pair[1]), String.join("/", pair));
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
