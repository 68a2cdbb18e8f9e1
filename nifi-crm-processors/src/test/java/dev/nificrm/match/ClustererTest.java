package dev.nificrm.match;

import dev.nificrm.testing.ThreadAllocation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClustererTest {
    private static final Clusterer CLUSTERER = new Clusterer((left, right) -> 0, 10);

    private static int[] cluster(final int records, final ScoredPairs accepted, final int[] groupOf, final MatchContext.KeepApart apart) {
        final int[] tiedWith = new int[records];
        Arrays.fill(tiedWith, -1);
        return CLUSTERER.cluster(records, accepted, new boolean[records], new ApartReason[records], tiedWith, groupOf, apart, null);
    }

    @Test
    void recordsOfOneGroupAreClusteredTogetherAndGroupsKeptApartStayApart() {
        // groups numbered from 0, not every number used, the largest beyond the record count
        final int[] groupOf = {7, -1, 0, 7, 12, -1, 0};
        final ScoredPairs accepted = new ScoredPairs();
        accepted.add(1, 2, 20);
        accepted.add(4, 6, 15);
        accepted.add(5, 3, 10);
        assertArrayEquals(new int[] {0, 1, 1, 0, 4, 0, 1}, cluster(7, accepted, groupOf, (left, right) -> left + right == 12),
                "groups 0 and 12 kept apart: record 4 stays alone, and record 1 joins group 0");
        assertArrayEquals(new int[] {0, 1, 1, 0, 1, 0, 1}, cluster(7, accepted, groupOf, MatchContext.KeepApart.NONE));
    }

    /**
     * A record two groups kept apart by a person's decision keeps the pair that held it apart, for its explanation to name
     * the other customer's record: record 4 (group 12), linked to record 6 (group 0), stays alone held apart from 6.
     * Before, only a contradiction kept its pair, and the explanation named no other record.
     */
    @Test
    void aRecordKeptApartByADecisionKeepsThePairThatHeldItApart() {
        final int[] groupOf = {7, -1, 0, 7, 12, -1, 0};
        final ScoredPairs accepted = new ScoredPairs();
        accepted.add(1, 2, 20);
        accepted.add(4, 6, 15);
        final int[] tiedWith = new int[7];
        Arrays.fill(tiedWith, -1);
        final IntPages apartBy = new IntPages(14, -1);
        final ApartReason[] apartReasons = new ApartReason[7];
        final int[] clusters = CLUSTERER.cluster(7, accepted, accepted.size(), new boolean[7], apartReasons, tiedWith, apartBy, groupOf,
                (left, right) -> left + right == 12, null);
        assertEquals(4, clusters[4]);
        assertEquals(ApartReason.KEPT_APART, apartReasons[4]);
        assertArrayEquals(new int[] {4, 6}, slots(apartBy, 8, 10), "record 4's pair: itself and record 6");
        assertArrayEquals(new int[] {6, 4}, slots(apartBy, 12, 14), "record 6's pair: itself and record 4");
    }

    /**
     * A stored customer (records 0 and 1, one followed group) that a FlowFile shows to hold two people's records takes none
     * of its links: record 2 is linked to record 0, which is far more like it (20 bits) than like record 1 (5 bits, a
     * namesake match), record 3 likewise to record 1, and records 2 and 3 contradict each other (-15 bits: two families).
     * Before, record 2, first by record number, joined the customer and the guard held record 3 out; now both stay alone,
     * held apart naming record 0, the customer's record that divides it. Where record 0 is as much the customer's as
     * record 2's (20 bits both), nothing divides it: record 2 joins and record 3 is held out by the contradiction, as before.
     */
    @Test
    void aStoredCustomerShownToHoldTwoPeoplesRecordsTakesNoneOfItsLinks() {
        final int[] groupOf = {0, 0, -1, -1};
        final ScoredPairs accepted = new ScoredPairs();
        accepted.add(2, 0, 20);
        accepted.add(3, 1, 20);
        for (final double within : new double[] {5, 20}) {
            final double[][] evidence = {{0, within, 20, 2}, {within, 0, 2, 20}, {20, 2, 0, -15}, {2, 20, -15, 0}};
            final Clusterer clusterer = new Clusterer((left, right) -> evidence[left][right], 12, (left, right) -> false, (left, right) -> false,
                    (left, right) -> false, (left, right) -> false, 3.2, (left, right) -> null);
            final int[] tiedWith = new int[4];
            Arrays.fill(tiedWith, -1);
            final IntPages apartBy = new IntPages(8, -1);
            final ApartReason[] apartReasons = new ApartReason[4];
            final boolean[] heldApart = new boolean[4];
            final int[] clusters = clusterer.cluster(4, accepted, accepted.size(), heldApart, apartReasons, tiedWith, apartBy, groupOf,
                    MatchContext.KeepApart.NONE, new IntPages(2, -1));
            if (within == 5) {
                assertArrayEquals(new int[] {0, 0, 2, 3}, clusters, "neither new record joins the divided customer");
                assertArrayEquals(new ApartReason[] {null, null, ApartReason.DIVIDED_CUSTOMER, ApartReason.DIVIDED_CUSTOMER}, apartReasons);
                assertArrayEquals(new int[] {2, 0, 3, 0}, slots(apartBy, 4, 8), "each names record 0, which divides the customer");
            } else {
                assertArrayEquals(new int[] {0, 0, 0, 3}, clusters, "record 0 is the customer's as much: record 2 joins");
                assertEquals(ApartReason.CONTRADICTION, apartReasons[3]);
                assertEquals(null, apartReasons[2]);
            }
        }
    }

    /**
     * A stored customer's record linked to several records of the batch is scored against the customer's other records
     * once: a customer of 10 records (0 to 9, one followed group, 20 bits between any two), each linked to each of 10
     * records of the batch (10 to 19, 100 links, 20 bits: no record of the batch more like one of the customer's than
     * those are like each other, so nothing divides it). Before, each link scored its record against the customer's 9
     * others: 900 scores; now each record once, 90, with the links' own 100 and the joins' cross pairs (10 joins, 145
     * pairs): 335, was 1,145.
     */
    @Test
    void aStoredRecordIsScoredAgainstItsCustomerOncePerClustering() {
        final int stored = 10;
        final int records = 2 * stored;
        final int[] groupOf = new int[records];
        Arrays.fill(groupOf, -1);
        Arrays.fill(groupOf, 0, stored, 0);
        final ScoredPairs accepted = new ScoredPairs();
        for (int record = stored; record < records; record++) {
            for (int member = 0; member < stored; member++) {
                accepted.add(record, member, 20);
            }
        }
        final long[] scores = new long[1];
        final Clusterer clusterer = new Clusterer((left, right) -> {
            scores[0]++;
            return 20;
        }, 12, (left, right) -> false, (left, right) -> false, (left, right) -> false, (left, right) -> false, 3.2, (left, right) -> null);
        final Held held = Held.cluster(clusterer, records, accepted, groupOf, new IntPages(2, -1));
        assertArrayEquals(new int[records], held.clusters(), "nothing divides the customer: every record of the batch joins it");
        assertEquals(335, scores[0], "scores asked");
    }

    /**
     * A record held for review and its copy in the same batch are held together, both for review naming the same records.
     * Tied: records 2 and 3 (a record and its copy), each linked as strongly to record 0 as to record 1, told apart from
     * each other, and to each other a little less (a rarer name's exact agreement weighing less than a close one, as the
     * batch's term frequencies may have it): both tied between 0 and 1, joined to each other, candidate record 0, tied
     * with record 1. Divided: records 2 and 4 (a record and its copy) linked to stored record 0 and record 3 to stored
     * record 1 of one customer, 2 and 3 contradicting each other: all held off the customer, and 2 and 4 one cluster, both
     * naming record 0. Before, in both cases the two copies formed a cluster of their own that was matched (with a store: a
     * new customer, outcome matched), no candidate, while a held record alone went to review.
     */
    @Test
    void aHeldRecordAndItsCopyAreHeldTogether() {
        final Held tied = Held.cluster(tying(), 4, accepted(2, 0, 15.3f, 2, 1, 15.3f, 3, 0, 15.3f, 3, 1, 15.3f, 2, 3, 15.0f), null, null);
        assertArrayEquals(new int[] {0, 1, 2, 2}, tied.clusters, "the copies together, apart from both");
        assertArrayEquals(new int[] {-1, -1, 0, 0}, tied.candidate);
        assertArrayEquals(new int[] {-1, -1, 1, 1}, tied.tiedWith);
        assertEquals(ApartReason.TIED, tied.apartReasons[2]);
        assertEquals(ApartReason.TIED, tied.apartReasons[3]);
        assertArrayEquals(new int[] {-1, -1, -1, -1}, tied.copyOf, "each tied itself: neither a copy of the other");

        final int[] groupOf = {0, 0, -1, -1, -1};
        final ScoredPairs divided = new ScoredPairs();
        divided.add(2, 0, 20);
        divided.add(4, 0, 20);
        divided.add(3, 1, 20);
        divided.add(2, 4, 30);
        final double[][] evidence = {{0, 5, 20, 2, 20}, {5, 0, 2, 20, 2}, {20, 2, 0, -15, 30}, {2, 20, -15, 0, -15}, {20, 2, 30, -15, 0}};
        final Clusterer dividing = new Clusterer((left, right) -> evidence[left][right], 12, (left, right) -> false, (left, right) -> false,
                (left, right) -> false, (left, right) -> false, 3.2, (left, right) -> null);
        final Held held = Held.cluster(dividing, 5, divided, groupOf, new IntPages(2, -1));
        assertArrayEquals(new int[] {0, 0, 2, 3, 2}, held.clusters, "neither copy joins the divided customer, both together");
        assertArrayEquals(new int[] {-1, -1, 0, -1, 0}, held.candidate, "each copy names record 0; record 3 alone has none");
        assertArrayEquals(new int[] {-1, -1, -1, -1, -1}, held.copyOf, "records 2 and 4 each held themselves: neither a copy of the other");
        assertArrayEquals(new ApartReason[] {null, null, ApartReason.DIVIDED_CUSTOMER, ApartReason.DIVIDED_CUSTOMER, ApartReason.DIVIDED_CUSTOMER},
                held.apartReasons);
    }

    /**
     * A record tied between two records told apart whose copy joined it first (far stronger than either link): the
     * cluster is held for the tied record, and the copy, not held itself, is named as its copy (its explanation says so).
     */
    @Test
    void aCopyJoinedToATiedRecordFirstIsNamedAsItsCopy() {
        final Held held = Held.cluster(tying(), 4, accepted(2, 3, 30f, 2, 0, 15.3f, 2, 1, 15.3f), null, null);
        assertArrayEquals(new int[] {0, 1, 2, 2}, held.clusters, "the copies together, apart from both");
        assertArrayEquals(new int[] {-1, -1, 0, 0}, held.candidate);
        assertArrayEquals(new int[] {-1, -1, 1, 1}, held.tiedWith);
        assertArrayEquals(new int[] {-1, -1, -1, 2}, held.copyOf, "record 3 is record 2's copy, record 2 held itself");
    }

    /** Accepted pairs given as left, right and weight, one after another. */
    private static ScoredPairs accepted(final float... leftRightWeight) {
        final ScoredPairs pairs = new ScoredPairs();
        for (int at = 0; at < leftRightWeight.length; at += 3) {
            pairs.add((int) leftRightWeight[at], (int) leftRightWeight[at + 1], leftRightWeight[at + 2]);
        }
        return pairs;
    }

    /** The slots {@code from} to {@code to} (exclusive) of a clustering's pages. */
    private static int[] slots(final IntPages pages, final int from, final int to) {
        final int[] slots = new int[to - from];
        for (int slot = from; slot < to; slot++) {
            slots[slot - from] = pages.get(slot);
        }
        return slots;
    }

    /** A clusterer that ties records: records 0 and 1 told apart, every pair of one given name, the evidence 10 bits. */
    private static Clusterer tying() {
        return new Clusterer((left, right) -> 10, 12, (left, right) -> false, (left, right) -> left + right == 1,
                (left, right) -> true, (left, right) -> true, 3.2, (left, right) -> null);
    }

    /** A clustering's clusters and what it held: per record its candidate, the held record it is a copy of, the record it is tied with and its rule. */
    private record Held(int[] clusters, int[] candidate, int[] copyOf, int[] tiedWith, ApartReason[] apartReasons) {
        static Held cluster(final Clusterer clusterer, final int records, final ScoredPairs accepted, final int[] groupOf, final IntPages crossing) {
            final int[] tiedWith = new int[records];
            Arrays.fill(tiedWith, -1);
            final IntPages apartBy = new IntPages(2 * records, -1);
            final int[] candidate = new int[records];
            Arrays.fill(candidate, -1);
            final ApartReason[] apartReasons = new ApartReason[records];
            final int[] copyOf = new int[records];
            Arrays.fill(copyOf, -1);
            final int[] clusters = clusterer.cluster(records, accepted, accepted.size(), new boolean[records], apartReasons, tiedWith, apartBy,
                    candidate, copyOf, groupOf, MatchContext.KeepApart.NONE, crossing);
            return new Held(clusters, candidate, copyOf, tiedWith, apartReasons);
        }
    }

    @Test
    void groupsAreJoinedWithoutABoxedNumberPerRecord() {
        final int records = 100_000;
        final int[] groupOf = new int[records];
        for (int record = 0; record < records; record++) {
            groupOf[record] = record / 2;
        }
        final int[][] clustered = new int[1][];
        final long allocated = ThreadAllocation.leastOf(2, () -> clustered[0] = cluster(records, new ScoredPairs(), groupOf, MatchContext.KeepApart.NONE));
        final int[] clusters = clustered[0];
        assertTrue(clusters[records - 1] == records - 2 && clusters[records - 2] == records - 2);
        // the arrays of 100,000 records and a one-group array per group: 4.3 MB; with a map from boxed group numbers to
        // boxed first records, 10.0 MB
        assertTrue(allocated < 5_000_000, "allocated " + allocated + " bytes");
    }
    /**
     * A store's batch: 100,000 stored records, each its own followed customer, 1,000 records of the batch each linked to
     * one of them. The clusterer kept an array of one group per customer (for its groups joined) and an array of members
     * per customer, linked or not (for the divided customers' checks); now the groups of a cluster are a list in one
     * array and only the 1,000 linked customers' members are gathered.
     */
    @Test
    void aStoreBatchsCustomersAreClusteredWithoutAnArrayPerCustomer() {
        final int stored = 100_000;
        final int batch = 1_000;
        final int records = stored + batch;
        final int[] groupOf = new int[records];
        Arrays.fill(groupOf, -1);
        for (int record = 0; record < stored; record++) {
            groupOf[record] = record;
        }
        final ScoredPairs accepted = new ScoredPairs();
        for (int record = stored; record < records; record++) {
            accepted.add(record, (record - stored) * 97, 20);
        }
        final Clusterer clusterer = new Clusterer((left, right) -> 20, 12, (left, right) -> false, (left, right) -> false, (left, right) -> false,
                (left, right) -> false, 3.2, (left, right) -> null);
        final Held[] held = new Held[1];
        final long allocated = ThreadAllocation.leastOf(2, () -> held[0] = Held.cluster(clusterer, records, accepted, groupOf,
                new IntPages(2 * stored, -1)));
        for (int record = stored; record < records; record++) {
            assertEquals((record - stored) * 97, held[0].clusters()[record], "the batch's record joins its customer");
        }
        // 13.8 MB before, 9.0 MB now (the arrays of 101,000 records, the clustering's and the test's)
        assertTrue(allocated < 11_000_000, "allocated " + allocated + " bytes");
    }
}

