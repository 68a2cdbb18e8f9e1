package dev.nificrm.clean;

import dev.nificrm.EvalData;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Helpers for the tests that hold a fast path to exactly the results of the general path it short-cuts. */
final class FastPaths {
    private FastPaths() {
    }

    /** Asserts two results are the same in every respect: validity, reason, value and whether it changed. */
    static void assertSameResult(final CleanResult general, final CleanResult fast, final String input) {
        assertEquals(general.getReason(), fast.getReason(), () -> "reason for " + input);
        assertEquals(general.getValue(), fast.getValue(), () -> "value for " + input);
        assertEquals(general.isChanged(), fast.isChanged(), () -> "changed for " + input);
    }

    /** Every value of the columns whose name starts with {@code columnPrefix} in the public eval files of {@code crm}. */
    static List<String> evalValues(final String columnPrefix, final String... files) {
        final List<String> values = new ArrayList<>();
        for (final String file : files) {
            try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().get().parse(Files.newBufferedReader(EvalData.folder("crm").resolve(file)))) {
                for (final CSVRecord record : parser) {
                    for (final String column : parser.getHeaderNames()) {
                        if (column.startsWith(columnPrefix)) {
                            values.add(record.get(column));
                        }
                    }
                }
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return values;
    }
}
