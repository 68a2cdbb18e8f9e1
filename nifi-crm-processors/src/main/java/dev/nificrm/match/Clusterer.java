package dev.nificrm.match;

import java.util.Arrays;

/**
 * Groups records into clusters from the accepted pairs (weight at or above the match threshold), strongest pair
 * first, with a guard against chaining: two clusters of which at least one already has two or more members are joined
 * only when no pair across them contradicts the join. Every pair across the two clusters is scored on demand (at most
 * {@value #MAXIMUM_CROSS_PAIRS}, evenly sampled), and if the evidence of any of them, the sum of its field weights
 * without the prior, is at or below {@code -guardBits} (those two records are at least 2^guardBits times likelier to
 * be different people), the clusters stay apart. Without it one accepted link between a father and his son sharing an
 * email, or two colleagues sharing {@code info@company.com}, would pull both their clusters together. Sparse records
 * (only an email and a city) do not contradict anyone, so they still join through their strongest link. Two records
 * told apart ({@code distinct}: different given names) across the clusters contradict the join too where the joining
 * pair's given names are the same evidence for both ({@code Beto} linking {@code Alberto}'s cluster to
 * {@code Roberto}'s), and a record tied so to two records told apart, as much to one as to the other, joins neither
 * ({@link #tiedPairs}), nor does its cluster where its best pair is in it (its copy: {@link #clusterTie}). Pairs are taken in a fixed order (weight, then record numbers), so the result is deterministic.
 */
final class Clusterer {
    static final int MAXIMUM_CROSS_PAIRS = 400;

