package dev.nificrm.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nothing outlives the JVM that started a server, however that JVM ends; a server that cannot start says why. */
class PostgresServerLifecycleTest {
    /** Unpacking on two busy cores plus initdb and start: generous, a hanging child must not hang the build. */
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    @ParameterizedTest(name = "JVM ends by {0}")
    @CsvSource({"throw, 1", "wait, 143"})
    void serverStopsWithItsJvm(final String ending, final int exitCode) throws Exception {
        final Path output = PostgresServer.defaultRoot().resolveSibling("postgres-child-jvm-" + ending + ".out");
        final Process child = startChildJvm(ending, PostgresServer.defaultRoot(), output);
        final String ready;
        try {
            ready = awaitReadyLine(child, output);
            if (ending.equals("wait")) {
                // SIGTERM, as when a build is aborted
                child.destroy();
            }
            assertTrue(child.waitFor(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "the child JVM did not end: " + ready);
        } finally {
            child.destroyForcibly();
        }
        assertNotNull(ready, "the child JVM started no server: " + Files.readString(output));
        assertEquals(exitCode, child.exitValue(), Files.readString(output));

        final String[] fields = ready.substring(ServerInChildJvm.READY.length()).split(" ", 3);
        final List<Long> pids = new ArrayList<>(List.of(Long.parseLong(fields[0])));
        Arrays.stream(fields[1].split(",")).filter(pid -> !pid.isEmpty()).map(Long::parseLong).forEach(pids::add);
        assertTrue(pids.size() > 1, "the postmaster had its background processes: " + ready);
        for (final long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " of " + ready);
        }
        // pg_ctl stop removes it; a forced kill would leave it behind
        assertFalse(Files.exists(Path.of(fields[2], "data", "postmaster.pid")), "a clean shutdown: " + ready);
    }

    /**
     * A JVM killed outright (no shutdown hook) leaves its server running: the next start in its directory stops it, as
     * before, and moves the directory aside rather than deleting it first; the deletion, of that directory and of one
     * a JVM ended before its deletion finished, comes after the new server answers.
     */
    @Test
    void theNextStartStopsAKilledJvmsServerAndDeletesItsDirectoryOnlyOnceItAnswers() throws Exception {
        final Path root = PostgresServer.defaultRoot().resolveSibling("postgres-killed-jvm");
        final Path output = root.resolveSibling("postgres-child-jvm-killed.out");
        // a previous run's directories out of the way; the unpacked binaries stay
        if (Files.isDirectory(root)) {
            for (final Path path : movedAside(root)) {
                FileTrees.delete(path);
            }
            FileTrees.delete(root.resolve("instance-0"));
        }
        shareUnpackedBinaries(root);
        final Process child = startChildJvm("wait", root, output);
        final String ready;
        try {
            ready = awaitReadyLine(child, output);
        } finally {
            // SIGKILL: the child's shutdown hook never runs, its server stays
            child.destroyForcibly();
        }
        assertNotNull(ready, "the child JVM started no server: " + Files.readString(output));
        assertTrue(child.waitFor(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        final String[] fields = ready.substring(ServerInChildJvm.READY.length()).split(" ", 3);
        final long leftoverPid = Long.parseLong(fields[0]);
        final Path directory = Path.of(fields[2]);
        assertEquals(root.resolve("instance-0"), directory);
        assertTrue(ProcessHandle.of(leftoverPid).map(ProcessHandle::isAlive).orElse(false), "the killed JVM's server runs on: " + ready);
        final Path abandoned = root.resolve("instance-0" + PostgresServer.OLD_SUFFIX + "abandoned");
        Files.createDirectories(abandoned.resolve("data"));
        Files.writeString(abandoned.resolve("data").resolve("PG_VERSION"), "17\n");

        final List<Runnable> removals = new ArrayList<>();
        try (PostgresServer server = PostgresServer.start(root, "", removals::add)) {
            assertFalse(ProcessHandle.of(leftoverPid).map(ProcessHandle::isAlive).orElse(false), "the leftover server was stopped");
            assertEquals(directory, server.directory());
            assertTrue(server.isRunning());
            final List<Path> aside = movedAside(root);
            assertEquals(2, aside.size(), aside.toString());
            assertTrue(aside.remove(abandoned), aside.toString());
            // the previous run's directory whole as the killed JVM's server left it (stopped cleanly by pg_ctl)
            assertTrue(Files.isRegularFile(aside.getFirst().resolve("postgres.log")), aside.toString());
            assertTrue(Files.isRegularFile(aside.getFirst().resolve("data").resolve("PG_VERSION")), aside.toString());
            assertFalse(Files.exists(aside.getFirst().resolve("data").resolve("postmaster.pid")), aside.toString());

            assertEquals(1, removals.size());
            removals.getFirst().run();
            assertEquals(List.of(), movedAside(root));
            assertTrue(server.isRunning());
        }
    }

    /**
     * The default root's binaries (unpacked once for the build) linked into {@code root}, rather than unpacked again
     * there: this test is about servers left behind, not about unpacking (3 s of xz on a busy machine). The link is made
     * only where no binaries are; a link whose target came from another jar is replaced by {@link PostgresBinaries#unpack}.
     */
    private static void shareUnpackedBinaries(final Path root) throws IOException {
        final Path binaries = PostgresBinaries.unpack(PostgresServer.defaultRoot());
        final Path link = root.resolve(binaries.getFileName());
        Files.createDirectories(root);
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, binaries);
        }
    }

    private static List<Path> movedAside(final Path root) throws IOException {
        try (Stream<Path> paths = Files.list(root)) {
            return new ArrayList<>(paths.filter(path -> path.getFileName().toString().startsWith("instance-0" + PostgresServer.OLD_SUFFIX)).toList());
        }
    }

