package dev.nificrm.benchmarks;

import dev.nificrm.store.EntityStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Fingerprints of the store code on the class path (the nifi-crm-processors jar or its classes directory), so a kept
 * benchmark store is never reused under a schema it was not created with: {@link #schema()} covers the store's
 * migrations (a kept store is reloaded when they change), {@link #code()} the classes that decide what is stored
 * (store, match and roles packages; a kept store loaded by other code is reused with a warning, since most changes
 * there change speed, not content).
 */
final class CodeFingerprint {
    private static final String STORE = "dev/nificrm/store/";
    private static final List<String> CODE = List.of(STORE, "dev/nificrm/match/", "dev/nificrm/roles/");

    private CodeFingerprint() {
    }

    /** The SHA-256 of the store's SQL migrations, by name and content. */
    static String schema() {
        return fingerprint(name -> name.startsWith(STORE) && name.endsWith(".sql"));
    }

    /** The SHA-256 of the classes and resources of the store, match and roles packages. */
    static String code() {
        return fingerprint(name -> CODE.stream().anyMatch(name::startsWith));
    }

    /**
     * The fingerprints {@link #schema()} had before the newest migrations of either database were added (each database's
     * migrations up to a version below its newest, the other's up to any): a kept store created by such a schema is migrated
     * by the store itself when a working copy of it is opened, and its copies serve a run as a store of this schema would.
     */
    static Set<String> earlierSchemas() {
        final Map<String, byte[]> contents = contents(name -> name.startsWith(STORE) && name.endsWith(".sql"));
        final Map<String, Integer> newest = new TreeMap<>();
        contents.keySet().forEach(name -> newest.merge(folder(name), version(name), Math::max));
        final List<String> folders = List.copyOf(newest.keySet());
        final Set<String> earlier = new LinkedHashSet<>();
        final int[] upTo = new int[folders.size()];
        collect(contents, folders, newest, upTo, 0, earlier);
        earlier.remove(digest(contents));
        return earlier;
    }

    private static void collect(final Map<String, byte[]> contents, final List<String> folders, final Map<String, Integer> newest,
                                final int[] upTo, final int folder, final Set<String> fingerprints) {
        if (folder == folders.size()) {
            final Map<String, byte[]> prefix = new TreeMap<>();
            contents.forEach((name, bytes) -> {
                if (version(name) <= upTo[folders.indexOf(folder(name))]) {
                    prefix.put(name, bytes);
                }
            });
            fingerprints.add(digest(prefix));
            return;
        }
        for (int version = newest.get(folders.get(folder)); version >= 1; version--) {
            upTo[folder] = version;
            collect(contents, folders, newest, upTo, folder + 1, fingerprints);
        }
    }

    private static String folder(final String name) {
        return name.substring(0, name.lastIndexOf('/'));
    }

    /** The version of a migration named {@code V<version>__<what>.sql}. */
    private static int version(final String name) {
        final String file = name.substring(name.lastIndexOf('/') + 1);
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }

    private static String fingerprint(final Predicate<String> included) {
        return digest(contents(included));
    }

    private static Map<String, byte[]> contents(final Predicate<String> included) {
        final Map<String, byte[]> contents = new TreeMap<>();
        final Path location = location();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    for (final Path file : files.filter(Files::isRegularFile).toList()) {
                        final String name = location.relativize(file).toString().replace('\\', '/');
                        if (included.test(name)) {
                            contents.put(name, Files.readAllBytes(file));
                        }
                    }
                }
            } else {
                try (ZipFile jar = new ZipFile(location.toFile())) {
                    final Enumeration<? extends ZipEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        final ZipEntry entry = entries.nextElement();
                        if (!entry.isDirectory() && included.test(entry.getName())) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                contents.put(entry.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not read the store code at " + location, e);
        }
        if (contents.isEmpty()) {
            throw new IllegalStateException("No store code found at " + location);
        }
        return contents;
    }

    private static String digest(final Map<String, byte[]> contents) {
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (final Map.Entry<String, byte[]> content : contents.entrySet()) {
                digest.update(content.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update(content.getValue());
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static Path location() {
        try {
            return Path.of(EntityStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException("The store code is not in a file: " + e.getMessage(), e);
        }
    }
}
