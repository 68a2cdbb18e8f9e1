package dev.nificrm.match;

import dev.nificrm.match.BlockingRule.Part;
import dev.nificrm.roles.BlockingPass;
import dev.nificrm.roles.BlockingTransform;
import dev.nificrm.roles.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A blocking rule known by its name only, as an entity store lists the rules it keeps keys under, read against the
 * fields of a matcher that does not use it (another matcher sharing the store does): whether the matcher's records can
 * have a key under it and, when they can, the rule that makes their keys from their comparison keys. A matcher's writes
 * keep such a rule up to date without blocking on it. The name is one of an automatic pass
 * ({@link Role#allBlockingPasses()}) or of a Key Rule ({@code key:} and its field names joined by {@code +}):
 * <pre>
 * List&lt;MatchField&gt; fields = List.of(MatchField.of(Role.FIRST_NAME), MatchField.of(Role.LAST_NAME), MatchField.of(Role.EMAIL));
 * RuleReading.of("email~domain+first_name~initial", fields).standing();  // KEYED
 * RuleReading.of("first_name~initial+birth_date", fields).standing();    // WITHOUT_KEYS: no birth date
 * RuleReading.of("key:email+phone", fields).standing();                  // WITHOUT_KEYS: no phone
 * RuleReading.of("mobile", fields).standing();                           // UNKNOWN
 * </pre>
 * A part's field is found by its name, as a store reads a stored record's comparison keys for the rule's own matcher
 * (a role's field is named by the role's key). A part with a fallback ({@code last_name/first_name~phonetic}) is keyed
 * from the fallback where the fields lack the role, as the rule's own matcher keys a record that has no value of it.
 *
 * @param name     the rule's name
 * @param standing how the matcher's records stand under it
 * @param rule     the rule over the matcher's fields when {@link Standing#KEYED}, else null
 */
public record RuleReading(String name, Standing standing, BlockingRule rule) {

    /** How the records of a matcher's fields stand under a rule. */
    public enum Standing {
        /** They can have keys under it: {@link #rule()} makes them. */
        KEYED,
        /** None ever has a key under it: a field it needs (with no fallback among the fields) is not one of them. */
        WITHOUT_KEYS,
        /** The name is neither an automatic pass's nor a Key Rule's. */
        UNKNOWN
    }

    private static final Map<String, BlockingPass> PASSES = Role.allBlockingPasses().stream()
            .collect(Collectors.toUnmodifiableMap(BlockingPass::name, Function.identity()));

    public RuleReading {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(standing, "standing");
        if ((standing == Standing.KEYED) != (rule != null)) {
            throw new IllegalArgumentException("A rule is read with its keys exactly when its records can have keys under it: " + name);
        }
    }

    /**
     * Reads a rule's name against the fields, the rule with Double Metaphone codes of its own ({@link Matcher#readRule}
     * reads it with a matcher's).
     */
    public static RuleReading of(final String name, final List<MatchField> fields) {
        return of(name, fields, new PhoneticCodes());
    }

    /** Reads a rule's name against the fields, the rule asking the given codes (a matcher's) for its phonetic parts. */
    static RuleReading of(final String name, final List<MatchField> fields, final PhoneticCodes phoneticCodes) {
        final BlockingPass pass = PASSES.get(name);
        if (pass != null) {
            return ofPass(name, pass, fields, phoneticCodes);
        }
        if (name.startsWith(BlockingRules.KEY_RULE_PREFIX)) {
            return ofKeyRule(name, name.substring(BlockingRules.KEY_RULE_PREFIX.length()), fields, phoneticCodes);
        }
        return new RuleReading(name, Standing.UNKNOWN, null);
    }

    private static RuleReading ofPass(final String name, final BlockingPass pass, final List<MatchField> fields, final PhoneticCodes phoneticCodes) {
        final List<Part> parts = new ArrayList<>(pass.parts().size());
        for (final BlockingPass.Part part : pass.parts()) {
            final int slot = slotNamed(fields, part.role().getKey());
            final int fallback = part.fallback() == null ? -1 : slotNamed(fields, part.fallback().getKey());
            if (slot < 0 && fallback < 0) {
                return new RuleReading(name, Standing.WITHOUT_KEYS, null);
            }
            parts.add(slot >= 0 ? Part.of(slot, part.transform(), fallback) : Part.of(fallback, part.transform()));
        }
        return new RuleReading(name, Standing.KEYED, new BlockingRule(name, parts, pass.unordered(), phoneticCodes));
    }

    /**
     * A Key Rule's pass, its field names joined by {@code +}, a company name's with {@code ~read} ({@code
     * key:company~read+postal_code}: keyed as the key of the name reads now). A company name without it, or with
     * {@code ~joined}, names the pass of an earlier version ({@code key:company+postal_code}, {@code
     * key:company~joined+postal_code}), which this one renamed: unknown, as a renamed automatic pass is, left behind (a
     * matcher of that version sharing the store keys it afresh when it next uses it).
     */
    private static RuleReading ofKeyRule(final String name, final String keyRuleName, final List<MatchField> fields, final PhoneticCodes phoneticCodes) {
        final String[] fieldNames = keyRuleName.split("\\+", -1);
        final List<Part> parts = new ArrayList<>(fieldNames.length);
        boolean keyed = true;
        for (final String fieldName : fieldNames) {
            final boolean read = fieldName.endsWith(KeyRule.READ_FIELD);
            final String field = read ? fieldName.substring(0, fieldName.length() - KeyRule.READ_FIELD.length()) : fieldName;
            // a field with another transform (~joined, an earlier version's) names no pass of this one
            if (field.isEmpty() || field.indexOf('~') >= 0) {
                return new RuleReading(name, Standing.UNKNOWN, null);
            }
            final int slot = slotNamed(fields, field);
            if (slot >= 0 && read != (fields.get(slot).role() == Role.COMPANY)) {
                return new RuleReading(name, Standing.UNKNOWN, null);
            }
            keyed &= slot >= 0;
            parts.add(Part.of(slot, read ? BlockingTransform.READ : BlockingTransform.EXACT));
        }
        return keyed ? new RuleReading(name, Standing.KEYED, new BlockingRule(name, parts, false, phoneticCodes))
                : new RuleReading(name, Standing.WITHOUT_KEYS, null);
    }

    private static int slotNamed(final List<MatchField> fields, final String name) {
        for (int slot = 0; slot < fields.size(); slot++) {
            if (fields.get(slot).name().equals(name)) {
                return slot;
            }
        }
        return -1;
    }
}
