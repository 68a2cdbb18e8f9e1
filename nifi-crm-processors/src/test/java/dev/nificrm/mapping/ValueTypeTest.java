package dev.nificrm.mapping;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ValueTypeTest {
    private static final List<TemporalFormat> ISO = List.of(TemporalFormat.ISO_FORMAT);

    @Test
    void convertsNumbersAndBooleans() throws ValueMappingException {
        assertEquals(42, ValueType.INT.convert(" 42 ", ISO));
        assertEquals(42L, ValueType.LONG.convert(42.0d, ISO));
        assertEquals(2.5d, ValueType.DOUBLE.convert("2.5", ISO));
        assertEquals(new BigDecimal("1234.50"), ValueType.DECIMAL.convert("1234.50", ISO));
        assertEquals(Boolean.TRUE, ValueType.BOOLEAN.convert("Yes", ISO));
        assertEquals(Boolean.FALSE, ValueType.BOOLEAN.convert(0, ISO));
        assertEquals("1234.5", ValueType.STRING.convert(new BigDecimal("1234.5"), ISO));
        assertEquals("7", ValueType.STRING.convert(7.0d, ISO));
    }

    @Test
    void convertsDatesAndTimestamps() throws ValueMappingException {
        assertEquals(Date.valueOf(LocalDate.of(1990, 5, 1)), ValueType.DATE.convert("1990-05-01", ISO));
        assertEquals(Timestamp.from(Instant.parse("2024-01-15T10:30:00Z")), ValueType.TIMESTAMP.convert(1705314600000L, ISO));
        assertEquals(Timestamp.from(Instant.parse("2024-01-15T10:30:00Z")),
                ValueType.TIMESTAMP.convert(Timestamp.from(Instant.parse("2024-01-15T10:30:00Z")), ISO));
        assertEquals("1990-05-01", ValueType.STRING.convert(Date.valueOf(LocalDate.of(1990, 5, 1)), ISO));
    }

    @Test
    void explainsFailuresWithoutTheValue() {
        assertEquals("is not a whole number", assertThrows(ValueMappingException.class, () -> ValueType.INT.convert("4.5", ISO)).getMessage());
        assertEquals("is outside the range of an int",
                assertThrows(ValueMappingException.class, () -> ValueType.INT.convert("99999999999", ISO)).getMessage());
        assertEquals("is not a boolean (true/false, yes/no, 1/0)",
                assertThrows(ValueMappingException.class, () -> ValueType.BOOLEAN.convert("maybe", ISO)).getMessage());
        assertEquals("is not a timestamp in any of the formats [ISO]",
                assertThrows(ValueMappingException.class, () -> ValueType.TIMESTAMP.convert("secret text", ISO)).getMessage());
    }
}
