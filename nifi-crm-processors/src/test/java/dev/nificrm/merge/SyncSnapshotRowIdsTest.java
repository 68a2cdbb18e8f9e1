package dev.nificrm.merge;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The row ids of a stored sync snapshot, read by the rule records' source ids are read by. */
class SyncSnapshotRowIdsTest {

    /**
     * A snapshot an earlier version stored with a no-break space around its row ids (it removed ASCII white space alone)
     * names the rows 003A and 003Z, as the records of those rows are read now: the customer's next record of row 003A is
     * its row, not a second row. Text stays text: row 0077 and row 1.50 keep their spelling.
     */
    @Test
    void rowIdsAreReadWithoutTheWhiteSpaceAnEarlierVersionKept() {
        final SyncState state = new SyncState(Map.of("Email", "ann@x.com"), false, 1L);
        final SyncSnapshot stored = new SyncSnapshot(state, 1L, null, "\u00A0003A\u00A0", Map.of("003Z\u2007", "f1", "1.50", "f2"));
        final SyncSnapshot read = SyncSnapshot.parse(stored.toJson());
        assertEquals("003A", read.row());
        assertEquals(Map.of("003Z", "f1", "1.50", "f2"), read.secondRows());
        assertEquals("0077", SyncSnapshot.parse(new SyncSnapshot(state, 1L, null, "0077", Map.of()).toJson()).row());
    }
}
