package dev.nificrm.merge;

import dev.nificrm.store.ChangeSet;
import dev.nificrm.store.DelegatingStore;
import dev.nificrm.store.EntityStore;
import dev.nificrm.store.EventKind;
import dev.nificrm.store.HistoryEvent;
import dev.nificrm.store.Snapshot;
import dev.nificrm.store.SourceKey;
import dev.nificrm.store.StoreConflictException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three-way table and the snapshot bookkeeping through a real entity store (embedded SQLite, and PostgreSQL in
 * its subclass): what is decided, what is kept, what a rollback leaves, and a concurrent writer making it decide again.
 */
abstract class SyncResolverContractTest {
    private final List<EntityStore> opened = new ArrayList<>();

    /** A new, empty store. */
    protected abstract EntityStore newStore();

    private EntityStore store() {
        final EntityStore store = newStore();
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(EntityStore::close);
    }

    static void seed(final EntityStore store, final String goldenId, final String system, final SyncSnapshot snapshot) throws StoreConflictException {
        final ChangeSet changes = new ChangeSet(-1, store.readMark());
        changes.putSnapshot(goldenId, system, snapshot.toJson(), 0);
        store.write(changes).commit();
    }

    static SyncSnapshot stored(final EntityStore store, final String goldenId, final String system) {
        final Snapshot snapshot = store.findSnapshots(system, List.of(goldenId)).get(goldenId);
        return snapshot == null ? null : SyncSnapshot.parse(snapshot.content());
    }

    @Test
    void decidesEveryCaseOfTheTableAndKeepsWhatIsWritten() throws StoreConflictException {
        final EntityStore store = store();
        int number = 0;
        for (final ThreeWayCases.Case row : ThreeWayCases.all()) {
            final String goldenId = ThreeWayCases.GOLDEN_ID + "-" + number++;
            if (row.sourceSnapshot() != null) {
                seed(store, goldenId, ThreeWayCases.SOURCE, row.sourceSnapshot());
            }
            if (row.targetSnapshot() != null) {
                seed(store, goldenId, ThreeWayCases.TARGET, row.targetSnapshot());
            }
            final SyncResolution resolution = new SyncResolver(new ThreeWayMerge(row.policy()), store)
                    .resolve(List.of(new SyncInput(goldenId, ThreeWayCases.SOURCE, row.incoming())), ThreeWayCases.TARGET, ThreeWayCases.NOW);
            resolution.pendingWrite().commit();
            final SyncDecision decision = resolution.decisions().getFirst();
            ThreeWayMergeTest.assertDecision(row, decision);

            final SyncSnapshot target = stored(store, goldenId, ThreeWayCases.TARGET);
            final SyncSnapshot source = stored(store, goldenId, ThreeWayCases.SOURCE);
            if (row.outcome() == SyncDecision.Outcome.CONFLICT) {
                assertEquals(row.targetSnapshot(), target, row.name() + ": a conflict changes no snapshot");
                if (row.incoming().deleted()) {
                    // but a deletion sent to a person: the source's row is deleted, as read
                    assertTrue(source.state().deleted() && !source.isWritten(), row.name() + ": salesforce's snapshot is its tombstone");
                } else {
                    assertEquals(row.sourceSnapshot(), source, row.name());
                }
            } else {
                assertTrue(ThreeWayMergeTest.sameState(row.merged(), source.state()) || !row.writesSource() && !source.isWritten(),
                        row.name() + ": salesforce's snapshot is the record read, or what is written back");
            }
            if (row.outcome() == SyncDecision.Outcome.MERGED) {
                assertEquals(ThreeWayCases.NOW, target.written(), row.name());
                assertTrue(ThreeWayMergeTest.sameState(row.merged(), target.state()), row.name() + ": hubspot's snapshot is what is written");
            }
        }
    }

