package dev.nificrm.match;

import dev.nificrm.testing.ThreadAllocation;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shortcuts around Commons Text decide exactly as Commons Text: checked on every pair of distinct values of the
 * public evaluation data (names, suburbs, streets, emails, dates, postcodes), not on a few chosen examples.
 */
class SimilaritiesTest {
    private static final double[] FLOORS = {0.6, 0.8, 0.88, 0.92, 0.95};
    /** About how many pairs of each list are checked: every value against an even sample of the others. */
    private static final long PAIRS_PER_LIST = 400_000;
    /** The reference: Commons Text's own Jaro-Winkler. */
    private static final JaroWinklerSimilarity COMMONS_TEXT = new JaroWinklerSimilarity();

    @Test
    void jaroWinklerBoundIsNeverBelowTheSimilarity() throws IOException {
        long pairs = 0;
        long skipped = 0;
        for (final List<String> values : List.of(values("given_name", "surname"), values("suburb"), values("address_1"), emails())) {
            final int stride = stride(values);
            for (int i = 0; i < values.size(); i++) {
                for (int j = i % stride; j < values.size(); j += stride) {
                    final String left = values.get(i);
                    final String right = values.get(j);
                    final double similarity = COMMONS_TEXT.apply(left, right);
                    if (Similarities.jaroWinkler(left, right) != similarity) {
                        fail("Jaro-Winkler of " + left + " and " + right + " is " + Similarities.jaroWinkler(left, right) + ", Commons Text's " + similarity);
                    }
                    for (final double floor : FLOORS) {
                        final double bound = Similarities.jaroWinklerUpperBound(left, right, floor);
                        if (bound < similarity) {
                            fail("Jaro-Winkler of " + left + " and " + right + " is " + similarity + ", above its bound " + bound);
                        }
                        final double shortcut = Similarities.jaroWinkler(left, right, floor);
                        if (shortcut != similarity && (similarity >= floor || shortcut >= floor)) {
                            fail(left + " and " + right + " at floor " + floor + ": " + shortcut + " instead of " + similarity);
                        }
                        skipped += shortcut != similarity ? 1 : 0;
                    }
                    pairs++;
                }
            }
        }
        // the bound must also be worth having: it spares a good share of the far-apart pairs of these lists
        assertTrue(skipped > pairs / 2, skipped + " of " + pairs * FLOORS.length + " computations spared");
    }

    @Test
    void editDistanceIsCommonsTextsLimitedDistance() throws IOException {
        for (final List<String> values : List.of(values("date_of_birth"), values("postcode"), values("soc_sec_id"), values("given_name"),
                values("address_1"))) {
            final int stride = stride(values);
            for (int threshold = 0; threshold <= 3; threshold++) {
                final LevenshteinDistance distance = new LevenshteinDistance(threshold);
                for (int i = 0; i < values.size(); i++) {
                    for (int j = i % stride; j < values.size(); j += stride) {
                        final String left = values.get(i);
                        final String right = values.get(j);
                        assertEquals(distance.apply(left, right), Similarities.editDistance(distance, threshold, left, right),
                                () -> left + " / " + right + " within " + distance.getThreshold());
                    }
                }
            }
        }
    }

