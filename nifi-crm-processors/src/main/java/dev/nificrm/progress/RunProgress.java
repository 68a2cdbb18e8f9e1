package dev.nificrm.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The progress of one run (a migration, a sync cycle), as kept in NiFi's state between triggers and across nodes:
 * records counted per outcome, the total expected, when the run started and was last active, and the mark of the
 * previous report from which the recent rate is measured. Immutable: every change returns a new value.
 * <p>
 * A run is {@link RunStatus#RUNNING} while records arrive. It finishes once when its total is reached, or whenever no
 * record arrived for the idle timeout; records arriving after that reopen it (its counts go on), and it finishes again
 * after the next idle timeout, so a late straggler is counted and reported rather than lost.
 * <p>
 * A flow that also reports the records it takes in (a webhook call's records as it is answered, say) makes them the
 * run's records received: those not counted yet are {@linkplain #inFlight() in flight}. A summary, once due, waits for
 * its run's records in flight and for those other runs had received by then ({@link #awaiting}, {@link
 * ProgressLedger#stillAwaited}), not for records received after it was due, which can never be counted into it.
 */
public final class RunProgress {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final double MILLIS_PER_SECOND = 1000.0;
    /** A report interval shorter than this measures noise: the average rate is used instead. */
    private static final Duration SHORTEST_RATE_WINDOW = Duration.ofSeconds(1);
    /** A finish further ahead than this (a century) is not an estimate anyone can use, and would not fit an Instant for long. */
    private static final double LONGEST_SECONDS_LEFT = 100 * 365.25 * 24 * 3600;

    private final String runId;
    private final RunStatus status;
    private final Instant started;
    private final Instant updated;
    private final long done;
    private final long received;
    private final long flowFiles;
    private final Long total;
    private final SortedMap<String, Long> outcomes;
    private final Instant reportedAt;
    private final long reportedDone;
    private final boolean summarisedAtTotal;
    /** While a due summary is held: run id → the records that run must have counted (its records received when the summary was due). */
    private final SortedMap<String, Long> awaited;
    /** The records done its latest summary counted, or null before its first. */
    private final Long summarisedDone;

    private RunProgress(final String runId, final RunStatus status, final Instant started, final Instant updated, final long done,
                        final long received, final long flowFiles, final Long total, final SortedMap<String, Long> outcomes, final Instant reportedAt,
                        final long reportedDone, final boolean summarisedAtTotal, final SortedMap<String, Long> awaited,
                        final Long summarisedDone) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.status = status;
        this.started = started;
        this.updated = updated;
        this.done = done;
        this.received = received;
        this.flowFiles = flowFiles;
        this.total = total;
        this.outcomes = Collections.unmodifiableSortedMap(new TreeMap<>(outcomes));
        this.reportedAt = reportedAt;
        this.reportedDone = reportedDone;
        this.summarisedAtTotal = summarisedAtTotal;
        this.awaited = awaited.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(awaited));
        this.summarisedDone = summarisedDone;
    }

    /** A run that starts now, with nothing counted yet. */
    public static RunProgress start(final String runId, final Instant now) {
        return new RunProgress(runId, RunStatus.RUNNING, now, now, 0, 0, 0, null, new TreeMap<>(), now, 0, false, Collections.emptySortedMap(), null);
    }

    public String runId() {
        return runId;
    }

    public RunStatus status() {
        return status;
    }

    public long done() {
        return done;
    }

    /** The records the flow reported taken in for this run (0 when it reports none). */
    public long received() {
        return received;
    }

    /** The records received and not counted yet (never below 0: records counted that were not reported received are none). */
    public long inFlight() {
        return Math.max(0, received - done);
    }

    /** The records expected, or null when unknown. */
    public Long total() {
        return total;
    }

    public SortedMap<String, Long> outcomes() {
        return outcomes;
    }

    public Instant updated() {
        return updated;
    }

    /**
     * While the run's due summary is held for records in flight: the records each run (this one among them) must have
     * counted before it goes out, by run id; empty when the summary is not held. Set when the summary is first found
     * due, so that only what was received by then holds it.
     */
    public SortedMap<String, Long> awaited() {
        return awaited;
    }

    /**
     * The records done the run's latest summary counted, or null before its first: a summary of a run with one is a
     * summary again (records counted after the earlier one reopened the run), which replaces it.
     */
    public Long summarisedDone() {
        return summarisedDone;
    }

    /**
     * The run whose due summary waits until each run has counted as many records as it had received when the summary
     * was due ({@link ProgressLedger#receivedInFlight()}). Counted by number, not record by record: a run's records are
     * counted roughly in the order they came in, and the tracker knows no more of them than their numbers. Records of
     * the run counted or received meanwhile make it active, which drops the marks: its summary is due again later, and
     * marked anew then.
     */
    public RunProgress awaiting(final Map<String, Long> marks) {
        return new RunProgress(runId, status, started, updated, done, received, flowFiles, total, outcomes, reportedAt, reportedDone, summarisedAtTotal,
                new TreeMap<>(marks), summarisedDone);
    }

    /**
     * Counts the records of one FlowFile (0 when they could not be counted) under an outcome; reopens a finished run. A
     * clock behind the run's latest record (another node's, in a cluster, or one set back) counts them at that record's
     * time: the run's times never go back, so its elapsed time is never negative nor its average rate inflated.
     */
    public RunProgress count(final String outcome, final long records, final Instant now) {
        final Instant at = now.isBefore(updated) ? updated : now;
        final SortedMap<String, Long> counted = new TreeMap<>(outcomes);
        counted.merge(outcome, records, RunProgress::plus);
        return new RunProgress(runId, RunStatus.RUNNING, started, at, plus(done, records), received,
                flowFiles == Long.MAX_VALUE ? flowFiles : flowFiles + 1, total, counted,
                status == RunStatus.FINISHED ? at : reportedAt, status == RunStatus.FINISHED ? done : reportedDone, summarisedAtTotal,
                Collections.emptySortedMap(), summarisedDone);
    }

    /**
     * Takes in the records of one FlowFile as received: they are in flight until counted. A run that had finished is
     * reopened (records of it are on their way), and the receipt is activity: the run is not idle while its records
     * come in. Neither its records done nor its FlowFiles change.
     */
    public RunProgress receive(final long records, final Instant now) {
        final Instant at = now.isBefore(updated) ? updated : now;
        return new RunProgress(runId, RunStatus.RUNNING, started, at, done, plus(received, records), flowFiles, total, outcomes,
                status == RunStatus.FINISHED ? at : reportedAt, status == RunStatus.FINISHED ? done : reportedDone, summarisedAtTotal,
                Collections.emptySortedMap(), summarisedDone);
    }

    /**
     * A sum of counts that stays at {@link Long#MAX_VALUE} rather than turning negative: a FlowFile whose record count
     * attribute holds a huge number (a wrong one) cannot make a run's count go back.
     */
    private static long plus(final long counted, final long records) {
        final long sum = counted + records;
        return ((counted ^ sum) & (records ^ sum)) < 0 ? (records < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    /** The run with the total it expects (a count query's result, or an attribute); the latest announcement wins. */
    public RunProgress expect(final long expectedTotal) {
        return new RunProgress(runId, status, started, updated, done, received, flowFiles, expectedTotal, outcomes, reportedAt, reportedDone, summarisedAtTotal,
                awaited, summarisedDone);
    }

    /** Whether a progress report is due: the run is running, the interval passed and records arrived since the last report. */
    public boolean isReportDue(final Instant now, final Duration interval) {
        return status == RunStatus.RUNNING && done != reportedDone && !now.isBefore(reportedAt.plus(interval));
    }

    /** The run after a progress report: the next recent rate is measured from now. */
    public RunProgress reported(final Instant now) {
        return new RunProgress(runId, status, started, updated, done, received, flowFiles, total, outcomes, now, done, summarisedAtTotal, awaited,
                summarisedDone);
    }

    /**
     * Whether the run is finished now: it is running and either reached its total for the first time, or no record
     * arrived for the idle timeout.
     */
    public boolean isFinishing(final Instant now, final Duration idleTimeout) {
        return status == RunStatus.RUNNING && !now.isBefore(dueAt(idleTimeout));
    }

    /**
     * When the run's summary is due: when its latest record reached its total for the first time, else an idle timeout
     * after its latest record. A summary held for records in flight has waited since then.
     */
    public Instant dueAt(final Duration idleTimeout) {
        final boolean reachedTotal = total != null && done >= total && !summarisedAtTotal;
        return reachedTotal ? updated : updated.plus(idleTimeout);
    }

    /** The finished run. */
    public RunProgress finish() {
        // only a summary at the total stops the next one at the total: a run that stalled short of it and finished idle
        // still has its total reached for the first time when it resumes
        return new RunProgress(runId, RunStatus.FINISHED, started, updated, done, received, flowFiles, total, outcomes, reportedAt, reportedDone,
                summarisedAtTotal || total != null && done >= total, Collections.emptySortedMap(), done);
    }

    /** The numbers an operator reads, as of now. */
    public ProgressReport report(final Instant now) {
        final Duration elapsed = Duration.between(started, updated);
        final double average = elapsed.isZero() ? 0 : done * MILLIS_PER_SECOND / Math.max(1, elapsed.toMillis());
        final Duration window = Duration.between(reportedAt, now);
        final double recent = status == RunStatus.FINISHED || window.compareTo(SHORTEST_RATE_WINDOW) < 0 ? average
                : (done - reportedDone) * MILLIS_PER_SECOND / window.toMillis();
        final double rate = recent > 0 ? recent : average;
        Double percent = null;
        Long secondsLeft = null;
        Instant finish = null;
        if (total != null) {
            percent = total == 0 ? 100.0 : Math.round(done * 1000.0 / total) / 10.0;
            final long remaining = Math.max(0, total - done);
            if (remaining == 0 || status == RunStatus.FINISHED) {
                secondsLeft = 0L;
            } else if (rate > 0 && remaining / rate <= LONGEST_SECONDS_LEFT) {
                secondsLeft = (long) Math.ceil(remaining / rate);
            }
            finish = secondsLeft == null ? null : now.plusSeconds(secondsLeft);
        }
        return new ProgressReport(runId, status, done, total, percent, round(recent), round(average), secondsLeft, finish, started, updated,
                elapsed, flowFiles, outcomes, received);
    }

    private static double round(final double rate) {
        return Math.round(rate * 10) / 10.0;
    }

    /** The run as one JSON object for NiFi's state: what it needs to go on, and the report as of now for readers of the state. */
    public String toJson(final Instant now) {
        final ObjectNode json = MAPPER.createObjectNode();
        json.put("run_id", runId);
        json.put("status", status.key());
        json.put("started", started.toString());
        json.put("updated", updated.toString());
        json.put("records_done", done);
        if (received > 0) {
            json.put("records_received", received);
            json.put("records_in_flight", inFlight());
        }
        json.put("flowfiles", flowFiles);
        if (total != null) {
            json.put("records_total", total);
        }
        final ObjectNode outcomeCounts = json.putObject("outcomes");
        outcomes.forEach(outcomeCounts::put);
        json.put("reported_at", reportedAt.toString());
        json.put("reported_done", reportedDone);
        // the key of the versions that set it at every finish; read the same, it now says the total's summary went out
        json.put("finished_once", summarisedAtTotal);
        if (summarisedDone != null) {
            json.put("summarised_done", summarisedDone);
        }
        if (!awaited.isEmpty()) {
            final ObjectNode marks = json.putObject("summary_awaits");
            awaited.forEach(marks::put);
        }
        final ProgressReport report = report(now);
        if (report.percentDone() != null) {
            json.put("percent_done", report.percentDone());
        }
        json.put("records_per_second", report.recordsPerSecond());
        json.put("average_records_per_second", report.averagePerSecond());
        if (report.secondsLeft() != null) {
            json.put("seconds_left", report.secondsLeft());
        }
        return json.toString();
    }

    /**
     * Reads a run written by {@link #toJson}.
     *
     * @throws IllegalArgumentException when the text is not such a run (state written by something else)
     */
    public static RunProgress fromJson(final String text) {
        try {
            final JsonNode json = MAPPER.readTree(text);
            final SortedMap<String, Long> outcomes = new TreeMap<>();
            for (final Map.Entry<String, JsonNode> field : json.path("outcomes").properties()) {
                outcomes.put(field.getKey(), field.getValue().asLong());
            }
            final SortedMap<String, Long> awaited = new TreeMap<>();
            for (final Map.Entry<String, JsonNode> field : json.path("summary_awaits").properties()) {
                awaited.put(field.getKey(), field.getValue().asLong());
            }
            final RunStatus status = RunStatus.fromKey(json.get("status").asText());
            final long done = json.get("records_done").asLong();
            // a run finished by a version that kept no summarised_done was summarised with its counts
            final Long summarisedDone = json.hasNonNull("summarised_done") ? Long.valueOf(json.get("summarised_done").asLong())
                    : status == RunStatus.FINISHED ? Long.valueOf(done) : null;
            return new RunProgress(json.get("run_id").asText(), status,
                    Instant.parse(json.get("started").asText()), Instant.parse(json.get("updated").asText()), done,
                    json.path("records_received").asLong(), json.path("flowfiles").asLong(), json.hasNonNull("records_total") ? json.get("records_total").asLong() : null, outcomes,
                    Instant.parse(json.get("reported_at").asText()), json.path("reported_done").asLong(), json.path("finished_once").asBoolean(),
                    awaited, summarisedDone);
        } catch (final JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("Not the progress of a run: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof RunProgress run && runId.equals(run.runId) && status == run.status && started.equals(run.started)
                && updated.equals(run.updated) && done == run.done && received == run.received && flowFiles == run.flowFiles && Objects.equals(total, run.total)
                && outcomes.equals(run.outcomes) && reportedAt.equals(run.reportedAt) && reportedDone == run.reportedDone
                && summarisedAtTotal == run.summarisedAtTotal && awaited.equals(run.awaited)
                && Objects.equals(summarisedDone, run.summarisedDone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runId, status, updated, done, total);
    }

    @Override
    public String toString() {
        return runId + " " + status.key() + " " + done + (total == null ? "" : "/" + total);
    }
}
