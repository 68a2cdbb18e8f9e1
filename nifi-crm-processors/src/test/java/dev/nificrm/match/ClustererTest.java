package dev.nificrm.match;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
