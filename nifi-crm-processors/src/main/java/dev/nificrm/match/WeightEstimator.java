package dev.nificrm.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * and an odd input cannot pull the model far from what the roles mean. The random pairs are drawn with a fixed seed among
 * the records put in the order of their keys' hashes, and the candidate pairs sampled by a hash of their two records'
 * keys and counted in that order: the same records give the same model in any order, to the last bit.
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
        final long[] hashes = new long[index.size()];
        for (int record = 0; record < hashes.length; record++) {
            hashes[record] = hash(index.keys(record));
        }
        final double[][] u = estimateU(defaults, index, byKeys(index, hashes));
        final double[][] m = new double[comparisons.size()][];
        for (int i = 0; i < comparisons.size(); i++) {
            m[i] = comparisons.get(i).getM();
        }
        MatchModel model = withProbabilities(defaults, m, u);
        final int[][] pairs = candidateSample(index, hashes);
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
    private static double[][] estimateU(final MatchModel defaults, final CandidateIndex index, final int[] byKeys) {
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
            final String[] leftKeys = index.keys(byKeys[left]);
            final String[] rightKeys = index.keys(byKeys[right]);
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

    /**
     * Up to about {@value #MAXIMUM_EM_PAIRS} candidate pairs, chosen and ordered by a hash of their two records' keys
     * (lefts and rights): the same pairs, in the same order and each the same way round, whatever the order of the
     * records. With more candidate pairs, those whose hash falls in the first share of its range are taken.
     */
    private static int[][] candidateSample(final CandidateIndex index, final long[] hashes) {
        final long[] total = new long[1];
        index.forEachCandidatePair(0, 1, (left, right) -> total[0]++);
        final long stride = Math.max(1, (total[0] + MAXIMUM_EM_PAIRS - 1) / MAXIMUM_EM_PAIRS);
        final long taken = Long.divideUnsigned(-1L, stride);
        final long[][] chosen = new long[1][(int) Math.min(total[0], 2L * MAXIMUM_EM_PAIRS) + 16];
        final int[] filled = new int[1];
        index.forEachCandidatePair(0, 1, (left, right) -> {
            final long pairHash = pairHash(hashes[left], hashes[right]);
            if (stride == 1 || Long.compareUnsigned(pairHash, taken) <= 0) {
                if (filled[0] == chosen[0].length / 3) {
                    chosen[0] = Arrays.copyOf(chosen[0], chosen[0].length * 2);
                }
                final int at = filled[0]++ * 3;
                chosen[0][at] = pairHash;
                chosen[0][at + 1] = left;
                chosen[0][at + 2] = right;
            }
        });
        final Integer[] order = new Integer[filled[0]];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        final long[] chosenPairs = chosen[0];
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> chosenPairs[i * 3]).thenComparing(
                (a, b) -> comparePairs(index, hashes, (int) chosenPairs[a * 3 + 1], (int) chosenPairs[a * 3 + 2], (int) chosenPairs[b * 3 + 1], (int) chosenPairs[b * 3 + 2])));
        final int[][] pairs = new int[2][order.length];
        for (int i = 0; i < order.length; i++) {
            final int left = (int) chosenPairs[order[i] * 3 + 1];
            final int right = (int) chosenPairs[order[i] * 3 + 2];
            // each pair the same way round: the record of the lower key first
            final boolean swap = compareRecords(index, hashes, left, right) > 0;
            pairs[0][i] = swap ? right : left;
            pairs[1][i] = swap ? left : right;
        }
        return pairs;
    }

    /** The records in the order of their keys' hashes (records of equal keys are one to the model). */
    private static int[] byKeys(final CandidateIndex index, final long[] hashes) {
        final Integer[] order = new Integer[hashes.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> compareRecords(index, hashes, a, b));
        final int[] records = new int[order.length];
        for (int i = 0; i < records.length; i++) {
            records[i] = order[i];
        }
        return records;
    }

    private static int compareRecords(final CandidateIndex index, final long[] hashes, final int left, final int right) {
        final int byHash = Long.compare(hashes[left], hashes[right]);
        return byHash != 0 ? byHash : Arrays.compare(index.keys(left), index.keys(right), Comparator.nullsFirst(Comparator.<String>naturalOrder()));
    }

    private static int comparePairs(final CandidateIndex index, final long[] hashes, final int left, final int right, final int otherLeft,
                                    final int otherRight) {
        final boolean swap = compareRecords(index, hashes, left, right) > 0;
        final boolean otherSwap = compareRecords(index, hashes, otherLeft, otherRight) > 0;
        final int first = compareRecords(index, hashes, swap ? right : left, otherSwap ? otherRight : otherLeft);
        return first != 0 ? first : compareRecords(index, hashes, swap ? left : right, otherSwap ? otherLeft : otherRight);
    }

    /** A 64-bit hash of a record's keys, the same for equal keys. */
    static long hash(final String[] keys) {
        long hash = SEED;
        for (final String key : keys) {
            hash = mix(hash ^ (key == null ? 0x9E3779B97F4A7C15L : key.hashCode() * 0xC2B2AE3D27D4EB4FL + key.length()));
        }
        return hash;
    }

    /** A hash of a pair from its records' hashes, the same either way round. */
    private static long pairHash(final long left, final long right) {
        return mix(Math.min(left, right) * 31 + mix(Math.max(left, right)));
    }

    /** SplitMix64's finaliser. */
    private static long mix(final long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
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
