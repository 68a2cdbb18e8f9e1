package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.EnabledStores;
import dev.nificrm.MutableClock;
import dev.nificrm.RecordServices;
import dev.nificrm.record.AbstractCRMRecordProcessor;
import dev.nificrm.services.EmbeddedEntityStore;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded mixed traffic thrown at MergeCRMRecord in Three-Way Sync (real JsonTreeReader and JsonRecordSetWriter, an
 * EmbeddedEntityStore), between two simulated CRMs: edits on both sides of one field and of different fields, deletions
 * crossing edits, every FlowFile replayed now and then (at once or cycles later), the sync's writes read back (echoes),
 * partial reads (a record lacking fields that did not change), tombstones read again, under each Delete Policy and
 * Conflict Policy. Golden ids are given (as MatchCRMRecord would), so only the merge is under test.
 * <p>
 * Checked on every FlowFile: every input record leaves on exactly one of merged, unchanged, conflict (with its reason)
 * or failure (none here); a record of a row the sync last wrote, read back, goes to unchanged; a replayed FlowFile goes
 * to unchanged whole and writes nothing. Checked on every write: it names no row the sync read deleted (no deletion
 * written back to the row it was read deleted from, no write to a row whose deletion waits for a person), and it is no
 * echo (a write of exactly what the sync knows the row holds, also a write-back after a partial write). At the end: quiet cycles settle (no value bouncing
 * between the CRMs) and, where conflicts were settled by the policy, both CRMs hold the same customers. With Delete Wins
 * and Route to Conflict the CRMs' loaders are the sample SQL CRMs' (a write decided before the row's deletion was read
 * brings the deleted row back; with Update Revives the CRM refuses it, as Salesforce and HubSpot refuse a write to a
 * deleted record; every run has such writes, counted): with Delete Wins every customer a person deleted is deleted in both CRMs at the end;
 * with Route to Conflict no write goes into a row so brought back while its deletion waits for a person (until a person
 * edits it or decides).
 */
class SyncTrafficGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SALESFORCE = "salesforce";
    private static final String HUBSPOT = "hubspot";
    private static final List<String> FIELDS = List.of("FirstName", "LastName", "Email", "Phone", "City", "Title");
    private static final List<String> EDITED = List.of("Email", "Phone", "City", "Title");
    private static final int CUSTOMERS = 16;
    private static final int CYCLES = 30;
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    /** Ann's golden id and values but Phone, as records of her are written. */
    private static final String ANN = "\"crm_match_id\":\"g1\",\"FirstName\":\"Ann\",\"Email\":\"ann@example.com\"";

    @RegisterExtension
    final EnabledStores stores = new EnabledStores();

    @TempDir
    Path storeDirectory;

    /** Every Delete Policy, each with conflicts routed and settled (by each Conflict Policy once). */
    static List<Arguments> policies() {
        return List.of(Arguments.of(SyncConflictPolicy.ROUTE_TO_CONFLICT, SyncDeletePolicy.ROUTE_TO_CONFLICT),
                Arguments.of(SyncConflictPolicy.ROUTE_TO_CONFLICT, SyncDeletePolicy.UPDATE_REVIVES),
                Arguments.of(SyncConflictPolicy.SOURCE_PRIORITY, SyncDeletePolicy.DELETE_WINS),
                Arguments.of(SyncConflictPolicy.MOST_RECENT, SyncDeletePolicy.UPDATE_REVIVES),
                Arguments.of(SyncConflictPolicy.PREFER_SYSTEM, SyncDeletePolicy.DELETE_WINS),
                Arguments.of(SyncConflictPolicy.PREFER_SYSTEM, SyncDeletePolicy.UPDATE_REVIVES));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("policies")
    void mixedTrafficLeavesEveryRecordOnceWritesNoEchoAndSettles(final SyncConflictPolicy conflictPolicy,
                                                                final SyncDeletePolicy deletePolicy) throws Exception {
        final Traffic traffic = new Traffic(conflictPolicy, deletePolicy, 31L * conflictPolicy.ordinal() + deletePolicy.ordinal() + 20261205L);
        traffic.run();
        // (each kind of traffic's count, shown for every run: see summary)
        System.out.println("sync traffic, " + conflictPolicy.getValue() + " and " + deletePolicy.getValue() + ": " + traffic.summary());
        assertEquals(List.of(), traffic.violations.subList(0, Math.min(6, traffic.violations.size())), traffic.summary()
                + (traffic.violations.isEmpty() ? "" : traffic.traceOf(traffic.violations.getFirst().replaceAll("(?s).*?\"crm_match_id\":\"(g\\d+)\".*", "$1"))));
        // (the traffic exercises a write decided before the row's deletion was read: the other CRM's change merged on its way
        // to a row a person deleted in the same cycle; the reviving loaders land it, the others' CRMs refuse it)
        assertTrue(traffic.writesBeforeDeletionRead > 0, traffic.summary());
    }

    /**
     * Found by the traffic above (Update Revives): Salesforce deletes Ann while HubSpot changes her Phone in the same
     * cycle. The deletion goes to HubSpot's row 901 first; HubSpot's change, read before that delete landed, revives Ann:
     * Salesforce gets her back in a new row, and so does HubSpot (a write-back naming no row, since the sync's own delete
     * is on its way to 901). HubSpot's FlowFile is replayed (a retry): its record of 901, read before the delete landed,
     * holds the values the write-back brings, but it is no read of the new row: 901 stays remembered as deleted. Read
     * back, 901's tombstone is the sync's own delete and the new row 902 its own insert: both echoes, nothing to write.
     */
    @Test
    void theTombstoneOfTheSyncsOwnDeleteReadAfterAWriteBackBroughtTheCustomerBackIsAnEcho() throws Exception {
        final MutableClock clock = new MutableClock(START);
        final TestRunner runner = mergeRunner(clock, SyncConflictPolicy.ROUTE_TO_CONFLICT, SyncDeletePolicy.UPDATE_REVIVES);
        final String ann = annSynced(runner, clock);
        // one cycle: both CRMs read (Salesforce's tombstone, HubSpot's change), then the two directions merged
        final String tombstone = "{\"Id\":\"003A\",\"IsDeleted\":true,\"LastModifiedDate\":\"" + at(clock) + "\",\"crm_match_id\":\"g1\"}";
        final String changed = alive901(at(clock), ann, "2");
        final Map<String, List<JsonNode>> deleted = once(runner, SALESFORCE, tombstone);
        assertEquals("delete", deleted.get("merged").getFirst().get("crm_sync_operation").asText());
        final Map<String, List<JsonNode>> revived = once(runner, HUBSPOT, changed);
        assertEquals(1, revived.get("merged").size(), "Ann back in Salesforce");
        assertEquals(1, revived.get("write-back").size(), "and in HubSpot, in a new row");
        assertTrue(revived.get("write-back").getFirst().get("crm_sync_row").isNull(), revived.get("write-back").toString());
        final Map<String, List<JsonNode>> replayed = once(runner, HUBSPOT, changed);
        assertEquals(1, replayed.get("unchanged").size(), "HubSpot's FlowFile replayed (a retry, provenance): " + replayed);
        // the loaders: HubSpot's 901 deleted, then 902 inserted; Salesforce's 003B inserted. Read back:
        final Map<String, List<JsonNode>> salesforceReadBack = once(runner, SALESFORCE, "{\"Id\":\"003B\",\"IsDeleted\":false,"
                + "\"LastModifiedDate\":\"" + at(clock) + "\"," + ann + ",\"Phone\":\"2\"}");
        assertEquals(1, salesforceReadBack.get("unchanged").size(), salesforceReadBack.toString());
        final Map<String, List<JsonNode>> hubspotReadBack = once(runner, HUBSPOT, "[{\"Id\":\"901\",\"IsDeleted\":true,"
                + "\"LastModifiedDate\":\"" + at(clock) + "\"," + ann + ",\"Phone\":\"2\"},"
                + "{\"Id\":\"902\",\"IsDeleted\":false,\"LastModifiedDate\":\"" + at(clock) + "\"," + ann + ",\"Phone\":\"2\"}]");
        assertEquals(List.of(), hubspotReadBack.get("merged"), "the sync's own delete and insert read back are echoes, nothing to write");
        assertEquals(2, hubspotReadBack.get("unchanged").size(), hubspotReadBack.toString());
    }

    /**
     * Found by the traffic above with the sample SQL CRMs' loaders (Delete Wins): a person deletes HubSpot's row 901 while
     * Ann's phone changes in Salesforce in the same cycle. The phone is merged on its way to 901; 901's tombstone, read
     * before it landed, wins: the deletion goes to Salesforce, nothing back to 901. HubSpot's loader (an upsert by golden
     * id setting is_deleted from the record) lands the phone and brings 901 back. Read back alive with the phone, 901 is
     * the sync's echo: unchanged, nothing for Salesforce, and a write-back deleting 901 again; that delete read back is
     * unchanged too. (Before, 901 read alive was a restore: Ann came back in Salesforce, inserted in a new row.)
     */
    @Test
    void aWriteTheDeletionOverruledBroughtTheRowBackAndTheDeletionIsAssertedAgain() throws Exception {
        final MutableClock clock = new MutableClock(START);
        final TestRunner runner = mergeRunner(clock, SyncConflictPolicy.SOURCE_PRIORITY, SyncDeletePolicy.DELETE_WINS);
        final String ann = annSynced(runner, clock);
        final Map<String, List<JsonNode>> deleted = phoneOnItsWayTo901WhenItIsDeleted(runner, clock, ann);
        assertEquals("delete", deleted.get("merged").getFirst().get("crm_sync_operation").asText(), "the deletion to Salesforce");
        assertEquals(List.of(), deleted.get("write-back"), "nothing to 901, read deleted");
        // the loaders: Salesforce deletes 003A; HubSpot's upsert lands the phone in 901 and brings it back. Read back:
        final Map<String, List<JsonNode>> revived = once(runner, HUBSPOT, alive901(at(clock), ann, "2"));
        assertEquals(List.of(), revived.get("merged"), "Ann is not brought back in Salesforce");
        assertEquals(1, revived.get("unchanged").size(), revived.toString());
        assertEquals(1, revived.get("write-back").size(), "the deletion asserted again in HubSpot");
        assertEquals("delete", revived.get("write-back").getFirst().get("crm_sync_operation").asText());
        assertEquals("901", revived.get("write-back").getFirst().get("crm_sync_row").asText(), "to the row brought back");
        final Map<String, List<JsonNode>> salesforceReadBack = once(runner, SALESFORCE, "{\"Id\":\"003A\",\"IsDeleted\":true,"
                + "\"LastModifiedDate\":\"" + at(clock) + "\",\"crm_match_id\":\"g1\"}");
        assertEquals(1, salesforceReadBack.get("unchanged").size(), salesforceReadBack.toString());
        final Map<String, List<JsonNode>> hubspotReadBack = once(runner, HUBSPOT, "{\"Id\":\"901\",\"IsDeleted\":true,"
                + "\"LastModifiedDate\":\"" + at(clock) + "\",\"crm_match_id\":\"g1\"}");
        assertEquals(1, hubspotReadBack.get("unchanged").size(), hubspotReadBack.toString());
        assertEquals(List.of(), hubspotReadBack.get("write-back"));
    }

    /**
     * As above, with a loader that keeps the record's own last-modified time (the SQL CRMs' crm.keep_updated_at): 901,
     * brought back by the phone, reads with a time older than its deletion. Holding merely the sync's write, it is the
     * echo all the same, and the deletion is asserted again. (Before, taken for an older version of 901, it changed
     * nothing: Ann lived on in HubSpot's 901, deleted in Salesforce.)
     */
    @Test
    void aRowBroughtBackByTheOverruledWriteWithAnOlderTimeIsTheEchoToo() throws Exception {
        final MutableClock clock = new MutableClock(START);
        final TestRunner runner = mergeRunner(clock, SyncConflictPolicy.SOURCE_PRIORITY, SyncDeletePolicy.DELETE_WINS);
        final String ann = annSynced(runner, clock);
        assertEquals("delete", phoneOnItsWayTo901WhenItIsDeleted(runner, clock, ann).get("merged").getFirst().get("crm_sync_operation").asText());
        final Map<String, List<JsonNode>> revived = once(runner, HUBSPOT, alive901(START, ann, "2"));
        assertEquals(List.of(), revived.get("merged"), "Ann is not brought back in Salesforce");
        assertEquals(1, revived.get("write-back").size(), "the deletion asserted again in HubSpot: " + revived);
        assertEquals("delete", revived.get("write-back").getFirst().get("crm_sync_operation").asText());
        assertEquals("901", revived.get("write-back").getFirst().get("crm_sync_row").asText());
    }

    /**
     * Delete Policy Route to Conflict: a person deletes HubSpot's row 901 while Ann's phone changes in Salesforce in the
     * same cycle. The phone is merged on its way to 901 (which HubSpot refuses); 901's tombstone, read before, goes to a
     * person, who undoes the deletion: 901 restored (its phone from before) and its email changed. The restore is merged
     * against 901 as the sync knew it before the deletion: the email goes to Salesforce, Salesforce's phone to 901, no
     * conflict. (Before, the restore had no base: the phone and the email went to conflict.)
     */
    @Test
    void aRowRestoredWhileItsDeletionWaitedForAPersonIsMergedThreeWay() throws Exception {
        final MutableClock clock = new MutableClock(START);
        final TestRunner runner = deletionOf901WaitingForAPerson(clock);

        final Map<String, List<JsonNode>> restored = once(runner, HUBSPOT, alive901(at(clock), ANN.replace("ann@example.com", "ann@home.example"), "1"));
        assertEquals(List.of(), restored.get("conflict"), "no conflict: " + restored);
        assertEquals(1, restored.get("merged").size(), restored.toString());
        assertEquals("ann@home.example", restored.get("merged").getFirst().get("Email").asText(), "HubSpot's email to Salesforce");
        assertEquals("2", restored.get("merged").getFirst().get("Phone").asText(), "Salesforce keeps its phone");
        assertEquals(1, restored.get("write-back").size(), "Salesforce's phone to 901, alive again");
        assertEquals("901", restored.get("write-back").getFirst().get("crm_sync_row").asText());
        assertEquals("2", restored.get("write-back").getFirst().get("Phone").asText());
    }

    /**
     * Delete Policy Route to Conflict: a person deletes HubSpot's row 901 while Ann's phone changes in Salesforce; 901's
     * tombstone goes to a person, and Salesforce's next change of Ann (her email) is held for the person too. The person
     * undoes the deletion by restoring 901 (its values from before: the old phone and email): the write-back to 901 brings
     * Salesforce's latest values, the phone and the email held, and the CRMs hold Ann alike. (Before, the held email was
     * in no snapshot: the write-back brought the phone alone, and HubSpot kept the old email until Salesforce's row changed
     * again.) The held conflict names both changes 901 lacks.
     */
    @Test
    void aRestoreWhileADeletionWaitedForAPersonGetsTheOtherCrmsHeldChanges() throws Exception {
        final MutableClock clock = new MutableClock(START);
        final TestRunner runner = deletionOf901WaitingForAPerson(clock);
        final Map<String, List<JsonNode>> held = once(runner, SALESFORCE, "{\"Id\":\"003A\",\"IsDeleted\":false,\"LastModifiedDate\":\""
                + at(clock) + "\"," + ANN.replace("ann@example.com", "ann@work.example") + ",\"Phone\":\"2\"}");
        assertEquals(1, held.get("conflict").size(), "held for the person: " + held);
        assertEquals("(record): hubspot deleted it, salesforce changed Email, Phone", held.get("conflict").getFirst().get("crm_conflict").asText());

        final Map<String, List<JsonNode>> restored = once(runner, HUBSPOT, alive901(at(clock), ANN, "1"));
        assertEquals(List.of(), restored.get("conflict"), restored.toString());
        assertEquals(List.of(), restored.get("merged"), "Salesforce has Ann's latest values: " + restored);
        assertEquals(1, restored.get("write-back").size(), restored.toString());
        final JsonNode writeBack = restored.get("write-back").getFirst();
        assertEquals("901", writeBack.get("crm_sync_row").asText());
        assertEquals("ann@work.example", writeBack.get("Email").asText(), "the email held for the person reaches 901");
        assertEquals("2", writeBack.get("Phone").asText());
    }

    /**
     * Delete Policy Route to Conflict with the sample SQL CRMs' loader in HubSpot (an upsert by golden id setting
     * is_deleted from the record): a person deletes HubSpot's row 901 while Ann's phone changes in Salesforce in the same
     * cycle; 901's tombstone goes to a person, and the loader lands the phone, bringing 901 back. Read back, 901 holds merely
     * the sync's write: the echo, unchanged, nothing written to either CRM, and the deletion keeps waiting: Salesforce's next
     * change of Ann is held for the person, not written into 901. (Before, 901 was taken as alive again: the pending
     * conflict went stale and Salesforce's email was merged into 901.) The person approves the deletion by deleting Ann in
     * Salesforce: the delete goes to 901, alive with the echo.
     */
    @Test
    void aRowTheSyncsOwnWriteBroughtBackWhileItsDeletionWaitsForAPersonKeepsTheDeletionWaiting() throws Exception {
        final MutableClock clock = new MutableClock(START);
        final TestRunner runner = deletionOf901WaitingForAPerson(clock);

        final Map<String, List<JsonNode>> revived = once(runner, HUBSPOT, alive901(at(clock), ANN, "2"));
        assertEquals(1, revived.get("unchanged").size(), "the echo: " + revived);
        assertEquals(List.of(), revived.get("merged"), "nothing to Salesforce");
        assertEquals(List.of(), revived.get("write-back"), "nothing to 901");

        final Map<String, List<JsonNode>> held = once(runner, SALESFORCE, "{\"Id\":\"003A\",\"IsDeleted\":false,\"LastModifiedDate\":\""
                + at(clock) + "\"," + ANN.replace("ann@example.com", "ann@work.example") + ",\"Phone\":\"2\"}");
        assertEquals(List.of(), held.get("merged"), "Salesforce's email is not written into 901: " + held);
        assertEquals(1, held.get("conflict").size(), "held for the person: " + held);

        final Map<String, List<JsonNode>> approved = once(runner, SALESFORCE, "{\"Id\":\"003A\",\"IsDeleted\":true,\"LastModifiedDate\":\""
                + at(clock) + "\",\"crm_match_id\":\"g1\"}");
        assertEquals(1, approved.get("merged").size(), "the person's approval deletes 901, alive with the echo: " + approved);
        assertEquals("delete", approved.get("merged").getFirst().get("crm_sync_operation").asText());
        assertEquals("901", approved.get("merged").getFirst().get("crm_sync_row").asText());
    }

    /**
     * One cycle: both CRMs read (Salesforce's change of Ann's phone, HubSpot's tombstone of her row 901), then the two
     * directions merged: the phone on its way to 901, then the tombstone, read before it landed. What the tombstone did.
     */
    private static Map<String, List<JsonNode>> phoneOnItsWayTo901WhenItIsDeleted(final TestRunner runner, final MutableClock clock, final String ann)
            throws IOException {
        final String changed = "{\"Id\":\"003A\",\"IsDeleted\":false,\"LastModifiedDate\":\"" + at(clock) + "\"," + ann + ",\"Phone\":\"2\"}";
        final String tombstone = "{\"Id\":\"901\",\"IsDeleted\":true,\"LastModifiedDate\":\"" + at(clock) + "\",\"crm_match_id\":\"g1\"}";
        assertEquals("901", once(runner, SALESFORCE, changed).get("merged").getFirst().get("crm_sync_row").asText(), "the phone on its way to 901");
        return once(runner, HUBSPOT, tombstone);
    }

    /**
     * With both policies Route to Conflict: Ann synced ({@link #annSynced}), then her row 901 deleted in HubSpot while her
     * phone was on its way there ({@link #phoneOnItsWayTo901WhenItIsDeleted}), the deletion sent to a person.
     */
    private TestRunner deletionOf901WaitingForAPerson(final MutableClock clock) throws InitializationException, IOException {
        final TestRunner runner = mergeRunner(clock, SyncConflictPolicy.ROUTE_TO_CONFLICT, SyncDeletePolicy.ROUTE_TO_CONFLICT);
        assertEquals(1, phoneOnItsWayTo901WhenItIsDeleted(runner, clock, annSynced(runner, clock)).get("conflict").size(),
                "the deletion goes to a person");
        return runner;
    }

    /**
     * Ann, entered in Salesforce's row 003A, inserted in HubSpot and read back there as row 901: her golden id and values
     * but Phone ({@link #ANN}), as records of her are written.
     */
    private static String annSynced(final TestRunner runner, final MutableClock clock) throws IOException {
        assertEquals(1, once(runner, SALESFORCE, "{\"Id\":\"003A\",\"IsDeleted\":false,\"LastModifiedDate\":\"" + at(clock) + "\","
                + ANN + ",\"Phone\":\"1\"}").get("merged").size(), "inserted in HubSpot");
        assertEquals(1, once(runner, HUBSPOT, alive901(at(clock), ANN, "1")).get("unchanged").size(), "the insert read back");
        return ANN;
    }

    private static Map<String, List<JsonNode>> once(final TestRunner runner, final String source, final String records) throws IOException {
        return run(runner, source, SALESFORCE.equals(source) ? HUBSPOT : SALESFORCE, records.startsWith("[") ? records : "[" + records + "]");
    }

    /** The FlowFile merged from source to target: the records on each relationship, by its name. */
    private static Map<String, List<JsonNode>> run(final TestRunner runner, final String source, final String target, final String content)
            throws IOException {
        runner.clearTransferState();
        runner.enqueue(content, Map.of("crm.source.system", source, "crm.target.system", target));
        runner.run();
        final Map<String, List<JsonNode>> out = new TreeMap<>();
        for (final Relationship relationship : List.of(MergeCRMRecord.REL_MERGED, MergeCRMRecord.REL_UNCHANGED, MergeCRMRecord.REL_CONFLICT,
                MergeCRMRecord.REL_WRITE_BACK, AbstractCRMRecordProcessor.REL_FAILURE)) {
            final List<JsonNode> records = new ArrayList<>();
            for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
                JSON.readTree(flowFile.getContent()).forEach(records::add);
            }
            out.put(relationship.getName(), records);
        }
        return out;
    }

    private final class Traffic {
        final List<String> violations = new ArrayList<>();
        final List<String[]> trace = new ArrayList<>();
        final MutableClock clock = new MutableClock(START);
        final Random random;
        final TestRunner merge;
        final Crm salesforce;
        final Crm hubspot;
        final boolean settled;
        final boolean deleteWins;
        /** Customers a person deleted (golden ids): with Delete Wins, none may live on in either CRM once traffic stops. */
        final Set<String> deletedByPerson = new HashSet<>();
        /** FlowFiles merged before, for replay: direction, content. */
        final List<Sent> sent = new ArrayList<>();
        int cycle;
        int writes;
        int conflicts;
        int echoes;
        int replays;
        int writesBeforeDeletionRead;
        int revivals;
        int deletionsAsserted;
        /** Rows (system:id) whose tombstone went to conflict, waiting for a person's decision. */
        final Set<String> pendingDeletion = new HashSet<>();

        Traffic(final SyncConflictPolicy conflictPolicy, final SyncDeletePolicy deletePolicy, final long seed) throws InitializationException {
            random = new Random(seed);
            settled = conflictPolicy != SyncConflictPolicy.ROUTE_TO_CONFLICT && deletePolicy != SyncDeletePolicy.ROUTE_TO_CONFLICT;
            deleteWins = deletePolicy == SyncDeletePolicy.DELETE_WINS;
            // with Delete Wins and Route to Conflict, the CRMs' loaders are the sample SQL CRMs': an upsert by golden id
            // sets is_deleted from the record, so a write on its way to a row deleted meanwhile brings the row back
            final boolean sqlLoaders = deleteWins || deletePolicy == SyncDeletePolicy.ROUTE_TO_CONFLICT;
            salesforce = new Crm(SALESFORCE, "003", sqlLoaders);
            hubspot = new Crm(HUBSPOT, "9", sqlLoaders);
            merge = mergeRunner(clock, conflictPolicy, deletePolicy);
        }

        void trace(final String golden, final String text) {
            trace.add(new String[] {golden, "cycle " + cycle + ": " + text});
        }

        String traceOf(final String golden) {
            final StringBuilder text = new StringBuilder();
            trace.stream().filter(t -> t[0].equals(golden)).forEach(t -> text.append("\n    ").append(t[1]));
            return text.toString();
        }

        String summary() {
            return writes + " writes, " + conflicts + " conflicts, " + echoes + " echoes, " + replays + " replays, " + writesBeforeDeletionRead
                    + " writes decided before the row's deletion was read, "  + revivals + " deleted rows revived by their loader (" + deletionsAsserted
                    + " deletions asserted again there); " + violations.size() + " violations";
        }

        void run() throws IOException {
            for (int i = 0; i < CUSTOMERS; i++) {
                final Crm home = i % 3 == 0 ? hubspot : salesforce;
                final Map<String, String> values = new LinkedHashMap<>();
                for (final String field : FIELDS) {
                    values.put(field, field + "-" + i);
                }
                home.insert("g" + i, values, false);
            }
            for (cycle = 1; cycle <= CYCLES; cycle++) {
                edit();
                syncCycle();
            }
            int quiet = 0;
            int lastWrites = -1;
            while (quiet < 4 && lastWrites != 0) {
                cycle++;
                final int before = writes;
                syncCycle();
                lastWrites = writes - before;
                quiet++;
            }
            if (lastWrites != 0) {
                violations.add("no edits for " + quiet + " cycles and still " + lastWrites + " writes: values bounce between the CRMs");
            }
            if (deleteWins) {
                for (final String golden : new TreeSet<>(deletedByPerson)) {
                    for (final Crm crm : List.of(salesforce, hubspot)) {
                        if (crm.liveRowOf(golden) != null) {
                            violations.add("customer " + golden + ", deleted by a person under Delete Wins, lives on in " + crm.system + ": "
                                    + crm.liveRowOf(golden).values);
                        }
                    }
                }
            }
            if (settled) {
                final Map<String, String> left = salesforce.contents();
                final Map<String, String> right = hubspot.contents();
                for (final String golden : left.keySet()) {
                    if (!left.get(golden).equals(right.get(golden))) {
                        violations.add("customer " + golden + " differs: salesforce " + left.get(golden) + ", hubspot " + right.get(golden));
                    }
                }
            }
        }

        void edit() {
            for (final Crm crm : List.of(salesforce, hubspot)) {
                final Crm other = crm == salesforce ? hubspot : salesforce;
                final int changes = random.nextInt(4);
                for (int change = 0; change < changes; change++) {
                    final List<Row> live = crm.live();
                    if (live.isEmpty()) {
                        return;
                    }
                    final Row row = live.get(random.nextInt(Math.min(live.size(), random.nextBoolean() ? 4 : live.size())));
                    final double kind = random.nextDouble();
                    if (kind < 0.07 && live.size() > 6) {
                        crm.personDelete(row);
                        continue;
                    }
                    final String field = EDITED.get(random.nextInt(EDITED.size()));
                    final String value = field + "-c" + cycle + "-" + crm.system.charAt(0) + random.nextInt(3);
                    crm.personEdit(row, field, value);
                    final Row twin = other.liveRowOf(row.golden);
                    if (twin != null && kind < 0.35) {
                        // the same customer edited in the other CRM in the same cycle: the same field (to the same
                        // value or another) or a different one
                        final double how = random.nextDouble();
                        if (how < 0.3) {
                            other.personEdit(twin, field, value);
                        } else if (how < 0.65) {
                            other.personEdit(twin, field, field + "-c" + cycle + "-" + other.system.charAt(0) + "x");
                        } else if (how < 0.9) {
                            final String another = EDITED.get((EDITED.indexOf(field) + 1) % EDITED.size());
                            other.personEdit(twin, another, another + "-c" + cycle + "-" + other.system.charAt(0));
                        } else if (other.live().size() > 6) {
                            other.personDelete(twin);
                        }
                    }
                }
            }
        }

        /** Read both CRMs' changes, then merge salesforce → hubspot, then hubspot → salesforce, then apply the writes. */
        void syncCycle() throws IOException {
            final ArrayNode fromSalesforce = salesforce.read();
            final ArrayNode fromHubSpot = hubspot.read();
            final List<Write> decided = new ArrayList<>();
            direction(salesforce, hubspot, fromSalesforce, decided);
            direction(hubspot, salesforce, fromHubSpot, decided);
            for (final Write write : decided) {
                write.crm.apply(write);
            }
        }

        void direction(final Crm source, final Crm target, final ArrayNode records, final List<Write> decided) throws IOException {
            if (records.isEmpty()) {
                return;
            }
            final String content = JSON.writeValueAsString(records);
            final Map<String, List<JsonNode>> out = run(source, target, content);
            for (final JsonNode record : records) {
                final Row row = source.rows.get(record.get("Id").asText());
                row.known = row.pendingKnown && !row.deleted;
                // the row as the sync read it last: a row its loader brought back and read alive since is no tombstone seen
                row.tombstoneSeen = row.deleted;
            }
            out.forEach((relationship, list) -> list.forEach(r -> trace(r.path("crm_match_id").asText(), source.system + " -> "
                    + relationship + " " + r)));
            final Set<String> routed = new HashSet<>();
            out.get("conflict").forEach(record -> routed.add(record.path("Id").asText()));
            final List<String> ids = new ArrayList<>();
            records.forEach(record -> ids.add(record.get("Id").asText()));
            final List<String> left = new ArrayList<>();
            for (final String relationship : List.of("merged", "unchanged", "conflict", "failure")) {
                out.get(relationship).forEach(record -> left.add(record.path("Id").asText()));
            }
            if (!sorted(ids).equals(sorted(left))) {
                violations.add("cycle " + cycle + " " + source.system + ": records in " + sorted(ids) + ", out " + sorted(left));
            }
            out.get("failure").forEach(record -> violations.add("cycle " + cycle + ": failure " + record));
            for (final JsonNode record : out.get("conflict")) {
                conflicts++;
                if (record.path("IsDeleted").asBoolean(false)) {
                    pendingDeletion.add(source.system + ":" + record.path("Id").asText());
                }
                if (record.path("crm_conflict").asText().isBlank()) {
                    violations.add("cycle " + cycle + ": conflict without a reason " + record);
                }
            }
            for (final JsonNode record : records) {
                if (record.path("crm_expect_echo").asBoolean(false)) {
                    final String id = record.get("Id").asText();
                    final boolean unchanged = out.get("unchanged").stream().anyMatch(r -> r.path("Id").asText().equals(id));
                    if (unchanged) {
                        echoes++;
                    } else {
                        violations.add("cycle " + cycle + ": " + source.system + " " + id + ", the sync's write read back, not unchanged: "
                                + describe(out, id));
                    }
                }
            }
            for (final JsonNode record : out.get("merged")) {
                decided.add(target.decide(record));
            }
            for (final JsonNode record : out.get("write-back")) {
                decided.add(source.decide(record));
            }
            // the same FlowFile again (a replay from provenance, a retry): at once, or an older one later
            if (random.nextDouble() < 0.3) {
                replay(source, target, new Sent(source.system, content, routed), "at once");
            }
            final List<Sent> older = sent.stream().filter(s -> s.system().equals(source.system)).toList();
            if (!older.isEmpty() && random.nextDouble() < 0.2) {
                replay(source, target, older.get(random.nextInt(older.size())), "later");
            }
            sent.add(new Sent(source.system, content, routed));
        }

        /**
         * A FlowFile merged before, merged again: nothing is written, and a record goes to conflict only if it did the
         * first time (a conflict changes no synced state: the person has not decided yet).
         */
        void replay(final Crm source, final Crm target, final Sent flowFile, final String when) throws IOException {
            replays++;
            final Map<String, List<JsonNode>> again = run(source, target, flowFile.content());
            for (final String relationship : List.of("merged", "conflict", "failure", "write-back")) {
                for (final JsonNode record : again.get(relationship)) {
                    if (relationship.equals("conflict") && flowFile.routed().contains(record.path("Id").asText())) {
                        continue;
                    }
                    violations.add("cycle " + cycle + ": " + source.system + " FlowFile replayed " + when + ": " + record.path("Id").asText()
                            + " to " + relationship + " " + record);
                }
            }
        }

        Map<String, List<JsonNode>> run(final Crm source, final Crm target, final String content) throws IOException {
            return SyncTrafficGeneratorTest.run(merge, source.system, target.system, content);
        }

        final class Crm {
            final String system;
            final String prefix;
            final Map<String, Row> rows = new LinkedHashMap<>();
            final List<ObjectNode> tombstonesRead = new ArrayList<>();
            /**
             * Whether the loader upserts a deleted row back to life (the sample SQL CRMs': {@code is_deleted} is set from
             * the record) instead of refusing the write (Salesforce's ENTITY_IS_DELETED, HubSpot's 404).
             */
            final boolean revivesDeletedRows;
            long polled;
            int next = 1;

            Crm(final String system, final String prefix, final boolean revivesDeletedRows) {
                this.system = system;
                this.prefix = prefix;
                this.revivesDeletedRows = revivesDeletedRows;
            }

            Row insert(final String golden, final Map<String, String> values, final boolean bySync) {
                final Row row = new Row(prefix + String.format("%04d", next++), golden);
                row.values.putAll(values);
                row.modified = tick(clock);
                row.bySync = bySync;
                row.unseen.addAll(FIELDS);
                rows.put(row.id, row);
                return row;
            }

            List<Row> live() {
                return rows.values().stream().filter(row -> !row.deleted).toList();
            }

            Row liveRowOf(final String golden) {
                return rows.values().stream().filter(row -> !row.deleted && row.golden.equals(golden)).findFirst().orElse(null);
            }

            void personEdit(final Row row, final String field, final String value) {
                trace(row.golden, system + " person " + row.id + " " + field + "=" + value);
                row.values.put(field, value);
                row.modified = tick(clock);
                row.bySync = false;
                row.known = false;
                row.revivedByLoader = false;
                row.unseen.add(field);
            }

            void personDelete(final Row row) {
                trace(row.golden, system + " person deletes " + row.id);
                deletedByPerson.add(row.golden);
                row.deleted = true;
                row.modified = tick(clock);
                row.bySync = false;
                row.known = false;
            }

            /** The rows changed since the last poll, some lacking fields that did not change, and some tombstones read again. */
            ArrayNode read() {
                final ArrayNode records = JSON.createArrayNode();
                final Set<String> inFeed = new HashSet<>();
                for (final Row row : rows.values()) {
                    if (row.modified <= polled) {
                        continue;
                    }
                    final ObjectNode record = JSON.createObjectNode();
                    record.put("Id", row.id);
                    record.put("crm_match_id", row.golden);
                    record.put("LastModifiedDate", Instant.ofEpochMilli(row.modified).toString());
                    record.put("IsDeleted", row.deleted);
                    final boolean idOnly = row.deleted && random.nextBoolean();
                    final boolean partial = !row.deleted && random.nextDouble() < 0.25;
                    boolean whole = true;
                    for (final String field : FIELDS) {
                        if (idOnly || partial && !row.unseen.contains(field) && random.nextBoolean()) {
                            whole = false;
                            continue;
                        }
                        record.put(field, row.values.get(field));
                    }
                    if (row.bySync) {
                        record.put("crm_expect_echo", true);
                    }
                    row.unseen.clear();
                    row.pendingKnown = whole || row.bySync;
                    records.add(record);
                    trace(row.golden, system + " read " + record);
                    inFeed.add(row.id);
                    if (row.deleted) {
                        tombstonesRead.add(record.deepCopy());
                    }
                }
                for (final ObjectNode tombstone : tombstonesRead) {
                    if (!inFeed.contains(tombstone.get("Id").asText()) && random.nextDouble() < 0.15) {
                        final ObjectNode again = tombstone.deepCopy();
                        again.remove("crm_expect_echo");
                        records.add(again);
                        inFeed.add(again.get("Id").asText());
                    }
                }
                polled = tick(clock);
                return records;
            }

            Write decide(final JsonNode record) {
                final String named = record.path("crm_sync_row").isNull() ? "" : record.path("crm_sync_row").asText("");
                final Row row = named.isEmpty() ? liveRowOf(record.get("crm_match_id").asText()) : rows.get(named);
                final boolean known = row != null && (row.known || row.bySync);
                return new Write(this, record, named, known, row != null && row.deleted && row.tombstoneSeen);
            }

            void apply(final Write write) {
                writes++;
                final String golden = write.record.get("crm_match_id").asText();
                trace(golden, system + " applies " + write.record);
                final String operation = write.record.get("crm_sync_operation").asText();
                final Row row = write.row.isEmpty() ? liveRowOf(golden) : rows.get(write.row);
                if (row == null && !write.row.isEmpty()) {
                    violations.add("cycle " + cycle + ": " + system + " has no row " + write.row + " " + write.record);
                    return;
                }
                boolean revived = false;
                if (row != null && row.deleted && !write.row.isEmpty() && revivesDeletedRows && !"delete".equals(operation)
                        && !write.rowSeenDeleted()) {
                    // decided before the row's tombstone was read: the reviving loader lands it, and the row lives again
                    revivals++;
                    writesBeforeDeletionRead++;
                    trace(golden, system + " loader revives " + row.id);
                    row.deleted = false;
                    revived = true;
                } else if (row != null && row.deleted && !write.row.isEmpty()) {
                    if ("delete".equals(operation) && write.row.equals(write.record.path("Id").asText())) {
                        // a deletion written back to the row it was read deleted from: a CRM answers that the row is
                        // deleted already (Salesforce's ENTITY_IS_DELETED, HubSpot's 404)
                        violations.add("cycle " + cycle + ": a deletion written back to " + system + "'s own deleted row " + write.row + ": "
                                + write.record);
                    } else if (pendingDeletion.contains(system + ":" + write.row) && write.rowSeenDeleted()) {
                        // Delete Policy route-to-conflict: the row's deletion waits for a person, and the other CRM's
                        // edits are held for the person too, never written into the deleted row
                        violations.add("cycle " + cycle + ": " + system + " refuses a write to the row " + write.row
                                + " whose deletion waits for a person: " + write.record);
                    } else if (write.rowSeenDeleted()) {
                        violations.add("cycle " + cycle + ": " + system + " refuses a write to the deleted row " + write.row
                                + " (its tombstone was read): " + write.record);
                    } else {
                        // decided before the row's tombstone was read (in the cycle the row was deleted): no sync can know;
                        // the CRM refuses it (Salesforce's ENTITY_IS_DELETED, HubSpot's 404), the loader's failure
                        writesBeforeDeletionRead++;
                    }
                    return;
                }
                if (row != null && !revived && row.revivedByLoader && !"delete".equals(operation)
                        && pendingDeletion.contains(system + ":" + row.id)) {
                    // Delete Policy route-to-conflict: the row lives only by the sync's own write, which its loader landed
                    // while the row's deletion waits for a person: the sync's echo, so the deletion still waits, and the
                    // other CRM's changes are held for the person, not written into the row
                    violations.add("cycle " + cycle + ": a write into " + system + "'s row " + row.id + ", revived by its loader while its deletion"
                            + " waits for a person: " + write.record);
                }
                final Map<String, String> values = new LinkedHashMap<>();
                for (final String field : FIELDS) {
                    if (write.record.has(field)) {
                        values.put(field, write.record.get(field).isNull() ? "" : write.record.get(field).asText());
                    }
                }
                if ("delete".equals(operation)) {
                    if (row == null || row.deleted) {
                        if (row == null || !write.rowSeenDeleted()) {
                            return;
                        }
                        violations.add("cycle " + cycle + ": a delete of a row " + system + " no longer holds: " + write.record);
                        return;
                    }
                    if (row.revivedByLoader) {
                        // the deletion asserted again, to the row its loader brought back
                        deletionsAsserted++;
                    }
                    row.deleted = true;
                } else if (row == null) {
                    insert(golden, values, true);
                    return;
                } else {
                    // (also after a write lacking fields, a partial read whose FlowFile's schema lacks them, went to the
                    // row first in this cycle: the other direction's write-back restores no field that write left)
                    if (write.known && row.values.equals(values)) {
                        violations.add("cycle " + cycle + ": an echo written to " + system + " " + row.id + ", which the sync knew to hold "
                                + row.values + ": " + write.record);
                    }
                    row.values.putAll(values);
                }
                row.modified = tick(clock);
                row.bySync = true;
                row.revivedByLoader = revived;
            }

            /** Every customer's live values, or "deleted". */
            Map<String, String> contents() {
                final Map<String, String> contents = new TreeMap<>();
                for (final Row row : rows.values()) {
                    if (!row.deleted) {
                        contents.put(row.golden, new TreeMap<>(row.values).toString());
                    }
                }
                for (int i = 0; i < CUSTOMERS; i++) {
                    contents.putIfAbsent("g" + i, "deleted");
                }
                return contents;
            }
        }
    }

    /** A second later on the clock: the time of a change, a read or a write. */
    private static long tick(final MutableClock clock) {
        clock.advance(Duration.ofSeconds(1));
        return clock.millis();
    }

    /** A second later, as a CRM gives a record's last-modified time. */
    private static String at(final MutableClock clock) {
        return Instant.ofEpochMilli(tick(clock)).toString();
    }

    /** MergeCRMRecord in Three-Way Sync with the given policies on an EmbeddedEntityStore, JSON in and out. */
    private TestRunner mergeRunner(final Clock clock, final SyncConflictPolicy conflictPolicy, final SyncDeletePolicy deletePolicy)
            throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(new MergeCRMRecord(clock));
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
        final EmbeddedEntityStore service = new EmbeddedEntityStore();
        runner.addControllerService("entity-store", service);
        runner.setProperty(service, EmbeddedEntityStore.STORE_DIRECTORY, storeDirectory.toString());
        stores.enable(runner, service);
        SyncFlowProperties.merge(runner);
        runner.setProperty(MergeCRMRecord.CONFLICT_POLICY, conflictPolicy.getValue());
        runner.setProperty(MergeCRMRecord.DELETE_POLICY, deletePolicy.getValue());
        runner.setProperty(MergeCRMRecord.SOURCE_PRIORITY, "salesforce, hubspot");
        runner.setProperty(MergeCRMRecord.PREFERRED_SYSTEM, HUBSPOT);
        runner.assertValid();
        return runner;
    }

    private static String describe(final Map<String, List<JsonNode>> out, final String id) {
        final StringBuilder text = new StringBuilder();
        out.forEach((relationship, records) -> records.stream().filter(r -> r.path("Id").asText().equals(id))
                .forEach(r -> text.append(relationship).append(' ').append(r).append("; ")));
        return text.toString();
    }

    private static List<String> sorted(final List<String> ids) {
        return ids.stream().sorted().toList();
    }

    private static final class Row {
        final String id;
        final String golden;
        final Map<String, String> values = new LinkedHashMap<>();
        /** Fields a person changed since the sync last read the row: a partial read never leaves them out. */
        final Set<String> unseen = new HashSet<>();
        long modified;
        boolean deleted;
        /** The row's last change is the sync's own write. */
        boolean bySync;
        /** The sync read the whole row since a person last changed it. */
        boolean known;
        /** The merge has received the row's tombstone. */
        boolean tombstoneSeen;
        /** The row's last change is its loader bringing it back from deleted (a write on its way when it was deleted). */
        boolean revivedByLoader;
        /** Whether the record read last, once the merge receives it, tells the sync the whole row. */
        boolean pendingKnown;

        Row(final String id, final String golden) {
            this.id = id;
            this.golden = golden;
        }
    }

    private record Write(Traffic.Crm crm, JsonNode record, String row, boolean known, boolean rowSeenDeleted) {
    }

    private record Sent(String system, String content, Set<String> routed) {
    }

    /** HubSpot's row 901 read alive, last modified at {@code modified}, with Ann's fields and the phone given. */
    private static String alive901(final Object modified, final String annFields, final String phone) {
        return "{\"Id\":\"901\",\"IsDeleted\":false,\"LastModifiedDate\":\"" + modified + "\"," + annFields + ",\"Phone\":\"" + phone + "\"}";
    }
}
