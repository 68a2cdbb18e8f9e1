package dev.nificrm.mapping;

import org.apache.nifi.serialization.record.Record;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A compiled {@link ConditionSpecification}: a test on the text of another source field, read as a picklist look-up reads it. */
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

    /**
     * Whether the record's field meets the test. Its text is read as a picklist look-up reads a value ({@link ValueMap}): as written,
     * and where no value of the test is it, with its HTML entities as the characters they stand for ({@code Oil &amp; Energy} meets
     * {@code "equals": "Oil & Energy"}, as it finds the row of Oil &amp; Energy), trimmed either way.
     */
    boolean test(final Record record, final List<String> notes) throws ValueMappingException {
        final Object value = field.read(record, notes);
        final boolean present = value != null && !ValueType.toText(value).isBlank();
        final boolean result = existence ? present : present && accepts(ValueType.toText(value).trim());
        return result != negated;
    }

    private boolean accepts(final String text) {
        if (accepted.contains(text)) {
            return true;
        }
        final String decoded = ValueMap.decodedOrNull(text);
        return decoded != null && accepted.contains(decoded);
    }
}
