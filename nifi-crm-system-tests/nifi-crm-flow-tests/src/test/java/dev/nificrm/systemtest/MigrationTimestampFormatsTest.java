package dev.nificrm.systemtest;

import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * crm-migration's Merge Duplicates (NiFi's CSV reader and writer as the flow configures them) on two records of one customer
 * whose last-modified times are text in a pattern of the export's own ({@code dd.MM.yyyy HH:mm}, day first): the parameters
 * System Timestamp Formats and System Timestamp Time Zones, keyed by the Source Schema (one a run), say how to read them.
 */
class MigrationTimestampFormatsTest {
    /** Record 2 was changed last (3 February; record 1 on 5 January), though its text sorts first. */
    private static final String EXPORT = """
            external_id,email,lastmodifieddate,crm_match_id
            1,first@example.com,05.01.2024 10:00,g-1
            2,second@example.com,03.02.2024 10:00,g-1
            """;

    private RegisteredFlowSnapshot snapshot;

    @BeforeEach
    void readTheFlow() throws Exception {
        snapshot = FlowDefinitionTest.read(ProjectPaths.templates().resolve("crm-migration.json"));
    }

    /**
     * With the pattern given for the run's Source Schema, the golden record takes the email of the record changed last, as
     * its most_recent rule says. Before, the flow had no such parameter: Merge Duplicates read the times in ISO-8601 and the
     * Zoho layouts' MM/dd/yyyy HH:mm:ss only, and both records went to failure ("not a date").
     */
    @Test
    void theExportsOwnPatternReadsItsTimes() throws Exception {
        parameter("System Timestamp Formats", "salesforce-contact=dd.MM.yyyy HH:mm");
        parameter("System Timestamp Time Zones", "salesforce-contact=Europe/Berlin");
        final TestRunner merge = merge();
        merge.assertTransferCount("failure", 0);
        final MockFlowFile golden = merge.getFlowFilesForRelationship("merged").getFirst();
        final String content = golden.getContent();
        assertTrue(content.contains("second@example.com") && !content.contains("first@example.com"), content);
    }

    /** Without a value (as shipped) the times are read as before: neither ISO-8601 nor Zoho's, so the records fail with the reason. */
    @Test
    void withoutAValueTheTimesAreReadAsBefore() throws Exception {
        final TestRunner merge = merge();
        merge.assertTransferCount("merged", 0);
        final String failed = merge.getFlowFilesForRelationship("failure").getFirst().getContent();
        assertTrue(failed.contains("Timestamp Field: not a date or ISO-8601 timestamp"), failed);
        assertTrue(!failed.contains("salesforce-contact:"), "no system in the merged ids: " + failed);
    }

    private void parameter(final String name, final String value) {
        final List<VersionedParameter> parameters = snapshot.getParameterContexts().get(snapshot.getFlowContents().getParameterContextName()).getParameters()
                .stream().filter(parameter -> parameter.getName().equals(name)).toList();
        assertEquals(1, parameters.size(), "the flow has the parameter " + name);
        parameters.getFirst().setValue(value);
    }

    private TestRunner merge() throws Exception {
        final VersionedProcessor processor = snapshot.getFlowContents().getProcessors().stream()
                .filter(candidate -> candidate.getName().equals("Merge Duplicates")).findFirst().orElseThrow();
        final TestRunner runner = LoadFailureRulesTest.runnerFor(snapshot, processor);
        runner.enqueue(EXPORT.getBytes(StandardCharsets.UTF_8));
        runner.run();
        return runner;
    }
}
