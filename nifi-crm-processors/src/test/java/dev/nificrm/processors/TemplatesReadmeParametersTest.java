package dev.nificrm.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nificrm.FlowDefinitions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * templates/README.md is what an operator sets a flow's parameters by: each {@code ## crm-....json} section's parameter
 * tables ({@code | Parameter | Default | Meaning |}) name every parameter of that flow definition and no other, and the
 * defaults they state are the values the flow ships. A table under a heading naming several flows
 * ({@code ## Writes that fail (crm-sync-pull, crm-sync-push, ...)}) names parameters each of them has.
 * <p>
 * How a table states defaults: a cell names one or more parameters ({@code Source Table, Source ID Column},
 * {@code Source System / Target System}); its Default cell gives one value each, in order, or one for them all: a value
 * in backticks (where {@code ...} or {@code …} stands for text left out), {@code (no value)}, {@code (sensitive)} (no
 * value), {@code (empty ...)}, {@code (regular expression)} (not compared), or {@code the content of `sync/x.json`}
 * (the file's JSON, optionally {@code without its `field` field}). An empty Default cell states nothing.
 */
class TemplatesReadmeParametersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SECTION = Pattern.compile("(?m)^## (.*)$");
    private static final Pattern FLOW = Pattern.compile("crm-[a-z-]*[a-z]");
    private static final Pattern NAMES = Pattern.compile(", | / ");
    private static final Pattern ELLIPSIS = Pattern.compile("\\.\\.\\.|…");
    private static final Pattern STATED = Pattern.compile(
            "the content of `([^`]+)`(?: without its `([^`]+)` field)?|`((?:[^`\\\\]|\\\\.)*)`|\\((no value|sensitive|empty[^)]*|regular expression)\\)");

    @Test
    void everyParameterTableAgreesWithItsFlowDefinitions() throws IOException {
        final String readme = Files.readString(FlowDefinitions.templatesFile("README.md"));
        final Map<String, Set<String>> tabled = new TreeMap<>();
        final List<String> problems = new ArrayList<>();
        final Matcher heading = SECTION.matcher(readme);
        final List<int[]> bounds = new ArrayList<>();
        final List<String> headings = new ArrayList<>();
        while (heading.find()) {
            bounds.add(new int[]{heading.start(), heading.end()});
            headings.add(heading.group(1));
        }
        for (int section = 0; section < headings.size(); section++) {
            final int end = section + 1 < bounds.size() ? bounds.get(section + 1)[0] : readme.length();
            final List<String> flows = flowsOf(headings.get(section));
            final String body = readme.substring(bounds.get(section)[1], end);
            for (final String flow : flows) {
                checkTables(headings.get(section), flow, body, flows.size() == 1 ? tabled.computeIfAbsent(flow, name -> new TreeSet<>()) : new TreeSet<>(),
                        problems);
            }
            if (flows.isEmpty() && body.contains("\n| Parameter |")) {
                problems.add("## " + headings.get(section) + ": a parameter table under a heading that names no flow definition");
            }
        }
        for (final Map.Entry<String, Set<String>> flow : tabled.entrySet()) {
            final Set<String> untabled = new TreeSet<>(FlowDefinitions.parameters(flow.getKey()).keySet());
            untabled.removeAll(flow.getValue());
            if (!untabled.isEmpty()) {
                problems.add("## " + flow.getKey() + ": parameters of the flow its parameter tables do not name: " + untabled);
            }
        }
        assertTrue(tabled.keySet().containsAll(Set.of("crm-migration.json", "crm-migration-db.json", "crm-sync-pull.json", "crm-sync-push.json",
                "crm-sync-two-way.json", "crm-cutover.json")), "a flow definition without a parameter table in templates/README.md: " + tabled.keySet());
        assertTrue(problems.isEmpty(), problems.size() + " disagreements between templates/README.md and the flow definitions:\n" + String.join("\n", problems));
    }

    /** The flow definitions a heading names ({@code crm-cutover.json}; {@code Writes that fail (crm-sync-pull, crm-cutover)}). */
    private static List<String> flowsOf(final String heading) {
        final List<String> flows = new ArrayList<>();
        final Matcher flow = FLOW.matcher(heading);
        while (flow.find()) {
            flows.add(flow.group() + ".json");
        }
        return flows;
    }

    private static void checkTables(final String heading, final String flow, final String body, final Set<String> tabled,
                                    final List<String> problems) throws IOException {
        final Map<String, String> parameters = FlowDefinitions.parameters(flow);
        final String[] lines = body.split("\n");
        for (int line = 0; line + 1 < lines.length; line++) {
            if (!lines[line].startsWith("| Parameter |")) {
                continue;
            }
            final List<String> headers = cells(lines[line]);
            final int defaultColumn = headers.indexOf("Default");
            for (int row = line + 2; row < lines.length && lines[row].startsWith("|"); row++) {
                final List<String> cells = cells(lines[row]);
                final String[] names = NAMES.split(cells.get(0));
                final List<String> stated = defaultColumn < 0 ? List.of() : stated(cells.get(defaultColumn));
                for (int name = 0; name < names.length; name++) {
                    tabled.add(names[name]);
                    if (!parameters.containsKey(names[name])) {
                        problems.add("## " + heading + ": '" + names[name] + "' is no parameter of " + flow);
                    } else if (!stated.isEmpty()) {
                        final String statement = stated.size() == 1 ? stated.get(0) : name < stated.size() ? stated.get(name) : null;
                        if (statement != null && !agrees(statement, parameters.get(names[name]))) {
                            problems.add("## " + heading + ": states the default of '" + names[name] + "' as " + statement + ", " + flow + " ships "
                                    + (parameters.get(names[name]) == null ? "no value" : "'" + parameters.get(names[name]) + "'"));
                        }
                    }
                }
            }
        }
    }

    /** The values a Default cell states, each as written (with its backticks or parentheses). */
    private static List<String> stated(final String cell) {
        final List<String> stated = new ArrayList<>();
        final Matcher value = STATED.matcher(cell);
        while (value.find()) {
            stated.add(value.group());
        }
        return stated;
    }

    private static boolean agrees(final String statement, final String shipped) throws IOException {
        final Matcher value = STATED.matcher(statement);
        if (!value.matches()) {
            throw new IllegalStateException(statement);
        }
        if (value.group(1) != null) {
            final JsonNode file = JSON.readTree(Files.readString(FlowDefinitions.templatesFile(value.group(1))));
            if (value.group(2) != null) {
                ((ObjectNode) file.get("fields")).remove(value.group(2));
            }
            return shipped != null && file.equals(JSON.readTree(shipped));
        }
        if (value.group(3) != null) {
            return shipped != null && inOrder(value.group(3).replace("\\|", "|"), shipped);
        }
        return switch (value.group(4)) {
            case "no value", "sensitive" -> shipped == null;
            case "regular expression" -> shipped != null;
            default -> "".equals(shipped);
        };
    }

    /** Whether the stated value is the shipped one, where "..." or "…" may stand for any text left out. */
    private static boolean inOrder(final String stated, final String shipped) {
        final String[] parts = ELLIPSIS.split(stated, -1);
        if (parts.length == 1) {
            return stated.equals(shipped);
        }
        if (!shipped.startsWith(parts[0]) || !shipped.endsWith(parts[parts.length - 1])) {
            return false;
        }
        int from = parts[0].length();
        for (int part = 1; part < parts.length - 1; part++) {
            final int found = shipped.indexOf(parts[part], from);
            if (found < 0) {
                return false;
            }
            from = found + parts[part].length();
        }
        return from <= shipped.length() - parts[parts.length - 1].length();
    }

    private static List<String> cells(final String line) {
        final List<String> cells = new ArrayList<>();
        for (final String cell : line.strip().replaceAll("^\\|", "").replaceAll("\\|$", "").split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }
}
