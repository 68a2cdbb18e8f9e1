package dev.nificrm.match;

import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyRuleTest {
    private static final List<MatchField> ACCOUNT_FIELDS = List.of(MatchField.of(Role.COMPANY), MatchField.of(Role.EMAIL),
            MatchField.of(Role.PHONE), MatchField.of(Role.POSTAL_CODE), MatchField.of(Role.WEBSITE));
    private static final List<MatchField> PERSON_FIELDS = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME),
            MatchField.of(Role.EMAIL), MatchField.of(Role.CITY));

    /** Matches a few records as if they were among 5,000: the prior of a real export, not of three records. */
    private static MatchResult match(final Matcher matcher, final String[]... rows) {
        final CandidateIndex index = matcher.newIndex();
        for (final String[] row : rows) {
            index.add(matcher.keys(row));
        }
        return matcher.match(index, MatchContext.forInput(rows.length).withStatistics(null, 5_000));
    }

    @Test
    void parsesRulesAndNamesTheFieldThatIsNotMatched() {
        final List<KeyRule> rules = KeyRule.parseAll(" email ;company + Postal Code;; ", ACCOUNT_FIELDS);
        assertEquals(List.of("email", "company+postal_code"), rules.stream().map(KeyRule::name).toList());
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> KeyRule.parseAll("email; domain + phone", ACCOUNT_FIELDS));
        assertTrue(error.getMessage().contains("'domain + phone' names 'domain'"), error.getMessage());
        final IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> KeyRule.parseAll("email;+", ACCOUNT_FIELDS));
        assertTrue(none.getMessage().contains("'+' names no field"), none.getMessage());
    }

    @Test
    void theSameEmailLinksRecordsWhateverTheirScoreAndSaysSo() {
        final Matcher matcher = new Matcher(PERSON_FIELDS, MatchSettings.defaults(), "US", KeyRule.parseAll("email", PERSON_FIELDS));
        final MatchResult result = match(matcher,
                new String[] {"Robert", "Smith", "r.smith@example.com", "Boston"},
                new String[] {null, null, "R.Smith+news@Example.com", "Chicago"},
                new String[] {"Wei", "Chen", "wei@chen.net", "Boston"});
        assertEquals(result.clusterId(0), result.clusterId(1), "one email, one person, though the city differs and the name is missing");
        assertEquals(MatchOutcome.MATCHED, result.outcome(1));
        assertEquals(1.0, result.bestProbability(1));
        assertTrue(result.explanation(1).startsWith("key rule email → 1.000; "), result.explanation(1));
        assertEquals(MatchOutcome.UNMATCHED, result.outcome(2));

        final Matcher withoutRule = new Matcher(PERSON_FIELDS, MatchSettings.defaults(), "US");
        final MatchResult scored = match(withoutRule,
                new String[] {"Robert", "Smith", "r.smith@example.com", "Boston"},
                new String[] {null, null, "R.Smith+news@Example.com", "Chicago"},
                new String[] {"Wei", "Chen", "wei@chen.net", "Boston"});
        assertNotEquals(scored.clusterId(0), scored.clusterId(1), "the score alone would not link them");
    }

    @Test
    void aSharedAddressNeverLinksCustomersWhoseNamesDiffer() {
        final Matcher matcher = new Matcher(ACCOUNT_FIELDS, MatchSettings.defaults(), "US", KeyRule.parseAll("email", ACCOUNT_FIELDS));
        final MatchResult result = match(matcher,
                new String[] {"Acme Holding Inc.", "info@shared-office.com", "(415) 555-0100", "94105", "acme.com"},
                new String[] {"Globex Corporation", "info@shared-office.com", "(312) 555-0188", "60601", "globex.com"});
        assertNotEquals(result.clusterId(0), result.clusterId(1));
        assertTrue(!result.explanation(0).startsWith("key rule"), result.explanation(0));

        final Matcher withoutCompany = new Matcher(ACCOUNT_FIELDS.subList(1, ACCOUNT_FIELDS.size()), MatchSettings.defaults(), "US",
                KeyRule.parseAll("email", ACCOUNT_FIELDS.subList(1, ACCOUNT_FIELDS.size())));
        final MatchResult blind = match(withoutCompany,
                new String[] {"info@shared-office.com", "(415) 555-0100", "94105", "acme.com"},
                new String[] {"info@shared-office.com", "(312) 555-0188", "60601", "globex.com"});
        assertEquals(blind.clusterId(0), blind.clusterId(1), "only the company names tell them apart");
    }

    @Test
    void theChainingGuardKeepsAThirdCompanyOutOfAClusterLinkedByASharedKey() {
        final Matcher matcher = new Matcher(ACCOUNT_FIELDS, MatchSettings.defaults(), "US", KeyRule.parseAll("email", ACCOUNT_FIELDS));
        final MatchResult result = match(matcher,
                new String[] {"Acme Holding Inc.", "info@shared-office.com", null, null, null},
                new String[] {null, "info@shared-office.com", "(415) 555-0100", null, null},
                new String[] {"Globex Corporation", "info@shared-office.com", null, null, null});
        assertEquals(result.clusterId(0), result.clusterId(1), "the record without a company joins the first through the key");
        assertNotEquals(result.clusterId(0), result.clusterId(2), "Acme and Globex stay apart although each shares the key with record 1");
        assertEquals(MatchOutcome.REVIEW, result.outcome(2), "held apart: a person should look");
    }

    @Test
    void aRuleOfSeveralFieldsNeedsThemAllEqual() {
        final Matcher matcher = new Matcher(ACCOUNT_FIELDS, MatchSettings.defaults(), "US",
                KeyRule.parseAll("company + postal_code", ACCOUNT_FIELDS));
        final MatchResult result = match(matcher,
                new String[] {"Northwind Traders Inc.", null, "(206) 555-0100", "98101", null},
                new String[] {"NORTHWIND TRADERS LLC", null, "(206) 555-0199", "98101", null},
                new String[] {"Northwind Traders", null, null, "10001", null});
        assertEquals(result.clusterId(0), result.clusterId(1));
        assertTrue(result.explanation(1).startsWith("key rule company+postal_code"), result.explanation(1));
        assertTrue(!result.explanation(2).startsWith("key rule"), "another postal code: the rule does not apply");
    }

    /**
     * A rule naming a company name holds it equal as the name's key writes it now: a key stored before and in the other
     * languages read was written {@code and} ({@code roca y ruiz}) and the key of the name made since ({@code roca and
     * ruiz}) are one name to the rule and share its pass's block, as are a key stored before HTML entities were read
     * ({@code kamlit and amp venvel}) and the key of the name now ({@code kamlit and venvel}); the pass is named for it
     * ({@code key:company~read+postal_code}), so a store keys its customers under it once. Another name, or another postal
     * code, is still no link; a rule on other fields keeps its name.
     */
    @Test
    void aRuleNamingACompanyReadsAKeyStoredBeforeAsTheKeyOfTheNameNow() {
        final KeyRule rule = KeyRule.parseAll("company + postal_code", ACCOUNT_FIELDS).getFirst();
        final Matcher matcher = new Matcher(ACCOUNT_FIELDS, MatchSettings.defaults(), "ES", List.of(rule));
        final String[] since = matcher.keys(new String[] {"Roca y Ruiz S.L.", null, null, "50001", null});
        assertEquals("roca and ruiz", since[0]);
        final String[] storedBefore = since.clone();
        storedBefore[0] = "roca y ruiz";
        assertTrue(rule.matches(storedBefore, since));
        assertTrue(rule.matches(since, storedBefore));
        final String[] otherName = since.clone();
        otherName[0] = "roca y perez";
        assertTrue(!rule.matches(storedBefore, otherName) && !rule.matches(otherName, since));
        final String[] otherCode = since.clone();
        otherCode[3] = "50002";
        assertTrue(!rule.matches(storedBefore, otherCode));

        final BlockingRule pass = matcher.getBlockingRules().getLast();
        assertEquals("key:company~read+postal_code", pass.getName());
        assertEquals(pass.key(since), pass.key(storedBefore));
        final String[] escapedSince = matcher.keys(new String[] {"Kamlit &amp; Venvel S.L.", null, null, "50001", null});
        assertEquals("kamlit and venvel", escapedSince[0]);
        final String[] escapedBefore = escapedSince.clone();
        escapedBefore[0] = "kamlit and amp venvel";
        assertTrue(rule.matches(escapedBefore, escapedSince) && rule.matches(escapedSince, escapedBefore));
        assertEquals(pass.key(escapedSince), pass.key(escapedBefore));
        assertEquals("key:email+phone", new Matcher(ACCOUNT_FIELDS, MatchSettings.defaults(), "ES",
                KeyRule.parseAll("email + phone", ACCOUNT_FIELDS)).getBlockingRules().getLast().getName());
    }
}
