package dev.nificrm.processors;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.Relationship;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * What the bundle's processors that are no record-routing processors share: their fixed properties and relationships,
 * and the one clock they read the time from (the system clock in NiFi, one a test sets or moves).
 */
abstract class AbstractCRMProcessor extends AbstractProcessor {
    private final Clock clock;
    private final List<PropertyDescriptor> propertyDescriptors;
    private final Set<Relationship> relationships;

    AbstractCRMProcessor(final Clock clock, final List<PropertyDescriptor> propertyDescriptors, final Set<Relationship> relationships) {
        this.clock = clock;
        this.propertyDescriptors = propertyDescriptors;
        this.relationships = relationships;
    }

    /** The clock the processor takes the current time from. */
    protected final Clock getClock() {
        return clock;
    }

    @Override
    protected final List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return propertyDescriptors;
    }

    @Override
    public final Set<Relationship> getRelationships() {
        return relationships;
    }
}
