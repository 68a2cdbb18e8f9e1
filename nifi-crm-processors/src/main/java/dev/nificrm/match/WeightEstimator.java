package dev.nificrm.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Estimates the m and u probabilities of a model from the data itself, without labels:
 * <ul>
 * <li>u from random pairs, which are almost all different people: the share of random pairs at each level, each
 *     pair counted by the chance that it is two different people under the defaults;</li>
 * <li>m by expectation-maximisation over a sample of the candidate pairs: alternately the match probability of
 *     each pair under the current model (with the model's own prior, so that the few true pairs among many
 *     candidates are not mistaken for a larger class such as "same first name"), and m as the level shares
 *     weighted by those probabilities.</li>
 * </ul>
 * Both are blended with the role defaults, which count as much as the data (and as at least 10,000 random pairs or
 * 100 matches), so that a level that random pairs never show keeps a sensible u, a small input keeps the defaults,
 * and an odd input cannot pull the model far from what the roles mean. The random pairs are drawn with a fixed seed: the same input gives the same model.
 */
final class WeightEstimator {
    private static final int RANDOM_PAIRS = 200_000;
    private static final int MAXIMUM_EM_PAIRS = 200_000;
    private static final int ITERATIONS = 3;
    private static final double MINIMUM_M_PSEUDO_COUNT = 100;
    private static final double MINIMUM_U_PSEUDO_COUNT = 10_000;
    private static final double MINIMUM_PROBABILITY = 1e-7;
    private static final long SEED = 0x5EED_0F_C0FFEEL;

    MatchModel estimate(final MatchModel defaults, final CandidateIndex index) {
        final List<Comparison> comparisons = defaults.getComparisons();
        if (index.size() < 3) {
            return defaults;
        }
        final double[][] u = estimateU(defaults, index);
        final double[][] m = new double[comparisons.size()][];
        for (int i = 0; i < comparisons.size(); i++) {
            m[i] = comparisons.get(i).getM();
        }
        MatchModel model = withProbabilities(defaults, m, u);
        final int[][] pairs = candidateSample(index);
        for (int iteration = 0; iteration < ITERATIONS && pairs[0].length > 0; iteration++) {
            final double[][] matchCounts = new double[comparisons.size()][];
            for (int i = 0; i < comparisons.size(); i++) {
                matchCounts[i] = new double[m[i].length];
            }
            final int[] levels = new int[comparisons.size()];
            for (int pair = 0; pair < pairs[0].length; pair++) {
                final String[] left = index.keys(pairs[0][pair]);
                final String[] right = index.keys(pairs[1][pair]);
                final double probability = MatchModel.probability(model.score(left, right));
                model.levels(left, right, levels);
                for (int i = 0; i < levels.length; i++) {
                    if (levels[i] >= 0) {
                        matchCounts[i][levels[i]] += probability;
                    }
                }
            }
            for (int i = 0; i < comparisons.size(); i++) {
                final double observed = Arrays.stream(matchCounts[i]).sum();
                m[i] = blend(matchCounts[i], comparisons.get(i).getM(), Math.max(MINIMUM_M_PSEUDO_COUNT, observed));
            }
            model = withProbabilities(defaults, m, u);
        }
        return model;
    }

    private static MatchModel withProbabilities(final MatchModel defaults, final double[][] m, final double[][] u) {
        final List<Comparison> comparisons = defaults.getComparisons();
        final List<Comparison> estimated = new ArrayList<>(comparisons.size());
        for (int i = 0; i < comparisons.size(); i++) {
            estimated.add(comparisons.get(i).withProbabilities(m[i], u[i]));
        }
        return defaults.withComparisons(estimated);
    }

    /**
     * u as the level shares of random pairs, each counted by the chance that it is two different people under the
     * defaults: an input with many duplicates (a few records per person) has true pairs among its random pairs too,
     * and counted in full they would make an agreeing email or birth date look common.
     */
    private static double[][] estimateU(final MatchModel defaults, final CandidateIndex index) {
        final List<Comparison> comparisons = defaults.getComparisons();
        final int count = index.size();
        final double[][] levelCounts = new double[comparisons.size()][];
        for (int i = 0; i < comparisons.size(); i++) {
            levelCounts[i] = new double[comparisons.get(i).getLevels().size()];
        }
        final SplittableRandom random = new SplittableRandom(SEED);
        final long possiblePairs = (long) count * (count - 1) / 2;
        final int samples = (int) Math.min(RANDOM_PAIRS, possiblePairs);
        for (int sample = 0; sample < samples; sample++) {
            final int left = random.nextInt(count);
            int right = random.nextInt(count - 1);
            if (right >= left) {
                right++;
            }
            final String[] leftKeys = index.keys(left);
            final String[] rightKeys = index.keys(right);
            final double nonMatch = 1 - MatchModel.probability(defaults.score(leftKeys, rightKeys));
            for (int i = 0; i < comparisons.size(); i++) {
                final int level = comparisons.get(i).level(leftKeys, rightKeys);
                if (level >= 0) {
                    levelCounts[i][level] += nonMatch;
                }
            }
        }
        final double[][] u = new double[comparisons.size()][];
        for (int i = 0; i < comparisons.size(); i++) {
            final double observed = Arrays.stream(levelCounts[i]).sum();
            u[i] = blend(levelCounts[i], comparisons.get(i).getU(), Math.max(MINIMUM_U_PSEUDO_COUNT, observed));
        }
        return u;
    }

    /** Up to {@value #MAXIMUM_EM_PAIRS} candidate pairs, evenly spread over all of them: lefts and rights. */
    private static int[][] candidateSample(final CandidateIndex index) {
        final long[] total = new long[1];
        index.forEachCandidatePair(0, 1, (left, right) -> total[0]++);
        final long stride = Math.max(1, (total[0] + MAXIMUM_EM_PAIRS - 1) / MAXIMUM_EM_PAIRS);
        final int size = (int) ((total[0] + stride - 1) / stride);
        final int[][] pairs = new int[2][size];
        final long[] position = new long[1];
        final int[] filled = new int[1];
        index.forEachCandidatePair(0, 1, (left, right) -> {
            if (position[0]++ % stride == 0 && filled[0] < size) {
                pairs[0][filled[0]] = left;
                pairs[1][filled[0]] = right;
                filled[0]++;
            }
        });
        return new int[][] {Arrays.copyOf(pairs[0], filled[0]), Arrays.copyOf(pairs[1], filled[0])};
    }

    /** Level shares from counts, with the defaults counting as {@code pseudoCount} observations, above a floor. */
    private static double[] blend(final double[] counts, final double[] defaults, final double pseudoCount) {
        final double total = Arrays.stream(counts).sum();
        final double[] blended = new double[counts.length];
        double sum = 0;
        for (int level = 0; level < counts.length; level++) {
            blended[level] = Math.max(MINIMUM_PROBABILITY, (counts[level] + pseudoCount * defaults[level]) / (total + pseudoCount));
            sum += blended[level];
        }
        for (int level = 0; level < counts.length; level++) {
            blended[level] /= sum;
        }
        return blended;
    }
}
