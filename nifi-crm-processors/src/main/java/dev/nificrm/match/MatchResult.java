package dev.nificrm.match;

import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The outcome of matching one set of records: for each record (by its number in the {@link CandidateIndex}) its
 * cluster, stable cluster id, best pair and its probability, its outcome and an explanation of its best pair.
 */
public final class MatchResult {
    private final CandidateIndex index;
    private final MatchModel model;
    private final int[] clusterOf;
    private final int[] clusterSize;
    /** Computed on first use: a caller that names clusters otherwise (golden ids of a store) never pays for it. */
    private long[] clusterHash;
    private final int[] bestPartner;
    private final float[] bestWeight;
    private final MatchOutcome[] outcomes;
    private final boolean[] heldApart;
    /** Per record held apart the rule that held it apart ({@link Clusterer}), or null. */
    private final ApartReason[] apartReasons;
    /** Per record the record of a second person its given name ties it to as much as to its best partner's, or -1. */
    private final int[] tiedWith;
    /**
     * Per record of a cluster held together for review ({@link #heldTogether}) the record outside it that its held record
     * would have joined, or -1.
     */
    private final int[] candidate;
    /** Per record of a cluster held together that is not held itself, the held record it is a copy of ({@link #copyOf}), or -1. */
    private final int[] copyOf;
    /** Per record two slots: the records of the pair by which a rule held it apart ({@link #heldApartFrom}), or -1. */
    private final IntPages apartBy;
    /** Per group of the context two slots: the records of the pair that crossed out of it ({@link #crossedBy}), or negative; or null. */
    private final IntPages crossing;
    private final long candidatePairs;
    private final int inputCount;
    private final KeyRuleNames keyRuleNames;
    private final Link link;
    private final Contradiction contradiction;
    private final ApartFields apartFields;
    private final double matchWeight;
    private final double reviewWeight;
    private final int clusterCount;
    private final int matchedCount;
    private final int reviewCount;
    /**
     * The explanation of a mutual best pair computed for one of its records, kept at the other until that asks for it:
     * each such pair is explained once, not twice.
     */
    private final AtomicReferenceArray<String> sharedExplanations;
    /** Room for a partner's keys ({@link CandidateKeys}) for the explanation of a pair, lent to one at a time; or null while lent. */
    private final AtomicReference<CandidateKeys> room = new AtomicReference<>();
    /** How an explanation of a pair linked by {@link Matcher#linkedByMailbox} starts: why, whatever the parts' weights. */
    static final String LINK = "one personal mailbox and one given name → ";
    /** {@link #LINK} and the probability the link accepts a pair at: how each such pair's explanation starts. */
    private final String linkLead;

    MatchResult(final CandidateIndex index, final MatchModel model, final int[] clusterOf,
                final int[] bestPartner, final float[] bestWeight, final boolean[] heldApart, final ApartReason[] apartReasons,
                final int[] tiedWith, final IntPages apartBy, final int[] candidate, final int[] copyOf, final IntPages crossing,
                final double matchWeight, final double reviewWeight, final long candidatePairs, final int inputCount,
                final KeyRuleNames keyRuleNames, final Link link, final ApartFields apartFields, final Contradiction contradiction) {
        this.index = index;
        this.model = model;
        this.clusterOf = clusterOf;
        this.bestPartner = bestPartner;
        this.bestWeight = bestWeight;
        this.heldApart = heldApart;
        this.apartReasons = apartReasons;
        this.tiedWith = tiedWith;
        this.apartBy = apartBy;
        this.candidate = candidate;
        this.copyOf = copyOf;
        this.crossing = crossing;
        this.candidatePairs = candidatePairs;
        this.inputCount = inputCount;
        this.keyRuleNames = keyRuleNames;
        this.link = link;
        this.contradiction = contradiction;
        this.apartFields = apartFields;
        this.matchWeight = matchWeight;
        this.reviewWeight = reviewWeight;
        final StringBuilder linkProbability = new StringBuilder();
        FixedDecimals.append(linkProbability, MatchModel.probability(Matcher.linkWeight(matchWeight)), 3, false);
        this.linkLead = LINK + linkProbability + "; ";
        final int count = clusterOf.length;
        this.clusterSize = new int[count];
        for (int record = 0; record < count; record++) {
            clusterSize[clusterOf[record]]++;
        }
        this.outcomes = new MatchOutcome[count];
        int clusters = 0;
        int matched = 0;
        int review = 0;
        final boolean[] counted = new boolean[count];
        for (int record = 0; record < inputCount; record++) {
            if (candidate[record] >= 0) {
                outcomes[record] = MatchOutcome.REVIEW;
                review++;
            } else if (clusterSize[clusterOf[record]] > 1) {
                outcomes[record] = MatchOutcome.MATCHED;
                matched++;
                if (!counted[clusterOf[record]]) {
                    counted[clusterOf[record]] = true;
                    clusters++;
                }
            } else if (bestPartner[record] >= 0 && (bestWeight[record] >= reviewWeight || heldApart[record])) {
                outcomes[record] = MatchOutcome.REVIEW;
                review++;
            } else {
                outcomes[record] = MatchOutcome.UNMATCHED;
            }
        }
        this.clusterCount = clusters;
        this.matchedCount = matched;
        this.reviewCount = review;
        this.sharedExplanations = new AtomicReferenceArray<>(count);
    }