    @Test
    void aCustomerTwiceInOneFlowFileSeesItsFirstDecision() {
        final EntityStore store = store();
        final SyncResolver resolver = new SyncResolver(new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null,
                DeletePolicy.DELETE_WINS)), store);
        final SyncState first = ThreeWayCases.state("Robert", "bob@example.com", null);
        final SyncResolution resolution = resolver.resolve(List.of(new SyncInput("G1", "salesforce", first), new SyncInput("G1", "salesforce", first),
                new SyncInput("G1", "salesforce", ThreeWayCases.state("Bob", "bob@example.com", null))), "hubspot", ThreeWayCases.NOW);
        resolution.pendingWrite().commit();
        assertEquals(List.of(SyncDecision.Outcome.MERGED, SyncDecision.Outcome.UNCHANGED, SyncDecision.Outcome.MERGED),
                resolution.decisions().stream().map(SyncDecision::outcome).toList());
        assertTrue(resolution.decisions().get(1).isEcho());
        assertEquals("Bob", stored(store, "G1", "hubspot").state().value("FirstName"));
    }

    /**
     * Hubspot changes Robert's email, and a cycle later his phone: both decided for salesforce's 003A before its change
     * feed gives the first write back (the loader lands it late, after the second decision). Each write carries its
     * version (crm_sync_version), which the row keeps and gives back (the Read Sync Version Field). The first write read
     * back, its version and its values, time after the second decision, is the sync's own echo: unchanged, nothing written
     * to either CRM, the second write still on its way (before, it was taken for a person's edit back to the old phone,
     * written to hubspot over hubspot's own change). The second write read back confirms it. A person who sets the row back
     * to the first write's values after the second landed leaves the row's version the second's: a change, which goes to
     * hubspot; so does a record carrying no version (told by values and time alone, as before).
     */
    @Test
    void anEarlierWriteReadBackLateIsToldByTheVersionTheRowHoldsAndIsAnEcho() throws StoreConflictException {
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "(415) 555-0132").fields(), false,
                ThreeWayCases.EARLIER);
        final SyncState email = ThreeWayCases.state("Robert", "rob@new.example", "(415) 555-0132");
        final SyncState phone = ThreeWayCases.state("Robert", "rob@new.example", "(415) 555-0199");
        final long firstDecision = ThreeWayCases.WRITTEN;
        final long secondDecision = firstDecision + 60_000;
        final long landed = secondDecision + 5_000;
        for (final String readBack : List.of("the first write", "the second write", "a person's edit back", "no version")) {
            final EntityStore store = store();
            seed(store, "G1", "hubspot", SyncSnapshot.read(robert).withRow("901"));
            seed(store, "G1", "salesforce", SyncSnapshot.read(robert).withRow("003A"));
            final SyncResolver resolver = new SyncResolver(new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null,
                    DeletePolicy.ROUTE_TO_CONFLICT)), store);
            final SyncDecision first = fromHubSpot(resolver, email, firstDecision);
            final SyncDecision second = fromHubSpot(resolver, phone, secondDecision);
            assertTrue(second.targetVersion() > first.targetVersion(), first.targetVersion() + ", " + second.targetVersion());
            final SyncSnapshot onItsWay = stored(store, "G1", "salesforce");
            assertEquals(second.targetVersion(), onItsWay.writeVersion(), "the second write's version, as its records carry it");
            assertEquals(Map.of(first.targetVersion(), email.fields()), Map.of(onItsWay.earlierWrites().keySet().iterator().next(),
                    onItsWay.earlierWrites().values().iterator().next().fields()), "the first write, on its way, by its version");

            final SyncDecision read = switch (readBack) {
                case "the first write" -> fromSalesforce(resolver, email, landed, first.targetVersion());
                case "the second write" -> fromSalesforce(resolver, phone, landed, second.targetVersion());
                case "a person's edit back" -> fromSalesforce(resolver, email, landed, second.targetVersion());
                default -> fromSalesforce(resolver, email, landed, SyncSnapshot.NO_VERSION);
            };
            final SyncSnapshot after = stored(store, "G1", "salesforce");
            if (readBack.equals("a person's edit back") || readBack.equals("no version")) {
                assertEquals(SyncDecision.Outcome.MERGED, read.outcome(), readBack + ": a change, " + read.recordConflict());
                assertFalse(read.isEcho(), readBack);
                assertEquals("(415) 555-0132", read.targetSnapshot().state().value("Phone"), readBack + ": the phone set back goes to hubspot");
                continue;
            }
            assertEquals(SyncDecision.Outcome.UNCHANGED, read.outcome(), readBack + ": " + read.recordConflict() + " " + read.merged());
            assertTrue(read.isEcho(), readBack + ": the sync's own echo");
            assertFalse(read.writesSource(), readBack + ": nothing written back");
            assertNull(read.targetSnapshot(), readBack + ": nothing written to hubspot");
            if (readBack.equals("the first write")) {
                assertTrue(after.isWritten(), "the second write is still on its way");
                assertEquals(phone.fields(), after.state().fields());
                assertEquals(second.targetVersion(), after.writeVersion());
                assertEquals(Map.of(), after.earlierWrites(), "the first write landed");
                final SyncDecision secondRead = fromSalesforce(resolver, phone, landed + 1000, second.targetVersion());
                assertTrue(secondRead.isEcho() && secondRead.targetSnapshot() == null, "the second write read back next: its echo");
                assertFalse(stored(store, "G1", "salesforce").isWritten(), "it confirms the write");
            } else {
                assertFalse(after.isWritten(), "the second write read back confirms it");
                assertEquals(Map.of(), after.earlierWrites());
            }
        }
    }

    /**
     * The version rule's gaps, each through the embedded store, hubspot changing Robert's email and then his phone, both
     * decided for salesforce before its change feed gives the first write back:
     * <ul>
     *   <li>a person's edit of the first write in salesforce (FirstName), made before the second write landed: the row gives
     *   back the first write's version with other values. A change, merged against the first write: the name goes to
     *   hubspot, the phone the second write carries stays (the second write lands over the edit, so the merged state is
     *   written back). Before: a conflict, "the write may not have reached salesforce", nothing synced;</li>
     *   <li>two writes before the sync's insert is read back (salesforce had no row of Robert: the insert carries the first
     *   version, the row's id is not known yet): the insert read back from the row it created, late, is the sync's own echo,
     *   and salesforce's row is known from then on. Before: its values were a change back, the old phone sent to hubspot
     *   over hubspot's change (and the new phone again once the second write was read);</li>
     *   <li>the same record twice in one FlowFile part (the email change and then the phone change read in one poll): both
     *   writes carry one version; the first landed alone, read back, is the sync's own echo (its values tell it), the
     *   second still on its way. Before: the old phone went back to hubspot, then the new one again.</li>
     * </ul>
     */
    @Test
    void anEarlierWritesVersionReadBackWithOtherValuesIsAPersonsEditMergedAgainstThatWrite() throws StoreConflictException {
        assertTheVersionRuleCovers("a person's edit of the first write");
    }

    @Test
    void theInsertReadBackAfterASecondWriteWasDecidedIsAnEchoAndItsEditAChange() throws StoreConflictException {
        assertTheVersionRuleCovers("the insert read back late");
        assertTheVersionRuleCovers("the insert edited");
    }

    @Test
    void theFirstOfTwoWritesOfOnePartReadBackAloneIsAnEcho() throws StoreConflictException {
        assertTheVersionRuleCovers("one part");
    }

    private void assertTheVersionRuleCovers(final String gap) throws StoreConflictException {
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "(415) 555-0132").fields(), false,
                ThreeWayCases.EARLIER);
        final SyncState email = ThreeWayCases.state("Robert", "rob@new.example", "(415) 555-0132");
        final SyncState phone = ThreeWayCases.state("Robert", "rob@new.example", "(415) 555-0199");
        final SyncState renamed = ThreeWayCases.state("Rob", "rob@new.example", "(415) 555-0132");
        final long firstDecision = ThreeWayCases.WRITTEN;
        final long secondDecision = firstDecision + 60_000;
        final long landed = secondDecision + 5_000;
        final EntityStore store = store();
        seed(store, "G1", "hubspot", SyncSnapshot.read(robert).withRow("901"));
        final boolean insert = gap.startsWith("the insert");
        if (!insert) {
            seed(store, "G1", "salesforce", SyncSnapshot.read(robert).withRow("003A"));
        }
        final String row = insert ? "003N" : "003A";
        final SyncResolver resolver = new SyncResolver(new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null,
                DeletePolicy.ROUTE_TO_CONFLICT)), store);
        final long firstVersion;
        final long secondVersion;
        if (gap.equals("one part")) {
            final SyncResolution resolution = resolver.resolve(List.of(
                    new SyncInput("G1", "hubspot", new SyncState(email.fields(), false, firstDecision - 2000), "901"),
                    new SyncInput("G1", "hubspot", new SyncState(phone.fields(), false, firstDecision - 1000), "901")), "salesforce", firstDecision);
            resolution.pendingWrite().commit();
            firstVersion = resolution.decisions().get(0).targetVersion();
            secondVersion = resolution.decisions().get(1).targetVersion();
            assertEquals(firstVersion, secondVersion, "one part: one version");
        } else {
            firstVersion = fromHubSpot(resolver, email, firstDecision).targetVersion();
            secondVersion = fromHubSpot(resolver, phone, secondDecision).targetVersion();
        }

        final boolean edited = gap.equals("a person's edit of the first write") || gap.equals("the insert edited");
        final SyncDecision read = fromSalesforce(resolver, edited ? renamed : email, row, landed, firstVersion);
        final SyncSnapshot after = stored(store, "G1", "salesforce");
        assertEquals(row, after.row(), gap + ": the row the customer syncs through");
        if (edited) {
            assertEquals(SyncDecision.Outcome.MERGED, read.outcome(), gap + ": a person's change, " + read.recordConflict());
            assertFalse(read.isEcho(), gap);
            assertEquals(ThreeWayCases.state("Rob", "rob@new.example", "(415) 555-0199").fields(), read.targetSnapshot().state().fields(),
                    gap + ": the name goes to hubspot, hubspot's phone stays");
            assertTrue(read.writesSource(), gap + ": written back, the second write lands over the edit");
            assertEquals(read.targetSnapshot().state().fields(), after.state().fields(), gap);
            assertEquals(Map.of(secondVersion, phone.fields()), Map.of(after.earlierWrites().keySet().iterator().next(),
                    after.earlierWrites().values().iterator().next().fields()), gap + ": the second write, still on its way");
            final SyncDecision secondRead = fromSalesforce(resolver, phone, row, landed + 1000, secondVersion);
            assertTrue(secondRead.isEcho() && secondRead.targetSnapshot() == null, gap + ": the second write read back next: its echo");
            return;
        }
        assertEquals(SyncDecision.Outcome.UNCHANGED, read.outcome(), gap + ": " + read.recordConflict() + " " + read.merged());
        assertTrue(read.isEcho(), gap + ": the sync's own echo");
        assertFalse(read.writesSource(), gap + ": nothing written back");
        assertNull(read.targetSnapshot(), gap + ": nothing written to hubspot");
        assertTrue(after.isWritten(), gap + ": the latest write is still on its way");
        assertEquals(secondVersion, after.writeVersion(), gap);
        assertEquals(Map.of(), after.earlierWrites(), gap + ": the first write landed");
        final SyncDecision secondRead = fromSalesforce(resolver, phone, row, landed + 1000, secondVersion);
        assertTrue(secondRead.isEcho() && secondRead.targetSnapshot() == null, gap + ": the latest write read back next: its echo, "
                + secondRead.outcome() + " " + secondRead.recordConflict());
        assertFalse(stored(store, "G1", "salesforce").isWritten(), gap + ": it confirms the write");
    }

    /**
     * Hubspot changes Robert's email (decided for salesforce's 003A), then deletes him before salesforce's change feed gives
     * the write back: the deletion, decided while the write is on its way, keeps it by its version. The write landed after
     * the deletion's decision and read back (its version, its values) is the sync's own echo: unchanged, nothing written to
     * hubspot, the deletion still on its way; read back next, the deletion confirms it (before, the write read late was a
     * person's restore after the deletion: Robert brought back in hubspot, and deleted there again once the deletion was read
     * back). A row restored after the deletion landed gives back the deletion's version: a restore, as before; so does a row
     * giving back the version of a write decided in the deletion's own part (the same record read live and deleted in one
     * FlowFile): both carry one version, which a row restored after the deletion landed gives back with that write's values.
     */
    @Test
    void anEarlierWriteReadBackLateWhileTheDeletionIsOnItsWayIsAnEchoAndTheDeletionStands() throws StoreConflictException {
        final SyncState robert = new SyncState(ThreeWayCases.state("Robert", "bob@example.com", "(415) 555-0132").fields(), false,
                ThreeWayCases.EARLIER);
        final SyncState email = ThreeWayCases.state("Robert", "rob@new.example", "(415) 555-0132");
        final long firstDecision = ThreeWayCases.WRITTEN;
        final long secondDecision = firstDecision + 60_000;
        final long landed = secondDecision + 5_000;
        for (final String readBack : List.of("the earlier write", "a restore after the deletion landed", "one part")) {
            final EntityStore store = store();
            seed(store, "G1", "hubspot", SyncSnapshot.read(robert).withRow("901"));
            seed(store, "G1", "salesforce", SyncSnapshot.read(robert).withRow("003A"));
            final SyncResolver resolver = new SyncResolver(new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null,
                    DeletePolicy.ROUTE_TO_CONFLICT)), store);
            final SyncInput deletion = new SyncInput("G1", "hubspot", new SyncState(email.fields(), true, secondDecision - 1000), "901");
            final long writeVersion;
            final long deletionVersion;
            if (readBack.equals("one part")) {
                final SyncResolution resolution = resolver.resolve(List.of(new SyncInput("G1", "hubspot", new SyncState(email.fields(), false,
                        firstDecision - 2000), "901"), new SyncInput("G1", "hubspot", new SyncState(email.fields(), true, firstDecision - 1000), "901")),
                        "salesforce", firstDecision);
                resolution.pendingWrite().commit();
                writeVersion = resolution.decisions().get(0).targetVersion();
                deletionVersion = resolution.decisions().get(1).targetVersion();
                assertEquals(writeVersion, deletionVersion, "one part: one version");
                assertEquals(Map.of(), stored(store, "G1", "salesforce").earlierWrites(), "one part: the deletion keeps no write of its part");
            } else {
                writeVersion = fromHubSpot(resolver, email, firstDecision).targetVersion();
                final SyncResolution resolution = resolver.resolve(List.of(deletion), "salesforce", secondDecision);
                resolution.pendingWrite().commit();
                final SyncDecision deleted = resolution.decisions().getFirst();
                assertEquals(SyncDecision.Outcome.MERGED, deleted.outcome(), "hubspot's deletion on its way to 003A");
                deletionVersion = deleted.targetVersion();
                final SyncSnapshot onItsWay = stored(store, "G1", "salesforce");
                assertTrue(onItsWay.isWritten() && onItsWay.state().deleted(), "the deletion, on its way");
                assertEquals(deletionVersion, onItsWay.writeVersion());
                assertEquals(Map.of(writeVersion, email.fields()), Map.of(onItsWay.earlierWrites().keySet().iterator().next(),
                        onItsWay.earlierWrites().values().iterator().next().fields()), "the email write, on its way before it, by its version");
            }

            final SyncDecision read = fromSalesforce(resolver, email, landed, readBack.equals("the earlier write") ? writeVersion : deletionVersion);
            if (!readBack.equals("the earlier write")) {
                assertEquals(SyncDecision.Outcome.MERGED, read.outcome(), readBack + ": a person's restore, " + read.recordConflict());
                assertFalse(read.isEcho(), readBack);
                assertFalse(read.targetSnapshot().state().deleted(), readBack + ": Robert comes back in hubspot");
                continue;
            }
            assertEquals(SyncDecision.Outcome.UNCHANGED, read.outcome(), readBack + ": " + read.recordConflict() + " " + read.merged());
            assertTrue(read.isEcho(), readBack + ": the sync's own echo");
            assertFalse(read.writesSource(), readBack + ": nothing written back");
            assertNull(read.targetSnapshot(), readBack + ": nothing written to hubspot");
            final SyncSnapshot after = stored(store, "G1", "salesforce");
            assertTrue(after.isWritten() && after.state().deleted(), "the deletion is still on its way");
            assertEquals(deletionVersion, after.writeVersion());
            assertEquals(Map.of(), after.earlierWrites(), "the email write landed");
            final SyncDecision deletionRead = fromSalesforce(resolver, new SyncState(email.fields(), true, Timestamps.NONE), "003A", landed + 1000,
                    deletionVersion);
            assertTrue(deletionRead.isEcho() && deletionRead.targetSnapshot() == null, "the deletion read back next: its echo, "
                    + deletionRead.outcome() + " " + deletionRead.recordConflict());
            assertFalse(stored(store, "G1", "salesforce").isWritten(), "it confirms the deletion");
            assertTrue(stored(store, "G1", "salesforce").state().deleted(), "Robert stays deleted in salesforce");
            assertTrue(stored(store, "G1", "hubspot").state().deleted(), "and in hubspot");
        }
    }

    /** Decides hubspot's row 901 read in the given state, a second before the given decision time, for salesforce, and commits. */
    private static SyncDecision fromHubSpot(final SyncResolver resolver, final SyncState state, final long decidedAt) {
        final SyncResolution resolution = resolver.resolve(List.of(new SyncInput("G1", "hubspot", new SyncState(state.fields(), false, decidedAt - 1000),
                "901")), "salesforce", decidedAt);
        resolution.pendingWrite().commit();
        final SyncDecision decision = resolution.decisions().getFirst();
        assertEquals(SyncDecision.Outcome.MERGED, decision.outcome(), state + " on its way to 003A");
        return decision;
    }

    /** Decides salesforce's row 003A read in the given state at the given time, holding the given version of the sync's write, and commits. */
    private static SyncDecision fromSalesforce(final SyncResolver resolver, final SyncState state, final long modified, final long version) {
        return fromSalesforce(resolver, state, "003A", modified, version);
    }

    /** Decides salesforce's given row read in the given state (live or a tombstone) at the given time, holding the given version, and commits. */
    private static SyncDecision fromSalesforce(final SyncResolver resolver, final SyncState state, final String row, final long modified,
                                               final long version) {
        final long decidedAt = modified + 30_000;
        final SyncResolution resolution = resolver.resolve(List.of(new SyncInput("G1", "salesforce", new SyncState(state.fields(), state.deleted(),
                modified), row, false, null, false, version)), "hubspot", decidedAt);
        resolution.pendingWrite().commit();
        return resolution.decisions().getFirst();
    }

    @Test
    void withRouteToConflictACustomerSyncsThroughOneRowPerSystemAlsoAfterTheStoreMergedTwoSyncedCustomers() throws StoreConflictException {
        final EntityStore store = store();
        final SyncResolver resolver = new SyncResolver(new ThreeWayMerge(new SyncPolicy(ConflictPolicy.ROUTE_TO_CONFLICT,
                SourcePriority.parse("hubspot, salesforce"), null, DeletePolicy.DELETE_WINS, DuplicateRowPolicy.ROUTE_TO_CONFLICT)), store);
        final SyncState ann = ThreeWayCases.state("Ann", "ann@lee.org", null);
        final SyncState anne = ThreeWayCases.state("Anne", "anne@lee.org", null);
        final ChangeSet entities = new ChangeSet(-1, store.readMark());
        for (final String goldenId : List.of("G-ann", "G-anne")) {
            entities.createEntity(goldenId);
        }
        store.write(entities).commit();
        // one FlowFile: Ann's row, then a second row of hers entered by hand; Anne, a customer of her own
        final SyncResolution first = resolver.resolve(List.of(new SyncInput("G-ann", "salesforce", ann, "003A"),
                new SyncInput("G-ann", "salesforce", ThreeWayCases.state("Ann", "ann.lee@work.example", null), "003Z"),
                new SyncInput("G-anne", "salesforce", anne, "003N")), "hubspot", ThreeWayCases.NOW);
        first.pendingWrite().commit();
        assertEquals(List.of(SyncDecision.Outcome.MERGED, SyncDecision.Outcome.CONFLICT, SyncDecision.Outcome.MERGED),
                first.decisions().stream().map(SyncDecision::outcome).toList());
        assertEquals("003A", stored(store, "G-ann", "salesforce").row());
        assertEquals("ann@lee.org", stored(store, "G-ann", "hubspot").state().value("Email"), "the second row's change is not synced");
        assertNull(stored(store, "G-ann", "hubspot").row(), "the sync's insert into hubspot: its row is not known yet");

        // the sync's inserts come back from hubspot: each becomes its customer's row there
        resolver.resolve(List.of(new SyncInput("G-ann", "hubspot", ann, "81"), new SyncInput("G-anne", "hubspot", anne, "82")), "salesforce",
                ThreeWayCases.NOW + 1).pendingWrite().commit();
        assertEquals("81", stored(store, "G-ann", "hubspot").row());
        assertEquals("82", stored(store, "G-anne", "hubspot").row());

        // the store merges Anne into Ann (a review decision, a bridging record): both already have rows in both systems
        final ChangeSet merge = new ChangeSet(-1, store.readMark());
        merge.mergeEntities("G-anne", "G-ann");
        store.write(merge).commit();

        // Anne's rows now resolve to Ann: they are second rows, and deleting one (merged away in its CRM) deletes nothing
        final SyncResolution after = resolver.resolve(List.of(new SyncInput("G-ann", "salesforce", ThreeWayCases.state("Anne", "anne@new.example",
                null), "003N"), new SyncInput("G-ann", "hubspot", new SyncState(Map.of(), true, ThreeWayCases.NOW), "82")), "hubspot",
                ThreeWayCases.NOW + 2);
        assertEquals(List.of(SyncDecision.Outcome.CONFLICT, SyncDecision.Outcome.CONFLICT),
                after.decisions().stream().map(SyncDecision::outcome).toList());
        assertTrue(after.decisions().get(0).describeConflict("salesforce", "hubspot").startsWith(
                "(record): row 003N is a second row of this customer in salesforce, which syncs through row 003A there"));
        after.pendingWrite().commit();
        assertEquals("ann@lee.org", stored(store, "G-ann", "hubspot").state().value("Email"));
        assertFalse(stored(store, "G-ann", "hubspot").state().deleted(), "Ann lives on");
        assertEquals("81", stored(store, "G-ann", "hubspot").row());

        // read again unchanged (a poll's overlap), the second rows are not conflicts again
        final SyncResolution reread = resolver.resolve(List.of(new SyncInput("G-ann", "salesforce", ThreeWayCases.state("Anne", "anne@new.example",
                null), "003N"), new SyncInput("G-ann", "hubspot", new SyncState(Map.of(), true, ThreeWayCases.NOW), "82")), "hubspot",
                ThreeWayCases.NOW + 3);
        reread.pendingWrite().commit();
        assertEquals(List.of(SyncDecision.Outcome.UNCHANGED, SyncDecision.Outcome.UNCHANGED),
                reread.decisions().stream().map(SyncDecision::outcome).toList());
        assertEquals(Set.of("003N", "003Z"), stored(store, "G-ann", "salesforce").secondRows().keySet());

        // Ann's own row still syncs
        final SyncResolution own = resolver.resolve(List.of(new SyncInput("G-ann", "salesforce", ThreeWayCases.state("Ann", "ann@new.example",
                null), "003A")), "hubspot", ThreeWayCases.NOW + 3);
        own.pendingWrite().commit();
        assertEquals(SyncDecision.Outcome.MERGED, own.decisions().getFirst().outcome());
        assertEquals("81", stored(store, "G-ann", "hubspot").row(), "written into Ann's hubspot row");
    }

    /**
     * A customer deleted in Salesforce (its row 003A, no second row living on: the customer is deleted in HubSpot too), then
     * entered again there by a person, in a new row matched to it: the new row is the customer's row from now on, with
     * either Duplicate Row Policy. Its record brings the customer back in HubSpot, its edits sync, and its deletion deletes
     * the customer again; the old row's tombstone read again changes nothing. Before, the new row was a second row of a
     * customer whose row was deleted: with Sync Every Row its deletion deleted nothing in HubSpot ("the customer lives on
     * in row 003A", which was gone), with Route to Conflict every edit of it went to conflict, asking a person to merge it
     * with the deleted row, and the customer never came back.
     */
    @Test
    void aCustomerEnteredAgainInANewRowAfterItsRowWasDeletedSyncsThroughTheNewRow() {
        for (final DuplicateRowPolicy duplicates : DuplicateRowPolicy.values()) {
            final EntityStore store = store();
            final Function<SyncInput, SyncDecision> sync = syncing(store, duplicates, 1_000);
            final SyncState tombstone = new SyncState(Map.of(), true, Timestamps.NONE);
            sync.apply(new SyncInput("G1", "salesforce", ThreeWayCases.state("Ann", "ann@lee.org", null), "003A"));
            sync.apply(new SyncInput("G1", "hubspot", ThreeWayCases.state("Ann", "ann@lee.org", null), "81"));
            assertEquals(SyncDecision.Outcome.MERGED, sync.apply(new SyncInput("G1", "salesforce", tombstone, "003A")).outcome());
            assertTrue(sync.apply(new SyncInput("G1", "hubspot", tombstone, "81")).isEcho(), duplicates + ": the delete read back from hubspot");

            final SyncDecision enteredAgain = sync.apply(new SyncInput("G1", "salesforce", ThreeWayCases.state("Ann", "ann@new.example", null), "003Q"));
            assertEquals(SyncDecision.Outcome.MERGED, enteredAgain.outcome(), duplicates + ": " + enteredAgain.describeConflict("salesforce", "hubspot"));
            assertFalse(enteredAgain.merged().deleted(), duplicates + ": the customer comes back in hubspot");
            assertEquals("003Q", stored(store, "G1", "salesforce").row(), duplicates + ": the customer syncs through the new row");
            assertEquals("ann@new.example", stored(store, "G1", "hubspot").state().value("Email"));

            final SyncDecision edited = sync.apply(new SyncInput("G1", "salesforce", ThreeWayCases.state("Ann", "ann@third.example", null), "003Q"));
            assertEquals(SyncDecision.Outcome.MERGED, edited.outcome(), duplicates + ": " + edited.describeConflict("salesforce", "hubspot"));
            assertEquals(SyncDecision.Outcome.UNCHANGED, sync.apply(new SyncInput("G1", "salesforce", tombstone, "003A")).outcome(),
                    duplicates + ": the old row's tombstone read again");
            assertFalse(stored(store, "G1", "hubspot").state().deleted(), duplicates + ": the customer lives in hubspot");

            final SyncDecision deletedAgain = sync.apply(new SyncInput("G1", "salesforce", tombstone, "003Q"));
            assertEquals(SyncDecision.Outcome.MERGED, deletedAgain.outcome(), duplicates + ": " + deletedAgain.describeConflict("salesforce", "hubspot"));
            assertTrue(deletedAgain.merged().deleted(), duplicates + ": deleting the new row deletes the customer in hubspot");
        }
    }

    /**
     * An older version of a row that is no longer the customer's row (deleted, the customer entered again in a new row, or
     * handed over to a second row kept) read late, a FlowFile replayed from provenance: it changes nothing, as an older
     * version of the customer's own row does. The snapshot keeps the time of the version of each such row it saw last,
     * after its fingerprint ("deleted@..."). Before, the row was a second row with nothing to compare its time with: with
     * Sync Every Row its old values overwrote the new row's in HubSpot, with Route to Conflict it went to a person.
     */
    @Test
    void anOlderVersionOfARowThatIsNoLongerTheCustomersRowChangesNothing() {
        for (final DuplicateRowPolicy duplicates : DuplicateRowPolicy.values()) {
            final EntityStore store = store();
            final Function<SyncInput, SyncDecision> sync = syncing(store, duplicates, 60_000);
            final SyncState first = new SyncState(Map.of("FirstName", "Ann", "Email", "ann@lee.org"), false, ThreeWayCases.NOW + 1_000);
            sync.apply(new SyncInput("G1", "salesforce", first, "003A"));
            sync.apply(new SyncInput("G1", "hubspot", new SyncState(first.fields(), false, ThreeWayCases.NOW + 90_000), "81"));
            sync.apply(new SyncInput("G1", "salesforce", new SyncState(Map.of(), true, ThreeWayCases.NOW + 100_000), "003A"));
            sync.apply(new SyncInput("G1", "salesforce", new SyncState(Map.of("FirstName", "Ann", "Email", "ann@new.example"), false,
                    ThreeWayCases.NOW + 200_000), "003Q"));
            assertEquals("ann@new.example", stored(store, "G1", "hubspot").state().value("Email"), duplicates + ": the customer entered again");

            final SyncDecision replayed = sync.apply(new SyncInput("G1", "salesforce", first, "003A"));
            assertEquals(SyncDecision.Outcome.UNCHANGED, replayed.outcome(), duplicates + ": the deleted row's old version, replayed: "
                    + replayed.describeConflict("salesforce", "hubspot"));
            assertEquals("ann@new.example", stored(store, "G1", "hubspot").state().value("Email"), duplicates.name());
            assertEquals("003Q", stored(store, "G1", "salesforce").row(), duplicates.name());
        }
    }

    /**
     * Syncs one record at a time between salesforce and hubspot (route-to-conflict for conflicts and deletes, the given
     * Duplicate Row Policy), each decision committed, the clock advanced by the given step before each.
     */
    private static Function<SyncInput, SyncDecision> syncing(final EntityStore store, final DuplicateRowPolicy duplicates, final long step) {
        final SyncResolver resolver = new SyncResolver(new ThreeWayMerge(new SyncPolicy(ConflictPolicy.ROUTE_TO_CONFLICT, SourcePriority.NONE,
                null, DeletePolicy.ROUTE_TO_CONFLICT, duplicates)), store);
        final long[] now = {ThreeWayCases.NOW};
        return input -> {
            final SyncResolution resolution = resolver.resolve(List.of(input), input.system().equals("salesforce") ? "hubspot" : "salesforce",
                    now[0] += step);
            resolution.pendingWrite().commit();
            return resolution.decisions().getFirst();
        };
    }

    @Test
    void aRolledBackFlowFileLeavesTheSnapshotsAsTheyWere() throws StoreConflictException {
        final EntityStore store = store();
        final SyncSnapshot synced = SyncSnapshot.read(ThreeWayCases.state("Robert", "bob@example.com", null));
        seed(store, "G1", "salesforce", synced);
        final SyncResolution resolution = new SyncResolver(new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null,
                DeletePolicy.DELETE_WINS)), store).resolve(List.of(new SyncInput("G1", "salesforce",
                ThreeWayCases.state("Rob", "bob@example.com", null))), "hubspot", ThreeWayCases.NOW);
        resolution.pendingWrite().rollback();
        assertEquals(synced, stored(store, "G1", "salesforce"));
        assertNull(stored(store, "G1", "hubspot"));
    }

    @Test
    void aSnapshotChangedByAnotherWriterMeanwhileIsReadAndDecidedAgain() throws StoreConflictException {
        final EntityStore store = store();
        final SyncSnapshot synced = SyncSnapshot.read(ThreeWayCases.state("Robert", "bob@example.com", null));
        seed(store, "G1", "salesforce", synced);
        seed(store, "G1", "hubspot", synced);
        final SyncState hubspotChange = ThreeWayCases.state("Robert", "robert@work.example", null);
        final boolean[] interfered = {false};
        final EntityStore racing = DelegatingStore.around(store, changes -> {
            if (!interfered[0]) {
                // another node reads hubspot's change in between: the first attempt's versions are stale
                interfered[0] = true;
                final ChangeSet concurrent = new ChangeSet(-1, store.readMark());
                concurrent.putSnapshot("G1", "hubspot", SyncSnapshot.read(hubspotChange).toJson(), 1);
                store.write(concurrent).commit();
            }
        });
        final SyncResolution resolution = new SyncResolver(new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null,
                DeletePolicy.DELETE_WINS)), racing).resolve(List.of(new SyncInput("G1", "salesforce",
                ThreeWayCases.state("Robert", "rob@new.example", null))), "hubspot", ThreeWayCases.NOW);
        resolution.pendingWrite().commit();
        assertEquals(2, resolution.attempts());
        assertEquals(SyncDecision.Outcome.CONFLICT, resolution.decisions().getFirst().outcome(),
                "decided again against hubspot's change: both changed the email");
        assertEquals(Map.of("FirstName", "Robert", "Email", "robert@work.example"), withoutNulls(stored(store, "G1", "hubspot").state().fields()));
    }

    /**
     * A record matched before its customer was erased on request reaches the sync: erased before the FlowFile was read,
     * or while it was being decided (the write is refused and everything decided again). Neither is synced nor gets a
     * snapshot (the person's values would be kept again); the other customer is synced.
     */
    @Test
    void aCustomerErasedBeforeOrWhileItsRecordIsSyncedIsNeitherSyncedNorKept() throws StoreConflictException {
        final EntityStore store = store();
        for (final String goldenId : List.of("G1", "G2", "G3")) {
            final ChangeSet entity = new ChangeSet(-1, store.readMark());
            entity.createEntity(goldenId);
            store.write(entity).commit();
        }
        store.erase(List.of("G1")).pendingWrite().commit();
        final boolean[] erasing = {false};
        final EntityStore racing = DelegatingStore.around(store, changes -> {
            if (!erasing[0]) {
                erasing[0] = true;
                store.erase(List.of("G2")).pendingWrite().commit();
            }
        });
        final SyncResolution resolution = new SyncResolver(new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null,
                DeletePolicy.DELETE_WINS)), racing).resolve(List.of(
                new SyncInput("G1", "salesforce", ThreeWayCases.state("Robert", "bob@example.com", null)),
                new SyncInput("G2", "salesforce", ThreeWayCases.state("Wei", "wei@example.com", null)),
                new SyncInput("G3", "salesforce", ThreeWayCases.state("Ann", "ann@example.com", null))), "hubspot", ThreeWayCases.NOW);
        resolution.pendingWrite().commit();

        assertEquals(2, resolution.attempts(), "the snapshots of G2, erased meanwhile, were refused");
        assertEquals(Set.of("G1", "G2"), resolution.erased());
        assertNull(resolution.decisions().get(0));
        assertNull(resolution.decisions().get(1));
        assertEquals(SyncDecision.Outcome.MERGED, resolution.decisions().get(2).outcome());
        for (final String erased : List.of("G1", "G2")) {
            assertNull(stored(store, erased, "salesforce"), erased);
            assertNull(stored(store, erased, "hubspot"), erased);
        }
        assertEquals("Ann", stored(store, "G3", "hubspot").state().value("FirstName"));
    }

    /**
     * A FlowFile decided in parts: a later part sees what an earlier one decided (read through the FlowFile's pending
     * write, which nobody else sees before it commits); one commit keeps every part, one rollback none.
     */
    /**
     * Copies of one record in a FlowFile (a feed delivering it several times), without a time, the source's change crossing
     * the target's: the first is merged and written back; the copies, in the same part and in a later one, change nothing
     * and write nothing back (before, each copy gave the same write-back again: 201 copies, 201 write-backs). A later
     * FlowFile's same record is written back again, as any record without a time that does not show the sync's write.
     */
    @Test
    void copiesOfARecordInOneFlowFileAreWrittenBackOnce() throws StoreConflictException {
        final EntityStore store = store();
        final SyncResolver resolver = bobCrossingHubSpotsPhone(store);
        final SyncInput bob = bobWithoutATime();
        final SyncResolver.Sync sync = resolver.begin("hubspot", ThreeWayCases.NOW);
        final List<SyncDecision> decided = new ArrayList<>(sync.decide(List.of(bob, bob, bob)));
        decided.addAll(sync.decide(List.of(bob)));
        sync.pendingWrite().commit();
        assertEquals(List.of("MERGED, written back", "UNCHANGED", "UNCHANGED", "UNCHANGED"), outcomes(decided));
        final SyncSnapshot salesforce = stored(store, "G1", "salesforce");
        assertEquals("415-555-0199", salesforce.state().value("Phone"), "the write-back stays on its way");
        assertEquals(ThreeWayCases.NOW, salesforce.written());

        final SyncResolution later = resolver.resolve(List.of(bob), "hubspot", ThreeWayCases.NOW + 60_000);
        later.pendingWrite().rollback();
        assertEquals("UNCHANGED, written back", later.decisions().getFirst().outcome() + (later.decisions().getFirst().writesSource() ? ", written back" : ""));
    }

    /**
     * The copy check keys on the FlowFile that decided the write-back, not on the clock: two FlowFiles decided at one
     * millisecond (a clock that does not move, or two FlowFiles in the same one) each write the record back, as two
     * FlowFiles at different times do (the first write-back may not have landed); copies within each are written back
     * once. Before, the second FlowFile's record was taken for a copy of the first's (the same decision time): no
     * write-back, and the second FlowFile's write was lost when the first's failed.
     */
    @Test
    void twoFlowFilesDecidedAtOneTimeEachWriteTheRecordBack() throws StoreConflictException {
        final EntityStore store = store();
        final SyncResolver resolver = bobCrossingHubSpotsPhone(store);
        final SyncInput bob = bobWithoutATime();
        final List<List<String>> flowFiles = new ArrayList<>();
        for (int flowFile = 0; flowFile < 2; flowFile++) {
            final SyncResolver.Sync sync = resolver.begin("hubspot", ThreeWayCases.NOW);
            final List<SyncDecision> decided = new ArrayList<>(sync.decide(List.of(bob, bob)));
            decided.addAll(sync.decide(List.of(bob)));
            sync.pendingWrite().commit();
            flowFiles.add(outcomes(decided));
        }
        assertEquals(List.of(List.of("MERGED, written back", "UNCHANGED", "UNCHANGED"), List.of("UNCHANGED, written back", "UNCHANGED", "UNCHANGED")),
                flowFiles);
        assertEquals(ThreeWayCases.NOW, stored(store, "G1", "salesforce").written());
    }

    /** A resolver over the store seeded with Robert in both systems, salesforce's phone and hubspot's apart. */
    private static SyncResolver bobCrossingHubSpotsPhone(final EntityStore store) throws StoreConflictException {
        seed(store, "G1", "salesforce", SyncSnapshot.read(ThreeWayCases.state("Robert", "bob@example.com", "(415) 555-0132")));
        seed(store, "G1", "hubspot", SyncSnapshot.read(ThreeWayCases.state("Robert", "bob@example.com", "415-555-0199")));
        return new SyncResolver(new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS)), store);
    }

    /** Salesforce's record renaming Robert Bob, without a time, its phone salesforce's own (not hubspot's). */
    private static SyncInput bobWithoutATime() {
        return new SyncInput("G1", "salesforce", ThreeWayCases.state("Bob", "bob@example.com", "(415) 555-0132"));
    }

    /** Each decision's outcome, and whether it writes back. */
    private static List<String> outcomes(final List<SyncDecision> decisions) {
        return decisions.stream().map(decision -> decision.outcome() + (decision.writesSource() ? ", written back" : "")).toList();
    }

    @Test
    void aFlowFileDecidedInPartsSeesItsEarlierPartsAndCommitsOrRollsBackAsOne() {
        final EntityStore store = store();
        final SyncResolver resolver = new SyncResolver(new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null,
                DeletePolicy.DELETE_WINS)), store);
        final SyncState robert = ThreeWayCases.state("Robert", "bob@example.com", null);
        final SyncResolver.Sync sync = resolver.begin("hubspot", ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.MERGED, sync.decide(List.of(new SyncInput("G1", "salesforce", robert))).getFirst().outcome());
        final List<SyncDecision> second = sync.decide(List.of(new SyncInput("G1", "salesforce", robert),
                new SyncInput("G2", "salesforce", ThreeWayCases.state("Wei", "wei@example.com", null))));
        assertEquals(SyncDecision.Outcome.UNCHANGED, second.get(0).outcome(), "the second part sees the first part's decision");
        assertTrue(second.get(0).isEcho());
        assertEquals(SyncDecision.Outcome.MERGED, second.get(1).outcome());
        final List<SyncDecision> third = sync.decide(List.of(new SyncInput("G1", "salesforce", ThreeWayCases.state("Bob", "bob@example.com", null))));
        assertEquals(SyncDecision.Outcome.MERGED, third.getFirst().outcome(), "an edit after the first part's decision");
        assertNull(stored(store, "G1", "hubspot"), "nobody else sees the FlowFile's snapshots before it commits");
        sync.pendingWrite().commit();
        assertEquals(1, sync.attempts());
        assertEquals("Bob", stored(store, "G1", "hubspot").state().value("FirstName"));
        assertEquals("Wei", stored(store, "G2", "hubspot").state().value("FirstName"));

        final SyncResolver.Sync rolledBack = resolver.begin("hubspot", ThreeWayCases.NOW);
        rolledBack.decide(List.of(new SyncInput("G3", "salesforce", ThreeWayCases.state("Ann", "ann@example.com", null))));
        rolledBack.decide(List.of(new SyncInput("G1", "salesforce", ThreeWayCases.state("Rob", "bob@example.com", null))));
        rolledBack.pendingWrite().rollback();
        assertNull(stored(store, "G3", "hubspot"));
        assertEquals("Bob", stored(store, "G1", "hubspot").state().value("FirstName"), "no part of a rolled-back FlowFile stays");
    }

    /**
     * Every decision carries the versions its customer's snapshots have once it is committed: the same in one part, one
     * more for each later write (a later part of the same FlowFile too), unchanged where nothing is written. A loader
     * keeping the highest version thus orders the writes of two nodes as the store ordered their decisions.
     */
    @Test
    void everyDecisionCarriesTheVersionsItsSnapshotsHaveOnceCommitted() {
        final EntityStore store = store();
        final SyncResolver resolver = new SyncResolver(new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.ROUTE_TO_CONFLICT, null,
                DeletePolicy.DELETE_WINS)), store);
        final SyncState robert = ThreeWayCases.state("Robert", "bob@example.com", null);
        final SyncResolution first = resolver.resolve(List.of(new SyncInput("G1", "salesforce", robert), new SyncInput("G1", "salesforce", robert),
                new SyncInput("G1", "salesforce", ThreeWayCases.state("Bob", "bob@example.com", null))), "hubspot", ThreeWayCases.NOW);
        first.pendingWrite().commit();
        assertEquals(List.of(1L, 1L, 1L), first.decisions().stream().map(SyncDecision::targetVersion).toList(), "one write of one part");
        assertEquals(List.of(1L, 1L, 1L), first.decisions().stream().map(SyncDecision::sourceVersion).toList());
        assertEquals(1, storedVersion(store, "G1", "hubspot"));

        final SyncResolution rolledBack = resolver.resolve(List.of(new SyncInput("G1", "salesforce",
                ThreeWayCases.state("Rob", "bob@example.com", null))), "hubspot", ThreeWayCases.NOW);
        assertEquals(SyncDecision.Outcome.MERGED, rolledBack.decisions().getFirst().outcome());
        assertEquals(2, rolledBack.decisions().getFirst().targetVersion(), "decided against version 1: committed as 2");
        rolledBack.pendingWrite().rollback();
        assertEquals(1, storedVersion(store, "G1", "hubspot"), "the rolled-back edit was not kept");

        final SyncResolution again = resolver.resolve(List.of(new SyncInput("G1", "salesforce", ThreeWayCases.state("Rob", "bob@example.com", null))),
                "hubspot", ThreeWayCases.NOW);
        again.pendingWrite().commit();
        assertEquals(2, again.decisions().getFirst().targetVersion());
        assertEquals(2, storedVersion(store, "G1", "hubspot"));

        final SyncResolution echoed = resolver.resolve(List.of(new SyncInput("G1", "salesforce", ThreeWayCases.state("Rob", "bob@example.com", null))),
                "hubspot", ThreeWayCases.NOW);
        echoed.pendingWrite().commit();
        final SyncDecision echo = echoed.decisions().getFirst();
        assertEquals(SyncDecision.Outcome.UNCHANGED, echo.outcome());
        assertEquals(2, echo.targetVersion(), "nothing written to hubspot: the version there is");

        final SyncResolver.Sync parts = resolver.begin("hubspot", ThreeWayCases.NOW);
        final SyncDecision earlier = parts.decide(List.of(new SyncInput("G1", "salesforce", ThreeWayCases.state("Robbie", "bob@example.com", null))))
                .getFirst();
        final SyncDecision later = parts.decide(List.of(new SyncInput("G1", "salesforce", ThreeWayCases.state("Bobby", "bob@example.com", null))))
                .getFirst();
        parts.pendingWrite().commit();
        assertEquals(List.of(3L, 4L), List.of(earlier.targetVersion(), later.targetVersion()), "a later part writes the earlier part's snapshot again");
        assertEquals(4, storedVersion(store, "G1", "hubspot"));
        assertEquals("Bobby", stored(store, "G1", "hubspot").state().value("FirstName"));
    }

    /**
     * A second row the sync's own insert created while a person restored the customer's row (see
     * ThreeWayMergeTest#theSyncsInsertLandedAsASecondRowWhileAPersonRestoredTheCustomersRowIsDeleted): its deletion is in
     * the customer's history, with why, once the FlowFile commits; a rolled-back one leaves none.
     */
    @Test
    void theDeletionOfADuplicateTheSyncCreatedIsInTheCustomersHistory() throws StoreConflictException {
        final EntityStore store = store();
        final ThreeWayMerge merge = new ThreeWayMerge(ThreeWayCases.policy(ConflictPolicy.MOST_RECENT, null, DeletePolicy.DELETE_WINS));
        final SyncDecision restored = ThreeWayCases.restoredWhileTheInsertWasOnItsWay(merge);
        seed(store, ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, restored.sourceSnapshot());
        seed(store, ThreeWayCases.GOLDEN_ID, ThreeWayCases.TARGET, restored.targetSnapshot());
        final List<SyncInput> duplicate = List.of(new SyncInput(ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE, new SyncState(ThreeWayCases.state(
                "Robert", "bob@example.com", "(212) 555-0199").fields(), false, ThreeWayCases.NOW + 6000), "003B", true));

        new SyncResolver(merge, store).resolve(duplicate, ThreeWayCases.TARGET, ThreeWayCases.NOW + 7000).pendingWrite().rollback();
        assertEquals(List.of(), store.history(ThreeWayCases.GOLDEN_ID), "a rolled-back FlowFile records nothing");

        final SyncResolution resolution = new SyncResolver(merge, store).resolve(duplicate, ThreeWayCases.TARGET, ThreeWayCases.NOW + 7000);
        resolution.pendingWrite().commit();
        assertEquals("003B", resolution.decisions().getFirst().duplicateDeleted());
        final List<HistoryEvent> history = store.history(ThreeWayCases.GOLDEN_ID);
        assertEquals(1, history.size(), history.toString());
        assertEquals(EventKind.DUPLICATE_DELETED, history.getFirst().kind());
        assertEquals(new SourceKey(ThreeWayCases.SOURCE, "003B"), history.getFirst().source());
        assertEquals("duplicate the sync created while salesforce restored the customer's row 003A; the customer syncs through that row",
                history.getFirst().explanation());
        assertEquals("003A", stored(store, ThreeWayCases.GOLDEN_ID, ThreeWayCases.SOURCE).row());
    }

    private static long storedVersion(final EntityStore store, final String goldenId, final String system) {
        return store.findSnapshots(system, List.of(goldenId)).get(goldenId).version();
    }

    private static Map<String, String> withoutNulls(final Map<String, String> fields) {
        final Map<String, String> values = new java.util.HashMap<>(fields);
        values.values().removeIf(java.util.Objects::isNull);
        return values;
    }
}
