package dev.nificrm.clean;

import org.apache.nifi.serialization.record.Record;

import java.util.Arrays;
import java.util.Optional;

/**
 * The values of a CSV row beyond its header's columns: what a value holding an unquoted delimiter leaves over
 * ({@code Acme, Inc} in a company column shifts every value after it one column to the right, and the last one has no
 * column left).
 * <p>
 * NiFi's CSV readers (Apache Commons CSV and Jackson parsers) and its Excel reader keep such a value, when asked to keep
 * fields the schema does not know, under the name {@code unknown_field_index_<i>}, {@code i} its zero-based position in
 * the row; a reader asked to drop them, and every record writer, loses it. This type finds them: a record whose raw field
 * names are no more than its schema's fields (every well-formed row) costs one size comparison. Fields the schema does
 * not know under other names (a JSON object's keys an explicit schema leaves out, header columns an explicit CSV schema
 * leaves out) are no values beyond a header.
 * <pre>{@code
 * Id,Company,City,Phone
 * 1,Acme, Inc,Springfield,(240) 452-2332   → 5 values for the header's 4 columns; beyond it: [(240) 452-2332]
 * }</pre>
 */
public final class ValuesBeyondHeader {
    /** The name NiFi's CSV and Excel readers give a value beyond the header, followed by its position in the row. */
    static final String READER_PREFIX = "unknown_field_index_";

    private final int headerColumns;
    private final Object[] values;

    private ValuesBeyondHeader(final int headerColumns, final Object[] values) {
        this.headerColumns = headerColumns;
        this.values = values;
    }

    /** The values of the record's row beyond its header, in the order of the row; empty for a row that fits its header. */
    public static Optional<ValuesBeyondHeader> of(final Record record) {
        if (record.getRawFieldNames().size() <= record.getSchema().getFieldCount()) {
            return Optional.empty();
        }
        // rare: a malformed row, or an object with keys its explicit schema leaves out; find the reader's positions
        int count = 0;
        int first = Integer.MAX_VALUE;
        int last = -1;
        for (final String name : record.getRawFieldNames()) {
            final int position = position(name);
            if (position >= 0 && record.getSchema().getField(name).isEmpty()) {
                count++;
                first = Math.min(first, position);
                last = Math.max(last, position);
            }
        }
        // a reader's values beyond the header run without a gap from the header's width, every column of which the row
        // fills, to the row's end: anything else is a key of another source that merely looks like one
        if (count == 0 || count != last - first + 1 || record.getRawFieldNames().size() - count != first) {
            return Optional.empty();
        }
        // read back by position: a reader may keep another order (Jackson's parser fills a hash map)
        final Object[] values = new Object[last - first + 1];
        for (int position = first; position <= last; position++) {
            values[position - first] = record.getValue(READER_PREFIX + position);
        }
        return Optional.of(new ValuesBeyondHeader(first, values));
    }

    /** The position in the row a reader's name for a value beyond the header gives, or -1 for any other name. */
    private static int position(final String name) {
        if (!name.startsWith(READER_PREFIX) || name.length() == READER_PREFIX.length()) {
            return -1;
        }
        int position = 0;
        for (int i = READER_PREFIX.length(); i < name.length(); i++) {
            final char c = name.charAt(i);
            if (c < '0' || c > '9' || position > (Integer.MAX_VALUE - 9) / 10) {
                return -1;
            }
            position = position * 10 + (c - '0');
        }
        return position;
    }

    /** The number of columns the header has (the position of the first value beyond it). */
    public int getHeaderColumns() {
        return headerColumns;
    }

    /** The number of values the row holds: the header's columns and those beyond them. */
    public int getRowValues() {
        return headerColumns + values.length;
    }

    /** The values beyond the header, in the order of the row (a copy). */
    public Object[] getValues() {
        return Arrays.copyOf(values, values.length);
    }

    /**
     * Why the row is rejected, naming counts and the field that keeps the values, never a value: {@code the row holds 9
     * values for the header's 8 columns: a value with an unquoted delimiter shifts the values after it (quote it, or fix
     * the export); the value beyond the header is in crm_extra_values}.
     */
    public String reason(final String valuesField) {
        return "the row holds " + getRowValues() + " values for the header's " + headerColumns + (headerColumns == 1 ? " column" : " columns")
                + ": a value with an unquoted delimiter shifts the values after it (quote it, or fix the export); "
                + (values.length == 1 ? "the value beyond the header is in " : "the " + values.length + " values beyond the header are in ")
                + valuesField;
    }
}
