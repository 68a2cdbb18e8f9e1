package dev.nificrm.systemtest;

import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rules of templates/README.md "Writes that fail" are one set of rules, the same in every flow that files refused
 * writes (crm-sync-pull, crm-sync-push, crm-sync-two-way, crm-cutover, crm-migration-db): which errors a write is retried
 * for (Transient Load Errors), how often and how far apart (Load Retries, the Retry processors' Penalty Duration), which
 * errors a write refused for good is filed whole for rather than split record by record (Isolate Refused Records), how
 * the records refused are gathered (Gather Load Failures), how they are replayed (Replay Load Failures), and the loaders'
 * and their pools' settings that make the errors what those rules read (no bulletin per attempt, no values in the errors,
 * the lock timeout). Nothing else checks that a rule changed in one flow is changed in the others: 93a96b0e had to add
 * "Table ... not found" to all five by hand. Each flow's value of each rule is compared with the value most flows have;
 * a flow that differs is named with the difference.
 * <p>
 * What differs on purpose is left out: each Retry processor's {@code crm.load.target} (the CRM its loader writes), the
 * loaders' tables, keys, statement types and unmatched-field behaviour, and Replay Load Failures' Recurse Subdirectories
 * (the cutover and the database migration file into {@code load-failed/} itself, the others into a directory per CRM:
 * {@code LoadFailureRulesTest} checks that each replays where it files).
 */
class LoadFailureRulesAlikeTest {
    /** An alternative of Isolate Refused Records' errors filed whole: {@code find('...'):not()}. */
    private static final Pattern FILED_WHOLE = Pattern.compile("find\\('((?:[^'\\\\]|\\\\.)*)'\\):not\\(\\)");
    /** What the Retry processors, the loaders and Replay Load Failures set differently on purpose. */
    private static final Set<String> RETRY_OWN = Set.of("crm.load.target");
    private static final Set<String> LOADER_OWN = Set.of("put-db-record-table-name", "put-db-record-update-keys", "put-db-record-statement-type",
            "put-db-record-unmatched-field-behavior", "put-db-record-record-reader", "put-db-record-dcbp-service");
    private static final Set<String> REPLAY_OWN = Set.of("Recurse Subdirectories");
    private static final Set<String> RECORD_SERVICES = Set.of("record-reader", "record-writer", "Record Reader", "Record Writer");
    private static final List<String> PARAMETERS = List.of("Load Retries", "Transient Load Errors", "Lock Timeout");
    /** The rules whose value is a regular expression of alternatives, compared alternative by alternative. */
    private static final Set<String> ALTERNATIVES = Set.of("parameter Transient Load Errors: value", "Isolate Refused Records: the errors filed whole");

    @Test
    void everyFlowThatFilesRefusedWritesHasTheSameRules() throws IOException {
        final Map<String, RegisteredFlowSnapshot> flows = new TreeMap<>();
        for (final Path definition : LoadFailureRulesTest.flowsWithLoadRetries().toList()) {
            flows.put(definition.getFileName().toString(), FlowDefinitionTest.read(definition));
        }
        assertEquals(Set.of("crm-cutover.json", "crm-migration-db.json", "crm-sync-pull.json", "crm-sync-push.json", "crm-sync-two-way.json"), flows.keySet());
        assertEquals(List.of(), differences(flows), "Writes that fail: rules that differ between the flows");
    }

    /**
     * What an operator reads in the parameter dialog names where the writes that fail go: before, no flow's Error
     * Directory description said {@code load-failed/}, and the cutover's named neither it nor {@code not-reconciled/}.
     */
    @Test
    void theErrorDirectoryOfEveryFlowThatFilesRefusedWritesSaysWhereTheyGo() throws IOException {
        final List<String> silent = new ArrayList<>();
        for (final Path definition : LoadFailureRulesTest.flowsWithLoadRetries().toList()) {
            final RegisteredFlowSnapshot snapshot = FlowDefinitionTest.read(definition);
            for (final VersionedParameter parameter : snapshot.getParameterContexts().get(snapshot.getFlowContents().getParameterContextName()).getParameters()) {
                if (parameter.getName().equals("Error Directory") && !String.valueOf(parameter.getDescription()).contains("load-failed/")) {
                    silent.add(definition.getFileName() + ": " + parameter.getDescription());
                }
            }
        }
        assertEquals(List.of(), silent, "Error Directory descriptions that do not name load-failed/");
    }

