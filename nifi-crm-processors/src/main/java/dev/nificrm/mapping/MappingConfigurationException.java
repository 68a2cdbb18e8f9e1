package dev.nificrm.mapping;

import java.util.List;

/**
 * A mapping that cannot be compiled: the specification is malformed or refers to something that does not exist.
 * Each problem is one sentence an operator can act on.
 */
public class MappingConfigurationException extends Exception {
    private final List<String> problems;

    public MappingConfigurationException(final List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public MappingConfigurationException(final String problem) {
        this(List.of(problem));
    }

    /** The problems found, each an explanation with what to change. */
    public List<String> getProblems() {
        return problems;
    }
}
