package dev.nificrm.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A NiFi 2.3.0 server process, started from the assembly Maven builds under {@code target/nifi-2.3.0} of the
 * nifi-crm-flow-tests module ({@code lib/} with the framework jars and NARs, {@code extensions/} with our NAR), in a
 * home directory of its own.
 * <p>
 * The assembly is never run in: {@link #start(Path, Path, Duration)} installs its {@code lib/} and {@code extensions/}
 * into the home (copying only what changed since the home's last run, so NiFi's unpacked framework NARs stay valid),
 * wipes the home's runtime state of a previous run (flow, repositories, state, logs), writes a loopback-only
 * configuration with free ports and a freshly generated sensitive-properties key, starts {@code org.apache.nifi.NiFi}
 * with the Java that runs this code, and returns once the REST API answers. So any number of NiFis can run side by
 * side from one assembly, each in its own home (the demo in {@code target/demo/nifi}, the system tests under
 * {@code target/nifi-homes/}), and rebuilding the assembly never touches a running NiFi. It refuses to start in a home
 * whose {@code run/nifi.pid} names a NiFi that is still running.
 * <p>
 * {@link #close()} stops exactly that process (SIGTERM, then a forced kill after a grace period); a JVM shutdown hook
 * does the same if the caller never gets there. A NiFi that another JVM started and still holds ({@link #adopt(Path, List)})
 * is stopped the same way by the JVM that adopts it.
 * <pre>
 * try (NiFiServer nifi = NiFiServer.start(assembly, home, Duration.ofMinutes(5))) {
 *     NiFiClient client = nifi.client();
 *     ...
 * }
 * </pre>
 */
public final class NiFiServer implements AutoCloseable {
    private static final String MAIN_CLASS = "org.apache.nifi.NiFi";
    private static final List<String> RUNTIME_STATE = List.of("conf", "logs", "run", "state", "flowfile_repository",
            "content_repository", "provenance_repository", "database_repository", "nar_repository", "assets");
    private static final List<String> CONFIGURATION_FILES = List.of("nifi.properties", "state-management.xml", "logback.xml");
    /** What a home takes from the assembly; everything else in a home is NiFi's own. */
    private static final List<String> INSTALLED = List.of("lib", "extensions");
    /** Where NiFi unpacks the NARs of lib/ and extensions/ (nifi.nar.working.directory). */
    private static final List<String> UNPACKED_NARS = List.of("work/nar/framework", "work/nar/extensions");
    private static final Duration STOP_GRACE_PERIOD = Duration.ofSeconds(30);
    /**
     * How often a start looks whether NiFi answers and lists our processors: a fifth of a second, so a start is seen about
     * as soon as it is done (at 1 s, half a second late on average, each start and each wait for the processor types).
     */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration THREAD_DUMP_TIMEOUT = Duration.ofSeconds(30);
    /** Frames of each busy thread a {@link #threadReport()} shows. */
    private static final int THREAD_FRAMES = 12;
    /**
     * NiFi's Maximum Timer Driven Thread Count (10 unless set). NiFi 2.3.0 runs the components' starts and stops on the same
     * pool as their tasks (its FlowController hands the Timer-Driven pool to the process scheduler as the component
     * lifecycle pool): a Run Once's stop and the check that ends it every 100 ms wait for a free thread there, behind every
     * task of every processor. The largest flow, crm-sync-two-way, has 63 processors of one concurrent task each, far more
     * than 10: with 80, a stop or start finds a thread even when each of its steps runs a task at once (a database call, a
     * lock wait). Idle threads cost no CPU.
     */
    private static final int TIMER_DRIVEN_THREADS = 80;

    private final Path home;
    private final int port;
    private final List<String> jvmOptions;
    /** The NiFi JVM. */
    private final ProcessHandle nifi;
    /** The NiFi JVM as this JVM started it (its exit code); null when adopted from the JVM that started it. */
    private final Process process;
    private final NiFiClient client;
    private final Thread shutdownHook;

    private NiFiServer(final Path home, final ProcessHandle nifi, final Process process, final int port, final List<String> jvmOptions) {
        this.home = home;
        this.port = port;
        this.jvmOptions = jvmOptions;
        this.nifi = nifi;
        this.process = process;
        this.client = new NiFiClient(URI.create("http://127.0.0.1:" + port + "/nifi-api"));
        this.client.setThreadReport(this::threadReport);
        this.shutdownHook = new Thread(this::stopProcess, "stop-nifi-" + nifi.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts NiFi in its own home from the assembly and waits until its REST API answers.
     *
     * @param assembly the NiFi assembled by Maven (with lib/ and extensions/); never written to
     * @param home     the directory this NiFi runs in, created when missing; reused across runs of the same NiFi
     * @param timeout  how long NiFi may take to answer (startup on two busy cores can take minutes)
     * @throws IOException when the assembly is missing, or a NiFi still runs in the home
     */
    public static NiFiServer start(final Path assembly, final Path home, final Duration timeout) throws IOException, InterruptedException {
        return start(assembly, home, timeout, null);
    }

    /**
     * Starts NiFi in its own home from the assembly, as {@link #start(Path, Path, Duration)}, beside a NiFi that already
     * runs from the same assembly: the NARs that NiFi has unpacked and this home has not are linked into this home (hard
     * links, no copy), so this NiFi finds them unpacked rather than unpacking 200 MB again (about 6 s of a core). Only a
     * NAR installed in both homes as the same file (size and modification time) is linked; NiFi still checks each
     * unpacked NAR against its digest and unpacks anew what differs. A file system without hard links links nothing.
     *
     * @param unpackedBeside the home of a NiFi that has started from the same assembly (its NARs unpacked), or null
     */
    public static NiFiServer start(final Path assembly, final Path home, final Duration timeout, final Path unpackedBeside)
            throws IOException, InterruptedException {
        return start(assembly, home, timeout, unpackedBeside, List.of());
    }

    /**
     * As {@link #start(Path, Path, Duration, Path)}, the NiFi JVM started with these options besides the heap's, e.g.
     * {@code -XX:TieredStopAtLevel=1} (a restart keeps them).
     */
    public static NiFiServer start(final Path assembly, final Path home, final Duration timeout, final Path unpackedBeside,
                                   final List<String> jvmOptions) throws IOException, InterruptedException {
        if (!Files.isDirectory(assembly.resolve("lib")) || !Files.isDirectory(assembly.resolve("extensions"))) {
            throw new IOException("No assembled NiFi at " + assembly + ": build it with ./mvnw -B package -DskipTests");
        }
        if (Files.isDirectory(home) && Files.isSameFile(assembly, home)) {
            throw new IOException("NiFi runs in a home of its own, not in the assembly " + assembly);
        }
        refuseLiveNiFi(home);
        for (final String directory : RUNTIME_STATE) {
            deleteRecursively(home.resolve(directory));
        }
        for (final String directory : INSTALLED) {
            install(assembly.resolve(directory), home);
        }
        if (unpackedBeside != null && !Files.isSameFile(unpackedBeside, home)) {
            linkUnpacked(unpackedBeside, home);
        }
        final int port = freeLoopbackPort();
        writeConfiguration(home.resolve("conf"), port);
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("run"));
        return launch(home, port, timeout, List.copyOf(jvmOptions));
    }

    /**
     * Starts NiFi again in the home of this NiFi once it has ended (killed or stopped), keeping everything NiFi keeps across
     * a restart: the flow with the run state of its components, the FlowFile and content repositories, component state and
     * the configuration (so the same port). It is what an operator's {@code nifi.sh start} does after a crash.
     *
     * @throws IOException when this NiFi still runs, or the new one does not answer within the timeout
     */
    public NiFiServer restart(final Duration timeout) throws IOException, InterruptedException {
        if (nifi.isAlive()) {
            throw new IOException("NiFi still runs in " + home + " (pid " + nifi.pid() + "): stop or kill it before restarting it");
        }
        refuseLiveNiFi(home);
        return launch(home, port, timeout, jvmOptions);
    }

    /**
     * Ends NiFi at once with SIGKILL, as a crash or {@code kill -9} would: no shutdown, no flush, the repositories left as
     * they are on disk.
     */
    public void kill() throws InterruptedException {
        final List<ProcessHandle> children = nifi.descendants().toList();
        nifi.destroyForcibly();
        awaitExit(STOP_GRACE_PERIOD);
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (final IllegalStateException shuttingDown) {
            // the JVM is already exiting
        }
    }

    private static NiFiServer launch(final Path home, final int port, final Duration timeout, final List<String> jvmOptions)
            throws IOException, InterruptedException {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final List<String> command = new ArrayList<>(List.of(java.toString(), "-Xms256m", "-Xmx1g", "-Djava.awt.headless=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                // NiFi's management (health) server binds 127.0.0.1:52020 unless told otherwise; a free port lets
                // several NiFis (a demo and a test run, or the NiFis of one test) live side by side
                "-Dorg.apache.nifi.management.server.address=127.0.0.1:" + freeLoopbackPort(),
                "-Dnifi.properties.file.path=./conf/nifi.properties",
                "-cp", "./conf" + File.pathSeparator + "./lib/*",
                MAIN_CLASS));
        final ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                // appended: a restarted NiFi (after a kill) keeps the log of the run before it
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs").resolve("nifi.log").toFile()));
        final Process started = builder.start();
        final NiFiServer server = new NiFiServer(home, started.toHandle(), started, port, jvmOptions);
        Files.writeString(server.getPidFile(), Long.toString(started.pid()) + System.lineSeparator());
        try {
            server.awaitApi(timeout);
            server.sizeTimerDrivenPool(timeout);
        } catch (final IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Takes over the NiFi that another JVM of this machine started in {@code home} and that still runs there, answering
     * (the system tests' shared NiFi, started by {@code EarlySharedNiFi} while the unit tests ran): its pid from
     * {@code run/nifi.pid}, its port from {@code conf/nifi.properties}. From then on this JVM stops it, on {@link #close()} or
     * at its own exit, as a NiFi it started itself.
     *
     * @param jvmOptions the options the NiFi was started with, kept for a {@link #restart(Duration)}
     * @throws IOException when no NiFi runs in the home
     */
    static NiFiServer adopt(final Path home, final List<String> jvmOptions) throws IOException {
        final ProcessHandle running = runningNiFi(home)
                .orElseThrow(() -> new IOException("No NiFi runs in " + home + " (see " + home.resolve("run").resolve("nifi.pid") + ")"));
        final String portLine = "nifi.web.http.port=";
        final int port;
        try (Stream<String> lines = Files.lines(home.resolve("conf").resolve("nifi.properties"), StandardCharsets.UTF_8)) {
            port = Integer.parseInt(lines.filter(line -> line.startsWith(portLine)).findFirst()
                    .orElseThrow(() -> new IOException("No " + portLine + " in " + home.resolve("conf").resolve("nifi.properties")))
                    .substring(portLine.length()).trim());
        }
        return new NiFiServer(home, running, null, port, List.copyOf(jvmOptions));
    }

    /**
     * Refuses a home whose pid file names a running NiFi: starting there would wipe the flow, state and repositories
     * under it.
     */
    private static void refuseLiveNiFi(final Path home) throws IOException {
        final Optional<ProcessHandle> running = runningNiFi(home);
        if (running.isPresent()) {
            final long pid = running.get().pid();
            final Path pidFile = home.resolve("run").resolve("nifi.pid");
            throw new IOException("A NiFi is already running in " + home + " (pid " + pid + ", see " + pidFile + "); starting another one "
                    + "there would wipe its flow, state and repositories. Stop it first (the demo: press Enter where it runs; "
                    + "otherwise kill " + pid + "), or start this NiFi in another home. If process " + pid + " is no NiFi, delete "
                    + pidFile + ".");
        }
    }

    /**
     * The NiFi the home's pid file names, if it runs. A pid file of a process that has ended, or that now belongs to another
     * program, is stale.
     */
    private static Optional<ProcessHandle> runningNiFi(final Path home) throws IOException {
        final Path pidFile = home.resolve("run").resolve("nifi.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        final long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
        } catch (final NumberFormatException e) {
            return Optional.empty();
        }
        // another user's process does not show its command line: then it counts as a NiFi, to be safe
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(running -> running.info().commandLine().map(line -> line.contains(MAIN_CLASS)).orElse(true));
    }

    /**
     * Makes {@code home/<name of from>} hold exactly the files of {@code from}: a file whose size or modification time
     * differs is copied anew and its unpacked copy under work/nar is removed, so NiFi unpacks the new one; files the
     * assembly no longer has are removed. Unchanged files (NiFi's own NARs) are left alone and stay unpacked.
     */
    private static void install(final Path from, final Path home) throws IOException {
        final Path to = Files.createDirectories(home.resolve(from.getFileName().toString()));
        final Set<Path> installed = new HashSet<>();
        try (Stream<Path> files = Files.list(from)) {
            for (final Path source : files.filter(Files::isRegularFile).toList()) {
                final Path target = to.resolve(source.getFileName());
                installed.add(target.getFileName());
                if (!Files.isRegularFile(target) || Files.size(source) != Files.size(target)
                        || !Files.getLastModifiedTime(source).equals(Files.getLastModifiedTime(target))) {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    deleteUnpacked(home, target.getFileName());
                }
            }
        }
        try (Stream<Path> files = Files.list(to)) {
            for (final Path stale : files.filter(file -> !installed.contains(file.getFileName())).toList()) {
                deleteRecursively(stale);
                deleteUnpacked(home, stale.getFileName());
            }
        }
    }

    /**
     * Links into {@code home} each NAR that {@code other} has unpacked and {@code home} has not, where both homes hold that
     * NAR as the same file; returns how many NARs were linked. A NAR whose links cannot all be made is removed again from
     * {@code home}, left to NiFi to unpack.
     */
    static int linkUnpacked(final Path other, final Path home) throws IOException {
        int linked = 0;
        for (final String directory : UNPACKED_NARS) {
            final Path from = other.resolve(directory);
            if (!Files.isDirectory(from)) {
                continue;
            }
            try (Stream<Path> unpacked = Files.list(from)) {
                for (final Path source : unpacked.filter(Files::isDirectory).toList()) {
                    final String name = source.getFileName().toString();
                    final Path target = home.resolve(directory).resolve(name);
                    if (!name.endsWith("-unpacked") || Files.exists(target)
                            || !sameInstalledNar(other, home, name.substring(0, name.length() - "-unpacked".length()))) {
                        continue;
                    }
                    try {
                        linkTree(source, target);
                        linked++;
                    } catch (final IOException | UnsupportedOperationException noLink) {
                        deleteRecursively(target);
                    }
                }
            }
        }
        return linked;
    }

    /** Whether both homes have installed the NAR of that name as the same file (same size and modification time). */
    private static boolean sameInstalledNar(final Path other, final Path home, final String nar) throws IOException {
        for (final String directory : INSTALLED) {
            final Path theirs = other.resolve(directory).resolve(nar);
            final Path ours = home.resolve(directory).resolve(nar);
            if (Files.isRegularFile(theirs) && Files.isRegularFile(ours)) {
                return Files.size(theirs) == Files.size(ours) && Files.getLastModifiedTime(theirs).equals(Files.getLastModifiedTime(ours));
            }
        }
        return false;
    }

    private static void linkTree(final Path from, final Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (final Path source : paths.toList()) {
                final Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.createLink(target, source);
                }
            }
        }
    }

    private static void deleteUnpacked(final Path home, final Path nar) throws IOException {
        for (final String directory : UNPACKED_NARS) {
            deleteRecursively(home.resolve(directory).resolve(nar + "-unpacked"));
        }
    }

    /** The directory this NiFi runs in. */
    public Path getHome() {
        return home;
    }

    /** The REST client of this server. */
    public NiFiClient client() {
        return client;
    }

    /** The address of the UI (loopback only). */
    public URI getUiUri() {
        return client.getApiUri().resolve("/nifi/");
    }

    /** The process id of the NiFi JVM. */
    public long getPid() {
        return nifi.pid();
    }

    /** Completes when the NiFi JVM has ended (stopped, killed, or exited by itself). */
    public CompletableFuture<ProcessHandle> onExit() {
        return nifi.onExit();
    }

    /**
     * NiFi's threads that are doing something, for a failure message: the JVM's thread dump ({@code jcmd Thread.print})
     * is written whole into the logs directory, and the threads of NiFi's schedulers and lifecycle pools that are not
     * waiting for work (a task that hangs, a stop or start that does not finish) are returned with their top frames.
     */
    public String threadReport() {
        return threadReport(nifi.pid(), home.resolve("logs").resolve("threads-" + System.currentTimeMillis() + ".txt"));
    }

    /** {@link #threadReport()} of the JVM {@code pid}, its whole dump written to {@code dump}. */
    static String threadReport(final long pid, final Path dump) {
        final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            final Process dumping = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print", "-l")
                    .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            if (!dumping.waitFor(THREAD_DUMP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                dumping.destroyForcibly();
                return "no thread dump: jcmd did not answer within " + THREAD_DUMP_TIMEOUT;
            }
            return busyThreads(Files.readString(dump, StandardCharsets.UTF_8)) + " (whole dump: " + dump + ")";
        } catch (final IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "no thread dump: " + e;
        }
    }

    /**
     * The threads of a dump that belong to NiFi's processor scheduling and lifecycle pools and are not idle in their
     * pool's queue, each with its first frames.
     */
    static String busyThreads(final String dump) {
        final StringBuilder report = new StringBuilder("NiFi's busy threads:");
        int shown = 0;
        for (final String block : dump.split("\\R\\R")) {
            final String trimmed = block.strip();
            if (!trimmed.startsWith("\"")) {
                continue;
            }
            final String name = trimmed.substring(1, Math.max(1, trimmed.indexOf('"', 1)));
            final boolean scheduling = name.startsWith("Timer-Driven") || name.startsWith("Component Lifecycle")
                    || name.startsWith("Monitor Processor Lifecycle") || name.startsWith("Flow Service Tasks");
            final boolean idle = trimmed.contains("ThreadPoolExecutor.getTask") || trimmed.contains("ScheduledThreadPoolExecutor$DelayedWorkQueue.take");
            if (!scheduling || idle) {
                continue;
            }
            final String[] lines = trimmed.split("\\R");
            report.append("\n  ");
            for (int i = 0; i < Math.min(lines.length, THREAD_FRAMES + 2); i++) {
                report.append(i == 0 ? "" : "\n    ").append(lines[i].strip());
            }
            shown++;
        }
        return shown == 0 ? "NiFi's scheduling and lifecycle threads are all waiting for work" : report.toString();
    }

    /** The file holding {@link #getPid()} while NiFi runs. */
    public Path getPidFile() {
        return home.resolve("run").resolve("nifi.pid");
    }

    /** NiFi's log (its standard output and error). */
    public Path getLogFile() {
        return home.resolve("logs").resolve("nifi.log");
    }

    /**
     * Waits until NiFi lists every given processor type (extensions are loaded after the API answers).
     *
     * @return the bundle coordinates (group:artifact:version) of each type, in the order given
     */
    public List<String> awaitProcessorTypes(final List<String> types, final Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final List<String> bundles = client.getProcessorTypeBundles(types);
            if (!bundles.contains(null)) {
                return bundles;
            }
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IOException("NiFi did not list the processor types " + types + " within " + timeout
                        + "; listed bundles " + bundles + ". See " + getLogFile());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /** Stops NiFi: SIGTERM, then a forced kill if it has not exited within 30 seconds. */
    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (final IllegalStateException shuttingDown) {
            // the JVM is already exiting and runs the hook itself
        }
    }

    private void stopProcess() {
        if (!nifi.isAlive()) {
            return;
        }
        final List<ProcessHandle> children = nifi.descendants().toList();
        nifi.destroy();
        try {
            if (!awaitExit(STOP_GRACE_PERIOD)) {
                nifi.destroyForcibly();
                awaitExit(STOP_GRACE_PERIOD);
            }
        } catch (final InterruptedException e) {
            nifi.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            Files.deleteIfExists(getPidFile());
        } catch (final IOException ignored) {
            // the pid file only helps an operator; a stale one names a process that no longer exists
        }
    }

    private void awaitApi(final Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!client.isAnswering()) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IOException("NiFi did not answer at " + client.getApiUri() + " within " + timeout + ". See " + getLogFile());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /**
     * Sets the controller's Maximum Timer Driven Thread Count to {@link #TIMER_DRIVEN_THREADS}, as Controller Settings in the
     * UI does; asked again while NiFi, answering already, still loads its flow.
     */
    private void sizeTimerDrivenPool(final Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                final JsonNode config = client.get("/controller/config");
                final ObjectNode body = client.getMapper().createObjectNode();
                body.putObject("revision").put("version", config.path("revision").path("version").asLong()).put("clientId", client.getClientId());
                body.putObject("component").put("maxTimerDrivenThreadCount", TIMER_DRIVEN_THREADS);
                client.put("/controller/config", body);
                return;
            } catch (final IOException notYet) {
                checkAlive();
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        }
    }

    /** Whether the NiFi JVM ended within the time given (a child's exit also reaped, as {@link Process#waitFor} does). */
    private boolean awaitExit(final Duration timeout) throws InterruptedException {
        try {
            (process == null ? nifi.onExit() : process.onExit()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (final TimeoutException e) {
            return false;
        } catch (final ExecutionException e) {
            return !nifi.isAlive();
        }
    }

    private void checkAlive() throws IOException {
        if (!nifi.isAlive()) {
            throw new IOException("NiFi exited" + (process == null ? "" : " with code " + process.exitValue()) + ". Last lines of " + getLogFile()
                    + ":" + System.lineSeparator() + tail(getLogFile(), 40));
        }
    }

    private static void writeConfiguration(final Path conf, final int port) throws IOException {
        Files.createDirectories(conf);
        for (final String name : CONFIGURATION_FILES) {
            try (InputStream in = NiFiServer.class.getResourceAsStream("conf/" + name)) {
                if (in == null) {
                    throw new IOException("Missing configuration resource conf/" + name);
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                text = text.replace("@HTTP_PORT@", Integer.toString(port)).replace("@SENSITIVE_PROPS_KEY@", generateKey());
                Files.writeString(conf.resolve(name), text);
            }
        }
    }

    private static String generateKey() {
        final byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(final Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (final Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }

    private static String tail(final Path file, final int lines) {
        try {
            final List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (final IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
