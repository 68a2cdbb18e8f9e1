package dev.nificrm.systemtest;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts one NiFi for all system tests of a test run and stops it when the run ends, also when tests fail (the
 * root store closes it; {@link NiFiServer} adds a JVM shutdown hook for aborted runs). Test methods and
 * constructors receive the {@link NiFiServer} as a parameter. The NiFi runs in its own home,
 * {@code target/nifi-homes/system-tests}, so a demo running from the same assembly is left alone; a test that needs
 * more NiFis starts them from the same assembly in homes of their own ({@link #home(String)}).
 */
final class NiFiExtension implements BeforeAllCallback, ParameterResolver {
    /** Startup on two cores shared with other builds can take minutes: be generous, failing costs more. */
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    /** The home of the NiFi all system tests share. */
    static final String SHARED_HOME = "system-tests";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NiFiExtension.class);

    @Override
    public void beforeAll(final ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(final ParameterContext parameterContext, final ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == NiFiServer.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameterContext, final ExtensionContext extensionContext) {
        return server(extensionContext);
    }

    /** The NiFi assembled by Maven; failsafe passes it, the default suits a run from the module directory. */
    static Path assembly() {
        return Path.of(System.getProperty("nifi.assembly", "target/nifi-2.3.0")).toAbsolutePath();
    }

    /** The home of a NiFi of this test run, beside the assembly: {@code target/nifi-homes/<name>}. */
    static Path home(final String name) {
        return assembly().resolveSibling("nifi-homes").resolve(name);
    }

    private static NiFiServer server(final ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(NiFiServer.class, type -> {
            try {
                return NiFiServer.start(assembly(), home(SHARED_HOME), STARTUP_TIMEOUT);
            } catch (final Exception e) {
                throw new IllegalStateException("NiFi did not start: " + e.getMessage(), e);
            }
        }, NiFiServer.class);
    }
}
