package dev.nificrm.match;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
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
        final int[] apartBy = new int[14];
        Arrays.fill(apartBy, -1);
        final ApartReason[] apartReasons = new ApartReason[7];
        final int[] clusters = CLUSTERER.cluster(7, accepted, accepted.size(), new boolean[7], apartReasons, tiedWith, apartBy, groupOf,
                (left, right) -> left + right == 12, null);
        assertEquals(4, clusters[4]);
        assertEquals(ApartReason.KEPT_APART, apartReasons[4]);
        assertArrayEquals(new int[] {4, 6}, Arrays.copyOfRange(apartBy, 8, 10), "record 4's pair: itself and record 6");
        assertArrayEquals(new int[] {6, 4}, Arrays.copyOfRange(apartBy, 12, 14), "record 6's pair: itself and record 4");
    }

    @Test
    void groupsAreJoinedWithoutABoxedNumberPerRecord() {
        final int records = 100_000;
        final int[] groupOf = new int[records];
        for (int record = 0; record < records; record++) {
            groupOf[record] = record / 2;
        }
        final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        int[] clusters = null;
        long allocated = 0;
        for (int round = 0; round < 2; round++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            clusters = cluster(records, new ScoredPairs(), groupOf, MatchContext.KeepApart.NONE);
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertTrue(clusters[records - 1] == records - 2 && clusters[records - 2] == records - 2);
        // the arrays of 100,000 records and a one-group array per group: 4.3 MB; with a map from boxed group numbers to
        // boxed first records, 10.0 MB
        assertTrue(allocated < 5_000_000, "allocated " + allocated + " bytes");
    }
}
