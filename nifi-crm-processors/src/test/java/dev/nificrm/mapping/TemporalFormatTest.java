package dev.nificrm.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TemporalFormatTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ISO                          | 2024-01-15T10:30:00Z          | 2024-01-15T10:30:00Z
            ISO                          | 2024-01-15T10:30:00.123+01:00 | 2024-01-15T09:30:00.123Z
            ISO                          | 2024-01-15 10:30              | 2024-01-15T10:30:00Z
            ISO                          | 2024-01-15                    | 2024-01-15T00:00:00Z
            yyyy-MM-dd'T'HH:mm:ss.SSSZ   | 2024-01-15T10:30:00.000+0000  | 2024-01-15T10:30:00Z
            yyyy-MM-dd'T'HH:mm:ss.SSSZ   | 2024-01-15T05:30:00.000-0500  | 2024-01-15T10:30:00Z
            epoch-millis                 | 1705314600000                 | 2024-01-15T10:30:00Z
            M/d/yyyy H:mm:ss             | 1/15/2024 10:30:00            | 2024-01-15T10:30:00Z
            M/d/yyyy h:mm a              | 1/15/2024 10:30 pm            | 2024-01-15T22:30:00Z
            """)
    void readsTimestamps(final String pattern, final String text, final String expected) {
        assertEquals(Instant.parse(expected), TemporalFormat.of(pattern).parseInstant(text));
    }

    @Test
    void readsDatesAndRejectsOtherText() {
        assertEquals(LocalDate.of(2024, 2, 29), TemporalFormat.of("M/d/yyyy").parseDate("2/29/2024"));
        assertEquals(LocalDate.of(2024, 1, 15), TemporalFormat.of("ISO").parseDate("2024-01-15T10:30:00Z"));
        assertNull(TemporalFormat.of("M/d/yyyy").parseDate("2024-02-29"));
        assertNull(TemporalFormat.of("epoch-millis").parseInstant("12a"));
    }

    @Test
    void writesInUtc() {
        final Instant instant = Instant.parse("2024-01-15T10:30:00Z");
        assertEquals("2024-01-15T10:30:00.000+0000", TemporalFormat.of("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(instant));
        assertEquals("2024-01-15T10:30:00.000Z", TemporalFormat.of("ISO").format(instant));
        assertEquals("1705314600000", TemporalFormat.of("epoch-millis").format(instant));
        assertEquals("01/15/2024", TemporalFormat.of("MM/dd/yyyy").format(LocalDate.of(2024, 1, 15)));
        assertEquals("01/15/2024 00:00:00", TemporalFormat.of("MM/dd/yyyy HH:mm:ss").format(LocalDate.of(2024, 1, 15)));
    }

    @Test
    void rejectsInvalidPattern() {
        assertThrows(IllegalArgumentException.class, () -> TemporalFormat.of("yyyy-MM-dd'T"));
    }
}
