package dev.nificrm.mapping;

/**
 * One value of one record cannot be mapped (a conversion fails, a picklist value is unknown under the
 * {@code invalid} policy). The record goes to {@code invalid} with the message as its reason. Thrown only on that
 * path, so it carries no stack trace.
 */
public final class ValueMappingException extends Exception {
    public ValueMappingException(final String message) {
        super(message, null, false, false);
    }
}
