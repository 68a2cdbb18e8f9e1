package dev.nificrm.systemtest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The files NiFi's PutFile has finished writing below a directory. PutFile writes a hidden {@code .name} first and
 * renames it when complete: such names are skipped before they are looked at, and an entry gone between listing the
 * directory and reading its attributes is skipped too, so a rename while the test reads the directory is not an error
 * ({@code Files.walk} reads every entry's attributes and fails on one renamed meanwhile).
 */
final class FinishedFiles {
    private FinishedFiles() {
    }

    /** The finished regular files below {@code root}, in every subdirectory, sorted by path; none when it does not exist. */
    static List<Path> below(final Path root) throws IOException {
        final List<Path> files = new ArrayList<>();
        collect(root, files, false);
        files.sort(null);
        return files;
    }

    /**
     * How many regular files lie below {@code root}, those PutFile is still writing under a hidden name included (for
     * checks that nothing was filed at all); 0 when it does not exist.
     */
    static int countWithUnfinished(final Path root) throws IOException {
        final List<Path> files = new ArrayList<>();
        collect(root, files, true);
        return files.size();
    }

    private static void collect(final Path directory, final List<Path> files, final boolean unfinishedToo) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (final Path entry : entries) {
                if (!unfinishedToo && entry.getFileName().toString().startsWith(".")) {
                    continue;
                }
                final BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                } catch (final NoSuchFileException gone) {
                    continue;
                }
                if (attributes.isDirectory()) {
                    collect(entry, files, unfinishedToo);
                } else if (attributes.isRegularFile()) {
                    files.add(entry);
                }
            }
        } catch (final NoSuchFileException gone) {
            // the directory is not there (yet), or was removed while it was read
        }
    }
}