    /** The check itself finds a difference, and names the flow and what differs. */
    @Test
    void aFlowThatFilesAnErrorWholeWhichTheOthersSplitIsNamedWithTheDifference() throws IOException {
        final Map<String, RegisteredFlowSnapshot> flows = new TreeMap<>();
        for (final Path definition : LoadFailureRulesTest.flowsWithLoadRetries().toList()) {
            flows.put(definition.getFileName().toString(), FlowDefinitionTest.read(definition));
        }
        final VersionedProcessor isolate = processors(flows.get("crm-cutover.json")).stream()
                .filter(processor -> processor.getName().equals("Isolate Refused Records")).findFirst().orElseThrow();
        isolate.getProperties().put("isolate", isolate.getProperties().get("isolate").replace("|Table .* not found, ensure the Catalog'", "'"));
        final VersionedProcessor gather = processors(flows.get("crm-sync-push.json")).stream()
                .filter(processor -> processor.getName().equals("Gather Load Failures")).findFirst().orElseThrow();
        gather.getProperties().put("max-bin-age", "30 sec");

        assertEquals(List.of(
                        "crm-sync-push.json, Gather Load Failures: max-bin-age is '30 sec', not '3 sec' as in the other 4 flows"
                                + " (crm-cutover.json, crm-migration-db.json, crm-sync-pull.json, crm-sync-two-way.json)",
                        "crm-cutover.json, Isolate Refused Records: the errors filed whole lack [Table .* not found, ensure the Catalog], which the other 4 flows"
                                + " (crm-migration-db.json, crm-sync-pull.json, crm-sync-push.json, crm-sync-two-way.json) have"),
                differences(flows));
    }

    /**
     * Each rule's value in each flow compared with the value most of the flows' components have: one line per component
     * whose value differs, naming its flow, the component and the difference.
     */
    static List<String> differences(final Map<String, RegisteredFlowSnapshot> flows) {
        // rule -> value -> the flows (and components) that have it
        final Map<String, Map<String, Set<String>>> rules = new TreeMap<>();
        for (final Map.Entry<String, RegisteredFlowSnapshot> flow : flows.entrySet()) {
            rulesOf(flow.getValue()).forEach(found -> rules.computeIfAbsent(found.rule(), rule -> new LinkedHashMap<>())
                    .computeIfAbsent(found.value(), value -> new TreeSet<>()).add(flow.getKey() + "\u0000" + found.where()));
        }
        final List<String> differences = new ArrayList<>();
        for (final Map.Entry<String, Map<String, Set<String>>> rule : rules.entrySet()) {
            if (rule.getValue().size() < 2) {
                continue;
            }
            final Map.Entry<String, Set<String>> most = rule.getValue().entrySet().stream()
                    .max(Comparator.comparingInt((Map.Entry<String, Set<String>> value) -> flowsOf(value.getValue()).size())).orElseThrow();
            final Set<String> mostFlows = flowsOf(most.getValue());
            for (final Map.Entry<String, Set<String>> other : rule.getValue().entrySet()) {
                if (other == most) {
                    continue;
                }
                for (final String holder : other.getValue()) {
                    final String flow = holder.substring(0, holder.indexOf('\u0000'));
                    final Set<String> others = new TreeSet<>(mostFlows);
                    others.remove(flow);
                    final String as = (others.size() == 1 ? "the other flow (" : "the other " + others.size() + " flows (") + String.join(", ", others) + ")";
                    differences.add(flow + ", " + holder.substring(holder.indexOf('\u0000') + 1) + ": "
                            + difference(rule.getKey(), other.getKey(), most.getKey(), as));
                }
            }
        }
        return differences;
    }

