package dev.nificrm.store;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The one rule by which a value is a source id, and the stored ids an earlier version wrote otherwise. */
class SourceIdsTest {

    /**
     * White space of any kind around an id is not part of it: an Excel export's no-break space (U+00A0), the figure and
     * narrow no-break spaces, the ideographic space, an em space, NEL, the line separator, a zero-width space and a
     * byte-order mark; ASCII spaces, tabs and line breaks as before. The white space inside an id stays. Before, each
     * Unicode one made a second cross-reference of the same record.
     */
    @Test
    void whiteSpaceOfAnyKindAroundAnIdIsNotPartOfIt() {
        for (final String space : new String[] {" ", "\t", "\r\n", "\u00A0", "\u2007", "\u202F", "\u3000", "\u2003", "\u0085", "\u2028", "\u200B",
                "\uFEFF"}) {
            assertEquals("77", SourceIds.of(space + "77" + space), Integer.toHexString(space.charAt(0)));
            assertEquals("77", SourceIds.ofText("77" + space), Integer.toHexString(space.charAt(0)));
            assertNull(SourceIds.of(space + space), "blank: no id");
        }
        assertEquals("ACME 77", SourceIds.of("\u00A0ACME 77\u00A0"));
        assertEquals("ACME\u00A077", SourceIds.of("ACME\u00A077"));
        assertNull(SourceIds.of(null));
        assertNull(SourceIds.ofText(""));
    }

    /** An id typed as a number is its digits when whole, its plain decimal text otherwise; text is compared as text. */
    @Test
    void aNumberIsItsDigitsWhenWholeAndTextStaysText() {
        assertEquals("77", SourceIds.of(77));
        assertEquals("77", SourceIds.of(77L));
        assertEquals("77", SourceIds.of(77.0));
        assertEquals("77", SourceIds.of(77.0f));
        assertEquals("77", SourceIds.of(new BigDecimal("77.00")));
        assertEquals("77", SourceIds.of(BigInteger.valueOf(77)));
        assertEquals("3000778191", SourceIds.of(3.000778191E9));
        assertEquals("1000000000000000000000", SourceIds.of(1e21));
        assertEquals("1.5", SourceIds.of(new BigDecimal("1.50")));
        assertEquals("1.5", SourceIds.of(1.5));
        assertEquals("0.1", SourceIds.of(0.1));
        assertEquals("0.0000001", SourceIds.of(1e-7));
        assertEquals("0", SourceIds.of(-0.0));
        assertEquals("-12", SourceIds.of(-12.0));
        // text is text: a CRM's 0077 and 77, 1.50 and 1.5 are different ids
        assertEquals("0077", SourceIds.of("0077"));
        assertEquals("1.50", SourceIds.of("1.50"));
        assertEquals("77.0", SourceIds.of("77.0"));
        assertEquals("NaN", SourceIds.of(Double.NaN));
    }

    /**
     * A stored id is migrated by the rule: its white space goes, and a whole number spelt as Java spells a double (how
     * earlier versions stored an id a reader had typed as a floating-point number) becomes its digits; other text stays.
     */
    @Test
    void aStoredIdIsMigratedByTheRule() {
        assertEquals("77", SourceIds.fromStored("77\u00A0"));
        assertEquals("77", SourceIds.fromStored("77.0"));
        assertEquals("-3", SourceIds.fromStored("-3.0"));
        assertEquals("0", SourceIds.fromStored("0.0"));
        assertEquals("3000778191", SourceIds.fromStored("3.000778191E9"));
        assertEquals("3000778191", SourceIds.fromStored("\u20073.000778191E9"));
        for (final String kept : new String[] {"77", "0077", "1.50", "1.5", "077.0", "7.75E1", "1.0E-5", "77.00", "3.000778191e9", "003A01", "1E9"}) {
            assertEquals(kept, SourceIds.fromStored(kept), kept);
        }
        assertNull(SourceIds.fromStored("\u00A0"));
    }
}
