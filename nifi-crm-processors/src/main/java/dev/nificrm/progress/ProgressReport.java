package dev.nificrm.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.SortedMap;

/**
 * What an operator wants to know about a run at one moment: records done out of the total, the share done, the
 * recent and the average rate, and the time left at the recent rate. Values that cannot be known yet (no total, no
 * rate) are null.
 *
 * @param runId             the run
 * @param status            running or finished
 * @param done              records counted so far, every outcome together
 * @param total             the records expected, or null when unknown
 * @param percentDone       done / total × 100 (may exceed 100 when the total was an estimate), or null
 * @param recordsPerSecond  the rate since the previous report (over the run when that interval was too short)
 * @param averagePerSecond  the rate from the run's first record to its latest
 * @param secondsLeft       (total − done) / rate, or null when the total or the rate is unknown
 * @param estimatedFinish   now + secondsLeft, or null
 * @param started           when the run's first record was counted
 * @param updated           when its latest record was counted
 * @param elapsed           from the first record to the latest
 * @param flowFiles         the FlowFiles counted
 * @param outcomes          records per outcome (written, invalid, failed, conflict... as the flow names them)
 * @param received          records the flow reported received for the run (0 when it reports none)
 */
public record ProgressReport(String runId, RunStatus status, long done, Long total, Double percentDone, double recordsPerSecond,
                             double averagePerSecond, Long secondsLeft, Instant estimatedFinish, Instant started, Instant updated,
                             Duration elapsed, long flowFiles, SortedMap<String, Long> outcomes, long received) {

    /**
     * One line for a log, a bulletin or a terminal, e.g. {@code run contacts-2026-12-01: 1,234 of 5,000 records (24.7 %),
     * 412 records/s, about 9 s left}. Counts and rates only: never a record's values.
     */
    public String describe() {
        final StringBuilder line = new StringBuilder("run ").append(runId).append(": ").append(String.format(Locale.ROOT, "%,d", done));
        if (total != null) {
            line.append(String.format(Locale.ROOT, " of %,d records (%.1f %%)", total, percentDone));
        } else {
            line.append(" records");
        }
        line.append(String.format(Locale.ROOT, ", %,.0f records/s", status == RunStatus.RUNNING ? recordsPerSecond : averagePerSecond));
        if (status == RunStatus.FINISHED) {
            line.append(", finished in ").append(Durations.describe(elapsed));
        } else if (secondsLeft != null) {
            line.append(", about ").append(Durations.describe(Duration.ofSeconds(secondsLeft))).append(" left");
        }
        if (outcomes.size() > 1) {
            line.append(' ').append(outcomes);
        }
        return line.toString();
    }
}
