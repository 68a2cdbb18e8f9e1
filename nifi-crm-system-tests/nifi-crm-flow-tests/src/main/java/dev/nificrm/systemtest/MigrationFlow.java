package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A flow definition imported into a running NiFi as a process group, driven the way an operator does it: set the
 * parameters, enable the controller services, start, wait until the files dropped into the input directory have
 * gone through, stop.
 */
public final class MigrationFlow {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /**
     * Consecutive idle polls before the flow counts as done. The input directory emptied shows that the files reached the
     * flow (Fetch CRM Export moves each one out); two polls, as one alone could read a FlowFile's queue after it left and
     * the next processor before it started.
     */
    private static final int IDLE_POLLS = 2;

    private final NiFiClient client;
    private final String groupId;
    private final String parameterContextId;

    private MigrationFlow(final NiFiClient client, final String groupId, final String parameterContextId) {
        this.client = client;
        this.groupId = groupId;
        this.parameterContextId = parameterContextId;
    }

    /** Uploads a flow definition under the root group ("Upload flow definition"). */
    public static MigrationFlow upload(final NiFiClient client, final Path definition, final String groupName)
            throws IOException, InterruptedException {
        final JsonNode group = client.uploadFlowDefinition("root", groupName, definition);
        final String contextId = group.path("component").path("parameterContext").path("id").asText(null);
        if (contextId == null) {
            throw new IOException("The imported group has no parameter context: " + group);
        }
        return new MigrationFlow(client, group.path("id").asText(), contextId);
    }

    /**
     * The parameters of a run: the four directories and the source and target layouts (keys such as
     * {@code salesforce-contact}); a mutable map, so a caller can add more.
     */
    public static Map<String, String> runParameters(final Path input, final Path processed, final Path output, final Path errors,
                                                    final String sourceSchema, final String targetSchema) {
        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Input Directory", input.toString());
        parameters.put("Processed Directory", processed.toString());
        parameters.put("Output Directory", output.toString());
        parameters.put("Error Directory", errors.toString());
        parameters.put("Source Schema", sourceSchema);
        parameters.put("Target Schema", targetSchema);
        return parameters;
    }

    public String getGroupId() {
        return groupId;
    }

    /** Sets parameter values of the group's context through an update request, as the UI does. */
    public void setParameters(final Map<String, String> values, final Duration timeout) throws IOException, InterruptedException {
        setParameters(values, false, timeout);
    }

    /** Sets parameter values of the group's context, all sensitive or all not (as the context defines them). */
    public void setParameters(final Map<String, String> values, final boolean sensitive, final Duration timeout) throws IOException, InterruptedException {
        final JsonNode context = client.get("/parameter-contexts/" + parameterContextId);
        final ObjectNode body = client.getMapper().createObjectNode();
        body.set("revision", context.path("revision"));
        body.put("id", parameterContextId);
        final ObjectNode component = body.putObject("component");
        component.put("id", parameterContextId);
        final ArrayNode parameters = component.putArray("parameters");
        for (final Map.Entry<String, String> value : values.entrySet()) {
            final ObjectNode parameter = parameters.addObject().putObject("parameter");
            parameter.put("name", value.getKey());
            parameter.put("sensitive", sensitive);
            parameter.put("value", value.getValue());
        }
        final String requestId = client.post("/parameter-contexts/" + parameterContextId + "/update-requests", body)
                .path("request").path("requestId").asText();
        final String requestPath = "/parameter-contexts/" + parameterContextId + "/update-requests/" + requestId;
        final long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode request = client.get(requestPath).path("request");
        while (!request.path("complete").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("Parameter update not complete within " + timeout + ": " + request);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
            request = client.get(requestPath).path("request");
        }
        client.delete(requestPath);
        if (!request.path("failureReason").isMissingNode() && !request.path("failureReason").isNull()) {
            throw new IOException("Parameter update failed: " + request.path("failureReason").asText());
        }
    }

    /** Enables every controller service of the group and waits until they are enabled. */
    public void enableServices(final Duration timeout) throws IOException, InterruptedException {
        ProcessGroups.enableServices(client, groupId, timeout);
    }

