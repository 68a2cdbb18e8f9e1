package dev.nificrm.progress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runs a progress tracker knows, as NiFi keeps them in its state map: one entry per run, {@code run.<run id>} →
 * the run as JSON ({@link RunProgress#toJson}). Every running run is kept; of the finished ones only the most recently
 * active few, so the state stays small (a cluster keeps it in ZooKeeper, which limits its size) however many runs pass.
 */
public final class ProgressLedger {
    /** The prefix of a run's state key. */
    public static final String KEY_PREFIX = "run.";
    /** Finished runs kept in the state (their summaries went out as FlowFiles). */
    public static final int FINISHED_RUNS_KEPT = 10;

    private final Map<String, RunProgress> runs;

    private ProgressLedger(final Map<String, RunProgress> runs) {
        this.runs = runs;
    }

    /**
     * Reads the runs from a state map; entries that are not runs are ignored.
     *
     * @param state the processor's state
     * @param unreadable receives the keys of run entries that could not be read (they are dropped)
     */
    public static ProgressLedger fromState(final Map<String, String> state, final Collection<String> unreadable) {
        final Map<String, RunProgress> runs = new TreeMap<>();
        for (final Map.Entry<String, String> entry : state.entrySet()) {
            if (!entry.getKey().startsWith(KEY_PREFIX)) {
                continue;
            }
            try {
                final RunProgress run = RunProgress.fromJson(entry.getValue());
                runs.put(run.runId(), run);
            } catch (final IllegalArgumentException e) {
                unreadable.add(entry.getKey());
            }
        }
        return new ProgressLedger(runs);
    }

    /** The run with this id, or null. */
    public RunProgress get(final String runId) {
        return runs.get(runId);
    }

    public void put(final RunProgress run) {
        runs.put(run.runId(), run);
    }

    /** Every run, by id. */
    public Collection<RunProgress> runs() {
        return List.copyOf(runs.values());
    }

    /**
     * The marks a summary found due now waits for ({@link RunProgress#awaiting}): for every running run with records in
     * flight, its records received, which it must have counted for what it took in so far to be counted. A finished
     * run's are left out: it was summarised with them after its wait for them ran out, and they must not hold up the
     * summary of every run after it; once counted, they reopen it.
     */
    public Map<String, Long> receivedInFlight() {
        final Map<String, Long> marks = new TreeMap<>();
        for (final RunProgress run : runs.values()) {
            if (run.status() == RunStatus.RUNNING && run.inFlight() > 0) {
                marks.put(run.runId(), run.received());
            }
        }
        return marks;
    }

    /**
     * What a held summary still waits for, by run: of each run it awaits, the records it has counted short of its mark
     * (never more than it has in flight), runs with none and runs no longer running left out. Empty: the summary can go
     * out.
     */
    public Map<String, Long> stillAwaited(final RunProgress run) {
        final Map<String, Long> waiting = new TreeMap<>();
        run.awaited().forEach((runId, mark) -> {
            final RunProgress awaited = runs.get(runId);
            if (awaited != null && awaited.status() == RunStatus.RUNNING) {
                final long uncounted = Math.min(awaited.inFlight(), mark - awaited.done());
                if (uncounted > 0) {
                    waiting.put(runId, uncounted);
                }
            }
        });
        return waiting;
    }

    /** The runs as a state map, after dropping finished runs beyond the {@value #FINISHED_RUNS_KEPT} most recently active. */
    public Map<String, String> toState(final Instant now) {
        final List<RunProgress> finished = new ArrayList<>();
        for (final RunProgress run : runs.values()) {
            if (run.status() == RunStatus.FINISHED) {
                finished.add(run);
            }
        }
        finished.sort(Comparator.comparing(RunProgress::updated).reversed());
        for (final RunProgress dropped : finished.subList(Math.min(FINISHED_RUNS_KEPT, finished.size()), finished.size())) {
            runs.remove(dropped.runId());
        }
        final Map<String, String> state = new HashMap<>();
        for (final RunProgress run : runs.values()) {
            state.put(KEY_PREFIX + run.runId(), run.toJson(now));
        }
        return state;
    }
}
