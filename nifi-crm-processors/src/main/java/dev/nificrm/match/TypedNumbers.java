package dev.nificrm.match;

import dev.nificrm.clean.CountryRule;
import dev.nificrm.clean.NumberDigits;
import dev.nificrm.roles.KeyKind;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The text a number a record reader typed is keyed by, so that it has the key of the text it was read from and no
 * other number's key. A float or double that does not hold every digit of the number it stands for is missing in every
 * role, as a phone already was: a float of 8 digits or more ({@code 123456789.0} read by a CSVReader that infers its
 * schema is the float 123456792, and so is {@code 123456791.0}) and a double of twelve or more digits in six
 * significant ones ({@code 4.41236E11}, a spreadsheet's display of 441235550100 and of 441236120000) would otherwise be
 * one key for several customers' numbers. In a date role a whole number is its digits, which the date key reads as an
 * epoch time ({@link ComparisonKeys}): HubSpot writes a date as the milliseconds of its midnight UTC, which a JSON reader
 * may type as the double {@code 1.70208E12}, whose six significant digits are those of the number. In a country role,
 * the one exception to the key of the text, a whole number of one to three digits that is an ISO 3166-1 numeric code
 * is that code's three digits ({@link CountryRule#numericCode}): a reader typing it dropped its leading zeros (JSON
 * {@code 36}, an Avro int column, {@code "036"} a CSVReader inferred as an int), so it is Australia, as CleanCRMRecord
 * reads it, not the text {@code 36}, which names no country.
 * <pre>
 * TypedNumbers.text(KeyKind.CODE, 4155550100L);         // "4155550100"
 * TypedNumbers.text(KeyKind.CODE, 123456789.0f);        // null: the float's digits, not the number's
 * TypedNumbers.text(KeyKind.DATE, 1.70208E12);          // "1702080000000", the key 20231209
 * TypedNumbers.text(KeyKind.COUNTRY, 36);               // "036", the key au
 * </pre>
 */
public final class TypedNumbers {
    private TypedNumbers() {
    }

    /** The text of a typed number in a field of a key kind, or null when it is no value to key (its digits are lost). */
    public static String text(final KeyKind kind, final Number number) {
        if (NumberDigits.isFloatBeyondItsDigits(number)) {
            return null;
        }
        final boolean floatingPoint = number instanceof Double || number instanceof Float;
        if (floatingPoint && !Double.isFinite(number.doubleValue())) {
            // a JSON 1e400 reads as infinity: no number at all
            return null;
        }
        if (kind == KeyKind.COUNTRY) {
            final String numericCode = CountryRule.numericCode(number);
            if (numericCode != null) {
                return numericCode;
            }
        }
        if (kind == KeyKind.DATE && floatingPoint) {
            final BigDecimal exact = new BigDecimal(number.doubleValue());
            if (exact.signum() == 0 || exact.stripTrailingZeros().scale() <= 0) {
                return exact.toBigInteger().toString();
            }
        }
        final String text = number instanceof BigInteger ? number.toString() : NumberDigits.of(number);
        // NumberDigits writes a floating-point number that lost digits in scientific notation: no key of the digits left
        return floatingPoint && text.indexOf('E') >= 0 ? null : text;
    }
}
