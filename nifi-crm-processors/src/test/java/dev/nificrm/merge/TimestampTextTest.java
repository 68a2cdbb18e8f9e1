package dev.nificrm.merge;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimestampTextTest {
    private static final TimestampText ZOHO = TimestampText.of("MM/dd/yyyy HH:mm:ss");

    /** Zoho's import format is read as UTC, after ISO-8601 and epoch numbers, which keep their meaning. */
    @Test
    void readsThePatternAfterIsoAsUtc() {
        assertEquals(Instant.parse("2023-11-20T08:00:00Z").toEpochMilli(), ZOHO.toEpochMillis("11/20/2023 08:00:00"));
        assertEquals(Instant.parse("2023-11-20T08:00:00Z").toEpochMilli(), ZOHO.toEpochMillis("2023-11-20T08:00:00Z"));
        assertEquals(Instant.parse("2024-03-01T09:30:00Z").toEpochMilli(), ZOHO.toEpochMillis("1709285400"));
        assertEquals(Timestamps.NONE, ZOHO.toEpochMillis(" "));
    }

    /**
     * The pattern's local times are in the zone given (Dynamics 365's local format, in Amsterdam's winter and summer time;
     * a SQL CRM's local yyyy-MM-dd HH:mm:ss); a pattern with an offset, and ISO-8601 text the pattern does not read, keep
     * their own meaning.
     */
    @Test
    void readsThePatternsLocalTimesInTheZone() {
        final TimestampText dynamics = TimestampText.of("M/d/yyyy h:mm a", ZoneId.of("Europe/Amsterdam"));
        assertEquals(Instant.parse("2024-03-01T08:30:00Z").toEpochMilli(), dynamics.toEpochMillis("3/1/2024 9:30 AM"));
        assertEquals(Instant.parse("2024-07-01T07:30:00Z").toEpochMilli(), dynamics.toEpochMillis("7/1/2024 9:30 AM"));
        assertEquals(Instant.parse("2024-03-01T09:30:00Z").toEpochMilli(), dynamics.toEpochMillis("2024-03-01 09:30:00"));
        final TimestampText sql = TimestampText.of("yyyy-MM-dd HH:mm:ss", ZoneId.of("Europe/Amsterdam"));
        assertEquals(Instant.parse("2024-03-01T08:30:00Z").toEpochMilli(), sql.toEpochMillis("2024-03-01 09:30:00"),
                "text in the pattern is the pattern's, though ISO-8601 reads it too (as UTC)");
        assertEquals(Instant.parse("2024-03-01T09:30:00Z").toEpochMilli(), sql.toEpochMillis("2024-03-01T09:30:00Z"));
        assertEquals(Instant.parse("2024-03-01T09:30:00Z").toEpochMilli(), sql.toEpochMillis("2024-03-01T09:30:00"));
        final TimestampText withOffset = TimestampText.of("yyyy/MM/dd HH:mm XXX", ZoneId.of("America/New_York"));
        assertEquals(Instant.parse("2024-03-01T08:30:00Z").toEpochMilli(), withOffset.toEpochMillis("2024/03/01 09:30 +01:00"));
    }

    /** Text in neither format, or an impossible date in the pattern, is no time; ISO-8601 alone does not read the pattern. */
    @Test
    void refusesTextInNeitherFormat() {
        final IllegalArgumentException neither = assertThrows(IllegalArgumentException.class, () -> ZOHO.toEpochMillis("20.11.2023 08:00"));
        assertEquals("not a date or ISO-8601 timestamp (e.g. 2024-03-01T09:30:00Z), nor in the format MM/dd/yyyy HH:mm:ss", neither.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ZOHO.toEpochMillis("02/31/2024 08:00:00"));
        assertThrows(IllegalArgumentException.class, () -> TimestampText.ISO_ONLY.toEpochMillis("11/20/2023 08:00:00"));
    }

    /** max and min compare the pattern's text as times (12/01/2019 is before 05/10/2021), numbers never. */
    @Test
    void comparesThePatternAsTimes() {
        assertTrue(ZOHO.time("12/01/2019 08:00:00") < ZOHO.time("05/10/2021 08:00:00"));
        assertEquals(Timestamps.NONE, ZOHO.time("42"));
        assertEquals(Timestamps.NONE, ZOHO.time("Acme"));
    }

    @Test
    void refusesPatternsThatReadNoDay() {
        assertEquals("'HH:mm' reads no day; give a date pattern such as MM/dd/yyyy HH:mm:ss",
                assertThrows(IllegalArgumentException.class, () -> TimestampText.of("HH:mm")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimestampText.of("MM/dd/yyyy qqqqqq")).getMessage()
                .startsWith("'MM/dd/yyyy qqqqqq' is not a java.time pattern"));
    }
}
