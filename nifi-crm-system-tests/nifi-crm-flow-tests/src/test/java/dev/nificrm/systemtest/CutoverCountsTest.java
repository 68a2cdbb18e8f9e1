package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processors.attributes.UpdateAttribute;
import org.apache.nifi.processors.standard.AttributesToJSON;
import org.apache.nifi.processors.standard.RouteOnAttribute;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Static checks that the counts of templates/crm-cutover.json add up, without a running NiFi. Track Poll counts the
 * home CRM's records of each poll per outcome ({@code crm.outcome}, set by the Mark ... steps on the way to it); Add Up
 * Polls adds each poll's counts to the cutover's ({@code cutover.outcome.<outcome>.count}); Reconcile Cutover balances
 * the records read against those. An outcome Track Poll counts and Add Up Polls leaves out makes the report unbalanced
 * (as load-failed did before it was added), a FlowFile reaching Track Poll without an outcome is counted as
 * {@code processed}, which nothing adds up, and records that are not the home CRM's (Reconcile Cutover's, the people
 * CRM's) must not reach Track Poll at all: they would be counted as records of the poll.
 */
class CutoverCountsTest {
    private static final String OUTCOME = "crm.outcome";
    private static final Pattern ADDED_UP = Pattern.compile("cutover\\.outcome\\.(.+)\\.count");
    private static final String LOAD_FAILED = "load-failed";
    /** A replay's records were counted load-failed by their poll: its summary takes them from there. */
    private static final String REPLAYED_OUT_OF_LOAD_FAILED = ":minus(${crm.run.id:startsWith('replay-'):ifElse(${crm.progress.total.count:replaceEmpty(0)}, 0)})";
    /** A replay's records were read by their poll: its summary adds no rows read. */
    private static final String READ = "${getStateValue('cutover.read.count'):plus(${crm.run.id:startsWith('replay-'):ifElse(0, "
            + "${crm.progress.total.count:replaceEmpty(0)})})}";

    private RegisteredFlowSnapshot cutover;

    @BeforeEach
    void readTheCutover() throws IOException {
        cutover = FlowDefinitionTest.read(ProjectPaths.templates().resolve("crm-cutover.json"));
    }

    @Test
    void everyOutcomeTrackPollCountsIsAddedUpAndOnlyTheHomeCrmsRecordsReachIt() {
        assertEquals(List.of(), problems(cutover.getFlowContents()));
        // the outcomes the README's balance names, so that a new one is seen to be documented too
        assertEquals(Set.of("written", "unchanged", "invalid", "review", "conflict", "failed", "load-failed"), outcomesCounted(cutover.getFlowContents()));
    }

