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
 * directories: {@code output/unique|duplicates|review}, {@code errors/invalid-cleaning|invalid-mapping} and the
 * unprocessed files in {@code errors/failed}.
 */
public record RunSummary(long unique, long duplicates, long review, long invalidCleaning, long invalidMapping, long failed) {
    public static final CSVFormat CSV = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

    public static RunSummary read(final Path outputDirectory, final Path errorDirectory) throws IOException {
        return new RunSummary(countRecords(outputDirectory.resolve("unique")), countRecords(outputDirectory.resolve("duplicates")),
                countRecords(outputDirectory.resolve("review")), countRecords(errorDirectory.resolve("invalid-cleaning")),
                countRecords(errorDirectory.resolve("invalid-mapping")), countRecords(errorDirectory.resolve("failed")));
    }

    /** Records in the import-ready files. */
    public long written() {
        return unique + duplicates + review;
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

    /** The number of records in all CSV files of a directory. */
    public static long countRecords(final Path directory) throws IOException {
        long count = 0;
        for (final Path file : csvFiles(directory)) {
            count += readRecords(file).size();
        }
        return count;
    }
}
