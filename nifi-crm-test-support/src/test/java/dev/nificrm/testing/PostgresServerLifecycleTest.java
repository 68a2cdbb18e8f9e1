package dev.nificrm.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerInChildJvm.class.getName(),
                ending, PostgresServer.defaultRoot().toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
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
