package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a small flow in a process group of its own through NiFi's REST API, the way the UI does it: controller
 * services, processors, connections; then enables, starts, watches queues and reads what they hold. For system tests
 * that need a flow no template describes. Properties may be given by name or by the label the UI shows (NiFi 2.3.0
 * still names some standard properties in their old style, e.g. "SQL select query" labelled "SQL Query").
 */
final class FlowBuilder implements AutoCloseable {
    /** How often a wait asks NiFi again: most steps take less than the quarter second polled before. */
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

    private final NiFiClient client;
    private final String groupId;
    private int placed;

    private FlowBuilder(final NiFiClient client, final String groupId) {
        this.client = client;
        this.groupId = groupId;
    }

    /** A new, empty process group under the root group. */
    static FlowBuilder create(final NiFiClient client, final String groupName) throws IOException, InterruptedException {
        final ObjectNode body = client.getMapper().createObjectNode();
        body.putObject("revision").put("version", 0);
        final ObjectNode component = body.putObject("component");
        component.put("name", groupName);
        component.putObject("position").put("x", 0).put("y", 0);
        return new FlowBuilder(client, client.post("/process-groups/root/process-groups", body).path("id").asText());
    }

    String groupId() {
        return groupId;
    }

    /** Adds a controller service with its properties; returns its id. */
    String service(final String type, final String name, final Map<String, String> properties) throws IOException, InterruptedException {
        final ObjectNode body = client.getMapper().createObjectNode();
        body.putObject("revision").put("version", 0);
        body.putObject("component").put("type", type).put("name", name);
        final JsonNode created = client.post("/process-groups/" + groupId + "/controller-services", body);
        final String id = created.path("id").asText();
        final ObjectNode update = client.getMapper().createObjectNode();
        update.set("revision", created.path("revision"));
        final ObjectNode component = update.putObject("component").put("id", id);
        component.set("properties", resolve(created.path("component").path("descriptors"), properties));
        client.put("/controller-services/" + id, update);
        return id;
    }

    /**
     * Adds a processor.
     *
     * @param schedule       the run schedule (timer driven), e.g. {@code 1 day} for a generator that should fire once
     * @param autoTerminated relationships that end here
     * @return its id
     */
    String processor(final String type, final String name, final Map<String, String> properties, final String schedule,
                     final Collection<String> autoTerminated) throws IOException, InterruptedException {
        final ObjectNode body = client.getMapper().createObjectNode();
        body.putObject("revision").put("version", 0);
        final ObjectNode created = body.putObject("component").put("type", type).put("name", name);
        created.putObject("position").put("x", 0).put("y", 200 * placed++);
        final JsonNode processor = client.post("/process-groups/" + groupId + "/processors", body);
        final String id = processor.path("id").asText();
        final ObjectNode update = client.getMapper().createObjectNode();
        update.set("revision", processor.path("revision"));
        final ObjectNode config = update.putObject("component").put("id", id).putObject("config");
        config.set("properties", resolve(processor.path("component").path("config").path("descriptors"), properties));
        config.put("schedulingPeriod", schedule);
        final ArrayNode terminated = config.putArray("autoTerminatedRelationships");
        autoTerminated.forEach(terminated::add);
        client.put("/processors/" + id, update);
        return id;
    }

    /** Connects two processors of the group; returns the connection's id. */
    String connect(final String sourceId, final String destinationId, final Collection<String> relationships) throws IOException, InterruptedException {
        final ObjectNode body = client.getMapper().createObjectNode();
        body.putObject("revision").put("version", 0);
        final ObjectNode component = body.putObject("component");
        component.putObject("source").put("id", sourceId).put("groupId", groupId).put("type", "PROCESSOR");
        component.putObject("destination").put("id", destinationId).put("groupId", groupId).put("type", "PROCESSOR");
        final ArrayNode selected = component.putArray("selectedRelationships");
        relationships.forEach(selected::add);
        return client.post("/process-groups/" + groupId + "/connections", body).path("id").asText();
    }

    /** Enables every controller service of the group and waits until they are. */
    void enableServices(final Duration timeout) throws IOException, InterruptedException {
        ProcessGroups.enableServices(client, groupId, timeout);
    }

