package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sync flow definition (templates/crm-sync-*.json) imported into a running NiFi: its processors by name, started as a
 * whole or one processor at a time (Run Once, as the UI does), how many FlowFiles a processor has taken in, and waiting
 * until nothing is queued or running. The sync system tests and {@code ./demo sync} drive the flows with it.
 */
public final class RunningSyncFlow implements AutoCloseable {
    /**
     * How often a wait asks NiFi again: a tenth of a second, so a cycle's end is seen soon after it (two idle polls 250 ms
     * apart came 0.25 to 0.5 s after the end of each of the two-way test's cycles).
     */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    /** Consecutive polls with nothing queued and no thread active before the group counts as idle. */
    private static final int IDLE_POLLS = 4;
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

    private final NiFiClient client;
    private final MigrationFlow flow;
    private final Map<String, String> processorIds = new HashMap<>();

    private RunningSyncFlow(final NiFiClient client, final MigrationFlow flow) throws IOException, InterruptedException {
        this.client = client;
        this.flow = flow;
        for (final JsonNode processor : client.get("/process-groups/" + flow.getGroupId() + "/processors").path("processors")) {
            processorIds.put(processor.path("component").path("name").asText(), processor.path("id").asText());
        }
    }

    /**
     * Uploads the flow definition as a new group, sets its parameters (the sensitive ones, such as passwords and secrets,
     * apart) and enables its services; fails when a processor is not valid then.
     */
    public static RunningSyncFlow importFlow(final NiFiClient client, final Path definition, final String groupName, final Map<String, String> parameters,
                                      final Map<String, String> sensitiveParameters, final Duration timeout) throws IOException, InterruptedException {
        final MigrationFlow flow = MigrationFlow.upload(client, definition, groupName);
        flow.setParameters(parameters, timeout);
        if (!sensitiveParameters.isEmpty()) {
            flow.setParameters(sensitiveParameters, true, timeout);
        }
        flow.enableServices(timeout);
        final List<String> invalid = flow.invalidProcessors(timeout);
        if (!invalid.isEmpty()) {
            throw new IOException("Processors of " + definition.getFileName() + " are not valid: " + invalid);
        }
        return new RunningSyncFlow(client, flow);
    }

    public String groupId() {
        return flow.getGroupId();
    }

    /** The id of the processor of that name. */
    public String processor(final String name) {
        final String id = processorIds.get(name);
        if (id == null) {
            throw new IllegalArgumentException("No processor '" + name + "' in the group; it has " + processorIds.keySet());
        }
        return id;
    }

    /** Starts every processor of the group. */
    public void start() throws IOException, InterruptedException {
        flow.start();
    }

    /** Starts the named processors only. */
    public void start(final String... names) throws IOException, InterruptedException {
        for (final String name : names) {
            setRunStatus(processor(name), "RUNNING");
        }
    }

    /** Waits until NiFi has validated the named processor (e.g. one just enabled) and found it valid. */
    public void awaitValid(final String name, final Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode component = client.get("/processors/" + processor(name)).path("component");
        while (!"VALID".equals(component.path("validationStatus").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " not valid within " + timeout + ": " + component.path("validationStatus").asText() + " "
                        + component.path("validationErrors") + "; bulletins: " + bulletins());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
            component = client.get("/processors/" + processor(name)).path("component");
        }
    }

    /** Stops the named processor (its queued FlowFiles wait). */
    public void stop(final String name) throws IOException, InterruptedException {
        setRunStatus(processor(name), "STOPPED");
    }

    /**
     * Starts every processor of the group except the named ones, which stay stopped (e.g. a trigger run by hand), and
     * the disabled ones (e.g. Replay Load Failures), which stay disabled.
     */
    public void startAllBut(final String... names) throws IOException, InterruptedException {
        final List<String> excluded = List.of(names);
        for (final Map.Entry<String, String> processor : processorIds.entrySet()) {
            final boolean disabled = "DISABLED".equals(client.get("/processors/" + processor.getValue()).path("component").path("state").asText());
            if (!excluded.contains(processor.getKey()) && !disabled) {
                setRunStatus(processor.getValue(), "RUNNING");
            }
        }
    }

    /** Enables a disabled processor (it stays stopped), as "Enable" in the UI does. */
    public void enable(final String name) throws IOException, InterruptedException {
        setRunStatus(processor(name), "STOPPED");
    }

    /** The names of the group's processors of a type (its simple class name, e.g. {@code RetryFlowFile}). */
    public List<String> processorsOfType(final String simpleType) throws IOException, InterruptedException {
        final List<String> names = new ArrayList<>();
        for (final JsonNode processor : client.get("/process-groups/" + flow.getGroupId() + "/processors").path("processors")) {
            final JsonNode component = processor.path("component");
            if (component.path("type").asText().endsWith("." + simpleType)) {
                names.add(component.path("name").asText());
            }
        }
        return names;
    }

