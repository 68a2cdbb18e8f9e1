package dev.nificrm.systemtest;

import dev.nificrm.processors.TrackCRMProgress;
import dev.nificrm.services.PostgreSQLEntityStore;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processors.standard.GetFile;
import org.apache.nifi.processors.standard.HandleHttpRequest;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every flow definition in templates/ runs right on a NiFi cluster as imported, with nothing to change by hand:
 * <ul>
 *     <li>a start runs on the primary node alone unless its work is the node's own: a GetFile takes the files this node
 *     filed, a HandleHttpRequest the requests that reach this node. A timer (GenerateFlowFile) or a listing on every node
 *     would start a cycle per node over the same rows;</li>
 *     <li>in a flow whose work starts on every node, every connection into a TrackCRMProgress is load balanced to a single
 *     node (TrackCRMProgress's page: so one node counts a run, instead of the nodes retrying each other's FlowFiles on the
 *     cluster state's compare-and-set);</li>
 *     <li>each PostgreSQLEntityStore's connection pool has at least the Concurrent Tasks of the processors using the store
 *     plus 2 (PostgreSQLEntityStore's page).</li>
 * </ul>
 */
class ClusterFlowsTest {
    /** Starts whose work belongs to the node they run on. */
    private static final Set<String> NODE_OWN_STARTS = Set.of(GetFile.class.getName(), HandleHttpRequest.class.getName());
    private static final String TRACKER = TrackCRMProgress.class.getName();
    private static final String STORE = PostgreSQLEntityStore.class.getName();
    private static final String PRIMARY = "PRIMARY";
    private static final String SINGLE_NODE = "SINGLE_NODE";
    /** DBCPConnectionPool's default Max Total Connections. */
    private static final int POOL_DEFAULT = 8;

    static Stream<Path> flowDefinitions() throws IOException {
        return FlowDefinitionTest.flowDefinitions();
    }

    @ParameterizedTest
    @MethodSource("flowDefinitions")
    void aStartRunsOnThePrimaryNodeUnlessItsWorkIsTheNodesOwn(final Path definition) throws IOException {
        final Flow flow = Flow.of(FlowDefinitionTest.read(definition));
        final List<String> problems = new ArrayList<>();
        for (final VersionedProcessor start : flow.starts()) {
            if (!PRIMARY.equals(start.getExecutionNode()) && !NODE_OWN_STARTS.contains(start.getType())) {
                problems.add("'" + start.getName() + "' (" + simpleName(start.getType()) + ") runs on every node: on a cluster each node"
                        + " starts its own work over the same data; set its executionNode to PRIMARY");
            }
        }
        assertEquals(List.of(), problems, definition.getFileName() + ": starts on a cluster");
    }

    @ParameterizedTest
    @MethodSource("flowDefinitions")
    void aFlowStartedOnEveryNodeCountsOnASingleNode(final Path definition) throws IOException {
        final Flow flow = Flow.of(FlowDefinitionTest.read(definition));
        final List<String> problems = new ArrayList<>();
        final boolean everyNode = flow.starts().stream()
                .anyMatch(start -> !PRIMARY.equals(start.getExecutionNode()) && !start.getType().equals(GetFile.class.getName()));
        for (final VersionedProcessor tracker : flow.processors()) {
            if (!everyNode || !tracker.getType().equals(TRACKER)) {
                continue;
            }
            for (final VersionedConnection connection : flow.connections()) {
                if (connection.getDestination().getId().equals(tracker.getIdentifier()) && !SINGLE_NODE.equals(connection.getLoadBalanceStrategy())) {
                    problems.add("'" + connection.getSource().getName() + "' → '" + tracker.getName() + "' is " + connection.getLoadBalanceStrategy()
                            + ": the flow starts on every node, so every node would count into the run's cluster state at once; set "
                            + SINGLE_NODE);
                }
            }
        }
        assertEquals(List.of(), problems, definition.getFileName() + ": connections into TrackCRMProgress");
    }

    @ParameterizedTest
    @MethodSource("flowDefinitions")
    void everyStorePoolHasTheTasksUsingTheStorePlusTwo(final Path definition) throws IOException {
        final Flow flow = Flow.of(FlowDefinitionTest.read(definition));
        final List<String> problems = new ArrayList<>();
        for (final VersionedControllerService store : flow.services()) {
            if (!store.getType().equals(STORE)) {
                continue;
            }
            final String poolId = store.getProperties().get("Database Connection Pooling Service");
            final VersionedControllerService pool = flow.services().stream()
                    .filter(service -> service.getIdentifier().equals(poolId)).findFirst().orElseThrow();
            final String maximum = pool.getProperties().get("Max Total Connections");
            final int size = maximum == null ? POOL_DEFAULT : Integer.parseInt(maximum);
            final List<String> users = new ArrayList<>();
            int tasks = 0;
            for (final VersionedProcessor processor : flow.processors()) {
                if (processor.getProperties().containsValue(store.getIdentifier())) {
                    users.add(processor.getName());
                    tasks += processor.getConcurrentlySchedulableTaskCount();
                }
            }
            if (size < tasks + 2) {
                problems.add("'" + pool.getName() + "' has " + size + " connections for '" + store.getName() + "', used by " + users + " with "
                        + tasks + " Concurrent Tasks: give it at least " + (tasks + 2));
            }
        }
        assertEquals(List.of(), problems, definition.getFileName() + ": entity store pools");
    }

    private static String simpleName(final String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** The components of a flow definition, of every process group. */
    private record Flow(List<VersionedProcessor> processors, List<VersionedConnection> connections, List<VersionedControllerService> services) {
        static Flow of(final RegisteredFlowSnapshot snapshot) {
            final List<VersionedProcessor> processors = new ArrayList<>();
            final List<VersionedConnection> connections = new ArrayList<>();
            final List<VersionedControllerService> services = new ArrayList<>();
            for (final VersionedProcessGroup group : FlowDefinitionTest.groups(snapshot.getFlowContents())) {
                processors.addAll(group.getProcessors());
                connections.addAll(group.getConnections());
                services.addAll(group.getControllerServices());
            }
            return new Flow(processors, connections, services);
        }

        /** The processors nothing connects into. */
        List<VersionedProcessor> starts() {
            final Set<String> destinations = new HashSet<>();
            connections.forEach(connection -> destinations.add(connection.getDestination().getId()));
            return processors.stream().filter(processor -> !destinations.contains(processor.getIdentifier())).toList();
        }
    }
}
