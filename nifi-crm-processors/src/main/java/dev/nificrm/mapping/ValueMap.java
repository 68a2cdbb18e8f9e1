package dev.nificrm.mapping;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A picklist translation: known values are replaced, unknown ones follow an {@link UnmappedValuePolicy}. Values are
 * compared as text (trimmed), optionally regardless of case.
 */
final class ValueMap {
    /** Returned for an unknown value under the {@code default} policy: the caller writes the field's default. */
    static final Object USE_DEFAULT = new Object();

    private final Map<String, String> entries;
    private final boolean ignoreCase;
    private final UnmappedValuePolicy policy;

    ValueMap(final Map<String, String> entries, final boolean ignoreCase, final UnmappedValuePolicy policy) {
        final Map<String, String> keyed = new HashMap<>();
        entries.forEach((key, value) -> keyed.put(ignoreCase ? key.trim().toLowerCase(Locale.ROOT) : key.trim(), value));
        this.entries = Map.copyOf(keyed);
        this.ignoreCase = ignoreCase;
        this.policy = policy;
    }

    /**
     * Translates a non-null value.
     *
     * @return the mapped text, the value itself, null, or {@link #USE_DEFAULT}
     * @throws ValueMappingException when the value is unknown and the policy is {@code invalid}
     */
    Object apply(final Object value) throws ValueMappingException {
        final String text = ValueType.toText(value).trim();
        final String mapped = entries.get(ignoreCase ? text.toLowerCase(Locale.ROOT) : text);
        if (mapped != null) {
            return mapped;
        }
        return switch (policy) {
            case KEEP -> value;
            case NULL -> null;
            case DEFAULT -> USE_DEFAULT;
            case INVALID -> throw new ValueMappingException("has a value that is not in the value map (" + entries.size() + " known values)");
        };
    }

}
