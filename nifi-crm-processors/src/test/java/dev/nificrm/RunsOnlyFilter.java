package dev.nificrm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Leaves out of a class marked {@link RunsOnly} the test methods it does not name; every other class's tests pass. Found
 * by the JUnit Platform launcher through {@code META-INF/services/org.junit.platform.launcher.PostDiscoveryFilter}, so
 * Maven and an IDE run the same cases.
 */
public final class RunsOnlyFilter implements PostDiscoveryFilter {

    @Override
    public FilterResult apply(final TestDescriptor descriptor) {
        final Optional<TestSource> source = descriptor.getSource();
        if (source.isPresent() && source.get() instanceof ClassSource type && type.getJavaClass().isAnnotationPresent(RunsOnly.class)) {
            checkNamesAreTests(type.getJavaClass());
        }
        if (source.isPresent() && source.get() instanceof MethodSource method) {
            final RunsOnly only = method.getJavaClass().getAnnotation(RunsOnly.class);
            if (only != null) {
                final boolean named = List.of(only.value()).contains(method.getMethodName());
                return FilterResult.includedIf(named, () -> "named by @RunsOnly of " + method.getClassName(),
                        () -> "not named by @RunsOnly of " + method.getClassName());
            }
        }
        return FilterResult.included("not in a class marked @RunsOnly");
    }

    /** Fails the discovery on a name that is no test method of the class or its superclasses (a test renamed or removed). */
    private static void checkNamesAreTests(final Class<?> type) {
        final Set<String> methods = new HashSet<>();
        for (Class<?> declaring = type; declaring != null; declaring = declaring.getSuperclass()) {
            for (final Method method : declaring.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Test.class) || method.isAnnotationPresent(ParameterizedTest.class)) {
                    methods.add(method.getName());
                }
            }
        }
        for (final String name : type.getAnnotation(RunsOnly.class).value()) {
            if (!methods.contains(name)) {
                throw new IllegalStateException("@RunsOnly of " + type.getName() + " names " + name + ", no test method of it");
            }
        }
    }
}
