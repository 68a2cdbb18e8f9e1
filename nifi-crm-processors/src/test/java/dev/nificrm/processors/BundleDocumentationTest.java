package dev.nificrm.processors;

import dev.nificrm.roles.Role;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.components.AllowableValue;
import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.time.DurationFormat;
import org.apache.nifi.util.TestRunner;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
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
    /** Where an attribute's name varies: crm.progress.outcome.<outcome>.count, http.headers.* */
    private static final Pattern WILDCARD = Pattern.compile("<[^>]*>|\\*");

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
            final ConfigurableComponent component = instance(type);
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

    /**
     * The usage page is what an operator configures by: every property (by the name the UI shows), every relationship
     * the component can have and every attribute it reads or writes is named on it, every property it presents in a property table or with a default exists,
     * and every default it states is the descriptor's. See {@link UsagePage} for how a page presents them.
     */
    @Test
    void everyPageAgreesWithItsComponentsPropertiesRelationshipsAndDefaults() throws Exception {
        final Map<String, ConfigurableComponent> components = new TreeMap<>();
        for (final String className : registeredComponents()) {
            final Class<?> type = Class.forName(className);
            components.put(type.getSimpleName(), instance(type));
        }
        final Set<String> propertyNames = new TreeSet<>();
        for (final ConfigurableComponent component : components.values()) {
            for (final PropertyDescriptor descriptor : component.getPropertyDescriptors()) {
                propertyNames.add(descriptor.getDisplayName());
            }
        }
        final List<String> problems = new ArrayList<>();
        for (final Map.Entry<String, ConfigurableComponent> entry : components.entrySet()) {
            final String name = entry.getKey();
            final ConfigurableComponent component = entry.getValue();
            final UsagePage page = new UsagePage(name, Files.readString(DOCS.resolve(component.getClass().getName()).resolve("additionalDetails.md")));
            for (final PropertyDescriptor descriptor : component.getPropertyDescriptors()) {
                if (!page.mentions(descriptor.getDisplayName())) {
                    problems.add(name + ": property '" + descriptor.getDisplayName() + "' is not named on the page");
                }
            }
            problems.addAll(propertyTableGaps(name, component, page.tableProperties()));
            for (final String attribute : bundleAttributes(component.getClass())) {
                final String fixedPart = WILDCARD.split(attribute, 2)[0];
                if (fixedPart.equals(attribute) ? !page.mentions(attribute) : !page.mentionsAWordStartingWith(fixedPart)) {
                    problems.add(name + ": attribute '" + attribute + "' (read or written) is not named on the page");
                }
            }
            for (final String relationship : everyRelationship(component)) {
                if (!page.namesRelationship(relationship)) {
                    problems.add(name + ": relationship '" + relationship + "' is not named on the page");
                }
            }
            for (final UsagePage.Statement statement : page.statements(propertyNames)) {
                problems.addAll(disagreements(name, statement, components));
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " disagreements between the usage pages and the components:\n" + String.join("\n", problems));
    }

    /**
     * MergeCRMRecord's page states each role's default survivorship rule in a table ({@code | Role | Rule | Why |}, the
     * roles by key in backticks): every role of the vocabulary is in exactly one row, the row of its rule.
     */
    @Test
    void mergeCRMRecordsPageStatesEveryRolesDefaultRule() throws IOException {
        final String[] lines = Files.readString(DOCS.resolve(MergeCRMRecord.class.getName()).resolve("additionalDetails.md")).split("\n");
        final Map<String, List<String>> stated = new TreeMap<>();
        for (int line = 0; line < lines.length; line++) {
            if (!lines[line].startsWith("| Role | Rule |")) {
                continue;
            }
            for (int row = line + 2; row < lines.length && lines[row].startsWith("|"); row++) {
                final String[] cells = lines[row].split("\\|");
                final Matcher quoted = Pattern.compile("`([^`]+)`").matcher(cells[1]);
                while (quoted.find()) {
                    if (Role.fromKey(quoted.group(1)).isPresent()) {
                        stated.computeIfAbsent(quoted.group(1), role -> new ArrayList<>()).add(cells[2].strip());
                    }
                }
            }
        }
        final List<String> problems = new ArrayList<>();
        for (final Role role : Role.values()) {
            final List<String> rules = stated.getOrDefault(role.getKey(), List.of());
            if (!rules.equals(List.of(role.getSurvivorship().getKey()))) {
                problems.add(role.getKey() + ": the page states " + rules + ", its default rule is " + role.getSurvivorship().getKey());
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * A page with a property table presents the component's properties there: an operator reads the table as the whole list. Every
     * property must have a row, and a property with a default must have its default stated in it (that it is the descriptor's is
     * checked with the other stated defaults). A page without a property table is not held to this.
     */
    private static List<String> propertyTableGaps(final String page, final ConfigurableComponent component, final Map<String, String> table) {
        if (table.isEmpty()) {
            return List.of();
        }
        final List<String> gaps = new ArrayList<>();
        for (final PropertyDescriptor descriptor : component.getPropertyDescriptors()) {
            if (!table.containsKey(descriptor.getDisplayName())) {
                gaps.add(page + ": property '" + descriptor.getDisplayName() + "' has no row in the page's property table");
            } else if (descriptor.getDefaultValue() != null && table.get(descriptor.getDisplayName()) == null) {
                gaps.add(page + ": the property table's row of '" + descriptor.getDisplayName() + "' states no default (it is '"
                        + descriptor.getDefaultValue() + "')");
            }
        }
        return gaps;
    }

    /** What is wrong with one thing a page says about a property: the property does not exist, or its default is another. */
    private static List<String> disagreements(final String page, final UsagePage.Statement statement, final Map<String, ConfigurableComponent> components) {
        final ConfigurableComponent owner = components.get(statement.owner());
        if (owner == null) {
            return List.of(); // another processor's property, e.g. ExecuteSQLRecord's Output Batch Size
        }
        final PropertyDescriptor descriptor = property(owner, statement.property());
        if (descriptor == null) {
            final boolean ownersOwn = statement.presentsProperty() || !statement.owner().equals(page);
            if (ownersOwn) {
                return List.of(page + ": presents '" + statement.property() + "' as a property of " + statement.owner() + ", which has none so named: "
                        + statement.context());
            }
            return statement.statesDefault() ? otherComponentsDefault(page, statement, components) : List.of();
        }
        if (!statement.statesDefault() || isDefault(descriptor, statement.statedDefault())) {
            return List.of();
        }
        return List.of(page + ": states the default of " + statement.owner() + "'s '" + statement.property() + "' as '" + statement.statedDefault()
                + "', the descriptor's is '" + descriptor.getDefaultValue() + "': " + statement.context());
    }

    /**
     * A default the page states, without naming whose, for a property this component does not have: another
     * component's (the PostgreSQLEntityStore page on EraseCRMRecord's "Key Log Compaction, At Every Erasure by
     * default"), checked when every component having a property of that name has the same default; when they differ
     * (Golden ID Field: none on MatchCRMRecord, /crm_match_id on ReconcileCRMRecord) the page does not say which it means.
     */
    private static List<String> otherComponentsDefault(final String page, final UsagePage.Statement statement, final Map<String, ConfigurableComponent> components) {
        final List<String> problems = new ArrayList<>();
        final Set<String> defaults = new TreeSet<>();
        for (final Map.Entry<String, ConfigurableComponent> other : components.entrySet()) {
            final PropertyDescriptor descriptor = property(other.getValue(), statement.property());
            if (descriptor != null) {
                defaults.add(String.valueOf(descriptor.getDefaultValue()));
                if (!isDefault(descriptor, statement.statedDefault())) {
                    problems.add(page + ": states the default of " + other.getKey() + "'s '" + statement.property() + "' as '" + statement.statedDefault()
                            + "', the descriptor's is '" + descriptor.getDefaultValue() + "': " + statement.context());
                }
            }
        }
        return defaults.size() == 1 ? problems : List.of();
    }

    /** Whether the page's value is the descriptor's default: as stored, or as the UI labels it, or both ({@code Role Defaults (`role-defaults`)}). */
    private static boolean isDefault(final PropertyDescriptor descriptor, final String stated) {
        final String defaultValue = descriptor.getDefaultValue();
        if (stated.isEmpty() || defaultValue == null) {
            return stated.isEmpty() && defaultValue == null;
        }
        if (sameDuration(defaultValue, stated)) {
            return true;
        }
        final Set<String> spellings = new TreeSet<>(Set.of(defaultValue));
        if (descriptor.getAllowableValues() != null) {
            for (final AllowableValue value : descriptor.getAllowableValues()) {
                if (value.getValue().equals(defaultValue)) {
                    spellings.add(value.getDisplayName());
                    spellings.add(value.getDisplayName() + " (`" + value.getValue() + "`)");
                }
            }
        }
        return spellings.contains(stated);
    }

    /** Whether both are the same time period, however written: "5 minutes" is the "5 min" the UI shows. */
    private static boolean sameDuration(final String defaultValue, final String stated) {
        try {
            return DurationFormat.getPreciseTimeDuration(defaultValue, TimeUnit.MILLISECONDS) == DurationFormat.getPreciseTimeDuration(stated, TimeUnit.MILLISECONDS);
        } catch (final IllegalArgumentException notADuration) {
            return false;
        }
    }

    private static PropertyDescriptor property(final ConfigurableComponent component, final String displayName) {
        for (final PropertyDescriptor descriptor : component.getPropertyDescriptors()) {
            if (descriptor.getDisplayName().equals(displayName)) {
                return descriptor;
            }
        }
        return null;
    }

    /**
     * The bundle's own FlowFile attributes ({@code crm.*}) the component says it reads or writes; NiFi's standard ones
     * ({@code record.count}, {@code mime.type}, {@code http.headers.*}) NiFi's generated part of the page lists.
     */
    private static Set<String> bundleAttributes(final Class<?> type) {
        final Set<String> attributes = new TreeSet<>();
        final WritesAttributes writes = type.getAnnotation(WritesAttributes.class);
        for (final WritesAttribute attribute : writes == null ? new WritesAttribute[0] : writes.value()) {
            attributes.add(attribute.attribute());
        }
        final ReadsAttributes reads = type.getAnnotation(ReadsAttributes.class);
        for (final ReadsAttribute attribute : reads == null ? new ReadsAttribute[0] : reads.value()) {
            attributes.add(attribute.attribute());
        }
        attributes.removeIf(attribute -> !attribute.startsWith("crm."));
        return attributes;
    }

    /** The relationships a processor has in any of its modes (MergeCRMRecord's Three-Way Sync adds conflict, unchanged...). */
    private static Set<String> everyRelationship(final ConfigurableComponent component) {
        final Set<String> relationships = new TreeSet<>();
        if (!(component instanceof Processor)) {
            return relationships;
        }
        final TestRunner runner = TestRunners.newTestRunner(component.getClass().asSubclass(Processor.class));
        collectRelationships(runner, relationships);
        for (final PropertyDescriptor descriptor : runner.getProcessor().getPropertyDescriptors()) {
            if (descriptor.getAllowableValues() != null) {
                for (final AllowableValue value : descriptor.getAllowableValues()) {
                    runner.setProperty(descriptor, value.getValue());
                    collectRelationships(runner, relationships);
                }
            }
        }
        return relationships;
    }

    private static void collectRelationships(final TestRunner runner, final Set<String> relationships) {
        for (final Relationship relationship : runner.getProcessor().getRelationships()) {
            relationships.add(relationship.getName());
        }
    }

    private static ConfigurableComponent instance(final Class<?> type) throws ReflectiveOperationException {
        return Processor.class.isAssignableFrom(type)
                ? TestRunners.newTestRunner(type.asSubclass(Processor.class)).getProcessor()
                : (ConfigurableComponent) type.getConstructor().newInstance();
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
