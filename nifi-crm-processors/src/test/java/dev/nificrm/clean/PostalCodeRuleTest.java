package dev.nificrm.clean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostalCodeRuleTest {
    private final PostalCodeRule rule = new PostalCodeRule();

    @ParameterizedTest
    @CsvSource({
            "12345, US, 12345", "12345-6789, US, 12345-6789", "123456789, US, 12345-6789", "2134, US, 02134", "02134 1234, US, 02134-1234",
            "k1a0b1, CA, K1A 0B1", "K1A-0B1, CA, K1A 0B1",
            "sw1a1aa, GB, SW1A 1AA", "SW1A  1AA, GB, SW1A 1AA", "m11ae, GB, M1 1AE", "ec1a 1bb, GB, EC1A 1BB", "w1a0ax, GB, W1A 0AX",
            "GIR 0AA, GB, GIR 0AA", "XM4 5HQ, GB, XM4 5HQ", "BF1 1AA, GB, BF1 1AA", "1234 SB, NL, 1234 SB", "1234 AS, NL, 1234 AS",
            "2000, AU, 2000", "800, AU, 0800", "0200, AU, 0200", "200, AU, 0200", "0909, AU, 0909", "9999, AU, 9999",
            "10115, DE, 10115", "1234ab, NL, 1234 AB",
            "75008, FR, 75008", "sn-1234, NO, SN-1234", "00-950, PL, 00-950",
            "601, US, 00601", "501, US, 00501", "6011234, US, 00601-1234", "601, PR, 00601", "802, VI, 00802", "96910, GU, 96910",
            // as Java writes a double: a JSON number read by a reader whose schema types the code as a string
            "8.801E7, BR, 88010000", "2.1341234E7, US, 02134-1234", "1.2345678E7, , 12345678"
    })
    void normalisesByCountry(final String input, final String region, final String expected) {
        final CleanResult result = rule.clean(input, region);
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    @ParameterizedTest
    @CsvSource({
            "123, US, not a US ZIP code", "1234567, US, not a US ZIP code", "ABCDE, US, not a US ZIP code",
            "D1A 0B1, CA, not a Canadian postal code", "K1A 0B, CA, not a Canadian postal code",
            "12345, GB, not a UK postcode", "SW1A 1A1, GB, not a UK postcode",
            "20000, AU, not a 4-digit postcode", "0123 AB, NL, not a Dutch postcode",
            // a UK inward code's letters are never C, I, K, M, O or V; no Dutch postcode ends in SA, SD or SS
            "SW1A 1AC, GB, not a UK postcode", "M1 1IA, GB, not a UK postcode", "EC1A 1BK, GB, not a UK postcode", "W1A 0MX, GB, not a UK postcode",
            "B33 8OH, GB, not a UK postcode", "CR2 6XV, GB, not a UK postcode", "1234 SS, NL, not a Dutch postcode", "1234sd, NL, not a Dutch postcode",
            "1234-SA, NL, not a Dutch postcode",
            // Australia's postcodes start at 0200 (the ANU in Canberra): 0000 is a dummy, 0100 none
            "0000, AU, not a 4-digit postcode", "000, AU, not a 4-digit postcode", "0199, AU, not a 4-digit postcode", "100, AU, not a 4-digit postcode",
            "true, BE, not a 4-digit Belgian postal code", "true, GR, not a postal code", "N/A, KR, not a postal code", "60l, PR, not a US ZIP code", "401, US, not a US ZIP code",
            "1.0E7, DE, not a 5-digit postal code",
            "4.41236E11, BR, digits lost in a spreadsheet's scientific notation: format the column as text before exporting"
    })
    void rejectsCodesThatDoNotFitTheCountry(final String input, final String region, final String reason) {
        final CleanResult result = rule.clean(input, region);
        assertFalse(result.isValid());
        assertEquals(reason, result.getReason());
    }

    @ParameterizedTest
    @CsvSource({
            "2134.0, US, 02134",
            "10115.0, DE, 10115",
            "2134.00, FR, 02134",
            "800.0, AU, 0800",
            "600001.0, JP, 060-0001",
            "10200.0, MX, 10200",
            "1050.0, LV, 1050"
    })
    void readsACodeWrittenWithAFractionOfZerosAsItsDigits(final String input, final String region, final String expected) {
        // as Java writes a double below ten million (a JSON 2134.0 a reader with a schema of strings wrote as text): the US,
        // DE and FR codes were rejected, and elsewhere 10200.0 was kept as a valid postal code
        final CleanResult result = rule.clean(input, region);
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    /** Somalia's codes are two letters of the region and five digits, as Google's address data gives them (JH 09010, AD 11010). */
    @ParameterizedTest
    @CsvSource({"JH 09010, JH 09010", "jh09010, JH 09010", "AD 11010, AD 11010", "ad-11010, AD 11010", "BN  12345, BN 12345"})
    void writesASomaliCodeAsItsRegionLettersASpaceAndFiveDigits(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "SO");
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"09010", "11010", "JH 0901", "JH 090100", "J 09010", "JHX 09010", "JH 0901A", "1H 09010", "JH0-9010", "Mogadishu"})
    void rejectsASomaliCodeWithoutItsRegionLettersOrOfAnotherShape(final String input) {
        assertEquals(PostalCodeRule.NOT_SOMALI, rule.clean(input, "SO").getReason(), input);
    }

    @Test
    void rejectsACodeWithAFraction() {
        assertEquals("not a US ZIP code", rule.clean("2134.5", "US").getReason());
    }

    @ParameterizedTest
    @CsvSource({"555-0100, US", "555 0100, PR", "0001-01-01, US", "1-2-3-4-5, US", "021-34, US", "12345-678, US", "12345-6789-0, US"})
    void rejectsDigitsSeparatedOtherwiseThanAZipPlusFour(final String input, final String region) {
        // 555-0100, a phone in a column a shifted CSV row moved, was the ZIP+4 00555-0100; 0001-01-01 was 00001-0101
        assertEquals("not a US ZIP code", rule.clean(input, region).getReason());
    }

    @ParameterizedTest
    @CsvSource({"12345-6789, 12345-6789", "02134 1234, 02134-1234", "2134-1234, 02134-1234", "12345 - 6789, 12345-6789"})
    void readsAZipPlusFourSeparatedAfterTheZip(final String input, final String expected) {
        assertEquals(expected, rule.clean(input, "US").getValue());
    }

    /**
     * A sign is no digit nor letter of any country's postal code: a code written after or before one ({@code -2134}, a
     * number a reader typed as negative, or SAP's trailing minus {@code 2134-}) is rejected with a reason, not read
     * without it. The Canadian, UK and Dutch rules took out every hyphen, so {@code -K1A0B1} was K1A 0B1; other
     * countries' codes kept it ({@code -01310100} was a Brazilian CEP).
     */
    @ParameterizedTest
    @CsvSource({
            "-2134, US", "+02134, US", "2134-, US", "−2134, US",
            "-K1A0B1, CA", "K1A0B1-, CA", "+K1A 0B1, CA",
            "-SW1A1AA, GB", "SW1A 1AA-, GB",
            "-1234AB, NL", "1234 AB -, NL",
            "-01310100, BR", "+01310-100, BR", "01310-100-, BR", "-105-0011, JP", "-10115, DE", "-2000, AU", "-D02 X285, IE", "- 00-950, PL"
    })
    void rejectsACodeWrittenWithASign(final String input, final String region) {
        final CleanResult result = rule.clean(input, region);
        assertFalse(result.isValid(), () -> input + " in " + region + " read as " + result.getValue());
        assertEquals("starts or ends with a sign: not a postal code", result.getReason());
    }

    /** A hyphen of a Canadian, UK or Dutch code stands where its space does, between its two parts, and nowhere else. */
    @ParameterizedTest
    @CsvSource({"K-1A0B1, CA, not a Canadian postal code", "K1A0-B1, CA, not a Canadian postal code", "K1A--0B1, CA, not a Canadian postal code",
            "S-W1A1AA, GB, not a UK postcode", "SW1A1-AA, GB, not a UK postcode", "12-34AB, NL, not a Dutch postcode", "1234A-B, NL, not a Dutch postcode"})
    void rejectsAHyphenOutsideTheSpaceOfACode(final String input, final String region, final String reason) {
        final CleanResult result = rule.clean(input, region);
        assertFalse(result.isValid(), () -> input + " in " + region + " read as " + result.getValue());
        assertEquals(reason, result.getReason());
    }

    @ParameterizedTest
    @CsvSource({"K1A-0B1, CA, K1A 0B1", "K1A - 0B1, CA, K1A 0B1", "SW1A-1AA, GB, SW1A 1AA", "M1-1AE, GB, M1 1AE", "1234-AB, NL, 1234 AB",
            "01310-100, BR, 01310-100", "105-0011, JP, 105-0011", "00-950, PL, 00-950", "1000-001, PT, 1000-001"})
    void readsAHyphenBetweenTheTwoPartsOfACode(final String input, final String region, final String expected) {
        final CleanResult result = rule.clean(input, region);
        assertTrue(result.isValid(), () -> input + " in " + region + ": " + result.getReason());
        assertEquals(expected, result.getValue());
    }

    /**
     * Japan writes its seven digits 123-4567, after the postal mark 〒 on letters and forms; an input method types the
     * hyphen as a full-width hyphen (read as ASCII before the rule), a minus sign or the long-vowel mark ー. They were kept
     * as written ({@code 1000001}, {@code 〒100-0001}), so one code was several values.
     */
    @ParameterizedTest
    @CsvSource({"1000001, 100-0001", "100-0001, 100-0001", "〒100-0001, 100-0001", "〒 100-0001, 100-0001", "〒1000001, 100-0001",
            "〶100-0001, 100-0001", "100 0001, 100-0001", "100 - 0001, 100-0001", "100ー0001, 100-0001", "100−0001, 100-0001",
            "100‐0001, 100-0001", "100ｰ0001, 100-0001",
            // six digits: a spreadsheet dropped the leading zero of the north (Hokkaido 0xx, Tohoku 01x to 03x)
            "600001, 060-0001", "0600001, 060-0001"})
    void writesAJapanesePostalCodeWithItsHyphenAfterTheThirdDigit(final String input, final String expected) {
        final CleanResult result = rule.clean(input, "JP");
        assertTrue(result.isValid(), () -> input + ": " + result.getReason());
        assertEquals(expected, result.getValue());
    }

    @ParameterizedTest
    @CsvSource({"10000", "100-000", "100-00001", "10000011", "1000-001", "10-00001", "60-0001", "100--0001", "100-0001〒", "〒〒100-0001",
            "〒", "100-000A", "東京100-0001"})
    void rejectsAJapanesePostalCodeOfAnotherLengthOrShape(final String input) {
        final CleanResult result = rule.clean(input, "JP");
        assertFalse(result.isValid(), () -> input + " read as " + result.getValue());
        assertEquals("not a 7-digit Japanese postal code", result.getReason());
    }

    /**
     * The CEPT country prefix of European addresses ({@code D-10115}, {@code CH-8001}) names the record's country: it is
     * dropped and the code checked as that country's. Germany's, France's, Italy's, Spain's and the Netherlands' were
     * rejected (not a 5-digit postal code, not a Dutch postcode); the others' were kept with their prefix, so one code was
     * two values.
     */
    @ParameterizedTest
    @CsvSource({
            "D-10115, DE, 10115", "d-10115, DE, 10115", "D-1067, DE, 01067", "F-75001, FR, 75001", "A-1010, AT, 1010", "CH-8001, CH, 8001",
            "NL-1012 AB, NL, 1012 AB", "NL-1012AB, NL, 1012 AB", "nl-1012 ab, NL, 1012 AB", "L-1234, LU, 1234", "B-1000, BE, 1000",
            "I-00100, IT, 00100", "E-28001, ES, 28001", "S-111 22, SE, 111 22", "DK-1050, DK, 1050", "FI-00100, FI, 00100",
            "SF-00100, FI, 00100", "P-1000-001, PT, 1000-001", "N-0150, NO, 0150", "PL-00-950, PL, 00-950", "H-1051, HU, 1051",
            "GR-104 31, GR, 104 31", "CZ-110 00, CZ, 110 00", "FL-9490, LI, 9490",
            // the same countries' ISO codes, written as the prefix since
            "DE-10115, DE, 10115", "FR-75001, FR, 75001", "AT-1010, AT, 1010", "SE-111 22, SE, 111 22", "BE-1000, BE, 1000", "LU-1234, LU, 1234",
            "IT-00100, IT, 00100", "ES-28001, ES, 28001", "NO-0150, NO, 0150", "PT-1000-001, PT, 1000-001", "HU-1051, HU, 1051", "LI-9490, LI, 9490",
            // a prefix that is part of the country's code today is kept
            "LV-1050, LV, LV-1050", "LT-01100, LT, LT-01100", "sn-1234, NO, SN-1234"
    })
    void dropsACountryPrefixThatNamesTheRecordsCountry(final String input, final String region, final String expected) {
        final CleanResult result = rule.clean(input, region);
        assertTrue(result.isValid(), () -> input + " in " + region + ": " + result.getReason());
        assertEquals(expected, result.getValue());
        assertTrue(result.isChanged() || input.equals(expected));
    }

    @ParameterizedTest
    @CsvSource({"F-75001, DE", "D-10115, FR", "CH-8001, AT", "A-1010, CH", "NL-1012 AB, BE", "B-1000, NL", "L-1234, BE", "S-111 22, FI",
            "DK-1050, NO", "I-00100, SM", "E-28001, US", "D-10115, GB", "SF-00100, SE", "DE-10115, AT", "FR-75001, BE", "SE-111 22, NO"})
    void rejectsACountryPrefixThatNamesAnotherCountry(final String input, final String region) {
        final CleanResult result = rule.clean(input, region);
        assertFalse(result.isValid(), () -> input + " in " + region + " read as " + result.getValue());
        assertEquals("country prefix of the postal code names another country than the record's", result.getReason());
    }

    /** Without a country, the prefix's country says how the code is checked and written. */
    @ParameterizedTest
    @CsvSource({"D-10115, 10115", "D-1067, 01067", "F-75001, 75001", "NL-1012ab, 1012 AB", "I-00100, 00100", "CH-8001, 8001",
            "S-111 22, 111 22", "LV-1050, LV-1050"})
    void checksAPrefixedCodeWithoutACountryAsThePrefixsCountry(final String input, final String expected) {
        final CleanResult result = rule.clean(input, null);
        assertTrue(result.isValid(), () -> input + ": " + result.getReason());
        assertEquals(expected, result.getValue());
    }

    @ParameterizedTest
    @CsvSource({"D-101155, DE, not a 5-digit postal code", "F-750011, FR, not a 5-digit postal code", "NL-0123 AB, NL, not a Dutch postcode",
            "NL-1012, NL, not a Dutch postcode", "E-280011, ES, not a 5-digit postal code", "I-0010A, IT, not a 5-digit postal code"})
    void rejectsAPrefixedCodeThatIsNoCodeOfThePrefixsCountry(final String input, final String prefixCountry, final String reason) {
        assertEquals(reason, rule.clean(input, null).getReason(), "without a country");
        assertEquals(reason, rule.clean(input, prefixCountry).getReason(), "in the prefix's country");
    }

    /**
     * Austria, Belgium, Switzerland, Luxembourg, Denmark, Sweden and Finland write their codes in digits alone: four (the
     * first not 0 but in Denmark, whose 08xx and 09xx a number column writes 800), Sweden five as {@code 111 22}, Finland
     * five (Helsinki's 00100 is the number 100). The rule had no format for them: with or without a CEPT prefix a code
     * needed only a digit, so {@code 111-22} and {@code 11122} were two Swedish values and {@code A-10}, {@code CH-80O1}
     * Austrian and Swiss codes.
     */
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "1010, AT, 1010", " 1010 , AT, 1010", "A-1010, AT, 1010", "AT-1010, AT, 1010", "A-1010, null, 1010", "AT-1010, null, 1010",
            "1000, BE, 1000", "B-1000, BE, 1000", "BE-1000, BE, 1000", "B-1000, null, 1000", "9000.0, BE, 9000",
            "8001, CH, 8001", "CH-8001, CH, 8001", "ch-8001, CH, 8001", "CH-8001, null, 8001", "1211, CH, 1211",
            "1234, LU, 1234", "L-1234, LU, 1234", "LU-1234, LU, 1234", "L-1234, null, 1234",
            "2100, DK, 2100", "800, DK, 0800", "0900, DK, 0900", "DK-1050, DK, 1050", "DK-1050, null, 1050", "DK-800, DK, 0800",
            "111 22, SE, 111 22", "11122, SE, 111 22", "111-22, SE, 111 22", "111 - 22, SE, 111 22", "S-111 22, SE, 111 22",
            "S-11122, SE, 111 22", "SE-111 22, SE, 111 22", "s-111-22, SE, 111 22", "S-11122, null, 111 22", "98499, SE, 984 99",
            "00100, FI, 00100", "100, FI, 00100", "2100, FI, 02100", "99999, FI, 99999", "FI-00100, FI, 00100", "SF-00100, FI, 00100",
            "FI-100, FI, 00100", "SF-00100, null, 00100", "FI-02100, null, 02100"
    })
    void writesTheDigitCodesOfAustriaBelgiumSwitzerlandLuxembourgDenmarkSwedenAndFinland(final String input, final String region,
            final String expected) {
        final CleanResult result = rule.clean(input, region);
        assertTrue(result.isValid(), () -> input + " in " + region + ": " + result.getReason());
        assertEquals(expected, result.getValue());
    }

    /** The same countries' codes of another length, with letters, or starting with a 0 no code of theirs has: with or without a prefix. */
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "101, AT, not a 4-digit Austrian postal code", "10101, AT, not a 4-digit Austrian postal code", "0101, AT, not a 4-digit Austrian postal code",
            "1O10, AT, not a 4-digit Austrian postal code", "A 101, AT, not a 4-digit Austrian postal code", "A-101, AT, not a 4-digit Austrian postal code",
            "A-101, null, not a 4-digit Austrian postal code", "AT-10101, AT, not a 4-digit Austrian postal code", "A-1010 Wien, AT, not a 4-digit Austrian postal code",
            "100, BE, not a 4-digit Belgian postal code", "B-100, BE, not a 4-digit Belgian postal code", "B-0100, null, not a 4-digit Belgian postal code",
            "B-10X0, BE, not a 4-digit Belgian postal code", "10-00, BE, not a 4-digit Belgian postal code",
            "800, CH, not a 4-digit Swiss postal code", "CH-800, CH, not a 4-digit Swiss postal code", "CH-80011, null, not a 4-digit Swiss postal code",
            "CH-80O1, CH, not a 4-digit Swiss postal code", "0800, CH, not a 4-digit Swiss postal code",
            "123, LU, not a 4-digit Luxembourg postal code", "L-12345, LU, not a 4-digit Luxembourg postal code", "L-12A4, null, not a 4-digit Luxembourg postal code",
            "80, DK, not a 4-digit Danish postal code", "21000, DK, not a 4-digit Danish postal code", "DK-21000, null, not a 4-digit Danish postal code",
            "DK-21O0, DK, not a 4-digit Danish postal code", "DK 21000, DK, not a 4-digit Danish postal code",
            "1112, SE, not a 5-digit Swedish postal code", "011 22, SE, not a 5-digit Swedish postal code", "1112-2, SE, not a 5-digit Swedish postal code",
            "111--22, SE, not a 5-digit Swedish postal code", "S-1112, SE, not a 5-digit Swedish postal code", "S-111 2A, null, not a 5-digit Swedish postal code",
            "S-111 222, SE, not a 5-digit Swedish postal code",
            "10, FI, not a 5-digit Finnish postal code", "001000, FI, not a 5-digit Finnish postal code", "FI-001000, null, not a 5-digit Finnish postal code",
            "SF-0010O, FI, not a 5-digit Finnish postal code", "00-100, FI, not a 5-digit Finnish postal code"
    })
    void rejectsTheDigitCodesOfAustriaBelgiumSwitzerlandLuxembourgDenmarkSwedenAndFinlandOfAnotherShape(final String input, final String region,
            final String reason) {
        final CleanResult result = rule.clean(input, region);
        assertFalse(result.isValid(), () -> input + " in " + region + " read as " + result.getValue());
        assertEquals(reason, result.getReason());
    }

    /** A prefix of one of them on a record of another country, among them or not. */
    @ParameterizedTest
    @CsvSource({"A-1010, DE", "AT-1010, CH", "B-1000, LU", "BE-1000, FR", "CH-8001, LI", "CH-8001, DE", "L-1234, AT", "LU-1234, BE",
            "DK-2100, SE", "DK-2100, NO", "S-111 22, DK", "SE-111 22, FI", "FI-00100, SE", "SF-00100, EE", "D-10115, AT", "F-75001, CH"})
    void rejectsACountryPrefixOfAnotherCountryOnTheRecordsOfTheDigitCodeCountries(final String input, final String region) {
        assertEquals(PostalCodeRule.OTHER_COUNTRY, rule.clean(input, region).getReason());
    }

    /**
     * A CEPT or ISO prefix followed by a space ({@code DK 2100}, {@code SE 111 22}, {@code A 1010}) is the prefix the
     * hyphen form is ({@code DK-2100}): it was rejected on the prefix's country's records ({@code not a 4-digit Danish
     * postal code}) and kept with its letters on a record without a country, so one code was two values.
     */
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "DK 2100, DK, 2100", "SE 111 22, SE, 111 22", "S 111 22, SE, 111 22", "SE 11122, SE, 111 22", "CH 8001, CH, 8001", "ch 8001, CH, 8001",
            "FI 00100, FI, 00100", "SF 100, FI, 00100", "A 1010, AT, 1010", "AT 1010, AT, 1010", "B 1000, BE, 1000", "L 1234, LU, 1234",
            "D 10115, DE, 10115", "D 1067, DE, 01067", "F 75001, FR, 75001", "I 00100, IT, 00100", "E 28001, ES, 28001", "NL 1012 AB, NL, 1012 AB",
            "N 0150, NO, 0150", "DK 2100, null, 2100", "A 1010, null, 1010", "SE 111 22, null, 111 22", "FI 00100, null, 00100", "D 10115, null, 10115"
    })
    void readsACountryPrefixFollowedByASpaceAsTheHyphenedOne(final String input, final String region, final String expected) {
        final CleanResult result = rule.clean(input, region);
        assertTrue(result.isValid(), () -> input + " in " + region + ": " + result.getReason());
        assertEquals(expected, result.getValue());
        assertTrue(result.isChanged());
    }

    /**
     * Letters and a space are weaker evidence of a prefix than letters and a hyphen: on a record of another country they
     * may be that country's own code (Eswatini's {@code S 100}), read by that country's rule; without a country, a rest
     * that is no code of the prefix's country is kept as written, as before.
     */
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"S 100, SZ, S 100", "H 100, SZ, H 100", "A 101, null, A 101", "DK 21000, null, DK 21000",
            "L 12345, null, L 12345"})
    void keepsLettersAndASpaceThatAreNoPrefixOfTheCode(final String input, final String region, final String expected) {
        final CleanResult result = rule.clean(input, region);
        assertTrue(result.isValid(), () -> input + " in " + region + ": " + result.getReason());
        assertEquals(expected, result.getValue());
    }

    @ParameterizedTest
    @CsvSource({"F 75001, DE, not a 5-digit postal code", "D 10115, AT, not a 4-digit Austrian postal code", "A 1010, US, not a US ZIP code"})
    void checksLettersAndASpaceOnAnotherCountrysRecordAsThatCountrysCode(final String input, final String region, final String reason) {
        assertEquals(reason, rule.clean(input, region).getReason());
    }

    /**
     * Luxembourg writes its four digits after {@code L-}, and records hold them with that prefix, ISO's {@code LU-}, with
     * a space or glued to it: every form is the code's four digits, as the page says. {@code L1234} and {@code LU1234}
     * were rejected, {@code L 1234} too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1234", "L-1234", "L 1234", "L1234", "l1234", "LU-1234", "LU 1234", "LU1234", "lu-1234", "1234.0"})
    void writesEveryFormOfALuxembourgCodeAsItsFourDigits(final String input) {
        final CleanResult result = rule.clean(input, "LU");
        assertTrue(result.isValid(), () -> input + ": " + result.getReason());
        assertEquals("1234", result.getValue());
    }

    /**
     * A prefix glued to the code ({@code L1234}, {@code D10115}) is read as one only on a record of the prefix's country:
     * elsewhere and without a country the letters may be the code's own (Argentina's {@code B1636}, Eswatini's
     * {@code H100}, a UK {@code E1 6AN}).
     */
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"D10115, DE, 10115", "CH8001, CH, 8001", "DK2100, DK, 2100", "S11122, SE, 111 22",
            "NL1012AB, NL, 1012 AB", "I00100, IT, 00100", "L1234, null, L1234", "B1636, AR, B1636", "B1636, null, B1636", "H100, SZ, H100",
            "e1 6an, GB, E1 6AN", "D02 X285, IE, D02 X285"})
    void readsAGluedPrefixOnlyOnARecordOfItsCountry(final String input, final String region, final String expected) {
        final CleanResult result = rule.clean(input, region);
        assertTrue(result.isValid(), () -> input + " in " + region + ": " + result.getReason());
        assertEquals(expected, result.getValue());
    }

    /**
     * A code whose leading zeros a spreadsheet dropped gets all of them back, as far as the country's codes go: Italy's
     * start at 00010 (Rome's province 00010 to 00199, the city 00118 to 00199), so {@code 100} is Rome's {@code 00100} and
     * {@code 10} {@code 00010} (rejected before: Italy shared Germany's one zero); Germany's, France's and Spain's start
     * at 01000 (Dresden 01067, Ain 01000, Álava 01001), so they lose one zero at most; a US ZIP two from 00501
     * (Holtsville NY) on, and the highest, 99950 (Ketchikan AK), is one too.
     */
    @ParameterizedTest
    @CsvSource({
            "100, IT, 00100", "118, IT, 00118", "6121, IT, 06121", "10, IT, 00010", "198, IT, 00198", "00118, IT, 00118", "100.0, IT, 00100",
            "I-100, IT, 00100", "IT-118, IT, 00118", "98168, IT, 98168",
            "2134, US, 02134", "501, US, 00501", "1000, FR, 01000", "97100, FR, 97100", "98000, FR, 98000", "1067, DE, 01067", "99998, DE, 99998",
            "1001, ES, 01001", "8001, ES, 08001", "52080, ES, 52080",
            "00501, US, 00501", "00544, US, 00544", "00601, PR, 00601", "9001, US, 09001", "5011234, US, 00501-1234", "99501, US, 99501",
            "99950, US, 99950", "99950-1234, US, 99950-1234"
    })
    void givesACodeAllTheLeadingZerosItsCountryHas(final String input, final String region, final String expected) {
        final CleanResult result = rule.clean(input, region);
        assertTrue(result.isValid(), () -> input + " in " + region + ": " + result.getReason());
        assertEquals(expected, result.getValue());
    }

    /**
     * No Italian code is below 00010, no German, French or Spanish one below 01000, no Spanish one past 52999 (the first
     * two digits are the province, 01 to 52): such a value is no code, with its zeros given back or as written.
     */
    @ParameterizedTest
    @CsvSource({"1, IT", "9, IT", "00009, IT", "0, IT", "100000, IT", "100, FR", "100, DE", "100, ES", "00123, DE", "0999, FR", "00999, ES",
            "53000, ES", "60000, ES", "99999, ES"})
    void rejectsACodeBelowOrAboveItsCountrysCodes(final String input, final String region) {
        assertEquals("not a 5-digit postal code", rule.clean(input, region).getReason(), input + " in " + region);
    }

    /**
     * ZIP codes run from 00501 (Holtsville NY, the IRS; Puerto Rico's start at 00601) to 99950 (Ketchikan AK): a value
     * below or above, with its zeros given back or as written, is no ZIP code (00123 and 0123 were kept as 00123).
     */
    @ParameterizedTest
    @CsvSource({"00123, US", "0123, US", "00500, US", "500, US", "00001, US", "01231234, US", "00123-4567, US", "00100, PR", "99951, US",
            "99998, US", "99990-1234, GU"})
    void rejectsAZipBelowOrAboveTheZipCodes(final String input, final String region) {
        assertEquals("not a US ZIP code", rule.clean(input, region).getReason(), input + " in " + region);
    }

    /**
     * 00000 and 99999 are the dummies a form or an import fills a required ZIP code with, as 1900-01-01 is a birth date's:
     * rejected with a reason that says so (a flow that wants them null adds them to the Placeholder Values), however
     * written: as four digits whose zero a spreadsheet dropped, as ZIP+4, or as a number (an integer column's 0).
     */
    @ParameterizedTest
    @CsvSource({"00000, US", "0000, US", "000000000, US", "00000-0000, US", "99999, US", "99999-9999, PR", "99999.0, US", "0000.0, US", "0, US", "0.0, VI"})
    void rejectsThePlaceholderZipCodesWithTheirReason(final String input, final String region) {
        assertEquals(PostalCodeRule.PLACEHOLDER_ZIP, rule.clean(input, region).getReason(), input + " in " + region);
    }

    /**
     * A record without a country of its own reads its code in the default region, unless a prefix names the code's
     * country: letters and a space do when the rest is a code of theirs, and are read in the default region otherwise.
     */
    @ParameterizedTest
    @CsvSource({"DK 2100, US, 2100", "A 1010, US, 1010", "SE 111 22, DE, 111 22", "DK-2100, US, 2100", "L1234, LU, 1234", "L 1234, LU, 1234",
            "S 100, SZ, S 100", "L1234, US, not a US ZIP code", "A 12345, US, not a US ZIP code", "A 101, AT, not a 4-digit Austrian postal code"})
    void readsAPrefixFollowedByASpaceOnARecordWithoutACountry(final String input, final String defaultRegion, final String expected) {
        final CleanResult result = rule.cleanWithoutCountry(input, defaultRegion);
        assertEquals(expected, result.isValid() ? result.getValue() : result.getReason(), input + " with a default of " + defaultRegion);
    }
}
