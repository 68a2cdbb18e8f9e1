package dev.nificrm.match;

import org.apache.commons.codec.language.DoubleMetaphone;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PhoneticCodes}: a name's code and skeleton, asked as a string or as characters read in place, are Commons
 * Codec's and {@link Transliterations}' whether the name is kept or beyond the bound; a kept name is looked up without a
 * string of it (h294).
 */
class PhoneticCodesTest {
    private static final DoubleMetaphone METAPHONE = new DoubleMetaphone();

    @Test
    void codesAndSkeletonsAreThoseComputedKeptOrNot() {
        final Random random = new Random(294);
        final PhoneticCodes codes = new PhoneticCodes(2_000);
        final Set<String> distinct = new HashSet<>();
        for (int n = 0; n < 60_000; n++) {
            final String name = randomName(random);
            distinct.add(name);
            final CharSequence characters = random.nextBoolean() ? name : new CountedCharacters(name);
            if (random.nextBoolean()) {
                assertEquals(METAPHONE.doubleMetaphone(name), codes.code(characters), name);
                assertEquals(Transliterations.skeleton(name), codes.skeleton(characters), name);
            } else {
                assertEquals(Transliterations.skeleton(name), codes.skeleton(characters), name);
                assertEquals(METAPHONE.doubleMetaphone(name), codes.code(characters), name);
            }
            assertEquals(METAPHONE.doubleMetaphone(name), codes.code(name), name);
        }
        assertTrue(distinct.size() > 10_000, distinct.size() + " distinct names");
        assertEquals(2_000, codes.remembered(), "kept up to the bound");
    }

    /**
     * Stored names of pairs whose phonetic code or skeleton decides, compared twice: the second time every name is kept,
     * and none is made a string. Before, each such comparison made a string of the stored name and hashed it.
     */
    @Test
    void keptNamesAreLookedUpWithoutAString() {
        final Random random = new Random(20261208);
        final NameComparator comparator = new NameComparator(Nicknames.bundled());
        final List<String[]> pairs = new ArrayList<>();
        for (int n = 0; n < 20_000; n++) {
            final String left = givenName(random);
            // half of them alike: the same name with one piece changed
            pairs.add(new String[] {left, random.nextBoolean() ? givenName(random) : StoredKeys.typo(random, left, "aeiouy", "khjwsc")});
        }
        final int first = stringsMade(comparator, pairs);
        final int second = stringsMade(comparator, pairs);
        assertTrue(first > 1_000, first + " stored names made strings the first time: the codes and skeletons decide");
        assertEquals(0, second, "stored names made strings once kept");
        assertTrue(comparator.phoneticCodes().remembered() <= 40_000);
    }

    /** Two threads asking one instance for the same names meanwhile get the computed codes and skeletons. */
    @Test
    void twoThreadsGetTheComputedCodes() throws Exception {
        final PhoneticCodes codes = new PhoneticCodes(5_000);
        final ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            final List<Future<Integer>> asked = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                asked.add(threads.submit(() -> {
                    final Random random = new Random(7);
                    int checked = 0;
                    for (int n = 0; n < 30_000; n++) {
                        final String name = randomName(random);
                        assertEquals(METAPHONE.doubleMetaphone(name), codes.code(new CountedCharacters(name)), name);
                        assertEquals(Transliterations.skeleton(name), codes.skeleton(name), name);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (final Future<Integer> future : asked) {
                assertEquals(30_000, future.get());
            }
        } finally {
            threads.shutdown();
        }
        assertEquals(5_000, codes.remembered());
    }

    /** The strings made of the second names (read as characters) comparing every pair, a name with itself skipped. */
    private static int stringsMade(final NameComparator comparator, final List<String[]> pairs) {
        int made = 0;
        for (final String[] pair : pairs) {
            final CountedCharacters right = new CountedCharacters(pair[1]);
            final int characters = comparator.compareCharacters(pair[0], right);
            assertEquals(comparator.compare(pair[0], pair[1]), characters, pair[0] + " / " + pair[1]);
            made += right.strings;
        }
        return made;
    }

    /** Names of 0 to 11 letters, digraphs the skeleton writes otherwise and some beyond ASCII, from a small alphabet so that they repeat. */
    private static String randomName(final Random random) {
        final String[] pieces = {"sch", "kh", "ch", "dj", "ph", "ou", "j", "y", "w", "x", "q", "a", "e", "i", "o", "u", "n", "r", "m", "t", "l",
                "s", "k", "é", "ü", " "};
        final StringBuilder name = new StringBuilder();
        final int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            // consonants, digraphs and the rest at even places, vowels between them
            name.append(i % 2 == 0 ? pieces[random.nextInt(pieces.length)] : pieces[11 + random.nextInt(5)]);
        }
        return name.toString();
    }

    /** A name of 4 to 11 letters (as a comparator is given: folded, not empty). */
    private static String givenName(final Random random) {
        String name = "";
        while (name.isBlank() || name.length() < 4 || name.charAt(0) == ' ') {
            name = randomName(random).trim();
        }
        return name;
    }
}
