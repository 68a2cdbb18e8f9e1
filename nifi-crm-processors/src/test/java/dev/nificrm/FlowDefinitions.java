package dev.nificrm;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.components.AllowableValue;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedParameterContext;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flow definitions of the repository's {@code templates/} as one processor's unit test sees them: what they set
 * that processor's properties to. A flow definition stores a property's value as written, so a property with allowable
 * values must hold the value's stable key ({@code route-to-invalid}), never the label the UI shows for it ("Route to
 * Invalid"): a reworded label would otherwise break every imported flow.
 */
public final class FlowDefinitions {
    private static final Pattern WHOLE_PARAMETER_REFERENCE = Pattern.compile("#\\{([^}]+)}");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** {@link #migrationServiceProperties} by service type, as crm-migration.json sets them. */
    private static final Map<String, Map<String, String>> MIGRATION_SERVICE_PROPERTIES = new ConcurrentHashMap<>();

    private FlowDefinitions() {
    }

    /**
     * Asserts that every flow definition in templates/ sets each property of the processor that has allowable values
     * (directly or through a parameter) to one of their keys, and that the flow definitions set at least one such
     * property of it (so the check cannot pass by finding nothing).
     */
    public static void assertAllowableValuesAreKeys(final Processor processor) throws IOException {
        final List<String> problems = new ArrayList<>();
        int checked = 0;
        for (final Path definition : definitions()) {
            final RegisteredFlowSnapshot snapshot = MAPPER.readValue(definition.toFile(), RegisteredFlowSnapshot.class);
            final Map<String, String> parameters = parameters(snapshot);
            for (final VersionedProcessor component : processors(snapshot.getFlowContents())) {
                if (!component.getType().equals(processor.getClass().getName())) {
                    continue;
                }
                for (final PropertyDescriptor descriptor : processor.getPropertyDescriptors()) {
                    final String value = resolve(component.getProperties().get(descriptor.getName()), parameters);
                    if (descriptor.getAllowableValues() == null || value == null) {
                        continue;
                    }
                    checked++;
                    final List<String> keys = descriptor.getAllowableValues().stream().map(AllowableValue::getValue).toList();
                    if (!keys.contains(value)) {
                        problems.add(definition.getFileName() + ": " + component.getName() + " sets '" + descriptor.getName() + "' to '"
                                + value + "', which is not one of the keys " + keys + labelHint(descriptor, value));
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked > 0, "no flow definition in templates/ sets a property with allowable values of " + processor.getClass().getSimpleName());
    }

    /**
     * The properties the migration flow definition ({@code templates/crm-migration.json}) sets on its controller service
     * of the given type (e.g. {@code org.apache.nifi.csv.CSVReader}), parameters resolved: tests read records with
     * exactly the reader settings the flow ships.
     */
    public static Map<String, String> migrationServiceProperties(final String serviceType) throws IOException {
        // read once a test JVM (each caller gets a copy): the reliability tests set up thousands of readers and writers this way
        Map<String, String> properties = MIGRATION_SERVICE_PROPERTIES.get(serviceType);
        if (properties == null) {
            properties = readMigrationServiceProperties(serviceType);
            MIGRATION_SERVICE_PROPERTIES.put(serviceType, properties);
        }
        return new HashMap<>(properties);
    }

    private static Map<String, String> readMigrationServiceProperties(final String serviceType) throws IOException {
        for (final Path definition : definitions()) {
            if (!definition.getFileName().toString().equals("crm-migration.json")) {
                continue;
            }
            final RegisteredFlowSnapshot snapshot = MAPPER.readValue(definition.toFile(), RegisteredFlowSnapshot.class);
            final Map<String, String> parameters = parameters(snapshot);
            for (final VersionedControllerService service : snapshot.getFlowContents().getControllerServices()) {
                if (service.getType().equals(serviceType)) {
                    final Map<String, String> properties = new HashMap<>();
                    service.getProperties().forEach((name, value) -> properties.put(name, resolve(value, parameters)));
                    return properties;
                }
            }
        }
        throw new IOException("templates/crm-migration.json has no controller service of type " + serviceType);
    }

    /**
     * The properties a flow definition of templates/ (e.g. {@code crm-migration.json}) sets on its processor of the given name,
     * parameters resolved to their values as shipped (a parameter without a value, or a property not set, is absent): a test runs
     * that step as the flow ships it.
     */
    public static Map<String, String> processorProperties(final String definitionName, final String processorName) throws IOException {
        return processorProperties(definitionName, processorName, Map.of());
    }

    /**
     * The properties a flow definition of templates/ sets on its processor of the given name, parameters resolved to their values
     * as shipped but for those given here, as an operator sets them after the import: a test runs that step as the operator gets it.
     */
    public static Map<String, String> processorProperties(final String definitionName, final String processorName,
                                                          final Map<String, String> parameterValues) throws IOException {
        for (final Path definition : definitions()) {
            if (!definition.getFileName().toString().equals(definitionName)) {
                continue;
            }
            final RegisteredFlowSnapshot snapshot = MAPPER.readValue(definition.toFile(), RegisteredFlowSnapshot.class);
            final Map<String, String> parameters = parameters(snapshot);
            parameters.putAll(parameterValues);
            for (final VersionedProcessor processor : processors(snapshot.getFlowContents())) {
                if (processor.getName().equals(processorName)) {
                    final Map<String, String> properties = new HashMap<>();
                    processor.getProperties().forEach((name, value) -> {
                        final String resolved = resolve(value, parameters);
                        if (resolved != null) {
                            properties.put(name, resolved);
                        }
                    });
                    return properties;
                }
            }
        }
        throw new IOException("templates/" + definitionName + " has no processor named " + processorName);
    }

    /**
     * The parameters of a flow definition of templates/ (e.g. {@code crm-sync-push.json}) by name, each with its value as shipped
     * (null for a parameter without a value).
     */
    public static Map<String, String> parameters(final String definitionName) throws IOException {
        for (final Path definition : definitions()) {
            if (definition.getFileName().toString().equals(definitionName)) {
                return parameters(MAPPER.readValue(definition.toFile(), RegisteredFlowSnapshot.class));
            }
        }
        throw new IOException("templates/" + definitionName + " does not exist");
    }

    private static String labelHint(final PropertyDescriptor descriptor, final String value) {
        return descriptor.getAllowableValues().stream()
                .filter(allowable -> allowable.getDisplayName().equals(value))
                .map(allowable -> " ('" + value + "' is the label of the key '" + allowable.getValue() + "')")
                .findFirst()
                .orElse("");
    }

    /** The value with a whole-value parameter reference replaced by the parameter's value. */
    private static String resolve(final String value, final Map<String, String> parameters) {
        if (value == null) {
            return null;
        }
        final Matcher reference = WHOLE_PARAMETER_REFERENCE.matcher(value);
        return reference.matches() ? parameters.get(reference.group(1)) : value;
    }

    private static Map<String, String> parameters(final RegisteredFlowSnapshot snapshot) {
        final Map<String, String> values = new HashMap<>();
        if (snapshot.getParameterContexts() != null) {
            for (final VersionedParameterContext context : snapshot.getParameterContexts().values()) {
                for (final VersionedParameter parameter : context.getParameters()) {
                    values.put(parameter.getName(), parameter.getValue());
                }
            }
        }
        return values;
    }

    private static List<VersionedProcessor> processors(final VersionedProcessGroup group) {
        final List<VersionedProcessor> processors = new ArrayList<>(group.getProcessors());
        for (final VersionedProcessGroup child : group.getProcessGroups()) {
            processors.addAll(processors(child));
        }
        return processors;
    }

    /** A file under the repository's templates/ (e.g. {@code sync/people-to-canonical.json}), as the flows ship it. */
    public static Path templatesFile(final String relativePath) throws IOException {
        return templates().resolve(relativePath);
    }

    private static List<Path> definitions() throws IOException {
        final Path templates = templates();
        try (Stream<Path> files = Files.list(templates)) {
            final List<Path> definitions = files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
            assertFalse(definitions.isEmpty(), "no flow definitions in " + templates);
            return definitions;
        }
    }

    private static Path templates() throws IOException {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            final Path templates = directory.resolve("templates");
            if (Files.isRegularFile(directory.resolve("mvnw")) && Files.isDirectory(templates)) {
                return templates;
            }
        }
        throw new IOException("No repository root (mvnw and templates/) above " + Path.of("").toAbsolutePath());
    }
}
