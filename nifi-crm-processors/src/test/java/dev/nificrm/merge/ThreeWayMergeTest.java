package dev.nificrm.merge;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three-way table through the core alone, and what it keeps as snapshots. */
class ThreeWayMergeTest {

    static List<ThreeWayCases.Case> cases() {
        return ThreeWayCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesAsTheTableSays(final ThreeWayCases.Case row) {
        final SyncDecision decision = new ThreeWayMerge(row.policy()).decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                row.incoming()), ThreeWayCases.TARGET, row.sourceSnapshot(), row.targetSnapshot(), ThreeWayCases.NOW);
        assertDecision(row, decision);
    }

    /** The decision matches the row: outcome, merged state (fields and deletion), write-back and conflict text. */
    static void assertDecision(final ThreeWayCases.Case row, final SyncDecision decision) {
        assertEquals(row.outcome(), decision.outcome(), row.name());
        assertEquals(row.writesSource(), decision.writesSource(), row.name() + ": write back");
        if (row.merged() == null) {
            assertNull(decision.merged(), row.name());
            assertEquals(row.conflict(), decision.describeConflict(ThreeWayCases.SOURCE, ThreeWayCases.TARGET), row.name());
        } else {
            assertTrue(sameState(row.merged(), decision.merged()), row.name() + ": merged " + decision.merged() + ", expected " + row.merged());
        }
    }

    static boolean sameState(final SyncState expected, final SyncState actual) {
        final Set<String> fields = new HashSet<>(expected.fields().keySet());
        fields.addAll(actual.fields().keySet());
        return expected.sameAs(actual, fields) && (expected.deleted() || expected.fields().keySet().equals(actual.fields().keySet()));
    }

    @Test
    void anEchoOfAWriteConfirmsItAndAnEchoOfARecordReadChangesNothing() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS));
        final SyncState state = ThreeWayCases.state("Robert", "bob@example.com", null);
        final SyncInput echo = new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, state);
        final SyncDecision ofWrite = merge.decide(echo, ThreeWayCases.TARGET, SyncSnapshot.written(state, ThreeWayCases.WRITTEN, null), null,
                ThreeWayCases.NOW);
        assertTrue(ofWrite.isEcho());
        assertFalse(ofWrite.sourceSnapshot().isWritten(), "the write is confirmed: the state was read back");
        final SyncDecision ofRead = merge.decide(echo, ThreeWayCases.TARGET, SyncSnapshot.read(state), null, ThreeWayCases.NOW);
        assertTrue(ofRead.isEcho());
        assertNull(ofRead.sourceSnapshot(), "nothing to keep");
        assertNull(ofRead.targetSnapshot());
    }

    @Test
    void whatIsWrittenBecomesBothSnapshotsWithTheStateBeforeIt() {
        final ThreeWayCases.Case eachSide = ThreeWayCases.all().stream().filter(row -> row.name().equals("each side changed another field"))
                .findFirst().orElseThrow();
        final SyncDecision decision = new ThreeWayMerge(eachSide.policy()).decide(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE,
                eachSide.incoming()), ThreeWayCases.TARGET, eachSide.sourceSnapshot(), eachSide.targetSnapshot(), ThreeWayCases.NOW);
        assertEquals(ThreeWayCases.NOW, decision.targetSnapshot().written());
        assertEquals(eachSide.targetSnapshot().state(), decision.targetSnapshot().before());
        assertEquals(ThreeWayCases.NOW, decision.sourceSnapshot().written(), "salesforce is written back the hubspot phone");
        assertEquals(eachSide.incoming(), decision.sourceSnapshot().before());
        assertTrue(sameState(decision.merged(), decision.sourceSnapshot().state()));
        assertEquals("salesforce: changed", decision.lineage().get("FirstName"));
        assertEquals("hubspot: changed there", decision.lineage().get("Phone"));
        assertEquals(SyncSnapshot.parse(decision.sourceSnapshot().toJson()), decision.sourceSnapshot(), "kept as JSON and read back the same");
    }
}