    /**
     * Whether a pair this match did not score would have mattered to it: linked by a key rule or by one personal mailbox
     * and one given name ({@link Matcher#linkedByMailbox}), or scored at least at the review threshold by its model (its
     * term frequencies and prior). A pair below that changes no cluster and no
     * outcome, so a result that missed only such pairs stands.
     *
     * @param left  an input record's keys (the matcher scores an input record's pair with a stored one in this order)
     * @param right the other record's keys
     */
    public boolean wouldMatter(final String[] left, final String[] right) {
        return keyRuleNames.name(left, right) != null || link.test(left, right) || model.score(left, right) >= reviewWeight;
    }

    /**
     * Whether two records contradict each other as the chaining guard weighs them: the evidence of the pair is at or
     * below minus the guard, or, where key rules link records (the guard refuses a key rule's link for it), they disagree
     * outright on an identifying field. Two clusters with such a pair across them might not have been joined had both
     * records been matched; without one they would have been.
     */
    public boolean contradicts(final String[] left, final String[] right) {
        return contradiction.test(left, right);
    }

    /** The number of input records matched (records added after them to be matched against are not counted). */
    public int size() {
        return inputCount;
    }

    /** The outcome of a record. */
    public MatchOutcome outcome(final int record) {
        return outcomes[record];
    }

    /**
     * The stable id of the record's cluster: derived from the content of the cluster's members, so the same input
     * gives the same ids on every run, whatever the order of the records or the number of threads.
     */
    public String clusterId(final int record) {
        return HexFormat.of().toHexDigits(clusterHashes()[clusterOf[record]]);
    }

    private synchronized long[] clusterHashes() {
        if (clusterHash == null) {
            clusterHash = computeClusterHashes();
        }
        return clusterHash;
    }

    /**
     * Per cluster a 64-bit hash: the smallest content hash of its members. A member's content hash covers its keys and
     * how many records before it had the same keys, so identical records still get distinct hashes.
     */
    private long[] computeClusterHashes() {
        final int count = clusterOf.length;
        final long[] hashes = new long[count];
        Arrays.fill(hashes, Long.MAX_VALUE);
        final Map<Long, Integer> occurrences = new HashMap<>();
        final StringBuilder content = new StringBuilder(128);
        for (int record = 0; record < count; record++) {
            final String[] keys = index.keys(record);
            if (keys == null) {
                // a store's candidate let go after matching (ReferenceCandidateIndex.release): it names no cluster
                continue;
            }
            content.setLength(0);
            for (final String key : keys) {
                content.append(key == null ? "" : key).append('\u001E');
            }
            final long contentHash = MurmurHash3.hash128x64(content.toString().getBytes(StandardCharsets.UTF_8))[0];
            final int occurrence = occurrences.merge(contentHash, 1, Integer::sum);
            final long memberHash = (contentHash + 0x9E3779B97F4A7C15L * (occurrence - 1)) & Long.MAX_VALUE;
            final int cluster = clusterOf[record];
            hashes[cluster] = Math.min(hashes[cluster], memberHash);
        }
        return hashes;
    }