    /** Starts processors, after waiting until NiFi has validated them; fails with NiFi's validation errors. */
    void start(final Duration timeout, final String... processorIds) throws IOException, InterruptedException {
        for (final String id : processorIds) {
            final long deadline = System.nanoTime() + timeout.toNanos();
            JsonNode processor = client.get("/processors/" + id);
            while (!"VALID".equals(processor.path("component").path("validationStatus").asText())) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(processor.path("component").path("name").asText() + " is not valid: "
                            + processor.path("component").path("validationErrors"));
                }
                Thread.sleep(POLL.toMillis());
                processor = client.get("/processors/" + id);
            }
            setRunStatus(id, processor, "RUNNING");
        }
    }

    void stop(final String processorId) throws IOException, InterruptedException {
        setRunStatus(processorId, client.get("/processors/" + processorId), "STOPPED");
    }

    private void setRunStatus(final String id, final JsonNode processor, final String state) throws IOException, InterruptedException {
        final ObjectNode body = client.getMapper().createObjectNode();
        body.set("revision", processor.path("revision"));
        body.put("state", state);
        client.put("/processors/" + id + "/run-status", body);
    }

    /** The FlowFiles queued in a connection. */
    long queued(final String connectionId) throws IOException, InterruptedException {
        return client.get("/flow/connections/" + connectionId + "/status").path("connectionStatus").path("aggregateSnapshot").path("flowFilesQueued").asLong();
    }

    /** Waits until a connection holds at least the given number of FlowFiles, and returns how many it holds. */
    long awaitQueued(final String connectionId, final long atLeast, final Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long queued = queued(connectionId);
        while (queued < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new IOException("Only " + queued + " of " + atLeast + " FlowFiles arrived within " + timeout + "; bulletins: " + bulletins());
            }
            Thread.sleep(POLL.toMillis());
            queued = queued(connectionId);
        }
        return queued;
    }

    /** The FlowFiles queued in a connection, oldest first: their attributes and content. */
    List<QueuedFlowFile> list(final String connectionId) throws IOException, InterruptedException {
        final String requests = "/flowfile-queues/" + connectionId + "/listing-requests";
        final String requestId = client.post(requests, Map.of()).path("listingRequest").path("id").asText();
        JsonNode listing = client.get(requests + "/" + requestId).path("listingRequest");
        while (!listing.path("finished").asBoolean()) {
            Thread.sleep(POLL.toMillis());
            listing = client.get(requests + "/" + requestId).path("listingRequest");
        }
        client.delete(requests + "/" + requestId);
        final List<QueuedFlowFile> flowFiles = new ArrayList<>();
        for (final JsonNode summary : listing.path("flowFileSummaries")) {
            final String path = "/flowfile-queues/" + connectionId + "/flowfiles/" + summary.path("uuid").asText();
            final Map<String, String> attributes = new LinkedHashMap<>();
            client.get(path).path("flowFile").path("attributes").properties().forEach(entry -> attributes.put(entry.getKey(), entry.getValue().asText()));
            flowFiles.add(new QueuedFlowFile(attributes, new String(client.getBytes(path + "/content"), StandardCharsets.UTF_8)));
        }
        return flowFiles;
    }

    /** The bulletins of the group's components, for failure messages. */
    List<String> bulletins() throws IOException, InterruptedException {
        return ProcessGroups.bulletins(client, groupId);
    }

    /** Stops every processor of the group and disables its services (a HandleHttpRequest frees its port). */
    @Override
    public void close() throws IOException, InterruptedException {
        ProcessGroups.stopAndDisable(client, groupId, STOP_TIMEOUT);
    }

    /** Property values keyed by the descriptor names NiFi knows, found by name or label; unknown keys stay (dynamic properties). */
    private ObjectNode resolve(final JsonNode descriptors, final Map<String, String> properties) {
        final ObjectNode resolved = client.getMapper().createObjectNode();
        for (final Map.Entry<String, String> property : properties.entrySet()) {
            String name = property.getKey();
            if (!descriptors.has(name)) {
                for (final JsonNode descriptor : descriptors) {
                    if (name.equals(descriptor.path("displayName").asText())) {
                        name = descriptor.path("name").asText();
                    }
                }
            }
            resolved.put(name, property.getValue());
        }
        return resolved;
    }

    /** A FlowFile seen in a queue. */
    record QueuedFlowFile(Map<String, String> attributes, String content) {
    }
}
