package dev.nificrm.merge;

import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimestampsTest {
    private static final long NINE_THIRTY = Instant.parse("2024-03-01T09:30:00Z").toEpochMilli();

    /**
     * An epoch number is read as CleanCRMRecord reads it: ten digits are seconds (a Unix timestamp), thirteen
     * milliseconds; read as milliseconds, 1709285400 would be January 1970 and lose every most_recent comparison.
     */
    @Test
    void tenDigitsAreEpochSecondsAndThirteenMilliseconds() {
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis(String.valueOf(NINE_THIRTY / 1000)));
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis(NINE_THIRTY / 1000), "a number a JSON reader gives");
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis((int) (NINE_THIRTY / 1000)));
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis(String.valueOf(NINE_THIRTY)));
        assertEquals(-315619200000L, Timestamps.toEpochMillis("-315619200"), "1960-01-01 in seconds");
        assertEquals(-315619200000L, Timestamps.toEpochMillis("-315619200000"), "1960-01-01 in milliseconds");
    }

    /**
     * Every other count of digits is read as CleanCRMRecord reads it: eight digits are a compact date (yyyyMMdd), which
     * read as milliseconds would be a moment of January 1970 and lose every most_recent comparison; five are a
     * spreadsheet's serial day, and any other count is no time: each refused with the reason, never taken as milliseconds.
     */
    @Test
    void otherCountsOfDigitsAreReadAsCleanCrmRecordReadsThemOrRefused() {
        final long march = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
        assertEquals(march, Timestamps.toEpochMillis("20240301"));
        assertEquals(march, Timestamps.toEpochMillis(20240301), "a number a JSON reader gives");
        assertEquals(march, Timestamps.toEpochMillis(20240301L));
        assertEquals("not a real calendar date (8 digits are a date, yyyyMMdd)",
                assertThrows(IllegalArgumentException.class, () -> Timestamps.toEpochMillis("20240231")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Timestamps.toEpochMillis("45352")).getMessage()
                .startsWith("a spreadsheet's serial day number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Timestamps.toEpochMillis(45352)).getMessage()
                .startsWith("a spreadsheet's serial day number"));
        for (final String digits : java.util.List.of("0", "7", "2024", "170928", "1709285", "17092854000000", "170928540000000000")) {
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Timestamps.toEpochMillis(digits), digits);
            assertEquals("a number of " + digits.length() + " digits is no date or epoch time (9 or 10 digits are seconds, 11 to 13 "
                    + "milliseconds, 8 a date yyyyMMdd)", refused.getMessage(), digits);
        }
        for (final String negative : java.util.List.of("-20240301", "-1")) {
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Timestamps.toEpochMillis(negative), negative);
            assertEquals("a negative number of " + (negative.length() - 1) + " digits is no epoch time (9 or 10 digits are seconds before "
                    + "1970, 11 to 13 milliseconds)", refused.getMessage(), negative);
        }
        assertThrows(IllegalArgumentException.class, () -> Timestamps.toEpochMillis(0L), "a number too");
    }

    /**
     * Eight digits that are no date yyyyMMdd but a whole number of days in milliseconds are HubSpot's 1970-01-02 and
     * 1969-12-31, as CleanCRMRecord reads them; the epoch itself, 0, stays refused.
     */
    @Test
    void eightDigitsOfWholeDaysInMillisecondsAreHubSpotsEarliestDates() {
        assertEquals(86_400_000L, Timestamps.toEpochMillis("86400000"));
        assertEquals(86_400_000L, Timestamps.toEpochMillis(86_400_000L), "a number a JSON reader gives");
        assertEquals(86_400_000L, Timestamps.toEpochMillis(8.64E7), "a double a JSON reader gives");
        assertEquals(-86_400_000L, Timestamps.toEpochMillis("-86400000"));
        assertEquals("not a real calendar date (8 digits are a date, yyyyMMdd)",
                assertThrows(IllegalArgumentException.class, () -> Timestamps.toEpochMillis("86400001")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Timestamps.toEpochMillis("-86400001"));
        assertThrows(IllegalArgumentException.class, () -> Timestamps.toEpochMillis("0"));
    }

    @Test
    void readsTheWaysCrmsExportTimes() {
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis("2024-03-01T09:30:00Z"));
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis("2024-03-01T09:30:00.000+0000"));
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis("2024-03-01T10:30:00+01:00"));
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis("2024-03-01 09:30:00"));
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis(" 2024-03-01T09:30 "));
        assertEquals(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli(), Timestamps.toEpochMillis("2024-03-01"));
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis(String.valueOf(NINE_THIRTY)));
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis(new Timestamp(NINE_THIRTY)));
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis(NINE_THIRTY));
        assertEquals(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli(), Timestamps.toEpochMillis(java.sql.Date.valueOf(LocalDate.of(2024, 3, 1))));
    }

    /** PostgreSQL writes a timestamptz as text with an offset of hours alone (COPY, psql, a text cast): ISO-8601 allows it. */
    @Test
    void readsAnOffsetOfHoursAloneAsPostgreSqlWritesIt() {
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis("2024-03-01 09:30:00+00"));
        assertEquals(NINE_THIRTY + 123, Timestamps.toEpochMillis("2024-03-01 10:30:00.123456+01"));
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis("2024-03-01T04:30:00-05"));
        assertEquals(NINE_THIRTY, Timestamps.toEpochMillis("2024-03-01T04:30-05"));
        assertThrows(IllegalArgumentException.class, () -> Timestamps.toEpochMillis("2024-03-01T09:30:00+1"));
    }

    @Test
    void theCommonShapesReadWithoutAFormatterGiveWhatTheFormatterGives() {
        for (final String text : java.util.List.of("2024-03-01T09:30:00Z", "2024-03-01T09:30:00.000+0000", "2024-03-01T09:30:00.5-0530",
                "2024-02-29 23:59:59.123+05:45", "1999-12-31T23:59:59", "2024-03-01T09:30:00.123456Z")) {
            final long expected = java.time.format.DateTimeFormatter.ISO_DATE_TIME.parseBest(text.replace(' ', 'T')
                            .replaceAll("([+-]\\d\\d)(\\d\\d)$", "$1:$2"), java.time.OffsetDateTime::from, java.time.LocalDateTime::from) instanceof
                    java.time.OffsetDateTime offset ? offset.toInstant().toEpochMilli()
                    : java.time.LocalDateTime.parse(text.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
            assertEquals(expected, Timestamps.toEpochMillis(text), text);
        }
        assertThrows(IllegalArgumentException.class, () -> Timestamps.toEpochMillis("2023-02-29T10:00:00Z"), "not a day of 2023");
        assertThrows(IllegalArgumentException.class, () -> Timestamps.toEpochMillis("2024-03-01T25:00:00Z"));
    }

    @Test
    void anEmptyValueHasNoTimestampAndTextThatIsNoTimeIsRejectedWithoutEchoingIt() {
        assertEquals(Timestamps.NONE, Timestamps.toEpochMillis(null));
        assertEquals(Timestamps.NONE, Timestamps.toEpochMillis("  "));
        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class, () -> Timestamps.toEpochMillis("last Tuesday"));
        assertFalse(rejected.getMessage().contains("Tuesday"), rejected.getMessage());
    }
}
