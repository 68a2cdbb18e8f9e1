package dev.nificrm.clean;

/**
 * Cleans one kind of value (a phone number, an email address, a date...). Implementations are immutable and
 * thread-safe; they receive values that {@link TextRule} has already normalised (trimmed, never blank).
 */
@FunctionalInterface
public interface ValueRule {

    /**
     * Cleans a value.
     *
     * @param value  the text-normalised value, never {@code null} or blank
     * @param region the ISO 3166-1 alpha-2 country of the record (from its country field, else the configured default),
     *               used by rules whose format depends on the country (phone, state, postal code)
     * @return the cleaned value, or a reason
     */
    CleanResult clean(String value, String region);
}
