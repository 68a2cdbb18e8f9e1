package dev.nificrm.match;

import dev.nificrm.roles.Role;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A free-mail host written as a company's website (small businesses do) is nobody's website: no evidence. */
class FreeMailWebsiteTest {
    private final ComparisonKeys keys = new ComparisonKeys("US");

    @Test
    void freeMailHostsAreMissingWebsites() {
        assertNull(keys.normalise(Role.WEBSITE, "gmail.com"));
        assertNull(keys.normalise(Role.WEBSITE, "https://www.outlook.com"));
        assertNull(keys.normalise(Role.WEBSITE, "jonesbakery@yahoo.co.uk"));
        assertEquals("acme.com", keys.normalise(Role.WEBSITE, "https://www.acme.com"));
    }

    @Test
    void twoShopsWhoseWebsiteIsGmailAreNotMerged() {
        final List<MatchField> fields = List.of(MatchField.of(Role.COMPANY), MatchField.of(Role.WEBSITE), MatchField.of(Role.CITY),
                MatchField.of(Role.POSTAL_CODE), MatchField.of(Role.COUNTRY));
        final Matcher matcher = new Matcher(fields, MatchSettings.defaults(), "US");
        final CandidateIndex index = matcher.newIndex();
        index.add(matcher.keys(new String[] {"Jones Bakery", "www.gmail.com", "Springfield", "62701", "US"}));
        index.add(matcher.keys(new String[] {"Jones Catering", "gmail.com", "Springfield", "62701", "US"}));
        index.add(matcher.keys(new String[] {"Joe's Pizza", "outlook.com", "Boston", "02110", "US"}));
        index.add(matcher.keys(new String[] {"Maria's Salon", "outlook.com", "Boston", "02110", "US"}));
        final MatchResult result = matcher.match(index);
        assertNotEquals(MatchOutcome.MATCHED, result.outcome(0), result.explanation(0));
        assertEquals(MatchOutcome.UNMATCHED, result.outcome(2), result.explanation(2));
    }
}