    @Test
    void twoEditsBetweenValuesOfEqualLengthAreAnsweredWithoutCommonsText() throws IOException {
        // Commons Text's distance, asked by the shortcut only where it cannot answer itself
        final LevenshteinDistance real = new LevenshteinDistance(2);
        final int[] asked = {0};
        final LevenshteinDistance counted = new LevenshteinDistance(2) {
            @Override
            public Integer apply(final CharSequence left, final CharSequence right) {
                asked[0]++;
                return super.apply(left, right);
            }
        };
        final List<String> dates = values("date_of_birth");
        final int stride = stride(dates);
        int equalLength = 0;
        for (int i = 0; i < dates.size(); i++) {
            for (int j = i % stride; j < dates.size(); j += stride) {
                final String left = dates.get(i);
                final String right = dates.get(j);
                final int askedBefore = asked[0];
                assertEquals(real.apply(left, right), Similarities.editDistance(counted, 2, left, right), () -> left + " / " + right);
                if (left.length() == right.length()) {
                    equalLength++;
                    assertEquals(askedBefore, asked[0], () -> left + " / " + right + " asked Commons Text");
                }
            }
        }
        assertTrue(equalLength > 100_000, equalLength + " pairs of dates of equal length");
        // a character moved by one (deleted at one end of a stretch, inserted at its other end) is two edits; more are not
        final Random random = new Random(20261206);
        final char[] alphabet = "0123456789aab".toCharArray();
        for (int pair = 0; pair < 200_000; pair++) {
            final String left = randomValue(random, alphabet, 1 + random.nextInt(12));
            final StringBuilder right = new StringBuilder(left);
            final int from = random.nextInt(left.length());
            final int to = random.nextInt(left.length());
            right.deleteCharAt(from).insert(to, alphabet[random.nextInt(alphabet.length)]);
            if (random.nextBoolean()) {
                right.setCharAt(random.nextInt(right.length()), alphabet[random.nextInt(alphabet.length)]);
            }
            for (int threshold = 0; threshold <= 3; threshold++) {
                final LevenshteinDistance distance = new LevenshteinDistance(threshold);
                assertEquals(distance.apply(left, right), Similarities.editDistance(distance, threshold, left, right.toString()),
                        left + " / " + right + " within " + threshold);
            }
        }
    }

    @Test
    void boundsHoldForValuesBeyondAsciiAndLongValues() {
        // beyond 64 characters the bound counts matches without tracking them
        final String longWords = "abracadabra abracadabra alakazam abracadabra hocus pocus abracadabra!";
        final List<String> values = List.of("müller", "muller", "zoë", "zoe", "ł", "a", "ab", "ba", "aaaa", "a\u0141", "\u0141a", "x@y", "ü",
                longWords, new StringBuilder(longWords).reverse().toString(), "a".repeat(70), "ab".repeat(40), longWords.replace('a', 'o'));
        for (final String left : values) {
            for (final String right : values) {
                for (final double floor : FLOORS) {
                    assertTrue(Similarities.jaroWinklerUpperBound(left, right, floor) >= COMMONS_TEXT.apply(left, right), left + " / " + right);
                }
                final LevenshteinDistance distance = new LevenshteinDistance(1);
                assertEquals(distance.apply(left, right), Similarities.editDistance(distance, 1, left, right), left + " / " + right);
            }
        }
    }

    @Test
    void jaroWinklerIsCommonsTextsToTheLastBit() {
        // random values over a small alphabet (many repeated and transposed characters), ASCII and beyond, of 0 to 70
        // characters (beyond 64 handed to Commons Text), whole and their first characters only
        final Random random = new Random(20261207);
        final char[] alphabet = "aabbcde.@-1 \u00fc\u0142\u00e9".toCharArray();
        for (int pair = 0; pair < 200_000; pair++) {
            final String left = randomValue(random, alphabet, random.nextInt(pair % 10 == 0 ? 71 : 16));
            final String right = pair % 7 == 0 ? shuffledNearly(random, left) : randomValue(random, alphabet, random.nextInt(pair % 10 == 0 ? 71 : 16));
            assertEquals(COMMONS_TEXT.apply(left, right), Similarities.jaroWinkler(left, right), () -> left + " / " + right);
            final int leftLength = random.nextInt(left.length() + 1);
            final int rightLength = random.nextInt(right.length() + 1);
            assertEquals(COMMONS_TEXT.apply(left.substring(0, leftLength), right.substring(0, rightLength)),
                    Similarities.jaroWinkler(left, leftLength, right, rightLength), () -> left + " / " + right + " over " + leftLength + " / " + rightLength);
        }
        for (final String value : List.of("", "a", "ab", "müller", "a".repeat(70))) {
            assertEquals(COMMONS_TEXT.apply(value, value), Similarities.jaroWinkler(value, value), value);
            assertEquals(COMMONS_TEXT.apply(value, ""), Similarities.jaroWinkler(value, ""), value);
        }
    }

