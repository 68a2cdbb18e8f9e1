package dev.nificrm.match;

import dev.nificrm.roles.BlockingTransform;
import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockingRulesTest {

    @Test
    void allRolesUseEveryPassInItsOrder() {
        final List<MatchField> fields = Arrays.stream(Role.values()).map(MatchField::of).toList();
        assertEquals(List.of("email", "email~local_part", "email~domain+first_name~initial", "phone", "national_id", "company_id", "external_id",
                "first_name~spelling+last_name~spelling", "full_name", "last_name~phonetic+postal_code", "first_name~initial+birth_date",
                "last_name/first_name~phonetic+birth_date", "{first_name~initial,last_name~initial}+birth_date", "full_name~phonetic+birth_date", "{first_name~phonetic,last_name~phonetic}",
                "first_name+last_name~prefix+birth_date~year", "birth_date+city~place_prefix", "last_name~prefix+birth_date~year",
                "first_name+birth_date~year", "last_name+city~place_prefix", "first_name+city~place_prefix", "birth_date+postal_code",
                "postal_code+house_number", "street+house_number", "street~number+postal_code", "street~number+city~place_prefix", "street~number+street~phonetic",
                "full_name~phonetic+postal_code", "full_name~phonetic+city~place",
                "company~read", "company~phonetic+postal_code", "company~phonetic+city~place_prefix", "company~initial+postal_code", "website", "company~phonetic"),
                BlockingRules.forFields(fields).stream().map(BlockingRule::getName).toList());
    }

    /**
     * A city's umlauts written with dots, as ae/oe/ue or as the bare vowel give one key in every pass on the city, as the
     * city comparator calls them exact (München/Muenchen were mun/mue); a place of three letters keeps its e (Au/Aue).
     */
    @Test
    void theCityPassesKeyACityWhoseUmlautsAreWrittenAnotherWayAlike() {
        final List<MatchField> fields = Arrays.stream(Role.values()).map(MatchField::of).toList();
        final int city = fields.indexOf(MatchField.of(Role.CITY));
        final ComparisonKeys keys = new ComparisonKeys("DE");
        final List<BlockingRule> cityRules = BlockingRules.forFields(fields).stream().filter(rule -> rule.getName().contains("city")).toList();
        assertEquals(6, cityRules.size());
        for (final String[] spellings : new String[][] {{"München", "Muenchen", "Munchen", "MUENCHEN"}, {"Zürich", "Zuerich", "Zurich"},
                {"Köln", "Koeln", "Koln"}, {"Düsseldorf", "Duesseldorf"}, {"Sankt Pölten", "St. Poelten", "St Polten"}, {"Bülach", "Buelach"}}) {
            for (final BlockingRule rule : cityRules) {
                final Set<String> made = new HashSet<>();
                for (final String spelling : spellings) {
                    made.add(rule.key(everyRole(fields, city, keys.normalise(Role.CITY, spelling))));
                }
                assertEquals(1, made.size(), rule + " " + Arrays.toString(spellings) + ": " + made);
            }
        }
        for (final BlockingRule rule : cityRules) {
            assertNotEquals(rule.key(everyRole(fields, city, "au")), rule.key(everyRole(fields, city, "aue")), rule.getName());
        }
        final BlockingRule prefix = cityRules.getFirst();
        assertEquals("19850607|mun|", prefix.key(everyRole(fields, city, "muenchen")));
        // an e after the prefix's letters leaves it as it was
        assertEquals("19850607|gro|", prefix.key(everyRole(fields, city, "groenlo")));
    }

    /**
     * A first and last name whose umlauts or Nordic letters are written with their marks, transliterated or bare give one
     * key in the pass on both names, as the name comparator calls them exact ({@code Müller} and {@code Mueller} met only in
     * the phonetic passes); an e before a final l is a syllable ({@code Michael}/{@code Michal}), and a name of three
     * letters keeps its e ({@code Joe}/{@code Jo}).
     */
    @Test
    void theNamePassKeysNamesWhoseUmlautsAreWrittenAnotherWayAlike() {
        final List<MatchField> fields = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME));
        final BlockingRule rule = BlockingRules.forFields(fields).stream()
                .filter(candidate -> candidate.getName().equals("first_name~spelling+last_name~spelling")).findFirst().orElseThrow();
        final ComparisonKeys keys = new ComparisonKeys("DE");
        for (final String[][] spellings : new String[][][] {{{"Jürgen", "Müller"}, {"Juergen", "Mueller"}, {"Jurgen", "Muller"}, {"JÜRGEN", "MUELLER"}},
                {{"Jörg", "Schröder"}, {"Joerg", "Schroeder"}, {"Jorg", "Schroder"}}, {{"Søren", "Møller"}, {"Soeren", "Moeller"}, {"Soren", "Moller"}},
                {{"Åse", "Sæther"}, {"Aase", "Saether"}, {"Ase", "Sather"}}, {{"Bärbel", "Löw"}, {"Baerbel", "Loew"}, {"Barbel", "Low"}}}) {
            final Set<String> made = new HashSet<>();
            for (final String[] name : spellings) {
                made.add(rule.key(new String[] {keys.normalise(Role.FIRST_NAME, name[0]), keys.normalise(Role.LAST_NAME, name[1])}));
            }
            assertEquals(1, made.size(), Arrays.deepToString(spellings) + ": " + made);
        }
        assertEquals("jurgen|muller|", rule.key(new String[] {"juergen", "mueller"}));
        assertNotEquals(rule.key(new String[] {"michael", "kohl"}), rule.key(new String[] {"michal", "kohl"}));
        assertNotEquals(rule.key(new String[] {"joe", "kohl"}), rule.key(new String[] {"jo", "kohl"}));
        assertEquals("michaela|kohler|", rule.key(new String[] {"michaela", "koehler"}));
    }

    /** A key per role ("value"; a birth date and a street line as theirs are written), the city's as given. */
    private static String[] everyRole(final List<MatchField> fields, final int city, final String cityKey) {
        final String[] keys = new String[fields.size()];
        Arrays.fill(keys, "value");
        keys[fields.indexOf(MatchField.of(Role.BIRTH_DATE))] = "19850607";
        keys[fields.indexOf(MatchField.of(Role.STREET))] = "12 hauptstrasse";
        keys[city] = cityKey;
        return keys;
    }

    /**
     * A record with a first name and no last name is keyed by its first name where the pass wants the last name's code,
     * so it meets a record whose first and last name are swapped; a record with a last name keys by it as before.
     */
    @Test
    void aFirstNameStandsForAMissingLastNameWithTheBirthDate() {
        final List<MatchField> fields = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME), MatchField.of(Role.BIRTH_DATE));
        final BlockingRule rule = BlockingRules.forFields(fields).stream()
                .filter(candidate -> candidate.getName().equals("last_name/first_name~phonetic+birth_date")).findFirst().orElseThrow();
        final String swapped = rule.key(new String[] {"novak", "maja", "19790411"});
        assertEquals(swapped, rule.key(new String[] {"maja", null, "19790411"}));
        assertEquals(rule.key(new String[] {"anna", "novak", "19790411"}), rule.key(new String[] {null, "novak", "19790411"}));
        assertNotEquals(swapped, rule.key(new String[] {"maja", "novak", "19790411"}));
        assertEquals(null, rule.key(new String[] {null, null, "19790411"}));
    }

    @Test
    void aPassNeedsEveryRoleItKeysOn() {
        final List<MatchField> fields = List.of(MatchField.of(Role.LAST_NAME), MatchField.of(Role.POSTAL_CODE), MatchField.named("notes"));
        assertEquals(List.of("last_name~phonetic+postal_code"), BlockingRules.forFields(fields).stream().map(BlockingRule::getName).toList());
    }

    @Test
    void aKeyIsHashedAsItIsWrittenAsItsStringWouldBe() {
        final List<MatchField> fields = Arrays.stream(Role.values()).map(MatchField::of).toList();
        final List<BlockingRule> rules = new ArrayList<>(BlockingRules.forFields(fields));
        // every transform, a fallback and a rule of one part among them, and a rule of a part longer than the powers kept
        rules.add(new BlockingRule("every", List.of(BlockingRule.Part.of(0, BlockingTransform.EXACT, 1), BlockingRule.Part.of(1, BlockingTransform.PREFIX),
                BlockingRule.Part.of(2, BlockingTransform.YEAR), BlockingRule.Part.of(3, BlockingTransform.NUMBER), BlockingRule.Part.of(4, BlockingTransform.PLACE),
                BlockingRule.Part.of(5, BlockingTransform.READ), BlockingRule.Part.of(6, BlockingTransform.LOCAL_PART), BlockingRule.Part.of(7, BlockingTransform.DOMAIN))));
        rules.add(new BlockingRule("one", List.of(BlockingRule.Part.of(8, BlockingTransform.SPELLING))));
        final String[] values = {"maria", "garcia", "mueller", "müller", "jaeger", "aaberg", "o'brien", "x", "", "19850607", "198", "2001",
                "muenchen", "koeln", "ab", "hauptstrasse 12", "12 main st", "main st", "acme gmbh", "maria.garcia@example.com", "ab@x.de", "@x",
                "abc@", "+4930123456", "anne-marie", "a".repeat(70) + "z", "strasse 1b", "saeaeg"};
        final Random random = new Random(298);
        final StringBuilder into = new StringBuilder();
        int keyed = 0;
        for (int record = 0; record < 3_000; record++) {
            final String[] keys = new String[fields.size()];
            for (int slot = 0; slot < keys.length; slot++) {
                final int pick = random.nextInt(values.length + 4);
                keys[slot] = pick >= values.length ? null : pick % 5 == 0
                        ? values[pick] + Comparison.VALUE_SEPARATOR + values[random.nextInt(values.length)] : values[pick];
            }
            for (final BlockingRule rule : rules) {
                final String key = rule.key(keys);
                final long hash = rule.writeHashedKey(keys, into);
                if (key == null) {
                    assertEquals(BlockingRule.NO_KEY, hash, rule.getName());
                } else {
                    keyed++;
                    assertEquals(key, into.toString(), rule.getName());
                    assertEquals(Integer.toUnsignedLong(key.hashCode()), hash, rule.getName() + ": " + key);
                }
            }
        }
        assertTrue(keyed > 30_000, keyed + " keys");
    }

    @Test
    void swappedNamesShareTheUnorderedKey() {
        final List<MatchField> fields = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME));
        final BlockingRule unordered = BlockingRules.forFields(fields).stream()
                .filter(rule -> rule.getName().startsWith("{")).findFirst().orElseThrow();
        assertEquals(unordered.key(new String[] {"maria", "garcia"}), unordered.key(new String[] {"garcia", "maria"}));
    }

    @Test
    void swappedNamesWithTyposShareTheirInitialsInEitherOrderWithTheBirthDate() {
        final List<MatchField> fields = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME), MatchField.of(Role.BIRTH_DATE));
        final BlockingRule initials = BlockingRules.forFields(fields).stream()
                .filter(rule -> rule.getName().equals("{first_name~initial,last_name~initial}+birth_date")).findFirst().orElseThrow();
        assertEquals("g|m|19850607|", initials.key(new String[] {"maria", "garcia", "19850607"}));
        assertEquals("g|m|19850607|", initials.key(new String[] {"gracia", "mraia", "19850607"}));
        assertEquals(null, initials.key(new String[] {"maria", null, "19850607"}));
        // a second first name blocks with its own initial, in either order too
        assertEquals(List.of("g|r|19850607|"), List.of(initials.otherKeys(new String[] {"maria" + Comparison.VALUE_SEPARATOR + "rosa", "garcia",
                "19850607"})));
    }

    @Test
    void aKeyJoinsItsPartsEachFollowedByTheSeparatorAndIsNullWhenAPartIsMissing() {
        final String[] keys = {"maria", "garcia", "1985-06-07", "miami"};
        for (int parts = 1; parts <= 4; parts++) {
            final List<BlockingRule.Part> exact = new java.util.ArrayList<>();
            final StringBuilder expected = new StringBuilder();
            for (int slot = 0; slot < parts; slot++) {
                exact.add(BlockingRule.Part.of(slot, BlockingTransform.EXACT));
                expected.append(keys[slot]).append(parts == 1 ? "" : "|");
            }
            final BlockingRule rule = new BlockingRule("rule of " + parts, exact);
            assertEquals(expected.toString(), rule.key(keys), parts + " parts");
            for (int missing = 0; missing < parts; missing++) {
                final String[] without = keys.clone();
                without[missing] = null;
                assertEquals(null, rule.key(without), parts + " parts, part " + missing + " missing");
            }
        }
        // the second value of a field with several is not part of the key
        final BlockingRule twoParts = new BlockingRule("first_name+city", List.of(BlockingRule.Part.of(0, BlockingTransform.EXACT),
                BlockingRule.Part.of(3, BlockingTransform.EXACT)));
        assertEquals("maria|miami|", twoParts.key(new String[] {"maria" + Comparison.VALUE_SEPARATOR + "mary", null, null, "miami"}));
    }
    /**
     * A key is written part by part into one builder (h231b): it is still each part's transform of the field's first value
     * joined as before, for every transform, ordered and unordered (the lesser of the first two parts first), whatever
     * values the fields hold (several, umlauts inside and after a prefix, emails without a domain or with a short local part).
     */
    @Test
    void everyTransformWritesTheKeyItsFirstValueMakes() {
        final String separator = String.valueOf(Comparison.VALUE_SEPARATOR);
        final List<String> values = List.of("maria", "m", "ma", "mar", "muenchen", "mueller bau", "aue", "zuerich", "uelzen", "1985-06-07",
                "198", "j.smith@acme.com", "ab@acme.com", "anna@", "@acme.com", "a@b@c.org", "435 south la cienega boulevard",
                "hauptstrasse", "michael", "aase", "acme holding", "garcia" + separator + "garcia lopez", "jo" + separator + "joe",
                "muenster" + separator + "munster", separator + "leeds", "zoe");
        final PhoneticCodes codes = new PhoneticCodes();
        for (final BlockingTransform transform : BlockingTransform.values()) {
            for (final boolean unordered : new boolean[] {false, true}) {
                final BlockingRule rule = new BlockingRule(transform + "+exact", List.of(BlockingRule.Part.of(0, transform),
                        BlockingRule.Part.of(1, BlockingTransform.EXACT), BlockingRule.Part.of(2, BlockingTransform.INITIAL)), unordered, codes);
                final BlockingRule alone = new BlockingRule(transform.toString(), List.of(BlockingRule.Part.of(0, transform)), false, codes);
                for (final String value : values) {
                    for (final String other : values) {
                        final String[] keys = {value, other, other};
                        final String first = madeOfFirstValue(transform, value, codes);
                        final String second = madeOfFirstValue(BlockingTransform.EXACT, other, codes);
                        final String third = madeOfFirstValue(BlockingTransform.INITIAL, other, codes);
                        final boolean swapped = unordered && first != null && second != null && first.compareTo(second) > 0;
                        final String expected = first == null || second == null || third == null ? null
                                : (swapped ? second + "|" + first : first + "|" + second) + "|" + third + "|";
                        if (!value.contains(separator) && !other.contains(separator)) {
                            assertEquals(expected, rule.key(keys), transform + (unordered ? " unordered" : "") + " of " + Arrays.toString(keys));
                            assertEquals(first, alone.key(keys), transform + " of " + value);
                        } else if (expected != null) {
                            assertEquals(expected, rule.key(keys), transform + (unordered ? " unordered" : "") + " of " + Arrays.toString(keys));
                        }
                    }
                }
            }
        }
    }

    /** A transform of a field's first value, as a part of a key takes it. */
    private static String madeOfFirstValue(final BlockingTransform transform, final String value, final PhoneticCodes codes) {
        final int separator = value.indexOf(Comparison.VALUE_SEPARATOR);
        final String first = separator < 0 ? value : value.substring(0, separator);
        return first.isEmpty() ? null : BlockingRule.apply(transform, first, codes);
    }
}
