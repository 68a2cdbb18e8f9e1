package dev.nificrm.clean;

import dev.nificrm.record.ChoiceAwareRecordPath;
import dev.nificrm.roles.RuleType;
import org.apache.nifi.record.path.RecordPath;

/**
 * An explicit "these fields are cleaned by this rule" setting, from a dynamic property such as
 * {@code phone → /Phone, /MobilePhone} (one assignment per RecordPath).
 * <p>
 * The path is kept as written: a compiled {@link RecordPath} names only its last step ({@code /address/land} compiles
 * to a path whose {@code getPath()} is {@code /land}), so whether it names a top-level field or one below another is
 * read from the text. It selects also where a JSON reader typed a field as a choice ({@code //land} in a list of objects
 * and text, {@code /phones[1]} where other records hold text in phones): see {@link ChoiceAwareRecordPath}.
 *
 * @param rule the rule
 * @param path the compiled path
 * @param text the RecordPath as written ({@code /address/land})
 */
public record FieldAssignment(RuleType rule, ChoiceAwareRecordPath path, String text) {
    /** The assignment of the rule to the fields the RecordPath written as {@code text} selects; compiles it. */
    public FieldAssignment(final RuleType rule, final String text) {
        this(rule, ChoiceAwareRecordPath.compile(text), text);
    }
}
