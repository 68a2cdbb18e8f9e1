package dev.nificrm.systemtest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a system test class that runs a NiFi of its own besides the shared one, in the home of this name under
 * {@code target/nifi-homes/}. When the class is part of a test run that starts the shared NiFi, {@link NiFiPrestart}
 * and {@link NiFiExtension} start its NiFi in the background once the shared one answers, so that the start overlaps the
 * classes before it (which mostly wait on their flows' schedules); the class takes it with
 * {@link NiFiExtension#ownNiFi(String)} and stops it itself.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface OwnNiFi {
    /** The name of the NiFi's home. */
    String value();

    /**
     * Whether the class runs enough data through its NiFi (CrashRecoveryIT: 100,000 records) that the NiFi keeps the JVM's
     * optimising compiler; else it starts with C1 only, as the shared NiFi does ({@link NiFiExtension#QUICK_START}).
     */
    boolean heavy() default false;
}
