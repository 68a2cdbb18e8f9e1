package dev.nificrm.mapping;

import org.apache.nifi.serialization.record.Record;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A compiled {@link ConditionSpecification}: a test on the text of another source field. */
final class Condition {
    private final ValueReader field;
    private final Set<String> accepted;
    private final boolean negated;
    private final boolean existence;

    private Condition(final ValueReader field, final Set<String> accepted, final boolean negated, final boolean existence) {
        this.field = field;
        this.accepted = accepted;
        this.negated = negated;
        this.existence = existence;
    }

    /** A test of the field's text against values, trimmed as the field's text is ({@code "equals": "Business "} holds for Business). */
    static Condition equalTo(final ValueReader field, final Set<String> accepted, final boolean negated) {
        return new Condition(field, accepted.stream().map(String::trim).collect(Collectors.toUnmodifiableSet()), negated, false);
    }

    static Condition exists(final ValueReader field, final boolean wanted) {
        return new Condition(field, Set.of(), !wanted, true);
    }

    boolean test(final Record record, final List<String> notes) throws ValueMappingException {
        final Object value = field.read(record, notes);
        final boolean present = value != null && !ValueType.toText(value).isBlank();
        final boolean result = existence ? present : present && accepted.contains(ValueType.toText(value).trim());
        return result != negated;
    }
}
