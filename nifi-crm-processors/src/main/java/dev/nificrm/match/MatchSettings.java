package dev.nificrm.match;

import java.util.concurrent.Executor;

/**
 * The tuning of one matching run. The defaults are used for every data set by the quality tests.
 *
 * @param matchThreshold              the match probability at or above which a pair is accepted into a cluster
 * @param reviewThreshold             the probability from which a pair that is not accepted is worth a human look
 * @param maximumBlockSize            blocks with more records are skipped (over-frequent keys)
 * @param expectedDuplicatesPerRecord the prior: how many other records of the input are the same person as a record,
 *                                    on average; the prior odds of a pair are this over the number of records
 * @param chainingGuard               the contradiction in bits (evidence at or below minus this) between any two records
 *                                    of two clusters that keeps the clusters apart
 * @param estimateWeights             whether m and u are estimated from the data (EM) instead of the role defaults
 * @param parallelism                 the number of threads that build the blocks and score the pairs of one input:
 *                                    the calling thread and up to {@code parallelism - 1} threads of the executor
 * @param executor                    runs the helper threads; owned by the caller (a processor's pool), never
 *                                    the JVM-wide common pool
 */
public record MatchSettings(double matchThreshold, double reviewThreshold, int maximumBlockSize,
                            double expectedDuplicatesPerRecord, double chainingGuard, boolean estimateWeights,
                            int parallelism, Executor executor) {

    public static final double DEFAULT_MATCH_THRESHOLD = 0.9;
    public static final double DEFAULT_REVIEW_THRESHOLD = 0.5;
    public static final int DEFAULT_MAXIMUM_BLOCK_SIZE = 200;
    public static final double DEFAULT_EXPECTED_DUPLICATES = 0.5;
    public static final double DEFAULT_CHAINING_GUARD = 12;
    /** Runs everything on the calling thread: no helper threads. */
    public static final Executor CALLING_THREAD = Runnable::run;

    public MatchSettings {
        if (reviewThreshold > matchThreshold) {
            throw new IllegalArgumentException("The review threshold " + reviewThreshold + " is above the match threshold " + matchThreshold);
        }
        if (maximumBlockSize < 2) {
            throw new IllegalArgumentException("The maximum block size must be at least 2");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("At least one thread must score the pairs");
        }
        if (executor == null) {
            throw new IllegalArgumentException("The executor must not be null; use CALLING_THREAD for none");
        }
    }

    /** The defaults, everything on the calling thread. */
    public static MatchSettings defaults() {
        return new MatchSettings(DEFAULT_MATCH_THRESHOLD, DEFAULT_REVIEW_THRESHOLD, DEFAULT_MAXIMUM_BLOCK_SIZE,
                DEFAULT_EXPECTED_DUPLICATES, DEFAULT_CHAINING_GUARD, false, 1, CALLING_THREAD);
    }

    public MatchSettings withThresholds(final double match, final double review) {
        return new MatchSettings(match, review, maximumBlockSize, expectedDuplicatesPerRecord, chainingGuard, estimateWeights, parallelism, executor);
    }

    public MatchSettings withEstimateWeights(final boolean estimate) {
        return new MatchSettings(matchThreshold, reviewThreshold, maximumBlockSize, expectedDuplicatesPerRecord, chainingGuard, estimate, parallelism, executor);
    }

    public MatchSettings withMaximumBlockSize(final int size) {
        return new MatchSettings(matchThreshold, reviewThreshold, size, expectedDuplicatesPerRecord, chainingGuard, estimateWeights, parallelism, executor);
    }

    public MatchSettings withChainingGuard(final double guard) {
        return new MatchSettings(matchThreshold, reviewThreshold, maximumBlockSize, expectedDuplicatesPerRecord, guard, estimateWeights, parallelism, executor);
    }

    public MatchSettings withExpectedDuplicates(final double duplicates) {
        return new MatchSettings(matchThreshold, reviewThreshold, maximumBlockSize, duplicates, chainingGuard, estimateWeights, parallelism, executor);
    }

    /**
     * Settings that build the blocks and score the pairs on the calling thread and up to {@code threads - 1} threads
     * run by the executor; the results are the same for any number of threads.
     */
    public MatchSettings withParallelism(final int threads, final Executor helpers) {
        return new MatchSettings(matchThreshold, reviewThreshold, maximumBlockSize, expectedDuplicatesPerRecord, chainingGuard, estimateWeights,
                threads, helpers);
    }
}
