package dev.nificrm.merge;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SystemTimestampsTest {
    private static final long ELEVEN_UTC = Instant.parse("2024-03-01T11:00:00Z").toEpochMilli();

    /** Each listed system in its own pattern and zone, names compared ignoring case; any other system, and none, as the default. */
    @Test
    void readsEachSystemInItsOwnWay() {
        final SystemTimestamps times = SystemTimestamps.of("MM/dd/yyyy HH:mm:ss", ZoneId.of("Europe/Berlin"),
                SystemTimestamps.entries("dynamics=yyyy-MM-dd HH:mm:ss"), Map.of("dynamics", ZoneId.of("America/New_York")));

        assertEquals(ELEVEN_UTC, times.of("Dynamics").toEpochMillis("2024-03-01 06:00:00"));
        assertEquals(ELEVEN_UTC, times.of("zoho").toEpochMillis("03/01/2024 12:00:00"));
        assertEquals(ELEVEN_UTC, times.of(null).toEpochMillis("03/01/2024 12:00:00"));
        assertEquals(ELEVEN_UTC, times.of("salesforce").toEpochMillis("2024-03-01T11:00:00Z"));
    }

    /** A zone listed without a pattern of its own takes the default pattern; a pattern without a zone, the default zone. */
    @Test
    void aSystemTakesTheDefaultForWhatItDoesNotList() {
        final SystemTimestamps times = SystemTimestamps.of("MM/dd/yyyy HH:mm:ss", ZoneOffset.UTC,
                SystemTimestamps.entries("sql=yyyy-MM-dd HH:mm:ss"), Map.of("zoho", ZoneId.of("Europe/Berlin")));

        assertEquals(ELEVEN_UTC, times.of("zoho").toEpochMillis("03/01/2024 12:00:00"));
        assertEquals(ELEVEN_UTC, times.of("sql").toEpochMillis("2024-03-01 11:00:00"));
    }

    /** A time that is none of its system's names the system and its pattern, never the value; a time of no known system as before. */
    @Test
    void aTimeThatIsNoneNamesItsSystem() {
        final SystemTimestamps times = SystemTimestamps.of(null, ZoneOffset.UTC, SystemTimestamps.entries("zoho=MM/dd/yyyy HH:mm:ss"),
                Map.of("zoho", ZoneId.of("Europe/Berlin")));

        assertEquals(ELEVEN_UTC, times.toEpochMillis("ZOHO", "03/01/2024 12:00:00"));
        assertEquals("not a Zoho timestamp: not a date or ISO-8601 timestamp (e.g. 2024-03-01T09:30:00Z), nor in the format MM/dd/yyyy HH:mm:ss",
                assertThrows(IllegalArgumentException.class, () -> times.toEpochMillis("Zoho", "1 March 2024")).getMessage());
        assertEquals("not a salesforce timestamp: not a date or ISO-8601 timestamp (e.g. 2024-03-01T09:30:00Z)",
                assertThrows(IllegalArgumentException.class, () -> times.toEpochMillis("salesforce", "03/01/2024 12:00:00")).getMessage());
        assertEquals("not a date or ISO-8601 timestamp (e.g. 2024-03-01T09:30:00Z)",
                assertThrows(IllegalArgumentException.class, () -> times.toEpochMillis(null, "1 March 2024")).getMessage());
    }

    @Test
    void refusesWhatCannotBeRead() {
        assertEquals("'zoho' is not system=value: give one system a line, e.g. zoho=MM/dd/yyyy HH:mm:ss or zoho=Europe/Berlin",
                assertThrows(IllegalArgumentException.class, () -> SystemTimestamps.entries("zoho")).getMessage());
        assertEquals("ZOHO is listed twice: give each system one entry",
                assertThrows(IllegalArgumentException.class, () -> SystemTimestamps.entries("zoho=a; ZOHO=b")).getMessage());
        assertEquals(Map.of("zoho", "MM/dd/yyyy HH:mm:ss"), SystemTimestamps.entries("\n zoho = MM/dd/yyyy HH:mm:ss \n\n"));
        assertThrows(IllegalArgumentException.class,
                () -> SystemTimestamps.of(null, ZoneOffset.UTC, Map.of(), Map.of("dynamics", ZoneId.of("America/New_York"))));
        assertEquals("dynamics: 'HH:mm' reads no day; give a date pattern such as MM/dd/yyyy HH:mm:ss", assertThrows(IllegalArgumentException.class,
                () -> SystemTimestamps.of(null, ZoneOffset.UTC, Map.of("dynamics", "HH:mm"), Map.of())).getMessage());
    }
}