    /**
     * Changes a stopped processor's settings, as its Settings tab does, e.g. {@code penaltyDuration}: the keys of NiFi's
     * {@code ProcessorConfigDTO}.
     */
    public void configure(final String name, final Map<String, String> settings) throws IOException, InterruptedException {
        final String id = processor(name);
        final JsonNode processor = client.get("/processors/" + id);
        final ObjectNode body = client.getMapper().createObjectNode();
        body.putObject("revision").put("version", processor.path("revision").path("version").asLong()).put("clientId", client.getClientId());
        final ObjectNode component = body.putObject("component");
        component.put("id", id);
        final ObjectNode config = component.putObject("config");
        settings.forEach(config::put);
        client.put("/processors/" + id, body);
    }

    /**
     * Changes a stopped processor's settings and properties, as its configuration dialog does: the settings are the keys
     * of NiFi's {@code ProcessorConfigDTO}, the properties go by name (e.g. MergeRecord's {@code max-bin-age}).
     */
    public void configure(final String name, final Map<String, String> settings, final Map<String, String> properties)
            throws IOException, InterruptedException {
        flow.configure(name, settings, properties);
    }

    /**
     * Runs a stopped processor once, as "Run Once" in the UI. A processor run once before may still be finishing its stop
     * (NiFi refuses to run it again until then): this waits for that first, up to {@link #STOP_TIMEOUT}.
     */
    public void runOnce(final String name) throws IOException, InterruptedException {
        final String id = processor(name);
        awaitStopped(name, id);
        setRunStatus(id, "RUN_ONCE");
    }