    /**
     * The cutover never reads its own writes as changes (README, How it works), by design: no step writes through the
     * connection pool the polls read by (the home CRM's, Source JDBC URL), and a read through the pool it writes by (the
     * people CRM's, Target JDBC URL) is entered only by Final Poll?'s final (and its own retry): after the last poll.
     */
    @Test
    void itNeverReadsItsOwnWritesAsChanges() {
        final VersionedProcessGroup group = cutover.getFlowContents();
        final String polled = pool(processor(group, "Read Home CRM Changes"));
        final String written = pool(processor(group, "Upsert into People CRM"));
        assertEquals(List.of("#{Source JDBC URL}", "#{Target JDBC URL}"), List.of(url(group, polled), url(group, written)));
        final List<String> problems = new ArrayList<>();
        final String finalPoll = processor(group, "Final Poll?").getIdentifier();
        for (final VersionedProcessor step : group.getProcessors()) {
            if (polled.equals(pool(step)) && !step.getName().equals("Read Home CRM Changes")) {
                problems.add(step.getName() + " uses the home CRM's connection pool, which only Read Home CRM Changes may");
            }
            if (step.getType().endsWith(".ExecuteSQLRecord") && written.equals(pool(step))) {
                for (final VersionedConnection in : into(group, step.getIdentifier())) {
                    final String source = in.getSource().getId();
                    if (!source.equals(step.getIdentifier()) && !(source.equals(finalPoll) && in.getSelectedRelationships().equals(Set.of("final")))) {
                        problems.add(step.getName() + " reads the people CRM after " + name(group, source) + "'s " + in.getSelectedRelationships());
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The connection pool a database step uses (its identifier). */
    private static String pool(final VersionedProcessor step) {
        final Map<String, String> properties = step.getProperties();
        return properties.getOrDefault("put-db-record-dcbp-service", properties.get("Database Connection Pooling Service"));
    }

    private static String url(final VersionedProcessGroup group, final String pool) {
        return group.getControllerServices().stream().filter(service -> service.getIdentifier().equals(pool)).findFirst()
                .orElseThrow().getProperties().get("Database Connection URL");
    }

    @Test
    void anOutcomeLeftOutOrMisspelledByAddUpPollsIsReported() {
        final Map<String, String> addUp = processor(cutover.getFlowContents(), "Add Up Polls").getProperties();
        addUp.remove("cutover.outcome.load-failed.count");
        addUp.put("cutover.outcome.review.count", "${getStateValue('cutover.outcome.review.count'):plus(${crm.progress.outcome.reviews.count:replaceEmpty(0)})}");

        assertEquals(List.of("Add Up Polls: cutover.outcome.review.count is not ${getStateValue('cutover.outcome.review.count'):plus("
                        + "${crm.progress.outcome.review.count:replaceEmpty(0)})}: the poll's review records are not added to it",
                "Track Poll counts the outcome 'load-failed' (set by Describe Load Failure), which Add Up Polls does not add up: add "
                        + "cutover.outcome.load-failed.count"), problems(cutover.getFlowContents()));
    }

    @Test
    void aFlowFileReachingTrackPollWithoutAnOutcomeOrFromTheReconciliationIsReported() {
        final VersionedProcessGroup group = cutover.getFlowContents();
        processor(group, "Mark Unchanged").getProperties().remove(OUTCOME);
        final VersionedConnection reportToFile = group.getConnections().stream()
                .filter(connection -> connection.getSource().getName().equals("Reconcile Cutover") && connection.getSelectedRelationships().contains("report"))
                .findFirst().orElseThrow();
        reportToFile.getDestination().setId(processor(group, "Mark Failed").getIdentifier());

        assertEquals(List.of("Merge into People CRM's unchanged reaches Track Poll through Mark Unchanged without crm.outcome: counted as processed, "
                        + "which Add Up Polls does not add up",
                "Reconcile Cutover's report reaches Track Poll through Mark Failed: the people CRM's records would be counted as the home CRM's"),
                problems(group));
    }

    /**
     * A replayed file is a run of its own whose total is the file's records, so that Poll Accounted? lets its summary
     * through once every record is written or filed again; Add Up Polls then moves its records from load-failed (where
     * their poll counted them) to what became of them, without counting them read twice, and Final Poll? ends it (it is
     * no token). Poll Accounted?, Add Up Polls and Final Poll? run here as the template configures them, on the summaries
     * Track Poll writes: a catch-up poll of 4 rows (2 written, 2 refused and filed in two files), the replay of one file (1 written),
     * a replay refused again (1 load-failed) and the final poll without changes. Before, a replay's summary (no total)
     * was dropped by Poll Accounted? and its record stayed load-failed in the report though it was written.
     */
    @Test
    void aReplayMovesItsRecordsFromLoadFailedToWhatBecameOfThemAndOpensNoPoll() {
        final VersionedProcessGroup group = cutover.getFlowContents();
        assertEquals("${record.count}", processor(group, "Mark Replays").getProperties().get("crm.replay.count"));
        assertEquals("${crm.replay.count:replaceEmpty(${executesql.row.count})}", processor(group, "Track Poll").getProperties().get("Total Records"));
        final VersionedProcessor counting = processor(group, "Count Replayed Records");
        assertTrue(counting.getType().endsWith(".ConvertRecord"), "record.count of a file replayed: " + counting.getType());
        final TestRunner accounted = runner(new RouteOnAttribute(), processor(group, "Poll Accounted?"));
        final TestRunner addUp = runner(new UpdateAttribute(), processor(group, "Add Up Polls"));
        final TestRunner finalPoll = runner(new RouteOnAttribute(), processor(group, "Final Poll?"));

        final Map<String, String> poll = addUp(accounted, addUp, summary("catch-up-2", 4, Map.of("written", 2, LOAD_FAILED, 2)));
        assertEquals(List.of("4", "2", "2"), counts(poll), "two contacts refused for two reasons: two files");
        assertEquals("unmatched", route(finalPoll, poll));

        final Map<String, String> replayed = addUp(accounted, addUp, summary("replay-catch-up-2-0f9c", 1, Map.of("written", 1)));
        assertEquals(List.of("4", "3", "1"), counts(replayed), "read once, written in the end");
        assertEquals("replay", route(finalPoll, replayed));

        final Map<String, String> refusedAgain = addUp(accounted, addUp, summary("replay-catch-up-2-77ab", 1, Map.of(LOAD_FAILED, 1)));
        assertEquals(List.of("4", "3", "1"), counts(refusedAgain), "refused again: still load-failed, once");
        assertEquals("replay", route(finalPoll, refusedAgain));

        final Map<String, String> noChanges = new HashMap<>(Map.of("crm.run.id", "final-3"));
        addUp.enqueue(new byte[0], noChanges);
        addUp.run();
        final Map<String, String> last = addUp.getFlowFilesForRelationship("success").getLast().getAttributes();
        assertEquals(List.of("4", "3", "1"), counts(last));
        assertEquals("final", route(finalPoll, last));
    }

    /**
     * Alert Not Reconciled's bulletin, evaluated as the template writes it (its parameter resolved): the number of people
     * rows filed and where, the report's count when rows failed on their own, the reason when the whole read failed. Its
     * level: ERROR for rows the report counts as failure, which Reconcile Cutover raises no bulletin for; INFO (nifi-app.log,
     * no bulletin at Bulletin Level WARN) for a whole read, whose ERROR bulletin Reconcile Cutover raises itself: the
     * operator saw two ERROR bulletins for one failure.
     */
    @Test
    void theBulletinOfPeopleRowsNotReconciledSaysHowManyWhereAndWhy() {
        final VersionedProcessGroup group = cutover.getFlowContents();
        final Map<String, String> alert = processor(group, "Alert Not Reconciled").getProperties();
        final String message = alert.get("log-message").replace("#{Error Directory}", "/errors");
        final TestRunner evaluate = TestRunners.newTestRunner(new UpdateAttribute());
        evaluate.setProperty("crm.test.message", message);
        evaluate.setProperty("crm.test.level", alert.get("log-level"));
        evaluate.enqueue(new byte[0], Map.of("record.count", "2", "executesql.row.count", "46", "crm.run.id", "final-9",
                "filename", "final-9-not-reconciled-1a2b.json"));
        evaluate.enqueue(new byte[0], Map.of("executesql.row.count", "46", "crm.run.id", "final-9", "filename", "final-9-not-reconciled-3c4d.json",
                "record.error.message", "Records Read is not a whole number: 'x'"));
        evaluate.run(2);
        final List<String> messages = evaluate.getFlowFilesForRelationship("success").stream().map(flowFile -> flowFile.getAttribute("crm.test.message")).toList();
        assertEquals(List.of("2 people record(s) read for the report of final-9 could not be reconciled (the report counts them as failure, each with its "
                        + "reason in crm_errors); filed as /errors/not-reconciled/final-9-not-reconciled-1a2b.json. They are rows of the people CRM, not "
                        + "contacts of the home CRM: the cutover's counts leave them out.",
                "46 people record(s) read for the report of final-9 could not be reconciled (no report was written: Records Read is not a whole number: "
                        + "'x'); filed as /errors/not-reconciled/final-9-not-reconciled-3c4d.json. They are rows of the people CRM, not contacts of the "
                        + "home CRM: the cutover's counts leave them out."), messages);
        assertEquals(List.of("error", "info"), evaluate.getFlowFilesForRelationship("success").stream()
                .map(flowFile -> flowFile.getAttribute("crm.test.level")).toList(), "one ERROR bulletin per file filed");
        assertEquals("/errors/not-reconciled", processor(group, "Write Records Not Reconciled").getProperties().get("Directory").replace("#{Error Directory}", "/errors"));
    }

    /**
     * A part of a split people read that Reconcile Cutover sends to failure unread (Read People CRM's Max Rows Per Flow File
     * set: a copy of a part, parts disagreeing on their count) is filed as the whole read of CrmCutoverFlowIT's fifth
     * scenario is: named after the run, and beside it, in the same directory, its description, whose reason names the
     * export and the part. Mark Not Reconciled, Describe Not Reconciled and Name Not Reconciled Description run as the
     * template configures them.
     */
    @Test
    void aPartOfASplitPeopleReadSentToFailureIsFiledWithADescriptionNamingTheExportAndThePart() throws IOException {
        final VersionedProcessGroup group = cutover.getFlowContents();
        final String reason = "Export 5f0c: part 1 of this export came twice: the other copy was read, this one not";
        final Map<String, String> part = new HashMap<>(Map.of("crm.run.id", "final-3", "record.count", "500", "fragment.identifier", "5f0c",
                "fragment.index", "1", "fragment.count", "3", "record.error.message", reason));
        final MockFlowFile marked = through(runner(new UpdateAttribute(), processor(group, "Mark Not Reconciled")), new byte[0], part);
        final String filed = marked.getAttribute("filename");
        assertTrue(filed.matches("final-3-not-reconciled-[0-9a-f-]{36}\\.json"), filed);
        final MockFlowFile described = through(runner(new AttributesToJSON(), processor(group, "Describe Not Reconciled")), new byte[0],
                marked.getAttributes());
        final MockFlowFile named = through(runner(new UpdateAttribute(), processor(group, "Name Not Reconciled Description")),
                described.toByteArray(), described.getAttributes());
        assertEquals(filed.replace(".json", ".error.json"), named.getAttribute("filename"));
        final JsonNode description = new ObjectMapper().readTree(named.getContent());
        assertEquals(List.of(filed, "final-3", "500", reason), List.of(description.path("filename").asText(), description.path("crm.run.id").asText(),
                description.path("record.count").asText(), description.path("record.error.message").asText()), description.toString());
        assertEquals(processor(group, "Write Records Not Reconciled").getProperties().get("Directory"),
                processor(group, "Write Not Reconciled Description").getProperties().get("Directory"), "the description beside the file");
    }

    /**
     * Reconcile Cutover's ERROR names the file a read (or a part) it sends to failure is filed as (Failure Filed As):
     * evaluated against that FlowFile, it is the file Mark Not Reconciled names and Write Records Not Reconciled writes
     * it into. Before, the ERROR bulletin named no file: the operator looked in nifi-app.log or the directory.
     */
    @Test
    void reconcileCutoversErrorNamesTheFileTheReadIsFiledAs() {
        final VersionedProcessGroup group = cutover.getFlowContents();
        assertEquals(filedAs(processor(group, "Mark Not Reconciled"), processor(group, "Write Records Not Reconciled")),
                failureFiledAs(processor(group, "Reconcile Cutover")));
    }

    /**
     * Alert Not Reconciled's line said "no report was written" for a part of a split people read sent to failure unread, a
     * copy of a part or an index outside the export, whose export's report was written from the other parts: for a part
     * (fragment.identifier) it gives the reason as Reconcile Cutover wrote it, which says what became of the part.
     */
    @Test
    void theLineOfAPartNotReadSaysWhatBecameOfIt() {
        final VersionedProcessGroup group = cutover.getFlowContents();
        final Map<String, String> alert = processor(group, "Alert Not Reconciled").getProperties();
        final TestRunner evaluate = TestRunners.newTestRunner(new UpdateAttribute());
        evaluate.setProperty("crm.test.message", alert.get("log-message").replace("#{Error Directory}", "/errors"));
        evaluate.setProperty("crm.test.level", alert.get("log-level"));
        evaluate.enqueue(new byte[0], Map.of("record.count", "500", "crm.run.id", "final-3", "filename", "final-3-not-reconciled-5e6f.json",
                "fragment.identifier", "5f0c", "fragment.index", "1", "fragment.count", "3",
                "record.error.message", "Export 5f0c: part 1 of this export came twice: the other copy was read, this one not"));
        evaluate.run();
        final MockFlowFile evaluated = evaluate.getFlowFilesForRelationship("success").getFirst();
        assertEquals("500 people record(s) read for the report of final-3 could not be reconciled (Export 5f0c: part 1 of this export came twice: "
                + "the other copy was read, this one not); filed as /errors/not-reconciled/final-3-not-reconciled-5e6f.json. They are rows of the "
                + "people CRM, not contacts of the home CRM: the cutover's counts leave them out.", evaluated.getAttribute("crm.test.message"));
        assertEquals("info", evaluated.getAttribute("crm.test.level"), "Reconcile Cutover's ERROR is the one bulletin");
    }

    /** Where a FlowFile is filed: the directory of the PutFile writing it and the filename the UpdateAttribute before it gives it. */
    static String filedAs(final VersionedProcessor naming, final VersionedProcessor writing) {
        return writing.getProperties().get("Directory") + "/" + naming.getProperties().get("filename");
    }

    /** A ReconcileCRMRecord's Failure Filed As, as the template writes it. */
    static String failureFiledAs(final VersionedProcessor reconciler) {
        final String filed = reconciler.getProperties().get("Failure Filed As");
        assertTrue(filed != null, reconciler.getName() + " names no file in its ERROR: Failure Filed As is not set");
        return filed;
    }

    /** A FlowFile through a processor that sends it to success: what comes out. */
    static MockFlowFile through(final TestRunner runner, final byte[] content, final Map<String, String> attributes) {
        runner.enqueue(content, attributes);
        runner.run();
        runner.assertAllFlowFilesTransferred("success", 1);
        return runner.getFlowFilesForRelationship("success").getFirst();
    }

    private static Map<String, String> summary(final String run, final long total, final Map<String, Integer> outcomes) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put("crm.run.id", run);
        attributes.put("crm.progress.total.count", String.valueOf(total));
        attributes.put("crm.progress.done.count", String.valueOf(outcomes.values().stream().mapToInt(Integer::intValue).sum()));
        outcomes.forEach((outcome, count) -> attributes.put("crm.progress.outcome." + outcome + ".count", String.valueOf(count)));
        return attributes;
    }

    /** A summary through Poll Accounted? (which must let it through) and Add Up Polls: the FlowFile's attributes after. */
    private static Map<String, String> addUp(final TestRunner accounted, final TestRunner addUp, final Map<String, String> summary) {
        assertEquals("accounted", route(accounted, summary), summary.toString());
        addUp.enqueue(new byte[0], summary);
        addUp.run();
        return addUp.getFlowFilesForRelationship("success").getLast().getAttributes();
    }

    /** The cutover's rows read, written and load-failed after a summary. */
    private static List<String> counts(final Map<String, String> attributes) {
        return List.of(attributes.get("cutover.read.count"), attributes.get("cutover.outcome.written.count"), attributes.get("cutover.outcome.load-failed.count"));
    }

    private static String route(final TestRunner router, final Map<String, String> attributes) {
        router.clearTransferState();
        router.enqueue(new byte[0], attributes);
        router.run();
        for (final Relationship relationship : router.getProcessor().getRelationships()) {
            if (!router.getFlowFilesForRelationship(relationship).isEmpty()) {
                return relationship.getName();
            }
        }
        throw new AssertionError("routed nowhere: " + attributes);
    }

    static TestRunner runner(final Processor component, final VersionedProcessor processor) {
        final TestRunner runner = TestRunners.newTestRunner(component);
        processor.getProperties().forEach(runner::setProperty);
        runner.assertValid();
        return runner;
    }

    /** What keeps the cutover's counts from adding up, or nothing. */
    static List<String> problems(final VersionedProcessGroup group) {
        final List<String> problems = new ArrayList<>();
        final VersionedProcessor trackPoll = processor(group, "Track Poll");
        if (!"${crm.outcome}".equals(trackPoll.getProperties().get("Outcome"))) {
            problems.add("Track Poll's Outcome is not ${crm.outcome}, what the Mark ... steps set");
            return problems;
        }
        final VersionedProcessor addUp = processor(group, "Add Up Polls");
        final Set<String> addedUp = new TreeSet<>();
        for (final Map.Entry<String, String> property : addUp.getProperties().entrySet()) {
            final Matcher outcome = ADDED_UP.matcher(property.getKey());
            if (!outcome.matches()) {
                continue;
            }
            final String name = outcome.group(1);
            final String expected = "${getStateValue('" + property.getKey() + "'):plus(${crm.progress.outcome." + name + ".count:replaceEmpty(0)})"
                    + (name.equals(LOAD_FAILED) ? REPLAYED_OUT_OF_LOAD_FAILED : "") + "}";
            if (expected.equals(property.getValue())) {
                addedUp.add(name);
            } else {
                problems.add("Add Up Polls: " + property.getKey() + " is not " + expected + ": the poll's " + name + " records are not added to it");
            }
        }
        for (final VersionedProcessor marker : group.getProcessors()) {
            final String outcome = marker.getProperties().get(OUTCOME);
            if (outcome == null || !reaches(group, marker.getIdentifier(), trackPoll.getIdentifier(), true)) {
                continue;
            }
            if (outcome.contains("${")) {
                problems.add(marker.getName() + " sets crm.outcome by an expression (" + outcome + "): which outcomes Track Poll counts cannot be checked");
            } else if (!addedUp.contains(outcome) && problems.stream().noneMatch(problem -> problem.contains(".outcome." + outcome + ".count"))) {
                problems.add("Track Poll counts the outcome '" + outcome + "' (set by " + marker.getName() + "), which Add Up Polls does not add up: add "
                        + "cutover.outcome." + outcome + ".count");
            }
        }
        problems.addAll(withoutOutcome(group, trackPoll));
        final VersionedProcessor reconcile = processor(group, "Reconcile Cutover");
        for (final VersionedConnection connection : group.getConnections()) {
            if (connection.getSource().getId().equals(reconcile.getIdentifier())
                    && reaches(group, connection.getDestination().getId(), trackPoll.getIdentifier(), false)) {
                problems.add("Reconcile Cutover's " + String.join(", ", connection.getSelectedRelationships()) + " reaches Track Poll through "
                        + name(group, connection.getDestination().getId()) + ": the people CRM's records would be counted as the home CRM's");
            }
        }
        if (!READ.equals(addUp.getProperties().get("cutover.read.count"))) {
            problems.add("Add Up Polls: cutover.read.count is not " + READ + ": the rows read are not added up (once)");
        }
        if (!"cutover.outcome.".equals(reconcile.getProperties().get("Outcome Attribute Prefix"))
                || !"${cutover.read.count}".equals(reconcile.getProperties().get("Records Read"))) {
            problems.add("Reconcile Cutover does not balance the cutover's counts: Records Read ${cutover.read.count}, Outcome Attribute Prefix cutover.outcome.");
        }
        return problems;
    }

    /** The outcomes Track Poll counts: those set by a step whose FlowFiles reach it before another sets one. */
    static Set<String> outcomesCounted(final VersionedProcessGroup group) {
        final String trackPoll = processor(group, "Track Poll").getIdentifier();
        final Set<String> outcomes = new TreeSet<>();
        for (final VersionedProcessor marker : group.getProcessors()) {
            if (marker.getProperties().containsKey(OUTCOME) && reaches(group, marker.getIdentifier(), trackPoll, true)) {
                outcomes.add(marker.getProperties().get(OUTCOME));
            }
        }
        return outcomes;
    }

    /**
     * Whether FlowFiles leaving a component reach the target, through processors and funnels, before passing Track
     * Poll itself or, when asked, a step that sets another outcome.
     */
    static boolean reaches(final VersionedProcessGroup group, final String from, final String target, final boolean stopAtOutcomes) {
        final Set<String> seen = new HashSet<>();
        final Deque<String> next = new ArrayDeque<>(List.of(from));
        while (!next.isEmpty()) {
            final String component = next.poll();
            if (component.equals(target)) {
                return true;
            }
            if (!seen.add(component) || !component.equals(from) && stopAtOutcomes && setsOutcome(group, component)) {
                continue;
            }
            for (final VersionedConnection connection : group.getConnections()) {
                if (connection.getSource().getId().equals(component)) {
                    next.add(connection.getDestination().getId());
                }
            }
        }
        return false;
    }

    /**
     * Each way into Track Poll on which no step sets crm.outcome, named by the relationship it starts with (of a step that
     * does not only pass FlowFiles on, or of one nothing leads to) and the step it goes to.
     */
    private static List<String> withoutOutcome(final VersionedProcessGroup group, final VersionedProcessor trackPoll) {
        final List<String> problems = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        final Deque<VersionedConnection> next = new ArrayDeque<>(into(group, trackPoll.getIdentifier()));
        while (!next.isEmpty()) {
            final VersionedConnection connection = next.poll();
            final String source = connection.getSource().getId();
            if (setsOutcome(group, source) || !seen.add(connection.getIdentifier())) {
                continue;
            }
            final List<VersionedConnection> earlier = into(group, source);
            if (isPassThrough(group, source) && !earlier.isEmpty()) {
                next.addAll(earlier);
                continue;
            }
            final String destination = connection.getDestination().getId();
            problems.add(name(group, source) + "'s " + String.join(", ", connection.getSelectedRelationships()) + " reaches Track Poll"
                    + (destination.equals(trackPoll.getIdentifier()) ? "" : " through " + name(group, destination))
                    + " without crm.outcome: counted as processed, which Add Up Polls does not add up");
        }
        return problems;
    }

    /** Steps that pass FlowFiles on to where they were going (a funnel, a file written, a log line), looked through. */
    private static boolean isPassThrough(final VersionedProcessGroup group, final String component) {
        return group.getFunnels().stream().anyMatch(funnel -> funnel.getIdentifier().equals(component))
                || group.getProcessors().stream().filter(processor -> processor.getIdentifier().equals(component))
                .anyMatch(processor -> processor.getType().endsWith(".UpdateAttribute") || processor.getType().endsWith(".PutFile")
                        || processor.getType().endsWith(".LogMessage") || processor.getType().endsWith(".MergeRecord")
                        || processor.getType().endsWith(".UpdateRecord"));
    }

    private static boolean setsOutcome(final VersionedProcessGroup group, final String component) {
        return group.getProcessors().stream().anyMatch(processor -> processor.getIdentifier().equals(component) && processor.getProperties().containsKey(OUTCOME));
    }

    private static List<VersionedConnection> into(final VersionedProcessGroup group, final String component) {
        return group.getConnections().stream().filter(connection -> connection.getDestination().getId().equals(component)).toList();
    }

    private static String name(final VersionedProcessGroup group, final String component) {
        return group.getProcessors().stream().filter(processor -> processor.getIdentifier().equals(component)).map(VersionedProcessor::getName)
                .findFirst().orElse("a funnel");
    }

    private static VersionedProcessor processor(final VersionedProcessGroup group, final String name) {
        return group.getProcessors().stream().filter(processor -> processor.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("crm-cutover.json has no processor " + name));
    }
}
