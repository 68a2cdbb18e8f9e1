package dev.nificrm.reliability;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
