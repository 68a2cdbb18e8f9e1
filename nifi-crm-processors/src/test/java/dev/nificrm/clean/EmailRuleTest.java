package dev.nificrm.clean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmailRuleTest {
    private final EmailRule rule = new EmailRule();

    @ParameterizedTest
    @CsvSource({
            "John.Doe@Example.COM, john.doe@example.com",
            "mailto:jane@example.org, jane@example.org",
            "MAILTO:jane@example.org, jane@example.org",
            "<jane@example.org>, jane@example.org",
            "first+tag@sub.example.co.uk, first+tag@sub.example.co.uk",
            "o'reilly@example.ie, o'reilly@example.ie",
            "zoë@exämple.de, zoë@exämple.de",
            "user@xn--bcher-kva.xn--p1ai, user@bücher.рф",
            "Ann Lee <Ann.Lee@Example.com>, ann.lee@example.com",
            "'\"Lee, Ann\" <ann.lee@example.com>', ann.lee@example.com",
            "mailto:Ann Lee <ann.lee@example.com>, ann.lee@example.com",
            "ann.lee@example.com., ann.lee@example.com",
            "İLKER@EXAMPLE.COM, ilker@example.com",
            // the zero-width non-joiner of a Persian mailbox's spelling (می‌خواهم), which the text rule keeps (RFC 6531)
            "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645@example.ir, \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645@example.ir"
    })
    void normalisesValidAddresses(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    @ParameterizedTest
    @CsvSource({
            "john.example.com, missing @",
            "a@b@example.com, more than one @",
            "john doe@example.com, contains a space",
            "@example.com, nothing before @",
            "john@, nothing after @",
            "john@example, domain has no dot",
            ".john@example.com, part before @ starts or ends with a dot",
            "jo..hn@example.com, two dots in a row",
            "jo(hn)@example.com, invalid character before @",
            "jo\u200Dhn@example.com, invalid character before @",
            "\u0627\u200C\u0628@example.com, invalid character before @",
            "john@exa_mple.com, invalid character in domain",
            "john@-example.com, domain label starts or ends with a hyphen",
            "john@example..com, empty domain label",
            "john@example.c, invalid top-level domain",
            "john@example.c0m, invalid top-level domain",
            "'john@example,com', domain has no dot",
            "ann@example.com <bob@example.com>, more than one @",
            "ann@example.com.., empty domain label"
    })
    void rejectsInvalidAddressesWithAReason(final String input, final String reason) {
        final CleanResult result = rule.clean(input, "US");
        assertFalse(result.isValid());
        assertEquals(reason, result.getReason());
    }

    @ParameterizedTest
    @CsvSource({"pwarner@example.org"})
    void keepsACleanAddressUnchanged(final String input) {
        final CleanResult result = rule.clean(input, "US");
        assertFalse(result.isChanged());
        assertSame(input, result.getValue());
    }
}
