package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.annotation.behavior.DynamicProperties;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.components.AllowableValue;
import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.flow.ConnectableComponent;
import org.apache.nifi.flow.ConnectableComponentType;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedFunnel;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedParameterContext;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processors.standard.AbstractExecuteSQL;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Static checks of every flow definition in templates/, without a running NiFi: it parses strictly into nifi-api's
 * RegisteredFlowSnapshot, names only components that exist (ours from nifi-crm-processors' service registrations,
 * NiFi's from the class path), sets only properties those components have (or accept as dynamic properties) with
 * allowed values (their keys, not their labels), references only parameters of its context and services of the right
 * API, connects only existing relationships, and leaves no relationship unconnected and not auto-terminated.
 */
class FlowDefinitionTest {
    private static final String OUR_PACKAGE = "dev.nificrm.";
    /** A parameter reference: #{Name}, or #{'Name'} inside Expression Language (where a name with spaces is quoted). */
    private static final Pattern PARAMETER_REFERENCE = Pattern.compile("#\\{'?([^}']+)'?}");
    /** The database user of every flow's parameters, as the PostgreSQL Entity Store's usage page creates it. */
    private static final String DATABASE_USER = "nifi_crm";
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static Stream<Path> flowDefinitions() throws IOException {
        final Path templates = ProjectPaths.templates();
        try (Stream<Path> files = Files.list(templates)) {
            final List<Path> definitions = files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
            assertFalse(definitions.isEmpty(), "no flow definitions in " + templates);
            return definitions.stream();
        }
    }

    @Test
    void theMigrationFlowIsATemplate() throws IOException {
        assertTrue(flowDefinitions().anyMatch(file -> file.getFileName().toString().equals("crm-migration.json")));
    }

    @ParameterizedTest
    @MethodSource("flowDefinitions")
    void parsesStrictlyAsFlowSnapshot(final Path definition) throws IOException {
        final RegisteredFlowSnapshot snapshot = read(definition);
        assertNotNull(snapshot.getFlowContents(), "flowContents");
        assertEquals("1.0", snapshot.getFlowEncodingVersion());
        final String contextName = snapshot.getFlowContents().getParameterContextName();
        assertNotNull(contextName, "the group has a parameter context");
        assertTrue(snapshot.getParameterContexts().containsKey(contextName), "the parameter context " + contextName + " is defined");
    }

    @ParameterizedTest
    @MethodSource("flowDefinitions")
    void namesOnlyExistingComponentsAndTheirProperties(final Path definition) throws Exception {
        final RegisteredFlowSnapshot snapshot = read(definition);
        final Map<String, String> parameters = parameterValues(snapshot);
        final List<String> problems = new ArrayList<>();
        for (final VersionedProcessGroup group : groups(snapshot.getFlowContents())) {
            final Map<String, VersionedControllerService> services = new HashMap<>();
            for (final VersionedControllerService service : group.getControllerServices()) {
                services.put(service.getIdentifier(), service);
            }
            for (final VersionedControllerService service : group.getControllerServices()) {
                final ControllerService component = controllerService(service.getType(), problems);
                if (component != null) {
                    checkProperties(service.getName(), component, service.getProperties(), services, parameters, problems);
                }
            }
            for (final VersionedProcessor processor : group.getProcessors()) {
                final TestRunner runner = runner(processor.getType(), problems);
                if (runner != null) {
                    checkProperties(processor.getName(), runner.getProcessor(), processor.getProperties(), services, parameters, problems);
                    checkDynamicProperties(processor.getName(), runner, processor.getProperties(), problems);
                }
            }
        }
        assertEquals(List.of(), problems, definition.getFileName() + ": components and properties");
    }

    @ParameterizedTest
    @MethodSource("flowDefinitions")
    void connectsEveryRelationshipExactlyToExistingComponents(final Path definition) throws Exception {
        final RegisteredFlowSnapshot snapshot = read(definition);
        final Map<String, String> parameters = parameterValues(snapshot);
        final List<String> problems = new ArrayList<>();
        for (final VersionedProcessGroup group : groups(snapshot.getFlowContents())) {
            final Map<String, VersionedProcessor> processors = new HashMap<>();
            group.getProcessors().forEach(processor -> processors.put(processor.getIdentifier(), processor));
            final Set<String> funnels = new HashSet<>();
            group.getFunnels().stream().map(VersionedFunnel::getIdentifier).forEach(funnels::add);

            final Map<String, Set<String>> connected = new HashMap<>();
            for (final VersionedConnection connection : group.getConnections()) {
                checkEndpoint(connection.getDestination(), processors, funnels, problems);
                if (!checkEndpoint(connection.getSource(), processors, funnels, problems)) {
                    continue;
                }
                if (connection.getBackPressureObjectThreshold() == null || connection.getBackPressureObjectThreshold() <= 0
                        || connection.getBackPressureDataSizeThreshold() == null) {
                    problems.add("connection " + connection.getIdentifier() + " has no back pressure thresholds");
                }
                if (connection.getSource().getType() == ConnectableComponentType.PROCESSOR) {
                    connected.computeIfAbsent(connection.getSource().getId(), id -> new HashSet<>())
                            .addAll(connection.getSelectedRelationships());
                } else if (connection.getSelectedRelationships().stream().anyMatch(name -> !name.isEmpty())) {
                    problems.add("connection from funnel " + connection.getSource().getId() + " selects relationships");
                }
            }

            for (final VersionedProcessor processor : processors.values()) {
                final TestRunner runner = runner(processor.getType(), problems);
                if (runner == null) {
                    continue;
                }
                configureRelationships(runner, processor.getProperties(), parameters);
                final Set<String> relationships = new HashSet<>();
                runner.getProcessor().getRelationships().stream().map(Relationship::getName).forEach(relationships::add);
                final Set<String> used = connected.getOrDefault(processor.getIdentifier(), Set.of());
                final Set<String> terminated = processor.getAutoTerminatedRelationships() == null
                        ? Set.of() : processor.getAutoTerminatedRelationships();
                for (final String name : union(used, terminated)) {
                    if (!relationships.contains(name)) {
                        problems.add(processor.getName() + ": no relationship '" + name + "' (has " + relationships + ")");
                    }
                }
                for (final String name : relationships) {
                    if (!used.contains(name) && !terminated.contains(name)) {
                        problems.add(processor.getName() + ": relationship '" + name + "' is neither connected nor auto-terminated");
                    }
                }
            }
        }
        assertEquals(List.of(), problems, definition.getFileName() + ": connections");
    }

    /**
     * A write that fails is neither dropped nor tried forever: every PutDatabaseRecord's failure and retry go to a
     * RetryFlowFile (penalized, at most a number of times) whose retry leads back to that loader and whose
     * retries_exceeded and failure lead on (to the load failures: a bulletin, a file, a count); no loader takes its own
     * failure back, and the framework retries only relationships a processor has. A write refused for good is split
     * record by record (Isolate Refused Records, a SplitRecord of one record per split), each record tried once more by
     * that loader's Retry processor, so that only the records refused are filed; a loader raises no bulletin of its own
     * for each attempt (Bulletin Level NONE): Alert Load Failure raises one per write filed.
     */
    @ParameterizedTest
    @MethodSource("flowDefinitions")
    void aWriteThatFailsIsRetriedABoundedNumberOfTimesThenFiled(final Path definition) throws Exception {
        final RegisteredFlowSnapshot snapshot = read(definition);
        final Map<String, String> parameters = parameterValues(snapshot);
        final List<String> problems = new ArrayList<>();
        for (final VersionedProcessGroup group : groups(snapshot.getFlowContents())) {
            final Map<String, VersionedProcessor> processors = new HashMap<>();
            group.getProcessors().forEach(processor -> processors.put(processor.getIdentifier(), processor));
            for (final VersionedProcessor processor : group.getProcessors()) {
                final TestRunner runner = runner(processor.getType(), problems);
                if (runner != null && processor.getRetriedRelationships() != null) {
                    configureRelationships(runner, processor.getProperties(), parameters);
                    final Set<String> relationships = new HashSet<>();
                    runner.getProcessor().getRelationships().stream().map(Relationship::getName).forEach(relationships::add);
                    for (final String retried : processor.getRetriedRelationships()) {
                        if (!relationships.contains(retried)) {
                            problems.add(processor.getName() + " retries '" + retried + "', which it does not have (" + relationships + ")");
                        }
                    }
                }
                if (!processor.getType().endsWith(".PutDatabaseRecord")) {
                    continue;
                }
                if (!"NONE".equals(processor.getBulletinLevel())) {
                    problems.add(processor.getName() + " raises a bulletin for every attempt (Bulletin Level " + processor.getBulletinLevel()
                            + "), also for those retried that then land: Alert Load Failure raises the one for a write filed");
                }
                if (processor.getRetriedRelationships() != null && processor.getRetriedRelationships().contains("failure")) {
                    problems.add(processor.getName() + " retries its failure in the framework: a constraint would be retried too");
                }
                for (final String relationship : List.of("failure", "retry")) {
                    final List<VersionedConnection> out = group.getConnections().stream()
                            .filter(connection -> connection.getSource().getId().equals(processor.getIdentifier()))
                            .filter(connection -> connection.getSelectedRelationships().contains(relationship)).toList();
                    if (out.size() != 1 || out.getFirst().getDestination().getType() != ConnectableComponentType.PROCESSOR
                            || !processors.get(out.getFirst().getDestination().getId()).getType().endsWith(".RetryFlowFile")) {
                        problems.add(processor.getName() + ": '" + relationship + "' does not go to one RetryFlowFile");
                        continue;
                    }
                    final VersionedProcessor retry = processors.get(out.getFirst().getDestination().getId());
                    if ("false".equals(retry.getProperties().get("penalize-retries"))) {
                        problems.add(retry.getName() + " does not penalize: its retries come back at once");
                    }
                    if (!retry.getProperties().getOrDefault("maximum-retries", "").contains("#{'Load Retries'}")) {
                        problems.add(retry.getName() + ": Maximum Retries does not take the parameter Load Retries");
                    }
                    for (final VersionedConnection connection : group.getConnections()) {
                        if (connection.getSource().getId().equals(retry.getIdentifier())) {
                            final boolean back = connection.getDestination().getId().equals(processor.getIdentifier());
                            if (connection.getSelectedRelationships().contains("retry") != back
                                    || back && connection.getSelectedRelationships().size() != 1) {
                                problems.add(retry.getName() + ": only 'retry' goes back to " + processor.getName() + ", not " + connection.getSelectedRelationships()
                                        + " to " + connection.getDestination().getName());
                            }
                        }
                    }
                    final Set<String> terminated = retry.getAutoTerminatedRelationships() == null ? Set.of() : retry.getAutoTerminatedRelationships();
                    if (terminated.contains("retries_exceeded") || terminated.contains("failure")) {
                        problems.add(retry.getName() + " drops what it does not retry: " + terminated);
                    }
                    if ("failure".equals(relationship)) {
                        problems.addAll(isolationProblems(group, processors, retry));
                    }
                }
            }
        }
        assertEquals(List.of(), problems, definition.getFileName() + ": writes that fail");
    }

    /**
     * What the Retry processor does not retry reaches Isolate Refused Records: a RouteOnAttribute whose {@code isolate}
     * goes to a SplitRecord of one record per split, whose splits lose the write's error (so that the Retry processor
     * tries each once more, as a replay) and come back to that same Retry processor (directly, or through the router of
     * the replays, where the flow has one), and whose {@code unmatched} goes to Describe Load Failure.
     */
    private static List<String> isolationProblems(final VersionedProcessGroup group, final Map<String, VersionedProcessor> processors,
                                                  final VersionedProcessor retry) {
        final List<String> problems = new ArrayList<>();
        final List<VersionedProcessor> exceeded = next(group, processors, retry.getIdentifier(), "retries_exceeded");
        if (exceeded.size() != 1 || !exceeded.getFirst().getType().endsWith(".RouteOnAttribute") || !exceeded.getFirst().getProperties().containsKey("isolate")) {
            problems.add(retry.getName() + ": 'retries_exceeded' does not go to one RouteOnAttribute with a route 'isolate' (Isolate Refused Records), but to "
                    + exceeded.stream().map(VersionedProcessor::getName).toList());
            return problems;
        }
        final VersionedProcessor isolate = exceeded.getFirst();
        if (!next(group, processors, retry.getIdentifier(), "failure").equals(exceeded)) {
            problems.add(retry.getName() + ": 'failure' does not go where 'retries_exceeded' goes, " + isolate.getName());
        }
        if (!next(group, processors, isolate.getIdentifier(), "unmatched").stream().map(VersionedProcessor::getName).toList().equals(List.of("Describe Load Failure"))) {
            problems.add(isolate.getName() + ": 'unmatched' does not go to Describe Load Failure");
        }
        final List<VersionedProcessor> splits = next(group, processors, isolate.getIdentifier(), "isolate");
        if (splits.size() != 1 || !splits.getFirst().getType().endsWith(".SplitRecord") || !"1".equals(splits.getFirst().getProperties().get("Records Per Split"))) {
            problems.add(isolate.getName() + ": 'isolate' does not go to one SplitRecord of 1 record per split, but to " + splits.stream().map(VersionedProcessor::getName).toList());
            return problems;
        }
        final VersionedProcessor split = splits.getFirst();
        final List<VersionedProcessor> again = next(group, processors, split.getIdentifier(), "splits");
        if (again.size() != 1 || !again.getFirst().getType().endsWith(".UpdateAttribute")
                || !"putdatabaserecord.error".matches(again.getFirst().getProperties().getOrDefault("Delete Attributes Expression", "(none)"))) {
            problems.add(split.getName() + ": 'splits' does not go to one UpdateAttribute that deletes putdatabaserecord.error (the write's error: the Retry "
                    + "processor would refuse each record at once), but to " + again.stream().map(VersionedProcessor::getName).toList());
            return problems;
        }
        // which route of the router a record takes, by its crm.load.target, LoadFailureRulesTest runs
        List<VersionedProcessor> reached = next(group, processors, again.getFirst().getIdentifier(), "success");
        if (reached.size() == 1 && reached.getFirst().getType().endsWith(".RouteOnAttribute")) {
            reached = next(group, processors, reached.getFirst().getIdentifier(), null).stream().filter(retry::equals).toList();
        }
        if (!reached.equals(List.of(retry))) {
            problems.add(again.getFirst().getName() + ": the records of a write of " + retry.getName() + " go to " + reached.stream().map(VersionedProcessor::getName).toList()
                    + ", not back to it");
        }
        return problems;
    }

    /** The processors a relationship of a component leads to, through funnels. */
    private static List<VersionedProcessor> next(final VersionedProcessGroup group, final Map<String, VersionedProcessor> processors, final String sourceId,
                                                 final String relationship) {
        final List<VersionedProcessor> reached = new ArrayList<>();
        for (final VersionedConnection connection : group.getConnections()) {
            if (!connection.getSource().getId().equals(sourceId)
                    || relationship != null && !connection.getSelectedRelationships().contains(relationship)) {
                continue;
            }
            if (connection.getDestination().getType() == ConnectableComponentType.FUNNEL) {
                reached.addAll(next(group, processors, connection.getDestination().getId(), null));
            } else if (processors.containsKey(connection.getDestination().getId())) {
                reached.add(processors.get(connection.getDestination().getId()));
            }
        }
        return reached;
    }

    @ParameterizedTest
    @MethodSource("flowDefinitions")
    void takesAParameterEverywhereItsPropertyAppears(final Path definition) throws Exception {
        assertEquals(List.of(), parameterUseProblems(read(definition)), definition.getFileName() + ": parameter use");
    }

    /**
     * Every database user parameter defaults to the one user the PostgreSQL Entity Store's usage page has an operator create
     * ({@code create user nifi_crm ...}): before, the push and two-way flows defaulted to nifi_crm and the pull, cutover and
     * database migration flows to nifi, a user that a database set up as the page says does not have.
     */
    @ParameterizedTest
    @MethodSource("flowDefinitions")
    void everyDatabaseUserDefaultsToTheUserTheStorePageCreates(final Path definition) throws Exception {
        final List<String> others = new ArrayList<>();
        parameterValues(read(definition)).forEach((name, value) -> {
            if (name.endsWith("Database User") && !DATABASE_USER.equals(value)) {
                others.add(name + " = " + value);
            }
        });
        assertEquals(List.of(), others, definition.getFileName() + ": database users other than " + DATABASE_USER);
    }

    /** The issue that brought the check: Clean Records cleaned phones with #{Default Phone Region}, Find Duplicates matched them as US numbers. */
    @Test
    void aPropertyFixedInOneProcessorAndParameterisedInAnotherIsReported() throws Exception {
        final RegisteredFlowSnapshot snapshot = read(ProjectPaths.templates().resolve("crm-migration.json"));
        final VersionedProcessor findDuplicates = snapshot.getFlowContents().getProcessors().stream()
                .filter(processor -> processor.getName().equals("Find Duplicates")).findFirst().orElseThrow();

        findDuplicates.getProperties().put("Default Phone Region", "US");
        assertEquals(List.of("Find Duplicates (MatchCRMRecord) sets 'Default Phone Region' to 'US' while Clean Records (CleanCRMRecord) takes it from"
                + " #{Default Phone Region}: set 'Default Phone Region' of Find Duplicates to #{Default Phone Region}"), parameterUseProblems(snapshot));

        findDuplicates.getProperties().remove("Default Phone Region");
        assertEquals(List.of("Find Duplicates (MatchCRMRecord) leaves 'Default Phone Region' at its default while Clean Records (CleanCRMRecord) takes it from"
                + " #{Default Phone Region}: set 'Default Phone Region' of Find Duplicates to #{Default Phone Region}"), parameterUseProblems(snapshot));
    }

    /**
     * A property that one component takes from a parameter (its whole value {@code #{P}}), or that is named like a
     * parameter of the context, must take it from that parameter in every component that has a property of that
     * name: otherwise an operator who changes the parameter changes half the flow.
     */
    static List<String> parameterUseProblems(final RegisteredFlowSnapshot snapshot) throws Exception {
        final String contextName = snapshot.getFlowContents().getParameterContextName();
        final List<ConfiguredComponent> components = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        for (final VersionedProcessGroup group : groups(snapshot.getFlowContents())) {
            for (final VersionedProcessor processor : group.getProcessors()) {
                final Processor component = processor(processor.getType(), problems);
                if (component != null) {
                    components.add(new ConfiguredComponent(processor.getName(), component, processor.getProperties()));
                }
            }
            for (final VersionedControllerService service : group.getControllerServices()) {
                final ControllerService component = controllerService(service.getType(), problems);
                if (component != null) {
                    components.add(new ConfiguredComponent(service.getName(), component, service.getProperties()));
                }
            }
        }
        components.sort(Comparator.comparing(ConfiguredComponent::name));

        // property name -> the parameter it is taken from, and who takes it so (the first in name order)
        final Map<String, String> parameterOfProperty = new TreeMap<>();
        final Map<String, String> takenBy = new HashMap<>();
        final Map<String, Class<?>> takenByType = new HashMap<>();
        for (final ConfiguredComponent component : components) {
            for (final Map.Entry<String, String> property : component.properties().entrySet()) {
                final Matcher whole = PARAMETER_REFERENCE.matcher(property.getValue() == null ? "" : property.getValue());
                if (whole.matches() && !parameterOfProperty.containsKey(property.getKey())) {
                    parameterOfProperty.put(property.getKey(), whole.group(1));
                    takenBy.put(property.getKey(), component.description());
                    takenByType.put(property.getKey(), component.component().getClass());
                }
            }
        }
        for (final String parameter : parameterValues(snapshot).keySet()) {
            if (!parameterOfProperty.containsKey(parameter)) {
                parameterOfProperty.put(parameter, parameter);
                takenBy.put(parameter, "the parameter context " + contextName);
            }
        }

        for (final ConfiguredComponent component : components) {
            final Set<String> supported = new HashSet<>();
            component.component().getPropertyDescriptors().forEach(descriptor -> supported.add(descriptor.getName()));
            for (final Map.Entry<String, String> parameterised : parameterOfProperty.entrySet()) {
                final String property = parameterised.getKey();
                final String value = component.properties().get(property);
                if (!supported.contains(property) || value != null && value.contains("#{")) {
                    continue;
                }
                // two steps of one kind at different places of a flow may differ on purpose: the MapCRMRecord that
                // reads the export takes the Source Schema from a parameter, the one that writes a table's columns
                // reads the canonical model (Source Schema none)
                if (value != null && component.component().getClass() == takenByType.get(property)) {
                    continue;
                }
                // an ExecuteSQL(Record) without a SQL Query runs the statement its FlowFile holds (crm-migration-db's Find
                // Rows Kept Deleted, whose query a step before it writes): a query of its own, not the parameter's
                if (value == null && "SQL Query".equals(property) && component.component() instanceof AbstractExecuteSQL) {
                    continue;
                }
                final String reference = "#{" + parameterised.getValue() + "}";
                problems.add(component.description() + (value == null ? " leaves '" + property + "' at its default" : " sets '" + property + "' to '" + value + "'")
                        + " while " + takenBy.get(property) + " takes it from " + reference + ": set '" + property + "' of " + component.name() + " to " + reference);
            }
        }
        return problems;
    }

    /** A component of the flow with the properties the flow definition gives it. */
    private record ConfiguredComponent(String name, ConfigurableComponent component, Map<String, String> properties) {
        String description() {
            return name + " (" + component.getClass().getSimpleName() + ")";
        }
    }

    private static void checkProperties(final String componentName, final ConfigurableComponent component,
                                        final Map<String, String> properties, final Map<String, VersionedControllerService> services,
                                        final Map<String, String> parameters, final List<String> problems) throws Exception {
        final Map<String, PropertyDescriptor> descriptors = new HashMap<>();
        component.getPropertyDescriptors().forEach(descriptor -> descriptors.put(descriptor.getName(), descriptor));
        for (final Map.Entry<String, String> property : properties.entrySet()) {
            final String where = componentName + " (" + component.getClass().getSimpleName() + ") property '" + property.getKey() + "'";
            final String value = property.getValue();
            final PropertyDescriptor descriptor = descriptors.get(property.getKey());
            // a component that takes dynamic properties would take a label (DBCPConnectionPool's "Database Driver
            // Location(s)") as a new property and ignore it: its name is "database-driver-locations"
            final String labelOf = descriptor != null ? null : descriptors.values().stream()
                    .filter(candidate -> candidate.getDisplayName().equals(property.getKey())).map(PropertyDescriptor::getName).findFirst().orElse(null);
            if (labelOf != null) {
                problems.add(where + " is the label of the property '" + labelOf + "': a flow definition names properties by their name");
                continue;
            }
            if (descriptor == null && !acceptsDynamicProperties(component)) {
                problems.add(where + " does not exist; properties are " + descriptors.keySet());
                continue;
            }
            if (value == null) {
                continue;
            }
            final Matcher references = PARAMETER_REFERENCE.matcher(value);
            while (references.find()) {
                if (!parameters.containsKey(references.group(1))) {
                    problems.add(where + " references the undefined parameter " + references.group(1));
                }
            }
            if (descriptor == null) {
                continue;
            }
            final String effective = resolve(value, parameters);
            if (descriptor.getControllerServiceDefinition() != null) {
                final VersionedControllerService service = services.get(value);
                if (service == null) {
                    problems.add(where + " names no controller service of the group: " + value);
                } else if (!descriptor.getControllerServiceDefinition().isAssignableFrom(Class.forName(service.getType()))) {
                    problems.add(where + " needs a " + descriptor.getControllerServiceDefinition().getSimpleName() + ", not " + service.getType());
                }
            } else if (descriptor.getAllowableValues() != null && effective != null) {
                // a flow definition stores the value's key (getValue), never the label the UI shows (getDisplayName)
                final Set<String> allowed = new HashSet<>();
                descriptor.getAllowableValues().stream().map(AllowableValue::getValue).forEach(allowed::add);
                if (!allowed.contains(effective)) {
                    final String label = descriptor.getAllowableValues().stream().anyMatch(allowable -> allowable.getDisplayName().equals(effective))
                            ? " ('" + effective + "' is a label: store its key)" : "";
                    problems.add(where + " = '" + effective + "' is not one of the keys " + allowed + label);
                }
            }
        }
    }

    /** Dynamic properties (rules, roles, attributes) must pass the validation the component gives them. */
    private static void checkDynamicProperties(final String componentName, final TestRunner runner, final Map<String, String> properties,
                                               final List<String> problems) {
        final Set<String> supported = new HashSet<>();
        runner.getProcessor().getPropertyDescriptors().forEach(descriptor -> supported.add(descriptor.getName()));
        for (final Map.Entry<String, String> property : properties.entrySet()) {
            if (supported.contains(property.getKey()) || property.getValue() == null || property.getValue().contains("#{")) {
                continue;
            }
            final ValidationResult result = runner.setProperty(property.getKey(), property.getValue());
            if (!result.isValid()) {
                problems.add(componentName + " dynamic property '" + property.getKey() + "': " + result.getExplanation());
            }
        }
    }

    /**
     * Gives the processor the flow's property values (parameters resolved, controller services left out), so that
     * relationships that depend on them exist: RouteOnAttribute's routes are its dynamic properties, MergeCRMRecord's
     * Three-Way Sync mode adds conflict, unchanged and write-back.
     */
    private static void configureRelationships(final TestRunner runner, final Map<String, String> properties, final Map<String, String> parameters) {
        final Map<String, PropertyDescriptor> descriptors = new HashMap<>();
        runner.getProcessor().getPropertyDescriptors().forEach(descriptor -> descriptors.put(descriptor.getName(), descriptor));
        for (final Map.Entry<String, String> property : properties.entrySet()) {
            final PropertyDescriptor descriptor = descriptors.get(property.getKey());
            final String value = property.getValue() == null ? null : resolve(property.getValue(), parameters);
            if (value != null && (descriptor == null || descriptor.getControllerServiceDefinition() == null)) {
                runner.setProperty(property.getKey(), value);
            }
        }
    }

    /** The value with a whole-value parameter reference replaced by the parameter's value (null: no value). */
    private static String resolve(final String value, final Map<String, String> parameters) {
        final Matcher whole = PARAMETER_REFERENCE.matcher(value);
        if (whole.matches()) {
            return parameters.get(whole.group(1));
        }
        return value;
    }

    private static boolean checkEndpoint(final ConnectableComponent endpoint, final Map<String, VersionedProcessor> processors,
                                         final Set<String> funnels, final List<String> problems) {
        final boolean exists = switch (endpoint.getType()) {
            case PROCESSOR -> processors.containsKey(endpoint.getId());
            case FUNNEL -> funnels.contains(endpoint.getId());
            default -> false;
        };
        if (!exists) {
            problems.add("connection endpoint " + endpoint.getType() + " " + endpoint.getId() + " (" + endpoint.getName() + ") does not exist");
        }
        return exists;
    }

    private static boolean acceptsDynamicProperties(final ConfigurableComponent component) {
        final Class<?> type = component.getClass();
        return type.isAnnotationPresent(DynamicProperty.class) || type.isAnnotationPresent(DynamicProperties.class);
    }

    private static Processor processor(final String type, final List<String> problems) {
        final TestRunner runner = runner(type, problems);
        return runner == null ? null : runner.getProcessor();
    }

    private static TestRunner runner(final String type, final List<String> problems) {
        if (!isRegistered(type, "org.apache.nifi.processor.Processor", problems)) {
            return null;
        }
        try {
            return TestRunners.newTestRunner(Class.forName(type).asSubclass(Processor.class));
        } catch (final ReflectiveOperationException | LinkageError e) {
            problems.add("processor " + type + " cannot be loaded: " + e);
            return null;
        }
    }

    private static ControllerService controllerService(final String type, final List<String> problems) {
        if (!isRegistered(type, "org.apache.nifi.controller.ControllerService", problems)) {
            return null;
        }
        try {
            final ControllerService service = Class.forName(type).asSubclass(ControllerService.class).getDeclaredConstructor().newInstance();
            TestRunners.newTestRunner(NoOpProcessor.class).addControllerService("check", service);
            return service;
        } catch (final ReflectiveOperationException | LinkageError | org.apache.nifi.reporting.InitializationException e) {
            problems.add("controller service " + type + " cannot be loaded: " + e);
            return null;
        }
    }

    /**
     * Whether a jar on the class path registers the type in META-INF/services (how NiFi discovers components);
     * our types must be registered by nifi-crm-processors itself.
     */
    private static boolean isRegistered(final String type, final String serviceInterface, final List<String> problems) {
        try {
            final List<URL> registrations = Collections.list(FlowDefinitionTest.class.getClassLoader().getResources("META-INF/services/" + serviceInterface));
            for (final URL registration : registrations) {
                if (type.startsWith(OUR_PACKAGE) && !registration.toString().contains("nifi-crm-processors")) {
                    continue;
                }
                try (InputStream in = registration.openStream()) {
                    for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                        if (line.replaceFirst("#.*", "").trim().equals(type)) {
                            return true;
                        }
                    }
                }
            }
        } catch (final IOException e) {
            problems.add("cannot read the registrations of " + serviceInterface + ": " + e);
            return false;
        }
        problems.add(type + " is not a registered " + serviceInterface.substring(serviceInterface.lastIndexOf('.') + 1)
                + (type.startsWith(OUR_PACKAGE) ? " in nifi-crm-processors" : " on the class path"));
        return false;
    }

    private static Map<String, String> parameterValues(final RegisteredFlowSnapshot snapshot) {
        final Map<String, String> values = new HashMap<>();
        final VersionedParameterContext context = snapshot.getParameterContexts().get(snapshot.getFlowContents().getParameterContextName());
        for (final VersionedParameter parameter : context.getParameters()) {
            values.put(parameter.getName(), parameter.getValue());
        }
        return values;
    }

    /** The group and all groups inside it. */
    static List<VersionedProcessGroup> groups(final VersionedProcessGroup root) {
        final List<VersionedProcessGroup> groups = new ArrayList<>();
        groups.add(root);
        for (final VersionedProcessGroup child : root.getProcessGroups()) {
            groups.addAll(groups(child));
        }
        return groups;
    }

    private static Set<String> union(final Set<String> first, final Set<String> second) {
        final Set<String> union = new HashSet<>(first);
        union.addAll(second);
        return union;
    }

    static RegisteredFlowSnapshot read(final Path definition) throws IOException {
        return STRICT.readValue(definition.toFile(), RegisteredFlowSnapshot.class);
    }
}
