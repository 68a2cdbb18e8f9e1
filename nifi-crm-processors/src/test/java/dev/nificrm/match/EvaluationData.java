package dev.nificrm.match;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The public evaluation data sets and pairwise precision/recall, shared by the quality tests. */
public final class EvaluationData {

    private EvaluationData() {
    }

    /** The {@code shared/eval} folder, found by walking up from the working directory. */
    public static Path evalDirectory() {
        Path directory = Paths.get("").toAbsolutePath();
        while (directory != null) {
            final Path candidate = directory.resolve("shared").resolve("eval");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException("No shared/eval folder above " + Paths.get("").toAbsolutePath());
    }

    /** Reads a CSV file (header row, values trimmed). */
    public static List<Map<String, String>> readCsv(final Path file) throws IOException {
        final CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setTrim(true).get();
        final List<Map<String, String>> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file); CSVParser parser = CSVParser.parse(reader, format)) {
            for (final CSVRecord record : parser) {
                rows.add(record.toMap());
            }
        }
        return rows;
    }

    /** The Febrl truth: {@code rec-12-dup-0} → {@code 12}. */
    public static String febrlEntity(final String recordId) {
        final String[] parts = recordId.trim().split("-");
        return parts[1];
    }

    /** Pairwise quality of predicted cluster labels against true entity labels. */
    public static Quality pairwise(final List<String> predicted, final List<String> truth) {
        final Map<String, Long> predictedSizes = new HashMap<>();
        final Map<String, Long> trueSizes = new HashMap<>();
        final Map<String, Long> bothSizes = new HashMap<>();
        for (int i = 0; i < predicted.size(); i++) {
            predictedSizes.merge(predicted.get(i), 1L, Long::sum);
            trueSizes.merge(truth.get(i), 1L, Long::sum);
            bothSizes.merge(predicted.get(i) + '\u0000' + truth.get(i), 1L, Long::sum);
        }
        return new Quality(pairs(bothSizes), pairs(predictedSizes), pairs(trueSizes));
    }

    /** Matches rows with the matcher and returns the cluster id of each row. */
    public static List<String> match(final Matcher matcher, final List<Map<String, String>> rows,
                                     final Function<Map<String, String>, String[]> values) {
        return matchResult(matcher, rows, values).clusterIds();
    }

    /** Matches rows and keeps the result. */
    public static Run matchResult(final Matcher matcher, final List<Map<String, String>> rows,
                                  final Function<Map<String, String>, String[]> values) {
        final CandidateIndex index = matcher.newIndex();
        for (final Map<String, String> row : rows) {
            index.add(matcher.keys(values.apply(row)));
        }
        final MatchResult result = matcher.match(index);
        return new Run(result);
    }

    private static long pairs(final Map<String, Long> sizes) {
        long total = 0;
        for (final long size : sizes.values()) {
            total += size * (size - 1) / 2;
        }
        return total;
    }

    /** A matching run's result. */
    public record Run(MatchResult result) {
        public List<String> clusterIds() {
            final List<String> ids = new ArrayList<>(result.size());
            for (int record = 0; record < result.size(); record++) {
                ids.add(result.clusterId(record));
            }
            return ids;
        }
    }

    /** Pairwise counts and the measures derived from them. */
    public record Quality(long truePositives, long predictedPairs, long truePairs) {
        public double precision() {
            return predictedPairs == 0 ? 1.0 : (double) truePositives / predictedPairs;
        }

        public double recall() {
            return truePairs == 0 ? 1.0 : (double) truePositives / truePairs;
        }

        public double f1() {
            final double p = precision();
            final double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "P=%.4f R=%.4f F1=%.4f (tp=%d predicted=%d true=%d)",
                    precision(), recall(), f1(), truePositives, predictedPairs, truePairs);
        }
    }
}
