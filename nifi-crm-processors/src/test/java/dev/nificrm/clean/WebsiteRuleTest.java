package dev.nificrm.clean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebsiteRuleTest {
    private final WebsiteRule rule = new WebsiteRule();

    @ParameterizedTest
    @CsvSource({
            "http://www.rosales-molina.com/, http://www.rosales-molina.com",
            "https://www.myers-mendez.biz/, https://www.myers-mendez.biz",
            "HTTP://WWW.Example.COM/About, http://www.example.com/About",
            "www.example.com, https://www.example.com",
            "example.com/path?q=A#Top, https://example.com/path?q=A#Top",
            "//example.com, https://example.com",
            "example.com:8080/, https://example.com:8080",
            "http://192.168.1.10/, http://192.168.1.10",
            "https://bücher.de, https://bücher.de"
    })
    void normalisesAddresses(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    @ParameterizedTest
    @CsvSource({
            "example.com., https://example.com",
            "https://www.example.com./, https://www.example.com",
            "http://example.com.:8080/a, http://example.com:8080/a",
            "example.com.?q=1, https://example.com?q=1",
            "example.com//, https://example.com",
            "https://example.com/?, https://example.com",
            "https://example.com/#, https://example.com",
            "https://example.com/about/, https://example.com/about/"
    })
    void dropsATrailingDotAfterTheHostAndEmptyEndings(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "US");
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    @ParameterizedTest
    @CsvSource({
            "not a site, contains a space",
            "ftp://example.com, not an http or https address",
            "localhost, host has no dot",
            "http://, no host",
            "example.c, invalid top-level domain",
            "exa_mple.com, invalid character in host",
            "-example.com, invalid host",
            "example.com:http, invalid port",
            "user@example.com, contains a user name"
    })
    void rejectsInvalidAddresses(final String input, final String reason) {
        final CleanResult result = rule.clean(input, "US");
        assertFalse(result.isValid());
        assertEquals(reason, result.getReason());
    }

    @ParameterizedTest
    @CsvSource({"www., host has no dot", "https://intranet./, host has no dot", "localhost.:8080, host has no dot"})
    void rejectsAHostWhoseOnlyDotIsItsTrailingOne(final String input, final String reason) {
        // www. was cleaned to https://www, which the rule itself rejects when it meets it again
        assertEquals(reason, rule.clean(input, "US").getReason());
    }
}
