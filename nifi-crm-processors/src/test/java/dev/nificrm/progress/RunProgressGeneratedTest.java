package dev.nificrm.progress;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs counted as TrackCRMProgress counts them, on generated FlowFiles (seeded): several runs at once, chunked into
 * FlowFiles of 0 to thousands of records under several outcomes, totals announced late, changed or far too large,
 * reports and finishes as the processor makes them, the state written and read back at every trigger (as after a
 * restart, or on another node), and a clock that stands still, jumps by hours, or steps back a little (a cluster's
 * nodes). At every step the counts add up (records done = the sum of the outcomes = the records counted, FlowFiles
 * likewise), and every report is one an operator can read: rates finite and not negative, elapsed time not negative,
 * percent done from done and total, seconds left with an estimated finish whenever a rate is known.
 */
class RunProgressGeneratedTest {
    private static final long SEED = 20261205L;
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofMinutes(1);
    private static final String[] OUTCOMES = {"written", "invalid", "failed", "conflict", "unchanged"};

    @Test
    void theCountsAddUpAndEveryReportIsReadableWhateverTheClockAndTheTotals() {
        final Random random = new Random(SEED);
        Map<String, String> state = new HashMap<>();
        final Map<String, Long> counted = new TreeMap<>();
        final Map<String, Long> flowFiles = new TreeMap<>();
        final Map<String, Map<String, Long>> outcomes = new TreeMap<>();
        Instant now = T0;
        int reports = 0;
        for (int trigger = 0; trigger < 500; trigger++) {
            now = switch (random.nextInt(12)) {
                case 0 -> now; // the same instant again
                case 1 -> now.minusMillis(random.nextInt(5000)); // another node's clock, a few seconds behind
                case 2 -> now.plus(Duration.ofHours(1 + random.nextInt(48))); // a long pause
                default -> now.plusMillis(random.nextInt(3000));
            };
            final List<String> unreadable = new ArrayList<>();
            final ProgressLedger ledger = ProgressLedger.fromState(state, unreadable);
            assertTrue(unreadable.isEmpty(), unreadable.toString());
            for (int flowFile = 0; flowFile < random.nextInt(4); flowFile++) {
                // three runs at a time, new ones starting as the trigger count goes on
                final String runId = "run-" + (trigger / 15 + random.nextInt(3));
                RunProgress run = ledger.get(runId);
                if (run == null) {
                    run = RunProgress.start(runId, now);
                    // a run dropped from the state (more than ten finished since) starts its counts afresh
                    counted.remove(runId);
                    flowFiles.remove(runId);
                    outcomes.remove(runId);
                }
                if (random.nextInt(20) == 0) {
                    run = run.expect(switch (random.nextInt(4)) {
                        case 0 -> 0L;
                        case 1 -> Long.MAX_VALUE; // an attribute that is no count of records, but a whole number
                        case 2 -> 1L + random.nextInt(1_000_000_000);
                        default -> run.done() + random.nextInt(5000);
                    });
                }
                final long records = random.nextInt(5) == 0 ? 0 : random.nextInt(random.nextBoolean() ? 10 : 100_000);
                final String outcome = OUTCOMES[random.nextInt(OUTCOMES.length)];
                ledger.put(run.count(outcome, records, now));
                counted.merge(runId, records, Long::sum);
                flowFiles.merge(runId, 1L, Long::sum);
                outcomes.computeIfAbsent(runId, id -> new TreeMap<>()).merge(outcome, records, Long::sum);
            }
            for (final RunProgress run : ledger.runs()) {
                if (run.isFinishing(now, IDLE)) {
                    final RunProgress finished = run.finish();
                    ledger.put(finished);
                    check(finished.report(now), now);
                    reports++;
                } else if (run.isReportDue(now, INTERVAL)) {
                    check(run.report(now), now);
                    ledger.put(run.reported(now));
                    reports++;
                }
            }
            state = ledger.toState(now);
            final ProgressLedger reread = ProgressLedger.fromState(state, unreadable);
            for (final RunProgress run : reread.runs()) {
                final ProgressReport report = run.report(now);
                check(report, now);
                assertEquals(counted.get(run.runId()), report.done(), run.runId() + ": records done = records counted");
                assertEquals(flowFiles.get(run.runId()), report.flowFiles(), run.runId() + ": FlowFiles");
                assertEquals(outcomes.get(run.runId()), report.outcomes(), run.runId() + ": per outcome");
                assertEquals(ledger.get(run.runId()), run, "the state reads back as written");
            }
        }
        assertTrue(reports > 150, reports + " reports checked");
    }

    /** What every report must be, at any moment. */
    private static void check(final ProgressReport report, final Instant now) {
        final String what = report.runId() + " at " + now + ": " + report;
        assertEquals(report.done(), report.outcomes().values().stream().mapToLong(Long::longValue).sum(), what);
        assertTrue(Double.isFinite(report.recordsPerSecond()) && report.recordsPerSecond() >= 0, what + ": rate " + report.recordsPerSecond());
        assertTrue(Double.isFinite(report.averagePerSecond()) && report.averagePerSecond() >= 0, what + ": average " + report.averagePerSecond());
        assertFalse(report.elapsed().isNegative(), what + ": elapsed " + report.elapsed());
        assertFalse(report.updated().isBefore(report.started()), what + ": updated before started");
        if (report.averagePerSecond() > 0) {
            // an average no faster than all the records in the run's elapsed time, taken as at least a millisecond
            assertTrue(report.averagePerSecond() <= report.done() * 1000.0 / Math.max(1, report.elapsed().toMillis()) + 0.05, what);
        }
        if (report.total() == null) {
            assertNull(report.percentDone(), what);
            assertNull(report.secondsLeft(), what);
            assertNull(report.estimatedFinish(), what);
        } else {
            assertNotNull(report.percentDone(), what);
            assertEquals(report.total() == 0 ? 100.0 : Math.round(report.done() * 1000.0 / report.total()) / 10.0, report.percentDone(), what);
            if (report.secondsLeft() != null) {
                assertTrue(report.secondsLeft() >= 0, what);
                assertNotNull(report.estimatedFinish(), what + ": seconds left without an estimated finish");
                assertFalse(report.estimatedFinish().isBefore(now), what);
            }
            if (report.done() >= report.total() || report.status() == RunStatus.FINISHED) {
                assertEquals(0L, report.secondsLeft(), what);
            }
        }
        assertFalse(report.describe().isBlank(), what);
    }
}
