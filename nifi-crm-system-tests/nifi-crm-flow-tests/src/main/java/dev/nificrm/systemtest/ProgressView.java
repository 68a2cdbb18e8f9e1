package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The progress of the runs TrackCRMProgress counts in a process group, read the way an operator's script would: from
 * NiFi's REST API ({@code GET /process-groups/{id}/processors}, then {@code GET /processors/{id}/state}), where the
 * processor keeps one JSON entry {@code run.<run id>} per run. {@code ./demo} prints it while a flow runs.
 */
public final class ProgressView {
    static final String TRACKER_TYPE = "dev.nificrm.processors.TrackCRMProgress";
    private static final String RUN_KEY_PREFIX = "run.";

    private ProgressView() {
    }

    /** One run as its tracker's state holds it; {@code received}: the records its flow reported received (0 when it reports none). */
    public record Run(String tracker, String runId, String status, long done, Long total, Double percentDone, double recordsPerSecond,
                      Long secondsLeft, JsonNode outcomes, long received) {

        /** e.g. {@code Track Progress / contacts: 1,234 of 5,000 records (24.7 %), 412 records/s, about 9 s left, running {"written":1234}}. */
        public String describe() {
            final StringBuilder line = new StringBuilder(tracker).append(" / ").append(runId).append(": ")
                    .append(String.format(Locale.ROOT, "%,d", done));
            line.append(total == null ? " records" : String.format(Locale.ROOT, " of %,d records (%.1f %%)", total, percentDone));
            line.append(String.format(Locale.ROOT, ", %,.0f records/s", recordsPerSecond));
            if (secondsLeft != null && "running".equals(status)) {
                line.append(", about ").append(secondsLeft).append(" s left");
            }
            return line.append(", ").append(status).append(' ').append(outcomes).toString();
        }
    }

    /** Every run of every TrackCRMProgress directly in the group. */
    public static List<Run> read(final NiFiClient client, final String groupId) throws IOException, InterruptedException {
        final List<Run> runs = new ArrayList<>();
        for (final JsonNode processor : client.get("/process-groups/" + groupId + "/processors").path("processors")) {
            final JsonNode component = processor.path("component");
            if (!TRACKER_TYPE.equals(component.path("type").asText())) {
                continue;
            }
            final JsonNode state = client.get("/processors/" + component.path("id").asText() + "/state").path("componentState");
            // a standalone NiFi keeps cluster-scoped state locally: read both
            for (final String scope : List.of("clusterState", "localState")) {
                for (final JsonNode entry : state.path(scope).path("state")) {
                    if (entry.path("key").asText().startsWith(RUN_KEY_PREFIX)) {
                        runs.add(run(client, component.path("name").asText(), entry.path("value").asText()));
                    }
                }
            }
        }
        return runs;
    }

    private static Run run(final NiFiClient client, final String tracker, final String json) throws IOException {
        final JsonNode run = client.getMapper().readTree(json);
        return new Run(tracker, run.path("run_id").asText(), run.path("status").asText(), run.path("records_done").asLong(),
                run.hasNonNull("records_total") ? run.get("records_total").asLong() : null,
                run.hasNonNull("percent_done") ? run.get("percent_done").asDouble() : null, run.path("records_per_second").asDouble(),
                run.hasNonNull("seconds_left") ? run.get("seconds_left").asLong() : null, run.path("outcomes"), run.path("records_received").asLong());
    }

    /**
     * Prints each run's line whenever it changes, every {@code interval}, until closed: the live view of {@code ./demo}.
     * Failures to read are printed once and watching goes on.
     */
    public static AutoCloseable watch(final NiFiClient client, final String groupId, final PrintStream out, final Duration interval) {
        final Set<String> printed = new LinkedHashSet<>();
        final Thread watcher = new Thread(() -> {
            String lastProblem = null;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    for (final Run run : read(client, groupId)) {
                        if (printed.add(run.describe())) {
                            out.println("  progress  " + run.describe());
                        }
                    }
                    Thread.sleep(interval.toMillis());
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (final IOException e) {
                    if (!e.getMessage().equals(lastProblem)) {
                        lastProblem = e.getMessage();
                        out.println("  (progress not readable: " + lastProblem + ")");
                    }
                }
            }
        }, "progress-view");
        watcher.setDaemon(true);
        watcher.start();
        return () -> {
            watcher.interrupt();
            watcher.join(interval.toMillis() * 2);
        };
    }
}
