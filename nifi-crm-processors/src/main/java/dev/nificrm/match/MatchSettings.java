package dev.nificrm.match;

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
 * @param parallelism                 the number of threads that score pairs
 */
public record MatchSettings(double matchThreshold, double reviewThreshold, int maximumBlockSize,
                            double expectedDuplicatesPerRecord, double chainingGuard, boolean estimateWeights,
                            int parallelism) {

    public static final double DEFAULT_MATCH_THRESHOLD = 0.9;
    public static final double DEFAULT_REVIEW_THRESHOLD = 0.5;
    public static final int DEFAULT_MAXIMUM_BLOCK_SIZE = 200;
    public static final double DEFAULT_EXPECTED_DUPLICATES = 0.5;
    public static final double DEFAULT_CHAINING_GUARD = 12;

    public MatchSettings {
        if (reviewThreshold > matchThreshold) {
            throw new IllegalArgumentException("The review threshold " + reviewThreshold + " is above the match threshold " + matchThreshold);
        }
        if (maximumBlockSize < 2) {
            throw new IllegalArgumentException("The maximum block size must be at least 2");
        }
    }

    /** The defaults, scoring on every available processor. */
    public static MatchSettings defaults() {
        return new MatchSettings(DEFAULT_MATCH_THRESHOLD, DEFAULT_REVIEW_THRESHOLD, DEFAULT_MAXIMUM_BLOCK_SIZE,
                DEFAULT_EXPECTED_DUPLICATES, DEFAULT_CHAINING_GUARD, false, Runtime.getRuntime().availableProcessors());
    }

    public MatchSettings withThresholds(final double match, final double review) {
        return new MatchSettings(match, review, maximumBlockSize, expectedDuplicatesPerRecord, chainingGuard, estimateWeights, parallelism);
    }

    public MatchSettings withEstimateWeights(final boolean estimate) {
        return new MatchSettings(matchThreshold, reviewThreshold, maximumBlockSize, expectedDuplicatesPerRecord, chainingGuard, estimate, parallelism);
    }

    public MatchSettings withMaximumBlockSize(final int size) {
        return new MatchSettings(matchThreshold, reviewThreshold, size, expectedDuplicatesPerRecord, chainingGuard, estimateWeights, parallelism);
    }

    public MatchSettings withChainingGuard(final double guard) {
        return new MatchSettings(matchThreshold, reviewThreshold, maximumBlockSize, expectedDuplicatesPerRecord, guard, estimateWeights, parallelism);
    }

    public MatchSettings withExpectedDuplicates(final double duplicates) {
        return new MatchSettings(matchThreshold, reviewThreshold, maximumBlockSize, duplicates, chainingGuard, estimateWeights, parallelism);
    }

    public MatchSettings withParallelism(final int threads) {
        return new MatchSettings(matchThreshold, reviewThreshold, maximumBlockSize, expectedDuplicatesPerRecord, chainingGuard, estimateWeights, threads);
    }
}
