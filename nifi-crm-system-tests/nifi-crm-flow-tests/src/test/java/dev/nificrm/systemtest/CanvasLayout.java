package dev.nificrm.systemtest;

import org.apache.nifi.flow.ConnectableComponent;
import org.apache.nifi.flow.ConnectableComponentType;
import org.apache.nifi.flow.Position;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedFunnel;
import org.apache.nifi.flow.VersionedLabel;
import org.apache.nifi.flow.VersionedPort;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.flow.VersionedRemoteProcessGroup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one process group of a flow definition looks like on NiFi 2.x's canvas, reduced to rectangles and lines, and
 * the problems an operator would see: boxes drawn over each other, connection labels over boxes, lines through
 * boxes, note labels whose text does not fit.
 *
 * <p>The geometry follows nifi-frontend's flow designer (the processor, funnel, port, process group and label managers,
 * {@code ConnectionManager} and {@code CanvasUtils}):
 * <ul>
 *     <li>A component's position is its top-left corner. Processor 352 × 128, funnel 48 × 48, port 240 × 48
 *     (240 × 80 when it allows remote access), process group and remote process group 384 × 176, label its own
 *     width × height (148 × 148 when unset).</li>
 *     <li>A connection is a straight line from its source's border through its bends to its destination's border. The
 *     end point is where the line from the last bend (without bends: the source's centre) to the destination's centre
 *     crosses the destination's border; the start point where the line from the first bend (without bends: the end
 *     point) to the source's centre crosses the source's border. A port inside a child or remote group attaches the
 *     line to that group's box.</li>
 *     <li>A connection's label is centred on bend {@code labelIndex} (clamped to the bends), without bends on the
 *     midpoint of start and end point. It is 240 px wide (224 in early 2.x releases; the larger is assumed) and
 *     19 px per row plus 3 px of back-pressure bars high. Rows: "From" when the source is a port of a child or remote
 *     group, "To" likewise for the destination, "Name" when the connection has a name or selected relationships, and
 *     "Queued" always. The relationship names are joined with ", " into the one Name row and cut with an ellipsis
 *     where they do not fit: they never widen the label. So a relationship connection has a 240 × 41 label, a
 *     connection from a funnel a 240 × 22 one.</li>
 *     <li>A label's text is bold, in the size of its style's {@code font-size} (12px when unset); each line break
 *     starts a line. The UI wraps a line longer than width − 15 px, but positions the first line of each paragraph at
 *     its line number × the measured line height and a wrapped continuation 1.2 em below the line before it, so the
 *     two drift apart and a wrapped paragraph is drawn over the next; it also stops drawing after a paragraph once
 *     the lines used reach floor(height / line height) − 1. A label therefore must not need wrapping: every line at
 *     most width − 15 px by {@link #textWidth(String, double)}, which overestimates bold sans-serif text, and the
 *     height at least (lines + 1) × {@value #LINE_HEIGHT_EM} em.</li>
 * </ul>
 *
 * <p>Rules: no two component boxes (processors, funnels, ports, groups, labels) overlap; no connection label overlaps
 * a component box, its own source and destination included, or another connection label; no connection line passes
 * through a component box other than its own source and destination, or under another connection's label; every
 * label's text fits. Boxes that only touch do not overlap.
 */
final class CanvasLayout {
    static final double PROCESSOR_WIDTH = 352;
    static final double PROCESSOR_HEIGHT = 128;
    static final double FUNNEL_SIZE = 48;
    static final double PORT_WIDTH = 240;
    static final double PORT_HEIGHT = 48;
    static final double REMOTE_ACCESS_PORT_HEIGHT = 80;
    static final double GROUP_WIDTH = 384;
    static final double GROUP_HEIGHT = 176;
    static final double DEFAULT_LABEL_SIZE = 148;
    static final double CONNECTION_LABEL_WIDTH = 240;
    static final double CONNECTION_LABEL_ROW_HEIGHT = 19;
    static final double CONNECTION_LABEL_BARS_HEIGHT = 3;
    static final double DEFAULT_FONT_SIZE = 12;
    /** The UI wraps label text at the label's width minus this. */
    static final double LABEL_TEXT_INSET = 15;
    /** The height of one line of label text in em, rounded up from what browsers measure for sans-serif fonts. */
    static final double LINE_HEIGHT_EM = 1.3;

    /** A rectangle on the canvas and what it shows (kind and name, for messages). */
    record Box(String kind, String name, double x, double y, double width, double height) {
        String description() {
            return kind + " '" + name + "'";
        }

        double right() {
            return x + width;
        }

        double bottom() {
            return y + height;
        }

        Point center() {
            return new Point(x + width / 2, y + height / 2);
        }

        /** Whether the two share area; boxes that only touch do not. */
        boolean overlaps(final Box other) {
            return x < other.right() && other.x < right() && y < other.bottom() && other.y < bottom();
        }

        /** Whether the segment passes through the inside of this box (touching its border does not count). */
        boolean crossedBy(final Point from, final Point to) {
            final double inset = 0.5;
            double enter = 0;
            double leave = 1;
            final double dx = to.x() - from.x();
            final double dy = to.y() - from.y();
            final double[] directions = {-dx, dx, -dy, dy};
            final double[] distances = {from.x() - (x + inset), right() - inset - from.x(), from.y() - (y + inset), bottom() - inset - from.y()};
            for (int side = 0; side < 4; side++) {
                if (directions[side] == 0) {
                    if (distances[side] < 0) {
                        return false;
                    }
                    continue;
                }
                final double fraction = distances[side] / directions[side];
                if (directions[side] < 0) {
                    enter = Math.max(enter, fraction);
                } else {
                    leave = Math.min(leave, fraction);
                }
            }
            return enter < leave;
        }

        @Override
        public String toString() {
            return description() + " (" + number(width) + " × " + number(height) + " at " + number(x) + ", " + number(y) + ")";
        }
    }

    /** A point on the canvas. */
    record Point(double x, double y) {
        @Override
        public String toString() {
            return "(" + number(x) + ", " + number(y) + ")";
        }
    }

    /** A connection as drawn: its line from start point through the bends to end point, and its label. */
    record Line(String description, Box source, Box destination, List<Point> points, Box label, String labelPlace) {
    }

    /** Top to bottom, left to right: a message then asks to move the lower or right one of two. */
    private static final Comparator<Box> READING_ORDER = Comparator.comparingDouble(Box::y).thenComparingDouble(Box::x).thenComparing(Box::name);

    private final List<Box> components = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();
    private final List<String> textProblems = new ArrayList<>();

    private CanvasLayout() {
    }

    /** The canvas of one process group (its own contents; child groups are boxes here and canvases of their own). */
    static CanvasLayout of(final VersionedProcessGroup group) {
        final CanvasLayout layout = new CanvasLayout();
        final Map<String, Box> boxes = new HashMap<>();
        final Map<String, String> funnelNames = funnelNames(group);
        for (final VersionedProcessor processor : group.getProcessors()) {
            layout.add(boxes, processor.getIdentifier(), box("processor", processor.getName(), processor.getPosition(), PROCESSOR_WIDTH, PROCESSOR_HEIGHT));
        }
        for (final VersionedFunnel funnel : group.getFunnels()) {
            final String name = funnelNames.getOrDefault(funnel.getIdentifier(), funnel.getIdentifier());
            layout.add(boxes, funnel.getIdentifier(), box("funnel", name, funnel.getPosition(), FUNNEL_SIZE, FUNNEL_SIZE));
        }
        final List<VersionedPort> ports = new ArrayList<>(group.getInputPorts());
        ports.addAll(group.getOutputPorts());
        for (final VersionedPort port : ports) {
            final double height = Boolean.TRUE.equals(port.getAllowRemoteAccess()) ? REMOTE_ACCESS_PORT_HEIGHT : PORT_HEIGHT;
            layout.add(boxes, port.getIdentifier(), box("port", port.getName(), port.getPosition(), PORT_WIDTH, height));
        }
        for (final VersionedProcessGroup child : group.getProcessGroups()) {
            layout.add(boxes, child.getIdentifier(), box("process group", child.getName(), child.getPosition(), GROUP_WIDTH, GROUP_HEIGHT));
        }
        for (final VersionedRemoteProcessGroup remote : group.getRemoteProcessGroups()) {
            layout.add(boxes, remote.getIdentifier(), box("remote process group", remote.getName(), remote.getPosition(), GROUP_WIDTH, GROUP_HEIGHT));
        }
        for (final VersionedLabel label : group.getLabels()) {
            final Box box = box("label", preview(label.getLabel()), label.getPosition(),
                    label.getWidth() == null ? DEFAULT_LABEL_SIZE : label.getWidth(), label.getHeight() == null ? DEFAULT_LABEL_SIZE : label.getHeight());
            layout.add(boxes, label.getIdentifier(), box);
            layout.checkText(box, label);
        }
        for (final VersionedConnection connection : group.getConnections()) {
            final Box source = endpoint(connection.getSource(), group, boxes);
            final Box destination = endpoint(connection.getDestination(), group, boxes);
            if (source == null || destination == null) {
                continue;
            }
            layout.lines.add(line(connection, group, source, destination));
        }
        layout.components.sort(READING_ORDER);
        layout.lines.sort(Comparator.comparing(Line::description));
        return layout;
    }

    /** Everything an operator would see drawn over something else, each naming both parts and what to move. */
    List<String> problems() {
        final List<String> problems = new ArrayList<>(textProblems);
        for (int first = 0; first < components.size(); first++) {
            for (int second = first + 1; second < components.size(); second++) {
                final Box fixed = components.get(first);
                final Box moving = components.get(second);
                if (fixed.overlaps(moving)) {
                    problems.add(moving + " overlaps " + fixed + ": move " + moving.description() + " " + separation(fixed, moving));
                }
            }
        }
        for (final Line line : lines) {
            for (final Box component : components) {
                if (line.label().overlaps(component)) {
                    problems.add("the label of connection " + line.description() + " (240 × " + number(line.label().height()) + " centred on "
                            + line.labelPlace() + ") overlaps " + component + ": move that point " + separation(component, line.label())
                            + " (a bend, and labelIndex naming it), or move " + component.description());
                }
            }
        }
        for (int first = 0; first < lines.size(); first++) {
            for (int second = first + 1; second < lines.size(); second++) {
                final Line fixed = lines.get(first);
                final Line moving = lines.get(second);
                if (fixed.label().overlaps(moving.label())) {
                    problems.add("the label of connection " + moving.description() + " (centred on " + moving.labelPlace() + ") overlaps the label of connection "
                            + fixed.description() + " (centred on " + fixed.labelPlace() + "): move one of the two points "
                            + separation(fixed.label(), moving.label()) + " (a bend, and labelIndex naming it)");
                }
            }
        }
        for (final Line line : lines) {
            for (int index = 0; index + 1 < line.points().size(); index++) {
                final Point from = line.points().get(index);
                final Point to = line.points().get(index + 1);
                for (final Box component : components) {
                    if (component != line.source() && component != line.destination() && component.crossedBy(from, to)) {
                        problems.add("the line of connection " + line.description() + " from " + from + " to " + to + " passes through " + component
                                + ": add or move a bend of the connection around it, or move " + component.description());
                    }
                }
                for (final Line other : lines) {
                    if (other != line && other.label().crossedBy(from, to)) {
                        problems.add("the line of connection " + line.description() + " from " + from + " to " + to + " passes under the label of connection "
                                + other.description() + " (centred on " + other.labelPlace() + "): add or move a bend of either connection");
                    }
                }
            }
        }
        return problems;
    }

    /**
     * A width in px that bold sans-serif text of this size does not exceed: per character at least the advance of
     * DejaVu Sans Bold, the widest of the fonts the canvas may end up with (Inter, Arial/Helvetica and Liberation Sans
     * Bold are narrower), in a few classes of characters, each rounded up to its widest member.
     */
    static double textWidth(final String text, final double fontSize) {
        double em = 0;
        for (int index = 0; index < text.length(); index++) {
            em += characterWidth(text.charAt(index));
        }
        return em * fontSize;
    }

    private static double characterWidth(final char character) {
        if (character == ' ') {
            return 0.35;
        }
        if ("ijl.,:;'|!".indexOf(character) >= 0) {
            return 0.42;
        }
        if ("ftrI()[]/\\-`".indexOf(character) >= 0) {
            return 0.52;
        }
        if ("mwMW@%&".indexOf(character) >= 0) {
            return 1.12;
        }
        if (character >= 'A' && character <= 'Z' || "#<>=+~^".indexOf(character) >= 0) {
            return 0.86;
        }
        if (character >= 'a' && character <= 'z' || character >= '0' && character <= '9' || "{}\"_*?$".indexOf(character) >= 0) {
            return 0.72;
        }
        return 1.12;
    }

    private void add(final Map<String, Box> boxes, final String identifier, final Box box) {
        boxes.put(identifier, box);
        components.add(box);
    }

    private void checkText(final Box box, final VersionedLabel label) {
        final double fontSize = fontSize(label.getStyle());
        final String[] textLines = (label.getLabel() == null ? "" : label.getLabel()).split("\n", -1);
        final double available = box.width() - LABEL_TEXT_INSET;
        for (int index = 0; index < textLines.length; index++) {
            final double width = textWidth(textLines[index], fontSize);
            if (width > available) {
                textProblems.add(box + ", font " + number(fontSize) + "px: line " + (index + 1) + " ('" + preview(textLines[index]) + "') needs about "
                        + number(Math.ceil(width)) + " px but " + number(available) + " fit, and the UI draws wrapped lines over the next: break the line"
                        + " or widen the label to " + number(Math.ceil(width + LABEL_TEXT_INSET)));
            }
        }
        final double needed = Math.ceil((textLines.length + 1) * LINE_HEIGHT_EM * fontSize);
        if (box.height() < needed) {
            textProblems.add(box + ", font " + number(fontSize) + "px: " + textLines.length + " lines need a height of " + number(needed)
                    + " (the UI stops drawing lines one short of the height): make the label at least " + number(needed) + " high");
        }
    }

    private static double fontSize(final Map<String, String> style) {
        final String value = style == null ? null : style.get("font-size");
        if (value == null || value.isBlank()) {
            return DEFAULT_FONT_SIZE;
        }
        return Double.parseDouble(value.trim().toLowerCase(Locale.ROOT).replace("px", ""));
    }

    private static Line line(final VersionedConnection connection, final VersionedProcessGroup group, final Box source, final Box destination) {
        final List<Point> bends = new ArrayList<>();
        if (connection.getBends() != null) {
            connection.getBends().forEach(bend -> bends.add(new Point(bend.getX(), bend.getY())));
        }
        final Point endAnchor = bends.isEmpty() ? source.center() : bends.get(bends.size() - 1);
        final Point end = perimeterPoint(endAnchor, destination);
        final Point startAnchor = bends.isEmpty() ? end : bends.get(0);
        final Point start = perimeterPoint(startAnchor, source);
        final List<Point> points = new ArrayList<>();
        points.add(start);
        points.addAll(bends);
        points.add(end);

        final Point labelCentre;
        final String labelPlace;
        if (bends.isEmpty()) {
            labelCentre = new Point((start.x() + end.x()) / 2, (start.y() + end.y()) / 2);
            labelPlace = "the midpoint " + labelCentre;
        } else {
            final int requested = connection.getLabelIndex() == null ? 0 : connection.getLabelIndex();
            final int index = Math.min(Math.max(0, requested), bends.size() - 1);
            labelCentre = bends.get(index);
            labelPlace = "bend " + index + " " + labelCentre;
        }
        int rows = 1;
        if (isPortOfOtherGroup(connection.getSource(), group)) {
            rows++;
        }
        if (isPortOfOtherGroup(connection.getDestination(), group)) {
            rows++;
        }
        final Set<String> relationships = connection.getSelectedRelationships() == null ? Set.of() : new TreeSet<>(connection.getSelectedRelationships());
        relationships.remove("");
        final boolean named = connection.getName() != null && !connection.getName().isBlank();
        if (named || !relationships.isEmpty()) {
            rows++;
        }
        final double height = rows * CONNECTION_LABEL_ROW_HEIGHT + CONNECTION_LABEL_BARS_HEIGHT;
        final String description = "'" + source.name() + "' → '" + destination.name() + "'" + (relationships.isEmpty() ? "" : " " + relationships);
        final Box label = new Box("connection label", description, labelCentre.x() - CONNECTION_LABEL_WIDTH / 2, labelCentre.y() - height / 2, CONNECTION_LABEL_WIDTH, height);
        return new Line(description, source, destination, List.copyOf(points), label, labelPlace);
    }

    /** Where the line toward the point crosses the box's border, as CanvasUtils.getPerimeterPoint computes it. */
    static Point perimeterPoint(final Point toward, final Box box) {
        final double theta = Math.atan2(box.height(), box.width());
        final double xRadius = box.width() / 2;
        final double yRadius = box.height() / 2;
        final double centreX = box.x() + xRadius;
        final double centreY = box.y() + yRadius;
        double alpha = Math.atan2(toward.y() - centreY, toward.x() - centreX);
        alpha = alpha % (2 * Math.PI);
        if (alpha < 0) {
            alpha += 2 * Math.PI;
        }
        final double beta = Math.PI / 2 - alpha;
        if (alpha < theta || alpha >= 2 * Math.PI - theta) {
            return new Point(box.right(), centreY + Math.tan(alpha) * xRadius);
        } else if (alpha < Math.PI - theta) {
            return new Point(centreX + Math.tan(beta) * yRadius, box.bottom());
        } else if (alpha < Math.PI + theta) {
            return new Point(box.x(), centreY - Math.tan(alpha) * xRadius);
        }
        return new Point(centreX - Math.tan(beta) * yRadius, box.y());
    }

    private static boolean isPortOfOtherGroup(final ConnectableComponent endpoint, final VersionedProcessGroup group) {
        final ConnectableComponentType type = endpoint.getType();
        final boolean port = type == ConnectableComponentType.INPUT_PORT || type == ConnectableComponentType.OUTPUT_PORT
                || type == ConnectableComponentType.REMOTE_INPUT_PORT || type == ConnectableComponentType.REMOTE_OUTPUT_PORT;
        return port && endpoint.getGroupId() != null && !endpoint.getGroupId().equals(group.getIdentifier());
    }

    /** The box a connection end attaches to: the component, or the child or remote group holding the port. */
    private static Box endpoint(final ConnectableComponent endpoint, final VersionedProcessGroup group, final Map<String, Box> boxes) {
        if (isPortOfOtherGroup(endpoint, group)) {
            return boxes.get(endpoint.getGroupId());
        }
        return boxes.get(endpoint.getId());
    }

    /** Funnels have no names on the canvas; connections name them (e.g. "Failures"), which reads better in a message. */
    private static Map<String, String> funnelNames(final VersionedProcessGroup group) {
        final Map<String, String> names = new HashMap<>();
        for (final VersionedConnection connection : group.getConnections()) {
            for (final ConnectableComponent endpoint : List.of(connection.getSource(), connection.getDestination())) {
                if (endpoint.getType() == ConnectableComponentType.FUNNEL && endpoint.getName() != null && !endpoint.getName().isBlank()) {
                    names.putIfAbsent(endpoint.getId(), endpoint.getName());
                }
            }
        }
        return names;
    }

    /** How far to move the second box, in the cheapest of the four directions, for it to clear the first. */
    private static String separation(final Box fixed, final Box moving) {
        final double right = fixed.right() - moving.x();
        final double left = moving.right() - fixed.x();
        final double down = fixed.bottom() - moving.y();
        final double up = moving.bottom() - fixed.y();
        final double least = Math.min(Math.min(right, left), Math.min(down, up));
        final String direction = least == right ? "right" : least == left ? "left" : least == down ? "down" : "up";
        return "at least " + number(Math.ceil(least)) + " px " + direction;
    }

    private static Box box(final String kind, final String name, final Position position, final double width, final double height) {
        return new Box(kind, name, position.getX(), position.getY(), width, height);
    }

    private static String preview(final String text) {
        final String line = text == null ? "" : text.strip().split("\n", 2)[0];
        return line.length() <= 40 ? line : line.substring(0, 40) + "…";
    }

    private static String number(final double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