    private static String difference(final String rule, final String value, final String usual, final String as) {
        final String what = rule.substring(rule.indexOf(": ") + 2);
        if (!ALTERNATIVES.contains(rule)) {
            return what + " is '" + value + "', not '" + usual + "' as in " + as;
        }
        final Set<String> these = new TreeSet<>(alternatives(value));
        final Set<String> theirs = new TreeSet<>(alternatives(usual));
        final Set<String> lacking = new TreeSet<>(theirs);
        lacking.removeAll(these);
        these.removeAll(theirs);
        final List<String> parts = new ArrayList<>();
        if (!lacking.isEmpty()) {
            parts.add("lack " + lacking + ", which " + as + " have");
        }
        if (!these.isEmpty()) {
            parts.add("have " + these + ", which " + as + " have not");
        }
        if (parts.isEmpty()) {
            parts.add("are '" + value + "', the same alternatives as '" + usual + "' in " + as + " but written otherwise");
        }
        return what + " " + String.join("; and ", parts);
    }

    private static Set<String> flowsOf(final Set<String> holders) {
        final Set<String> flows = new TreeSet<>();
        holders.forEach(holder -> flows.add(holder.substring(0, holder.indexOf('\u0000'))));
        return flows;
    }

    /** A rule's value in a flow, and where: the component (or parameter) that holds it. */
    private record Found(String rule, String where, String value) {
    }

    /** Every value of the rules of "Writes that fail" in the flow. */
    private static List<Found> rulesOf(final RegisteredFlowSnapshot snapshot) {
        final List<Found> found = new ArrayList<>();
        final List<VersionedProcessor> processors = processors(snapshot);
        final Set<String> loaderPools = new HashSet<>();
        for (final VersionedProcessor processor : processors) {
            final String type = processor.getType().substring(processor.getType().lastIndexOf('.') + 1);
            switch (type.equals("RetryFlowFile") || type.equals("PutDatabaseRecord") ? type : processor.getName()) {
                case "RetryFlowFile" -> {
                    properties(found, "each Retry processor", processor, RETRY_OWN);
                    found.add(new Found("each Retry processor: Penalty Duration", processor.getName(), processor.getPenaltyDuration()));
                }
                case "PutDatabaseRecord" -> {
                    properties(found, "each loader", processor, LOADER_OWN);
                    found.add(new Found("each loader: Bulletin Level", processor.getName(), processor.getBulletinLevel()));
                    found.add(new Found("each loader: retried relationships", processor.getName(), String.valueOf(new TreeSet<>(
                            processor.getRetriedRelationships() == null ? Set.of() : processor.getRetriedRelationships()))));
                    loaderPools.add(processor.getProperties().get("put-db-record-dcbp-service"));
                }
                case "Isolate Refused Records" -> {
                    final String isolate = processor.getProperties().getOrDefault("isolate", "(none)");
                    final Matcher whole = FILED_WHOLE.matcher(isolate);
                    found.add(new Found("Isolate Refused Records: the errors filed whole", processor.getName(), whole.find() ? whole.group(1) : "(none)"));
                    found.add(new Found("Isolate Refused Records: isolate, but the errors filed whole", processor.getName(),
                            FILED_WHOLE.matcher(isolate).replaceAll("find('…'):not()")));
                    properties(found, processor.getName(), processor, Set.of("isolate"));
                }
                case "Split into Single Records", "Gather Load Failures", "Add Reason to Records" -> {
                    properties(found, processor.getName(), processor, RECORD_SERVICES);
                    found.add(new Found(processor.getName() + ": auto-terminated", processor.getName(), autoTerminated(processor)));
                }
                case "Try Each Record Again" -> found.add(new Found(processor.getName() + ": Delete Attributes Expression", processor.getName(),
                        processor.getProperties().getOrDefault("Delete Attributes Expression", "(not set)")));
                case "Describe Load Failure" -> found.add(new Found(processor.getName() + ": crm.load.error", processor.getName(),
                        processor.getProperties().getOrDefault("crm.load.error", "(not set)")));
                case "Alert Load Failure" -> found.add(new Found(processor.getName() + ": log-level", processor.getName(),
                        processor.getProperties().getOrDefault("log-level", "(not set)")));
                case "Replay Load Failures" -> {
                    properties(found, processor.getName(), processor, REPLAY_OWN);
                    found.add(new Found(processor.getName() + ": Run Schedule", processor.getName(), processor.getSchedulingPeriod()));
                    found.add(new Found(processor.getName() + ": state as shipped", processor.getName(), String.valueOf(processor.getScheduledState())));
                }
                default -> {
                }
            }
        }
        for (final VersionedControllerService pool : services(snapshot)) {
            if (loaderPools.contains(pool.getIdentifier())) {
                for (final String property : List.of("options", "logServerErrorDetail", "Database Driver Class Name")) {
                    found.add(new Found("each loader's connection pool: " + property, pool.getName(), pool.getProperties().getOrDefault(property, "(not set)")));
                }
            }
        }
        final Map<String, VersionedParameter> parameters = new TreeMap<>();
        snapshot.getParameterContexts().get(snapshot.getFlowContents().getParameterContextName()).getParameters()
                .forEach(parameter -> parameters.put(parameter.getName(), parameter));
        for (final String name : PARAMETERS) {
            final VersionedParameter parameter = parameters.get(name);
            found.add(new Found("parameter " + name + ": value", "parameter " + name, parameter == null ? "(no such parameter)" : String.valueOf(parameter.getValue())));
            found.add(new Found("parameter " + name + ": description", "parameter " + name,
                    parameter == null ? "(no such parameter)" : String.valueOf(parameter.getDescription())));
        }
        return found;
    }

