package dev.nificrm.clean;

import dev.nificrm.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DateRuleTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    private final DateRule date = new DateRule(DateRule.Kind.DATE, DateOrder.MDY, CLOCK);
    private final DateRule dayFirst = new DateRule(DateRule.Kind.DATE, DateOrder.DMY, CLOCK);
    private final DateRule yearFirst = new DateRule(DateRule.Kind.DATE, DateOrder.YMD, CLOCK);
    private final DateRule birth = new DateRule(DateRule.Kind.BIRTH_DATE, DateOrder.MDY, CLOCK);
    private final DateRule asWritten = new DateRule(DateRule.Kind.AS_WRITTEN, DateOrder.MDY, CLOCK);
    private final DateRule timestamp = new DateRule(DateRule.Kind.TIMESTAMP, DateOrder.MDY, CLOCK);

    @ParameterizedTest
    @CsvSource({
            "2024-01-15, 2024-01-15",
            "2024/1/5, 2024-01-05",
            "2024-01-15T10:30:00.000+0000, 2024-01-15",
            "1705314600000, 2024-01-15",
            "20240115, 2024-01-15",
            "01/15/2024, 2024-01-15",
            "1/15/2024 10:30:00 AM, 2024-01-15",
            "03/04/2021, 2021-03-04",
            "15/01/2024, 2024-01-15",
            "15.01.2024, 2024-01-15",
            "15 Jan 2024, 2024-01-15",
            "15-JAN-2024, 2024-01-15",
            "'January 15, 2024', 2024-01-15",
            "Jan 15th 2024, 2024-01-15",
            "'Mon, 15 Jan 2024 10:30:00 GMT', 2024-01-15",
            "2024-Jan-15, 2024-01-15",
            "01/15/99, 1999-01-15",
            "01/15/24, 2024-01-15"
    })
    void readsCrmDateFormats(final String input, final String expected) {
        final CleanResult result = date.clean(input, "US");
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    @Test
    void readsAmbiguousDatesByTheConfiguredOrder() {
        assertEquals("2021-03-04", date.clean("03/04/2021", "US").getValue());
        assertEquals("2021-04-03", dayFirst.clean("03/04/2021", "US").getValue());
        assertEquals("2021-04-03", yearFirst.clean("21/04/03", "US").getValue());
        assertEquals("2024-01-15", dayFirst.clean("01/15/2024", "US").getValue());
    }

    @ParameterizedTest
    @CsvSource({
            "2024-01-15, 2024-01-15",
            "2024-01-15T10:30:00.000+0000, 2024-01-15T10:30:00Z",
            "2024-01-15 10:30, 2024-01-15T10:30:00",
            "01/15/2024 10:30:00 PM, 2024-01-15T22:30:00",
            "01/15/2024 12:05 AM, 2024-01-15T00:05:00",
            "2024-01-15T10:30:00+01:00, 2024-01-15T10:30:00+01:00",
            "2024-01-15T10:30:00.123-0500, 2024-01-15T10:30:00.123-05:00",
            "1705314600000, 2024-01-15T10:30:00Z",
            "1705314600, 2024-01-15T10:30:00Z"
    })
    void keepsThePrecisionAsWritten(final String input, final String expected) {
        assertEquals(expected, asWritten.clean(input, "US").getValue());
    }

    @Test
    void writesTimestamps() {
        assertEquals("2024-01-15T00:00:00", timestamp.clean("2024-01-15", "US").getValue());
        assertEquals("2024-01-15T10:30:00Z", timestamp.clean("2024-01-15T10:30:00Z", "US").getValue());
        assertFalse(timestamp.clean("2024-01-15T10:30:00Z", "US").isChanged());
    }

    @ParameterizedTest
    @CsvSource({
            "2021-02-30, not a real calendar date",
            "13/13/2021, not a real calendar date",
            "19991399, not a real calendar date",
            "01/15/2024 13:00 PM, not a real calendar date",
            "yesterday, unrecognised date format",
            "2024-01, unrecognised date format",
            "15 Foo 2024, unrecognised date format",
            "2024-01-15 and more, unrecognised date format",
            "123, unrecognised date format"
    })
    void rejectsImpossibleAndUnreadableDates(final String input, final String reason) {
        final CleanResult result = date.clean(input, "US");
        assertFalse(result.isValid());
        assertEquals(reason, result.getReason());
    }

    @Test
    void checksBirthDates() {
        assertEquals("1980-01-15", birth.clean("15.01.1980", "US").getValue());
        assertEquals("birth date in the future", birth.clean("2030-01-01", "US").getReason());
        assertEquals("birth date before 1900", birth.clean("1850-01-01", "US").getReason());
        assertEquals("1930-01-15", birth.clean("01/15/30", "US").getValue());
    }

    /** 1 January 1900 in a birth date is the placeholder of an unknown one, however written; other dates of 1900 are dates. */
    @ParameterizedTest
    @CsvSource({"1900-01-01", "1900-01-01T00:00:00Z", "01/01/1900", "19000101", "-2208988800000"})
    void rejectsThePlaceholderBirthDate(final String input) {
        final CleanResult result = birth.clean(input, "US");
        assertFalse(result.isValid(), () -> input + " became " + result.getValue());
        assertEquals("1900-01-01, the placeholder for an unknown birth date: not a birth date", result.getReason());
        // a date field that is no birth date keeps it
        assertEquals("1900-01-01", date.clean("1900-01-01", "US").getValue());
        assertEquals("1900-01-02", birth.clean("1900-01-02", "US").getValue());
    }

    @ParameterizedTest
    @CsvSource({
            "-315619200000, 1960-01-01",
            "-2208902400000, 1900-01-02",
            "45792000000, 1971-06-15",
            "-1000000000, 1938-04-24"
    })
    void readsEpochValuesBefore1970AndOfElevenDigitsAsTheirSignAndLengthSay(final String input, final String expected) {
        final CleanResult result = birth.clean(input, "US");
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    @ParameterizedTest
    @CsvSource({"45234", "45234.5", "36526"})
    void rejectsASpreadsheetsSerialDayNumberNamingWhatItLooksLike(final String input) {
        for (final DateRule rule : new DateRule[] {date, birth, asWritten, timestamp}) {
            final CleanResult result = rule.clean(input, "US");
            assertFalse(result.isValid(), () -> input + " became " + result.getValue());
            assertEquals("a spreadsheet's serial day number, not a date: format the column as a date before exporting", result.getReason());
        }
    }

    @Test
    void rejectsAnEpochValueASpreadsheetWroteInScientificNotationWithoutEveryDigit() {
        final CleanResult lost = timestamp.clean("1.70531E+12", "US");
        assertFalse(lost.isValid(), () -> "became " + lost.getValue());
        assertEquals("digits lost in a spreadsheet's scientific notation: format the column as text before exporting", lost.getReason());
        assertEquals("2024-01-15T10:30:00Z", timestamp.clean("1.705314600000E+12", "US").getValue());
        assertEquals("2024-01-15T10:30:00Z", timestamp.clean("1705314600000.0", "US").getValue());
    }

    @ParameterizedTest
    @CsvSource({
            "45234, 2023-11-04, 2027-11-05",
            "45234.0, 2023-11-04, 2027-11-05",
            "45234.5, 2023-11-04T12:00:00, 2027-11-05T12:00:00",
            "45234.520833333333, 2023-11-04T12:30:00, 2027-11-05T12:30:00",
            "36526, 2000-01-01, 2004-01-02"
    })
    void readsASpreadsheetsSerialDayInTheWorkbooksDateSystem(final String input, final String in1900, final String in1904) {
        final DateRule system1900 = new DateRule(DateRule.Kind.AS_WRITTEN, DateOrder.MDY, ExcelDateSystem.DATE_SYSTEM_1900, CLOCK);
        final DateRule system1904 = new DateRule(DateRule.Kind.AS_WRITTEN, DateOrder.MDY, ExcelDateSystem.DATE_SYSTEM_1904, CLOCK);
        assertEquals(in1900, system1900.clean(input, "US").getValue());
        assertEquals(in1904, system1904.clean(input, "US").getValue());
    }

    @Test
    void readsASerialDayAsADateOrALocalTimestampByTheFieldsKind() {
        final DateRule birth1900 = new DateRule(DateRule.Kind.BIRTH_DATE, DateOrder.MDY, ExcelDateSystem.DATE_SYSTEM_1900, CLOCK);
        final DateRule timestamp1900 = new DateRule(DateRule.Kind.TIMESTAMP, DateOrder.MDY, ExcelDateSystem.DATE_SYSTEM_1900, CLOCK);
        final DateRule date1900 = new DateRule(DateRule.Kind.DATE, DateOrder.MDY, ExcelDateSystem.DATE_SYSTEM_1900, CLOCK);
        assertEquals("2000-01-01", birth1900.clean("36526", "US").getValue());
        assertEquals("birth date in the future", birth1900.clean("50000", "US").getReason());
        assertEquals("2023-11-04T00:00:00", timestamp1900.clean("45234", "US").getValue());
        assertEquals("2023-11-04T12:00:00", timestamp1900.clean("45234.5", "US").getValue());
        assertEquals("2023-11-04", date1900.clean("45234.5", "US").getValue());
        // four digits are more likely a year than a day of 1900 to 1927
        assertEquals("unrecognised date format", date1900.clean("1985", "US").getReason());
    }

    @Test
    void readsTenDigitsOfWholeDaysAsHubSpotsMillisecondsWhenAsSecondsTheyWereABirthDateInTheFuture() {
        // HubSpot writes a date as midnight UTC in milliseconds: 1970-02-15 is 3888000000, 2093-03-16 as seconds
        assertEquals("1970-02-15", birth.clean("3888000000", "US").getValue());
        assertEquals("1970-04-26", birth.clean("9936000000", "US").getValue());
        // not whole days in milliseconds: the seconds stand, and the birth date is in the future
        assertEquals("birth date in the future", birth.clean("3888000001", "US").getReason());
        // seconds in the past are a birth date too (2008-05-01), as HubSpot's 1970-01-15 is: which one is not known
        assertEquals(AMBIGUOUS_EPOCH, birth.clean("1209600000", "US").getReason());
        // a date that is no birth date may be in the future: ten digits stay seconds
        assertEquals("2093-03-16", date.clean("3888000000", "US").getValue());
        assertEquals("2093-03-16T00:00:00Z", timestamp.clean("3888000000", "US").getValue());
    }

    private static final String AMBIGUOUS_EPOCH = "an epoch number that is one birth date in seconds and another in milliseconds: export the "
            + "date as text";

    @Test
    void readsWholeDaysInMillisecondsBefore1970AsHubSpotsWhenAsSecondsTheyWereBefore1900() {
        // HubSpot's 1969-11-17 at midnight UTC; as seconds 1846
        assertEquals("1969-11-17", birth.clean("-3888000000", "US").getValue());
        // 26 days before 1970, or 1898 as seconds; 25 days before, 1901 as seconds, is a birth date both ways
        assertEquals("1969-12-06", birth.clean("-2246400000", "US").getValue());
        assertEquals(AMBIGUOUS_EPOCH, birth.clean("-2160000000", "US").getReason());
    }

    @ParameterizedTest
    @CsvSource({
            "345600000, 1970-01-05 in milliseconds; 1980-12-14 in seconds",
            "950400000, 1970-01-12; 2000-02-13",
            "-345600000, 1969-12-27; 1959-01-19",
            "-1209600000, 1969-12-18; 1931-09-03",
            "-86400000, 1969-12-31; 1967-04-07"
    })
    void rejectsWholeDaysInMillisecondsThatAsSecondsAreAnotherBirthDateAsAmbiguous(final String input, final String twoDates) {
        final CleanResult result = birth.clean(input, "US");
        assertFalse(result.isValid(), () -> input + " became " + result.getValue() + ", one of " + twoDates);
        assertEquals(AMBIGUOUS_EPOCH, result.getReason());
    }

    @Test
    void readsNineAndTenDigitsThatAreNotWholeDaysInMillisecondsAsSecondsAndOtherDatesByTheirDigits() {
        assertEquals("1980-12-14", birth.clean("345600001", "US").getValue());
        assertEquals("1938-04-24", birth.clean("-1000000000", "US").getValue());
        // no birth date: nine and ten digits are seconds, as documented
        assertEquals("1980-12-14", date.clean("345600000", "US").getValue());
        assertEquals("1931-09-03T00:00:00Z", timestamp.clean("-1209600000", "US").getValue());
    }
    private static final String EPOCH_ZERO = "the epoch itself (0, 1970-01-01T00:00:00Z), what an unset date is exported as: not a date";

    @ParameterizedTest
    @CsvSource({"0", "0.0", "000000000", "0000000000000"})
    void rejectsTheEpochItselfInEveryKindOfDateAsHowAnUnsetDateIsExported(final String input) {
        // HubSpot integrations write an unset date property as 0: a created date of 1970 is surely one, a birth date nearly always
        for (final DateRule rule : new DateRule[] {date, birth, asWritten, timestamp}) {
            final CleanResult result = rule.clean(input, "US");
            assertFalse(result.isValid(), () -> input + " became " + result.getValue());
            assertEquals(EPOCH_ZERO, result.getReason());
        }
    }

    @Test
    void readsEightDigitsThatAreNoDateButWholeDaysInMillisecondsAsHubSpotsEarliestDates() {
        // 86400000 is 1970-01-02 at midnight UTC in milliseconds; as yyyyMMdd it would be 8640-00-00
        assertEquals("1970-01-02", date.clean("86400000", "US").getValue());
        assertEquals("1970-01-02", birth.clean("86400000", "US").getValue());
        assertEquals("1970-01-02T00:00:00Z", asWritten.clean("86400000", "US").getValue());
        assertEquals("1970-01-02T00:00:00Z", timestamp.clean("86400000", "US").getValue());
        assertEquals("1970-01-02", date.clean("86400000.0", "US").getValue());
        assertEquals("1969-12-31", date.clean("-86400000", "US").getValue());
        // a date yyyyMMdd stays one, and eight digits that are neither a date nor whole days stay impossible dates
        assertEquals("2024-03-01", date.clean("20240301", "US").getValue());
        assertEquals("1970-01-02", birth.clean("19700102", "US").getValue());
        assertEquals("not a real calendar date", date.clean("86400001", "US").getReason());
        assertEquals("not a real calendar date", date.clean("12345678", "US").getReason());
        // in a birth date, -86400000 is 1967-04-07 in seconds as well: which one is not known
        assertEquals(AMBIGUOUS_EPOCH, birth.clean("-86400000", "US").getReason());
    }

    @Test
    void readsADoubleAsJavaWritesItAsTheWholeNumberItHolds() {
        // what a JSON reader with a schema of strings makes of the JSON number 1705314600000.0, and NiFi's writers write of a double
        assertEquals("2024-01-15T10:30:00Z", timestamp.clean("1.7053146E12", "US").getValue());
        assertEquals("2024-01-15", birth.clean("1.7053146E12", "US").getValue());
        assertEquals("1970-01-02", date.clean("8.64E7", "US").getValue());
        assertEquals(EPOCH_ZERO, timestamp.clean("0.0", "US").getReason());
        // twelve digits or more in six significant ones may be a spreadsheet's display read as a double, as for a double itself
        assertEquals("digits lost in a spreadsheet's scientific notation: format the column as text before exporting",
                timestamp.clean("1.70531E12", "US").getReason());
        // a spreadsheet writes the exponent with its sign: eight significant digits of thirteen are its display
        assertEquals("digits lost in a spreadsheet's scientific notation: format the column as text before exporting",
                timestamp.clean("1.7053146E+12", "US").getReason());
        assertEquals("unrecognised date format", timestamp.clean("1.23456789E7", "US").getReason());
    }

    @ParameterizedTest
    @CsvSource({
            "10/13/26, 1926-10-13",
            "13-Oct-26, 1926-10-13",
            "'Dec 31, 26', 1926-12-31",
            "06/02/26, 1926-06-02",
            "06/01/26, 2026-06-01",
            "05/31/26, 2026-05-31"
    })
    void readsABirthDateOfTwoDigitsInThisYearAfterTodayACenturyEarlier(final String input, final String expected) {
        // on 2026-06-01 a birth date 10/13/26 is 1926, not a birth date in the future: two-digit years are never ahead
        final CleanResult result = birth.clean(input, "US");
        assertTrue(result.isValid(), () -> String.valueOf(result.getReason()));
        assertEquals(expected, result.getValue());
    }

    /**
     * A rule built before New Year (a processor scheduled in December and left running) reads two-digit years against the
     * year of its clock when it reads them, not the year it was built in.
     */
    @Test
    void readsTwoDigitYearsAgainstTheClockAsItMovesIntoANewYear() {
        final MutableClock clock = new MutableClock(Instant.parse("2026-12-31T23:00:00Z"));
        final DateRule movingDate = new DateRule(DateRule.Kind.DATE, DateOrder.MDY, clock);
        final DateRule movingBirth = new DateRule(DateRule.Kind.BIRTH_DATE, DateOrder.MDY, clock);
        // in 2026, 20 years ahead at most: 46 is 2046, 47 is 1947; a birth date is never ahead: 27 is 1927
        assertEquals("2046-01-15", movingDate.clean("01/15/46", "US").getValue());
        assertEquals("1947-01-15", movingDate.clean("01/15/47", "US").getValue());
        assertEquals("1927-01-01", movingBirth.clean("01/01/27", "US").getValue());

        clock.advance(Duration.ofHours(2));
        // 2027-01-01T01:00Z: 47 is 2047 now, and a baby born today, 01/01/27, is born in 2027
        assertEquals("2047-01-15", movingDate.clean("01/15/47", "US").getValue());
        assertEquals("1948-01-15", movingDate.clean("01/15/48", "US").getValue());
        assertEquals("2027-01-01", movingBirth.clean("01/01/27", "US").getValue());
        assertEquals("1927-01-02", movingBirth.clean("01/02/27", "US").getValue());

        clock.advance(Duration.ofDays(1));
        assertEquals("2027-01-02", movingBirth.clean("01/02/27", "US").getValue());
        assertEquals("2027-01-02", movingBirth.clean("2027-01-02", "US").getValue());
    }

    /**
     * A date-time written with an offset is a day as written in that offset: 23:30 at -05:00 on 15 January is the 15th
     * (the 16th in UTC) in a date and a birth date, kept with its offset in a timestamp; an epoch number, which has no
     * offset, is the day in UTC.
     */
    @ParameterizedTest
    @CsvSource({
            "2024-01-15T23:30:00-05:00, 2024-01-15, 2024-01-15T23:30:00-05:00",
            "2024-01-15 23:30:00 -0500, 2024-01-15, 2024-01-15T23:30:00-05:00",
            "01/15/2024 11:30 PM -05:00, 2024-01-15, 2024-01-15T23:30:00-05:00",
            "'Mon, 15 Jan 2024 23:30:00 -0500', 2024-01-15, 2024-01-15T23:30:00-05:00",
            "2024-01-16T00:30:00+14:00, 2024-01-16, 2024-01-16T00:30:00+14:00",
            "1705379400000, 2024-01-16, 2024-01-16T04:30:00Z"
    })
    void readsTheDayOfADateTimeAsWrittenInItsOffset(final String input, final String day, final String dateTime) {
        assertEquals(day, birth.clean(input, "US").getValue());
        assertEquals(day, date.clean(input, "US").getValue());
        assertEquals(dateTime, timestamp.clean(input, "US").getValue());
        assertEquals(dateTime, asWritten.clean(input, "US").getValue());
    }
}
