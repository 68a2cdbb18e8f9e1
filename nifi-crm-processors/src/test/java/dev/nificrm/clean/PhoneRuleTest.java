package dev.nificrm.clean;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhoneRuleTest {
    private final PhoneRule possible = new PhoneRule("US", PhoneRule.Validation.POSSIBLE);
    private final PhoneRule valid = new PhoneRule("US", PhoneRule.Validation.VALID);

    @ParameterizedTest
    @CsvSource({
            "+1-950-759-8687, US, +19507598687",
            "001-672-799-2170x5610, US, +16727992170;ext=5610",
            "903.545.8947, US, +19035458947",
            "(240)452-2332x4601, US, +12404522332;ext=4601",
            "2754733370, US, +12754733370",
            "+1-887-577-1205x5686, US, +18875771205;ext=5686",
            "030 1234567, DE, +49301234567",
            "0049 30 1234567, US, +49301234567",
            "020 7946 0958, GB, +442079460958",
            "(02) 9876 5432, AU, +61298765432",
            "+33 1 23 45 67 89, US, +33123456789"
    })
    void formatsToE164(final String input, final String region, final String expected) {
        final CleanResult result = possible.clean(input, region);
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    @Test
    void readsNationalNumbersOfAnUnknownRegionWithTheDefault() {
        assertEquals("+12404522332", possible.clean("240 452 2332", "XX").getValue());
        assertEquals("+12404522332", possible.clean("240 452 2332", null).getValue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"12345| not a valid number for region US", "call me| not a phone number",
            "+1 240 452 23321234| not a valid number for region US",
            // 011 is the international prefix dialled from the US: the number is read as Italy's +39 67875, too short
            "011.396.7875x37387| not a valid number of Italy (+39), read after the international prefix dialled from region US",
            "(+39) 67875| not a valid number of Italy (+39)", "+800 1234| not a valid number of country code +800"})
    void rejectsWithAReason(final String input, final String reason) {
        final CleanResult result = possible.clean(input, "US");
        assertFalse(result.isValid());
        assertEquals(reason, result.getReason());
    }

    @ParameterizedTest
    @CsvSource({"555-0100, US", "5550100, US", "452 2332 x12, CA"})
    void rejectsALocalNumberWithoutItsAreaCode(final String input, final String region) {
        for (final PhoneRule rule : List.of(possible, valid)) {
            final CleanResult result = rule.clean(input, region);
            assertFalse(result.isValid(), () -> input + " became " + result.getValue());
            assertEquals("local number without its area code", result.getReason());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "089 1234 / 089 5678| DE", "0301234/0307654| DE", "0171 12345 / 0172 123| DE", "01632 960 / 01632 961| GB",
            "06 1234 / 06 5678| IT", "555-0100 / 555-0199| US", "(415) 555-0100 / (415) 555-0199| US", "415-555-0100, 415-555-0199| US",
            "415-555-0100; 415-555-0199| US"
    })
    void rejectsTwoNumbersInOneValueInsteadOfJoiningTheirDigits(final String input, final String region) {
        for (final PhoneRule rule : List.of(possible, valid)) {
            final CleanResult result = rule.clean(input, region);
            assertFalse(result.isValid(), () -> input + " became " + result.getValue());
            assertEquals("holds more than one phone number", result.getReason());
        }
    }

    /**
     * An extension written with the word of another language the processor reads: German Durchwahl, DW and Nebenstelle,
     * French poste, Portuguese ramal, Italian and Spanish interno, Dutch toestel and tst, Swedish anknytning and ankn,
     * Danish lokal, Polish wew and wewn. Each was 'not a valid number', while ext, x and # were read.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "030 1234567 Durchwahl 12| DE| +49301234567;ext=12", "030 1234567 DW 12| DE| +49301234567;ext=12",
            "030 1234567, Nebenstelle: 12| DE| +49301234567;ext=12", "(514) 555-0100 poste 123| CA| +15145550100;ext=123",
            "01 23 45 67 89 poste 12| FR| +33123456789;ext=12", "(11) 3456-7890 ramal 21| BR| +551134567890;ext=21",
            "06 1234 5678 interno 3| IT| +390612345678;ext=3", "(240) 452-2332 (poste 123)| US| +12404522332;ext=123",
            "020 123 4567 toestel 45| NL| +31201234567;ext=45", "020 123 4567 tst. 45| NL| +31201234567;ext=45",
            "08-123 456 78 ankn. 9| SE| +46812345678;ext=9", "22 123 45 67 wew. 120| PL| +48221234567;ext=120",
            "33 12 34 56 lokal 7| DK| +4533123456;ext=7", "030 1234567 Poste 12| DE| +49301234567;ext=12"})
    void readsAnExtensionWrittenInTheOtherLanguagesRead(final String input, final String region, final String expected) {
        final CleanResult result = possible.clean(input, region);
        assertTrue(result.isValid(), () -> input + ": " + result.getReason());
        assertEquals(expected, result.getValue());
    }

    /** An extension word makes no number of what has none before it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"poste 12| FR", "Durchwahl 12| DE", "ramal| BR"})
    void readsNoOtherWordAsAnExtension(final String input, final String region) {
        assertFalse(possible.clean(input, region).isValid(), input);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"030/1234567| DE| +49301234567", "089 / 123 456| DE| +4989123456", "415/555-0100| US| +14155550100",
            "+14155550100;ext=123| US| +14155550100;ext=123", "(415) 555-0100, ext. 12| US| +14155550100;ext=12"})
    void readsASlashOrCommaInsideOneNumber(final String input, final String region, final String expected) {
        final CleanResult result = possible.clean(input, region);
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    @ParameterizedTest
    @CsvSource({"4.155550100E9, +14155550100", "4.155550100E+09, +14155550100", "4155550100.0, +14155550100", "4.155550100e9, +14155550100"})
    void readsANumberASpreadsheetWroteInScientificNotationWhenEveryDigitIsThere(final String input, final String expected) {
        final CleanResult result = possible.clean(input, "US");
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    /**
     * A double as Java writes it, an exponent without a sign and no trailing zero: a JSON number 4155550100.0 read by a
     * reader whose schema types the phone as a string, or a CSV NiFi wrote from doubles. It holds every digit.
     */
    @ParameterizedTest
    @CsvSource({"4.1555501E9, +14155550100", "2.404522332E9, +12404522332", "4.2522E9, +14252200000"})
    void readsANumberAsJavaWritesADouble(final String input, final String expected) {
        final CleanResult result = possible.clean(input, "US");
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    /**
     * A double as Java writes it whose number has a fraction ({@code 4.15555010012E9} is 4155550100.12, the JSON number a
     * reader with a schema of strings wrote so) is no phone number, whose digits are whole; none of its digits are lost.
     */
    @ParameterizedTest
    @CsvSource({"4.15555010012E9", "4.1555501005E9", "2.4045223325E9", "4.155E2"})
    void rejectsANumberAsJavaWritesADoubleWithAFractionAsNoPhoneNumber(final String input) {
        for (final PhoneRule rule : List.of(possible, valid)) {
            final CleanResult result = rule.clean(input, "US");
            assertFalse(result.isValid(), () -> input + " became " + result.getValue());
            assertEquals("a number with a fraction, not a phone number", result.getReason());
        }
    }

    @ParameterizedTest
    @CsvSource({"4.15555E+09", "4.1555501E+09", "4.155550100E8", "4.41236E11"})
    void rejectsANumberInScientificNotationWhoseDigitsAreNotAllThere(final String input) {
        final CleanResult result = possible.clean(input, "US");
        assertFalse(result.isValid(), () -> input + " became " + result.getValue());
        assertEquals("digits lost in a spreadsheet's scientific notation: format the column as text before exporting", result.getReason());
    }

    /**
     * An exchange 211 to 911 is an N11 service code, which the North American plan never assigns as an area's exchange:
     * 212-411-1234 is dialled 411 in New York. Both modes reject it with the part named (libphonenumber's metadata holds
     * every exchange of an assigned area code, so Valid Number would keep it), written in every shape and in an
     * unassigned area code too.
     */
    @ParameterizedTest
    @CsvSource({"212-411-1234", "(212) 911-1234", "2122111234", "+12124111234", "+1-212-811-1234x12", "001-212-411-1234", "1 (212) 711-1234"})
    void rejectsAnN11ExchangeInBothModes(final String input) {
        assertEquals(PhoneRule.EXCHANGE_N11, possible.clean(input, "US").getReason(), input);
        assertEquals(PhoneRule.EXCHANGE_N11, valid.clean(input, "US").getReason(), input);
        assertEquals(PhoneRule.EXCHANGE_N11, possible.clean("+1-950-411-1234", "US").getReason());
    }

    /**
     * A number whose area code names no area is always dialled with it, so an N11 exchange is one of its own: toll-free
     * (8XX), premium-rate (900), personal (5XX) numbers and Canada's 600 keep theirs; an exchange ending 11 that is no
     * N11 code (a 0 or 1 first is the exchange-from-0-or-1 reason) is kept.
     */
    @ParameterizedTest
    @CsvSource({"1-800-411-1234, +18004111234", "(888) 911-1234, +18889111234", "900-411-1234, +19004111234", "500-611-1234, +15006111234",
            "600-411-1234, +16004111234", "212-410-1234, +12124101234", "+1 212 421 1234, +12124211234"})
    void keepsAnN11ExchangeOfANumberWithoutAnArea(final String input, final String expected) {
        assertEquals(expected, possible.clean(input, "US").getValue(), input);
        assertEquals(expected, valid.clean(input, "US").getValue(), input);
    }

    /**
     * A national number written from its trunk 0 and read in a +1 region, where it is no number, says it may be another
     * country's without its country code, whatever its length, and names the country when its digits after the 0 are a
     * valid number of one country written in that country's groups; the UK's 020 7946 0000 is written so in New Zealand,
     * China and India too. Both modes say so.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "020 7946 0000| not a valid number for region US: another country's national number (with its trunk 0) without its country code?",
            "0121 496 0000| not a valid number for region US: another country's national number (with its trunk 0) without its country code?",
            "0171 1234567| not a valid number for region US: a national number of Germany (+49) without its country code?",
            "030 12345678x12| not a valid number for region US: a national number of Germany (+49) without its country code?",
            "01 23 45 67 89| area code starting with 0, which no North American number has: a national number of France (+33) without its country code?",
            "030 1234567| area code starting with 0, which no North American number has: another country's national number (with its trunk 0) "
                    + "without its country code?",
            "012345| not a valid number for region US", "0123 4567 8901 2345| not a valid number for region US"})
    void saysANationalNumberFromZeroInANorthAmericanRegionMayBeAnotherCountrys(final String input, final String reason) {
        assertEquals(reason, possible.clean(input, "US").getReason());
        assertEquals(reason.replace(PhoneRule.AREA_CODE_FROM_0, "not a valid number for region US"), valid.clean(input, "US").getReason());
        assertEquals(reason.replace("region US", "region CA"), possible.clean(input, "CA").getReason());
    }

    @Test
    void validationRejectsUnassignedRangesOnlyWhenStrict() {
        assertTrue(possible.clean("+1-950-759-8687", "US").isValid());
        assertFalse(valid.clean("+1-950-759-8687", "US").isValid());
        assertTrue(valid.clean("+1 202 456 1111", "US").isValid());
    }

    @ParameterizedTest
    @CsvSource({
            "+1-950-759-8687, US", "857.139.8239, US", "(240)452-2332x4601, US", "2754733370, CA", "1-800-555-0199, US",
            "+1 (240) 452-2332 ext. 12, US", "240/452-2332 x 7, US", "+1-887-577-1205x5686, GB"
    })
    void readsNorthAmericanNumbersExactlyAsLibphonenumberDoes(final String input, final String region) throws NumberParseException {
        final PhoneNumber fast = PhoneRule.parseNorthAmerican(input, region);
        assertNotNull(fast);
        assertTrue(fast.exactlySameAs(PhoneNumberUtil.getInstance().parse(input, region)), input);
    }

    @ParameterizedTest
    @CsvSource({"030 1234567, DE", "+44 20 7946 0958, US", "0240 452 2332, US", "1240452233, US", "+1 240 452 2332 ext, US", "240.452.2332#12, US"})
    void leavesOtherShapesToLibphonenumber(final String input, final String region) {
        assertNull(PhoneRule.parseNorthAmerican(input, region));
    }

    @Test
    void readsEveryDatablistPhoneExactlyAsLibphonenumberDoes() throws NumberParseException {
        int compared = 0;
        for (final String value : FastPaths.evalValues("Phone", "people-1000.csv", "leads-100.csv")) {
            final PhoneNumber fast = PhoneRule.parseNorthAmerican(value, "US");
            if (fast != null) {
                compared++;
                final String international = value.startsWith("00") ? "+" + value.substring(2) : value;
                assertTrue(fast.exactlySameAs(PhoneNumberUtil.getInstance().parse(international, "US")), value);
            }
        }
        assertTrue(compared > 950, "only " + compared + " numbers took the fast path");
    }

    /**
     * What Possible Number rejects in Datablist's samples, and what it keeps that Valid Number rejects, as the usage page
     * counts them: Faker's random area codes and exchanges. A number the North American Numbering Plan cannot have is
     * rejected by both; one in a range not assigned (yet) only by Valid Number.
     */
    @Test
    void countsWhatPossibleNumberRejectsAndKeepsOfWhatValidNumberRejectsAsThePageSays() {
        assertEquals(Map.of(PhoneRule.AREA_CODE_FROM_0_WITHOUT_COUNTRY_CODE, 64, PhoneRule.AREA_CODE_FROM_0, 34, PhoneRule.AREA_CODE_FROM_1, 104,
                PhoneRule.AREA_CODE_N11, 9, PhoneRule.EXCHANGE_FROM_0_OR_1, 177, PhoneRule.EXCHANGE_N11, 5, "not a valid number of Italy (+39), read after the international prefix dialled from region US", 1),
                rejectedByPossibleNumber("people-1000.csv"));
        assertEquals(Map.of(PhoneRule.AREA_CODE_N11, 1, PhoneRule.EXCHANGE_N11, 2), rejectedByPossibleNumber("leads-100.csv"));
        assertEquals(Map.of("area code unassigned", 246, "exchange unassigned", 17), keptOnlyByPossibleNumber("people-1000.csv"));
        assertEquals(Map.of("area code unassigned", 86, "exchange unassigned", 2), keptOnlyByPossibleNumber("leads-100.csv"));
    }

    private Map<String, Integer> rejectedByPossibleNumber(final String file) {
        final Map<String, Integer> reasons = new TreeMap<>();
        for (final String value : FastPaths.evalValues("Phone", file)) {
            final CleanResult result = possible.clean(value, "US");
            if (!result.isValid()) {
                assertFalse(valid.clean(value, "US").isValid(), value);
                reasons.merge(result.getReason(), 1, Integer::sum);
            }
        }
        return reasons;
    }

    private Map<String, Integer> keptOnlyByPossibleNumber(final String file) {
        final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        final Map<String, Integer> kinds = new TreeMap<>();
        for (final String value : FastPaths.evalValues("Phone", file)) {
            final CleanResult kept = possible.clean(value, "US");
            if (!kept.isValid() || valid.clean(value, "US").isValid()) {
                continue;
            }
            final String national = (kept.isChanged() ? kept.getValue() : value).substring(2, 12);
            final String kind;
            if (national.charAt(0) < '2') {
                kind = "area code from 0 or 1";
            } else if (national.startsWith("11", 1)) {
                kind = "N11 area code";
            } else if (national.charAt(3) < '2') {
                kind = "exchange from 0 or 1";
            } else {
                // an area code is in use where libphonenumber holds a valid number of it among a few of each exchange's first digit
                boolean inUse = false;
                for (char exchange = '2'; exchange <= '9' && !inUse; exchange++) {
                    for (final String rest : List.of("345678", "000000", "555123", "111111", "234567")) {
                        inUse |= util.isValidNumber(new PhoneNumber().setCountryCode(1)
                                .setNationalNumber(Long.parseLong(national.substring(0, 3) + exchange + rest)));
                    }
                }
                kind = inUse ? "exchange unassigned" : "area code unassigned";
            }
            kinds.merge(kind, 1, Integer::sum);
        }
        return kinds;
    }

    @Test
    void keepsAnE164NumberUnchanged() {
        assertFalse(possible.clean("+12024561111", "US").isChanged());
    }

    @Test
    void refusesAnUnsupportedDefaultRegion() {
        assertThrows(IllegalArgumentException.class, () -> new PhoneRule("ZZ", PhoneRule.Validation.POSSIBLE));
        assertTrue(PhoneRule.isSupportedRegion("DE"));
        assertFalse(PhoneRule.isSupportedRegion("de"));
    }

    @ParameterizedTest
    @CsvSource({"0.000.0.0, DE", "00-01-00, DE", "+49 00 30 1234567, US"})
    void rejectsZerosAfterTheTrunkZeroThatReadBackAsAnotherNumber(final String input, final String region) {
        // 0.000.0.0 in DE was +4900000, which is read back as +490000, and that as +49000: a phone changed at every cleaning
        assertEquals("not a phone number", possible.clean(input, region).getReason());
    }

    @ParameterizedTest
    @CsvSource({"06 12345678, IT, +390612345678", "+225 07 12 34 56 78, US, +2250712345678", "+49 030 1234567, US, +49301234567"})
    void keepsALeadingZeroThatIsTheNumbersOwn(final String input, final String region, final String expected) {
        assertEquals(expected, possible.clean(input, region).getValue());
        assertTrue(possible.clean(expected, region).isValid());
    }

    /**
     * A phone number has one sign at most, a leading {@code +}: a minus before it ({@code -2404522332}, a number a reader
     * typed as negative), a sign after the plus ({@code +-1}, {@code ++1}) or a sign at its end (SAP's trailing minus) is
     * rejected with a reason; libphonenumber skips such signs and read each as +12404522332.
     */
    @ParameterizedTest
    @CsvSource({"-2404522332, US", "--240 452 2332, US", "−240 452 2332, US", "+-1 240 452 2332, US", "-+1 240 452 2332, US",
            "++1 240 452 2332, US", "+ -1 240 452 2332, US", "2404522332-, US", "+1 240 452 2332 +, US", "-030 1234567, DE", "+-49 30 1234567, DE"})
    void rejectsANumberWithASignOtherThanOneLeadingPlus(final String input, final String region) {
        for (final PhoneRule rule : List.of(possible, valid)) {
            final CleanResult result = rule.clean(input, region);
            assertFalse(result.isValid(), () -> input + " read as " + result.getValue());
            assertEquals("a sign other than one leading +: not a phone number", result.getReason());
        }
    }

    @ParameterizedTest
    @CsvSource({"+ 1 240 452 2332, US, +12404522332", "+1-240-452-2332, US, +12404522332", "(240) 452-2332, US, +12404522332",
            "+(1) 240 452 2332, US, +12404522332", "+49 (0)30 1234567, DE, +49301234567"})
    void readsANumberWithOneLeadingPlusAndHyphensBetweenItsDigits(final String input, final String region, final String expected) {
        final CleanResult result = possible.clean(input, region);
        assertTrue(result.isValid(), () -> input + ": " + result.getReason());
        assertEquals(expected, result.getValue());
    }
}
