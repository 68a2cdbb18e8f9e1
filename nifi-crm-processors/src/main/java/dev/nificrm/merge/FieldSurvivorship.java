package dev.nificrm.merge;

import java.util.Objects;

/**
 * The survivorship rule of one field of a golden record.
 *
 * @param fieldName the field
 * @param rule      how its value is chosen from the members' values
 */
public record FieldSurvivorship(String fieldName, SurvivorshipRule rule) {
    public FieldSurvivorship {
        Objects.requireNonNull(fieldName, "fieldName");
        Objects.requireNonNull(rule, "rule");
    }
}
