package dev.nificrm.processors;

import dev.nificrm.merge.SurvivorshipRule;
import org.apache.nifi.components.DescribedValue;

import java.util.Optional;

/**
 * The survivorship rule of the fields no rule property names: each role's own default (a field recognised by its name
 * as an email gathers every address, a name keeps the fullest value...), or one rule for all.
 */
public enum DefaultSurvivorship implements DescribedValue {
    ROLE_DEFAULTS("role-defaults", "Role Defaults", null,
            "The default rule of the field's role when its name is recognised (emails and phones: union; names and companies: "
                    + "most_complete; addresses, websites and dates: most_recent; birth dates and national ids: most_frequent; ids: oldest), "
                    + "most_complete for any other field"),
    MOST_COMPLETE("most-complete", "Most Complete", SurvivorshipRule.MOST_COMPLETE, "The first non-empty value, taking the records in order"),
    MOST_RECENT("most-recent", "Most Recent", SurvivorshipRule.MOST_RECENT, "The value of the record with the latest timestamp"),
    SOURCE_PRIORITY("source-priority", "Source Priority", SurvivorshipRule.SOURCE_PRIORITY,
            "The value of the first system in Source Priority that has records in the group, even when empty"),
    MOST_FREQUENT("most-frequent", "Most Frequent", SurvivorshipRule.MOST_FREQUENT, "The value most records share"),
    LONGEST("longest", "Longest", SurvivorshipRule.LONGEST, "The longest value"),
    SHORTEST("shortest", "Shortest", SurvivorshipRule.SHORTEST, "The shortest non-empty value"),
    MAX("max", "Maximum", SurvivorshipRule.MAX, "The largest value (numbers, dates, else text)"),
    MIN("min", "Minimum", SurvivorshipRule.MIN, "The smallest value (numbers, dates, else text)"),
    OLDEST("oldest", "Oldest", SurvivorshipRule.OLDEST, "The value of the record with the earliest timestamp"),
    UNION("union", "Union", SurvivorshipRule.UNION, "Every distinct value");

    private final String value;
    private final String displayName;
    private final SurvivorshipRule rule;
    private final String description;

    DefaultSurvivorship(final String value, final String displayName, final SurvivorshipRule rule, final String description) {
        this.value = value;
        this.displayName = displayName;
        this.rule = rule;
        this.description = description;
    }

    /** The one rule for every field, or empty for the roles' defaults. */
    Optional<SurvivorshipRule> rule() {
        return Optional.ofNullable(rule);
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
