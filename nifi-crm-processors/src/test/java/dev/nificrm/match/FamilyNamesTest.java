package dev.nificrm.match;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FamilyNamesTest {
    private final FamilyNames familyNames = new FamilyNames();

    private boolean twoNames(final String left, final String right) {
        final String leftKey = ComparisonKeys.personName(left);
        final String rightKey = ComparisonKeys.personName(right);
        final boolean twoNames = familyNames.areTwoNames(leftKey, rightKey);
        assertTrue(twoNames == familyNames.areTwoNames(rightKey, leftKey), left + "/" + right + " both ways");
        return twoNames;
    }

    @Test
    void twoFamiliesNamesAlikeInSpellingAreTwoNames() {
        // more than two edits apart; two edits apart sounding apart; a Romance surname's final vowel
        for (final String[] pair : new String[][] {{"Nilsson", "Nielsen"}, {"Lindström", "Lindberg"}, {"Moreira", "Monteiro"},
                {"Ferrara", "Ferrari"}, {"Rossi", "Rosso"}, {"Marino", "Marini"}, {"Romano", "Romani"}, {"Bianco", "Bianca"}}) {
            assertTrue(twoNames(pair[0], pair[1]), String.join("/", pair));
        }
    }

    @Test
    void oneNameMistypedOrWrittenAsItSoundsIsOneName() {
        // a letter changed, dropped, doubled or two swapped; two edits that sound alike; a final vowel of a short stem or
        // a final consonant; a double-barrelled or cut-off name; a name shuffled (its letters kept, as Splink scrambles)
        for (final String[] pair : new String[][] {{"Jansen", "Janssen"}, {"Smith", "Smiht"}, {"Schmidt", "Schmitt"}, {"Meyer", "Meier"},
                {"Meyer", "Maier"}, {"Nielsen", "Nilsen"}, {"Riva", "Rivo"}, {"Ferrari", "Ferrarj"}, {"Garcia Lopez", "Garcia"},
                {"Kristiansen", "Kristians"}, {"Costa", "Costa"}, {"Ferrara", "Ferara"}, {"Lwisliam", "Williams"}, {"Sergufon", "Ferguson"}}) {
            assertFalse(twoNames(pair[0], pair[1]), String.join("/", pair));
        }
    }

    @Test
    void editsAreCountedAsTheOptimalStringAlignmentCountsThem() {
        final Random random = new Random(148);
        final String letters = "abcde";
        for (int pair = 0; pair < 20_000; pair++) {
            final String left = randomWord(random, letters);
            final String right = randomWord(random, letters);
            final int distance = optimalStringAlignment(left, right);
            for (int edits = 0; edits <= 2; edits++) {
                assertEquals(distance <= edits, FamilyNames.withinEdits(left, 0, right, 0, edits), left + "/" + right + " within " + edits);
            }
        }
    }

    private static String randomWord(final Random random, final String letters) {
        final StringBuilder word = new StringBuilder();
        final int length = random.nextInt(8);
        for (int at = 0; at < length; at++) {
            word.append(letters.charAt(random.nextInt(letters.length())));
        }
        return word.toString();
    }

    private static int optimalStringAlignment(final String left, final String right) {
        final int[][] distance = new int[left.length() + 1][right.length() + 1];
        for (int i = 0; i <= left.length(); i++) {
            for (int j = 0; j <= right.length(); j++) {
                if (i == 0 || j == 0) {
                    distance[i][j] = i + j;
                    continue;
                }
                final int cost = left.charAt(i - 1) == right.charAt(j - 1) ? 0 : 1;
                distance[i][j] = Math.min(Math.min(distance[i - 1][j] + 1, distance[i][j - 1] + 1), distance[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && left.charAt(i - 1) == right.charAt(j - 2) && left.charAt(i - 2) == right.charAt(j - 1)) {
                    distance[i][j] = Math.min(distance[i][j], distance[i - 2][j - 2] + 1);
                }
            }
        }
        return distance[left.length()][right.length()];
    }
}
