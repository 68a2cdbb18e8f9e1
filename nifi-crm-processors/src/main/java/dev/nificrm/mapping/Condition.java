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
    private final boolean ignoreCase;

    private Condition(final ValueReader field, final Set<String> accepted, final boolean negated, final boolean existence,
                      final boolean ignoreCase) {
        this.field = field;
        this.accepted = accepted;
        this.negated = negated;
        this.existence = existence;
        this.ignoreCase = ignoreCase;
    }

    /**
     * A test of the field's text against values, read as a value map's keys are ({@link ValueMap#entryKey}): trimmed as the field's text
     * is ({@code "equals": "Business "} holds for Business), with {@code ignoreCase} in lower case, and with HTML entities as the characters
     * they stand for, as a tool that escapes its output writes a specification ({@code "equals": "Oil &amp; Energy"} holds for
     * {@code Oil & Energy}), once here, as the field's text is per record.
     */
    static Condition equalTo(final ValueReader field, final Set<String> accepted, final boolean negated, final boolean ignoreCase) {
        return new Condition(field, accepted.stream().map(value -> ValueMap.entryKey(value, ignoreCase)).collect(Collectors.toUnmodifiableSet()),
                negated, false, ignoreCase);
    }

    static Condition exists(final ValueReader field, final boolean wanted) {
        return new Condition(field, Set.of(), !wanted, true, false);
    }

    /**
     * Whether the record's field meets the test. Its text is read as a picklist look-up reads a value ({@link ValueMap}): as written,
     * and where no value of the test is it, with its HTML entities as the characters they stand for ({@code Oil &amp; Energy} meets
     * {@code "equals": "Oil & Energy"}, as it finds the row of Oil &amp; Energy), trimmed either way, and with {@code ignoreCase}
     * regardless of case ({@code oil &amp; energy} too), as a value map with {@code ignoreCase} finds the row.
     */
    boolean test(final Record record, final List<String> notes) throws ValueMappingException {
        final Object value = field.read(record, notes);
        final boolean present = value != null && !ValueType.toText(value).isBlank();
        final boolean result = existence ? present : present && accepts(ValueType.toText(value).trim());
        return result != negated;
    }

    private boolean accepts(final String text) {
        if (accepted.contains(ValueMap.key(text, ignoreCase))) {
            return true;
        }
        final String decoded = ValueMap.decodedOrNull(text);
        return decoded != null && accepted.contains(ValueMap.key(decoded, ignoreCase));
    }
}
