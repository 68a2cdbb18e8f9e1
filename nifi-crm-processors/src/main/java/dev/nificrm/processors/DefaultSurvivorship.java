package dev.nificrm.processors;

import dev.nificrm.merge.SurvivorshipRule;

import java.util.Optional;

/**
 * The survivorship rule of the fields no rule property names: each role's own default (a field recognised by its name
 * as an email gathers every address, a name keeps the fullest value...), or one rule for all.
 */
public enum DefaultSurvivorship implements LabelledValue {
    ROLE_DEFAULTS(new Label("role-defaults", "Role Defaults",
            "The default rule of the field's role when its name is recognised (emails and phones: union; names and companies: "
                    + "most_complete; addresses, websites and dates: most_recent; birth dates and national ids: most_frequent; ids: oldest), "
                    + "most_complete for any other field"), null),
    MOST_COMPLETE(new Label("most-complete", "Most Complete",
            "The first non-empty value, taking the records in order"), SurvivorshipRule.MOST_COMPLETE),
    MOST_RECENT(new Label("most-recent", "Most Recent",
            "The value of the record with the latest timestamp"), SurvivorshipRule.MOST_RECENT),
    SOURCE_PRIORITY(new Label("source-priority", "Source Priority",
            "The value of the first system in Source Priority that has records in the group, even when empty"), SurvivorshipRule.SOURCE_PRIORITY),
    MOST_FREQUENT(new Label("most-frequent", "Most Frequent",
            "The value most records share"), SurvivorshipRule.MOST_FREQUENT),
    LONGEST(new Label("longest", "Longest",
            "The longest value"), SurvivorshipRule.LONGEST),
    SHORTEST(new Label("shortest", "Shortest",
            "The shortest non-empty value"), SurvivorshipRule.SHORTEST),
    MAX(new Label("max", "Maximum",
            "The largest value (numbers, dates, else text)"), SurvivorshipRule.MAX),
    MIN(new Label("min", "Minimum",
            "The smallest value (numbers, dates, else text)"), SurvivorshipRule.MIN),
    OLDEST(new Label("oldest", "Oldest",
            "The value of the record with the earliest timestamp"), SurvivorshipRule.OLDEST),
    UNION(new Label("union", "Union",
            "Every distinct value"), SurvivorshipRule.UNION);

    private final Label label;
    private final SurvivorshipRule rule;

    DefaultSurvivorship(final Label label, final SurvivorshipRule rule) {
        this.label = label;
        this.rule = rule;
    }

    /** The one rule for every field, or empty for the roles' defaults. */
    Optional<SurvivorshipRule> rule() {
        return Optional.ofNullable(rule);
    }

    @Override
    public Label label() {
        return label;
    }
}
