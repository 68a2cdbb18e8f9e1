package dev.nificrm.merge;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Orders of events in a two-way sync, decided through the core as the resolver chains them: each decision's snapshots feed the next. */
class ThreeWayEventOrderTest {
    private static final String SF = "salesforce";
    private static final String HS = "hubspot";
    private static final String G = "G-robert";
    private static final long T0 = 1_717_200_000_000L;

    private static SyncState state(final String email, final String phone, final long modified) {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Email", email);
        fields.put("Phone", phone);
        return new SyncState(fields, false, modified);
    }

    private static SyncSnapshot keep(final SyncSnapshot before, final SyncSnapshot after) {
        return after == null ? before : after;
    }

    /**
     * Salesforce edits the email twice (e1, then e2); the FlowFile with e1 is penalised and overtaken by the one with e2,
     * which syncs. HubSpot then edits the phone, which is written back to Salesforce. Only then is the e1 FlowFile retried:
     * it is older than the version the sync last read of the row and must change nothing, as when no write to Salesforce
     * came in between.
     */
    @Test
    void anOvertakenRecordRetriedAfterAWriteToItsSystemDoesNotOverwriteTheNewerEdit() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.ROUTE_TO_CONFLICT));
        SyncSnapshot sf = new SyncSnapshot(state("e0", "p0", T0), Timestamps.NONE, null, "003A");
        SyncSnapshot hs = new SyncSnapshot(state("e0", "p0", T0), Timestamps.NONE, null, "901");

        // the newer read of salesforce (e2, at T0+300) syncs first: hubspot is written
        final SyncDecision newer = merge.decide(new SyncInput(G, SF, state("e2", "p0", T0 + 300_000), "003A"), HS, sf, hs, T0 + 310_000);
        assertEquals(SyncDecision.Outcome.MERGED, newer.outcome());
        sf = keep(sf, newer.sourceSnapshot());
        hs = keep(hs, newer.targetSnapshot());
        // the write lands in hubspot; a person there edits the phone; hubspot -> salesforce writes it to salesforce
        final SyncDecision phone = merge.decide(new SyncInput(G, HS, state("e2", "p1", T0 + 400_000), "901"), SF, hs, sf, T0 + 410_000);
        assertEquals(SyncDecision.Outcome.MERGED, phone.outcome());
        hs = keep(hs, phone.sourceSnapshot());
        sf = keep(sf, phone.targetSnapshot());

        // the overtaken FlowFile of salesforce (e1, at T0+200) is retried
        final SyncDecision stale = merge.decide(new SyncInput(G, SF, state("e1", "p0", T0 + 200_000), "003A"), HS, sf, hs, T0 + 500_000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, stale.outcome(), "an older version of the row than the one read last: " + stale.merged());
        assertFalse(stale.writesSource(), "nothing written back to salesforce either");
    }

    /**
     * Duplicate Row Policy route-to-conflict: a person entered a second row 003Z (routed to conflict), the customer's own
     * row 003A was edited after that and synced, then the person deleted 003A keeping 003Z as it was. The customer is
     * handed over to 003Z, whose values are to reach hubspot when it is read next (the usage page: "its next edit or the
     * poll's overlap"). Read again by the poll's overlap, 003Z's record carries its own last-modified time, older than
     * 003A's last read: it is not an older version of 003Z, and its values must reach hubspot.
     */
    @Test
    void theRowKeptAfterAHandOverIsNotTakenForAnOlderVersionOfTheDeletedRow() {
        final ThreeWayMerge merge = new ThreeWayMerge(new SyncPolicy(ConflictPolicy.ROUTE_TO_CONFLICT, SourcePriority.parse("hubspot, salesforce"),
                null, DeletePolicy.DELETE_WINS, DuplicateRowPolicy.ROUTE_TO_CONFLICT));
        final SyncState second = state("z@example.com", "p0", T0 + 100_000);
        SyncSnapshot sf = new SyncSnapshot(state("e0", "p0", T0 + 200_000), Timestamps.NONE, null, "003A")
                .withSecondRow("003Z", second);
        final SyncSnapshot hs = new SyncSnapshot(state("e0", "p0", T0 + 200_000), Timestamps.NONE, null, "901");

        final SyncDecision deleted = merge.decide(new SyncInput(G, SF, new SyncState(Map.of(), true, T0 + 300_000), "003A"), HS, sf, hs,
                T0 + 310_000);
        assertEquals("003Z", deleted.handedOverTo(), "handed over to the row kept");
        sf = keep(sf, deleted.sourceSnapshot());

        final SyncDecision kept = merge.decide(new SyncInput(G, SF, second, "003Z"), HS, sf, hs, T0 + 400_000);
        assertEquals(SyncDecision.Outcome.MERGED, kept.outcome(), "the kept row's values reach hubspot");
        assertEquals("z@example.com", kept.merged().value("Email"));
    }

    /**
     * The loader fails after MergeCRMRecord committed: hubspot's snapshot says the sync wrote Salesforce's new email
     * there, but hubspot never got it. A person then edits the phone in hubspot. Hubspot's record is later than the
     * write, yet holds the email from before it: taken for an edit, it would put the old email back in Salesforce and
     * lose the new one in both CRMs. A person decides instead. A record that changed nothing else (the write read back,
     * a value hubspot rewrote in its own format) is merged as before.
     */
    @Test
    void aWriteTheLoaderNeverAppliedIsNotRevertedInTheSourceByTheTargetsNextEdit() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.ROUTE_TO_CONFLICT));
        SyncSnapshot sf = new SyncSnapshot(state("e0", "p0", T0), Timestamps.NONE, null, "003A");
        SyncSnapshot hs = new SyncSnapshot(state("e0", "p0", T0), Timestamps.NONE, null, "901");
        final SyncDecision email = merge.decide(new SyncInput(G, SF, state("e1", "p0", T0 + 100_000), "003A"), HS, sf, hs, T0 + 110_000);
        assertEquals(SyncDecision.Outcome.MERGED, email.outcome());
        sf = keep(sf, email.sourceSnapshot());
        hs = keep(hs, email.targetSnapshot());

        // the loader's write to hubspot failed; hubspot still has e0, and a person edits the phone there
        final SyncDecision phone = merge.decide(new SyncInput(G, HS, state("e0", "p1", T0 + 200_000), "901"), SF, hs, sf, T0 + 210_000);
        assertEquals(SyncDecision.Outcome.CONFLICT, phone.outcome(), phone.merged() == null ? "" : phone.merged().toString());
        assertTrue(phone.recordConflict().contains("after the sync wrote Email there") && phone.recordConflict().contains("Phone changed")
                && phone.recordConflict().contains("the write may not have reached hubspot"), phone.recordConflict());
        assertNull(phone.sourceSnapshot());
        assertNull(phone.targetSnapshot());

        // hubspot rewrote the email in its own format (here: as it was), read back with nothing else changed: merged as before
        final SyncDecision readBack = merge.decide(new SyncInput(G, HS, state("e0", "p0", T0 + 200_000), "901"), SF, hs, sf, T0 + 210_000);
        assertEquals(SyncDecision.Outcome.MERGED, readBack.outcome());
    }

    /**
     * The same customer entered in both CRMs before the sync first saw it (MatchCRMRecord gives both records one golden
     * id), read in one cycle, without a Timestamp Field. Salesforce → hubspot goes first: neither system was synced, so
     * salesforce's record is taken as it is and written to hubspot (an insert, as far as the sync knows). Hubspot's own
     * record, read before that write landed, differs on the title: never synced from hubspot, a difference is a conflict
     * ("base (never synced)"), as it is with timestamps. Before, a record of a system whose last write was the sync's
     * insert was always taken as read after the insert, so hubspot's title counted as an edit made there since: it was
     * written to salesforce while salesforce's went to hubspot, the two CRMs swapped titles, and the next cycle wrote again.
     */
    @Test
    void aCustomerEnteredInBothCrmsBeforeTheFirstSyncIsAConflictAlsoWithoutTimestamps() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.ROUTE_TO_CONFLICT));
        for (final long modified : new long[] {Timestamps.NONE, T0}) {
            final SyncDecision first = merge.decide(new SyncInput(G, SF, title("Bob Smith", modified)), HS, null, null, T0 + 10_000);
            assertEquals(SyncDecision.Outcome.MERGED, first.outcome());
            assertNull(first.targetSnapshot().before(), "an insert: nothing was known of hubspot before it");

            final SyncDecision second = merge.decide(new SyncInput(G, HS, title("Robert", modified)), SF, first.targetSnapshot(),
                    first.sourceSnapshot(), T0 + 20_000);
            assertEquals(SyncDecision.Outcome.CONFLICT, second.outcome(), (modified == Timestamps.NONE ? "without" : "with") + " a timestamp: "
                    + second.merged());
            assertEquals("Title: base (never synced), hubspot \"Robert\", salesforce \"Bob Smith\"", second.describeConflict(HS, SF));
        }
        // the insert wrote an empty phone too (a loader writes whole records): hubspot's own record holding a phone was
        // there before the insert, which empties it; never synced, the difference is a conflict as well
        final SyncDecision insert = merge.decide(new SyncInput(G, SF, title("Bob Smith", Timestamps.NONE)), HS, null, null, T0 + 10_000);
        final SyncState withPhone = new SyncState(Map.of("FirstName", "Robert", "Title", "Bob Smith", "Phone", "415-555-0199"), false,
                Timestamps.NONE);
        final SyncDecision phone = merge.decide(new SyncInput(G, HS, withPhone), SF, insert.targetSnapshot(), insert.sourceSnapshot(), T0 + 20_000);
        assertEquals(SyncDecision.Outcome.CONFLICT, phone.outcome(), "" + phone.merged());
        assertEquals("Phone: base (never synced), hubspot \"415-555-0199\", salesforce (empty)", phone.describeConflict(HS, SF));

        // the insert read back (all its values) is the sync's echo, without a timestamp too
        final SyncDecision first = merge.decide(new SyncInput(G, SF, title("Bob Smith", Timestamps.NONE)), HS, null, null, T0 + 10_000);
        final SyncDecision echo = merge.decide(new SyncInput(G, HS, title("Bob Smith", Timestamps.NONE)), SF, first.targetSnapshot(),
                first.sourceSnapshot(), T0 + 20_000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, echo.outcome());
        assertTrue(echo.isEcho());
    }

    /**
     * Without a Timestamp Field: the sync writes salesforce's new title to hubspot, the write lands, and a person in
     * hubspot then edits the title again (here: back to what it was) before the sync reads the write back. Hubspot's
     * record does not show the write, so it is taken for one read before the write landed, a concurrent edit, as the
     * usage page says; salesforce's title is kept. Before, nothing was written either way, since the write "on its way"
     * would bring hubspot the title: it had landed already, and the two CRMs kept different titles for good (read again,
     * hubspot's record was decided the same way). Now the merged record is written back to hubspot too, whenever it
     * differs from a record whose time cannot tell (with a timestamp, a record read before the write is not).
     */
    @Test
    void withoutTimestampsAnEditOverALandedWriteIsWrittenBackNotLeftDifferent() {
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.ROUTE_TO_CONFLICT));
        SyncSnapshot sf = SyncSnapshot.read(title("Robert", Timestamps.NONE));
        SyncSnapshot hs = SyncSnapshot.read(title("Robert", Timestamps.NONE));
        final SyncDecision write = merge.decide(new SyncInput(G, SF, title("Bob Smith", Timestamps.NONE)), HS, sf, hs, T0);
        assertEquals(SyncDecision.Outcome.MERGED, write.outcome());
        sf = keep(sf, write.sourceSnapshot());
        hs = keep(hs, write.targetSnapshot());

        final SyncDecision undone = merge.decide(new SyncInput(G, HS, title("Robert", Timestamps.NONE)), SF, hs, sf, T0 + 10_000);
        assertEquals("Bob Smith", undone.merged().value("Title"), "taken for a record read before the write: salesforce's title stays");
        assertTrue(undone.writesSource(), "hubspot holds Robert: written back, or the CRMs stay different");
        hs = keep(hs, undone.sourceSnapshot());
        final SyncDecision readBack = merge.decide(new SyncInput(G, HS, title("Bob Smith", Timestamps.NONE)), SF, hs, sf, T0 + 20_000);
        assertEquals(SyncDecision.Outcome.UNCHANGED, readBack.outcome());
        assertTrue(readBack.isEcho(), "the write-back read back");

        // with timestamps, a record read before the write is known to be: the write on its way brings hubspot the title
        final SyncSnapshot timedHs = SyncSnapshot.written(title("Bob Smith", T0), T0 + 5_000, title("Robert", T0 - 5_000));
        final SyncDecision before = merge.decide(new SyncInput(G, HS, title("Robert", T0 - 5_000)), SF, timedHs,
                SyncSnapshot.read(title("Bob Smith", T0)), T0 + 10_000);
        assertFalse(before.writesSource(), "nothing to write back: " + before.merged());
    }

    private static SyncState title(final String title, final long modified) {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("FirstName", "Robert");
        fields.put("Title", title);
        fields.put("Phone", null);
        return new SyncState(fields, false, modified);
    }
}