    /** The smallest record number of the record's cluster (the record itself when alone). */
    public int cluster(final int record) {
        return clusterOf[record];
    }

    /** The number of records in the record's cluster. */
    public int clusterSize(final int record) {
        return clusterSize[clusterOf[record]];
    }

    /** The match probability of the record's best scored pair, or 0 when no candidate pair was scored. */
    public double bestProbability(final int record) {
        return bestPartner[record] < 0 ? 0.0 : MatchModel.probability(bestWeight[record]);
    }

    /** The record of the best scored pair, or -1 (always -1 for a record past the input count: their best pairs are not kept). */
    public int bestPartner(final int record) {
        return bestPartner[record];
    }

    /**
     * Whether the record is of a cluster of two or more records held together for review: one of them is held for a person
     * to decide whom it belongs to (tied between two records told apart, or linked to a stored customer shown to hold two
     * people's records), and the others, its copies, are that person's too ({@link Clusterer}).
     */
    public boolean heldTogether(final int record) {
        return candidate[record] >= 0;
    }

    /**
     * For a record of a cluster held together for review ({@link #heldTogether}) that is not held itself, the record of
     * its cluster that is, whose rule and records its explanation names ({@link #explanation}): it is a copy of that
     * record (another system's record of it, joined to it first); otherwise -1.
     */
    public int copyOf(final int record) {
        return copyOf[record];
    }

    /**
     * The record a record in review would have joined, the one its candidate is: for a record of a cluster held together
     * ({@link #heldTogether}), the one its held record would have joined (outside the cluster); otherwise its
     * {@link #bestPartner}.
     */
    public int reviewPartner(final int record) {
        return candidate[record] >= 0 ? candidate[record] : bestPartner[record];
    }

    /**
     * A short per-field summary of the record's best pair; for a record held between two records told apart
     * ({@link #tiedWith}), naming the match ids ({@link #clusterId}) of both; for one held apart otherwise, naming the
     * match id of the record of the other cluster by which the rule held it apart ({@link #heldApartFrom}).
     */
    public String explanation(final int record) {
        if (bestPartner[record] < 0) {
            return explanation(record, null, null);
        }
        final int tied = tiedWith[record];
        if (tied >= 0) {
            return explanation(record, clusterId(reviewPartner(record)), clusterId(tied));
        }
        final int other = heldApartFrom(record);
        return explanation(record, null, other < 0 ? null : clusterId(other));
    }

    /**
     * A short per-field summary of the record's best pair; for a record held between two records told apart
     * ({@link #tiedWith}), naming them by the ids given (a store's golden ids; null: not named); for one held apart
     * otherwise, the rule that held it apart, the record of the other cluster by which it did ({@link #heldApartFrom}, by
     * the other id) and the fields by which the rule decided ({@link Matcher#decidedBy}), by level as the
     * explanation writes them, never a value. A copy of a held record ({@link #copyOf}) says so, then the same of the held
     * record: {@code (held apart: copy of a record held for review: its given name fits …)}.
     *
     * @param bestId  the id of the record's best pair's record (its customer), or null
     * @param otherId the id of the other record told apart from it ({@link #tiedWith}), or of the record of the other
     *                cluster by which it was held apart ({@link #heldApartFrom}); or null
     */
    public String explanation(final int record, final String bestId, final String otherId) {
        final int partner = bestPartner[record];
        if (partner < 0) {
            return "no candidate pair";
        }
        final String explanation = pairExplanation(record, partner);
        if (heldApart[record] && outcomes[record] != MatchOutcome.MATCHED) {
            // a copy of a held record is held for that record's rule: what follows is said of that record
            final int held = copyOf[record] >= 0 ? copyOf[record] : record;
            final String opening = held == record ? " (held apart: " : " (held apart: copy of a record held for review: ";
            final int tied = tiedWith[record];
            if (tied >= 0) {
                final StringBuilder builder = new StringBuilder(explanation.length() + 260).append(explanation)
                        .append(opening).append("its given name fits this record's");
                named(builder, bestId).append(" and another's");
                named(builder, otherId).append(", told apart from each other, and it is as like the other");
                // a store's candidate is let go after matching unless it explains something (ReferenceCandidateIndex.release)
                final String[] other = index.keys(tied);
                if (other != null) {
                    FixedDecimals.append(builder.append(" ("), MatchModel.probability(model.score(index.keys(held), other)), 3, false);
                    builder.append(')');
                }
                return builder.append(": a person decides which, if either)").toString();
            }
            final ApartReason reason = apartReasons[record];
            if (reason != null && apartBy.get(2 * record + 1) >= 0) {
                return heldApartBy(explanation, opening, held, record, reason, otherId);
            }
            return explanation + opening + (reason == null ? ApartReason.CONTRADICTION : reason).text() + ")";
        }
        return explanation;
    }

