package dev.nificrm.clean;

import java.math.BigDecimal;

/**
 * The digits of a number a reader typed or a program wrote, for the rules that read values of digits (phone, postal
 * code, dates): a long's digits ({@code 2134}), a double's whole number ({@code 4155550100} of 4.1555501E9,
 * {@code 1705314600000} of 1.7053146E12), or, where the double does not hold every digit of the number it stands for,
 * its scientific notation ({@code 4.41236E+11}), for the rule to reject as {@link PhoneRule#DIGITS_LOST} rather than read
 * zeros in place of the lost digits. MatchCRMRecord writes the floating-point numbers it reads as keys so too.
 */
public final class NumberDigits {
    /** Excel shows 6 significant digits in scientific notation (4.41236E+11): a double of a long number with no more lost the rest. */
    private static final int SPREADSHEET_SIGNIFICANT_DIGITS = 6;
    /**
     * The fewest integer digits Excel's General format, which its CSV export writes, shows in scientific notation
     * (441235550100 → 4.41236E+11); shorter numbers it writes in full, so a double of fewer digits ending in zeros
     * (12000000.0, a JSON 1.2E7, a phone 1.13E9) is the number it says.
     */
    private static final int LONG_NUMBER_DIGITS = 12;
    /** A float holds about 7 significant digits: those of a longer integer are the float's, not the number's. */
    private static final int FLOAT_DIGITS = 7;
    /** The smallest float of more integer digits than {@link #FLOAT_DIGITS}. */
    private static final float FLOAT_BEYOND_ITS_DIGITS = 1.0E7f;
    /**
     * Why a float of more digits than a float holds is no value to read: a reader typed the number so (a CSVReader that
     * infers its schema reads {@code 1705314600000.0} as the float 1705314615296), and the text holds every digit.
     */
    static final String FLOAT_DIGITS_LOST = "a number the reader typed as a floating-point value, whose digits may be lost: "
            + "read this column as a string (in CSVReader, a schema that types it as a string)";

    private NumberDigits() {
    }

    /**
     * The digits of a number: {@code 2134}, {@code 4155550100}, {@code 1130000000} of a double 1.13E9. A double or float
     * that does not hold every digit of its integer ({@code 4.41236E11}, a spreadsheet's display of 441235550100 read
     * back: twelve digits or more in at most six significant ones; a float's ten digits) is written in scientific
     * notation instead, {@code 4.41236E+11}, so that the rule sees the digits are missing rather than reading zeros in
     * their place.
     */
    public static String of(final Number number) {
        if ((number instanceof Double || number instanceof Float) && !Double.isFinite(number.doubleValue())) {
            // 1e400 reads as infinity: no digits to keep, and the rule then rejects the text with the field's name
            return number.toString();
        }
        if (number instanceof Double || number instanceof Float || number instanceof BigDecimal) {
            final BigDecimal decimal = new BigDecimal(number.toString());
            final BigDecimal stripped = decimal.stripTrailingZeros();
            if (stripped.scale() < 0 && !(number instanceof BigDecimal)) {
                final int integerDigits = stripped.precision() - stripped.scale();
                if (number instanceof Float ? integerDigits > FLOAT_DIGITS
                        : integerDigits >= LONG_NUMBER_DIGITS && stripped.precision() <= SPREADSHEET_SIGNIFICANT_DIGITS) {
                    return stripped.toString();
                }
            }
            return stripped.scale() <= 0 ? decimal.toBigInteger().toString() : decimal.toPlainString();
        }
        return number.toString();
    }

    /**
     * Whether a number is a float of more integer digits than a float holds, 8 or more: a float keeps about 7 significant
     * digits, so its others are the float's ({@code 4155550100.0} and {@code 4155550200.0} are the one float 4155550208,
     * {@code 19800115.0} is 19800116), not the number the reader read. A double holds 15.
     */
    public static boolean isFloatBeyondItsDigits(final Number number) {
        return number instanceof Float value && Float.isFinite(value) && Math.abs(value) >= FLOAT_BEYOND_ITS_DIGITS;
    }

    /**
     * The digits of a value written as Java writes a double of ten million or more, as {@link #of} gives those of that
     * double; null for any other value. Java writes one digit, a point, the other digits without trailing zeros (but
     * the one of {@code 4.0E9}),
     * {@code E} and the exponent without a sign ({@code 1.7053146E12}, {@code 8.64E7}): what NiFi's record readers make of
     * a JSON number 1705314600000.0 in a field their schema types as a string, and NiFi's record writers write of a
     * double. No spreadsheet writes it: their exponents have a sign ({@code 1.70531E+12}). A double holds every digit of
     * a whole number below 2^53, and Java writes the fewest that name it, so {@code 1.7053146E12} is exactly
     * 1705314600000; {@code 1.70531E12} (twelve digits or more in six significant ones) may be a spreadsheet's display
     * read as a double, and comes back in scientific notation as the double would.
     */
    static String ofJavaDouble(final String value) {
        final int length = value.length();
        if (length < 5 || value.charAt(0) < '1' || value.charAt(0) > '9' || value.charAt(1) != '.') {
            return null;
        }
        int i = 2;
        while (i < length && isDigit(value.charAt(i))) {
            i++;
        }
        if (i == 2 || i >= length - 1 || value.charAt(i) != 'E') {
            return null;
        }
        if (i > 3 && value.charAt(i - 1) == '0') {
            // Java writes the fewest digits, no trailing zero but the one of 4.0E9: 4.155550100E9 is another program's
            return null;
        }
        for (int j = i + 1; j < length; j++) {
            if (!isDigit(value.charAt(j))) {
                return null;
            }
        }
        return of(Double.valueOf(value));
    }

    /**
     * The digits of a whole number written with a fraction of zeros ({@code 2134.0}, {@code 2134.00}): how Java writes a
     * double below ten million (a JSON 2134.0 a reader with a schema of strings wrote as text, a CSV NiFi wrote from
     * doubles) and a spreadsheet a number column with decimals; null for any other value.
     */
    static String ofWholeDecimal(final String value) {
        final int point = value.indexOf('.');
        if (point <= 0 || point == value.length() - 1 || !isAllDigits(value.substring(0, point))) {
            return null;
        }
        for (int i = point + 1; i < value.length(); i++) {
            if (value.charAt(i) != '0') {
                return null;
            }
        }
        return value.substring(0, point);
    }

    /** Whether a value is ASCII digits only (what {@link #of} and {@link #ofJavaDouble} give of a whole number). */
    static boolean isAllDigits(final String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!isDigit(value.charAt(i))) {
                return false;
            }
        }
        return !value.isEmpty();
    }

    /**
     * Whether a character is a sign: a plus, a hyphen-minus, the minus sign or another dash (Unicode's dash punctuation:
     * a spreadsheet or a word processor may write a minus as an en dash). No digit of a phone number or postal code.
     */
    static boolean isSign(final char c) {
        return c == '+' || c == '-' || c == '\u2212' || c > 0x7f && Character.getType(c) == Character.DASH_PUNCTUATION;
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }
}
