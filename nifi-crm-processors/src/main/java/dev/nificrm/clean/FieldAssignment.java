package dev.nificrm.clean;

import dev.nificrm.roles.RuleType;
import org.apache.nifi.record.path.RecordPath;

/**
 * An explicit "these fields are cleaned by this rule" setting, from a dynamic property such as
 * {@code phone → /Phone, /MobilePhone} (one assignment per RecordPath).
 *
 * @param rule the rule
 * @param path the compiled RecordPath
 */
public record FieldAssignment(RuleType rule, RecordPath path) {
}