    /**
     * The explanation of a record a rule held apart, naming the pair by which it did and the fields on which that pair
     * disagrees: {@code (held apart: a record of the other cluster (match id 2b9e…) contradicts it on
     * birth_date=differs(-4.0) city=differs(-3.8))}, where the pair's evidence is at or below minus the guard (every field
     * that weighs against it); {@code (held apart: a record of the other cluster (match id 2b9e…) disagrees outright with
     * a record of its cluster on an identifying field: birth_date=differs(-4.0))} for a key rule's link; otherwise the
     * rule, the pair and the fields by which it decided ({@code (held apart: two given names: it and a record of the other
     * cluster (match id 2b9e…) on first_name=differs(-6.2))}). Said of {@code held}: the record itself, or for a copy
     * ({@link #copyOf}) the held record, the explanation then {@code opening} with {@code (held apart: copy of a record
     * held for review: }.
     */
    private String heldApartBy(final String explanation, final String opening, final int held, final int record, final ApartReason reason,
                               final String otherId) {
        final int own = apartBy.get(2 * record);
        final String ownRecord = own == held ? "it" : "a record of its cluster";
        final StringBuilder builder = new StringBuilder(explanation.length() + 240).append(explanation).append(opening);
        final String on;
        if (reason == ApartReason.CONTRADICTION || reason == ApartReason.IDENTITY_CONFLICT) {
            named(builder.append("a record of the other cluster"), otherId)
                    .append(reason == ApartReason.CONTRADICTION ? " contradicts " : " disagrees outright with ").append(ownRecord);
            on = reason == ApartReason.CONTRADICTION ? " on " : " on an identifying field: ";
        } else {
            named(builder.append(reason.text()).append(": ").append(ownRecord).append(" and a record of the other cluster"), otherId);
            on = " on ";
        }
        // a store's candidate is let go after matching unless it explains something (ReferenceCandidateIndex.release)
        final String[] ownKeys = index.keys(own);
        final String[] otherKeys = index.keys(apartBy.get(2 * record + 1));
        if (ownKeys != null && otherKeys != null) {
            final int before = builder.length();
            builder.append(on);
            final int fields = builder.length();
            if (reason == ApartReason.CONTRADICTION) {
                model.appendDisagreements(builder, ownKeys, otherKeys);
            } else {
                model.appendApart(builder, ownKeys, otherKeys, apartFields.decidedBy(ownKeys, otherKeys, reason));
            }
            if (builder.length() == fields) {
                builder.setLength(before);
            }
        }
        return builder.append(')').toString();
    }

    private static StringBuilder named(final StringBuilder builder, final String id) {
        return id == null ? builder : builder.append(" (match id ").append(id).append(')');
    }

    /**
     * For a record held between two records told apart, as like one as the other, so that it joined neither
     * ({@link Clusterer}): the one that is not its best pair's record; otherwise -1.
     */
    public int tiedWith(final int record) {
        return tiedWith[record];
    }

