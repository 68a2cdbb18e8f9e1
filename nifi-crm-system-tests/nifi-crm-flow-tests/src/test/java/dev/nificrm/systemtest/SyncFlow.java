package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.testing.PostgresDatabase;
import dev.nificrm.testing.PostgresServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A sync flow definition (templates/crm-sync-*.json) running in a real NiFi against the tests' PostgreSQL: uploads it,
 * points its parameters at two SQL CRMs and an entity store database, and gives the tests what an operator sees: the
 * processors by name, their state, the files the flow wrote (conflicts, rejected records, reports).
 */
final class SyncFlow implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(250);

    private final NiFiClient client;
    private final MigrationFlow flow;
    private final Path work;
    private final Map<String, String> processorIds = new HashMap<>();

    private SyncFlow(final NiFiClient client, final MigrationFlow flow, final Path work) throws IOException, InterruptedException {
        this.client = client;
        this.flow = flow;
        this.work = work;
        for (final JsonNode processor : client.get("/process-groups/" + flow.getGroupId() + "/processors").path("processors")) {
            processorIds.put(processor.path("component").path("name").asText(), processor.path("id").asText());
        }
    }

    /**
     * Uploads the flow definition and sets the parameters every sync flow has: the two CRMs, the store, the driver,
     * the directories under {@code work}, a one-second poll; then {@code more} (which win).
     */
    static SyncFlow upload(final NiFiClient client, final String definition, final String groupName, final SqlCrm source, final SqlCrm target,
                           final PostgresDatabase store, final Path work, final Map<String, String> more, final Duration timeout)
            throws IOException, InterruptedException {
        return upload(client, definition, groupName, source, target, store, work, more, new Tuning(), timeout);
    }

    /**
     * As {@link #upload(NiFiClient, String, String, SqlCrm, SqlCrm, PostgresDatabase, Path, Map, Duration)}, with the
     * processors' settings and properties the test changes ({@code tuning}) written into the definition it uploads: the
     * group NiFi creates is the one a penalty set on every processor and {@link #configure} would leave, without a request
     * per processor (a penalty for every processor of crm-sync-pull.json was some fifty PUTs, each saving the flow).
     */
    static SyncFlow upload(final NiFiClient client, final String definition, final String groupName, final SqlCrm source, final SqlCrm target,
                           final PostgresDatabase store, final Path work, final Map<String, String> more, final Tuning tuning,
                           final Duration timeout) throws IOException, InterruptedException {
        NiFiServer.deleteRecursively(work);
        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Source System", source.kind() == SqlCrm.Kind.HOME ? "home" : "people");
        parameters.put("Target System", target.kind() == SqlCrm.Kind.HOME ? "home" : "people");
        parameters.put("Source JDBC URL", source.database().jdbcUrl());
        parameters.put("Source Database User", source.database().user());
        parameters.put("Target JDBC URL", target.database().jdbcUrl());
        parameters.put("Target Database User", target.database().user());
        parameters.put("Entity Store JDBC URL", store.jdbcUrl());
        parameters.put("Entity Store Database User", store.user());
        parameters.put("JDBC Driver Location", PostgresServer.jdbcDriverJar().toString());
        parameters.put("Poll Interval", "1 sec");
        parameters.put("Conflict Directory", work.resolve("conflicts").toString());
        parameters.put("Error Directory", work.resolve("errors").toString());
        parameters.put("Report Directory", work.resolve("reports").toString());
        parameters.putAll(more);
        final MigrationFlow flow = MigrationFlow.upload(client, tuning.applyTo(client.getMapper(), ProjectPaths.templates().resolve(definition),
                work.resolve("definition")), groupName);
        flow.setParameters(parameters, timeout);
        flow.enableServices(timeout);
        final List<String> invalid = flow.invalidProcessors(timeout);
        if (!invalid.isEmpty()) {
            throw new IOException("Invalid processors after setting the parameters: " + invalid);
        }
        return new SyncFlow(client, flow, work);
    }

    /** The content of a mapping specification under templates/sync/, as a parameter value. */
    static String specification(final String name) throws IOException {
        return Files.readString(ProjectPaths.templates().resolve("sync").resolve(name), StandardCharsets.UTF_8);
    }

    NiFiClient client() {
        return client;
    }

    String groupId() {
        return flow.getGroupId();
    }

    void start() throws IOException, InterruptedException {
        flow.start();
    }

    void stop() throws IOException, InterruptedException {
        flow.stop();
    }

    /**
     * Changes a stopped processor's settings ({@code yieldDuration}, {@code schedulingPeriod}...) and properties by name,
     * as its configuration dialog does.
     */
    void configure(final String processor, final Map<String, String> settings, final Map<String, String> properties)
            throws IOException, InterruptedException {
        flow.configure(processor, settings, properties);
    }

    /** Starts or stops one processor by name. */
    void runStatus(final String processor, final String state) throws IOException, InterruptedException {
        final String id = processorId(processor);
        final JsonNode current = client.get("/processors/" + id);
        client.put("/processors/" + id + "/run-status", Map.of("revision", current.path("revision"), "state", state));
    }

    /** The FlowFiles queued in the connections into a processor (those it is working on included). */
    long queuedInto(final String processor) throws IOException, InterruptedException {
        return RunningSyncFlow.queuedInto(client, flow.getGroupId(), processorId(processor));
    }

    /** Clears a stopped processor's state, as "View State → Clear State" does. */
    void clearState(final String processor) throws IOException, InterruptedException {
        // NiFi refuses while the stopped processor still finishes a task
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                client.post("/processors/" + processorId(processor) + "/state/clear-requests", Map.of());
                return;
            } catch (final IOException stillRunning) {
                if (System.nanoTime() > deadline) {
                    throw stillRunning;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /**
     * Waits until nothing has been queued in the group for two seconds: every FlowFile in flight (a poll, its report)
     * has gone through. Stop the processors that start new work first.
     */
    void awaitQuiet(final Duration timeout) throws Exception {
        final int quietChecks = (int) (Duration.ofSeconds(2).toMillis() / POLL.toMillis());
        final int[] quiet = {0};
        await("nothing queued in the group", timeout, () -> {
            final long queued = client.get("/flow/process-groups/" + flow.getGroupId() + "/status")
                    .path("processGroupStatus").path("aggregateSnapshot").path("flowFilesQueued").asLong();
            quiet[0] = queued == 0 ? quiet[0] + 1 : 0;
            return quiet[0] >= quietChecks;
        });
    }

    /** A processor's state (local and cluster scope together), key → value. */
    Map<String, String> state(final String processor) throws IOException, InterruptedException {
        return RunningSyncFlow.state(client, processorId(processor));
    }

    String processorId(final String name) {
        final String id = processorIds.get(name);
        if (id == null) {
            throw new IllegalArgumentException("No processor '" + name + "' in the flow; it has " + processorIds.keySet());
        }
        return id;
    }

    /** The JSON records of every file the flow wrote under a directory of its work directory (e.g. {@code conflicts}). */
    List<JsonNode> records(final String directory) throws IOException {
        final List<JsonNode> records = new ArrayList<>();
        for (final Path file : files(directory)) {
            final JsonNode content = client.getMapper().readTree(file.toFile());
            if (content.isArray()) {
                content.forEach(records::add);
            } else {
                records.add(content);
            }
        }
        return records;
    }

    /** Every file under a directory of the work directory, sorted; not PutFile's hidden files still being written. */
    List<Path> files(final String directory) throws IOException {
        return FinishedFiles.below(work.resolve(directory));
    }

    /** Waits until the condition holds, checking every 250 ms; fails with the description and the group's bulletins. */
    void await(final String description, final Duration timeout, final Check condition) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + timeout + ": " + description + ". Bulletins: " + flow.bulletins());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    List<String> bulletins() throws IOException, InterruptedException {
        return flow.bulletins();
    }

    /** The bulletins NiFi reported for the group's components after the one {@link #latestBulletin()} gave. */
    List<String> bulletinsAfter(final long bulletin) throws IOException, InterruptedException {
        return flow.bulletinsAfter(bulletin);
    }

    /** The id of the latest bulletin of the group's components, or -1. */
    long latestBulletin() throws IOException, InterruptedException {
        return flow.latestBulletin();
    }

    /** The tasks a processor is running now: a stopped processor may still finish one. */
    long activeThreads(final String processor) throws IOException, InterruptedException {
        return client.get("/processors/" + processorId(processor)).path("status").path("aggregateSnapshot").path("activeThreadCount").asLong();
    }

    /** Stops every processor of the group and disables its services, so nothing of the test keeps polling. */
    @Override
    public void close() throws IOException, InterruptedException {
        ProcessGroups.stopAndDisable(client, flow.getGroupId(), Duration.ofMinutes(1));
    }

    /**
     * What a test changes in its processors before the flow first starts, as the Settings and Properties tabs would: a
     * penalty for every processor, and per processor by name its settings (the definition's keys: {@code yieldDuration},
     * {@code penaltyDuration}, {@code schedulingPeriod}) and properties by name.
     */
    static final class Tuning {
        private String penalty;
        private final Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> properties = new LinkedHashMap<>();

        /** Every processor's penalty, e.g. a second instead of the definition's 30 seconds. */
        Tuning penalizeFor(final String duration) {
            penalty = duration;
            return this;
        }

        /** One processor's settings and properties (which win over the penalty for every processor). */
        Tuning configure(final String processor, final Map<String, String> processorSettings, final Map<String, String> processorProperties) {
            settings.computeIfAbsent(processor, name -> new LinkedHashMap<>()).putAll(processorSettings);
            properties.computeIfAbsent(processor, name -> new LinkedHashMap<>()).putAll(processorProperties);
            return this;
        }

        /**
         * The definition itself when nothing is changed, else a copy with the changes written under {@code directory};
         * fails on a processor name the definition does not hold.
         */
        Path applyTo(final ObjectMapper mapper, final Path definition, final Path directory) throws IOException {
            if (penalty == null && settings.isEmpty()) {
                return definition;
            }
            final JsonNode flow = mapper.readTree(definition.toFile());
            final Set<String> found = new HashSet<>();
            tune(flow.path("flowContents"), found);
            final Set<String> missing = new TreeSet<>(settings.keySet());
            missing.removeAll(found);
            if (!missing.isEmpty()) {
                throw new IOException("No processor " + missing + " in " + definition);
            }
            Files.createDirectories(directory);
            final Path tuned = directory.resolve(definition.getFileName());
            mapper.writeValue(tuned.toFile(), flow);
            return tuned;
        }

        private void tune(final JsonNode group, final Set<String> found) {
            for (final JsonNode processor : group.path("processors")) {
                final ObjectNode component = (ObjectNode) processor;
                final String name = component.path("name").asText();
                if (penalty != null) {
                    component.put("penaltyDuration", penalty);
                }
                if (settings.containsKey(name)) {
                    found.add(name);
                    settings.get(name).forEach(component::put);
                    final ObjectNode values = component.has("properties") ? (ObjectNode) component.get("properties") : component.putObject("properties");
                    properties.get(name).forEach(values::put);
                }
            }
            for (final JsonNode child : group.path("processGroups")) {
                tune(child, found);
            }
        }
    }

    /** A condition that may throw while it is checked (a query, a file read). */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }
}
