package dev.nificrm.systemtest;

import org.apache.nifi.flow.ConnectableComponent;
import org.apache.nifi.flow.ConnectableComponentType;
import org.apache.nifi.flow.Position;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedFunnel;
import org.apache.nifi.flow.VersionedLabel;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every flow definition in templates/ reads well on NiFi 2.x's canvas: nothing is drawn over anything else and every
 * label's text fits (the geometry and the rules are {@link CanvasLayout}'s). The other tests here show that each rule
 * catches what it is for, on small groups built in code.
 */
class FlowLayoutTest {
    private static final String GROUP = "group";

    static Stream<Path> flowDefinitions() throws IOException {
        return FlowDefinitionTest.flowDefinitions();
    }

    @ParameterizedTest
    @MethodSource("flowDefinitions")
    void nothingIsDrawnOverAnythingElse(final Path definition) throws IOException {
        final RegisteredFlowSnapshot snapshot = FlowDefinitionTest.read(definition);
        final List<String> problems = new ArrayList<>();
        for (final VersionedProcessGroup group : FlowDefinitionTest.groups(snapshot.getFlowContents())) {
            CanvasLayout.of(group).problems().forEach(problem -> problems.add("group '" + group.getName() + "': " + problem));
        }
        assertEquals(List.of(), problems, definition.getFileName() + ": layout on the canvas");
    }

