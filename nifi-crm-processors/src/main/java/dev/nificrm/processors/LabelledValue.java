package dev.nificrm.processors;

import org.apache.nifi.components.DescribedValue;

/**
 * An allowable value of a property as an enum constant that holds its stable key, label and description once, in a
 * {@link Label}: the enum implements this interface and returns its label, instead of repeating the three getters.
 */
interface LabelledValue extends DescribedValue {

    /** The key flow definitions store, the label the UI shows, and what the choice does. */
    Label label();

    @Override
    default String getValue() {
        return label().value();
    }

    @Override
    default String getDisplayName() {
        return label().displayName();
    }

    @Override
    default String getDescription() {
        return label().description();
    }

    /**
     * @param value       the stable key, kebab-case (e.g. {@code epoch-seconds}); never renamed
     * @param displayName what the settings dialog shows
     * @param description what choosing it does
     */
    record Label(String value, String displayName, String description) {
    }
}
