package dev.nificrm.clean;

import dev.nificrm.roles.RuleType;
import org.apache.nifi.record.path.RecordPath;

/**
 * An explicit "these fields are cleaned by this rule" setting, from a dynamic property such as
 * {@code phone → /Phone, /MobilePhone} (one assignment per RecordPath).
 * <p>
 * The path is kept as written: a compiled {@link RecordPath} names only its last step ({@code /address/land} compiles
 * to a path whose {@code getPath()} is {@code /land}), so whether it names a top-level field or one below another is
 * read from the text.
 *
 * @param rule the rule
 * @param path the compiled RecordPath
 * @param text the RecordPath as written ({@code /address/land})
 */
public record FieldAssignment(RuleType rule, RecordPath path, String text) {
    /** The assignment of the rule to the fields the RecordPath written as {@code text} selects; compiles it. */
    public FieldAssignment(final RuleType rule, final String text) {
        this(rule, RecordPath.compile(text), text);
    }
}