    /** A JVM running {@link ServerInChildJvm} with this test's class path, its output going to {@code output}. */
    private static Process startChildJvm(final String ending, final Path root, final Path output) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerInChildJvm.class.getName(), ending, root.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    /** The child's line announcing its server, or null if it ended or took too long without one. */
    private static String awaitReadyLine(final Process child, final Path output) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + CHILD_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            final boolean ended = !child.isAlive();
            // decoded leniently: the file may end in the middle of a character
            final Optional<String> ready = new String(Files.readAllBytes(output), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.startsWith(ServerInChildJvm.READY)).findFirst();
            if (ready.isPresent() || ended) {
                return ready.orElse(null);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        return null;
    }

    /**
     * initdb runs once per binaries under a root, and every server started there gets a copy of its cluster, its own:
     * what one server writes, the next does not see. Binaries changed since (unpacked from another jar) get a cluster of
     * their own (made without a server start: every start here costs the suite a second or more).
     */
    @Test
    void serversUnderOneRootCopyTheClusterOfOneInitdb() throws Exception {
        final Path root = PostgresServer.defaultRoot().resolveSibling("postgres-counted-initdb");
        FileTrees.delete(root);
        final Path runs = root.resolve("initdb-runs");
        final Path initdb = countingInitdb(root, runs);

        try (PostgresServer first = PostgresServer.start(root)) {
            try (Connection connection = first.connect(PostgresServer.MAINTENANCE_DATABASE); Statement statement = connection.createStatement()) {
                statement.execute("create table contact (id bigint primary key)");
            }
            try (PostgresServer second = PostgresServer.start(root)) {
                assertEquals(1, initdbRuns(runs), "two servers, one initdb");
                assertNotEquals(first.dataDirectory(), second.dataDirectory());
                assertNotEquals(first.port(), second.port());
                try (Connection connection = second.connect(PostgresServer.MAINTENANCE_DATABASE)) {
                    assertEquals(List.of(), Databases.userTables(connection), "the second server has the first's table");
                }
            }
        }

        final Path template = ClusterTemplate.ensure(root, root.resolve("binaries"), ServerUser.forThisJvm(), Duration.ofMinutes(2));
        Files.setLastModifiedTime(initdb, FileTime.fromMillis(Files.getLastModifiedTime(initdb).toMillis() - 60_000));
        final Path changed = ClusterTemplate.ensure(root, root.resolve("binaries"), ServerUser.forThisJvm(), Duration.ofMinutes(2));
        assertEquals(2, initdbRuns(runs), "changed binaries make their own cluster");
        assertNotEquals(template, changed);
        assertTrue(Files.isRegularFile(changed.resolve("data").resolve("PG_VERSION")), changed.toString());
    }

    /**
     * Binaries under {@code root} marked as unpacked from the jar on the class path: the default root's programs,
     * libraries and data files, linked, but for an initdb that adds a line to {@code runs} each time before it runs the
     * real one.
     */
    private static Path countingInitdb(final Path root, final Path runs) throws IOException {
        final Path real = PostgresBinaries.unpack(PostgresServer.defaultRoot());
        final Path binaries = root.resolve("binaries");
        Files.createDirectories(binaries.resolve("bin"));
        try (Stream<Path> entries = Files.list(real)) {
            for (final Path entry : entries.filter(path -> !path.getFileName().toString().equals("bin")).toList()) {
                Files.createSymbolicLink(binaries.resolve(entry.getFileName().toString()), entry);
            }
        }
        try (Stream<Path> programs = Files.list(real.resolve("bin"))) {
            for (final Path program : programs.filter(path -> !path.getFileName().toString().equals("initdb")).toList()) {
                Files.createSymbolicLink(binaries.resolve("bin").resolve(program.getFileName().toString()), program);
            }
        }
        // written by the server's user (postgres, as root): a file anyone may append to
        Files.createFile(runs);
        Files.setPosixFilePermissions(runs, PosixFilePermissions.fromString("rw-rw-rw-"));
        final Path initdb = binaries.resolve("bin").resolve("initdb");
        Files.writeString(initdb, "#!/bin/sh\necho run >> '" + runs + "'\nexec '" + real.resolve("bin").resolve("initdb") + "' \"$@\"\n");
        assertTrue(initdb.toFile().setExecutable(true, false));
        return initdb;
    }

    private static long initdbRuns(final Path runs) throws IOException {
        return Files.readAllLines(runs).size();
    }

    @Test
    void reportsWhyItCannotStart() throws IOException {
        final Path root = PostgresServer.defaultRoot().resolveSibling("postgres-failing-initdb");
        FileTrees.delete(root);
        final Path binaries = root.resolve("binaries");
        Files.createDirectories(binaries.resolve("bin"));
        // binaries marked as unpacked from the jar on the class path, whose initdb fails as one would on a full disk
        Files.writeString(binaries.resolve(".unpacked-from"),
                PostgresBinaries.class.getClassLoader().getResource(PostgresBinaries.ARCHIVE).toString());
        final Path initdb = binaries.resolve("bin").resolve("initdb");
        Files.writeString(initdb, "#!/bin/sh\necho 'initdb: error: could not create directory: No space left on device' >&2\nexit 1\n");
        assertTrue(initdb.toFile().setExecutable(true, false));

        final IOException failure = assertThrows(IOException.class, () -> PostgresServer.start(root));
        assertTrue(failure.getMessage().contains(initdb + " -D "), failure.getMessage());
        assertTrue(failure.getMessage().contains("failed with exit code 1"), failure.getMessage());
        assertTrue(failure.getMessage().contains("No space left on device"), failure.getMessage());
    }
}
