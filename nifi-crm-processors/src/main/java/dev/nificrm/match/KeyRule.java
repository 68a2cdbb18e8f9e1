package dev.nificrm.match;

import dev.nificrm.roles.BlockingTransform;
import dev.nificrm.roles.Role;

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
 * A company name ({@link Role#COMPANY}) is equal as the name's key writes it now: a key stored before and in the other
 * languages read was written {@code and} ({@code roca y ruiz}) equals the key of the name made since ({@code roca and
 * ruiz}), and so does a key stored before HTML entities were read ({@code kamlit and amp venvel}, {@code kamlit and
 * venvel}), and the rule's blocking pass keys it so ({@link BlockingTransform#READ}, the field named {@code company~read}
 * in the pass's name, so that a store keys its customers under it once, as it does the automatic {@code company~read}).
 *
 * @param name         the rule as written in explanations, field names joined by {@code +}
 * @param slots        the key slots of its fields
 * @param companyNames for each of {@code slots}, whether it holds a company name
 */
public record KeyRule(String name, int[] slots, boolean[] companyNames) {

    /** A rule over fields none of which holds a company name. */
    public KeyRule(final String name, final int[] slots) {
        this(name, slots, new boolean[slots.length]);
    }

    public KeyRule {
        if (companyNames.length != slots.length) {
            throw new IllegalArgumentException("A key rule says of each of its slots whether it holds a company name: " + name);
        }
    }

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
            final int[] ruleSlots = slots.stream().mapToInt(Integer::intValue).toArray();
            rules.add(new KeyRule(String.join("+", names), ruleSlots, companyNames(fields, ruleSlots)));
        }
        return List.copyOf(rules);
    }

    /** For each slot, whether its field holds a company name. */
    static boolean[] companyNames(final List<MatchField> fields, final int[] slots) {
        final boolean[] companyNames = new boolean[slots.length];
        for (int i = 0; i < slots.length; i++) {
            companyNames[i] = fields.get(slots[i]).role() == Role.COMPANY;
        }
        return companyNames;
    }

    /**
     * The field names of the rule's blocking pass, joined by {@code +}: a company name's with {@code ~read}
     * ({@code company~read+postal_code}), as its keys are written.
     */
    String passFields() {
        final String[] names = name.split("\\+");
        final StringBuilder pass = new StringBuilder(name.length() + 8);
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                pass.append('+');
            }
            pass.append(names[i]);
            if (companyNames[i]) {
                pass.append(READ_FIELD);
            }
        }
        return pass.toString();
    }

    /** What follows a company name's field in the name of a rule's blocking pass. */
    static final String READ_FIELD = "~" + BlockingTransform.READ.getKey();

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
        for (int i = 0; i < slots.length; i++) {
            final int slot = slots[i];
            if (!shareAValue(left[slot], right[slot], companyNames[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #matches(String[], String[])} of a record and the keys made for its comparison with it: false without a
     * string where a field of the rule (not a company name, compared as written) differs, a stored value left as bytes
     * against one value of the record.
     */
    public boolean matches(final String[] left, final CandidateKeys right) {
        for (int i = 0; i < slots.length; i++) {
            if (!companyNames[i] && right.differsAlone(slots[i], left[slots[i]])) {
                return false;
            }
        }
        for (final int slot : slots) {
            right.decode(slot);
        }
        return matches(left, right.partly());
    }

    private static boolean shareAValue(final String left, final String right, final boolean companyName) {
        if (left == null || right == null) {
            return false;
        }
        if (left.equals(right)) {
            return true;
        }
        if (left.indexOf(Comparison.VALUE_SEPARATOR) < 0 && right.indexOf(Comparison.VALUE_SEPARATOR) < 0) {
            return companyName && written(left).equals(written(right));
        }
        final String separator = String.valueOf(Comparison.VALUE_SEPARATOR);
        final Set<String> values = new HashSet<>();
        for (final String value : left.split(separator)) {
            values.add(companyName ? written(value) : value);
        }
        for (final String value : right.split(separator)) {
            if (values.contains(companyName ? written(value) : value)) {
                return true;
            }
        }
        return false;
    }

    /** A company name's key written one way, as keys of one name stored before and made since are ({@link OrganisationNames#writtenOneWay}). */
    private static String written(final String key) {
        return OrganisationNames.writtenOneWay(key);
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
        return other instanceof KeyRule rule && name.equals(rule.name) && Arrays.equals(slots, rule.slots)
                && Arrays.equals(companyNames, rule.companyNames);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(slots)) * 31 + Arrays.hashCode(companyNames);
    }

    @Override
    public String toString() {
        return name;
    }
}
