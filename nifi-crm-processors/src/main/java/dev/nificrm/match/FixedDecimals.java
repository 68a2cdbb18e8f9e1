package dev.nificrm.match;

import java.util.Formatter;
import java.util.Locale;

/**
 * Writes a double with a fixed number of decimals exactly as {@code String.format(Locale.ROOT, "%.Nf")} (or
 * {@code "%+.Nf"}) does, without a {@link Formatter}: the Formatter rounds the shortest decimal that identifies the
 * double (the digits of {@link Double#toString}) half up to N decimals, and so does this. Values {@link Double#toString}
 * writes in scientific notation (below 10^-3 or from 10^7 on), NaN and the infinities go to a Formatter.
 */
final class FixedDecimals {
    private FixedDecimals() {
    }

    /**
     * Appends {@code value} with {@code decimals} decimals; with {@code plus}, a positive value (zero included) gets a
     * leading {@code +}, as the Formatter's {@code +} flag gives it.
     */
    static void append(final StringBuilder builder, final double value, final int decimals, final boolean plus) {
        final String shortest = Double.toString(Math.abs(value));
        if (!Double.isFinite(value) || shortest.indexOf('E') >= 0) {
            new Formatter(builder, Locale.ROOT).format(plus ? "%+." + decimals + "f" : "%." + decimals + "f", value);
            return;
        }
        // the Formatter's sign: negative below zero and for -0.0
        if (Double.compare(value, 0.0) < 0) {
            builder.append('-');
        } else if (plus) {
            builder.append('+');
        }
        final int point = shortest.indexOf('.');
        // the digits kept, without the point, then rounded half up on the first digit dropped
        final char[] digits = new char[point + decimals];
        shortest.getChars(0, point, digits, 0);
        for (int i = 0; i < decimals; i++) {
            final int at = point + 1 + i;
            digits[point + i] = at < shortest.length() ? shortest.charAt(at) : '0';
        }
        final int dropped = point + 1 + decimals;
        boolean carry = dropped < shortest.length() && shortest.charAt(dropped) >= '5';
        for (int i = digits.length - 1; carry && i >= 0; i--) {
            if (digits[i] == '9') {
                digits[i] = '0';
            } else {
                digits[i]++;
                carry = false;
            }
        }
        if (carry) {
            builder.append('1');
        }
        builder.append(digits, 0, point);
        if (decimals > 0) {
            builder.append('.').append(digits, point, decimals);
        }
    }
}