    /**
     * For a record held apart by a rule other than a tie ({@link #tiedWith}), the record of the other cluster of the pair
     * by which the rule first held it apart: its own pair's other record, or a record of the other cluster across the
     * two clusters the link would have joined (one contradicting a record of its cluster); otherwise -1.
     */
    public int heldApartFrom(final int record) {
        return apartBy.get(2 * record + 1);
    }

    /** For a record with a {@link #heldApartFrom}: the record of its own cluster in that pair (the record itself, or another); otherwise -1. */
    public int heldApartAt(final int record) {
        return apartBy.get(2 * record);
    }

    /**
     * The two records of the accepted pair that first joined the cluster holding a stored customer's group of the context
     * ({@link MatchContext#withGroups}, its records {@link MatchContext#settled}) with a cluster holding another
     * customer's, its record of the group's cluster first: the pair that crossed from one customer to the other, what a
     * merge of the two is explained by. Null where no pair did (the group joined no other, or not through a pair).
     */
    public int[] crossedBy(final int group) {
        if (crossing == null || group < 0 || 2 * group >= crossing.size() || crossing.get(2 * group) < 0) {
            return null;
        }
        return new int[] {crossing.get(2 * group), crossing.get(2 * group + 1)};
    }

    /**
     * The length of the longest array of the slots held per record and per group of the context (the pairs by which
     * records were held apart, {@link #heldApartFrom}, and crossed into groups, {@link #crossedBy}), for the tests.
     */
    int longestSlotArray() {
        return Math.max(apartBy.longestArray(), crossing == null ? 0 : crossing.longestArray());
    }

    /**
     * The model's explanation of a record's best pair. When the two records are each other's best pair and their
     * explanation reads the same both ways, the one computed first is handed to the partner instead of explaining the
     * pair again.
     */
    private String pairExplanation(final int record, final int partner) {
        final String shared = sharedExplanations.getAndSet(record, null);
        if (shared != null) {
            return shared;
        }
        final String[] left = index.keys(record);
        // lent to one explanation at a time: a thread that finds it lent makes its own
        final CandidateKeys lent = room.getAndSet(null);
        final CandidateKeys own = lent != null && lent.fields() == left.length ? lent : new CandidateKeys(left.length);
        try {
            return pairExplanation(record, partner, left, own);
        } finally {
            // holds no member's bytes while no explanation reads them
            room.set(own.set(null));
        }
    }

    private String pairExplanation(final int record, final int partner, final String[] left, final CandidateKeys own) {
        // the partner's keys as the scorer reads them: a store's candidate's values equal to the record's are the record's
        // strings and the others stay bytes until a comparison, a weight or a rule reads them as strings (most are read
        // as characters or not at all: a linked copy's explanation made every stored value a string again)
        final CandidateKeys right = index.keys(partner, left, own);
        // the pair's levels, computed once for its explanation, its weight and for comparing them with the levels the other way
        final int[] levels = new int[model.getComparisons().size()];
        model.levels(left, right, levels);
        final String keyRule = bestWeight[record] >= Matcher.KEY_RULE_WEIGHT ? keyRuleNames.name(left, right.strings()) : null;
        final String explained = model.explain(left, right, levels);
        final String explanation = keyRule != null ? keyRuleExplanation(keyRule, explained)
                : bestWeight[record] >= matchWeight && isBelowLink(model.score(left, right, levels)) && link.test(left, right.strings())
                ? linkExplanation(explained) : explained;
        if (bestPartner[partner] == record && partner != record && isSymmetric(left, right.strings(), levels)) {
            sharedExplanations.set(partner, explanation);
        }
        return explanation;
    }

    /**
     * The weight of a pair this match accepted or not, as it weighs it: a pair a key rule links above any score
     * ({@link Matcher#KEY_RULE_WEIGHT}), a pair linked by one personal mailbox and one given name that the model scores
     * below the match threshold ({@link Matcher#linkedByMailbox}) at the threshold, any other at the model's score. For
     * the pairs that joined two entities of a store: the strongest is what decided it.
     */
    public double pairWeight(final String[] left, final String[] right) {
        if (keyRuleNames.name(left, right) != null) {
            return Matcher.KEY_RULE_WEIGHT;
        }
        final double weight = model.score(left, right);
        return isBelowLink(weight) && link.test(left, right) ? Matcher.linkWeight(matchWeight) : weight;
    }

