package dev.nificrm.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A fresh cluster made once by initdb under a server root ({@code cluster-<key>/data}, next to the unpacked binaries)
 * and copied ({@code cp -a}, as the server's user) into the data directory of each server started there: initdb runs
 * PostgreSQL's bootstrap in single-user mode (1-4.6 s on the 2-core machine under load), a copy of its 40 MB result
 * takes a fraction of that. The key is a digest of initdb's real path, size and modification time and of initdb's
 * options, so binaries unpacked again (from another jar) or another installation get a template of their own.
 * Every server gets its own copy: no server's files are shared with another's.
 */
final class ClusterTemplate {
    /** initdb's options besides {@code -D}: the superuser, trust authentication, UTF-8, locale C. */
    private static final List<String> INITDB_OPTIONS = List.of("-U", PostgresServer.USER, "-A", "trust", "-E", "UTF8", "--locale=C",
            "--no-sync", "--no-instructions");
    private static final String PREFIX = "cluster-";
    private static final System.Logger LOGGER = System.getLogger(ClusterTemplate.class.getName());

    private ClusterTemplate() {
    }

    /**
     * Copies the template of these binaries into {@code data} (which must not exist yet; its parent belongs to the
     * server's user), making the template first when there is none under {@code root}.
     *
     * @throws IOException with the failing command and its output (initdb's when the template could not be made)
     */
    static void copyInto(final Path root, final Path binaries, final ServerUser user, final Path data, final Duration timeout) throws IOException {
        final Path template = ensure(root, binaries, user, timeout);
        final Path directory = data.getParent();
        user.run(List.of("cp", "-a", template.resolve("data").toString(), data.toString()), directory,
                directory.resolve("copy-cluster.out"), timeout);
    }

    /**
     * The template's directory, made by initdb when missing. Safe against other JVMs (a file lock per key) and other
     * threads of this one; a template is renamed into place only once initdb has succeeded.
     */
    static synchronized Path ensure(final Path root, final Path binaries, final ServerUser user, final Duration timeout) throws IOException {
        final Path initdb = program(binaries);
        final String identity = initdb.toRealPath() + " " + Files.size(initdb) + " " + Files.getLastModifiedTime(initdb).toMillis()
                + " " + String.join(" ", INITDB_OPTIONS);
        final String name = PREFIX + key(identity);
        final Path template = root.resolve(name);
        if (Files.isDirectory(template.resolve("data"))) {
            return template;
        }
        try (FileChannel channel = FileChannel.open(root.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.isDirectory(template.resolve("data"))) {
                return template;
            }
            final long startNanos = System.nanoTime();
            final Path staging = root.resolve(name + ".initdb");
            FileTrees.delete(staging);
            Files.createDirectories(staging);
            user.handOver(staging);
            final List<String> command = new ArrayList<>(List.of(initdb.toString(), "-D", staging.resolve("data").toString()));
            command.addAll(INITDB_OPTIONS);
            user.run(command, staging, staging.resolve("initdb.out"), timeout);
            Files.writeString(staging.resolve("made-from"), identity + System.lineSeparator(), StandardCharsets.UTF_8);
            Files.move(staging, template, StandardCopyOption.ATOMIC_MOVE);
            LOGGER.log(System.Logger.Level.INFO, "initdb made the cluster that servers under {0} copy, in {1} ms: {2}", root,
                    Long.toString(Duration.ofNanos(System.nanoTime() - startNanos).toMillis()), template);
        }
        return template;
    }

    private static Path program(final Path binaries) {
        return binaries.resolve("bin").resolve("initdb");
    }

    private static String key(final String identity) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
