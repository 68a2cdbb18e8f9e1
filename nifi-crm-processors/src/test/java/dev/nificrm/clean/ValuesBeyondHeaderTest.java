package dev.nificrm.clean;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValuesBeyondHeaderTest {
    private static final RecordSchema SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("Id", RecordFieldType.STRING.getDataType()),
            new RecordField("Company", RecordFieldType.STRING.getDataType()),
            new RecordField("City", RecordFieldType.STRING.getDataType())));

    @Test
    void findsNothingInARowThatFitsItsHeader() {
        assertTrue(ValuesBeyondHeader.of(record(Map.of("Id", "1", "Company", "Beta", "City", "Boston"))).isEmpty());
        assertTrue(ValuesBeyondHeader.of(record(Map.of("Id", "1", "Company", "Beta"))).isEmpty());
    }

    /** Jackson's CSV parser fills a hash map: the values are read back in the order of the row. */
    @Test
    void findsTheValuesBeyondTheHeaderInTheOrderOfTheRow() {
        final Map<String, Object> values = new HashMap<>();
        values.put("Id", "2");
        values.put("Company", "Acme");
        values.put("City", "Inc");
        for (int position = 3; position < 14; position++) {
            values.put(ValuesBeyondHeader.READER_PREFIX + position, "v" + position);
        }

        final ValuesBeyondHeader found = ValuesBeyondHeader.of(record(values)).orElseThrow();

        assertEquals(3, found.getHeaderColumns());
        assertEquals(14, found.getRowValues());
        assertArrayEquals(new Object[] {"v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13"}, found.getValues());
        assertEquals("the row holds 14 values for the header's 3 columns: a value with an unquoted delimiter shifts the values after it "
                + "(quote it, or fix the export); the 11 values beyond the header are in crm_extra_values", found.reason("crm_extra_values"));
    }

    /** Keys of another source outside the schema (a JSON object's, or look-alikes not where a reader puts them) are no values beyond a header. */
    @Test
    void findsNothingInKeysOutsideTheSchemaThatNoReaderGaveAsValuesBeyondTheHeader() {
        assertTrue(ValuesBeyondHeader.of(record(values("Phone", "240.452.2333"))).isEmpty());
        assertTrue(ValuesBeyondHeader.of(record(values("unknown_field_index_", "x"))).isEmpty());
        assertTrue(ValuesBeyondHeader.of(record(values("unknown_field_index_3a", "x"))).isEmpty());
        assertTrue(ValuesBeyondHeader.of(record(values("unknown_field_index_99999999999", "x"))).isEmpty());
        // not right after the header's columns
        assertTrue(ValuesBeyondHeader.of(record(values("unknown_field_index_7", "x"))).isEmpty());
        // a gap between positions
        final Map<String, Object> gap = values("unknown_field_index_3", "x");
        gap.put("unknown_field_index_5", "y");
        assertTrue(ValuesBeyondHeader.of(record(gap)).isEmpty());
    }

    private static Map<String, Object> values(final String extraName, final Object extraValue) {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("Id", "1");
        values.put("Company", "Beta");
        values.put("City", "Boston");
        values.put(extraName, extraValue);
        return values;
    }

    private static Record record(final Map<String, Object> values) {
        return new MapRecord(SCHEMA, new LinkedHashMap<>(values), true, false);
    }
}
