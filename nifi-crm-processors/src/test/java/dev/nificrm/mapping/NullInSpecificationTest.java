package dev.nificrm.mapping;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A null inside a specification's lists or value maps (a JSON null typed by mistake) must be reported
 * as a configuration problem, not escape validation as a NullPointerException (NiFi then shows "Failed to run
 * validation due to java.lang.NullPointerException" and logs a stack trace).
 */
class NullInSpecificationTest {

    private static void compile(final String specification) throws MappingConfigurationException {
        MappingCompiler.compile(null, null, SpecificationReader.read(specification), null, UnmappedFieldPolicy.DROP, "crm_errors");
    }

    @Test
    void aNullInAValueMapIsAConfigurationProblem() {
        assertThrows(MappingConfigurationException.class, () -> compile("{\"fields\": {\"x\": {\"from\": \"/a\", \"values\": {\"A\": null}}}}"));
    }

    @Test
    void aNullPathInCoalesceIsAConfigurationProblem() {
        assertThrows(MappingConfigurationException.class, () -> compile("{\"fields\": {\"x\": {\"coalesce\": [\"/a\", null]}}}"));
    }

    @Test
    void aNullInAConditionsListIsAConfigurationProblem() {
        // before, Set.copyOf threw a NullPointerException out of the compiler
        assertThrows(MappingConfigurationException.class,
                () -> compile("{\"fields\": {\"x\": {\"from\": \"/a\", \"when\": {\"field\": \"/t\", \"in\": [\"Business\", null]}}}}"));
    }
}
