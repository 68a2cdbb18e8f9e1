package dev.nificrm.record;

import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Neutralises spreadsheet formulas in text values, as OWASP recommends against CSV injection: a value that starts with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return would be run as a formula by Excel, LibreOffice
 * or Google Sheets when an import-ready CSV is opened ({@code =HYPERLINK(...)}, {@code =cmd|' /C calc'!A0}); it gets a
 * leading apostrophe, which spreadsheets show as text. A plain number ({@code -42}, {@code +1.5}) and a phone in E.164
 * ({@code +14155550100}) are no formula and stay as they are, so cleaned phones keep their form.
 * <pre>
 * SpreadsheetFormulas.neutralise("=SUM(A1:A9)")  // "'=SUM(A1:A9)"
 * SpreadsheetFormulas.neutralise("+14155550100") // "+14155550100"
 * SpreadsheetFormulas.neutralise("Ann")          // "Ann"
 * </pre>
 */
public final class SpreadsheetFormulas {
    /** A signed decimal number or an E.164 phone number: no spreadsheet reads it as a formula. */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");

    private SpreadsheetFormulas() {
    }

    /** The value with a leading apostrophe when a spreadsheet would read it as a formula; otherwise the same instance. */
    public static String neutralise(final String value) {
        if (value == null || value.isEmpty() || !startsFormula(value.charAt(0))) {
            return value;
        }
        if ((value.charAt(0) == '+' || value.charAt(0) == '-') && PLAIN_NUMBER.matcher(value).matches()) {
            return value;
        }
        return "'" + value;
    }

    private static boolean startsFormula(final char first) {
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                // the full-width forms, which some spreadsheets fold to the ASCII ones
                || first == '\uFF1D' || first == '\uFF0B' || first == '\uFF0D' || first == '\uFF20';
    }

    /** Neutralises every text value of the record in place, also inside sub-records, arrays and maps. */
    public static void neutralise(final Record record) {
        for (final RecordField field : record.getSchema().getFields()) {
            final Object value = record.getValue(field);
            final Object neutralised = neutraliseValue(value);
            if (neutralised != value && field.getDataType().getFieldType() != RecordFieldType.RECORD) {
                record.setValue(field, neutralised);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object neutraliseValue(final Object value) {
        if (value instanceof String text) {
            return neutralise(text);
        }
        if (value instanceof Record child) {
            neutralise(child);
        } else if (value instanceof Object[] array) {
            for (int i = 0; i < array.length; i++) {
                array[i] = neutraliseValue(array[i]);
            }
        } else if (value instanceof Map<?, ?> map) {
            // a reader's map may be unmodifiable: a changed map is a copy
            Map<Object, Object> copy = null;
            for (final Map.Entry<?, ?> entry : map.entrySet()) {
                final Object neutralised = neutraliseValue(entry.getValue());
                if (neutralised != entry.getValue()) {
                    if (copy == null) {
                        copy = new LinkedHashMap<>((Map<Object, Object>) map);
                    }
                    copy.put(entry.getKey(), neutralised);
                }
            }
            return copy == null ? value : copy;
        }
        return value;
    }
}
