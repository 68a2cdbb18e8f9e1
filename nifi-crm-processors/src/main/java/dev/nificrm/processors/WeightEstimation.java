package dev.nificrm.processors;

/** Where MatchCRMRecord's Fellegi-Sunter m and u probabilities come from. */
public enum WeightEstimation implements LabelledValue {
    ROLE_DEFAULTS(new Label("role-defaults", "Role Defaults",
            "Use the documented default m and u probabilities of each role; the same input always gets the same scores")),
    ESTIMATE_FROM_DATA(new Label("estimate-from-data", "Estimate from Data",
            "Estimate u from random pairs and m by expectation-maximisation over the candidate pairs "
            + "of each FlowFile, starting from and anchored to the role defaults; needs no labelled data"));

    private final Label label;

    WeightEstimation(final Label label) {
        this.label = label;
    }

    @Override
    public Label label() {
        return label;
    }
}
