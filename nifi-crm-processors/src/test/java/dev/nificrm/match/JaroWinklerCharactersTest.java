package dev.nificrm.match;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Jaro-Winkler bound and similarity read each character of a value once ({@link Similarities} keeps them in a
 * per-thread array), and answer the same doubles as the definitions they shortcut: the bound as counted before (the
 * characters shared anywhere, through a 64-bit mask, then Commons Text's greedy count of matches), the similarity as
 * Commons Text's.
 */
class JaroWinklerCharactersTest {
    /** NameComparator's gate, its levels, EmailComparator's and TextComparator's floors. */
    private static final double[] FLOORS = {0.6, 0.8, 0.88, 0.92, 0.95};
    private static final JaroWinklerSimilarity COMMONS_TEXT = new JaroWinklerSimilarity();

    @Test
    void eachCharacterIsReadOnceByABoundOrASimilarity() throws IOException {
        final CountedCharacters left = new CountedCharacters();
        final CountedCharacters right = new CountedCharacters();
        long pairs = 0;
        long characters = 0;
        long boundReads = 0;
        long similarityReads = 0;
        for (final List<String> values : List.of(SimilaritiesTest.values("given_name", "surname"), SimilaritiesTest.emails())) {
            final int stride = SimilaritiesTest.stride(values) * 4;
            for (int i = 0; i < values.size(); i++) {
                for (int j = i % stride; j < values.size(); j += stride) {
                    left.of(values.get(i));
                    right.of(values.get(j));
                    final int both = left.length() + right.length();
                    for (final double floor : FLOORS) {
                        final long before = left.reads + right.reads;
                        Similarities.jaroWinklerUpperBound(left, right, floor);
                        final long bound = left.reads + right.reads - before;
                        Similarities.jaroWinkler(left, right, floor);
                        final long shortcut = left.reads + right.reads - before - bound;
                        if (bound > both || shortcut > both) {
                            fail(values.get(i) + " / " + values.get(j) + " at " + floor + ": " + bound + " and " + shortcut + " characters read of " + both);
                        }
                        boundReads += bound;
                    }
                    final long before = left.reads + right.reads;
                    Similarities.jaroWinkler(left, right);
                    similarityReads += left.reads + right.reads - before;
                    assertTrue(left.reads + right.reads - before <= both, () -> left + " / " + right);
                    characters += both;
                    pairs++;
                }
            }
        }
        assertTrue(pairs > 100_000, pairs + " pairs");
        System.out.printf("%,d pairs of %.2f characters: a bound read %.2f of them, a similarity %.2f%n", pairs, (double) characters / pairs,
                (double) boundReads / pairs / FLOORS.length, (double) similarityReads / pairs);
    }

    @Test
    void boundsAndSimilaritiesAreTheCountedOnesToTheBit() throws IOException {
        final List<String[]> pairs = new ArrayList<>();
        for (final List<String> values : List.of(SimilaritiesTest.values("given_name", "surname"), SimilaritiesTest.values("suburb"),
                SimilaritiesTest.values("address_1"), SimilaritiesTest.emails())) {
            final int stride = SimilaritiesTest.stride(values) * 2;
            for (int i = 0; i < values.size(); i++) {
                for (int j = i % stride; j < values.size(); j += stride) {
                    pairs.add(new String[] {values.get(i), values.get(j)});
                }
            }
        }
        // generated: a small alphabet (repeats, transpositions), beyond ASCII and a character 64 code points from another,
        // up to 70 characters (beyond 64 counted without tracking), empty values
        final Random random = new Random(20261208);
        final char[] alphabet = "aabbcde.@-1 \u00fc\u0142\u00e9!\u00a1".toCharArray();
        for (int pair = 0; pair < 200_000; pair++) {
            final String left = SimilaritiesTest.randomValue(random, alphabet, random.nextInt(pair % 10 == 0 ? 71 : 16));
            pairs.add(new String[] {left, pair % 5 == 0 ? new StringBuilder(left).reverse().toString()
                    : SimilaritiesTest.randomValue(random, alphabet, random.nextInt(pair % 10 == 0 ? 71 : 16))});
        }
        final CountedCharacters leftView = new CountedCharacters();
        final CountedCharacters rightView = new CountedCharacters();
        int compared = 0;
        for (final String[] pair : pairs) {
            final String left = pair[0];
            final String right = pair[1];
            final double similarity = COMMONS_TEXT.apply(left, right);
            // a string and a stored value's view, on either side, in turn
            final CharSequence leftValue = compared % 3 == 1 ? leftView.of(left) : left;
            final CharSequence rightValue = compared % 3 == 2 ? rightView.of(right) : right;
            final double[] bounds = countedBounds(left, right);
            for (final double floor : FLOORS) {
                final double bound = countedBound(bounds, floor);
                assertEquals(bound, Similarities.jaroWinklerUpperBound(leftValue, rightValue, floor), () -> left + " / " + right + " at " + floor);
                assertEquals(Similarities.isBelow(bound, floor) ? bound : similarity, Similarities.jaroWinkler(leftValue, rightValue, floor),
                        () -> left + " / " + right + " at " + floor);
            }
            assertEquals(similarity, Similarities.jaroWinkler(leftValue, rightValue), () -> left + " / " + right);
            // the first characters only (an email's local part), as their own strings would be
            final int leftLength = left.length() / 2;
            final String leftPart = left.substring(0, leftLength);
            final double partBound = countedBound(countedBounds(leftPart, right), 0.8);
            assertEquals(Similarities.isBelow(partBound, 0.8) ? partBound : COMMONS_TEXT.apply(leftPart, right), Similarities.jaroWinkler(leftValue, leftLength, rightValue, right.length(), 0.8), () -> left + " / " + right);
            compared++;
        }
        assertTrue(compared > 500_000, compared + " pairs");
    }

    /**
     * The bound as its definition counts it, at {@code floor}: when the first of {@code bounds} ({@link #countedBounds})
     * is below {@code floor}, that; else the second.
     */
    private static double countedBound(final double[] bounds, final double floor) {
        return Similarities.isBelow(bounds[0], floor) ? bounds[0] : bounds[1];
    }

    /**
     * The Jaro-Winkler without transpositions of the characters of either value found anywhere in the other (by the
     * character's code modulo 64, as a 64-bit mask finds them), the fewer, and of Commons Text's greedy count of matches;
     * 1 and 1 when a value is empty.
     */
    private static double[] countedBounds(final String left, final String right) {
        if (left.isEmpty() || right.isEmpty()) {
            return new double[] {1, 1};
        }
        final boolean leftShorter = left.length() <= right.length();
        return new double[] {winkler(left, right, Math.min(foundIn(left, right), foundIn(right, left))),
                winkler(left, right, SimilaritiesTest.greedyCount(leftShorter ? left : right, leftShorter ? right : left))};
    }

    private static int foundIn(final String value, final String other) {
        int found = 0;
        for (int i = 0; i < value.length(); i++) {
            for (int j = 0; j < other.length(); j++) {
                if (value.charAt(i) % Long.SIZE == other.charAt(j) % Long.SIZE) {
                    found++;
                    break;
                }
            }
        }
        return found;
    }

    /** Commons Text's Jaro-Winkler of {@code matches} matching characters and no transposition. */
    private static double winkler(final String left, final String right, final int matches) {
        final double jaro = ((double) matches / left.length() + (double) matches / right.length() + 1) / 3;
        if (jaro < 0.7) {
            return jaro;
        }
        int prefix = 0;
        while (prefix < Math.min(4, Math.min(left.length(), right.length())) && left.charAt(prefix) == right.charAt(prefix)) {
            prefix++;
        }
        return jaro + 0.1 * prefix * (1 - jaro);
    }
}
