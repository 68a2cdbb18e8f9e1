package dev.nificrm.clean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class CountryRuleTest {
    private final CountryRule rule = new CountryRule();

    @ParameterizedTest
    @CsvSource({
            "US, US", "us, US", "USA, US", "U.S.A., US", "United States, US", "United States of America, US", "america, US",
            "UK, GB", "United Kingdom, GB", "Great Britain, GB", "England, GB", "GBR, GB",
            "Deutschland, DE", "Germany, DE", "DEU, DE", "Allemagne, DE",
            "Holland, NL", "The Netherlands, NL", "Nederland, NL",
            "Côte d’Ivoire, CI", "COTE D'IVOIRE, CI", "Ivory Coast, CI",
            "España, ES", "Espana, ES", "Österreich, AT", "Schweiz, CH", "Suisse, CH",
            "South Korea, KR", "Russia, RU", "Czech Republic, CZ", "Türkiye, TR", "Turkey, TR",
            "Bosnia & Herzegovina, BA", "Bosnia and Herzegovina, BA", "St. Lucia, LC", "Saint Lucia, LC",
            "Myanmar, MM", "Burma, MM", "Hong Kong, HK", "Australia, AU", "Canada, CA", "CAN, CA"
    })
    void resolvesToAlpha2(final String input, final String expected) {
        assertEquals(expected, rule.clean(input, "US").getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Atlantis", "XX", "Moon base", "Narnia"})
    void rejectsUnknownCountries(final String input) {
        final CleanResult result = rule.clean(input, "US");
        assertFalse(result.isValid());
        assertEquals("unknown country", result.getReason());
    }
}
