package dev.nificrm.match;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Groups records into clusters from the accepted pairs (weight at or above the match threshold), strongest pair
 * first, with a guard against chaining: two clusters of which at least one already has two or more members are joined
 * only when no pair across them contradicts the join. Every pair across the two clusters is scored on demand (at most
 * {@value #MAXIMUM_CROSS_PAIRS}, evenly sampled), and if the evidence of any of them, the sum of its field weights
 * without the prior, is at or below {@code -guardBits} (those two records are at least 2^guardBits times likelier to
 * be different people), the clusters stay apart. Without it one accepted link between a father and his son sharing an
 * email, or two colleagues sharing {@code info@company.com}, would pull both their clusters together. Sparse records
 * (only an email and a city) do not contradict anyone, so they still join through their strongest link.
 * Pairs are taken in a fixed order (weight, then record numbers), so the result is deterministic.
 */
final class Clusterer {
    static final int MAXIMUM_CROSS_PAIRS = 400;

    private final PairScorer evidence;
    private final double guardBits;
    private final PairCheck identityConflict;
    private final PairCheck distinct;

    /**
     * @param evidence  the evidence of a pair in bits: its match weight without the prior
     * @param guardBits the contradiction that keeps two clusters apart, in bits (positive)
     */
    Clusterer(final PairScorer evidence, final double guardBits) {
        this(evidence, guardBits, (left, right) -> false);
    }

    /**
     * @param identityConflict whether two records disagree outright on an identifying field: a pair linked by a key rule
     *                         (weight {@link Matcher#KEY_RULE_WEIGHT}) joins two clusters only when no pair across them has
     *                         such a conflict, so a shared {@code info@} address cannot glue two companies together
     */
    Clusterer(final PairScorer evidence, final double guardBits, final PairCheck identityConflict) {
        this(evidence, guardBits, identityConflict, (left, right) -> false);
    }

    /**
     * @param distinct whether two records are two people whatever their score (they disagree outright on a given name
     *                 and agree on no birth date, {@link Matcher#tellApart}): an accepted pair of such records is held
     *                 apart. Other pairs across the clusters it would join are not asked: records of one person written
     *                 with names swapped and mistyped ({@code Osacar Moore}, {@code Moore Oscra}) may each be linked to
     *                 the others and not to one another
     */
    Clusterer(final PairScorer evidence, final double guardBits, final PairCheck identityConflict, final PairCheck distinct) {
        this.evidence = evidence;
        this.guardBits = guardBits;
        this.identityConflict = identityConflict;
        this.distinct = distinct;
    }

    /**
     * @param recordCount the number of records
     * @param accepted    the accepted pairs
     * @param heldApart   set to true for the records of an accepted pair the guard kept apart
     * @return for each record the smallest record number of its cluster
     */
    int[] cluster(final int recordCount, final ScoredPairs accepted, final boolean[] heldApart) {
        return cluster(recordCount, accepted, heldApart, null, MatchContext.KeepApart.NONE);
    }

    /**
     * Clusters records of which some already belong together: records with the same group (an entity of a persistent
     * store, or records with one source id) are joined before any pair, whatever their scores, and two clusters whose
     * groups the constraints keep apart (a person decided they are different) are never joined.
     *
     * @param groupOf     per record its group (0 or more), or -1; null when no record has one
     * @param constraints which groups must stay apart
     */
    int[] cluster(final int recordCount, final ScoredPairs accepted, final boolean[] heldApart, final int[] groupOf,
                  final MatchContext.KeepApart constraints) {
        final int[] parent = new int[recordCount];
        final int[] size = new int[recordCount];
        final int[] next = new int[recordCount];
        for (int record = 0; record < recordCount; record++) {
            parent[record] = record;
            size[record] = 1;
            next[record] = record;
        }
        final int[][] groupsOfRoot = new int[recordCount][];
        if (groupOf != null) {
            final Map<Integer, Integer> firstOfGroup = new HashMap<>();
            for (int record = 0; record < recordCount; record++) {
                final int group = groupOf[record];
                if (group < 0) {
                    continue;
                }
                final Integer first = firstOfGroup.putIfAbsent(group, record);
                if (first == null) {
                    groupsOfRoot[record] = new int[] {group};
                } else {
                    join(find(parent, first), find(parent, record), parent, size, next, groupsOfRoot);
                }
            }
        }
        for (final int pair : accepted.orderByWeightDescending()) {
            final int leftRoot = find(parent, accepted.left(pair));
            final int rightRoot = find(parent, accepted.right(pair));
            if (leftRoot == rightRoot) {
                continue;
            }
            final boolean byKeyRule = accepted.weight(pair) >= Matcher.KEY_RULE_WEIGHT;
            if (keptApart(groupsOfRoot[leftRoot], groupsOfRoot[rightRoot], constraints)
                    || !byKeyRule && distinct.test(accepted.left(pair), accepted.right(pair))
                    || (size[leftRoot] > 1 || size[rightRoot] > 1) && !supported(leftRoot, rightRoot, next, size, byKeyRule)) {
                heldApart[accepted.left(pair)] = true;
                heldApart[accepted.right(pair)] = true;
                continue;
            }
            join(leftRoot, rightRoot, parent, size, next, groupsOfRoot);
        }
        final int[] smallest = new int[recordCount];
        Arrays.fill(smallest, Integer.MAX_VALUE);
        for (int record = 0; record < recordCount; record++) {
            final int root = find(parent, record);
            smallest[root] = Math.min(smallest[root], record);
        }
        final int[] clusterOf = new int[recordCount];
        for (int record = 0; record < recordCount; record++) {
            clusterOf[record] = smallest[find(parent, record)];
        }
        return clusterOf;
    }

    /** Joins the smaller cluster under the larger, splicing the circular member lists and merging their groups. */
    private static void join(final int leftRoot, final int rightRoot, final int[] parent, final int[] size, final int[] next,
                             final int[][] groupsOfRoot) {
        if (leftRoot == rightRoot) {
            return;
        }
        final int root = size[leftRoot] >= size[rightRoot] ? leftRoot : rightRoot;
        final int child = root == leftRoot ? rightRoot : leftRoot;
        parent[child] = root;
        size[root] += size[child];
        final int swap = next[root];
        next[root] = next[child];
        next[child] = swap;
        groupsOfRoot[root] = union(groupsOfRoot[root], groupsOfRoot[child]);
        groupsOfRoot[child] = null;
    }

    private static int[] union(final int[] left, final int[] right) {
        if (left == null) {
            return right;
        }
        if (right == null) {
            return left;
        }
        final int[] joined = Arrays.copyOf(left, left.length + right.length);
        System.arraycopy(right, 0, joined, left.length, right.length);
        return joined;
    }

    private static boolean keptApart(final int[] leftGroups, final int[] rightGroups, final MatchContext.KeepApart constraints) {
        if (leftGroups == null || rightGroups == null) {
            return false;
        }
        for (final int left : leftGroups) {
            for (final int right : rightGroups) {
                if (constraints.keepApart(left, right)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean supported(final int leftRoot, final int rightRoot, final int[] next, final int[] size, final boolean byKeyRule) {
        final long crossPairs = (long) size[leftRoot] * size[rightRoot];
        final int stride = (int) Math.max(1, crossPairs / MAXIMUM_CROSS_PAIRS);
        long index = 0;
        int left = leftRoot;
        do {
            int right = rightRoot;
            do {
                if (index++ % stride == 0 && (byKeyRule ? identityConflict.test(left, right) : evidence.score(left, right) <= -guardBits)) {
                    return false;
                }
                right = next[right];
            } while (right != rightRoot);
            left = next[left];
        } while (left != leftRoot);
        return true;
    }

    private static int find(final int[] parent, final int record) {
        int root = record;
        while (parent[root] != root) {
            root = parent[root];
        }
        int current = record;
        while (parent[current] != root) {
            final int following = parent[current];
            parent[current] = root;
            current = following;
        }
        return root;
    }

    /** Tells something about a pair of records on demand. */
    @FunctionalInterface
    interface PairCheck {
        boolean test(int left, int right);
    }

    /** Scores a pair of records on demand, in bits. */
    @FunctionalInterface
    interface PairScorer {
        double score(int left, int right);
    }
}
