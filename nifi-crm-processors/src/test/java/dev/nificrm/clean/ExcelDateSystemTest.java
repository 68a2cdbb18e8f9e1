package dev.nificrm.clean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExcelDateSystemTest {

    @ParameterizedTest
    @CsvSource({
            "1, 1900-01-01T00:00", "59, 1900-02-28T00:00", "61, 1900-03-01T00:00", "1462, 1904-01-01T00:00",
            "36526, 2000-01-01T00:00", "45234, 2023-11-04T00:00", "99999, 2173-10-13T00:00"
    })
    void counts1900DaysFromTheEndOf1899WithLotussLeapDay(final long day, final String expected) {
        assertEquals(LocalDateTime.parse(expected), ExcelDateSystem.DATE_SYSTEM_1900.dateTime(day, ""));
    }

    @Test
    void hasNoDateForDayZeroNorTheFictitious29February1900() {
        assertNull(ExcelDateSystem.DATE_SYSTEM_1900.dateTime(0, ""));
        assertNull(ExcelDateSystem.DATE_SYSTEM_1900.dateTime(60, ""));
    }

    @ParameterizedTest
    @CsvSource({"0, 1904-01-01T00:00", "1, 1904-01-02T00:00", "34064, 1997-04-06T00:00", "45234, 2027-11-05T00:00"})
    void counts1904DaysFrom1January1904(final long day, final String expected) {
        assertEquals(LocalDateTime.parse(expected), ExcelDateSystem.DATE_SYSTEM_1904.dateTime(day, ""));
    }

    @ParameterizedTest
    @CsvSource({
            "5, 2023-11-04T12:00", "25, 2023-11-04T06:00", "520833333333, 2023-11-04T12:30", "0000000115741, 2023-11-04T00:00:00.001",
            "999999999, 2023-11-05T00:00"
    })
    void readsTheFractionAsTheTimeOfDayToTheMillisecond(final String fraction, final String expected) {
        assertEquals(LocalDateTime.parse(expected), ExcelDateSystem.DATE_SYSTEM_1900.dateTime(45234, fraction));
    }

    @Test
    void readsNothingWhenSerialDaysAreRejected() {
        assertThrows(IllegalStateException.class, () -> ExcelDateSystem.REJECT.dateTime(45234, ""));
    }
}
