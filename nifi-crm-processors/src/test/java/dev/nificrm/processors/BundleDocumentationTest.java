package dev.nificrm.processors;

import org.apache.nifi.components.AllowableValue;
import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bundle-wide checks of what NiFi finds through the service files: every registered component is a loadable,
 * instantiable class with its additionalDetails.md, every docs folder names a registered component (a misnamed
 * folder silently loses its documentation), the service files are sorted without duplicates, and every allowable
 * value is a stable key with a label (flow definitions store the key).
 */
class BundleDocumentationTest {
    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path SERVICES = RESOURCES.resolve("META-INF/services");
    private static final Path DOCS = RESOURCES.resolve("docs");
    private static final Map<String, Class<?>> SERVICE_TYPES = Map.of(
            "org.apache.nifi.processor.Processor", Processor.class,
            "org.apache.nifi.controller.ControllerService", ControllerService.class);
    /** NiFi's style of allowable-value key: short, lower-case words joined by hyphens, e.g. route-to-invalid. */
    private static final Pattern KEY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    @Test
    void everyRegisteredComponentLoadsAndIsDocumented() throws IOException, ClassNotFoundException {
        final List<String> registered = registeredComponents();
        assertFalse(registered.isEmpty(), "No component is registered in " + SERVICES);
        for (final String className : registered) {
            final Path details = DOCS.resolve(className).resolve("additionalDetails.md");
            assertTrue(Files.isRegularFile(details), className + " has no " + details);
            assertTrue(Files.size(details) > 0, details + " is empty");
        }
    }

    @Test
    void everyDocsFolderNamesARegisteredComponent() throws IOException, ClassNotFoundException {
        final Set<String> registered = new TreeSet<>(registeredComponents());
        if (!Files.isDirectory(DOCS)) {
            return;
        }
        try (Stream<Path> folders = Files.list(DOCS)) {
            for (final Path folder : folders.toList()) {
                final String name = folder.getFileName().toString();
                assertTrue(registered.contains(name), "docs/" + name + " does not name a registered component: " + registered);
            }
        }
    }

    @Test
    void serviceFilesAreSortedWithoutDuplicates() throws IOException {
        for (final String serviceType : SERVICE_TYPES.keySet()) {
            final List<String> entries = entries(serviceType);
            final List<String> sorted = new ArrayList<>(new TreeSet<>(entries));
            assertEquals(sorted, entries, serviceType + " must be sorted and without duplicates");
        }
    }

    @Test
    void everyAllowableValueIsAStableKeyWithALabel() throws Exception {
        final List<String> problems = new ArrayList<>();
        for (final String className : registeredComponents()) {
            final Class<?> type = Class.forName(className);
            final ConfigurableComponent component = Processor.class.isAssignableFrom(type)
                    ? TestRunners.newTestRunner(type.asSubclass(Processor.class)).getProcessor()
                    : (ConfigurableComponent) type.getConstructor().newInstance();
            for (final PropertyDescriptor descriptor : component.getPropertyDescriptors()) {
                if (descriptor.getAllowableValues() == null) {
                    continue;
                }
                for (final AllowableValue value : descriptor.getAllowableValues()) {
                    if (!KEY.matcher(value.getValue()).matches() || value.getDisplayName() == null || value.getDisplayName().isBlank()) {
                        problems.add(type.getSimpleName() + " '" + descriptor.getName() + "': value '" + value.getValue()
                                + "' labelled '" + value.getDisplayName() + "'");
                    }
                }
            }
        }
        assertEquals(List.of(), problems, "allowable values must be kebab-case keys with a label");
    }

    /** Every class named in a service file, checked to be a concrete component of that type with a public no-argument constructor. */
    private static List<String> registeredComponents() throws IOException, ClassNotFoundException {
        final List<String> components = new ArrayList<>();
        for (final Map.Entry<String, Class<?>> serviceType : SERVICE_TYPES.entrySet()) {
            for (final String className : entries(serviceType.getKey())) {
                final Class<?> type = Class.forName(className);
                assertTrue(serviceType.getValue().isAssignableFrom(type), className + " is not a " + serviceType.getValue().getSimpleName());
                assertFalse(Modifier.isAbstract(type.getModifiers()), className + " is abstract");
                try {
                    type.getConstructor();
                } catch (final NoSuchMethodException e) {
                    throw new AssertionError(className + " has no public no-argument constructor", e);
                }
                components.add(className);
            }
        }
        return components;
    }

    private static List<String> entries(final String serviceType) throws IOException {
        final Path file = SERVICES.resolve(serviceType);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        final List<String> entries = new ArrayList<>();
        for (final String line : Files.readAllLines(file)) {
            final String entry = line.strip();
            if (!entry.isEmpty() && !entry.startsWith("#")) {
                entries.add(entry);
            }
        }
        return entries;
    }
}
