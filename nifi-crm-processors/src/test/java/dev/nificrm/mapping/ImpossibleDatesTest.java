package dev.nificrm.mapping;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A date that does not exist must not be read as the last day of its month. */
class ImpossibleDatesTest {

    @Test
    void impossibleCalendarDatesAreNotClampedToTheEndOfTheMonth() {
        assertNull(TemporalFormat.of("ISO").parseDate("2024-02-31"), "31 February does not exist");
        assertNull(TemporalFormat.of("ISO").parseDate("2023-02-29"), "2023 is no leap year");
        assertNull(TemporalFormat.of("ISO").parseInstant("2024-04-31T10:00:00Z"), "30 days hath April");
        assertNull(TemporalFormat.of("MM/dd/yyyy").parseDate("02/31/2024"));
        assertNull(TemporalFormat.of("dd.MM.yyyy HH:mm").parseInstant("31.06.2024 10:00"));
        // real dates are still read, in every pattern letter for the year
        assertEquals(LocalDate.of(2024, 2, 29), TemporalFormat.of("ISO").parseDate("2024-02-29"));
        assertEquals(LocalDate.of(2024, 2, 29), TemporalFormat.of("MM/dd/yyyy").parseDate("02/29/2024"));
        assertEquals(LocalDate.of(2024, 2, 29), TemporalFormat.of("M/d/uuuu").parseDate("2/29/2024"));
        assertEquals(LocalDate.of(2024, 1, 15), TemporalFormat.of("M/d/yy").parseDate("1/15/24"));
    }

    @Test
    void theProcessorRoutesAnImpossibleDateToInvalid() throws Exception {
        final MappingPlan plan = MappingCompiler.compile(null, null,
                SpecificationReader.read("{\"fields\": {\"born\": {\"from\": \"/dob\", \"type\": \"date\"}}}"), null, UnmappedFieldPolicy.DROP, "crm_errors");
        final org.apache.nifi.serialization.record.Record record = new org.apache.nifi.serialization.record.MapRecord(
                new org.apache.nifi.serialization.SimpleRecordSchema(java.util.List.of(new org.apache.nifi.serialization.record.RecordField("dob",
                        org.apache.nifi.serialization.record.RecordFieldType.STRING.getDataType()))), new java.util.HashMap<>(java.util.Map.of("dob", "2024-02-31")));
        final MappingResult result = plan.map(record);
        assertEquals(false, result.isValid(), "2024-02-31 was mapped to " + result.record().getValue("born"));
    }
}
