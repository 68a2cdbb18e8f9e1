package dev.nificrm.systemtest;

import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processors.attributes.UpdateAttribute;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The migration flows' run of an export, as Count Records names it and Track Progress counts it (both expressions as the
 * flow definition holds them, in NiFi's own UpdateAttribute): one run per listing of the export, named by the file and the
 * time it was listed in milliseconds. Two drops of one file name within one second have the same file time (ListFile's
 * {@code file.lastModifiedTime} has whole seconds), and a run named by it added the second drop's counts to the first's
 * finished run: its summary came a Run Idle Timeout later, unbalanced (a CI run of CrmMigrationDbIT showed it). A replay
 * of load failures (crm-migration-db) is likewise one run per file replayed, named by the file and the time it was picked up.
 */
class MigrationRunIdsTest {
    /** What ListFile writes for both drops of the export: the same name, the same whole-second file time. */
    private static final Map<String, String> LISTED = Map.of("filename", "contacts.csv", "path", "./", "file.lastModifiedTime", "2026-12-07T08:00:00+0000",
            "record.count", "25", "crm.clean.invalid.count", "3");
    private static final Instant FIRST_LISTING = Instant.parse("2026-12-07T08:00:00.120Z");

    @ParameterizedTest
    @ValueSource(strings = {"crm-migration.json", "crm-migration-db.json"})
    void twoDropsOfOneExportWithinOneSecondAreTwoRuns(final String definition) throws Exception {
        final RegisteredFlowSnapshot snapshot = FlowDefinitionTest.read(ProjectPaths.templates().resolve(definition));
        final String first = countedRun(snapshot, FIRST_LISTING);
        final String second = countedRun(snapshot, FIRST_LISTING.plusMillis(400));
        assertEquals("contacts.csv@2026-12-07T08:00:00.120Z", first);
        assertEquals("contacts.csv@2026-12-07T08:00:00.520Z", second);
        assertNotEquals(first, second);
    }

    /**
     * The records cleaning rejects leave Clean Records apart from the clean ones, before Count Records: Track Progress
     * names their run from the same listing's attributes, so the export's invalid records count in its run, not in one of
     * their own.
     */
    @ParameterizedTest
    @ValueSource(strings = {"crm-migration.json", "crm-migration-db.json"})
    void anExportsInvalidRecordsCountInItsRun(final String definition) throws Exception {
        final RegisteredFlowSnapshot snapshot = FlowDefinitionTest.read(ProjectPaths.templates().resolve(definition));
        assertEquals(countedRun(snapshot, FIRST_LISTING), trackedRun(snapshot, Map.of(), FIRST_LISTING));
    }

    /**
     * Replay Load Failures picks up every file of load-failed/ at each poll (10 sec): each file is a replay of its own, named
     * by the file and the time it was picked up in milliseconds, which Track Progress counts and summarises apart. Named by
     * the minute ({@code replay-20261207T0800Z}), two files replayed within one minute (one poll, or two) were one run: the
     * second's counts went on the first's run, its summary and reconciliation a Run Idle Timeout after the last, for both.
     */
    @Test
    void twoReplaysWithinOneMinuteAreTwoRuns() throws Exception {
        final RegisteredFlowSnapshot snapshot = FlowDefinitionTest.read(ProjectPaths.templates().resolve("crm-migration-db.json"));
        final String first = replayedRun(snapshot, "contacts-0b5e.json", FIRST_LISTING);
        final String second = replayedRun(snapshot, "contacts-7c1d.json", FIRST_LISTING.plusMillis(3));
        final String again = replayedRun(snapshot, "contacts-0b5e.json", FIRST_LISTING.plusSeconds(20));
        assertNotEquals(first, second, "two files replayed 3 ms apart");
        assertEquals("replay-contacts-0b5e@2026-12-07T08:00:00.120Z", first);
        assertEquals("replay-contacts-7c1d@2026-12-07T08:00:00.123Z", second);
        assertEquals("replay-contacts-0b5e@2026-12-07T08:00:20.120Z", again, "a file of one name dropped there again is a replay of its own");
    }

    /** The run Track Progress counts a replayed file in, after Mark Replays named it. */
    private static String replayedRun(final RegisteredFlowSnapshot snapshot, final String file, final Instant pickedUp) {
        final TestRunner mark = runner(snapshot, "Mark Replays", "crm.run.id", pickedUp, Map.of("filename", file));
        final String named = mark.getFlowFilesForRelationship("success").getFirst().getAttribute("crm.run.id");
        return trackedRun(snapshot, Map.of("filename", file, "crm.run.id", named), pickedUp);
    }

    /** The run Track Progress counts a FlowFile of the listing in, after Count Records named it. */
    private static String countedRun(final RegisteredFlowSnapshot snapshot, final Instant listed) {
        final TestRunner count = runner(snapshot, "Count Records", "crm.run.id", listed, Map.of());
        final String named = count.getFlowFilesForRelationship("success").getFirst().getAttribute("crm.run.id");
        return trackedRun(snapshot, Map.of("crm.run.id", named), listed);
    }

    private static String trackedRun(final RegisteredFlowSnapshot snapshot, final Map<String, String> attributes, final Instant listed) {
        final TestRunner track = runner(snapshot, "Track Progress", "Run ID", listed, attributes);
        return track.getFlowFilesForRelationship("success").getFirst().getAttribute("crm.test.value");
    }

    /** NiFi's UpdateAttribute evaluating one property of the named processor on a FlowFile of the listing at {@code listed}. */
    private static TestRunner runner(final RegisteredFlowSnapshot snapshot, final String processorName, final String property, final Instant listed,
                                     final Map<String, String> attributes) {
        final VersionedProcessor processor = snapshot.getFlowContents().getProcessors().stream()
                .filter(candidate -> candidate.getName().equals(processorName)).findFirst().orElseThrow();
        final TestRunner runner = TestRunners.newTestRunner(UpdateAttribute.class);
        runner.setProperty("crm.test.value", processor.getProperties().get(property));
        if ("crm.run.id".equals(property)) {
            runner.setProperty("crm.run.id", processor.getProperties().get(property));
        }
        final MockFlowFile flowFile = new ListedFlowFile(listed.toEpochMilli());
        flowFile.putAttributes(LISTED);
        flowFile.putAttributes(attributes);
        runner.enqueue(flowFile);
        runner.run();
        runner.assertAllFlowFilesTransferred("success", 1);
        return runner;
    }

    /** A FlowFile that entered the flow (ListFile created it) at a given time: its lineage start date, which its children keep. */
    private static final class ListedFlowFile extends MockFlowFile {
        private final long listed;

        ListedFlowFile(final long listed) {
            super(1);
            this.listed = listed;
        }

        @Override
        public long getEntryDate() {
            return listed;
        }

        @Override
        public long getLineageStartDate() {
            return listed;
        }
    }
}
