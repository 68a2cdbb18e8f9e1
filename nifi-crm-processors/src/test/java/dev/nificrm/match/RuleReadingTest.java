package dev.nificrm.match;

import dev.nificrm.match.RuleReading.Standing;
import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleReadingTest {
    private static final List<MatchField> ALL_ROLES = Arrays.stream(Role.values()).map(MatchField::of).toList();
    /** A matcher's fields that lack the last name, the postal code and the phone among others. */
    private static final List<MatchField> SOME_ROLES = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.EMAIL),
            MatchField.of(Role.BIRTH_DATE), MatchField.of(Role.CITY), MatchField.of(Role.COMPANY), MatchField.of(Role.STREET));

    /**
     * Every automatic pass of a matcher of all roles, read against a matcher of some of them: where its records can have
     * keys under the pass, the rule read makes from their keys the very keys the pass's own matcher makes from them as the
     * store hands them over (field by field, the fields they lack missing), also from a field's other values; where they
     * cannot, the own matcher makes none either. The pass on the last name with the first name standing in is keyed from
     * the first name alone.
     */
    @Test
    void aRecordIsKeyedUnderAnotherMatchersPassAsThatMatcherKeysItsStoredKeys() {
        final List<String[]> records = List.of(
                keys("robert", "bob.smith@example.com", "19800402", "boston", "acme", "12 main st"),
                keys("wei", "wei@chen.net" + Comparison.VALUE_SEPARATOR + "wchen@work.example", "19901130", "chicago", null, null),
                keys(null, "ann@lee.org", "19710101", "new york", "lee and sons", "3 elm rd"));
        int keyed = 0;
        int withoutKeys = 0;
        for (final BlockingRule own : BlockingRules.forFields(ALL_ROLES)) {
            final RuleReading reading = RuleReading.of(own.getName(), SOME_ROLES);
            for (final String[] record : records) {
                final String[] asStored = asStoredFor(ALL_ROLES, record);
                if (reading.standing() == Standing.KEYED) {
                    assertEquals(own.key(asStored), reading.rule().key(record), own.getName());
                    assertArrayEquals(own.otherKeys(asStored), reading.rule().otherKeys(record), own.getName());
                } else {
                    assertEquals(Standing.WITHOUT_KEYS, reading.standing(), own.getName());
                    assertNull(own.key(asStored), own.getName());
                }
            }
            keyed += reading.standing() == Standing.KEYED ? 1 : 0;
            withoutKeys += reading.standing() == Standing.WITHOUT_KEYS ? 1 : 0;
        }
        assertTrue(keyed >= 5 && withoutKeys >= 5, keyed + " keyed, " + withoutKeys + " without keys");
        final RuleReading fallback = RuleReading.of("last_name/first_name~phonetic+birth_date", SOME_ROLES);
        assertEquals(Standing.KEYED, fallback.standing());
        assertEquals(Standing.WITHOUT_KEYS, RuleReading.of("last_name/first_name~phonetic+birth_date",
                List.of(MatchField.of(Role.EMAIL), MatchField.of(Role.BIRTH_DATE))).standing());
    }

    /** A Key Rule's pass is read over the fields it names, in any order the matcher has them; an unknown name is not guessed at. */
    @Test
    void aKeyRulesPassIsReadOverTheFieldsItNames() {
        final List<MatchField> owners = List.of(MatchField.of(Role.EMAIL), MatchField.of(Role.PHONE), MatchField.of(Role.LAST_NAME));
        final Matcher owner = new Matcher(owners, MatchSettings.defaults(), "US", KeyRule.parseAll("email+phone", owners));
        final BlockingRule own = owner.getBlockingRules().getLast();
        assertEquals("key:email+phone", own.getName());

        final List<MatchField> others = List.of(MatchField.of(Role.PHONE), MatchField.of(Role.FIRST_NAME), MatchField.of(Role.EMAIL));
        final RuleReading reading = RuleReading.of(own.getName(), others);
        assertEquals(Standing.KEYED, reading.standing());
        assertEquals(own.key(new String[] {"bob@example.com", "4155550101", null}), reading.rule().key(new String[] {"4155550101", "robert", "bob@example.com"}));

        assertEquals(Standing.WITHOUT_KEYS, RuleReading.of(own.getName(), List.of(MatchField.of(Role.EMAIL))).standing());
        assertEquals(Standing.UNKNOWN, RuleReading.of("mobile", others).standing());
        assertEquals(Standing.UNKNOWN, RuleReading.of("key:", others).standing());
        assertEquals(Standing.UNKNOWN, RuleReading.of("key:email++phone", others).standing());
    }

    /**
     * A Key Rule's pass over a company name is named with {@code ~read} and read so by another matcher; the names of
     * the passes earlier versions keyed the company under ({@code key:company+postal_code} as it is, {@code
     * key:company~joined+postal_code} before entities' words were read) are unknown, passes renamed, left behind as the
     * automatic {@code company} and {@code company~joined} passes are; {@code ~read} on a field that holds no company name
     * is no pass of any version.
     */
    @Test
    void aKeyRulesPassOverACompanyNameIsReadWithTheNameWrittenOneWay() {
        final List<MatchField> owners = List.of(MatchField.of(Role.COMPANY), MatchField.of(Role.POSTAL_CODE));
        final BlockingRule own = new Matcher(owners, MatchSettings.defaults(), "ES", KeyRule.parseAll("company + postal_code", owners))
                .getBlockingRules().getLast();
        assertEquals("key:company~read+postal_code", own.getName());

        final List<MatchField> others = List.of(MatchField.of(Role.POSTAL_CODE), MatchField.of(Role.CITY), MatchField.of(Role.COMPANY));
        final RuleReading reading = RuleReading.of(own.getName(), others);
        assertEquals(Standing.KEYED, reading.standing());
        assertEquals(own.key(new String[] {"roca and ruiz", "50001"}), reading.rule().key(new String[] {"50001", "zaragoza", "roca y ruiz"}));
        assertEquals(own.key(new String[] {"kamlit and venvel", "50001"}), reading.rule().key(new String[] {"50001", "zaragoza", "kamlit and amp venvel"}));

        assertEquals(Standing.UNKNOWN, RuleReading.of("key:company+postal_code", others).standing());
        assertEquals(Standing.UNKNOWN, RuleReading.of("key:company~joined+postal_code", others).standing());
        assertEquals(Standing.UNKNOWN, RuleReading.of("key:postal_code~read", others).standing());
        assertEquals(Standing.UNKNOWN, RuleReading.of("company~joined", others).standing());
        assertEquals(Standing.WITHOUT_KEYS, RuleReading.of(own.getName(), List.of(MatchField.of(Role.POSTAL_CODE))).standing());
    }

    /** A record's keys in the order of {@link #SOME_ROLES}. */
    private static String[] keys(final String... keys) {
        return keys;
    }

    /** The keys of a record of {@link #SOME_ROLES} as a store hands them to a matcher of other fields: by field name. */
    private static String[] asStoredFor(final List<MatchField> fields, final String[] record) {
        final List<String> names = new ArrayList<>();
        SOME_ROLES.forEach(field -> names.add(field.name()));
        final String[] stored = new String[fields.size()];
        for (int slot = 0; slot < fields.size(); slot++) {
            final int position = names.indexOf(fields.get(slot).name());
            stored[slot] = position < 0 ? null : record[position];
        }
        return stored;
    }
}
