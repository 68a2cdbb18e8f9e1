package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nificrm.FlowDefinitions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What templates/README.md's <i>In a cluster</i> says is what the flow definitions do on a NiFi cluster:
 * <ul>
 *     <li>its table ({@code | Flow | Starts at | Runs on | In a cluster |}) has a row for every flow definition, naming the
 *     processor the flow starts at (one without incoming connections) and where it runs: {@code primary node} when its
 *     Execution is Primary node, {@code every node} when All nodes; and no other processor of the flow runs on the primary
 *     node alone;</li>
 *     <li>it says which flows ship their connections into a TrackCRMProgress with the load-balance strategy Single node
 *     (whose page advises it in a cluster): {@code `crm-sync-push.json`, ... ships its connections into Track Progress with the
 *     *Load Balance Strategy* *Single node*}, for exactly the trackers all of whose incoming connections are so;</li>
 *     <li>a flow whose entity store's connection pool has fewer connections than the Concurrent Tasks of the processors
 *     using the store plus 2 (PostgreSQLEntityStore's page) is named there with its pool's size ({@code `crm-cutover.json` 4}),
 *     and no other is; a size named there is the one the flow ships.</li>
 * </ul>
 */
class TemplatesReadmeClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROW = Pattern.compile("\\| `(crm-[a-z-]+\\.json)` \\| ([^|]+) \\| ([^|]+) \\|");
    /** The section's sentence that a flow ships the connections into a tracker balanced to a single node. */
    private static final Pattern SINGLE_NODE_SHIPPED = Pattern.compile(
            "`(crm-[a-z-]+\\.json)`[^.]*? ships its connections into ([A-Z][A-Za-z ]*?) with the \\*Load Balance Strategy\\* \\*Single node\\*");
    /** DBCPConnectionPool's default Max Total Connections. */
    private static final int POOL_DEFAULT = 8;

    @Test
    void theClusterTableSaysWhereEveryFlowStartsAndRuns() throws IOException {
        final String section = clusterSection().replaceAll("\\s+", " ");
        final Map<String, String[]> rows = new TreeMap<>();
        final Matcher row = ROW.matcher(section);
        while (row.find()) {
            rows.put(row.group(1), new String[] {row.group(2).strip(), row.group(3).strip()});
        }
        final List<String> problems = new ArrayList<>();
        for (final Flow definition : definitions()) {
            final String flow = definition.name();
            final List<JsonNode> processors = definition.components("processors");
            final List<JsonNode> connections = definition.components("connections");
            final String[] stated = rows.remove(flow);
            if (stated == null) {
                problems.add(flow + ": no row in the table");
                continue;
            }
            final JsonNode start = processors.stream().filter(processor -> processor.path("name").asText().equals(stated[0])).findFirst().orElse(null);
            if (start == null) {
                problems.add(flow + ": starts at '" + stated[0] + "', which the flow has no processor named");
                continue;
            }
            if (connections.stream().anyMatch(connection -> connection.path("destination").path("id").asText().equals(start.path("identifier").asText()))) {
                problems.add(flow + ": '" + stated[0] + "' has incoming connections, it is no start");
            }
            final String execution = start.path("executionNode").asText();
            final String runsOn = execution.equals("PRIMARY") ? "primary node" : "every node";
            if (!stated[1].startsWith(runsOn)) {
                problems.add(flow + ": the table says '" + stated[1] + "', " + stated[0] + "'s Execution is " + execution);
            }
            for (final JsonNode processor : processors) {
                if (processor != start && processor.path("executionNode").asText().equals("PRIMARY")) {
                    problems.add(flow + ": '" + processor.path("name").asText() + "' runs on the primary node alone, which the table does not say");
                }
            }
        }
        rows.keySet().forEach(flow -> problems.add(flow + ": a row for a flow definition that does not exist"));
        assertEquals(List.of(), problems);
    }

    @Test
    void theSectionSaysWhichTrackersAFlowShipsCountingOnASingleNode() throws IOException {
        final String section = clusterSection().replaceAll("\\s+", " ");
        final Set<String> stated = new TreeSet<>();
        final Matcher sentence = SINGLE_NODE_SHIPPED.matcher(section);
        while (sentence.find()) {
            stated.add(sentence.group(1) + ": " + sentence.group(2));
        }
        final Set<String> shipped = new TreeSet<>();
        for (final Flow definition : definitions()) {
            final List<JsonNode> connections = definition.components("connections");
            for (final JsonNode tracker : definition.components("processors")) {
                if (!tracker.path("type").asText().endsWith(".TrackCRMProgress")) {
                    continue;
                }
                final List<String> strategies = connections.stream()
                        .filter(connection -> connection.path("destination").path("id").asText().equals(tracker.path("identifier").asText()))
                        .map(connection -> connection.path("loadBalanceStrategy").asText()).distinct().toList();
                if (strategies.equals(List.of("SINGLE_NODE"))) {
                    shipped.add(definition.name() + ": " + tracker.path("name").asText());
                }
            }
        }
        assertEquals(shipped, stated, "trackers whose connections are all Single node, as the flows ship them and as the section says");
    }

    @Test
    void aStorePoolSmallerThanThePagesRuleIsNamedWithItsSize() throws IOException {
        final String section = clusterSection().replaceAll("\\s+", " ");
        final List<String> problems = new ArrayList<>();
        for (final Flow definition : definitions()) {
            final String flow = definition.name();
            final List<JsonNode> processors = definition.components("processors");
            final List<JsonNode> services = definition.components("controllerServices");
            for (final JsonNode store : services) {
                if (!store.path("type").asText().endsWith("PostgreSQLEntityStore")) {
                    continue;
                }
                final String poolId = store.path("properties").path("Database Connection Pooling Service").asText();
                final JsonNode pool = services.stream().filter(service -> service.path("identifier").asText().equals(poolId)).findFirst().orElseThrow();
                final int size = pool.path("properties").has("Max Total Connections")
                        ? Integer.parseInt(pool.path("properties").path("Max Total Connections").asText()) : POOL_DEFAULT;
                int tasks = 0;
                for (final JsonNode processor : processors) {
                    if (processor.path("properties").toString().contains("\"" + store.path("identifier").asText() + "\"")) {
                        tasks += processor.path("concurrentlySchedulableTaskCount").asInt(1);
                    }
                }
                final boolean named = section.contains("`" + flow + "` " + size + " ");
                if (size < tasks + 2 && !named) {
                    problems.add(flow + ": its store's pool has " + size + " connections for " + tasks + " tasks using the store; the section does not say so");
                } else if (size >= tasks + 2 && named) {
                    problems.add(flow + ": the section names its store's pool of " + size + " connections as too small for " + tasks + " tasks");
                }
                final Matcher stated = Pattern.compile("`" + Pattern.quote(flow) + "` (\\d+) ").matcher(section);
                while (stated.find()) {
                    if (Integer.parseInt(stated.group(1)) != size) {
                        problems.add(flow + ": the section names its store's pool of " + stated.group(1) + " connections; the flow ships " + size);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static String clusterSection() throws IOException {
        final String readme = Files.readString(FlowDefinitions.templatesFile("README.md"));
        final int start = readme.indexOf("\n## In a cluster");
        final int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end);
    }

    /** A flow definition: its file's name and its contents. */
    private record Flow(String name, JsonNode contents) {
        /** The components of one kind in the flow, in every process group. */
        List<JsonNode> components(final String kind) {
            final List<JsonNode> found = new ArrayList<>();
            collect(contents, kind, found);
            return found;
        }

        private static void collect(final JsonNode group, final String kind, final List<JsonNode> found) {
            group.path(kind).forEach(found::add);
            group.path("processGroups").forEach(child -> collect(child, kind, found));
        }
    }

    private static List<Flow> definitions() throws IOException {
        final Path templates = FlowDefinitions.templatesFile("README.md").getParent();
        final List<Flow> flows = new ArrayList<>();
        try (Stream<Path> files = Files.list(templates)) {
            for (final Path file : files.filter(path -> path.getFileName().toString().matches("crm-.*\\.json")).sorted().toList()) {
                flows.add(new Flow(file.getFileName().toString(), JSON.readTree(file.toFile()).path("flowContents")));
            }
        }
        return flows;
    }
}