    private final PairScorer evidence;
    private final double guardBits;
    private final PairCheck identityConflict;
    private final PairCheck distinct;
    private final PairCheck alikeGivenNames;
    private final PairCheck sameGivenName;
    private final double preferenceBits;
    private final PairReason apartReason;

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
        this(evidence, guardBits, identityConflict, (left, right) -> false, (left, right) -> false);
    }

    /**
     * @param distinct      whether two records are two people whatever their score (they disagree outright on a given
     *                      name and agree on no birth date, {@link Matcher#tellApart}): an accepted pair of such records
     *                      is held apart, and so are two clusters with such a pair across them whose given names the
     *                      pair joining them ties to both ({@code sameGivenName})
     * @param sameGivenName whether two records agree on the given name, the same or close ({@link Matcher#sameGivenName}):
     *                      a pair told apart across two clusters holds them apart only where each of its records agrees
     *                      so with the record of the joining pair in its cluster ({@code Alberto} with {@code Beto} and
     *                      {@code Roberto} with {@code Roberto}, where {@code Beto} and {@code Roberto} are the pair): the
     *                      joining pair's given names are then the same evidence for two names told apart. Records of one
     *                      person written with names swapped, mistyped or shuffled ({@code Osacar Moore}, {@code Moore
     *                      Oscra}, {@code aucaL}) are told apart from others of that person, yet seldom agree with the
     *                      joining pair's given name, and may still each be linked to the others and not to one another
     */
    Clusterer(final PairScorer evidence, final double guardBits, final PairCheck identityConflict, final PairCheck distinct,
              final PairCheck sameGivenName) {
        this(evidence, guardBits, identityConflict, distinct, sameGivenName, sameGivenName, 0);
    }

    /**
     * @param alikeGivenNames whether two records' given names are alike, two names close in spelling included
     *                        ({@link Matcher#alikeGivenNames}): a record linked to a record of its own given name
     *                        ({@code sameGivenName}) and to one of another name alike in spelling told apart from it
     *                        joins the first only ({@code Manuel Pinto} with the household's landline, linked to
     *                        {@code Manuel} and {@code Emanuel Pinto}: {@link #leaveOutOtherNames})
     * @param preferenceBits how much more, in bits, a record's pair with one of two records told apart must weigh than
     *                       its pair with the other where its given name is the same evidence for both, for it to join
     *                       the first: below that it joins neither ({@link #tiedPairs})
     */
    Clusterer(final PairScorer evidence, final double guardBits, final PairCheck identityConflict, final PairCheck distinct,
              final PairCheck alikeGivenNames, final PairCheck sameGivenName, final double preferenceBits) {
        this(evidence, guardBits, identityConflict, distinct, alikeGivenNames, sameGivenName, preferenceBits,
                (left, right) -> ApartReason.CONTRADICTION);
    }

    /**
     * @param apartReason the rule by which two records {@code distinct} tells apart are two people
     *                    ({@link Matcher#apartReason}), asked only of a pair that holds records apart, for their explanation
     */
    Clusterer(final PairScorer evidence, final double guardBits, final PairCheck identityConflict, final PairCheck distinct,
              final PairCheck alikeGivenNames, final PairCheck sameGivenName, final double preferenceBits, final PairReason apartReason) {
        this.apartReason = apartReason;
        this.preferenceBits = preferenceBits;
        this.alikeGivenNames = alikeGivenNames;
        this.evidence = evidence;
        this.guardBits = guardBits;
        this.identityConflict = identityConflict;
        this.distinct = distinct;
        this.sameGivenName = sameGivenName;
    }

    /**
     * @param recordCount the number of records
     * @param accepted    the accepted pairs
     * @param heldApart   set to true for the records of an accepted pair the guard kept apart
     * @return for each record the smallest record number of its cluster
     */
    int[] cluster(final int recordCount, final ScoredPairs accepted, final boolean[] heldApart) {
        final int[] tiedWith = new int[recordCount];
        Arrays.fill(tiedWith, -1);
        return cluster(recordCount, accepted, heldApart, new ApartReason[recordCount], tiedWith, null, MatchContext.KeepApart.NONE, null);
    }

    /**
     * Clusters records of which some already belong together: records with the same group (an entity of a persistent
     * store, or records with one source id) are joined before any pair, whatever their scores, and two clusters whose
     * groups the constraints keep apart (a person decided they are different) are never joined.
     *
     * @param apartReasons set, for a record held apart, to the rule that first held it apart (null for the others)
     * @param tiedWith    set, for a record that joined neither of two records told apart ({@link #tiedPairs}), to the
     *                    one of them that is not its best partner (-1 for the others, as given)
     * @param groupOf     per record its group (0 or more), or -1; null when no record has one
     * @param constraints which groups must stay apart
     * @param crossing    null, or per group {@code g} two slots, {@code 2g} and {@code 2g + 1}: -2 for a group not
     *                    followed (records of one source id), -1 for one followed (a stored customer), set for it to the
     *                    records of the accepted pair that first joined its cluster with a cluster holding another
     *                    followed group, its record of the group's cluster first: the pair that crossed from one stored
     *                    customer to another, what a store's merge is explained by
     */
    int[] cluster(final int recordCount, final ScoredPairs accepted, final boolean[] heldApart, final ApartReason[] apartReasons,
                  final int[] tiedWith, final int[] groupOf, final MatchContext.KeepApart constraints, final IntPages crossing) {
        return cluster(recordCount, accepted, accepted.size(), heldApart, apartReasons, tiedWith, null, groupOf, constraints, crossing);
    }

    /**
     * Clusters as {@link #cluster(int, ScoredPairs, boolean[], ApartReason[], int[], int[], MatchContext.KeepApart, IntPages)}
     * does, where the accepted pairs from {@code joining} on only tie records ({@link #tiedPairs}, {@link #clusterTie}) and
     * join no clusters: a store's stored records' pairs with each other, whose customers were settled when they were
     * stored, scored for the tie of a stored record that a new record links to ({@link Matcher#score}).
     *
     * @param apartBy null, or per record {@code r} two slots, set where a rule first held it apart: {@code 2r} the record
     *                of its own cluster and {@code 2r + 1} the record of the other cluster of the pair by which the rule
     *                held it apart (the record itself and its partner where the rule is about its own pair; -1 for the
     *                others, as given)
     */
    int[] cluster(final int recordCount, final ScoredPairs accepted, final int joining, final boolean[] heldApart, final ApartReason[] apartReasons,
                  final int[] tiedWith, final IntPages apartBy, final int[] groupOf, final MatchContext.KeepApart constraints,
                  final IntPages crossing) {
        return cluster(recordCount, accepted, joining, heldApart, apartReasons, tiedWith, apartBy, null, null, groupOf, constraints, crossing);
    }

    /**
     * Clusters as {@link #cluster(int, ScoredPairs, int, boolean[], ApartReason[], int[], IntPages, int[], MatchContext.KeepApart, IntPages)}
     * does, and holds a cluster of two or more records of the batch together for review where one of its records is held
     * for a person to decide whom it belongs to: tied between two records told apart ({@link #tiedPairs}, or its cluster
     * by {@link #clusterTie}) or linked to a divided stored customer ({@link #holdOffDividedCustomers}). Its other records
     * (another system's copy of it, which joined it first) are that person's too: each is held apart as it is, for the
     * same rule, naming the same records. A cluster holding a stored customer's record is not held so (the customer was
     * settled when it was stored).
     *
     * @param candidate null, or set per record of a cluster so held to the record outside it that its held record would
     *                  have joined (its review candidate); -1 for the others, as given
     * @param copyOf    null, or set per record of a cluster so held that is not held itself (a copy) to the held record
     *                  whose rule it is held apart for, so that its explanation can say so; -1 for the others, as given
     */
    int[] cluster(final int recordCount, final ScoredPairs accepted, final int joining, final boolean[] heldApart, final ApartReason[] apartReasons,
                  final int[] tiedWith, final IntPages apartBy, final int[] candidate, final int[] copyOf, final int[] groupOf,
                  final MatchContext.KeepApart constraints, final IntPages crossing) {
        final int[] parent = new int[recordCount];
        final int[] size = new int[recordCount];
        final int[] next = new int[recordCount];
        for (int record = 0; record < recordCount; record++) {
            parent[record] = record;
            size[record] = 1;
            next[record] = record;
        }
        // per root one of its cluster's groups (-1: none), and the groups of a cluster in a circular list: joined in place,
        // no array of groups a root (was: one of one group for each group's first record)
        final int[] groupOfRoot = new int[recordCount];
        Arrays.fill(groupOfRoot, -1);
        int groups = 0;
        if (groupOf != null) {
            for (int record = 0; record < recordCount; record++) {
                groups = Math.max(groups, groupOf[record] + 1);
            }
        }
        final Groups groupsOfRoot = new Groups(groupOfRoot, new int[groups]);
        if (groupOf != null) {
            // per group its first record: groups are numbered from 0, so an array rather than a map of boxed numbers
            final int[] firstOfGroup = new int[groups];
            Arrays.fill(firstOfGroup, -1);
            for (int record = 0; record < recordCount; record++) {
                final int group = groupOf[record];
                if (group < 0) {
                    continue;
                }
                final int first = firstOfGroup[group];
                if (first < 0) {
                    firstOfGroup[group] = record;
                    groupOfRoot[record] = group;
                    groupsOfRoot.next[group] = group;
                } else {
                    join(find(parent, first), find(parent, record), parent, size, next, groupsOfRoot);
                }
            }
        }
        final Adjacency adjacency = preferenceBits > 0 ? adjacency(recordCount, accepted) : null;
        // per record held for a person to decide whom it belongs to, the record outside its cluster it would have joined
        // (none without ties or stored customers to hold them)
        final int[] held = adjacency != null || groupOf != null && crossing != null ? new int[recordCount] : null;
        if (held != null) {
            Arrays.fill(held, -1);
        }
        final boolean[] tied = tiedPairs(recordCount, accepted, adjacency, heldApart, apartReasons, tiedWith, apartBy, held, groupOf);
        if (groupOf != null && crossing != null) {
            holdOffDividedCustomers(recordCount, accepted, joining, groupOf, crossing, tied, heldApart, apartReasons, apartBy, held);
        }
        // the records of the pair across the two clusters by which a rule held a join apart: the left cluster's first
        final int[] across = new int[2];
        for (final int pair : accepted.orderByWeightDescending()) {
            if (tied[pair] || pair >= joining) {
                continue;
            }
            final int leftRoot = find(parent, accepted.left(pair));
            final int rightRoot = find(parent, accepted.right(pair));
            if (leftRoot == rightRoot) {
                continue;
            }
            final boolean byKeyRule = accepted.weight(pair) >= Matcher.KEY_RULE_WEIGHT;
            across[0] = -1;
            final ApartReason reason;
            if (keptApart(groupsOfRoot, leftRoot, rightRoot, constraints)) {
                reason = ApartReason.KEPT_APART;
            } else if (!byKeyRule && distinct.test(accepted.left(pair), accepted.right(pair))) {
                reason = toldApartBy(accepted.left(pair), accepted.right(pair));
            } else if (size[leftRoot] > 1 || size[rightRoot] > 1) {
                final ApartReason contradicted = contradiction(leftRoot, rightRoot, accepted.left(pair), accepted.right(pair), next, size, byKeyRule,
                        across);
                reason = contradicted != null || byKeyRule ? contradicted : clusterTie(accepted, pair, adjacency, parent, size, tiedWith, held);
            } else {
                reason = null;
            }
            if (reason != null) {
                holdApart(accepted, pair, reason, across, heldApart, apartReasons, apartBy);
                continue;
            }
            if (crossing != null && followsAny(groupsOfRoot, leftRoot, crossing) && followsAny(groupsOfRoot, rightRoot, crossing)) {
                crossedBy(groupsOfRoot, leftRoot, accepted.left(pair), accepted.right(pair), crossing);
                crossedBy(groupsOfRoot, rightRoot, accepted.right(pair), accepted.left(pair), crossing);
            }
            join(leftRoot, rightRoot, parent, size, next, groupsOfRoot);
        }
        if (candidate != null && held != null) {
            holdTogether(recordCount, parent, size, held, groupOf, crossing, heldApart, apartReasons, tiedWith, apartBy, candidate, copyOf);
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

    /**
     * Holds each cluster of two or more records with a record {@code held} (the smallest, where several) and no stored
     * customer's record together for review: every record gets its candidate ({@code held}'s record outside, the held
     * record's own where it has one) and a record not held itself is held apart as the held record is (its rule, the
     * records it is tied between or held apart by), and named in {@code copyOf} (where given) as that record's copy.
     */
    private static void holdTogether(final int recordCount, final int[] parent, final int[] size, final int[] held, final int[] groupOf,
                                     final IntPages crossing, final boolean[] heldApart, final ApartReason[] apartReasons, final int[] tiedWith,
                                     final IntPages apartBy, final int[] candidate, final int[] copyOf) {
        final int[] heldOfRoot = new int[recordCount];
        Arrays.fill(heldOfRoot, -1);
        for (int record = 0; record < recordCount; record++) {
            final int root = find(parent, record);
            if (groupOf != null && crossing != null && followed(groupOf[record], crossing)) {
                heldOfRoot[root] = -2;
            } else if (held[record] >= 0 && heldOfRoot[root] == -1) {
                heldOfRoot[root] = record;
            }
        }
        for (int record = 0; record < recordCount; record++) {
            final int root = find(parent, record);
            final int source = heldOfRoot[root];
            if (source < 0 || size[root] < 2) {
                continue;
            }
            if (held[record] >= 0) {
                candidate[record] = held[record];
                continue;
            }
            candidate[record] = held[source];
            if (copyOf != null) {
                copyOf[record] = source;
            }
            heldApart[record] = true;
            apartReasons[record] = apartReasons[source];
            tiedWith[record] = tiedWith[source];
            if (apartBy != null) {
                apartBy.set(2 * record, apartBy.get(2 * source));
                apartBy.set(2 * record + 1, apartBy.get(2 * source + 1));
            }
        }
    }

    /** Joins the smaller cluster under the larger, splicing the circular member lists and merging their groups. */
    private static void join(final int leftRoot, final int rightRoot, final int[] parent, final int[] size, final int[] next,
                             final Groups groupsOfRoot) {
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
        groupsOfRoot.join(root, child);
    }

    /**
     * The groups of each cluster: per root one of them ({@code ofRoot}, -1 for none) and per group the next of its
     * cluster's ({@code next}, a circular list, as a cluster's records are).
     */
    private record Groups(int[] ofRoot, int[] next) {
        /** Makes the child's groups the root's too (the order of a cluster's groups decides nothing). */
        void join(final int root, final int child) {
            final int rootGroup = ofRoot[root];
            final int childGroup = ofRoot[child];
            if (childGroup < 0) {
                return;
            }
            if (rootGroup < 0) {
                ofRoot[root] = childGroup;
            } else {
                final int swap = next[rootGroup];
                next[rootGroup] = next[childGroup];
                next[childGroup] = swap;
            }
            ofRoot[child] = -1;
        }
    }

    private static boolean followsAny(final Groups groups, final int root, final IntPages crossing) {
        final int first = groups.ofRoot()[root];
        if (first < 0) {
            return false;
        }
        int group = first;
        do {
            if (crossing.get(2 * group) != -2) {
                return true;
            }
            group = groups.next()[group];
        } while (group != first);
        return false;
    }

    /**
     * Records the pair ({@code own} of the groups' cluster, {@code other} of the cluster it joins) as the one that crossed
     * out of each of these followed groups that no pair crossed before.
     */
    private static void crossedBy(final Groups groups, final int root, final int own, final int other, final IntPages crossing) {
        final int first = groups.ofRoot()[root];
        if (first < 0) {
            return;
        }
        int group = first;
        do {
            if (crossing.get(2 * group) == -1) {
                crossing.set(2 * group, own);
                crossing.set(2 * group + 1, other);
            }
            group = groups.next()[group];
        } while (group != first);
    }

    private static boolean keptApart(final Groups groups, final int leftRoot, final int rightRoot, final MatchContext.KeepApart constraints) {
        final int leftFirst = groups.ofRoot()[leftRoot];
        final int rightFirst = groups.ofRoot()[rightRoot];
        if (leftFirst < 0 || rightFirst < 0) {
            return false;
        }
        int left = leftFirst;
        do {
            int right = rightFirst;
            do {
                if (constraints.keepApart(left, right)) {
                    return true;
                }
                right = groups.next()[right];
            } while (right != rightFirst);
            left = groups.next()[left];
        } while (left != leftFirst);
        return false;
    }

    /**
     * The rule by which two records {@code distinct} tells apart are two people: never null, so that naming it can never
     * let a pair join that {@code distinct} holds apart.
     */
    private ApartReason toldApartBy(final int left, final int right) {
        final ApartReason reason = apartReason.reason(left, right);
        return reason == null ? ApartReason.CONTRADICTION : reason;
    }

    /**
     * Marks the records of an accepted pair held apart, each keeping the first rule that held it apart and, in
     * {@code apartBy}, the pair by which it did: the pair across the two clusters in {@code across} (its left cluster's
     * record first) where the rule is about one, else the accepted pair itself.
     */
    private static void holdApart(final ScoredPairs accepted, final int pair, final ApartReason reason, final int[] across,
                                  final boolean[] heldApart, final ApartReason[] apartReasons, final IntPages apartBy) {
        final int left = accepted.left(pair);
        final int right = accepted.right(pair);
        final boolean acrossGiven = across != null && across[0] >= 0;
        holdApart(left, reason, acrossGiven ? across[0] : left, acrossGiven ? across[1] : right, heldApart, apartReasons, apartBy);
        holdApart(right, reason, acrossGiven ? across[1] : right, acrossGiven ? across[0] : left, heldApart, apartReasons, apartBy);
    }

    private static void holdApart(final int record, final ApartReason reason, final int own, final int other, final boolean[] heldApart,
                                  final ApartReason[] apartReasons, final IntPages apartBy) {
        heldApart[record] = true;
        if (apartReasons[record] == null) {
            apartReasons[record] = reason;
            if (apartBy != null) {
                apartBy.set(2 * record, own);
                apartBy.set(2 * record + 1, other);
            }
        }
    }

    /**
     * The rule by which a pair across two clusters contradicts joining them through the pair {@code joiningLeft} (of the
     * left cluster) and {@code joiningRight}, or null: for a key rule's pair an identity conflict; for any other evidence
     * at or below minus the guard, a pair told apart whose records agree on the given name with the joining records of
     * their clusters, or two names alike in spelling joined by one. The records of the pair are set in {@code across}, the
     * left cluster's first.
     */
    private ApartReason contradiction(final int leftRoot, final int rightRoot, final int joiningLeft, final int joiningRight,
                                      final int[] next, final int[] size, final boolean byKeyRule, final int[] across) {
        final long crossPairs = (long) size[leftRoot] * size[rightRoot];
        final int stride = (int) Math.max(1, crossPairs / MAXIMUM_CROSS_PAIRS);
        long index = 0;
        int left = leftRoot;
        do {
            int right = rightRoot;
            do {
                if (index++ % stride == 0) {
                    final ApartReason reason;
                    if (byKeyRule) {
                        reason = identityConflict.test(left, right) ? ApartReason.IDENTITY_CONFLICT : null;
                    } else if (evidence.score(left, right) <= -guardBits) {
                        reason = ApartReason.CONTRADICTION;
                    } else if (tiedByTheJoiningPair(left, right, joiningLeft, joiningRight)) {
                        reason = toldApartBy(left, right);
                    } else if (twoNamesJoinedByOneName(left, right, joiningLeft, joiningRight)) {
                        reason = ApartReason.ONE_NAME_FOR_TWO;
                    } else {
                        reason = null;
                    }
                    if (reason != null) {
                        across[0] = left;
                        across[1] = right;
                        return reason;
                    }
                }
                right = next[right];
            } while (right != rightRoot);
            left = next[left];
        } while (left != leftRoot);
        return null;
    }

    /**
     * Whether two records told apart would be joined by a pair whose given names are the same evidence for both: each
     * agrees on the given name with the joining record of its cluster (the joining records themselves included).
     */
    private boolean tiedByTheJoiningPair(final int left, final int right, final int joiningLeft, final int joiningRight) {
        return distinct.test(left, right) && (left == joiningLeft || sameGivenName.test(left, joiningLeft))
                && (right == joiningRight || sameGivenName.test(right, joiningRight));
    }

    /**
     * Whether two records whose given names are two names alike in spelling ({@code Emanuel} and {@code Manuel}: alike,
     * not the same given name, {@link Matcher#alikeGivenNames}) would be joined by a pair that agrees on the given name
     * ({@link Matcher#sameGivenName}) with each of them: a short form both names share ({@code Manu} with {@code Emanuel}'s
     * record, linked to {@code Manuel}'s by the household's street). Such a pair's given name is the same evidence for two
     * names, whatever else the two records hold.
     */
    private boolean twoNamesJoinedByOneName(final int left, final int right, final int joiningLeft, final int joiningRight) {
        return (left == joiningLeft || sameGivenName.test(left, joiningLeft)) && (right == joiningRight || sameGivenName.test(right, joiningRight))
                && sameGivenName.test(joiningLeft, joiningRight) && !sameGivenName.test(left, right) && alikeGivenNames.test(left, right);
    }

    /**
     * The accepted pairs of records whose given name ties them to two records told apart as much to one as to the other: a
     * second source's {@code Beto Silva}, a short form of both {@code Alberto} and {@code Roberto Silva} at one address,
     * linked to each by the household's landline. Of a record's pairs that no key rule linked, with records whose given
     * name it shares ({@link Matcher#sameGivenName}) and that it is not told apart from, the strongest (ties by partner)
     * and another whose record is told apart from the strongest's ({@code distinct}) and that weighs less than
     * {@link #preferenceBits} below it tie the record: it joins neither, nor anyone else through its other links (as
     * uncertain: another family's {@code Beto} of a like last name in the city), its pairs that no key rule linked are
     * left out, and it goes to review. Where the strongest outweighs every such pair by the preference or more (the
     * person's own mailbox), the record joins it first and the chaining guard keeps the other out.
     *
     * @return per accepted pair whether it is left out; its records are marked held apart
     */
    private boolean[] tiedPairs(final int recordCount, final ScoredPairs accepted, final Adjacency adjacency, final boolean[] heldApart,
                                final ApartReason[] apartReasons, final int[] tiedWith, final IntPages apartBy, final int[] held, final int[] groupOf) {
        final boolean[] tied = new boolean[accepted.size()];
        if (adjacency == null) {
            return tied;
        }
        final int[] start = adjacency.start();
        final int[] ends = adjacency.ends();
        final boolean[] namesake = new boolean[ends.length];
        for (int record = 0; record < recordCount; record++) {
            if (start[record + 1] - start[record] < 2) {
                continue;
            }
            int best = -1;
            for (int at = start[record]; at < start[record + 1]; at++) {
                final int partner = partner(accepted, ends[at]);
                namesake[at] = sameGivenName.test(record, partner) && !distinct.test(record, partner);
                if (namesake[at] && (best < 0 || isStronger(accepted, ends[at], ends[best]))) {
                    best = at;
                }
            }
            if (best < 0) {
                continue;
            }
            final int favoured = partner(accepted, ends[best]);
            leaveOutOtherNames(accepted, record, ends, namesake, start[record], start[record + 1], tied, heldApart, apartReasons, apartBy);
            int rival = -1;
            for (int at = start[record]; at < start[record + 1] && rival < 0; at++) {
                if (at != best && namesake[at] && accepted.weight(ends[best] / 2) - accepted.weight(ends[at] / 2) < preferenceBits
                        && distinct.test(favoured, partner(accepted, ends[at]))) {
                    rival = partner(accepted, ends[at]);
                }
            }
            if (rival < 0) {
                continue;
            }
            tiedWith[record] = rival;
            held[record] = favoured;
            for (int at = start[record]; at < start[record + 1]; at++) {
                final int pair = ends[at] / 2;
                tied[pair] = true;
                holdApart(accepted, pair, ApartReason.TIED, null, heldApart, apartReasons, apartBy);
            }
        }
        // two records tied between the same two records (or records of the same two groups: stored customers), linked to
        // each other and not told apart, are one person's: each the other's copy, held together
        for (int pair = 0; pair < accepted.size(); pair++) {
            final int left = accepted.left(pair);
            final int right = accepted.right(pair);
            if (tied[pair] && tiedWith[left] >= 0 && tiedWith[right] >= 0 && accepted.weight(pair) < Matcher.KEY_RULE_WEIGHT
                    && (alike(held[left], held[right], groupOf) && alike(tiedWith[left], tiedWith[right], groupOf)
                            || alike(held[left], tiedWith[right], groupOf) && alike(tiedWith[left], held[right], groupOf))
                    && sameGivenName.test(left, right) && !distinct.test(left, right)) {
                tied[pair] = false;
            }
        }
        return tied;
    }

    /** Whether two records are one, or of one group. */
    private static boolean alike(final int record, final int other, final int[] groupOf) {
        return record == other || groupOf != null && groupOf[record] >= 0 && groupOf[record] == groupOf[other];
    }

    /**
     * Leaves out every link into a stored customer that the batch shows to hold two people's records ({@code crossing}
     * follows the stored customers' groups): a record of the batch outside every stored customer, linked to one of the
     * customer's records that is more like it, by the preference or more, than like any other record of the customer (read
     * for the match), and told apart ({@code distinct}, or evidence at or below minus the guard) from another record of
     * the customer, or from another such record of the batch linked as strongly to another record of the customer. Two
     * families' short-form records of one name and city ({@code Enzo Ferrara}, {@code Enzo Ferrari} in Milano, nothing
     * else shared), stored as one customer before either family's full records were seen, are that: each family's full
     * record holds the household's landline or the mailbox of one of them. Without this, whichever family's record linked
     * first joined the customer (the chaining guard then held the other family's out), silently adding a household's
     * record to a customer holding another's. The customer is left as it is (its records were settled when they were
     * stored: a person splits it); the batch's links to it that no key rule made are left out, so that its records linked
     * to it join it only through a record of the batch another way, and each alone goes to review naming the customer's
     * record that is more like another person's ({@link ApartReason#DIVIDED_CUSTOMER}).
     */
    private void holdOffDividedCustomers(final int recordCount, final ScoredPairs accepted, final int joining, final int[] groupOf,
                                         final IntPages crossing, final boolean[] tied, final boolean[] heldApart, final ApartReason[] apartReasons,
                                         final IntPages apartBy, final int[] held) {
        // the links into stored customers, by customer: a pair of a stored customer's record with a record outside every one
        long[] links = new long[16];
        int linkCount = 0;
        for (int pair = 0; pair < joining; pair++) {
            if (accepted.weight(pair) >= Matcher.KEY_RULE_WEIGHT) {
                continue;
            }
            final int left = accepted.left(pair);
            final int right = accepted.right(pair);
            final boolean leftStored = followed(groupOf[left], crossing);
            if (leftStored == followed(groupOf[right], crossing)) {
                continue;
            }
            final int member = leftStored ? left : right;
            if (distinct.test(left, right)) {
                continue;
            }
            if (linkCount == links.length) {
                links = Arrays.copyOf(links, linkCount * 2);
            }
            links[linkCount++] = (long) groupOf[member] << 32 | pair;
        }
        if (linkCount < 1) {
            return;
        }
        Arrays.sort(links, 0, linkCount);
        final int[][] membersOfGroup = membersOfLinkedGroups(recordCount, groupOf, crossing, links, linkCount);
        // a customer's record's best evidence within the customer, kept per member: a record linked to several records of
        // the batch is scored against the customer once (was: once per link, links times members)
        final double[] withinOf = new double[MAXIMUM_CROSS_PAIRS];
        for (int from = 0; from < linkCount; ) {
            final int group = (int) (links[from] >>> 32);
            int to = from;
            while (to < linkCount && (int) (links[to] >>> 32) == group) {
                to++;
            }
            final int[] members = membersOfGroup[group];
            final int dividing = members.length < 2 ? -1 : dividingMember(accepted, links, from, to, groupOf, members, withinOf);
            if (dividing >= 0) {
                for (int at = from; at < to; at++) {
                    final int pair = (int) links[at];
                    final int outside = partnerOf(accepted, pair, memberOf(accepted, pair, group, groupOf));
                    tied[pair] = true;
                    holdApart(outside, ApartReason.DIVIDED_CUSTOMER, outside, dividing, heldApart, apartReasons, apartBy);
                    if (held[outside] < 0) {
                        held[outside] = dividing;
                    }
                }
            }
            from = to;
        }
    }

    /** Whether a group is followed: a stored customer's. */
    private static boolean followed(final int group, final IntPages crossing) {
        return group >= 0 && crossing.get(2 * group) != -2;
    }

    /**
     * Per followed group that a link goes into ({@code links}: the group in the high half, sorted) its records (at most
     * {@value #MAXIMUM_CROSS_PAIRS}), in record order; null for the others: only the customers the batch links to are
     * read for their members, not every customer among the candidates.
     */
    private static int[][] membersOfLinkedGroups(final int recordCount, final int[] groupOf, final IntPages crossing, final long[] links,
                                                 final int linkCount) {
        // per group -1 when no link goes into it, else its records counted so far
        final int[] count = new int[crossing.size() / 2];
        Arrays.fill(count, -1);
        for (int at = 0; at < linkCount; at++) {
            count[(int) (links[at] >>> 32)] = 0;
        }
        for (int record = 0; record < recordCount; record++) {
            final int group = groupOf[record];
            if (group >= 0 && count[group] >= 0) {
                count[group]++;
            }
        }
        final int[][] members = new int[count.length][];
        for (int at = 0; at < linkCount; at++) {
            final int group = (int) (links[at] >>> 32);
            if (members[group] == null) {
                members[group] = new int[Math.min(count[group], MAXIMUM_CROSS_PAIRS)];
                // from here the records filled in so far
                count[group] = 0;
            }
        }
        for (int record = 0; record < recordCount; record++) {
            final int group = groupOf[record];
            if (group >= 0 && members[group] != null && count[group] < MAXIMUM_CROSS_PAIRS) {
                members[group][count[group]++] = record;
            }
        }
        return members;
    }

    /**
     * The record of a stored customer (its {@code members}) by which the links {@code from} to {@code to} show it to hold
     * two people's records, or -1: a record more like the batch's record linked to it than like any other of the customer,
     * by the preference or more, whose linked record is told apart from another record of the customer or from a record
     * linked so to another of its records. {@code withinOf} (one slot per member) keeps per member its best evidence with
     * another of the customer's records.
     */
    private int dividingMember(final ScoredPairs accepted, final long[] links, final int from, final int to, final int[] groupOf,
                               final int[] members, final double[] withinOf) {
        final int group = groupOf[members[0]];
        final boolean[] owned = new boolean[to - from];
        boolean anyOwned = false;
        // members are in record order (membersOfLinkedGroups): a member's slot is found by binary search
        Arrays.fill(withinOf, 0, members.length, Double.NaN);
        for (int at = from; at < to; at++) {
            final int pair = (int) links[at];
            final int member = memberOf(accepted, pair, group, groupOf);
            final int outside = partnerOf(accepted, pair, member);
            final int slot = Arrays.binarySearch(members, member);
            double within = slot >= 0 ? withinOf[slot] : Double.NaN;
            if (Double.isNaN(within)) {
                within = Double.NEGATIVE_INFINITY;
                for (final int other : members) {
                    if (other != member) {
                        within = Math.max(within, evidence.score(member, other));
                    }
                }
                if (slot >= 0) {
                    withinOf[slot] = within;
                }
            }
            owned[at - from] = evidence.score(member, outside) >= within + preferenceBits;
            anyOwned |= owned[at - from];
        }
        if (!anyOwned) {
            return -1;
        }
        for (int at = from; at < to; at++) {
            if (!owned[at - from]) {
                continue;
            }
            final int pair = (int) links[at];
            final int member = memberOf(accepted, pair, group, groupOf);
            final int outside = partnerOf(accepted, pair, member);
            for (final int other : members) {
                if (other != member && twoPeople(outside, other)) {
                    return member;
                }
            }
            for (int second = from; second < to; second++) {
                if (!owned[second - from]) {
                    continue;
                }
                final int otherPair = (int) links[second];
                final int otherMember = memberOf(accepted, otherPair, group, groupOf);
                final int otherOutside = partnerOf(accepted, otherPair, otherMember);
                if (otherMember != member && otherOutside != outside && twoPeople(outside, otherOutside)) {
                    return member;
                }
            }
        }
        return -1;
    }

    /** The record of a link into a stored customer that is the customer's ({@code group}'s). */
    private static int memberOf(final ScoredPairs accepted, final int pair, final int group, final int[] groupOf) {
        return groupOf[accepted.left(pair)] == group ? accepted.left(pair) : accepted.right(pair);
    }

    /** The other record of a pair than {@code record}. */
    private static int partnerOf(final ScoredPairs accepted, final int pair, final int record) {
        return accepted.left(pair) == record ? accepted.right(pair) : accepted.left(pair);
    }

    /** Whether two records are two people as the chaining guard reads them: told apart, or contradicting at or below minus the guard. */
    private boolean twoPeople(final int left, final int right) {
        return distinct.test(left, right) || evidence.score(left, right) <= -guardBits;
    }

    /**
     * Leaves out a record's pairs with records whose given name is another name alike in spelling ({@code Manuel}'s
     * record and {@code Emanuel}'s, {@link Matcher#alikeGivenNames} but not {@link Matcher#sameGivenName}) and that are
     * told apart from a record of its own given name it is linked to ({@code namesake}): the record is that one's,
     * whatever the weights of the two names (a common name's exact agreement may weigh less than a rarer name's close one).
     */
    private void leaveOutOtherNames(final ScoredPairs accepted, final int record, final int[] ends, final boolean[] namesake, final int from,
                                    final int to, final boolean[] tied, final boolean[] heldApart, final ApartReason[] apartReasons,
                                    final IntPages apartBy) {
        for (int at = from; at < to; at++) {
            final int partner = partner(accepted, ends[at]);
            if (namesake[at] || !alikeGivenNames.test(record, partner) || sameGivenName.test(record, partner)) {
                continue;
            }
            for (int own = from; own < to; own++) {
                if (namesake[own] && distinct.test(partner(accepted, ends[own]), partner)) {
                    final int pair = ends[at] / 2;
                    tied[pair] = true;
                    holdApart(accepted, pair, ApartReason.OTHER_NAME, null, heldApart, apartReasons, apartBy);
                    break;
                }
            }
        }
    }

    /**
     * The pairs that no key rule linked of each record, as ranges of one array of pair ends: {@code pair * 2} for its left
     * record's, {@code pair * 2 + 1} for its right's; record {@code r}'s from {@code start[r]} to {@code start[r + 1]}.
     */
    private record Adjacency(int[] start, int[] ends) {
    }

    private static Adjacency adjacency(final int recordCount, final ScoredPairs accepted) {
        final int[] start = new int[recordCount + 1];
        for (int pair = 0; pair < accepted.size(); pair++) {
            if (accepted.weight(pair) < Matcher.KEY_RULE_WEIGHT) {
                start[accepted.left(pair) + 1]++;
                start[accepted.right(pair) + 1]++;
            }
        }
        for (int record = 0; record < recordCount; record++) {
            start[record + 1] += start[record];
        }
        final int[] ends = new int[start[recordCount]];
        final int[] filled = Arrays.copyOf(start, recordCount);
        for (int pair = 0; pair < accepted.size(); pair++) {
            if (accepted.weight(pair) < Matcher.KEY_RULE_WEIGHT) {
                ends[filled[accepted.left(pair)]++] = pair * 2;
                ends[filled[accepted.right(pair)]++] = pair * 2 + 1;
            }
        }
        return new Adjacency(start, ends);
    }

    /**
     * {@link ApartReason#TIED} where the pair would join a cluster of two or more records whose record of the pair is tied
     * as {@link #tiedPairs} ties a record, with its best pair inside its own cluster: its given name is the same evidence
     * for the other record of the pair and for a record of a third cluster told apart from it, and its pair with that
     * record weighs less than {@link #preferenceBits} below this one (or more). A second source's copy of a record tied
     * so, or a later FlowFile's record of a customer stored as such a tie, joins its own cluster first and would
     * otherwise take the whole cluster to whichever of the two comes first. Null where neither record is so tied.
     */
    private ApartReason clusterTie(final ScoredPairs accepted, final int pair, final Adjacency adjacency, final int[] parent, final int[] size,
                                   final int[] tiedWith, final int[] held) {
        if (adjacency == null) {
            return null;
        }
        final int left = accepted.left(pair);
        final int right = accepted.right(pair);
        final int leftRoot = find(parent, left);
        final int rightRoot = find(parent, right);
        int record = left;
        int other = size[leftRoot] > 1 ? tiedAcross(accepted, pair, adjacency, left, right, leftRoot, rightRoot, parent) : -1;
        if (other < 0 && size[rightRoot] > 1) {
            record = right;
            other = tiedAcross(accepted, pair, adjacency, right, left, rightRoot, leftRoot, parent);
        }
        if (other < 0) {
            return null;
        }
        // the record whose cluster is tied is held for a person to decide, between its pair's record and the other
        if (held[record] < 0) {
            held[record] = partnerOf(accepted, pair, record);
            tiedWith[record] = other;
        }
        return ApartReason.TIED;
    }

    /**
     * The record of a third cluster, or -1, with which {@code record}, of the cluster {@code ownRoot}, has a pair that ties it as
     * much to that record as to {@code partner} (of the cluster {@code partnerRoot}): both of its given name, neither told
     * apart from it, told apart from each other, the other pair weighing at least this one's weight less the preference.
     */
    private int tiedAcross(final ScoredPairs accepted, final int pair, final Adjacency adjacency, final int record, final int partner,
                           final int ownRoot, final int partnerRoot, final int[] parent) {
        final double least = accepted.weight(pair) - preferenceBits;
        int namesake = 0;
        for (int at = adjacency.start()[record]; at < adjacency.start()[record + 1]; at++) {
            final int end = adjacency.ends()[at];
            if (end / 2 == pair || accepted.weight(end / 2) <= least) {
                continue;
            }
            final int other = partner(accepted, end);
            final int otherRoot = find(parent, other);
            if (otherRoot == ownRoot || otherRoot == partnerRoot) {
                continue;
            }
            if (namesake == 0) {
                namesake = sameGivenName.test(record, partner) && !distinct.test(record, partner) ? 1 : -1;
            }
            if (namesake < 0) {
                return -1;
            }
            if (sameGivenName.test(record, other) && !distinct.test(record, other) && distinct.test(partner, other)) {
                return other;
            }
        }
        return -1;
    }

    /** Whether a pair end outweighs another, or weighs as much with a partner of a smaller number. */
    private static boolean isStronger(final ScoredPairs accepted, final int end, final int other) {
        final float weight = accepted.weight(end / 2);
        final float otherWeight = accepted.weight(other / 2);
        return weight > otherWeight || weight == otherWeight && partner(accepted, end) < partner(accepted, other);
    }

    /** The other record of a pair end. */
    private static int partner(final ScoredPairs accepted, final int end) {
        return end % 2 == 0 ? accepted.right(end / 2) : accepted.left(end / 2);
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

    /** Names the rule by which two records are two people, or null. */
    @FunctionalInterface
    interface PairReason {
        ApartReason reason(int left, int right);
    }

    /** Scores a pair of records on demand, in bits. */
    @FunctionalInterface
    interface PairScorer {
        double score(int left, int right);
    }
}
