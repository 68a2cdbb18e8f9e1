package dev.nificrm.systemtest;

import org.apache.nifi.flow.VersionedConnection;
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
 *     would start a cycle per node over the same rows.</li>
 * </ul>
 */
class ClusterFlowsTest {
    /** Starts whose work belongs to the node they run on. */
    private static final Set<String> NODE_OWN_STARTS = Set.of(GetFile.class.getName(), HandleHttpRequest.class.getName());
    private static final String PRIMARY = "PRIMARY";

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

    private static String simpleName(final String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** The components of a flow definition, of every process group. */
    private record Flow(List<VersionedProcessor> processors, List<VersionedConnection> connections) {
        static Flow of(final RegisteredFlowSnapshot snapshot) {
            final List<VersionedProcessor> processors = new ArrayList<>();
            final List<VersionedConnection> connections = new ArrayList<>();
            for (final VersionedProcessGroup group : FlowDefinitionTest.groups(snapshot.getFlowContents())) {
                processors.addAll(group.getProcessors());
                connections.addAll(group.getConnections());
            }
            return new Flow(processors, connections);
        }

        /** The processors nothing connects into. */
        List<VersionedProcessor> starts() {
            final Set<String> destinations = new HashSet<>();
            connections.forEach(connection -> destinations.add(connection.getDestination().getId()));
            return processors.stream().filter(processor -> !destinations.contains(processor.getIdentifier())).toList();
        }
    }
}
