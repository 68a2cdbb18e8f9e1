package dev.nificrm.clean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

class StateRuleTest {
    private final StateRule rule = new StateRule();

    @ParameterizedTest
    @CsvSource({
            "new york, US, NY", "NY, US, NY", "ny, US, NY", "California, US, CA", "District of Columbia, US, DC", "Washington D.C., US, DC",
            "Ontario, CA, ON", "Québec, CA, QC", "qc, CA, QC", "Newfoundland, CA, NL",
            "New South Wales, AU, NSW", "nsw, AU, NSW", "Victoria, AU, VIC", "Tas, AU, TAS"
    })
    void resolvesToPostalAbbreviations(final String input, final String region, final String expected) {
        assertEquals(expected, rule.clean(input, region).getValue());
    }

    @ParameterizedTest
    @CsvSource({"Ontario, US", "ZZ, US", "Bavaria, AU"})
    void rejectsStatesOfOtherCountries(final String input, final String region) {
        final CleanResult result = rule.clean(input, region);
        assertFalse(result.isValid());
        assertEquals("not a state or province of " + region, result.getReason());
    }

    @ParameterizedTest
    @CsvSource({"Bayern, DE", "Île-de-France, FR"})
    void leavesStatesOfOtherCountriesAlone(final String input, final String region) {
        assertSame(input, rule.clean(input, region).getValue());
    }
}