    /** The probability of a pair's {@link #pairWeight}: 1 for a key rule's link, the threshold's for one the mailbox link lifted. */
    public double pairProbability(final String[] left, final String[] right) {
        return MatchModel.probability(pairWeight(left, right));
    }

    /**
     * The model's explanation of a pair, led by what decided it where {@link #pairWeight} is not the model's: the key
     * rule that links it ({@code key rule email → 1.000; }), or the mailbox link.
     */
    public String explainPair(final String[] left, final String[] right) {
        // the pair's levels, computed once for its explanation and its weight
        final int[] levels = new int[model.getComparisons().size()];
        model.levels(left, right, levels);
        final String explained = model.explain(left, right, levels);
        final String keyRule = keyRuleNames.name(left, right);
        if (keyRule != null) {
            return keyRuleExplanation(keyRule, explained);
        }
        return isBelowLink(model.score(left, right, levels)) && link.test(left, right) ? linkExplanation(explained) : explained;
    }

    /** The model's explanation of a pair a key rule linked, led by the rule and the probability it links at. */
    private static String keyRuleExplanation(final String keyRule, final String explained) {
        return "key rule " + keyRule + " → 1.000; " + explained;
    }

    /** Whether the matcher lifts a linked pair of this score: its weight, as the matcher keeps it, is below the link's. */
    private boolean isBelowLink(final double weight) {
        return (float) weight < Matcher.linkWeight(matchWeight);
    }

    /** The model's explanation of a pair the link accepted, led by the link and the probability it is accepted at. */
    private String linkExplanation(final String explained) {
        // one concatenation of two UTF-16 texts: a builder would be widened by the link's arrow, then copied again
        return linkLead + explained;
    }

    /**
     * Whether the model explains the two records' keys the same in both orders: no key holds several values (their
     * exact agreement is weighed by the frequency of the left one), each comparison has the same level both ways and an
     * exact level joins equal values.
     *
     * @param forward the pair's levels in this order
     */
    private boolean isSymmetric(final String[] left, final String[] right, final int[] forward) {
        for (int slot = 0; slot < left.length; slot++) {
            if (hasSeveralValues(left[slot]) || hasSeveralValues(right[slot])) {
                return false;
            }
        }
        final int comparisons = model.getComparisons().size();
        final int[] backward = new int[comparisons];
        model.levels(right, left, backward);
        for (int i = 0; i < comparisons; i++) {
            if (forward[i] != backward[i]) {
                return false;
            }
            final int slot = model.getComparisons().get(i).getSlot();
            if (forward[i] == 0 && !left[slot].equals(right[slot])) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasSeveralValues(final String key) {
        return key != null && key.indexOf(Comparison.VALUE_SEPARATOR) >= 0;
    }

    /** Names the key rule that links two records' keys, or null. */
    @FunctionalInterface
    interface KeyRuleNames {
        String name(String[] left, String[] right);
    }

    /** Whether two records' keys are linked as one person whatever their score. */
    @FunctionalInterface
    interface Link {
        boolean test(String[] left, String[] right);
    }

    /** The comparisons by which a rule held two records apart ({@link Matcher#decidedBy}), indexed as the model's. */
    @FunctionalInterface
    interface ApartFields {
        boolean[] decidedBy(String[] left, String[] right, ApartReason reason);
    }

    /** Whether two records' keys contradict each other. */
    @FunctionalInterface
    interface Contradiction {
        boolean test(String[] left, String[] right);
    }

    public MatchModel getModel() {
        return model;
    }

    public long getCandidatePairs() {
        return candidatePairs;
    }

    /** The number of clusters with two or more records. */
    public int getClusterCount() {
        return clusterCount;
    }

    /** The number of records in clusters of two or more. */
    public int getMatchedCount() {
        return matchedCount;
    }

    public int getReviewCount() {
        return reviewCount;
    }

    public int getUnmatchedCount() {
        return inputCount - matchedCount - reviewCount;
    }
}