    /**
     * The processors that are not valid, each with NiFi's validation errors; waits while NiFi is still validating. A
     * disabled processor (one an operator enables when needed, such as Replay Load Failures) is not one of them.
     */
    public List<String> invalidProcessors(final Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final List<String> invalid = new ArrayList<>();
            boolean validating = false;
            for (final JsonNode processor : client.get("/process-groups/" + groupId + "/processors").path("processors")) {
                final JsonNode component = processor.path("component");
                if ("DISABLED".equals(component.path("state").asText())) {
                    continue;
                }
                final String status = component.path("validationStatus").asText();
                validating |= "VALIDATING".equals(status);
                if (!"VALID".equals(status)) {
                    invalid.add(component.path("name").asText() + " (" + component.path("type").asText() + ") " + status
                            + " " + component.path("validationErrors"));
                }
            }
            if (!validating || System.nanoTime() > deadline) {
                return invalid;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    public void start() throws IOException, InterruptedException {
        client.put("/flow/process-groups/" + groupId, Map.of("id", groupId, "state", "RUNNING"));
    }

    /**
     * Sets the penalty of every (stopped) processor of the group, as each one's Settings tab would: a test's refused write
     * waits a second where an operator's waits the definition's 30 seconds.
     */
    public void penalizeFor(final String duration) throws IOException, InterruptedException {
        for (final JsonNode processor : client.get("/process-groups/" + groupId + "/processors").path("processors")) {
            final ObjectNode body = client.getMapper().createObjectNode();
            body.putObject("revision").put("version", processor.path("revision").path("version").asLong()).put("clientId", client.getClientId());
            final ObjectNode component = body.putObject("component");
            component.put("id", processor.path("id").asText());
            component.putObject("config").put("penaltyDuration", duration);
            client.put("/processors/" + processor.path("id").asText(), body);
        }
    }

    /**
     * Changes a stopped processor's settings and properties, as its configuration dialog does: the settings are the keys
     * of NiFi's {@code ProcessorConfigDTO} ({@code schedulingPeriod}, {@code yieldDuration}), the properties go by name.
     */
    public void configure(final String name, final Map<String, String> settings, final Map<String, String> properties)
            throws IOException, InterruptedException {
        for (final JsonNode processor : client.get("/process-groups/" + groupId + "/processors").path("processors")) {
            if (name.equals(processor.path("component").path("name").asText())) {
                final ObjectNode body = client.getMapper().createObjectNode();
                body.putObject("revision").put("version", processor.path("revision").path("version").asLong()).put("clientId", client.getClientId());
                final ObjectNode component = body.putObject("component");
                component.put("id", processor.path("id").asText());
                final ObjectNode config = component.putObject("config");
                settings.forEach(config::put);
                final ObjectNode values = config.putObject("properties");
                properties.forEach(values::put);
                client.put("/processors/" + processor.path("id").asText(), body);
                return;
            }
        }
        throw new IOException("No processor '" + name + "' in the group");
    }

    public void stop() throws IOException, InterruptedException {
        client.put("/flow/process-groups/" + groupId, Map.of("id", groupId, "state", "STOPPED"));
    }

    /**
     * Waits until the input directory holds no CSV file and nothing is queued or running in the group for a few
     * consecutive polls.
     */
    public void awaitIdle(final Path inputDirectory, final Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        int idlePolls = 0;
        while (true) {
            final JsonNode snapshot = client.get("/flow/process-groups/" + groupId + "/status")
                    .path("processGroupStatus").path("aggregateSnapshot");
            final boolean idle = !hasCsvFiles(inputDirectory) && snapshot.path("flowFilesQueued").asLong() == 0
                    && snapshot.path("activeThreadCount").asLong() == 0;
            idlePolls = idle ? idlePolls + 1 : 0;
            if (idlePolls >= IDLE_POLLS) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("The flow did not finish within " + timeout + " (queued " + snapshot.path("queued").asText()
                        + "). Bulletins: " + bulletins());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /** The bulletins (warnings and errors) NiFi reported for the group's components. */
    public List<String> bulletins() throws IOException, InterruptedException {
        return ProcessGroups.bulletins(client, groupId);
    }

    /** The bulletins NiFi reported for the group's components after the one {@link #latestBulletin()} gave. */
    public List<String> bulletinsAfter(final long bulletin) throws IOException, InterruptedException {
        return ProcessGroups.bulletins(client, groupId, bulletin);
    }

    /** The id of the latest bulletin of the group's components, or -1: {@link #bulletinsAfter} gives those after it. */
    public long latestBulletin() throws IOException, InterruptedException {
        return ProcessGroups.latestBulletin(client, groupId);
    }

    private static boolean hasCsvFiles(final Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".csv"));
        }
    }
}
