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
        if (!Double.isFinite(value)) {
            formatted(builder, value, decimals, plus);
            return;
        }
        final int start = builder.length();
        // the Formatter's sign: negative below zero and for -0.0
        if (Double.compare(value, 0.0) < 0) {
            builder.append('-');
        } else if (plus) {
            builder.append('+');
        }
        // the digits of Double.toString written into the builder itself (no String of them), then cut and rounded there
        final int from = builder.length();
        builder.append(Math.abs(value));
        final int end = builder.length();
        int point = -1;
        for (int i = from; i < end; i++) {
            final char c = builder.charAt(i);
            if (c == 'E') {
                builder.setLength(start);
                formatted(builder, value, decimals, plus);
                return;
            }
            if (c == '.') {
                point = i;
            }
        }
        // rounded half up on the first digit dropped
        final int dropped = point + 1 + decimals;
        boolean carry = dropped < end && builder.charAt(dropped) >= '5';
        if (dropped <= end) {
            builder.setLength(decimals > 0 ? dropped : point);
        } else {
            builder.repeat('0', dropped - end);
        }
        for (int i = builder.length() - 1; carry && i >= from; i--) {
            final char digit = builder.charAt(i);
            if (digit == '9') {
                builder.setCharAt(i, '0');
            } else if (digit != '.') {
                builder.setCharAt(i, (char) (digit + 1));
                carry = false;
            }
        }
        if (carry) {
            builder.insert(from, '1');
        }
    }

    private static void formatted(final StringBuilder builder, final double value, final int decimals, final boolean plus) {
        new Formatter(builder, Locale.ROOT).format(plus ? "%+." + decimals + "f" : "%." + decimals + "f", value);
    }
}
