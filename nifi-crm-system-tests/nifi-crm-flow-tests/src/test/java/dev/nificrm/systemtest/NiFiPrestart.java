package dev.nificrm.systemtest;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Tells {@link NiFiExtension} which NiFis of their own ({@link OwnNiFi}) the classes of this test run need, before any
 * class runs: only those are started in the background, so a run of one class starts no NiFi it does not use. Registered
 * through {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class NiFiPrestart implements TestExecutionListener {
    @Override
    public void testPlanExecutionStarted(final TestPlan plan) {
        for (final TestIdentifier root : plan.getRoots()) {
            for (final TestIdentifier test : plan.getDescendants(root)) {
                test.getSource().filter(ClassSource.class::isInstance).map(source -> ((ClassSource) source).getJavaClass())
                        .map(type -> type.getAnnotation(OwnNiFi.class)).ifPresent(own -> NiFiExtension.wanted(own.value(), own.heavy()));
            }
        }
    }
}
