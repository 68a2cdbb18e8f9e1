package dev.nificrm.systemtest;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A NiFi 2.3.0 server process, assembled by Maven under {@code target/nifi-2.3.0} of the nifi-crm-flow-tests module
 * ({@code lib/} with the framework jars and NARs, {@code extensions/} with our NAR).
 * <p>
 * {@link #start(Path, Duration)} wipes the runtime state of a previous run (flow, repositories, state, logs),
 * writes a loopback-only configuration with a free port and a freshly generated sensitive-properties key, starts
 * {@code org.apache.nifi.NiFi} with the Java that runs this code, and returns once the REST API answers.
 * {@link #close()} stops exactly that process (SIGTERM, then a forced kill after a grace period); a JVM shutdown
 * hook does the same if the caller never gets there.
 * <pre>
 * try (NiFiServer nifi = NiFiServer.start(home, Duration.ofMinutes(5))) {
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
    private static final Duration STOP_GRACE_PERIOD = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final Path home;
    private final Process process;
    private final NiFiClient client;
    private final Thread shutdownHook;

    private NiFiServer(final Path home, final Process process, final int port) {
        this.home = home;
        this.process = process;
        this.client = new NiFiClient(URI.create("http://127.0.0.1:" + port + "/nifi-api"));
        this.shutdownHook = new Thread(this::stopProcess, "stop-nifi-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts NiFi from an assembled home directory and waits until its REST API answers.
     *
     * @param home    the assembled NiFi directory (with lib/ and extensions/)
     * @param timeout how long NiFi may take to answer (startup on two busy cores can take minutes)
     */
    public static NiFiServer start(final Path home, final Duration timeout) throws IOException, InterruptedException {
        if (!Files.isDirectory(home.resolve("lib")) || !Files.isDirectory(home.resolve("extensions"))) {
            throw new IOException("No assembled NiFi at " + home + ": build it with ./mvnw -B package -DskipTests");
        }
        for (final String directory : RUNTIME_STATE) {
            deleteRecursively(home.resolve(directory));
        }
        deleteUnpackedExtensions(home);
        final int port = freeLoopbackPort();
        writeConfiguration(home.resolve("conf"), port);
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("run"));

        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final ProcessBuilder builder = new ProcessBuilder(java.toString(),
                "-Xms256m", "-Xmx1g", "-Djava.awt.headless=true",
                // NiFi's management (health) server binds 127.0.0.1:52020 unless told otherwise; a free port lets
                // two NiFis (a demo and a test run) live side by side
                "-Dorg.apache.nifi.management.server.address=127.0.0.1:" + freeLoopbackPort(),
                "-Dnifi.properties.file.path=./conf/nifi.properties",
                "-cp", "./conf" + File.pathSeparator + "./lib/*",
                MAIN_CLASS)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("logs").resolve("nifi.log").toFile());
        final NiFiServer server = new NiFiServer(home, builder.start(), port);
        Files.writeString(server.getPidFile(), Long.toString(server.process.pid()) + System.lineSeparator());
        try {
            server.awaitApi(timeout);
        } catch (final IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
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
        return process.pid();
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
        if (!process.isAlive()) {
            return;
        }
        final List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (final InterruptedException e) {
            process.destroyForcibly();
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

    private void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException("NiFi exited with code " + process.exitValue() + ". Last lines of " + getLogFile()
                    + ":" + System.lineSeparator() + tail(getLogFile(), 40));
        }
    }

    /**
     * Removes the unpacked copies of the NARs in extensions/ so NiFi unpacks the freshly built ones (the framework
     * NARs in lib/ never change and stay unpacked, which saves startup time).
     */
    private static void deleteUnpackedExtensions(final Path home) throws IOException {
        try (Stream<Path> nars = Files.list(home.resolve("extensions"))) {
            for (final Path nar : nars.toList()) {
                deleteRecursively(home.resolve("work/nar/extensions").resolve(nar.getFileName() + "-unpacked"));
            }
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
