package dev.nificrm.mapping;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a crosswalk (a value table) from CSV with Apache Commons CSV: the first line names the columns, e.g.
 * <pre>
 * canonical,salesforce,hubspot
 * mr,Mr.,Mr.
 * dr,Dr.,Dr.
 * </pre>
 * Rows with an empty {@code from} cell are skipped; a {@code from} value listed twice with different targets is an
 * error, since the mapping would be ambiguous.
 */
final class CrosswalkTable {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .get();

    private CrosswalkTable() {
    }

    /** The reader past a leading byte-order mark, which Excel's "CSV UTF-8" writes and which would otherwise prefix the first column's name. */
    private static Reader withoutByteOrderMark(final BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    /**
     * Loads the {@code from} → {@code to} entries of a table.
     *
     * @throws MappingConfigurationException when the file cannot be read or lacks a column
     */
    static Map<String, String> load(final String name, final Path file, final String fromColumn, final String toColumn)
            throws MappingConfigurationException {
        if (fromColumn == null || toColumn == null) {
            throw new MappingConfigurationException("Crosswalk '" + name + "' needs \"from\" and \"to\": the names of the columns to map from and to");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new MappingConfigurationException("Crosswalk '" + name + "': the file " + file.toAbsolutePath()
                    + " does not exist or cannot be read by NiFi; give an absolute path or one relative to the specification file");
        }
        try (Reader reader = withoutByteOrderMark(Files.newBufferedReader(file, StandardCharsets.UTF_8));
             CSVParser parser = FORMAT.parse(reader)) {
            final List<String> header = parser.getHeaderNames();
            for (final String column : List.of(fromColumn, toColumn)) {
                if (!header.contains(column)) {
                    throw new MappingConfigurationException("Crosswalk '" + name + "': the file " + file.getFileName() + " has no column '" + column
                            + "'; its first line names the columns " + header);
                }
            }
            final Map<String, String> entries = new LinkedHashMap<>();
            for (final CSVRecord row : parser) {
                final String from = row.isSet(fromColumn) ? row.get(fromColumn) : "";
                final String to = row.isSet(toColumn) ? row.get(toColumn) : "";
                if (from.isEmpty()) {
                    continue;
                }
                final String previous = entries.putIfAbsent(from, to);
                if (previous != null && !previous.equals(to)) {
                    throw new MappingConfigurationException("Crosswalk '" + name + "': the value on line " + parser.getCurrentLineNumber()
                            + " of column '" + fromColumn + "' is listed twice with different '" + toColumn + "' values; keep one row per value");
                }
            }
            return entries;
        } catch (final IOException | IllegalArgumentException | IllegalStateException e) {
            throw new MappingConfigurationException("Crosswalk '" + name + "': the file " + file.getFileName() + " is not readable CSV (" + e.getMessage() + ")");
        }
    }
}
