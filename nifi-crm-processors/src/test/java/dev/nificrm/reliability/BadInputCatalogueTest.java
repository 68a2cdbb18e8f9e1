package dev.nificrm.reliability;

import dev.nificrm.RecordServices;
import dev.nificrm.processors.CleanCRMRecord;
import dev.nificrm.processors.EraseCRMRecord;
import dev.nificrm.processors.ReconcileCRMRecord;
import dev.nificrm.reconcile.RecordOutcome;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input catalogue ({@link BadInputCatalogue}) through every processor ({@link ProcessorSetups#ALL}) with NiFi's
 * real readers and writers, set up as the migration flow sets them. For every case and processor: no exception escapes
 * the processor; records in = records out (or the FlowFile is in failure, untouched, with a reason), as the processor's
 * contract ({@link ProcessorSetup.Contract}) counts them; every record routed to invalid carries a reason and no reason
 * holds a value; no log line of the processor or its record services and no attribute repeats a value of the content.
 */
class BadInputCatalogueTest {

    @Test
    void holdsAtLeastSixtyCases() {
        final List<BadInputCase> cases = BadInputCatalogue.cases();
        assertTrue(cases.size() >= 60, "the catalogue has " + cases.size() + " cases");
        assertFalse(cases.stream().filter(each -> each.expectation() == BadInputCase.Expectation.FAILURE).toList().isEmpty());
    }

    /**
     * The setups erasing and reconciling work on a store that knows the customers of the catalogue's clean export, so
     * that the cases naming them reach the paths of a customer found, not only those of an unknown one.
     */
    @Test
    void erasureAndReconciliationFindTheStoredCustomers() throws Exception {
        final BadInputCase cleanExport = BadInputCatalogue.cases().getFirst();
        final ProcessorSetup erase = setup(EraseCRMRecord.class);
        final RunOutcome erased = RunOutcome.run(erase, cleanExport.format(), cleanExport.content(), cleanExport.toString());
        assertEquals(2, erased.records("erased").size(), erased.toString());
        final ProcessorSetup reconcile = setup(ReconcileCRMRecord.class);
        final RunOutcome reconciled = RunOutcome.run(reconcile, cleanExport.format(), cleanExport.content(), cleanExport.toString());
        assertEquals(0, reconciled.reported(RecordOutcome.NOT_IN_STORE), reconciled.toString());
    }

    /**
     * The Three-Way Sync setup receives what MatchCRMRecord on the same store passed on, as the sync flows connect them, so
     * the records reach the merge with their golden ids (alone, every one went to failure without one); and its store synced
     * the clean export's customers a cycle before, HubSpot changing 0031 and deleting 0032 since
     * ({@link ProcessorSetup#withCustomersSynced()}), so the catalogue's records reach the paths of a customer synced before:
     * the export as it was is held back as read before the sync's writes landed, which are written back again (HubSpot's
     * first name and phone, the deletion); a field changed in both systems is a conflict; a change to the customer HubSpot
     * deleted meets the deletion. Before, the store had no snapshot and every record was the customer's first sync.
     */
    @Test
    void theThreeWayMergeReceivesMatchedRecordsOfCustomersSyncedBefore() throws Exception {
        final ProcessorSetup threeWay = ProcessorSetups.ALL.stream().filter(setup -> setup.fedBy() != null).findFirst().orElseThrow();
        final RunOutcome asBefore = RunOutcome.run(threeWay, RecordFormat.CSV, BadInputCatalogue.cleanExport(), "the clean export");
        assertEquals(List.of("0031", "0032"), ids(asBefore.records("unchanged")), asBefore.toString());
        final List<Map<String, String>> writtenBack = asBefore.records("write-back");
        assertEquals(List.of("0031 upsert Annie (415) 555-0199", "0032 delete"), writtenBack.stream().map(record -> record.get("Id") + " "
                + record.get("crm_sync_operation") + (record.get("crm_sync_operation").equals("delete") ? "" : " " + record.get("FirstName")
                + " " + record.get("Phone"))).toList(), asBefore.toString());

        final RunOutcome fewerColumns = run(threeWay, "a row with fewer columns than the header");
        assertEquals(List.of("0031"), ids(fewerColumns.records("conflict")), fewerColumns.toString());
        assertTrue(fewerColumns.records("conflict").getFirst().get("crm_conflict").startsWith("Phone: base"), fewerColumns.toString());

        final RunOutcome caseOnly = run(threeWay, "header names differing in case only");
        final Map<String, String> deleted = caseOnly.records("conflict").stream().filter(record -> record.get("Id").equals("0032")).findFirst().orElseThrow();
        assertTrue(deleted.get("crm_conflict").startsWith("(record): hubspot deleted it, salesforce changed"), caseOnly.toString());

        final RunOutcome copies = run(threeWay, "201 identical records");
        assertEquals(201, copies.records("unchanged").size(), copies.toString());
        assertFalse(copies.wroteTo("merged"), copies.toString());
        // the copies of a record read before the sync's writes landed: one write-back, the copies change nothing (was 201)
        assertEquals(1, copies.records("write-back").size(), copies.toString());
        assertEquals(List.of("0031 upsert Annie (415) 555-0199"), copies.records("write-back").stream().map(record -> record.get("Id") + " "
                + record.get("crm_sync_operation") + " " + record.get("FirstName") + " " + record.get("Phone")).toList(), copies.toString());
    }

    private static RunOutcome run(final ProcessorSetup setup, final String caseName) throws Exception {
        final BadInputCase badInput = BadInputCatalogue.cases().stream().filter(each -> each.toString().contains(caseName)).findFirst().orElseThrow();
        return RunOutcome.run(setup, badInput.format(), badInput.content(), badInput.toString());
    }

    private static List<String> ids(final List<Map<String, String>> records) {
        return records.stream().map(record -> record.get("Id")).sorted().toList();
    }

    /**
     * The catalogue's escaped emoji key is what NiFi's real JsonRecordSetWriter writes for a key 📧 (an escaped surrogate
     * pair), so that its cases are what one processor of a flow hands the next.
     */
    @Test
    void theEscapedEmojiKeyIsWhatNiFisJsonWriterWrites() throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(CleanCRMRecord.class);
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
        runner.enqueue("[{\"Id\":\"0031\",\"📧\":\"a@example.com\"}]");
        runner.run();
        final String written = runner.getFlowFilesForRelationship(CleanCRMRecord.REL_SUCCESS).getFirst().getContent();
        final String key = "\"\\uD83D\\uDCE7\":";
        assertTrue(written.contains(key), written);
        assertTrue(BadInputCatalogue.EMOJI_KEY_OBJECT_ESCAPED.contains(key), BadInputCatalogue.EMOJI_KEY_OBJECT_ESCAPED);
    }

    private static ProcessorSetup setup(final Class<?> type) {
        return ProcessorSetups.ALL.stream().filter(setup -> setup.type() == type).findFirst().orElseThrow();
    }

    @TestFactory
    Stream<DynamicContainer> everyProcessorSurvivesEveryCase() {
        return ProcessorSetups.ALL.stream().map(setup -> DynamicContainer.dynamicContainer(setup.name(),
                BadInputCatalogue.cases().stream().map(badInput -> DynamicTest.dynamicTest(badInput.toString(), () -> check(setup, badInput)))));
    }

    private static void check(final ProcessorSetup setup, final BadInputCase badInput) throws Exception {
        final RunOutcome outcome = RunOutcome.run(setup, badInput.format(), badInput.content(), badInput.toString());
        outcome.assertExpected(badInput.expectation());
        if (outcome.failed() && outcome.failsWholeFlowFiles() && badInput.failureSays() != null) {
            outcome.assertFailedSaying(badInput.failureSays());
        }
        // content a record processor must refuse whole holds no records to count for one that passes it on
        final boolean counts = outcome.failsWholeFlowFiles() || badInput.expectation() != BadInputCase.Expectation.FAILURE;
        outcome.assertConserved(counts ? badInput.records() : -1)
                .assertInvalidRecordsHaveReasons()
                .assertReasonsHoldNoValue(badInput.secrets())
                .assertNoLeak(badInput.secrets());
    }

    /** For the report: what each processor did with each case. */
    static List<String> describeAll() throws Exception {
        final List<String> lines = new ArrayList<>();
        for (final ProcessorSetup setup : ProcessorSetups.ALL) {
            for (final BadInputCase badInput : BadInputCatalogue.cases()) {
                lines.add(RunOutcome.run(setup, badInput.format(), badInput.content(), badInput.toString()).toString());
            }
        }
        return lines;
    }
}
