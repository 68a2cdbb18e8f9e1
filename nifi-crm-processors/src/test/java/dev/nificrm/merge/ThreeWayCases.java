package dev.nificrm.merge;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The table of three-way cases every layer is tested with (the core, the core on each entity store, the processor): a
 * record of Robert Smith arriving from salesforce to be merged into hubspot, with the snapshots the sync kept.
 */
public final class ThreeWayCases {
    public static final String SOURCE = "salesforce";
    public static final String TARGET = "hubspot";
    public static final String GOLDEN_ID = "G-robert";
    public static final List<String> FIELDS = List.of("FirstName", "Email", "Phone");
    /** When the sync last wrote, in the concurrent case. */
    public static final long WRITTEN = Instant.parse("2024-06-01T12:00:00Z").toEpochMilli();
    /** Before that write. */
    public static final long EARLIER = Instant.parse("2024-06-01T11:00:00Z").toEpochMilli();
    /** The time of the decisions. */
    public static final long NOW = Instant.parse("2024-06-02T08:00:00Z").toEpochMilli();

    private static final SyncState BASE = state("Robert", "bob@example.com", "(415) 555-0132");

    private ThreeWayCases() {
    }

    /**
     * One case.
     *
     * @param name           what it shows
     * @param sourceSnapshot the snapshot of salesforce, or null
     * @param targetSnapshot the snapshot of hubspot, or null
     * @param incoming       the record arriving from salesforce
     * @param policy         conflict and delete policies
     * @param outcome        where the record goes
     * @param merged         the merged state (null on a conflict)
     * @param writesSource   whether salesforce is written back
     * @param conflict       the conflict's description (null when there is none)
     */
    public record Case(String name, SyncSnapshot sourceSnapshot, SyncSnapshot targetSnapshot, SyncState incoming, SyncPolicy policy,
                       SyncDecision.Outcome outcome, SyncState merged, boolean writesSource, String conflict) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every case. */
    public static List<Case> all() {
        final SyncPolicy route = policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.ROUTE_TO_CONFLICT);
        final SyncSnapshot synced = SyncSnapshot.read(BASE);
        final SyncState emailInSalesforce = state("Robert", "rob@new.example", "(415) 555-0132");
        final SyncState emailInHubSpot = state("Robert", "robert@work.example", "(415) 555-0132");
        final String emailConflict = "Email: base \"bob@example.com\", salesforce \"rob@new.example\", hubspot \"robert@work.example\"";
        return List.of(
                new Case("the sync's own write coming back (echo)", synced, synced, BASE, route,
                        SyncDecision.Outcome.UNCHANGED, BASE, false, null),
                new Case("only the source changed", synced, synced, emailInSalesforce, route,
                        SyncDecision.Outcome.MERGED, emailInSalesforce, false, null),
                new Case("each side changed another field", synced, SyncSnapshot.read(state("Robert", "bob@example.com", "415-555-0199")),
                        state("Bob", "bob@example.com", "(415) 555-0132"), route,
                        SyncDecision.Outcome.MERGED, state("Bob", "bob@example.com", "415-555-0199"), true, null),
                new Case("both changed to the same value", synced, SyncSnapshot.read(emailInSalesforce), emailInSalesforce, route,
                        SyncDecision.Outcome.UNCHANGED, emailInSalesforce, false, null),
                new Case("both changed to different values: routed", synced, SyncSnapshot.read(emailInHubSpot), emailInSalesforce, route,
                        SyncDecision.Outcome.CONFLICT, null, false, emailConflict),
                new Case("both changed to different values: hubspot has priority", synced, SyncSnapshot.read(emailInHubSpot), emailInSalesforce,
                        policy(ConflictPolicy.SOURCE_PRIORITY, null, DeletePolicy.ROUTE_TO_CONFLICT),
                        SyncDecision.Outcome.UNCHANGED, emailInHubSpot, true, null),
                new Case("both changed to different values: salesforce preferred unless blank", synced, SyncSnapshot.read(emailInHubSpot),
                        emailInSalesforce, policy(ConflictPolicy.PREFER_SYSTEM, "salesforce", DeletePolicy.ROUTE_TO_CONFLICT),
                        SyncDecision.Outcome.MERGED, emailInSalesforce, false, null),
                new Case("both changed: salesforce preferred but its value is blank", synced, SyncSnapshot.read(emailInHubSpot),
                        state("Robert", null, "(415) 555-0132"), policy(ConflictPolicy.PREFER_SYSTEM, "salesforce", DeletePolicy.ROUTE_TO_CONFLICT),
                        SyncDecision.Outcome.UNCHANGED, emailInHubSpot, true, null),
                new Case("both changed: the most recent wins", synced, SyncSnapshot.read(withModified(emailInHubSpot, EARLIER)),
                        withModified(emailInSalesforce, WRITTEN), policy(ConflictPolicy.MOST_RECENT, null, DeletePolicy.ROUTE_TO_CONFLICT),
                        SyncDecision.Outcome.MERGED, withModified(emailInSalesforce, WRITTEN), false, null),
                new Case("deleted in the source, unchanged in the target", synced, synced, deleted(), route,
                        SyncDecision.Outcome.MERGED, deleted(), false, null),
                new Case("deleted in the source, changed in the target: routed", synced, SyncSnapshot.read(emailInHubSpot), deleted(), route,
                        SyncDecision.Outcome.CONFLICT, null, false, "(record): salesforce deleted it, hubspot changed Email"),
                new Case("deleted in the source, changed in the target: delete wins", synced, SyncSnapshot.read(emailInHubSpot), deleted(),
                        policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS),
                        SyncDecision.Outcome.MERGED, deleted(), false, null),
                new Case("deleted in the source, changed in the target: the update revives it", synced, SyncSnapshot.read(emailInHubSpot),
                        deleted(), policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.UPDATE_REVIVES),
                        SyncDecision.Outcome.UNCHANGED, emailInHubSpot, true, null),
                new Case("deleted in the target, changed in the source: the update revives it", synced, SyncSnapshot.read(deleted()),
                        emailInSalesforce, policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.UPDATE_REVIVES),
                        SyncDecision.Outcome.MERGED, emailInSalesforce, false, null),
                new Case("deleted in the target, changed in the source: delete wins", synced, SyncSnapshot.read(deleted()), emailInSalesforce,
                        policy(ConflictPolicy.ROUTE_TO_CONFLICT, null, DeletePolicy.DELETE_WINS),
                        SyncDecision.Outcome.UNCHANGED, deleted(), true, null),
                new Case("a field added", synced, synced, state(Map.of("FirstName", "Robert", "Email", "bob@example.com",
                        "Phone", "(415) 555-0132", "Title", "CEO")), route,
                        SyncDecision.Outcome.MERGED, state(Map.of("FirstName", "Robert", "Email", "bob@example.com",
                        "Phone", "(415) 555-0132", "Title", "CEO")), false, null),
                new Case("a field cleared", synced, synced, state("Robert", "bob@example.com", null), route,
                        SyncDecision.Outcome.MERGED, state("Robert", "bob@example.com", null), false, null),
                new Case("the first sync of the customer", null, null, emailInSalesforce, route,
                        SyncDecision.Outcome.MERGED, emailInSalesforce, false, null),
                new Case("never synced from the source, the target differs", null, synced, emailInSalesforce, route,
                        SyncDecision.Outcome.CONFLICT, null, false, "Email: base (never synced), salesforce \"rob@new.example\", hubspot \"bob@example.com\""),
                new Case("read before the sync's write to it landed", SyncSnapshot.written(withModified(emailInHubSpot, WRITTEN), WRITTEN, BASE),
                        SyncSnapshot.written(withModified(emailInHubSpot, WRITTEN), WRITTEN, BASE),
                        withModified(state("Robert", "bob@example.com", "415-555-0100"), EARLIER), route,
                        SyncDecision.Outcome.MERGED, withModified(state("Robert", "robert@work.example", "415-555-0100"), EARLIER), true, null));
    }

    public static SyncPolicy policy(final ConflictPolicy conflictPolicy, final String preferred, final DeletePolicy deletePolicy) {
        return new SyncPolicy(conflictPolicy, SourcePriority.parse("hubspot, salesforce"), preferred, deletePolicy);
    }

    public static SyncState state(final String firstName, final String email, final String phone) {
        final Map<String, String> fields = new LinkedHashMap<>();
        final List<String> values = Arrays.asList(firstName, email, phone);
        for (int i = 0; i < FIELDS.size(); i++) {
            fields.put(FIELDS.get(i), values.get(i));
        }
        return new SyncState(fields, false, Timestamps.NONE);
    }

    private static SyncState state(final Map<String, String> values) {
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final String field : List.of("FirstName", "Email", "Phone", "Title")) {
            if (values.containsKey(field)) {
                fields.put(field, values.get(field));
            }
        }
        return new SyncState(fields, false, Timestamps.NONE);
    }

    private static SyncState withModified(final SyncState state, final long modified) {
        return new SyncState(state.fields(), state.deleted(), modified);
    }

    public static SyncState deleted() {
        return new SyncState(Map.of(), true, Timestamps.NONE);
    }

    /**
     * Robert's hubspot row 901 deleted, salesforce's 003A deleted by the sync and read back, Robert entered again in
     * hubspot (902, another phone): the insert into salesforce, naming no row; then a person restores 003A (with the phone
     * it was deleted with) before the insert is read back: the decision on the restore.
     */
    public static SyncDecision restoredWhileTheInsertWasOnItsWay(final ThreeWayMerge merge) {
        final SyncDecision entered = insertedWhileTheCustomersRowWasDeleted(merge);
        final SyncState robert = new SyncState(state("Robert", "bob@example.com", "(415) 555-0132").fields(), false, EARLIER);
        final SyncDecision restored = merge.decide(new SyncInput(GOLDEN_ID, SOURCE,
                new SyncState(robert.fields(), false, NOW + 4000), "003A"), TARGET,
                SyncSnapshot.parse(entered.targetSnapshot().toJson()), entered.sourceSnapshot(), NOW + 5000);
        assertEquals("003A", restored.sourceSnapshot().row(), "the restored row is the customer's row: " + restored.recordConflict());
        return restored;
    }

    /**
     * Robert's hubspot row 901 deleted, salesforce's 003A deleted by the sync and read back, Robert entered again in
     * hubspot (902, another phone): the decision inserting him into salesforce, naming no row.
     */
    public static SyncDecision insertedWhileTheCustomersRowWasDeleted(final ThreeWayMerge merge) {
        final SyncState robert = new SyncState(state("Robert", "bob@example.com", "(415) 555-0132").fields(), false, EARLIER);
        final SyncDecision deletion = merge.decide(new SyncInput(GOLDEN_ID, TARGET,
                new SyncState(robert.fields(), true, EARLIER + 1000), "901"), SOURCE,
                SyncSnapshot.read(robert).withRow("901"), SyncSnapshot.read(robert).withRow("003A"), NOW);
        final SyncDecision readBack = merge.decide(new SyncInput(GOLDEN_ID, SOURCE, new SyncState(robert.fields(), true, NOW + 1000), "003A"),
                TARGET, deletion.targetSnapshot(), deletion.sourceSnapshot(), NOW);
        final SyncState again = new SyncState(state("Robert", "bob@example.com", "(212) 555-0199").fields(), false, NOW + 2000);
        final SyncDecision entered = merge.decide(new SyncInput(GOLDEN_ID, TARGET, again, "902"), SOURCE,
                deletion.sourceSnapshot(), readBack.sourceSnapshot(), NOW + 3000);
        assertNull(entered.targetSnapshot().row(), "inserted in salesforce, naming no row");
        return entered;
    }
}
