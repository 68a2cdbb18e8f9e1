package dev.nificrm.benchmarks;

import dev.nificrm.match.CandidateIndex;
import dev.nificrm.match.InMemoryCandidateIndex;
import dev.nificrm.match.MatchField;
import dev.nificrm.match.MatchResult;
import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.Matcher;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Measures the NiFi-free match pipeline (comparison keys → index → block → score → cluster) on generated people, and
 * its pairwise quality against the generator's truth. Not run by the build; from the repository root:
 * <pre>
 * ./mvnw -o -q package -DskipTests -pl nifi-crm-benchmarks -am
 * java -Xmx2g -cp 'nifi-crm-benchmarks/target/classes:nifi-crm-benchmarks/target/lib/*' dev.nificrm.benchmarks.MatchBenchmark 100000 1000000
 * </pre>
 * Arguments are record counts (default 100000 1000000). {@code -Dbenchmark.blocks=true} prints the blocking passes,
 * {@code -Dbenchmark.falseMatches=true} some false matches with their explanations,
 * {@code -Dbenchmark.estimate=true} estimates the weights from the data (EM) instead of using the role defaults. Results go to standard output:
 * this is a command-line tool, not part of the NAR.
 */
public final class MatchBenchmark {
    private static final long SEED = 20_261_125L;
    private static final double DUPLICATE_SHARE = 0.2;

    private MatchBenchmark() {
    }

    public static void main(final String[] arguments) {
        final int[] sizes = arguments.length == 0 ? new int[] {100_000, 1_000_000} : new int[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            sizes[i] = Integer.parseInt(arguments[i].replace("_", ""));
        }
        System.out.printf(Locale.ROOT, "cores=%d maxHeap=%dMB%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        double previousSeconds = 0;
        int previousSize = 0;
        for (final int size : sizes) {
            final Measurement measurement = run(size);
            System.out.println(measurement);
            if (previousSize > 0) {
                System.out.printf(Locale.ROOT, "scaling: %.1fx records took %.2fx time%n", (double) size / previousSize,
                        measurement.seconds / previousSeconds);
            }
            previousSeconds = measurement.seconds;
            previousSize = size;
        }
    }

    /** Generates {@code size} records and matches them, measuring time and quality. */
    public static Measurement run(final int size) {
        return run(size, Boolean.getBoolean("benchmark.estimate"));
    }

    /**
     * Generates {@code size} records and matches them with default or estimated weights on every core (the calling thread
     * and a pool of the other cores' threads, as MatchCRMRecord does with Scoring Threads = cores), measuring time and
     * quality.
     */
    public static Measurement run(final int size, final boolean estimateWeights) {
        final int threads = Runtime.getRuntime().availableProcessors();
        final ExecutorService helpers = Executors.newFixedThreadPool(Math.max(1, threads - 1));
        try {
            return run(size, MatchSettings.defaults().withEstimateWeights(estimateWeights).withParallelism(threads, helpers));
        } finally {
            helpers.shutdown();
        }
    }

    private static Measurement run(final int size, final MatchSettings settings) {
        final Matcher matcher = new Matcher(PersonGenerator.FIELDS.stream().map(MatchField::named).toList(), settings, "US");
        final int[] truth = new int[size];
        final int[] position = {0};
        final long generationStart = System.nanoTime();
        new PersonGenerator(SEED).generate(size, DUPLICATE_SHARE, (values, person) -> position[0]++);
        final double generationSeconds = (System.nanoTime() - generationStart) / 1e9;
        position[0] = 0;
        System.gc();
        final long start = System.nanoTime();
        // records stream from the generator into the index, as they stream from a RecordReader in the processor
        final CandidateIndex index = matcher.newIndex();
        new PersonGenerator(SEED).generate(size, DUPLICATE_SHARE, (values, person) -> {
            truth[position[0]++] = person;
            index.add(matcher.keys(values));
        });
        final long keyed = System.nanoTime();
        final MatchResult result = matcher.match(index);
        if (Boolean.getBoolean("benchmark.model")) {
            result.getModel().getComparisons().forEach(System.out::println);
        }
        if (Boolean.getBoolean("benchmark.blocks")) {
            System.out.println(((InMemoryCandidateIndex) index).describeBlocks().replace("; ", "\n"));
        }
        final long end = System.nanoTime();
        if (Boolean.getBoolean("benchmark.falseMatches")) {
            int shown = 0;
            for (int record = 0; record < size && shown < 15; record++) {
                final int partner = result.bestPartner(record);
                if (partner >= 0 && result.cluster(record) == result.cluster(partner) && truth[record] != truth[partner]) {
                    System.out.println("false match: " + String.join(",", Arrays.asList(index.keys(record)).toString())
                            + " ~ " + Arrays.asList(index.keys(partner)) + " " + result.explanation(record));
                    shown++;
                }
            }
        }
        final Runtime runtime = Runtime.getRuntime();
        final long usedMegabytes = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
        return new Measurement(size, (end - start) / 1e9 - generationSeconds, (keyed - start) / 1e9 - generationSeconds,
                result.getCandidatePairs(), usedMegabytes, quality(result, truth));
    }

    private static double[] quality(final MatchResult result, final int[] truth) {
        final Map<Integer, Long> predicted = new HashMap<>();
        final Map<Long, Long> trueSizes = new HashMap<>();
        final Map<Long, Long> both = new HashMap<>();
        for (int record = 0; record < result.size(); record++) {
            predicted.merge(result.cluster(record), 1L, Long::sum);
            trueSizes.merge((long) truth[record], 1L, Long::sum);
            both.merge(((long) result.cluster(record) << 32) | truth[record], 1L, Long::sum);
        }
        final double truePositives = pairs(both);
        final double precision = truePositives / Math.max(1, pairs(predicted));
        final double recall = truePositives / Math.max(1, pairs(trueSizes));
        return new double[] {precision, recall, 2 * precision * recall / Math.max(1e-9, precision + recall)};
    }

    private static <K> double pairs(final Map<K, Long> sizes) {
        double total = 0;
        for (final long size : sizes.values()) {
            total += size * (size - 1) / 2.0;
        }
        return total;
    }

    /** One benchmark run's numbers; the seconds exclude the generator's own time (measured in a separate dry run). */
    public record Measurement(int records, double seconds, double keySeconds, long candidatePairs, long usedMegabytes, double[] quality) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "records=%d seconds=%.1f (keys %.1f, then block+score+cluster) records/s=%.0f pairs=%d heapUsed=%dMB "
                            + "precision=%.4f recall=%.4f F1=%.4f", records, seconds, keySeconds, records / seconds, candidatePairs,
                    usedMegabytes, quality[0], quality[1], quality[2]);
        }
    }
}