    /** Waits until the processor runs no task and is not stopping (NiFi shows a stopping processor with a thread). */
    private void awaitStopped(final String name, final String id) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (true) {
            final JsonNode processor = client.get("/processors/" + id);
            final long threads = processor.path("status").path("aggregateSnapshot").path("activeThreadCount").asLong();
            if (threads == 0 && "STOPPED".equals(processor.path("component").path("state").asText())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " has not stopped within " + STOP_TIMEOUT + " (" + processor.path("component").path("state").asText()
                        + ", " + threads + " thread(s); running a task in all of NiFi: " + busyInNiFi() + "). " + client.threadReport());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /** How many tasks the group's processors may run at once (their Concurrent Tasks, summed). */
    public int concurrentTasks() throws IOException, InterruptedException {
        int tasks = 0;
        for (final JsonNode processor : client.get("/process-groups/" + flow.getGroupId() + "/processors").path("processors")) {
            tasks += processor.path("component").path("config").path("concurrentlySchedulableTaskCount").asInt();
        }
        return tasks;
    }

    /** The FlowFiles the processor took in during the last 5 minutes (NiFi's status window). */
    public long flowFilesIn(final String name) throws IOException, InterruptedException {
        return client.get("/processors/" + processor(name)).path("status").path("aggregateSnapshot").path("flowFilesIn").asLong();
    }

    /**
     * Waits until nothing is queued in the group and no processor runs a task (but HandleHttpRequest waiting for calls),
     * for a few consecutive polls.
     */
    public void awaitIdle(final Duration timeout) throws IOException, InterruptedException {
        awaitIdle(timeout, IDLE_POLLS);
    }

    /**
     * Waits until nothing is queued in the group and no processor runs a task (but HandleHttpRequest waiting for calls),
     * for {@code idlePolls} consecutive polls 100 ms apart. A caller that has already seen the work reach its last step
     * (a sync cycle's reports written) needs two: one poll alone could read a FlowFile's queue after it left and the next
     * processor before it started.
     */
    public void awaitIdle(final Duration timeout, final int idlePolls) throws IOException, InterruptedException {
        awaitIdle(timeout, idlePolls, List.of());
    }

    /**
     * Waits until no processor runs a task and every FlowFile queued in the group waits in front of the named (stopped)
     * processors, for two consecutive polls: the work before those steps is done, and what they are to take waits for them.
     */
    public void awaitIdleBefore(final Duration timeout, final String... stopped) throws IOException, InterruptedException {
        final List<String> ids = new ArrayList<>();
        for (final String name : stopped) {
            ids.add(processor(name));
        }
        awaitIdle(timeout, 2, ids);
    }

    private void awaitIdle(final Duration timeout, final int idlePolls, final List<String> waitingInto) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        int idle = 0;
        while (true) {
            final JsonNode snapshot = client.get("/flow/process-groups/" + flow.getGroupId() + "/status")
                    .path("processGroupStatus").path("aggregateSnapshot");
            final List<String> busy = busyProcessors(snapshot, false);
            final boolean working = !busy.isEmpty();
            long waiting = 0;
            for (final String processorId : waitingInto) {
                waiting += queuedInto(client, flow.getGroupId(), processorId);
            }
            idle = snapshot.path("flowFilesQueued").asLong() == waiting && !working ? idle + 1 : 0;
            if (idle >= idlePolls) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("The flow is still busy after " + timeout + " (queued " + snapshot.path("queued").asText()
                        + "; running a task: " + busy + "; in all of NiFi: " + busyInNiFi() + "). " + client.threadReport() + "\nBulletins: " + bulletins());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /**
     * The processors of every group of the NiFi that run a task: NiFi 2.3 runs a processor's stop on the pool of all
     * processors' tasks, so a task of another group (a flow an earlier test left running, a hung step) can hold it up.
     */
    private List<String> busyInNiFi() throws IOException, InterruptedException {
        return busyProcessors(client.get("/flow/process-groups/root/status?recursive=true").path("processGroupStatus").path("aggregateSnapshot"), true);
    }

    /**
     * The processors of a process group's status snapshot that run a task, as {@code name (run status, n thread(s))}, and
     * with {@code nested} those of its child groups too, named {@code group / name}. HandleHttpRequest keeps a thread
     * waiting for requests while it runs: that is not work.
     */
    static List<String> busyProcessors(final JsonNode groupSnapshot, final boolean nested) {
        final List<String> busy = new ArrayList<>();
        for (final JsonNode processor : groupSnapshot.path("processorStatusSnapshots")) {
            final JsonNode status = processor.path("processorStatusSnapshot");
            if (status.path("activeThreadCount").asLong() > 0 && !status.path("type").asText().endsWith("HandleHttpRequest")) {
                busy.add((nested ? groupSnapshot.path("name").asText() + " / " : "") + status.path("name").asText() + " ("
                        + status.path("runStatus").asText() + ", " + status.path("activeThreadCount").asLong() + " thread(s))");
            }
        }
        if (nested) {
            for (final JsonNode child : groupSnapshot.path("processGroupStatusSnapshots")) {
                busy.addAll(busyProcessors(child.path("processGroupStatusSnapshot"), true));
            }
        }
        return busy;
    }

    /** The FlowFiles queued in the connections into a processor (those it is working on included). */
    public long queuedInto(final String name) throws IOException, InterruptedException {
        return queuedInto(client, flow.getGroupId(), processor(name));
    }

    /** The FlowFiles queued in the connections of a group into one of its processors (by id). */
    static long queuedInto(final NiFiClient client, final String groupId, final String processorId) throws IOException, InterruptedException {
        long queued = 0;
        for (final JsonNode connection : client.get("/process-groups/" + groupId + "/connections").path("connections")) {
            if (processorId.equals(connection.path("destinationId").asText())) {
                queued += connection.path("status").path("aggregateSnapshot").path("flowFilesQueued").asLong();
            }
        }
        return queued;
    }

    /** A processor's state (local and cluster scope together), key → value, as "View State" shows it. */
    public Map<String, String> state(final String name) throws IOException, InterruptedException {
        return state(client, processor(name));
    }

    /** A processor's state (by id; local and cluster scope together), key → value. */
    static Map<String, String> state(final NiFiClient client, final String processorId) throws IOException, InterruptedException {
        final Map<String, String> values = new HashMap<>();
        final JsonNode state = client.get("/processors/" + processorId + "/state").path("componentState");
        for (final String scope : List.of("clusterState", "localState")) {
            for (final JsonNode entry : state.path(scope).path("state")) {
                values.put(entry.path("key").asText(), entry.path("value").asText());
            }
        }
        return values;
    }

    /** The bulletins (warnings and errors) NiFi reported for the group's components. */
    public List<String> bulletins() throws IOException, InterruptedException {
        return flow.bulletins();
    }

    /** The bulletins NiFi reported for the group's components after the one {@link #latestBulletin()} gave. */
    public List<String> bulletinsAfter(final long bulletin) throws IOException, InterruptedException {
        return flow.bulletinsAfter(bulletin);
    }

    /** The id of the latest bulletin of the group's components, or -1: {@link #bulletinsAfter} gives those after it. */
    public long latestBulletin() throws IOException, InterruptedException {
        return flow.latestBulletin();
    }

    /** Stops every processor and disables the services (a HandleHttpRequest frees its port, pools their connections). */
    @Override
    public void close() throws IOException, InterruptedException {
        flow.stop();
        final long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (true) {
            try {
                client.put("/flow/process-groups/" + flow.getGroupId() + "/controller-services",
                        Map.of("id", flow.getGroupId(), "state", "DISABLED"));
                return;
            } catch (final IOException stillRunning) {
                // a service can be disabled only once no processor referencing it runs a task any more
                if (System.nanoTime() > deadline) {
                    throw stillRunning;
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        }
    }

    private void setRunStatus(final String processorId, final String state) throws IOException, InterruptedException {
        final JsonNode processor = client.get("/processors/" + processorId);
        final ObjectNode body = client.getMapper().createObjectNode();
        body.putObject("revision").put("version", processor.path("revision").path("version").asLong()).put("clientId", client.getClientId());
        body.put("state", state);
        client.put("/processors/" + processorId + "/run-status", body);
    }
}
