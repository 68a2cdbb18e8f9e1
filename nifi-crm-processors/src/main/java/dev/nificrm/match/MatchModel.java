package dev.nificrm.match;

import dev.nificrm.roles.Role;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A Fellegi-Sunter model: the comparisons of the configured fields, the prior odds that two records of the input are
 * the same person, and the term frequencies of the fields whose exact agreement is weighed by rarity. The match weight
 * of a pair is the prior plus the weights of every field's agreement level, in bits; its match probability is
 * {@code 1 / (1 + 2^-weight)}.
 * <pre>
 * MatchModel model = ...;
 * double weight = model.score(keysA, keysB);          // e.g. 23.4 bits
 * double probability = MatchModel.probability(weight); // 0.99999991
 * model.explain(keysA, keysB); // "email=exact(+12.9) last_name=close(+4.7) birth_date=missing(0) prior(-10.0) → 0.999"
 * </pre>
 * <b>One field.</b> With a single comparison there is no second field to corroborate an agreement, and the prior, which
 * spreads the expected duplicates over every pair of the input, outweighs any one agreement once there are a few
 * thousand records: nothing would ever match. A one-field model therefore has no prior and decides by the level and
 * the frequency of the value: exact agreement on a value that at most {@value #RARE_RECORDS} records share weighs
 * {@code log2(0.95 / 0.05)} (probability 0.95), one bit less for every doubling of the records beyond that (10: 0.90,
 * 20: 0.83, 40: 0.70, 80: 0.54, then unmatched), so a value many records share does not glue them together; every
 * weaker level that is evidence for a match (close, contained, similar, typo...) weighs {@code log2(0.7 / 0.3)}
 * (probability 0.70, review with the default thresholds); a disagreement keeps its negative weight.
 * <p>
 * <b>Common values.</b> A comparator's level of agreement on a value common by nature (a company name of common words
 * only, {@link FieldComparator#commonValueLevel()}) is weighed by the frequencies too, where exact agreement is: its
 * weight falls from the level's as more records beyond the pair hold the value, never below half of it (one field:
 * one bit less for every doubling of the records beyond {@value #RARE_RECORDS}, as for exact agreement).
 */
public final class MatchModel {
    /** Exact agreement on a value never counts as more than this many times rarer than the role default. */
    private static final double TERM_FREQUENCY_FLOOR_RATIO = 1.0 / 20;
    private static final int MAXIMUM_PRIOR_DENOMINATOR = 100;
    /** One field: the records that may share a value exactly and still be matched at the full one-field weight. */
    static final int RARE_RECORDS = 5;
    private static final double ONE_FIELD_EXACT = Comparison.log2(0.95 / 0.05);
    private static final double ONE_FIELD_NEAR = Comparison.log2(0.7 / 0.3);
    /**
     * Agreement on a value common by nature never weighs less than this share of its level's weight, however many records
     * hold the value: two records agreeing on a name are likelier one company than two records picked at random, even
     * when the name is common.
     */
    private static final double COMMON_VALUE_FLOOR = 0.5;
    /**
     * Per thread the room explanations are written in ({@link ExplanationRoom}): taken for one call at a time, by a score,
     * levels or an explanation, none of which calls another.
     */
    private static final ThreadLocal<ExplanationRoom> EXPLANATION_ROOM = ThreadLocal.withInitial(ExplanationRoom::new);
    /** A level not computed yet for the pair at hand (levels are -1 and up). */
    private static final int NOT_COMPARED = Integer.MIN_VALUE;
    /** How far below a cut-off a pair's highest possible weight must be for its remaining comparisons to be left. */
    private static final double CUT_MARGIN = 1e-6;

    private final List<Comparison> comparisons;
    private final double priorWeight;
    private final boolean oneField;
    private final TermFrequencies[] termFrequencies;
    private final double[][] weights;
    private final double[] exactM;
    private final double[] exactU;
    /** Per comparison its level of agreement on a value common by nature ({@link Comparison#getCommonValueLevel()}), or -1. */
    private final int[] commonLevel;
    private final double[] commonM;
    private final double[] commonU;
    private final int[] slots;
    private final int[][] impliedBy;
    /** Whether a comparison is implied by another: its level is then needed by two comparisons, and computed once. */
    private final boolean implications;
    private final int[] partOf;
    /** The comparisons in the order a score with a cut-off computes them: those that can move the weight most first. */
    private final int[] cutOrder;
    /** Per position in {@link #cutOrder}, the most the comparisons from there on can add to a weight. */
    private final double[] mostFrom;

    /**
     * @param comparisons     the comparisons, one per field
     * @param priorWeight     the prior log2 odds that two records are the same person
     * @param termFrequencies per comparison the value frequencies, or null where exact agreement is not adjusted
     */
    public MatchModel(final List<Comparison> comparisons, final double priorWeight, final List<TermFrequencies> termFrequencies) {
        this.comparisons = fitted(comparisons, termFrequencies);
        this.oneField = comparisons.size() == 1;
        this.priorWeight = oneField ? 0 : priorWeight;
        this.termFrequencies = termFrequencies.toArray(new TermFrequencies[0]);
        this.weights = new double[comparisons.size()][];
        this.exactM = new double[comparisons.size()];
        this.exactU = new double[comparisons.size()];
        this.commonLevel = new int[comparisons.size()];
        this.commonM = new double[comparisons.size()];
        this.commonU = new double[comparisons.size()];
        this.slots = new int[comparisons.size()];
        this.impliedBy = impliedBy(comparisons);
        this.implications = Arrays.stream(impliedBy).anyMatch(implying -> implying.length > 0);
        this.partOf = new int[comparisons.size()];
        for (int i = 0; i < comparisons.size(); i++) {
            final Role role = comparisons.get(i).getRole();
            partOf[i] = role == null ? -1 : role.getPartOf().map(whole -> indexOf(comparisons, whole)).orElse(-1);
        }
        for (int i = 0; i < comparisons.size(); i++) {
            final Comparison comparison = comparisons.get(i);
            exactM[i] = comparison.m(0);
            exactU[i] = comparison.getU()[0];
            commonLevel[i] = this.termFrequencies[i] == null ? -1 : comparison.getCommonValueLevel();
            if (commonLevel[i] >= 0) {
                commonM[i] = comparison.m(commonLevel[i]);
                commonU[i] = comparison.getU()[commonLevel[i]];
            }
            slots[i] = comparison.getSlot();
            weights[i] = new double[comparison.getLevels().size()];
            for (int level = 0; level < weights[i].length; level++) {
                weights[i][level] = oneField ? oneFieldWeight(comparison, level) : comparison.weight(level);
            }
        }
        final double[] most = new double[weights.length];
        final double[] spread = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            // a missing or implied field weighs 0; exact agreement on a rare value weighs at most the floor of its u
            double highest = 0;
            double lowest = 0;
            for (final double weight : weights[i]) {
                highest = Math.max(highest, weight);
                lowest = Math.min(lowest, weight);
            }
            if (this.termFrequencies[i] != null && !oneField) {
                highest = Math.max(highest, Comparison.log2(exactM[i] / (exactU[i] * TERM_FREQUENCY_FLOOR_RATIO)));
            }
            most[i] = Double.isNaN(highest) ? Double.POSITIVE_INFINITY : highest;
            spread[i] = most[i] - lowest;
        }
        this.cutOrder = IntStream.range(0, weights.length).boxed()
                .sorted((a, b) -> Double.compare(spread[b], spread[a])).mapToInt(Integer::intValue).toArray();
        this.mostFrom = new double[weights.length + 1];
        for (int position = weights.length - 1; position >= 0; position--) {
            mostFrom[position] = mostFrom[position + 1] + most[cutOrder[position]];
        }
    }

    /**
     * Per comparison the comparisons whose exact agreement makes it redundant: the first comparison of each role that
     * the field's role is implied by (city by postal code or street).
     */
    private static int[][] impliedBy(final List<Comparison> comparisons) {
        final int[][] implied = new int[comparisons.size()][];
        for (int i = 0; i < comparisons.size(); i++) {
            final Role role = comparisons.get(i).getRole();
            implied[i] = role == null ? new int[0] : role.getImpliedBy().stream().mapToInt(implying -> indexOf(comparisons, implying))
                    .filter(index -> index >= 0).toArray();
        }
        return implied;
    }

    private static int indexOf(final List<Comparison> comparisons, final Role role) {
        for (int i = 0; i < comparisons.size(); i++) {
            if (comparisons.get(i).getRole() == role) {
                return i;
            }
        }
        return -1;
    }

    /** The comparisons with their comparators fitted to the frequencies of this input, where they have any. */
    private static List<Comparison> fitted(final List<Comparison> comparisons, final List<TermFrequencies> termFrequencies) {
        final List<Comparison> fitted = new ArrayList<>(comparisons.size());
        for (int i = 0; i < comparisons.size(); i++) {
            final TermFrequencies frequencies = i < termFrequencies.size() ? termFrequencies.get(i) : null;
            fitted.add(frequencies == null ? comparisons.get(i) : comparisons.get(i).fittedTo(frequencies));
        }
        return List.copyOf(fitted);
    }

    /** The weight of a level when the field is the only one: see the class description. */
    private static double oneFieldWeight(final Comparison comparison, final int level) {
        if (level == 0) {
            return ONE_FIELD_EXACT;
        }
        final double weight = comparison.weight(level);
        return level < comparison.getLevels().size() - 1 && weight > 0 ? ONE_FIELD_NEAR : weight;
    }

    /** Whether the record's value of the comparison is a word of its value of the role it is part of (a house number in the street line). */
    private boolean isPartOf(final int comparisonIndex, final String[] keys) {
        final String part = keys[slots[comparisonIndex]];
        final String whole = keys[comparisons.get(partOf[comparisonIndex]).getSlot()];
        if (part == null || whole == null) {
            return false;
        }
        int start = 0;
        while (start <= whole.length() - part.length()) {
            final int end = whole.indexOf(' ', start);
            final int wordEnd = end < 0 ? whole.length() : end;
            if (wordEnd - start == part.length() && whole.regionMatches(true, start, part, 0, part.length())) {
                return true;
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return false;
    }

    /** The same model with other comparisons (estimated probabilities). */
    public MatchModel withComparisons(final List<Comparison> newComparisons) {
        return new MatchModel(newComparisons, priorWeight, Arrays.asList(termFrequencies));
    }

    /**
     * The prior log2 odds for {@code expectedDuplicatesPerRecord} duplicates of a record among {@code recordCount}:
     * the chance that two records picked at random are the same person. It never exceeds 1 in
     * {@value #MAXIMUM_PRIOR_DENOMINATOR}, so that a FlowFile of a handful of records is not matched on thin evidence.
     */
    public static double priorWeight(final double expectedDuplicatesPerRecord, final long recordCount) {
        final double lambda = Math.min(1.0 / MAXIMUM_PRIOR_DENOMINATOR, expectedDuplicatesPerRecord / Math.max(1, recordCount - 1));
        return Comparison.log2(lambda / (1 - lambda));
    }

    /** The match weight of two records' keys in bits. */
    public double score(final String[] left, final String[] right) {
        final int[] known = roomsLevels();
        double total = priorWeight;
        for (int i = 0; i < weights.length; i++) {
            final int level = level(i, left, right, known);
            if (level >= 0) {
                total += weight(i, level, left, right);
            }
        }
        return total;
    }

    /**
     * Scores pairs one after another on one thread, with room for a pair's levels made once, and stops computing a
     * pair's comparisons once its weight can no longer reach a cut-off.
     */
    public Scorer scorer() {
        return new Scorer();
    }

    /** A scorer of pairs for one thread ({@link #scorer()}). */
    public final class Scorer {
        private final int[] known = knownLevels();
        private final double[] weightOf = new double[weights.length];

        private Scorer() {
        }

        /**
         * The match weight of two records' keys when it reaches {@code cutoff}; otherwise a weight below the cut-off
         * (also when rounded to a float) and above the pair's. The comparisons that can move the weight most are
         * computed first, and the rest are left once even their highest weights could not lift the pair to the
         * cut-off. A weight that is returned is the same to the bit as {@link MatchModel#score(String[], String[])}:
         * its comparisons are summed in their order.
         */
        public double score(final String[] left, final String[] right, final double cutoff) {
            return score(left, right, null, cutoff);
        }

        /**
         * {@link #score(String[], String[], double)} of a record and the keys made for its comparison with it: values of
         * {@code right} left as bytes are compared there where the comparators read characters, and made strings only
         * where a comparison or a weight reads them as strings; the same weight.
         */
        public double score(final String[] left, final CandidateKeys right, final double cutoff) {
            return score(left, right.partly(), right, cutoff);
        }

        private double score(final String[] left, final String[] right, final CandidateKeys stored, final double cutoff) {
            if (known != null) {
                Arrays.fill(known, NOT_COMPARED);
            }
            // a margin far wider than the sums' rounding and a float's step: what a pair left is given lies above its
            // weight and below the cut-off, as a float too
            final double margin = 4 * Math.ulp((float) cutoff) + CUT_MARGIN;
            double sofar = priorWeight;
            for (int position = 0; position < cutOrder.length; position++) {
                if (sofar + mostFrom[position] < cutoff - margin) {
                    return cutoff - margin / 2;
                }
                final int comparison = cutOrder[position];
                final int level = level(comparison, left, right, stored, known);
                weightOf[comparison] = level >= 0 ? weight(comparison, level, left, valuesWeighed(comparison, level, right, stored)) : 0;
                sofar += weightOf[comparison];
            }
            double total = priorWeight;
            for (int comparison = 0; comparison < weightOf.length; comparison++) {
                total += weightOf[comparison];
            }
            return total;
        }
    }

    /** Fills {@code levels} with each comparison's agreement level (-1 missing or implied). */
    public void levels(final String[] left, final String[] right, final int[] levels) {
        levels(left, right, null, levels);
    }

    /**
     * {@link #levels(String[], String[], int[])} of a record and the keys made for its comparison with it
     * ({@link CandidateKeys}): the same levels, a stored value left as bytes made a string only where a comparison reads
     * it as one (as the scorer reads it).
     */
    void levels(final String[] left, final CandidateKeys right, final int[] levels) {
        levels(left, right.partly(), right, levels);
    }

    private void levels(final String[] left, final String[] right, final CandidateKeys stored, final int[] levels) {
        final int[] known = roomsLevels();
        for (int i = 0; i < weights.length; i++) {
            levels[i] = level(i, left, right, stored, known);
        }
    }

    /**
     * The match weight of a pair whose {@link #levels} are known already: the same to the bit as
     * {@link #score(String[], String[])}, its comparisons weighed and summed in the same order, none compared again.
     */
    double score(final String[] left, final String[] right, final int[] levels) {
        return score(left, right, null, levels);
    }

    /** {@link #score(String[], String[], int[])} of a record and the keys made for its comparison with it ({@link CandidateKeys}). */
    double score(final String[] left, final CandidateKeys right, final int[] levels) {
        return score(left, right.partly(), right, levels);
    }

    private double score(final String[] left, final String[] right, final CandidateKeys stored, final int[] levels) {
        double total = priorWeight;
        for (int i = 0; i < weights.length; i++) {
            if (levels[i] >= 0) {
                total += weight(i, levels[i], left, valuesWeighed(i, levels[i], right, stored));
            }
        }
        return total;
    }

    /**
     * Room for the comparisons' levels of one pair as they are computed, when some comparison is implied by another
     * (the postcode's level decides whether the city counts, and counts itself: compared once, not twice); else null.
     */
    private int[] knownLevels() {
        if (!implications) {
            return null;
        }
        final int[] known = new int[weights.length];
        Arrays.fill(known, NOT_COMPARED);
        return known;
    }

    /**
     * {@link #knownLevels()} in this thread's {@link ExplanationRoom}, for a score, levels or an explanation that keeps
     * them for one call (none of these calls another): not made again for every pair.
     */
    private int[] roomsLevels() {
        return implications ? EXPLANATION_ROOM.get().known(weights.length) : null;
    }

    /** The agreement level of a comparison on a pair, computed once per pair when {@code known} keeps them. */
    private int comparisonLevel(final int comparisonIndex, final String[] left, final String[] right, final CandidateKeys stored,
                                final int[] known) {
        if (known == null) {
            return comparisonLevel(comparisonIndex, left, right, stored);
        }
        if (known[comparisonIndex] == NOT_COMPARED) {
            known[comparisonIndex] = comparisonLevel(comparisonIndex, left, right, stored);
        }
        return known[comparisonIndex];
    }

    /** The level of a comparison, of the right record's keys {@code stored} where given (its values still bytes read there). */
    private int comparisonLevel(final int comparisonIndex, final String[] left, final String[] right, final CandidateKeys stored) {
        return stored == null ? comparisons.get(comparisonIndex).level(left, right) : comparisons.get(comparisonIndex).level(left, stored);
    }

    /**
     * The level of one comparison, or -1 when a value is missing or when the field is implied by another that agrees
     * exactly (the same postcode makes the same city no further evidence: counting both would count one fact twice).
     */
    private int level(final int comparisonIndex, final String[] left, final String[] right, final int[] known) {
        return level(comparisonIndex, left, right, null, known);
    }

    /**
     * {@link #level(int, String[], String[], int[])} where the right record's keys may be {@code stored} (null: they are
     * {@code right}): its values left as bytes are read through it, {@code right} being its {@link CandidateKeys#partly}.
     */
    private int level(final int comparisonIndex, final String[] left, final String[] right, final CandidateKeys stored, final int[] known) {
        for (final int implying : impliedBy[comparisonIndex]) {
            if (comparisonLevel(implying, left, right, stored, known) == 0) {
                return -1;
            }
        }
        if (partOf[comparisonIndex] >= 0 && isPartOf(comparisonIndex, left) && isPartOf(comparisonIndex, stored == null ? right
                : stored.decode(slots[comparisonIndex]).decode(comparisons.get(partOf[comparisonIndex]).getSlot()).partly())) {
            return -1;
        }
        return comparisonLevel(comparisonIndex, left, right, stored, known);
    }

    /**
     * The right record's keys as {@link #weight} reads them at {@code level}: its value of the comparison's field made a
     * string where the weight depends on the value (exact agreement weighed by rarity, a value common by nature).
     */
    private String[] valuesWeighed(final int comparisonIndex, final int level, final String[] right, final CandidateKeys stored) {
        if (stored == null || level != commonLevel[comparisonIndex] && (level != 0 || termFrequencies[comparisonIndex] == null)) {
            return right;
        }
        return stored.decode(slots[comparisonIndex]).partly();
    }

    private double weight(final int comparisonIndex, final int level, final String[] left, final String[] right) {
        final TermFrequencies frequencies = termFrequencies[comparisonIndex];
        if (level == commonLevel[comparisonIndex]) {
            return commonValueWeight(comparisonIndex, frequencies, left[slots[comparisonIndex]], right[slots[comparisonIndex]]);
        }
        if (level != 0 || frequencies == null) {
            return weights[comparisonIndex][level];
        }
        final String leftValue = left[slots[comparisonIndex]];
        final String rightValue = right[slots[comparisonIndex]];
        if (leftValue.equals(rightValue)) {
            return exactWeight(comparisonIndex, frequencies, holders(frequencies, leftValue));
        }
        // one value written two ways (muller/mueller), or one of several values against another: the mean of the two
        // values' weights, so that a pair weighs the same whichever record is on the left (the left value's alone made
        // the weight, a record's best pair and its score depend on the order of the records)
        return (exactWeight(comparisonIndex, frequencies, holders(frequencies, leftValue))
                + exactWeight(comparisonIndex, frequencies, holders(frequencies, rightValue))) / 2;
    }

    /** How many records hold a value; none for a key of several values, which is weighed by the level's default u. */
    private static long holders(final TermFrequencies frequencies, final String value) {
        return value.indexOf(Comparison.VALUE_SEPARATOR) >= 0 ? 0 : frequencies.count(value);
    }

    /** The weight of exact agreement on a value {@code holders} records hold (none: the level's default u). */
    private double exactWeight(final int comparisonIndex, final TermFrequencies frequencies, final long holders) {
        if (oneField) {
            return ONE_FIELD_EXACT - Math.max(0, Comparison.log2((double) holders / RARE_RECORDS));
        }
        final double defaultU = exactU[comparisonIndex];
        return Comparison.log2(exactM[comparisonIndex] / frequencies.u(holders, defaultU * TERM_FREQUENCY_FLOOR_RATIO, defaultU));
    }

    /**
     * The weight of agreeing on a value common by nature (a company name of common words only) held by the two values'
     * records: the level's weight when no other record holds it, less where more do, never below half of it (a name
     * agreeing is evidence for a match however common it is: {@link #COMMON_VALUE_FLOOR}) and never above it (a name of
     * common words rare in the data is still one many companies choose). Its u is the share of the records beyond the
     * pair holding the value, shrunk towards the level's u as exact agreement's is, and at least the level's u:
     * {@code log2(m / max(u, share))}. One field: the level's weight, one bit less for every doubling of the records
     * holding the value beyond {@value #RARE_RECORDS}, as for exact agreement (below 0, unmatched, from 12 records: with
     * nothing else compared, a name that common is no evidence). Both values' records count when they are written two
     * ways; a level that weighs nothing or less keeps its weight.
     */
    private double commonValueWeight(final int comparisonIndex, final TermFrequencies frequencies, final String left, final String right) {
        final double weight = weights[comparisonIndex][commonLevel[comparisonIndex]];
        if (weight <= 0) {
            return weight;
        }
        final long holders = left.equals(right) ? frequencies.count(left) : (long) frequencies.count(left) + frequencies.count(right);
        if (oneField) {
            return weight - Math.max(0, Comparison.log2((double) holders / RARE_RECORDS));
        }
        final double u = commonU[comparisonIndex];
        final double share = frequencies.share(Math.max(0, holders - 2), u);
        return share <= u ? weight : Math.max(weight * COMMON_VALUE_FLOOR, Comparison.log2(commonM[comparisonIndex] / share));
    }

    /**
     * A short per-field account of the score: each field's level and weight, the prior, and the probability, e.g.
     * {@code email=exact(+12.9) last_name=close(+4.7) birth_date=missing(0) prior(-10.0) → 0.999}.
     */
    public String explain(final String[] left, final String[] right) {
        final int[] levels = new int[weights.length];
        levels(left, right, levels);
        return explain(left, right, levels);
    }

    /** {@link #explain(String[], String[])} of a pair whose {@link #levels} are known already. */
    String explain(final String[] left, final String[] right, final int[] levels) {
        return explain(left, right, null, levels);
    }

    /**
     * {@link #explain(String[], String[], int[])} of a record and the keys made for its comparison with it
     * ({@link CandidateKeys}): the same text, a stored value left as bytes made a string only where a weight reads it
     * (exact agreement weighed by rarity, a value common by nature) or where a comparison reads it to tell an implied
     * field.
     */
    String explain(final String[] left, final CandidateKeys right, final int[] levels) {
        return explain(left, right.partly(), right, levels);
    }

    private String explain(final String[] left, final String[] right, final CandidateKeys stored, final int[] levels) {
        final ExplanationRoom room = EXPLANATION_ROOM.get();
        final StringBuilder builder = room.text;
        builder.setLength(0);
        final int[] known = implications ? room.known(weights.length) : null;
        double total = priorWeight;
        for (int i = 0; i < weights.length; i++) {
            final Comparison comparison = comparisons.get(i);
            final int level = levels[i];
            if (level < 0) {
                final boolean implied = (impliedBy[i].length > 0 || partOf[i] >= 0) && comparisonLevel(i, left, right, stored, known) >= 0;
                builder.append(comparison.getField().name()).append('=').append(implied ? "implied" : comparison.saysNothingLevel(left, right, stored))
                        .append("(0) ");
            } else {
                final double weight = weight(i, level, left, valuesWeighed(i, level, right, stored));
                total += weight;
                appendWeighed(builder, comparison, level, weight).append(' ');
            }
        }
        if (oneField) {
            builder.append("one field, no prior ");
        } else {
            builder.append("prior(");
            FixedDecimals.append(builder, priorWeight, 1, true);
            builder.append(") ");
        }
        FixedDecimals.append(builder.append("→ "), probability(total), 3, false);
        final String explanation = builder.toString();
        builder.setLength(0);
        return explanation;
    }

    /**
     * Appends the comparisons on which two records disagree (a weight below 0), each as {@link #explain} writes it
     * ({@code birth_date=differs(-4.0)}), in the order of the comparisons and separated by spaces: what weighs against
     * the pair, never a value. Appends nothing where nothing does.
     */
    void appendDisagreements(final StringBuilder builder, final String[] left, final String[] right) {
        final int[] levels = new int[weights.length];
        levels(left, right, levels);
        boolean first = true;
        for (int i = 0; i < weights.length; i++) {
            if (levels[i] < 0) {
                continue;
            }
            final double weight = weight(i, levels[i], left, right);
            if (weight < 0) {
                appendWeighed(first ? builder : builder.append(' '), comparisons.get(i), levels[i], weight);
                first = false;
            }
        }
    }

    /**
     * Appends the comparisons by which a rule held two records apart ({@code decided}, indexed as the comparisons:
     * {@link Matcher#decidedBy}) on which the records do not agree exactly (a known level past the first), each as
     * {@link #explain} writes it ({@code first_name=differs(-6.2)}), in the order of the comparisons and separated by
     * spaces; never a value. Appends nothing where there is none.
     */
    void appendApart(final StringBuilder builder, final String[] left, final String[] right, final boolean[] decided) {
        final int[] levels = new int[weights.length];
        levels(left, right, levels);
        boolean first = true;
        for (int i = 0; i < weights.length; i++) {
            final int level = levels[i];
            if (level <= 0 || i >= decided.length || !decided[i]) {
                continue;
            }
            appendWeighed(first ? builder : builder.append(' '), comparisons.get(i), level, weight(i, level, left, right));
            first = false;
        }
    }

    /** Appends a comparison's level and weight as an explanation names them: {@code email=exact(+12.9)}. */
    private static StringBuilder appendWeighed(final StringBuilder builder, final Comparison comparison, final int level, final double weight) {
        builder.append(comparison.getField().name()).append('=').append(comparison.getLevels().get(level)).append('(');
        // as String.format(Locale.ROOT, "%+.1f", weight), without making a Formatter per explanation
        FixedDecimals.append(builder, weight, 1, true);
        return builder.append(')');
    }

    /**
     * A thread's room for explanations: a builder made UTF-16 once, by the arrow each explanation holds, and never made
     * Latin-1 again, so that an explanation allocates its String (and the JDK's try at a Latin-1 copy of a builder
     * emptied before: the arrow ends it), not a builder and two Latin-1 pieces to be joined; and room for a pair's levels
     * as they are computed ({@link #knownLevels()}). Explanations hold no value of a record, only names, levels and weights.
     */
    private static final class ExplanationRoom {
        private final StringBuilder text = new StringBuilder(256).append('→');
        private int[] known = new int[0];

        private ExplanationRoom() {
            text.setLength(0);
        }

        /** Room for {@code comparisons} levels, none computed yet. */
        private int[] known(final int comparisons) {
            if (known.length < comparisons) {
                known = new int[comparisons];
            }
            Arrays.fill(known, NOT_COMPARED);
            return known;
        }
    }

    /** The match probability of a weight in bits. */
    public static double probability(final double weight) {
        return 1.0 / (1.0 + Math.pow(2, -weight));
    }

    /** The weight in bits of a match probability (clamped away from 0 and 1). */
    public static double weight(final double probability) {
        final double clamped = Math.min(1 - 1e-12, Math.max(1e-12, probability));
        return Comparison.log2(clamped / (1 - clamped));
    }

    public List<Comparison> getComparisons() {
        return comparisons;
    }

    public double getPriorWeight() {
        return priorWeight;
    }
}