    @Test
    void overlappingProcessorsAreNamedWithTheWayOut() {
        final VersionedProcessGroup group = group();
        group.getProcessors().add(processor("Write Unique Records", -500, 1000));
        group.getProcessors().add(processor("Write Duplicate Records", -200, 1000));

        final List<String> problems = CanvasLayout.of(group).problems();

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("'Write Unique Records'") && problems.get(0).contains("'Write Duplicate Records'"), problems.get(0));
        assertTrue(problems.get(0).contains("at least 52 px right"), problems.get(0));
    }

    /** NiFi's default self-loop puts its label 5 to 245 px right of the box: with boxes 500 px apart it covers the next one. */
    @Test
    void aSelfLoopLabelOnTheNeighbourIsReported() {
        final VersionedProcessGroup group = group();
        final VersionedProcessor left = processor("Write Unique Records", -500, 1000);
        final VersionedProcessor right = processor("Write Duplicate Records", 0, 1000);
        group.getProcessors().add(left);
        group.getProcessors().add(right);
        group.getConnections().add(connection(left, left, Set.of("failure"), 1, new Position(-23, 1039), new Position(-23, 1089)));

        final List<String> problems = CanvasLayout.of(group).problems();

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("the label of connection 'Write Unique Records' → 'Write Unique Records' [failure]"), problems.get(0));
        assertTrue(problems.get(0).contains("overlaps processor 'Write Duplicate Records'"), problems.get(0));
    }

    @Test
    void aLabelBetweenTwoCloseBoxesIsReportedAtTheMidpoint() {
        final VersionedProcessGroup group = group();
        final VersionedProcessor clean = processor("Clean Records", 0, 400);
        final VersionedProcessor rejected = processor("Write Records Rejected by Cleaning", 500, 400);
        group.getProcessors().add(clean);
        group.getProcessors().add(rejected);
        group.getConnections().add(connection(clean, rejected, Set.of("invalid"), 1));

        final List<String> problems = CanvasLayout.of(group).problems();

        // the gap is 148 px, the label 240 px wide centred on (426, 464): it covers both boxes
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(problem -> problem.contains("the midpoint (426, 464)")), problems.toString());
    }

    @Test
    void aLineThroughAnotherBoxIsReported() {
        final VersionedProcessGroup group = group();
        final VersionedFunnel funnel = new VersionedFunnel();
        funnel.setIdentifier("funnel");
        funnel.setPosition(new Position(1500, 0));
        group.getFunnels().add(funnel);
        final VersionedProcessor describe = processor("Name Failure Description", 1440, 300);
        final VersionedProcessor write = processor("Write Failed Files", 1440, 600);
        group.getProcessors().add(describe);
        group.getProcessors().add(write);
        final VersionedConnection direct = connection(funnel, ConnectableComponentType.FUNNEL, write, Set.of(), 0);

        group.getConnections().add(direct);
        final List<String> problems = CanvasLayout.of(group).problems();
        assertTrue(problems.stream().anyMatch(problem -> problem.startsWith("the line of connection 'Failures' → 'Write Failed Files'")
                && problem.contains("passes through processor 'Name Failure Description'")), problems.toString());

        direct.setBends(List.of(new Position(1900, 24), new Position(1900, 664)));
        assertEquals(List.of(), CanvasLayout.of(group).problems(), "around the box on the right");
    }

    @Test
    void twoConnectionLabelsOnEachOtherAreReported() {
        final VersionedProcessGroup group = group();
        final VersionedProcessor source = processor("Find Duplicates", 0, 0);
        final VersionedProcessor first = processor("Write Unique Records", -400, 400);
        final VersionedProcessor second = processor("Write Duplicate Records", 400, 400);
        group.getProcessors().addAll(List.of(source, first, second));
        group.getConnections().add(connection(source, first, Set.of("unmatched"), 0, new Position(176, 300)));
        group.getConnections().add(connection(source, second, Set.of("matched"), 0, new Position(200, 310)));

        final List<String> problems = CanvasLayout.of(group).problems();

        assertTrue(problems.stream().anyMatch(problem -> problem.startsWith("the label of connection 'Find Duplicates' → 'Write Unique Records' [unmatched]")
                && problem.contains("overlaps the label of connection 'Find Duplicates' → 'Write Duplicate Records' [matched]")), problems.toString());
    }

    /** The note of the first migration flow: 3 long lines at 14px in 900 × 90, which the UI wrapped over each other. */
    @Test
    void aLabelTooSmallForItsTextIsReported() {
        final VersionedProcessGroup group = group();
        final String longLine = "CRM Migration: CSV exports in #{Input Directory} -> clean -> map (#{Source Schema} -> #{Target Schema}) -> find duplicates";
        group.getLabels().add(label(longLine + "\nRejected records go to #{Error Directory}\nTo run: set the parameters", 900, 60, "14px"));

        final List<String> problems = CanvasLayout.of(group).problems();

        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("line 1 ('CRM Migration: CSV exports in #{Input Di…')") && problems.get(0).contains("but 885 fit"), problems.get(0));
        assertTrue(problems.get(1).contains("3 lines need a height of 73"), problems.get(1));
    }

    @Test
    void aLabelThatFitsItsTextPasses() {
        final VersionedProcessGroup group = group();
        group.getLabels().add(label("Rejected records go to #{Error Directory}\nTo run: set the parameters", 420, 60, "14px"));
        assertEquals(List.of(), CanvasLayout.of(group).problems());
    }

    /** The estimate must not fall below what a browser draws: DejaVu Sans Bold, the widest fallback, sets 'a' to 'z' in 16.6 em, 'W' in 1.1 em. */
    @Test
    void textWidthIsAnUpperBoundOfBoldSansSerif() {
        final double alphabet = CanvasLayout.textWidth("abcdefghijklmnopqrstuvwxyz", 10);
        assertTrue(alphabet >= 16.6 * 10, "estimated " + alphabet);
        assertTrue(CanvasLayout.textWidth("W", 10) >= 11.03, "estimated W");
    }

    /** As CanvasUtils.getPerimeterPoint: toward a point on the right, the middle of the right side; straight below, the bottom's middle. */
    @Test
    void perimeterPointsAreWhereTheCanvasDrawsThem() {
        final CanvasLayout.Box box = new CanvasLayout.Box("processor", "p", 0, 0, 352, 128);
        assertEquals(new CanvasLayout.Point(352, 64), CanvasLayout.perimeterPoint(new CanvasLayout.Point(1000, 64), box));
        final CanvasLayout.Point below = CanvasLayout.perimeterPoint(new CanvasLayout.Point(176, 500), box);
        assertEquals(176, below.x(), 1e-9);
        assertEquals(128, below.y(), 1e-9);
        final CanvasLayout.Point left = CanvasLayout.perimeterPoint(new CanvasLayout.Point(-500, 64 - 169), box);
        assertEquals(0, left.x(), 1e-9);
        assertEquals(20, left.y(), 1e-9, "the line's slope kept to the box's left side");
        final CanvasLayout.Point top = CanvasLayout.perimeterPoint(new CanvasLayout.Point(-500, 64 - 338), box);
        assertEquals(48, top.x(), 1e-9, "steeper than the diagonal: through the top");
        assertEquals(0, top.y(), 1e-9);
    }

    private static VersionedProcessGroup group() {
        final VersionedProcessGroup group = new VersionedProcessGroup();
        group.setIdentifier(GROUP);
        group.setName("test");
        group.setProcessors(new HashSet<>());
        group.setFunnels(new HashSet<>());
        group.setLabels(new HashSet<>());
        group.setConnections(new HashSet<>());
        group.setInputPorts(new HashSet<>());
        group.setOutputPorts(new HashSet<>());
        group.setProcessGroups(new HashSet<>());
        group.setRemoteProcessGroups(new HashSet<>());
        return group;
    }

    private static VersionedProcessor processor(final String name, final double x, final double y) {
        final VersionedProcessor processor = new VersionedProcessor();
        processor.setIdentifier(name);
        processor.setName(name);
        processor.setPosition(new Position(x, y));
        return processor;
    }

    private static VersionedLabel label(final String text, final double width, final double height, final String fontSize) {
        final VersionedLabel label = new VersionedLabel();
        label.setIdentifier("label");
        label.setLabel(text);
        label.setWidth(width);
        label.setHeight(height);
        label.setStyle(Map.of("font-size", fontSize));
        label.setPosition(new Position(0, -200));
        return label;
    }

    private static VersionedConnection connection(final VersionedProcessor source, final VersionedProcessor destination, final Set<String> relationships,
                                                  final int labelIndex, final Position... bends) {
        final VersionedConnection connection = connection(source.getIdentifier(), ConnectableComponentType.PROCESSOR, source.getName(), destination,
                relationships, labelIndex, bends);
        connection.setIdentifier(source.getName() + " " + relationships + " " + destination.getName());
        return connection;
    }

    private static VersionedConnection connection(final VersionedFunnel source, final ConnectableComponentType type, final VersionedProcessor destination,
                                                  final Set<String> relationships, final int labelIndex, final Position... bends) {
        return connection(source.getIdentifier(), type, "Failures", destination, relationships, labelIndex, bends);
    }

    private static VersionedConnection connection(final String sourceId, final ConnectableComponentType sourceType, final String sourceName,
                                                  final VersionedProcessor destination, final Set<String> relationships, final int labelIndex,
                                                  final Position... bends) {
        final VersionedConnection connection = new VersionedConnection();
        connection.setIdentifier(sourceId + " " + destination.getIdentifier());
        connection.setSource(endpoint(sourceId, sourceType, sourceName));
        connection.setDestination(endpoint(destination.getIdentifier(), ConnectableComponentType.PROCESSOR, destination.getName()));
        connection.setSelectedRelationships(relationships);
        connection.setBends(List.of(bends));
        connection.setLabelIndex(labelIndex);
        return connection;
    }

    private static ConnectableComponent endpoint(final String id, final ConnectableComponentType type, final String name) {
        final ConnectableComponent endpoint = new ConnectableComponent();
        endpoint.setId(id);
        endpoint.setType(type);
        endpoint.setGroupId(GROUP);
        endpoint.setName(name);
        return endpoint;
    }
}
