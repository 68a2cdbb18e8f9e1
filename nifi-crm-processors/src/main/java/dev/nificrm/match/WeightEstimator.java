package dev.nificrm.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Estimates the m and u probabilities of a model from the data itself, without labels (Splink's approach):
 * <ul>
 * <li>u from random pairs, which are almost all different people: the share of random pairs at each level;</li>
 * <li>m by expectation-maximisation over the candidate pairs, which mix matches and non-matches: alternately the
 *     match probability of each pair under the current m, and m as the level shares weighted by those
 *     probabilities.</li>
 * </ul>
 * Both start from the role defaults and keep them as a prior (pseudo-counts), so a level that is rare in the data
 * keeps a sensible probability and an odd data set cannot pull the model far from what the roles mean. The random
 * pairs are drawn with a fixed seed: the same input gives the same model.
 */
final class WeightEstimator {
    private static final int RANDOM_PAIRS = 200_000;
    private static final int MAXIMUM_EM_PAIRS = 300_000;
    private static final int ITERATIONS = 10;
    private static final double U_PSEUDO_COUNT = 200;
    private static final double M_PSEUDO_COUNT = 30;
    private static final double MINIMUM_PROBABILITY = 1e-6;
    private static final long SEED = 0x5EED_0F_C0FFEEL;

    MatchModel estimate(final MatchModel defaults, final CandidateIndex index) {
        final List<Comparison> comparisons = defaults.getComparisons();
        final int count = index.size();
        if (count < 3) {
            return defaults;
        }
        final double[][] u = estimateU(comparisons, index);
        final byte[][] levels = candidateLevels(defaults, index);
        final double[][] m = estimateM(comparisons, u, levels);
        final List<Comparison> estimated = new ArrayList<>(comparisons.size());
        for (int i = 0; i < comparisons.size(); i++) {
            estimated.add(comparisons.get(i).withProbabilities(m[i], u[i]));
        }
        return defaults.withComparisons(estimated);
    }

    private static double[][] estimateU(final List<Comparison> comparisons, final CandidateIndex index) {
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
            for (int i = 0; i < comparisons.size(); i++) {
                final int level = comparisons.get(i).level(leftKeys, rightKeys);
                if (level >= 0) {
                    levelCounts[i][level]++;
                }
            }
        }
        final double[][] u = new double[comparisons.size()][];
        for (int i = 0; i < comparisons.size(); i++) {
            u[i] = blend(levelCounts[i], comparisons.get(i).getU(), U_PSEUDO_COUNT);
        }
        return u;
    }

    private static byte[][] candidateLevels(final MatchModel model, final CandidateIndex index) {
        final long[] total = new long[1];
        index.forEachCandidatePair(0, 1, (left, right) -> total[0]++);
        final long stride = Math.max(1, total[0] / MAXIMUM_EM_PAIRS + (total[0] % MAXIMUM_EM_PAIRS == 0 ? 0 : 1));
        final List<byte[]> sampled = new ArrayList<>();
        final int comparisons = model.getComparisons().size();
        final long[] position = new long[1];
        final int[] levels = new int[comparisons];
        index.forEachCandidatePair(0, 1, (left, right) -> {
            if (position[0]++ % stride == 0) {
                model.levels(index.keys(left), index.keys(right), levels);
                final byte[] packed = new byte[comparisons];
                for (int i = 0; i < comparisons; i++) {
                    packed[i] = (byte) levels[i];
                }
                sampled.add(packed);
            }
        });
        return sampled.toArray(new byte[0][]);
    }

    private static double[][] estimateM(final List<Comparison> comparisons, final double[][] u, final byte[][] pairs) {
        final int fields = comparisons.size();
        double[][] m = new double[fields][];
        for (int i = 0; i < fields; i++) {
            m[i] = comparisons.get(i).getM();
        }
        if (pairs.length == 0) {
            return m;
        }
        double matchShare = 0.1;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            final double[][] matchCounts = new double[fields][];
            for (int i = 0; i < fields; i++) {
                matchCounts[i] = new double[m[i].length];
            }
            double totalProbability = 0;
            final double priorWeight = Comparison.log2(matchShare / (1 - matchShare));
            for (final byte[] pair : pairs) {
                double weight = priorWeight;
                for (int i = 0; i < fields; i++) {
                    if (pair[i] >= 0) {
                        weight += Comparison.log2(m[i][pair[i]] / u[i][pair[i]]);
                    }
                }
                final double probability = MatchModel.probability(weight);
                totalProbability += probability;
                for (int i = 0; i < fields; i++) {
                    if (pair[i] >= 0) {
                        matchCounts[i][pair[i]] += probability;
                    }
                }
            }
            matchShare = Math.min(0.99, Math.max(1e-4, totalProbability / pairs.length));
            final double[][] next = new double[fields][];
            for (int i = 0; i < fields; i++) {
                next[i] = blend(matchCounts[i], comparisons.get(i).getM(), M_PSEUDO_COUNT);
            }
            m = next;
        }
        return m;
    }

    /** Level shares from counts, with the defaults as pseudo-counts, never below a small floor. */
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
