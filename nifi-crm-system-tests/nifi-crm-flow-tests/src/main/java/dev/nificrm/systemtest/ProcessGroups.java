package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What every harness that drives a process group over the REST API needs: enabling its services, reading its bulletins. */
final class ProcessGroups {
    /** How often a wait asks NiFi again: enabling a group's services mostly takes less than the quarter second polled before. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private ProcessGroups() {
    }

    /** Enables every controller service of the group and waits until they are enabled. */
    static void enableServices(final NiFiClient client, final String groupId, final Duration timeout) throws IOException, InterruptedException {
        client.put("/flow/process-groups/" + groupId + "/controller-services", Map.of("id", groupId, "state", "ENABLED"));
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final List<String> notEnabled = new ArrayList<>();
            for (final JsonNode service : client.get("/flow/process-groups/" + groupId + "/controller-services").path("controllerServices")) {
                final JsonNode component = service.path("component");
                if (!"ENABLED".equals(component.path("state").asText())) {
                    notEnabled.add(component.path("name").asText() + " " + component.path("state").asText() + " " + component.path("validationErrors"));
                }
            }
            if (notEnabled.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("Controller services not enabled within " + timeout + ": " + notEnabled);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /**
     * Stops every processor of the group and disables its services, retrying while a processor still finishes a task
     * (a service can be disabled only once nothing referencing it runs).
     */
    static void stopAndDisable(final NiFiClient client, final String groupId, final Duration timeout) throws IOException, InterruptedException {
        client.put("/flow/process-groups/" + groupId, Map.of("id", groupId, "state", "STOPPED"));
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                client.put("/flow/process-groups/" + groupId + "/controller-services", Map.of("id", groupId, "state", "DISABLED"));
                return;
            } catch (final IOException stillRunning) {
                if (System.nanoTime() > deadline) {
                    throw stillRunning;
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        }
    }

    /** The bulletins (warnings and errors) NiFi reported for the group's components. */
    static List<String> bulletins(final NiFiClient client, final String groupId) throws IOException, InterruptedException {
        return bulletins(client, groupId, -1);
    }

    /**
     * The bulletins NiFi reported for the group's components after the one with the given id (-1: all it keeps), as
     * "LEVEL source: message".
     */
    static List<String> bulletins(final NiFiClient client, final String groupId, final long after) throws IOException, InterruptedException {
        final List<String> messages = new ArrayList<>();
        for (final JsonNode bulletin : bulletinBoard(client, groupId, after)) {
            final JsonNode content = bulletin.path("bulletin");
            messages.add(content.path("level").asText() + " " + content.path("sourceName").asText() + ": " + content.path("message").asText());
        }
        return messages;
    }

    /** The id of the latest bulletin NiFi keeps for the group's components, or -1: what comes after it is new. */
    static long latestBulletin(final NiFiClient client, final String groupId) throws IOException, InterruptedException {
        long latest = -1;
        for (final JsonNode bulletin : bulletinBoard(client, groupId, -1)) {
            latest = Math.max(latest, bulletin.path("id").asLong());
        }
        return latest;
    }

    private static JsonNode bulletinBoard(final NiFiClient client, final String groupId, final long after) throws IOException, InterruptedException {
        return client.get("/flow/bulletin-board?groupId=" + groupId + (after < 0 ? "" : "&after=" + after)).path("bulletinBoard").path("bulletins");
    }
}
