package dev.nificrm.systemtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A NiFi started beside another one from the same assembly finds the NARs the other has unpacked linked into its own
 * home ({@code NiFiServer.linkUnpacked}): the same files (hard links), only for a NAR both homes hold as the same file, and
 * never over what the home has unpacked itself.
 */
class LinkedUnpackedNarsTest {
    @TempDir
    Path homes;

    @Test
    void theNarsTheOtherHomeUnpackedAreLinkedWhereBothInstalledTheSameFile() throws IOException {
        final Path other = homes.resolve("system-tests");
        final Path home = homes.resolve("second");
        install(other, home, "lib", "nifi-framework-nar-2.3.0.nar");
        install(other, home, "extensions", "nifi-crm-nar-0.1.0-SNAPSHOT.nar");
        final Path framework = unpack(other, "framework", "nifi-framework-nar-2.3.0.nar");
        final Path crm = unpack(other, "extensions", "nifi-crm-nar-0.1.0-SNAPSHOT.nar");

        assertEquals(2, NiFiServer.linkUnpacked(other, home));

        for (final Path unpacked : new Path[] {framework, crm}) {
            final Path linked = home.resolve(other.relativize(unpacked).toString());
            for (final String file : new String[] {"nar-digest", "NAR-INF/bundled-dependencies/a.jar"}) {
                assertEquals(Files.readString(unpacked.resolve(file)), Files.readString(linked.resolve(file)));
                assertEquals(fileKey(unpacked.resolve(file)), fileKey(linked.resolve(file)), "a hard link, not a copy: " + linked.resolve(file));
            }
        }
    }

    @Test
    void aNarInstalledDifferentlyOrAlreadyUnpackedIsLeftToNiFi() throws IOException {
        final Path other = homes.resolve("system-tests");
        final Path home = homes.resolve("crash-recovery");
        install(other, home, "lib", "nifi-framework-nar-2.3.0.nar");
        install(other, home, "lib", "nifi-dbcp-service-nar-2.3.0.nar");
        install(other, home, "extensions", "nifi-crm-nar-0.1.0-SNAPSHOT.nar");
        unpack(other, "framework", "nifi-framework-nar-2.3.0.nar");
        unpack(other, "extensions", "nifi-dbcp-service-nar-2.3.0.nar");
        unpack(other, "extensions", "nifi-crm-nar-0.1.0-SNAPSHOT.nar");
        unpack(other, "extensions", "nifi-jetty-nar-2.3.0.nar");
        // a rebuilt NAR: installed in the other home before it changed
        Files.setLastModifiedTime(home.resolve("extensions").resolve("nifi-crm-nar-0.1.0-SNAPSHOT.nar"), FileTime.fromMillis(1_000_000));
        // unpacked in this home already
        final Path own = unpack(home, "framework", "nifi-framework-nar-2.3.0.nar");
        Files.writeString(own.resolve("nar-digest"), "this home's own");

        assertEquals(1, NiFiServer.linkUnpacked(other, home), "the DBCP NAR only");

        assertEquals("this home's own", Files.readString(own.resolve("nar-digest")));
        assertEquals(fileKey(other.resolve("work/nar/extensions/nifi-dbcp-service-nar-2.3.0.nar-unpacked/nar-digest")),
                fileKey(home.resolve("work/nar/extensions/nifi-dbcp-service-nar-2.3.0.nar-unpacked/nar-digest")));
        assertFalse(Files.exists(home.resolve("work/nar/extensions/nifi-crm-nar-0.1.0-SNAPSHOT.nar-unpacked")), "changed since: NiFi unpacks it");
        assertFalse(Files.exists(home.resolve("work/nar/extensions/nifi-jetty-nar-2.3.0.nar-unpacked")), "not installed in this home");
    }

    /** The same NAR in both homes, as {@code NiFiServer.install} leaves it (copied with its modification time). */
    private static void install(final Path other, final Path home, final String directory, final String nar) throws IOException {
        final Path installed = Files.createDirectories(other.resolve(directory)).resolve(nar);
        Files.writeString(installed, "the NAR " + nar);
        Files.setLastModifiedTime(installed, FileTime.fromMillis(2_000_000));
        Files.copy(installed, Files.createDirectories(home.resolve(directory)).resolve(nar), StandardCopyOption.COPY_ATTRIBUTES);
    }

    /** A NAR as NiFi unpacks it under work/nar/{framework,extensions}: its digest and its jars. */
    private static Path unpack(final Path home, final String directory, final String nar) throws IOException {
        final Path unpacked = Files.createDirectories(home.resolve("work/nar").resolve(directory).resolve(nar + "-unpacked"));
        Files.writeString(unpacked.resolve("nar-digest"), "digest of " + nar);
        Files.writeString(Files.createDirectories(unpacked.resolve("NAR-INF/bundled-dependencies")).resolve("a.jar"), "a jar of " + nar);
        return unpacked;
    }

    private static Object fileKey(final Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
}
