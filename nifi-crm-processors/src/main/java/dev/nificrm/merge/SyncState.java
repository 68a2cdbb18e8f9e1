package dev.nificrm.merge;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A customer's state in one system as the sync compares it: the compared fields' values as canonical text (null for an
 * empty value), whether the record is deleted, and when it last changed.
 * <p>
 * Canonical text makes the same value read by different readers equal: {@code 42} from JSON and {@code "42"} from CSV,
 * {@code 12.50} and {@code 12.5}, a date and its ISO-8601 text, {@code 2024-03-01T09:30:00.000+0000} and a timestamp of
 * that instant; text is trimmed and blank text is empty; a list is a JSON array of its elements' canonical texts. Case matters:
 * a name changed from {@code smith} to {@code Smith} is an edit.
 *
 * @param fields   field name → canonical value (null: empty); fields the system does not have are absent
 * @param deleted  whether the record is deleted (a tombstone)
 * @param modified when it last changed, epoch milliseconds, or {@link Timestamps#NONE}
 */
public record SyncState(Map<String, String> fields, boolean deleted, long modified) {

    public SyncState {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
    }

    /**
     * The canonical text of a record value: trimmed text, numbers (also as text) without trailing zeros, dates in
     * ISO-8601, date-times in one ISO-8601 spelling with the fraction of a second they have (the UTC instant when they have an offset); null
     * when empty. See {@link Values#canonical}.
     */
    public static String canonical(final Object value) {
        return Values.canonical(value);
    }

    /**
     * The list a canonical value holds when it is a list's canonical text ({@code ["golf","tennis, squash"]}), its
     * elements as text; null for any other value.
     */
    public static Object[] listOf(final String canonical) {
        return Values.listOf(canonical);
    }

    /** The value of a field, null when empty or absent. */
    public String value(final String field) {
        return fields.get(field);
    }

    /** This state with the given fields' values replaced (or added); the others kept. */
    public SyncState with(final Map<String, String> changed, final boolean deletedNow, final long modifiedNow) {
        final Map<String, String> merged = new LinkedHashMap<>(fields);
        merged.putAll(changed);
        return new SyncState(merged, deletedNow, modifiedNow);
    }

    /** Whether two states are the same on the given fields (and both deleted or both not); a deleted state's fields do not count. */
    public boolean sameAs(final SyncState other, final Collection<String> compared) {
        if (other == null || deleted != other.deleted) {
            return false;
        }
        return deleted || sameFields(other, compared);
    }

    /** Whether the given fields hold the same values in both states, ignoring deletion. */
    public boolean sameFields(final SyncState other, final Collection<String> compared) {
        for (final String field : compared) {
            if (!Objects.equals(value(field), other.value(field))) {
                return false;
            }
        }
        return true;
    }
}
