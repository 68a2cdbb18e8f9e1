package dev.nificrm.systemtest;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts one NiFi for all system tests of a test run and stops it when the run ends, also when tests fail (the
 * root store closes it; {@link NiFiServer} adds a JVM shutdown hook for aborted runs). In a Maven build that started it
 * while the unit tests ran ({@link EarlySharedNiFi}), it takes that NiFi over instead, once it answers. Test methods and
 * constructors receive the {@link NiFiServer} as a parameter. The NiFi runs in its own home,
 * {@code target/nifi-homes/system-tests}, so a demo running from the same assembly is left alone; a test that needs
 * more NiFis starts them from the same assembly in homes of their own ({@link #home(String)}).
 * <p>
 * A class marked {@link OwnNiFi} takes its own NiFi with {@link #ownNiFi(String)}. When the test run holds such classes
 * ({@link NiFiPrestart} says which), their NiFis are started one after the other in the background once the shared NiFi
 * answers: a NiFi's start (about 15 s on two cores) then overlaps the classes running before, which mostly wait on
 * their flows' schedules, rather than adding to the run. Each links the NARs the shared NiFi has unpacked into its home
 * rather than unpacking them again ({@link NiFiServer#start(Path, Path, Duration, Path)}: 5 to 12 s of a core each, taken
 * from the classes running meanwhile, in a run from a clean checkout). A NiFi no class takes is stopped by its shutdown
 * hook when the test JVM ends.
 */
final class NiFiExtension implements BeforeAllCallback, ParameterResolver {
    /** Startup on two cores shared with other builds can take minutes: be generous, failing costs more. */
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    /** The home of the NiFi all system tests share. */
    static final String SHARED_HOME = "system-tests";
    /**
     * The JVM options of the test NiFis whose flows move a few dozen records: C1 only, no optimising compiler. A NiFi's
     * start is a minute of class loading and one-off initialisation (Jetty, Spring, the NARs' extensions), for which the
     * C2 compiler threads took over a third of the CPU, on the two cores the test run and the NiFis share: a start of a home
     * whose NARs were unpacked took 37.8 s and 43.2 s of CPU, 22.4 s and 27.0 s with C1 only (two pairs, the second pair
     * side by side, load average 35 to 47). A class moving much data through a NiFi of its own ({@link OwnNiFi#heavy()})
     * keeps C2.
     */
    static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1");

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NiFiExtension.class);
    /** The homes of the NiFis of their own the classes of this test run still need ({@link OwnNiFi}), in their order. */
    private static final Set<String> WANTED = new LinkedHashSet<>();
    /** The homes of NiFis of their own that keep the optimising compiler ({@link OwnNiFi#heavy()}). */
    private static final Set<String> HEAVY = ConcurrentHashMap.newKeySet();
    /** The NiFis of their own started in the background, by home, until a class takes its one. */
    private static final Map<String, CompletableFuture<NiFiServer>> STARTED = new ConcurrentHashMap<>();
    /** One at a time, so that the background starts take one core at most from the tests running meanwhile. */
    private static final ExecutorService STARTER = Executors.newSingleThreadExecutor(task -> {
        final Thread thread = new Thread(task, "start-own-nifis");
        thread.setDaemon(true);
        return thread;
    });

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

    /**
     * A class of this test run needs a NiFi of its own in this home (see {@link NiFiPrestart}); {@code heavy}: it keeps the
     * optimising compiler ({@link OwnNiFi#heavy()}).
     */
    static void wanted(final String home, final boolean heavy) {
        if (heavy) {
            HEAVY.add(home);
        }
        synchronized (WANTED) {
            WANTED.add(home);
        }
    }

    /**
     * The NiFi of a class's own home ({@link OwnNiFi}): the one started in the background if the shared NiFi started
     * it, waited for; else one started now. The caller stops it.
     */
    static NiFiServer ownNiFi(final String name) throws Exception {
        synchronized (WANTED) {
            WANTED.remove(name);
        }
        final CompletableFuture<NiFiServer> started = STARTED.remove(name);
        if (started == null) {
            return NiFiServer.start(assembly(), home(name), STARTUP_TIMEOUT, null, jvmOptions(name));
        }
        try {
            return started.join();
        } catch (final CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The JVM options of the NiFi of its own in that home: {@link #QUICK_START} unless its class is {@link OwnNiFi#heavy()}. */
    private static List<String> jvmOptions(final String home) {
        return HEAVY.contains(home) ? List.of() : QUICK_START;
    }

    private static NiFiServer server(final ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(NiFiServer.class, type -> {
            final NiFiServer shared;
            try {
                final Optional<NiFiServer> early = EarlySharedNiFi.takeOver();
                shared = early.isPresent() ? early.get() : NiFiServer.start(assembly(), home(SHARED_HOME), STARTUP_TIMEOUT, null, QUICK_START);
            } catch (final Exception e) {
                throw new IllegalStateException("NiFi did not start: " + e.getMessage(), e);
            }
            final List<String> wanted;
            synchronized (WANTED) {
                wanted = List.copyOf(WANTED);
            }
            for (final String name : wanted) {
                STARTED.computeIfAbsent(name, home -> CompletableFuture.supplyAsync(() -> {
                    try {
                        // the shared NiFi has unpacked the NARs: this one links them rather than unpacking them again
                        return NiFiServer.start(assembly(), home(home), STARTUP_TIMEOUT, shared.getHome(), jvmOptions(home));
                    } catch (final Exception e) {
                        throw new CompletionException(e);
                    }
                }, STARTER));
            }
            return shared;
        }, NiFiServer.class);
    }
}
