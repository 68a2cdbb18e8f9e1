package dev.nificrm.record;

import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSet;

import java.io.IOException;
import java.util.Map;

/**
 * A record writer that neutralises spreadsheet formulas ({@link SpreadsheetFormulas}) in every text value before the
 * writer it wraps writes the record, so the option works the same with any Record Writer.
 */
final class FormulaNeutralisingWriter implements RecordSetWriter {
    private final RecordSetWriter delegate;

    FormulaNeutralisingWriter(final RecordSetWriter delegate) {
        this.delegate = delegate;
    }

    @Override
    public WriteResult write(final Record record) throws IOException {
        SpreadsheetFormulas.neutralise(record);
        return delegate.write(record);
    }

    @Override
    public WriteResult write(final RecordSet recordSet) throws IOException {
        int count = 0;
        Record record;
        while ((record = recordSet.next()) != null) {
            write(record);
            count++;
        }
        return WriteResult.of(count, Map.of());
    }

    @Override
    public void beginRecordSet() throws IOException {
        delegate.beginRecordSet();
    }

    @Override
    public WriteResult finishRecordSet() throws IOException {
        return delegate.finishRecordSet();
    }

    @Override
    public String getMimeType() {
        return delegate.getMimeType();
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
