package dev.nificrm.clean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void saysAFloatOfEightDigitsOrMoreHoldsDigitsOfItsOwn() {
        // 4155550100 and 4155550200 are one float; 19800115 is the float 19800116
        assertEquals(4155550100.0f, 4155550200.0f);
        assertEquals(19800116.0f, 19800115.0f);
        for (final Number number : new Number[] {4155550100.0f, 19800115.0f, 1.0E7f, -1.7053146E12f}) {
            assertTrue(NumberDigits.isFloatBeyondItsDigits(number), number::toString);
        }
        for (final Number number : new Number[] {9999999.0f, 45234.5f, 2134.0f, 4155550100.0, 4155550100L, Float.POSITIVE_INFINITY, Float.NaN}) {
            assertFalse(NumberDigits.isFloatBeyondItsDigits(number), number::toString);
        }
    }
}
