package dev.nificrm.match;

import java.util.HexFormat;

/**
 * The outcome of matching one set of records: for each record (by its number in the {@link CandidateIndex}) its
 * cluster, stable cluster id, best pair and its probability, its outcome and an explanation of its best pair.
 */
public final class MatchResult {
    private final CandidateIndex index;
    private final MatchModel model;
    private final int[] clusterOf;
    private final int[] clusterSize;
    private final long[] clusterHash;
    private final int[] bestPartner;
    private final float[] bestWeight;
    private final MatchOutcome[] outcomes;
    private final boolean[] heldApart;
    private final long candidatePairs;
    private final int clusterCount;
    private final int matchedCount;
    private final int reviewCount;

    MatchResult(final CandidateIndex index, final MatchModel model, final int[] clusterOf, final long[] clusterHash,
                final int[] bestPartner, final float[] bestWeight, final boolean[] heldApart,
                final double matchWeight, final double reviewWeight, final long candidatePairs) {
        this.index = index;
        this.model = model;
        this.clusterOf = clusterOf;
        this.clusterHash = clusterHash;
        this.bestPartner = bestPartner;
        this.bestWeight = bestWeight;
        this.heldApart = heldApart;
        this.candidatePairs = candidatePairs;
        final int count = clusterOf.length;
        this.clusterSize = new int[count];
        for (int record = 0; record < count; record++) {
            clusterSize[clusterOf[record]]++;
        }
        this.outcomes = new MatchOutcome[count];
        int clusters = 0;
        int matched = 0;
        int review = 0;
        for (int record = 0; record < count; record++) {
            if (clusterSize[clusterOf[record]] > 1) {
                outcomes[record] = MatchOutcome.MATCHED;
                matched++;
                if (clusterOf[record] == record) {
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
    }

    /** The number of records matched. */
    public int size() {
        return clusterOf.length;
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
        return HexFormat.of().toHexDigits(clusterHash[clusterOf[record]]);
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

    /** The record of the best scored pair, or -1. */
    public int bestPartner(final int record) {
        return bestPartner[record];
    }

    /** A short per-field summary of the record's best pair. */
    public String explanation(final int record) {
        final int partner = bestPartner[record];
        if (partner < 0) {
            return "no candidate pair";
        }
        final String explanation = model.explain(index.keys(record), index.keys(partner));
        if (heldApart[record] && outcomes[record] != MatchOutcome.MATCHED) {
            return explanation + " (held apart: a record of the other cluster contradicts it)";
        }
        return explanation;
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
        return clusterOf.length - matchedCount - reviewCount;
    }
}
