package dev.nificrm.clean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NumberDigitsTest {
    @Test
    void readsTheTextJavaWritesOfADoubleAsThatDouble() {
        for (final double value : new double[] {1705314600000.0, 86400000.0, 1.0E7, 4155550100.0, 1.70531E12, 1.728E12, 12345678.9, 4.0E9}) {
            assertEquals(NumberDigits.of(value), NumberDigits.ofJavaDouble(Double.toString(value)), () -> Double.toString(value));
        }
        assertEquals("1705314600000", NumberDigits.ofJavaDouble("1.7053146E12"));
        assertEquals("86400000", NumberDigits.ofJavaDouble("8.64E7"));
        assertEquals("1.70531E+12", NumberDigits.ofJavaDouble("1.70531E12"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.7053146E+12", "1.70531e12", "17053146E5", "1.E12", "1.7053146E", "0.5E7", "-1.7053146E12", "1.7053146E12 ",
            "1705314600000.0", "1705314600000", "2024-01-15", "4.155550100E9", "1.70531460E12"})
    void leavesEveryOtherTextToTheRules(final String value) {
        assertNull(NumberDigits.ofJavaDouble(value));
    }
}
