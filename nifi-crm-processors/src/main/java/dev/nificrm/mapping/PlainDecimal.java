package dev.nificrm.mapping;

import java.io.Serial;
import java.math.BigDecimal;

/**
 * A decimal whose text is plain, as a person and a CRM's import write it: {@code 0.0000001}, never {@code 1E-7}.
 * {@link BigDecimal#toString()} uses an exponent for numbers below 1e-6, and NiFi's CSV and JSON record writers write a decimal
 * with it, so a written decimal field holds this type. It equals, compares and hashes as the BigDecimal it is.
 */
final class PlainDecimal extends BigDecimal {
    @Serial
    private static final long serialVersionUID = 1L;

    private PlainDecimal(final BigDecimal decimal) {
        super(decimal.unscaledValue(), decimal.scale());
    }

    /** The decimal, written plainly. */
    static PlainDecimal of(final BigDecimal decimal) {
        return decimal instanceof PlainDecimal plain ? plain : new PlainDecimal(decimal);
    }

    @Override
    public String toString() {
        return toPlainString();
    }
}
