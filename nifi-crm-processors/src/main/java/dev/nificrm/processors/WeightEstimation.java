package dev.nificrm.processors;

import org.apache.nifi.components.DescribedValue;

/** Where MatchCRMRecord's Fellegi-Sunter m and u probabilities come from. */
public enum WeightEstimation implements DescribedValue {
    ROLE_DEFAULTS("role-defaults", "Role Defaults", "Use the documented default m and u probabilities of each role; the same input always gets the same scores"),
    ESTIMATE_FROM_DATA("estimate-from-data", "Estimate from Data", "Estimate u from random pairs and m by expectation-maximisation over the candidate pairs "
            + "of each FlowFile, starting from and anchored to the role defaults; needs no labelled data");

    private final String value;
    private final String displayName;
    private final String description;

    WeightEstimation(final String value, final String displayName, final String description) {
        this.value = value;
        this.displayName = displayName;
        this.description = description;
    }

    @Override
    public String getValue() {
        return value;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
