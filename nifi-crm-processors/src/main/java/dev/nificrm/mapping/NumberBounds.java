package dev.nificrm.mapping;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * The least and greatest number a target takes, such as a Dataverse column's MinValue and MaxValue (an account's
 * {@code numberofemployees} takes 0 to 1,000,000,000): a converted number outside them is refused here, with a reason that
 * names the bounds, instead of by the target at the load. Either bound may be absent.
 * <p>
 * Immutable; built once per field when the mapping is compiled, its reason too.
 */
final class NumberBounds {
    private final BigDecimal minimum;
    private final BigDecimal maximum;
    private final String takes;
    private final String outside;

    private NumberBounds(final BigDecimal minimum, final BigDecimal maximum) {
        this.minimum = minimum;
        this.maximum = maximum;
        this.takes = minimum == null ? "at most " + text(maximum)
                : maximum == null ? text(minimum) + " or more"
                : text(minimum) + " to " + text(maximum);
        this.outside = minimum == null ? "above " + text(maximum)
                : maximum == null ? "below " + text(minimum)
                : "outside " + takes;
    }

    /**
     * The bounds given, either of them null.
     *
     * @throws IllegalArgumentException when both are null, or the minimum is above the maximum
     */
    static NumberBounds of(final BigDecimal minimum, final BigDecimal maximum) {
        if (minimum == null && maximum == null) {
            throw new IllegalArgumentException("no bound is given");
        }
        if (minimum != null && maximum != null && minimum.compareTo(maximum) > 0) {
            throw new IllegalArgumentException("\"minimum\" " + minimum.toPlainString() + " is above \"maximum\" " + maximum.toPlainString()
                    + "; no value could be written");
        }
        return new NumberBounds(minimum, maximum);
    }

    /** Whether a converted number (Integer, Long, Double, BigDecimal) is within the bounds, both included. */
    boolean holds(final Number number) {
        if (number instanceof Double || number instanceof Float) {
            final double given = number.doubleValue();
            if (Double.isNaN(given) || Double.isInfinite(given)) {
                return false;
            }
        }
        final BigDecimal value = number instanceof BigDecimal decimal ? decimal
                : number instanceof Double || number instanceof Float ? BigDecimal.valueOf(number.doubleValue())
                : BigDecimal.valueOf(number.longValue());
        return (minimum == null || value.compareTo(minimum) >= 0) && (maximum == null || value.compareTo(maximum) <= 0);
    }

    /** How an operator's field says a value is outside: {@code outside 0 to 1,000}, {@code below 1.5}, {@code above 5}. */
    String outside() {
        return outside;
    }

    /** What a preset's target takes, as its reason says it: {@code 0 to 1,000,000}, {@code 0 or more}, {@code at most 5}. */
    String takes() {
        return takes;
    }

    private static String text(final BigDecimal bound) {
        final DecimalFormat format = new DecimalFormat("#,##0.##########", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(bound);
    }
}
