package dev.nificrm.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The one rule by which a value read from a record is a source id, for every path that writes or reads the
 * cross-reference (MatchCRMRecord writing it, the stores' lookup service, EraseCRMRecord, ReconcileCRMRecord, MergeCRMRecord's
 * sync rows):
 * <ul>
 *     <li>white space of any kind before and after the id is not part of it: the ASCII spaces, tabs and line breaks, the
 *     no-break spaces (U+00A0, U+2007, U+202F, as an Excel export leaves them), every other Unicode space separator, the
 *     line and paragraph separators and NEL, and the invisible zero-width space (U+200B) and byte-order mark (U+FEFF);
 *     white space inside an id is kept;</li>
 *     <li>an id typed as a number (a reader gave an integer, a floating-point or a decimal number) is its digits when it is
 *     whole: 77, 77.0 and 7.7E1 are {@code 77}, 3.000778191E9 is {@code 3000778191}; a number with a fraction is its plain
 *     decimal text without trailing zeros ({@code 1.5});</li>
 *     <li>an id typed as text is compared as text: {@code 0077} and {@code 77}, {@code 1.50} and {@code 1.5} are different ids.</li>
 * </ul>
 */
public final class SourceIds {
    /** How a Java double or float spells a whole number: {@code 77.0}, {@code -3.0}, {@code 3.000778191E9}. */
    private static final Pattern DOUBLE_SPELLING = Pattern.compile("-?(?:(?:0|[1-9][0-9]*)\\.0|[1-9]\\.[0-9]+E[1-9][0-9]*)");

    private SourceIds() {
    }

    /** The source id a record's value is, by the rule; null when the value is missing or blank. */
    public static String of(final Object value) {
        if (value == null) {
            return null;
        }
        final String number = numberText(value);
        return number != null ? number : ofText(value.toString());
    }

    /** The source id a text is: without the white space around it; null when it is null or blank. */
    public static String ofText(final String text) {
        if (text == null) {
            return null;
        }
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return start == end ? null : text.substring(start, end);
    }

    /** Whether a character is white space around an id (see the class comment). */
    static boolean isSpace(final char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085' || c == '\u200B' || c == '\uFEFF';
    }

    /**
     * The id a source id stored by an earlier version is by the rule, for the schema migration's cross-references:
     * without the white space around it (earlier versions removed ASCII white space alone) and, spelt as a Java double
     * spells a whole number ({@code 77.0}, {@code 3.000778191E9}: how versions before it stored an id a reader had typed
     * as a floating-point number), its digits. Other text is kept as it is ({@code 1.50}, {@code 0077}, {@code 7.5});
     * null for an id that is all white space.
     */
    public static String fromStored(final String stored) {
        final String id = ofText(stored);
        if (id == null || !DOUBLE_SPELLING.matcher(id).matches()) {
            return id;
        }
        final BigDecimal number = new BigDecimal(id);
        return number.stripTrailingZeros().scale() <= 0 ? number.toBigIntegerExact().toString() : id;
    }

    /** A number's id, or null when the value is not a number a reader types. */
    private static String numberText(final Object value) {
        final BigDecimal number = switch (value) {
            case Integer whole -> BigDecimal.valueOf(whole);
            case Long whole -> BigDecimal.valueOf(whole);
            case Short whole -> BigDecimal.valueOf(whole);
            case Byte whole -> BigDecimal.valueOf(whole);
            case BigInteger whole -> new BigDecimal(whole);
            // a double's shortest spelling (0.1, not 0.1000000000000000055511151231257827), a float's likewise
            case Double real when Double.isFinite(real) -> new BigDecimal(Double.toString(real));
            case Float real when Float.isFinite(real) -> new BigDecimal(Float.toString(real));
            case BigDecimal decimal -> decimal;
            default -> null;
        };
        if (number == null) {
            return null;
        }
        final BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() <= 0 ? stripped.toBigIntegerExact().toString() : stripped.toPlainString();
    }
}
