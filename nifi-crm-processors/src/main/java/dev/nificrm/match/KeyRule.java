package dev.nificrm.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A deterministic rule as CRMs have them ("the same email is the same person", "the same website is the same
 * company", "the same company name at the same postal code is the same account"): two records whose comparison keys
 * are equal on every field of the rule belong together whatever their score, unless they clearly disagree on a field
 * that says who they are (see {@link Matcher}).
 * <pre>
 * List&lt;KeyRule&gt; rules = KeyRule.parseAll("email; company + postal_code", fields); // two rules
 * rules.get(1).name();  // "company+postal_code"
 * </pre>
 *
 * @param name  the rule as written in explanations, field names joined by {@code +}
 * @param slots the key slots of its fields
 */
public record KeyRule(String name, int[] slots) {

    /**
     * The rules written as {@code rule; rule; ...}, each rule the names of one or more fields joined by {@code +}.
     *
     * @throws IllegalArgumentException naming the rule and field that is not one of the fields
     */
    public static List<KeyRule> parseAll(final String text, final List<MatchField> fields) {
        final List<KeyRule> rules = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return rules;
        }
        for (final String written : text.split(";")) {
            if (written.isBlank()) {
                continue;
            }
            final Set<Integer> slots = new LinkedHashSet<>();
            final List<String> names = new ArrayList<>();
            for (final String part : written.split("\\+")) {
                final String wanted = part.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
                final int slot = slotOf(fields, wanted);
                if (slot < 0) {
                    throw new IllegalArgumentException("the key rule '" + written.trim() + "' names '" + part.trim()
                            + "', which is not a matched field; the fields are " + fields.stream().map(MatchField::name).toList());
                }
                if (slots.add(slot)) {
                    names.add(fields.get(slot).name());
                }
            }
            if (slots.isEmpty()) {
                throw new IllegalArgumentException("the key rule '" + written.trim() + "' names no field; the fields are "
                        + fields.stream().map(MatchField::name).toList());
            }
            rules.add(new KeyRule(String.join("+", names), slots.stream().mapToInt(Integer::intValue).toArray()));
        }
        return List.copyOf(rules);
    }

    private static int slotOf(final List<MatchField> fields, final String name) {
        for (int slot = 0; slot < fields.size(); slot++) {
            if (fields.get(slot).name().equalsIgnoreCase(name)) {
                return slot;
            }
        }
        return -1;
    }

    /** Whether the two records' keys are equal on every field of the rule (for a field with several values, any one). */
    public boolean matches(final String[] left, final String[] right) {
        for (final int slot : slots) {
            if (!shareAValue(left[slot], right[slot])) {
                return false;
            }
        }
        return true;
    }

    private static boolean shareAValue(final String left, final String right) {
        if (left == null || right == null) {
            return false;
        }
        if (left.equals(right)) {
            return true;
        }
        if (left.indexOf(Comparison.VALUE_SEPARATOR) < 0 && right.indexOf(Comparison.VALUE_SEPARATOR) < 0) {
            return false;
        }
        final String separator = String.valueOf(Comparison.VALUE_SEPARATOR);
        final Set<String> values = new HashSet<>(Arrays.asList(left.split(separator)));
        for (final String value : right.split(separator)) {
            if (values.contains(value)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the rule covers the slot. */
    boolean covers(final int slot) {
        for (final int covered : slots) {
            if (covered == slot) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof KeyRule rule && name.equals(rule.name) && Arrays.equals(slots, rule.slots);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(slots);
    }

    @Override
    public String toString() {
        return name;
    }
}
