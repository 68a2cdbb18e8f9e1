package dev.nificrm.match;

import dev.nificrm.match.StoredKeys.CountingDecoder;
import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.nificrm.match.StoredKeys.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store's candidate's city and postal code compared where the store holds them (h287): {@link PlaceComparator} and
 * {@link EditDistanceComparator} read a stored value's characters ({@link FieldComparator#compareCharacters}), so
 * {@link Comparison#level(String[], CandidateKeys)} gives the level the strings give without a string of the stored
 * value; one is made only where the place's words are to be sorted or both start with a shared start
 * ({@link TextComparator#compareCharacters}), where it is several values or beyond ASCII.
 */
class StoredPlaceCharactersTest {
    private static final List<MatchField> FIELDS = List.of(MatchField.of(Role.CITY), MatchField.of(Role.POSTAL_CODE));
    private static final int CITY = 0;
    private static final int POSTAL_CODE = 1;
    private static final String SEPARATOR = String.valueOf(Comparison.VALUE_SEPARATOR);
    private static final String[] SYLLABLES = {"an", "ber", "car", "den", "el", "fer", "gar", "han", "ing", "jor", "kel", "lam", "mar", "nor",
            "ol", "per", "ros", "sal", "tan", "ul", "ven", "wil"};
    private static final String[] PLACES = {"muenchen", "munchen", "zuerich", "zurich", "koeln", "koln", "au", "aue", "saint denis",
            "saint etienne", "sainte marie", "saint", "saint ", "new york", "york new", "san jose", "jose san", "los angeles", "angeles los",
            "düsseldorf", "dusseldorf", "duesseldorf", "são paulo", "sao paulo", " leading", "trailing ", "a", "ab", "aa bb cc", "cc bb aa"};
    private static final String[] CODES = {"10115", "10117", "10151", "01015", "1011", "101155", "sw1a 1aa", "sw1a1aa", "sw1a 1ab", "75008",
            "75080", "00501", "99950", "2000", "20000", "à1234", "a1234"};

    /**
     * Generated pairs of places and postal codes (typos, umlaut spellings, one place in two words or with its words
     * swapped, shared starts, several values, beyond ASCII, missing), seeded: the level of the stored value read as
     * characters is the level of its string, every level reached that way, and a single ASCII stored value unequal to the
     * record's is made a string only where the comparator sorts words or meets a shared start.
     */
    @Test
    void aStoredPlaceAndPostalCodeReadAsCharactersHaveTheLevelsOfTheirStrings() {
        final Random random = new Random(287);
        final List<Comparison> comparisons = DefaultWeights.comparisonsFor(FIELDS, Nicknames.bundled());
        final CountingDecoder decoder = new CountingDecoder(FIELDS.size());
        final CandidateKeys room = new CandidateKeys(FIELDS.size());
        final List<String> failures = new ArrayList<>();
        final List<Set<Integer>> levelsByCharacters = List.of(new HashSet<>(), new HashSet<>());
        final int[] withoutString = new int[FIELDS.size()];
        final int[] madeStrings = new int[FIELDS.size()];
        for (int i = 0; i < 60_000; i++) {
            final String[] left = {place(random), code(random)};
            final String[] right = {alike(random, left[CITY], StoredPlaceCharactersTest::place), alike(random, left[POSTAL_CODE], StoredPlaceCharactersTest::code)};
            for (int field = 0; field < FIELDS.size(); field++) {
                final Comparison comparison = comparisons.get(field);
                final int byStrings = comparison.level(left, right);
                decoder.reset();
                final int byKeys = comparison.level(left, stored(room, right, left, decoder));
                if (byKeys != byStrings) {
                    failures.add(String.join(" | ", nulls(left)) + " / " + String.join(" | ", nulls(right)) + " (" + FIELDS.get(field).name() + "): "
                            + byKeys + " from the stored bytes, " + byStrings + " from strings");
                }
                final String l = left[field];
                final String r = right[field];
                if (l == null || r == null || !single(l) || !single(r)) {
                    continue;
                }
                final FieldComparator comparator = comparison.comparator();
                final int characters = comparator.compareCharacters(l, new StringBuilder(r));
                if (characters != FieldComparator.BY_STRINGS && characters != comparator.compare(l, r)) {
                    failures.add(l + " / " + r + ": " + characters + " as characters, " + comparator.compare(l, r) + " as strings");
                }
                if (!l.equals(r) && isAscii(r)) {
                    // a value unequal to the record's is left as bytes: a string of it only where the comparator asks for one
                    final int expected = characters == FieldComparator.BY_STRINGS ? 1 : 0;
                    if (decoder.decodes(field) != expected) {
                        failures.add(l + " / " + r + " at " + byStrings + ": " + decoder.decodes(field) + " strings made, " + expected + " expected");
                    }
                    madeStrings[field] += decoder.decodes(field);
                    if (expected == 0) {
                        withoutString[field]++;
                        levelsByCharacters.get(field).add(byKeys);
                    }
                }
            }
        }
        assertEquals(List.of(), failures.stream().limit(30).toList(), failures.size() + " failures");
        assertEquals(Set.of(0, 1, 2, 3), levelsByCharacters.get(CITY), "exact (umlaut spellings), close, similar and differs read as characters");
        assertEquals(Set.of(1, 2), levelsByCharacters.get(POSTAL_CODE), "one edit and differs read as characters");
        assertTrue(withoutString[CITY] > 25_000 && withoutString[POSTAL_CODE] > 25_000,
                withoutString[CITY] + " places and " + withoutString[POSTAL_CODE] + " postal codes compared without a string");
        assertTrue(madeStrings[CITY] < withoutString[CITY] / 10, madeStrings[CITY] + " strings made of stored places");
        assertEquals(0, madeStrings[POSTAL_CODE], "strings made of stored postal codes");
    }

    /** The edge cases by name: each against each, as strings, read as characters and from the stored bytes, the same level. */
    @Test
    void edgePlacesAndCodesHaveTheLevelsOfTheirStrings() {
        final List<Comparison> comparisons = DefaultWeights.comparisonsFor(FIELDS, Nicknames.bundled());
        final CandidateKeys room = new CandidateKeys(FIELDS.size());
        final CountingDecoder decoder = new CountingDecoder(FIELDS.size());
        final List<String> failures = new ArrayList<>();
        final String[][] values = {PLACES, CODES};
        for (int field = 0; field < FIELDS.size(); field++) {
            final Comparison comparison = comparisons.get(field);
            for (final String l : values[field]) {
                for (final String r : values[field]) {
                    final String[] left = field == CITY ? new String[] {l, null} : new String[] {null, l};
                    final String[] right = field == CITY ? new String[] {r, null} : new String[] {null, r};
                    final int byStrings = comparison.level(left, right);
                    final int byKeys = comparison.level(left, stored(room, right, left, decoder));
                    final int characters = comparison.comparator().compareCharacters(l, new StringBuilder(r));
                    if (byKeys != byStrings || characters != FieldComparator.BY_STRINGS && characters != byStrings) {
                        failures.add("'" + l + "' / '" + r + "': " + byKeys + " from the stored bytes, " + characters + " as characters, "
                                + byStrings + " from strings");
                    }
                }
            }
        }
        assertEquals(List.of(), failures, failures.size() + " failures");
        final PlaceComparator places = new PlaceComparator();
        assertEquals(0, places.compareCharacters("munchen", new StringBuilder("muenchen")), "an umlaut spelt two ways, read as characters");
        assertEquals(2, places.compareCharacters("au", new StringBuilder("aue")), "a place of its own");
        assertEquals(FieldComparator.BY_STRINGS, places.compareCharacters("saint denis", new StringBuilder("saint etienne")), "a shared start: by strings");
        assertEquals(FieldComparator.BY_STRINGS, places.compareCharacters("new york", new StringBuilder("york new")), "words to sort: by strings");
        assertEquals(1, new EditDistanceComparator(1).compareCharacters("10115", new StringBuilder("10117")), "one edit");
    }

    private static String[] nulls(final String[] keys) {
        final String[] shown = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            shown[i] = String.valueOf(keys[i]);
        }
        return shown;
    }

    private static boolean single(final String key) {
        return key.indexOf(Comparison.VALUE_SEPARATOR) < 0;
    }

    private static boolean isAscii(final String value) {
        return value.chars().allMatch(c -> c < 0x80);
    }

    /** A place: mostly made of syllables, a quarter of two words; sometimes a named edge case, several, or none. */
    private static String place(final Random random) {
        return value(random, PLACES, StoredPlaceCharactersTest::words);
    }

    /** A postal code: mostly five digits; sometimes a named edge case, several, or none. */
    private static String code(final Random random) {
        return value(random, CODES, StoredPlaceCharactersTest::digits);
    }

    /** A key: mostly one value {@code made}; sometimes one of the {@code edges}, two values, or none. */
    private static String value(final Random random, final String[] edges, final java.util.function.Function<Random, String> made) {
        return switch (random.nextInt(20)) {
            case 0 -> null;
            case 1, 2 -> edges[random.nextInt(edges.length)];
            case 3 -> made.apply(random) + SEPARATOR + made.apply(random);
            default -> made.apply(random);
        };
    }

    private static String words(final Random random) {
        final String word = syllables(random, 2 + random.nextInt(2));
        return random.nextInt(4) == 0 ? word + " " + syllables(random, 1 + random.nextInt(2)) : word;
    }

    private static String syllables(final Random random, final int count) {
        final StringBuilder word = new StringBuilder();
        for (int i = 0; i < count; i++) {
            word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return word.toString();
    }

    private static String digits(final Random random) {
        return String.format(java.util.Locale.ROOT, "%05d", random.nextInt(100_000));
    }

    /** The other record's value: the same, one typo of it, its words swapped, an umlaut spelt otherwise, or another value. */
    private static String alike(final Random random, final String value, final java.util.function.Function<Random, String> other) {
        if (value == null || value.length() < 2 || random.nextInt(5) == 0) {
            return other.apply(random);
        }
        return switch (random.nextInt(6)) {
            case 0 -> value;
            case 1 -> {
                final int space = value.indexOf(' ');
                yield space > 0 ? value.substring(space + 1) + " " + value.substring(0, space) : StoredKeys.typo(random, value, "abe0123", "eu9");
            }
            case 2 -> value.replace("u", "ue").replace("o", "oe");
            default -> StoredKeys.typo(random, value, "abe0123", "eu9");
        };
    }
}
