package dev.nificrm.match;

import dev.nificrm.testing.ThreadAllocation;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Doubles written with fixed decimals read exactly as the Formatter writes them, ties, carries and signs included. */
class FixedDecimalsTest {
    private static final double[] SPECIAL = {0.0, -0.0, 0.05, -0.05, 0.15, 0.25, 0.35, 0.45, 0.95, -0.95, 9.95, 99.95, 999.9999, 0.0005,
        0.00049999, 0.001, 0.0015, 0.0009999, 1.0005, 2.675, 1e7, 9_999_999.95, 1e-3, 1e-4, 123456.789, Double.MIN_VALUE, Double.MAX_VALUE,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.9999995, 0.9995, 0.99999999, 1 / 3.0, 2 / 3.0};

    @Test
    void writesAsTheFormatterDoes() {
        for (final double value : SPECIAL) {
            assertSame(value);
            assertSame(-value);
        }
        final SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 40_000; i++) {
            // weights in bits, probabilities, decimals on a tie, and any double
            assertSame((random.nextDouble() - 0.5) * 200);
            assertSame(random.nextDouble());
            assertSame(random.nextInt(-20_000, 20_000) / 2000.0);
            assertSame(random.nextInt(-20_000, 20_000) / 20.0);
            assertSame(Double.longBitsToDouble(random.nextLong()));
        }
    }

    /**
     * An explanation's weights and probabilities are written into its builder without a String of their digits (h249):
     * 10,000 weights, before 1.3 MB ({@link Double#toString} and the digits' array per value), now nothing.
     */
    @Test
    void writesIntoTheBuilderWithoutAllocating() {
        final StringBuilder builder = new StringBuilder(64);
        // what StringBuilder.append(double) itself allocates on this JDK for the same values: nothing from JDK 25 on,
        // a String of the digits before; the build runs on 25, so there the bound is the 100 KB alone
        final long[] length = {0};
        final long appendAlone = ThreadAllocation.leastOf(3, () -> {
            for (int i = 0; i < 10_000; i++) {
                builder.setLength(0);
                builder.append(Math.abs((i - 5_000) / 37.0));
                length[0] += builder.length();
            }
        });
        // the fewest bytes of three rounds: the first runs before the JIT compiled the code, and a compilation or
        // deoptimisation landing in a later one counts no more than the quietest
        final long allocated = ThreadAllocation.leastOf(3, () -> {
            for (int i = 0; i < 10_000; i++) {
                builder.setLength(0);
                FixedDecimals.append(builder, (i - 5_000) / 37.0, 1, true);
                length[0] += builder.length();
            }
        });
        assertTrue(length[0] > 0);
        assertTrue(allocated < appendAlone + 100_000, "allocated " + allocated + " bytes for 10,000 weights (StringBuilder.append(double) alone "
                + appendAlone + ")");
    }

    private static void assertSame(final double value) {
        for (int decimals = 0; decimals <= 4; decimals++) {
            final StringBuilder signed = new StringBuilder("x");
            FixedDecimals.append(signed, value, decimals, true);
            assertEquals("x" + String.format(Locale.ROOT, "%+." + decimals + "f", value), signed.toString(), () -> Double.toString(value));
            final StringBuilder plain = new StringBuilder();
            FixedDecimals.append(plain, value, decimals, false);
            assertEquals(String.format(Locale.ROOT, "%." + decimals + "f", value), plain.toString(), () -> Double.toString(value));
        }
    }
}
