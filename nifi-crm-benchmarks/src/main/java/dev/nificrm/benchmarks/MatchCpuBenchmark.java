package dev.nificrm.benchmarks;

import dev.nificrm.match.CandidateIndex;
import dev.nificrm.match.MatchField;
import dev.nificrm.match.MatchResult;
import dev.nificrm.match.MatchSettings;
import dev.nificrm.match.Matcher;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The CPU and allocation of matching one fixed batch in memory (blocking, scoring, clustering: {@link Matcher#match}),
 * repeated in one JVM on the calling thread alone, so that the thread's own CPU time and allocated bytes measure it
 * (numbers a loaded machine disturbs far less than wall time). The records are generated and keyed once, before the
 * rounds; each round indexes the same keys anew and matches them. Prints each round, the median of the rounds after the
 * warm-up ones, and a fingerprint of the decisions (cluster, outcome and best partner of every record) that two builds
 * must share to be compared. From the repository root:
 * <pre>
 * java -Xmx1g -cp 'nifi-crm-benchmarks/target/classes:nifi-crm-benchmarks/target/lib/*' dev.nificrm.benchmarks.MatchCpuBenchmark 30000 10 20
 * </pre>
 * Arguments: records (default 30,000), warm-up rounds (10), measured rounds (20).
 */
public final class MatchCpuBenchmark {
    private static final long SEED = 20_261_206L;
    private static final double DUPLICATE_SHARE = 0.3;

    private MatchCpuBenchmark() {
    }

    public static void main(final String[] arguments) {
        final int size = arguments.length > 0 ? Integer.parseInt(arguments[0].replace("_", "")) : 30_000;
        final int warmUp = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 10;
        final int rounds = arguments.length > 2 ? Integer.parseInt(arguments[2]) : 20;
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final Matcher matcher = new Matcher(PersonGenerator.FIELDS.stream().map(MatchField::named).toList(), MatchSettings.defaults(), "US");
        final List<String[]> keys = new ArrayList<>(size);
        new PersonGenerator(SEED).generate(size, DUPLICATE_SHARE, (values, person) -> keys.add(matcher.keys(values)));
        final long[] cpu = new long[rounds];
        final long[] allocated = new long[rounds];
        long fingerprint = 0;
        long pairs = 0;
        for (int round = -warmUp; round < rounds; round++) {
            final long cpuBefore = threads.getCurrentThreadCpuTime();
            final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            final CandidateIndex index = matcher.newIndex();
            keys.forEach(index::add);
            final MatchResult result = matcher.match(index);
            final long cpuTaken = threads.getCurrentThreadCpuTime() - cpuBefore;
            final long allocatedTaken = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            if (round == -warmUp) {
                fingerprint = fingerprint(result);
                pairs = result.getCandidatePairs();
            } else if (fingerprint(result) != fingerprint) {
                throw new IllegalStateException("round " + round + " decided otherwise than the first");
            }
            if (round >= 0) {
                cpu[round] = cpuTaken;
                allocated[round] = allocatedTaken;
            }
            System.out.printf(Locale.ROOT, "%s %d: CPU %.3f s, allocated %.1f MB%n", round < 0 ? "warm-up" : "round", round < 0 ? round + warmUp : round,
                    cpuTaken / 1e9, allocatedTaken / 1e6);
        }
        Arrays.sort(cpu);
        Arrays.sort(allocated);
        System.out.printf(Locale.ROOT, "records %,d, candidate pairs %,d, decisions %016x%n", size, pairs, fingerprint);
        System.out.printf(Locale.ROOT, "median of %d rounds: CPU %.3f s (%.3f-%.3f), allocated %.1f MB (%.1f-%.1f), %.2f us a pair%n", rounds,
                cpu[rounds / 2] / 1e9, cpu[0] / 1e9, cpu[rounds - 1] / 1e9, allocated[rounds / 2] / 1e6, allocated[0] / 1e6,
                allocated[rounds - 1] / 1e6, cpu[rounds / 2] / 1e3 / Math.max(1, pairs));
    }

    /** The decisions: every record's cluster, outcome and best partner, hashed. */
    private static long fingerprint(final MatchResult result) {
        long hash = 17;
        for (int record = 0; record < result.size(); record++) {
            hash = hash * 31 + result.cluster(record);
            hash = hash * 31 + result.outcome(record).ordinal();
            hash = hash * 31 + result.bestPartner(record);
            hash = hash * 31 + Double.hashCode(result.bestProbability(record));
        }
        return hash;
    }
}
