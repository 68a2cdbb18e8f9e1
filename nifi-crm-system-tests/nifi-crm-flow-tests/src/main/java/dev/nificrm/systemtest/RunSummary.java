package dev.nificrm.systemtest;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The records the migration flow (templates/crm-migration.json) wrote, counted from its output and error
 * directories: {@code output/golden|review}, {@code errors/invalid-cleaning|invalid-mapping} and the unprocessed files
 * and records in {@code errors/failed}.
 *
 * @param golden       golden records, one per customer
 * @param merged       the export records the golden records stand for (the ids in their crm_merged_ids)
 * @param review       records a person should look at (possible duplicates, not merged)
 */
public record RunSummary(long golden, long merged, long review, long invalidCleaning, long invalidMapping, long failed) {
    public static final CSVFormat CSV = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    /** The field of a golden record listing the records merged into it. */
    public static final String MERGED_IDS_FIELD = "crm_merged_ids";

    public static RunSummary read(final Path outputDirectory, final Path errorDirectory) throws IOException {
        return new RunSummary(countRecords(outputDirectory.resolve("golden")), countMergedRecords(outputDirectory.resolve("golden")),
                countRecords(outputDirectory.resolve("review")), countRecords(errorDirectory.resolve("invalid-cleaning")),
                countRecords(errorDirectory.resolve("invalid-mapping")), countRecords(errorDirectory.resolve("failed")));
    }

    /** Export records that reached the import-ready files: merged into golden records, or left for review. */
    public long written() {
        return merged + review;
    }

    /** Duplicates folded into another record's golden record. */
    public long duplicatesMerged() {
        return merged - golden;
    }

    /** Records rejected by cleaning or mapping. */
    public long invalid() {
        return invalidCleaning + invalidMapping;
    }

    /** Every record accounted for: written + invalid + failed. */
    public long total() {
        return written() + invalid() + failed;
    }

    /** The CSV files of a directory, sorted by name (none when it does not exist). */
    public static List<Path> csvFiles(final Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
    }

    /** The records of one CSV file with a header line. */
    public static List<CSVRecord> readRecords(final Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSV.parse(reader)) {
            return new ArrayList<>(parser.getRecords());
        }
    }

    /** The ids a golden record's crm_merged_ids lists, as the CSV writer writes the array: {@code [id1, id2]}. */
    public static List<String> mergedIds(final CSVRecord golden) {
        final String text = golden.get(MERGED_IDS_FIELD).strip();
        final String list = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        return list.isBlank() ? List.of() : List.of(list.split(", "));
    }

    /** The export records the golden records of a directory stand for. */
    public static long countMergedRecords(final Path directory) throws IOException {
        long count = 0;
        for (final Path file : csvFiles(directory)) {
            for (final CSVRecord golden : readRecords(file)) {
                count += mergedIds(golden).size();
            }
        }
        return count;
    }

    /** The number of records in all CSV files of a directory. */
    public static long countRecords(final Path directory) throws IOException {
        long count = 0;
        for (final Path file : csvFiles(directory)) {
            count += readRecords(file).size();
        }
        return count;
    }
}
