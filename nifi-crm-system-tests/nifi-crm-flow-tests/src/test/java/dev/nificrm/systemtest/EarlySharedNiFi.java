package dev.nificrm.systemtest;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the system tests' shared NiFi while this module's unit tests run, so that its start (about 30 s of a NiFi whose
 * NARs are unpacked anew, on two busy cores) overlaps them rather than the first integration test waiting for it.
 * <p>
 * Maven runs the unit tests (surefire) before it packages and runs the integration tests (failsafe), each in a JVM of its
 * own; the NiFi must outlive the first and be stopped for sure however the build ends. So: when the unit tests begin
 * ({@link #testPlanExecutionStarted}), in a build whose goals go on to the integration tests ({@value #GOALS} from the
 * pom), this starts a launcher JVM ({@link #main}) that starts the NiFi in its home and holds it. The launcher ends, and its
 * shutdown hook stops the NiFi ({@link NiFiServer#close()}), when the Maven build it belongs to has ended (tests failed,
 * build done, Ctrl-C, even {@code kill -9} of Maven) or when the NiFi has ended. The integration tests' JVM takes the NiFi
 * over ({@link #takeOver()}) once it answers and stops it when the tests are done, as one it started itself.
 * <p>
 * A run without that property (an IDE, {@code ./mvnw test}, {@code -DskipITs}) starts nothing early, and a run whose
 * launcher is missing or has failed starts the shared NiFi when the first test needs it, as before.
 */
public final class EarlySharedNiFi implements TestExecutionListener {
    /** The goals of the Maven build, as surefire is given them ({@code goals: [verify]}). */
    static final String GOALS = "nifi.early.goals";
    /** Maven's {@code skipITs}, as surefire is given it. */
    static final String SKIP_ITS = "nifi.early.skipITs";
    /** The phases from which on a build runs the integration tests. */
    private static final Set<String> WITH_INTEGRATION_TESTS = Set.of("integration-test", "post-integration-test", "verify", "install", "deploy");
    private static final Pattern GOAL = Pattern.compile("[\\w.:-]+");
    private static final AtomicBoolean LAUNCHED = new AtomicBoolean();
    /** How often the integration tests look whether the launcher's NiFi answers. */
    private static final long POLL_MILLIS = 200;

    @Override
    public void testPlanExecutionStarted(final TestPlan plan) {
        if (!buildRunsIntegrationTests(System.getProperty(GOALS), System.getProperty(SKIP_ITS)) || !LAUNCHED.compareAndSet(false, true)) {
            return;
        }
        try {
            launch();
        } catch (final IOException e) {
            // the integration tests then start the NiFi themselves, as without the early start
            System.err.println("The shared NiFi is not started early: " + e);
        }
    }

    /** Whether the build with these goals (as {@value #GOALS} gives them) runs this module's integration tests. */
    static boolean buildRunsIntegrationTests(final String goals, final String skipIntegrationTests) {
        if (goals == null || "true".equals(skipIntegrationTests)) {
            return false;
        }
        final Matcher goal = GOAL.matcher(goals);
        while (goal.find()) {
            if (WITH_INTEGRATION_TESTS.contains(goal.group()) || goal.group().endsWith(":integration-test")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts the launcher JVM on this JVM's class path and writes the claim the integration tests look for: the Maven
     * build's pid and the launcher's.
     */
    private static void launch() throws IOException {
        final ProcessHandle build = build().orElseThrow(() -> new IOException("no Maven JVM among this JVM's ancestors"));
        final Path claim = claim();
        Files.createDirectories(claim.getParent());
        Files.deleteIfExists(claim);
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process launcher = new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-Dnifi.assembly=" + NiFiExtension.assembly(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                EarlySharedNiFi.class.getName(), Long.toString(build.pid()))
                .redirectErrorStream(true)
                .redirectOutput(claim.resolveSibling(NiFiExtension.SHARED_HOME + ".early.log").toFile())
                .start();
        Files.writeString(claim, build.pid() + " " + launcher.pid(), StandardCharsets.UTF_8);
    }

    /**
     * The launcher: starts the shared NiFi in its home and holds it until the build given by its pid ends (then the
     * NiFi's shutdown hook stops it) or the NiFi ends (stopped by the integration tests that took it over).
     */
    public static void main(final String[] args) throws Exception {
        final ProcessHandle build = ProcessHandle.of(Long.parseLong(args[0])).orElse(null);
        if (build == null) {
            return;
        }
        build.onExit().thenRun(() -> System.exit(0));
        final Path home = NiFiExtension.home(NiFiExtension.SHARED_HOME);
        final long began = System.nanoTime();
        try (NiFiServer nifi = NiFiServer.start(NiFiExtension.assembly(), home, NiFiExtension.STARTUP_TIMEOUT, null, NiFiExtension.QUICK_START)) {
            Files.writeString(started(home), Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
            System.out.printf("NiFi (pid %d) answers at %s, started in %d ms for the build (pid %d)%n", nifi.getPid(), nifi.getUiUri(),
                    (System.nanoTime() - began) / 1_000_000, build.pid());
            nifi.onExit().join();
        }
    }

    /**
     * The shared NiFi the launcher of this build started, once it answers; empty when this build started none (or its
     * launcher failed: see {@code target/nifi-homes/system-tests.early.log}), so the caller starts one.
     */
    static Optional<NiFiServer> takeOver() throws IOException, InterruptedException {
        final Path claim = claim();
        final Optional<ProcessHandle> build = build();
        if (!Files.isRegularFile(claim) || build.isEmpty()) {
            return Optional.empty();
        }
        final String[] pids = Files.readString(claim, StandardCharsets.UTF_8).trim().split(" ");
        if (pids.length != 2 || !pids[0].equals(Long.toString(build.get().pid()))) {
            return Optional.empty();
        }
        Files.delete(claim);
        final Optional<ProcessHandle> launcher = ProcessHandle.of(Long.parseLong(pids[1]));
        final Path home = NiFiExtension.home(NiFiExtension.SHARED_HOME);
        final long began = System.nanoTime();
        final long deadline = began + NiFiExtension.STARTUP_TIMEOUT.toNanos();
        while (!startedBy(home, pids[1])) {
            if (launcher.isEmpty() || !launcher.get().isAlive()) {
                System.out.println("The shared NiFi started early did not come up (see " + claim.resolveSibling(NiFiExtension.SHARED_HOME
                        + ".early.log") + "): starting it now");
                return Optional.empty();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("The shared NiFi started early did not answer within " + NiFiExtension.STARTUP_TIMEOUT + ". See "
                        + home.resolve("logs").resolve("nifi.log"));
            }
            Thread.sleep(POLL_MILLIS);
        }
        final NiFiServer nifi = NiFiServer.adopt(home, NiFiExtension.QUICK_START);
        System.out.printf("The shared NiFi (pid %d), started while the unit tests ran, taken over in %d ms%n", nifi.getPid(),
                (System.nanoTime() - began) / 1_000_000);
        return Optional.of(nifi);
    }

    private static boolean startedBy(final Path home, final String launcher) throws IOException {
        final Path started = started(home);
        return Files.isRegularFile(started) && Files.readString(started, StandardCharsets.UTF_8).trim().equals(launcher);
    }

    /** Where the launcher says, once its NiFi answers, that it holds the NiFi of the home (its own pid). */
    private static Path started(final Path home) {
        return home.resolve("run").resolve("started-early");
    }

    /** Where the unit tests' JVM names the build and the launcher it started, beside the home. */
    private static Path claim() {
        return NiFiExtension.home(NiFiExtension.SHARED_HOME + ".early");
    }

    /**
     * The Maven JVM running this build: the nearest Java process among this JVM's ancestors (surefire and failsafe start
     * their JVMs through {@code /bin/sh -c}).
     */
    private static Optional<ProcessHandle> build() {
        Optional<ProcessHandle> ancestor = ProcessHandle.current().parent();
        while (ancestor.isPresent()) {
            final Optional<String> command = ancestor.get().info().command();
            if (command.isPresent()) {
                final String name = Path.of(command.get()).getFileName().toString();
                if (name.equals("java") || name.equals("java.exe")) {
                    return ancestor;
                }
            }
            ancestor = ancestor.get().parent();
        }
        return Optional.empty();
    }
}
