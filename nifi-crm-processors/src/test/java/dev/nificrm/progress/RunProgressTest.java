package dev.nificrm.progress;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunProgressTest {
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofMinutes(1);

    @Test
    void reportsDoneOfTotalTheRecentRateAndTheTimeLeft() {
        RunProgress run = RunProgress.start("contacts", T0).expect(5000);
        run = run.count("written", 1000, T0.plusSeconds(10));
        assertTrue(run.isReportDue(T0.plusSeconds(10), INTERVAL));
        ProgressReport report = run.report(T0.plusSeconds(10));
        assertEquals(1000, report.done());
        assertEquals(20.0, report.percentDone());
        assertEquals(100.0, report.recordsPerSecond(), "1,000 records in the 10 s since the start");
        assertEquals(40L, report.secondsLeft(), "4,000 left at 100 records/s");
        assertEquals(T0.plusSeconds(50), report.estimatedFinish());
        run = run.reported(T0.plusSeconds(10));
        assertFalse(run.isReportDue(T0.plusSeconds(25), INTERVAL), "nothing arrived since the last report");

        run = run.count("written", 2000, T0.plusSeconds(20)).count("invalid", 500, T0.plusSeconds(20));
        report = run.report(T0.plusSeconds(20));
        assertEquals(250.0, report.recordsPerSecond(), "2,500 records in the 10 s since the last report");
        assertEquals(175.0, report.averagePerSecond(), "3,500 records in 20 s");
        assertEquals(6L, report.secondsLeft(), "1,500 left at 250 records/s");
        assertEquals(Map.of("invalid", 500L, "written", 3000L), report.outcomes());
        assertEquals("run contacts: 3,500 of 5,000 records (70.0 %), 250 records/s, about 6 s left {invalid=500, written=3000}", report.describe());
    }

    @Test
    void finishesOnceWhenTheTotalIsReachedAndAfterwardsOnlyWhenIdle() {
        RunProgress run = RunProgress.start("r", T0).expect(100).count("written", 100, T0.plusSeconds(5));
        assertTrue(run.isFinishing(T0.plusSeconds(5), IDLE), "the total is reached");
        run = run.finish();
        final ProgressReport summary = run.report(T0.plusSeconds(5));
        assertEquals(RunStatus.FINISHED, summary.status());
        assertEquals(0L, summary.secondsLeft());
        assertEquals("run r: 100 of 100 records (100.0 %), 20 records/s, finished in 5 s", summary.describe());

        run = run.count("written", 3, T0.plusSeconds(8));
        assertEquals(RunStatus.RUNNING, run.status(), "late records reopen the run");
        assertFalse(run.isFinishing(T0.plusSeconds(9), IDLE), "the total was reached before: it finishes on the idle timeout only");
        assertTrue(run.isFinishing(T0.plusSeconds(68), IDLE));
        assertEquals(103, run.finish().report(T0.plusSeconds(68)).done());
    }

    @Test
    void finishesAnIdleRunWithoutTotalAndShowsNoTimeLeft() {
        final RunProgress run = RunProgress.start("r", T0).count("processed", 42, T0.plusSeconds(2));
        final ProgressReport running = run.report(T0.plusSeconds(3));
        assertNull(running.total());
        assertNull(running.percentDone());
        assertNull(running.secondsLeft());
        assertEquals("run r: 42 records, 21 records/s, finished in 2 s", run.finish().report(T0.plusSeconds(70)).describe(),
                "the average over the 2 s it ran");
        assertFalse(run.isFinishing(T0.plusSeconds(61), IDLE));
        assertTrue(run.isFinishing(T0.plusSeconds(62), IDLE));
    }

    @Test
    void survivesTheStateRoundTrip() {
        final RunProgress run = RunProgress.start("r-1", T0).expect(10).count("written", 4, T0.plusSeconds(1)).reported(T0.plusSeconds(1))
                .count("conflict", 1, T0.plusSeconds(2));
        final String json = run.toJson(T0.plusSeconds(3));
        assertEquals(run, RunProgress.fromJson(json));
        assertTrue(json.contains("\"percent_done\":50.0"), json);
        assertThrows(IllegalArgumentException.class, () -> RunProgress.fromJson("{\"something\":\"else\"}"));
    }

    @Test
    void theLedgerKeepsRunningRunsAndOnlyTheLatestFinishedOnes() {
        final Map<String, String> state = new HashMap<>();
        state.put("other", "ignored");
        state.put("run.broken", "not json");
        final List<String> unreadable = new ArrayList<>();
        final ProgressLedger ledger = ProgressLedger.fromState(state, unreadable);
        assertEquals(List.of("run.broken"), unreadable);
        for (int number = 0; number < 15; number++) {
            ledger.put(RunProgress.start("finished-" + number, T0).count("written", 1, T0.plusSeconds(number)).finish());
        }
        ledger.put(RunProgress.start("running", T0).count("written", 1, T0));
        final Map<String, String> written = ledger.toState(T0.plusSeconds(100));
        assertEquals(ProgressLedger.FINISHED_RUNS_KEPT + 1, written.size());
        assertTrue(written.containsKey("run.running"));
        assertTrue(written.containsKey("run.finished-14"));
        assertFalse(written.containsKey("run.finished-4"), "the oldest finished runs are dropped");
        assertEquals(RunProgress.fromJson(written.get("run.running")), ProgressLedger.fromState(written, unreadable).get("running"));
    }

    /**
     * A clock behind the run's latest record (another node of a cluster, or a clock set back) counts at that record's time:
     * before, the run's latest record came before its first, the elapsed time was negative (-1 s here) and the average
     * rate 200,000 records/s (200 records over the one millisecond a negative time was taken for).
     */
    @Test
    void aClockSteppingBackNeverMakesTheElapsedTimeNegative() {
        final RunProgress run = RunProgress.start("r", T0.plusSeconds(1)).count("written", 100, T0.plusSeconds(1)).count("written", 100, T0);
        final ProgressReport report = run.report(T0.plusSeconds(1));
        assertEquals(Duration.ZERO, report.elapsed());
        assertEquals(T0.plusSeconds(1), report.updated());
        assertEquals(0.0, report.averagePerSecond(), "all 200 records at one moment: no rate yet");
        assertEquals(200, report.done());
    }

    /**
     * The usage page: a run finishes "when its total is reached for the first time: the summary goes out at once". A run
     * that stalled short of its total (finished on the idle timeout) and then resumes reaches its total for the first time
     * when it does; before, any earlier finish counted as the one at the total, and its final summary waited for the next
     * idle timeout.
     */
    @Test
    void aRunThatStalledShortOfItsTotalIsSummarisedAtOnceWhenItResumesAndReachesIt() {
        RunProgress run = RunProgress.start("r", T0).expect(100).count("written", 50, T0);
        assertTrue(run.isFinishing(T0.plus(IDLE), IDLE), "stalled");
        run = run.finish();
        run = run.count("written", 50, T0.plus(IDLE).plusSeconds(30));
        assertTrue(run.isFinishing(T0.plus(IDLE).plusSeconds(30), IDLE), "its total is reached for the first time");
        run = run.finish().count("written", 1, T0.plus(IDLE).plusSeconds(40));
        assertFalse(run.isFinishing(T0.plus(IDLE).plusSeconds(40), IDLE), "a straggler after the total's summary waits for the idle timeout");
        assertTrue(RunProgress.fromJson(run.toJson(T0)).equals(run), "kept in the state");
    }

    /** A FlowFile whose record count is a huge (wrong) number leaves the run's counts at the largest, never negative. */
    @Test
    void countsNearTheLargestNumberStayThere() {
        RunProgress run = RunProgress.start("r", T0).expect(100).count("written", 5, T0.plusSeconds(1));
        run = run.count("written", Long.MAX_VALUE - 1, T0.plusSeconds(2)).count("failed", 7, T0.plusSeconds(3));
        assertEquals(Long.MAX_VALUE, run.done());
        final ProgressReport report = run.report(T0.plusSeconds(3));
        assertEquals(Long.MAX_VALUE, report.done());
        assertTrue(report.recordsPerSecond() > 0);
        assertEquals(Long.MAX_VALUE, run.count("written", 1, T0.plusSeconds(4)).done());
    }

    /**
     * Records received are in flight until counted; a receipt is activity (the run is not idle while its records come
     * in) and reopens a finished run, and a run's state from before records were received reads as none received.
     */
    @Test
    void recordsReceivedAreInFlightUntilCounted() {
        RunProgress run = RunProgress.start("day", T0).receive(3, T0);
        assertEquals(3, run.received());
        assertEquals(3, run.inFlight());
        assertEquals(0, run.done());
        run = run.count("written", 2, T0.plusSeconds(5));
        assertEquals(1, run.inFlight());
        assertEquals(T0.plusSeconds(5).plus(IDLE), run.dueAt(IDLE));
        run = run.finish().receive(2, T0.plusSeconds(90));
        assertEquals(RunStatus.RUNNING, run.status(), "records of it on their way reopen it");
        assertEquals(T0.plusSeconds(90).plus(IDLE), run.dueAt(IDLE));
        assertEquals(3, run.inFlight());
        assertEquals(0, RunProgress.start("replay", T0).count("written", 4, T0).inFlight(), "counted without being received: none in flight");
        assertEquals(run, RunProgress.fromJson(run.toJson(T0.plusSeconds(90))));

        final String before = RunProgress.start("old", T0).count("written", 4, T0).toJson(T0).replace("\"records_received\"", "\"unused\"");
        assertEquals(0, RunProgress.fromJson(before).received());
    }

    /**
     * A run keeps what its latest summary counted, so that a summary again can say so; a run finished by a version that
     * did not keep it reads as summarised with its counts, a running one as never summarised.
     */
    @Test
    void aRunKeepsWhatItsLatestSummaryCounted() {
        RunProgress run = RunProgress.start("replay", T0).count("written", 2, T0);
        assertNull(run.summarisedDone());
        run = run.finish().count("written", 1, T0.plusSeconds(150));
        assertEquals(2L, run.summarisedDone());
        assertEquals(run, RunProgress.fromJson(run.toJson(T0.plusSeconds(150))));
        assertEquals(3L, run.finish().summarisedDone());

        final String finishedBefore = RunProgress.start("old", T0).count("written", 4, T0).finish().toJson(T0).replace("\"summarised_done\"", "\"unused\"");
        assertEquals(4L, RunProgress.fromJson(finishedBefore).summarisedDone());
        assertNull(RunProgress.fromJson(RunProgress.start("old", T0).count("written", 4, T0).toJson(T0)).summarisedDone());
    }

    /** The marks a due summary takes: the records received of every running run with records in flight (a finished run's leftovers were reported with it). */
    @Test
    void theLedgerMarksTheRecordsReceivedOfRunningRunsWithRecordsInFlight() {
        final ProgressLedger ledger = ProgressLedger.fromState(Map.of(), new ArrayList<>());
        ledger.put(RunProgress.start("day", T0).receive(3, T0).count("written", 2, T0));
        ledger.put(RunProgress.start("next-day", T0).receive(2, T0));
        ledger.put(RunProgress.start("waited-out", T0).receive(5, T0).finish());
        ledger.put(RunProgress.start("all-counted", T0).receive(1, T0).count("written", 1, T0));
        assertEquals(Map.of("day", 3L, "next-day", 2L), ledger.receivedInFlight());
    }

    /**
     * A held summary waits until each run it marked has counted up to its mark: records received after the mark do not
     * hold it, a run counted past its mark or no longer running holds it no more; the marks are kept in the state, and
     * activity of the run itself drops them (its summary is due later, marked anew).
     */
    @Test
    void aHeldSummaryWaitsForTheRecordsEachRunHadReceivedWhenItWasDue() {
        final ProgressLedger ledger = ProgressLedger.fromState(Map.of(), new ArrayList<>());
        ledger.put(RunProgress.start("day", T0).receive(3, T0).count("written", 3, T0));
        ledger.put(RunProgress.start("next-day", T0).receive(4, T0).count("written", 1, T0));
        final RunProgress held = ledger.get("day").awaiting(ledger.receivedInFlight());
        assertEquals(Map.of("next-day", 4L), held.awaited());
        assertEquals(held, RunProgress.fromJson(held.toJson(T0)));
        assertEquals(Map.of("next-day", 3L), ledger.stillAwaited(held));

        ledger.put(ledger.get("next-day").receive(10, T0.plusSeconds(5)).count("written", 2, T0.plusSeconds(5)));
        assertEquals(Map.of("next-day", 1L), ledger.stillAwaited(held), "what came after the mark does not hold it");
        ledger.put(ledger.get("next-day").count("written", 1, T0.plusSeconds(6)));
        assertEquals(Map.of(), ledger.stillAwaited(held));

        ledger.put(RunProgress.start("stuck", T0).receive(2, T0));
        final RunProgress waitingForStuck = held.awaiting(Map.of("stuck", 2L));
        assertEquals(Map.of("stuck", 2L), ledger.stillAwaited(waitingForStuck));
        ledger.put(ledger.get("stuck").finish());
        assertEquals(Map.of(), ledger.stillAwaited(waitingForStuck), "a run summarised with its leftovers holds no other");

        assertEquals(Map.of(), held.count("load-failed", 1, T0.plusSeconds(7)).awaited());
        assertEquals(Map.of(), held.receive(1, T0.plusSeconds(7)).awaited());
        assertEquals(Map.of(), held.finish().awaited());
        assertEquals(held.awaited(), held.reported(T0.plusSeconds(7)).expect(9).awaited());
    }
}