    @Test
    void jaroWinklerAllocatesNothing() {
        // the local parts of two emails (over a length) and two names: Commons Text allocated about 120 bytes a pair, and
        // the local parts were cut out besides (13.0 MB for these 40,000 similarities)
        final String left = "jonathan.smithers@example.com";
        final String right = "jonathon.smythers1@example.org";
        final double[] sum = {0};
        final long allocated = ThreadAllocation.leastOf(2, () -> {
            for (int i = 0; i < 10_000; i++) {
                sum[0] += Similarities.jaroWinkler(left, 17, right, 18, 0.80) + Similarities.jaroWinkler("jonathan", "johnathan")
                        + Similarities.jaroWinkler("katharina", "katherine", 0.80) + Similarities.jaroWinkler("smithers", "smythers", 0.92);
            }
        });
        assertTrue(sum[0] > 0);
        assertTrue(allocated < 100_000, "allocated " + allocated + " bytes for 40,000 similarities");
    }

    /** The value with a few of its characters swapped with their neighbours (transpositions within the match window). */
    private static String shuffledNearly(final Random random, final String value) {
        final char[] characters = value.toCharArray();
        for (int swap = 0; swap + 1 < characters.length && swap < 3; swap++) {
            final int at = random.nextInt(characters.length - 1);
            final char held = characters[at];
            characters[at] = characters[at + 1];
            characters[at + 1] = held;
        }
        return new String(characters);
    }

    @Test
    void matchingCharactersAreCommonsTextsGreedyCount() {
        // random values over a small alphabet (many repeated characters), ASCII and beyond, of 0 to 70 characters
        final Random random = new Random(20261205);
        final char[] alphabet = "aabbcde.@-1 \u00fc\u0142\u00e9".toCharArray();
        for (int pair = 0; pair < 200_000; pair++) {
            final String left = randomValue(random, alphabet, random.nextInt(pair % 10 == 0 ? 71 : 16));
            final String right = randomValue(random, alphabet, random.nextInt(pair % 10 == 0 ? 71 : 16));
            final String shorter = left.length() <= right.length() ? left : right;
            final String longer = shorter == left ? right : left;
            assertEquals(greedyCount(shorter, longer), Similarities.matchingCharacters(shorter, shorter.length(), longer, longer.length()),
                    () -> shorter + " / " + longer);
        }
    }

    /** The count as Commons Text makes it, scanning each character's window (tracked up to 64 characters, as the bound does). */
    static int greedyCount(final String shorter, final String longer) {
        final int range = Math.max(longer.length() / 2 - 1, 0);
        final boolean[] matched = new boolean[longer.length()];
        int count = 0;
        for (int i = 0; i < shorter.length(); i++) {
            for (int j = Math.max(i - range, 0); j < Math.min(i + range + 1, longer.length()); j++) {
                if (longer.charAt(j) == shorter.charAt(i) && (longer.length() > Long.SIZE || !matched[j])) {
                    matched[j] = true;
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    static String randomValue(final Random random, final char[] alphabet, final int length) {
        final char[] value = new char[length];
        for (int i = 0; i < length; i++) {
            value[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(value);
    }

    static int stride(final List<String> values) {
        return (int) Math.max(1, (long) values.size() * values.size() / PAIRS_PER_LIST);
    }

    /** The distinct comparison keys of Febrl dataset2's columns, folded as the matcher folds them. */
    static List<String> values(final String... columns) throws IOException {
        final TreeSet<String> values = new TreeSet<>();
        for (final Map<String, String> row : EvaluationData.readCsv(febrl())) {
            for (final String column : columns) {
                final String key = ComparisonKeys.fold(row.get(column) == null ? "" : row.get(column));
                if (key != null) {
                    values.add(key);
                }
            }
        }
        return new ArrayList<>(values);
    }

    static List<String> emails() throws IOException {
        final TreeSet<String> values = new TreeSet<>();
        for (final Map<String, String> row : EvaluationData.readCsv(EvaluationData.evalDirectory().resolve("splink").resolve("fake_1000.csv"))) {
            final String email = row.get("email");
            if (email != null && !email.isEmpty()) {
                values.add(email.toLowerCase(Locale.ROOT));
                values.add(EmailComparator.localPart(email.toLowerCase(Locale.ROOT)));
            }
        }
        return new ArrayList<>(values);
    }

    private static Path febrl() {
        return EvaluationData.evalDirectory().resolve("febrl").resolve("dataset2.csv");
    }
}
