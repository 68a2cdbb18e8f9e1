package dev.nificrm.testing;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system user that runs PostgreSQL's programs. PostgreSQL refuses to run as root ("initdb: error: cannot
 * be run as root"), and builds here run as root: then the programs run through {@code runuser -u postgres --} as the
 * unprivileged system user {@code postgres} (created when missing), which must own the server's directories. Any
 * other user runs them directly.
 */
final class ServerUser {
    static final String SYSTEM_USER = "postgres";
    private static final Duration USER_SETUP_TIMEOUT = Duration.ofMinutes(1);

    private final boolean systemUser;

    private ServerUser(final boolean systemUser) {
        this.systemUser = systemUser;
    }

    /** The user for this JVM: {@code postgres} through runuser when the JVM runs as root, the JVM's own user otherwise. */
    static ServerUser forThisJvm() throws IOException {
        if (new UnixSystem().getUid() != 0) {
            return new ServerUser(false);
        }
        ensureSystemUserExists();
        return new ServerUser(true);
    }

    /** A short description for log and failure messages. */
    String describe() {
        return systemUser ? "user " + SYSTEM_USER + " (through runuser: this JVM runs as root)" : "this JVM's user";
    }

    /** Makes the (empty) directory the server's own: it creates its data directory and log there. */
    void handOver(final Path directory) throws IOException {
        if (!systemUser) {
            return;
        }
        final UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        Files.setOwner(directory, lookup.lookupPrincipalByName(SYSTEM_USER));
        try {
            final GroupPrincipal group = lookup.lookupPrincipalByGroupName(SYSTEM_USER);
            Files.getFileAttributeView(directory, PosixFileAttributeView.class).setGroup(group);
        } catch (final UserPrincipalNotFoundException noSuchGroup) {
            // the owner is what PostgreSQL checks; a group of the same name is only tidier
        }
    }

    /** Whether the server's user can search (traverse) the directory: as root, a build under /root may be out of reach. */
    boolean canReach(final Path directory) throws IOException {
        if (!systemUser) {
            return true;
        }
        final Process process = new ProcessBuilder(command(List.of("test", "-x", directory.toString())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return exitCode(process, USER_SETUP_TIMEOUT) == 0;
    }

    /**
     * Runs a program as this user in {@code workingDirectory}, its output going to {@code output} (a file, not a pipe:
     * pg_ctl leaves the server running with inherited descriptors, so a pipe would never reach end of stream).
     *
     * @throws IOException with the command, exit code and output when it fails or outlives {@code timeout}
     */
    void run(final List<String> program, final Path workingDirectory, final Path output, final Duration timeout) throws IOException {
        final List<String> command = command(program);
        final ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // Messages in English and no dependency on the machine's locales
        builder.environment().put("LC_ALL", "C");
        final int exitCode = exitCode(builder.start(), timeout);
        if (exitCode != 0) {
            throw new IOException(String.join(" ", command) + (exitCode < 0 ? " did not finish within " + timeout
                    : " failed with exit code " + exitCode) + "; its output (" + output + "):" + System.lineSeparator()
                    + FileTrees.tail(output, 40));
        }
    }

    private List<String> command(final List<String> program) {
        if (!systemUser) {
            return program;
        }
        final List<String> command = new ArrayList<>(List.of("runuser", "-u", SYSTEM_USER, "--"));
        command.addAll(program);
        return command;
    }

    /** The exit code, or -1 after killing a process that outlived the timeout. */
    private static int exitCode(final Process process, final Duration timeout) throws IOException {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            process.destroyForcibly();
            return -1;
        } catch (final InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for " + process.info().commandLine().orElse("a process"), e);
        }
    }

    private static void ensureSystemUserExists() throws IOException {
        if (systemUserExists()) {
            return;
        }
        // No home directory and no login shell: the user only owns the test server's files
        final Process process = new ProcessBuilder("useradd", "--system", "--user-group", "--no-create-home",
                "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", SYSTEM_USER)
                .redirectErrorStream(true)
                .start();
        final String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final int exitCode = exitCode(process, USER_SETUP_TIMEOUT);
        // another JVM may have created it in the meantime: what counts is that it exists now
        if (!systemUserExists()) {
            throw new IOException("PostgreSQL refuses to run as root and the system user " + SYSTEM_USER
                    + " does not exist; useradd failed with exit code " + exitCode + ": " + output.strip());
        }
    }

    private static boolean systemUserExists() throws IOException {
        try {
            final UserPrincipal user = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(SYSTEM_USER);
            return user != null;
        } catch (final UserPrincipalNotFoundException e) {
            return false;
        }
    }
}