    /** Each property of the processor as a rule of its role, but those it sets on purpose otherwise. */
    private static void properties(final List<Found> found, final String role, final VersionedProcessor processor, final Set<String> own) {
        processor.getProperties().forEach((name, value) -> {
            if (!own.contains(name)) {
                found.add(new Found(role + ": " + name, processor.getName(), String.valueOf(value)));
            }
        });
    }

    private static String autoTerminated(final VersionedProcessor processor) {
        return String.valueOf(new TreeSet<>(processor.getAutoTerminatedRelationships() == null ? Set.of() : processor.getAutoTerminatedRelationships()));
    }

    /**
     * The alternatives of a regular expression at its top level ({@code a|b(c|d)} → a, b(c|d)), without the flags
     * ({@code (?i)}) in front.
     */
    static List<String> alternatives(final String regex) {
        final String body = regex.replaceFirst("^\\(\\?[a-z]+\\)", "");
        final List<String> alternatives = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            final char c = body.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                alternatives.add(body.substring(start, i));
                start = i + 1;
            }
        }
        alternatives.add(body.substring(start));
        return alternatives;
    }

    private static List<VersionedProcessor> processors(final RegisteredFlowSnapshot snapshot) {
        final List<VersionedProcessor> processors = new ArrayList<>();
        for (final VersionedProcessGroup group : FlowDefinitionTest.groups(snapshot.getFlowContents())) {
            processors.addAll(group.getProcessors());
        }
        return processors;
    }

    private static List<VersionedControllerService> services(final RegisteredFlowSnapshot snapshot) {
        final List<VersionedControllerService> services = new ArrayList<>();
        for (final VersionedProcessGroup group : FlowDefinitionTest.groups(snapshot.getFlowContents())) {
            services.addAll(group.getControllerServices());
        }
        return services;
    }
}
