package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A process group of a running NiFi, built and driven through the REST API the way an operator does it in the UI: add
 * controller services and processors (properties set by the names the UI shows), connect them, enable, start, run a
 * processor once, wait until a processor has worked off its queue, read the records queued in a connection, stop and
 * disable. {@link #close()} stops and disables everything, empties the queues and deletes the group, so a test leaves
 * nothing running in the NiFi the system tests share.
 */
final class RestProcessGroup implements AutoCloseable {
    /**
     * How often a wait asks NiFi again: a tenth of a second, as most steps (a service enabled, a queue listed, a FlowFile
     * through a processor) take less than the quarter second polled before, which each step then waited out.
     */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    /** Consecutive idle polls before a processor counts as done with its queue. */
    private static final int IDLE_POLLS = 3;

    private final NiFiClient client;
    private final String groupId;
    private final Duration timeout;
    private final List<String> processors = new ArrayList<>();
    private final List<String> services = new ArrayList<>();
    private final List<String> connections = new ArrayList<>();
    /** The connection into each processor that has one, for waiting until the processor is done with it. */
    private final Map<String, String> inputOf = new HashMap<>();

    private RestProcessGroup(final NiFiClient client, final String groupId, final Duration timeout) {
        this.client = client;
        this.groupId = groupId;
        this.timeout = timeout;
    }

    /** Creates an empty process group under the root group. */
    static RestProcessGroup create(final NiFiClient client, final String name, final Duration timeout) throws IOException, InterruptedException {
        final ObjectNode body = newEntity(client);
        body.putObject("component").put("name", name).putObject("position").put("x", 0.0).put("y", 0.0);
        return new RestProcessGroup(client, client.post("/process-groups/root/process-groups", body).path("id").asText(), timeout);
    }

    /**
     * Adds a controller service.
     *
     * @param properties its properties by the names the UI shows (a property's display name, else its name)
     * @return its id
     */
    String addService(final String type, final String name, final Map<String, String> properties) throws IOException, InterruptedException {
        final ObjectNode body = newEntity(client);
        body.putObject("component").put("type", type).put("name", name);
        final JsonNode created = client.post("/process-groups/" + groupId + "/controller-services", body);
        final String id = created.path("id").asText();
        services.add(id);
        if (!properties.isEmpty()) {
            final ObjectNode update = revisionOf(created);
            update.putObject("component").put("id", id)
                    .set("properties", propertyValues(created.path("component").path("descriptors"), properties));
            client.put("/controller-services/" + id, update);
        }
        return id;
    }

    /**
     * Adds a processor, scheduled without pause (timer driven, 0 sec): one with an incoming connection runs as soon as
     * something is queued rather than up to a second later; a source is only run once ({@link #runOnce}).
     *
     * @param properties     its properties by the names the UI shows (a property's display name, else its name, else a
     *                       dynamic property)
     * @param autoTerminated the relationships it drops
     * @return its id
     */
    String addProcessor(final String type, final String name, final Map<String, String> properties, final Set<String> autoTerminated)
            throws IOException, InterruptedException {
        final ObjectNode body = newEntity(client);
        body.putObject("component").put("type", type).put("name", name).putObject("position").put("x", 0.0).put("y", 200.0 * processors.size());
        final JsonNode created = client.post("/process-groups/" + groupId + "/processors", body);
        final String id = created.path("id").asText();
        processors.add(id);
        final ObjectNode update = revisionOf(created);
        final ObjectNode config = update.putObject("component").put("id", id).putObject("config");
        config.put("schedulingPeriod", "0 sec");
        config.set("properties", propertyValues(created.path("component").path("config").path("descriptors"), properties));
        final ArrayNode terminated = config.putArray("autoTerminatedRelationships");
        autoTerminated.forEach(terminated::add);
        client.put("/processors/" + id, update);
        return id;
    }

    /** Connects a processor's relationships to another processor; returns the connection's id. */
    String connect(final String source, final Set<String> relationships, final String destination) throws IOException, InterruptedException {
        final ObjectNode body = newEntity(client);
        final ObjectNode component = body.putObject("component");
        component.putObject("source").put("id", source).put("groupId", groupId).put("type", "PROCESSOR");
        component.putObject("destination").put("id", destination).put("groupId", groupId).put("type", "PROCESSOR");
        final ArrayNode selected = component.putArray("selectedRelationships");
        relationships.forEach(selected::add);
        final String id = client.post("/process-groups/" + groupId + "/connections", body).path("id").asText();
        connections.add(id);
        inputOf.putIfAbsent(destination, id);
        return id;
    }

    /** Enables a controller service and waits until it is enabled. */
    void enable(final String serviceId) throws IOException, InterruptedException {
        setServiceState(serviceId, "ENABLED");
    }

    /** Disables a controller service (its users must be stopped) and waits until it is disabled. */
    void disable(final String serviceId) throws IOException, InterruptedException {
        setServiceState(serviceId, "DISABLED");
    }

    /** Starts a processor once NiFi has validated it; fails with NiFi's reasons when it is not valid. */
    void start(final String processorId) throws IOException, InterruptedException {
        awaitValid(processorId);
        setRunStatus(processorId, "RUNNING");
    }

    /** Runs a processor once (as "Run Once" in the UI). */
    void runOnce(final String processorId) throws IOException, InterruptedException {
        awaitValid(processorId);
        setRunStatus(processorId, "RUN_ONCE");
    }

    /** Stops a processor and waits until its last task has ended. */
    void stop(final String processorId) throws IOException, InterruptedException {
        if (!"STOPPED".equals(client.get("/processors/" + processorId).path("component").path("state").asText())) {
            setRunStatus(processorId, "STOPPED");
        }
        awaitCondition("processor " + processorId + " stopped", () -> activeThreads(processorId) == 0);
    }

    /**
     * Waits until the processor has put something into one of its outgoing connections, its input queue is empty and it
     * runs no task, for a few consecutive polls.
     */
    void awaitOutput(final String processorId, final String... outputs) throws IOException, InterruptedException {
        final String input = inputOf.get(processorId);
        final long deadline = System.nanoTime() + timeout.toNanos();
        int idlePolls = 0;
        while (idlePolls < IDLE_POLLS) {
            long output = 0;
            for (final String connection : outputs) {
                output += queued(connection);
            }
            final boolean idle = output > 0 && (input == null || queued(input) == 0) && activeThreads(processorId) == 0;
            idlePolls = idle ? idlePolls + 1 : 0;
            if (System.nanoTime() > deadline) {
                throw new IOException("Processor " + processorId + " still busy after " + timeout + "; bulletins: " + bulletins());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /** The number of FlowFiles queued in a connection. */
    long queued(final String connectionId) throws IOException, InterruptedException {
        return client.get("/flow/connections/" + connectionId + "/status").path("connectionStatus").path("aggregateSnapshot")
                .path("flowFilesQueued").asLong();
    }

    /**
     * The records of the FlowFiles queued in a connection (each FlowFile's content a JSON array of records, as a
     * JsonRecordSetWriter writes them), oldest FlowFile first; then empties the queue.
     */
    List<JsonNode> takeRecords(final String connectionId) throws IOException, InterruptedException {
        final List<JsonNode> records = new ArrayList<>();
        final JsonNode listing = queueRequest(connectionId, "listing-requests", "listingRequest");
        for (final JsonNode flowFile : listing.path("flowFileSummaries")) {
            final JsonNode content = client.get("/flowfile-queues/" + connectionId + "/flowfiles/" + flowFile.path("uuid").asText() + "/content");
            content.forEach(records::add);
        }
        empty(connectionId);
        return records;
    }

    /** The bulletins (warnings and errors) NiFi reported for the group's components. */
    List<String> bulletins() throws IOException, InterruptedException {
        final List<String> messages = new ArrayList<>();
        for (final JsonNode bulletin : client.get("/flow/bulletin-board?groupId=" + groupId).path("bulletinBoard").path("bulletins")) {
            final JsonNode content = bulletin.path("bulletin");
            messages.add(content.path("level").asText() + " " + content.path("sourceName").asText() + ": " + content.path("message").asText());
        }
        return messages;
    }

    /** Stops every processor, disables every service, empties every queue and deletes the group. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (final String processor : processors) {
            stop(processor);
        }
        // a service is disabled after the services that use it (added later)
        for (int service = services.size() - 1; service >= 0; service--) {
            disable(services.get(service));
        }
        for (final String connection : connections) {
            empty(connection);
        }
        final JsonNode group = client.get("/process-groups/" + groupId);
        client.delete("/process-groups/" + groupId + "?version=" + group.path("revision").path("version").asLong() + "&clientId=" + client.getClientId());
    }

    private void empty(final String connectionId) throws IOException, InterruptedException {
        queueRequest(connectionId, "drop-requests", "dropRequest");
    }

    /**
     * Submits a request on a queue (a listing or a drop), waits until NiFi has finished it, deletes it and returns it as
     * finished.
     */
    private JsonNode queueRequest(final String connectionId, final String kind, final String field) throws IOException, InterruptedException {
        JsonNode request = client.post("/flowfile-queues/" + connectionId + "/" + kind, client.getMapper().createObjectNode()).path(field);
        final String path = "/flowfile-queues/" + connectionId + "/" + kind + "/" + request.path("id").asText();
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!request.path("finished").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("The " + field + " on queue " + connectionId + " did not finish within " + timeout);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
            request = client.get(path).path(field);
        }
        client.delete(path);
        return request;
    }

    private void setServiceState(final String serviceId, final String state) throws IOException, InterruptedException {
        final JsonNode service = client.get("/controller-services/" + serviceId);
        if (!state.equals(service.path("component").path("state").asText())) {
            final ObjectNode body = revisionOf(service);
            body.put("state", state);
            client.put("/controller-services/" + serviceId + "/run-status", body);
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode component = client.get("/controller-services/" + serviceId).path("component");
        while (!state.equals(component.path("state").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IOException("Controller service " + component.path("name").asText() + " not " + state + " within " + timeout + " ("
                        + component.path("state").asText() + ", validation errors " + component.path("validationErrors") + "); bulletins: "
                        + bulletins());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
            component = client.get("/controller-services/" + serviceId).path("component");
        }
    }

    private void setRunStatus(final String processorId, final String state) throws IOException, InterruptedException {
        final ObjectNode body = revisionOf(client.get("/processors/" + processorId));
        body.put("state", state);
        client.put("/processors/" + processorId + "/run-status", body);
    }

    private void awaitValid(final String processorId) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode component = client.get("/processors/" + processorId).path("component");
        while (!"VALID".equals(component.path("validationStatus").asText())) {
            if ("INVALID".equals(component.path("validationStatus").asText()) || System.nanoTime() > deadline) {
                throw new IOException("Processor " + component.path("name").asText() + " is " + component.path("validationStatus").asText()
                        + ": " + component.path("validationErrors"));
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
            component = client.get("/processors/" + processorId).path("component");
        }
    }

    private long activeThreads(final String processorId) throws IOException, InterruptedException {
        return client.get("/flow/processors/" + processorId + "/status").path("processorStatus").path("aggregateSnapshot")
                .path("activeThreadCount").asLong();
    }

    private void awaitCondition(final String what, final Condition condition) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("Not " + what + " within " + timeout);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /**
     * The property values keyed by NiFi's property names: a name shown in the UI (display name) is translated through the
     * component's descriptors; any other name is kept (a property name, or a dynamic property).
     */
    private ObjectNode propertyValues(final JsonNode descriptors, final Map<String, String> properties) {
        final Map<String, String> nameOf = new LinkedHashMap<>();
        descriptors.forEach(descriptor -> nameOf.put(descriptor.path("displayName").asText(), descriptor.path("name").asText()));
        final ObjectNode values = client.getMapper().createObjectNode();
        properties.forEach((name, value) -> values.put(nameOf.getOrDefault(name, name), value));
        return values;
    }

    private ObjectNode revisionOf(final JsonNode entity) {
        final ObjectNode body = client.getMapper().createObjectNode();
        body.putObject("revision").put("version", entity.path("revision").path("version").asLong()).put("clientId", client.getClientId());
        return body;
    }

    private static ObjectNode newEntity(final NiFiClient client) {
        final ObjectNode body = client.getMapper().createObjectNode();
        body.putObject("revision").put("version", 0).put("clientId", client.getClientId());
        return body;
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws IOException, InterruptedException;
    }
}
